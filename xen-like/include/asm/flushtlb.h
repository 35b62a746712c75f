/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * TLB flushes on one CPU and across CPUs (arch/x86/smp.c).
 *
 * tlbflush_clock ticks at every full flush on any CPU, and each CPU
 * records the tick of its own last one (tlbflush_time). An event that
 * leaves stale translations behind (a frame's last writable mapping
 * dropped, a guest frame freed) takes a stamp of the clock; a CPU whose
 * last flush is not later than the stamp may still hold them, any other
 * cannot. Every context switch flushes fully, so the filter usually
 * leaves only the CPUs still running the domain concerned.
 */
#ifndef ASM_FLUSHTLB_H
#define ASM_FLUSHTLB_H

#include <asm/smp.h>
#include <xen/percpu.h>
#include <xen/types.h>

extern uint64_t tlbflush_clock;
DECLARE_PER_CPU(uint64_t, tlbflush_time);

static inline uint64_t tlbflush_current_time(void)
{
	return __atomic_load_n(&tlbflush_clock, __ATOMIC_SEQ_CST);
}

/* Flush this CPU's whole TLB, global entries included (guest user pages are global). */
void flush_tlb_local(void);
/* The CPUs of @mask whose last flush is not later than @stamp. */
cpumask_t tlbflush_filter(cpumask_t mask, uint64_t stamp);
/*
 * Flush every CPU in @mask fully (this one included, if set) and wait
 * until each has. Any context: a CPU asked answers from its interrupt
 * handler or from whatever wait loop it is spinning in.
 */
void flush_tlb_mask(cpumask_t mask);
/*
 * flush_tlb_mask() of every CPU that may hold a guest's translations and
 * has not flushed since @stamp.
 */
void flush_tlb_if_stale(uint64_t stamp);
/*
 * This CPU is about to load a guest's page tables (tlb_guest_enter), or
 * runs on the hypervisor's own and has flushed since it last ran a guest
 * (tlb_guest_leave): only the former can hold a stale guest translation.
 */
void tlb_guest_enter(void);
void tlb_guest_leave(void);

#endif /* ASM_FLUSHTLB_H */
