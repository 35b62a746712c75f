// SPDX-License-Identifier: GPL-2.0-only
/*
 * The credit scheduler: which runnable vCPU a pCPU runs next, and for
 * how long. Xen's credit1 policy, with credit counted in nanoseconds of
 * CPU time instead of abstract credits:
 *
 *   - Every accounting period (one time slice, 30 ms by default) each
 *     active vCPU earns its domain's weighted share of the time elapsed,
 *     divided among the domain's active vCPUs; a capped domain earns at
 *     most cap% of one CPU for the period. What a vCPU cannot take goes
 *     to the others. Running burns credit, exactly as much as the time
 *     run.
 *   - A vCPU with credit left is UNDER, one without is OVER; the run
 *     queue is ordered BOOST > UNDER > OVER and round robin within a
 *     priority. A vCPU that wakes from blocking while UNDER is BOOSTed
 *     and preempts a running UNDER/OVER vCPU; the boost ends at the next
 *     tick it is running at.
 *   - A capped domain's vCPU without credit is parked (not runnable)
 *     until accounting gives it credit again, so it never runs more than
 *     its cap, even on an otherwise idle CPU.
 *   - A vCPU that is neither runnable nor ran during the last period is
 *     inactive: it earns nothing, so a blocked domain costs no CPU and
 *     takes no share from the others.
 *
 * Ticks (a third of a slice) charge the running vCPU and re-evaluate
 * its priority; the slice timer (in core.c) ends its turn.
 *
 * Locking: one pCPU today; every function here runs with interrupts
 * off, which is the run queue's lock. With SMP each pCPU's queue gets a
 * spinlock (docs/design/locking.md).
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/processor.h>

#define TICKS_PER_SLICE 3
#define MAX_WEIGHT 65535
#define MAX_DEBT_SLICES 20

struct csched_pcpu {
	struct vcpu *runq;      /* by priority, round robin within one */
	struct vcpu *curr;      /* running (the idle vCPU when none) */
	struct timer tick_timer;
	s_time_t next_tick;     /* when tick_timer is due */
	unsigned int ticks;
	s_time_t last_acct;     /* when accounting last ran */
};

static struct csched_pcpu pcpus[NR_CPUS];
static unsigned int nr_sched_cpus = 1;

static char opt_sched[16] = "credit";
string_param("sched", opt_sched);
static unsigned int opt_tslice_ms = 30;
integer_param("sched_credit_tslice_ms", opt_tslice_ms);

static s_time_t tslice, tick_period;

static void runq_remove(struct csched_pcpu *pc, struct vcpu *v)
{
	struct vcpu **pp;

	if (!v->on_runq)
		return;
	for (pp = &pc->runq; *pp; pp = &(*pp)->runq_next)
		if (*pp == v) {
			*pp = v->runq_next;
			break;
		}
	v->runq_next = NULL;
	v->on_runq = false;
}

/*
 * Queue @v behind every vCPU of its priority or higher; a vCPU that
 * yielded also goes behind the first vCPU of lower priority, so a yield
 * lets even an OVER vCPU run once (credit1's rule).
 */
static void runq_insert(struct csched_pcpu *pc, struct vcpu *v)
{
	struct vcpu **pp = &pc->runq;

	BUG_ON(v->on_runq || is_idle_vcpu(v));
	while (*pp && (*pp)->pri >= v->pri)
		pp = &(*pp)->runq_next;
	if (v->yielded && *pp)
		pp = &(*pp)->runq_next;
	v->runq_next = *pp;
	*pp = v;
	v->on_runq = true;
}

/* The first queued vCPU that may run, or NULL. */
static struct vcpu *runq_first(const struct csched_pcpu *pc)
{
	struct vcpu *v;

	for (v = pc->runq; v && (v->parked || !vcpu_runnable(v)); v = v->runq_next)
		;
	return v;
}

/* Charge @v for the time it ran up to @now. */
static void burn_credit(struct vcpu *v, s_time_t now)
{
	s_time_t delta = now - v->sched_start;

	if (delta <= 0)
		return;
	v->credit -= delta;
	v->sched_start = now;
	v->active = true;
}

/* Priority and parking from the credit: called after every change to it. */
static void update_pri(struct vcpu *v)
{
	if (v->credit >= 0) {
		if (v->pri == CSCHED_PRI_OVER)
			v->pri = CSCHED_PRI_UNDER;
		v->parked = false;
	} else {
		v->pri = CSCHED_PRI_OVER;
		v->parked = v->domain->cap != 0;
	}
}

static unsigned int active_vcpus(const struct domain *d)
{
	unsigned int i, n = 0;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i] && d->vcpu[i]->active)
			n++;
	return n;
}

