// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypervisor timers. Each CPU keeps its active timers in a binary
 * min-heap ordered by expiry, guarded by that CPU's timer lock (irq-safe,
 * since set_timer may be called from interrupt context). The one-shot
 * hardware timer is always programmed for the heap's head. The timer
 * interrupt only raises TIMER_SOFTIRQ; expired timers run from the
 * softirq with the lock dropped, so a handler may re-arm its own timer.
 *
 * set_timer() cannot fail, because guests reach it (SCHEDOP_poll,
 * VCPUOP_set_singleshot_timer, set_timer_op...) and a timer the caller
 * believes set must fire. When the heap is full and no memory is left to
 * grow it, the timer goes on the CPU's overflow list instead, a plain
 * unsorted list the softirq also scans; each softirq run tries the
 * growth again and moves what fits back into the heap (Xen does the
 * same, with its own list). The heap and the queue built on it (heap,
 * list, growth, refill) touch no lock or hardware, so tests/unit runs
 * them with an allocator that fails on demand.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

#define HEAP_INITIAL 64

/* --- The heap itself (no locking, no hardware: host-testable). --- */

static void heap_swap(struct timer_heap *h, unsigned int a, unsigned int b)
{
	struct timer *t = h->heap[a];

	h->heap[a] = h->heap[b];
	h->heap[b] = t;
	h->heap[a]->heap_offset = a;
	h->heap[b]->heap_offset = b;
}

static void sift_up(struct timer_heap *h, unsigned int i)
{
	while (i > 1 && h->heap[i]->expires < h->heap[i / 2]->expires) {
		heap_swap(h, i, i / 2);
		i /= 2;
	}
}

static void sift_down(struct timer_heap *h, unsigned int i)
{
	for (;;) {
		unsigned int l = 2 * i, r = l + 1, m = i;

		if (l <= h->nr && h->heap[l]->expires < h->heap[m]->expires)
			m = l;
		if (r <= h->nr && h->heap[r]->expires < h->heap[m]->expires)
			m = r;
		if (m == i)
			return;
		heap_swap(h, i, m);
		i = m;
	}
}

/* Add an inactive timer: 0, or -ENOSPC if the heap is full. */
int timer_heap_add(struct timer_heap *h, struct timer *t)
{
	if (h->nr + 1 >= h->size)
		return -ENOSPC;
	h->heap[++h->nr] = t;
	t->heap_offset = h->nr;
	sift_up(h, h->nr);
	return 0;
}

void timer_heap_remove(struct timer_heap *h, struct timer *t)
{
	unsigned int i = t->heap_offset;

	BUG_ON(i == 0 || i > h->nr || h->heap[i] != t);
	t->heap_offset = 0;
	if (i == h->nr) {
		h->nr--;
		return;
	}
	h->heap[i] = h->heap[h->nr--];
	h->heap[i]->heap_offset = i;
	/* The moved entry may belong above or below slot i; at most one moves it. */
	sift_up(h, i);
	sift_down(h, i);
}

struct timer *timer_heap_first(const struct timer_heap *h)
{
	return h->nr ? h->heap[1] : NULL;
}

/*
 * --- A CPU's queue: the heap, grown on demand, and the overflow list
 * for what the heap cannot take (no locking, no hardware: host-testable;
 * the caller holds the CPU's timer lock). ---
 */

struct timer_queue {
	struct timer_heap heap;
	struct timer *overflow; /* timers the heap had no room for, unsorted */
};

/* CPU0's first heap: timers are set before the allocators run. */
static struct timer *cpu0_heap_storage[HEAP_INITIAL];

/* Double the heap (0 or -ENOMEM, the heap unchanged). */
static int heap_grow(struct timer_heap *h)
{
	unsigned int size = h->size * 2;
	struct timer **n = xzalloc_array(struct timer *, size);

	if (!n)
		return -ENOMEM;
	memcpy(n, h->heap, sizeof(*n) * (h->nr + 1));
	if (h->heap != cpu0_heap_storage)
		xfree(h->heap); /* a secondary CPU's first heap is xmalloc'ed too */
	h->heap = n;
	h->size = size;
	return 0;
}

static void overflow_add(struct timer_queue *q, struct timer *t)
{
	t->in_overflow = true;
	t->overflow_next = q->overflow;
	q->overflow = t;
}

static void overflow_remove(struct timer_queue *q, struct timer *t)
{
	struct timer **pp;

	for (pp = &q->overflow; *pp != t; pp = &(*pp)->overflow_next)
		BUG_ON(!*pp);
	*pp = t->overflow_next;
	t->in_overflow = false;
	t->overflow_next = NULL;
}

/* Take @t off whichever queue it is on (none is fine). */
static void timer_dequeue(struct timer_queue *q, struct timer *t)
{
	if (t->heap_offset)
		timer_heap_remove(&q->heap, t);
	else if (t->in_overflow)
		overflow_remove(q, t);
}

/* Queue inactive @t: in the heap, grown if need be, else on the overflow list. Never fails. */
static void timer_enqueue(struct timer_queue *q, struct timer *t)
{
	if (timer_heap_add(&q->heap, t) &&
	    (heap_grow(&q->heap) || timer_heap_add(&q->heap, t)))
		overflow_add(q, t);
}

/* The earliest pending timer, heap or overflow list; NULL if none. */
static struct timer *timer_earliest(const struct timer_queue *q)
{
	struct timer *first = timer_heap_first(&q->heap), *t;

