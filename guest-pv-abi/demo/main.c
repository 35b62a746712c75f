// SPDX-License-Identifier: GPL-2.0-only
/*
 * The demo dom0 that `make run` boots: it prints what it learns from the
 * hypervisor (version, build, capabilities, features, its start_info),
 * then echoes what you type on the serial console (CONSOLEIO_read; between
 * reads it blocks until VIRQ_CONSOLE says input arrived) until you type 'q',
 * which powers the machine off. 'd' lists the domains (domctl
 * getdomaininfo and the credit scheduler's parameters; xen-like only: on
 * Xen the domctl is refused and the error is shown). CTRL-a three times
 * switches the serial input to the hypervisor's debug keys and back. Runs
 * on Xen too. `make run` also boots two domUs (guest-pv-abi/pingpong/).
 */
#include <framework.h>
#include <guest/control.h>
#include <guest/event.h>
#include <public/errno.h>
#include <public/features.h>
#include <public/sched.h>
#include <public/version.h>

const char test_title[] = "xen-like demo dom0";

#define FEATURE_NAME(n) [XENFEAT_##n] = #n,
static const char *const feature_names[32] = { XENFEAT_LIST(FEATURE_NAME) };
#undef FEATURE_NAME

static void show_hypervisor(void)
{
	xen_extraversion_t extra = "";
	xen_compile_info_t ci;
	xen_capabilities_info_t caps = "";
	xen_feature_info_t fi = {.submap_idx = 0};
	long v = HYPERVISOR_xen_version(XENVER_version, NULL);

	memset(&ci, 0, sizeof(ci));
	HYPERVISOR_xen_version(XENVER_extraversion, extra);
	HYPERVISOR_xen_version(XENVER_compile_info, &ci);
	HYPERVISOR_xen_version(XENVER_capabilities, caps);
	printk("Hypervisor: Xen ABI %ld.%ld%.16s, built by %.16s with %.64s\n", v >> 16,
	       v & 0xffff, extra, ci.compile_by, ci.compiler);
	printk("Capabilities: %.1024s\n", caps);
	if (HYPERVISOR_xen_version(XENVER_get_features, &fi) == 0) {
		printk("Features (submap 0 = %#x):", fi.submap);
		for (unsigned int i = 0; i < 32; i++)
			if ((fi.submap >> i) & 1)
				printk(" %s", feature_names[i] ? feature_names[i] : "?");
		printk("\n");
	}
	printk("Page size: %ld bytes\n", HYPERVISOR_xen_version(XENVER_pagesize, NULL));
}

static void show_start_info(void)
{
	const start_info_t *si = start_info;

	printk("start_info at %p:\n", (const void *)si);
	printk("  magic        %.32s\n", si->magic);
	printk("  nr_pages     %llu (%llu MiB)\n", (unsigned long long)si->nr_pages,
	       (unsigned long long)si->nr_pages >> 8);
	printk("  shared_info  machine address %#llx\n", (unsigned long long)si->shared_info);
	printk("  flags        %#x%s%s\n", si->flags, si->flags & SIF_PRIVILEGED ? " privileged" : "",
	       si->flags & SIF_INITDOMAIN ? " initdomain" : "");
	printk("  pt_base      %#llx (%llu page-table frames)\n", (unsigned long long)si->pt_base,
	       (unsigned long long)si->nr_pt_frames);
	printk("  mfn_list     %#llx\n", (unsigned long long)si->mfn_list);
	printk("  mod_start    %#llx (%llu bytes)\n", (unsigned long long)si->mod_start,
	       (unsigned long long)si->mod_len);
	printk("  cmd_line     \"%.1024s\"\n", (const char *)si->cmd_line);
}

/* 'd': every domain, through getdomaininfo with XEN_DOMINF_next. */
static void list_domains(void)
{
	struct xen_domctl_getdomaininfo info;
	struct xen_domctl_sched_credit sc;
	domid_t next = 0;
	long rc;

	printk("\n  id  state        pages  cpu time (ms)  weight  cap\n");
	while ((rc = domctl_getdomaininfo_next(next, &info)) == 0) {
		const char *state = info.flags & XEN_DOMINF_shutdown  ? "shut down"
				    : info.flags & XEN_DOMINF_running ? "running"
				    : info.flags & XEN_DOMINF_blocked ? "blocked"
								      : "runnable";

		if (domctl_sched_credit_get(info.domain, &sc))
			sc = (struct xen_domctl_sched_credit){0};
		printk("  %2u  %-10s %7llu  %13llu  %6u  %3u\n", info.domain, state,
		       (unsigned long long)info.tot_pages,
		       (unsigned long long)(info.cpu_time / 1000000), sc.weight, sc.cap);
		next = info.domain + 1;
	}
	if (rc != -XEN_ESRCH)
		printk("(domctl getdomaininfo: error %ld)\n", rc);
}

void test_main(void)
{
	char buf[64];

	show_hypervisor();
	show_start_info();
	evtchn_port_t console_port;
	/* Interrupt-driven if event channels work; polling otherwise. */
	bool use_events = !evtchn_init() && !evtchn_bind_virq(VIRQ_CONSOLE, 0, &console_port);

	printk("Type to echo; 'd' lists the domains; 'q' powers off; CTRL-a three times switches "
	       "to "
	       "the debug keys.\n");
	if (use_events)
		printk("(waiting for input with SCHEDOP_block on VIRQ_CONSOLE, port %u)\n",
		       console_port);
	for (;;) {
		long n = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf);

		for (long i = 0; i < n; i++) {
			if (buf[i] == 'd') {
				list_domains();
				continue;
			}
			if (buf[i] == 'q') {
				printk("\nBye.\n");
				guest_shutdown(SHUTDOWN_poweroff);
			}
			printk("%c", buf[i] == '\r' ? '\n' : buf[i]);
		}
		if (n > 0)
			continue;
		/* Block enables events; input raises VIRQ_CONSOLE, which wakes us. */
		HYPERVISOR_sched_op(use_events ? SCHEDOP_block : SCHEDOP_yield, NULL);
	}
}
