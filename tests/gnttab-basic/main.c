// SPDX-License-Identifier: GPL-2.0-only
/*
 * Grant tables v1 in one domain (dom0 granting to itself, domid 0).
 * Behaviour under test (the same on Xen 4.17):
 * - query_size: 1 frame at start, at most 64 (gnttab_max_frames);
 *   setup_table grows it to 2 frames and returns their MFNs, which the
 *   guest maps read-write with update_va_mapping; setup_table by our own
 *   domid works too;
 * - get_version is 1; set_version(1) is 0; set_version(2) is accepted
 *   (dom0's maximum is 2, Xen's default) and we go back to 1 (v2 itself:
 *   tests/gnttab-v2); set_version(3) is -EINVAL;
 *   get_status_frames under v1 is GNTST_general_error;
 * - map_grant_ref of our own grant at a virtual address, RW then a
 *   second mapping RO: dev_bus_addr is the frame's machine address,
 *   the PTEs are Xen's (P|A|D, RW or not, kernel: U + bit 52; NX not
 *   checked, it follows the CPU), writes
 *   through the RW mapping show in the page and through the RO mapping,
 *   a write through the RO mapping faults; GTF_reading|GTF_writing while
 *   the RW mapping exists, GTF_reading only after it is unmapped, no
 *   flag after the last unmap; the PTEs are empty again;
 * - GNTMAP_contains_pte (host_addr = the L1 entry's machine address);
 *   GNTMAP_application_map (U + G, no bit 52) with guest_avail bits 5
 *   landing in PTE bits 9-11; GNTMAP_device_map alone, RW then RO
 *   (dev_bus_addr, flags, unmap by bus address);
 * - GNTTABOP_copy: grant -> own frame (partial: offset 100, 300 bytes),
 *   own frame -> grant (whole page), own frame -> own frame, a grant to
 *   itself at other offsets; flags clear after each copy; a batch of 3.
 */
#include "gnttab.h"

const char test_title[] = "Grant tables v1: setup, versions, map RW/RO, flags, copy";

#define REF 10
#define REF2 11
#define VA_RW 4 /* window pages used for mappings */
#define VA_RO 5
#define VA_PTE 6
#define VA_APP 7

static uint64_t pte_bits_expected(bool rw, bool app, uint64_t nx)
{
	uint64_t f = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_USER | nx;

	f |= app ? _PAGE_GLOBAL : _PAGE_GUEST_KERNEL;
	return f | (rw ? _PAGE_RW : 0);
}

static void test_sizes_and_versions(void)
{
	struct gnttab_query_size qs = {.dom = DOMID_SELF};
	struct gnttab_get_version gv = {.dom = DOMID_SELF};
	struct gnttab_set_version sv = {.version = 1};
	struct gnttab_get_status_frames gsf = {.nr_frames = 1, .dom = DOMID_SELF};
	uint64_t frames[GT_FRAMES], sf[1];
	int16_t st;

	check_long("query_size", 0, gt_op(GNTTABOP_query_size, &qs, 1));
	check_long("query_size status", GNTST_okay, qs.status);
	check_long("initial nr_frames", 1, qs.nr_frames);
	check_long("max_nr_frames", 64, qs.max_nr_frames);

	check_long("get_version", 0, gt_op(GNTTABOP_get_version, &gv, 1));
	check_long("version at start", 1, gv.version);
	check_long("set_version(1)", 0, gt_op(GNTTABOP_set_version, &sv, 1));
	check_long("set_version(1) reports", 1, sv.version);
	sv.version = 2;
	check_long("set_version(2)", 0, gt_op(GNTTABOP_set_version, &sv, 1));
	check_long("set_version(2) reports", 2, sv.version);
	sv.version = 1;
	check_long("back to set_version(1)", 0, gt_op(GNTTABOP_set_version, &sv, 1));
	sv.version = 3;
	check_long("set_version(3)", -XEN_EINVAL, gt_op(GNTTABOP_set_version, &sv, 1));
	gv.version = 0;
	check_long("get_version after", 0, gt_op(GNTTABOP_get_version, &gv, 1));
	check_long("version after", 1, gv.version);

	gsf.frame_list.p = (uint64_t)(uintptr_t)sf;
	check_long("get_status_frames (v1)", 0, gt_op(GNTTABOP_get_status_frames, &gsf, 1));
	check_long("get_status_frames (v1) status", GNTST_general_error, gsf.status);

	if (!gt_setup())
		return;
	check_long("query_size after growing", 0, gt_op(GNTTABOP_query_size, &qs, 1));
	check_long("nr_frames after growing", GT_FRAMES, qs.nr_frames);
	check_long("setup_table by our own domid", 0, gt_setup_table(0, GT_FRAMES, frames, &st));
	check_long("setup_table by our own domid status", GNTST_okay, st);
	check_u64("frame 0 is stable", gt_frames[0], frames[0]);
	check_u64("frame 1 is stable", gt_frames[1], frames[1]);
	/* The frames are ours to write: the table reads back what we wrote. */
	gt_table[600].domid = 0x1234;
	check_long("entry 600 (second frame) written", 0x1234, gt_table[600].domid);
	gt_table[600].domid = 0;
}

