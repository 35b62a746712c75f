/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the boot loader told us, copied out of the Multiboot 1 or 2
 * information into hypervisor-owned storage before any memory is reused.
 * Module 0 is the dom0 kernel, module 1 its initrd (as for Xen); each
 * module keeps its own command line.
 *
 * The modules are not in a fixed table: multiboot_parse() only counts
 * them (checking every entry), mm_init() keeps the loader's list and
 * strings out of the allocators (bootinfo_reserve()), and once the heap
 * runs bootinfo_copy_modules() copies them into a table of exactly
 * nr_modules entries. Their number is bounded by memory alone.
 */
#ifndef XEN_BOOTINFO_H
#define XEN_BOOTINFO_H

#include <xen/types.h>

#define MAX_MEMMAP 128
#define MAX_CMDLINE 1024
#define MAX_MOD_CMDLINE 512

/* E820-style region types (Multiboot uses the same numbers). */
#define E820_RAM 1
#define E820_RESERVED 2
#define E820_ACPI 3
#define E820_NVS 4
#define E820_UNUSABLE 5

struct memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
};

struct boot_module {
	uint64_t start; /* physical, inclusive */
	uint64_t end;   /* physical, exclusive */
	char cmdline[MAX_MOD_CMDLINE];
};

struct boot_info {
	unsigned int protocol; /* 1 or 2 */
	char loader[64];
	char cmdline[MAX_CMDLINE];
	unsigned int nr_memmap;
	struct memmap_entry memmap[MAX_MEMMAP];
	unsigned int nr_modules;
	struct boot_module *modules;         /* NULL until bootinfo_copy_modules() */
	uint64_t mb1_mods_addr;              /* Multiboot 1: the loader's module list */
	uint64_t mem_lower_kb, mem_upper_kb; /* basic meminfo, 0 if absent */
	uint8_t rsdp_copy[36];               /* the RSDP itself (MB2 tags 14/15) */
	bool have_rsdp_copy;
	uint64_t mbi_start, mbi_end;         /* the info block itself */
};

extern struct boot_info boot_info;

/* Parse the loader's information (arch/x86/multiboot.c). */
int multiboot_parse(uint32_t magic, paddr_t info, struct boot_info *bi);
void bootinfo_print(const struct boot_info *bi);
/*
 * Call @remove on every range of memory the modules and the loader's
 * description of them occupy (the modules, the information block, a
 * Multiboot 1 module list and its strings): mm_init() keeps them out
 * of the boot allocator and the heap.
 */
void bootinfo_reserve(const struct boot_info *bi, void (*remove)(paddr_t s, paddr_t e));
/* Copy the modules into bi->modules (heap memory) and print them; panics if out of memory. */
void bootinfo_copy_modules(struct boot_info *bi);
const char *memmap_type_name(uint32_t type);

#endif /* XEN_BOOTINFO_H */
