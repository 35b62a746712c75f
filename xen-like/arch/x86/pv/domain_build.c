// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PV domain builder for the domains built at boot: dom0 from module
 * 1 (a PV kernel, ELF with Xen notes) and module 2 (its initrd), and a
 * boot-time domU from every further module whose command line starts
 * with "domu" (docs/boot.md). Each is laid out as Xen's builder lays out
 * a PV guest (docs/boot.md, start of day):
 *
 *   v_start .. kernel | initrd | P2M list | start_info | page tables (RO)
 *             | boot stack | >= 512 KiB padding, end rounded to 4 MiB
 *
 * all mapped 1:1 onto the first pseudo-physical frames, PFN n at
 * v_start + n pages. The boot L4 carries the hypervisor's slots 256-271
 * and is recorded pinned; every page-table frame is typed. A dom0 kernel
 * the loader rejects stops the boot with a panic naming the reason; a
 * domU that cannot be built is reported and left out, and the others
 * boot. Nothing a module contains can fault the hypervisor.
 *
 * The kernel module may also be a bzImage or a compressed ELF: it is
 * expanded first into a buffer of hypervisor pages that never belongs
 * to the domain and goes back to the heap once the domain is built.
 * dom0's is expanded before dom0's size is worked out, so dom0_mem's
 * default and its checks see the memory as it will be while building.
 *
 * Each domain gets its vCPUs here (dom0_max_vcpus=, a domU's vcpus=);
 * as on Xen only vCPU 0 is given a context and started, the others wait
 * down for the guest's VCPUOP_initialise and VCPUOP_up.
 */
#include <public/features.h>
#include <public/sched.h>
#include <public/xen.h>
#include <asm/mm.h>
#include <asm/config.h>
#include <asm/cpufeature.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/smp.h>
#include <xen/console.h>
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/xmalloc.h>

#include <libelf.h>
#include "mm.h"

#define MiB(x) ((uint64_t)(x) << 20)
#define L1_PROT (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_USER)
#define UPPER_PROT (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_USER)
#define DEFAULT_DOM0_MEM MiB(256)

/*
 * What dom0 may reach of the machine at start (Xen's
 * dom0_setup_permissions(), for what xen-like drives itself): every I/O
 * port but the PICs, the PIT and its gate, the PCI configuration window
 * (emulated, arch/x86/pci.c) and the console's UARTs; every I/O memory frame the CPU can address
 * but the local APIC's page and the rest of the MSI window (0xfee00-0xfeeff),
 * which the hypervisor drives; the I/O APICs' pages dom0 may map, but
 * only read-only (pv_mmio_ro(), as Xen's mmio_ro_ranges; Xen also keeps
 * the HPET when it uses it);
 * IRQs 1 to NR_IRQS_GSI - 1. 0 or -ENOMEM.
 */
static int dom0_setup_permissions(struct domain *d)
{
	static const unsigned int denied_ports[][2] = {
		{0x20, 0x21}, {0xa0, 0xa1}, {0x40, 0x43}, {0x61, 0x61}, {0xcfc, 0xcff},
	};
	unsigned int i, port, run;
	int rc;

	rc = rangeset_add_range(&d->ioport_caps, 0, 0xffff);
	for (i = 0; i < ARRAY_SIZE(denied_ports); i++)
		rc = rc ?: rangeset_remove_range(&d->ioport_caps, denied_ports[i][0],
						 denied_ports[i][1]);
	for (port = 0; port < 0x10000 && !rc; port += run ? run : 1) {
		for (run = 0; port + run < 0x10000 && console_owns_ioport(port + run); run++)
			;
		if (run)
			rc = rangeset_remove_range(&d->ioport_caps, port, port + run - 1);
	}
	rc = rc ?: rangeset_add_range(&d->iomem_caps, 0,
				     (1UL << (boot_cpu_data.phys_bits - PAGE_SHIFT)) - 1);
	/* The local APIC's page and the whole MSI window (Xen's MSI_ADDR_BASE_LO range). */
	rc = rc ?: rangeset_remove_range(&d->iomem_caps, PFN_DOWN(0xfee00000),
					 PFN_DOWN(0xfeefffff));
	return rc ?: rangeset_add_range(&d->irq_caps, 1, NR_IRQS_GSI - 1);
}

/*
 * dom0_max_vcpus= as Xen parses it: "N" (exactly N), "N-" (at least N),
 * "N-M" (N to M) or "-M" (at most M); N of 0 means 1. dom0 gets one vCPU
 * per online pCPU within those bounds, and at most MAX_VIRT_CPUS. (Xen
 * also takes one stray character after N as "N-"; we refuse it.)
 */
static unsigned int opt_dom0_max_vcpus_min = 1, opt_dom0_max_vcpus_max = ~0U;

/* dom0_vcpus_pin (Xen's): dom0's vCPU n may run on pCPU n only (when that pCPU is online). */
static bool opt_dom0_vcpus_pin;
boolean_param("dom0_vcpus_pin", opt_dom0_vcpus_pin);

/*
 * A domU's cpus=: pCPU numbers and ranges separated by commas ("1",
 * "0-1", "0,2-3") in [@s, @e); at least one must be online. 0 or -EINVAL.
 */
static int parse_cpu_list(const char *s, const char *e, uint64_t *mask)
{
	uint64_t m = 0;
	const char *end;

	while (s < e) {
		unsigned long long a = simple_strtoull(s, &end, 10), b = a;

		if (end == s || end > e)
			return -EINVAL;
		if (end < e && *end == '-') {
			s = end + 1;
			b = simple_strtoull(s, &end, 10);
			if (end == s || end > e)
				return -EINVAL;
		}
		if (a > b || b >= NR_CPUS)
			return -EINVAL;
		for (; a <= b; a++)
			m |= cpumask_of(a);
		if (end < e && *end != ',')
			return -EINVAL;
		s = end < e ? end + 1 : end;
	}
	if (!(m & cpu_online_map[0]))
		return -EINVAL;
	*mask = m;
	return 0;
}

static int parse_dom0_max_vcpus(const char *s)
{
	unsigned long long min = 1, max = ~0U;
	const char *end;

	if (*s == '-') {
		max = simple_strtoull(s + 1, &end, 0);
		if (end == s + 1 || *end)
			return -EINVAL;
	} else {
		min = simple_strtoull(s, &end, 0);
		if (end == s)
			return -EINVAL;
		if (!min)
			min = 1;
		if (!*end) {
			max = min;
		} else if (*end++ != '-') {
			return -EINVAL;
		} else if (*end) {
			s = end;
			max = simple_strtoull(s, &end, 0);
			if (end == s || *end)
				return -EINVAL;
		}
	}
	if (min > ~0U || max > ~0U)
		return -EINVAL;
	opt_dom0_max_vcpus_min = min;
	opt_dom0_max_vcpus_max = max;
	return 0;
}
custom_param("dom0_max_vcpus", parse_dom0_max_vcpus);

/* Xen's dom0_max_vcpus(): the online pCPUs, clamped to the option's bounds and the limit. */
static unsigned int dom0_nr_vcpus(void)
{
	unsigned int n = num_online_cpus();

	if (n < opt_dom0_max_vcpus_min)
		n = opt_dom0_max_vcpus_min;
	if (n > opt_dom0_max_vcpus_max)
		n = opt_dom0_max_vcpus_max;
	if (n > MAX_VIRT_CPUS)
		n = MAX_VIRT_CPUS;
	return n ? n : 1;
}

/* The most a kernel may expand to: far above any real vmlinux, below anything absurd. */
#define MAX_KERNEL_SIZE MiB(1024)

/*
 * A kernel module as libelf is to read it: the module itself, or its
 * decompressed contents in @nr_pages hypervisor pages from @pg (the head
 * of a chunk aligned to its own size, trimmed to what is used).
 */
struct kernel_image {
	const void *data;
	size_t len;
	struct page_info *pg;
	unsigned long nr_pages;
};

static unsigned int order_of_pages(unsigned long nr)
{
	unsigned int order = 0;

	while ((1UL << order) < nr)
		order++;
	return order;
}

/* Free pages [@from, @to) of the chunk at @pg, in the largest aligned pieces. */
static void free_page_range(struct page_info *pg, unsigned long from, unsigned long to)
{
	while (from < to) {
		unsigned int order = 0;

		while (order < MAX_ORDER && !(from & (1UL << order)) && from + (2UL << order) <= to)
			order++;
		free_heap_pages(pg + from, order);
		from += 1UL << order;
	}
}

static void kernel_image_release(struct kernel_image *ki)
{
	if (ki->pg)
		free_page_range(ki->pg, 0, ki->nr_pages);
	*ki = (struct kernel_image){ 0 };
}

/*
 * Make @m (module number @mod_nr, 1-based) readable as an ELF: decompress
 * it when it is a bzImage or a compressed stream, logging the format,
 * sizes and time. The output is bounded by the size the image declares
 * (bzImage, gzip) or else by half the free memory, and trimmed to what
 * the stream produced. 0, or an error with the reason in @err.
 */
static int kernel_image_prepare(unsigned int domid, unsigned int mod_nr,
				const struct boot_module *m, struct kernel_image *ki, char *err,
				size_t errlen)
{
	const void *img = maddr_to_virt(m->start);
	size_t len = m->end - m->start;
	struct decomp_image di;
	const char *why;
	unsigned long want;
	unsigned int order;
	s_time_t t;
	long n;
	int rc;

	*ki = (struct kernel_image){ .data = img, .len = len };
	rc = decomp_probe(img, len, &di, &why);
	if (rc)
		goto fail;
	if (di.format == DECOMP_RAW) {
		/* A plain ELF, or a bzImage of an uncompressed one: used in place. */
		ki->data = di.payload;
		ki->len = di.payload_len;
		return 0;
	}
	if (di.declared > MAX_KERNEL_SIZE) {
		why = "declared kernel size above 1 GiB";
		rc = -ENOSPC;
		goto fail;
	}
	/* A declared size is allocated exactly; otherwise as much as is sensible, trimmed after. */
	want = di.declared ? DIV_ROUND_UP(di.declared, PAGE_SIZE)
			   : min(heap_free_pages() / 2, (unsigned long)(MAX_KERNEL_SIZE >> PAGE_SHIFT));
	for (order = order_of_pages(want);; order--) {
		ki->pg = alloc_heap_pages(order);
		if (ki->pg || di.declared || !order)
			break;
	}
	if (!ki->pg) {
		snprintf(err, errlen, "module %u (%lu bytes): no memory to decompress it (%lu MiB)",
			 mod_nr, (unsigned long)len, want >> 8);
		return -ENOMEM;
	}
	ki->nr_pages = min(want, 1UL << order);
	free_page_range(ki->pg, ki->nr_pages, 1UL << order);

	t = NOW();
	n = decomp_run(&di, page_to_virt(ki->pg), ki->nr_pages << PAGE_SHIFT, &why);
	t = NOW() - t;
	if (n < 0) {
		kernel_image_release(ki);
		rc = n;
		goto fail;
	}
	free_page_range(ki->pg, DIV_ROUND_UP(n, PAGE_SIZE), ki->nr_pages);
	ki->nr_pages = DIV_ROUND_UP(n, PAGE_SIZE);
	if (!ki->nr_pages)
		ki->pg = NULL;
	ki->data = ki->pg ? page_to_virt(ki->pg) : img;
	ki->len = n;
	printk("d%u kernel: module %u: %s%s, %lu -> %lu bytes, decompressed in %lu ms\n", domid,
	       mod_nr, di.bzimage ? "bzImage, " : "", decomp_format_name(di.format),
	       (unsigned long)di.payload_len, (unsigned long)n, (unsigned long)(t / MILLISECS(1)));
	return 0;

fail:
	snprintf(err, errlen, "module %u (%lu bytes): %s%s", mod_nr, (unsigned long)len,
		 di.bzimage ? "bzImage payload: " : "", why);
	return rc;
}

struct layout {
	uint64_t v_start, kern_start, kern_end, initrd_start, initrd_end;
	uint64_t p2m_start, p2m_end, si_start, pt_start, pt_end, stack_start, v_end;
	unsigned long nr_pt_pages;
};

struct builder {
	struct domain *d;
	unsigned long nr_pages;
	mfn_t *p2m;          /* PFN -> MFN of every frame of the domain */
	uint64_t v_start;
};

/* Page tables needed to map [start, end): L1s, L2s, L3s and the L4. */
static unsigned long count_pt_pages(uint64_t start, uint64_t end)
{
	uint64_t last = end - 1;
	unsigned long n = 1;

	n += (last >> L2_PAGETABLE_SHIFT) - (start >> L2_PAGETABLE_SHIFT) + 1;
	n += (last >> L3_PAGETABLE_SHIFT) - (start >> L3_PAGETABLE_SHIFT) + 1;
	n += (last >> L4_PAGETABLE_SHIFT) - (start >> L4_PAGETABLE_SHIFT) + 1;
	return n;
}

/*
 * The initial mapping. A kernel whose MOD_START_PFN note is set takes
 * its initrd unmapped (as Xen does): then no room is made for it here
 * and it goes in the last frames of the domain (place_initrd()).
 */
static void compute_layout(struct layout *l, const struct elf_dom_parms *p,
			   uint64_t initrd_len, unsigned long nr_pages)
{
	l->v_start = p->virt_base;
	l->kern_start = p->virt_kstart;
	l->kern_end = ROUNDUP(p->virt_kend, PAGE_SIZE);
	l->initrd_start = l->kern_end;
	l->initrd_end = p->mod_start_pfn ? l->initrd_start
					 : ROUNDUP(l->initrd_start + initrd_len, PAGE_SIZE);
	l->p2m_start = l->initrd_end;
	l->p2m_end = ROUNDUP(l->p2m_start + nr_pages * sizeof(uint64_t), PAGE_SIZE);
	l->si_start = l->p2m_end;
	l->pt_start = l->si_start + PAGE_SIZE;
	/* The page tables must also map themselves: iterate to a fixed point. */
	l->nr_pt_pages = 1;
	for (;;) {
		unsigned long need;

		l->pt_end = l->pt_start + l->nr_pt_pages * PAGE_SIZE;
		l->stack_start = l->pt_end;
		l->v_end = ROUNDUP(l->stack_start + PAGE_SIZE + 512 * 1024, MiB(4));
		need = count_pt_pages(l->v_start, l->v_end);
		if (need <= l->nr_pt_pages)
			break;
		l->nr_pt_pages = need;
	}
}

/* An unmapped initrd: copied into the frames of PFNs @pfn.. (the domain's last ones). */
static void place_initrd(const struct builder *b, const struct boot_module *m, unsigned long pfn)
{
	uint64_t len = m->end - m->start, off;

	for (off = 0; off < len; off += PAGE_SIZE, pfn++) {
		uint64_t n = min(len - off, (uint64_t)PAGE_SIZE);
		uint8_t *dst = mfn_to_virt(b->p2m[pfn]);

		memcpy(dst, maddr_to_virt(m->start + off), n);
		memset(dst + n, 0, PAGE_SIZE - n);
	}
}

static uint64_t pfn_of(const struct builder *b, uint64_t va)
{
	return (va - b->v_start) >> PAGE_SHIFT;
}

static void *va_to_hyp(const struct builder *b, uint64_t va)
{
	return (char *)mfn_to_virt(b->p2m[pfn_of(b, va)]) + (va & (PAGE_SIZE - 1));
}

/* libelf write callback: copy into the domain's frames, page by page. */
static int write_guest(void *ctx, uint64_t va, const void *src, uint64_t len)
{
	const struct builder *b = ctx;

	while (len) {
		uint64_t n = min(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));

		if (va < b->v_start || pfn_of(b, va) >= b->nr_pages)
			return -EINVAL;
		if (src) {
			memcpy(va_to_hyp(b, va), src, n);
			src = (const uint8_t *)src + n;
		} else {
			memset(va_to_hyp(b, va), 0, n);
		}
		va += n;
		len -= n;
	}
	return 0;
}

