/* SPDX-License-Identifier: MIT */
/*
 * domctl: the toolstack's operations on one domain (create, destroy,
 * pause, inspect, size, load a vCPU context, scheduler parameters,
 * affinity, permissions).
 *
 * Xen 4.17's interface: same command numbers, layouts and
 * XEN_DOMCTL_INTERFACE_VERSION (0x15), so Debian's libxc and xl work
 * unchanged and a toolstack built here runs on Xen. Commands xen-like
 * does not implement answer -ENOSYS (they are listed with the main
 * entry below); their numbers and argument layouts are here all the
 * same, so that a toolstack built on this header builds unchanged.
 */
#ifndef __XEN_PUBLIC_DOMCTL_H__
#define __XEN_PUBLIC_DOMCTL_H__

#include "xen.h"
#include "event_channel.h"
#include "grant_table.h"
#include "memory.h"
/* Xen includes hvm/save.h here, for struct hvm_vmce_vcpu only: it is
 * defined below instead (HVM save records are out of scope). */

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

/*
 * @op __HYPERVISOR_domctl (36)
 * domctl(GUEST_PTR(xen_domctl_t) op): op->cmd is a XEN_DOMCTL_* below
 * acting on op->domain; the structure is copied back when a command has
 * OUT fields. The checks come in Xen's order: the structure is read
 * (-EFAULT), the version checked (-EACCES), the domain looked up
 * (-ESRCH, but for createdomain and getdomaininfo), then the caller
 * (-EPERM): so an unprivileged caller naming no domain sees -ESRCH, as
 * on Xen. The header's _pad is not checked (Xen does not).
 * Caller: the control domain (privileged) only.
 * Errors: -EFAULT; -EACCES; -ESRCH; -EPERM; -ENOSYS (commands xen-like
 * does not implement: shadow_op but for the allocation queries,
 * resumedomain, sendtrigger, subscribe, the HVM context commands,
 * device assignment and pass-through, memory/ioport mapping,
 * set/get_ext_vcpucontext, debug_op, vm_event_op, mem_sharing_op,
 * getpageframeinfo3, vcpuextstate, access_required, audit_p2m,
 * broken_page, cacheflush, vcpu_msrs, vnuma, psr_*, monitor_op,
 * soft_reset, vuart_op, vmtrace_op, gdbsx_*; set_opt_feature and the
 * old disable_migrate number (58) are -ENOSYS on Xen 4.17 too); per cmd
 * below.
 * Implemented: yes (the commands below)
 *
 * @op XEN_DOMCTL_createdomain (1)
 * Creates a PV domain: no memory, its vCPUs down, paused by the
 * toolstack (unpausedomain starts it once vCPU 0 has a context).
 * INOUT domain: the id wanted (1 .. DOMID_FIRST_RESERVED-1), or 0 or a
 * reserved id for "pick one" (the next free id after the last one
 * picked, as Xen); OUT the id given.
 * IN  u.createdomain: handle; flags (none, or XEN_DOMCTL_CDF_iommu,
 * which is refused as there is no IOMMU); max_vcpus (1 ..
 * MAX_VIRT_CPUS); max_evtchn_port; max_grant_frames and
 * max_maptrack_frames (< 0: the hypervisor's defaults); grant_opts (the
 * highest grant version the domain may switch to: 1 or 2, at most
 * gnttab=max-ver, 2 by default); arch (emulation_flags 0 or XEN_X86_EMU_PIT;
 * misc_flags 0); ssidref, iommu_opts, vmtrace_size, cpupool_id: 0.
 * Caller: the control domain.
 * Errors: -EINVAL (unknown flags, HVM, max_vcpus 0 or above the limit,
 * a flag needing HVM, an IOMMU, the vPMU or tboot, a limit out of range,
 * a grant version of 0 or above gnttab=max-ver, iommu_opts or vmtrace_size non-zero,
 * misc_flags); -ENOENT (cpupool_id not 0); -EOPNOTSUPP (emulation flags
 * beyond PIT); -EEXIST (id in use); -ENOMEM (no memory, or no free id).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_destroydomain (2)
 * Kills op->domain and frees what it holds (docs/domain-lifecycle.md).
 * Its event channels are closed (an interdomain peer's port goes back to
 * unbound), the grants it maps of others released, its page tables and
 * frames released. A frame another domain still references keeps the
 * dead domain listed (XEN_DOMINF_dying) until the last one goes;
 * destroying it again meanwhile returns 0. Long teardowns continue
 * through a hypercall continuation: the caller sees one return.
 * Caller: the control domain, not on itself.
 * Errors: -ESRCH (no such domain); -EINVAL (the caller itself, or dom0).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_pausedomain (3), XEN_DOMCTL_unpausedomain (4)
 * Stops / restarts all vCPUs of the domain: a count of the toolstack's
 * pauses (createdomain makes the first). A vCPU runs only when the
 * count is zero (and it is up and not blocked).
 * Caller: the control domain, not on itself.
 * Errors: -EINVAL (pause of the caller itself; unpause when the count
 * is zero).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_getdomaininfo (5)
 * Reports op->domain, or, if it does not exist, the first domain with a
 * larger id (op->domain says which on return: how libxc walks the list).
 * OUT u.getdomaininfo: flags (XEN_DOMINF_*; dying only once the domain
 * is dead with frames still referenced; blocked when every online vCPU
 * is), tot_pages, max_pages, shared_info_frame (its MFN), cpu_time (all
 * vCPUs, ns), nr_online_vcpus, max_vcpu_id, handle, cpupool (0),
 * outstanding_pages (its claim left, XENMEM_claim_pages); shr_pages,
 * paged_pages, ssidref, gpaddr_bits and arch_config are zero.
 * Caller: the control domain.
 * Errors: -ESRCH (none at or above op->domain); -EINVAL (op->domain is a
 * reserved id and does not exist).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_setvcpuaffinity (9), XEN_DOMCTL_getvcpuaffinity (25)
 * Sets / reads a vCPU's hard affinity (flags XEN_VCPUAFFINITY_HARD;
 * soft affinity is not kept: set takes any soft map and get returns all
 * pCPUs). A running vCPU leaves a pCPU it may no longer use at that
 * pCPU's next schedule.
 * IN  vcpu, flags, cpumap_hard / cpumap_soft (xenctl_bitmap: bit n =
 * pCPU n; bits beyond the machine's pCPUs are ignored on set, written as
 * zero on get).
 * Caller: the control domain.
 * Errors: -EINVAL (no such vCPU, flags empty or unknown, no online pCPU
 * in the hard map); -EFAULT; -EBUSY (the vCPU is pinned by its own
 * SCHEDOP_pin_override).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_setnodeaffinity (68), XEN_DOMCTL_getnodeaffinity (69)
 * The NUMA nodes the domain's memory should come from: there is one
 * node (0). Set accepts a map that has it; get answers it.
 * IN  u.nodeaffinity.nodemap (set). OUT the map (get).
 * Caller: the control domain.
 * Errors: -EINVAL (set: node 0 not in the map); -EFAULT.
 * Implemented: yes
 *
 * @op XEN_DOMCTL_shadow_op (10)
 * Shadow paging control. A PV domain here never uses shadow paging or
 * log-dirty mode: GET_ALLOCATION answers 0 MB and SET_ALLOCATION accepts
 * only 0 (what libxl asks for a PV domain); everything else is refused.
 * IN  op. OUT mb (GET_ALLOCATION).
 * Caller: the control domain.
 * Errors: -EINVAL (SET_ALLOCATION of a non-zero size, other ops).
 * Implemented: partly (the allocation queries)
 *
 * @op XEN_DOMCTL_max_mem (11)
 * Sets the most pages the domain may own: max_memkb / 4, no check
 * against what it has (above the limit it just cannot grow, as Xen).
 * IN  u.max_mem.max_memkb.
 * Caller: the control domain.
 * Errors: none beyond the common ones.
 * Implemented: yes
 *
 * @op XEN_DOMCTL_setvcpucontext (12)
 * Loads a vCPU's context, the domain paused meanwhile (as Xen 4.17's
 * arch_set_info_guest()). A vCPU without one takes the whole context,
 * with VCPUOP_initialise's checks. A vCPU that has one (a running
 * domain's too) takes the registers, callbacks, FPU and debug registers
 * but keeps its frames: the context must name the same page tables
 * (ctrlreg[3], ctrlreg[1]), GDT and LDT. VGCF_online says whether the
 * vCPU is up afterwards. A null ctxt resets the vCPU (Xen's
 * vcpu_reset()): its page tables, GDT and LDT frames given back, down,
 * never initialised (getvcpucontext then says -ENODATA), ready for a
 * first context again.
 * IN  u.vcpucontext.vcpu, ctxt (struct vcpu_guest_context, or null).
 * Caller: the control domain, not on itself.
 * Errors: -EINVAL (no such vCPU, or none yet: max_vcpus not issued; the
 * caller's own domain; a context that fails validation); -EOPNOTSUPP
 * (a vCPU with a context given other frames); -EFAULT; -ENOMEM.
 * Implemented: yes
 *
 * @op XEN_DOMCTL_getvcpucontext (13)
 * A vCPU's whole context, read with the vCPU paused: what
 * setvcpucontext takes back. flags: VGCF_online if up, VGCF_in_kernel
 * in guest kernel mode, VGCF_i387_valid (always: the FXSAVE image is
 * kept), the two event-masking flags as the callbacks are registered,
 * the rest as last set; ctrlreg[0] the CPU's with the virtual TS,
 * ctrlreg[2] the fault address last bounced, ctrlreg[3]/[1] the kernel
 * and user L4s, ctrlreg[4] as the guest sees it; rflags with the virtual
 * IOPL; vm_assist the domain's.
 * IN  u.vcpucontext.vcpu, ctxt. OUT *ctxt.
 * Caller: the control domain, not on its own running vCPU.
 * Errors: -EINVAL (no such vCPU, or none yet: max_vcpus not issued; the
 * caller's own vCPU); -ENODATA (never given a context); -ENOMEM;
 * -EFAULT.
 * Implemented: yes
 *
 * @op XEN_DOMCTL_getvcpuinfo (14)
 * One vCPU's state.
 * IN  u.getvcpuinfo.vcpu. OUT online (up), blocked, running (on a pCPU
 * now), cpu_time (ns running), cpu (the pCPU it runs or last ran on).
 * Caller: the control domain.
 * Errors: -EINVAL (vcpu >= the domain's max_vcpus); -ESRCH (no such
 * vCPU).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_max_vcpus (15)
 * Confirms the number of vCPUs: createdomain made them all already, but
 * as on Xen 4.17 (where this command makes them) the vCPU commands see
 * none until it is issued (-EINVAL, getvcpuinfo -ESRCH; getdomaininfo
 * counts none).
 * IN  u.max_vcpus.max: must equal createdomain's max_vcpus.
 * Caller: the control domain, not on itself.
 * Errors: -EINVAL (another number, or the caller itself).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_scheduler_op (16)
 * Reads or writes the domain's credit parameters.
 * IN  sched_id (XEN_SCHEDULER_CREDIT), cmd (XEN_DOMCTL_SCHEDOP_putinfo,
 * getinfo). INOUT u.credit: weight, cap (putinfo, as Xen: weight 0
 * leaves the weight as it is, cap 0xffff the cap; any other cap is
 * stored, 0 meaning none and one above 100 per vCPU never limiting).
 * Caller: the control domain.
 * Errors: -EINVAL (another scheduler, per-vCPU commands, a weight above
 * 65535).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_setdomainhandle (17)
 * Sets the domain's handle (the toolstack's UUID).
 * IN  u.setdomainhandle.handle.
 * Caller: the control domain.
 * Errors: none beyond the common ones.
 * Implemented: yes
 *
 * @op XEN_DOMCTL_setdebugging (18)
 * Marks the domain as debugged (XEN_DOMINF_debugged); nothing else
 * changes here.
 * IN  u.setdebugging.enable.
 * Caller: the control domain, not on itself.
 * Errors: -EINVAL (the caller itself).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_irq_permission (19)
 * Lets op->domain use, or stops it using, the IRQ behind one of the
 * caller's PIRQs. xen-like maps no PIRQ (PHYSDEVOP_map_pirq is
 * -ENOSYS), so it can only refuse, as Xen 4.17 does for a caller that
 * has not mapped the PIRQ.
 * IN  u.irq_permission.pirq, allow_access.
 * Caller: the control domain.
 * Errors: -EINVAL (pirq not below the caller's PIRQ count: Xen's
 * nr_pirqs, 24 GSIs plus 208 per CPU for dom0, 56 for a domU); -EPERM
 * (any other pirq: not mapped).
 * Implemented: yes (refusals only, see above)
 *
 * @op XEN_DOMCTL_iomem_permission (20), XEN_DOMCTL_ioport_permission (21)
 * Grants (allow_access non-zero) or revokes op->domain's access to
 * machine frames [first_mfn, first_mfn + nr_mfns - 1], or I/O ports
 * [first_port, first_port + nr_ports - 1]. The caller must hold all of
 * the range itself. dom0 starts with every frame the CPU can address
 * but the local APIC's and the I/O APIC's, and every port but the PICs,
 * the PIT and its gate (0x61), PCI configuration (0xcf8-0xcff) and the
 * console's UART; other domains with nothing. A PV domain may map the
 * I/O frames it holds (mmu_update) and reach the ports it holds (IN/OUT
 * with enough virtual IOPL).
 * IN  u.iomem_permission / u.ioport_permission.
 * Caller: the control domain.
 * Errors: -EINVAL (the range is empty or wraps; ports: past 0xffff);
 * -EPERM (the caller lacks part of the range); -ENOMEM.
 * Implemented: yes
 *
 * @op XEN_DOMCTL_hypercall_init (22)
 * Fills a page of the domain with the hypercall page.
 * IN  u.hypercall_init.gmfn (the MFN: PV).
 * Caller: the control domain.
 * Errors: -EINVAL (not a frame of the domain); -EPERM (a frame of it that
 * cannot be written: a page table or descriptor page).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_settimeoffset (24)
 * The domain's wallclock (shared_info wc_sec, wc_sec_hi) becomes the
 * host's plus time_offset_seconds, now and at every later update.
 * IN  u.settimeoffset.time_offset_seconds.
 * Caller: the control domain (itself included).
 * Errors: none beyond the common ones.
 * Implemented: yes
 *
 * @op XEN_DOMCTL_set_target (46)
 * Makes op->domain (a device model's stub domain) privileged over
 * u.set_target.target. Xen 4.17 allows only an HVM target; every domain
 * here is PV.
 * Caller: the control domain.
 * Errors: -ESRCH (no such target); -EINVAL (the domain itself);
 * -EOPNOTSUPP (any other target: PV).
 * Implemented: yes (refusals only, as Xen for PV)
 *
 * @op XEN_DOMCTL_set_virq_handler (66)
 * Sends global VIRQ u.set_virq_handler.virq (VIRQ_CONSOLE, DOM_EXC,
 * TBUF, ENOMEM...) to op->domain instead of dom0, until another domain
 * takes it or op->domain is destroyed (then dom0 again).
 * Caller: the control domain.
 * Errors: -EINVAL (a per-vCPU VIRQ: TIMER, DEBUG, XENOPROF, XENPMU; a
 * number from NR_VIRQS up; a dying domain).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_set_address_size (35), XEN_DOMCTL_get_address_size (36)
 * A PV domain's width: 64 bits only here (no 32-bit PV).
 * IN  size (set). OUT size (get: 64).
 * Caller: the control domain.
 * Errors: -EINVAL (set: any size but 64).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_gettscinfo (59), XEN_DOMCTL_settscinfo (60)
 * reads back, the TSC is the machine's, gtsc_khz the TSC frequency).
 * Set accepts DEFAULT and ALWAYS_EMULATE's neighbour NEVER_EMULATE
 * (same thing on a machine with an invariant TSC), with gtsc_khz 0 or
 * the host's.
 * INOUT u.tsc_info.
 * Caller: the control domain.
 * Errors: -EINVAL (another mode, or a frequency that would need an
 * emulated TSC).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_get_cpu_policy (82), XEN_DOMCTL_set_cpu_policy (83)
 * The domain's CPUID and MSR policy, as leaves and MSR entries in Xen
 * 4.17's order and bounds. Get returns what the domain sees (null
 * handles ask for the sizes). Set, before the domain first runs, takes
 * the feature words of leaves 1, 7.0, 0x80000001 and 0x80000007 as
 * masks on what the PV maximum offers (features beyond it are dropped
 * silently, as Xen); the other fields stay the PV maximum's. MSR entries
 * may name PLATFORM_INFO and ARCH_CAPABILITIES with value 0.
 * INOUT nr_leaves, nr_msrs. IN leaves, msrs. OUT err_leaf, err_subleaf,
 * err_msr (set: the entry refused, or ~0).
 * Caller: the control domain, set not on itself.
 * Errors: -ENOBUFS (get: an array too small); -ERANGE (set: a leaf or
 * MSR Xen does not know); -EINVAL (set: a maximum leaf above the CPU's,
 * an MSR value or flags, the caller's own domain); -E2BIG (set: more
 * entries than a policy has); -EEXIST (set: the domain has run);
 * -EFAULT.
 * Implemented: yes
 *
 * @op XEN_DOMCTL_get_paging_mempool_size (85), XEN_DOMCTL_set_paging_mempool_size (86)
 * The shadow/HAP pool of a domain: none for PV here. Get answers 0;
 * set accepts 0.
 * INOUT u.paging_mempool.size (bytes).
 * Caller: the control domain.
 * Errors: -EINVAL (set: not a page multiple); -ENOSPC (set: non-zero).
 * Implemented: yes
 *
 * @op XEN_DOMCTL_xl_memusage (0x5801), an extension
 * The frames a domain holds: tot_pages (as getdomaininfo) and
 * xenheap_pages, the hypervisor frames held for it (shared_info, grant
 * and maptrack frames, its larger structures), all of which destroying
 * it gives back. A dead domain that others still reference keeps both
 * until the last reference goes.
 * OUT u.xl_memusage.
 * Caller: the control domain.
 * Errors: none beyond the common ones.
 * Implemented: yes
 */
