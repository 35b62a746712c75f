// SPDX-License-Identifier: GPL-2.0-only
/*
 * Domain destruction and grants: every frame comes back, none before the
 * last domain mapping it lets go (xen-like only: boot-time domUs and our
 * domctl, see docs/domain-lifecycle.md). One kernel, three parts:
 *   dom0                the driver; grants its page P to d2 (ref 12);
 *   d1 "role=granter"   grants its page G to d2 read-write (ref 8) and
 *                       page H (ref 9, never mapped), offers port 1 to
 *                       dom0, waits until d2 has G mapped, shuts down;
 *   d2 "role=grantee"   offers port 1 to dom0, maps P and G, then runs
 *                       dom0's commands (written in P, notified on the
 *                       port); it never shuts down.
 * Behaviour under test, each free-frame count (sysctl physinfo
 * free_pages) printed and each delta exact:
 * - refusals: destroying dom0, the caller, is -EINVAL; domain 77 -ESRCH;
 *   d2's destroydomain of anyone is -EPERM;
 * - destroying d1 (shut down) frees its tot_pages but the one frame d2
 *   maps: d1 stays listed, XEN_DOMINF_dying, owning that frame and still
 *   holding its hypervisor frames (getdomaininfo xenheap_pages: its
 *   shared_info, grant-table frames, vCPU...); destroying it again is 0
 *   and frees nothing; dom0's port bound to d1 is unbound, waiting for
 *   d1 (Xen's state after the peer closed), and a send on it is 0;
 * - d2 still reads d1's data in G and writes it after d1 is destroyed;
 *   mapping d1's ref 9, whose frame went, is GNTST_bad_page;
 * - d2 unmaps G: free_pages rises by exactly that frame plus d1's
 *   hypervisor frames, and d1 is gone (-ESRCH for getdomaininfo and
 *   destroydomain);
 * - destroying d2 while it runs (not shut down, dom0's P mapped, a
 *   counter in P going up): the counter stops, free_pages rises by all
 *   its frames and hypervisor frames, it is gone at once (-ESRCH), dom0's
 *   ref 12 lost GTF_reading|GTF_writing, P kept its contents, dom0's
 *   port to d2 is unbound, and P holds no reference of d2's any more:
 *   given back (decrease_reservation), it is freed (+1).
 * Every part prints its own verdict; a domU failure ends it with
 * SHUTDOWN_crash.
 */
#include "../gnttab-basic/gnttab.h"
#include <multidom.h>
#include <public/errno.h>
#include <public/event_channel.h>

const char test_title[] = "Domain destruction: grants, frame counts, event channels";

#define GRANTER 1
#define GRANTEE 2
#define REF_G 8	 /* d1's page G, to d2, read-write */
#define REF_H 9	 /* d1's page H, to d2, never mapped */
#define REF_P 12 /* dom0's page P, to d2, read-write */
#define PORT 1	 /* each domU's first alloc_unbound, offered to dom0 */
#define WIN_P 30 /* d2's window pages for P, G and H */
#define WIN_G 31
#define WIN_H 32

/* Words of P: d2's commands and answers, then dom0's own data. */
#define W_CMD 0
#define W_SEQ 1
#define W_ACK 2
#define W_RES 3
#define W_COUNT 4
#define W_READY 5
#define W_DATA 16
#define READY 0x7265616479UL
#define CMD_CHECK 1 /* G after d1 went, ref 9, refusals: W_RES = failures */
#define CMD_UNMAP 2 /* unmap G: W_RES = GNTST_* */
#define CMD_SPIN 3  /* acknowledge, then count in W_COUNT for ever */

#define PATTERN_G(i) (0x6b1d000000000000UL | (i))
#define PATTERN_P(i) (0xd0d0000000000000UL | (i))
#define TIMEOUT (20 * NS_PER_S)

/* ---- d1 ---- */

