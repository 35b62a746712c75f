// SPDX-License-Identifier: GPL-2.0-only
/*
 * Boot-time self-tests, chosen with "selftest=<name>[,<name>...]".
 *
 * Checking tests (alloc, xmalloc, timer, extable, pagetable, nmi, idt) run in
 * the order given, each printing "selftest: <name>: PASS" or a "Fail:"
 * line; then one verdict line "Test result: SUCCESS|FAILURE|ERROR" is
 * printed and the machine powers off (through qemu_exit= when set).
 *
 * Crashing tests (ud, pf, de, gp, bp, df) deliberately raise an exception
 * inside the hypervisor after the checking tests: the expected outcome is
 * a full dump and a clean halt (with noreboot), never a triple fault.
 * Ending tests (reboot, poweroff) exercise those paths.
 */
#include <asm/apic.h>
#include <asm/cpufeature.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/shutdown.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

void selftest_run(void);
extern char __text_start[], __rodata_start[], __data_start[];

static char opt_selftest[128];
string_param("selftest", opt_selftest);

static unsigned int failures;
/* Far deeper than any stack: the recursion in crash_df only ends in the guard page. */
static volatile unsigned long recurse_limit = 1UL << 40;

#define CHECK(cond, fmt, ...)                                                  \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printk("Fail: %s: " fmt "\n", __func__, ##__VA_ARGS__); \
			failures++;                                            \
		}                                                              \
	} while (0)

/* Allocate and free every order, check alignment, contents and accounting. */
static void test_alloc(void)
{
	unsigned long before = heap_free_pages(), n = 0;
	struct page_info *pgs[12];
	unsigned int o;
	void **chain = NULL;
	struct page_info *pg;

	for (o = 0; o < ARRAY_SIZE(pgs); o++) {
		pgs[o] = alloc_heap_pages(o);
		CHECK(pgs[o], "order %u allocation failed", o);
		if (!pgs[o])
			continue;
		CHECK(!(page_to_mfn(pgs[o]) & ((1UL << o) - 1)),
		      "order %u chunk at mfn %#lx is misaligned", o, page_to_mfn(pgs[o]));
		memset(page_to_virt(pgs[o]), o, PAGE_SIZE << o);
	}
	for (o = 0; o < ARRAY_SIZE(pgs); o++) {
		const uint8_t *p;
		unsigned long i;

		if (!pgs[o])
			continue;
		p = page_to_virt(pgs[o]);
		for (i = 0; i < (PAGE_SIZE << o); i += 512)
			CHECK(p[i] == o, "order %u chunk overwritten: expected %u, got %u", o, o, p[i]);
	}
	for (o = 0; o < ARRAY_SIZE(pgs); o++)
		if (pgs[o])
			free_heap_pages(pgs[o], o);
	CHECK(heap_free_pages() == before, "free pages: expected %lu, got %lu", before,
	      heap_free_pages());
	CHECK(alloc_heap_pages(MAX_ORDER + 1) == NULL, "order above MAX_ORDER was granted");

	/* Exhaust memory one page at a time; the allocator must say no, not crash. */
	while ((pg = alloc_heap_pages(0)) != NULL) {
		void **p = page_to_virt(pg);

		*p = chain;
		chain = p;
		n++;
	}
	CHECK(n == before, "exhaustion: expected %lu pages, got %lu", before, n);
	CHECK(heap_free_pages() == 0, "free pages after exhaustion: %lu", heap_free_pages());
	while (chain) {
		void **next = *chain;

		free_heap_pages(virt_to_page(chain), 0);
		chain = next;
	}
	CHECK(heap_free_pages() == before, "free pages after refill: expected %lu, got %lu",
	      before, heap_free_pages());
	CHECK(heap_check() == 0, "free lists inconsistent");
}

