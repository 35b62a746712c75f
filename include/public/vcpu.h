/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op: bring vCPUs up and down, per-vCPU timers, and where the
 * hypervisor publishes per-vCPU state (runstate, vcpu_info, time).
 *
 * The one idea: a vCPU's state areas are registered once by guest
 * address and then updated by the hypervisor on every context switch;
 * the guest never asks for them again.
 */
#ifndef __XEN_PUBLIC_VCPU_H__
#define __XEN_PUBLIC_VCPU_H__

#include "xen.h"

/*
 * @op __HYPERVISOR_vcpu_op (24)
 * vcpu_op(int cmd, unsigned int vcpuid, GUEST_PTR(void) arg): cmd is a
 * VCPUOP_* below acting on vCPU vcpuid of the calling domain.
 * A domain has max_vcpus vCPUs from its creation (dom0_max_vcpus=, a
 * boot-time domain's vcpus=); vCPU 0 starts up, the others down and
 * without a context until VCPUOP_initialise and VCPUOP_up.
 * Caller: any domain, on its own vCPUs.
 * Errors: -ENOSYS (unknown cmd); -ENOENT (vcpuid not an existing vCPU,
 * i.e. at or above max_vcpus, checked before cmd); -EFAULT (arg
 * unreadable/unwritable); per cmd below.
 * Implemented: partly: all but send_nmi (-ENOSYS)
 *
 * @op VCPUOP_initialise (0)
 * Sets the first context of a vCPU that has never run (Xen's
 * arch_set_info_guest()); the vCPU stays down (VGCF_online: up at once)
 * until VCPUOP_up, then enters the guest with exactly this state. RPL 0-2
 * in cs, ss, kernel_ss and the trap_ctxt selectors become 3 (any selector
 * of the guest's GDT/LDT is taken); RFLAGS.IOPL becomes the vCPU's virtual
 * IOPL (see PHYSDEVOP_set_iopl) and RFLAGS.IF is set; vm_assist is
 * ignored (Xen reads it for
 * vCPU 0 only); a debug register value set_debugreg would refuse is not
 * loaded (no error, as on Xen). The GDT frames and LDT pages are typed
 * as descriptor pages and the L4s (ctrlreg[3], ctrlreg[1]) validated and
 * typed, each holding one reference as set_gdt, MMUEXT_SET_LDT and
 * MMUEXT_NEW_BASEPTR would.
 * IN  arg: struct vcpu_guest_context.
 * Caller: any domain, for its own vCPUs.
 * Errors: in this order, -ENOENT; -EINVAL (vCPU 32 or above without
 * VCPUOP_register_vcpu_info, whatever arg is); -ENOMEM; -EFAULT (arg
 * unreadable); -EEXIST (already initialised: vCPU 0 always is); -EINVAL
 * (a non-canonical rip, rsp, kernel_sp, fs_base, gs_base_kernel,
 * gs_base_user, callback, trap handler or, with entries, ldt_base;
 * ldt_base in the hypervisor's range or not page aligned; more than 8192
 * LDT entries; more than 16 frames' or 7168 GDT entries; a GDT frame that
 * is not the domain's or cannot be a descriptor page; no VGCF_in_kernel
 * and no ctrlreg[1]; a ctrlreg[3] or ctrlreg[1] frame that is not the
 * domain's or is in use as another type); the error of a page table
 * that fails validation (-EINVAL, -EBUSY...). Nothing changes on error.
 * Implemented: yes; also -EINVAL, where Xen accepts and faults later: cs
 * not FLAT_RING3_CS64/CS32 or ss not FLAT_RING3_DS once fixed up (our
 * return to the guest has no fault fix-up), an LDT page that the
 * starting page table does not map or that cannot be a descriptor page
 * (mapped now, not on first use); MXCSR is masked with the CPU's
 * MXCSR_MASK; VGCF_online also wakes the vCPU (Xen only marks it up)
 *
 * @op VCPUOP_up (1)
 * Lets an initialised vCPU run: from its VCPUOP_initialise context, or
 * where it stopped when it went down. arg: null.
 * Caller: any domain, for its own vCPUs.
 * Errors: -ENOENT; -EINVAL (never initialised). 0 without any change if
 * the vCPU is up already.
 * Implemented: yes
 *
 * @op VCPUOP_down (2)
 * Stops a vCPU of the caller's, itself included, as soon as possible:
 * the running caller on the way out of this hypercall (whose result, 0,
 * it sees when VCPUOP_up resumes it), a waiting one at once. Its state
 * is kept and its runstate is offline (a vCPU blocked in SCHEDOP_block
 * or SCHEDOP_poll stays blocked until its event comes). If no other
 * vCPU of the domain is up, the domain is shut down instead
 * (SHUTDOWN_poweroff), and the result is still 0 (Xen 4.17's rule).
 * arg: null.
 * Caller: any domain, for its own vCPUs.
 * Errors: -ENOENT. 0 if the vCPU is down already.
 * Implemented: yes (a vCPU running on another pCPU is sent a schedule IPI)
 *
 * @op VCPUOP_is_up (3)
 * Returns 1 if the vCPU is up, 0 if down (never started, VCPUOP_down).
 * arg: null.
 * Caller: any domain.
 * Errors: -ENOENT (no such vCPU; guests probe with this).
 * Implemented: yes
 *
 * @op VCPUOP_get_runstate_info (4)
 * Copies the vCPU's current runstate, the current stretch included.
 * OUT arg: struct vcpu_runstate_info.
 * Caller: any domain.
 * Errors: -EFAULT; -ENOENT.
 * Implemented: yes
 *
 * @op VCPUOP_register_runstate_memory_area (5)
 * Registers a guest virtual address where the hypervisor keeps the
 * vCPU's vcpu_runstate_info up to date (written at once and on every
 * context switch). 0 unregisters. The copy holds time up to
 * state_entry_time; with VMASST_TYPE_runstate_update_flag, bit 63 of
 * state_entry_time is set while it is rewritten. A fault writing it is
 * ignored.
 * IN  addr.p: guest virtual address.
 * Caller: any domain.
 * Errors: -EFAULT (arg unreadable, area not in guest space); -ENOENT.
 * Implemented: yes
 *
 * @op VCPUOP_set_periodic_timer (6)
 * Starts a periodic VIRQ_TIMER on the vCPU (PV vCPUs start with a 10 ms
 * one).
 * IN  period_ns: at least 1 ms.
 * Caller: any domain.
 * Errors: -EFAULT; -ENOENT; -EINVAL (period under 1 ms or over 2^62 ns).
 * Implemented: yes (a tick already due fires at once; no ticks while blocked)
 *
 * @op VCPUOP_stop_periodic_timer (7)
 * Stops the periodic timer. arg: null.
 * Caller: any domain.
 * Errors: -ENOENT.
 * Implemented: yes
 *
 * @op VCPUOP_set_singleshot_timer (8)
 * Arms the vCPU's one-shot timer (shared with set_timer_op). A deadline
 * already in the past fires VIRQ_TIMER at once and still returns 0.
 * IN  timeout_abs_ns: absolute system time. IN flags: VCPU_SSHOTTMR_*
 * (accepted, ignored).
 * Caller: any domain, for the calling vCPU only.
 * Errors: -EFAULT; -ENOENT; -EINVAL (vcpuid is not the caller).
 * Implemented: yes (VCPU_SSHOTTMR_future ignored: a past deadline fires and returns 0, as Xen 4.17.7)
 *
 * @op VCPUOP_stop_singleshot_timer (9)
 * Disarms the one-shot timer. arg: null.
 * Caller: any domain, for the calling vCPU only.
 * Errors: -ENOENT; -EINVAL (vcpuid is not the caller).
 * Implemented: yes
 *
 * @op VCPUOP_register_vcpu_info (10)
 * Moves the vCPU's vcpu_info out of shared_info to (mfn, offset); the
 * old contents are copied, then every event is marked pending so the
 * guest rescans. Allowed once per vCPU.
 * IN  mfn: frame of the domain's (not a page table). IN offset:
 * 8-byte aligned, vcpu_info must fit in the page. rsvd: must be 0.
 * Caller: any domain, on itself or a vCPU that is down.
 * Errors: -EFAULT; -ENOENT; -EINVAL (already registered, frame not the
 * domain's or not typeable writable, vCPU neither the caller nor down);
 * -ENXIO (offset out of range or misaligned). rsvd is not checked.
 * Implemented: yes (the frame keeps a writable type reference)
 *
 * @op VCPUOP_send_nmi (11)
 * Sends a virtual NMI to the vCPU. arg: null.
 * Caller: any domain.
 * Errors: -ENOENT.
 * Implemented: not yet (-ENOSYS)
 *
 * @op VCPUOP_get_physid (12)
 * Returns the physical CPU's APIC and ACPI ids (for dom0 firmware code).
 * OUT phys_id: see xen_vcpu_physid_to_x86_*.
 * Caller: the hardware domain only.
 * Errors: -EFAULT; -ENOENT; -EPERM (not the hardware domain); -EINVAL
 * (no fixed physical CPU).
 * Implemented: partly: always -EINVAL (no vCPU is pinned to its pCPU)
 *
 * @op VCPUOP_register_vcpu_time_memory_area (13)
 * Registers a guest virtual address that receives a second copy of the
 * vCPU's vcpu_time_info (for user-space clocks). 0 unregisters.
 * IN  addr.p.
 * Caller: any domain.
 * Errors: -EFAULT (arg unreadable, area not in guest space); -ENOENT.
 * Implemented: yes (rewritten whenever the pvclock is, while the vCPU runs)
 */
