// SPDX-License-Identifier: GPL-2.0-only
/*
 * The engine's core: connections (framing of xs_wire.h messages in, a
 * queue of whole messages out), the dispatch table, and the operations on
 * nodes. Every operation reads and writes through a view: the store, or
 * the connection's transaction over it (view_read/view_write/view_delete),
 * so the same code serves both. Each operation checks everything (path,
 * permissions, quotas) before it changes anything, and answers with
 * exactly one reply: its result or XS_ERROR with Xen's errno name.
 *
 * Access follows Xen 4.17: dom0 (and every socket client) may do
 * anything; a node's owner (its first permission) and a connection whose
 * SET_TARGET names the owner may too; anyone else gets the entry naming
 * its domain, or else the first entry's letter. A node that exists but
 * may not be read answers EACCES; a missing one answers ENOENT only when
 * the nearest existing ancestor grants the access, else EACCES (a denied
 * client learns nothing about what exists). Created nodes inherit their
 * parent's permissions; an unprivileged creator becomes their owner.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define FLAG_PRIV 1  /* dom0 only (EACCES otherwise) */
#define FLAG_NOTID 2 /* tx_id ignored */

/* Room for a canonical path: "/local/domain/NNNNN/" and a payload's string. */
#define PATH_BUF (XENSTORE_PAYLOAD_MAX + 32)

/* A message being processed. */
struct req {
	struct xs_conn *c;
	const struct xsd_sockmsg *hdr;
	const char *data;
	size_t len;
};

bool conn_privileged(const struct xs_conn *c)
{
	return c->domid == 0;
}

unsigned int perm_for_conn(const struct xs_conn *c, const struct xs_perms *p)
{
	unsigned int target = c->target ? c->target->domid : ~0u;
	uint32_t i;

	if (conn_privileged(c) || !p->num || p->p[0].domid == c->domid || p->p[0].domid == target)
		return XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;
	for (i = 1; i < p->num; i++)
		if (p->p[i].domid == c->domid || p->p[i].domid == target)
			return p->p[i].perm & (XS_PERM_READ | XS_PERM_WRITE);
	return p->p[0].perm & (XS_PERM_READ | XS_PERM_WRITE);
}

void engine_log(struct xs_engine *e, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!e->logging || !e->hooks.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	e->hooks.log(e->hooks.opaque, line);
}

/* --- Views: the store, or the connection's transaction over it. --- */

/* path in c's view (NULL when absent); a transaction notes the access. */
static int view_get(struct xs_conn *c, const char *path, struct xs_node **out)
{
	struct xs_node *n;
	int rc;

	*out = NULL;
	if (!c->tx) {
		*out = map_get(&c->e->store, path);
		return 0;
	}
	rc = tx_note(c->tx, path, &n);
	if (rc)
		return rc;
	if (!(n->flags & NODE_DELETED))
		*out = n;
	return 0;
}

struct xs_node *view_read(struct xs_conn *c, const char *path)
{
	struct xs_node *n;

	return view_get(c, path, &n) ? NULL : n;
}

/*
 * Puts n (a new node or a changed copy; taken over) into c's view. The
 * store stamps it with a new generation and moves the node counts when
 * the owner changes.
 */
int view_write(struct xs_conn *c, struct xs_node *n)
{
	struct xs_engine *e = c->e;
	struct xs_node *old;
	int rc;

	if (c->tx) {
		rc = tx_note(c->tx, n->path, &old);
		if (rc) {
			node_free(n);
			return rc;
		}
		if ((old->flags & NODE_DELETED) && n->perms.p[0].domid == c->domid)
			c->tx->entry_delta++;
		n->generation = old->generation;
		n->flags = (old->flags & NODE_EXISTED) | NODE_WRITTEN;
		map_put(&c->tx->nodes, n);
		return 0;
	}
	old = map_get(&e->store, n->path);
	if (!old || old->perms.p[0].domid != n->perms.p[0].domid) {
		domain_entry_add(e, n->perms.p[0].domid, 1);
		if (old)
			domain_entry_add(e, old->perms.p[0].domid, -1);
	}
	n->generation = ++e->generation;
	n->flags = 0;
	map_put(&e->store, n);
	return 0;
}

int view_delete(struct xs_conn *c, const char *path)
{
	struct xs_node *n;
	int rc;

	if (c->tx) {
		rc = tx_note(c->tx, path, &n);
		if (rc || (n->flags & NODE_DELETED))
			return rc;
		if (n->perms.p[0].domid == c->domid)
			c->tx->entry_delta--;
		free(n->data);
		free(n->children);
		n->data = n->children = NULL;
		n->datalen = n->childlen = 0;
		n->flags |= NODE_DELETED | NODE_WRITTEN;
		return 0;
	}
	n = map_take(&c->e->store, path);
	if (n) {
		domain_entry_add(c->e, n->perms.p[0].domid, -1);
		node_free(n);
	}
	return 0;
}

/* --- Lookups with Xen's permission rules. --- */

