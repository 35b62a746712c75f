// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device interrupts as PIRQs and the device sub-ops of physdev_op, with
 * Xen 4.17's exact answers to a PV dom0 on QEMU's i440FX (one I/O APIC
 * at 0xfec00000, GSIs 0-23; the MADT makes 5, 9, 10 and 11 level, the
 * other ISA lines edge). Nothing drives the lines used (5, 6, 7, 10, 11)
 * and no interrupt is expected. dom0, with its own image as module 2
 * (tests/pv-builder.list):
 * - map_pirq of a GSI: to the PIRQ asked (again: 0, idempotent), to
 *   another while mapped -EEXIST, with pirq -1 the PIRQ that maps it or
 *   else the first free one from 16; GSI -1, 24, 1000, a PIRQ beyond
 *   nr_pirqs and type 99 -EINVAL; GSI 0 (the timer's IRQ, which dom0 has
 *   no right to) -EPERM; a domain that does not exist -ESRCH; an
 *   unreadable argument -EFAULT;
 * - bind_pirq gives a port EVTCHNSTAT_pirq reports with its PIRQ (vCPU
 *   0); again -EEXIST, an unmapped PIRQ -EPERM, beyond nr_pirqs -EINVAL;
 *   bind_vcpu to vCPU 0 and close are 0;
 * - irq_status_query says needs_eoi for any PIRQ below nr_pirqs, mapped
 *   or not (-EINVAL above); eoi of a mapped PIRQ is 0, of one never
 *   mapped or beyond nr_pirqs -EINVAL;
 * - setup_gsi: GSI 24 or -1 -EINVAL; a pin once (a second time -EEXIST);
 * - apic_read of the version register gives 23 redirection entries, at
 *   any other base -EINVAL; alloc_irq_vector returns the IRQ as vector;
 * - unmap_pirq: 0, then -EINVAL; it takes away the IRQ right as well,
 *   dom0's own (mapping the GSI again is -EPERM). A bound PIRQ is
 *   unbound by force (0): its port stays a PIRQ port, eoi is 0, bind
 *   -EPERM, and until the port is closed the GSI stays claimed (map to
 *   any PIRQ -EEXIST, to "any" -EBUSY);
 * - the PCI device list: adding 00:1f.7 (absent) is 0, twice too;
 *   removing it 0, then -ENODEV;
 * - the EOI bitmap (pirq_eoi_gmfn_v2): a bound PIRQ's bit is set for a
 *   level line (10; 7 after setup_gsi level) and clear for an edge one (6);
 * - 0xcf8/0xcfc: the latch reads back, 00:00.0 reads 0x12378086 (the
 *   i440FX), a byte written to 0xcfb is not the latch;
 * - the I/O APIC's page maps read-only (asked writable too: RW dropped,
 *   PCD|PWT added) and a write through it is dropped without a fault;
 *   the local APIC's page and the rest of the MSI range
 *   (0xfee00000-0xfeefffff) are -EPERM.
 * d1 (unprivileged): map_pirq and unmap_pirq -EPERM (-ESRCH for a domain
 * that does not exist, looked up first), setup_gsi -EPERM (a GSI out of
 * range -EINVAL first), apic_read, alloc_irq_vector and the PCI sub-ops
 * -EPERM, bind_pirq of a PIRQ never granted -EPERM, eoi of it -EINVAL;
 * with IOPL 1, 0xcfc, a port it was not granted (0x80) and the RTC's data
 * read all ones, the RTC's index port is a latch of its own,
 * and 0xcf8 its own latch; the I/O APIC's and local APIC's pages and
 * device memory it was not granted (the VGA window, the PCI hole) do not
 * map (-EPERM). d1 powers off if
 * all held, crashes otherwise; dom0 checks which.
 */
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/physdev.h>
#include <guest/builder.h>
#include <guest/control.h>
#include <guest/event.h>
#include <guest/io.h>
#include <mm.h>
#include <multidom.h>

const char test_title[] = "PIRQs and device physdev_ops (map/bind/EOI/setup_gsi/apic_read/PCI)";

