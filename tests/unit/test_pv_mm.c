// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PV MMU's reference and type model (arch/x86/pv/mm.c) on a fake
 * machine of 64 frames: general references and owners, one type at a
 * time, the TLB flush when a writable frame changes type, validation of
 * L1-L4 tables (references taken, undone exactly on failure, released
 * with the last type reference), the flags each level allows, Xen's
 * silent adjustments, the hypervisor's L4 slots, linear page tables,
 * mod_pt_entry() and I/O frames. A random workload of entry writes, pins
 * and retypes is checked after every step against a reference model
 * that records which references each entry holds.
 */
#include "unit.h"

#include "pv-fake-machine.h"

#include "hv-begin.h"
#include "../../xen-like/arch/x86/pv/mm.c"
#include "hv-end.h"

#include "pv-fake-frames.h"

/* ---- the fake machine ---- */

/*
 * Frame layout: 0 free; 1-39 domU's; 40-59 dom0's; 60 and 61 pages the
 * hypervisor shares with domU and dom0 (PGC_xen_heap); 62 an I/O hole
 * inside the frame table (PGC_iomem); 63 reserved RAM (the hypervisor's).
 * MFN 200 lies beyond max_page: I/O space too.
 */
#define FREE_MFN 0UL
#define U(n) ((mfn_t)(n))
#define D(n) ((mfn_t)(40 + (n)))
#define U_XENHEAP 60UL
#define D_XENHEAP 61UL
#define IOMEM_MFN 62UL
#define RESERVED_MFN 63UL
#define BEYOND_MFN 200UL


static struct domain dom0 = {.domain_id = 0, .is_privileged = true};
static struct domain domu = {.domain_id = 1};

/* The idle L4 (pv-fake-frames.h): slots 256-271 recognisable, the others poison never copied. */
#define IDLE_SLOT(i) (((0x7000UL + (i)) << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)
#define IDLE_POISON 0xdead0000dead0001UL

static bool iomem_ok[2]; /* by domain id */
static unsigned int nr_iomem_queries;

bool iomem_access_permitted(const struct domain *d, uint64_t mfn)
{
	nr_iomem_queries++;
	return iomem_ok[d->domain_id];
}

/* No I/O APIC in this model: no I/O frame is read-only. */
bool io_apic_owns_pfn(unsigned long pfn)
{
	return false;
}

static mfn_t freed[8];
static unsigned int nr_freed;

void free_domheap_page(struct page_info *pg)
{
	if (nr_freed < 8)
		freed[nr_freed] = page_to_mfn(pg);
	nr_freed++;
}

/* Descriptor pages: accepted unless their first word is this marker. */
#define DESC_REJECT 0x5a5a5a5a5a5a5a5aUL
static unsigned int nr_desc_checks;

int pv_validate_desc_page(mfn_t mfn)
{
	nr_desc_checks++;
	return machine[mfn][0] == DESC_REJECT ? -EINVAL : 0;
}

#define NX_BIT (1U << 20) /* CPUID 0x80000001 EDX */

static struct domain *initial_owner(mfn_t m)
{
	if ((m >= 1 && m <= 39) || m == U_XENHEAP)
		return &domu;
	if ((m >= 40 && m <= 59) || m == D_XENHEAP)
		return &dom0;
	return NULL;
}

static uint64_t initial_count(mfn_t m)
{
	if (m == FREE_MFN)
		return PGC_state_free;
	if (m == IOMEM_MFN)
		return PGC_reserved | PGC_iomem;
	if (m == RESERVED_MFN)
		return PGC_reserved;
	return OWNED | (m == U_XENHEAP || m == D_XENHEAP ? PGC_xen_heap : 0);
}

static void reset(void)
{
	unsigned int i;

	memset(machine, 0, sizeof(machine));
	memset(ftab, 0, sizeof(ftab));
	for (i = 0; i < NR_FRAMES; i++) {
		ftab[i].count_info = initial_count(i);
		ftab[i].owner = initial_owner(i);
	}
	for (i = 0; i < 512; i++)
		idle_l4[i] = i >= 256 && i <= 271 ? IDLE_SLOT(i) : IDLE_POISON;
	tlbflush_clock = 1000;
	unit_nr_flushes = nr_freed = nr_desc_checks = nr_iomem_queries = 0;
	iomem_ok[0] = iomem_ok[1] = false;
	opt_pv_linear_pt = true;
	boot_cpu_data.e1_edx = NX_BIT;
}

/* ---- helpers ---- */

#define AD (_PAGE_ACCESSED | _PAGE_DIRTY)
#define GK _PAGE_GUEST_KERNEL
#define PAT _PAGE_PAT

static struct page_info *pg(mfn_t m)
{
	return &ftab[m];
}

static uint64_t ty(mfn_t m)
{
	return ftab[m].type_info & PGT_type_mask;
}

static bool is_valid(mfn_t m)
{
	return ftab[m].type_info & PGT_validated;
}

static int32_t lin(mfn_t m)
{
	return ftab[m].linear_pt_count;
}

/* Pin @m as a level-@l table of @d (a general and a type reference). */
static int pin(mfn_t m, struct domain *d, unsigned int l)
{
	return get_page_and_type(pg(m), d, PT(l));
}

static void unpin(mfn_t m)
{
	put_page_and_type(pg(m));
}

static int mod(unsigned int l, mfn_t table, unsigned int slot, uint64_t val, struct domain *d,
	       bool preserve_ad)
{
	return mod_pt_entry(l, &machine[table][slot], val, table, d, d, preserve_ad);
}

/* Every frame's count_info, type_info and linear count. */
struct snap {
	uint64_t count[NR_FRAMES], type[NR_FRAMES];
	int32_t lin[NR_FRAMES];
};

static void snap_take(struct snap *s)
{
	unsigned int i;

	for (i = 0; i < NR_FRAMES; i++) {
		s->count[i] = ftab[i].count_info;
		s->type[i] = ftab[i].type_info;
		s->lin[i] = ftab[i].linear_pt_count;
	}
}

/* One check: nothing changed since @s (type_info only compared while counted). */
static void snap_check(const struct snap *s, const char *what)
{
	unsigned int i;

	for (i = 0; i < NR_FRAMES; i++) {
		uint64_t t0 = s->type[i] & PGT_count_mask ? s->type[i] : 0;
		uint64_t t1 = ftab[i].type_info & PGT_count_mask ? ftab[i].type_info : 0;

		if (s->count[i] != ftab[i].count_info || t0 != t1 || s->lin[i] != lin(i))
			break;
	}
	CHECK(i == NR_FRAMES,
	      "%s: frame %u: expected count %#lx type %#lx linear %d, got %#lx %#lx %d", what, i,
	      i < NR_FRAMES ? s->count[i] : 0, i < NR_FRAMES ? s->type[i] : 0,
	      i < NR_FRAMES ? s->lin[i] : 0, i < NR_FRAMES ? ftab[i].count_info : 0,
	      i < NR_FRAMES ? ftab[i].type_info : 0, i < NR_FRAMES ? lin(i) : 0);
}

/* All frames back as reset() left them (types may linger with a zero count). */
static void check_initial(const char *what)
{
	unsigned int i;

	for (i = 0; i < NR_FRAMES; i++)
		if (ftab[i].count_info != initial_count(i) || tc(i) || lin(i))
			break;
	CHECK(i == NR_FRAMES,
	      "%s: frame %u: expected count %#lx, got count %#lx type %#lx linear %d", what, i,
	      i < NR_FRAMES ? initial_count(i) : 0, i < NR_FRAMES ? ftab[i].count_info : 0,
	      i < NR_FRAMES ? ftab[i].type_info : 0, i < NR_FRAMES ? lin(i) : 0);
}

/* ---- general references ---- */

static void test_get_put_page(void)
{
	mfn_t a = U(1), b = U(2);
	uint64_t saved;

	reset();
	CHECK(get_page(pg(a), &domu) == 0 && gc(a) == 2, "get_page: expected count 2, got %lu",
	      gc(a));
	CHECK(get_page(pg(a), &dom0) == -EINVAL && gc(a) == 2, "get_page by a non-owner");
	CHECK(get_page(pg(a), NULL) == -EINVAL && gc(a) == 2, "get_page for no domain");
	CHECK(get_page(pg(FREE_MFN), NULL) == -EINVAL, "get_page of a free frame");
	CHECK(get_page(pg(RESERVED_MFN), NULL) == -EINVAL, "get_page of an unowned reserved frame");
	pg(RESERVED_MFN)->owner = &domu; /* owner set, but never in use */
	CHECK(get_page(pg(RESERVED_MFN), &domu) == -EINVAL, "get_page of a frame not in use");
	pg(RESERVED_MFN)->owner = NULL;
	CHECK(get_page(pg(D(1)), &dom0) == 0 && gc(D(1)) == 2, "get_page by dom0 of its own frame");
	put_page(pg(D(1)));

	saved = pg(b)->count_info;
	pg(b)->count_info = PGC_allocated | PGC_count_mask;
	CHECK(get_page(pg(b), &domu) == -EINVAL &&
		      pg(b)->count_info == (PGC_allocated | PGC_count_mask),
	      "get_page at the largest count: refused, count unchanged");
	pg(b)->count_info = PGC_state_inuse; /* count 0: being freed */
	CHECK(get_page(pg(b), &domu) == -EINVAL && pg(b)->count_info == PGC_state_inuse,
	      "get_page of a frame being freed");
	pg(b)->count_info = saved;

	put_page(pg(a));
	CHECK(gc(a) == 1 && nr_freed == 0,
	      "put_page to the allocation reference: count %lu, %u freed", gc(a), nr_freed);

	/* The owner lets go (decrease_reservation) while another reference is held. */
	CHECK(get_page(pg(a), &domu) == 0, "get_page");
	pg(a)->count_info &= ~PGC_allocated;
	put_page(pg(a));
	CHECK(gc(a) == 1 && nr_freed == 0, "frame freed while still referenced (%u frees)",
	      nr_freed);
	put_page(pg(a));
	CHECK(gc(a) == 0 && nr_freed == 1 && freed[0] == a,
	      "last put: expected frame %lu freed once, got %u frees (first %lu)", a, nr_freed,
	      nr_freed ? freed[0] : 0);
	EXPECT_BUG(put_page(pg(a)), "put_page at count 0");
	CHECK(nr_freed == 1 && pg(a)->count_info == PGC_state_inuse,
	      "refused put_page changed the frame");
	EXPECT_BUG(put_page_type(pg(b)), "put_page_type at type count 0");
	CHECK(pg(b)->type_info == 0, "refused put_page_type changed type_info to %#lx",
	      pg(b)->type_info);
}

