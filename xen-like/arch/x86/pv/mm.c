// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PV MMU's model: reference counts, page types and the validation of
 * guest page tables (docs/design/pv-mmu.md).
 *
 * The one idea: a guest owns its page tables but never writes them
 * unchecked. Each frame has an owner, a general reference count (it stays
 * allocated while referenced) and one type at a time with its own count:
 * writable (counting writable mappings), L1..L4 page table, or segment
 * descriptor page. Taking a page-table type validates every entry of the
 * frame, which takes references on whatever the entries point to (so an
 * L4 validates the tree below it); dropping the last type reference
 * releases them again. Because a page table is a type and a writable
 * mapping is another, no frame can be both, and every entry in use was
 * checked when it was written.
 *
 * A validated L4 gets the hypervisor's slots 256-271 from the idle L4,
 * except slot 256, the read-only M2P, which follows Xen's rule (and its
 * VMASST_TYPE_m2p_strict): by default a new L4 has it empty and gets it
 * when it becomes a kernel base pointer, so a separate user page table
 * never shows the M2P to user space; under m2p_strict a new L4 has it
 * and loses it when it becomes a user base pointer (pv_l4_base_m2p()).
 *
 * Everything here is plain C over the frame table and the direct map, so
 * the host unit tests (tests/unit/test_pv_mm.c) run it as it is; the
 * domain's page lock (docs/design/locking.md) serialises callers.
 */
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/config.h>
#include <asm/cpufeature.h>
#include <asm/flushtlb.h>
#include <asm/io_apic.h>
#include <asm/page.h>
#include <asm/processor.h>

#include "mm.h"

/* Flags every level may use: P, RW, US, A, D, the software bits and NX. */
#define BASE_ALLOWED (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY | \
		      _PAGE_AVAIL | _PAGE_AVAIL_HIGH | _PAGE_NX)
#define FLAG_BITS (~PADDR_MASK)

/* Option pv-linear-pt (Xen's default: on): read-only self-referencing tables. */
bool opt_pv_linear_pt = true;

static uint64_t disallow_mask(unsigned int level, const struct domain *d)
{
	uint64_t allowed = BASE_ALLOWED;

	if (level == 1) {
		allowed |= _PAGE_GLOBAL;
		/* Cache attributes only for domains with I/O resources (dom0). */
		if (d->is_privileged)
			allowed |= PAGE_CACHE_ATTRS;
	}
	if (!cpu_has_nx)
		allowed &= ~_PAGE_NX;
	return FLAG_BITS & ~allowed;
}

static bool is_guest_l4_slot(unsigned int slot)
{
	return slot < PV_RESERVED_FIRST_SLOT || slot > PV_RESERVED_LAST_SLOT;
}

static bool m2p_strict(const struct domain *d)
{
	return ACCESS_ONCE(d->vm_assist) & (1UL << VMASST_TYPE_m2p_strict);
}

bool pv_mmio_ro(mfn_t mfn)
{
	return io_apic_owns_pfn(mfn);
}

static bool is_iomem(mfn_t mfn)
{
	return !mfn_valid(mfn) || (mfn_to_page(mfn)->count_info & PGC_iomem);
}

/* ---- general references ---- */

int get_page(struct page_info *pg, const struct domain *d)
{
	uint64_t c = pg->count_info;

	if (page_state(pg) != PGC_state_inuse || pg->owner != d || !d)
		return -EINVAL;
	if (!(c & PGC_count_mask) || (c & PGC_count_mask) == PGC_count_mask)
		return -EINVAL; /* being freed, or the count would overflow */
	pg->count_info = c + 1;
	return 0;
}

void put_page(struct page_info *pg)
{
	BUG_ON(!(pg->count_info & PGC_count_mask));
	if (!(--pg->count_info & PGC_count_mask))
		free_domheap_page(pg);
}

static struct page_info *get_page_from_mfn(mfn_t mfn, const struct domain *d)
{
	if (!mfn_valid(mfn) || get_page(mfn_to_page(mfn), d))
		return NULL;
	return mfn_to_page(mfn);
}

/* ---- entries ---- */

static int validate_table(struct page_info *pg, unsigned int level);
static void devalidate_table(struct page_info *pg, unsigned int level);

