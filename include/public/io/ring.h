/* SPDX-License-Identifier: MIT */
/*
 * Generic request/response rings shared between a frontend (in a guest)
 * and a backend (in another domain), as used by the split PV drivers.
 *
 * The one idea: one shared page holds four free-running indices and an
 * array of slots, each slot a union of one request and one response.
 * The frontend produces requests and consumes responses; the backend the
 * opposite. Each side keeps private copies of its own indices (the
 * front_ring / back_ring structs, never shared, so they may hold a
 * pointer) and publishes them with PUSH after a write barrier. The
 * *_event indices let a side say "notify me when the peer's producer
 * index passes this value", which avoids needless event-channel kicks.
 *
 * Macros using SHARED_RING_INIT need memset(); the barriers xen_mb(),
 * xen_rmb(), xen_wmb() default to GCC primitives and may be predefined.
 */
#ifndef __XEN_PUBLIC_IO_RING_H__
#define __XEN_PUBLIC_IO_RING_H__

#include <stddef.h>
#include <stdint.h>

#ifndef xen_mb
#define xen_mb()  __sync_synchronize()
#endif
#ifndef xen_rmb
#define xen_rmb() __asm__ __volatile__("" ::: "memory") /* x86: loads are ordered */
#endif
#ifndef xen_wmb
#define xen_wmb() __asm__ __volatile__("" ::: "memory") /* x86: stores are ordered */
#endif

typedef unsigned int RING_IDX;

/* Round a 32-bit value down to a power of two, in a constant expression. */
#define __RD2(_x)  (((_x) & 0x00000002) ? 0x2 : ((_x) & 0x1))
#define __RD4(_x)  (((_x) & 0x0000000c) ? __RD2((_x) >> 2) << 2 : __RD2(_x))
#define __RD8(_x)  (((_x) & 0x000000f0) ? __RD4((_x) >> 4) << 4 : __RD4(_x))
#define __RD16(_x) (((_x) & 0x0000ff00) ? __RD8((_x) >> 8) << 8 : __RD8(_x))
#define __RD32(_x) (((_x) & 0xffff0000) ? __RD16((_x) >> 16) << 16 : __RD16(_x))

/*
 * Slots that fit in _sz bytes of ring _s, rounded down to a power of
 * two. The CONST form is a constant expression for struct type _s.
 */
#define __CONST_RING_SIZE(_s, _sz)                                  \
	(__RD32(((_sz) - offsetof(struct _s##_sring, ring)) /       \
		sizeof(((struct _s##_sring *)0)->ring[0])))
#define __RING_SIZE(_s, _sz)                                        \
	(__RD32(((_sz) - (long)(_s)->ring + (long)(_s)) / sizeof((_s)->ring[0])))

/*
 * DEFINE_RING_TYPES(tag, request_t, response_t) declares
 * tag_sring_t (the shared page), tag_front_ring_t and tag_back_ring_t.
 * Shared layout: 4 indices, 4 bytes of per-protocol private data, 44
 * bytes of padding, then the slots from byte 64.
 */
#define DEFINE_RING_TYPES(__name, __req_t, __rsp_t)                 \
union __name##_sring_entry {                                        \
	__req_t req;                                                \
	__rsp_t rsp;                                                \
};                                                                  \
struct __name##_sring {                                             \
	RING_IDX req_prod, req_event;                               \
	RING_IDX rsp_prod, rsp_event;                               \
	union {                                                     \
		struct {                                            \
			uint8_t smartpoll_active;                   \
		} netif;                                            \
		struct {                                            \
			uint8_t msg;                                \
		} tapif_user;                                       \
		uint8_t pvt_pad[4];                                 \
	} pvt;                                                      \
	uint8_t __pad[44];                                          \
	union __name##_sring_entry ring[1]; /* really variable */   \
};                                                                  \
struct __name##_front_ring {                                        \
	RING_IDX req_prod_pvt;                                      \
	RING_IDX rsp_cons;                                          \
	unsigned int nr_ents;                                       \
	struct __name##_sring *sring;                               \
};                                                                  \
struct __name##_back_ring {                                         \
	RING_IDX rsp_prod_pvt;                                      \
	RING_IDX req_cons;                                          \
	unsigned int nr_ents;                                       \
	struct __name##_sring *sring;                               \
};                                                                  \
typedef struct __name##_sring __name##_sring_t;                     \
typedef struct __name##_front_ring __name##_front_ring_t;           \
typedef struct __name##_back_ring __name##_back_ring_t

/* Setting up: the side that owns the page initialises it. */
#define SHARED_RING_INIT(_s) do {                                           \
	(_s)->req_prod = (_s)->rsp_prod = 0;                                \
	(_s)->req_event = (_s)->rsp_event = 1;                              \
	(void)memset((_s)->pvt.pvt_pad, 0, sizeof((_s)->pvt.pvt_pad));      \
	(void)memset((_s)->__pad, 0, sizeof((_s)->__pad));                  \
} while (0)

#define FRONT_RING_ATTACH(_r, _s, _i, __size) do {  \
	(_r)->req_prod_pvt = (_i);                  \
	(_r)->rsp_cons = (_i);                      \
	(_r)->nr_ents = __RING_SIZE(_s, __size);    \
	(_r)->sring = (_s);                         \
} while (0)
#define FRONT_RING_INIT(_r, _s, __size) FRONT_RING_ATTACH(_r, _s, 0, __size)
#define XEN_FRONT_RING_INIT(r, s, size) do {        \
	SHARED_RING_INIT(s);                        \
	FRONT_RING_INIT(r, s, size);                \
} while (0)

