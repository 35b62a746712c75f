// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PV MMU, first part: update_va_mapping on the guest's existing page
 * tables, and the mmuext_op commands that need no new table validation
 * (base pointers, pinning an L4 built from validated L3s, flushes,
 * clear/copy page).
 *
 * The one idea: a guest never writes a page-table entry itself; it asks,
 * and the entry is validated before it is written (through the direct
 * map; the guest's own mappings of its page tables are read-only). Until
 * the full PV MMU (typed page tables, pinning, mmu_update, mmuext_op) the
 * set of page-table frames is exactly what the domain builder created and
 * recorded in the frame table, so "no writable mapping of a page table"
 * is checked against those types. Changing an L1 entry is all that is
 * offered; a VA with no L1 table yet gets -EINVAL, as on Xen.
 */
#include <public/xen.h>
#include <asm/config.h>
#include <asm/cpufeature.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>

/* Flags a guest may not set in an L1 entry: cache attributes (PWT, PCD,
 * PAT: RAM only, no I/O-capable domains yet) and the software bits 52-62. */
#define L1_DISALLOW_MASK (_PAGE_PWT | _PAGE_PCD | _PAGE_PSE /* PAT in an L1 */ | \
			  (0x7ffUL << 52))

/* The L1 entry mapping @va in the page table rooted at @l4_mfn, or NULL. */
static uint64_t *guest_l1e(mfn_t l4_mfn, uint64_t va)
{
	const uint64_t *t = mfn_to_virt(l4_mfn);
	static const unsigned int shifts[3] = { L4_PAGETABLE_SHIFT, L3_PAGETABLE_SHIFT,
						L2_PAGETABLE_SHIFT };
	unsigned int lvl;

	for (lvl = 0; lvl < 3; lvl++) {
		uint64_t e = t[(va >> shifts[lvl]) & 511];
		mfn_t m = (e & PADDR_MASK) >> PAGE_SHIFT;

		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE) || !mfn_valid(m))
			return NULL;
		t = mfn_to_virt(m);
	}
	return (uint64_t *)&t[l1_table_offset(va)];
}

int get_page_type(struct page_info *pg, uint64_t type)
{
	uint64_t t = pg->type_info & PGT_type_mask;

	if (t != PGT_none && t != type)
		return -EINVAL;
	if ((pg->type_info & PGT_count_mask) == PGT_count_mask)
		return -EINVAL; /* count would overflow */
	pg->type_info = type | PGT_validated | ((pg->type_info & PGT_count_mask) + 1);
	return 0;
}

void put_page_type(struct page_info *pg)
{
	uint64_t count = pg->type_info & PGT_count_mask;

	BUG_ON(!count);
	pg->type_info = count == 1 ? PGT_none : pg->type_info - 1;
}

/*
 * May @d install @val as an L1 entry? 0, -EINVAL (not its frame, bad
 * flags), or -EBUSY (a writable mapping of a frame whose type forbids
 * one: a page table or GDT frame; Xen's answer too).
 */
static int validate_l1e(const struct domain *d, uint64_t val)
{
	mfn_t mfn = (val & PADDR_MASK) >> PAGE_SHIFT;
	const struct page_info *pg;
	uint64_t type;

	if (!(val & _PAGE_PRESENT))
		return 0;
	if ((val & L1_DISALLOW_MASK) || (val & PADDR_MASK) >> boot_cpu_data.phys_bits)
		return -EINVAL;
	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (pg->owner != d)
		return -EINVAL; /* only its own memory (grants come later) */
	type = pg->type_info & PGT_type_mask;
	if ((val & _PAGE_RW) && type != PGT_none && type != PGT_writable_page)
		return -EBUSY; /* never a writable mapping of a page table or GDT frame */
	return 0;
}

long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags)
{
	struct vcpu *v = current;
	uint64_t *l1e, old;
	int rc;

	if (!is_canonical(va) || (va >= HYPERVISOR_VIRT_START && va < HYPERVISOR_VIRT_END))
		return -EINVAL;
	if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_FLUSHTYPE_MASK)
		return -EINVAL;
	l1e = guest_l1e(v->kernel_mode ? v->guest_table : v->guest_table_user, va);
	if (!l1e)
		return -EINVAL;
	rc = validate_l1e(v->domain, val);
	if (rc)
		return rc;
	/* Take the new entry's writable reference before dropping the old one's. */
	if ((val & (_PAGE_PRESENT | _PAGE_RW)) == (_PAGE_PRESENT | _PAGE_RW) &&
	    get_page_type(mfn_to_page((val & PADDR_MASK) >> PAGE_SHIFT), PGT_writable_page))
		return -EBUSY;
	old = *l1e;
	if (val & _PAGE_PRESENT)
		val |= _PAGE_USER; /* the guest kernel runs in ring 3 */
	if (!cpu_has_nx)
		val &= ~_PAGE_NX;
	*l1e = val;
	if ((old & (_PAGE_PRESENT | _PAGE_RW)) == (_PAGE_PRESENT | _PAGE_RW))
		put_page_type(mfn_to_page((old & PADDR_MASK) >> PAGE_SHIFT));
	/* One vCPU on one CPU: every flush type is a local one. */
	if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_TLB_FLUSH)
		flush_tlb_local();
	else
		invlpg(va); /* even with UVMF_NONE, never leave a stale writable entry */
	return 0;
}

