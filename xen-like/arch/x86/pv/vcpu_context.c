// SPDX-License-Identifier: GPL-2.0-only
/*
 * VCPUOP_initialise for 64-bit PV guests: a struct vcpu_guest_context
 * becomes the first context of a vCPU that has never run (Xen 4.17's
 * arch_set_info_guest() for a vCPU that is not initialised yet).
 *
 * The one idea (seL4's): check, then act. The context is copied in once
 * and every field is checked and normalised in that local copy; then the
 * references the new state needs are taken (the GDT and LDT frames typed
 * as descriptor pages, the page tables typed and validated as L4s), each
 * undone if a later one fails; only then is the vCPU written, in a
 * commit step without error paths. A refused context leaves the vCPU and
 * every frame exactly as they were.
 *
 * The vCPU's first run is an ordinary context switch to it
 * (arch/x86/pv/domain.c): the switch loads its GDT and LDT frames, its
 * page table for the mode it starts in, its data selectors and FS/GS
 * bases, its FPU image and debug registers, copies the saved frame
 * written here to the top of the stack and enters the guest through
 * IRETQ. So everything the IRETQ or those loads could fault on is
 * refused or normalised here, because that would be a fault in the
 * hypervisor, not in the guest.
 *
 * Where xen-like differs from Xen 4.17, and why:
 *   - CS must be one of the flat ring-3 code selectors and SS the flat
 *     ring-3 data selector (after Xen's RPL fix-up), as do_iret demands:
 *     the IRETQ into the guest has no fault fix-up (Xen's bounces to the
 *     failsafe callback), so a bad selector would fault the host.
 *   - The LDT is mapped when the vCPU first runs, not page by page on
 *     faults: its pages must be mapped by the starting page table and
 *     typeable as descriptor pages now (-EINVAL otherwise), as for
 *     MMUEXT_SET_LDT (pv/descriptor.c).
 *   - MXCSR in a supplied FPU image is masked with the CPU's MXCSR_MASK:
 *     FXRSTOR of a reserved bit faults (Xen's restore has a fix-up).
 *   - VGCF_online also wakes the vCPU; Xen marks it up without waking
 *     it, so it would not run before something else woke it.
 */
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/config.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/traps.h>

#include "debugreg.h"
#include "mm.h"

#define DESCS_PER_PAGE (PAGE_SIZE / 8)
#define FXSAVE_MXCSR 24
#define FXSAVE_MXCSR_MASK 28

/*
 * What the context asks for, once checked: the frames it will hold
 * references on. The rest of the state is taken from the (normalised)
 * context itself at commit.
 */
/* The debug registers a context loads: as vcpu.debugreg, and DR7's emulated I/O enables. */
struct dr_state {
	uint64_t debugreg[8];
	uint32_t dr7_emul;
};

struct new_state {
	unsigned int nr_gdt; /* GDT frames referenced */
	unsigned int nr_ldt; /* LDT frames referenced */
	uint64_t ldt_frames[LDT_MAX_PAGES];
	mfn_t table, table_user; /* L4s referenced (table_user 0: none) */
	struct dr_state dr;
};

/* Xen's fixup_guest_{code,stack}_selector(): a 64-bit PV kernel's RPL is 3. */
static uint64_t fixup_rpl(uint64_t sel)
{
	return sel | 3;
}

/*
 * Check and normalise the parts of @c that need no frame references, in
 * the order Xen 4.17's arch_set_info_guest() checks them (each failure
 * is -EINVAL there too, except where noted).
 */
