// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU masks (asm/smp.h): for_each_cpu visits exactly the set bits in
 * increasing order, for every single bit, the empty and full masks and
 * random masks, and skips a CPU removed from the mask while walking it
 * (the mask is read again at each step, as the scheduler relies on).
 */
#include "unit.h"
#include "hv-begin.h"
#include <asm/smp.h>
#include "hv-end.h"

/* Walk @mask with for_each_cpu into @seen (in order); return the count. */
static unsigned int walk(cpumask_t mask, unsigned int *seen)
{
	unsigned int cpu, n = 0;

	for_each_cpu(cpu, mask)
		seen[n++] = cpu;
	return n;
}

static void check_mask(cpumask_t mask)
{
	unsigned int seen[NR_CPUS + 1], n = walk(mask, seen), i, j = 0;

	for (i = 0; i < NR_CPUS; i++) {
		if (!(mask & cpumask_of(i)))
			continue;
		CHECK(j < n && seen[j] == i, "mask %#llx: visit %u is CPU %u, expected %u",
		      (unsigned long long)mask, j, j < n ? seen[j] : NR_CPUS, i);
		j++;
	}
	CHECK(n == j, "mask %#llx: %u CPUs visited, expected %u", (unsigned long long)mask, n, j);
}

int main(void)
{
	cpumask_t live;
	unsigned int cpu, i, seen[NR_CPUS + 1], n;

	check_mask(0);
	check_mask(~(cpumask_t)0);
	for (i = 0; i < NR_CPUS; i++) {
		check_mask(cpumask_of(i));
		check_mask(~cpumask_of(i));
	}
	srand(11);
	for (i = 0; i < 10000; i++)
		check_mask(((cpumask_t)rand() << 62) ^ ((cpumask_t)rand() << 31) ^ (cpumask_t)rand());

	CHECK(cpumask_next_from(cpumask_of(63), 63) == 63, "CPU 63 found from 63");
	CHECK(cpumask_next_from(cpumask_of(63), 64) == NR_CPUS, "nothing from NR_CPUS");
	CHECK(cpumask_next_from(cpumask_of(5), 6) == NR_CPUS, "nothing above the last bit");

	/* A CPU cleared during the walk is not visited. */
	live = cpumask_of(1) | cpumask_of(7) | cpumask_of(40);
	n = 0;
	for_each_cpu(cpu, live) {
		seen[n++] = cpu;
		if (cpu == 1)
			live &= ~cpumask_of(7);
	}
	CHECK(n == 2 && seen[0] == 1 && seen[1] == 40,
	      "walk clearing CPU 7 at CPU 1: expected 1, 40, got %u CPUs", n);
	return unit_report("cpumask");
}
