// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PV MMU hypercalls: mmu_update, mmuext_op, update_va_mapping and
 * update_va_mapping_otherdomain (pv-abi-mm.md 5.5-5.7).
 *
 * Every request names a frame by machine address; the frame's current
 * type decides what a write means (pv/mm.c validates page-table entries,
 * plain frames are written as they are). Batches stop at the first
 * failure and report how many were done; a long batch is preempted with
 * a hypercall continuation when work is pending, so a guest cannot hold
 * the CPU with one huge request.
 */
#include <public/xen.h>
#include <public/grant_table.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/config.h>
#include <asm/flushtlb.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>

#include "mm.h"

DEFINE_SPINLOCK(mm_lock);

/* How often a batch looks for pending work (a preemption point). */
#define PREEMPT_EVERY 64

/*
 * The domain whose frames an L1 entry may reference (Xen's get_pg_owner):
 * DOMID_SELF is the caller; another domain (or DOMID_IO for I/O frames)
 * only for a privileged caller. Naming oneself by number is refused, as
 * on Xen. NULL with *rc set on failure; drop with put_pg_owner().
 */
static struct domain *get_pg_owner(domid_t domid, int *rc)
{
	struct domain *curr = current->domain, *d;

	if (domid == DOMID_SELF)
		return curr;
	*rc = -ESRCH;
	if (domid == curr->domain_id)
		return NULL;
	if (domid == DOMID_IO || domid == DOMID_XEN) {
		*rc = -EPERM;
		if (!curr->is_privileged)
			return NULL;
		/* I/O frames with the caller's rights; the hypervisor's shared frames. */
		return domid == DOMID_IO ? curr : &dom_xen;
	}
	d = domain_get(domid);
	if (d && !curr->is_privileged) {
		domain_put(d);
		*rc = -EPERM;
		return NULL;
	}
	return d;
}

static void put_pg_owner(struct domain *d)
{
	if (d != current->domain && d != &dom_xen)
		domain_put(d);
}

uint64_t *pv_guest_l1e(const struct vcpu *v, uint64_t va, mfn_t *l1mfn)
{
	mfn_t m = v->kernel_mode ? v->guest_table : v->guest_table_user;
	static const unsigned int shifts[3] = { L4_PAGETABLE_SHIFT, L3_PAGETABLE_SHIFT,
						L2_PAGETABLE_SHIFT };
	unsigned int lvl;

	if (!is_canonical(va) || (va >= HYPERVISOR_VIRT_START && va < HYPERVISOR_VIRT_END))
		return NULL;
	for (lvl = 0; lvl < 3; lvl++) {
		uint64_t e = ((const uint64_t *)mfn_to_virt(m))[(va >> shifts[lvl]) & 511];

		if ((e & (_PAGE_PRESENT | _PAGE_PSE)) != _PAGE_PRESENT || !mfn_valid(pte_mfn(e)))
			return NULL;
		m = pte_mfn(e);
	}
	*l1mfn = m;
	return (uint64_t *)mfn_to_virt(m) + l1_table_offset(va);
}

/* ---- grant PTEs (common/grant_table.c's host mappings) ---- */

/*
 * The PTE a grant map writes, as Xen's: present, accessed, dirty, NX;
 * user-accessible for GNTMAP_application_map; writable unless
 * GNTMAP_readonly; the guest's GNTMAP_guest_avail bits in the PTE's
 * software bits 9-11 (XENFEAT_gnttab_map_avail_bits). Then the usual
 * 64-bit PV adjustment (kernel: USER + _PAGE_GUEST_KERNEL, user: GLOBAL).
 */
static uint64_t grant_pte_flags(unsigned int flags)
{
	uint64_t f = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY;

	if (cpu_has_nx)
		f |= _PAGE_NX;
	if (flags & GNTMAP_application_map)
		f |= _PAGE_USER | _PAGE_GLOBAL;
	else
		f |= _PAGE_USER | _PAGE_GUEST_KERNEL;
	if (!(flags & GNTMAP_readonly))
		f |= _PAGE_RW;
	return f | ((uint64_t)((flags >> _GNTMAP_guest_avail0) & 7) << 9);
}