static void granter(void)
{
	volatile uint64_t *g = mm_alloc_page(), *h = mm_alloc_page();
	evtchn_port_t port;
	uint64_t end;
	unsigned int i;

	xtf_set_failure_shutdown(SHUTDOWN_crash);
	if (!g || !h) {
		xtf_error("no padding page left");
		return;
	}
	for (i = 0; i < 512; i++) {
		g[i] = PATTERN_G(i);
		h[i] = ~PATTERN_G(i);
	}
	if (!gt_setup())
		return;
	gt_grant(REF_H, GRANTEE, virt_to_mfn((const void *)h), GTF_permit_access);
	gt_grant(REF_G, GRANTEE, virt_to_mfn((const void *)g), GTF_permit_access);
	if (!check_long("granter: alloc_unbound for d0", 0, evtchn_alloc_unbound(0, &port)) ||
	    !check_long("granter: first port of a fresh domain", PORT, port))
		return;
	end = md_deadline(TIMEOUT);
	while (!(gt_flags(REF_G) & GTF_writing)) {
		if (pvclock_read() > end) {
			xtf_failure("granter: d2 mapping ref 8: expected within 20 s, got none");
			return;
		}
		md_sleep_ms(1);
	}
	check_long("granter: ref 8 flags while d2 maps it",
		   GTF_permit_access | GTF_reading | GTF_writing, gt_flags(REF_G));
	xtf_success(NULL); /* and shut down: dom0 destroys us next */
}

/* ---- d2 ---- */

static grant_handle_t g_handle;

static unsigned int grantee_check(volatile uint64_t *g)
{
	unsigned int bad = 0, failures = 0, i;
	struct gnttab_map_grant_ref m;
	static const domid_t targets[] = {0, GRANTER, GRANTEE};

	for (i = 0; i < 512; i++)
		bad += g[i] != PATTERN_G(i);
	for (i = 0; i < 512; i++)
		g[i] = ~PATTERN_G(i);
	for (i = 0; i < 512; i++)
		bad += g[i] != ~PATTERN_G(i);
	failures += !check_long("grantee: words of G wrong after d1 was destroyed", 0, bad);
	failures += !check_long("grantee: map d1's ref 9 (its frame freed with d1)", GNTST_bad_page,
				gt_map((uint64_t)(uintptr_t)mm_window_va(WIN_H), GNTMAP_host_map,
				       REF_H, GRANTER, &m)
					?: m.status);
	for (i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		char what[64];

		snprintf(what, sizeof(what), "grantee: destroydomain of d%u", targets[i]);
		failures += !check_long(what, -XEN_EPERM, domctl_destroydomain(targets[i]));
	}
	return failures;
}

static void grantee(void)
{
	volatile uint64_t *p = mm_window_va(WIN_P), *g = mm_window_va(WIN_G);
	struct gnttab_map_grant_ref m;
	uint64_t seq = 0, v, end;
	evtchn_port_t port;
	long rc;

	xtf_set_failure_shutdown(SHUTDOWN_crash);
	if (!check_long("grantee: alloc_unbound for d0", 0, evtchn_alloc_unbound(0, &port)) ||
	    !check_long("grantee: first port of a fresh domain", PORT, port))
		return;
	/* dom0 and d1 grant when they are ready: retry until then. */
	end = md_deadline(TIMEOUT);
	while ((rc = gt_map((uint64_t)(uintptr_t)p, GNTMAP_host_map, REF_P, 0, &m)) == 0 &&
	       m.status != GNTST_okay && pvclock_read() < end)
		md_sleep_ms(1);
	if (!check_long("grantee: map dom0's ref 12", 0, rc ?: m.status))
		return;
	while ((rc = gt_map((uint64_t)(uintptr_t)g, GNTMAP_host_map, REF_G, GRANTER, &m)) == 0 &&
	       m.status != GNTST_okay && pvclock_read() < end)
		md_sleep_ms(1);
	if (!check_long("grantee: map d1's ref 8", 0, rc ?: m.status))
		return;
	g_handle = m.handle;
	if (!check_u64("grantee: d1's data in G", PATTERN_G(7), g[7]))
		return;
	p[W_READY] = READY;
	evtchn_send(port);

	for (;;) {
		if (!md_wait_port(port, md_deadline(30 * NS_PER_S))) {
			xtf_failure("grantee: a command from dom0: expected within 30 s, got none");
			return;
		}
		if (p[W_SEQ] == seq)
			continue;
		seq = p[W_SEQ];
		switch (p[W_CMD]) {
		case CMD_CHECK:
			p[W_RES] = grantee_check(g);
			break;
		case CMD_UNMAP:
			p[W_RES] = (uint64_t)gt_unmap((uint64_t)(uintptr_t)g, 0, g_handle);
			check_long("grantee: unmap d1's ref 8", GNTST_okay, (long)p[W_RES]);
			check_exinfo("grantee: read G once unmapped", EXINFO_SYM(PF, 0),
				     mm_read64(g, &v));
			break;
		case CMD_SPIN:
			/* The verdict first: dom0 destroys us while we count. */
			xtf_success(NULL);
			xtf_print_verdict();
			p[W_RES] = 0;
			p[W_ACK] = seq;
			evtchn_send(port);
			for (;;) {
				p[W_COUNT]++;
				asm volatile("pause");
			}
		default:
			p[W_RES] = ~0UL;
			break;
		}
		p[W_ACK] = seq;
		evtchn_send(port);
	}
}