/* ---- types ---- */

static void test_types(void)
{
	mfn_t a = U(3), s = U(4);
	uint64_t saved;

	reset();
	CHECK(get_page_type(pg(a), PGT_writable_page) == 0 &&
		      pg(a)->type_info == (PGT_writable_page | PGT_validated | 1),
	      "writable: got type_info %#lx", pg(a)->type_info);
	CHECK(get_page_type(pg(a), PGT_writable_page) == 0 && tc(a) == 2,
	      "second writable: count %lu", tc(a));
	CHECK(get_page_type(pg(a), PGT_l1_page_table) == -EINVAL && tc(a) == 2 &&
		      ty(a) == PGT_writable_page,
	      "L1 type while writable in use");
	CHECK(get_page_type(pg(a), PGT_seg_desc_page) == -EINVAL && tc(a) == 2,
	      "descriptor type while writable in use");
	CHECK(get_page_and_type(pg(a), &domu, PGT_l2_page_table) == -EINVAL && gc(a) == 1 &&
		      tc(a) == 2,
	      "get_page_and_type with a type refused: general reference given back (count %lu)",
	      gc(a));
	CHECK(get_page_and_type(pg(a), &dom0, PGT_writable_page) == -EINVAL && gc(a) == 1 &&
		      tc(a) == 2,
	      "get_page_and_type by a non-owner");
	put_page_type(pg(a));
	put_page_type(pg(a));
	CHECK(tc(a) == 0 && ty(a) == PGT_writable_page && !is_valid(a),
	      "last writable put: expected writable with count 0, got %#lx", pg(a)->type_info);
	CHECK(get_page_type(pg(a), PGT_l1_page_table) == 0 &&
		      pg(a)->type_info == (PGT_l1_page_table | PGT_validated | 1),
	      "retype to L1 once unused: got %#lx", pg(a)->type_info);
	CHECK(get_page_type(pg(a), PGT_writable_page) == -EINVAL && tc(a) == 1,
	      "writable while an L1");
	CHECK(get_page_type(pg(a), PGT_l2_page_table) == -EINVAL && tc(a) == 1, "L2 while an L1");
	put_page_type(pg(a));
	CHECK(pg(a)->type_info == PGT_none, "last L1 put: expected type none, got %#lx",
	      pg(a)->type_info);

	/* Descriptor pages: checked by pv_validate_desc_page(), refused on the marker. */
	machine[s][0] = DESC_REJECT;
	CHECK(get_page_and_type(pg(s), &domu, PGT_seg_desc_page) == -EINVAL &&
		      nr_desc_checks == 1 && pg(s)->type_info == PGT_none && gc(s) == 1,
	      "rejected descriptor page: type %#lx count %lu", pg(s)->type_info, gc(s));
	machine[s][0] = 0;
	CHECK(get_page_and_type(pg(s), &domu, PGT_seg_desc_page) == 0 && nr_desc_checks == 2 &&
		      pg(s)->type_info == (PGT_seg_desc_page | PGT_validated | 1) && gc(s) == 2,
	      "descriptor page: type %#lx", pg(s)->type_info);
	CHECK(get_page_type(pg(s), PGT_seg_desc_page) == 0 && nr_desc_checks == 2 && tc(s) == 2,
	      "a second descriptor reference revalidates nothing");
	CHECK(get_page_type(pg(s), PGT_writable_page) == -EINVAL,
	      "writable while a descriptor page");
	put_page_type(pg(s));
	put_page_and_type(pg(s));
	CHECK(pg(s)->type_info == PGT_none && gc(s) == 1, "descriptor page released");

	/* A table still being validated (counted, not validated) is a loop: refused. */
	saved = pg(a)->type_info;
	pg(a)->type_info = PGT_l2_page_table | 1;
	CHECK(get_page_type(pg(a), PGT_l2_page_table) == -EINVAL &&
		      pg(a)->type_info == (PGT_l2_page_table | 1),
	      "type reference to a table being validated");
	pg(a)->type_info = saved;

	/* A type count at its limit refuses another reference. */
	saved = pg(a)->type_info;
	pg(a)->type_info = PGT_writable_page | PGT_validated | PGT_count_mask;
	CHECK(get_page_type(pg(a), PGT_writable_page) == -EINVAL &&
		      pg(a)->type_info == (PGT_writable_page | PGT_validated | PGT_count_mask),
	      "type count overflow");
	pg(a)->type_info = saved;
}

/* ---- the TLB flush when a writable frame changes type ---- */

static void test_tlb_flush(void)
{
	mfn_t x = U(5), l1 = U(6);
	unsigned int f;

	reset();
	/* The last writable reference goes, then the frame becomes an L1 at once: flush. */
	CHECK(get_page_and_type(pg(x), &domu, PGT_writable_page) == 0, "writable");
	put_page_and_type(pg(x));
	CHECK(pg(x)->tlbflush_timestamp == tlbflush_clock, "stamp: expected %lu, got %lu",
	      (unsigned long)tlbflush_clock, (unsigned long)pg(x)->tlbflush_timestamp);
	f = unit_nr_flushes;
	CHECK(pin(x, &domu, 1) == 0 && unit_nr_flushes == f + 1, "writable -> L1 right away: %u flushes",
	      unit_nr_flushes - f);
	unpin(x);

	/* A flush in between: none needed. */
	CHECK(get_page_and_type(pg(x), &domu, PGT_writable_page) == 0, "writable");
	put_page_and_type(pg(x));
	flush_tlb_local();
	f = unit_nr_flushes;
	CHECK(pin(x, &domu, 1) == 0 && unit_nr_flushes == f, "writable -> L1 after a flush: %u flushes",
	      unit_nr_flushes - f);
	unpin(x);

	/* Never writable, or writable again: no flush. */
	f = unit_nr_flushes;
	CHECK(pin(x, &domu, 2) == 0 && unit_nr_flushes == f, "none -> L2: %u flushes",
	      unit_nr_flushes - f);
	unpin(x);
	CHECK(get_page_and_type(pg(x), &domu, PGT_writable_page) == 0, "writable");
	put_page_and_type(pg(x));
	f = unit_nr_flushes;
	CHECK(get_page_and_type(pg(x), &domu, PGT_writable_page) == 0 && unit_nr_flushes == f,
	      "writable -> writable: %u flushes", unit_nr_flushes - f);
	/* Still writably referenced: refused, and no flush either. */
	CHECK(pin(x, &domu, 1) == -EINVAL && unit_nr_flushes == f, "L1 while writable in use");
	put_page_and_type(pg(x));
	CHECK(get_page_and_type(pg(x), &domu, PGT_seg_desc_page) == 0 && unit_nr_flushes == f + 1,
	      "writable -> descriptor page: %u flushes", unit_nr_flushes - f);
	put_page_and_type(pg(x));

	/* Through a guest mapping: unmapping the last writable PTE stamps the frame. */
	CHECK(pin(l1, &domu, 1) == 0, "pin L1");
	CHECK(mod(1, l1, 0, e_(x, PRW), &domu, false) == 0 && tc(x) == 1, "map writable");
	flush_tlb_local();
	CHECK(mod(1, l1, 0, 0, &domu, false) == 0 && tc(x) == 0, "unmap");
	f = unit_nr_flushes;
	CHECK(pin(x, &domu, 1) == 0 && unit_nr_flushes == f + 1,
	      "L1 after the last writable PTE went: %u flushes", unit_nr_flushes - f);
	unpin(x);
	unpin(l1);
	check_initial("flush tests");
}

/* ---- L1 validation ---- */

