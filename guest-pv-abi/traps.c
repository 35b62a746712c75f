// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's virtual IDT and its C exception handler. Every vector's
 * trap-table entry points at a stub in entry.asm; do_trap() gives a
 * test's hook the first say, then looks the faulting address up in the
 * exception table (see traps.h), and panics on anything unexpected.
 */
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/smp.h>
#include <guest/traps.h>

#define STUB_SIZE 16 /* keep in step with the align in entry.asm */

extern const char exception_stubs[];
extern const struct extable_entry __start_ex_table[], __stop_ex_table[];

/* What vCPU 0 registered, for the contexts of secondaries. */
static trap_info_t library_table[256];
trap_hook_t trap_hooks[256];
trap_hook_t syscall_hook;
trap_hook_t upcall_hook;

static const char *const exception_names[32] = {
	[X86_EXC_DE] = "#DE", [X86_EXC_DB] = "#DB", [X86_EXC_NMI] = "NMI", [X86_EXC_BP] = "#BP",
	[X86_EXC_OF] = "#OF", [X86_EXC_BR] = "#BR", [X86_EXC_UD] = "#UD",  [X86_EXC_NM] = "#NM",
	[X86_EXC_DF] = "#DF", [X86_EXC_TS] = "#TS", [X86_EXC_NP] = "#NP",  [X86_EXC_SS] = "#SS",
	[X86_EXC_GP] = "#GP", [X86_EXC_PF] = "#PF", [X86_EXC_MF] = "#MF",  [X86_EXC_AC] = "#AC",
	[X86_EXC_MC] = "#MC", [X86_EXC_XM] = "#XM", [X86_EXC_VE] = "#VE",  [X86_EXC_CP] = "#CP",
};

static trap_info_t trap_entry(unsigned int vector, unsigned int flags)
{
	return (trap_info_t){
		.vector = (uint8_t)vector,
		.flags = (uint8_t)flags,
		.cs = FLAT_KERNEL_CS,
		.address = (uint64_t)(uintptr_t)(exception_stubs + vector * STUB_SIZE),
	};
}

void traps_init(void)
{
	/* 32 exception vectors and the terminating entry (address 0). */
	static trap_info_t table[33];
	long rc;

	for (unsigned int v = 0; v < 32; v++) {
		table[v] = trap_entry(v, v == X86_EXC_BP || v == X86_EXC_OF ? TRAP_DPL(3) : 0);
		library_table[v] = table[v];
	}
	rc = HYPERVISOR_set_trap_table(table);
	if (rc)
		panic("set_trap_table: %ld", rc);
}

long trap_install(unsigned int vector, unsigned int flags)
{
	trap_info_t table[2] = {trap_entry(vector, flags)};
	long rc = HYPERVISOR_set_trap_table(table);

	if (!rc && smp_processor_id() == 0 && vector < 256)
		library_table[vector] = table[0];
	return rc;
}

void traps_fill_table(struct trap_info *table)
{
	memcpy(table, library_table, sizeof(library_table));
}

struct trap_record *trap_last_record(void)
{
	return &this_cpu()->trap;
}

/* CR2 of the #PF being handled: Xen writes it to this vCPU's vcpu_info. */
static uint64_t fault_cr2(void)
{
	return evtchn_vcpu_info()->arch.cr2;
}

static const struct extable_entry *extable_find(uint64_t rip)
{
	for (const struct extable_entry *e = __start_ex_table; e < __stop_ex_table; e++)
		if (e->fault == rip)
			return e;
	return NULL;
}

static void dump_regs(const struct cpu_regs *r)
{
	printk("  rip %016llx  cs %04llx (mask %llu)  rflags %016llx\n", (unsigned long long)r->rip,
	       (unsigned long long)(r->cs & 0xffff), (unsigned long long)((r->cs >> 32) & 0xff),
	       (unsigned long long)r->rflags);
	printk("  rsp %016llx  ss %04llx  error code %#llx\n", (unsigned long long)r->rsp,
	       (unsigned long long)(r->ss & 0xffff), (unsigned long long)r->error_code);
	printk("  rax %016llx  rbx %016llx  rcx %016llx  rdx %016llx\n", (unsigned long long)r->rax,
	       (unsigned long long)r->rbx, (unsigned long long)r->rcx, (unsigned long long)r->rdx);
	printk("  rsi %016llx  rdi %016llx  rbp %016llx  r8  %016llx\n", (unsigned long long)r->rsi,
	       (unsigned long long)r->rdi, (unsigned long long)r->rbp, (unsigned long long)r->r8);
	printk("  r9  %016llx  r10 %016llx  r11 %016llx  r12 %016llx\n", (unsigned long long)r->r9,
	       (unsigned long long)r->r10, (unsigned long long)r->r11, (unsigned long long)r->r12);
	printk("  r13 %016llx  r14 %016llx  r15 %016llx\n", (unsigned long long)r->r13,
	       (unsigned long long)r->r14, (unsigned long long)r->r15);
}

void do_trap(struct cpu_regs *regs)
{
	unsigned int vector = regs->vector & 0xff;
	const struct extable_entry *fix;

	if (regs->vector == UPCALL_VECTOR) {
		if (upcall_hook && upcall_hook(regs))
			return;
		dump_regs(regs);
		panic("event upcall with no handler at %#llx", (unsigned long long)regs->rip);
	}
	if (regs->vector == SYSCALL_VECTOR) {
		if (syscall_hook && syscall_hook(regs))
			return;
		dump_regs(regs);
		panic("unhandled syscall %#llx from user mode at %#llx",
		      (unsigned long long)regs->rax, (unsigned long long)regs->rcx);
	}
	if (trap_hooks[vector] && trap_hooks[vector](regs))
		return;

	fix = extable_find(regs->rip);
	if (fix) {
		last_trap.regs = *regs;
		last_trap.cr2 = vector == X86_EXC_PF ? fault_cr2() : 0;
		regs->rax = EXINFO(vector, regs->error_code);
		regs->rip = fix->fixup;
		return;
	}

	if (smp_processor_id())
		printk("On vCPU %u:\n", smp_processor_id());
	printk("Unhandled exception: vector %u %s\n", vector,
	       vector < 32 && exception_names[vector] ? exception_names[vector] : "");
	if (vector == X86_EXC_PF)
		printk("  cr2 %016llx\n", (unsigned long long)fault_cr2());
	dump_regs(regs);
	panic("unhandled exception %u at %#llx", vector, (unsigned long long)regs->rip);
}
