// SPDX-License-Identifier: GPL-2.0-only
/*
 * Softirqs: per-CPU pending bits set from interrupt context and handled
 * later with interrupts enabled. Handlers run in bit order; a handler may
 * raise softirqs again, which the loop picks up.
 */
#include <asm/processor.h>
#include <asm/smp.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/softirq.h>

static void (*handlers[NR_SOFTIRQS])(void);
static DEFINE_PER_CPU(unsigned long, softirq_pending_mask);

void open_softirq(unsigned int nr, void (*handler)(void))
{
	BUG_ON(nr >= NR_SOFTIRQS);
	handlers[nr] = handler;
}

void raise_softirq(unsigned int nr)
{
	__atomic_fetch_or(&this_cpu(softirq_pending_mask), 1UL << nr, __ATOMIC_SEQ_CST);
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
	unsigned long old = __atomic_fetch_or(&per_cpu(softirq_pending_mask, cpu), 1UL << nr,
					      __ATOMIC_SEQ_CST);

	/* Already pending there: it is being (or about to be) looked at. */
	if (cpu != smp_processor_id() && !(old & (1UL << nr)))
		smp_send_event_check_mask(cpumask_of(cpu));
}

bool softirq_pending(void)
{
	return ACCESS_ONCE(this_cpu(softirq_pending_mask)) != 0;
}

void do_softirq(void)
{
	unsigned long pending;

	while ((pending = __atomic_exchange_n(&this_cpu(softirq_pending_mask), 0,
					      __ATOMIC_SEQ_CST))) {
		unsigned int nr;

		for (nr = 0; nr < NR_SOFTIRQS; nr++)
			if ((pending & (1UL << nr)) && handlers[nr])
				handlers[nr]();
	}
}
