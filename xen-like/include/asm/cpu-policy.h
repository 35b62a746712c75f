/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPUID policies as the toolstack exchanges them (XEN_SYSCTL_get_cpu_policy,
 * XEN_SYSCTL_get_cpu_featureset, XEN_DOMCTL_get/set_cpu_policy): lists of
 * xen_cpuid_leaf_t in Xen 4.17's order, and the per-domain feature masks a
 * set policy leaves behind (arch/x86/cpu-policy.c).
 */
#ifndef ASM_CPU_POLICY_H
#define ASM_CPU_POLICY_H

#include <public/xen.h>
#include <stdint.h>

struct domain;

/* The policies (XEN_SYSCTL_cpu_policy_* numbering; the HVM ones do not exist). */
#define CPU_POLICY_raw        0
#define CPU_POLICY_host       1
#define CPU_POLICY_pv_max     2
#define CPU_POLICY_pv_default 4

/* Entries a serialised policy can have at most (Xen 4.17's limits). */
#define CPU_POLICY_MAX_LEAVES 120
#define CPU_POLICY_MAX_MSRS   2
#define CPU_FEATURESET_WORDS  18

/* The leaves of a domain's feature mask (dom->cpuid_mask[]). */
enum {
	CPUID_MASK_1c, CPUID_MASK_1d, CPUID_MASK_7b0, CPUID_MASK_7c0, CPUID_MASK_7d0,
	CPUID_MASK_e1c, CPUID_MASK_e1d, CPUID_MASK_e7d, CPUID_MASK_WORDS
};

/*
 * Serialise policy @which (CPU_POLICY_*), or domain @d's view when @d is
 * given, into the guest buffer at @leaves holding *@nr entries; *@nr
 * becomes the number written. -ENOBUFS if it is too small, -EFAULT.
 */
int cpu_policy_leaves(unsigned int which, const struct domain *d, uint64_t leaves, uint32_t *nr);
/* The MSR entries, the same way. */
int cpu_policy_msrs(unsigned int which, uint64_t msrs, uint32_t *nr);
/* The featureset words of policy @which into @fs (CPU_FEATURESET_WORDS of them). */
void cpu_policy_featureset(unsigned int which, uint32_t fs[CPU_FEATURESET_WORDS]);
/*
 * XEN_DOMCTL_set_cpu_policy for @d from the guest buffers: checked as Xen
 * 4.17 does (known leaves, no maximum leaf above the CPU's, MSRs as Xen
 * accepts them), then the feature words become @d's masks (what the PV
 * maximum offers, less what the policy clears). On an error the entry
 * refused is in *@err_leaf and *@err_subleaf, or *@err_msr.
 */
int cpu_policy_set_domain(struct domain *d, uint64_t leaves, uint32_t nr_leaves, uint64_t msrs,
			  uint32_t nr_msrs, uint32_t *err_leaf, uint32_t *err_subleaf,
			  uint32_t *err_msr);
/* Apply @d's masks (if a policy was set) to CPUID leaf @leaf/@sub in @r (a, b, c, d). */
void cpu_policy_apply(const struct domain *d, uint32_t leaf, uint32_t sub, uint32_t r[4]);
/* CPUID @leaf/@sub of the CPU in @r (a, b, c, d); zeros beyond its basic or extended range. */
void host_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4]);
/* What a PV guest of domain @d sees for CPUID @leaf/@sub (arch/x86/pv/emulate.c). */
void pv_cpuid(const struct domain *d, uint32_t leaf, uint32_t sub, uint32_t r[4]);

#endif /* ASM_CPU_POLICY_H */
