/* SPDX-License-Identifier: MIT */
/*
 * x86-64 PV specifics: the flat segment selectors a 64-bit PV guest runs
 * with, the virtual range the hypervisor reserves in every address space,
 * where the read-only machine-to-phys table sits, the saved-register frame
 * (struct cpu_user_regs) and the per-vCPU arch block of vcpu_info.
 *
 * The one idea: a 64-bit PV guest runs both its kernel and its user space
 * at CPL 3, so kernel and user selectors are the same values; the guest's
 * "kernel mode" is a software flag kept by the hypervisor.
 *
 * Normally reached through xen.h; including it alone works too.
 */
#include "../xen.h"

#ifndef __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__
#define __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__

/*
 * Selectors of the hypervisor's reserved GDT entries. RPL 3 throughout:
 * the guest kernel is not in ring 0.
 */
#define FLAT_RING3_CS32 0xe023 /* compatibility-mode user code */
#define FLAT_RING3_CS64 0xe033 /* 64-bit code, kernel and user */
#define FLAT_RING3_DS32 0xe02b
#define FLAT_RING3_DS64 0x0000 /* null selector is fine in long mode */
#define FLAT_RING3_SS32 0xe02b
#define FLAT_RING3_SS64 0xe02b

#define FLAT_KERNEL_DS64 FLAT_RING3_DS64
#define FLAT_KERNEL_DS32 FLAT_RING3_DS32
#define FLAT_KERNEL_DS   FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64 FLAT_RING3_CS64
#define FLAT_KERNEL_CS32 FLAT_RING3_CS32
#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64 FLAT_RING3_SS64
#define FLAT_KERNEL_SS32 FLAT_RING3_SS32
#define FLAT_KERNEL_SS   FLAT_KERNEL_SS64

#define FLAT_USER_DS64 FLAT_RING3_DS64
#define FLAT_USER_DS32 FLAT_RING3_DS32
#define FLAT_USER_DS   FLAT_USER_DS64
#define FLAT_USER_CS64 FLAT_RING3_CS64
#define FLAT_USER_CS32 FLAT_RING3_CS32
#define FLAT_USER_CS   FLAT_USER_CS64
#define FLAT_USER_SS64 FLAT_RING3_SS64
#define FLAT_USER_SS32 FLAT_RING3_SS32
#define FLAT_USER_SS   FLAT_USER_SS64

/*
 * The hypervisor owns [HYPERVISOR_VIRT_START, HYPERVISOR_VIRT_END) in every
 * guest address space (L4 slots 256..271). A guest may not map anything
 * there. The first 256 GiB of it is the read-only machine-to-phys table:
 * entry i (8 bytes) holds the guest PFN of machine frame i.
 */
#define __HYPERVISOR_VIRT_START 0xFFFF800000000000
#define __HYPERVISOR_VIRT_END   0xFFFF880000000000
#define __MACH2PHYS_VIRT_START  0xFFFF800000000000
#define __MACH2PHYS_VIRT_END    0xFFFF804000000000

#ifndef HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_START xen_mk_ulong(__HYPERVISOR_VIRT_START)
#define HYPERVISOR_VIRT_END   xen_mk_ulong(__HYPERVISOR_VIRT_END)
#endif

#define MACH2PHYS_VIRT_START xen_mk_ulong(__MACH2PHYS_VIRT_START)
#define MACH2PHYS_VIRT_END   xen_mk_ulong(__MACH2PHYS_VIRT_END)
#define MACH2PHYS_NR_ENTRIES ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)
#ifndef machine_to_phys_mapping
#define machine_to_phys_mapping ((unsigned long *)HYPERVISOR_VIRT_START)
#endif

/* Selectors for __HYPERVISOR_set_segment_base (see docs/hypercalls.md). */
#define SEGBASE_FS          0 /* FS base */
#define SEGBASE_GS_USER     1 /* GS base used while in guest user mode */
#define SEGBASE_GS_KERNEL   2 /* GS base used while in guest kernel mode */
#define SEGBASE_GS_USER_SEL 3 /* load user GS selector (base from GDT/LDT) */

/*
 * Set by the hypervisor in the frame it bounces to the guest when the
 * event interrupted a SYSCALL: RCX and R11 were clobbered by the
 * instruction and must not be restored from the frame.
 */
#define _VGCF_in_syscall 8
#define VGCF_in_syscall  (1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL  VGCF_in_syscall

