// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PV kernel ELF loader (common/libelf): ELF images are built in
 * memory (ELF header, a PT_NOTE segment of chosen notes, a PT_LOAD
 * segment; optionally notes in sections instead) and checked for:
 * XTF-like and Linux-like kernels parsed into the right parameters,
 * elf_load() copying and zero-filling exactly, every refusal with its
 * errno and reason, and a fuzz loop that mutates a valid image and
 * requires a clean 0 / -errno with no sanitizer report (images live in
 * exactly-sized heap buffers, so ASan sees any read past the end).
 */
#include "unit.h"
#include "hv-begin.h"
#include "../../xen-like/common/string.c"
#include "../../xen-like/common/vsprintf.c"
#include "../../xen-like/common/libelf/libelf.c"
#include "hv-end.h"

/* Image layout: ELF header, 2 (or 3) program headers, notes, segment. */
#define PH_OFF 64
#define PH0 PH_OFF	  /* PT_NOTE */
#define PH1 (PH_OFF + 56) /* PT_LOAD */
#define NOTES_OFF 232	  /* room for 3 program headers */
#define SEG_OFF 0x1000
#define SEG_FILESZ 0x800
#define SEG_MEMSZ 0x2000
#define XTF_PADDR 0x100000ULL
#define XTF_HYPERCALL 0x101000ULL
#define LINUX_BASE 0xffffffff80000000ULL
#define LINUX_PADDR 0x1000000ULL
#define LINUX_ENTRY (LINUX_BASE + LINUX_PADDR + 0x40)
#define LINUX_P2M 0x8000000000ULL

/* Field offsets inside the headers. */
#define E_ENTRY 24
#define E_PHOFF 32
#define E_SHOFF 40
#define E_PHENTSIZE 54
#define E_PHNUM 56
#define P_TYPE 0
#define P_OFFSET 8
#define P_PADDR 24
#define P_FILESZ 32
#define P_MEMSZ 40

enum layout { NOTES_IN_PHDR, NOTES_IN_SECTION, LEGACY_SECTION };

struct note_def {
	uint32_t type;
	char name[8];
	uint32_t descsz;
	uint8_t desc[64];
};

struct build {
	uint64_t e_entry, paddr, filesz, memsz;
	enum layout layout;
	bool two_loads; /* add a bss-only PT_LOAD at paddr + 0x4000 */
	unsigned int nr;
	struct note_def n[24];
};

static void put_le(uint8_t *p, unsigned int bytes, uint64_t v)
{
	for (unsigned int i = 0; i < bytes; i++, v >>= 8)
		p[i] = (uint8_t)v;
}

static struct note_def *note_slot(struct build *b, uint32_t type)
{
	for (unsigned int i = 0; i < b->nr; i++)
		if (b->n[i].type == type && !strcmp(b->n[i].name, "Xen"))
			return &b->n[i];
	return &b->n[b->nr++];
}

static void note_raw(struct build *b, uint32_t type, const void *desc, uint32_t size)
{
	struct note_def *n = note_slot(b, type);

	n->type = type;
	strcpy(n->name, "Xen");
	n->descsz = size;
	memcpy(n->desc, desc, size);
}

static void note_str(struct build *b, uint32_t type, const char *s)
{
	note_raw(b, type, s, strlen(s) + 1);
}

static void note_num(struct build *b, uint32_t type, uint64_t v, uint32_t size)
{
	uint8_t buf[8];

	put_le(buf, size, v);
	note_raw(b, type, buf, size);
}

static void note_del(struct build *b, uint32_t type)
{
	for (unsigned int i = 0; i < b->nr; i++)
		if (b->n[i].type == type && !strcmp(b->n[i].name, "Xen")) {
			memmove(&b->n[i], &b->n[i + 1], (b->nr - i - 1) * sizeof(b->n[0]));
			b->nr--;
			return;
		}
}

/* A note of another owner, which the loader must skip. */
static void note_gnu(struct build *b)
{
	struct note_def *n = &b->n[b->nr++];

	n->type = 3; /* NT_GNU_BUILD_ID */
	strcpy(n->name, "GNU");
	n->descsz = 20;
	memset(n->desc, 0xab, 20);
}

