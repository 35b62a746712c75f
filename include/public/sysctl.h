/* SPDX-License-Identifier: MIT */
/*
 * sysctl: the toolstack's host-wide operations (machine facts, the
 * domain list, the hypervisor console ring, CPU pools, CPUID policies).
 *
 * Xen 4.17's interface: same command numbers, layouts and
 * XEN_SYSCTL_INTERFACE_VERSION (0x15), so Debian's libxc and xl work
 * unchanged. xen-like's research instruments (trace buffers with our
 * own record format, performance counters with cycle histograms) are
 * extensions at numbers Xen does not use (0x5800 up: "XL"), listed last.
 */
#ifndef __XEN_PUBLIC_SYSCTL_H__
#define __XEN_PUBLIC_SYSCTL_H__

#include "xen.h"
#include "domctl.h"
#include "physdev.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/*
 * @op __HYPERVISOR_sysctl (35)
 * sysctl(GUEST_PTR(xen_sysctl_t) op): op->cmd is a XEN_SYSCTL_* below;
 * the structure is copied back when a command has OUT fields.
 * Caller: the control domain (privileged) only.
 * Errors: -EFAULT (op unreadable/unwritable); -EACCES (interface_version
 * is not XEN_SYSCTL_INTERFACE_VERSION, checked first, as Xen); -EPERM
 * (caller not privileged); -ENOSYS (a command xen-like does not
 * implement: tbuf_op and perfc_op in Xen's layout, debug_keys, get_pmstat,
 * cpu_hotplug, pm_op, page_offline_op, lockprof_op, scheduler_op,
 * coverage_op, psr_*, pcitopoinfo, get_cpu_levelling_caps, livepatch_op);
 * per cmd below.
 * Implemented: yes (the commands below)
 *
 * @op XEN_SYSCTL_readconsole (1)
 * Copies bytes from the hypervisor's console ring, oldest first.
 * IN  buffer, count (its size), incremental (start at index), clear
 * (ignored: the ring is never emptied). INOUT index. OUT count (bytes
 * copied).
 * Caller: the control domain.
 * Errors: -EFAULT (buffer unwritable).
 * Implemented: yes
 *
 * @op XEN_SYSCTL_physinfo (3)
 * Facts about the machine: CPUs online, one node, the TSC frequency,
 * capabilities (XEN_SYSCTL_PHYSCAP_pv, gnttab_v1, gnttab_v2 unless
 * gnttab=max-ver:1; no HVM), page counts,
 * the CPUID feature words.
 * OUT u.physinfo.
 * Caller: the control domain.
 * Errors: none beyond the common ones.
 * Implemented: yes
 *
 * @op XEN_SYSCTL_sched_id (4)
 * The scheduler in use: XEN_SCHEDULER_CREDIT.
 * OUT u.sched_id.sched_id.
 * Caller: the control domain.
 * Errors: none beyond the common ones.
 * Implemented: yes
 *
 * @op XEN_SYSCTL_getdomaininfolist (6)
 * getdomaininfo of up to max_domains domains with ids >= first_domain,
 * in id order.
 * IN  first_domain, max_domains, buffer. OUT num_domains (entries
 * written).
 * Caller: the control domain.
 * Errors: -EFAULT (buffer unwritable).
 * Implemented: yes
 *
 * @op XEN_SYSCTL_getcpuinfo (8)
 * Idle time (ns) of each pCPU, up to max_cpus of them.
 * IN  max_cpus, info. OUT nr_cpus (entries written).
 * Caller: the control domain.
 * Errors: -EFAULT.
 * Implemented: yes
 *
 * @op XEN_SYSCTL_availheap (9)
 * Bytes free in the heap (one node; address widths ignored but for a
 * max_bitwidth below the machine's, which counts nothing at all: the heap
 * keeps no per-width counts).
 * IN  min_bitwidth, max_bitwidth, node (-1 or 0). OUT avail_bytes.
 * Caller: the control domain.
 * Errors: none beyond the common ones.
 * Implemented: yes
 *
 * @op XEN_SYSCTL_cputopoinfo (16)
 * Core, socket and node of each CPU (one core per socket, one socket
 * per CPU, node 0; XEN_INVALID_* for CPUs not online). A null cputopo
 * asks for the number of CPU ids.
 * INOUT num_cpus. IN cputopo.
 * Caller: the control domain.
 * Errors: -EFAULT.
 * Implemented: yes
 *
 * @op XEN_SYSCTL_numainfo (17)
 * Memory and distances of each node: one node holding everything. Null
 * handles ask for the number of nodes.
 * INOUT num_nodes. IN meminfo, distance.
 * Caller: the control domain.
 * Errors: -EFAULT; -ENOBUFS (num_nodes 0 with a buffer given).
 * Implemented: yes
 *
 * @op XEN_SYSCTL_cpupool_op (18)
 * CPU pools: one, Pool-0 (id 0), holding every pCPU and every domain.
 * INFO (the first pool with an id >= cpupool_id: sched_id, n_dom,
 * cpumap) and FREEINFO (an empty map: no pCPU is outside the pool)
 * answer; CREATE, DESTROY, ADDCPU, RMCPU, MOVEDOMAIN are refused.
 * IN  op, cpupool_id, cpumap. OUT cpupool_id, sched_id, n_dom, cpumap.
 * Caller: the control domain.
 * Errors: -ENOENT (INFO: no pool at or above cpupool_id); -EOPNOTSUPP
 * (CREATE, DESTROY, ADDCPU, RMCPU, MOVEDOMAIN); -EINVAL (unknown op);
 * -EFAULT.
 * Implemented: yes
 *
 * @op XEN_SYSCTL_get_cpu_featureset (26)
 * A featureset (XEN_SYSCTL_cpu_featureset_*): raw and host are the
 * CPU's words; pv and pv_max what a PV guest sees; hvm ones are empty
 * (nr_features 0, no HVM).
 * IN  index, features. INOUT nr_features.
 * Caller: the control domain.
 * Errors: -EINVAL (unknown index); -EOPNOTSUPP (an HVM featureset);
 * -ENOBUFS (nr_features below the words there are: those that fit are
 * written); -EFAULT.
 * Implemented: yes
 *
 * @op XEN_SYSCTL_get_cpu_policy (29)
 * A whole CPUID/MSR policy (XEN_SYSCTL_cpu_policy_*) as leaves and MSR
 * entries. Null handles ask for the sizes.
 * IN  index, leaves, msrs. INOUT nr_leaves, nr_msrs.
 * Caller: the control domain.
 * Errors: -EINVAL (unknown index, _rsvd non-zero); -ENOBUFS (an array
 * too small); -EOPNOTSUPP (an HVM policy); -EFAULT.
 * Implemented: yes
 *
 * @op XEN_SYSCTL_xl_tbuf_op (0x5801), an extension
 * Controls and reads the per-CPU trace buffers (rings of struct
 * xen_trace_rec; a full ring drops new records and counts them in lost).
 * IN  cmd (XEN_SYSCTL_XL_TBUFOP_*); size (records per CPU, for
 * set_size); evt_mask (TRC_CLS_* classes, for set_evt_mask); cpu,
 * buffer, count (for read: records to copy out of that CPU's ring,
 * oldest first, which are then consumed).
 * OUT (get_info, read) evt_mask, size, enabled, lost (records dropped on
 * that CPU since the ring was sized), count (records copied by read).
 * Caller: the control domain.
 * Errors: -EINVAL (bad cmd; set_size while enabled, size 0 or above
 * 1048576; cpu offline); -ENOMEM (buffers cannot be allocated); -EFAULT
 * (buffer unwritable); -ENODATA (enable before set_size).
 * Implemented: yes
 *
 * @op XEN_SYSCTL_xl_perfc_op (0x5802), an extension
 * Reads or resets the performance counters, summed over CPUs:
 * "hcall.<name>" (nr_vals 1 + XEN_PERFC_HIST_BUCKETS: the exact number of
 * calls, then a histogram of the TSC cycles from dispatch to return of a
 * sample of them, about one call in "perfc.hcall_sample", bucket b
 * counting [2^b, 2^(b+1)) cycles), "hcall.<name>.subop" for multiplexed
 * hypercalls (nr_vals 32: exact calls per sub-op, the last one collecting
 * all sub-ops >= 31), "trap.bounced" and "trap.emulated" (nr_vals 32: per
 * vector), "gnttab.map", "gnttab.unmap" and "gnttab.copy" (nr_vals 1:
 * grant-table op entries that succeeded; unmap counts unmap_and_replace
 * too), "gnttab.unmap_flush" (nr_vals 1: the TLB flushes the unmaps did,
 * one per batch of up to 32), "gnttab.copy_bytes" (nr_vals 1: the bytes
 * those copies moved), "perfc.hcall_sample" (nr_vals 1: the mean interval
 * between timed calls, the hcall_sample boot option; 1 when every call is
 * timed). Counters with no calls yet are listed too.
 * IN  cmd (XEN_SYSCTL_XL_PERFCOP_*), desc and val (buffers, null to ask
 * for sizes; when given they must hold nr_counters and nr_vals entries).
 * OUT nr_counters, nr_vals.
 * Caller: the control domain.
 * Errors: -EFAULT; -EINVAL (bad cmd, pad non-zero).
 * Implemented: yes
 */
