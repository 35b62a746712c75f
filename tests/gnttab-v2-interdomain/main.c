// SPDX-License-Identifier: GPL-2.0-only
/*
 * Grant tables v2 between two domains, and transitive grants: this
 * kernel boots as dom0 (v1 table) and as a boot-time domU with
 * "role=peer" (domain 1, which switches to v2):
 *
 *   tests/run --module build/tests/test-gnttab-v2-interdomain \
 *     --module "build/tests/test-gnttab-v2-interdomain:domu name=peer mem=16M -- role=peer"
 *
 * Convention: dom0 grants the peer page P read-write as ref 8 and page Q
 * read-only as ref 9 (v1), which the peer maps. The peer switches to v2
 * and grants dom0, from
 * its own table: ref 10, transitive, naming dom0's ref 8; ref 11,
 * transitive, naming dom0's ref 9; ref 13, transitive, naming a ref of
 * dom0's beyond its table; ref 12, its page S, sub-page (bytes 1024 to
 * 1279); ref 14, page S, full page (granted last: once dom0 can map it,
 * everything is in place). Behaviour under test, from dom0:
 * - get_version of domain 1 is 2; get_status_frames of domain 1 returns
 *   its status frame, which XENMEM_acquire_resource (status id) returns
 *   too, and whose size query is 8 frames (64 table frames' worth);
 * - mapping ref 14 sets GTF_reading|GTF_writing in the peer's status
 *   word (read through dom0's mapping of the peer's status frame), and
 *   unmapping clears it;
 * - copying from and into transitive ref 10 reaches dom0's page P
 *   through dom0's own grant (the grant issued to the peer, re-granted
 *   back), with no flag left on either entry afterwards; a transitive
 *   grant cannot be mapped, cannot be written through when the grant
 *   behind it is read-only (ref 11), and a grant ref beyond the third
 *   domain's table behind it is GNTST_bad_gntref (ref 13);
 * - copying from sub-page ref 12 works inside its window and is
 *   GNTST_general_error outside it.
 * The peer then checks its own status words are clear and writes its
 * verdict into S, which dom0 reports, and shuts down (v2, its status
 * frame still mapped); dom0 destroys it and gets every one of its pages
 * and hypervisor frames back at once (sysctl physinfo free_pages).
 * Booted alone, dom0 reports SKIP.
 */
#include "../gnttab-basic/gnttab.h"
#include <guest/control.h>
#include <multidom.h>
#include <public/sched.h>

const char test_title[] = "Grant tables v2 and transitive grants between two domains";

#define PEER 1
#define REF_P 8
#define REF_Q 9
#define REF_TRANS_RW 10
#define REF_TRANS_RO 11
#define REF_SUB 12
#define REF_TRANS_BAD 13
#define REF_FULL 14
#define SUB_OFF 1024
#define SUB_LEN 256
#define MAGIC_Q 0x9999aaaabbbbccccUL
#define MAGIC_S 0x5555666677778888UL
/* Words of S the peer writes for dom0, and of Q dom0 writes for the peer. */
#define S_MAGIC 0
#define S_VERDICT 1
#define Q_PHASE 2
#define PHASE_DONE 0xd0e
#define VERDICT_OK 0x600d
#define VERDICT_BAD 0xbad
#define TIMEOUT_NS (20000ULL * 1000000ULL)

/* Window pages: dom0's table at 0-1 (gt_setup()); these are ours. */
#define VA_SP 4	 /* the peer's status frame (dom0) */
#define VA_S 5	 /* the peer's page S (dom0) */
#define VA_Q 6	 /* dom0's page Q (peer) */
#define VA_PST 7 /* its own status frame (peer) */

static long copy_ref(grant_ref_t ref, bool to_ref, uint16_t ref_off, uint64_t mfn, uint16_t off,
		     uint16_t len)
{
	if (to_ref)
		return gt_copy(mfn, DOMID_SELF, off, ref, PEER, ref_off, len, GNTCOPY_dest_gref);
	return gt_copy(ref, PEER, ref_off, mfn, DOMID_SELF, off, len, GNTCOPY_source_gref);
}