static void test_l1_validation(void)
{
	mfn_t t = U(7), a = U(8), b = U(9), c = U(10), busy = U(11);
	uint64_t *l1 = machine[t];
	struct snap s;

	reset();
	l1[0] = e_(a, PRO);			/* kernel, read-only */
	l1[1] = e_(b, PRW | _PAGE_USER);	/* user, writable */
	l1[2] = e_(a, PRW);			/* kernel, writable */
	l1[3] = e_(c, _PAGE_RW);		/* not present: holds nothing */
	l1[4] = e_(U_XENHEAP, PRO);		/* a shared page, no cache attributes */
	l1[511] = e_(b, PRO | _PAGE_USER | GK); /* user and kernel marker: left alone */
	CHECK(pin(t, &domu, 1) == 0, "pin L1");
	CHECK(gc(a) == 3 && tc(a) == 1 && ty(a) == PGT_writable_page,
	      "frame mapped RO+RW: expected count 3 writable 1, got %lu %lu type %#lx", gc(a),
	      tc(a), pg(a)->type_info);
	CHECK(gc(b) == 3 && tc(b) == 1, "frame mapped RW+RO: count %lu writable %lu", gc(b), tc(b));
	CHECK(gc(c) == 1 && tc(c) == 0, "not-present entry took a reference");
	CHECK(gc(U_XENHEAP) == 2 && tc(U_XENHEAP) == 0, "shared page: count %lu", gc(U_XENHEAP));
	CHECK(gc(t) == 2 && pg(t)->type_info == (PGT_l1_page_table | PGT_validated | 1),
	      "the L1 itself: count %lu type %#lx", gc(t), pg(t)->type_info);

	/* Adjustments written back into the table. */
	CHECK(l1[0] == e_(a, PRO | _PAGE_USER | GK), "kernel RO entry: %#lx", l1[0]);
	CHECK(l1[1] == e_(b, PRW | _PAGE_USER | _PAGE_GLOBAL), "user entry: %#lx", l1[1]);
	CHECK(l1[2] == e_(a, PRW | _PAGE_USER | GK), "kernel RW entry: %#lx", l1[2]);
	CHECK(l1[3] == e_(c, _PAGE_RW), "not-present entry changed: %#lx", l1[3]);
	CHECK(l1[511] == e_(b, PRO | _PAGE_USER | GK), "user+kernel-marker entry changed: %#lx",
	      l1[511]);

	unpin(t);
	check_initial("L1 released");

	/* A writable entry to an L1 in use: -EBUSY, everything undone. */
	CHECK(pin(busy, &domu, 1) == 0, "pin a second L1");
	l1[5] = e_(busy, PRO); /* read-only is fine */
	l1[6] = e_(busy, PRW);
	snap_take(&s);
	CHECK(pin(t, &domu, 1) == -EBUSY, "RW entry to an L1 in use");
	snap_check(&s, "after -EBUSY validation");
	CHECK(pg(t)->type_info == PGT_none, "failed L1 left type %#lx", pg(t)->type_info);

	/* Writable self-map, frames of another domain, reserved or free frames: -EBUSY. */
	l1[6] = e_(t, PRW);
	CHECK(pin(t, &domu, 1) == -EBUSY, "RW entry to the L1 itself");
	snap_check(&s, "after RW self-map");
	l1[6] = e_(t, PRO);
	CHECK(pin(t, &domu, 1) == 0 && gc(t) == 3, "RO entry to the L1 itself: count %lu", gc(t));
	unpin(t);
	l1[6] = e_(D(2), PRO);
	CHECK(pin(t, &domu, 1) == -EBUSY, "entry to dom0's frame");
	snap_check(&s, "after foreign entry");
	l1[6] = e_(RESERVED_MFN, PRO);
	CHECK(pin(t, &domu, 1) == -EBUSY, "entry to a reserved frame");
	l1[6] = e_(FREE_MFN, PRO);
	CHECK(pin(t, &domu, 1) == -EBUSY, "entry to a free frame");
	snap_check(&s, "after reserved/free entries");
	CHECK(get_page_and_type(pg(c), &domu, PGT_seg_desc_page) == 0, "descriptor page");
	l1[6] = e_(c, PRW);
	snap_take(&s);
	CHECK(pin(t, &domu, 1) == -EBUSY, "RW entry to a descriptor page in use");
	snap_check(&s, "after RW entry to a descriptor page");
	put_page_and_type(pg(c));
	unpin(busy);
	check_initial("L1 failures");
}

/* ---- flags per level ---- */

enum target { T_OWN, T_OTHER, T_FREE, T_RESERVED, T_XENHEAP, T_BEYOND };

struct flag_case {
	const char *what;
	bool dom0; /* the table (and target) belong to dom0, else domU */
	unsigned int level;
	enum target target;
	uint64_t flags;
	bool no_nx; /* the CPU lacks NX */
	int rc;
};

static const struct flag_case flag_cases[] = {
	{"L1 RO", false, 1, T_OWN, PRO, false, 0},
	{"L1 RW", false, 1, T_OWN, PRW, false, 0},
	{"L1 global", false, 1, T_OWN, PRW | _PAGE_GLOBAL, false, 0},
	{"L1 A/D, software bits", false, 1, T_OWN, PRW | AD | _PAGE_AVAIL | _PAGE_AVAIL_HIGH, false,
	 0},
	{"L1 NX", false, 1, T_OWN, PRW | _PAGE_NX, false, 0},
	{"L1 NX, CPU without NX", false, 1, T_OWN, PRW | _PAGE_NX, true, -EINVAL},
	{"domU L1 PCD", false, 1, T_OWN, PRW | _PAGE_PCD, false, -EINVAL},
	{"domU L1 PWT", false, 1, T_OWN, PRO | _PAGE_PWT, false, -EINVAL},
	{"domU L1 PAT", false, 1, T_OWN, PRO | PAT, false, -EINVAL},
	{"dom0 L1 PCD", true, 1, T_OWN, PRW | _PAGE_PCD, false, 0},
	{"dom0 L1 PWT|PCD|PAT", true, 1, T_OWN, PRW | PAGE_CACHE_ATTRS, false, 0},
	{"dom0 L1 PCD on a shared page", true, 1, T_XENHEAP, PRO | _PAGE_PCD, false, -EACCES},
	{"dom0 L1 RW PWT on a shared page", true, 1, T_XENHEAP, PRW | _PAGE_PWT, false, -EACCES},
	{"dom0 L1 shared page, write-back", true, 1, T_XENHEAP, PRW, false, 0},
	{"domU L1 shared page", false, 1, T_XENHEAP, PRW, false, 0},
	{"L1 to another domain's frame", false, 1, T_OTHER, PRO, false, -EBUSY},
	{"dom0 L1 to domU's frame", true, 1, T_OTHER, PRO, false, -EBUSY},
	{"L1 to a free frame", false, 1, T_FREE, PRO, false, -EBUSY},
	{"L1 to a reserved frame", false, 1, T_RESERVED, PRO, false, -EBUSY},
	{"L2 RW", false, 2, T_OWN, PRW, false, 0},
	{"L2 NX", false, 2, T_OWN, PRW | _PAGE_NX, false, 0},
	{"L2 PSE", false, 2, T_OWN, PRW | _PAGE_PSE, false, -EINVAL},
	{"L2 global", false, 2, T_OWN, PRW | _PAGE_GLOBAL, false, -EINVAL},
	{"dom0 L2 PCD", true, 2, T_OWN, PRW | _PAGE_PCD, false, -EINVAL},
	{"dom0 L2 PWT", true, 2, T_OWN, PRW | _PAGE_PWT, false, -EINVAL},
	{"L2 to another domain's frame", false, 2, T_OTHER, PRW, false, -EINVAL},
	{"L2 beyond RAM", false, 2, T_BEYOND, PRW, false, -EINVAL},
	{"L3 RW, user, A/D", false, 3, T_OWN, PRW | _PAGE_USER | AD, false, 0},
	{"L3 PSE", false, 3, T_OWN, PRW | _PAGE_PSE, false, -EINVAL},
	{"L3 global", false, 3, T_OWN, PRW | _PAGE_GLOBAL, false, -EINVAL},
	{"L4 RW", false, 4, T_OWN, PRW, false, 0},
	{"L4 global", false, 4, T_OWN, PRW | _PAGE_GLOBAL, false, -EINVAL},
	{"L4 PWT", false, 4, T_OWN, PRW | _PAGE_PWT, false, -EINVAL},
	{"L4 NX, CPU without NX", false, 4, T_OWN, PRW | _PAGE_NX, true, -EINVAL},
	{"L4 reserved frame", false, 4, T_RESERVED, PRW, false, -EINVAL},
};

static mfn_t case_target(const struct flag_case *c)
{
	switch (c->target) {
	case T_OWN:
		return c->dom0 ? D(5) : U(15);
	case T_OTHER:
		return c->dom0 ? U(15) : D(5);
	case T_FREE:
		return FREE_MFN;
	case T_RESERVED:
		return RESERVED_MFN;
	case T_XENHEAP:
		return c->dom0 ? D_XENHEAP : U_XENHEAP;
	case T_BEYOND:
		break;
	}
	return BEYOND_MFN;
}

static void test_flags(void)
{
	unsigned int i, way;

	for (i = 0; i < sizeof(flag_cases) / sizeof(flag_cases[0]); i++) {
		const struct flag_case *c = &flag_cases[i];
		struct domain *d = c->dom0 ? &dom0 : &domu;
		mfn_t table = c->dom0 ? D(4) : U(14), target = case_target(c);
		uint64_t val = e_(target, c->flags), before;
		struct snap s;
		int rc;

		/* way 0: mod_pt_entry() into a validated table; way 1: validating a filled one. */
		for (way = 0; way < 2; way++) {
			reset();
			if (c->no_nx)
				boot_cpu_data.e1_edx = 0;
			if (way == 0) {
				CHECK(pin(table, d, c->level) == 0, "%s: pin L%u", c->what,
				      c->level);
				machine[table][3] = before =
					e_(target, _PAGE_AVAIL); /* not present */
				snap_take(&s);
				rc = mod(c->level, table, 3, val, d, false);
			} else {
				machine[table][3] = before = val;
				snap_take(&s);
				rc = pin(table, d, c->level);
			}
			CHECK(rc == c->rc, "%s (%s): expected %d, got %d", c->what,
			      way ? "validation" : "mod_pt_entry", c->rc, rc);
			if (rc) {
				snap_check(&s, c->what);
				if (way == 0)
					CHECK(machine[table][3] == before,
					      "%s: entry changed on failure to %#lx", c->what,
					      machine[table][3]);
				continue;
			}
			if (target < NR_FRAMES)
				CHECK(gc(target) == 2 &&
					      tc(target) == (c->level > 1 || (c->flags & _PAGE_RW)),
				      "%s (%s): target count %lu type count %lu", c->what,
				      way ? "validation" : "mod_pt_entry", gc(target), tc(target));
			if (way == 0)
				CHECK(mod(c->level, table, 3, 0, d, false) == 0, "%s: unmap",
				      c->what);
			unpin(table);
			check_initial(c->what);
		}
	}
}