static void test_xmalloc(void)
{
	static const size_t sizes[] = { 1, 8, 16, 17, 100, 512, 2048, 2049, 4096, 10000, 70000 };
	void *p[ARRAY_SIZE(sizes)];
	size_t bytes0, bytes1;
	unsigned long objs0, objs1;
	unsigned int i, j;

	xmalloc_stats(&bytes0, &objs0);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = xmalloc_bytes(sizes[i]);
		CHECK(p[i], "xmalloc(%lu) failed", (unsigned long)sizes[i]);
		if (p[i]) {
			CHECK(!((unsigned long)p[i] & 15), "xmalloc(%lu) returned %p, not 16-byte aligned",
			      (unsigned long)sizes[i], p[i]);
			memset(p[i], 0x40 + i, sizes[i]);
		}
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (j = 0; p[i] && j < sizes[i]; j += 7)
			CHECK(((uint8_t *)p[i])[j] == 0x40 + i, "object %u overwritten at byte %u", i, j);
	xmalloc_stats(&bytes1, &objs1);
	CHECK(objs1 == objs0 + ARRAY_SIZE(sizes), "objects: expected %lu, got %lu",
	      objs0 + (unsigned long)ARRAY_SIZE(sizes), objs1);
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		xfree(p[i]);
	xmalloc_stats(&bytes1, &objs1);
	CHECK(bytes1 == bytes0 && objs1 == objs0, "after xfree: %lu bytes/%lu objects, expected %lu/%lu",
	      (unsigned long)bytes1, objs1, (unsigned long)bytes0, objs0);
	CHECK(xmalloc_bytes((size_t)-1) == NULL, "huge xmalloc succeeded");
	CHECK(xzalloc_array(uint64_t, SIZE_MAX / 4) == NULL, "overflowing array size succeeded");
	xfree(NULL);
}

#define NR_TEST_TIMERS 5
static struct {
	struct timer t;
	s_time_t deadline, fired_at;
	unsigned int order;
} ttimers[NR_TEST_TIMERS + 1];
static unsigned int fired, periodic_count;
static struct timer periodic;

static void ttimer_fn(void *data)
{
	unsigned int i = (unsigned long)data;

	ttimers[i].fired_at = NOW();
	ttimers[i].order = ++fired;
}

static void periodic_fn(void *data)
{
	if (++periodic_count < 5)
		set_timer(&periodic, NOW() + MILLISECS(3));
}

/*
 * With every free page taken, the heap cannot grow: set_timer() must
 * still take more timers than the heap holds (guests reach it, so this
 * used to be a way to panic the host), timers on the overflow list must
 * fire in order, and giving the memory back lets the heap grow again.
 */
static void test_timer_nomem(void)
{
	static struct timer filler[1100];
	static const unsigned int offsets_ms[NR_TEST_TIMERS] = { 30, 10, 50, 20, 40 };
	unsigned long n = 0, before = heap_free_pages();
	s_time_t start, limit;
	void **chain = NULL;
	struct page_info *pg;
	unsigned int i;

	while ((pg = alloc_heap_pages(0)) != NULL) {
		void **p = page_to_virt(pg);

		*p = chain;
		chain = p;
		n++;
	}
	CHECK(heap_free_pages() == 0, "free pages after exhaustion: %lu", heap_free_pages());
	for (i = 0; i < ARRAY_SIZE(filler); i++) {
		init_timer(&filler[i], ttimer_fn, (void *)(unsigned long)NR_TEST_TIMERS, 0);
		set_timer(&filler[i], NOW() + SECONDS(100) + i);
	}
	for (i = 0; i < ARRAY_SIZE(filler); i++)
		CHECK(timer_is_active(&filler[i]), "no memory: timer %u of %u not pending", i,
		      (unsigned int)ARRAY_SIZE(filler));

	/* These can only go on the overflow list: they must fire from there, in order. */
	fired = 0;
	start = NOW();
	for (i = 0; i < NR_TEST_TIMERS; i++) {
		init_timer(&ttimers[i].t, ttimer_fn, (void *)(unsigned long)i, 0);
		ttimers[i].deadline = start + MILLISECS(offsets_ms[i]);
		ttimers[i].fired_at = 0;
		ttimers[i].order = 0;
		set_timer(&ttimers[i].t, ttimers[i].deadline);
	}
	limit = start + SECONDS(5);
	while (fired < NR_TEST_TIMERS && NOW() < limit) {
		local_irq_disable();
		if (softirq_pending()) {
			local_irq_enable();
			do_softirq();
		} else {
			safe_halt();
		}
	}
	CHECK(fired == NR_TEST_TIMERS, "no memory: %u of %u timers fired within 5 s", fired,
	      NR_TEST_TIMERS);
	for (i = 0; i < NR_TEST_TIMERS; i++) {
		CHECK(ttimers[i].order == offsets_ms[i] / 10,
		      "no memory: timer %u (+%u ms) fired as #%u, expected #%u", i, offsets_ms[i],
		      ttimers[i].order, offsets_ms[i] / 10);
		CHECK(ttimers[i].fired_at >= ttimers[i].deadline, "no memory: timer %u fired early", i);
	}

	while (chain) {
		void **next = *chain;

		free_heap_pages(virt_to_page(chain), 0);
		chain = next;
	}
	CHECK(n && heap_free_pages() == before, "free pages after refill: expected %lu, got %lu",
	      before, heap_free_pages());
	/* With memory back, the next softirq run moves the list into a grown heap. */
	raise_softirq(TIMER_SOFTIRQ);
	do_softirq();
	for (i = 0; i < ARRAY_SIZE(filler); i++)
		CHECK(timer_is_active(&filler[i]), "after refill: timer %u not pending", i);
	for (i = 0; i < ARRAY_SIZE(filler); i++)
		kill_timer(&filler[i]);
	for (i = 0; i < NR_TEST_TIMERS; i++)
		kill_timer(&ttimers[i].t);
	CHECK(!timer_is_active(&filler[0]), "killed timer still pending");
}

