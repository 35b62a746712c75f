// SPDX-License-Identifier: GPL-2.0-only
/*
 * A PV domain builder for a dom0 kernel on Xen 4.17 (guest/builder.h).
 *
 * The one idea: the domU's start-of-day memory is written page by page,
 * in PFN order, through a small window of dom0's own virtual addresses
 * whose L1 entries are pointed at the domU's frames (mmu_update with
 * foreigndom = the domU, as privcmd does for a toolstack). For each PFN
 * the page's whole content is computed at once: the ELF bytes that fall
 * in it, P2M entries, start_info, page-table entries or zeroes. Once
 * dom0 has let go of every frame, Xen validates the page tables when the
 * L4 is pinned on the domU's behalf, and the vCPU context names it.
 *
 * Order (each step checked, a failure destroys the domain):
 *   check the ELF (nothing created yet); createdomain; max_vcpus; max_mem;
 *   populate_physmap (Xen returns the MFNs and records the M2P itself for
 *   a PV domain); getdomaininfo (shared_info's MFN); the console and
 *   xenstore event channels (alloc_unbound in the domU, remote dom0);
 *   write the pages; mask events in the domU's shared_info; load the ELF
 *   segments; restore the window; hypercall_init if the image asks for a hypercall page; pin
 *   the L4; setvcpucontext; unpause.
 */
#include <public/errno.h>
#include <public/elfnote.h>
#include <public/event_channel.h>
#include <public/memory.h>
#include <public/sched.h>
#include <guest/builder.h>
#include <guest/control.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/time.h>

#include <libelf.h>

/* The few ELF64 definitions the loader needs. */
#define EI_NIDENT 16
#define GIB (1ULL << 30)
#define PT_ENTRIES 512
#define SLACK_PAGES (512 * 1024 / PAGE_SIZE) /* mapped padding after the boot stack */
#define V_END_ALIGN_PAGES (4 * 1024 * 1024 / PAGE_SIZE)
#define MAX_PAGES (BUILDER_MAX_MIB * 256)
#define WINDOW_PAGES 16

#define PTE_ADDR_MASK 0x000ffffffffff000ULL
#define PTE_DATA (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PTE_RO (_PAGE_PRESENT | _PAGE_ACCESSED)
#define PTE_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

/* What the loader learnt from the image (all checked). */
struct image {
	struct elf_binary elf;	 /* libelf's view: headers and segments */
	struct elf_dom_parms parms; /* the Xen notes */
	uint64_t virt_base;	 /* XEN_ELFNOTE_VIRT_BASE, or 0 */
	uint64_t entry;		 /* XEN_ELFNOTE_ENTRY, or e_entry */
	uint64_t hypercall_page; /* XEN_ELFNOTE_HYPERCALL_PAGE, or 0 */
	uint64_t kstart, kend;	 /* the kernel's virtual span, page-rounded */
};

/*
 * The domU's start-of-day layout, in PFNs from the virtual base (PFN n
 * is mapped at virt_base + n pages): the kernel, then each item below in
 * this order, then the slack up to v_end_pfn.
 */
struct layout {
	uint64_t nr_pages;
	uint64_t p2m_pfn, p2m_pages;
	uint64_t si_pfn, store_pfn, console_pfn;
	uint64_t pt_pfn, pt_pages; /* L4, L3, L2, then nr_l1 L1s */
	uint64_t nr_l1;
	uint64_t stack_pfn;
	uint64_t v_end_pfn;
};

/* The domU's P2M: PFN in for populate_physmap, MFN out. */
static uint64_t p2m[MAX_PAGES];
static vcpu_guest_context_t ctxt;
/* dom0's window onto the domU's frames, and where its L1 entries are. */
static uint8_t window[WINDOW_PAGES][PAGE_SIZE]
	__attribute__((aligned(PAGE_SIZE), section(".bss.page_aligned")));
static uint64_t window_pte_maddr[WINDOW_PAGES];
static uint64_t window_pte_orig[WINDOW_PAGES];
static bool window_ready;

