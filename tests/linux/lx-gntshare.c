// SPDX-License-Identifier: GPL-2.0-only
/*
 * lx-gntshare: dom0 grants NPAGES pages to itself with /dev/xen/gntalloc
 * and maps the grants back with /dev/xen/gntdev. What was written
 * through the granted mapping must read back through the grant mapping
 * and the reverse, page by page (a page mapped in the wrong place shows
 * another page's pattern). Then everything is unmapped and released.
 * Exit 0 and one "ok" line, or a "Fail:" line and exit 1.
 */
#include <public/xen.h>
#include <public/grant_table.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xen-ioctl.h"

#define NPAGES 4
#define PAGE 4096
#define SELF 0 /* dom0's domain id */

/* Linux's requests with room for NPAGES references. */
union alloc_req {
	struct ioctl_gntalloc_alloc_gref r;
	char room[sizeof(struct ioctl_gntalloc_alloc_gref) + NPAGES * sizeof(uint32_t)];
};
union map_req {
	struct ioctl_gntdev_map_grant_ref r;
	char room[sizeof(struct ioctl_gntdev_map_grant_ref) +
		  NPAGES * sizeof(struct ioctl_gntdev_grant_ref)];
};

#define FAIL(...)                             \
	do {                                  \
		printf("Fail: " __VA_ARGS__); \
		return 1;                     \
	} while (0)

/* The word at offset i of page p in pattern round k. */
static uint32_t pattern(int k, int p, size_t i)
{
	return 0x9e3779b9u * (uint32_t)(k + 1) ^ (uint32_t)(p << 24) ^ (uint32_t)i;
}

/* Write pattern k into w, check it in r. Returns 0, or 1 after a Fail line. */
static int check(volatile uint32_t *w, volatile uint32_t *r, int k, const char *dir)
{
	size_t words = PAGE / sizeof(uint32_t);

	for (int p = 0; p < NPAGES; p++)
		for (size_t i = 0; i < words; i++)
			w[p * words + i] = pattern(k, p, i);
	for (int p = 0; p < NPAGES; p++)
		for (size_t i = 0; i < words; i++)
			if (r[p * words + i] != pattern(k, p, i))
				FAIL("gnt %s, page %d word %zu: expected 0x%08x, got 0x%08x\n", dir,
				     p, i, pattern(k, p, i), r[p * words + i]);
	return 0;
}

int main(void)
{
	union alloc_req alloc = {
		.r = {.domid = SELF, .flags = GNTALLOC_FLAG_WRITABLE, .count = NPAGES}};
	union map_req map = {.r = {.count = NPAGES}};
	struct ioctl_gntdev_unmap_grant_ref unmap;
	struct ioctl_gntalloc_dealloc_gref dealloc;
	grant_ref_t *refs;
	uint32_t *granted, *mapped;
	int ga, gd;

	ga = open("/dev/xen/gntalloc", O_RDWR);
	if (ga < 0)
		FAIL("open /dev/xen/gntalloc: expected a descriptor, got %s\n", strerror(errno));
	gd = open("/dev/xen/gntdev", O_RDWR);
	if (gd < 0)
		FAIL("open /dev/xen/gntdev: expected a descriptor, got %s\n", strerror(errno));

	if (ioctl(ga, IOCTL_GNTALLOC_ALLOC_GREF, &alloc) < 0)
		FAIL("gntalloc %d pages for d0: expected 0, got %s\n", NPAGES, strerror(errno));
	refs = alloc.r.gref_ids;
	granted = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, ga, alloc.r.index);
	if (granted == MAP_FAILED)
		FAIL("mmap the granted pages: expected a mapping, got %s\n", strerror(errno));

	for (int p = 0; p < NPAGES; p++)
		map.r.refs[p] = (struct ioctl_gntdev_grant_ref){.domid = SELF, .ref = refs[p]};
	if (ioctl(gd, IOCTL_GNTDEV_MAP_GRANT_REF, &map) < 0)
		FAIL("gntdev reserve grants %u..: expected 0, got %s\n", refs[0], strerror(errno));
	mapped = mmap(NULL, NPAGES * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, gd, map.r.index);
	if (mapped == MAP_FAILED)
		FAIL("gntdev map grants %u..: expected a mapping, got %s\n", refs[0],
		     strerror(errno));

	if (check(granted, mapped, 0, "granter to mapper") ||
	    check(mapped, granted, 1, "mapper to granter"))
		return 1;

	if (munmap(mapped, NPAGES * PAGE) < 0)
		FAIL("munmap the grant mapping: expected 0, got %s\n", strerror(errno));
	unmap = (struct ioctl_gntdev_unmap_grant_ref){.index = map.r.index, .count = NPAGES};
	if (ioctl(gd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap) < 0)
		FAIL("gntdev unmap: expected 0, got %s\n", strerror(errno));
	/* The granter's pages keep what the mapper wrote last. */
	if (granted[0] != pattern(1, 0, 0))
		FAIL("granted page after unmap: expected 0x%08x, got 0x%08x\n", pattern(1, 0, 0),
		     granted[0]);
	if (munmap(granted, NPAGES * PAGE) < 0)
		FAIL("munmap the granted pages: expected 0, got %s\n", strerror(errno));
	dealloc = (struct ioctl_gntalloc_dealloc_gref){.index = alloc.r.index, .count = NPAGES};
	if (ioctl(ga, IOCTL_GNTALLOC_DEALLOC_GREF, &dealloc) < 0)
		FAIL("gntalloc dealloc: expected 0, got %s\n", strerror(errno));
	close(gd);
	close(ga);
	printf("ok: gnt: %d pages granted to d0 (refs %u-%u), mapped back, data intact both ways\n",
	       NPAGES, refs[0], refs[NPAGES - 1]);
	return 0;
}
