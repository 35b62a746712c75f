/* SPDX-License-Identifier: MIT */
/*
 * domctl: the toolstack's operations on one domain (create, destroy,
 * pause, inspect, size, load a vCPU context, scheduler parameters).
 *
 * OURS, not Xen's: only the hypercall number (__HYPERVISOR_domctl = 36)
 * is shared with Xen. Command numbers and layouts are our own and carry
 * XEN_DOMCTL_INTERFACE_VERSION; the hypervisor refuses any other version,
 * so a toolstack built against other headers fails cleanly instead of
 * misreading memory. Bump the version on every incompatible change.
 */
#ifndef __XEN_PUBLIC_DOMCTL_H__
#define __XEN_PUBLIC_DOMCTL_H__

#include "xen.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x58430001 /* "XC" 1 */

/*
 * @op __HYPERVISOR_domctl (36)
 * domctl(GUEST_PTR(xen_domctl_t) op): op->cmd is a XEN_DOMCTL_* below
 * acting on op->domain; the whole structure is copied back when a
 * command has OUT fields.
 * Caller: the control domain (privileged) only.
 * Errors: -EFAULT (op unreadable/unwritable); -EACCES (interface_version
 * is not XEN_DOMCTL_INTERFACE_VERSION); -EPERM (caller not privileged);
 * -ESRCH (op->domain does not exist, for commands on an existing
 * domain); -ENOSYS (unknown cmd); -EINVAL (pad fields non-zero); per cmd
 * below.
 * Implemented: yes (getdomaininfo, destroydomain, scheduler_op,
 * getvcpuinfo, set/getvcpuaffinity; the others -ENOSYS)
 *
 * @op XEN_DOMCTL_createdomain (1)
 * Creates a paused, empty PV domain.
 * INOUT domain: wanted id, or 0 for "pick one"; OUT the id given.
 * IN  u.createdomain: handle, flags (zero), max_vcpus, max_evtchn_port,
 * max_grant_frames, max_maptrack_frames.
 * Caller: the control domain.
 * Errors: -EINVAL (max_vcpus 0 or above the limit, flags non-zero);
 * -EEXIST (id in use); -ENOMEM; -ENOSPC (no free domain id).
 * Implemented: not yet
 *
 * @op XEN_DOMCTL_destroydomain (2)
 * Kills op->domain and frees what it holds (docs/domain-lifecycle.md).
 * A domain that has not shut down stops for good first. Then its event
 * channels are closed (an interdomain peer's port goes back to unbound,
 * waiting for this domain's id, as on Xen), the grants it maps of others
 * are released (their GTF_reading/GTF_writing cleared as unmapping
 * would), its page tables and frames are released, and each frame goes
 * back to the heap with its last reference. getdomaininfo shows
 * XEN_DOMINF_dying from the start. A frame another domain still
 * references (a grant mapping of it) stays allocated, owned by the dead
 * domain, which then remains listed (dying, tot_pages counting those
 * frames, with its hypervisor frames, xenheap_pages) until the last one
 * goes; destroying it again meanwhile returns 0. Once it is gone:
 * -ESRCH. Long teardowns stop for pending work and continue through a
 * hypercall continuation (-ERESTART internally): the caller sees the
 * call return once, when it is done.
 * Caller: the control domain, not on itself.
 * Errors: -ESRCH (no such domain, or already gone); -EINVAL (the caller
 * itself, or dom0).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_pausedomain (3), XEN_DOMCTL_unpausedomain (4)
 * Stops / restarts all vCPUs of the domain (nesting counts).
 * Caller: the control domain, not on itself.
 * Errors: -ESRCH; -EINVAL (the caller itself; unpause of a domain not
 * paused by the toolstack or without vCPU 0 context).
 * Implemented: not yet
 *
 * @op XEN_DOMCTL_getdomaininfo (5)
 * Reports the state of op->domain, or of the first existing domain with
 * an id >= op->domain when u.getdomaininfo.flags has XEN_DOMINF_next set
 * on input.
 * OUT u.getdomaininfo: all fields. cpu_time is the running time of all
 * its vCPUs (runstate running), in ns; nr_online_vcpus counts the vCPUs
 * that are up, max_vcpu_id is its highest vCPU id, up or down (Xen's). A
 * dying domain (being destroyed, or dead with frames still referenced)
 * has XEN_DOMINF_dying and no online vCPUs.
 * Caller: the control domain.
 * Errors: -ESRCH (no such domain / none above).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_max_vcpus (6)
 * Sets how many vCPUs the domain may bring up (once, before it runs).
 * IN  u.max_vcpus.max.
 * Caller: the control domain.
 * Errors: -EINVAL (0, above createdomain's max_vcpus, or already set);
 * -ENOMEM.
 * Implemented: not yet
 *
 * @op XEN_DOMCTL_max_mem (7)
 * Sets the domain's memory limit.
 * IN  u.max_mem.max_memkb: KiB.
 * Caller: the control domain.
 * Errors: -EINVAL (below the memory it already has).
 * Implemented: not yet
 *
 * @op XEN_DOMCTL_setvcpucontext (8)
 * Loads a vCPU's full context (see VCPUOP_initialise) while the domain
 * is paused.
 * IN  u.vcpucontext.vcpu, u.vcpucontext.ctxt (struct vcpu_guest_context).
 * Caller: the control domain.
 * Errors: -EFAULT (ctxt unreadable); -ENOENT (no such vCPU); -EINVAL
 * (context fails validation); -EBUSY (domain not paused); -ENOMEM.
 * Implemented: not yet
 *
 * @op XEN_DOMCTL_getvcpucontext (9)
 * Saves a vCPU's full context.
 * IN  u.vcpucontext.vcpu. OUT *u.vcpucontext.ctxt.
 * Caller: the control domain.
 * Errors: -EFAULT; -ENOENT; -EBUSY (domain not paused); -ENODATA (vCPU
 * never initialised).
 * Implemented: not yet
 *
 * @op XEN_DOMCTL_hypercall_init (10)
 * Fills a frame of the domain with the hypercall page.
 * IN  u.hypercall_init.gmfn.
 * Caller: the control domain.
 * Errors: -EINVAL (frame not owned by the domain or not writable).
 * Implemented: not yet
 *
 * @op XEN_DOMCTL_scheduler_op (11)
 * Reads or writes the domain's parameters in its scheduler.
 * IN  u.scheduler_op.sched_id (XEN_SCHEDULER_*), cmd
 * (XEN_DOMCTL_SCHEDOP_*). INOUT u.scheduler_op.u.
 * Caller: the control domain.
 * Errors: -ESRCH; -EINVAL (sched_id is not the domain's scheduler, bad
 * cmd, weight outside 1..65535, cap above 100 per pCPU, pad non-zero).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_getvcpuinfo (12)
 * Reports one vCPU's state.
 * IN  u.getvcpuinfo.vcpu. OUT online (up), blocked, running (on a pCPU
 * now), cpu_time (ns running), cpu (the pCPU it runs or last ran on).
 * Caller: the control domain.
 * Errors: -ESRCH; -ENOENT (the domain has no such vCPU); -EINVAL (pad
 * non-zero).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_setvcpuaffinity (13), XEN_DOMCTL_getvcpuaffinity (14)
 * Sets / reads a vCPU's hard affinity: the pCPUs it may run on, bit n =
 * pCPU n (pCPUs 0-63). A running vCPU leaves a pCPU it may no longer use
 * at that pCPU's next schedule; a queued one moves at once.
 * IN  u.vcpuaffinity.vcpu; cpumap (set). OUT cpumap (get).
 * Caller: the control domain.
 * Errors: -ESRCH; -ENOENT (no such vCPU); -EINVAL (no pCPU of cpumap
 * runs guests, pad non-zero); -EBUSY (set: the vCPU is pinned by its own
 * SCHEDOP_pin_override).
 * Implemented: yes
 */
