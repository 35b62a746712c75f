// SPDX-License-Identifier: GPL-2.0-only
/*
 * The FIFO event ABI (Xen 4.4 and later; what Linux uses when it can):
 * a domain switches to it with its first EVTCHNOP_init_control.
 *
 * The one idea: each port has a 32-bit event word (PENDING, MASKED,
 * LINKED, BUSY and a 17-bit LINK) in pages of the guest's memory, the
 * event array; each vCPU has a control block with, for each of 16
 * priorities, the head of a queue (a linked list through the LINK fields)
 * and a READY bit. Raising an unmasked port links it at the tail of its
 * vCPU's queue for its priority; when the queue was empty the port
 * becomes the head, the queue's READY bit is set and, if that bit was
 * clear, the upcall. The guest consumes from the head, clearing LINKED
 * as it goes, so queue order is delivery order and a higher priority is
 * consumed first.
 *
 * The guest writes the same words without any lock, so every change here
 * is an atomic operation; linking onto a tail the guest may be consuming
 * is a compare-exchange that succeeds only while the tail is still
 * LINKED (fifo_set_link()). The tails and each port's last queue belong
 * to the hypervisor and are guarded by one per-domain queue lock, taken
 * inside event_lock (docs/design/locking.md). The control block and
 * array frames are the guest's own, held with a writable type reference
 * until EVTCHNOP_reset or destruction, and reached through the direct
 * map (a PV guest names a frame by its MFN).
 */
#include <public/event_channel.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>

#include "event_channel.h"

#define EVENT_WORDS_PER_PAGE (PAGE_SIZE / sizeof(event_word_t))
#define MAX_EVENT_ARRAY_PAGES (EVTCHN_FIFO_NR_CHANNELS / EVENT_WORDS_PER_PAGE)
#define BIT32(b) ((event_word_t)1 << (b))

struct evtchn_fifo_queue {
	uint32_t *head;       /* &control_block->head[priority]: the guest's once non-empty */
	evtchn_port_t tail;   /* the port linked last, 0 = none (queue empty) */
	uint8_t priority;
};

struct evtchn_fifo_vcpu {
	/* Set once by init_control for this vCPU, under event_lock; NULL until then. */
	struct evtchn_fifo_control_block *control_block;
	/* Tails guarded by the domain's queue_lock: */
	struct evtchn_fifo_queue queue[EVTCHN_FIFO_MAX_QUEUES];
};

struct evtchn_fifo_domain {
	/*
	 * Lock order: event_lock -> queue_lock. Guards every queue's tail
	 * and every port's fifo_last_*. Nothing else is taken inside it.
	 */
	spinlock_t queue_lock;
	/* Grown under event_lock; num_evtchns is published after its page. */
	event_word_t *event_array[MAX_EVENT_ARRAY_PAGES];
	unsigned int num_evtchns; /* ports with an event word: pages * 1024 */
};

/* Locked operations on a 32-bit guest word (full barriers). */
static bool word_test_and_set(event_word_t *w, unsigned int bit)
{
	return __atomic_fetch_or(w, BIT32(bit), __ATOMIC_SEQ_CST) & BIT32(bit);
}

static void word_set(event_word_t *w, unsigned int bit)
{
	__atomic_fetch_or(w, BIT32(bit), __ATOMIC_SEQ_CST);
}

static void word_clear(event_word_t *w, unsigned int bit)
{
	__atomic_fetch_and(w, ~BIT32(bit), __ATOMIC_SEQ_CST);
}

static bool word_test(const event_word_t *w, unsigned int bit)
{
	return __atomic_load_n(w, __ATOMIC_SEQ_CST) & BIT32(bit);
}

/*
 * @port's event word, or NULL if no array page covers it yet. Callable
 * without event_lock (a sender of another domain): the count is read
 * with acquire, pairing with the release in add_page().
 */
static event_word_t *event_word(const struct domain *d, evtchn_port_t port)
{
	const struct evtchn_fifo_domain *fd = d->evtchn_fifo;

	if (!fd || port >= __atomic_load_n(&fd->num_evtchns, __ATOMIC_ACQUIRE))
		return NULL;
	return fd->event_array[port / EVENT_WORDS_PER_PAGE] + port % EVENT_WORDS_PER_PAGE;
}