/* As XTF's arch/x86/pv/head.S: no VIRT_BASE, entry = e_entry. */
static void spec_xtf(struct build *b)
{
	memset(b, 0, sizeof(*b));
	b->paddr = XTF_PADDR;
	b->e_entry = XTF_PADDR + 0x10;
	b->filesz = SEG_FILESZ;
	b->memsz = SEG_MEMSZ;
	note_str(b, XEN_ELFNOTE_GUEST_OS, "XTF");
	note_str(b, XEN_ELFNOTE_GUEST_VERSION, "0");
	note_str(b, XEN_ELFNOTE_LOADER, "generic");
	note_num(b, XEN_ELFNOTE_HYPERCALL_PAGE, XTF_HYPERCALL, 8);
	note_str(b, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	note_str(b, XEN_ELFNOTE_FEATURES, "!writable_page_tables|pae_pgdir_above_4gb");
	note_str(b, XEN_ELFNOTE_PAE_MODE, "yes");
}

/* As Linux 6.1's xen-head.S, minus LOADER (allowed for GUEST_OS "linux"). */
static void spec_linux(struct build *b)
{
	static const uint64_t l1_mfn_valid[2] = {1, 1};

	memset(b, 0, sizeof(*b));
	b->paddr = LINUX_PADDR;
	b->e_entry = LINUX_BASE + LINUX_PADDR; /* ignored: ENTRY note wins */
	b->filesz = SEG_FILESZ;
	b->memsz = SEG_MEMSZ;
	note_gnu(b);
	note_str(b, XEN_ELFNOTE_GUEST_OS, "linux");
	note_str(b, XEN_ELFNOTE_GUEST_VERSION, "2.6");
	note_str(b, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	note_num(b, XEN_ELFNOTE_VIRT_BASE, LINUX_BASE, 8);
	note_num(b, XEN_ELFNOTE_INIT_P2M, LINUX_P2M, 8);
	note_num(b, XEN_ELFNOTE_ENTRY, LINUX_ENTRY, 8);
	note_str(b, XEN_ELFNOTE_FEATURES, "!writable_page_tables|pae_pgdir_above_4gb");
	note_num(b, XEN_ELFNOTE_SUPPORTED_FEATURES,
		 (1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_dom0) |
			 (1u << XENFEAT_linux_rsdp_unrestricted),
		 4);
	note_str(b, XEN_ELFNOTE_PAE_MODE, "yes");
	note_raw(b, XEN_ELFNOTE_L1_MFN_VALID, l1_mfn_valid, sizeof(l1_mfn_valid));
	note_num(b, XEN_ELFNOTE_SUSPEND_CANCEL, 1, 4);
	note_num(b, XEN_ELFNOTE_MOD_START_PFN, 1, 4);
	note_num(b, XEN_ELFNOTE_HV_START_LOW, 0xffff800000000000ULL, 8);
	note_num(b, XEN_ELFNOTE_PADDR_OFFSET, 0, 8);
}

static uint8_t scratch[0x4000];

/* Lay the image out in scratch[]; returns its size. */
static size_t build_image(const struct build *b)
{
	static const char shstrtab[] = "\0.note.Xen\0__xen_guest\0.shstrtab";
	static const char legacy[] = "GUEST_OS=linux,XEN_VER=xen-3.0,LOADER=generic";
	uint8_t *e = scratch, *ph;
	size_t pos = NOTES_OFF, notes_len, size, strtab_off, shoff;
	unsigned int phnum = b->two_loads ? 3 : 2;

	memset(scratch, 0, sizeof(scratch));
	memcpy(e, "\177ELF", 4);
	e[4] = 2;	       /* ELFCLASS64 */
	e[5] = 1;	       /* little-endian */
	e[6] = 1;	       /* EV_CURRENT */
	put_le(e + 16, 2, 2);  /* ET_EXEC */
	put_le(e + 18, 2, 62); /* EM_X86_64 */
	put_le(e + 20, 4, 1);
	put_le(e + E_ENTRY, 8, b->e_entry);
	put_le(e + E_PHOFF, 8, PH_OFF);
	put_le(e + 52, 2, 64);
	put_le(e + E_PHENTSIZE, 2, 56);
	put_le(e + E_PHNUM, 2, phnum);

	for (unsigned int i = 0; i < b->nr; i++) {
		const struct note_def *n = &b->n[i];
		uint32_t namesz = strlen(n->name) + 1;

		put_le(scratch + pos, 4, namesz);
		put_le(scratch + pos + 4, 4, n->descsz);
		put_le(scratch + pos + 8, 4, n->type);
		pos += 12;
		memcpy(scratch + pos, n->name, namesz);
		pos += (namesz + 3) & ~3u;
		memcpy(scratch + pos, n->desc, n->descsz);
		pos += (n->descsz + 3) & ~3u;
	}
	if (b->layout == LEGACY_SECTION) {
		memcpy(scratch + pos, legacy, sizeof(legacy));
		pos += sizeof(legacy);
	}
	notes_len = pos - NOTES_OFF;
	if (pos > SEG_OFF)
		abort();

	ph = scratch + PH0;
	put_le(ph + P_TYPE, 4, b->layout == NOTES_IN_PHDR ? 4 : 0);
	put_le(ph + P_OFFSET, 8, NOTES_OFF);
	put_le(ph + P_FILESZ, 8, b->layout == NOTES_IN_PHDR ? notes_len : 0);
	put_le(ph + 48, 8, 4);

	ph = scratch + PH1;
	put_le(ph + P_TYPE, 4, 1);
	put_le(ph + 4, 4, 7);
	put_le(ph + P_OFFSET, 8, SEG_OFF);
	put_le(ph + 16, 8, b->paddr);
	put_le(ph + P_PADDR, 8, b->paddr);
	put_le(ph + P_FILESZ, 8, b->filesz);
	put_le(ph + P_MEMSZ, 8, b->memsz);
	put_le(ph + 48, 8, 0x1000);

	if (b->two_loads) {
		ph = scratch + PH1 + 56;
		put_le(ph + P_TYPE, 4, 1);
		put_le(ph + 4, 4, 6);
		put_le(ph + P_OFFSET, 8, SEG_OFF + b->filesz);
		put_le(ph + P_PADDR, 8, b->paddr + 0x4000);
		put_le(ph + P_MEMSZ, 8, 0x1000);
	}

	for (size_t i = 0; i < b->filesz; i++)
		scratch[SEG_OFF + i] = (uint8_t)(i * 7 + 3);
	size = SEG_OFF + b->filesz;
	if (b->layout == NOTES_IN_PHDR)
		return size;

	/* Sections: [0] null, [1] notes or __xen_guest, [2] .shstrtab. */
	strtab_off = size;
	memcpy(scratch + strtab_off, shstrtab, sizeof(shstrtab));
	shoff = (strtab_off + sizeof(shstrtab) + 7) & ~(size_t)7;
	put_le(e + E_SHOFF, 8, shoff);
	put_le(e + 58, 2, 64);
	put_le(e + 60, 2, 3);
	put_le(e + 62, 2, 2);
	put_le(scratch + shoff + 64 + 0, 4, b->layout == LEGACY_SECTION ? 11 : 1);
	put_le(scratch + shoff + 64 + 4, 4, b->layout == LEGACY_SECTION ? 1 : 7);
	put_le(scratch + shoff + 64 + 24, 8, NOTES_OFF);
	put_le(scratch + shoff + 64 + 32, 8, notes_len);
	put_le(scratch + shoff + 128 + 0, 4, 23);
	put_le(scratch + shoff + 128 + 4, 4, 3); /* SHT_STRTAB */
	put_le(scratch + shoff + 128 + 24, 8, strtab_off);
	put_le(scratch + shoff + 128 + 32, 8, sizeof(shstrtab));
	return shoff + 3 * 64;
}

/* An exactly-sized heap copy of the first @size bytes of scratch[]. */
static uint8_t *image_copy(size_t size)
{
	uint8_t *img = malloc(size ? size : 1);

	memcpy(img, scratch, size);
	return img;
}

/* --- elf_load() through a recording callback --- */

struct write_rec {
	uint64_t vaddr, len;
	const void *src;
	uint8_t data[SEG_MEMSZ];
};

struct write_log {
	unsigned int nr;
	int fail_at; /* return -EFAULT on this call (1-based), 0 = never */
	const uint8_t *image;
	uint64_t image_size;
	bool src_outside;
	struct write_rec w[4];
};

static int record_write(void *ctx, uint64_t vaddr, const void *src, uint64_t len)
{
	struct write_log *log = ctx;
	struct write_rec *w;

	if (src && ((const uint8_t *)src < log->image || len > log->image_size ||
		    (const uint8_t *)src + len > log->image + log->image_size))
		log->src_outside = true;
	if (log->fail_at && (int)log->nr + 1 == log->fail_at)
		return -EFAULT;
	if (log->nr < 4) {
		w = &log->w[log->nr];
		w->vaddr = vaddr;
		w->len = len;
		w->src = src;
		if (len <= sizeof(w->data)) {
			if (src)
				memcpy(w->data, src, len);
			else
				memset(w->data, 0, len);
		}
	}
	log->nr++;
	return 0;
}

static int parse_spec(const struct build *b, struct elf_binary *elf, struct elf_dom_parms *parms,
		      uint8_t **img)
{
	size_t size = build_image(b);
	int rc;

	*img = image_copy(size);
	rc = elf_init(elf, *img, size);
	if (rc)
		return rc;
	return elf_xen_parse(elf, parms);
}

static void test_xtf(void)
{
	struct elf_binary elf;
	struct elf_dom_parms p;
	struct write_log log = {0};
	struct build b;
	uint8_t *img;
	int rc;

	spec_xtf(&b);
	rc = parse_spec(&b, &elf, &p, &img);
	CHECK(rc == 0, "XTF: expected 0, got %d (%s)", rc, elf.error);
	CHECK(elf.error[0] == '\0', "XTF: error left set: %s", elf.error);
	CHECK(elf.nr_load == 1, "XTF nr_load: expected 1, got %u", elf.nr_load);
	CHECK(elf.pstart == XTF_PADDR && elf.pend == XTF_PADDR + SEG_MEMSZ,
	      "XTF pstart/pend: got %#llx-%#llx", (unsigned long long)elf.pstart,
	      (unsigned long long)elf.pend);
	CHECK(!strcmp(p.guest_os, "XTF"), "guest_os: got \"%s\"", p.guest_os);
	CHECK(!strcmp(p.guest_ver, "0"), "guest_ver: got \"%s\"", p.guest_ver);
	CHECK(!strcmp(p.loader, "generic"), "loader: got \"%s\"", p.loader);
	CHECK(!strcmp(p.xen_ver, "xen-3.0"), "xen_ver: got \"%s\"", p.xen_ver);
	CHECK(p.virt_base == 0 && p.elf_paddr_offset == 0,
	      "XTF virt_base/paddr_offset: got %#llx/%#llx", (unsigned long long)p.virt_base,
	      (unsigned long long)p.elf_paddr_offset);
	CHECK(p.virt_entry == XTF_PADDR + 0x10, "XTF entry: expected e_entry, got %#llx",
	      (unsigned long long)p.virt_entry);
	CHECK(p.virt_hypercall == XTF_HYPERCALL, "hypercall page: got %#llx",
	      (unsigned long long)p.virt_hypercall);
	CHECK(p.p2m_base == ELF_UNSET, "XTF p2m_base: expected unset, got %#llx",
	      (unsigned long long)p.p2m_base);
	CHECK(p.f_required == (1u << XENFEAT_writable_page_tables), "XTF f_required: got %#x",
	      p.f_required);
	CHECK(p.f_supported ==
		      ((1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_pae_pgdir_above_4gb)),
	      "XTF f_supported: got %#x", p.f_supported);
	CHECK(!p.has_supported_features, "XTF: no SUPPORTED_FEATURES note");
	CHECK(p.pae && !p.mod_start_pfn && !p.bsd_symtab && !p.suspend_cancel,
	      "XTF flags: pae %d mod_start_pfn %d bsd_symtab %d suspend_cancel %d", p.pae,
	      p.mod_start_pfn, p.bsd_symtab, p.suspend_cancel);
	CHECK(p.virt_kstart == XTF_PADDR && p.virt_kend == XTF_PADDR + SEG_MEMSZ,
	      "XTF kernel range: got %#llx-%#llx", (unsigned long long)p.virt_kstart,
	      (unsigned long long)p.virt_kend);
	CHECK(p.nr_notes == 7, "XTF nr_notes: expected 7, got %u", p.nr_notes);

	/* Load: the file part verbatim from the image, then zeroes. */
	log.image = img;
	log.image_size = elf.size;
	rc = elf_load(&elf, &p, record_write, &log);
	CHECK(rc == 0, "XTF load: expected 0, got %d (%s)", rc, elf.error);
	CHECK(log.nr == 2, "XTF load: expected 2 writes, got %u", log.nr);
	CHECK(log.w[0].vaddr == XTF_PADDR && log.w[0].len == SEG_FILESZ &&
		      log.w[0].src == img + SEG_OFF,
	      "XTF load write 0: got %#llx+%#llx", (unsigned long long)log.w[0].vaddr,
	      (unsigned long long)log.w[0].len);
	CHECK(!memcmp(log.w[0].data, img + SEG_OFF, SEG_FILESZ), "XTF load: data differs");
	CHECK(log.w[1].vaddr == XTF_PADDR + SEG_FILESZ && log.w[1].len == SEG_MEMSZ - SEG_FILESZ &&
		      log.w[1].src == NULL,
	      "XTF load write 1 (zero fill): got %#llx+%#llx src %p",
	      (unsigned long long)log.w[1].vaddr, (unsigned long long)log.w[1].len, log.w[1].src);
	CHECK(!log.src_outside, "XTF load: source outside the image");

	/* A failing write stops the load and is returned as is. */
	memset(&log, 0, sizeof(log));
	log.fail_at = 2;
	rc = elf_load(&elf, &p, record_write, &log);
	CHECK(rc == -EFAULT, "failing write: expected %d, got %d", -EFAULT, rc);
	CHECK(strstr(elf.error, "clearing 0x1800 bytes at 0x100800 failed"),
	      "failing write: message \"%s\"", elf.error);
	CHECK(log.nr == 1, "failing write: expected 1 write before, got %u", log.nr);
	free(img);

	/* A second, bss-only PT_LOAD widens the range and is only cleared. */
	spec_xtf(&b);
	b.two_loads = true;
	rc = parse_spec(&b, &elf, &p, &img);
	CHECK(rc == 0, "two loads: expected 0, got %d (%s)", rc, elf.error);
	CHECK(elf.nr_load == 2 && elf.pend == XTF_PADDR + 0x5000,
	      "two loads: nr_load %u pend %#llx", elf.nr_load, (unsigned long long)elf.pend);
	memset(&log, 0, sizeof(log));
	rc = elf_load(&elf, &p, record_write, &log);
	CHECK(rc == 0 && log.nr == 3 && log.w[2].vaddr == XTF_PADDR + 0x4000 &&
		      log.w[2].len == 0x1000 && !log.w[2].src,
	      "two loads: rc %d, %u writes, last %#llx+%#llx", rc, log.nr,
	      (unsigned long long)log.w[2].vaddr, (unsigned long long)log.w[2].len);
	free(img);

	/* The same notes in an SHT_NOTE section (no PT_NOTE) are found. */
	spec_xtf(&b);
	b.layout = NOTES_IN_SECTION;
	rc = parse_spec(&b, &elf, &p, &img);
	CHECK(rc == 0 && p.nr_notes == 7 && p.virt_hypercall == XTF_HYPERCALL,
	      "section notes: rc %d (%s), %u notes", rc, elf.error, p.nr_notes);
	free(img);
}

static void test_linux(void)
{
	struct elf_binary elf;
	struct elf_dom_parms p;
	struct write_log log = {0};
	struct build b;
	uint8_t *img;
	int rc;

	spec_linux(&b);
	rc = parse_spec(&b, &elf, &p, &img);
	CHECK(rc == 0, "Linux: expected 0, got %d (%s)", rc, elf.error);
	CHECK(!strcmp(p.guest_os, "linux") && !strcmp(p.guest_ver, "2.6") && p.loader[0] == '\0',
	      "Linux strings: \"%s\" \"%s\" \"%s\"", p.guest_os, p.guest_ver, p.loader);
	CHECK(p.virt_base == LINUX_BASE, "Linux virt_base: got %#llx",
	      (unsigned long long)p.virt_base);
	CHECK(p.virt_entry == LINUX_ENTRY, "Linux entry: got %#llx",
	      (unsigned long long)p.virt_entry);
	CHECK(p.virt_hypercall == ELF_UNSET, "Linux hypercall page: expected unset, got %#llx",
	      (unsigned long long)p.virt_hypercall);
	CHECK(p.p2m_base == LINUX_P2M, "Linux p2m_base: got %#llx", (unsigned long long)p.p2m_base);
	CHECK(p.mod_start_pfn && p.suspend_cancel && p.pae, "Linux flags: %d %d %d",
	      p.mod_start_pfn, p.suspend_cancel, p.pae);
	CHECK(p.has_supported_features, "Linux: SUPPORTED_FEATURES not seen");
	CHECK(p.f_supported ==
		      ((1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_pae_pgdir_above_4gb) |
		       (1u << XENFEAT_dom0) | (1u << XENFEAT_linux_rsdp_unrestricted)),
	      "Linux f_supported: got %#x", p.f_supported);
	CHECK(p.f_required == (1u << XENFEAT_writable_page_tables), "Linux f_required: got %#x",
	      p.f_required);
	CHECK(p.virt_kstart == LINUX_BASE + LINUX_PADDR &&
		      p.virt_kend == LINUX_BASE + LINUX_PADDR + SEG_MEMSZ,
	      "Linux kernel range: got %#llx-%#llx", (unsigned long long)p.virt_kstart,
	      (unsigned long long)p.virt_kend);
	CHECK(p.nr_notes == 14, "Linux nr_notes: expected 14 (GNU skipped), got %u", p.nr_notes);

	rc = elf_load(&elf, &p, record_write, &log);
	CHECK(rc == 0 && log.nr == 2 && log.w[0].vaddr == LINUX_BASE + LINUX_PADDR &&
		      log.w[1].vaddr == LINUX_BASE + LINUX_PADDR + SEG_FILESZ,
	      "Linux load: rc %d, %u writes at %#llx, %#llx", rc, log.nr,
	      (unsigned long long)log.w[0].vaddr, (unsigned long long)log.w[1].vaddr);
	free(img);
}

/* --- Refusals --- */

enum edit_how { E_NONE, E_STR, E_NUM, E_RAW, E_DEL };

struct note_edit {
	enum edit_how how;
	uint32_t type;
	const char *str; /* E_STR, E_RAW (first @size bytes) */
	uint64_t num;	 /* E_NUM */
	uint32_t size;	 /* E_NUM, E_RAW */
};

struct poke {
	uint32_t off; /* 0 = none (the magic is never poked this way) */
	uint8_t width;
	uint64_t val;
};

struct bad_case {
	const char *what;
	bool linux_base;
	enum layout layout;
	struct note_edit edit[2];
	struct poke poke[2];
	size_t size; /* truncate to this size, 0 = as built */
	int rc;	     /* expected result (0: must be accepted) */
	const char *msg;
};

#define N1 (NOTES_OFF) /* first note header (GUEST_OS in XTF) */

static const struct bad_case cases[] = {
	/* elf_init() */
	{"truncated header", .size = 40, .rc = -EINVAL, .msg = "truncated ELF header (40 bytes"},
	{"tiny file", .size = 3, .rc = -ENOEXEC, .msg = "bad magic"},
	{"bad magic", .poke = {{1, 1, 'X'}}, .rc = -ENOEXEC, .msg = "not an ELF file"},
	{"ELF32", .poke = {{4, 1, 1}}, .rc = -ENOEXEC, .msg = "only ELFCLASS64"},
	{"big-endian", .poke = {{5, 1, 2}}, .rc = -ENOEXEC, .msg = "not little-endian"},
	{"wrong machine", .poke = {{18, 2, 3}}, .rc = -ENOEXEC, .msg = "machine 3 is not x86-64"},
	{"phentsize", .poke = {{E_PHENTSIZE, 2, 32}}, .rc = -EINVAL, .msg = "e_phentsize 32"},
	{"phdrs beyond EOF", .poke = {{E_PHOFF, 8, SEG_OFF + SEG_FILESZ - 100}}, .rc = -EINVAL,
	 .msg = "program header table 0x179c+0x70 beyond end of image (0x1800 bytes)"},
	{"phnum beyond EOF", .poke = {{E_PHNUM, 2, 200}}, .rc = -EINVAL,
	 .msg = "program header table 0x40+0x2bc0 beyond end"},
	{"phoff + phnum overflow", .poke = {{E_PHOFF, 8, ~0ULL - 50}}, .rc = -EINVAL,
	 .msg = "program header table 0xffffffffffffffcd+0x70 overflows"},
	{"extended phnum", .poke = {{E_PHNUM, 2, 0xffff}}, .rc = -ENOEXEC, .msg = "extended"},
	{"no phdrs", .poke = {{E_PHNUM, 2, 0}}, .rc = -ENOEXEC, .msg = "no program headers"},
	{"segment beyond EOF", .poke = {{PH1 + P_FILESZ, 8, 0x3000}, {PH1 + P_MEMSZ, 8, 0x3000}},
	 .rc = -EINVAL,
	 .msg = "program header 1: file range 0x1000+0x3000 beyond end of image (0x1800 bytes)"},
	{"segment truncated", .size = SEG_OFF + 0x10, .rc = -EINVAL,
	 .msg = "program header 1: file range 0x1000+0x800 beyond end of image (0x1010 bytes)"},
	{"filesz > memsz", .poke = {{PH1 + P_MEMSZ, 8, 0x100}}, .rc = -EINVAL,
	 .msg = "p_filesz 0x800 > p_memsz 0x100"},
	{"offset + filesz overflow", .poke = {{PH1 + P_OFFSET, 8, ~0ULL - 0x10}}, .rc = -EINVAL,
	 .msg = "file range 0xffffffffffffffef+0x800 overflows"},
	{"paddr + memsz overflow", .poke = {{PH1 + P_PADDR, 8, ~0ULL - 0x100}}, .rc = -EINVAL,
	 .msg = "address range 0xfffffffffffffeff+0x2000 overflows"},
	{"no PT_LOAD", .poke = {{PH1 + P_TYPE, 4, 0}}, .rc = -ENOEXEC, .msg = "no PT_LOAD segment"},

	/* Notes */
	{"no notes", .poke = {{PH0 + P_TYPE, 4, 0}}, .rc = -ENOEXEC,
	 .msg = "not a Xen PV kernel (no Xen ELF notes)"},
	{"legacy __xen_guest", .layout = LEGACY_SECTION, .poke = {{PH0 + P_TYPE, 4, 0}},
	 .rc = -ENOEXEC, .msg = "legacy __xen_guest section is not supported"},
	{"section table beyond EOF", .layout = NOTES_IN_SECTION, .poke = {{E_SHOFF, 8, 0x10000}},
	 .rc = -EINVAL, .msg = "section header table 0x10000+0xc0 beyond end"},
	{"PT_NOTE beyond EOF", .poke = {{PH0 + P_FILESZ, 8, 0x10000}}, .rc = -EINVAL,
	 .msg = "program header 0: notes 0xe8+0x10000 beyond end of image"},
	{"PT_NOTE offset overflow", .poke = {{PH0 + P_OFFSET, 8, ~0ULL - 4}}, .rc = -EINVAL,
	 .msg = "overflow"},
	{"note name past segment", .poke = {{N1, 4, 0x1000}}, .rc = -EINVAL,
	 .msg = "program header 0: note at 0xe8: name of 4096 bytes runs past the end"},
	{"note name size wraps", .poke = {{N1, 4, 0xfffffffe}}, .rc = -EINVAL,
	 .msg = "runs past the end"},
	{"note desc past segment", .poke = {{N1 + 4, 4, 0xfffffff0}}, .rc = -EINVAL,
	 .msg = "descriptor of 4294967280 bytes runs past the end"},
	/* A string's NUL may be missing (Linux's .ascii FEATURES): Xen takes it. */
	{"unterminated string", .edit = {{E_RAW, XEN_ELFNOTE_GUEST_OS, "XTF", 0, 3}}},
	{"unterminated FEATURES, as Linux emits it", .linux_base = true,
	 .edit = {{E_RAW, XEN_ELFNOTE_FEATURES, "!writable_page_tables|pae_pgdir_above_4gb", 0,
		   41}}},
	{"unterminated XEN_VERSION", .edit = {{E_RAW, XEN_ELFNOTE_XEN_VERSION, "xen-3.0", 0, 7}}},
	{"empty string", .edit = {{E_RAW, XEN_ELFNOTE_XEN_VERSION, "", 0, 0}}, .rc = -ENOEXEC,
	 .msg = "XEN_VERSION \"\": only \"xen-3.0\""},
	{"numeric note of 3 bytes",
	 .edit = {{E_NUM, XEN_ELFNOTE_HYPERCALL_PAGE, NULL, XTF_HYPERCALL, 3}}, .rc = -EINVAL,
	 .msg = "(HYPERCALL_PAGE): numeric descriptor of 3 bytes"},
	{"SUPPORTED_FEATURES of 3 bytes",
	 .edit = {{E_NUM, XEN_ELFNOTE_SUPPORTED_FEATURES, NULL, 1, 3}}, .rc = -EINVAL,
	 .msg = "not an array of u32"},
	{"numeric note of 4 bytes",
	 .edit = {{E_NUM, XEN_ELFNOTE_HYPERCALL_PAGE, NULL, XTF_HYPERCALL, 4}}},
	{"bad XEN_VERSION", .edit = {{E_STR, XEN_ELFNOTE_XEN_VERSION, "xen-2.0"}}, .rc = -ENOEXEC,
	 .msg = "XEN_VERSION \"xen-2.0\": only \"xen-3.0\""},
	{"no XEN_VERSION", .edit = {{E_DEL, XEN_ELFNOTE_XEN_VERSION}}, .rc = -ENOEXEC,
	 .msg = "XEN_VERSION \"\""},
	{"XEN_VERSION xen-3.0.4", .edit = {{E_STR, XEN_ELFNOTE_XEN_VERSION, "xen-3.0.4"}}},
	{"bad LOADER", .edit = {{E_STR, XEN_ELFNOTE_LOADER, "elf"}}, .rc = -ENOEXEC,
	 .msg = "LOADER \"elf\" is not \"generic\" and GUEST_OS \"XTF\" is not Linux"},
	{"no LOADER, not Linux", .edit = {{E_DEL, XEN_ELFNOTE_LOADER}}, .rc = -ENOEXEC,
	 .msg = "LOADER \"\""},
	{"Linux with odd LOADER", .linux_base = true, .edit = {{E_STR, XEN_ELFNOTE_LOADER, "elf"}}},
	{"unknown required feature",
	 .edit = {{E_STR, XEN_ELFNOTE_FEATURES, "writable_page_tables|!frobnicate"}},
	 .rc = -ENOEXEC, .msg = "required feature \"frobnicate\" is unknown"},
	{"unknown optional feature", .edit = {{E_STR, XEN_ELFNOTE_FEATURES, "frobnicate||!dom0|"}}},
	{"required auto_translated_physmap",
	 .edit = {{E_STR, XEN_ELFNOTE_FEATURES, "!writable_page_tables|!auto_translated_physmap"}},
	 .rc = -ENOEXEC, .msg = "requires feature auto_translated_physmap"},
	{"required supervisor_mode_kernel",
	 .edit = {{E_STR, XEN_ELFNOTE_FEATURES, "!supervisor_mode_kernel"}}, .rc = -ENOEXEC,
	 .msg = "requires feature supervisor_mode_kernel"},
	{"optional auto_translated_physmap",
	 .edit = {{E_STR, XEN_ELFNOTE_FEATURES, "auto_translated_physmap"}}},

	/* Sanity checks */
	{"e_entry outside", .poke = {{E_ENTRY, 8, XTF_PADDR + SEG_MEMSZ}}, .rc = -EINVAL,
	 .msg = "entry point 0x102000 outside the kernel 0x100000-0x102000"},
	{"ENTRY note outside", .linux_base = true,
	 .edit = {{E_NUM, XEN_ELFNOTE_ENTRY, NULL, LINUX_PADDR + 0x40, 8}}, .rc = -EINVAL,
	 .msg = "entry point 0x1000040 outside"},
	{"hypercall page outside", .edit = {{E_NUM, XEN_ELFNOTE_HYPERCALL_PAGE, NULL, 0x200000, 8}},
	 .rc = -EINVAL, .msg = "HYPERCALL_PAGE 0x200000 outside the kernel"},
	{"hypercall page below", .edit = {{E_NUM, XEN_ELFNOTE_HYPERCALL_PAGE, NULL, 0xff000, 8}},
	 .rc = -EINVAL, .msg = "HYPERCALL_PAGE 0xff000 outside the kernel"},
	{"hypercall page half outside", .poke = {{PH1 + P_MEMSZ, 8, 0x1800}}, .rc = -EINVAL,
	 .msg = "HYPERCALL_PAGE 0x101000 outside the kernel 0x100000-0x101800"},
	{"hypercall page unaligned",
	 .edit = {{E_NUM, XEN_ELFNOTE_HYPERCALL_PAGE, NULL, 0x100800, 8}}, .rc = -EINVAL,
	 .msg = "HYPERCALL_PAGE 0x100800 is not page-aligned"},
	{"PADDR_OFFSET without VIRT_BASE", .edit = {{E_NUM, XEN_ELFNOTE_PADDR_OFFSET, NULL, 0, 8}},
	 .rc = -EINVAL, .msg = "PADDR_OFFSET note without VIRT_BASE"},
	{"INIT_P2M inside the kernel", .linux_base = true,
	 .edit = {{E_NUM, XEN_ELFNOTE_INIT_P2M, NULL, LINUX_BASE + LINUX_PADDR + 0x1000, 8}},
	 .rc = -EINVAL, .msg = "INIT_P2M 0xffffffff81001000 inside the kernel"},
	{"INIT_P2M just after the kernel", .linux_base = true,
	 .edit = {{E_NUM, XEN_ELFNOTE_INIT_P2M, NULL, LINUX_BASE + LINUX_PADDR + SEG_MEMSZ, 8}}},
	{"VIRT_BASE above the kernel",
	 .edit = {{E_NUM, XEN_ELFNOTE_VIRT_BASE, NULL, 0x200000, 8},
		  {E_NUM, XEN_ELFNOTE_PADDR_OFFSET, NULL, 0x180000, 8}},
	 .poke = {{E_ENTRY, 8, 0x180010}}, .rc = -EINVAL,
	 .msg = "VIRT_BASE 0x200000 above the kernel start 0x180000"},
	{"kernel wraps", .edit = {{E_NUM, XEN_ELFNOTE_VIRT_BASE, NULL, 0xffffffffffeff000ULL, 8}},
	 .rc = -EINVAL, .msg = "kernel range 0xfffffffffffff000-0x1000 wraps"},
};

static void run_case(const struct bad_case *c)
{
	struct elf_binary elf;
	struct elf_dom_parms p;
	struct build b;
	uint8_t *img;
	size_t size;
	int rc;

	if (c->linux_base)
		spec_linux(&b);
	else
		spec_xtf(&b);
	b.layout = c->layout;
	if (c->layout == LEGACY_SECTION)
		b.nr = 0;
	for (unsigned int i = 0; i < 2; i++) {
		const struct note_edit *e = &c->edit[i];

		switch (e->how) {
		case E_NONE:
			break;
		case E_STR:
			note_str(&b, e->type, e->str);
			break;
		case E_NUM:
			note_num(&b, e->type, e->num, e->size);
			break;
		case E_RAW:
			note_raw(&b, e->type, e->str, e->size);
			break;
		case E_DEL:
			note_del(&b, e->type);
			break;
		}
	}
	size = build_image(&b);
	for (unsigned int i = 0; i < 2; i++)
		if (c->poke[i].off)
			put_le(scratch + c->poke[i].off, c->poke[i].width, c->poke[i].val);
	if (c->size)
		size = c->size;

	img = image_copy(size);
	rc = elf_init(&elf, img, size);
	if (!rc)
		rc = elf_xen_parse(&elf, &p);
	CHECK(rc == c->rc, "%s: expected %d, got %d (%s)", c->what, c->rc, rc, elf.error);
	if (c->rc)
		CHECK(c->msg && strstr(elf.error, c->msg),
		      "%s: expected message containing \"%s\", got \"%s\"", c->what, c->msg,
		      elf.error);
	else
		CHECK(elf.error[0] == '\0', "%s: error left set: \"%s\"", c->what, elf.error);
	free(img);
}

static void test_features(void)
{
	CHECK(!strcmp(elf_feature_name(XENFEAT_dom0), "dom0"), "feature name dom0: got %s",
	      elf_feature_name(XENFEAT_dom0));
	CHECK(!strcmp(elf_feature_name(0), "writable_page_tables"), "feature name 0");
	CHECK(!strcmp(elf_feature_name(XENFEAT_direct_mapped), "direct_mapped"),
	      "feature name direct_mapped");
	CHECK(elf_feature_name(12) == NULL, "feature 12: expected NULL");
	CHECK(elf_feature_name(32) == NULL && elf_feature_name(~0u) == NULL,
	      "feature out of range: expected NULL");
}

/* --- Fuzz: random byte flips and truncations of a valid image --- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void fuzz(bool linux_base, unsigned int iterations)
{
	static const uint64_t interesting[] = {0, 1, 3, 0x7f, 0xff, 0xffff, 0xffffffff, ~0ULL};
	unsigned int accepted = 0, refused = 0, bad_rc = 0, bad_msg = 0, outside = 0;
	uint8_t base[sizeof(scratch)];
	struct build b;
	size_t base_size;

	if (linux_base)
		spec_linux(&b);
	else
		spec_xtf(&b);
	base_size = build_image(&b);
	memcpy(base, scratch, base_size);

	for (unsigned int it = 0; it < iterations; it++) {
		struct elf_binary elf;
		struct elf_dom_parms p;
		struct write_log log = {0};
		unsigned int mutations = 1 + rng() % 4;
		size_t size = base_size;
		uint8_t *img;
		int rc;

		memcpy(scratch, base, base_size);
		for (unsigned int m = 0; m < mutations; m++) {
			/* Mostly headers and notes, where decisions are made. */
			size_t span = rng() % 8 ? SEG_OFF : base_size;
			size_t off = rng() % span;

			switch (rng() % 4) {
			case 0:
				scratch[off] ^= 1u << (rng() % 8);
				break;
			case 1:
				scratch[off] = (uint8_t)rng();
				break;
			case 2: /* a whole field set to an edge value */
				if (off + 8 <= base_size)
					put_le(scratch + off, 1u << (rng() % 4),
					       interesting[rng() % 8]);
				break;
			case 3:
				size = rng() % (size + 1);
				break;
			}
		}

		img = image_copy(size);
		rc = elf_init(&elf, img, size);
		if (!rc)
			rc = elf_xen_parse(&elf, &p);
		if (!rc) {
			log.image = img;
			log.image_size = size;
			rc = elf_load(&elf, &p, record_write, &log);
			if (log.src_outside)
				outside++;
		}
		if (rc == 0)
			accepted++;
		else if (rc < 0 && rc > -4096)
			refused++;
		else
			bad_rc++;
		if (rc && (!elf.error[0] || strlen(elf.error) >= ELF_ERR_MAX))
			bad_msg++;
		free(img);
	}
	CHECK(bad_rc == 0, "fuzz: %u results neither 0 nor -errno", bad_rc);
	CHECK(bad_msg == 0, "fuzz: %u failures without a message", bad_msg);
	CHECK(outside == 0, "fuzz: %u loads read outside the image", outside);
	CHECK(accepted > 0 && refused > 0, "fuzz: %u accepted, %u refused: mutations ineffective?",
	      accepted, refused);
	if (getenv("UNIT_VERBOSE"))
		printf("fuzz %s: %u accepted, %u refused\n", linux_base ? "linux" : "xtf", accepted,
		       refused);
}

int main(void)
{
	test_xtf();
	test_linux();
	test_features();
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	fuzz(false, 4000);
	fuzz(true, 4000);
	return unit_report("libelf");
}
