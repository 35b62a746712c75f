/* SPDX-License-Identifier: MIT */
/*
 * x86 part of the guest ABI: guest handles, the frame-number and
 * register-sized integer types, the trap table entry, the full vCPU
 * context (struct vcpu_guest_context) and the arch part of shared_info.
 *
 * The one idea: on x86-64 every field is 64 bits where Xen says "long"
 * (trap_info.address keeps Xen's unsigned long, which is the same), so
 * a 64-bit guest, the hypervisor and the 64-bit toolstack agree on
 * layout. Guest handles are 8-byte integers, not C pointers (but for
 * interface levels before 3.2.1, which passed plain pointers).
 */
#include "../xen.h"

#ifndef __XEN_PUBLIC_ARCH_X86_XEN_H__
#define __XEN_PUBLIC_ARCH_X86_XEN_H__

/*
 * A guest handle is a guest virtual address in an 8-byte struct. Each
 * pointee type gets its own handle type (and a const_ variant), so the
 * compiler tells handles of different types apart, yet nobody can
 * dereference one by accident. The hypervisor reads through handles only
 * with its copy_from_guest()/copy_to_guest() helpers.
 */
#if __XEN_INTERFACE_VERSION__ >= 0x00030201
#define ___DEFINE_XEN_GUEST_HANDLE(name, type) \
	typedef struct { uint64_t p; } __guest_handle_ ## name
#else
/* Interfaces before 3.2.1 passed plain pointers. */
#define ___DEFINE_XEN_GUEST_HANDLE(name, type) \
	typedef type *__guest_handle_ ## name
