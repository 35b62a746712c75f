// SPDX-License-Identifier: GPL-2.0-only
/*
 * The 2-level event ABI: every domain starts with it and keeps it unless
 * it calls EVTCHNOP_init_control (event_fifo.c).
 *
 * The one idea: a port has one pending and one mask bit in shared_info,
 * and each vCPU a selector word whose bit w says "look at pending word
 * w"; raising a port sets pending, then (unless masked) the selector bit
 * and the upcall flag, in that order (docs/events.md). Every step is a locked bit operation, because the guest changes
 * the same words without any lock.
 */
#include <public/event_channel.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <asm/bitops.h>

#include "event_channel.h"

#define BITS_PER_EVTCHN_WORD 64

/* Shared_info as an array of words, for the bit operations. */
static unsigned long *pending_bits(const struct domain *d)
{
	return (unsigned long *)d->shared_info->evtchn_pending;
}

static unsigned long *mask_bits(const struct domain *d)
{
	return (unsigned long *)d->shared_info->evtchn_mask;
}

/* Set @v's selector bit for @port's word; if it was clear, raise the upcall. */
static void mark_selector(struct vcpu *v, evtchn_port_t port)
{
	if (!test_and_set_bit(port / BITS_PER_EVTCHN_WORD,
			      (unsigned long *)&v->vcpu_info->evtchn_pending_sel))
		vcpu_mark_events_pending(v);
}

static void evtchn_2l_set_pending(struct vcpu *v, struct evtchn *chn)
{
	struct domain *d = v->domain;

	if (test_and_set_bit(chn->port, pending_bits(d)))
		return; /* already pending: the guest has yet to see the first */
	if (!test_bit(chn->port, mask_bits(d)))
		mark_selector(v, chn->port);
	evtchn_check_pollers(d, chn->port);
}

static void evtchn_2l_clear_pending(struct domain *d, struct evtchn *chn)
{
	clear_bit(chn->port, pending_bits(d));
}

static void evtchn_2l_unmask(struct domain *d, struct evtchn *chn)
{
	struct vcpu *v = domain_vcpu(d, chn->notify_vcpu_id);

	if (v && test_and_clear_bit(chn->port, mask_bits(d)) &&
	    test_bit(chn->port, pending_bits(d)))
		mark_selector(v, chn->port);
}

static bool evtchn_2l_is_pending(const struct domain *d, const struct evtchn *chn)
{
	return chn->port < EVTCHN_2L_NR_CHANNELS && test_bit(chn->port, pending_bits(d));
}

static bool evtchn_2l_is_masked(const struct domain *d, const struct evtchn *chn)
{
	return chn->port >= EVTCHN_2L_NR_CHANNELS || test_bit(chn->port, mask_bits(d));
}

static void evtchn_2l_print_state(const struct domain *d, const struct evtchn *chn, char *buf,
				  size_t len)
{
	const struct vcpu *v = domain_vcpu(d, chn->notify_vcpu_id);
	int sel = v ? test_bit(chn->port / BITS_PER_EVTCHN_WORD,
			       (const unsigned long *)&v->vcpu_info->evtchn_pending_sel) :
		      0;

	snprintf(buf, len, "%d/%d/%d", evtchn_2l_is_pending(d, chn), evtchn_2l_is_masked(d, chn),
		 sel);
}

static const struct evtchn_port_ops evtchn_port_ops_2l = {
	.set_pending = evtchn_2l_set_pending,
	.clear_pending = evtchn_2l_clear_pending,
	.unmask = evtchn_2l_unmask,
	.is_pending = evtchn_2l_is_pending,
	.is_masked = evtchn_2l_is_masked,
	.print_state = evtchn_2l_print_state,
};

void evtchn_2l_init(struct domain *d)
{
	__atomic_store_n(&d->evtchn_port_ops, &evtchn_port_ops_2l, __ATOMIC_RELEASE);
}