#define PEER 1
#define PEER_MIB 16
#define NO_SUCH_DOM 0x7000
#define BAD_VA 0x40000000UL /* unmapped */
#define HUGE_PIRQ 0x100000U /* beyond any domain's nr_pirqs */
#define IOAPIC_BASE 0xfec00000UL
#define IOAPIC_MFN 0xfec00UL
#define LAPIC_MFN 0xfee00UL
#define MMIO_SLOT 3 /* window page used for the MMIO mapping attempts */

static uint8_t eoi_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* --- Hypercall wrappers --- */

static long map_pirq(domid_t dom, int type, int index, int *pirq)
{
	struct physdev_map_pirq map = {.domid = dom, .type = type, .index = index, .pirq = *pirq};
	long rc = HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &map);

	*pirq = map.pirq;
	return rc;
}

static long map_gsi(int index, int pirq_in, int *pirq_out)
{
	int pirq = pirq_in;
	long rc = map_pirq(DOMID_SELF, MAP_PIRQ_TYPE_GSI, index, &pirq);

	if (pirq_out)
		*pirq_out = pirq;
	return rc;
}

static long unmap_pirq(domid_t dom, int pirq)
{
	struct physdev_unmap_pirq op = {.domid = dom, .pirq = pirq};

	return HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &op);
}

static long bind_pirq(uint32_t pirq, uint32_t flags, evtchn_port_t *port)
{
	struct evtchn_bind_pirq op = {.pirq = pirq, .flags = flags};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &op);

	if (port)
		*port = rc ? 0 : op.port;
	return rc;
}

static long status_query(uint32_t irq, uint32_t *flags)
{
	struct physdev_irq_status_query op = {.irq = irq, .flags = 0xdead};
	long rc = HYPERVISOR_physdev_op(PHYSDEVOP_irq_status_query, &op);

	*flags = op.flags;
	return rc;
}

static long eoi(uint32_t irq)
{
	struct physdev_eoi op = {.irq = irq};

	return HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &op);
}

static long setup_gsi(int gsi, uint8_t level, uint8_t low)
{
	struct physdev_setup_gsi op = {.gsi = gsi, .triggering = level, .polarity = low};

	return HYPERVISOR_physdev_op(PHYSDEVOP_setup_gsi, &op);
}

static long apic_read(uint64_t base, uint32_t reg, uint32_t *val)
{
	struct physdev_apic op = {.apic_physbase = base, .reg = reg, .value = 0xdeadbeef};
	long rc = HYPERVISOR_physdev_op(PHYSDEVOP_apic_read, &op);

	*val = op.value;
	return rc;
}

static long alloc_irq_vector(uint32_t irq, uint32_t *vector)
{
	struct physdev_irq op = {.irq = irq, .vector = 0xdead};
	long rc = HYPERVISOR_physdev_op(PHYSDEVOP_alloc_irq_vector, &op);

	*vector = op.vector;
	return rc;
}

static long pci_device_add(uint8_t bus, uint8_t devfn)
{
	struct physdev_pci_device_add op = {.bus = bus, .devfn = devfn};

	return HYPERVISOR_physdev_op(PHYSDEVOP_pci_device_add, &op);
}

static long pci_device_remove(uint8_t bus, uint8_t devfn)
{
	struct physdev_pci_device op = {.bus = bus, .devfn = devfn};

	return HYPERVISOR_physdev_op(PHYSDEVOP_pci_device_remove, &op);
}

static long manage_pci(int cmd, uint8_t bus, uint8_t devfn)
{
	struct physdev_manage_pci op = {.bus = bus, .devfn = devfn};

	return HYPERVISOR_physdev_op(cmd, &op);
}

static long set_iopl(uint32_t iopl)
{
	struct physdev_set_iopl op = {.iopl = iopl};

	return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &op);
}

static bool eoi_bit(unsigned int pirq)
{
	return (((volatile uint8_t *)eoi_page)[pirq / 8] >> (pirq % 8)) & 1;
}

/* --- dom0 --- */

