/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake machine the PV MMU unit tests run arch/x86/pv/ code on:
 * NR_FRAMES frames of memory (MFN n is machine[n], the hypervisor's direct
 * map), the flush-counting TLB stub and a per-CPU block for current.
 * Include before the sources under test; pv-fake-frames.h after them.
 */
#ifndef UNIT_PV_FAKE_MACHINE_H
#define UNIT_PV_FAKE_MACHINE_H

#define NR_FRAMES 64

static uint64_t machine[NR_FRAMES][512] __attribute__((aligned(4096)));

static void *unit_mfn_to_virt(uint64_t mfn)
{
	if (mfn >= NR_FRAMES) {
		printf("Fail: mfn_to_virt(%#lx): outside the fake machine\n", (unsigned long)mfn);
		abort();
	}
	return machine[mfn];
}
#define mfn_to_virt(mfn) unit_mfn_to_virt(mfn)

#include <asm/flushtlb.h> /* the stub: counts flushes in unit_nr_flushes */

/* The stub <asm/current.h> has no per-CPU block; <xen/sched.h>'s current needs one. */
struct cpu_info {
	void *current_vcpu;
};
static struct cpu_info unit_cpu_info;
static inline struct cpu_info *get_cpu_info(void)
{
	return &unit_cpu_info;
}

#endif /* UNIT_PV_FAKE_MACHINE_H */
