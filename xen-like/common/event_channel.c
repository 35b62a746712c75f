// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event channels: the PV interrupt mechanism. Ports, binding and the
 * EVTCHNOP_* sub-ops live here; how a raised port reaches the guest is
 * the domain's ABI, 2-level (event_2l.c, every domain's start) or FIFO
 * (event_fifo.c, after EVTCHNOP_init_control), behind d->evtchn_port_ops.
 *
 * The one idea: a port is a per-domain number bound to one source (a
 * port of another or the same domain, a VIRQ, an IPI, a PIRQ: a device's
 * interrupt line, arch/x86/irq.c); raising the
 * source marks the port pending for its notified vCPU and, unless it is
 * masked, sets that vCPU's evtchn_upcall_pending. The upcall itself, a
 * bounce to the guest's event callback, happens on the way back to the
 * guest (arch/x86/pv/traps.c) whenever upcall_pending is set and
 * upcall_mask is clear; nothing here touches guest registers.
 *
 * Ports live in buckets of EVTCHNS_PER_BUCKET allocated on demand; the
 * per-domain event_lock serialises binding, closing and sending. Pending
 * and mask state belongs to guest memory and changes only with atomic
 * operations, since the guest writes the same words without the lock.
 * Port 0 is reserved at creation and never allocated. A dying domain
 * gets no new port; evtchn_destroy() closes the ones it has (so no other
 * domain's port points at it any more) and its buckets go with the
 * domain.
 */
#include <public/event_channel.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/irq.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>

#include "event_channel.h"

#define BUCKET_BYTES (EVTCHNS_PER_BUCKET * sizeof(struct evtchn))
#define MORE_BUCKETS_BYTES (EVTCHN_MORE_BUCKETS * sizeof(struct evtchn *))

bool virq_is_global(unsigned int virq)
{
	switch (virq) {
	case VIRQ_TIMER:
	case VIRQ_DEBUG:
	case VIRQ_XENOPROF:
	case VIRQ_XENPMU:
		return false;
	default:
		return true; /* including VIRQ_ARCH_*, all global on x86 */
	}
}

/*
 * The domain @domid names in a hypercall (DOMID_SELF or an id), with a
 * reference, or NULL. Caller: domain_put() it.
 */
static struct domain *domain_by_any_id(domid_t domid)
{
	return domain_get(domid == DOMID_SELF ? current->domain->domain_id : domid);
}

/* May the caller act on @d's ports? (Xen's dummy XSM policy: self or privileged.) */
static bool may_control(const struct domain *d)
{
	return d == current->domain || current->domain->is_privileged;
}

/* --- Allocation --- */

/* Allocate the next bucket of @d (ports valid_evtchns and up): 0 or -ENOMEM. */
static int evtchn_add_bucket(struct domain *d)
{
	unsigned int b = d->valid_evtchns / EVTCHNS_PER_BUCKET, i;
	struct evtchn *bucket;

	if (b >= EVTCHN_MAX_BUCKETS && !d->evtchn_more_buckets) {
		d->evtchn_more_buckets = domain_xzalloc(d, MORE_BUCKETS_BYTES);
		if (!d->evtchn_more_buckets)
			return -ENOMEM;
	}
	bucket = domain_xzalloc(d, BUCKET_BYTES);
	if (!bucket)
		return -ENOMEM;
	for (i = 0; i < EVTCHNS_PER_BUCKET; i++)
		bucket[i].port = d->valid_evtchns + i;
	if (b < EVTCHN_MAX_BUCKETS)
		d->evtchn_bucket[b] = bucket;
	else
		d->evtchn_more_buckets[b - EVTCHN_MAX_BUCKETS] = bucket;
	/* The bucket must be visible before a lock-free reader sees it valid. */
	__atomic_store_n(&d->valid_evtchns, d->valid_evtchns + EVTCHNS_PER_BUCKET,
			 __ATOMIC_RELEASE);
	return 0;
}

/*
 * Claim @port of @d, allocating buckets up to it. 0, -ENOSPC (beyond the
 * domain's limit or its ABI's), -EBUSY (in use, or closed but still on a
 * FIFO queue) or -ENOMEM. Caller holds event_lock.
 */
static int evtchn_allocate_port(struct domain *d, evtchn_port_t port)
{
	ASSERT(spin_is_locked(&d->event_lock));
	if (port > d->max_evtchn_port || port >= max_evtchns(d))
		return -ENOSPC;
	if (port_is_valid(d, port)) {
		const struct evtchn *chn = evtchn_from_port(d, port);
		const struct evtchn_port_ops *ops = evtchn_ops(d);

		if (chn->state != ECS_FREE || (ops->is_busy && ops->is_busy(d, chn)))
			return -EBUSY;
	} else {
		while (port >= d->valid_evtchns) {
			int rc = evtchn_add_bucket(d);

			if (rc)
				return rc;
		}
	}
	d->active_evtchns++;
	return 0;
}

/*
 * The lowest free port of @d, claimed: >= 1, or -ENOSPC/-ENOMEM, or
 * -EINVAL if @d is dying (Xen's answer: its ports are being closed).
 * Caller holds event_lock.
 */
static int get_free_port(struct domain *d)
{
	evtchn_port_t port;

	ASSERT(spin_is_locked(&d->event_lock));
	if (ACCESS_ONCE(d->is_dying))
		return -EINVAL;
	for (port = 1; port <= d->max_evtchn_port; port++) {
		int rc = evtchn_allocate_port(d, port);

		if (!rc) {
			const struct evtchn_port_ops *ops = evtchn_ops(d);

			if (ops->init)
				ops->init(d, evtchn_from_port(d, port));
			return (int)port;
		}
		if (rc != -EBUSY)
			return rc;
	}
	return -ENOSPC;
}

/* Return a claimed port to the free state (pending cleared). Caller holds event_lock. */
static void evtchn_free(struct domain *d, evtchn_port_t port)
{
	struct evtchn *chn = evtchn_from_port(d, port);

	ASSERT(spin_is_locked(&d->event_lock));
	/* A stale pending bit would fire on the next binding of the port. */
	if (evtchn_usable(chn))
		evtchn_ops(d)->clear_pending(d, chn);
	chn->state = ECS_FREE;
	chn->notify_vcpu_id = 0;
	memset(&chn->u, 0, sizeof(chn->u));
	d->active_evtchns--;
}

/*
 * Take the event locks of @a and @b (possibly the same domain) in
 * domain-id order, so two CPUs binding across the same pair cannot
 * deadlock.
 */
static void evtchn_double_lock(struct domain *a, struct domain *b, unsigned long *flags)
{
	local_irq_save(*flags);
	if (a == b) {
		spin_lock(&a->event_lock);
		return;
	}
	if (a->domain_id > b->domain_id) {
		struct domain *t = a;

		a = b;
		b = t;
	}
	spin_lock(&a->event_lock);
	spin_lock(&b->event_lock);
}

static void evtchn_double_unlock(struct domain *a, struct domain *b, unsigned long flags)
{
	if (a != b)
		spin_unlock(&b->event_lock);
	spin_unlock(&a->event_lock);
	local_irq_restore(flags);
}

/* --- Delivery --- */

bool local_events_need_delivery(const struct vcpu *v)
{
	const vcpu_info_t *vi = v->vcpu_info;

	return ACCESS_ONCE(vi->evtchn_upcall_pending) && !ACCESS_ONCE(vi->evtchn_upcall_mask);
}

void vcpu_mark_events_pending(struct vcpu *v)
{
	/* Only the 0 -> 1 edge needs a kick; the guest clears it before scanning. */
	if (!__atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST))
		vcpu_kick(v);
}