#define XEN_SYSCTL_readconsole             1
#define XEN_SYSCTL_tbuf_op                 2
#define XEN_SYSCTL_physinfo                3
#define XEN_SYSCTL_sched_id                4
#define XEN_SYSCTL_perfc_op                5
#define XEN_SYSCTL_getdomaininfolist       6
#define XEN_SYSCTL_debug_keys              7
#define XEN_SYSCTL_getcpuinfo              8
#define XEN_SYSCTL_availheap               9
#define XEN_SYSCTL_get_pmstat             10
#define XEN_SYSCTL_cpu_hotplug            11
#define XEN_SYSCTL_pm_op                  12
#define XEN_SYSCTL_page_offline_op        14
#define XEN_SYSCTL_lockprof_op            15
#define XEN_SYSCTL_cputopoinfo            16
#define XEN_SYSCTL_numainfo               17
#define XEN_SYSCTL_cpupool_op             18
#define XEN_SYSCTL_scheduler_op           19
#define XEN_SYSCTL_coverage_op            20
#define XEN_SYSCTL_psr_cmt_op             21
#define XEN_SYSCTL_pcitopoinfo            22
#define XEN_SYSCTL_psr_alloc              23
#define XEN_SYSCTL_get_cpu_levelling_caps 25
#define XEN_SYSCTL_get_cpu_featureset     26
#define XEN_SYSCTL_livepatch_op           27
#define XEN_SYSCTL_get_cpu_policy         29
/* xen-like's extensions (not in Xen) */
#define XEN_SYSCTL_xl_tbuf_op         0x5801
#define XEN_SYSCTL_xl_perfc_op        0x5802

