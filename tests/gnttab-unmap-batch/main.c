// SPDX-License-Identifier: GPL-2.0-only
/*
 * Batched grant unmaps (dom0 granting to itself, domid 0), the way the
 * backends do them: many mappings given back in one
 * GNTTABOP_unmap_grant_ref. Behaviour under test (the same on Xen 4.17):
 * - 40 host mappings of one grant (one map batch of 40), then one unmap
 *   batch of 41 with a bad handle in the middle: rc 0, every status
 *   GNTST_okay but that one's GNTST_bad_handle; every PTE empty, a read
 *   through each address faults, the grant's flags are clear (the last
 *   pin went), and the frame is ours to write again;
 * - a batch of 8 the same way, and a batch of only bad handles.
 * On xen-like, whose counters XEN_SYSCTL_xl_perfc_op reads (Xen 4.17 has
 * no such sysctl: -ENOSYS, and these checks are skipped):
 * - "gnttab.map" grows by 40 and "gnttab.unmap" by the unmaps done;
 * - "gnttab.unmap_flush", the TLB flushes of the unmap paths, grows by
 *   one per chunk of up to 32 unmaps that zapped a PTE: 2 for the 41,
 *   1 for the 8, 0 for the bad handles. Never one per entry.
 */
#include "../gnttab-basic/gnttab.h"
#include <public/sysctl.h>

const char test_title[] = "Grant tables: batched unmaps, one TLB flush per batch";

#define REF 12
#define N 40
#define VA0 8 /* window pages VA0..VA0+N-1 take the mappings */

static struct xen_sysctl_xl_perfc_desc descs[512];
static uint64_t vals[16384];
static bool have_perfc;

/*
 * Counter @name ("gnttab.*", one value) now, in *@v: false when the
 * hypervisor has no xl_perfc sysctl (Xen 4.17), a failure when the query
 * fails otherwise or the counter is missing.
 */
static bool counter(const char *name, uint64_t *v)
{
	xen_sysctl_t op = {0};
	unsigned int i, at = 0;
	long rc;

	op.cmd = XEN_SYSCTL_xl_perfc_op;
	op.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	op.u.xl_perfc_op.cmd = XEN_SYSCTL_XL_PERFCOP_query;
	rc = HYPERVISOR_sysctl(&op);
	if (rc == -XEN_ENOSYS)
		return false;
	if (!check_long("xl_perfc query sizes", 0, rc))
		return false;
	if (op.u.xl_perfc_op.nr_counters > ARRAY_SIZE(descs) ||
	    op.u.xl_perfc_op.nr_vals > ARRAY_SIZE(vals)) {
		xtf_error("perfc: %u counters, %u values: buffers too small",
			  op.u.xl_perfc_op.nr_counters, op.u.xl_perfc_op.nr_vals);
		return false;
	}
	set_xen_guest_handle(op.u.xl_perfc_op.desc, descs);
	set_xen_guest_handle(op.u.xl_perfc_op.val, vals);
	if (!check_long("xl_perfc query", 0, HYPERVISOR_sysctl(&op)))
		return false;
	for (i = 0; i < op.u.xl_perfc_op.nr_counters; i++) {
		if (!strcmp(descs[i].name, name) && descs[i].nr_vals == 1) {
			*v = vals[at];
			return true;
		}
		at += descs[i].nr_vals;
	}
	xtf_failure("Fail: perfc: no counter %s with one value", name);
	return false;
}

static struct gnttab_map_grant_ref maps[N];
static struct gnttab_unmap_grant_ref unmaps[N + 1];

/* Map the grant @n times (one batch), at window pages VA0.. */
static bool map_n(unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		maps[i] = (struct gnttab_map_grant_ref){
			.host_addr = (uint64_t)mm_window_va(VA0 + i), .flags = GNTMAP_host_map,
			.ref = REF, .dom = 0, .status = 0x5555};
	if (!check_long("map batch", 0, gt_op(GNTTABOP_map_grant_ref, maps, n)))
		return false;
	for (i = 0; i < n; i++)
		if (!check_long("map batch: an entry's status", GNTST_okay, maps[i].status))
			return false;
	return true;
}

/*
 * Unmap the @n mappings in one batch, a bad handle at @bad (if < n + 1
 * it makes the batch n + 1 long), and check what is left: no PTE, no
 * access, no flags.
 */