#define XEN_DOMCTL_createdomain              1
#define XEN_DOMCTL_destroydomain             2
#define XEN_DOMCTL_pausedomain               3
#define XEN_DOMCTL_unpausedomain             4
#define XEN_DOMCTL_getdomaininfo             5
#define XEN_DOMCTL_setvcpuaffinity           9
#define XEN_DOMCTL_shadow_op                10
#define XEN_DOMCTL_max_mem                  11
#define XEN_DOMCTL_setvcpucontext           12
#define XEN_DOMCTL_getvcpucontext           13
#define XEN_DOMCTL_getvcpuinfo              14
#define XEN_DOMCTL_max_vcpus                15
#define XEN_DOMCTL_scheduler_op             16
#define XEN_DOMCTL_setdomainhandle          17
#define XEN_DOMCTL_setdebugging             18
#define XEN_DOMCTL_irq_permission           19
#define XEN_DOMCTL_iomem_permission         20
#define XEN_DOMCTL_ioport_permission        21
#define XEN_DOMCTL_hypercall_init           22
#define XEN_DOMCTL_settimeoffset            24
#define XEN_DOMCTL_getvcpuaffinity          25
#define XEN_DOMCTL_real_mode_area           26
#define XEN_DOMCTL_resumedomain             27
#define XEN_DOMCTL_sendtrigger              28
#define XEN_DOMCTL_subscribe                29
#define XEN_DOMCTL_gethvmcontext            33
#define XEN_DOMCTL_sethvmcontext            34
#define XEN_DOMCTL_set_address_size         35
#define XEN_DOMCTL_get_address_size         36
#define XEN_DOMCTL_assign_device            37
#define XEN_DOMCTL_bind_pt_irq              38
#define XEN_DOMCTL_memory_mapping           39
#define XEN_DOMCTL_ioport_mapping           40
#define XEN_DOMCTL_set_ext_vcpucontext      42
#define XEN_DOMCTL_get_ext_vcpucontext      43
#define XEN_DOMCTL_set_opt_feature          44
#define XEN_DOMCTL_test_assign_device       45
#define XEN_DOMCTL_set_target               46
#define XEN_DOMCTL_deassign_device          47
#define XEN_DOMCTL_unbind_pt_irq            48
#define XEN_DOMCTL_get_device_group         50
#define XEN_DOMCTL_debug_op                 54
#define XEN_DOMCTL_gethvmcontext_partial    55
#define XEN_DOMCTL_vm_event_op              56
#define XEN_DOMCTL_mem_sharing_op           57
#define XEN_DOMCTL_gettscinfo               59
#define XEN_DOMCTL_settscinfo               60
#define XEN_DOMCTL_getpageframeinfo3        61
#define XEN_DOMCTL_setvcpuextstate          62
#define XEN_DOMCTL_getvcpuextstate          63
#define XEN_DOMCTL_set_access_required      64
#define XEN_DOMCTL_audit_p2m                65
#define XEN_DOMCTL_set_virq_handler         66
#define XEN_DOMCTL_set_broken_page_p2m      67
#define XEN_DOMCTL_setnodeaffinity          68
#define XEN_DOMCTL_getnodeaffinity          69
#define XEN_DOMCTL_cacheflush               71
#define XEN_DOMCTL_get_vcpu_msrs            72
#define XEN_DOMCTL_set_vcpu_msrs            73
#define XEN_DOMCTL_setvnumainfo             74
#define XEN_DOMCTL_psr_cmt_op               75
#define XEN_DOMCTL_monitor_op               77
#define XEN_DOMCTL_psr_alloc                78
#define XEN_DOMCTL_soft_reset               79
#define XEN_DOMCTL_vuart_op                 81
#define XEN_DOMCTL_get_cpu_policy           82
#define XEN_DOMCTL_set_cpu_policy           83
#define XEN_DOMCTL_vmtrace_op               84
#define XEN_DOMCTL_get_paging_mempool_size  85
#define XEN_DOMCTL_set_paging_mempool_size  86
#define XEN_DOMCTL_gdbsx_guestmemio       1000
#define XEN_DOMCTL_gdbsx_pausevcpu        1001
#define XEN_DOMCTL_gdbsx_unpausevcpu      1002
#define XEN_DOMCTL_gdbsx_domstatus        1003
/* xen-like's extensions (not in Xen) */
#define XEN_DOMCTL_xl_memusage          0x5801

