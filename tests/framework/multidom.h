/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for multi-domain test kernels. Most run on xen-like only: they
 * rely on boot-time domUs (modules 2, 3, ... whose command line starts
 * with "domu", built as d1, d2, ... in module order). Those whose dom0
 * builds its domU at run time (tests/pv-builder.list, guest/builder.h)
 * run on Xen 4.17 too: domctl is Xen's.
 *
 * The one idea: one ELF plays every part. dom0 (SIF_INITDOMAIN in
 * start_info) drives the test and has the last word on the verdict; a
 * domU picks its part from "role=WORD" on its command line (the text
 * after "--" in its module's command line). With no shared memory and no
 * xenstore, the domains meet on event channels at ports fixed by
 * convention: a fresh domain's first EVTCHNOP_alloc_unbound returns
 * port 1 (the framework binds nothing at start), so the port numbers a
 * domU offers are known to dom0 in advance. A peer that is not there yet
 * shows up as -ESRCH or -EINVAL from bind_interdomain, so binds are
 * retried until a deadline.
 *
 * Waiting is done with SCHEDOP_poll and events masked (the upcall never
 * runs), so a pending bit is only ever cleared by the test itself: that
 * is what lets a test count notifications exactly. A CPU-bound part spins
 * without hypercalls and watches a pending bit instead.
 *
 * Times are pvclock nanoseconds (system time) unless said otherwise.
 */
#ifndef TESTS_FRAMEWORK_MULTIDOM_H
#define TESTS_FRAMEWORK_MULTIDOM_H

#include <framework.h>
#include <guest/builder.h>
#include <guest/control.h>
#include <guest/event.h>
#include <guest/time.h>

#define NS_PER_US 1000ULL
#define NS_PER_MS 1000000ULL
#define NS_PER_S 1000000000ULL

/* True in the initial domain (dom0), false in a boot-time domU. */
bool md_is_dom0(void);
/* True if the command line says "role=@role". */
bool md_role_is(const char *role);
/*
 * test_main() of a kernel in two parts: @dom0 runs in the initial domain,
 * @peer in a domU whose command line says role=peer; any other domU is
 * the test's error.
 */
void md_run_dom0_or_peer(void (*dom0)(void), void (*peer)(void));
/*
 * For the kernels of tests/pv-builder.list, which build their domU from
 * their own image (module 2): point @b at it. Without it the test is
 * skipped, saying how to run it, and this returns false.
 */
bool md_own_image(struct builder_domain *b);
/* "@name=N" (decimal) from the command line, or @def. */
unsigned long md_cmdline_ulong(const char *name, unsigned long def);

/* Pvclock deadline @ns from now. */
uint64_t md_deadline(uint64_t ns);

/* Sleep until @deadline: SCHEDOP_poll with no ports and a timeout. */
void md_sleep_until(uint64_t deadline);
void md_sleep_ms(uint64_t ms);

/*
 * Wait (events masked, SCHEDOP_poll on @port) until @port is pending or
 * @deadline passes. If it became pending, clear it and return true.
 */
bool md_wait_port(evtchn_port_t port, uint64_t deadline);

/*
 * The lowest pending port other than @skip1 and @skip2 (pass 0 to skip
 * nothing: port 0 is never bound), or -1 if none: "nothing else is
 * pending".
 */
int md_pending_other(evtchn_port_t skip1, evtchn_port_t skip2);

/*
 * EVTCHNOP_bind_interdomain to (@dom, @rport), retried while it fails
 * with -ESRCH or -EINVAL (the peer has not offered the port yet) until
 * @deadline. Returns 0 or the last error.
 */
long md_bind_retry(domid_t dom, evtchn_port_t rport, uint64_t deadline, evtchn_port_t *local);

/*
 * Poll getdomaininfo until @dom has shut down or @deadline passes.
 * Returns the shutdown reason (SHUTDOWN_*), -XEN_ETIMEDOUT, or the
 * domctl's error.
 */
long md_wait_shutdown(domid_t dom, uint64_t deadline);

/*
 * Poll getdomaininfo until every vCPU of @dom is blocked
 * (XEN_DOMINF_blocked) or @deadline passes: "it is waiting now, nothing
 * of it is runnable". Returns 0, -XEN_ETIMEDOUT, or the domctl's error.
 */
long md_wait_blocked(domid_t dom, uint64_t deadline);

/* SCHEDOP_remote_shutdown of @dom with @reason. */
long md_remote_shutdown(domid_t dom, unsigned int reason);

/* getdomaininfo's cpu_time of @dom (ns), or 0 with a failure reported. */
uint64_t md_cpu_time(domid_t dom);

/*
 * The CPU-bound part: read the pvclock in a loop, without hypercalls,
 * until @stop_port is pending (then clear it). Every backwards step of
 * the clock is a violation; a step of more than 1 ms is a gap (the vCPU
 * was descheduled in between).
 */
struct md_spin_stats {
	uint64_t iterations;
	uint64_t violations;	/* reads earlier than the previous one */
	uint64_t worst_back_ns; /* the largest backwards step */
	uint64_t gaps;		/* steps > 1 ms: descheduled */
	uint64_t max_gap_ns;
	uint64_t elapsed_ns; /* first to last read */
};
bool md_spin_until_port(evtchn_port_t stop_port, uint64_t deadline, struct md_spin_stats *st);
/* Report a spin: info line, violations are failures, no gap is a failure. */
void md_spin_report(const char *who, const struct md_spin_stats *st);

/*
 * The whole part of a CPU-bound domU ("role=spin"), for the scheduler
 * tests. It offers port 1 to dom0 (MD_SPIN_PORT) and spins
 * (md_spin_until_port) until dom0 notifies it, or 30 s pass. Then it
 * reports; on a failure it ends with its verdict and SHUTDOWN_crash;
 * otherwise it prints its verdict, notifies dom0 back on the same port
 * ("done") and spins on, runnable, until dom0 shuts it down.
 */
#define MD_SPIN_PORT 1
void md_spinner_main(void) __noreturn;

/*
 * dom0's side of that: notify @local (bound to a spinner's MD_SPIN_PORT)
 * and wait for "done". False, with a failure reported, if none comes.
 */
bool md_spinner_stop(domid_t dom, evtchn_port_t local);

/* The time-stamp counter, ordered after earlier loads. */
static inline uint64_t md_rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
}

/* Sort in place (heapsort: no recursion, no allocation). */
void md_sort_u64(uint64_t *v, size_t n);
/* The @pct-th percentile (0-100) of a sorted array of @n > 0 values. */
uint64_t md_percentile(const uint64_t *sorted, size_t n, unsigned int pct);

#endif /* TESTS_FRAMEWORK_MULTIDOM_H */
