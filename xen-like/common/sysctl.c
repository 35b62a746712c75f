// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysctl: the control domain's host-wide operations, in Xen 4.17's
 * interface (include/public/sysctl.h, version 0x15), plus xen-like's
 * research instruments at extension numbers. Copy in once, check the
 * version, then the caller (Xen's order), act, copy out.
 *
 * The machine as the toolstack sees it: every online pCPU its own
 * socket with one core and one thread, one NUMA node holding all
 * memory, one CPU pool (Pool-0, id 0) holding every pCPU and domain,
 * the credit scheduler.
 */
#include <public/domctl.h>
#include <public/sysctl.h>
#include <asm/cpu-policy.h>
#include <asm/cpufeature.h>
#include <asm/smp.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/perfc.h>
#include <xen/sched.h>
#include <xen/time.h>

static void physinfo(struct xen_sysctl_physinfo *pi)
{
	memset(pi, 0, sizeof(*pi));
	pi->threads_per_core = 1;
	pi->cores_per_socket = 1;
	pi->nr_cpus = num_online_cpus();
	pi->max_cpu_id = max_online_cpu();
	pi->nr_nodes = 1;
	pi->max_node_id = 0;
	pi->cpu_khz = (uint32_t)cpu_khz;
	pi->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1;
	if (opt_gnttab_max_version >= 2)
		pi->capabilities |= XEN_SYSCTL_PHYSCAP_gnttab_v2;
	pi->total_pages = heap_total_pages();
	pi->free_pages = heap_free_pages();
	pi->outstanding_pages = heap_outstanding_claims();
	pi->max_mfn = max_page - 1;
	/* Xen's featureset word order: 1.edx, 1.ecx, e1.edx, e1.ecx, d[1].eax, 7.ebx, 7.ecx,
	 * e7.edx. */
	pi->hw_cap[0] = boot_cpu_data.l1_edx;
	pi->hw_cap[1] = boot_cpu_data.l1_ecx;
	pi->hw_cap[2] = boot_cpu_data.e1_edx;
	pi->hw_cap[3] = boot_cpu_data.e1_ecx;
	pi->hw_cap[5] = boot_cpu_data.l7_ebx;
	pi->hw_cap[6] = boot_cpu_data.l7_ecx;
	pi->hw_cap[7] = boot_cpu_data.e7_edx;
}

/* Copy the console ring (oldest first) from op->index on. */
static int readconsole(struct xen_sysctl_readconsole *op)
{
	static char ring[64 * 1024];
	size_t have = console_ring_read(ring, sizeof(ring)), start = 0, n;

	if (op->incremental)
		start = min((size_t)op->index, have);
	n = min((size_t)op->count, have - start);
	if (n && raw_copy_to_guest(op->buffer.p, ring + start, n))
		return -EFAULT;
	op->count = n;
	op->index = start + n;
	return 0;
}

/*
 * The toolstack's walk of the domains: the one with the lowest id at or
 * above *@next, with a reference (NULL when none is left below the
 * reserved ids); *@next moves past it.
 */
static struct domain *next_domain(uint32_t *next)
{
	struct domain *d;

	if (*next >= DOMID_FIRST_RESERVED || !(d = domain_get_at_or_after((domid_t)*next)))
		return NULL;
	if (d->domain_id >= DOMID_FIRST_RESERVED) {
		domain_put(d);
		return NULL;
	}
	*next = d->domain_id + 1U;
	return d;
}

static int getdomaininfolist(struct xen_sysctl_getdomaininfolist *op)
{
	struct xen_domctl_getdomaininfo info;
	uint32_t next = op->first_domain;
	unsigned int n = 0;
	struct domain *d;

	while (n < op->max_domains && (d = next_domain(&next))) {
		getdomaininfo(d, &info);
		domain_put(d);
		if (raw_copy_to_guest(op->buffer.p + n * sizeof(info), &info, sizeof(info))) {
			op->num_domains = n;
			return -EFAULT;
		}
		n++;
	}
	op->num_domains = n;
	return 0;
}

static int getcpuinfo(struct xen_sysctl_getcpuinfo *op)
{
	struct xen_sysctl_cpuinfo ci;
	struct vcpu_runstate_info r;
	unsigned int cpu, n = 0;

	for (cpu = 0; cpu < NR_CPUS && n < op->max_cpus; cpu++) {
		if (!cpu_online(cpu) || !dom_idle.vcpu[cpu])
			break;
		vcpu_runstate_get(dom_idle.vcpu[cpu], &r);
		ci.idletime = r.time[RUNSTATE_running];
		if (raw_copy_to_guest(op->info.p + n * sizeof(ci), &ci, sizeof(ci)))
			return -EFAULT;
		n++;
	}
	op->nr_cpus = n;
	return 0;
}

static int cputopoinfo(struct xen_sysctl_cputopoinfo *op)
{
	unsigned int nr = max_online_cpu() + 1, i;
	struct xen_sysctl_cputopo t;

	if (op->cputopo.p) {
		for (i = 0; i < min(nr, op->num_cpus); i++) {
			t.core = t.socket = t.node = XEN_INVALID_CORE_ID;
			if (cpu_online(i)) {
				t.core = 0;
				t.socket = i;
				t.node = 0;
			}
			if (raw_copy_to_guest(op->cputopo.p + i * sizeof(t), &t, sizeof(t)))
				return -EFAULT;
		}
	}
	op->num_cpus = nr;
	return 0;
}

static int numainfo(struct xen_sysctl_numainfo *op)
{
	struct xen_sysctl_meminfo mi;
	uint32_t dist = 10;

	if (op->meminfo.p || op->distance.p) {
		if (op->num_nodes < 1)
			return -ENOBUFS;
		mi.memsize = heap_total_pages() << PAGE_SHIFT;
		mi.memfree = heap_free_pages() << PAGE_SHIFT;
		if (op->meminfo.p && raw_copy_to_guest(op->meminfo.p, &mi, sizeof(mi)))
			return -EFAULT;
		if (op->distance.p && raw_copy_to_guest(op->distance.p, &dist, sizeof(dist)))
			return -EFAULT;
	}
	op->num_nodes = 1;
	return 0;
}

static unsigned int count_domains(void)
{
	unsigned int n = 0;
	uint32_t next = 0;
	struct domain *d;

	for (; (d = next_domain(&next)); n++)
		domain_put(d);
	return n;
}

static int cpupool_op(struct xen_sysctl_cpupool_op *op)
{
	switch (op->op) {
	case XEN_SYSCTL_CPUPOOL_OP_INFO:
		if (op->cpupool_id != 0)
			return -ENOENT; /* the first pool at or above it: none */
		op->cpupool_id = 0;
		op->sched_id = XEN_SCHEDULER_CREDIT;
		op->n_dom = count_domains();
		return cpumask_to_xenctl_bitmap(cpu_sched_map, &op->cpumap);
	case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
		return cpumask_to_xenctl_bitmap(0, &op->cpumap);
	case XEN_SYSCTL_CPUPOOL_OP_CREATE:
	case XEN_SYSCTL_CPUPOOL_OP_DESTROY:
	case XEN_SYSCTL_CPUPOOL_OP_ADDCPU:
	case XEN_SYSCTL_CPUPOOL_OP_RMCPU:
	case XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

static void availheap(struct xen_sysctl_availheap *op)
{
	unsigned int bits = boot_cpu_data.phys_bits;

	op->avail_bytes = 0;
	if ((op->node != -1 && op->node != 0) || (op->max_bitwidth && op->max_bitwidth < bits))
		return;
	op->avail_bytes = heap_free_pages() << PAGE_SHIFT;
}

/* The system policies there are: no HVM ones. */
static bool policy_exists(uint32_t index)
{
	return index == XEN_SYSCTL_cpu_policy_raw || index == XEN_SYSCTL_cpu_policy_host ||
	       index == XEN_SYSCTL_cpu_policy_pv_max || index == XEN_SYSCTL_cpu_policy_pv_default;
}

static int get_cpu_policy(struct xen_sysctl_cpu_policy *cp)
{
	int rc = 0;

	if (cp->_rsvd || cp->index > XEN_SYSCTL_cpu_policy_hvm_default)
		return -EINVAL;
	if (!policy_exists(cp->index))
		return -EOPNOTSUPP;
	if (!cp->leaves.p)
		cp->nr_leaves = CPU_POLICY_MAX_LEAVES;
	else
		rc = cpu_policy_leaves(cp->index, NULL, cp->leaves.p, &cp->nr_leaves);
	if (rc)
		return rc;
	if (!cp->msrs.p)
		cp->nr_msrs = CPU_POLICY_MAX_MSRS;
	else
		rc = cpu_policy_msrs(cp->index, cp->msrs.p, &cp->nr_msrs);
	return rc;
}

/* The featuresets follow the policies: pv is pv_default, pv_max pv_max. */
static int get_cpu_featureset(struct xen_sysctl_cpu_featureset *op)
{
	static const unsigned int policy[] = {
		[XEN_SYSCTL_cpu_featureset_raw] = CPU_POLICY_raw,
		[XEN_SYSCTL_cpu_featureset_host] = CPU_POLICY_host,
		[XEN_SYSCTL_cpu_featureset_pv] = CPU_POLICY_pv_default,
		[XEN_SYSCTL_cpu_featureset_pv_max] = CPU_POLICY_pv_max,
	};
	uint32_t fs[CPU_FEATURESET_WORDS];
	unsigned int nr;

	if (!op->features.p) {
		op->nr_features = CPU_FEATURESET_WORDS;
		return 0;
	}
	nr = min(op->nr_features, (uint32_t)CPU_FEATURESET_WORDS);
	if (op->index > XEN_SYSCTL_cpu_featureset_hvm_max)
		return -EINVAL;
	if (op->index == XEN_SYSCTL_cpu_featureset_hvm ||
	    op->index == XEN_SYSCTL_cpu_featureset_hvm_max)
		return -EOPNOTSUPP;
	cpu_policy_featureset(policy[op->index], fs);
	if (raw_copy_to_guest(op->features.p, fs, nr * sizeof(fs[0])))
		return -EFAULT;
	op->nr_features = nr;
	return nr < CPU_FEATURESET_WORDS ? -ENOBUFS : 0;
}

long do_sysctl(GUEST_PTR(xen_sysctl_t) u_sysctl)
{
	struct xen_sysctl op;
	int rc;

	if (copy_from_guest(&op, u_sysctl, 1))
		return -EFAULT;
	if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -EACCES;
	if (!current->domain->is_privileged)
		return -EPERM;
	switch (op.cmd) {
	case XEN_SYSCTL_readconsole:
		rc = readconsole(&op.u.readconsole);
		break;
	case XEN_SYSCTL_physinfo:
		physinfo(&op.u.physinfo);
		rc = 0;
		break;
	case XEN_SYSCTL_sched_id:
		op.u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;
		rc = 0;
		break;
	case XEN_SYSCTL_getdomaininfolist:
		rc = getdomaininfolist(&op.u.getdomaininfolist);
		break;
	case XEN_SYSCTL_getcpuinfo:
		rc = getcpuinfo(&op.u.getcpuinfo);
		break;
	case XEN_SYSCTL_availheap:
		availheap(&op.u.availheap);
		rc = 0;
		break;
	case XEN_SYSCTL_cputopoinfo:
		rc = cputopoinfo(&op.u.cputopoinfo);
		break;
	case XEN_SYSCTL_numainfo:
		rc = numainfo(&op.u.numainfo);
		break;
	case XEN_SYSCTL_cpupool_op:
		rc = cpupool_op(&op.u.cpupool_op);
		break;
	case XEN_SYSCTL_get_cpu_featureset:
		rc = get_cpu_featureset(&op.u.cpu_featureset);
		break;
	case XEN_SYSCTL_get_cpu_policy:
		rc = get_cpu_policy(&op.u.cpu_policy);
		break;
	case XEN_SYSCTL_xl_tbuf_op:
		rc = trace_op(&op.u.xl_tbuf_op);
		break;
	case XEN_SYSCTL_xl_perfc_op:
		rc = op.u.xl_perfc_op.pad ? -EINVAL : perfc_op(&op.u.xl_perfc_op);
		break;
	default:
		return -ENOSYS;
	}
	if (copy_to_guest(u_sysctl, &op, 1))
		return -EFAULT;
	return rc;
}
