// SPDX-License-Identifier: GPL-2.0-only
/*
 * PV guest traps: everything that enters the hypervisor from a 64-bit PV
 * guest, and how it goes back.
 *
 * The one idea: the guest kernel and its user space both run in ring 3,
 * told apart only by the vCPU's kernel_mode flag. SYSCALL in kernel mode
 * is a hypercall; in user mode it is bounced to the guest's syscall
 * callback. Exceptions the hypervisor does not resolve itself (by
 * emulation, see emulate.c) are bounced to the guest's trap table with
 * the x86-64 PV bounce frame (docs/architecture.md):
 * RCX, R11, [error code], RIP, CS (saved event mask in bits 32-39),
 * RFLAGS, RSP, SS, on the kernel stack. A bounce that cannot be delivered
 * (no handler, unwritable stack) crashes the domain, never the host.
 *
 * Also here: the hypercalls that manage this state (set_trap_table,
 * set_callbacks, callback_op, stack_switch, set_segment_base,
 * fpu_taskswitch, set_debugreg, get_debugreg, iret).
 */
#include <public/callback.h>
#include <public/nmi.h>
#include <public/xen.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/traps.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/perfc.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/softirq.h>

#include "debugreg.h"

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SYSCALL_MASK 0xc0000084

extern const uint8_t syscall_stub_template[2 * PAGE_SIZE];
extern const uint64_t syscall_stub_offsets[3]; /* lstar, cstar, stack top (pv/entry.asm) */

static bool vector_has_error_code(unsigned int v)
{
	return v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21 || v == 29 || v == 30;
}

void show_guest_registers(const struct cpu_regs *regs)
{
	const struct vcpu *v = current;

	printk("Guest d%uv%u in %s mode: RIP %04lx:%016lx RFLAGS %016lx RSP %04lx:%016lx\n",
	       v->domain->domain_id, v->vcpu_id, v->kernel_mode ? "kernel" : "user",
	       (unsigned long)regs->cs, (unsigned long)regs->rip, (unsigned long)regs->rflags,
	       (unsigned long)regs->ss, (unsigned long)regs->rsp);
	printk("  rax %016lx rbx %016lx rcx %016lx rdx %016lx\n", regs->rax, regs->rbx,
	       regs->rcx, regs->rdx);
	printk("  rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n", regs->rsi, regs->rdi,
	       regs->rbp, regs->r8);
	printk("  r9  %016lx r10 %016lx r11 %016lx r12 %016lx\n", regs->r9, regs->r10,
	       regs->r11, regs->r12);
	printk("  r13 %016lx r14 %016lx r15 %016lx cr2 %016lx\n", regs->r13, regs->r14,
	       regs->r15, read_cr2());
}

/*
 * Switch between guest kernel and guest user mode: the other page table
 * and the other GS base (the guest's view of SWAPGS).
 */
static void toggle_guest_mode(struct vcpu *v)
{
	v->kernel_mode = !v->kernel_mode;
	__asm__ __volatile__("swapgs");
	write_cr3((v->kernel_mode ? v->guest_table : v->guest_table_user) << PAGE_SHIFT);
}

/* What is being delivered, for the crash message only (kept off the fast path). */
#define BOUNCE_SYSCALL (-1)
#define BOUNCE_SYSCALL32 (-2)
#define BOUNCE_EVENT (-3)
#define BOUNCE_FAILSAFE (-4)

static void describe(char *buf, size_t size, int what, uint64_t rip)
{
	if (what == BOUNCE_EVENT)
		snprintf(buf, size, "event upcall at %016lx", (unsigned long)rip);
	else if (what == BOUNCE_FAILSAFE)
		snprintf(buf, size, "failsafe callback (a data selector did not load) at %016lx",
			 (unsigned long)rip);
	else if (what == BOUNCE_SYSCALL || what == BOUNCE_SYSCALL32)
		snprintf(buf, size, "%s at %016lx", what == BOUNCE_SYSCALL ? "syscall" : "32-bit syscall",
			 (unsigned long)rip);
	else
		snprintf(buf, size, "%s (vector %d) at %016lx", trap_name(what), what,
			 (unsigned long)rip);
}

