// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers for multi-domain test kernels (see multidom.h): roles from
 * start_info and the command line, sleeping and waiting with SCHEDOP_poll,
 * binds retried until the peer is there, waiting for a domain's shutdown
 * through getdomaininfo, the CPU-bound spinner, and percentiles.
 */
#include <public/errno.h>
#include <public/sched.h>

#include "multidom.h"

bool md_is_dom0(void)
{
	return start_info->flags & SIF_INITDOMAIN;
}

bool md_role_is(const char *role)
{
	char buf[32];

	return cmdline_option("role", buf, sizeof(buf)) && !strcmp(buf, role);
}

void md_run_dom0_or_peer(void (*dom0)(void), void (*peer)(void))
{
	if (md_is_dom0())
		dom0();
	else if (md_role_is("peer"))
		peer();
	else
		xtf_error("domU command line \"%s\": expected role=peer",
			  (const char *)start_info->cmd_line);
}

unsigned long md_cmdline_ulong(const char *name, unsigned long def)
{
	char buf[24];
	unsigned long v = 0;

	if (!cmdline_option(name, buf, sizeof(buf)) || !buf[0])
		return def;
	for (const char *p = buf; *p; p++) {
		if (*p < '0' || *p > '9')
			return def;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	return v;
}

uint64_t md_deadline(uint64_t ns)
{
	return pvclock_read() + ns;
}

static long poll_ports(evtchn_port_t *ports, unsigned int nr, uint64_t deadline)
{
	struct sched_poll p = {.nr_ports = nr, .timeout = deadline};

	set_xen_guest_handle(p.ports, ports);
	return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

void md_sleep_until(uint64_t deadline)
{
	/*
	 * Poll returns early if an event becomes deliverable; with events
	 * masked that does not happen, but loop anyway: the deadline is what
	 * counts.
	 */
	evtchn_port_t none = 0;
	static bool reported;

	while (pvclock_read() < deadline) {
		long rc = poll_ports(&none, 0, deadline);

		if (rc < 0 && !reported) {
			reported = true;
			xtf_failure("SCHEDOP_poll with no ports and a timeout: expected 0, got %ld",
				    rc);
		}
		if (rc < 0)
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}

void md_sleep_ms(uint64_t ms)
{
	md_sleep_until(md_deadline(ms * NS_PER_MS));
}

bool md_wait_port(evtchn_port_t port, uint64_t deadline)
{
	events_disable();
	for (;;) {
		if (evtchn_is_pending(port)) {
			evtchn_clear_pending(port);
			return true;
		}
		if (pvclock_read() >= deadline)
			return false;
		poll_ports(&port, 1, deadline);
	}
}

int md_pending_other(evtchn_port_t skip1, evtchn_port_t skip2)
{
	const volatile unsigned long *pending =
		(const volatile unsigned long *)shared_info()->evtchn_pending;

	for (unsigned int w = 0; w < NR_EVTCHN_PORTS / 64; w++) {
		unsigned long bits = pending[w];

		if (skip1 && skip1 / 64 == w)
			bits &= ~(1UL << (skip1 % 64));
		if (skip2 && skip2 / 64 == w)
			bits &= ~(1UL << (skip2 % 64));
		if (bits)
			return (int)(w * 64 + __builtin_ctzl(bits));
	}
	return -1;
}

long md_bind_retry(domid_t dom, evtchn_port_t rport, uint64_t deadline, evtchn_port_t *local)
{
	long rc;

	for (;;) {
		rc = evtchn_bind_interdomain(dom, rport, local);
		if (rc != -XEN_ESRCH && rc != -XEN_EINVAL)
			return rc;
		if (pvclock_read() >= deadline)
			return rc;
		/* Let the peer run: yield, and sleep a little in case yield is a no-op. */
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		md_sleep_ms(1);
	}
}

/*
 * Poll @dom's getdomaininfo flags every @ms until @flag is set (returns
 * the flags) or @deadline passes (-XEN_ETIMEDOUT); a domctl error as is.
 * Sleeps rather than yields: the waiter then runs on to its check
 * whatever its priority.
 */
static long wait_dominf_flag(domid_t dom, uint32_t flag, uint64_t deadline, unsigned int ms)
{
	struct xen_domctl_getdomaininfo info;
	long rc;

	for (;;) {
		rc = domctl_getdomaininfo(dom, &info);
		if (rc)
			return rc;
		if (info.flags & flag)
			return info.flags;
		if (pvclock_read() >= deadline)
			return -XEN_ETIMEDOUT;
		md_sleep_ms(ms);
	}
}

long md_wait_shutdown(domid_t dom, uint64_t deadline)
{
	long rc = wait_dominf_flag(dom, XEN_DOMINF_shutdown, deadline, 5);

	return rc < 0 ? rc : (long)dominf_shutdown_reason((uint32_t)rc);
}

long md_wait_blocked(domid_t dom, uint64_t deadline)
{
	long rc = wait_dominf_flag(dom, XEN_DOMINF_blocked, deadline, 1);

	return rc < 0 ? rc : 0;
}

long md_remote_shutdown(domid_t dom, unsigned int reason)
{
	struct sched_remote_shutdown rs = {.domain_id = dom, .reason = reason};

	return HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs);
}

uint64_t md_cpu_time(domid_t dom)
{
	struct xen_domctl_getdomaininfo info;
	long rc = domctl_getdomaininfo(dom, &info);

	if (rc) {
		xtf_failure("getdomaininfo of d%u: expected 0, got %ld", dom, rc);
		return 0;
	}
	return info.cpu_time;
}

bool md_spin_until_port(evtchn_port_t stop_port, uint64_t deadline, struct md_spin_stats *st)
{
	uint64_t first = pvclock_read(), last = first;
	bool stopped = false;

	memset(st, 0, sizeof(*st));
	events_disable();
	for (;;) {
		uint64_t now;

		if (evtchn_is_pending(stop_port)) {
			stopped = true;
			break;
		}
		now = pvclock_read();
		if (now >= deadline)
			break;

		st->iterations++;
		if (now < last) {
			st->violations++;
			if (last - now > st->worst_back_ns)
				st->worst_back_ns = last - now;
			/* Keep the high-water mark: a clock that went back is still behind. */
			continue;
		}
		if (now - last > NS_PER_MS) {
			st->gaps++;
			if (now - last > st->max_gap_ns)
				st->max_gap_ns = now - last;
		}
		last = now;
	}
	evtchn_clear_pending(stop_port);
	st->elapsed_ns = last - first;
	return stopped;
}

void md_spinner_main(void)
{
	struct md_spin_stats st;
	evtchn_port_t port;

	xtf_set_failure_shutdown(SHUTDOWN_crash);
	check_long("spinner: start_info flags (a domU)", 0, start_info->flags);
	if (!check_long("spinner: alloc_unbound for d0", 0, evtchn_alloc_unbound(0, &port)) ||
	    !check_long("spinner: first port of a fresh domain", MD_SPIN_PORT, port))
		xtf_exit();
	printk("spinner: port %u offered to d0, spinning until it notifies us\n", port);
	if (!md_spin_until_port(port, md_deadline(30 * NS_PER_S), &st))
		xtf_failure("spinner: stop notification from d0: expected within 30 s, got none");
	md_spin_report("spinner", &st);
	if (xtf_result() >= RESULT_ERROR)
		xtf_exit();
	xtf_success(NULL);
	xtf_print_verdict();
	evtchn_send(port);
	/* Stay runnable: dom0 shuts us down while we could run. */
	for (;;)
		asm volatile("pause");
}

bool md_spinner_stop(domid_t dom, evtchn_port_t local)
{
	char what[64];

	snprintf(what, sizeof(what), "stop d%u: notify", dom);
	if (!check_long(what, 0, evtchn_send(local)))
		return false;
	if (md_wait_port(local, md_deadline(5 * NS_PER_S)))
		return true;
	xtf_failure("stop d%u: \"done\" expected within 5 s, got none", dom);
	return false;
}

void md_spin_report(const char *who, const struct md_spin_stats *st)
{
	printk("%s: %llu pvclock reads over %llu ms, descheduled %llu times (longest %llu us), "
	       "%llu backwards steps (worst %llu ns)\n",
	       who, (unsigned long long)st->iterations,
	       (unsigned long long)(st->elapsed_ns / NS_PER_MS), (unsigned long long)st->gaps,
	       (unsigned long long)(st->max_gap_ns / NS_PER_US), (unsigned long long)st->violations,
	       (unsigned long long)st->worst_back_ns);
	if (st->violations)
		xtf_failure("%s: pvclock went backwards across deschedules: expected 0 times, "
			    "got %llu (worst %llu ns)",
			    who, (unsigned long long)st->violations,
			    (unsigned long long)st->worst_back_ns);
	/* Sharing the CPU with other domains, a spinner must lose it at some point. */
	if (!st->gaps)
		xtf_failure("%s: descheduled while spinning: expected at least once, got never",
			    who);
}

static void sift_down(uint64_t *v, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1;
		uint64_t t;

		if (child >= n)
			return;
		if (child + 1 < n && v[child + 1] > v[child])
			child++;
		if (v[root] >= v[child])
			return;
		t = v[root];
		v[root] = v[child];
		v[child] = t;
		root = child;
	}
}

void md_sort_u64(uint64_t *v, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		sift_down(v, i, n);
	for (size_t end = n; end-- > 1;) {
		uint64_t t = v[0];

		v[0] = v[end];
		v[end] = t;
		sift_down(v, 0, end);
	}
}

uint64_t md_percentile(const uint64_t *sorted, size_t n, unsigned int pct)
{
	size_t i = (n * pct + 99) / 100; /* nearest rank */

	return sorted[i ? i - 1 : 0];
}

bool md_own_image(struct builder_domain *b)
{
	if (!builder_own_module(&b->image, &b->image_len))
		return true;
	xtf_skip("no module 2: boot with this kernel again as dom0's initrd (tests/pv-builder.list)");
	return false;
}
