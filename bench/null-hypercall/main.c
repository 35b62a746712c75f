// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: the null hypercall round trip. xen_version(XENVER_version)
 * does almost nothing in the hypervisor, so a sample is the cost of
 * getting into the hypervisor's hypercall dispatch and back:
 *   null-syscall: a direct `syscall` with rax = 17 (as Linux 6.1 does);
 *   null-page:    `call hypercall_page + 32 * 17` (as XTF and Mini-OS do),
 *                 which adds the page's stub (a mov and the same syscall).
 * Every result is checked against the version a first call returned.
 */
#include <public/version.h>
#include "../lib/bench.h"

const char test_title[] = "Bench: null hypercall (xen_version) by syscall and hypercall page";

static uint64_t samples[BENCH_SAMPLES];

void test_main(void)
{
	long version = hypercall_syscall(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
	unsigned int bad = 0;
	long rc;

	if (version <= 0) {
		xtf_failure("xen_version(XENVER_version): expected a version > 0, got %ld",
			    version);
		return;
	}
	bench_init();

	BENCH_RUN(samples,
		  rc = hypercall_syscall(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0),
		  bad += rc != version);
	bench_report("null-syscall", samples, BENCH_SAMPLES, 0);

	BENCH_RUN(samples,
		  rc = hypercall_via_page(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0),
		  bad += rc != version);
	bench_report("null-page", samples, BENCH_SAMPLES, 0);

	if (bad)
		xtf_failure("xen_version results: expected %ld every time, got %u others", version,
			    bad);
	xtf_success(NULL);
}
