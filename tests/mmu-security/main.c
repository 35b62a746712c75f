// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PV MMU refuses what would let a guest reach memory it does not own
 * or write its own page tables behind the hypervisor's back, with Xen
 * 4.17's exact error, and the guest carries on afterwards. These kernels
 * boot as dom0, which holds I/O rights over all non-RAM frames below the
 * physical address width (so it may map MMIO, and cache attributes in L1
 * entries are allowed for it): every refusal below is one a domU gets
 * too, and the few requests dom0's privilege turns into successes are
 * checked as such and marked "dom0". Behaviour under test (the same on
 * Xen 4.17), one table entry each:
 * - L1 entries to frames the guest does not own: a hypervisor frame
 *   (-EBUSY, by mmu_update and update_va_mapping), a frame past the
 *   physical address width (-EPERM), INVALID_MFN (-EINVAL), an own frame
 *   claimed for DOMID_XEN (-EBUSY), an M2P frame writable (-EBUSY);
 *   dom0 only: MFN 0 and the first frame past RAM map as I/O (0, Xen
 *   adds PCD|PWT), PCD|PWT on own RAM is kept (0), FLUSH_CACHE is 0;
 * - foreigndom naming a domain that does not exist, or the caller's own
 *   id instead of DOMID_SELF, and a missing page-table owner: -ESRCH;
 *   an mmu_update into a hypervisor frame: -EINVAL; ptr with command
 *   bits 4: -ENOSYS;
 * - writable mappings of page tables (the boot L4 by mmu_update, a
 *   window L1 by update_va_mapping): -EBUSY (a read-only one is fine);
 *   pinning as L1 or L4 a page that is mapped writable: -EINVAL;
 * - the hypervisor's L4 slots 256, 258, 261, 271: -EINVAL (255 and 272
 *   are the guest's);
 * - entries of the wrong kind: L4 to an L1, L4 to itself writable, L3
 *   and L2 with PSE (no superpages), L2 with PCD, L2 to an L4 or to a
 *   hypervisor frame, pinning an L2 whose entry points at an L4: -EINVAL;
 *   pinning that page as an L1 instead: -EBUSY (its entry is a writable
 *   mapping of a page table); pinning an L1 as an L2, NEW_BASEPTR to an
 *   L1 or a hypervisor frame, NEW_USER_BASEPTR to an L1: -EINVAL; an L4
 *   entry to itself read-only (a linear page table) is allowed;
 * - pinning a pinned table, unpinning one that is not pinned (a linked
 *   window L1, a data frame), pinning or unpinning a hypervisor frame:
 *   -EINVAL; unpinning the boot L4 while it is the current base is
 *   accepted (0): the base pointer holds its own reference, and it can
 *   be pinned again;
 * - mmuext_op: unknown commands 14, 21 and 0xffff are -ENOSYS (in a
 *   batch: done counts the ops before it), MARK_SUPER -EOPNOTSUPP,
 *   CLEAR_PAGE and COPY_PAGE into a page table or from a hypervisor
 *   frame -EINVAL;
 * - a 1500-request mmu_update whose request 1000 maps a hypervisor
 *   frame: -EBUSY with done == 1000, requests 0..999 applied and
 *   1000..1499 not;
 * - decrease_reservation of an L1 in use (linked, not pinned) is
 *   accepted (1 done) but the frame stays the domain's until it is no
 *   longer referenced: the reservation does not shrink and the mappings
 *   it holds keep working.
 * After every case a canary page mapped through that L1 still reads
 * its data and the boot L4's slot 0 is unchanged.
 */
#include <framework.h>
#include <mm.h>

const char test_title[] = "PV MMU refusals, with Xen 4.17's errors";

#define TARGET 1 /* window page whose L1 entry the cases try to set */
#define CANARY_L1 7
#define CANARY (CANARY_L1 * PT_ENTRIES + 5)
#define SPARE_L2_SLOT 9 /* window L2 entry the cases try to set */
#define SPARE_L4_SLOT 3 /* boot L4 entry the cases try to set */
#define BATCH 1500
#define BAD_INDEX 1000
#define INVALID_MFN ((1UL << 40) - 1) /* all ones in the 40-bit MFN field */
#define NO_SUCH_DOMAIN 5
#define CANARY_TAG 0xca5a7a6ca5a7a6c0UL

