// SPDX-License-Identifier: GPL-2.0-only
/*
 * Multiboot 1 and Multiboot 2 boot information, normalised into struct
 * boot_info. Everything is copied out (strings included) so the loader's
 * memory can be reused later; the loader's data is still validated (tag
 * sizes, bounds, entry sizes), because a broken loader should get a clear
 * panic rather than a wild read. The modules are counted and checked at
 * once but copied only when the heap runs, into a table of their number
 * (xen/bootinfo.h): until then the loader's list stays where it is,
 * reserved.
 *
 * Runs on the boot page tables, whose direct map covers the low 4 GiB,
 * where both protocols place their data.
 */
#include <xen/bootinfo.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/xmalloc.h>
#include <asm/page.h>

#define MB1_BOOT_MAGIC 0x2badb002
#define MB2_BOOT_MAGIC 0x36d76289
#define LOW_LIMIT (1ULL << 32)

#define MB1_INFO_MEMORY (1U << 0)
#define MB1_INFO_CMDLINE (1U << 2)
#define MB1_INFO_MODS (1U << 3)
#define MB1_INFO_MMAP (1U << 6)
#define MB1_INFO_LOADER (1U << 9)

struct mb1_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr, config_table, boot_loader_name;
};

struct mb1_module {
	uint32_t mod_start, mod_end, string, reserved;
};

struct __packed mb1_mmap {
	uint32_t size;
	uint64_t addr, len;
	uint32_t type;
};

struct mb2_tag {
	uint32_t type, size;
};

#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_LOADER 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_MEMINFO 4
#define MB2_TAG_MMAP 6
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15

struct boot_info boot_info;

const char *memmap_type_name(uint32_t type)
{
	switch (type) {
	case E820_RAM: return "usable";
	case E820_RESERVED: return "reserved";
	case E820_ACPI: return "ACPI data";
	case E820_NVS: return "ACPI NVS";
	case E820_UNUSABLE: return "unusable";
	default: return "unknown";
	}
}

static const void *low_ptr(uint64_t pa, uint64_t len)
{
	if (!pa || pa >= LOW_LIMIT || len > LOW_LIMIT - pa)
		return NULL;
	return maddr_to_virt(pa);
}

/* Copy a NUL-terminated string from the loader, bounded. */
static void copy_str(char *dst, size_t size, uint64_t pa)
{
	const char *s = low_ptr(pa, 1);
	size_t i;

	dst[0] = '\0';
	if (!s)
		return;
	for (i = 0; i + 1 < size && pa + i < LOW_LIMIT && s[i]; i++)
		dst[i] = s[i];
	dst[i] = '\0';
}

static void add_memmap(struct boot_info *bi, uint64_t addr, uint64_t size,
		       uint32_t type)
{
	if (!size)
		return;
	if (bi->nr_memmap == MAX_MEMMAP)
		panic("Boot memory map has more than %u entries", MAX_MEMMAP);
	bi->memmap[bi->nr_memmap++] = (struct memmap_entry){ addr, size, type };
}

/*
 * One module as the loader describes it: its extent, and its command
 * line at @str_pa, at most @str_max bytes with the NUL (a Multiboot 2
 * tag's own length; unbounded in Multiboot 1).
 */
typedef void (*module_fn)(void *arg, unsigned int i, uint64_t start, uint64_t end,
			  uint64_t str_pa, size_t str_max);

