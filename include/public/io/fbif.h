/* SPDX-License-Identifier: MIT */
/*
 * Paravirtual framebuffer protocol: one shared page (struct xenfb_page)
 * holds the frame format, the list of frames that make up the frame
 * buffer (pd[]: frames of frame lists) and two event rings. The
 * frontend sends update/resize events on the out ring; the backend
 * sends refresh-period hints on the in ring. Each ring is indexed by
 * free-running counters taken modulo its length.
 */
#ifndef __XEN_PUBLIC_IO_FBIF_H__
#define __XEN_PUBLIC_IO_FBIF_H__

#ifndef XEN_PUBLIC_NO_STDINT
#include <stdint.h>
#endif

/* Out (frontend to backend): this rectangle changed. */
#define XENFB_TYPE_UPDATE 2
struct xenfb_update {
	uint8_t type; /* XENFB_TYPE_UPDATE */
	int32_t x;    /* top left, in pixels */
	int32_t y;
	int32_t width;
	int32_t height;
};

/* Out: the mode changed (if the backend offers "feature-resize"). */
#define XENFB_TYPE_RESIZE 3
struct xenfb_resize {
	uint8_t type;   /* XENFB_TYPE_RESIZE */
	int32_t width;  /* in pixels */
	int32_t height;
	int32_t stride; /* bytes per line */
	int32_t depth;  /* bits per pixel */
	int32_t offset; /* of the visible frame in the buffer */
};

#define XENFB_OUT_EVENT_SIZE 40
union xenfb_out_event {
	uint8_t type;
	struct xenfb_update update;
	struct xenfb_resize resize;
	char pad[XENFB_OUT_EVENT_SIZE];
};

/* In (backend to frontend): how often the backend redraws, in ms. */
#define XENFB_TYPE_REFRESH_PERIOD 1
#define XENFB_NO_REFRESH          0 /* nobody is looking */
struct xenfb_refresh_period {
	uint8_t type; /* XENFB_TYPE_REFRESH_PERIOD */
	uint32_t period;
};

#define XENFB_IN_EVENT_SIZE 40
union xenfb_in_event {
	uint8_t type;
	struct xenfb_refresh_period refresh_period;
	char pad[XENFB_IN_EVENT_SIZE];
};

/* Where the rings sit in the shared page, and how to index them. */
#define XENFB_IN_RING_SIZE 1024
#define XENFB_IN_RING_LEN  (XENFB_IN_RING_SIZE / XENFB_IN_EVENT_SIZE)
#define XENFB_IN_RING_OFFS 1024
#define XENFB_IN_RING(page) \
	((union xenfb_in_event *)((char *)(page) + XENFB_IN_RING_OFFS))
#define XENFB_IN_RING_REF(page, idx) \
	(XENFB_IN_RING((page))[(idx) % XENFB_IN_RING_LEN])

#define XENFB_OUT_RING_SIZE 2048
#define XENFB_OUT_RING_LEN  (XENFB_OUT_RING_SIZE / XENFB_OUT_EVENT_SIZE)
#define XENFB_OUT_RING_OFFS (XENFB_IN_RING_OFFS + XENFB_IN_RING_SIZE)
#define XENFB_OUT_RING(page) \
	((union xenfb_out_event *)((char *)(page) + XENFB_OUT_RING_OFFS))
#define XENFB_OUT_RING_REF(page, idx) \
	(XENFB_OUT_RING((page))[(idx) % XENFB_OUT_RING_LEN])

struct xenfb_page {
	uint32_t in_cons, in_prod;   /* frontend, backend advance */
	uint32_t out_cons, out_prod; /* backend, frontend advance */
	int32_t width;               /* in pixels */
	int32_t height;
	uint32_t line_length;        /* bytes per line */
	uint32_t mem_length;         /* size of the frame buffer */
	uint8_t depth;               /* bits per pixel */
	/*
	 * Frames (MFNs) of the pages that list the frame buffer's frames;
	 * 256 of them cover 512 MiB on x86-64.
	 */
	unsigned long pd[256];
};

#ifdef __KERNEL__
/* A frontend's default mode. */
#define XENFB_WIDTH  800
#define XENFB_HEIGHT 600
#define XENFB_DEPTH  32
#endif

#endif /* __XEN_PUBLIC_IO_FBIF_H__ */