/*
 * An L1 entry: the data frame it maps. Returns 0, or > 0 the flag bits
 * to flip (an I/O frame mapped write-back is made uncacheable, as Xen
 * does; a read-only I/O frame, the I/O APIC's, asked for writable is made
 * read-only: writes through it are dropped, pv/ro-page-fault.c), or an error: -EINVAL bad flags, -EPERM I/O space not permitted,
 * -EBUSY a frame @pg_owner does not own or that cannot be writable,
 * -EACCES cache attributes on a hypervisor-shared page.
 */
static int get_page_from_l1e(uint64_t e, struct domain *l1_owner, struct domain *pg_owner)
{
	mfn_t mfn = pte_mfn(e);
	struct page_info *pg;
	uint64_t flip;

	if (e & disallow_mask(1, l1_owner))
		return -EINVAL;
	if (is_iomem(mfn)) {
		if (!iomem_access_permitted(pg_owner, mfn) ||
		    (pg_owner != l1_owner && !iomem_access_permitted(l1_owner, mfn)))
			/* Xen's answer for the all-ones frame (INVALID_MFN) is -EINVAL. */
			return mfn == PADDR_MASK >> PAGE_SHIFT ? -EINVAL : -EPERM;
		flip = pv_mmio_ro(mfn) ? e & _PAGE_RW : 0;
		switch (e & PAGE_CACHE_ATTRS) {
		case 0: /* write-back: I/O is uncached unless asked otherwise */
			return flip | _PAGE_PWT | _PAGE_PCD;
		case _PAGE_PWT: /* write-through, write-protect */
		case _PAGE_PWT | _PAGE_PAT:
			return flip | _PAGE_PCD | (e & _PAGE_PAT);
		}
		return flip;
	}
	pg = mfn_to_page(mfn);
	if (get_page(pg, pg_owner))
		return -EBUSY;
	if ((e & _PAGE_RW) && get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		return -EBUSY;
	}
	if ((e & PAGE_CACHE_ATTRS) && (pg->count_info & PGC_xen_heap)) {
		if (e & _PAGE_RW)
			put_page_type(pg);
		put_page(pg);
		return -EACCES;
	}
	return 0;
}

void put_page_from_l1e(uint64_t e)
{
	mfn_t mfn = pte_mfn(e);

	if (!(e & _PAGE_PRESENT) || is_iomem(mfn))
		return;
	if (e & _PAGE_RW)
		put_page_and_type(mfn_to_page(mfn));
	else
		put_page(mfn_to_page(mfn));
}

/*
 * A linear (recursive) entry of a level-@level table @table: allowed
 * read-only, to the table itself (no reference: a self-map must not keep
 * its own table alive) or to another validated table of the same level
 * and domain. A table with linear entries may not itself be a linear
 * target, which bounds the recursion when tables are released.
 */
static int get_linear_pagetable(uint64_t e, unsigned int level, mfn_t table, struct domain *d)
{
	struct page_info *pg, *tpg = mfn_to_page(table);
	uint64_t want = (uint64_t)level << 61;

	if (!opt_pv_linear_pt || (e & _PAGE_RW))
		return -EINVAL;
	if (pte_mfn(e) == table)
		return 0;
	if (tpg->owner != d || tpg->linear_pt_count < 0 || !(pg = get_page_from_mfn(pte_mfn(e), d)))
		return -EINVAL;
	if (pg->linear_pt_count > 0 ||
	    (pg->type_info & (PGT_type_mask | PGT_validated)) != (want | PGT_validated) ||
	    (pg->type_info & PGT_count_mask) == PGT_count_mask) {
		put_page(pg);
		return -EINVAL;
	}
	pg->type_info++;
	pg->linear_pt_count--;
	tpg->linear_pt_count++;
	return 0;
}

/* An L2-L4 entry: the lower table it references, validated as such. */
static int get_page_from_upper(uint64_t e, unsigned int level, mfn_t table, struct domain *d)
{
	struct page_info *pg;
	int rc;

	if (e & disallow_mask(level, d))
		return -EINVAL;
	pg = get_page_from_mfn(pte_mfn(e), d);
	if (!pg)
		return -EINVAL;
	rc = get_page_type(pg, (uint64_t)(level - 1) << 61);
	if (rc) {
		put_page(pg);
		if (rc == -EINVAL && !get_linear_pagetable(e, level, table, d))
			rc = 0;
	}
	return rc;
}

