/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The I/O APICs (arch/x86/io_apic.c): where the machine's GSIs are wired
 * and how each pin is programmed. irq.c drives them; nothing else does.
 */
#ifndef ASM_IO_APIC_H
#define ASM_IO_APIC_H

#include <xen/types.h>

#define MAX_IO_APICS 8

/* MADT interrupt source override flags (ACPI "MPS INTI flags"). */
#define ACPI_MADT_POLARITY_MASK 0x3
#define ACPI_MADT_POLARITY_HIGH 0x1
#define ACPI_MADT_POLARITY_LOW 0x3
#define ACPI_MADT_TRIGGER_MASK 0xc
#define ACPI_MADT_TRIGGER_EDGE 0x4
#define ACPI_MADT_TRIGGER_LEVEL 0xc

/* From the MADT (acpi.c), before io_apic_init(). */
void io_apic_found(unsigned int id, paddr_t addr, unsigned int gsi_base);
void io_apic_override(unsigned int bus_irq, unsigned int gsi, unsigned int flags);

/* Map every I/O APIC, mask every pin, and note each GSI's default trigger. */
void io_apic_init(void);

/* Does an I/O APIC pin carry @gsi? */
bool io_apic_has_gsi(unsigned int gsi);
/* The trigger mode and polarity @gsi has at boot (ISA default or MADT override). */
void io_apic_gsi_default(unsigned int gsi, bool *level, bool *active_low);
/*
 * Program @gsi's pin: @vector, fixed delivery to the CPU with APIC id
 * @dest, @level / @active_low, and masked or not.
 */
void io_apic_route(unsigned int gsi, uint8_t vector, unsigned int dest, bool level,
		   bool active_low, bool masked);
void io_apic_mask(unsigned int gsi, bool masked);
/*
 * PHYSDEVOP_apic_read: register @reg of the I/O APIC at physical address
 * @physbase. 0, or -EINVAL if no I/O APIC is there.
 */
int io_apic_guest_read(paddr_t physbase, unsigned int reg, uint32_t *val);
/* Is @pfn one of the I/O APICs' register pages? */
bool io_apic_owns_pfn(unsigned long pfn);
unsigned int io_apic_count(void);
paddr_t io_apic_addr(unsigned int idx);

#endif /* ASM_IO_APIC_H */