/* The 32-byte-slot hypercall page (pv-abi-hypercalls.md 1.3). */
void pv_fill_hypercall_page(uint8_t *p)
{
	unsigned int i;

	memset(p, 0xcc, PAGE_SIZE);
	for (i = 0; i < PAGE_SIZE / 32; i++) {
		uint8_t *s = p + i * 32;

		if (i == __HYPERVISOR_iret) {
			static const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, 23, 0, 0, 0,
							0x0f, 0x05 };
			memcpy(s, iret, sizeof(iret)); /* push rcx, r11, rax; mov $23,%eax; syscall */
			continue;
		}
		s[0] = 0x51;                       /* push %rcx */
		s[1] = 0x41; s[2] = 0x53;          /* push %r11 */
		s[3] = 0xb8;                       /* mov $i, %eax */
		memcpy(&s[4], &i, 4);
		s[8] = 0x0f; s[9] = 0x05;          /* syscall */
		s[10] = 0x41; s[11] = 0x5b;        /* pop %r11 */
		s[12] = 0x59;                      /* pop %rcx */
		s[13] = 0xc3;                      /* ret */
	}
}

/* Build the boot page tables in the PT area; returns the L4's MFN. */
static mfn_t build_page_tables(const struct builder *b, const struct layout *l)
{
	uint64_t next_pt = l->pt_start, va;
	uint64_t *l4 = va_to_hyp(b, next_pt);
	mfn_t l4_mfn = b->p2m[pfn_of(b, next_pt)];
	struct page_info *pg;

	next_pt += PAGE_SIZE;
	/* The hypervisor's slots 256-271 are installed by validation below. */
	memset(l4, 0, PAGE_SIZE);

	for (va = l->v_start; va < l->v_end; va += PAGE_SIZE) {
		uint64_t *tables[3] = { l4, NULL, NULL };
		static const unsigned int shifts[3] = { L4_PAGETABLE_SHIFT, L3_PAGETABLE_SHIFT,
							L2_PAGETABLE_SHIFT };
			uint64_t *l1, pfn = pfn_of(b, va), flags = L1_PROT;
		unsigned int lvl;

		for (lvl = 0; lvl < 3; lvl++) {
			uint64_t *e = &tables[lvl][(va >> shifts[lvl]) & 511];

			if (!(*e & _PAGE_PRESENT)) {
				mfn_t m = b->p2m[pfn_of(b, next_pt)];

				BUG_ON(next_pt >= l->pt_end);
				memset(va_to_hyp(b, next_pt), 0, PAGE_SIZE);
				*e = ((uint64_t)m << PAGE_SHIFT) | UPPER_PROT;
				next_pt += PAGE_SIZE;
			}
			if (lvl < 2)
				tables[lvl + 1] = mfn_to_virt((*e & PADDR_MASK) >> PAGE_SHIFT);
		}
		l1 = mfn_to_virt((tables[2][l2_table_offset(va)] & PADDR_MASK) >> PAGE_SHIFT);
		if (va >= l->pt_start && va < l->pt_end)
			flags &= ~_PAGE_RW; /* page tables are never writable by the guest */
		l1[l1_table_offset(va)] = ((uint64_t)b->p2m[pfn] << PAGE_SHIFT) | flags;
	}
	/*
	 * Type the whole tree the way a guest's own would be: validating the
	 * L4 validates everything below it and takes every reference (L1
	 * types, writable types of the data pages), so the counts are exact
	 * from the start. One type reference pins it, the other is the
	 * vCPU's base pointer.
	 */
	pg = mfn_to_page(l4_mfn);
	if (get_page_and_type(pg, b->d, PGT_l4_page_table) ||
	    get_page_and_type(pg, b->d, PGT_l4_page_table))
		panic("dom0's boot page tables do not validate");
	pg->type_info |= PGT_pinned;
	return l4_mfn;
}

