// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page tables built and used through the PV MMU. Behaviour under test
 * (the same on Xen 4.17):
 * - a new L4/L3/L2/L1 hierarchy in pages the guest mapped read-only
 *   first: mmu_update into the not-yet-typed pages is a plain write (the
 *   value reads back as written); pinning L1..L4 validates them, and Xen
 *   then shows its adjustment of the L1 entries (U and bit 52 added to a
 *   kernel mapping); NEW_BASEPTR switches to the new L4 (its own mapping
 *   appears, the kernel's and the read-only M2P stay), validated updates
 *   of the live L1 and L2 take effect, NEW_BASEPTR back to the boot L4
 *   hides the new mapping again, and after UNPIN nothing holds a type on
 *   the four pages: they can be mapped writable again;
 * - mmu_update batches of 1, 2, 64, 512 and 2048 requests map, remap and
 *   unmap that many pages in one call (done == count): each page then
 *   holds the data expected, remapped read-only pages refuse writes, and
 *   unmapped ones fault;
 * - update_va_mapping with UVMF_INVLPG and UVMF_TLB_FLUSH, each with
 *   UVMF_LOCAL, UVMF_ALL and a vCPU bitmap, shows the new page at once;
 * - a translation changed with mmu_update (which does not flush) is
 *   right after MMUEXT_INVLPG_LOCAL, TLB_FLUSH_LOCAL, INVLPG_ALL,
 *   TLB_FLUSH_ALL, INVLPG_MULTI and TLB_FLUSH_MULTI (whether the stale
 *   one was still visible before is printed, not checked: the ABI does
 *   not promise it);
 * - MMU_PT_UPDATE_PRESERVE_AD keeps the accessed/dirty bits the CPU set,
 *   MMU_NORMAL_PT_UPDATE writes them as given.
 */
#include <framework.h>
#include <mm.h>

const char test_title[] = "PV page tables: build, pin, switch, batches, flushes, A/D bits";

#define NEW_VA 0x10000000000UL /* L4 slot 2: mapped only by the new hierarchy */
#define NR_DATA 4
#define MAX_BATCH 2048
#define FLIP_PAGE MAX_BATCH /* a window page outside the batches */

static mmu_update_t req[MAX_BATCH];
static uint64_t batch_mfn[MAX_BATCH];
/* Two frames with known contents for the flush tests. */
static uint64_t mfn_a, mfn_b;
#define TAG_A 0xaaaa0000aaaa0000UL
#define TAG_B 0xbbbb0000bbbb0000UL

static uint64_t tag(unsigned int batch, unsigned int i)
{
	return 0x7a60000000000000UL | ((uint64_t)batch << 32) | i;
}

/* Read a qword through va; the fault, if any, makes the value ~0. */
static uint64_t peek(uint64_t va)
{
	uint64_t v = ~0UL;

	mm_read64((const void *)va, &v);
	return v;
}

/* The PTE Xen stores for a kernel mapping written with flags (pv-abi-mm.md 5.4). */
static uint64_t kernel_pte(uint64_t mfn, uint64_t flags)
{
	return PTE(mfn, flags | _PAGE_USER | _PAGE_GUEST_KERNEL);
}

/* ---- a brand-new hierarchy ---- */

static void test_new_hierarchy(void)
{
	volatile uint64_t *l4 = mm_alloc_page(), *l3 = mm_alloc_page();
	volatile uint64_t *l2 = mm_alloc_page(), *l1 = mm_alloc_page();
	volatile uint64_t *tables[4] = {l1, l2, l3, l4};
	uint64_t mfn[4], data_mfn[NR_DATA], boot_l4 = mm_boot_l4_mfn();
	unsigned int n = 0, done = 0;
	long rc;

	if (!l1) {
		xtf_error("padding pages for the new tables: none left");
		return;
	}
	for (unsigned int k = 0; k < NR_DATA; k++) {
		volatile uint64_t *data = mm_alloc_page();

		if (!data) {
			xtf_error("padding pages for the data: none left");
			return;
		}
		data[0] = tag(0, k);
		data_mfn[k] = virt_to_mfn((const void *)data);
	}
	for (unsigned int lvl = 0; lvl < 4; lvl++) {
		mfn[lvl] = virt_to_mfn((const void *)tables[lvl]);
		/* Writable mappings block typing: the guest's own must go first. */
		if (!check_long("update_va_mapping of a table-to-be to read-only", 0,
				mm_make_readonly((const void *)tables[lvl])))
			return;
	}

	for (unsigned int k = 0; k < NR_DATA; k++)
		req[n++] = (mmu_update_t){PT_ENTRY_MADDR(mfn[0], k), PTE(data_mfn[k], PTE_RW)};
	req[n++] = (mmu_update_t){PT_ENTRY_MADDR(mfn[1], 0), PTE(mfn[0], PTE_TABLE)};
	req[n++] = (mmu_update_t){PT_ENTRY_MADDR(mfn[2], 0), PTE(mfn[1], PTE_TABLE)};
	/* The kernel's mappings: every guest slot of the boot L4 in use. */
	for (unsigned int s = 0; s < PT_ENTRIES; s++)
		if ((s < 256 || s >= 272) && mm_boot_l4[s])
			req[n++] = (mmu_update_t){PT_ENTRY_MADDR(mfn[3], s), mm_boot_l4[s]};
	req[n++] =
		(mmu_update_t){PT_ENTRY_MADDR(mfn[3], PT_INDEX(NEW_VA, 4)), PTE(mfn[2], PTE_TABLE)};
	rc = HYPERVISOR_mmu_update(req, n, &done, DOMID_SELF);
	if (!check_long("mmu_update filling the untyped tables", 0, rc) ||
	    !check_long("mmu_update filling the untyped tables: done", n, done))
		return;
	/* No type yet: Xen wrote the values as they were given. */
	check_u64("untyped L1 entry 0 as written", PTE(data_mfn[0], PTE_RW), l1[0]);
	check_u64("untyped L4 entry for NEW_VA as written", PTE(mfn[2], PTE_TABLE),
		  l4[PT_INDEX(NEW_VA, 4)]);

	for (unsigned int lvl = 0; lvl < 4; lvl++) {
		char what[40];

		snprintf(what, sizeof(what), "MMUEXT_PIN_L%u_TABLE", lvl + 1);
		if (!check_long(what, 0, mm_pin(lvl + 1, mfn[lvl])))
			return;
	}
	check_u64("pinned L1 entry 0 (Xen adds U and bit 52)", kernel_pte(data_mfn[0], PTE_RW),
		  l1[0]);
	check_u64("pinned L1 entry 3", kernel_pte(data_mfn[3], PTE_RW), l1[3]);
	check_u64("pinned L4: entry 0 is the kernel's", mm_boot_l4[0], l4[0]);

	check_u64("NEW_VA before the switch (not mapped)", ~0UL, peek(NEW_VA));
	if (!check_long("MMUEXT_NEW_BASEPTR to the new L4", 0,
			mmuext_mfn(MMUEXT_NEW_BASEPTR, mfn[3])))
		return;
	/* From here on the kernel runs on the new tables: stack, code, data. */
	for (unsigned int k = 0; k < NR_DATA; k++) {
		char what[48];

		snprintf(what, sizeof(what), "data page %u through the new tables", k);
		check_u64(what, tag(0, k), peek(NEW_VA + k * PAGE_SIZE));
	}
	/* A missing M2P slot would fault here, and so panic. */
	check_u64("read-only M2P through the new L4 (entry of the new L1)",
		  (uintptr_t)l1 >> PAGE_SHIFT, M2P[mfn[0]]);

	/* Validated updates of tables in use. */
	check_long("mmu_update of the live L1 (page 0 -> data 1, read-only)", 0,
		   mmu_update1(PT_ENTRY_MADDR(mfn[0], 0), MMU_NORMAL_PT_UPDATE,
			       PTE(data_mfn[1], PTE_RO)));
	check_long("MMUEXT_INVLPG_LOCAL", 0, mmuext_va(MMUEXT_INVLPG_LOCAL, NEW_VA));
	check_u64("page 0 after the L1 update", tag(0, 1), peek(NEW_VA));
	check_exinfo("write to page 0, now read-only", EXINFO_SYM(PF, PFEC_PRESENT | PFEC_WRITE),
		     mm_write64((void *)NEW_VA, 0));
	check_long("mmu_update of the live L2 (entry 1 -> the same L1)", 0,
		   mmu_update1(PT_ENTRY_MADDR(mfn[1], 1), MMU_NORMAL_PT_UPDATE,
			       PTE(mfn[0], PTE_TABLE)));
	check_u64("page 3 through L2 entry 1", tag(0, 3),
		  peek(NEW_VA + (1UL << 21) + 3 * PAGE_SIZE));

	if (!check_long("MMUEXT_NEW_BASEPTR back to the boot L4", 0,
			mmuext_mfn(MMUEXT_NEW_BASEPTR, boot_l4)))
		return;
	check_u64("NEW_VA after switching back (not mapped)", ~0UL, peek(NEW_VA));

	for (int lvl = 3; lvl >= 0; lvl--) {
		char what[48];

		snprintf(what, sizeof(what), "MMUEXT_UNPIN_TABLE of the L%d", lvl + 1);
		check_long(what, 0, mm_unpin(mfn[lvl]));
	}
	/* Nothing holds a page-table type on them any more. */
	for (unsigned int lvl = 0; lvl < 4; lvl++) {
		char what[56];

		snprintf(what, sizeof(what), "the unpinned L%u mapped writable again", lvl + 1);
		check_long(what, 0, mm_make_writable((const void *)tables[lvl]));
	}
}

/* ---- batches ---- */

/* Report the first of the pages whose value is not what expect() says. */
struct page_check {
	const char *what;
	unsigned int batch, bad, first_bad;
	uint64_t expected, got;
};

static void page_check_one(struct page_check *c, unsigned int i, uint64_t expected, uint64_t got)
{
	if (expected == got)
		return;
	if (!c->bad++) {
		c->first_bad = i;
		c->expected = expected;
		c->got = got;
	}
}

static void page_check_report(const struct page_check *c)
{
	if (c->bad)
		xtf_failure("batch of %u, %s: page %u: expected %#llx, got %#llx (%u pages wrong)",
			    c->batch, c->what, c->first_bad, (unsigned long long)c->expected,
			    (unsigned long long)c->got, c->bad);
}

static bool run_batch(unsigned int count, const char *what)
{
	unsigned int done = ~0u;
	long rc = HYPERVISOR_mmu_update(req, count, &done, DOMID_SELF);

	if (rc || done != count) {
		xtf_failure("batch of %u, %s: expected rc 0 done %u, got rc %ld done %u", count,
			    what, count, rc, done);
		return false;
	}
	if (!check_long("MMUEXT_TLB_FLUSH_LOCAL", 0, mmuext_va(MMUEXT_TLB_FLUSH_LOCAL, 0)))
		return false;
	return true;
}

static void test_batch(unsigned int count)
{
	struct page_check pte = {.what = "entry after map", .batch = count};
	struct page_check data = {.what = "data after map", .batch = count};
	struct page_check remap = {.what = "data after remap", .batch = count};
	struct page_check ro = {.what = "write after remap", .batch = count};
	struct page_check gone = {.what = "read after unmap", .batch = count};

	for (unsigned int i = 0; i < count; i++)
		req[i] = (mmu_update_t){mm_window_pte_maddr(i), PTE(batch_mfn[i], PTE_RW)};
	if (!run_batch(count, "map"))
		return;
	for (unsigned int i = 0; i < count; i++) {
		uint64_t v = ~0UL;

		page_check_one(&pte, i, kernel_pte(batch_mfn[i], PTE_RW), mm_window_pte(i));
		mm_write64(mm_window_va(i), tag(count, i));
		mm_read64(mm_window_va(i), &v);
		page_check_one(&data, i, tag(count, i), v);
	}
	page_check_report(&pte);
	page_check_report(&data);

	/* Reversed and read-only. */
	for (unsigned int i = 0; i < count; i++)
		req[i] = (mmu_update_t){mm_window_pte_maddr(i),
					PTE(batch_mfn[count - 1 - i], PTE_RO)};
	if (!run_batch(count, "remap"))
		return;
	for (unsigned int i = 0; i < count; i++) {
		uint64_t v = ~0UL;

		mm_read64(mm_window_va(i), &v);
		page_check_one(&remap, i, tag(count, count - 1 - i), v);
		page_check_one(&ro, i, EXINFO_SYM(PF, PFEC_PRESENT | PFEC_WRITE),
			       mm_write64(mm_window_va(i), 0));
	}
	page_check_report(&remap);
	page_check_report(&ro);

	for (unsigned int i = 0; i < count; i++)
		req[i] = (mmu_update_t){mm_window_pte_maddr(i), 0};
	if (!run_batch(count, "unmap"))
		return;
	for (unsigned int i = 0; i < count; i++) {
		uint64_t v = 0;

		page_check_one(&gone, i, EXINFO_SYM(PF, 0), mm_read64(mm_window_va(i), &v));
	}
	page_check_report(&gone);
}

static void test_batches(void)
{
	static const unsigned int sizes[] = {1, 2, 64, 512, MAX_BATCH};

	for (unsigned int i = 0; i < MAX_BATCH; i++) {
		uint64_t pfn = mm_alloc_pfn();

		if (pfn == MM_NO_FRAME) {
			xtf_error("spare frames for the batches: %u found, %u needed", i,
				  MAX_BATCH);
			return;
		}
		batch_mfn[i] = pfn_to_mfn(pfn);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++)
		test_batch(sizes[i]);
}

/* ---- flushes ---- */

static void map_flip_page(uint64_t mfn)
{
	check_long("update_va_mapping (flip page, UVMF_INVLPG)", 0,
		   mm_window_map(FLIP_PAGE, PTE(mfn, PTE_RO)));
}

static void test_uvm_flags(void)
{
	static unsigned long vcpu_mask = 1; /* vCPU 0 */
	static const struct {
		const char *name;
		uint64_t flags; /* the bitmap's address is added for MULTI */
		bool multi;
	} cases[] = {
		{"UVMF_INVLPG | UVMF_LOCAL", UVMF_INVLPG | UVMF_LOCAL, false},
		{"UVMF_INVLPG | UVMF_ALL", UVMF_INVLPG | UVMF_ALL, false},
		{"UVMF_INVLPG | vCPU bitmap", UVMF_INVLPG | UVMF_MULTI, true},
		{"UVMF_TLB_FLUSH | UVMF_LOCAL", UVMF_TLB_FLUSH | UVMF_LOCAL, false},
		{"UVMF_TLB_FLUSH | UVMF_ALL", UVMF_TLB_FLUSH | UVMF_ALL, false},
		{"UVMF_TLB_FLUSH | vCPU bitmap", UVMF_TLB_FLUSH | UVMF_MULTI, true},
	};
	uint64_t va = (uintptr_t)mm_window_va(FLIP_PAGE);

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t flags = cases[i].flags | (cases[i].multi ? (uintptr_t)&vcpu_mask : 0);
		char what[64];

		map_flip_page(mfn_a);
		snprintf(what, sizeof(what), "%s: old page before", cases[i].name);
		check_u64(what, TAG_A, peek(va));
		snprintf(what, sizeof(what), "update_va_mapping %s", cases[i].name);
		if (!check_long(what, 0,
				HYPERVISOR_update_va_mapping(va, PTE(mfn_b, PTE_RO), flags)))
			continue;
		snprintf(what, sizeof(what), "%s: new page at once", cases[i].name);
		check_u64(what, TAG_B, peek(va));
	}

	/* No flush asked for: the guest flushes itself. */
	map_flip_page(mfn_a);
	check_u64("UVMF_NONE: old page before", TAG_A, peek(va));
	check_long("update_va_mapping UVMF_NONE", 0,
		   HYPERVISOR_update_va_mapping(va, PTE(mfn_b, PTE_RO), UVMF_NONE));
	check_long("MMUEXT_INVLPG_LOCAL after UVMF_NONE", 0, mmuext_va(MMUEXT_INVLPG_LOCAL, va));
	check_u64("UVMF_NONE then INVLPG_LOCAL: new page", TAG_B, peek(va));
}