/* ---- Xen's adjustments ---- */

static const struct {
	unsigned int level;
	uint64_t in, out;
} adjust_cases[] = {
	{1, PRO, PRO | _PAGE_USER | GK},
	{1, PRW | AD, PRW | AD | _PAGE_USER | GK},
	{1, PRO | _PAGE_USER, PRO | _PAGE_USER | _PAGE_GLOBAL},
	{1, PRW | _PAGE_USER | _PAGE_GLOBAL, PRW | _PAGE_USER | _PAGE_GLOBAL},
	{1, PRO | _PAGE_USER | GK, PRO | _PAGE_USER | GK},
	{1, PRO | GK, PRO | _PAGE_USER | GK},
	{1, _PAGE_RW | _PAGE_AVAIL, _PAGE_RW | _PAGE_AVAIL}, /* not present: as written */
	{2, PRW, PRW | _PAGE_USER},
	{2, PRO | _PAGE_USER, PRO | _PAGE_USER},
	{3, PRW, PRW | _PAGE_USER},
	{4, PRW, PRW | _PAGE_USER | _PAGE_ACCESSED},
	{4, PRO | AD, PRO | AD | _PAGE_USER},
	{4, _PAGE_RW, _PAGE_RW},
};

static void test_adjust(void)
{
	unsigned int i, way;

	for (i = 0; i < sizeof(adjust_cases) / sizeof(adjust_cases[0]); i++) {
		unsigned int l = adjust_cases[i].level;
		mfn_t table = U(16), target = U(17);

		for (way = 0; way < 2; way++) {
			int rc;

			reset();
			if (way == 0) {
				CHECK(pin(table, &domu, l) == 0, "pin L%u", l);
				rc = mod(l, table, 9, e_(target, adjust_cases[i].in), &domu, false);
			} else {
				machine[table][9] = e_(target, adjust_cases[i].in);
				rc = pin(table, &domu, l);
			}
			CHECK(rc == 0 && machine[table][9] == e_(target, adjust_cases[i].out),
			      "adjust L%u %#lx (%s): expected %#lx, got %#lx (rc %d)", l,
			      adjust_cases[i].in, way ? "validation" : "mod_pt_entry",
			      e_(target, adjust_cases[i].out), machine[table][9], rc);
			if (!rc)
				unpin(table);
			check_initial("adjust");
		}
	}
}

/* ---- a whole tree ---- */

static void test_tree(void)
{
	mfn_t l4 = U(1), l3 = U(2), l2 = U(3), l1 = U(4), rw = U(5), ro = U(6), l1b = U(7);
	struct snap s;
	unsigned int i;
	bool ok;

	reset();
	machine[l4][0] = e_(l3, PRW);
	machine[l4][255] = e_(l3, PRO);	  /* a second reference to the same L3 */
	machine[l4][256] = e_(D(1), PRW); /* guest junk in the hypervisor's slots: ignored */
	machine[l4][271] = e_(BEYOND_MFN, PRW | _PAGE_GLOBAL);
	machine[l4][272] = 0x1234000; /* not present, kept */
	machine[l3][0] = e_(l2, PRW);
	machine[l2][0] = e_(l1, PRW);
	machine[l2][1] = e_(l1b, PRW);
	machine[l1][0] = e_(rw, PRW);
	machine[l1][1] = e_(ro, PRO);
	machine[l1b][0] = e_(ro, PRO | _PAGE_USER);

	CHECK(pin(l4, &domu, 4) == 0, "pin L4 tree");
	CHECK(gc(l4) == 2 && pg(l4)->type_info == (PT(4) | PGT_validated | 1),
	      "L4: count %lu type %#lx", gc(l4), pg(l4)->type_info);
	CHECK(gc(l3) == 3 && pg(l3)->type_info == (PT(3) | PGT_validated | 2),
	      "L3: count %lu type %#lx", gc(l3), pg(l3)->type_info);
	CHECK(gc(l2) == 2 && pg(l2)->type_info == (PT(2) | PGT_validated | 1),
	      "L2: count %lu type %#lx", gc(l2), pg(l2)->type_info);
	CHECK(gc(l1) == 2 && pg(l1)->type_info == (PT(1) | PGT_validated | 1),
	      "L1: count %lu type %#lx", gc(l1), pg(l1)->type_info);
	CHECK(gc(l1b) == 2 && tc(l1b) == 1 && ty(l1b) == PT(1), "second L1");
	CHECK(gc(rw) == 2 && tc(rw) == 1 && ty(rw) == PGT_writable_page, "RW data frame: %lu %lu",
	      gc(rw), tc(rw));
	CHECK(gc(ro) == 3 && tc(ro) == 0, "RO data frame: count %lu type count %lu", gc(ro),
	      tc(ro));
	CHECK(gc(D(1)) == 1, "hypervisor slot's guest content took a reference");

	/* The hypervisor's slots come from the idle L4, and only those; no M2P yet (not a base pointer). */
	for (ok = true, i = 257; i <= 271; i++)
		ok = ok && machine[l4][i] == IDLE_SLOT(i);
	CHECK(ok, "L4 slots 257-271: expected the idle L4's entries");
	CHECK(machine[l4][256] == 0, "L4 slot 256 (M2P) of a new L4: expected empty, got %#lx",
	      machine[l4][256]);
	CHECK(machine[l4][255] == e_(l3, PRO | _PAGE_USER | _PAGE_ACCESSED) &&
		      machine[l4][272] == 0x1234000,
	      "L4 slots around the reserved range: %#lx %#lx", machine[l4][255], machine[l4][272]);
	CHECK(machine[l4][0] == e_(l3, PRW | _PAGE_USER | _PAGE_ACCESSED), "L4 entry: %#lx",
	      machine[l4][0]);

	/* The hypervisor's slots can't be changed, the neighbours can. */
	snap_take(&s);
	CHECK(mod(4, l4, 256, e_(l3, PRO), &domu, false) == -EINVAL && machine[l4][256] == 0,
	      "mod_pt_entry on L4 slot 256");
	CHECK(mod(4, l4, 271, 0, &domu, false) == -EINVAL && machine[l4][271] == IDLE_SLOT(271),
	      "clearing L4 slot 271");
	CHECK(mod(4, l4, 263, IDLE_SLOT(263) | _PAGE_DIRTY, &domu, true) == -EINVAL,
	      "A/D update of L4 slot 263");
	snap_check(&s, "refused hypervisor slots");
	CHECK(mod(4, l4, 272, e_(l3, PRO), &domu, false) == 0 && tc(l3) == 3, "L4 slot 272");
	CHECK(mod(4, l4, 272, 0, &domu, false) == 0 && tc(l3) == 2, "clear L4 slot 272");

	/* Slot 256 as a base pointer (Xen's fill_ro_mpt/zap_ro_mpt), without m2p_strict. */
	pv_l4_base_m2p(&domu, l4, false);
	CHECK(machine[l4][256] == 0, "user base pointer, not strict: slot 256 %#lx", machine[l4][256]);
	pv_l4_base_m2p(&domu, l4, true);
	CHECK(machine[l4][256] == IDLE_SLOT(256), "kernel base pointer, not strict: slot 256 %#lx",
	      machine[l4][256]);
	pv_l4_base_m2p(&domu, l4, false);
	CHECK(machine[l4][256] == IDLE_SLOT(256), "user base pointer after kernel, not strict: %#lx",
	      machine[l4][256]);
	/* ... and with it: zapped as a user one, never filled. */
	domu.vm_assist |= 1UL << VMASST_TYPE_m2p_strict;
	pv_l4_base_m2p(&domu, l4, false);
	CHECK(machine[l4][256] == 0, "user base pointer, strict: slot 256 %#lx", machine[l4][256]);
	pv_l4_base_m2p(&domu, l4, true);
	CHECK(machine[l4][256] == 0, "kernel base pointer, strict: slot 256 %#lx", machine[l4][256]);
	CHECK(machine[l4][257] == IDLE_SLOT(257) && machine[l4][255] == e_(l3, PRO | _PAGE_USER | _PAGE_ACCESSED),
	      "base pointers touch slot 256 only");
	domu.vm_assist &= ~(1UL << VMASST_TYPE_m2p_strict);

	/* A second pin; only the last type reference releases the tree. */
	CHECK(pin(l4, &domu, 4) == 0 && tc(l4) == 2, "second L4 reference");
	unpin(l4);
	CHECK(tc(l4) == 1 && tc(l1) == 1 && tc(rw) == 1, "tree kept while referenced");
	unpin(l4);
	check_initial("tree released");
	CHECK(ty(l4) == PGT_none && ty(l3) == PGT_none && ty(l2) == PGT_none &&
		      ty(l1) == PGT_none && ty(l1b) == PGT_none,
	      "tree types: %#lx %#lx %#lx %#lx", pg(l4)->type_info, pg(l3)->type_info,
	      pg(l2)->type_info, pg(l1)->type_info);

	/* A failure at the bottom undoes the whole tree: an L1 maps the L4 writable. */
	machine[l1b][7] = e_(l4, PRW);
	snap_take(&s);
	CHECK(pin(l4, &domu, 4) == -EBUSY, "L1 deep in the tree maps the L4 writable");
	snap_check(&s, "failed tree");
	CHECK(pg(l4)->type_info == PGT_none && pg(l1)->type_info == PGT_none, "failed tree types");
	machine[l1b][7] = e_(l4, PRO); /* read-only is allowed */
	CHECK(pin(l4, &domu, 4) == 0 && gc(l4) == 3, "L1 maps the L4 read-only: count %lu", gc(l4));
	unpin(l4);
	check_initial("tree with a read-only view of its L4");

	/* Bad flags deep down: -EINVAL, undone. */
	machine[l1b][7] = e_(ro, PRO | _PAGE_PCD);
	CHECK(pin(l4, &domu, 4) == -EINVAL, "PCD in an L1 deep in the tree");
	snap_check(&s, "failed tree (flags)");
	machine[l1b][7] = 0;

	/* An L3 shared by two L4s: released with the second. */
	machine[U(8)][3] = e_(l3, PRW);
	CHECK(pin(l4, &domu, 4) == 0 && pin(U(8), &domu, 4) == 0 && tc(l3) == 3, "two L4s, one L3");
	unpin(l4);
	CHECK(tc(l3) == 1 && tc(rw) == 1, "shared L3 kept");
	unpin(U(8));
	check_initial("two L4s released");
}

