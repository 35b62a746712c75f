// SPDX-License-Identifier: GPL-2.0-only
/*
 * Grant tables v2 in one domain (dom0 granting to itself, domid 0), and
 * switching between versions. Behaviour under test (the same on Xen 4.17):
 * - physinfo reports XEN_SYSCTL_PHYSCAP_gnttab_v1 and gnttab_v2;
 * - under v1: get_version is 1; set_version(0) and (3) are -EINVAL with
 *   version 1 reported; get_status_frames is -EINVAL for a count other
 *   than 1, GNTST_general_error for any frame and GNTST_okay for none;
 *   bad_domain for a domain that does not exist, get_version -ESRCH;
 * - set_version(2) is -EBUSY while a grant beyond the 8 reserved entries
 *   is mapped, and succeeds while a reserved one is: the reserved
 *   entries are carried over into the v2 layout (a pinned entry's
 *   GTF_reading/GTF_writing into the status array, an invalid entry's
 *   domid and frame as they were), every other byte of the table is
 *   cleared; one status frame for a 2-frame table (nr_frames 2 is
 *   general_error), which the guest maps; growing the table to 9 frames
 *   gives it a second one; 2^32 - 1 status frames and 65 table frames
 *   (above gnttab_max_frames) are general_error;
 * - XENMEM_add_to_physmap(_batch) of grant and status frames is -EACCES
 *   for a PV domain, after -EDOM, -ESRCH, -ENOSYS (a foreign frame) and
 *   -EOPNOTSUPP (a batch of a gmfn range);
 * - a v2 full-page grant mapped RW then RO: the status array shows
 *   GTF_reading|GTF_writing, then GTF_reading, then nothing, and the
 *   header's flags never change; GTF_readonly refuses a RW mapping;
 *   refs are bounded by the v2 table (256 per frame); a sub-page or a
 *   transitive grant cannot be mapped; set_version(1) is -EBUSY while a
 *   grant is mapped, set_version(2) is a no-op;
 * - GNTTABOP_copy honours a full-page grant, a sub-page grant's window
 *   (general_error outside it, bad_copy_arg beyond the page) in both
 *   directions, and refuses a transitive grant to the granter itself or
 *   to a domain that does not exist; no status bit is left behind;
 * - set_version(1) is -ERANGE while a reserved entry is transitive or
 *   grants a frame above 2^32, -EBUSY while a status frame is mapped,
 *   and otherwise converts the reserved entries back (the status bits
 *   folded into the flags, an invalid entry zeroed); the status frames
 *   are gone (get_status_frames is general_error again).
 */
#include "../gnttab-basic/gnttab.h"
#include <guest/control.h>

const char test_title[] = "Grant tables v2: versions, status frames, map, copy, sub-page";

#define V2_PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v2_t))
#define NO_DOMAIN 100 /* a domid nobody has in these tests */
/* Where memory_op's cmd keeps a continuation's index (Xen's, not in the public headers). */
#define MEMOP_EXTENT_SHIFT 6

/* Window pages 0 and 1 hold the table (gt_setup()); these are ours. */
#define VA_ST 2	 /* status frame 0 */
#define VA_RES 3 /* a reserved entry's mapping */
#define VA_RW 4
#define VA_RO 5

/* Entries: reserved ones (0..7) and ordinary ones. */
#define R_CONSOLE 0
#define R_STORE 1
#define R_BIG 2
#define R_INVALID 3
#define R_TRANS 4
#define REF_FULL 10
#define REF_RDONLY 11
#define REF_SUB 12
#define REF_TRANS_SELF 13
#define REF_TRANS_NONE 14

#define SUB_OFF 256
#define SUB_LEN 512

static volatile grant_entry_v2_t *v2;
static volatile grant_status_t *st;
static uint64_t mfn_c, mfn_x, mfn_p;
static volatile uint8_t *page_p;
static volatile uint64_t *page_c;

static long set_version(uint32_t version, uint32_t *reported)
{
	struct gnttab_set_version op = {.version = version};
	long rc = gt_op(GNTTABOP_set_version, &op, 1);

	*reported = op.version;
	return rc;
}

