// SPDX-License-Identifier: GPL-2.0-only
/*
 * physdev_op: what a PV guest tells the hypervisor about physical
 * devices, as Xen 4.17's arch/x86/physdev.c, error for error:
 *  - the virtual I/O privilege level (PHYSDEVOP_set_iopl, which the port
 *    I/O emulation in pv/emulate.c checks against v->iopl) and the I/O
 *    bitmap (PHYSDEVOP_set_iobitmap), which lets ports through below it;
 *  - the frame that holds the PIRQ "needs EOI" bitmap
 *    (PHYSDEVOP_pirq_eoi_gmfn_*);
 *  - device interrupts as PIRQs (map_pirq/unmap_pirq for GSIs, setup_gsi,
 *    eoi, irq_status_query, IRQ_UNMASK_NOTIFY): the work is arch/x86/irq.c's;
 *  - the I/O APIC's registers for reading (apic_read) and the dummy
 *    alloc_irq_vector, for the hardware domain;
 *  - the PCI devices dom0 found (pci_device_add/remove, manage_pci_*).
 * prepare_msix/release_msix, restore_msi(_ext), apic_write,
 * get_free_pirq and the MMCONFIG report are not
 * implemented: they get -ENOSYS.
 *
 * The one idea for the EOI frame: it is registered once per domain (set
 * from 0 by compare-and-swap, -EBUSY after), keeps a general and a
 * writable type reference so it can never become a page table under the
 * hypervisor's feet, and is given back only when the domain is destroyed
 * (physdev_domain_relinquish()).
 */
#include <public/physdev.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/irq.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/io_apic.h>
#include <asm/page.h>
#include <asm/pci.h>
#include <asm/pv.h>

#define IOBMP_BYTES 8192 /* an I/O bitmap: 65536 ports, a bit each */

/* PHYSDEVOP_set_iopl: the calling vCPU's virtual IOPL, 0-3 (Xen checks nothing else). */
static long physdev_set_iopl(GUEST_PTR(void) arg)
{
	struct physdev_set_iopl op;

	if (copy_from_guest(&op, arg, 1))
		return -EFAULT;
	if (op.iopl > 3)
		return -EINVAL;
	current->iopl = op.iopl;
	return 0;
}

/*
 * PHYSDEVOP_set_iobitmap: the calling vCPU's I/O permission bitmap (a
 * clear bit lets ports through whatever the IOPL, as the TSS's), read
 * from guest memory at each access. The 8 KiB it may span must lie in
 * guest space, and nr_ports be at most 65536 (-EINVAL); nothing else is
 * checked, as on Xen.
 */
static long physdev_set_iobitmap(GUEST_PTR(void) arg)
{
	struct physdev_set_iobitmap op;

	if (copy_from_guest(&op, arg, 1))
		return -EFAULT;
	if (!guest_range_ok((uint64_t)(uintptr_t)op.bitmap.p, IOBMP_BYTES) || op.nr_ports > 65536)
		return -EINVAL;
	current->iobmp = (uint64_t)(uintptr_t)op.bitmap.p;
	current->iobmp_limit = op.nr_ports;
	return 0;
}

/*
 * PHYSDEVOP_pirq_eoi_gmfn_v1/_v2: @cmd says which. The frame must be
 * the caller's and take the writable type (a page table or descriptor
 * frame cannot): -EINVAL otherwise. A second registration is -EBUSY and
 * gives back the references it took.
 */
