/* SPDX-License-Identifier: MIT */
/*
 * Paravirtual keyboard, pointer and multi-touch protocol (vkbd): one
 * shared page (struct xenkbd_page) with two event rings. The backend
 * puts input events on the in ring; the out ring is reserved. The
 * XENKBD_FIELD_* names are the xenstore nodes of the handshake: the
 * backend's "feature-*" offers, the frontend's "request-*" choices.
 */
#ifndef __XEN_PUBLIC_IO_KBDIF_H__
#define __XEN_PUBLIC_IO_KBDIF_H__

#ifndef XEN_PUBLIC_NO_STDINT
#include <stdint.h>
#endif

/* Event types (the first byte of every event). */
#define XENKBD_TYPE_MOTION   1 /* relative pointer motion */
#define XENKBD_TYPE_RESERVED 2
#define XENKBD_TYPE_KEY      3 /* key or button press/release */
#define XENKBD_TYPE_POS      4 /* absolute pointer position */
#define XENKBD_TYPE_MTOUCH   5 /* multi-touch contact */

/* xenkbd_mtouch.event_type */
#define XENKBD_MT_EV_DOWN   0 /* contact starts (u.pos) */
#define XENKBD_MT_EV_UP     1 /* contact ends */
#define XENKBD_MT_EV_MOTION 2 /* contact moves (u.pos) */
#define XENKBD_MT_EV_SYN    3 /* end of a batch of contact events */
#define XENKBD_MT_EV_SHAPE  4 /* contact shape (u.shape) */
#define XENKBD_MT_EV_ORIENT 5 /* contact orientation (u.orientation) */

/* xenstore: device name and node names. */
#define XENKBD_DRIVER_NAME "vkbd"
#define XENKBD_FIELD_FEAT_DSBL_KEYBRD  "feature-disable-keyboard"
#define XENKBD_FIELD_FEAT_DSBL_POINTER "feature-disable-pointer"
#define XENKBD_FIELD_FEAT_ABS_POINTER  "feature-abs-pointer"
#define XENKBD_FIELD_FEAT_RAW_POINTER  "feature-raw-pointer"
#define XENKBD_FIELD_FEAT_MTOUCH       "feature-multi-touch"
#define XENKBD_FIELD_REQ_ABS_POINTER   "request-abs-pointer"
#define XENKBD_FIELD_REQ_RAW_POINTER   "request-raw-pointer"
#define XENKBD_FIELD_REQ_MTOUCH        "request-multi-touch"
#define XENKBD_FIELD_RING_GREF         "page-gref"
#define XENKBD_FIELD_EVT_CHANNEL       "event-channel"
#define XENKBD_FIELD_WIDTH             "width"
#define XENKBD_FIELD_HEIGHT            "height"
#define XENKBD_FIELD_MT_WIDTH          "multi-touch-width"
#define XENKBD_FIELD_MT_HEIGHT         "multi-touch-height"
#define XENKBD_FIELD_MT_NUM_CONTACTS   "multi-touch-num-contacts"
#define XENKBD_FIELD_UNIQUE_ID         "unique-id"
#define XENKBD_FIELD_RING_REF          "page-ref" /* obsolete: an MFN */

struct xenkbd_motion {
	uint8_t type; /* XENKBD_TYPE_MOTION */
	int32_t rel_x;
	int32_t rel_y;
	int32_t rel_z; /* wheel */
};

struct xenkbd_key {
	uint8_t type;    /* XENKBD_TYPE_KEY */
	uint8_t pressed; /* 1 down, 0 up */
	uint32_t keycode; /* Linux input KEY_* / BTN_* */
};

struct xenkbd_position {
	uint8_t type; /* XENKBD_TYPE_POS */
	int32_t abs_x; /* within width x height */
	int32_t abs_y;
	int32_t rel_z; /* wheel */
};

struct xenkbd_mtouch {
	uint8_t type;       /* XENKBD_TYPE_MTOUCH */
	uint8_t event_type; /* XENKBD_MT_EV_* */
	uint8_t contact_id;
	uint8_t reserved[5];
	union {
		struct {
			int32_t abs_x;
			int32_t abs_y;
		} pos;
		struct {
			uint32_t major;
			uint32_t minor;
		} shape;
		int16_t orientation; /* -180..180 degrees */
	} u;
};

#define XENKBD_IN_EVENT_SIZE 40
union xenkbd_in_event {
	uint8_t type;
	struct xenkbd_motion motion;
	struct xenkbd_key key;
	struct xenkbd_position pos;
	struct xenkbd_mtouch mtouch;
	char pad[XENKBD_IN_EVENT_SIZE];
};

#define XENKBD_OUT_EVENT_SIZE 40
union xenkbd_out_event {
	uint8_t type;
	char pad[XENKBD_OUT_EVENT_SIZE];
};

/* Where the rings sit in the shared page, and how to index them. */
#define XENKBD_IN_RING_SIZE 2048
#define XENKBD_IN_RING_LEN  (XENKBD_IN_RING_SIZE / XENKBD_IN_EVENT_SIZE)
#define XENKBD_IN_RING_OFFS 1024
#define XENKBD_IN_RING(page) \
	((union xenkbd_in_event *)((char *)(page) + XENKBD_IN_RING_OFFS))
#define XENKBD_IN_RING_REF(page, idx) \
	(XENKBD_IN_RING((page))[(idx) % XENKBD_IN_RING_LEN])

#define XENKBD_OUT_RING_SIZE 1024
#define XENKBD_OUT_RING_LEN  (XENKBD_OUT_RING_SIZE / XENKBD_OUT_EVENT_SIZE)
#define XENKBD_OUT_RING_OFFS (XENKBD_IN_RING_OFFS + XENKBD_IN_RING_SIZE)
#define XENKBD_OUT_RING(page) \
	((union xenkbd_out_event *)((char *)(page) + XENKBD_OUT_RING_OFFS))
#define XENKBD_OUT_RING_REF(page, idx) \
	(XENKBD_OUT_RING((page))[(idx) % XENKBD_OUT_RING_LEN])

struct xenkbd_page {
	uint32_t in_cons, in_prod;   /* frontend, backend advance */
	uint32_t out_cons, out_prod; /* backend, frontend advance */
};

#endif /* __XEN_PUBLIC_IO_KBDIF_H__ */