static long get_version(domid_t dom, uint32_t *version)
{
	struct gnttab_get_version op = {.dom = dom, .version = 0x5555};
	long rc = gt_op(GNTTABOP_get_version, &op, 1);

	*version = op.version;
	return rc;
}

static long status_frames(domid_t dom, uint32_t nr, uint64_t *frames, unsigned int count,
			  int16_t *status)
{
	struct gnttab_get_status_frames op = {.nr_frames = nr, .dom = dom, .status = 0x5555};
	long rc;

	op.frame_list.p = (uint64_t)(uintptr_t)frames;
	rc = gt_op(GNTTABOP_get_status_frames, &op, count);
	*status = op.status;
	return rc;
}

/* A v2 entry: the body first, the header (flags last) after a barrier. */
static void v2_full(grant_ref_t ref, domid_t domid, uint64_t frame, uint16_t flags)
{
	v2[ref].hdr.flags = 0;
	v2[ref].full_page.frame = frame;
	v2[ref].hdr.domid = domid;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	v2[ref].hdr.flags = flags;
}

static void v2_sub(grant_ref_t ref, domid_t domid, uint64_t frame, uint16_t off, uint16_t len)
{
	v2[ref].hdr.flags = 0;
	v2[ref].sub_page.frame = frame;
	v2[ref].sub_page.page_off = off;
	v2[ref].sub_page.length = len;
	v2[ref].hdr.domid = domid;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	v2[ref].hdr.flags = GTF_permit_access | GTF_sub_page;
}

static void v2_trans(grant_ref_t ref, domid_t domid, domid_t trans_domid, grant_ref_t gref)
{
	v2[ref].hdr.flags = 0;
	v2[ref].transitive.trans_domid = trans_domid;
	v2[ref].transitive.gref = gref;
	v2[ref].hdr.domid = domid;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	v2[ref].hdr.flags = GTF_transitive;
}

/* Part 1: version 1 refusals, then the table set up for the switch. */
static bool test_v1(struct gnttab_map_grant_ref *res_map)
{
	struct xen_sysctl_physinfo pi;
	struct gnttab_map_grant_ref m;
	uint64_t sf[2] = {0};
	uint32_t ver;
	int16_t s;
	static const uint32_t bad_versions[] = {0, 3, 0x80000002U};
	unsigned int i;

	check_long("sysctl physinfo", 0, sysctl_physinfo(&pi));
	check_long("physinfo: grant v1 and v2 capabilities",
		   XEN_SYSCTL_PHYSCAP_gnttab_v1 | XEN_SYSCTL_PHYSCAP_gnttab_v2,
		   pi.capabilities & (XEN_SYSCTL_PHYSCAP_gnttab_v1 | XEN_SYSCTL_PHYSCAP_gnttab_v2));
	check_long("get_version", 0, get_version(DOMID_SELF, &ver));
	check_long("version at start", 1, ver);
	check_long("get_version of a domain that does not exist", -XEN_ESRCH,
		   get_version(NO_DOMAIN, &ver));
	for (i = 0; i < ARRAY_SIZE(bad_versions); i++) {
		check_long("set_version(bad)", -XEN_EINVAL, set_version(bad_versions[i], &ver));
		check_long("set_version(bad) reports", 1, ver);
	}
	check_long("set_version(1) under v1", 0, set_version(1, &ver));
	check_long("get_status_frames count 2", -XEN_EINVAL,
		   status_frames(DOMID_SELF, 1, sf, 2, &s));
	check_long("get_status_frames count 0", -XEN_EINVAL,
		   status_frames(DOMID_SELF, 1, sf, 0, &s));
	check_long("get_status_frames (v1)", 0, status_frames(DOMID_SELF, 1, sf, 1, &s));
	check_long("get_status_frames (v1) status", GNTST_general_error, s);
	check_long("get_status_frames (v1) of none", 0, status_frames(DOMID_SELF, 0, sf, 1, &s));
	check_long("get_status_frames (v1) of none status", GNTST_okay, s);
	check_long("get_status_frames of no domain", 0, status_frames(NO_DOMAIN, 1, sf, 1, &s));
	check_long("get_status_frames of no domain status", GNTST_bad_domain, s);

	if (!gt_setup())
		return false;
	v2 = (volatile grant_entry_v2_t *)gt_table;

	/* Reserved entries as a toolstack leaves them, and one ordinary entry. */
	gt_grant(R_CONSOLE, 0, mfn_c, GTF_permit_access);
	gt_grant(R_STORE, 0, mfn_x, GTF_permit_access | GTF_readonly);
	gt_table[R_INVALID].domid = 7;
	gt_table[R_INVALID].frame = 99;
	gt_grant(20, 0, mfn_p, GTF_permit_access);

	/* An ordinary grant in use: no switch. */
	check_long("map ordinary v1 grant RO", 0,
		   gt_map((uint64_t)mm_window_va(VA_RO), GNTMAP_host_map | GNTMAP_readonly, 20, 0,
			  &m));
	if (!check_long("map ordinary v1 grant RO status", GNTST_okay, m.status))
		return false;
	check_long("set_version(2) with a grant mapped", -XEN_EBUSY, set_version(2, &ver));
	check_long("set_version(2) refused reports", 1, ver);
	check_long("unmap it", GNTST_okay, gt_unmap((uint64_t)mm_window_va(VA_RO), 0, m.handle));

	/* A reserved grant in use does not stop the switch. */
	check_long("map reserved console grant RW", 0,
		   gt_map((uint64_t)mm_window_va(VA_RES), GNTMAP_host_map, R_CONSOLE, 0, res_map));
	if (!check_long("map reserved console grant RW status", GNTST_okay, res_map->status))
		return false;
	check_long("console flags while mapped", GTF_permit_access | GTF_reading | GTF_writing,
		   gt_flags(R_CONSOLE));
	return true;
}