/* ---- entries to tables of the wrong level ---- */

static void test_wrong_level(void)
{
	static const struct {
		unsigned int level, target_level;
	} cases[] = {
		{2, 4}, {2, 3}, {3, 1}, {3, 4}, {4, 2}, {4, 1},
	};
	mfn_t t = U(20), target = U(21), m;
	unsigned int i;
	struct snap s;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		reset();
		CHECK(pin(target, &domu, cases[i].target_level) == 0, "pin target");
		CHECK(pin(t, &domu, cases[i].level) == 0, "pin table");
		snap_take(&s);
		CHECK(mod(cases[i].level, t, 0, e_(target, PRO), &domu, false) == -EINVAL,
		      "L%u entry to an L%u in use", cases[i].level, cases[i].target_level);
		CHECK(machine[t][0] == 0, "entry written on failure");
		snap_check(&s, "wrong level (mod_pt_entry)");
		unpin(t);
		machine[t][0] = e_(target, PRO);
		snap_take(&s);
		CHECK(pin(t, &domu, cases[i].level) == -EINVAL,
		      "L%u validation with an entry to an L%u", cases[i].level,
		      cases[i].target_level);
		snap_check(&s, "wrong level (validation)");
		unpin(target);
		check_initial("wrong level");
	}

	/* An L2 entry to a frame in use as writable data, or a descriptor page. */
	reset();
	m = U(22);
	CHECK(get_page_and_type(pg(m), &domu, PGT_writable_page) == 0, "writable");
	machine[t][0] = e_(m, PRW);
	CHECK(pin(t, &domu, 2) == -EINVAL && gc(m) == 2 && tc(m) == 1,
	      "L2 entry to a writable frame");
	put_page_and_type(pg(m));
	CHECK(get_page_and_type(pg(m), &domu, PGT_seg_desc_page) == 0, "descriptor page");
	CHECK(pin(t, &domu, 2) == -EINVAL, "L2 entry to a descriptor page");
	put_page_and_type(pg(m));
	check_initial("L2 to data");

	/* Loops: an L3 whose L2 points back at the L3 (as an L1). */
	reset();
	machine[t][0] = e_(target, PRW);
	machine[target][0] = e_(t, PRO);
	snap_take(&s);
	CHECK(pin(t, &domu, 3) == -EINVAL, "L3 -> L2 -> the L3 as an L1");
	snap_check(&s, "loop");
}

/* ---- linear page tables ---- */

static void test_linear(void)
{
	mfn_t a = U(1), b = U(2), c = U(3), d = U(4), l1 = U(5), x = U(6);
	struct snap s;

	reset();
	machine[c][0] = e_(l1, PRW);
	CHECK(pin(a, &domu, 2) == 0 && pin(c, &domu, 2) == 0 && pin(d, &domu, 2) == 0, "pin L2s");

	/* A read-only self-map takes nothing. */
	snap_take(&s);
	CHECK(mod(2, a, 5, e_(a, PRO), &domu, false) == 0, "RO self-map");
	snap_check(&s, "self-map took references");
	CHECK(machine[a][5] == e_(a, PRO | _PAGE_USER), "self-map entry: %#lx", machine[a][5]);
	CHECK(mod(2, a, 6, e_(a, PRW), &domu, false) == -EINVAL && machine[a][6] == 0,
	      "RW self-map");
	snap_check(&s, "refused RW self-map");
	CHECK(mod(2, a, 5, 0, &domu, false) == 0, "remove self-map");
	snap_check(&s, "self-map removed");

	/* Self-maps at validation time, and dropping them. */
	machine[b][0] = e_(b, PRO);
	CHECK(pin(b, &domu, 2) == 0 && gc(b) == 2 && tc(b) == 1, "validated RO self-map: %lu %lu",
	      gc(b), tc(b));
	unpin(b);
	CHECK(gc(b) == 1 && pg(b)->type_info == PGT_none, "self-mapped L2 released");
	machine[b][0] = e_(b, PRW);
	CHECK(pin(b, &domu, 2) == -EINVAL, "validated RW self-map");
	snap_check(&s, "refused RW self-map at validation");
	machine[b][0] = 0;
	machine[x][0] = e_(x, PRO);
	CHECK(pin(x, &domu, 4) == 0 && gc(x) == 2 && tc(x) == 1,
	      "L4 self-map (Linux's recursive slot)");
	unpin(x);

	/* A read-only entry to another validated L2: a type reference. */
	CHECK(mod(2, a, 7, e_(c, PRO), &domu, false) == 0, "linear entry to another L2");
	CHECK(gc(c) == 3 && tc(c) == 2 && lin(c) == -1 && lin(a) == 1,
	      "linear target: count %lu type count %lu, linear %d/%d", gc(c), tc(c), lin(c),
	      lin(a));
	snap_take(&s);
	CHECK(mod(2, a, 8, e_(c, PRW), &domu, false) == -EINVAL, "RW linear entry");
	CHECK(mod(2, d, 0, e_(a, PRO), &domu, false) == -EINVAL,
	      "a table with linear entries as a target");
	CHECK(mod(2, c, 1, e_(d, PRO), &domu, false) == -EINVAL,
	      "linear entries in a linear target");
	CHECK(mod(2, c, 1, e_(c, PRO), &domu, false) == 0, "a target may self-map");
	CHECK(mod(2, c, 1, 0, &domu, false) == 0, "remove it");
	CHECK(mod(2, a, 8, e_(d, PRO), &domu, false) == 0 && lin(a) == 2 && lin(d) == -1,
	      "a second linear entry");
	CHECK(mod(2, a, 8, 0, &domu, false) == 0 && lin(a) == 1 && lin(d) == 0 && tc(d) == 1,
	      "second linear entry removed");
	opt_pv_linear_pt = false;
	CHECK(mod(2, a, 8, e_(d, PRO), &domu, false) == -EINVAL,
	      "linear entry with pv-linear-pt off");
	CHECK(mod(2, a, 9, e_(a, PRO), &domu, false) == -EINVAL, "self-map with pv-linear-pt off");
	opt_pv_linear_pt = true;
	snap_check(&s, "refused linear entries");

	/* An unvalidated same-level frame just becomes a lower table. */
	CHECK(mod(2, a, 10, e_(b, PRO), &domu, false) == 0 && ty(b) == PT(1) && lin(b) == 0,
	      "entry to an unused frame makes it an L1");
	CHECK(mod(2, a, 10, 0, &domu, false) == 0, "remove");

	/* The target stays validated while only the linear entry holds it. */
	unpin(c);
	CHECK(tc(c) == 1 && is_valid(c) && tc(l1) == 1, "linear target kept by the linear entry");
	CHECK(mod(2, a, 7, e_(c, PRO | AD), &domu, false) == 0 && tc(c) == 1 && lin(c) == -1,
	      "A/D change of a linear entry keeps its references");
	CHECK(mod(2, a, 7, 0, &domu, false) == 0, "drop the linear entry");
	CHECK(lin(a) == 0 && lin(c) == 0 && pg(c)->type_info == PGT_none && tc(l1) == 0 &&
		      gc(c) == 1,
	      "last linear reference released the target: type %#lx linear %d/%d", pg(c)->type_info,
	      lin(a), lin(c));

	/* Linear entries found at validation, released with their table. */
	CHECK(pin(c, &domu, 2) == 0, "pin the target again");
	machine[b][3] = e_(c, PRO);
	machine[b][4] = e_(b, PRO);
	CHECK(pin(b, &domu, 2) == 0 && lin(b) == 1 && lin(c) == -1 && tc(c) == 2,
	      "validated linear entry: linear %d/%d", lin(b), lin(c));
	unpin(c);
	unpin(b);
	unpin(a);
	unpin(d);
	check_initial("linear tables released");

	/* A table whose validation fails after a linear entry gives it back. */
	CHECK(pin(c, &domu, 2) == 0, "pin the target");
	machine[b][3] = e_(c, PRO);
	machine[b][4] = e_(D(1), PRW);
	snap_take(&s);
	CHECK(pin(b, &domu, 2) == -EINVAL, "linear entry then a bad one");
	snap_check(&s, "linear entry undone");
	unpin(c);
	check_initial("linear failure");
}

/* ---- mod_pt_entry ---- */

