/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor timers: a callback to run at or after a deadline (ns since
 * boot) on one CPU. Each CPU keeps its pending timers in a min-heap and
 * programs its one-shot APIC timer for the earliest; expired timers run
 * from TIMER_SOFTIRQ with interrupts enabled. A timer's function may
 * re-arm it. Setting a timer never fails: when the heap is full and
 * cannot grow, the timer waits on an unsorted overflow list (as in Xen),
 * and fires from there all the same.
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <xen/types.h>

struct timer {
	/* Guarded by the owning CPU's timer lock: */
	s_time_t expires;
	unsigned int heap_offset; /* 1-based index in the heap, 0 = inactive */
	unsigned int cpu;
	void (*function)(void *data);
	void *data;
	bool killed;
	bool in_overflow;          /* on the CPU's overflow list (heap full, no memory to grow) */
	struct timer *overflow_next;
};

void init_timer(struct timer *t, void (*fn)(void *), void *data,
		unsigned int cpu);
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
void kill_timer(struct timer *t);
bool timer_is_active(const struct timer *t);

void timer_init(void);
/* A secondary CPU's timer heap (0 or -ENOMEM), before it joins the scheduler. */
int timer_init_cpu(unsigned int cpu);
void timer_dump(void);

/*
 * The heap on its own, host-testable: a min-heap of timer pointers by
 * expiry. heap[0] unused; entries 1..nr.
 */
struct timer_heap {
	struct timer **heap;
	unsigned int nr, size;
};

/* 0, or -ENOSPC when the heap is full. */
int timer_heap_add(struct timer_heap *h, struct timer *t);
void timer_heap_remove(struct timer_heap *h, struct timer *t);
struct timer *timer_heap_first(const struct timer_heap *h);

#endif /* XEN_TIMER_H */