#ifndef __ASSEMBLY__
/*
 * Frame for __HYPERVISOR_iret, built by the guest on its stack (lowest
 * address first) before the hypercall. The hypervisor pops it and returns
 * to rip/cs/rflags/rsp/ss; rax, r11 and rcx are restored from it too.
 * flags: VGCF_in_syscall means "return as if by SYSRET": rcx/r11 are
 * not restored.
 */
struct iret_context {
	uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
};

/*
 * Saved guest registers, as the hypervisor stores them on entry and as the
 * toolstack passes them inside vcpu_guest_context. Field order is fixed by
 * the ABI. Segment selectors are 16 bits followed by explicit padding.
 */
/*
 * How a register slot is spelt depends on who is compiling. The
 * hypervisor and toolstacks get every x86 sub-register name as a union
 * member (rax/eax/ax/al/ah, r8/r8d/r8w/r8b...). GNU C guests get rax
 * and eax as aliases of the 64-bit slot (and _eax for its low half).
 * Strict ISO C gets just the 64-bit name. The layout is the same.
 */
#if defined(__XEN__) || defined(__XEN_TOOLS__)
#define __DECL_REG_LOHI(which)         \
	union {                        \
		uint64_t r##which##x;  \
		uint32_t e##which##x;  \
		uint16_t which##x;     \
		struct {               \
			uint8_t which##l; \
			uint8_t which##h; \
		};                     \
	}
#define __DECL_REG_LO8(name)    \
	union {                 \
		uint64_t r##name; \
		uint32_t e##name; \
		uint16_t name;    \
		uint8_t name##l;  \
	}
#define __DECL_REG_LO16(name)   \
	union {                 \
		uint64_t r##name; \
		uint32_t e##name; \
		uint16_t name;    \
	}
#define __DECL_REG_HI(num)        \
	union {                   \
		uint64_t r##num;    \
		uint32_t r##num##d; \
		uint16_t r##num##w; \
		uint8_t r##num##b;  \
	}
#elif defined(__GNUC__) && !defined(__STRICT_ANSI__)
#define __DECL_REG(name)                  \
	union {                           \
		uint64_t r##name, e##name; \
		uint32_t _e##name;          \
	}
#else
#define __DECL_REG(name) uint64_t r##name
#endif

#ifndef __DECL_REG_LOHI
#define __DECL_REG_LOHI(name) __DECL_REG(name##x)
#define __DECL_REG_LO8        __DECL_REG
#define __DECL_REG_LO16       __DECL_REG
#define __DECL_REG_HI(num)    uint64_t r##num
#endif

struct cpu_user_regs {
	__DECL_REG_HI(15);
	__DECL_REG_HI(14);
	__DECL_REG_HI(13);
	__DECL_REG_HI(12);
	__DECL_REG_LO8(bp);
	__DECL_REG_LOHI(b);
	__DECL_REG_HI(11);
	__DECL_REG_HI(10);
	__DECL_REG_HI(9);
	__DECL_REG_HI(8);
	__DECL_REG_LOHI(a);
	__DECL_REG_LOHI(c);
	__DECL_REG_LOHI(d);
	__DECL_REG_LO8(si);
	__DECL_REG_LO8(di);
	uint32_t error_code;   /* hypervisor private on entry */
	uint32_t entry_vector; /* hypervisor private on entry */
	__DECL_REG_LO16(ip);
	uint16_t cs, _pad0[1];
	uint8_t saved_upcall_mask; /* event mask saved with the frame */
	uint8_t _pad1[3];
	__DECL_REG_LO16(flags); /* RFLAGS.IF is virtual: see evtchn_upcall_mask */
	__DECL_REG_LO8(sp);
	uint16_t ss, _pad2[3];
	uint16_t es, _pad3[3];
	uint16_t ds, _pad4[3];
	uint16_t fs, _pad5[3];
	uint16_t gs, _pad6[3];
};
typedef struct cpu_user_regs cpu_user_regs_t;
DEFINE_XEN_GUEST_HANDLE(cpu_user_regs_t);

#undef __DECL_REG
#undef __DECL_REG_LOHI
#undef __DECL_REG_LO8
#undef __DECL_REG_LO16
#undef __DECL_REG_HI

#define xen_pfn_to_cr3(pfn) ((unsigned long)(pfn) << 12)
#define xen_cr3_to_pfn(cr3) ((unsigned long)(cr3) >> 12)

/* The architecture part of struct vcpu_info. */
struct arch_vcpu_info {
	uint64_t cr2; /* OUT: faulting address of the last #PF bounced */
	uint64_t pad;
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* A guest callback entry point: a guest virtual address. */
typedef uint64_t xen_callback_t;

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__ */
