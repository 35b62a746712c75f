// SPDX-License-Identifier: GPL-2.0-only
/*
 * Always-on performance counters for researchers: per CPU, per
 * hypercall, an exact call count and a log2 histogram of the TSC cycles
 * from dispatch to return; per multiplexed hypercall, exact counts per
 * sub-op; per vector, traps bounced to guests and traps emulated; grant
 * map, unmap and copy entries and the unmaps' TLB flushes. Each
 * CPU writes only its own counters (no locks, no atomics on the hot
 * path); readers sum over CPUs and accept a slightly torn snapshot.
 *
 * The one idea: the histogram is sampled, the counts are not. An untimed
 * hypercall costs one decrement of its slot's countdown (see struct
 * perfc_cpu); about one call in hcall_sample (default 128, 1 = every
 * call) per (hypercall, sub-op) slot is timed, at random intervals so
 * that no periodic workload aliases with the sampling. The cost on a null
 * hypercall is measured by bench/instrument-cost.sh
 * against a build without the hypercall counters (make HCALL_STATS=n);
 * docs/research.md has the figures.
 */
#include <public/hypercall-defs.h>
#include <public/sysctl.h>
#include <asm/current.h>
#include <asm/smp.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/percpu.h>
#include <xen/perfc.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

/* Mean interval between timed calls of one slot; 1 times every call. */
unsigned int opt_hcall_sample = 128;
integer_param("hcall_sample", opt_hcall_sample);
#define HCALL_SAMPLE_MAX (1U << 24)

static DEFINE_PER_CPU(struct perfc_cpu *, perfc);

static const char *const hcall_names[HYPERCALL_TABLE_SIZE] = {
#define HCALL HYPERCALL_NAME_
#include <public/hypercall-list.h>
#undef HCALL
};

/* The multiplexed hypercalls (PERFC_MULTIPLEXED) must be below 64. */

static bool multiplexed(unsigned int nr)
{
	return (PERFC_MULTIPLEXED >> nr) & 1;
}

/* The next interval between timed calls: uniform in [1, 2N - 1], mean N. */
static uint32_t next_interval(struct perfc_cpu *p)
{
	uint64_t x = p->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	p->rng = x;
	return 1 + (uint32_t)(((x >> 32) * (2ULL * opt_hcall_sample - 1)) >> 32);
}

/* Draw @slot's next interval R (perfc_hcall_rearm(), hcall_sample > 1). */
void perfc_hcall_resample(struct perfc_cpu *p, unsigned int slot)
{
	uint32_t r = next_interval(p);

	p->base[slot] += r;
	p->left[slot] = r - 1;
}

/* CPU @cpu's counters; NULL if it has none (not started: no per-CPU area). */
static struct perfc_cpu *cpu_perfc(unsigned int cpu)
{
	return cpu_online(cpu) ? per_cpu(perfc, cpu) : NULL;
}

/* A slot's exact count (struct perfc_cpu). */
static uint64_t slot_count(const struct perfc_cpu *p, unsigned int slot)
{
	return p->base[slot] - p->left[slot];
}

void perfc_trap_bounced(unsigned int vector)
{
	struct perfc_cpu *p = this_cpu(perfc);

	if (p)
		p->bounced[vector < PERFC_NR_VEC ? vector : PERFC_NR_VEC - 1]++;
}

void perfc_trap_emulated(unsigned int vector)
{
	struct perfc_cpu *p = this_cpu(perfc);

	if (p)
		p->emulated[vector < PERFC_NR_VEC ? vector : PERFC_NR_VEC - 1]++;
}

void perfc_gnttab(enum perfc_gnttab what, uint64_t n)
{
	struct perfc_cpu *p = this_cpu(perfc);

	if (p && what < PERFC_GNTTAB_NR)
		p->gnttab[what] += n;
}

/* The names of the grant-table counters (enum perfc_gnttab), one value each. */
static const char *const gnttab_names[PERFC_GNTTAB_NR] = {
	[PERFC_GNTTAB_MAP] = "gnttab.map",
	[PERFC_GNTTAB_UNMAP] = "gnttab.unmap",
	[PERFC_GNTTAB_UNMAP_FLUSH] = "gnttab.unmap_flush",
	[PERFC_GNTTAB_COPY] = "gnttab.copy",
	[PERFC_GNTTAB_COPY_BYTES] = "gnttab.copy_bytes",
};

/*
 * The counter list, in a fixed order: every named hypercall (then its
 * sub-ops if multiplexed; none in a HCALL_STATS=n build), then the trap
 * counters, then the grant-table ones. @fn sees each
 * counter's name and its values summed over CPUs.
 */
