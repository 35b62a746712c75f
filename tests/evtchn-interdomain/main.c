// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event channels between domains (xen-like only: boot-time domUs and our
 * domctl). One kernel, three parts:
 *   dom0               the driver, privileged;
 *   d1 "role=peer"     offers port 1 to d2 and port 2 to dom0;
 *   d2 "role=third"    optional third party (present if getdomaininfo of
 *                      d2 succeeds).
 * Behaviour under test (Xen 4.17 semantics, common/event_channel.c):
 * - a boot-time domU gets start_info flags 0 and no xenstore or console
 *   ring; domctl, sysctl and SCHEDOP_remote_shutdown from it are -EPERM,
 *   and so is EVTCHNOP_status of another domain's port;
 * - a fresh domain's first alloc_unbound returns port 1, the next port 2;
 * - dom0 binds d1's port 2 as soon as d1 has offered it (retried while
 *   d1 is not there yet); the binder's new port is raised at bind time
 *   (Xen's "nothing lost" rule), the offering end is not;
 * - binding a port offered to another domain, a port already bound, a
 *   closed port or port 4096 is -EINVAL; a missing domain is -ESRCH;
 * - 10,000 ping-pongs dom0 <-> d1, each side waiting with SCHEDOP_poll
 *   and events masked: every notification arrives (5 s limit), exactly
 *   once, and nothing else is pending meanwhile; round trips are
 *   reported (median, p99, max, in TSC cycles and ns);
 * - d2 and d1 exchange one notification on d1's port 1 (not port 2);
 * - close: sends on the closed port are -EINVAL, the peer's port is
 *   offered to us again (status: unbound for d0), rebinding works and
 *   carries a ping-pong; closing twice is -EINVAL;
 * - getdomaininfo: dom0 running, d1's memory, the walk to the next domain
 *   walks 0, 1(, 2) then -ESRCH; each domU shuts down with reason
 *   poweroff (a domU that fails shuts down with crash) and VIRQ_DOM_EXC
 *   is raised in dom0 when d1 does.
 * Every part prints its own verdict; the runner takes the most severe.
 */
#include <framework.h>
#include <multidom.h>
#include <public/errno.h>
#include <public/event_channel.h>

const char test_title[] =
	"Event channels between domains: bind, ping-pong, refusals, close, rebind";

#define PEER 1		  /* d1 */
#define THIRD 2		  /* d2 */
#define PEER_PORT_THIRD 1 /* d1's port offered to d2 */
#define PEER_PORT_DOM0 2  /* d1's port offered to dom0 */
#define ROUNDS 10000
#define MSG_TIMEOUT (5 * NS_PER_S)
#define SHUTDOWN_TIMEOUT (20 * NS_PER_S)

static uint64_t rtt[ROUNDS];

static void check_status(const char *what, domid_t dom, evtchn_port_t port, uint32_t status,
			 domid_t remote, evtchn_port_t remote_port)
{
	struct evtchn_status st;

	if (!check_long(what, 0, evtchn_status(dom, port, &st)))
		return;
	if (st.status != status) {
		xtf_failure("%s: expected status %u, got %u", what, status, st.status);
		return;
	}
	if (status == EVTCHNSTAT_unbound && st.u.unbound.dom != remote)
		xtf_failure("%s: expected unbound for d%u, got for d%u", what, remote,
			    st.u.unbound.dom);
	if (status == EVTCHNSTAT_interdomain &&
	    (st.u.interdomain.dom != remote || st.u.interdomain.port != remote_port))
		xtf_failure("%s: expected d%u port %u, got d%u port %u", what, remote, remote_port,
			    st.u.interdomain.dom, st.u.interdomain.port);
}

/* Wait for one notification on @port, then require nothing else pending. */
static bool receive(const char *who, unsigned int n, evtchn_port_t port, evtchn_port_t ignore)
{
	int other;

	if (!md_wait_port(port, md_deadline(MSG_TIMEOUT))) {
		xtf_failure("%s: message %u on port %u: expected within 5 s, got none (lost)", who,
			    n, port);
		return false;
	}
	other = md_pending_other(port, ignore);
	if (other >= 0 || evtchn_is_pending(port)) {
		xtf_failure("%s: after message %u: expected nothing else pending, got port %d", who,
			    n, other >= 0 ? other : (int)port);
		return false;
	}
	return true;
}

/* A domU's view of itself: unprivileged, no rings. */
static void check_domu_start_info(const char *who)
{
	struct xen_domctl_getdomaininfo info;
	struct xen_sysctl_physinfo pi;
	struct sched_remote_shutdown rs = {.domain_id = 0, .reason = SHUTDOWN_poweroff};

	check_long("domU start_info flags", 0, start_info->flags);
	check_long("domU start_info store_mfn", 0, start_info->store_mfn);
	check_long("domU start_info console.domU.mfn", 0, start_info->console.domU.mfn);
	check_long("domctl getdomaininfo from a domU", -XEN_EPERM, domctl_getdomaininfo(0, &info));
	check_long("sysctl physinfo from a domU", -XEN_EPERM, sysctl_physinfo(&pi));
	check_long("SCHEDOP_remote_shutdown of dom0 from a domU", -XEN_EPERM,
		   HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs));
	printk("%s: a domU with %llu pages, command line \"%s\"\n", who,
	       (unsigned long long)start_info->nr_pages, (const char *)start_info->cmd_line);
}

