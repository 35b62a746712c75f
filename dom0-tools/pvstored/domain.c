// SPDX-License-Identifier: GPL-2.0-only
/*
 * Domains as the store sees them: the per-domain counts the quotas limit
 * (nodes owned, watches held), and the toolstack's operations on
 * introduced domains (INTRODUCE, RELEASE, RESUME, SET_TARGET,
 * IS_DOMAIN_INTRODUCED), with the special watch paths @introduceDomain
 * and @releaseDomain and their permissions. A record exists for every
 * domain that is introduced or owns nodes; an introduced domain owns its
 * ring's connection, which is freed when the domain is released or gone,
 * never by the daemon. Releasing a domain removes the nodes it owns, as
 * Xen 4.17 does without --keep-orphans.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct xs_domain *domain_find(struct xs_engine *e, unsigned int domid)
{
	struct list *p, *n;

	list_for_each_safe(p, n, &e->domains)
	{
		struct xs_domain *d = list_entry(p, struct xs_domain, list);

		if (d->domid == domid)
			return d;
	}
	return NULL;
}

/* The record of domid, made if need be; NULL when out of memory. */
struct xs_domain *domain_get(struct xs_engine *e, unsigned int domid)
{
	struct xs_domain *d = domain_find(e, domid);

	if (d)
		return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->domid = domid;
	list_add_tail(&d->list, &e->domains);
	return d;
}

/* Drops the record of a domain neither introduced nor counted for. */
static void domain_put(struct xs_domain *d)
{
	if (d && !d->introduced && !d->nbentry && !d->nbwatch) {
		list_del(&d->list);
		free(d);
	}
}

void domain_entry_add(struct xs_engine *e, unsigned int domid, int n)
{
	struct xs_domain *d = domain_get(e, domid);

	/* Out of memory: the count is lost, which only loosens the quota. */
	if (!d)
		return;
	d->nbentry = (n < 0 && d->nbentry < (unsigned int)-n) ? 0 : d->nbentry + (unsigned int)n;
	domain_put(d);
}

unsigned int domain_entries(struct xs_engine *e, unsigned int domid)
{
	struct xs_domain *d = domain_find(e, domid);

	return d ? d->nbentry : 0;
}

void domain_watch_add(struct xs_conn *c, int n)
{
	struct xs_domain *d;

	if (!c->domain)
		return;
	d = domain_get(c->e, c->domid);
	if (!d)
		return;
	d->nbwatch = (n < 0 && d->nbwatch < (unsigned int)-n) ? 0 : d->nbwatch + (unsigned int)n;
	domain_put(d);
}

unsigned int domain_watches(struct xs_conn *c)
{
	struct xs_domain *d = c->domain ? domain_find(c->e, c->domid) : NULL;

	return d ? d->nbwatch : 0;
}

static struct xs_perms *special_perms(struct xs_engine *e, const char *name)
{
	if (!strcmp(name, "@introduceDomain"))
		return &e->special_introduce;
	if (!strcmp(name, "@releaseDomain"))
		return &e->special_release;
	return NULL;
}

bool special_readable(const struct xs_conn *c, const char *name)
{
	struct xs_perms *p = special_perms(c->e, name);

	return p && (perm_for_conn(c, p) & XS_PERM_READ);
}

/* SET_PERMS on @introduceDomain or @releaseDomain: their owner or dom0. */
int special_set_perms(struct xs_conn *c, const char *name, const struct xs_perms *p)
{
	struct xs_perms *sp = special_perms(c->e, name), copy;

	if (!sp)
		return -ENOENT;
	if ((perm_for_conn(c, sp) & (XS_PERM_WRITE | XS_PERM_OWNER)) !=
	    (XS_PERM_WRITE | XS_PERM_OWNER))
		return -EACCES;
	if (perms_copy(&copy, p))
		return -ENOMEM;
	perms_free(sp);
	*sp = copy;
	return 0;
}

/* Drops domid from a permission list; an owner it was becomes dom0. */
static void perms_forget(struct xs_perms *p, unsigned int domid)
{
	uint32_t i, j;

	if (p->num && p->p[0].domid == domid)
		p->p[0].domid = 0;
	for (i = j = 1; i < p->num; i++)
		if (p->p[i].domid != domid)
			p->p[j++] = p->p[i];
	if (p->num)
		p->num = j;
}

static int cmp_len(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);

	return la < lb ? -1 : la > lb;
}

/* Removes every node domid owns, with what is below (shortest paths first). */
static void remove_owned(struct xs_engine *e, unsigned int domid)
{
	char **paths;
	uint32_t i, n = 0;
	struct xs_node *node;

	if (!domain_entries(e, domid))
		return;
	paths = calloc(e->store.count, sizeof(*paths));
	if (!paths)
		return;
	for (i = 0; i < e->store.nbuckets; i++)
		for (node = e->store.bucket[i]; node; node = node->hnext)
			if (node->perms.p[0].domid == domid && strcmp(node->path, "/") &&
			    n < e->store.count)
				paths[n++] = strdup(node->path);
	qsort(paths, n, sizeof(*paths), cmp_len);
	for (i = 0; i < n; i++) {
		if (paths[i] && map_get(&e->store, paths[i]))
			rm_subtree(e->daemon, paths[i]);
		free(paths[i]);
	}
	free(paths);
}