#define VCPUOP_initialise                     0
#define VCPUOP_up                             1
#define VCPUOP_down                           2
#define VCPUOP_is_up                          3
#define VCPUOP_get_runstate_info              4
#define VCPUOP_register_runstate_memory_area  5
#define VCPUOP_set_periodic_timer             6
#define VCPUOP_stop_periodic_timer            7
#define VCPUOP_set_singleshot_timer           8
#define VCPUOP_stop_singleshot_timer          9
#define VCPUOP_register_vcpu_info             10
#define VCPUOP_send_nmi                       11
#define VCPUOP_get_physid                     12
#define VCPUOP_register_vcpu_time_memory_area 13

/* Where a vCPU spent its time (ns, since it was created). */
struct vcpu_runstate_info {
	int32_t state;             /* RUNSTATE_* */
	uint64_t state_entry_time; /* when it entered state; bit 63 see below */
	uint64_t time[4];          /* total time in each RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);

/* Set in state_entry_time while the hypervisor rewrites the area
 * (VMASST_TYPE_runstate_update_flag). */
#define XEN_RUNSTATE_UPDATE (xen_mk_ullong(1) << 63)

#define RUNSTATE_running  0 /* on a physical CPU */
#define RUNSTATE_runnable 1 /* wants to run */
#define RUNSTATE_blocked  2 /* waiting for an event */
#define RUNSTATE_offline  3 /* down or paused */

struct vcpu_register_runstate_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
		struct vcpu_runstate_info *v;
		uint64_t p; /* IN: guest virtual address */
	} addr;
};
typedef struct vcpu_register_runstate_memory_area vcpu_register_runstate_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_runstate_memory_area_t);