static int check_context(struct vcpu_guest_context *c)
{
	struct cpu_user_regs *r = &c->user_regs;
	unsigned int i;

	/* Canonical addresses, checked before anything else. */
	if (!is_canonical(r->rip) || !is_canonical(r->rsp) || !is_canonical(c->kernel_sp) ||
	    (c->ldt_ents && !is_canonical(c->ldt_base)) || !is_canonical(c->fs_base) ||
	    !is_canonical(c->gs_base_kernel) || !is_canonical(c->gs_base_user) ||
	    !is_canonical(c->event_callback_eip) || !is_canonical(c->syscall_callback_eip) ||
	    !is_canonical(c->failsafe_callback_eip))
		return -EINVAL;

	/*
	 * Selectors: RPL fixed up to 3, any of the guest's GDT or LDT taken
	 * (Xen). The first IRETQ into the vCPU checks them; its fault goes
	 * to the guest (pv/traps.c).
	 */
	r->ss = fixup_rpl(r->ss);
	r->cs = fixup_rpl(r->cs);
	c->kernel_ss = fixup_rpl(c->kernel_ss);

	/* The virtual IDT: canonical handlers, code selectors fixed up. */
	for (i = 0; i < ARRAY_SIZE(c->trap_ctxt); i++) {
		if (!is_canonical(c->trap_ctxt[i].address))
			return -EINVAL;
		c->trap_ctxt[i].cs = fixup_rpl(c->trap_ctxt[i].cs);
	}

	/* The LDT: outside the hypervisor's range, page aligned, at most 8192 entries. */
	if (!pv_guest_addr_ok(c->ldt_base) || (c->ldt_base & (PAGE_SIZE - 1)) ||
	    c->ldt_ents > LDT_MAX_ENTRIES)
		return -EINVAL;

	/*
	 * vm_assist: vCPU 0's is checked (check_vm_assist()) and, in its
	 * first context only, becomes the domain's (commit()); new registers
	 * for an initialised vCPU 0 leave it, and other vCPUs' is ignored,
	 * as on Xen.
	 *
	 * RFLAGS: IOPL is virtual (taken aside as the vCPU's virtual IOPL
	 * when the context is loaded, as Xen does; Linux starts its
	 * secondary vCPUs with IOPL 1 this way), IF is the real interrupt
	 * flag and always set (the guest's is evtchn_upcall_mask).
	 */
	r->rflags |= X86_EFLAGS_IF;

	/* At most 16 GDT frames' worth here; pv_set_gdt's limit (14) comes with the frames. */
	if (c->gdt_ents > ARRAY_SIZE(c->gdt_frames) * DESCS_PER_PAGE)
		return -EINVAL;
	return 0;
}

/*
 * The debug registers as Xen's set_debugreg() takes them, starting from
 * the reset values, under the context's own CR4.DE (Xen fixes CR4 up
 * first): a value it would refuse (debugreg.h) is silently not loaded,
 * because arch_set_info_guest() ignores set_debugreg()'s result.
 * DR4/DR5 are not read.
 */
static void load_debugregs(const struct domain *d, const struct vcpu_guest_context *c,
			   struct dr_state *s)
{
	static const int regs[] = { 0, 1, 2, 3, 6, 7 };
	bool cr4_de = pv_fixup_guest_cr4(d, c->ctrlreg[4]) & X86_CR4_DE;
	uint32_t dr7_emul;
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->debugreg[6] = DR6_RESERVED_ONE;
	s->debugreg[7] = DR7_RESERVED_ONE;
	for (i = 0; i < ARRAY_SIZE(regs); i++) {
		uint64_t val = c->debugreg[regs[i]];

		if (pv_debugreg_check(regs[i], &val, cr4_de, &dr7_emul) < 0)
			continue;
		s->debugreg[regs[i]] = val;
		if (regs[i] == 7)
			s->dr7_emul = dr7_emul;
	}
}

/* The CPU's MXCSR_MASK, read once (0: not yet). */
static uint32_t mxcsr_mask;

/* FXSAVE bytes 28-31; 0 there means the architectural default 0xffbf. */
static uint32_t cpu_mxcsr_mask(void)
{
	uint8_t image[512] __attribute__((aligned(16)));
	uint64_t cr0;

	if (mxcsr_mask)
		return mxcsr_mask;
	/* CR0.TS may be set for the running guest: FXSAVE would fault. */
	cr0 = read_cr0();
	__asm__ __volatile__("clts; fxsave64 %0" : "=m"(image));
	if (cr0 & X86_CR0_TS)
		write_cr0(cr0);
	memcpy(&mxcsr_mask, &image[FXSAVE_MXCSR_MASK], sizeof(mxcsr_mask));
	if (!mxcsr_mask)
		mxcsr_mask = 0xffbf;
	return mxcsr_mask;
}

static void put_frames(const uint64_t *frames, unsigned int nr)
{
	while (nr--)
		put_page_and_type(mfn_to_page(frames[nr]));
}

