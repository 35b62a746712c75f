// SPDX-License-Identifier: GPL-2.0-only
/*
 * A domU for toolstack tests (Debian's xl, pvctl: tests/linux/xl-checks.sh).
 * Its command line (xl.cfg's extra=) says what it does:
 *
 *   pass     print its start of day, the verdict SUCCESS, and power off
 *   spin     stay up: count in a loop, sleeping 10 ms now and then, and
 *            print a heartbeat line every 2 s (so that pause, unpause,
 *            vCPU pinning and credit weights have something to act on)
 *   crash    shut down with SHUTDOWN_crash (a domU that crashes must
 *            leave dom0 and the hypervisor running)
 *   burn     stay up, always runnable: a loop that never blocks (for
 *            credit shares: two of these split a CPU by their weights)
 *   idle     stay up, blocked: wake once a minute, print nothing more
 *            (the scale benchmark keeps 100 of these running)
 *
 * Everything it prints also goes to its PV console ring, where dom0's
 * console daemon (xenconsoled, pvconsoled) picks it up.
 */
#include <framework.h>
#include <multidom.h>

const char test_title[] = "Toolstack guest (pass, spin, burn, idle, crash)";

static void spin(void)
{
	uint64_t count = 0, next = pvclock_read() + 2000 * NS_PER_MS;

	for (;;) {
		count++;
		if (!(count % 100000))
			md_sleep_ms(10);
		if (pvclock_read() >= next) {
			printk("toolstack: spin: alive, %lu loops\n", (unsigned long)count);
			next += 2000 * NS_PER_MS;
		}
	}
}

void test_main(void)
{
	const char *cmd = (const char *)start_info->cmd_line;

	printk("toolstack: \"%s\": %lu pages, start_info magic %s\n", cmd,
	       (unsigned long)start_info->nr_pages, start_info->magic);
	if (!strcmp(cmd, "pass")) {
		xtf_success(NULL); /* the framework prints SUCCESS and powers off */
		return;
	}
	if (!strcmp(cmd, "spin"))
		spin();
	if (!strcmp(cmd, "burn"))
		for (volatile uint64_t n = 0;; n++)
			;
	if (!strcmp(cmd, "idle"))
		for (;;)
			md_sleep_ms(60 * 1000);
	if (!strcmp(cmd, "crash")) {
		printk("toolstack: crash: shutting down with SHUTDOWN_crash\n");
		guest_shutdown(SHUTDOWN_crash);
	}
	xtf_error("toolstack: unknown command line \"%s\" (pass, spin, burn, idle or crash)", cmd);
}
