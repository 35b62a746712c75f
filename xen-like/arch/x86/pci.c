// SPDX-License-Identifier: GPL-2.0-only
/*
 * PCI configuration space, mechanism #1 (ports 0xcf8 and 0xcfc-0xcff),
 * and the list of PCI devices the hardware domain reported.
 *
 * The one idea: the address latch at 0xcf8 is shared by everyone who
 * touches configuration space, so nobody but this file writes it. A
 * guest's dword writes to 0xcf8 go to a latch of its own (d->pci_cf8), and
 * each access to the 0xcfc window becomes one configuration cycle here,
 * latch and data together under pci_config_lock. Only the hardware domain
 * gets cycles; any other domain reads all ones, as on Xen 4.17. Byte and
 * word accesses to 0xcf8-0xcfb (0xcf9 is the reset control register) are
 * plain ports, which dom0 reaches directly, as on Xen.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <asm/bitops.h>
#include <asm/pci.h>
#include <asm/processor.h>

static DEFINE_SPINLOCK(pci_config_lock);

/* Segment 0's devices dom0 reported: one bit per bus:devfn. */
static unsigned long pci_present[256 * 256 / (8 * sizeof(unsigned long))];
static DEFINE_SPINLOCK(pci_devs_lock);

uint32_t pci_conf_read(uint32_t cf8, unsigned int offset, unsigned int bytes)
{
	unsigned long flags;
	uint32_t val;

	ASSERT(offset + bytes <= 4);
	spin_lock_irqsave(&pci_config_lock, flags);
	outl(cf8, 0xcf8);
	if (bytes == 1)
		val = inb(0xcfc + offset);
	else if (bytes == 2)
		val = inw(0xcfc + offset);
	else
		val = inl(0xcfc);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return val;
}

void pci_conf_write(uint32_t cf8, unsigned int offset, unsigned int bytes, uint32_t data)
{
	unsigned long flags;

	ASSERT(offset + bytes <= 4);
	spin_lock_irqsave(&pci_config_lock, flags);
	outl(cf8, 0xcf8);
	if (bytes == 1)
		outb(data, 0xcfc + offset);
	else if (bytes == 2)
		outw(data, 0xcfc + offset);
	else
		outl(data, 0xcfc);
	spin_unlock_irqrestore(&pci_config_lock, flags);
}

/* May @d make a configuration cycle now? (Xen's pci_cfg_ok, before MSI intercepts.) */
static bool pci_cfg_ok(const struct domain *d)
{
	return is_hardware_domain(d);
}

uint32_t pci_guest_window_read(struct domain *d, unsigned int port, unsigned int size)
{
	if (!pci_cfg_ok(d))
		return size == 4 ? ~0U : (1U << (size * 8)) - 1;
	return pci_conf_read(ACCESS_ONCE(d->pci_cf8), port & 3, size);
}

void pci_guest_window_write(struct domain *d, unsigned int port, unsigned int size, uint32_t val)
{
	if (pci_cfg_ok(d))
		pci_conf_write(ACCESS_ONCE(d->pci_cf8), port & 3, size, val);
}

int pci_add_device(unsigned int seg, unsigned int bus, unsigned int devfn)
{
	unsigned int bdf = (bus << 8) | devfn;
	unsigned long flags;
	bool added;

	if (seg || bus > 0xff || devfn > 0xff)
		return -ENODEV; /* xen-like knows segment 0 only */
	spin_lock_irqsave(&pci_devs_lock, flags);
	added = !test_and_set_bit(bdf, pci_present);
	spin_unlock_irqrestore(&pci_devs_lock, flags);
	if (added)
		printk("PCI add device %04x:%02x:%02x.%u\n", seg, bus, devfn >> 3, devfn & 7);
	return 0;
}

bool pci_device_known(unsigned int seg, unsigned int bus, unsigned int devfn)
{
	return !seg && bus <= 0xff && devfn <= 0xff && test_bit((bus << 8) | devfn, pci_present);
}

int pci_remove_device(unsigned int seg, unsigned int bus, unsigned int devfn)
{
	unsigned int bdf = (bus << 8) | devfn;
	unsigned long flags;
	bool removed;

	if (seg || bus > 0xff || devfn > 0xff)
		return -ENODEV;
	spin_lock_irqsave(&pci_devs_lock, flags);
	removed = test_and_clear_bit(bdf, pci_present);
	spin_unlock_irqrestore(&pci_devs_lock, flags);
	if (!removed)
		return -ENODEV;
	printk("PCI remove device %04x:%02x:%02x.%u\n", seg, bus, devfn >> 3, devfn & 7);
	return 0;
}
