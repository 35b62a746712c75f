// SPDX-License-Identifier: GPL-2.0-only
/*
 * libpvctl's builder on the host (dom0-tools/libpvctl/build.c): the
 * layout arithmetic (docs/pvctl-builder.md) for an XTF-like kernel, a
 * Linux-like one, a base that is not 1 GiB aligned, too little memory and
 * addresses that wrap; and kernel images: a small PV ELF made here, the
 * same ELF as the payload of a bzImage in each of gzip, xz, lz4 (the
 * kernel's legacy framing) and zstd, made with the libraries, unpacked
 * back to the same bytes; broken bzImages and ELFs refused with their
 * errno and a reason.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <public/elfnote.h>

#include "build.h"
#include "unit.h"

#define KIB 1024ULL
#define MIB (1024 * KIB)
#define GIB (1024 * MIB)
#define LINUX_BASE 0xffffffff80000000ULL

/* The invariants every layout keeps. */
static void check_invariants(const char *what, const struct pvctl_layout *l, uint64_t ramdisk)
{
	CHECK(l->ramdisk_pfn == l->kernel_end_pfn, "%s: ramdisk right after the kernel", what);
	CHECK(l->ramdisk_pages == (ramdisk + 4095) / 4096, "%s: ramdisk pages", what);
	CHECK(l->p2m_pfn == l->ramdisk_pfn + l->ramdisk_pages, "%s: P2M after the ramdisk", what);
	CHECK(l->p2m_pages == (l->nr_pages * 8 + 4095) / 4096, "%s: P2M pages", what);
	CHECK(l->start_info_pfn == l->p2m_pfn + l->p2m_pages &&
		      l->store_pfn == l->start_info_pfn + 1 &&
		      l->console_pfn == l->start_info_pfn + 2 && l->pt_pfn == l->start_info_pfn + 3,
	      "%s: start_info, xenstore, console, tables in order", what);
	CHECK(l->pt_pages == 1 + l->nr_l3 + l->nr_l2 + l->nr_l1, "%s: %llu table pages", what,
	      (unsigned long long)l->pt_pages);
	CHECK(l->stack_pfn == l->pt_pfn + l->pt_pages, "%s: stack after the tables", what);
	CHECK(l->v_end_pfn % 1024 == 0, "%s: v_end on 4 MiB", what);
	CHECK(l->v_end_pfn >= l->stack_pfn + 1 + 128, "%s: 512 KiB after the stack", what);
	CHECK(l->v_end_pfn - 1024 < l->stack_pfn + 1 + 128, "%s: v_end the least 4 MiB multiple",
	      what);
	CHECK(l->v_end_pfn <= l->nr_pages, "%s: mapped pages within memory", what);
	/* The tables cover exactly [virt_base, v_end). */
	{
		uint64_t s = l->virt_base, e = l->virt_base + l->v_end_pfn * 4096;

		CHECK(l->nr_l1 == ((e - 1) >> 21) - (s >> 21) + 1, "%s: L1 count", what);
		CHECK(l->nr_l2 == ((e - 1) >> 30) - (s >> 30) + 1, "%s: L2 count", what);
		CHECK(l->nr_l3 == ((e - 1) >> 39) - (s >> 39) + 1, "%s: L3 count", what);
	}
}