/* ---- dom0 ---- */

static volatile uint64_t *p;
static evtchn_port_t port_d1, port_d2;
static uint64_t seq;

static uint64_t free_pages(void)
{
	struct xen_sysctl_physinfo pi;
	long rc = sysctl_physinfo(&pi);

	if (rc)
		xtf_failure("sysctl physinfo: expected 0, got %ld", rc);
	return rc ? 0 : pi.free_pages;
}

/* What the test reads of a domain: getdomaininfo, and xen-like's frame count. */
struct leak_info {
	uint32_t flags;
	uint64_t tot_pages, xenheap_pages;
};

static bool info(domid_t dom, struct leak_info *li)
{
	struct xen_domctl_getdomaininfo di;
	struct xen_domctl_xl_memusage mu;
	char what[48];

	snprintf(what, sizeof(what), "getdomaininfo of d%u", dom);
	if (!check_long(what, 0, domctl_getdomaininfo(dom, &di)))
		return false;
	snprintf(what, sizeof(what), "xl_memusage of d%u", dom);
	if (!check_long(what, 0, domctl_xl_memusage(dom, &mu)))
		return false;
	li->flags = di.flags;
	li->tot_pages = mu.tot_pages;
	li->xenheap_pages = mu.xenheap_pages;
	return true;
}

/*
 * Run command @cmd in d2: its result word, or ~0 with a failure
 * reported. A notification left over from before is consumed on the way.
 */
static uint64_t command(uint64_t cmd)
{
	uint64_t end = md_deadline(10 * NS_PER_S);

	p[W_CMD] = cmd;
	p[W_SEQ] = ++seq;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!check_long("notify d2", 0, evtchn_send(port_d2)))
		return ~0UL;
	while (p[W_ACK] != seq)
		if (!md_wait_port(port_d2, end)) {
			xtf_failure("d2 doing command %lu: expected an answer in 10 s, got none",
				    cmd);
			return ~0UL;
		}
	return p[W_RES];
}

/* The free-frame delta across a step, printed and checked. */
static void check_delta(const char *step, uint64_t before, uint64_t after, int64_t expected,
			const char *why)
{
	char what[96];

	printk("free_pages %s: %lu -> %lu (%+ld), expected %+ld (%s)\n", step, before, after,
	       (long)(after - before), (long)expected, why);
	snprintf(what, sizeof(what), "free_pages delta %s", step);
	check_long(what, expected, (long)(after - before));
}

static void check_unbound(const char *what, evtchn_port_t port, domid_t dom)
{
	struct evtchn_status st;

	if (!check_long(what, 0, evtchn_status(DOMID_SELF, port, &st)))
		return;
	if (st.status != EVTCHNSTAT_unbound || st.u.unbound.dom != dom)
		xtf_failure("%s: expected unbound for d%u, got status %u (d%u)", what, dom,
			    st.status, st.u.unbound.dom);
}

