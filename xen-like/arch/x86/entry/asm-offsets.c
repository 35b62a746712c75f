// SPDX-License-Identifier: GPL-2.0-only
/*
 * Structure offsets for NASM. Compiled to assembly only; the build turns
 * each "->NAME value" marker into "%define NAME value" in asm-offsets.inc.
 */
#include <asm/config.h>
#include <asm/current.h>
#include <asm/regs.h>
#include <asm/smp.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/traps.h>

#define DEFINE(sym, val) \
	__asm__ __volatile__("\n.ascii \"->" #sym " %0\"" ::"i"(val))
#define OFFSET(sym, str, mem) DEFINE(sym, __builtin_offsetof(struct str, mem))

void asm_offsets(void);
void asm_offsets(void)
{
	OFFSET(UREGS_r15, cpu_regs, r15);
	OFFSET(UREGS_r14, cpu_regs, r14);
	OFFSET(UREGS_r13, cpu_regs, r13);
	OFFSET(UREGS_r12, cpu_regs, r12);
	OFFSET(UREGS_rbp, cpu_regs, rbp);
	OFFSET(UREGS_rbx, cpu_regs, rbx);
	OFFSET(UREGS_r11, cpu_regs, r11);
	OFFSET(UREGS_r10, cpu_regs, r10);
	OFFSET(UREGS_r9, cpu_regs, r9);
	OFFSET(UREGS_r8, cpu_regs, r8);
	OFFSET(UREGS_rax, cpu_regs, rax);
	OFFSET(UREGS_rcx, cpu_regs, rcx);
	OFFSET(UREGS_rdx, cpu_regs, rdx);
	OFFSET(UREGS_rsi, cpu_regs, rsi);
	OFFSET(UREGS_rdi, cpu_regs, rdi);
	OFFSET(UREGS_error_code, cpu_regs, error_code);
	OFFSET(UREGS_entry_vector, cpu_regs, entry_vector);
	OFFSET(UREGS_rip, cpu_regs, rip);
	OFFSET(UREGS_cs, cpu_regs, cs);
	OFFSET(UREGS_rflags, cpu_regs, rflags);
	OFFSET(UREGS_rsp, cpu_regs, rsp);
	OFFSET(UREGS_ss, cpu_regs, ss);
	DEFINE(UREGS_sizeof, sizeof(struct cpu_regs));
	DEFINE(CPUINFO_sizeof, sizeof(struct cpu_info));
	DEFINE(STACK_SIZE, STACK_SIZE);
	DEFINE(__HYPERVISOR_CS, __HYPERVISOR_CS);
	DEFINE(__HYPERVISOR_DS, __HYPERVISOR_DS);
	DEFINE(FLAT_RING3_CS64, FLAT_RING3_CS64);
	DEFINE(FLAT_RING3_CS32, FLAT_RING3_CS32);
	DEFINE(FLAT_RING3_DS, FLAT_RING3_DS);
	DEFINE(TRAP_syscall, TRAP_syscall);
	/* Boot page tables (head.asm): where the image and the direct map sit. */
	DEFINE(XEN_L4_SLOT, l4_table_offset(XEN_VIRT_START));
	DEFINE(XEN_L3_SLOT, l3_table_offset(XEN_VIRT_START));
	DEFINE(XEN_L2_SLOT, l2_table_offset(XEN_VIRT_START));
	DEFINE(DIRECTMAP_L4_SLOT, l4_table_offset(DIRECTMAP_VIRT_START));
	DEFINE(TRAP_syscall32, TRAP_syscall32);
	/* The AP start-up trampoline's parameter block (trampoline.asm). */
	OFFSET(TRAMP_pt_phys, trampoline_params, pt_phys);
	OFFSET(TRAMP_efer, trampoline_params, efer);
	OFFSET(TRAMP_started, trampoline_params, started);
	OFFSET(TRAMP_cr3, trampoline_params, cr3);
	OFFSET(TRAMP_stack, trampoline_params, stack);
	DEFINE(TRAMP_sizeof, sizeof(struct trampoline_params));
}
