// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rangesets: sets of unsigned long values kept as a sorted list of
 * inclusive ranges (xen/rangeset.h).
 *
 * The one idea: the list is always normalised (disjoint, ascending, two
 * neighbours never touch), so "contains" is one walk to the first range
 * that ends at or after the start, and adding merges every range it
 * touches into one. A change that needs a new node allocates it before
 * touching the list, so -ENOMEM leaves the set as it was.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/rangeset.h>
#include <xen/xmalloc.h>

struct range {
	unsigned long s, e;
	struct range *next;
};

void rangeset_init(struct rangeset *r)
{
	spin_lock_init(&r->lock);
	r->head = NULL;
}

int rangeset_add_range(struct rangeset *r, unsigned long s, unsigned long e)
{
	struct range *spare = xmalloc(struct range), **pp, *x, *n;
	unsigned long flags;

	ASSERT(s <= e);
	spin_lock_irqsave(&r->lock, flags);
	/* The first range that ends at or after s - 1 (touching counts). */
	for (pp = &r->head; *pp && (*pp)->e < s && (*pp)->e + 1 != s; pp = &(*pp)->next)
		;
	x = *pp;
	if (!x || (x->s > e && x->s - 1 != e)) {
		/* Nothing touches [s, e]: a node of its own before x. */
		if (!spare) {
			spin_unlock_irqrestore(&r->lock, flags);
			return -ENOMEM;
		}
		spare->s = s;
		spare->e = e;
		spare->next = x;
		*pp = spare;
		spin_unlock_irqrestore(&r->lock, flags);
		return 0;
	}
	/* x touches [s, e]: grow it, then swallow the ranges it now reaches. */
	x->s = min(x->s, s);
	x->e = max(x->e, e);
	while ((n = x->next) && (n->s <= x->e || n->s - 1 == x->e)) {
		x->e = max(x->e, n->e);
		x->next = n->next;
		xfree(n);
	}
	spin_unlock_irqrestore(&r->lock, flags);
	xfree(spare);
	return 0;
}

int rangeset_remove_range(struct rangeset *r, unsigned long s, unsigned long e)
{
	struct range *spare = xmalloc(struct range), **pp, *x;
	unsigned long flags;

	ASSERT(s <= e);
	spin_lock_irqsave(&r->lock, flags);
	for (pp = &r->head; *pp && (*pp)->e < s; pp = &(*pp)->next)
		;
	/* A range strictly around [s, e] splits in two: the only case that allocates. */
	x = *pp;
	if (x && x->s < s && x->e > e) {
		if (!spare) {
			spin_unlock_irqrestore(&r->lock, flags);
			return -ENOMEM;
		}
		spare->s = e + 1;
		spare->e = x->e;
		spare->next = x->next;
		x->e = s - 1;
		x->next = spare;
		spin_unlock_irqrestore(&r->lock, flags);
		return 0;
	}
	while ((x = *pp) && x->s <= e) {
		if (x->s < s) {
			x->e = s - 1; /* keep its head */
			pp = &x->next;
		} else if (x->e > e) {
			x->s = e + 1; /* keep its tail */
			break;
		} else {
			*pp = x->next; /* wholly inside */
			xfree(x);
		}
	}
	spin_unlock_irqrestore(&r->lock, flags);
	xfree(spare);
	return 0;
}

bool rangeset_contains_range(const struct rangeset *cr, unsigned long s, unsigned long e)
{
	/* The lock is not part of the set's value: a reader takes it too. */
	struct rangeset *r = (struct rangeset *)cr;
	const struct range *x;
	unsigned long flags;
	bool in;

	spin_lock_irqsave(&r->lock, flags);
	for (x = r->head; x && x->e < s; x = x->next)
		;
	in = x && x->s <= s && x->e >= e;
	spin_unlock_irqrestore(&r->lock, flags);
	return in;
}

unsigned int rangeset_nr_ranges(struct rangeset *r)
{
	const struct range *x;
	unsigned long flags;
	unsigned int n = 0;

	spin_lock_irqsave(&r->lock, flags);
	for (x = r->head; x; x = x->next)
		n++;
	spin_unlock_irqrestore(&r->lock, flags);
	return n;
}

void rangeset_destroy(struct rangeset *r)
{
	struct range *x;
	unsigned long flags;

	spin_lock_irqsave(&r->lock, flags);
	while ((x = r->head)) {
		r->head = x->next;
		xfree(x);
	}
	spin_unlock_irqrestore(&r->lock, flags);
}