static void test_mod(void)
{
	mfn_t t = U(30), x = U(31), y = U(32), l2 = U(33);
	uint64_t *l1 = machine[t], v;
	struct snap s;

	reset();
	CHECK(pin(t, &domu, 1) == 0, "pin L1");
	CHECK(mod(1, t, 0, e_(x, PRW), &domu, false) == 0 && gc(x) == 2 && tc(x) == 1, "map x RW");

	/* A different frame: new references taken, the old ones dropped. */
	CHECK(mod(1, t, 0, e_(y, PRW), &domu, false) == 0, "remap to y");
	CHECK(gc(y) == 2 && tc(y) == 1 && gc(x) == 1 && tc(x) == 0, "swap: x %lu/%lu y %lu/%lu",
	      gc(x), tc(x), gc(y), tc(y));

	/* Same frame and rights: only the entry changes. */
	snap_take(&s);
	CHECK(mod(1, t, 0, e_(y, PRW | AD | _PAGE_USER | _PAGE_AVAIL), &domu, false) == 0,
	      "same references");
	snap_check(&s, "same-reference update");
	CHECK(l1[0] == e_(y, PRW | AD | _PAGE_USER | _PAGE_AVAIL | _PAGE_GLOBAL), "entry: %#lx",
	      l1[0]);
	CHECK(mod(1, t, 0, e_(y, PRW), &domu, false) == 0 && l1[0] == e_(y, PRW | _PAGE_USER | GK),
	      "A/D cleared without preserve_ad: %#lx", l1[0]);
	CHECK(mod(1, t, 0, e_(y, PRW | AD), &domu, false) == 0, "set A/D");
	CHECK(mod(1, t, 0, e_(y, PRW), &domu, true) == 0 &&
		      l1[0] == e_(y, PRW | AD | _PAGE_USER | GK),
	      "preserve_ad (same references): %#lx", l1[0]);
	CHECK(mod(1, t, 0, e_(y, PRW | _PAGE_ACCESSED), &domu, true) == 0 &&
		      l1[0] == e_(y, PRW | AD | _PAGE_USER | GK),
	      "preserve_ad keeps D: %#lx", l1[0]);
	snap_check(&s, "A/D updates");

	/* Dropping RW (slow path): the writable reference goes, the general one stays. */
	CHECK(mod(1, t, 0, e_(y, PRO), &domu, true) == 0 && gc(y) == 2 && tc(y) == 0 &&
		      l1[0] == e_(y, PRO | AD | _PAGE_USER | GK),
	      "RW -> RO: %lu/%lu %#lx", gc(y), tc(y), l1[0]);
	CHECK(mod(1, t, 0, e_(x, PRW), &domu, true) == 0 &&
		      l1[0] == e_(x, PRW | AD | _PAGE_USER | GK) && gc(y) == 1 && gc(x) == 2 &&
		      tc(x) == 1,
	      "preserve_ad across a frame change: %#lx", l1[0]);

	/* Failures leave entry and counts alone. */
	snap_take(&s);
	v = l1[0];
	CHECK(mod(1, t, 0, e_(D(1), PRO), &domu, false) == -EBUSY && l1[0] == v, "foreign frame");
	CHECK(mod(1, t, 0, e_(y, PRW | _PAGE_PCD), &domu, false) == -EINVAL && l1[0] == v, "PCD");
	CHECK(mod(1, t, 0, e_(x, PRW | _PAGE_PSE), &domu, false) == -EINVAL && l1[0] == v,
	      "PAT, same frame");
	CHECK(mod(1, t, 0, e_(t, PRW), &domu, false) == -EBUSY && l1[0] == v,
	      "RW map of the L1 itself");
	CHECK(get_page_and_type(pg(y), &domu, PGT_seg_desc_page) == 0, "descriptor page");
	CHECK(mod(1, t, 0, e_(y, PRW), &domu, false) == -EBUSY && l1[0] == v,
	      "RW map of a GDT frame");
	CHECK(mod(1, t, 1, e_(y, PRO), &domu, false) == 0 && gc(y) == 3, "RO map of a GDT frame");
	CHECK(mod(1, t, 1, 0, &domu, false) == 0, "unmap");
	put_page_and_type(pg(y));
	snap_check(&s, "failed updates");

	/* Unmapping: stored as written, references dropped. */
	CHECK(mod(1, t, 0, e_(x, _PAGE_RW | AD), &domu, true) == 0 &&
		      l1[0] == e_(x, _PAGE_RW | AD) && gc(x) == 1 && tc(x) == 0,
	      "unmap: %#lx", l1[0]);
	CHECK(mod(1, t, 0, 0, &domu, false) == 0 && gc(x) == 1, "unmap an unmapped entry");

	/* A foreign mapping by dom0 into its own L1. */
	CHECK(pin(D(3), &dom0, 1) == 0, "dom0 L1");
	CHECK(mod_pt_entry(1, &machine[D(3)][2], e_(x, PRW), D(3), &dom0, &domu, false) == 0 &&
		      gc(x) == 2 && tc(x) == 1,
	      "dom0 maps domU's frame with pg_owner domU");
	CHECK(mod_pt_entry(1, &machine[D(3)][3], e_(x, PRO), D(3), &dom0, &dom0, false) == -EBUSY,
	      "dom0 maps domU's frame as its own");
	unpin(D(3));
	CHECK(gc(x) == 1 && tc(x) == 0, "foreign mapping dropped with the L1");

	/* Upper levels: swap the L1 an L2 entry points at. */
	CHECK(pin(l2, &domu, 2) == 0, "pin L2");
	CHECK(mod(2, l2, 0, e_(x, PRW), &domu, false) == 0 && ty(x) == PT(1) && tc(x) == 1,
	      "L2 -> x");
	CHECK(mod(2, l2, 0, e_(y, PRW), &domu, false) == 0 && pg(x)->type_info == PGT_none &&
		      ty(y) == PT(1) && gc(x) == 1 && gc(y) == 2,
	      "L2 -> y: x %#lx y %#lx", pg(x)->type_info, pg(y)->type_info);
	CHECK(mod(2, l2, 0, e_(y, PRO), &domu, false) == 0 && tc(y) == 1 && gc(y) == 2,
	      "L2 entry RW -> RO keeps one reference");
	unpin(l2);
	unpin(t);
	check_initial("mod_pt_entry");
}

/* ---- I/O frames ---- */

static void test_iomem(void)
{
	mfn_t t = U(35), dt = D(10);
	static const struct {
		uint64_t in, out;
	} dom0_cache[] = {
		{0, _PAGE_PCD | _PAGE_PWT},			/* WB -> UC */
		{_PAGE_PWT, _PAGE_PCD | _PAGE_PWT},		/* WT -> UC */
		{_PAGE_PWT | PAT, _PAGE_PCD | _PAGE_PWT},	/* WP -> UC */
		{_PAGE_PCD, _PAGE_PCD},				/* UC- kept */
		{_PAGE_PCD | _PAGE_PWT, _PAGE_PCD | _PAGE_PWT}, /* UC kept */
		{PAT, PAT},					/* WC kept */
	};
	struct snap s;
	unsigned int i, q;

	reset();
	CHECK(pin(t, &domu, 1) == 0 && pin(dt, &dom0, 1) == 0, "pin L1s");
	snap_take(&s);
	CHECK(mod(1, t, 0, e_(BEYOND_MFN, PRW), &domu, false) == -EPERM && machine[t][0] == 0,
	      "domU maps beyond RAM without I/O access");
	CHECK(mod(1, t, 0, e_(IOMEM_MFN, PRO), &domu, false) == -EPERM, "domU maps an I/O hole");
	CHECK(mod(1, dt, 0, e_(IOMEM_MFN, PRO), &dom0, false) == -EPERM, "dom0 without I/O access");
	machine[U(36)][4] = e_(IOMEM_MFN, PRO);
	CHECK(pin(U(36), &domu, 1) == -EPERM, "validation of an L1 mapping I/O");

	iomem_ok[1] = true;
	q = nr_iomem_queries;
	CHECK(mod(1, t, 0, e_(IOMEM_MFN, PRW), &domu, false) == 0 && nr_iomem_queries > q,
	      "domU with I/O access");
	CHECK(machine[t][0] == e_(IOMEM_MFN, PRW | _PAGE_PCD | _PAGE_PWT | _PAGE_USER | GK),
	      "I/O entry made uncacheable: %#lx", machine[t][0]);
	CHECK(mod(1, t, 1, e_(BEYOND_MFN, PRW | _PAGE_USER), &domu, false) == 0 &&
		      machine[t][1] == e_(BEYOND_MFN,
					  PRW | _PAGE_PCD | _PAGE_PWT | _PAGE_USER | _PAGE_GLOBAL),
	      "beyond RAM with I/O access: %#lx", machine[t][1]);
	snap_check(&s, "I/O mappings took references");
	CHECK(mod(1, t, 0, 0, &domu, false) == 0 && mod(1, t, 1, 0, &domu, false) == 0,
	      "unmap I/O");
	snap_check(&s, "I/O unmapped");

	/* A foreign I/O mapping needs both domains' permission. */
	CHECK(mod_pt_entry(1, &machine[t][2], e_(BEYOND_MFN, PRO), t, &domu, &dom0, false) ==
		      -EPERM,
	      "page owner without I/O access");
	iomem_ok[0] = true;
	iomem_ok[1] = false;
	CHECK(mod_pt_entry(1, &machine[dt][2], e_(BEYOND_MFN, PRO), dt, &dom0, &domu, false) ==
		      -EPERM,
	      "table owner with, page owner without I/O access");
	CHECK(mod_pt_entry(1, &machine[t][2], e_(BEYOND_MFN, PRO), t, &domu, &dom0, false) ==
		      -EPERM,
	      "table owner without I/O access");

	/* dom0's cache attributes on I/O. */
	for (i = 0; i < sizeof(dom0_cache) / sizeof(dom0_cache[0]); i++) {
		int rc = mod(1, dt, 5, e_(IOMEM_MFN, PRW | _PAGE_USER | dom0_cache[i].in), &dom0,
			     false);

		CHECK(rc == 0 && machine[dt][5] == e_(IOMEM_MFN, PRW | _PAGE_USER | _PAGE_GLOBAL |
									 dom0_cache[i].out),
		      "dom0 I/O cache attributes %#lx: expected %#lx, got %#lx (rc %d)",
		      dom0_cache[i].in,
		      e_(IOMEM_MFN, PRW | _PAGE_USER | _PAGE_GLOBAL | dom0_cache[i].out),
		      machine[dt][5], rc);
	}
	snap_check(&s, "dom0 I/O mappings");

	/* I/O entries in a validated L1: flipped, no references, nothing to drop later. */
	machine[D(11)][0] = e_(IOMEM_MFN, PRW);
	machine[D(11)][1] = e_(BEYOND_MFN, PRO | _PAGE_PCD);
	machine[D(11)][2] = e_(D(12), PRW);
	CHECK(pin(D(11), &dom0, 1) == 0, "validate dom0 L1 with I/O entries");
	CHECK(machine[D(11)][0] == e_(IOMEM_MFN, PRW | _PAGE_PCD | _PAGE_PWT | _PAGE_USER | GK) &&
		      machine[D(11)][1] == e_(BEYOND_MFN, PRO | _PAGE_PCD | _PAGE_USER | GK),
	      "validated I/O entries: %#lx %#lx", machine[D(11)][0], machine[D(11)][1]);
	CHECK(pg(IOMEM_MFN)->count_info == (PGC_reserved | PGC_iomem) &&
		      pg(IOMEM_MFN)->type_info == 0,
	      "I/O frame's counts touched");
	CHECK(gc(D(12)) == 2 && tc(D(12)) == 1, "RAM entry next to I/O ones");
	unpin(D(11));
	CHECK(mod(1, dt, 5, 0, &dom0, false) == 0, "unmap");
	unpin(t);
	unpin(dt);
	check_initial("I/O");
}

