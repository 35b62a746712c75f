// SPDX-License-Identifier: GPL-2.0-only
/*
 * Everything that enters the hypervisor through the IDT lands in
 * do_trap(). What a guest raised goes to pv/traps.c; external interrupts
 * go to their handlers; an exception in hypervisor code is either
 * expected (an exception-table fixup resumes it) or fatal: we print the
 * vector, its name, the error code, all registers, the control
 * registers and a call trace, then panic.
 */
#include <asm/apic.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/pv.h>
#include <asm/traps.h>
#include <xen/console.h>
#include <xen/irq.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/softirq.h>
#include <xen/symbols.h>

void timer_interrupt(void);
unsigned long nmi_count;

static const char *const trap_names[32] = {
	[TRAP_divide_error] = "divide error",
	[TRAP_debug] = "debug",
	[TRAP_nmi] = "NMI",
	[TRAP_int3] = "int3",
	[TRAP_overflow] = "overflow",
	[TRAP_bounds] = "bounds",
	[TRAP_invalid_op] = "invalid opcode",
	[TRAP_no_device] = "device not available",
	[TRAP_double_fault] = "double fault",
	[TRAP_copro_seg] = "coprocessor segment overrun",
	[TRAP_invalid_tss] = "invalid TSS",
	[TRAP_no_segment] = "segment not present",
	[TRAP_stack_error] = "stack error",
	[TRAP_gp_fault] = "general protection fault",
	[TRAP_page_fault] = "page fault",
	[TRAP_spurious_int] = "spurious interrupt",
	[TRAP_copro_error] = "x87 floating point error",
	[TRAP_alignment_check] = "alignment check",
	[TRAP_machine_check] = "machine check",
	[TRAP_simd_error] = "SIMD floating point error",
	[TRAP_virtualisation] = "virtualisation exception",
	[TRAP_control_protection] = "control protection",
	[TRAP_hypervisor_injection] = "hypervisor injection",
	[TRAP_vmm_communication] = "VMM communication",
	[TRAP_security] = "security exception",
};

static const char *const trap_mnemonics[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM",
	"#DF", "#CSO", "#TS", "#NP", "#SS", "#GP", "#PF", "#15",
	"#MF", "#AC", "#MC", "#XM", "#VE", "#CP", "#22", "#23",
	"#24", "#25", "#26", "#27", "#HV", "#VC", "#SX", "#31",
};

const char *trap_name(unsigned int vector)
{
	if (vector < 32)
		return trap_names[vector] ? trap_names[vector] : "reserved";
	return "external interrupt";
}

/* A frame pointer is followed only while it stays inside this CPU's stack block. */
static bool on_this_stack(unsigned long addr, unsigned long base)
{
	return addr >= base && addr + 16 <= base + STACK_SIZE && !(addr & 7);
}

void show_stack_trace(unsigned long rip, unsigned long rbp)
{
	unsigned long base = ROUNDDOWN((unsigned long)get_cpu_info(), STACK_SIZE);
	unsigned int depth;

	printk("Xen call trace:\n");
	printk("   [<%016lx>] R %pS\n", rip, (void *)rip);
	for (depth = 0; depth < 32 && on_this_stack(rbp, base); depth++) {
		const unsigned long *frame = (const unsigned long *)rbp;
		unsigned long ret = frame[1];

		if (!ret)
			break;
		printk("   [<%016lx>] F %pS\n", ret, (void *)ret);
		if (frame[0] <= rbp)
			break; /* frames must move up the stack */
		rbp = frame[0];
	}
}

void show_registers(const struct cpu_regs *regs)
{
	unsigned short ds, es, fs, gs;

	__asm__("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
		: "=r"(ds), "=r"(es), "=r"(fs), "=r"(gs));
	printk("CPU:    %u\n", smp_processor_id());
	printk("RIP:    %04lx:[<%016lx>] %pS\n", (unsigned long)regs->cs,
	       (unsigned long)regs->rip, (void *)regs->rip);
	printk("RFLAGS: %016lx   CONTEXT: hypervisor\n", (unsigned long)regs->rflags);
	printk("rax: %016lx   rbx: %016lx   rcx: %016lx\n", regs->rax, regs->rbx, regs->rcx);
	printk("rdx: %016lx   rsi: %016lx   rdi: %016lx\n", regs->rdx, regs->rsi, regs->rdi);
	printk("rbp: %016lx   rsp: %016lx   r8:  %016lx\n", regs->rbp, regs->rsp, regs->r8);
	printk("r9:  %016lx   r10: %016lx   r11: %016lx\n", regs->r9, regs->r10, regs->r11);
	printk("r12: %016lx   r13: %016lx   r14: %016lx\n", regs->r12, regs->r13, regs->r14);
	printk("r15: %016lx   cr0: %016lx   cr4: %016lx\n", regs->r15, read_cr0(), read_cr4());
	printk("cr3: %016lx   cr2: %016lx\n", read_cr3(), read_cr2());
	printk("ds: %04x   es: %04x   fs: %04x   gs: %04x   ss: %04lx   cs: %04lx\n",
	       ds, es, fs, gs, (unsigned long)regs->ss, (unsigned long)regs->cs);
}

