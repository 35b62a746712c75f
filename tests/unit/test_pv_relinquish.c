// SPDX-License-Identifier: GPL-2.0-only
/*
 * Releasing a dying PV domain's memory (arch/x86/pv/relinquish.c, over
 * the reference model of arch/x86/pv/mm.c) on a fake machine of 64
 * frames. The dying domain has what a real guest leaves behind: a pinned
 * L4 that is also its base pointer, a second pinned L4 reached by a
 * linear entry from the first (at a lower frame, so the walk meets it
 * first), a user base pointer, an L4 self-map, L1 entries mapping data
 * frames read-write and read-only and the L1 itself, a mapping of
 * dom0's frame (what a grant PTE holds), GDT and LDT frames, a moved
 * vcpu_info, a pinned table already out of its reservation, and a frame
 * dom0 holds a reference on (a grant mapping of it). Behaviour under
 * test:
 * - every frame is freed exactly once, except the one dom0 holds: it
 *   stays owned, out of the reservation, with exactly dom0's references,
 *   and is freed when dom0 lets go;
 * - dom0's frame loses exactly the references the dying domain's entry
 *   held; a shared hypervisor frame of the domain is left to common code;
 *   the vCPU's base pointers, GDT/LDT and vcpu_info are cleared;
 * - the walk stops for pending work and resumes where it stopped: with a
 *   preemption at every check the end state is the same as without;
 * - a table still validated after the pins are gone (a reference left
 *   by a bug: here one taken by hand) is released by force: its entries'
 *   references go, it is no longer validated and nothing can use it, and
 *   dropping the stray reference later frees it without releasing
 *   anything twice.
 */
#include "unit.h"

#include "pv-fake-machine.h"

/* Preemption: every n-th check says "work is pending" (0: never). */
static unsigned int preempt_every, preempt_calls;
bool hypercall_preempt_check(void)
{
	return preempt_every && !(++preempt_calls % preempt_every);
}

#include "hv-begin.h"
#include "../../xen-like/arch/x86/pv/mm.c"
#include "../../xen-like/arch/x86/pv/relinquish.c"
#include "hv-end.h"

#include "pv-fake-frames.h"

/* ---- the fake machine ---- */

/* 0 free; 1-39 domU's (dying); 40-59 dom0's; 60 a hypervisor frame shared with domU. */
#define U(n) ((mfn_t)(n))
#define D(n) ((mfn_t)(40 + (n)))
#define U_XENHEAP 60UL
#define NR_U 39


static shared_info_t u_shared;
static struct vcpu u_vcpu;
static struct domain dom0 = {.domain_id = 0, .is_privileged = true};
static struct domain domu = {.domain_id = 1, .max_vcpus = 1};

bool iomem_access_permitted(const struct domain *d, uint64_t mfn)
{
	return false;
}

bool io_apic_owns_pfn(unsigned long pfn)
{
	return false;
}

int pv_validate_desc_page(mfn_t mfn)
{
	return 0;
}

/* As the real one (arch/x86/pv/physdev.c): drop the PIRQ EOI frame's references. */
void physdev_domain_relinquish(struct domain *d)
{
	if (!d->pirq_eoi_map_mfn)
		return;
	put_page_and_type(mfn_to_page(d->pirq_eoi_map_mfn));
	d->pirq_eoi_map_mfn = 0;
}

/* As the real one, minus the heap: the frame leaves its owner and is marked free. */
static unsigned int times_freed[NR_FRAMES];

void free_domheap_page(struct page_info *pg)
{
	mfn_t m = page_to_mfn(pg);

	CHECK(!(pg->type_info & PGT_count_mask), "frame %lu freed with type count %lu",
	      (unsigned long)m, (unsigned long)(pg->type_info & PGT_count_mask));
	times_freed[m]++;
	if (pg->owner)
		pg->owner->tot_pages--;
	pg->owner = NULL;
	pg->count_info = PGC_state_free;
	pg->type_info = 0;
}

