/* SPDX-License-Identifier: MIT */
/*
 * Core of the guest ABI: hypercall numbers, the pages every PV guest
 * shares with the hypervisor (start_info, shared_info, vcpu_info), the
 * page-table hypercalls (mmu_update, mmuext_op, update_va_mapping),
 * multicall, console_io, vm_assist and the reserved domain ids.
 *
 * The one idea: numbers, names and layouts are Xen 4.17's, so an
 * unmodified Xen PV guest runs on us; the words and the fixed-width
 * spelling are ours. tests/abi proves the layouts against Xen's headers.
 *
 * Hypercall ops are documented in blocks starting with "@op";
 * scripts/gen-hypercalls.py turns them into docs/hypercalls.md.
 */
#ifndef __XEN_PUBLIC_XEN_H__
#define __XEN_PUBLIC_XEN_H__

/*
 * Interface versions. xen-compat.h settles __XEN_INTERFACE_VERSION__ the
 * way Xen does: the hypervisor and toolstacks (__XEN__, __XEN_TOOLS__)
 * get the latest level; a guest gets the level it defines before the
 * first include, or 0 (the oldest interface) if it defines none. The
 * "#if __XEN_INTERFACE_VERSION__" gates below and in the other headers
 * keep the old names and layouts for guests written against them.
 * XENLIKE_INTERFACE_VERSION is our own global ABI version (major << 16 |
 * minor), bumped once per release and only for incompatible changes;
 * domctl.h and sysctl.h carry their own.
 */
#include "xen-compat.h"
#define XENLIKE_INTERFACE_VERSION 0x00010000

/*
 * The fixed-width types come from <stdint.h>, so that every header
 * compiles on its own. An environment with its own definitions (a
 * freestanding kernel with no <stdint.h> on its include path) defines
 * XEN_PUBLIC_NO_STDINT and declares the types before including us, as
 * Xen's own headers require of everyone. Assembly sees none of it.
 */
#if !defined(__ASSEMBLY__) && !defined(XEN_PUBLIC_NO_STDINT)
#include <stdint.h>
#endif

#ifndef __ASSEMBLY__
/* Integer-literal helpers, usable in C and in preprocessor arithmetic. */
#define __xen_mk_uint(x)  x ## U
#define __xen_mk_ulong(x) x ## UL
#ifndef __xen_mk_ullong
#define __xen_mk_ullong(x) x ## ULL
#endif
#define xen_mk_uint(x)   __xen_mk_uint(x)
#define xen_mk_ulong(x)  __xen_mk_ulong(x)
#define xen_mk_ullong(x) __xen_mk_ullong(x)
#else
/* The assembler takes no U/UL suffixes: the bare number. */
#define xen_mk_uint(x)   x
#define xen_mk_ulong(x)  x
#define xen_mk_ullong(x) x
#endif

#include "arch-x86/xen.h"

#ifndef __ASSEMBLY__
/* Handles for the plain C types; long and ulong only before 4.3. */
DEFINE_XEN_GUEST_HANDLE(char);
__DEFINE_XEN_GUEST_HANDLE(uchar, unsigned char);
DEFINE_XEN_GUEST_HANDLE(int);
__DEFINE_XEN_GUEST_HANDLE(uint, unsigned int);
#if __XEN_INTERFACE_VERSION__ < 0x00040300
DEFINE_XEN_GUEST_HANDLE(long);
__DEFINE_XEN_GUEST_HANDLE(ulong, unsigned long);
#endif
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);
__DEFINE_XEN_GUEST_HANDLE(uint8, uint8_t);
__DEFINE_XEN_GUEST_HANDLE(uint16, uint16_t);
__DEFINE_XEN_GUEST_HANDLE(uint32, uint32_t);
__DEFINE_XEN_GUEST_HANDLE(uint64, uint64_t);