#endif
#define __DEFINE_XEN_GUEST_HANDLE(name, type)        \
	___DEFINE_XEN_GUEST_HANDLE(name, type);      \
	___DEFINE_XEN_GUEST_HANDLE(const_ ## name, const type)
#define DEFINE_XEN_GUEST_HANDLE(name) __DEFINE_XEN_GUEST_HANDLE(name, name)
#define __XEN_GUEST_HANDLE(name)      __guest_handle_ ## name
#define XEN_GUEST_HANDLE(name)        __XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_PARAM(name)  XEN_GUEST_HANDLE(name)
#define XEN_GUEST_HANDLE_64(name)     XEN_GUEST_HANDLE(name)

/* Guest-side helpers: store a pointer into a handle, or a null handle. */
#define set_xen_guest_handle_raw(hnd, val) \
	do { (hnd).p = (uint64_t)(uintptr_t)(val); } while (0)
#define set_xen_guest_handle(hnd, val) set_xen_guest_handle_raw(hnd, val)
#define guest_handle_is_null(hnd)      ((hnd).p == 0)

/*
 * @op __HYPERVISOR_set_trap_table (0)
 * set_trap_table(GUEST_PTR(const_trap_info_t) traps): installs virtual
 * IDT entries from an array ended by an entry with address 0; a null
 * pointer clears the whole table.
 * IN  traps: struct trap_info array.
 * Caller: any PV domain.
 * Errors: -EFAULT (array unreadable); -EINVAL (non-canonical address).
 * Implemented: yes (tables longer than 1024 entries: -E2BIG instead of a continuation)
 *
 * @op __HYPERVISOR_set_gdt (2)
 * set_gdt(GUEST_PTR(xen_ulong_t) frame_list, unsigned int entries):
 * installs a GDT made of the listed frames (each validated as a
 * descriptor page and mapped read-only).
 * IN  frame_list: MFNs. IN entries: at most FIRST_RESERVED_GDT_ENTRY.
 * Caller: any PV domain.
 * Errors: -EFAULT; -EINVAL (too many entries, frame not owned, still
 * mapped writable, or holds an unsafe descriptor).
 * Implemented: yes (code/data descriptors get DPL 3; every system
 * descriptor is refused, call gates included)
 *
 * @op __HYPERVISOR_stack_switch (3)
 * stack_switch(uint64_t ss, uint64_t esp): the kernel stack to switch to
 * on the next user-to-kernel transition.
 * Caller: any PV domain.
 * Errors: -EPERM (ss is not a guest kernel data selector).
 * Implemented: yes
 *
 * @op __HYPERVISOR_set_callbacks (4)
 * set_callbacks(uint64_t event, uint64_t failsafe, uint64_t syscall):
 * the event, failsafe and syscall entry points (see callback.h).
 * Caller: any PV domain.
 * Errors: -EINVAL (non-canonical address).
 * Implemented: yes
 *
 * @op __HYPERVISOR_fpu_taskswitch (5)
 * fpu_taskswitch(int set): sets (non-zero) or clears the virtual CR0.TS.
 * Caller: any PV domain.
 * Errors: none.
 * Implemented: yes (lazy #NM)
 *
 * @op __HYPERVISOR_set_debugreg (8), __HYPERVISOR_get_debugreg (9)
 * set_debugreg(int reg, uint64_t value) / get_debugreg(int reg): the
 * vCPU's virtual DR0-DR7 (get returns the value). Without the guest's
 * CR4.DE, DR4/DR5 are DR6/DR7; with it (MOV to %cr4; the guest owns the
 * bit) they do not exist, and I/O breakpoints are taken: the hypervisor
 * matches them on the port I/O it emulates for the guest and raises #DB
 * after the instruction. Reserved DR6/DR7 bits are fixed, not refused.
 * MOV to and from %dr in the guest kernel does the same (#GP(0) for a
 * refused value, #UD for a register that does not exist).
 * Caller: any PV domain.
 * Errors: -EPERM (DR0-DR3 in the hypervisor's range or non-canonical;
 * DR7.GD; without CR4.DE, an enabled DR7 with an I/O breakpoint, RW =
 * 10b, in any slot); -EINVAL (bits 32-63 of DR6/DR7); -ENODEV (reg not
 * 0-7; DR4/DR5 under CR4.DE). Nothing changes on error.
 * Implemented: yes (tests/debugregs)
 *
 * @op __HYPERVISOR_update_descriptor (10)
 * update_descriptor(uint64_t maddr, uint64_t desc): writes one 8-byte
 * GDT/LDT descriptor at machine address maddr after checking it is safe.
 * Caller: any PV domain, for its own descriptor pages.
 * Errors: -EINVAL (maddr misaligned or not a descriptor page of the
 * caller, unsafe descriptor); -EBUSY.
 * Implemented: yes (as set_gdt's checks)
 *
 * @op __HYPERVISOR_set_timer_op (15)
 * set_timer_op(uint64_t timeout): arms the vCPU's one-shot timer at
 * absolute system time timeout (ns); 0 cancels. Sends VIRQ_TIMER. A
 * deadline wrapped negative or more than 2^50 ns away arms 100 ms
 * instead (Xen's workaround for old Linux); one in the past fires at once.
 * Caller: any domain.
 * Errors: none.
 * Implemented: yes
 *
 * @op __HYPERVISOR_iret (23)
 * Returns from an event or exception frame: pops a struct iret_context
 * from the guest stack and resumes there, switching to user mode when
 * the frame's CS has RPL 3. Any CS and SS are taken, RPL 3 forced;
 * the CPU checks them against the guest's GDT/LDT on the way out, and a
 * frame it refuses (#GP, #NP or #SS) is delivered to the guest through
 * its trap table, as raised at the frame's RIP. Does not return.
 * Caller: any PV domain (jumped to, see xen-x86_64.h).
 * Errors: none returned; an unreadable frame crashes the domain.
 * Implemented: yes
 *
 * @op __HYPERVISOR_set_segment_base (25)
 * set_segment_base(unsigned int which, uint64_t base): SEGBASE_*.
 * Caller: any PV domain.
 * Errors: -EINVAL (unknown which, non-canonical base); -EFAULT (bad
 * selector for SEGBASE_GS_USER_SEL).
 * Implemented: yes
 *
 * @op Hypercalls kept only for their numbers
 * __HYPERVISOR_sched_op_compat (6), physdev_op_compat (19), xsm_op (27),
 * xenoprof_op (31), hvm_op (34), kexec_op (37), argo_op (39),
 * dm_op (41), hypfs_op (42), arch_0..arch_7 (48-55):
 * HCALL_ENOSYS in hypercall-list.h; guests must cope with -ENOSYS
 * (Linux does).
 * Caller: nobody.
 * Errors: -ENOSYS always.
 * Implemented: not planned
 */

#if defined(__x86_64__)
#include "xen-x86_64.h"
#elif defined(__i386__)
#include "xen-x86_32.h"
#endif

/*
 * A frame number (MFN for PV) and a register-sized unsigned integer:
 * unsigned long in Xen's spelling, which is what uint64_t is on x86-64
 * (and what the printf formats below assume).
 */
#ifndef __ASSEMBLY__
#ifdef __x86_64__
typedef uint64_t xen_pfn_t;
#else
typedef unsigned long xen_pfn_t;
#endif
#define PRI_xen_pfn  "lx"
#define PRIu_xen_pfn "lu"
#endif

/* Tells generic code that this architecture has PV start_info etc. */
#define XEN_HAVE_PV_GUEST_ENTRY 1
#define XEN_HAVE_PV_UPCALL_MASK 1

/*
 * The hypervisor owns GDT pages 14 and 15 (entries 7168..8191); a guest's
 * GDT (set_gdt) may only use the entries below.
 */
#define FIRST_RESERVED_GDT_PAGE  14
#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)

/* vcpu_info slots embedded in shared_info (more vCPUs need register_vcpu_info). */
#define XEN_LEGACY_MAX_VCPUS 32

#ifndef __ASSEMBLY__
#ifdef __x86_64__
typedef uint64_t xen_ulong_t;
#else
typedef unsigned long xen_ulong_t;
#endif
#define PRI_xen_ulong "lx"

/*
 * One entry of the virtual IDT, for __HYPERVISOR_set_trap_table and
 * vcpu_guest_context.trap_ctxt. flags bits 0-1: the DPL a software INT
 * needs to reach this vector; bit 2: deliver with events masked (like an
 * interrupt gate). A zero address marks the end of a table / no handler.
 */
#define TI_GET_DPL(_ti)       ((_ti)->flags & 3)
#define TI_GET_IF(_ti)        ((_ti)->flags & 4)
#define TI_SET_DPL(_ti, _dpl) ((_ti)->flags |= (_dpl))
#define TI_SET_IF(_ti, _if)   ((_ti)->flags |= ((!!(_if)) << 2))
struct trap_info {
	uint8_t vector;   /* IN: exception/interrupt vector */
	uint8_t flags;    /* IN: DPL in bits 0-1, mask events in bit 2 */
	uint16_t cs;      /* IN: code selector (RPL forced to 3) */
	/* 4 bytes of padding on x86-64 */
	unsigned long address; /* IN: handler entry point (guest virtual) */
};
typedef struct trap_info trap_info_t;
DEFINE_XEN_GUEST_HANDLE(trap_info_t);

typedef uint64_t tsc_timestamp_t;

/*
 * The complete state of a vCPU: argument of VCPUOP_initialise and of the
 * toolstack's set/get vCPU context domctls. Addresses are guest virtual,
 * frames are MFNs. ctrlreg[3] holds the kernel top-level page table
 * (xen_pfn_to_cr3(mfn)), ctrlreg[1] the user one.
 */
#define VGCF_I387_VALID (1 << 0)
#define VGCF_IN_KERNEL  (1 << 2)
#define _VGCF_i387_valid 0
#define VGCF_i387_valid  (1 << _VGCF_i387_valid)
#define _VGCF_in_kernel  2
#define VGCF_in_kernel   (1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events  (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events  4
#define VGCF_syscall_disables_events   (1 << _VGCF_syscall_disables_events)
#define _VGCF_online 5
#define VGCF_online  (1 << _VGCF_online)
struct vcpu_guest_context {
	struct { char x[512]; } fpu_ctxt; /* FXSAVE image, valid iff VGCF_i387_valid */
	uint64_t flags;                   /* VGCF_* */
	struct cpu_user_regs user_regs;   /* general registers */
	struct trap_info trap_ctxt[256];  /* virtual IDT */
	uint64_t ldt_base, ldt_ents;      /* LDT (virtual address, entries) */
	uint64_t gdt_frames[16], gdt_ents; /* GDT (MFNs, entries) */
	uint64_t kernel_ss, kernel_sp;    /* stack for user->kernel switches */
	uint64_t ctrlreg[8];              /* CR0..CR7 (virtual) */
	uint64_t debugreg[8];             /* DB0..DB7 (virtual) */
	uint64_t event_callback_eip;      /* CALLBACKTYPE_event */
	uint64_t failsafe_callback_eip;   /* CALLBACKTYPE_failsafe */
	uint64_t syscall_callback_eip;    /* CALLBACKTYPE_syscall */
	uint64_t vm_assist;               /* bitmap of VMASST_TYPE_* enabled */
	uint64_t fs_base;
	uint64_t gs_base_kernel;
	uint64_t gs_base_user;
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);

/*
 * Arch part of shared_info. The guest writes the P2M fields so that the
 * toolstack can find its physical-to-machine list (for save/restore and
 * dumps); the hypervisor writes nmi_reason.
 */
struct arch_shared_info {
	uint64_t max_pfn;                    /* guest: highest PFN + 1 */
	xen_pfn_t pfn_to_mfn_frame_list_list; /* guest: MFN of the P2M root */
	uint64_t nmi_reason;                 /* hypervisor: XEN_NMIREASON_* */
	uint64_t p2m_cr3;                    /* guest: 0 or cr3 of a linear P2M */
	uint64_t p2m_vaddr;                  /* guest: virtual address of linear P2M */
	uint64_t p2m_generation;             /* guest: bumped on each P2M change */
};
typedef struct arch_shared_info arch_shared_info_t;

/*
 * x86's part of XEN_DOMCTL_createdomain and getdomaininfo: which devices
 * the hypervisor emulates (a PV domain: none, or the PIT) and MSR
 * handling. Xen shows it to the hypervisor and toolstacks only
 * (__XEN__, __XEN_TOOLS__); here it is always visible, as domctl.h (which
 * guests built with this tree include) uses it.
 */
struct xen_arch_domainconfig {
#define _XEN_X86_EMU_LAPIC    0
#define XEN_X86_EMU_LAPIC     (1U << _XEN_X86_EMU_LAPIC)
#define _XEN_X86_EMU_HPET     1
#define XEN_X86_EMU_HPET      (1U << _XEN_X86_EMU_HPET)
#define _XEN_X86_EMU_PM       2
#define XEN_X86_EMU_PM        (1U << _XEN_X86_EMU_PM)
#define _XEN_X86_EMU_RTC      3
#define XEN_X86_EMU_RTC       (1U << _XEN_X86_EMU_RTC)
#define _XEN_X86_EMU_IOAPIC   4
#define XEN_X86_EMU_IOAPIC    (1U << _XEN_X86_EMU_IOAPIC)
#define _XEN_X86_EMU_PIC      5
#define XEN_X86_EMU_PIC       (1U << _XEN_X86_EMU_PIC)
#define _XEN_X86_EMU_VGA      6
#define XEN_X86_EMU_VGA       (1U << _XEN_X86_EMU_VGA)
#define _XEN_X86_EMU_IOMMU    7
#define XEN_X86_EMU_IOMMU     (1U << _XEN_X86_EMU_IOMMU)
#define _XEN_X86_EMU_PIT      8
#define XEN_X86_EMU_PIT       (1U << _XEN_X86_EMU_PIT)
#define _XEN_X86_EMU_USE_PIRQ 9
#define XEN_X86_EMU_USE_PIRQ  (1U << _XEN_X86_EMU_USE_PIRQ)
#define _XEN_X86_EMU_VPCI     10
#define XEN_X86_EMU_VPCI      (1U << _XEN_X86_EMU_VPCI)
#define XEN_X86_EMU_ALL (XEN_X86_EMU_LAPIC | XEN_X86_EMU_HPET | XEN_X86_EMU_PM |       \
			 XEN_X86_EMU_RTC | XEN_X86_EMU_IOAPIC | XEN_X86_EMU_PIC |      \
			 XEN_X86_EMU_VGA | XEN_X86_EMU_IOMMU | XEN_X86_EMU_PIT |       \
			 XEN_X86_EMU_USE_PIRQ | XEN_X86_EMU_VPCI)
	uint32_t emulation_flags;
#define XEN_X86_MSR_RELAXED (1u << 0) /* unhandled MSRs: reads 0, writes dropped, no #GP */
	uint32_t misc_flags;
};
#define XEN_X86_MISC_FLAGS_MAX XEN_X86_MSR_RELAXED /* the highest misc_flags bit */

