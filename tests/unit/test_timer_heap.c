// SPDX-License-Identifier: GPL-2.0-only
/*
 * The timer min-heap (common/timer.c): the head is always the earliest
 * deadline under random adds and removes (including from the middle),
 * offsets stay consistent, and a full heap refuses instead of overflowing.
 *
 * A CPU's timer queue when memory runs out (what set_timer() does under
 * the lock, issue 21 finding 6): with every allocation failing, a full
 * heap cannot grow and every further timer still queues (the overflow
 * list), the earliest is found across both, removal works from either;
 * the refill moves listed timers into heap slots freed meanwhile with no
 * allocation, and once memory is back grows the heap (CPU0's static
 * first heap is never freed, a grown one is) and empties the list; the
 * timers then come out in deadline order, none lost.
 */
#include "unit.h"
#include "hv-begin.h"
#include "../../xen-like/common/string.c"
#include "../../xen-like/common/timer.c"
#include "hv-end.h"

/* The allocator timer.c grows its heap with: fails on demand, counts what is live. */
static bool alloc_fails;
static unsigned int allocs, live;

void *xzalloc_bytes(size_t size)
{
	void *p;

	allocs++;
	if (alloc_fails)
		return NULL;
	p = calloc(1, size);
	if (p)
		live++;
	return p;
}

void xfree(void *p)
{
	if (p)
		live--;
	free(p); /* CPU0's static heap here would be an ASan error */
}

#define N 500
static bool heap_ok(const struct timer_heap *h)
{
	unsigned int i;

	for (i = 1; i <= h->nr; i++) {
		if (h->heap[i]->heap_offset != i)
			return false;
		if (i > 1 && h->heap[i]->expires < h->heap[i / 2]->expires)
			return false;
	}
	return true;
}

#define NQ 300

static bool queued(const struct timer *t)
{
	return t->heap_offset || t->in_overflow;
}

/* The earliest queued of @t[0..@n) by brute force; NULL if none. */
static struct timer *brute_first(struct timer *t, unsigned int n)
{
	struct timer *f = NULL;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (queued(&t[i]) && (!f || t[i].expires < f->expires))
			f = &t[i];
	return f;
}

static unsigned int listed(const struct timer_queue *q)
{
	unsigned int n = 0;
	const struct timer *t;

	for (t = q->overflow; t; t = t->overflow_next)
		n++;
	return n;
}

static void test_queue_without_memory(void)
{
	static struct timer t[NQ];
	struct timer_queue q = { { cpu0_heap_storage, 0, HEAP_INITIAL }, NULL };
	struct timer *f;
	unsigned int i, n = 0, in_heap;
	s_time_t last = -1;

	alloc_fails = true;
	for (i = 0; i < NQ; i++) {
		t[i].expires = rand() % 100000;
		timer_enqueue(&q, &t[i]);
		CHECK(queued(&t[i]), "no memory: timer %u not queued", i);
	}
	in_heap = HEAP_INITIAL - 1;
	CHECK(q.heap.heap == cpu0_heap_storage && q.heap.size == HEAP_INITIAL,
	      "no memory: the heap changed (size %u)", q.heap.size);
	CHECK(q.heap.nr == in_heap, "no memory: %u in the heap, expected %u", q.heap.nr, in_heap);
	CHECK(listed(&q) == NQ - in_heap, "no memory: %u listed, expected %u", listed(&q),
	      NQ - in_heap);
	CHECK(allocs > 0, "no memory: the queue never tried to grow the heap");
	CHECK(heap_ok(&q.heap), "no memory: heap property");
	CHECK(timer_earliest(&q) == brute_first(t, NQ), "no memory: the earliest timer");

	/* Re-arming one on the list earlier than all makes it the earliest. */
	for (i = 0; i < NQ && !t[i].in_overflow; i++)
		;
	if (i == NQ) {
		CHECK(false, "no memory: no timer on the overflow list");
		return;
	}
	timer_dequeue(&q, &t[i]);
	CHECK(!queued(&t[i]), "a listed timer still queued after removal");
	t[i].expires = -1;
	timer_enqueue(&q, &t[i]);
	CHECK(timer_earliest(&q) == &t[i], "re-armed listed timer not the earliest");

	/* Take 20 out of the heap: the refill fills their slots with no allocation. */
	for (i = 0; i < 20; i++)
		timer_dequeue(&q, q.heap.heap[1 + rand() % q.heap.nr]);
	timer_refill(&q);
	CHECK(q.heap.nr == in_heap, "refill into free slots: %u in the heap, expected %u", q.heap.nr,
	      in_heap);
	CHECK(listed(&q) == NQ - 20 - in_heap, "refill into free slots: %u listed, expected %u",
	      listed(&q), NQ - 20 - in_heap);
	CHECK(heap_ok(&q.heap), "refill into free slots: heap property");
	CHECK(timer_earliest(&q) == brute_first(t, NQ), "refill: the earliest timer");

	/* Memory back: the heap grows (CPU0's storage kept), the list empties. */
	alloc_fails = false;
	timer_refill(&q);
	CHECK(q.heap.heap != cpu0_heap_storage && q.heap.size >= NQ,
	      "memory back: heap not grown (size %u)", q.heap.size);
	CHECK(!q.overflow && q.heap.nr == NQ - 20, "memory back: %u in the heap, %u listed", q.heap.nr,
	      listed(&q));
	CHECK(live == 1, "memory back: %u heap arrays live, expected 1", live);
	CHECK(heap_ok(&q.heap), "memory back: heap property");
	for (i = 0; i < NQ; i++)
		CHECK(!t[i].in_overflow, "memory back: timer %u still listed", i);

	while ((f = timer_earliest(&q))) {
		CHECK(f == brute_first(t, NQ) && f->expires >= last, "out of order at %u", n);
		last = f->expires;
		timer_dequeue(&q, f);
		n++;
	}
	CHECK(n == NQ - 20, "drained %u timers, expected %u", n, NQ - 20);
	xfree(q.heap.heap);
	CHECK(live == 0, "%u heap arrays leaked", live);
}

int main(void)
{
	static struct timer t[N];
	static struct timer *slots[N + 1];
	struct timer_heap h = { slots, 0, N + 1 };
	struct timer extra;
	unsigned int i, active = 0;
	s_time_t last = -1;

	srand(7);
	for (i = 0; i < N; i++) {
		t[i].expires = rand() % 1000;
		CHECK(timer_heap_add(&h, &t[i]) == 0, "add %u", i);
		active++;
	}
	CHECK(heap_ok(&h), "heap property after adds");
	CHECK(timer_heap_add(&h, &extra) == -ENOSPC, "adding to a full heap must fail with -ENOSPC");

	/* Remove a third from random positions. */
	for (i = 0; i < N; i += 3) {
		timer_heap_remove(&h, &t[i]);
		CHECK(t[i].heap_offset == 0, "removed timer %u still has an offset", i);
		active--;
	}
	CHECK(heap_ok(&h), "heap property after removals");
	CHECK(h.nr == active, "count: expected %u, got %u", active, h.nr);

	/* Drain in order. */
	while (timer_heap_first(&h)) {
		struct timer *f = timer_heap_first(&h);

		CHECK(f->expires >= last, "out of order: %lld after %lld", (long long)f->expires,
		      (long long)last);
		last = f->expires;
		timer_heap_remove(&h, f);
	}
	CHECK(h.nr == 0, "heap empty after drain");
	EXPECT_BUG(timer_heap_remove(&h, &t[1]), "removing an inactive timer");
	test_queue_without_memory();
	return unit_report("timer_heap");
}
