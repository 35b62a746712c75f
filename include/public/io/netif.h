/* SPDX-License-Identifier: MIT */
/*
 * Network frontend/backend protocol (netfront/netback): a transmit ring
 * and a receive ring (see ring.h) in pages the frontend grants, an
 * event channel per ring or one for both, and optionally a control
 * ring for receive-side hashing. xenstore carries the handshake
 * ("tx-ring-ref", "rx-ring-ref", "event-channel", "feature-*" offers,
 * "request-*" choices, "multi-queue-num-queues").
 *
 * The one idea: a packet is a chain of slots, each a granted page
 * fragment; NETTXF_more_data / NETRXF_more_data links a slot to the
 * next, and NETTXF_extra_info / NETRXF_extra_info says a struct
 * netif_extra_info (GSO, multicast, hash) takes the next slot.
 */
#ifndef __XEN_PUBLIC_IO_NETIF_H__
#define __XEN_PUBLIC_IO_NETIF_H__

#include "ring.h"
#include "../grant_table.h"

/* Slots a backend must accept for one packet, at least. */
#define XEN_NETIF_NR_SLOTS_MIN 18

/* Control ring: the packet header fields a receive hash may cover. */
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4 0
#define XEN_NETIF_CTRL_HASH_TYPE_IPV4 \
	(1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV4)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP 1
#define XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP \
	(1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV4_TCP)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6 2
#define XEN_NETIF_CTRL_HASH_TYPE_IPV6 \
	(1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV6)
#define _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP 3
#define XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP \
	(1 << _XEN_NETIF_CTRL_HASH_TYPE_IPV6_TCP)

/* ... and the algorithms. */
#define XEN_NETIF_CTRL_HASH_ALGORITHM_NONE     0
#define XEN_NETIF_CTRL_HASH_ALGORITHM_TOEPLITZ 1

#ifdef XEN_NETIF_DEFINE_TOEPLITZ
/*
 * The Toeplitz hash of buf under key: for every set bit of the input
 * (most significant first), XOR in the 32 key bits that start at that
 * bit position; key bits past keylen count as zero. Frontend and
 * backend must agree on it bit for bit.
 */
static uint32_t xen_netif_toeplitz_hash(const uint8_t *key,
					unsigned int keylen,
					const uint8_t *buf,
					unsigned int buflen)
{
	uint64_t window = 0; /* key bits [pos, pos + 64) */
	uint64_t hash = 0;
	unsigned int next = 0; /* next key byte to shift in */
	unsigned int i, b;

	for (; next < 8; next++)
		window = (window << 8) | (next < keylen ? key[next] : 0);

	for (i = 0; i < buflen; i++) {
		for (b = 0; b < 8; b++) {
			if (buf[i] & (0x80 >> b))
				hash ^= window;
			window <<= 1;
		}
		window |= next < keylen ? key[next] : 0;
		next++;
	}
	return hash >> 32;
}
#endif

#ifndef __ASSEMBLY__
/* A control ring request: type selects what data[] means. */
struct xen_netif_ctrl_request {
	uint16_t id;   /* echoed in the response */
	uint16_t type; /* XEN_NETIF_CTRL_TYPE_* */
#define XEN_NETIF_CTRL_TYPE_INVALID               0
#define XEN_NETIF_CTRL_TYPE_GET_HASH_FLAGS        1
#define XEN_NETIF_CTRL_TYPE_SET_HASH_FLAGS        2
#define XEN_NETIF_CTRL_TYPE_SET_HASH_KEY          3
#define XEN_NETIF_CTRL_TYPE_GET_HASH_MAPPING_SIZE 4
#define XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING_SIZE 5
#define XEN_NETIF_CTRL_TYPE_SET_HASH_MAPPING      6
#define XEN_NETIF_CTRL_TYPE_SET_HASH_ALGORITHM    7
#define XEN_NETIF_CTRL_TYPE_GET_GREF_MAPPING_SIZE 8
#define XEN_NETIF_CTRL_TYPE_ADD_GREF_MAPPING      9
#define XEN_NETIF_CTRL_TYPE_DEL_GREF_MAPPING      10
	uint32_t data[3];
};

struct xen_netif_ctrl_response {
	uint16_t id;     /* the request's id */
	uint16_t type;   /* the request's type */
	uint32_t status; /* XEN_NETIF_CTRL_STATUS_* */
#define XEN_NETIF_CTRL_STATUS_SUCCESS           0
#define XEN_NETIF_CTRL_STATUS_NOT_SUPPORTED     1
#define XEN_NETIF_CTRL_STATUS_INVALID_PARAMETER 2
#define XEN_NETIF_CTRL_STATUS_BUFFER_OVERFLOW   3
	uint32_t data;   /* result, for the GET_* types */
};

/* An entry of the grant list of ADD/DEL_GREF_MAPPING. */
struct xen_netif_gref {
	grant_ref_t ref;
	uint16_t flags;  /* XEN_NETIF_CTRLF_GREF_* */
#define _XEN_NETIF_CTRLF_GREF_readonly 0
#define XEN_NETIF_CTRLF_GREF_readonly (1U << _XEN_NETIF_CTRLF_GREF_readonly)
	uint16_t status; /* OUT: XEN_NETIF_CTRL_STATUS_* */
};

