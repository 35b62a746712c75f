// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine page allocator: a binary buddy system over the frame table.
 *
 * A free chunk of 2^order frames is naturally aligned; its first frame
 * (the head) carries the order and sits on free_list[order]; every frame
 * of the chunk is PGC_state_free, the non-head ones with order INVALID.
 * Freeing merges a chunk with its buddy (mfn ^ 2^order) while the buddy
 * is a free head of the same order. Frames never handed to the allocator
 * stay PGC_reserved and so can never be merged into a chunk.
 *
 * One heap lock (irq-safe) serialises everything. The code touches no
 * hardware, so tests/unit exercises it on the host.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>

#define ORDER_NONE 0xffffffffU

struct page_info *frame_table;
unsigned long max_page;

/* Guarded by heap_lock: */
static DEFINE_SPINLOCK(heap_lock);
static struct page_info *free_list[MAX_ORDER + 1];
static unsigned long free_pages;
static unsigned long total_pages;
/*
 * Frames promised to domains by XENMEM_claim_pages and not allocated to
 * them yet (the sum of their claims): an allocation for anyone else
 * leaves that many free.
 */
static unsigned long outstanding_claims;

static void list_add(struct page_info *pg, unsigned int order)
{
	pg->list.prev = NULL;
	pg->list.next = free_list[order];
	if (free_list[order])
		free_list[order]->list.prev = pg;
	free_list[order] = pg;
}

static void list_del(struct page_info *pg, unsigned int order)
{
	if (pg->list.prev)
		pg->list.prev->list.next = pg->list.next;
	else
		free_list[order] = pg->list.next;
	if (pg->list.next)
		pg->list.next->list.prev = pg->list.prev;
	pg->list.next = pg->list.prev = NULL;
}

static void mark_chunk_free(struct page_info *pg, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i++) {
		pg[i].count_info = PGC_state_free;
		pg[i].type_info = 0;
		pg[i].owner = NULL;
		pg[i].linear_pt_count = 0;
		pg[i].order = i ? ORDER_NONE : order;
	}
}

/* Insert a chunk the caller has marked free, merging with free buddies. */
static void merge_and_insert(struct page_info *pg, unsigned int order)
{
	mfn_t mfn = page_to_mfn(pg);

	while (order < MAX_ORDER) {
		mfn_t buddy_mfn = mfn ^ (1UL << order);
		struct page_info *buddy;

		if (buddy_mfn >= max_page)
			break;
		buddy = mfn_to_page(buddy_mfn);
		if (page_state(buddy) != PGC_state_free || buddy->order != order)
			break;
		list_del(buddy, order);
		if (buddy_mfn < mfn) {
			pg->order = ORDER_NONE;
			pg = buddy;
			mfn = buddy_mfn;
		} else {
			buddy->order = ORDER_NONE;
		}
		order++;
		pg->order = order;
	}
	list_add(pg, order);
}

void heap_init(struct page_info *table, unsigned long nr_frames)
{
	unsigned long i;

	frame_table = table;
	max_page = nr_frames;
	for (i = 0; i < nr_frames; i++) {
		table[i].count_info = PGC_reserved;
		table[i].type_info = 0;
		table[i].owner = NULL;
		table[i].order = ORDER_NONE;
		table[i].xmalloc_class = 0;
		table[i].list.next = table[i].list.prev = NULL;
	}
	for (i = 0; i <= MAX_ORDER; i++)
		free_list[i] = NULL;
	free_pages = total_pages = 0;
}

/*
 * Give frames [mfn, mfn + nr) to the allocator. They must be reserved
 * (never given before): handing a frame over twice is a hypervisor bug.
 */
void init_heap_pages(mfn_t mfn, unsigned long nr)
{
	unsigned long flags;
	unsigned long i;

	BUG_ON(mfn + nr > max_page || mfn + nr < mfn);
	spin_lock_irqsave(&heap_lock, flags);
	for (i = 0; i < nr; i++)
		BUG_ON(frame_table[mfn + i].count_info != PGC_reserved);
	while (nr) {
		unsigned int order = 0;

		/* Largest naturally aligned chunk that starts at mfn and fits. */
		while (order < MAX_ORDER && !(mfn & (1UL << order)) &&
		       (2UL << order) <= nr)
			order++;
		mark_chunk_free(mfn_to_page(mfn), order);
		merge_and_insert(mfn_to_page(mfn), order);
		free_pages += 1UL << order;
		total_pages += 1UL << order;
		mfn += 1UL << order;
		nr -= 1UL << order;
	}
	spin_unlock_irqrestore(&heap_lock, flags);
}

