// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine-to-phys table (M2P). Behaviour under test (the same on Xen
 * 4.17, booted as dom0):
 * - XENMEM_machphys_mapping reports v_start 0xffff800000000000, v_end
 *   0xffff804000000000, and for the hardware domain (no memory hotplug)
 *   max_mfn = XENMEM_maximum_ram_page - 1 (a domU would see 2^35 - 1);
 * - the read-only M2P at MACH2PHYS_VIRT_START maps every frame of the
 *   domain back to its PFN: M2P[P2M[pfn]] == pfn for all nr_pages PFNs;
 *   entries past max_mfn inside the last 2 MiB of the table read as
 *   mapped, the table's far end faults (#PF, not present);
 * - MMU_MACHPHYS_UPDATE of an own frame changes its entry (any value,
 *   several per batch) and the read-only view shows the change at once;
 *   of a frame not owned (a hypervisor frame, an M2P frame, a frame past
 *   the end of RAM) it is -EINVAL and the entry stays;
 * - a store into the read-only M2P is a #PF (present, write) and changes
 *   nothing;
 * - XENMEM_machphys_mfn_list gives one 2 MiB-aligned frame per 2 MiB of
 *   the table (as many as max_mfn needs); mapping one of those frames
 *   writable is -EBUSY, with DOMID_SELF or DOMID_XEN as the owner;
 *   read-only with DOMID_SELF is -EBUSY too (the frame is Xen's), and
 *   read-only with DOMID_XEN is allowed for dom0 (Xen shares the table
 *   read-only with privileged domains): the page holds the same entries
 *   as the read-only M2P.
 */
#include <framework.h>
#include <mm.h>

const char test_title[] =
	"The machine-to-phys table: read-only view, MMU_MACHPHYS_UPDATE, machphys ops";

#define M2P_PER_PAGE (PAGE_SIZE / 8)
#define M2P_PER_CHUNK ((2UL << 20) / 8) /* entries in one 2 MiB chunk */

static uint64_t max_mfn;

static exinfo_t m2p_read(uint64_t mfn, uint64_t *v)
{
	return mm_read64(&M2P[mfn], v);
}

static void test_machphys_mapping(void)
{
	struct xen_machphys_mapping map = {0};
	long max_page = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);

	if (!check_long("XENMEM_machphys_mapping", 0,
			HYPERVISOR_memory_op(XENMEM_machphys_mapping, &map)))
		return;
	check_u64("machphys_mapping v_start", MACH2PHYS_VIRT_START, map.v_start);
	check_u64("machphys_mapping v_end", MACH2PHYS_VIRT_END, map.v_end);
	check_u64("machphys_mapping max_mfn (hardware domain: max_ram_page - 1)", max_page - 1,
		  map.max_mfn);
	max_mfn = map.max_mfn;
}

static void test_lookup(void)
{
	uint64_t bad = 0, first_pfn = 0, first_got = 0, v = 0;
	uint64_t last_chunk_end = (max_mfn / M2P_PER_CHUNK + 1) * M2P_PER_CHUNK;

	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++) {
		uint64_t got = M2P[pfn_to_mfn(pfn)];

		if (got != pfn && !bad++) {
			first_pfn = pfn;
			first_got = got;
		}
	}
	if (bad)
		xtf_failure("M2P[P2M[%#llx]]: expected %#llx, got %#llx (%llu PFNs wrong)",
			    (unsigned long long)first_pfn, (unsigned long long)first_pfn,
			    (unsigned long long)first_got, (unsigned long long)bad);
	check_exinfo("M2P[max_mfn]", 0, m2p_read(max_mfn, &v));
	check_exinfo("M2P entry at the end of the last 2 MiB chunk", 0,
		     m2p_read(last_chunk_end - 1, &v));
	check_exinfo("M2P entry after the last 2 MiB chunk", EXINFO_SYM(PF, 0),
		     m2p_read(last_chunk_end, &v));
	check_exinfo("last entry of the M2P range", EXINFO_SYM(PF, 0),
		     mm_read64((const void *)(MACH2PHYS_VIRT_END - 8), &v));
}