/* What to build: from the command lines (parse_domu_spec()) and the modules. */
struct domain_spec {
	domid_t domid;
	unsigned int kernel_mod;        /* index in boot_info.modules */
	const struct boot_module *kernel, *initrd;
	unsigned long nr_pages;
	char name[32];
	const char *cmdline;            /* the guest's */
	unsigned int weight, cap;
	unsigned int nr_vcpus;          /* 1..MAX_VIRT_CPUS */
	uint64_t cpus;                  /* hard affinity of every vCPU (cpus=), all by default */
	struct kernel_image image;      /* the kernel as libelf reads it, while building */
};

static unsigned long dom0_pages(unsigned long long requested, unsigned long others)
{
	unsigned long avail = heap_free_pages(), want;
	unsigned long reserve = min(avail / 16, (unsigned long)(MiB(64) >> PAGE_SHIFT));

	avail = avail > others ? avail - others : 0;
	want = (requested ? requested : DEFAULT_DOM0_MEM) >> PAGE_SHIFT;
	if (want + reserve > avail) {
		printk(XENLOG_WARNING "dom0_mem: %lu MiB requested, %lu MiB available: using %lu MiB\n",
		       want >> 8, avail >> 8, avail > reserve ? (avail - reserve) >> 8 : 0);
		want = avail > reserve ? avail - reserve : 0;
	}
	return want;
}