/* GSI 5 (level in the MADT) as PIRQ 5; GSI 7 (edge) as the first free PIRQ, 16. */
static void check_map_pirq(void)
{
	int pirq;

	check_long("map_pirq GSI 5 to pirq 5", 0, map_gsi(5, 5, &pirq));
	check_long("map_pirq GSI 5 to pirq 5: pirq", 5, pirq);
	check_long("map_pirq GSI 5 to pirq 5 again", 0, map_gsi(5, 5, &pirq));
	check_long("map_pirq GSI 5 to pirq 5 again: pirq", 5, pirq);
	check_long("map_pirq GSI 5 to pirq 6 (5 maps it)", -XEN_EEXIST, map_gsi(5, 6, &pirq));
	check_long("map_pirq GSI 5, pirq -1 (mapped already)", 0, map_gsi(5, -1, &pirq));
	check_long("map_pirq GSI 5, pirq -1: the PIRQ that maps it", 5, pirq);
	check_long("map_pirq GSI 7, pirq -1", 0, map_gsi(7, -1, &pirq));
	check_long("map_pirq GSI 7, pirq -1: the first free PIRQ from 16", 16, pirq);
	check_long("map_pirq GSI -1", -XEN_EINVAL, map_gsi(-1, 8, NULL));
	check_long("map_pirq GSI 24", -XEN_EINVAL, map_gsi(24, 8, NULL));
	check_long("map_pirq GSI 1000", -XEN_EINVAL, map_gsi(1000, 8, NULL));
	check_long("map_pirq GSI 0 (the timer's, not dom0's)", -XEN_EPERM, map_gsi(0, 0, NULL));
	check_long("map_pirq GSI 0, pirq -1", -XEN_EPERM, map_gsi(0, -1, NULL));
	check_long("map_pirq GSI 10 to pirq 0x100000", -XEN_EINVAL, map_gsi(10, HUGE_PIRQ, NULL));
	pirq = 8;
	check_long("map_pirq type 99", -XEN_EINVAL, map_pirq(DOMID_SELF, 99, 8, &pirq));
	pirq = 8;
	check_long("map_pirq of a domain that does not exist", -XEN_ESRCH,
		   map_pirq(NO_SUCH_DOM, MAP_PIRQ_TYPE_GSI, 8, &pirq));
	check_long("map_pirq, unreadable argument", -XEN_EFAULT,
		   HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, (void *)BAD_VA));
}

static void check_bind(void)
{
	struct evtchn_status st = {0};
	evtchn_port_t port, port2;
	uint32_t flags;

	if (!check_long("bind_pirq 5", 0, bind_pirq(5, 0, &port)))
		return;
	check_long("evtchn_status of the PIRQ port", 0, evtchn_status(DOMID_SELF, port, &st));
	check_long("evtchn_status: status", EVTCHNSTAT_pirq, st.status);
	check_long("evtchn_status: u.pirq", 5, st.u.pirq);
	check_long("evtchn_status: vcpu", 0, st.vcpu);
	check_long("bind_pirq 5 again", -XEN_EEXIST, bind_pirq(5, 0, &port2));
	check_long("bind_pirq of an unmapped PIRQ (9)", -XEN_EPERM, bind_pirq(9, 0, &port2));
	check_long("bind_pirq of PIRQ 0x100000", -XEN_EINVAL, bind_pirq(HUGE_PIRQ, 0, &port2));
	check_long("bind_pirq, unreadable argument", -XEN_EFAULT,
		   HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, (void *)BAD_VA));
	check_long("bind_vcpu of the PIRQ port to vCPU 0", 0, evtchn_bind_vcpu(port, 0));
	check_long("EOI bitmap bit of PIRQ 5 (GSI 5, level)", 1, eoi_bit(5));
	check_long("irq_status_query 5 (bound)", 0, status_query(5, &flags));
	check_long("irq_status_query 5 (bound): flags", XENIRQSTAT_needs_eoi, flags);
	check_long("eoi 5 (bound)", 0, eoi(5));
	check_long("close the PIRQ port", 0, evtchn_close(port));
}

static void check_status_eoi(void)
{
	uint32_t flags;

	check_long("irq_status_query 5 (mapped)", 0, status_query(5, &flags));
	check_long("irq_status_query 5 (mapped): flags", XENIRQSTAT_needs_eoi, flags);
	check_long("irq_status_query 50 (never mapped)", 0, status_query(50, &flags));
	check_long("irq_status_query 50 (never mapped): flags", XENIRQSTAT_needs_eoi, flags);
	check_long("irq_status_query 0x100000", -XEN_EINVAL, status_query(HUGE_PIRQ, &flags));
	check_long("eoi 5 (mapped)", 0, eoi(5));
	check_long("eoi 50 (never mapped)", -XEN_EINVAL, eoi(50));
	check_long("eoi 0x100000", -XEN_EINVAL, eoi(HUGE_PIRQ));
}

