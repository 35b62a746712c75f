/* SPDX-License-Identifier: MIT */
/*
 * event_channel_op: event channels, the PV interrupt mechanism. A port is
 * a per-domain number bound to one source (another domain's port, a
 * VIRQ, a physical IRQ, an IPI); raising the source sets the port's
 * pending bit and, unless masked, upcalls a vCPU.
 *
 * The one idea: a port only carries "something happened", never data;
 * data goes through shared memory (rings) and the port is the doorbell.
 * Port 0 is never allocated, so 0 can mean "none".
 */
#ifndef __XEN_PUBLIC_EVENT_CHANNEL_H__
#define __XEN_PUBLIC_EVENT_CHANNEL_H__

#include "xen.h"

/*
 * @op __HYPERVISOR_event_channel_op (32)
 * event_channel_op(int cmd, GUEST_PTR(void) arg): cmd is an EVTCHNOP_*
 * below, arg its structure, copied back for OUT fields.
 * Caller: any domain (per cmd below).
 * Errors: -ENOSYS (unknown cmd); -EFAULT (arg unreadable or, for OUT
 * fields, unwritable); per cmd below. Ports are valid (may be named)
 * up to the end of the highest 64-port bucket ever allocated; beyond
 * that -EINVAL. Ports are allocated below 4096 with the 2-level ABI and
 * below EVTCHN_FIFO_NR_CHANNELS (131072) once the domain switched to the
 * FIFO ABI (EVTCHNOP_init_control).
 * Implemented: yes: both ABIs
 */
#define EVTCHNOP_bind_interdomain 0
#define EVTCHNOP_bind_virq        1
#define EVTCHNOP_bind_pirq        2
#define EVTCHNOP_close            3
#define EVTCHNOP_send             4
#define EVTCHNOP_status           5
#define EVTCHNOP_alloc_unbound    6
#define EVTCHNOP_bind_ipi         7
#define EVTCHNOP_bind_vcpu        8
#define EVTCHNOP_unmask           9
#define EVTCHNOP_reset            10
#define EVTCHNOP_init_control     11
#define EVTCHNOP_expand_array     12
#define EVTCHNOP_set_priority     13
#ifdef __XEN__
/* The hypervisor's own continuation of EVTCHNOP_reset (Xen hides it from guests too). */
#define EVTCHNOP_reset_cont       14
#endif

typedef uint32_t evtchn_port_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_port_t);

/*
 * @op EVTCHNOP_alloc_unbound (6)
 * Allocates a port in domain dom that waits for remote_dom to bind to it.
 * IN  dom: owner of the new port (DOMID_SELF or a domain the caller
 * controls). IN remote_dom: who may bind to it (DOMID_SELF allowed).
 * OUT port: the new port.
 * Caller: any domain for itself; the toolstack for another domain.
 * Errors: -EFAULT; -ESRCH (dom missing; remote_dom is not checked, as
 * on Xen); -EPERM (no privilege over dom); -ENOSPC (no free port).
 * Implemented: yes
 */
struct evtchn_alloc_unbound {
	domid_t dom, remote_dom; /* IN */
	evtchn_port_t port;      /* OUT */
};
typedef struct evtchn_alloc_unbound evtchn_alloc_unbound_t;

/*
 * @op EVTCHNOP_bind_interdomain (0)
 * Connects a new local port to an unbound port of remote_dom that was
 * allocated for the caller. Both ends become "interdomain".
 * IN  remote_dom, remote_port. OUT local_port.
 * Caller: any domain.
 * Errors: -EFAULT; -ESRCH (remote_dom missing); -EINVAL (remote_port out
 * of range or not unbound-for-the-caller); -ENOSPC (no free local port);
 * -EPERM (refused by policy). The new local port is raised once (an
 * event sent while the remote port was unbound would be lost).
 * Implemented: yes (remote_dom may be DOMID_SELF: a loopback channel)
 */
struct evtchn_bind_interdomain {
	domid_t remote_dom;         /* IN */
	evtchn_port_t remote_port;  /* IN */
	evtchn_port_t local_port;   /* OUT */
};
typedef struct evtchn_bind_interdomain evtchn_bind_interdomain_t;

