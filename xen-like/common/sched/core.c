// SPDX-License-Identifier: GPL-2.0-only
/*
 * Scheduler core: blocking, polling, yielding and waking, the per-vCPU
 * virtual timers, runstate accounting, the schedule softirq and the
 * sched_op and set_timer_op hypercalls. Which vCPU runs next is the
 * credit scheduler's choice (credit.c); the switch itself is
 * arch/x86/pv/domain.c's.
 *
 * The one idea: a vCPU never sleeps inside the hypervisor. Blocking
 * marks the vCPU blocked and raises SCHEDULE_SOFTIRQ; on the way out to
 * the guest the softirq runs schedule(), which switches to another vCPU
 * (or the idle vCPU, which halts the CPU). A wake-up (an event, a timer,
 * a polled port) clears the mark and queues the vCPU again, boosted, so
 * it preempts whatever runs. Runstates change at exactly these points,
 * so a vCPU's running time is what it really ran.
 */
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/perfc.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <asm/processor.h>
#include <asm/smp.h>

/* Xen's bound on a periodic timer's period (STIME_DELTA_MAX). */
#define STIME_DELTA_MAX ((s_time_t)((uint64_t)~0ULL >> 2))

DEFINE_SPINLOCK(sched_lock);
#define NR_DOMAIN_WATCHDOG_TIMERS 2

/* --- Runstate --- */

/*
 * Copy @v's runstate to its registered guest area (if any). With
 * VMASST_TYPE_runstate_update_flag, bit 63 of state_entry_time is set
 * around the copy so a reader can tell a torn read. A fault is ignored,
 * as on Xen: the area is the guest's business.
 */
static void update_runstate_area(struct vcpu *v)
{
	uint64_t va = v->runstate_guest, entry = v->runstate.state_entry_time;
	uint64_t entry_va = va + __builtin_offsetof(struct vcpu_runstate_info, state_entry_time);
	bool flag = v->domain->vm_assist & (1UL << VMASST_TYPE_runstate_update_flag);
	struct vcpu_runstate_info r = v->runstate;

	if (!va || v != current)
		return;
	if (flag) {
		entry |= XEN_RUNSTATE_UPDATE;
		raw_copy_to_guest(entry_va, &entry, sizeof(entry));
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		r.state_entry_time = entry;
	}
	raw_copy_to_guest(va, &r, sizeof(r));
	if (flag) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		entry &= ~XEN_RUNSTATE_UPDATE;
		raw_copy_to_guest(entry_va, &entry, sizeof(entry));
	}
}

/* Enter @state at NOW(), charging the time since the last change to the old one. */
static void runstate_change(struct vcpu *v, int state)
{
	s_time_t now = NOW(), delta = now - (s_time_t)v->runstate.state_entry_time;

	if (delta > 0)
		v->runstate.time[v->runstate.state] += delta;
	v->runstate.state = state;
	v->runstate.state_entry_time = now;
	update_runstate_area(v);
}

void vcpu_runstate_get(const struct vcpu *v, struct vcpu_runstate_info *r)
{
	s_time_t delta;

	*r = v->runstate;
	delta = NOW() - (s_time_t)r->state_entry_time;
	if (delta > 0)
		r->time[r->state] += delta; /* the current stretch, as Xen reports it */
}

int vcpu_set_runstate_area(struct vcpu *v, uint64_t va)
{
	if (va && !guest_range_ok(va, sizeof(struct vcpu_runstate_info)))
		return -EFAULT;
	v->runstate_guest = va;
	update_runstate_area(v);
	return 0;
}

/* --- Virtual timers --- */

static void send_timer_event(struct vcpu *v)
{
	update_vcpu_system_time(v); /* a tick refreshes the clock it will be read against */
	send_guest_vcpu_virq(v, VIRQ_TIMER);
}

/*
 * Send the periodic tick if a period has passed since the last, and arm
 * the timer for the next. Called when the vCPU is scheduled and from the
 * timer: a descheduled (blocked) vCPU gets no ticks, as on Xen.
 */
static void vcpu_periodic_timer_work(struct vcpu *v)
{
	s_time_t now = NOW(), next;

	if (!v->periodic_period)
		return;
	next = v->periodic_last_event + v->periodic_period;
	if (now >= next) {
		send_timer_event(v);
		v->periodic_last_event = now;
		next = now + v->periodic_period;
	}
	set_timer(&v->periodic_timer, next);
}