/*
 * Dimension of a trailing variable-length array: empty in C99 and
 * later, 0 for older GNU C, 1 as a last resort.
 */
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L
#define XEN_FLEX_ARRAY_DIM
#elif defined(__GNUC__)
#define XEN_FLEX_ARRAY_DIM 0
#else
#define XEN_FLEX_ARRAY_DIM 1
#endif
#endif /* !__ASSEMBLY__ */

/* Fields that must be 8-byte aligned even in a 32-bit toolstack. */
#define int64_aligned_t  int64_t
#define uint64_aligned_t uint64_t

/*
 * __HYPERVISOR_<name>: generated from hypercall-list.h, the one place a
 * hypercall is declared.
 */
#include "hypercall-nr.h"

/*
 * Guests written for an interface older than the op's replacement get
 * the old hypercall under the new name.
 */
#if __XEN_INTERFACE_VERSION__ < 0x00030101
#undef __HYPERVISOR_sched_op
#define __HYPERVISOR_sched_op __HYPERVISOR_sched_op_compat
#endif
#if __XEN_INTERFACE_VERSION__ < 0x00030202
#undef __HYPERVISOR_event_channel_op
#define __HYPERVISOR_event_channel_op __HYPERVISOR_event_channel_op_compat
#undef __HYPERVISOR_physdev_op
#define __HYPERVISOR_physdev_op __HYPERVISOR_physdev_op_compat
#endif
#if __XEN_INTERFACE_VERSION__ < 0x00030204
#define __HYPERVISOR_dom0_op __HYPERVISOR_platform_op
#endif

/*
 * Virtual IRQs, bound to event channels with EVTCHNOP_bind_virq.
 * "per-vCPU" VIRQs may be bound once on each vCPU; "global" ones only
 * once per domain, on vCPU 0 (rebinding later with EVTCHNOP_bind_vcpu).
 */
#define VIRQ_TIMER      0  /* per-vCPU: timer expired / periodic tick */
#define VIRQ_DEBUG      1  /* per-vCPU: asked to dump debug state */
#define VIRQ_CONSOLE    2  /* global, dom0: input on the hypervisor console */
#define VIRQ_DOM_EXC    3  /* global, dom0: a domain crashed or shut down */
#define VIRQ_TBUF       4  /* global, dom0: trace buffers have records */
#define VIRQ_DEBUGGER   6  /* global, dom0: a domain paused for a debugger */
#define VIRQ_XENOPROF   7  /* per-vCPU: profiling sample available */
#define VIRQ_CON_RING   8  /* global, dom0: hypervisor console ring has data */
#define VIRQ_PCPU_STATE 9  /* global, dom0: a physical CPU changed state */
#define VIRQ_MEM_EVENT  10 /* global, dom0: memory event */
#define VIRQ_ARGO       11 /* global: Argo message */
#define VIRQ_ENOMEM     12 /* global, dom0: hypervisor heap is low */
#define VIRQ_XENPMU     13 /* per-vCPU: PMU interrupt */
#define VIRQ_ARCH_0     16
#define VIRQ_ARCH_1     17
#define VIRQ_ARCH_2     18
#define VIRQ_ARCH_3     19
#define VIRQ_ARCH_4     20
#define VIRQ_ARCH_5     21
#define VIRQ_ARCH_6     22
#define VIRQ_ARCH_7     23
#define NR_VIRQS        24