/*
 * Ends an introduced domain: its connection (and with it its watches and
 * transactions), the nodes it owns, its place in the special paths'
 * permissions; then @releaseDomain fires.
 */
static void domain_destroy(struct xs_engine *e, struct xs_domain *d)
{
	struct xs_conn *c = d->conn;
	struct list *p, *n;

	/* Still introduced while it goes: the counts dropping must not free d. */
	d->conn = NULL;
	if (c)
		xs_conn_free(c);
	list_for_each_safe(p, n, &e->conns)
	{
		struct xs_conn *o = list_entry(p, struct xs_conn, list);

		if (o->target == c && c)
			o->target = NULL;
	}
	remove_owned(e, d->domid);
	perms_forget(&e->special_introduce, d->domid);
	perms_forget(&e->special_release, d->domid);
	fire_watches(e, NULL, "@releaseDomain", true, NULL);
	d->introduced = false;
	domain_put(d);
}

/*
 * INTRODUCE domid gfn port: maps the domain's ring and binds its event
 * channel (the daemon's hook), makes its connection, fires
 * @introduceDomain. Again for an introduced domain: its event channel is
 * rebound and its connection reset (watches and transactions dropped).
 */
int domain_introduce(struct xs_conn *c, unsigned int domid, uint64_t gfn, unsigned int port)
{
	struct xs_engine *e = c->e;
	struct xs_domain *d;
	struct xs_conn *dc;
	void *transport = NULL;
	int rc = 0;

	if (!port || domid >= 0x7ff0)
		return -EINVAL;
	d = domain_get(e, domid);
	if (!d)
		return -ENOMEM;
	if (d->introduced) {
		if (e->hooks.rebind && d->conn)
			rc = e->hooks.rebind(e->hooks.opaque, d->conn->transport, domid, port);
		if (!rc && d->conn && d->conn != c) {
			watches_free(d->conn);
			txs_free(d->conn);
		}
		if (!rc)
			d->port = port;
		return rc;
	}
	if (e->hooks.introduce) {
		transport = e->hooks.introduce(e->hooks.opaque, domid, gfn, port, &rc);
		if (!transport) {
			domain_put(d);
			return rc ? rc : -EINVAL;
		}
	}
	dc = xs_conn_new(e, domid, true, transport);
	if (!dc) {
		if (e->hooks.release && transport)
			e->hooks.release(e->hooks.opaque, transport);
		domain_put(d);
		return -ENOMEM;
	}
	d->conn = dc;
	d->introduced = true;
	d->shutdown_fired = false;
	d->gfn = gfn;
	d->port = port;
	fire_watches(e, NULL, "@introduceDomain", true, NULL);
	return 0;
}

/* The introduced domain domid (0 is not releasable): ENOENT if none. */
static struct xs_domain *introduced(struct xs_engine *e, unsigned int domid, int *rc)
{
	struct xs_domain *d = domain_find(e, domid);

	*rc = 0;
	if (!domid)
		*rc = -EINVAL;
	else if (!d || !d->introduced)
		*rc = -ENOENT;
	return *rc ? NULL : d;
}

int domain_release(struct xs_conn *c, unsigned int domid)
{
	int rc;
	struct xs_domain *d = introduced(c->e, domid, &rc);

	if (d)
		domain_destroy(c->e, d);
	return rc;
}

/* RESUME: the domain runs again; a later shutdown fires @releaseDomain again. */
int domain_resume(struct xs_conn *c, unsigned int domid)
{
	int rc;
	struct xs_domain *d = introduced(c->e, domid, &rc);

	if (d)
		d->shutdown_fired = false;
	return rc;
}

/* SET_TARGET domid target: domid's connection gets target's rights too. */
int domain_set_target(struct xs_conn *c, unsigned int domid, unsigned int target)
{
	struct xs_domain *d = domain_find(c->e, domid), *t = domain_find(c->e, target);

	if (!d || !d->introduced || !t || !t->introduced)
		return -ENOENT;
	if (!d->conn || !t->conn)
		return -EINVAL;
	d->conn->target = t->conn;
	return 0;
}

bool domain_is_introduced(struct xs_engine *e, unsigned int domid)
{
	struct xs_domain *d = domain_find(e, domid);

	return d && d->introduced;
}

void xs_domain_shutdown(struct xs_engine *e, unsigned int domid)
{
	struct xs_domain *d = domain_find(e, domid);

	if (!d || !d->introduced || d->shutdown_fired)
		return;
	d->shutdown_fired = true;
	fire_watches(e, NULL, "@releaseDomain", true, NULL);
}

void xs_domain_gone(struct xs_engine *e, unsigned int domid)
{
	struct xs_domain *d = domain_find(e, domid);

	if (d && d->introduced && domid)
		domain_destroy(e, d);
}

unsigned int xs_domain_list(struct xs_engine *e, unsigned int *domids, unsigned int max)
{
	struct list *p, *n;
	unsigned int i = 0;

	list_for_each_safe(p, n, &e->domains)
	{
		struct xs_domain *d = list_entry(p, struct xs_domain, list);

		if (d->introduced && d->domid && i < max)
			domids[i++] = d->domid;
	}
	return i;
}

void domains_free(struct xs_engine *e)
{
	struct list *p, *n;

	list_for_each_safe(p, n, &e->domains)
	{
		list_del(p);
		free(list_entry(p, struct xs_domain, list));
	}
}