/* What an access refused or a node missing reports, by the ancestors. */
static int errno_from_parents(struct xs_conn *c, const char *path, int rc, unsigned int want)
{
	char parent[PATH_BUF];
	struct xs_node *n = NULL;
	int r;

	if (rc == -ENOMEM || rc == -ENOSPC)
		return rc;
	strcpy(parent, path);
	while (!n && strcmp(parent, "/")) {
		path_parent(parent, parent, sizeof(parent));
		r = view_get(c, parent, &n);
		if (r)
			return r;
	}
	if (n && (perm_for_conn(c, &n->perms) & want))
		return rc;
	return -EACCES;
}

static int get_node(struct xs_conn *c, const char *path, unsigned int want, struct xs_node **out)
{
	struct xs_node *n;
	int rc;

	*out = NULL;
	if (!path_valid(c->e, path))
		return -EINVAL;
	rc = view_get(c, path, &n);
	if (rc)
		return rc;
	if (n && (perm_for_conn(c, &n->perms) & want) == want) {
		*out = n;
		return 0;
	}
	return errno_from_parents(c, path, n ? -EACCES : -ENOENT, want);
}

/*
 * The absolute path of a request's path: relative ones below the domain's
 * home (dom0's, /local/domain/0, for a socket client, as in Xen).
 */
static void canonical(const struct xs_conn *c, const char *path, char *buf)
{
	if (path[0] == '/' || path[0] == '@')
		snprintf(buf, PATH_BUF, "%s", path);
	else
		snprintf(buf, PATH_BUF, "/local/domain/%u/%s", c->domid, path);
}

/* The payload is one string: exactly one NUL, at its end. */
static const char *onearg(const struct req *r)
{
	if (!r->len || memchr(r->data, 0, r->len) != r->data + r->len - 1)
		return NULL;
	return r->data;
}

/*
 * The start of a request whose one argument is a path: the path made
 * absolute into @path (PATH_BUF bytes) and its node, if the caller has
 * @want on it. -EINVAL for a malformed argument, else get_node()'s answer.
 */
static int path_node(const struct req *r, unsigned int want, char *path, struct xs_node **n)
{
	const char *arg = onearg(r);

	if (!arg)
		return -EINVAL;
	canonical(r->c, arg, path);
	return get_node(r->c, path, want, n);
}

/* Up to n leading NUL-terminated strings; returns how many there are. */
static unsigned int get_strings(const struct req *r, const char **vec, unsigned int n)
{
	const char *p = r->data, *end = r->data + r->len, *nul;
	unsigned int i;

	for (i = 0; i < n && p < end; i++) {
		nul = memchr(p, 0, (size_t)(end - p));
		if (!nul)
			break;
		vec[i] = p;
		p = nul + 1;
	}
	return i;
}

static unsigned int count_strings(const struct req *r)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < r->len; i++)
		n += !r->data[i];
	return n;
}

/* --- Output. --- */

void conn_kill(struct xs_conn *c, unsigned int error)
{
	if (c->dead)
		return;
	c->dead = true;
	c->error = error;
	engine_log(c->e, "conn d%u: dropped (%s)", c->domid,
		   error == XENSTORE_ERROR_PROTO ? "protocol" : "output overflow");
}

/*
 * Queues one message. A reply longer than XENSTORE_PAYLOAD_MAX becomes an
 * E2BIG error, an event that long is dropped (as Xen does); output piling
 * past XS_CONN_OUTPUT_MAX drops the connection.
 */
int send_reply(struct xs_conn *c, uint32_t type, uint32_t req_id, uint32_t tx_id, const void *data,
	       size_t len)
{
	struct xsd_sockmsg hdr = {
		.type = type, .req_id = req_id, .tx_id = tx_id, .len = (uint32_t)len};
	struct xs_out *o;

	if (c->dead)
		return -EPIPE;
	if (len > XENSTORE_PAYLOAD_MAX) {
		if (type == XS_WATCH_EVENT)
			return -E2BIG;
		hdr.type = XS_ERROR;
		data = "E2BIG";
		len = hdr.len = 6;
	}
	if (c->out_bytes + sizeof(hdr) + len > XS_CONN_OUTPUT_MAX) {
		conn_kill(c, XENSTORE_ERROR_COMM);
		return -ENOSPC;
	}
	o = malloc(sizeof(*o) + sizeof(hdr) + len);
	if (!o)
		return -ENOMEM;
	o->len = sizeof(hdr) + len;
	o->done = 0;
	o->reply = type != XS_WATCH_EVENT;
	memcpy(o->buf, &hdr, sizeof(hdr));
	if (len)
		memcpy(o->buf + sizeof(hdr), data, len);
	list_add_tail(&o->list, &c->out);
	c->out_bytes += o->len;
	c->out_replies += o->reply;
	return 0;
}

static int reply(const struct req *r, const void *data, size_t len)
{
	return send_reply(r->c, r->hdr->type, r->hdr->req_id, r->hdr->tx_id, data, len);
}

static int ack(const struct req *r)
{
	return reply(r, "OK", 3);
}

