/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The register frame saved by the entry stubs (arch/x86/entry/entry.asm).
 * The order is the hardware frame (rip..ss) below the vector/error code
 * the stub pushes, below the general registers the common path pushes;
 * asm-offsets.c exports every offset to NASM.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#include <xen/types.h>

struct cpu_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint32_t error_code;
	uint32_t entry_vector;
	/* Pushed by the CPU: */
	uint64_t rip, cs, rflags, rsp, ss;
};

#endif /* ASM_REGS_H */