static uint64_t boot_l4, xen_frame, data_mfn, wl1, wl2, wl3, m2p_frame, l0_before;
static volatile uint64_t *pinned_l1, *rw_page, *l4_linker;
static mmu_update_t req[BATCH];

static uint64_t mfn_of(const volatile void *p)
{
	return virt_to_mfn((const void *)p);
}

static long mu(uint64_t maddr, uint64_t val)
{
	return mmu_update1(maddr, MMU_NORMAL_PT_UPDATE, val);
}

static long mu_fd(uint64_t maddr, uint64_t val, unsigned int foreigndom)
{
	mmu_update_t r = {maddr, val};

	return HYPERVISOR_mmu_update(&r, 1, NULL, foreigndom);
}

static long target_mu(uint64_t pte)
{
	return mu(mm_window_pte_maddr(TARGET), pte);
}

static bool target_empty(void)
{
	return check_u64("the target L1 entry afterwards", 0, mm_window_pte(TARGET));
}

/* An accepted I/O mapping: Xen turns write-back into uncached (PCD|PWT). */
static bool target_is_io(uint64_t mfn)
{
	bool ok = check_u64(
		"the I/O entry Xen wrote",
		PTE(mfn, PTE_RO | _PAGE_PCD | _PAGE_PWT | _PAGE_USER | _PAGE_GUEST_KERNEL),
		mm_window_pte(TARGET));

	return check_long("unmap it", 0, target_mu(0)) && ok;
}

/* ---- frames the guest does not own ---- */

static long l1_xen_frame_mu(void)
{
	return target_mu(PTE(xen_frame, PTE_RO));
}
static long l1_xen_frame_uvm(void)
{
	return mm_window_map(TARGET, PTE(xen_frame, PTE_RO));
}
static long l1_beyond_paddr(void)
{
	return target_mu(PTE(MFN_BEYOND_PADDR, PTE_RO));
}
static long l1_invalid_mfn(void)
{
	return target_mu(PTE(INVALID_MFN, PTE_RO));
}
static long l1_own_frame_as_xen(void)
{
	return mu_fd(mm_window_pte_maddr(TARGET), PTE(data_mfn, PTE_RO), DOMID_XEN);
}
static long l1_m2p_frame_rw(void)
{
	return target_mu(PTE(m2p_frame, PTE_RW));
}
static long fd_no_such_domain(void)
{
	return mu_fd(mm_window_pte_maddr(TARGET), PTE(data_mfn, PTE_RO), NO_SUCH_DOMAIN);
}
static long fd_own_id(void)
{
	return mu_fd(mm_window_pte_maddr(TARGET), PTE(data_mfn, PTE_RO), 0);
}
static long pfd_no_such_domain(void)
{
	return mu_fd(mm_window_pte_maddr(TARGET), PTE(data_mfn, PTE_RO),
		     DOMID_SELF | ((NO_SUCH_DOMAIN + 1) << 16));
}
static long mu_into_xen_frame(void)
{
	return mu(PT_ENTRY_MADDR(xen_frame, 0), 0);
}
static long mu_command_4(void)
{
	return mu(mm_window_pte_maddr(TARGET) | 4, 0);
}

/*
 * dom0: I/O rights. A domU gets -EPERM for the first two, -EINVAL for the
 * third (cache attributes are for domains with I/O rights) and -EACCES
 * for the fourth.
 */
static long dom0_l1_mfn0(void)
{
	return target_mu(PTE(0, PTE_RO));
}
static long dom0_l1_past_ram(void)
{
	return target_mu(PTE(HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL), PTE_RO));
}
static long dom0_l1_uncached_ram(void)
{
	return target_mu(PTE(data_mfn, PTE_RO | _PAGE_PCD | _PAGE_PWT));
}
static long dom0_flush_cache(void)
{
	return mmuext_mfn(MMUEXT_FLUSH_CACHE, 0);
}
static bool after_mfn0(void)
{
	return target_is_io(0);
}
static bool after_past_ram(void)
{
	return target_is_io(HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL));
}
static bool after_uncached_ram(void)
{
	bool ok = check_u64(
		"the uncached entry as written (plus U and bit 52)",
		PTE(data_mfn, PTE_RO | _PAGE_PCD | _PAGE_PWT | _PAGE_USER | _PAGE_GUEST_KERNEL),
		mm_window_pte(TARGET));

	return check_long("unmap it", 0, target_mu(0)) && ok;
}

