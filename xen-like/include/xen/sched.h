/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs. A domain owns memory, a shared_info page and its
 * vCPUs; a vCPU carries the PV state the hypervisor keeps for a guest
 * CPU (trap table, callbacks, kernel/user mode, segment bases...) and,
 * while it is not running, its saved register frame and FPU state. A
 * domain has max_vcpus vCPUs, all created with it; vCPU 0 is built and
 * up at start, the others are down and uninitialised until the guest
 * gives them a context (VCPUOP_initialise) and starts them (VCPUOP_up).
 * dom0 plus the boot-time domains share the CPU through the credit
 * scheduler (common/sched/).
 *
 * Lifetime (docs/domain-lifecycle.md): domain_create() returns a domain with one
 * reference, held by the domain list; domain_get()/domain_put() take and
 * drop more, and the domain holds one on itself while it owns frames
 * (tot_pages or shared hypervisor frames still referenced). Destruction
 * (domain_kill(), XEN_DOMCTL_destroydomain) stops the vCPUs, releases
 * everything the domain holds and drops the list's reference; the
 * structure goes with the last reference, when no other domain maps
 * any of its frames any more.
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <public/xen.h>
#include <public/arch-x86/xen.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/regs.h>
#include <asm/smp.h>
#include <public/vcpu.h>
#include <xen/compiler.h>
#include <xen/event.h>
#include <xen/rangeset.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <xen/types.h>

/*
 * vCPUs per domain. Xen's x86 limit is 8192; ours is smaller because
 * struct domain holds the pointers. vCPUs from XEN_LEGACY_MAX_VCPUS (32)
 * up have no vcpu_info slot in shared_info: they need
 * VCPUOP_register_vcpu_info before VCPUOP_initialise, as on Xen.
 */
#define MAX_VIRT_CPUS 128
#define NR_VECTORS 256

/*
 * The machine's interrupt numbers as Xen 4.17 counts them on a PC with
 * one 24-pin I/O APIC (QEMU's): IRQs 0-23 are GSIs, then 208 dynamic
 * vectors' worth per CPU for MSIs. They bound the PIRQ numbers a domain
 * may name (d->nr_pirqs, domain.c).
 */
#define NR_IRQS_GSI 24
#define NR_DYNAMIC_VECTORS 208

struct domain;
struct page_info;

struct vcpu {
	/* Set at creation, immutable: */
	unsigned int vcpu_id;
	struct domain *domain;
	vcpu_info_t *vcpu_info;     /* in the domain's shared_info page */

	/* Owned by the vCPU itself (only it changes them, in hypercalls and traps): */
	struct cpu_regs *regs;      /* guest frame while in the hypervisor */
	bool kernel_mode;           /* guest kernel (true) or guest user mode */
	uint64_t guest_table;       /* MFN of the kernel L4 */
	uint64_t guest_table_user;  /* MFN of the user L4, 0 = none */
	struct trap_info trap_ctxt[NR_VECTORS];
	uint64_t event_callback, failsafe_callback, syscall_callback, syscall32_callback;
	uint64_t nmi_callback, sysenter_callback;
	bool failsafe_masks_events, syscall_masks_events, syscall32_masks_events;
	bool sysenter_masks_events;
	uint64_t kernel_ss, kernel_sp;  /* stack_switch */
	uint64_t fs_base, gs_base_kernel, gs_base_user;
	bool fpu_ts;                    /* virtual CR0.TS (fpu_taskswitch) */
	unsigned int iopl;              /* virtual IOPL, 0-3 (PHYSDEVOP_set_iopl) */
	uint64_t iobmp;                 /* PHYSDEVOP_set_iobitmap: the bitmap's guest address */
	unsigned int iobmp_limit;       /* ... and the ports it covers (0: none) */
	uint64_t guest_cr4;             /* the guest's view of the CR4 bits it owns */
	uint64_t debugreg[8];            /* [7]: the DR7 the CPU gets, I/O enables left out */
	uint32_t dr7_emul;              /* DR7's I/O breakpoint enables (under CR4.DE), emulated */
	uint64_t vgc_flags;             /* VGCF_* of the last context set (getvcpucontext) */
	bool in_bounce;                 /* delivering a fault: a second one crashes */
	uint64_t gdt_frames[FIRST_RESERVED_GDT_PAGE]; /* set_gdt: MFNs, typed seg_desc */
	unsigned int gdt_ents;
	uint64_t ldt_frames[LDT_MAX_PAGES];  /* MMUEXT_SET_LDT: MFNs, typed seg_desc */
	uint64_t ldt_base;
	unsigned int ldt_ents;

