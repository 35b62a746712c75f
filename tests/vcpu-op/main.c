// SPDX-License-Identifier: GPL-2.0-only
/*
 * vcpu_op's life-cycle commands on a domain with three vCPUs
 * (dom0_max_vcpus=3). Behaviour under test, with the answers of Xen
 * 4.17's do_vcpu_op, common_vcpu_op and arch_set_info_guest:
 * - VCPUOP_is_up: 1 for vCPU 0, 0 for a vCPU never started, -ENOENT for
 *   an id at or past the domain's count (3, 32, ~0); any command on such
 *   an id is -ENOENT, an unknown command on a real vCPU -ENOSYS;
 * - VCPUOP_up of a vCPU never initialised: -EINVAL (and it stays down);
 *   VCPUOP_down of it: 0 (it was down already);
 * - VCPUOP_initialise: of vCPU 0 (running) -EEXIST; from an unreadable
 *   address -EFAULT; a context with one bad field is -EINVAL and leaves
 *   the vCPU uninitialised: a non-canonical rip, rsp, kernel_sp,
 *   callback, FS/GS base or trap handler, an LDT that is non-canonical,
 *   in the hypervisor's range, misaligned or above 8192 entries, a GDT
 *   of more than 16 frames or past the reserved entries or on a frame
 *   that cannot be a descriptor page, no VGCF_in_kernel without a user
 *   L4, a kernel L4 (ctrlreg[3]) that is not a frame of ours, is mapped
 *   writable, or is an L1, a user L4 (ctrlreg[1]) that is not ours;
 * - what the hypervisor fixes instead of refusing: selectors with RPL
 *   0 run with RPL 3, IOPL in rflags is dropped and the real IF set,
 *   vm_assist is ignored for a vCPU other than 0; the vCPU starts with
 *   every general register from the context, its FS and user GS bases,
 *   CR3, its trap table and event callback;
 * - an initialised vCPU is down until VCPUOP_up; initialise again is
 *   -EEXIST (also while up, also after a down); up of a vCPU that is up
 *   is 0;
 * - VCPUOP_down of a spinning vCPU: is_up is 0 at once, the runstate
 *   becomes offline and its counter stops; VCPUOP_up resumes it where
 *   it was (same invocation, local state intact); vCPU 1 does the same
 *   to vCPU 0.
 * Not covered: VGCF_online (Xen clears the down flag without waking the
 * vCPU) and the last vCPU going down (that powers the domain off).
 */
#include <cpus.h>
#include <mm.h>
#include <public/errno.h>

const char test_title[] = "vcpu_op: is_up, initialise, up, down and their refusals";

#define NCPUS 3
#define NONCANON 0x0000800000000000UL /* first non-canonical address */
#define WAIT (10 * NS_PER_S) /* generous: QEMU on a loaded host is slow */

/* What vCPU 2's first instruction saw (probe.asm). */
struct probe {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp, r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rflags;
	uint16_t cs, ss, ds, es;
	uint32_t pad;
};
extern struct probe probe_regs;
void probe_entry(void);

static struct vcpu_guest_context ctxt;
static uint8_t data_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static long initialise(unsigned int id, const void *arg)
{
	return HYPERVISOR_vcpu_op(VCPUOP_initialise, id, (void *)arg);
}

/* --- ids and commands without a context ------------------------------- */

static void test_ids(void)
{
	check_long("is_up(0)", 1, vcpu_is_up(0));
	check_long("is_up(1), never started", 0, vcpu_is_up(1));
	check_long("is_up(2), never started", 0, vcpu_is_up(2));
	check_long("is_up(3), past the domain's vCPUs", -XEN_ENOENT, vcpu_is_up(3));
	check_long("is_up(32)", -XEN_ENOENT, vcpu_is_up(32));
	check_long("is_up(~0)", -XEN_ENOENT, vcpu_is_up(~0u));
	check_long("up(3)", -XEN_ENOENT, vcpu_up(3));
	check_long("down(3)", -XEN_ENOENT, vcpu_down(3));
	check_long("unknown command 99 on vCPU 1", -XEN_ENOSYS, HYPERVISOR_vcpu_op(99, 1, NULL));
	check_long("unknown command 99 on vCPU 3", -XEN_ENOENT, HYPERVISOR_vcpu_op(99, 3, NULL));

	check_long("up(2) before initialise", -XEN_EINVAL, vcpu_up(2));
	check_long("is_up(2) after the refused up", 0, vcpu_is_up(2));
	check_long("down(2) before initialise", 0, vcpu_down(2));
	check_long("is_up(2) after down", 0, vcpu_is_up(2));

	smp_build_context(&ctxt, 2);
	check_long("initialise(0), running", -XEN_EEXIST, initialise(0, &ctxt));
	check_long("initialise(3), no such vCPU", -XEN_ENOENT, initialise(3, &ctxt));
	check_long("initialise(2) from a non-canonical address", -XEN_EFAULT,
		   initialise(2, (const void *)0x8000000000000000UL));
}

