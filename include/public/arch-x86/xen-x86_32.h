/* SPDX-License-Identifier: MIT */
/*
 * 32-bit x86 PV specifics (PAE guests, the "compat" ABI): selectors,
 * the hypervisor's reserved virtual range, the saved-register frame and
 * the arch blocks of vcpu_info. xen-like runs 64-bit PV guests only;
 * this header gives 32-bit guest and toolstack code Xen's names.
 *
 * The one idea: a 32-bit PV kernel runs in ring 1 and its user space in
 * ring 3, so unlike x86-64 the kernel and user selectors differ, and
 * the hypervisor sits in the top 168 MiB of every address space.
 *
 * Reached through arch-x86/xen.h when compiling for i386; compiled for
 * another machine it provides only the constants.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_XEN_X86_32_H__
#define __XEN_PUBLIC_ARCH_X86_XEN_X86_32_H__

#if defined(__i386__)
#include "../xen.h"
#endif

/* Selectors of the hypervisor's reserved GDT entries. */
#define FLAT_RING1_CS 0xe019 /* kernel code, ring 1 */
#define FLAT_RING1_DS 0xe021
#define FLAT_RING1_SS 0xe021
#define FLAT_RING3_CS 0xe02b /* user code, ring 3 */
#define FLAT_RING3_DS 0xe033
#define FLAT_RING3_SS 0xe033

#define FLAT_KERNEL_CS FLAT_RING1_CS
#define FLAT_KERNEL_DS FLAT_RING1_DS
#define FLAT_KERNEL_SS FLAT_RING1_SS
#define FLAT_USER_CS   FLAT_RING3_CS
#define FLAT_USER_DS   FLAT_RING3_DS
#define FLAT_USER_SS   FLAT_RING3_SS

/* The hypervisor's range with PAE paging (the only one left)... */
#define __HYPERVISOR_VIRT_START_PAE 0xF5800000
#define __MACH2PHYS_VIRT_START_PAE  0xF5800000
#define __MACH2PHYS_VIRT_END_PAE    0xF6800000
#define HYPERVISOR_VIRT_START_PAE   xen_mk_ulong(__HYPERVISOR_VIRT_START_PAE)
#define MACH2PHYS_VIRT_START_PAE    xen_mk_ulong(__MACH2PHYS_VIRT_START_PAE)
#define MACH2PHYS_VIRT_END_PAE      xen_mk_ulong(__MACH2PHYS_VIRT_END_PAE)

/* ... and without PAE, for old guests. */
#define __HYPERVISOR_VIRT_START_NONPAE 0xFC000000
#define __MACH2PHYS_VIRT_START_NONPAE  0xFC000000
#define __MACH2PHYS_VIRT_END_NONPAE    0xFC400000
#define HYPERVISOR_VIRT_START_NONPAE \
	xen_mk_ulong(__HYPERVISOR_VIRT_START_NONPAE)
#define MACH2PHYS_VIRT_START_NONPAE \
	xen_mk_ulong(__MACH2PHYS_VIRT_START_NONPAE)
#define MACH2PHYS_VIRT_END_NONPAE \
	xen_mk_ulong(__MACH2PHYS_VIRT_END_NONPAE)

#define __HYPERVISOR_VIRT_START __HYPERVISOR_VIRT_START_PAE
#define __MACH2PHYS_VIRT_START  __MACH2PHYS_VIRT_START_PAE
#define __MACH2PHYS_VIRT_END    __MACH2PHYS_VIRT_END_PAE

#ifndef HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_START xen_mk_ulong(__HYPERVISOR_VIRT_START)
#endif

/* The read-only machine-to-phys table: 4-byte entries. */
#define MACH2PHYS_VIRT_START xen_mk_ulong(__MACH2PHYS_VIRT_START)
#define MACH2PHYS_VIRT_END   xen_mk_ulong(__MACH2PHYS_VIRT_END)
#define MACH2PHYS_NR_ENTRIES ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 2)
#ifndef machine_to_phys_mapping
#define machine_to_phys_mapping ((unsigned long *)MACH2PHYS_VIRT_START)
#endif