struct xen_domctl_createdomain {
	uint32_t ssidref;
	xen_domain_handle_t handle;
#define _XEN_DOMCTL_CDF_hvm          0
#define XEN_DOMCTL_CDF_hvm           (1U << _XEN_DOMCTL_CDF_hvm)
#define _XEN_DOMCTL_CDF_hap          1
#define XEN_DOMCTL_CDF_hap           (1U << _XEN_DOMCTL_CDF_hap)
#define _XEN_DOMCTL_CDF_s3_integrity 2
#define XEN_DOMCTL_CDF_s3_integrity  (1U << _XEN_DOMCTL_CDF_s3_integrity)
#define _XEN_DOMCTL_CDF_oos_off      3
#define XEN_DOMCTL_CDF_oos_off       (1U << _XEN_DOMCTL_CDF_oos_off)
#define _XEN_DOMCTL_CDF_xs_domain    4
#define XEN_DOMCTL_CDF_xs_domain     (1U << _XEN_DOMCTL_CDF_xs_domain)
#define _XEN_DOMCTL_CDF_iommu        5
#define XEN_DOMCTL_CDF_iommu         (1U << _XEN_DOMCTL_CDF_iommu)
#define _XEN_DOMCTL_CDF_nested_virt  6
#define XEN_DOMCTL_CDF_nested_virt   (1U << _XEN_DOMCTL_CDF_nested_virt)
#define XEN_DOMCTL_CDF_vpmu          (1U << 7)
#define XEN_DOMCTL_CDF_MAX           XEN_DOMCTL_CDF_vpmu
	uint32_t flags;
#define _XEN_DOMCTL_IOMMU_no_sharept 0
#define XEN_DOMCTL_IOMMU_no_sharept  (1U << _XEN_DOMCTL_IOMMU_no_sharept)
#define XEN_DOMCTL_IOMMU_MAX         XEN_DOMCTL_IOMMU_no_sharept
	uint32_t iommu_opts;
	uint32_t max_vcpus;
	uint32_t max_evtchn_port;
	int32_t max_grant_frames;    /* < 0: the default */
	int32_t max_maptrack_frames; /* < 0: the default */
#define XEN_DOMCTL_GRANT_version_mask 0xf
#define XEN_DOMCTL_GRANT_version(v)   ((v) & XEN_DOMCTL_GRANT_version_mask)
	uint32_t grant_opts;
	uint32_t vmtrace_size;
	uint32_t cpupool_id;
	struct xen_arch_domainconfig arch;
};

