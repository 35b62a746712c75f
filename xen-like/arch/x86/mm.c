// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypervisor memory management on x86-64: from the boot loader's memory
 * map to the frame table, the page allocator and the final page tables.
 *
 * The one idea: memory is handed out in two phases. Until the allocator
 * exists, a boot allocator carves frames off the top of the free ranges
 * below 4 GiB (the part the boot page tables map). It pays for the frame
 * table and the new page tables; then every frame still free goes to the
 * buddy allocator, and the boot allocator is closed for good.
 *
 * The final tables contain only the hypervisor's slots (261: image and
 * ioremap, 262+: direct map). The low identity map of the boot tables is
 * gone, so the whole guest part of the address space is empty. Text is
 * read-only and executable, everything else non-executable, and the guard
 * page under CPU 0's primary stack is left unmapped.
 */
#include <asm/config.h>
#include <asm/cpufeature.h>
#include <asm/current.h>
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <public/arch-x86/xen-x86_64.h>

/*
 * Free RAM ranges before the heap. Each range kept out of them (a
 * module, the loader's data) may split one; past this many, the smaller
 * piece of a split is left out (lost to the heap, with a warning), so
 * any number of modules boots.
 */
#define MAX_RANGES (MAX_MEMMAP + 64)
#define BOOT_LOW_LIMIT (1ULL << 32) /* what the boot page tables map */

struct range {
	paddr_t start, end; /* [start, end), page aligned */
};

extern char __image_start[], __text_start[], __text_end[], __rodata_start[],
	__rodata_end[], __image_end[];

static struct range free_ranges[MAX_RANGES];
static unsigned int nr_free_ranges;
static bool heap_ready;
static uint64_t *idle_pg_table; /* the final L4 */
static uint64_t nx_mask;        /* _PAGE_NX if the CPU supports it */
paddr_t directmap_end;
static unsigned long boot_alloc_pages_used;
uint64_t *m2p_table;     /* the M2P, through the direct map */
static mfn_t m2p_mfn;                  /* its first frame (contiguous) */
static unsigned int m2p_order;

/* Remove [s, e) from the free ranges (splitting a range if needed). */
static void range_remove(paddr_t s, paddr_t e)
{
	unsigned int i;

	for (i = 0; i < nr_free_ranges; i++) {
		struct range *r = &free_ranges[i];

		if (e <= r->start || s >= r->end)
			continue;
		if (s > r->start && e < r->end) {
			if (nr_free_ranges == MAX_RANGES) {
				printk(XENLOG_WARNING "Memory ranges full: %#lx-%#lx not used\n",
				       (unsigned long)(s - r->start < r->end - e ? r->start : e),
				       (unsigned long)(s - r->start < r->end - e ? s : r->end));
				if (s - r->start < r->end - e)
					r->start = e;
				else
					r->end = s;
				continue;
			}
			free_ranges[nr_free_ranges++] = (struct range){ e, r->end };
			r->end = s;
		} else if (s > r->start) {
			r->end = s;
		} else if (e < r->end) {
			r->start = e;
		} else {
			r->start = r->end; /* now empty */
		}
	}
}

static void range_add(paddr_t s, paddr_t e)
{
	s = ROUNDUP(s, PAGE_SIZE);
	e = ROUNDDOWN(e, PAGE_SIZE);
	if (s >= e)
		return;
	if (nr_free_ranges == MAX_RANGES)
		panic("Too many memory ranges");
	free_ranges[nr_free_ranges++] = (struct range){ s, e };
}

