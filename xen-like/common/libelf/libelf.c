// SPDX-License-Identifier: GPL-2.0-only
/*
 * libelf: the ELF loader for x86-64 PV kernels (see libelf.h for the API).
 *
 * The one idea: the image is hostile. Headers are never used in place;
 * each one is decoded from little-endian bytes into a local struct by a
 * reader that first checks its range against image[0, size), and every
 * sum of an offset and a length is checked for wrap-around before it is
 * compared with anything. Validation happens in elf_init() and
 * elf_xen_parse(); elf_load() re-checks each segment anyway, because it
 * costs nothing and the caller may have touched the struct in between.
 *
 * Loader rules (as Xen's libelf and domain builders): notes named "Xen" come from
 * PT_NOTE segments, else from SHT_NOTE sections; the legacy __xen_guest
 * section is not supported. XEN_VERSION must start with "xen-3.0"; LOADER
 * must start with "generic" unless GUEST_OS starts with "linux". A segment
 * is loaded at p_paddr + (VIRT_BASE - PADDR_OFFSET).
 */
#include <public/elfnote.h>
#include <public/features.h>

#include "libelf-private.h"
#include "libelf.h"

/* ELF64 constants (System V gABI, x86-64 psABI). */
#define EI_CLASS 4
#define EI_DATA 5
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EM_X86_64 62
#define PN_XNUM 0xffff
#define PT_LOAD 1
#define PT_NOTE 4
#define SHT_NOTE 7

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define SHDR_SIZE 64
#define NOTE_HDR_SIZE 12

#define ELF_PAGE_SIZE 4096ULL
#define ELF_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Decoded program header (host byte order). */
struct elf_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

/* Decoded section header: only the fields libelf uses. */
struct elf_shdr {
	uint32_t name, type;
	uint64_t offset, size;
};

/* Which notes were present, so that a default is told from a value. */
struct note_seen {
	bool entry, virt_base, paddr_offset, hypercall, p2m;
};

static uint64_t get_le(const uint8_t *p, unsigned int bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = (v << 8) | p[bytes];
	return v;
}

/* Is [off, off + len) inside the image? Never overflows. */
static bool range_ok(const struct elf_binary *elf, uint64_t off, uint64_t len)
{
	return off <= elf->size && len <= elf->size - off;
}

static bool sum_overflows(uint64_t a, uint64_t b)
{
	return a > ~0ULL - b;
}

ELF_PRINTF(3, 4)
static int elf_fail(struct elf_binary *elf, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(elf->error, sizeof(elf->error), fmt, ap);
	va_end(ap);
	return rc;
}

