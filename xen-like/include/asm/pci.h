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
 * A PV guest's access to ports [@port, @port + @bytes) that fall in
 * 0xcf8-0xcff and are not passed straight to the machine: the dword
 * 0xcf8 latch (per domain) and the 0xcfc window (the hardware domain
 * only; others read all ones and write nothing), as Xen 4.17.
 */
bool pci_cfg_port(unsigned int port, unsigned int bytes);
uint32_t pci_guest_io_read(struct domain *d, unsigned int port, unsigned int bytes);
void pci_guest_io_write(struct domain *d, unsigned int port, unsigned int bytes, uint32_t data);

/* PHYSDEVOP_pci_device_add / _remove, manage_pci_*: 0, -ENODEV. */
int pci_add_device(unsigned int seg, unsigned int bus, unsigned int devfn);
int pci_remove_device(unsigned int seg, unsigned int bus, unsigned int devfn);
/* Did dom0 report this device? */
bool pci_device_known(unsigned int seg, unsigned int bus, unsigned int devfn);

#endif /* ASM_PCI_H */
