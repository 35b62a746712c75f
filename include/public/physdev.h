/* SPDX-License-Identifier: MIT */
/*
 * physdev_op: physical devices as seen by a PV guest: I/O privilege
 * level and port bitmap, physical IRQs (PIRQs) and their EOI, and, for
 * the hardware domain, PCI device and MSI management.
 *
 * The one idea: interrupts reach a PV guest only as event channels;
 * physdev_op is how the hardware domain tells the hypervisor which
 * physical interrupt sources exist and who owns them.
 */
#ifndef __XEN_PUBLIC_PHYSDEV_H__
#define __XEN_PUBLIC_PHYSDEV_H__

#include "xen.h"

/*
 * @op __HYPERVISOR_physdev_op (33)
 * physdev_op(int cmd, GUEST_PTR(void) arg): cmd is a PHYSDEVOP_* below.
 * Caller: per cmd; most are for the hardware domain.
 * Errors: -ENOSYS (unknown cmd); -EFAULT (arg unreadable/unwritable);
 * -EPERM (caller lacks the needed privilege); per cmd below.
 * Implemented: partly: set_iopl, set_iobitmap, the PIRQ sub-ops (map/unmap for GSIs,
 * MSI and MSI-X, setup_gsi, eoi, irq_status_query, IRQ_UNMASK_NOTIFY,
 * pirq_eoi_gmfn_v1/v2), apic_read, alloc_irq_vector and the PCI device
 * reports (pci_device_add/remove, manage_pci_*); the others are -ENOSYS
 *
 * @op PHYSDEVOP_set_iopl (6)
 * Sets the calling vCPU's virtual I/O privilege level (port access and
 * CLI/STI from guest kernel mode when iopl >= 1, from user mode when 3).
 * A vCPU starts at 0; VCPUOP_initialise takes it from the context's
 * RFLAGS.IOPL (and clears those bits). There is no get_iopl.
 * IN  iopl: 0..3.
 * Caller: any PV domain (useful only with I/O ports granted).
 * Errors: -EFAULT; -EINVAL (iopl > 3).
 * Implemented: yes
 *
 * @op PHYSDEVOP_set_iobitmap (7)
 * Sets a per-vCPU I/O port bitmap (like the TSS bitmap): below the IOPL
 * an IN/OUT is allowed if the ports are below nr_ports and their bits
 * clear. The bitmap is read from guest memory at each access (from user
 * mode through the kernel's page tables); nr_ports 0 turns it off. The
 * domain still reaches only the ports it was granted.
 * IN  bitmap: guest address of the bitmap. IN nr_ports: ports it covers.
 * Caller: any PV domain.
 * Errors: -EFAULT; -EINVAL (nr_ports > 65536, or the 8 KiB at bitmap not
 * in guest space).
 * Implemented: yes
 *
 * @op PHYSDEVOP_eoi (12)
 * Signals end of interrupt for a PIRQ: a level-triggered line is
 * unmasked once every domain sharing it has EOIed. After
 * pirq_eoi_gmfn_v1 it also unmasks the PIRQ's event channel.
 * IN  irq: PIRQ number.
 * Caller: a domain owning the PIRQ.
 * Errors: -EFAULT; -EINVAL (irq out of range, or neither mapped nor bound).
 * Implemented: yes
 *
 * @op PHYSDEVOP_IRQ_UNMASK_NOTIFY (4)
 * Legacy: EOIs every delivered PIRQ of the caller whose event channel
 * is not masked.
 * Caller: any PV domain.
 * Errors: none (0).
 * Implemented: yes
 *
 * @op PHYSDEVOP_pirq_eoi_gmfn_v1 (17), PHYSDEVOP_pirq_eoi_gmfn_v2 (28)
 * Registers a page whose bits say which PIRQs need an EOI (with v1 an
 * EOI also unmasks the PIRQ's event channel). Once per domain; the page
 * stays registered until the domain is destroyed. Guests tolerate failure.
 * IN  gmfn: a frame of the caller that can take the writable type.
 * Caller: any PV domain.
 * Errors: -EFAULT; -EINVAL (not the caller's frame, or a page table or
 * descriptor frame); -EBUSY (already registered, by either version).
 * Implemented: yes
 *
 * @op PHYSDEVOP_irq_status_query (5)
 * IN  irq. OUT flags: XENIRQSTAT_*: needs_eoi always (a guest without
 * the EOI bitmap must EOI every PIRQ), shared when other domains share
 * the line.
 * Caller: any PV domain, for its own PIRQs.
 * Errors: -EFAULT; -EINVAL (irq out of range).
 * Implemented: yes
 *
 * @op PHYSDEVOP_apic_read (8), PHYSDEVOP_apic_write (9)
 * Reads/writes an IO-APIC register for the hardware domain.
 * IN  apic_physbase, reg. INOUT value.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -EINVAL (unknown IO-APIC).
 * Implemented: apic_read yes; apic_write not yet (-ENOSYS: Linux never
 * writes the IO-APIC of a PV dom0)
 *
 * @op PHYSDEVOP_alloc_irq_vector (10), PHYSDEVOP_free_irq_vector (11)
 * Legacy: vector allocation is the hypervisor's business now; the
 * vector returned equals the irq.
 * IN  irq. OUT vector.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM.
 * Implemented: alloc_irq_vector yes; free_irq_vector is -ENOSYS, as on Xen
 *
 * @op PHYSDEVOP_map_pirq (13)
 * Maps a GSI (type GSI, index = the GSI) or a device's MSI (table_base
 * 0) or MSI-X entry entry_nr (table_base = the table's BAR) (types MSI,
 * MSI_SEG with the segment in bus's top half, MULTI_MSI of one vector;
 * index -1) to a PIRQ of domid; the domain gets the IRQ. For MSI the
 * hypervisor writes the device's message itself and keeps the source
 * masked until the PIRQ is bound.
 * IN  domid, type (MAP_PIRQ_TYPE_*), index (GSI or MSI entry), bus,
 * devfn, entry_nr, table_base. INOUT pirq (-1 = choose).
 * Caller: the hardware domain (or a domain controlling domid).
 * Errors: -EFAULT; -ESRCH; -EPERM (not privileged, or the caller may not
 * use the IRQ); -EINVAL (bad type, index, or pirq); -ENOSPC (no free
 * PIRQ or MSI IRQ); -EEXIST (the IRQ maps another PIRQ; that MSI source
 * is mapped already); -ENODEV (device not reported, or without an
 * MSI/MSI-X capability); -EOPNOTSUPP (MULTI_MSI of more than one vector);
 * -EBUSY (the chosen PIRQ maps another MSI).
 * Implemented: yes
 *
 * @op PHYSDEVOP_unmap_pirq (14)
 * Unmaps a PIRQ (unbinding it first if bound: its port stays, silent);
 * the domain loses the IRQ, an MSI's source is masked and freed.
 * IN  domid, pirq.
 * Caller: as map_pirq.
 * Errors: -EFAULT; -EPERM; -ESRCH; -EINVAL (pirq out of range or not mapped).
 * Implemented: yes
 *
 * @op PHYSDEVOP_manage_pci_add (15), PHYSDEVOP_manage_pci_remove (16), PHYSDEVOP_manage_pci_add_ext (20)
 * Legacy forms of pci_device_add/remove for segment 0.
 * IN  bus, devfn (and is_extfn, is_virtfn, physfn for _ext).
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -EINVAL (_ext: is_extfn or is_virtfn > 1);
 * -ENODEV (remove: not reported).
 * Implemented: yes (segment 0)
 *
 * @op PHYSDEVOP_restore_msi (19), PHYSDEVOP_restore_msi_ext (27)
 * Reprograms a device's MSI after resume.
 * IN  bus, devfn (seg for _ext).
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -ENODEV.
 * Implemented: not yet
 *
 * @op PHYSDEVOP_setup_gsi (21)
 * Sets a GSI's trigger mode and polarity from ACPI.
 * IN  gsi, triggering, polarity.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EINVAL (gsi out of range: checked first); -EPERM;
 * -EEXIST (already set up, or the line is in use).
 * Implemented: yes
 *
 * @op PHYSDEVOP_get_free_pirq (23)
 * IN  type. OUT pirq.
 * Caller: any domain, for itself.
 * Errors: -EFAULT; -ENOSPC.
 * Implemented: not yet
 *
 * @op PHYSDEVOP_pci_mmcfg_reserved (24)
 * Tells the hypervisor an MMCONFIG region is reserved by firmware.
 * IN  address, segment, start_bus, end_bus, flags.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -EINVAL; -ENODEV.
 * Implemented: not yet
 *
 * @op PHYSDEVOP_pci_device_add (25), PHYSDEVOP_pci_device_remove (26)
 * Reports a PCI device appearing or going (add: with physfn for a
 * virtual function and optional proximity domain in optarr).
 * IN  seg, bus, devfn, flags (XEN_PCI_DEV_*), physfn, optarr.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -ENODEV (not segment 0; remove: not reported).
 * Implemented: yes (segment 0; the flags and optarr are not used)
 *
 * @op PHYSDEVOP_prepare_msix (30), PHYSDEVOP_release_msix (31)
 * IN  seg, bus, devfn.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -ENODEV; -EBUSY.
 * Implemented: not yet
 *
 * @op PHYSDEVOP_dbgp_op (29)
 * Coordinates a USB debug port with the hardware domain's USB driver.
 * IN  op (PHYSDEVOP_DBGP_RESET_*), bus (PHYSDEVOP_DBGP_BUS_*), u.pci.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -EINVAL; -ENOENT (no debug port there).
 * Implemented: not yet
 */