/*
 * The L1 entry a grant operation names: by machine address with
 * GNTMAP_contains_pte (8-byte aligned, in a frame of the caller), else
 * by virtual address in the current page tables. Either way the frame
 * must be an L1 table of the caller in use. NULL if not.
 */
static uint64_t *grant_l1e(uint64_t addr, unsigned int flags)
{
	struct vcpu *v = current;
	struct page_info *pg;
	uint64_t *pte;
	mfn_t l1mfn;

	if (flags & GNTMAP_contains_pte) {
		if (addr & 7)
			return NULL;
		l1mfn = addr >> PAGE_SHIFT;
		if (!mfn_valid(l1mfn))
			return NULL;
		pte = (uint64_t *)maddr_to_virt(addr);
	} else {
		pte = pv_guest_l1e(v, addr, &l1mfn);
		if (!pte)
			return NULL;
	}
	pg = mfn_to_page(l1mfn);
	if (pg->owner != v->domain || page_state(pg) != PGC_state_inuse ||
	    (pg->type_info & PGT_type_mask) != PGT_l1_page_table ||
	    !(pg->type_info & PGT_count_mask))
		return NULL;
	return pte;
}

int arch_gnttab_create_host_mapping(uint64_t addr, mfn_t mfn, unsigned int flags)
{
	uint64_t *pte = grant_l1e(addr, flags), old;

	if (!pte)
		return GNTST_general_error; /* Xen's answer for a bad host_addr */
	old = *pte;
	*pte = (mfn << PAGE_SHIFT) | grant_pte_flags(flags);
	put_page_from_l1e(old);
	return GNTST_okay;
}

int arch_gnttab_replace_host_mapping(uint64_t addr, mfn_t mfn, uint64_t new_addr,
				     unsigned int flags)
{
	uint64_t *pte, *from, moved = 0;

	if (new_addr) {
		/*
		 * unmap_and_replace: new_addr's entry moves, references and
		 * all. As on Xen it is taken out first, so on failure below its
		 * mapping is gone and its references are dropped.
		 */
		if (flags & GNTMAP_contains_pte)
			return GNTST_general_error;
		from = grant_l1e(new_addr, 0);
		if (!from)
			return GNTST_general_error;
		moved = *from;
		*from = 0;
	}
	pte = grant_l1e(addr, flags);
	/* Still the grant's frame, present, with the grant's RW bit? */
	if (!pte || pte_mfn(*pte) != mfn ||
	    ((*pte ^ grant_pte_flags(flags)) & (_PAGE_PRESENT | _PAGE_RW))) {
		put_page_from_l1e(moved);
		return GNTST_general_error;
	}
	*pte = moved;
	return GNTST_okay;
}

/* A vCPU bitmap from the guest (UVMF_MULTI, *_MULTI ops): does it name us? */
/*
 * The pCPUs that may cache translations for the vCPUs named in the
 * guest's vcpumask at @ptr (one word: vCPUs 0-63): where each of them
 * runs now. A vCPU that is not running has none cached anywhere (every
 * switch flushes), and one about to run flushes as it loads.
 */
static int vcpumask_to_cpus(uint64_t ptr, cpumask_t *cpus)
{
	struct domain *d = current->domain;
	uint64_t mask;
	unsigned int i;

	if (copy_from_guest(&mask, GUEST_PTR_FROM_REG(uint64_t, ptr), 1))
		return -EFAULT;
	*cpus = 0;
	for (i = 0; i < d->max_vcpus && i < 64; i++)
		if ((mask & (1UL << i)) && d->vcpu[i])
			*cpus |= vcpu_dirty_cpus(d->vcpu[i]);
	return 0;
}

/* Flush @cpus: only @va (if @one_page) on this CPU, everything on the others. */
static void flush_cpus(cpumask_t cpus, uint64_t va, bool one_page)
{
	cpumask_t me = cpumask_of(smp_processor_id());

	if (cpus & me) {
		if (!one_page)
			flush_tlb_local();
		else if (is_canonical(va))
			invlpg(va);
	}
	flush_tlb_mask(cpus & ~me);
}

