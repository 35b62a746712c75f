/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Deferred work raised from interrupt context and run with interrupts
 * enabled, from the idle loop (and, later, on every return to a guest).
 */
#ifndef XEN_SOFTIRQ_H
#define XEN_SOFTIRQ_H

enum {
	TIMER_SOFTIRQ,
	NMI_SOFTIRQ,
	PIRQ_SOFTIRQ,     /* device interrupts to their guests (arch/x86/irq.c) */
	SCHEDULE_SOFTIRQ, /* last: the others run first, then maybe a context switch */
	NR_SOFTIRQS
};

void open_softirq(unsigned int nr, void (*handler)(void));
void raise_softirq(unsigned int nr);
/* Raise @nr on @cpu; another CPU gets an event-check IPI so it runs it soon. */
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
void do_softirq(void);
bool softirq_pending(void);

#endif /* XEN_SOFTIRQ_H */