#define _XEN_DOMINF_dying     0
#define XEN_DOMINF_dying      (1U << _XEN_DOMINF_dying)
#define _XEN_DOMINF_hvm_guest 1
#define XEN_DOMINF_hvm_guest  (1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown  2
#define XEN_DOMINF_shutdown   (1U << _XEN_DOMINF_shutdown)
#define _XEN_DOMINF_paused    3
#define XEN_DOMINF_paused     (1U << _XEN_DOMINF_paused)
#define _XEN_DOMINF_blocked   4
#define XEN_DOMINF_blocked    (1U << _XEN_DOMINF_blocked)
#define _XEN_DOMINF_running   5
#define XEN_DOMINF_running    (1U << _XEN_DOMINF_running)
#define _XEN_DOMINF_debugged  6
#define XEN_DOMINF_debugged   (1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain 7
#define XEN_DOMINF_xs_domain  (1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap       8
#define XEN_DOMINF_hap        (1U << _XEN_DOMINF_hap)
#define XEN_DOMINF_shutdownmask  255
#define XEN_DOMINF_shutdownshift 16

struct xen_domctl_getdomaininfo {
	domid_t domain;
	uint16_t pad1;
	uint32_t flags; /* XEN_DOMINF_* */
	uint64_aligned_t tot_pages;
	uint64_aligned_t max_pages;
	uint64_aligned_t outstanding_pages;
	uint64_aligned_t shr_pages;
	uint64_aligned_t paged_pages;
	uint64_aligned_t shared_info_frame;
	uint64_aligned_t cpu_time;
	uint32_t nr_online_vcpus;
#define XEN_INVALID_MAX_VCPU_ID (~0U)
	uint32_t max_vcpu_id;
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t cpupool;
	uint8_t gpaddr_bits;
	uint8_t pad2[7];
	struct xen_arch_domainconfig arch_config;
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);

