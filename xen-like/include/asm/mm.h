/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_MM_H
#define ASM_MM_H

#include <xen/bootinfo.h>
#include <xen/types.h>

/* Map @nr frames from @mfn at @va in the hypervisor's tables; 0 or -ENOMEM. */
int map_pages_to_xen(unsigned long va, unsigned long mfn, unsigned long nr,
		     uint64_t flags);
/* Map MMIO (uncached) or firmware tables (@cached); NULL on failure. */
void *ioremap(paddr_t pa, size_t size);
unsigned long vmap_reserve(unsigned long nr);
void *ioremap_cached(paddr_t pa, size_t size);

/* Build the frame table, the allocator and the final page tables. */
void mm_init(const struct boot_info *bi);
/* Highest machine address covered by the direct map. */
extern paddr_t directmap_end;
/* Software walk of the current page tables: the PTE for @va, or 0. */
uint64_t lookup_pte(unsigned long va, unsigned int *level);
void mm_dump_info(void);
/* The hypervisor's own L4: source of the reserved slots in every guest L4. */
const uint64_t *idle_pg_table_ptr(void);

struct domain;
/* May @d map machine frame @mfn as I/O memory (dom0: all but the interrupt controllers)? */
bool iomem_access_permitted(const struct domain *d, uint64_t mfn);
/* The first frames of the M2P's 2 MiB chunks into @out (at most @max); returns the count. */
unsigned int m2p_chunks(uint64_t *out, unsigned int max);

#endif /* ASM_MM_H */
