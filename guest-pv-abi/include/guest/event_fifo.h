/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The FIFO event ABI in a PV guest kernel (see include/public/event_channel.h
 * and docs/events.md): the same consumer as Linux's events_fifo.c.
 *
 * evtchn_fifo_init() registers a vCPU's control block (EVTCHNOP_init_control,
 * the first call switches the domain) and makes the upcall consume the
 * FIFO queues instead of the 2-level bitmaps: while READY has bits, take
 * the highest-priority ready queue, unlink its head (clear LINKED, read
 * LINK), and if the port is pending and unmasked clear PENDING and hand
 * it to evtchn_dispatch() (counters and handlers of guest/event.h). The
 * upcall handles the calling vCPU's queues only.
 *
 * The event array is the caller's pages, given with evtchn_fifo_expand()
 * in order; its words start masked, as Linux leaves them.
 */
#ifndef GUEST_EVENT_FIFO_H
#define GUEST_EVENT_FIFO_H

#include <stdbool.h>
#include <stdint.h>
#include <public/event_channel.h>

/*
 * EVTCHNOP_init_control for @vcpu with the control block at @cb (8-byte
 * aligned, inside one page of the image); *@link_bits gets the answer.
 * On success the upcall is the FIFO consumer. 0 or the hypercall's error.
 */
long evtchn_fifo_init(uint32_t vcpu, struct evtchn_fifo_control_block *cb, uint8_t *link_bits);

/*
 * Mask every word of @page (a page of the image), then EVTCHNOP_expand_array
 * with it; on success it holds the next 1024 ports. 0 or the error.
 */
long evtchn_fifo_expand(event_word_t *page);

/*
 * The domain went back to 2-level (EVTCHNOP_reset): forget the control
 * blocks and array pages, and scan the 2-level bitmaps again.
 */
void evtchn_fifo_forget(void);

/* EVTCHNOP_set_priority. */
long evtchn_set_priority(evtchn_port_t port, uint32_t priority);

/* @port's event word, NULL if no page given covers it. */
volatile event_word_t *evtchn_fifo_word(evtchn_port_t port);
bool evtchn_fifo_is_pending(evtchn_port_t port);
bool evtchn_fifo_is_masked(evtchn_port_t port);
bool evtchn_fifo_is_linked(evtchn_port_t port);
void evtchn_fifo_mask(evtchn_port_t port);
/*
 * Linux's unmask: clear MASKED locally unless the port is pending or the
 * word is BUSY; then EVTCHNOP_unmask instead, which links it.
 */
void evtchn_fifo_unmask(evtchn_port_t port);

#endif /* GUEST_EVENT_FIFO_H */
