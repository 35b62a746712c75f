/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor's virtual memory layout. It lives entirely inside the
 * 16 L4 slots (256-271) that Xen's x86-64 PV ABI reserves, so every other
 * slot of every address space belongs to PV guests:
 *
 *   slot 256  0xffff800000000000  read-only M2P for guests (user, read-only, NX;
 *                                 in a guest L4 only as Xen puts it there: pv/mm.c)
 *   slot 261  0xffff828000000000  hypervisor private:
 *               0xffff82d080000000  image (text, rodata, data, bss)
 *               0xffff82d0c0000000  ioremap area (MMIO, ACPI tables)
 *   slot 262-271 0xffff830000000000 direct map of machine memory (5 TiB)
 *
 * Included from C, NASM (via asm-offsets) and the linker script.
 */
#ifndef ASM_CONFIG_H
#define ASM_CONFIG_H

#ifdef __ASSEMBLY__
#define _AC(x, y) x
#else
#define _AC(x, y) x##y
#endif

#define PAGE_SHIFT 12
#define PAGE_SIZE (_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define L4_SLOT_SHIFT 39
#define PV_RESERVED_FIRST_SLOT 256
#define PV_RESERVED_LAST_SLOT 271
#define PV_RO_M2P_SLOT 256

#ifndef HYPERVISOR_VIRT_START /* same values as include/public/arch-x86/xen-x86_64.h */
#define HYPERVISOR_VIRT_START _AC(0xffff800000000000, UL)
#define HYPERVISOR_VIRT_END _AC(0xffff880000000000, UL)
#endif

#define XEN_VIRT_START _AC(0xffff82d080000000, UL)
#define XEN_VIRT_SIZE _AC(0x40000000, UL) /* 1 GiB for the image */
#define IOREMAP_VIRT_START _AC(0xffff82d0c0000000, UL)
#define IOREMAP_VIRT_END _AC(0xffff82d100000000, UL)

#define DIRECTMAP_VIRT_START _AC(0xffff830000000000, UL)
#define DIRECTMAP_VIRT_END HYPERVISOR_VIRT_END
#define DIRECTMAP_SIZE (DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START)

/*
 * Per-CPU stack block, STACK_SIZE-aligned (16 pages):
 *   page 0-3  IST stacks for #DF, NMI, #MC, #DB (see asm/desc.h)
 *   page 4    guard page, left unmapped: an overflow of the primary stack
 *             faults, and the #PF turns into a #DF on its own IST stack
 *   page 5-15 primary stack; struct cpu_info at the very top
 */
#define STACK_ORDER 4
#define STACK_GUARD_PAGE 4
#define STACK_SIZE (PAGE_SIZE << STACK_ORDER)
#define IST_STACK_SIZE PAGE_SIZE

#define NR_CPUS 64
/* Most .percpu.data may hold (xen.lds.S checks): one page per AP copy. */
#define PERCPU_DATA_MAX 4096

#endif /* ASM_CONFIG_H */