#if defined(__i386__)

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/*
 * The hypervisor and toolstacks also need handles laid out as on
 * x86-64 (8 bytes, 8-aligned), for the structures both ABIs share:
 * XEN_GUEST_HANDLE_64 and the 8-aligned 64-bit integers.
 */
#undef ___DEFINE_XEN_GUEST_HANDLE
#define ___DEFINE_XEN_GUEST_HANDLE(name, type)                      \
	typedef struct { type *p; } __guest_handle_##name;          \
	typedef struct {                                            \
		union {                                             \
			type *p;                                    \
			uint64_aligned_t q;                         \
		};                                                  \
	} __guest_handle_64_##name
#undef set_xen_guest_handle_raw
#define set_xen_guest_handle_raw(hnd, val)                  \
	do {                                                \
		if (sizeof(hnd) == 8)                       \
			*(uint64_t *)&(hnd) = 0;            \
		(hnd).p = val;                              \
	} while (0)
#define int64_aligned_t  int64_t __attribute__((aligned(8)))
#define uint64_aligned_t uint64_t __attribute__((aligned(8)))
#define __XEN_GUEST_HANDLE_64(name) __guest_handle_64_##name
#define XEN_GUEST_HANDLE_64(name)   __XEN_GUEST_HANDLE_64(name)
#endif

#ifndef __ASSEMBLY__
/* Register slots: the 8/16-bit names as union members for hypervisor and tools. */
#if defined(__XEN__) || defined(__XEN_TOOLS__)
#define __DECL_REG_LO8(which)          \
	union {                        \
		uint32_t e##which##x;  \
		uint16_t which##x;     \
		struct {               \
			uint8_t which##l; \
			uint8_t which##h; \
		};                     \
	}
#define __DECL_REG_LO16(name)            \
	union {                          \
		uint32_t e##name, _e##name; \
		uint16_t name;           \
	}
#else
#define __DECL_REG_LO8(which) uint32_t e##which##x
#define __DECL_REG_LO16(name) uint32_t e##name
#endif

struct cpu_user_regs {
	__DECL_REG_LO8(b);
	__DECL_REG_LO8(c);
	__DECL_REG_LO8(d);
	__DECL_REG_LO16(si);
	__DECL_REG_LO16(di);
	__DECL_REG_LO16(bp);
	__DECL_REG_LO8(a);
	uint16_t error_code;   /* hypervisor private on entry */
	uint16_t entry_vector; /* hypervisor private on entry */
	__DECL_REG_LO16(ip);
	uint16_t cs;
	uint8_t saved_upcall_mask;
	uint8_t _pad0;
	__DECL_REG_LO16(flags);
	__DECL_REG_LO16(sp);
	uint16_t ss, _pad1;
	uint16_t es, _pad2;
	uint16_t ds, _pad3;
	uint16_t fs, _pad4;
	uint16_t gs, _pad5;
};
typedef struct cpu_user_regs cpu_user_regs_t;
DEFINE_XEN_GUEST_HANDLE(cpu_user_regs_t);

#undef __DECL_REG_LO8
#undef __DECL_REG_LO16

/* PAE CR3 holds a frame number rotated so that bits 32+ fit in 0-11. */
#define xen_pfn_to_cr3(pfn) (((unsigned)(pfn) << 12) | ((unsigned)(pfn) >> 20))
#define xen_cr3_to_pfn(cr3) (((unsigned)(cr3) >> 12) | ((unsigned)(cr3) << 20))

struct arch_vcpu_info {
	unsigned long cr2; /* OUT: faulting address of the last #PF bounced */
	unsigned long pad[5];
};
typedef struct arch_vcpu_info arch_vcpu_info_t;

/* A callback is a selector and an address. */
struct xen_callback {
	unsigned long cs;
	unsigned long eip;
};
typedef struct xen_callback xen_callback_t;
#endif /* !__ASSEMBLY__ */

#endif /* __i386__ */

#endif /* __XEN_PUBLIC_ARCH_X86_XEN_X86_32_H__ */