/* --- contexts with one bad field -------------------------------------- */

typedef void (*mutate_t)(struct vcpu_guest_context *c);

static void m_rip(struct vcpu_guest_context *c) { c->user_regs.rip = NONCANON; }
static void m_rsp(struct vcpu_guest_context *c) { c->user_regs.rsp = NONCANON; }
static void m_kernel_sp(struct vcpu_guest_context *c) { c->kernel_sp = NONCANON; }
static void m_event(struct vcpu_guest_context *c) { c->event_callback_eip = NONCANON; }
static void m_failsafe(struct vcpu_guest_context *c) { c->failsafe_callback_eip = NONCANON; }
static void m_syscall(struct vcpu_guest_context *c) { c->syscall_callback_eip = NONCANON; }
static void m_fs_base(struct vcpu_guest_context *c) { c->fs_base = NONCANON; }
static void m_gs_kernel(struct vcpu_guest_context *c) { c->gs_base_kernel = NONCANON; }
static void m_gs_user(struct vcpu_guest_context *c) { c->gs_base_user = NONCANON; }
static void m_trap(struct vcpu_guest_context *c) { c->trap_ctxt[X86_EXC_PF].address = NONCANON; }
static void m_ldt_noncanon(struct vcpu_guest_context *c)
{
	c->ldt_ents = 1;
	c->ldt_base = NONCANON;
}
static void m_ldt_xen(struct vcpu_guest_context *c) { c->ldt_base = HYPERVISOR_VIRT_START; }
static void m_ldt_misaligned(struct vcpu_guest_context *c)
{
	c->ldt_ents = 1;
	c->ldt_base = (uintptr_t)data_page + 8;
}
static void m_ldt_big(struct vcpu_guest_context *c)
{
	c->ldt_ents = 8193;
	c->ldt_base = (uintptr_t)data_page;
}
static void m_gdt_frames(struct vcpu_guest_context *c) { c->gdt_ents = 16 * 512 + 1; }
static void m_gdt_reserved(struct vcpu_guest_context *c)
{
	c->gdt_ents = FIRST_RESERVED_GDT_ENTRY + 1;
}
static void m_gdt_writable(struct vcpu_guest_context *c)
{
	c->gdt_ents = 1;
	c->gdt_frames[0] = virt_to_mfn(data_page);
}
static void m_gdt_foreign(struct vcpu_guest_context *c)
{
	c->gdt_ents = 1;
	c->gdt_frames[0] = MFN_BEYOND_PADDR;
}
static void m_user_mode(struct vcpu_guest_context *c) { c->flags &= ~VGCF_in_kernel; }
static void m_cr3_foreign(struct vcpu_guest_context *c)
{
	c->ctrlreg[3] = xen_pfn_to_cr3(MFN_BEYOND_PADDR);
}
static void m_cr3_writable(struct vcpu_guest_context *c)
{
	c->ctrlreg[3] = xen_pfn_to_cr3(virt_to_mfn(data_page));
}
static void m_cr3_l1(struct vcpu_guest_context *c)
{
	c->ctrlreg[3] = xen_pfn_to_cr3(mm_window_l1_mfn(0));
}
static void m_cr1_foreign(struct vcpu_guest_context *c)
{
	c->ctrlreg[1] = xen_pfn_to_cr3(MFN_BEYOND_PADDR);
}

