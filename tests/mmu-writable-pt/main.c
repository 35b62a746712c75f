// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writable page tables (VMASST_TYPE_writable_pagetables): with the assist
 * on, a guest-kernel store into an L1 table the guest maps read-only is
 * emulated as a validated update. Behaviour under test (the same on Xen
 * 4.17), on a pinned L1 of the scratch window:
 * - these kernels boot as dom0, and for the hardware domain Xen 4.17
 *   emulates such stores whether or not the assist is on (its page-fault
 *   path tries the read-only-MMIO emulation for every write fault of the
 *   hardware domain, and that emulation falls back to the page-table
 *   one): a store before enabling the assist, and one after disabling it,
 *   take effect without a fault. A domU without the assist would get a
 *   #PF instead; that is not testable from here;
 * - vm_assist(VMASST_CMD_enable, writable_pagetables) succeeds; then an
 *   8-byte MOV of a valid entry takes effect (read back with Xen's U and
 *   bit 52 added; after INVLPG the page shows the new frame), as does a
 *   read-only entry (writes through it fault), a 4-byte store to the low
 *   half (Xen merges it with the high half), a LOCK CMPXCHG whose
 *   expected value matches (ZF set), and a store of an empty entry;
 *   a CMPXCHG whose expected value does not match changes nothing and
 *   returns the current entry (ZF clear), with no fault;
 * - an invalid entry stored that way is refused with the original #PF
 *   delivered to the guest (present, write; CR2 the entry's address) and
 *   the entry unchanged: a frame of the hypervisor (the L3 behind Xen's
 *   L4 slot 261), a writable mapping of the L1 itself, a frame beyond the
 *   CPU's physical address width (which even dom0's I/O rights do not
 *   cover);
 * - upper levels are never emulated: a store into the window's L2 (the
 *   value it already holds) is a #PF;
 * - VMASST_CMD_disable succeeds.
 */
#include <framework.h>
#include <mm.h>

const char test_title[] = "Writable page tables: emulated stores into a pinned L1";

#define L1_NR 7				/* the window L1 this test pins */
#define TARGET (L1_NR * PT_ENTRIES + 1) /* window page whose entry is stored into */
#define PF_WRITE EXINFO_SYM(PF, PFEC_PRESENT | PFEC_WRITE)

static const uint64_t tags[3] = {0xa0a0a0a0a0a0a0a0UL, 0xb0b0b0b0b0b0b0b0UL, 0xc0c0c0c0c0c0c0c0UL};
static uint64_t frame[3];

static volatile uint64_t *entry(void)
{
	return (volatile uint64_t *)&mm_window_l1[TARGET];
}

static uint64_t kernel_pte(uint64_t mfn, uint64_t flags)
{
	return PTE(mfn, flags | _PAGE_USER | _PAGE_GUEST_KERNEL);
}

static exinfo_t write32(volatile void *p, uint32_t v)
{
	exinfo_t fault = 0;

	asm volatile("1: movl %[v], (%[p]); 2:" _ASM_EXTABLE(1b, 2b)
		     : "+a"(fault)
		     : [p] "r"(p), [v] "r"(v)
		     : "memory");
	return fault;
}

/*
 * LOCK CMPXCHG of *p from *old to new. The fixup puts the exception in
 * rax, which CMPXCHG also uses, so the fault is moved out at the fixup.
 * Returns the fault; *old gets rax (the current value on a mismatch), *zf
 * the flag.
 */
static exinfo_t cmpxchg64(volatile uint64_t *p, uint64_t *old, uint64_t new, bool *zf)
{
	uint64_t rax = *old;
	uint32_t fault;
	uint8_t z = 0;

	asm volatile("1: lock cmpxchg %[new], (%[p])\n\t"
		     "setz %[z]\n\t"
		     "xor %k[f], %k[f]\n\t"
		     "jmp 3f\n"
		     "2: mov %%eax, %k[f]\n"
		     "3:" _ASM_EXTABLE(1b, 2b)
		     : "+a"(rax), [z] "+q"(z), [f] "=&r"(fault)
		     : [new] "r"(new), [p] "r"(p)
		     : "memory", "cc");
	if (!fault)
		*old = rax;
	*zf = z;
	return fault;
}

static uint64_t peek(volatile void *p)
{
	uint64_t v = ~0UL;

	mm_read64(p, &v);
	return v;
}

static void invlpg_target(void)
{
	mmuext_va(MMUEXT_INVLPG_LOCAL, (uintptr_t)mm_window_va(TARGET));
}

/* A store the hypervisor must refuse: #PF as the CPU raised it, nothing changed. */
static void check_refused(const char *what, exinfo_t fault, uint64_t before)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "%s: the store", what);
	if (check_exinfo(buf, PF_WRITE, fault)) {
		snprintf(buf, sizeof(buf), "%s: CR2", what);
		check_u64(buf, (uintptr_t)entry(), last_trap.cr2);
	}
	snprintf(buf, sizeof(buf), "%s: entry unchanged", what);
	check_u64(buf, before, *entry());
}

static bool setup_frames(void)
{
	return mm_tagged_frames(frame, tags, 3);
}