	/*
	 * --- Events, time and blocking (issue 6) ---
	 * vcpu_info (above) moves once, to vcpu_info_mfn, with
	 * VCPUOP_register_vcpu_info; it then stays mapped (direct map) with
	 * a writable type reference held on the frame.
	 */
	uint64_t vcpu_info_mfn;         /* ~0: still in shared_info */
	/* Guarded by the domain's event_lock: */
	evtchn_port_t virq_to_evtchn[NR_VIRQS]; /* 0 = not bound */
	/*
	 * FIFO ABI (common/event_fifo.c): control block and queues, NULL
	 * while the domain uses 2-level. Set and freed under event_lock; the
	 * queues themselves are guarded by the domain's FIFO queue lock.
	 */
	struct evtchn_fifo_vcpu *evtchn_fifo;
	/* Owned by the scheduler core (common/sched/core.c), interrupts off: */
	bool is_up;                     /* VCPUOP_is_up (down = offline) */
	unsigned int pause_count;       /* vcpu_pause() (atomic; vcpu_runnable() reads it) */
	bool is_blocked;                /* in SCHEDOP_block or SCHEDOP_poll */
	bool is_polling;                /* in SCHEDOP_poll (also is_blocked) */
	int poll_evtchn;                /* the one port polled, -1 for several */
	struct vcpu_runstate_info runstate; /* state_entry_time and times in ns */
	uint64_t runstate_guest;        /* guest VA of its copy, 0 = none */
	uint64_t time_info_guest;       /* guest VA of a vcpu_time_info copy, 0 = none */
	/* Timers: all run on CPU 0 today. Periods and deadlines in ns of NOW(). */
	struct timer singleshot_timer;  /* set_timer_op / set_singleshot_timer */
	struct timer periodic_timer;    /* VCPUOP_set_periodic_timer (10 ms at start) */
	struct timer poll_timer;        /* SCHEDOP_poll timeout */
	s_time_t periodic_period;       /* 0 = stopped */
	s_time_t periodic_last_event;

	/*
	 * --- Context switch (arch/x86/pv/domain.c) ---
	 * Valid while the vCPU is not running; the running vCPU's state is
	 * in the CPU (its frame at the top of the CPU's stack).
	 */
	struct cpu_regs user_regs;
	uint16_t sel_ds, sel_es, sel_fs, sel_gs;
	bool seg_load_failed;           /* one of them did not load: failsafe due */
	uint8_t fpu_ctxt[512] __attribute__((aligned(16))); /* FXSAVE image */
	unsigned int processor;         /* the pCPU it runs on */

	/* --- Credit scheduler (common/sched/credit.c), under sched_lock --- */
	/*
	 * On a pCPU: set when a pCPU picks it, cleared (after its state is
	 * saved) by context_saved(); no other pCPU may run it meanwhile.
	 */
	bool is_running;
	cpumask_t cpu_hard_affinity;    /* pCPUs it may run on (pinning) */
	/* SCHEDOP_pin_override in force: the affinity to restore when it ends. */
	bool affinity_overridden;
	cpumask_t cpu_hard_affinity_saved;
	struct vcpu *runq_next;         /* next on its pCPU's run queue */
	bool on_runq;
	bool yielded;                   /* SCHEDOP_yield: behind one lower-priority vCPU */
	bool parked;                    /* over its domain's cap: not runnable */
	bool active;                    /* gets a share of credit at accounting */
	int pri;                        /* CSCHED_PRI_* */
	s_time_t credit;                /* ns of CPU time it may still use */
	s_time_t sched_start;           /* when it last went on the CPU */
	/* Scratch of one accounting pass: */
	bool acct_pool;                 /* still takes a share this round */
	unsigned int acct_weight;       /* its part of the domain's weight, x1024 */
	s_time_t acct_room, acct_income;