/* Timers fire in deadline order, never early; a stopped timer never fires. */
static void test_timer(void)
{
	static const unsigned int offsets_ms[NR_TEST_TIMERS] = { 30, 10, 50, 20, 40 };
	s_time_t start = NOW(), limit;
	unsigned int i, stopped = NR_TEST_TIMERS;

	CHECK(local_irq_is_enabled(), "interrupts are off");
	fired = periodic_count = 0;
	for (i = 0; i <= NR_TEST_TIMERS; i++) {
		init_timer(&ttimers[i].t, ttimer_fn, (void *)(unsigned long)i, 0);
		ttimers[i].deadline = start + MILLISECS(i < NR_TEST_TIMERS ? offsets_ms[i] : 25);
		ttimers[i].fired_at = 0;
		set_timer(&ttimers[i].t, ttimers[i].deadline);
	}
	stop_timer(&ttimers[stopped].t);
	CHECK(!timer_is_active(&ttimers[stopped].t), "stopped timer still active");
	init_timer(&periodic, periodic_fn, NULL, 0);
	set_timer(&periodic, NOW() + MILLISECS(3));

	limit = start + SECONDS(5);
	while ((fired < NR_TEST_TIMERS || periodic_count < 5) && NOW() < limit) {
		local_irq_disable();
		if (softirq_pending()) {
			local_irq_enable();
			do_softirq();
		} else {
			safe_halt(); /* the APIC timer must wake us */
		}
	}
	CHECK(fired == NR_TEST_TIMERS, "%u of %u timers fired within 5 s", fired, NR_TEST_TIMERS);
	CHECK(periodic_count == 5, "re-arming timer ran %u times, expected 5", periodic_count);
	CHECK(ttimers[stopped].fired_at == 0, "stopped timer fired");
	for (i = 0; i < NR_TEST_TIMERS; i++) {
		unsigned int j, expect = 1;

		for (j = 0; j < NR_TEST_TIMERS; j++)
			if (ttimers[j].deadline < ttimers[i].deadline)
				expect++;
		CHECK(ttimers[i].order == expect, "timer %u (+%u ms) fired as #%u, expected #%u", i,
		      offsets_ms[i], ttimers[i].order, expect);
		CHECK(ttimers[i].fired_at >= ttimers[i].deadline,
		      "timer %u fired %ld ns early", i, (long)(ttimers[i].deadline - ttimers[i].fired_at));
	}
	for (i = 0; i <= NR_TEST_TIMERS; i++)
		kill_timer(&ttimers[i].t);
	kill_timer(&periodic);

	/* More timers than the initial heap holds: it must grow, not fail. */
	{
		static struct timer many[200];

		for (i = 0; i < ARRAY_SIZE(many); i++) {
			init_timer(&many[i], ttimer_fn, (void *)(unsigned long)0, 0);
			set_timer(&many[i], NOW() + SECONDS(100) + i);
		}
		for (i = 0; i < ARRAY_SIZE(many); i++)
			CHECK(timer_is_active(&many[i]), "timer %u of %u not pending", i,
			      (unsigned int)ARRAY_SIZE(many));
		for (i = 0; i < ARRAY_SIZE(many); i++)
			kill_timer(&many[i]);
		CHECK(!timer_is_active(&many[0]), "killed timer still pending");
	}
	printk("selftest: timer: %u timers fired in order, last %ld us after its deadline\n",
	       fired, (long)(ttimers[2].fired_at - ttimers[2].deadline) / 1000);
	test_timer_nomem();
}