/* The flush a guest asked for: this vCPU, all of its domain's, or a vcpumask. */
static int guest_flush(uint64_t va, uint64_t flags)
{
	uint64_t target = flags & ~UVMF_FLUSHTYPE_MASK;
	cpumask_t cpus = cpumask_of(smp_processor_id());
	int rc = 0;

	if (!(flags & UVMF_FLUSHTYPE_MASK))
		return 0;
	if (target == UVMF_ALL)
		cpus |= domain_dirty_cpus(current->domain);
	else if (target != UVMF_LOCAL && (rc = vcpumask_to_cpus(target, &cpus)))
		return rc;
	flush_cpus(cpus, va, (flags & UVMF_FLUSHTYPE_MASK) == UVMF_INVLPG);
	return 0;
}

static long update_va_mapping(uint64_t va, uint64_t val, uint64_t flags, struct domain *pg_owner)
{
	struct vcpu *v = current;
	uint64_t *pte;
	mfn_t l1mfn;
	int rc;

	pte = pv_guest_l1e(v, va, &l1mfn);
	if (!pte || mfn_to_page(l1mfn)->owner != v->domain ||
	    (mfn_to_page(l1mfn)->type_info & PGT_type_mask) != PGT_l1_page_table)
		return -EINVAL;
	rc = mod_pt_entry(1, pte, val, l1mfn, v->domain, pg_owner, false);
	if (rc)
		return rc; /* nothing changed: no flush */
	return guest_flush(va, flags);
}

static long do_update_va_mapping_locked(uint64_t va, uint64_t val, uint64_t flags)
{
	return update_va_mapping(va, val, flags, current->domain);
}

/* Under pv_mm_lock (see docs/design/locking.md). */
long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags)
{
	long rc;

	pv_mm_lock();
	rc = do_update_va_mapping_locked(va, val, flags);
	pv_mm_unlock();
	return rc;
}

static long do_update_va_mapping_otherdomain_locked(uint64_t va, uint64_t val, uint64_t flags, domid_t domid)
{
	struct domain *pg_owner;
	int rc = 0;
	long ret;

	pg_owner = get_pg_owner(domid, &rc);
	if (!pg_owner)
		return rc;
	ret = update_va_mapping(va, val, flags, pg_owner);
	put_pg_owner(pg_owner);
	return ret;
}

/* Under pv_mm_lock (see docs/design/locking.md). */
long do_update_va_mapping_otherdomain(uint64_t va, uint64_t val, uint64_t flags, domid_t domid)
{
	long rc;

	pv_mm_lock();
	rc = do_update_va_mapping_otherdomain_locked(va, val, flags, domid);
	pv_mm_unlock();
	return rc;
}

/* One MMU_NORMAL_PT_UPDATE / MMU_PT_UPDATE_PRESERVE_AD / MMU_PT_UPDATE_NO_TRANSLATE request. */
static int normal_pt_update(const struct mmu_update *req, struct domain *pt_owner,
			    struct domain *pg_owner, bool *flush_linear)
{
	uint64_t ptr = req->ptr & ~(uint64_t)7, type;
	bool preserve_ad = (req->ptr & 7) == MMU_PT_UPDATE_PRESERVE_AD;
	mfn_t mfn = ptr >> PAGE_SHIFT;
	uint64_t *pte;
	struct page_info *pg;
	unsigned int level;
	int rc;

	if (!mfn_valid(mfn) || get_page(pg = mfn_to_page(mfn), pt_owner))
		return -EINVAL;
	pte = (uint64_t *)maddr_to_virt(ptr);
	type = pg->type_info & PGT_type_mask;
	level = pt_level(type);
	if (level && (pg->type_info & PGT_validated) && (pg->type_info & PGT_count_mask)) {
		if (level > 1 && pg_owner != pt_owner)
			rc = -EINVAL;
		else
			rc = mod_pt_entry(level, pte, req->val, mfn, pt_owner, pg_owner, preserve_ad);
		if (!rc && level > 1)
			*flush_linear = true;
	} else if (type == PGT_seg_desc_page && (pg->type_info & PGT_count_mask)) {
		rc = -EINVAL;
	} else if (!(rc = get_page_type(pg, PGT_writable_page))) {
		/* Not a page table in use: a plain write (filling a table before pinning it). */
		*pte = req->val;
		put_page_type(pg);
	}
	put_page(pg);
	return rc;
}