#define XEN_DOMCTL_createdomain   1
#define XEN_DOMCTL_destroydomain  2
#define XEN_DOMCTL_pausedomain    3
#define XEN_DOMCTL_unpausedomain  4
#define XEN_DOMCTL_getdomaininfo  5
#define XEN_DOMCTL_max_vcpus      6
#define XEN_DOMCTL_max_mem        7
#define XEN_DOMCTL_setvcpucontext 8
#define XEN_DOMCTL_getvcpucontext 9
#define XEN_DOMCTL_hypercall_init 10
#define XEN_DOMCTL_scheduler_op   11
#define XEN_DOMCTL_getvcpuinfo    12
#define XEN_DOMCTL_setvcpuaffinity 13
#define XEN_DOMCTL_getvcpuaffinity 14

struct xen_domctl_getvcpuinfo {
	uint32_t vcpu;     /* IN */
	uint8_t online;    /* OUT: up */
	uint8_t blocked;   /* OUT: blocked or polling */
	uint8_t running;   /* OUT: on a pCPU now */
	uint8_t pad;
	uint64_t cpu_time; /* OUT: ns running */
	uint32_t cpu;      /* OUT: pCPU it runs or last ran on */
	uint32_t pad2;
};

struct xen_domctl_vcpuaffinity {
	uint32_t vcpu;     /* IN */
	uint32_t pad;
	uint64_t cpumap;   /* IN (set) / OUT (get): bit n = pCPU n */
};