#define XEN_DOMCTL_PFINFO_LTAB_SHIFT    28
#define XEN_DOMCTL_PFINFO_NOTAB         (0x0U << 28)
#define XEN_DOMCTL_PFINFO_L1TAB         (0x1U << 28)
#define XEN_DOMCTL_PFINFO_L2TAB         (0x2U << 28)
#define XEN_DOMCTL_PFINFO_L3TAB         (0x3U << 28)
#define XEN_DOMCTL_PFINFO_L4TAB         (0x4U << 28)
#define XEN_DOMCTL_PFINFO_LTABTYPE_MASK (0x7U << 28)
#define XEN_DOMCTL_PFINFO_LPINTAB       (0x1U << 31)
#define XEN_DOMCTL_PFINFO_XTAB          (0xfU << 28)
#define XEN_DOMCTL_PFINFO_XALLOC        (0xeU << 28)
#define XEN_DOMCTL_PFINFO_BROKEN        (0xdU << 28)
#define XEN_DOMCTL_PFINFO_LTAB_MASK     (0xfU << 28)

struct xen_domctl_getpageframeinfo3 {
	uint64_aligned_t num;
	XEN_GUEST_HANDLE_64(xen_pfn_t) array;
};

#define XEN_DOMCTL_SHADOW_OP_OFF              0
#define XEN_DOMCTL_SHADOW_OP_ENABLE           32
#define XEN_DOMCTL_SHADOW_OP_CLEAN            11
#define XEN_DOMCTL_SHADOW_OP_PEEK             12
#define XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION   30
#define XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION   31
#define XEN_DOMCTL_SHADOW_OP_ENABLE_TEST      1
#define XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY  2
#define XEN_DOMCTL_SHADOW_ENABLE_REFCOUNT     (1 << 1)
#define XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY    (1 << 2)
#define XEN_DOMCTL_SHADOW_ENABLE_TRANSLATE    (1 << 3)
#define XEN_DOMCTL_SHADOW_ENABLE_EXTERNAL     (1 << 4)
#define XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL      (1 << 0)

struct xen_domctl_shadow_op_stats {
	uint32_t fault_count;
	uint32_t dirty_count;
};

struct xen_domctl_shadow_op {
	uint32_t op;   /* XEN_DOMCTL_SHADOW_OP_* */
	uint32_t mode; /* XEN_DOMCTL_SHADOW_ENABLE_* or LOGDIRTY_* */
	uint32_t mb;   /* shadow pool, MB */
	XEN_GUEST_HANDLE_64(uint8) dirty_bitmap;
	uint64_aligned_t pages;
	struct xen_domctl_shadow_op_stats stats;
};

struct xen_domctl_max_mem {
	uint64_aligned_t max_memkb;
};

struct xen_domctl_vcpucontext {
	uint32_t vcpu;
	XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt;
};

struct xen_domctl_getvcpuinfo {
	uint32_t vcpu;             /* IN */
	uint8_t online;            /* OUT: up */
	uint8_t blocked;           /* OUT */
	uint8_t running;           /* OUT: on a pCPU now */
	uint64_aligned_t cpu_time; /* OUT: ns */
	uint32_t cpu;              /* OUT: pCPU */
};

struct xen_domctl_nodeaffinity {
	struct xenctl_bitmap nodemap;
};

struct xen_domctl_vcpuaffinity {
	uint32_t vcpu;
#define _XEN_VCPUAFFINITY_HARD  0
#define XEN_VCPUAFFINITY_HARD   (1U << _XEN_VCPUAFFINITY_HARD)
#define _XEN_VCPUAFFINITY_SOFT  1
#define XEN_VCPUAFFINITY_SOFT   (1U << _XEN_VCPUAFFINITY_SOFT)
#define _XEN_VCPUAFFINITY_FORCE 2
#define XEN_VCPUAFFINITY_FORCE  (1U << _XEN_VCPUAFFINITY_FORCE)
	uint32_t flags;
	struct xenctl_bitmap cpumap_hard;
	struct xenctl_bitmap cpumap_soft;
};

struct xen_domctl_max_vcpus {
	uint32_t max;
};

#define XEN_SCHEDULER_CREDIT   5
#define XEN_SCHEDULER_CREDIT2  6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS     8
#define XEN_SCHEDULER_NULL     9

struct xen_domctl_sched_credit {
	uint16_t weight;
	uint16_t cap;
};

struct xen_domctl_sched_credit2 {
	uint16_t weight;
	uint16_t cap;
};

struct xen_domctl_sched_rtds {
	uint32_t period;
	uint32_t budget;
#define _XEN_DOMCTL_SCHEDRT_extra 0
#define XEN_DOMCTL_SCHEDRT_extra  (1U << _XEN_DOMCTL_SCHEDRT_extra)
	uint32_t flags;
};

typedef struct xen_domctl_schedparam_vcpu {
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		struct xen_domctl_sched_rtds rtds;
	} u;
	uint32_t vcpuid;
} xen_domctl_schedparam_vcpu_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_schedparam_vcpu_t);

#define XEN_DOMCTL_SCHEDOP_putinfo     0
#define XEN_DOMCTL_SCHEDOP_getinfo     1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3
struct xen_domctl_scheduler_op {
	uint32_t sched_id; /* XEN_SCHEDULER_* */
	uint32_t cmd;      /* XEN_DOMCTL_SCHEDOP_* */
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		struct xen_domctl_sched_rtds rtds;
		struct {
			XEN_GUEST_HANDLE_64(xen_domctl_schedparam_vcpu_t) vcpus;
			uint32_t nr_vcpus;
			uint32_t padding;
		} v;
	} u;
};

struct xen_domctl_setdomainhandle {
	xen_domain_handle_t handle;
};

struct xen_domctl_setdebugging {
	uint8_t enable;
};

struct xen_domctl_irq_permission {
	uint32_t pirq;
	uint8_t allow_access;
	uint8_t pad[3];
};

struct xen_domctl_iomem_permission {
	uint64_aligned_t first_mfn;
	uint64_aligned_t nr_mfns;
	uint8_t allow_access;
};

struct xen_domctl_ioport_permission {
	uint32_t first_port;
	uint32_t nr_ports;
	uint8_t allow_access;
};

struct xen_domctl_hypercall_init {
	uint64_aligned_t gmfn;
};

struct xen_domctl_settimeoffset {
	int64_aligned_t time_offset_seconds;
};

struct xen_domctl_address_size {
	uint32_t size;
};

struct xen_domctl_set_target {
	domid_t target;
};

struct xen_domctl_subscribe {
	uint32_t port;
};

struct xen_domctl_tsc_info {
	uint32_t tsc_mode;
	uint32_t gtsc_khz;
	uint32_t incarnation;
	uint32_t pad;
	uint64_aligned_t elapsed_nsec;
};

struct xen_domctl_cpu_policy {
	uint32_t nr_leaves; /* IN: entries leaves holds; OUT: written */
	uint32_t nr_msrs;   /* IN: entries msrs holds; OUT: written */
	XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves;
	XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;
	uint32_t err_leaf, err_subleaf, err_msr; /* OUT (set) */
};