static void reset(void)
{
	unsigned int i;

	memset(machine, 0, sizeof(machine));
	memset(ftab, 0, sizeof(ftab));
	memset(times_freed, 0, sizeof(times_freed));
	for (i = 1; i < NR_FRAMES; i++) {
		ftab[i].count_info = OWNED;
		ftab[i].owner = i <= NR_U || i == U_XENHEAP ? &domu : i < 60 ? &dom0 : NULL;
	}
	ftab[0].count_info = PGC_state_free;
	ftab[U_XENHEAP].count_info = PGC_state_inuse | PGC_xen_heap | 1;
	ftab[U_XENHEAP].type_info = PGT_writable_page | PGT_validated | 1;
	for (i = 61; i < NR_FRAMES; i++) {
		ftab[i].count_info = PGC_reserved;
		ftab[i].owner = NULL;
	}
	for (i = 0; i < 512; i++)
		idle_l4[i] = i >= 256 && i <= 271 ? ((0x7000UL + i) << PAGE_SHIFT) | PRW : 0;
	memset(&u_vcpu, 0, sizeof(u_vcpu));
	u_vcpu.domain = &domu;
	u_vcpu.vcpu_info_mfn = ~0UL;
	domu.vcpu[0] = &u_vcpu;
	domu.shared_info = &u_shared;
	domu.tot_pages = NR_U;
	domu.is_dying = DOMDYING_dying;
	domu.relmem_step = 0;
	domu.relmem_next = 0;
	tlbflush_clock = 1000;
	opt_pv_linear_pt = true;
	preempt_every = preempt_calls = 0;
}

/* Frames of the scenario. */
#define L4_B U(1) /* pinned, reached by a linear entry from L4_A */
#define L3_B U(2)
#define L4_A U(11) /* pinned and the kernel base pointer */
#define L3_A U(12)
#define L2_A U(13)
#define L1_A U(14)    /* maps data RW and RO, itself RO, dom0's frame */
#define L1_A2 U(15)   /* maps HELD RW */
#define L4_USER U(16) /* the user base pointer */
#define L1_GONE U(17) /* pinned, out of the reservation already */
#define GDT U(20)
#define LDT0 U(21)
#define LDT1 U(22)
#define VCPU_INFO U(23)
#define HELD U(30)    /* dom0 holds a general and a writable type reference */
#define D_MAPPED D(1) /* dom0's frame, mapped RW by L1_A */

static void build(void)
{
	int rc = 0;

	machine[L4_B][0] = e_(L3_B, PRW);
	machine[L4_A][0] = e_(L3_A, PRW);
	machine[L4_A][1] = e_(L4_B, PRO); /* linear */
	machine[L4_A][2] = e_(L4_A, PRO); /* self-map: no reference */
	machine[L3_A][0] = e_(L2_A, PRW);
	machine[L2_A][0] = e_(L1_A, PRW);
	machine[L2_A][1] = e_(L1_A2, PRW);
	machine[L1_A][0] = e_(U(5), PRW);
	machine[L1_A][1] = e_(U(6), PRO);
	machine[L1_A][2] = e_(L1_A, PRO);
	machine[L1_A2][0] = e_(HELD, PRW);
	rc |= get_page_and_type(&ftab[L4_B], &domu, PT(4));
	ftab[L4_B].type_info |= PGT_pinned;
	rc |= get_page_and_type(&ftab[L4_A], &domu, PT(4));
	ftab[L4_A].type_info |= PGT_pinned;
	rc |= get_page_and_type(&ftab[L4_A], &domu, PT(4));
	u_vcpu.guest_table = L4_A;
	rc |= get_page_and_type(&ftab[L4_USER], &domu, PT(4));
	u_vcpu.guest_table_user = L4_USER;
	/* What a grant PTE holds: dom0's frame, taken in dom0's name. */
	rc |= mod_pt_entry(1, &machine[L1_A][3], e_(D_MAPPED, PRW), L1_A, &domu, &dom0, false);
	rc |= get_page_and_type(&ftab[L1_GONE], &domu, PT(1));
	ftab[L1_GONE].type_info |= PGT_pinned;
	ftab[L1_GONE].count_info &= ~PGC_allocated; /* decrease_reservation while pinned */
	put_page(&ftab[L1_GONE]);
	rc |= get_page_and_type(&ftab[GDT], &domu, PGT_seg_desc_page);
	u_vcpu.gdt_frames[0] = GDT;
	u_vcpu.gdt_ents = 512;
	rc |= get_page_and_type(&ftab[LDT0], &domu, PGT_seg_desc_page);
	rc |= get_page_and_type(&ftab[LDT1], &domu, PGT_seg_desc_page);
	u_vcpu.ldt_frames[0] = LDT0;
	u_vcpu.ldt_frames[1] = LDT1;
	u_vcpu.ldt_ents = 600;
	u_vcpu.ldt_base = 0x10000;
	rc |= get_page_and_type(&ftab[VCPU_INFO], &domu, PGT_writable_page);
	u_vcpu.vcpu_info_mfn = VCPU_INFO;
	u_vcpu.vcpu_info = (vcpu_info_t *)machine[VCPU_INFO];
	/* dom0 maps HELD (a grant mapping holds what an L1 entry would). */
	rc |= get_page_and_type(&ftab[HELD], &domu, PGT_writable_page);
	CHECK(rc == 0, "building the scenario failed");
	CHECK(tc(L4_B) == 2 && ftab[L4_B].linear_pt_count == -1,
	      "L4_B: expected pin + linear type refs, got %lu (linear %d)", tc(L4_B),
	      ftab[L4_B].linear_pt_count);
	CHECK(tc(L1_A) == 1 && gc(L1_A) == 3, "L1_A: expected 1 type ref, 3 refs, got %lu/%lu",
	      tc(L1_A), gc(L1_A));
}