/* A CPUID leaf and an MSR value, as exchanged with the toolstack. */
typedef struct xen_cpuid_leaf {
#define XEN_CPUID_NO_SUBLEAF 0xffffffffu
	uint32_t leaf, subleaf;
	uint32_t a, b, c, d;
} xen_cpuid_leaf_t;
DEFINE_XEN_GUEST_HANDLE(xen_cpuid_leaf_t);

typedef struct xen_msr_entry {
	uint32_t idx;
	uint32_t flags; /* must be zero */
	uint64_t val;
} xen_msr_entry_t;
DEFINE_XEN_GUEST_HANDLE(xen_msr_entry_t);

#endif /* !__ASSEMBLY__ */

/*
 * Forced emulation: a PV kernel executes CPUID preceded by this prefix
 * (ud2; 'x' 'e' 'n') to get the hypervisor's filtered CPUID view; the
 * hypervisor recognises the pattern on #UD. Assembly gets the bare
 * tokens, C a string for inline asm.
 */
#ifdef __ASSEMBLY__
#define XEN_EMULATE_PREFIX .byte 0x0f,0x0b,0x78,0x65,0x6e ;
#define XEN_CPUID          XEN_EMULATE_PREFIX cpuid
#else
#define XEN_EMULATE_PREFIX ".byte 0x0f,0x0b,0x78,0x65,0x6e ; "
#define XEN_CPUID          XEN_EMULATE_PREFIX "cpuid"
#endif

/* Port of the debug console (HVM only; kept for name compatibility). */
#define XEN_HVM_DEBUGCONS_IOPORT 0xe9

#endif /* __XEN_PUBLIC_ARCH_X86_XEN_H__ */
