// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tick scaling (common/time.c, xen/time.h): for counter rates from 1 MHz
 * to 10 GHz, converting in both directions stays within 1 ppm plus one
 * unit, and mul_frac uses its full 32 bits (so precision is not lost).
 */
#include "unit.h"
#include "hv-begin.h"
#include "../../xen-like/common/time.c"
#include "hv-end.h"

int main(void)
{
	static const uint64_t rates[] = { 1000000ULL, 1193182ULL, 14318180ULL, 999999999ULL,
					  1000000000ULL, 1000000001ULL, 2599471000ULL,
					  3000000000ULL, 4294967296ULL, 10000000000ULL };
	static const uint64_t deltas[] = { 0, 1, 1000, 123456789ULL, 1000000000000ULL };
	unsigned int i, j;

	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		struct time_scale to_ns, from_ns;

		set_time_scale(&to_ns, rates[i], 1000000000ULL);
		set_time_scale(&from_ns, 1000000000ULL, rates[i]);
		CHECK(to_ns.mul_frac >= 0x80000000U, "rate %llu: mul_frac %#x uses < 32 bits",
		      (unsigned long long)rates[i], to_ns.mul_frac);
		for (j = 0; j < sizeof(deltas) / sizeof(deltas[0]); j++) {
			long double exact = (long double)deltas[j] * 1e9L / rates[i];
			long double got = scale_delta(deltas[j], &to_ns);
			long double err = got > exact ? got - exact : exact - got;

			CHECK(err <= exact / 1e6L + 1, "rate %llu, %llu ticks: expected %.0Lf ns, got %.0Lf",
			      (unsigned long long)rates[i], (unsigned long long)deltas[j], exact, got);
			exact = (long double)deltas[j] * rates[i] / 1e9L;
			got = scale_delta(deltas[j], &from_ns);
			err = got > exact ? got - exact : exact - got;
			CHECK(err <= exact / 1e6L + 1, "rate %llu, %llu ns: expected %.0Lf ticks, got %.0Lf",
			      (unsigned long long)rates[i], (unsigned long long)deltas[j], exact, got);
		}
	}
	return unit_report("time");
}
