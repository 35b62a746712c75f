/* SPDX-License-Identifier: MIT */
/*
 * XEN_MC_*: machine-check architecture, __HYPERVISOR_mca (= arch_0).
 * The hypervisor takes #MC and CMCI itself, logs what it found as
 * struct mc_info telemetry, and tells dom0 through VIRQ_MCA; dom0
 * fetches the records (XEN_MC_fetch) and may forward a notice to the
 * guest that owned the broken page. xen-like answers mca with -ENOSYS;
 * the interface is here for code built against Xen's headers.
 *
 * The one idea: struct mc_info is a packed list of variable-size
 * records, each starting with struct mcinfo_common (type, size); walk
 * it with x86_mcinfo_first/next, search it with x86_mcinfo_lookup.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_MCA_H__
#define __XEN_PUBLIC_ARCH_X86_MCA_H__

#include "../xen.h"

#define __HYPERVISOR_mca __HYPERVISOR_arch_0

#define XEN_MCA_INTERFACE_VERSION 0x01ecc003

/* xen_mc_fetch.flags, IN: which log; OUT: outcome. */
#define XEN_MC_NONURGENT    0x0001 /* IN: polled / CMCI errors */
#define XEN_MC_URGENT       0x0002 /* IN: #MC errors */
#define XEN_MC_ACK          0x0004 /* IN: done with fetch_id, free it */
#define XEN_MC_OK           0x0
#define XEN_MC_FETCHFAILED  0x1
#define XEN_MC_NODATA       0x2
#define XEN_MC_NOMATCH      0x4
#define XEN_MC_CANNOTHANDLE 0x8
#define XEN_MC_NOTDELIVERED 0x10

/* mc_vcpuid when no vCPU applies. */
#define XEN_MC_VCPUID_INVALID 0xffff

#ifndef __ASSEMBLY__

#define VIRQ_MCA VIRQ_ARCH_0 /* global, dom0: telemetry is waiting */

/* mcinfo_common.type */
#define MC_TYPE_GLOBAL   0
#define MC_TYPE_BANK     1
#define MC_TYPE_EXTENDED 2
#define MC_TYPE_RECOVERY 3

struct mcinfo_common {
	uint16_t type; /* MC_TYPE_* */
	uint16_t size; /* of the whole record, bytes */
};
typedef struct mcinfo_common xen_mcinfo_common_t;

/* mcinfo_global.mc_flags */
#define MC_FLAG_CORRECTABLE   (1 << 0)
#define MC_FLAG_UNCORRECTABLE (1 << 1)
#define MC_FLAG_RECOVERABLE   (1 << 2)
#define MC_FLAG_POLLED        (1 << 3)
#define MC_FLAG_RESET         (1 << 4)
#define MC_FLAG_CMCI          (1 << 5)
#define MC_FLAG_MCE           (1 << 6)

/* Where and when it happened. */
struct mcinfo_global {
	xen_mcinfo_common_t common;
	uint16_t mc_domid;    /* domain running at the time, if known */
	uint16_t mc_vcpuid;   /* its vCPU, or XEN_MC_VCPUID_INVALID */
	uint32_t mc_socketid;
	uint16_t mc_coreid;
	uint16_t mc_core_threadid;
	uint32_t mc_apicid;
	uint32_t mc_flags;    /* MC_FLAG_* */
	uint64_t mc_gstatus;  /* MCG_STATUS */
};

/* One bank's error registers. */
struct mcinfo_bank {
	xen_mcinfo_common_t common;
	uint16_t mc_bank;
	uint16_t mc_domid;    /* owner of mc_addr, if known */
	uint64_t mc_status;   /* MCi_STATUS */
	uint64_t mc_addr;     /* MCi_ADDR, if valid */
	uint64_t mc_misc;
	uint64_t mc_ctrl2;
	uint64_t mc_tsc;
};

struct mcinfo_msr {
	uint64_t reg;   /* MSR index */
	uint64_t value;
};
typedef struct mcinfo_msr xen_mcinfo_msr_t;

/* Further MSRs the CPU model offers. */
struct mcinfo_extended {
	xen_mcinfo_common_t common;
	uint32_t mc_msrs; /* entries used */
	xen_mcinfo_msr_t mc_msr[32];
};

