/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Machine memory: the frame table (one struct page_info per machine
 * frame) and the page allocator.
 *
 * The frame table is the ground the PV MMU stands on: count_info and
 * type_info carry the Xen-style general reference count and the type
 * (writable, L1..L4, segment descriptor) with its own count. Frames the
 * allocator never owned (firmware, the hypervisor image, boot modules,
 * holes) are PGC_reserved; the non-RAM ones are also PGC_iomem.
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
	/* Allocation state (PGC_state_*), PGC_* flags, general reference count. */
	uint64_t count_info;
	/* Type (PGT_*) and type reference count: the PV MMU. */
	uint64_t type_info;
	/* Owning domain; NULL for hypervisor-owned and free frames. */
	struct domain *owner;
	/* Free: order of the free chunk this page heads. xmalloc: size class. */
	uint32_t order;
	uint32_t xmalloc_class;
	/* tlbflush_clock when the last writable mapping went (PGT_writable_page, count 0). */
	uint64_t tlbflush_timestamp;
	/* Linear page tables: > 0 entries of this table that are linear, < 0 uses as a target. */
	int32_t linear_pt_count;
};

#define PGC_state_mask (3UL << 62)
#define PGC_state_inuse (0UL << 62)
#define PGC_state_free (1UL << 62)
#define PGC_reserved (2UL << 62)   /* never managed by the allocator */
/* The owner's own reference: set while the frame is in its reservation. */
#define PGC_allocated (1UL << 61)
/* Not RAM (holes, firmware ranges, the first MiB): I/O space (Xen's dom_io). */
#define PGC_iomem (1UL << 60)
/* A hypervisor page shared with its owner (shared_info): no cache attributes. */
#define PGC_xen_heap (1UL << 59)
#define PGC_count_mask ((1UL << 54) - 1)

#define page_state(pg) ((pg)->count_info & PGC_state_mask)

/*
 * type_info: the frame's type and its type reference count (Xen's model,
 * docs/design/pv-mmu.md). A frame has one type at a time; the type can
 * change only while the count is zero. Taking a page-table or descriptor
 * type validates the frame's contents (PGT_validated); dropping the last
 * type reference of a page table releases what its entries referenced.
 * PGT_pinned holds one type reference until MMUEXT_UNPIN_TABLE.
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

#define PGT_is_pagetable(t) ((t) >= PGT_l1_page_table && (t) <= PGT_l4_page_table)

/*
 * References (arch/x86/pv/mm.c). A general reference (count_info) keeps
 * a frame allocated to its owner; a type reference (type_info) keeps its
 * type. Every get returns 0 or a negative error and changes nothing on
 * failure:
 * - get_page: -EINVAL unless @d owns the frame (and it is still allocated);
 * - get_page_type: -EINVAL if the frame has another type in use, or the
 *   validation error of its contents when the type is taken afresh.
 */
int get_page(struct page_info *pg, const struct domain *d);
void put_page(struct page_info *pg);
int get_page_type(struct page_info *pg, uint64_t type);
void put_page_type(struct page_info *pg);
int get_page_and_type(struct page_info *pg, const struct domain *d, uint64_t type);
void put_page_and_type(struct page_info *pg);

/* Give @pg to @d's reservation (PGC_allocated, one reference; tot_pages). */
void assign_page(struct domain *d, struct page_info *pg);
/* Called when a frame's last reference goes: it leaves its owner. */
/* Flush the TLB if a guest frame was freed since the last flush (page_alloc.c, on every allocation). */
void tlbflush_filter_alloc(void);
void free_domheap_page(struct page_info *pg);

/*
 * The machine-to-phys table (arch/x86/mm.c): one entry per machine frame,
 * read-only to guests at MACH2PHYS_VIRT_START, INVALID_M2P_ENTRY when the
 * frame backs no guest PFN.
 */
#define INVALID_M2P_ENTRY (~0UL)
extern uint64_t *m2p_table; /* (public headers name the guest view machine_to_phys_mapping) */
static inline void set_gpfn_from_mfn(mfn_t mfn, uint64_t pfn)
{
	m2p_table[mfn] = pfn;
}

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
/*
 * As alloc_heap_pages(), for a domain whose claim (XENMEM_claim_pages)
 * is *@claim: the frames others claimed stay free, the domain's own may
 * be used, and what is used comes off *@claim. @claim NULL: no claim.
 */
struct page_info *alloc_heap_pages_claimed(unsigned int order, unsigned long *claim);
/*
 * Set a claim of @pages frames in *@claim (0 cancels it): -EINVAL if one
 * is in place already, -ENOMEM if the unclaimed free frames do not cover
 * it. *@claim is guarded by the heap's lock: change it only through here.
 */
int heap_claim(unsigned long *claim, unsigned long pages);
/* The frames claimed and not allocated yet, over all domains. */
unsigned long heap_outstanding_claims(void);
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

/*
 * The PV MMU lock: one for every domain's frame reference counts and
 * types, page-table contents, descriptor frames and grant maps
 * (docs/design/locking.md). The hypercalls that change them take it
 * around their whole batch (interrupts are off in hypercalls); nothing
 * that waits for another pCPU's vCPU may be done with it held, except
 * a TLB flush (answered from the spin loop).
 */
#include <xen/spinlock.h>
extern spinlock_t mm_lock;
static inline void pv_mm_lock(void)
{
	spin_lock(&mm_lock);
}
static inline void pv_mm_unlock(void)
{
	spin_unlock(&mm_lock);
}
/* For assertions: is the PV MMU lock held (by anyone)? */
static inline bool pv_mm_locked(void)
{
	return spin_is_locked(&mm_lock);
}

#endif /* XEN_MM_H */