/* Take @nr contiguous frames from the top of the highest low range. */
static paddr_t boot_alloc(unsigned long nr)
{
	paddr_t best_end = 0, size = (paddr_t)nr << PAGE_SHIFT;
	struct range *best = NULL;
	unsigned int i;

	BUG_ON(heap_ready);
	for (i = 0; i < nr_free_ranges; i++) {
		struct range *r = &free_ranges[i];
		paddr_t end = min(r->end, (paddr_t)BOOT_LOW_LIMIT);

		if (end > r->start && end - r->start >= size && end > best_end) {
			best = r;
			best_end = end;
		}
	}
	if (!best)
		panic("Out of boot memory allocating %lu pages", nr);
	range_remove(best_end - size, best_end);
	boot_alloc_pages_used += nr;
	return best_end - size;
}

static uint64_t *alloc_pt_page(void)
{
	void *p;

	if (heap_ready) {
		struct page_info *pg = alloc_heap_pages(0);

		if (!pg)
			return NULL;
		p = page_to_virt(pg);
	} else {
		p = maddr_to_virt(boot_alloc(1));
	}
	memset(p, 0, PAGE_SIZE);
	return p;
}

/* The next-level table under @entry, created if @alloc. */
static uint64_t *next_table(uint64_t *entry, bool alloc)
{
	uint64_t *t;

	if (*entry & _PAGE_PRESENT) {
		BUG_ON(*entry & _PAGE_PSE);
		return maddr_to_virt(*entry & PADDR_MASK);
	}
	if (!alloc || !(t = alloc_pt_page()))
		return NULL;
	*entry = virt_to_maddr(t) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
	return t;
}

static uint64_t fix_flags(uint64_t flags)
{
	return flags & ~(_PAGE_NX & ~nx_mask);
}

int map_pages_to_xen(unsigned long va, unsigned long mfn, unsigned long nr,
		     uint64_t flags)
{
	uint64_t *l4 = idle_pg_table ? idle_pg_table : maddr_to_virt(read_cr3() & PADDR_MASK);

	for (; nr; nr--, va += PAGE_SIZE, mfn++) {
		uint64_t *l3, *l2, *l1;

		if (!(l3 = next_table(&l4[l4_table_offset(va)], true)) ||
		    !(l2 = next_table(&l3[l3_table_offset(va)], true)) ||
		    !(l1 = next_table(&l2[l2_table_offset(va)], true)))
			return -ENOMEM;
		l1[l1_table_offset(va)] = ((uint64_t)mfn << PAGE_SHIFT) | fix_flags(flags);
		if (heap_ready)
			invlpg(va);
	}
	return 0;
}

static void map_2m(unsigned long va, paddr_t pa, uint64_t flags)
{
	uint64_t *l3 = next_table(&idle_pg_table[l4_table_offset(va)], true);
	uint64_t *l2 = l3 ? next_table(&l3[l3_table_offset(va)], true) : NULL;

	if (!l2)
		panic("Out of memory building the direct map");
	l2[l2_table_offset(va)] = pa | _PAGE_PSE | fix_flags(flags);
}

uint64_t lookup_pte(unsigned long va, unsigned int *level)
{
	uint64_t *t = maddr_to_virt(read_cr3() & PADDR_MASK);
	unsigned int shift = L4_PAGETABLE_SHIFT, lvl = 4;

	for (;;) {
		uint64_t e = t[(va >> shift) & 511];

		if (!(e & _PAGE_PRESENT) || lvl == 1 || (lvl <= 3 && (e & _PAGE_PSE))) {
			if (level)
				*level = lvl;
			return e;
		}
		t = maddr_to_virt(e & PADDR_MASK);
		shift -= 9;
		lvl--;
	}
}

static bool is_ram_type(uint32_t type)
{
	return type == E820_RAM || type == E820_ACPI || type == E820_NVS;
}

/* Sort @r by start and merge overlapping or touching ranges; returns the new count. */
static unsigned int merge_ranges(struct range *r, unsigned int n)
{
	unsigned int i, j, out = 0;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && r[j].start < r[j - 1].start; j--) {
			struct range t = r[j];

			r[j] = r[j - 1];
			r[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		if (out && r[i].start <= r[out - 1].end)
			r[out - 1].end = max(r[out - 1].end, r[i].end);
		else
			r[out++] = r[i];
	}
	return out;
}

