// SPDX-License-Identifier: GPL-2.0-only
/*
 * The demo domUs of `make run`: two boot-time domains that play
 * ping-pong over an interdomain event channel and say what they measure.
 *   "role=pong peer=N"  offers port 1 to dN and answers every ping;
 *   "role=ping peer=N"  binds dN's port 1 and sends bursts of pings,
 *                        timing each round trip with the TSC.
 * Both take "bursts=B rounds=R" (default 3 x 1000). Each side waits with
 * SCHEDOP_poll and events masked, so a round trip is two sends, two
 * wake-ups and two context switches. At the end each prints its vCPU's
 * runstate times (VCPUOP_get_runstate_info) and powers itself off; the
 * machine stays up as long as dom0 does.
 */
#include <framework.h>
#include <multidom.h>
#include <public/vcpu.h>

const char test_title[] = "xen-like demo domU: event-channel ping-pong";

#define MAX_ROUNDS 4096

static uint64_t rtt[MAX_ROUNDS];

static void show_runstate(const char *who)
{
	struct vcpu_runstate_info rs;

	if (HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs)) {
		printk("%s: VCPUOP_get_runstate_info failed\n", who);
		return;
	}
	printk("%s: vCPU time: running %llu ms, runnable %llu ms, blocked %llu ms\n", who,
	       (unsigned long long)(rs.time[RUNSTATE_running] / NS_PER_MS),
	       (unsigned long long)(rs.time[RUNSTATE_runnable] / NS_PER_MS),
	       (unsigned long long)(rs.time[RUNSTATE_blocked] / NS_PER_MS));
}

static void ping(domid_t peer, unsigned int bursts, unsigned int rounds)
{
	uint64_t khz = pvclock_tsc_khz();
	evtchn_port_t port;
	long rc;

	rc = md_bind_retry(peer, 1, md_deadline(10 * NS_PER_S), &port);
	if (rc) {
		printk("ping: cannot bind d%u's port 1: %ld\n", peer, rc);
		return;
	}
	evtchn_clear_pending(port); /* raised at bind time */
	printk("ping: bound d%u's port 1 as our port %u\n", peer, port);
	for (unsigned int b = 0; b < bursts; b++) {
		uint64_t med, p99;
		unsigned int n;

		for (n = 0; n < rounds; n++) {
			uint64_t t0 = md_rdtsc();

			evtchn_send(port);
			if (!md_wait_port(port, md_deadline(5 * NS_PER_S))) {
				printk("ping: no answer to ping %u of burst %u\n", n, b);
				return;
			}
			rtt[n] = md_rdtsc() - t0;
		}
		md_sort_u64(rtt, n);
		med = md_percentile(rtt, n, 50);
		p99 = md_percentile(rtt, n, 99);
		printk("ping: burst %u: %u round trips to d%u, median %llu ns, p99 %llu ns\n",
		       b + 1, n, peer, (unsigned long long)(med * 1000000 / khz),
		       (unsigned long long)(p99 * 1000000 / khz));
		md_sleep_ms(500);
	}
}

static void pong(domid_t peer, unsigned int total)
{
	evtchn_port_t port;
	unsigned int n;

	if (evtchn_alloc_unbound(peer, &port)) {
		printk("pong: alloc_unbound for d%u failed\n", peer);
		return;
	}
	printk("pong: port %u offered to d%u, answering %u pings\n", port, peer, total);
	for (n = 0; n < total; n++) {
		if (!md_wait_port(port, md_deadline(10 * NS_PER_S)))
			break;
		evtchn_send(port);
	}
	printk("pong: answered %u pings\n", n);
}

void test_main(void)
{
	domid_t peer = md_cmdline_ulong("peer", 0);
	unsigned int bursts = md_cmdline_ulong("bursts", 3);
	unsigned int rounds = md_cmdline_ulong("rounds", 1000);

	if (rounds > MAX_ROUNDS)
		rounds = MAX_ROUNDS;
	events_disable();
	if (md_role_is("ping")) {
		ping(peer, bursts, rounds);
		show_runstate("ping");
	} else if (md_role_is("pong")) {
		pong(peer, bursts * rounds);
		show_runstate("pong");
	} else {
		printk("pingpong: command line \"%s\": expected role=ping or role=pong\n",
		       (const char *)start_info->cmd_line);
	}
	guest_shutdown(SHUTDOWN_poweroff);
}
