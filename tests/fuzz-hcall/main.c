// SPDX-License-Identifier: GPL-2.0-only
/*
 * A hypercall fuzzer (issue 21): dom0 makes random hypercalls and the
 * hypervisor must stay up. Run on xen-like only (tests/pv-xenlike-only.list;
 * `make fuzz` for long runs, docs/security.md).
 *
 * Command line: seed=S (default 1), n=N iterations (default 1500),
 * start=I first iteration (default 0), quiet=1 (no line per call).
 *
 * Iteration i draws everything from its own generator, seeded from
 * (S, i) alone: the hypercall, its five arguments and the contents of
 * the scratch pages its pointers lead to. The line "fuzz S/i: ..." is
 * printed before the call goes in, so the last such line in the log of a
 * run that died names the call; `seed=S start=0 n=i+1` replays the run up
 * to it, `seed=S start=i n=1` that call alone.
 *
 * Arguments come from a pool of interesting values: 0, -1 and other
 * edges, small numbers (sub-ops, ports, counts), addresses in the
 * hypervisor's range, non-canonical addresses, domain ids (self, others
 * that do not exist, DOMID_XEN/IO/INVALID), this kernel's scratch pages
 * (their virtual addresses, PFNs, MFNs and machine addresses) and plain
 * random numbers. The scratch pages are filled the same way before each
 * call, so the structures hypercalls read are fuzzed too.
 *
 * A hypercall told to write statuses into guest memory does so, as far
 * as its count reaches: pointed at this kernel's own image, it would
 * overwrite the fuzzer. So the scratch pages are spare frames mapped in
 * the framework's window (L4 slot 1) with an unmapped page after each,
 * and the builder's mapping below the image (VA 0-1 MiB, where small
 * numbers point) is removed first: a write that runs off a scratch page
 * or lands on a small address faults (-EFAULT) instead.
 *
 * One iteration in ten is a multicall of up to 8 entries drawn the same
 * way, in a page no argument points to; multicall is not fuzzed with
 * random lists, whose entries could be anything below.
 *
 * Left out, because they would stop the fuzzer rather than test the
 * hypervisor: domctl and sysctl (being rewritten), iret, set_trap_table, set_callbacks,
 * callback_op, set_segment_base and fpu_taskswitch (the framework's own
 * state), sched_op other than yield (shutdown, block, poll, the
 * watchdog), VCPUOP_down, VCPUOP_register_vcpu_info and VCPUOP_send_nmi.
 * Numbers without a handler must answer -ENOSYS (checked). Mapping
 * hypercalls may unmap a scratch page: it is mapped back after each
 * such call, and a page that cannot be is no longer written.
 */
#include <public/errno.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/xen.h>
#include <framework.h>
#include <mm.h>
#include <multidom.h>

const char test_title[] = "Hypercall fuzzer: random hypercalls from a seed, the hypervisor must stay up";

#define SCRATCH_PAGES 4
#define SCRATCH_FILL 256 /* bytes of each scratch page refilled per call */

#define LOW_END 0x100000UL /* the builder's mapping below the image, removed */

static uint8_t *scratch[SCRATCH_PAGES]; /* window pages 0, 2, 4, 6 */
#define MC_MAX 8
#define MC_WINDOW_PAGE 8
static struct multicall_entry *mc; /* window page 8: never an argument */
static uint64_t scratch_mfn[SCRATCH_PAGES], scratch_pfn[SCRATCH_PAGES];
static bool scratch_live[SCRATCH_PAGES];
static volatile unsigned long db_count;

/* splitmix64: a small generator whose state is one word. */
static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15UL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
	return z ^ (z >> 31);
}

static uint64_t iteration_state(uint64_t seed, uint64_t i)
{
	uint64_t s = seed ^ 0x6a09e667f3bcc909UL, t;

	t = rnd(&s);
	s = t ^ (i * 0xd1b54a32d192ed03UL);
	rnd(&s);
	return s;
}