/* XS_ERROR with Xen's name for rc (xs_wire.h's xsd_errors[]); another is EINVAL, as Xen. */
static void send_error(const struct req *r, int rc)
{
	const char *name = xsd_errors[0].errstring;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(xsd_errors); i++)
		if (xsd_errors[i].errnum == -rc)
			name = xsd_errors[i].errstring;
	send_reply(r->c, XS_ERROR, r->hdr->req_id, r->hdr->tx_id, name, strlen(name) + 1);
}

/* --- Node operations. --- */

static int check_size(const struct xs_conn *c, unsigned int size)
{
	return (!conn_privileged(c) && size >= c->e->quota.node_size) ? -ENOSPC : 0;
}

/* Entries c's domain owns, its open transaction's changes included. */
static unsigned int own_entries(struct xs_conn *c)
{
	int n = (int)domain_entries(c->e, c->domid) + (c->tx ? c->tx->entry_delta : 0);

	return n < 0 ? 0 : (unsigned int)n;
}

/* The first len bytes of path, into buf; returns buf. */
static char *prefix(const char *path, size_t len, char *buf)
{
	memcpy(buf, path, len);
	buf[len] = '\0';
	return buf;
}

/*
 * Creates path (which get_node found missing) and the missing nodes above
 * it, with data at the leaf. The nearest existing ancestor's permissions
 * are inherited; an unprivileged creator owns the new nodes. ENOSPC past
 * the entry or node-size quota, checked before anything changes.
 */
static int create_node(struct xs_conn *c, const char *path, const void *data, uint32_t len)
{
	/* The missing nodes are prefixes of path: lens[0] is the leaf's length. */
	size_t *lens = NULL, *grown;
	char name[PATH_BUF], tmp[PATH_BUF];
	struct xs_node *anc = NULL, *n;
	struct xs_perms perms = {0};
	unsigned int k = 0, i, size;
	int rc;

	snprintf(name, sizeof(name), "%s", path);
	while (!anc) {
		grown = realloc(lens, (k + 1) * sizeof(*lens));
		if (!grown) {
			rc = -ENOMEM;
			goto out;
		}
		lens = grown;
		lens[k++] = strlen(name);
		path_parent(name, name, sizeof(name));
		rc = view_get(c, name, &anc);
		if (rc)
			goto out;
	}
	rc = -ENOSPC;
	if (!conn_privileged(c) && own_entries(c) + k > c->e->quota.entries)
		goto out;
	size = node_size(anc) +
	       (unsigned int)strlen(path_basename(prefix(path, lens[k - 1], tmp))) + 1;
	if (check_size(c, size))
		goto out;
	for (i = 0; i < k; i++) {
		size = 24 + 8 * anc->perms.num +
		       (i ? (unsigned int)strlen(path_basename(prefix(path, lens[i - 1], tmp))) + 1
			  : len);
		if (check_size(c, size))
			goto out;
	}
	rc = perms_copy(&perms, &anc->perms);
	if (rc)
		goto out;
	if (!conn_privileged(c))
		perms.p[0].domid = c->domid;

	rc = -ENOMEM;
	n = node_dup(anc);
	if (!n || node_add_child(n, path_basename(prefix(path, lens[k - 1], tmp)))) {
		node_free(n);
		goto out;
	}
	if (view_write(c, n))
		goto out;
	for (i = k; i-- > 0;) {
		n = node_new(prefix(path, lens[i], name));
		if (!n || perms_copy(&n->perms, &perms) ||
		    (i ? node_add_child(n, path_basename(prefix(path, lens[i - 1], tmp)))
		       : node_set_data(n, data, len))) {
			node_free(n);
			goto out;
		}
		if (view_write(c, n))
			goto out;
	}
	rc = 0;
out:
	perms_free(&perms);
	free(lens);
	return rc;
}

/* Collects path and everything below it in c's view, parents first. */
static int collect_subtree(struct xs_conn *c, const char *path, char ***out, unsigned int *count)
{
	unsigned int n = 0, cap = 16, i;
	char **v = malloc(cap * sizeof(*v)), **grown;
	struct xs_node *node;
	uint32_t off;
	int rc = 0;

	if (!v || !(v[0] = strdup(path))) {
		free(v);
		return -ENOMEM;
	}
	n = 1;
	for (i = 0; i < n && !rc; i++) {
		rc = view_get(c, v[i], &node);
		for (off = 0; !rc && node && off < node->childlen;
		     off += (uint32_t)strlen(node->children + off) + 1) {
			const char *name = node->children + off;

			if (n == cap) {
				grown = realloc(v, 2 * cap * sizeof(*v));
				if (!grown) {
					rc = -ENOMEM;
					break;
				}
				v = grown;
				cap *= 2;
			}
			v[n] = malloc(strlen(v[i]) + strlen(name) + 2);
			if (!v[n]) {
				rc = -ENOMEM;
				break;
			}
			sprintf(v[n++], "%s/%s", strcmp(v[i], "/") ? v[i] : "", name);
		}
	}
	*out = v;
	*count = n;
	return rc;
}

/*
 * Removes path and everything below it from c's view, fires the watches (exactly for each
 * descendant, on path and above for path itself), and drops path from
 * its parent's children. Checks nothing: the caller did.
 */