#define for_each_sched_vcpu(d, v, i)                                     \
	for ((d) = domain_list; (d); (d) = (d)->next_in_list)             \
		for ((i) = 0; (i) < (d)->max_vcpus; (i)++)                \
			if (((v) = (d)->vcpu[i]) != NULL)

/*
 * Hand out the CPU time since the last accounting to the active vCPUs,
 * by weight, then re-sort the queue (priorities change). A vCPU that ran
 * or could run during the period is active; the mark is cleared for the
 * next one.
 *
 * Everything elapsed is handed out, measured rather than assumed (timers
 * run late under load), and what a vCPU cannot take (its bank is full,
 * or its domain's cap is reached) goes to the others by weight, in
 * rounds until nobody is clipped. Income lost to clipping would leave
 * every busy vCPU in debt, all OVER, sharing round robin: the weights
 * would stop mattering.
 */
static void csched_acct(struct csched_pcpu *pc, s_time_t now)
{
	s_time_t elapsed = now - pc->last_acct, left = elapsed * nr_sched_cpus;
	struct domain *d;
	struct vcpu *v;
	unsigned int i, round;

	pc->last_acct = now;
	for_each_sched_vcpu(d, v, i) {
		v->active = v->active || vcpu_runnable(v) || v == pc->curr;
		v->acct_income = 0;
	}
	for_each_sched_vcpu(d, v, i) {
		/* Each active vCPU's part of its domain's weight, and its room. */
		unsigned int nr = active_vcpus(d);
		s_time_t room = tslice - v->credit;

		v->acct_pool = v->active && room > 0;
		if (!v->acct_pool)
			continue;
		v->acct_weight = d->weight * 1024U / nr;
		if (d->cap) {
			s_time_t cap_room = elapsed * d->cap / 100 / nr;

			room = min(room, cap_room);
		}
		v->acct_room = room;
		v->acct_pool = room > 0;
	}
	for (round = 0; left > 0; round++) {
		uint64_t wsum = 0;
		s_time_t given = 0;
		bool clipped = false;

		for_each_sched_vcpu(d, v, i)
			if (v->acct_pool)
				wsum += v->acct_weight;
		if (!wsum)
			break; /* nobody can take more: the rest is idle time */
		/* First give the clipped their room; the rest share the remainder next round. */
		for_each_sched_vcpu(d, v, i) {
			s_time_t share;

			if (!v->acct_pool)
				continue;
			share = (s_time_t)((uint64_t)left * v->acct_weight / wsum);
			if (share >= v->acct_room) {
				v->acct_income += v->acct_room;
				given += v->acct_room;
				v->acct_pool = false;
				clipped = true;
			}
		}
		if (!clipped) {
			for_each_sched_vcpu(d, v, i)
				if (v->acct_pool)
					v->acct_income += (s_time_t)((uint64_t)left * v->acct_weight / wsum);
			break;
		}
		left -= given;
		BUG_ON(round > 1024);
	}

	for_each_sched_vcpu(d, v, i) {
		if (!v->active)
			continue;
		v->credit += v->acct_income;
		/*
		 * Debt is repaid in full (clipping it would hand CPU time to
		 * whoever overran its share); the bound only keeps a
		 * pathological overrun from starving a vCPU for long.
		 */
		if (v->credit < -MAX_DEBT_SLICES * tslice)
			v->credit = -MAX_DEBT_SLICES * tslice;
		update_pri(v);
		v->active = false;
		if (v->on_runq) {
			runq_remove(pc, v);
			runq_insert(pc, v);
		}
	}
}

static void csched_tick(void *data)
{
	struct csched_pcpu *pc = data;
	struct vcpu *curr = pc->curr, *first;
	s_time_t now = NOW();

	if (curr && !is_idle_vcpu(curr)) {
		burn_credit(curr, now);
		if (curr->pri == CSCHED_PRI_BOOST)
			curr->pri = CSCHED_PRI_UNDER;
		update_pri(curr);
	}
	if (++pc->ticks % TICKS_PER_SLICE == 0)
		csched_acct(pc, now);
	first = runq_first(pc);
	if (curr && (!vcpu_runnable(curr) || curr->parked || (first && first->pri > curr->pri)))
		raise_softirq(SCHEDULE_SOFTIRQ);
	/* On a fixed beat: a late tick does not push the next ones back. */
	pc->next_tick += tick_period;
	if (pc->next_tick <= now)
		pc->next_tick = now + tick_period;
	set_timer(&pc->tick_timer, pc->next_tick);
}