/* --- The guest's frames --- */

/*
 * Take frame @gfn of @d (its MFN: @d is PV) for good, writable: its
 * direct-map address, or NULL if @d does not own it or it cannot be
 * writable (a page table, a descriptor frame). Caller holds pv_mm_lock.
 */
static void *map_guest_frame(struct domain *d, uint64_t gfn)
{
	ASSERT(pv_mm_locked());
	if (!mfn_valid(gfn) || get_page_and_type(mfn_to_page(gfn), d, PGT_writable_page))
		return NULL;
	return mfn_to_virt(gfn);
}

/* Drop what map_guest_frame() took (@va: in the frame, or NULL). Caller holds pv_mm_lock. */
static void unmap_guest_frame(void *va)
{
	ASSERT(pv_mm_locked());
	if (va)
		put_page_and_type(virt_to_page((void *)((uintptr_t)va & ~(PAGE_SIZE - 1))));
}

/* --- Queues --- */

/*
 * Point the LINK field of @word, a queue's tail, at @link if the word is
 * still LINKED: true if it was linked (or, after too many races, given
 * up on), false if the guest unlinked it meanwhile so the queue is empty
 * and @link must become its head. While a word is LINKED the guest may
 * only set or clear MASKED, clear PENDING, and clear LINKED with LINK; it
 * must not unmask locally while BUSY is set, so once we set BUSY the
 * compare-exchange can lose only to the other changes, a few times at
 * most. The new value clears BUSY again.
 */
