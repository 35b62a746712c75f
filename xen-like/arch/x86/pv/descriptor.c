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
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>

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

/* Check and normalise a whole page of descriptors. */
static int check_desc_page(uint64_t mfn)
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

long do_set_gdt(GUEST_PTR(xen_ulong_t) frame_list, unsigned int entries)
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
		struct page_info *pg = mfn_valid(frames[i]) ? mfn_to_page(frames[i]) : NULL;

		bool fresh;

		rc = -EINVAL;
		if (!pg || pg->owner != d)
			goto undo;
		/* Fails while any writable mapping of the frame exists. */
		fresh = (pg->type_info & PGT_type_mask) != PGT_seg_desc_page;
		rc = get_page_type(pg, PGT_seg_desc_page);
		if (rc)
			goto undo;
		if (fresh && check_desc_page(frames[i])) {
			put_page_type(pg);
			rc = -EINVAL;
			goto undo;
		}
	}
	rc = desc_map_guest_gdt(frames, nr);
	if (rc)
		goto undo;
	for (j = 0; j < v->gdt_ents; j += DESCS_PER_PAGE)
		put_page_type(mfn_to_page(v->gdt_frames[j / DESCS_PER_PAGE]));
	memcpy(v->gdt_frames, frames, nr * sizeof(frames[0]));
	v->gdt_ents = entries;
	return 0;

undo:
	while (i--)
		put_page_type(mfn_to_page(frames[i]));
	return rc;
}

long do_update_descriptor(uint64_t maddr, uint64_t desc)
{
	struct domain *d = current->domain;
	uint64_t mfn = maddr >> PAGE_SHIFT, type;
	struct page_info *pg;

	if ((maddr & 7) || !mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	type = pg->type_info & PGT_type_mask;
	if (pg->owner != d ||
	    (type != PGT_seg_desc_page && type != PGT_writable_page && type != PGT_none))
		return -EINVAL;
	if (check_descriptor(&desc))
		return -EINVAL;
	*(volatile uint64_t *)maddr_to_virt(maddr) = desc;
	return 0;
}