static long refuse(const char *why)
{
	printk("builder: image refused: %s\n", why);
	return -XEN_EINVAL;
}

/* @a + @b <= @limit, without wrapping. */
static bool fits(uint64_t a, uint64_t b, uint64_t limit)
{
	return a <= limit && b <= limit - a;
}

static bool in_hypervisor_hole(uint64_t va)
{
	return va >= HYPERVISOR_VIRT_START && va < HYPERVISOR_VIRT_END;
}

/*
 * libelf checks the image and reads its notes; what is left here are the
 * builder's own limits: one L2 maps the kernel and everything after it.
 */
static long parse_image(struct image *img, const void *image, size_t len)
{
	memset(img, 0, sizeof(*img));
	if (!image || elf_init(&img->elf, image, len) || elf_xen_parse(&img->elf, &img->parms))
		return refuse(image ? img->elf.error : "no image");
	img->virt_base = img->parms.virt_base;
	img->entry = img->parms.virt_entry;
	img->hypercall_page = img->parms.virt_hypercall == ELF_UNSET ? 0 : img->parms.virt_hypercall;
	img->kstart = img->parms.virt_kstart & ~(PAGE_SIZE - 1);
	if (!fits(img->parms.virt_kend, PAGE_SIZE, ~0ULL))
		return refuse("the kernel ends at the top of the address space");
	img->kend = (img->parms.virt_kend + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	if (img->virt_base % GIB)
		return refuse("virtual base not 1 GiB aligned (one L2 maps everything)");
	if (img->kstart < img->virt_base || img->kend - img->virt_base > GIB / 2)
		return refuse("segments not within 512 MiB above the virtual base");
	if (in_hypervisor_hole(img->virt_base) || in_hypervisor_hole(img->virt_base + GIB - 1))
		return refuse("virtual base inside Xen's part of the address space");
	return 0;
}

/* Place everything after the kernel; false if @nr_pages is too small. */
static bool plan_layout(struct layout *l, const struct image *img, uint64_t nr_pages)
{
	uint64_t nr_l1 = 1, end;

	memset(l, 0, sizeof(*l));
	l->nr_pages = nr_pages;
	l->p2m_pfn = (img->kend - img->virt_base) / PAGE_SIZE;
	l->p2m_pages = (nr_pages * 8 + PAGE_SIZE - 1) / PAGE_SIZE;
	l->si_pfn = l->p2m_pfn + l->p2m_pages;
	l->store_pfn = l->si_pfn + 1;
	l->console_pfn = l->si_pfn + 2;
	l->pt_pfn = l->si_pfn + 3;
	/* The page tables must map themselves: iterate until the count holds. */
	for (;;) {
		l->nr_l1 = nr_l1;
		l->pt_pages = 3 + nr_l1;
		l->stack_pfn = l->pt_pfn + l->pt_pages;
		end = l->stack_pfn + 1 + SLACK_PAGES;
		l->v_end_pfn =
			(end + V_END_ALIGN_PAGES - 1) / V_END_ALIGN_PAGES * V_END_ALIGN_PAGES;
		if (l->v_end_pfn / PT_ENTRIES <= nr_l1)
			break;
		nr_l1 = l->v_end_pfn / PT_ENTRIES;
	}
	return l->v_end_pfn <= nr_pages && l->v_end_pfn <= PT_ENTRIES * PT_ENTRIES;
}

/* The page-table frame of dom0's bootstrap tables with machine frame @mfn. */
static const uint64_t *own_table(uint64_t mfn)
{
	for (uint64_t i = 0; i < start_info->nr_pt_frames; i++) {
		const void *va = (const void *)(uintptr_t)(start_info->pt_base + i * PAGE_SIZE);

		if (virt_to_mfn(va) == mfn)
			return va;
	}
	return NULL;
}

/* Find the L1 entries behind the window (dom0's bootstrap tables map it). */
static long window_init(void)
{
	if (window_ready)
		return 0;
	for (unsigned int i = 0; i < WINDOW_PAGES; i++) {
		uint64_t va = (uint64_t)(uintptr_t)window[i];
		const uint64_t *t = (const uint64_t *)(uintptr_t)start_info->pt_base;
		uint64_t e = 0;

		for (int level = 4; level >= 1; level--) {
			unsigned int idx = (va >> (12 + 9 * (level - 1))) & (PT_ENTRIES - 1);

			e = t[idx];
			if (!(e & _PAGE_PRESENT) || (level > 1 && (e & 0x80)))
				return -XEN_EFAULT;
			if (level == 1) {
				window_pte_maddr[i] = virt_to_mfn(t) * PAGE_SIZE + idx * 8;
				window_pte_orig[i] = e;
				break;
			}
			t = own_table((e & PTE_ADDR_MASK) / PAGE_SIZE);
			if (!t)
				return -XEN_EFAULT;
		}
	}
	window_ready = true;
	return 0;
}

/* Point window pages 0..n-1 at @mfns (owned by @dom), or back at dom0's own frames. */
static long window_map(const uint64_t *mfns, unsigned int n, domid_t dom)
{
	mmu_update_t req[WINDOW_PAGES];
	mmuext_op_t flush = {.cmd = MMUEXT_TLB_FLUSH_LOCAL};
	unsigned int done = 0;
	long rc;

	for (unsigned int i = 0; i < n; i++) {
		req[i].ptr = window_pte_maddr[i] | MMU_NORMAL_PT_UPDATE;
		req[i].val = mfns ? (mfns[i] << PAGE_SHIFT) | PTE_DATA : window_pte_orig[i];
	}
	rc = HYPERVISOR_mmu_update(req, n, &done, mfns ? dom : DOMID_SELF);
	if (!rc && done != n)
		rc = -XEN_EFAULT;
	/* mmu_update leaves stale translations of the window: flush them. */
	if (HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF) && !rc)
		rc = -XEN_EFAULT;
	return rc;
}

