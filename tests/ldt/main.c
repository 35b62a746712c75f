// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest LDT: MMUEXT_SET_LDT. Behaviour under test (the same on Xen
 * 4.17):
 * - more than 8192 entries, or a base that is not page-aligned, is
 *   -EINVAL;
 * - with the LDT page mapped read-only, SET_LDT installs it and an LDT
 *   selector (TI set) loads into %fs; a DPL 0 data descriptor in it is
 *   refused by the CPU no more than a DPL 3 one, because it is stored
 *   with DPL 3;
 * - while the page is in use as an LDT, a writable mapping of it is
 *   refused (-EBUSY);
 * - SET_LDT with 0 entries releases it: an LDT selector then faults
 *   (#GP) and the page can be mapped writable again.
 */
#include <framework.h>
#include <public/errno.h>
#include <public/xen.h>

const char test_title[] = "MMUEXT_SET_LDT";

static uint64_t ldt[512] __attribute__((aligned(PAGE_SIZE)));

#define DATA_DPL3 0x00cff3000000ffffUL /* flat data, DPL 3 */
#define DATA_DPL0 0x00cf93000000ffffUL /* flat data, DPL 0: stored as DPL 3 */
#define LDT_SEL(i) (((i) << 3) | 4 | 3) /* TI = LDT, RPL 3 */
#define PTE(mfn, flags) (((uint64_t)(mfn) << PAGE_SHIFT) | (flags))
#define RW (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define RO (_PAGE_PRESENT | _PAGE_ACCESSED)

static long remap(uint64_t flags)
{
	return HYPERVISOR_update_va_mapping((uintptr_t)ldt, PTE(virt_to_mfn(ldt), flags),
					    UVMF_INVLPG | UVMF_LOCAL);
}

static long set_ldt(uint64_t va, unsigned int ents)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };

	op.arg1.linear_addr = va;
	op.arg2.nr_ents = ents;
	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Load @sel into %fs (then back to the null selector); the fault, if any. */
static exinfo_t load_fs(unsigned int sel)
{
	exinfo_t fault = 0;

	asm volatile("1: mov %w[s], %%fs; 2:" _ASM_EXTABLE(1b, 2b)
		     : "+a"(fault)
		     : [s] "r"(sel)
		     : "memory");
	asm volatile("mov %w0, %%fs" ::"r"(0));
	return fault;
}

void test_main(void)
{
	uint64_t va = (uintptr_t)ldt;

	ldt[0] = DATA_DPL3;
	ldt[1] = DATA_DPL0;

	check_long("8193 entries", -XEN_EINVAL, set_ldt(va, 8193));
	check_long("base not page-aligned", -XEN_EINVAL, set_ldt(va + 8, 2));

	if (!check_long("map the LDT page read-only", 0, remap(RO)))
		return;
	if (check_long("SET_LDT, 2 entries", 0, set_ldt(va, 2))) {
		check_exinfo("load LDT selector 0 (DPL 3 data)", 0, load_fs(LDT_SEL(0)));
		check_exinfo("load LDT selector 1 (written with DPL 0)", 0, load_fs(LDT_SEL(1)));
		check_u64("DPL of entry 1 as stored", 3, (ldt[1] >> 45) & 3);
		check_exinfo("selector 2, beyond the LDT limit", EXINFO_SYM(GP, LDT_SEL(2) & ~3),
			     load_fs(LDT_SEL(2)));
		check_long("writable mapping of a page in use as LDT", -XEN_EBUSY, remap(RW));
		check_long("SET_LDT, 0 entries", 0, set_ldt(0, 0));
		check_exinfo("LDT selector with no LDT", EXINFO_SYM(GP, LDT_SEL(0) & ~3),
			     load_fs(LDT_SEL(0)));
	}
	check_long("map the page writable again", 0, remap(RW));
	xtf_success(NULL);
}