	/*
	 * --- vCPU bring-up (common/domain.c, arch/x86/pv/vcpu_context.c) ---
	 * Set once, under the domain's lock: by the domain builder (vCPU 0)
	 * or by VCPUOP_initialise. Until then the vCPU has no page tables,
	 * no GDT and no guest state, and VCPUOP_up refuses it (-EINVAL).
	 * Down/up is is_up above.
	 */
	bool is_initialised;
};

struct domain {
	/* Set at creation, immutable: */
	domid_t domain_id;
	bool is_privileged;
	unsigned int max_vcpus;
	struct vcpu *vcpu[MAX_VIRT_CPUS];
	shared_info_t *shared_info;     /* xenheap page, shared with the guest */
	struct grant_table *grant_table; /* common/grant_table.c */

	/* Guarded by lock: */
	spinlock_t lock;
	unsigned long tot_pages, max_pages;
	/* Guarded by the heap's lock (xen/mm.h heap_claim()): frames claimed, not allocated yet. */
	unsigned long outstanding_pages;
	unsigned long vm_assist;
	bool is_shutting_down;
	unsigned int shutdown_code;     /* SHUTDOWN_* */
	unsigned int is_dying;          /* DOMDYING_*: only ever moves forward */
	/*
	 * shared_frames: the hypervisor frames shared with the guest
	 * (shared_info, grant-table frames) whose last reference has not
	 * gone yet; with tot_pages, while non-zero the domain holds a
	 * reference on itself.
	 */
	unsigned int shared_frames;
	/*
	 * Changed atomically (allocations happen under several locks):
	 * every frame the hypervisor holds for the domain (shared_info,
	 * grant-table and maptrack frames, per-domain structures of more
	 * than half a page), all given back when it is destroyed.
	 */
	unsigned long xenheap_pages;
	/* Guarded by the domain list's lock: */
	unsigned int refcnt;
	struct domain *next_in_list;
	struct domain *next_in_hash; /* domain_get()'s bucket, domid % DOMAIN_HASH_SIZE */

	/*
	 * --- Destruction (common/domain.c, arch/x86/pv/relinquish.c) ---
	 * Progress of domain_kill() across hypercall continuations. Written
	 * only by the destroyer, which domctl serialises.
	 */
	unsigned int teardown_step;
	unsigned int teardown_restarts; /* continuations so far (for the log) */
	unsigned int relmem_step;       /* arch_domain_relinquish()'s own steps */
	unsigned long relmem_next;      /* next MFN of its frame-table walk */

	/*
	 * --- Event channels and watchdogs (issue 6) ---
	 * Lock order: event_lock of the lower domain id first when two are
	 * needed (evtchn_double_lock()); event_lock -> timers.lock; event_lock
	 * -> the FIFO queue lock (common/event_fifo.c).
	 */
	spinlock_t event_lock;
	/* Guarded by event_lock: */
	struct evtchn *evtchn_bucket[EVTCHN_MAX_BUCKETS]; /* allocated on demand */
	unsigned int valid_evtchns;     /* ports below this have their bucket */
	unsigned int max_evtchn_port;   /* highest port the domain may allocate */
	unsigned int active_evtchns;    /* ports not ECS_FREE (port 0 counts) */
	/*
	 * The ABI in use: 2-level (common/event_2l.c) or FIFO
	 * (common/event_fifo.c, with evtchn_fifo). Both change together
	 * under event_lock; a sender from another domain reads the ops
	 * without it (docs/design/locking.md).
	 */
	const struct evtchn_port_ops *evtchn_port_ops;
	struct evtchn_fifo_domain *evtchn_fifo; /* NULL: 2-level */
	struct evtchn **evtchn_more_buckets; /* ports from 4096 up (FIFO), allocated on demand */
	unsigned int next_evtchn;       /* EVTCHNOP_reset in progress: next port to close; 0 none */
	/* Guarded by lock: */
	unsigned int watchdog_inuse_map; /* bit i: watchdog_timer[i] in use */
	struct timer watchdog_timer[2];

