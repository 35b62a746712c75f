// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's small-object allocator.
 *
 * Requests up to half a page are rounded up to a power-of-two class
 * (16 .. 2048 bytes); each class carves whole xenheap pages into objects
 * and keeps a free list threaded through the free objects. The class of
 * a page is recorded in its frame-table entry, so xfree() needs no
 * header in front of the object. Bigger requests get their own run of
 * pages (order recorded the same way). Class pages are never returned to
 * the page allocator: the hypervisor's object population is small and
 * stable, and this keeps xfree() O(1).
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

#define MIN_SHIFT 4
#define MAX_SHIFT (PAGE_SHIFT - 1)
#define NR_CLASSES (MAX_SHIFT - MIN_SHIFT + 1)
/* xmalloc_class in struct page_info: 0 = not ours, 1..NR_CLASSES = class,
 * LARGE_BASE + order = a large allocation. */
#define LARGE_BASE 0x100
#define POISON_BYTE 0xa5

struct free_obj {
	struct free_obj *next;
};

/* Guarded by xmalloc_lock: */
static DEFINE_SPINLOCK(xmalloc_lock);
static struct free_obj *free_objs[NR_CLASSES];
static size_t bytes_in_use;
static unsigned long objects_in_use;

static unsigned int size_to_class(size_t size)
{
	unsigned int shift = MIN_SHIFT;

	while ((1UL << shift) < size)
		shift++;
	return shift - MIN_SHIFT;
}

static void *alloc_large(size_t size)
{
	unsigned int order = 0;
	void *p;

	while ((PAGE_SIZE << order) < size)
		order++;
	p = alloc_xenheap_pages(order);
	if (p) {
		unsigned long flags;

		virt_to_page(p)->xmalloc_class = LARGE_BASE + order;
		spin_lock_irqsave(&xmalloc_lock, flags);
		bytes_in_use += PAGE_SIZE << order;
		objects_in_use++;
		spin_unlock_irqrestore(&xmalloc_lock, flags);
	}
	return p;
}

void *xmalloc_bytes(size_t size)
{
	unsigned int cls;
	unsigned long flags;
	struct free_obj *o;

	if (!size)
		size = 1;
	if (size > (1UL << MAX_SHIFT))
		return size > (PAGE_SIZE << MAX_ORDER) ? NULL : alloc_large(size);
	cls = size_to_class(size);

	spin_lock_irqsave(&xmalloc_lock, flags);
	if (!free_objs[cls]) {
		size_t osize = 1UL << (cls + MIN_SHIFT);
		char *page;
		size_t off;

		/*
		 * Drop the lock around the page allocator. Another CPU may refill
		 * the class meanwhile; the new page's objects just join the list.
		 */
		spin_unlock_irqrestore(&xmalloc_lock, flags);
		page = alloc_xenheap_page();
		if (!page)
			return NULL;
		virt_to_page(page)->xmalloc_class = cls + 1;
		spin_lock_irqsave(&xmalloc_lock, flags);
		for (off = 0; off < PAGE_SIZE; off += osize) {
			o = (struct free_obj *)(page + off);
			o->next = free_objs[cls];
			free_objs[cls] = o;
		}
	}
	o = free_objs[cls];
	free_objs[cls] = o->next;
	bytes_in_use += 1UL << (cls + MIN_SHIFT);
	objects_in_use++;
	spin_unlock_irqrestore(&xmalloc_lock, flags);
	return o;
}

void *xzalloc_bytes(size_t size)
{
	void *p = xmalloc_bytes(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void xfree(void *p)
{
	struct page_info *pg;
	unsigned int cls;
	unsigned long flags;
	size_t osize;

	if (!p)
		return;
	pg = virt_to_page(p);
	cls = pg->xmalloc_class;
	if (cls >= LARGE_BASE) {
		unsigned int order = cls - LARGE_BASE;

		BUG_ON((unsigned long)p & (PAGE_SIZE - 1));
		pg->xmalloc_class = 0;
		spin_lock_irqsave(&xmalloc_lock, flags);
		bytes_in_use -= PAGE_SIZE << order;
		objects_in_use--;
		spin_unlock_irqrestore(&xmalloc_lock, flags);
		free_xenheap_pages(p, order);
		return;
	}
	/* A pointer xmalloc never returned is a hypervisor bug. */
	BUG_ON(cls == 0 || cls > NR_CLASSES);
	cls--;
	osize = 1UL << (cls + MIN_SHIFT);
	BUG_ON((unsigned long)p & (osize - 1));
	memset(p, POISON_BYTE, osize);
	spin_lock_irqsave(&xmalloc_lock, flags);
	((struct free_obj *)p)->next = free_objs[cls];
	free_objs[cls] = p;
	bytes_in_use -= osize;
	objects_in_use--;
	spin_unlock_irqrestore(&xmalloc_lock, flags);
}

void xmalloc_stats(size_t *bytes, unsigned long *objects)
{
	unsigned long flags;

	spin_lock_irqsave(&xmalloc_lock, flags);
	*bytes = bytes_in_use;
	*objects = objects_in_use;
	spin_unlock_irqrestore(&xmalloc_lock, flags);
}
