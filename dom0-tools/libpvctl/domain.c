// SPDX-License-Identifier: GPL-2.0-only
/*
 * Domain names (domain.h): names live in xenstore only, so a name is
 * resolved by reading /local/domain/<id>/name for each domain the store
 * lists. Domain 0 is "Domain-0" as in xl, whatever the store says.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"
#include "xs.h"

static int parse_domid(const char *s)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	return (int)v;
}

int pvctl_domain_name(struct pvctl *h, uint32_t domid, char *name, size_t size)
{
	char path[64];
	int rc;

	if (domid == 0) {
		snprintf(name, size, "Domain-0");
		return 0;
	}
	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	rc = xs_read(path, name, size);
	if (rc == -ENOENT) {
		name[0] = 0;
		return 0;
	}
	if (rc < 0)
		return pvctl_fail(h, rc, "cannot read %s from xenstore", path);
	return 0;
}

/*
 * Every domain's name node read in one go (xs_read_many): with a hundred
 * domains, a hundred round trips to the daemon were most of a create.
 */
#define NAME_SIZE 256
#define MAX_LISTED (XENSTORE_PAYLOAD_MAX / 2)

int pvctl_domain_lookup(struct pvctl *h, const char *spec)
{
	static char names[XENSTORE_PAYLOAD_MAX + 1];
	static char paths[MAX_LISTED][32], values[MAX_LISTED][NAME_SIZE];
	static const char *ptrs[MAX_LISTED];
	static int ids[MAX_LISTED], rcs[MAX_LISTED];
	char name[XENSTORE_PAYLOAD_MAX + 1];
	unsigned int n = 0;
	size_t len = 0;
	int id = parse_domid(spec), rc;

	if (id >= 0)
		return id;
	if (!strcmp(spec, "Domain-0"))
		return 0;
	rc = xs_directory("/local/domain", names, &len);
	if (rc < 0)
		return pvctl_fail(h, rc, "cannot list /local/domain in xenstore");
	for (size_t off = 0; off < len && n < MAX_LISTED; off += strlen(names + off) + 1) {
		int d = parse_domid(names + off);

		if (d <= 0)
			continue;
		snprintf(paths[n], sizeof(paths[n]), "/local/domain/%d/name", d);
		ptrs[n] = paths[n];
		ids[n++] = d;
	}
	rc = xs_read_many(ptrs, n, &values[0][0], NAME_SIZE, rcs);
	if (rc < 0)
		return pvctl_fail(h, rc, "cannot read the domains' names from xenstore");
	for (unsigned int i = 0; i < n; i++) {
		const char *v = values[i];

		/* A name too long for the batch is read on its own. */
		if (rcs[i] == -E2BIG && !pvctl_domain_name(h, (uint32_t)ids[i], name, sizeof(name)))
			v = name;
		else if (rcs[i])
			continue;
		if (!strcmp(v, spec))
			return ids[i];
	}
	/* The whole message; pvctl_fail() would add ": No such process". */
	snprintf(h->error, sizeof(h->error), "no domain named '%s'", spec);
	return -ESRCH;
}