static void periodic_timer_fn(void *data)
{
	vcpu_periodic_timer_work(data);
}

static void singleshot_timer_fn(void *data)
{
	send_timer_event(data);
}

static void poll_timer_fn(void *data)
{
	struct vcpu *v = data;

	if (v->is_polling)
		vcpu_unblock(v);
}

void vcpu_set_periodic_timer(struct vcpu *v, s_time_t period)
{
	stop_timer(&v->periodic_timer);
	v->periodic_period = period;
	if (period)
		vcpu_periodic_timer_work(v);
}

int vcpu_set_singleshot_timer(struct vcpu *v, uint64_t timeout_abs_ns)
{
	if ((s_time_t)timeout_abs_ns < NOW()) {
		/*
		 * Already due: deliver now and return 0. Xen 4.17 (since its
		 * "ignore VCPU_SSHOTTMR_future" fix) does so whatever the flags
		 * say; Linux never sets the flag and BUG()s on an error.
		 */
		stop_timer(&v->singleshot_timer);
		send_timer_event(v);
		return 0;
	}
	set_timer(&v->singleshot_timer, (s_time_t)timeout_abs_ns);
	return 0;
}

void vcpu_stop_singleshot_timer(struct vcpu *v)
{
	stop_timer(&v->singleshot_timer);
}

/* --- Blocking and waking --- */

bool vcpu_runnable(const struct vcpu *v)
{
	return v->is_up && !v->is_blocked && !v->domain->is_shutting_down &&
	       !__atomic_load_n(&v->domain->controller_pause_count, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&v->domain->pause_count, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&v->pause_count, __ATOMIC_ACQUIRE);
}

static void vcpu_wake_locked(struct vcpu *v);

void vcpu_unblock(struct vcpu *v)
{
	unsigned long flags;

	spin_lock_irqsave(&sched_lock, flags);
	if (!v->is_blocked) {
		spin_unlock_irqrestore(&sched_lock, flags);
		return;
	}
	if (v->is_polling) {
		v->is_polling = false;
		v->poll_evtchn = 0;
		stop_timer(&v->poll_timer);
	}
	ACCESS_ONCE(v->is_blocked) = false;
	TRACE(TRC_CLS_SCHED, TRC_SCHED_wake, v->domain->domain_id, v->vcpu_id);
	vcpu_wake_locked(v);
	spin_unlock_irqrestore(&sched_lock, flags);
}

/*
 * As Xen's vcpu_wake(): a vCPU that may run becomes runnable (from
 * blocked or offline) and is queued; one that may not, because it is
 * down, goes from blocked to offline. sched_lock held.
 */
static void vcpu_wake_locked(struct vcpu *v)
{
	if (vcpu_runnable(v)) {
		if (v->runstate.state >= RUNSTATE_blocked)
			runstate_change(v, RUNSTATE_runnable);
		csched_vcpu_wake(v);
	} else if (!v->is_blocked && v->runstate.state == RUNSTATE_blocked) {
		runstate_change(v, RUNSTATE_offline);
	}
}