/* Is @mfn a validated L4 table of @d (today: the one the builder made)? */
static bool is_own_l4(const struct domain *d, uint64_t mfn)
{
	const struct page_info *pg;

	if (!mfn_valid(mfn))
		return false;
	pg = mfn_to_page(mfn);
	return pg->owner == d && (pg->type_info & PGT_type_mask) == PGT_l4_page_table &&
	       (pg->type_info & PGT_validated);
}

/* A frame @d owns that is not a page table (so it may be written). */
static bool is_own_data_page(const struct domain *d, uint64_t mfn)
{
	const struct page_info *pg;
	uint64_t type;

	if (!mfn_valid(mfn))
		return false;
	pg = mfn_to_page(mfn);
	type = pg->type_info & PGT_type_mask;
	return pg->owner == d && (type == PGT_none || type == PGT_writable_page);
}

/* L4 entry flags a guest may not set (besides the hypervisor's slots). */
#define L4_DISALLOW_MASK (_PAGE_PWT | _PAGE_PCD | _PAGE_PSE | _PAGE_GLOBAL | (0x7ffUL << 52))

/*
 * Pin @mfn as an L4 table. Every present guest entry must reference an
 * L3 table of the domain that is already validated (today: one the
 * domain builder made, so a copy of the boot L4 pins); validating fresh
 * lower tables recursively arrives with the full PV MMU, so such an L4 is
 * refused with -EINVAL for now. Checks everything before changing
 * anything; the hypervisor's slots are then forced to ours.
 */
static int pin_l4(struct domain *d, uint64_t mfn)
{
	uint64_t *l4, type;
	struct page_info *pg;
	unsigned int i;

	if (!mfn_valid(mfn) || (pg = mfn_to_page(mfn))->owner != d)
		return -EINVAL;
	type = pg->type_info & PGT_type_mask;
	if (type == PGT_l4_page_table && (pg->type_info & PGT_pinned))
		return -EINVAL; /* already pinned */
	if (type == PGT_l4_page_table) {
		pg->type_info = (pg->type_info | PGT_pinned) + 1;
		return 0;
	}
	if (type != PGT_none)
		return -EINVAL; /* mapped writable, or another type */
	l4 = mfn_to_virt(mfn);
	for (i = 0; i < PAGETABLE_ENTRIES; i++) {
		uint64_t e = l4[i], m = (e & PADDR_MASK) >> PAGE_SHIFT;
		const struct page_info *l3;

		if (i >= PV_RESERVED_FIRST_SLOT && i <= PV_RESERVED_LAST_SLOT)
			continue;
		if (!(e & _PAGE_PRESENT))
			continue;
		if ((e & L4_DISALLOW_MASK) || !mfn_valid(m))
			return -EINVAL;
		l3 = mfn_to_page(m);
		if (l3->owner != d || (l3->type_info & PGT_type_mask) != PGT_l3_page_table ||
		    !(l3->type_info & PGT_validated) ||
		    (l3->type_info & PGT_count_mask) == PGT_count_mask)
			return -EINVAL;
	}
	for (i = 0; i < PAGETABLE_ENTRIES; i++) {
		if (i >= PV_RESERVED_FIRST_SLOT && i <= PV_RESERVED_LAST_SLOT)
			l4[i] = idle_pg_table_ptr()[i];
		else if (l4[i] & _PAGE_PRESENT)
			mfn_to_page((l4[i] & PADDR_MASK) >> PAGE_SHIFT)->type_info++;
	}
	pg->type_info = PGT_l4_page_table | PGT_validated | PGT_pinned | 1;
	return 0;
}