/*
 * Build a bounce frame and redirect the guest to @handler. @what is the
 * vector or BOUNCE_*. The frame is, from the new stack pointer up: RCX,
 * R11, [the error code | for BOUNCE_FAILSAFE, DS, ES, FS, GS], RIP, CS
 * (with the saved event mask in bits 32-39), RFLAGS, RSP, SS. Returns 0,
 * or a negative error after crashing the domain.
 */
static int bounce(struct vcpu *v, struct cpu_regs *regs, uint64_t handler, bool has_ec,
		  uint32_t ec, bool mask_events, int what)
{
	char desc[64];
	uint64_t frame[11], rsp, cs = regs->cs;
	uint8_t saved_mask = v->vcpu_info->evtchn_upcall_mask;
	unsigned int n = 0;

	if (!handler || v->in_bounce) {
		describe(desc, sizeof(desc), what, regs->rip);
		domain_crash(v->domain, "%s %s", desc,
			     !handler ? "with no guest handler registered" :
					"while delivering a previous fault");
		return -EINVAL;
	}
	if (v->kernel_mode) {
		rsp = regs->rsp;
		cs &= ~3UL; /* tell the handler it interrupted the kernel */
	} else {
		toggle_guest_mode(v);
		rsp = v->kernel_sp;
	}
	frame[n++] = regs->rcx;
	frame[n++] = regs->r11;
	if (has_ec)
		frame[n++] = ec;
	if (what == BOUNCE_FAILSAFE) {
		/* The selectors that were to be loaded (the CPU now has null ones). */
		frame[n++] = v->sel_ds;
		frame[n++] = v->sel_es;
		frame[n++] = v->sel_fs;
		frame[n++] = v->sel_gs;
	}
	frame[n++] = regs->rip;
	frame[n++] = (cs & 0xffff) | ((uint64_t)saved_mask << 32);
	frame[n++] = (regs->rflags & ~X86_EFLAGS_IF) | (saved_mask ? 0 : X86_EFLAGS_IF);
	frame[n++] = regs->rsp;
	frame[n++] = regs->ss;
	rsp = (rsp & ~15UL) - n * sizeof(uint64_t);

	v->in_bounce = true; /* a fault while writing the frame must not recurse */
	if (raw_copy_to_guest(rsp, frame, n * sizeof(uint64_t))) {
		describe(desc, sizeof(desc), what, regs->rip);
		domain_crash(v->domain, "%s: guest stack %016lx not writable for the bounce frame",
			     desc, (unsigned long)rsp);
		return -EFAULT;
	}
	v->in_bounce = false;
	regs->rsp = rsp;
	regs->rip = handler;
	regs->cs = FLAT_RING3_CS64;
	regs->ss = FLAT_RING3_DS;
	regs->rflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_AC | X86_EFLAGS_VM |
			  X86_EFLAGS_RF | X86_EFLAGS_IOPL);
	regs->rflags |= X86_EFLAGS_IF;
	if (mask_events)
		v->vcpu_info->evtchn_upcall_mask = 1;
	return 0;
}

/* Deliver exception or software interrupt @vector through the guest's trap table. */
int pv_inject_trap(struct cpu_regs *regs, unsigned int vector, bool has_ec, uint32_t ec)
{
	struct vcpu *v = current;
	const struct trap_info *ti = &v->trap_ctxt[vector];

	if (vector == TRAP_page_fault)
		v->vcpu_info->arch.cr2 = read_cr2();
	perfc_trap_bounced(vector);
	TRACE(TRC_CLS_TRAP, vector, regs->rip, ec);
	return bounce(v, regs, ti->address, has_ec, ec, TI_GET_IF(ti), vector);
}

/* May a software INT @vector be raised from the guest's current mode? */
static bool soft_int_permitted(const struct vcpu *v, unsigned int vector)
{
	unsigned int dpl = TI_GET_DPL(&v->trap_ctxt[vector]);

	return v->trap_ctxt[vector].address && dpl >= (v->kernel_mode ? 1U : 3U);
}

/*
 * A #GP(0) the emulator left to the guest: name the instruction (its
 * first bytes, and the MSR for RDMSR/WRMSR) in the unhandled-request log.
 */