/*
 * @op EVTCHNOP_bind_virq (1)
 * Binds a new port to a VIRQ on a vCPU (global VIRQs: vCPU 0 only).
 * IN  virq: VIRQ_*. IN vcpu. OUT port.
 * Caller: any domain (Xen 4.17 lets any domain bind any VIRQ; only
 * dom0 is ever sent the global ones).
 * Errors: -EFAULT; -EINVAL (virq >= NR_VIRQS, global VIRQ not on vCPU 0);
 * -ENOENT (no such vCPU); -EEXIST (VIRQ already bound on that vCPU);
 * -ENOSPC (no free port).
 * Implemented: yes (TIMER, DEBUG from debug key q, CONSOLE on serial input, DOM_EXC on a domU shutdown; the others bind but never fire yet)
 */
struct evtchn_bind_virq {
	uint32_t virq;      /* IN */
	uint32_t vcpu;      /* IN */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_virq evtchn_bind_virq_t;

/*
 * @op EVTCHNOP_bind_pirq (2)
 * Binds a new port, on vCPU 0, to a PIRQ the domain mapped
 * (PHYSDEVOP_map_pirq): the line starts, and each of its interrupts
 * raises the port. A level-triggered line stays masked until every
 * domain on it has EOIed (PHYSDEVOP_eoi); its bit in the PIRQ EOI bitmap
 * is set, an edge line's clear.
 * IN  pirq. IN flags: BIND_PIRQ__WILL_SHARE. OUT port.
 * Caller: a domain granted the IRQ (in practice the hardware domain).
 * Errors: -EFAULT; -EINVAL (pirq out of range); -EPERM (not mapped, or no
 * access to its IRQ); -EEXIST (already bound); -EBUSY (the line is
 * another's and one side will not share, or 32 share it already);
 * -ENOSPC.
 * Implemented: yes
 */
struct evtchn_bind_pirq {
	uint32_t pirq;      /* IN */
#define BIND_PIRQ__WILL_SHARE 1
	uint32_t flags;     /* IN */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_pirq evtchn_bind_pirq_t;

/*
 * @op EVTCHNOP_bind_ipi (7)
 * Binds a new port to an inter-vCPU notification delivered on vcpu;
 * sending on it from any vCPU of the domain notifies vcpu.
 * IN  vcpu. OUT port.
 * Caller: any domain.
 * Errors: -EFAULT; -ENOENT (no such vCPU); -ENOSPC.
 * Implemented: yes
 */
struct evtchn_bind_ipi {
	uint32_t vcpu;      /* IN */
	evtchn_port_t port; /* OUT */
};
typedef struct evtchn_bind_ipi evtchn_bind_ipi_t;

/*
 * @op EVTCHNOP_close (3)
 * Closes a port; an interdomain peer becomes unbound again.
 * IN  port.
 * Caller: any domain, for its own ports.
 * Errors: -EFAULT; -EINVAL (port out of range, port 0, or already closed).
 * Implemented: yes
 */
struct evtchn_close {
	evtchn_port_t port; /* IN */
};
typedef struct evtchn_close evtchn_close_t;

/*
 * @op EVTCHNOP_send (4)
 * Raises the event at the other end of an interdomain or IPI port.
 * IN  port.
 * Caller: any domain, for its own ports.
 * Errors: -EFAULT; -EINVAL (port out of range, closed, port 0, or bound
 * to a VIRQ/PIRQ). On an unbound port the event is dropped (returns 0).
 * Implemented: yes
 */
struct evtchn_send {
	evtchn_port_t port; /* IN */
};
typedef struct evtchn_send evtchn_send_t;

/*
 * @op EVTCHNOP_status (5)
 * Reports what a port of dom is bound to.
 * IN  dom, port. OUT status: EVTCHNSTAT_*; OUT vcpu: notified vCPU;
 * OUT u: details for the status.
 * Caller: any domain for itself; a privileged domain for others.
 * Errors: -EFAULT; -ESRCH (dom missing); -EPERM (no privilege over dom);
 * -EINVAL (port out of range). Port 0 reports closed.
 * Implemented: yes
 */
struct evtchn_status {
	domid_t dom;        /* IN */
	evtchn_port_t port; /* IN */
#define EVTCHNSTAT_closed      0 /* free */
#define EVTCHNSTAT_unbound     1 /* waiting for u.unbound.dom */
#define EVTCHNSTAT_interdomain 2 /* connected to u.interdomain */
#define EVTCHNSTAT_pirq        3 /* bound to physical IRQ u.pirq */
#define EVTCHNSTAT_virq        4 /* bound to VIRQ u.virq */
#define EVTCHNSTAT_ipi         5 /* bound to an IPI */
	uint32_t status;    /* OUT */
	uint32_t vcpu;      /* OUT */
	union {
		struct {
			domid_t dom;
		} unbound;
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u;                /* OUT */
};
typedef struct evtchn_status evtchn_status_t;

/*
 * @op EVTCHNOP_bind_vcpu (8)
 * Changes which vCPU is notified for a port (VIRQ ports: global VIRQs
 * only; interdomain, unbound and PIRQ ports).
 * IN  port, vcpu.
 * Caller: any domain, for its own ports.
 * Errors: -EFAULT; -ENOENT (no such vCPU); -EINVAL (port not bound, or
 * a per-vCPU VIRQ or IPI port).
 * Implemented: yes
 */
struct evtchn_bind_vcpu {
	evtchn_port_t port; /* IN */
	uint32_t vcpu;      /* IN */
};
typedef struct evtchn_bind_vcpu evtchn_bind_vcpu_t;

/*
 * @op EVTCHNOP_unmask (9)
 * Clears a port's mask bit and, if the port is pending, re-raises the
 * upcall (a guest may also clear the bit itself and check pending). In
 * the FIFO ABI a pending port is linked onto its queue again. On a
 * closed port it does nothing.
 * IN  port.
 * Caller: any domain, for its own ports.
 * Errors: -EFAULT; -EINVAL (port out of range).
 * Implemented: yes
 */
struct evtchn_unmask {
	evtchn_port_t port; /* IN */
};
typedef struct evtchn_unmask evtchn_unmask_t;

/*
 * @op EVTCHNOP_reset (10)
 * Closes every port of dom and returns it to the 2-level ABI (the FIFO
 * control blocks and event array pages are released). Preemptible: the
 * hypervisor continues a long reset itself with EVTCHNOP_reset_cont.
 * IN  dom.
 * Caller: the domain itself or a privileged domain.
 * Errors: -EFAULT; -ESRCH; -EPERM; -EINVAL (another domain that is not
 * paused); -EBUSY (a reset of dom is already in progress); -EAGAIN (a
 * port was bound meanwhile, so the ABI was not switched back: retry).
 * Implemented: yes (only a domain's own ports: nothing can pause a domain yet)
 *
 * @op EVTCHNOP_reset_cont (14)
 * Continues a preempted EVTCHNOP_reset (same argument).
 * IN  dom.
 * Caller: as EVTCHNOP_reset (in practice the hypervisor's continuation).
 * Errors: as EVTCHNOP_reset; -EBUSY when no reset of dom is in progress.
 * Implemented: yes
 */
struct evtchn_reset {
	domid_t dom; /* IN */
};
typedef struct evtchn_reset evtchn_reset_t;

/*
 * @op EVTCHNOP_init_control (11)
 * Registers vcpu's FIFO control block (at control_gfn + offset; for a PV
 * guest the GFN is the MFN) and, on the domain's first call, switches it
 * from the 2-level to the FIFO event ABI with an empty event array (add
 * pages with EVTCHNOP_expand_array). Ports bound before the switch keep
 * their binding, get priority EVTCHN_FIFO_PRIORITY_DEFAULT, and those
 * pending are raised again once their event word exists. The frame is
 * kept (a writable type reference) until EVTCHNOP_reset or destruction.
 * Guests fall back to 2-level on error.
 * IN  control_gfn, offset (8-byte aligned, block fits in the page), vcpu.
 * OUT link_bits: EVTCHN_FIFO_LINK_BITS.
 * Caller: any domain.
 * Errors: -EFAULT; -ENOENT (no such vCPU); -EINVAL (offset beyond
 * PAGE_SIZE - sizeof(evtchn_fifo_control_block) or not 8-byte aligned,
 * a frame the domain does not own or that cannot be writable, control
 * block already set for vcpu); -ENOMEM.
 * Implemented: yes
 */
struct evtchn_init_control {
	uint64_t control_gfn; /* IN */
	uint32_t offset;      /* IN */
	uint32_t vcpu;        /* IN */
	uint8_t link_bits;    /* OUT */
	uint8_t _pad[7];
};
typedef struct evtchn_init_control evtchn_init_control_t;

/*
 * @op EVTCHNOP_expand_array (12)
 * Adds one page of FIFO event words (1024 ports) to the event array; the
 * guest initialises its words (Linux masks them all) before the call.
 * Pending ports the new page covers are raised. At most
 * EVTCHN_FIFO_NR_CHANNELS / 1024 = 128 pages.
 * IN  array_gfn (for a PV guest, the MFN).
 * Caller: any domain using the FIFO ABI.
 * Errors: -EFAULT; -EOPNOTSUPP (FIFO not initialised); -EINVAL (a frame
 * the domain does not own or that cannot be writable); -ENOSPC (array
 * already at its maximum); -ENOMEM.
 * Implemented: yes
 */
struct evtchn_expand_array {
	uint64_t array_gfn; /* IN */
};
typedef struct evtchn_expand_array evtchn_expand_array_t;

/*
 * @op EVTCHNOP_set_priority (13)
 * Sets a port's FIFO queue priority (0 highest .. 15 lowest; a new port
 * has EVTCHN_FIFO_PRIORITY_DEFAULT, 7). It applies to the port's next
 * linking: an event already queued stays where it is.
 * IN  port. IN priority: EVTCHN_FIFO_PRIORITY_MAX..MIN.
 * Caller: any domain using the FIFO ABI.
 * Errors: -EFAULT; -EINVAL (port out of range, priority above 15);
 * -ENOSYS (the domain uses the 2-level ABI; checked after the port);
 * -EACCES (port closed or port 0).
 * Implemented: yes
 */
struct evtchn_set_priority {
	evtchn_port_t port; /* IN */
	uint32_t priority;  /* IN */
};
typedef struct evtchn_set_priority evtchn_set_priority_t;

/*
 * @op __HYPERVISOR_event_channel_op_compat (16)
 * Old form taking a struct evtchn_op (cmd and argument in one block).
 * Not handled by this hypervisor.
 * Caller: nobody.
 * Errors: -ENOSYS always.
 * Implemented: not planned
 */
struct evtchn_op {
	uint32_t cmd; /* IN: EVTCHNOP_* */
	union {
		evtchn_alloc_unbound_t alloc_unbound;
		evtchn_bind_interdomain_t bind_interdomain;
		evtchn_bind_virq_t bind_virq;
		evtchn_bind_pirq_t bind_pirq;
		evtchn_bind_ipi_t bind_ipi;
		evtchn_close_t close;
		evtchn_send_t send;
		evtchn_status_t status;
		evtchn_bind_vcpu_t bind_vcpu;
		evtchn_unmask_t unmask;
	} u;
};
typedef struct evtchn_op evtchn_op_t;
DEFINE_XEN_GUEST_HANDLE(evtchn_op_t);

/* 2-level ABI: one pending and one mask bit per port in shared_info. */
#define EVTCHN_2L_NR_CHANNELS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

/*
 * FIFO ABI: one 32-bit event word per port, in guest pages the hypervisor
 * maps (EVTCHNOP_expand_array), and per vCPU a control block with one
 * queue per priority. The hypervisor links a raised, unmasked port onto
 * the tail of its vCPU's queue for its priority (the LINK field of the
 * previous tail, or head[] when the queue was empty, then bit q of
 * ready); the guest consumes from head[] (which it owns once a queue is
 * non-empty), clearing LINKED. BUSY is set by the hypervisor on a tail
 * word it is relinking; a guest must not unmask locally while it is set.
 */
#define EVTCHN_FIFO_PRIORITY_MAX     0
#define EVTCHN_FIFO_PRIORITY_DEFAULT 7
#define EVTCHN_FIFO_PRIORITY_MIN     15
#define EVTCHN_FIFO_MAX_QUEUES (EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;

#define EVTCHN_FIFO_PENDING 31 /* bit numbers in an event word */
#define EVTCHN_FIFO_MASKED  30
#define EVTCHN_FIFO_LINKED  29
#define EVTCHN_FIFO_BUSY    28
#define EVTCHN_FIFO_LINK_BITS 17
#define EVTCHN_FIFO_LINK_MASK ((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS (1 << EVTCHN_FIFO_LINK_BITS)

struct evtchn_fifo_control_block {
	uint32_t ready; /* hypervisor sets bit q when queue q is non-empty */
	uint32_t _rsvd;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES]; /* guest-owned queue heads */
};
typedef struct evtchn_fifo_control_block evtchn_fifo_control_block_t;

#endif /* __XEN_PUBLIC_EVENT_CHANNEL_H__ */
