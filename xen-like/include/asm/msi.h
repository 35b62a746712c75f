/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One MSI or MSI-X source of a PCI device (arch/x86/msi.c), as irq.c
 * sets it up for a PIRQ of the hardware domain.
 */
#ifndef ASM_MSI_H
#define ASM_MSI_H

#include <xen/types.h>

struct msi_source {
	uint8_t bus, devfn;           /* segment 0 */
	bool msix;                    /* an MSI-X table entry, else the MSI capability */
	bool is_64, maskbit;          /* MSI: 64-bit address; per-vector mask bits */
	unsigned int pos;             /* the capability's offset in configuration space */
	unsigned int entry_nr;        /* MSI-X: the table entry */
	uint64_t entry_pa;            /* MSI-X: the entry's machine address */
	volatile uint32_t *entry;     /* MSI-X: the entry, mapped uncached */
};

/*
 * Set @m up (bus, devfn and, for MSI-X, entry_nr filled in): find its
 * capability, mask it, and write a message for @vector on the CPU with
 * APIC id @dest. @table_base 0: the MSI capability; otherwise MSI-X, and
 * dom0's idea of the table's BAR (the hypervisor reads the BAR itself).
 * 0, or -ENODEV (no such capability), -EINVAL (no such entry), -ENXIO
 * (the table's BAR is not memory), -ENOMEM.
 */
int msi_setup(struct msi_source *m, uint64_t table_base, uint8_t vector, unsigned int dest);
void msi_mask(struct msi_source *m, bool masked);
/* Masked again, and MSI (not MSI-X, which dom0 switches) turned off. */
void msi_teardown(struct msi_source *m);

#endif /* ASM_MSI_H */
