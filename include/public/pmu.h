/* SPDX-License-Identifier: MIT */
/*
 * xenpmu_op: the virtual performance-monitoring unit (vPMU), through
 * which a guest samples its own (or, for dom0, everyone's) hardware
 * performance counters.
 *
 * The one idea: the vPMU is off unless the hypervisor was booted with
 * it on (Xen's vpmu= option, off by default), and while it is off every
 * operation is refused before its argument is even read.
 */
#ifndef __XEN_PUBLIC_PMU_H__
#define __XEN_PUBLIC_PMU_H__

#include "xen.h"
#include "arch-x86/pmu.h"

#define XENPMU_VER_MAJ 0
#define XENPMU_VER_MIN 1

/*
 * @op __HYPERVISOR_xenpmu_op (40)
 * xenpmu_op(unsigned int op, GUEST_PTR(xen_pmu_params_t) arg): op is
 * XENPMU_mode_get/_set (val: XENPMU_MODE_*), XENPMU_feature_get/_set
 * (val: XENPMU_FEATURE_*), XENPMU_init/_finish (start or stop sampling
 * on vCPU vcpu; init's val is the frame of its struct xen_pmu_data),
 * XENPMU_lvtpc_set or XENPMU_flush. Linux calls XENPMU_init for each
 * vCPU and reads any error as "vPMU disabled".
 * IN  version (mode_set, feature_set, init, finish), val, vcpu.
 * OUT version and val (mode_get, feature_get).
 * Caller: any domain (mode_set and feature_set: the hardware domain).
 * Errors: -EOPNOTSUPP (the vPMU is off: every op, known or not, before
 * arg is read; Xen 4.17's default, without vpmu= on its command line);
 * with a vPMU: -EFAULT; -EINVAL (version.maj is not XENPMU_VER_MAJ, bad
 * mode or feature bits); -EPERM; -EBUSY; -ENOSYS (unknown op).
 * Implemented: yes (the vPMU is always off: -EOPNOTSUPP for every op,
 * as Xen 4.17 by default)
 */
#define XENPMU_mode_get    0 /* also returns the version */
#define XENPMU_mode_set    1
#define XENPMU_feature_get 2
#define XENPMU_feature_set 3
#define XENPMU_init        4
#define XENPMU_finish      5
#define XENPMU_lvtpc_set   6
#define XENPMU_flush       7

struct xen_pmu_params {
	struct {
		uint32_t maj;
		uint32_t min;
	} version;     /* IN/OUT */
	uint64_t val;  /* IN/OUT */
	uint32_t vcpu; /* IN */
	uint32_t pad;
};
typedef struct xen_pmu_params xen_pmu_params_t;
DEFINE_XEN_GUEST_HANDLE(xen_pmu_params_t);

#define XENPMU_MODE_OFF  0
#define XENPMU_MODE_SELF (1 << 0) /* the guest samples itself */
#define XENPMU_MODE_HV   (1 << 1) /* dom0 also samples the hypervisor */
#define XENPMU_MODE_ALL  (1 << 2) /* dom0 samples everything */

#define XENPMU_FEATURE_INTEL_BTS  (1 << 0)
#define XENPMU_FEATURE_IPC_ONLY   (1 << 1)
#define XENPMU_FEATURE_ARCH_ONLY  (1 << 2)

#ifndef __ASSEMBLY__
/*
 * The per-vCPU page a profiling guest registers with XENPMU_init: on a
 * PMU interrupt the hypervisor fills it (the fields here are written
 * only by the hypervisor, pmu's arch part as xen_pmu_arch says) and
 * raises VIRQ_XENPMU.
 */
#ifdef __GNUC__ /* a flexible-array structure inside, as in arch-x86/pmu.h */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#endif
struct xen_pmu_data {
	uint32_t vcpu_id;   /* interrupted vCPU (of domain_id) */
	uint32_t pcpu_id;   /* physical CPU it ran on */
	domid_t domain_id;  /* interrupted domain (XENPMU_MODE_ALL: any) */
	uint8_t pad[6];
	xen_pmu_arch_t pmu;
};
#ifdef __GNUC__
#pragma GCC diagnostic pop
#endif
#endif

#endif /* __XEN_PUBLIC_PMU_H__ */
