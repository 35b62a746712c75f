// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest GDT: set_gdt and update_descriptor. Behaviour under test (the
 * same on Xen 4.17):
 * - set_gdt refuses a frame that is still mapped writable, and more than
 *   7168 entries (-EINVAL);
 * - after mapping the frame read-only, set_gdt installs it and a selector
 *   from it loads; a DPL 0 descriptor is stored with DPL 3 (a guest never
 *   gets a ring-0 segment);
 * - while it is a GDT frame, a writable mapping of it is refused (-EBUSY);
 * - update_descriptor refuses a system descriptor (TSS) and stores a code
 *   descriptor with DPL 3;
 * - set_gdt with no frames releases it, and it can be mapped writable
 *   again.
 */
#include <framework.h>
#include <public/errno.h>
#include <public/xen.h>

const char test_title[] = "set_gdt and update_descriptor";

static uint64_t gdt[512] __attribute__((aligned(PAGE_SIZE)));

#define DATA_DPL3 0x00cff3000000ffffUL /* flat data, DPL 3 */
#define DATA_DPL0 0x00cf93000000ffffUL /* flat data, DPL 0 */
#define CODE64_DPL0 0x00af9b000000ffffUL
#define TSS_DESC 0x0000890000000067UL /* available 64-bit TSS: a system descriptor */
#define DPL(d) (((d) >> 45) & 3)
#define PTE(mfn, flags) (((uint64_t)(mfn) << PAGE_SHIFT) | (flags))
#define RW (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define RO (_PAGE_PRESENT | _PAGE_ACCESSED)

static long remap(uint64_t flags)
{
	return HYPERVISOR_update_va_mapping((uintptr_t)gdt, PTE(virt_to_mfn(gdt), flags),
					    UVMF_INVLPG | UVMF_LOCAL);
}

void test_main(void)
{
	xen_ulong_t frame = virt_to_mfn(gdt);
	uint64_t maddr3 = (frame << PAGE_SHIFT) + 3 * 8;
	uint16_t sel;

	gdt[1] = DATA_DPL3;
	gdt[2] = DATA_DPL0;

	check_long("set_gdt of a writable-mapped frame", -XEN_EINVAL, HYPERVISOR_set_gdt(&frame, 3));
	if (!check_long("map the GDT frame read-only", 0, remap(RO)))
		return;
	check_long("set_gdt with 7169 entries", -XEN_EINVAL, HYPERVISOR_set_gdt(&frame, 7169));
	if (!check_long("set_gdt", 0, HYPERVISOR_set_gdt(&frame, 4)))
		return;

	check_u64("DPL of a DPL 0 data descriptor once installed", 3, DPL(gdt[2]));
	asm volatile("mov %1, %%es; mov %%es, %0" : "=r"(sel) : "r"((uint16_t)(1 << 3 | 3)));
	check_u64("%es loaded from the guest GDT", 1 << 3 | 3, sel);
	asm volatile("mov %0, %%es" ::"r"((uint16_t)0));

	check_long("writable mapping of a GDT frame", -XEN_EBUSY, remap(RW));
	check_long("update_descriptor with a TSS descriptor", -XEN_EINVAL,
		   HYPERVISOR_update_descriptor(maddr3, TSS_DESC));
	check_long("update_descriptor with a DPL 0 code descriptor", 0,
		   HYPERVISOR_update_descriptor(maddr3, CODE64_DPL0));
	check_u64("DPL of the updated descriptor", 3, DPL(gdt[3]));
	check_long("update_descriptor at a misaligned address", -XEN_EINVAL,
		   HYPERVISOR_update_descriptor(maddr3 + 4, DATA_DPL3));

	check_long("set_gdt with no frames", 0, HYPERVISOR_set_gdt(NULL, 0));
	check_long("map the old GDT frame writable again", 0, remap(RW));
	xtf_success(NULL);
}