struct xen_domctl_createdomain {
	xen_domain_handle_t handle;   /* IN: toolstack's UUID */
	uint32_t flags;               /* IN: zero (PV only) */
	uint32_t max_vcpus;           /* IN */
	uint32_t max_evtchn_port;     /* IN: 0 = default */
	int32_t max_grant_frames;     /* IN: < 0 = default */
	int32_t max_maptrack_frames;  /* IN: < 0 = default */
	uint32_t pad;
};

/* Domain state flags of getdomaininfo. */
#define XEN_DOMINF_dying    (1U << 0) /* being destroyed */
#define XEN_DOMINF_shutdown (1U << 2) /* shut down, reason in bits 16-23 */
#define XEN_DOMINF_paused   (1U << 3)
#define XEN_DOMINF_blocked  (1U << 4) /* all vCPUs blocked */
#define XEN_DOMINF_running  (1U << 5) /* a vCPU is on a CPU */
#define XEN_DOMINF_next     (1U << 6) /* IN: the first domain >= domain */
#define XEN_DOMINF_privileged (1U << 7)
#define XEN_DOMINF_shutdownshift 16
#define XEN_DOMINF_shutdownmask  0xff

struct xen_domctl_getdomaininfo {
	domid_t domain;              /* OUT: the domain reported */
	uint16_t pad0;
	uint32_t flags;              /* IN: XEN_DOMINF_next; OUT: XEN_DOMINF_* */
	uint64_t tot_pages;          /* OUT: pages owned */
	uint64_t max_pages;          /* OUT: limit */
	uint64_t shared_info_frame;  /* OUT: MFN of shared_info */
	uint64_t cpu_time;           /* OUT: ns run by all vCPUs */
	uint32_t nr_online_vcpus;    /* OUT */
	uint32_t max_vcpu_id;        /* OUT */
	uint32_t ssidref;            /* OUT: zero */
	uint32_t cpupool;            /* OUT: zero */
	xen_domain_handle_t handle;  /* OUT */
	/*
	 * OUT: frames the hypervisor holds for the domain (shared_info,
	 * grant-table and maptrack frames, its larger bookkeeping
	 * structures): with tot_pages, what destroying it gives back.
	 */
	uint64_t xenheap_pages;
};

struct xen_domctl_max_vcpus {
	uint32_t max; /* IN */
	uint32_t pad;
};

struct xen_domctl_max_mem {
	uint64_t max_memkb; /* IN */
};

struct xen_domctl_vcpucontext {
	uint32_t vcpu; /* IN */
	uint32_t pad;
	XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt; /* IN or OUT */
};

struct xen_domctl_hypercall_init {
	uint64_t gmfn; /* IN */
};

/* Schedulers (sysctl physinfo reports the one in use). */
#define XEN_SCHEDULER_CREDIT 5
#define XEN_SCHEDULER_RR     1 /* round robin, for tests */

#define XEN_DOMCTL_SCHEDOP_putinfo 0
#define XEN_DOMCTL_SCHEDOP_getinfo 1