static void build_page_tables(const struct boot_info *bi)
{
	unsigned long va, guard = (unsigned long)cpu0_stack + STACK_GUARD_PAGE * PAGE_SIZE;
	static struct range dm[MAX_MEMMAP + 2];
	unsigned int i, nr;
	paddr_t pa;

	idle_pg_table = alloc_pt_page();

	/* The image, with per-section permissions. */
	for (va = (unsigned long)__image_start; va < (unsigned long)__image_end;
	     va += PAGE_SIZE) {
		uint64_t flags = PAGE_HYPERVISOR_RW;

		if (va == guard)
			continue;
		if (va >= (unsigned long)__text_start && va < (unsigned long)__text_end)
			flags = PAGE_HYPERVISOR_RX;
		else if (va >= (unsigned long)__rodata_start && va < (unsigned long)__rodata_end)
			flags = PAGE_HYPERVISOR_RO;
		if (map_pages_to_xen(va, virt_to_mfn((void *)va), 1, flags))
			panic("Out of memory mapping the hypervisor image");
	}

	/*
	 * The direct map covers exactly RAM, ACPI data and NVS (merged), with
	 * 2 MiB pages where a whole chunk is covered and 4 KiB pages at the
	 * edges, so no MMIO or hole is ever mapped write-back; and the first
	 * MiB but the VGA hole (firmware data the ACPI code scans).
	 */
	nr = 0;
	for (i = 0; i < bi->nr_memmap; i++)
		if (is_ram_type(bi->memmap[i].type) && bi->memmap[i].addr < directmap_end)
			dm[nr++] = (struct range){ bi->memmap[i].addr,
						   min(bi->memmap[i].addr + bi->memmap[i].size,
						       directmap_end) };
	dm[nr++] = (struct range){ 0, 0xa0000 };
	dm[nr++] = (struct range){ 0xc0000, 0x100000 };
	nr = merge_ranges(dm, nr);
	for (i = 0; i < nr; i++) {
		pa = ROUNDDOWN(dm[i].start, PAGE_SIZE);
		while (pa < ROUNDUP(dm[i].end, PAGE_SIZE)) {
			if (IS_ALIGNED(pa, L2_PAGE_SIZE) && pa + L2_PAGE_SIZE <= dm[i].end) {
				map_2m(DIRECTMAP_VIRT_START + pa, pa, PAGE_HYPERVISOR_RW);
				pa += L2_PAGE_SIZE;
			} else {
				if (map_pages_to_xen(DIRECTMAP_VIRT_START + pa, PFN_DOWN(pa), 1,
						     PAGE_HYPERVISOR_RW))
					panic("Out of memory building the direct map");
				pa += PAGE_SIZE;
			}
		}
	}

	write_cr3(virt_to_maddr(idle_pg_table));
}

/*
 * Frames that are not RAM (holes, firmware ranges) and the whole first
 * MiB are I/O space, as in Xen: a privileged domain may map them, nobody
 * owns them. Reserved RAM (our image, boot modules) is not.
 */
static void mark_iomem(const struct boot_info *bi)
{
	mfn_t mfn;
	unsigned int i;

	for (mfn = 0; mfn < max_page; mfn++)
		if (page_state(mfn_to_page(mfn)) == PGC_reserved)
			mfn_to_page(mfn)->count_info |= PGC_iomem;
	/* Whole RAM frames above the first MiB are not I/O, even if reserved. */
	for (i = 0; i < bi->nr_memmap; i++) {
		const struct memmap_entry *e = &bi->memmap[i];
		mfn_t end = min(PFN_DOWN(e->addr + e->size), (mfn_t)max_page);

		if (e->type != E820_RAM)
			continue;
		for (mfn = max(PFN_UP(e->addr), PFN_DOWN(1 << 20)); mfn < end; mfn++)
			mfn_to_page(mfn)->count_info &= ~PGC_iomem;
	}
}

