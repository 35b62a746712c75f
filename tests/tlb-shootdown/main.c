// SPDX-License-Identifier: GPL-2.0-only
/*
 * Remote TLB flushes between two vCPUs running at once (dom0_max_vcpus=2
 * on two pCPUs). Behaviour under test (the same on Xen 4.17): vCPU A
 * maps a page at a window address; vCPU B reads it in a tight loop (so
 * its TLB holds the translation; QEMU's TCG keeps a stale one until the
 * CPU flushes it, as hardware may); A checks that B is running right
 * now (its read count moves while A watches, its runstate is running),
 * removes the mapping and flushes B's TLB by one of the forms guests
 * use, then tells B; B's next read must raise #PF (not present, read,
 * kernel mode; CR2 the address), caught by B's own trap table with a
 * fixup. The forms:
 *   update_va_mapping(va, 0, UVMF_INVLPG | UVMF_ALL)
 *   update_va_mapping(va, 0, UVMF_TLB_FLUSH | UVMF_ALL)
 *   update_va_mapping(va, 0, UVMF_INVLPG | UVMF_MULTI) with mask {B}
 *   update_va_mapping(va, 0, UVMF_TLB_FLUSH | UVMF_MULTI) with mask {B}
 *   mmu_update(pte = 0), then mmuext_op MMUEXT_INVLPG_MULTI {B},
 *   MMUEXT_TLB_FLUSH_MULTI {B}, MMUEXT_INVLPG_ALL or MMUEXT_TLB_FLUSH_ALL
 * each with A = vCPU 0, B = vCPU 1 and the other way round. A control
 * case flushes only A's TLB (MMUEXT_INVLPG_LOCAL): whether B still
 * reads the old page then is printed, not judged (it shows the check is
 * sensitive on this machine), and a full flush follows.
 */
#include <cpus.h>
#include <mm.h>
#include <public/errno.h>

const char test_title[] = "Remote TLB flushes: a vCPU reading a page faults once it is unmapped";

#define WIN_PAGE 100 /* the window page A maps and unmaps */
#define MAGIC 0x7e57c0de5eed0001UL
#define WAIT (10 * NS_PER_S) /* generous: QEMU on a loaded host is slow */

enum form {
	UVM_INVLPG_ALL,
	UVM_FLUSH_ALL,
	UVM_INVLPG_MULTI,
	UVM_FLUSH_MULTI,
	EXT_INVLPG_MULTI,
	EXT_FLUSH_MULTI,
	EXT_INVLPG_ALL,
	EXT_FLUSH_ALL,
	LOCAL_ONLY, /* the control case */
};

static const char *const form_names[] = {
	[UVM_INVLPG_ALL] = "update_va_mapping UVMF_INVLPG|UVMF_ALL",
	[UVM_FLUSH_ALL] = "update_va_mapping UVMF_TLB_FLUSH|UVMF_ALL",
	[UVM_INVLPG_MULTI] = "update_va_mapping UVMF_INVLPG|UVMF_MULTI {B}",
	[UVM_FLUSH_MULTI] = "update_va_mapping UVMF_TLB_FLUSH|UVMF_MULTI {B}",
	[EXT_INVLPG_MULTI] = "mmu_update + MMUEXT_INVLPG_MULTI {B}",
	[EXT_FLUSH_MULTI] = "mmu_update + MMUEXT_TLB_FLUSH_MULTI {B}",
	[EXT_INVLPG_ALL] = "mmu_update + MMUEXT_INVLPG_ALL",
	[EXT_FLUSH_ALL] = "mmu_update + MMUEXT_TLB_FLUSH_ALL",
	[LOCAL_ONLY] = "mmu_update + MMUEXT_INVLPG_LOCAL (control)",
};

enum { B_IDLE, B_READ, B_CHECK };

/* One case, shared by both roles. */
static struct {
	enum form form;
	unsigned int a, b;
	uint64_t mfn;
	volatile int cmd;		/* A -> B */
	volatile unsigned long reads;	/* B: good reads of MAGIC */
	volatile unsigned long bad;	/* B: reads of another value */
	volatile unsigned long early;	/* B: faults before B_CHECK */
	volatile int done;		/* B -> A: final read made */
	exinfo_t final;			/* B: the final read's outcome */
	uint64_t final_cr2;
	/* A's findings */
	long map_rc, unmap_rc, flush_rc;
	bool b_running, b_moving, b_warm;
} tc;

static unsigned long vcpumask; /* xen_ulong_t bitmap for the _MULTI forms */

static uint64_t va(void)
{
	return (uint64_t)(uintptr_t)mm_window_va(WIN_PAGE);
}