/* Part 2: the switch to v2 and what it left in the table. */
static bool test_switch_to_v2(const struct gnttab_map_grant_ref *res_map)
{
	struct gnttab_query_size qs = {.dom = DOMID_SELF};
	uint64_t sf[2] = {0, 0};
	const volatile uint64_t *raw;
	uint32_t ver;
	int16_t s;
	unsigned int i;
	bool clean = true;

	if (!check_long("set_version(2)", 0, set_version(2, &ver)))
		return false;
	check_long("set_version(2) reports", 2, ver);
	check_long("get_version after", 0, get_version(DOMID_SELF, &ver));
	check_long("version after", 2, ver);
	check_long("set_version(2) again", 0, set_version(2, &ver));

	check_long("console: header flags", GTF_permit_access, v2[R_CONSOLE].hdr.flags);
	check_long("console: domid", 0, v2[R_CONSOLE].hdr.domid);
	check_u64("console: frame", mfn_c, v2[R_CONSOLE].full_page.frame);
	check_long("xenstore: header flags", GTF_permit_access | GTF_readonly,
		   v2[R_STORE].hdr.flags);
	check_u64("xenstore: frame", mfn_x, v2[R_STORE].full_page.frame);
	check_long("invalid reserved entry: flags", 0, v2[R_INVALID].hdr.flags);
	check_long("invalid reserved entry: domid kept", 7, v2[R_INVALID].hdr.domid);
	check_u64("invalid reserved entry: frame kept", 99, v2[R_INVALID].full_page.frame);
	raw = (const volatile uint64_t *)&v2[GNTTAB_NR_RESERVED_ENTRIES];
	for (i = 0; i < (GT_FRAMES * PAGE_SIZE - GNTTAB_NR_RESERVED_ENTRIES * 16) / 8; i++)
		clean &= raw[i] == 0;
	check_long("the rest of the table is cleared", 1, clean);

	check_long("query_size", 0, gt_op(GNTTABOP_query_size, &qs, 1));
	check_long("nr_frames kept", GT_FRAMES, qs.nr_frames);
	check_long("get_status_frames(2)", 0, status_frames(DOMID_SELF, 2, sf, 1, &s));
	check_long("get_status_frames(2) status (one frame only)", GNTST_general_error, s);
	check_long("get_status_frames(1)", 0, status_frames(DOMID_SELF, 1, sf, 1, &s));
	if (!check_long("get_status_frames(1) status", GNTST_okay, s))
		return false;
	check_long("get_status_frames by our own domid", 0, status_frames(0, 1, &sf[1], 1, &s));
	check_u64("the same frame by domid", sf[0], sf[1]);
	if (!check_long("map the status frame RO", 0, mm_window_map(VA_ST, PTE(sf[0], PTE_RO))))
		return false;
	st = (volatile grant_status_t *)mm_window_va(VA_ST);
	check_long("console status carried over", GTF_reading | GTF_writing, st[R_CONSOLE]);
	check_long("xenstore status", 0, st[R_STORE]);
	((volatile uint64_t *)mm_window_va(VA_RES))[0] = 0xc0;
	check_u64("the console mapping still works", 0xc0, page_c[0]);
	check_long("unmap the console grant under v2", GNTST_okay,
		   gt_unmap((uint64_t)mm_window_va(VA_RES), 0, res_map->handle));
	check_long("console status after unmap", 0, st[R_CONSOLE]);
	check_long("console header after unmap", GTF_permit_access, v2[R_CONSOLE].hdr.flags);
	return true;
}