static void check_setup_gsi(void)
{
	check_long("setup_gsi 24", -XEN_EINVAL, setup_gsi(24, 1, 1));
	check_long("setup_gsi -1", -XEN_EINVAL, setup_gsi(-1, 1, 1));
	check_long("setup_gsi 7 level low (mapped, never bound)", 0, setup_gsi(7, 1, 1));
	check_long("setup_gsi 7 again", -XEN_EEXIST, setup_gsi(7, 1, 1));
	check_long("setup_gsi 9 (the ACPI SCI)", 0, setup_gsi(9, 1, 1));
	check_long("setup_gsi 5 (bound and closed before)", 0, setup_gsi(5, 1, 1));
	check_long("setup_gsi, unreadable argument", -XEN_EFAULT,
		   HYPERVISOR_physdev_op(PHYSDEVOP_setup_gsi, (void *)BAD_VA));
}

static void check_apic(void)
{
	uint32_t val, vec;

	check_long("apic_read I/O APIC version", 0, apic_read(IOAPIC_BASE, 1, &val));
	check_long("apic_read: max redirection entry", 23, (val >> 16) & 0xff);
	check_long("apic_read at 0xfec01000", -XEN_EINVAL,
		   apic_read(IOAPIC_BASE + 0x1000, 1, &val));
	check_long("apic_read at 0xfee00000 (the local APIC)", -XEN_EINVAL,
		   apic_read(0xfee00000UL, 1, &val));
	check_long("alloc_irq_vector 10", 0, alloc_irq_vector(10, &vec));
	check_long("alloc_irq_vector 10: vector", 10, vec);
	check_long("alloc_irq_vector 1000", 0, alloc_irq_vector(1000, &vec));
	check_long("alloc_irq_vector 1000: vector", 1000, vec);
}

/*
 * Unmapping: the PIRQ goes, and so does the IRQ's access right, dom0's
 * own included (it cannot map that GSI again). A bound PIRQ is unbound
 * by force, but its port stays a PIRQ port, and until it is closed the
 * GSI stays claimed: mapping it again is -EEXIST (-EBUSY for "any").
 */
static void check_unmap(void)
{
	struct evtchn_status st = {0};
	evtchn_port_t port;
	int pirq;

	check_long("unmap_pirq 5", 0, unmap_pirq(DOMID_SELF, 5));
	check_long("unmap_pirq 5 again", -XEN_EINVAL, unmap_pirq(DOMID_SELF, 5));
	check_long("unmap_pirq 0x100000", -XEN_EINVAL, unmap_pirq(DOMID_SELF, HUGE_PIRQ));
	check_long("unmap_pirq of a domain that does not exist", -XEN_ESRCH,
		   unmap_pirq(NO_SUCH_DOM, 5));
	check_long("bind_pirq 5 once unmapped", -XEN_EPERM, bind_pirq(5, 0, &port));
	check_long("map_pirq GSI 5 again once unmapped (the IRQ right went)", -XEN_EPERM,
		   map_gsi(5, 5, NULL));

	check_long("map_pirq GSI 11 to pirq 11", 0, map_gsi(11, 11, &pirq));
	if (!check_long("bind_pirq 11", 0, bind_pirq(11, 0, &port)))
		return;
	check_long("unmap_pirq 11 while bound", 0, unmap_pirq(DOMID_SELF, 11));
	check_long("evtchn_status of its port", 0, evtchn_status(DOMID_SELF, port, &st));
	check_long("evtchn_status: still a PIRQ port", EVTCHNSTAT_pirq, st.status);
	check_long("evtchn_status: u.pirq", 11, st.u.pirq);
	check_long("eoi 11 (unbound by force)", 0, eoi(11));
	check_long("bind_pirq 11 (unbound by force)", -XEN_EPERM, bind_pirq(11, 0, NULL));
	check_long("map_pirq GSI 11 to pirq 11 before the port is closed", -XEN_EEXIST,
		   map_gsi(11, 11, NULL));
	check_long("map_pirq GSI 11 to pirq 12 before the port is closed", -XEN_EEXIST,
		   map_gsi(11, 12, NULL));
	check_long("map_pirq GSI 11, pirq -1, before the port is closed", -XEN_EBUSY,
		   map_gsi(11, -1, NULL));
	check_long("unmap_pirq 11 again", -XEN_EINVAL, unmap_pirq(DOMID_SELF, 11));
	check_long("close the port of the unmapped PIRQ", 0, evtchn_close(port));
	check_long("map_pirq GSI 11 to pirq 11 once closed (the IRQ right went)", -XEN_EPERM,
		   map_gsi(11, 11, NULL));
	check_long("unmap_pirq 11 once closed", -XEN_EINVAL, unmap_pirq(DOMID_SELF, 11));
}

