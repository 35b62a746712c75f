// SPDX-License-Identifier: GPL-2.0-only
/*
 * Domains: creation, lookup and reference counting, shutdown and crash,
 * and the sched_op hypercall's lifecycle sub-ops.
 *
 * The one idea: a guest's mistake ends at most that guest. domain_crash()
 * logs one line with the reason and the guest's registers, then shuts the
 * domain down with SHUTDOWN_crash. For the hardware domain (dom0), a
 * shutdown ends the machine as Xen does: power off, reboot, or (crash
 * with noreboot) halt, each with its own debug-exit status so tests can
 * tell a dom0 crash from a hypervisor panic.
 */
#include <public/sched.h>
#include <asm/traps.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/perfc.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/xmalloc.h>

struct domain *domain_list;
static DEFINE_SPINLOCK(domlist_lock);

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend",   [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

const char *shutdown_reason_name(unsigned int reason)
{
	return reason < ARRAY_SIZE(shutdown_names) && shutdown_names[reason] ?
		       shutdown_names[reason] : "unknown";
}

/* Owner of hypervisor frames privileged guests may map read-only (the M2P). */
struct domain dom_xen = { .domain_id = DOMID_XEN };

struct domain *domain_create(domid_t domid, bool privileged)
{
	struct domain *d = xzalloc(struct domain);
	struct vcpu *v;
	unsigned long flags;
	unsigned int i;

	if (!d)
		return NULL;
	d->domain_id = domid;
	d->is_privileged = privileged;
	d->max_vcpus = MAX_VIRT_CPUS;
	d->refcnt = 1; /* the domain list's */
	spin_lock_init(&d->lock);
	d->shared_info = alloc_xenheap_page();
	v = xzalloc(struct vcpu);
	if (!d->shared_info || !v)
		goto fail;
	memset(d->shared_info, 0, PAGE_SIZE);
	/*
	 * The guest may map it (Xen's share_xen_page_with_guest). The
	 * domain's own references keep it allocated and a writable page for
	 * good, so it can never become a page table or GDT frame.
	 */
	virt_to_page(d->shared_info)->owner = d;
	virt_to_page(d->shared_info)->count_info |= PGC_xen_heap | 1;
	virt_to_page(d->shared_info)->type_info = PGT_writable_page | PGT_validated | 1;
	/* Every vCPU starts with event delivery masked (the ABI's start state). */
	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
	v->vcpu_id = 0;
	v->domain = d;
	v->vcpu_info = &d->shared_info->vcpu_info[0];
	v->kernel_mode = true;
	v->debugreg[6] = 0xffff0ff0;
	v->debugreg[7] = 0x400;
	d->vcpu[0] = v;

	spin_lock_irqsave(&domlist_lock, flags);
	d->next_in_list = domain_list;
	domain_list = d;
	spin_unlock_irqrestore(&domlist_lock, flags);
	TRACE(TRC_CLS_DOM, TRC_DOM_create, domid);
	return d;

fail:
	xfree(v);
	free_xenheap_page(d->shared_info);
	xfree(d);
	return NULL;
}

struct domain *domain_get(domid_t domid)
{
	struct domain *d;
	unsigned long flags;

	spin_lock_irqsave(&domlist_lock, flags);
	for (d = domain_list; d && d->domain_id != domid; d = d->next_in_list)
		;
	if (d)
		d->refcnt++;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return d;
}

