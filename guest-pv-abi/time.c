// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvclock and wallclock readers (guest/time.h): copy the fields while
 * the version is even and unchanged, then scale the TSC delta exactly as
 * the ABI says, (delta << shift or >> -shift) * mul >> 32 in 96 bits.
 */
#include <guest/event.h>
#include <guest/lib.h>
#include <guest/time.h>

static inline uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;

	/* lfence: the TSC is read after the version, not speculated before it. */
	asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t scale(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t pvclock_read_info(const volatile vcpu_time_info_t *t)
{
	uint32_t version;
	uint64_t ns;

	do {
		version = t->version;
		asm volatile("" ::: "memory");
		ns = t->system_time + scale(rdtsc_ordered() - t->tsc_timestamp, t->tsc_to_system_mul,
					    t->tsc_shift);
		asm volatile("" ::: "memory");
	} while ((version & 1) || version != t->version);
	return ns;
}

uint64_t pvclock_read(void)
{
	return pvclock_read_info(&evtchn_vcpu_info()->time);
}

uint64_t pvclock_tsc_khz(void)
{
	const volatile vcpu_time_info_t *t = &evtchn_vcpu_info()->time;
	uint64_t khz = ((uint64_t)1000000 << 32) / t->tsc_to_system_mul;

	return t->tsc_shift < 0 ? khz << -t->tsc_shift : khz >> t->tsc_shift;
}

void wallclock_read(uint64_t *sec, uint32_t *nsec)
{
	const volatile shared_info_t *s = shared_info();
	uint32_t version;

	do {
		version = s->wc_version;
		asm volatile("" ::: "memory");
		*sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
		*nsec = s->wc_nsec;
		asm volatile("" ::: "memory");
	} while ((version & 1) || version != s->wc_version);
}