static void dom0_status_frames(volatile grant_status_t **pst)
{
	struct gnttab_get_version gv = {.dom = PEER};
	struct gnttab_get_status_frames gsf = {.nr_frames = 1, .dom = PEER};
	struct xen_mem_acquire_resource r = {
		.domid = PEER,
		.type = XENMEM_resource_grant_table,
		.id = XENMEM_resource_grant_table_id_status,
	};
	uint64_t sf = 0;
	xen_pfn_t acquired = 0;
	struct mmu_update req;

	check_long("get_version of the peer", 0, gt_op(GNTTABOP_get_version, &gv, 1));
	check_long("the peer's version", 2, gv.version);
	set_xen_guest_handle(gsf.frame_list, &sf);
	check_long("get_status_frames of the peer", 0, gt_op(GNTTABOP_get_status_frames, &gsf, 1));
	if (!check_long("get_status_frames of the peer status", GNTST_okay, gsf.status))
		return;
	check_long("acquire_resource size of the peer's status frames", 0,
		   HYPERVISOR_memory_op(XENMEM_acquire_resource, &r));
	check_long("status frames for 64 table frames", 8, r.nr_frames);
	r.nr_frames = 1;
	set_xen_guest_handle(r.frame_list, &acquired);
	check_long("acquire_resource of the peer's status frame 0", 0,
		   HYPERVISOR_memory_op(XENMEM_acquire_resource, &r));
	check_u64("the same frame both ways", sf, acquired);
	/* A foreign frame: mmu_update naming its owner, as privcmd maps it. */
	req.ptr = mm_window_pte_maddr(VA_SP) | MMU_NORMAL_PT_UPDATE;
	req.val = PTE(sf, PTE_RO);
	if (check_long("map the peer's status frame RO (foreign)", 0,
		       HYPERVISOR_mmu_update(&req, 1, NULL, PEER))) {
		mmuext_va(MMUEXT_INVLPG_LOCAL, (uint64_t)(uintptr_t)mm_window_va(VA_SP));
		*pst = mm_window_va(VA_SP);
	}
}

static void dom0_transitive(volatile uint8_t *p, uint64_t mc, volatile uint8_t *c,
			    volatile grant_status_t *pst)
{
	struct gnttab_map_grant_ref m;
	unsigned int i;
	bool ok = true;

	for (i = 0; i < 64; i++)
		p[100 + i] = (uint8_t)(i + 1);
	check_long("copy from transitive ref 10", GNTST_okay,
		   copy_ref(REF_TRANS_RW, false, 100, mc, 0, 64));
	for (i = 0; i < 64; i++)
		ok &= c[i] == (uint8_t)(i + 1);
	check_long("the data came from our own page P", 1, ok);
	c[0] = 0xab;
	check_long("copy into transitive ref 10", GNTST_okay,
		   copy_ref(REF_TRANS_RW, true, 3000, mc, 0, 1));
	check_long("the byte landed in page P", 0xab, p[3000]);
	check_long("ref 8 flags after the copies", GTF_permit_access, gt_flags(REF_P));
	if (pst)
		check_long("peer's status of ref 10 after the copies", 0, pst[REF_TRANS_RW]);

	check_long("map transitive ref 10", GNTST_general_error,
		   gt_map((uint64_t)(uintptr_t)mm_window_va(8), GNTMAP_host_map, REF_TRANS_RW, PEER,
			  &m)
			   ?: m.status);
	check_long("copy from transitive ref 11 (read-only behind)", GNTST_okay,
		   copy_ref(REF_TRANS_RO, false, 0, mc, 0, 8));
	check_u64("the data came from page Q", MAGIC_Q, *(volatile uint64_t *)c);
	check_long("copy into transitive ref 11 (read-only behind)", GNTST_general_error,
		   copy_ref(REF_TRANS_RO, true, 0, mc, 0, 8));
	check_long("ref 9 flags after the copies (the peer maps it)",
		   GTF_permit_access | GTF_readonly | GTF_reading, gt_flags(REF_Q));
	check_long("copy from transitive ref 13 (a ref beyond our table)", GNTST_bad_gntref,
		   copy_ref(REF_TRANS_BAD, false, 0, mc, 0, 8));
	if (pst)
		check_long("peer's status of refs 11 and 13", 0,
			   pst[REF_TRANS_RO] | pst[REF_TRANS_BAD]);
}

