// SPDX-License-Identifier: GPL-2.0-only
/*
 * The context switch between vCPUs on a pCPU, and the idle loop.
 *
 * The one idea (Xen's): a PV vCPU that is not running has no hypervisor
 * stack of its own. Everything it is in the middle of is in its register
 * frame, which the entry code left at the top of the pCPU's stack, and
 * in the CPU state below. Switching away saves that frame and state into
 * the vCPU; switching to a vCPU loads its state, copies its frame back
 * to the top of the stack and enters the guest from there, discarding
 * whatever the stack held. The switch is therefore only done where the
 * frame is complete: on the way out to the guest (softirqs in
 * pv_exit_to_guest) and in the idle loop, never inside a hypercall. A
 * hypercall that blocks (SCHEDOP_block, SCHEDOP_poll) sets its result
 * and asks for a reschedule; the guest sees the result when it runs
 * again.
 *
 * State moved on a switch: the frame; the data segment selectors and
 * the FS/GS bases (both GS halves); the FPU/SSE state (FXSAVE, eagerly)
 * and the virtual CR0.TS; the debug registers when either side uses
 * them; the GDT and LDT frames; CR3, with a flush of global mappings
 * too (guest user mappings may be global). The TSS and the SYSCALL
 * stack stay: they are the pCPU's.
 */
#include <asm/current.h>
#include <asm/flushtlb.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>

#define FXSAVE_FCW 0
#define FXSAVE_MXCSR 24

/* The guest frame every entry from a guest builds at the top of this CPU's stack. */
static struct cpu_regs *guest_cpu_user_regs(void)
{
	return (struct cpu_regs *)((char *)get_cpu_info() - sizeof(struct cpu_regs));
}

/* A vCPU's FPU starts as after FNINIT, with SSE exceptions masked. */
void arch_vcpu_init(struct vcpu *v)
{
	uint16_t fcw = 0x37f;
	uint32_t mxcsr = 0x1f80;

	memset(v->fpu_ctxt, 0, sizeof(v->fpu_ctxt));
	memcpy(&v->fpu_ctxt[FXSAVE_FCW], &fcw, sizeof(fcw));
	memcpy(&v->fpu_ctxt[FXSAVE_MXCSR], &mxcsr, sizeof(mxcsr));
}

static uint16_t read_sel(int which)
{
	uint16_t sel = 0;

	switch (which) {
	case 0: __asm__ __volatile__("mov %%ds, %0" : "=r"(sel)); break;
	case 1: __asm__ __volatile__("mov %%es, %0" : "=r"(sel)); break;
	case 2: __asm__ __volatile__("mov %%fs, %0" : "=r"(sel)); break;
	case 3: __asm__ __volatile__("mov %%gs, %0" : "=r"(sel)); break;
	}
	return sel;
}

/*
 * Load a guest data selector; one that no longer fits the guest's
 * descriptor tables loads the null selector instead and sets @failed:
 * the guest then gets its failsafe callback (pv_start_vcpu()), as on Xen.
 */
#define LOAD_SEG(seg, val, failed)                                          \
	do {                                                                \
		uint32_t sel_ = (val); /* the fixup zeroes it: an in-out operand */ \
		__asm__ __volatile__("1: movw %w1, %%" seg "\n"            \
				     "2:\n"                                 \
				     ".section .fixup,\"ax\"\n"             \
				     "3: xorl %k1, %k1\n"                   \
				     "   movw %w1, %%" seg "\n"             \
				     "   movb $1, %0\n"                     \
				     "   jmp 2b\n"                          \
				     ".previous\n"                          \
				     ".section .ex_table,\"a\"\n"           \
				     ".balign 8\n"                          \
				     ".quad 1b, 3b\n"                       \
				     ".previous"                            \
				     : "+m"(failed), "+r"(sel_));           \
	} while (0)

static bool uses_debugregs(const struct vcpu *v)
{
	return v && !is_idle_vcpu(v) && (v->debugreg[7] & 0xff);
}

static void save_guest_state(struct vcpu *v)
{
	uint64_t gs_active, gs_shadow;

	v->user_regs = *guest_cpu_user_regs();
	v->sel_ds = read_sel(0);
	v->sel_es = read_sel(1);
	v->sel_fs = read_sel(2);
	v->sel_gs = read_sel(3);
	v->fs_base = rdmsr(MSR_FS_BASE);
	gs_active = rdmsr(MSR_GS_BASE);
	gs_shadow = rdmsr(MSR_SHADOW_GS_BASE);
	v->gs_base_kernel = v->kernel_mode ? gs_active : gs_shadow;
	v->gs_base_user = v->kernel_mode ? gs_shadow : gs_active;
	__asm__ __volatile__("clts; fxsave64 %0" : "=m"(v->fpu_ctxt));
	if (uses_debugregs(v))
		write_debugreg(7, 0x400); /* its breakpoints must not fire in another guest */
}

/* This pCPU flushed after running @d: it holds none of @d's translations now. */
static void leave_domain(struct domain *d)
{
	if (d != &dom_idle)
		__atomic_fetch_and(&d->dirty_cpumask, ~cpumask_of(smp_processor_id()),
				   __ATOMIC_SEQ_CST);
}