/* ---- random workload against a reference model ---- */

/*
 * The model keeps its own counts, types and copy of memory, and records
 * for every entry which references it holds (rather than re-deriving that
 * from the target's type, as the hypervisor does when it releases an
 * entry). A failed validation restores the model from a snapshot instead
 * of undoing entry by entry; contents keep the adjustments already made,
 * as the hypervisor's do.
 */
enum hold { H_NONE, H_GEN, H_WRITABLE, H_TYPE, H_LINEAR };

struct model {
	long gc[NR_FRAMES], tc[NR_FRAMES];
	uint64_t ty[NR_FRAMES];
	bool valid[NR_FRAMES];
	int lin[NR_FRAMES];
	uint8_t hold[NR_FRAMES][512];
	uint8_t hold_mfn[NR_FRAMES][512];
};

static struct model M;
static uint64_t shadow[NR_FRAMES][512];
static unsigned int m_linear_taken, m_self_maps;

#define CACHE_BITS (_PAGE_PWT | _PAGE_PCD | PAT)

static struct domain *m_owner(uint64_t mfn)
{
	return mfn < NR_FRAMES ? initial_owner(mfn) : NULL;
}

static bool m_get(uint64_t mfn, const struct domain *d)
{
	if (!d || m_owner(mfn) != d)
		return false;
	M.gc[mfn]++;
	return true;
}

static uint64_t m_forbidden(unsigned int level, const struct domain *d)
{
	uint64_t ok = PRW | _PAGE_USER | AD | (7UL << 9) | (0x7ffUL << 52);

	if (boot_cpu_data.e1_edx & NX_BIT)
		ok |= _PAGE_NX;
	if (level == 1)
		ok |= _PAGE_GLOBAL | (d->is_privileged ? CACHE_BITS : 0);
	return ~(PADDR_MASK | ok);
}

static uint64_t m_adjust(unsigned int level, uint64_t e)
{
	if (!(e & PRO))
		return e;
	if (level > 1)
		return e | _PAGE_USER | (level == 4 ? _PAGE_ACCESSED : 0);
	if (!(e & _PAGE_USER))
		return e | _PAGE_USER | GK;
	return e & GK ? e : e | _PAGE_GLOBAL;
}

static unsigned int m_level(uint64_t type)
{
	return type >= PT(1) && type <= PT(4) ? (unsigned int)(type >> 61) : 0;
}

static int m_validate(uint64_t mfn, unsigned int level);
static void m_release(uint64_t table, unsigned int slot);

static int m_get_type(uint64_t mfn, uint64_t type)
{
	int rc = 0;

	if (M.tc[mfn]) {
		if (M.ty[mfn] != type || !M.valid[mfn])
			return -EINVAL;
		M.tc[mfn]++;
		return 0;
	}
	M.ty[mfn] = type;
	M.tc[mfn] = 1;
	M.valid[mfn] = false;
	if (m_level(type))
		rc = m_validate(mfn, m_level(type));
	else if (type == PGT_seg_desc_page && shadow[mfn][0] == DESC_REJECT)
		rc = -EINVAL;
	if (rc) {
		M.ty[mfn] = PGT_none;
		M.tc[mfn] = 0;
		return rc;
	}
	M.valid[mfn] = true;
	return 0;
}

static void m_put_type(uint64_t mfn)
{
	unsigned int i;

	if (--M.tc[mfn])
		return;
	M.valid[mfn] = false;
	if (!m_level(M.ty[mfn]))
		return; /* writable and descriptor pages keep their type, unused */
	for (i = 0; i < 512; i++)
		m_release(mfn, i);
	M.ty[mfn] = PGT_none;
}

/* Take what entry @e of @table needs; *@kind says what is held. Returns flip bits or -E. */
static int m_take(unsigned int level, uint64_t e, uint64_t table, const struct domain *d,
		  const struct domain *pgo, uint8_t *kind)
{
	uint64_t mfn = pte_mfn(e);
	int rc;

	*kind = H_NONE;
	if (e & m_forbidden(level, d))
		return -EINVAL;
	if (level == 1) {
		if (mfn >= NR_FRAMES || mfn == IOMEM_MFN) {
			if (!iomem_ok[d->domain_id] || !iomem_ok[pgo->domain_id])
				return -EPERM;
			if (!(e & CACHE_BITS))
				return _PAGE_PCD | _PAGE_PWT;
			if ((e & CACHE_BITS) == _PAGE_PWT || (e & CACHE_BITS) == (_PAGE_PWT | PAT))
				return (int)(_PAGE_PCD | (e & PAT));
			return 0;
		}
		if (!m_get(mfn, pgo))
			return -EBUSY;
		if ((e & _PAGE_RW) && m_get_type(mfn, PGT_writable_page)) {
			M.gc[mfn]--;
			return -EBUSY;
		}
		if ((e & CACHE_BITS) && (mfn == U_XENHEAP || mfn == D_XENHEAP)) {
			if (e & _PAGE_RW)
				m_put_type(mfn);
			M.gc[mfn]--;
			return -EACCES;
		}
		*kind = e & _PAGE_RW ? H_WRITABLE : H_GEN;
		return 0;
	}
	if (!m_get(mfn, d))
		return -EINVAL;
	rc = m_get_type(mfn, PT(level - 1));
	if (!rc) {
		*kind = H_TYPE;
		return 0;
	}
	M.gc[mfn]--;
	if (rc != -EINVAL)
		return rc;
	/* Linear: read-only, to itself or to another validated table of this level. */
	if (!opt_pv_linear_pt || (e & _PAGE_RW))
		return -EINVAL;
	if (mfn == table) {
		m_self_maps++;
		return 0;
	}
	if (M.lin[table] < 0 || M.lin[mfn] > 0 || M.ty[mfn] != PT(level) || !M.valid[mfn])
		return -EINVAL;
	M.gc[mfn]++;
	M.tc[mfn]++;
	M.lin[mfn]--;
	M.lin[table]++;
	*kind = H_LINEAR;
	m_linear_taken++;
	return 0;
}

static void m_release(uint64_t table, unsigned int slot)
{
	uint64_t t = M.hold_mfn[table][slot];
	uint8_t k = M.hold[table][slot];

	M.hold[table][slot] = H_NONE;
	switch (k) {
	case H_LINEAR:
		M.lin[t]++;
		M.lin[table]--;
		/* fall through */
	case H_WRITABLE:
	case H_TYPE:
		m_put_type(t);
		/* fall through */
	case H_GEN:
		M.gc[t]--;
		break;
	}
}

static int m_validate(uint64_t mfn, unsigned int level)
{
	struct model *saved = malloc(sizeof(*saved));
	const struct domain *d = m_owner(mfn);
	unsigned int i;
	int rc = 0;

	*saved = M;
	for (i = 0; i < 512; i++) {
		uint64_t e = shadow[mfn][i];
		uint8_t kind;
		int r;

		if ((level == 4 && i >= 256 && i <= 271) || !(e & PRO))
			continue;
		r = m_take(level, e, mfn, d, d, &kind);
		if (r < 0) {
			rc = r;
			break;
		}
		M.hold[mfn][i] = kind;
		M.hold_mfn[mfn][i] = (uint8_t)pte_mfn(e);
		shadow[mfn][i] = m_adjust(level, e ^ (uint64_t)r);
	}
	if (rc)
		M = *saved;
	else if (level == 4)
		for (i = 256; i <= 271; i++)
			shadow[mfn][i] = i == 256 ? 0 : idle_l4[i]; /* no M2P: not a base pointer */
	free(saved);
	return rc;
}