	/* --- Scheduling and boot-time domains --- */
	char name[32];                  /* for logs and debug keys */
	bool is_boot_domain;            /* built from a boot module (docs/boot.md) */
	uint16_t weight;                /* credit scheduler: relative share, 1..65535 */
	uint16_t cap;                   /* % of one CPU, 0 = uncapped */
	/*
	 * The toolstack's pauses (atomic; vcpu_runnable() reads it): a
	 * domain created by XEN_DOMCTL_createdomain starts with one.
	 */
	unsigned int controller_pause_count;
	/* The hypervisor's own pauses (domain_pause(); atomic; vcpu_runnable() reads it). */
	unsigned int pause_count;
	bool debugger_attached;         /* XEN_DOMCTL_setdebugging (reported only) */
	/* Set once the toolstack's first unpause started it (boot domains: from the start). */
	bool creation_finished;
	/*
	 * Set by XEN_DOMCTL_max_vcpus (boot domains: from the start). Until
	 * then the toolstack's domctls see no vCPU of the domain, as on Xen
	 * 4.17, whose max_vcpus is what makes them (here createdomain did).
	 */
	bool vcpus_published;
	/*
	 * The CPUID feature words XEN_DOMCTL_set_cpu_policy left (asm/cpu-policy.h,
	 * CPUID_MASK_*), ANDed into what the domain sees; only if cpuid_masked.
	 * Written before the domain first runs (creation_finished), read after.
	 */
	bool cpuid_masked;
	uint32_t cpuid_mask[8];
	xen_domain_handle_t handle;     /* the toolstack's UUID */
	/*
	 * pCPUs that have one of its address spaces loaded (set before the
	 * load, cleared after the full flush that ends it; atomic): where a
	 * flush for all of its vCPUs must go.
	 */
	cpumask_t dirty_cpumask;

	/*
	 * --- Platform state a guest registers (arch/x86/physdev.c, common/memory.c) ---
	 * The PIRQ EOI bitmap frame (PHYSDEVOP_pirq_eoi_gmfn_v1/v2): set once,
	 * from 0 by compare-and-swap, then fixed until destruction; while
	 * non-zero the frame holds a general and a writable type reference.
	 */
	uint64_t pirq_eoi_map_mfn;      /* 0: none registered */
	unsigned long *pirq_eoi_map;    /* the frame, through the direct map */
	bool pirq_eoi_auto_unmask;      /* registered with _v1: EOI also unmasks */
	/* Guarded by lock: the map XENMEM_set_memory_map gave (20-byte e820 records). */
	void *memory_map;               /* NULL: none set (XENMEM_memory_map is -ENOSYS) */
	unsigned int memory_map_entries;

	/*
	 * --- What of the machine it may reach (XEN_DOMCTL_*_permission) ---
	 * Machine frames of I/O memory, IRQs and I/O ports, each set with
	 * its own lock (xen/rangeset.h). Empty for a new domain; dom0's are
	 * filled at boot (dom0_setup_permissions()).
	 */
	struct rangeset iomem_caps, irq_caps, ioport_caps;
	unsigned int nr_pirqs;          /* PIRQ numbers it may name: 0..nr_pirqs-1 (immutable) */
	struct pirq *pirqs;             /* nr_pirqs of them from its first PHYSDEVOP_map_pirq (xen/irq.h) */
	uint32_t pci_cf8;               /* its PCI address latch, port 0xcf8 (arch/x86/pci.c) */
	uint8_t cmos_idx;               /* its RTC index latch, port 0x70 (arch/x86/time.c) */
	/* XEN_DOMCTL_settimeoffset: added to the wallclock it sees (guarded by the wallclock's lock). */
	int64_t time_offset_seconds;

	/*
	 * --- What the guest asked for and did not get (arch/x86/pv/unhandled.c) ---
	 * Counted atomically, printed when the domain shuts down.
	 */
	unsigned long nr_enosys;        /* hypercalls and sub-ops answered -ENOSYS */
	unsigned long nr_unemulated;    /* privileged instructions bounced as #GP */
};

