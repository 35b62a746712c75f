/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libelf: checks and loads an x86-64 PV kernel image (ELF64, little-endian,
 * EM_X86_64) and reads the "Xen" ELF notes that tell a domain builder how
 * to start it. Shared by the hypervisor's dom0 builder and the userspace
 * domain builder, so it depends on nothing but a few string functions.
 *
 * The image is untrusted: every header, segment and note is copied out
 * through a bounds-checked reader, so nothing outside image[0, size) is
 * ever read, whatever the file claims. Every function returns 0 or a
 * negative errno and, on failure, leaves a one-line reason in elf->error:
 *   -ENOEXEC  a well-formed file that is not a PV x86-64 kernel we accept;
 *   -EINVAL   malformed data (ranges beyond the file, overflowing sums...).
 *
 * Typical use:
 *	elf_init(&elf, image, size);		   headers and segments
 *	elf_xen_parse(&elf, &parms);		   notes and loader rules
 *	elf_load(&elf, &parms, write_fn, ctx);	   copy the segments out
 */
#ifndef XEN_COMMON_LIBELF_H
#define XEN_COMMON_LIBELF_H

#include <stdbool.h>
#include <stdint.h>

#define ELF_ERR_MAX 160
#define ELF_UNSET (~0ULL)

struct elf_binary {
	const uint8_t *image;	 /* the whole file, never written */
	uint64_t size;		 /* bytes at image */
	uint64_t entry;		 /* e_entry */
	uint64_t pstart;	 /* lowest p_paddr of the PT_LOAD segments */
	uint64_t pend;		 /* highest p_paddr + p_memsz of the PT_LOAD segments */
	unsigned int nr_load;	 /* number of PT_LOAD segments */
	char error[ELF_ERR_MAX]; /* reason of the last failure, "" after success */

	/* Copied from the ELF header by elf_init(); still re-checked on use. */
	uint64_t phoff, shoff;
	unsigned int phnum, shnum, shentsize, shstrndx;
};

/* What the Xen ELF notes say (elfnote.h), defaults applied, checked. */
struct elf_dom_parms {
	char guest_os[32];	     /* GUEST_OS, "" if absent; long strings are truncated */
	char guest_ver[32];	     /* GUEST_VERSION */
	char xen_ver[32];	     /* XEN_VERSION, starts with "xen-3.0" */
	char loader[32];	     /* LOADER */
	uint64_t virt_base;	     /* VIRT_BASE, default 0 */
	uint64_t elf_paddr_offset;   /* PADDR_OFFSET, default 0 */
	uint64_t virt_entry;	     /* ENTRY, default e_entry */
	uint64_t virt_hypercall;     /* HYPERCALL_PAGE, ELF_UNSET if none */
	uint64_t p2m_base;	     /* INIT_P2M, ELF_UNSET if none */
	bool mod_start_pfn;	     /* MOD_START_PFN non-zero */
	bool pae;		     /* PAE_MODE "yes..." or "bimodal" */
	bool bsd_symtab;	     /* BSD_SYMTAB "yes" */
	bool suspend_cancel;	     /* SUSPEND_CANCEL non-zero */
	uint32_t f_supported;	     /* XENFEAT_* bits: FEATURES (all) | SUPPORTED_FEATURES */
	uint32_t f_required;	     /* XENFEAT_* bits marked '!' in FEATURES */
	bool has_supported_features; /* the SUPPORTED_FEATURES note exists */
	uint64_t virt_kstart;	     /* pstart + (virt_base - elf_paddr_offset) */
	uint64_t virt_kend;	     /* pend, translated likewise */
	unsigned int nr_notes;	     /* "Xen" notes found */
};

/*
 * Check the ELF and program headers of @image (@size bytes, which must stay
 * readable and unchanged while @elf is in use) and fill @elf.
 */
int elf_init(struct elf_binary *elf, const void *image, uint64_t size);

/*
 * Read the Xen notes of an elf_init()ed image into @parms, apply the
 * defaults and the loader's rules and sanity checks (see libelf.c).
 */
int elf_xen_parse(struct elf_binary *elf, struct elf_dom_parms *parms);

/*
 * Write @len bytes from @src (or @len zero bytes if @src is NULL) at guest
 * virtual address @vaddr. Returns >= 0 on success, a negative errno on
 * failure.
 */
typedef int (*elf_write_fn)(void *ctx, uint64_t vaddr, const void *src, uint64_t len);

/*
 * Copy each PT_LOAD segment to virtual address
 * p_paddr + (virt_base - elf_paddr_offset) through @write_fn, then zero-fill
 * p_memsz beyond p_filesz. Stops at, and returns, the first negative
 * result of @write_fn. @parms must come from elf_xen_parse() on @elf.
 */
int elf_load(struct elf_binary *elf, const struct elf_dom_parms *parms, elf_write_fn write_fn,
	     void *ctx);

/* Name of XENFEAT_* bit @bit without the prefix, or NULL if not defined. */
const char *elf_feature_name(unsigned int bit);

#endif /* XEN_COMMON_LIBELF_H */