static long physdev_pirq_eoi_gmfn(int cmd, GUEST_PTR(void) arg)
{
	struct domain *d = current->domain;
	struct physdev_pirq_eoi_gmfn op;
	struct page_info *pg;
	uint64_t none = 0;
	long rc = 0;

	if (copy_from_guest(&op, arg, 1))
		return -EFAULT;
	pv_mm_lock(); /* frame references */
	if (!mfn_valid(op.gmfn)) {
		rc = -EINVAL;
		goto out_unlock;
	}
	pg = mfn_to_page(op.gmfn);
	if (get_page_and_type(pg, d, PGT_writable_page)) {
		rc = -EINVAL;
		goto out_unlock;
	}
	if (!__atomic_compare_exchange_n(&d->pirq_eoi_map_mfn, &none, op.gmfn, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		put_page_and_type(pg);
		rc = -EBUSY;
		goto out_unlock;
	}
	d->pirq_eoi_map = mfn_to_virt(op.gmfn);
	d->pirq_eoi_auto_unmask = cmd == PHYSDEVOP_pirq_eoi_gmfn_v1;
out_unlock:
	pv_mm_unlock();
	return rc;
}

void physdev_domain_relinquish(struct domain *d)
{
	if (!d->pirq_eoi_map_mfn)
		return;
	d->pirq_eoi_map = NULL;
	put_page_and_type(mfn_to_page(d->pirq_eoi_map_mfn));
	d->pirq_eoi_map_mfn = 0;
}

/*
 * The domain a map/unmap names, with a reference, if the caller may
 * manage its interrupts (Xen's XSM_DM_PRIV under the dummy policy: the
 * privileged domain): -ESRCH, -EPERM.
 */
static int physdev_target(domid_t domid, struct domain **dp)
{
	struct domain *d = domain_get(domid == DOMID_SELF ? current->domain->domain_id : domid);

	if (!d)
		return -ESRCH;
	if (!current->domain->is_privileged) {
		domain_put(d);
		return -EPERM;
	}
	*dp = d;
	return 0;
}

/*
 * PHYSDEVOP_map_pirq: a GSI (index) or a device's MSI / MSI-X entry
 * (index -1; bus carries the segment in its top half for MSI_SEG) to a
 * PIRQ of the named domain (pirq -1: any; the one chosen comes back).
 * MULTI_MSI is for one vector only (more need interrupt remapping, which
 * Xen refuses without it too: -EOPNOTSUPP). Any other type is -EINVAL.
 */
static long physdev_map_pirq(GUEST_PTR(void) arg)
{
	struct physdev_map_pirq map;
	struct domain *d;
	long rc;

	if (copy_from_guest(&map, arg, 1))
		return -EFAULT;
	rc = physdev_target(map.domid, &d);
	if (rc)
		return rc;
	switch (map.type) {
	case MAP_PIRQ_TYPE_GSI:
		rc = pirq_map_gsi(d, map.index, &map.pirq);
		break;
	case MAP_PIRQ_TYPE_MULTI_MSI:
		if (map.table_base)
			rc = -EINVAL;
		else if (map.entry_nr != 1)
			rc = -EOPNOTSUPP;
		else
			rc = pirq_map_msi(d, map.index, &map.pirq, (uint32_t)map.bus >> 16,
					  map.bus & 0xff, map.devfn, 0, 0);
		break;
	case MAP_PIRQ_TYPE_MSI:
	case MAP_PIRQ_TYPE_MSI_SEG:
		rc = pirq_map_msi(d, map.index, &map.pirq,
				  map.type == MAP_PIRQ_TYPE_MSI_SEG ? (uint32_t)map.bus >> 16 : 0,
				  map.bus & 0xff, map.devfn, map.entry_nr, map.table_base);
		break;
	default:
		rc = -EINVAL;
		break;
	}
	domain_put(d);
	if (copy_to_guest(arg, &map, 1))
		rc = -EFAULT;
	return rc;
}

static long physdev_unmap_pirq(GUEST_PTR(void) arg)
{
	struct physdev_unmap_pirq unmap;
	struct domain *d;
	long rc;

	if (copy_from_guest(&unmap, arg, 1))
		return -EFAULT;
	rc = physdev_target(unmap.domid, &d);
	if (rc)
		return rc;
	rc = pirq_unmap(d, unmap.pirq);
	domain_put(d);
	return rc;
}

static long physdev_eoi(GUEST_PTR(void) arg)
{
	struct physdev_eoi eoi;

	if (copy_from_guest(&eoi, arg, 1))
		return -EFAULT;
	return pirq_eoi(current->domain, eoi.irq);
}

/* Every PIRQ needs an EOI unless the guest reads the EOI bitmap (Xen 4.17's answer). */
static long physdev_irq_status_query(GUEST_PTR(void) arg)
{
	struct physdev_irq_status_query q;

	if (copy_from_guest(&q, arg, 1))
		return -EFAULT;
	if (q.irq >= current->domain->nr_pirqs)
		return -EINVAL;
	q.flags = XENIRQSTAT_needs_eoi;
	if (pirq_shared(current->domain, q.irq))
		q.flags |= XENIRQSTAT_shared;
	return copy_to_guest(arg, &q, 1) ? -EFAULT : 0;
}

/* PHYSDEVOP_setup_gsi: -EINVAL (no such GSI), then -EPERM (not privileged), -EEXIST. */
static long physdev_setup_gsi(GUEST_PTR(void) arg)
{
	struct physdev_setup_gsi op;

	if (copy_from_guest(&op, arg, 1))
		return -EFAULT;
	if (op.gsi < 0 || op.gsi >= NR_IRQS_GSI)
		return -EINVAL;
	if (!current->domain->is_privileged)
		return -EPERM;
	return irq_setup_gsi(op.gsi, op.triggering, op.polarity);
}

/* PHYSDEVOP_apic_read: the I/O APIC register, for the privileged domain. */
static long physdev_apic_read(GUEST_PTR(void) arg)
{
	struct physdev_apic apic;
	long rc;

	if (copy_from_guest(&apic, arg, 1))
		return -EFAULT;
	if (!current->domain->is_privileged)
		return -EPERM;
	rc = io_apic_guest_read(apic.apic_physbase, apic.reg, &apic.value);
	if (copy_to_guest(arg, &apic, 1))
		rc = -EFAULT;
	return rc;
}

/* PHYSDEVOP_alloc_irq_vector: a dummy on Xen too; the "vector" is the IRQ. */
static long physdev_alloc_irq_vector(GUEST_PTR(void) arg)
{
	struct physdev_irq op;

	if (copy_from_guest(&op, arg, 1))
		return -EFAULT;
	if (!current->domain->is_privileged)
		return -EPERM;
	op.vector = op.irq;
	return copy_to_guest(arg, &op, 1) ? -EFAULT : 0;
}

/* The PCI device sub-ops, all for the privileged domain (XSM_PRIV): -EPERM otherwise. */
static long physdev_pci(int cmd, GUEST_PTR(void) arg)
{
	/* (Xen reads the argument first: only an unprivileged caller's bad pointer tells.) */
	if (!current->domain->is_privileged)
		return -EPERM;
	switch (cmd) {
	case PHYSDEVOP_manage_pci_add:
	case PHYSDEVOP_manage_pci_remove: {
		struct physdev_manage_pci op;

		if (copy_from_guest(&op, arg, 1))
			return -EFAULT;
		return cmd == PHYSDEVOP_manage_pci_add ? pci_add_device(0, op.bus, op.devfn)
						       : pci_remove_device(0, op.bus, op.devfn);
	}
	case PHYSDEVOP_manage_pci_add_ext: {
		struct physdev_manage_pci_ext op;

		if (copy_from_guest(&op, arg, 1))
			return -EFAULT;
		if (op.is_extfn > 1 || op.is_virtfn > 1)
			return -EINVAL;
		return pci_add_device(0, op.bus, op.devfn);
	}
	case PHYSDEVOP_pci_device_add: {
		struct physdev_pci_device_add op;

		if (copy_from_guest(&op, arg, 1))
			return -EFAULT;
		return pci_add_device(op.seg, op.bus, op.devfn);
	}
	default: { /* PHYSDEVOP_pci_device_remove */
		struct physdev_pci_device op;

		if (copy_from_guest(&op, arg, 1))
			return -EFAULT;
		return pci_remove_device(op.seg, op.bus, op.devfn);
	}
	}
}

long do_physdev_op(int cmd, GUEST_PTR(void) arg)
{
	switch (cmd) {
	case PHYSDEVOP_eoi:
		return physdev_eoi(arg);
	case PHYSDEVOP_pirq_eoi_gmfn_v1:
	case PHYSDEVOP_pirq_eoi_gmfn_v2:
		return physdev_pirq_eoi_gmfn(cmd, arg);
	case PHYSDEVOP_IRQ_UNMASK_NOTIFY:
		return pirq_unmask_all(current->domain);
	case PHYSDEVOP_irq_status_query:
		return physdev_irq_status_query(arg);
	case PHYSDEVOP_map_pirq:
		return physdev_map_pirq(arg);
	case PHYSDEVOP_unmap_pirq:
		return physdev_unmap_pirq(arg);
	case PHYSDEVOP_apic_read:
		return physdev_apic_read(arg);
	case PHYSDEVOP_alloc_irq_vector:
		return physdev_alloc_irq_vector(arg);
	case PHYSDEVOP_set_iopl:
		return physdev_set_iopl(arg);
	case PHYSDEVOP_set_iobitmap:
		return physdev_set_iobitmap(arg);
	case PHYSDEVOP_setup_gsi:
		return physdev_setup_gsi(arg);
	case PHYSDEVOP_manage_pci_add:
	case PHYSDEVOP_manage_pci_remove:
	case PHYSDEVOP_manage_pci_add_ext:
	case PHYSDEVOP_pci_device_add:
	case PHYSDEVOP_pci_device_remove:
		return physdev_pci(cmd, arg);
	default:
		return -ENOSYS;
	}
}