static const struct {
	const char *what;
	mutate_t mutate;
	long expected;
} bad_contexts[] = {
	{"user_regs.rip non-canonical", m_rip, -XEN_EINVAL},
	{"user_regs.rsp non-canonical", m_rsp, -XEN_EINVAL},
	{"kernel_sp non-canonical", m_kernel_sp, -XEN_EINVAL},
	{"event_callback_eip non-canonical", m_event, -XEN_EINVAL},
	{"failsafe_callback_eip non-canonical", m_failsafe, -XEN_EINVAL},
	{"syscall_callback_eip non-canonical", m_syscall, -XEN_EINVAL},
	{"fs_base non-canonical", m_fs_base, -XEN_EINVAL},
	{"gs_base_kernel non-canonical", m_gs_kernel, -XEN_EINVAL},
	{"gs_base_user non-canonical", m_gs_user, -XEN_EINVAL},
	{"trap_ctxt[#PF].address non-canonical", m_trap, -XEN_EINVAL},
	{"ldt_base non-canonical (1 entry)", m_ldt_noncanon, -XEN_EINVAL},
	{"ldt_base in the hypervisor's range (0 entries)", m_ldt_xen, -XEN_EINVAL},
	{"ldt_base not page-aligned", m_ldt_misaligned, -XEN_EINVAL},
	{"ldt_ents 8193", m_ldt_big, -XEN_EINVAL},
	{"gdt_ents 8193 (17 frames)", m_gdt_frames, -XEN_EINVAL},
	{"gdt_ents past the reserved entries", m_gdt_reserved, -XEN_EINVAL},
	{"gdt_frames[0] mapped writable", m_gdt_writable, -XEN_EINVAL},
	{"gdt_frames[0] not a frame of ours", m_gdt_foreign, -XEN_EINVAL},
	{"no VGCF_in_kernel and no user L4", m_user_mode, -XEN_EINVAL},
	{"ctrlreg[3] not a frame of ours", m_cr3_foreign, -XEN_EINVAL},
	{"ctrlreg[3] a page mapped writable", m_cr3_writable, -XEN_EINVAL},
	{"ctrlreg[3] an L1 page table", m_cr3_l1, -XEN_EINVAL},
	{"ctrlreg[1] not a frame of ours", m_cr1_foreign, -XEN_EINVAL},
};

static void test_bad_contexts(void)
{
	unsigned int i;
	char what[96];

	for (i = 0; i < ARRAY_SIZE(bad_contexts); i++) {
		smp_build_context(&ctxt, 2);
		bad_contexts[i].mutate(&ctxt);
		snprintf(what, sizeof(what), "initialise(2): %s", bad_contexts[i].what);
		check_long(what, bad_contexts[i].expected, smp_initialise(2, &ctxt));
	}
	check_long("is_up(2) after the refused contexts", 0, vcpu_is_up(2));
	check_long("up(2) after the refused contexts (still not initialised)", -XEN_EINVAL,
		   vcpu_up(2));
}

/* --- a context the hypervisor fixes up, and what the vCPU sees -------- */

#define FS_BASE 0x0000123456789000UL
#define GS_USER 0x0000654321000000UL
#define MSR_FS_BASE 0xc0000100
#define MSR_SHADOW_GS_BASE 0xc0000102

static struct {
	uint64_t cr3, fs_base, gs_user;
	unsigned int id;
	struct guest_cpu *cpu;
	exinfo_t ud;
	uint32_t ipi_count;
	long ipi_rc;
	uint8_t upcall_mask;
} seen;

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static void probe_work(void *arg)
{
	evtchn_port_t port;

	(void)arg;
	seen.id = smp_processor_id();
	seen.cpu = this_cpu();
	seen.upcall_mask = evtchn_vcpu_info()->evtchn_upcall_mask;
	asm volatile("mov %%cr3, %0" : "=r"(seen.cr3));
	seen.fs_base = rdmsr(MSR_FS_BASE);
	seen.gs_user = rdmsr(MSR_SHADOW_GS_BASE);
	/* The trap table came with the context. */
	asm volatile("1: ud2; 2:" _ASM_EXTABLE(1b, 2b) : "+a"(seen.ud) : : "memory");
	/* So did the event callback: an IPI to ourselves, delivered by an upcall. */
	seen.ipi_rc = evtchn_bind_ipi(seen.id, &port);
	if (!seen.ipi_rc) {
		events_enable();
		seen.ipi_rc = evtchn_send(port);
		seen.ipi_count = evtchn_count[port];
		events_disable();
		evtchn_close(port);
	}
}

