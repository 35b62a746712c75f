// SPDX-License-Identifier: GPL-2.0-only
/*
 * The credit scheduler on two pCPUs (xen-like only: boot-time domUs and
 * our domctl), run with QEMU -smp 2:
 *   dom0                the driver, mostly asleep (SCHEDOP_poll timeouts);
 *   d1, d2 "role=spin"  CPU-bound (md_spinner_main).
 * Behaviour under test, measured with getdomaininfo cpu_time over
 * windows of pvclock time:
 *   - d2 is started with cpus=1 (hard affinity at boot), d1 with none:
 *     getvcpuaffinity shows 0x2 and all pCPUs;
 *   - the two spinners are spread over the two pCPUs: each runs
 *     >= 70% of the window, and getvcpuinfo shows them on different pCPUs;
 *   - both hard-pinned to pCPU 1 (setvcpuaffinity): they share it, each
 *     between 25% and 75%, together <= 105%, both reported on pCPU 1;
 *   - d1 pinned to pCPU 0, d2 to pCPU 1: each >= 70% again, each on its
 *     own pCPU; getvcpuaffinity reads the masks back;
 *   - refusals: a mask with no pCPU in the scheduler (-EINVAL), a vCPU
 *     the domain does not have (-ENOENT, also for getvcpuinfo), a set pad
 *     (-EINVAL, both commands), a domain that does not exist (-ESRCH).
 */
#include <framework.h>
#include <multidom.h>
#include <public/errno.h>

const char test_title[] = "Credit scheduler on two pCPUs: spreading and hard affinity";

#define D1 1
#define D2 2

static bool vcpu_cpu(domid_t dom, uint32_t *cpu)
{
	struct xen_domctl_getvcpuinfo vi;
	char what[48];

	snprintf(what, sizeof(what), "getvcpuinfo d%u v0", dom);
	if (!check_long(what, 0, domctl_getvcpuinfo(dom, 0, &vi)))
		return false;
	if (!vi.online || vi.blocked)
		xtf_failure("Fail: %s: expected online and not blocked, got online %u blocked %u",
			    what, vi.online, vi.blocked);
	*cpu = vi.cpu;
	return true;
}

static bool pin(domid_t dom, uint64_t mask)
{
	char what[64];
	uint64_t back = 0;

	snprintf(what, sizeof(what), "setvcpuaffinity d%u v0 %#llx", dom, (unsigned long long)mask);
	if (!check_long(what, 0, domctl_vcpu_affinity(dom, 0, true, &mask)))
		return false;
	snprintf(what, sizeof(what), "getvcpuaffinity d%u v0", dom);
	if (check_long(what, 0, domctl_vcpu_affinity(dom, 0, false, &back)) && back != mask)
		xtf_failure("Fail: %s: expected %#llx, got %#llx", what, (unsigned long long)mask,
			    (unsigned long long)back);
	return true;
}

/* Share of the window (x10 %) each spinner ran. */
static void window(unsigned int ms, uint64_t pct_x10[2])
{
	uint64_t t0, t1, c0[2], c1[2];

	md_sleep_ms(100); /* let placement settle */
	t0 = pvclock_read();
	c0[0] = md_cpu_time(D1);
	c0[1] = md_cpu_time(D2);
	while (pvclock_read() < t0 + ms * NS_PER_MS)
		md_sleep_ms(100);
	c1[0] = md_cpu_time(D1);
	c1[1] = md_cpu_time(D2);
	t1 = pvclock_read();
	for (unsigned int i = 0; i < 2; i++)
		pct_x10[i] = c1[i] < c0[i] ? 0 : (c1[i] - c0[i]) * 1000 / (t1 - t0);
	printk("window %llu ms: d1 %llu.%llu%%, d2 %llu.%llu%%\n",
	       (unsigned long long)((t1 - t0) / NS_PER_MS), (unsigned long long)(pct_x10[0] / 10),
	       (unsigned long long)(pct_x10[0] % 10), (unsigned long long)(pct_x10[1] / 10),
	       (unsigned long long)(pct_x10[1] % 10));
}

static void expect_share(const char *what, const uint64_t pct_x10[2], unsigned int low,
			 unsigned int high)
{
	for (unsigned int i = 0; i < 2; i++)
		if (pct_x10[i] < low * 10 || pct_x10[i] > high * 10)
			xtf_failure("Fail: %s: d%u ran %llu.%llu%%, expected %u%% to %u%%", what, i + 1,
				    (unsigned long long)(pct_x10[i] / 10),
				    (unsigned long long)(pct_x10[i] % 10), low, high);
}

