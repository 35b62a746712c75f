// SPDX-License-Identifier: GPL-2.0-only
/*
 * The credit scheduler, weights (xen-like only: boot-time domUs and our
 * domctl). One kernel, four parts, on one physical CPU:
 *   dom0                the driver, mostly asleep (SCHEDOP_poll timeouts);
 *   d1 "role=spin"      CPU-bound, weight=256 (md_spinner_main);
 *   d2 "role=spin"      CPU-bound, weight=512;
 *   d3 "role=block"     SCHEDOP_block with nothing bound: never wakes.
 * Behaviour under test:
 * - sysctl physinfo names the credit scheduler;
 * - scheduler_op getinfo reports the weights from the module command
 *   lines (256 is the default, cap 0);
 * - over a 3 s window, CPU time (getdomaininfo cpu_time) goes to the
 *   runnable vCPUs in proportion to their weights: d2:d1 within 10% of
 *   2.0, the spinners get most of the CPU, and the blocked domain costs
 *   nothing (< 1% of the window) and is reported XEN_DOMINF_blocked;
 * - the spinners see a monotonic pvclock across being descheduled;
 * - putinfo keeps the weight for weight 0 and the cap for cap 0xffff,
 *   stores a cap above 100 per vCPU as Xen 4.17 does, refuses another
 *   scheduler's id, an unknown command (-EINVAL), a missing domain
 *   (-ESRCH) and a bad interface version (-EACCES), changing nothing;
 *   accepted values (the limits included) show in getinfo;
 * - SCHEDOP_remote_shutdown stops runnable and blocked domUs (reason
 *   poweroff in getdomaininfo), a shut-down domain accrues no CPU time,
 *   and a missing domain is -ESRCH.
 */
#include <framework.h>
#include <multidom.h>
#include <public/errno.h>

const char test_title[] = "Credit scheduler: weights, blocked domains, scheduler_op";

#define LIGHT 1	  /* d1, weight 256 */
#define HEAVY 2	  /* d2, weight 512 */
#define BLOCKED 3 /* d3 */
#define NR_DOMS 4
#define WINDOW_MS 3000

static void check_params(const char *what, domid_t dom, uint16_t weight, uint16_t cap)
{
	struct xen_domctl_sched_credit p;

	if (!check_long(what, 0, domctl_sched_credit_get(dom, &p)))
		return;
	if (p.weight != weight || p.cap != cap)
		xtf_failure("%s: expected weight %u cap %u, got weight %u cap %u", what, weight,
			    cap, p.weight, p.cap);
}

static long sched_op_raw(domid_t dom, uint32_t sched_id, uint32_t cmd, uint16_t weight,
			 uint16_t cap)
{
	xen_domctl_t op = {
		.cmd = XEN_DOMCTL_scheduler_op,
		.domain = dom,
		.u.scheduler_op = {.sched_id = sched_id,
				   .cmd = cmd,
				   .u.credit = {.weight = weight, .cap = cap}},
	};

	return domctl_op(&op);
}