static bool fifo_set_link(const struct domain *d, event_word_t *word, evtchn_port_t link)
{
	event_word_t old = __atomic_load_n(word, __ATOMIC_SEQ_CST);
	bool busy = false;
	unsigned int tries;

	for (tries = 0; tries < 5; tries++) {
		event_word_t new;

		if (!(old & BIT32(EVTCHN_FIFO_LINKED))) {
			if (busy)
				word_clear(word, EVTCHN_FIFO_BUSY);
			return false;
		}
		new = (old & ~(BIT32(EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK)) | link;
		if (__atomic_compare_exchange_n(word, &old, new, false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return true;
		if (!busy) {
			word_set(word, EVTCHN_FIFO_BUSY);
			busy = true;
			old = __atomic_load_n(word, __ATOMIC_SEQ_CST);
		}
	}
	printk(XENLOG_WARNING "d%u: FIFO event %u not linked (tail word keeps changing)\n",
	       d->domain_id, link);
	word_clear(word, EVTCHN_FIFO_BUSY);
	return true;
}

/*
 * Raise @chn for @v: set PENDING, and unless the port is masked or
 * already linked, link it at the tail of @v's queue for its priority.
 * Pollers are woken when PENDING goes from clear to set.
 * The port's previous queue (another vCPU's after bind_vcpu, another
 * priority after set_priority) forgets it as its tail, so a later link
 * onto that queue cannot chain into this one.
 */
static void evtchn_fifo_set_pending(struct vcpu *v, struct evtchn *chn)
{
	struct domain *d = v->domain;
	struct evtchn_fifo_domain *fd = d->evtchn_fifo;
	struct evtchn_fifo_vcpu *fv = v->evtchn_fifo;
	event_word_t *word = event_word(d, chn->port);
	bool check_pollers = false, notify = false;
	unsigned long flags;

	if (!word) {
		chn->pending = true; /* raised again when its page is added */
		return;
	}
	spin_lock_irqsave(&fd->queue_lock, flags);
	/*
	 * No control block on this vCPU: the guest must not unmask a port of
	 * a vCPU it has not initialised, so the event is dropped, PENDING
	 * left as it was (Xen 4.17's order).
	 */
	if (!fv->control_block) {
		printk(XENLOG_WARNING "d%uv%u has no FIFO control block: event %u dropped\n",
		       d->domain_id, v->vcpu_id, chn->port);
		goto out_unlock;
	}
	check_pollers = !word_test_and_set(word, EVTCHN_FIFO_PENDING);
	if (!word_test(word, EVTCHN_FIFO_MASKED) && !word_test_and_set(word, EVTCHN_FIFO_LINKED)) {
		struct evtchn_fifo_queue *old_q =
			&d->vcpu[chn->fifo_last_vcpu]->evtchn_fifo->queue[chn->fifo_last_priority];
		struct evtchn_fifo_queue *q = &fv->queue[chn->priority];
		bool linked;

		if (old_q->tail == chn->port)
			old_q->tail = 0;
		chn->fifo_last_vcpu = v->vcpu_id;
		chn->fifo_last_priority = q->priority;
		linked = q->tail && fifo_set_link(d, event_word(d, q->tail), chn->port);
		if (!linked) {
			/* Head before READY: the guest reads READY, then the head. */
			__atomic_store_n(q->head, chn->port, __ATOMIC_SEQ_CST);
			notify = !word_test_and_set(&fv->control_block->ready, q->priority);
		}
		q->tail = chn->port;
	}
out_unlock:
	spin_unlock_irqrestore(&fd->queue_lock, flags);
	if (notify)
		vcpu_mark_events_pending(v);
	if (check_pollers)
		evtchn_check_pollers(d, chn->port);
}

/* The guest unlinks as it consumes and skips ports no longer pending: only PENDING goes. */
static void evtchn_fifo_clear_pending(struct domain *d, struct evtchn *chn)
{
	event_word_t *word = event_word(d, chn->port);

	if (word)
		word_clear(word, EVTCHN_FIFO_PENDING);
}

static void evtchn_fifo_unmask(struct domain *d, struct evtchn *chn)
{
	event_word_t *word = event_word(d, chn->port);

	if (!word)
		return;
	word_clear(word, EVTCHN_FIFO_MASKED);
	if (word_test(word, EVTCHN_FIFO_PENDING))
		evtchn_fifo_set_pending(d->vcpu[chn->notify_vcpu_id], chn);
}

static bool evtchn_fifo_is_pending(const struct domain *d, const struct evtchn *chn)
{
	const event_word_t *word = event_word(d, chn->port);

	return word && word_test(word, EVTCHN_FIFO_PENDING);
}

static bool evtchn_fifo_is_masked(const struct domain *d, const struct evtchn *chn)
{
	const event_word_t *word = event_word(d, chn->port);

	return !word || word_test(word, EVTCHN_FIFO_MASKED);
}

/* A closed port still on a queue cannot be reused until the guest unlinks it. */
static bool evtchn_fifo_is_busy(const struct domain *d, const struct evtchn *chn)
{
	const event_word_t *word = event_word(d, chn->port);

	return word && word_test(word, EVTCHN_FIFO_LINKED);
}

/* Only the port's next linking moves to the new queue; a queued event stays put. */
static int evtchn_fifo_set_priority(struct domain *d, struct evtchn *chn, unsigned int priority)
{
	(void)d;
	if (priority > EVTCHN_FIFO_PRIORITY_MIN)
		return -EINVAL;
	chn->priority = priority;
	return 0;
}

static void evtchn_fifo_init(struct domain *d, struct evtchn *chn)
{
	const event_word_t *word = event_word(d, chn->port);

	chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	if (word && word_test(word, EVTCHN_FIFO_LINKED))
		printk(XENLOG_WARNING "d%u: FIFO port %u allocated while still linked\n",
		       d->domain_id, chn->port);
}

static void evtchn_fifo_print_state(const struct domain *d, const struct evtchn *chn, char *buf,
				    size_t len)
{
	const event_word_t *word = event_word(d, chn->port);
	event_word_t w;

	if (!word) {
		snprintf(buf, len, "no word");
		return;
	}
	w = __atomic_load_n(word, __ATOMIC_SEQ_CST);
	snprintf(buf, len, "%c%c%c%c q%u->%u", w & BIT32(EVTCHN_FIFO_PENDING) ? 'P' : '-',
		 w & BIT32(EVTCHN_FIFO_MASKED) ? 'M' : '-',
		 w & BIT32(EVTCHN_FIFO_LINKED) ? 'L' : '-', w & BIT32(EVTCHN_FIFO_BUSY) ? 'B' : '-',
		 chn->priority, w & EVTCHN_FIFO_LINK_MASK);
}

static const struct evtchn_port_ops evtchn_port_ops_fifo = {
	.init = evtchn_fifo_init,
	.set_pending = evtchn_fifo_set_pending,
	.clear_pending = evtchn_fifo_clear_pending,
	.unmask = evtchn_fifo_unmask,
	.is_pending = evtchn_fifo_is_pending,
	.is_masked = evtchn_fifo_is_masked,
	.is_busy = evtchn_fifo_is_busy,
	.set_priority = evtchn_fifo_set_priority,
	.print_state = evtchn_fifo_print_state,
};

/* --- Set-up and teardown --- */

/* Free every FIFO structure of @d and drop its frames. Caller holds pv_mm_lock and event_lock. */
static void fifo_free(struct domain *d)
{
	struct evtchn_fifo_domain *fd = d->evtchn_fifo;
	unsigned int i;

	ASSERT(pv_mm_locked() && spin_is_locked(&d->event_lock));
	for (i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpu[i];

		if (!v || !v->evtchn_fifo)
			continue;
		unmap_guest_frame(v->evtchn_fifo->control_block);
		domain_xfree(d, v->evtchn_fifo, sizeof(*v->evtchn_fifo));
		v->evtchn_fifo = NULL;
	}
	if (!fd)
		return;
	for (i = 0; i < MAX_EVENT_ARRAY_PAGES; i++)
		unmap_guest_frame(fd->event_array[i]);
	domain_xfree(d, fd, sizeof(*fd));
	d->evtchn_fifo = NULL;
}

/* Register @v's control block at @gfn + @offset (checked by the caller). Both locks held. */
static int map_control_block(struct vcpu *v, uint64_t gfn, uint32_t offset)
{
	struct evtchn_fifo_vcpu *fv = v->evtchn_fifo;
	struct evtchn_fifo_control_block *cb;
	unsigned int i;
	char *va;

	if (fv->control_block)
		return -EINVAL; /* once per vCPU until EVTCHNOP_reset */
	va = map_guest_frame(v->domain, gfn);
	if (!va)
		return -EINVAL;
	cb = (struct evtchn_fifo_control_block *)(va + offset);
	for (i = 0; i < EVTCHN_FIFO_MAX_QUEUES; i++)
		fv->queue[i].head = &cb->head[i];
	/* The heads must be set before a sender sees the block. */
	__atomic_store_n(&fv->control_block, cb, __ATOMIC_RELEASE);
	return 0;
}

/*
 * The domain's first init_control: FIFO state for every vCPU, an empty
 * event array, @v's control block, then the switch. Ports bound under
 * 2-level keep their binding, take the default priority and, if their
 * shared_info pending bit is set, are raised again when their array page
 * is added. Caller holds both locks. On failure nothing changed.
 */
static int fifo_switch(struct domain *d, struct vcpu *v, uint64_t gfn, uint32_t offset)
{
	struct evtchn_fifo_domain *fd;
	evtchn_port_t port;
	unsigned int i, q;
	int rc;

	ASSERT(pv_mm_locked() && spin_is_locked(&d->event_lock));
	for (i = 0; i < d->max_vcpus; i++) {
		struct vcpu *w = d->vcpu[i];

		if (!w)
			continue;
		w->evtchn_fifo = domain_xzalloc(d, sizeof(*w->evtchn_fifo));
		if (!w->evtchn_fifo) {
			rc = -ENOMEM;
			goto out_free;
		}
		for (q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++)
			w->evtchn_fifo->queue[q].priority = q;
	}
	fd = domain_xzalloc(d, sizeof(*fd));
	if (!fd) {
		rc = -ENOMEM;
		goto out_free;
	}
	spin_lock_init(&fd->queue_lock);
	d->evtchn_fifo = fd;
	rc = map_control_block(v, gfn, offset);
	if (rc)
		goto out_free;

	for (port = 1; port < EVTCHN_2L_NR_CHANNELS && port_is_valid(d, port); port++) {
		struct evtchn *chn = evtchn_from_port(d, port);

		if (evtchn_ops(d)->is_pending(d, chn))
			chn->pending = true;
		chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	}
	/* The FIFO state is complete before a lock-free sender can pick these ops. */
	__atomic_store_n(&d->evtchn_port_ops, &evtchn_port_ops_fifo, __ATOMIC_RELEASE);
	return 0;

out_free:
	fifo_free(d);
	return rc;
}

int evtchn_fifo_init_control(struct evtchn_init_control *op)
{
	struct domain *d = current->domain;
	unsigned long flags;
	struct vcpu *v;
	int rc;

	op->link_bits = EVTCHN_FIFO_LINK_BITS;
	v = domain_vcpu(d, op->vcpu);
	if (!v)
		return -ENOENT;
	/* The block must not cross the end of the page, and be 8-byte aligned. */
	if (op->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block))
		return -EINVAL;
	if (op->offset & 7)
		return -EINVAL;

	pv_mm_lock(); /* outer: the frame's references */
	spin_lock_irqsave(&d->event_lock, flags);
	if (!d->evtchn_fifo)
		rc = fifo_switch(d, v, op->control_gfn, op->offset);
	else
		rc = map_control_block(v, op->control_gfn, op->offset);
	spin_unlock_irqrestore(&d->event_lock, flags);
	pv_mm_unlock();
	return rc;
}

/*
 * Add the array page @gfn: the next 1024 ports get event words, and
 * those raised while they had none are raised now. Caller holds both
 * locks.
 */
static int add_page(struct domain *d, uint64_t gfn)
{
	struct evtchn_fifo_domain *fd = d->evtchn_fifo;
	unsigned int first = fd->num_evtchns, slot = first / EVENT_WORDS_PER_PAGE;
	evtchn_port_t port;
	void *va;

	ASSERT(pv_mm_locked() && spin_is_locked(&d->event_lock));
	if (slot >= MAX_EVENT_ARRAY_PAGES)
		return -ENOSPC;
	va = map_guest_frame(d, gfn);
	if (!va)
		return -EINVAL;
	fd->event_array[slot] = va;
	/* The page before the count: event_word() reads them without the lock. */
	__atomic_store_n(&fd->num_evtchns, first + EVENT_WORDS_PER_PAGE, __ATOMIC_RELEASE);

	for (port = first; port < first + EVENT_WORDS_PER_PAGE && port_is_valid(d, port); port++) {
		struct evtchn *chn = evtchn_from_port(d, port);

		if (chn->pending && evtchn_usable(chn))
			evtchn_fifo_set_pending(d->vcpu[chn->notify_vcpu_id], chn);
	}
	return 0;
}

int evtchn_fifo_expand_array(const struct evtchn_expand_array *op)
{
	struct domain *d = current->domain;
	unsigned long flags;
	int rc = -EOPNOTSUPP;

	pv_mm_lock();
	spin_lock_irqsave(&d->event_lock, flags);
	if (d->evtchn_fifo)
		rc = add_page(d, op->array_gfn);
	spin_unlock_irqrestore(&d->event_lock, flags);
	pv_mm_unlock();
	return rc;
}

void evtchn_fifo_destroy(struct domain *d)
{
	ASSERT(spin_is_locked(&d->event_lock));
	evtchn_2l_init(d);
	fifo_free(d);
}

void evtchn_fifo_dump_vcpu(const struct vcpu *v)
{
	const struct evtchn_fifo_vcpu *fv = v->evtchn_fifo;
	unsigned int q;

	if (!fv)
		return;
	if (!fv->control_block) {
		printk(", no FIFO control block");
		return;
	}
	printk(", FIFO ready %04x tails",
	       __atomic_load_n(&fv->control_block->ready, __ATOMIC_SEQ_CST));
	for (q = 0; q < EVTCHN_FIFO_MAX_QUEUES; q++)
		if (fv->queue[q].tail)
			printk(" q%u:%u", q, fv->queue[q].tail);
}
