// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest descriptor tables: set_gdt and update_descriptor.
 *
 * The one idea: a descriptor a guest installs must not grant ring 0. Every
 * descriptor is checked before it can be loaded: code and data segments
 * get DPL 3 (the guest kernel runs in ring 3; Xen does the same, so the
 * value read back may differ from the value written), and every system
 * descriptor (TSS, LDT, gates) is refused, call gates included (Xen
 * accepts validated call gates; 64-bit guests do not use them). A GDT
 * frame is typed seg_desc in the frame table, which it can only become
 * while no writable mapping of it exists, and which then forbids new
 * writable mappings, so the guest can change it only through
 * update_descriptor.
 */
#include <public/xen.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>

#include "mm.h"

#define DESC_PRESENT (1UL << 47)
#define DESC_S (1UL << 44) /* code/data (1) or system (0) */
#define DESC_DPL_SHIFT 45
#define DESC_TYPE(d) (((d) >> 40) & 0xf)
#define DESCS_PER_PAGE (PAGE_SIZE / 8)

/* Normalise @desc in place; -EINVAL if a guest may not have it. */
static int check_descriptor(uint64_t *desc)
{
	uint64_t d = *desc;

	if (!(d & DESC_PRESENT))
		return 0;
	if (!(d & DESC_S))
		return DESC_TYPE(d) == 0 ? 0 : -EINVAL;
	*desc = d | (3UL << DESC_DPL_SHIFT);
	return 0;
}

/* Check and normalise a whole page of descriptors (taking PGT_seg_desc_page). */
int pv_validate_desc_page(mfn_t mfn)
{
	uint64_t *descs = mfn_to_virt(mfn);
	unsigned int i;

	for (i = 0; i < DESCS_PER_PAGE; i++) {
		uint64_t d = descs[i];

		if (check_descriptor(&d))
			return -EINVAL;
	}
	/* All valid: now store the normalised forms (no error path below). */
	for (i = 0; i < DESCS_PER_PAGE; i++)
		check_descriptor(&descs[i]);
	return 0;
}

static long do_set_gdt_locked(GUEST_PTR(xen_ulong_t) frame_list, unsigned int entries)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	uint64_t frames[FIRST_RESERVED_GDT_PAGE] = { 0 };
	unsigned int nr = DIV_ROUND_UP(entries, DESCS_PER_PAGE), i, j;
	int rc;

	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	if (nr && copy_from_guest(frames, frame_list, nr))
		return -EFAULT;
	/* Check everything, taking the seg_desc references, before acting. */
	for (i = 0; i < nr; i++) {
		/* Fails while any writable mapping of the frame exists. */
		rc = mfn_valid(frames[i]) ? get_page_and_type(mfn_to_page(frames[i]), d,
							      PGT_seg_desc_page)
					  : -EINVAL;
		if (rc)
			goto undo;
	}
	rc = desc_map_guest_gdt(frames, nr);
	if (rc)
		goto undo;
	for (j = 0; j < v->gdt_ents; j += DESCS_PER_PAGE)
		put_page_and_type(mfn_to_page(v->gdt_frames[j / DESCS_PER_PAGE]));
	memcpy(v->gdt_frames, frames, nr * sizeof(frames[0]));
	v->gdt_ents = entries;
	return 0;

undo:
	while (i--)
		put_page_and_type(mfn_to_page(frames[i]));
	return rc;
}

/* Under pv_mm_lock (see docs/design/locking.md). */
long do_set_gdt(GUEST_PTR(xen_ulong_t) frame_list, unsigned int entries)
{
	long rc;

	pv_mm_lock();
	rc = do_set_gdt_locked(frame_list, entries);
	pv_mm_unlock();
	return rc;
}

static long do_update_descriptor_locked(uint64_t maddr, uint64_t desc)
{
	struct domain *d = current->domain;
	mfn_t mfn = maddr >> PAGE_SHIFT;
	struct page_info *pg;
	long rc = -EINVAL;

	if ((maddr & 7) || !mfn_valid(mfn) || get_page(pg = mfn_to_page(mfn), d))
		return -EINVAL;
	if (check_descriptor(&desc))
		goto out;
	if ((pg->type_info & PGT_type_mask) == PGT_seg_desc_page &&
	    (pg->type_info & PGT_count_mask)) {
		/* A GDT/LDT frame in use. */
		*(volatile uint64_t *)maddr_to_virt(maddr) = desc;
	} else if (!get_page_type(pg, PGT_writable_page)) {
		/* A plain frame (a table being prepared): not a page table. */
		*(volatile uint64_t *)maddr_to_virt(maddr) = desc;
		put_page_type(pg);
	} else {
		goto out;
	}
	rc = 0;
out:
	put_page(pg);
	return rc;
}

/* Under pv_mm_lock (see docs/design/locking.md). */
long do_update_descriptor(uint64_t maddr, uint64_t desc)
{
	long rc;

	pv_mm_lock();
	rc = do_update_descriptor_locked(maddr, desc);
	pv_mm_unlock();
	return rc;
}

/* Drop the vCPU's LDT frames and unload the LDT. */
static void release_ldt(struct vcpu *v)
{
	unsigned int i;

	for (i = 0; i < DIV_ROUND_UP(v->ldt_ents, DESCS_PER_PAGE); i++)
		put_page_and_type(mfn_to_page(v->ldt_frames[i]));
	v->ldt_ents = 0;
	v->ldt_base = 0;
	desc_load_ldt(NULL, 0);
}

/*
 * MMUEXT_SET_LDT: @ents descriptors at guest-virtual @base (page-aligned,
 * canonical, at most 8192; 0 entries means no LDT). Xen maps LDT pages
 * lazily on first use; here every page is looked up in the current page
 * tables, typed seg_desc (validated, no writable mapping) and mapped at
 * once, so a bad LDT is refused up front (-EINVAL) instead of faulting
 * later. Linux maps its LDT pages read-only before it sets them.
 */
int pv_set_ldt(struct vcpu *v, uint64_t base, unsigned int ents)
{
	uint64_t frames[LDT_MAX_PAGES];
	unsigned int nr = DIV_ROUND_UP(ents, DESCS_PER_PAGE), i;
	int rc;

	if (ents > LDT_MAX_ENTRIES ||
	    (ents && ((base & (PAGE_SIZE - 1)) || !guest_range_ok(base, (uint64_t)ents * 8))))
		return -EINVAL;
	if (ents == v->ldt_ents && base == v->ldt_base)
		return 0;
	for (i = 0; i < nr; i++) {
		mfn_t l1mfn;
		const uint64_t *pte = pv_guest_l1e(v, base + i * PAGE_SIZE, &l1mfn);

		rc = -EINVAL;
		if (!pte || !(*pte & _PAGE_PRESENT) || !mfn_valid(pte_mfn(*pte)))
			goto undo;
		frames[i] = pte_mfn(*pte);
		rc = get_page_and_type(mfn_to_page(frames[i]), v->domain, PGT_seg_desc_page);
		if (rc)
			goto undo;
	}
	release_ldt(v);
	memcpy(v->ldt_frames, frames, nr * sizeof(frames[0]));
	v->ldt_base = base;
	v->ldt_ents = ents;
	if (ents)
		desc_load_ldt(frames, ents);
	return 0;

undo:
	while (i--)
		put_page_and_type(mfn_to_page(frames[i]));
	return rc;
}
