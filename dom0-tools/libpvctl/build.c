// SPDX-License-Identifier: GPL-2.0-only
/*
 * libpvctl's PV domain builder (build.h), the facts from Xen 4.17's libxc
 * (docs/pvctl-builder.md). The one idea: the whole start-of-day region
 * (PFN 0 up to v_end) is mapped into pvctl at once with privcmd's
 * MMAPBATCH_V2, filled in place (kernel, ramdisk, P2M, start_info, page
 * tables), and unmapped again before the L4 is pinned, because Xen
 * refuses to type a frame as a page table while dom0 maps it writable.
 *
 * Kernels are ELF images, or bzImages whose payload (gzip, xz, lz4,
 * zstd) is unpacked with Debian's libraries; either way the hypervisor's
 * own libelf checks and loads the ELF and reads its Xen notes.
 */
#include <public/xen.h>
#include <public/domctl.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "build.h"
#include "xen-ioctl.h"

#define PAGE_SIZE 4096ULL
#define PAGE_SHIFT 12
#define PAGES(bytes) (((bytes) + PAGE_SIZE - 1) / PAGE_SIZE)
#define SLACK_PAGES (512 * 1024 / PAGE_SIZE) /* free after the boot stack */
#define V_END_ALIGN (4ULL << 20)
#define MAX_IMAGE (256ULL << 20) /* an unpacked kernel larger than this is refused */
#define POPULATE_BATCH 4096
#define SUPERPAGE_ORDER 9 /* 2 MiB extents, Xen's largest for a domU's own use */

/* libxc's protections: every level user-accessible (a 64-bit PV kernel runs in ring 3). */
#define PG_PRESENT 0x001ULL
#define PG_RW 0x002ULL
#define PG_USER 0x004ULL
#define PG_ACCESSED 0x020ULL
#define PG_DIRTY 0x040ULL
#define PTE_TABLE (PG_PRESENT | PG_RW | PG_USER | PG_ACCESSED | PG_DIRTY)
#define PTE_DATA PTE_TABLE
#define PTE_RO (PG_PRESENT | PG_USER | PG_ACCESSED)

/* The previous failure's line, put after the step that met it. */
static int step_fail(struct pvctl *h, int rc, const char *step)
{
	char prev[PVCTL_ERR_MAX];

	snprintf(prev, sizeof(prev), "%s", pvctl_error(h));
	return pvctl_fail(h, 0, "%s: %s", step, prev), rc;
}

/* --- Kernel images -------------------------------------------------- */

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static int unpack_gzip(const uint8_t *in, size_t len, uint8_t *out, size_t out_len)
{
	z_stream s = {.next_in = (uint8_t *)in,
		      .avail_in = (uInt)len,
		      .next_out = out,
		      .avail_out = (uInt)out_len};
	int rc;

	if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
		return -ENOMEM;
	rc = inflate(&s, Z_FINISH);
	inflateEnd(&s);
	return rc == Z_STREAM_END && s.total_out == out_len ? 0 : -EINVAL;
}

static int unpack_xz(const uint8_t *in, size_t len, uint8_t *out, size_t out_len)
{
	uint64_t memlimit = UINT64_MAX;
	size_t in_pos = 0, out_pos = 0;

	/* The kernel's 4-byte size follows the stream. */
	if (lzma_stream_buffer_decode(&memlimit, 0, NULL, in, &in_pos, len - 4, out, &out_pos,
				      out_len) != LZMA_OK)
		return -EINVAL;
	return out_pos == out_len ? 0 : -EINVAL;
}

/* The kernel's lz4 is the legacy format: a magic, then (le32 size, block) up to 8 MiB each. */
static int unpack_lz4(const uint8_t *in, size_t len, uint8_t *out, size_t out_len)
{
	size_t pos = 4, done = 0;

	while (done < out_len && pos + 4 <= len) {
		uint32_t n = le32(in + pos);
		int got;

		pos += 4;
		if (n == 0x184c2102) /* another stream's magic */
			continue;
		if (n > len - pos)
			return -EINVAL;
		got = LZ4_decompress_safe((const char *)in + pos, (char *)out + done, (int)n,
					  (int)(out_len - done));
		if (got < 0)
			return -EINVAL;
		done += (size_t)got;
		pos += n;
	}
	return done == out_len ? 0 : -EINVAL;
}

