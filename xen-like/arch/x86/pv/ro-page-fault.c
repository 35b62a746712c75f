// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writable page tables (VMASST_TYPE_writable_pagetables, pv-abi-mm.md
 * 5.8): a guest kernel that writes into one of its own L1 tables, which
 * it can only map read-only, takes a write fault; instead of bouncing it,
 * the instruction is emulated (pv/ptwr-emulate.c: MOV, XCHG, CMPXCHG,
 * the ALU group, BTS/BTR/BTC...), and its store is widened to the 8-byte
 * entry it falls in, the new entry validated exactly as mmu_update would,
 * and written. The guest continues after the instruction as if the
 * store had simply worked.
 *
 * A write through a read-only mapping of the I/O APIC's page (the only
 * read-only I/O memory, pv_mmio_ro()) is emulated the same way with the
 * store dropped, as Xen does for its mmio_ro_ranges.
 *
 * The one idea: this file owns the store (ptwr_update(), Xen's
 * ptwr_emulated_update()), the emulator everything else. The store is
 * accepted only inside CR2's page, validated into a blank entry first,
 * and swapped in by cmpxchg, because the CPU may set A/D meanwhile.
 * An instruction that cannot be emulated, or an entry that does not
 * validate, is left to the guest as the #PF it was.
 */
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/regs.h>
#include <asm/traps.h>

#include "debugreg.h"
#include "mm.h"
#include "ptwr-emulate.h"

#define PFEC_present (1U << 0)
#define PFEC_write (1U << 1)
#define PFEC_reserved (1U << 3)
#define PFEC_insn (1U << 4)

/* The write being emulated: the faulting address and the L1 it falls in. */
struct ptwr_ctxt {
	struct domain *d;
	uint64_t cr2;
	mfn_t l1mfn; /* the page-table page written (what CR2 maps) */
};

static int ptwr_read(void *data, uint64_t addr, unsigned int bytes, uint64_t *val)
{
	*val = 0;
	return raw_copy_from_guest(val, addr, bytes) ? -EFAULT : 0;
}

/*
 * Store @bytes of @val at @addr into the L1 table, as Xen's
 * ptwr_emulated_update(): only a naturally aligned store inside CR2's
 * page; a narrower one is merged into the 8-byte entry as it is now, and
 * the whole new entry is validated like mmu_update's. With @old (a
 * cmpxchg) the entry must still hold *@old in those bytes, else -EAGAIN
 * and *@old is what it holds. Validation failure refuses the store
 * (-EINVAL and the like), and the guest gets its #PF.
 *
 * The new entry's references are taken before it is swapped in and the
 * old one's dropped after, so the swap itself cannot fail: it is a
 * cmpxchg because the CPU may set A/D in the entry at any time (mm_lock
 * keeps every other writer out).
 */