#define BACK_RING_ATTACH(_r, _s, _i, __size) do {   \
	(_r)->rsp_prod_pvt = (_i);                  \
	(_r)->req_cons = (_i);                      \
	(_r)->nr_ents = __RING_SIZE(_s, __size);    \
	(_r)->sring = (_s);                         \
} while (0)
#define BACK_RING_INIT(_r, _s, __size) BACK_RING_ATTACH(_r, _s, 0, __size)

/* Capacity and occupancy. */
#define RING_SIZE(_r) ((_r)->nr_ents)
#define RING_FREE_REQUESTS(_r) \
	(RING_SIZE(_r) - ((_r)->req_prod_pvt - (_r)->rsp_cons)) /* front only */
#define RING_FULL(_r) (RING_FREE_REQUESTS(_r) == 0)

#define XEN_RING_NR_UNCONSUMED_RESPONSES(_r) \
	((_r)->sring->rsp_prod - (_r)->rsp_cons)

/*
 * Requests the backend may take: what the frontend published, but never
 * more than the free slots (a bad frontend cannot make us overrun our
 * responses). req_prod is read once, it is shared.
 */
#ifdef __GNUC__
#define XEN_RING_NR_UNCONSUMED_REQUESTS(_r) __extension__ ({           \
	unsigned int req_ = (_r)->sring->req_prod - (_r)->req_cons;     \
	unsigned int rsp_ = RING_SIZE(_r) -                             \
			    ((_r)->req_cons - (_r)->rsp_prod_pvt);      \
	req_ < rsp_ ? req_ : rsp_;                                      \
})
#else
#define XEN_RING_NR_UNCONSUMED_REQUESTS(_r)                             \
	((((_r)->sring->req_prod - (_r)->req_cons) <                    \
	  (RING_SIZE(_r) - ((_r)->req_cons - (_r)->rsp_prod_pvt))) ?    \
	 ((_r)->sring->req_prod - (_r)->req_cons) :                     \
	 (RING_SIZE(_r) - ((_r)->req_cons - (_r)->rsp_prod_pvt)))
#endif

#define RING_HAS_UNCONSUMED_RESPONSES(_r) XEN_RING_NR_UNCONSUMED_RESPONSES(_r)
#define RING_HAS_UNCONSUMED_REQUESTS(_r)  XEN_RING_NR_UNCONSUMED_REQUESTS(_r)

/* Slot access; the index is free-running and masked here. */
#define RING_GET_REQUEST(_r, _idx) \
	(&((_r)->sring->ring[((_idx) & (RING_SIZE(_r) - 1))].req))