static void log_unemulated(const struct cpu_regs *regs)
{
	uint8_t b[4] = { 0 };
	char what[64];

	if (raw_copy_from_guest(b, regs->rip, sizeof(b))) {
		pv_log_unemulated(regs, "instruction (unreadable)");
		return;
	}
	if (b[0] == 0x0f && (b[1] == 0x30 || b[1] == 0x32))
		snprintf(what, sizeof(what), "%s %#x", b[1] == 0x30 ? "wrmsr" : "rdmsr",
			 (unsigned int)regs->rcx);
	else
		snprintf(what, sizeof(what), "instruction %02x %02x %02x %02x", b[0], b[1], b[2], b[3]);
	pv_log_unemulated(regs, what);
}

/*
 * An instruction was emulated for the guest (RIP moved past it): a guest
 * single-stepping through it expects the #DB the CPU raises after an
 * instruction, as Xen's emulator raises it. Not when the emulation
 * raised an exception of its own (its bounce cleared TF).
 */
static void emulated_step(struct vcpu *v, struct cpu_regs *regs)
{
	if (!(regs->rflags & X86_EFLAGS_TF))
		return;
	v->debugreg[6] |= DR6_BS;
	pv_inject_trap(regs, TRAP_debug, false, 0);
}

static void pv_exception(struct cpu_regs *regs)
{
	struct vcpu *v = current;
	unsigned int vector = regs->entry_vector;
	uint32_t ec = regs->error_code;

	switch (vector) {
	case TRAP_nmi:
		do_nmi(regs);
		return;
	case TRAP_double_fault:
	case TRAP_machine_check:
		panic("%s while a guest was running", trap_name(vector));
	case TRAP_page_fault:
		/* A store into one of its own L1 tables: validated and done for it. */
		if (pv_ro_page_fault(regs, read_cr2(), ec)) {
			perfc_trap_emulated(vector);
			return;
		}
		/* The U bit says whether the guest was in its user mode, not CPL. */
		ec = (ec & ~4U) | (v->kernel_mode ? 0 : 4U);
		break;
	case TRAP_invalid_op:
		if (pv_emulate_invalid_op(regs)) {
			perfc_trap_emulated(vector);
			emulated_step(v, regs);
			return;
		}
		break;
	case TRAP_gp_fault:
		if ((ec & 3) == 2) {
			/*
			 * INT n through an IDT gate of DPL 0: a guest software
			 * interrupt. The vector is taken from the instruction, not
			 * the error code (QEMU TCG encodes it as n * 16 + 2 in long
			 * mode, hardware as n * 8 + 2).
			 */
			uint8_t insn[2];

			if (!raw_copy_from_guest(insn, regs->rip, 2) && insn[0] == 0xcd &&
			    soft_int_permitted(v, insn[1])) {
				regs->rip += 2;
				pv_inject_trap(regs, insn[1], false, 0);
				return;
			}
			break;
		}
		if (!ec) {
			enum pv_emul done = pv_emulate_privileged_op(regs);

			if (done != PV_EMUL_NONE) {
				perfc_trap_emulated(vector);
				if (done == PV_EMUL_DONE)
					emulated_step(v, regs);
				return;
			}
			log_unemulated(regs);
		}
		break;
	case TRAP_no_device:
		/* Lazy FPU: the guest's virtual CR0.TS decides who sees #NM. */
		__asm__ __volatile__("clts");
		if (!v->fpu_ts)
			return;
		v->fpu_ts = false;
		break;
	case TRAP_debug: {
		/*
		 * The guest's DR6 gathers what fired, as Xen keeps it: status
		 * bits stay set until the guest clears them, reserved-one bits
		 * the CPU cleared (RTM) follow the CPU.
		 */
		uint64_t dr6;

		__asm__ __volatile__("mov %%dr6, %0" : "=r"(dr6));
		write_debugreg(6, DR6_RESERVED_ONE);
		v->debugreg[6] |= dr6 & ~DR6_RESERVED_ONE;
		v->debugreg[6] &= dr6 | ~DR6_RESERVED_ONE;
		break;
	}
	default:
		break;
	}
	pv_inject_trap(regs, vector, vector_has_error_code(vector), ec);
}