static void fill_start_info(start_info_t *si, const struct image *img, const struct layout *l,
			    const struct builder_domain *b, uint64_t shinfo_mfn)
{
	memcpy(si->magic, "xen-3.0-x86_64", sizeof("xen-3.0-x86_64"));
	si->nr_pages = l->nr_pages;
	si->shared_info = shinfo_mfn << PAGE_SHIFT;
	si->flags = 0;
	si->store_mfn = p2m[l->store_pfn];
	si->store_evtchn = b->store_port;
	si->console.domU.mfn = p2m[l->console_pfn];
	si->console.domU.evtchn = b->console_port;
	si->pt_base = img->virt_base + l->pt_pfn * PAGE_SIZE;
	si->nr_pt_frames = l->pt_pages;
	si->mfn_list = img->virt_base + l->p2m_pfn * PAGE_SIZE;
	if (b->cmdline)
		memcpy(si->cmd_line, b->cmdline, strlen(b->cmdline) + 1);
}

/* The content of the domU's page @pfn but the kernel's bytes, written to @page (dom0's window). */
static void fill_page(uint8_t *page, uint64_t pfn, const struct image *img, const struct layout *l,
		      const struct builder_domain *b, uint64_t shinfo_mfn)
{
	uint64_t *pte = (uint64_t *)page;

	memset(page, 0, PAGE_SIZE);
	if (pfn >= l->p2m_pfn && pfn < l->p2m_pfn + l->p2m_pages) {
		uint64_t first = (pfn - l->p2m_pfn) * (PAGE_SIZE / 8);

		for (uint64_t k = 0; k < PAGE_SIZE / 8; k++)
			pte[k] = first + k < l->nr_pages ? p2m[first + k] : ~0ULL;
	} else if (pfn == l->si_pfn) {
		fill_start_info((start_info_t *)page, img, l, b, shinfo_mfn);
	} else if (pfn == l->pt_pfn) { /* L4 */
		pte[(img->virt_base >> 39) & (PT_ENTRIES - 1)] =
			p2m[l->pt_pfn + 1] << 12 | PTE_TABLE;
	} else if (pfn == l->pt_pfn + 1) { /* L3 */
		pte[(img->virt_base >> 30) & (PT_ENTRIES - 1)] =
			p2m[l->pt_pfn + 2] << 12 | PTE_TABLE;
	} else if (pfn == l->pt_pfn + 2) { /* L2 */
		for (uint64_t k = 0; k < l->nr_l1; k++)
			pte[k] = p2m[l->pt_pfn + 3 + k] << 12 | PTE_TABLE;
	} else if (pfn > l->pt_pfn + 2 && pfn < l->pt_pfn + l->pt_pages) { /* an L1 */
		uint64_t first = (pfn - l->pt_pfn - 3) * PT_ENTRIES;

		for (uint64_t k = 0; k < PT_ENTRIES && first + k < l->v_end_pfn; k++) {
			uint64_t q = first + k;
			bool table = q >= l->pt_pfn && q < l->pt_pfn + l->pt_pages;

			/* Page tables are never writable-mapped: Xen refuses the pin otherwise. */
			pte[k] = p2m[q] << 12 | (table ? PTE_RO : PTE_DATA);
		}
	}
}

