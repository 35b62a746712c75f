// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: a guest kernel page fault bounced to the guest and back. A
 * read of an unmapped address (as tests/traps does) faults into the
 * hypervisor, which finds nothing to fix and bounces #PF to the guest's
 * trap-table handler; the library's handler (entry.asm, do_trap()) finds
 * the exception-table fixup and returns with the iret hypercall. A
 * sample is the whole round trip: hypervisor #PF handling, bounce frame,
 * the guest handler's own work (the same on both hypervisors) and iret.
 *   pf-bounce: the fault, reported EXINFO(#PF, 0), checked every time.
 */
#include "../lib/bench.h"

const char test_title[] = "Bench: guest #PF bounce and iret";

#define UNMAPPED_VA 0x40000000UL /* far above the builder's initial mapping */

static uint64_t samples[BENCH_SAMPLES];

static exinfo_t pf_read(void)
{
	exinfo_t fault = 0;
	uint64_t v;

	asm volatile("1: mov (%[p]), %[v]; 2:" _ASM_EXTABLE(1b, 2b)
		     : "+a"(fault), [v] "=r"(v)
		     : [p] "r"(UNMAPPED_VA + 0x123)
		     : "memory");
	return fault;
}

void test_main(void)
{
	unsigned int bad = 0;
	exinfo_t first, fault;

	shared_info(); /* the handler reads CR2 from it: map it outside the loop */
	first = pf_read();
	if (!check_exinfo("read of an unmapped page", EXINFO_SYM(PF, 0), first))
		return;
	bench_init();

	BENCH_RUN(samples, fault = pf_read(), bad += fault != EXINFO_SYM(PF, 0));
	bench_report("pf-bounce", samples, BENCH_SAMPLES, 0);

	if (bad)
		xtf_failure("#PF fixups: expected EXINFO(#PF, 0) every time, got %u others", bad);
	xtf_success(NULL);
}