/* The PCI device list: adding a device that is not there is accepted; removing it twice is not. */
static void check_pci(void)
{
	uint8_t devfn = (0x1f << 3) | 7;

	check_long("pci_device_add 00:1f.7 (nothing there)", 0, pci_device_add(0, devfn));
	check_long("manage_pci_add 00:1f.7 (listed already)", 0,
		   manage_pci(PHYSDEVOP_manage_pci_add, 0, devfn));
	check_long("pci_device_remove 00:1f.7", 0, pci_device_remove(0, devfn));
	check_long("pci_device_remove 00:1f.7 again", -XEN_ENODEV, pci_device_remove(0, devfn));
	check_long("manage_pci_remove 00:1f.7 again", -XEN_ENODEV,
		   manage_pci(PHYSDEVOP_manage_pci_remove, 0, devfn));
	check_long("pci_device_add, unreadable argument", -XEN_EFAULT,
		   HYPERVISOR_physdev_op(PHYSDEVOP_pci_device_add, (void *)BAD_VA));
}

/* The EOI bitmap bit follows the line's trigger mode when the PIRQ is bound. */
static void check_eoi_bitmap(void)
{
	evtchn_port_t port;

	check_long("map_pirq GSI 10 to pirq 10", 0, map_gsi(10, 10, NULL));
	if (check_long("bind_pirq 10", 0, bind_pirq(10, 0, &port))) {
		check_long("EOI bitmap bit of PIRQ 10 (GSI 10, level in the MADT)", 1, eoi_bit(10));
		check_long("close PIRQ 10's port", 0, evtchn_close(port));
	}
	check_long("map_pirq GSI 6 to pirq 6", 0, map_gsi(6, 6, NULL));
	if (check_long("bind_pirq 6", 0, bind_pirq(6, 0, &port))) {
		check_long("EOI bitmap bit of PIRQ 6 (GSI 6, edge)", 0, eoi_bit(6));
		check_long("close PIRQ 6's port", 0, evtchn_close(port));
	}
	/* GSI 7: PIRQ 16, set up level by setup_gsi above. */
	if (check_long("bind_pirq 16", 0, bind_pirq(16, 0, &port))) {
		check_long("EOI bitmap bit of PIRQ 16 (GSI 7, set up level)", 1, eoi_bit(16));
		check_long("close PIRQ 16's port", 0, evtchn_close(port));
	}
}

/* PCI configuration space through 0xcf8/0xcfc (dom0 holds no rights to the ports themselves). */
static void check_port_io(void)
{
	check_long("set_iopl 1", 0, set_iopl(1));
	outl(0x80000000U, 0xcf8);
	check_long("inl 0xcf8 (the latch)", 0x80000000U, inl(0xcf8));
	check_long("inl 0xcfc: 00:00.0's ids (the i440FX)", 0x12378086, inl(0xcfc));
	outb(0x12, 0xcfb);
	check_long("inl 0xcf8 after a byte written to 0xcfb (not the latch)", 0x80000000U,
		   inl(0xcf8));
	outl(0, 0xcf8);
}

/*
 * The I/O APIC's page maps read-only (a writable request too: the
 * hypervisor drops RW and adds PCD|PWT), and writes through it are
 * discarded; the local APIC's page does not map at all (-EPERM).
 */
