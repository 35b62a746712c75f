// SPDX-License-Identifier: GPL-2.0-only
/*
 * The buddy allocator (common/page_alloc.c) on a fake frame table:
 * natural alignment for every order, no frame handed out twice, reserved
 * frames never handed out, exhaustion returns NULL, freeing everything
 * coalesces back to the largest chunks, and double frees or frees of
 * reserved frames hit BUG(). A random workload is checked against a
 * shadow map of who owns each frame.
 */
#include "unit.h"
#include "hv-begin.h"
#include "../../xen-like/common/string.c"
#include "../../xen-like/common/page_alloc.c"
#include "hv-end.h"

/* The TLB-flush filter on allocation is x86's (arch/x86/mm.c); counted here. */
static unsigned long filter_calls;
void tlbflush_filter_alloc(void)
{
	filter_calls++;
}

#define NR_FRAMES 8192
static struct page_info table[NR_FRAMES];
static int owner[NR_FRAMES]; /* shadow: 0 free/reserved, else allocation id */

struct alloc {
	struct page_info *pg;
	unsigned int order;
};

static bool reserved(unsigned long mfn)
{
	/* Holes: frames 0-255 (firmware), 1000-1100 (image), 5000-5003 (a module). */
	return mfn < 256 || (mfn >= 1000 && mfn < 1100) || (mfn >= 5000 && mfn < 5003);
}

static void setup(void)
{
	heap_init(table, NR_FRAMES);
	init_heap_pages(256, 1000 - 256);
	init_heap_pages(1100, 5000 - 1100);
	init_heap_pages(5003, NR_FRAMES - 5003);
	memset(owner, 0, sizeof(owner));
}

static unsigned long expected_total(void)
{
	unsigned long n = 0, i;

	for (i = 0; i < NR_FRAMES; i++)
		n += !reserved(i);
	return n;
}

static bool take(struct alloc *a, int id)
{
	unsigned long mfn, i;

	if (!a->pg)
		return false;
	mfn = page_to_mfn(a->pg);
	CHECK(!(mfn & ((1UL << a->order) - 1)), "order %u at mfn %lu misaligned", a->order, mfn);
	for (i = 0; i < (1UL << a->order); i++) {
		CHECK(!reserved(mfn + i), "reserved frame %lu handed out", mfn + i);
		CHECK(owner[mfn + i] == 0, "frame %lu handed out twice (ids %d and %d)", mfn + i,
		      owner[mfn + i], id);
		owner[mfn + i] = id;
	}
	return true;
}

static void give_back(struct alloc *a)
{
	unsigned long mfn = page_to_mfn(a->pg), i;

	for (i = 0; i < (1UL << a->order); i++)
		owner[mfn + i] = 0;
	free_heap_pages(a->pg, a->order);
	a->pg = NULL;
}

/*
 * Hypervisor bugs are caught, not absorbed. In the hypervisor BUG()
 * panics with the heap lock held; here it longjmps out, so drop the lock.
 */
#define EXPECT_HEAP_BUG(stmt, what)                \
	do {                                       \
		EXPECT_BUG(stmt, what);            \
		spin_lock_init(&heap_lock);        \
	} while (0)

/*
 * XENMEM_claim_pages: a claim keeps frames for one domain; others cannot
 * take them, its own allocations use the claim up; cancelling frees it.
 */
static void check_claims(unsigned long total)
{
	unsigned long claim = 0, other = 0, n = 0;
	struct page_info *pg;

	CHECK(heap_claim(&claim, total + 1) == -ENOMEM, "a claim above the free frames");
	CHECK(heap_claim(&claim, total - 10) == 0 && claim == total - 10, "claim all but 10");
	CHECK(heap_claim(&claim, 5) == -EINVAL, "a second claim while one is in place");
	CHECK(heap_claim(&other, 11) == -ENOMEM, "another claim above the unclaimed frames");
	CHECK(heap_outstanding_claims() == total - 10, "outstanding: %lu", heap_outstanding_claims());
	while ((pg = alloc_heap_pages(0)) != NULL) {
		struct alloc a = { pg, 0 };

		take(&a, 8);
		n++;
	}
	CHECK(n == 10, "unclaimed allocations: expected 10, got %lu", n);
	pg = alloc_heap_pages_claimed(0, &claim);
	CHECK(pg && claim == total - 11, "the claimer's allocation uses its claim (%lu left)", claim);
	if (pg) {
		struct alloc a = { pg, 0 };

		take(&a, 8);
	}
	CHECK(alloc_heap_pages_claimed(0, &other) == NULL, "another domain's allocation with no claim");
	CHECK(heap_claim(&claim, 0) == 0 && !claim && !heap_outstanding_claims(), "cancel the claim");
	pg = alloc_heap_pages(0);
	CHECK(pg != NULL, "an unclaimed allocation once the claim is gone");
	if (pg)
		free_heap_pages(pg, 0);
	for (unsigned long i = 0; i < NR_FRAMES; i++)
		if (owner[i] == 8) {
			owner[i] = 0;
			free_heap_pages(&table[i], 0);
		}
	CHECK(heap_free_pages() == total && heap_check() == 0, "refill after the claims");
}

