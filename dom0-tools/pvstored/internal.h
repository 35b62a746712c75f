/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the engine's files (store.c, core.c, watch.c, transaction.c,
 * domain.c) share. Nodes live in hash maps keyed by their full path; a
 * transaction keeps its own map of the nodes it touched (copies, with the
 * generation it first saw) in front of the store's, and commits only if
 * none of those changed meanwhile.
 */
#ifndef PVSTORED_INTERNAL_H
#define PVSTORED_INTERNAL_H

#include <errno.h>

#include "engine.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct list {
	struct list *next, *prev;
};

#define LIST_INIT(l) ((l)->next = (l)->prev = (l))
#define list_entry(p, type, member) ((type *)((char *)(p)-offsetof(type, member)))
#define list_for_each_safe(p, n, head) \
	for ((p) = (head)->next, (n) = (p)->next; (p) != (head); (p) = (n), (n) = (p)->next)

static inline void list_add_tail(struct list *e, struct list *head)
{
	e->prev = head->prev;
	e->next = head;
	head->prev->next = e;
	head->prev = e;
}

static inline void list_del(struct list *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
	LIST_INIT(e);
}

static inline bool list_empty(const struct list *l)
{
	return l->next == l;
}

/* Permission bits of one entry; XS_PERM_OWNER only as a wanted access. */
#define XS_PERM_NONE 0
#define XS_PERM_READ 1
#define XS_PERM_WRITE 2
#define XS_PERM_OWNER 4

struct xs_perm {
	uint32_t domid;
	uint32_t perm; /* XS_PERM_READ | XS_PERM_WRITE */
};

/* A node's permissions: [0] is the owner and everyone's default. */
struct xs_perms {
	uint32_t num;
	struct xs_perm *p;
};

/* Node flags, in a transaction's map only. */
#define NODE_EXISTED 1 /* the store had the node when first touched */
#define NODE_WRITTEN 2 /* the transaction changed it */
#define NODE_DELETED 4 /* absent in the transaction's view */

struct xs_node {
	struct xs_node *hnext; /* chain of the map holding it */
	char *path;
	char *data;
	uint32_t datalen;
	uint32_t childlen;
	char *children; /* child names, each NUL-terminated, in creation order */
	struct xs_perms perms;
	uint64_t generation; /* store: at its last change; transaction: first seen */
	unsigned int flags;  /* NODE_* in a transaction's map */
};

struct xs_map {
	struct xs_node **bucket;
	uint32_t nbuckets; /* a power of two */
	uint32_t count;
};

/* A domain the store knows: introduced, or owning nodes. */
struct xs_domain {
	struct list list;
	unsigned int domid;
	bool introduced;
	bool shutdown_fired;
	struct xs_conn *conn; /* its ring, while introduced */
	unsigned int port;
	uint64_t gfn;
	unsigned int nbentry; /* nodes it owns */
	unsigned int nbwatch; /* watches its connections hold */
};

/* A queued outgoing message: header and payload, contiguous. */
struct xs_out {
	struct list list;
	size_t len, done;
	bool reply; /* a reply (counts as outstanding), not an event */
	unsigned char buf[];
};

struct xs_watch {
	struct list list;
	char *path; /* absolute, or @name */
	char *token;
	bool relative; /* given relative: events report paths relative too */
};

struct xs_tx {
	struct list list;
	uint32_t id;
	struct xs_conn *conn;
	struct xs_map nodes; /* touched nodes: copies and tombstones */
	struct list events;  /* watches to fire on commit (struct xs_pending) */
	int entry_delta;     /* nodes created less removed, owned by conn's domain */
	bool failed;	     /* out of memory on the way: commit refuses */
};

/* A watch event a transaction holds back until it commits. */
struct xs_pending {
	struct list list;
	bool exact;
	struct xs_perms perms; /* the node's before the change, if any */
	char path[];
};

struct xs_conn {
	struct list list;
	struct xs_engine *e;
	void *transport;
	unsigned int domid;
	bool domain; /* a domain's ring (relative paths allowed) */
	bool dead;
	unsigned int error;
	struct xs_conn *target; /* SET_TARGET: acts with this domain's rights too */
	/* Input being assembled. */
	struct xsd_sockmsg hdr;
	size_t in_have;
	char in_buf[XENSTORE_PAYLOAD_MAX + 1];
	/* Output. */
	struct list out;
	size_t out_bytes;
	unsigned int out_replies;
	struct list watches;
	struct list txs;
	unsigned int ntx;
	uint32_t next_tx_id;
	struct xs_tx *tx; /* the transaction of the message being processed */
};