static int unpack_zstd(const uint8_t *in, size_t len, uint8_t *out, size_t out_len)
{
	size_t n = ZSTD_decompress(out, out_len, in, len - 4);

	return !ZSTD_isError(n) && n == out_len ? 0 : -EINVAL;
}

static const struct {
	const char *name;
	const uint8_t magic[6];
	unsigned int magic_len;
	int (*unpack)(const uint8_t *in, size_t len, uint8_t *out, size_t out_len);
} payloads[] = {
	{"bzImage (gzip)", {0x1f, 0x8b}, 2, unpack_gzip},
	{"bzImage (xz)", {0xfd, '7', 'z', 'X', 'Z', 0}, 6, unpack_xz},
	{"bzImage (lz4)", {0x02, 0x21, 0x4c, 0x18}, 4, unpack_lz4},
	{"bzImage (zstd)", {0x28, 0xb5, 0x2f, 0xfd}, 4, unpack_zstd},
};

/*
 * A bzImage: the setup header (boot protocol 2.08 or later) says where
 * the compressed payload is; its last four bytes are the unpacked size.
 */
static int unpack_bzimage(struct pvctl *h, const char *what, const uint8_t *data, size_t size,
			  struct pvctl_image *img)
{
	unsigned int setup_sects = data[0x1f1] ? data[0x1f1] : 4;
	uint16_t version = data[0x206] | data[0x207] << 8;
	uint64_t off = (setup_sects + 1) * 512ULL + le32(data + 0x248), len = le32(data + 0x24c);
	const uint8_t *p;
	uint32_t out_len;

	if (version < 0x208)
		return pvctl_fail(h, -ENOEXEC,
				  "%s: bzImage boot protocol %#x has no payload field (2.08 or "
				  "later needed)",
				  what, version);
	if (len < 8 || off > size || len > size - off)
		return pvctl_fail(h, -EINVAL,
				  "%s: bzImage payload lies outside the file (corrupt?)", what);
	p = data + off;
	out_len = le32(p + len - 4);
	if (out_len < 64 || out_len > MAX_IMAGE)
		return pvctl_fail(h, -EINVAL, "%s: bzImage payload claims %u bytes unpacked", what,
				  out_len);
	for (unsigned int i = 0; i < sizeof(payloads) / sizeof(payloads[0]); i++) {
		if (memcmp(p, payloads[i].magic, payloads[i].magic_len))
			continue;
		img->elf_data = malloc(out_len);
		if (!img->elf_data)
			return pvctl_fail(h, -ENOMEM, "%s: %u bytes for the unpacked kernel", what,
					  out_len);
		if (payloads[i].unpack(p, len, img->elf_data, out_len)) {
			free(img->elf_data);
			img->elf_data = NULL;
			return pvctl_fail(h, -EINVAL, "%s: %s payload does not unpack (corrupt?)",
					  what, payloads[i].name);
		}
		img->elf_size = out_len;
		img->format = payloads[i].name;
		return 0;
	}
	return pvctl_fail(h, -ENOEXEC,
			  "%s: bzImage payload is neither gzip, xz, lz4 nor zstd (bytes %02x %02x "
			  "%02x %02x)",
			  what, p[0], p[1], p[2], p[3]);
}

/*
 * parse() of an image in data: a bzImage is unpacked into memory of its
 * own; an ELF is used in place if map_len says data is a file mapping
 * (img then owns it), else copied.
 */
static int parse(struct pvctl *h, const char *what, const void *data, size_t size,
		 size_t map_len, struct pvctl_image *img)
{
	const uint8_t *d = data;
	int rc;

	memset(img, 0, sizeof(*img));
	if (size >= 0x250 && !memcmp(d + 0x202, "HdrS", 4)) {
		rc = unpack_bzimage(h, what, d, size, img);
		if (map_len)
			munmap((void *)data, map_len);
		if (rc)
			return rc;
	} else if (size >= 4 && !memcmp(d, "\177ELF", 4)) {
		if (map_len) {
			img->elf_data = (uint8_t *)data;
			img->map_len = map_len;
		} else {
			img->elf_data = malloc(size);
			if (!img->elf_data)
				return pvctl_fail(h, -ENOMEM, "%s: %zu bytes", what, size);
			memcpy(img->elf_data, data, size);
		}
		img->elf_size = size;
		img->format = "ELF";
	} else {
		if (map_len)
			munmap((void *)data, map_len);
		return pvctl_fail(h, -ENOEXEC, "%s: neither an ELF kernel nor a bzImage", what);
	}
	rc = elf_init(&img->elf, img->elf_data, img->elf_size);
	if (!rc)
		rc = elf_xen_parse(&img->elf, &img->parms);
	if (rc) {
		pvctl_fail(h, rc, "%s (%s): %s", what, img->format, img->elf.error);
		pvctl_image_free(img);
		return rc;
	}
	return 0;
}