static long flush_remote(enum form f)
{
	mmuext_op_t op = {.arg1.linear_addr = va()};

	op.arg2.vcpumask.p = (uint64_t)(uintptr_t)&vcpumask;
	switch (f) {
	case UVM_INVLPG_ALL:
		return HYPERVISOR_update_va_mapping(va(), 0, UVMF_INVLPG | UVMF_ALL);
	case UVM_FLUSH_ALL:
		return HYPERVISOR_update_va_mapping(va(), 0, UVMF_TLB_FLUSH | UVMF_ALL);
	case UVM_INVLPG_MULTI:
		return HYPERVISOR_update_va_mapping(va(), 0,
						    (uintptr_t)&vcpumask | UVMF_INVLPG | UVMF_MULTI);
	case UVM_FLUSH_MULTI:
		return HYPERVISOR_update_va_mapping(
			va(), 0, (uintptr_t)&vcpumask | UVMF_TLB_FLUSH | UVMF_MULTI);
	case EXT_INVLPG_MULTI:
		op.cmd = MMUEXT_INVLPG_MULTI;
		break;
	case EXT_FLUSH_MULTI:
		op.cmd = MMUEXT_TLB_FLUSH_MULTI;
		break;
	case EXT_INVLPG_ALL:
		op.cmd = MMUEXT_INVLPG_ALL;
		break;
	case EXT_FLUSH_ALL:
		op.cmd = MMUEXT_TLB_FLUSH_ALL;
		break;
	case LOCAL_ONLY:
		op.cmd = MMUEXT_INVLPG_LOCAL;
		break;
	}
	/* The mmuext forms: clear the PTE first (mmu_update never flushes). */
	tc.unmap_rc = mmu_update1(mm_window_pte_maddr(WIN_PAGE), MMU_NORMAL_PT_UPDATE, 0);
	if (tc.unmap_rc)
		return tc.unmap_rc;
	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

static bool wait_until(volatile unsigned long *v, unsigned long above, uint64_t deadline)
{
	while (*v <= above)
		if (pvclock_read() > deadline)
			return false;
	return true;
}

static void role_a(void)
{
	struct vcpu_runstate_info rs;
	uint64_t deadline = cpus_deadline(WAIT);
	unsigned long r;

	tc.map_rc = mm_window_map(WIN_PAGE, PTE(tc.mfn, PTE_RW));
	if (tc.map_rc) {
		tc.cmd = B_CHECK;
		return;
	}
	vcpumask = 1UL << tc.b;
	tc.cmd = B_READ;
	/* B has read the page many times: its TLB holds the translation. */
	tc.b_warm = wait_until(&tc.reads, 10000, deadline);
	/*
	 * B is on a pCPU now: its count moves while A spins without a
	 * hypercall. (Not within a fixed time: QEMU's vCPU threads share
	 * the host's CPUs with everything else.)
	 */
	r = tc.reads;
	tc.b_moving = wait_until(&tc.reads, r, pvclock_read() + NS_PER_S);
	tc.b_running = vcpu_runstate(tc.b, &rs) == 0 && rs.state == RUNSTATE_running;
	tc.flush_rc = flush_remote(tc.form);
	tc.cmd = B_CHECK;
	while (!tc.done && pvclock_read() < deadline)
		cpu_relax();
}

static void role_b(void)
{
	uint64_t v = 0;

	while (tc.cmd == B_IDLE)
		cpu_relax();
	while (tc.cmd == B_READ) {
		if (mm_read64(mm_window_va(WIN_PAGE), &v))
			tc.early++;
		else if (v == MAGIC)
			tc.reads++;
		else
			tc.bad++;
	}
	tc.final = mm_read64(mm_window_va(WIN_PAGE), &v);
	tc.final_cr2 = last_trap.cr2;
	tc.done = 1;
}

static void case_work(void *arg)
{
	(void)arg;
	if (smp_processor_id() == tc.a)
		role_a();
	else
		role_b();
}

static void run_case(enum form f, unsigned int a, unsigned int b, uint64_t mfn)
{
	char what[128];
	const char *name = form_names[f];

	memset((void *)&tc, 0, sizeof(tc));
	tc.form = f;
	tc.a = a;
	tc.b = b;
	tc.mfn = mfn;
	if (!cpus_run(2, case_work, NULL, WAIT + NS_PER_S))
		return;

#define CASE_FMT "%s, A = vCPU %u, B = vCPU %u: "
	if (tc.map_rc) {
		xtf_error(CASE_FMT "mapping the page: %ld", name, a, b, tc.map_rc);
		return;
	}
	snprintf(what, sizeof(what), CASE_FMT "flush", name, a, b);
	check_long(what, 0, tc.flush_rc);
	if (!tc.b_warm)
		xtf_failure(CASE_FMT "B: expected 10000 reads of the page, got %lu", name, a, b,
			    tc.reads);
	if (!tc.b_moving)
		xtf_failure(CASE_FMT "B: expected reading while A ran, its count stood still",
			    name, a, b);
	if (!tc.b_running)
		xtf_failure(CASE_FMT "B's runstate when A flushed: expected running", name, a, b);
	if (tc.bad)
		xtf_failure(CASE_FMT "B read another value than the page's %lu times", name, a, b,
			    tc.bad);
	if (!tc.done) {
		xtf_failure(CASE_FMT "B never made its final read", name, a, b);
		return;
	}
	if (f == LOCAL_ONLY) {
		printk("control (%s, A = vCPU %u): B %s\n", name, a,
		       tc.final ? "faulted anyway" : "still read the old mapping (stale TLB)");
		/* Leave no stale translation behind for the next case. */
		mmuext_va(MMUEXT_TLB_FLUSH_ALL, 0);
		return;
	}
	snprintf(what, sizeof(what), CASE_FMT "B's read after the flush", name, a, b);
	if (check_exinfo(what, EXINFO_SYM(PF, 0), tc.final)) {
		snprintf(what, sizeof(what), CASE_FMT "CR2 of B's #PF", name, a, b);
		check_u64(what, va(), tc.final_cr2);
	}
}

void test_main(void)
{
	volatile uint64_t *page;
	unsigned int f;

	if (!cpus_setup(2) || !mm_setup())
		return;
	page = mm_alloc_page();
	if (!page) {
		xtf_error("no padding page left");
		return;
	}
	*page = MAGIC;
	for (f = UVM_INVLPG_ALL; f <= LOCAL_ONLY; f++) {
		run_case(f, 0, 1, virt_to_mfn((const void *)page));
		run_case(f, 1, 0, virt_to_mfn((const void *)page));
	}
	xtf_success(NULL);
}
