/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Segment selectors and descriptor tables. As in Xen, the hypervisor's
 * GDT entries live in the last pages of a 64 KiB GDT, from entry
 * FIRST_RESERVED_GDT_ENTRY on, leaving the first 14 pages for a PV
 * guest's own GDT frames. The ring-3 flat selectors guests use
 * (0xe02b, 0xe033) are fixed by the PV ABI; STAR relies on their order.
 */
#ifndef ASM_DESC_H
#define ASM_DESC_H

#define FIRST_RESERVED_GDT_PAGE 14
#define FIRST_RESERVED_GDT_BYTE (FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)
#define GDT_ENTRIES 8192

#define __HYPERVISOR_CS 0xe008  /* ring 0, 64-bit code */
#define __HYPERVISOR_DS 0xe010  /* ring 0, data */
#define __HYPERVISOR_DS32 0xe018
#define FLAT_RING3_CS32 0xe023  /* ring 3, 32-bit code */
#define FLAT_RING3_DS 0xe02b    /* ring 3, data */
#define FLAT_RING3_CS64 0xe033  /* ring 3, 64-bit code */
#define __HYPERVISOR_CS32 0xe038
#define TSS_SELECTOR 0xe040     /* 16-byte system descriptor */
#define LDT_SELECTOR 0xe050     /* 16-byte system descriptor */

#define LDT_MAX_ENTRIES 8192
#define LDT_MAX_PAGES 16

/* Interrupt stack table slots in the TSS (1-based, as the IDT encodes them). */
#define IST_DF 1
#define IST_NMI 2
#define IST_MCE 3
#define IST_DB 4 /* a guest can make #DB arrive with its own RSP in ring 0 (XSA-260) */
#define NR_IST 4

#ifndef __ASSEMBLY__
#include <xen/types.h>

struct __attribute__((packed)) tss64 {
	uint32_t reserved0;
	uint64_t rsp0, rsp1, rsp2;
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
};

/* Allocate secondary CPU @cpu's GDT and TSS (on the boot CPU); 0 or -ENOMEM. */
int desc_alloc_cpu(unsigned int cpu);
/* Fill and load this CPU's GDT/TSS (IST stacks in @stack) and the IDT. */
void desc_init_cpu(unsigned int cpu, char *stack);
void idt_init(void);
/* For the idt selftest: a gate's IST slot, and this CPU's IST stack tops. */
unsigned int idt_gate_ist(unsigned int vec);
unsigned long tss_ist_top(unsigned int ist);
/* Put a guest's GDT frames in this CPU's GDT (nr <= FIRST_RESERVED_GDT_PAGE). */
int desc_map_guest_gdt(const uint64_t *frames, unsigned int nr);
/* Map a guest's LDT frames (@ents descriptors) and load it; NULL unloads. */
void desc_load_ldt(const uint64_t *frames, unsigned int ents);
#endif

#endif /* ASM_DESC_H */
