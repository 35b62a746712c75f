// SPDX-License-Identifier: GPL-2.0-only
/*
 * xen-like's research instruments, read by dom0 through our own sysctl
 * (so this kernel runs on xen-like only; tests/boot/instruments.sh).
 * Behaviour under test:
 * - the sysctl interface version is checked (-EACCES otherwise);
 * - physinfo reports one CPU, a TSC rate and sane page counts;
 * - perfc: after a reset, N xen_version(XENVER_version) calls show as
 *   exactly N in "hcall.xen_version" and in sub-op 0 of
 *   "hcall.xen_version.subop"; their histogram is sampled, one call in
 *   "perfc.hcall_sample" on average, the first call after a reset always
 *   timed: it adds up to N when that is 1 (hcall_sample=1, the second run
 *   of tests/boot/instruments.sh), to between 1 and N otherwise; a
 *   forced-emulation CPUID counts in "trap.emulated" (vector 6);
 * - the trace buffer records hypercalls only while enabled and only for
 *   the classes in the mask, with the arguments; a ring too small for the
 *   burst drops records and says how many (never silently);
 * - readconsole returns the hypervisor's boot banner.
 */
#include <framework.h>
#include <public/errno.h>
#include <public/sysctl.h>
#include <public/version.h>

const char test_title[] = "Performance counters, trace buffers and sysctl";

static struct xen_sysctl_xl_perfc_desc descs[512];
static uint64_t vals[16384];
static xen_trace_rec_t recs[64];
static char conbuf[4096];

static long sysctl(xen_sysctl_t *op, uint32_t cmd)
{
	op->cmd = cmd;
	op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return HYPERVISOR_sysctl(op);
}

/* Index of counter @name in the last query, or -1; *@val0 = its first value's index. */
static int find(const char *name, unsigned int n, unsigned int *val0)
{
	unsigned int v = 0;

	for (unsigned int i = 0; i < n; i++) {
		if (!strcmp(descs[i].name, name)) {
			*val0 = v;
			return i;
		}
		v += descs[i].nr_vals;
	}
	return -1;
}

static void test_perfc(void)
{
	xen_sysctl_t op = {0};
	unsigned int v, i, n;
	uint64_t sum = 0, interval;
	int c;

	check_long("perfc reset", 0, (op.u.xl_perfc_op.cmd = XEN_SYSCTL_XL_PERFCOP_reset,
				      sysctl(&op, XEN_SYSCTL_xl_perfc_op)));
	for (i = 0; i < 10; i++)
		HYPERVISOR_xen_version(XENVER_version, NULL);
	{
		uint32_t a = 0, b, c2 = 0, d;

		asm volatile("ud2; .ascii \"xen\"; cpuid"
			     : "+a"(a), "=b"(b), "+c"(c2), "=d"(d));
	}
	memset(&op, 0, sizeof(op));
	op.u.xl_perfc_op.cmd = XEN_SYSCTL_XL_PERFCOP_query;
	if (!check_long("perfc query sizes", 0, sysctl(&op, XEN_SYSCTL_xl_perfc_op)))
		return;
	n = op.u.xl_perfc_op.nr_counters;
	if (n > ARRAY_SIZE(descs) || op.u.xl_perfc_op.nr_vals > ARRAY_SIZE(vals)) {
		xtf_error("perfc: %u counters, %u values: buffers too small", n,
			  op.u.xl_perfc_op.nr_vals);
		return;
	}
	set_xen_guest_handle(op.u.xl_perfc_op.desc, descs);
	set_xen_guest_handle(op.u.xl_perfc_op.val, vals);
	if (!check_long("perfc query", 0, sysctl(&op, XEN_SYSCTL_xl_perfc_op)))
		return;
	c = find("hcall.xen_version", n, &v);
	if (c < 0) {
		xtf_failure("Fail: perfc: no counter hcall.xen_version");
		return;
	}
	check_u64("hcall.xen_version calls", 10, vals[v]);
	check_u64("hcall.xen_version values", 1 + XEN_PERFC_HIST_BUCKETS, descs[c].nr_vals);
	for (i = 1; i < descs[c].nr_vals; i++)
		sum += vals[v + i];
	c = find("perfc.hcall_sample", n, &i);
	if (c < 0 || descs[c].nr_vals != 1) {
		xtf_failure("Fail: perfc: no counter perfc.hcall_sample with one value");
		return;
	}
	interval = vals[i];
	printk("perfc: histogram sampling interval %llu\n", (unsigned long long)interval);
	if (interval == 1)
		check_u64("hcall.xen_version histogram total (every call timed)", 10, sum);
	else if (sum < 1 || sum > 10)
		xtf_failure("Fail: hcall.xen_version histogram total (sampled): expected 1 to 10, got %llu",
			    (unsigned long long)sum);
	if (find("hcall.xen_version.subop", n, &v) >= 0)
		check_u64("hcall.xen_version sub-op 0 (XENVER_version)", 10, vals[v]);
	else
		xtf_failure("Fail: perfc: no counter hcall.xen_version.subop");
	if (find("trap.emulated", n, &v) >= 0)
		check_u64("trap.emulated[#UD] (forced CPUID)", 1, vals[v + 6]);
	else
		xtf_failure("Fail: perfc: no counter trap.emulated");
}

static long tbuf(xen_sysctl_t *op, uint32_t cmd)
{
	op->u.xl_tbuf_op.cmd = cmd;
	return sysctl(op, XEN_SYSCTL_xl_tbuf_op);
}