/* Drop one type reference of an L4; the last one releases its L3s. */
static void put_l4(uint64_t mfn)
{
	struct page_info *pg = mfn_to_page(mfn);
	const uint64_t *l4 = mfn_to_virt(mfn);
	unsigned int i;

	BUG_ON((pg->type_info & PGT_count_mask) == 0);
	if ((pg->type_info & PGT_count_mask) > 1) {
		pg->type_info--;
		return;
	}
	for (i = 0; i < PAGETABLE_ENTRIES; i++) {
		if ((i < PV_RESERVED_FIRST_SLOT || i > PV_RESERVED_LAST_SLOT) &&
		    (l4[i] & _PAGE_PRESENT))
			mfn_to_page((l4[i] & PADDR_MASK) >> PAGE_SHIFT)->type_info--;
	}
	pg->type_info = PGT_none;
}

static int unpin(struct domain *d, uint64_t mfn)
{
	struct page_info *pg;

	if (!mfn_valid(mfn) || (pg = mfn_to_page(mfn))->owner != d ||
	    !(pg->type_info & PGT_pinned))
		return -EINVAL;
	if ((pg->type_info & PGT_type_mask) != PGT_l4_page_table)
		return -EINVAL; /* only L4s can be pinned so far */
	pg->type_info &= ~PGT_pinned;
	put_l4(mfn);
	return 0;
}

/* Point a base pointer at @mfn: the table holds a reference while in use. */
static int set_baseptr(struct domain *d, uint64_t *slot, uint64_t mfn)
{
	if (mfn && !is_own_l4(d, mfn))
		return -EINVAL;
	if (mfn)
		mfn_to_page(mfn)->type_info++;
	if (*slot)
		put_l4(*slot);
	*slot = mfn;
	return 0;
}

static int do_one_mmuext(struct vcpu *v, const struct mmuext_op *op)
{
	struct domain *d = v->domain;
	int rc;

	switch (op->cmd) {
	case MMUEXT_PIN_L4_TABLE:
		return pin_l4(d, op->arg1.mfn);
	case MMUEXT_UNPIN_TABLE:
		return unpin(d, op->arg1.mfn);
	case MMUEXT_NEW_BASEPTR:
		if (!op->arg1.mfn)
			return -EINVAL;
		rc = set_baseptr(d, &v->guest_table, op->arg1.mfn);
		if (!rc && v->kernel_mode)
			write_cr3(v->guest_table << PAGE_SHIFT);
		return rc;
	case MMUEXT_NEW_USER_BASEPTR:
		return set_baseptr(d, &v->guest_table_user, op->arg1.mfn);
	case MMUEXT_TLB_FLUSH_LOCAL:
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_TLB_FLUSH_ALL:
		/* One vCPU on one CPU: every flush is local. */
		flush_tlb_local();
		return 0;
	case MMUEXT_INVLPG_LOCAL:
	case MMUEXT_INVLPG_MULTI:
	case MMUEXT_INVLPG_ALL:
		if (!is_canonical(op->arg1.linear_addr))
			return -EINVAL;
		invlpg(op->arg1.linear_addr);
		return 0;
	case MMUEXT_CLEAR_PAGE:
		if (!is_own_data_page(d, op->arg1.mfn))
			return -EINVAL;
		memset(mfn_to_virt(op->arg1.mfn), 0, PAGE_SIZE);
		return 0;
	case MMUEXT_COPY_PAGE:
		if (!is_own_data_page(d, op->arg1.mfn) || !mfn_valid(op->arg2.src_mfn) ||
		    mfn_to_page(op->arg2.src_mfn)->owner != d)
			return -EINVAL;
		memcpy(mfn_to_virt(op->arg1.mfn), mfn_to_virt(op->arg2.src_mfn), PAGE_SIZE);
		return 0;
	default:
		/* Pinning L1-L3, LDTs, cache flushes, superpages: with the full PV MMU. */
		return -ENOSYS;
	}
}

/*
 * mmuext_op: stops at the first failing op and returns its error; *done
 * (if given) counts the ops completed. Operating on another domain's
 * tables (foreigndom) is not supported yet.
 */
long do_mmuext_op(GUEST_PTR(mmuext_op_t) ops, unsigned int count, GUEST_PTR(uint) done,
		  unsigned int foreigndom)
{
	struct vcpu *v = current;
	struct mmuext_op op;
	unsigned int i;
	long rc = 0;

	if (foreigndom != DOMID_SELF && foreigndom != v->domain->domain_id)
		return -ENOSYS;
	for (i = 0; i < count; i++) {
		if (copy_from_guest_offset(&op, ops, i, 1)) {
			rc = -EFAULT;
			break;
		}
		rc = do_one_mmuext(v, &op);
		if (rc)
			break;
	}
	if (!guest_handle_null(done) && copy_to_guest(done, &i, 1))
		return -EFAULT;
	return rc;
}