static void load_guest_state(struct vcpu *prev, struct vcpu *v)
{
	uint64_t table = v->kernel_mode || !v->guest_table_user ? v->guest_table
								 : v->guest_table_user;
	unsigned int i;

	BUG_ON(desc_map_guest_gdt(v->gdt_frames, DIV_ROUND_UP(v->gdt_ents, PAGE_SIZE / 8)));
	desc_load_ldt(v->ldt_ents ? v->ldt_frames : NULL, v->ldt_ents);
	/* Visible before the load: a flush for the domain sent from now on comes here. */
	__atomic_fetch_or(&v->domain->dirty_cpumask, cpumask_of(smp_processor_id()),
			  __ATOMIC_SEQ_CST);
	tlb_guest_enter();
	write_cr3(table << PAGE_SHIFT);
	flush_tlb_local(); /* global guest mappings and the GDT window too */
	if (prev && prev->domain != v->domain)
		leave_domain(prev->domain);

	v->seg_load_failed = false;
	LOAD_SEG("ds", v->sel_ds, v->seg_load_failed);
	LOAD_SEG("es", v->sel_es, v->seg_load_failed);
	LOAD_SEG("fs", v->sel_fs, v->seg_load_failed);
	LOAD_SEG("gs", v->sel_gs, v->seg_load_failed); /* clobbers the GS base: written below */
	wrmsr(MSR_FS_BASE, v->fs_base);
	wrmsr(MSR_GS_BASE, v->kernel_mode ? v->gs_base_kernel : v->gs_base_user);
	wrmsr(MSR_SHADOW_GS_BASE, v->kernel_mode ? v->gs_base_user : v->gs_base_kernel);

	pv_load_cr4(v);
	__asm__ __volatile__("clts; fxrstor64 %0" ::"m"(v->fpu_ctxt));
	if (v->fpu_ts)
		write_cr0(read_cr0() | X86_CR0_TS);

	if (uses_debugregs(v) || uses_debugregs(prev)) {
		for (i = 0; i < 4; i++)
			write_debugreg(i, v->debugreg[i]);
		write_debugreg(6, v->debugreg[6]);
		write_debugreg(7, v->debugreg[7]);
	}
}

void __noreturn idle_loop(void)
{
	for (;;) {
		local_irq_disable();
		if (softirq_pending()) {
			local_irq_enable();
			do_softirq();
			continue;
		}
		safe_halt(); /* sti; hlt: no wake-up can be lost in between */
	}
}

/*
 * Discard this CPU's stack and run @fn on it, below the guest frame
 * area (rsp is 8 mod 16 there, as at any function's entry).
 */
static void __noreturn reset_stack_and_jump(void (*fn)(void))
{
	unsigned long sp = (unsigned long)guest_cpu_user_regs();

	BUILD_BUG_ON(sizeof(struct cpu_info) % 16 || sizeof(struct cpu_regs) % 16 != 8);
	__asm__ __volatile__("mov %0, %%rsp; jmp *%1" ::"r"(sp), "r"(fn) : "memory");
	__builtin_unreachable();
}

void __noreturn context_switch(struct vcpu *prev, struct vcpu *next)
{
	struct cpu_info *ci = get_cpu_info();
	struct cpu_regs *frame = guest_cpu_user_regs();

	local_irq_disable();
	/* Every entry from a guest puts its frame there (16-byte cpu_info, aligned rsp0). */
	BUG_ON(prev && !is_idle_vcpu(prev) && prev->regs != frame);
	if (prev && !is_idle_vcpu(prev)) {
		save_guest_state(prev);
		sched_context_saved(prev); /* from here another pCPU may run it */
	}
	ci->current_vcpu = next;
	if (is_idle_vcpu(next)) {
		/* Off every guest's page tables: one may be freed while we idle. */
		write_cr3(virt_to_maddr(idle_pg_table_ptr()));
		flush_tlb_local(); /* global guest mappings too */
		tlb_guest_leave();
		if (prev)
			leave_domain(prev->domain);
		desc_load_ldt(NULL, 0);
		/* Nor keep its descriptor frames mapped: they may be freed while we idle. */
		BUG_ON(desc_map_guest_gdt(NULL, 0));
		reset_stack_and_jump(idle_loop);
	}
	load_guest_state(prev, next);
	*frame = next->user_regs;
	pv_enter_guest(frame);
}

/*
 * Set up this CPU for guests: the SYSCALL entry points and their stack,
 * and the FPU/SSE state guests expect to be able to use (FXSR, and SSE
 * exceptions as #XM rather than #UD).
 */
int pv_cpu_setup(void)
{
	int rc = pv_cpu_init((unsigned long)guest_cpu_user_regs() + sizeof(struct cpu_regs));

	if (rc)
		return rc;
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	return 0;
}

void pv_cpu_start(void)
{
	if (pv_cpu_setup())
		panic("CPU%u: out of memory for its SYSCALL entry stubs", smp_processor_id());
}