/* Call @fn for each module of the loader's information, in order. */
static void walk_modules(const struct boot_info *bi, module_fn fn, void *arg)
{
	unsigned int i = 0;
	uint64_t p;

	if (bi->protocol == 1) {
		const struct mb1_module *mods =
			low_ptr(bi->mb1_mods_addr, (uint64_t)bi->nr_modules * sizeof(*mods));

		for (i = 0; mods && i < bi->nr_modules; i++)
			fn(arg, i, mods[i].mod_start, mods[i].mod_end, mods[i].string,
			   MAX_MOD_CMDLINE);
		return;
	}
	/* Multiboot 2: parse_mb2() checked every tag's size. */
	for (p = bi->mbi_start + 8; p + sizeof(struct mb2_tag) <= bi->mbi_end;
	     p = ROUNDUP(p + ((const struct mb2_tag *)maddr_to_virt(p))->size, 8UL)) {
		const struct mb2_tag *tag = maddr_to_virt(p);
		const uint32_t *m = (const uint32_t *)(tag + 1);

		if (tag->type == MB2_TAG_END)
			break;
		if (tag->type == MB2_TAG_MODULE)
			fn(arg, i++, m[0], m[1], p + sizeof(*tag) + 8,
			   min((size_t)MAX_MOD_CMDLINE, (size_t)(tag->size - sizeof(*tag) - 8) + 1));
	}
}

static void check_module(void *arg, unsigned int i, uint64_t start, uint64_t end,
			 uint64_t str_pa, size_t str_max)
{
	(void)arg;
	(void)str_pa;
	(void)str_max;
	if (end < start)
		panic("Boot module %u ends (%#lx) before it starts (%#lx)", i,
		      (unsigned long)end, (unsigned long)start);
}

static void add_module(struct boot_info *bi)
{
	bi->nr_modules++; /* counted now, copied by bootinfo_copy_modules() */
}

static int parse_mb1(paddr_t info, struct boot_info *bi)
{
	const struct mb1_info *mbi = low_ptr(info, sizeof(*mbi));
	unsigned int i;

	if (!mbi)
		return -EINVAL;
	bi->protocol = 1;
	bi->mbi_start = info;
	bi->mbi_end = info + sizeof(*mbi);
	if (mbi->flags & MB1_INFO_LOADER)
		copy_str(bi->loader, sizeof(bi->loader), mbi->boot_loader_name);
	if (mbi->flags & MB1_INFO_CMDLINE)
		copy_str(bi->cmdline, sizeof(bi->cmdline), mbi->cmdline);
	if (mbi->flags & MB1_INFO_MEMORY) {
		bi->mem_lower_kb = mbi->mem_lower;
		bi->mem_upper_kb = mbi->mem_upper;
	}
	if (mbi->flags & MB1_INFO_MMAP) {
		uint64_t p = mbi->mmap_addr, end = p + mbi->mmap_length;

		if (!low_ptr(p, mbi->mmap_length))
			panic("Multiboot memory map at %#lx+%#x is out of range",
			      (unsigned long)p, mbi->mmap_length);
		while (p + sizeof(struct mb1_mmap) <= end) {
			const struct mb1_mmap *e = maddr_to_virt(p);

			if (e->size < 20)
				panic("Multiboot memory map entry of size %u", e->size);
			add_memmap(bi, e->addr, e->len, e->type);
			p += e->size + 4;
		}
	} else if (mbi->flags & MB1_INFO_MEMORY) {
		add_memmap(bi, 0, bi->mem_lower_kb << 10, E820_RAM);
		add_memmap(bi, 1 << 20, bi->mem_upper_kb << 10, E820_RAM);
	}
	if (mbi->flags & MB1_INFO_MODS) {
		const struct mb1_module *mods =
			low_ptr(mbi->mods_addr, (uint64_t)mbi->mods_count * sizeof(*mods));

		if (mbi->mods_count && !mods)
			panic("Multiboot module list at %#x is out of range", mbi->mods_addr);
		bi->mb1_mods_addr = mbi->mods_addr;
		for (i = 0; i < mbi->mods_count; i++)
			add_module(bi);
	}
	return 0;
}

