/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libpvctl's domain naming (domain.c): a domain is named by its id or by
 * the name the toolstack wrote to xenstore (/local/domain/<id>/name), as
 * in xl. Needs xs_connect() done.
 */
#ifndef LIBPVCTL_DOMAIN_H
#define LIBPVCTL_DOMAIN_H

#include <stddef.h>
#include <stdint.h>

#include "libpvctl.h"

/*
 * The domain id named by spec (a decimal id, or a name): >= 0, or
 * -ESRCH with "no domain named 'spec'" in h's error line. An id is taken
 * as it is; whether the domain exists is the caller's next domctl's to say.
 */
int pvctl_domain_lookup(struct pvctl *h, const char *spec);

/* The name of domid in xenstore, or "" (0 returned) if it has none. */
int pvctl_domain_name(struct pvctl *h, uint32_t domid, char *name, size_t size);

#endif /* LIBPVCTL_DOMAIN_H */
