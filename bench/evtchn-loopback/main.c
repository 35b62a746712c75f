// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: an event sent and noticed within one domain, over an
 * interdomain channel bound to the domain itself (alloc_unbound with
 * remote DOMID_SELF, bind_interdomain to that port: the loopback Linux
 * never uses but Xen allows). Sending on the offered end raises the bound
 * end; nothing else runs, so a sample is the hypervisor's send path plus
 * the way the event is noticed:
 *   evtchn-loop-pending: events masked; EVTCHNOP_send, then the guest
 *       spins on the bound end's pending bit (already set when the
 *       hypercall returns on both hypervisors, so one test of the bit);
 *   evtchn-loop-upcall:  events unmasked; from before EVTCHNOP_send to
 *       the port's handler running in the upcall (the hypervisor bounces
 *       the upcall on its way out of the hypercall; the library's upcall
 *       scans the selector and pending words and calls the handler);
 *   evtchn-loop-upcall-ret: the same until EVTCHNOP_send has returned to
 *       the sender, i.e. also the rest of the upcall and the iret
 *       hypercall back;
 *   evtchn-loop-poll:    events masked; EVTCHNOP_send, then SCHEDOP_poll
 *       on the bound end (pending, so it returns at once) and clearing
 *       the bit: the round trip send -> poll -> return.
 * Every send and poll is checked (0), and every sample must have seen
 * exactly one event.
 */
#include <guest/event.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include "../lib/bench.h"

const char test_title[] = "Bench: event channel loopback (send + pending bit, upcall, poll)";

/* Spins on a pending bit before the event counts as lost. */
#define SPIN_LIMIT 1000000

static uint64_t samples[BENCH_SAMPLES];
static uint64_t samples2[BENCH_SAMPLES];
static volatile uint64_t handled_at; /* TSC when the handler ran, 0 before */

static void on_event(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	handled_at = bench_tsc();
}

static long poll_one(evtchn_port_t *port)
{
	struct sched_poll p = {.nr_ports = 1, .timeout = 0};

	set_xen_guest_handle(p.ports, port);
	return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

/* Spin until @port is pending (bounded); true if it is. */
static bool spin_pending(evtchn_port_t port)
{
	for (unsigned int i = 0; i < SPIN_LIMIT; i++)
		if (evtchn_is_pending(port))
			return true;
	return false;
}

void test_main(void)
{
	evtchn_port_t offered, bound;
	unsigned int bad = 0, lost = 0;
	long rc;

	if (!check_long("evtchn_init (callback_op event)", 0, evtchn_init()))
		return;
	/* No timer events while we measure: only the ones we send. */
	check_long("stop_periodic_timer", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL));
	events_disable();
	if (!check_long("alloc_unbound for DOMID_SELF", 0,
			evtchn_alloc_unbound(DOMID_SELF, &offered)) ||
	    !check_long("bind_interdomain to our own unbound port", 0,
			evtchn_bind_interdomain(DOMID_SELF, offered, &bound)))
		return;
	check_long("bound end raised at bind time", 1, evtchn_is_pending(bound));
	evtchn_clear_pending(bound);
	/* Check the path once before measuring it. */
	check_long("send on the offered end", 0, evtchn_send(offered));
	check_long("bound end pending when send returns", 1, evtchn_is_pending(bound));
	check_long("offered end not pending", 0, evtchn_is_pending(offered));
	evtchn_clear_pending(bound);
	if (xtf_result() >= RESULT_ERROR)
		return;
	bench_init();

	/* (a) Polling the pending bit. */
	BENCH_RUN(
		samples,
		{
			rc = evtchn_send(offered);
			lost += !spin_pending(bound);
		},
		{
			bad += rc != 0;
			evtchn_clear_pending(bound);
		});
	bench_report("evtchn-loop-pending", samples, BENCH_SAMPLES, 0);

	/* (b) The upcall: until the handler ran, and until send returned. */
	evtchn_bind_handler(bound, on_event, NULL);
	events_enable();
	for (unsigned int i = 0; i < BENCH_WARMUP + BENCH_SAMPLES; i++) {
		uint64_t t0, t1;

		handled_at = 0;
		t0 = bench_tsc();
		rc = evtchn_send(offered);
		t1 = bench_tsc();
		bad += rc != 0;
		if (!handled_at || handled_at < t0 || handled_at > t1) {
			lost++;
			continue;
		}
		if (i >= BENCH_WARMUP) {
			samples[i - BENCH_WARMUP] = handled_at - t0;
			samples2[i - BENCH_WARMUP] = t1 - t0;
		}
	}
	events_disable();
	evtchn_bind_handler(bound, NULL, NULL);
	bench_report("evtchn-loop-upcall", samples, BENCH_SAMPLES, 0);
	bench_report("evtchn-loop-upcall-ret", samples2, BENCH_SAMPLES, 0);

	/* (c) send -> SCHEDOP_poll (the port is pending: no sleep) -> return. */
	BENCH_RUN(
		samples,
		{
			rc = evtchn_send(offered);
			rc |= poll_one(&bound);
			evtchn_clear_pending(bound);
		},
		bad += rc != 0);
	bench_report("evtchn-loop-poll", samples, BENCH_SAMPLES, 0);

	if (bad)
		xtf_failure("EVTCHNOP_send / SCHEDOP_poll: expected 0 every time, got %u others",
			    bad);
	if (lost)
		xtf_failure("loopback events: expected each send noticed once, got %u missed",
			    lost);
	xtf_success(NULL);
}
