// SPDX-License-Identifier: GPL-2.0-only
/*
 * Architecture-neutral time arithmetic: the fixed-point scale used to turn
 * counter ticks into nanoseconds and back (the same form Xen publishes to
 * guests in vcpu_time_info). Host-testable.
 */
#include <xen/lib.h>
#include <xen/time.h>

/* floor(2^32 * num / den) for num < den, by long division (no libgcc). */
static uint32_t div_frac(uint64_t num, uint64_t den)
{
	uint32_t q = 0;
	unsigned int i;

	for (i = 0; i < 32; i++) {
		num <<= 1;
		q <<= 1;
		if (num >= den) {
			num -= den;
			q |= 1;
		}
	}
	return q;
}

/*
 * Bring @from_hz into (to_hz, 2 * to_hz] by shifting (counted in shift),
 * then mul_frac = to_hz * 2^32 / scaled rate, which is below 2^32. So
 * ticks * to_hz / from_hz == ((ticks << shift) * mul_frac) >> 32.
 */
void set_time_scale(struct time_scale *ts, uint64_t from_hz, uint64_t to_hz)
{
	uint64_t tps = from_hz;
	int shift = 0;

	BUG_ON(!from_hz || !to_hz || (to_hz >> 62));
	while (tps > 2 * to_hz) {
		tps >>= 1;
		shift--;
	}
	while (tps <= to_hz) {
		tps <<= 1;
		shift++;
	}
	ts->shift = shift;
	ts->mul_frac = div_frac(to_hz, tps);
}