void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (v && v->is_polling && (v->poll_evtchn <= 0 || v->poll_evtchn == (int)port))
			vcpu_unblock(v);
	}
}

/*
 * Raise @port of @d for vCPU @vcpu_id through the domain's ABI. Caller
 * holds a lock that keeps the port bound: @d's event_lock, or the
 * sender's for the other end of an interdomain channel.
 */
static void evtchn_set_pending(struct domain *d, unsigned int vcpu_id, evtchn_port_t port)
{
	struct vcpu *v = domain_vcpu(d, vcpu_id);
	struct evtchn *chn = evtchn_from_port(d, port);

	if (v && evtchn_usable(chn))
		evtchn_ops(d)->set_pending(v, chn);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	struct domain *d = v->domain;
	unsigned long flags;
	evtchn_port_t port;

	ASSERT(!virq_is_global(virq));
	spin_lock_irqsave(&d->event_lock, flags);
	port = v->virq_to_evtchn[virq];
	if (port)
		evtchn_set_pending(d, v->vcpu_id, port);
	spin_unlock_irqrestore(&d->event_lock, flags);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
	struct vcpu *v;
	unsigned long flags;
	evtchn_port_t port;

	ASSERT(virq_is_global(virq));
	if (!d || !(v = d->vcpu[0]))
		return;
	spin_lock_irqsave(&d->event_lock, flags);
	port = v->virq_to_evtchn[virq];
	if (port)
		evtchn_set_pending(d, evtchn_from_port(d, port)->notify_vcpu_id, port);
	spin_unlock_irqrestore(&d->event_lock, flags);
}