/*
 * XENMAPSPACE_grant_table (status frames too) is for translated guests:
 * a PV domain gets -EACCES, after Xen's other checks.
 */
static void test_add_to_physmap(void)
{
	struct xen_add_to_physmap x = {.domid = DOMID_SELF,
				       .space = XENMAPSPACE_grant_table,
				       .idx = 0 | XENMAPIDX_grant_table_status,
				       .gpfn = 0x1000};
	struct xen_add_to_physmap_batch b = {.domid = DOMID_SELF, .space = XENMAPSPACE_grant_table};

	check_long("add_to_physmap of status frame 0 (PV)", -XEN_EACCES,
		   HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x));
	x.idx = 0;
	check_long("add_to_physmap of table frame 0 (PV)", -XEN_EACCES,
		   HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x));
	check_long(
		"add_to_physmap continued at 0x10000", -XEN_EDOM,
		HYPERVISOR_memory_op(XENMEM_add_to_physmap | (0x10000U << MEMOP_EXTENT_SHIFT), &x));
	x.domid = NO_DOMAIN;
	check_long("add_to_physmap for no domain", -XEN_ESRCH,
		   HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x));
	x.space = XENMAPSPACE_gmfn_foreign;
	check_long("add_to_physmap of a foreign frame", -XEN_ENOSYS,
		   HYPERVISOR_memory_op(XENMEM_add_to_physmap, &x));
	check_long("add_to_physmap_batch of grant frames (PV)", -XEN_EACCES,
		   HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch, &b));
	b.space = XENMAPSPACE_gmfn_range;
	check_long("add_to_physmap_batch of a gmfn range", -XEN_EOPNOTSUPP,
		   HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch, &b));
}