#define RING_GET_RESPONSE(_r, _idx) \
	(&((_r)->sring->ring[((_idx) & (RING_SIZE(_r) - 1))].rsp))

/*
 * Copy a slot to private memory before looking at it: the peer can
 * change shared memory at any time, so check the copy, not the slot.
 * The volatile read stops the compiler from re-reading the slot.
 */
#define RING_COPY_(type, r, idx, dest) do {                                  \
	*(dest) = *(volatile __typeof__(dest))RING_GET_##type(r, idx);       \
} while (0)
#define RING_COPY_REQUEST(r, idx, req)  RING_COPY_(REQUEST, r, idx, req)
#define RING_COPY_RESPONSE(r, idx, rsp) RING_COPY_(RESPONSE, r, idx, rsp)

/* Sanity checks a backend (or frontend) applies to indices it is given. */
#define RING_REQUEST_CONS_OVERFLOW(_r, _cons) \
	(((_cons) - (_r)->rsp_prod_pvt) >= RING_SIZE(_r))
#define RING_REQUEST_PROD_OVERFLOW(_r, _prod) \
	(((_prod) - (_r)->rsp_prod_pvt) > RING_SIZE(_r))
#define RING_RESPONSE_PROD_OVERFLOW(_r, _prod) \
	(((_prod) - (_r)->rsp_cons) > RING_SIZE(_r))

/* Publishing: slots first, barrier, then the index. */
#define RING_PUSH_REQUESTS(_r) do {                     \
	xen_wmb();                                      \
	(_r)->sring->req_prod = (_r)->req_prod_pvt;     \
} while (0)
#define RING_PUSH_RESPONSES(_r) do {                    \
	xen_wmb();                                      \
	(_r)->sring->rsp_prod = (_r)->rsp_prod_pvt;     \
} while (0)

/*
 * Publish and decide whether to notify: only if the peer's event index
 * lies in (old, new], i.e. it asked to hear about one of the new entries.
 */
#define RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(_r, _notify) do {       \
	RING_IDX __old = (_r)->sring->req_prod;                     \
	RING_IDX __new = (_r)->req_prod_pvt;                        \
	xen_wmb();                                                  \
	(_r)->sring->req_prod = __new;                              \
	xen_mb();                                                   \
	(_notify) = ((RING_IDX)(__new - (_r)->sring->req_event) <   \
		     (RING_IDX)(__new - __old));                    \
} while (0)
#define RING_PUSH_RESPONSES_AND_CHECK_NOTIFY(_r, _notify) do {      \
	RING_IDX __old = (_r)->sring->rsp_prod;                     \
	RING_IDX __new = (_r)->rsp_prod_pvt;                        \
	xen_wmb();                                                  \
	(_r)->sring->rsp_prod = __new;                              \
	xen_mb();                                                   \
	(_notify) = ((RING_IDX)(__new - (_r)->sring->rsp_event) <   \
		     (RING_IDX)(__new - __old));                    \
} while (0)

/*
 * Before going idle: ask to be notified of the next entry, then look
 * again, so an entry published in between is not missed.
 */
#define RING_FINAL_CHECK_FOR_REQUESTS(_r, _work_to_do) do {             \
	(_work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(_r);               \
	if (_work_to_do)                                                \
		break;                                                  \
	(_r)->sring->req_event = (_r)->req_cons + 1;                    \
	xen_mb();                                                       \
	(_work_to_do) = RING_HAS_UNCONSUMED_REQUESTS(_r);               \
} while (0)
#define RING_FINAL_CHECK_FOR_RESPONSES(_r, _work_to_do) do {            \
	(_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r);              \
	if (_work_to_do)                                                \
		break;                                                  \
	(_r)->sring->rsp_event = (_r)->rsp_cons + 1;                    \
	xen_mb();                                                       \
	(_work_to_do) = RING_HAS_UNCONSUMED_RESPONSES(_r);              \
} while (0)

#define XEN_PAGE_SHIFT 12