/*
 * The machine-to-phys table: max_page entries in one contiguous xenheap
 * block (whole 2 MiB chunks, which XENMEM_machphys_mfn_list reports),
 * every entry INVALID_M2P_ENTRY until a frame joins a guest. Guests see
 * it read-only at MACH2PHYS_VIRT_START through L4 slot 256 of the idle
 * table, which every guest L4 copies; only the allocated 2 MiB chunks
 * are mapped, so reading beyond them faults cleanly (Linux relies on a
 * fixup there). Every level of the mapping is read-only and
 * non-executable, as Xen's (the L4 entry the guest sees in its own table
 * included): the hypervisor writes the table through the direct map.
 */
static void m2p_init(void)
{
	unsigned long bytes = max_page * sizeof(uint64_t), i, nr;
	uint64_t *l3, *l2 = NULL, *l1 = NULL;
	const uint64_t upper = fix_flags(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX);

	for (m2p_order = 9; (PAGE_SIZE << m2p_order) < bytes; m2p_order++)
		;
	m2p_table = alloc_xenheap_pages(m2p_order);
	if (!m2p_table)
		panic("Out of memory for the M2P table (%lu KiB)", (PAGE_SIZE << m2p_order) >> 10);
	memset(m2p_table, 0xff, PAGE_SIZE << m2p_order);
	m2p_mfn = virt_to_mfn(m2p_table);
	nr = 1UL << m2p_order; /* whole 2 MiB chunks, as Xen maps them */
	/* Privileged guests may map its frames read-only through DOMID_XEN. */
	for (i = 0; i < nr; i++) {
		struct page_info *pg = mfn_to_page(m2p_mfn + i);

		pg->owner = &dom_xen;
		pg->count_info |= PGC_xen_heap | 1;
		pg->type_info = PGT_none | PGT_validated | 1; /* never writable */
	}

	l3 = alloc_pt_page();
	if (!l3)
		panic("Out of memory mapping the M2P table");
	for (i = 0; i < nr; i++) {
		unsigned long va = MACH2PHYS_VIRT_START + i * PAGE_SIZE;

		if (!(i % (PAGETABLE_ENTRIES * PAGETABLE_ENTRIES)) &&
		    !(l2 = alloc_pt_page()))
			panic("Out of memory mapping the M2P table");
		if (!(i % PAGETABLE_ENTRIES) && !(l1 = alloc_pt_page()))
			panic("Out of memory mapping the M2P table");
		l3[l3_table_offset(va)] = virt_to_maddr(l2) | upper;
		l2[l2_table_offset(va)] = virt_to_maddr(l1) | upper;
		l1[l1_table_offset(va)] = ((m2p_mfn + i) << PAGE_SHIFT) |
					  fix_flags(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX);
	}
	idle_pg_table[l4_table_offset(MACH2PHYS_VIRT_START)] = virt_to_maddr(l3) | upper;
	printk("M2P: %lu entries, %lu KiB at %016lx (read-only to guests)\n", max_page,
	       (PAGE_SIZE << m2p_order) >> 10, (unsigned long)MACH2PHYS_VIRT_START);
}

/* The machine frames backing the M2P in 2 MiB chunks (XENMEM_machphys_mfn_list). */
unsigned int m2p_chunks(mfn_t *out, unsigned int max)
{
	unsigned int n = 1U << (m2p_order - 9), i;

	for (i = 0; i < n && i < max; i++)
		out[i] = m2p_mfn + ((mfn_t)i << 9);
	return min(n, max);
}

bool iomem_access_permitted(const struct domain *d, mfn_t mfn)
{
	/* dom0 starts with all I/O space but the interrupt controllers (dom0_setup_permissions()). */
	return rangeset_contains_range(&d->iomem_caps, mfn, mfn);
}

