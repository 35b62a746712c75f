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
 *   - vCPU contexts: getvcpucontext of its own running vCPU and of a
 *     vCPU d1 does not have is -EINVAL, so is a new domain's vCPU before
 *     max_vcpus (which makes them on Xen); after it, one that never had
 *     a context is -ENODATA, and resetting it (a null context) is 0; of
 *     d1's vCPU 0 (paused) it is the one the builder loaded (online, in
 *     kernel mode, its kernel stack segment), and giving it back with
 *     setvcpucontext is 0, but with another page table -EOPNOTSUPP (Xen
 *     keeps a vCPU's frames);
 *   - I/O permissions: dom0 grants and revokes I/O memory frames and
 *     ports it holds to d1 (0), not the local APIC's frame or the PIT's
 *     ports, which it lacks itself (-EPERM); an empty or wrapping range
 *     is -EINVAL; irq_permission of a PIRQ dom0 never mapped is -EPERM,
 *     of one beyond its PIRQ numbers -EINVAL;
 *   - settimeoffset moves the wallclock in shared_info by the offset
 *     (dom0's own, back to 0 after); set_virq_handler takes a global
 *     VIRQ (0) but not a per-vCPU or unknown one (-EINVAL); set_target
 *     is -ESRCH for a target that does not exist, -EINVAL for itself and
 *     -EOPNOTSUPP for a PV target (Xen 4.17 keeps targets for HVM);
 * d1 (unprivileged), every refusal as Xen orders its checks: domctl and
 * sysctl -EPERM, but -EACCES for a wrong version and -ESRCH for a domain
 * that does not exist (looked up before the privilege check);
 * acquire_resource of dom0's grant table, get_version of dom0's table, a
 * foreign mmu_update naming dom0 and an unbound port allocated in dom0
 * -EPERM, and so are getvcpucontext, iomem_permission and settimeoffset;
 * set_version(2) -ENOSYS with version 1 reported (the builder gives it
 * grant version 1 as its maximum). d1 powers off if
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
#define EMPTY 2
#define DOMID_SELF_ID PEER /* d1 naming itself (domctl takes no DOMID_SELF) */
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

static long vcpucontext(uint32_t cmd, domid_t dom, uint32_t vcpu, struct vcpu_guest_context *c)
{
	xen_domctl_t op = {.cmd = cmd, .domain = dom};

	op.u.vcpucontext.vcpu = vcpu;
	set_xen_guest_handle(op.u.vcpucontext.ctxt, c);
	return domctl_op(&op);
}

static void check_vcpu_contexts(void)
{
	static struct vcpu_guest_context c;
	xen_domctl_t op;
	long rc;

	check_long("getvcpucontext of dom0's own running vCPU", -XEN_EINVAL,
		   vcpucontext(XEN_DOMCTL_getvcpucontext, 0, 0, &c));
	check_long("getvcpucontext of d1's vCPU 1 (it has one)", -XEN_EINVAL,
		   vcpucontext(XEN_DOMCTL_getvcpucontext, PEER, 1, &c));
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_createdomain, .domain = EMPTY};
	op.u.createdomain.max_vcpus = 1;
	op.u.createdomain.grant_opts = 1;
	op.u.createdomain.max_grant_frames = -1;
	op.u.createdomain.max_maptrack_frames = -1;
	if (check_long("createdomain of d2, left empty", 0, domctl_op(&op))) {
		check_long("getvcpucontext of d2's vCPU 0 before max_vcpus", -XEN_EINVAL,
			   vcpucontext(XEN_DOMCTL_getvcpucontext, EMPTY, 0, &c));
		op = (xen_domctl_t){.cmd = XEN_DOMCTL_max_vcpus, .domain = EMPTY};
		op.u.max_vcpus.max = 1;
		check_long("max_vcpus 1 of d2", 0, domctl_op(&op));
		check_long("getvcpucontext of d2's vCPU 0 (never given a context)", -XEN_ENODATA,
			   vcpucontext(XEN_DOMCTL_getvcpucontext, EMPTY, 0, &c));
		check_long("setvcpucontext of d2's vCPU 0 with none (reset)", 0,
			   vcpucontext(XEN_DOMCTL_setvcpucontext, EMPTY, 0, NULL));
		check_long("setvcpucontext of d2's vCPU 1 (it has one)", -XEN_EINVAL,
			   vcpucontext(XEN_DOMCTL_setvcpucontext, EMPTY, 1, NULL));
		check_long("destroydomain of d2", 0, domctl_destroydomain(EMPTY));
	}
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_pausedomain, .domain = PEER};
	if (!check_long("pausedomain of d1", 0, domctl_op(&op)))
		return;
	rc = vcpucontext(XEN_DOMCTL_getvcpucontext, PEER, 0, &c);
	if (check_long("getvcpucontext of d1's vCPU 0", 0, rc)) {
		check_long("d1's vCPU 0 online and in kernel mode (flags)",
			   VGCF_online | VGCF_in_kernel, c.flags & (VGCF_online | VGCF_in_kernel));
		check_u64("d1's kernel_ss", FLAT_KERNEL_SS, c.kernel_ss);
		check_long("d1's page table given (ctrlreg[3])", 1, c.ctrlreg[3] != 0);
		check_long("setvcpucontext of d1's vCPU 0 with its own context", 0,
			   vcpucontext(XEN_DOMCTL_setvcpucontext, PEER, 0, &c));
		c.ctrlreg[3] += xen_pfn_to_cr3(1);
		check_long("setvcpucontext of d1's vCPU 0 with another page table", -XEN_EOPNOTSUPP,
			   vcpucontext(XEN_DOMCTL_setvcpucontext, PEER, 0, &c));
	}
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_unpausedomain, .domain = PEER};
	check_long("unpausedomain of d1", 0, domctl_op(&op));
}

