// SPDX-License-Identifier: GPL-2.0-only
/*
 * Grant operations from four vCPUs at once (dom0_max_vcpus=4 on two
 * pCPUs), on grants the domain gives itself (domid 0, as in
 * gnttab-basic). Behaviour under test (the same on Xen 4.17): for
 * STRESS_NS every vCPU loops over
 *  - one map_grant_ref batch of two: a shared grant read-only and
 *    another shared grant read-write (so all vCPUs pin the same entries
 *    concurrently), a read through the RO mapping that must see the
 *    page's pattern, a write through the RW mapping into this vCPU's
 *    slot of that page that the page itself must show, and one
 *    unmap_grant_ref batch of both;
 *  - GNTTABOP_copy from a shared grant (random offset and length) into
 *    this vCPU's own frame, and from a shared frame into this vCPU's
 *    own grant, each checked byte for byte;
 *  - a read-write map and unmap of this vCPU's own grant.
 * Every op must succeed (GNTST_okay), every check hold, and at the end
 * every map has its unmap, every grant entry is back to
 * GTF_permit_access alone (no GTF_reading or GTF_writing left over),
 * every window PTE used is empty again, and the shared pages still hold
 * their pattern and each vCPU's last slot value.
 */
#include <cpus.h>
#include <mm.h>
#include "../gnttab-basic/gnttab.h"

const char test_title[] = "SMP stress: grant map/unmap/copy from 4 vCPUs at once";

#define NCPUS 4
#define STRESS_NS (8 * NS_PER_S)
#define NSHARED 4
#define REF_SHARED 10 /* refs 10 .. 10 + NSHARED - 1 */
#define REF_OWN 20    /* ref 20 + vCPU */
#define WIN_BASE 16   /* window pages 16 + 4 * vCPU .. + 3 */
#define SLOT_WORD 256 /* uint64 index of vCPU 0's slot; pattern below it */
#define PATTERN_BYTES (SLOT_WORD * 8)

static volatile uint64_t *shared[NSHARED];
static volatile uint8_t *own[NCPUS];
static struct cpus_barrier barrier;

static struct {
	unsigned long iters, maps, unmaps, copies;
	unsigned long op_errors, data_errors;
	uint64_t last_slot;
	char first_error[96];
} st[NCPUS];