/* Run arch_domain_relinquish() to the end; returns how many times it stopped. */
static unsigned int relinquish_all(void)
{
	unsigned int restarts = 0;
	int rc;

	while ((rc = arch_domain_relinquish(&domu)) == -ERESTART)
		if (++restarts > 10000)
			break;
	CHECK(rc == 0, "arch_domain_relinquish: expected 0, got %d", rc);
	return restarts;
}

static void check_end_state(const char *what)
{
	unsigned int i, bad = 0;

	for (i = 1; i <= NR_U; i++)
		if (i != HELD && times_freed[i] != 1) {
			printf("Fail: %s: frame %u freed %u times, expected once\n", what, i,
			       times_freed[i]);
			bad++;
		}
	CHECK(!bad, "%s: %u frames not freed exactly once", what, bad);
	CHECK(!times_freed[HELD] && ftab[HELD].owner == &domu &&
		      ftab[HELD].count_info == (PGC_state_inuse | 1) &&
		      ftab[HELD].type_info == (PGT_writable_page | PGT_validated | 1),
	      "%s: HELD: expected owned, only dom0's refs (count 1, type 1), got %#lx/%#lx", what,
	      ftab[HELD].count_info, ftab[HELD].type_info);
	CHECK(domu.tot_pages == 1, "%s: tot_pages: expected 1, got %lu", what, domu.tot_pages);
	CHECK(ftab[D_MAPPED].count_info == OWNED && tc(D_MAPPED) == 0 && !times_freed[D_MAPPED],
	      "%s: dom0's frame: expected back to its allocation reference, got %#lx type %lu",
	      what, ftab[D_MAPPED].count_info, tc(D_MAPPED));
	CHECK(ftab[U_XENHEAP].count_info == (PGC_state_inuse | PGC_xen_heap | 1) &&
		      !times_freed[U_XENHEAP],
	      "%s: the shared hypervisor frame: expected untouched, got %#lx", what,
	      ftab[U_XENHEAP].count_info);
	CHECK(!u_vcpu.guest_table && !u_vcpu.guest_table_user && !u_vcpu.gdt_ents &&
		      !u_vcpu.ldt_ents && !u_vcpu.ldt_base && u_vcpu.vcpu_info_mfn == ~0UL &&
		      u_vcpu.vcpu_info == &u_shared.vcpu_info[0],
	      "%s: the vCPU's references: expected all cleared", what);
	for (i = 40; i < 60; i++)
		if (i != D_MAPPED && (ftab[i].count_info != OWNED || tc(i)))
			break;
	CHECK(i == 60, "%s: dom0's frame %u changed", what, i);
}