/*
 * @op __HYPERVISOR_mmu_update (1)
 * mmu_update(GUEST_PTR(mmu_update_t) req, unsigned int count,
 * GUEST_PTR(uint) done, unsigned int foreigndom)
 * Applies `count` checked updates in order. The low 3 bits of req.ptr
 * select the kind (MMU_*); the rest is a machine address.
 * MMU_NORMAL_PT_UPDATE / MMU_PT_UPDATE_NO_TRANSLATE: write val to the
 * page-table entry at ptr after validating it (the frame val points at
 * must be owned by the target domain and typed suitably). For a PV
 * domain the two are the same (val is a machine frame either way; Linux's
 * privcmd maps foreign MFNs with NO_TRANSLATE).
 * MMU_PT_UPDATE_PRESERVE_AD: as normal, but keep the A/D bits already set.
 * MMU_MACHPHYS_UPDATE: ptr is the machine address of a frame, val the
 * PFN to record for it in the machine-to-phys table.
 * IN  req: array of struct mmu_update.
 * IN  count: number of entries (0 is a no-op).
 * OUT done: if non-null, number of entries completed.
 * IN  foreigndom: DOMID_SELF, or the domain that owns the frames being
 * mapped (then the caller needs privilege over it).
 * Caller: any PV domain for its own page tables; a privileged domain for
 * another domain's (foreigndom).
 * Stops at the first failure, which is returned; done counts the
 * entries applied before it (continuations included).
 * Errors: -EFAULT (req or done unreadable/unwritable); -EINVAL (ptr not
 * a frame of the page-table owner, bad flags for the level, an upper
 * entry not pointing at a table of the level below, a hypervisor L4
 * slot, a frame in use as a descriptor page, a foreign frame in an
 * upper level); -EBUSY (an L1 entry for a frame the owner does not
 * own, or a writable mapping of a page table/descriptor page); -EPERM
 * (I/O frame not permitted, no privilege over foreigndom, machphys
 * update for another domain's tables); -EACCES (cache attributes on a
 * hypervisor-shared page); -ESRCH (foreigndom missing, or the caller's
 * own domid instead of DOMID_SELF, as on Xen); -ENOSYS (an unknown kind,
 * 4-7 in the low 3 bits). Long batches are preempted (count |
 * MMU_UPDATE_PREEMPTED continuation); this is invisible to the caller.
 * Implemented: yes (xen-like/arch/x86/pv/mmu.c; docs/design/pv-mmu.md)
 */
#define MMU_NORMAL_PT_UPDATE       0
#define MMU_MACHPHYS_UPDATE        1
#define MMU_PT_UPDATE_PRESERVE_AD  2
#define MMU_PT_UPDATE_NO_TRANSLATE 3

#ifndef __ASSEMBLY__
struct mmu_update {
	uint64_t ptr; /* IN: machine address (plus MMU_* in bits 0-1) */
	uint64_t val; /* IN: new entry value, or PFN for MMU_MACHPHYS_UPDATE */
};
typedef struct mmu_update mmu_update_t;
DEFINE_XEN_GUEST_HANDLE(mmu_update_t);
#endif

/*
 * @op __HYPERVISOR_mmuext_op (26)
 * mmuext_op(GUEST_PTR(mmuext_op_t) ops, unsigned int count,
 * GUEST_PTR(uint) done, unsigned int foreigndom)
 * Extended MMU operations, applied in order. Per cmd:
 * MMUEXT_PIN_L{1,2,3,4}_TABLE (arg1.mfn): validate the frame as a page
 * table of that level and hold a type reference until unpinned.
 * MMUEXT_UNPIN_TABLE (arg1.mfn): drop the pin.
 * MMUEXT_NEW_BASEPTR (arg1.mfn): switch the kernel top-level table (an
 * L4 frame, validated and referenced).
 * MMUEXT_NEW_USER_BASEPTR (arg1.mfn): set the user-mode top-level table
 * (0 = none).
 * MMUEXT_TLB_FLUSH_LOCAL, MMUEXT_INVLPG_LOCAL (arg1.linear_addr): flush
 * this vCPU's TLB / one entry.
 * MMUEXT_TLB_FLUSH_MULTI, MMUEXT_INVLPG_MULTI (arg2.vcpumask): the same
 * on the vCPUs in a bitmap. MMUEXT_TLB_FLUSH_ALL, MMUEXT_INVLPG_ALL: on
 * all vCPUs of the domain.
 * MMUEXT_FLUSH_CACHE, MMUEXT_FLUSH_CACHE_GLOBAL: write back and
 * invalidate caches (needs a domain with I/O privilege).
 * MMUEXT_SET_LDT (arg1.linear_addr, arg2.nr_ents): install an LDT.
 * MMUEXT_CLEAR_PAGE (arg1.mfn), MMUEXT_COPY_PAGE (arg1.mfn, arg2.src_mfn):
 * zero or copy a writable page of the domain.
 * MMUEXT_MARK_SUPER, MMUEXT_UNMARK_SUPER: obsolete, always -EOPNOTSUPP.
 * IN  ops, count, foreigndom: as for mmu_update.
 * OUT done: if non-null, number of ops completed.
 * Caller: any PV domain; foreigndom needs privilege over that domain.
 * Errors: -EFAULT (ops/done/vcpumask unreadable); -EINVAL (unknown cmd,
 * bad alignment, frame fails validation, LDT too big or misaligned,
 * frame not owned); -EPERM (no privilege, cache flush without I/O
 * privilege); -ESRCH (foreigndom missing); -EBUSY (table in use);
 * -ENOMEM; -EOPNOTSUPP (MARK_SUPER/UNMARK_SUPER).
 * Errors as xen-like gives them (Xen's): pinning a frame whose
 * validation fails or that has another type in use, pinning twice,
 * unpinning an unpinned frame, a base pointer that does not validate
 * as an L4, CLEAR/COPY of a page table: -EINVAL; FLUSH_CACHE without
 * I/O privilege: -EACCES (FLUSH_CACHE_GLOBAL: -EINVAL); an op other
 * than pin/unpin/clear/copy with a foreign foreigndom: -EPERM; unknown
 * cmd: -ENOSYS.
 * Implemented: yes (SET_LDT maps and validates the LDT pages at once
 * instead of lazily: an LDT page that is not mapped read-only is
 * refused with -EINVAL; flushes are local: all vCPUs run on one CPU so far)
 */