struct xs_engine {
	struct xs_quota quota;
	struct xs_hooks hooks;
	struct xs_map store;
	uint64_t generation;
	struct list conns;
	struct list domains;
	struct xs_perms special_introduce, special_release;
	bool logging;
	/* The daemon's own changes (domain cleanup): privileged, no transport. */
	struct xs_conn *daemon;
};

/* store.c: maps, nodes, permissions, paths. */
int map_init(struct xs_map *m);
void map_destroy(struct xs_map *m);
struct xs_node *map_get(const struct xs_map *m, const char *path);
void map_put(struct xs_map *m, struct xs_node *n);
struct xs_node *map_take(struct xs_map *m, const char *path);
void node_free(struct xs_node *n);
struct xs_node *node_new(const char *path);
struct xs_node *node_dup(const struct xs_node *n);
int node_set_data(struct xs_node *n, const void *data, uint32_t len);
int node_add_child(struct xs_node *n, const char *name);
void node_remove_child(struct xs_node *n, const char *name);
unsigned int node_size(const struct xs_node *n);
int perms_copy(struct xs_perms *dst, const struct xs_perms *src);
void perms_free(struct xs_perms *p);
int perms_parse(struct xs_perms *p, const char *strings, size_t len, unsigned int num);
size_t perms_format(const struct xs_perms *p, char *buf, size_t size);
bool path_valid(const struct xs_engine *e, const char *path);
bool path_is_child(const char *child, const char *parent);
const char *path_basename(const char *path);
int path_parent(const char *path, char *buf, size_t size);

/* core.c: views of the tree (the store, or a transaction's over it). */
struct xs_node *view_read(struct xs_conn *c, const char *path);
int view_write(struct xs_conn *c, struct xs_node *n);
int view_delete(struct xs_conn *c, const char *path);
unsigned int perm_for_conn(const struct xs_conn *c, const struct xs_perms *p);
bool conn_privileged(const struct xs_conn *c);
int send_reply(struct xs_conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id, const void *data,
	       size_t len);
void conn_kill(struct xs_conn *c, unsigned int error);
void engine_log(struct xs_engine *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int rm_subtree(struct xs_conn *c, const char *path);

/* watch.c */
int do_watch(struct xs_conn *c, const char *path, const char *token);
int do_unwatch(struct xs_conn *c, const char *path, const char *token);
void watch_fire_initial(struct xs_conn *c, const char *path, const char *token);
void watches_free(struct xs_conn *c);
void fire_watches(struct xs_engine *e, struct xs_conn *by, const char *path, bool exact,
		  const struct xs_perms *old);

/* transaction.c */
struct xs_tx *tx_find(struct xs_conn *c, uint32_t id);
int tx_start(struct xs_conn *c, uint32_t *id);
int tx_end(struct xs_conn *c, struct xs_tx *t, bool commit);
void txs_free(struct xs_conn *c);
int tx_note(struct xs_tx *t, const char *path, struct xs_node **entry);

/* domain.c */
struct xs_domain *domain_find(struct xs_engine *e, unsigned int domid);
struct xs_domain *domain_get(struct xs_engine *e, unsigned int domid);
void domain_entry_add(struct xs_engine *e, unsigned int domid, int n);
unsigned int domain_entries(struct xs_engine *e, unsigned int domid);
void domain_watch_add(struct xs_conn *c, int n);
unsigned int domain_watches(struct xs_conn *c);
int domain_introduce(struct xs_conn *c, unsigned int domid, uint64_t gfn, unsigned int port);
int domain_release(struct xs_conn *c, unsigned int domid);
int domain_resume(struct xs_conn *c, unsigned int domid);
int domain_set_target(struct xs_conn *c, unsigned int domid, unsigned int target);
bool domain_is_introduced(struct xs_engine *e, unsigned int domid);
bool special_readable(const struct xs_conn *c, const char *name);
int special_set_perms(struct xs_conn *c, const char *name, const struct xs_perms *p);
void domains_free(struct xs_engine *e);

#endif /* PVSTORED_INTERNAL_H */