static void test_relinquish(void)
{
	reset();
	build();
	CHECK(relinquish_all() == 0, "no pending work: expected no stop");
	check_end_state("without preemption");
	CHECK(arch_domain_relinquish(&domu) == 0 && domu.tot_pages == 1,
	      "called again once done: expected 0 and nothing more released");
	/* dom0 unmaps: the frame goes with its last reference. */
	put_page_and_type(&ftab[HELD]);
	CHECK(times_freed[HELD] == 1 && domu.tot_pages == 0,
	      "HELD after dom0 let go: expected freed, tot_pages 0, got %u frees, %lu",
	      times_freed[HELD], domu.tot_pages);
}

static void test_preempted(void)
{
	uint64_t count[NR_FRAMES], type[NR_FRAMES];
	unsigned int every, i, restarts;

	reset();
	build();
	relinquish_all();
	for (i = 0; i < NR_FRAMES; i++) {
		count[i] = ftab[i].count_info;
		type[i] = ftab[i].type_info;
	}
	for (every = 1; every <= 3; every++) {
		reset();
		build();
		preempt_every = every;
		restarts = relinquish_all();
		CHECK(restarts > 0, "preempting every %u checks: expected stops, got none", every);
		check_end_state("preempted");
		for (i = 0; i < NR_FRAMES; i++)
			if (ftab[i].count_info != count[i] || ftab[i].type_info != type[i])
				break;
		CHECK(i == NR_FRAMES,
		      "preempting every %u checks (%u stops): frame %u differs from one run", every,
		      restarts, i);
	}
}

static void test_forced(void)
{
	reset();
	build();
	/* A stray type reference on L4_A, as a counting bug would leave. */
	CHECK(get_page_and_type(&ftab[L4_A], &domu, PT(4)) == 0, "the stray reference");
	relinquish_all();
	CHECK(ftab[L4_A].owner == &domu && !times_freed[L4_A] && tc(L4_A) == 1 &&
		      !(ftab[L4_A].type_info & PGT_validated),
	      "L4_A: expected kept by the stray reference, no longer validated, got %#lx/%#lx",
	      ftab[L4_A].count_info, ftab[L4_A].type_info);
	CHECK(!machine[L4_A][0] && !machine[L4_A][1] && !machine[L4_A][2],
	      "L4_A's entries: expected cleared");
	CHECK(machine[L4_A][261] == idle_l4[261], "L4_A's hypervisor slot: expected left alone");
	CHECK(get_page_type(&ftab[L4_A], PT(4)) == -EINVAL,
	      "a new L4 reference on the released table: expected -EINVAL");
	CHECK(get_page_type(&ftab[L4_A], PGT_writable_page) == -EINVAL,
	      "a writable reference on the released table: expected -EINVAL");
	CHECK(times_freed[L3_A] == 1 && times_freed[L1_A] == 1 && times_freed[L4_B] == 1 &&
		      times_freed[5] == 1 && times_freed[VCPU_INFO] == 1,
	      "what L4_A held: expected freed once each");
	CHECK(domu.tot_pages == 2, "tot_pages: expected 2 (L4_A, HELD), got %lu", domu.tot_pages);
	CHECK(ftab[D_MAPPED].count_info == OWNED && tc(D_MAPPED) == 0,
	      "dom0's frame: expected released");
	/* The stray holder lets go: freed, nothing released twice (a BUG would abort). */
	put_page_and_type(&ftab[L4_A]);
	CHECK(times_freed[L4_A] == 1 && domu.tot_pages == 1,
	      "L4_A after the stray reference went: expected freed once, got %u",
	      times_freed[L4_A]);
}

int main(void)
{
	test_relinquish();
	test_preempted();
	test_forced();
	return unit_report("pv_relinquish");
}