int rm_subtree(struct xs_conn *c, const char *path)
{
	char **v = NULL, parent[PATH_BUF];
	unsigned int n = 0, i;
	struct xs_node *node, *pn;
	int rc;

	rc = collect_subtree(c, path, &v, &n);
	if (rc)
		goto out;
	path_parent(path, parent, sizeof(parent));
	rc = view_get(c, parent, &pn);
	if (rc)
		goto out;
	if (pn) {
		pn = node_dup(pn);
		if (!pn) {
			rc = -ENOMEM;
			goto out;
		}
		node_remove_child(pn, path_basename(path));
	}
	for (i = n; i-- > 0;) {
		if (view_get(c, v[i], &node) || !node)
			continue;
		fire_watches(c->e, c, v[i], i != 0, &node->perms);
		view_delete(c, v[i]);
	}
	if (pn)
		rc = view_write(c, pn);
out:
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return rc;
}

static int do_read(const struct req *r)
{
	char path[PATH_BUF];
	struct xs_node *n;
	int rc;

	rc = path_node(r, XS_PERM_READ, path, &n);
	return rc ? rc : reply(r, n->data, n->datalen);
}

static int do_write(const struct req *r)
{
	const char *vec[1];
	char path[PATH_BUF];
	struct xs_node *n;
	uint32_t off, len;
	int rc;

	if (get_strings(r, vec, 1) < 1)
		return -EINVAL;
	off = (uint32_t)strlen(vec[0]) + 1;
	len = (uint32_t)r->len - off;
	canonical(r->c, vec[0], path);
	rc = get_node(r->c, path, XS_PERM_WRITE, &n);
	if (rc == -ENOENT) {
		rc = create_node(r->c, path, r->data + off, len);
	} else if (!rc) {
		rc = check_size(r->c, node_size(n) - n->datalen + len);
		if (rc)
			return rc;
		n = node_dup(n);
		if (!n || node_set_data(n, r->data + off, len)) {
			node_free(n);
			return -ENOMEM;
		}
		rc = view_write(r->c, n);
	}
	if (rc)
		return rc;
	fire_watches(r->c->e, r->c, path, false, NULL);
	return ack(r);
}

static int do_mkdir(const struct req *r)
{
	char path[PATH_BUF];
	struct xs_node *n;
	int rc;

	rc = path_node(r, XS_PERM_WRITE, path, &n);
	if (rc == -ENOENT) {
		rc = create_node(r->c, path, NULL, 0);
		if (!rc)
			fire_watches(r->c->e, r->c, path, false, NULL);
	}
	return rc ? rc : ack(r);
}

static int do_rm(const struct req *r)
{
	char path[PATH_BUF], parent[PATH_BUF];
	struct xs_node *n;
	int rc;

	rc = path_node(r, XS_PERM_WRITE, path, &n);
	if (rc == -ENOENT) {
		/* Already gone: fine, if the parent is there. */
		path_parent(path, parent, sizeof(parent));
		rc = view_get(r->c, parent, &n);
		if (rc)
			return rc;
		return n ? ack(r) : -ENOENT;
	}
	if (rc)
		return rc;
	if (!strcmp(path, "/"))
		return -EINVAL;
	rc = rm_subtree(r->c, path);
	return rc ? rc : ack(r);
}

static int do_directory(const struct req *r)
{
	char path[PATH_BUF];
	struct xs_node *n;
	int rc;

	rc = path_node(r, XS_PERM_READ, path, &n);
	return rc ? rc : reply(r, n->children, n->childlen);
}

/*
 * DIRECTORY_PART path offset: the node's generation, then as many child
 * names from byte offset of the list as fit in one reply; an empty name
 * ends the list.
 */
static int do_directory_part(const struct req *r)
{
	const char *vec[2];
	char path[PATH_BUF], buf[XENSTORE_PAYLOAD_MAX];
	struct xs_node *n;
	size_t genlen, len = 0, max, off;
	const char *child;
	int rc;

	if (get_strings(r, vec, 2) < 2)
		return -EINVAL;
	canonical(r->c, vec[0], path);
	rc = get_node(r->c, path, XS_PERM_READ, &n);
	if (rc)
		return rc;
	off = strtoul(vec[1], NULL, 10);
	genlen = (size_t)snprintf(buf, sizeof(buf), "%llu", (unsigned long long)n->generation) + 1;
	if (off >= n->childlen) {
		buf[genlen] = 0;
		return reply(r, buf, genlen + 1);
	}
	max = XENSTORE_PAYLOAD_MAX - genlen - 1;
	child = n->children + off;
	while (len + strlen(child) < max) {
		len += strlen(child) + 1;
		child += strlen(child) + 1;
		if (off + len == n->childlen)
			break;
	}
	memcpy(buf + genlen, n->children + off, len);
	if (off + len == n->childlen)
		buf[genlen + len++] = 0;
	return reply(r, buf, genlen + len);
}

static int do_get_perms(const struct req *r)
{
	char path[PATH_BUF], buf[XENSTORE_PAYLOAD_MAX];
	struct xs_node *n;
	size_t len;
	int rc;

	rc = path_node(r, XS_PERM_READ, path, &n);
	if (rc)
		return rc;
	len = perms_format(&n->perms, buf, sizeof(buf));
	return len ? reply(r, buf, len) : -E2BIG;
}

