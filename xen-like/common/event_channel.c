// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event channels, 2-level ABI: the PV interrupt mechanism.
 *
 * The one idea: a port is a per-domain number bound to one source (a
 * port of another or the same domain, a VIRQ, an IPI); raising the
 * source sets the port's bit in shared_info.evtchn_pending and, unless
 * the port is masked, the word's bit in the notified vCPU's
 * evtchn_pending_sel and then its evtchn_upcall_pending, in that order
 * (../shared/reference/pv-abi-shared.md 3.5). The upcall itself, a
 * bounce to the guest's event callback, happens on the way back to the
 * guest (arch/x86/pv/traps.c) whenever upcall_pending is set and
 * upcall_mask is clear; nothing here touches guest registers.
 *
 * Ports live in buckets of EVTCHNS_PER_BUCKET allocated on demand; the
 * per-domain event_lock serialises binding, closing and sending. The
 * pending and mask bits belong to the guest's shared_info and change
 * only with atomic bit operations, since the guest writes the same words
 * without the lock. Port 0 is reserved at creation and never allocated.
 * A dying domain gets no new port; evtchn_destroy() closes the ones it
 * has (so no other domain's port points at it any more) and its buckets
 * go with the domain.
 */
#include <public/event_channel.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/bitops.h>

#define BITS_PER_EVTCHN_WORD 64
#define BUCKET_BYTES (EVTCHNS_PER_BUCKET * sizeof(struct evtchn))

static bool port_is_valid(const struct domain *d, evtchn_port_t port)
{
	return port < ACCESS_ONCE(d->valid_evtchns);
}

static struct evtchn *evtchn_from_port(const struct domain *d, evtchn_port_t port)
{
	return &d->evtchn_bucket[port / EVTCHNS_PER_BUCKET][port % EVTCHNS_PER_BUCKET];
}

static struct vcpu *domain_vcpu(const struct domain *d, unsigned int vcpu_id)
{
	return vcpu_id < d->max_vcpus ? d->vcpu[vcpu_id] : NULL;
}

/* Shared_info as an array of words, for the bit operations. */
static unsigned long *pending_bits(const struct domain *d)
{
	return (unsigned long *)d->shared_info->evtchn_pending;
}

static unsigned long *mask_bits(const struct domain *d)
{
	return (unsigned long *)d->shared_info->evtchn_mask;
}

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

/*
 * Claim @port of @d, allocating buckets up to it. 0, -ENOSPC (beyond the
 * domain's limit), -EBUSY (in use) or -ENOMEM. Caller holds event_lock.
 */
static int evtchn_allocate_port(struct domain *d, evtchn_port_t port)
{
	ASSERT(spin_is_locked(&d->event_lock));
	if (port > d->max_evtchn_port || port >= EVTCHN_2L_NR_CHANNELS)
		return -ENOSPC;
	if (port_is_valid(d, port)) {
		if (evtchn_from_port(d, port)->state != ECS_FREE)
			return -EBUSY;
	} else {
		while (port >= d->valid_evtchns) {
			unsigned int b = d->valid_evtchns / EVTCHNS_PER_BUCKET;
			struct evtchn *bucket = domain_xzalloc(d, BUCKET_BYTES);

			if (!bucket)
				return -ENOMEM;
			d->evtchn_bucket[b] = bucket;
			/* The bucket must be visible before a lock-free reader sees it valid. */
			__atomic_store_n(&d->valid_evtchns, d->valid_evtchns + EVTCHNS_PER_BUCKET,
					 __ATOMIC_RELEASE);
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

	if (ACCESS_ONCE(d->is_dying))
		return -EINVAL;
	for (port = 1; port <= d->max_evtchn_port; port++) {
		int rc = evtchn_allocate_port(d, port);

		if (!rc)
			return (int)port;
		if (rc != -EBUSY)
			return rc;
	}
	return -ENOSPC;
}

/* Return a claimed port to the free state (pending cleared). Caller holds event_lock. */
static void evtchn_free(struct domain *d, evtchn_port_t port)
{
	struct evtchn *chn = evtchn_from_port(d, port);

	/* A stale pending bit would fire on the next binding of the port. */
	clear_bit(port, pending_bits(d));
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

/* Wake vCPUs of @d polling on @port (or on several ports). */
static void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (v && v->is_polling && (v->poll_evtchn <= 0 || v->poll_evtchn == (int)port))
			vcpu_unblock(v);
	}
}

/*
 * Raise @port of @d for vCPU @vcpu_id: Xen's 2-level order, each step a
 * locked bit operation (a full barrier against the guest's own updates).
 * Caller holds @d's event_lock.
 */
static void evtchn_set_pending(struct domain *d, unsigned int vcpu_id, evtchn_port_t port)
{
	struct vcpu *v = domain_vcpu(d, vcpu_id);

	if (test_and_set_bit(port, pending_bits(d)))
		return; /* already pending: the guest has yet to see the first */
	if (v && !test_bit(port, mask_bits(d)) &&
	    !test_and_set_bit(port / BITS_PER_EVTCHN_WORD,
			      (unsigned long *)&v->vcpu_info->evtchn_pending_sel))
		vcpu_mark_events_pending(v);
	evtchn_check_pollers(d, port);
}

/* Clear the mask of @port and re-raise the upcall if it is pending. Caller holds event_lock. */
static void evtchn_2l_unmask(struct domain *d, evtchn_port_t port)
{
	struct vcpu *v = domain_vcpu(d, evtchn_from_port(d, port)->notify_vcpu_id);

	if (v && test_and_clear_bit(port, mask_bits(d)) && test_bit(port, pending_bits(d)) &&
	    !test_and_set_bit(port / BITS_PER_EVTCHN_WORD,
			      (unsigned long *)&v->vcpu_info->evtchn_pending_sel))
		vcpu_mark_events_pending(v);
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

void send_global_virq(unsigned int virq)
{
	/* Global VIRQs go to the hardware domain until handlers can be delegated. */
	struct domain *d = domain_get(0);

	if (!d)
		return;
	send_guest_global_virq(d, virq);
	domain_put(d);
}

int evtchn_port_poll(struct domain *d, evtchn_port_t port)
{
	if (!port_is_valid(d, port))
		return -EINVAL;
	return test_bit(port, pending_bits(d));
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
		chn->notify_vcpu_id = vcpu_id;
		break;
	default: /* free, reserved, IPI */
		rc = -EINVAL;
		break;
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

static int evtchn_unmask(evtchn_port_t port)
{
	struct domain *d = current->domain;
	unsigned long flags;

	if (!port_is_valid(d, port))
		return -EINVAL;
	spin_lock_irqsave(&d->event_lock, flags);
	evtchn_2l_unmask(d, port);
	spin_unlock_irqrestore(&d->event_lock, flags);
	return 0;
}

/* Close every port of @d (the caller checked it may). */
static int evtchn_reset(struct domain *d)
{
	evtchn_port_t port;

	/* Another domain's ports may only be reset while it is paused (Xen's rule). */
	if (d != current->domain)
		return -EINVAL; /* nothing can pause a domain yet */
	for (port = 1; port_is_valid(d, port); port++)
		if (evtchn_from_port(d, port)->state != ECS_FREE)
			evtchn_close(d, port);
	return 0;
}

static int evtchn_set_priority(const struct evtchn_set_priority *op)
{
	/* Priorities exist only in the FIFO ABI, which is never switched on. */
	return port_is_valid(current->domain, op->port) ? -ENOSYS : -EINVAL;
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
	case EVTCHNOP_reset: {
		struct evtchn_reset op;
		struct domain *d;

		COPY_IN(op);
		d = domain_by_any_id(op.dom);
		if (!d)
			return -ESRCH;
		rc = may_control(d) ? evtchn_reset(d) : -EPERM;
		domain_put(d);
		return rc;
	}
	case EVTCHNOP_set_priority: {
		struct evtchn_set_priority op;

		COPY_IN(op);
		return evtchn_set_priority(&op);
	}
	case EVTCHNOP_expand_array:
		/* Xen's answer while the FIFO ABI is not initialised. */
		return -EOPNOTSUPP;
	case EVTCHNOP_bind_pirq:   /* no physical IRQs are routed to guests yet */
	case EVTCHNOP_init_control: /* no FIFO ABI: guests fall back to 2-level */
	default:
		return -ENOSYS;
	}
}

/* --- Set-up and the debug key --- */

int evtchn_init(struct domain *d)
{
	unsigned long flags;
	int rc;

	spin_lock_init(&d->event_lock);
	d->max_evtchn_port = EVTCHN_2L_NR_CHANNELS - 1;
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
	return 0;
}

void evtchn_destroy_final(struct domain *d)
{
	unsigned int b;

	for (b = 0; b < EVTCHN_MAX_BUCKETS; b++) {
		domain_xfree(d, d->evtchn_bucket[b], BUCKET_BYTES);
		d->evtchn_bucket[b] = NULL;
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

		spin_lock_irqsave(&d->event_lock, flags);
		printk("Event channel information for domain %u (%u active, %u valid, 2-level):\n",
		       d->domain_id, d->active_evtchns, d->valid_evtchns);
		printk("    port [p/m/s] state      vcpu details\n");
		for (port = 1; port_is_valid(d, port); port++) {
			const struct evtchn *chn = evtchn_from_port(d, port);
			const struct vcpu *v = domain_vcpu(d, chn->notify_vcpu_id);
			char details[48] = "";

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
			printk("    %4u [%d/%d/%d] %-11s %3u %s\n", port,
			       test_bit(port, pending_bits(d)), test_bit(port, mask_bits(d)),
			       v ? test_bit(port / BITS_PER_EVTCHN_WORD,
					    (const unsigned long *)&v->vcpu_info->evtchn_pending_sel) :
				   0,
			       state_names[chn->state], chn->notify_vcpu_id, details);
		}
		for (port = 0; port < d->max_vcpus; port++) {
			const struct vcpu *v = d->vcpu[port];

			if (v)
				printk("    d%uv%u: upcall pending %u mask %u, pending_sel %016lx\n",
				       d->domain_id, v->vcpu_id, v->vcpu_info->evtchn_upcall_pending,
				       v->vcpu_info->evtchn_upcall_mask,
				       (unsigned long)v->vcpu_info->evtchn_pending_sel);
		}
		spin_unlock_irqrestore(&d->event_lock, flags);
	}
}
