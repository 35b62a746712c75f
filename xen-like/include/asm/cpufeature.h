/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_CPUFEATURE_H
#define ASM_CPUFEATURE_H

#include <xen/types.h>

struct cpuinfo_x86 {
	char vendor[13];
	char brand[49];
	unsigned int family, model, stepping;
	unsigned int max_leaf, max_ext_leaf;
	unsigned int phys_bits, virt_bits;
	/* Raw feature words. */
	uint32_t l1_ecx, l1_edx, l7_ebx, l7_ecx, l7_edx, e1_ecx, e1_edx, e7_edx;
};

extern struct cpuinfo_x86 boot_cpu_data;

#define cpu_has_nx ((boot_cpu_data.e1_edx >> 20) & 1)
#define cpu_has_page1gb ((boot_cpu_data.e1_edx >> 26) & 1)
#define cpu_has_pge ((boot_cpu_data.l1_edx >> 13) & 1)
#define cpu_has_apic ((boot_cpu_data.l1_edx >> 9) & 1)
#define cpu_has_tsc ((boot_cpu_data.l1_edx >> 4) & 1)
#define cpu_has_x2apic ((boot_cpu_data.l1_ecx >> 21) & 1)
#define cpu_has_tsc_deadline ((boot_cpu_data.l1_ecx >> 24) & 1)
#define cpu_has_invariant_tsc ((boot_cpu_data.e7_edx >> 8) & 1)
#define cpu_has_hypervisor ((boot_cpu_data.l1_ecx >> 31) & 1)

void identify_cpu(struct cpuinfo_x86 *c);
void print_cpu_info(const struct cpuinfo_x86 *c);

#endif /* ASM_CPUFEATURE_H */