/*
 * SET_PERMS path perm...: the owner (or dom0) only; an unprivileged
 * domain may not give the node away (EPERM), nor set more than
 * quota.perms entries (ENOSPC).
 */
static int do_set_perms(const struct req *r)
{
	unsigned int num = count_strings(r);
	char path[PATH_BUF];
	struct xs_perms perms, old;
	struct xs_node *n;
	size_t off;
	int rc;

	if (num < 2)
		return -EINVAL;
	num--;
	if (!conn_privileged(r->c) && num > r->c->e->quota.perms)
		return -ENOSPC;
	off = strlen(r->data) + 1;
	rc = perms_parse(&perms, r->data + off, r->len - off, num);
	if (rc)
		return rc;
	if (r->data[0] == '@') {
		rc = special_set_perms(r->c, r->data, &perms);
		goto out;
	}
	canonical(r->c, r->data, path);
	rc = get_node(r->c, path, XS_PERM_WRITE | XS_PERM_OWNER, &n);
	if (rc)
		goto out;
	rc = -EPERM;
	if (!conn_privileged(r->c) && perms.p[0].domid != n->perms.p[0].domid)
		goto out;
	rc = check_size(r->c, node_size(n) + 8 * perms.num - 8 * n->perms.num);
	if (rc)
		goto out;
	rc = -ENOMEM;
	if (perms_copy(&old, &n->perms))
		goto out;
	n = node_dup(n);
	if (!n) {
		perms_free(&old);
		goto out;
	}
	perms_free(&n->perms);
	n->perms = perms;
	perms.p = NULL;
	rc = view_write(r->c, n);
	if (!rc)
		fire_watches(r->c->e, r->c, path, false, &old);
	perms_free(&old);
out:
	perms_free(&perms);
	return rc ? rc : ack(r);
}

static int do_watch_op(const struct req *r)
{
	const char *vec[2];
	int rc;

	if (get_strings(r, vec, 2) < 2)
		return -EINVAL;
	rc = do_watch(r->c, vec[0], vec[1]);
	if (rc)
		return rc;
	rc = ack(r);
	watch_fire_initial(r->c, vec[0], vec[1]);
	return rc;
}

static int do_unwatch_op(const struct req *r)
{
	const char *vec[2];
	int rc;

	if (get_strings(r, vec, 2) < 2)
		return -EINVAL;
	rc = do_unwatch(r->c, vec[0], vec[1]);
	return rc ? rc : ack(r);
}

static int do_tx_start(const struct req *r)
{
	char id[16];
	uint32_t tid;
	int rc;

	if (r->c->tx)
		return -EBUSY;
	rc = tx_start(r->c, &tid);
	if (rc)
		return rc;
	return reply(r, id, (size_t)snprintf(id, sizeof(id), "%u", tid) + 1);
}

static int do_tx_end(const struct req *r)
{
	const char *arg = onearg(r);
	struct xs_tx *t = r->c->tx;
	int rc;

	if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
		return -EINVAL;
	if (!t)
		return -ENOENT;
	rc = tx_end(r->c, t, arg[0] == 'T');
	r->c->tx = NULL;
	return rc ? rc : ack(r);
}

static int do_introduce(const struct req *r)
{
	const char *vec[3];
	int rc;

	if (get_strings(r, vec, 3) < 3)
		return -EINVAL;
	rc = domain_introduce(r->c, (unsigned int)atoi(vec[0]), strtoull(vec[1], NULL, 10),
			      (unsigned int)atoi(vec[2]));
	return rc ? rc : ack(r);
}

static int do_release(const struct req *r)
{
	const char *arg = onearg(r);
	int rc;

	if (!arg)
		return -EINVAL;
	rc = domain_release(r->c, (unsigned int)atoi(arg));
	return rc ? rc : ack(r);
}

static int do_resume(const struct req *r)
{
	const char *arg = onearg(r);
	int rc;

	if (!arg)
		return -EINVAL;
	rc = domain_resume(r->c, (unsigned int)atoi(arg));
	return rc ? rc : ack(r);
}

static int do_set_target(const struct req *r)
{
	const char *vec[2];
	int rc;

	if (get_strings(r, vec, 2) < 2)
		return -EINVAL;
	rc = domain_set_target(r->c, (unsigned int)atoi(vec[0]), (unsigned int)atoi(vec[1]));
	return rc ? rc : ack(r);
}

static int do_get_domain_path(const struct req *r)
{
	const char *arg = onearg(r);
	char path[32];

	if (!arg)
		return -EINVAL;
	return reply(
		r, path,
		(size_t)snprintf(path, sizeof(path), "/local/domain/%u", (unsigned int)atoi(arg)) +
			1);
}

static int do_is_domain_introduced(const struct req *r)
{
	const char *arg = onearg(r);
	unsigned int domid;

	if (!arg)
		return -EINVAL;
	domid = (unsigned int)atoi(arg);
	return reply(r, (domid == 0x7ff0 || domain_is_introduced(r->c->e, domid)) ? "T" : "F", 2);
}

