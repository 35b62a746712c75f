// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest time and blocking. Behaviour under test (the same on Xen 4.17):
 * - the pvclock (vcpu_info.time) is valid at boot (even version, a
 *   scale implying a plausible TSC rate) and monotonic over many reads;
 *   the wallclock (shared_info.wc_*) is a plausible date, and wallclock
 *   + pvclock advances with the pvclock;
 * - a vCPU starts with a 10 ms periodic VIRQ_TIMER; stop_periodic_timer
 *   stops it; periods under 1 ms are -EINVAL;
 * - a single-shot timer (VCPUOP_set_singleshot_timer and set_timer_op)
 *   never fires before its deadline: the lateness distribution is
 *   printed, not asserted (TCG timing is loose); a deadline in the past
 *   fires at once and returns 0, with or without VCPU_SSHOTTMR_future
 *   (Xen 4.17 ignores the flag); a stopped timer never fires;
 * - SCHEDOP_block enables events (clears the upcall mask) and sleeps
 *   until the timer's event, and returns at once if one is pending;
 * - SCHEDOP_poll returns 0 when its timeout passes (not earlier), at
 *   once when a polled port is pending, and when a polled port becomes
 *   pending (even with events masked); bad arguments are -EINVAL;
 * - VCPUOP_is_up, SCHEDOP_yield, SCHEDOP_watchdog ids, and
 *   SCHEDOP_remote_shutdown of a missing domain (-ESRCH).
 */
#include <framework.h>
#include <guest/event.h>
#include <guest/time.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/vcpu.h>

const char test_title[] = "pvclock, wallclock, virtual timers, block and poll";

#define MS 1000000ULL
#define US 1000ULL

static evtchn_port_t timer_port, ipi_port;
static volatile uint64_t fired_at;

static void on_timer(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	fired_at = pvclock_read();
}

static void spin_ms(uint64_t ms)
{
	uint64_t end = pvclock_read() + ms * MS;

	while (pvclock_read() < end)
		asm volatile("pause" ::: "memory");
}

static bool wait_count(evtchn_port_t port, uint32_t old, uint64_t ms)
{
	uint64_t end = pvclock_read() + ms * MS;

	while (evtchn_count[port] == old && pvclock_read() < end)
		asm volatile("pause" ::: "memory");
	return evtchn_count[port] != old;
}

static long singleshot(uint64_t deadline, uint32_t flags)
{
	struct vcpu_set_singleshot_timer sst = { .timeout_abs_ns = deadline, .flags = flags };

	return HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &sst);
}

static void test_clocks(void)
{
	const volatile vcpu_time_info_t *t = &evtchn_vcpu_info()->time;
	uint64_t prev, now, khz, sec, sec2;
	uint32_t nsec, nsec2;
	unsigned int i;

	if (t->version & 1)
		xtf_failure("pvclock version: expected even at boot, got %u", t->version);
	if (!t->tsc_to_system_mul)
		xtf_failure("pvclock tsc_to_system_mul: expected non-zero, got 0");
	khz = pvclock_tsc_khz();
	if (khz < 100000 || khz > 20000000)
		xtf_failure("pvclock TSC rate: expected 100 MHz-20 GHz, got %llu kHz",
			    (unsigned long long)khz);
	prev = pvclock_read();
	if (!prev)
		xtf_failure("pvclock: expected system time > 0, got 0");
	for (i = 0; i < 100000; i++) {
		now = pvclock_read();
		if (now < prev) {
			xtf_failure("pvclock went backwards: %llu then %llu", (unsigned long long)prev,
				    (unsigned long long)now);
			break;
		}
		prev = now;
	}

	wallclock_read(&sec, &nsec);
	/* 2020-01-01 .. 2100-01-01 */
	if (sec < 1577836800ULL || sec > 4102444800ULL || nsec >= 1000000000U)
		xtf_failure("wallclock: expected a date in 2020-2100, got %llu.%09u s",
			    (unsigned long long)sec, nsec);
	now = pvclock_read();
	spin_ms(20);
	wallclock_read(&sec2, &nsec2);
	if (sec2 != sec || nsec2 != nsec)
		xtf_failure("wallclock base: expected constant, got %llu.%09u then %llu.%09u",
			    (unsigned long long)sec, nsec, (unsigned long long)sec2, nsec2);
	printk("pvclock: %llu ns since boot, TSC %llu kHz; wallclock at boot %llu.%09u\n",
	       (unsigned long long)now, (unsigned long long)khz, (unsigned long long)sec, nsec);
}