#define MMUEXT_PIN_L1_TABLE       0
#define MMUEXT_PIN_L2_TABLE       1
#define MMUEXT_PIN_L3_TABLE       2
#define MMUEXT_PIN_L4_TABLE       3
#define MMUEXT_UNPIN_TABLE        4
#define MMUEXT_NEW_BASEPTR        5
#define MMUEXT_TLB_FLUSH_LOCAL    6
#define MMUEXT_INVLPG_LOCAL       7
#define MMUEXT_TLB_FLUSH_MULTI    8
#define MMUEXT_INVLPG_MULTI       9
#define MMUEXT_TLB_FLUSH_ALL      10
#define MMUEXT_INVLPG_ALL         11
#define MMUEXT_FLUSH_CACHE        12
#define MMUEXT_SET_LDT            13
#define MMUEXT_NEW_USER_BASEPTR   15
#define MMUEXT_CLEAR_PAGE         16
#define MMUEXT_COPY_PAGE          17
#define MMUEXT_FLUSH_CACHE_GLOBAL 18
#define MMUEXT_MARK_SUPER         19
#define MMUEXT_UNMARK_SUPER       20

#ifndef __ASSEMBLY__
struct mmuext_op {
	uint32_t cmd; /* IN: MMUEXT_*; 4 bytes of padding follow */
	union {
		xen_pfn_t mfn;        /* IN: frame, for PIN/UNPIN/BASEPTR/CLEAR/COPY */
		uint64_t linear_addr; /* IN: address, for INVLPG and SET_LDT */
	} arg1;
	union {
		uint32_t nr_ents;                  /* IN: SET_LDT entries */
#if __XEN_INTERFACE_VERSION__ >= 0x00030205
		XEN_GUEST_HANDLE(const_void) vcpumask; /* IN: *_MULTI vCPU bitmap */
#else
		const void *vcpumask;
#endif
		xen_pfn_t src_mfn;                 /* IN: COPY_PAGE source */
	} arg2;
};
typedef struct mmuext_op mmuext_op_t;
DEFINE_XEN_GUEST_HANDLE(mmuext_op_t);
#endif