void csched_vcpu_insert(struct vcpu *v)
{
	struct csched_pcpu *pc = &pcpus[v->processor];

	if (!v->on_runq && v != pc->curr)
		runq_insert(pc, v);
}

void csched_vcpu_remove(struct vcpu *v)
{
	runq_remove(&pcpus[v->processor], v);
}

void csched_vcpu_wake(struct vcpu *v)
{
	struct csched_pcpu *pc = &pcpus[v->processor];

	if (v == pc->curr || v->on_runq || !vcpu_runnable(v))
		return; /* still on the CPU (it blocked a moment ago), or queued */
	if (v->pri == CSCHED_PRI_UNDER)
		v->pri = CSCHED_PRI_BOOST;
	runq_insert(pc, v);
	if (!pc->curr || v->pri > pc->curr->pri)
		raise_softirq(SCHEDULE_SOFTIRQ);
}

struct vcpu *csched_do_schedule(struct vcpu *prev, s_time_t now, s_time_t *slice)
{
	struct csched_pcpu *pc = &pcpus[smp_processor_id()];
	struct vcpu *next;

	if (prev && !is_idle_vcpu(prev)) {
		burn_credit(prev, now);
		update_pri(prev);
		if (vcpu_runnable(prev))
			runq_insert(pc, prev);
		prev->yielded = false;
	}
	next = runq_first(pc);
	if (next) {
		runq_remove(pc, next);
		next->sched_start = now;
		*slice = tslice;
	} else {
		next = get_cpu_info()->idle_vcpu;
		*slice = 0;
	}
	pc->curr = next;
	return next;
}

int csched_set_params(struct domain *d, unsigned int weight, unsigned int cap)
{
	unsigned long flags;

	if (weight == 0 || weight > MAX_WEIGHT || cap > 100 * nr_sched_cpus)
		return -EINVAL;
	local_irq_save(flags);
	d->weight = weight;
	d->cap = cap;
	local_irq_restore(flags);
	return 0;
}

static const char *pri_name(int pri)
{
	switch (pri) {
	case CSCHED_PRI_BOOST: return "BOOST";
	case CSCHED_PRI_UNDER: return "UNDER";
	case CSCHED_PRI_OVER: return "OVER";
	default: return "IDLE";
	}
}

void csched_dump(void)
{
	unsigned long flags;
	unsigned int cpu;

	local_irq_save(flags);
	printk("Scheduler: credit (sched=%s), tslice %u ms, tick %lu us, %u pCPU(s)\n", opt_sched,
	       opt_tslice_ms, (unsigned long)(tick_period / 1000), nr_sched_cpus);
	for (cpu = 0; cpu < nr_sched_cpus; cpu++) {
		const struct csched_pcpu *pc = &pcpus[cpu];
		const struct vcpu *v;
		unsigned int n = 0;

		if (!pc->curr || is_idle_vcpu(pc->curr))
			printk("CPU%u: running idle\n", cpu);
		else
			printk("CPU%u: running d%uv%u [%s credit %ld us]\n", cpu,
			       pc->curr->domain->domain_id, pc->curr->vcpu_id,
			       pri_name(pc->curr->pri), (long)(pc->curr->credit / 1000));
		for (v = pc->runq; v; v = v->runq_next)
			printk("  %u: d%uv%u [%s credit %ld us%s]\n", n++, v->domain->domain_id,
			       v->vcpu_id, pri_name(v->pri), (long)(v->credit / 1000),
			       v->parked ? ", parked" : "");
	}
	local_irq_restore(flags);
}

void csched_init(void)
{
	unsigned int cpu;

	if (strcmp(opt_sched, "credit"))
		printk(XENLOG_WARNING "sched=%s: unknown scheduler, using credit\n", opt_sched);
	if (opt_tslice_ms < 1 || opt_tslice_ms > 1000) {
		printk(XENLOG_WARNING "sched_credit_tslice_ms=%u out of range 1..1000, using 30\n",
		       opt_tslice_ms);
		opt_tslice_ms = 30;
	}
	tslice = MILLISECS(opt_tslice_ms);
	tick_period = tslice / TICKS_PER_SLICE;
	for (cpu = 0; cpu < nr_sched_cpus; cpu++) {
		init_timer(&pcpus[cpu].tick_timer, csched_tick, &pcpus[cpu], cpu);
		pcpus[cpu].last_acct = NOW();
		pcpus[cpu].next_tick = NOW() + tick_period;
		set_timer(&pcpus[cpu].tick_timer, pcpus[cpu].next_tick);
	}
	printk("Using the credit scheduler: tslice %u ms\n", opt_tslice_ms);
}