/* Faults at registered instructions resume at their fixup, whatever the vector. */
static void test_extable(void)
{
	static const struct {
		const char *what;
		unsigned long addr;
		int rc;
	} cases[] = {
		{ "unmapped (#PF)", 0x1000UL, -EFAULT },
		{ "non-canonical (#GP)", 0x8000000000000000UL, -EFAULT },
		{ "stack guard (#PF)", (unsigned long)cpu0_stack + STACK_GUARD_PAGE * PAGE_SIZE, -EFAULT },
		{ "mapped", (unsigned long)&recurse_limit, 0 },
	};
	unsigned int i;
	uint64_t v;
	int rc;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		v = 0x1234;
		rc = read_u64_safe((const void *)cases[i].addr, &v);
		CHECK(rc == cases[i].rc, "read of %s address: expected %d, got %d", cases[i].what,
		      cases[i].rc, rc);
		if (cases[i].rc)
			CHECK(v == 0, "failed read of %s address left %#lx", cases[i].what,
			      (unsigned long)v);
		else
			CHECK(v == recurse_limit, "read of %s address: expected %#lx, got %#lx",
			      cases[i].what, recurse_limit, (unsigned long)v);
	}
	rc = rdmsr_safe(MSR_EFER, &v);
	CHECK(rc == 0, "rdmsr_safe(EFER): expected 0, got %d", rc);
	CHECK(v & EFER_LME, "EFER.LME clear in long mode (EFER %#lx)", (unsigned long)v);
}

static void test_pagetable(void)
{
	const struct {
		const char *what;
		unsigned long va;
		bool present, writable, exec;
	} cases[] = {
		{ "text", (unsigned long)__text_start, true, false, true },
		{ "rodata", (unsigned long)__rodata_start, true, false, false },
		{ "data", (unsigned long)__data_start, true, true, false },
		{ "guest space 4 MiB", 0x400000UL, false, false, false },
		{ "guest space top", 0xffffffff80000000UL, false, false, false },
		{ "stack guard", (unsigned long)cpu0_stack + STACK_GUARD_PAGE * PAGE_SIZE, false, false, false },
		{ "direct map 1 MiB", DIRECTMAP_VIRT_START + 0x100000UL, true, true, false },
		{ "direct map of the last RAM page", DIRECTMAP_VIRT_START + directmap_end - PAGE_SIZE,
		  true, true, false },
	};
	unsigned int i, level;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t pte = lookup_pte(cases[i].va, &level);
		bool present = pte & _PAGE_PRESENT;

		CHECK(present == cases[i].present, "%s: present expected %d, got %d (pte %#lx)",
		      cases[i].what, cases[i].present, present, (unsigned long)pte);
		if (!present || !cases[i].present)
			continue;
		CHECK(!!(pte & _PAGE_RW) == cases[i].writable, "%s: writable expected %d (pte %#lx)",
		      cases[i].what, cases[i].writable, (unsigned long)pte);
		if (cpu_has_nx)
			CHECK(!(pte & _PAGE_NX) == cases[i].exec, "%s: executable expected %d (pte %#lx)",
			      cases[i].what, cases[i].exec, (unsigned long)pte);
		CHECK(!(pte & _PAGE_USER), "%s: user-accessible (pte %#lx)", cases[i].what,
		      (unsigned long)pte);
	}
}

