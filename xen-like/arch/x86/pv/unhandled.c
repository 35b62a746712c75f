// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a guest asked for and did not get: every hypercall or sub-op
 * answered -ENOSYS, and every privileged instruction the emulator
 * (emulate.c) could not handle and bounced to the guest as #GP. This is
 * how the next gap a stock kernel runs into shows itself.
 *
 * The one idea: counting is exact and cheap, printing is not. Each event
 * bumps a per-domain counter (atomically; the totals are printed when
 * the domain shuts down) and asks for one log line at XENLOG_INFO, which
 * the default loglvl=warning hides and loglvl=info or loglvl=all shows.
 * Lines are rate-limited across all domains (a burst of LOG_BURST per
 * LOG_WINDOW); the ones dropped are counted and the next line printed
 * says how many.
 */
#include <public/xen.h>
#include <xen/console.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <asm/pv.h>

#define LOG_WINDOW SECONDS(1)
#define LOG_BURST 20

/* Where a hypercall keeps its sub-op number, for the log line. */
enum {
	SUBOP_NONE, /* it has none (or it is not worth reading) */
	SUBOP_ARG,  /* its first argument */
	SUBOP_MEM,  /* the first 32 bits its first argument points to */
};

static const uint8_t subop_where[HYPERCALL_TABLE_SIZE] = {
	[__HYPERVISOR_platform_op] = SUBOP_MEM,
	[__HYPERVISOR_memory_op] = SUBOP_ARG,
	[__HYPERVISOR_event_channel_op_compat] = SUBOP_MEM,
	[__HYPERVISOR_xen_version] = SUBOP_ARG,
	[__HYPERVISOR_console_io] = SUBOP_ARG,
	[__HYPERVISOR_physdev_op_compat] = SUBOP_MEM,
	[__HYPERVISOR_grant_table_op] = SUBOP_ARG,
	[__HYPERVISOR_vm_assist] = SUBOP_ARG,
	[__HYPERVISOR_vcpu_op] = SUBOP_ARG,
	[__HYPERVISOR_nmi_op] = SUBOP_ARG,
	[__HYPERVISOR_sched_op] = SUBOP_ARG,
	[__HYPERVISOR_callback_op] = SUBOP_ARG,
	[__HYPERVISOR_xenoprof_op] = SUBOP_ARG,
	[__HYPERVISOR_event_channel_op] = SUBOP_ARG,
	[__HYPERVISOR_physdev_op] = SUBOP_ARG,
	[__HYPERVISOR_hvm_op] = SUBOP_ARG,
	[__HYPERVISOR_sysctl] = SUBOP_MEM,
	[__HYPERVISOR_domctl] = SUBOP_MEM,
	[__HYPERVISOR_kexec_op] = SUBOP_ARG,
	[__HYPERVISOR_argo_op] = SUBOP_ARG,
	[__HYPERVISOR_xenpmu_op] = SUBOP_ARG,
	[__HYPERVISOR_hypfs_op] = SUBOP_ARG,
};

/* Guarded by log_lock: the current window and what it has printed or dropped. */
static DEFINE_SPINLOCK(log_lock);
static s_time_t window_start;
static unsigned int window_lines;
static unsigned long dropped;

/*
 * May a line be printed now? On true, *@was_dropped is how many lines
 * were refused since the last one printed (and the count restarts).
 * Hidden by the log level: false at once, and nothing counts as dropped.
 */
static bool log_allowed(unsigned long *was_dropped)
{
	s_time_t now;
	unsigned long flags;
	bool ok;

	if (!loglvl_allows(ACCESS_ONCE(console_loglevel), XENLOG_LVL_INFO))
		return false;
	now = NOW();
	spin_lock_irqsave(&log_lock, flags);
	/* A window opens with its first line, so a burst is never split by chance. */
	if (!window_lines || now - window_start >= LOG_WINDOW) {
		window_start = now;
		window_lines = 0;
	}
	ok = window_lines < LOG_BURST;
	if (ok) {
		window_lines++;
		*was_dropped = dropped;
		dropped = 0;
	} else {
		dropped++;
	}
	spin_unlock_irqrestore(&log_lock, flags);
	return ok;
}

/* Xen's guest log prefix: "d<domain>v<vcpu>". */
static void log_line(const struct vcpu *v, const char *what, unsigned long was_dropped)
{
	if (was_dropped)
		printk(XENLOG_INFO "d%uv%u %s (%lu similar lines dropped before)\n",
		       v->domain->domain_id, v->vcpu_id, what, was_dropped);
	else
		printk(XENLOG_INFO "d%uv%u %s\n", v->domain->domain_id, v->vcpu_id, what);
}

void pv_log_enosys(uint64_t nr, const uint64_t args[6])
{
	struct vcpu *v = current;
	unsigned long was_dropped;
	unsigned int where = nr < HYPERCALL_TABLE_SIZE ? subop_where[nr] : SUBOP_NONE;
	/* Not hypercall_name(nr) past the table: it takes 32 bits, and high bits count. */
	const char *name = nr < HYPERCALL_TABLE_SIZE ? hypercall_name(nr) : "unknown";
	uint32_t subop = (uint32_t)args[0];
	char what[96];

	__atomic_fetch_add(&v->domain->nr_enosys, 1, __ATOMIC_RELAXED);
	if (!log_allowed(&was_dropped))
		return;
	/* Only read for the log: the handler already worked from its own copy. */
	if (where == SUBOP_MEM && raw_copy_from_guest(&subop, args[0], sizeof(subop)))
		where = SUBOP_NONE;
	if (where == SUBOP_NONE)
		snprintf(what, sizeof(what), "hypercall %lu (%s): -ENOSYS", (unsigned long)nr,
			 name);
	else
		snprintf(what, sizeof(what), "hypercall %lu (%s) sub-op %u: -ENOSYS",
			 (unsigned long)nr, name, subop);
	log_line(v, what, was_dropped);
}

void pv_log_unemulated(const struct cpu_regs *regs, const char *what)
{
	struct vcpu *v = current;
	unsigned long was_dropped;
	char line[128];

	__atomic_fetch_add(&v->domain->nr_unemulated, 1, __ATOMIC_RELAXED);
	if (!log_allowed(&was_dropped))
		return;
	snprintf(line, sizeof(line), "%s at %04lx:%016lx not emulated: #GP to the guest", what,
		 (unsigned long)regs->cs, (unsigned long)regs->rip);
	log_line(v, line, was_dropped);
}

void domain_log_unhandled(const struct domain *d)
{
	unsigned long enosys = __atomic_load_n(&d->nr_enosys, __ATOMIC_RELAXED);
	unsigned long unemulated = __atomic_load_n(&d->nr_unemulated, __ATOMIC_RELAXED);

	if (enosys || unemulated)
		printk(XENLOG_INFO "d%u: %lu hypercall(s) answered -ENOSYS, %lu privileged "
				   "instruction(s) not emulated\n",
		       d->domain_id, enosys, unemulated);
}
