// SPDX-License-Identifier: GPL-2.0-only
/*
 * domctl: the control domain's operations on one domain, in Xen 4.17's
 * interface (include/public/domctl.h, version 0x15), so that Debian's
 * libxc and xl drive xen-like unchanged.
 *
 * The checks come in Xen's order: copy in, the version (-EACCES), the
 * domain named (-ESRCH; createdomain names none and getdomaininfo walks
 * on to the next one), then the caller's privilege (-EPERM). Commands
 * are serialised by domctl_lock (Xen's), which also keeps domain_kill()
 * to one caller at a time. The lock is taken with interrupts on: a
 * second caller waits for one step of the first, not for a whole
 * teardown, since each destroy call returns at its next preemption
 * point. (Not a trylock and a continuation, as Xen's: a continuation is
 * not possible inside a multicall.)
 */
#include <public/domctl.h>
#include <asm/cpu-policy.h>
#include <asm/page.h>
#include <asm/pv.h>
#include <asm/smp.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/irq.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/rangeset.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/xmalloc.h>

static DEFINE_SPINLOCK(domctl_lock);

/* The TSC modes of xen_domctl_tsc_info (Xen names them in libxl only). */
#define TSC_MODE_DEFAULT 0
#define TSC_MODE_NEVER_EMULATE 2

/* The known createdomain flags (XEN_DOMCTL_CDF_*), as Xen 4.17's sanitiser. */
#define CDF_KNOWN                                                                   \
	(XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_s3_integrity |    \
	 XEN_DOMCTL_CDF_oos_off | XEN_DOMCTL_CDF_xs_domain | XEN_DOMCTL_CDF_iommu | \
	 XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu)

/* ---- createdomain ---- */

/*
 * @c checked as Xen 4.17's sanitise_domain_config(),
 * arch_sanitise_domain_config() and grant_table_init() check it, for a
 * machine with no HVM, no IOMMU, no vPMU and no processor trace; @a
 * filled from it.
 */
static int createdomain_args(const struct xen_domctl_createdomain *c, struct domain_create_args *a)
{
	unsigned int version = c->grant_opts & XEN_DOMCTL_GRANT_version_mask;
	int grant = c->max_grant_frames, maptrack = c->max_maptrack_frames;

	if ((c->flags & ~CDF_KNOWN) || (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask))
		return -EINVAL;
	if (!c->max_vcpus || c->max_vcpus > MAX_VIRT_CPUS)
		return -EINVAL;
	/* HVM, HAP, tboot, an IOMMU, the vPMU, vmtrace: none here. */
	if (c->flags & ~(XEN_DOMCTL_CDF_oos_off | XEN_DOMCTL_CDF_xs_domain))
		return -EINVAL;
	if (c->iommu_opts || c->vmtrace_size)
		return -EINVAL;
	if (c->arch.misc_flags & ~XEN_X86_MSR_RELAXED)
		return -EINVAL;
	/* Version 1 up to gnttab=max-ver (2 by default, as physinfo's caps say). */
	if (!version || version > opt_gnttab_max_version)
		return -EINVAL;
	if (grant < 0)
		grant = (int)opt_max_grant_frames;
	if (maptrack < 0)
		maptrack = (int)opt_max_maptrack_frames;
	if (grant < 1 || (unsigned int)grant > opt_max_grant_frames ||
	    (unsigned int)maptrack > opt_max_maptrack_frames)
		return -EINVAL;
	/* The one pool there is (sysctl cpupool_op): Xen's -ENOENT for any other. */
	if (c->cpupool_id)
		return -ENOENT;
	/* A PV domain may have the PIT emulated and nothing else (Xen's emulation_flags_ok()). */
	if (c->arch.emulation_flags & ~XEN_X86_EMU_PIT)
		return -EOPNOTSUPP;
	domain_create_defaults(a);
	a->paused = true;
	a->max_vcpus = c->max_vcpus;
	a->max_evtchn_port = c->max_evtchn_port;
	a->max_grant_frames = (unsigned int)grant;
	a->max_maptrack_frames = (unsigned int)maptrack;
	a->max_grant_version = version;
	memcpy(a->handle, c->handle, sizeof(a->handle));
	return 0;
}