/*
 * Type @nr frames of @d as descriptor pages (validating every
 * descriptor, as set_gdt does: get_page_type() runs
 * pv_validate_desc_page()). All or nothing: 0 or -EINVAL (Xen's
 * pv_set_gdt() result for any bad frame).
 */
/* vCPU 0's context sets the domain's VM assists: only ones xen-like has (-EINVAL), as Xen's. */
static int check_vm_assist(const struct vcpu *v, const struct vcpu_guest_context *c)
{
	return v->vcpu_id || vm_assist_valid(c->vm_assist) ? 0 : -EINVAL;
}

static int get_desc_frames(struct domain *d, const uint64_t *frames, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (!mfn_valid(frames[i]) ||
		    get_page_and_type(mfn_to_page(frames[i]), d, PGT_seg_desc_page)) {
			put_frames(frames, i);
			return -EINVAL;
		}
	return 0;
}

/*
 * Take @d's L4 at @cr3 (xen_cr3_to_pfn) as a vCPU base pointer: the
 * general and type reference vCPU 0's guest_table holds, validating the
 * whole tree if the frame is not an L4 yet. -EINVAL if the frame is not
 * the domain's (Xen's get_page_from_mfn()), else get_page_type()'s
 * error.
 */
static int get_base_table(struct domain *d, uint64_t cr3, mfn_t *mfn)
{
	*mfn = xen_cr3_to_pfn(cr3);
	if (!mfn_valid(*mfn))
		return -EINVAL;
	return get_page_and_type(mfn_to_page(*mfn), d, PGT_l4_page_table);
}

/* The L1 entry mapping @va under validated L4 @l4, or NULL (no L1 there, or a superpage). */
static const uint64_t *l1e_under(mfn_t l4, uint64_t va)
{
	static const unsigned int shifts[3] = {L4_PAGETABLE_SHIFT, L3_PAGETABLE_SHIFT,
					       L2_PAGETABLE_SHIFT};
	mfn_t m = l4;
	unsigned int lvl;

	for (lvl = 0; lvl < 3; lvl++) {
		uint64_t e = ((const uint64_t *)mfn_to_virt(m))[(va >> shifts[lvl]) & 511];

		if ((e & (_PAGE_PRESENT | _PAGE_PSE)) != _PAGE_PRESENT || !mfn_valid(pte_mfn(e)))
			return NULL;
		m = pte_mfn(e);
	}
	return (const uint64_t *)mfn_to_virt(m) + l1_table_offset(va);
}

/*
 * The LDT's frames, found through the page table the vCPU starts on
 * (@l4) and typed as descriptor pages. 0 or -EINVAL; on error nothing is
 * held.
 */
static int get_ldt_frames(struct domain *d, mfn_t l4, uint64_t base, unsigned int ents,
			  struct new_state *s)
{
	unsigned int nr = DIV_ROUND_UP(ents, DESCS_PER_PAGE), i;

	s->nr_ldt = 0;
	if (!ents)
		return 0;
	if (!guest_range_ok(base, (uint64_t)ents * 8))
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		const uint64_t *pte = l1e_under(l4, base + (uint64_t)i * PAGE_SIZE);

		if (!pte || !(*pte & _PAGE_PRESENT)) {
			put_frames(s->ldt_frames, i);
			return -EINVAL;
		}
		s->ldt_frames[i] = pte_mfn(*pte);
		if (get_desc_frames(d, &s->ldt_frames[i], 1)) {
			put_frames(s->ldt_frames, i);
			return -EINVAL;
		}
	}
	s->nr_ldt = nr;
	return 0;
}

/*
 * Take every reference the context's state needs, in Xen's order: GDT
 * frames, the kernel L4, the user L4; then the LDT frames (ours). All
 * or nothing.
 */
