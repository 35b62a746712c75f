// SPDX-License-Identifier: GPL-2.0-only
/*
 * Transactions, optimistic as in Xen: a transaction sees the store
 * through its own map of the nodes it touched. The first touch of a path
 * records what the store had (a copy with its generation, or a tombstone
 * when there was none); later reads and writes inside the transaction
 * use that entry. Commit checks that every touched path still is as it
 * was first seen (same generation, or still absent): if one changed,
 * the commit fails with EAGAIN and nothing is applied; else the written
 * entries go to the store and the watch events held back fire.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct xs_tx *tx_find(struct xs_conn *c, uint32_t id)
{
	struct list *p, *n;

	list_for_each_safe(p, n, &c->txs)
	{
		struct xs_tx *t = list_entry(p, struct xs_tx, list);

		if (t->id == id)
			return t;
	}
	return NULL;
}

static void tx_free(struct xs_tx *t)
{
	struct list *p, *n;

	list_for_each_safe(p, n, &t->events)
	{
		struct xs_pending *ev = list_entry(p, struct xs_pending, list);

		list_del(p);
		perms_free(&ev->perms);
		free(ev);
	}
	map_destroy(&t->nodes);
	list_del(&t->list);
	t->conn->ntx--;
	free(t);
}

/*
 * TRANSACTION_START. Nested transactions are EBUSY (the caller checks);
 * an unprivileged connection with more than quota.transactions open
 * gets ENOSPC (Xen counts before adding: 11 fit with the default 10).
 */
int tx_start(struct xs_conn *c, uint32_t *id)
{
	struct xs_engine *e = c->e;
	struct xs_tx *t;

	if (!conn_privileged(c) && c->ntx > e->quota.transactions)
		return -ENOSPC;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	if (map_init(&t->nodes)) {
		free(t);
		return -ENOMEM;
	}
	LIST_INIT(&t->events);
	t->conn = c;
	do {
		t->id = c->next_tx_id++;
	} while (!t->id || tx_find(c, t->id));
	list_add_tail(&t->list, &c->txs);
	c->ntx++;
	*id = t->id;
	return 0;
}

/*
 * The transaction's entry for path, made on first touch from the store.
 * -ENOSPC when an unprivileged connection's transaction would touch more
 * than quota.tx_nodes nodes.
 */
int tx_note(struct xs_tx *t, const char *path, struct xs_node **entry)
{
	struct xs_engine *e = t->conn->e;
	struct xs_node *n = map_get(&t->nodes, path), *s;

	if (n) {
		*entry = n;
		return 0;
	}
	if (!conn_privileged(t->conn) && t->nodes.count >= e->quota.tx_nodes)
		return -ENOSPC;
	s = map_get(&e->store, path);
	if (s) {
		n = node_dup(s);
		if (n)
			n->flags = NODE_EXISTED;
	} else {
		n = node_new(path);
		if (n)
			n->flags = NODE_DELETED;
	}
	if (!n) {
		t->failed = true;
		return -ENOMEM;
	}
	map_put(&t->nodes, n);
	*entry = n;
	return 0;
}

/* Every touched path is still as the transaction first saw it. */
static bool tx_valid(struct xs_tx *t)
{
	struct xs_engine *e = t->conn->e;
	uint32_t i;
	struct xs_node *n, *s;

	for (i = 0; i < t->nodes.nbuckets; i++)
		for (n = t->nodes.bucket[i]; n; n = n->hnext) {
			s = map_get(&e->store, n->path);
			if (!(n->flags & NODE_EXISTED) != !s)
				return false;
			if (s && s->generation != n->generation)
				return false;
		}
	return true;
}

/*
 * Applies the written entries to the store. The transaction is detached
 * from the connection first so that view_write()/view_delete() act on the
 * store. Allocation failures here leave the store with part of the
 * changes, as in Xen; they are reported as ENOMEM.
 */
static int tx_apply(struct xs_tx *t)
{
	struct xs_conn *c = t->conn;
	struct xs_node *n, *copy;
	uint32_t i;
	int rc = 0;

	c->tx = NULL;
	for (i = 0; i < t->nodes.nbuckets; i++)
		for (n = t->nodes.bucket[i]; n; n = n->hnext) {
			if (!(n->flags & NODE_WRITTEN))
				continue;
			if (n->flags & NODE_DELETED) {
				view_delete(c, n->path);
				continue;
			}
			copy = node_dup(n);
			if (!copy || view_write(c, copy))
				rc = -ENOMEM;
		}
	return rc;
}

/* TRANSACTION_END: commit (EAGAIN on a conflict) or abort; t is freed. */
int tx_end(struct xs_conn *c, struct xs_tx *t, bool commit)
{
	struct xs_engine *e = c->e;
	struct list *p, *n;
	int rc = 0;

	if (commit) {
		if (t->failed)
			rc = -ENOMEM;
		else if (!tx_valid(t))
			rc = -EAGAIN;
		else if (!conn_privileged(c) && t->entry_delta > 0 &&
			 domain_entries(e, c->domid) + (unsigned int)t->entry_delta >
				 e->quota.entries)
			rc = -ENOSPC;
		else
			rc = tx_apply(t);
	}
	if (commit && !rc) {
		list_for_each_safe(p, n, &t->events)
		{
			struct xs_pending *ev = list_entry(p, struct xs_pending, list);

			fire_watches(e, c, ev->path, ev->exact, ev->perms.p ? &ev->perms : NULL);
		}
	}
	tx_free(t);
	return rc;
}

void txs_free(struct xs_conn *c)
{
	struct list *p, *n;

	list_for_each_safe(p, n, &c->txs) tx_free(list_entry(p, struct xs_tx, list));
}
