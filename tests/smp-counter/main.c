// SPDX-License-Identifier: GPL-2.0-only
/*
 * Four vCPUs of one domain (dom0_max_vcpus=4, on two pCPUs) share memory
 * and send each other events. Behaviour under test (the same on Xen
 * 4.17):
 * - every vCPU comes up (VCPUOP_initialise + VCPUOP_up) and runs with
 *   its own id, stack and vcpu_info;
 * - XADD_ITERS `lock xadd`s by each vCPU on one counter add up exactly,
 *   each vCPU sees the values it gets strictly increase, and sees other
 *   vCPUs' increments between its own (they did run interleaved);
 * - every vCPU binds an IPI port to itself (EVTCHNOP_bind_ipi, status
 *   says ipi on that vCPU); one token passed around a ring is delivered
 *   exactly once per hop on the vCPU its port is bound to: with two
 *   vCPUs spinning (events must interrupt a running vCPU: the
 *   hypervisor's IPI), then with four vCPUs, vCPUs 1-3 blocking
 *   (SCHEDOP_block; each event must wake a vCPU that gave up its pCPU)
 *   and vCPU 0 yielding (see cpus.h for why it never blocks);
 * - all to all: each ordered pair (i, j) plays PINGS ping/ack rounds at
 *   once on ports of its own (ping bound to j, ack bound to i); every
 *   ping and ack arrives once, on the right vCPU, nothing is lost (a
 *   deadline) or duplicated (exact counts, also per port), and the
 *   final wake-up of each vCPU arrives once (vCPUs 1-3 block, vCPU 0
 *   yields).
 * Each handler checks the vCPU it runs on against the port's owner.
 */
#include <cpus.h>
#include <public/errno.h>

const char test_title[] = "SMP: lock xadd counter, IPI ring and all-to-all on 4 vCPUs";

#define NCPUS 4
#define XADD_ITERS 1000000UL
/*
 * Sizes: a few hundred milliseconds each on an idle host; on a loaded
 * one each hop can wait for the host to run a QEMU thread (~20 ms seen
 * at a load of 10 on 2 CPUs), so they stay well inside PHASE_TIMEOUT.
 */
#define RING_SPIN_HOPS 400UL  /* 2 vCPUs spinning */
#define RING_BLOCK_HOPS 400UL /* 4 vCPUs, the other three blocking */
#define PINGS 50UL	      /* per ordered pair */
#define PHASE_TIMEOUT (12 * NS_PER_S)

static unsigned int ncpus;
static struct cpus_barrier barrier;

/* Any handler that runs on a vCPU other than its port's owner. */
static volatile unsigned long wrong_cpu;

static void check_owner(unsigned int owner)
{
	if (smp_processor_id() != owner)
		atomic_inc(&wrong_cpu);
}

/* --- lock xadd -------------------------------------------------------- */

static volatile unsigned long counter;
static struct {
	unsigned long interleaved; /* others' increments seen between two of ours */
	unsigned long backwards;   /* a value not above our previous one */
	uint64_t t0, t1;
} xadd[NCPUS];

static void xadd_work(void *arg)
{
	unsigned int me = smp_processor_id();
	unsigned long prev = 0, i;

	(void)arg;
	cpus_barrier(&barrier, ncpus);
	xadd[me].t0 = pvclock_read();
	for (i = 0; i < XADD_ITERS; i++) {
		unsigned long v = 1;

		asm volatile("lock xaddq %0, %1" : "+r"(v), "+m"(counter)::"memory");
		if (i && v <= prev)
			xadd[me].backwards++;
		else if (i && v != prev + 1)
			xadd[me].interleaved++;
		prev = v;
	}
	xadd[me].t1 = pvclock_read();
}

static bool test_xadd(void)
{
	unsigned long interleaved = 0;
	unsigned int id;

	counter = 0;
	if (!cpus_run(ncpus, xadd_work, NULL, PHASE_TIMEOUT))
		return false;
	check_u64("counter after lock xadd on every vCPU", ncpus * XADD_ITERS, counter);
	for (id = 0; id < ncpus; id++) {
		char what[64];

		snprintf(what, sizeof(what), "vCPU %u: xadd results not increasing", id);
		check_long(what, 0, xadd[id].backwards);
		interleaved += xadd[id].interleaved;
		printk("vCPU %u: %lu xadds in %llu ms, %lu times another vCPU's in between\n", id,
		       XADD_ITERS, (unsigned long long)((xadd[id].t1 - xadd[id].t0) / NS_PER_MS),
		       xadd[id].interleaved);
	}
	if (!interleaved)
		xtf_failure("xadd: expected other vCPUs' increments between ours, saw none");
	return true;
}

/* --- ring ------------------------------------------------------------- */

enum { PHASE_RING, PHASE_A2A };
static volatile int phase;

/* ring_port[i] is bound to vCPU i; in the all-to-all it wakes vCPU i at the end. */
static evtchn_port_t ring_port[NCPUS];
static unsigned int ring_n;
static unsigned long ring_total;
static bool ring_blocking;
static volatile unsigned long ring_hops;
static volatile unsigned long ring_rx[NCPUS], ring_stops[NCPUS];
static volatile int ring_done, ring_stopped[NCPUS];