static void test_valid_stores(void)
{
	volatile void *va = mm_window_va(TARGET);
	uint64_t old;
	bool zf;

	check_exinfo("8-byte store of a writable entry", 0,
		     mm_write64(entry(), PTE(frame[0], PTE_RW)));
	check_u64("entry after the 8-byte store", kernel_pte(frame[0], PTE_RW), *entry());
	invlpg_target();
	check_u64("page after the 8-byte store", tags[0], peek(va));
	check_exinfo("write through it", 0, mm_write64(va, tags[0]));

	check_exinfo("8-byte store of a read-only entry", 0,
		     mm_write64(entry(), PTE(frame[1], PTE_RO)));
	check_u64("entry after it", kernel_pte(frame[1], PTE_RO), *entry());
	invlpg_target();
	check_u64("page after it", tags[1], peek(va));
	check_exinfo("write through the read-only entry", PF_WRITE, mm_write64(va, 0));

	old = *entry();
	check_exinfo("LOCK CMPXCHG with the current value", 0,
		     cmpxchg64(entry(), &old, PTE(frame[2], PTE_RW), &zf));
	check_long("LOCK CMPXCHG with the current value: ZF", 1, zf);
	check_u64("entry after the CMPXCHG", kernel_pte(frame[2], PTE_RW), *entry());
	invlpg_target();
	check_u64("page after the CMPXCHG", tags[2], peek(va));

	old = PTE(frame[0], PTE_RW);
	check_exinfo("LOCK CMPXCHG with a stale value", 0,
		     cmpxchg64(entry(), &old, PTE(frame[1], PTE_RW), &zf));
	check_long("LOCK CMPXCHG with a stale value: ZF", 0, zf);
	check_u64("LOCK CMPXCHG with a stale value: RAX (the current entry)",
		  kernel_pte(frame[2], PTE_RW), old);
	check_u64("entry after the failed CMPXCHG", kernel_pte(frame[2], PTE_RW), *entry());

	/* The low half carries the flags: clear RW, keep the frame. */
	check_exinfo("4-byte store to the low half", 0,
		     write32(entry(), (uint32_t)PTE(frame[2], PTE_RO)));
	check_u64("entry after the 4-byte store", kernel_pte(frame[2], PTE_RO), *entry());
	invlpg_target();
	check_u64("page after the 4-byte store", tags[2], peek(va));
	check_exinfo("write through it", PF_WRITE, mm_write64(va, 0));

	check_exinfo("8-byte store of an empty entry", 0, mm_write64(entry(), 0));
	check_u64("entry after it", 0, *entry());
	invlpg_target();
	check_exinfo("read through the empty entry", EXINFO_SYM(PF, 0), mm_read64(va, &old));
}

static void test_refused_stores(void)
{
	/* Xen's own L3 behind slot 261 (hypervisor text and data): owned by Xen. */
	uint64_t xen_frame = PTE_MFN(mm_boot_l4[261]);
	uint64_t valid = kernel_pte(frame[0], PTE_RO);

	if (!check_exinfo("8-byte store of a valid entry first", 0,
			  mm_write64(entry(), PTE(frame[0], PTE_RO))) ||
	    !check_u64("the valid entry", valid, *entry()))
		return;
	invlpg_target();

	check_refused("a hypervisor frame", mm_write64(entry(), PTE(xen_frame, PTE_RO)), valid);
	check_refused("a writable mapping of the L1 itself",
		      mm_write64(entry(), PTE(mm_window_l1_mfn(L1_NR), PTE_RW)), valid);
	check_refused("a frame beyond the physical address width",
		      mm_write64(entry(), PTE(MFN_BEYOND_PADDR, PTE_RO)), valid);
	invlpg_target();
	check_u64("the page still mapped after the refusals", tags[0], peek(mm_window_va(TARGET)));

	/* Only L1s are emulated: an L2 store faults even when it changes nothing. */
	{
		volatile uint64_t *l2e = (volatile uint64_t *)&mm_window_l2[L1_NR];
		uint64_t l2_before = *l2e;
		exinfo_t f = mm_write64(l2e, l2_before);

		check_exinfo("store into the window's L2", PF_WRITE, f);
		check_u64("L2 entry unchanged", l2_before, *l2e);
	}
}

void test_main(void)
{
	if (!mm_setup())
		return;
	if (!setup_frames())
		return;
	if (!check_long("MMUEXT_PIN_L1_TABLE of a window L1", 0,
			mm_pin(1, mm_window_l1_mfn(L1_NR))))
		return;

	/* dom0: emulated even without the assist (see the top of the file). */
	check_exinfo("dom0, assist off: 8-byte store", 0,
		     mm_write64(entry(), PTE(frame[0], PTE_RW)));
	check_u64("dom0, assist off: entry after it", kernel_pte(frame[0], PTE_RW), *entry());
	check_exinfo("dom0, assist off: store of an empty entry", 0, mm_write64(entry(), 0));
	check_u64("dom0, assist off: entry after it", 0, *entry());

	if (!check_long("vm_assist(enable, writable_pagetables)", 0,
			HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables)))
		return;
	test_valid_stores();
	test_refused_stores();

	check_long("vm_assist(disable, writable_pagetables)", 0,
		   HYPERVISOR_vm_assist(VMASST_CMD_disable, VMASST_TYPE_writable_pagetables));
	check_exinfo("dom0, assist disabled again: store of an empty entry", 0,
		     mm_write64(entry(), 0));
	check_u64("dom0, assist disabled again: entry after it", 0, *entry());
	check_long("MMUEXT_UNPIN_TABLE of the window L1", 0, mm_unpin(mm_window_l1_mfn(L1_NR)));
	xtf_success(NULL);
}
