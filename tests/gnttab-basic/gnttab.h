/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant-table helpers shared by the gnttab-* test kernels (included by
 * path): one-op wrappers that return the hypercall's result and leave
 * the per-op status in the op, and the caller's own table, mapped at
 * window pages by gt_setup().
 */
#ifndef TESTS_GNTTAB_H
#define TESTS_GNTTAB_H

#include <framework.h>
#include <mm.h>
#include <public/grant_table.h>

/* Window pages 0..GT_FRAMES-1 map the grant table (after gt_setup()). */
#define GT_FRAMES 2
static volatile grant_entry_v1_t *gt_table;
static uint64_t gt_frames[GT_FRAMES];

static inline long gt_op(unsigned int cmd, void *op, unsigned int count)
{
	return HYPERVISOR_grant_table_op(cmd, op, count);
}

/* setup_table for @nr frames of our own table (frame list in @frames). */
static inline long gt_setup_table(domid_t dom, uint32_t nr, uint64_t *frames, int16_t *status)
{
	struct gnttab_setup_table op = {.dom = dom, .nr_frames = nr};
	long rc;

	op.frame_list.p = (uint64_t)(uintptr_t)frames;
	op.status = 0x5555;
	rc = gt_op(GNTTABOP_setup_table, &op, 1);
	*status = op.status;
	return rc;
}

/* Grow our table to GT_FRAMES frames and map it RW at window pages 0.. */
static inline bool gt_setup(void)
{
	int16_t st;
	unsigned int i;

	if (!check_long("setup_table(GT_FRAMES)", 0,
			gt_setup_table(DOMID_SELF, GT_FRAMES, gt_frames, &st)) ||
	    !check_long("setup_table(GT_FRAMES) status", GNTST_okay, st))
		return false;
	for (i = 0; i < GT_FRAMES; i++)
		if (!check_long("map a grant-table frame RW", 0,
				mm_window_map(i, PTE(gt_frames[i], PTE_RW))))
			return false;
	gt_table = (volatile grant_entry_v1_t *)mm_window_va(0);
	return true;
}

/* Grant @mfn to @domid as entry @ref (flags last, after a barrier, as the ABI asks). */
static inline void gt_grant(grant_ref_t ref, domid_t domid, uint64_t mfn, uint16_t flags)
{
	gt_table[ref].flags = 0;
	gt_table[ref].domid = domid;
	gt_table[ref].frame = (uint32_t)mfn;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	gt_table[ref].flags = flags;
}

static inline long gt_map(uint64_t host_addr, uint32_t flags, grant_ref_t ref, domid_t dom,
			  struct gnttab_map_grant_ref *op)
{
	*op = (struct gnttab_map_grant_ref){
		.host_addr = host_addr, .flags = flags, .ref = ref, .dom = dom, .status = 0x5555};
	return gt_op(GNTTABOP_map_grant_ref, op, 1);
}

/* Unmap: the per-op status, or the hypercall's error if it failed. */
static inline long gt_unmap(uint64_t host_addr, uint64_t dev_bus_addr, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref op = {
		.host_addr = host_addr, .dev_bus_addr = dev_bus_addr, .handle = handle, .status = 0x5555};
	long rc = gt_op(GNTTABOP_unmap_grant_ref, &op, 1);

	return rc ? rc : op.status;
}

/* One copy: the per-op status, or the hypercall's error. */
static inline long gt_copy(uint64_t src, domid_t sdom, uint16_t soff, uint64_t dst, domid_t ddom,
			   uint16_t doff, uint16_t len, uint16_t flags)
{
	struct gnttab_copy op = {.len = len, .flags = flags, .status = 0x5555};
	long rc;

	op.source.u.gmfn = src;
	op.source.domid = sdom;
	op.source.offset = soff;
	op.dest.u.gmfn = dst;
	op.dest.domid = ddom;
	op.dest.offset = doff;
	rc = gt_op(GNTTABOP_copy, &op, 1);
	return rc ? rc : op.status;
}

/* The entry's flags as the hypervisor left them (GTF_reading/GTF_writing). */
static inline uint16_t gt_flags(grant_ref_t ref)
{
	return gt_table[ref].flags;
}

#endif /* TESTS_GNTTAB_H */