static void test_trace(unsigned int nr_cpus)
{
	xen_sysctl_t op = {0};
	unsigned int hcalls = 0;
	uint64_t read = 0, lost = 0;

	op.u.xl_tbuf_op.size = 16;
	check_long("tbuf set_size 16", 0, tbuf(&op, XEN_SYSCTL_XL_TBUFOP_set_size));
	op.u.xl_tbuf_op.evt_mask = TRC_CLS_HCALL;
	check_long("tbuf set_evt_mask HCALL", 0, tbuf(&op, XEN_SYSCTL_XL_TBUFOP_set_evt_mask));
	HYPERVISOR_xen_version(XENVER_pagesize, NULL); /* before enable: not recorded */
	check_long("tbuf enable", 0, tbuf(&op, XEN_SYSCTL_XL_TBUFOP_enable));
	for (unsigned int i = 0; i < 5; i++)
		HYPERVISOR_xen_version(XENVER_version, NULL);
	check_long("tbuf disable", 0, tbuf(&op, XEN_SYSCTL_XL_TBUFOP_disable));
	HYPERVISOR_xen_version(XENVER_pagesize, NULL); /* after disable: not recorded */

	/* Each CPU has its ring; this vCPU may have run on any of them. */
	for (op.u.xl_tbuf_op.cpu = 0; op.u.xl_tbuf_op.cpu < nr_cpus; op.u.xl_tbuf_op.cpu++) {
		op.u.xl_tbuf_op.count = ARRAY_SIZE(recs);
		set_xen_guest_handle(op.u.xl_tbuf_op.buffer, recs);
		if (!check_long("tbuf read", 0, tbuf(&op, XEN_SYSCTL_XL_TBUFOP_read)))
			return;
		for (unsigned int i = 0; i < op.u.xl_tbuf_op.count; i++) {
			if (recs[i].event == TRC_EVENT(TRC_CLS_HCALL, __HYPERVISOR_xen_version)) {
				hcalls++;
				check_u64("traced xen_version argument", XENVER_version, recs[i].data[0]);
			}
		}
		read += op.u.xl_tbuf_op.count;
		lost += op.u.xl_tbuf_op.lost;
	}
	/* The 5 calls, plus the disable sysctl itself (traced before it ran). */
	check_u64("xen_version records while enabled", 5, hcalls);
	check_u64("records read", 6, read);
	check_u64("lost records", 0, lost);

	/* A burst larger than the ring: the excess is counted, not hidden. */
	op.u.xl_tbuf_op.size = 4;
	check_long("tbuf set_size 4", 0, tbuf(&op, XEN_SYSCTL_XL_TBUFOP_set_size));
	check_long("tbuf enable", 0, tbuf(&op, XEN_SYSCTL_XL_TBUFOP_enable));
	for (unsigned int i = 0; i < 10; i++)
		HYPERVISOR_xen_version(XENVER_version, NULL);
	check_long("tbuf disable", 0, tbuf(&op, XEN_SYSCTL_XL_TBUFOP_disable));
	read = lost = 0;
	for (op.u.xl_tbuf_op.cpu = 0; op.u.xl_tbuf_op.cpu < nr_cpus; op.u.xl_tbuf_op.cpu++) {
		op.u.xl_tbuf_op.count = ARRAY_SIZE(recs);
		check_long("tbuf read after overflow", 0, tbuf(&op, XEN_SYSCTL_XL_TBUFOP_read));
		read += op.u.xl_tbuf_op.count;
		lost += op.u.xl_tbuf_op.lost;
	}
	/* One vCPU spinning in hypercalls: it stays on one CPU, so one ring overflows. */
	check_u64("records kept in a 4-record ring", 4, read);
	check_u64("records reported lost", 7, lost);
	op.u.xl_tbuf_op.size = 0;
	check_long("tbuf set_size 0", -XEN_EINVAL, tbuf(&op, XEN_SYSCTL_XL_TBUFOP_set_size));
	check_long("tbuf unknown cmd", -XEN_EINVAL, tbuf(&op, 99));
}

void test_main(void)
{
	xen_sysctl_t op = {0};
	unsigned int nr_cpus = 1;

	op.cmd = XEN_SYSCTL_physinfo;
	op.interface_version = XEN_SYSCTL_INTERFACE_VERSION + 1;
	check_long("sysctl with a wrong interface version", -XEN_EACCES, HYPERVISOR_sysctl(&op));
	if (check_long("physinfo", 0, sysctl(&op, XEN_SYSCTL_physinfo))) {
		check_u64("physinfo.nr_cpus", 1, op.u.physinfo.nr_cpus);
		nr_cpus = op.u.physinfo.max_cpu_id + 1;
		if (!op.u.physinfo.cpu_khz || op.u.physinfo.free_pages > op.u.physinfo.total_pages ||
		    !op.u.physinfo.total_pages)
			xtf_failure("Fail: physinfo: cpu_khz %u, pages %llu free of %llu",
				    op.u.physinfo.cpu_khz,
				    (unsigned long long)op.u.physinfo.free_pages,
				    (unsigned long long)op.u.physinfo.total_pages);
	}
	check_long("sysctl unknown cmd", -XEN_ENOSYS, sysctl(&op, 77));

	test_perfc();
	test_trace(nr_cpus);

	memset(&op, 0, sizeof(op));
	op.u.readconsole.count = sizeof(conbuf) - 1;
	set_xen_guest_handle(op.u.readconsole.buffer, conbuf);
	if (check_long("readconsole", 0, sysctl(&op, XEN_SYSCTL_readconsole))) {
		conbuf[op.u.readconsole.count] = '\0';
		if (!strstr(conbuf, "xen-like version"))
			xtf_failure("Fail: readconsole: the boot banner is not in the first %u bytes",
				    op.u.readconsole.count);
	}
	xtf_success(NULL);
}