struct xen_sysctl_readconsole {
	uint8_t clear;       /* IN: non-zero: empty the ring after reading (ignored) */
	uint8_t incremental; /* IN: non-zero: start at index */
	uint8_t pad0, pad1;
	uint32_t index;      /* IN: where to start; OUT: where the next read goes on */
	XEN_GUEST_HANDLE_64(char) buffer; /* IN */
	uint32_t count;      /* IN: size of buffer; OUT: bytes copied */
};

#define _XEN_SYSCTL_PHYSCAP_hvm      0
#define XEN_SYSCTL_PHYSCAP_hvm       (1u << _XEN_SYSCTL_PHYSCAP_hvm)
#define _XEN_SYSCTL_PHYSCAP_pv       1
#define XEN_SYSCTL_PHYSCAP_pv        (1u << _XEN_SYSCTL_PHYSCAP_pv)
#define _XEN_SYSCTL_PHYSCAP_directio 2
#define XEN_SYSCTL_PHYSCAP_directio  (1u << _XEN_SYSCTL_PHYSCAP_directio)
#define _XEN_SYSCTL_PHYSCAP_hap      3
#define XEN_SYSCTL_PHYSCAP_hap       (1u << _XEN_SYSCTL_PHYSCAP_hap)
#define _XEN_SYSCTL_PHYSCAP_shadow   4
#define XEN_SYSCTL_PHYSCAP_shadow    (1u << _XEN_SYSCTL_PHYSCAP_shadow)
#define _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share 5
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share (1u << _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share)
#define XEN_SYSCTL_PHYSCAP_vmtrace   (1u << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu      (1u << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1 (1u << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2 (1u << 9)
#define XEN_SYSCTL_PHYSCAP_MAX       XEN_SYSCTL_PHYSCAP_gnttab_v2

struct xen_sysctl_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus;           /* CPUs online */
	uint32_t max_cpu_id;        /* highest CPU id */
	uint32_t nr_nodes;          /* NUMA nodes online */
	uint32_t max_node_id;
	uint32_t cpu_khz;           /* TSC frequency */
	uint32_t capabilities;      /* XEN_SYSCTL_PHYSCAP_* */
	uint32_t arch_capabilities; /* none on x86 in 4.17 */
	uint32_t pad;
	uint64_aligned_t total_pages;
	uint64_aligned_t free_pages;
	uint64_aligned_t scrub_pages;
	uint64_aligned_t outstanding_pages;
	uint64_aligned_t max_mfn;   /* highest MFN of the machine */
	uint32_t hw_cap[8];         /* CPUID feature words */
};

struct xen_sysctl_sched_id {
	uint32_t sched_id; /* OUT: XEN_SCHEDULER_* */
};

struct xen_sysctl_getdomaininfolist {
	domid_t first_domain;  /* IN */
	uint32_t max_domains;  /* IN: entries buffer holds */
	XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer; /* IN */
	uint32_t num_domains;  /* OUT: entries written */
};

struct xen_sysctl_cpuinfo {
	uint64_aligned_t idletime; /* ns */
};
typedef struct xen_sysctl_cpuinfo xen_sysctl_cpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cpuinfo_t);

struct xen_sysctl_getcpuinfo {
	uint32_t max_cpus; /* IN: entries info holds */
	XEN_GUEST_HANDLE_64(xen_sysctl_cpuinfo_t) info; /* IN */
	uint32_t nr_cpus;  /* OUT: entries written */
};

struct xen_sysctl_availheap {
	uint32_t min_bitwidth; /* IN: 0 for any */
	uint32_t max_bitwidth; /* IN: 0 for any */
	int32_t node;          /* IN: -1 for every node */
	uint64_aligned_t avail_bytes; /* OUT */
};

#define XEN_INVALID_CORE_ID   (~0U)
#define XEN_INVALID_SOCKET_ID (~0U)
#define XEN_INVALID_NODE_ID   (~0U)
struct xen_sysctl_cputopo {
	uint32_t core;
	uint32_t socket;
	uint32_t node;
};
typedef struct xen_sysctl_cputopo xen_sysctl_cputopo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cputopo_t);

struct xen_sysctl_cputopoinfo {
	uint32_t num_cpus; /* IN: entries cputopo holds; OUT: CPU ids there are */
	XEN_GUEST_HANDLE_64(xen_sysctl_cputopo_t) cputopo; /* IN, may be null */
};

#define XEN_INVALID_MEM_SZ    (~0U)
#define XEN_INVALID_NODE_DIST (~0U)
struct xen_sysctl_meminfo {
	uint64_t memsize;
	uint64_t memfree;
};
typedef struct xen_sysctl_meminfo xen_sysctl_meminfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_meminfo_t);

struct xen_sysctl_numainfo {
	uint32_t num_nodes; /* IN: entries the arrays hold; OUT: nodes there are */
	XEN_GUEST_HANDLE_64(xen_sysctl_meminfo_t) meminfo; /* IN, may be null */
	XEN_GUEST_HANDLE_64(uint32) distance; /* IN: num_nodes squared entries, may be null */
};