static void test_scheduler_op(void)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_scheduler_op, .domain = BLOCKED};
	long rc;

	check_params("getinfo d0 (defaults)", 0, 256, 0);
	check_params("getinfo d1 (weight=256)", LIGHT, 256, 0);
	check_params("getinfo d2 (weight=512)", HEAVY, 512, 0);
	check_params("getinfo d3 (defaults)", BLOCKED, 256, 0);

	/* Refusals and Xen's quiet cases, on d3: it is asleep, so nothing here disturbs the window. */
	check_long("putinfo weight 0 (keeps the weight)", 0, domctl_sched_credit_put(BLOCKED, 0, 0));
	check_long("putinfo cap 101, above 100 per vCPU (stored, as Xen)", 0,
		   domctl_sched_credit_put(BLOCKED, 256, 101));
	check_params("getinfo d3 after cap 101", BLOCKED, 256, 101);
	check_long("putinfo cap 0 (no cap)", 0, domctl_sched_credit_put(BLOCKED, 256, 0));
	check_long("putinfo cap 65535 (keeps the cap)", 0,
		   domctl_sched_credit_put(BLOCKED, 256, 65535));
	check_long("putinfo with XEN_SCHEDULER_CREDIT2", -XEN_EINVAL,
		   sched_op_raw(BLOCKED, XEN_SCHEDULER_CREDIT2, XEN_DOMCTL_SCHEDOP_putinfo, 300, 0));
	check_long("scheduler_op unknown cmd 7", -XEN_EINVAL,
		   sched_op_raw(BLOCKED, XEN_SCHEDULER_CREDIT, 7, 300, 0));
	check_long("putinfo on missing d9", -XEN_ESRCH, domctl_sched_credit_put(9, 300, 0));
	op.interface_version = XEN_DOMCTL_INTERFACE_VERSION + 1;
	op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
	op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
	op.u.scheduler_op.u.credit.weight = 300;
	rc = HYPERVISOR_domctl(&op);
	check_long("putinfo with a wrong interface version", -XEN_EACCES, rc);
	op = (xen_domctl_t){.cmd = 99, .domain = BLOCKED};
	check_long("unknown domctl 99", -XEN_ENOSYS, domctl_op(&op));
	check_params("getinfo d3 after the refusals", BLOCKED, 256, 0);

	/* Accepted values, the limits included, read back. */
	check_long("putinfo d3 weight 1000 cap 50", 0, domctl_sched_credit_put(BLOCKED, 1000, 50));
	check_params("getinfo d3 after putinfo", BLOCKED, 1000, 50);
	check_long("putinfo d3 weight 65535 cap 100 (its one vCPU)", 0,
		   domctl_sched_credit_put(BLOCKED, 65535, 100));
	check_params("getinfo d3 at the limits", BLOCKED, 65535, 100);
	check_long("putinfo d3 weight 1 cap 0", 0, domctl_sched_credit_put(BLOCKED, 1, 0));
	check_params("getinfo d3 at weight 1", BLOCKED, 1, 0);
	check_long("putinfo d3 weight 0 cap 0", 0, domctl_sched_credit_put(BLOCKED, 0, 0));
	check_params("getinfo d3: weight 0 kept it", BLOCKED, 1, 0);
	check_long("putinfo d3 back to 256", 0, domctl_sched_credit_put(BLOCKED, 256, 0));
	check_params("d1 untouched by putinfo on d3", LIGHT, 256, 0);
}

/* Until d3 reports blocked (it may not have run yet when we start). */
static void check_blocked(void)
{
	struct xen_domctl_getdomaininfo info;
	uint64_t deadline = md_deadline(2 * NS_PER_S);

	do {
		if (!check_long("getdomaininfo d3", 0, domctl_getdomaininfo(BLOCKED, &info)))
			return;
		if (info.flags & XEN_DOMINF_blocked)
			break;
		md_sleep_ms(10);
	} while (pvclock_read() < deadline);
	if (!(info.flags & XEN_DOMINF_blocked))
		xtf_failure("d3 in SCHEDOP_block: expected XEN_DOMINF_blocked within 2 s, got "
			    "flags %#x",
			    info.flags);
	if (check_long("getdomaininfo d1", 0, domctl_getdomaininfo(LIGHT, &info)) &&
	    (info.flags & (XEN_DOMINF_blocked | XEN_DOMINF_running)))
		xtf_failure("d1 spinning while dom0 runs: expected neither blocked nor running, "
			    "got flags %#x",
			    info.flags);
}

static void measure(void)
{
	uint64_t before[NR_DOMS], after[NR_DOMS], delta[NR_DOMS], t0, t1, window;
	unsigned int d;
	uint64_t ratio_x1000;

	t0 = pvclock_read();
	for (d = 0; d < NR_DOMS; d++)
		before[d] = md_cpu_time(d);
	/* Wake up now and then, as a dom0 with a timer tick would. */
	while (pvclock_read() < t0 + WINDOW_MS * NS_PER_MS)
		md_sleep_ms(100);
	for (d = 0; d < NR_DOMS; d++)
		after[d] = md_cpu_time(d);
	t1 = pvclock_read();
	window = t1 - t0;
	for (d = 0; d < NR_DOMS; d++)
		delta[d] = after[d] - before[d];

	printk("window %llu ms: cpu time d0 %llu ms, d1 (w256) %llu ms, d2 (w512) %llu ms, "
	       "d3 (blocked) %llu us\n",
	       (unsigned long long)(window / NS_PER_MS), (unsigned long long)(delta[0] / NS_PER_MS),
	       (unsigned long long)(delta[1] / NS_PER_MS),
	       (unsigned long long)(delta[2] / NS_PER_MS),
	       (unsigned long long)(delta[3] / NS_PER_US));
	if (!delta[LIGHT]) {
		xtf_failure("cpu time of d1 over %llu ms: expected > 0, got 0",
			    (unsigned long long)(window / NS_PER_MS));
		return;
	}
	ratio_x1000 = delta[HEAVY] * 1000 / delta[LIGHT];
	printk("d2:d1 = %llu.%03llu (weights 512:256)\n", (unsigned long long)(ratio_x1000 / 1000),
	       (unsigned long long)(ratio_x1000 % 1000));
	if (ratio_x1000 < 1800 || ratio_x1000 > 2200)
		xtf_failure("cpu time d2:d1: expected 2.0 +- 10%%, got %llu.%03llu",
			    (unsigned long long)(ratio_x1000 / 1000),
			    (unsigned long long)(ratio_x1000 % 1000));
	if (delta[BLOCKED] * 100 >= window)
		xtf_failure("cpu time of blocked d3: expected < 1%% of %llu ms, got %llu us",
			    (unsigned long long)(window / NS_PER_MS),
			    (unsigned long long)(delta[BLOCKED] / NS_PER_US));
	/* dom0 sleeps: the spinners have the CPU nearly to themselves. */
	if ((delta[LIGHT] + delta[HEAVY]) * 2 < window)
		xtf_failure("cpu time of the spinners: expected over half of %llu ms, got %llu ms",
			    (unsigned long long)(window / NS_PER_MS),
			    (unsigned long long)((delta[LIGHT] + delta[HEAVY]) / NS_PER_MS));
	if (after[0] < before[0] || delta[0] >= window)
		xtf_failure("cpu time of d0: expected to grow by less than the window, got %llu -> "
			    "%llu",
			    (unsigned long long)before[0], (unsigned long long)after[0]);
}

