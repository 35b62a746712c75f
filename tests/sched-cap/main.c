// SPDX-License-Identifier: GPL-2.0-only
/*
 * The credit scheduler, caps (xen-like only: boot-time domUs and our
 * domctl). Two parts on one physical CPU:
 *   dom0                the driver, mostly asleep (SCHEDOP_poll timeouts);
 *   d1 "role=spin"      CPU-bound, started with cap=25 (md_spinner_main).
 * Behaviour under test: a cap limits a domain to that percentage of one
 * CPU even when the CPU is otherwise idle, and changes to it with
 * scheduler_op putinfo take effect at once. Measured with getdomaininfo
 * cpu_time over windows of pvclock time:
 *   cap 25 (from the command line, 2 s):  10% < share <= 30%
 *   cap 50 (putinfo, 1.5 s):              35% < share <= 55%
 *   cap 0, uncapped (putinfo, 1 s):       share >= 70%
 * The spinner's pvclock stays monotonic across being parked, and it is
 * shut down with SCHEDOP_remote_shutdown while runnable.
 */
#include <framework.h>
#include <multidom.h>
#include <public/errno.h>

const char test_title[] = "Credit scheduler: caps";

#define SPINNER 1

static const struct {
	uint16_t cap;	   /* 0: uncapped */
	bool put;	   /* set with putinfo (else: from the command line) */
	unsigned int ms;   /* window */
	unsigned int low;  /* share must be > low% ... */
	unsigned int high; /* ... and <= high% */
} windows[] = {
	{25, false, 2000, 10, 30},
	{50, true, 1500, 35, 55},
	{0, true, 1000, 70, 100},
};

static void measure(unsigned int i)
{
	uint64_t t0, t1, c0, c1, pct_x10;
	struct xen_domctl_sched_credit p;
	char what[64];

	if (windows[i].put) {
		snprintf(what, sizeof(what), "putinfo d1 cap %u", windows[i].cap);
		if (!check_long(what, 0, domctl_sched_credit_put(SPINNER, 256, windows[i].cap)))
			return;
	}
	snprintf(what, sizeof(what), "getinfo d1 (cap %u)", windows[i].cap);
	if (check_long(what, 0, domctl_sched_credit_get(SPINNER, &p)) &&
	    (p.weight != 256 || p.cap != windows[i].cap))
		xtf_failure("%s: expected weight 256 cap %u, got weight %u cap %u", what,
			    windows[i].cap, p.weight, p.cap);

	t0 = pvclock_read();
	c0 = md_cpu_time(SPINNER);
	while (pvclock_read() < t0 + windows[i].ms * NS_PER_MS)
		md_sleep_ms(100);
	c1 = md_cpu_time(SPINNER);
	t1 = pvclock_read();
	pct_x10 = (c1 - c0) * 1000 / (t1 - t0);
	printk("cap %u: d1 ran %llu ms of %llu ms, %llu.%llu%%\n", windows[i].cap,
	       (unsigned long long)((c1 - c0) / NS_PER_MS),
	       (unsigned long long)((t1 - t0) / NS_PER_MS), (unsigned long long)(pct_x10 / 10),
	       (unsigned long long)(pct_x10 % 10));
	if (c1 < c0 || pct_x10 <= windows[i].low * 10 || pct_x10 > windows[i].high * 10)
		xtf_failure("share of one CPU with cap %u: expected > %u%% and <= %u%%, got "
			    "%llu.%llu%%",
			    windows[i].cap, windows[i].low, windows[i].high,
			    (unsigned long long)(pct_x10 / 10), (unsigned long long)(pct_x10 % 10));
}

static void run_dom0(void)
{
	struct xen_domctl_getdomaininfo info;
	evtchn_port_t port;
	bool stopped;

	events_disable();
	if (!check_long("getdomaininfo d1 (boot-time domU)", 0,
			domctl_getdomaininfo(SPINNER, &info)) ||
	    !check_long("bind spinner d1's port 1", 0,
			md_bind_retry(SPINNER, MD_SPIN_PORT, md_deadline(5 * NS_PER_S), &port))) {
		md_remote_shutdown(SPINNER, SHUTDOWN_poweroff);
		return;
	}
	evtchn_clear_pending(port); /* raised at bind time */
	for (unsigned int i = 0; i < ARRAY_SIZE(windows); i++)
		measure(i);
	stopped = md_spinner_stop(SPINNER, port);
	check_long("SCHEDOP_remote_shutdown d1 (runnable)", 0,
		   md_remote_shutdown(SPINNER, SHUTDOWN_poweroff));
	if (stopped)
		check_long("d1 shut down, reason (0 poweroff, 3 crash)", SHUTDOWN_poweroff,
			   md_wait_shutdown(SPINNER, md_deadline(5 * NS_PER_S)));
	xtf_success(NULL);
}

void test_main(void)
{
	if (md_is_dom0())
		run_dom0();
	else if (md_role_is("spin"))
		md_spinner_main();
	else
		xtf_error("domU command line \"%s\": expected role=spin",
			  (const char *)start_info->cmd_line);
}