static void test_machphys_update(void)
{
	uint64_t pfn = mm_alloc_pfn(), pfn2 = mm_alloc_pfn(), mfn, mfn2;
	uint64_t xen_frame = PTE_MFN(mm_boot_l4[261]), before = 0, v = 0;
	mmu_update_t req[2];
	unsigned int done = 0;

	if (pfn2 == MM_NO_FRAME) {
		xtf_error("spare frames: none left");
		return;
	}
	mfn = pfn_to_mfn(pfn);
	mfn2 = pfn_to_mfn(pfn2);

	check_long("MMU_MACHPHYS_UPDATE of an own frame", 0,
		   mmu_update1(mfn << PAGE_SHIFT, MMU_MACHPHYS_UPDATE, 0x12345));
	check_u64("its M2P entry after the update", 0x12345, M2P[mfn]);
	/* ptr may point anywhere in the frame. */
	req[0] = (mmu_update_t){(mfn << PAGE_SHIFT) + 0x808 + MMU_MACHPHYS_UPDATE, pfn};
	req[1] = (mmu_update_t){(mfn2 << PAGE_SHIFT) + MMU_MACHPHYS_UPDATE, 0x7ffffffffUL};
	check_long("MMU_MACHPHYS_UPDATE batch of 2", 0,
		   HYPERVISOR_mmu_update(req, 2, &done, DOMID_SELF));
	check_long("MMU_MACHPHYS_UPDATE batch of 2: done", 2, done);
	check_u64("first entry restored", pfn, M2P[mfn]);
	check_u64("second entry", 0x7ffffffffUL, M2P[mfn2]);
	check_long("restore the second", 0,
		   mmu_update1(mfn2 << PAGE_SHIFT, MMU_MACHPHYS_UPDATE, pfn2));
	check_u64("second entry restored", pfn2, M2P[mfn2]);

	m2p_read(xen_frame, &before);
	check_long("MMU_MACHPHYS_UPDATE of a hypervisor frame", -XEN_EINVAL,
		   mmu_update1(xen_frame << PAGE_SHIFT, MMU_MACHPHYS_UPDATE, 5));
	check_exinfo("its entry still readable", 0, m2p_read(xen_frame, &v));
	check_u64("its entry unchanged", before, v);
	check_long("MMU_MACHPHYS_UPDATE of a frame past the end of RAM", -XEN_EINVAL,
		   mmu_update1((max_mfn + 1) << PAGE_SHIFT, MMU_MACHPHYS_UPDATE, 5));
	check_long("MMU_MACHPHYS_UPDATE of a frame past the address width", -XEN_EINVAL,
		   mmu_update1(MFN_BEYOND_PADDR << PAGE_SHIFT, MMU_MACHPHYS_UPDATE, 5));

	check_exinfo("store into the read-only M2P", EXINFO_SYM(PF, PFEC_PRESENT | PFEC_WRITE),
		     mm_write64((void *)&M2P[mfn], 5));
	check_u64("CR2 of that store", (uintptr_t)&M2P[mfn], last_trap.cr2);
	check_u64("the entry after the store", pfn, M2P[mfn]);
}

static void test_m2p_frames(void)
{
	static xen_pfn_t chunks[16];
	struct xen_machphys_mfn_list list = {.max_extents = ARRAY_SIZE(chunks)};
	uint64_t own_mfn = virt_to_mfn(chunks), chunk_mfn, page_mfn;
	uint64_t want = (max_mfn + M2P_PER_CHUNK) / M2P_PER_CHUNK;
	uintptr_t va = (uintptr_t)mm_window_va(0);
	const volatile uint64_t *view = (const volatile uint64_t *)va;
	unsigned int bad = 0;

	set_xen_guest_handle(list.extent_start, chunks);
	if (!check_long("XENMEM_machphys_mfn_list", 0,
			HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &list)))
		return;
	if (want > ARRAY_SIZE(chunks))
		want = ARRAY_SIZE(chunks);
	check_long("machphys_mfn_list: nr_extents (one per 2 MiB of M2P)", want, list.nr_extents);
	for (unsigned int i = 0; i < list.nr_extents && i < ARRAY_SIZE(chunks); i++)
		if (chunks[i] % 512)
			bad++;
	check_long("machphys_mfn_list: chunks not 2 MiB aligned", 0, bad);
	if (!list.nr_extents || own_mfn / M2P_PER_CHUNK >= list.nr_extents)
		return;

	/* The M2P page holding our own frame's entry. */
	chunk_mfn = chunks[own_mfn / M2P_PER_CHUNK];
	page_mfn = chunk_mfn + (own_mfn % M2P_PER_CHUNK) / M2P_PER_PAGE;

	check_long("M2P frame mapped writable (DOMID_SELF)", -XEN_EBUSY,
		   mm_window_map(0, PTE(page_mfn, PTE_RW)));
	check_long("M2P frame mapped read-only (DOMID_SELF)", -XEN_EBUSY,
		   mm_window_map(0, PTE(page_mfn, PTE_RO)));
	check_long("M2P frame mapped writable (DOMID_XEN)", -XEN_EBUSY,
		   HYPERVISOR_update_va_mapping_otherdomain(va, PTE(page_mfn, PTE_RW), UVMF_INVLPG,
							    DOMID_XEN));
	check_long("MMU_MACHPHYS_UPDATE of an M2P frame", -XEN_EINVAL,
		   mmu_update1(page_mfn << PAGE_SHIFT, MMU_MACHPHYS_UPDATE, 5));
	check_exinfo("nothing mapped after the refusals", EXINFO_SYM(PF, 0),
		     mm_read64(view, &chunk_mfn));
	/* Privileged: a read-only view of Xen's shared frame is allowed for dom0. */
	if (check_long("M2P frame mapped read-only (DOMID_XEN, dom0)", 0,
		       HYPERVISOR_update_va_mapping_otherdomain(va, PTE(page_mfn, PTE_RO),
								UVMF_INVLPG, DOMID_XEN))) {
		check_u64("our entry through the mapped M2P frame", (uintptr_t)chunks >> PAGE_SHIFT,
			  view[own_mfn % M2P_PER_PAGE]);
		check_exinfo("store through the read-only M2P frame",
			     EXINFO_SYM(PF, PFEC_PRESENT | PFEC_WRITE), mm_write64((void *)va, 0));
		check_long("unmap it", 0, mm_window_map(0, 0));
	}
}

void test_main(void)
{
	if (!mm_setup())
		return;
	test_machphys_mapping();
	if (!max_mfn)
		return;
	test_lookup();
	test_machphys_update();
	test_m2p_frames();
	xtf_success(NULL);
}
