// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysctl: the control domain's host-wide operations. Our own interface
 * (include/public/sysctl.h), versioned: a caller built against another
 * XEN_SYSCTL_INTERFACE_VERSION gets -EACCES, never a misread structure.
 * Copy in once, check, act, copy out.
 */
#include <public/domctl.h>
#include <public/sysctl.h>
#include <asm/cpufeature.h>
#include <asm/smp.h>
#include <xen/console.h>
#include <xen/errno.h>
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
	/* The CPUs online (all of them run guests once the scheduler starts: docs/smp.md). */
	pi->nr_cpus = num_online_cpus();
	pi->max_cpu_id = max_online_cpu();
	pi->nr_nodes = 1;
	pi->cpu_khz = cpu_khz;
	pi->sched_id = XEN_SCHEDULER_CREDIT;
	pi->total_pages = heap_total_pages();
	pi->free_pages = heap_free_pages();
	pi->max_mfn = max_page - 1;
	pi->hw_cap[0] = boot_cpu_data.l1_edx;
	pi->hw_cap[1] = boot_cpu_data.l1_ecx;
	pi->hw_cap[2] = boot_cpu_data.e1_edx;
	pi->hw_cap[3] = boot_cpu_data.e1_ecx;
	pi->hw_cap[4] = boot_cpu_data.l7_ebx;
	pi->hw_cap[5] = boot_cpu_data.l7_ecx;
}

/* Copy the console ring (oldest first) from op->index on. */
static int readconsole(struct xen_sysctl_readconsole *op)
{
	static char ring[64 * 1024];
	size_t have = console_ring_read(ring, sizeof(ring)), start = 0, n;

	if (op->pad)
		return -EINVAL;
	if (op->flags & XEN_SYSCTL_READCONSOLE_incremental)
		start = min((size_t)op->index, have);
	n = min((size_t)op->count, have - start);
	if (n && raw_copy_to_guest(op->buffer.p, ring + start, n))
		return -EFAULT;
	op->count = n;
	op->index = start + n;
	return 0;
}

long do_sysctl(GUEST_PTR(xen_sysctl_t) u_sysctl)
{
	struct xen_sysctl op;
	int rc;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&op, u_sysctl, 1))
		return -EFAULT;
	if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -EACCES;
	switch (op.cmd) {
	case XEN_SYSCTL_physinfo:
		physinfo(&op.u.physinfo);
		rc = 0;
		break;
	case XEN_SYSCTL_readconsole:
		rc = readconsole(&op.u.readconsole);
		break;
	case XEN_SYSCTL_tbuf_op:
		rc = trace_op(&op.u.tbuf_op);
		break;
	case XEN_SYSCTL_perfc_op:
		rc = op.u.perfc_op.pad ? -EINVAL : perfc_op(&op.u.perfc_op);
		break;
	default:
		return -ENOSYS;
	}
	if (copy_to_guest(u_sysctl, &op, 1))
		return -EFAULT;
	return rc;
}