/* Part 3: mapping v2 grants. */
static void test_v2_map(void)
{
	volatile uint64_t *rw = mm_window_va(VA_RW), *ro = mm_window_va(VA_RO);
	volatile uint64_t *p = (volatile uint64_t *)page_p;
	struct gnttab_map_grant_ref m_rw, m_ro, m;
	uint32_t ver;

	v2_full(REF_FULL, 0, mfn_p, GTF_permit_access);
	p[0] = 0x2222;
	check_long("map v2 RW", 0, gt_map((uint64_t)rw, GNTMAP_host_map, REF_FULL, 0, &m_rw));
	if (!check_long("map v2 RW status", GNTST_okay, m_rw.status))
		return;
	check_u64("map v2 dev_bus_addr", mfn_p << PAGE_SHIFT, m_rw.dev_bus_addr);
	check_u64("read through the v2 mapping", 0x2222, rw[0]);
	rw[1] = 0x3333;
	check_u64("write through the v2 mapping", 0x3333, p[1]);
	check_long("status while mapped RW", GTF_reading | GTF_writing, st[REF_FULL]);
	check_long("header flags untouched", GTF_permit_access, v2[REF_FULL].hdr.flags);
	check_long("map v2 RO", 0,
		   gt_map((uint64_t)ro, GNTMAP_host_map | GNTMAP_readonly, REF_FULL, 0, &m_ro));
	check_long("map v2 RO status", GNTST_okay, m_ro.status);
	check_long("unmap v2 RW", GNTST_okay, gt_unmap((uint64_t)rw, 0, m_rw.handle));
	check_long("status with the RO mapping left", GTF_reading, st[REF_FULL]);

	check_long("set_version(1) with a grant mapped", -XEN_EBUSY, set_version(1, &ver));
	check_long("set_version(1) refused reports", 2, ver);
	check_long("set_version(2) while mapped", 0, set_version(2, &ver));
	check_long("unmap v2 RO", GNTST_okay, gt_unmap((uint64_t)ro, 0, m_ro.handle));
	check_long("status after the last unmap", 0, st[REF_FULL]);

	v2_full(REF_RDONLY, 0, mfn_p, GTF_permit_access | GTF_readonly);
	check_long("map a GTF_readonly grant RW", 0,
		   gt_map((uint64_t)rw, GNTMAP_host_map, REF_RDONLY, 0, &m));
	check_long("map a GTF_readonly grant RW status", GNTST_general_error, m.status);
	check_long("status after the refusal", 0, st[REF_RDONLY]);
	check_long("map a GTF_readonly grant RO", 0,
		   gt_map((uint64_t)ro, GNTMAP_host_map | GNTMAP_readonly, REF_RDONLY, 0, &m));
	if (check_long("map a GTF_readonly grant RO status", GNTST_okay, m.status)) {
		check_long("status of the RO grant", GTF_reading, st[REF_RDONLY]);
		check_long("unmap it", GNTST_okay, gt_unmap((uint64_t)ro, 0, m.handle));
	}

	v2_full(GT_FRAMES * V2_PER_FRAME - 1, 0, mfn_p, GTF_permit_access);
	check_long("map the last v2 entry", 0,
		   gt_map((uint64_t)rw, GNTMAP_host_map, GT_FRAMES * V2_PER_FRAME - 1, 0, &m));
	if (check_long("map the last v2 entry status", GNTST_okay, m.status))
		check_long("unmap it", GNTST_okay, gt_unmap((uint64_t)rw, 0, m.handle));
	v2_full(GT_FRAMES * V2_PER_FRAME - 1, 0, 0, 0);
	check_long("map a ref past the v2 table", 0,
		   gt_map((uint64_t)rw, GNTMAP_host_map, GT_FRAMES * V2_PER_FRAME, 0, &m));
	check_long("map a ref past the v2 table status", GNTST_bad_gntref, m.status);

	v2_sub(REF_SUB, 0, mfn_p, SUB_OFF, SUB_LEN);
	check_long("map a sub-page grant", 0,
		   gt_map((uint64_t)ro, GNTMAP_host_map | GNTMAP_readonly, REF_SUB, 0, &m));
	check_long("map a sub-page grant status", GNTST_general_error, m.status);
	v2_trans(REF_TRANS_SELF, 0, 0, REF_FULL);
	check_long("map a transitive grant", 0,
		   gt_map((uint64_t)ro, GNTMAP_host_map | GNTMAP_readonly, REF_TRANS_SELF, 0, &m));
	check_long("map a transitive grant status", GNTST_general_error, m.status);
	check_long("no status left on either", 0, st[REF_SUB] | st[REF_TRANS_SELF]);
}

