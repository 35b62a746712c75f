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

/* A set of CPUs: bit n is CPU n (NR_CPUS <= 64). */
typedef uint64_t cpumask_t;
#define cpumask_of(cpu) ((cpumask_t)1 << (cpu))
/* The lowest CPU of @mask numbered @from or above; NR_CPUS if none. */
static inline unsigned int cpumask_next_from(cpumask_t mask, unsigned int from)
{
	if (from >= NR_CPUS)
		return NR_CPUS;
	mask &= ~(cpumask_t)0 << from;
	return mask ? (unsigned int)__builtin_ctzll(mask) : NR_CPUS;
}
/*
 * Each CPU of @mask in increasing order, visiting only the set bits (the
 * scheduler walks masks on every decision). @mask is evaluated again at
 * each step, so CPUs removed from it meanwhile are skipped.
 */
#define for_each_cpu(cpu, mask)                                   \
	for ((cpu) = cpumask_next_from((mask), 0); (cpu) < NR_CPUS; \
	     (cpu) = cpumask_next_from((mask), (cpu) + 1))

/* CPUs that run guests (in the scheduler): CPU 0, and each AP once it joined. */
extern cpumask_t cpu_sched_map;

/* Bit n set: CPU n finished start_secondary() (CPU 0 from boot). */
extern unsigned long cpu_online_map[];
#define cpu_online(cpu) test_bit((cpu), cpu_online_map)
unsigned int num_online_cpus(void);
/* Highest online CPU number. */
unsigned int max_online_cpu(void);
/* The local APIC id of @cpu (valid for every CPU number the MADT gave). */
uint32_t cpu_to_apicid(unsigned int cpu);
/*
 * Present CPUs: the numbers the MADT gave within maxcpus= (0 ..
 * max_present_cpu(), dense; as Xen, CPUs past maxcpus= are not present),
 * online or not. A present CPU's ACPI processor UID, CPU_ACPIID_INVALID
 * for a boot CPU the MADT does not list (Xen's INVALID_ACPIID).
 */
bool cpu_present(unsigned int cpu);
unsigned int max_present_cpu(void);
#define CPU_ACPIID_INVALID (~0U)
uint32_t cpu_to_acpiid(unsigned int cpu);

/*
 * Called by the MADT parser (acpi.c) for each processor entry, in table
 * order, with its APIC id and ACPI processor UID; @enabled is the
 * entry's Enabled flag (online-capable but disabled entries are noted,
 * not started).
 */
void smp_found_cpu(uint32_t apic_id, uint32_t acpi_id, bool enabled);
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

/*
 * Cross-CPU calls (arch/x86/smp.c). The event check makes @mask's CPUs
 * leave the guest or the idle halt and look at their softirqs and the
 * running vCPU's events; its handler does nothing else.
 */
void smp_send_event_check_mask(cpumask_t mask);
/* Called from do_irq() for the IPI vectors; true if @vector was one. */
bool smp_ipi_interrupt(unsigned int vector);
/* The boot CPU releases the APs into the scheduler (after sched_start()'s set-up). */
void smp_start_scheduling(void);

#endif /* ASM_SMP_H */