static const uint64_t fixed_values[] = {
	0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 511, 512, 1023, 1024,
	4095, 4096, 4097, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
	0x100000000, 0x7fffffffffffffff, 0x8000000000000000, ~0UL, ~0UL - 1, ~0UL << 12,
	/* domain ids: self, IO, XEN, COW, INVALID, IDLE, others */
	DOMID_SELF, DOMID_IO, DOMID_XEN, DOMID_COW, DOMID_INVALID, DOMID_IDLE, 0x7fef, 0xffff,
	/* the hypervisor's range and around it */
	0xffff800000000000, 0xffff800000001000, 0xffff82d080000000, 0xffff82d0c0000000,
	0xffff830000000000, 0xffff87fffffffff8, 0xffff880000000000, 0xffff7ffffffff000,
	/* non-canonical and the top of the lower half */
	0x0000800000000000, 0x0000800000000000 - 8, 0x00007ffffffff000, 0xdead000000000000,
	0x8000000000001000,
};

/* One argument: a fixed value, a scratch-derived one, a small number or random bits. */
static uint64_t pick(uint64_t *s)
{
	uint64_t r = rnd(s), page = (r >> 8) % SCRATCH_PAGES;

	switch (r % 8) {
	case 0: case 1: case 2:
		return fixed_values[(r >> 16) % ARRAY_SIZE(fixed_values)];
	case 3:
		return (uintptr_t)scratch[page] + ((r >> 16) % (PAGE_SIZE / 8)) * 8;
	case 4:
		switch ((r >> 16) % 3) {
		case 0: return scratch_mfn[page];
		case 1: return scratch_pfn[page];
		default: return (scratch_mfn[page] << PAGE_SHIFT) + ((r >> 20) % 512) * 8;
		}
	case 5: case 6:
		return (r >> 16) % 40;
	default:
		return rnd(s);
	}
}

static bool sched_ok(const uint64_t *a)
{
	return (int)a[0] == SCHEDOP_yield;
}

static bool vcpu_ok(const uint64_t *a)
{
	int cmd = (int)a[0];

	return cmd != VCPUOP_down && cmd != VCPUOP_register_vcpu_info && cmd != VCPUOP_send_nmi;
}

struct fuzz_call {
	unsigned int nr;
	bool remaps;                      /* may change this kernel's mappings */
	bool (*allowed)(const uint64_t *); /* NULL: any arguments */
};

static const struct fuzz_call calls[] = {
	{ __HYPERVISOR_mmu_update, true, NULL },
	{ __HYPERVISOR_set_gdt, false, NULL },
	{ __HYPERVISOR_stack_switch, false, NULL },
	{ __HYPERVISOR_platform_op, false, NULL },
	{ __HYPERVISOR_set_debugreg, false, NULL },
	{ __HYPERVISOR_get_debugreg, false, NULL },
	{ __HYPERVISOR_update_descriptor, false, NULL },
	{ __HYPERVISOR_memory_op, true, NULL },
	{ __HYPERVISOR_update_va_mapping, true, NULL },
	{ __HYPERVISOR_set_timer_op, false, NULL },
	{ __HYPERVISOR_xen_version, false, NULL },
	{ __HYPERVISOR_console_io, false, NULL },
	{ __HYPERVISOR_grant_table_op, true, NULL },
	{ __HYPERVISOR_vm_assist, false, NULL },
	{ __HYPERVISOR_update_va_mapping_otherdomain, true, NULL },
	{ __HYPERVISOR_vcpu_op, false, vcpu_ok },
	{ __HYPERVISOR_mmuext_op, true, NULL },
	{ __HYPERVISOR_nmi_op, false, NULL },
	{ __HYPERVISOR_sched_op, false, sched_ok },
	{ __HYPERVISOR_event_channel_op, false, NULL },
	{ __HYPERVISOR_physdev_op, false, NULL },
	{ __HYPERVISOR_xenpmu_op, false, NULL },
};

/* Numbers with no handler (reserved, retired, or beyond the table): -ENOSYS. */
static const uint64_t no_handler[] = {
	6, 11, 16, 19, 27, 31, 34, 37, 38, 39, 41, 42, 43, 47, 48, 55, 56, 63, 64, 127, 128,
	1000, 0xffffffff, 0x100000000, ~0UL,
};