#define XEN_SYSCTL_CPUPOOL_OP_CREATE     1
#define XEN_SYSCTL_CPUPOOL_OP_DESTROY    2
#define XEN_SYSCTL_CPUPOOL_OP_INFO       3
#define XEN_SYSCTL_CPUPOOL_OP_ADDCPU     4
#define XEN_SYSCTL_CPUPOOL_OP_RMCPU      5
#define XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN 6
#define XEN_SYSCTL_CPUPOOL_OP_FREEINFO   7
#define XEN_SYSCTL_CPUPOOL_PAR_ANY       0xFFFFFFFF
struct xen_sysctl_cpupool_op {
	uint32_t op;         /* IN: XEN_SYSCTL_CPUPOOL_OP_* */
	uint32_t cpupool_id; /* IN (INFO: the first id wanted); OUT (INFO) */
	uint32_t sched_id;   /* OUT (INFO) */
	uint32_t domid;      /* IN (MOVEDOMAIN) */
	uint32_t cpu;        /* IN (ADDCPU, RMCPU) */
	uint32_t n_dom;      /* OUT (INFO) */
	struct xenctl_bitmap cpumap; /* OUT (INFO, FREEINFO) */
};

#define XEN_SYSCTL_cpu_featureset_raw     0
#define XEN_SYSCTL_cpu_featureset_host    1
#define XEN_SYSCTL_cpu_featureset_pv      2
#define XEN_SYSCTL_cpu_featureset_hvm     3
#define XEN_SYSCTL_cpu_featureset_pv_max  4
#define XEN_SYSCTL_cpu_featureset_hvm_max 5
struct xen_sysctl_cpu_featureset {
	uint32_t index;       /* IN: XEN_SYSCTL_cpu_featureset_* */
	uint32_t nr_features; /* IN: words features holds; OUT: words written */
	XEN_GUEST_HANDLE_64(uint32) features; /* IN */
};

#define XEN_SYSCTL_cpu_policy_raw         0
#define XEN_SYSCTL_cpu_policy_host        1
#define XEN_SYSCTL_cpu_policy_pv_max      2
#define XEN_SYSCTL_cpu_policy_hvm_max     3
#define XEN_SYSCTL_cpu_policy_pv_default  4
#define XEN_SYSCTL_cpu_policy_hvm_default 5
struct xen_sysctl_cpu_policy {
	uint32_t index;     /* IN: XEN_SYSCTL_cpu_policy_* */
	uint32_t nr_leaves; /* IN: entries leaves holds; OUT: written (or needed) */
	uint32_t nr_msrs;   /* IN: entries msrs holds; OUT: written (or needed) */
	uint32_t _rsvd;     /* must be zero */
	XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves; /* IN, may be null */
	XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;    /* IN, may be null */
};

/*
 * The remaining commands' arguments, as Xen 4.17 lays them out; xen-like
 * answers those commands -ENOSYS (see the entries above).
 */
/*
 * XEN_SYSCTL_tbuf_op: Xen's trace buffers (xen-like has its own:
 * XEN_SYSCTL_xl_tbuf_op).
 */
struct xen_sysctl_tbuf_op {
#define XEN_SYSCTL_TBUFOP_get_info     0
#define XEN_SYSCTL_TBUFOP_set_cpu_mask 1
#define XEN_SYSCTL_TBUFOP_set_evt_mask 2
#define XEN_SYSCTL_TBUFOP_set_size     3
#define XEN_SYSCTL_TBUFOP_enable       4
#define XEN_SYSCTL_TBUFOP_disable      5
	uint32_t cmd;
	struct xenctl_bitmap cpu_mask;
	uint32_t evt_mask;
	uint64_aligned_t buffer_mfn;
	uint32_t size;
};

/*
 * XEN_SYSCTL_perfc_op: Xen's performance counters (xen-like's:
 * XEN_SYSCTL_xl_perfc_op).
 */
#define XEN_SYSCTL_PERFCOP_reset 1
#define XEN_SYSCTL_PERFCOP_query 2
struct xen_sysctl_perfc_desc {
	char name[80];
	uint32_t nr_vals;
};
typedef struct xen_sysctl_perfc_desc xen_sysctl_perfc_desc_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_perfc_desc_t);
typedef uint32_t xen_sysctl_perfc_val_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_perfc_val_t);

struct xen_sysctl_perfc_op {
	uint32_t cmd;
	uint32_t nr_counters;
	uint32_t nr_vals;
	XEN_GUEST_HANDLE_64(xen_sysctl_perfc_desc_t) desc;
	XEN_GUEST_HANDLE_64(xen_sysctl_perfc_val_t) val;
};

/* XEN_SYSCTL_debug_keys: keys for the hypervisor's debug-key handlers. */
struct xen_sysctl_debug_keys {
	XEN_GUEST_HANDLE_64(const_char) keys;
	uint32_t nr_keys;
};

/*
 * XEN_SYSCTL_get_pmstat: P-state (frequency) and C-state (idle)
 * statistics of a CPU.
 */
struct pm_px_val {
	uint64_aligned_t freq;
	uint64_aligned_t residency;
	uint64_aligned_t count;
};
typedef struct pm_px_val pm_px_val_t;
DEFINE_XEN_GUEST_HANDLE(pm_px_val_t);

struct pm_px_stat {
	uint8_t total;
	uint8_t usable;
	uint8_t last;
	uint8_t cur;
	XEN_GUEST_HANDLE_64(uint64) trans_pt;
	XEN_GUEST_HANDLE_64(pm_px_val_t) pt;
};

struct pm_cx_stat {
	uint32_t nr;
	uint32_t last;
	uint64_aligned_t idle_time;
	XEN_GUEST_HANDLE_64(uint64) triggers;
	XEN_GUEST_HANDLE_64(uint64) residencies;
	uint32_t nr_pc;
	uint32_t nr_cc;
	XEN_GUEST_HANDLE_64(uint64) pc;
	XEN_GUEST_HANDLE_64(uint64) cc;
};