static int get_references(struct domain *d, const struct vcpu_guest_context *c, struct new_state *s)
{
	int rc;

	if (c->gdt_ents > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL; /* pv_set_gdt(): the hypervisor's own entries follow */
	s->nr_gdt = DIV_ROUND_UP(c->gdt_ents, DESCS_PER_PAGE);
	rc = get_desc_frames(d, c->gdt_frames, s->nr_gdt);
	if (rc)
		return rc;
	rc = get_base_table(d, c->ctrlreg[3], &s->table);
	if (rc)
		goto put_gdt;
	s->table_user = 0;
	if (c->ctrlreg[1]) {
		rc = get_base_table(d, c->ctrlreg[1], &s->table_user);
		if (rc)
			goto put_table;
	}
	rc = get_ldt_frames(d, (c->flags & VGCF_in_kernel) ? s->table : s->table_user, c->ldt_base,
			    c->ldt_ents, s);
	if (rc)
		goto put_table_user;
	return 0;

put_table_user:
	if (s->table_user)
		put_page_and_type(mfn_to_page(s->table_user));
put_table:
	put_page_and_type(mfn_to_page(s->table));
put_gdt:
	put_frames(c->gdt_frames, s->nr_gdt);
	return rc;
}

static void put_references(const struct vcpu_guest_context *c, const struct new_state *s)
{
	put_frames(s->ldt_frames, s->nr_ldt);
	if (s->table_user)
		put_page_and_type(mfn_to_page(s->table_user));
	put_page_and_type(mfn_to_page(s->table));
	put_frames(c->gdt_frames, s->nr_gdt);
}

/*
 * Write the registers, callbacks and debug registers of the checked
 * context into @v, which is not running (nothing of it is in any CPU):
 * everything but its frames (GDT, LDT, page tables). No error path.
 * Caller holds the domain's lock.
 */
static void commit_regs(struct vcpu *v, const struct vcpu_guest_context *c,
			const struct dr_state *dr)
{
	const struct cpu_user_regs *r = &c->user_regs;
	struct cpu_regs *f = &v->user_regs;
	uint32_t mxcsr;

	ASSERT(spin_is_locked(&v->domain->lock));
	v->kernel_mode = c->flags & VGCF_in_kernel;
	if (c->flags & VGCF_i387_valid) {
		memcpy(v->fpu_ctxt, c->fpu_ctxt.x, sizeof(v->fpu_ctxt));
		memcpy(&mxcsr, &v->fpu_ctxt[FXSAVE_MXCSR], sizeof(mxcsr));
		mxcsr &= cpu_mxcsr_mask();
		memcpy(&v->fpu_ctxt[FXSAVE_MXCSR], &mxcsr, sizeof(mxcsr));
	} else {
		arch_vcpu_init(v); /* the FNINIT state */
	}
	v->fpu_ts = c->ctrlreg[0] & X86_CR0_TS; /* the only CR0 bit a PV guest owns */

	/* The frame the first switch to @v enters the guest with. */
	memset(f, 0, sizeof(*f));
	f->r15 = r->r15;
	f->r14 = r->r14;
	f->r13 = r->r13;
	f->r12 = r->r12;
	f->rbp = r->rbp;
	f->rbx = r->rbx;
	f->r11 = r->r11;
	f->r10 = r->r10;
	f->r9 = r->r9;
	f->r8 = r->r8;
	f->rax = r->rax;
	f->rcx = r->rcx;
	f->rdx = r->rdx;
	f->rsi = r->rsi;
	f->rdi = r->rdi;
	f->rip = r->rip;
	f->cs = r->cs;
	f->rflags = r->rflags & ~X86_EFLAGS_IOPL;
	v->iopl = (r->rflags & X86_EFLAGS_IOPL) >> 12;
	f->rsp = r->rsp;
	f->ss = r->ss;
	/* Loaded with a fix-up on the switch: one that does not fit loads null. */
	v->sel_ds = r->ds;
	v->sel_es = r->es;
	v->sel_fs = r->fs;
	v->sel_gs = r->gs;
	v->fs_base = c->fs_base;
	v->gs_base_kernel = c->gs_base_kernel;
	v->gs_base_user = c->gs_base_user;

	memcpy(v->trap_ctxt, c->trap_ctxt, sizeof(v->trap_ctxt));
	v->nmi_callback = v->trap_ctxt[TRAP_nmi].address; /* CALLBACKTYPE_nmi lives there */
	v->event_callback = c->event_callback_eip;
	v->failsafe_callback = c->failsafe_callback_eip;
	v->syscall_callback = c->syscall_callback_eip;
	v->syscall32_callback = 0; /* these two are not in the context */
	v->sysenter_callback = 0;
	v->failsafe_masks_events = c->flags & VGCF_failsafe_disables_events;
	v->syscall_masks_events = c->flags & VGCF_syscall_disables_events;
	v->kernel_ss = c->kernel_ss;
	v->kernel_sp = c->kernel_sp;
	v->guest_cr4 = pv_fixup_guest_cr4(v->domain, c->ctrlreg[4]); /* the bits a PV guest owns */
	memcpy(v->debugreg, dr->debugreg, sizeof(v->debugreg));
	v->dr7_emul = dr->dr7_emul;
	v->in_bounce = false;
	v->seg_load_failed = false;
	v->vgc_flags = c->flags;
}

/*
 * Write the whole checked context into @v, which has never run, with
 * the frames referenced in @s. No error path. Caller holds the domain's
 * lock.
 */
static void commit(struct vcpu *v, const struct vcpu_guest_context *c, const struct new_state *s)
{
	ASSERT(spin_is_locked(&v->domain->lock));
	if (!v->vcpu_id)
		v->domain->vm_assist = c->vm_assist; /* checked by check_vm_assist() */
	commit_regs(v, c, &s->dr);
	memset(v->gdt_frames, 0, sizeof(v->gdt_frames));
	memcpy(v->gdt_frames, c->gdt_frames, s->nr_gdt * sizeof(v->gdt_frames[0]));
	v->gdt_ents = c->gdt_ents;
	memcpy(v->ldt_frames, s->ldt_frames, s->nr_ldt * sizeof(v->ldt_frames[0]));
	v->ldt_base = c->ldt_ents ? c->ldt_base : 0;
	v->ldt_ents = c->ldt_ents;
	pv_l4_base_m2p(v->domain, s->table, true);
	if (s->table_user)
		pv_l4_base_m2p(v->domain, s->table_user, false);
	v->guest_table = s->table;
	v->guest_table_user = s->table_user;
	v->is_initialised = true;
}

/*
 * Does @c name the frames @v holds (Xen's rule for a context given to an
 * initialised vCPU: same page tables, GDT and LDT)? Caller holds the
 * domain's lock.
 */
static bool same_frames(const struct vcpu *v, const struct vcpu_guest_context *c)
{
	unsigned int i, nr = DIV_ROUND_UP(c->gdt_ents, DESCS_PER_PAGE);

	ASSERT(spin_is_locked(&v->domain->lock));
	if (xen_pfn_to_cr3(v->guest_table) != c->ctrlreg[3])
		return false;
	if (!v->guest_table_user ? c->ctrlreg[1] || !(c->flags & VGCF_in_kernel)
				 : xen_pfn_to_cr3(v->guest_table_user) != c->ctrlreg[1])
		return false;
	if (v->gdt_ents != c->gdt_ents || v->ldt_ents != c->ldt_ents ||
	    (v->ldt_ents && v->ldt_base != c->ldt_base))
		return false;
	for (i = 0; i < nr; i++)
		if (v->gdt_frames[i] != c->gdt_frames[i])
			return false;
	return true;
}

/*
 * XEN_DOMCTL_setvcpucontext of a vCPU that has a context already, its
 * domain paused (not the caller's): Xen 4.17 takes the registers,
 * callbacks and debug registers and keeps the frames, which must be the
 * ones the vCPU holds (-EOPNOTSUPP otherwise); VGCF_online says whether
 * it is up afterwards. 0, -EINVAL (a check failed) or -EOPNOTSUPP.
 */
static int reset_info_guest(struct vcpu *v, struct vcpu_guest_context *c)
{
	struct domain *d = v->domain;
	struct dr_state dr;
	unsigned long flags;
	bool up = c->flags & VGCF_online, was_up;
	int rc;

	rc = check_context(c) ?: check_vm_assist(v, c);
	if (rc)
		return rc;
	load_debugregs(d, c, &dr);
	spin_lock_irqsave(&d->lock, flags);
	if (!same_frames(v, c)) {
		spin_unlock_irqrestore(&d->lock, flags);
		return -EOPNOTSUPP;
	}
	commit_regs(v, c, &dr);
	was_up = v->is_up;
	v->is_up = up;
	spin_unlock_irqrestore(&d->lock, flags);
	if (up && !was_up)
		vcpu_wake(v);
	else if (!up && was_up)
		vcpu_sleep_nosync(v);
	return 0;
}

int pv_set_info_guest(struct vcpu *v, struct vcpu_guest_context *c)
{
	struct domain *d = v->domain;
	struct new_state s;
	unsigned long flags;
	bool wake = false;
	int rc;

	rc = check_context(c) ?: check_vm_assist(v, c);
	if (rc)
		return rc;
	/* Starting in guest user mode needs a user page table. */
	if (!(c->flags & VGCF_in_kernel) && !c->ctrlreg[1])
		return -EINVAL;
	load_debugregs(d, c, &s.dr);
	rc = get_references(d, c, &s);
	if (rc)
		return rc;

	spin_lock_irqsave(&d->lock, flags);
	if (v->is_initialised) {
		/* Another vCPU initialised it while we checked (Xen's -EEXIST). */
		spin_unlock_irqrestore(&d->lock, flags);
		put_references(c, &s);
		return -EEXIST;
	}
	commit(v, c, &s);
	/* VGCF_online: up at once, as if VCPUOP_up followed (see the top). */
	if ((c->flags & VGCF_online) && !v->is_up) {
		v->is_up = true;
		wake = true;
	}
	spin_unlock_irqrestore(&d->lock, flags);
	if (wake)
		vcpu_wake(v);
	return 0;
}

/*
 * VCPUOP_initialise. Error order as Xen 4.17 (common_vcpu_op(), then
 * default_initialise_vcpu(), then arch_set_info_guest()): -ENOMEM for
 * the context buffer, -EFAULT if the guest's copy is unreadable, -EEXIST
 * if the vCPU is initialised already (vCPU 0 always is), then -EINVAL
 * for a context that fails a check, or the page-type error of a page
 * table that does not validate.
 */
int arch_initialise_vcpu(struct vcpu *v, XEN_GUEST_HANDLE(void) arg)
{
	struct vcpu_guest_context *c = xmalloc(struct vcpu_guest_context);
	int rc;

	if (!c)
		return -ENOMEM;
	if (copy_from_guest(c, arg, 1))
		rc = -EFAULT;
	else if (ACCESS_ONCE(v->is_initialised))
		rc = -EEXIST; /* checked again, under the lock, before the commit */
	else
		rc = pv_set_info_guest(v, c);
	xfree(c);
	return rc;
}

/*
 * XEN_DOMCTL_setvcpucontext with a context: the first one of @v, or (as
 * Xen 4.17's arch_set_info_guest()) new registers for one that has a
 * context, with the same frames. @v's domain is paused and not the
 * caller's. Errors as pv_set_info_guest() and reset_info_guest().
 */
int pv_domctl_set_info_guest(struct vcpu *v, struct vcpu_guest_context *c)
{
	if (ACCESS_ONCE(v->is_initialised))
		return reset_info_guest(v, c);
	return pv_set_info_guest(v, c);
}

/*
 * XEN_DOMCTL_setvcpucontext with a null context: Xen 4.17's vcpu_reset().
 * @v gives back its page tables, GDT and LDT frames, and is left down,
 * not blocked, uninitialised, with a fresh FPU image: a later context
 * (the toolstack's or VCPUOP_initialise) starts it afresh. Its
 * vcpu_info stays where it is (Xen's). @v's domain is paused and not
 * the caller's, so @v is on no CPU and no CPU has its tables loaded.
 */
void pv_vcpu_reset(struct vcpu *v)
{
	struct domain *d = v->domain;
	uint64_t gdt[ARRAY_SIZE(v->gdt_frames)], ldt[LDT_MAX_PAGES], table, table_user;
	unsigned int nr_gdt, nr_ldt;
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	nr_gdt = DIV_ROUND_UP(v->gdt_ents, DESCS_PER_PAGE);
	nr_ldt = DIV_ROUND_UP(v->ldt_ents, DESCS_PER_PAGE);
	memcpy(gdt, v->gdt_frames, sizeof(gdt));
	memcpy(ldt, v->ldt_frames, sizeof(ldt));
	table = v->guest_table;
	table_user = v->guest_table_user;
	v->guest_table = v->guest_table_user = 0;
	v->gdt_ents = 0;
	v->ldt_ents = 0;
	v->ldt_base = 0;
	v->is_up = false;
	v->is_initialised = false;
	v->vgc_flags = 0;
	arch_vcpu_init(v);
	spin_unlock_irqrestore(&d->lock, flags);
	/* Out of a block or poll: it is down, so it stays off the run queue. */
	vcpu_unblock(v);
	pv_mm_lock(); /* frame references */
	if (table_user)
		put_page_and_type(mfn_to_page(table_user));
	if (table)
		put_page_and_type(mfn_to_page(table));
	put_frames(gdt, nr_gdt);
	put_frames(ldt, nr_ldt);
	pv_mm_unlock();
}

/*
 * XEN_DOMCTL_getvcpucontext (Xen 4.17's arch_get_info_guest() for a
 * 64-bit PV vCPU): @v's state into @c. @v is initialised and not
 * running (paused).
 */
void pv_get_info_guest(const struct vcpu *v, struct vcpu_guest_context *c)
{
	const struct cpu_regs *f = &v->user_regs;
	struct cpu_user_regs *r = &c->user_regs;
	unsigned int i;

	memset(c, 0, sizeof(*c));
	memcpy(c->fpu_ctxt.x, v->fpu_ctxt, sizeof(c->fpu_ctxt.x));
	c->flags = v->vgc_flags &
		   ~(uint64_t)(VGCF_i387_valid | VGCF_in_kernel | VGCF_failsafe_disables_events |
			       VGCF_syscall_disables_events);
	/* The FXSAVE image is always valid here (saved on every switch). */
	c->flags |= VGCF_i387_valid;
	if (v->failsafe_masks_events)
		c->flags |= VGCF_failsafe_disables_events;
	if (v->syscall_masks_events)
		c->flags |= VGCF_syscall_disables_events;
	if (v->is_up)
		c->flags |= VGCF_online;
	if (v->kernel_mode)
		c->flags |= VGCF_in_kernel;

	r->r15 = f->r15;
	r->r14 = f->r14;
	r->r13 = f->r13;
	r->r12 = f->r12;
	r->rbp = f->rbp;
	r->rbx = f->rbx;
	r->r11 = f->r11;
	r->r10 = f->r10;
	r->r9 = f->r9;
	r->r8 = f->r8;
	r->rax = f->rax;
	r->rcx = f->rcx;
	r->rdx = f->rdx;
	r->rsi = f->rsi;
	r->rdi = f->rdi;
	r->error_code = f->error_code;
	r->entry_vector = f->entry_vector;
	r->rip = f->rip;
	r->cs = (uint16_t)f->cs;
	/* IOPL is virtual: merged back in, as Xen. */
	r->rflags = f->rflags | ((uint64_t)v->iopl << 12);
	r->rsp = f->rsp;
	r->ss = (uint16_t)f->ss;
	r->ds = v->sel_ds;
	r->es = v->sel_es;
	r->fs = v->sel_fs;
	r->gs = v->sel_gs;

	memcpy(c->trap_ctxt, v->trap_ctxt, sizeof(c->trap_ctxt));
	c->ldt_base = v->ldt_ents ? v->ldt_base : 0;
	c->ldt_ents = v->ldt_ents;
	for (i = 0; i < ARRAY_SIZE(v->gdt_frames); i++)
		c->gdt_frames[i] = v->gdt_frames[i];
	c->gdt_ents = v->gdt_ents;
	c->kernel_ss = v->kernel_ss;
	c->kernel_sp = v->kernel_sp;
	c->ctrlreg[0] = (read_cr0() & ~X86_CR0_TS) | (v->fpu_ts ? X86_CR0_TS : 0);
	c->ctrlreg[2] = v->vcpu_info->arch.cr2;
	c->ctrlreg[3] = xen_pfn_to_cr3(v->guest_table);
	c->ctrlreg[1] = v->guest_table_user ? xen_pfn_to_cr3(v->guest_table_user) : 0;
	c->ctrlreg[4] = pv_guest_cr4(v);
	memcpy(c->debugreg, v->debugreg, sizeof(c->debugreg));
	c->debugreg[7] |= v->dr7_emul; /* as Xen's arch_get_info_guest() */
	c->event_callback_eip = v->event_callback;
	c->failsafe_callback_eip = v->failsafe_callback;
	c->syscall_callback_eip = v->syscall_callback;
	c->vm_assist = v->domain->vm_assist;
	c->fs_base = v->fs_base;
	c->gs_base_kernel = v->gs_base_kernel;
	c->gs_base_user = v->gs_base_user;
}