static int do_reset_watches(const struct req *r)
{
	watches_free(r->c);
	txs_free(r->c);
	r->c->tx = NULL;
	return ack(r);
}

/* CONTROL: check, log on|off, print TEXT, quota, help. */
static int do_control(const struct req *r)
{
	static const char help[] = "check\t\nlog\ton|off\nprint\t<string>\nquota\t\nhelp\t\n";
	const char *vec[2];
	unsigned int n = get_strings(r, vec, 2);
	struct xs_engine *e = r->c->e;
	char buf[512];

	if (!n)
		return -EINVAL;
	if (!strcmp(vec[0], "check") && n == 1) {
		if (xs_engine_check(e))
			engine_log(e, "control check: the store is inconsistent");
		return ack(r);
	}
	if (!strcmp(vec[0], "log") && n == 2 && (!strcmp(vec[1], "on") || !strcmp(vec[1], "off"))) {
		xs_engine_set_logging(e, vec[1][1] == 'n');
		return ack(r);
	}
	if (!strcmp(vec[0], "print") && n == 2) {
		bool was = e->logging;

		e->logging = true;
		engine_log(e, "control: %s", vec[1]);
		e->logging = was;
		return ack(r);
	}
	if (!strcmp(vec[0], "quota") && n == 1) {
		const struct xs_quota *q = &e->quota;

		snprintf(buf, sizeof(buf),
			 "%-17s: %8u Nodes per domain\n%-17s: %8u Watches per domain\n"
			 "%-17s: %8u Transactions per domain\n%-17s: %8u Max. number of "
			 "accessed nodes per transaction\n%-17s: %8u Max. node size\n"
			 "%-17s: %8u Max. number of permissions per node\n%-17s: %8u Max. "
			 "path length\n%-17s: %8u Max. number of outstanding requests\n",
			 "nodes", q->entries, "watches", q->watches, "transactions",
			 q->transactions, "transaction-nodes", q->tx_nodes, "node-size",
			 q->node_size, "permissions", q->perms, "path-max", q->path_len,
			 "outstanding", q->outstanding);
		return reply(r, buf, strlen(buf) + 1);
	}
	if (!strcmp(vec[0], "help") && n == 1)
		return reply(r, help, sizeof(help));
	return -EINVAL;
}

static const struct {
	const char *name;
	int (*fn)(const struct req *r);
	unsigned int flags;
} ops[XS_TYPE_COUNT] = {
	[XS_CONTROL] = {"CONTROL", do_control, FLAG_PRIV},
	[XS_DIRECTORY] = {"DIRECTORY", do_directory, 0},
	[XS_READ] = {"READ", do_read, 0},
	[XS_GET_PERMS] = {"GET_PERMS", do_get_perms, 0},
	[XS_WATCH] = {"WATCH", do_watch_op, FLAG_NOTID},
	[XS_UNWATCH] = {"UNWATCH", do_unwatch_op, FLAG_NOTID},
	[XS_TRANSACTION_START] = {"TRANSACTION_START", do_tx_start, 0},
	[XS_TRANSACTION_END] = {"TRANSACTION_END", do_tx_end, 0},
	[XS_INTRODUCE] = {"INTRODUCE", do_introduce, FLAG_PRIV},
	[XS_RELEASE] = {"RELEASE", do_release, FLAG_PRIV},
	[XS_GET_DOMAIN_PATH] = {"GET_DOMAIN_PATH", do_get_domain_path, 0},
	[XS_WRITE] = {"WRITE", do_write, 0},
	[XS_MKDIR] = {"MKDIR", do_mkdir, 0},
	[XS_RM] = {"RM", do_rm, 0},
	[XS_SET_PERMS] = {"SET_PERMS", do_set_perms, 0},
	[XS_IS_DOMAIN_INTRODUCED] = {"IS_DOMAIN_INTRODUCED", do_is_domain_introduced, FLAG_PRIV},
	[XS_RESUME] = {"RESUME", do_resume, FLAG_PRIV},
	[XS_SET_TARGET] = {"SET_TARGET", do_set_target, FLAG_PRIV},
	[XS_RESET_WATCHES] = {"RESET_WATCHES", do_reset_watches, 0},
	[XS_DIRECTORY_PART] = {"DIRECTORY_PART", do_directory_part, 0},
};

/*
 * One complete message: unknown types are ENOSYS, dom0-only ones EACCES
 * for others, an unknown transaction id ENOENT; then the operation.
 */
static void process(struct xs_conn *c)
{
	struct req r = {.c = c, .hdr = &c->hdr, .data = c->in_buf, .len = c->hdr.len};
	uint32_t type = c->hdr.type;
	int rc;

	c->in_buf[c->hdr.len] = '\0';
	c->tx = NULL;
	if (type >= XS_TYPE_COUNT || !ops[type].fn) {
		rc = -ENOSYS;
	} else if ((ops[type].flags & FLAG_PRIV) && !conn_privileged(c)) {
		rc = -EACCES;
	} else if (!(ops[type].flags & FLAG_NOTID) && c->hdr.tx_id &&
		   !(c->tx = tx_find(c, c->hdr.tx_id))) {
		rc = -ENOENT;
	} else {
		rc = ops[type].fn(&r);
	}
	c->tx = NULL;
	engine_log(c->e, "d%u %s %.64s -> %d", c->domid,
		   type < XS_TYPE_COUNT && ops[type].name ? ops[type].name : "?",
		   c->hdr.len ? c->in_buf : "", rc);
	if (rc)
		send_error(&r, rc);
}