struct xen_sysctl_get_pmstat {
#define PMSTAT_CATEGORY_MASK 0xf0
#define PMSTAT_PX            0x10
#define PMSTAT_CX            0x20
#define PMSTAT_get_max_px    (PMSTAT_PX | 0x1)
#define PMSTAT_get_pxstat    (PMSTAT_PX | 0x2)
#define PMSTAT_reset_pxstat  (PMSTAT_PX | 0x3)
#define PMSTAT_get_max_cx    (PMSTAT_CX | 0x1)
#define PMSTAT_get_cxstat    (PMSTAT_CX | 0x2)
#define PMSTAT_reset_cxstat  (PMSTAT_CX | 0x3)
	uint32_t type;
	uint32_t cpuid;
	union {
		struct pm_px_stat getpx;
		struct pm_cx_stat getcx;
	} u;
};

/* XEN_SYSCTL_cpu_hotplug: a CPU, or all SMT siblings, on or off line. */
struct xen_sysctl_cpu_hotplug {
	uint32_t cpu;
#define XEN_SYSCTL_CPU_HOTPLUG_ONLINE  0
#define XEN_SYSCTL_CPU_HOTPLUG_OFFLINE 1
#define XEN_SYSCTL_CPU_HOTPLUG_SMT_ENABLE  2
#define XEN_SYSCTL_CPU_HOTPLUG_SMT_DISABLE 3
	uint32_t op;
};

/* XEN_SYSCTL_pm_op: cpufreq governors and parameters, C-state limits, turbo. */
struct xen_userspace {
	uint32_t scaling_setspeed;
};

struct xen_ondemand {
	uint32_t sampling_rate_max;
	uint32_t sampling_rate_min;
	uint32_t sampling_rate;
	uint32_t up_threshold;
};

#define CPUFREQ_NAME_LEN 16
struct xen_get_cpufreq_para {
	uint32_t cpu_num;
	uint32_t freq_num;
	uint32_t gov_num;
	XEN_GUEST_HANDLE_64(uint32) affected_cpus;
	XEN_GUEST_HANDLE_64(uint32) scaling_available_frequencies;
	XEN_GUEST_HANDLE_64(char) scaling_available_governors;
	char scaling_driver[CPUFREQ_NAME_LEN];
	uint32_t cpuinfo_cur_freq;
	uint32_t cpuinfo_max_freq;
	uint32_t cpuinfo_min_freq;
	uint32_t scaling_cur_freq;
	char scaling_governor[CPUFREQ_NAME_LEN];
	uint32_t scaling_max_freq;
	uint32_t scaling_min_freq;
	union {
		struct xen_userspace userspace;
		struct xen_ondemand ondemand;
	} u;
	int32_t turbo_enabled;
};

struct xen_set_cpufreq_gov {
	char scaling_governor[CPUFREQ_NAME_LEN];
};

struct xen_set_cpufreq_para {
#define SCALING_MAX_FREQ           1
#define SCALING_MIN_FREQ           2
#define SCALING_SETSPEED           3
#define SAMPLING_RATE              4
#define UP_THRESHOLD               5
	uint32_t ctrl_type;
	uint32_t ctrl_value;
};

struct xen_sysctl_pm_op {
#define PM_PARA_CATEGORY_MASK      0xf0
#define CPUFREQ_PARA               0x10
#define GET_CPUFREQ_PARA           (CPUFREQ_PARA | 0x01)
#define SET_CPUFREQ_GOV            (CPUFREQ_PARA | 0x02)
#define SET_CPUFREQ_PARA           (CPUFREQ_PARA | 0x03)
#define GET_CPUFREQ_AVGFREQ        (CPUFREQ_PARA | 0x04)
#define XEN_SYSCTL_pm_op_set_sched_opt_smt    0x21
#define XEN_SYSCTL_pm_op_get_max_cstate       0x22
#define XEN_SYSCTL_pm_op_set_max_cstate       0x23
#define XEN_SYSCTL_pm_op_set_vcpu_migration_delay   0x24
#define XEN_SYSCTL_pm_op_get_vcpu_migration_delay   0x25
#define XEN_SYSCTL_pm_op_enable_turbo               0x26
#define XEN_SYSCTL_pm_op_disable_turbo              0x27
	uint32_t cmd;
	uint32_t cpuid;
	union {
		struct xen_get_cpufreq_para get_para;
		struct xen_set_cpufreq_gov set_gov;
		struct xen_set_cpufreq_para set_para;
		uint64_aligned_t get_avgfreq;
		uint32_t set_sched_opt_smt;
#define XEN_SYSCTL_CX_UNLIMITED 0xffffffff
		uint32_t get_max_cstate;
		uint32_t set_max_cstate;
	} u;
};

/*
 * XEN_SYSCTL_page_offline_op: takes machine frames [start, end] off or
 * on line; status per frame (PG_*).
 */
struct xen_sysctl_page_offline_op {
#define sysctl_page_offline     1
#define sysctl_page_online      2
#define sysctl_query_page_offline  3
	uint32_t cmd;
	uint32_t start;
	uint32_t end;
	XEN_GUEST_HANDLE(uint32) status;
};

#define PG_OFFLINE_STATUS_MASK    (0xFFUL)

#define PG_OFFLINE_INVALID   (0x1UL << 0)