#define PHYSDEVOP_eoi 12
struct physdev_eoi {
	uint32_t irq; /* IN */
};
typedef struct physdev_eoi physdev_eoi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_eoi_t);

#define PHYSDEVOP_pirq_eoi_gmfn_v1 17
#define PHYSDEVOP_pirq_eoi_gmfn_v2 28
#if __XEN_INTERFACE_VERSION__ < 0x00040200
#define PHYSDEVOP_pirq_eoi_gmfn    PHYSDEVOP_pirq_eoi_gmfn_v1
#else
#define PHYSDEVOP_pirq_eoi_gmfn    PHYSDEVOP_pirq_eoi_gmfn_v2
#endif
struct physdev_pirq_eoi_gmfn {
	xen_pfn_t gmfn; /* IN */
};
typedef struct physdev_pirq_eoi_gmfn physdev_pirq_eoi_gmfn_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pirq_eoi_gmfn_t);

#define PHYSDEVOP_irq_status_query 5
struct physdev_irq_status_query {
	uint32_t irq;   /* IN */
	uint32_t flags; /* OUT: XENIRQSTAT_* */
};
typedef struct physdev_irq_status_query physdev_irq_status_query_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_status_query_t);

#define _XENIRQSTAT_needs_eoi (0)
#define XENIRQSTAT_needs_eoi  (1U << _XENIRQSTAT_needs_eoi) /* needs PHYSDEVOP_eoi */
#define _XENIRQSTAT_shared    (1)
#define XENIRQSTAT_shared     (1U << _XENIRQSTAT_shared)   /* shared with other domains */

