// SPDX-License-Identifier: GPL-2.0-only
/*
 * Releasing a dying PV domain's memory (Xen's domain_relinquish_resources
 * and relinquish_memory): the architecture's step of domain_kill().
 *
 * The one idea: every reference among a domain's frames hangs off a few
 * roots - its vCPUs' base pointers and GDT/LDT frames, its pins, and each
 * frame's allocation reference (PGC_allocated). Dropping the roots
 * devalidates the page tables, and devalidating a table drops what its
 * entries hold (docs/design/pv-mmu.md), so once the roots are gone the
 * only references left on the domain's frames are other domains' (a
 * grant mapping, a foreign mapping by dom0). Each frame is freed by
 * whichever put_page() drops its last reference: here, or later by the
 * domain that still maps it.
 *
 * There is no per-domain page list: the frame table is walked, once per
 * step, for frames the domain owns (shared hypervisor frames excluded:
 * common code drops its own references on those). A walk looks for
 * pending work after each of the domain's frames and every WALK_BATCH
 * frames, and resumes at d->relmem_next.
 *
 * Linear page tables (pv-linear-pt) cannot form a cycle here: a table
 * with linear entries may not itself be a linear target. Still, as Xen
 * does, any table left validated after the pins are gone is released
 * by force (its entries cleared through mod_pt_entry(), which drops
 * their references, and PGT_validated dropped so nothing validates it
 * again), so that a reference-counting slip leaks nothing and the
 * domain can always be freed.
 *
 * Plain C over the frame table: tests/unit/test_pv_relinquish.c runs it
 * on a fake machine.
 */
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/config.h>
#include <asm/page.h>
#include <asm/pv.h>

#include "mm.h"

/* Frames looked at between two preemption checks. */
#define WALK_BATCH 1024
#define DESCS_PER_PAGE (PAGE_SIZE / 8)

/* arch_domain_relinquish()'s steps, in order (d->relmem_step). */
enum {
	RELMEM_vcpus,  /* base pointers, GDT and LDT frames, vcpu_info; the PIRQ EOI frame */
	RELMEM_unpin,  /* walk: drop every pin (devalidating the trees) */
	RELMEM_tables, /* walk: release any table still validated, by force */
	RELMEM_alloc,  /* walk: drop every allocation reference */
	RELMEM_done,
};

/* Does @d own @pg as an ordinary frame of its reservation (not a shared xenheap frame)? */
static bool domain_frame(const struct page_info *pg, const struct domain *d)
{
	return page_state(pg) == PGC_state_inuse && pg->owner == d &&
	       !(pg->count_info & PGC_xen_heap);
}

/* Drop the reference pair a base pointer slot holds on its L4, and clear it. */
static void put_baseptr(mfn_t *slot)
{
	if (*slot)
		put_page_and_type(mfn_to_page(*slot));
	*slot = 0;
}

/*
 * What vCPU @v holds among its domain's frames (Xen's
 * vcpu_destroy_pagetables, pv_destroy_gdt/ldt, unmap_vcpu_info). @v is
 * off every CPU for good, so nothing here touches a CPU's state: the
 * destroyer's CPU has its own GDT, LDT and CR3 loaded.
 */
static void relinquish_vcpu(struct vcpu *v)
{
	unsigned int i;

	put_baseptr(&v->guest_table_user);
	put_baseptr(&v->guest_table);
	for (i = 0; i < DIV_ROUND_UP(v->gdt_ents, DESCS_PER_PAGE); i++)
		put_page_and_type(mfn_to_page(v->gdt_frames[i]));
	v->gdt_ents = 0;
	for (i = 0; i < DIV_ROUND_UP(v->ldt_ents, DESCS_PER_PAGE); i++)
		put_page_and_type(mfn_to_page(v->ldt_frames[i]));
	v->ldt_ents = 0;
	v->ldt_base = 0;
	if (v->vcpu_info_mfn != ~0UL) {
		/* Back into shared_info, which lives as long as the vCPU structure. */
		v->vcpu_info = &v->domain->shared_info->vcpu_info[v->vcpu_id];
		put_page_and_type(mfn_to_page(v->vcpu_info_mfn));
		v->vcpu_info_mfn = ~0UL;
	}
}