/* mcinfo_recovery.action_flags: the outcome. */
#define REC_ACTION_RECOVERED  (0x1 << 0)
#define REC_ACTION_NONE       (0x1 << 1)
#define REC_ACTION_NEED_RESET (0x1 << 2)

/* mcinfo_recovery.action_types: what was done. */
#define MC_ACTION_PAGE_OFFLINE (0x1 << 0)
#define MC_ACTION_CPU_OFFLINE  (0x1 << 1)
#define MC_ACTION_CACHE_SHRINK (0x1 << 2)

struct page_offline_action {
	uint64_t mfn;
	uint64_t status;
};
typedef struct page_offline_action xen_page_offline_action_t;

struct cpu_offline_action {
	uint32_t mc_socketid;
	uint16_t mc_coreid;
	uint16_t mc_core_threadid;
};
typedef struct cpu_offline_action xen_cpu_offline_action_t;

#define MAX_UNION_SIZE 16
struct mcinfo_recovery {
	xen_mcinfo_common_t common;
	uint16_t mc_bank;
	uint8_t action_flags;  /* REC_ACTION_* */
	uint8_t action_types;  /* MC_ACTION_* */
	union {
		xen_page_offline_action_t page_retire;
		xen_cpu_offline_action_t cpu_offline;
		uint8_t pad[MAX_UNION_SIZE];
	} action_info;
};

#define MCINFO_HYPERCALLSIZE 1024
#define MCINFO_MAXSIZE       768

#define MCINFO_FLAGS_UNCOMPLETE 0x1 /* records were dropped */
struct mc_info {
	uint32_t mi_nentries; /* records in mi_data */
	uint32_t flags;       /* MCINFO_FLAGS_* */
	uint64_t mi_data[(MCINFO_MAXSIZE - 1) / 8];
};
typedef struct mc_info mc_info_t;
DEFINE_XEN_GUEST_HANDLE(mc_info_t);

#define __MC_MSR_ARRAYSIZE 8
#if __XEN_INTERFACE_VERSION__ <= 0x00040d00
#define __MC_NMSRS 1
#endif

/* mc_cpu_caps[] words: CPUID registers with MCA features. */
#define MC_NCAPS        7
#define MC_CAPS_STD_EDX 0
#define MC_CAPS_AMD_EDX 1
#define MC_CAPS_TM      2
#define MC_CAPS_LINUX   3
#define MC_CAPS_STD_ECX 4
#define MC_CAPS_VIA     5
#define MC_CAPS_AMD_ECX 6

/* One physical CPU as XEN_MC_physcpuinfo describes it. */
struct mcinfo_logical_cpu {
	uint32_t mc_cpunr;
	uint32_t mc_chipid;
	uint16_t mc_coreid;
	uint16_t mc_threadid;
	uint32_t mc_apicid;
	uint32_t mc_clusterid;
	uint32_t mc_ncores;
	uint32_t mc_ncores_active;
	uint32_t mc_nthreads;
	int32_t mc_cpuid_level;
	uint32_t mc_family;
	uint32_t mc_vendor;
	uint32_t mc_model;
	uint32_t mc_step;
	char mc_vendorid[16];
	char mc_brandid[64];
	uint32_t mc_cpu_caps[MC_NCAPS];
	uint32_t mc_cache_size;
	uint32_t mc_cache_alignment;
	int32_t mc_nmsrvals;
	xen_mcinfo_msr_t mc_msrvalues[__MC_MSR_ARRAYSIZE];
};
typedef struct mcinfo_logical_cpu xen_mc_logical_cpu_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_logical_cpu_t);

/* Walking the records of a struct mc_info. */
#define x86_mcinfo_nentries(_mi) (_mi)->mi_nentries
#define x86_mcinfo_first(_mi)    ((struct mcinfo_common *)(_mi)->mi_data)
#define x86_mcinfo_next(_mic) \
	((struct mcinfo_common *)((uint8_t *)(_mic) + (_mic)->size))