/* d1: offer ports, talk to the third party, answer dom0's pings. */
static void run_peer(void)
{
	evtchn_port_t to_third, to_dom0;
	bool third = md_cmdline_ulong("third", 0) == THIRD;
	unsigned int n;

	check_domu_start_info("peer");
	if (!check_long("peer: alloc_unbound for d2", 0, evtchn_alloc_unbound(THIRD, &to_third)) ||
	    !check_long("peer: alloc_unbound for d0", 0, evtchn_alloc_unbound(0, &to_dom0)))
		return;
	check_long("peer: first port of a fresh domain", PEER_PORT_THIRD, to_third);
	check_long("peer: second port", PEER_PORT_DOM0, to_dom0);
	if (to_third != PEER_PORT_THIRD || to_dom0 != PEER_PORT_DOM0)
		return; /* dom0 and d2 could not find us */
	events_disable();

	if (third) {
		/* d2 sends one notification on its end of port 1; answer it. */
		if (!receive("peer (from d2)", 0, to_third, to_dom0))
			return;
		check_long("peer: reply to d2", 0, evtchn_send(to_third));
	}

	/* ROUNDS pings, then one more after dom0 closed and rebound. */
	for (n = 0; n < ROUNDS + 1; n++) {
		if (!receive("peer", n, to_dom0, 0))
			return;
		if (n == ROUNDS - 1) {
			struct evtchn_status st;

			/* Still bound to dom0 (whatever its port number). */
			if (check_long("peer: status of port 2", 0,
				       evtchn_status(DOMID_SELF, to_dom0, &st)) &&
			    (st.status != EVTCHNSTAT_interdomain || st.u.interdomain.dom != 0))
				xtf_failure("peer: port 2: expected interdomain with d0, got "
					    "status %u d%u",
					    st.status, st.u.interdomain.dom);
		}
		if (!check_long("peer: reply", 0, evtchn_send(to_dom0)))
			return;
	}
	printk("peer: answered %u pings\n", n);

	/* dom0's last word: shut down now. */
	if (!receive("peer (exit)", n, to_dom0, 0))
		return;

	if (third) {
		check_long("peer: close the port to d2", 0, evtchn_close(to_third));
		check_long("peer: send on the closed port", -XEN_EINVAL, evtchn_send(to_third));
		check_long("peer: close it again", -XEN_EINVAL, evtchn_close(to_third));
	}
	/* Nothing may follow: a late duplicate would show up here. */
	if (md_wait_port(to_dom0, md_deadline(200 * NS_PER_MS)))
		xtf_failure("peer: after the exit message: expected nothing more, got a "
			    "notification");
	xtf_success(NULL);
}

/* d2: take the port d1 offered us, exchange one notification, try d1's other port. */
static void run_third(void)
{
	evtchn_port_t port, stolen;
	struct evtchn_status st;
	struct sched_remote_shutdown rs = {.domain_id = PEER, .reason = SHUTDOWN_poweroff};

	check_domu_start_info("third");
	if (!check_long("third: bind d1's port 1 (offered to us)", 0,
			md_bind_retry(PEER, PEER_PORT_THIRD, md_deadline(MSG_TIMEOUT), &port)))
		return;
	check_long("third: bound port raised at bind time", 1, evtchn_is_pending(port));
	evtchn_clear_pending(port);
	events_disable();
	check_long("third: send to d1", 0, evtchn_send(port));
	if (!receive("third (from d1)", 0, port, 0))
		return;
	/* d1 has offered both ports by now: port 2 is dom0's, bound or not. */
	check_long("third: bind d1's port 2 (offered to d0)", -XEN_EINVAL,
		   evtchn_bind_interdomain(PEER, PEER_PORT_DOM0, &stolen));
	check_long("third: status of d1's port (unprivileged)", -XEN_EPERM,
		   evtchn_status(PEER, PEER_PORT_THIRD, &st));
	check_long("third: SCHEDOP_remote_shutdown of d1", -XEN_EPERM,
		   HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs));
	check_status("third: status of our port", DOMID_SELF, port, EVTCHNSTAT_interdomain, PEER,
		     PEER_PORT_THIRD);
	check_long("third: close our port", 0, evtchn_close(port));
	xtf_success(NULL);
}