	for (t = q->overflow; t; t = t->overflow_next)
		if (!first || t->expires < first->expires)
			first = t;
	return first;
}

/* Back into the heap while it has room or can grow; the rest stay listed. */
static void timer_refill(struct timer_queue *q)
{
	struct timer *t;

	while ((t = q->overflow) != NULL) {
		overflow_remove(q, t);
		timer_enqueue(q, t);
		if (t->in_overflow)
			break;
	}
}

#ifndef __UNIT_TEST__
/* --- Per-CPU timer queues. --- */

struct timers {
	spinlock_t lock;
	/* Guarded by lock: */
	struct timer_queue q;
	struct timer *running;
};

static DEFINE_PER_CPU(struct timers, timers);

static void program_head(struct timers *ts)
{
	struct timer *first = timer_earliest(&ts->q);

	reprogram_timer(first ? first->expires : 0);
}

void init_timer(struct timer *t, void (*fn)(void *), void *data,
		unsigned int cpu)
{
	memset(t, 0, sizeof(*t));
	t->function = fn;
	t->data = data;
	t->cpu = cpu;
}

bool timer_is_active(const struct timer *t)
{
	return t->heap_offset != 0 || t->in_overflow;
}

void set_timer(struct timer *t, s_time_t expires)
{
	struct timers *ts = &per_cpu(timers, t->cpu);
	unsigned long flags;

	spin_lock_irqsave(&ts->lock, flags);
	BUG_ON(t->killed);
	timer_dequeue(&ts->q, t);
	t->expires = expires;
	timer_enqueue(&ts->q, t);
	if (timer_earliest(&ts->q) == t) {
		if (t->cpu == smp_processor_id())
			program_head(ts);
		else
			cpu_raise_softirq(t->cpu, TIMER_SOFTIRQ); /* it reprograms there */
	}
	spin_unlock_irqrestore(&ts->lock, flags);
}

void stop_timer(struct timer *t)
{
	struct timers *ts = &per_cpu(timers, t->cpu);
	unsigned long flags;

	spin_lock_irqsave(&ts->lock, flags);
	timer_dequeue(&ts->q, t);
	spin_unlock_irqrestore(&ts->lock, flags);
}

/* Stop @t for good; waits if its handler is running elsewhere. */
void kill_timer(struct timer *t)
{
	struct timers *ts = &per_cpu(timers, t->cpu);
	unsigned long flags;

	spin_lock_irqsave(&ts->lock, flags);
	timer_dequeue(&ts->q, t);
	t->killed = true;
	while (ts->running == t && t->cpu != smp_processor_id()) {
		spin_unlock_irqrestore(&ts->lock, flags);
		cpu_lock_relax();
		spin_lock_irqsave(&ts->lock, flags);
	}
	spin_unlock_irqrestore(&ts->lock, flags);
}

static void timer_softirq_action(void)
{
	struct timers *ts = &this_cpu(timers);
	struct timer *t;
	unsigned long flags;

	spin_lock_irqsave(&ts->lock, flags);
	timer_refill(&ts->q);
	while ((t = timer_earliest(&ts->q)) && t->expires <= NOW()) {
		timer_dequeue(&ts->q, t);
		ts->running = t;
		spin_unlock_irqrestore(&ts->lock, flags);
		t->function(t->data);
		spin_lock_irqsave(&ts->lock, flags);
		ts->running = NULL;
	}
	program_head(ts);
	spin_unlock_irqrestore(&ts->lock, flags);
}

/* Called from the local timer interrupt. */
void timer_interrupt(void);
void timer_interrupt(void)
{
	raise_softirq(TIMER_SOFTIRQ);
}

void timer_dump(void)
{
	struct timers *ts = &this_cpu(timers);
	struct timer *t;
	unsigned long flags;
	unsigned int i;
	s_time_t now = NOW();

	spin_lock_irqsave(&ts->lock, flags);
	printk("Timers on CPU%u at %ld ns (%u in the heap):\n", smp_processor_id(),
	       (long)now, ts->q.heap.nr);
	for (i = 1; i <= ts->q.heap.nr; i++) {
		t = ts->q.heap.heap[i];
		printk("  ex=%+ld ns fn=%ps data=%p\n", (long)(t->expires - now),
		       (void *)t->function, t->data);
	}
	for (t = ts->q.overflow; t; t = t->overflow_next)
		printk("  ex=%+ld ns fn=%ps data=%p (overflow list)\n", (long)(t->expires - now),
		       (void *)t->function, t->data);
	spin_unlock_irqrestore(&ts->lock, flags);
}

/* A secondary CPU's heap, before anything can set a timer on it (0 or -ENOMEM). */
int timer_init_cpu(unsigned int cpu)
{
	struct timers *ts = &per_cpu(timers, cpu);

	spin_lock_init(&ts->lock);
	ts->q.heap.heap = xzalloc_array(struct timer *, HEAP_INITIAL);
	if (!ts->q.heap.heap)
		return -ENOMEM;
	ts->q.heap.size = HEAP_INITIAL;
	ts->q.heap.nr = 0;
	return 0;
}

void timer_init(void)
{
	struct timers *ts = &this_cpu(timers);

	spin_lock_init(&ts->lock);
	ts->q.heap.heap = cpu0_heap_storage;
	ts->q.heap.size = HEAP_INITIAL;
	ts->q.heap.nr = 0;
	open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
}
#endif /* __UNIT_TEST__ */