int pvctl_image_parse(struct pvctl *h, const char *what, const void *data, size_t size,
		      struct pvctl_image *img)
{
	return parse(h, what, data, size, 0, img);
}

int pvctl_image_load(struct pvctl *h, const char *path, struct pvctl_image *img)
{
	struct stat st;
	void *data;
	int fd;

	memset(img, 0, sizeof(*img));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pvctl_fail(h, -errno, "kernel %s", path);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_IMAGE) {
		close(fd);
		return pvctl_fail(h, -EINVAL, "kernel %s: not a regular file of at most %llu MiB",
				  path, MAX_IMAGE >> 20);
	}
	if (!st.st_size) {
		close(fd);
		return pvctl_fail(h, -ENOEXEC, "kernel %s: an empty file", path);
	}
	/*
	 * Mapped, not read: an ELF kernel is then used where it lies, with
	 * no copy into the heap (reading and copying it cost most of the
	 * loading time in a PV dom0). MAP_POPULATE faults it in at once.
	 */
	data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (data == MAP_FAILED)
		return pvctl_fail(h, -errno, "kernel %s: cannot map it", path);
	return parse(h, path, data, (size_t)st.st_size, (size_t)st.st_size, img);
}

void pvctl_image_free(struct pvctl_image *img)
{
	if (img->map_len)
		munmap(img->elf_data, img->map_len);
	else
		free(img->elf_data);
	img->elf_data = NULL;
	img->map_len = 0;
}

/* --- Layout --------------------------------------------------------- */

/* Tables of one level covering [start, end) where each table spans 1 << shift bytes. */
static unsigned int tables(uint64_t start, uint64_t end, unsigned int shift)
{
	return (unsigned int)(((end - 1) >> shift) - (start >> shift) + 1);
}

int pvctl_layout_plan(struct pvctl_layout *l, const struct elf_dom_parms *p, uint64_t ramdisk_len,
		      uint64_t nr_pages, char *err, size_t err_size)
{
	uint64_t room, next;

	memset(l, 0, sizeof(*l));
	l->virt_base = p->virt_base;
	l->nr_pages = nr_pages;
	if (p->virt_base % PAGE_SIZE || p->virt_kstart < p->virt_base ||
	    p->virt_kend <= p->virt_kstart) {
		snprintf(err, err_size, "kernel at %#llx-%#llx below its virtual base %#llx",
			 (unsigned long long)p->virt_kstart, (unsigned long long)p->virt_kend,
			 (unsigned long long)p->virt_base);
		return -EINVAL;
	}
	/* Room above the base before the address space wraps (2 GiB for Linux). */
	room = p->virt_base ? (0 - p->virt_base) / PAGE_SIZE : UINT64_MAX / PAGE_SIZE;
	l->kernel_pfn = (p->virt_kstart - p->virt_base) / PAGE_SIZE;
	l->kernel_end_pfn = PAGES(p->virt_kend - p->virt_base);
	l->ramdisk_pfn = l->kernel_end_pfn;
	l->ramdisk_pages = PAGES(ramdisk_len);
	l->p2m_pfn = l->ramdisk_pfn + l->ramdisk_pages;
	l->p2m_pages = PAGES(nr_pages * 8);
	l->start_info_pfn = l->p2m_pfn + l->p2m_pages;
	l->store_pfn = l->start_info_pfn + 1;
	l->console_pfn = l->start_info_pfn + 2;
	l->pt_pfn = l->start_info_pfn + 3;
	/* The tables map themselves: grow them until the count holds (libxc's loop). */
	l->pt_pages = 1;
	for (;;) {
		uint64_t v_start = p->virt_base, v_end;

		l->stack_pfn = l->pt_pfn + l->pt_pages;
		next = l->stack_pfn + 1 + SLACK_PAGES;
		l->v_end_pfn = (next * PAGE_SIZE + V_END_ALIGN - 1) / V_END_ALIGN * V_END_ALIGN /
			       PAGE_SIZE;
		if (l->v_end_pfn > room) {
			snprintf(err, err_size,
				 "kernel, ramdisk and boot pages need %llu MiB above %#llx, beyond "
				 "the end of the address space",
				 (unsigned long long)(l->v_end_pfn >> 8),
				 (unsigned long long)p->virt_base);
			return -EINVAL;
		}
		v_end = v_start + l->v_end_pfn * PAGE_SIZE;
		l->nr_l3 = tables(v_start, v_end, 39);
		l->nr_l2 = tables(v_start, v_end, 30);
		l->nr_l1 = tables(v_start, v_end, 21);
		if (1 + l->nr_l3 + l->nr_l2 + l->nr_l1 <= l->pt_pages)
			break;
		l->pt_pages = 1 + l->nr_l3 + l->nr_l2 + l->nr_l1;
	}
	if (l->v_end_pfn > nr_pages) {
		snprintf(err, err_size,
			 "%llu MiB of memory cannot hold the kernel, ramdisk and boot pages (%llu "
			 "MiB mapped at boot)",
			 (unsigned long long)(nr_pages >> 8),
			 (unsigned long long)(l->v_end_pfn >> 8));
		return -ENOMEM;
	}
	return 0;
}

