// SPDX-License-Identifier: GPL-2.0-only
/*
 * The timer min-heap (common/timer.c): the head is always the earliest
 * deadline under random adds and removes (including from the middle),
 * offsets stay consistent, and a full heap refuses instead of overflowing.
 */
#include "unit.h"
#include "hv-begin.h"
#include "../../xen-like/common/timer.c"
#include "hv-end.h"

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
	return unit_report("timer_heap");
}
