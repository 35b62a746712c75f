/* SPDX-License-Identifier: MIT */
/*
 * PCI passthrough frontend/backend protocol (pcifront/pciback): one
 * shared page (struct xen_pci_sharedinfo) carries a single request at a
 * time. The frontend fills op, sets _XEN_PCIF_active in flags and
 * notifies; the backend answers in place and clears the bit. AER
 * (PCIe error) requests travel the other way, flagged _XEN_PCIB_active.
 */
#ifndef __XEN_PCI_COMMON_H__
#define __XEN_PCI_COMMON_H__

#ifndef XEN_PUBLIC_NO_STDINT
#include <stdint.h>
#endif

/* Protocol revision the backend writes to xenstore ("magic"). */
#define XEN_PCI_MAGIC "7"

/* flags of struct xen_pci_sharedinfo. */
#define _XEN_PCIF_active     (0) /* frontend request outstanding */
#define XEN_PCIF_active      (1 << _XEN_PCIF_active)
#define _XEN_PCIB_AERHANDLER (1) /* frontend handles AER requests */
#define XEN_PCIB_AERHANDLER  (1 << _XEN_PCIB_AERHANDLER)
#define _XEN_PCIB_active     (2) /* backend AER request outstanding */
#define XEN_PCIB_active      (1 << _XEN_PCIB_active)

/* xen_pci_op.cmd */
#define XEN_PCI_OP_conf_read        (0)
#define XEN_PCI_OP_conf_write       (1)
#define XEN_PCI_OP_enable_msi       (2)
#define XEN_PCI_OP_disable_msi      (3)
#define XEN_PCI_OP_enable_msix      (4)
#define XEN_PCI_OP_disable_msix     (5)
#define XEN_PCI_OP_aer_detected     (6)
#define XEN_PCI_OP_aer_resume       (7)
#define XEN_PCI_OP_aer_mmio         (8)
#define XEN_PCI_OP_aer_slotreset    (9)
#define XEN_PCI_OP_enable_multi_msi (10)

/* xen_pci_op.err */
#define XEN_PCI_ERR_success         (0)
#define XEN_PCI_ERR_dev_not_found   (-1)
#define XEN_PCI_ERR_invalid_offset  (-2)
#define XEN_PCI_ERR_access_denied   (-3)
#define XEN_PCI_ERR_not_implemented (-4)
#define XEN_PCI_ERR_op_failed       (-5)

/* Most MSI-X vectors one request can carry. */
#define SH_INFO_MAX_VEC 128

struct xen_msix_entry {
	uint16_t vector;
	uint16_t entry;
};

struct xen_pci_op {
	uint32_t cmd;    /* IN: XEN_PCI_OP_* */
	int32_t err;     /* OUT: XEN_PCI_ERR_* */
	uint32_t domain; /* IN: PCI segment */
	uint32_t bus;
	uint32_t devfn;
	int32_t offset;  /* IN: config space offset */
	int32_t size;    /* IN: access size */
	uint32_t value;  /* IN (write) / OUT (read) */
	uint32_t info;   /* IN/OUT: MSI/MSI-X vector counts and the like */
	struct xen_msix_entry msix_entries[SH_INFO_MAX_VEC];
};

/* An AER request from the backend. */
struct xen_pcie_aer_op {
	uint32_t cmd;    /* IN: XEN_PCI_OP_aer_* */
	int32_t err;     /* OUT */
	uint32_t domain;
	uint32_t bus;
	uint32_t devfn;
};

struct xen_pci_sharedinfo {
	uint32_t flags; /* XEN_PCIF_* / XEN_PCIB_* */
	struct xen_pci_op op;
	struct xen_pcie_aer_op aer_op;
};

#endif /* __XEN_PCI_COMMON_H__ */