/* Write every page of the bootstrap mapping, then mask the domU's events. */
static long write_pages(const struct image *img, const struct layout *l,
			const struct builder_domain *b, uint64_t shinfo_mfn)
{
	shared_info_t *sh = (shared_info_t *)window[0];
	long rc;

	for (uint64_t pfn = 0; pfn < l->v_end_pfn; pfn += WINDOW_PAGES) {
		unsigned int n =
			l->v_end_pfn - pfn < WINDOW_PAGES ? l->v_end_pfn - pfn : WINDOW_PAGES;

		rc = window_map(&p2m[pfn], n, b->built);
		if (rc)
			return rc;
		for (unsigned int i = 0; i < n; i++)
			fill_page(window[i], pfn + i, img, l, b, shinfo_mfn);
	}
	/* Xen zeroed shared_info; vCPU 0 must start with events masked, as libxc does. */
	rc = window_map(&shinfo_mfn, 1, b->built);
	if (rc)
		return rc;
	sh->vcpu_info[0].evtchn_upcall_mask = 1;
	return 0;
}

struct load_ctx {
	const struct image *img;
	const struct layout *l;
	domid_t dom;
};

/* libelf's writer: bytes (or zeroes) at a kernel address, through the window. */
static int load_write(void *opaque, uint64_t vaddr, const void *src, uint64_t len)
{
	const struct load_ctx *c = opaque;
	const uint8_t *from = src;

	while (len) {
		uint64_t pfn = (vaddr - c->img->virt_base) / PAGE_SIZE, off = vaddr % PAGE_SIZE;
		uint64_t span = (off + len + PAGE_SIZE - 1) / PAGE_SIZE, n;
		unsigned int pages = span < WINDOW_PAGES ? span : WINDOW_PAGES;
		long rc;

		if (vaddr < c->img->virt_base || pfn + pages > c->l->p2m_pfn)
			return -XEN_EINVAL; /* parse_image() keeps the segments below the P2M */
		rc = window_map(&p2m[pfn], pages, c->dom);
		if (rc)
			return (int)rc;
		n = pages * PAGE_SIZE - off < len ? pages * PAGE_SIZE - off : len;
		if (from)
			memcpy((uint8_t *)window + off, from, n);
		else
			memset((uint8_t *)window + off, 0, n);
		if (from)
			from += n;
		vaddr += n;
		len -= n;
	}
	return 0;
}

static long alloc_port(domid_t dom, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = {.dom = dom, .remote_dom = 0};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

	if (!rc)
		*port = op.port;
	return rc;
}