static void shut_down_all(const bool *stopped)
{
	uint64_t frozen;
	domid_t d;
	char what[64];

	for (d = 1; d < NR_DOMS; d++) {
		snprintf(what, sizeof(what), "SCHEDOP_remote_shutdown d%u", d);
		check_long(what, 0, md_remote_shutdown(d, SHUTDOWN_poweroff));
	}
	for (d = 1; d < NR_DOMS; d++) {
		snprintf(what, sizeof(what), "d%u shut down, reason (0 poweroff, 3 crash)", d);
		if (stopped[d] || d == BLOCKED)
			check_long(what, SHUTDOWN_poweroff,
				   md_wait_shutdown(d, md_deadline(5 * NS_PER_S)));
	}
	check_long("SCHEDOP_remote_shutdown of missing d9", -XEN_ESRCH,
		   md_remote_shutdown(9, SHUTDOWN_poweroff));
	frozen = md_cpu_time(HEAVY);
	md_sleep_ms(100);
	check_long("cpu time of shut-down d2 100 ms later (ns)", frozen, md_cpu_time(HEAVY));
}

static void run_dom0(void)
{
	struct xen_domctl_getdomaininfo info;
	evtchn_port_t port[NR_DOMS] = {0};
	bool stopped[NR_DOMS] = {false};
	domid_t d;

	events_disable();
	check_long("sysctl sched_id (XEN_SCHEDULER_CREDIT)", XEN_SCHEDULER_CREDIT, sysctl_sched_id());
	for (d = 1; d < NR_DOMS; d++) {
		char what[48];

		snprintf(what, sizeof(what), "getdomaininfo d%u (boot-time domU)", d);
		if (!check_long(what, 0, domctl_getdomaininfo(d, &info)))
			goto out;
	}
	for (d = LIGHT; d <= HEAVY; d++) {
		char what[48];

		snprintf(what, sizeof(what), "bind spinner d%u's port 1", d);
		if (!check_long(
			    what, 0,
			    md_bind_retry(d, MD_SPIN_PORT, md_deadline(5 * NS_PER_S), &port[d])))
			goto out;
		evtchn_clear_pending(port[d]); /* raised at bind time */
	}
	test_scheduler_op();
	check_blocked();
	measure();
out:
	for (d = LIGHT; d <= HEAVY; d++)
		if (port[d])
			stopped[d] = md_spinner_stop(d, port[d]);
	shut_down_all(stopped);
	xtf_success(NULL);
}

static void run_blocker(void)
{
	unsigned int wakes = 0;

	xtf_set_failure_shutdown(SHUTDOWN_crash);
	check_long("blocker: start_info flags (a domU)", 0, start_info->flags);
	printk("blocker: SCHEDOP_block with nothing bound, until dom0 shuts us down\n");
	events_disable();
	for (;;) {
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
		/* Nothing can wake us: report once, and keep blocking (dom0 measures). */
		if (!wakes++) {
			xtf_failure("blocker: SCHEDOP_block with nothing bound: expected never to "
				    "return, returned");
			xtf_print_verdict();
		}
	}
}

void test_main(void)
{
	if (md_is_dom0())
		run_dom0();
	else if (md_role_is("spin"))
		md_spinner_main();
	else if (md_role_is("block"))
		run_blocker();
	else
		xtf_error("domU command line \"%s\": expected role=spin or role=block",
			  (const char *)start_info->cmd_line);
}