void send_guest_pirq(struct domain *d, unsigned int pirq)
{
	unsigned long flags;
	evtchn_port_t port;

	spin_lock_irqsave(&d->event_lock, flags);
	port = pirq_to_evtchn(d, pirq);
	if (port && evtchn_from_port(d, port)->state == ECS_PIRQ)
		evtchn_set_pending(d, evtchn_from_port(d, port)->notify_vcpu_id, port);
	spin_unlock_irqrestore(&d->event_lock, flags);
}

/*
 * The domain each global VIRQ goes to when not the hardware domain
 * (XEN_DOMCTL_set_virq_handler), with a reference each; cleared when
 * it is destroyed (evtchn_destroy()). Guarded by virq_handlers_lock,
 * taken with interrupts off (VIRQs are raised from interrupts).
 */
static DEFINE_SPINLOCK(virq_handlers_lock);
static struct domain *global_virq_handlers[NR_VIRQS];

void send_global_virq(unsigned int virq)
{
	struct domain *d;
	unsigned long flags;

	ASSERT(virq_is_global(virq));
	spin_lock_irqsave(&virq_handlers_lock, flags);
	d = global_virq_handlers[virq];
	if (d)
		domain_hold(d);
	spin_unlock_irqrestore(&virq_handlers_lock, flags);
	if (!d)
		d = domain_get(0);
	if (!d)
		return;
	send_guest_global_virq(d, virq);
	domain_put(d);
}

int set_global_virq_handler(struct domain *d, unsigned int virq)
{
	struct domain *old;
	unsigned long flags;

	if (virq >= NR_VIRQS || !virq_is_global(virq))
		return -EINVAL;
	if (ACCESS_ONCE(d->is_dying))
		return -EINVAL; /* Xen's get_domain() of a dying domain fails */
	domain_hold(d);
	spin_lock_irqsave(&virq_handlers_lock, flags);
	old = global_virq_handlers[virq];
	global_virq_handlers[virq] = d;
	spin_unlock_irqrestore(&virq_handlers_lock, flags);
	if (old)
		domain_put(old);
	return 0;
}

/* @d is being destroyed: its global VIRQs go back to the hardware domain. */
static void clear_global_virq_handlers(struct domain *d)
{
	unsigned int virq, puts = 0;
	unsigned long flags;

	spin_lock_irqsave(&virq_handlers_lock, flags);
	for (virq = 0; virq < NR_VIRQS; virq++)
		if (global_virq_handlers[virq] == d) {
			global_virq_handlers[virq] = NULL;
			puts++;
		}
	spin_unlock_irqrestore(&virq_handlers_lock, flags);
	while (puts--)
		domain_put(d);
}

int evtchn_port_poll(struct domain *d, evtchn_port_t port)
{
	const struct evtchn *chn;

	if (!port_is_valid(d, port))
		return -EINVAL;
	chn = evtchn_from_port(d, port);
	return evtchn_usable(chn) && evtchn_ops(d)->is_pending(d, chn);
}

/* --- The sub-ops --- */