/* --- Building ------------------------------------------------------- */

struct ctx {
	struct pvctl *h;
	struct pvctl_build *b;
	uint64_t *p2m; /* PFN -> MFN, hypercall memory */
	uint8_t *map;  /* PFNs [0, stack_pfn] mapped: the pages the builder writes */
};

static long memory_op(struct pvctl *h, const char *what, unsigned int cmd, void *arg, size_t len)
{
	return pvctl_hypercall_struct(h, what, __HYPERVISOR_memory_op, cmd, arg, len, 0);
}

/*
 * As many 2 MiB extents (order 9) as the hypervisor has contiguous
 * memory for, from PFN 0: one call, one P2M entry per page filled from
 * each extent's first MFN. Per page, the hypervisor then does no guest
 * copy and no allocation of its own; what it cannot give contiguous,
 * populate() asks for page by page. Returns the pages done.
 */
static uint64_t populate_superpages(struct ctx *c)
{
	struct pvctl_build *b = c->b;
	uint64_t n = b->nr_pages >> SUPERPAGE_ORDER, got;
	uint64_t *ext;
	long rc;

	if (!n)
		return 0;
	ext = pvctl_buf_alloc(c->h, n * sizeof(*ext));
	if (!ext)
		return 0;
	for (uint64_t i = 0; i < n; i++)
		ext[i] = i << SUPERPAGE_ORDER;
	{
		struct xen_memory_reservation r = {
			.nr_extents = n, .extent_order = SUPERPAGE_ORDER, .domid = (domid_t)b->domid};

		set_xen_guest_handle(r.extent_start, ext);
		rc = memory_op(c->h, "XENMEM_populate_physmap", XENMEM_populate_physmap, &r,
			       sizeof(r));
	}
	got = rc > 0 ? (uint64_t)rc : 0;
	for (uint64_t i = 0; i < got; i++)
		for (uint64_t j = 0; j < (1ULL << SUPERPAGE_ORDER); j++)
			c->p2m[(i << SUPERPAGE_ORDER) + j] = ext[i] + j;
	pvctl_buf_free(c->h, ext, n * sizeof(*ext));
	return got << SUPERPAGE_ORDER;
}

/* XENMEM_populate_physmap: PFNs in, MFNs out (Xen records the M2P for a PV domain). */
static int populate(struct ctx *c)
{
	struct pvctl_build *b = c->b;
	uint64_t done = populate_superpages(c);

	for (uint64_t pfn = done; pfn < b->nr_pages; pfn++)
		c->p2m[pfn] = pfn;
	while (done < b->nr_pages) {
		uint64_t n =
			b->nr_pages - done < POPULATE_BATCH ? b->nr_pages - done : POPULATE_BATCH;
		struct xen_memory_reservation r = {.nr_extents = n, .domid = (domid_t)b->domid};
		long rc;

		set_xen_guest_handle(r.extent_start, c->p2m + done);
		rc = memory_op(c->h, "XENMEM_populate_physmap", XENMEM_populate_physmap, &r,
			       sizeof(r));
		if (rc < 0)
			return (int)rc;
		if (rc == 0)
			return pvctl_fail(c->h, -ENOMEM,
					  "XENMEM_populate_physmap: no memory after %llu of %llu "
					  "pages",
					  (unsigned long long)done,
					  (unsigned long long)b->nr_pages);
		done += (uint64_t)rc;
	}
	return 0;
}

