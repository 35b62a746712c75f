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
 * Several pCPUs: each has its run queue and tick; accounting runs on
 * CPU 0 for all of them. A pCPU with nothing better than OVER work
 * steals the best vCPU another pCPU has queued (credit1's load
 * balancing), a woken vCPU goes to an idle pCPU it may run on if its
 * own is busy, and a vCPU runs only on the pCPUs of its hard affinity.
 * A vCPU whose state is still on a pCPU (is_running) is never taken by
 * another.
 *
 * Locking: every function here is called with sched_lock held
 * (core.c), one lock for all run queues (docs/design/locking.md).
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/percpu.h>
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

static DEFINE_PER_CPU(struct csched_pcpu, csched_pcpu);
#define PCPU(cpu) (&per_cpu(csched_pcpu, cpu))

static unsigned int nr_sched_cpus(void)
{
	cpumask_t m = cpu_sched_map;
	unsigned int n = 0;

	for (; m; m &= m - 1)
		n++;
	return n;
}

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
	/* Only on the queue of its own pCPU, one in the scheduler. */
	BUG_ON(pc != PCPU(v->processor) || !(cpu_sched_map & cpumask_of(v->processor)));
	while (*pp && (*pp)->pri >= v->pri)
		pp = &(*pp)->runq_next;
	if (v->yielded && *pp)
		pp = &(*pp)->runq_next;
	v->runq_next = *pp;
	*pp = v;
	v->on_runq = true;
}

/* May @v run now, on a pCPU where @prev is (or was just) running? */
static bool may_run(const struct vcpu *v, const struct vcpu *prev)
{
	return !v->parked && vcpu_runnable(v) && (!v->is_running || v == prev);
}

/* The first queued vCPU that may run, or NULL. */
static struct vcpu *runq_first(const struct csched_pcpu *pc, const struct vcpu *prev)
{
	struct vcpu *v;

	for (v = pc->runq; v && !may_run(v, prev); v = v->runq_next)
		;
	return v;
}

static bool pcpu_idle(unsigned int cpu)
{
	return !PCPU(cpu)->curr || is_idle_vcpu(PCPU(cpu)->curr);
}

/* Where @v may run now: its affinity among the pCPUs in the scheduler (never empty). */
static cpumask_t vcpu_cpus(const struct vcpu *v)
{
	cpumask_t sched = ACCESS_ONCE(cpu_sched_map), m = v->cpu_hard_affinity & sched;

	return m ? m : sched;
}

/*
 * The pCPU for a vCPU about to be queued: its own if allowed and idle,
 * else an idle one it may use, else its own if allowed, else the first
 * allowed.
 */
static unsigned int pick_cpu(const struct vcpu *v)
{
	cpumask_t allowed = vcpu_cpus(v);
	unsigned int cpu;

	if ((allowed & cpumask_of(v->processor)) && pcpu_idle(v->processor))
		return v->processor;
	for_each_cpu(cpu, allowed)
		if (pcpu_idle(cpu))
			return cpu;
	if (allowed & cpumask_of(v->processor))
		return v->processor;
	return (unsigned int)__builtin_ctzll(allowed);
}

/* Make @cpu reschedule if @v (just queued there) should preempt what it runs. */
static void tickle(unsigned int cpu, const struct vcpu *v)
{
	const struct vcpu *curr = PCPU(cpu)->curr;

	if (!curr || is_idle_vcpu(curr) || v->pri > curr->pri)
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
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
	s_time_t elapsed = now - pc->last_acct, left = elapsed * nr_sched_cpus();
	struct domain *d;
	struct vcpu *v;
	unsigned int i, round;

	pc->last_acct = now;
	for_each_sched_vcpu(d, v, i) {
		v->active = v->active || vcpu_runnable(v) || v->is_running;
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
			runq_remove(PCPU(v->processor), v);
			runq_insert(PCPU(v->processor), v);
		}
	}
}

static void csched_tick(void *data)
{
	struct csched_pcpu *pc = data;
	struct vcpu *curr, *first;
	s_time_t now = NOW();
	unsigned long flags;
	unsigned int cpu;

	spin_lock_irqsave(&sched_lock, flags);
	curr = pc->curr;
	if (curr && !is_idle_vcpu(curr)) {
		burn_credit(curr, now);
		if (curr->pri == CSCHED_PRI_BOOST)
			curr->pri = CSCHED_PRI_UNDER;
		update_pri(curr);
	}
	/* One pCPU (the first) accounts for all. */
	if (++pc->ticks % TICKS_PER_SLICE == 0 && pc == PCPU(0))
		csched_acct(pc, now);
	first = runq_first(pc, NULL);
	if (curr && (!vcpu_runnable(curr) || curr->parked || (first && first->pri > curr->pri)))
		raise_softirq(SCHEDULE_SOFTIRQ);
	else if (!curr || is_idle_vcpu(curr))
		/* Idle: look for work queued elsewhere (a wake-up's tickle may have come too early). */
		for_each_cpu(cpu, cpu_sched_map)
			if (PCPU(cpu)->runq) {
				raise_softirq(SCHEDULE_SOFTIRQ);
				break;
			}
	spin_unlock_irqrestore(&sched_lock, flags);
	/* On a fixed beat: a late tick does not push the next ones back. */
	pc->next_tick += tick_period;
	if (pc->next_tick <= now)
		pc->next_tick = now + tick_period;
	set_timer(&pc->tick_timer, pc->next_tick);
}

void csched_vcpu_insert(struct vcpu *v)
{
	if (v->on_runq || v->is_running)
		return;
	v->processor = pick_cpu(v);
	runq_insert(PCPU(v->processor), v);
	tickle(v->processor, v);
}