static void test_mmuext_flushes(void)
{
	static unsigned long vcpu_mask = 1;
	static const struct {
		const char *name;
		unsigned int cmd;
		bool by_va, multi;
	} cases[] = {
		{"MMUEXT_INVLPG_LOCAL", MMUEXT_INVLPG_LOCAL, true, false},
		{"MMUEXT_TLB_FLUSH_LOCAL", MMUEXT_TLB_FLUSH_LOCAL, false, false},
		{"MMUEXT_INVLPG_ALL", MMUEXT_INVLPG_ALL, true, false},
		{"MMUEXT_TLB_FLUSH_ALL", MMUEXT_TLB_FLUSH_ALL, false, false},
		{"MMUEXT_INVLPG_MULTI", MMUEXT_INVLPG_MULTI, true, true},
		{"MMUEXT_TLB_FLUSH_MULTI", MMUEXT_TLB_FLUSH_MULTI, false, true},
	};
	uint64_t va = (uintptr_t)mm_window_va(FLIP_PAGE);
	unsigned int stale = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		mmuext_op_t op = {.cmd = cases[i].cmd};
		char what[64];

		if (cases[i].by_va)
			op.arg1.linear_addr = va;
		if (cases[i].multi)
			set_xen_guest_handle(op.arg2.vcpumask, &vcpu_mask);

		map_flip_page(mfn_a);
		snprintf(what, sizeof(what), "%s: old page before", cases[i].name);
		check_u64(what, TAG_A, peek(va));
		snprintf(what, sizeof(what), "%s: mmu_update to the new page", cases[i].name);
		if (!check_long(what, 0,
				mmu_update1(mm_window_pte_maddr(FLIP_PAGE), MMU_NORMAL_PT_UPDATE,
					    PTE(mfn_b, PTE_RO))))
			continue;
		if (peek(va) == TAG_A)
			stale++;
		if (!check_long(cases[i].name, 0, HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF)))
			continue;
		snprintf(what, sizeof(what), "%s: new page after the flush", cases[i].name);
		check_u64(what, TAG_B, peek(va));
	}
	printk("Info: the old translation was still visible after mmu_update in %u of %u cases\n",
	       stale, (unsigned int)ARRAY_SIZE(cases));
}