static long iomem_permission(domid_t dom, uint64_t first, uint64_t nr, bool allow)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_iomem_permission, .domain = dom};

	op.u.iomem_permission.first_mfn = first;
	op.u.iomem_permission.nr_mfns = nr;
	op.u.iomem_permission.allow_access = allow;
	return domctl_op(&op);
}

static long ioport_permission(domid_t dom, uint32_t first, uint32_t nr, bool allow)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_ioport_permission, .domain = dom};

	op.u.ioport_permission.first_port = first;
	op.u.ioport_permission.nr_ports = nr;
	op.u.ioport_permission.allow_access = allow;
	return domctl_op(&op);
}

static long irq_permission(domid_t dom, uint32_t pirq)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_irq_permission, .domain = dom};

	op.u.irq_permission.pirq = pirq;
	op.u.irq_permission.allow_access = 1;
	return domctl_op(&op);
}

static void check_io_permissions(void)
{
	check_long("iomem_permission: grant d1 the VGA frames 0xa0-0xbf", 0,
		   iomem_permission(PEER, 0xa0, 0x20, true));
	check_long("iomem_permission: revoke them", 0, iomem_permission(PEER, 0xa0, 0x20, false));
	check_long("iomem_permission: grant d1 the local APIC's frame (dom0 lacks it)", -XEN_EPERM,
		   iomem_permission(PEER, 0xfee00, 1, true));
	check_long("iomem_permission of no frames (the range wraps)", -XEN_EINVAL,
		   iomem_permission(PEER, 0xa0, 0, true));
	check_long("iomem_permission of a range past the top", -XEN_EINVAL,
		   iomem_permission(PEER, ~0UL - 1, 4, true));
	check_long("ioport_permission: grant d1 ports 0x2000-0x2007", 0,
		   ioport_permission(PEER, 0x2000, 8, true));
	check_long("ioport_permission: revoke them", 0, ioport_permission(PEER, 0x2000, 8, false));
	check_long("ioport_permission: grant d1 the PIT's ports (dom0 lacks them)", -XEN_EPERM,
		   ioport_permission(PEER, 0x40, 4, true));
	check_long("ioport_permission of no ports", -XEN_EINVAL,
		   ioport_permission(PEER, 0x2000, 0, true));
	check_long("ioport_permission past port 0xffff", -XEN_EINVAL,
		   ioport_permission(PEER, 0xfff0, 0x20, true));
	check_long("irq_permission of PIRQ 5 (dom0 mapped none)", -XEN_EPERM,
		   irq_permission(PEER, 5));
	check_long("irq_permission of PIRQ 0x10000 (beyond dom0's)", -XEN_EINVAL,
		   irq_permission(PEER, 0x10000));
}