static void test_fixed_up_context(void)
{
	const uint64_t l4_cr3 =
		xen_pfn_to_cr3(virt_to_mfn((const void *)(uintptr_t)start_info->pt_base));
	struct guest_cpu *c2 = smp_cpu(2);
	long rc;

	smp_build_context(&ctxt, 2);
	ctxt.user_regs.rip = (uintptr_t)probe_entry;
	ctxt.user_regs.cs = FLAT_KERNEL_CS & ~3;
	ctxt.user_regs.ss = FLAT_KERNEL_SS & ~3;
	ctxt.kernel_ss = FLAT_KERNEL_SS & ~3;
	ctxt.user_regs.rflags = 0x3002; /* IOPL 3, IF clear */
	ctxt.vm_assist = ~0UL;		/* only vCPU 0's is looked at */
	ctxt.fs_base = FS_BASE;
	ctxt.gs_base_user = GS_USER;
	ctxt.user_regs.rax = 0x1111111111111111UL;
	ctxt.user_regs.rbx = 0x2222222222222222UL;
	ctxt.user_regs.rcx = 0x3333333333333333UL;
	ctxt.user_regs.rdx = 0x4444444444444444UL;
	ctxt.user_regs.rsi = 0x5555555555555555UL;
	ctxt.user_regs.rbp = 0x6666666666666666UL;
	ctxt.user_regs.r8 = 0x8888888888888888UL;
	ctxt.user_regs.r9 = 0x9999999999999999UL;
	ctxt.user_regs.r10 = 0xaaaaaaaaaaaaaaaaUL;
	ctxt.user_regs.r11 = 0xbbbbbbbbbbbbbbbbUL;
	ctxt.user_regs.r12 = 0xccccccccccccccccUL;
	ctxt.user_regs.r13 = 0xddddddddddddddddUL;
	ctxt.user_regs.r14 = 0xeeeeeeeeeeeeeeeeUL;
	ctxt.user_regs.r15 = 0xffffffffffffffffUL;

	rc = smp_initialise(2, &ctxt);
	if (!check_long("initialise(2): RPL 0 selectors, IOPL 3, vm_assist ~0", 0, rc))
		return;
	check_long("is_up(2) after initialise (not online yet)", 0, vcpu_is_up(2));
	check_long("initialise(2) again", -XEN_EEXIST, smp_initialise(2, &ctxt));
	if (!check_long("smp_call(2): up", 0, smp_call(2, probe_work, NULL)))
		return;
	if (!smp_wait(2, cpus_deadline(WAIT))) {
		xtf_failure("vCPU 2: expected its first work item to end within 10 s, still running");
		return;
	}

	check_u64("vCPU 2 rax", ctxt.user_regs.rax, probe_regs.rax);
	check_u64("vCPU 2 rbx", ctxt.user_regs.rbx, probe_regs.rbx);
	check_u64("vCPU 2 rcx", ctxt.user_regs.rcx, probe_regs.rcx);
	check_u64("vCPU 2 rdx", ctxt.user_regs.rdx, probe_regs.rdx);
	check_u64("vCPU 2 rsi", ctxt.user_regs.rsi, probe_regs.rsi);
	check_u64("vCPU 2 rdi", (uintptr_t)c2, probe_regs.rdi);
	check_u64("vCPU 2 rbp", ctxt.user_regs.rbp, probe_regs.rbp);
	check_u64("vCPU 2 rsp", (uintptr_t)c2->stack_top, probe_regs.rsp);
	check_u64("vCPU 2 r8", ctxt.user_regs.r8, probe_regs.r8);
	check_u64("vCPU 2 r9", ctxt.user_regs.r9, probe_regs.r9);
	check_u64("vCPU 2 r10", ctxt.user_regs.r10, probe_regs.r10);
	check_u64("vCPU 2 r11", ctxt.user_regs.r11, probe_regs.r11);
	check_u64("vCPU 2 r12", ctxt.user_regs.r12, probe_regs.r12);
	check_u64("vCPU 2 r13", ctxt.user_regs.r13, probe_regs.r13);
	check_u64("vCPU 2 r14", ctxt.user_regs.r14, probe_regs.r14);
	check_u64("vCPU 2 r15", ctxt.user_regs.r15, probe_regs.r15);
	check_u64("vCPU 2 cs (RPL 0 given)", FLAT_KERNEL_CS, probe_regs.cs);
	check_u64("vCPU 2 ss (RPL 0 given)", FLAT_KERNEL_SS, probe_regs.ss);
	check_u64("vCPU 2 rflags.IF (real, forced on)", X86_EFLAGS_IF,
		  probe_regs.rflags & X86_EFLAGS_IF);
	check_u64("vCPU 2 rflags.IOPL (virtualised away)", 0, probe_regs.rflags & 0x3000);

	check_long("vCPU 2 smp_processor_id() (gs_base_kernel)", 2, seen.id);
	check_u64("vCPU 2 this_cpu()", (uintptr_t)c2, (uintptr_t)seen.cpu);
	check_long("vCPU 2 starts with upcalls masked", 1, seen.upcall_mask);
	check_u64("vCPU 2 cr3 (ctrlreg[3])", l4_cr3, seen.cr3);
	check_u64("vCPU 2 FS base (fs_base)", FS_BASE, seen.fs_base);
	check_u64("vCPU 2 user GS base (gs_base_user)", GS_USER, seen.gs_user);
	check_exinfo("vCPU 2 ud2 through the context's trap table", EXINFO_SYM(UD, 0), seen.ud);
	check_long("vCPU 2 IPI to itself: bind and send", 0, seen.ipi_rc);
	check_long("vCPU 2 IPI to itself: upcalls through event_callback_eip", 1, seen.ipi_count);
}

