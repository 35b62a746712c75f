/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PV MMU's internal interface: the validated page-table model
 * (pv/mm.c) used by the MMU hypercalls (pv/mmu.c), writable page-table
 * emulation (pv/ro-page-fault.c) and the domain builder.
 */
#ifndef PV_MM_H
#define PV_MM_H

#include <asm/mm.h>
#include <xen/mm.h>
#include <xen/types.h>

struct domain;

/* Count flag of an mmu_update/mmuext_op continuation (Xen's value). */
#define MMU_UPDATE_PREEMPTED (~(~0U >> 1))

/* Guest-visible software bit Xen sets in kernel-only L1 entries. */
#define _PAGE_GUEST_KERNEL (1UL << 52)
#define _PAGE_AVAIL (7UL << 9)
#define _PAGE_AVAIL_HIGH (0x7ffUL << 52)
#define _PAGE_PAT _PAGE_PSE /* in an L1 entry */
#define PAGE_CACHE_ATTRS (_PAGE_PWT | _PAGE_PCD | _PAGE_PAT)

static inline mfn_t pte_mfn(uint64_t e)
{
	return (e & PADDR_MASK) >> PAGE_SHIFT;
}

/*
 * Change one entry of a validated page table of @level (1-4) at @pte,
 * inside table frame @table, to @val: the new entry's references are
 * taken (data frames owned by @pg_owner for an L1) before the old one's
 * are dropped. @preserve_ad ORs in the A/D bits the entry already has.
 * 0 or -EINVAL/-EBUSY/-EPERM/-EACCES; on error nothing changed.
 */
int mod_pt_entry(unsigned int level, uint64_t *pte, uint64_t val, mfn_t table,
		 struct domain *pt_owner, struct domain *pg_owner, bool preserve_ad);

/* The level (1-4) of page-table type @type, 0 if it is not one. */
static inline unsigned int pt_level(uint64_t type)
{
	return PGT_is_pagetable(type) ? (unsigned int)(type >> 61) : 0;
}

/*
 * Drop the references L1 entry @e holds (none if it is not present or
 * maps I/O space): a general one, plus the writable type if it is RW.
 * Grant PTEs hold exactly these too (common/grant_table.c).
 */
void put_page_from_l1e(uint64_t e);

struct vcpu;

/*
 * The L1 entry that maps @va in @v's current page tables (kernel or user
 * L4 by its mode), and the L1 table's frame in *@l1mfn; NULL if there is
 * none (no L1 table there, a superpage, or the hypervisor's range).
 */
uint64_t *pv_guest_l1e(const struct vcpu *v, uint64_t va, mfn_t *l1mfn);
/*
 * Is @mfn I/O memory a guest may map only read-only (Xen's mmio_ro_ranges:
 * the I/O APICs' pages)? A writable mapping asked for is made read-only,
 * and a write through it is dropped (pv/ro-page-fault.c).
 */
bool pv_mmio_ro(mfn_t mfn);

/*
 * Validated L4 @mfn of @d becomes a kernel (@kernel) or user base
 * pointer: slot 256, the read-only M2P, filled or zapped as Xen does.
 */
void pv_l4_base_m2p(const struct domain *d, mfn_t mfn, bool kernel);

/* MMUEXT_SET_LDT (pv/descriptor.c). */
int pv_set_ldt(struct vcpu *v, uint64_t base, unsigned int ents);

/* Descriptor-page validation (pv/descriptor.c): 0 or -EINVAL. */
int pv_validate_desc_page(mfn_t mfn);

#endif /* PV_MM_H */