/*
 * Build the domain @s describes and queue its vCPU; @err gets the reason
 * on failure (nothing is left behind when the checks before creating the
 * domain fail, which is every failure but a kernel that does not load).
 */
static int build_domain(const struct domain_spec *s, char *err, size_t errlen)
{
	bool dom0 = s->domid == 0;
	struct elf_binary elf;
	struct elf_dom_parms parms;
	struct builder b = { 0 };
	struct layout l;
	struct domain_create_args args;
	struct domain *d;
	struct vcpu *v;
	struct start_info *si;
	struct cpu_regs *regs;
	uint64_t initrd_len = s->initrd ? s->initrd->end - s->initrd->start : 0;
	unsigned long i, initrd_pfn;
	mfn_t l4_mfn;
	int rc;

	rc = elf_init(&elf, s->image.data, s->image.len);
	if (!rc)
		rc = elf_xen_parse(&elf, &parms);
	if (rc) {
		snprintf(err, errlen, "module %u (%lu bytes): %s", s->kernel_mod + 1,
			 (unsigned long)(s->kernel->end - s->kernel->start), elf.error);
		return rc;
	}
	if (dom0 && parms.has_supported_features && !(parms.f_supported & (1U << XENFEAT_dom0))) {
		snprintf(err, errlen, "the kernel's SUPPORTED_FEATURES note lacks XENFEAT_dom0");
		return -EINVAL;
	}
	printk("d%u kernel: 64-bit, %s \"%s\" %s, paddr %#lx -> %#lx, entry %#lx\n", s->domid,
	       parms.loader[0] ? parms.loader : "linux", parms.guest_os, parms.guest_ver,
	       (unsigned long)elf.pstart, (unsigned long)elf.pend, (unsigned long)parms.virt_entry);

	b.nr_pages = s->nr_pages;
	compute_layout(&l, &parms, initrd_len, b.nr_pages);
	initrd_pfn = b.nr_pages - ROUNDUP(initrd_len, PAGE_SIZE) / PAGE_SIZE;
	if ((l.v_end - l.v_start) >> PAGE_SHIFT > b.nr_pages ||
	    (parms.mod_start_pfn && ROUNDUP(initrd_len, PAGE_SIZE) / PAGE_SIZE > b.nr_pages) ||
	    (parms.mod_start_pfn && initrd_pfn < (l.v_end - l.v_start) >> PAGE_SHIFT)) {
		snprintf(err, errlen, "%s too small: the initial layout alone needs %lu MiB",
			 dom0 ? "dom0_mem" : "mem=", (unsigned long)((l.v_end - l.v_start) >> 20) + 1);
		return -ENOMEM;
	}
	if (l.v_end > HYPERVISOR_VIRT_START && l.v_start < HYPERVISOR_VIRT_END) {
		snprintf(err, errlen, "its layout %#lx-%#lx overlaps the hypervisor",
			 (unsigned long)l.v_start, (unsigned long)l.v_end);
		return -EINVAL;
	}
	if (l.v_end < l.v_start || (l.v_start < HYPERVISOR_VIRT_START && l.v_end > (1UL << 47))) {
		snprintf(err, errlen, "its layout %#lx-%#lx is not canonical",
			 (unsigned long)l.v_start, (unsigned long)l.v_end);
		return -EINVAL;
	}
	/* The frames, the P2M and the domain's own structures, with room to spare. */
	if (heap_free_pages() < b.nr_pages + b.nr_pages / 512 + 64) {
		snprintf(err, errlen, "out of memory: %lu MiB wanted, %lu MiB free", b.nr_pages >> 8,
			 heap_free_pages() >> 8);
		return -ENOMEM;
	}
	b.p2m = xmalloc_bytes(b.nr_pages * sizeof(mfn_t));
	domain_create_defaults(&args);
	args.privileged = dom0;
	args.max_vcpus = s->nr_vcpus;
	d = b.p2m ? domain_create(s->domid, &args) : NULL;
	if (!d) {
		xfree(b.p2m);
		snprintf(err, errlen, "out of memory creating the domain");
		return -ENOMEM;
	}
	strlcpy(d->name, s->name, sizeof(d->name));
	d->is_boot_domain = !dom0;
	if (dom0 && dom0_setup_permissions(d))
		panic("Out of memory for dom0's I/O permissions");
	BUG_ON(csched_set_params(d, s->weight, s->cap));
	/* Before the scheduler runs (the APs join it later): set directly. */
	for (i = 0; i < d->max_vcpus; i++) {
		d->vcpu[i]->cpu_hard_affinity = dom0 && opt_dom0_vcpus_pin && cpu_online(i % NR_CPUS)
							? cpumask_of(i % NR_CPUS) : s->cpus;
		if (d->vcpu[i]->cpu_hard_affinity != ~0ULL)
			printk("d%uv%lu: hard affinity %#lx\n", s->domid, (unsigned long)i,
			       (unsigned long)d->vcpu[i]->cpu_hard_affinity);
	}
	v = d->vcpu[0];
	b.d = d;
	b.v_start = l.v_start;
	/*
	 * No stale data in a guest: every page is cleared, except dom0's, as
	 * Xen allocates the hardware domain's boot memory unscrubbed (it holds
	 * only what the firmware and the boot left, and dom0 is trusted with
	 * the machine). The builder clears what the kernel expects zero (its
	 * bss, page tables, start_info). On TCG this saves ~1.5 s for 512 MiB.
	 */
	for (i = 0; i < b.nr_pages; i++) {
		struct page_info *pg = alloc_heap_pages(0);

		BUG_ON(!pg); /* checked above, and nothing else allocates meanwhile */
		assign_page(d, pg);
		b.p2m[i] = page_to_mfn(pg);
		set_gpfn_from_mfn(b.p2m[i], i);
		if (!dom0)
			memset(page_to_virt(pg), 0, PAGE_SIZE);
	}
	d->max_pages = b.nr_pages;

	printk("d%u (%s): %lu pages (%lu MiB), %u vCPU(s), weight %u, cap %u\n", s->domid, d->name,
	       b.nr_pages, b.nr_pages >> 8, d->max_vcpus, d->weight, d->cap);
	printk(" Loaded kernel: %016lx->%016lx\n", (unsigned long)l.kern_start, (unsigned long)l.kern_end);
	if (s->initrd && parms.mod_start_pfn)
		printk(" Init. ramdisk: PFN %#lx, %lu pages, unmapped (MOD_START_PFN)\n", initrd_pfn,
		       (unsigned long)(ROUNDUP(initrd_len, PAGE_SIZE) / PAGE_SIZE));
	else
		printk(" Init. ramdisk: %016lx->%016lx\n", (unsigned long)l.initrd_start,
		       (unsigned long)l.initrd_end);
	printk(" Phys-Mach map: %016lx->%016lx\n", (unsigned long)l.p2m_start, (unsigned long)l.p2m_end);
	printk(" Start info:    %016lx->%016lx\n", (unsigned long)l.si_start, (unsigned long)l.pt_start);
	printk(" Page tables:   %016lx->%016lx (%lu frames)\n", (unsigned long)l.pt_start,
	       (unsigned long)l.pt_end, l.nr_pt_pages);
	printk(" Boot stack:    %016lx->%016lx\n", (unsigned long)l.stack_start,
	       (unsigned long)(l.stack_start + PAGE_SIZE));
	printk(" TOTAL:         %016lx->%016lx\n", (unsigned long)l.v_start, (unsigned long)l.v_end);
	printk(" ENTRY ADDRESS: %016lx\n", (unsigned long)parms.virt_entry);

	rc = elf_load(&elf, &parms, write_guest, &b);
	if (rc) {
		xfree(b.p2m);
		snprintf(err, errlen, "the kernel does not load: %s", elf.error);
		/* Left crashed, frames and all, until dom0 destroys it (XEN_DOMCTL_destroydomain). */
		domain_shutdown(d, SHUTDOWN_crash);
		return rc;
	}
	if (s->initrd && !parms.mod_start_pfn)
		write_guest(&b, l.initrd_start, maddr_to_virt(s->initrd->start), initrd_len);
	else if (s->initrd)
		place_initrd(&b, s->initrd, initrd_pfn);
	for (i = 0; i < b.nr_pages; i++)
		*(uint64_t *)va_to_hyp(&b, l.p2m_start + i * sizeof(uint64_t)) = b.p2m[i];
	if (parms.virt_hypercall != ELF_UNSET)
		pv_fill_hypercall_page(va_to_hyp(&b, parms.virt_hypercall));
	l4_mfn = build_page_tables(&b, &l);

	si = va_to_hyp(&b, l.si_start);
	memset(si, 0, PAGE_SIZE);
	/* As Xen: a 'p' suffix when the kernel's PAE_MODE note says yes. */
	snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64%s", parms.pae ? "p" : "");
	si->nr_pages = b.nr_pages;
	si->shared_info = virt_to_maddr(d->shared_info);
	si->flags = dom0 ? SIF_PRIVILEGED | SIF_INITDOMAIN : 0;
	si->pt_base = l.pt_start;
	si->nr_pt_frames = l.nr_pt_pages;
	si->mfn_list = l.p2m_start;
	si->mod_start = !s->initrd ? 0 : parms.mod_start_pfn ? initrd_pfn : l.initrd_start;
	si->mod_len = initrd_len;
	if (s->initrd && parms.mod_start_pfn)
		si->flags |= SIF_MOD_START_PFN;
	strlcpy((char *)si->cmd_line, s->cmdline, sizeof(si->cmd_line));

	/* The first vCPU's start-of-day state (pv-abi-boot.md 2.4); the others wait, down. */
	pv_l4_base_m2p(d, l4_mfn, true); /* the M2P in the boot L4, as Xen builds it */
	v->guest_table = l4_mfn;
	v->kernel_mode = true;
	v->is_initialised = true;
	regs = &v->user_regs;
	memset(regs, 0, sizeof(*regs));
	regs->rip = parms.virt_entry;
	regs->cs = FLAT_RING3_CS64;
	regs->ss = FLAT_RING3_DS;
	regs->rsp = l.stack_start + PAGE_SIZE;
	regs->rsi = l.si_start;
	regs->rflags = X86_EFLAGS_IF | 2;
	xfree(b.p2m);

	printk("d%u ready: %lu pages, entry %016lx, start_info %016lx\n", s->domid, b.nr_pages,
	       (unsigned long)regs->rip, (unsigned long)regs->rsi);
	sched_start_vcpu(v);
	return 0;
}

