/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <asm/regs.h>
#include <xen/percpu.h>

#define TRAP_divide_error 0
#define TRAP_debug 1
#define TRAP_nmi 2
#define TRAP_int3 3
#define TRAP_overflow 4
#define TRAP_bounds 5
#define TRAP_invalid_op 6
#define TRAP_no_device 7
#define TRAP_double_fault 8
#define TRAP_copro_seg 9
#define TRAP_invalid_tss 10
#define TRAP_no_segment 11
#define TRAP_stack_error 12
#define TRAP_gp_fault 13
#define TRAP_page_fault 14
#define TRAP_spurious_int 15
#define TRAP_copro_error 16
#define TRAP_alignment_check 17
#define TRAP_machine_check 18
#define TRAP_simd_error 19
#define TRAP_virtualisation 20
#define TRAP_control_protection 21
#define TRAP_hypervisor_injection 28
#define TRAP_vmm_communication 29
#define TRAP_security 30
/* Pseudo-vectors for the SYSCALL entry points (never IDT vectors). */
#define LEGACY_SYSCALL_VECTOR 0x80 /* INT $0x80, a DPL-3 gate for guests */
#define TRAP_syscall 0x100
#define TRAP_syscall32 0x101

void do_trap(struct cpu_regs *regs);
void do_nmi(const struct cpu_regs *regs);
void traps_init(void);
extern unsigned long nmi_count;
/* #DBs taken in hypervisor context (a guest's breakpoints), and where the last one's frame was. */
extern unsigned long hyp_debug_count;
DECLARE_PER_CPU(unsigned long, last_hyp_debug_frame);
/* Did this frame interrupt guest code (ring 3)? */
static inline bool guest_mode(const struct cpu_regs *regs)
{
	return (regs->cs & 3) == 3;
}
void show_guest_registers(const struct cpu_regs *regs);
void show_registers(const struct cpu_regs *regs);
void show_stack_trace(unsigned long rip, unsigned long rbp);
/* Dump the current CPU state (debug key 'd', panic). */
void dump_execution_state(void);
const char *trap_name(unsigned int vector);

/* Exception-table fixups (extable.c). */
unsigned long search_exception_table(unsigned long addr);

/* traps.c: what the last exception-table fixup on this CPU resumed from. */
struct fixup_trap {
	unsigned int vector;
	uint32_t error_code;
};
DECLARE_PER_CPU(struct fixup_trap, last_fixup_trap);

#endif /* ASM_TRAPS_H */