static bool domid_free(domid_t id)
{
	struct domain *d = domain_get(id);

	if (d)
		domain_put(d);
	return !d;
}

/*
 * The id for a new domain: @want if it is a valid one (-EEXIST if
 * taken), otherwise the next free one after the last picked, wrapping
 * (Xen's rover); -ENOMEM if none is free.
 */
static int pick_domid(domid_t want, domid_t *id)
{
	static domid_t rover;
	domid_t dom;

	if (want > 0 && want < DOMID_FIRST_RESERVED) {
		if (!domid_free(want))
			return -EEXIST;
		*id = want;
		return 0;
	}
	for (dom = rover + 1; dom != rover; dom++) {
		if (dom == DOMID_FIRST_RESERVED)
			dom = 1;
		if (dom != rover && domid_free(dom))
			break;
	}
	if (dom == rover)
		return -ENOMEM;
	*id = rover = dom;
	return 0;
}

static long createdomain(struct xen_domctl *op)
{
	struct domain_create_args a;
	struct domain *d;
	domid_t id;
	int rc = createdomain_args(&op->u.createdomain, &a);

	if (rc)
		return rc;
	rc = pick_domid(op->domain, &id);
	if (rc)
		return rc;
	d = domain_create(id, &a);
	if (!d)
		return -ENOMEM;
	snprintf(d->name, sizeof(d->name), "d%u", id);
	printk("Domain %u created by the toolstack (%u vCPUs)\n", id, d->max_vcpus);
	op->domain = id;
	return 0;
}

/* ---- reading a domain ---- */

void getdomaininfo(const struct domain *d, struct xen_domctl_getdomaininfo *info)
{
	unsigned int i, flags = XEN_DOMINF_blocked;
	struct vcpu_runstate_info r;

	memset(info, 0, sizeof(*info));
	info->domain = d->domain_id;
	info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
	for (i = 0; i < d->max_vcpus && ACCESS_ONCE(d->vcpus_published); i++) {
		const struct vcpu *v = d->vcpu[i];

		if (!v)
			continue;
		vcpu_runstate_get(v, &r);
		info->cpu_time += r.time[RUNSTATE_running];
		info->max_vcpu_id = i;
		if (!ACCESS_ONCE(v->is_up))
			continue;
		if (!ACCESS_ONCE(v->is_blocked))
			flags &= ~XEN_DOMINF_blocked;
		if (__atomic_load_n(&v->is_running, __ATOMIC_RELAXED))
			flags |= XEN_DOMINF_running;
		info->nr_online_vcpus++;
	}
	info->flags = info->nr_online_vcpus ? flags : 0;
	if (d->is_dying == DOMDYING_dead)
		info->flags |= XEN_DOMINF_dying;
	if (d->is_shutting_down)
		info->flags |= XEN_DOMINF_shutdown;
	if (ACCESS_ONCE(d->controller_pause_count))
		info->flags |= XEN_DOMINF_paused;
	if (d->debugger_attached)
		info->flags |= XEN_DOMINF_debugged;
	info->flags |= (d->shutdown_code & XEN_DOMINF_shutdownmask) << XEN_DOMINF_shutdownshift;
	info->tot_pages = d->tot_pages;
	info->max_pages = d->max_pages;
	info->outstanding_pages = ACCESS_ONCE(d->outstanding_pages);
	info->shared_info_frame = virt_to_mfn(d->shared_info);
	memcpy(info->handle, d->handle, sizeof(info->handle));
}

/* ---- vCPUs ---- */

/* The vCPU @id of @d, or NULL. */
static struct vcpu *domctl_vcpu(struct domain *d, uint32_t id)
{
	return id < d->max_vcpus && ACCESS_ONCE(d->vcpus_published) ? d->vcpu[id] : NULL;
}