struct xen_domctl_scheduler_op {
	uint32_t sched_id; /* IN: XEN_SCHEDULER_* */
	uint32_t cmd;      /* IN: XEN_DOMCTL_SCHEDOP_* */
	union {
		struct xen_domctl_sched_credit {
			uint16_t weight; /* 1..65535, default 256 */
			uint16_t cap;    /* % of one CPU, 0 = none */
			uint32_t pad;
		} credit;
		struct xen_domctl_sched_rr {
			uint32_t slice_us; /* time slice */
			uint32_t pad;
		} rr;
		uint8_t pad[16];
	} u;               /* IN (putinfo) / OUT (getinfo) */
};

struct xen_domctl {
	uint32_t cmd;               /* IN: XEN_DOMCTL_* */
	uint32_t interface_version; /* IN: XEN_DOMCTL_INTERFACE_VERSION */
	domid_t domain;             /* IN (createdomain: IN/OUT) */
	uint16_t pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_max_vcpus max_vcpus;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_vcpucontext vcpucontext;
		struct xen_domctl_hypercall_init hypercall_init;
		struct xen_domctl_scheduler_op scheduler_op;
		struct xen_domctl_getvcpuinfo getvcpuinfo;
		struct xen_domctl_vcpuaffinity vcpuaffinity;
		uint8_t pad[128];
	} u;
};
typedef struct xen_domctl xen_domctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_t);

/*
 * Xen 4.17's own domctl, for a guest kernel that drives real Xen (the
 * PV domain builder in guest-pv-abi/builder.c). Same hypercall number,
 * other command numbers, layouts and version: Xen 4.17 refuses anything
 * but XEN417_DOMCTL_INTERFACE_VERSION with -EACCES, and so does
 * xen-like, whose own interface is the one above. The names are Xen's
 * with "xen417_" / "XEN417_" in front, since xen-like's names above are
 * taken; only the commands the builder needs are here. Xen's meanings:
 *
 * XEN417_DOMCTL_createdomain (1): creates an empty domain, paused by
 * the toolstack. INOUT domain: wanted id, or 0 (or >= DOMID_FIRST_RESERVED)
 * for "pick one". IN u.createdomain. Errors: -EINVAL (unknown flags,
 * max_vcpus 0, grant version 0 or above Xen's, bad limits); -EEXIST (id
 * in use); -EOPNOTSUPP (emulation flags other than 0 or PIT for PV);
 * -ENOMEM.
 * XEN417_DOMCTL_destroydomain (2): kills the domain (may take
 * several calls' worth of continuations, hidden from the caller).
 * XEN417_DOMCTL_unpausedomain (4): drops the toolstack's pause.
 * XEN417_DOMCTL_getdomaininfo (5): OUT u.getdomaininfo of exactly
 * op->domain (-ESRCH if it does not exist).
 * XEN417_DOMCTL_max_mem (11): IN u.max_mem.max_memkb, the limit on
 * the pages the domain may own.
 * XEN417_DOMCTL_setvcpucontext (12): IN u.vcpucontext: loads vCPU
 * @vcpu's context (64-bit layout for a 64-bit PV domain); -EINVAL if it
 * fails validation (cr3 not a valid L4 of the domain, say).
 * XEN417_DOMCTL_max_vcpus (15): IN u.max_vcpus.max, which must equal
 * createdomain's max_vcpus: allocates the vCPUs.
 * XEN417_DOMCTL_hypercall_init (22): IN u.hypercall_init.gmfn (the
 * MFN, for PV): fills that frame with the hypercall page.
 * Caller: the control domain. The XEN_DOMINF_* bits of getdomaininfo's
 * flags and the shutdown shift are the same as xen-like's above.
 */
#define XEN417_DOMCTL_INTERFACE_VERSION 0x00000015

#define XEN417_DOMCTL_createdomain   1
#define XEN417_DOMCTL_destroydomain  2
#define XEN417_DOMCTL_pausedomain    3
#define XEN417_DOMCTL_unpausedomain  4
#define XEN417_DOMCTL_getdomaininfo  5
#define XEN417_DOMCTL_max_mem        11
#define XEN417_DOMCTL_setvcpucontext 12
#define XEN417_DOMCTL_max_vcpus      15
#define XEN417_DOMCTL_hypercall_init 22

