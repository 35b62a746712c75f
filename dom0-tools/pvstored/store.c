// SPDX-License-Identifier: GPL-2.0-only
/*
 * The store's building blocks: hash maps of nodes keyed by full path
 * (chained, FNV-1a, doubled when the load passes one node a bucket),
 * node copies and edits, the permission strings ("r5" ...) and the path
 * rules. A node owns everything it points to; a map owns its nodes.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static uint32_t hash_path(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

int map_init(struct xs_map *m)
{
	m->nbuckets = 64;
	m->count = 0;
	m->bucket = calloc(m->nbuckets, sizeof(*m->bucket));
	return m->bucket ? 0 : -ENOMEM;
}

void map_destroy(struct xs_map *m)
{
	uint32_t i;
	struct xs_node *n, *next;

	for (i = 0; m->bucket && i < m->nbuckets; i++)
		for (n = m->bucket[i]; n; n = next) {
			next = n->hnext;
			node_free(n);
		}
	free(m->bucket);
	m->bucket = NULL;
	m->count = 0;
}

struct xs_node *map_get(const struct xs_map *m, const char *path)
{
	struct xs_node *n = m->bucket[hash_path(path) & (m->nbuckets - 1)];

	while (n && strcmp(n->path, path))
		n = n->hnext;
	return n;
}

/* Doubles the buckets; on allocation failure the map just stays denser. */
static void map_grow(struct xs_map *m)
{
	uint32_t i, nb = m->nbuckets * 2;
	struct xs_node **b = calloc(nb, sizeof(*b)), *n, *next;

	if (!b)
		return;
	for (i = 0; i < m->nbuckets; i++)
		for (n = m->bucket[i]; n; n = next) {
			next = n->hnext;
			n->hnext = b[hash_path(n->path) & (nb - 1)];
			b[hash_path(n->path) & (nb - 1)] = n;
		}
	free(m->bucket);
	m->bucket = b;
	m->nbuckets = nb;
}

struct xs_node *map_take(struct xs_map *m, const char *path)
{
	struct xs_node **pp = &m->bucket[hash_path(path) & (m->nbuckets - 1)], *n;

	for (; (n = *pp); pp = &n->hnext)
		if (!strcmp(n->path, path)) {
			*pp = n->hnext;
			n->hnext = NULL;
			m->count--;
			return n;
		}
	return NULL;
}

/* Puts n in the map, freeing a node of the same path it replaces. */
void map_put(struct xs_map *m, struct xs_node *n)
{
	struct xs_node *old = map_take(m, n->path);
	uint32_t b;

	node_free(old);
	if (m->count >= m->nbuckets)
		map_grow(m);
	b = hash_path(n->path) & (m->nbuckets - 1);
	n->hnext = m->bucket[b];
	m->bucket[b] = n;
	m->count++;
}

void node_free(struct xs_node *n)
{
	if (!n)
		return;
	free(n->path);
	free(n->data);
	free(n->children);
	perms_free(&n->perms);
	free(n);
}

struct xs_node *node_new(const char *path)
{
	struct xs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->path = strdup(path);
	if (!n->path) {
		free(n);
		return NULL;
	}
	return n;
}

static void *memdup(const void *p, size_t len)
{
	void *q;

	if (!len)
		return NULL;
	q = malloc(len);
	if (q)
		memcpy(q, p, len);
	return q;
}

struct xs_node *node_dup(const struct xs_node *n)
{
	struct xs_node *d = node_new(n->path);

	if (!d)
		return NULL;
	d->datalen = n->datalen;
	d->childlen = n->childlen;
	d->generation = n->generation;
	d->flags = n->flags;
	d->data = memdup(n->data, n->datalen);
	d->children = memdup(n->children, n->childlen);
	if ((n->datalen && !d->data) || (n->childlen && !d->children) ||
	    perms_copy(&d->perms, &n->perms)) {
		node_free(d);
		return NULL;
	}
	return d;
}

int node_set_data(struct xs_node *n, const void *data, uint32_t len)
{
	char *d = memdup(data, len);

	if (len && !d)
		return -ENOMEM;
	free(n->data);
	n->data = d;
	n->datalen = len;
	return 0;
}

int node_add_child(struct xs_node *n, const char *name)
{
	size_t len = strlen(name) + 1;
	char *c = realloc(n->children, n->childlen + len);

	if (!c)
		return -ENOMEM;
	memcpy(c + n->childlen, name, len);
	n->children = c;
	n->childlen += len;
	return 0;
}