struct xen_domctl_set_virq_handler {
	uint32_t virq;
};

struct xen_domctl_paging_mempool {
	uint64_aligned_t size; /* bytes */
};

/*
 * The remaining commands' arguments, as Xen 4.17 lays them out; xen-like
 * answers those commands -ENOSYS (see the entries above).
 */
/* The machine-check part of a vCPU's context (Xen: arch-x86/hvm/save.h). */
struct hvm_vmce_vcpu {
	uint64_t caps;
	uint64_t mci_ctl2_bank0;
	uint64_t mci_ctl2_bank1;
	uint64_t mcg_ext_ctl;
};

/*
 * XEN_DOMCTL_gethvmcontext, sethvmcontext: an HVM domain's saved state
 * (a null buffer asks for its size).
 */
struct xen_domctl_hvmcontext {
	uint32_t size;
	XEN_GUEST_HANDLE_64(uint8) buffer;
};

/*
 * XEN_DOMCTL_sendtrigger: a virtual NMI, reset, INIT, power or sleep
 * button to a vCPU.
 */
#define XEN_DOMCTL_SENDTRIGGER_NMI    0
#define XEN_DOMCTL_SENDTRIGGER_RESET  1
#define XEN_DOMCTL_SENDTRIGGER_INIT   2
#define XEN_DOMCTL_SENDTRIGGER_POWER  3
#define XEN_DOMCTL_SENDTRIGGER_SLEEP  4
struct xen_domctl_sendtrigger {
	uint32_t trigger;
	uint32_t vcpu;
};

/*
 * XEN_DOMCTL_assign_device, test_assign_device, deassign_device: PCI (by
 * SBDF) or device-tree devices.
 */
#define XEN_DOMCTL_DEV_PCI      0
#define XEN_DOMCTL_DEV_DT       1
struct xen_domctl_assign_device {
	uint32_t dev;
	uint32_t flags;
#define XEN_DOMCTL_DEV_RDM_RELAXED      1
	union {
		struct {
			uint32_t machine_sbdf;
		} pci;
		struct {
			uint32_t size;
			XEN_GUEST_HANDLE_64(char) path;
		} dt;
	} u;
};

/*
 * XEN_DOMCTL_get_device_group: the devices sharing an IOMMU context with
 * one.
 */
struct xen_domctl_get_device_group {
	uint32_t machine_sbdf;
	uint32_t max_sdevs;
	uint32_t num_sdevs;
	XEN_GUEST_HANDLE_64(uint32) sdev_array;
};

/*
 * XEN_DOMCTL_bind_pt_irq, unbind_pt_irq: route a machine IRQ to the
 * guest (ISA, PCI INTx, MSI, Arm SPI).
 */
enum pt_irq_type {
	PT_IRQ_TYPE_PCI,
	PT_IRQ_TYPE_ISA,
	PT_IRQ_TYPE_MSI,
	PT_IRQ_TYPE_MSI_TRANSLATE,
	PT_IRQ_TYPE_SPI,
};
struct xen_domctl_bind_pt_irq {
	uint32_t machine_irq;
	uint32_t irq_type;
	union {
		struct {
			uint8_t isa_irq;
		} isa;
		struct {
			uint8_t bus;
			uint8_t device;
			uint8_t intx;
		} pci;
		struct {
			uint8_t gvec;
			uint32_t gflags;
#define XEN_DOMCTL_VMSI_X86_DEST_ID_MASK 0x0000ff
#define XEN_DOMCTL_VMSI_X86_RH_MASK      0x000100
#define XEN_DOMCTL_VMSI_X86_DM_MASK      0x000200
#define XEN_DOMCTL_VMSI_X86_DELIV_MASK   0x007000
#define XEN_DOMCTL_VMSI_X86_TRIG_MASK    0x008000
#define XEN_DOMCTL_VMSI_X86_UNMASKED     0x010000
			uint64_aligned_t gtable;
		} msi;
		struct {
			uint16_t spi;
		} spi;
	} u;
};

/*
 * XEN_DOMCTL_memory_mapping: machine frames mapped at guest frames
 * (add_mapping: DPCI_*).
 */
#define DPCI_ADD_MAPPING         1
#define DPCI_REMOVE_MAPPING      0
struct xen_domctl_memory_mapping {
	uint64_aligned_t first_gfn;
	uint64_aligned_t first_mfn;
	uint64_aligned_t nr_mfns;
	uint32_t add_mapping;
	uint32_t padding;
};

/* XEN_DOMCTL_ioport_mapping: machine I/O ports seen at other guest ports. */
struct xen_domctl_ioport_mapping {
	uint32_t first_gport;
	uint32_t first_mport;
	uint32_t nr_ports;
	uint32_t add_mapping;
};

/* Cache attributes of guest memory (x86 memory types). */
#define XEN_DOMCTL_MEM_CACHEATTR_UC  0
#define XEN_DOMCTL_MEM_CACHEATTR_WC  1
#define XEN_DOMCTL_MEM_CACHEATTR_WT  4
#define XEN_DOMCTL_MEM_CACHEATTR_WP  5
#define XEN_DOMCTL_MEM_CACHEATTR_WB  6
#define XEN_DOMCTL_MEM_CACHEATTR_UCM 7
#define XEN_DOMCTL_DELETE_MEM_CACHEATTR (~(uint32_t)0)

/*
 * XEN_DOMCTL_set_ext_vcpucontext, get_ext_vcpucontext: what
 * vcpu_guest_context lacks (size: bytes used).
 */
struct xen_domctl_ext_vcpucontext {
	uint32_t vcpu;
	uint32_t size;
#if defined(__i386__) || defined(__x86_64__)
	uint64_aligned_t syscall32_callback_eip;
	uint64_aligned_t sysenter_callback_eip;
	uint16_t syscall32_callback_cs;
	uint16_t sysenter_callback_cs;
	uint8_t syscall32_disables_events;
	uint8_t sysenter_disables_events;
#if defined(__GNUC__)
	__extension__ union { /* mcg_cap: the older name */
		uint64_aligned_t mcg_cap;
		struct hvm_vmce_vcpu vmce;
	};
#else
	struct hvm_vmce_vcpu vmce;
#endif
#endif
};

#if defined(__i386__) || defined(__x86_64__)
#define XEN_CPUID_INPUT_UNUSED  0xFFFFFFFF /* no sub-leaf */
typedef struct xen_domctl_cpu_policy xen_domctl_cpu_policy_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_cpu_policy_t);
#endif

/* XEN_DOMCTL_debug_op: single-stepping of an HVM vCPU. */
#define XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_OFF         0
#define XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_ON          1
struct xen_domctl_debug_op {
	uint32_t op;
	uint32_t vcpu;
};

/*
 * XEN_DOMCTL_gethvmcontext_partial: one record (type, instance) of the
 * HVM state.
 */