static long set_context(const struct image *img, const struct layout *l, domid_t dom, uint64_t *rsp)
{
	xen_domctl_t op = {.cmd = XEN_DOMCTL_setvcpucontext, .domain = dom};
	struct cpu_user_regs *r = &ctxt.user_regs;

	memset(&ctxt, 0, sizeof(ctxt));
	ctxt.flags = VGCF_in_kernel | VGCF_online;
	r->rip = img->entry;
	r->rsp = img->virt_base + (l->stack_pfn + 1) * PAGE_SIZE;
	r->rsi = img->virt_base + l->si_pfn * PAGE_SIZE;
	r->cs = FLAT_KERNEL_CS;
	r->ss = FLAT_KERNEL_SS;
	r->ds = r->es = r->fs = r->gs = FLAT_KERNEL_DS;
	r->rflags = 1 << 9; /* IF: the real flag; virtual events are masked */
	ctxt.kernel_ss = FLAT_KERNEL_SS;
	ctxt.kernel_sp = r->rsp;
	ctxt.ctrlreg[3] = xen_pfn_to_cr3(p2m[l->pt_pfn]);
	ctxt.debugreg[6] = 0xffff0ff0;
	ctxt.debugreg[7] = 0x400;
	*rsp = r->rsp;
	op.u.vcpucontext.vcpu = 0;
	set_xen_guest_handle(op.u.vcpucontext.ctxt, &ctxt);
	return domctl_op(&op);
}

long builder_own_module(const void **image, size_t *len)
{
	if (!start_info->mod_start || !start_info->mod_len)
		return -XEN_ENOENT;
	/* A PFN-only module is not mapped; our kernels never ask for that. */
	if (start_info->flags & SIF_MOD_START_PFN)
		return -XEN_EOPNOTSUPP;
	*image = (const void *)(uintptr_t)start_info->mod_start;
	*len = start_info->mod_len;
	return 0;
}

long builder_check_image(const void *image, size_t len)
{
	struct image img;

	return parse_image(&img, image, len);
}

/* Report a failed step; destroy the domain if there is one. */
static long fail(const struct builder_domain *b, bool created, const char *step, long rc)
{
	printk("builder: d%u: %s: error %ld\n", b->built, step, rc);
	if (created) {
		long drc = domctl_destroydomain(b->built);

		if (drc)
			printk("builder: d%u: destroydomain after the failure: error %ld\n",
			       b->built, drc);
	}
	return rc;
}