static void check_bugs(unsigned long total)
{
	struct page_info *pg = alloc_heap_pages(0);

	free_heap_pages(pg, 0);
	EXPECT_HEAP_BUG(free_heap_pages(pg, 0), "double free");
	EXPECT_HEAP_BUG(free_heap_pages(&table[10], 0), "free of a reserved frame");
	EXPECT_HEAP_BUG(free_heap_pages(&table[257], 1), "misaligned free");
	EXPECT_HEAP_BUG(init_heap_pages(300, 1), "handing a frame to the heap twice");
	CHECK(heap_free_pages() == total && heap_check() == 0, "state intact after refused bugs");
}

int main(void)
{
	static struct alloc live[4096];
	unsigned long total = expected_total(), counts[MAX_ORDER + 1], counts0[MAX_ORDER + 1], n;
	unsigned int i, o, nlive = 0;
	struct page_info *pg;

	setup();
	CHECK(heap_total_pages() == total, "total: expected %lu, got %lu", total, heap_total_pages());
	CHECK(heap_free_pages() == total, "free: expected %lu, got %lu", total, heap_free_pages());
	CHECK(heap_check() == 0, "heap_check after init");
	heap_order_stats(counts0);

	/* Every order up to what fits. */
	for (o = 0; o <= 11; o++) {
		struct alloc a = { alloc_heap_pages(o), o };

		CHECK(take(&a, 1000 + o), "order %u allocation failed", o);
		if (a.pg)
			give_back(&a);
	}
	CHECK(alloc_heap_pages(13) == NULL, "order 13 (larger than any free run) granted");
	CHECK(alloc_heap_pages(MAX_ORDER + 1) == NULL, "order above MAX_ORDER granted");
	CHECK(heap_free_pages() == total, "free after orders: expected %lu, got %lu", total,
	      heap_free_pages());
	CHECK(filter_calls == 12, "every successful allocation asks the TLB-flush filter: "
	      "expected 12 calls, got %lu", filter_calls);

	/* Random workload against the shadow map. */
	srand(12345);
	for (i = 0; i < 200000; i++) {
		if (nlive < 4096 && (rand() % 3 || !nlive)) {
			struct alloc a = { NULL, (unsigned int)(rand() % 6) };

			a.pg = alloc_heap_pages(a.order);
			if (take(&a, (int)i + 1))
				live[nlive++] = a;
		} else {
			unsigned int k = rand() % nlive;

			give_back(&live[k]);
			live[k] = live[--nlive];
		}
		if (i % 20000 == 0)
			CHECK(heap_check() == 0, "heap_check during workload (step %u)", i);
	}
	while (nlive)
		give_back(&live[--nlive]);
	CHECK(heap_free_pages() == total, "free after workload: expected %lu, got %lu", total,
	      heap_free_pages());
	CHECK(heap_check() == 0, "heap_check after workload");

	/* Everything coalesced: exactly the chunks the free ranges had after init. */
	heap_order_stats(counts);
	for (o = 0; o <= MAX_ORDER; o++)
		CHECK(counts[o] == counts0[o], "coalescing: order %u: expected %lu chunks, got %lu",
		      o, counts0[o], counts[o]);
	/* [2048, 4096) and [6144, 8192) are whole order-11 chunks; [5120, 6144) order 10. */
	CHECK(counts0[11] == 2 && counts0[10] == 1, "initial chunks: order 11: %lu, order 10: %lu",
	      counts0[11], counts0[10]);
	pg = alloc_heap_pages(10);
	CHECK(pg && page_to_mfn(pg) % 1024 == 0, "order-10 chunk after coalescing");
	if (pg)
		free_heap_pages(pg, 10);

	/* Exhaustion. */
	n = 0;
	while ((pg = alloc_heap_pages(0)) != NULL) {
		struct alloc a = { pg, 0 };

		take(&a, 7);
		n++;
	}
	CHECK(n == total, "exhaustion: expected %lu single pages, got %lu", total, n);
	CHECK(heap_free_pages() == 0, "free at exhaustion: %lu", heap_free_pages());
	for (i = 0; i < NR_FRAMES; i++)
		if (owner[i]) {
			owner[i] = 0;
			free_heap_pages(&table[i], 0);
		}
	CHECK(heap_free_pages() == total && heap_check() == 0, "refill after exhaustion");

	check_claims(total);
	check_bugs(total);
	return unit_report("page_alloc");
}