/* Part 4: copying through v2 grants. */
static void test_v2_copy(void)
{
	volatile uint8_t *c = mm_alloc_page();
	uint64_t mc;
	unsigned int i;
	bool ok = true;

	if (!c) {
		xtf_error("no padding page left");
		return;
	}
	mc = virt_to_mfn((const void *)c);
	for (i = 0; i < PAGE_SIZE; i++)
		page_p[i] = (uint8_t)(i * 5 + 3);

	check_long("copy from a v2 full-page grant", GNTST_okay,
		   gt_copy(REF_FULL, 0, 100, mc, DOMID_SELF, 200, 300, GNTCOPY_source_gref));
	for (i = 0; i < 300; i++)
		ok &= c[200 + i] == page_p[100 + i];
	check_long("full-page copy data", 1, ok);
	check_long("full-page status after copy", 0, st[REF_FULL]);

	check_long(
		"copy the whole sub-page window", GNTST_okay,
		gt_copy(REF_SUB, 0, SUB_OFF, mc, DOMID_SELF, 1024, SUB_LEN, GNTCOPY_source_gref));
	ok = true;
	for (i = 0; i < SUB_LEN; i++)
		ok &= c[1024 + i] == page_p[SUB_OFF + i];
	check_long("sub-page copy data", 1, ok);
	check_long("copy starting before the window", GNTST_general_error,
		   gt_copy(REF_SUB, 0, SUB_OFF - 1, mc, DOMID_SELF, 0, 10, GNTCOPY_source_gref));
	check_long("copy ending after the window", GNTST_general_error,
		   gt_copy(REF_SUB, 0, 700, mc, DOMID_SELF, 0, 100, GNTCOPY_source_gref));
	check_long("copy beyond the page", GNTST_bad_copy_arg,
		   gt_copy(REF_SUB, 0, 4000, mc, DOMID_SELF, 0, 200, GNTCOPY_source_gref));
	c[0] = 0x77;
	check_long("copy into the sub-page window", GNTST_okay,
		   gt_copy(mc, DOMID_SELF, 0, REF_SUB, 0, SUB_OFF + 300, 1, GNTCOPY_dest_gref));
	check_long("sub-page destination data", 0x77, page_p[SUB_OFF + 300]);
	check_long("copy into the sub-page, outside the window", GNTST_general_error,
		   gt_copy(mc, DOMID_SELF, 0, REF_SUB, 0, SUB_OFF + SUB_LEN, 1, GNTCOPY_dest_gref));
	check_long("sub-page status after copies", 0, st[REF_SUB]);

	check_long("copy into a GTF_readonly grant", GNTST_general_error,
		   gt_copy(mc, DOMID_SELF, 0, REF_RDONLY, 0, 0, 8, GNTCOPY_dest_gref));
	check_long("copy from a GTF_readonly grant", GNTST_okay,
		   gt_copy(REF_RDONLY, 0, 0, mc, DOMID_SELF, 0, 8, GNTCOPY_source_gref));

	v2_trans(REF_TRANS_SELF, 0, 0, REF_FULL);
	check_long("copy from a transitive grant to the granter itself", GNTST_general_error,
		   gt_copy(REF_TRANS_SELF, 0, 0, mc, DOMID_SELF, 0, 8, GNTCOPY_source_gref));
	v2_trans(REF_TRANS_NONE, 0, NO_DOMAIN, REF_FULL);
	check_long("copy from a transitive grant to no domain", GNTST_general_error,
		   gt_copy(REF_TRANS_NONE, 0, 0, mc, DOMID_SELF, 0, 8, GNTCOPY_source_gref));
	check_long("transitive status after the refusals", 0,
		   st[REF_TRANS_SELF] | st[REF_TRANS_NONE]);
	check_long("copy from an entry the v1 layout had (v2: invalid)", GNTST_general_error,
		   gt_copy(20, 0, 0, mc, DOMID_SELF, 0, 8, GNTCOPY_source_gref));
}