static long do_mmu_update_locked(GUEST_PTR(mmu_update_t) reqs, unsigned int count, GUEST_PTR(uint) pdone,
		   unsigned int foreigndom)
{
	struct domain *d = current->domain, *pt_owner = d, *pg_owner;
	unsigned int i, done = 0, pt_dom = foreigndom >> 16;
	bool flush_linear = false;
	struct mmu_update req;
	int rc = 0;

	if (count & MMU_UPDATE_PREEMPTED) {
		/* A continuation: carry on counting from what was done already. */
		count &= ~MMU_UPDATE_PREEMPTED;
		if (!guest_handle_null(pdone) && copy_from_guest(&done, pdone, 1))
			return -EFAULT;
	}
	if (pt_dom) {
		/* Page tables of another domain (PFD): privileged callers only. */
		pt_owner = domain_get(pt_dom - 1);
		if (!pt_owner)
			return -ESRCH;
		if (pt_owner != d && !d->is_privileged) {
			domain_put(pt_owner);
			return -EPERM;
		}
	}
	pg_owner = get_pg_owner(foreigndom & 0xffff, &rc);
	if (!pg_owner)
		goto out;

	for (i = 0; i < count; i++) {
		if (i && !(i % PREEMPT_EVERY) && hypercall_preempt_check()) {
			rc = hypercall_create_continuation(__HYPERVISOR_mmu_update, 4,
				reqs.p + i * sizeof(req), (uint64_t)((count - i) | MMU_UPDATE_PREEMPTED),
				pdone.p, (uint64_t)foreigndom);
			break;
		}
		if (copy_from_guest_offset(&req, reqs, i, 1)) {
			rc = -EFAULT;
			break;
		}
		switch (req.ptr & 7) {
		case MMU_NORMAL_PT_UPDATE:
		case MMU_PT_UPDATE_PRESERVE_AD:
		case MMU_PT_UPDATE_NO_TRANSLATE: /* = normal for PV: val is a machine frame anyway */
			rc = normal_pt_update(&req, pt_owner, pg_owner, &flush_linear);
			break;
		case MMU_MACHPHYS_UPDATE: {
			mfn_t mfn = req.ptr >> PAGE_SHIFT;

			if (pt_owner != d)
				rc = -EPERM;
			else if (!mfn_valid(mfn) || get_page(mfn_to_page(mfn), pg_owner))
				rc = -EINVAL;
			else {
				set_gpfn_from_mfn(mfn, req.val);
				put_page(mfn_to_page(mfn));
			}
			break;
		}
		default:
			rc = -ENOSYS;
			break;
		}
		if (rc)
			break;
		done++;
	}
	/* Changed upper levels: drop translations cached through them, wherever they run. */
	if (flush_linear)
		flush_tlb_mask(domain_dirty_cpus(pt_owner) | cpumask_of(smp_processor_id()));
	put_pg_owner(pg_owner);
out:
	if (pt_owner != d)
		domain_put(pt_owner);
	if (!guest_handle_null(pdone) && copy_to_guest(pdone, &done, 1))
		return -EFAULT;
	return rc;
}

/* Under pv_mm_lock (see docs/design/locking.md). */
long do_mmu_update(GUEST_PTR(mmu_update_t) reqs, unsigned int count, GUEST_PTR(uint) pdone,
		   unsigned int foreigndom)
{
	long rc;

	pv_mm_lock();
	rc = do_mmu_update_locked(reqs, count, pdone, foreigndom);
	pv_mm_unlock();
	return rc;
}