/* SYSCALL from the guest: a hypercall in kernel mode, a guest system call in user mode. */
static void pv_syscall(struct cpu_regs *regs)
{
	struct vcpu *v = current;
	bool compat = regs->entry_vector == TRAP_syscall32;
	uint64_t cb = compat ? v->syscall32_callback : v->syscall_callback;

	if (v->kernel_mode && !compat) {
		pv_hypercall(regs);
		return;
	}
	if (!cb) {
		/* No callback: #UD at the SYSCALL instruction, as on hardware with EFER.SCE clear. */
		regs->rip -= 2;
		pv_inject_trap(regs, TRAP_invalid_op, false, 0);
		return;
	}
	regs->rflags &= ~X86_EFLAGS_DF;
	bounce(v, regs, cb, false, 0, compat ? v->syscall32_masks_events : v->syscall_masks_events,
	       compat ? BOUNCE_SYSCALL32 : BOUNCE_SYSCALL);
}

/*
 * The last thing before every return to the guest: run deferred work
 * (timers may raise events), then make the event upcall if one is due:
 * upcall pending and not masked (the guest's virtual IF). The bounce
 * masks events (the handler starts "with interrupts off", like an
 * interrupt gate) and the frame's saved mask, 0 here, is what the
 * guest's iret restores. Unmasking never traps, so this check on every
 * exit is what notices a guest that unmasked with events pending, at
 * its next hypercall (Linux forces one with xen_version(0)).
 */
static void pv_exit_to_guest(struct cpu_regs *regs)
{
	struct vcpu *v = current;

	while (softirq_pending()) {
		local_irq_enable();
		do_softirq();
		local_irq_disable();
	}
	if (local_events_need_delivery(v) && !v->domain->is_shutting_down) {
		bounce(v, regs, v->event_callback, false, 0, true, BOUNCE_EVENT);
	}
}

/*
 * INT $0x80 enters through a DPL-3 gate (as on Xen): deliver it through
 * the guest's table if its entry allows, else the #GP the guest would
 * have got from a DPL-0 gate, at the INT instruction.
 */
static void pv_int80(struct cpu_regs *regs)
{
	if (soft_int_permitted(current, LEGACY_SYSCALL_VECTOR))
		pv_inject_trap(regs, LEGACY_SYSCALL_VECTOR, false, 0);
	else {
		regs->rip -= 2;
		pv_inject_trap(regs, TRAP_gp_fault, true, (LEGACY_SYSCALL_VECTOR << 3) | 2);
	}
}

void pv_do_trap(struct cpu_regs *regs)
{
	current->regs = regs;
	if (regs->entry_vector >= TRAP_syscall)
		pv_syscall(regs);
	else if (regs->entry_vector == LEGACY_SYSCALL_VECTOR)
		pv_int80(regs);
	else
		pv_exception(regs);
	pv_exit_to_guest(regs);
}

void pv_after_irq(struct cpu_regs *regs)
{
	current->regs = regs;
	pv_exit_to_guest(regs);
}

/*
 * The IRETQ into the guest faulted (entry.asm's restore_all, through its
 * exception-table fixup): the frame the guest chose has a selector that
 * its GDT or LDT does not back, or a bad RIP. As on Xen 4.17, the guest
 * gets that exception (#GP, #NP or #SS, with the CPU's error code)
 * through its trap table, as if raised at the RIP it asked to return to,
 * with that frame. @regs is the frame rebuilt at the top of the stack,
 * as on any entry.
 */
void pv_iret_fault(struct cpu_regs *regs)
{
	struct vcpu *v = current;
	const struct fixup_trap *t = &this_cpu(last_fixup_trap);

	BUG_ON(!guest_mode(regs) || is_idle_vcpu(v));
	v->regs = regs;
	if (pv_inject_trap(regs, t->vector, vector_has_error_code(t->vector), t->error_code)) {
		/* Crashed: never return into the frame that faulted. */
		regs->cs = FLAT_RING3_CS64;
		regs->ss = FLAT_RING3_DS;
		regs->rip = 0;
	}
	pv_exit_to_guest(regs);
}

/* Entry of a vCPU just switched to (entry.asm's pv_enter_guest), frame at @regs. */
void pv_start_vcpu(struct cpu_regs *regs)
{
	struct vcpu *v = current;

	v->regs = regs;
	sched_vcpu_running(v);
	if (v->seg_load_failed) {
		/* A data selector did not load on the switch to it (pv/domain.c). */
		v->seg_load_failed = false;
		bounce(v, regs, v->failsafe_callback, false, 0, v->failsafe_masks_events,
		       BOUNCE_FAILSAFE);
	}
	pv_exit_to_guest(regs);
}

/* --- Hypercalls --- */

