// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control plane's refusals (domctl, sysctl and the privileged
 * memory and event operations), the same on xen-like and on Xen 4.17.
 * dom0, with its own image as module 2:
 *   - a wrong interface version is -EACCES (domctl and sysctl), a domid
 *     that does not exist -ESRCH, a reserved one in getdomaininfo
 *     -EINVAL;
 *   - createdomain refuses no vCPUs, unknown flags, grant version 0, 3
 *     (above the maximum, 2) and 15, unknown grant options and HVM
 *     emulation flags for PV; pausing itself, unpausing a domain the
 *     toolstack never paused and destroying itself are -EINVAL;
 *   - get_cpu_policy with its reserved field set or an unknown index is
 *     -EINVAL; acquire_resource of its own domain -EPERM, with pad set
 *     -EINVAL;
 *   - it builds d1 from its own image (paused until unpausedomain, the
 *     builder's last step); once d1 runs, a second max_vcpus with another
 *     number is -EINVAL, hypercall_init on a frame that is not d1's
 *     -EINVAL and set_cpu_policy -EEXIST;
 * d1 (unprivileged), every refusal as Xen orders its checks: domctl and
 * sysctl -EPERM, but -EACCES for a wrong version and -ESRCH for a domain
 * that does not exist (looked up before the privilege check);
 * acquire_resource of dom0's grant table, get_version of dom0's table, a
 * foreign mmu_update naming dom0 and an unbound port allocated in dom0
 * -EPERM; set_version(2) -ENOSYS with version 1 reported (the builder
 * gives it grant version 1 as its maximum). d1 powers off if
 * all held, crashes otherwise; dom0 checks which.
 */
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <guest/builder.h>
#include <mm.h>
#include <multidom.h>

const char test_title[] = "Control plane refusals (domctl, sysctl, foreign operations)";

#define PEER 1
#define NO_SUCH_DOM 0x7000
#define PEER_MIB 16

static long domctl_ver(xen_domctl_t *op, uint32_t version)
{
	op->interface_version = version;
	return HYPERVISOR_domctl(op);
}

static long sysctl_ver(xen_sysctl_t *op, uint32_t version)
{
	op->interface_version = version;
	return HYPERVISOR_sysctl(op);
}

static long createdomain(uint32_t max_vcpus, uint32_t flags, uint32_t grant_opts, uint32_t emu)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_createdomain};

	op.u.createdomain.max_vcpus = max_vcpus;
	op.u.createdomain.flags = flags;
	op.u.createdomain.grant_opts = grant_opts;
	op.u.createdomain.max_grant_frames = -1;
	op.u.createdomain.max_maptrack_frames = -1;
	op.u.createdomain.arch.emulation_flags = emu;
	return domctl_op(&op);
}

static long acquire_grant_table(domid_t dom, uint32_t pad)
{
	static xen_pfn_t frames[1];
	struct xen_mem_acquire_resource r = {
		.domid = dom, .type = XENMEM_resource_grant_table,
		.id = XENMEM_resource_grant_table_id_shared, .nr_frames = 1, .pad = pad,
	};

	set_xen_guest_handle(r.frame_list, frames);
	return HYPERVISOR_memory_op(XENMEM_acquire_resource, &r);
}

static void dom0_refusals(void)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_getdomaininfo, .domain = 0};
	xen_sysctl_t sop = {.cmd = XEN_SYSCTL_physinfo};

	check_long("domctl with version 0x14", -XEN_EACCES, domctl_ver(&op, 0x14));
	check_long("sysctl with version 0x14", -XEN_EACCES, sysctl_ver(&sop, 0x14));
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_getvcpuinfo, .domain = NO_SUCH_DOM};
	check_long("getvcpuinfo of a domain that does not exist", -XEN_ESRCH, domctl_op(&op));
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_getdomaininfo, .domain = DOMID_IO};
	check_long("getdomaininfo of DOMID_IO", -XEN_EINVAL, domctl_op(&op));
	check_long("createdomain with no vCPUs", -XEN_EINVAL, createdomain(0, 0, 1, 0));
	check_long("createdomain with an unknown flag", -XEN_EINVAL, createdomain(1, 1U << 31, 1, 0));
	check_long("createdomain with grant version 0", -XEN_EINVAL, createdomain(1, 0, 0, 0));
	check_long("createdomain with grant version 3 (above the maximum, 2)", -XEN_EINVAL,
		   createdomain(1, 0, 3, 0));
	check_long("createdomain with grant version 15", -XEN_EINVAL, createdomain(1, 0, 15, 0));
	check_long("createdomain with an unknown grant option", -XEN_EINVAL,
		   createdomain(1, 0, 0x10 | 2, 0));
	check_long("createdomain of PV with an emulated local APIC", -XEN_EOPNOTSUPP,
		   createdomain(1, 0, 1, XEN_X86_EMU_LAPIC));
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_pausedomain, .domain = 0};
	check_long("pausedomain of itself", -XEN_EINVAL, domctl_op(&op));
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_unpausedomain, .domain = 0};
	check_long("unpausedomain of dom0 (never paused by the toolstack)", -XEN_EINVAL,
		   domctl_op(&op));
	check_long("destroydomain of itself", -XEN_EINVAL, domctl_destroydomain(0));
	sop = (xen_sysctl_t){.cmd = XEN_SYSCTL_get_cpu_policy};
	sop.u.cpu_policy.index = XEN_SYSCTL_cpu_policy_host;
	sop.u.cpu_policy._rsvd = 1;
	check_long("get_cpu_policy with _rsvd set", -XEN_EINVAL, sysctl_op(&sop));
	sop.u.cpu_policy._rsvd = 0;
	sop.u.cpu_policy.index = 99;
	check_long("get_cpu_policy of policy 99", -XEN_EINVAL, sysctl_op(&sop));
	check_long("acquire_resource of its own grant table", -XEN_EPERM, acquire_grant_table(0, 0));
}