static void dom0_sub_and_full(uint64_t mc, volatile uint8_t *c, volatile grant_status_t *pst,
			      const struct gnttab_map_grant_ref *full)
{
	check_long("copy from sub-page ref 12, inside", GNTST_okay,
		   copy_ref(REF_SUB, false, SUB_OFF, mc, 0, SUB_LEN));
	check_u64("sub-page data", 0x1200 + SUB_OFF / 8, *(volatile uint64_t *)c);
	check_long("copy from sub-page ref 12, outside", GNTST_general_error,
		   copy_ref(REF_SUB, false, SUB_OFF + SUB_LEN - 4, mc, 0, 8));
	if (pst) {
		check_long("peer's status of ref 14 while we map it RO", GTF_reading,
			   pst[REF_FULL]);
		check_long("peer's status of ref 12 after the copies", 0, pst[REF_SUB]);
	}
	check_long("unmap ref 14", GNTST_okay,
		   gt_unmap((uint64_t)(uintptr_t)mm_window_va(VA_S), 0, full->handle));
	if (pst)
		check_long("peer's status of ref 14 after unmap", 0, pst[REF_FULL]);
}

static uint64_t free_pages(void)
{
	struct xen_sysctl_physinfo pi;

	return check_long("sysctl physinfo", 0, sysctl_physinfo(&pi)) ? pi.free_pages : 0;
}

/* The v2 peer, shut down, destroyed: every frame back, status frame included. */
static void destroy_peer(void)
{
	struct xen_domctl_getdomaininfo di;
	struct xen_domctl_xl_memusage mu;
	uint64_t f0, f1;

	check_long("peer shut down (poweroff)", SHUTDOWN_poweroff,
		   md_wait_shutdown(PEER, md_deadline(TIMEOUT_NS)));
	if (!check_long("xl_memusage of the peer", 0, domctl_xl_memusage(PEER, &mu)))
		return;
	f0 = free_pages();
	check_long("destroydomain of the v2 peer", 0, domctl_destroydomain(PEER));
	f1 = free_pages();
	printk("free_pages destroying the peer: %lu -> %lu, expected +%lu\n", f0, f1,
	       (unsigned long)(mu.tot_pages + mu.xenheap_pages));
	check_long("free_pages delta: all its pages and hypervisor frames",
		   (long)(mu.tot_pages + mu.xenheap_pages), (long)(f1 - f0));
	check_long("getdomaininfo of the peer once destroyed", -XEN_ESRCH,
		   domctl_getdomaininfo(PEER, &di));
}

