// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: the event-channel round trip between two domains on one
 * pCPU: dom0 and d1, a boot-time domU on xen-like or a domU dom0 builds
 * from its own image on Xen 4.17 (see DOMUS in the Makefile and
 * ../lib/peer.h). One kernel, two parts:
 *   dom0: binds d1's first port and pings; a sample is from before its
 *       EVTCHNOP_send to having noticed the reply (and cleared it);
 *   d1 "role=pong": offers its first port to dom0 and answers every ping.
 * Two phases of BENCH_WARMUP + BENCH_SAMPLES round trips each, both
 * sides waiting the same way:
 *   evtchn-pingpong-poll:  events masked, SCHEDOP_poll on the port, the
 *       pending bit tested and cleared by the guest;
 *   evtchn-pingpong-block: events delivered by upcall (the library's
 *       handler counts them), SCHEDOP_block (which unmasks events and
 *       sleeps unless one is pending) until the port's count moves.
 * Either way a round trip is two sends, two wake-ups and two domain
 * switches (the woken domain is boosted and preempts the sender), plus
 * for block two upcalls and their iret. Without a peer (dom0 booted
 * alone) both benchmarks are reported unavailable: never a number.
 */
#include <guest/event.h>
#include <multidom.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include "../lib/bench.h"
#include "../lib/peer.h"

const char test_title[] = "Bench: event channel round trip between two domains on one pCPU";

#define PEER BENCH_PEER
#define PHASE_ROUNDS (BENCH_WARMUP + BENCH_SAMPLES)
#define PHASE_TIMEOUT (20 * NS_PER_S)
#define NO_DOMU "no-boot-time-domU" /* nor a module to build one from */

static uint64_t samples[BENCH_SAMPLES];
static evtchn_port_t timer_port;

/*
 * Arm a single-shot timer at @deadline on VIRQ_TIMER, which ends a
 * SCHEDOP_block that would otherwise wait for a peer that is gone.
 */
static void arm_timeout(uint64_t deadline)
{
	struct vcpu_set_singleshot_timer sst = {.timeout_abs_ns = deadline};

	check_long("set_singleshot_timer", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &sst));
}

/*
 * Block (SCHEDOP_block) until the upcall has counted an event on @port
 * beyond @old; false if the timeout fired first. Events are masked on
 * return, as on entry.
 */
static bool wait_block(evtchn_port_t port, uint32_t old, uint32_t timer_old)
{
	for (;;) {
		events_disable();
		if (evtchn_count[port] != old)
			return true;
		if (evtchn_count[timer_port] != timer_old)
			return false;
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	}
}

static bool setup(void)
{
	if (!check_long("evtchn_init (callback_op event)", 0, evtchn_init()))
		return false;
	/* Only the events we send (and our own timeout). */
	check_long("stop_periodic_timer", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL));
	events_disable();
	return true;
}

/* After the domU's alloc_unbound: its port 1 is what dom0 looks for. */
static bool bind_timer(void)
{
	return check_long("bind VIRQ_TIMER", 0, evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port));
}

/* d1: answer PHASE_ROUNDS pings by poll, then as many by block. */
static void run_pong(void)
{
	evtchn_port_t port;
	uint64_t deadline;
	uint32_t timer_old;
	unsigned int n;

	xtf_set_failure_shutdown(SHUTDOWN_crash);
	if (!setup())
		return;
	if (!check_long("pong: alloc_unbound for d0", 0, evtchn_alloc_unbound(0, &port)) ||
	    !check_long("pong: first port of our own", bench_peer_port_expected(), port) ||
	    !bind_timer())
		return;

	deadline = md_deadline(PHASE_TIMEOUT);
	for (n = 0; n < PHASE_ROUNDS; n++) {
		if (!md_wait_port(port, deadline)) {
			xtf_failure("pong (poll): ping %u: expected within 20 s, got none", n);
			return;
		}
		evtchn_send(port);
	}

	timer_old = evtchn_count[timer_port];
	arm_timeout(md_deadline(PHASE_TIMEOUT));
	for (n = 0; n < PHASE_ROUNDS; n++) {
		if (!wait_block(port, evtchn_count[port], timer_old)) {
			xtf_failure("pong (block): ping %u: expected within 20 s, got none", n);
			return;
		}
		evtchn_send(port);
	}
	printk("pong: answered %u pings by poll and %u by block\n", PHASE_ROUNDS, PHASE_ROUNDS);
	xtf_success(NULL);
}

static void run_dom0(void)
{
	struct bench_peer peer;
	evtchn_port_t port;
	uint64_t deadline;
	uint32_t timer_old;
	unsigned int n, bad = 0;

	if (!setup() || !bind_timer() || !bench_peer_start(&peer))
		return;
	bench_init();
	if (!peer.present) {
		printk("evtchn-pingpong: no peer (neither domus= nor build-domus=): nothing to "
		       "measure\n");
		bench_report_unavailable("evtchn-pingpong-poll", 0, NO_DOMU);
		bench_report_unavailable("evtchn-pingpong-block", 0, NO_DOMU);
		xtf_success(NULL);
		return;
	}
	if (!check_long("bind d1's first port", 0,
			md_bind_retry(PEER, peer.port, md_deadline(10 * NS_PER_S), &port)))
		return;
	evtchn_clear_pending(port); /* raised at bind time */

	deadline = md_deadline(PHASE_TIMEOUT);
	for (n = 0; n < PHASE_ROUNDS; n++) {
		uint64_t t0 = bench_tsc(), t1;
		long rc = evtchn_send(port);
		bool ok = md_wait_port(port, deadline);

		t1 = bench_tsc();
		bad += rc != 0;
		if (!ok) {
			xtf_failure("dom0 (poll): reply %u: expected within 20 s, got none", n);
			return;
		}
		if (n >= BENCH_WARMUP)
			samples[n - BENCH_WARMUP] = t1 - t0;
	}
	bench_report("evtchn-pingpong-poll", samples, BENCH_SAMPLES, 0);

	timer_old = evtchn_count[timer_port];
	arm_timeout(md_deadline(PHASE_TIMEOUT));
	for (n = 0; n < PHASE_ROUNDS; n++) {
		uint64_t t0 = bench_tsc(), t1;
		long rc = evtchn_send(port);
		bool ok = wait_block(port, evtchn_count[port], timer_old);

		t1 = bench_tsc();
		bad += rc != 0;
		if (!ok) {
			xtf_failure("dom0 (block): reply %u: expected within 20 s, got none", n);
			return;
		}
		if (n >= BENCH_WARMUP)
			samples[n - BENCH_WARMUP] = t1 - t0;
	}
	bench_report("evtchn-pingpong-block", samples, BENCH_SAMPLES, 0);

	if (bad)
		xtf_failure("EVTCHNOP_send: expected 0 every time, got %u others", bad);
	check_long("d1 shut down, reason (0 poweroff, 3 crash)", SHUTDOWN_poweroff,
		   md_wait_shutdown(BENCH_PEER, md_deadline(10 * NS_PER_S)));
	bench_peer_finish(&peer);
	xtf_success(NULL);
}

void test_main(void)
{
	if (md_is_dom0())
		run_dom0();
	else if (md_role_is("pong"))
		run_pong();
	else
		xtf_error("domU command line \"%s\": expected role=pong",
			  (const char *)start_info->cmd_line);
}