static void test_map(uint64_t nx)
{
	volatile uint64_t *page = mm_alloc_page();
	volatile uint64_t *rw = mm_window_va(VA_RW), *ro = mm_window_va(VA_RO);
	struct gnttab_map_grant_ref m_rw, m_ro, m;
	uint64_t mfn, v = 0;

	if (!page) {
		xtf_error("no padding page left");
		return;
	}
	mfn = virt_to_mfn((const void *)page);
	page[0] = 0x1111;
	gt_grant(REF, 0, mfn, GTF_permit_access);

	check_long("map RW", 0, gt_map((uint64_t)rw, GNTMAP_host_map, REF, 0, &m_rw));
	if (!check_long("map RW status", GNTST_okay, m_rw.status))
		return;
	check_u64("map RW dev_bus_addr", mfn << PAGE_SHIFT, m_rw.dev_bus_addr);
	check_u64("map RW PTE", PTE(mfn, pte_bits_expected(true, false, nx)), mm_window_pte(VA_RW) & ~_PAGE_NX);
	check_long("flags while mapped RW", GTF_permit_access | GTF_reading | GTF_writing,
		   gt_flags(REF));
	check_u64("read through the grant mapping", 0x1111, rw[0]);
	rw[1] = 0x2222;
	check_u64("write through the grant mapping, seen in the page", 0x2222, page[1]);

	check_long("map RO", 0,
		   gt_map((uint64_t)ro, GNTMAP_host_map | GNTMAP_readonly, REF, 0, &m_ro));
	check_long("map RO status", GNTST_okay, m_ro.status);
	check_u64("map RO PTE", PTE(mfn, pte_bits_expected(false, false, nx)), mm_window_pte(VA_RO) & ~_PAGE_NX);
	page[2] = 0x3333;
	check_u64("RO mapping sees page writes", 0x3333, ro[2]);
	/* #PF P|W: a fault in guest kernel mode is reported without U. */
	check_exinfo("write through the RO mapping", EXINFO_SYM(PF, 0x3), mm_write64(&ro[3], 1));

	check_long("unmap RW", GNTST_okay, gt_unmap((uint64_t)rw, 0, m_rw.handle));
	check_u64("RW PTE after unmap", 0, mm_window_pte(VA_RW) & ~_PAGE_NX);
	check_long("flags with only the RO mapping", GTF_permit_access | GTF_reading, gt_flags(REF));
	check_long("unmap RO", GNTST_okay, gt_unmap((uint64_t)ro, 0, m_ro.handle));
	check_u64("RO PTE after unmap", 0, mm_window_pte(VA_RO) & ~_PAGE_NX);
	check_long("flags after the last unmap", GTF_permit_access, gt_flags(REF));
	check_exinfo("read through the unmapped address", EXINFO_SYM(PF, 0), mm_read64(rw, &v));

	/* GNTMAP_contains_pte: name the L1 entry by machine address. */
	check_long("map contains_pte", 0,
		   gt_map(mm_window_pte_maddr(VA_PTE), GNTMAP_host_map | GNTMAP_contains_pte, REF, 0,
			  &m));
	if (check_long("map contains_pte status", GNTST_okay, m.status)) {
		check_u64("read through the contains_pte mapping", 0x2222,
			  ((volatile uint64_t *)mm_window_va(VA_PTE))[1]);
		check_long("unmap contains_pte", GNTST_okay,
			   gt_unmap(mm_window_pte_maddr(VA_PTE), 0, m.handle));
		check_u64("contains_pte PTE after unmap", 0, mm_window_pte(VA_PTE));
	}

	/* application_map with guest_avail bits 0b101. */
	check_long("map application_map + avail", 0,
		   gt_map((uint64_t)mm_window_va(VA_APP),
			  GNTMAP_host_map | GNTMAP_application_map | (5U << _GNTMAP_guest_avail0), REF,
			  0, &m));
	if (check_long("map application_map status", GNTST_okay, m.status)) {
		check_u64("application_map PTE (avail bits 9-11 = 5)",
			  PTE(mfn, pte_bits_expected(true, true, nx) | (5UL << 9)),
			  mm_window_pte(VA_APP) & ~_PAGE_NX);
		check_long("unmap application_map", GNTST_okay,
			   gt_unmap((uint64_t)mm_window_va(VA_APP), 0, m.handle));
	}

	/* Device mappings: no PTE, the bus address is the machine address. */
	check_long("device_map RW", 0, gt_map(0, GNTMAP_device_map, REF, 0, &m));
	if (check_long("device_map RW status", GNTST_okay, m.status)) {
		check_u64("device_map dev_bus_addr", mfn << PAGE_SHIFT, m.dev_bus_addr);
		check_long("flags with a RW device mapping",
			   GTF_permit_access | GTF_reading | GTF_writing, gt_flags(REF));
		check_long("unmap device_map", GNTST_okay, gt_unmap(0, mfn << PAGE_SHIFT, m.handle));
		check_long("flags after device unmap", GTF_permit_access, gt_flags(REF));
	}
	check_long("device_map RO", 0,
		   gt_map(0, GNTMAP_device_map | GNTMAP_readonly, REF, 0, &m));
	if (check_long("device_map RO status", GNTST_okay, m.status)) {
		check_long("flags with a RO device mapping", GTF_permit_access | GTF_reading,
			   gt_flags(REF));
		check_long("unmap RO device_map", GNTST_okay,
			   gt_unmap(0, mfn << PAGE_SHIFT, m.handle));
		check_long("flags after RO device unmap", GTF_permit_access, gt_flags(REF));
	}
	gt_grant(REF, 0, 0, 0);
}