void dump_execution_state(void)
{
	struct cpu_regs regs;

	memset(&regs, 0, sizeof(regs));
	__asm__ __volatile__("lea 0(%%rip), %0\n"
			     "mov %%rsp, %1\n"
			     "mov %%rbp, %2\n"
			     "mov %%cs, %3\n"
			     "mov %%ss, %4\n"
			     : "=r"(regs.rip), "=r"(regs.rsp), "=r"(regs.rbp),
			       "=r"(regs.cs), "=r"(regs.ss));
	regs.rflags = local_save_flags();
	show_registers(&regs);
	show_stack_trace(regs.rip, regs.rbp);
}

static void __noreturn fatal_trap(const struct cpu_regs *regs)
{
	unsigned int v = regs->entry_vector;

	console_force_unlock();
	printk("----[ xen-like CPU%u exception: %s %s (vector %u), error code %04x ]----\n",
	       smp_processor_id(), trap_mnemonics[v], trap_name(v), v,
	       regs->error_code);
	show_registers(regs);
	if (v == TRAP_page_fault) {
		unsigned long ec = regs->error_code;

		printk("Pagetable walk from %016lx: %s, %s, %s mode%s%s\n", read_cr2(),
		       ec & 1 ? "protection violation" : "page not present",
		       ec & 2 ? "write" : "read", ec & 4 ? "user" : "supervisor",
		       ec & 8 ? ", reserved bit set" : "",
		       ec & 16 ? ", instruction fetch" : "");
	}
	show_stack_trace(regs->rip, regs->rbp);
	if (v == TRAP_page_fault)
		panic("FATAL TRAP: vector = %u (%s)\n[error_code=%04x]\nFaulting linear address: %016lx",
		      v, trap_name(v), regs->error_code, read_cr2());
	panic("FATAL TRAP: vector = %u (%s)\n[error_code=%04x]", v, trap_name(v),
	      regs->error_code);
}

/*
 * No NMI sources are armed; an NMI is counted and reported, then ignored,
 * as Xen does. It can interrupt anything, even printk with the console
 * lock held, so the report waits for a softirq.
 */
static unsigned long nmi_reported, last_nmi_rip;
unsigned long hyp_debug_count;
static unsigned long hyp_debug_reported, last_debug_rip;

/* NMI_SOFTIRQ: report the NMIs and hypervisor-context #DBs since the last report. */
static void nmi_softirq(void)
{
	unsigned long n = ACCESS_ONCE(nmi_count), d = ACCESS_ONCE(hyp_debug_count);

	if (n != nmi_reported) {
		printk(XENLOG_WARNING "NMI received on CPU%u at %pS (%lu so far), ignored\n",
		       smp_processor_id(), (void *)last_nmi_rip, n);
		nmi_reported = n;
	}
	/* A guest can raise these at will: the first, then each doubling of the count. */
	if (d != hyp_debug_reported && d >= 2 * hyp_debug_reported) {
		printk(XENLOG_WARNING "#DB in hypervisor context at %pS (a guest's debug registers; %lu so far), dropped\n",
		       (void *)last_debug_rip, d);
		hyp_debug_reported = d;
	}
}

/*
 * #DB in hypervisor context, on its own IST stack (desc.c). Only a
 * guest's debug registers can raise it (the hypervisor sets none for
 * itself): a watchpoint on guest memory the hypervisor reads or writes
 * for it, or one held back by MOV SS into the SYSCALL entry (XSA-260),
 * where RSP is still the guest's. DR6 is the guest's to shape, so it
 * decides nothing on its own: TF in the interrupted frame is cleared
 * (the hypervisor never single-steps itself; left set it would trap
 * again on every instruction), an instruction breakpoint (a fault, which
 * would fire again forever; the guest cannot place one on hypervisor
 * text, see pv/debugreg.h) turns DR7 off until the next context switch,
 * and the rest is counted and dropped. As on Xen 4.17, the guest gets no
 * #DB for it and its DR6 is unchanged. printk() could be holding the
 * console lock (it copies from guest memory), so the note waits for a
 * softirq.
 */