/* A xenctl_bitmap of pCPUs into a mask (bits beyond NR_CPUS ignored). */
int xenctl_bitmap_to_cpumask(const struct xenctl_bitmap *b, cpumask_t *mask)
{
	uint8_t bytes[NR_CPUS / 8] = {0};
	unsigned int n = min((b->nr_bits + 7) / 8, (unsigned int)sizeof(bytes)), i;

	if (n && raw_copy_from_guest(bytes, b->bitmap.p, n))
		return -EFAULT;
	if (b->nr_bits < n * 8) /* bits past nr_bits in the last byte do not count */
		bytes[n - 1] &= (uint8_t)((1U << (b->nr_bits % 8)) - 1);
	*mask = 0;
	for (i = 0; i < n; i++)
		*mask |= (cpumask_t)bytes[i] << (i * 8);
	return 0;
}

/* A mask into the caller's xenctl_bitmap: its whole size, zero beyond NR_CPUS. */
int cpumask_to_xenctl_bitmap(cpumask_t mask, const struct xenctl_bitmap *b)
{
	uint8_t zero[64] = {0}, bytes[NR_CPUS / 8];
	unsigned int n = (b->nr_bits + 7) / 8, done, i;

	for (i = 0; i < sizeof(bytes); i++)
		bytes[i] = (uint8_t)(mask >> (i * 8));
	done = min(n, (unsigned int)sizeof(bytes));
	if (done && raw_copy_to_guest(b->bitmap.p, bytes, done))
		return -EFAULT;
	while (done < n) {
		unsigned int chunk = min(n - done, (unsigned int)sizeof(zero));

		if (raw_copy_to_guest(b->bitmap.p + done, zero, chunk))
			return -EFAULT;
		done += chunk;
	}
	return 0;
}

static long vcpuaffinity(struct domain *d, uint32_t cmd, struct xen_domctl_vcpuaffinity *va)
{
	struct vcpu *v = domctl_vcpu(d, va->vcpu);
	cpumask_t hard;
	int rc;

	if (!v || !(va->flags & (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)) ||
	    (va->flags & ~(XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT | XEN_VCPUAFFINITY_FORCE)))
		return -EINVAL;
	if (cmd == XEN_DOMCTL_getvcpuaffinity) {
		rc = 0;
		if (va->flags & XEN_VCPUAFFINITY_HARD)
			rc = cpumask_to_xenctl_bitmap(ACCESS_ONCE(v->cpu_hard_affinity),
						      &va->cpumap_hard);
		if (!rc && (va->flags & XEN_VCPUAFFINITY_SOFT))
			rc = cpumask_to_xenctl_bitmap(cpu_sched_map, &va->cpumap_soft);
		return rc;
	}
	if (!(va->flags & XEN_VCPUAFFINITY_HARD))
		return 0; /* soft affinity alone: nothing kept (see the header) */
	rc = xenctl_bitmap_to_cpumask(&va->cpumap_hard, &hard);
	if (rc)
		return rc;
	rc = vcpu_set_hard_affinity(v, hard);
	if (rc)
		return rc;
	/* The effective map goes back, as Xen's. */
	return cpumask_to_xenctl_bitmap(hard & cpu_sched_map, &va->cpumap_hard);
}

/*
 * XEN_DOMCTL_setvcpucontext: the first context of a vCPU, or new
 * registers for one that has a context (same frames, else -EOPNOTSUPP),
 * with the domain paused meanwhile (Xen 4.17). A null context resets
 * the vCPU (Xen's vcpu_reset()): down, uninitialised, its frames given
 * back.
 */
static long setvcpucontext(struct domain *d, const struct xen_domctl_vcpucontext *vc)
{
	struct vcpu *v = domctl_vcpu(d, vc->vcpu);
	struct vcpu_guest_context *c;
	long rc;

	if (!v || d == current->domain)
		return -EINVAL;
	if (!vc->ctxt.p) {
		domain_pause(d);
		pv_vcpu_reset(v);
		domain_unpause(d);
		return 0;
	}
	if (!(c = xmalloc(struct vcpu_guest_context)))
		return -ENOMEM;
	if (raw_copy_from_guest(c, vc->ctxt.p, sizeof(*c))) {
		rc = -EFAULT;
	} else {
		domain_pause(d);
		rc = pv_domctl_set_info_guest(v, c);
		domain_unpause(d);
	}
	xfree(c);
	return rc;
}

