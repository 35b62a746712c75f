// SPDX-License-Identifier: GPL-2.0-only
/*
 * The I/O APICs: the MADT names each one (its id, register page and first
 * GSI) and the ISA interrupts it reroutes (interrupt source overrides);
 * here each is mapped, every pin masked at boot, and a pin programmed
 * when irq.c starts or stops the GSI behind it.
 *
 * The one idea: a GSI's pin is always programmed whole (vector, trigger,
 * polarity, destination and mask in one go, high word first with the pin
 * masked), under one lock, so no half-written entry ever reaches the
 * chip. The pin's vector is the GSI's fixed vector (asm/irq.h); the
 * destination is the boot CPU, which takes every device interrupt.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <asm/io_apic.h>
#include <asm/mm.h>
#include <asm/page.h>

/* The index/data window of an I/O APIC's register page. */
#define IOAPIC_REGSEL 0x00
#define IOAPIC_WINDOW 0x10 /* 32-bit reads and writes at offset 0x10 */
#define IOAPIC_REG_ID 0x00
#define IOAPIC_REG_VER 0x01
#define IOAPIC_REG_RTE(pin) (0x10 + 2 * (pin))

#define RTE_MASKED (1U << 16)
#define RTE_LEVEL (1U << 15)
#define RTE_ACTIVE_LOW (1U << 13)

struct io_apic {
	unsigned int id;
	paddr_t addr;
	unsigned int gsi_base, nr_pins;
	volatile uint32_t *regs;
};

static struct io_apic io_apics[MAX_IO_APICS];
static unsigned int nr_io_apics;
static DEFINE_SPINLOCK(ioapic_lock);

/* What the MADT's overrides say of each GSI below NR_IRQS_GSI (0: no override). */
static uint8_t gsi_override_flags[NR_IRQS_GSI];
static bool gsi_overridden[NR_IRQS_GSI];

static uint32_t ioapic_read(const struct io_apic *a, unsigned int reg)
{
	a->regs[IOAPIC_REGSEL / 4] = reg;
	return a->regs[IOAPIC_WINDOW / 4];
}

static void ioapic_write(const struct io_apic *a, unsigned int reg, uint32_t val)
{
	a->regs[IOAPIC_REGSEL / 4] = reg;
	a->regs[IOAPIC_WINDOW / 4] = val;
}

/* The I/O APIC with @gsi on one of its pins, and the pin; NULL if none. */
static struct io_apic *gsi_to_pin(unsigned int gsi, unsigned int *pin)
{
	unsigned int i;

	for (i = 0; i < nr_io_apics; i++) {
		struct io_apic *a = &io_apics[i];

		if (a->regs && gsi >= a->gsi_base && gsi < a->gsi_base + a->nr_pins) {
			*pin = gsi - a->gsi_base;
			return a;
		}
	}
	return NULL;
}

void io_apic_found(unsigned int id, paddr_t addr, unsigned int gsi_base)
{
	if (nr_io_apics == MAX_IO_APICS) {
		printk(XENLOG_WARNING "IOAPIC: more than %u I/O APICs; id %u at %#lx ignored\n",
		       MAX_IO_APICS, id, (unsigned long)addr);
		return;
	}
	io_apics[nr_io_apics++] = (struct io_apic){ .id = id, .addr = addr, .gsi_base = gsi_base };
}