#define PHYSDEVOP_set_iopl 6
struct physdev_set_iopl {
	uint32_t iopl; /* IN */
};
typedef struct physdev_set_iopl physdev_set_iopl_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iopl_t);

#define PHYSDEVOP_set_iobitmap 7
struct physdev_set_iobitmap {
	XEN_GUEST_HANDLE(uint8) bitmap; /* IN */
	uint32_t nr_ports;              /* IN */
};
typedef struct physdev_set_iobitmap physdev_set_iobitmap_t;
DEFINE_XEN_GUEST_HANDLE(physdev_set_iobitmap_t);

#define PHYSDEVOP_apic_read  8
#define PHYSDEVOP_apic_write 9
struct physdev_apic {
	uint64_t apic_physbase; /* IN */
	uint32_t reg;           /* IN */
	uint32_t value;         /* IN/OUT */
};
typedef struct physdev_apic physdev_apic_t;
DEFINE_XEN_GUEST_HANDLE(physdev_apic_t);

#define PHYSDEVOP_alloc_irq_vector 10
#define PHYSDEVOP_free_irq_vector  11
struct physdev_irq {
	uint32_t irq;    /* IN */
	uint32_t vector; /* OUT */
};
typedef struct physdev_irq physdev_irq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_irq_t);

#define MAP_PIRQ_TYPE_MSI       0x0
#define MAP_PIRQ_TYPE_GSI       0x1
#define MAP_PIRQ_TYPE_UNKNOWN   0x2
#define MAP_PIRQ_TYPE_MSI_SEG   0x3
#define MAP_PIRQ_TYPE_MULTI_MSI 0x4