static void unmap_n(const char *what, unsigned int n, unsigned int bad)
{
	unsigned int i, j = 0, total = n + (bad <= n);
	uint64_t v;

	for (i = 0; i < total; i++) {
		if (i == bad) {
			unmaps[i] = (struct gnttab_unmap_grant_ref){
				.host_addr = (uint64_t)mm_window_va(VA0), .handle = 0xfff0,
				.status = 0x5555};
			continue;
		}
		unmaps[i] = (struct gnttab_unmap_grant_ref){
			.host_addr = maps[j].host_addr, .handle = maps[j].handle, .status = 0x5555};
		j++;
	}
	printk("%s: unmap batch of %u\n", what, total);
	check_long("unmap batch", 0, gt_op(GNTTABOP_unmap_grant_ref, unmaps, total));
	for (i = 0; i < total; i++)
		if (!check_long(i == bad ? "unmap batch: the bad handle's status"
					 : "unmap batch: an entry's status",
				i == bad ? GNTST_bad_handle : GNTST_okay, unmaps[i].status))
			break;
	for (i = 0; i < n; i++) {
		if (!check_u64("PTE after the batch", 0, mm_window_pte(VA0 + i)) ||
		    !check_exinfo("read through an unmapped address", EXINFO_SYM(PF, 0),
				  mm_read64(mm_window_va(VA0 + i), &v)))
			break;
	}
	check_long("grant flags after the batch", GTF_permit_access, gt_flags(REF));
}

void test_main(void)
{
	volatile uint64_t *page;
	uint64_t m0 = 0, u0 = 0, f0 = 0, m1 = 0, u1 = 0, f1 = 0;

	if (!mm_setup() || !gt_setup())
		return;
	page = mm_alloc_page();
	if (!page) {
		xtf_error("no padding page left");
		return;
	}
	page[0] = 0xabcd;
	gt_grant(REF, 0, virt_to_mfn((const void *)page), GTF_permit_access);

	/* 40 mappings, 41 unmaps with a bad handle at 20: 32 + 9, two flushes. */
	have_perfc = counter("gnttab.map", &m0) && counter("gnttab.unmap", &u0) &&
		     counter("gnttab.unmap_flush", &f0);
	if (!map_n(N))
		return;
	check_u64("read through the 40th mapping", 0xabcd, *(volatile uint64_t *)mm_window_va(VA0 + N - 1));
	check_long("grant flags while mapped", GTF_permit_access | GTF_reading | GTF_writing,
		   gt_flags(REF));
	unmap_n("40 mappings", N, 20);
	page[1] = 0x1234; /* still ours, writable: no reference leaked */
	check_u64("the page after the unmaps", 0x1234, page[1]);
	if (have_perfc && counter("gnttab.map", &m1) && counter("gnttab.unmap", &u1) &&
	    counter("gnttab.unmap_flush", &f1)) {
		check_u64("gnttab.map grew by", N, m1 - m0);
		check_u64("gnttab.unmap grew by", N, u1 - u0);
		check_u64("gnttab.unmap_flush grew by (41 unmaps: 32 + 9)", 2, f1 - f0);
	}

	/* 8 mappings, one batch: one flush. */
	if (!map_n(8))
		return;
	unmap_n("8 mappings", 8, ~0U);
	if (have_perfc && counter("gnttab.unmap", &u0) && counter("gnttab.unmap_flush", &f0)) {
		check_u64("gnttab.unmap grew by", 8, u0 - u1);
		check_u64("gnttab.unmap_flush grew by (8 unmaps)", 1, f0 - f1);
	}

	/* Only bad handles: nothing zapped, each refused. */
	for (unsigned int i = 0; i < 4; i++)
		unmaps[i] = (struct gnttab_unmap_grant_ref){
			.host_addr = (uint64_t)mm_window_va(VA0 + i), .handle = (grant_handle_t)(0xfff0 + i),
			.status = 0x5555};
	check_long("unmap batch of 4 bad handles", 0, gt_op(GNTTABOP_unmap_grant_ref, unmaps, 4));
	for (unsigned int i = 0; i < 4; i++)
		check_long("a bad handle's status", GNTST_bad_handle, unmaps[i].status);
	if (have_perfc && counter("gnttab.unmap", &u1) && counter("gnttab.unmap_flush", &f1)) {
		check_u64("gnttab.unmap after bad handles", u0, u1);
		check_u64("gnttab.unmap_flush after bad handles (nothing zapped)", f0, f1);
	}
	if (!have_perfc)
		printk("no XEN_SYSCTL_xl_perfc_op (Xen 4.17): the counters are not checked\n");
	gt_grant(REF, 0, 0, 0);
	xtf_success(NULL);
}
