// SPDX-License-Identifier: GPL-2.0-only
/*
 * Message-signalled interrupts of the hardware domain's PCI devices, as
 * Xen 4.17 sets them up for a PV dom0: dom0 asks for a PIRQ of a device's
 * MSI capability (PHYSDEVOP_map_pirq, table_base 0) or of one MSI-X table
 * entry (table_base: the table's BAR), and the hypervisor writes the
 * message itself: the boot CPU's local APIC, fixed delivery, edge, on a
 * vector of its own choosing. dom0 never sees a vector; it then sets the
 * capability's enable bit through configuration space, as Linux does.
 *
 * The one idea: an MSI source is masked (its mask bit, or its MSI-X
 * entry's vector control) from the moment it is set up until a guest
 * binds its PIRQ, and again when the last one unbinds, so a device can
 * never interrupt a vector nobody handles. Sources without a mask bit
 * cannot be stopped at the device; they are edge interrupts like the
 * others, and an unbound one is dropped at the vector.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <asm/mm.h>
#include <asm/msi.h>
#include <asm/page.h>
#include <asm/pci.h>

#define PCI_STATUS 0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CAPABILITY_LIST 0x34
#define PCI_BASE_ADDRESS_0 0x10
#define PCI_CAP_ID_MSI 0x05
#define PCI_CAP_ID_MSIX 0x11

#define MSI_FLAGS_ENABLE 0x0001
#define MSI_FLAGS_QSIZE 0x0070
#define MSI_FLAGS_64BIT 0x0080
#define MSI_FLAGS_MASKBIT 0x0100
#define MSIX_FLAGS_QSIZE 0x07ff

#define MSI_ADDR_BASE 0xfee00000U
#define MSI_DATA_LEVEL_ASSERT (1U << 14)

static uint32_t cf8_of(const struct msi_source *m, unsigned int reg)
{
	return 0x80000000U | (m->bus << 16) | (m->devfn << 8) | (reg & 0xfc);
}

static uint32_t conf_read(const struct msi_source *m, unsigned int reg, unsigned int bytes)
{
	return pci_conf_read(cf8_of(m, reg), reg & 3, bytes);
}

static void conf_write(const struct msi_source *m, unsigned int reg, unsigned int bytes,
		       uint32_t val)
{
	pci_conf_write(cf8_of(m, reg), reg & 3, bytes, val);
}

/* The offset of capability @id in the device's list, 0 if it has none (at most 48 hops). */
static unsigned int find_cap(const struct msi_source *m, unsigned int id)
{
	unsigned int pos, hops;

	if (!(conf_read(m, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = conf_read(m, PCI_CAPABILITY_LIST, 1) & ~3U;
	for (hops = 0; pos >= 0x40 && hops < 48; hops++) {
		uint32_t hdr = conf_read(m, pos, 2);

		if ((hdr & 0xff) == id)
			return pos;
		pos = (hdr >> 8) & ~3U;
	}
	return 0;
}

/* The memory BAR @bir's address (64-bit BARs whole), 0 if it is not a memory BAR. */
static uint64_t mem_bar(const struct msi_source *m, unsigned int bir)
{
	unsigned int reg = PCI_BASE_ADDRESS_0 + 4 * bir;
	uint32_t lo;

	if (bir > 5)
		return 0;
	lo = conf_read(m, reg, 4);
	if (lo & 1)
		return 0; /* an I/O BAR */
	if ((lo & 6) == 4 && bir < 5)
		return ((uint64_t)conf_read(m, reg + 4, 4) << 32) | (lo & ~0xfU);
	return lo & ~0xfU;
}

/*
 * The hypervisor's uncached mapping of the MSI-X table page at @pa: made
 * once per page and kept (the ioremap area never gives space back), so
 * that a driver reloading again and again uses no more.
 */
static void *table_map(uint64_t pa)
{
	static struct {
		uint64_t pa;
		void *va;
	} maps[64];
	static DEFINE_SPINLOCK(maps_lock);
	unsigned long flags;
	unsigned int i;
	void *va = NULL;

	spin_lock_irqsave(&maps_lock, flags);
	for (i = 0; i < ARRAY_SIZE(maps) && maps[i].va; i++)
		if (maps[i].pa == pa) {
			va = maps[i].va;
			break;
		}
	if (!va && i < ARRAY_SIZE(maps)) {
		va = ioremap(pa, PAGE_SIZE);
		if (va)
			maps[i] = (typeof(maps[0])){ .pa = pa, .va = va };
	}
	spin_unlock_irqrestore(&maps_lock, flags);
	return va;
}

static void msi_write_message(struct msi_source *m, uint8_t vector, unsigned int dest)
{
	uint32_t addr = MSI_ADDR_BASE | (dest << 12);
	uint32_t data = MSI_DATA_LEVEL_ASSERT | vector; /* fixed, edge */

	if (m->msix) {
		m->entry[0] = addr;
		m->entry[1] = 0;
		m->entry[2] = data;
		return;
	}
	conf_write(m, m->pos + 4, 4, addr);
	if (m->is_64) {
		conf_write(m, m->pos + 8, 4, 0);
		conf_write(m, m->pos + 12, 2, data);
	} else {
		conf_write(m, m->pos + 8, 2, data);
	}
}

void msi_mask(struct msi_source *m, bool masked)
{
	if (m->msix) {
		m->entry[3] = masked ? 1 : 0;
		(void)m->entry[3]; /* posted: read it back */
		return;
	}
	if (m->maskbit) {
		unsigned int mpos = m->pos + (m->is_64 ? 16 : 12);
		uint32_t bits = conf_read(m, mpos, 4);

		conf_write(m, mpos, 4, masked ? bits | 1 : bits & ~1U);
	}
}

int msi_setup(struct msi_source *m, uint64_t table_base, uint8_t vector, unsigned int dest)
{
	uint16_t control;

	if (!table_base) {
		m->msix = false;
		m->pos = find_cap(m, PCI_CAP_ID_MSI);
		if (!m->pos)
			return -ENODEV;
		control = conf_read(m, m->pos + 2, 2);
		m->is_64 = control & MSI_FLAGS_64BIT;
		m->maskbit = control & MSI_FLAGS_MASKBIT;
		/* Off while it is written, one vector, masked: dom0 turns it on. */
		conf_write(m, m->pos + 2, 2, control & ~(MSI_FLAGS_ENABLE | MSI_FLAGS_QSIZE));
		msi_mask(m, true);
		msi_write_message(m, vector, dest);
		return 0;
	} else {
		uint32_t table;
		uint64_t bar;
		void *va;

		m->msix = true;
		m->pos = find_cap(m, PCI_CAP_ID_MSIX);
		if (!m->pos)
			return -ENODEV;
		control = conf_read(m, m->pos + 2, 2);
		if (m->entry_nr > (control & MSIX_FLAGS_QSIZE))
			return -EINVAL;
		table = conf_read(m, m->pos + 4, 4);
		bar = mem_bar(m, table & 7);
		if (!bar)
			return -ENXIO;
		if (bar != table_base)
			printk(XENLOG_WARNING "PCI %02x:%02x.%u: MSI-X table BAR %#lx, dom0 said %#lx\n",
			       m->bus, m->devfn >> 3, m->devfn & 7, (unsigned long)bar,
			       (unsigned long)table_base);
		m->entry_pa = bar + (table & ~7U) + 16UL * m->entry_nr;
		va = table_map(m->entry_pa & PAGE_MASK);
		if (!va)
			return -ENOMEM;
		m->entry = (volatile uint32_t *)((uintptr_t)va + (m->entry_pa & ~PAGE_MASK));
		msi_mask(m, true);
		msi_write_message(m, vector, dest);
		return 0;
	}
}

void msi_teardown(struct msi_source *m)
{
	msi_mask(m, true);
	if (!m->msix) {
		uint16_t control = conf_read(m, m->pos + 2, 2);

		conf_write(m, m->pos + 2, 2, control & ~MSI_FLAGS_ENABLE);
	}
	/* An MSI-X table page stays mapped (table_map()). */
}