#define PHYSDEVOP_map_pirq 13
struct physdev_map_pirq {
	domid_t domid;       /* IN */
	int32_t type;        /* IN: MAP_PIRQ_TYPE_* */
	int32_t index;       /* IN */
	int32_t pirq;        /* IN/OUT */
	int32_t bus;         /* IN (MSI_SEG: segment << 16 | bus) */
	int32_t devfn;       /* IN */
	int32_t entry_nr;    /* IN: MSI-X entry, or vector count */
	uint64_t table_base; /* IN: MSI-X table address */
};
typedef struct physdev_map_pirq physdev_map_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_map_pirq_t);

#define PHYSDEVOP_unmap_pirq 14
struct physdev_unmap_pirq {
	domid_t domid; /* IN */
	int32_t pirq;  /* IN */
};
typedef struct physdev_unmap_pirq physdev_unmap_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_unmap_pirq_t);

#define PHYSDEVOP_manage_pci_add    15
#define PHYSDEVOP_manage_pci_remove 16
struct physdev_manage_pci {
	uint8_t bus;   /* IN */
	uint8_t devfn; /* IN */
};
typedef struct physdev_manage_pci physdev_manage_pci_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_t);

#define PHYSDEVOP_restore_msi 19
struct physdev_restore_msi {
	uint8_t bus;   /* IN */
	uint8_t devfn; /* IN */
};
typedef struct physdev_restore_msi physdev_restore_msi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_restore_msi_t);

#define PHYSDEVOP_manage_pci_add_ext 20
struct physdev_manage_pci_ext {
	uint8_t bus;        /* IN */
	uint8_t devfn;      /* IN */
	uint32_t is_extfn;  /* IN */
	uint32_t is_virtfn; /* IN */
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn;           /* IN: parent of a virtual function */
};
typedef struct physdev_manage_pci_ext physdev_manage_pci_ext_t;
DEFINE_XEN_GUEST_HANDLE(physdev_manage_pci_ext_t);

/* Argument of the old physdev_op_compat hypercall (19): cmd plus union. */
struct physdev_op {
	uint32_t cmd;
	union {
		physdev_irq_status_query_t irq_status_query;
		physdev_set_iopl_t set_iopl;
		physdev_set_iobitmap_t set_iobitmap;
		physdev_apic_t apic_op;
		physdev_irq_t irq_op;
	} u;
};
typedef struct physdev_op physdev_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_op_t);

#define PHYSDEVOP_setup_gsi 21
struct physdev_setup_gsi {
	int32_t gsi;        /* IN */
	uint8_t triggering; /* IN: 0 edge, 1 level */
	uint8_t polarity;   /* IN: 0 high, 1 low */
};
typedef struct physdev_setup_gsi physdev_setup_gsi_t;
DEFINE_XEN_GUEST_HANDLE(physdev_setup_gsi_t);

