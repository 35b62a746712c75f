/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Exceptions in a PV guest kernel: the virtual IDT (set_trap_table), the
 * saved register frame, and exception-table fixups.
 *
 * A test executes an instruction that should fault like this:
 *
 *	exinfo_t fault = 0;
 *	asm volatile("1: ud2; 2:" _ASM_EXTABLE(1b, 2b) : "+a"(fault) : : "memory");
 *	if (fault != EXINFO_SYM(UD, 0)) ...
 *
 * When an exception hits an address listed in the exception table, the
 * handler resumes at the fixup address with rax = EXINFO(vector, error
 * code) instead of treating the exception as fatal, and keeps a copy of
 * the frame (last_trap) for checks on its contents. Traps (#BP, INT n)
 * report the address after the instruction, so list that one. An
 * exception anywhere else panics with a register dump. The "memory"
 * clobber matters: the handler writes memory (last_trap, and whatever a
 * trap hook touches) behind the compiler's back.
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#include <stdint.h>

#define X86_EXC_DE 0
#define X86_EXC_DB 1
#define X86_EXC_NMI 2
#define X86_EXC_BP 3
#define X86_EXC_OF 4
#define X86_EXC_BR 5
#define X86_EXC_UD 6
#define X86_EXC_NM 7
#define X86_EXC_DF 8
#define X86_EXC_TS 10
#define X86_EXC_NP 11
#define X86_EXC_SS 12
#define X86_EXC_GP 13
#define X86_EXC_PF 14
#define X86_EXC_MF 16
#define X86_EXC_AC 17
#define X86_EXC_MC 18
#define X86_EXC_XM 19
#define X86_EXC_VE 20
#define X86_EXC_CP 21

/* #PF error code bits. */
#define PFEC_PRESENT 0x01
#define PFEC_WRITE 0x02
#define PFEC_USER 0x04
#define PFEC_INSN 0x10

/* RFLAGS bits. */
#define X86_EFLAGS_IF 0x200

/*
 * What a fixup reports: bit 31 set, vector in bits 16-23, the low 16 bits
 * of the error code (0 when the vector has none) in bits 0-15.
 */
typedef uint32_t exinfo_t;
#define EXINFO_EXPECTED (1u << 31)
#define EXINFO(vec, ec) (EXINFO_EXPECTED | ((uint32_t)(vec) << 16) | ((uint32_t)(ec)&0xffff))
#define EXINFO_SYM(sym, ec) EXINFO(X86_EXC_##sym, ec)
#define exinfo_vec(e) (((e) >> 16) & 0xff)
#define exinfo_ec(e) ((e)&0xffff)

#define _ASM_EXTABLE(fault, fixup)          \
	".pushsection .ex_table, \"a\"\n\t" \
	".quad " #fault ", " #fixup "\n\t"  \
	".popsection\n\t"

/*
 * TRY_INSN(insn, inputs...): run the one instruction @insn (an asm
 * string, operands named from @inputs) and give its exinfo_t, 0 when it
 * did not fault. rax carries the result, so @insn must not use it.
 */
#define TRY_INSN(insn, ...)                                                   \
	({                                                                    \
		exinfo_t fault_ = 0;                                          \
		__asm__ __volatile__("1: " insn "; 2:" _ASM_EXTABLE(1b, 2b) \
				     : "+a"(fault_)                             \
				     : __VA_ARGS__                              \
				     : "memory");                               \
		fault_;                                                       \
	})

struct extable_entry {
	uint64_t fault; /* address the exception reports (insn, or after it for traps) */
	uint64_t fixup; /* where to resume */
};

/*
 * The registers entry.asm saves, lowest address first. rip..ss are Xen's
 * bounce frame: cs carries the saved upcall mask in bits 32-39 and has
 * RPL 0 if the guest was in kernel mode.
 */
struct cpu_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint64_t vector;     /* pushed by the stub */
	uint64_t error_code; /* from the frame, or 0 */
	uint64_t rip, cs, rflags, rsp, ss;
};
_Static_assert(sizeof(struct cpu_regs) == 22 * 8, "entry.asm pushes 22 qwords");

/*
 * The most recent exception that took a fixup on this vCPU, as it
 * arrived. Each vCPU has its own (guest/smp.h); last_trap names the
 * calling vCPU's.
 */
struct trap_record {
	struct cpu_regs regs;
	uint64_t cr2; /* this vCPU's vcpu_info.arch.cr2 at the time (for #PF) */
};
struct trap_record *trap_last_record(void);
#define last_trap (*trap_last_record())

/* trap_info.flags: DPL in bits 0-1, bit 2 delivers with events masked. */
#define TRAP_DPL(n) ((n)&3)
#define TRAP_SET_IF 4

/* The default table: every exception vector 0-31 (#BP and #OF with DPL 3). */
void traps_init(void);
/*
 * (Re)register one vector with the library's handler on the calling
 * vCPU (a trap table is per vCPU); returns the hypercall's rc. Vectors
 * installed on vCPU 0 are also in the table secondaries start with.
 */
long trap_install(unsigned int vector, unsigned int flags);

/*
 * The library's table as vcpu_guest_context.trap_ctxt wants it (256 entries, indexed
 * by vector, address 0 = none): vectors 0-31 and every vector
 * trap_install() added on vCPU 0.
 */
struct trap_info;
void traps_fill_table(struct trap_info *table);

/*
 * A test may take over a vector: a hook that returns true handled the
 * exception (it may edit regs, which is how the frame is returned with).
 */
typedef int (*trap_hook_t)(struct cpu_regs *regs);
extern trap_hook_t trap_hooks[256];

/*
 * A SYSCALL from guest user mode reaches do_trap() (through
 * syscall_entry, see user.h) with this pseudo-vector; regs->rcx and
 * regs->r11 hold the user's RIP and RFLAGS as SYSCALL saved them.
 */
#define SYSCALL_VECTOR 256 /* keep in step with entry.asm */
extern trap_hook_t syscall_hook;

/*
 * The event upcall (CALLBACKTYPE_event, event-entry.asm) reaches do_trap()
 * with this pseudo-vector and events masked; event.c installs the hook.
 */
#define UPCALL_VECTOR 257 /* keep in step with event-entry.asm */
extern trap_hook_t upcall_hook;

/* C entry from entry.asm. */
void do_trap(struct cpu_regs *regs);

#endif /* GUEST_TRAPS_H */