#define PG_OFFLINE_OFFLINED  (0x1UL << 1)
#define PG_OFFLINE_PENDING   (0x1UL << 2)
#define PG_OFFLINE_FAILED    (0x1UL << 3)
#define PG_OFFLINE_AGAIN     (0x1UL << 4)

#define PG_ONLINE_FAILED     PG_OFFLINE_FAILED
#define PG_ONLINE_ONLINED    PG_OFFLINE_OFFLINED

#define PG_OFFLINE_STATUS_OFFLINED              (0x1UL << 1)
#define PG_OFFLINE_STATUS_ONLINE                (0x1UL << 2)
#define PG_OFFLINE_STATUS_OFFLINE_PENDING       (0x1UL << 3)
#define PG_OFFLINE_STATUS_BROKEN                (0x1UL << 4)

#define PG_OFFLINE_MISC_MASK    (0xFFUL << 4)

#define PG_OFFLINE_XENPAGE   (0x1UL << 8)
#define PG_OFFLINE_DOM0PAGE  (0x1UL << 9)
#define PG_OFFLINE_ANONYMOUS (0x1UL << 10)
#define PG_OFFLINE_NOT_CONV_RAM   (0x1UL << 11)
#define PG_OFFLINE_OWNED     (0x1UL << 12)

#define PG_OFFLINE_BROKEN    (0x1UL << 13)
#define PG_ONLINE_BROKEN     PG_OFFLINE_BROKEN

#define PG_OFFLINE_OWNER_SHIFT 16

/* XEN_SYSCTL_lockprof_op: lock profiling counters. */
#define XEN_SYSCTL_LOCKPROF_reset 1
#define XEN_SYSCTL_LOCKPROF_query 2

#define LOCKPROF_TYPE_GLOBAL      0
#define LOCKPROF_TYPE_PERDOM      1
#define LOCKPROF_TYPE_N           2
struct xen_sysctl_lockprof_data {
	char name[40];
	int32_t type;
	int32_t idx;
	uint64_aligned_t lock_cnt;
	uint64_aligned_t block_cnt;
	uint64_aligned_t lock_time;
	uint64_aligned_t block_time;
};
typedef struct xen_sysctl_lockprof_data xen_sysctl_lockprof_data_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_lockprof_data_t);
struct xen_sysctl_lockprof_op {
	uint32_t cmd;
	uint32_t max_elem;
	uint32_t nr_elem;
	uint64_aligned_t time;
	XEN_GUEST_HANDLE_64(xen_sysctl_lockprof_data_t) data;
};

/* XEN_SYSCTL_scheduler_op: a CPU pool's scheduler parameters. */
#define ARINC653_MAX_DOMAINS_PER_SCHEDULE   64

struct xen_sysctl_arinc653_schedule {
	uint64_aligned_t major_frame;
	uint8_t num_sched_entries;
	struct {
		xen_domain_handle_t dom_handle;
		uint32_t vcpu_id;
		uint64_aligned_t runtime;
	} sched_entries[ARINC653_MAX_DOMAINS_PER_SCHEDULE];
};
typedef struct xen_sysctl_arinc653_schedule xen_sysctl_arinc653_schedule_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_arinc653_schedule_t);

#define XEN_SYSCTL_SCHED_RATELIMIT_MAX 500000
#define XEN_SYSCTL_SCHED_RATELIMIT_MIN 100

struct xen_sysctl_credit_schedule {
#define XEN_SYSCTL_CSCHED_TSLICE_MAX 1000
#define XEN_SYSCTL_CSCHED_TSLICE_MIN 1
	uint32_t tslice_ms;
	uint32_t ratelimit_us;
#define XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US (100 * 1000)
	uint32_t vcpu_migr_delay_us;
};

struct xen_sysctl_credit2_schedule {
	uint32_t ratelimit_us;
};

#define XEN_SYSCTL_SCHEDOP_putinfo 0
#define XEN_SYSCTL_SCHEDOP_getinfo 1
struct xen_sysctl_scheduler_op {
	uint32_t cpupool_id;
	uint32_t sched_id;
	uint32_t cmd;
	union {
		struct xen_sysctl_sched_arinc653 {
			XEN_GUEST_HANDLE_64(xen_sysctl_arinc653_schedule_t) schedule;
		} sched_arinc653;
		struct xen_sysctl_credit_schedule sched_credit;
		struct xen_sysctl_credit2_schedule sched_credit2;
	} u;
};

/* XEN_SYSCTL_coverage_op: the hypervisor's code coverage data. */
#define XEN_GCOV_FORMAT_MAGIC    0x58434f56

#define XEN_SYSCTL_COVERAGE_get_size 0
#define XEN_SYSCTL_COVERAGE_read     1
#define XEN_SYSCTL_COVERAGE_reset    2

struct xen_sysctl_coverage_op {
	uint32_t cmd;
	uint32_t size;
	XEN_GUEST_HANDLE_64(char) buffer;
};

/* XEN_SYSCTL_psr_cmt_op: cache monitoring facts of the host. */
#define XEN_SYSCTL_PSR_CMT_get_total_rmid            0
#define XEN_SYSCTL_PSR_CMT_get_l3_upscaling_factor   1

#define XEN_SYSCTL_PSR_CMT_get_l3_cache_size         2
#define XEN_SYSCTL_PSR_CMT_enabled                   3
#define XEN_SYSCTL_PSR_CMT_get_l3_event_mask         4
struct xen_sysctl_psr_cmt_op {
	uint32_t cmd;
	uint32_t flags;
	union {
		uint64_t data;
		struct {
			uint32_t cpu;
			uint32_t rsvd;
		} l3_cache;
	} u;
};