static void test_layout(void)
{
	struct elf_dom_parms p;
	struct pvctl_layout l;
	char err[256];
	int rc;

	/* XTF-like: base 0, 64 KiB at 1 MiB, 16 MiB of memory. */
	memset(&p, 0, sizeof(p));
	p.virt_kstart = 1 * MIB;
	p.virt_kend = 1 * MIB + 64 * KIB;
	rc = pvctl_layout_plan(&l, &p, 0, 4096, err, sizeof(err));
	CHECK(rc == 0, "xtf: rc %d (%s)", rc, err);
	check_invariants("xtf", &l, 0);
	CHECK(l.kernel_pfn == 256 && l.kernel_end_pfn == 272, "xtf: kernel PFNs %llu..%llu",
	      (unsigned long long)l.kernel_pfn, (unsigned long long)l.kernel_end_pfn);
	CHECK(l.p2m_pages == 8 && l.pt_pfn == 283,
	      "xtf: P2M 8 pages, tables at 283 (got %llu, %llu)", (unsigned long long)l.p2m_pages,
	      (unsigned long long)l.pt_pfn);
	CHECK(l.nr_l3 == 1 && l.nr_l2 == 1 && l.nr_l1 == 2 && l.pt_pages == 5,
	      "xtf: 1+1+1+2 tables (got %u %u %u)", l.nr_l3, l.nr_l2, l.nr_l1);
	CHECK(l.stack_pfn == 288 && l.v_end_pfn == 1024, "xtf: stack 288, v_end 4 MiB");

	/* Linux-like: 30 MiB of kernel at base + 16 MiB, a 3 MiB ramdisk, 128 MiB. */
	memset(&p, 0, sizeof(p));
	p.virt_base = LINUX_BASE;
	p.virt_kstart = LINUX_BASE + 16 * MIB;
	p.virt_kend = LINUX_BASE + 46 * MIB + 123;
	rc = pvctl_layout_plan(&l, &p, 3 * MIB + 5, 128 * 256, err, sizeof(err));
	CHECK(rc == 0, "linux: rc %d (%s)", rc, err);
	check_invariants("linux", &l, 3 * MIB + 5);
	CHECK(l.kernel_pfn == 4096 && l.kernel_end_pfn == 46 * 256 + 1, "linux: kernel PFNs");
	CHECK(l.p2m_pages == 64, "linux: 64 P2M pages");
	CHECK(l.v_end_pfn == 52 * 256, "linux: 52 MiB mapped (got %llu pages)",
	      (unsigned long long)l.v_end_pfn);

	/* The same kernel in 4 GiB: a 2048-page P2M, still one L2. */
	rc = pvctl_layout_plan(&l, &p, 0, 4 * GIB / 4096, err, sizeof(err));
	CHECK(rc == 0, "linux 4 GiB: rc %d (%s)", rc, err);
	check_invariants("linux 4 GiB", &l, 0);
	CHECK(l.p2m_pages == 2048 && l.nr_l2 == 1, "linux 4 GiB: P2M pages %llu",
	      (unsigned long long)l.p2m_pages);

	/* Too little memory: -ENOMEM, and the message says how much is mapped. */
	rc = pvctl_layout_plan(&l, &p, 0, 4 * 256, err, sizeof(err));
	CHECK(rc == -ENOMEM && strstr(err, "cannot hold") && strstr(err, "48 MiB mapped"),
	      "linux in 4 MiB: rc %d '%s'", rc, err);

	/* A base 2 MiB below a 1 GiB boundary: the mapping crosses it, two L2s. */
	memset(&p, 0, sizeof(p));
	p.virt_base = GIB - 2 * MIB;
	p.virt_kstart = p.virt_base;
	p.virt_kend = p.virt_base + 8 * MIB;
	rc = pvctl_layout_plan(&l, &p, 0, 64 * 256, err, sizeof(err));
	CHECK(rc == 0, "unaligned: rc %d (%s)", rc, err);
	check_invariants("unaligned", &l, 0);
	CHECK(l.nr_l2 == 2 && l.nr_l3 == 1, "unaligned: two L2s (got %u)", l.nr_l2);

	/* A base whose mapping would pass the top of the address space. */
	memset(&p, 0, sizeof(p));
	p.virt_base = 0xfffffffffff00000ULL;
	p.virt_kstart = p.virt_base;
	p.virt_kend = p.virt_base + 64 * KIB;
	rc = pvctl_layout_plan(&l, &p, 0, 64 * 256, err, sizeof(err));
	CHECK(rc == -EINVAL && strstr(err, "end of the address space"), "wrap: rc %d '%s'", rc,
	      err);

	/* A kernel below its base. */
	memset(&p, 0, sizeof(p));
	p.virt_base = 2 * MIB;
	p.virt_kstart = 1 * MIB;
	p.virt_kend = 3 * MIB;
	rc = pvctl_layout_plan(&l, &p, 0, 64 * 256, err, sizeof(err));
	CHECK(rc == -EINVAL, "kernel below base: rc %d '%s'", rc, err);
}

/* --- Images ------------------------------------------------------------- */

