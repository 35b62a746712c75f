// SPDX-License-Identifier: GPL-2.0-only
/*
 * domctl: the control domain's operations on one domain. Our own
 * interface (include/public/domctl.h), versioned like sysctl: copy in
 * once, check the version and the caller, act, copy out.
 *
 * Implemented so far: reading a domain's state (getdomaininfo), its
 * credit scheduler parameters (scheduler_op) and destroying it
 * (destroydomain, docs/domain-lifecycle.md). Creating, pausing and
 * loading domains arrive with the toolstack; until then those commands
 * answer -ENOSYS.
 */
#include <public/domctl.h>
#include <asm/page.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>

/*
 * Serialises destroyers (Xen's domctl_lock): domain_kill() keeps its
 * progress in the domain and must not run twice at once. Taken with
 * interrupts on (the teardown is long and must see pending work to stop
 * for it). A second destroyer waits for one step of the first, not for
 * the whole teardown: each call returns at its next preemption point.
 * (Not a trylock and a continuation, as Xen's: a continuation is not
 * possible inside a multicall.)
 */
static DEFINE_SPINLOCK(domctl_lock);

static void getdomaininfo(const struct domain *d, struct xen_domctl_getdomaininfo *info)
{
	unsigned int i, nr_blocked = 0, nr_online = 0;
	bool running = false;

	memset(info, 0, sizeof(*info));
	info->domain = d->domain_id;
	for (i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpu[i];

		if (!v)
			continue;
		info->max_vcpu_id = i; /* the highest vCPU, up or down (Xen's) */
		if (!v->is_up)
			continue;
		nr_online++;
		if (v->is_blocked)
			nr_blocked++;
		if (v == current || v->runstate.state == RUNSTATE_running)
			running = true;
	}
	if (d->is_shutting_down)
		info->flags |= XEN_DOMINF_shutdown |
			       (d->shutdown_code & XEN_DOMINF_shutdownmask) << XEN_DOMINF_shutdownshift;
	if (nr_online && nr_blocked == nr_online)
		info->flags |= XEN_DOMINF_blocked;
	if (running)
		info->flags |= XEN_DOMINF_running;
	if (d->is_privileged)
		info->flags |= XEN_DOMINF_privileged;
	if (d->is_dying)
		info->flags |= XEN_DOMINF_dying;
	info->tot_pages = d->tot_pages;
	info->xenheap_pages = d->xenheap_pages;
	info->max_pages = d->max_pages;
	info->shared_info_frame = virt_to_mfn(d->shared_info);
	info->cpu_time = domain_cpu_time(d);
	info->nr_online_vcpus = nr_online;
}

static long scheduler_op(struct domain *d, struct xen_domctl_scheduler_op *op)
{
	if (op->sched_id != XEN_SCHEDULER_CREDIT)
		return -EINVAL;
	switch (op->cmd) {
	case XEN_DOMCTL_SCHEDOP_getinfo:
		memset(&op->u, 0, sizeof(op->u));
		op->u.credit.weight = d->weight;
		op->u.credit.cap = d->cap;
		return 0;
	case XEN_DOMCTL_SCHEDOP_putinfo:
		if (op->u.credit.pad)
			return -EINVAL;
		return csched_set_params(d, op->u.credit.weight, op->u.credit.cap);
	default:
		return -EINVAL;
	}
}

/* The vCPU @id of @d, or NULL. */
static struct vcpu *domctl_vcpu(struct domain *d, uint32_t id)
{
	return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

static long vcpu_cmd(struct domain *d, struct xen_domctl *op)
{
	struct vcpu_runstate_info r;
	struct vcpu *v;

	switch (op->cmd) {
	case XEN_DOMCTL_getvcpuinfo: {
		struct xen_domctl_getvcpuinfo *vi = &op->u.getvcpuinfo;

		if (vi->pad || vi->pad2)
			return -EINVAL;
		if (!(v = domctl_vcpu(d, vi->vcpu)))
			return -ENOENT;
		vcpu_runstate_get(v, &r);
		vi->online = v->is_up;
		vi->blocked = ACCESS_ONCE(v->is_blocked);
		vi->running = __atomic_load_n(&v->is_running, __ATOMIC_RELAXED);
		vi->cpu_time = r.time[RUNSTATE_running];
		vi->cpu = ACCESS_ONCE(v->processor);
		return 0;
	}
	case XEN_DOMCTL_setvcpuaffinity:
	case XEN_DOMCTL_getvcpuaffinity:
		if (op->u.vcpuaffinity.pad)
			return -EINVAL;
		if (!(v = domctl_vcpu(d, op->u.vcpuaffinity.vcpu)))
			return -ENOENT;
		if (op->cmd == XEN_DOMCTL_setvcpuaffinity)
			return vcpu_set_hard_affinity(v, op->u.vcpuaffinity.cpumap);
		op->u.vcpuaffinity.cpumap = ACCESS_ONCE(v->cpu_hard_affinity);
		return 0;
	}
	return -ENOSYS;
}

long do_domctl(GUEST_PTR(xen_domctl_t) u_domctl)
{
	struct xen_domctl op;
	struct domain *d;
	long rc;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&op, u_domctl, 1))
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;
	if (op.pad[0] || op.pad[1] || op.pad[2])
		return -EINVAL;

	switch (op.cmd) {
	case XEN_DOMCTL_getdomaininfo:
		d = op.u.getdomaininfo.flags & XEN_DOMINF_next ? domain_get_at_or_after(op.domain)
							       : domain_get(op.domain);
		if (!d)
			return -ESRCH;
		getdomaininfo(d, &op.u.getdomaininfo);
		domain_put(d);
		rc = 0;
		break;
	case XEN_DOMCTL_destroydomain:
		d = domain_get(op.domain);
		if (!d)
			return -ESRCH;
		if (is_hardware_domain(d)) {
			rc = -EINVAL; /* dom0 goes only by shutting down (it is the caller, too) */
		} else {
			spin_lock(&domctl_lock);
			rc = domain_kill(d);
			spin_unlock(&domctl_lock);
		}
		domain_put(d); /* the last reference if it is gone: then it is freed here */
		if (rc == -ERESTART)
			return hypercall_create_continuation(__HYPERVISOR_domctl, 1, u_domctl.p);
		return rc; /* no OUT fields */
	case XEN_DOMCTL_scheduler_op:
		d = domain_get(op.domain);
		if (!d)
			return -ESRCH;
		rc = scheduler_op(d, &op.u.scheduler_op);
		domain_put(d);
		break;
	case XEN_DOMCTL_getvcpuinfo:
	case XEN_DOMCTL_setvcpuaffinity:
	case XEN_DOMCTL_getvcpuaffinity:
		d = domain_get(op.domain);
		if (!d)
			return -ESRCH;
		rc = vcpu_cmd(d, &op);
		domain_put(d);
		if (rc)
			return rc; /* nothing copied back on an error */
		break;
	default:
		return -ENOSYS;
	}
	if (copy_to_guest(u_domctl, &op, 1))
		return -EFAULT;
	return rc;
}