long do_set_trap_table(GUEST_PTR(const_trap_info_t) traps)
{
	struct vcpu *v = current;
	struct trap_info ti;
	unsigned int i;

	if (guest_handle_null(traps)) {
		memset(v->trap_ctxt, 0, sizeof(v->trap_ctxt));
		return 0;
	}
	/*
	 * Xen preempts long tables; we bound them instead: more entries than
	 * four full IDTs' worth cannot be a sane table.
	 */
	for (i = 0; i < 4 * NR_VECTORS; i++) {
		if (copy_from_guest_offset(&ti, traps, i, 1))
			return -EFAULT;
		if (!ti.address)
			return 0;
		if (!is_canonical(ti.address))
			return -EINVAL;
		v->trap_ctxt[ti.vector] = ti;
	}
	return -E2BIG;
}

static int register_callback(struct vcpu *v, unsigned int type, unsigned int flags,
			     uint64_t address)
{
	bool mask = flags & CALLBACKF_mask_events;

	if (!is_canonical(address))
		return -EINVAL;
	switch (type) {
	case CALLBACKTYPE_event:
		v->event_callback = address;
		return 0;
	case CALLBACKTYPE_failsafe:
		v->failsafe_callback = address;
		v->failsafe_masks_events = mask;
		return 0;
	case CALLBACKTYPE_syscall:
		v->syscall_callback = address;
		v->syscall_masks_events = mask;
		return 0;
	case CALLBACKTYPE_syscall32:
		v->syscall32_callback = address;
		v->syscall32_masks_events = mask;
		return 0;
	case CALLBACKTYPE_sysenter:
		/*
		 * Kept as Xen keeps it. Nothing delivers it yet: the SYSENTER
		 * MSRs are not programmed, so SYSENTER from 32-bit user mode
		 * raises #GP (#UD on AMD CPUs, as on Xen there).
		 */
		v->sysenter_callback = address;
		v->sysenter_masks_events = mask;
		return 0;
	case CALLBACKTYPE_nmi:
		v->nmi_callback = address;
		v->trap_ctxt[TRAP_nmi].address = address;
		v->trap_ctxt[TRAP_nmi].flags = 0;
		TI_SET_IF(&v->trap_ctxt[TRAP_nmi], 1);
		return 0;
	default:
		return -ENOSYS; /* including sysenter_deprecated, as Xen 4.17 */
	}
}

static void unregister_nmi_callback(struct vcpu *v)
{
	v->nmi_callback = 0;
	memset(&v->trap_ctxt[TRAP_nmi], 0, sizeof(v->trap_ctxt[TRAP_nmi]));
}

long do_set_callbacks(uint64_t event_address, uint64_t failsafe_address,
		      uint64_t syscall_address)
{
	struct vcpu *v = current;
	int rc;

	if (!is_canonical(event_address) || !is_canonical(failsafe_address) ||
	    !is_canonical(syscall_address))
		return -EINVAL;
	rc = register_callback(v, CALLBACKTYPE_event, 0, event_address);
	if (!rc)
		rc = register_callback(v, CALLBACKTYPE_failsafe, 0, failsafe_address);
	if (!rc)
		rc = register_callback(v, CALLBACKTYPE_syscall, 0, syscall_address);
	return rc;
}

long do_callback_op(int cmd, GUEST_PTR(const_void) arg)
{
	struct vcpu *v = current;

	switch (cmd) {
	case CALLBACKOP_register: {
		struct callback_register reg;

		if (copy_from_guest(&reg, arg, 1))
			return -EFAULT;
		return register_callback(v, reg.type, reg.flags, reg.address);
	}
	case CALLBACKOP_unregister: {
		struct callback_unregister unreg;

		if (copy_from_guest(&unreg, arg, 1))
			return -EFAULT;
		switch (unreg.type) {
		case CALLBACKTYPE_event:
		case CALLBACKTYPE_failsafe:
		case CALLBACKTYPE_syscall:
		case CALLBACKTYPE_syscall32:
		case CALLBACKTYPE_sysenter:
			return -EINVAL; /* these stay registered (Xen 4.17) */
		case CALLBACKTYPE_nmi:
			break;
		default:
			return -ENOSYS;
		}
		unregister_nmi_callback(v);
		return 0;
	}
	default:
		return -ENOSYS;
	}
}