#define DEFAULT_DOMU_MEM MiB(32)

/*
 * A boot-time domU's description, the module's command line:
 *   domu [name=NAME] [mem=SIZE] [weight=1..65535] [cap=0..100] [vcpus=1..128] [-- guest args]
 * vcpus= is the domain's vCPU count (xl's vcpus= and maxvcpus= at once):
 * vCPU 0 starts, the guest brings up the others.
 * Returns 0, or -EINVAL with the offending word in @err.
 */
static int parse_domu_spec(const char *line, struct domain_spec *s, char *err, size_t errlen)
{
	const char *p = line + 4, *w = p; /* past "domu" */

	snprintf(s->name, sizeof(s->name), "d%u", s->domid);
	s->nr_pages = DEFAULT_DOMU_MEM >> PAGE_SHIFT;
	s->weight = 256;
	s->cap = 0;
	s->nr_vcpus = 1;
	s->cpus = ~0ULL;
	s->cmdline = "";
	for (;;) {
		const char *val, *end;
		size_t len, klen;

		while (*p == ' ')
			p++;
		if (!*p)
			return 0;
		if (!strncmp(p, "--", 2) && (p[2] == ' ' || !p[2])) {
			s->cmdline = p[2] ? p + 3 : p + 2;
			return 0;
		}
		w = p;
		while (*p && *p != ' ')
			p++;
		len = p - w;
		for (val = w; val < p && *val != '='; val++)
			;
		if (val == p)
			val = NULL;
		klen = val ? (size_t)(val - w) : len;
		if (!val || val + 1 == p)
			goto bad;
		val++;
		if (klen == 4 && !strncmp(w, "name", 4)) {
			if ((size_t)(p - val) >= sizeof(s->name))
				goto bad;
			memcpy(s->name, val, p - val);
			s->name[p - val] = 0;
		} else if (klen == 3 && !strncmp(w, "mem", 3)) {
			unsigned long long bytes;

			if (parse_size_checked(val, &end, &bytes) || end != p || bytes < MiB(4) || bytes > MiB(1) * 1024 * 1024)
				goto bad;
			s->nr_pages = bytes >> PAGE_SHIFT;
		} else if (klen == 6 && !strncmp(w, "weight", 6)) {
			unsigned long long n = simple_strtoull(val, &end, 10);

			if (end != p || n < 1 || n > 65535)
				goto bad;
			s->weight = n;
		} else if (klen == 3 && !strncmp(w, "cap", 3)) {
			unsigned long long n = simple_strtoull(val, &end, 10);

			if (end != p || n > 100)
				goto bad;
			s->cap = n;
		} else if (klen == 5 && !strncmp(w, "vcpus", 5)) {
			unsigned long long n = simple_strtoull(val, &end, 10);

			if (end != p || n < 1 || n > MAX_VIRT_CPUS)
				goto bad;
			s->nr_vcpus = n;
		} else if (klen == 4 && !strncmp(w, "cpus", 4)) {
			if (parse_cpu_list(val, p, &s->cpus))
				goto bad;
		} else {
			goto bad;
		}
	}
bad:
	snprintf(err, errlen, "bad or unknown setting \"%.*s\" (want name=, mem=4M.., weight=1..65535, "
		 "cap=0..100, vcpus=1..%u, cpus=LIST of online pCPUs, then -- and the guest's command line)", (int)(p - w), w,
		 MAX_VIRT_CPUS);
	return -EINVAL;
}