struct xen_domctl_hvmcontext_partial {
	uint32_t type;
	uint32_t instance;
	uint64_aligned_t bufsz;
	XEN_GUEST_HANDLE_64(uint8) buffer;
};

/*
 * XEN_DOMCTL_gdbsx_guestmemio: the debugger reads or writes (gwr) guest
 * memory.
 */
struct xen_domctl_gdbsx_memio {
	uint64_aligned_t pgd3val;
	uint64_aligned_t gva;
	uint64_aligned_t uva;
	uint32_t len;
	uint8_t gwr;
	uint32_t remain;
};

/* XEN_DOMCTL_gdbsx_pausevcpu, gdbsx_unpausevcpu. */
struct xen_domctl_gdbsx_pauseunp_vcpu {
	uint32_t vcpu;
};

/*
 * XEN_DOMCTL_gdbsx_domstatus: paused or not, and a vCPU with a pending
 * debug event.
 */
struct xen_domctl_gdbsx_domstatus {
	uint8_t paused;
	uint32_t vcpu_id;
	uint32_t vcpu_ev;
};

/*
 * XEN_DOMCTL_vm_event_op: the paging, monitor and sharing rings (mode:
 * XEN_DOMCTL_VM_EVENT_OP_*).
 */
#define XEN_VM_EVENT_ENABLE               0
#define XEN_VM_EVENT_DISABLE              1
#define XEN_VM_EVENT_RESUME               2
#define XEN_VM_EVENT_GET_VERSION          3

#define XEN_DOMCTL_VM_EVENT_OP_PAGING            1

#define XEN_DOMCTL_VM_EVENT_OP_MONITOR           2

#define XEN_DOMCTL_VM_EVENT_OP_SHARING           3

struct xen_domctl_vm_event_op {
	uint32_t op;
	uint32_t mode;
	union {
		struct {
			uint32_t port;
		} enable;
		uint32_t version;
	} u;
};

/* XEN_DOMCTL_mem_sharing_op: turns memory sharing on or off. */
#define XEN_DOMCTL_MEM_SHARING_CONTROL          0

struct xen_domctl_mem_sharing_op {
	uint8_t op;
	union {
		uint8_t enable;
	} u;
};

/* XEN_DOMCTL_audit_p2m: counts of inconsistent P2M and M2P entries. */
struct xen_domctl_audit_p2m {
	uint64_t orphans;
	uint64_t m2p_bad;
	uint64_t p2m_bad;
};

#if defined(__i386__) || defined(__x86_64__)

/* XEN_DOMCTL_setvcpuextstate, getvcpuextstate: a vCPU's XSAVE area. */
struct xen_domctl_vcpuextstate {
	uint32_t vcpu;
	uint64_aligned_t xfeature_mask;
	uint64_aligned_t size;
	XEN_GUEST_HANDLE_64(uint64) buffer;
};
#endif

/*
 * XEN_DOMCTL_set_access_required: pause on a memory access event with no
 * listener, or not.
 */
struct xen_domctl_set_access_required {
	uint8_t access_required;
};

/* XEN_DOMCTL_set_broken_page_p2m: marks a guest frame broken. */
struct xen_domctl_set_broken_page_p2m {
	uint64_aligned_t pfn;
};

/*
 * XEN_DOMCTL_cacheflush: cleans and invalidates the caches for guest
 * frames (Arm).
 */
struct xen_domctl_cacheflush {
	xen_pfn_t start_pfn, nr_pfns;
};

/*
 * XEN_DOMCTL_get_vcpu_msrs, set_vcpu_msrs: a vCPU's MSRs outside
 * vcpu_guest_context.
 */
#if defined(__i386__) || defined(__x86_64__)
struct xen_domctl_vcpu_msr {
	uint32_t index;
	uint32_t reserved;
	uint64_aligned_t value;
};
typedef struct xen_domctl_vcpu_msr xen_domctl_vcpu_msr_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_vcpu_msr_t);

struct xen_domctl_vcpu_msrs {
	uint32_t vcpu;
	uint32_t msr_count;
	XEN_GUEST_HANDLE_64(xen_domctl_vcpu_msr_t) msrs;
};
#endif

/* XEN_DOMCTL_setvnumainfo: the guest's virtual NUMA layout. */
struct xen_domctl_vnuma {
	uint32_t nr_vnodes;
	uint32_t nr_vmemranges;
	uint32_t nr_vcpus;
	uint32_t pad;
	XEN_GUEST_HANDLE_64(uint) vdistance;
	XEN_GUEST_HANDLE_64(uint) vcpu_to_vnode;
	XEN_GUEST_HANDLE_64(uint) vnode_to_pnode;
	XEN_GUEST_HANDLE_64(xen_vmemrange_t) vmemrange;
};

/* XEN_DOMCTL_psr_cmt_op: cache monitoring of the domain (an RMID). */
struct xen_domctl_psr_cmt_op {
#define XEN_DOMCTL_PSR_CMT_OP_DETACH         0
#define XEN_DOMCTL_PSR_CMT_OP_ATTACH         1
#define XEN_DOMCTL_PSR_CMT_OP_QUERY_RMID     2
	uint32_t cmd;
	uint32_t data;
};

/* XEN_DOMCTL_monitor_op: which guest events reach the monitor ring. */
#define XEN_DOMCTL_MONITOR_OP_ENABLE            0
#define XEN_DOMCTL_MONITOR_OP_DISABLE           1
#define XEN_DOMCTL_MONITOR_OP_GET_CAPABILITIES  2
#define XEN_DOMCTL_MONITOR_OP_EMULATE_EACH_REP  3

#define XEN_DOMCTL_MONITOR_OP_CONTROL_REGISTERS 4

#define XEN_DOMCTL_MONITOR_EVENT_WRITE_CTRLREG         0
#define XEN_DOMCTL_MONITOR_EVENT_MOV_TO_MSR            1
#define XEN_DOMCTL_MONITOR_EVENT_SINGLESTEP            2
#define XEN_DOMCTL_MONITOR_EVENT_SOFTWARE_BREAKPOINT   3
#define XEN_DOMCTL_MONITOR_EVENT_GUEST_REQUEST         4
#define XEN_DOMCTL_MONITOR_EVENT_DEBUG_EXCEPTION       5
#define XEN_DOMCTL_MONITOR_EVENT_CPUID                 6
#define XEN_DOMCTL_MONITOR_EVENT_PRIVILEGED_CALL       7
#define XEN_DOMCTL_MONITOR_EVENT_INTERRUPT             8
#define XEN_DOMCTL_MONITOR_EVENT_DESC_ACCESS           9
#define XEN_DOMCTL_MONITOR_EVENT_EMUL_UNIMPLEMENTED    10

#define XEN_DOMCTL_MONITOR_EVENT_INGUEST_PAGEFAULT     11
#define XEN_DOMCTL_MONITOR_EVENT_VMEXIT                12