static void report_rtt(unsigned int n)
{
	uint64_t khz = pvclock_tsc_khz();
	uint64_t med, p99, max;

	if (!n)
		return;
	md_sort_u64(rtt, n);
	med = md_percentile(rtt, n, 50);
	p99 = md_percentile(rtt, n, 99);
	max = rtt[n - 1];
	printk("round trips d0 <-> d1: %u, median %llu cycles (%llu ns), p99 %llu cycles (%llu "
	       "ns), "
	       "max %llu cycles (%llu ns), TSC %llu kHz\n",
	       n, (unsigned long long)med, (unsigned long long)(med * 1000000 / khz),
	       (unsigned long long)p99, (unsigned long long)(p99 * 1000000 / khz),
	       (unsigned long long)max, (unsigned long long)(max * 1000000 / khz),
	       (unsigned long long)khz);
}

static void check_domains(bool third)
{
	struct xen_domctl_getdomaininfo info;
	domid_t expect[] = {0, PEER, THIRD};
	unsigned int nr = third ? 3 : 2, i;
	domid_t next = 0;

	if (check_long("getdomaininfo d0", 0, domctl_getdomaininfo(0, &info))) {
		check_long("getdomaininfo d0: domain", 0, info.domain);
		if (!(info.flags & XEN_DOMINF_running) || (info.flags & XEN_DOMINF_shutdown))
			xtf_failure("getdomaininfo d0: expected running, not shut down, got flags %#x",
				    info.flags);
	}
	if (check_long("getdomaininfo d1", 0, domctl_getdomaininfo(PEER, &info))) {
		/* The list gives d1 mem=16M. */
		if (info.tot_pages < 15 * 256 || info.tot_pages > 17 * 256)
			xtf_failure("getdomaininfo d1: tot_pages: expected about 4096 (16 MiB), "
				    "got %llu",
				    (unsigned long long)info.tot_pages);
		if (info.flags & XEN_DOMINF_running)
			xtf_failure("getdomaininfo d1: expected not running "
				    "(dom0 is), got flags %#x",
				    info.flags);
		check_long("getdomaininfo d1: online vCPUs", 1, info.nr_online_vcpus);
	}
	for (i = 0; i < nr; i++) {
		if (!check_long("getdomaininfo XEN_DOMINF_next", 0,
				domctl_getdomaininfo_next(next, &info)))
			return;
		check_long("XEN_DOMINF_next: the next domain", expect[i], info.domain);
		next = info.domain + 1;
	}
	check_long("XEN_DOMINF_next past the last domain", -XEN_ESRCH,
		   domctl_getdomaininfo_next(next, &info));
	check_long("getdomaininfo of missing d9", -XEN_ESRCH, domctl_getdomaininfo(9, &info));
}

static void wait_poweroff(domid_t dom)
{
	char what[64];

	snprintf(what, sizeof(what), "d%u shut down, reason (0 poweroff, 3 crash)", dom);
	check_long(what, SHUTDOWN_poweroff, md_wait_shutdown(dom, md_deadline(SHUTDOWN_TIMEOUT)));
}

