// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: the event-channel round trip between two vCPUs of one
 * domain, each on a pCPU of its own (the bench scripts boot it with QEMU
 * -smp 2, dom0_max_vcpus=2 and dom0_vcpus_pin on both hypervisors, see
 * the Makefile): vCPU 0 sends on a port whose event goes to vCPU 1,
 * vCPU 1 answers on a port whose event goes to vCPU 0. One interdomain
 * channel bound to the domain itself carries both directions (as in
 * bench/evtchn-loopback): sending on the offered end A raises the bound
 * end B, which EVTCHNOP_bind_vcpu moves to vCPU 1; sending on B raises
 * A, which stays on vCPU 0. A sample is the round trip on vCPU 0's TSC,
 * from before its EVTCHNOP_send to having noticed the answer, both sides
 * waiting the same way (as bench/evtchn-pingpong does between domains):
 *   evtchn-xcpu-poll:  events masked, SCHEDOP_poll on the port (with a
 *       deadline), the pending bit tested and cleared by the guest;
 *   evtchn-xcpu-block: events delivered by upcall (the library's upcall
 *       counts them per port, on the vCPU the port is bound to),
 *       SCHEDOP_block until the port's count moves.
 * Before measuring, vCPU 0 checks where vCPU 1 runs: while vCPU 1 spins
 * and vCPU 0 runs, VCPUOP_get_runstate_info must say vCPU 1 is running,
 * which it can only be on another pCPU. Anything else fails the kernel.
 *
 * bench/evtchn-xcpu-samecpu builds this file with XCPU_SAMECPU 1 and is
 * booted with one QEMU CPU and the same two vCPUs: the same exchange
 * with both vCPUs on one pCPU (evtchn-xcpu-samecpu-*), where the check
 * is the opposite (vCPU 1 never running while vCPU 0 runs).
 *
 * Under -icount with two QEMU CPUs the TSC counts the instructions of
 * both CPUs in the interval, not vCPU 0's alone (docs/research.md,
 * "Caveats").
 */
#include <cpus.h>
#include <multidom.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include "../lib/bench.h"

#ifndef XCPU_SAMECPU
#define XCPU_SAMECPU 0
#endif

#if XCPU_SAMECPU
#define BENCH_PREFIX "evtchn-xcpu-samecpu"
const char test_title[] = "Bench: event channel round trip between two vCPUs on one pCPU";
#else
#define BENCH_PREFIX "evtchn-xcpu"
const char test_title[] = "Bench: event channel round trip between two vCPUs on two pCPUs";
#endif

#define PHASE_ROUNDS (BENCH_WARMUP + BENCH_SAMPLES)
#define PHASE_TIMEOUT (20 * NS_PER_S)
/* Runstate reads of the placement check. */
#define PLACE_READS 16

static uint64_t samples[BENCH_SAMPLES];
/* A: offered end, notifies vCPU 0. B: bound end, notifies vCPU 1. */
static evtchn_port_t port_a, port_b;
static evtchn_port_t timer_port[2]; /* VIRQ_TIMER of each vCPU: a phase's timeout */

/* Written by vCPU 0, read by vCPU 1. */
static volatile int stop;
static uint64_t phase_deadline;
/* Written by vCPU 1. */
static volatile unsigned long replies;

static long stop_periodic_timer(void)
{
	return HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, smp_processor_id(), NULL);
}

/* Arm the calling vCPU's single-shot timer at @deadline (VIRQ_TIMER). */
static long arm_timeout(uint64_t deadline)
{
	struct vcpu_set_singleshot_timer sst = {.timeout_abs_ns = deadline};

	return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, smp_processor_id(), &sst);
}

static void disarm_timeout(void)
{
	HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, smp_processor_id(), NULL);
}

/*
 * Block (SCHEDOP_block) until the upcall has counted an event on @port
 * beyond @old; false if this vCPU's timeout fired first. Events are
 * masked on return, as on entry (checked masked, so a wake-up between
 * the check and the block is not lost: the block unmasks atomically).
 */