#define PHYSDEVOP_get_free_pirq 23
struct physdev_get_free_pirq {
	int32_t type;  /* IN: MAP_PIRQ_TYPE_* */
	uint32_t pirq; /* OUT */
};
typedef struct physdev_get_free_pirq physdev_get_free_pirq_t;
DEFINE_XEN_GUEST_HANDLE(physdev_get_free_pirq_t);

#define XEN_PCI_MMCFG_RESERVED 0x1

#define PHYSDEVOP_pci_mmcfg_reserved 24
struct physdev_pci_mmcfg_reserved {
	uint64_t address;  /* IN */
	uint16_t segment;  /* IN */
	uint8_t start_bus; /* IN */
	uint8_t end_bus;   /* IN */
	uint32_t flags;    /* IN: XEN_PCI_MMCFG_RESERVED */
};
typedef struct physdev_pci_mmcfg_reserved physdev_pci_mmcfg_reserved_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_mmcfg_reserved_t);

#define XEN_PCI_DEV_EXTFN  0x1
#define XEN_PCI_DEV_VIRTFN 0x2
#define XEN_PCI_DEV_PXM    0x4

#define PHYSDEVOP_pci_device_add 25
struct physdev_pci_device_add {
	uint16_t seg;   /* IN */
	uint8_t bus;    /* IN */
	uint8_t devfn;  /* IN */
	uint32_t flags; /* IN: XEN_PCI_DEV_* */
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn;       /* IN */
#ifndef __cplusplus
	uint32_t optarr[]; /* IN: [0] = proximity domain with XEN_PCI_DEV_PXM */
#endif
};
typedef struct physdev_pci_device_add physdev_pci_device_add_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_add_t);

#define PHYSDEVOP_pci_device_remove 26
#define PHYSDEVOP_restore_msi_ext   27
#define PHYSDEVOP_prepare_msix      30
#define PHYSDEVOP_release_msix      31
struct physdev_pci_device {
	uint16_t seg;  /* IN */
	uint8_t bus;   /* IN */
	uint8_t devfn; /* IN */
};
typedef struct physdev_pci_device physdev_pci_device_t;
DEFINE_XEN_GUEST_HANDLE(physdev_pci_device_t);

#define PHYSDEVOP_DBGP_RESET_PREPARE 1
#define PHYSDEVOP_DBGP_RESET_DONE    2
#define PHYSDEVOP_DBGP_BUS_UNKNOWN   0
#define PHYSDEVOP_DBGP_BUS_PCI       1

#define PHYSDEVOP_dbgp_op 29
struct physdev_dbgp_op {
	uint8_t op;  /* IN */
	uint8_t bus; /* IN */
	union {
		physdev_pci_device_t pci;
	} u;         /* IN */
};
typedef struct physdev_dbgp_op physdev_dbgp_op_t;
DEFINE_XEN_GUEST_HANDLE(physdev_dbgp_op_t);

/* Old name of XENIRQSTAT_needs_eoi's operation, still used by guests. */
#define PHYSDEVOP_IRQ_UNMASK_NOTIFY 4

#if __XEN_INTERFACE_VERSION__ < 0x00040600
/* Upper-case names of the interfaces before 4.6. */
#define PHYSDEVOP_IRQ_STATUS_QUERY        PHYSDEVOP_irq_status_query
#define PHYSDEVOP_SET_IOPL                PHYSDEVOP_set_iopl
#define PHYSDEVOP_SET_IOBITMAP            PHYSDEVOP_set_iobitmap
#define PHYSDEVOP_APIC_READ               PHYSDEVOP_apic_read
#define PHYSDEVOP_APIC_WRITE              PHYSDEVOP_apic_write
#define PHYSDEVOP_ASSIGN_VECTOR           PHYSDEVOP_alloc_irq_vector
#define PHYSDEVOP_FREE_VECTOR             PHYSDEVOP_free_irq_vector
#define PHYSDEVOP_IRQ_NEEDS_UNMASK_NOTIFY XENIRQSTAT_needs_eoi
#define PHYSDEVOP_IRQ_SHARED              XENIRQSTAT_shared
#endif

#endif /* __XEN_PUBLIC_PHYSDEV_H__ */