static volatile unsigned long kicks[NCPUS];
static volatile int a2a_fin[NCPUS];

static void ring_handler(evtchn_port_t port, void *data)
{
	unsigned int owner = (unsigned int)(uintptr_t)data;

	(void)port;
	check_owner(owner);
	if (phase == PHASE_A2A) {
		kicks[owner]++;
		a2a_fin[owner] = 1;
		return;
	}
	if (ring_done) {
		ring_stops[owner]++;
		ring_stopped[owner] = 1;
		return;
	}
	ring_rx[owner]++;
	if (atomic_inc(&ring_hops) == ring_total)
		ring_done = 1; /* the last hop lands on vCPU 0 */
	else
		evtchn_send(ring_port[(owner + 1) % ring_n]);
}

static void bind_ring_work(void *arg)
{
	unsigned int me = smp_processor_id();
	struct evtchn_status st;
	long rc;

	(void)arg;
	rc = evtchn_bind_ipi(me, &ring_port[me]);
	if (rc) {
		xtf_failure("vCPU %u: EVTCHNOP_bind_ipi to itself: expected 0, got %ld", me, rc);
		return;
	}
	evtchn_bind_handler(ring_port[me], ring_handler, (void *)(uintptr_t)me);
	rc = evtchn_status(DOMID_SELF, ring_port[me], &st);
	if (check_long("EVTCHNOP_status of an IPI port", 0, rc)) {
		check_long("IPI port status", EVTCHNSTAT_ipi, st.status);
		check_long("IPI port's vCPU", me, st.vcpu);
	}
}

static void ring_work(void *arg)
{
	unsigned int me = smp_processor_id(), k;
	volatile int *flag = me == 0 ? &ring_done : ring_blocking ? &ring_stopped[me] : &ring_done;
	uint64_t deadline = me == 0 ? cpus_deadline(PHASE_TIMEOUT) : 0;
	bool ok;

	(void)arg;
	cpus_barrier(&barrier, ring_n);
	if (me == 0) {
		events_enable();
		evtchn_send(ring_port[1]);
	}
	if (!ring_blocking)
		ok = cpus_wait_spin(flag, deadline);
	else if (me == 0)
		ok = cpus_wait_yield(flag, deadline);
	else
		cpus_wait_block(flag);
	if (me != 0)
		return;
	if (!ok) {
		xtf_failure("ring of %u (%s): expected %lu hops within %llu s, got %lu", ring_n,
			    ring_blocking ? "blocking" : "spinning", ring_total,
			    (unsigned long long)(PHASE_TIMEOUT / NS_PER_S), ring_hops);
		return;
	}
	/* Blocked vCPUs wait for one more event each: no token is left in flight. */
	if (ring_blocking)
		for (k = 1; k < ring_n; k++)
			evtchn_send(ring_port[k]);
	events_disable();
}

static bool test_ring(unsigned int n, unsigned long hops, bool blocking)
{
	uint64_t t0 = pvclock_read();
	unsigned int id;
	char what[80];

	phase = PHASE_RING;
	ring_n = n;
	ring_total = hops;
	ring_blocking = blocking;
	ring_hops = 0;
	ring_done = 0;
	for (id = 0; id < NCPUS; id++) {
		ring_rx[id] = ring_stops[id] = 0;
		ring_stopped[id] = 0;
		evtchn_count[ring_port[id]] = 0;
	}
	if (!cpus_run(n, ring_work, NULL, PHASE_TIMEOUT + NS_PER_S))
		return false;
	printk("ring of %u vCPUs (%s): %lu hops in %llu ms\n", n, blocking ? "blocking" : "spinning",
	       hops, (unsigned long long)((pvclock_read() - t0) / NS_PER_MS));
	for (id = 0; id < n; id++) {
		unsigned long stops = blocking && id ? 1 : 0;

		snprintf(what, sizeof(what), "ring of %u: deliveries on vCPU %u", n, id);
		check_long(what, hops / n, ring_rx[id]);
		snprintf(what, sizeof(what), "ring of %u: final wake-ups of vCPU %u", n, id);
		check_long(what, stops, ring_stops[id]);
		snprintf(what, sizeof(what), "ring of %u: events counted on port %u", n, ring_port[id]);
		check_long(what, hops / n + stops, evtchn_count[ring_port[id]]);
	}
	return true;
}

/* --- all to all ------------------------------------------------------- */

/* ping_port[i][j]: i -> j, bound to j. ack_port[i][j]: j -> i, bound to i. */
static evtchn_port_t ping_port[NCPUS][NCPUS], ack_port[NCPUS][NCPUS];
static volatile unsigned long pings_sent[NCPUS][NCPUS], pings_rx[NCPUS][NCPUS],
	acks_rx[NCPUS][NCPUS];
static volatile unsigned long pairs_done;

#define PAIR(kind, i, j) ((void *)(uintptr_t)(((kind) << 16) | ((i) << 8) | (j)))

