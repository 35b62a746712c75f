/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Machine memory: the frame table (one struct page_info per machine
 * frame) and the page allocator.
 *
 * The frame table is the ground the PV MMU will stand on: count_info and
 * type_info carry the Xen-style general reference count and the type
 * (writable, L1..L4, segment descriptor) with its own count. Today only
 * the allocator state uses them. Frames the allocator never owned
 * (firmware, the hypervisor image, boot modules, holes) are PGC_reserved.
 */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <asm/page.h>
#include <xen/types.h>

typedef uint64_t mfn_t;
#define INVALID_MFN (~0UL)

struct domain;

struct page_list_entry {
	struct page_info *next, *prev;
};

struct page_info {
	/* Guarded by the heap lock while free; by the owner once allocated. */
	struct page_list_entry list;
	/* Allocation state (PGC_state_*) and, later, the general ref count. */
	uint64_t count_info;
	/* Type and type ref count, for the PV MMU (later issues). */
	uint64_t type_info;
	/* Owning domain; NULL for hypervisor-owned and free frames. */
	struct domain *owner;
	/* Free: order of the free chunk this page heads. xmalloc: size class. */
	uint32_t order;
	uint32_t xmalloc_class;
};

#define PGC_state_mask (3UL << 62)
#define PGC_state_inuse (0UL << 62)
#define PGC_state_free (1UL << 62)
#define PGC_reserved (2UL << 62)   /* never managed by the allocator */
#define PGC_count_mask ((1UL << 54) - 1)

#define page_state(pg) ((pg)->count_info & PGC_state_mask)

/*
 * type_info: the page's type (Xen's model; the PV MMU will enforce it).
 * The dom0 builder already records the types of the boot page tables.
 */
#define PGT_type_mask (7UL << 61)
#define PGT_none (0UL << 61)
#define PGT_l1_page_table (1UL << 61)
#define PGT_l2_page_table (2UL << 61)
#define PGT_l3_page_table (3UL << 61)
#define PGT_l4_page_table (4UL << 61)
#define PGT_seg_desc_page (5UL << 61)
#define PGT_writable_page (7UL << 61)
#define PGT_pinned (1UL << 60)
#define PGT_validated (1UL << 59)
#define PGT_count_mask ((1UL << 32) - 1)

/*
 * Type references for data pages (arch/x86/pv/mm.c): a frame is either
 * PGT_writable_page, counting its writable mappings, or PGT_seg_desc_page
 * (a GDT frame), never both; PGT_none when neither holds a reference.
 * get_* returns 0 or -EINVAL (the frame has another type).
 */
int get_page_type(struct page_info *pg, uint64_t type);
void put_page_type(struct page_info *pg);

/* The frame table covers machine frames [0, max_page). */
extern struct page_info *frame_table;
extern unsigned long max_page;

static inline struct page_info *mfn_to_page(mfn_t mfn)
{
	return frame_table + mfn;
}

static inline mfn_t page_to_mfn(const struct page_info *pg)
{
	return (mfn_t)(pg - frame_table);
}

static inline bool mfn_valid(mfn_t mfn)
{
	return mfn < max_page;
}

#define MAX_ORDER 20 /* largest chunk: 4 GiB */

/* Page allocator (common/page_alloc.c). */
void heap_init(struct page_info *table, unsigned long nr_frames);
void init_heap_pages(mfn_t mfn, unsigned long nr);
struct page_info *alloc_heap_pages(unsigned int order);
void free_heap_pages(struct page_info *pg, unsigned int order);
unsigned long heap_free_pages(void);
unsigned long heap_total_pages(void);
/* Count free chunks of each order into @counts[0..MAX_ORDER]. */
void heap_order_stats(unsigned long *counts);
/* Check free-list consistency; returns 0 or a negative error (debug aid). */
int heap_check(void);

#ifndef __UNIT_TEST__
/* Hypervisor memory: directly mapped, returned as virtual addresses. */
void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *va, unsigned int order);
#define alloc_xenheap_page() alloc_xenheap_pages(0)
#define free_xenheap_page(v) free_xenheap_pages(v, 0)
#define virt_to_page(va) mfn_to_page(virt_to_mfn(va))
#define page_to_virt(pg) mfn_to_virt(page_to_mfn(pg))
#endif

#endif /* XEN_MM_H */
