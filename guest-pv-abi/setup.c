// SPDX-License-Identifier: GPL-2.0-only
/*
 * From the start-of-day assembly to the kernel's guest_main(): keep the
 * start_info pointer, read the library's command-line options, install
 * the trap table, and power off when guest_main() returns. Also the
 * lazily mapped shared_info page and the P2M lookups built on start_info.
 *
 * Kept minimal on purpose: a hypervisor that is still growing its PV
 * support can run a kernel that only prints (console_io), installs traps
 * (set_trap_table) and shuts down (sched_op). shared_info costs an
 * update_va_mapping, so it is mapped only when something needs it.
 */
#include <public/sched.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/traps.h>

#ifndef GUEST_HYPERCALL_PAGE
#define GUEST_HYPERCALL_PAGE 0
#endif

start_info_t *start_info;
uint8_t hypercall_use_page = GUEST_HYPERCALL_PAGE;

/* The VA shared_info is mapped at: a page of our own BSS, remapped. */
static uint8_t shared_info_va[PAGE_SIZE]
	__attribute__((aligned(PAGE_SIZE), section(".bss.page_aligned")));
static shared_info_t *shared_info_ptr;

shared_info_t *shared_info(void)
{
	long rc;

	if (shared_info_ptr)
		return shared_info_ptr;
	/* start_info.shared_info is a machine address: map it ourselves. */
	rc = HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)shared_info_va,
					  start_info->shared_info | _PAGE_PRESENT | _PAGE_RW |
						  _PAGE_ACCESSED | _PAGE_DIRTY,
					  UVMF_INVLPG | UVMF_LOCAL);
	if (rc)
		panic("mapping shared_info (maddr %#llx): update_va_mapping: %ld",
		      (unsigned long long)start_info->shared_info, rc);
	shared_info_ptr = (shared_info_t *)shared_info_va;
	return shared_info_ptr;
}

uint64_t pfn_to_mfn(uint64_t pfn)
{
	const uint64_t *p2m = (const uint64_t *)(uintptr_t)start_info->mfn_list;

	if (pfn >= start_info->nr_pages)
		panic("pfn_to_mfn: pfn %#llx beyond nr_pages %#llx", (unsigned long long)pfn,
		      (unsigned long long)start_info->nr_pages);
	return p2m[pfn];
}

uint64_t virt_to_mfn(const void *va)
{
	/* No VIRT_BASE note: virtual address = pseudo-physical address. */
	return pfn_to_mfn((uintptr_t)va >> PAGE_SHIFT);
}

bool cmdline_option(const char *name, char *value, size_t size)
{
	const char *p = (const char *)start_info->cmd_line;
	const char *end = p + strnlen(p, MAX_GUEST_CMDLINE);
	size_t nlen = strlen(name);

	while (p < end) {
		const char *word = p;

		while (p < end && *p != ' ')
			p++;
		if ((size_t)(p - word) > nlen && !strncmp(word, name, nlen) && word[nlen] == '=') {
			size_t vlen = p - word - nlen - 1;

			if (size == 0)
				return true;
			if (vlen >= size)
				vlen = size - 1;
			memcpy(value, word + nlen + 1, vlen);
			value[vlen] = '\0';
			return true;
		}
		while (p < end && *p == ' ')
			p++;
	}
	return false;
}

void guest_shutdown(unsigned int reason)
{
	struct sched_shutdown arg = {.reason = reason};

	HYPERVISOR_sched_op(SCHEDOP_shutdown, &arg);
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/* Called by _start with the builder's start_info; never returns. */
void guest_start(start_info_t *si);
void guest_start(start_info_t *si)
{
	char opt[16];

	start_info = si;
	if (cmdline_option("hypercall", opt, sizeof(opt))) {
		if (!strcmp(opt, "page"))
			hypercall_use_page = 1;
		else if (!strcmp(opt, "syscall"))
			hypercall_use_page = 0;
		else
			printk("guest: unknown hypercall=%s ignored\n", opt);
	}
	/* Xen appends "p" when the PAE_MODE note says "yes": "xen-3.0-x86_64p". */
	if (strncmp(si->magic, "xen-3.0-x86_64", 14))
		panic("start_info magic is \"%.32s\", expected \"xen-3.0-x86_64...\"", si->magic);

	traps_init();
	guest_main();
	guest_shutdown(SHUTDOWN_poweroff);
}