static void finish_a2a(unsigned int me)
{
	unsigned int k;

	a2a_fin[me] = 1;
	for (k = 0; k < ncpus; k++)
		if (k != me)
			evtchn_send(ring_port[k]);
}

static void pair_handler(evtchn_port_t port, void *data)
{
	unsigned int v = (unsigned int)(uintptr_t)data, kind = v >> 16, i = (v >> 8) & 0xff,
		     j = v & 0xff;

	(void)port;
	if (kind == 0) { /* a ping from i, on j */
		check_owner(j);
		pings_rx[i][j]++;
		evtchn_send(ack_port[i][j]);
		return;
	}
	/* an ack from j, on i */
	check_owner(i);
	acks_rx[i][j]++;
	if (pings_sent[i][j] < PINGS) {
		pings_sent[i][j]++;
		evtchn_send(ping_port[i][j]);
	} else if (atomic_inc(&pairs_done) == ncpus * (ncpus - 1)) {
		finish_a2a(i);
	}
}

static void bind_pairs_work(void *arg)
{
	unsigned int me = smp_processor_id(), k;
	long rc;

	(void)arg;
	/* The ports that notify me: pings to me, acks of my pings. */
	for (k = 0; k < ncpus; k++) {
		if (k == me)
			continue;
		rc = evtchn_bind_ipi(me, &ping_port[k][me]);
		if (!rc) {
			evtchn_bind_handler(ping_port[k][me], pair_handler, PAIR(0, k, me));
			rc = evtchn_bind_ipi(me, &ack_port[me][k]);
		}
		if (!rc)
			evtchn_bind_handler(ack_port[me][k], pair_handler, PAIR(1, me, k));
		if (rc) {
			xtf_failure("vCPU %u: EVTCHNOP_bind_ipi: expected 0, got %ld", me, rc);
			return;
		}
	}
}

static void a2a_work(void *arg)
{
	unsigned int me = smp_processor_id(), k;
	uint64_t deadline = me == 0 ? cpus_deadline(PHASE_TIMEOUT) : 0;

	(void)arg;
	cpus_barrier(&barrier, ncpus);
	events_disable();
	for (k = 0; k < ncpus; k++) {
		if (k == me)
			continue;
		pings_sent[me][k] = 1;
		evtchn_send(ping_port[me][k]);
	}
	if (me != 0)
		cpus_wait_block(&a2a_fin[me]);
	else if (!cpus_wait_yield(&a2a_fin[me], deadline))
		xtf_failure("all-to-all: expected %u pairs done within %llu s, got %lu",
			    ncpus * (ncpus - 1), (unsigned long long)(PHASE_TIMEOUT / NS_PER_S),
			    pairs_done);
	events_disable();
}

static void test_all_to_all(void)
{
	uint64_t t0;
	unsigned long woken = 0;
	unsigned int i, j;
	char what[80];

	if (!cpus_run(ncpus, bind_pairs_work, NULL, PHASE_TIMEOUT))
		return;
	for (i = 0; i < NCPUS; i++)
		evtchn_count[ring_port[i]] = 0;
	phase = PHASE_A2A;
	t0 = pvclock_read();
	if (!cpus_run(ncpus, a2a_work, NULL, PHASE_TIMEOUT + NS_PER_S))
		return;
	printk("all-to-all: %u pairs x %lu ping/acks in %llu ms\n", ncpus * (ncpus - 1), PINGS,
	       (unsigned long long)((pvclock_read() - t0) / NS_PER_MS));
	for (i = 0; i < ncpus; i++) {
		for (j = 0; j < ncpus; j++) {
			if (i == j)
				continue;
			snprintf(what, sizeof(what), "pings %u -> %u received", i, j);
			check_long(what, PINGS, pings_rx[i][j]);
			snprintf(what, sizeof(what), "acks %u <- %u received", i, j);
			check_long(what, PINGS, acks_rx[i][j]);
			snprintf(what, sizeof(what), "events on ping port %u", ping_port[i][j]);
			check_long(what, PINGS, evtchn_count[ping_port[i][j]]);
			snprintf(what, sizeof(what), "events on ack port %u", ack_port[i][j]);
			check_long(what, PINGS, evtchn_count[ack_port[i][j]]);
		}
		if (kicks[i] > 1)
			xtf_failure("all-to-all: vCPU %u woken at the end %lu times, expected at most once",
				    i, kicks[i]);
		woken += kicks[i];
	}
	/* Everybody but the vCPU that finished the last pair. */
	check_long("all-to-all: final wake-ups", ncpus - 1, woken);
}

void test_main(void)
{
	if (!cpus_setup(NCPUS))
		return;
	ncpus = NCPUS;

	/* A phase that ran out of time leaves vCPUs busy: stop there. */
	if (!test_xadd() || !cpus_run(ncpus, bind_ring_work, NULL, PHASE_TIMEOUT) ||
	    !test_ring(2, RING_SPIN_HOPS, false) || !test_ring(NCPUS, RING_BLOCK_HOPS, true))
		return;
	test_all_to_all();
	check_long("handlers that ran on a vCPU other than their port's", 0, wrong_cpu);
	xtf_success(NULL);
}