static void put_page_from_upper(uint64_t e, unsigned int level, mfn_t table)
{
	struct page_info *pg = mfn_to_page(pte_mfn(e));

	if (!(e & _PAGE_PRESENT) || pte_mfn(e) == table)
		return; /* a self-map holds nothing */
	if ((pg->type_info & PGT_type_mask) == (uint64_t)level << 61) {
		/* A linear entry: it holds a type reference of its own level. */
		pg->linear_pt_count++;
		mfn_to_page(table)->linear_pt_count--;
	}
	put_page_and_type(pg);
}

static int get_page_from_entry(unsigned int level, uint64_t e, mfn_t table,
			       struct domain *d, struct domain *pg_owner)
{
	if (level == 1)
		return get_page_from_l1e(e, d, pg_owner);
	return get_page_from_upper(e, level, table, d);
}

static void put_page_from_entry(unsigned int level, uint64_t e, mfn_t table)
{
	if (level == 1)
		put_page_from_l1e(e);
	else
		put_page_from_upper(e, level, table);
}

/*
 * Xen's silent adjustments of 64-bit PV entries (the guest sees them when
 * it reads its tables): the guest kernel runs in ring 3, so kernel L1
 * entries get USER plus the _PAGE_GUEST_KERNEL marker; user ones get
 * GLOBAL; every upper level gets USER, and an L4 also ACCESSED.
 */
static uint64_t adjust_entry(unsigned int level, uint64_t e)
{
	if (!(e & _PAGE_PRESENT))
		return e;
	if (level == 1) {
		if (!(e & _PAGE_USER))
			e |= _PAGE_GUEST_KERNEL | _PAGE_USER;
		if (!(e & _PAGE_GUEST_KERNEL))
			e |= _PAGE_GLOBAL | _PAGE_USER;
		return e;
	}
	e |= _PAGE_USER;
	if (level == 4)
		e |= _PAGE_ACCESSED;
	return e;
}

/* ---- tables ---- */

static int validate_table(struct page_info *pg, unsigned int level)
{
	mfn_t mfn = page_to_mfn(pg);
	uint64_t *t = mfn_to_virt(mfn);
	struct domain *d = pg->owner;
	unsigned int i;
	int rc = 0;

	for (i = 0; i < PAGETABLE_ENTRIES; i++) {
		uint64_t e = t[i];

		if ((level == 4 && !is_guest_l4_slot(i)) || !(e & _PAGE_PRESENT))
			continue;
		rc = get_page_from_entry(level, e, mfn, d, d);
		if (rc < 0)
			goto undo;
		t[i] = adjust_entry(level, e ^ (uint64_t)rc);
		rc = 0;
	}
	if (level == 4) {
		const uint64_t *idle = idle_pg_table_ptr();

		for (i = PV_RESERVED_FIRST_SLOT; i <= PV_RESERVED_LAST_SLOT; i++)
			t[i] = idle[i];
		if (!m2p_strict(d))
			t[PV_RO_M2P_SLOT] = 0; /* until it is a kernel base pointer */
	}
	return 0;

undo:
	while (i--)
		if (level != 4 || is_guest_l4_slot(i))
			put_page_from_entry(level, t[i], mfn);
	return rc;
}

static void devalidate_table(struct page_info *pg, unsigned int level)
{
	mfn_t mfn = page_to_mfn(pg);
	const uint64_t *t = mfn_to_virt(mfn);
	unsigned int i;

	for (i = 0; i < PAGETABLE_ENTRIES; i++)
		if (level != 4 || is_guest_l4_slot(i))
			put_page_from_entry(level, t[i], mfn);
}

/*
 * Validated L4 @mfn of @d becomes a base pointer, a kernel one if
 * @kernel: the read-only M2P goes into slot 256 of a kernel L4 unless
 * the domain is m2p_strict, and out of a user L4 if it is (Xen's
 * fill_ro_mpt()/zap_ro_mpt() at new_guest_cr3(), NEW_USER_BASEPTR and
 * arch_set_info_guest()). Otherwise the slot stays as it is.
 */
