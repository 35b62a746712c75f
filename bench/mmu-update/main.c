// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: validated L1 page-table updates, batched and single.
 *   mmu-update-N: one mmu_update of N MMU_NORMAL_PT_UPDATE requests, for
 *                 N = 1, 2, 4, ..., 2048, reported per request (unit
 *                 tsc/call, batch=N): the batching curve, from the whole
 *                 hypercall's cost at N = 1 down to the per-entry cost;
 *   uvm-none:     update_va_mapping(va, pte, UVMF_NONE), one entry;
 *   uvm-invlpg:   the same with UVMF_INVLPG (UVMF_LOCAL): plus one invlpg.
 *
 * Every update is a real change that the hypervisor validates in full: it
 * flips an entry of one of the guest's own initial L1 tables between
 * read-write and read-only (the same data frame, as mprotect or fork's
 * write-protection do), so the old entry's writable reference is dropped
 * or a new one taken each time. Never a rewrite of the same value, which
 * Xen takes on a fast path (only the A/D/NX/US/avail bits changing).
 *
 * Which entries: the builder (Xen's, and ours alike) maps [0, 4 MiB) with
 * two L1 tables: the image at 1 MiB, the P2M, start_info, the page
 * tables, a one-page boot stack, then at least 512 KiB of padding up to
 * the 4 MiB boundary. The library switches to its own stack in the BSS at
 * once, so nothing uses the boot stack page or the padding after it: we
 * take the NR_SLOTS = 128 pages right after the boot stack (512 KiB, the
 * padding both builders guarantee). That is only a quarter of an L1's
 * worth, and the 2048 entries of the largest batch would need four L1
 * tables of distinct entries the initial mapping does not have (and we
 * may not make new L1s with a hypervisor that only updates existing L1
 * entries). So a batch walks the slots in order and wraps around: request
 * t of the stream (counted over all batches) writes slot t % NR_SLOTS, as
 * read-only on even passes over the slots and read-write (the original
 * entry) on odd ones. Every request therefore changes its slot, whatever
 * the batch size, and each batch is just a window of that stream: stream[]
 * holds one period (2 * NR_SLOTS requests) plus MAX_BATCH more, so any
 * window starting inside the period is contiguous. After the benchmark
 * the stream is run up to the end of the period, which leaves every slot
 * with its original entry. Nothing reads or writes those pages, so no
 * TLB flush is needed (a stale entry could only be the original one).
 *
 * On a hypervisor whose mmu_update answers -ENOSYS (xen-like before its PV
 * MMU) the mmu-update-N benchmarks print "unavailable", which
 * scripts/bench.sh reports as n/a, and the update_va_mapping ones still
 * run. Any other refusal is a failure.
 *
 * A 2048-entry batch costs millions of instructions, so the larger batch
 * sizes take fewer samples (mmu_samples()): about MMU_BUDGET requests per
 * batch size, at least MMU_MIN_SAMPLES samples; the BENCH line's samples=
 * says how many. Under icount every sample of a batch size costs the same,
 * so a few are enough.
 */
#include <public/errno.h>
#include "../lib/bench.h"

const char test_title[] = "Bench: mmu_update batches of 1..2048 L1 updates, update_va_mapping";

#define NR_SLOTS 128
#define PERIOD (2 * NR_SLOTS)
#define MAX_BATCH 2048
#define MMU_BUDGET 8192
#define MMU_MIN_SAMPLES 8

/* One spare entry: where it lives and the two values it alternates. */
struct slot {
	uint64_t va;	     /* the page it maps */
	const uint64_t *l1e; /* the entry, read through the L1's read-only mapping */
	uint64_t maddr;	     /* the entry's machine address (mmu_update's ptr) */
	uint64_t rw, ro;     /* the original entry, and it without _PAGE_RW */
};

static struct slot slots[NR_SLOTS];
static mmu_update_t stream[PERIOD + MAX_BATCH];
static uint64_t samples[BENCH_SAMPLES];

#define PTE_MFN(e) (((e) >> PAGE_SHIFT) & ((1UL << 40) - 1))

/* The VA of a page-table frame of the initial mapping, or NULL. */
static const uint64_t *pt_frame_va(uint64_t mfn)
{
	uint64_t first = start_info->pt_base >> PAGE_SHIFT;

	for (uint64_t pfn = first; pfn < first + start_info->nr_pt_frames; pfn++)
		if (pfn_to_mfn(pfn) == mfn)
			return (const uint64_t *)(pfn << PAGE_SHIFT);
	return NULL;
}

/* Find the L1 entry mapping va (from the boot L4); NULL if there is none. */
static const uint64_t *find_l1e(uint64_t va, uint64_t *l1_mfn)
{
	static const unsigned int shifts[] = {39, 30, 21};
	const uint64_t *t = (const uint64_t *)start_info->pt_base;

	for (unsigned int lvl = 0; lvl < ARRAY_SIZE(shifts); lvl++) {
		uint64_t e = t[(va >> shifts[lvl]) & 511];

		if (!(e & _PAGE_PRESENT))
			return NULL;
		*l1_mfn = PTE_MFN(e);
		t = pt_frame_va(*l1_mfn);
		if (!t)
			return NULL;
	}
	return &t[(va >> PAGE_SHIFT) & 511];
}

/* Fill slots[] and stream[]; false (with an error reported) if the layout is not as expected. */
static bool setup_slots(void)
{
	/* Skip the page tables and the builder's boot stack page. */
	uint64_t va0 = start_info->pt_base + (start_info->nr_pt_frames + 1) * PAGE_SIZE;

	for (unsigned int i = 0; i < NR_SLOTS; i++) {
		struct slot *s = &slots[i];
		uint64_t l1_mfn = 0, e;

		s->va = va0 + i * PAGE_SIZE;
		s->l1e = find_l1e(s->va, &l1_mfn);
		if (!s->l1e) {
			xtf_error("spare page %#llx: no L1 entry in the initial mapping",
				  (unsigned long long)s->va);
			return false;
		}
		e = *s->l1e;
		if ((e & (_PAGE_PRESENT | _PAGE_RW)) != (_PAGE_PRESENT | _PAGE_RW) ||
		    PTE_MFN(e) != virt_to_mfn((const void *)s->va)) {
			xtf_error("spare page %#llx: expected a read-write mapping of mfn %#llx, "
				  "got entry %#llx",
				  (unsigned long long)s->va,
				  (unsigned long long)virt_to_mfn((const void *)s->va),
				  (unsigned long long)e);
			return false;
		}
		s->maddr = (l1_mfn << PAGE_SHIFT) | ((uintptr_t)s->l1e & (PAGE_SIZE - 1));
		s->rw = e;
		s->ro = e & ~_PAGE_RW;
	}
	for (unsigned int t = 0; t < ARRAY_SIZE(stream); t++) {
		const struct slot *s = &slots[t % NR_SLOTS];

		stream[t] = (mmu_update_t){
			.ptr = s->maddr | MMU_NORMAL_PT_UPDATE,
			.val = (t / NR_SLOTS) % 2 ? s->rw : s->ro,
		};
	}
	return true;
}

/* Does slot s hold value want (as far as the RW bit and frame tell)? */
static bool slot_is(const struct slot *s, uint64_t want)
{
	uint64_t mask = _PAGE_PRESENT | _PAGE_RW | ((1UL << 40) - 1) << PAGE_SHIFT;

	return (*s->l1e & mask) == (want & mask);
}

/* Samples for a batch of n: about MMU_BUDGET requests, within [MMU_MIN_SAMPLES, BENCH_SAMPLES]. */
static unsigned int mmu_samples(unsigned int n)
{
	unsigned int s = MMU_BUDGET / n;

	return s < MMU_MIN_SAMPLES ? MMU_MIN_SAMPLES : s > BENCH_SAMPLES ? BENCH_SAMPLES : s;
}

static void bench_mmu_update(void)
{
	unsigned int done = 0, pos = 0, bad = 0;
	char name[32];
	long rc;

	/* One request first: is there an mmu_update, and does it do what it says? */
	rc = HYPERVISOR_mmu_update(&stream[0], 1, &done, DOMID_SELF);
	if (rc == -XEN_ENOSYS) {
		printk("mmu_update: -ENOSYS: mmu-update-N benchmarks unavailable\n");
		for (unsigned int n = 1; n <= MAX_BATCH; n *= 2) {
			snprintf(name, sizeof(name), "mmu-update-%u", n);
			bench_report_unavailable(name, n, "mmu_update:-ENOSYS");
		}
		return;
	}
	if (!check_long("mmu_update of one L1 entry (read-write to read-only)", 0, rc) ||
	    !check_long("mmu_update done count", 1, done))
		return;
	if (!slot_is(&slots[0], slots[0].ro)) {
		xtf_failure("L1 entry after mmu_update: expected %#llx, got %#llx",
			    (unsigned long long)slots[0].ro, (unsigned long long)*slots[0].l1e);
		return;
	}
	pos = 1;

	for (unsigned int n = 1; n <= MAX_BATCH; n *= 2) {
		unsigned int count = mmu_samples(n);
		unsigned int warmup = count < BENCH_WARMUP ? 1 : BENCH_WARMUP;

		BENCH_RUN_N(samples, count, warmup,
			    rc = HYPERVISOR_mmu_update(&stream[pos], n, &done, DOMID_SELF),
			    (bad += rc != 0 || done != n, pos = (pos + n) % PERIOD));
		snprintf(name, sizeof(name), "mmu-update-%u", n);
		bench_report(name, samples, count, n);
	}
	if (bad)
		xtf_failure("mmu_update batches: expected rc 0 and every request done, got %u "
			    "others",
			    bad);

	/* Run the stream to the end of its period: every slot back to its original entry. */
	if (pos) {
		rc = HYPERVISOR_mmu_update(&stream[pos], PERIOD - pos, &done, DOMID_SELF);
		check_long("mmu_update restoring the spare entries", 0, rc);
	}
	for (unsigned int i = 0; i < NR_SLOTS; i++) {
		if (!slot_is(&slots[i], slots[i].rw)) {
			xtf_failure(
				"L1 entry of %#llx after the benchmark: expected %#llx, got %#llx",
				(unsigned long long)slots[i].va, (unsigned long long)slots[i].rw,
				(unsigned long long)*slots[i].l1e);
			break;
		}
	}
}

/* update_va_mapping of slot 0, alternating read-only and read-write. */
static void bench_uvm(const char *name, uint64_t flags)
{
	const struct slot *s = &slots[0];
	const uint64_t val[2] = {s->ro, s->rw};
	unsigned int i = 0, bad = 0;
	long rc;

	rc = HYPERVISOR_update_va_mapping(s->va, s->ro, flags);
	if (!check_long("update_va_mapping (read-write to read-only)", 0, rc))
		return;
	if (!slot_is(s, s->ro)) {
		xtf_failure("L1 entry after update_va_mapping: expected %#llx, got %#llx",
			    (unsigned long long)s->ro, (unsigned long long)*s->l1e);
		return;
	}
	i = 1;
	BENCH_RUN(samples, rc = HYPERVISOR_update_va_mapping(s->va, val[i % 2], flags),
		  (bad += rc != 0, i++));
	bench_report(name, samples, BENCH_SAMPLES, 0);
	if (bad)
		xtf_failure("%s: expected 0 every time, got %u others", name, bad);

	rc = HYPERVISOR_update_va_mapping(s->va, s->rw, UVMF_INVLPG | UVMF_LOCAL);
	check_long("update_va_mapping restoring the entry", 0, rc);
}

void test_main(void)
{
	if (!setup_slots())
		return;
	bench_init();

	bench_uvm("uvm-none", UVMF_NONE | UVMF_LOCAL);
	bench_uvm("uvm-invlpg", UVMF_INVLPG | UVMF_LOCAL);
	bench_mmu_update();
	xtf_success(NULL);
}