static void test_periodic(void)
{
	uint32_t before;
	struct vcpu_set_periodic_timer per = { .period_ns = MS - 1 };

	/* Default 10 ms tick: several in 60 ms. */
	events_enable();
	before = evtchn_count[timer_port];
	spin_ms(60);
	if (evtchn_count[timer_port] - before < 2)
		xtf_failure("default periodic timer: expected >= 2 ticks in 60 ms, got %u",
			    evtchn_count[timer_port] - before);
	printk("default periodic timer: %u ticks in 60 ms\n", evtchn_count[timer_port] - before);
	check_long("stop_periodic_timer", 0, HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL));
	spin_ms(1);
	before = evtchn_count[timer_port];
	spin_ms(30);
	check_long("ticks after stop_periodic_timer", before, evtchn_count[timer_port]);
	check_long("set_periodic_timer 999999 ns", -XEN_EINVAL,
		   HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &per));
	per.period_ns = 5 * MS;
	check_long("set_periodic_timer 5 ms", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &per));
	before = evtchn_count[timer_port];
	spin_ms(40);
	if (evtchn_count[timer_port] - before < 3)
		xtf_failure("5 ms periodic timer: expected >= 3 ticks in 40 ms, got %u",
			    evtchn_count[timer_port] - before);
	check_long("stop_periodic_timer", 0, HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL));
	check_long("set_periodic_timer on missing vcpu 1", -XEN_ENOENT,
		   HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 1, &per));
	spin_ms(6); /* let a tick already due drain */
	events_disable();
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static void test_singleshot(void)
{
	enum { N = 20 };
	uint64_t late[N], deadline, sum = 0;
	unsigned int i, j, early = 0;
	uint32_t before;

	events_enable();
	for (i = 0; i < N; i++) {
		before = evtchn_count[timer_port];
		deadline = pvclock_read() + (1 + i % 4) * MS;
		if (i & 1)
			check_long("set_timer_op", 0, HYPERVISOR_set_timer_op(deadline));
		else
			check_long("set_singleshot_timer", 0, singleshot(deadline, 0));
		if (!wait_count(timer_port, before, 1000)) {
			xtf_failure("single-shot timer %u: expected VIRQ_TIMER within 1 s, got none", i);
			return;
		}
		if (fired_at < deadline)
			early++;
		late[i] = fired_at > deadline ? fired_at - deadline : 0;
		sum += late[i];
	}
	check_long("single-shot timers delivered before their deadline", 0, early);
	for (i = 1; i < N; i++) /* insertion sort, for the median */
		for (j = i; j > 0 && cmp_u64(late[j - 1], late[j]) > 0; j--) {
			uint64_t x = late[j];

			late[j] = late[j - 1];
			late[j - 1] = x;
		}
	printk("single-shot lateness over %u timers: min %llu us, median %llu us, mean %llu us, "
	       "max %llu us\n",
	       N, (unsigned long long)(late[0] / US), (unsigned long long)(late[N / 2] / US),
	       (unsigned long long)(sum / N / US), (unsigned long long)(late[N - 1] / US));

	/* Deadlines in the past fire at once, flag or not. */
	before = evtchn_count[timer_port];
	check_long("singleshot in the past", 0, singleshot(pvclock_read() - MS, 0));
	check_long("singleshot in the past: delivered at once", before + 1, evtchn_count[timer_port]);
	check_long("singleshot in the past with VCPU_SSHOTTMR_future", 0,
		   singleshot(pvclock_read() - MS, VCPU_SSHOTTMR_future));
	check_long("... delivered at once too", before + 2, evtchn_count[timer_port]);

	/* A stopped timer never fires. */
	before = evtchn_count[timer_port];
	check_long("singleshot +3 ms", 0, singleshot(pvclock_read() + 3 * MS, 0));
	check_long("stop_singleshot_timer", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL));
	spin_ms(10);
	check_long("stopped single-shot timer: events", before, evtchn_count[timer_port]);
	check_long("set_timer_op +3 ms", 0, HYPERVISOR_set_timer_op(pvclock_read() + 3 * MS));
	check_long("set_timer_op 0 (cancel)", 0, HYPERVISOR_set_timer_op(0));
	spin_ms(10);
	check_long("cancelled set_timer_op: events", before, evtchn_count[timer_port]);
	check_long("singleshot on missing vcpu 1", -XEN_ENOENT,
		   HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 1,
				      &(struct vcpu_set_singleshot_timer){ 0 }));
	events_disable();
}

static void test_block(void)
{
	uint64_t deadline, t0;
	uint32_t before;

	/* Block with events masked: block unmasks them, the timer wakes us. */
	events_disable();
	before = evtchn_count[timer_port];
	deadline = pvclock_read() + 5 * MS;
	singleshot(deadline, 0);
	check_long("SCHEDOP_block", 0, HYPERVISOR_sched_op(SCHEDOP_block, NULL));
	check_long("block: woken by the timer event (delivered)", before + 1,
		   evtchn_count[timer_port]);
	if (pvclock_read() < deadline)
		xtf_failure("block: returned before the timer's deadline");
	check_long("block left events enabled (upcall mask)", 0,
		   evtchn_vcpu_info()->evtchn_upcall_mask);

	/* An event already pending: block returns at once. */
	events_disable();
	evtchn_send(ipi_port);
	before = evtchn_count[ipi_port];
	t0 = pvclock_read();
	check_long("SCHEDOP_block with an event pending", 0,
		   HYPERVISOR_sched_op(SCHEDOP_block, NULL));
	check_long("block with an event pending: delivered", before + 1, evtchn_count[ipi_port]);
	if (pvclock_read() - t0 > 100 * MS)
		xtf_failure("block with an event pending: expected to return at once, took %llu ms",
			    (unsigned long long)((pvclock_read() - t0) / MS));
	events_disable();
}

