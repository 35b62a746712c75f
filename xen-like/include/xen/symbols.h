/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_SYMBOLS_H
#define XEN_SYMBOLS_H

#include <xen/types.h>

/*
 * Find the text symbol containing @addr. Returns its name and fills
 * @size and @offset, or returns NULL when @addr is not in any symbol.
 */
const char *symbols_lookup(unsigned long addr, unsigned long *size,
			   unsigned long *offset);

#endif /* XEN_SYMBOLS_H */
