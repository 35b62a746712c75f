// SPDX-License-Identifier: GPL-2.0-only
/*
 * update_va_mapping refuses what would break isolation, and does what it
 * should otherwise. Behaviour under test (the same on Xen 4.17):
 * - a writable mapping of one of the guest's own page tables (the boot
 *   L4, and the L1 that maps the test page) is -EBUSY (Xen's answer); a
 *   read-only one is allowed and shows the table;
 * - a VA inside the hypervisor's hole, and a VA with no L1 table, are
 *   -EINVAL;
 * - unmapping works (the next access faults) and remapping restores the
 *   same data;
 * - a refused request changes nothing (the old mapping still works).
 */
#include <framework.h>
#include <public/errno.h>
#include <public/xen.h>

const char test_title[] = "update_va_mapping refusals";

static uint8_t page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

#define PTE(mfn, flags) (((uint64_t)(mfn) << PAGE_SHIFT) | (flags))
#define RW (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define RO (_PAGE_PRESENT | _PAGE_ACCESSED)

static long uvm(uint64_t va, uint64_t pte)
{
	return HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG | UVMF_LOCAL);
}

static exinfo_t read_byte(const volatile uint8_t *p, uint8_t *v)
{
	exinfo_t fault = 0;
	uint8_t x = 0;

	asm volatile("1: movb (%[p]), %[x]; 2:" _ASM_EXTABLE(1b, 2b)
		     : "+a"(fault), [x] "+r"(x)
		     : [p] "r"(p)
		     : "memory");
	*v = x;
	return fault;
}

/* The machine frame of the L1 table that maps @va (walk from pt_base). */
static uint64_t l1_mfn_of(uint64_t va)
{
	const uint64_t *t = (const uint64_t *)start_info->pt_base;
	static const unsigned int shifts[3] = { 39, 30, 21 };
	uint64_t mfn = 0;

	for (unsigned int lvl = 0; lvl < 3; lvl++) {
		mfn = (t[(va >> shifts[lvl]) & 511] >> PAGE_SHIFT) & ((1UL << 40) - 1);
		/* The initial region maps PFN n at n pages: find mfn's PFN. */
		for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++) {
			if (pfn_to_mfn(pfn) == mfn) {
				t = (const uint64_t *)(pfn << PAGE_SHIFT);
				break;
			}
		}
	}
	return mfn;
}

void test_main(void)
{
	uint64_t va = (uintptr_t)page, page_mfn = virt_to_mfn(page);
	uint64_t l4_mfn = virt_to_mfn((const void *)start_info->pt_base);
	uint64_t l1_mfn = l1_mfn_of(va);
	uint8_t b;

	memset(page, 0x5a, sizeof(page));

	check_long("writable mapping of the boot L4", -XEN_EBUSY, uvm(va, PTE(l4_mfn, RW)));
	check_long("data still mapped after a refusal", 0, read_byte(page, &b));
	check_u64("data after a refusal", 0x5a, b);
	check_long("writable mapping of the L1 mapping it", -XEN_EBUSY, uvm(va, PTE(l1_mfn, RW)));

	if (check_long("read-only mapping of the boot L4", 0, uvm(va, PTE(l4_mfn, RO)))) {
		const uint64_t *l4 = (const uint64_t *)page;

		check_u64("L4 entry for the test page, read through the read-only view", 1,
			  l4[(va >> 39) & 511] & 1);
	}

	check_long("VA in the hypervisor hole", -XEN_EINVAL,
		   uvm(HYPERVISOR_VIRT_START + 0x1000, PTE(page_mfn, RO)));
	check_long("VA with no L1 table", -XEN_EINVAL, uvm(0x40000000000UL, PTE(page_mfn, RO)));

	check_long("unmap", 0, uvm(va, 0));
	check_exinfo("access after unmap", EXINFO_SYM(PF, 0), read_byte(page, &b));
	check_long("remap read-write", 0, uvm(va, PTE(page_mfn, RW)));
	check_long("access after remap", 0, read_byte(page, &b));
	check_u64("data after remap", 0x5a, b);
	xtf_success(NULL);
}
