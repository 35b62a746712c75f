// SPDX-License-Identifier: GPL-2.0-only
/*
 * Watches: a connection's (path, token) pairs. A change to a node fires
 * every watch on that node or on one of its ancestors (a removal also
 * fires the watches on each removed descendant, exactly), for the
 * connections that may read the node or its parent (or could before a
 * permission change). The special paths @introduceDomain and
 * @releaseDomain fire exactly, for the connections their own
 * permissions let read. Each registration fires once at once. A watch
 * given as a relative path reports relative paths. Changes made inside
 * a transaction are held back and fire when it commits.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void watch_free(struct xs_conn *c, struct xs_watch *w)
{
	list_del(&w->list);
	domain_watch_add(c, -1);
	free(w->path);
	free(w->token);
	free(w);
}

/* The path an event reports to w: relative to the domain's path if w was. */
static const char *event_path(const struct xs_conn *c, const struct xs_watch *w, const char *path)
{
	char prefix[32];
	size_t len;

	if (!w->relative)
		return path;
	len = (size_t)snprintf(prefix, sizeof(prefix), "/local/domain/%u", c->domid);
	if (strncmp(path, prefix, len))
		return path;
	path += len;
	return *path == '/' ? path + 1 : path;
}

static int send_event(struct xs_conn *c, const char *path, const char *token)
{
	size_t plen = strlen(path) + 1, tlen = strlen(token) + 1;
	char buf[2 * XENSTORE_PAYLOAD_MAX];

	if (plen + tlen > sizeof(buf))
		return -E2BIG;
	memcpy(buf, path, plen);
	memcpy(buf + plen, token, tlen);
	return send_reply(c, XS_WATCH_EVENT, 0, 0, buf, plen + tlen);
}

/*
 * May c see an event for path: the node (as it is now, or as old
 * permissions said) or its parent readable by c.
 */
static bool watch_permitted(struct xs_conn *c, const char *path, const struct xs_perms *old)
{
	struct xs_engine *e = c->e;
	struct xs_node *n;
	char parent[XENSTORE_ABS_PATH_MAX + 1];

	if (old && (perm_for_conn(c, old) & XS_PERM_READ))
		return true;
	n = map_get(&e->store, path);
	if (!n)
		return false;
	if (perm_for_conn(c, &n->perms) & XS_PERM_READ)
		return true;
	if (!strcmp(path, "/") || path_parent(path, parent, sizeof(parent)))
		return false;
	n = map_get(&e->store, parent);
	return n && (perm_for_conn(c, &n->perms) & XS_PERM_READ);
}

/*
 * A change to path by connection by (NULL for the daemon itself): exact
 * fires only the watches on path itself. Inside by's transaction the
 * event is held back for the commit.
 */
void fire_watches(struct xs_engine *e, struct xs_conn *by, const char *path, bool exact,
		  const struct xs_perms *old)
{
	struct list *p, *n, *q, *m;

	if (by && by->tx) {
		size_t len = strlen(path) + 1;
		struct xs_pending *ev = calloc(1, sizeof(*ev) + len);

		if (!ev || (old && perms_copy(&ev->perms, old))) {
			free(ev);
			by->tx->failed = true;
			return;
		}
		memcpy(ev->path, path, len);
		ev->exact = exact;
		list_add_tail(&ev->list, &by->tx->events);
		return;
	}
	list_for_each_safe(p, n, &e->conns)
	{
		struct xs_conn *c = list_entry(p, struct xs_conn, list);
		int allowed = -1; /* not asked yet */

		if (c->dead || list_empty(&c->watches))
			continue;
		list_for_each_safe(q, m, &c->watches)
		{
			struct xs_watch *w = list_entry(q, struct xs_watch, list);

			if (exact ? strcmp(path, w->path) : !path_is_child(path, w->path))
				continue;
			/*
			 * Permissions only for a connection with a matching watch:
			 * with a hundred toolstack monitors watching @releaseDomain,
			 * asking every connection first made each write cost a
			 * hundred node lookups.
			 */
			if (allowed < 0)
				allowed = path[0] == '@' ? special_readable(c, path)
							 : watch_permitted(c, path, old);
			if (!allowed)
				break;
			send_event(c, event_path(c, w, path), w->token);
			if (c->dead)
				break;
		}
	}
}

/*
 * The absolute form of a watch path: @names and absolute paths as given,
 * relative ones below the domain's path. -EINVAL for an invalid one.
 */
static int watch_path(struct xs_conn *c, const char *path, char *buf, size_t size, bool *relative)
{
	*relative = false;
	if (path[0] == '@') {
		if (strlen(path) > XENSTORE_REL_PATH_MAX || strlen(path) + 1 > size)
			return -EINVAL;
		strcpy(buf, path);
		return 0;
	}
	if (path[0] == '/') {
		if (strlen(path) + 1 > size)
			return -EINVAL;
		strcpy(buf, path);
	} else {
		*relative = true;
		if ((size_t)snprintf(buf, size, "/local/domain/%u/%s", c->domid, path) >= size)
			return -EINVAL;
	}
	return path_valid(c->e, buf) ? 0 : -EINVAL;
}

/*
 * WATCH: EEXIST for the same path and token twice; E2BIG past the
 * domain's quota (Xen counts before adding: 129 fit with the default
 * 128). The ack, then the initial event, are queued.
 */
int do_watch(struct xs_conn *c, const char *path, const char *token)
{
	char abs[XENSTORE_ABS_PATH_MAX + 32];
	struct xs_watch *w;
	struct list *p, *n;
	bool relative;
	int rc;

	rc = watch_path(c, path, abs, sizeof(abs), &relative);
	if (rc)
		return rc;
	list_for_each_safe(p, n, &c->watches)
	{
		w = list_entry(p, struct xs_watch, list);
		if (!strcmp(w->path, abs) && !strcmp(w->token, token))
			return -EEXIST;
	}
	if (!conn_privileged(c) && domain_watches(c) > c->e->quota.watches)
		return -E2BIG;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->path = strdup(abs);
	w->token = strdup(token);
	if (!w->path || !w->token) {
		free(w->path);
		free(w->token);
		free(w);
		return -ENOMEM;
	}
	w->relative = relative;
	list_add_tail(&w->list, &c->watches);
	domain_watch_add(c, 1);
	return 0;
}

/* The initial event of a new watch (after its ack), with the path as given. */
void watch_fire_initial(struct xs_conn *c, const char *path, const char *token)
{
	send_event(c, path, token);
}

/* UNWATCH: ENOENT when no such (path, token). */
int do_unwatch(struct xs_conn *c, const char *path, const char *token)
{
	char abs[XENSTORE_ABS_PATH_MAX + 32];
	struct list *p, *n;
	bool relative;

	if (watch_path(c, path, abs, sizeof(abs), &relative))
		return -ENOENT;
	list_for_each_safe(p, n, &c->watches)
	{
		struct xs_watch *w = list_entry(p, struct xs_watch, list);

		if (!strcmp(w->path, abs) && !strcmp(w->token, token)) {
			watch_free(c, w);
			return 0;
		}
	}
	return -ENOENT;
}

void watches_free(struct xs_conn *c)
{
	struct list *p, *n;

	list_for_each_safe(p, n, &c->watches) watch_free(c, list_entry(p, struct xs_watch, list));
}