/*
 * XEN_DOMCTL_getvcpucontext, in Xen 4.17's order: -EINVAL for a vCPU
 * that does not exist or is the caller, -ENODATA for one never given a
 * context; the vCPU is off its pCPU while it is read (vcpu_pause(), as
 * Xen: it may be another vCPU of the caller's domain).
 */
static long getvcpucontext(struct domain *d, const struct xen_domctl_vcpucontext *vc)
{
	struct vcpu *v = domctl_vcpu(d, vc->vcpu);
	struct vcpu_guest_context *c;
	long rc = 0;

	if (!v || v == current)
		return -EINVAL;
	if (!ACCESS_ONCE(v->is_initialised))
		return -ENODATA;
	if (!(c = xzalloc(struct vcpu_guest_context)))
		return -ENOMEM;
	vcpu_pause(v); /* another vCPU of the caller's own domain, too */
	pv_get_info_guest(v, c);
	vcpu_unpause(v);
	if (raw_copy_to_guest(vc->ctxt.p, c, sizeof(*c)))
		rc = -EFAULT;
	xfree(c);
	return rc;
}

/* ---- what a domain may reach of the machine ---- */

/*
 * XEN_DOMCTL_irq_permission: grant or revoke @d the IRQ behind a PIRQ of
 * the caller's, as Xen 4.17: the PIRQ must be below the caller's
 * nr_pirqs (-EINVAL) and mapped to an IRQ the caller may use (-EPERM).
 */
static long irq_permission(struct domain *d, const struct xen_domctl_irq_permission *ip)
{
	unsigned int irq;

	if (ip->pirq >= current->domain->nr_pirqs)
		return -EINVAL;
	irq = pirq_access_permitted(current->domain, ip->pirq);
	if (!irq)
		return -EPERM;
	return ip->allow_access ? rangeset_add_range(&d->irq_caps, irq, irq)
				: rangeset_remove_range(&d->irq_caps, irq, irq);
}

/*
 * XEN_DOMCTL_iomem_permission: grant or revoke [first_mfn, first_mfn +
 * nr_mfns - 1] of @d; -EINVAL if it wraps (nr_mfns 0 wraps), -EPERM if
 * the caller may not reach all of it itself.
 */
static long iomem_permission(struct domain *d, const struct xen_domctl_iomem_permission *ip)
{
	unsigned long s = ip->first_mfn, e = s + ip->nr_mfns - 1;

	if (e < s)
		return -EINVAL;
	if (!rangeset_contains_range(&current->domain->iomem_caps, s, e))
		return -EPERM;
	return ip->allow_access ? rangeset_add_range(&d->iomem_caps, s, e)
				: rangeset_remove_range(&d->iomem_caps, s, e);
}

/* XEN_DOMCTL_ioport_permission: the same for ports, which end at 0xffff (-EINVAL). */
static long ioport_permission(struct domain *d, const struct xen_domctl_ioport_permission *ip)
{
	unsigned int s = ip->first_port, n = ip->nr_ports;

	if (s + n <= s || s + n > 0x10000)
		return -EINVAL;
	if (!rangeset_contains_range(&current->domain->ioport_caps, s, s + n - 1))
		return -EPERM;
	return ip->allow_access ? rangeset_add_range(&d->ioport_caps, s, s + n - 1)
				: rangeset_remove_range(&d->ioport_caps, s, s + n - 1);
}

/*
 * XEN_DOMCTL_set_target: the target must exist (-ESRCH) and be another
 * domain (-EINVAL); Xen 4.17 lets only an HVM domain be a target, so
 * for PV it ends at -EOPNOTSUPP.
 */