DEFINE_PER_CPU(unsigned long, last_hyp_debug_frame);

static void do_debug_hypervisor(struct cpu_regs *regs)
{
	unsigned long dr6, dr7;
	unsigned int bp;

	__asm__ __volatile__("mov %%dr6, %0" : "=r"(dr6));
	__asm__ __volatile__("mov %%dr7, %0" : "=r"(dr7));
	write_debugreg(6, 0xffff0ff0UL);
	regs->rflags &= ~X86_EFLAGS_TF;
	for (bp = 0; bp < 4; bp++)
		if ((dr6 & (1UL << bp)) && (dr7 & (3UL << (bp * 2))) &&
		    !((dr7 >> (16 + bp * 4)) & 3)) {
			write_debugreg(7, 0x400);
			break;
		}
	this_cpu(last_hyp_debug_frame) = (unsigned long)regs;
	last_debug_rip = regs->rip;
	__atomic_fetch_add(&hyp_debug_count, 1, __ATOMIC_RELAXED);
	raise_softirq(NMI_SOFTIRQ);
}

void do_nmi(const struct cpu_regs *regs)
{
	last_nmi_rip = regs->rip;
	__atomic_fetch_add(&nmi_count, 1, __ATOMIC_RELAXED); /* NMIs on several CPUs at once */
	raise_softirq(NMI_SOFTIRQ);
}

void traps_init(void)
{
	open_softirq(NMI_SOFTIRQ, nmi_softirq);
}

/* The exception the last exception-table fixup on this CPU resumed from. */
DEFINE_PER_CPU(struct fixup_trap, last_fixup_trap);

static void do_exception(struct cpu_regs *regs)
{
	unsigned long fixup;

	switch (regs->entry_vector) {
	case TRAP_nmi:
		do_nmi(regs);
		return;
	case TRAP_double_fault:
	case TRAP_machine_check:
		break;
	case TRAP_debug:
		do_debug_hypervisor(regs);
		return;
	default:
		fixup = search_exception_table(regs->rip);
		if (fixup) {
			this_cpu(last_fixup_trap).vector = regs->entry_vector;
			this_cpu(last_fixup_trap).error_code = regs->error_code;
			regs->rip = fixup;
			return;
		}
		break;
	}
	fatal_trap(regs);
}

static void do_irq(struct cpu_regs *regs)
{
	unsigned int v = regs->entry_vector;
	static bool reported[256];

	if (smp_ipi_interrupt(v))
		return;
	switch (v) {
	case LOCAL_TIMER_VECTOR:
		ack_APIC_irq();
		timer_interrupt();
		return;
	case SPURIOUS_APIC_VECTOR:
		return; /* no EOI for spurious interrupts */
	case ERROR_APIC_VECTOR:
		apic_write(APIC_ESR, 0);
		printk(XENLOG_WARNING "APIC error on CPU%u: ESR %#x\n",
		       smp_processor_id(), apic_read(APIC_ESR));
		ack_APIC_irq();
		return;
	default:
		break;
	}
	if (irq_do_vector(v))
		return;
	if (v >= PIC_VECTOR_BASE && v < PIC_VECTOR_BASE + 16) {
		/* The 8259 is fully masked; these are its spurious IRQ7/15. */
		if (!reported[v]) {
			reported[v] = true;
			printk(XENLOG_INFO "spurious 8259 interrupt (vector %#x)\n", v);
		}
		return;
	}
	if (!reported[v]) {
		reported[v] = true;
		printk(XENLOG_WARNING "unexpected interrupt vector %#x on CPU%u\n", v,
		       smp_processor_id());
	}
	ack_APIC_irq();
}

/*
 * Contract: called from entry.asm (and the SYSCALL entry points) with the
 * saved frame; returns to it, possibly changed (for a guest: hypercall
 * result, emulated instruction, bounce to its handler).
 */
void do_trap(struct cpu_regs *regs)
{
	if (guest_mode(regs)) {
		if (regs->entry_vector < 32 || regs->entry_vector >= TRAP_syscall ||
		    regs->entry_vector == LEGACY_SYSCALL_VECTOR) {
			pv_do_trap(regs);
		} else {
			do_irq(regs);
			pv_after_irq(regs);
		}
		return;
	}
	if (regs->entry_vector < 32)
		do_exception(regs);
	else
		do_irq(regs);
}
