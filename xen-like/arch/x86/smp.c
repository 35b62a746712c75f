// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cross-CPU calls: the event-check IPI and TLB shootdowns.
 *
 * A shootdown is a request counter per target CPU: the requester bumps
 * the target's flush_req, sends INVALIDATE_TLB_VECTOR and waits until
 * the target's flush_done has caught up; the target flushes, then
 * publishes the request count it saw. Hypervisor code runs with
 * interrupts off, so the IPI alone could wait a long time (or forever,
 * if the target spins for a lock the requester holds): every wait loop
 * (cpu_lock_relax(): spinlocks, this file's own waits) answers pending
 * requests too. Two CPUs flushing each other therefore cannot deadlock,
 * and a flush may be requested with any lock held.
 */
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/flushtlb.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <xen/lib.h>
#include <xen/percpu.h>

uint64_t tlbflush_clock = 1;
/*
 * The CPUs that may hold a guest's translations: every CPU until it
 * first idles (the dom0 builder may have loaded a guest's tables), then
 * those between tlb_guest_enter() and tlb_guest_leave(). A CPU in its
 * idle loop flushed on the way in and has loaded only the hypervisor's
 * tables since: no frame freed meanwhile can be stale in its TLB, so
 * flush_tlb_if_stale() leaves it alone instead of waking it for nothing.
 */
static cpumask_t guest_tlb_cpus = ~(cpumask_t)0;
DEFINE_PER_CPU(uint64_t, tlbflush_time);
static DEFINE_PER_CPU(uint64_t, flush_req);  /* bumped by requesters */
static DEFINE_PER_CPU(uint64_t, flush_done); /* the flush_req value last served */

cpumask_t cpu_sched_map = 1; /* CPU 0 */

void flush_tlb_local(void)
{
	uint64_t t = __atomic_add_fetch(&tlbflush_clock, 1, __ATOMIC_SEQ_CST);
	unsigned long cr4 = read_cr4(), flags;

	local_irq_save(flags);
	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
	__atomic_store_n(&this_cpu(tlbflush_time), t, __ATOMIC_RELEASE);
	local_irq_restore(flags);
}

cpumask_t tlbflush_filter(cpumask_t mask, uint64_t stamp)
{
	unsigned int cpu;

	for_each_cpu(cpu, mask)
		if (__atomic_load_n(&per_cpu(tlbflush_time, cpu), __ATOMIC_ACQUIRE) > stamp)
			mask &= ~cpumask_of(cpu);
	return mask;
}

/* Serve a flush requested from this CPU, if any (interrupts off: one server at a time). */
static void flush_service(void)
{
	uint64_t req;
	unsigned long flags;

	local_irq_save(flags);
	req = __atomic_load_n(&this_cpu(flush_req), __ATOMIC_ACQUIRE);
	if (req != this_cpu(flush_done)) {
		flush_tlb_local();
		__atomic_store_n(&this_cpu(flush_done), req, __ATOMIC_RELEASE);
	}
	local_irq_restore(flags);
}

void cpu_lock_relax(void)
{
	cpu_relax();
	if (__atomic_load_n(&this_cpu(flush_req), __ATOMIC_RELAXED) !=
	    ACCESS_ONCE(this_cpu(flush_done)))
		flush_service();
}

static void send_ipi_mask(cpumask_t mask, unsigned int vector)
{
	unsigned long flags;
	unsigned int cpu;

	/* ICR2 then ICR: an interrupt in between must not send an IPI of its own. */
	local_irq_save(flags);
	for_each_cpu(cpu, mask)
		if (apic_send_ipi_raw(cpu_to_apicid(cpu), vector))
			printk(XENLOG_ERR "CPU%u: IPI %#x to CPU%u not accepted\n",
			       smp_processor_id(), vector, cpu);
	local_irq_restore(flags);
}

void flush_tlb_mask(cpumask_t mask)
{
	unsigned int me = smp_processor_id(), cpu;
	uint64_t want[NR_CPUS];

	if (mask & cpumask_of(me))
		flush_tlb_local();
	mask &= cpu_sched_map & ~cpumask_of(me);
	if (!mask)
		return;
	for_each_cpu(cpu, mask)
		want[cpu] = __atomic_add_fetch(&per_cpu(flush_req, cpu), 1, __ATOMIC_SEQ_CST);
	send_ipi_mask(mask, INVALIDATE_TLB_VECTOR);
	for_each_cpu(cpu, mask)
		while (__atomic_load_n(&per_cpu(flush_done, cpu), __ATOMIC_ACQUIRE) < want[cpu])
			cpu_lock_relax();
}

void flush_tlb_if_stale(uint64_t stamp)
{
	cpumask_t mask = cpu_sched_map & __atomic_load_n(&guest_tlb_cpus, __ATOMIC_SEQ_CST);

	flush_tlb_mask(tlbflush_filter(mask, stamp));
}

void tlb_guest_enter(void)
{
	/* Visible before the guest's tables load: a later requester includes us. */
	__atomic_fetch_or(&guest_tlb_cpus, cpumask_of(smp_processor_id()), __ATOMIC_SEQ_CST);
}

void tlb_guest_leave(void)
{
	__atomic_fetch_and(&guest_tlb_cpus, ~cpumask_of(smp_processor_id()), __ATOMIC_SEQ_CST);
}

void smp_send_event_check_mask(cpumask_t mask)
{
	mask &= cpu_sched_map & ~cpumask_of(smp_processor_id());
	if (mask)
		send_ipi_mask(mask, EVENT_CHECK_VECTOR);
}

bool smp_ipi_interrupt(unsigned int vector)
{
	switch (vector) {
	case EVENT_CHECK_VECTOR:
		/* Nothing to do here: the way out runs softirqs and delivers events. */
		ack_APIC_irq();
		return true;
	case INVALIDATE_TLB_VECTOR:
		ack_APIC_irq();
		flush_service();
		return true;
	default:
		return false;
	}
}