static bool is_domu_module(const struct boot_module *m)
{
	return !strncmp(m->cmdline, "domu", 4) && (m->cmdline[4] == ' ' || !m->cmdline[4]);
}

/*
 * Build dom0 and the boot-time domUs from the boot modules, queue their
 * vCPUs and start scheduling. Domain ids: 0 for dom0, then 1, 2, ... in
 * module order.
 */
void __noreturn build_boot_domains(const struct boot_info *bi, unsigned long long dom0_mem)
{
	struct domain_spec *specs;
	unsigned long domu_pages = 0;
	unsigned int i, n = 1, built = 0;
	char err[200];
	int rc;

	if (bi->nr_modules < 1 || is_domu_module(&bi->modules[0]))
		panic("No dom0 kernel: give the PV kernel as the first boot module");
	/* One spec per module at most: never freed (this function does not return). */
	specs = xzalloc_array(struct domain_spec, bi->nr_modules);
	if (!specs)
		panic("Out of memory for %u domain descriptions", bi->nr_modules);
	specs[0] = (struct domain_spec){ .domid = 0, .kernel_mod = 0, .kernel = &bi->modules[0],
					 .cmdline = bi->modules[0].cmdline, .weight = 256,
					 .nr_vcpus = dom0_nr_vcpus(), .cpus = ~0ULL };
	strlcpy(specs[0].name, "Domain-0", sizeof(specs[0].name));
	for (i = 1; i < bi->nr_modules; i++) {
		const struct boot_module *m = &bi->modules[i];
		struct domain_spec *s = &specs[n];

		if (!is_domu_module(m)) {
			if (i == 1)
				specs[0].initrd = m;
			else
				printk(XENLOG_WARNING "Module %u is neither dom0's initrd nor a \"domu\" "
				       "kernel: ignored\n", i + 1);
			continue;
		}
		*s = (struct domain_spec){ .domid = n, .kernel_mod = i, .kernel = m };
		if (parse_domu_spec(m->cmdline, s, err, sizeof(err))) {
			printk(XENLOG_ERR "Module %u (domu): %s; not building it\n", i + 1, err);
			continue;
		}
		domu_pages += s->nr_pages;
		n++;
	}
	/* dom0's kernel is expanded first: its buffer is taken while dom0's size is chosen. */
	if (kernel_image_prepare(0, 1, specs[0].kernel, &specs[0].image, err, sizeof(err)))
		panic("Could not build dom0: %s", err);
	specs[0].nr_pages = dom0_pages(dom0_mem, domu_pages);

	for (i = 0; i < n; i++) {
		struct domain_spec *s = &specs[i];

		printk("*** Building PV domain %u (%s) ***\n", specs[i].domid, specs[i].name);
		rc = i ? kernel_image_prepare(s->domid, s->kernel_mod + 1, s->kernel, &s->image, err,
					      sizeof(err))
		       : 0;
		if (!rc)
			rc = build_domain(s, err, sizeof(err));
		kernel_image_release(&s->image);
		if (rc) {
			if (i == 0)
				panic("Could not build dom0: %s", err);
			printk(XENLOG_ERR "Could not build d%u (%s): %s\n", specs[i].domid,
			       specs[i].name, err);
			continue;
		}
		built++;
	}
	printk("%u domain(s) built; starting the scheduler\n", built);
	console_focus_guest(true);
	pv_cpu_start();
	sched_start();
}
