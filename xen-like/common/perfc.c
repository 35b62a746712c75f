// SPDX-License-Identifier: GPL-2.0-only
/*
 * Always-on performance counters for researchers: per CPU, per
 * hypercall, a call count and a log2 histogram of the TSC cycles from
 * dispatch to return; per multiplexed hypercall, counts per sub-op; per
 * vector, traps bounced to guests and traps emulated. Each CPU writes
 * only its own counters (no locks, no atomics on the hot path); readers
 * sum over CPUs and accept a slightly torn snapshot. The cost on a null
 * hypercall is measured by `make bench` (hcall_stats=0 turns it off).
 */
#include <public/hypercall-defs.h>
#include <public/sysctl.h>
#include <asm/current.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/percpu.h>
#include <xen/perfc.h>
#include <xen/xmalloc.h>

bool opt_hcall_stats = true;
boolean_param("hcall_stats", opt_hcall_stats);

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

/*
 * The counter list, in a fixed order: every named hypercall (then its
 * sub-ops if multiplexed), then the trap counters. @fn sees each
 * counter's name and its values summed over CPUs.
 */
static void for_each_counter(void (*fn)(void *ctx, const char *name, const uint64_t *vals,
					unsigned int nr),
			     void *ctx)
{
	static uint64_t vals[1 + XEN_PERFC_HIST_BUCKETS];
	struct perfc_cpu *p = per_cpu(perfc, 0); /* one CPU today; SMP sums here */
	char name[80];
	unsigned int nr, i;

	for (nr = 0; nr < HYPERCALL_TABLE_SIZE; nr++) {
		if (!hcall_names[nr])
			continue;
		vals[0] = p->hcall[nr].calls;
		for (i = 0; i < XEN_PERFC_HIST_BUCKETS; i++)
			vals[1 + i] = p->hcall[nr].hist[i];
		snprintf(name, sizeof(name), "hcall.%s", hcall_names[nr]);
		fn(ctx, name, vals, 1 + XEN_PERFC_HIST_BUCKETS);
		if (multiplexed(nr)) {
			snprintf(name, sizeof(name), "hcall.%s.subop", hcall_names[nr]);
			fn(ctx, name, p->hcall[nr].subops, PERFC_NR_SUBOPS);
		}
	}
	fn(ctx, "trap.bounced", p->bounced, PERFC_NR_VEC);
	fn(ctx, "trap.emulated", p->emulated, PERFC_NR_VEC);
}

struct query {
	struct xen_sysctl_perfc_op *op;
	unsigned int counters, vals;
	int rc;
};

static void query_one(void *ctx, const char *name, const uint64_t *vals, unsigned int nr)
{
	struct query *q = ctx;
	struct xen_sysctl_perfc_desc desc;

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

int perfc_op(struct xen_sysctl_perfc_op *op)
{
	struct query q = { .op = op };

	switch (op->cmd) {
	case XEN_SYSCTL_PERFCOP_reset:
		memset(per_cpu(perfc, 0), 0, sizeof(struct perfc_cpu));
		return 0;
	case XEN_SYSCTL_PERFCOP_query:
		for_each_counter(query_one, &q);
		op->nr_counters = q.counters;
		op->nr_vals = q.vals;
		return q.rc;
	default:
		return -EINVAL;
	}
}

void perfc_init(void)
{
	this_cpu(perfc) = xzalloc(struct perfc_cpu);
	if (!this_cpu(perfc))
		panic("Out of memory for the performance counters");
	get_cpu_info()->perfc = this_cpu(perfc);
}
