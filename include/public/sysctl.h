/* SPDX-License-Identifier: MIT */
/*
 * sysctl: the toolstack's host-wide operations (machine facts, the
 * hypervisor console ring, trace buffers, performance counters).
 *
 * OURS, not Xen's: only the hypercall number (__HYPERVISOR_sysctl = 35)
 * is shared with Xen. Commands and layouts carry
 * XEN_SYSCTL_INTERFACE_VERSION, checked by the hypervisor.
 */
#ifndef __XEN_PUBLIC_SYSCTL_H__
#define __XEN_PUBLIC_SYSCTL_H__

#include "xen.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x58530001 /* "XS" 1 */

/*
 * @op __HYPERVISOR_sysctl (35)
 * sysctl(GUEST_PTR(xen_sysctl_t) op): op->cmd is a XEN_SYSCTL_* below;
 * the structure is copied back when a command has OUT fields.
 * Caller: the control domain (privileged) only.
 * Errors: -EFAULT (op unreadable/unwritable); -EACCES (interface_version
 * is not XEN_SYSCTL_INTERFACE_VERSION); -EPERM (caller not privileged);
 * -ENOSYS (unknown cmd); -EINVAL (pad fields non-zero); per cmd below.
 * Implemented: not yet
 *
 * @op XEN_SYSCTL_physinfo (1)
 * Facts about the machine.
 * OUT u.physinfo: all fields.
 * Caller: the control domain.
 * Errors: none beyond the common ones.
 * Implemented: not yet
 *
 * @op XEN_SYSCTL_readconsole (2)
 * Copies bytes from the hypervisor's console ring, oldest first.
 * IN  buffer, count (size), index (ring offset to start at, with
 * XEN_SYSCTL_READCONSOLE_incremental), flags (XEN_SYSCTL_READCONSOLE_*).
 * OUT count: bytes copied; index: where the next read continues.
 * Caller: the control domain.
 * Errors: -EFAULT (buffer unwritable).
 * Implemented: not yet
 *
 * @op XEN_SYSCTL_tbuf_op (3)
 * Controls the per-CPU trace buffers.
 * IN  cmd (XEN_SYSCTL_TBUFOP_*), size (pages per CPU, for set_size),
 * evt_mask (event classes to record). OUT buffer_mfn, size, evt_mask.
 * Caller: the control domain.
 * Errors: -EINVAL (bad cmd; set_size while enabled or size 0); -ENOMEM
 * (buffers cannot be allocated); -ENODEV (tracing not compiled in).
 * Implemented: not yet
 *
 * @op XEN_SYSCTL_perfc_op (4)
 * Reads or resets the performance counters (per hypercall counts and
 * cycle histograms).
 * IN  cmd (XEN_SYSCTL_PERFCOP_*), desc and val (buffers, null to ask for
 * sizes). OUT nr_counters, nr_vals.
 * Caller: the control domain.
 * Errors: -EFAULT; -EINVAL (bad cmd); -ENODEV (counters not compiled in).
 * Implemented: not yet
 */
#define XEN_SYSCTL_physinfo    1
#define XEN_SYSCTL_readconsole 2
#define XEN_SYSCTL_tbuf_op     3
#define XEN_SYSCTL_perfc_op    4

struct xen_sysctl_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus;        /* online CPUs */
	uint32_t max_cpu_id;
	uint32_t nr_nodes;
	uint32_t max_node_id;
	uint32_t cpu_khz;        /* TSC frequency */
	uint32_t sched_id;       /* XEN_SCHEDULER_* in use */
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t max_mfn;
	uint32_t hw_cap[8];      /* CPUID feature words */
	uint32_t capabilities;   /* zero for now */
	uint32_t pad;
};

#define XEN_SYSCTL_READCONSOLE_clear       (1U << 0) /* empty the ring after reading */
#define XEN_SYSCTL_READCONSOLE_incremental (1U << 1) /* start at index */
struct xen_sysctl_readconsole {
	XEN_GUEST_HANDLE_64(char) buffer; /* IN */
	uint32_t count;                   /* IN: size; OUT: bytes copied */
	uint32_t index;                   /* IN/OUT */
	uint32_t flags;                   /* IN */
	uint32_t pad;
};

#define XEN_SYSCTL_TBUFOP_get_info     0
#define XEN_SYSCTL_TBUFOP_set_size     1
#define XEN_SYSCTL_TBUFOP_enable       2
#define XEN_SYSCTL_TBUFOP_disable      3
#define XEN_SYSCTL_TBUFOP_set_evt_mask 4
struct xen_sysctl_tbuf_op {
	uint32_t cmd;        /* IN */
	uint32_t evt_mask;   /* IN/OUT */
	uint32_t size;       /* IN/OUT: pages per CPU */
	uint32_t pad;
	uint64_t buffer_mfn; /* OUT: first frame of the metadata */
};

#define XEN_SYSCTL_PERFCOP_reset 1
#define XEN_SYSCTL_PERFCOP_query 2
struct xen_sysctl_perfc_desc {
	char name[80];    /* counter name */
	uint32_t nr_vals; /* values it has (per CPU or per bucket) */
	uint32_t pad;
};
typedef struct xen_sysctl_perfc_desc xen_sysctl_perfc_desc_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_perfc_desc_t);

struct xen_sysctl_perfc_op {
	uint32_t cmd;         /* IN */
	uint32_t nr_counters; /* OUT */
	uint32_t nr_vals;     /* OUT */
	uint32_t pad;
	XEN_GUEST_HANDLE_64(xen_sysctl_perfc_desc_t) desc; /* OUT, may be null */
	XEN_GUEST_HANDLE_64(uint64) val;                   /* OUT, may be null */
};

struct xen_sysctl {
	uint32_t cmd;               /* IN: XEN_SYSCTL_* */
	uint32_t interface_version; /* IN: XEN_SYSCTL_INTERFACE_VERSION */
	union {
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_readconsole readconsole;
		struct xen_sysctl_tbuf_op tbuf_op;
		struct xen_sysctl_perfc_op perfc_op;
		uint8_t pad[128];
	} u;
};
typedef struct xen_sysctl xen_sysctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_t);

#endif /* __XEN_PUBLIC_SYSCTL_H__ */