extern struct domain *domain_list;
/* Pseudo-domain owning hypervisor frames guests may map (DOMID_XEN); not in the list. */
extern struct domain dom_xen;

static inline struct vcpu *get_current(void)
{
	return get_cpu_info()->current_vcpu;
}
#define current get_current()

static inline bool is_hardware_domain(const struct domain *d)
{
	return d->domain_id == 0;
}

static inline cpumask_t domain_dirty_cpus(const struct domain *d)
{
	return __atomic_load_n(&d->dirty_cpumask, __ATOMIC_SEQ_CST);
}

/* Where @v's translations may be cached: the pCPU it runs on, if it runs. */
static inline cpumask_t vcpu_dirty_cpus(const struct vcpu *v)
{
	if (v == current)
		return cpumask_of(smp_processor_id());
	return __atomic_load_n(&v->is_running, __ATOMIC_SEQ_CST) ?
		       cpumask_of(ACCESS_ONCE(v->processor)) : 0;
}

/* The idle vCPU runs the idle loop when no guest vCPU is runnable. */
extern struct domain dom_idle;
static inline bool is_idle_vcpu(const struct vcpu *v)
{
	return v->domain == &dom_idle;
}

/* is_dying: alive; being torn down (domain_kill() in progress); everything released. */
#define DOMDYING_alive 0
#define DOMDYING_dying 1
#define DOMDYING_dead 2

/*
 * What a new domain is made with: the boot builder (defaults) and
 * XEN_DOMCTL_createdomain (the toolstack's limits, checked there).
 */
struct domain_create_args {
	bool privileged;
	bool paused;                      /* by the toolstack: controller_pause_count 1 */
	unsigned int max_vcpus;           /* 1..MAX_VIRT_CPUS */
	unsigned int max_evtchn_port;     /* highest port it may allocate */
	unsigned int max_grant_frames;    /* 1..gnttab_max_frames */
	unsigned int max_maptrack_frames; /* 0..gnttab_max_maptrack_frames */
	unsigned int max_grant_version;   /* 1..gnttab=max-ver */
	xen_domain_handle_t handle;
};
/* @a with the defaults a domain built at boot gets (Xen's dom0 limits). */
void domain_create_defaults(struct domain_create_args *a);
/* A domain with a->max_vcpus vCPUs, all down; NULL if out of memory. */
struct domain *domain_create(domid_t domid, const struct domain_create_args *a);
/*
 * The toolstack's pause (XEN_DOMCTL_pausedomain/unpausedomain): while
 * the count is non-zero no vCPU of the domain runs. Pause returns once
 * none is on a pCPU; unpause is -EINVAL at zero.
 */
void domain_pause_by_controller(struct domain *d);
int domain_unpause_by_controller(struct domain *d);
/*
 * The hypervisor's short pause of @d (Xen's domain_pause()), for a
 * domctl that reads or writes vCPU state: nests, returns once no vCPU
 * of @d is on a pCPU; not for the caller's own domain.
 */
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);
/* The same for one vCPU (Xen's vcpu_pause()), which may be of the caller's domain but not current. */
void vcpu_pause(struct vcpu *v);
void vcpu_unpause(struct vcpu *v);
/*
 * vCPU @vcpu_id of @d (ids dense, ascending, below d->max_vcpus): down,
 * not initialised, runstate offline, its vcpu_info slot in shared_info
 * (or dummy_vcpu_info from XEN_LEGACY_MAX_VCPUS up). NULL if out of memory.
 */
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id);
/* Where vCPUs without a vcpu_info slot point until VCPUOP_register_vcpu_info (Xen's). */
extern vcpu_info_t dummy_vcpu_info;
/* The domain with id @domid (dying ones too), with a reference; NULL if none. */
struct domain *domain_get(domid_t domid);
/* Are these VM assists (VMASST_TYPE_* bits) all ones xen-like has (common/domain.c)? */
bool vm_assist_valid(unsigned long mask);
/* The domain with the lowest id >= @domid, with a reference; NULL if none. */
struct domain *domain_get_at_or_after(domid_t domid);
/* Another reference on @d, which the caller holds one on (Xen's get_knownalive_domain). */
void domain_hold(struct domain *d);
/* Drop a reference; the last one destroys the domain (it must be dead). */
void domain_put(struct domain *d);
/*
 * XEN_DOMCTL_destroydomain: kill @d (not the caller's domain) and release
 * what it holds. 0 once done (or if already done), -ERESTART when it
 * stopped to let pending work run (call again), -EINVAL for the caller
 * itself.
 */