/*
 * nmi_op: the older way to set the virtual-NMI callback, the same as
 * callback_op's CALLBACKTYPE_nmi (Xen 4.17: any PV guest, the pad field
 * unchecked; unregistering always succeeds).
 */
long do_nmi_op(unsigned int cmd, GUEST_PTR(void) arg)
{
	struct vcpu *v = current;

	switch (cmd) {
	case XENNMI_register_callback: {
		struct xennmi_callback cb;

		if (copy_from_guest(&cb, arg, 1))
			return -EFAULT;
		return register_callback(v, CALLBACKTYPE_nmi, 0, cb.handler_address);
	}
	case XENNMI_unregister_callback:
		unregister_nmi_callback(v);
		return 0;
	default:
		return -ENOSYS;
	}
}

long do_stack_switch(uint64_t ss, uint64_t esp)
{
	struct vcpu *v = current;

	v->kernel_ss = ss | 3;
	v->kernel_sp = esp;
	return 0;
}

/*
 * Load a user %gs selector with the user GS base preserved: the load
 * happens between two SWAPGS so it lands in the user half. A selector
 * that faults loads the null selector instead (Xen's behaviour).
 */
static void load_user_gs_sel(uint16_t sel)
{
	__asm__ __volatile__("swapgs\n"
			     "1: movw %w0, %%gs\n"
			     "2: swapgs\n"
			     ".section .fixup,\"ax\"\n"
			     "3: xorl %k0, %k0\n"
			     "   movw %w0, %%gs\n"
			     "   jmp 2b\n"
			     ".previous\n"
			     ".section .ex_table,\"a\"\n"
			     ".balign 8\n"
			     ".quad 1b, 3b\n"
			     ".previous"
			     : "+r"(sel));
}

long do_set_segment_base(unsigned int which, uint64_t base)
{
	struct vcpu *v = current;

	switch (which) {
	case SEGBASE_FS:
		if (!is_canonical(base))
			return -EINVAL;
		wrmsr(MSR_FS_BASE, base);
		v->fs_base = base;
		return 0;
	case SEGBASE_GS_USER:
		if (!is_canonical(base))
			return -EINVAL;
		wrmsr(MSR_SHADOW_GS_BASE, base);
		v->gs_base_user = base;
		return 0;
	case SEGBASE_GS_KERNEL:
		if (!is_canonical(base))
			return -EINVAL;
		wrmsr(MSR_GS_BASE, base);
		v->gs_base_kernel = base;
		return 0;
	case SEGBASE_GS_USER_SEL:
		base &= 0xffff;
		if (base & ~3UL)
			base |= 3; /* never a ring-0 RPL */
		load_user_gs_sel(base);
		return 0;
	default:
		return -EINVAL;
	}
}

long do_fpu_taskswitch(int set)
{
	struct vcpu *v = current;

	v->fpu_ts = set != 0;
	if (set)
		write_cr0(read_cr0() | X86_CR0_TS);
	else
		__asm__ __volatile__("clts");
	return 0;
}

/*
 * Load debug register @reg (the guest's numbering, 0-7) of the running
 * vCPU with @value, under the rules of debugreg.h. 0, or -EPERM,
 * -EINVAL or -ENODEV as pv_debugreg_check() gives them, nothing changed.
 * Used by the hypercall and by MOV to %dr (pv/emulate.c).
 */
int pv_set_debugreg(int reg, uint64_t value)
{
	struct vcpu *v = current;
	uint32_t dr7_emul;
	int rc = pv_debugreg_check(reg, &value, v->guest_cr4 & X86_CR4_DE, &dr7_emul);

	if (rc < 0)
		return rc;
	v->debugreg[rc] = value;
	if (rc == 7)
		v->dr7_emul = dr7_emul;
	write_debugreg(rc, value);
	return 0;
}

/*
 * Debug register @reg (0-7) of the running vCPU in @val, as Xen's
 * x86emul_read_dr() gives it: DR7 with its emulated I/O enables, DR4
 * and DR5 as DR6 and DR7 unless CR4.DE (then -ENODEV, like DR8 on).
 */
int pv_get_debugreg(int reg, uint64_t *val)
{
	const struct vcpu *v = current;

	if (reg == 4 || reg == 5) {
		if (v->guest_cr4 & X86_CR4_DE)
			return -ENODEV;
		reg += 2;
	}
	if (reg < 0 || reg > 7)
		return -ENODEV;
	*val = v->debugreg[reg] | (reg == 7 ? v->dr7_emul : 0);
	return 0;
}

