// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: multicall batching. One multicall of N entries, each
 * xen_version(XENVER_version), for N = 1, 2, 4, 8, 16, 32, 64; a sample
 * is the whole multicall, reported per entry (unit tsc/call, batch=N).
 * The curve shows the fixed cost of the multicall amortised over the
 * batch and the per-entry cost it tends to (compare with null-syscall
 * from bench/null-hypercall). Each entry's result is checked.
 */
#include <public/version.h>
#include "../lib/bench.h"

const char test_title[] = "Bench: multicall of 1..64 xen_version entries";

#define MAX_BATCH 64

static uint64_t samples[BENCH_SAMPLES];
static multicall_entry_t calls[MAX_BATCH];

void test_main(void)
{
	static const unsigned int batches[] = {1, 2, 4, 8, 16, 32, 64};
	long version = HYPERVISOR_xen_version(XENVER_version, NULL);
	unsigned int bad_rc = 0, bad_result = 0;
	char name[32];
	long rc;

	if (version <= 0) {
		xtf_failure("xen_version(XENVER_version): expected a version > 0, got %ld",
			    version);
		return;
	}
	bench_init();

	for (unsigned int b = 0; b < ARRAY_SIZE(batches); b++) {
		unsigned int n = batches[b];

		for (unsigned int i = 0; i < n; i++)
			calls[i] = (multicall_entry_t){.op = __HYPERVISOR_xen_version,
						       .args = {XENVER_version}};
		BENCH_RUN(samples, rc = HYPERVISOR_multicall(calls, n), bad_rc += rc != 0);
		for (unsigned int i = 0; i < n; i++)
			bad_result += (long)calls[i].result != version;
		snprintf(name, sizeof(name), "multicall-%u", n);
		bench_report(name, samples, BENCH_SAMPLES, n);
	}
	if (bad_rc)
		xtf_failure("multicall: expected 0 every time, got %u others", bad_rc);
	if (bad_result)
		xtf_failure("multicall entry results: expected %ld, got %u others", version,
			    bad_result);
	xtf_success(NULL);
}