/* ---- page tables mapped writable ---- */

static long boot_l4_rw_mu(void)
{
	return target_mu(PTE(boot_l4, PTE_RW));
}
static long window_l1_rw_uvm(void)
{
	return mm_window_map(TARGET, PTE(wl1, PTE_RW));
}
static long boot_l4_ro_uvm(void)
{
	return mm_window_map(TARGET, PTE(boot_l4, PTE_RO));
}
static bool after_boot_l4_ro(void)
{
	bool ok = check_u64("boot L4 slot 0 through the read-only view", l0_before,
			    ((volatile uint64_t *)mm_window_va(TARGET))[0]);

	return check_long("unmap it", 0, mm_window_map(TARGET, 0)) && ok;
}
static long pin_l1_mapped_rw(void)
{
	return mm_pin(1, mfn_of(rw_page));
}
static long pin_l4_mapped_rw(void)
{
	return mm_pin(4, mfn_of(rw_page));
}
static bool after_pin_mapped_rw(void)
{
	rw_page[0] = CANARY_TAG;
	return check_u64("the page is still plain writable memory", CANARY_TAG, rw_page[0]);
}

/* ---- the hypervisor's L4 slots ---- */

static bool l4_slot_unchanged(unsigned int slot, uint64_t before)
{
	char what[48];

	snprintf(what, sizeof(what), "boot L4 slot %u afterwards", slot);
	return check_u64(what, before, mm_boot_l4[slot]);
}