/*
 * @op __HYPERVISOR_update_va_mapping (14)
 * update_va_mapping(uint64_t va, uint64_t val, uint64_t flags)
 * Writes the L1 entry that maps guest virtual address va in the current
 * page tables (validated as by mmu_update), then flushes per flags.
 * IN  va: virtual address whose PTE changes (its L1 must exist).
 * IN  val: new PTE.
 * IN  flags: UVMF_NONE/TLB_FLUSH/INVLPG ORed with UVMF_LOCAL, UVMF_ALL
 * or, for UVMF_MULTI, a guest pointer to a vCPU bitmap (the pointer is
 * 8-byte aligned so its low bits are free).
 * Caller: any PV domain.
 * Errors: -EINVAL (no L1 for va, va in the hypervisor's hole, PTE fails
 * validation, bad flags); -EFAULT (vCPU bitmap unreadable); -EPERM
 * (frame not mappable by the caller); -ENOMEM; -EBUSY (a writable
 * mapping of a frame typed as a page table or descriptor page).
 * Implemented: yes (validated as mmu_update; flushes are local: all
 * vCPUs run on one CPU so far)
 *
 * @op __HYPERVISOR_update_va_mapping_otherdomain (22)
 * update_va_mapping_otherdomain(uint64_t va, uint64_t val, uint64_t flags,
 * domid_t domid)
 * As update_va_mapping, but val maps a frame owned by domid.
 * Caller: a domain with privilege over domid.
 * Errors: as update_va_mapping, plus -ESRCH (no such domain) and -EPERM
 * (no privilege over domid).
 * Implemented: yes
 */
#define UVMF_NONE           (xen_mk_ulong(0) << 0) /* no flush */
#define UVMF_TLB_FLUSH      (xen_mk_ulong(1) << 0) /* flush whole TLB */
#define UVMF_INVLPG         (xen_mk_ulong(2) << 0) /* flush one entry */
#define UVMF_FLUSHTYPE_MASK (xen_mk_ulong(3) << 0)
#define UVMF_MULTI          (xen_mk_ulong(0) << 2) /* vCPUs in a bitmap */
#define UVMF_LOCAL          (xen_mk_ulong(0) << 2) /* this vCPU only */
#define UVMF_ALL            (xen_mk_ulong(1) << 2) /* every vCPU */

/*
 * @op __HYPERVISOR_console_io (18)
 * console_io(unsigned int cmd, unsigned int count, GUEST_PTR(char) buf)
 * CONSOLEIO_write: print count bytes from buf on the hypervisor console
 * (output of domains other than dom0 gets a "(dN) " prefix and only
 * printable characters). Returns 0.
 * CONSOLEIO_read: copy up to count bytes of pending console input into
 * buf; returns the number of bytes copied.
 * IN  cmd: CONSOLEIO_*. IN count: buffer size. INOUT buf.
 * Caller: write: any domain; read: the hardware domain only.
 * Errors: -EFAULT (buf unreadable/unwritable); -EPERM (read by a domain
 * other than the hardware domain); -ENOSYS (unknown cmd).
 * Implemented: yes (output prefixed "(dN) "; CONSOLEIO_read returns serial input switched to dom0 with CTRL-a x3)
 */
#define CONSOLEIO_write 0
#define CONSOLEIO_read  1

/*
 * @op __HYPERVISOR_vm_assist (21)
 * vm_assist(unsigned int cmd, unsigned int type)
 * Turns an optional hypervisor behaviour on (VMASST_CMD_enable) or off
 * (VMASST_CMD_disable) for the calling domain. For 64-bit PV the types
 * 0-5 and 32 are accepted; 0, 1 and 4 change nothing on x86-64.
 * IN  cmd: VMASST_CMD_*. IN type: VMASST_TYPE_*.
 * Caller: any PV domain, for itself.
 * Errors: -EINVAL (type unknown or not valid for this guest); -ENOSYS
 * (unknown cmd).
 * Implemented: partly: writable_pagetables (always on for the hardware
 * domain, as on Xen), runstate_update_flag, m2p_strict (L4s validated
 * from then on carry the read-only M2P in slot 256, and lose it when
 * they become a user base pointer; without it, a new L4 gets it only
 * when it becomes a kernel base pointer), and types 0, 1 and 3 (no
 * effect on x86-64 PV); architectural_iopl gives -EINVAL until its
 * feature exists
 */
