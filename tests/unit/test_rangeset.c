// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rangesets (common/rangeset.c), against a bitmap of the values 0-299:
 * after every random add or remove the set holds exactly the bitmap's
 * values (contains_range agrees for every range of up to 8 values),
 * its list is normalised (as many ranges as the bitmap has runs: merged,
 * never adjacent), an allocation failure leaves it unchanged with
 * -ENOMEM, ranges at the ends of unsigned long work, and destroy frees
 * every node.
 */
#include "unit.h"
#include "hv-begin.h"
#include "../../xen-like/common/rangeset.c"
#include "hv-end.h"

#define N 300

static bool fail_alloc;
static long live_nodes;

void *xmalloc_bytes(size_t size)
{
	void *p = fail_alloc ? NULL : malloc(size);

	live_nodes += !!p;
	return p;
}

void xfree(void *p)
{
	live_nodes -= !!p;
	free(p);
}

static bool model[N];

static unsigned int model_runs(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < N; i++)
		n += model[i] && (!i || !model[i - 1]);
	return n;
}

static void check_agrees(struct rangeset *r, const char *after)
{
	unsigned int s, len, i;

	for (s = 0; s < N; s++)
		for (len = 1; len <= 8 && s + len <= N; len++) {
			bool all = true;

			for (i = s; i < s + len; i++)
				all &= model[i];
			CHECK(rangeset_contains_range(r, s, s + len - 1) == all,
			      "after %s: contains [%u, %u] should be %d", after, s, s + len - 1,
			      all);
		}
	CHECK(rangeset_nr_ranges(r) == model_runs(), "after %s: %u ranges, expected %u", after,
	      rangeset_nr_ranges(r), model_runs());
}

int main(void)
{
	struct rangeset r;
	unsigned int i, k;
	char what[64];

	rangeset_init(&r);
	CHECK(!rangeset_contains_range(&r, 0, 0), "empty: contains nothing");
	srand(7);
	for (k = 0; k < 3000; k++) {
		unsigned int s = rand() % N, e = s + rand() % 20;
		bool add = rand() % 3 != 0;
		int rc;

		if (e >= N)
			e = N - 1;
		fail_alloc = rand() % 10 == 0;
		rc = add ? rangeset_add_range(&r, s, e) : rangeset_remove_range(&r, s, e);
		snprintf(what, sizeof(what), "%s [%u, %u]%s", add ? "add" : "remove", s, e,
			 fail_alloc ? " without memory" : "");
		if (rc) {
			CHECK(rc == -ENOMEM && fail_alloc, "%s: %d", what, rc);
		} else {
			for (i = s; i <= e; i++)
				model[i] = add;
		}
		fail_alloc = false;
		if (k % 10 == 0 || rc)
			check_agrees(&r, what);
	}
	check_agrees(&r, "the random walk");
	CHECK(live_nodes == (long)rangeset_nr_ranges(&r), "%ld nodes for %u ranges", live_nodes,
	      rangeset_nr_ranges(&r));
	rangeset_destroy(&r);
	CHECK(live_nodes == 0 && rangeset_nr_ranges(&r) == 0, "destroy: %ld nodes left",
	      live_nodes);

	/* The ends of the value space. */
	CHECK(rangeset_add_range(&r, 0, ~0UL) == 0, "add everything");
	CHECK(rangeset_contains_range(&r, ~0UL, ~0UL) && rangeset_contains_range(&r, 0, 0),
	      "everything: both ends in");
	CHECK(rangeset_remove_range(&r, ~0UL, ~0UL) == 0 && rangeset_remove_range(&r, 0, 0) == 0,
	      "remove both ends");
	CHECK(!rangeset_contains_range(&r, ~0UL, ~0UL) && !rangeset_contains_range(&r, 0, 0) &&
		      rangeset_contains_range(&r, 1, ~0UL - 1),
	      "both ends out, the middle in");
	CHECK(rangeset_add_range(&r, ~0UL, ~0UL) == 0 && rangeset_nr_ranges(&r) == 1 &&
		      rangeset_contains_range(&r, 1, ~0UL),
	      "the top end back: merged into one range");
	rangeset_destroy(&r);
	CHECK(live_nodes == 0, "destroy: %ld nodes left", live_nodes);
	return unit_report("rangeset");
}
