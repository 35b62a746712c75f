// SPDX-License-Identifier: GPL-2.0-only
/*
 * domctl and sysctl wrappers (guest/control.h): build the request on the
 * stack with the interface version filled in, make the call, copy out
 * what the caller asked for. Nothing here checks privilege: the
 * hypervisor does, and the error goes back to the caller unchanged.
 */
#include <public/errno.h>
#include <guest/control.h>
#include <guest/hypercall.h>
#include <guest/lib.h>

long domctl_op(xen_domctl_t *op)
{
	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	return HYPERVISOR_domctl(op);
}

long domctl_getdomaininfo_next(domid_t dom, struct xen_domctl_getdomaininfo *info)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_getdomaininfo, .domain = dom};
	long rc = domctl_op(&op);

	if (!rc)
		*info = op.u.getdomaininfo;
	return rc;
}

long domctl_getdomaininfo(domid_t dom, struct xen_domctl_getdomaininfo *info)
{
	long rc = domctl_getdomaininfo_next(dom, info);

	/* The hypervisor answers for the next domain when @dom does not exist. */
	return !rc && info->domain != dom ? -XEN_ESRCH : rc;
}

long domctl_destroydomain(domid_t dom)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_destroydomain, .domain = dom};

	return domctl_op(&op);
}

long domctl_sched_credit_get(domid_t dom, struct xen_domctl_sched_credit *params)
{
	xen_domctl_t op = {
		.cmd = XEN_DOMCTL_scheduler_op,
		.domain = dom,
		.u.scheduler_op = {.sched_id = XEN_SCHEDULER_CREDIT,
				   .cmd = XEN_DOMCTL_SCHEDOP_getinfo},
	};
	long rc = domctl_op(&op);

	if (!rc)
		*params = op.u.scheduler_op.u.credit;
	return rc;
}

long domctl_sched_credit_put(domid_t dom, uint16_t weight, uint16_t cap)
{
	xen_domctl_t op = {
		.cmd = XEN_DOMCTL_scheduler_op,
		.domain = dom,
		.u.scheduler_op = {.sched_id = XEN_SCHEDULER_CREDIT,
				   .cmd = XEN_DOMCTL_SCHEDOP_putinfo,
				   .u.credit = {.weight = weight, .cap = cap}},
	};

	return domctl_op(&op);
}

long domctl_getvcpuinfo(domid_t dom, uint32_t vcpu, struct xen_domctl_getvcpuinfo *info)
{
	xen_domctl_t op = {
		.cmd = XEN_DOMCTL_getvcpuinfo,
		.domain = dom,
		.u.getvcpuinfo = {.vcpu = vcpu},
	};
	long rc = domctl_op(&op);

	if (!rc)
		*info = op.u.getvcpuinfo;
	return rc;
}

long domctl_vcpu_affinity(domid_t dom, uint32_t vcpu, bool set, uint64_t *cpumap)
{
	xen_domctl_t op = {
		.cmd = set ? XEN_DOMCTL_setvcpuaffinity : XEN_DOMCTL_getvcpuaffinity,
		.domain = dom,
		.u.vcpuaffinity = {.vcpu = vcpu, .flags = XEN_VCPUAFFINITY_HARD},
	};

	/* The map is read (set) and written (set: the effective map; get) in place. */
	set_xen_guest_handle(op.u.vcpuaffinity.cpumap_hard.bitmap, (uint8_t *)cpumap);
	op.u.vcpuaffinity.cpumap_hard.nr_bits = 64;
	return domctl_op(&op);
}

long domctl_xl_memusage(domid_t dom, struct xen_domctl_xl_memusage *mu)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_xl_memusage, .domain = dom};
	long rc = domctl_op(&op);

	if (!rc)
		*mu = op.u.xl_memusage;
	return rc;
}

long sysctl_op(xen_sysctl_t *op)
{
	op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return HYPERVISOR_sysctl(op);
}

long sysctl_physinfo(struct xen_sysctl_physinfo *info)
{
	xen_sysctl_t op = {.cmd = XEN_SYSCTL_physinfo};
	long rc = sysctl_op(&op);

	if (!rc)
		*info = op.u.physinfo;
	return rc;
}

long sysctl_sched_id(void)
{
	xen_sysctl_t op = {.cmd = XEN_SYSCTL_sched_id};
	long rc = sysctl_op(&op);

	return rc ? rc : (long)op.u.sched_id.sched_id;
}