/* Copy the NUL-terminated @src of at most @len bytes, truncating to @dst. */
static void copy_str(char *dst, size_t dst_size, const char *src, size_t len)
{
	size_t n = 0;

	while (n + 1 < dst_size && n < len && src[n])
		n++;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* --- Headers --- */

static int read_phdr(struct elf_binary *elf, unsigned int i, struct elf_phdr *ph)
{
	uint64_t off = elf->phoff + (uint64_t)i * PHDR_SIZE;
	const uint8_t *p;

	if (i >= elf->phnum || sum_overflows(elf->phoff, (uint64_t)i * PHDR_SIZE) ||
	    !range_ok(elf, off, PHDR_SIZE))
		return elf_fail(elf, -EINVAL, "program header %u beyond end of image", i);
	p = elf->image + off;
	ph->type = get_le(p + 0, 4);
	ph->flags = get_le(p + 4, 4);
	ph->offset = get_le(p + 8, 8);
	ph->vaddr = get_le(p + 16, 8);
	ph->paddr = get_le(p + 24, 8);
	ph->filesz = get_le(p + 32, 8);
	ph->memsz = get_le(p + 40, 8);
	ph->align = get_le(p + 48, 8);
	return 0;
}

static int read_shdr(struct elf_binary *elf, unsigned int i, struct elf_shdr *sh)
{
	uint64_t off = elf->shoff + (uint64_t)i * SHDR_SIZE;
	const uint8_t *p;

	if (i >= elf->shnum || sum_overflows(elf->shoff, (uint64_t)i * SHDR_SIZE) ||
	    !range_ok(elf, off, SHDR_SIZE))
		return elf_fail(elf, -EINVAL, "section header %u beyond end of image", i);
	p = elf->image + off;
	sh->name = get_le(p + 0, 4);
	sh->type = get_le(p + 4, 4);
	sh->offset = get_le(p + 24, 8);
	sh->size = get_le(p + 32, 8);
	return 0;
}

/*
 * Check a PT_LOAD header: memory at least as large as the file part, the
 * file part inside the image, the address range not wrapping.
 */
static int check_load(struct elf_binary *elf, unsigned int i, const struct elf_phdr *ph)
{
	if (ph->filesz > ph->memsz)
		return elf_fail(elf, -EINVAL, "program header %u: p_filesz 0x%llx > p_memsz 0x%llx",
				i, (unsigned long long)ph->filesz, (unsigned long long)ph->memsz);
	/* An empty file part is never read, wherever p_offset points. */
	if (ph->filesz && sum_overflows(ph->offset, ph->filesz))
		return elf_fail(elf, -EINVAL,
				"program header %u: file range 0x%llx+0x%llx overflows", i,
				(unsigned long long)ph->offset, (unsigned long long)ph->filesz);
	if (ph->filesz && !range_ok(elf, ph->offset, ph->filesz))
		return elf_fail(elf, -EINVAL,
				"program header %u: file range 0x%llx+0x%llx beyond end of image "
				"(0x%llx bytes)",
				i, (unsigned long long)ph->offset, (unsigned long long)ph->filesz,
				(unsigned long long)elf->size);
	if (sum_overflows(ph->paddr, ph->memsz))
		return elf_fail(elf, -EINVAL,
				"program header %u: address range 0x%llx+0x%llx overflows", i,
				(unsigned long long)ph->paddr, (unsigned long long)ph->memsz);
	return 0;
}

int elf_init(struct elf_binary *elf, const void *image, uint64_t size)
{
	const uint8_t *p = image;
	unsigned int phentsize, i;
	uint64_t phsize;
	int rc;

	memset(elf, 0, sizeof(*elf));
	elf->image = image;
	elf->size = size;
	elf->pstart = ~0ULL;

	if (!image)
		return elf_fail(elf, -EINVAL, "no image");
	if (size < 4 || p[0] != 0x7f || p[1] != 'E' || p[2] != 'L' || p[3] != 'F')
		return elf_fail(elf, -ENOEXEC, "not an ELF file (bad magic)");
	if (size < EHDR_SIZE)
		return elf_fail(elf, -EINVAL, "truncated ELF header (%llu bytes, need %u)",
				(unsigned long long)size, EHDR_SIZE);
	if (p[EI_CLASS] != ELFCLASS64)
		return elf_fail(elf, -ENOEXEC,
				"ELF class %u: only ELFCLASS64 (x86-64) kernels are supported",
				p[EI_CLASS]);
	if (p[EI_DATA] != ELFDATA2LSB)
		return elf_fail(elf, -ENOEXEC, "ELF data encoding %u: not little-endian",
				p[EI_DATA]);
	if (get_le(p + 18, 2) != EM_X86_64)
		return elf_fail(elf, -ENOEXEC, "machine %u is not x86-64 (EM_X86_64 = %u)",
				(unsigned int)get_le(p + 18, 2), EM_X86_64);

	elf->entry = get_le(p + 24, 8);
	elf->phoff = get_le(p + 32, 8);
	elf->shoff = get_le(p + 40, 8);
	phentsize = get_le(p + 54, 2);
	elf->phnum = get_le(p + 56, 2);
	elf->shentsize = get_le(p + 58, 2);
	elf->shnum = get_le(p + 60, 2);
	elf->shstrndx = get_le(p + 62, 2);

	if (elf->phnum == PN_XNUM)
		return elf_fail(
			elf, -ENOEXEC,
			"extended program header numbering (e_phnum 0xffff) is not supported");
	if (!elf->phnum)
		return elf_fail(elf, -ENOEXEC, "no program headers (no PT_LOAD segment)");
	if (phentsize != PHDR_SIZE)
		return elf_fail(elf, -EINVAL, "e_phentsize %u, expected %u", phentsize, PHDR_SIZE);
	phsize = (uint64_t)elf->phnum * PHDR_SIZE;
	if (sum_overflows(elf->phoff, phsize))
		return elf_fail(elf, -EINVAL, "program header table 0x%llx+0x%llx overflows",
				(unsigned long long)elf->phoff, (unsigned long long)phsize);
	if (!range_ok(elf, elf->phoff, phsize))
		return elf_fail(
			elf, -EINVAL,
			"program header table 0x%llx+0x%llx beyond end of image (0x%llx bytes)",
			(unsigned long long)elf->phoff, (unsigned long long)phsize,
			(unsigned long long)size);

	for (i = 0; i < elf->phnum; i++) {
		struct elf_phdr ph;

		rc = read_phdr(elf, i, &ph);
		if (rc)
			return rc;
		if (ph.type != PT_LOAD)
			continue;
		rc = check_load(elf, i, &ph);
		if (rc)
			return rc;
		if (ph.paddr < elf->pstart)
			elf->pstart = ph.paddr;
		if (ph.paddr + ph.memsz > elf->pend)
			elf->pend = ph.paddr + ph.memsz;
		elf->nr_load++;
	}
	if (!elf->nr_load)
		return elf_fail(elf, -ENOEXEC, "no PT_LOAD segment");

	elf->error[0] = '\0';
	return 0;
}

/* --- Xen notes --- */

#define FEATURE_NAME(n) [XENFEAT_##n] = #n,
static const char *const feature_names[] = { XENFEAT_LIST(FEATURE_NAME) };
#undef FEATURE_NAME

/* The names a FEATURES note may use (Xen's loader knows only these). */
#define NOTE_FEATURES                                                                        \
	((1u << XENFEAT_writable_page_tables) | (1u << XENFEAT_writable_descriptor_tables) | \
	 (1u << XENFEAT_auto_translated_physmap) | (1u << XENFEAT_supervisor_mode_kernel) |  \
	 (1u << XENFEAT_pae_pgdir_above_4gb) | (1u << XENFEAT_hvm_callback_vector) |         \
	 (1u << XENFEAT_dom0))

/* Features a PV guest can never have: requiring one refuses the kernel. */
#define PV_IMPOSSIBLE_FEATURES \
	((1u << XENFEAT_auto_translated_physmap) | (1u << XENFEAT_supervisor_mode_kernel))

const char *elf_feature_name(unsigned int bit)
{
	if (bit >= ELF_ARRAY_SIZE(feature_names))
		return NULL;
	return feature_names[bit];
}

/* The longest string note accepted (Linux's FEATURES is about 100 bytes). */
#define ELF_NOTE_STR_MAX 1024

enum note_kind {
	NOTE_IGNORED, /* not used by a PV x86-64 loader: not checked */
	NOTE_NUM,     /* 1, 2, 4 or 8 bytes, little-endian */
	NOTE_STR,     /* up to the first NUL or the end of the descriptor */
	NOTE_BITMAP,  /* array of u32 (SUPPORTED_FEATURES) */
};

static const struct {
	const char *name;
	enum note_kind kind;
} note_types[] = {
	[XEN_ELFNOTE_INFO] = {"INFO", NOTE_IGNORED},
	[XEN_ELFNOTE_ENTRY] = {"ENTRY", NOTE_NUM},
	[XEN_ELFNOTE_HYPERCALL_PAGE] = {"HYPERCALL_PAGE", NOTE_NUM},
	[XEN_ELFNOTE_VIRT_BASE] = {"VIRT_BASE", NOTE_NUM},
	[XEN_ELFNOTE_PADDR_OFFSET] = {"PADDR_OFFSET", NOTE_NUM},
	[XEN_ELFNOTE_XEN_VERSION] = {"XEN_VERSION", NOTE_STR},
	[XEN_ELFNOTE_GUEST_OS] = {"GUEST_OS", NOTE_STR},
	[XEN_ELFNOTE_GUEST_VERSION] = {"GUEST_VERSION", NOTE_STR},
	[XEN_ELFNOTE_LOADER] = {"LOADER", NOTE_STR},
	[XEN_ELFNOTE_PAE_MODE] = {"PAE_MODE", NOTE_STR},
	[XEN_ELFNOTE_FEATURES] = {"FEATURES", NOTE_STR},
	[XEN_ELFNOTE_BSD_SYMTAB] = {"BSD_SYMTAB", NOTE_STR},
	[XEN_ELFNOTE_HV_START_LOW] = {"HV_START_LOW", NOTE_IGNORED},
	/* Pairs of 8-byte numbers in Linux: informational only. */
	[XEN_ELFNOTE_L1_MFN_VALID] = {"L1_MFN_VALID", NOTE_IGNORED},
	[XEN_ELFNOTE_SUSPEND_CANCEL] = {"SUSPEND_CANCEL", NOTE_NUM},
	[XEN_ELFNOTE_INIT_P2M] = {"INIT_P2M", NOTE_NUM},
	[XEN_ELFNOTE_MOD_START_PFN] = {"MOD_START_PFN", NOTE_NUM},
	[XEN_ELFNOTE_SUPPORTED_FEATURES] = {"SUPPORTED_FEATURES", NOTE_BITMAP},
	[XEN_ELFNOTE_PHYS32_ENTRY] = {"PHYS32_ENTRY", NOTE_IGNORED},
};

static int feature_lookup(const char *name, size_t len)
{
	unsigned int bit;

	for (bit = 0; bit < ELF_ARRAY_SIZE(feature_names); bit++)
		if ((NOTE_FEATURES & (1u << bit)) && feature_names[bit] &&
		    strlen(feature_names[bit]) == len && !strncmp(feature_names[bit], name, len))
			return bit;
	return -1;
}

/* Parse a FEATURES string: "name|!name|...", '!' marking required ones. */
static int parse_features(struct elf_binary *elf, struct elf_dom_parms *parms, const char *s,
			  const char *where)
{
	while (*s) {
		const char *tok = s;
		bool required = false;
		size_t len;
		int bit;

		while (*s && *s != '|')
			s++;
		len = s - tok;
		if (*s)
			s++;
		if (len && *tok == '!') {
			required = true;
			tok++;
			len--;
		}
		if (!len)
			continue;
		bit = feature_lookup(tok, len);
		if (bit < 0) {
			/* An unknown optional feature is the kernel's business. */
			if (!required)
				continue;
			return elf_fail(elf, -ENOEXEC,
					"%s: FEATURES: required feature \"%.*s\" is unknown", where,
					(int)(len > 40 ? 40 : len), tok);
		}
		parms->f_supported |= 1u << bit;
		if (required)
			parms->f_required |= 1u << bit;
	}
	return 0;
}

/*
 * Act on one "Xen" note of @type whose descriptor @desc (@descsz bytes)
 * lies inside the image. @where names the note in error messages.
 */
static int xen_note(struct elf_binary *elf, struct elf_dom_parms *parms, struct note_seen *seen,
		    uint32_t type, const uint8_t *desc, uint32_t descsz, const char *where)
{
	char strbuf[ELF_NOTE_STR_MAX];
	const char *str = strbuf;
	const char *name;
	enum note_kind kind;
	uint64_t num = 0;
	uint32_t len = 0;

	if (type >= ELF_ARRAY_SIZE(note_types) || !note_types[type].name)
		return 0; /* unknown types are for newer loaders */
	name = note_types[type].name;
	kind = note_types[type].kind;

	switch (kind) {
	case NOTE_IGNORED:
		return 0;
	case NOTE_NUM:
		if (descsz != 1 && descsz != 2 && descsz != 4 && descsz != 8)
			return elf_fail(
				elf, -EINVAL,
				"%s (%s): numeric descriptor of %u bytes (expected 1, 2, 4 or 8)",
				where, name, descsz);
		num = get_le(desc, descsz);
		break;
	case NOTE_STR:
		/*
		 * The string is the descriptor up to its first NUL, or all of
		 * it: Linux emits FEATURES with .ascii, its NUL falling in the
		 * note's padding, and Xen accepts that. Work on a terminated
		 * copy so nothing below reads past the descriptor.
		 */
		while (len < descsz && desc[len])
			len++;
		if (len >= sizeof(strbuf))
			return elf_fail(elf, -EINVAL, "%s (%s): string of %u bytes is too long",
					where, name, len);
		memcpy(strbuf, desc, len);
		strbuf[len] = '\0';
		break;
	case NOTE_BITMAP:
		if (!descsz || descsz % 4)
			return elf_fail(elf, -EINVAL,
					"%s (%s): descriptor of %u bytes is not an array of u32",
					where, name, descsz);
		/* Only submap 0 (the first u32) exists today. */
		num = get_le(desc, 4);
		break;
	}

	switch (type) {
	case XEN_ELFNOTE_ENTRY:
		parms->virt_entry = num;
		seen->entry = true;
		break;
	case XEN_ELFNOTE_HYPERCALL_PAGE:
		parms->virt_hypercall = num;
		seen->hypercall = true;
		break;
	case XEN_ELFNOTE_VIRT_BASE:
		parms->virt_base = num;
		seen->virt_base = true;
		break;
	case XEN_ELFNOTE_PADDR_OFFSET:
		parms->elf_paddr_offset = num;
		seen->paddr_offset = true;
		break;
	case XEN_ELFNOTE_XEN_VERSION:
		copy_str(parms->xen_ver, sizeof(parms->xen_ver), str, len);
		break;
	case XEN_ELFNOTE_GUEST_OS:
		copy_str(parms->guest_os, sizeof(parms->guest_os), str, len);
		break;
	case XEN_ELFNOTE_GUEST_VERSION:
		copy_str(parms->guest_ver, sizeof(parms->guest_ver), str, len);
		break;
	case XEN_ELFNOTE_LOADER:
		copy_str(parms->loader, sizeof(parms->loader), str, len);
		break;
	case XEN_ELFNOTE_PAE_MODE:
		parms->pae = !strncmp(str, "yes", 3) || !strcmp(str, "bimodal");
		break;
	case XEN_ELFNOTE_FEATURES:
		return parse_features(elf, parms, str, where);
	case XEN_ELFNOTE_BSD_SYMTAB:
		parms->bsd_symtab = !strcmp(str, "yes");
		break;
	case XEN_ELFNOTE_SUSPEND_CANCEL:
		parms->suspend_cancel = num != 0;
		break;
	case XEN_ELFNOTE_INIT_P2M:
		parms->p2m_base = num;
		seen->p2m = true;
		break;
	case XEN_ELFNOTE_MOD_START_PFN:
		parms->mod_start_pfn = num != 0;
		break;
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		parms->f_supported |= (uint32_t)num;
		parms->has_supported_features = true;
		break;
	}
	return 0;
}

/*
 * Walk the notes in image[off, off + len) and act on those named "Xen".
 * Each note is a 12-byte header (namesz, descsz, type), then the name and
 * the descriptor, each padded to 4 bytes. @label names the segment or
 * section in error messages.
 */
static int scan_notes(struct elf_binary *elf, struct elf_dom_parms *parms, struct note_seen *seen,
		      uint64_t off, uint64_t len, const char *label)
{
	uint64_t pos = 0;
	char where[64];
	int rc;

	if (sum_overflows(off, len))
		return elf_fail(elf, -EINVAL, "%s: notes 0x%llx+0x%llx overflow", label,
				(unsigned long long)off, (unsigned long long)len);
	if (!range_ok(elf, off, len))
		return elf_fail(elf, -EINVAL,
				"%s: notes 0x%llx+0x%llx beyond end of image (0x%llx bytes)", label,
				(unsigned long long)off, (unsigned long long)len,
				(unsigned long long)elf->size);

	/* Fewer than 12 bytes left is alignment padding, not a note. */
	while (len - pos >= NOTE_HDR_SIZE) {
		const uint8_t *note = elf->image + off + pos;
		uint32_t namesz = get_le(note, 4);
		uint32_t descsz = get_le(note + 4, 4);
		uint32_t type = get_le(note + 8, 4);
		uint64_t name_pad = ((uint64_t)namesz + 3) & ~3ULL;
		uint64_t desc_pad = ((uint64_t)descsz + 3) & ~3ULL;
		uint64_t left = len - pos - NOTE_HDR_SIZE;
		const uint8_t *desc;

		snprintf(where, sizeof(where), "%s: note at 0x%llx", label,
			 (unsigned long long)(off + pos));
		if (name_pad > left)
			return elf_fail(elf, -EINVAL,
					"%s: name of %u bytes runs past the end of the notes",
					where, namesz);
		left -= name_pad;
		if (descsz > left)
			return elf_fail(elf, -EINVAL,
					"%s: descriptor of %u bytes runs past the end of the notes",
					where, descsz);
		desc = note + NOTE_HDR_SIZE + name_pad;
		/* The last descriptor's padding may be cut off by the end. */
		pos += NOTE_HDR_SIZE + name_pad + (desc_pad < left ? desc_pad : left);

		if (namesz != 4 || memcmp(note + NOTE_HDR_SIZE, "Xen", 4))
			continue;
		rc = xen_note(elf, parms, seen, type, desc, descsz, where);
		if (rc)
			return rc;
		parms->nr_notes++;
	}
	return 0;
}

/* Check the section header table as a whole; 0 if usable or absent. */
static int check_shdrs(struct elf_binary *elf)
{
	uint64_t shsize = (uint64_t)elf->shnum * SHDR_SIZE;

	if (!elf->shnum)
		return 0;
	if (elf->shentsize != SHDR_SIZE)
		return elf_fail(elf, -EINVAL, "e_shentsize %u, expected %u", elf->shentsize,
				SHDR_SIZE);
	if (sum_overflows(elf->shoff, shsize) || !range_ok(elf, elf->shoff, shsize))
		return elf_fail(
			elf, -EINVAL,
			"section header table 0x%llx+0x%llx beyond end of image (0x%llx bytes)",
			(unsigned long long)elf->shoff, (unsigned long long)shsize,
			(unsigned long long)elf->size);
	return 0;
}

/* Is section @sh named @name (per the section name table)? */
static bool section_named(struct elf_binary *elf, const struct elf_shdr *sh, const char *name)
{
	uint64_t want = strlen(name) + 1;
	struct elf_shdr strtab;

	if (elf->shstrndx >= elf->shnum || read_shdr(elf, elf->shstrndx, &strtab))
		return false;
	if (sh->name >= strtab.size || want > strtab.size - sh->name ||
	    sum_overflows(strtab.offset, sh->name) ||
	    !range_ok(elf, strtab.offset + sh->name, want))
		return false;
	return !memcmp(elf->image + strtab.offset + sh->name, name, want);
}

/* Notes from SHT_NOTE sections; used only if no PT_NOTE had Xen notes. */
static int scan_section_notes(struct elf_binary *elf, struct elf_dom_parms *parms,
			      struct note_seen *seen)
{
	char label[32];
	unsigned int i;
	int rc;

	rc = check_shdrs(elf);
	if (rc)
		return rc;
	for (i = 0; i < elf->shnum; i++) {
		struct elf_shdr sh;

		rc = read_shdr(elf, i, &sh);
		if (rc)
			return rc;
		if (sh.type != SHT_NOTE)
			continue;
		snprintf(label, sizeof(label), "section %u", i);
		rc = scan_notes(elf, parms, seen, sh.offset, sh.size, label);
		if (rc)
			return rc;
	}

	for (i = 0; !parms->nr_notes && i < elf->shnum; i++) {
		struct elf_shdr sh;

		if (!read_shdr(elf, i, &sh) && section_named(elf, &sh, "__xen_guest"))
			return elf_fail(elf, -ENOEXEC,
					"section %u: legacy __xen_guest section is not supported "
					"(use ELF notes)",
					i);
	}
	return 0;
}

/* The loader's rules and sanity checks, once all notes are read. */
static int check_parms(struct elf_binary *elf, struct elf_dom_parms *parms,
		       const struct note_seen *seen)
{
	uint32_t impossible = parms->f_required & PV_IMPOSSIBLE_FEATURES;
	uint64_t offset;

	if (strncmp(parms->loader, "generic", 7) && strncmp(parms->guest_os, "linux", 5))
		return elf_fail(elf, -ENOEXEC,
				"LOADER \"%s\" is not \"generic\" and GUEST_OS \"%s\" is not Linux",
				parms->loader, parms->guest_os);
	if (strncmp(parms->xen_ver, "xen-3.0", 7))
		return elf_fail(elf, -ENOEXEC,
				"XEN_VERSION \"%s\": only \"xen-3.0\" kernels are supported",
				parms->xen_ver);
	if (seen->paddr_offset && !seen->virt_base)
		return elf_fail(elf, -EINVAL, "PADDR_OFFSET note without VIRT_BASE");
	if (impossible)
		return elf_fail(elf, -ENOEXEC,
				"kernel requires feature %s, which a PV guest cannot have",
				elf_feature_name(__builtin_ctz(impossible)));

	if (!seen->entry)
		parms->virt_entry = elf->entry;

	/* Modular on purpose: Linux sets VIRT_BASE above PADDR_OFFSET. */
	offset = parms->virt_base - parms->elf_paddr_offset;
	parms->virt_kstart = elf->pstart + offset;
	parms->virt_kend = elf->pend + offset;

	if (parms->virt_kstart > parms->virt_kend)
		return elf_fail(elf, -EINVAL,
				"kernel range 0x%llx-0x%llx wraps around the address space",
				(unsigned long long)parms->virt_kstart,
				(unsigned long long)parms->virt_kend);
	if (parms->virt_entry < parms->virt_kstart || parms->virt_entry >= parms->virt_kend)
		return elf_fail(elf, -EINVAL, "entry point 0x%llx outside the kernel 0x%llx-0x%llx",
				(unsigned long long)parms->virt_entry,
				(unsigned long long)parms->virt_kstart,
				(unsigned long long)parms->virt_kend);
	if (parms->virt_base > parms->virt_kstart)
		return elf_fail(elf, -EINVAL, "VIRT_BASE 0x%llx above the kernel start 0x%llx",
				(unsigned long long)parms->virt_base,
				(unsigned long long)parms->virt_kstart);
	if (seen->hypercall) {
		uint64_t hc = parms->virt_hypercall;

		if (hc & (ELF_PAGE_SIZE - 1))
			return elf_fail(elf, -EINVAL, "HYPERCALL_PAGE 0x%llx is not page-aligned",
					(unsigned long long)hc);
		/* The builder writes the whole page: all of it must be ours. */
		if (hc < parms->virt_kstart || hc >= parms->virt_kend ||
		    parms->virt_kend - hc < ELF_PAGE_SIZE)
			return elf_fail(elf, -EINVAL,
					"HYPERCALL_PAGE 0x%llx outside the kernel 0x%llx-0x%llx",
					(unsigned long long)hc,
					(unsigned long long)parms->virt_kstart,
					(unsigned long long)parms->virt_kend);
	}
	if (seen->p2m && parms->p2m_base >= parms->virt_kstart &&
	    parms->p2m_base < parms->virt_kend)
		return elf_fail(elf, -EINVAL, "INIT_P2M 0x%llx inside the kernel 0x%llx-0x%llx",
				(unsigned long long)parms->p2m_base,
				(unsigned long long)parms->virt_kstart,
				(unsigned long long)parms->virt_kend);
	return 0;
}

int elf_xen_parse(struct elf_binary *elf, struct elf_dom_parms *parms)
{
	struct note_seen seen = {0};
	char label[32];
	unsigned int i;
	int rc;

	memset(parms, 0, sizeof(*parms));
	parms->virt_hypercall = ELF_UNSET;
	parms->p2m_base = ELF_UNSET;
	elf->error[0] = '\0';
	if (!elf->image || !elf->nr_load)
		return elf_fail(elf, -EINVAL, "image not initialised by elf_init");

	for (i = 0; i < elf->phnum; i++) {
		struct elf_phdr ph;

		rc = read_phdr(elf, i, &ph);
		if (rc)
			return rc;
		if (ph.type != PT_NOTE)
			continue;
		snprintf(label, sizeof(label), "program header %u", i);
		rc = scan_notes(elf, parms, &seen, ph.offset, ph.filesz, label);
		if (rc)
			return rc;
	}
	if (!parms->nr_notes) {
		rc = scan_section_notes(elf, parms, &seen);
		if (rc)
			return rc;
	}
	if (!parms->nr_notes)
		return elf_fail(elf, -ENOEXEC, "not a Xen PV kernel (no Xen ELF notes)");

	return check_parms(elf, parms, &seen);
}

/* --- Loading --- */

int elf_load(struct elf_binary *elf, const struct elf_dom_parms *parms, elf_write_fn write_fn,
	     void *ctx)
{
	uint64_t offset = parms->virt_base - parms->elf_paddr_offset;
	unsigned int i;
	int rc;

	elf->error[0] = '\0';
	if (!write_fn)
		return elf_fail(elf, -EINVAL, "no write function");

	for (i = 0; i < elf->phnum; i++) {
		struct elf_phdr ph;
		uint64_t vaddr;

		rc = read_phdr(elf, i, &ph);
		if (rc)
			return rc;
		if (ph.type != PT_LOAD)
			continue;
		rc = check_load(elf, i, &ph);
		if (rc)
			return rc;
		vaddr = ph.paddr + offset;
		if (sum_overflows(vaddr, ph.memsz))
			return elf_fail(elf, -EINVAL,
					"program header %u: virtual range 0x%llx+0x%llx overflows",
					i, (unsigned long long)vaddr, (unsigned long long)ph.memsz);

		if (ph.filesz) {
			rc = write_fn(ctx, vaddr, elf->image + ph.offset, ph.filesz);
			if (rc < 0)
				return elf_fail(elf, rc,
						"program header %u: copying 0x%llx bytes to 0x%llx "
						"failed (%d)",
						i, (unsigned long long)ph.filesz,
						(unsigned long long)vaddr, rc);
		}
		if (ph.memsz > ph.filesz) {
			rc = write_fn(ctx, vaddr + ph.filesz, NULL, ph.memsz - ph.filesz);
			if (rc < 0)
				return elf_fail(elf, rc,
						"program header %u: clearing 0x%llx bytes at "
						"0x%llx failed (%d)",
						i, (unsigned long long)(ph.memsz - ph.filesz),
						(unsigned long long)(vaddr + ph.filesz), rc);
		}
	}
	return 0;
}