/* A self-NMI is reported and survived. */
static void test_nmi(void)
{
	unsigned long before = nmi_count;
	uint64_t t0 = rdtsc();

	apic_write(0x310, 0);                        /* ICR high: destination (self shorthand) */
	apic_write(0x300, (1U << 18) | (4U << 8));   /* shorthand self, delivery mode NMI */
	while (nmi_count == before && rdtsc() - t0 < cpu_khz * 1000)
		cpu_relax();
	CHECK(nmi_count == before + 1, "NMI count: expected %lu, got %lu", before + 1, nmi_count);
	do_softirq(); /* the report is deferred to softirq context */
}

/*
 * The IDT's stack set-up: #DB, NMI, #DF and #MC each on an IST stack of
 * their own inside this CPU's stack block, below its guard page; no
 * other vector on one. Then the XSA-260 case itself, as near as a test
 * in the hypervisor gets to it: a data breakpoint fires in ring 0 while
 * RSP holds a non-canonical value (what the MOV SS shadow lets a guest
 * arrange on the SYSCALL entry). Without an IST stack the CPU could not
 * push the #DB frame (#SS, then #DF); with one, the #DB is taken on the
 * #DB stack, dropped, and the code after it resumes.
 */
static unsigned long idt_watched;

static void test_idt(void)
{
	static const struct { unsigned int vec, ist; } gates[] = {
		{ TRAP_debug, IST_DB }, { TRAP_nmi, IST_NMI },
		{ TRAP_double_fault, IST_DF }, { TRAP_machine_check, IST_MCE },
	};
	unsigned long base = ROUNDDOWN((unsigned long)get_cpu_info(), STACK_SIZE);
	unsigned long before = hyp_debug_count, frame, top, scratch;
	unsigned int v, i, ist;

	for (v = 0; v < 256; v++) {
		for (ist = 0, i = 0; i < ARRAY_SIZE(gates); i++)
			if (gates[i].vec == v)
				ist = gates[i].ist;
		CHECK(idt_gate_ist(v) == ist, "vector %u: IST slot expected %u, got %u", v, ist,
		      idt_gate_ist(v));
	}
	for (i = 1; i <= NR_IST; i++) {
		top = tss_ist_top(i);
		CHECK(top == base + i * IST_STACK_SIZE, "IST %u: top expected %#lx, got %#lx", i,
		      base + i * IST_STACK_SIZE, top);
		CHECK(top <= base + STACK_GUARD_PAGE * PAGE_SIZE,
		      "IST %u: top %#lx above the guard page", i, top);
	}

	/* A write watchpoint (DR7: L0, RW=01, LEN=8 bytes) on idt_watched. */
	write_debugreg(0, (unsigned long)&idt_watched);
	write_debugreg(7, 0x400 | 1 | (1UL << 16) | (2UL << 18));
	__asm__ __volatile__("cli\n"
			     "mov %%rsp, %0\n"
			     "movabs $0x8000000000001000, %%rsp\n"
			     "movq $1, %1\n"
			     "mov %0, %%rsp\n"
			     "sti"
			     : "=&r"(scratch), "=m"(idt_watched)
			     :
			     : "memory");
	write_debugreg(7, 0x400);
	write_debugreg(0, 0);
	CHECK(hyp_debug_count == before + 1, "#DB with a non-canonical RSP: count expected %lu, got %lu",
	      before + 1, hyp_debug_count);
	frame = this_cpu(last_hyp_debug_frame);
	top = base + IST_DB * IST_STACK_SIZE;
	CHECK(frame >= top - IST_STACK_SIZE && frame < top,
	      "#DB frame at %#lx, expected on the #DB stack %#lx-%#lx", frame, top - IST_STACK_SIZE, top);
	do_softirq(); /* the report is deferred to softirq context */
}

