/* SPDX-License-Identifier: GPL-2.0-only */
/* x86-64 page-table entries and address conversions. */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <asm/config.h>
#include <xen/types.h>

#define _PAGE_PRESENT (1UL << 0)
#define _PAGE_RW (1UL << 1)
#define _PAGE_USER (1UL << 2)
#define _PAGE_PWT (1UL << 3)
#define _PAGE_PCD (1UL << 4)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY (1UL << 6)
#define _PAGE_PSE (1UL << 7)
#define _PAGE_GLOBAL (1UL << 8)
#define _PAGE_NX (1UL << 63)
#define PADDR_MASK 0x000ffffffffff000UL

#define L1_PAGETABLE_SHIFT 12
#define L2_PAGETABLE_SHIFT 21
#define L3_PAGETABLE_SHIFT 30
#define L4_PAGETABLE_SHIFT 39
#define PAGETABLE_ENTRIES 512
#define L2_PAGE_SIZE (1UL << L2_PAGETABLE_SHIFT)
#define L3_PAGE_SIZE (1UL << L3_PAGETABLE_SHIFT)

#define l1_table_offset(va) (((va) >> L1_PAGETABLE_SHIFT) & 511)
#define l2_table_offset(va) (((va) >> L2_PAGETABLE_SHIFT) & 511)
#define l3_table_offset(va) (((va) >> L3_PAGETABLE_SHIFT) & 511)
#define l4_table_offset(va) (((va) >> L4_PAGETABLE_SHIFT) & 511)

/* Flags for hypervisor mappings (NX is dropped by mm.c if the CPU lacks it). */
#define PAGE_HYPERVISOR_RW (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_HYPERVISOR_RO (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_HYPERVISOR_RX (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)
#define PAGE_HYPERVISOR_UC (PAGE_HYPERVISOR_RW | _PAGE_PCD | _PAGE_PWT)

#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)

/* A 48-bit canonical virtual address (bits 63-47 all equal)? */
static inline bool is_canonical(uint64_t va)
{
	return ((int64_t)va >> 47) == 0 || ((int64_t)va >> 47) == -1;
}
#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)

#ifndef __UNIT_TEST__
/* Direct map: every machine address below the mapped limit is visible here. */
static inline void *maddr_to_virt(paddr_t ma)
{
	return (void *)(DIRECTMAP_VIRT_START + ma);
}

static inline paddr_t virt_to_maddr(const void *va)
{
	unsigned long v = (unsigned long)va;

	if (v >= XEN_VIRT_START && v < XEN_VIRT_START + XEN_VIRT_SIZE)
		return v - XEN_VIRT_START + LOAD_PHYS;
	return v - DIRECTMAP_VIRT_START;
}

#define __va(ma) maddr_to_virt(ma)
#define __pa(va) virt_to_maddr(va)
#define mfn_to_virt(mfn) maddr_to_virt((paddr_t)(mfn) << PAGE_SHIFT)
#define virt_to_mfn(va) (virt_to_maddr(va) >> PAGE_SHIFT)
#endif

#endif /* ASM_PAGE_H */
