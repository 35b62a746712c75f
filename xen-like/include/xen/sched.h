/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Domains and vCPUs. A domain owns memory, a shared_info page and its
 * vCPUs; a vCPU carries the PV state the hypervisor keeps for a guest
 * CPU (trap table, callbacks, kernel/user mode, segment bases...). Only
 * one vCPU per domain and one domain (dom0) exist so far; the lists and
 * reference counts are in place for the scheduler and toolstack to come.
 *
 * Lifetime: domain_create() returns a domain with one reference, held by
 * the domain list; domain_get()/domain_put() take and drop more.
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <public/xen.h>
#include <public/arch-x86/xen.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/regs.h>
#include <xen/spinlock.h>
#include <xen/types.h>

#define MAX_VIRT_CPUS 1 /* one vCPU per domain until SMP guests */
#define NR_VECTORS 256

struct domain;

struct vcpu {
	/* Set at creation, immutable: */
	unsigned int vcpu_id;
	struct domain *domain;
	vcpu_info_t *vcpu_info;     /* in the domain's shared_info page */

	/* Owned by the vCPU itself (only it changes them, in hypercalls and traps): */
	struct cpu_regs *regs;      /* guest frame while in the hypervisor */
	bool kernel_mode;           /* guest kernel (true) or guest user mode */
	uint64_t guest_table;       /* MFN of the kernel L4 */
	uint64_t guest_table_user;  /* MFN of the user L4, 0 = none */
	struct trap_info trap_ctxt[NR_VECTORS];
	uint64_t event_callback, failsafe_callback, syscall_callback, syscall32_callback;
	uint64_t nmi_callback;
	bool failsafe_masks_events, syscall_masks_events;
	uint64_t kernel_ss, kernel_sp;  /* stack_switch */
	uint64_t fs_base, gs_base_kernel, gs_base_user;
	bool fpu_ts;                    /* virtual CR0.TS (fpu_taskswitch) */
	uint64_t debugreg[8];
	bool in_bounce;                 /* delivering a fault: a second one crashes */
	uint64_t gdt_frames[FIRST_RESERVED_GDT_PAGE]; /* set_gdt: MFNs, typed seg_desc */
	unsigned int gdt_ents;
	uint64_t ldt_frames[LDT_MAX_PAGES];  /* MMUEXT_SET_LDT: MFNs, typed seg_desc */
	uint64_t ldt_base;
	unsigned int ldt_ents;
};

struct domain {
	/* Set at creation, immutable: */
	domid_t domain_id;
	bool is_privileged;
	unsigned int max_vcpus;
	struct vcpu *vcpu[MAX_VIRT_CPUS];
	shared_info_t *shared_info;     /* xenheap page, shared with the guest */

	/* Guarded by lock: */
	spinlock_t lock;
	unsigned long tot_pages, max_pages;
	unsigned long vm_assist;
	bool is_shutting_down;
	unsigned int shutdown_code;     /* SHUTDOWN_* */
	unsigned int refcnt;
	struct domain *next_in_list;
};

extern struct domain *domain_list;
/* Pseudo-domain owning hypervisor frames guests may map (DOMID_XEN); not in the list. */
extern struct domain dom_xen;

static inline struct vcpu *get_current(void)
{
	return get_cpu_info()->current_vcpu;
}
#define current get_current()

static inline bool is_hardware_domain(const struct domain *d)
{
	return d->domain_id == 0;
}

struct domain *domain_create(domid_t domid, bool privileged);
struct domain *domain_get(domid_t domid);
void domain_put(struct domain *d);
/* Record @reason and act on it (for dom0: power off, reboot or halt the machine). */
void domain_shutdown(struct domain *d, unsigned int reason);
/* A guest error we cannot report back to it: log why, dump, crash the domain. */
void domain_crash(struct domain *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *shutdown_reason_name(unsigned int reason);

#endif /* XEN_SCHED_H */