/*
 * Release validated table @pg of level @level (1-4) by force: it stops
 * being validated (so neither mmu_update nor a new reference can use it),
 * and each of its guest entries is cleared, dropping what it held. Its
 * remaining type references then fall away without anything to release
 * (put_page_type() finds only empty entries).
 */
static void release_table(struct page_info *pg, unsigned int level)
{
	mfn_t mfn = page_to_mfn(pg);
	uint64_t *t = mfn_to_virt(mfn);
	struct domain *d = pg->owner;
	unsigned int i;

	pg->type_info &= ~PGT_validated;
	for (i = 0; i < PAGETABLE_ENTRIES; i++)
		if (t[i] & _PAGE_PRESENT)
			/* The hypervisor's L4 slots refuse (-EINVAL): they hold nothing. */
			mod_pt_entry(level, &t[i], 0, mfn, d, d, false);
}

/* One frame of a walk step; @pg is referenced by the caller for the duration. */
static void relinquish_frame(struct domain *d, struct page_info *pg, unsigned int step)
{
	uint64_t type = pg->type_info;
	unsigned int level;

	switch (step) {
	case RELMEM_unpin:
		if (type & PGT_pinned) {
			pg->type_info &= ~PGT_pinned;
			put_page_and_type(pg);
		}
		break;
	case RELMEM_tables:
		level = pt_level(type & PGT_type_mask);
		if (level && (type & PGT_validated) && (type & PGT_count_mask)) {
			printk(XENLOG_WARNING "d%u: L%u table %#lx in use (%lu) after unpinning: "
					      "released by force\n",
			       d->domain_id, level, (unsigned long)page_to_mfn(pg),
			       (unsigned long)(type & PGT_count_mask));
			release_table(pg, level);
		}
		break;
	case RELMEM_alloc:
		if (pg->count_info & PGC_allocated) {
			pg->count_info &= ~PGC_allocated;
			put_page(pg);
		}
		break;
	}
}

/*
 * One walk over the frame table for step @step, from d->relmem_next on.
 * It looks for pending work after each frame of @d it worked on and
 * every WALK_BATCH frames: 0 at the end (relmem_next reset), -ERESTART
 * to be continued from the next frame.
 */
static int walk(struct domain *d, unsigned int step)
{
	mfn_t mfn;

	for (mfn = d->relmem_next; mfn < max_page; mfn++) {
		struct page_info *pg = mfn_to_page(mfn);
		bool worked = false;

		/* Our own reference, so the frame cannot go while we work on it. */
		if (domain_frame(pg, d) && !get_page(pg, d)) {
			relinquish_frame(d, pg, step);
			put_page(pg); /* the frame's last one, perhaps: freed here */
			worked = true;
		}
		if ((worked || !((mfn + 1) % WALK_BATCH)) && mfn + 1 < max_page &&
		    hypercall_preempt_check()) {
			d->relmem_next = mfn + 1;
			return -ERESTART;
		}
	}
	d->relmem_next = 0;
	return 0;
}

int arch_domain_relinquish(struct domain *d)
{
	unsigned int i;
	int rc;

	BUG_ON(!d->is_dying);
	switch (d->relmem_step) {
	case RELMEM_vcpus:
		for (i = 0; i < d->max_vcpus; i++)
			if (d->vcpu[i])
				relinquish_vcpu(d->vcpu[i]);
		physdev_domain_relinquish(d);
		d->relmem_step = RELMEM_unpin;
		d->relmem_next = 0;
		/* fall through */
	case RELMEM_unpin:
	case RELMEM_tables:
	case RELMEM_alloc:
		while (d->relmem_step != RELMEM_done) {
			rc = walk(d, d->relmem_step);
			if (rc)
				return rc;
			d->relmem_step++;
		}
		/* fall through */
	case RELMEM_done:
		return 0;
	}
	BUG();
}
