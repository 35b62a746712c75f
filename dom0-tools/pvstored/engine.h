/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvstored's protocol engine: the xenstore tree, permissions, watches,
 * transactions, domains and quotas, and the xs_wire.h message protocol,
 * in plain C with no I/O. The daemon (main.c) and the host unit tests
 * drive it the same way: a transport (a Unix socket, dom0's xenbus page,
 * a domU's ring) becomes a connection; bytes read from it are fed in with
 * xs_conn_feed(); replies and watch events queue on the connection and
 * are taken out with xs_conn_output() / xs_conn_output_done().
 *
 * Everything is single-threaded: the caller serialises all calls.
 * Errors are negative errno values (<errno.h>, Linux's numbering, which
 * is Xen's for every name in xs_wire.h's xsd_errors[]).
 */
#ifndef PVSTORED_ENGINE_H
#define PVSTORED_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include <public/io/xs_wire.h>

struct xs_engine;
struct xs_conn;

/*
 * Xen 4.17's default quotas (its xenstored's -E -W -S -t -A -M -Q
 * options). A quota applies to unprivileged domains only; dom0 and the
 * socket's clients are not limited (except by XS_CONN_OUTPUT_MAX).
 */
struct xs_quota {
	unsigned int entries;	   /* nodes owned by a domain: 1000 */
	unsigned int watches;	   /* watches of a domain: 128 */
	unsigned int node_size;	   /* bytes of one node as Xen stores it: 2048 */
	unsigned int transactions; /* open transactions of a connection: 10 */
	unsigned int perms;	   /* permissions of one node: 5 */
	unsigned int path_len;	   /* path length below /local/domain/N/: 2048 */
	unsigned int tx_nodes;	   /* nodes one transaction may touch: 1024 */
	unsigned int outstanding;  /* replies not yet taken by a domain: 20 */
};

/*
 * Output a connection may have queued and not taken (events it does not
 * read, a flood of requests it never collects): past this the connection
 * is dropped (xs_conn_dead()). For every client, privileged or not.
 */
#define XS_CONN_OUTPUT_MAX (4u << 20)

/*
 * What the engine asks of the daemon. Every hook may be NULL (the unit
 * tests leave most out). The engine never closes a transport itself: it
 * marks the connection dead and the daemon frees it.
 */
struct xs_hooks {
	void *opaque;
	/*
	 * XS_INTRODUCE of a new domain: map its ring (grant reference 1 or
	 * gfn) and bind port. Returns the transport for the domain's new
	 * connection (xs_conn_new() is then called by the engine), or NULL
	 * with *err a negative errno.
	 */
	void *(*introduce)(void *opaque, unsigned int domid, uint64_t gfn, unsigned int port,
			   int *err);
	/* XS_INTRODUCE again for a known domain: rebind its event channel. */
	int (*rebind)(void *opaque, void *transport, unsigned int domid, unsigned int port);
	/* A connection is being freed: release its transport (unmap, close). */
	void (*release)(void *opaque, void *transport);
	/* One log line (no newline), when logging is on (CONTROL log on|off). */
	void (*log)(void *opaque, const char *line);
};

struct xs_engine *xs_engine_new(const struct xs_quota *quota, const struct xs_hooks *hooks);
void xs_engine_free(struct xs_engine *e);
void xs_quota_default(struct xs_quota *q);
/* Logging of each request and reply through hooks->log (CONTROL "log on"). */
void xs_engine_set_logging(struct xs_engine *e, bool on);

/*
 * A connection: domid 0 with domain false for a socket client (always
 * privileged); domain true for a domain's ring. Relative paths are below
 * /local/domain/<domid> (0 for the socket). dom0's own ring is
 * xs_engine_connect_dom0(). NULL on allocation failure. The daemon frees
 * socket connections; a domain's is freed by the engine when the domain
 * is released or gone (the daemon only stops serving it when dead).
 */
struct xs_conn *xs_conn_new(struct xs_engine *e, unsigned int domid, bool domain, void *transport);
struct xs_conn *xs_engine_connect_dom0(struct xs_engine *e, void *transport);
/*
 * A domain reconnecting (XENSTORE_RECONNECT): its watches, transactions,
 * half-read request and queued output are dropped.
 */
void xs_conn_reset(struct xs_conn *c);
/* Free a connection: its watches, transactions, queued output; hooks->release. */
void xs_conn_free(struct xs_conn *c);
void *xs_conn_transport(const struct xs_conn *c);
unsigned int xs_conn_domid(const struct xs_conn *c);

/*
 * Feed bytes read from the transport. Complete messages are processed at
 * once. Returns the bytes taken (all of them, unless the connection is
 * or becomes dead, or stops reading: see xs_conn_can_read()).
 */
size_t xs_conn_feed(struct xs_conn *c, const void *buf, size_t len);
/*
 * False while the connection may not send more requests: a domain with
 * quota.outstanding replies it has not taken, or a dead connection.
 */
bool xs_conn_can_read(const struct xs_conn *c);
/*
 * Dead: the client broke the protocol (a length beyond
 * XENSTORE_PAYLOAD_MAX) or let XS_CONN_OUTPUT_MAX bytes pile up; or its
 * domain was released. The daemon stops serving it and frees it.
 */
bool xs_conn_dead(const struct xs_conn *c);
/* Why it died: XENSTORE_ERROR_COMM, _PROTO, or _NONE while alive. */
unsigned int xs_conn_error(const struct xs_conn *c);
/* The queued output: the bytes of the first pending message not yet taken. */
size_t xs_conn_output(const struct xs_conn *c, const void **buf);
/*
 * The same for up to max pending messages at once, into iov (for one
 * writev: a client's pipelined requests are answered in one system
 * call, not one per reply); the number of iov entries filled.
 */
unsigned int xs_conn_output_iov(const struct xs_conn *c, struct iovec *iov, unsigned int max);
void xs_conn_output_done(struct xs_conn *c, size_t n);
/* Calls fn for each live connection (the daemon's output flush). */
void xs_engine_for_each_conn(struct xs_engine *e, void (*fn)(struct xs_conn *c, void *arg),
			     void *arg);

/*
 * The hypervisor says (VIRQ_DOM_EXC) a domain shut down (@releaseDomain
 * fires, once) or is gone (its connection dies, its nodes are removed,
 * @releaseDomain fires).
 */
void xs_domain_shutdown(struct xs_engine *e, unsigned int domid);
void xs_domain_gone(struct xs_engine *e, unsigned int domid);
/* The domids of introduced domains (for the daemon's liveness checks). */
unsigned int xs_domain_list(struct xs_engine *e, unsigned int *domids, unsigned int max);

/* Store statistics, for tests and CONTROL. */
unsigned int xs_engine_node_count(const struct xs_engine *e);
/* Checks the tree's consistency (CONTROL check); 0 or -EIO. */
int xs_engine_check(struct xs_engine *e);

#endif /* PVSTORED_ENGINE_H */