int domain_kill(struct domain *d);
struct xen_domctl_getdomaininfo;
/* XEN_DOMCTL_getdomaininfo's answer for @d (common/domctl.c; sysctl's list uses it too). */
void getdomaininfo(const struct domain *d, struct xen_domctl_getdomaininfo *info);
struct xenctl_bitmap;
/* A toolstack's pCPU bitmap into a mask (bits beyond NR_CPUS ignored); -EFAULT. */
int xenctl_bitmap_to_cpumask(const struct xenctl_bitmap *b, cpumask_t *mask);
/* A mask into the toolstack's bitmap, all nr_bits of it (zero beyond NR_CPUS); -EFAULT. */
int cpumask_to_xenctl_bitmap(cpumask_t mask, const struct xenctl_bitmap *b);
/*
 * Memory accounting (called by the frame-level code, arch/x86/mm.c):
 * @delta frames joined (> 0) or left (< 0) @d's reservation; and one of
 * its shared hypervisor frames lost its last reference. Each keeps the
 * domain's reference on itself right (held while it owns frames).
 */
void domain_adjust_tot_pages(struct domain *d, long delta);
void domain_shared_frame_released(struct domain *d);
/*
 * Give xenheap frame @pg to @d as shared_info is given (Xen's
 * share_xen_page_with_guest): owned by @d, one general reference and
 * the writable type held until the domain is destroyed, PGC_xen_heap.
 */
void share_xen_page_with_guest(struct page_info *pg, struct domain *d);
/*
 * Memory the hypervisor keeps for @d: objects of more than half a page
 * get whole xenheap frames of their own, counted in d->xenheap_pages
 * (and freed with the domain); smaller ones come from xmalloc's size
 * classes, whose pages never go back to the heap. Zeroed; NULL if none.
 */
void *domain_xzalloc(struct domain *d, size_t bytes);
void domain_xfree(struct domain *d, void *p, size_t bytes);
/*
 * Print how many hypercalls of @d were answered -ENOSYS and how many of
 * its privileged instructions were not emulated (arch/x86/pv/unhandled.c;
 * at XENLOG_INFO, when it shuts down; nothing if both are 0).
 */
