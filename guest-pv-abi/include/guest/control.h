/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control hypercalls from a PV guest kernel: domctl (36) and sysctl
 * (35), in Xen 4.17's interface (include/public/domctl.h, sysctl.h), so
 * they work the same on xen-like and on Xen. Each structure carries an
 * interface version, which the wrappers fill in; the hypervisor refuses
 * any other version with -EACCES, and every command needs a privileged
 * caller (-EPERM otherwise).
 *
 * Every wrapper returns 0 or the hypercall's negative error code.
 */
#ifndef GUEST_CONTROL_H
#define GUEST_CONTROL_H

#include <stdint.h>
#include <stdbool.h>
#include <public/domctl.h>
#include <public/sysctl.h>

/* One domctl: fills op->interface_version, then makes the call. */
long domctl_op(xen_domctl_t *op);

/* XEN_DOMCTL_getdomaininfo of @dom exactly (-ESRCH if it does not exist). */
long domctl_getdomaininfo(domid_t dom, struct xen_domctl_getdomaininfo *info);
/*
 * XEN_DOMCTL_getdomaininfo as the hypervisor answers it: @dom, or the
 * first domain with a larger id (info->domain says which).
 */
long domctl_getdomaininfo_next(domid_t dom, struct xen_domctl_getdomaininfo *info);

/*
 * XEN_DOMCTL_destroydomain of @dom: 0 once it is destroyed (a
 * continuation may have run it in several parts), or the error.
 */
long domctl_destroydomain(domid_t dom);

/* XEN_DOMCTL_scheduler_op for XEN_SCHEDULER_CREDIT: getinfo / putinfo. */
long domctl_sched_credit_get(domid_t dom, struct xen_domctl_sched_credit *params);
long domctl_sched_credit_put(domid_t dom, uint16_t weight, uint16_t cap);
/* XEN_DOMCTL_getvcpuinfo of @dom's vCPU @vcpu into @info. */
long domctl_getvcpuinfo(domid_t dom, uint32_t vcpu, struct xen_domctl_getvcpuinfo *info);
/* XEN_DOMCTL_set/getvcpuaffinity (@set) of @dom's vCPU @vcpu: *@cpumap in or out. */
long domctl_vcpu_affinity(domid_t dom, uint32_t vcpu, bool set, uint64_t *cpumap);

/* xen-like's XEN_DOMCTL_xl_memusage of @dom (the frames destroying it gives back); -ENOSYS on Xen. */
long domctl_xl_memusage(domid_t dom, struct xen_domctl_xl_memusage *mu);

/* The shutdown reason getdomaininfo encodes in flags, if XEN_DOMINF_shutdown. */
static inline unsigned int dominf_shutdown_reason(uint32_t flags)
{
	return (flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
}

/* One sysctl: fills op->interface_version, then makes the call. */
long sysctl_op(xen_sysctl_t *op);
long sysctl_physinfo(struct xen_sysctl_physinfo *info);
/* XEN_SYSCTL_sched_id: the scheduler (XEN_SCHEDULER_*), or the error. */
long sysctl_sched_id(void);

#endif /* GUEST_CONTROL_H */
