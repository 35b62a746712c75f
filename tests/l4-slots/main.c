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
 *   instruction fetch (when the CPU has NX);
 * - which L4s get the M2P at all (VMASST_TYPE_m2p_strict): by default a
 *   newly pinned L4 has slot 256 empty and gets it only when it becomes
 *   a kernel base pointer, so a user page table (NEW_USER_BASEPTR) never
 *   shows the M2P to user space; with m2p_strict enabled a new L4 has it
 *   from the start and loses it when it becomes a user base pointer.
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

/* A new L4 with no guest entries, pinned: its frame, or 0 (reported) on failure. */
static uint64_t new_l4(const volatile uint64_t **l4)
{
	volatile uint64_t *page = mm_alloc_page();
	uint64_t mfn;

	if (!page) {
		xtf_error("padding page for an L4: none left");
		return 0;
	}
	mfn = virt_to_mfn((const void *)page);
	if (!check_long("remap the new L4 read-only", 0, mm_make_readonly((const void *)page)) ||
	    !check_long("pin the new L4", 0, mm_pin(4, mfn)))
		return 0;
	*l4 = page;
	return mfn;
}

static void test_m2p_strict(void)
{
	const volatile uint64_t *a, *b;
	uint64_t mfn_a, mfn_b, m2p = mm_boot_l4[256];

	if (!mm_setup())
		return;
	/* Default: a new L4 lacks the M2P; as a user base pointer it still does. */
	mfn_a = new_l4(&a);
	if (!mfn_a)
		return;
	check_u64("new L4 without m2p_strict: slot 256 empty", 0, a[256]);
	check_u64("new L4: slot 261 (the hypervisor) as in the boot L4", mm_boot_l4[261], a[261]);
	check_long("NEW_USER_BASEPTR to it", 0, mmuext_mfn(MMUEXT_NEW_USER_BASEPTR, mfn_a));
	check_u64("user base pointer without m2p_strict: slot 256 still empty", 0, a[256]);

	/* m2p_strict: a new L4 has it, and loses it as a user base pointer. */
	if (!check_long("vm_assist enable m2p_strict", 0,
			HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_m2p_strict)))
		goto out;
	mfn_b = new_l4(&b);
	if (!mfn_b)
		goto out;
	check_u64("new L4 with m2p_strict: slot 256 the M2P", m2p, b[256]);
	check_long("NEW_USER_BASEPTR to it", 0, mmuext_mfn(MMUEXT_NEW_USER_BASEPTR, mfn_b));
	check_u64("user base pointer with m2p_strict: slot 256 zapped", 0, b[256]);
	check_u64("the kernel's L4 keeps the M2P", m2p, mm_boot_l4[256]);
out:
	check_long("vm_assist disable m2p_strict", 0,
		   HYPERVISOR_vm_assist(VMASST_CMD_disable, VMASST_TYPE_m2p_strict));
	check_long("NEW_USER_BASEPTR back to none", 0, mmuext_mfn(MMUEXT_NEW_USER_BASEPTR, 0));
}

void test_main(void)
{
	test_slot_256();
	test_other_slots();
	test_m2p_strict();
	xtf_success(NULL);
}