static void test_copy(void)
{
	volatile uint8_t *a = mm_alloc_page(), *b = mm_alloc_page(), *c = mm_alloc_page();
	uint64_t ma, mb, mc;
	struct gnttab_copy batch[3];
	unsigned int i;
	bool ok = true;

	if (!a || !b || !c) {
		xtf_error("no padding page left");
		return;
	}
	ma = virt_to_mfn((const void *)a);
	mb = virt_to_mfn((const void *)b);
	mc = virt_to_mfn((const void *)c);
	for (i = 0; i < PAGE_SIZE; i++) {
		a[i] = (uint8_t)(i * 7 + 1);
		b[i] = 0;
	}
	gt_grant(REF, 0, ma, GTF_permit_access | GTF_readonly);
	gt_grant(REF2, 0, mb, GTF_permit_access);

	/* Grant (read-only is enough for a source) -> own frame, part of a page. */
	check_long("copy gref -> gmfn, 300 bytes at 100", GNTST_okay,
		   gt_copy(REF, 0, 100, mc, DOMID_SELF, 200, 300, GNTCOPY_source_gref));
	for (i = 0; i < 300; i++)
		ok &= c[200 + i] == a[100 + i];
	ok &= c[199] == 0 && c[500] == 0;
	check_long("partial copy landed exactly", 1, ok);
	check_long("source flags after copy", GTF_permit_access | GTF_readonly, gt_flags(REF));

	/* Own frame -> grant, whole page. */
	check_long("copy gmfn -> gref, whole page", GNTST_okay,
		   gt_copy(ma, DOMID_SELF, 0, REF2, 0, 0, PAGE_SIZE, GNTCOPY_dest_gref));
	ok = true;
	for (i = 0; i < PAGE_SIZE; i++)
		ok &= b[i] == a[i];
	check_long("whole-page copy into the grant", 1, ok);
	check_long("dest flags after copy", GTF_permit_access, gt_flags(REF2));

	/* Own frame -> own frame, and grant -> grant. */
	c[0] = 0x5a;
	check_long("copy gmfn -> gmfn", GNTST_okay,
		   gt_copy(mc, DOMID_SELF, 0, mb, DOMID_SELF, 4095, 1, 0));
	check_long("one byte at the page's last offset", 0x5a, b[4095]);
	check_long("copy gref -> gref", GNTST_okay,
		   gt_copy(REF, 0, 8, REF2, 0, 16, 8, GNTCOPY_source_gref | GNTCOPY_dest_gref));
	check_long("gref -> gref data", a[8], b[16]);

	/* A batch of three; each has its own status. */
	for (i = 0; i < 3; i++) {
		batch[i] = (struct gnttab_copy){.len = 4, .flags = GNTCOPY_source_gref,
						.status = 0x5555};
		batch[i].source.u.ref = REF;
		batch[i].source.domid = 0;
		batch[i].source.offset = (uint16_t)(i * 4);
		batch[i].dest.u.gmfn = mc;
		batch[i].dest.domid = DOMID_SELF;
		batch[i].dest.offset = (uint16_t)(1024 + i * 4);
	}
	batch[1].source.offset = 4094; /* crosses the page end */
	check_long("copy batch of 3", 0, gt_op(GNTTABOP_copy, batch, 3));
	check_long("batch[0]", GNTST_okay, batch[0].status);
	check_long("batch[1] crossing the page end", GNTST_bad_copy_arg, batch[1].status);
	check_long("batch[2]", GNTST_okay, batch[2].status);
	check_long("batch[2] data", a[8], c[1032]);
	check_long("flags after the batch", GTF_permit_access | GTF_readonly, gt_flags(REF));
	gt_grant(REF, 0, 0, 0);
	gt_grant(REF2, 0, 0, 0);
}

void test_main(void)
{
	/* NX is set in grant PTEs when the CPU has it: the checks mask it out. */
	const uint64_t nx = 0;

	if (!mm_setup())
		return;
	test_sizes_and_versions();
	if (!gt_table)
		return;
	test_map(nx);
	test_copy();
	xtf_success(NULL);
}