/* XEN_SYSCTL_pcitopoinfo: the NUMA node of each PCI device. */
#define XEN_INVALID_DEV (XEN_INVALID_NODE_ID - 1)
struct xen_sysctl_pcitopoinfo {
	uint32_t num_devs;
	XEN_GUEST_HANDLE_64(physdev_pci_device_t) devs;
	XEN_GUEST_HANDLE_64(uint32) nodes;
};

/* XEN_SYSCTL_psr_alloc: cache and memory-bandwidth allocation facts. */
#define XEN_SYSCTL_PSR_get_l3_info               0
#define XEN_SYSCTL_PSR_get_l2_info               1
#define XEN_SYSCTL_PSR_get_mba_info              2
struct xen_sysctl_psr_alloc {
	uint32_t cmd;
	uint32_t target;
	union {
		struct {
			uint32_t cbm_len;
			uint32_t cos_max;
#define XEN_SYSCTL_PSR_CAT_L3_CDP       (1u << 0)
			uint32_t flags;
		} cat_info;
		struct {
			uint32_t thrtl_max;
			uint32_t cos_max;
#define XEN_SYSCTL_PSR_MBA_LINEAR      (1u << 0)
			uint32_t flags;
		} mba_info;
	} u;
};

/* XEN_SYSCTL_get_cpu_levelling_caps: which CPUID masking the host can do. */
struct xen_sysctl_cpu_levelling_caps {
#define XEN_SYSCTL_CPU_LEVELCAP_faulting    (1ul <<  0)
#define XEN_SYSCTL_CPU_LEVELCAP_ecx         (1ul <<  1)
#define XEN_SYSCTL_CPU_LEVELCAP_edx         (1ul <<  2)
#define XEN_SYSCTL_CPU_LEVELCAP_extd_ecx    (1ul <<  3)
#define XEN_SYSCTL_CPU_LEVELCAP_extd_edx    (1ul <<  4)
#define XEN_SYSCTL_CPU_LEVELCAP_xsave_eax   (1ul <<  5)
#define XEN_SYSCTL_CPU_LEVELCAP_thermal_ecx (1ul <<  6)
#define XEN_SYSCTL_CPU_LEVELCAP_l7s0_eax    (1ul <<  7)
#define XEN_SYSCTL_CPU_LEVELCAP_l7s0_ebx    (1ul <<  8)
	uint32_t caps;
};

/* XEN_SYSCTL_livepatch_op: upload, list, query and apply live patches. */
#define LIVEPATCH_PAYLOAD_VERSION 2

#define XEN_LIVEPATCH_NAME_SIZE 128
struct xen_livepatch_name {
	XEN_GUEST_HANDLE_64(char) name;
	uint16_t size;
	uint16_t pad[3];
};

#define XEN_SYSCTL_LIVEPATCH_UPLOAD 0
struct xen_sysctl_livepatch_upload {
	struct xen_livepatch_name name;
	uint64_t size;
	XEN_GUEST_HANDLE_64(uint8) payload;
};

#define XEN_SYSCTL_LIVEPATCH_GET 1

struct xen_livepatch_status {
#define LIVEPATCH_STATE_CHECKED      1
#define LIVEPATCH_STATE_APPLIED      2
	uint32_t state;
	int32_t rc;
};
typedef struct xen_livepatch_status xen_livepatch_status_t;
DEFINE_XEN_GUEST_HANDLE(xen_livepatch_status_t);

struct xen_sysctl_livepatch_get {
	struct xen_livepatch_name name;
	struct xen_livepatch_status status;
};

#define XEN_SYSCTL_LIVEPATCH_LIST 2
struct xen_sysctl_livepatch_list {
	uint32_t version;
	uint32_t idx;
	uint32_t nr;
	uint32_t pad;
	uint32_t name_total_size;
	uint32_t metadata_total_size;
	XEN_GUEST_HANDLE_64(xen_livepatch_status_t) status;
	XEN_GUEST_HANDLE_64(char) name;
	XEN_GUEST_HANDLE_64(uint32) len;
	XEN_GUEST_HANDLE_64(char) metadata;
	XEN_GUEST_HANDLE_64(uint32) metadata_len;
};

#define XEN_SYSCTL_LIVEPATCH_ACTION 3
struct xen_sysctl_livepatch_action {
	struct xen_livepatch_name name;
#define LIVEPATCH_ACTION_UNLOAD       1
#define LIVEPATCH_ACTION_REVERT       2
#define LIVEPATCH_ACTION_APPLY        3
#define LIVEPATCH_ACTION_REPLACE      4
	uint32_t cmd;
	uint32_t timeout;
#define LIVEPATCH_ACTION_APPLY_NODEPS (1 << 0)
	uint32_t flags;
	uint32_t pad;
};

struct xen_sysctl_livepatch_op {
	uint32_t cmd;
	uint32_t pad;
	union {
		struct xen_sysctl_livepatch_upload upload;
		struct xen_sysctl_livepatch_list list;
		struct xen_sysctl_livepatch_get get;
		struct xen_sysctl_livepatch_action action;
	} u;
};

#if defined(__i386__) || defined(__x86_64__)

typedef struct xen_sysctl_cpu_policy xen_sysctl_cpu_policy_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cpu_policy_t);
#endif

/* ---- xen-like's extensions ---- */