static int parse_mb2(paddr_t info, struct boot_info *bi)
{
	const uint32_t *hdr = low_ptr(info, 8);
	uint32_t total;
	uint64_t p, end;

	if (!hdr)
		return -EINVAL;
	total = hdr[0];
	if (total < 16 || !low_ptr(info, total))
		panic("Multiboot 2 information has a bad size (%u bytes)", total);
	bi->protocol = 2;
	bi->mbi_start = info;
	bi->mbi_end = info + total;
	end = info + total;
	for (p = info + 8; p + sizeof(struct mb2_tag) <= end;
	     p = ROUNDUP(p + ((const struct mb2_tag *)maddr_to_virt(p))->size, 8UL)) {
		const struct mb2_tag *tag = maddr_to_virt(p);
		const uint8_t *body = (const uint8_t *)(tag + 1);
		uint32_t blen = tag->size - sizeof(*tag);

		if (tag->size < sizeof(*tag) || p + tag->size > end)
			panic("Multiboot 2 tag type %u at %#lx has a bad size %u",
			      tag->type, (unsigned long)p, tag->size);
		if (tag->type == MB2_TAG_END)
			break;
		switch (tag->type) {
		case MB2_TAG_CMDLINE:
			copy_str(bi->cmdline, min(sizeof(bi->cmdline), (size_t)blen + 1),
				 p + sizeof(*tag));
			break;
		case MB2_TAG_LOADER:
			copy_str(bi->loader, min(sizeof(bi->loader), (size_t)blen + 1),
				 p + sizeof(*tag));
			break;
		case MB2_TAG_MEMINFO:
			if (blen >= 8) {
				bi->mem_lower_kb = ((const uint32_t *)body)[0];
				bi->mem_upper_kb = ((const uint32_t *)body)[1];
			}
			break;
		case MB2_TAG_MODULE:
			if (blen < 8)
				panic("Multiboot 2 module tag too short (%u)", tag->size);
			add_module(bi);
			break;
		case MB2_TAG_MMAP: {
			uint32_t esize = ((const uint32_t *)body)[0];
			uint64_t e;

			if (blen < 8 || esize < 24)
				panic("Multiboot 2 memory map has entry size %u", esize);
			for (e = 8; e + esize <= blen; e += esize) {
				const uint8_t *ent = body + e;

				add_memmap(bi, *(const uint64_t *)ent,
					   *(const uint64_t *)(ent + 8),
					   *(const uint32_t *)(ent + 16));
			}
			break;
		}
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			/* Prefer the ACPI 2.0+ copy (tag 15) whatever the tag order. */
			if (blen >= 20 && (!bi->have_rsdp_copy || tag->type == MB2_TAG_ACPI_NEW)) {
				memcpy(bi->rsdp_copy, body, min((size_t)blen, sizeof(bi->rsdp_copy)));
				bi->have_rsdp_copy = true;
			}
			break;
		default:
			break;
		}
	}
	if (!bi->nr_memmap && (bi->mem_lower_kb || bi->mem_upper_kb)) {
		add_memmap(bi, 0, bi->mem_lower_kb << 10, E820_RAM);
		add_memmap(bi, 1 << 20, bi->mem_upper_kb << 10, E820_RAM);
	}
	return 0;
}

/*
 * Loaders other than GRUB 2 (QEMU's, GRUB legacy, iPXE...) put the image's
 * own file name first on every command line, as Xen also assumes; drop it
 * so the hypervisor and module command lines hold only arguments.
 */
static void strip_image_name(char *s)
{
	char *p = s;

	while (*p == ' ')
		p++;
	while (*p && *p != ' ')
		p++;
	while (*p == ' ')
		p++;
	memmove(s, p, strlen(p) + 1);
}

int multiboot_parse(uint32_t magic, paddr_t info, struct boot_info *bi)
{
	int rc;

	memset(bi, 0, sizeof(*bi));
	switch (magic) {
	case MB1_BOOT_MAGIC:
		rc = parse_mb1(info, bi);
		break;
	case MB2_BOOT_MAGIC:
		rc = parse_mb2(info, bi);
		break;
	default:
		return -EINVAL;
	}
	if (rc)
		return rc;
	walk_modules(bi, check_module, NULL);
	if (strncmp(bi->loader, "GRUB 2", 6))
		strip_image_name(bi->cmdline);
	return 0;
}

static uint32_t fnv1a32(const uint8_t *p, uint64_t len)
{
	uint32_t h = 2166136261U;

	while (len--)
		h = (h ^ *p++) * 16777619U;
	return h;
}

struct reserve_arg {
	void (*remove)(paddr_t s, paddr_t e);
	int protocol;
};

