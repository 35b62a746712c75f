/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PCI configuration space through ports 0xcf8/0xcfc (arch/x86/pci.c): the
 * hypervisor's own accesses, the hardware domain's emulated ones, and the
 * devices dom0 reported (PHYSDEVOP_pci_device_add and friends).
 */
#ifndef ASM_PCI_H
#define ASM_PCI_H

#include <xen/types.h>

struct domain;

#define PCI_CF8_ENABLED(cf8) ((cf8) & 0x80000000U)

/*
 * Configuration cycle with 0xcf8 holding @cf8, at byte @offset (0-3) of
 * the 0xcfc window, @bytes wide (1, 2 or 4, not crossing it).
 */
uint32_t pci_conf_read(uint32_t cf8, unsigned int offset, unsigned int bytes);
void pci_conf_write(uint32_t cf8, unsigned int offset, unsigned int bytes, uint32_t data);

/*
 * A PV guest's access to the 0xcfc window (@port 0xcfc-0xcff, @size not
 * crossing its end): one configuration cycle at its latch d->pci_cf8,
 * for the hardware domain only; any other reads all ones and writes
 * nothing, as on Xen 4.17. pv/emulate.c splits accesses into these.
 */
uint32_t pci_guest_window_read(struct domain *d, unsigned int port, unsigned int size);
void pci_guest_window_write(struct domain *d, unsigned int port, unsigned int size, uint32_t val);

/* PHYSDEVOP_pci_device_add / _remove, manage_pci_*: 0, -ENODEV. */
int pci_add_device(unsigned int seg, unsigned int bus, unsigned int devfn);
int pci_remove_device(unsigned int seg, unsigned int bus, unsigned int devfn);
/* Did dom0 report this device? */
bool pci_device_known(unsigned int seg, unsigned int bus, unsigned int devfn);

#endif /* ASM_PCI_H */