/* XEN417_DOMCTL_GRANT_version(v): grant_opts' highest grant table version. */
#define XEN417_DOMCTL_GRANT_version_mask 0xf
#define XEN417_DOMCTL_GRANT_version(v) ((v)&XEN417_DOMCTL_GRANT_version_mask)

/* Xen's struct xen_arch_domainconfig (x86): zero for a PV domain. */
struct xen417_arch_domainconfig {
	uint32_t emulation_flags; /* XEN_X86_EMU_*: 0 (or PIT) for PV */
	uint32_t misc_flags;      /* XEN_X86_MSR_RELAXED */
};

struct xen417_domctl_createdomain {
	uint32_t ssidref;             /* IN: XSM label, 0 */
	xen_domain_handle_t handle;   /* IN: toolstack's UUID */
	uint32_t flags;               /* IN: XEN_DOMCTL_CDF_*; 0 = PV */
	uint32_t iommu_opts;          /* IN: 0 without CDF_iommu */
	uint32_t max_vcpus;           /* IN: >= 1 */
	uint32_t max_evtchn_port;     /* IN */
	int32_t max_grant_frames;     /* IN: < 0 = Xen's default */
	int32_t max_maptrack_frames;  /* IN: < 0 = Xen's default */
	uint32_t grant_opts;          /* IN: XEN417_DOMCTL_GRANT_version(1 or 2) */
	uint32_t vmtrace_size;        /* IN: 0 */
	uint32_t cpupool_id;          /* IN: 0 */
	struct xen417_arch_domainconfig arch; /* IN */
};

struct xen417_domctl_getdomaininfo {
	domid_t domain;              /* OUT */
	uint16_t pad1;
	uint32_t flags;              /* OUT: XEN_DOMINF_* (bits as xen-like's) */
	uint64_t tot_pages;          /* OUT */
	uint64_t max_pages;          /* OUT */
	uint64_t outstanding_pages;  /* OUT */
	uint64_t shr_pages;          /* OUT */
	uint64_t paged_pages;        /* OUT */
	uint64_t shared_info_frame;  /* OUT: MFN of shared_info, for PV */
	uint64_t cpu_time;           /* OUT: ns */
	uint32_t nr_online_vcpus;    /* OUT */
	uint32_t max_vcpu_id;        /* OUT */
	uint32_t ssidref;            /* OUT */
	xen_domain_handle_t handle;  /* OUT */
	uint32_t cpupool;            /* OUT */
	uint8_t gpaddr_bits;         /* OUT */
	uint8_t pad2[7];
	struct xen417_arch_domainconfig arch_config; /* OUT */
};

struct xen417_domctl_max_mem {
	uint64_t max_memkb; /* IN */
};

struct xen417_domctl_vcpucontext {
	uint32_t vcpu; /* IN */
	uint32_t pad;  /* implicit in Xen's header (handle alignment) */
	XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt; /* IN */
};

struct xen417_domctl_max_vcpus {
	uint32_t max; /* IN */
};

struct xen417_domctl_hypercall_init {
	uint64_t gmfn; /* IN */
};

struct xen417_domctl {
	uint32_t cmd;               /* IN: XEN417_DOMCTL_* */
	uint32_t interface_version; /* IN: XEN417_DOMCTL_INTERFACE_VERSION */
	domid_t domain;             /* IN (createdomain: IN/OUT) */
	uint16_t pad[3];
	union {
		struct xen417_domctl_createdomain createdomain;
		struct xen417_domctl_getdomaininfo getdomaininfo;
		struct xen417_domctl_max_mem max_mem;
		struct xen417_domctl_vcpucontext vcpucontext;
		struct xen417_domctl_max_vcpus max_vcpus;
		struct xen417_domctl_hypercall_init hypercall_init;
		uint64_t align;
		uint8_t pad[128];
	} u;
};
typedef struct xen417_domctl xen417_domctl_t;

#endif /* __XEN_PUBLIC_DOMCTL_H__ */