void *pvctl_map_foreign(struct pvctl *h, uint32_t domid, const uint64_t *mfns, uint64_t n)
{
	size_t len = n * PAGE_SIZE;
	int *err = calloc(n, sizeof(int));
	struct privcmd_mmapbatch_v2 m = {.num = (uint32_t)n, .dom = (uint16_t)domid};
	void *p;

	if (!err) {
		pvctl_fail(h, -ENOMEM, "mapping %llu pages", (unsigned long long)n);
		return NULL;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, h->privcmd_fd, 0);
	if (p == MAP_FAILED) {
		pvctl_fail(h, -errno, "mmap of /dev/xen/privcmd (%llu pages)",
			   (unsigned long long)n);
		free(err);
		return NULL;
	}
	m.addr = (uintptr_t)p;
	m.arr = (uintptr_t)mfns;
	m.err = (uintptr_t)err;
	if (ioctl(h->privcmd_fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &m) < 0) {
		int rc = -errno;
		uint64_t i = 0;

		while (i < n && !err[i])
			i++;
		pvctl_fail(h, i < n && err[i] ? err[i] : rc,
			   "IOCTL_PRIVCMD_MMAPBATCH_V2 of d%u's MFN %#llx (page %llu of %llu)",
			   domid, i < n ? (unsigned long long)mfns[i] : 0ULL, (unsigned long long)i,
			   (unsigned long long)n);
		munmap(p, len);
		free(err);
		return NULL;
	}
	free(err);
	return p;
}

static int write_kernel(void *opaque, uint64_t vaddr, const void *src, uint64_t len)
{
	struct ctx *c = opaque;
	const struct pvctl_layout *l = &c->b->layout;
	uint64_t off = vaddr - l->virt_base, limit = l->kernel_end_pfn * PAGE_SIZE;

	if (vaddr < l->virt_base || off > limit || len > limit - off)
		return -EINVAL;
	if (src)
		memcpy(c->map + off, src, len);
	else
		memset(c->map + off, 0, len);
	return 0;
}

static uint64_t *page_at(struct ctx *c, uint64_t pfn)
{
	return (uint64_t *)(c->map + pfn * PAGE_SIZE);
}

/* L4, L3s, L2s, L1s, each level's tables in address order (libxc's arrangement). */
static void write_page_tables(struct ctx *c)
{
	const struct pvctl_layout *l = &c->b->layout;
	uint64_t v = l->virt_base;
	uint64_t l3 = l->pt_pfn + 1, l2 = l3 + l->nr_l3, l1 = l2 + l->nr_l2;

	memset(page_at(c, l->pt_pfn), 0, l->pt_pages * PAGE_SIZE);
	for (unsigned int i = 0; i < l->nr_l3; i++) {
		uint64_t base = ((v >> 39) + i) << 39;

		page_at(c, l->pt_pfn)[(base >> 39) & 511] =
			c->p2m[l3 + i] << PAGE_SHIFT | PTE_TABLE;
	}
	for (unsigned int i = 0; i < l->nr_l2; i++) {
		uint64_t base = ((v >> 30) + i) << 30;
		uint64_t parent = l3 + ((base >> 39) - (v >> 39));

		page_at(c, parent)[(base >> 30) & 511] = c->p2m[l2 + i] << PAGE_SHIFT | PTE_TABLE;
	}
	for (unsigned int i = 0; i < l->nr_l1; i++) {
		uint64_t base = ((v >> 21) + i) << 21;
		uint64_t parent = l2 + ((base >> 30) - (v >> 30));

		page_at(c, parent)[(base >> 21) & 511] = c->p2m[l1 + i] << PAGE_SHIFT | PTE_TABLE;
	}
	for (uint64_t pfn = 0; pfn < l->v_end_pfn; pfn++) {
		uint64_t va = v + pfn * PAGE_SIZE;
		uint64_t table = l1 + ((va >> 21) - (v >> 21));
		bool pt = pfn >= l->pt_pfn && pfn < l->pt_pfn + l->pt_pages;

		/* Page tables are mapped read-only, or Xen refuses the pin. */
		page_at(c, table)[(va >> 12) & 511] =
			c->p2m[pfn] << PAGE_SHIFT | (pt ? PTE_RO : PTE_DATA);
	}
}