static int ptwr_update(struct ptwr_ctxt *p, uint64_t addr, unsigned int bytes, uint64_t *old,
		       uint64_t val)
{
	uint64_t *entry, cur, expect, new = 0, seen;
	int rc;

	if (((addr ^ p->cr2) & PAGE_MASK) || (addr & (bytes - 1)))
		return -EINVAL;
	entry = (uint64_t *)mfn_to_virt(p->l1mfn) + ((addr & ~PAGE_MASK) >> 3);
	cur = __atomic_load_n(entry, __ATOMIC_RELAXED);
	expect = old ? ptwr_merge(cur, addr, bytes, *old) : cur;

	/* Validate into a blank local entry: takes exactly the new references. */
	rc = mod_pt_entry(1, &new, ptwr_merge(cur, addr, bytes, val), p->l1mfn, p->d, p->d, false);
	if (rc)
		return rc;
	for (;;) {
		seen = expect;
		if (__atomic_compare_exchange_n(entry, &seen, new, false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			break;
		if (old) {
			put_page_from_l1e(new);
			*old = (seen >> ((addr & 7) * 8)) &
			       (bytes == 8 ? ~0UL : (1UL << (bytes * 8)) - 1);
			return -EAGAIN;
		}
		/*
		 * A plain store overwrites whatever is there, but A/D the CPU set
		 * meanwhile in bytes it does not write are kept (nothing else can
		 * change under mm_lock, and A/D hold no references).
		 */
		new |= (seen ^ expect) & ~ptwr_merge(0, addr, bytes, ~0UL) &
		       (_PAGE_ACCESSED | _PAGE_DIRTY);
		expect = seen;
	}
	put_page_from_l1e(seen);
	return 0;
}

static int ptwr_write(void *data, uint64_t addr, unsigned int bytes, uint64_t val)
{
	return ptwr_update(data, addr, bytes, NULL, val);
}

static int ptwr_cmpxchg(void *data, uint64_t addr, unsigned int bytes, uint64_t *old, uint64_t new)
{
	return ptwr_update(data, addr, bytes, old, new);
}

/* A store to a read-only I/O frame (pv_mmio_ro()): dropped, as Xen's mmio_ro_emulated_write(). */
static int mmio_ro_write(void *data, uint64_t addr, unsigned int bytes, uint64_t val)
{
	return 0;
}

static int mmio_ro_cmpxchg(void *data, uint64_t addr, unsigned int bytes, uint64_t *old,
			   uint64_t new)
{
	return 0;
}

static const struct ptwr_emul_ops mmio_ro_ops = {
	.read = ptwr_read,
	.write = mmio_ro_write,
	.cmpxchg = mmio_ro_cmpxchg,
};

static const struct ptwr_emul_ops ptwr_ops = {
	.read = ptwr_read,
	.write = ptwr_write,
	.cmpxchg = ptwr_cmpxchg,
};

/* Read what is readable of the instruction at @rip (it may end a mapping). */
static unsigned int fetch_insn(uint64_t rip, uint8_t insn[PTWR_INSN_MAX])
{
	unsigned int n;

	if (!raw_copy_from_guest(insn, rip, PTWR_INSN_MAX))
		return PTWR_INSN_MAX;
	for (n = 0; n < PTWR_INSN_MAX; n++)
		if (raw_copy_from_guest(&insn[n], rip + n, 1))
			break;
	return n;
}

/*
 * A write fault at @addr from the guest kernel: emulate it if it is a
 * store into one of the domain's own L1 tables. 0 if done (the guest
 * continues after the instruction), -EAGAIN if a LOCKed write raced with
 * the CPU (the guest runs it again), another negative error to deliver
 * the #PF.
 */
static int ro_page_fault_locked(struct cpu_regs *regs, uint64_t addr)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	uint8_t insn[PTWR_INSN_MAX];
	struct ptwr_ctxt p = {.d = d, .cr2 = addr};
	struct ptwr_emul e = {
		.regs = regs,
		.insn = insn,
		.fs_base = v->fs_base,
		.gs_base = v->gs_base_kernel,
		.ops = &ptwr_ops,
		.data = &p,
	};
	struct page_info *pg;
	uint64_t *pte;
	mfn_t l1mfn;
	int rc;

	/* The page written must be mapped read-only and be one of our L1 tables. */
	pte = pv_guest_l1e(v, addr, &l1mfn);
	if (!pte || (*pte & (_PAGE_PRESENT | _PAGE_RW)) != _PAGE_PRESENT)
		return -EINVAL;
	p.l1mfn = pte_mfn(*pte);
	if (pv_mmio_ro(p.l1mfn)) {
		/* A write to the I/O APIC's page, mapped read-only: skip it. */
		e.ops = &mmio_ro_ops;
		e.insn_avail = fetch_insn(regs->rip, insn);
		return ptwr_emulate(&e);
	}
	if (!mfn_valid(p.l1mfn) || get_page(pg = mfn_to_page(p.l1mfn), d))
		return -EINVAL;
	if ((pg->type_info & (PGT_type_mask | PGT_validated)) !=
		    (PGT_l1_page_table | PGT_validated) ||
	    !(pg->type_info & PGT_count_mask)) {
		put_page(pg);
		return -EINVAL;
	}
	e.insn_avail = fetch_insn(regs->rip, insn);
	rc = ptwr_emulate(&e);
	put_page(pg);
	return rc;
}

bool pv_ro_page_fault(struct cpu_regs *regs, uint64_t addr, uint32_t ec)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	int rc;

	/*
	 * Only a guest-kernel write to a present page can be one, and only
	 * for a domain that asked (the hardware domain gets it without
	 * asking, as on Xen). Checked before the lock: every other fault is
	 * bounced without it.
	 */
	if (!v->kernel_mode ||
	    (ec & (PFEC_present | PFEC_write | PFEC_reserved | PFEC_insn)) !=
		    (PFEC_present | PFEC_write) ||
	    !((d->vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) || is_hardware_domain(d)))
		return false;
	pv_mm_lock(); /* the emulated write is an mmu_update */
	rc = ro_page_fault_locked(regs, addr);
	pv_mm_unlock();

	/*
	 * The instruction ran (or, for a REP string, one element of it): a
	 * guest single-stepping expects the #DB the CPU raises after it, as
	 * Xen raises it. A raced LOCKed write did not run; no #DB.
	 */
	if (!rc && (regs->rflags & X86_EFLAGS_TF)) {
		v->debugreg[6] |= DR6_BS;
		pv_inject_trap(regs, TRAP_debug, false, 0);
	}
	return !rc || rc == -EAGAIN;
}