static void fill_scratch(uint64_t *s)
{
	unsigned int p, k;

	for (p = 0; p < SCRATCH_PAGES; p++)
		for (k = 0; scratch_live[p] && k < SCRATCH_FILL / 8; k++)
			if (mm_write64((uint64_t *)scratch[p] + k, pick(s)))
				scratch_live[p] = false;
}

/* Map every live scratch page back where it was, read-write. */
static void restore_scratch(void)
{
	unsigned int p;

	for (p = 0; p < SCRATCH_PAGES; p++)
		if (scratch_live[p] && mm_window_map(2 * p, PTE(scratch_mfn[p], PTE_RW | _PAGE_USER)))
			scratch_live[p] = false;
}

static int on_db(struct cpu_regs *regs __attribute__((unused)))
{
	db_count++;
	return 1;
}

struct fuzz_stats {
	unsigned long calls, ok, failed, enosys;
};

/*
 * One call: a handler from the fuzz set (NULL in *@c for a number with
 * none) and its arguments. False if the draw is one left out.
 */
static bool draw_call(uint64_t *s, uint64_t *nr, uint64_t a[5], const struct fuzz_call **c)
{
	unsigned int k;

	*c = NULL;
	if (rnd(s) % 16 == 0) {
		*nr = no_handler[rnd(s) % ARRAY_SIZE(no_handler)];
	} else {
		*c = &calls[rnd(s) % ARRAY_SIZE(calls)];
		*nr = (*c)->nr;
	}
	for (k = 0; k < 5; k++)
		a[k] = pick(s);
	if (rnd(s) % 4)
		a[0] = rnd(s) % 24; /* mostly a real sub-op */
	return !*c || !(*c)->allowed || (*c)->allowed(a);
}

static void count(struct fuzz_stats *st, long rc)
{
	st->calls++;
	if (rc >= 0)
		st->ok++;
	else if (rc == -XEN_ENOSYS)
		st->enosys++;
	else
		st->failed++;
}

static bool check_enosys(uint64_t seed, uint64_t i, uint64_t nr, long rc)
{
	if (rc == -XEN_ENOSYS)
		return true;
	xtf_failure("fuzz %lu/%lu: hypercall %#lx has no handler: expected -ENOSYS, got %ld",
		    (unsigned long)seed, (unsigned long)i, (unsigned long)nr, rc);
	return false;
}

/*
 * A multicall of up to MC_MAX entries drawn like single calls, in the
 * page no argument points to (so no entry rewrites a later one). Each
 * entry is printed before the batch goes in.
 */
static bool fuzz_multicall(uint64_t seed, uint64_t i, uint64_t *s, bool quiet,
			   struct fuzz_stats *st)
{
	const struct fuzz_call *c[MC_MAX];
	unsigned int n = 1 + rnd(s) % MC_MAX, k, j;
	bool remaps = false, ok = true;
	long rc;

	for (k = 0; k < n; k++) {
		uint64_t a[5], nr;

		while (!draw_call(s, &nr, a, &c[k]))
			;
		mc[k].op = nr;
		mc[k].result = 0;
		for (j = 0; j < 5; j++)
			mc[k].args[j] = a[j];
		mc[k].args[5] = 0;
		remaps |= c[k] && c[k]->remaps;
		if (!quiet)
			printk("fuzz %lu/%lu: multicall entry %u: hypercall %lu (%#lx, %#lx, %#lx, %#lx, %#lx)\n",
			       (unsigned long)seed, (unsigned long)i, k, (unsigned long)nr,
			       (unsigned long)a[0], (unsigned long)a[1], (unsigned long)a[2],
			       (unsigned long)a[3], (unsigned long)a[4]);
	}
	rc = HYPERVISOR_multicall(mc, n);
	count(st, rc);
	if (remaps)
		restore_scratch();
	if (rc) {
		xtf_failure("fuzz %lu/%lu: multicall of %u entries: expected 0, got %ld",
			    (unsigned long)seed, (unsigned long)i, n, rc);
		return false;
	}
	for (k = 0; k < n; k++) {
		count(st, (long)mc[k].result);
		if (!c[k])
			ok &= check_enosys(seed, i, mc[k].op, (long)mc[k].result);
	}
	return ok;
}

