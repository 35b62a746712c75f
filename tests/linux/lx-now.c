// SPDX-License-Identifier: GPL-2.0-only
/*
 * lx-now: print CLOCK_MONOTONIC in nanoseconds (dom0's clock, finer than
 * /proc/uptime's 10 ms), for tests/linux/xl-checks.sh's xl benchmark.
 */
#include <stdio.h>
#include <time.h>

int main(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return 1;
	printf("%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec);
	return 0;
}
