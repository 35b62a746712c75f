/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers for the bench kernels (bench/<name>/main.c includes this
 * as "../lib/bench.h"; the directory has no main.c, so it is not a kernel).
 *
 * A benchmark takes BENCH_SAMPLES samples of one operation (or fewer, with
 * BENCH_RUN_N), each an lfence-serialised rdtsc pair around it, after
 * BENCH_WARMUP unrecorded runs; subtracts the median cost of an empty pair
 * (the overhead, measured once by bench_init()); and prints two
 * machine-readable lines
 *
 *	BENCH name=<name> unit=tsc samples=N median=M p99=P min=X max=Y overhead=O
 *	      median_ns=MN p99_ns=PN
 *	BENCH-HIST name=<name> unit=tsc samples=N width=W v:c v:c ...
 *
 * (the BENCH line is one line: median_ns and p99_ns are the same figures in
 * nanoseconds at the TSC frequency the pvclock gives; unit=tsc/call and a
 * trailing batch=N for a batch reported per operation), which
 * scripts/bench.sh and bench/smoke.sh read. A reason "no-boot-time-domU"
 * (below) marks a benchmark that needs another domain (docs/research.md).
 * BENCH-HIST is the distribution of the same samples: each v:c says that
 * c samples lie in [v, v + W); only non-empty bins are printed, in
 * increasing v (bench_report() says how W is chosen). A benchmark the
 * hypervisor cannot run (its hypercall answers -ENOSYS, or it needs a
 * boot-time domU that is not there) prints instead
 *
 *	BENCH name=<name> unit=<unit> unavailable=<reason> [batch=N]
 *
 * and no figures: scripts/bench.sh shows it as n/a, never as a number.
 * Under QEMU TCG with -icount shift=0,sleep=off the TSC advances one tick
 * per instruction, so the figures are instructions executed in guest and
 * hypervisor; without icount they are TCG's TSC (host time), good only
 * for a smoke test.
 *
 *	bench_init();
 *	BENCH_RUN(samples, rc = HYPERVISOR_xen_version(XENVER_version, NULL),
 *		  bad += rc != version);
 *	bench_report("null-syscall", samples, BENCH_SAMPLES, 0);
 */
#ifndef BENCH_LIB_BENCH_H
#define BENCH_LIB_BENCH_H

#include <framework.h>
#include <guest/time.h>

#define BENCH_SAMPLES 1000
#define BENCH_WARMUP 20

static uint64_t bench_overhead_ticks;
static uint64_t bench_tsc_khz; /* from the pvclock, for the _ns figures */