/* (_ret) = the first record of _type in *_mi, or NULL. */
#define x86_mcinfo_lookup(_ret, _mi, _type)                               \
	do {                                                              \
		struct mcinfo_common *_rec;                               \
		uint32_t _n;                                              \
		(_ret) = NULL;                                            \
		if ((_mi) == NULL)                                        \
			break;                                            \
		_rec = x86_mcinfo_first(_mi);                             \
		for (_n = 0; _n < x86_mcinfo_nentries(_mi); _n++) {       \
			if (_rec->type == (_type)) {                      \
				(_ret) = _rec;                            \
				break;                                    \
			}                                                 \
			_rec = x86_mcinfo_next(_rec);                     \
		}                                                         \
	} while (0)

/* Fetch (or acknowledge) telemetry. */
#define XEN_MC_fetch 1
struct xen_mc_fetch {
	uint32_t flags;     /* IN: XEN_MC_*URGENT, XEN_MC_ACK; OUT: XEN_MC_OK... */
	uint32_t _pad0;
	uint64_t fetch_id;  /* OUT (fetch) / IN (ack) */
	XEN_GUEST_HANDLE(mc_info_t) data;
};
typedef struct xen_mc_fetch xen_mc_fetch_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_fetch_t);

/* Forward an error notice to a guest. */
#define XEN_MC_notifydomain 2
struct xen_mc_notifydomain {
	uint16_t mc_domid;  /* IN */
	uint16_t mc_vcpuid; /* IN */
	uint32_t flags;     /* IN/OUT */
};
typedef struct xen_mc_notifydomain xen_mc_notifydomain_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_notifydomain_t);

/* Describe the physical CPUs (info null: just count them). */
#define XEN_MC_physcpuinfo 3
struct xen_mc_physcpuinfo {
	uint32_t ncpus; /* IN: room in info; OUT: CPUs */
	uint32_t _pad0;
	XEN_GUEST_HANDLE(xen_mc_logical_cpu_t) info;
};
typedef struct xen_mc_physcpuinfo xen_mc_physcpuinfo_t;

/* Testing: preload MSR values an injected #MC will see. */
#define XEN_MC_msrinject 4
#define MC_MSRINJ_MAXMSRS 8
struct xen_mc_msrinject {
	uint32_t mcinj_cpunr;
	uint32_t mcinj_flags;  /* MC_MSRINJ_F_* */
	uint32_t mcinj_count;
	domid_t mcinj_domid;   /* for MC_MSRINJ_F_GPADDR */
	uint16_t _pad0;
	xen_mcinfo_msr_t mcinj_msr[MC_MSRINJ_MAXMSRS];
};
typedef struct xen_mc_msrinject xen_mc_msrinject_t;
#define MC_MSRINJ_F_INTERPOSE 0x1 /* values seen instead of the real MSRs */
#define MC_MSRINJ_F_GPADDR    0x2 /* addresses are guest-physical */

/* Testing: raise #MC on a CPU. */
#define XEN_MC_mceinject 5
struct xen_mc_mceinject {
	unsigned int mceinj_cpunr;
};
typedef struct xen_mc_mceinject xen_mc_mceinject_t;

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/* Testing: raise #MC, CMCI or LMCE on a set of CPUs. */
#define XEN_MC_inject_v2 6
#define XEN_MC_INJECT_TYPE_MASK     0x7
#define XEN_MC_INJECT_TYPE_MCE      0x0
#define XEN_MC_INJECT_TYPE_CMCI     0x1
#define XEN_MC_INJECT_TYPE_LMCE     0x2
#define XEN_MC_INJECT_CPU_BROADCAST 0x8
struct xen_mc_inject_v2 {
	uint32_t flags;
	xenctl_bitmap_t cpumap;
};
typedef struct xen_mc_inject_v2 xen_mc_inject_v2_t;
#endif

struct xen_mc {
	uint32_t cmd;               /* XEN_MC_* */
	uint32_t interface_version; /* XEN_MCA_INTERFACE_VERSION */
	union {
		xen_mc_fetch_t mc_fetch;
		xen_mc_notifydomain_t mc_notifydomain;
		xen_mc_physcpuinfo_t mc_physcpuinfo;
		xen_mc_msrinject_t mc_msrinject;
		xen_mc_mceinject_t mc_mceinject;
#if defined(__XEN__) || defined(__XEN_TOOLS__)
		xen_mc_inject_v2_t mc_inject_v2;
#endif
	} u;
};
typedef struct xen_mc xen_mc_t;
DEFINE_XEN_GUEST_HANDLE(xen_mc_t);

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_ARCH_X86_MCA_H__ */
