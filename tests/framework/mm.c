// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page-table helpers for the PV MMU test kernels (see mm.h): free frames
 * found by probing for the end of the builder's initial mapping, and a
 * scratch window whose tables are padding pages, remapped read-only and
 * filled with mmu_update before the boot L4 links them in. A kernel that
 * never calls mm_init() pays nothing for it (no page-sized BSS).
 */
#include <framework.h>

#include "mm.h"

const volatile uint64_t *mm_window_l1, *mm_window_l2, *mm_window_l3;

uint64_t mm_first_spare_pfn;
static uint64_t next_spare_pfn, next_padding_pfn;

long mmu_update1(uint64_t maddr, unsigned int cmd, uint64_t val)
{
	mmu_update_t req = {.ptr = maddr | cmd, .val = val};

	return HYPERVISOR_mmu_update(&req, 1, NULL, DOMID_SELF);
}

long mmuext_mfn(unsigned int cmd, uint64_t mfn)
{
	mmuext_op_t op = {.cmd = cmd, .arg1.mfn = mfn};

	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long mmuext_va(unsigned int cmd, uint64_t va)
{
	mmuext_op_t op = {.cmd = cmd, .arg1.linear_addr = va};

	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long mm_pin(unsigned int level, uint64_t mfn)
{
	return mmuext_mfn(MMUEXT_PIN_L1_TABLE + level - 1, mfn);
}

long mm_unpin(uint64_t mfn)
{
	return mmuext_mfn(MMUEXT_UNPIN_TABLE, mfn);
}

exinfo_t mm_read64(const volatile void *p, uint64_t *v)
{
	exinfo_t fault = 0;
	uint64_t x = *v;

	asm volatile("1: mov (%[p]), %[x]; 2:" _ASM_EXTABLE(1b, 2b)
		     : "+a"(fault), [x] "+r"(x)
		     : [p] "r"(p)
		     : "memory");
	if (!fault)
		*v = x;
	return fault;
}

exinfo_t mm_write64(volatile void *p, uint64_t v)
{
	exinfo_t fault = 0;

	asm volatile("1: mov %[v], (%[p]); 2:" _ASM_EXTABLE(1b, 2b)
		     : "+a"(fault)
		     : [p] "r"(p), [v] "r"(v)
		     : "memory");
	return fault;
}

static long remap_self(const void *page, uint64_t flags)
{
	uintptr_t va = (uintptr_t)page;

	return HYPERVISOR_update_va_mapping(va, PTE(virt_to_mfn(page), flags),
					    UVMF_INVLPG | UVMF_LOCAL);
}

long mm_make_readonly(const void *page)
{
	return remap_self(page, PTE_RO);
}

long mm_make_writable(const void *page)
{
	return remap_self(page, PTE_RW);
}

uint64_t mm_boot_l4_mfn(void)
{
	return virt_to_mfn((const void *)(uintptr_t)start_info->pt_base);
}

void *mm_alloc_page(void)
{
	void *page;

	/* Before mm_init() both limits are 0: nothing to hand out. */
	if (next_padding_pfn >= mm_first_spare_pfn)
		return NULL;
	page = (void *)(uintptr_t)(next_padding_pfn++ << PAGE_SHIFT);
	memset(page, 0, PAGE_SIZE);
	return page;
}

uint64_t mm_alloc_pfn(void)
{
	if (!mm_first_spare_pfn || next_spare_pfn >= start_info->nr_pages)
		return MM_NO_FRAME;
	return next_spare_pfn++;
}

uint64_t mm_window_l1_mfn(unsigned int n)
{
	return virt_to_mfn((const void *)&mm_window_l1[n * PT_ENTRIES]);
}

uint64_t mm_window_pte_maddr(unsigned int i)
{
	return PT_ENTRY_MADDR(mm_window_l1_mfn(i / PT_ENTRIES), i % PT_ENTRIES);
}

long mm_window_map(unsigned int i, uint64_t pte)
{
	return HYPERVISOR_update_va_mapping((uintptr_t)mm_window_va(i), pte,
					    UVMF_INVLPG | UVMF_LOCAL);
}

/*
 * v_end: the builder maps every page from 0 up to it, the boot stack (the
 * page after the boot page tables) being the last thing it placed.
 */
static uint64_t find_first_unmapped_pfn(uint64_t pfn)
{
	for (; pfn < start_info->nr_pages; pfn++) {
		uint64_t v = 0;

		if (mm_read64((const void *)(pfn << PAGE_SHIFT), &v))
			break;
	}
	return pfn;
}

/* n consecutive zeroed padding pages, remapped read-only; NULL if short. */
static const volatile uint64_t *alloc_tables(unsigned int n, long *rc)
{
	const volatile uint64_t *first = NULL;

	*rc = 0;
	if (mm_first_spare_pfn - next_padding_pfn < n)
		return NULL;
	for (unsigned int k = 0; k < n && !*rc; k++) {
		void *page = mm_alloc_page();

		if (!first)
			first = page;
		*rc = mm_make_readonly(page);
	}
	return *rc ? NULL : first;
}

long mm_init(const char **what)
{
	uint64_t stack_pfn = (start_info->pt_base >> PAGE_SHIFT) + start_info->nr_pt_frames;
	mmu_update_t req[MM_WINDOW_L1S + 1];
	long rc;

	/* The #PF fixup reads CR2 from shared_info: map it before any probe faults. */
	shared_info();
	next_padding_pfn = stack_pfn + 1;
	mm_first_spare_pfn = next_spare_pfn = find_first_unmapped_pfn(stack_pfn);

	*what = "update_va_mapping (a window table read-only)";
	mm_window_l1 = alloc_tables(MM_WINDOW_L1S, &rc);
	if (mm_window_l1)
		mm_window_l2 = alloc_tables(1, &rc);
	if (mm_window_l2)
		mm_window_l3 = alloc_tables(1, &rc);
	if (!mm_window_l3)
		return rc ? rc : -XEN_ENOMEM;

	/* Plain writes: none of these pages has a type yet. */
	for (unsigned int n = 0; n < MM_WINDOW_L1S; n++)
		req[n] = (mmu_update_t){
			.ptr = PT_ENTRY_MADDR(virt_to_mfn((const void *)mm_window_l2), n) |
			       MMU_NORMAL_PT_UPDATE,
			.val = PTE(mm_window_l1_mfn(n), PTE_TABLE),
		};
	req[MM_WINDOW_L1S] = (mmu_update_t){
		.ptr = PT_ENTRY_MADDR(virt_to_mfn((const void *)mm_window_l3),
				      PT_INDEX(MM_WINDOW_VA, 3)) |
		       MMU_NORMAL_PT_UPDATE,
		.val = PTE(virt_to_mfn((const void *)mm_window_l2), PTE_TABLE),
	};
	*what = "mmu_update (fill the window's L2 and L3)";
	rc = HYPERVISOR_mmu_update(req, ARRAY_SIZE(req), NULL, DOMID_SELF);
	if (rc)
		return rc;

	/* Validates the L3, the L2 and the L1s underneath. */
	*what = "mmu_update (link the window into the boot L4)";
	return mmu_update1(PT_ENTRY_MADDR(mm_boot_l4_mfn(), PT_INDEX(MM_WINDOW_VA, 4)),
			   MMU_NORMAL_PT_UPDATE,
			   PTE(virt_to_mfn((const void *)mm_window_l3), PTE_TABLE));
}

bool mm_setup(void)
{
	const char *what = "";
	long rc = mm_init(&what);

	if (rc)
		xtf_error("mm_init: %s: %ld", what, rc);
	return !rc;
}

bool mm_tagged_frames(uint64_t *mfn, const uint64_t *tag, unsigned int n)
{
	for (unsigned int k = 0; k < n; k++) {
		uint64_t pfn = mm_alloc_pfn();

		if (pfn == MM_NO_FRAME) {
			xtf_error("spare frames: none left");
			return false;
		}
		mfn[k] = pfn_to_mfn(pfn);
		if (!check_long("map a data frame", 0, mm_window_map(0, PTE(mfn[k], PTE_RW))) ||
		    !check_exinfo("write its tag", 0, mm_write64(mm_window_va(0), tag[k])))
			return false;
	}
	return check_long("unmap it", 0, mm_window_map(0, 0));
}