DEFINE_RING_TYPES(xen_netif_ctrl, struct xen_netif_ctrl_request,
		  struct xen_netif_ctrl_response);
#endif /* !__ASSEMBLY__ */

/* netif_tx_request.flags */
#define _NETTXF_csum_blank     (0) /* checksum still to be computed */
#define NETTXF_csum_blank      (1U << _NETTXF_csum_blank)
#define _NETTXF_data_validated (1) /* checksum already verified */
#define NETTXF_data_validated  (1U << _NETTXF_data_validated)
#define _NETTXF_more_data      (2) /* another slot of this packet follows */
#define NETTXF_more_data       (1U << _NETTXF_more_data)
#define _NETTXF_extra_info     (3) /* a netif_extra_info follows */
#define NETTXF_extra_info      (1U << _NETTXF_extra_info)

#define XEN_NETIF_MAX_TX_SIZE 0xFFFF

#ifndef __ASSEMBLY__
struct netif_tx_request {
	grant_ref_t gref; /* page holding the data */
	uint16_t offset;  /* of the data in the page */
	uint16_t flags;   /* NETTXF_* */
	uint16_t id;      /* echoed in the response */
	uint16_t size;    /* first slot: whole packet; others: this slot */
};
typedef struct netif_tx_request netif_tx_request_t;
#endif

/* netif_extra_info.type */
#define XEN_NETIF_EXTRA_TYPE_NONE      (0)
#define XEN_NETIF_EXTRA_TYPE_GSO       (1) /* u.gso */
#define XEN_NETIF_EXTRA_TYPE_MCAST_ADD (2) /* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_MCAST_DEL (3) /* u.mcast */
#define XEN_NETIF_EXTRA_TYPE_HASH      (4) /* u.hash */
#define XEN_NETIF_EXTRA_TYPE_MAX       (5)

/* netif_extra_info.flags */
#define _XEN_NETIF_EXTRA_FLAG_MORE (0) /* another extra slot follows */
#define XEN_NETIF_EXTRA_FLAG_MORE  (1U << _XEN_NETIF_EXTRA_FLAG_MORE)

/* u.gso.type */
#define XEN_NETIF_GSO_TYPE_NONE  (0)
#define XEN_NETIF_GSO_TYPE_TCPV4 (1)
#define XEN_NETIF_GSO_TYPE_TCPV6 (2)

#ifndef __ASSEMBLY__
/* An extra-information slot; same size as a request or response. */
struct netif_extra_info {
	uint8_t type;  /* XEN_NETIF_EXTRA_TYPE_* */
	uint8_t flags; /* XEN_NETIF_EXTRA_FLAG_* */
	union {
		struct {
			uint16_t size;     /* MSS of the segments */
			uint8_t type;      /* XEN_NETIF_GSO_TYPE_* */
			uint8_t pad;
			uint16_t features; /* none defined */
		} gso;
		struct {
			uint8_t addr[6];   /* Ethernet address */
		} mcast;
		struct {
			uint8_t type;      /* _XEN_NETIF_CTRL_HASH_TYPE_* */
			uint8_t algorithm; /* XEN_NETIF_CTRL_HASH_ALGORITHM_* */
			uint8_t value[4];  /* the hash, little-endian */
		} hash;
		uint16_t pad[3];
	} u;
};
typedef struct netif_extra_info netif_extra_info_t;

struct netif_tx_response {
	uint16_t id;
	int16_t status; /* NETIF_RSP_* */
};
typedef struct netif_tx_response netif_tx_response_t;

struct netif_rx_request {
	uint16_t id;      /* echoed in the response */
	uint16_t pad;
	grant_ref_t gref; /* an empty page for the backend to fill */
};
typedef struct netif_rx_request netif_rx_request_t;
#endif /* !__ASSEMBLY__ */

/* netif_rx_response.flags */
#define _NETRXF_data_validated (0)
#define NETRXF_data_validated  (1U << _NETRXF_data_validated)
#define _NETRXF_csum_blank     (1)
#define NETRXF_csum_blank      (1U << _NETRXF_csum_blank)
#define _NETRXF_more_data      (2)
#define NETRXF_more_data       (1U << _NETRXF_more_data)
#define _NETRXF_extra_info     (3)
#define NETRXF_extra_info      (1U << _NETRXF_extra_info)
#define _NETRXF_gso_prefix     (4) /* this slot only carries GSO info */
#define NETRXF_gso_prefix      (1U << _NETRXF_gso_prefix)

#ifndef __ASSEMBLY__
struct netif_rx_response {
	uint16_t id;
	uint16_t offset; /* of the data in the page */
	uint16_t flags;  /* NETRXF_* */
	int16_t status;  /* > 0: bytes of data; otherwise NETIF_RSP_* */
};
typedef struct netif_rx_response netif_rx_response_t;

DEFINE_RING_TYPES(netif_tx, struct netif_tx_request, struct netif_tx_response);
DEFINE_RING_TYPES(netif_rx, struct netif_rx_request, struct netif_rx_response);
#endif /* !__ASSEMBLY__ */

#define NETIF_RSP_DROPPED -2
#define NETIF_RSP_ERROR   -1
#define NETIF_RSP_OKAY     0
#define NETIF_RSP_NULL     1 /* no response: a padding slot */

#endif /* __XEN_PUBLIC_IO_NETIF_H__ */
