// SPDX-License-Identifier: GPL-2.0-only
/*
 * physdev_op: what a PV guest tells the hypervisor about physical
 * devices. Two operations every Linux PV kernel makes early are here:
 * the virtual I/O privilege level (PHYSDEVOP_set_iopl, which the port
 * I/O emulation in pv/emulate.c checks against v->iopl) and the frame
 * that will hold the PIRQ "needs EOI" bitmap (PHYSDEVOP_pirq_eoi_gmfn_*).
 * PIRQs, GSIs, MSI and PCI management are not here: those sub-ops get
 * -ENOSYS, as Xen gives for any it does not know.
 *
 * The one idea: the EOI frame is registered once per domain (set from 0
 * by compare-and-swap, -EBUSY after), keeps a general and a writable
 * type reference so it can never become a page table under the
 * hypervisor's feet, and is given back only when the domain is destroyed
 * (physdev_domain_relinquish()). Both follow Xen 4.17's
 * arch/x86/physdev.c, error for error.
 */
#include <public/physdev.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/page.h>
#include <asm/pv.h>

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

long do_physdev_op(int cmd, GUEST_PTR(void) arg)
{
	switch (cmd) {
	case PHYSDEVOP_set_iopl:
		return physdev_set_iopl(arg);
	case PHYSDEVOP_pirq_eoi_gmfn_v1:
	case PHYSDEVOP_pirq_eoi_gmfn_v2:
		return physdev_pirq_eoi_gmfn(cmd, arg);
	default:
		return -ENOSYS;
	}
}