/* d1 is destroyed while d2 maps its G; the rest of d1 goes, G stays. */
static void destroy_granter(struct leak_info *dead)
{
	struct leak_info before;
	uint64_t f0, f1;

	check_long("d1 shut down (poweroff)", SHUTDOWN_poweroff,
		   md_wait_shutdown(GRANTER, md_deadline(TIMEOUT)));
	check_long("d2 waiting", 0, md_wait_blocked(GRANTEE, md_deadline(TIMEOUT)));
	if (!info(GRANTER, &before))
		return;
	check_long("d1 not dying before destroydomain", 0, before.flags & XEN_DOMINF_dying);
	printk("d1: %lu pages, %lu hypervisor frames\n", (unsigned long)before.tot_pages,
	       (unsigned long)before.xenheap_pages);

	f0 = free_pages();
	check_long("destroydomain d1", 0, domctl_destroydomain(GRANTER));
	f1 = free_pages();
	if (!info(GRANTER, dead))
		return;
	check_long("d1 dying after destroydomain", XEN_DOMINF_dying,
		   dead->flags & XEN_DOMINF_dying);
	check_long("d1's pages left: the frame d2 maps", 1, (long)dead->tot_pages);
	check_long("d1's hypervisor frames kept while it stays", (long)before.xenheap_pages,
		   (long)dead->xenheap_pages);
	check_delta("destroying d1", f0, f1,
		    (int64_t)(before.tot_pages - dead->tot_pages) +
			    (int64_t)(before.xenheap_pages - dead->xenheap_pages),
		    "its pages but the one d2 maps");

	check_long("destroydomain d1 again (dead, one frame still mapped)", 0,
		   domctl_destroydomain(GRANTER));
	check_delta("destroying d1 again", f1, free_pages(), 0, "nothing left to release");
	check_unbound("d0's port to d1 after d1 was destroyed", port_d1, GRANTER);
	check_long("send on d0's port to the destroyed d1", 0, evtchn_send(port_d1));
}

/* d2 lets go of G: the frame and the rest of d1 go. */
static void release_last_frame(const struct leak_info *dead)
{
	struct xen_domctl_getdomaininfo di;
	uint64_t f2, f3;

	check_long("d2: G after d1 was destroyed, ref 9, refusals (failures)", 0,
		   (long)command(CMD_CHECK));
	check_long("d2 waiting", 0, md_wait_blocked(GRANTEE, md_deadline(TIMEOUT)));
	f2 = free_pages();
	check_long("d2: unmap d1's ref 8", GNTST_okay, (long)command(CMD_UNMAP));
	f3 = free_pages();
	check_delta("when d2 unmaps d1's last frame", f2, f3,
		    (int64_t)(dead->tot_pages + dead->xenheap_pages),
		    "that frame and d1's hypervisor frames");
	check_long("getdomaininfo of d1 once gone", -XEN_ESRCH, domctl_getdomaininfo(GRANTER, &di));
	check_long("destroydomain of d1 once gone", -XEN_ESRCH, domctl_destroydomain(GRANTER));
}

/* d2 runs, maps dom0's P, and is destroyed without having shut down. */
static void destroy_grantee(void)
{
	struct xen_domctl_getdomaininfo di;
	struct leak_info before;
	struct xen_memory_reservation r = {.nr_extents = 1, .domid = DOMID_SELF};
	uint64_t f4, f5, f6, c0, c1, p_mfn = virt_to_mfn((const void *)p);
	unsigned int i, bad = 0;

	check_long("d2: start counting", 0, (long)command(CMD_SPIN));
	c0 = p[W_COUNT];
	md_sleep_ms(20);
	c1 = p[W_COUNT];
	if (c1 == c0)
		xtf_failure("d2's counter before destroydomain: expected to go up, stayed at %lu",
			    c1);
	if (!info(GRANTEE, &before))
		return;
	check_long("d2 not shut down", 0, before.flags & XEN_DOMINF_shutdown);
	printk("d2: %lu pages, %lu hypervisor frames\n", (unsigned long)before.tot_pages,
	       (unsigned long)before.xenheap_pages);

	f4 = free_pages();
	check_long("destroydomain d2 (running, dom0's P mapped)", 0, domctl_destroydomain(GRANTEE));
	f5 = free_pages();
	check_delta("destroying d2", f4, f5, (int64_t)(before.tot_pages + before.xenheap_pages),
		    "all its pages and hypervisor frames");
	check_long("getdomaininfo of d2 once destroyed", -XEN_ESRCH,
		   domctl_getdomaininfo(GRANTEE, &di));

	c0 = p[W_COUNT];
	md_sleep_ms(50);
	check_u64("d2's counter after destroydomain (it no longer runs)", c0, p[W_COUNT]);
	check_long("d0's ref 12 flags after d2 was destroyed", GTF_permit_access, gt_flags(REF_P));
	for (i = W_DATA; i < 512; i++)
		bad += p[i] != PATTERN_P(i);
	check_long("words of P changed by d2's destruction", 0, bad);
	check_unbound("d0's port to d2 after d2 was destroyed", port_d2, GRANTEE);
	check_long("send on d0's port to the destroyed d2", 0, evtchn_send(port_d2));

	/* No reference of d2's is left on P: given back, it goes at once. */
	gt_grant(REF_P, GRANTEE, 0, 0);
	check_long(
		"unmap P", 0,
		HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)p, 0, UVMF_INVLPG | UVMF_LOCAL));
	p = NULL;
	r.extent_start.p = (uint64_t)(uintptr_t)&p_mfn;
	f5 = free_pages();
	check_long("decrease_reservation of P", 1,
		   HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r));
	f6 = free_pages();
	check_delta("giving P back", f5, f6, 1, "no reference of d2's left on it");
}