static void for_each_counter(void (*fn)(void *ctx, const char *name, const uint64_t *vals,
					unsigned int nr),
			     void *ctx)
{
	static uint64_t vals[1 + XEN_PERFC_HIST_BUCKETS];
	static uint64_t subops[PERFC_NR_SUBOPS];
	static uint64_t bounced[PERFC_NR_VEC], emulated[PERFC_NR_VEC];
	struct perfc_cpu *p;
	uint64_t interval = opt_hcall_sample;
	char name[80];
	unsigned int nr, i, cpu;

	for (nr = 0; HCALL_STATS_ENABLED && nr < HYPERCALL_TABLE_SIZE; nr++) {
		if (!hcall_names[nr])
			continue;
		memset(vals, 0, sizeof(vals));
		memset(subops, 0, sizeof(subops));
		for (cpu = 0; cpu < NR_CPUS; cpu++) {
			if (!(p = cpu_perfc(cpu)))
				continue;
			for (i = 0; i < PERFC_NR_SUBOPS; i++)
				subops[i] += slot_count(p, nr * PERFC_NR_SUBOPS + i);
			for (i = 0; i < XEN_PERFC_HIST_BUCKETS; i++)
				vals[1 + i] += p->hist[nr][i];
		}
		for (i = 0; i < PERFC_NR_SUBOPS; i++)
			vals[0] += subops[i]; /* the calls: every sub-op's count */
		snprintf(name, sizeof(name), "hcall.%s", hcall_names[nr]);
		fn(ctx, name, vals, 1 + XEN_PERFC_HIST_BUCKETS);
		if (multiplexed(nr)) {
			snprintf(name, sizeof(name), "hcall.%s.subop", hcall_names[nr]);
			fn(ctx, name, subops, PERFC_NR_SUBOPS);
		}
	}
	memset(bounced, 0, sizeof(bounced));
	memset(emulated, 0, sizeof(emulated));
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!(p = cpu_perfc(cpu)))
			continue;
		for (i = 0; i < PERFC_NR_VEC; i++) {
			bounced[i] += p->bounced[i];
			emulated[i] += p->emulated[i];
		}
	}
	fn(ctx, "trap.bounced", bounced, PERFC_NR_VEC);
	fn(ctx, "trap.emulated", emulated, PERFC_NR_VEC);
	for (i = 0; i < PERFC_GNTTAB_NR; i++) {
		uint64_t sum = 0;

		for (cpu = 0; cpu < NR_CPUS; cpu++)
			if ((p = cpu_perfc(cpu)))
				sum += p->gnttab[i];
		fn(ctx, gnttab_names[i], &sum, 1);
	}
	fn(ctx, "perfc.hcall_sample", &interval, 1);
}

/* Zero @p, CPU @cpu's counters, and restart its interval sequence (reproducible runs). */
static void perfc_reset(struct perfc_cpu *p, unsigned int cpu)
{
	memset(p, 0, sizeof(*p));
	p->rng = 0x9e3779b97f4a7c15ULL + cpu;
}

struct query {
	struct xen_sysctl_xl_perfc_op *op;
	unsigned int counters, vals;
	int rc;
};

static void query_one(void *ctx, const char *name, const uint64_t *vals, unsigned int nr)
{
	struct query *q = ctx;
	struct xen_sysctl_xl_perfc_desc desc;

	if (!q->rc && !guest_handle_null(q->op->desc)) {
		memset(&desc, 0, sizeof(desc));
		strlcpy(desc.name, name, sizeof(desc.name));
		desc.nr_vals = nr;
		if (copy_to_guest_offset(q->op->desc, q->counters, &desc, 1))
			q->rc = -EFAULT;
	}
	if (!q->rc && !guest_handle_null(q->op->val) &&
	    copy_to_guest_offset(q->op->val, q->vals, vals, nr))
		q->rc = -EFAULT;
	q->counters++;
	q->vals += nr;
}

/*
 * Sums over every CPU's counters. A reset zeroes each CPU's block while
 * that CPU may be counting (its counters are its own, unlocked): a call
 * racing with the reset may be lost from the new totals.
 */
int perfc_op(struct xen_sysctl_xl_perfc_op *op)
{
	static DEFINE_SPINLOCK(perfc_op_lock); /* for_each_counter()'s sums are static */
	struct query q = { .op = op };
	unsigned int cpu;
	int rc = 0;

	spin_lock(&perfc_op_lock);
	switch (op->cmd) {
	case XEN_SYSCTL_XL_PERFCOP_reset:
		for (cpu = 0; cpu < NR_CPUS; cpu++)
			if (cpu_perfc(cpu))
				perfc_reset(cpu_perfc(cpu), cpu);
		break;
	case XEN_SYSCTL_XL_PERFCOP_query:
		for_each_counter(query_one, &q);
		op->nr_counters = q.counters;
		op->nr_vals = q.vals;
		rc = q.rc;
		break;
	default:
		rc = -EINVAL;
		break;
	}
	spin_unlock(&perfc_op_lock);
	return rc;
}

void perfc_init(void)
{
	if (!opt_hcall_sample || opt_hcall_sample > HCALL_SAMPLE_MAX) {
		printk(XENLOG_WARNING "hcall_sample=%u out of range (1 to %u): using %u\n",
		       opt_hcall_sample, HCALL_SAMPLE_MAX, opt_hcall_sample ? HCALL_SAMPLE_MAX : 1);
		opt_hcall_sample = opt_hcall_sample ? HCALL_SAMPLE_MAX : 1;
	}
	if (perfc_init_cpu())
		panic("Out of memory for the performance counters");
}

int perfc_init_cpu(void)
{
	struct perfc_cpu *p = xmalloc(struct perfc_cpu);
	struct cpu_info *ci = get_cpu_info();
	unsigned int nr;

	BUILD_BUG_ON(CPU_INFO_HCALLS != HYPERCALL_TABLE_SIZE);
	if (!p)
		return -ENOMEM;
	perfc_reset(p, smp_processor_id());
	for (nr = 0; nr < HYPERCALL_TABLE_SIZE; nr++) {
		ci->hcall_subop_max[nr] = multiplexed(nr) ? PERFC_NR_SUBOPS - 1 : 0;
		ci->hcall_row[nr] = &p->left[nr * PERFC_NR_SUBOPS];
	}
	this_cpu(perfc) = p;
	ci->perfc = p;
	return 0;
}
