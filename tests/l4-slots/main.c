// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a PV guest can see of the hypervisor through its own L4: slots
 * 256-271, which every guest L4 gets from the hypervisor (issue 21;
 * docs/security.md has the audit). Behaviour under test, as Xen 4.17
 * gives it:
 * - slot 256 (the read-only M2P) is present, user-accessible, read-only
 *   and non-executable in the L4 entry itself (it used to lack NX here);
 * - no other hypervisor slot is user-accessible, so the guest kernel
 *   (ring 3) reads nothing there: a load from the start of each of slots
 *   257-271 is a #PF;
 * - the M2P can be read but not executed: a jump to it is a #PF for an
 *   instruction fetch (when the CPU has NX).
 */
#include <framework.h>
#include <mm.h>

const char test_title[] = "Hypervisor L4 slots 256-271 as a PV guest sees them";

#define SLOT_VA(n) (0xffff000000000000UL | ((uint64_t)(n) << 39))

static bool cpu_has_nx(void)
{
	uint32_t a = 0x80000000, b, c, d;

	asm volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	if (a < 0x80000001)
		return false;
	a = 0x80000001;
	asm volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	return d & (1U << 20);
}

/* Jump to the first byte of the M2P; the #PF's fixup comes back here. */
static exinfo_t exec_m2p(void)
{
	exinfo_t f = 0;

	asm volatile("jmp *%[t]\n\t"
		     "2:\n\t" _ASM_EXTABLE(0xffff800000000000, 2b)
		     : "+a"(f)
		     : [t] "r"(MACH2PHYS_VIRT_START)
		     : "memory");
	return f;
}

static void test_slot_256(void)
{
	uint64_t e = mm_boot_l4[256], v = 0;
	exinfo_t f;

	check_u64("slot 256: present", _PAGE_PRESENT, e & _PAGE_PRESENT);
	check_u64("slot 256: user-accessible", _PAGE_USER, e & _PAGE_USER);
	check_u64("slot 256: read-only", 0, e & _PAGE_RW);
	check_u64("slot 256: NX", _PAGE_NX, e & _PAGE_NX);
	check_exinfo("read of the M2P", 0, mm_read64(M2P, &v));
	if (!cpu_has_nx()) {
		printk("No NX on this CPU: the M2P execute check is skipped\n");
		return;
	}
	f = exec_m2p();
	check_u64("jump to the M2P: #PF", X86_EXC_PF, exinfo_vec(f));
	check_u64("jump to the M2P: present, instruction fetch, not a write",
		  PFEC_PRESENT | PFEC_INSN, exinfo_ec(f) & (PFEC_PRESENT | PFEC_INSN | PFEC_WRITE));
}

static void test_other_slots(void)
{
	char what[64];
	unsigned int slot;
	uint64_t v;

	for (slot = 257; slot <= 271; slot++) {
		snprintf(what, sizeof(what), "slot %u: user-accessible bit", slot);
		check_u64(what, 0, mm_boot_l4[slot] & _PAGE_USER);
		snprintf(what, sizeof(what), "slot %u: read of its first byte", slot);
		check_u64(what, X86_EXC_PF, exinfo_vec(mm_read64((const void *)SLOT_VA(slot), &v)));
	}
}

void test_main(void)
{
	test_slot_256();
	test_other_slots();
	xtf_success(NULL);
}