void csched_vcpu_remove(struct vcpu *v)
{
	runq_remove(PCPU(v->processor), v);
}

void csched_vcpu_wake(struct vcpu *v)
{
	if (v == PCPU(v->processor)->curr || v->on_runq || !vcpu_runnable(v))
		return; /* still on its pCPU (it blocked a moment ago), or queued */
	if (v->pri == CSCHED_PRI_UNDER)
		v->pri = CSCHED_PRI_BOOST;
	/* Its state may still be on its old pCPU: then it stays there. */
	if (!v->is_running)
		v->processor = pick_cpu(v);
	runq_insert(PCPU(v->processor), v);
	tickle(v->processor, v);
}

/*
 * @v's state is saved (context_saved()): if it waits on another pCPU's
 * queue, that pCPU may take it now; so may an idle one.
 */
void csched_vcpu_saved(struct vcpu *v)
{
	unsigned int cpu, me = smp_processor_id();

	if (!v->on_runq)
		return;
	if (v->processor != me) {
		cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
		return;
	}
	for_each_cpu(cpu, vcpu_cpus(v) & ~cpumask_of(me))
		if (pcpu_idle(cpu)) {
			cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
			return;
		}
}

/*
 * Load balancing: the best vCPU queued on another pCPU that may run
 * here and beats @min_pri, taken off its queue; NULL if none.
 */
static struct vcpu *steal(unsigned int me, int min_pri)
{
	struct vcpu *best = NULL, *v;
	unsigned int cpu;

	for_each_cpu(cpu, cpu_sched_map & ~cpumask_of(me))
		for (v = PCPU(cpu)->runq; v; v = v->runq_next)
			if (v->pri > min_pri && (!best || v->pri > best->pri) &&
			    may_run(v, NULL) && (vcpu_cpus(v) & cpumask_of(me)))
				best = v;
	if (best) {
		runq_remove(PCPU(best->processor), best);
		best->processor = me;
	}
	return best;
}

struct vcpu *csched_do_schedule(struct vcpu *prev, s_time_t now, s_time_t *slice)
{
	unsigned int me = smp_processor_id();
	struct csched_pcpu *pc = PCPU(me);
	struct vcpu *next, *other;

	if (prev && !is_idle_vcpu(prev)) {
		burn_credit(prev, now);
		update_pri(prev);
		if (vcpu_runnable(prev)) {
			if (vcpu_cpus(prev) & cpumask_of(me)) {
				runq_insert(pc, prev);
			} else {
				/* Its affinity moved away: queued there, taken once saved. */
				prev->processor = pick_cpu(prev);
				runq_insert(PCPU(prev->processor), prev);
			}
		}
		prev->yielded = false;
	}
	next = runq_first(pc, prev);
	/* Nothing better than OVER here: work queued elsewhere comes first. */
	if ((!next || next->pri < CSCHED_PRI_UNDER) &&
	    (other = steal(me, next ? next->pri : CSCHED_PRI_IDLE)))
		next = other;
	else if (next)
		runq_remove(pc, next);
	if (next) {
		next->sched_start = now;
		next->is_running = true;
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

	if (weight == 0 || weight > MAX_WEIGHT || cap >= (uint16_t)~0U)
		return -EINVAL;
	spin_lock_irqsave(&sched_lock, flags);
	d->weight = weight;
	d->cap = cap;
	spin_unlock_irqrestore(&sched_lock, flags);
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

	spin_lock_irqsave(&sched_lock, flags);
	printk("Scheduler: credit (sched=%s), tslice %u ms, tick %lu us, %u pCPU(s)\n", opt_sched,
	       opt_tslice_ms, (unsigned long)(tick_period / 1000), nr_sched_cpus());
	for_each_cpu(cpu, cpu_sched_map) {
		const struct csched_pcpu *pc = PCPU(cpu);
		const struct vcpu *v;
		unsigned int n = 0;

		if (!pc->curr || is_idle_vcpu(pc->curr))
			printk("CPU%u: running idle\n", cpu);
		else
			printk("CPU%u: running d%uv%u [%s credit %ld us]\n", cpu,
			       pc->curr->domain->domain_id, pc->curr->vcpu_id,
			       pri_name(pc->curr->pri), (long)(pc->curr->credit / 1000));
		for (v = pc->runq; v; v = v->runq_next)
			printk("  %u: d%uv%u [%s credit %ld us%s%s]\n", n++, v->domain->domain_id,
			       v->vcpu_id, pri_name(v->pri), (long)(v->credit / 1000),
			       v->parked ? ", parked" : "", v->is_running ? ", saving" : "");
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Start @cpu's tick (on @cpu, as it joins the scheduler). */
void csched_init_cpu(unsigned int cpu)
{
	struct csched_pcpu *pc = PCPU(cpu);

	init_timer(&pc->tick_timer, csched_tick, pc, cpu);
	pc->last_acct = NOW();
	pc->next_tick = NOW() + tick_period;
	set_timer(&pc->tick_timer, pc->next_tick);
}

void csched_init(void)
{
	if (strcmp(opt_sched, "credit"))
		printk(XENLOG_WARNING "sched=%s: unknown scheduler, using credit\n", opt_sched);
	if (opt_tslice_ms < 1 || opt_tslice_ms > 1000) {
		printk(XENLOG_WARNING "sched_credit_tslice_ms=%u out of range 1..1000, using 30\n",
		       opt_tslice_ms);
		opt_tslice_ms = 30;
	}
	tslice = MILLISECS(opt_tslice_ms);
	tick_period = tslice / TICKS_PER_SLICE;
	csched_init_cpu(0);
	printk("Using the credit scheduler: tslice %u ms\n", opt_tslice_ms);
}
