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
 * Implemented: yes (the commands below)
 *
 * @op XEN_SYSCTL_physinfo (1)
 * Facts about the machine.
 * OUT u.physinfo: all fields.
 * Caller: the control domain.
 * Errors: none beyond the common ones.
 * Implemented: yes
 *
 * @op XEN_SYSCTL_readconsole (2)
 * Copies bytes from the hypervisor's console ring, oldest first.
 * IN  buffer, count (size), index (ring offset to start at, with
 * XEN_SYSCTL_READCONSOLE_incremental), flags (XEN_SYSCTL_READCONSOLE_*).
 * OUT count: bytes copied; index: where the next read continues.
 * Caller: the control domain.
 * Errors: -EFAULT (buffer unwritable); -EINVAL (pad non-zero).
 * Implemented: yes (XEN_SYSCTL_READCONSOLE_clear is ignored: the ring is
 * never emptied)
 *
 * @op XEN_SYSCTL_tbuf_op (3)
 * Controls and reads the per-CPU trace buffers (rings of struct
 * xen_trace_rec; a full ring drops new records and counts them in lost).
 * IN  cmd (XEN_SYSCTL_TBUFOP_*); size (records per CPU, for set_size);
 * evt_mask (TRC_CLS_* classes, for set_evt_mask); cpu, buffer, count
 * (for read: records to copy out of that CPU's ring, oldest first, which
 * are then consumed).
 * OUT (get_info, read) evt_mask, size, enabled, lost (records dropped on
 * that CPU since the ring was sized), count (records copied by read).
 * Caller: the control domain.
 * Errors: -EINVAL (bad cmd; set_size while enabled, size 0 or above
 * 1048576; cpu offline); -ENOMEM (buffers cannot be allocated); -EFAULT
 * (buffer unwritable); -ENODATA (enable before set_size).
 * Implemented: yes
 *
 * @op XEN_SYSCTL_perfc_op (4)
 * Reads or resets the performance counters, summed over CPUs:
 * "hcall.<name>" (nr_vals 1 + XEN_PERFC_HIST_BUCKETS: the number of calls,
 * then a histogram of their TSC cycles from dispatch to return, bucket b
 * counting [2^b, 2^(b+1)) cycles), "hcall.<name>.subop" for multiplexed
 * hypercalls (nr_vals 32: calls per sub-op, the last one collecting all
 * sub-ops >= 31), "trap.bounced" and "trap.emulated" (nr_vals 32: per
 * vector). Counters with no calls yet are listed too.
 * IN  cmd (XEN_SYSCTL_PERFCOP_*), desc and val (buffers, null to ask for
 * sizes; when given they must hold nr_counters and nr_vals entries).
 * OUT nr_counters, nr_vals.
 * Caller: the control domain.
 * Errors: -EFAULT; -EINVAL (bad cmd).
 * Implemented: yes
 */
#define XEN_PERFC_HIST_BUCKETS 48
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
#define XEN_SYSCTL_TBUFOP_read         5

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

struct xen_sysctl_tbuf_op {
	uint32_t cmd;      /* IN */
	uint32_t evt_mask; /* IN/OUT */
	uint32_t size;     /* IN/OUT: records per CPU */
	uint32_t cpu;      /* IN (read) */
	uint32_t count;    /* IN: room in buffer (records); OUT: copied */
	uint32_t enabled;  /* OUT */
	uint64_t lost;     /* OUT: records dropped on cpu */
	XEN_GUEST_HANDLE_64(xen_trace_rec_t) buffer; /* IN (read) */
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