static int m_mod(unsigned int level, uint64_t table, unsigned int slot, uint64_t val, bool pad)
{
	uint64_t old = shadow[table][slot], keys = PADDR_MASK | PRW | CACHE_BITS;
	uint64_t ad = pad ? old & AD : 0;
	uint8_t kind;
	int r;

	if (!(val & PRO)) {
		shadow[table][slot] = val;
		m_release(table, slot);
		return 0;
	}
	if (val & m_forbidden(level, &domu))
		return -EINVAL;
	if ((old & PRO) && !((old ^ val) & keys)) {
		shadow[table][slot] = m_adjust(level, val) | ad;
		return 0;
	}
	r = m_take(level, val, table, &domu, &domu, &kind);
	if (r < 0)
		return r;
	shadow[table][slot] = m_adjust(level, val ^ (uint64_t)r) | ad;
	m_release(table, slot); /* the old entry's references, after the new ones */
	M.hold[table][slot] = kind;
	M.hold_mfn[table][slot] = (uint8_t)pte_mfn(val);
	return 0;
}

/* Frames 1-16 take part; each has a role that biases what its entries point at. */
#define RFRAMES 16
#define RSLOTS 4
static const unsigned int role[RFRAMES + 1] = {
	0, 4, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0,
};

static mfn_t random_frame_of_role(unsigned int r)
{
	mfn_t m;

	do
		m = 1 + rand() % RFRAMES;
	while (role[m] != r);
	return m;
}

static uint64_t random_entry(mfn_t f)
{
	static const mfn_t odd[] = {D(1), IOMEM_MFN, BEYOND_MFN, RESERVED_MFN, FREE_MFN, U_XENHEAP};
	uint64_t e = 0;
	mfn_t m;
	int r = rand() % 20;

	if (r == 0)
		m = odd[rand() % 6];
	else if (r < 5 || !role[f])
		m = 1 + rand() % RFRAMES;
	else if (r < 8 && role[f] >= 2)
		m = random_frame_of_role(role[f]); /* linear, if read-only */
	else
		m = random_frame_of_role(role[f] - 1);
	if (rand() % 5)
		e |= PRO;
	if (rand() % 2)
		e |= _PAGE_RW;
	if (rand() % 2)
		e |= _PAGE_USER;
	if (rand() % 4 == 0)
		e |= AD;
	if (rand() % 30 == 0)
		e |= _PAGE_GLOBAL;
	if (rand() % 50 == 0)
		e |= _PAGE_PSE;
	if (rand() % 20 == 0)
		e |= _PAGE_NX;
	if (rand() % 40 == 0)
		e |= _PAGE_PCD;
	return e_(m, e);
}

/* One check: the machine agrees with the model. */
static bool compare_model(unsigned int step, const char *op)
{
	unsigned int m;

	for (m = 0; m < NR_FRAMES; m++) {
		uint64_t want =
			M.tc[m] ? M.ty[m] | (M.valid[m] ? PGT_validated : 0) | (uint64_t)M.tc[m]
				: 0;
		uint64_t got = tc(m) ? ftab[m].type_info : 0;

		if ((long)gc(m) != M.gc[m] || got != want || lin(m) != M.lin[m]) {
			CHECK(false,
			      "random step %u (%s): frame %u: expected count %ld type %#lx linear "
			      "%d, "
			      "got %lu %#lx %d",
			      step, op, m, M.gc[m], want, M.lin[m], gc(m), got, lin(m));
			return false;
		}
		if (memcmp(machine[m], shadow[m], PAGE_SIZE)) {
			unsigned int i = 0;

			while (machine[m][i] == shadow[m][i])
				i++;
			CHECK(false,
			      "random step %u (%s): frame %u slot %u: expected %#lx, got %#lx",
			      step, op, m, i, shadow[m][i], machine[m][i]);
			return false;
		}
	}
	unit_checks++;
	return true;
}

struct held {
	mfn_t mfn;
	uint64_t type; /* PGT_none: a general reference only */
};

static void test_random(void)
{
	static const uint64_t types[] = {
		PGT_none, PGT_writable_page, PT(1), PT(2), PT(3), PT(4), PGT_seg_desc_page,
	};
	struct held holds[48];
	unsigned int nholds = 0, step, i, ok_pin[5] = {0}, ok_mod[5] = {0}, refused = 0;
	bool good = true;
	const char *op = "";

	reset();
	memset(&M, 0, sizeof(M));
	memset(shadow, 0, sizeof(shadow));
	for (i = 0; i < NR_FRAMES; i++)
		M.gc[i] = (long)(initial_count(i) & PGC_count_mask);
	srand(4242);

	for (step = 0; step < 30000 && good; step++) {
		int r = rand() % 100, rc, want;

		if (r < 45) {
			/* Write an entry: validated (mod_pt_entry) if the frame is a table in use.
			 */
			mfn_t f = 1 + rand() % RFRAMES;
			unsigned int slot = rand() % RSLOTS, l;
			uint64_t val;
			bool pad = rand() % 2;

			op = "write entry";
			/* Half the time into a table we hold, so every level gets updates. */
			if (nholds && rand() % 2) {
				i = rand() % nholds;
				if (m_level(holds[i].type))
					f = holds[i].mfn;
			}
			l = M.tc[f] && M.valid[f] ? m_level(M.ty[f]) : 0;
			val = random_entry(f);
			if (l >= 2 && rand() % 4 == 0) {
				/* A read-only entry to another table of its level in use: linear.
				 */
				unsigned int k, start = rand();

				for (k = 0; k < RFRAMES; k++) {
					mfn_t t = 1 + (start + k) % RFRAMES;

					if (t != f && M.tc[t] && M.ty[t] == PT(l)) {
						val = e_(t, PRO | (val & (_PAGE_USER | AD)));
						break;
					}
				}
			}
			if (l) {
				want = m_mod(l, f, slot, val, pad);
				rc = mod_pt_entry(l, &machine[f][slot], val, f, &domu, &domu, pad);
				CHECK(rc == want,
				      "random step %u: L%u entry %#lx: expected %d, got %d", step,
				      l, val, want, rc);
				good = rc == want;
				if (!rc && (val & PRO))
					ok_mod[l]++;
				refused += rc != 0;
			} else {
				machine[f][slot] = shadow[f][slot] = val;
			}
		} else if (r < 75) {
			/* Take a reference and maybe a type (pin, or a retype attempt). */
			mfn_t f = rand() % 16 ? (mfn_t)(1 + rand() % RFRAMES) : D(1);
			uint64_t type = types[rand() % 7];

			op = "acquire";
			if (rand() % 2 && f <= RFRAMES && role[f])
				type = PT(role[f]);
			if (nholds == 48)
				continue;
			want = m_get(f, &domu) ? 0 : -EINVAL;
			if (!want && type != PGT_none && (want = m_get_type(f, type)))
				M.gc[f]--;
			rc = type == PGT_none ? get_page(pg(f), &domu)
					      : get_page_and_type(pg(f), &domu, type);
			CHECK(rc == want,
			      "random step %u: get frame %lu type %#lx: expected %d, got %d", step,
			      f, type, want, rc);
			good = rc == want;
			if (!rc) {
				holds[nholds++] = (struct held){f, type};
				if (m_level(type))
					ok_pin[m_level(type)]++;
			}
			refused += rc != 0;
		} else if (r < 93) {
			struct held h;

			op = "release";
			if (!nholds)
				continue;
			i = rand() % nholds;
			h = holds[i];
			holds[i] = holds[--nholds];
			if (h.type != PGT_none) {
				m_put_type(h.mfn);
				put_page_and_type(pg(h.mfn));
			} else {
				put_page(pg(h.mfn));
			}
			M.gc[h.mfn]--;
		} else {
			/* The guest scrubs a frame that is not a table in use. */
			mfn_t f = 1 + rand() % RFRAMES;

			op = "scrub";
			if (M.tc[f] && m_level(M.ty[f]))
				continue;
			memset(machine[f], 0, PAGE_SIZE);
			memset(shadow[f], 0, PAGE_SIZE);
		}
		good = good && compare_model(step, op);
	}

	/* Enough of every kind happened for the comparison to mean something. */
	for (i = 1; i <= 4; i++)
		CHECK(ok_pin[i] >= 20 && ok_mod[i] >= 20,
		      "random: only %u L%u pins and %u L%u updates", ok_pin[i], i, ok_mod[i], i);
	CHECK(refused >= 200, "random: only %u refusals", refused);
	CHECK(m_linear_taken >= 20 && m_self_maps >= 20,
	      "random: only %u linear entries, %u self-maps", m_linear_taken, m_self_maps);
	if (getenv("UNIT_VERBOSE"))
		printf("random: pins %u/%u/%u/%u, updates %u/%u/%u/%u, refused %u, linear %u, self "
		       "%u\n",
		       ok_pin[1], ok_pin[2], ok_pin[3], ok_pin[4], ok_mod[1], ok_mod[2], ok_mod[3],
		       ok_mod[4], refused, m_linear_taken, m_self_maps);

	/* Let everything go: every frame is back where it started. */
	while (nholds) {
		struct held h = holds[--nholds];

		if (h.type != PGT_none) {
			m_put_type(h.mfn);
			put_page_and_type(pg(h.mfn));
		} else {
			put_page(pg(h.mfn));
		}
		M.gc[h.mfn]--;
		if (good)
			good = compare_model(step, "final release");
	}
	check_initial("random workload released");
	CHECK(nr_freed == 0, "random workload freed %u frames", nr_freed);
}

int main(void)
{
	test_get_put_page();
	test_types();
	test_tlb_flush();
	test_l1_validation();
	test_flags();
	test_adjust();
	test_tree();
	test_wrong_level();
	test_linear();
	test_mod();
	test_iomem();
	test_random();
	return unit_report("pv_mm");
}