static void check_mmio(void)
{
	volatile uint32_t *ioapic = (volatile uint32_t *)mm_window_va(MMIO_SLOT);
	const uint64_t attr = _PAGE_RW | _PAGE_PCD | _PAGE_PWT;

	if (check_long("map the I/O APIC's frame read-only", 0,
		       mm_window_map(MMIO_SLOT, PTE(IOAPIC_MFN, PTE_RO))))
		check_u64("its PTE: read-only, uncached", _PAGE_PCD | _PAGE_PWT,
			  mm_window_pte(MMIO_SLOT) & attr);
	check_long("unmap it", 0, mm_window_map(MMIO_SLOT, 0));
	if (check_long("map the I/O APIC's frame writable (made read-only)", 0,
		       mm_window_map(MMIO_SLOT, PTE(IOAPIC_MFN, PTE_RW)))) {
		check_u64("its PTE: read-only, uncached", _PAGE_PCD | _PAGE_PWT,
			  mm_window_pte(MMIO_SLOT) & attr);
		/* IOREGSEL := 0xff (no such register) would read back 0xff had it landed. */
		check_exinfo("write to IOREGSEL through it (dropped, no fault)", 0,
			     mm_write64((volatile uint64_t *)ioapic, 0xff));
		if (ioapic[0] == 0xff)
			xtf_failure("the write reached the I/O APIC (IOREGSEL reads 0xff)");
	}
	check_long("unmap it", 0, mm_window_map(MMIO_SLOT, 0));
	if (check_long("mmu_update of the I/O APIC's frame writable (made read-only)", 0,
		       mmu_update1(mm_window_pte_maddr(MMIO_SLOT), MMU_NORMAL_PT_UPDATE,
				   PTE(IOAPIC_MFN, PTE_RW))))
		check_u64("its PTE: read-only, uncached", _PAGE_PCD | _PAGE_PWT,
			  mm_window_pte(MMIO_SLOT) & attr);
	check_long("unmap it", 0, mm_window_map(MMIO_SLOT, 0));
	check_long("map the local APIC's frame read-only", -XEN_EPERM,
		   mm_window_map(MMIO_SLOT, PTE(LAPIC_MFN, PTE_RO)));
	check_long("mmu_update of the local APIC's frame writable", -XEN_EPERM,
		   mmu_update1(mm_window_pte_maddr(MMIO_SLOT), MMU_NORMAL_PT_UPDATE,
			       PTE(LAPIC_MFN, PTE_RW)));
	check_long("map frame 0xfeeff (the end of the MSI range) read-only", -XEN_EPERM,
		   mm_window_map(MMIO_SLOT, PTE(LAPIC_MFN + 0xff, PTE_RO)));
	mm_window_map(MMIO_SLOT, 0);
	check_u64("window PTE left empty", 0, mm_window_pte(MMIO_SLOT));
}

/* Build d1 from our own image; it checks its refusals and powers off if all held. */
static void run_d1(void)
{
	struct builder_domain b = {.domid = PEER, .mem_mib = PEER_MIB, .cmdline = "role=peer"};

	if (!md_own_image(&b))
		return;
	if (!check_long("builder_create of d1", 0, builder_create(&b)))
		return;
	check_long("d1 shutdown reason within 20 s (0 poweroff: its refusals held; 3 crash)",
		   SHUTDOWN_poweroff, md_wait_shutdown(PEER, md_deadline(20 * NS_PER_S)));
	check_long("destroydomain of d1", 0, domctl_destroydomain(PEER));
}

static void run_dom0(void)
{
	struct physdev_pirq_eoi_gmfn map = {.gmfn = virt_to_mfn(eoi_page)};

	if (!check_long("pirq_eoi_gmfn_v2 of a page of ours", 0,
			HYPERVISOR_physdev_op(PHYSDEVOP_pirq_eoi_gmfn_v2, &map)))
		return;
	if (!mm_setup())
		return;
	check_map_pirq();
	check_bind();
	check_status_eoi();
	check_setup_gsi();
	check_apic();
	check_unmap();
	check_pci();
	check_eoi_bitmap();
	check_port_io();
	check_mmio();
	run_d1();
	if (xtf_result() == RESULT_NONE)
		xtf_success(NULL);
}

