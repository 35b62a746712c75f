// SPDX-License-Identifier: GPL-2.0-only
/*
 * Grant-table refusals, with Xen 4.17's exact GNTST_* codes, in one
 * domain (dom0, domid 0, granting to itself). Behaviour under test, one
 * table entry each (the same on Xen 4.17):
 * - map: a ref never granted, a grant to another domid, a write mapping
 *   of a GTF_readonly grant, a grant whose frame the granter does not
 *   own, a write mapping of a frame that is a page table in use:
 *   GNTST_general_error (bad_page for the unowned frame), and the entry's
 *   flags are left as they were; a ref beyond the table and a map with
 *   neither host_map nor device_map: GNTST_bad_gntref; a granter that
 *   does not exist or DOMID_SELF: GNTST_bad_domain; a host_addr with no
 *   L1 table, in the hypervisor's range, or a misaligned contains_pte
 *   address: GNTST_general_error;
 * - unmap: twice, a handle never given, a host_addr that is not the
 *   mapping's: GNTST_bad_handle / bad_handle / general_error (the
 *   mapping survives the last and is then unmapped properly); a wrong
 *   dev_bus_addr: GNTST_bad_dev_addr;
 * - copy: beyond the page end (GNTST_bad_copy_arg), a frame of another
 *   domid named by frame (GNTST_permission_denied), a frame we do not own
 *   (GNTST_bad_page), into a GTF_readonly grant (general_error), into a
 *   page table (general_error);
 * - an mmu_update that overwrites a grant PTE: accepted (0) by a
 *   release-built Xen, which drops the references the PTE held as for any
 *   L1 entry; unmapping by that address then fails (general_error) and
 *   the grant stays in use (GTF_reading|GTF_writing); after an ordinary
 *   mapping of the same frame is put back there the unmap succeeds and
 *   the flags clear;
 * - transfer: -EOPNOTSUPP or a per-op error (we only require the guest
 *   survives); dump_table: -ENOSYS;
 * - a grant op count with the top bit set: -EINVAL.
 * After each case a canary mapped through the window L1 still reads its
 * tag and its flags show no grant leaked.
 */
#include "../gnttab-basic/gnttab.h"

const char test_title[] = "Grant-table refusals, with Xen 4.17's GNTST codes";

#define REF 10
#define REF_RO 11
#define REF_OTHER 12
#define REF_NONE 13
#define REF_UNOWNED 14
#define REF_PT 15
#define REF_MU 16
#define VA_MAP 4
#define VA_OTHER 5
#define CANARY 9
#define CANARY_TAG 0xca5a7a6ca5a7a6c0UL
#define NO_SUCH_DOMAIN 7

static volatile uint64_t *data, *canary;
static uint64_t data_mfn, pt_mfn;

static uint64_t va(unsigned int i)
{
	return (uint64_t)(uintptr_t)mm_window_va(i);
}

/* Map at window page VA_MAP: the status (or the hypercall's error). */
static long map_at(uint64_t addr, uint32_t flags, grant_ref_t ref, domid_t dom,
		   struct gnttab_map_grant_ref *m)
{
	long rc = gt_map(addr, flags, ref, dom, m);

	return rc ? rc : m->status;
}

static long map_simple(grant_ref_t ref, uint32_t flags, domid_t dom)
{
	struct gnttab_map_grant_ref m;
	long rc = map_at(va(VA_MAP), GNTMAP_host_map | flags, ref, dom, &m);

	if (rc == GNTST_okay)
		gt_unmap(va(VA_MAP), 0, m.handle);
	return rc;
}

static long map_never_granted(void) { return map_simple(REF_NONE, 0, 0); }
static long map_other_domid(void) { return map_simple(REF_OTHER, 0, 0); }
static long map_ro_grant_rw(void) { return map_simple(REF_RO, 0, 0); }
static long map_unowned_frame(void) { return map_simple(REF_UNOWNED, GNTMAP_readonly, 0); }
static long map_page_table_rw(void) { return map_simple(REF_PT, 0, 0); }
static long map_beyond_table(void) { return map_simple(GT_FRAMES * 512, 0, 0); }
static long map_no_such_domain(void) { return map_simple(REF, 0, NO_SUCH_DOMAIN); }
static long map_domid_self(void) { return map_simple(REF, 0, DOMID_SELF); }

static long map_no_kind(void)
{
	struct gnttab_map_grant_ref m;

	return map_at(va(VA_MAP), GNTMAP_readonly, REF, 0, &m);
}

static long map_no_l1(void)
{
	struct gnttab_map_grant_ref m;

	return map_at(0x500000000000UL, GNTMAP_host_map, REF, 0, &m); /* L4 slot 160: nothing */
}

static long map_hypervisor_va(void)
{
	struct gnttab_map_grant_ref m;

	return map_at(0xffff830000000000UL, GNTMAP_host_map, REF, 0, &m);
}

static long map_pte_misaligned(void)
{
	struct gnttab_map_grant_ref m;

	return map_at(mm_window_pte_maddr(VA_MAP) + 4, GNTMAP_host_map | GNTMAP_contains_pte, REF,
		      0, &m);
}