static long set_target(struct domain *d, domid_t target)
{
	struct domain *e = domain_get(target);
	long rc;

	if (!e)
		return -ESRCH;
	rc = d == e ? -EINVAL : -EOPNOTSUPP;
	domain_put(e);
	return rc;
}

static long getvcpuinfo(struct domain *d, struct xen_domctl_getvcpuinfo *vi)
{
	struct vcpu_runstate_info r;
	struct vcpu *v;

	if (vi->vcpu >= d->max_vcpus)
		return -EINVAL;
	if (!(v = domctl_vcpu(d, vi->vcpu)))
		return -ESRCH;
	vcpu_runstate_get(v, &r);
	vi->online = ACCESS_ONCE(v->is_up);
	vi->blocked = ACCESS_ONCE(v->is_blocked);
	vi->running = __atomic_load_n(&v->is_running, __ATOMIC_RELAXED);
	vi->cpu_time = r.time[RUNSTATE_running];
	vi->cpu = ACCESS_ONCE(v->processor);
	return 0;
}

/* ---- scheduling, memory, the odd settings ---- */

static long scheduler_op(struct domain *d, struct xen_domctl_scheduler_op *op)
{
	unsigned int weight, cap;

	if (op->sched_id != XEN_SCHEDULER_CREDIT)
		return -EINVAL;
	switch (op->cmd) {
	case XEN_DOMCTL_SCHEDOP_getinfo:
		op->u.credit.weight = ACCESS_ONCE(d->weight);
		op->u.credit.cap = ACCESS_ONCE(d->cap);
		return 0;
	case XEN_DOMCTL_SCHEDOP_putinfo:
		/*
		 * Xen's: weight 0 keeps the weight, cap 0xffff keeps the cap;
		 * any other cap is stored (0: none; one above what the domain
		 * could use never bites).
		 */
		weight = op->u.credit.weight ? op->u.credit.weight : ACCESS_ONCE(d->weight);
		cap = op->u.credit.cap != (uint16_t)~0U ? op->u.credit.cap : ACCESS_ONCE(d->cap);
		return csched_set_params(d, weight, cap);
	default:
		return -EINVAL;
	}
}

/*
 * XEN_DOMCTL_hypercall_init: the MFN of a page of @d (else -EINVAL) that
 * can be written (else -EPERM: a page table, say), as Xen 4.17.
 */
static long hypercall_init(struct domain *d, uint64_t mfn)
{
	struct page_info *pg;

	if (!mfn_valid(mfn) || get_page(pg = mfn_to_page(mfn), d))
		return -EINVAL;
	if (get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		return -EPERM;
	}
	pv_fill_hypercall_page(mfn_to_virt(mfn));
	put_page_and_type(pg);
	return 0;
}

static long tsc_info(struct domain *d, uint32_t cmd, struct xen_domctl_tsc_info *ti)
{
	(void)d;
	if (cmd == XEN_DOMCTL_gettscinfo) {
		memset(ti, 0, sizeof(*ti));
		ti->tsc_mode = TSC_MODE_DEFAULT;
		ti->gtsc_khz = (uint32_t)cpu_khz;
		return 0;
	}
	/* Xen reads neither pad nor (for these modes) incarnation: libxc leaves them unset. */
	if ((ti->tsc_mode != TSC_MODE_DEFAULT && ti->tsc_mode != TSC_MODE_NEVER_EMULATE) ||
	    (ti->gtsc_khz && ti->gtsc_khz != cpu_khz))
		return -EINVAL;
	return 0;
}

static long get_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *cp)
{
	int rc = 0;

	if (!cp->leaves.p)
		cp->nr_leaves = CPU_POLICY_MAX_LEAVES;
	else
		rc = cpu_policy_leaves(CPU_POLICY_pv_default, d, cp->leaves.p, &cp->nr_leaves);
	if (rc)
		return rc;
	if (!cp->msrs.p)
		cp->nr_msrs = CPU_POLICY_MAX_MSRS;
	else
		rc = cpu_policy_msrs(CPU_POLICY_pv_default, cp->msrs.p, &cp->nr_msrs);
	return rc;
}