/* Point base pointer @slot (guest_table or guest_table_user) at L4 @mfn. */
static int new_baseptr(struct vcpu *v, mfn_t *slot, mfn_t mfn)
{
	struct domain *d = v->domain;
	mfn_t old = *slot;
	int rc;

	if (mfn == old)
		return 0;
	if (mfn) {
		if (!mfn_valid(mfn))
			return -EINVAL;
		rc = get_page_and_type(mfn_to_page(mfn), d, PGT_l4_page_table);
		if (rc)
			return rc;
		pv_l4_base_m2p(d, mfn, slot == &v->guest_table);
	}
	*slot = mfn;
	if (slot == &v->guest_table && v->kernel_mode)
		write_cr3(mfn << PAGE_SHIFT);
	else if (slot == &v->guest_table_user && !v->kernel_mode)
		write_cr3((mfn ? mfn : v->guest_table) << PAGE_SHIFT);
	if (old)
		put_page_and_type(mfn_to_page(old));
	return 0;
}

/*
 * MOV to CR3 from the guest kernel (pv/emulate.c): the new kernel base
 * pointer, as MMUEXT_NEW_BASEPTR. The value is a machine address (a PV
 * guest's frame numbers are MFNs); its low bits are ignored as on Xen.
 */
int pv_write_cr3(struct vcpu *v, uint64_t val)
{
	mfn_t mfn = val >> PAGE_SHIFT;
	int rc;

	if (!mfn)
		return -EINVAL;
	pv_mm_lock();
	rc = new_baseptr(v, &v->guest_table, mfn);
	pv_mm_unlock();
	return rc;
}

static int pin_table(struct domain *d, mfn_t mfn, uint64_t type)
{
	struct page_info *pg;
	int rc;

	/* A dying domain's pins are being dropped: one taken now would stay (Xen drops it too). */
	if (!mfn_valid(mfn) || d->is_dying)
		return -EINVAL;
	pg = mfn_to_page(mfn);
	rc = get_page_and_type(pg, d, type);
	if (rc)
		return rc;
	if (pg->type_info & PGT_pinned) {
		put_page_and_type(pg);
		return -EINVAL; /* already pinned */
	}
	pg->type_info |= PGT_pinned;
	return 0;
}

static int unpin_table(struct domain *d, mfn_t mfn)
{
	struct page_info *pg;

	if (!mfn_valid(mfn) || get_page(pg = mfn_to_page(mfn), d))
		return -EINVAL;
	if (!(pg->type_info & PGT_pinned)) {
		put_page(pg);
		return -EINVAL;
	}
	pg->type_info &= ~PGT_pinned;
	put_page_and_type(pg);
	put_page(pg);
	return 0;
}

/* MMUEXT_CLEAR_PAGE / COPY_PAGE: the destination must be a frame that may be written. */
static int clear_or_copy(struct domain *d, const struct mmuext_op *op)
{
	struct page_info *dst, *src = NULL;
	int rc;

	if (op->cmd == MMUEXT_COPY_PAGE) {
		if (!mfn_valid(op->arg2.src_mfn) || get_page(src = mfn_to_page(op->arg2.src_mfn), d))
			return -EINVAL;
	}
	rc = -EINVAL;
	if (!mfn_valid(op->arg1.mfn) ||
	    get_page_and_type(dst = mfn_to_page(op->arg1.mfn), d, PGT_writable_page))
		goto out;
	if (src)
		memcpy(page_to_virt(dst), page_to_virt(src), PAGE_SIZE);
	else
		memset(page_to_virt(dst), 0, PAGE_SIZE);
	put_page_and_type(dst);
	rc = 0;
out:
	if (src)
		put_page(src);
	return rc;
}

static int flush_multi(const struct mmuext_op *op)
{
	cpumask_t cpus;

	if (vcpumask_to_cpus(op->arg2.vcpumask.p, &cpus))
		return -EINVAL; /* Xen: an unreadable mask is -EINVAL here */
	flush_cpus(cpus, op->arg1.linear_addr, op->cmd == MMUEXT_INVLPG_MULTI);
	return 0;
}

