// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: SCHEDOP_yield, alone and as a switch between two domains.
 *   yield-alone:   SCHEDOP_yield with nothing else runnable (dom0 alone,
 *       or with the domU blocked): the hypercall, the scheduler finding
 *       nobody better, and the way back. Both hypervisors.
 *   domain-switch: dom0 and d1 ("role=yield", see DOMUS in the Makefile:
 *       a boot-time domU on xen-like, a domU dom0 builds from its own
 *       image on Xen 4.17, ../lib/peer.h), both CPU-bound, each calling
 *       SCHEDOP_yield in a loop. A dom0 yield that lets the domU run
 *       returns after two switches (dom0 -> d1, d1's loop and yield,
 *       d1 -> dom0), so a sample is such a yield's duration and the
 *       figure per switch is half of it (reported as batch=2). A yield
 *       counts as switched if it took more than 1.5 times yield-alone's
 *       median: one that did not switch costs about yield-alone, one that
 *       did costs two yields and two full context switches. Yields that
 *       did not switch are counted, not sampled; the log line
 *       "domain-switch: ..." also gives the mean, wall time over the
 *       number of switches observed (two per switched yield).
 * Without a peer (dom0 booted alone) domain-switch is reported
 * unavailable: never a number.
 */
#include <guest/event.h>
#include <multidom.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include "../lib/bench.h"
#include "../lib/peer.h"

const char test_title[] = "Bench: SCHEDOP_yield alone and as a switch between two domains";

#define PEER BENCH_PEER
/* dom0 gives up after this many yields without enough switched ones. */
#define MAX_YIELDS (16 * (BENCH_WARMUP + BENCH_SAMPLES))
#define NO_DOMU "no-boot-time-domU"

static uint64_t samples[BENCH_SAMPLES];

static long yield(void)
{
	return HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

static void setup(void)
{
	/* No timer events: nothing wakes either domain but the other. */
	check_long("stop_periodic_timer", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL));
	events_disable();
}

/* d1: wait for "start", then yield in a loop until "stop". */
static void run_yield(void)
{
	evtchn_port_t port;
	uint64_t deadline, n = 0;

	xtf_set_failure_shutdown(SHUTDOWN_crash);
	setup();
	if (!check_long("yield: alloc_unbound for d0", 0, evtchn_alloc_unbound(0, &port)) ||
	    !check_long("yield: first port of our own", bench_peer_port_expected(), port))
		return;
	if (!md_wait_port(port, md_deadline(30 * NS_PER_S))) {
		xtf_failure("yield: start from d0: expected within 30 s, got none");
		return;
	}
	deadline = md_deadline(30 * NS_PER_S);
	while (!evtchn_is_pending(port)) {
		if (yield()) {
			xtf_failure("yield: SCHEDOP_yield: expected 0, got another result");
			return;
		}
		if (!(++n % 1024) && pvclock_read() >= deadline) {
			xtf_failure("yield: stop from d0: expected within 30 s, got none");
			return;
		}
	}
	evtchn_clear_pending(port);
	printk("yield: %llu yields until d0 said stop\n", (unsigned long long)n);
	xtf_success(NULL);
}

/*
 * dom0, after yield-alone: start d1 on @port, sample yields that switched
 * (longer than @threshold ticks, overhead subtracted), stop d1.
 */
static void measure_switch(evtchn_port_t port, uint64_t threshold)
{
	unsigned int yields = 0, switched = 0, n = 0, bad = 0;
	uint64_t first = 0, last = 0;

	check_long("start d1", 0, evtchn_send(port));
	while (n < BENCH_SAMPLES && yields < MAX_YIELDS) {
		uint64_t t0 = bench_tsc(), t1, d;
		long rc = yield();

		t1 = bench_tsc();
		bad += rc != 0;
		d = t1 - t0 > bench_overhead_ticks ? t1 - t0 - bench_overhead_ticks : 0;
		yields++;
		if (d <= threshold)
			continue;
		if (++switched <= BENCH_WARMUP) {
			first = t1; /* the mean starts after the warm-up */
			yields = 0;
			continue;
		}
		samples[n++] = t1 - t0;
		last = t1;
	}
	check_long("stop d1", 0, evtchn_send(port));
	if (bad)
		xtf_failure("SCHEDOP_yield: expected 0 every time, got %u others", bad);
	if (n < BENCH_SAMPLES) {
		xtf_failure("domain-switch: expected %u yields that switched within %u yields, "
			    "got %u",
			    BENCH_SAMPLES, MAX_YIELDS, n);
		return;
	}
	printk("domain-switch: %u yields, %u switched (threshold %llu ticks); mean per switch "
	       "(wall / switches) %llu ticks (%llu ns)\n",
	       yields, n, (unsigned long long)threshold,
	       (unsigned long long)((last - first) / (2 * n)),
	       (unsigned long long)bench_ns((last - first) / (2 * n)));
	bench_report("domain-switch", samples, BENCH_SAMPLES, 2);
}

static void run_dom0(void)
{
	struct bench_peer peer;
	evtchn_port_t port = 0;
	unsigned int bad = 0;
	uint64_t threshold;
	long rc;

	setup();
	if (!bench_peer_start(&peer))
		return;
	bench_init();
	if (peer.present) {
		if (!check_long("bind d1's first port", 0,
				md_bind_retry(PEER, peer.port, md_deadline(10 * NS_PER_S), &port)))
			return;
		evtchn_clear_pending(port); /* raised at bind time */
		/* d1 waits for "start" in SCHEDOP_poll: nothing else runnable. */
		if (!check_long("d1 blocked", 0,
				md_wait_blocked(BENCH_PEER, md_deadline(10 * NS_PER_S))))
			return;
	}

	BENCH_RUN(samples, rc = yield(), bad += rc != 0);
	bench_report("yield-alone", samples, BENCH_SAMPLES, 0);
	if (bad)
		xtf_failure("SCHEDOP_yield: expected 0 every time, got %u others", bad);
	threshold = bench_quantile(samples, BENCH_SAMPLES, 50) * 3 / 2;

	if (!peer.present) {
		printk("domain-switch: no peer (neither domus= nor build-domus=): only "
		       "yield-alone\n");
		bench_report_unavailable("domain-switch", 2, NO_DOMU);
		xtf_success(NULL);
		return;
	}
	measure_switch(port, threshold);
	check_long("d1 shut down, reason (0 poweroff, 3 crash)", SHUTDOWN_poweroff,
		   md_wait_shutdown(BENCH_PEER, md_deadline(10 * NS_PER_S)));
	bench_peer_finish(&peer);
	xtf_success(NULL);
}

void test_main(void)
{
	if (md_is_dom0())
		run_dom0();
	else if (md_role_is("yield"))
		run_yield();
	else
		xtf_error("domU command line \"%s\": expected role=yield",
			  (const char *)start_info->cmd_line);
}