static long set_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *cp)
{
	if (d == current->domain)
		return -EINVAL;
	if (ACCESS_ONCE(d->creation_finished))
		return -EEXIST; /* not once it runs (Xen's) */
	return cpu_policy_set_domain(d, cp->leaves.p, cp->nr_leaves, cp->msrs.p, cp->nr_msrs,
				     &cp->err_leaf, &cp->err_subleaf, &cp->err_msr);
}

static long shadow_op(struct xen_domctl_shadow_op *so)
{
	switch (so->op) {
	case XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION:
		so->mb = 0;
		return 0;
	case XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION:
		return so->mb ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

/* ---- dispatch ---- */

/* Commands acting on an existing domain @d (the domain's reference is the caller's). */
static long domain_cmd(struct domain *d, struct xen_domctl *op, bool *copyback)
{
	*copyback = false;
	switch (op->cmd) {
	case XEN_DOMCTL_pausedomain:
		if (d == current->domain)
			return -EINVAL;
		domain_pause_by_controller(d);
		return 0;
	case XEN_DOMCTL_unpausedomain:
		return domain_unpause_by_controller(d);
	case XEN_DOMCTL_setvcpuaffinity:
	case XEN_DOMCTL_getvcpuaffinity:
		return vcpuaffinity(d, op->cmd, &op->u.vcpuaffinity);
	case XEN_DOMCTL_setnodeaffinity: {
		cpumask_t nodes; /* one node here: bit 0 */
		int rc = xenctl_bitmap_to_cpumask(&op->u.nodeaffinity.nodemap, &nodes);

		return rc ? rc : !(nodes & 1) ? -EINVAL : 0;
	}
	case XEN_DOMCTL_getnodeaffinity:
		return cpumask_to_xenctl_bitmap(1, &op->u.nodeaffinity.nodemap);
	case XEN_DOMCTL_shadow_op:
		*copyback = true;
		return shadow_op(&op->u.shadow_op);
	case XEN_DOMCTL_max_mem:
		spin_lock(&d->lock);
		d->max_pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);
		spin_unlock(&d->lock);
		return 0;
	case XEN_DOMCTL_setvcpucontext:
		return setvcpucontext(d, &op->u.vcpucontext);
	case XEN_DOMCTL_getvcpucontext: {
		long rc = getvcpucontext(d, &op->u.vcpucontext);

		*copyback = rc != -EINVAL && rc != -ENODATA && rc != -ENOMEM; /* Xen's */
		return rc;
	}
	case XEN_DOMCTL_irq_permission:
		return irq_permission(d, &op->u.irq_permission);
	case XEN_DOMCTL_iomem_permission:
		return iomem_permission(d, &op->u.iomem_permission);
	case XEN_DOMCTL_ioport_permission:
		return ioport_permission(d, &op->u.ioport_permission);
	case XEN_DOMCTL_settimeoffset:
		domain_set_time_offset(d, op->u.settimeoffset.time_offset_seconds);
		return 0;
	case XEN_DOMCTL_set_virq_handler:
		return set_global_virq_handler(d, op->u.set_virq_handler.virq);
	case XEN_DOMCTL_set_target:
		return set_target(d, op->u.set_target.target);
	case XEN_DOMCTL_getvcpuinfo:
		*copyback = true;
		return getvcpuinfo(d, &op->u.getvcpuinfo);
	case XEN_DOMCTL_max_vcpus:
		/* createdomain made them all (Xen 4.17 checks the same number); now they show. */
		if (d == current->domain || op->u.max_vcpus.max != d->max_vcpus)
			return -EINVAL;
		ACCESS_ONCE(d->vcpus_published) = true;
		return 0;
	case XEN_DOMCTL_scheduler_op:
		*copyback = true;
		return scheduler_op(d, &op->u.scheduler_op);
	case XEN_DOMCTL_setdomainhandle:
		memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
		return 0;
	case XEN_DOMCTL_setdebugging:
		if (d == current->domain)
			return -EINVAL;
		ACCESS_ONCE(d->debugger_attached) = !!op->u.setdebugging.enable;
		return 0;
	case XEN_DOMCTL_hypercall_init:
		return hypercall_init(d, op->u.hypercall_init.gmfn);
	case XEN_DOMCTL_set_address_size:
		return op->u.address_size.size == 64 ? 0 : -EINVAL;
	case XEN_DOMCTL_get_address_size:
		*copyback = true;
		op->u.address_size.size = 64;
		return 0;
	case XEN_DOMCTL_gettscinfo:
	case XEN_DOMCTL_settscinfo:
		*copyback = op->cmd == XEN_DOMCTL_gettscinfo;
		return tsc_info(d, op->cmd, &op->u.tsc_info);
	case XEN_DOMCTL_get_paging_mempool_size:
		*copyback = true;
		op->u.paging_mempool.size = 0;
		return 0;
	case XEN_DOMCTL_get_cpu_policy:
		*copyback = true;
		return get_cpu_policy(d, &op->u.cpu_policy);
	case XEN_DOMCTL_set_cpu_policy:
		*copyback = true; /* the err_* fields */
		return set_cpu_policy(d, &op->u.cpu_policy);
	case XEN_DOMCTL_xl_memusage:
		*copyback = true;
		op->u.xl_memusage.tot_pages = ACCESS_ONCE(d->tot_pages);
		op->u.xl_memusage.xenheap_pages = ACCESS_ONCE(d->xenheap_pages);
		return 0;
	case XEN_DOMCTL_set_paging_mempool_size:
		if (op->u.paging_mempool.size & (PAGE_SIZE - 1))
			return -EINVAL;
		return op->u.paging_mempool.size ? -ENOSPC : 0;
	default:
		return -ENOSYS;
	}
}

static long destroydomain(struct domain *d)
{
	if (is_hardware_domain(d))
		return -EINVAL; /* dom0 goes only by shutting down (it is the caller, too) */
	return domain_kill(d);
}

long do_domctl(GUEST_PTR(xen_domctl_t) u_domctl)
{
	struct xen_domctl op;
	struct domain *d = NULL;
	bool copyback = true;
	long rc;

	if (copy_from_guest(&op, u_domctl, 1))
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;
	if (op.cmd != XEN_DOMCTL_createdomain) {
		d = domain_get(op.domain);
		if (!d && op.cmd != XEN_DOMCTL_getdomaininfo)
			return -ESRCH;
	}
	if (!current->domain->is_privileged) {
		if (d)
			domain_put(d);
		return -EPERM;
	}

	spin_lock(&domctl_lock);
	switch (op.cmd) {
	case XEN_DOMCTL_createdomain:
		rc = createdomain(&op);
		break;
	case XEN_DOMCTL_getdomaininfo:
		if (!d) {
			/* Xen's walk: the first domain above a free id (none above a reserved one).
			 */
			rc = -EINVAL;
			if (op.domain >= DOMID_FIRST_RESERVED)
				break;
			rc = -ESRCH;
			if (!(d = domain_get_at_or_after(op.domain)))
				break;
		}
		getdomaininfo(d, &op.u.getdomaininfo);
		op.domain = op.u.getdomaininfo.domain;
		rc = 0;
		break;
	case XEN_DOMCTL_destroydomain:
		rc = destroydomain(d);
		copyback = false;
		break;
	default:
		rc = domain_cmd(d, &op, &copyback);
		break;
	}
	spin_unlock(&domctl_lock);
	if (d)
		domain_put(d); /* the last reference if it is gone: then it is freed here */
	if (rc == -ERESTART)
		return hypercall_create_continuation(__HYPERVISOR_domctl, 1, u_domctl.p);
	if (copyback && rc != -ENOSYS && copy_to_guest(u_domctl, &op, 1))
		return -EFAULT;
	return rc;
}