#define VMASST_CMD_enable  0
#define VMASST_CMD_disable 1

#define VMASST_TYPE_4gb_segments         0 /* 32-bit only: emulate >4GB segments */
#define VMASST_TYPE_4gb_segments_notify  1 /* 32-bit only: report that emulation */
#define VMASST_TYPE_writable_pagetables  2 /* emulate writes to RO L1 tables */
#define VMASST_TYPE_pae_extended_cr3     3 /* top-level tables may sit above 4GB */
#define VMASST_TYPE_architectural_iopl   4 /* IOPL in RFLAGS, as on hardware */
#define VMASST_TYPE_runstate_update_flag 5 /* XEN_RUNSTATE_UPDATE bit while writing */
#define VMASST_TYPE_m2p_strict           32 /* user M2P mapping is absent */

#if __XEN_INTERFACE_VERSION__ < 0x00040600
#define MAX_VMASST_TYPE 3 /* old guests: highest type they may name */
#endif

/*
 * Reserved domain ids. Ids from DOMID_FIRST_RESERVED up are never given
 * to a domain.
 */
#define DOMID_FIRST_RESERVED xen_mk_uint(0x7FF0)
#define DOMID_SELF    xen_mk_uint(0x7FF0) /* the calling domain */
#define DOMID_IO      xen_mk_uint(0x7FF1) /* owner of I/O memory */
#define DOMID_XEN     xen_mk_uint(0x7FF2) /* the hypervisor itself */
#define DOMID_COW     xen_mk_uint(0x7FF3) /* shared copy-on-write pages */
#define DOMID_INVALID xen_mk_uint(0x7FF4) /* "no domain" */
#define DOMID_IDLE    xen_mk_uint(0x7FFF) /* the idle domain */
#define DOMID_MASK    xen_mk_uint(0x7FFF)

#ifndef __ASSEMBLY__
typedef uint16_t domid_t;

/*
 * @op __HYPERVISOR_multicall (13)
 * multicall(GUEST_PTR(multicall_entry_t) calls, unsigned int nr_calls)
 * Runs each entry as if the guest had made that hypercall with args[0..4],
 * in order, storing each return value in result. A handler's error does
 * not stop the batch. An entry that is itself a multicall fails with
 * -EINVAL in its result.
 * INOUT calls: array of struct multicall_entry (op, args IN; result OUT).
 * IN  nr_calls: number of entries.
 * Caller: any domain.
 * Errors: of the multicall itself: -EFAULT (list unreadable or results
 * unwritable); -EINVAL (nested multicall); -ENOSYS (unknown hypercall).
 * Per-entry errors are those of the called hypercall.
 * Implemented: yes (a nested multicall or iret gets -EINVAL in its result)
 */
struct multicall_entry {
	xen_ulong_t op;      /* IN: hypercall number */
	xen_ulong_t result;  /* OUT: its return value */
	xen_ulong_t args[6]; /* IN: arguments (64-bit PV uses the first 5) */
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);

#if __XEN_INTERFACE_VERSION__ < 0x00040400
/* Old name for the 2-level ABI's port count (see event_channel.h). */
#define NR_EVENT_CHANNELS EVTCHN_2L_NR_CHANNELS
#endif

/*
 * Per-vCPU time parameters (pvclock). The hypervisor writes it; the guest
 * reads it. Lock-free protocol: version is odd while an update is in
 * progress; a reader retries until it sees the same even version before
 * and after reading. Current system time in ns is
 *   system_time + (((tsc - tsc_timestamp) << tsc_shift) * mul) >> 32
 * with a right shift when tsc_shift is negative.
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;     /* TSC when system_time was sampled */
	uint64_t system_time;       /* ns since the hypervisor booted */
	uint32_t tsc_to_system_mul; /* 32.32 fixed-point TSC -> ns factor */
	int8_t tsc_shift;
#if __XEN_INTERFACE_VERSION__ > 0x040600
	uint8_t flags;              /* XEN_PVCLOCK_* */
	uint8_t pad1[2];