/*
 * Flexible byte rings (used by pvcalls, 9pfs and the like): a pair of
 * byte streams, "in" and "out", each a power-of-two buffer of
 * XEN_FLEX_RING_SIZE(order) bytes in granted pages, with free-running
 * indices in a shared struct <name>_data_intf. A user instantiates the
 * helpers for its protocol with DEFINE_XEN_FLEX_RING(name) (needs
 * memcpy and size_t) or, with the interface page too,
 * DEFINE_XEN_FLEX_RING_AND_INTF(name).
 */
#define XEN_FLEX_RING_SIZE(order) \
	(1UL << ((order) + XEN_PAGE_SHIFT - 1))

#define DEFINE_XEN_FLEX_RING(name)                                             \
/* An index reduced to an offset in the buffer. */                             \
static inline RING_IDX name##_mask(RING_IDX idx, RING_IDX ring_size)           \
{                                                                              \
	return idx & (ring_size - 1);                                          \
}                                                                              \
                                                                               \
static inline unsigned char *name##_get_ring_ptr(unsigned char *buf,           \
						 RING_IDX idx,                 \
						 RING_IDX ring_size)           \
{                                                                              \
	return buf + name##_mask(idx, ring_size);                              \
}                                                                              \
                                                                               \
/* Copy size bytes out of the ring at *masked_cons, wrapping; advance it. */   \
static inline void name##_read_packet(void *opaque, const unsigned char *buf,  \
				      size_t size, RING_IDX masked_prod,       \
				      RING_IDX *masked_cons,                   \
				      RING_IDX ring_size)                      \
{                                                                              \
	size_t first = ring_size - *masked_cons;                               \
                                                                               \
	if (*masked_cons < masked_prod || size <= first)                       \
		first = size;                                                  \
	memcpy(opaque, buf + *masked_cons, first);                             \
	if (first < size)                                                      \
		memcpy((unsigned char *)opaque + first, buf, size - first);    \
	*masked_cons = name##_mask(*masked_cons + size, ring_size);            \
}                                                                              \
                                                                               \
/* Copy size bytes into the ring at *masked_prod, wrapping; advance it. */     \
static inline void name##_write_packet(unsigned char *buf, const void *opaque, \
				       size_t size, RING_IDX *masked_prod,     \
				       RING_IDX masked_cons,                   \
				       RING_IDX ring_size)                     \
{                                                                              \
	size_t first = ring_size - *masked_prod;                               \
                                                                               \
	if (*masked_prod < masked_cons || size <= first)                       \
		first = size;                                                  \
	memcpy(buf + *masked_prod, opaque, first);                             \
	if (first < size)                                                      \
		memcpy(buf, (const unsigned char *)opaque + first,             \
		       size - first);                                          \
	*masked_prod = name##_mask(*masked_prod + size, ring_size);            \
}                                                                              \
                                                                               \
/* Bytes between cons and prod; equal masked indices mean full or empty. */    \
static inline RING_IDX name##_queued(RING_IDX prod, RING_IDX cons,             \
				     RING_IDX ring_size)                       \
{                                                                              \
	RING_IDX p = name##_mask(prod, ring_size);                             \
	RING_IDX c = name##_mask(cons, ring_size);                             \
                                                                               \
	if (prod == cons)                                                      \
		return 0;                                                      \
	if (p == c)                                                            \
		return ring_size;                                              \
	return p > c ? p - c : ring_size - (c - p);                            \
}                                                                              \
                                                                               \
struct name##_data {                                                           \
	unsigned char *in;  /* half of the buffer the other end writes */     \
	unsigned char *out; /* half of the buffer this end writes */          \
}

/* The shared interface page: indices on separate cache lines, then grants. */
#define DEFINE_XEN_FLEX_RING_AND_INTF(name)                                    \
struct name##_data_intf {                                                      \
	RING_IDX in_cons, in_prod;                                             \
	uint8_t pad1[56];                                                      \
	RING_IDX out_cons, out_prod;                                           \
	uint8_t pad2[56];                                                      \
	RING_IDX ring_order;   /* each half is XEN_FLEX_RING_SIZE(ring_order) */ \
	grant_ref_t ref[];     /* the buffer's pages */                        \
};                                                                             \
DEFINE_XEN_FLEX_RING(name)

#endif /* __XEN_PUBLIC_IO_RING_H__ */