static void run_dom0(void)
{
	struct xen_sysctl_physinfo pi;
	evtchn_port_t p1, p2;
	uint64_t pct[2], mask;
	uint32_t cpu1, cpu2;
	bool stopped[2];
	xen_domctl_t op;

	events_disable();
	if (!check_long("physinfo", 0, sysctl_physinfo(&pi)))
		return;
	if (pi.nr_cpus != 2) {
		xtf_error("Error: this test needs 2 pCPUs (QEMU -smp 2), physinfo says %u", pi.nr_cpus);
		md_remote_shutdown(D1, SHUTDOWN_poweroff);
		md_remote_shutdown(D2, SHUTDOWN_poweroff);
		return;
	}
	if (!check_long("bind spinner d1's port 1", 0,
			md_bind_retry(D1, MD_SPIN_PORT, md_deadline(5 * NS_PER_S), &p1)) ||
	    !check_long("bind spinner d2's port 1", 0,
			md_bind_retry(D2, MD_SPIN_PORT, md_deadline(5 * NS_PER_S), &p2))) {
		md_remote_shutdown(D1, SHUTDOWN_poweroff);
		md_remote_shutdown(D2, SHUTDOWN_poweroff);
		return;
	}
	evtchn_clear_pending(p1);
	evtchn_clear_pending(p2);

	/* Affinity from the command line: d2 cpus=1, d1 none. */
	mask = 0;
	if (check_long("getvcpuaffinity d1 v0 (boot)", 0, domctl_vcpu_affinity(D1, 0, false, &mask)) &&
	    mask != ~0ULL)
		xtf_failure("Fail: d1's boot affinity: expected all pCPUs, got %#llx",
			    (unsigned long long)mask);
	if (check_long("getvcpuaffinity d2 v0 (boot, cpus=1)", 0,
		       domctl_vcpu_affinity(D2, 0, false, &mask)) && mask != 2)
		xtf_failure("Fail: d2's boot affinity (cpus=1): expected 0x2, got %#llx",
			    (unsigned long long)mask);

	/* One spinner per pCPU. */
	window(1500, pct);
	expect_share("spread over two pCPUs", pct, 70, 101);
	if (vcpu_cpu(D1, &cpu1) && vcpu_cpu(D2, &cpu2) && (cpu1 != 0 || cpu2 != 1))
		xtf_failure("Fail: d1 (any pCPU) and d2 (cpus=1) on pCPUs %u and %u, expected 0 and 1",
			    cpu1, cpu2);

	/* Both on pCPU 1. */
	if (pin(D1, 1ULL << 1) && pin(D2, 1ULL << 1)) {
		window(1500, pct);
		expect_share("both pinned to pCPU 1", pct, 25, 75);
		if (pct[0] + pct[1] > 1050)
			xtf_failure("Fail: both pinned to pCPU 1 ran %llu.%llu%% together, expected <= 105%%",
				    (unsigned long long)((pct[0] + pct[1]) / 10),
				    (unsigned long long)((pct[0] + pct[1]) % 10));
		if (vcpu_cpu(D1, &cpu1) && vcpu_cpu(D2, &cpu2) && (cpu1 != 1 || cpu2 != 1))
			xtf_failure("Fail: pinned to pCPU 1, reported on pCPUs %u and %u", cpu1, cpu2);
	}

	/* Apart again, each on its own pCPU by affinity. */
	if (pin(D1, 1ULL << 0) && pin(D2, 1ULL << 1)) {
		window(1500, pct);
		expect_share("d1 on pCPU 0, d2 on pCPU 1", pct, 70, 101);
		if (vcpu_cpu(D1, &cpu1) && vcpu_cpu(D2, &cpu2) && (cpu1 != 0 || cpu2 != 1))
			xtf_failure("Fail: pinned 0 and 1, reported on pCPUs %u and %u", cpu1, cpu2);
	}

	/* Refusals, and nothing changed by them. */
	mask = 1ULL << 5; /* no such pCPU */
	check_long("setvcpuaffinity to an absent pCPU", -XEN_EINVAL,
		   domctl_vcpu_affinity(D1, 0, true, &mask));
	mask = 0;
	check_long("setvcpuaffinity to no pCPU", -XEN_EINVAL, domctl_vcpu_affinity(D1, 0, true, &mask));
	mask = 1;
	check_long("setvcpuaffinity of vCPU 7 (d1 has 1)", -XEN_EINVAL,
		   domctl_vcpu_affinity(D1, 7, true, &mask));
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_setvcpuaffinity;
	op.domain = D1;
	check_long("setvcpuaffinity with no flags", -XEN_EINVAL, domctl_op(&op));
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_getvcpuinfo;
	op.domain = D1;
	op.u.getvcpuinfo.vcpu = 7;
	check_long("getvcpuinfo of vCPU 7 (d1 has 1)", -XEN_EINVAL, domctl_op(&op));
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_getvcpuaffinity;
	op.domain = 77;
	check_long("getvcpuaffinity of a domain that does not exist", -XEN_ESRCH, domctl_op(&op));
	mask = 0;
	if (check_long("getvcpuaffinity d1 v0 after refusals", 0,
		       domctl_vcpu_affinity(D1, 0, false, &mask)) && mask != 1)
		xtf_failure("Fail: a refused setvcpuaffinity changed d1's mask to %#llx",
			    (unsigned long long)mask);

	stopped[0] = md_spinner_stop(D1, p1);
	stopped[1] = md_spinner_stop(D2, p2);
	check_long("remote_shutdown d1", 0, md_remote_shutdown(D1, SHUTDOWN_poweroff));
	check_long("remote_shutdown d2", 0, md_remote_shutdown(D2, SHUTDOWN_poweroff));
	for (unsigned int i = 0; i < 2; i++)
		if (stopped[i])
			check_long(i ? "d2 shut down, reason" : "d1 shut down, reason", SHUTDOWN_poweroff,
				   md_wait_shutdown(i ? D2 : D1, md_deadline(5 * NS_PER_S)));
	xtf_success(NULL);
}

void test_main(void)
{
	if (md_is_dom0())
		run_dom0();
	else if (md_role_is("spin"))
		md_spinner_main();
	else
		xtf_error("domU command line \"%s\": expected role=spin",
			  (const char *)start_info->cmd_line);
}