void domain_log_unhandled(const struct domain *d);
/* Free the memory map XENMEM_set_memory_map gave @d (common/memory.c; at destruction). */
void memory_domain_destroy(struct domain *d);
/* Record @reason and act on it (for dom0: power off, reboot or halt the machine). */
void domain_shutdown(struct domain *d, unsigned int reason);
/* A guest error we cannot report back to it: log why, dump, crash the domain. */
void domain_crash(struct domain *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *shutdown_reason_name(unsigned int reason);

/* Scheduler core (common/sched/core.c). */
/* Guards every run queue and the scheduling state of every vCPU (credit.c). */
extern spinlock_t sched_lock;
void sched_init_domain(struct domain *d);
void sched_init_vcpu(struct vcpu *v);
/* @v is about to (re)enter the guest: runstate running, clock, periodic tick. */
void sched_vcpu_running(struct vcpu *v);
/* Make @v runnable for the first time (its context is set). */
void sched_start_vcpu(struct vcpu *v);
/* Leave the boot context for good: run the scheduler's first choice. */
void __attribute__((noreturn)) sched_start(void);
/* @v can no longer run (down, or its domain shut down): take it off its pCPU. */
void vcpu_sleep_nosync(struct vcpu *v);
/* As vcpu_sleep_nosync(), then wait until its state is saved (not for current). */
void vcpu_sleep_sync(struct vcpu *v);
/* @v's state is saved (pv/domain.c, context switch): another pCPU may run it. */
void sched_context_saved(struct vcpu *v);
/*
 * Hard affinity: the pCPUs @v may run on (-EINVAL if none is in the
 * scheduler, -EBUSY while SCHEDOP_pin_override is in force, as Xen).
 */
int vcpu_set_hard_affinity(struct vcpu *v, cpumask_t mask);
/* A secondary CPU joins the scheduler and idles on @idle, zeroed (arch/x86/smpboot.c). */
void __attribute__((noreturn)) sched_start_secondary(struct vcpu *idle);
/*
 * @v's domain is being destroyed: take @v off the scheduler for good (it
 * never runs again) and kill its timers. Caller: not @v itself.
 */
void sched_destroy_vcpu(struct vcpu *v);
/* Kill @d's watchdog timers (its domain is being destroyed). */
void sched_destroy_domain(struct domain *d);
/* Wake @v if it blocks or polls (any context). */
void vcpu_unblock(struct vcpu *v);
/* An event became deliverable for @v: make sure it notices. */
void vcpu_kick(struct vcpu *v);
void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *r);
/* Register the guest VA (0: none) that mirrors @v's runstate: 0 or -EFAULT. */
int vcpu_set_runstate_area(struct vcpu *v, uint64_t va);
void vcpu_set_periodic_timer(struct vcpu *v, s_time_t period);
int vcpu_set_singleshot_timer(struct vcpu *v, uint64_t timeout_abs_ns);
void vcpu_stop_singleshot_timer(struct vcpu *v);
/* Nanoseconds @d's vCPUs have been running. */
uint64_t domain_cpu_time(const struct domain *d);
/* Does @v want a CPU (up, not blocked, domain not shut down)? A credit-parked vCPU does. */
bool vcpu_runnable(const struct vcpu *v);
/* Debug key 'r': the run queues. */
void sched_dump(void);

/*
 * VCPUOP_initialise (arch/x86/pv/vcpu_context.c): copy in and check a
 * vcpu_guest_context, then make it @v's first context. Called for a vCPU
 * that has its vcpu_info. 0 or -E*, nothing changed on error.
 */
int arch_initialise_vcpu(struct vcpu *v, XEN_GUEST_HANDLE(void) arg);
/* Make @v runnable if it may run now (up, not blocked): runstate, run queue (core.c). */
void vcpu_wake(struct vcpu *v);

/*
 * The architecture's part of destroying @d (arch/x86/pv/relinquish.c):
 * drop what the vCPUs hold (base pointers, GDT/LDT frames, a moved
 * vcpu_info) and every reference among the domain's own frames, and take
 * each frame out of its reservation. 0 when done, -ERESTART to be called
 * again (progress in d->relmem_*).
 */
int arch_domain_relinquish(struct domain *d);

/* The context switch and idle loop (arch/x86/pv/domain.c). */
void arch_vcpu_init(struct vcpu *v);
void __attribute__((noreturn)) context_switch(struct vcpu *prev, struct vcpu *next);
void __attribute__((noreturn)) idle_loop(void);

/*
 * The credit scheduler (common/sched/credit.c) behind the core: it
 * orders the runnable vCPUs; the core does blocking, waking and the
 * switch itself.
 */
#define CSCHED_PRI_BOOST 0      /* just woken with credit left: runs first */
#define CSCHED_PRI_UNDER (-1)   /* credit left */
#define CSCHED_PRI_OVER (-2)    /* credit used up */
#define CSCHED_PRI_IDLE (-64)
void csched_init(void);
void csched_init_cpu(unsigned int cpu);    /* on @cpu, as it joins */
void csched_vcpu_saved(struct vcpu *v);    /* @v's state left its pCPU */
void csched_vcpu_insert(struct vcpu *v);   /* runnable, not running: queue it */
void csched_vcpu_remove(struct vcpu *v);   /* off the queue if there */
void csched_vcpu_wake(struct vcpu *v);     /* woken: boost, queue, maybe preempt */
/* Charge the running @v up to @now and pick the next vCPU (idle if none). */
struct vcpu *csched_do_schedule(struct vcpu *prev, s_time_t now, s_time_t *slice);
void csched_dump(void);
int csched_set_params(struct domain *d, unsigned int weight, unsigned int cap);

#endif /* XEN_SCHED_H */