#define L4_SLOT_CASE(n)                                            \
	static long l4_slot_##n(void)                              \
	{                                                          \
		return mu(PT_ENTRY_MADDR(boot_l4, n), 0);          \
	}                                                          \
	static uint64_t l4_slot_##n##_before;                      \
	static bool after_l4_slot_##n(void)                        \
	{                                                          \
		return l4_slot_unchanged(n, l4_slot_##n##_before); \
	}
L4_SLOT_CASE(255)
L4_SLOT_CASE(256)
L4_SLOT_CASE(258)
L4_SLOT_CASE(261)
L4_SLOT_CASE(271)
L4_SLOT_CASE(272)

/* ---- entries of the wrong kind ---- */

static long l4_to_l1(void)
{
	return mu(PT_ENTRY_MADDR(boot_l4, SPARE_L4_SLOT), PTE(wl1, PTE_TABLE));
}
static long l4_to_self_rw(void)
{
	return mu(PT_ENTRY_MADDR(boot_l4, SPARE_L4_SLOT), PTE(boot_l4, PTE_TABLE));
}
static long l4_to_self_ro(void)
{
	return mu(PT_ENTRY_MADDR(boot_l4, SPARE_L4_SLOT), PTE(boot_l4, PTE_RO));
}
static bool after_l4_to_self_ro(void)
{
	return check_long("clear the linear entry", 0,
			  mu(PT_ENTRY_MADDR(boot_l4, SPARE_L4_SLOT), 0));
}
static bool spare_l4_slot_empty(void)
{
	return check_u64("the spare L4 slot afterwards", 0, mm_boot_l4[SPARE_L4_SLOT]);
}
static long l3_pse(void)
{
	return mu(PT_ENTRY_MADDR(wl3, 1), PTE(0, PTE_TABLE | _PAGE_PSE));
}
static long l2_pse(void)
{
	return mu(PT_ENTRY_MADDR(wl2, SPARE_L2_SLOT),
		  PTE(data_mfn & ~511UL, PTE_TABLE | _PAGE_PSE));
}
static long l2_pcd(void)
{
	return mu(PT_ENTRY_MADDR(wl2, SPARE_L2_SLOT), PTE(wl1, PTE_TABLE | _PAGE_PCD));
}
static long l2_to_l4(void)
{
	return mu(PT_ENTRY_MADDR(wl2, SPARE_L2_SLOT), PTE(boot_l4, PTE_TABLE));
}
static long l2_to_xen_frame(void)
{
	return mu(PT_ENTRY_MADDR(wl2, SPARE_L2_SLOT), PTE(xen_frame, PTE_TABLE));
}
static bool spare_l2_slot_empty(void)
{
	return check_u64("the spare L2 slot afterwards", 0, mm_window_l2[SPARE_L2_SLOT]);
}
static bool window_l3_slot_1_empty(void)
{
	return check_u64("the window L3 slot 1 afterwards", 0, mm_window_l3[1]);
}
static long pin_l2_to_l4(void)
{
	return mm_pin(2, mfn_of(l4_linker));
}
static long pin_l2_to_l4_as_l1(void)
{
	return mm_pin(1, mfn_of(l4_linker));
}
static long unpin_l2_to_l4(void)
{
	return mm_unpin(mfn_of(l4_linker));
}
static long pin_l1_as_l2(void)
{
	return mm_pin(2, mfn_of(pinned_l1));
}
static long new_baseptr_l1(void)
{
	return mmuext_mfn(MMUEXT_NEW_BASEPTR, wl1);
}
static long new_baseptr_xen_frame(void)
{
	return mmuext_mfn(MMUEXT_NEW_BASEPTR, xen_frame);
}
static long new_user_baseptr_l1(void)
{
	return mmuext_mfn(MMUEXT_NEW_USER_BASEPTR, wl1);
}

/* ---- pinning ---- */

static long pin_pinned(void)
{
	return mm_pin(1, mfn_of(pinned_l1));
}
static long unpin_linked_l1(void)
{
	return mm_unpin(wl1);
}
static long unpin_data(void)
{
	return mm_unpin(data_mfn);
}
static long pin_xen_frame(void)
{
	return mm_pin(1, xen_frame);
}
static long unpin_xen_frame(void)
{
	return mm_unpin(xen_frame);
}
static long unpin_current_base(void)
{
	return mm_unpin(boot_l4);
}
static bool after_unpin_current_base(void)
{
	bool ok = check_u64("the kernel's mapping after it", l0_before, mm_boot_l4[0]);

	return check_long("pin the boot L4 again", 0, mm_pin(4, boot_l4)) && ok;
}

/* ---- mmuext_op ---- */

static long mmuext_14(void)
{
	return mmuext_mfn(14, 0);
}
static long mmuext_21(void)
{
	return mmuext_mfn(21, 0);
}
static long mmuext_ffff(void)
{
	return mmuext_mfn(0xffff, 0);
}
static long mark_super(void)
{
	return mmuext_mfn(MMUEXT_MARK_SUPER, data_mfn);
}
static long clear_page_l1(void)
{
	return mmuext_mfn(MMUEXT_CLEAR_PAGE, mfn_of(pinned_l1));
}
static long clear_page_xen_frame(void)
{
	return mmuext_mfn(MMUEXT_CLEAR_PAGE, xen_frame);
}
static long copy_page(uint64_t dst, uint64_t src)
{
	mmuext_op_t op = {.cmd = MMUEXT_COPY_PAGE, .arg1.mfn = dst, .arg2.src_mfn = src};

	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}
static long copy_page_into_l1(void)
{
	return copy_page(mfn_of(pinned_l1), data_mfn);
}
static long copy_page_from_xen_frame(void)
{
	return copy_page(mfn_of(rw_page), xen_frame);
}
static bool pinned_l1_still_empty(void)
{
	unsigned int used = 0;

	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		used += pinned_l1[i] != 0;
	return check_long("entries in the pinned L1 afterwards", 0, used);
}

static const struct refusal {
	const char *what;
	long (*fn)(void);
	long expected;
	bool (*after)(void); /* optional extra check of what must (not) have changed */
} cases[] = {
	{"L1 entry to a hypervisor frame (mmu_update)", l1_xen_frame_mu, -XEN_EBUSY, target_empty},
	{"L1 entry to a hypervisor frame (update_va_mapping)", l1_xen_frame_uvm, -XEN_EBUSY,
	 target_empty},
	{"L1 entry past the physical address width", l1_beyond_paddr, -XEN_EPERM, target_empty},
	{"L1 entry to INVALID_MFN", l1_invalid_mfn, -XEN_EINVAL, target_empty},
	{"L1 entry to an own frame claimed for DOMID_XEN", l1_own_frame_as_xen, -XEN_EBUSY,
	 target_empty},
	{"L1 entry to an M2P frame, writable", l1_m2p_frame_rw, -XEN_EBUSY, target_empty},
	{"foreigndom: no such domain", fd_no_such_domain, -XEN_ESRCH, target_empty},
	{"foreigndom: own id instead of DOMID_SELF", fd_own_id, -XEN_ESRCH, target_empty},
	{"page-table owner: no such domain", pfd_no_such_domain, -XEN_ESRCH, target_empty},
	{"mmu_update into a hypervisor frame", mu_into_xen_frame, -XEN_EINVAL, NULL},
	{"mmu_update with command bits 4", mu_command_4, -XEN_ENOSYS, target_empty},
	{"dom0: L1 entry to MFN 0 (I/O)", dom0_l1_mfn0, 0, after_mfn0},
	{"dom0: L1 entry to the first frame past RAM (I/O)", dom0_l1_past_ram, 0, after_past_ram},
	{"dom0: L1 entry with PCD|PWT to own RAM", dom0_l1_uncached_ram, 0, after_uncached_ram},
	{"dom0: MMUEXT_FLUSH_CACHE", dom0_flush_cache, 0, NULL},

	{"writable mapping of the boot L4 (mmu_update)", boot_l4_rw_mu, -XEN_EBUSY, target_empty},
	{"writable mapping of a window L1 (update_va_mapping)", window_l1_rw_uvm, -XEN_EBUSY,
	 target_empty},
	{"read-only mapping of the boot L4 (update_va_mapping)", boot_l4_ro_uvm, 0,
	 after_boot_l4_ro},
	{"pin as L1 a page mapped writable", pin_l1_mapped_rw, -XEN_EINVAL, after_pin_mapped_rw},
	{"pin as L4 a page mapped writable", pin_l4_mapped_rw, -XEN_EINVAL, after_pin_mapped_rw},

	{"boot L4 slot 255 (the guest's)", l4_slot_255, 0, after_l4_slot_255},
	{"boot L4 slot 256 (read-only M2P)", l4_slot_256, -XEN_EINVAL, after_l4_slot_256},
	{"boot L4 slot 258 (linear page table)", l4_slot_258, -XEN_EINVAL, after_l4_slot_258},
	{"boot L4 slot 261 (hypervisor text)", l4_slot_261, -XEN_EINVAL, after_l4_slot_261},
	{"boot L4 slot 271 (direct map)", l4_slot_271, -XEN_EINVAL, after_l4_slot_271},
	{"boot L4 slot 272 (the guest's)", l4_slot_272, 0, after_l4_slot_272},

	{"L4 entry to an L1", l4_to_l1, -XEN_EINVAL, spare_l4_slot_empty},
	{"L4 entry to itself, writable", l4_to_self_rw, -XEN_EINVAL, spare_l4_slot_empty},
	{"L4 entry to itself, read-only (linear page table)", l4_to_self_ro, 0,
	 after_l4_to_self_ro},
	{"L3 entry with PSE (1 GiB page)", l3_pse, -XEN_EINVAL, window_l3_slot_1_empty},
	{"L2 entry with PSE (2 MiB page)", l2_pse, -XEN_EINVAL, spare_l2_slot_empty},
	{"L2 entry with PCD", l2_pcd, -XEN_EINVAL, spare_l2_slot_empty},
	{"L2 entry to an L4", l2_to_l4, -XEN_EINVAL, spare_l2_slot_empty},
	{"L2 entry to a hypervisor frame", l2_to_xen_frame, -XEN_EINVAL, spare_l2_slot_empty},
	{"pin an L2 whose entry points at an L4", pin_l2_to_l4, -XEN_EINVAL, NULL},
	{"pin that page as an L1 (a writable mapping of the L4)", pin_l2_to_l4_as_l1, -XEN_EBUSY,
	 NULL},
	{"unpin that page (never pinned)", unpin_l2_to_l4, -XEN_EINVAL, NULL},
	{"pin an L1 as an L2", pin_l1_as_l2, -XEN_EINVAL, NULL},
	{"MMUEXT_NEW_BASEPTR to an L1", new_baseptr_l1, -XEN_EINVAL, NULL},
	{"MMUEXT_NEW_BASEPTR to a hypervisor frame", new_baseptr_xen_frame, -XEN_EINVAL, NULL},
	{"MMUEXT_NEW_USER_BASEPTR to an L1", new_user_baseptr_l1, -XEN_EINVAL, NULL},

	{"pin an already pinned L1", pin_pinned, -XEN_EINVAL, NULL},
	{"unpin a linked but unpinned window L1", unpin_linked_l1, -XEN_EINVAL, NULL},
	{"unpin a data frame", unpin_data, -XEN_EINVAL, NULL},
	{"pin a hypervisor frame", pin_xen_frame, -XEN_EINVAL, NULL},
	{"unpin a hypervisor frame", unpin_xen_frame, -XEN_EINVAL, NULL},
	{"unpin the boot L4 while it is the current base", unpin_current_base, 0,
	 after_unpin_current_base},

	{"mmuext_op command 14 (unused)", mmuext_14, -XEN_ENOSYS, NULL},
	{"mmuext_op command 21 (unknown)", mmuext_21, -XEN_ENOSYS, NULL},
	{"mmuext_op command 0xffff", mmuext_ffff, -XEN_ENOSYS, NULL},
	{"MMUEXT_MARK_SUPER", mark_super, -XEN_EOPNOTSUPP, NULL},
	{"MMUEXT_CLEAR_PAGE of a pinned L1", clear_page_l1, -XEN_EINVAL, pinned_l1_still_empty},
	{"MMUEXT_CLEAR_PAGE of a hypervisor frame", clear_page_xen_frame, -XEN_EINVAL, NULL},
	{"MMUEXT_COPY_PAGE into a pinned L1", copy_page_into_l1, -XEN_EINVAL,
	 pinned_l1_still_empty},
	{"MMUEXT_COPY_PAGE from a hypervisor frame", copy_page_from_xen_frame, -XEN_EINVAL, NULL},
};

/* The guest still works: its canary mapping and its kernel mapping are intact. */
static void check_still_working(const char *after)
{
	uint64_t v = 0;
	exinfo_t f = mm_read64(mm_window_va(CANARY), &v);

	if (f || v != CANARY_TAG)
		xtf_failure("canary after \"%s\": expected %#llx, got %#llx (exception %#x)", after,
			    (unsigned long long)CANARY_TAG, (unsigned long long)v, f);
	if (mm_boot_l4[0] != l0_before)
		xtf_failure("boot L4 slot 0 after \"%s\": expected %#llx, got %#llx", after,
			    (unsigned long long)l0_before, (unsigned long long)mm_boot_l4[0]);
}

static void test_mmuext_batch(void)
{
	mmuext_op_t ops[3] = {
		{.cmd = MMUEXT_INVLPG_LOCAL, .arg1.linear_addr = (uintptr_t)mm_window_va(TARGET)},
		{.cmd = 21},
		{.cmd = MMUEXT_TLB_FLUSH_LOCAL},
	};
	unsigned int done = ~0u;

	check_long("mmuext_op batch with an unknown command second", -XEN_ENOSYS,
		   HYPERVISOR_mmuext_op(ops, 3, &done, DOMID_SELF));
	check_long("mmuext_op batch with an unknown command second: done", 1, done);
}

static void test_long_batch(void)
{
	unsigned int done = ~0u, applied = 0, left = 0;
	long rc;

	for (unsigned int i = 0; i < BATCH; i++)
		req[i] = (mmu_update_t){mm_window_pte_maddr(i), PTE(data_mfn, PTE_RO)};
	req[BAD_INDEX].val = PTE(xen_frame, PTE_RO);
	rc = HYPERVISOR_mmu_update(req, BATCH, &done, DOMID_SELF);
	check_long("1500-request batch, request 1000 bad", -XEN_EBUSY, rc);
	check_long("1500-request batch, request 1000 bad: done", BAD_INDEX, done);
	for (unsigned int i = 0; i < BATCH; i++) {
		if (i < BAD_INDEX)
			applied += mm_window_pte(i) ==
				   PTE(data_mfn, PTE_RO | _PAGE_USER | _PAGE_GUEST_KERNEL);
		else
			left += mm_window_pte(i) == 0;
	}
	check_long("requests 0..999 applied", BAD_INDEX, applied);
	check_long("requests 1000..1499 not applied", BATCH - BAD_INDEX, left);
	mmuext_va(MMUEXT_TLB_FLUSH_LOCAL, 0);
	check_u64("page 999 maps the data", CANARY_TAG,
		  ((volatile uint64_t *)mm_window_va(BAD_INDEX - 1))[0]);

	for (unsigned int i = 0; i < BAD_INDEX; i++)
		req[i] = (mmu_update_t){mm_window_pte_maddr(i), 0};
	done = 0;
	check_long("unmap the 1000", 0, HYPERVISOR_mmu_update(req, BAD_INDEX, &done, DOMID_SELF));
	check_long("unmap the 1000: done", BAD_INDEX, done);
	mmuext_va(MMUEXT_TLB_FLUSH_LOCAL, 0);
}

static void test_decrease_linked_l1(void)
{
	domid_t self = DOMID_SELF;
	long before = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
	xen_pfn_t mfn = mm_window_l1_mfn(CANARY_L1);
	struct xen_memory_reservation r = {.nr_extents = 1, .domid = DOMID_SELF};

	set_xen_guest_handle(r.extent_start, &mfn);
	check_long("decrease_reservation of the canary's L1 (in use)", 1,
		   HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r));
	check_long("current_reservation after it (frame still referenced)", before,
		   HYPERVISOR_memory_op(XENMEM_current_reservation, &self));
	mmuext_va(MMUEXT_TLB_FLUSH_LOCAL, 0);
}