static void write_start_info(struct ctx *c, uint64_t shared_info_mfn)
{
	const struct pvctl_build *b = c->b;
	const struct pvctl_layout *l = &b->layout;
	const struct elf_dom_parms *p = &b->kernel->parms;
	start_info_t *si = (start_info_t *)page_at(c, l->start_info_pfn);

	memset(si, 0, PAGE_SIZE);
	snprintf(si->magic, sizeof(si->magic), "xen-3.0-x86_64");
	si->nr_pages = b->nr_pages;
	si->shared_info = shared_info_mfn << PAGE_SHIFT;
	si->flags = 0;
	si->store_mfn = b->store_mfn;
	si->store_evtchn = b->store_port;
	si->console.domU.mfn = b->console_mfn;
	si->console.domU.evtchn = b->console_port;
	si->pt_base = l->virt_base + l->pt_pfn * PAGE_SIZE;
	si->nr_pt_frames = l->pt_pages;
	si->mfn_list = l->virt_base + l->p2m_pfn * PAGE_SIZE;
	if (b->ramdisk_len) {
		si->mod_start = p->mod_start_pfn ? l->ramdisk_pfn
						 : l->virt_base + l->ramdisk_pfn * PAGE_SIZE;
		si->mod_len = b->ramdisk_len;
		if (p->mod_start_pfn)
			si->flags |= SIF_MOD_START_PFN;
	}
	if (b->cmdline)
		snprintf((char *)si->cmd_line, sizeof(si->cmd_line), "%s", b->cmdline);
}

/* Everything in the mapped region: kernel, ramdisk, P2M, boot pages, page tables. */
static int fill(struct ctx *c, uint64_t shared_info_mfn)
{
	struct pvctl_build *b = c->b;
	const struct pvctl_layout *l = &b->layout;
	uint64_t *p2m_page;
	int rc;

	rc = elf_load((struct elf_binary *)&b->kernel->elf, &b->kernel->parms, write_kernel, c);
	if (rc)
		return pvctl_fail(c->h, rc, "loading the kernel's segments: %s",
				  b->kernel->elf.error[0] ? b->kernel->elf.error
							  : "outside the kernel's pages");
	if (b->ramdisk_len) {
		memcpy(c->map + l->ramdisk_pfn * PAGE_SIZE, b->ramdisk, b->ramdisk_len);
		memset(c->map + l->ramdisk_pfn * PAGE_SIZE + b->ramdisk_len, 0,
		       l->ramdisk_pages * PAGE_SIZE - b->ramdisk_len);
	}
	/*
	 * The boot pages (P2M to stack) are written or zero. The free pages
	 * after the stack up to v_end are left as the hypervisor gave them,
	 * like the rest of the domain's memory (libxc's xc_dom_alloc_pad
	 * does not touch them either): writing 4 MiB here per create cost
	 * more than everything else the builder does.
	 */
	memset(c->map + l->p2m_pfn * PAGE_SIZE, 0, (l->stack_pfn + 1 - l->p2m_pfn) * PAGE_SIZE);
	p2m_page = page_at(c, l->p2m_pfn);
	for (uint64_t i = 0; i < l->p2m_pages * (PAGE_SIZE / 8); i++)
		p2m_page[i] = i < b->nr_pages ? c->p2m[i] : ~0ULL;
	write_start_info(c, shared_info_mfn);
	write_page_tables(c);
	return 0;
}

static int alloc_port(struct pvctl *h, uint32_t domid, uint32_t remote, uint32_t *port,
		      const char *what)
{
	struct evtchn_alloc_unbound op = {.dom = (domid_t)domid, .remote_dom = (domid_t)remote};
	long rc = pvctl_hypercall_struct(h, what, __HYPERVISOR_event_channel_op,
					 EVTCHNOP_alloc_unbound, &op, sizeof(op), 0);

	if (rc < 0)
		return (int)rc;
	*port = op.port;
	return 0;
}