/* Iteration @i of @seed: draw, print, call. False if a check failed. */
static bool fuzz_one(uint64_t seed, uint64_t i, bool quiet, struct fuzz_stats *st)
{
	uint64_t s = iteration_state(seed, i), a[5], nr;
	const struct fuzz_call *c;
	long rc;

	fill_scratch(&s);
	if (rnd(&s) % 10 == 0)
		return fuzz_multicall(seed, i, &s, quiet, st);
	if (!draw_call(&s, &nr, a, &c))
		return true;
	if (!quiet)
		printk("fuzz %lu/%lu: hypercall %lu (%#lx, %#lx, %#lx, %#lx, %#lx)\n",
		       (unsigned long)seed, (unsigned long)i, (unsigned long)nr, (unsigned long)a[0],
		       (unsigned long)a[1], (unsigned long)a[2], (unsigned long)a[3],
		       (unsigned long)a[4]);
	rc = hypercall_syscall(nr, a[0], a[1], a[2], a[3], a[4]);
	count(st, rc);
	if (c && c->remaps)
		restore_scratch();
	return c || check_enosys(seed, i, nr, rc);
}

void test_main(void)
{
	uint64_t seed = md_cmdline_ulong("seed", 1), n = md_cmdline_ulong("n", 1500);
	uint64_t start = md_cmdline_ulong("start", 0), i;
	bool quiet = md_cmdline_ulong("quiet", 0) != 0;
	struct fuzz_stats st = { 0 };
	unsigned int p;
	long version = HYPERVISOR_xen_version(0, NULL);

	uint64_t va, mc_pfn;

	if (!mm_setup())
		return;
	for (p = 0; p < SCRATCH_PAGES; p++) {
		scratch_pfn[p] = mm_alloc_pfn();
		if (scratch_pfn[p] == MM_NO_FRAME) {
			xtf_error("no spare frame for scratch page %u", p);
			return;
		}
		scratch_mfn[p] = pfn_to_mfn(scratch_pfn[p]);
		scratch[p] = (uint8_t *)mm_window_va(2 * p);
		scratch_live[p] = true;
	}
	restore_scratch();
	mc_pfn = mm_alloc_pfn();
	if (mc_pfn == MM_NO_FRAME ||
	    mm_window_map(MC_WINDOW_PAGE, PTE(pfn_to_mfn(mc_pfn), PTE_RW | _PAGE_USER))) {
		xtf_error("no page for the multicall list");
		return;
	}
	mc = (struct multicall_entry *)mm_window_va(MC_WINDOW_PAGE);
	for (va = 0; va < LOW_END; va += PAGE_SIZE)
		HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG);
	trap_hooks[X86_EXC_DB] = on_db; /* set_debugreg may arm watchpoints on the scratch pages */
	printk("fuzz: seed %lu, iterations %lu-%lu\n", (unsigned long)seed, (unsigned long)start,
	       (unsigned long)(start + n - 1));
	for (i = start; i < start + n; i++)
		if (!fuzz_one(seed, i, quiet, &st))
			break;
	for (p = 0; p < 8; p++)
		if (p != 4 && p != 5)
			HYPERVISOR_set_debugreg(p, p == 6 ? 0xffff0ff0 : p == 7 ? 0x400 : 0);
	trap_hooks[X86_EXC_DB] = NULL;
	printk("fuzz: seed %lu: %lu calls: %lu succeeded, %lu refused, %lu -ENOSYS; %lu #DB in the guest\n",
	       (unsigned long)seed, st.calls, st.ok, st.failed, st.enosys, db_count);
	check_long("xen_version after the run (the hypervisor is up)", version,
		   HYPERVISOR_xen_version(0, NULL));
	xtf_success(NULL);
}