static long unmap_twice(void)
{
	struct gnttab_map_grant_ref m;
	long rc = map_at(va(VA_MAP), GNTMAP_host_map, REF, 0, &m);

	if (rc != GNTST_okay)
		return 1000 + rc;
	rc = gt_unmap(va(VA_MAP), 0, m.handle);
	if (rc != GNTST_okay)
		return 2000 + rc;
	return gt_unmap(va(VA_MAP), 0, m.handle);
}

static long unmap_bad_handle(void)
{
	return gt_unmap(va(VA_MAP), 0, 0xdead);
}

static long unmap_wrong_addr(void)
{
	struct gnttab_map_grant_ref m;
	long rc = map_at(va(VA_MAP), GNTMAP_host_map, REF, 0, &m), wrong;

	if (rc != GNTST_okay)
		return 1000 + rc;
	wrong = gt_unmap(va(VA_OTHER), 0, m.handle);
	if (data[0] != CANARY_TAG + 1 || ((volatile uint64_t *)mm_window_va(VA_MAP))[0] != data[0])
		return 3000;
	rc = gt_unmap(va(VA_MAP), 0, m.handle);
	return rc != GNTST_okay ? 2000 + rc : wrong;
}

static long unmap_wrong_bus_addr(void)
{
	struct gnttab_map_grant_ref m;
	long rc = map_at(0, GNTMAP_device_map, REF, 0, &m), wrong;

	if (rc != GNTST_okay)
		return 1000 + rc;
	wrong = gt_unmap(0, (data_mfn + 1) << PAGE_SHIFT, m.handle);
	rc = gt_unmap(0, data_mfn << PAGE_SHIFT, m.handle);
	return rc != GNTST_okay ? 2000 + rc : wrong;
}

static long copy_beyond_page(void)
{
	return gt_copy(REF, 0, 4000, data_mfn, DOMID_SELF, 0, 200, GNTCOPY_source_gref);
}

static long copy_frame_of_other_domid(void)
{
	return gt_copy(data_mfn, 0, 0, REF, 0, 0, 8, GNTCOPY_dest_gref);
}

static long copy_unowned_frame(void)
{
	return gt_copy(MFN_BEYOND_PADDR, DOMID_SELF, 0, REF, 0, 0, 8, GNTCOPY_dest_gref);
}

static long copy_into_ro_grant(void)
{
	return gt_copy(data_mfn, DOMID_SELF, 0, REF_RO, 0, 0, 8, GNTCOPY_dest_gref);
}

static long copy_into_page_table(void)
{
	return gt_copy(data_mfn, DOMID_SELF, 0, pt_mfn, DOMID_SELF, 0, 8, 0);
}

static long dump_table(void)
{
	struct gnttab_dump_table op = {.dom = DOMID_SELF};

	return gt_op(GNTTABOP_dump_table, &op, 1);
}

static long huge_count(void)
{
	struct gnttab_copy op = {0};

	return gt_op(GNTTABOP_copy, &op, 0x80000000U);
}

/*
 * An mmu_update over a grant PTE (Xen 4.17 release: accepted, the PTE's
 * references dropped). The grant then stays pinned until a matching PTE
 * is back at that address and it is unmapped.
 */
static long mmu_update_over_grant_pte(void)
{
	struct gnttab_map_grant_ref m;
	long rc = map_at(va(VA_MAP), GNTMAP_host_map, REF_MU, 0, &m), over;

	if (rc != GNTST_okay)
		return 1000 + rc;
	over = mmu_update1(mm_window_pte_maddr(VA_MAP), MMU_NORMAL_PT_UPDATE, 0);
	mmuext_va(MMUEXT_INVLPG_LOCAL, va(VA_MAP));
	if (over)
		return 4000 + over; /* Xen refused: then unmap normally below */
	if (!check_long("unmap after the PTE was overwritten", GNTST_general_error,
			gt_unmap(va(VA_MAP), 0, m.handle)))
		return 5000;
	if (!check_long("flags of the orphaned grant",
			GTF_permit_access | GTF_reading | GTF_writing, gt_flags(REF_MU)))
		return 6000;
	/* Put an ordinary mapping of the same frame back: now the unmap matches. */
	rc = mmu_update1(mm_window_pte_maddr(VA_MAP), MMU_NORMAL_PT_UPDATE,
			 PTE(data_mfn, PTE_RW));
	if (rc)
		return 7000 + rc;
	rc = gt_unmap(va(VA_MAP), 0, m.handle);
	if (rc != GNTST_okay)
		return 8000 + rc;
	if (mm_window_pte(VA_MAP) != 0)
		return 9000;
	return gt_flags(REF_MU) == GTF_permit_access ? 0 : 10000 + gt_flags(REF_MU);
}