#else
	int8_t pad1[3];
#endif
};
typedef struct vcpu_time_info vcpu_time_info_t;

#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0) /* TSC is synchronised across CPUs */
#define XEN_PVCLOCK_GUEST_STOPPED  (1 << 1) /* guest was paused */

/*
 * Per-vCPU event and time state. Embedded in shared_info for the first
 * XEN_LEGACY_MAX_VCPUS vCPUs, or placed anywhere by
 * VCPUOP_register_vcpu_info.
 *
 * Event delivery: evtchn_upcall_pending (hypervisor sets, guest clears)
 * says some port is pending; evtchn_pending_sel (hypervisor sets bits,
 * guest clears them atomically) says which word of
 * shared_info.evtchn_pending to scan. evtchn_upcall_mask (guest writes)
 * is the virtual interrupt flag: while non-zero no upcall is made. After
 * clearing it the guest must check pending itself; unmasking never traps.
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;
#ifdef XEN_HAVE_PV_UPCALL_MASK
	uint8_t evtchn_upcall_mask;
#else
	uint8_t pad0;
#endif
	/* 6 bytes of padding up to the 8-byte evtchn_pending_sel */
	xen_ulong_t evtchn_pending_sel;
	struct arch_vcpu_info arch;
	vcpu_time_info_t time;
};
typedef struct vcpu_info vcpu_info_t;

/*
 * The shared info page: one per domain, its machine address is in
 * start_info.shared_info, the guest maps it itself.
 * evtchn_pending: bit p set = port p pending (hypervisor sets, guest clears).
 * evtchn_mask: bit p set = port p masked (guest writes).
 * wc_*: wall clock at system time 0; same odd/even version protocol as
 * vcpu_time_info; seconds are wc_sec_hi:wc_sec.
 */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
	xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
	struct arch_shared_info arch;
};
typedef struct shared_info shared_info_t;
#define xen_wc_sec_hi wc_sec_hi

/*
 * start_info: how a PV guest learns about itself. The domain builder
 * places it in guest memory and passes its virtual address in RSI at the
 * kernel entry point. All fields are written by the builder; the guest
 * only reads. Addresses are guest virtual unless said otherwise.
 */
#define MAX_GUEST_CMDLINE 1024
struct start_info {
	char magic[32];          /* "xen-<version>-x86_64" */
	uint64_t nr_pages;       /* pages of memory given to the domain */
	uint64_t shared_info;    /* MACHINE address of the shared info page */
	uint32_t flags;          /* SIF_* (4 bytes of padding follow) */
	xen_pfn_t store_mfn;     /* xenstore ring page (MFN) */
	uint32_t store_evtchn;   /* its event channel (0: no xenstore) */
	union {
		struct {
			xen_pfn_t mfn;   /* console ring page (MFN) */
			uint32_t evtchn; /* its event channel */
		} domU;
		struct {
			uint32_t info_off;  /* offset of dom0_vga_console_info */
			uint32_t info_size; /* its size */
		} dom0;
	} console;
	uint64_t pt_base;        /* initial page tables (virtual) */
	uint64_t nr_pt_frames;   /* their number of frames */
	uint64_t mfn_list;       /* P2M list (virtual) */
	uint64_t mod_start;      /* initrd: virtual address, or PFN (SIF_MOD_START_PFN) */
	uint64_t mod_len;        /* initrd length in bytes */
	int8_t cmd_line[MAX_GUEST_CMDLINE]; /* NUL-terminated command line */
	uint64_t first_p2m_pfn;  /* first PFN of a separately mapped P2M */
	uint64_t nr_p2m_frames;  /* and its number of frames */
};
typedef struct start_info start_info_t;

/* Names from before the dom0 console union (interface 3.2.3). */
#if __XEN_INTERFACE_VERSION__ < 0x00030203
#define console_mfn    console.domU.mfn
#define console_evtchn console.domU.evtchn
#endif