/* lfence before: earlier work is done; after: later work waits for it. */
static inline uint64_t bench_tsc(void)
{
	uint32_t lo, hi;

	asm volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

/*
 * Take warmup + count samples of the statement op into samples[]
 * (uint64_t[count]); the warm-up ones are dropped. The statement check
 * runs after each sample, outside the timed region (to count wrong
 * results, or to move on to the next operation, for example).
 */
#define BENCH_RUN_N(samples, count, warmup, op, check)                                        \
	do {                                                                                  \
		unsigned int bench_n_ = (count), bench_w_ = (warmup);                         \
		for (unsigned int bench_i_ = 0; bench_i_ < bench_w_ + bench_n_; bench_i_++) { \
			uint64_t bench_t0_ = bench_tsc();                                     \
			op;                                                                   \
			uint64_t bench_t1_ = bench_tsc();                                     \
			check;                                                                \
			if (bench_i_ >= bench_w_)                                             \
				(samples)[bench_i_ - bench_w_] = bench_t1_ - bench_t0_;       \
		}                                                                             \
	} while (0)

/* BENCH_WARMUP + BENCH_SAMPLES samples into uint64_t[BENCH_SAMPLES]. */
#define BENCH_RUN(samples, op, check) BENCH_RUN_N(samples, BENCH_SAMPLES, BENCH_WARMUP, op, check)

/* Shell sort: no allocation, fast enough for a few thousand samples. */
static inline void bench_sort(uint64_t *v, unsigned int n)
{
	static const unsigned int gaps[] = {701, 301, 132, 57, 23, 10, 4, 1};

	for (unsigned int g = 0; g < ARRAY_SIZE(gaps); g++) {
		unsigned int gap = gaps[g];

		for (unsigned int i = gap; i < n; i++) {
			uint64_t x = v[i];
			unsigned int j = i;

			for (; j >= gap && v[j - gap] > x; j -= gap)
				v[j] = v[j - gap];
			v[j] = x;
		}
	}
}

/* The value at quantile q/100 (nearest rank) of sorted v[0..n). */
static inline uint64_t bench_quantile(const uint64_t *v, unsigned int n, unsigned int q)
{
	unsigned int rank = (n * q + 99) / 100; /* ceil(n * q / 100), 1-based */

	return v[rank ? rank - 1 : 0];
}

/* Measure the empty rdtsc pair; call once before any benchmark. */
static inline void bench_init(void)
{
	static uint64_t s[BENCH_SAMPLES];

	BENCH_RUN(s, (void)0, (void)0);
	bench_sort(s, BENCH_SAMPLES);
	bench_overhead_ticks = bench_quantile(s, BENCH_SAMPLES, 50);
	bench_tsc_khz = pvclock_tsc_khz();
	printk("bench: empty rdtsc pair: median %llu min %llu max %llu ticks; TSC %llu kHz\n",
	       (unsigned long long)bench_overhead_ticks, (unsigned long long)s[0],
	       (unsigned long long)s[BENCH_SAMPLES - 1], (unsigned long long)bench_tsc_khz);
}

/* @ticks of the TSC in nanoseconds (0 if the frequency is unknown). */
static inline uint64_t bench_ns(uint64_t ticks)
{
	return bench_tsc_khz ? ticks * 1000000 / bench_tsc_khz : 0;
}

/* At most this many exact values, or linear bins up to p99, in BENCH-HIST. */
#define BENCH_HIST_BINS 32

/*
 * Print the BENCH-HIST line of sorted v[0..n). With at most
 * BENCH_HIST_BINS distinct values (the usual case under icount, where
 * every sample of a path costs the same) each value is its own bin
 * (width 1, exact). Otherwise the span [min, p99] is cut into
 * BENCH_HIST_BINS bins of one width and the few samples above p99 fall
 * into further bins of that width: at most BENCH_HIST_BINS + n / 100 + 1
 * bins, so the line stays short and the bulk keeps its resolution.
 */
static inline void bench_print_hist(const char *name, const char *unit, const uint64_t *v,
				    unsigned int n)
{
	uint64_t width = 1, lo, hi = bench_quantile(v, n, 99);
	unsigned int distinct = n ? 1 : 0;

	for (unsigned int i = 1; i < n; i++)
		distinct += v[i] != v[i - 1];
	if (distinct > BENCH_HIST_BINS)
		width = (hi - v[0] + BENCH_HIST_BINS) / BENCH_HIST_BINS; /* ceil(span/bins) */
	printk("BENCH-HIST name=%s unit=%s samples=%u width=%llu", name, unit, n,
	       (unsigned long long)width);
	for (unsigned int i = 0; i < n;) {
		unsigned int c = 0;

		lo = v[0] + (v[i] - v[0]) / width * width;
		for (; i < n && v[i] < lo + width; i++)
			c++;
		printk(" %llu:%u", (unsigned long long)lo, c);
	}
	printk("\n");
}

/*
 * Subtract the overhead, sort (in place) and print the BENCH and BENCH-HIST
 * lines of samples[0..n). batch 0: a sample is one operation (unit tsc).
 * batch N >= 1: a sample is a batch of N operations (a multicall of N
 * entries); the figures are per operation (unit tsc/call, rounded down)
 * and the BENCH line ends batch=N.
 */
static inline void bench_report(const char *name, uint64_t *samples, unsigned int n,
				unsigned int batch)
{
	unsigned int per = batch ? batch : 1;
	const char *unit = batch ? "tsc/call" : "tsc";

	for (unsigned int i = 0; i < n; i++) {
		uint64_t t =
			samples[i] > bench_overhead_ticks ? samples[i] - bench_overhead_ticks : 0;

		samples[i] = t / per;
	}
	bench_sort(samples, n);
	printk("BENCH name=%s unit=%s samples=%u median=%llu p99=%llu min=%llu max=%llu "
	       "overhead=%llu median_ns=%llu p99_ns=%llu",
	       name, unit, n, (unsigned long long)bench_quantile(samples, n, 50),
	       (unsigned long long)bench_quantile(samples, n, 99), (unsigned long long)samples[0],
	       (unsigned long long)samples[n - 1], (unsigned long long)bench_overhead_ticks,
	       (unsigned long long)bench_ns(bench_quantile(samples, n, 50)),
	       (unsigned long long)bench_ns(bench_quantile(samples, n, 99)));
	if (batch)
		printk(" batch=%u", batch);
	printk("\n");
	bench_print_hist(name, unit, samples, n);
}

/*
 * The benchmark cannot run on this hypervisor (reason: one word, such as
 * "mmu_update:-ENOSYS"): print its BENCH line without figures, which
 * scripts/bench.sh reports as n/a. batch as for bench_report().
 */
static inline void bench_report_unavailable(const char *name, unsigned int batch,
					    const char *reason)
{
	printk("BENCH name=%s unit=%s unavailable=%s", name, batch ? "tsc/call" : "tsc", reason);
	if (batch)
		printk(" batch=%u", batch);
	printk("\n");
}

#endif /* BENCH_LIB_BENCH_H */
