/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for the TLB-flush header: one CPU, whose flushes are
 * counted (unit_nr_flushes) and bump the clock as the real ones do.
 */
#ifndef ASM_FLUSHTLB_H
#define ASM_FLUSHTLB_H

#include <stdint.h>

static uint64_t tlbflush_clock __attribute__((unused));
static unsigned int unit_nr_flushes __attribute__((unused));

static inline void flush_tlb_local(void)
{
	unit_nr_flushes++;
	tlbflush_clock++;
}

static inline uint64_t tlbflush_current_time(void)
{
	return tlbflush_clock;
}

/* The real one flushes each CPU whose last flush is not later than @stamp. */
static inline void flush_tlb_if_stale(uint64_t stamp)
{
	if (tlbflush_clock <= stamp)
		flush_tlb_local();
}

#endif /* ASM_FLUSHTLB_H */