#define SIF_PRIVILEGED      (1 << 0) /* domain is privileged */
#define SIF_INITDOMAIN      (1 << 1) /* domain is the initial control domain */
#define SIF_MULTIBOOT_MOD   (1 << 2) /* mod_start is a xen_multiboot_mod_list */
#define SIF_MOD_START_PFN   (1 << 3) /* mod_start is a PFN, not an address */
#define SIF_VIRT_P2M_4TOOLS (1 << 4) /* toolstack reads a linear P2M */
#define SIF_PM_MASK         (0xFF << 8) /* reserved for power management */

/* With SIF_MULTIBOOT_MOD, mod_start points at an array of these. */
struct xen_multiboot_mod_list {
	uint32_t mod_start; /* module start, PFN-relative physical address */
	uint32_t mod_end;   /* module end (exclusive) */
	uint32_t cmdline;   /* offset of its command line */
	uint32_t pad;
};

/* dom0: boot video mode, at start_info.console.dom0.info_off. */
typedef struct dom0_vga_console_info {
	uint8_t video_type; /* XEN_VGATYPE_* */
#define XEN_VGATYPE_TEXT_MODE_3 0x03
#define XEN_VGATYPE_VESA_LFB    0x23
#define XEN_VGATYPE_EFI_LFB     0x70
	/* 1 byte of padding */
	union {
		struct {
			uint16_t font_height;
			uint16_t cursor_x, cursor_y;
			uint16_t rows, columns;
		} text_mode_3;
		struct {
			uint16_t width, height;
			uint16_t bytes_per_line;
			uint16_t bits_per_pixel;
			uint32_t lfb_base;     /* low 32 bits of the frame buffer */
			uint32_t lfb_size;     /* in 64 KiB units */
			uint8_t red_pos, red_size;
			uint8_t green_pos, green_size;
			uint8_t blue_pos, blue_size;
			uint8_t rsvd_pos, rsvd_size;
#if __XEN_INTERFACE_VERSION__ >= 0x00030206
			uint32_t gbl_caps;     /* VBE capabilities */
			uint16_t mode_attrs;   /* VBE mode attributes */
			uint16_t pad;
#endif
#if __XEN_INTERFACE_VERSION__ >= 0x00040d00
			uint32_t ext_lfb_base; /* high 32 bits of the frame buffer */
#endif
		} vesa_lfb;
	} u;
} dom0_vga_console_info_t;
#define xen_vga_console_info   dom0_vga_console_info
#define xen_vga_console_info_t dom0_vga_console_info_t

/* A domain's 16-byte handle (the toolstack stores a UUID there). */
typedef uint8_t xen_domain_handle_t[16];

typedef struct {
	uint8_t a[16];
} xen_uuid_t;

/* Builds a xen_uuid_t initialiser from the usual 8-4-4-4-12 groups. */
#define XEN_DEFINE_UUID_(a, b, c, d, e1, e2, e3, e4, e5, e6)           \
	{ { ((a) >> 24) & 0xFF, ((a) >> 16) & 0xFF, ((a) >> 8) & 0xFF, \
	    ((a) >> 0) & 0xFF, ((b) >> 8) & 0xFF, ((b) >> 0) & 0xFF,   \
	    ((c) >> 8) & 0xFF, ((c) >> 0) & 0xFF, ((d) >> 8) & 0xFF,   \
	    ((d) >> 0) & 0xFF, e1, e2, e3, e4, e5, e6 } }
#define XEN_DEFINE_UUID(a, b, c, d, e1, e2, e3, e4, e5, e6) \
	XEN_DEFINE_UUID_(a, b, c, d, e1, e2, e3, e4, e5, e6)

/* A bitmap passed by the toolstack (CPU maps and the like). */
struct xenctl_bitmap {
	XEN_GUEST_HANDLE_64(uint8) bitmap; /* IN/OUT: the bits, LSB first */
	uint32_t nr_bits;                  /* IN: size of bitmap in bits */
	/* 4 bytes of padding */
};
typedef struct xenctl_bitmap xenctl_bitmap_t;

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_XEN_H__ */
