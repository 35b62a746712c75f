// SPDX-License-Identifier: GPL-2.0-only
/*
 * Grants between two domains: this kernel boots as dom0 (the granter)
 * and as a boot-time domU with "role=peer" (domain 1, the grantee):
 *
 *   tests/run --module build/tests/test-gnttab-interdomain \
 *     --module "build/tests/test-gnttab-interdomain:domu name=peer mem=16M -- role=peer"
 *
 * Convention: dom0 grants domain 1 page P read-write as ref 8 and page Q
 * read-only as ref 9, and grants P to domain 2 (which does not exist)
 * as ref 10. Behaviour under test:
 * - the peer maps ref 8 RW and ref 9 RO from domain 0; its writes
 *   through the RW mapping show in dom0's page; it reads dom0's data
 *   through the RO one and a write there faults; mapping ref 9 RW,
 *   ref 10 (meant for domain 2) or a ref never granted is
 *   GNTST_general_error;
 * - copy both directions between the peer's own frame and dom0's
 *   grants (into ref 8 at offset 2048, out of ref 9);
 * - dom0 sees GTF_reading|GTF_writing on ref 8 while the peer has it
 *   mapped RW, and no flags once the peer unmapped;
 * - dom0 gives page P back (decrease_reservation) while the peer still
 *   has it mapped: the frame stays alive for the peer, whose writes
 *   keep landing in it (the mapping's references keep it), and it is
 *   freed after the unmap (not checked here; tests/gnttab-leak counts
 *   the frames freed by unmaps and destruction).
 * Each domain prints its own verdict; dom0 waits for the peer's marker
 * in P before checking. Booted alone (no domain 1), dom0 reports SKIP.
 */
#include "../gnttab-basic/gnttab.h"
#include <guest/time.h>
#include <public/sched.h>

const char test_title[] = "Grant tables between two domains";

#define REF_RW 8
#define REF_RO 9
#define REF_D2 10
#define PEER 1
#define MAGIC_D0 0xd0d0d0d0d0d0d0d0UL
#define MAGIC_PEER 0x1111222233334444UL
#define PHASE 500 /* word of P the two sides use to take turns */
#define PHASE_MAPPED 1
#define PHASE_FREED 2
#define TIMEOUT_MS 20000ULL

static bool wait_for(volatile uint64_t *word, uint64_t value)
{
	uint64_t end = pvclock_read() + TIMEOUT_MS * 1000000ULL;

	while (*word != value) {
		if (pvclock_read() > end)
			return false;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	return true;
}

static void granter(void)
{
	volatile uint64_t *p = mm_alloc_page(), *q = mm_alloc_page(), *pw;
	uint64_t p_mfn;
	struct xen_memory_reservation r = {.nr_extents = 1, .domid = DOMID_SELF};
	uint64_t end;
	unsigned int i;

	if (!p || !q) {
		xtf_error("no padding page left");
		return;
	}
	p_mfn = virt_to_mfn((const void *)p);
	for (i = 0; i < 512; i++)
		q[i] = MAGIC_D0 + i;
	/* P is reached through a window mapping, so its own VA can be dropped before freeing it. */
	if (!check_long("map P in the window", 0, mm_window_map(20, PTE(p_mfn, PTE_RW))))
		return;
	pw = mm_window_va(20);
	gt_grant(REF_RO, PEER, virt_to_mfn((const void *)q), GTF_permit_access | GTF_readonly);
	gt_grant(REF_D2, 2, p_mfn, GTF_permit_access);
	gt_grant(REF_RW, PEER, p_mfn, GTF_permit_access);

	if (!wait_for(&pw[PHASE], PHASE_MAPPED)) {
		xtf_failure("the peer never mapped ref 8 (is it running? see docs/grant-tables.md)");
		return;
	}
	check_long("ref 8 flags while the peer maps it RW",
		   GTF_permit_access | GTF_reading | GTF_writing, gt_flags(REF_RW));
	check_u64("the peer's write, seen in our page", MAGIC_PEER, pw[0]);

	/* Give P back while it is mapped: it must stay alive for the peer. */
	check_long("unmap P's own VA", 0,
		   HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)p, 0, UVMF_INVLPG | UVMF_LOCAL));
	check_long("unmap P's window VA", 0, mm_window_map(20, 0));
	r.extent_start.p = (uint64_t)(uintptr_t)&p_mfn;
	check_long("decrease_reservation of the mapped page", 1,
		   HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r));
	/* Tell the peer through Q, which it maps read-only. */
	q[PHASE] = PHASE_FREED;
	end = pvclock_read() + TIMEOUT_MS * 1000000ULL;
	while (gt_flags(REF_RW) & (GTF_reading | GTF_writing)) {
		if (pvclock_read() > end) {
			xtf_failure("the peer never unmapped ref 8");
			return;
		}
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	check_long("ref 8 flags after the peer unmapped", GTF_permit_access, gt_flags(REF_RW));
	check_long("ref 9 flags after the peer unmapped", GTF_permit_access | GTF_readonly,
		   gt_flags(REF_RO));
	check_long("ref 10 (for domain 2) never used", GTF_permit_access, gt_flags(REF_D2));
	xtf_success(NULL);
}