void node_remove_child(struct xs_node *n, const char *name)
{
	uint32_t off, len;

	for (off = 0; off < n->childlen; off += len) {
		len = strlen(n->children + off) + 1;
		if (!strcmp(n->children + off, name)) {
			memmove(n->children + off, n->children + off + len,
				n->childlen - off - len);
			n->childlen -= len;
			return;
		}
	}
}

/*
 * A node's size as Xen 4.17 stores it, which its entry-size quota
 * limits: a 24-byte record header, 8 bytes per permission, the data and
 * the child names.
 */
unsigned int node_size(const struct xs_node *n)
{
	return 24 + 8 * n->perms.num + n->datalen + n->childlen;
}

int perms_copy(struct xs_perms *dst, const struct xs_perms *src)
{
	dst->num = src->num;
	dst->p = memdup(src->p, src->num * sizeof(*src->p));
	return (src->num && !dst->p) ? -ENOMEM : 0;
}

void perms_free(struct xs_perms *p)
{
	free(p->p);
	p->p = NULL;
	p->num = 0;
}

/*
 * Parses num NUL-terminated strings at strings (len bytes in all, each
 * inside): a letter (r, w, b for both, n for none) then a domid. -EINVAL
 * on anything else; the first entry is the owner.
 */
int perms_parse(struct xs_perms *p, const char *strings, size_t len, unsigned int num)
{
	const char *s = strings, *end = strings + len;
	unsigned int i;

	p->num = num;
	p->p = calloc(num ? num : 1, sizeof(*p->p));
	if (!p->p)
		return -ENOMEM;
	for (i = 0; i < num; i++, s += strlen(s) + 1) {
		unsigned long id;
		char *tail;

		if (s >= end)
			goto inval;
		switch (s[0]) {
		case 'n':
			p->p[i].perm = XS_PERM_NONE;
			break;
		case 'r':
			p->p[i].perm = XS_PERM_READ;
			break;
		case 'w':
			p->p[i].perm = XS_PERM_WRITE;
			break;
		case 'b':
			p->p[i].perm = XS_PERM_READ | XS_PERM_WRITE;
			break;
		default:
			goto inval;
		}
		if (s[1] < '0' || s[1] > '9')
			goto inval;
		id = strtoul(s + 1, &tail, 10);
		if (*tail || id > 0xffff)
			goto inval;
		p->p[i].domid = (uint32_t)id;
	}
	return 0;
inval:
	perms_free(p);
	return -EINVAL;
}

/* The strings GET_PERMS returns; the length, or 0 when size is too small. */
size_t perms_format(const struct xs_perms *p, char *buf, size_t size)
{
	static const char letter[] = {'n', 'r', 'w', 'b'};
	size_t off = 0;
	uint32_t i;
	int n;

	for (i = 0; i < p->num; i++) {
		n = snprintf(buf + off, size - off, "%c%u", letter[p->p[i].perm & 3],
			     p->p[i].domid);
		if (n < 0 || (size_t)n + 1 > size - off)
			return 0;
		off += (size_t)n + 1;
	}
	return off;
}

/*
 * Xen's rules for a node's path: absolute, no trailing '/' (but "/"), no
 * "//", only [A-Za-z0-9-/_@], and at most quota.path_len characters below
 * /local/domain/<domid>/ (or in all, for other paths).
 */
bool path_valid(const struct xs_engine *e, const char *path)
{
	size_t len = strlen(path), off = 0;
	unsigned int domid;
	int n = 0;

	if (path[0] != '/')
		return false;
	if (len > 1 && path[len - 1] == '/')
		return false;
	if (strstr(path, "//"))
		return false;
	if (sscanf(path, "/local/domain/%5u/%n", &domid, &n) == 1 && n > 0)
		off = (size_t)n;
	if (len > off + e->quota.path_len)
		return false;
	return strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-/_@") == len;
}

/* child is parent or below it ("/" is everyone's parent). */
bool path_is_child(const char *child, const char *parent)
{
	size_t len = strlen(parent);

	if (!strcmp(parent, "/"))
		return true;
	if (strncmp(child, parent, len))
		return false;
	return child[len] == '/' || child[len] == '\0';
}

/* The last component of a path other than "/". */
const char *path_basename(const char *path)
{
	return strrchr(path, '/') + 1;
}

/* The parent of a path other than "/", into buf. */
int path_parent(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t len = slash == path ? 1 : (size_t)(slash - path);

	if (len + 1 > size)
		return -ENAMETOOLONG;
	memcpy(buf, path, len);
	buf[len] = '\0';
	return 0;
}