static void dom0(void)
{
	volatile uint8_t *p = mm_alloc_page(), *c = mm_alloc_page();
	volatile uint64_t *q = mm_alloc_page(), *s;
	volatile grant_status_t *pst = NULL;
	struct gnttab_map_grant_ref full;
	uint64_t end, mc;
	long rc;

	if (!p || !q || !c) {
		xtf_error("no padding page left");
		return;
	}
	mc = virt_to_mfn((const void *)c);
	q[0] = MAGIC_Q;
	gt_grant(REF_P, PEER, virt_to_mfn((const void *)p), GTF_permit_access);
	gt_grant(REF_Q, PEER, virt_to_mfn((const void *)q), GTF_permit_access | GTF_readonly);

	/* The peer grants ref 14 last: once it maps, everything is in place. */
	end = pvclock_read() + TIMEOUT_NS;
	for (;;) {
		rc = gt_map((uint64_t)(uintptr_t)mm_window_va(VA_S),
			    GNTMAP_host_map | GNTMAP_readonly, REF_FULL, PEER, &full);
		if (rc || full.status == GNTST_okay || pvclock_read() > end)
			break;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	if (!check_long("map the peer's ref 14 RO", 0, rc) ||
	    !check_long("map the peer's ref 14 RO status", GNTST_okay, full.status))
		return;
	s = mm_window_va(VA_S);
	check_u64("the peer's page through its v2 grant", MAGIC_S, s[S_MAGIC]);

	dom0_status_frames(&pst);
	dom0_transitive(p, mc, c, pst);
	dom0_sub_and_full(mc, c, pst, &full);
	if (pst)
		mm_window_map(VA_SP, 0);

	/* Let the peer check its side, then read its verdict through a copy of S. */
	q[Q_PHASE] = PHASE_DONE;
	end = pvclock_read() + TIMEOUT_NS;
	for (;;) {
		rc = copy_ref(REF_SUB, false, SUB_OFF, mc, 0, 8);
		if (rc || *(volatile uint64_t *)c != 0x1200 + SUB_OFF / 8 || pvclock_read() > end)
			break;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	check_u64("the peer's verdict (written over S's sub-page)", VERDICT_OK,
		  *(volatile uint64_t *)c);
	destroy_peer();
	xtf_success(NULL);
}

static void peer_grants(volatile grant_entry_v2_t *v2, uint64_t smfn)
{
	v2[REF_TRANS_RW].transitive.trans_domid = 0;
	v2[REF_TRANS_RW].transitive.gref = REF_P;
	v2[REF_TRANS_RO].transitive.trans_domid = 0;
	v2[REF_TRANS_RO].transitive.gref = REF_Q;
	v2[REF_TRANS_BAD].transitive.trans_domid = 0;
	v2[REF_TRANS_BAD].transitive.gref = 0x7fffffff;
	v2[REF_SUB].sub_page.frame = smfn;
	v2[REF_SUB].sub_page.page_off = SUB_OFF;
	v2[REF_SUB].sub_page.length = SUB_LEN;
	v2[REF_FULL].full_page.frame = smfn;
	/* Headers after the bodies; ref 14 last of all (dom0 waits for it). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	v2[REF_TRANS_RW].hdr.domid = 0;
	v2[REF_TRANS_RW].hdr.flags = GTF_transitive;
	v2[REF_TRANS_RO].hdr.domid = 0;
	v2[REF_TRANS_RO].hdr.flags = GTF_transitive;
	v2[REF_TRANS_BAD].hdr.domid = 0;
	v2[REF_TRANS_BAD].hdr.flags = GTF_transitive;
	v2[REF_SUB].hdr.domid = 0;
	v2[REF_SUB].hdr.flags = GTF_permit_access | GTF_sub_page;
	v2[REF_FULL].hdr.domid = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	v2[REF_FULL].hdr.flags = GTF_permit_access | GTF_readonly;
}

static void peer(void)
{
	struct gnttab_set_version sv = {.version = 2};
	struct gnttab_get_status_frames gsf = {.nr_frames = 1, .dom = DOMID_SELF};
	struct gnttab_map_grant_ref mq;
	volatile uint64_t *s = mm_alloc_page(), *q = mm_window_va(VA_Q);
	volatile grant_status_t *st = mm_window_va(VA_PST);
	uint64_t sf = 0, end = pvclock_read() + TIMEOUT_NS, verdict = VERDICT_OK;
	unsigned int i;
	long rc;

	if (!s) {
		xtf_error("no padding page left");
		return;
	}
	if (!check_long("set_version(2)", 0, gt_op(GNTTABOP_set_version, &sv, 1)) || !gt_setup())
		return;
	set_xen_guest_handle(gsf.frame_list, &sf);
	if (!check_long("get_status_frames", 0, gt_op(GNTTABOP_get_status_frames, &gsf, 1)) ||
	    !check_long("get_status_frames status", GNTST_okay, gsf.status) ||
	    !check_long("map our status frame", 0, mm_window_map(VA_PST, PTE(sf, PTE_RO))))
		return;
	/* dom0 grants Q when it is ready: retry until then. */
	for (;;) {
		rc = gt_map((uint64_t)(uintptr_t)q, GNTMAP_host_map | GNTMAP_readonly, REF_Q, 0,
			    &mq);
		if (rc || mq.status == GNTST_okay || pvclock_read() > end)
			break;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	if (!check_long("map dom0's ref 9", 0, rc ?: mq.status))
		return;
	for (i = 0; i < 512; i++)
		s[i] = 0x1200 + i;
	s[S_MAGIC] = MAGIC_S;
	peer_grants((volatile grant_entry_v2_t *)gt_table, virt_to_mfn((const void *)s));
	while (q[Q_PHASE] != PHASE_DONE) {
		if (pvclock_read() > end) {
			xtf_failure("dom0 never finished");
			return;
		}
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	for (i = REF_TRANS_RW; i <= REF_FULL; i++)
		if (!check_long("our status word after dom0's uses", 0, st[i]))
			verdict = VERDICT_BAD;
	s[SUB_OFF / 8] = verdict;
	check_long("unmap dom0's ref 9", GNTST_okay,
		   gt_unmap((uint64_t)(uintptr_t)q, 0, mq.handle));
	if (verdict == VERDICT_OK)
		xtf_success(NULL);
}

void test_main(void)
{
	struct gnttab_query_size qs = {.dom = PEER};

	if (!mm_setup())
		return;
	if (md_is_dom0() && gt_op(GNTTABOP_query_size, &qs, 1) == 0 &&
	    qs.status == GNTST_bad_domain) {
		xtf_skip("no domain %u: boot a peer (docs/grant-tables.md)", PEER);
		return;
	}
	if (md_is_dom0() && !gt_setup())
		return;
	md_run_dom0_or_peer(dom0, peer);
}