static void peer(void)
{
	volatile uint64_t *rw = mm_window_va(24), *ro = mm_window_va(25);
	volatile uint64_t *own = mm_alloc_page();
	struct gnttab_map_grant_ref m_rw, m_ro, m;
	uint64_t end = pvclock_read() + TIMEOUT_MS * 1000000ULL;
	long rc;

	if (!own) {
		xtf_error("no padding page left");
		return;
	}
	/* dom0 grants ref 8 when it is ready: retry until then. */
	for (;;) {
		rc = gt_map((uint64_t)(uintptr_t)rw, GNTMAP_host_map, REF_RW, 0, &m_rw);
		if (rc || m_rw.status == GNTST_okay || pvclock_read() > end)
			break;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	if (!check_long("map dom0's ref 8 RW", 0, rc) ||
	    !check_long("map dom0's ref 8 RW status", GNTST_okay, m_rw.status))
		return;
	check_long("map ref 9 RO", 0,
		   gt_map((uint64_t)(uintptr_t)ro, GNTMAP_host_map | GNTMAP_readonly, REF_RO, 0,
			  &m_ro));
	if (!check_long("map ref 9 RO status", GNTST_okay, m_ro.status))
		return;
	check_u64("dom0's data through the RO grant", MAGIC_D0 + 3, ro[3]);
	check_exinfo("write through the RO grant", EXINFO_SYM(PF, 0x3), mm_write64(&ro[4], 1));
	check_long("map ref 9 RW (a read-only grant)", GNTST_general_error,
		   gt_map((uint64_t)(uintptr_t)mm_window_va(26), GNTMAP_host_map, REF_RO, 0, &m) ?:
			   m.status);
	check_long("map ref 10 (granted to domain 2)", GNTST_general_error,
		   gt_map((uint64_t)(uintptr_t)mm_window_va(26), GNTMAP_host_map, REF_D2, 0, &m) ?:
			   m.status);
	check_long("map ref 20 (never granted)", GNTST_general_error,
		   gt_map((uint64_t)(uintptr_t)mm_window_va(26), GNTMAP_host_map, 20, 0, &m) ?:
			   m.status);

	/* Copies both ways between our own frame and dom0's grants. */
	own[0] = 0x0123456789abcdefUL;
	check_long("copy own frame -> dom0 ref 8 at 2048", GNTST_okay,
		   gt_copy(virt_to_mfn((const void *)own), DOMID_SELF, 0, REF_RW, 0, 2048, 8,
			   GNTCOPY_dest_gref));
	check_u64("the copy, seen through the RW mapping", 0x0123456789abcdefUL, rw[256]);
	check_long("copy dom0 ref 9 -> own frame", GNTST_okay,
		   gt_copy(REF_RO, 0, 8 * 7, virt_to_mfn((const void *)own), DOMID_SELF, 8, 8,
			   GNTCOPY_source_gref));
	check_u64("dom0's data copied in", MAGIC_D0 + 7, own[1]);
	check_long("copy into dom0's read-only ref 9", GNTST_general_error,
		   gt_copy(virt_to_mfn((const void *)own), DOMID_SELF, 0, REF_RO, 0, 0, 8,
			   GNTCOPY_dest_gref));

	rw[0] = MAGIC_PEER;
	rw[PHASE] = PHASE_MAPPED;
	/* dom0 now gives the page back; our mapping keeps the frame alive. */
	if (!wait_for(&ro[PHASE], PHASE_FREED)) {
		xtf_failure("dom0 never freed page P");
		return;
	}
	rw[1] = 0x5a5a5a5a5a5a5a5aUL;
	check_u64("writes to the freed-but-mapped frame stick", 0x5a5a5a5a5a5a5a5aUL, rw[1]);
	check_u64("and its old contents are still there", MAGIC_PEER, rw[0]);
	check_long("copy into ref 8 after dom0 freed the frame (pinned: still dom0's)",
		   GNTST_okay,
		   gt_copy(virt_to_mfn((const void *)own), DOMID_SELF, 0, REF_RW, 0, 16, 8,
			   GNTCOPY_dest_gref));

	check_long("unmap ref 8", GNTST_okay, gt_unmap((uint64_t)(uintptr_t)rw, 0, m_rw.handle));
	check_long("unmap ref 8 again", GNTST_bad_handle,
		   gt_unmap((uint64_t)(uintptr_t)rw, 0, m_rw.handle));
	check_long("unmap ref 9", GNTST_okay, gt_unmap((uint64_t)(uintptr_t)ro, 0, m_ro.handle));
	xtf_success(NULL);
}

void test_main(void)
{
	if (!mm_setup())
		return;
	if (strstr((const char *)start_info->cmd_line, "role=peer")) {
		peer();
		return;
	}
	{
		/* Alone (as tests/run-all boots every kernel on Xen 4.17): nothing to test. */
		struct gnttab_query_size qs = {.dom = PEER};

		if (gt_op(GNTTABOP_query_size, &qs, 1) == 0 && qs.status == GNTST_bad_domain) {
			xtf_skip("no domain %u: boot a peer (docs/grant-tables.md)", PEER);
			return;
		}
	}
	if (!gt_setup())
		return;
	granter();
}
