/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small-object allocator for the hypervisor: power-of-two size classes
 * carved from xenheap pages; larger requests get whole pages. Memory is
 * returned zeroed by xzalloc*. xfree(NULL) is a no-op.
 */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H

#include <xen/types.h>

void *xmalloc_bytes(size_t size);
void *xzalloc_bytes(size_t size);
void xfree(void *p);

#define xmalloc(type) ((type *)xmalloc_bytes(sizeof(type)))
#define xzalloc(type) ((type *)xzalloc_bytes(sizeof(type)))
/* Zeroed array of @n elements of @size bytes; NULL if the product overflows. */
static inline void *xzalloc_array_bytes(size_t size, size_t n)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return xzalloc_bytes(size * n);
}
#define xzalloc_array(type, n) ((type *)xzalloc_array_bytes(sizeof(type), (n)))

/* Bytes currently handed out and allocations outstanding (for self-tests). */
void xmalloc_stats(size_t *bytes, unsigned long *objects);

#endif /* XEN_XMALLOC_H */