void pv_l4_base_m2p(const struct domain *d, mfn_t mfn, bool kernel)
{
	uint64_t *t = mfn_to_virt(mfn);

	if (kernel && !m2p_strict(d))
		t[PV_RO_M2P_SLOT] = idle_pg_table_ptr()[PV_RO_M2P_SLOT];
	else if (!kernel && m2p_strict(d))
		t[PV_RO_M2P_SLOT] = 0;
}

/* ---- types ---- */

int get_page_type(struct page_info *pg, uint64_t type)
{
	uint64_t x = pg->type_info, count = x & PGT_count_mask;
	int rc;

	if (count == PGT_count_mask)
		return -EINVAL;
	if (count) {
		/* In use: same type only, and a table still being validated is a loop. */
		if ((x & PGT_type_mask) != type || !(x & PGT_validated))
			return -EINVAL;
		pg->type_info = x + 1;
		return 0;
	}
	/*
	 * A new type. If the frame's last writable mapping may still be in
	 * the TLB, flush before it can become anything the guest must not
	 * write (a stale writable translation would bypass validation).
	 */
	if ((x & PGT_type_mask) == PGT_writable_page && type != PGT_writable_page)
		flush_tlb_if_stale(pg->tlbflush_timestamp);
	pg->type_info = type | 1;
	if (pt_level(type))
		rc = validate_table(pg, pt_level(type));
	else if (type == PGT_seg_desc_page)
		rc = pv_validate_desc_page(page_to_mfn(pg));
	else
		rc = 0;
	if (rc) {
		pg->type_info = PGT_none;
		return rc;
	}
	pg->type_info |= PGT_validated;
	return 0;
}

void put_page_type(struct page_info *pg)
{
	uint64_t x = pg->type_info, type = x & PGT_type_mask;

	BUG_ON(!(x & PGT_count_mask));
	if ((x & PGT_count_mask) > 1) {
		pg->type_info = x - 1;
		return;
	}
	if (type == PGT_writable_page) {
		/* Remember when, for the retype check in get_page_type(). */
		pg->tlbflush_timestamp = tlbflush_current_time();
		pg->type_info = PGT_writable_page;
		return;
	}
	/* Not validated (nor in use) while its references are being dropped. */
	pg->type_info = type;
	if (pt_level(type))
		devalidate_table(pg, pt_level(type));
	pg->type_info = PGT_none;
}

int get_page_and_type(struct page_info *pg, const struct domain *d, uint64_t type)
{
	int rc = get_page(pg, d);

	if (rc)
		return rc;
	rc = get_page_type(pg, type);
	if (rc)
		put_page(pg);
	return rc;
}

void put_page_and_type(struct page_info *pg)
{
	put_page_type(pg);
	put_page(pg);
}

/* ---- updates ---- */

/* Does changing @old to @new leave every reference as it is? */
static bool same_references(uint64_t old, uint64_t new)
{
	const uint64_t keys = PADDR_MASK | _PAGE_PRESENT | _PAGE_RW | PAGE_CACHE_ATTRS;

	return (old & _PAGE_PRESENT) && ((old ^ new) & keys) == 0;
}

int mod_pt_entry(unsigned int level, uint64_t *pte, uint64_t val, mfn_t table,
		 struct domain *pt_owner, struct domain *pg_owner, bool preserve_ad)
{
	uint64_t old = *pte;
	int rc;

	if (level == 4 && !is_guest_l4_slot(((uintptr_t)pte & (PAGE_SIZE - 1)) / 8))
		return -EINVAL; /* the hypervisor's slots */
	if (!(val & _PAGE_PRESENT)) {
		*pte = val;
		put_page_from_entry(level, old, table);
		return 0;
	}
	if (val & disallow_mask(level, pt_owner))
		return -EINVAL;
	if (same_references(old, val)) {
		/* Same frame, same rights: only A/D or software bits change. */
		val = adjust_entry(level, val);
		if (preserve_ad)
			val |= old & (_PAGE_ACCESSED | _PAGE_DIRTY);
		*pte = val;
		return 0;
	}
	rc = get_page_from_entry(level, val, table, pt_owner, pg_owner);
	if (rc < 0)
		return rc;
	val = adjust_entry(level, val ^ (uint64_t)rc);
	if (preserve_ad)
		val |= old & (_PAGE_ACCESSED | _PAGE_DIRTY);
	*pte = val;
	put_page_from_entry(level, old, table);
	return 0;
}