/* Part 5: growing under v2, then back to v1. */
static void test_back_to_v1(void)
{
	static uint64_t frames[65];
	uint64_t sf[3];
	struct gnttab_map_grant_ref m;
	uint32_t ver;
	int16_t s;
	unsigned int i;
	bool clean = true;

	check_long("setup_table(9) under v2", 0, gt_setup_table(DOMID_SELF, 9, frames, &s));
	check_long("setup_table(9) status", GNTST_okay, s);
	check_long("get_status_frames(2) after growing", 0,
		   status_frames(DOMID_SELF, 2, sf, 1, &s));
	check_long("get_status_frames(2) after growing status", GNTST_okay, s);
	check_long("get_status_frames(3)", 0, status_frames(DOMID_SELF, 3, sf, 1, &s));
	check_long("get_status_frames(3) status", GNTST_general_error, s);
	check_long("get_status_frames(2^32 - 1)", 0, status_frames(DOMID_SELF, ~0U, sf, 1, &s));
	check_long("get_status_frames(2^32 - 1) status", GNTST_general_error, s);
	check_long("setup_table(65) under v2", 0, gt_setup_table(DOMID_SELF, 65, frames, &s));
	check_long("setup_table(65) status", GNTST_general_error, s);
	check_long("get_status_frames(2) still", 0, status_frames(DOMID_SELF, 2, sf, 1, &s));
	check_long("get_status_frames(2) still status", GNTST_okay, s);

	v2_full(R_BIG, 0, 1ULL << 32, GTF_permit_access);
	check_long("set_version(1) with a frame above 2^32 reserved", -XEN_ERANGE,
		   set_version(1, &ver));
	check_long("refused reports", 2, ver);
	v2_full(R_BIG, 0, 0, 0);
	v2_trans(R_TRANS, 0, 0, REF_FULL);
	check_long("set_version(1) with a transitive reserved entry", -XEN_ERANGE,
		   set_version(1, &ver));
	v2_full(R_TRANS, 0, 0, 0);

	/* The xenstore grant mapped across the switch; the status frame still mapped. */
	check_long("map reserved xenstore grant RO", 0,
		   gt_map((uint64_t)mm_window_va(VA_RES), GNTMAP_host_map | GNTMAP_readonly,
			  R_STORE, 0, &m));
	if (!check_long("map reserved xenstore grant RO status", GNTST_okay, m.status))
		return;
	check_long("set_version(1) with the status frame mapped", -XEN_EBUSY, set_version(1, &ver));
	check_long("still version 2", 2, ver);
	check_long("unmap the status frame", 0, mm_window_map(VA_ST, 0));
	if (!check_long("set_version(1)", 0, set_version(1, &ver)))
		return;
	check_long("set_version(1) reports", 1, ver);
	check_long("get_version after", 0, get_version(DOMID_SELF, &ver));
	check_long("version after", 1, ver);

	check_long("console flags back in v1", GTF_permit_access, gt_table[R_CONSOLE].flags);
	check_long("console frame back in v1", (long)mfn_c, gt_table[R_CONSOLE].frame);
	check_long("xenstore flags: status folded in",
		   GTF_permit_access | GTF_readonly | GTF_reading, gt_table[R_STORE].flags);
	check_long("xenstore frame back in v1", (long)mfn_x, gt_table[R_STORE].frame);
	check_long("invalid reserved entry zeroed: domid", 0, gt_table[R_INVALID].domid);
	check_long("invalid reserved entry zeroed: frame", 0, gt_table[R_INVALID].frame);
	for (i = GNTTAB_NR_RESERVED_ENTRIES; i < GT_FRAMES * PAGE_SIZE / 8; i++)
		clean &= ((const volatile uint64_t *)gt_table)[i] == 0;
	check_long("the rest of the table is cleared", 1, clean);
	check_long("unmap the xenstore grant under v1", GNTST_okay,
		   gt_unmap((uint64_t)mm_window_va(VA_RES), 0, m.handle));
	check_long("xenstore flags after unmap", GTF_permit_access | GTF_readonly,
		   gt_table[R_STORE].flags);
	check_long("get_status_frames back under v1", 0, status_frames(DOMID_SELF, 1, sf, 1, &s));
	check_long("get_status_frames back under v1 status", GNTST_general_error, s);

	/* v1 works as before. */
	gt_grant(REF_FULL, 0, mfn_p, GTF_permit_access);
	check_long("map v1 after the round trip", 0,
		   gt_map((uint64_t)mm_window_va(VA_RW), GNTMAP_host_map, REF_FULL, 0, &m));
	if (check_long("map v1 after the round trip status", GNTST_okay, m.status)) {
		check_long("v1 flags while mapped", GTF_permit_access | GTF_reading | GTF_writing,
			   gt_flags(REF_FULL));
		check_long("unmap", GNTST_okay,
			   gt_unmap((uint64_t)mm_window_va(VA_RW), 0, m.handle));
	}
	check_long("v1 flags after unmap", GTF_permit_access, gt_flags(REF_FULL));
	gt_grant(REF_FULL, 0, 0, 0);
}

void test_main(void)
{
	struct gnttab_map_grant_ref res_map;
	void *x;

	if (!mm_setup())
		return;
	page_c = mm_alloc_page();
	x = mm_alloc_page();
	page_p = mm_alloc_page();
	if (!page_c || !x || !page_p) {
		xtf_error("no padding page left");
		return;
	}
	mfn_c = virt_to_mfn((const void *)page_c);
	mfn_x = virt_to_mfn(x);
	mfn_p = virt_to_mfn((const void *)page_p);
	if (!test_v1(&res_map) || !test_switch_to_v2(&res_map))
		return;
	test_add_to_physmap();
	test_v2_map();
	test_v2_copy();
	test_back_to_v1();
	xtf_success(NULL);
}