/* Xen zeroed shared_info; every vCPU starts with events masked, as libxc leaves it. */
static int mask_events(struct ctx *c, uint64_t shared_info_mfn)
{
	shared_info_t *sh = pvctl_map_foreign(c->h, c->b->domid, &shared_info_mfn, 1);

	if (!sh)
		return -EFAULT;
	for (unsigned int i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		sh->vcpu_info[i].evtchn_upcall_mask = 1;
	munmap(sh, PAGE_SIZE);
	return 0;
}

static void set_grant(grant_entry_v1_t *e, uint32_t domid, uint64_t frame)
{
	e->domid = (domid_t)domid;
	e->frame = (uint32_t)frame;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	e->flags = GTF_permit_access;
}

/*
 * Grant references 0 and 1 of the new domain name its console and
 * xenstore pages for their back ends (xc_dom_gnttab_seed): the daemons
 * map the rings through these. The table's first frame comes from
 * XENMEM_acquire_resource (privcmd's MMAP_RESOURCE).
 */
static int seed_grants(struct pvctl *h, const struct pvctl_build *b)
{
	struct privcmd_mmap_resource r = {
		.dom = (uint16_t)b->domid,
		.type = XENMEM_resource_grant_table,
		.id = XENMEM_resource_grant_table_id_shared,
		.idx = 0,
		.num = 1,
	};
	grant_entry_v1_t *gt;

	gt = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, h->privcmd_fd, 0);
	if (gt == MAP_FAILED)
		return pvctl_fail(h, -errno, "mmap of /dev/xen/privcmd for the grant table");
	r.addr = (uintptr_t)gt;
	if (ioctl(h->privcmd_fd, IOCTL_PRIVCMD_MMAP_RESOURCE, &r) < 0) {
		int rc = -errno;

		munmap(gt, PAGE_SIZE);
		return pvctl_fail(h, rc,
				  "IOCTL_PRIVCMD_MMAP_RESOURCE (XENMEM_acquire_resource of d%u's "
				  "grant table)",
				  b->domid);
	}
	set_grant(&gt[GNTTAB_RESERVED_CONSOLE], b->console_domid, b->console_mfn);
	set_grant(&gt[GNTTAB_RESERVED_XENSTORE], b->store_domid, b->store_mfn);
	munmap(gt, PAGE_SIZE);
	return 0;
}

static int set_vcpu0(struct pvctl *h, const struct pvctl_build *b, uint64_t cr3_mfn)
{
	const struct pvctl_layout *l = &b->layout;
	vcpu_guest_context_t *ctxt = pvctl_buf_alloc(h, sizeof(*ctxt));
	struct xen_domctl op = {.cmd = XEN_DOMCTL_setvcpucontext, .domain = (domid_t)b->domid};
	struct cpu_user_regs *r;
	int rc;

	if (!ctxt)
		return -ENOMEM;
	r = &ctxt->user_regs;
	ctxt->flags = VGCF_in_kernel | VGCF_online;
	r->rip = b->kernel->parms.virt_entry;
	r->rsp = l->virt_base + (l->stack_pfn + 1) * PAGE_SIZE;
	r->rsi = l->virt_base + l->start_info_pfn * PAGE_SIZE;
	r->cs = FLAT_KERNEL_CS;
	r->ss = FLAT_KERNEL_SS;
	r->ds = r->es = r->fs = r->gs = FLAT_KERNEL_DS;
	r->rflags = 1 << 9; /* IF; the guest's virtual events stay masked */
	ctxt->kernel_ss = r->ss;
	ctxt->kernel_sp = r->rsp;
	ctxt->ctrlreg[3] = xen_pfn_to_cr3(cr3_mfn);
	ctxt->debugreg[6] = 0xffff0ff0;
	ctxt->debugreg[7] = 0x400;
	op.u.vcpucontext.vcpu = 0;
	set_xen_guest_handle(op.u.vcpucontext.ctxt, ctxt);
	rc = pvctl_domctl(h, &op);
	pvctl_buf_free(h, ctxt, sizeof(*ctxt));
	return rc;
}

/*
 * libxc's check: what the kernel requires ('!' in its FEATURES note) it
 * must also list as supported. (The hypervisor is not asked: Xen offers
 * PV guests writable_page_tables and the like without listing them in
 * XENVER_get_features.)
 */
static int check_features(struct pvctl *h, const struct elf_dom_parms *p)
{
	uint32_t missing = p->f_required & ~p->f_supported;

	for (unsigned int bit = 0; bit < 32; bit++) {
		const char *name = elf_feature_name(bit);

		if (missing & (1U << bit))
			return pvctl_fail(h, -EINVAL,
					  "the kernel requires feature %s but does not list it as "
					  "supported",
					  name ? name : "?");
	}
	return 0;
}

