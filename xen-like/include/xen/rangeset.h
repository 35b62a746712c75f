/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sets of unsigned long ranges (Xen's rangesets): what a domain may
 * reach of the machine's I/O memory frames, IRQs and I/O ports
 * (d->iomem_caps, d->irq_caps, d->ioport_caps). A set is a sorted list
 * of disjoint, non-adjacent inclusive ranges, allocated as it grows, so
 * its size is bounded by memory alone.
 */
#ifndef XEN_RANGESET_H
#define XEN_RANGESET_H

#include <xen/spinlock.h>
#include <xen/types.h>

struct range;

struct rangeset {
	spinlock_t lock;
	/* Guarded by lock: */
	struct range *head; /* ascending, disjoint, never adjacent */
};

void rangeset_init(struct rangeset *r);
/* Add [@s, @e] (@s <= @e). 0 or -ENOMEM (the set unchanged). */
int rangeset_add_range(struct rangeset *r, unsigned long s, unsigned long e);
/* Remove [@s, @e] (@s <= @e). 0 or -ENOMEM (splitting a range; the set unchanged). */
int rangeset_remove_range(struct rangeset *r, unsigned long s, unsigned long e);
/* Is all of [@s, @e] in the set? */
bool rangeset_contains_range(const struct rangeset *r, unsigned long s, unsigned long e);
/* The number of ranges (for the debug dump and tests). */
unsigned int rangeset_nr_ranges(struct rangeset *r);
/* Free every range: the set is empty. */
void rangeset_destroy(struct rangeset *r);

#endif /* XEN_RANGESET_H */