static int do_one_mmuext(struct vcpu *v, const struct mmuext_op *op, struct domain *pg_owner)
{
	struct domain *d = v->domain;

	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		return pin_table(pg_owner, op->arg1.mfn,
				 (uint64_t)(op->cmd - MMUEXT_PIN_L1_TABLE + 1) << 61);
	case MMUEXT_UNPIN_TABLE:
		return unpin_table(pg_owner, op->arg1.mfn);
	case MMUEXT_CLEAR_PAGE:
	case MMUEXT_COPY_PAGE:
		return clear_or_copy(pg_owner, op);
	case MMUEXT_MARK_SUPER:
	case MMUEXT_UNMARK_SUPER:
		return -EOPNOTSUPP; /* PV superpages are gone from Xen too */
	}
	/* Everything else acts on the caller's own vCPU and address space. */
	if (pg_owner != d)
		return op->cmd > MMUEXT_FLUSH_CACHE_GLOBAL ? -ENOSYS : -EPERM;
	switch (op->cmd) {
	case MMUEXT_NEW_BASEPTR:
		return new_baseptr(v, &v->guest_table, op->arg1.mfn ? op->arg1.mfn : INVALID_MFN);
	case MMUEXT_NEW_USER_BASEPTR:
		return new_baseptr(v, &v->guest_table_user, op->arg1.mfn);
	case MMUEXT_TLB_FLUSH_LOCAL:
	case MMUEXT_INVLPG_LOCAL:
		flush_cpus(cpumask_of(smp_processor_id()), op->arg1.linear_addr,
			   op->cmd == MMUEXT_INVLPG_LOCAL);
		return 0;
	case MMUEXT_TLB_FLUSH_ALL:
	case MMUEXT_INVLPG_ALL:
		flush_cpus(domain_dirty_cpus(d) | cpumask_of(smp_processor_id()),
			   op->arg1.linear_addr, op->cmd == MMUEXT_INVLPG_ALL);
		return 0;
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_INVLPG_MULTI:
		return flush_multi(op);
	case MMUEXT_FLUSH_CACHE:
		if (!d->is_privileged)
			return -EACCES;
		__asm__ __volatile__("wbinvd" ::: "memory");
		return 0;
	case MMUEXT_FLUSH_CACHE_GLOBAL:
		if (!d->is_privileged)
			return -EINVAL;
		__asm__ __volatile__("wbinvd" ::: "memory");
		return 0;
	case MMUEXT_SET_LDT:
		return pv_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
	default:
		return -ENOSYS;
	}
}

static long do_mmuext_op_locked(GUEST_PTR(mmuext_op_t) ops, unsigned int count, GUEST_PTR(uint) pdone,
		  unsigned int foreigndom)
{
	struct vcpu *v = current;
	struct domain *pg_owner;
	unsigned int i, done = 0;
	struct mmuext_op op;
	int rc = 0;

	if (count & MMU_UPDATE_PREEMPTED) {
		count &= ~MMU_UPDATE_PREEMPTED;
		if (!guest_handle_null(pdone) && copy_from_guest(&done, pdone, 1))
			return -EFAULT;
	}
	pg_owner = get_pg_owner(foreigndom, &rc);
	if (!pg_owner)
		return rc;
	for (i = 0; i < count; i++) {
		if (i && !(i % PREEMPT_EVERY) && hypercall_preempt_check()) {
			rc = hypercall_create_continuation(__HYPERVISOR_mmuext_op, 4,
				ops.p + i * sizeof(op), (uint64_t)((count - i) | MMU_UPDATE_PREEMPTED),
				pdone.p, (uint64_t)foreigndom);
			break;
		}
		if (copy_from_guest_offset(&op, ops, i, 1)) {
			rc = -EFAULT;
			break;
		}
		rc = do_one_mmuext(v, &op, pg_owner);
		if (rc)
			break;
		done++;
	}
	put_pg_owner(pg_owner);
	if (!guest_handle_null(pdone) && copy_to_guest(pdone, &done, 1))
		return -EFAULT;
	return rc;
}

/* Under pv_mm_lock (see docs/design/locking.md). */
long do_mmuext_op(GUEST_PTR(mmuext_op_t) ops, unsigned int count, GUEST_PTR(uint) pdone,
		  unsigned int foreigndom)
{
	long rc;

	pv_mm_lock();
	rc = do_mmuext_op_locked(ops, count, pdone, foreigndom);
	pv_mm_unlock();
	return rc;
}
