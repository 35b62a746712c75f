/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU identity without a segment register: each CPU's primary stack
 * is STACK_SIZE-aligned and ends with a struct cpu_info, so rounding %rsp
 * finds it. The IST stacks live in the low pages of the same block (see
 * asm/config.h), so this works on them too.
 */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#include <asm/config.h>
#include <xen/types.h>

/* Hypercall numbers with counters: HYPERCALL_TABLE_SIZE (checked in common/perfc.c). */
#define CPU_INFO_HCALLS 64

struct cpu_info {
	unsigned int processor_id;
	unsigned int pad;
	unsigned long per_cpu_offset;
	void *current_vcpu; /* struct vcpu *: the running vCPU (idle_vcpu when none) */
	void *idle_vcpu;    /* struct vcpu *: this CPU's idle vCPU */
	void *perfc;        /* struct perfc_cpu *: this CPU's counters */
	unsigned long stack_guard; /* poison: detects a stack running into cpu_info */
	/*
	 * The hypercall counters' per-number constants (xen/perfc.h), set once
	 * by perfc_init_cpu(). Here rather than in struct perfc_cpu so that the
	 * hypercall path reaches them at a fixed offset from the guest frame,
	 * which sits right below cpu_info: no pointer to load first.
	 */
	uint64_t hcall_subop_max[CPU_INFO_HCALLS]; /* highest sub-op slot per number */
	uint32_t *hcall_row[CPU_INFO_HCALLS];      /* that number's countdown slots */
};

#define STACK_GUARD_MAGIC 0x5354414b47554152UL /* "STAKGUAR" */

static inline struct cpu_info *get_cpu_info(void)
{
	unsigned long sp;

	__asm__("mov %%rsp, %0" : "=r"(sp));
	return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 -
				   sizeof(struct cpu_info));
}

#define smp_processor_id() (get_cpu_info()->processor_id)

/* The stack of CPU 0, set up by the boot code. */
extern char cpu0_stack[STACK_SIZE];

#endif /* ASM_CURRENT_H */
