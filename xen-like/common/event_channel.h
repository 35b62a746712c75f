/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Inside the event-channel code: what event_channel.c (ports, binding,
 * the sub-ops) shares with the two delivery ABIs, event_2l.c and
 * event_fifo.c. A domain starts with the 2-level ops and switches to the
 * FIFO ops on its first EVTCHNOP_init_control; EVTCHNOP_reset switches
 * it back. Nothing outside common/event_*.c includes this.
 */
#ifndef COMMON_EVENT_CHANNEL_H
#define COMMON_EVENT_CHANNEL_H

#include <public/event_channel.h>
#include <xen/event.h>
#include <xen/sched.h>

/*
 * How a port's event reaches the guest. Every hook is called with a lock
 * held that keeps the port bound: the domain's event_lock, or, for a
 * send on an interdomain channel, the sender's (closing either end needs
 * both). Only usable ports (bound: not free, not port 0) are passed to
 * set_pending, clear_pending, unmask and set_priority.
 */
struct evtchn_port_ops {
	/* A port was just allocated (its state is about to be set). */
	void (*init)(struct domain *d, struct evtchn *chn);
	/* Raise @chn for vCPU @v (a vCPU of @chn's domain). */
	void (*set_pending)(struct vcpu *v, struct evtchn *chn);
	void (*clear_pending)(struct domain *d, struct evtchn *chn);
	/* Clear the mask; if pending, deliver it again. */
	void (*unmask)(struct domain *d, struct evtchn *chn);
	bool (*is_pending)(const struct domain *d, const struct evtchn *chn);
	bool (*is_masked)(const struct domain *d, const struct evtchn *chn);
	/* Still in use by the guest after closing (FIFO: linked), so not allocatable. */
	bool (*is_busy)(const struct domain *d, const struct evtchn *chn);
	/* NULL: the ABI has no priorities (-ENOSYS). */
	int (*set_priority)(struct domain *d, struct evtchn *chn, unsigned int priority);
	/* Debug key 'e': the ABI's view of the port, a few characters in @buf. */
	void (*print_state)(const struct domain *d, const struct evtchn *chn, char *buf,
			    size_t len);
};

/* Ports below EVTCHNS_PER_BUCKET * buckets allocated: may be named in a hypercall. */
static inline bool port_is_valid(const struct domain *d, evtchn_port_t port)
{
	return port < __atomic_load_n(&d->valid_evtchns, __ATOMIC_ACQUIRE);
}

/* The struct of valid @port. */
static inline struct evtchn *evtchn_from_port(const struct domain *d, evtchn_port_t port)
{
	unsigned int b = port / EVTCHNS_PER_BUCKET;

	if (b < EVTCHN_MAX_BUCKETS)
		return &d->evtchn_bucket[b][port % EVTCHNS_PER_BUCKET];
	return &d->evtchn_more_buckets[b - EVTCHN_MAX_BUCKETS][port % EVTCHNS_PER_BUCKET];
}

/* Bound to something the guest consumes (not free, not port 0). */
static inline bool evtchn_usable(const struct evtchn *chn)
{
	return chn->state > ECS_RESERVED;
}

static inline const struct evtchn_port_ops *evtchn_ops(const struct domain *d)
{
	return __atomic_load_n(&d->evtchn_port_ops, __ATOMIC_ACQUIRE);
}

/* The highest port count the domain's ABI allows. */
static inline unsigned int max_evtchns(const struct domain *d)
{
	return d->evtchn_fifo ? EVTCHN_FIFO_NR_CHANNELS : EVTCHN_2L_NR_CHANNELS;
}

/* vCPU @vcpu_id of @d, or NULL. */
static inline struct vcpu *domain_vcpu(const struct domain *d, unsigned int vcpu_id)
{
	return vcpu_id < d->max_vcpus ? d->vcpu[vcpu_id] : NULL;
}

/* Wake vCPUs of @d polling on @port (or on several ports). Any context. */
void evtchn_check_pollers(struct domain *d, evtchn_port_t port);

/* 2-level (event_2l.c): make it @d's ABI. Caller holds event_lock (or @d is new). */
void evtchn_2l_init(struct domain *d);

/*
 * FIFO (event_fifo.c). init_control and expand_array are the sub-ops
 * (they take pv_mm_lock and event_lock themselves). evtchn_fifo_destroy()
 * switches @d back to 2-level and releases every FIFO frame and
 * structure: caller holds pv_mm_lock and event_lock, and no port of @d
 * is bound (so no other domain can be sending to it).
 */
int evtchn_fifo_init_control(struct evtchn_init_control *op);
int evtchn_fifo_expand_array(const struct evtchn_expand_array *op);
void evtchn_fifo_destroy(struct domain *d);
/* Debug key 'e': the rest of @v's line (READY bits, queue tails), if it has FIFO state. */
void evtchn_fifo_dump_vcpu(const struct vcpu *v);

#endif /* COMMON_EVENT_CHANNEL_H */