void vcpu_wake(struct vcpu *v)
{
	unsigned long flags;

	spin_lock_irqsave(&sched_lock, flags);
	vcpu_wake_locked(v);
	spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_kick(struct vcpu *v)
{
	/*
	 * A queued vCPU takes the upcall on its way into the guest and a
	 * blocked one must be woken; one running on another pCPU is sent
	 * there through the event-check IPI (its way out delivers it).
	 */
	vcpu_unblock(v);
	if (v != current && __atomic_load_n(&v->is_running, __ATOMIC_SEQ_CST))
		smp_send_event_check_mask(cpumask_of(ACCESS_ONCE(v->processor)));
}

void vcpu_sleep_nosync(struct vcpu *v)
{
	unsigned long flags;

	spin_lock_irqsave(&sched_lock, flags);
	/* Xen's: a queued vCPU that may no longer run is offline (VCPUOP_down, shutdown). */
	if (!vcpu_runnable(v) && v->runstate.state == RUNSTATE_runnable)
		runstate_change(v, RUNSTATE_offline);
	csched_vcpu_remove(v);
	if (v == current)
		raise_softirq(SCHEDULE_SOFTIRQ);
	else if (v->is_running)
		cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
	spin_unlock_irqrestore(&sched_lock, flags);
}

void vcpu_sleep_sync(struct vcpu *v)
{
	BUG_ON(v == current);
	vcpu_sleep_nosync(v);
	while (__atomic_load_n(&v->is_running, __ATOMIC_ACQUIRE))
		cpu_lock_relax();
}

void sched_context_saved(struct vcpu *v)
{
	unsigned long flags;

	__atomic_store_n(&v->is_running, false, __ATOMIC_RELEASE);
	spin_lock_irqsave(&sched_lock, flags);
	csched_vcpu_saved(v);
	spin_unlock_irqrestore(&sched_lock, flags);
}

/* Set @v's hard affinity to @mask, which has a pCPU in the scheduler; sched_lock held. */
static void set_hard_affinity_locked(struct vcpu *v, cpumask_t mask)
{
	v->cpu_hard_affinity = mask;
	if (v->on_runq && !(mask & cpumask_of(v->processor))) {
		csched_vcpu_remove(v);
		csched_vcpu_insert(v);
	} else if (v->is_running && !(mask & cpumask_of(v->processor))) {
		/* Off that pCPU at its next schedule; queued where it may run. */
		if (v == current)
			raise_softirq(SCHEDULE_SOFTIRQ);
		else
			cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
	}
}

int vcpu_set_hard_affinity(struct vcpu *v, cpumask_t mask)
{
	unsigned long flags;
	int rc = 0;

	if (!(mask & cpu_sched_map))
		return -EINVAL;
	spin_lock_irqsave(&sched_lock, flags);
	if (v->affinity_overridden)
		rc = -EBUSY;
	else
		set_hard_affinity_locked(v, mask);
	spin_unlock_irqrestore(&sched_lock, flags);
	return rc;
}

/*
 * SCHEDOP_pin_override for @v (the caller): pin it to pCPU @cpu, saving
 * its hard affinity, or with @cpu NR_CPUS restore that affinity, as Xen
 * 4.17's vcpu_temporary_affinity(). -EBUSY if already pinned, -EINVAL
 * for a pCPU not in the scheduler or an undo with no pin in force. A
 * vCPU pinned elsewhere leaves its pCPU on the way out of the hypercall
 * and returns to the guest on the new one.
 */
static long vcpu_pin_override(struct vcpu *v, unsigned int cpu)
{
	unsigned long flags;
	long rc = -EINVAL;

	spin_lock_irqsave(&sched_lock, flags);
	if (cpu == NR_CPUS) {
		if (v->affinity_overridden) {
			v->affinity_overridden = false;
			set_hard_affinity_locked(v, v->cpu_hard_affinity_saved);
			rc = 0;
		}
	} else if (v->affinity_overridden) {
		rc = -EBUSY;
	} else if (cpu_sched_map & cpumask_of(cpu)) {
		v->cpu_hard_affinity_saved = v->cpu_hard_affinity;
		v->affinity_overridden = true;
		set_hard_affinity_locked(v, cpumask_of(cpu));
		rc = 0;
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	return rc;
}

/* Give up the CPU on the way out of this hypercall. */
static void vcpu_deschedule(struct vcpu *v)
{
	TRACE(TRC_CLS_SCHED, TRC_SCHED_block, v->domain->domain_id, v->vcpu_id);
	raise_softirq(SCHEDULE_SOFTIRQ);
}

/* SCHEDOP_block: enable events, then sleep unless one is already pending. */
static void vcpu_block_enable_events(struct vcpu *v)
{
	v->vcpu_info->evtchn_upcall_mask = 0;
	v->is_blocked = true;
	/*
	 * Check after setting the flag (a full barrier between: a sender on
	 * another pCPU sets pending, then reads is_blocked): an event
	 * arriving in between wakes us.
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (local_events_need_delivery(v)) {
		v->is_blocked = false;
		return;
	}
	vcpu_deschedule(v);
}

/*
 * SCHEDOP_poll: sleep until one of the ports is pending, an event is
 * deliverable, or the timeout passes. 0 in every one of those cases.
 */
static long vcpu_poll(struct vcpu *v, const struct sched_poll *op)
{
	struct domain *d = v->domain;
	evtchn_port_t port = 0;
	unsigned int i;
	long rc;

	if (op->nr_ports > 128)
		return -EINVAL;
	if (!guest_range_ok(op->ports.p, (uint64_t)op->nr_ports * sizeof(evtchn_port_t)))
		return -EFAULT;
	v->is_blocked = true;
	v->is_polling = true;
	v->poll_evtchn = -1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* as in vcpu_block_enable_events() */
	rc = 0;
	if (local_events_need_delivery(v))
		goto out;
	for (i = 0; i < op->nr_ports; i++) {
		rc = -EFAULT;
		if (copy_from_guest_offset(&port, op->ports, i, 1))
			goto out;
		rc = evtchn_port_poll(d, port);
		if (rc) {
			if (rc > 0)
				rc = 0; /* pending already */
			goto out;
		}
	}
	if (op->nr_ports == 1)
		v->poll_evtchn = (int)port;
	if (op->timeout)
		set_timer(&v->poll_timer, (s_time_t)op->timeout);
	/* 0 now; the guest sees it when woken (port pending, event, or timeout). */
	vcpu_deschedule(v);
	return 0;
out:
	v->poll_evtchn = 0;
	v->is_polling = false;
	v->is_blocked = false;
	return rc;
}

/* --- Watchdogs --- */

static void watchdog_fn(void *data)
{
	struct domain *d = data;

	printk(XENLOG_WARNING "Watchdog timer fired for domain %u\n", d->domain_id);
	domain_shutdown(d, SHUTDOWN_watchdog);
}

/* SCHEDOP_watchdog: id 0 creates (returns id >= 1), timeout 0 destroys. */
static long domain_watchdog(struct domain *d, uint32_t id, uint32_t timeout)
{
	unsigned long flags;
	long rc = 0;

	if (id > NR_DOMAIN_WATCHDOG_TIMERS)
		return -EINVAL;
	spin_lock_irqsave(&d->lock, flags);
	if (id == 0) {
		for (id = 0; id < NR_DOMAIN_WATCHDOG_TIMERS; id++)
			if (!(d->watchdog_inuse_map & (1U << id)))
				break;
		if (id == NR_DOMAIN_WATCHDOG_TIMERS) {
			rc = -ENOSPC;
		} else {
			d->watchdog_inuse_map |= 1U << id;
			set_timer(&d->watchdog_timer[id], NOW() + SECONDS(timeout));
			rc = id + 1;
		}
	} else if (!(d->watchdog_inuse_map & (1U << (id - 1)))) {
		rc = -EINVAL;
	} else if (timeout == 0) {
		stop_timer(&d->watchdog_timer[id - 1]);
		d->watchdog_inuse_map &= ~(1U << (id - 1));
	} else {
		set_timer(&d->watchdog_timer[id - 1], NOW() + SECONDS(timeout));
	}
	spin_unlock_irqrestore(&d->lock, flags);
	return rc;
}

/* --- Set-up --- */

void sched_init_vcpu(struct vcpu *v)
{
	init_timer(&v->singleshot_timer, singleshot_timer_fn, v, 0);
	init_timer(&v->periodic_timer, periodic_timer_fn, v, 0);
	init_timer(&v->poll_timer, poll_timer_fn, v, 0);
	v->periodic_period = MILLISECS(10); /* PV vCPUs start with a 10 ms tick, as on Xen */
	v->processor = 0;
	v->cpu_hard_affinity = ~(cpumask_t)0;
	v->pri = CSCHED_PRI_UNDER;
	v->runstate.state = RUNSTATE_offline; /* until sched_start_vcpu() */
	v->runstate.state_entry_time = NOW();
}

void sched_init_domain(struct domain *d)
{
	unsigned int i;

	d->weight = 256;
	for (i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++)
		init_timer(&d->watchdog_timer[i], watchdog_fn, d, 0);
}

void sched_start_vcpu(struct vcpu *v)
{
	unsigned long flags;

	spin_lock_irqsave(&sched_lock, flags);
	v->is_up = true;
	runstate_change(v, RUNSTATE_runnable);
	csched_vcpu_insert(v);
	spin_unlock_irqrestore(&sched_lock, flags);
}

uint64_t domain_cpu_time(const struct domain *d)
{
	struct vcpu_runstate_info r;
	uint64_t t = 0;
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i]) {
			vcpu_runstate_get(d->vcpu[i], &r);
			t += r.time[RUNSTATE_running];
		}
	return t;
}

/* --- The switch --- */

static DEFINE_PER_CPU(struct timer, slice_timer);
struct domain dom_idle = { .domain_id = DOMID_IDLE, .max_vcpus = MAX_VIRT_CPUS };
static struct vcpu idle_vcpu0;

static void slice_timer_fn(void *data)
{
	raise_softirq(SCHEDULE_SOFTIRQ);
}

/*
 * SCHEDULE_SOFTIRQ: ask the credit scheduler for the next vCPU; if it is
 * not the running one, account the old one's runstate (blocked,
 * runnable or offline), stop its periodic tick, and switch. Runs only
 * where the running vCPU's frame is complete (see pv/domain.c).
 */
static void schedule(void)
{
	struct vcpu *prev = current, *next;
	s_time_t now = NOW(), slice;
	int state = RUNSTATE_running;

	local_irq_disable();
	spin_lock(&sched_lock);
	next = csched_do_schedule(prev, now, &slice);
	if (next != prev && !is_idle_vcpu(prev))
		state = prev->is_blocked                      ? RUNSTATE_blocked :
			vcpu_runnable(prev) || prev->parked ? RUNSTATE_runnable :
							      RUNSTATE_offline;
	spin_unlock(&sched_lock);
	if (slice)
		set_timer(&this_cpu(slice_timer), now + slice);
	else
		stop_timer(&this_cpu(slice_timer));
	if (next == prev) {
		local_irq_enable();
		return;
	}
	TRACE(TRC_CLS_SCHED, TRC_SCHED_switch, prev->domain->domain_id, prev->vcpu_id,
	      next->domain->domain_id, next->vcpu_id);
	if (!is_idle_vcpu(prev)) {
		runstate_change(prev, state);
		stop_timer(&prev->periodic_timer);
	}
	context_switch(prev, next); /* enters next: pv_start_vcpu() does the rest */
}

/* This CPU's idle vCPU becomes current; its slice timer and tick start. */
static void sched_init_this_cpu(struct vcpu *idle)
{
	struct cpu_info *ci = get_cpu_info();
	unsigned int cpu = smp_processor_id();

	idle->domain = &dom_idle;
	idle->vcpu_id = cpu;
	idle->processor = cpu;
	idle->pri = CSCHED_PRI_IDLE;
	idle->is_up = true;
	idle->is_running = true;
	dom_idle.vcpu[cpu] = idle;
	ci->idle_vcpu = idle;
	ci->current_vcpu = idle;
	init_timer(&per_cpu(slice_timer, cpu), slice_timer_fn, NULL, cpu);
}

/* Leave the boot context for good: the idle vCPU takes over and schedules. */
void __noreturn sched_start(void)
{
	sched_init_this_cpu(&idle_vcpu0);
	csched_init();
	open_softirq(SCHEDULE_SOFTIRQ, schedule);
	smp_start_scheduling(); /* the other CPUs join (smpboot.c) */
	raise_softirq(SCHEDULE_SOFTIRQ);
	idle_loop();
}

void __noreturn sched_start_secondary(struct vcpu *idle)
{
	unsigned int cpu = smp_processor_id();
	unsigned long flags;

	sched_init_this_cpu(idle);
	spin_lock_irqsave(&sched_lock, flags);
	__atomic_fetch_or(&cpu_sched_map, cpumask_of(cpu), __ATOMIC_SEQ_CST);
	spin_unlock_irqrestore(&sched_lock, flags);
	csched_init_cpu(cpu);
	raise_softirq(SCHEDULE_SOFTIRQ);
	idle_loop();
}

void sched_dump(void)
{
	csched_dump();
}

/*
 * @v is about to run for the first time (or again): account it running,
 * refresh its clock and start its periodic tick, as Xen does on a
 * context switch to it.
 */
void sched_vcpu_running(struct vcpu *v)
{
	if (v->runstate.state != RUNSTATE_running)
		runstate_change(v, RUNSTATE_running);
	update_vcpu_system_time(v);
	vcpu_periodic_timer_work(v);
}

/* --- Hypercalls --- */

long do_set_timer_op(uint64_t timeout)
{
	struct vcpu *v = current;
	s_time_t t = (s_time_t)timeout, offset = t - NOW();

	if (timeout == 0) {
		stop_timer(&v->singleshot_timer);
	} else if (t < 0 || (offset > 0 && (uint32_t)(offset >> 50) != 0)) {
		/*
		 * A deadline wrapped negative or more than 2^50 ns (13 days)
		 * away: Xen arms 100 ms instead (old Linux set such values when
		 * it had no timer at all), and so do we.
		 */
		set_timer(&v->singleshot_timer, NOW() + MILLISECS(100));
	} else {
		set_timer(&v->singleshot_timer, t);
	}
	return 0;
}

long do_sched_op(int cmd, GUEST_PTR(void) arg)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;

	switch (cmd) {
	case SCHEDOP_yield:
		/* Behind the other runnable vCPUs; it runs on at once if there are none. */
		v->yielded = true;
		raise_softirq(SCHEDULE_SOFTIRQ);
		return 0;
	case SCHEDOP_block:
		vcpu_block_enable_events(v);
		return 0;
	case SCHEDOP_shutdown:
	case SCHEDOP_shutdown_code: {
		struct sched_shutdown sd;

		if (copy_from_guest(&sd, arg, 1))
			return -EFAULT;
		if (sd.reason > SHUTDOWN_MAX)
			return -EINVAL;
		if (cmd == SCHEDOP_shutdown_code) {
			d->shutdown_code = sd.reason;
			return 0;
		}
		printk("d%u: sched_op shutdown, reason %u (%s)\n", d->domain_id, sd.reason,
		       shutdown_reason_name(sd.reason));
		domain_shutdown(d, sd.reason);
		return 0;
	}
	case SCHEDOP_poll: {
		struct sched_poll op;

		if (copy_from_guest(&op, arg, 1))
			return -EFAULT;
		return vcpu_poll(v, &op);
	}
	case SCHEDOP_remote_shutdown: {
		struct sched_remote_shutdown op;
		struct domain *target;

		if (copy_from_guest(&op, arg, 1))
			return -EFAULT;
		target = domain_get(op.domain_id);
		if (!target)
			return -ESRCH;
		if (!d->is_privileged) {
			domain_put(target);
			return -EPERM;
		}
		printk("d%u: sched_op remote_shutdown of d%u, reason %u (%s)\n", d->domain_id,
		       target->domain_id, op.reason, shutdown_reason_name(op.reason));
		domain_shutdown(target, op.reason);
		domain_put(target);
		return 0;
	}
	case SCHEDOP_watchdog: {
		struct sched_watchdog op;

		if (copy_from_guest(&op, arg, 1))
			return -EFAULT;
		return domain_watchdog(d, op.id, op.timeout);
	}
	case SCHEDOP_pin_override: {
		struct sched_pin_override op;

		if (!is_hardware_domain(d))
			return -EPERM;
		if (copy_from_guest(&op, arg, 1))
			return -EFAULT;
		/* As Xen: any negative pCPU ends the override. */
		if (op.pcpu >= NR_CPUS)
			return -EINVAL;
		return vcpu_pin_override(v, op.pcpu < 0 ? NR_CPUS : (unsigned int)op.pcpu);
	}
	default:
		return -ENOSYS;
	}
}

/* --- Teardown (a domain being destroyed, common/domain.c) --- */

void sched_destroy_vcpu(struct vcpu *v)
{
	unsigned long flags;

	ASSERT(v != current);
	spin_lock_irqsave(&sched_lock, flags);
	/* Offline for good: never runnable again, whatever wakes it. */
	v->is_up = false;
	v->is_polling = false;
	v->poll_evtchn = 0;
	spin_unlock_irqrestore(&sched_lock, flags);
	vcpu_sleep_sync(v); /* off its pCPU (is_running clear: its state saved) */
	spin_lock_irqsave(&sched_lock, flags);
	if (v->runstate.state != RUNSTATE_offline)
		runstate_change(v, RUNSTATE_offline);
	spin_unlock_irqrestore(&sched_lock, flags);
	/* Not before it is off the CPU: until then it could still arm them. */
	kill_timer(&v->singleshot_timer);
	kill_timer(&v->periodic_timer);
	kill_timer(&v->poll_timer);
}

void sched_destroy_domain(struct domain *d)
{
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++)
		kill_timer(&d->watchdog_timer[i]);
	spin_lock_irqsave(&d->lock, flags);
	d->watchdog_inuse_map = 0;
	spin_unlock_irqrestore(&d->lock, flags);
}
