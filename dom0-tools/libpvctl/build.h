/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libpvctl's PV domain builder (build.c): what Xen's libxc does between
 * "the domain exists" and "its vCPU 0 may run". docs/pvctl-builder.md
 * describes the layout and the order of the hypercalls.
 *
 *	pvctl_image_load(h, path, &img);	ELF or bzImage, unpacked, notes read
 *	pvctl_layout_plan(&l, &img.parms, ramdisk_len, nr_pages);
 *	pvctl_build(h, &b);			memory, pages, tables, vCPU 0
 *
 * The domain must exist (createdomain, max_vcpus, max_mem done); the
 * builder neither creates nor destroys it: its caller (lifecycle.c)
 * destroys it if a step fails. Errors are negative errno values with one
 * line in h's error naming the step.
 */
#ifndef LIBPVCTL_BUILD_H
#define LIBPVCTL_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "libelf.h"
#include "libpvctl.h"

/* A kernel ready to load: the ELF (unpacked from a bzImage if need be) and its notes. */
struct pvctl_image {
	uint8_t *elf_data; /* the ELF image: malloc()ed, or the file's mapping */
	size_t elf_size;
	size_t map_len; /* elf_data is the kernel file mapped read-only (0: malloc()ed) */
	const char *format; /* "ELF", "bzImage (gzip)", ... */
	struct elf_binary elf;
	struct elf_dom_parms parms;
};

/* Reads path and checks it; the error line names the file and the reason. */
int pvctl_image_load(struct pvctl *h, const char *path, struct pvctl_image *img);
/* The same from memory (tests); data is copied. */
int pvctl_image_parse(struct pvctl *h, const char *what, const void *data, size_t size,
		      struct pvctl_image *img);
void pvctl_image_free(struct pvctl_image *img);

/*
 * The start-of-day virtual layout, in PFNs counted from the virtual base
 * (PFN n is mapped at virt_base + n pages), libxc's order: the kernel,
 * the ramdisk, the P2M list, start_info, the xenstore page, the console
 * page, the page tables, the boot stack; everything from PFN 0 to
 * v_end_pfn is mapped in the guest's start-of-day page tables, v_end
 * rounded to 4 MiB with at least 512 KiB free after the boot stack
 * (Linux's requirement). The builder itself maps and writes PFNs 0 to
 * stack_pfn only.
 */
struct pvctl_layout {
	uint64_t virt_base;
	uint64_t nr_pages; /* memory of the domain */
	uint64_t kernel_pfn, kernel_end_pfn;
	uint64_t ramdisk_pfn, ramdisk_pages;
	uint64_t p2m_pfn, p2m_pages;
	uint64_t start_info_pfn, store_pfn, console_pfn;
	uint64_t pt_pfn, pt_pages; /* L4, then the L3s, L2s, L1s */
	unsigned int nr_l3, nr_l2, nr_l1;
	uint64_t stack_pfn;
	uint64_t v_end_pfn;
};

/*
 * Places everything for a kernel with parms, a ramdisk of ramdisk_len
 * bytes (0: none) and nr_pages of memory. -ENOMEM (with why in err) if
 * the memory cannot hold it, -EINVAL if the kernel's addresses cannot
 * be laid out.
 */
int pvctl_layout_plan(struct pvctl_layout *l, const struct elf_dom_parms *parms,
		      uint64_t ramdisk_len, uint64_t nr_pages, char *err, size_t err_size);

/*
 * Maps n frames (MFNs) of domid into pvctl with IOCTL_PRIVCMD_MMAPBATCH_V2,
 * read-write; NULL with h's error set on failure. munmap() n pages to undo.
 */
void *pvctl_map_foreign(struct pvctl *h, uint32_t domid, const uint64_t *mfns, uint64_t n);

struct pvctl_build {
	/* In. */
	uint32_t domid;
	const struct pvctl_image *kernel;
	const void *ramdisk; /* NULL for none */
	size_t ramdisk_len;
	const char *cmdline;
	uint64_t nr_pages;
	uint32_t console_domid, store_domid; /* the back ends, 0 (dom0) */
	/* Out. */
	struct pvctl_layout layout;
	uint32_t console_port, store_port; /* in the new domain */
	uint64_t console_mfn, store_mfn;
};

/*
 * Populates the domain's memory, loads the kernel and ramdisk, writes
 * P2M, start_info and page tables, allocates the console and xenstore
 * event channels, seeds their grant entries, installs the hypercall
 * page, pins the L4 and sets vCPU 0's context. The domain stays paused.
 */
int pvctl_build(struct pvctl *h, struct pvctl_build *b);

#endif /* LIBPVCTL_BUILD_H */