void assign_page(struct domain *d, struct page_info *pg)
{
	BUG_ON(page_state(pg) != PGC_state_inuse || pg->owner);
	pg->owner = d;
	pg->count_info = PGC_state_inuse | PGC_allocated | 1;
	pg->type_info = PGT_none;
	pg->linear_pt_count = 0;
	domain_adjust_tot_pages(d, 1);
}

static uint64_t guest_free_stamp; /* tlbflush_clock at the last free of a guest frame */

/*
 * Every allocation: flush every CPU that has not flushed since a guest
 * frame was last freed, before handing out memory (Xen filters per frame
 * by its tlbflush_timestamp; one stamp for all freed frames is coarser
 * but gives the same guarantee). A guest's stale translation must never
 * reach the frame's next owner.
 */
void tlbflush_filter_alloc(void)
{
	uint64_t stamp = __atomic_load_n(&guest_free_stamp, __ATOMIC_ACQUIRE);

	if (stamp)
		flush_tlb_if_stale(stamp);
}

void free_domheap_page(struct page_info *pg)
{
	struct domain *d = pg->owner;

	BUG_ON(pg->type_info & PGT_count_mask);
	/*
	 * A guest may still hold a stale translation to the frame (an
	 * overwritten PTE leaves flushing to the guest): whoever gets the
	 * frame next must not be reachable through it.
	 */
	__atomic_store_n(&guest_free_stamp, tlbflush_current_time(), __ATOMIC_RELEASE);
	if (pg->count_info & PGC_xen_heap) {
		pg->owner = NULL; /* its domain frees it with the domain */
		if (d)
			domain_shared_frame_released(d);
		return;
	}
	set_gpfn_from_mfn(page_to_mfn(pg), INVALID_M2P_ENTRY);
	pg->owner = NULL;
	pg->count_info = PGC_state_inuse;
	pg->type_info = 0;
	free_heap_pages(pg, 0);
	/* Last: the domain's last frame may take its structure with it. */
	if (d)
		domain_adjust_tot_pages(d, -1);
}

void mm_init(const struct boot_info *bi)
{
	paddr_t max_end = 0, image_end = virt_to_maddr(__image_end);
	unsigned long ft_pages, nr;
	unsigned int i;

	nx_mask = cpu_has_nx ? _PAGE_NX : 0;

	for (i = 0; i < bi->nr_memmap; i++) {
		const struct memmap_entry *e = &bi->memmap[i];

		if (e->type == E820_RAM) {
			/* Overlapping RAM entries must not hand a frame out twice. */
			range_remove(e->addr, e->addr + e->size);
			range_add(e->addr, e->addr + e->size);
		}
		if (is_ram_type(e->type) && e->addr + e->size > max_end)
			max_end = e->addr + e->size;
	}
	/* Anything also listed as non-RAM is not RAM (firmware maps can overlap). */
	for (i = 0; i < bi->nr_memmap; i++)
		if (bi->memmap[i].type != E820_RAM)
			range_remove(ROUNDDOWN(bi->memmap[i].addr, PAGE_SIZE),
				     ROUNDUP(bi->memmap[i].addr + bi->memmap[i].size, PAGE_SIZE));
	if (!nr_free_ranges)
		panic("No usable RAM in the boot memory map");
	if (max_end > DIRECTMAP_SIZE) {
		printk(XENLOG_WARNING "Ignoring RAM above %lu GiB (direct map limit)\n",
		       DIRECTMAP_SIZE >> 30);
		max_end = DIRECTMAP_SIZE;
		range_remove(DIRECTMAP_SIZE, ~0UL);
	}
	directmap_end = ROUNDUP(max_end, PAGE_SIZE);

	/* Never hand out: real-mode/firmware area, our image, boot modules. */
	range_remove(0, 1 << 20);
	range_remove(LOAD_PHYS, ROUNDUP(image_end, PAGE_SIZE));
	bootinfo_reserve(bi, range_remove); /* the modules and the loader's list of them */

	max_page = PFN_UP(max_end);
	ft_pages = PFN_UP(max_page * sizeof(struct page_info));
	heap_init(maddr_to_virt(boot_alloc(ft_pages)), max_page);

	build_page_tables(bi);

	heap_ready = true;
	for (i = 0; i < nr_free_ranges; i++) {
		const struct range *r = &free_ranges[i];

		if (r->end > r->start)
			init_heap_pages(PFN_DOWN(r->start), PFN_DOWN(r->end - r->start));
	}
	mark_iomem(bi);
	m2p_init();
	nr = heap_free_pages();
	printk("Memory: %lu MiB managed, %lu KiB frame table (%lu frames), %lu KiB boot allocations\n",
	       (nr << PAGE_SHIFT) >> 20, ft_pages << 2, max_page,
	       boot_alloc_pages_used << 2);
	printk("Direct map: %016lx-%016lx; image: %016lx-%016lx\n",
	       DIRECTMAP_VIRT_START, DIRECTMAP_VIRT_START + directmap_end,
	       (unsigned long)__image_start, (unsigned long)__image_end);
}

