// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: grant map+unmap and grant copy of 4 KiB pages, dom0 granting
 * to itself (domid 0: the only domain there is on Xen 4.17 here, and the
 * self-grant tests/gnttab-basic checks on both hypervisors). For batch
 * sizes N = 1, 16, 64 (one hypercall of N operations, reported per page:
 * unit tsc/call, batch=N):
 *   gnttab-map-unmap-N: GNTTABOP_map_grant_ref of N grants (GNTMAP_host_map,
 *       read-write, each at its own virtual address) plus the
 *       GNTTABOP_unmap_grant_ref of the same N: a backend's map, use,
 *       unmap cycle, per page (the sum of the next two, per sample);
 *   gnttab-map-N, gnttab-unmap-N: the two hypercalls of the same samples
 *       separately (the handles are copied from the map to the unmap
 *       array between them, untimed);
 *   gnttab-copy-N: GNTTABOP_copy of N whole pages, each from one grant to
 *       another (GNTCOPY_source_gref | GNTCOPY_dest_gref: the source
 *       granted read-only, the destination read-write), per page;
 *   gnttab-copy-own-N: the same between frames named by MFN (DOMID_SELF
 *       on both sides, no grant): the copy without the grant handling.
 *
 * Every operation of a batch uses its own grant entry and frame (N
 * different pages, as a backend's ring of requests would): on Xen, copies
 * of one batch that name the same source or destination as the previous
 * element reuse its mapping (xen-like does not), which would measure the
 * cache rather than the copy. Every frame also has a read-write mapping of
 * its own in the guest (as Linux's direct map does for the pages it
 * grants), so taking the writable type for a mapping or a copy is the
 * usual increment, never a type change.
 *
 * Which frames: the mapped grants are padding pages (mm_alloc_page(), mapped
 * read-write at their PFN's address), mapped at window pages WIN_MAP..;
 * the copy frames are spare PFNs mapped read-write at window pages
 * WIN_SRC.. and WIN_DST.. (tests/framework/mm.h). Each path is checked once
 * before it is measured (data through the grant mapping and the PTE, the
 * copied data, the grant flags after), every status of every sample is
 * checked outside the timed region, and at the end the flags, the PTEs
 * and the copied pages are checked again.
 *
 * Large batches take fewer samples: about GNT_BUDGET pages per batch size,
 * at least GNT_MIN_SAMPLES samples (samples= on the BENCH line).
 */
#include "../../tests/gnttab-basic/gnttab.h"
#include "../lib/bench.h"

const char test_title[] = "Bench: grant map+unmap and grant copy of 4 KiB pages, batches of 1..64";

/* The granter and grantee: ourselves, dom0, named by number as a grantee must. */
#define SELF 0

#define MAX_BATCH 64
static const unsigned int batches[] = {1, 16, 64};

#define REF_MAP 16	/* refs REF_MAP.. : the frames we map */
#define REF_SRC 128	/* refs REF_SRC.. : copy sources (read-only grants) */
#define REF_DST 256	/* refs REF_DST.. : copy destinations */
#define WIN_MAP 64	/* window pages where the grants are mapped */
#define WIN_SRC 512	/* window pages mapping the copy sources (ordinary mappings) */
#define WIN_DST 1024	/* ... and destinations */

#define GNT_BUDGET 2048
#define GNT_MIN_SAMPLES 16

#define STATUS_UNSET 0x5555

static uint64_t map_mfn[MAX_BATCH], src_mfn[MAX_BATCH], dst_mfn[MAX_BATCH];
static volatile uint64_t *map_page[MAX_BATCH];
static struct gnttab_map_grant_ref map_ops[MAX_BATCH];
static struct gnttab_unmap_grant_ref unmap_ops[MAX_BATCH];
static struct gnttab_copy copy_ops[MAX_BATCH];
static uint64_t s_sum[BENCH_SAMPLES], s_map[BENCH_SAMPLES], s_unmap[BENCH_SAMPLES];

static volatile uint64_t *win(unsigned int i)
{
	return (volatile uint64_t *)mm_window_va(i);
}

/* Samples for a batch of n: about GNT_BUDGET pages, within [GNT_MIN_SAMPLES, BENCH_SAMPLES]. */
static unsigned int gnt_samples(unsigned int n)
{
	unsigned int s = GNT_BUDGET / n;

	return s < GNT_MIN_SAMPLES ? GNT_MIN_SAMPLES : s > BENCH_SAMPLES ? BENCH_SAMPLES : s;
}

/* Frames, grants and the ordinary mappings of the copy frames; false on error. */
static bool setup(void)
{
	for (unsigned int i = 0; i < MAX_BATCH; i++) {
		uint64_t sp = mm_alloc_pfn(), dp = mm_alloc_pfn();

		map_page[i] = mm_alloc_page();
		if (!map_page[i] || sp == MM_NO_FRAME || dp == MM_NO_FRAME) {
			xtf_error("out of padding pages or spare frames at %u", i);
			return false;
		}
		map_mfn[i] = virt_to_mfn((const void *)map_page[i]);
		src_mfn[i] = pfn_to_mfn(sp);
		dst_mfn[i] = pfn_to_mfn(dp);
		if (!check_long("map a copy source RW in the window", 0,
				mm_window_map(WIN_SRC + i, PTE(src_mfn[i], PTE_RW))) ||
		    !check_long("map a copy destination RW in the window", 0,
				mm_window_map(WIN_DST + i, PTE(dst_mfn[i], PTE_RW))))
			return false;
		map_page[i][0] = 0xa000 + i;
		for (unsigned int w = 0; w < PAGE_SIZE / 8; w++) {
			win(WIN_SRC + i)[w] = (uint64_t)i << 32 | w;
			win(WIN_DST + i)[w] = 0;
		}
		gt_grant(REF_MAP + i, SELF, map_mfn[i], GTF_permit_access);
		gt_grant(REF_SRC + i, SELF, src_mfn[i], GTF_permit_access | GTF_readonly);
		gt_grant(REF_DST + i, SELF, dst_mfn[i], GTF_permit_access);

		map_ops[i] = (struct gnttab_map_grant_ref){
			.host_addr = (uint64_t)(uintptr_t)win(WIN_MAP + i),
			.flags = GNTMAP_host_map,
			.ref = REF_MAP + i,
			.dom = SELF,
			.status = STATUS_UNSET,
		};
		unmap_ops[i] = (struct gnttab_unmap_grant_ref){
			.host_addr = map_ops[i].host_addr,
			.status = STATUS_UNSET,
		};
	}
	return true;
}

/* Fill copy_ops[0..MAX_BATCH) for grant -> grant (own = false) or frame -> frame. */
static void setup_copy(bool own)
{
	for (unsigned int i = 0; i < MAX_BATCH; i++) {
		struct gnttab_copy *c = &copy_ops[i];

		*c = (struct gnttab_copy){.len = PAGE_SIZE, .status = STATUS_UNSET};
		if (own) {
			c->source.u.gmfn = src_mfn[i];
			c->source.domid = DOMID_SELF;
			c->dest.u.gmfn = dst_mfn[i];
			c->dest.domid = DOMID_SELF;
		} else {
			c->source.u.ref = REF_SRC + i;
			c->source.domid = SELF;
			c->dest.u.ref = REF_DST + i;
			c->dest.domid = SELF;
			c->flags = GNTCOPY_source_gref | GNTCOPY_dest_gref;
		}
	}
}

/*
 * How many of @ops[0..n) (map, unmap or copy requests: each has a
 * status) did not succeed; their statuses are reset for the next call.
 */
#define failures(ops, n)                                          \
	({                                                        \
		unsigned int bad_ = 0;                            \
		for (unsigned int i_ = 0; i_ < (n); i_++) {       \
			bad_ += (ops)[i_].status != GNTST_okay;   \
			(ops)[i_].status = STATUS_UNSET;          \
		}                                                 \
		bad_;                                             \
	})

/* The handles map_grant_ref gave, into the unmap requests. */
static void take_handles(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		unmap_ops[i].handle = map_ops[i].handle;
}

/* Are all the grants we use idle again (flags as granted, no PTE left)? */
static bool all_idle(const char *when)
{
	for (unsigned int i = 0; i < MAX_BATCH; i++) {
		if (gt_flags(REF_MAP + i) != GTF_permit_access ||
		    gt_flags(REF_SRC + i) != (GTF_permit_access | GTF_readonly) ||
		    gt_flags(REF_DST + i) != GTF_permit_access) {
			xtf_failure("%s: grant flags of slot %u: expected idle, got map %#x src %#x "
				    "dst %#x",
				    when, i, gt_flags(REF_MAP + i), gt_flags(REF_SRC + i),
				    gt_flags(REF_DST + i));
			return false;
		}
		if (mm_window_pte(WIN_MAP + i) & ~_PAGE_NX) {
			xtf_failure("%s: PTE of window page %u: expected empty, got %#llx", when,
				    WIN_MAP + i, (unsigned long long)mm_window_pte(WIN_MAP + i));
			return false;
		}
	}
	return true;
}

/* One map + unmap batch of MAX_BATCH, checked in full, before measuring. */
static bool check_map_once(void)
{
	unsigned int bad = 0;

	if (!check_long("map_grant_ref batch", 0,
			gt_op(GNTTABOP_map_grant_ref, map_ops, MAX_BATCH)))
		return false;
	for (unsigned int i = 0; i < MAX_BATCH; i++) {
		volatile uint64_t *va = win(WIN_MAP + i);

		if (map_ops[i].status != GNTST_okay ||
		    PTE_MFN(mm_window_pte(WIN_MAP + i)) != map_mfn[i] ||
		    !(mm_window_pte(WIN_MAP + i) & _PAGE_RW) || va[0] != 0xa000 + i) {
			xtf_failure("map %u: expected okay, a RW PTE of mfn %#llx and %#x there, "
				    "got status %d, PTE %#llx",
				    i, (unsigned long long)map_mfn[i], 0xa000 + i, map_ops[i].status,
				    (unsigned long long)mm_window_pte(WIN_MAP + i));
			return false;
		}
		va[1] = i; /* a write through the grant mapping lands in the page */
		bad += map_page[i][1] != i;
	}
	check_long("writes through the grant mappings seen in the pages", 0, bad);
	check_long("flags while mapped", GTF_permit_access | GTF_reading | GTF_writing,
		   gt_flags(REF_MAP));
	failures(map_ops, MAX_BATCH);
	take_handles(MAX_BATCH);
	if (!check_long("unmap_grant_ref batch", 0,
			gt_op(GNTTABOP_unmap_grant_ref, unmap_ops, MAX_BATCH)) ||
	    !check_long("unmap statuses not okay", 0, failures(unmap_ops, MAX_BATCH)))
		return false;
	return all_idle("after one map + unmap batch") && xtf_result() < RESULT_ERROR;
}

/* Are the first n destinations copies of their sources? Zeroes them again. */
static bool copied(unsigned int n, const char *what)
{
	for (unsigned int i = 0; i < n; i++) {
		for (unsigned int w = 0; w < PAGE_SIZE / 8; w++) {
			if (win(WIN_DST + i)[w] != win(WIN_SRC + i)[w]) {
				xtf_failure("%s: page %u word %u: expected %#llx, got %#llx", what, i,
					    w, (unsigned long long)win(WIN_SRC + i)[w],
					    (unsigned long long)win(WIN_DST + i)[w]);
				return false;
			}
		}
		for (unsigned int w = 0; w < PAGE_SIZE / 8; w++)
			win(WIN_DST + i)[w] = 0;
	}
	return true;
}

static void bench_map(void)
{
	char name[32];
	unsigned int bad = 0;

	for (unsigned int b = 0; b < ARRAY_SIZE(batches); b++) {
		unsigned int n = batches[b], count = gnt_samples(n);
		long rc_map, rc_unmap;

		for (unsigned int i = 0; i < BENCH_WARMUP + count; i++) {
			uint64_t t0, t1, t2, t3;

			t0 = bench_tsc();
			rc_map = gt_op(GNTTABOP_map_grant_ref, map_ops, n);
			t1 = bench_tsc();
			bad += rc_map != 0 || failures(map_ops, n);
			take_handles(n);
			t2 = bench_tsc();
			rc_unmap = gt_op(GNTTABOP_unmap_grant_ref, unmap_ops, n);
			t3 = bench_tsc();
			bad += rc_unmap != 0 || failures(unmap_ops, n);
			if (i >= BENCH_WARMUP) {
				unsigned int k = i - BENCH_WARMUP;

				s_map[k] = t1 - t0;
				s_unmap[k] = t3 - t2;
				/* Two timed regions: bench_report() subtracts one overhead. */
				s_sum[k] = s_map[k] + s_unmap[k] - bench_overhead_ticks;
			}
		}
		snprintf(name, sizeof(name), "gnttab-map-unmap-%u", n);
		bench_report(name, s_sum, count, n);
		snprintf(name, sizeof(name), "gnttab-map-%u", n);
		bench_report(name, s_map, count, n);
		snprintf(name, sizeof(name), "gnttab-unmap-%u", n);
		bench_report(name, s_unmap, count, n);
	}
	if (bad)
		xtf_failure("map/unmap batches: expected rc 0 and every status okay, got %u bad "
			    "calls",
			    bad);
	all_idle("after the map/unmap benchmarks");
}

static void bench_copy(bool own)
{
	const char *family = own ? "gnttab-copy-own" : "gnttab-copy";
	char name[40];
	unsigned int bad = 0;
	long rc;

	setup_copy(own);
	/* Once, checked: every page copied whole. */
	if (!check_long(family, 0, gt_op(GNTTABOP_copy, copy_ops, MAX_BATCH)) ||
	    !check_long("copy statuses not okay", 0, failures(copy_ops, MAX_BATCH)) ||
	    !copied(MAX_BATCH, family) || !all_idle(family))
		return;

	for (unsigned int b = 0; b < ARRAY_SIZE(batches); b++) {
		unsigned int n = batches[b], count = gnt_samples(n);

		BENCH_RUN_N(s_sum, count, BENCH_WARMUP, rc = gt_op(GNTTABOP_copy, copy_ops, n),
			    bad += rc != 0 || failures(copy_ops, n));
		snprintf(name, sizeof(name), "%s-%u", family, n);
		bench_report(name, s_sum, count, n);
	}
	if (bad)
		xtf_failure("%s batches: expected rc 0 and every status okay, got %u bad calls",
			    family, bad);
	copied(MAX_BATCH, family);
	all_idle(family);
}

/*
 * What a 4 KiB copy costs in icount by itself: QEMU counts every iteration
 * of a rep string instruction, so rep movsb (xen-like's memcpy) is 4096
 * and rep movsq (Xen's, for the whole quadwords) 512. Printed for reading
 * the copy figures (docs/research.md); guest code, the same on both.
 */
static void calibrate_copy(void)
{
	static uint64_t s[BENCH_SAMPLES];
	void *d = (void *)win(WIN_DST), *sr = (void *)win(WIN_SRC);
	uint64_t movsb, movsq;

	BENCH_RUN_N(s, 64, 4, ({
			    void *dd = d, *ss = sr;
			    unsigned long n = PAGE_SIZE;
			    asm volatile("rep movsb" : "+D"(dd), "+S"(ss), "+c"(n) : : "memory");
		    }),
		    (void)0);
	bench_sort(s, 64);
	movsb = bench_quantile(s, 64, 50) - bench_overhead_ticks;
	BENCH_RUN_N(s, 64, 4, ({
			    void *dd = d, *ss = sr;
			    unsigned long n = PAGE_SIZE / 8;
			    asm volatile("rep movsq" : "+D"(dd), "+S"(ss), "+c"(n) : : "memory");
		    }),
		    (void)0);
	bench_sort(s, 64);
	movsq = bench_quantile(s, 64, 50) - bench_overhead_ticks;
	printk("gnttab: a 4 KiB copy in the guest (median ticks): rep movsb %llu, rep movsq %llu\n",
	       (unsigned long long)movsb, (unsigned long long)movsq);
	for (unsigned int w = 0; w < PAGE_SIZE / 8; w++)
		win(WIN_DST)[w] = 0;
}

void test_main(void)
{
	if (!mm_setup() || !gt_setup() || !setup() || !check_map_once())
		return;
	bench_init();
	calibrate_copy();

	bench_map();
	bench_copy(false);
	bench_copy(true);
	xtf_success(NULL);
}
