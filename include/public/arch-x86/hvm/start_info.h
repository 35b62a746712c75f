/* SPDX-License-Identifier: MIT */
/*
 * The PVH boot block: a PVH kernel is entered in 32-bit flat mode with
 * EBX holding the physical address of a struct hvm_start_info. All
 * addresses here are physical and 64-bit, all structures 8-byte
 * aligned. Version 0 ends after rsdp_paddr;
 * version 1 adds the memory map.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_HVM_START_INFO_H__
#define __XEN_PUBLIC_ARCH_X86_HVM_START_INFO_H__

#ifndef XEN_PUBLIC_NO_STDINT
#include <stdint.h>
#endif

#define XEN_HVM_START_MAGIC_VALUE 0x336ec578

/* hvm_memmap_table_entry.type: the E820 types. */
#define XEN_HVM_MEMMAP_TYPE_RAM      1
#define XEN_HVM_MEMMAP_TYPE_RESERVED 2
#define XEN_HVM_MEMMAP_TYPE_ACPI     3
#define XEN_HVM_MEMMAP_TYPE_NVS      4
#define XEN_HVM_MEMMAP_TYPE_UNUSABLE 5
#define XEN_HVM_MEMMAP_TYPE_DISABLED 6
#define XEN_HVM_MEMMAP_TYPE_PMEM     7

struct hvm_start_info {
	uint32_t magic;          /* XEN_HVM_START_MAGIC_VALUE */
	uint32_t version;        /* 0 or 1 */
	uint32_t flags;          /* SIF_* from xen.h */
	uint32_t nr_modules;     /* entries at modlist_paddr */
	uint64_t modlist_paddr;  /* struct hvm_modlist_entry[nr_modules] */
	uint64_t cmdline_paddr;  /* NUL-terminated command line, or 0 */
	uint64_t rsdp_paddr;     /* ACPI RSDP, or 0 (then search for it) */
	/* version 1 and later: */
	uint64_t memmap_paddr;   /* struct hvm_memmap_table_entry[] */
	uint32_t memmap_entries;
	uint32_t reserved;       /* zero */
};

struct hvm_modlist_entry {
	uint64_t paddr;          /* start of the module */
	uint64_t size;           /* its length in bytes */
	uint64_t cmdline_paddr;  /* its command line, or 0 */
	uint64_t reserved;
};

struct hvm_memmap_table_entry {
	uint64_t addr;           /* start of the range */
	uint64_t size;           /* its length in bytes */
	uint32_t type;           /* XEN_HVM_MEMMAP_TYPE_* */
	uint32_t reserved;       /* zero */
};

#endif /* __XEN_PUBLIC_ARCH_X86_HVM_START_INFO_H__ */