static void reserve_module(void *arg, unsigned int i, uint64_t start, uint64_t end,
			   uint64_t str_pa, size_t str_max)
{
	const struct reserve_arg *a = arg;
	const char *str = low_ptr(str_pa, 1);
	size_t len = 0;

	(void)i;
	a->remove(ROUNDDOWN(start, PAGE_SIZE), ROUNDUP(end, PAGE_SIZE));
	/* A Multiboot 1 string lies anywhere; a Multiboot 2 one is in the block. */
	if (a->protocol == 1 && str) {
		while (len + 1 < str_max && str_pa + len + 1 < LOW_LIMIT && str[len])
			len++;
		a->remove(ROUNDDOWN(str_pa, PAGE_SIZE), ROUNDUP(str_pa + len + 1, PAGE_SIZE));
	}
}

void bootinfo_reserve(const struct boot_info *bi, void (*remove)(paddr_t s, paddr_t e))
{
	struct reserve_arg a = {remove, (int)bi->protocol};

	remove(ROUNDDOWN(bi->mbi_start, PAGE_SIZE), ROUNDUP(bi->mbi_end, PAGE_SIZE));
	if (bi->protocol == 1 && bi->nr_modules)
		remove(ROUNDDOWN(bi->mb1_mods_addr, PAGE_SIZE),
		       ROUNDUP(bi->mb1_mods_addr + bi->nr_modules * sizeof(struct mb1_module),
			       PAGE_SIZE));
	walk_modules(bi, reserve_module, &a);
}

static void copy_module(void *arg, unsigned int i, uint64_t start, uint64_t end,
			uint64_t str_pa, size_t str_max)
{
	struct boot_module *m = &((struct boot_module *)arg)[i];

	m->start = start;
	m->end = end;
	copy_str(m->cmdline, min(sizeof(m->cmdline), str_max), str_pa);
}

void bootinfo_copy_modules(struct boot_info *bi)
{
	unsigned int i;

	if (!bi->nr_modules)
		return;
	bi->modules = xzalloc_array(struct boot_module, bi->nr_modules);
	if (!bi->modules)
		panic("Out of memory for the table of %u boot modules", bi->nr_modules);
	walk_modules(bi, copy_module, bi->modules);
	for (i = 0; i < bi->nr_modules; i++) {
		const struct boot_module *m = &bi->modules[i];

		if (strncmp(bi->loader, "GRUB 2", 6))
			strip_image_name(bi->modules[i].cmdline);
		printk(" Module %u: [%016lx, %016lx) %lu bytes, cmdline \"%s\"\n", i,
		       (unsigned long)m->start, (unsigned long)m->end,
		       (unsigned long)(m->end - m->start), m->cmdline);
		/* Content check for tests and bug reports; costs a pass over the module. */
		if (loglvl_allows(console_loglevel, XENLOG_LVL_DEBUG))
			printk(XENLOG_DEBUG " Module %u: fnv1a32 %08x\n", i,
			       fnv1a32(maddr_to_virt(m->start), m->end - m->start));
	}
}


void bootinfo_print(const struct boot_info *bi)
{
	uint64_t usable = 0;
	unsigned int i;

	printk("Bootloader: %s (Multiboot %u)\n",
	       bi->loader[0] ? bi->loader : "unknown", bi->protocol);
	printk("Command line: %s\n", bi->cmdline);
	printk("Physical RAM map (%u entries):\n", bi->nr_memmap);
	for (i = 0; i < bi->nr_memmap; i++) {
		const struct memmap_entry *e = &bi->memmap[i];

		printk(" [%016lx, %016lx] (%s)\n", (unsigned long)e->addr,
		       (unsigned long)(e->addr + e->size - 1), memmap_type_name(e->type));
		if (e->type == E820_RAM)
			usable += e->size;
	}
	printk("Usable RAM: %lu KiB (%lu MiB)\n", (unsigned long)(usable >> 10),
	       (unsigned long)(usable >> 20));
	printk("Modules: %u\n", bi->nr_modules);
}