static bool wait_block(evtchn_port_t port, uint32_t old, uint32_t timer_old)
{
	evtchn_port_t timer = timer_port[smp_processor_id()];

	for (;;) {
		events_disable();
		if (evtchn_count[port] != old)
			return true;
		if (evtchn_count[timer] != timer_old)
			return false;
		sched_block();
	}
}

/* vCPU 1, first work item: only its own events from now on. */
static void v1_setup(void *arg)
{
	(void)arg;
	check_long("vCPU 1: stop_periodic_timer", 0, stop_periodic_timer());
}

/* vCPU 1: answer every ping on B until stop, waiting by SCHEDOP_poll. */
static void v1_pong_poll(void *arg)
{
	(void)arg;
	events_disable();
	for (;;) {
		if (!md_wait_port(port_b, phase_deadline)) {
			xtf_failure("vCPU 1 (poll): ping %lu: expected before the phase's "
				    "deadline, got none",
				    replies);
			return;
		}
		if (stop)
			return;
		replies++;
		evtchn_send(port_b);
	}
}

/* vCPU 1: the same, waiting by SCHEDOP_block and upcall. */
static void v1_pong_block(void *arg)
{
	uint32_t timer_old = evtchn_count[timer_port[1]];

	(void)arg;
	events_disable();
	if (!check_long("vCPU 1: set_singleshot_timer", 0, arm_timeout(phase_deadline)))
		return;
	for (uint32_t old = evtchn_count[port_b];; old++) {
		if (!wait_block(port_b, old, timer_old)) {
			xtf_failure("vCPU 1 (block): ping %lu: expected before the phase's "
				    "deadline, got none",
				    replies);
			break;
		}
		if (stop)
			break;
		replies++;
		evtchn_send(port_b);
	}
	disarm_timeout();
}

/*
 * Check where vCPU 1 runs (cpus_running_reads(): it spins while vCPU 0
 * reads its runstate PLACE_READS times). On two pCPUs every read must
 * say running (vCPU 0 runs too, so vCPU 1 is on another pCPU); on one,
 * none may.
 */
static bool check_placement(void)
{
	int running = cpus_running_reads(1, PLACE_READS);

	if (running < 0)
		return false;
	if (XCPU_SAMECPU && running)
		xtf_failure("placement: expected vCPU 1 never running while vCPU 0 runs (one "
			    "pCPU), got running in %d of %u reads",
			    running, PLACE_READS);
	else if (!XCPU_SAMECPU && running != PLACE_READS)
		xtf_failure("placement: expected vCPU 1 running on another pCPU while vCPU 0 "
			    "runs (dom0_vcpus_pin), got running in %d of %u reads",
			    running, PLACE_READS);
	return xtf_result() < RESULT_ERROR;
}

/* The time vCPU 1 spent in each runstate since @before, for the log. */
static void report_runstate(const char *phase, const struct vcpu_runstate_info *before)
{
	struct vcpu_runstate_info now;

	if (vcpu_runstate(1, &now))
		return;
	printk(BENCH_PREFIX "-%s: vCPU 1 running %llu, runnable %llu, blocked %llu ns\n", phase,
	       (unsigned long long)(now.time[RUNSTATE_running] - before->time[RUNSTATE_running]),
	       (unsigned long long)(now.time[RUNSTATE_runnable] - before->time[RUNSTATE_runnable]),
	       (unsigned long long)(now.time[RUNSTATE_blocked] - before->time[RUNSTATE_blocked]));
}

/*
 * Start @pong on vCPU 1 and take the samples of one phase on vCPU 0
 * (@block: wait by block, else by poll); then stop vCPU 1 with one more
 * event and report. False if the phase did not complete.
 */
