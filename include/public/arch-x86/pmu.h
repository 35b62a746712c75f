/* SPDX-License-Identifier: MIT */
/*
 * x86 part of the virtual PMU interface (pmu.h): the counter state and
 * the interrupted context the hypervisor shares with a guest that
 * profiles itself (or, for dom0, the whole machine). xen-like offers no
 * virtual PMU (pmu_op answers XENPMU_MODE_OFF); the layouts are here
 * for code built against Xen's headers.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_PMU_H__
#define __XEN_PUBLIC_ARCH_X86_PMU_H__

#include "../xen.h"

#ifndef __ASSEMBLY__
/*
 * AMD: counters and ctrls are byte offsets, from the start of this
 * structure, of the counter and control register arrays in regs[].
 */
struct xen_pmu_amd_ctxt {
	uint32_t counters;
	uint32_t ctrls;
	__extension__ uint64_t regs[XEN_FLEX_ARRAY_DIM];
};
typedef struct xen_pmu_amd_ctxt xen_pmu_amd_ctxt_t;
DEFINE_XEN_GUEST_HANDLE(xen_pmu_amd_ctxt_t);

/* Intel: one architectural counter and its event selector. */
struct xen_pmu_cntr_pair {
	uint64_t counter;
	uint64_t control;
};
typedef struct xen_pmu_cntr_pair xen_pmu_cntr_pair_t;
DEFINE_XEN_GUEST_HANDLE(xen_pmu_cntr_pair_t);

/*
 * Intel: fixed_counters and arch_counters are byte offsets, from the
 * start of this structure, of the fixed counters (uint64_t each) and of
 * the architectural ones (xen_pmu_cntr_pair each) in regs[].
 */
struct xen_pmu_intel_ctxt {
	uint32_t fixed_counters;
	uint32_t arch_counters;
	uint64_t global_ctrl;
	uint64_t global_ovf_ctrl;
	uint64_t global_status;
	uint64_t fixed_ctrl;
	uint64_t ds_area;
	uint64_t pebs_enable;
	uint64_t debugctl;
	__extension__ uint64_t regs[XEN_FLEX_ARRAY_DIM];
};
typedef struct xen_pmu_intel_ctxt xen_pmu_intel_ctxt_t;
DEFINE_XEN_GUEST_HANDLE(xen_pmu_intel_ctxt_t);

/* Where the sampled CPU was. */
struct xen_pmu_regs {
	uint64_t ip;
	uint64_t sp;
	uint64_t flags;
	uint16_t cs;
	uint16_t ss;
	uint8_t cpl;
	uint8_t pad[3];
};
typedef struct xen_pmu_regs xen_pmu_regs_t;
DEFINE_XEN_GUEST_HANDLE(xen_pmu_regs_t);
#endif /* !__ASSEMBLY__ */

/* xen_pmu_arch.pmu_flags */
#define PMU_CACHED      (1 << 0) /* the guest may change counters in place */
#define PMU_SAMPLE_USER (1 << 1) /* the sample is from user mode */
#define PMU_SAMPLE_REAL (1 << 2) /* the sample is from real mode */
#define PMU_SAMPLE_PV   (1 << 3) /* the sample is from a PV guest */

#ifndef __ASSEMBLY__
/*
 * ISO C allows no structure with a flexible array inside another
 * aggregate; GNU C does, and the layout is fixed by the ABI, so strict
 * builds (-pedantic) are told so.
 */
#ifdef __GNUC__
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
struct xen_pmu_arch {
	union {
		xen_pmu_regs_t regs;      /* OUT: interrupted context */
#define XENPMU_REGS_PAD_SZ 64
		uint8_t pad[XENPMU_REGS_PAD_SZ];
	} r;
	uint64_t pmu_flags;               /* PMU_* */
	union {
		uint32_t lapic_lvtpc;     /* the guest's LVTPC value */
		uint64_t pad;
	} l;
	union {
		xen_pmu_amd_ctxt_t amd;
		xen_pmu_intel_ctxt_t intel;
#define XENPMU_CTXT_PAD_SZ 128
		uint8_t pad[XENPMU_CTXT_PAD_SZ];
	} c;
};
#ifdef __GNUC__
#pragma GCC diagnostic pop
#endif
typedef struct xen_pmu_arch xen_pmu_arch_t;
DEFINE_XEN_GUEST_HANDLE(xen_pmu_arch_t);
#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_ARCH_X86_PMU_H__ */