static void driver(void)
{
	struct leak_info d1_dead;
	evtchn_port_t port;
	unsigned int i;

	check_long("destroydomain of dom0 (the caller)", -XEN_EINVAL, domctl_destroydomain(0));
	check_long("destroydomain of d77 (none)", -XEN_ESRCH, domctl_destroydomain(77));

	p = mm_alloc_page();
	if (!p || !gt_setup()) {
		xtf_error("no padding page left, or no grant table");
		return;
	}
	for (i = W_DATA; i < 512; i++)
		p[i] = PATTERN_P(i);
	gt_grant(REF_P, GRANTEE, virt_to_mfn((const void *)p), GTF_permit_access);
	if (!check_long("bind d1's port", 0,
			md_bind_retry(GRANTER, PORT, md_deadline(TIMEOUT), &port_d1)) ||
	    !check_long("bind d2's port", 0,
			md_bind_retry(GRANTEE, PORT, md_deadline(TIMEOUT), &port_d2)))
		return;
	/* The bind raised our new ports once ("nothing lost"): start clean. */
	evtchn_clear_pending(port_d1);
	while (p[W_READY] != READY)
		if (!md_wait_port(port_d2, md_deadline(TIMEOUT))) {
			xtf_failure("d2 ready: expected within 20 s, got nothing");
			return;
		}
	check_long("d0's ref 12 flags while d2 maps it",
		   GTF_permit_access | GTF_reading | GTF_writing, gt_flags(REF_P));

	destroy_granter(&d1_dead);
	if (xtf_result() >= RESULT_ERROR)
		return;
	release_last_frame(&d1_dead);
	if (xtf_result() >= RESULT_ERROR)
		return;
	destroy_grantee();

	check_long("close d0's port to the destroyed d1", 0, evtchn_close(port_d1));
	check_long("close d0's port to the destroyed d2", 0, evtchn_close(port_d2));
	check_long("bind to the destroyed d2", -XEN_ESRCH,
		   evtchn_bind_interdomain(GRANTEE, PORT, &port));
	printk("free_pages at the end: %lu\n", free_pages());
	xtf_success(NULL);
}

void test_main(void)
{
	struct xen_domctl_getdomaininfo di;

	if (!mm_setup())
		return;
	if (md_role_is("granter")) {
		granter();
		return;
	}
	if (md_role_is("grantee")) {
		grantee();
		return;
	}
	if (!md_is_dom0()) {
		xtf_error("a domU without role=granter or role=grantee");
		return;
	}
	if (domctl_getdomaininfo(GRANTER, &di) || domctl_getdomaininfo(GRANTEE, &di)) {
		xtf_skip("no d1 and d2: boot them (tests/pv-multidomain.list)");
		return;
	}
	driver();
	/* On a failure the domUs may still run: stop them, so the machine can power off. */
	if (xtf_result() >= RESULT_ERROR) {
		md_remote_shutdown(GRANTER, SHUTDOWN_poweroff);
		md_remote_shutdown(GRANTEE, SHUTDOWN_poweroff);
	}
}
