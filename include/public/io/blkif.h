/* SPDX-License-Identifier: MIT */
/*
 * Block device frontend/backend protocol (blkfront/blkback): a shared
 * ring of struct blkif_request / struct blkif_response (see ring.h) in
 * a page the frontend grants, plus an event channel, both advertised in
 * the frontend's xenstore directory ("ring-ref", "event-channel"). The
 * backend advertises the disk in its own directory ("sectors",
 * "sector-size", "info" with VDISK_*, and "feature-*" nodes for flush,
 * discard and indirect descriptors).
 *
 * The one idea: data never travels in the ring. A request lists up to
 * BLKIF_MAX_SEGMENTS_PER_REQUEST granted pages (or, with
 * BLKIF_OP_INDIRECT, granted pages full of such lists), and each
 * segment names the 512-byte sectors of its page to transfer.
 */
#ifndef __XEN_PUBLIC_IO_BLKIF_H__
#define __XEN_PUBLIC_IO_BLKIF_H__

#include "ring.h"
#include "../grant_table.h"

/* Virtual device number of the disk, and a sector number (512 bytes). */
#ifndef blkif_vdev_t
#define blkif_vdev_t uint16_t
#endif
#define blkif_sector_t uint64_t

/* blkif_request.operation */
#define BLKIF_OP_READ            0
#define BLKIF_OP_WRITE           1
#define BLKIF_OP_WRITE_BARRIER   2 /* if "feature-barrier" */
#define BLKIF_OP_FLUSH_DISKCACHE 3 /* if "feature-flush-cache" */
#define BLKIF_OP_RESERVED_1      4 /* used by one vendor; do not reuse */
#define BLKIF_OP_DISCARD         5 /* if "feature-discard" */
#define BLKIF_OP_INDIRECT        6 /* if "feature-max-indirect-segments" */

/* Segments a direct request carries. */
#define BLKIF_MAX_SEGMENTS_PER_REQUEST 11

/* Pages of segment lists an indirect request may name. */
#define BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST 8

#ifndef __ASSEMBLY__
/* One granted page and the sectors of it to use (0-7, inclusive). */
struct blkif_request_segment {
	grant_ref_t gref;
	uint8_t first_sect, last_sect;
};

struct blkif_request {
	uint8_t operation;     /* BLKIF_OP_* */
	uint8_t nr_segments;   /* 1..BLKIF_MAX_SEGMENTS_PER_REQUEST */
	blkif_vdev_t handle;   /* only for the backend's use */
	uint64_t id;           /* echoed in the response */
	blkif_sector_t sector_number; /* start sector on the disk */
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};
typedef struct blkif_request blkif_request_t;

/* BLKIF_OP_DISCARD: the sectors' contents may be dropped. */
struct blkif_request_discard {
	uint8_t operation;     /* BLKIF_OP_DISCARD */
	uint8_t flag;          /* BLKIF_DISCARD_* */
#define BLKIF_DISCARD_SECURE (1 << 0) /* if "discard-secure" */
	blkif_vdev_t handle;
	uint64_t id;
	blkif_sector_t sector_number;
	uint64_t nr_sectors;
};
typedef struct blkif_request_discard blkif_request_discard_t;

/* BLKIF_OP_INDIRECT: indirect_op done on the segments listed in pages. */
struct blkif_request_indirect {
	uint8_t operation;     /* BLKIF_OP_INDIRECT */
	uint8_t indirect_op;   /* BLKIF_OP_READ or BLKIF_OP_WRITE */
	uint16_t nr_segments;  /* total, up to the backend's maximum */
	uint64_t id;
	blkif_sector_t sector_number;
	blkif_vdev_t handle;
	grant_ref_t indirect_grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
#ifdef __i386__
	uint64_t pad; /* the 32-bit layout must match the 64-bit size */
#endif
};
typedef struct blkif_request_indirect blkif_request_indirect_t;

struct blkif_response {
	uint64_t id;       /* the request's id */
	uint8_t operation; /* the request's operation */
	int16_t status;    /* BLKIF_RSP_* */
};
typedef struct blkif_response blkif_response_t;
#endif /* !__ASSEMBLY__ */

#define BLKIF_RSP_EOPNOTSUPP -2 /* operation not supported */
#define BLKIF_RSP_ERROR      -1
#define BLKIF_RSP_OKAY        0

#ifndef __ASSEMBLY__
DEFINE_RING_TYPES(blkif, struct blkif_request, struct blkif_response);
#endif

/* Bits of the backend's "info" node. */
#define VDISK_CDROM     0x1
#define VDISK_REMOVABLE 0x2
#define VDISK_READONLY  0x4

#endif /* __XEN_PUBLIC_IO_BLKIF_H__ */