struct page_info *alloc_heap_pages(unsigned int order)
{
	return alloc_heap_pages_claimed(order, NULL);
}

struct page_info *alloc_heap_pages_claimed(unsigned int order, unsigned long *claim)
{
	unsigned long flags, i, n = 1UL << order, mine;
	struct page_info *pg;
	unsigned int j;

	if (order > MAX_ORDER)
		return NULL;
	spin_lock_irqsave(&heap_lock, flags);
	mine = claim ? min(*claim, n) : 0;
	/* Others' claims stay free (Xen's rule: the caller's own claim may be used). */
	if (free_pages - outstanding_claims + mine < n) {
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	for (j = order; j <= MAX_ORDER && !free_list[j]; j++)
		;
	if (j > MAX_ORDER) {
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	if (mine) {
		*claim -= mine;
		outstanding_claims -= mine;
	}
	pg = free_list[j];
	list_del(pg, j);
	/* Split: the upper half of each split goes back on the list below. */
	while (j > order) {
		j--;
		pg[1UL << j].order = j;
		list_add(&pg[1UL << j], j);
	}
	for (i = 0; i < (1UL << order); i++) {
		BUG_ON(page_state(&pg[i]) != PGC_state_free);
		pg[i].count_info = PGC_state_inuse;
		pg[i].order = ORDER_NONE;
	}
	free_pages -= 1UL << order;
	spin_unlock_irqrestore(&heap_lock, flags);
	tlbflush_filter_alloc();
	return pg;
}

void free_heap_pages(struct page_info *pg, unsigned int order)
{
	unsigned long flags, i;
	mfn_t mfn = page_to_mfn(pg);

	BUG_ON(order > MAX_ORDER || (mfn & ((1UL << order) - 1)) ||
	       mfn + (1UL << order) > max_page);
	spin_lock_irqsave(&heap_lock, flags);
	/* Freeing a free or reserved frame is a hypervisor bug, never ignored. */
	for (i = 0; i < (1UL << order); i++)
		BUG_ON(page_state(&pg[i]) != PGC_state_inuse);
	mark_chunk_free(pg, order);
	merge_and_insert(pg, order);
	free_pages += 1UL << order;
	spin_unlock_irqrestore(&heap_lock, flags);
}

unsigned long heap_free_pages(void)
{
	return free_pages;
}

int heap_claim(unsigned long *claim, unsigned long pages)
{
	unsigned long flags;
	int rc = 0;

	spin_lock_irqsave(&heap_lock, flags);
	if (!pages) {
		outstanding_claims -= *claim;
		*claim = 0;
	} else if (*claim) {
		rc = -EINVAL; /* one claim at a time */
	} else if (pages > free_pages - outstanding_claims) {
		rc = -ENOMEM;
	} else {
		*claim = pages;
		outstanding_claims += pages;
	}
	spin_unlock_irqrestore(&heap_lock, flags);
	return rc;
}

unsigned long heap_outstanding_claims(void)
{
	return ACCESS_ONCE(outstanding_claims);
}

unsigned long heap_total_pages(void)
{
	return total_pages;
}

void heap_order_stats(unsigned long *counts)
{
	unsigned long flags;
	unsigned int o;
	struct page_info *pg;

	spin_lock_irqsave(&heap_lock, flags);
	for (o = 0; o <= MAX_ORDER; o++) {
		counts[o] = 0;
		for (pg = free_list[o]; pg; pg = pg->list.next)
			counts[o]++;
	}
	spin_unlock_irqrestore(&heap_lock, flags);
}

/*
 * Walk every free list and check each chunk: aligned, inside the table,
 * all frames free, head order right, and the sum equals free_pages.
 */
int heap_check(void)
{
	unsigned long flags, sum = 0, i;
	unsigned int o;
	struct page_info *pg;
	int rc = 0;

	spin_lock_irqsave(&heap_lock, flags);
	for (o = 0; o <= MAX_ORDER && !rc; o++) {
		for (pg = free_list[o]; pg && !rc; pg = pg->list.next) {
			mfn_t mfn = page_to_mfn(pg);

			if ((mfn & ((1UL << o) - 1)) || mfn + (1UL << o) > max_page ||
			    pg->order != o) {
				rc = -EINVAL;
				break;
			}
			for (i = 0; i < (1UL << o); i++)
				if (page_state(&pg[i]) != PGC_state_free)
					rc = -EINVAL;
			sum += 1UL << o;
		}
	}
	if (!rc && sum != free_pages)
		rc = -EINVAL;
	spin_unlock_irqrestore(&heap_lock, flags);
	return rc;
}
