/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event channels in a PV guest kernel (2-level ABI; the FIFO ABI's upcall
 * is in guest/event_fifo.h and shares the counters and handlers here).
 *
 * evtchn_init() registers the upcall (event-entry.asm) with callback_op. The
 * upcall handler does what Linux's 2-level code does: clear
 * upcall_pending, take the selector word, and for each pending,
 * unmasked port clear its pending bit, count it and call its handler
 * (evtchn_bind_handler), until no upcall is pending. Handlers run with
 * events masked, on the interrupted stack: keep them short, no printk.
 *
 * Events start masked (vcpu_info.evtchn_upcall_mask = 1); events_enable()
 * clears the mask and, if something is already pending, makes a cheap
 * hypercall so the hypervisor delivers it (unmasking never traps).
 */
#ifndef GUEST_EVENT_H
#define GUEST_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <public/event_channel.h>
#include <public/xen.h>

#define NR_EVTCHN_PORTS 4096 /* 2-level ABI on x86-64 */

typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);

/* Register the event callback; 0 or the hypercall's error. */
long evtchn_init(void);

/*
 * The calling vCPU's vcpu_info in use (shared_info->vcpu_info[id], or
 * where VCPUOP_register_vcpu_info moved it).
 */
vcpu_info_t *evtchn_vcpu_info(void);
void evtchn_set_vcpu_info(vcpu_info_t *vi);

/*
 * The vCPU a port notifies, as the library knows it: set by
 * evtchn_bind_ipi/_virq (their vcpu) and evtchn_bind_vcpu, back to 0 by
 * evtchn_close; 0 for every other port (Xen binds new ports to vCPU 0).
 * An upcall takes only the ports of its own vCPU.
 */
unsigned int evtchn_port_cpu(evtchn_port_t port);

/* Upcalls delivered so far (all vCPUs), and per-port handled events. */
extern volatile unsigned long upcall_count;
extern volatile uint32_t evtchn_count[NR_EVTCHN_PORTS];

void evtchn_bind_handler(evtchn_port_t port, evtchn_handler_t fn, void *data);
/*
 * Count one event on @port and call its handler (ports below
 * NR_EVTCHN_PORTS; others are ignored): what an upcall does for each
 * port it takes, whichever ABI found it (the FIFO consumer in
 * guest/event_fifo.h calls it too).
 */
void evtchn_dispatch(evtchn_port_t port);
/* Make the upcall scan the 2-level bitmaps again (after EVTCHNOP_reset left FIFO). */
void evtchn_use_2l(void);

/* The virtual interrupt flag. */
void events_disable(void);
void events_enable(void);
bool events_enabled(void);

/* EVTCHNOP_* wrappers: 0 (port stored where asked) or a negative error. */
long evtchn_alloc_unbound(domid_t remote_dom, evtchn_port_t *port);
long evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port,
			     evtchn_port_t *local_port);
long evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port);
long evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port);
long evtchn_send(evtchn_port_t port);
long evtchn_close(evtchn_port_t port);
long evtchn_unmask(evtchn_port_t port);
long evtchn_status(domid_t dom, evtchn_port_t port, struct evtchn_status *status);
long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu);

/* The shared_info bits, set and cleared locally (no hypercall). */
void evtchn_mask(evtchn_port_t port);
/*
 * Linux's local unmask: clear the mask, re-raise the upcall if pending.
 * For a port of another vCPU: EVTCHNOP_unmask, which notifies that vCPU.
 */
void evtchn_unmask_local(evtchn_port_t port);
bool evtchn_is_pending(evtchn_port_t port);
bool evtchn_is_masked(evtchn_port_t port);
void evtchn_clear_pending(evtchn_port_t port);

#endif /* GUEST_EVENT_H */