int pvctl_build(struct pvctl *h, struct pvctl_build *b)
{
	struct ctx c = {.h = h, .b = b};
	struct pvctl_layout *l = &b->layout;
	struct xen_domctl op;
	uint64_t shared_info_mfn, map_len = 0;
	char why[256];
	int rc;

	rc = pvctl_layout_plan(l, &b->kernel->parms, b->ramdisk_len, b->nr_pages, why, sizeof(why));
	if (rc)
		return pvctl_fail(h, rc, "laying out d%u: %s", b->domid, why), rc;
	rc = check_features(h, &b->kernel->parms);
	if (rc)
		return rc;

	c.p2m = pvctl_buf_alloc(h, b->nr_pages * 8);
	if (!c.p2m)
		return -ENOMEM;
	rc = populate(&c);
	if (rc) {
		step_fail(h, rc, "populating memory");
		goto out;
	}
	pvctl_note(h, "d%u: %llu pages populated", b->domid, (unsigned long long)b->nr_pages);

	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_getdomaininfo;
	op.domain = (domid_t)b->domid;
	rc = pvctl_domctl(h, &op);
	if (rc)
		goto out;
	shared_info_mfn = op.u.getdomaininfo.shared_info_frame;

	rc = alloc_port(h, b->domid, b->console_domid, &b->console_port,
			"EVTCHNOP_alloc_unbound (console)");
	if (!rc)
		rc = alloc_port(h, b->domid, b->store_domid, &b->store_port,
				"EVTCHNOP_alloc_unbound (xenstore)");
	if (rc)
		goto out;
	b->console_mfn = c.p2m[l->console_pfn];
	b->store_mfn = c.p2m[l->store_pfn];

	map_len = (l->stack_pfn + 1) * PAGE_SIZE;
	c.map = pvctl_map_foreign(h, b->domid, c.p2m, l->stack_pfn + 1);
	if (!c.map) {
		rc = step_fail(h, -EFAULT, "mapping the start-of-day pages");
		goto out;
	}
	pvctl_note(h, "d%u: %llu start-of-day pages mapped", b->domid,
		   (unsigned long long)(l->stack_pfn + 1));
	rc = fill(&c, shared_info_mfn);
	/* Let go of every frame before the pin. */
	munmap(c.map, map_len);
	if (rc)
		goto out;
	pvctl_note(h, "d%u: kernel, page tables and start_info written", b->domid);
	rc = mask_events(&c, shared_info_mfn);
	if (rc) {
		step_fail(h, rc, "masking events in shared_info");
		goto out;
	}
	rc = seed_grants(h, b);
	if (rc)
		goto out;

	if (b->kernel->parms.virt_hypercall != ELF_UNSET) {
		memset(&op, 0, sizeof(op));
		op.cmd = XEN_DOMCTL_hypercall_init;
		op.domain = (domid_t)b->domid;
		op.u.hypercall_init.gmfn =
			c.p2m[(b->kernel->parms.virt_hypercall - l->virt_base) / PAGE_SIZE];
		rc = pvctl_domctl(h, &op);
		if (rc)
			goto out;
	}

	{
		/* mmuext_op(ops, count, done, foreigndom): the pin is on the new domain's behalf.
		 */
		mmuext_op_t *pin = pvctl_buf_alloc(h, sizeof(*pin));
		long r;

		if (!pin) {
			rc = -ENOMEM;
			goto out;
		}
		pin->cmd = MMUEXT_PIN_L4_TABLE;
		pin->arg1.mfn = c.p2m[l->pt_pfn];
		r = pvctl_hypercall(h, __HYPERVISOR_mmuext_op, (uintptr_t)pin, 1, 0, b->domid, 0);
		pvctl_buf_free(h, pin, sizeof(*pin));
		if (r < 0) {
			rc = pvctl_fail(h, (int)r, "MMUEXT_PIN_L4_TABLE of d%u's MFN %#llx",
					b->domid, (unsigned long long)c.p2m[l->pt_pfn]);
			goto out;
		}
	}
	pvctl_note(h, "d%u: grants seeded, page tables pinned", b->domid);
	rc = set_vcpu0(h, b, c.p2m[l->pt_pfn]);
out:
	pvctl_buf_free(h, c.p2m, b->nr_pages * 8);
	return rc;
}