void domain_put(struct domain *d)
{
	unsigned long flags;

	spin_lock_irqsave(&domlist_lock, flags);
	BUG_ON(!d->refcnt);
	d->refcnt--;
	/* Destruction (freeing memory, unlinking) arrives with the toolstack. */
	spin_unlock_irqrestore(&domlist_lock, flags);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	if (d->is_shutting_down) {
		spin_unlock_irqrestore(&d->lock, flags);
		return;
	}
	d->is_shutting_down = true;
	d->shutdown_code = reason;
	spin_unlock_irqrestore(&d->lock, flags);

	TRACE(TRC_CLS_DOM, TRC_DOM_shutdown, d->domain_id, reason);
	printk("Domain %u shut down: reason %u (%s)\n", d->domain_id, reason,
	       shutdown_reason_name(reason));
	if (!is_hardware_domain(d))
		return; /* nothing else runs yet to notice; the toolstack will */

	switch (reason) {
	case SHUTDOWN_poweroff:
		printk("Hardware domain powered off: powering off the machine\n");
		machine_power_off(EXIT_STATUS_POWEROFF);
	case SHUTDOWN_reboot:
	case SHUTDOWN_soft_reset:
		printk("Hardware domain asked for a reboot: rebooting the machine\n");
		machine_restart();
	default:
		printk("Hardware domain %s: %s\n", shutdown_reason_name(reason),
		       opt_noreboot ? "halting (noreboot)" : "rebooting the machine in 5 seconds");
		machine_dom0_crashed();
	}
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	struct vcpu *v = current;
	char reason[160];
	va_list args;

	va_start(args, fmt);
	vsnprintf(reason, sizeof(reason), fmt, args);
	va_end(args);
	printk(XENLOG_ERR "domain_crash called for d%u: %s\n", d->domain_id, reason);
	if (v && v->domain == d && v->regs)
		show_guest_registers(v->regs);
	domain_shutdown(d, SHUTDOWN_crash);
}

/*
 * sched_op: the lifecycle sub-ops. Blocking and polling need event
 * channels and the scheduler (later issues): -ENOSYS until then.
 */
long do_sched_op(int cmd, GUEST_PTR(void) arg)
{
	struct domain *d = current->domain;
	struct sched_shutdown sd;

	switch (cmd) {
	case SCHEDOP_yield:
		return 0; /* the only runnable vCPU keeps running */
	case SCHEDOP_shutdown:
	case SCHEDOP_shutdown_code:
		if (copy_from_guest(&sd, arg, 1))
			return -EFAULT;
		if (sd.reason > SHUTDOWN_MAX)
			return -EINVAL;
		if (cmd == SCHEDOP_shutdown_code) {
			d->shutdown_code = sd.reason;
			return 0;
		}
		printk("d%u: sched_op shutdown, reason %u (%s)\n", d->domain_id, sd.reason,
		       shutdown_reason_name(sd.reason));
		domain_shutdown(d, sd.reason);
		return 0;
	default:
		return -ENOSYS;
	}
}

/*
 * vm_assist: writable page tables (pv/ro-page-fault.c), plus the types
 * that mean nothing for a 64-bit PV guest (4 GiB segments and their
 * notification are 32-bit only; an L4 may sit anywhere, so
 * pae_extended_cr3 is moot). Architectural IOPL, the runstate update
 * flag and a strict M2P arrive with the features behind them: until then
 * enabling them is refused (-EINVAL), never pretended.
 */
#define VM_ASSIST_SUPPORTED ((1UL << VMASST_TYPE_4gb_segments) | \
			     (1UL << VMASST_TYPE_4gb_segments_notify) | \
			     (1UL << VMASST_TYPE_writable_pagetables) | \
			     (1UL << VMASST_TYPE_pae_extended_cr3))

long do_vm_assist(unsigned int cmd, unsigned int type)
{
	struct domain *d = current->domain;

	if (type >= 64 || !(VM_ASSIST_SUPPORTED & (1UL << type)))
		return -EINVAL;
	switch (cmd) {
	case VMASST_CMD_enable:
		__atomic_fetch_or(&d->vm_assist, 1UL << type, __ATOMIC_SEQ_CST);
		return 0;
	case VMASST_CMD_disable:
		__atomic_fetch_and(&d->vm_assist, ~(1UL << type), __ATOMIC_SEQ_CST);
		return 0;
	default:
		return -ENOSYS;
	}
}