static bool setup(void)
{
	static xen_pfn_t chunk;
	struct xen_machphys_mfn_list list = {.max_extents = 1};
	uint64_t pfn;

	if (!mm_setup())
		return false;
	pfn = mm_alloc_pfn();
	pinned_l1 = mm_alloc_page();
	rw_page = mm_alloc_page();
	l4_linker = mm_alloc_page();
	if (pfn == MM_NO_FRAME || !l4_linker) {
		xtf_error("free frames: none left");
		return false;
	}
	set_xen_guest_handle(list.extent_start, &chunk);
	if (!check_long("XENMEM_machphys_mfn_list", 0,
			HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &list)))
		return false;
	m2p_frame = chunk;
	boot_l4 = mm_boot_l4_mfn();
	l0_before = mm_boot_l4[0];
	xen_frame = PTE_MFN(mm_boot_l4[261]);
	data_mfn = pfn_to_mfn(pfn);
	wl1 = mm_window_l1_mfn(0);
	wl2 = mfn_of(mm_window_l2);
	wl3 = mfn_of(mm_window_l3);
	l4_slot_255_before = mm_boot_l4[255];
	l4_slot_256_before = mm_boot_l4[256];
	l4_slot_258_before = mm_boot_l4[258];
	l4_slot_261_before = mm_boot_l4[261];
	l4_slot_271_before = mm_boot_l4[271];
	l4_slot_272_before = mm_boot_l4[272];

	/* The canary: the data frame, tagged, mapped read-only through window L1 7. */
	if (!check_long("map the data frame", 0, mm_window_map(0, PTE(data_mfn, PTE_RW))) ||
	    !check_exinfo("tag it", 0, mm_write64(mm_window_va(0), CANARY_TAG)) ||
	    !check_long("unmap it", 0, mm_window_map(0, 0)) ||
	    !check_long("map the canary", 0, mm_window_map(CANARY, PTE(data_mfn, PTE_RO))))
		return false;

	/* An empty pinned L1, and an untyped page whose entry 0 points at the boot L4. */
	l4_linker[0] = PTE(boot_l4, PTE_TABLE);
	if (!check_long("make the L1 read-only", 0, mm_make_readonly((void *)pinned_l1)) ||
	    !check_long("pin it", 0, mm_pin(1, mfn_of(pinned_l1))) ||
	    !check_long("make the L2-to-be read-only", 0, mm_make_readonly((void *)l4_linker)))
		return false;
	return true;
}

void test_main(void)
{
	if (!setup())
		return;
	check_still_working("setup");
	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct refusal *c = &cases[i];

		if (check_long(c->what, c->expected, c->fn()) && c->after)
			c->after();
		check_still_working(c->what);
	}
	test_mmuext_batch();
	check_still_working("the mmuext_op batch");
	test_long_batch();
	check_still_working("the long batch");
	test_decrease_linked_l1();
	check_still_working("decrease_reservation of the canary's L1");
	xtf_success(NULL);
}