size_t xs_conn_feed(struct xs_conn *c, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	size_t taken = 0, want, n;

	while (taken < len && xs_conn_can_read(c)) {
		if (c->in_have < sizeof(c->hdr)) {
			want = sizeof(c->hdr) - c->in_have;
			n = len - taken < want ? len - taken : want;
			memcpy((char *)&c->hdr + c->in_have, p + taken, n);
		} else {
			want = sizeof(c->hdr) + c->hdr.len - c->in_have;
			n = len - taken < want ? len - taken : want;
			memcpy(c->in_buf + c->in_have - sizeof(c->hdr), p + taken, n);
		}
		taken += n;
		c->in_have += n;
		if (c->in_have == sizeof(c->hdr) && c->hdr.len > XENSTORE_PAYLOAD_MAX) {
			conn_kill(c, XENSTORE_ERROR_PROTO);
			break;
		}
		if (c->in_have == sizeof(c->hdr) + c->hdr.len) {
			c->in_have = 0;
			process(c);
		}
	}
	return taken;
}

bool xs_conn_can_read(const struct xs_conn *c)
{
	return !c->dead && (conn_privileged(c) || c->out_replies < c->e->quota.outstanding);
}

bool xs_conn_dead(const struct xs_conn *c)
{
	return c->dead;
}

unsigned int xs_conn_error(const struct xs_conn *c)
{
	return c->dead ? c->error : XENSTORE_ERROR_NONE;
}

size_t xs_conn_output(const struct xs_conn *c, const void **buf)
{
	struct xs_out *o;

	if (list_empty(&c->out))
		return 0;
	o = list_entry(c->out.next, struct xs_out, list);
	*buf = o->buf + o->done;
	return o->len - o->done;
}

unsigned int xs_conn_output_iov(const struct xs_conn *c, struct iovec *iov, unsigned int max)
{
	const struct list *l;
	unsigned int n = 0;

	for (l = c->out.next; l != &c->out && n < max; l = l->next, n++) {
		struct xs_out *o = list_entry(l, struct xs_out, list);

		iov[n].iov_base = o->buf + o->done;
		iov[n].iov_len = o->len - o->done;
	}
	return n;
}

void xs_conn_output_done(struct xs_conn *c, size_t n)
{
	struct xs_out *o;

	while (n && !list_empty(&c->out)) {
		size_t step;

		o = list_entry(c->out.next, struct xs_out, list);
		step = n < o->len - o->done ? n : o->len - o->done;
		o->done += step;
		n -= step;
		if (o->done == o->len) {
			list_del(&o->list);
			c->out_bytes -= o->len;
			c->out_replies -= o->reply;
			free(o);
		}
	}
}

/* --- Connections and the engine. --- */

struct xs_conn *xs_conn_new(struct xs_engine *e, unsigned int domid, bool domain, void *transport)
{
	struct xs_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->e = e;
	c->domid = domid;
	c->domain = domain;
	c->transport = transport;
	c->next_tx_id = 1;
	LIST_INIT(&c->out);
	LIST_INIT(&c->watches);
	LIST_INIT(&c->txs);
	list_add_tail(&c->list, &e->conns);
	return c;
}

struct xs_conn *xs_engine_connect_dom0(struct xs_engine *e, void *transport)
{
	struct xs_domain *d = domain_get(e, 0);
	struct xs_conn *c;

	if (!d || d->conn)
		return NULL;
	c = xs_conn_new(e, 0, true, transport);
	if (c) {
		d->conn = c;
		d->introduced = true;
	}
	return c;
}

void xs_conn_reset(struct xs_conn *c)
{
	watches_free(c);
	txs_free(c);
	xs_conn_output_done(c, c->out_bytes);
	c->in_have = 0;
}

void xs_conn_free(struct xs_conn *c)
{
	struct xs_engine *e = c->e;
	struct xs_domain *d = domain_find(e, c->domid);
	struct list *p, *n;

	if (d && d->conn == c)
		d->conn = NULL;
	list_for_each_safe(p, n, &e->conns)
	{
		struct xs_conn *o = list_entry(p, struct xs_conn, list);

		if (o->target == c)
			o->target = NULL;
	}
	watches_free(c);
	txs_free(c);
	xs_conn_output_done(c, c->out_bytes);
	list_del(&c->list);
	if (e->hooks.release && c->transport)
		e->hooks.release(e->hooks.opaque, c->transport);
	free(c);
}

void *xs_conn_transport(const struct xs_conn *c)
{
	return c->transport;
}

unsigned int xs_conn_domid(const struct xs_conn *c)
{
	return c->domid;
}