void io_apic_override(unsigned int bus_irq, unsigned int gsi, unsigned int flags)
{
	printk("ACPI: INT_SRC_OVR (bus 0 bus_irq %u global_irq %u%s%s)\n", bus_irq, gsi,
	       (flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_LOW    ? " low"
	       : (flags & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_HIGH ? " high"
									      : " dfl",
	       (flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL  ? " level"
	       : (flags & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_EDGE ? " edge"
									    : " dfl");
	if (gsi < NR_IRQS_GSI) {
		gsi_override_flags[gsi] = flags;
		gsi_overridden[gsi] = true;
	}
}

void io_apic_gsi_default(unsigned int gsi, bool *level, bool *active_low)
{
	unsigned int f = gsi < NR_IRQS_GSI ? gsi_override_flags[gsi] : 0;
	bool isa = gsi < 16 || (gsi < NR_IRQS_GSI && gsi_overridden[gsi]);

	/* ISA lines are edge/high, PCI lines level/low, unless an override says. */
	*level = !isa;
	*active_low = !isa;
	if ((f & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_LEVEL)
		*level = true;
	else if ((f & ACPI_MADT_TRIGGER_MASK) == ACPI_MADT_TRIGGER_EDGE)
		*level = false;
	if ((f & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_LOW)
		*active_low = true;
	else if ((f & ACPI_MADT_POLARITY_MASK) == ACPI_MADT_POLARITY_HIGH)
		*active_low = false;
}

bool io_apic_has_gsi(unsigned int gsi)
{
	unsigned int pin;

	return gsi_to_pin(gsi, &pin) != NULL;
}

void io_apic_route(unsigned int gsi, uint8_t vector, unsigned int dest, bool level,
		   bool active_low, bool masked)
{
	unsigned int pin;
	struct io_apic *a = gsi_to_pin(gsi, &pin);
	unsigned long flags;
	uint32_t lo = vector | (level ? RTE_LEVEL : 0) | (active_low ? RTE_ACTIVE_LOW : 0);

	if (!a)
		return;
	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_write(a, IOAPIC_REG_RTE(pin), RTE_MASKED | lo);
	ioapic_write(a, IOAPIC_REG_RTE(pin) + 1, dest << 24);
	ioapic_write(a, IOAPIC_REG_RTE(pin), lo | (masked ? RTE_MASKED : 0));
	spin_unlock_irqrestore(&ioapic_lock, flags);
}

void io_apic_mask(unsigned int gsi, bool masked)
{
	unsigned int pin;
	struct io_apic *a = gsi_to_pin(gsi, &pin);
	unsigned long flags;
	uint32_t lo;

	if (!a)
		return;
	spin_lock_irqsave(&ioapic_lock, flags);
	lo = ioapic_read(a, IOAPIC_REG_RTE(pin));
	ioapic_write(a, IOAPIC_REG_RTE(pin), masked ? lo | RTE_MASKED : lo & ~RTE_MASKED);
	spin_unlock_irqrestore(&ioapic_lock, flags);
}

int io_apic_guest_read(paddr_t physbase, unsigned int reg, uint32_t *val)
{
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < nr_io_apics; i++)
		if (io_apics[i].regs && io_apics[i].addr == physbase)
			break;
	if (i == nr_io_apics)
		return -EINVAL;
	spin_lock_irqsave(&ioapic_lock, flags);
	*val = ioapic_read(&io_apics[i], reg);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

bool io_apic_owns_pfn(unsigned long pfn)
{
	unsigned int i;

	for (i = 0; i < nr_io_apics; i++)
		if (PFN_DOWN(io_apics[i].addr) == pfn)
			return true;
	return false;
}

unsigned int io_apic_count(void)
{
	return nr_io_apics;
}

paddr_t io_apic_addr(unsigned int idx)
{
	return io_apics[idx].addr;
}

void io_apic_init(void)
{
	unsigned int i, pin;

	for (i = 0; i < nr_io_apics; i++) {
		struct io_apic *a = &io_apics[i];
		uint32_t ver;

		a->regs = ioremap(a->addr & PAGE_MASK, PAGE_SIZE);
		if (!a->regs) {
			printk(XENLOG_ERR "IOAPIC[%u]: cannot map %#lx\n", i, (unsigned long)a->addr);
			continue;
		}
		a->regs = (volatile uint32_t *)((uintptr_t)a->regs + (a->addr & ~PAGE_MASK));
		ver = ioapic_read(a, IOAPIC_REG_VER);
		a->nr_pins = ((ver >> 16) & 0xff) + 1;
		for (pin = 0; pin < a->nr_pins; pin++)
			ioapic_write(a, IOAPIC_REG_RTE(pin), RTE_MASKED);
		printk("IOAPIC[%u]: apic_id %u, version %u, address %#lx, GSI %u-%u\n", i, a->id,
		       ver & 0xff, (unsigned long)a->addr, a->gsi_base, a->gsi_base + a->nr_pins - 1);
		if (a->gsi_base + a->nr_pins > NR_IRQS_GSI)
			printk(XENLOG_WARNING "IOAPIC[%u]: GSIs from %u up are not routed (xen-like "
			       "handles GSIs below %u)\n", i, NR_IRQS_GSI, NR_IRQS_GSI);
	}
	if (!nr_io_apics)
		printk(XENLOG_WARNING "IOAPIC: none in the MADT: no device interrupts reach dom0\n");
}