/* --- down and up of a spinning vCPU ----------------------------------- */

static volatile unsigned long spin_count, spin_entries, spin_lost;
static volatile int spin_stop;

/* Counts in a register; a restart or lost state shows as entries > 1 or a mismatch. */
static void spinner(void *arg)
{
	volatile uint64_t canary = 0x5a5a1234c0ffee00UL;
	unsigned long n = 0;

	(void)arg;
	atomic_inc(&spin_entries);
	while (!spin_stop) {
		if (spin_count != n || canary != 0x5a5a1234c0ffee00UL)
			spin_lost++;
		spin_count = ++n;
	}
}

/* Wait until vCPU @id's runstate is @state; false after WAIT. */
static bool wait_runstate(unsigned int id, int state)
{
	uint64_t deadline = cpus_deadline(WAIT);
	struct vcpu_runstate_info rs;

	do {
		if (vcpu_runstate(id, &rs) == 0 && rs.state == state)
			return true;
		smp_relax();
	} while (pvclock_read() < deadline);
	return false;
}

/* Wait until *count moves past @from; false after WAIT. */
static bool wait_moving(volatile unsigned long *count, unsigned long from)
{
	uint64_t deadline = cpus_deadline(WAIT);

	while (*count <= from) {
		if (pvclock_read() > deadline)
			return false;
		smp_relax();
	}
	return true;
}