void xs_engine_for_each_conn(struct xs_engine *e, void (*fn)(struct xs_conn *c, void *arg),
			     void *arg)
{
	struct list *p, *n;

	list_for_each_safe(p, n, &e->conns) fn(list_entry(p, struct xs_conn, list), arg);
}

void xs_quota_default(struct xs_quota *q)
{
	*q = (struct xs_quota){
		.entries = 1000,
		.watches = 128,
		.node_size = 2048,
		.transactions = 10,
		.perms = 5,
		.path_len = XENSTORE_REL_PATH_MAX,
		.tx_nodes = 1024,
		.outstanding = 20,
	};
}

void xs_engine_set_logging(struct xs_engine *e, bool on)
{
	e->logging = on;
}

/* A node the daemon makes at start: owned by dom0, readable by none. */
static int seed_node(struct xs_engine *e, const char *path, const char *child)
{
	struct xs_node *n = node_new(path);

	if (!n)
		return -ENOMEM;
	n->perms.num = 1;
	n->perms.p = calloc(1, sizeof(*n->perms.p));
	if (!n->perms.p || (child && node_add_child(n, child))) {
		node_free(n);
		return -ENOMEM;
	}
	n->generation = ++e->generation;
	map_put(&e->store, n);
	domain_entry_add(e, 0, 1);
	return 0;
}

static int default_special(struct xs_perms *p)
{
	p->num = 1;
	p->p = calloc(1, sizeof(*p->p));
	return p->p ? 0 : -ENOMEM;
}

/*
 * A new store as Xen's starts: /, /tool, /tool/xenstored, owned by dom0
 * with no access for others ("n0"); dom0 counts as introduced.
 */
struct xs_engine *xs_engine_new(const struct xs_quota *quota, const struct xs_hooks *hooks)
{
	struct xs_engine *e = calloc(1, sizeof(*e));
	struct xs_domain *d0;

	if (!e)
		return NULL;
	if (quota)
		e->quota = *quota;
	else
		xs_quota_default(&e->quota);
	if (hooks)
		e->hooks = *hooks;
	LIST_INIT(&e->conns);
	LIST_INIT(&e->domains);
	e->daemon = calloc(1, sizeof(*e->daemon));
	if (e->daemon) {
		e->daemon->e = e;
		LIST_INIT(&e->daemon->list);
		LIST_INIT(&e->daemon->out);
		LIST_INIT(&e->daemon->watches);
		LIST_INIT(&e->daemon->txs);
	}
	if (!e->daemon || map_init(&e->store) || seed_node(e, "/", "tool") ||
	    seed_node(e, "/tool", "xenstored") || seed_node(e, "/tool/xenstored", NULL) ||
	    default_special(&e->special_introduce) || default_special(&e->special_release) ||
	    !(d0 = domain_get(e, 0))) {
		xs_engine_free(e);
		return NULL;
	}
	d0->introduced = true;
	return e;
}

void xs_engine_free(struct xs_engine *e)
{
	struct list *p, *n;

	if (!e)
		return;
	list_for_each_safe(p, n, &e->conns) xs_conn_free(list_entry(p, struct xs_conn, list));
	free(e->daemon);
	map_destroy(&e->store);
	perms_free(&e->special_introduce);
	perms_free(&e->special_release);
	domains_free(e);
	free(e);
}

unsigned int xs_engine_node_count(const struct xs_engine *e)
{
	return e->store.count;
}

/*
 * The tree's invariants: every node but / is listed by its parent, every
 * listed child exists, every node has an owner, and the per-domain node
 * counts match the owners.
 */
int xs_engine_check(struct xs_engine *e)
{
	char parent[PATH_BUF], child[PATH_BUF];
	struct xs_node *n, *p;
	struct list *l, *m;
	uint32_t i, off;
	int rc = 0;

	for (i = 0; i < e->store.nbuckets; i++)
		for (n = e->store.bucket[i]; n; n = n->hnext) {
			if (!n->perms.num)
				rc = -EIO;
			for (off = 0; off < n->childlen; off += strlen(n->children + off) + 1) {
				snprintf(child, sizeof(child), "%s/%s",
					 strcmp(n->path, "/") ? n->path : "", n->children + off);
				if (!map_get(&e->store, child))
					rc = -EIO;
			}
			if (!strcmp(n->path, "/"))
				continue;
			path_parent(n->path, parent, sizeof(parent));
			p = map_get(&e->store, parent);
			if (!p)
				rc = -EIO;
			else {
				const char *base = path_basename(n->path);
				bool found = false;

				for (off = 0; off < p->childlen;
				     off += strlen(p->children + off) + 1)
					found |= !strcmp(p->children + off, base);
				if (!found)
					rc = -EIO;
			}
		}
	list_for_each_safe(l, m, &e->domains)
	{
		struct xs_domain *d = list_entry(l, struct xs_domain, list);
		unsigned int count = 0;

		for (i = 0; i < e->store.nbuckets; i++)
			for (n = e->store.bucket[i]; n; n = n->hnext)
				count += n->perms.p[0].domid == d->domid;
		if (count != d->nbentry)
			rc = -EIO;
	}
	return rc;
}