long builder_create(struct builder_domain *b)
{
	static struct image img;
	static struct layout l;
	xen_domctl_t op;
	struct xen_domctl_getdomaininfo info;
	struct xen_memory_reservation res;
	uint64_t nr_pages, rsp;
	mmuext_op_t pin;
	long rc;

	b->built = b->domid;
	rc = parse_image(&img, b->image, b->image_len);
	if (rc)
		return rc;
	if (!b->mem_mib || b->mem_mib > BUILDER_MAX_MIB) {
		printk("builder: memory %u MiB: expected 1 to %u\n", b->mem_mib, BUILDER_MAX_MIB);
		return -XEN_EINVAL;
	}
	if (b->cmdline && strnlen(b->cmdline, MAX_GUEST_CMDLINE) >= MAX_GUEST_CMDLINE) {
		printk("builder: command line longer than %u bytes\n", MAX_GUEST_CMDLINE - 1);
		return -XEN_EINVAL;
	}
	nr_pages = (uint64_t)b->mem_mib * 256;
	if (!plan_layout(&l, &img, nr_pages)) {
		printk("builder: %u MiB cannot hold the image and its start-of-day pages\n",
		       b->mem_mib);
		return -XEN_EINVAL;
	}
	rc = window_init();
	if (rc)
		return fail(b, false, "finding dom0's own L1 entries for the window", rc);

	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_createdomain;
	op.domain = b->domid;
	op.u.createdomain.max_vcpus = 1;
	op.u.createdomain.max_evtchn_port = 1023;
	op.u.createdomain.max_grant_frames = -1;
	op.u.createdomain.max_maptrack_frames = -1;
	op.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
	rc = domctl_op(&op);
	if (rc)
		return fail(b, false, "createdomain", rc);
	b->built = op.domain;

	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_max_vcpus;
	op.domain = b->built;
	op.u.max_vcpus.max = 1;
	rc = domctl_op(&op);
	if (rc)
		return fail(b, true, "max_vcpus", rc);

	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_max_mem;
	op.domain = b->built;
	op.u.max_mem.max_memkb = (uint64_t)b->mem_mib * 1024;
	rc = domctl_op(&op);
	if (rc)
		return fail(b, true, "max_mem", rc);

	/* PFNs in; for a PV domain Xen returns the MFNs and records the M2P. */
	for (uint64_t pfn = 0; pfn < nr_pages; pfn++)
		p2m[pfn] = pfn;
	memset(&res, 0, sizeof(res));
	set_xen_guest_handle(res.extent_start, p2m);
	res.nr_extents = nr_pages;
	res.extent_order = 0;
	res.domid = b->built;
	rc = HYPERVISOR_memory_op(XENMEM_populate_physmap, &res);
	if (rc != (long)nr_pages)
		return fail(b, true, "populate_physmap (extents done, or error)", rc);

	rc = domctl_getdomaininfo(b->built, &info);
	if (rc)
		return fail(b, true, "getdomaininfo", rc);

	rc = alloc_port(b->built, &b->console_port);
	if (rc)
		return fail(b, true, "alloc_unbound (console)", rc);
	rc = alloc_port(b->built, &b->store_port);
	if (rc)
		return fail(b, true, "alloc_unbound (xenstore)", rc);
	if (b->store_port >= BUILDER_FIRST_FREE_PORT || b->console_port >= BUILDER_FIRST_FREE_PORT)
		return fail(b, true, "console and xenstore ports of a fresh domain (expected 1, 2)",
			    -XEN_EEXIST);

	rc = write_pages(&img, &l, b, info.shared_info_frame);
	if (!rc) {
		struct load_ctx lc = {.img = &img, .l = &l, .dom = b->built};

		rc = elf_load(&img.elf, &img.parms, load_write, &lc);
		if (rc)
			printk("builder: d%u: %s\n", b->built, img.elf.error);
	}
	/* Always let go of the domU's frames: a pin fails while dom0 maps one writable. */
	if (window_map(NULL, WINDOW_PAGES, DOMID_SELF) && !rc)
		rc = -XEN_EFAULT;
	if (rc)
		return fail(b, true, "writing the start-of-day pages through dom0's window", rc);

	if (img.hypercall_page) {
		memset(&op, 0, sizeof(op));
		op.cmd = XEN_DOMCTL_hypercall_init;
		op.domain = b->built;
		op.u.hypercall_init.gmfn = p2m[(img.hypercall_page - img.virt_base) / PAGE_SIZE];
		rc = domctl_op(&op);
		if (rc)
			return fail(b, true, "hypercall_init", rc);
	}

	memset(&pin, 0, sizeof(pin));
	pin.cmd = MMUEXT_PIN_L4_TABLE;
	pin.arg1.mfn = p2m[l.pt_pfn];
	rc = HYPERVISOR_mmuext_op(&pin, 1, NULL, b->built);
	if (rc)
		return fail(b, true, "mmuext_op PIN_L4_TABLE", rc);

	rc = set_context(&img, &l, b->built, &rsp);
	if (rc)
		return fail(b, true, "setvcpucontext", rc);

	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_unpausedomain;
	op.domain = b->built;
	rc = domctl_op(&op);
	if (rc)
		return fail(b, true, "unpausedomain", rc);

	b->nr_pages = nr_pages;
	b->entry = img.entry;
	b->start_info_va = img.virt_base + l.si_pfn * PAGE_SIZE;
	b->v_end = img.virt_base + l.v_end_pfn * PAGE_SIZE;
	printk("builder: d%u: %llu MiB, entry %#llx, start_info %#llx, rsp %#llx, %llu page-table "
	       "frames, mapped up to %#llx, console port %u, xenstore port %u\n",
	       b->built, (unsigned long long)b->mem_mib, (unsigned long long)b->entry,
	       (unsigned long long)b->start_info_va, (unsigned long long)rsp,
	       (unsigned long long)l.pt_pages, (unsigned long long)b->v_end, b->console_port,
	       b->store_port);
	return 0;
}