static bool run_phase(const char *phase, smp_fn_t pong, bool block)
{
	struct vcpu_runstate_info before;
	uint32_t timer_old = evtchn_count[timer_port[0]];
	unsigned int n, bad = 0;
	char name[48];
	long rc;

	stop = 0;
	replies = 0;
	/*
	 * Nothing left over: the ends of the last phase, and a VIRQ_TIMER a
	 * periodic tick raised before its vCPU stopped the timer (events
	 * masked, it would wait there and end the first block as a timeout).
	 */
	evtchn_clear_pending(port_a);
	evtchn_clear_pending(port_b);
	evtchn_clear_pending(timer_port[0]);
	evtchn_clear_pending(timer_port[1]);
	phase_deadline = md_deadline(PHASE_TIMEOUT);
	if (vcpu_runstate(1, &before))
		memset(&before, 0, sizeof(before));
	rc = smp_call(1, pong, NULL);
	if (rc) {
		xtf_error("starting vCPU 1's %s pong: %ld", phase, rc);
		return false;
	}
	if (block && !check_long("vCPU 0: set_singleshot_timer", 0, arm_timeout(phase_deadline)))
		return false;
	for (n = 0; n < PHASE_ROUNDS; n++) {
		uint32_t old = evtchn_count[port_a];
		uint64_t t0 = bench_tsc(), t1;
		bool ok;

		rc = evtchn_send(port_a);
		ok = block ? wait_block(port_a, old, timer_old)
			   : md_wait_port(port_a, phase_deadline);
		t1 = bench_tsc();
		bad += rc != 0;
		if (!ok) {
			xtf_failure("vCPU 0 (%s): answer %u: expected before the phase's deadline, "
				    "got none",
				    phase, n);
			return false;
		}
		if (n >= BENCH_WARMUP)
			samples[n - BENCH_WARMUP] = t1 - t0;
	}
	if (block)
		disarm_timeout();
	/* One more event, which vCPU 1 takes as the end. */
	stop = 1;
	evtchn_send(port_a);
	if (!smp_wait(1, md_deadline(10 * NS_PER_S))) {
		xtf_failure("vCPU 1 (%s): expected to stop within 10 s, still running", phase);
		return false;
	}
	snprintf(name, sizeof(name), BENCH_PREFIX "-%s", phase);
	bench_report(name, samples, BENCH_SAMPLES, 0);
	report_runstate(phase, &before);
	if (bad)
		xtf_failure("%s: EVTCHNOP_send: expected 0 every time, got %u others", name, bad);
	check_long("answers from vCPU 1", PHASE_ROUNDS, replies);
	return xtf_result() < RESULT_ERROR;
}

static bool setup(void)
{
	struct evtchn_status st;

	if (!cpus_setup(2))
		return false;
	if (smp_nr_vcpus() != 2) {
		xtf_error("expected exactly 2 vCPUs (dom0_max_vcpus=2), got %u", smp_nr_vcpus());
		return false;
	}
	check_long("vCPU 0: stop_periodic_timer", 0, stop_periodic_timer());
	events_disable();
	if (!check_long("alloc_unbound for DOMID_SELF", 0,
			evtchn_alloc_unbound(DOMID_SELF, &port_a)) ||
	    !check_long("bind_interdomain to our own unbound port", 0,
			evtchn_bind_interdomain(DOMID_SELF, port_a, &port_b)) ||
	    !check_long("bind_vcpu(B, 1)", 0, evtchn_bind_vcpu(port_b, 1)) ||
	    !check_long("bind VIRQ_TIMER on vCPU 0", 0,
			evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port[0])) ||
	    !check_long("bind VIRQ_TIMER on vCPU 1", 0,
			evtchn_bind_virq(VIRQ_TIMER, 1, &timer_port[1])))
		return false;
	if (check_long("EVTCHNOP_status of B", 0, evtchn_status(DOMID_SELF, port_b, &st)))
		check_long("B's vCPU after bind_vcpu", 1, st.vcpu);
	if (check_long("EVTCHNOP_status of A", 0, evtchn_status(DOMID_SELF, port_a, &st)))
		check_long("A's vCPU", 0, st.vcpu);
	if (xtf_result() >= RESULT_ERROR)
		return false;
	if (smp_call(1, v1_setup, NULL) || !smp_wait(1, md_deadline(10 * NS_PER_S))) {
		xtf_error("vCPU 1: its set-up did not run within 10 s");
		return false;
	}
	return xtf_result() < RESULT_ERROR;
}

void test_main(void)
{
	if (!setup() || !check_placement())
		return;
	bench_init();
	if (!run_phase("poll", v1_pong_poll, false) || !run_phase("block", v1_pong_block, true))
		return;
	/* Still where the check found them? */
	check_placement();
	xtf_success(NULL);
}