/* ---- accessed and dirty bits ---- */

static void test_preserve_ad(void)
{
	const uint64_t ad = _PAGE_ACCESSED | _PAGE_DIRTY;
	uint64_t maddr = mm_window_pte_maddr(FLIP_PAGE);
	volatile void *va = mm_window_va(FLIP_PAGE);

	check_long("mmu_update without A/D", 0,
		   mmu_update1(maddr, MMU_NORMAL_PT_UPDATE, PTE(mfn_a, _PAGE_PRESENT | _PAGE_RW)));
	mmuext_va(MMUEXT_INVLPG_LOCAL, (uintptr_t)va);
	check_u64("A/D bits as written", 0, mm_window_pte(FLIP_PAGE) & ad);
	check_exinfo("write through the new entry", 0, mm_write64(va, TAG_A));
	check_u64("A/D bits set by the CPU", ad, mm_window_pte(FLIP_PAGE) & ad);

	check_long("MMU_PT_UPDATE_PRESERVE_AD to another frame, A/D clear", 0,
		   mmu_update1(maddr, MMU_PT_UPDATE_PRESERVE_AD,
			       PTE(mfn_b, _PAGE_PRESENT | _PAGE_RW)));
	check_u64("entry after PRESERVE_AD (A/D kept)",
		  kernel_pte(mfn_b, _PAGE_PRESENT | _PAGE_RW | ad), mm_window_pte(FLIP_PAGE));

	check_long("MMU_NORMAL_PT_UPDATE, A/D clear", 0,
		   mmu_update1(maddr, MMU_NORMAL_PT_UPDATE, PTE(mfn_b, _PAGE_PRESENT | _PAGE_RW)));
	check_u64("entry after NORMAL_PT_UPDATE (A/D as given)",
		  kernel_pte(mfn_b, _PAGE_PRESENT | _PAGE_RW), mm_window_pte(FLIP_PAGE));
	mmuext_va(MMUEXT_INVLPG_LOCAL, (uintptr_t)va);
	check_u64("data through it", TAG_B, peek((uintptr_t)va));
	check_long("unmap the flip page", 0, mm_window_map(FLIP_PAGE, 0));
}

static bool setup_flip_frames(void)
{
	uint64_t pa = mm_alloc_pfn(), pb = mm_alloc_pfn();

	if (pb == MM_NO_FRAME) {
		xtf_error("spare frames for the flush tests: none left");
		return false;
	}
	mfn_a = pfn_to_mfn(pa);
	mfn_b = pfn_to_mfn(pb);
	if (!check_long("map frame A", 0, mm_window_map(FLIP_PAGE, PTE(mfn_a, PTE_RW))) ||
	    !check_exinfo("write frame A", 0, mm_write64(mm_window_va(FLIP_PAGE), TAG_A)) ||
	    !check_long("map frame B", 0, mm_window_map(FLIP_PAGE, PTE(mfn_b, PTE_RW))) ||
	    !check_exinfo("write frame B", 0, mm_write64(mm_window_va(FLIP_PAGE), TAG_B)))
		return false;
	return true;
}

void test_main(void)
{
	if (!mm_setup())
		return;
	test_new_hierarchy();
	test_batches();
	if (setup_flip_frames()) {
		test_uvm_flags();
		test_mmuext_flushes();
		test_preserve_ad();
	}
	xtf_success(NULL);
}