#define XEN_PERFC_HIST_BUCKETS 48
#define XEN_SYSCTL_XL_TBUFOP_get_info     0
#define XEN_SYSCTL_XL_TBUFOP_set_size     1
#define XEN_SYSCTL_XL_TBUFOP_enable       2
#define XEN_SYSCTL_XL_TBUFOP_disable      3
#define XEN_SYSCTL_XL_TBUFOP_set_evt_mask 4
#define XEN_SYSCTL_XL_TBUFOP_read         5

/* Trace event classes (evt_mask bits); an event id is (class << 16) | id. */
#define TRC_CLS_HCALL 0x0001 /* id = hypercall number; data: the 5 args */
#define TRC_CLS_TRAP  0x0002 /* id = vector bounced to the guest; data: rip, error code */
#define TRC_CLS_EVENT 0x0004 /* event deliveries (later) */
#define TRC_CLS_SCHED 0x0008 /* id = TRC_SCHED_*; data: domid, vcpu (switch: prev's, then next's) */
#define TRC_CLS_DOM   0x0010 /* id = TRC_DOM_*; data: domid, reason */
#define TRC_SCHED_switch 1
#define TRC_SCHED_block  2 /* blocks or polls */
#define TRC_SCHED_wake   3
#define TRC_DOM_create   1
#define TRC_DOM_shutdown 2
#define TRC_EVENT(cls, id) (((uint32_t)(cls) << 16) | (uint16_t)(id))

struct xen_trace_rec {
	uint64_t tsc;     /* TSC when recorded */
	uint32_t event;   /* TRC_EVENT(class, id) */
	uint16_t cpu;     /* physical CPU */
	uint8_t nr_data;  /* valid entries in data[] */
	uint8_t pad;
	uint64_t data[5];
};
typedef struct xen_trace_rec xen_trace_rec_t;
DEFINE_XEN_GUEST_HANDLE(xen_trace_rec_t);

struct xen_sysctl_xl_tbuf_op {
	uint32_t cmd;      /* IN */
	uint32_t evt_mask; /* IN/OUT */
	uint32_t size;     /* IN/OUT: records per CPU */
	uint32_t cpu;      /* IN (read) */
	uint32_t count;    /* IN: room in buffer (records); OUT: copied */
	uint32_t enabled;  /* OUT */
	uint64_t lost;     /* OUT: records dropped on cpu */
	XEN_GUEST_HANDLE_64(xen_trace_rec_t) buffer; /* IN (read) */
};

#define XEN_SYSCTL_XL_PERFCOP_reset 1
#define XEN_SYSCTL_XL_PERFCOP_query 2
struct xen_sysctl_xl_perfc_desc {
	char name[80];    /* counter name */
	uint32_t nr_vals; /* values it has (per CPU or per bucket) */
	uint32_t pad;
};
typedef struct xen_sysctl_xl_perfc_desc xen_sysctl_xl_perfc_desc_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_xl_perfc_desc_t);

struct xen_sysctl_xl_perfc_op {
	uint32_t cmd;         /* IN */
	uint32_t nr_counters; /* OUT */
	uint32_t nr_vals;     /* OUT */
	uint32_t pad;
	XEN_GUEST_HANDLE_64(xen_sysctl_xl_perfc_desc_t) desc; /* OUT, may be null */
	XEN_GUEST_HANDLE_64(uint64) val;                   /* OUT, may be null */
};


struct xen_sysctl {
	uint32_t cmd;               /* IN: XEN_SYSCTL_* */
	uint32_t interface_version; /* IN: XEN_SYSCTL_INTERFACE_VERSION */
	union {
		struct xen_sysctl_readconsole readconsole;
		struct xen_sysctl_tbuf_op tbuf_op;
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_cputopoinfo cputopoinfo;
		struct xen_sysctl_pcitopoinfo pcitopoinfo;
		struct xen_sysctl_numainfo numainfo;
		struct xen_sysctl_sched_id sched_id;
		struct xen_sysctl_perfc_op perfc_op;
		struct xen_sysctl_getdomaininfolist getdomaininfolist;
		struct xen_sysctl_debug_keys debug_keys;
		struct xen_sysctl_getcpuinfo getcpuinfo;
		struct xen_sysctl_availheap availheap;
		struct xen_sysctl_get_pmstat get_pmstat;
		struct xen_sysctl_cpu_hotplug cpu_hotplug;
		struct xen_sysctl_pm_op pm_op;
		struct xen_sysctl_page_offline_op page_offline;
		struct xen_sysctl_lockprof_op lockprof_op;
		struct xen_sysctl_cpupool_op cpupool_op;
		struct xen_sysctl_scheduler_op scheduler_op;
		struct xen_sysctl_coverage_op coverage_op;
		struct xen_sysctl_psr_cmt_op psr_cmt_op;
		struct xen_sysctl_psr_alloc psr_alloc;
		struct xen_sysctl_cpu_levelling_caps cpu_levelling_caps;
		struct xen_sysctl_cpu_featureset cpu_featureset;
		struct xen_sysctl_livepatch_op livepatch;
#if defined(__i386__) || defined(__x86_64__)
		struct xen_sysctl_cpu_policy cpu_policy;
#endif
		struct xen_sysctl_xl_tbuf_op xl_tbuf_op;   /* an extension */
		struct xen_sysctl_xl_perfc_op xl_perfc_op; /* an extension */
		uint8_t pad[128];
	} u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);

#endif /* __XEN_PUBLIC_SYSCTL_H__ */