struct xen_domctl_monitor_op {
	uint32_t op;
	uint32_t event;
	union {
		struct {
			uint8_t index;
			uint8_t sync;
			uint8_t onchangeonly;
			uint8_t pad1;
			uint32_t pad2;
			uint64_aligned_t bitmask;
		} mov_to_cr;
		struct {
			uint32_t msr;
			uint8_t onchangeonly;
		} mov_to_msr;
		struct {
			uint8_t sync;
			uint8_t allow_userspace;
		} guest_request;
		struct {
			uint8_t sync;
		} debug_exception;
		struct {
			uint8_t sync;
		} vmexit;
	} u;
};

/* XEN_DOMCTL_psr_alloc: the domain's cache and memory-bandwidth allocation. */
struct xen_domctl_psr_alloc {
#define XEN_DOMCTL_PSR_SET_L3_CBM     0
#define XEN_DOMCTL_PSR_GET_L3_CBM     1
#define XEN_DOMCTL_PSR_SET_L3_CODE    2
#define XEN_DOMCTL_PSR_SET_L3_DATA    3
#define XEN_DOMCTL_PSR_GET_L3_CODE    4
#define XEN_DOMCTL_PSR_GET_L3_DATA    5
#define XEN_DOMCTL_PSR_SET_L2_CBM     6
#define XEN_DOMCTL_PSR_GET_L2_CBM     7
#define XEN_DOMCTL_PSR_SET_MBA_THRTL  8
#define XEN_DOMCTL_PSR_GET_MBA_THRTL  9
	uint32_t cmd;
	uint32_t target;
	uint64_t data;
};

/* XEN_DOMCTL_vuart_op: an emulated UART (Arm's PL011). */
struct xen_domctl_vuart_op {
#define XEN_DOMCTL_VUART_OP_INIT  0
	uint32_t cmd;
#define XEN_DOMCTL_VUART_TYPE_VPL011 0
	uint32_t type;
	uint64_aligned_t gfn;
	domid_t console_domid;
	uint8_t pad[2];
	evtchn_port_t evtchn;
};

/* XEN_DOMCTL_vmtrace_op: a vCPU's processor trace buffer. */
struct xen_domctl_vmtrace_op {
	uint32_t cmd;
	uint32_t vcpu;
	uint64_aligned_t key;
	uint64_aligned_t value;
#define XEN_DOMCTL_vmtrace_enable             1
#define XEN_DOMCTL_vmtrace_disable            2
#define XEN_DOMCTL_vmtrace_reset_and_enable   3
#define XEN_DOMCTL_vmtrace_output_position    4
#define XEN_DOMCTL_vmtrace_get_option         5
#define XEN_DOMCTL_vmtrace_set_option         6
};
typedef struct xen_domctl_vmtrace_op xen_domctl_vmtrace_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_vmtrace_op_t);

/*
 * XEN_DOMCTL_xl_memusage (an extension): what destroying the domain
 * gives back.
 */
struct xen_domctl_xl_memusage {
	uint64_aligned_t tot_pages;     /* OUT: frames it owns */
	uint64_aligned_t xenheap_pages; /* OUT: hypervisor frames held for it */
};

struct xen_domctl {
	uint32_t cmd;               /* IN: XEN_DOMCTL_* */
	uint32_t interface_version; /* IN: XEN_DOMCTL_INTERFACE_VERSION */
	domid_t domain;             /* IN (createdomain, getdomaininfo: INOUT) */
	uint16_t _pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_getpageframeinfo3 getpageframeinfo3;
		struct xen_domctl_nodeaffinity nodeaffinity;
		struct xen_domctl_vcpuaffinity vcpuaffinity;
		struct xen_domctl_shadow_op shadow_op;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_vcpucontext vcpucontext;
		struct xen_domctl_getvcpuinfo getvcpuinfo;
		struct xen_domctl_max_vcpus max_vcpus;
		struct xen_domctl_scheduler_op scheduler_op;
		struct xen_domctl_setdomainhandle setdomainhandle;
		struct xen_domctl_setdebugging setdebugging;
		struct xen_domctl_irq_permission irq_permission;
		struct xen_domctl_iomem_permission iomem_permission;
		struct xen_domctl_ioport_permission ioport_permission;
		struct xen_domctl_hypercall_init hypercall_init;
		struct xen_domctl_settimeoffset settimeoffset;
		struct xen_domctl_tsc_info tsc_info;
		struct xen_domctl_hvmcontext hvmcontext;
		struct xen_domctl_hvmcontext_partial hvmcontext_partial;
		struct xen_domctl_address_size address_size;
		struct xen_domctl_sendtrigger sendtrigger;
		struct xen_domctl_get_device_group get_device_group;
		struct xen_domctl_assign_device assign_device;
		struct xen_domctl_bind_pt_irq bind_pt_irq;
		struct xen_domctl_memory_mapping memory_mapping;
		struct xen_domctl_ioport_mapping ioport_mapping;
		struct xen_domctl_ext_vcpucontext ext_vcpucontext;
		struct xen_domctl_set_target set_target;
		struct xen_domctl_subscribe subscribe;
		struct xen_domctl_debug_op debug_op;
		struct xen_domctl_vm_event_op vm_event_op;
		struct xen_domctl_mem_sharing_op mem_sharing_op;
#if defined(__i386__) || defined(__x86_64__)
		struct xen_domctl_cpu_policy cpu_policy;
		struct xen_domctl_vcpuextstate vcpuextstate;
		struct xen_domctl_vcpu_msrs vcpu_msrs;
#endif
		struct xen_domctl_set_access_required access_required;
		struct xen_domctl_audit_p2m audit_p2m;
		struct xen_domctl_set_virq_handler set_virq_handler;
		struct xen_domctl_gdbsx_memio gdbsx_guest_memio;
		struct xen_domctl_set_broken_page_p2m set_broken_page_p2m;
		struct xen_domctl_cacheflush cacheflush;
		struct xen_domctl_gdbsx_pauseunp_vcpu gdbsx_pauseunp_vcpu;
		struct xen_domctl_gdbsx_domstatus gdbsx_domstatus;
		struct xen_domctl_vnuma vnuma;
		struct xen_domctl_psr_cmt_op psr_cmt_op;
		struct xen_domctl_monitor_op monitor_op;
		struct xen_domctl_psr_alloc psr_alloc;
		struct xen_domctl_vuart_op vuart_op;
		struct xen_domctl_vmtrace_op vmtrace_op;
		struct xen_domctl_paging_mempool paging_mempool;
		struct xen_domctl_xl_memusage xl_memusage; /* an extension */
		uint8_t pad[128];
	} u;
};
typedef struct xen_domctl xen_domctl_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_t);

#endif /* __XEN_PUBLIC_DOMCTL_H__ */