static void run_dom0(void)
{
	struct builder_domain b = {.domid = PEER, .mem_mib = PEER_MIB, .cmdline = "role=peer"};
	xen_domctl_t op;

	dom0_refusals();
	if (builder_own_module(&b.image, &b.image_len)) {
		xtf_skip("no module 2: boot with this kernel again as dom0's initrd "
			 "(tests/pv-builder.list)");
		return;
	}
	if (!check_long("builder_create of d1", 0, builder_create(&b)))
		return;
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_max_vcpus, .domain = PEER, .u.max_vcpus.max = 2};
	check_long("max_vcpus 2 of d1 (created with 1)", -XEN_EINVAL, domctl_op(&op));
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_hypercall_init, .domain = PEER};
	op.u.hypercall_init.gmfn = virt_to_mfn(start_info);
	check_long("hypercall_init of d1 on a frame of dom0's", -XEN_EINVAL, domctl_op(&op));
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_set_cpu_policy, .domain = PEER};
	check_long("set_cpu_policy of d1 once it runs", -XEN_EEXIST, domctl_op(&op));
	check_long("acquire_resource of d1's grant table with pad set", -XEN_EINVAL,
		   acquire_grant_table(PEER, 1));
	check_long("d1 shutdown reason within 20 s (0 poweroff: its refusals held; 3 crash)",
		   SHUTDOWN_poweroff, md_wait_shutdown(PEER, md_deadline(20 * NS_PER_S)));
	check_long("destroydomain of d1", 0, domctl_destroydomain(PEER));
	xtf_success(NULL);
}

/* d1: everything privileged is refused, in Xen's order of checks. */
static void run_peer(void)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_getdomaininfo, .domain = 0};
	xen_sysctl_t sop = {.cmd = XEN_SYSCTL_physinfo};
	struct evtchn_alloc_unbound unbound;
	struct mmu_update req;
	struct gnttab_set_version sv = {.version = 2};
	struct gnttab_get_version gv = {.dom = 0};
	const char *what;

	xtf_set_failure_shutdown(SHUTDOWN_crash);
	check_long("d1: getdomaininfo of d0", -XEN_EPERM, domctl_op(&op));
	check_long("d1: domctl with version 0x14", -XEN_EACCES, domctl_ver(&op, 0x14));
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_getvcpuinfo, .domain = NO_SUCH_DOM};
	check_long("d1: domctl on a domain that does not exist", -XEN_ESRCH, domctl_op(&op));
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_destroydomain, .domain = 0};
	check_long("d1: destroydomain of d0", -XEN_EPERM, domctl_op(&op));
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_createdomain};
	op.u.createdomain.max_vcpus = 1;
	op.u.createdomain.grant_opts = 1;
	check_long("d1: createdomain", -XEN_EPERM, domctl_op(&op));
	check_long("d1: sysctl physinfo", -XEN_EPERM, sysctl_op(&sop));
	check_long("d1: sysctl with version 0x14", -XEN_EACCES, sysctl_ver(&sop, 0x14));
	check_long("d1: acquire_resource of d0's grant table", -XEN_EPERM,
		   acquire_grant_table(0, 0));
	unbound.dom = 0;
	unbound.remote_dom = 0;
	check_long("d1: alloc_unbound in d0", -XEN_EPERM,
		   HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &unbound));
	/* The builder gave us grant version 1 as our maximum: v2 is as if unknown. */
	check_long("d1: set_version(2) with maximum version 1", -XEN_ENOSYS,
		   HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1));
	check_long("d1: set_version(2) refused reports", 1, sv.version);
	check_long("d1: get_version of d0", -XEN_EPERM,
		   HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1));
	if (mm_init(&what)) {
		xtf_error("d1: mm_init: %s", what);
		return;
	}
	/* A PTE of its own naming a frame as dom0's (foreigndom 0): refused before anything. */
	req.ptr = mm_window_pte_maddr(0);
	req.val = (virt_to_mfn(start_info) << 12) | _PAGE_PRESENT;
	check_long("d1: mmu_update with foreigndom d0", -XEN_EPERM,
		   HYPERVISOR_mmu_update(&req, 1, NULL, 0));
	xtf_success(NULL);
}

void test_main(void)
{
	md_run_dom0_or_peer(run_dom0, run_peer);
}