struct vcpu_set_periodic_timer {
	uint64_t period_ns; /* IN */
};
typedef struct vcpu_set_periodic_timer vcpu_set_periodic_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_periodic_timer_t);

struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns; /* IN */
	uint32_t flags;          /* IN: VCPU_SSHOTTMR_* */
};
typedef struct vcpu_set_singleshot_timer vcpu_set_singleshot_timer_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_set_singleshot_timer_t);

/* Once "fail with -ETIME if the deadline has passed"; Xen 4.17 ignores it, as we do. */
#define _VCPU_SSHOTTMR_future (0)
#define VCPU_SSHOTTMR_future  (1U << _VCPU_SSHOTTMR_future)

struct vcpu_register_vcpu_info {
	uint64_t mfn;    /* IN */
	uint32_t offset; /* IN */
	uint32_t rsvd;   /* IN: zero */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_vcpu_info_t);

struct vcpu_get_physid {
	uint64_t phys_id; /* OUT: APIC id in bits 0-31, ACPI id in 32-63 */
};
typedef struct vcpu_get_physid vcpu_get_physid_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_get_physid_t);
#define xen_vcpu_physid_to_x86_apicid(physid) ((uint32_t)(physid))
#define xen_vcpu_physid_to_x86_acpiid(physid) ((uint32_t)((physid) >> 32))

DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
struct vcpu_register_time_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_time_info_t) h;
		struct vcpu_time_info *v;
		uint64_t p; /* IN: guest virtual address */
	} addr;
};
typedef struct vcpu_register_time_memory_area vcpu_register_time_memory_area_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_register_time_memory_area_t);

#endif /* __XEN_PUBLIC_VCPU_H__ */