static long poll(evtchn_port_t *ports, unsigned int nr, uint64_t timeout)
{
	struct sched_poll p = { .nr_ports = nr, .timeout = timeout };

	p.ports.p = (uint64_t)(uintptr_t)ports;
	return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

static void test_poll(void)
{
	evtchn_port_t ports[129] = { 0 };
	uint64_t t0, t1;

	events_disable();
	/* Times out: not before the timeout. */
	ports[0] = ipi_port;
	t0 = pvclock_read();
	check_long("poll with a 5 ms timeout", 0, poll(ports, 1, t0 + 5 * MS));
	t1 = pvclock_read();
	if (t1 < t0 + 5 * MS)
		xtf_failure("poll: expected to sleep until its timeout, returned after %llu us",
			    (unsigned long long)((t1 - t0) / US));
	printk("poll timeout 5 ms: returned after %llu us\n", (unsigned long long)((t1 - t0) / US));

	/* Already pending: at once. */
	evtchn_mask(ipi_port);
	evtchn_send(ipi_port);
	t0 = pvclock_read();
	check_long("poll on a pending port", 0, poll(ports, 1, t0 + 1000 * MS));
	if (pvclock_read() - t0 > 100 * MS)
		xtf_failure("poll on a pending port: expected to return at once");
	evtchn_clear_pending(ipi_port);
	evtchn_unmask_local(ipi_port);

	/* Becomes pending while polling, events masked: the timer's port. */
	ports[0] = ipi_port;
	ports[1] = timer_port;
	t0 = pvclock_read();
	singleshot(t0 + 3 * MS, 0);
	check_long("poll on the timer's port", 0, poll(ports, 2, t0 + 2000 * MS));
	t1 = pvclock_read();
	if (t1 < t0 + 3 * MS || t1 > t0 + 1000 * MS)
		xtf_failure("poll on the timer's port: expected to return after 3 ms, got %llu us",
			    (unsigned long long)((t1 - t0) / US));
	check_long("poll: the timer's port is pending", 1, evtchn_is_pending(timer_port));
	evtchn_clear_pending(timer_port);
	/* The selector bit it left makes the next upcall rescan; harmless. */

	check_long("poll with 129 ports", -XEN_EINVAL, poll(ports, 129, 0));
	ports[0] = 4096;
	check_long("poll on port 4096", -XEN_EINVAL, poll(ports, 1, pvclock_read() + MS));
}

static void test_misc(void)
{
	struct sched_watchdog wd = { .id = 0, .timeout = 30 };
	struct sched_remote_shutdown rs = { .domain_id = 5, .reason = SHUTDOWN_poweroff };
	long id;

	check_long("VCPUOP_is_up vcpu 0", 1, HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL));
	check_long("VCPUOP_is_up missing vcpu 1", -XEN_ENOENT,
		   HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL));
	check_long("SCHEDOP_yield", 0, HYPERVISOR_sched_op(SCHEDOP_yield, NULL));
	id = HYPERVISOR_sched_op(SCHEDOP_watchdog, &wd);
	check_long("watchdog create", 1, id);
	wd.id = (uint32_t)id;
	check_long("watchdog re-arm", 0, HYPERVISOR_sched_op(SCHEDOP_watchdog, &wd));
	wd.timeout = 0;
	check_long("watchdog destroy", 0, HYPERVISOR_sched_op(SCHEDOP_watchdog, &wd));
	check_long("watchdog destroyed id", -XEN_EINVAL, HYPERVISOR_sched_op(SCHEDOP_watchdog, &wd));
	wd.id = 3;
	check_long("watchdog id 3", -XEN_EINVAL, HYPERVISOR_sched_op(SCHEDOP_watchdog, &wd));
	check_long("remote_shutdown of missing d5", -XEN_ESRCH,
		   HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs));
}

void test_main(void)
{
	if (!check_long("evtchn_init", 0, evtchn_init()) ||
	    !check_long("bind_virq VIRQ_TIMER", 0, evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port)) ||
	    !check_long("bind_ipi", 0, evtchn_bind_ipi(0, &ipi_port)))
		return;
	evtchn_bind_handler(timer_port, on_timer, NULL);
	test_clocks();
	test_periodic();
	test_singleshot();
	test_block();
	test_poll();
	test_misc();
	events_disable();
	xtf_success(NULL);
}