/* d1: every device operation refused, in Xen's order of checks. */
static void run_peer(void)
{
	uint8_t devfn = (0x1f << 3) | 7;
	uint32_t val, flags;
	const char *what;
	evtchn_port_t port;
	int pirq = 5;

	xtf_set_failure_shutdown(SHUTDOWN_crash);
	check_long("d1: map_pirq GSI 5 of its own", -XEN_EPERM,
		   map_pirq(DOMID_SELF, MAP_PIRQ_TYPE_GSI, 5, &pirq));
	pirq = 5;
	check_long("d1: map_pirq GSI 5 for dom0", -XEN_EPERM,
		   map_pirq(0, MAP_PIRQ_TYPE_GSI, 5, &pirq));
	pirq = 5;
	check_long("d1: map_pirq type 99 (privilege checked first)", -XEN_EPERM,
		   map_pirq(DOMID_SELF, 99, 5, &pirq));
	pirq = 5;
	check_long("d1: map_pirq of a domain that does not exist", -XEN_ESRCH,
		   map_pirq(NO_SUCH_DOM, MAP_PIRQ_TYPE_GSI, 5, &pirq));
	check_long("d1: unmap_pirq 5 of its own", -XEN_EPERM, unmap_pirq(DOMID_SELF, 5));
	check_long("d1: unmap_pirq 5 of dom0", -XEN_EPERM, unmap_pirq(0, 5));
	check_long("d1: setup_gsi 7", -XEN_EPERM, setup_gsi(7, 1, 1));
	check_long("d1: setup_gsi 24 (range checked first)", -XEN_EINVAL, setup_gsi(24, 1, 1));
	check_long("d1: apic_read of the I/O APIC", -XEN_EPERM, apic_read(IOAPIC_BASE, 1, &val));
	check_long("d1: alloc_irq_vector 10", -XEN_EPERM, alloc_irq_vector(10, &val));
	check_long("d1: pci_device_add 00:1f.7", -XEN_EPERM, pci_device_add(0, devfn));
	check_long("d1: pci_device_remove 00:00.0", -XEN_EPERM, pci_device_remove(0, 0));
	check_long("d1: manage_pci_add 00:1f.7", -XEN_EPERM,
		   manage_pci(PHYSDEVOP_manage_pci_add, 0, devfn));
	check_long("d1: bind_pirq 5 (never granted)", -XEN_EPERM, bind_pirq(5, 0, &port));
	check_long("d1: bind_pirq 0x100000", -XEN_EINVAL, bind_pirq(HUGE_PIRQ, 0, &port));
	check_long("d1: irq_status_query 5", 0, status_query(5, &flags));
	check_long("d1: irq_status_query 5: flags", XENIRQSTAT_needs_eoi, flags);
	check_long("d1: eoi 5 (never mapped)", -XEN_EINVAL, eoi(5));
	check_long("d1: set_iopl 1", 0, set_iopl(1));
	check_long("d1: inl 0xcfc (no configuration space)", 0xffffffffU, inl(0xcfc));
	outl(0x80000000U, 0xcf8);
	check_long("d1: inl 0xcf8 (its own latch)", 0x80000000U, inl(0xcf8));
	check_long("d1: inl 0xcfc with the latch set", 0xffffffffU, inl(0xcfc));
	check_long("d1: inl 0x80 (a port it was not granted)", 0xffffffffU, inl(0x80));
	outb(0x0b, 0x70);
	check_long("d1: inb 0x70 after outb 0x0b (the RTC index: a latch of its own)", 0x0b,
		   inb(0x70));
	check_long("d1: inb 0x71 (the RTC's data: not granted)", 0xff, inb(0x71));
	if (mm_init(&what)) {
		xtf_error("d1: mm_init: %s", what);
		return;
	}
	check_long("d1: map the I/O APIC's frame read-only", -XEN_EPERM,
		   mm_window_map(MMIO_SLOT, PTE(IOAPIC_MFN, PTE_RO)));
	check_long("d1: map the local APIC's frame read-only", -XEN_EPERM,
		   mm_window_map(MMIO_SLOT, PTE(LAPIC_MFN, PTE_RO)));
	check_long("d1: map the VGA window's first frame (device memory it was not granted)",
		   -XEN_EPERM, mm_window_map(MMIO_SLOT, PTE(0xa0UL, PTE_RO)));
	check_long("d1: map a frame of the PCI hole (a BAR's range)", -XEN_EPERM,
		   mm_window_map(MMIO_SLOT, PTE(0xfd000UL, PTE_RO)));
	xtf_success(NULL);
}

void test_main(void)
{
	md_run_dom0_or_peer(run_dom0, run_peer);
}