/* Crashing tests. */
static void crash_ud(void) { __asm__ __volatile__("ud2"); }
static void crash_bp(void) { __asm__ __volatile__("int3"); }
static void crash_pf(void) { (void)*(volatile unsigned long *)0x1000; }
static void crash_gp(void) { (void)*(volatile unsigned long *)0x8000000000000000UL; }

static void crash_de(void)
{
	unsigned long zero = 0, q;

	__asm__ __volatile__("xor %%edx, %%edx; div %2" : "=a"(q) : "a"(1UL), "r"(zero) : "rdx");
	(void)q;
}


static unsigned long __attribute__((noinline)) recurse(unsigned long n)
{
	volatile char pad[512];

	pad[0] = (char)n;
	if (n >= recurse_limit)
		return n;
	return recurse(n + 1) + pad[0];
}

/* Run into the stack guard page: the #PF cannot be delivered, so #DF on its IST stack. */
static void crash_df(void) { recurse(0); }

static void end_reboot(void) { machine_restart(); }
static void end_poweroff(void) { machine_power_off(EXIT_STATUS_POWEROFF); }

enum kind { CHECKING, CRASHING };

static const struct {
	const char *name;
	enum kind kind;
	void (*fn)(void);
} tests[] = {
	{ "alloc", CHECKING, test_alloc },
	{ "xmalloc", CHECKING, test_xmalloc },
	{ "timer", CHECKING, test_timer },
	{ "extable", CHECKING, test_extable },
	{ "pagetable", CHECKING, test_pagetable },
	{ "nmi", CHECKING, test_nmi },
	{ "idt", CHECKING, test_idt },
	{ "ud", CRASHING, crash_ud },
	{ "bp", CRASHING, crash_bp },
	{ "pf", CRASHING, crash_pf },
	{ "gp", CRASHING, crash_gp },
	{ "de", CRASHING, crash_de },
	{ "df", CRASHING, crash_df },
	{ "reboot", CRASHING, end_reboot },
	{ "poweroff", CRASHING, end_poweroff },
};

static size_t item_len(const char *p)
{
	const char *comma = strchr(p, ',');

	return comma ? (size_t)(comma - p) : strlen(p);
}

static int find_test(const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tests); i++)
		if (strlen(tests[i].name) == len && !strncmp(tests[i].name, name, len))
			return i;
	return -ENOENT;
}

/* Run the tests named by selftest=; returns only when none were named. */
void selftest_run(void)
{
	const char *p;
	int crash = -1, idx;
	unsigned int pass;
	bool error = false;

	if (!opt_selftest[0])
		return;
	/* Pass 0 validates every name and remembers the crashing test; pass 1 runs. */
	for (pass = 0; pass < 2; pass++) {
		for (p = opt_selftest; *p;) {
			size_t len = item_len(p);

			idx = find_test(p, len);
			if (pass == 0 && idx < 0) {
				printk("selftest: unknown test \"%.*s\"\n", (int)len, p);
				error = true;
			} else if (pass == 0 && tests[idx].kind == CRASHING) {
				crash = idx;
			} else if (pass == 1 && idx >= 0 && tests[idx].kind == CHECKING) {
				unsigned int before = failures;

				printk("selftest: %s: running\n", tests[idx].name);
				tests[idx].fn();
				printk("selftest: %s: %s\n", tests[idx].name,
				       failures == before ? "PASS" : "FAIL");
			}
			p += len + (p[len] == ',');
		}
		if (error)
			break;
	}
	if (!error && crash >= 0) {
		printk("selftest: %s: raising it now; expect a dump and a halt\n", tests[crash].name);
		tests[crash].fn();
		printk("Fail: selftest %s returned\n", tests[crash].name);
		failures++;
	}
	printk("Test result: %s\n", error ? "ERROR" : failures ? "FAILURE" : "SUCCESS");
	machine_power_off(failures || error ? EXIT_STATUS_FAILURE : EXIT_STATUS_SUCCESS);
}
