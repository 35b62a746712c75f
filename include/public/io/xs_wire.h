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

#ifndef XEN_PUBLIC_NO_STDINT
#include <stdint.h>
#endif

/* Message types: the type field of struct xsd_sockmsg. */
enum xsd_sockmsg_type {
	XS_CONTROL,              /* daemon control commands */
#define XS_DEBUG XS_CONTROL
	XS_DIRECTORY,            /* path -> child names */
	XS_READ,                 /* path -> value */
	XS_GET_PERMS,            /* path -> permission strings */
	XS_WATCH,                /* path, token -> "OK", then one event */
	XS_UNWATCH,              /* path, token -> "OK" */
	XS_TRANSACTION_START,    /* "" -> transaction id */
	XS_TRANSACTION_END,      /* "T" commit / "F" abort */
	XS_INTRODUCE,            /* domid, gfn, port (toolstack) */
	XS_RELEASE,              /* domid (toolstack) */
	XS_GET_DOMAIN_PATH,      /* domid -> "/local/domain/<domid>" */
	XS_WRITE,                /* path, value -> "OK" */
	XS_MKDIR,                /* path -> "OK" */
	XS_RM,                   /* path -> "OK" */
	XS_SET_PERMS,            /* path, perms -> "OK" */
	XS_WATCH_EVENT,          /* unsolicited: path, token */
	XS_ERROR,                /* reply: errno name */
	XS_IS_DOMAIN_INTRODUCED, /* domid -> "T"/"F" */
	XS_RESUME,               /* domid (toolstack) */
	XS_SET_TARGET,           /* domid, target domid (toolstack) */
	/* XS_SET_TARGET + 1 was XS_RESTRICT, retired */
	XS_RESET_WATCHES = XS_SET_TARGET + 2, /* drop the connection's watches */
	XS_DIRECTORY_PART,       /* path, offset -> generation, names */
	XS_TYPE_COUNT,           /* number of types above */
	XS_INVALID = 0xffff      /* never sent */
};

/* Old write-mode strings, kept for name compatibility. */
#define XS_WRITE_NONE        "NONE"
#define XS_WRITE_CREATE      "CREATE"
#define XS_WRITE_CREATE_EXCL "CREATE|EXCL"

/*
 * The errno names a daemon may send in XS_ERROR replies, and their
 * numbers in the client's own errno space. The table exists only where
 * <errno.h> (or an equivalent) was included first, since the numbers
 * are the client's.
 */
struct xsd_errors {
	int errnum;
	const char *errstring;
};
#ifdef EINVAL
#define XSD_ERROR(x) { x, #x }
static const struct xsd_errors xsd_errors[]
#if defined(__GNUC__)
	__attribute__((unused))
#endif
	= {
	XSD_ERROR(EINVAL),   XSD_ERROR(EACCES), XSD_ERROR(EEXIST),
	XSD_ERROR(EISDIR),   XSD_ERROR(ENOENT), XSD_ERROR(ENOMEM),
	XSD_ERROR(ENOSPC),   XSD_ERROR(EIO),    XSD_ERROR(ENOTEMPTY),
	XSD_ERROR(ENOSYS),   XSD_ERROR(EROFS),  XSD_ERROR(EBUSY),
	XSD_ERROR(EAGAIN),   XSD_ERROR(EISCONN), XSD_ERROR(E2BIG),
	XSD_ERROR(EPERM),
};
#endif

struct xsd_sockmsg {
	uint32_t type;   /* XS_* */
	uint32_t req_id; /* chosen by the client, echoed */
	uint32_t tx_id;  /* transaction id, 0 = none */
	uint32_t len;    /* payload bytes that follow */
};

/* Parts of an XS_WATCH_EVENT payload, in order. */
enum xs_watch_type {
	XS_WATCH_PATH = 0,
	XS_WATCH_TOKEN
};

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