static int evtchn_alloc_unbound(struct evtchn_alloc_unbound *op)
{
	struct domain *d = domain_by_any_id(op->dom);
	unsigned long flags;
	struct evtchn *chn;
	int port;

	if (!d)
		return -ESRCH;
	if (!may_control(d)) {
		port = -EPERM;
		goto out;
	}
	spin_lock_irqsave(&d->event_lock, flags);
	port = get_free_port(d);
	if (port >= 0) {
		chn = evtchn_from_port(d, port);
		chn->state = ECS_UNBOUND;
		chn->u.unbound.remote_domid =
			op->remote_dom == DOMID_SELF ? current->domain->domain_id : op->remote_dom;
		op->port = port;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
out:
	domain_put(d);
	return port < 0 ? port : 0;
}

static int evtchn_bind_interdomain(struct evtchn_bind_interdomain *op)
{
	struct domain *ld = current->domain, *rd = domain_by_any_id(op->remote_dom);
	struct evtchn *lchn, *rchn;
	unsigned long flags;
	int lport, rc = 0;

	if (!rd)
		return -ESRCH;
	evtchn_double_lock(ld, rd, &flags);
	/* Check the remote end first, so a refusal leaves nothing to undo. */
	if (!port_is_valid(rd, op->remote_port)) {
		rc = -EINVAL;
		goto out;
	}
	rchn = evtchn_from_port(rd, op->remote_port);
	if (rchn->state != ECS_UNBOUND || rchn->u.unbound.remote_domid != ld->domain_id) {
		rc = -EINVAL;
		goto out;
	}
	lport = get_free_port(ld);
	if (lport < 0) {
		rc = lport;
		goto out;
	}
	lchn = evtchn_from_port(ld, lport);
	lchn->state = ECS_INTERDOMAIN;
	lchn->u.interdomain.remote_dom = rd;
	lchn->u.interdomain.remote_port = op->remote_port;
	rchn->state = ECS_INTERDOMAIN;
	rchn->u.interdomain.remote_dom = ld;
	rchn->u.interdomain.remote_port = lport;
	/*
	 * A send on the remote port while it was unbound was dropped: raise
	 * the new local port once so nothing is lost (Xen does the same).
	 */
	evtchn_set_pending(ld, lchn->notify_vcpu_id, lport);
	op->local_port = lport;
out:
	evtchn_double_unlock(ld, rd, flags);
	domain_put(rd);
	return rc;
}

static int evtchn_bind_virq(struct evtchn_bind_virq *op)
{
	struct domain *d = current->domain;
	unsigned long flags;
	struct evtchn *chn;
	struct vcpu *v;
	int port;

	if (op->virq >= NR_VIRQS)
		return -EINVAL;
	if (virq_is_global(op->virq) && op->vcpu != 0)
		return -EINVAL;
	v = domain_vcpu(d, op->vcpu);
	if (!v)
		return -ENOENT;
	spin_lock_irqsave(&d->event_lock, flags);
	if (v->virq_to_evtchn[op->virq]) {
		port = -EEXIST;
		goto out;
	}
	port = get_free_port(d);
	if (port < 0)
		goto out;
	chn = evtchn_from_port(d, port);
	chn->state = ECS_VIRQ;
	chn->notify_vcpu_id = op->vcpu;
	chn->u.virq = op->virq;
	v->virq_to_evtchn[op->virq] = port;
	op->port = port;
out:
	spin_unlock_irqrestore(&d->event_lock, flags);
	return port < 0 ? port : 0;
}

/*
 * EVTCHNOP_bind_pirq: a port for a PIRQ the caller mapped, on vCPU 0
 * (Xen's order of checks: -EINVAL, -EPERM, -EEXIST, then the port, then
 * the line: -EBUSY if it is another's and either side will not share).
 */
static int evtchn_bind_pirq(struct evtchn_bind_pirq *op)
{
	struct domain *d = current->domain;
	unsigned long flags;
	struct evtchn *chn;
	int port, rc;

	spin_lock_irqsave(&d->event_lock, flags);
	rc = pirq_bind_check(d, op->pirq);
	if (rc)
		goto out;
	port = get_free_port(d);
	if (port < 0) {
		rc = port;
		goto out;
	}
	rc = pirq_guest_bind(d, op->pirq, port, op->flags & BIND_PIRQ__WILL_SHARE);
	if (rc) {
		evtchn_free(d, port);
		goto out;
	}
	chn = evtchn_from_port(d, port);
	chn->state = ECS_PIRQ;
	chn->notify_vcpu_id = 0;
	chn->u.pirq = op->pirq;
	op->port = port;
out:
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

static int evtchn_bind_ipi(struct evtchn_bind_ipi *op)
{
	struct domain *d = current->domain;
	unsigned long flags;
	struct evtchn *chn;
	int port;

	if (!domain_vcpu(d, op->vcpu))
		return -ENOENT;
	spin_lock_irqsave(&d->event_lock, flags);
	port = get_free_port(d);
	if (port >= 0) {
		chn = evtchn_from_port(d, port);
		chn->state = ECS_IPI;
		chn->notify_vcpu_id = op->vcpu;
		op->port = port;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	return port < 0 ? port : 0;
}

/*
 * Close @port of @d. An interdomain peer goes back to unbound (waiting
 * for @d again), which needs the peer's lock too: take both in order and
 * check the binding did not change while we were unlocked.
 */
static int evtchn_close(struct domain *d, evtchn_port_t port)
{
	struct domain *rd = d;
	unsigned long flags;
	struct evtchn *chn;
	int rc = 0;

	if (!port_is_valid(d, port))
		return -EINVAL;
	for (;;) {
		evtchn_double_lock(d, rd, &flags);
		chn = evtchn_from_port(d, port);
		if (chn->state != ECS_INTERDOMAIN || chn->u.interdomain.remote_dom == rd)
			break;
		/* Interdomain with a domain we do not hold yet: relock both. */
		evtchn_double_unlock(d, rd, flags);
		rd = chn->u.interdomain.remote_dom;
	}

	switch (chn->state) {
	case ECS_FREE:
	case ECS_RESERVED:
		rc = -EINVAL;
		break;
	case ECS_VIRQ: {
		struct vcpu *v = d->vcpu[virq_is_global(chn->u.virq) ? 0 : chn->notify_vcpu_id];

		v->virq_to_evtchn[chn->u.virq] = 0;
		evtchn_free(d, port);
		break;
	}
	case ECS_INTERDOMAIN: {
		evtchn_port_t rport = chn->u.interdomain.remote_port;
		struct evtchn *rchn = evtchn_from_port(rd, rport);

		BUG_ON(rchn->state != ECS_INTERDOMAIN || rchn->u.interdomain.remote_dom != d);
		evtchn_free(d, port);
		/* (For a loopback channel rchn is our other port, still bound.) */
		rchn->state = ECS_UNBOUND;
		rchn->u.unbound.remote_domid = d->domain_id;
		break;
	}
	case ECS_PIRQ:
		pirq_guest_unbind(d, chn->u.pirq);
		evtchn_free(d, port);
		break;
	default: /* ECS_UNBOUND, ECS_IPI */
		evtchn_free(d, port);
		break;
	}
	evtchn_double_unlock(d, rd, flags);
	return rc;
}

static int evtchn_send(struct domain *ld, evtchn_port_t lport)
{
	unsigned long flags;
	struct evtchn *lchn;
	int rc = 0;

	if (!port_is_valid(ld, lport))
		return -EINVAL;
	spin_lock_irqsave(&ld->event_lock, flags);
	lchn = evtchn_from_port(ld, lport);
	switch (lchn->state) {
	case ECS_INTERDOMAIN: {
		/*
		 * The peer's port cannot be closed under us: closing it needs
		 * our event_lock too. Its pending bit and vCPU are atomics.
		 */
		struct domain *rd = lchn->u.interdomain.remote_dom;
		evtchn_port_t rport = lchn->u.interdomain.remote_port;

		evtchn_set_pending(rd, evtchn_from_port(rd, rport)->notify_vcpu_id, rport);
		break;
	}
	case ECS_IPI:
		evtchn_set_pending(ld, lchn->notify_vcpu_id, lport);
		break;
	case ECS_UNBOUND:
		break; /* nobody listens yet: dropped, as on Xen */
	default:
		rc = -EINVAL;
		break;
	}
	spin_unlock_irqrestore(&ld->event_lock, flags);
	return rc;
}

static int evtchn_status(struct evtchn_status *op)
{
	struct domain *d = domain_by_any_id(op->dom);
	unsigned long flags;
	const struct evtchn *chn;
	int rc = 0;

	if (!d)
		return -ESRCH;
	if (!may_control(d)) {
		rc = -EPERM;
		goto out;
	}
	if (!port_is_valid(d, op->port)) {
		rc = -EINVAL;
		goto out;
	}
	spin_lock_irqsave(&d->event_lock, flags);
	chn = evtchn_from_port(d, op->port);
	memset(&op->u, 0, sizeof(op->u));
	switch (chn->state) {
	case ECS_UNBOUND:
		op->status = EVTCHNSTAT_unbound;
		op->u.unbound.dom = chn->u.unbound.remote_domid;
		break;
	case ECS_INTERDOMAIN:
		op->status = EVTCHNSTAT_interdomain;
		op->u.interdomain.dom = chn->u.interdomain.remote_dom->domain_id;
		op->u.interdomain.port = chn->u.interdomain.remote_port;
		break;
	case ECS_VIRQ:
		op->status = EVTCHNSTAT_virq;
		op->u.virq = chn->u.virq;
		break;
	case ECS_IPI:
		op->status = EVTCHNSTAT_ipi;
		break;
	case ECS_PIRQ:
		op->status = EVTCHNSTAT_pirq;
		op->u.pirq = chn->u.pirq;
		break;
	default: /* ECS_FREE, ECS_RESERVED */
		op->status = EVTCHNSTAT_closed;
		break;
	}
	op->vcpu = chn->notify_vcpu_id;
	spin_unlock_irqrestore(&d->event_lock, flags);
out:
	domain_put(d);
	return rc;
}

static int evtchn_bind_vcpu(evtchn_port_t port, unsigned int vcpu_id)
{
	struct domain *d = current->domain;
	unsigned long flags;
	struct evtchn *chn;
	int rc = 0;

	if (!domain_vcpu(d, vcpu_id))
		return -ENOENT;
	if (!port_is_valid(d, port))
		return -EINVAL;
	spin_lock_irqsave(&d->event_lock, flags);
	chn = evtchn_from_port(d, port);
	switch (chn->state) {
	case ECS_VIRQ:
		if (virq_is_global(chn->u.virq))
			chn->notify_vcpu_id = vcpu_id;
		else
			rc = -EINVAL; /* per-vCPU VIRQs stay on their vCPU */
		break;
	case ECS_UNBOUND:
	case ECS_INTERDOMAIN:
	case ECS_PIRQ: /* the line stays on the boot CPU; the event moves */
		chn->notify_vcpu_id = vcpu_id;
		break;
	default: /* free, reserved, IPI */
		rc = -EINVAL;
		break;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

void evtchn_unmask_port(struct domain *d, evtchn_port_t port)
{
	unsigned long flags;
	struct evtchn *chn;

	if (!port_is_valid(d, port))
		return;
	spin_lock_irqsave(&d->event_lock, flags);
	chn = evtchn_from_port(d, port);
	if (evtchn_usable(chn))
		evtchn_ops(d)->unmask(d, chn);
	spin_unlock_irqrestore(&d->event_lock, flags);
}

bool evtchn_port_is_masked(struct domain *d, evtchn_port_t port)
{
	unsigned long flags;
	bool masked = true;
	struct evtchn *chn;

	if (!port_is_valid(d, port))
		return true;
	spin_lock_irqsave(&d->event_lock, flags);
	chn = evtchn_from_port(d, port);
	if (evtchn_usable(chn))
		masked = evtchn_ops(d)->is_masked(d, chn);
	spin_unlock_irqrestore(&d->event_lock, flags);
	return masked;
}

/* Clear @port's mask and deliver it if pending; nothing for a closed port (Xen's). */
static int evtchn_unmask(evtchn_port_t port)
{
	if (!port_is_valid(current->domain, port))
		return -EINVAL;
	evtchn_unmask_port(current->domain, port);
	return 0;
}

/*
 * Close every port of @d (the caller checked it may) and go back to the
 * 2-level ABI, as Xen 4.17: preemptible every 64 ports (-ERESTART, then
 * EVTCHNOP_reset_cont with @resuming resumes at d->next_evtchn, which is
 * non-zero while a reset is in progress: a second reset meanwhile, or a
 * reset_cont without one, is -EBUSY). -EAGAIN if a port was bound
 * during the reset, which then leaves the ABI as it was.
 */
static int evtchn_reset(struct domain *d, bool resuming)
{
	unsigned long flags;
	evtchn_port_t port;
	int rc = 0;

	/* Another domain's ports may only be reset while it is paused (Xen's rule). */
	if (d != current->domain)
		return -EINVAL; /* nothing can pause a domain yet */
	spin_lock_irqsave(&d->event_lock, flags);
	port = resuming ? d->next_evtchn : !d->next_evtchn;
	if (port > d->next_evtchn)
		d->next_evtchn = port;
	spin_unlock_irqrestore(&d->event_lock, flags);
	if (!port)
		return -EBUSY;

	for (; port_is_valid(d, port) && ACCESS_ONCE(d->active_evtchns) > 1; port++) {
		if (evtchn_from_port(d, port)->state != ECS_FREE)
			evtchn_close(d, port);
		if (!(port % EVTCHNS_PER_BUCKET) && hypercall_preempt_check()) {
			spin_lock_irqsave(&d->event_lock, flags);
			d->next_evtchn = port + 1;
			spin_unlock_irqrestore(&d->event_lock, flags);
			return -ERESTART;
		}
	}

	pv_mm_lock(); /* the FIFO frames' references */
	spin_lock_irqsave(&d->event_lock, flags);
	d->next_evtchn = 0;
	if (d->active_evtchns > 1) /* port 0 counts */
		rc = -EAGAIN;
	else if (d->evtchn_fifo)
		evtchn_fifo_destroy(d);
	spin_unlock_irqrestore(&d->event_lock, flags);
	pv_mm_unlock();
	return rc;
}

/*
 * The checks in Xen's order: a port that is not valid (-EINVAL), an ABI
 * without priorities (-ENOSYS), a closed port (-EACCES), then the ABI's.
 */
static int evtchn_set_priority(const struct evtchn_set_priority *op)
{
	struct domain *d = current->domain;
	const struct evtchn_port_ops *ops;
	unsigned long flags;
	struct evtchn *chn;
	int rc;

	if (!port_is_valid(d, op->port))
		return -EINVAL;
	spin_lock_irqsave(&d->event_lock, flags);
	ops = evtchn_ops(d);
	chn = evtchn_from_port(d, op->port);
	if (!ops->set_priority)
		rc = -ENOSYS;
	else if (!evtchn_usable(chn))
		rc = -EACCES;
	else
		rc = ops->set_priority(d, chn, op->priority);
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

/*
 * event_channel_op: copy in, act, copy out (OUT fields only on success,
 * as Xen: a failed copy-out after a successful bind leaves the port
 * bound, and the guest sees -EFAULT).
 */
#define COPY_IN(op)                                \
	do {                                       \
		if (copy_from_guest(&(op), arg, 1)) \
			return -EFAULT;            \
	} while (0)
#define COPY_OUT(rc, op) ((rc) == 0 && copy_to_guest(arg, &(op), 1) ? -EFAULT : (rc))

long do_event_channel_op(int cmd, GUEST_PTR(void) arg)
{
	int rc;

	switch (cmd) {
	case EVTCHNOP_alloc_unbound: {
		struct evtchn_alloc_unbound op;

		COPY_IN(op);
		rc = evtchn_alloc_unbound(&op);
		return COPY_OUT(rc, op);
	}
	case EVTCHNOP_bind_interdomain: {
		struct evtchn_bind_interdomain op;

		COPY_IN(op);
		rc = evtchn_bind_interdomain(&op);
		return COPY_OUT(rc, op);
	}
	case EVTCHNOP_bind_virq: {
		struct evtchn_bind_virq op;

		COPY_IN(op);
		rc = evtchn_bind_virq(&op);
		return COPY_OUT(rc, op);
	}
	case EVTCHNOP_bind_ipi: {
		struct evtchn_bind_ipi op;

		COPY_IN(op);
		rc = evtchn_bind_ipi(&op);
		return COPY_OUT(rc, op);
	}
	case EVTCHNOP_close: {
		struct evtchn_close op;

		COPY_IN(op);
		return evtchn_close(current->domain, op.port);
	}
	case EVTCHNOP_send: {
		struct evtchn_send op;

		COPY_IN(op);
		return evtchn_send(current->domain, op.port);
	}
	case EVTCHNOP_status: {
		struct evtchn_status op;

		COPY_IN(op);
		rc = evtchn_status(&op);
		return COPY_OUT(rc, op);
	}
	case EVTCHNOP_bind_vcpu: {
		struct evtchn_bind_vcpu op;

		COPY_IN(op);
		return evtchn_bind_vcpu(op.port, op.vcpu);
	}
	case EVTCHNOP_unmask: {
		struct evtchn_unmask op;

		COPY_IN(op);
		return evtchn_unmask(op.port);
	}
	case EVTCHNOP_reset:
	case EVTCHNOP_reset_cont: {
		struct evtchn_reset op;
		struct domain *d;

		COPY_IN(op);
		d = domain_by_any_id(op.dom);
		if (!d)
			return -ESRCH;
		rc = may_control(d) ? evtchn_reset(d, cmd == EVTCHNOP_reset_cont) : -EPERM;
		domain_put(d);
		if (rc == -ERESTART)
			return hypercall_create_continuation(__HYPERVISOR_event_channel_op, 2,
							     (uint64_t)EVTCHNOP_reset_cont, arg.p);
		return rc;
	}
	case EVTCHNOP_init_control: {
		struct evtchn_init_control op;

		COPY_IN(op);
		rc = evtchn_fifo_init_control(&op);
		return COPY_OUT(rc, op);
	}
	case EVTCHNOP_expand_array: {
		struct evtchn_expand_array op;

		COPY_IN(op);
		return evtchn_fifo_expand_array(&op);
	}
	case EVTCHNOP_set_priority: {
		struct evtchn_set_priority op;

		COPY_IN(op);
		return evtchn_set_priority(&op);
	}
	case EVTCHNOP_bind_pirq: {
		struct evtchn_bind_pirq op;

		COPY_IN(op);
		rc = evtchn_bind_pirq(&op);
		return COPY_OUT(rc, op);
	}
	default:
		return -ENOSYS;
	}
}

/* --- Set-up and the debug key --- */

int evtchn_init(struct domain *d, unsigned int max_port)
{
	unsigned long flags;
	int rc;

	spin_lock_init(&d->event_lock);
	evtchn_2l_init(d);
	/* Above the FIFO ABI's last port nothing can be allocated anyway. */
	d->max_evtchn_port = min(max_port, (unsigned int)EVTCHN_FIFO_NR_CHANNELS - 1);
	spin_lock_irqsave(&d->event_lock, flags);
	rc = evtchn_allocate_port(d, 0);
	if (!rc)
		evtchn_from_port(d, 0)->state = ECS_RESERVED;
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

int evtchn_destroy(struct domain *d)
{
	unsigned long flags;
	evtchn_port_t port;

	BUG_ON(!d->is_dying);
	/*
	 * A barrier: an allocation that read is_dying before it was set
	 * holds the lock until its port is in place, so the loop below sees
	 * it. Every later one is refused.
	 */
	spin_lock_irqsave(&d->event_lock, flags);
	spin_unlock_irqrestore(&d->event_lock, flags);
	for (port = ACCESS_ONCE(d->valid_evtchns); port > 1;) {
		port--;
		if (evtchn_from_port(d, port)->state != ECS_FREE)
			evtchn_close(d, port);
		/* At a bucket boundary: the ports from here up are closed. */
		if (!(port % EVTCHNS_PER_BUCKET) && hypercall_preempt_check()) {
			__atomic_store_n(&d->valid_evtchns, port, __ATOMIC_RELEASE);
			return -ERESTART;
		}
	}
	/*
	 * Every port is closed: nothing sends to @d any more. Give back the
	 * FIFO frames (domain_kill() holds pv_mm_lock around us).
	 */
	spin_lock_irqsave(&d->event_lock, flags);
	if (d->evtchn_fifo)
		evtchn_fifo_destroy(d);
	spin_unlock_irqrestore(&d->event_lock, flags);
	clear_global_virq_handlers(d);
	pirq_domain_destroy(d);
	return 0;
}

void evtchn_destroy_final(struct domain *d)
{
	unsigned int b;

	/* A FIFO domain is destroyed through evtchn_destroy(), which released the FIFO state. */
	BUG_ON(d->evtchn_fifo);
	for (b = 0; b < EVTCHN_MAX_BUCKETS; b++) {
		domain_xfree(d, d->evtchn_bucket[b], BUCKET_BYTES);
		d->evtchn_bucket[b] = NULL;
	}
	if (d->evtchn_more_buckets) {
		for (b = 0; b < EVTCHN_MORE_BUCKETS; b++)
			domain_xfree(d, d->evtchn_more_buckets[b], BUCKET_BYTES);
		domain_xfree(d, d->evtchn_more_buckets, MORE_BUCKETS_BYTES);
		d->evtchn_more_buckets = NULL;
	}
	d->valid_evtchns = 0;
}

static const char *const state_names[] = {
	[ECS_FREE] = "free",       [ECS_RESERVED] = "reserved",
	[ECS_UNBOUND] = "unbound", [ECS_INTERDOMAIN] = "interdomain",
	[ECS_PIRQ] = "pirq",       [ECS_VIRQ] = "virq",
	[ECS_IPI] = "ipi",
};

void evtchn_dump(void)
{
	struct domain *d;

	for (d = domain_list; d; d = d->next_in_list) {
		unsigned long flags;
		evtchn_port_t port;
		int width; /* of the ABI's column */

		spin_lock_irqsave(&d->event_lock, flags);
		printk("Event channel information for domain %u (%u active, %u valid, %s):\n",
		       d->domain_id, d->active_evtchns, d->valid_evtchns,
		       d->evtchn_fifo ? "FIFO" : "2-level");
		width = d->evtchn_fifo ? 19 : 7;
		printk("    port %-*s state       vcpu details\n", width,
		       d->evtchn_fifo ? "[PMLB qprio->link]" : "[p/m/s]");
		for (port = 1; port_is_valid(d, port); port++) {
			const struct evtchn *chn = evtchn_from_port(d, port);
			char details[48] = "", abi[24], col[28];

			if (chn->state == ECS_FREE)
				continue;
			if (chn->state == ECS_UNBOUND)
				snprintf(details, sizeof(details), "for d%u", chn->u.unbound.remote_domid);
			else if (chn->state == ECS_INTERDOMAIN)
				snprintf(details, sizeof(details), "to d%u port %u",
					 chn->u.interdomain.remote_dom->domain_id,
					 chn->u.interdomain.remote_port);
			else if (chn->state == ECS_VIRQ)
				snprintf(details, sizeof(details), "virq %u", chn->u.virq);
			evtchn_ops(d)->print_state(d, chn, abi, sizeof(abi));
			snprintf(col, sizeof(col), "[%s]", abi);
			printk("    %4u %-*s %-11s %4u %s\n", port, width, col,
			       state_names[chn->state], chn->notify_vcpu_id, details);
		}
		for (port = 0; port < d->max_vcpus; port++) {
			const struct vcpu *v = d->vcpu[port];

			if (!v)
				continue;
			printk("    d%uv%u: upcall pending %u mask %u, pending_sel %016lx",
			       d->domain_id, v->vcpu_id, v->vcpu_info->evtchn_upcall_pending,
			       v->vcpu_info->evtchn_upcall_mask,
			       (unsigned long)v->vcpu_info->evtchn_pending_sel);
			evtchn_fifo_dump_vcpu(v);
			printk("\n");
		}
		spin_unlock_irqrestore(&d->event_lock, flags);
	}
}