static const struct {
	const char *what;
	long (*fn)(void);
	long expected;
} cases[] = {
	{"map a ref never granted", map_never_granted, GNTST_general_error},
	{"map a grant to another domid", map_other_domid, GNTST_general_error},
	{"map RW a GTF_readonly grant", map_ro_grant_rw, GNTST_general_error},
	{"map a grant of a frame the granter does not own", map_unowned_frame, GNTST_bad_page},
	{"map RW a grant of a page table in use", map_page_table_rw, GNTST_general_error},
	{"map a ref beyond the table", map_beyond_table, GNTST_bad_gntref},
	{"map with neither host_map nor device_map", map_no_kind, GNTST_bad_gntref},
	{"map from a domain that does not exist", map_no_such_domain, GNTST_bad_domain},
	{"map from DOMID_SELF", map_domid_self, GNTST_bad_domain},
	{"map at a host_addr without an L1", map_no_l1, GNTST_general_error},
	{"map at a hypervisor host_addr", map_hypervisor_va, GNTST_general_error},
	{"map contains_pte at a misaligned PTE address", map_pte_misaligned, GNTST_general_error},
	{"unmap twice", unmap_twice, GNTST_bad_handle},
	{"unmap a handle never given", unmap_bad_handle, GNTST_bad_handle},
	{"unmap at an address that is not the mapping's", unmap_wrong_addr, GNTST_general_error},
	{"unmap with a wrong dev_bus_addr", unmap_wrong_bus_addr, GNTST_bad_dev_addr},
	{"copy beyond the page end", copy_beyond_page, GNTST_bad_copy_arg},
	{"copy from a frame of a domid (not DOMID_SELF)", copy_frame_of_other_domid,
	 GNTST_permission_denied},
	{"copy from a frame we do not own", copy_unowned_frame, GNTST_bad_page},
	{"copy into a GTF_readonly grant", copy_into_ro_grant, GNTST_general_error},
	{"copy into a page table", copy_into_page_table, GNTST_general_error},
	{"mmu_update over a grant PTE, then unmap", mmu_update_over_grant_pte, 0},
	{"dump_table", dump_table, -XEN_ENOSYS},
	{"grant op with a negative count", huge_count, -XEN_EINVAL},
};

/* Nothing leaked: the canary reads its tag, the grants are idle, the map page is empty. */
static void check_aftermath(const char *what)
{
	static const grant_ref_t refs[] = {REF, REF_RO, REF_OTHER, REF_UNOWNED, REF_PT, REF_MU};
	unsigned int i;

	if (canary[0] != CANARY_TAG)
		xtf_failure("after \"%s\": canary reads %#lx", what, (unsigned long)canary[0]);
	for (i = 0; i < ARRAY_SIZE(refs); i++)
		if (gt_flags(refs[i]) & (GTF_reading | GTF_writing))
			xtf_failure("after \"%s\": ref %u still in use (flags %#x)", what, refs[i],
				    gt_flags(refs[i]));
	if (mm_window_pte(VA_MAP) || mm_window_pte(VA_OTHER))
		xtf_failure("after \"%s\": a mapping was left behind", what);
}

void test_main(void)
{
	volatile uint64_t *pt;
	unsigned int i;

	if (!mm_setup() || !gt_setup())
		return;
	data = mm_alloc_page();
	canary = mm_alloc_page();
	pt = mm_alloc_page();
	if (!data || !canary || !pt) {
		xtf_error("no padding page left");
		return;
	}
	data[0] = CANARY_TAG + 1;
	data_mfn = virt_to_mfn((const void *)data);
	canary[0] = CANARY_TAG;
	if (!check_long("map the canary", 0,
			mm_window_map(CANARY, PTE(virt_to_mfn((const void *)canary), PTE_RO))))
		return;
	canary = mm_window_va(CANARY);
	/* A page table in use: an empty L1, read-only, pinned. */
	pt_mfn = virt_to_mfn((const void *)pt);
	if (!check_long("make the L1 read-only", 0, mm_make_readonly((const void *)pt)) ||
	    !check_long("pin the L1", 0, mm_pin(1, pt_mfn)))
		return;

	gt_grant(REF, 0, data_mfn, GTF_permit_access);
	gt_grant(REF_RO, 0, data_mfn, GTF_permit_access | GTF_readonly);
	gt_grant(REF_OTHER, 5, data_mfn, GTF_permit_access);
	gt_grant(REF_UNOWNED, 0, MFN_BEYOND_PADDR, GTF_permit_access);
	gt_grant(REF_PT, 0, pt_mfn, GTF_permit_access);
	gt_grant(REF_MU, 0, data_mfn, GTF_permit_access);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		check_long(cases[i].what, cases[i].expected, cases[i].fn());
		check_aftermath(cases[i].what);
	}
	/* transfer is refused one way or another; the guest carries on. */
	{
		struct gnttab_transfer t = {.mfn = MFN_BEYOND_PADDR, .domid = 0, .ref = REF_NONE};
		long rc = gt_op(GNTTABOP_transfer, &t, 1);

		if (rc == 0 && t.status == GNTST_okay)
			xtf_failure("transfer to a ref that accepts nothing: expected a refusal");
		check_aftermath("transfer");
	}
	check_long("the data page is intact", 1, data[0] == CANARY_TAG + 1);
	xtf_success(NULL);
}