const uint64_t *idle_pg_table_ptr(void)
{
	return idle_pg_table;
}

void *alloc_xenheap_pages(unsigned int order)
{
	struct page_info *pg = alloc_heap_pages(order);

	return pg ? page_to_virt(pg) : NULL;
}

void free_xenheap_pages(void *va, unsigned int order)
{
	if (va)
		free_heap_pages(virt_to_page(va), order);
}

static DEFINE_SPINLOCK(ioremap_lock);
static unsigned long ioremap_next = IOREMAP_VIRT_START;

/*
 * Reserve @nr pages of hypervisor virtual space in the ioremap area
 * (never given back), for mappings made 4 KiB at a time with
 * map_pages_to_xen(): device registers, and the per-CPU windows whose
 * pages are remapped later (GDT/LDT) or need their own permissions
 * (SYSCALL stubs). 0 when the area is used up.
 */
unsigned long vmap_reserve(unsigned long nr)
{
	unsigned long va = 0, irqf;

	spin_lock_irqsave(&ioremap_lock, irqf);
	if (nr && nr <= (IOREMAP_VIRT_END - ioremap_next) >> PAGE_SHIFT) {
		va = ioremap_next;
		ioremap_next += nr << PAGE_SHIFT;
	}
	spin_unlock_irqrestore(&ioremap_lock, irqf);
	return va;
}

static void *ioremap_flags(paddr_t pa, size_t size, uint64_t flags)
{
	paddr_t base = ROUNDDOWN(pa, PAGE_SIZE);
	unsigned long nr = PFN_UP(pa + size - base), va;

	if (!size || pa + size < pa)
		return NULL;
	va = vmap_reserve(nr);
	if (!va || map_pages_to_xen(va, PFN_DOWN(base), nr, flags))
		return NULL;
	return (void *)(va + (pa - base));
}

void *ioremap(paddr_t pa, size_t size)
{
	return ioremap_flags(pa, size, PAGE_HYPERVISOR_UC);
}

void *ioremap_cached(paddr_t pa, size_t size)
{
	return ioremap_flags(pa, size, PAGE_HYPERVISOR_RO);
}

void mm_dump_info(void)
{
	unsigned long counts[MAX_ORDER + 1];
	unsigned int o;

	heap_order_stats(counts);
	printk("Heap: %lu of %lu pages free (%lu MiB)\n", heap_free_pages(),
	       heap_total_pages(), heap_free_pages() >> 8);
	printk("Free chunks by order:");
	for (o = 0; o <= MAX_ORDER; o++)
		if (counts[o])
			printk(" %u:%lu", o, counts[o]);
	printk("\n");
}
