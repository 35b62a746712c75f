/* SPDX-License-Identifier: MIT */
/*
 * XEN_ARGO_OP_*: __HYPERVISOR_argo_op, hypervisor-mediated message
 * passing between domains: a receiver registers a ring in its own
 * memory, a sender's sendv is copied into it by the hypervisor, and
 * VIRQ_ARGO says something arrived. xen-like answers argo_op with
 * -ENOSYS; the interface is here for code built against Xen's headers.
 *
 * The one idea: a ring is addressed by (domain, port), optionally
 * restricted to one partner domain; messages are 16-byte-slot aligned
 * records headed by struct xen_argo_ring_message_header.
 */
#ifndef __XEN_PUBLIC_ARGO_H__
#define __XEN_PUBLIC_ARGO_H__

#include "xen.h"

#define XEN_ARGO_DOMID_ANY     DOMID_INVALID  /* ring open to every domain */
#define XEN_ARGO_MAX_RING_SIZE (0x1000000ULL) /* 16 MiB */

#ifndef __ASSEMBLY__
typedef uint32_t xen_argo_port_t;
typedef uint64_t xen_argo_gfn_t;
#endif

/* Most iovecs a sendv may gather. */
#define XEN_ARGO_MAXIOV 8U

#ifndef __ASSEMBLY__
typedef struct xen_argo_iov {
	XEN_GUEST_HANDLE(uint8) iov_hnd;
	uint32_t iov_len;
	uint32_t pad;
} xen_argo_iov_t;

typedef struct xen_argo_addr {
	xen_argo_port_t aport;
	domid_t domain_id;
	uint16_t pad;
} xen_argo_addr_t;

typedef struct xen_argo_send_addr {
	xen_argo_addr_t src;
	xen_argo_addr_t dst;
} xen_argo_send_addr_t;

/* The ring itself, in the receiver's memory. */
typedef struct xen_argo_ring {
	uint32_t rx_ptr; /* receiver: next byte to read */
	uint32_t tx_ptr; /* hypervisor: next byte to write */
	uint8_t reserved[56];
	__extension__ uint8_t ring[XEN_FLEX_ARRAY_DIM];
} xen_argo_ring_t;

typedef struct xen_argo_register_ring {
	xen_argo_port_t aport;
	domid_t partner_id; /* or XEN_ARGO_DOMID_ANY */
	uint16_t pad;
	uint32_t len;       /* bytes of ring[] */
} xen_argo_register_ring_t;

typedef struct xen_argo_unregister_ring {
	xen_argo_port_t aport;
	domid_t partner_id;
	uint16_t pad;
} xen_argo_unregister_ring_t;
#endif /* !__ASSEMBLY__ */

/* Messages start on multiples of this. */
#define XEN_ARGO_MSG_SLOT_SIZE 0x10

/* xen_argo_ring_data_ent.flags: what notify learnt about a ring. */
#define XEN_ARGO_RING_EXISTS     (1U << 0)
#define XEN_ARGO_RING_SHARED     (1U << 1) /* open to any domain */
#define XEN_ARGO_RING_EMPTY      (1U << 2)
#define XEN_ARGO_RING_SUFFICIENT (1U << 3) /* space_required fits now */
#define XEN_ARGO_RING_EMSGSIZE   (1U << 4) /* it never will */
#define XEN_ARGO_RING_EBUSY      (1U << 5) /* too many pending notifications */

#ifndef __ASSEMBLY__
typedef struct xen_argo_ring_data_ent {
	xen_argo_addr_t ring;
	uint16_t flags;            /* OUT: XEN_ARGO_RING_* */
	uint16_t pad;
	uint32_t space_required;   /* IN: notify me when this much is free */
	uint32_t max_message_size; /* OUT */
} xen_argo_ring_data_ent_t;

typedef struct xen_argo_ring_data {
	uint32_t nent;
	uint32_t pad;
	__extension__ xen_argo_ring_data_ent_t data[XEN_FLEX_ARRAY_DIM];
} xen_argo_ring_data_t;

struct xen_argo_ring_message_header {
	uint32_t len;         /* header included */
	xen_argo_addr_t source;
	uint32_t message_type;
	__extension__ uint8_t data[XEN_FLEX_ARRAY_DIM];
};
#endif /* !__ASSEMBLY__ */

/* argo_op(cmd, arg1, arg2, arg3, arg4): */
#define XEN_ARGO_OP_register_ring 1
#define XEN_ARGO_REGISTER_FLAG_FAIL_EXIST 0x1 /* fail if the ring exists */
#ifdef __XEN__
#define XEN_ARGO_REGISTER_FLAG_MASK XEN_ARGO_REGISTER_FLAG_FAIL_EXIST
#endif
#define XEN_ARGO_OP_unregister_ring 2
#define XEN_ARGO_OP_sendv           3
#define XEN_ARGO_OP_notify          4

#endif /* __XEN_PUBLIC_ARGO_H__ */
