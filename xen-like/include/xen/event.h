/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels (common/event_channel.c) as the rest of the hypervisor
 * sees them: raising VIRQs, the upcall condition, and per-domain set-up.
 * The guest-visible operations are the EVTCHNOP_* sub-ops of
 * do_event_channel_op(). How a raised port reaches the guest depends on
 * the domain's ABI, 2-level (common/event_2l.c) or FIFO
 * (common/event_fifo.c), behind the ops table in
 * common/event_channel.h.
 */
#ifndef XEN_EVENT_H
#define XEN_EVENT_H

#include <public/event_channel.h>
#include <xen/types.h>

struct domain;
struct vcpu;

/* Port states (struct evtchn.state). */
enum {
	ECS_FREE,        /* closed, may be allocated */
	ECS_RESERVED,    /* port 0: never allocated */
	ECS_UNBOUND,     /* waiting for u.unbound.remote_domid to bind */
	ECS_INTERDOMAIN, /* connected to u.interdomain */
	ECS_PIRQ,        /* a physical IRQ's PIRQ (arch/x86/irq.c) */
	ECS_VIRQ,        /* bound to VIRQ u.virq */
	ECS_IPI,         /* notification within the domain */
};

/*
 * One port. Guarded by the owning domain's event_lock; the pending and
 * mask bits live in the guest's shared_info (2-level) or in its event
 * word (FIFO), not here.
 */
struct evtchn {
	uint8_t state;          /* ECS_* */
	uint8_t pad;
	uint16_t notify_vcpu_id;
	union {
		struct {
			domid_t remote_domid;
		} unbound;
		struct {
			struct domain *remote_dom; /* no reference: closed before it goes */
			evtchn_port_t remote_port;
		} interdomain;
		uint32_t virq;
		uint32_t pirq;
	} u;
	/* Set when its bucket is allocated, immutable: */
	evtchn_port_t port;
	/* FIFO ABI (common/event_fifo.c), guarded by event_lock: */
	uint8_t priority;       /* EVTCHN_FIFO_PRIORITY_*, for its next linking */
	/*
	 * Raised while no event word backed it (or pending at the switch
	 * from 2-level): raised again when EVTCHNOP_expand_array adds its
	 * page. Never cleared, as on Xen (each page is added once).
	 */
	bool pending;
	/* Guarded by the domain's FIFO queue lock: the queue it was last linked on. */
	uint8_t fifo_last_priority;
	uint16_t fifo_last_vcpu;
};

/*
 * Ports per bucket: buckets are allocated as ports are, and a port is
 * valid (may be named in a hypercall) once its bucket exists, as Xen's
 * valid_evtchns.
 */
#define EVTCHNS_PER_BUCKET 64
#define EVTCHN_MAX_BUCKETS (EVTCHN_2L_NR_CHANNELS / EVTCHNS_PER_BUCKET)
/* Buckets beyond the 2-level range (FIFO ports 4096 and up), in d->evtchn_more_buckets. */
#define EVTCHN_MORE_BUCKETS (EVTCHN_FIFO_NR_CHANNELS / EVTCHNS_PER_BUCKET - EVTCHN_MAX_BUCKETS)

/* Set up @d's ports (port 0 reserved) and its 2-level ABI: 0 or -ENOMEM. */
int evtchn_init(struct domain *d, unsigned int max_port);
/*
 * Close every port of dying domain @d (an interdomain peer's port goes
 * back to unbound, waiting for @d, as Xen leaves it), then release its
 * FIFO control blocks and event array frames: 0, or -ERESTART to be
 * called again. No port can be allocated for a dying domain. Caller
 * holds pv_mm_lock (the frames' references).
 */
int evtchn_destroy(struct domain *d);
/*
 * Free @d's port buckets (its ports are closed and its FIFO state gone
 * with evtchn_destroy(), or it never ran).
 */
void evtchn_destroy_final(struct domain *d);

/* Raise per-vCPU @virq on @v (no-op if not bound). Any context. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/* Raise global @virq on @d (no-op if not bound). Any context. */
void send_guest_global_virq(struct domain *d, unsigned int virq);
/* Raise global @virq on the domain that handles it (set_global_virq_handler(), else dom0). */
void send_global_virq(unsigned int virq);
/* Raise the port @d bound to @pirq, if any (takes its event_lock). */
void send_guest_pirq(struct domain *d, unsigned int pirq);
/* EVTCHNOP_unmask's work on @d's @port (PHYSDEVOP_eoi after pirq_eoi_gmfn_v1). */
void evtchn_unmask_port(struct domain *d, evtchn_port_t port);
/* Is @d's @port masked? (An invalid port reads as masked.) */
bool evtchn_port_is_masked(struct domain *d, evtchn_port_t port);
/*
 * XEN_DOMCTL_set_virq_handler: global @virq goes to @d from now on (a
 * reference held until @d is destroyed or another takes it). -EINVAL for
 * a VIRQ that is not global (or out of range) or a dying domain.
 */
int set_global_virq_handler(struct domain *d, unsigned int virq);
/* Is @virq global (once per domain) rather than per-vCPU? */
bool virq_is_global(unsigned int virq);

/*
 * Set upcall_pending on @v and wake it if that was clear (it blocks or
 * polls); the upcall itself is made on the next return to the guest.
 */
void vcpu_mark_events_pending(struct vcpu *v);

/* The upcall condition: pending and not masked (Xen reads both as one word). */
bool local_events_need_delivery(const struct vcpu *v);

/* Is @port of @d pending? -EINVAL if @port is not a valid port of @d. */
int evtchn_port_poll(struct domain *d, evtchn_port_t port);

/* Debug key 'e': every domain's ports. */
void evtchn_dump(void);

#endif /* XEN_EVENT_H */