static uint64_t pattern(unsigned int page, unsigned int word)
{
	return ((uint64_t)(page + 1) << 48) ^ ((uint64_t)word * 0x9e3779b97f4a7c15UL);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void note(unsigned int me, bool data, const char *what, long got)
{
	if (data)
		st[me].data_errors++;
	else
		st[me].op_errors++;
	if (!st[me].first_error[0])
		snprintf(st[me].first_error, sizeof(st[me].first_error), "%s: got %ld", what, got);
}

static uint64_t win(unsigned int me, unsigned int k)
{
	return (uint64_t)(uintptr_t)mm_window_va(WIN_BASE + 4 * me + k);
}

/* Map shared grants s (RO) and t (RW) in one batch, use them, unmap both. */
static void map_pair(unsigned int me, unsigned int s, unsigned int t, uint64_t *rnd)
{
	struct gnttab_map_grant_ref m[2] = {
		{.host_addr = win(me, 0), .flags = GNTMAP_host_map | GNTMAP_readonly,
		 .ref = REF_SHARED + s, .dom = 0},
		{.host_addr = win(me, 1), .flags = GNTMAP_host_map, .ref = REF_SHARED + t, .dom = 0},
	};
	struct gnttab_unmap_grant_ref u[2];
	unsigned int w = xorshift(rnd) % SLOT_WORD, i, n = 0;
	long rc = gt_op(GNTTABOP_map_grant_ref, m, 2);
	uint64_t v = st[me].iters + 1;

	if (rc) {
		note(me, false, "map_grant_ref batch of 2", rc);
		return;
	}
	for (i = 0; i < 2; i++) {
		if (m[i].status != GNTST_okay) {
			note(me, false, i ? "map RW status" : "map RO status", m[i].status);
			continue;
		}
		st[me].maps++;
		u[n++] = (struct gnttab_unmap_grant_ref){.host_addr = m[i].host_addr,
							 .handle = m[i].handle};
	}
	if (m[0].status == GNTST_okay &&
	    ((volatile uint64_t *)(uintptr_t)win(me, 0))[w] != pattern(s, w))
		note(me, true, "read through the RO grant mapping", w);
	if (m[1].status == GNTST_okay) {
		((volatile uint64_t *)(uintptr_t)win(me, 1))[SLOT_WORD + me] = v;
		if (shared[t][SLOT_WORD + me] != v)
			note(me, true, "RW grant mapping write, seen in the page", t);
		else
			st[me].last_slot = v;
	}
	if (!n)
		return;
	rc = gt_op(GNTTABOP_unmap_grant_ref, u, n);
	if (rc) {
		note(me, false, "unmap_grant_ref batch", rc);
		return;
	}
	for (i = 0; i < n; i++) {
		if (u[i].status == GNTST_okay)
			st[me].unmaps++;
		else
			note(me, false, "unmap status", u[i].status);
	}
}

static void copies(unsigned int me, unsigned int s, uint64_t *rnd)
{
	unsigned int soff = xorshift(rnd) % PATTERN_BYTES;
	unsigned int len = 1 + xorshift(rnd) % (PATTERN_BYTES - soff);
	unsigned int doff = xorshift(rnd) % (PAGE_SIZE - len + 1), i;
	const volatile uint8_t *src = (const volatile uint8_t *)shared[s];
	long rc;

	/* shared grant -> own frame */
	rc = gt_copy(REF_SHARED + s, 0, soff, virt_to_mfn((const void *)own[me]), DOMID_SELF, doff,
		     len, GNTCOPY_source_gref);
	if (rc != GNTST_okay) {
		note(me, false, "copy gref -> gmfn", rc);
	} else {
		st[me].copies++;
		for (i = 0; i < len; i++)
			if (own[me][doff + i] != src[soff + i]) {
				note(me, true, "copy gref -> gmfn data at byte", i);
				break;
			}
	}
	/* shared frame -> own grant, other offsets */
	doff = xorshift(rnd) % (PAGE_SIZE - len + 1);
	rc = gt_copy(virt_to_mfn((const void *)shared[s]), DOMID_SELF, soff, REF_OWN + me, 0, doff,
		     len, GNTCOPY_dest_gref);
	if (rc != GNTST_okay) {
		note(me, false, "copy gmfn -> gref", rc);
	} else {
		st[me].copies++;
		for (i = 0; i < len; i++)
			if (own[me][doff + i] != src[soff + i]) {
				note(me, true, "copy gmfn -> gref data at byte", i);
				break;
			}
	}
}

static void map_own(unsigned int me)
{
	struct gnttab_map_grant_ref m;
	long rc = gt_map(win(me, 2), GNTMAP_host_map, REF_OWN + me, 0, &m);

	if (rc || m.status != GNTST_okay) {
		note(me, false, "map own grant RW", rc ? rc : m.status);
		return;
	}
	st[me].maps++;
	((volatile uint8_t *)(uintptr_t)win(me, 2))[me] = (uint8_t)st[me].iters;
	if (own[me][me] != (uint8_t)st[me].iters)
		note(me, true, "write through own grant mapping", me);
	rc = gt_unmap(win(me, 2), 0, m.handle);
	if (rc != GNTST_okay)
		note(me, false, "unmap own grant", rc);
	else
		st[me].unmaps++;
}

static void stress_work(void *arg)
{
	unsigned int me = smp_processor_id();
	uint64_t rnd = 0x243f6a8885a308d3UL * (me + 1), end;

	(void)arg;
	cpus_barrier(&barrier, NCPUS);
	end = pvclock_read() + STRESS_NS;
	while (pvclock_read() < end) {
		unsigned int s = xorshift(&rnd) % NSHARED;

		map_pair(me, s, (s + 1 + me) % NSHARED, &rnd);
		copies(me, xorshift(&rnd) % NSHARED, &rnd);
		map_own(me);
		st[me].iters++;
	}
}

static bool setup_pages(void)
{
	unsigned int i, w;

	for (i = 0; i < NSHARED; i++) {
		shared[i] = mm_alloc_page();
		if (!shared[i])
			return false;
		for (w = 0; w < PAGE_SIZE / 8; w++)
			shared[i][w] = w < SLOT_WORD ? pattern(i, w) : 0;
		gt_grant(REF_SHARED + i, 0, virt_to_mfn((const void *)shared[i]), GTF_permit_access);
	}
	for (i = 0; i < NCPUS; i++) {
		own[i] = mm_alloc_page();
		if (!own[i])
			return false;
		gt_grant(REF_OWN + i, 0, virt_to_mfn((const void *)own[i]), GTF_permit_access);
	}
	return true;
}

static void check_end(void)
{
	unsigned long maps = 0, unmaps = 0, copies_done = 0, iters = 0;
	unsigned int i, w, k;
	char what[80];

	for (i = 0; i < NCPUS; i++) {
		printk("vCPU %u: %lu rounds, %lu maps, %lu unmaps, %lu copies\n", i, st[i].iters,
		       st[i].maps, st[i].unmaps, st[i].copies);
		if (st[i].op_errors || st[i].data_errors)
			xtf_failure("vCPU %u: expected no errors, got %lu failed ops and %lu bad data (first: %s)",
				    i, st[i].op_errors, st[i].data_errors, st[i].first_error);
		if (!st[i].iters)
			xtf_failure("vCPU %u: expected some rounds, did none", i);
		maps += st[i].maps;
		unmaps += st[i].unmaps;
		copies_done += st[i].copies;
		iters += st[i].iters;
	}
	check_long("unmaps, all vCPUs", maps, unmaps);
	check_long("maps, all vCPUs (3 per round)", 3 * iters, maps);
	check_long("copies, all vCPUs (2 per round)", 2 * iters, copies_done);
	for (i = 0; i < NSHARED; i++) {
		snprintf(what, sizeof(what), "flags of shared grant %u at the end", REF_SHARED + i);
		check_long(what, GTF_permit_access, gt_flags(REF_SHARED + i));
		for (w = 0; w < SLOT_WORD; w++)
			if (shared[i][w] != pattern(i, w)) {
				xtf_failure("shared page %u word %u: expected %#llx, got %#llx", i, w,
					    (unsigned long long)pattern(i, w),
					    (unsigned long long)shared[i][w]);
				break;
			}
	}
	for (i = 0; i < NCPUS; i++) {
		uint64_t last = 0;

		for (k = 0; k < NSHARED; k++)
			if (shared[k][SLOT_WORD + i] > last)
				last = shared[k][SLOT_WORD + i];
		snprintf(what, sizeof(what), "vCPU %u's latest slot value in the shared pages", i);
		check_u64(what, st[i].last_slot, last);
		snprintf(what, sizeof(what), "flags of vCPU %u's own grant at the end", i);
		check_long(what, GTF_permit_access, gt_flags(REF_OWN + i));
		for (k = 0; k < 4; k++) {
			snprintf(what, sizeof(what), "vCPU %u window page %u PTE at the end", i, k);
			check_u64(what, 0, mm_window_pte(WIN_BASE + 4 * i + k) & ~_PAGE_NX);
		}
	}
}

void test_main(void)
{
	if (!cpus_setup(NCPUS) || !mm_setup() || !gt_setup())
		return;
	if (!setup_pages()) {
		xtf_error("no padding pages left");
		return;
	}
	if (!cpus_run(NCPUS, stress_work, NULL, STRESS_NS + 10 * NS_PER_S))
		return;
	check_end();
	xtf_success(NULL);
}
