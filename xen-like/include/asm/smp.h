/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Secondary CPUs: which CPUs the firmware lists (ACPI MADT), which are
 * online, and their start-up (arch/x86/smpboot.c). CPU numbers are
 * dense: 0 is the boot CPU, then the MADT's other enabled processors in
 * table order, up to NR_CPUS and maxcpus=.
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <asm/bitops.h>
#include <asm/config.h>
#include <xen/types.h>

/*
 * What the boot CPU hands the trampoline (trampoline.asm) for one AP
 * start; the asm reads the fields through asm-offsets (TRAMP_*).
 */
struct trampoline_params {
	uint32_t pt_phys; /* the trampoline's L4 (below 4 GiB: loaded in 32-bit mode) */
	uint32_t efer;    /* bits to set in EFER: LME, NXE if the boot CPU has it */
	uint32_t started; /* set to 1 by the AP in real mode */
	uint32_t pad;
	uint64_t cr3;     /* idle_pg_table, loaded once running in the image */
	uint64_t stack;   /* initial rsp: the AP's stack top below its cpu_info */
};

/* Bit n set: CPU n finished start_secondary() (CPU 0 from boot). */
extern unsigned long cpu_online_map[];
#define cpu_online(cpu) test_bit((cpu), cpu_online_map)
unsigned int num_online_cpus(void);
/* Highest online CPU number. */
unsigned int max_online_cpu(void);
/* The local APIC id of @cpu (valid for every CPU number the MADT gave). */
uint32_t cpu_to_apicid(unsigned int cpu);

/*
 * Called by the MADT parser (acpi.c) for each processor entry, in table
 * order; @enabled is the entry's Enabled flag (online-capable but
 * disabled entries are noted, not started).
 */
void smp_found_cpu(uint32_t apic_id, bool enabled);
/* First thing at boot: keep the link-time per-CPU data for the APs' copies. */
void percpu_save_template(void);
struct boot_info;
/*
 * Start every CPU found, up to maxcpus= (boot CPU only, after time_init();
 * the memory map locates the trampoline); they park.
 */
void smp_boot_cpus(const struct boot_info *bi);
/* One line per CPU found: online or not, APIC id ('c' debug key). */
void smp_dump_cpus(void);

#endif /* ASM_SMP_H */
