/* SPDX-License-Identifier: MIT */
/*
 * Xenstore wire format: the message header and types spoken between a
 * client (a guest's xenbus, the toolstack) and the xenstore daemon, and
 * the shared ring page a guest uses to reach it.
 *
 * A message is a struct xsd_sockmsg followed by len bytes of payload
 * (at most XENSTORE_PAYLOAD_MAX). Replies echo type, req_id and tx_id;
 * a failed request gets XS_ERROR with the errno NAME ("ENOENT") and a
 * NUL as payload; a success without data gets "OK" and a NUL.
 * The ring works like the console ring (see io/console.h): free-running
 * indices, masked with MASK_XENSTORE_IDX.
 */
#ifndef _XS_WIRE_H
#define _XS_WIRE_H

#include <stdint.h>

/* Message types (the enum xsd_sockmsg_type of other implementations). */
#define XS_CONTROL              0  /* daemon control commands */
#define XS_DEBUG                XS_CONTROL
#define XS_DIRECTORY            1  /* path -> child names */
#define XS_READ                 2  /* path -> value */
#define XS_GET_PERMS            3  /* path -> permission strings */
#define XS_WATCH                4  /* path, token -> "OK", then one event */
#define XS_UNWATCH              5  /* path, token -> "OK" */
#define XS_TRANSACTION_START    6  /* "" -> transaction id */
#define XS_TRANSACTION_END      7  /* "T" commit / "F" abort */
#define XS_INTRODUCE            8  /* domid, gfn, port (toolstack) */
#define XS_RELEASE              9  /* domid (toolstack) */
#define XS_GET_DOMAIN_PATH      10 /* domid -> "/local/domain/<domid>" */
#define XS_WRITE                11 /* path, value -> "OK" */
#define XS_MKDIR                12 /* path -> "OK" */
#define XS_RM                   13 /* path -> "OK" */
#define XS_SET_PERMS            14 /* path, perms -> "OK" */
#define XS_WATCH_EVENT          15 /* unsolicited: path, token */
#define XS_ERROR                16 /* reply: errno name */
#define XS_IS_DOMAIN_INTRODUCED 17 /* domid -> "T"/"F" */
#define XS_RESUME               18 /* domid (toolstack) */
#define XS_SET_TARGET           19 /* domid, target domid (toolstack) */
/* 20 was XS_RESTRICT, removed */
#define XS_RESET_WATCHES        21 /* drop all watches of the connection */
#define XS_DIRECTORY_PART       22 /* path, offset -> generation, names */
#define XS_TYPE_COUNT           23
#define XS_INVALID              0xffff

/* Old write-mode strings, kept for name compatibility. */
#define XS_WRITE_NONE        "NONE"
#define XS_WRITE_CREATE      "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/*
 * The errno names a daemon may send in XS_ERROR replies, in this order;
 * define XSD_ERROR(name) and include the list with XSD_ERRORS.
 */
#define XSD_ERRORS          \
	XSD_ERROR(EINVAL)   \
	XSD_ERROR(EACCES)   \
	XSD_ERROR(EEXIST)   \
	XSD_ERROR(EISDIR)   \
	XSD_ERROR(ENOENT)   \
	XSD_ERROR(ENOMEM)   \
	XSD_ERROR(ENOSPC)   \
	XSD_ERROR(EIO)      \
	XSD_ERROR(ENOTEMPTY) \
	XSD_ERROR(ENOSYS)   \
	XSD_ERROR(EROFS)    \
	XSD_ERROR(EBUSY)    \
	XSD_ERROR(EAGAIN)   \
	XSD_ERROR(EISCONN)  \
	XSD_ERROR(E2BIG)    \
	XSD_ERROR(EPERM)

struct xsd_sockmsg {
	uint32_t type;   /* XS_* */
	uint32_t req_id; /* chosen by the client, echoed */
	uint32_t tx_id;  /* transaction id, 0 = none */
	uint32_t len;    /* payload bytes that follow */
};

/* Parts of an XS_WATCH_EVENT payload. */
#define XS_WATCH_PATH  0
#define XS_WATCH_TOKEN 1

#define XENSTORE_RING_SIZE 1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE]; /* guest -> daemon */
	char rsp[XENSTORE_RING_SIZE]; /* daemon -> guest */
	XENSTORE_RING_IDX req_cons, req_prod; /* daemon, guest advance */
	XENSTORE_RING_IDX rsp_cons, rsp_prod; /* guest, daemon advance */
	uint32_t server_features; /* daemon: XENSTORE_SERVER_FEATURE_* */
	uint32_t connection;      /* XENSTORE_CONNECTED / _RECONNECT */
	uint32_t error;           /* daemon: XENSTORE_ERROR_* */
};

#define XENSTORE_PAYLOAD_MAX  4096
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2

#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO   3

#endif /* _XS_WIRE_H */