long do_set_debugreg(int reg, uint64_t value)
{
	return pv_set_debugreg(reg, value);
}

long do_get_debugreg(int reg)
{
	uint64_t val;
	int rc = pv_get_debugreg(reg, &val);

	return rc ? rc : (long)val;
}

/*
 * The iret hypercall: the guest stack holds an iret_context. Any
 * selectors are taken, with RPL 3 forced (the guest kernel runs in ring
 * 3), and the RIP as given: the IRETQ that uses them checks them against
 * the guest's GDT and LDT, and the fault on a frame it refuses reaches
 * the guest (pv_iret_fault()), as on Xen.
 */
long do_iret(void)
{
	struct vcpu *v = current;
	struct cpu_regs *regs = v->regs;
	struct iret_context ctx;
	bool to_user;

	if (raw_copy_from_guest(&ctx, regs->rsp, sizeof(ctx))) {
		domain_crash(v->domain, "iret: frame at %016lx unreadable", (unsigned long)regs->rsp);
		return -EFAULT;
	}
	/*
	 * Selectors are the low 16 bits (a bounce frame's CS also carries the
	 * saved event mask in bits 32-39). RPL 3 in CS means "return to user
	 * mode"; frames the kernel returns to itself have RPL 0.
	 */
	ctx.cs &= 0xffff;
	ctx.ss &= 0xffff;
	to_user = (ctx.cs & 3) == 3;
	ctx.cs |= 3;
	ctx.ss |= 3;
	if (to_user && v->kernel_mode) {
		if (!v->guest_table_user) {
			domain_crash(v->domain, "iret to user mode without a user page table");
			return -EINVAL;
		}
		toggle_guest_mode(v);
	}
	regs->rip = ctx.rip;
	regs->cs = ctx.cs;
	regs->rflags = (ctx.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) | X86_EFLAGS_IF;
	regs->rsp = ctx.rsp;
	regs->ss = ctx.ss;
	if (!(ctx.flags & VGCF_in_syscall)) {
		regs->r11 = ctx.r11;
		regs->rcx = ctx.rcx;
	}
	v->vcpu_info->evtchn_upcall_mask = !(ctx.rflags & X86_EFLAGS_IF);
	return (long)ctx.rax; /* the dispatcher stores it in rax */
}

/*
 * Per-CPU SYSCALL set-up: this CPU's copy of the entry stubs (see
 * pv/entry.asm) with @stack_top in its data page, mapped once (code
 * read-only and executable, data writable), and the MSRs. STAR's
 * selectors rely on the GDT order (asm/desc.h). Out of memory here
 * leaves the CPU unable to run guests: the caller keeps it out of the
 * scheduler.
 */
static DEFINE_PER_CPU(unsigned long, syscall_stub);

int pv_cpu_init(unsigned long stack_top)
{
	unsigned long va = this_cpu(syscall_stub);
	uint8_t *pages;

	if (!va) {
		pages = alloc_xenheap_pages(1);
		va = pages ? vmap_reserve(2) : 0;
		if (!va) {
			free_xenheap_pages(pages, 1);
			return -ENOMEM;
		}
		memcpy(pages, syscall_stub_template, 2 * PAGE_SIZE);
		if (map_pages_to_xen(va, virt_to_mfn(pages), 1, PAGE_HYPERVISOR_RX) ||
		    map_pages_to_xen(va + PAGE_SIZE, virt_to_mfn(pages) + 1, 1,
				     PAGE_HYPERVISOR_RW))
			return -ENOMEM; /* the page tables of the area: kept, va unused */
		this_cpu(syscall_stub) = va;
	}
	*(uint64_t *)(va + syscall_stub_offsets[2]) = stack_top;
	wrmsr(MSR_STAR, ((uint64_t)FLAT_RING3_CS32 << 48) | ((uint64_t)__HYPERVISOR_CS << 32));
	wrmsr(MSR_LSTAR, va + syscall_stub_offsets[0]);
	wrmsr(MSR_CSTAR, va + syscall_stub_offsets[1]);
	wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_DF | X86_EFLAGS_NT |
					X86_EFLAGS_AC);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	return 0;
}