static void put(uint8_t *p, unsigned int bytes, uint64_t v)
{
	for (unsigned int i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static size_t note(uint8_t *p, uint32_t type, const void *desc, uint32_t size)
{
	put(p, 4, 4);
	put(p + 4, 4, size);
	put(p + 8, 4, type);
	memcpy(p + 12, "Xen", 4);
	memcpy(p + 16, desc, size);
	return 16 + ((size + 3) & ~3U);
}

/* A small PV kernel: ELF header, PT_NOTE, PT_LOAD at 1 MiB (0x1000 bytes, 0x3000 in memory). */
static size_t make_elf(uint8_t *e)
{
	uint64_t entry = 0x100040;
	size_t n = 0x100;

	memset(e, 0, 0x2000);
	memcpy(e, "\177ELF\2\1\1", 7);
	put(e + 16, 2, 2);  /* ET_EXEC */
	put(e + 18, 2, 62); /* EM_X86_64 */
	put(e + 20, 4, 1);
	put(e + 24, 8, entry);
	put(e + 32, 8, 64); /* e_phoff */
	put(e + 52, 2, 64); /* e_ehsize */
	put(e + 54, 2, 56); /* e_phentsize */
	put(e + 56, 2, 2);  /* e_phnum */
	n += note(e + n, XEN_ELFNOTE_LOADER, "generic", 8);
	n += note(e + n, XEN_ELFNOTE_XEN_VERSION, "xen-3.0", 8);
	n += note(e + n, XEN_ELFNOTE_GUEST_OS, "test", 5);
	n += note(e + n, XEN_ELFNOTE_ENTRY, &entry, 8);
	/* PT_NOTE */
	put(e + 64, 4, 4);
	put(e + 64 + 8, 8, 0x100);
	put(e + 64 + 32, 8, n - 0x100);
	put(e + 64 + 40, 8, n - 0x100);
	/* PT_LOAD */
	put(e + 120, 4, 1);
	put(e + 120 + 4, 4, 5);
	put(e + 120 + 8, 8, 0x1000);
	put(e + 120 + 16, 8, 0x100000);
	put(e + 120 + 24, 8, 0x100000);
	put(e + 120 + 32, 8, 0x1000);
	put(e + 120 + 40, 8, 0x3000);
	for (unsigned int i = 0; i < 0x1000; i++)
		e[0x1000 + i] = (uint8_t)(i * 7);
	return 0x2000;
}

static size_t pack_gzip(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	z_stream s = {0};

	deflateInit2(&s, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	s.next_in = (uint8_t *)in;
	s.avail_in = (uInt)len;
	s.next_out = out;
	s.avail_out = (uInt)cap;
	deflate(&s, Z_FINISH);
	deflateEnd(&s);
	return s.total_out; /* gzip's own ISIZE ends it */
}

static size_t pack_xz(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	size_t pos = 0;

	lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL, in, len, out, &pos, cap);
	put(out + pos, 4, len);
	return pos + 4;
}

static size_t pack_lz4(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	int n;

	put(out, 4, 0x184c2102);
	n = LZ4_compress_default((const char *)in, (char *)out + 8, (int)len, (int)cap - 12);
	put(out + 4, 4, (uint32_t)n);
	put(out + 8 + n, 4, len);
	return 12 + (size_t)n;
}

static size_t pack_zstd(const uint8_t *in, size_t len, uint8_t *out, size_t cap)
{
	size_t n = ZSTD_compress(out, cap - 4, in, len, 19);

	put(out + n, 4, len);
	return n + 4;
}

/* A bzImage: 2 setup sectors + the boot sector, then the payload. */
static size_t make_bzimage(uint8_t *bz, const uint8_t *payload, size_t len, uint16_t version)
{
	size_t off = 3 * 512;

	memset(bz, 0, off);
	bz[0x1f1] = 2;
	memcpy(bz + 0x202, "HdrS", 4);
	put(bz + 0x206, 2, version);
	put(bz + 0x248, 4, 0x40);
	put(bz + 0x24c, 4, len);
	memset(bz + off, 0xcc, 0x40);
	memcpy(bz + off + 0x40, payload, len);
	return off + 0x40 + len;
}

static void test_images(void)
{
	static uint8_t elf[0x2000], packed[0x4000], bz[0x6000];
	static const struct {
		const char *name;
		size_t (*pack)(const uint8_t *, size_t, uint8_t *, size_t);
	} formats[] = {
		{"bzImage (gzip)", pack_gzip},
		{"bzImage (xz)", pack_xz},
		{"bzImage (lz4)", pack_lz4},
		{"bzImage (zstd)", pack_zstd},
	};
	struct pvctl h = {.privcmd_fd = -1, .hcbuf_fd = -1};
	struct pvctl_image img;
	size_t len = make_elf(elf), n, bzlen;
	int rc;

	rc = pvctl_image_parse(&h, "elf", elf, len, &img);
	CHECK(rc == 0, "ELF: rc %d (%s)", rc, h.error);
	if (!rc) {
		CHECK(!strcmp(img.format, "ELF") && img.parms.virt_entry == 0x100040 &&
			      img.parms.virt_kstart == 0x100000 && img.parms.virt_kend == 0x103000,
		      "ELF: format %s, entry %#llx, %#llx..%#llx", img.format,
		      (unsigned long long)img.parms.virt_entry,
		      (unsigned long long)img.parms.virt_kstart,
		      (unsigned long long)img.parms.virt_kend);
		pvctl_image_free(&img);
	}

	for (unsigned int i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		n = formats[i].pack(elf, len, packed, sizeof(packed));
		bzlen = make_bzimage(bz, packed, n, 0x20f);
		rc = pvctl_image_parse(&h, "bz", bz, bzlen, &img);
		CHECK(rc == 0, "%s: rc %d (%s)", formats[i].name, rc, h.error);
		if (rc)
			continue;
		CHECK(!strcmp(img.format, formats[i].name), "%s: format '%s'", formats[i].name,
		      img.format);
		CHECK(img.elf_size == len && !memcmp(img.elf_data, elf, len),
		      "%s: the same ELF back", formats[i].name);
		pvctl_image_free(&img);

		/* A damaged payload header (gzip's flags, the others' first bytes after the magic)
		 * is refused, not crashed on. */
		bz[3 * 512 + 0x40 + (i ? 4 : 3)] ^= 0x55;
		bz[3 * 512 + 0x40 + (i ? 5 : 9)] ^= 0xaa;
		rc = pvctl_image_parse(&h, "bz", bz, bzlen, &img);
		CHECK(rc < 0, "%s damaged: rc %d", formats[i].name, rc);
		if (!rc)
			pvctl_image_free(&img);
	}

	n = pack_gzip(elf, len, packed, sizeof(packed));
	bzlen = make_bzimage(bz, packed, n, 0x207);
	rc = pvctl_image_parse(&h, "old", bz, bzlen, &img);
	CHECK(rc == -ENOEXEC && strstr(h.error, "2.08"), "protocol 2.07: rc %d '%s'", rc, h.error);

	bzlen = make_bzimage(bz, packed, n, 0x20f);
	put(bz + 0x24c, 4, n + 100);
	rc = pvctl_image_parse(&h, "long", bz, bzlen, &img);
	CHECK(rc == -EINVAL && strstr(h.error, "outside"), "payload past the end: rc %d '%s'", rc,
	      h.error);

	bzlen = make_bzimage(bz, packed, n, 0x20f);
	memcpy(bz + 3 * 512 + 0x40, "BZh9", 4);
	rc = pvctl_image_parse(&h, "bzip2", bz, bzlen, &img);
	CHECK(rc == -ENOEXEC && strstr(h.error, "neither gzip"), "bzip2 payload: rc %d '%s'", rc,
	      h.error);

	rc = pvctl_image_parse(&h, "short", elf, 0x800, &img);
	CHECK(rc < 0 && strstr(h.error, "short (ELF)"), "truncated ELF: rc %d '%s'", rc, h.error);

	rc = pvctl_image_parse(&h, "text", "hello, world\n", 13, &img);
	CHECK(rc == -ENOEXEC && strstr(h.error, "neither an ELF"), "text: rc %d '%s'", rc, h.error);
}

int main(void)
{
	test_layout();
	test_images();
	return unit_report("pvctl_build");
}