/* The wallclock seconds in dom0's shared_info (version protocol). */
static uint64_t wallclock_sec(void)
{
	volatile shared_info_t *s = shared_info();
	uint32_t v;
	uint64_t sec;

	do {
		v = s->wc_version;
		__asm__ __volatile__("" ::: "memory");
		sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
		__asm__ __volatile__("" ::: "memory");
	} while ((v & 1) || v != s->wc_version);
	return sec;
}

static long settimeoffset(domid_t dom, int64_t secs)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_settimeoffset, .domain = dom};

	op.u.settimeoffset.time_offset_seconds = secs;
	return domctl_op(&op);
}

static long set_virq_handler(domid_t dom, uint32_t virq)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_set_virq_handler, .domain = dom};

	op.u.set_virq_handler.virq = virq;
	return domctl_op(&op);
}

static long set_target(domid_t dom, domid_t target)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_set_target, .domain = dom};

	op.u.set_target.target = target;
	return domctl_op(&op);
}

static void check_misc(void)
{
	uint64_t before = wallclock_sec(), after;

	if (check_long("settimeoffset of dom0 by +1000 s", 0, settimeoffset(0, 1000))) {
		after = wallclock_sec();
		check_u64("dom0's wallclock moved by", 1000, after - before);
		check_long("settimeoffset of dom0 back to 0", 0, settimeoffset(0, 0));
		check_u64("dom0's wallclock back by", 0, wallclock_sec() - before);
	}
	check_long("settimeoffset of d1 by -3600 s", 0, settimeoffset(PEER, -3600));
	check_long("set_virq_handler of VIRQ_ENOMEM to d1", 0, set_virq_handler(PEER, VIRQ_ENOMEM));
	check_long("set_virq_handler of VIRQ_ENOMEM back to dom0", 0,
		   set_virq_handler(0, VIRQ_ENOMEM));
	check_long("set_virq_handler of VIRQ_TIMER (per vCPU)", -XEN_EINVAL,
		   set_virq_handler(PEER, VIRQ_TIMER));
	check_long("set_virq_handler of VIRQ 99", -XEN_EINVAL, set_virq_handler(PEER, 99));
	check_long("set_target of d1 to a domain that does not exist", -XEN_ESRCH,
		   set_target(PEER, NO_SUCH_DOM));
	check_long("set_target of d1 to itself", -XEN_EINVAL, set_target(PEER, PEER));
	check_long("set_target of d1 to dom0 (PV)", -XEN_EOPNOTSUPP, set_target(PEER, 0));
}

static void run_dom0(void)
{
	struct builder_domain b = {.domid = PEER, .mem_mib = PEER_MIB, .cmdline = "role=peer"};
	xen_domctl_t op;

	dom0_refusals();
	if (!md_own_image(&b))
		return;
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
	check_vcpu_contexts();
	check_io_permissions();
	check_misc();
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
	static struct vcpu_guest_context ctxt;
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
	check_long("d1: getvcpucontext of d0", -XEN_EPERM,
		   vcpucontext(XEN_DOMCTL_getvcpucontext, 0, 0, &ctxt));
	check_long("d1: iomem_permission of its own", -XEN_EPERM,
		   iomem_permission(DOMID_SELF_ID, 0xa0, 1, true));
	check_long("d1: settimeoffset of its own", -XEN_EPERM, settimeoffset(DOMID_SELF_ID, 1));
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