static void test_down_up(void)
{
	struct vcpu_runstate_info rs0, rs1;
	unsigned long frozen;

	smp_build_context(&ctxt, 1);
	if (!check_long("initialise(1)", 0, smp_initialise(1, &ctxt)))
		return;
	check_long("is_up(1) after initialise", 0, vcpu_is_up(1));
	if (!check_long("smp_call(1): up", 0, smp_call(1, spinner, NULL)))
		return;
	check_long("is_up(1) after up", 1, vcpu_is_up(1));
	if (!wait_moving(&spin_count, 1000)) {
		xtf_failure("vCPU 1 spinner: expected its counter moving, stuck at %lu", spin_count);
		return;
	}
	check_long("up(1) while up", 0, vcpu_up(1));
	check_long("initialise(1) while up", -XEN_EEXIST, smp_initialise(1, &ctxt));

	check_long("down(1) while it spins", 0, vcpu_down(1));
	check_long("is_up(1) right after down", 0, vcpu_is_up(1));
	if (!wait_runstate(1, RUNSTATE_offline))
		xtf_failure("vCPU 1 runstate after down: expected offline within 10 s");
	vcpu_runstate(1, &rs0);
	frozen = spin_count;
	cpus_sleep(50 * NS_PER_MS);
	check_long("vCPU 1 counter 50 ms after down (stopped)", frozen, spin_count);
	vcpu_runstate(1, &rs1);
	if (rs1.time[RUNSTATE_offline] < rs0.time[RUNSTATE_offline] + 40 * NS_PER_MS)
		xtf_failure("vCPU 1 offline time over 50 ms down: expected >= 40 ms, got %llu ms",
			    (unsigned long long)((rs1.time[RUNSTATE_offline] -
						  rs0.time[RUNSTATE_offline]) / NS_PER_MS));
	check_long("initialise(1) while down", -XEN_EEXIST, smp_initialise(1, &ctxt));

	check_long("up(1) again", 0, vcpu_up(1));
	check_long("is_up(1) after up again", 1, vcpu_is_up(1));
	if (!wait_moving(&spin_count, frozen))
		xtf_failure("vCPU 1 counter after up: expected moving past %lu, stuck", frozen);
	check_long("spinner invocations (resumed, not restarted)", 1, spin_entries);
	check_long("spinner state lost across down/up", 0, spin_lost);

	spin_stop = 1;
	if (!smp_wait(1, cpus_deadline(WAIT)))
		xtf_failure("vCPU 1 spinner: expected to return once told to stop");
}

/* vCPU 1 takes vCPU 0 down and brings it back while vCPU 0 counts. */
static volatile unsigned long beat;
static volatile int beat_done;
static struct {
	long down_rc, is_up_down, up_rc;
	bool offline, frozen, resumed;
} remote;

static void down_vcpu0_work(void *arg)
{
	struct vcpu_runstate_info rs;
	uint64_t deadline = cpus_deadline(WAIT);
	unsigned long b;

	(void)arg;
	while (beat < 1000)
		cpu_relax();
	remote.down_rc = vcpu_down(0);
	remote.is_up_down = vcpu_is_up(0);
	do {
		remote.offline = vcpu_runstate(0, &rs) == 0 && rs.state == RUNSTATE_offline;
	} while (!remote.offline && pvclock_read() < deadline);
	b = beat;
	cpus_sleep(20 * NS_PER_MS);
	remote.frozen = beat == b;
	remote.up_rc = vcpu_up(0);
	deadline = cpus_deadline(WAIT);
	while (beat == b && pvclock_read() < deadline)
		cpu_relax();
	remote.resumed = beat != b;
	beat_done = 1;
}

static void test_down_vcpu0(void)
{
	uint64_t deadline;

	if (!check_long("smp_call(1): take vCPU 0 down", 0, smp_call(1, down_vcpu0_work, NULL)))
		return;
	/* No hypercall in this loop: only the down can stop it. */
	while (!beat_done)
		beat++;
	deadline = cpus_deadline(WAIT);
	if (!smp_wait(1, deadline))
		xtf_failure("vCPU 1: expected to finish after bringing vCPU 0 back");
	check_long("down(0) from vCPU 1", 0, remote.down_rc);
	check_long("is_up(0) seen by vCPU 1 while down", 0, remote.is_up_down);
	check_long("vCPU 0 runstate offline while down", 1, remote.offline);
	check_long("vCPU 0 counter stopped while down", 1, remote.frozen);
	check_long("up(0) from vCPU 1", 0, remote.up_rc);
	check_long("vCPU 0 counter moving after up", 1, remote.resumed);
	check_long("is_up(0) at the end", 1, vcpu_is_up(0));
}

void test_main(void)
{
	if (!cpus_setup(NCPUS) || !mm_setup())
		return;
	if (smp_nr_vcpus() != NCPUS) {
		xtf_skip("written for exactly %u vCPUs (dom0_max_vcpus=%u), the domain has %u", NCPUS,
			 NCPUS, smp_nr_vcpus());
		return;
	}
	test_ids();
	test_bad_contexts();
	test_fixed_up_context();
	test_down_up();
	test_down_vcpu0();
	xtf_success(NULL);
}