static void run_dom0(void)
{
	struct xen_domctl_getdomaininfo info;
	evtchn_port_t domexc, port, again;
	bool third = domctl_getdomaininfo(THIRD, &info) == 0;
	unsigned int n;

	if ((start_info->flags & (SIF_PRIVILEGED | SIF_INITDOMAIN)) !=
	    (SIF_PRIVILEGED | SIF_INITDOMAIN))
		xtf_failure("dom0 start_info flags: expected privileged|initdomain, got %#x",
			    start_info->flags);
	if (!check_long("getdomaininfo d1 (a boot-time domU must exist)", 0,
			domctl_getdomaininfo(PEER, &info)))
		return;
	printk("dom0: peer d1%s\n", third ? ", third party d2" : ", no third party");
	events_disable();
	if (!check_long("bind VIRQ_DOM_EXC", 0, evtchn_bind_virq(VIRQ_DOM_EXC, 0, &domexc)))
		return;
	check_domains(third);

	if (!check_long("bind d1's port 2", 0,
			md_bind_retry(PEER, PEER_PORT_DOM0, md_deadline(MSG_TIMEOUT), &port)))
		return;
	check_status("status of our bound port", DOMID_SELF, port, EVTCHNSTAT_interdomain, PEER,
		     PEER_PORT_DOM0);
	check_status("status of d1's port 2", PEER, PEER_PORT_DOM0, EVTCHNSTAT_interdomain, 0,
		     port);
	check_long("bound port raised at bind time", 1, evtchn_is_pending(port));
	evtchn_clear_pending(port);

	/* Refusals: only a port offered to us, unbound, in range, of an existing domain. */
	check_long("bind d1's port 1 (offered to d2)", -XEN_EINVAL,
		   evtchn_bind_interdomain(PEER, PEER_PORT_THIRD, &again));
	check_long("bind d1's port 2 again (already bound)", -XEN_EINVAL,
		   evtchn_bind_interdomain(PEER, PEER_PORT_DOM0, &again));
	check_long("bind d1's port 100 (closed)", -XEN_EINVAL,
		   evtchn_bind_interdomain(PEER, 100, &again));
	check_long("bind d1's port 4096", -XEN_EINVAL, evtchn_bind_interdomain(PEER, 4096, &again));
	check_long("bind a port of missing d9", -XEN_ESRCH, evtchn_bind_interdomain(9, 1, &again));
	{
		struct evtchn_status st;

		/* Unbound for d2, or already bound by it: either way, d2's. */
		if (check_long("status of d1's port 1", 0,
			       evtchn_status(PEER, PEER_PORT_THIRD, &st)) &&
		    !(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == THIRD) &&
		    !(st.status == EVTCHNSTAT_interdomain && st.u.interdomain.dom == THIRD))
			xtf_failure("status of d1's port 1: expected unbound for or bound to d2, "
				    "got status %u",
				    st.status);
	}

	/* The ping-pong. */
	for (n = 0; n < ROUNDS; n++) {
		uint64_t t0 = md_rdtsc();

		if (!check_long("ping", 0, evtchn_send(port)))
			break;
		if (!receive("dom0", n, port, domexc))
			break;
		rtt[n] = md_rdtsc() - t0;
	}
	check_long("pongs received", ROUNDS, n);
	report_rtt(n);
	if (n != ROUNDS)
		return; /* d1 is out of step: it will time out and fail on its own */

	/* Close: the peer's port is offered to us again; rebind and talk. */
	check_long("close our port", 0, evtchn_close(port));
	check_long("send on the closed port", -XEN_EINVAL, evtchn_send(port));
	check_long("close it again", -XEN_EINVAL, evtchn_close(port));
	check_status("d1's port 2 after our close", PEER, PEER_PORT_DOM0, EVTCHNSTAT_unbound, 0, 0);
	if (!check_long("rebind d1's port 2", 0,
			evtchn_bind_interdomain(PEER, PEER_PORT_DOM0, &again)))
		return;
	check_long("rebound port raised at bind time", 1, evtchn_is_pending(again));
	evtchn_clear_pending(again);
	check_long("ping on the rebound port", 0, evtchn_send(again));
	if (!receive("dom0 (rebound)", ROUNDS, again, domexc))
		return;

	if (third)
		wait_poweroff(THIRD);
	/* From here on only d1 can raise VIRQ_DOM_EXC. */
	evtchn_clear_pending(domexc);
	check_long("exit message to d1", 0, evtchn_send(again));
	wait_poweroff(PEER);
	check_long("VIRQ_DOM_EXC pending after d1 shut down", 1, evtchn_is_pending(domexc));
	if (check_long("getdomaininfo d1 after shutdown", 0, domctl_getdomaininfo(PEER, &info)) &&
	    !(info.flags & XEN_DOMINF_shutdown))
		xtf_failure("getdomaininfo d1 after shutdown: expected XEN_DOMINF_shutdown, got "
			    "flags %#x",
			    info.flags);
	xtf_success(NULL);
}

void test_main(void)
{
	if (md_is_dom0()) {
		run_dom0();
		return;
	}
	xtf_set_failure_shutdown(SHUTDOWN_crash);
	if (md_role_is("peer"))
		run_peer();
	else if (md_role_is("third"))
		run_third();
	else
		xtf_error("domU command line \"%s\": expected role=peer or role=third",
			  (const char *)start_info->cmd_line);
}
