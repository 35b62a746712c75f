// SPDX-License-Identifier: GPL-2.0-only
/*
 * Secondary vCPUs of a PV kernel: VCPUOP_initialise, up, down and is_up,
 * and events for a vCPU other than 0. Behaviour under test (the same on
 * Xen 4.17). With one vCPU only the first two groups run and the verdict
 * is SKIP; the rest needs dom0_max_vcpus=3 or more (the vCPU 32 group
 * dom0_max_vcpus=33 or more), and one pCPU (--smp 1) so that a vCPU that
 * is not running is known to be descheduled.
 * - reading CR0, CR2 and CR3 (emulated): the real CR0 with the virtual
 *   TS (fpu_taskswitch), the last fault's address, the kernel L4;
 * - an id at or above the vCPU count is -ENOENT for every vcpu_op;
 *   VCPUOP_initialise of vCPU 0 (built by the domain builder) is -EEXIST,
 *   but -EFAULT first if the context cannot be read;
 * - a context failing one of Xen's checks is -EINVAL (a table of cases:
 *   non-canonical addresses, LDT base/size, GDT size and frames, page
 *   tables, user mode without a user page table); the vCPU stays
 *   uninitialised (VCPUOP_up -EINVAL) and a GDT frame the context named
 *   can be mapped writable again (its reference was dropped);
 * - a good context leaves the vCPU initialised but down (-EEXIST for a
 *   second one, good or bad); VCPUOP_up runs it with exactly that state:
 *   GPRs, RSP, code and stack selectors with RPL 3, RFLAGS with IOPL
 *   dropped and IF set, data selectors, FS and kernel GS bases, its GDT
 *   and trap table, CR3 (ctrlreg[3]) and CR0.TS (ctrlreg[0]), the FPU
 *   control words of its FXSAVE image, and debug registers as Xen's
 *   set_debugreg() takes them (a refused value stays at its reset
 *   value); its events stay masked;
 * - VCPUOP_up of a vCPU never initialised is -EINVAL, of one that is up
 *   0; VCPUOP_down of one that is down 0;
 * - VCPUOP_down stops a running vCPU (its counter stands still, runstate
 *   offline) and VCPUOP_up resumes it; a vCPU that downs itself resumes
 *   after its hypercall, which returns 0;
 * - a vCPU downed while blocked in SCHEDOP_poll stays blocked; the event
 *   then makes it offline, and VCPUOP_up lets it return from the poll;
 * - an IPI (bind_ipi), its own VIRQ_TIMER (bind_virq, its single-shot
 *   timer) and an interdomain port moved by bind_vcpu reach vCPU 1 (its
 *   poll ends, its selector bit and upcall_pending are set), and once
 *   it unmasks, the IPI is an upcall to its context's event callback;
 *   binding to a vCPU that does not exist is -ENOENT;
 * - VGCF_online: the vCPU is up as soon as it is initialised;
 * - vCPU 32 (no vcpu_info in shared_info): VCPUOP_initialise is -EINVAL,
 *   even with an unreadable context, until VCPUOP_register_vcpu_info
 *   gives it one (zeroed, events masked, everything marked pending);
 * - last, once the verdict is printed: VCPUOP_down of the last vCPU
 *   that is up shuts the domain down (poweroff). Should the kernel run
 *   on, it prints a FAILURE verdict, which wins; if the hypervisor only
 *   stopped the vCPU, nothing runs at all and the run times out.
 */
#include <framework.h>
#include <guest/event.h>
#include <guest/time.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/vcpu.h>

const char test_title[] = "VCPUOP_initialise/up/down/is_up, events for a secondary vCPU";

#define MS 1000000ULL
#define MAGIC(n) (0x5a5a00000000a500ULL | ((uint64_t)(n) << 32) | (n))
#define NONCANON 0x0000800000000000ULL
#define HYPERVISOR_VA 0xffff800000000000ULL
#define BAD_MFN 0xffffff000ULL /* at 2^48 bytes: no RAM there */
#define DATA_DPL3 0x00cff3000000ffffUL
#define PTE(mfn, flags) (((uint64_t)(mfn) << PAGE_SHIFT) | (flags))
#define RW (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define RO (_PAGE_PRESENT | _PAGE_ACCESSED)
#define X86_EFLAGS_ZF 0x40
#define X86_EFLAGS_IOPL 0x3000
#define GDT_SEL (2 << 3 | 3)

extern const char exception_stubs[];
void ap_entry(void);
void ap_main(void);
void ap2_entry(void);
void ap_upcall(void);
volatile uint64_t ap_upcalls;
vcpu_info_t *ap_vcpu_info;

static uint8_t ap_stack[4 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t ap2_stack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint64_t ap_gdt[512] __attribute__((aligned(PAGE_SIZE)));   /* becomes vCPU 1's GDT */
static uint64_t scratch[512] __attribute__((aligned(PAGE_SIZE)));  /* stays mapped writable */
static uint8_t vi_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct vcpu_guest_context ctx;
static unsigned int nr_vcpus;

/* --- vCPU 1 --- */

/* Registers at vCPU 1's first instruction, stored by ap_entry. */
enum { R_RAX, R_RBX, R_RCX, R_RDX, R_RSI, R_RDI, R_RBP, R_R8, R_R9, R_R10, R_R11, R_R12,
       R_R13, R_R14, R_R15, R_RSP, R_RFLAGS, R_CS, R_SS, R_DS, R_ES, NR_REGS };
volatile uint64_t ap_regs[NR_REGS];

asm(".pushsection .text\n"
    ".globl ap_entry\n"
    "ap_entry:\n"
    "	mov %rax, ap_regs+8*0(%rip)\n"
    "	mov %rbx, ap_regs+8*1(%rip)\n"
    "	mov %rcx, ap_regs+8*2(%rip)\n"
    "	mov %rdx, ap_regs+8*3(%rip)\n"
    "	mov %rsi, ap_regs+8*4(%rip)\n"
    "	mov %rdi, ap_regs+8*5(%rip)\n"
    "	mov %rbp, ap_regs+8*6(%rip)\n"
    "	mov %r8, ap_regs+8*7(%rip)\n"
    "	mov %r9, ap_regs+8*8(%rip)\n"
    "	mov %r10, ap_regs+8*9(%rip)\n"
    "	mov %r11, ap_regs+8*10(%rip)\n"
    "	mov %r12, ap_regs+8*11(%rip)\n"
    "	mov %r13, ap_regs+8*12(%rip)\n"
    "	mov %r14, ap_regs+8*13(%rip)\n"
    "	mov %r15, ap_regs+8*14(%rip)\n"
    "	mov %rsp, ap_regs+8*15(%rip)\n"
    "	pushfq\n"
    "	popq ap_regs+8*16(%rip)\n"
    "	xor %eax, %eax\n"
    "	mov %cs, %ax\n"
    "	mov %rax, ap_regs+8*17(%rip)\n"
    "	mov %ss, %ax\n"
    "	mov %rax, ap_regs+8*18(%rip)\n"
    "	mov %ds, %ax\n"
    "	mov %rax, ap_regs+8*19(%rip)\n"
    "	mov %es, %ax\n"
    "	mov %rax, ap_regs+8*20(%rip)\n"
    "	xor %ebp, %ebp\n"
    "	call ap_main\n"
    "	ud2\n"
    /*
     * vCPU 1's event callback: count the upcall, clear its upcall_pending
     * and return with the iret hypercall (which unmasks events again).
     */
    ".globl ap_upcall\n"
    "ap_upcall:\n"
    "	pop %rcx\n"
    "	pop %r11\n"
    "	push %rax\n"
    "	lock incq ap_upcalls(%rip)\n"
    "	mov ap_vcpu_info(%rip), %rax\n"
    "	movb $0, (%rax)\n" /* evtchn_upcall_pending */
    "	pop %rax\n"
    "	jmp hypercall_iret\n"
    /* vCPU 2 and 32: block for good. */
    ".globl ap2_entry\n"
    "ap2_entry:\n"
    "	call ap2_main\n"
    "	ud2\n"
    ".popsection");

static volatile uint64_t fs_var = 0x1111222233334444ULL, gs_var = 0x5555666677778888ULL;

/* What vCPU 1 saw of the rest of its state. */
static volatile struct {
	uint64_t fs_read, gs_read;
	uint16_t fcw;
	uint32_t mxcsr;
	exinfo_t gdt_load, ud2;
	uint64_t cr0, cr3;
	uint16_t gdt_sel;
	long dr[8];
	uint8_t upcall_mask;
	bool started;
} ap;

/* Commands from vCPU 0: req_seq bumps with each, vCPU 1 echoes it in ack_seq when done. */
enum { CMD_NOP, CMD_DOWN_SELF, CMD_POLL, CMD_TIMER, CMD_UPCALL };
static volatile unsigned int req_cmd, req_seq, ack_seq;
static volatile long ap_result;
static volatile uint64_t ap_counter, ap_timer_late;
static volatile evtchn_port_t ap_port;

static long poll_port(evtchn_port_t *port, unsigned int nr, uint64_t timeout)
{
	struct sched_poll p = { .nr_ports = nr, .timeout = timeout };

	p.ports.p = (uint64_t)(uintptr_t)port;
	return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

static long ap_do(unsigned int cmd)
{
	evtchn_port_t port = ap_port;
	struct vcpu_set_singleshot_timer sst;
	long rc;

	switch (cmd) {
	case CMD_DOWN_SELF:
		return HYPERVISOR_vcpu_op(VCPUOP_down, 1, NULL);
	case CMD_POLL:
		return poll_port(&port, 1, pvclock_read() + 2000 * MS);
	case CMD_UPCALL:
		/* Unmask with an event pending: the next hypercall's exit makes the upcall. */
		rc = (long)ap_upcalls;
		ap_vcpu_info->evtchn_upcall_mask = 0;
		asm volatile("" ::: "memory");
		HYPERVISOR_xen_version(0, NULL);
		ap_vcpu_info->evtchn_upcall_mask = 1;
		return (long)ap_upcalls - rc;
	case CMD_TIMER:
		sst.timeout_abs_ns = pvclock_read() + 50 * MS;
		sst.flags = 0;
		rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 1, &sst);
		if (rc)
			return rc;
		rc = poll_port(&port, 1, pvclock_read() + 2000 * MS);
		ap_timer_late = pvclock_read() >= sst.timeout_abs_ns;
		return rc;
	default:
		return 0;
	}
}

void ap_main(void)
{
	unsigned int seen = 0, i;
	exinfo_t fault = 0;
	uint16_t sel = GDT_SEL;

	asm volatile("mov %%fs:0, %0" : "=r"(ap.fs_read));
	asm volatile("mov %%gs:0, %0" : "=r"(ap.gs_read));
	asm volatile("fnstcw %0" : "=m"(ap.fcw));
	asm volatile("stmxcsr %0" : "=m"(ap.mxcsr));
	/* Entry 2 of the GDT the context named: a flat DPL 3 data segment. */
	asm volatile("1: mov %[s], %%es; 2:" _ASM_EXTABLE(1b, 2b)
		     : "+a"(fault) : [s] "r"(sel) : "memory");
	ap.gdt_load = fault;
	asm volatile("mov %%es, %0" : "=r"(sel));
	ap.gdt_sel = sel;
	asm volatile("mov %0, %%es" ::"r"(0));
	/* Its trap table: ud2 reaches the fix-up through vector 6's handler. */
	fault = 0;
	asm volatile("1: ud2; 2:" _ASM_EXTABLE(1b, 2b) : "+a"(fault) : : "memory");
	ap.ud2 = fault;
	/* Control registers, emulated: CR3 is the context's ctrlreg[3], CR0.TS its ctrlreg[0]'s. */
	asm volatile("mov %%cr3, %0" : "=r"(ap.cr3));
	asm volatile("mov %%cr0, %0" : "=r"(ap.cr0));
	for (i = 0; i < 8; i++)
		ap.dr[i] = i == 4 || i == 5 ? 0 : HYPERVISOR_get_debugreg(i);
	ap.upcall_mask = shared_info()->vcpu_info[1].evtchn_upcall_mask;
	/* Linux does this too: only the single-shot timer raises VIRQ_TIMER. */
	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 1, NULL);
	ap.started = true;
	for (;;) {
		unsigned int seq = req_seq;

		if (seq != seen) {
			seen = seq;
			ap_result = ap_do(req_cmd);
			ack_seq = seq;
		}
		ap_counter++;
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}

void ap2_main(void);
void ap2_main(void)
{
	for (;;)
		poll_port(NULL, 0, 0);
}

/* --- vCPU 0: helpers --- */

static long vcpu_op(int cmd, unsigned int id, void *arg)
{
	return HYPERVISOR_vcpu_op(cmd, id, arg);
}

static int runstate_of(unsigned int id)
{
	struct vcpu_runstate_info r;

	return vcpu_op(VCPUOP_get_runstate_info, id, &r) ? -1 : r.state;
}

/* Let the other vCPUs run for @ms (yielding: on one pCPU they run meanwhile). */
static void yield_for(uint64_t ms)
{
	uint64_t end = pvclock_read() + ms * MS;

	while (pvclock_read() < end)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

/* Yield until *@p == @v, for at most 2 s; true if it happened. */
static bool wait_for(volatile unsigned int *p, unsigned int v)
{
	uint64_t end = pvclock_read() + 2000 * MS;

	while (*p != v)
		if (pvclock_read() > end)
			return false;
		else
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	return true;
}

static bool wait_runstate(unsigned int id, int state)
{
	uint64_t end = pvclock_read() + 2000 * MS;

	while (runstate_of(id) != state)
		if (pvclock_read() > end)
			return false;
		else
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	return true;
}

/* Give vCPU 1 a command; the caller waits for ack_seq == the result. */
static unsigned int ap_request(unsigned int cmd)
{
	req_cmd = cmd;
	return ++req_seq;
}

static long remap(void *va, uint64_t flags)
{
	return HYPERVISOR_update_va_mapping((uintptr_t)va, PTE(virt_to_mfn(va), flags),
					    UVMF_INVLPG | UVMF_LOCAL);
}

static uint64_t l4_cr3(void)
{
	return xen_pfn_to_cr3(virt_to_mfn((void *)(uintptr_t)start_info->pt_base));
}

/* vCPU 1's good context: everything below is checked from its side. */
static void good_context(struct vcpu_guest_context *c)
{
	struct cpu_user_regs *r = &c->user_regs;
	uint16_t fcw = 0x027f;     /* precision 53 bits instead of 64 */
	uint32_t mxcsr = 0x7f80;   /* round toward zero */
	unsigned int v;

	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel | VGCF_i387_valid;
	memcpy(&c->fpu_ctxt.x[0], &fcw, sizeof(fcw));
	memcpy(&c->fpu_ctxt.x[24], &mxcsr, sizeof(mxcsr));
	r->rax = MAGIC(1); r->rbx = MAGIC(2); r->rcx = MAGIC(3); r->rdx = MAGIC(4);
	r->rsi = MAGIC(5); r->rdi = MAGIC(6); r->rbp = MAGIC(7); r->r8 = MAGIC(8);
	r->r9 = MAGIC(9); r->r10 = MAGIC(10); r->r11 = MAGIC(11); r->r12 = MAGIC(12);
	r->r13 = MAGIC(13); r->r14 = MAGIC(14); r->r15 = MAGIC(15);
	r->rip = (uintptr_t)ap_entry;
	r->rsp = (uintptr_t)ap_stack + sizeof(ap_stack);
	r->cs = FLAT_KERNEL_CS & ~3;   /* RPL 0: fixed up to 3 */
	r->ss = FLAT_KERNEL_SS & ~3;
	r->rflags = 0x2 | X86_EFLAGS_IOPL | X86_EFLAGS_ZF; /* IF clear, IOPL 3 */
	r->ds = FLAT_USER_DS32;
	for (v = 0; v < 32; v++)
		c->trap_ctxt[v] = (trap_info_t){ .vector = v, .cs = FLAT_KERNEL_CS,
						 .address = (uintptr_t)(exception_stubs + v * 16) };
	c->gdt_frames[0] = virt_to_mfn(ap_gdt);
	c->gdt_ents = 3;
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = r->rsp;
	c->ctrlreg[3] = l4_cr3();
	c->debugreg[0] = HYPERVISOR_VA + 0x1000;       /* in the hypervisor: stays 0 */
	c->debugreg[1] = (uintptr_t)&fs_var;           /* taken */
	c->debugreg[2] = NONCANON;                     /* stays 0 */
	c->debugreg[3] = 0xffff880000000000ULL;        /* above the hypervisor: taken */
	c->debugreg[6] = 0x1234;                       /* bit 12 cleared, reserved ones set */
	c->debugreg[7] = 0x2001;                       /* GD: the whole value is refused */
	c->event_callback_eip = (uintptr_t)ap_upcall;
	c->failsafe_callback_eip = (uintptr_t)exception_stubs;
	c->fs_base = (uintptr_t)&fs_var;
	c->gs_base_kernel = (uintptr_t)&gs_var;
	c->gs_base_user = 0x12345000;
}

/* A context that only blocks (vCPU 2, vCPU 32). */
static void block_context(struct vcpu_guest_context *c, uint64_t flags)
{
	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel | flags;
	c->user_regs.rip = (uintptr_t)ap2_entry;
	c->user_regs.rsp = (uintptr_t)ap2_stack + sizeof(ap2_stack);
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = c->user_regs.rsp;
	c->ctrlreg[3] = l4_cr3();
}

/* --- the refusal table --- */

struct refusal {
	const char *what;
	void (*mutate)(struct vcpu_guest_context *c);
	bool uses_gdt_frame; /* then check the frame was released */
};

#define MUTATION(name, stmt) \
	static void name(struct vcpu_guest_context *c) { stmt; }
MUTATION(m_rip, c->user_regs.rip = NONCANON)
MUTATION(m_rsp, c->user_regs.rsp = NONCANON)
MUTATION(m_kernel_sp, c->kernel_sp = NONCANON)
MUTATION(m_ldt_base_canon, c->ldt_base = NONCANON; c->ldt_ents = 1)
MUTATION(m_fs_base, c->fs_base = NONCANON)
MUTATION(m_gs_base_kernel, c->gs_base_kernel = NONCANON)
MUTATION(m_gs_base_user, c->gs_base_user = NONCANON)
MUTATION(m_event_cb, c->event_callback_eip = NONCANON)
MUTATION(m_syscall_cb, c->syscall_callback_eip = NONCANON)
MUTATION(m_failsafe_cb, c->failsafe_callback_eip = NONCANON)
MUTATION(m_trap, c->trap_ctxt[14].address = NONCANON)
MUTATION(m_ldt_hyp, c->ldt_base = HYPERVISOR_VA; c->ldt_ents = 0)
MUTATION(m_ldt_align, c->ldt_base = 0x10008; c->ldt_ents = 0)
MUTATION(m_ldt_ents, c->ldt_base = 0x10000; c->ldt_ents = 8193)
MUTATION(m_gdt_16_frames, c->gdt_ents = 16 * 512 + 1)
MUTATION(m_gdt_7169, c->gdt_ents = 7169)
MUTATION(m_gdt_writable, c->gdt_frames[0] = virt_to_mfn(scratch))
MUTATION(m_gdt_foreign, c->gdt_frames[0] = BAD_MFN)
MUTATION(m_gdt_second_bad, c->gdt_ents = 513; c->gdt_frames[1] = virt_to_mfn(scratch))
MUTATION(m_cr3_zero, c->ctrlreg[3] = 0)
MUTATION(m_cr3_foreign, c->ctrlreg[3] = xen_pfn_to_cr3(BAD_MFN))
MUTATION(m_cr3_writable, c->ctrlreg[3] = xen_pfn_to_cr3(virt_to_mfn(scratch)))
MUTATION(m_user_no_table, c->flags &= ~VGCF_in_kernel; c->ctrlreg[1] = 0)
MUTATION(m_user_table_writable, c->ctrlreg[1] = xen_pfn_to_cr3(virt_to_mfn(scratch)))

static const struct refusal refusals[] = {
	{ "non-canonical rip", m_rip, false },
	{ "non-canonical rsp", m_rsp, false },
	{ "non-canonical kernel_sp", m_kernel_sp, false },
	{ "non-canonical ldt_base with entries", m_ldt_base_canon, false },
	{ "non-canonical fs_base", m_fs_base, false },
	{ "non-canonical gs_base_kernel", m_gs_base_kernel, false },
	{ "non-canonical gs_base_user", m_gs_base_user, false },
	{ "non-canonical event callback", m_event_cb, false },
	{ "non-canonical syscall callback", m_syscall_cb, false },
	{ "non-canonical failsafe callback", m_failsafe_cb, false },
	{ "non-canonical trap_ctxt[14] handler", m_trap, false },
	{ "ldt_base in the hypervisor's range", m_ldt_hyp, false },
	{ "ldt_base not page aligned", m_ldt_align, false },
	{ "8193 LDT entries", m_ldt_ents, false },
	{ "more GDT entries than 16 frames", m_gdt_16_frames, false },
	{ "7169 GDT entries", m_gdt_7169, false },
	{ "GDT frame mapped writable", m_gdt_writable, false },
	{ "GDT frame not the domain's", m_gdt_foreign, false },
	{ "second GDT frame mapped writable", m_gdt_second_bad, true },
	{ "ctrlreg[3] 0", m_cr3_zero, true },
	{ "ctrlreg[3] not the domain's", m_cr3_foreign, true },
	{ "ctrlreg[3] a writable frame", m_cr3_writable, true },
	{ "user mode without ctrlreg[1]", m_user_no_table, true },
	{ "ctrlreg[1] a writable frame", m_user_table_writable, true },
};

static void test_refusals(void)
{
	char what[96];
	unsigned int i;

	check_long("VCPUOP_initialise vCPU 1 with an unreadable context", -XEN_EFAULT,
		   vcpu_op(VCPUOP_initialise, 1, (void *)HYPERVISOR_VA));
	for (i = 0; i < ARRAY_SIZE(refusals); i++) {
		const struct refusal *t = &refusals[i];

		good_context(&ctx);
		t->mutate(&ctx);
		snprintf(what, sizeof(what), "VCPUOP_initialise with %s", t->what);
		check_long(what, -XEN_EINVAL, vcpu_op(VCPUOP_initialise, 1, &ctx));
		snprintf(what, sizeof(what), "VCPUOP_up after a context with %s", t->what);
		check_long(what, -XEN_EINVAL, vcpu_op(VCPUOP_up, 1, NULL));
		if (t->uses_gdt_frame) {
			/* The GDT frame was typed before the failing check: is it free again? */
			snprintf(what, sizeof(what), "GDT frame writable after %s", t->what);
			if (check_long(what, 0, remap(ap_gdt, RW)))
				check_long("GDT frame read-only again", 0, remap(ap_gdt, RO));
		}
	}
}

/* --- vCPU 1's first run --- */

static void test_first_run(void)
{
	static const char *const names[] = { "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp",
					     "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };
	static const uint64_t dr_expected[8] = { 0, 0, 0, 0xffff880000000000ULL, 0, 0,
						 0xffff0ff4, 0x400 };
	char what[64];
	unsigned int i;

	good_context(&ctx);
	if (!check_long("VCPUOP_initialise vCPU 1", 0, vcpu_op(VCPUOP_initialise, 1, &ctx)))
		return;
	check_long("VCPUOP_initialise vCPU 1 again", -XEN_EEXIST, vcpu_op(VCPUOP_initialise, 1, &ctx));
	ctx.user_regs.rip = NONCANON;
	check_long("VCPUOP_initialise vCPU 1 again, bad context", -XEN_EEXIST,
		   vcpu_op(VCPUOP_initialise, 1, &ctx));
	check_long("VCPUOP_is_up vCPU 1 once initialised", 0, vcpu_op(VCPUOP_is_up, 1, NULL));
	check_long("vCPU 1 runstate before VCPUOP_up", RUNSTATE_offline, runstate_of(1));
	check_long("writable mapping of vCPU 1's GDT frame", -XEN_EBUSY, remap(ap_gdt, RW));
	yield_for(20);
	if (ap.started)
		xtf_failure("vCPU 1 ran before VCPUOP_up");
	if (!check_long("VCPUOP_up vCPU 1", 0, vcpu_op(VCPUOP_up, 1, NULL)))
		return;
	check_long("VCPUOP_is_up vCPU 1", 1, vcpu_op(VCPUOP_is_up, 1, NULL));
	check_long("VCPUOP_up vCPU 1 when up", 0, vcpu_op(VCPUOP_up, 1, NULL));
	yield_for(50);
	if (!ap.started) {
		xtf_failure("vCPU 1 did not run after VCPUOP_up");
		return;
	}

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		snprintf(what, sizeof(what), "vCPU 1's %s at entry", names[i]);
		check_u64(what, MAGIC(i + 1), ap_regs[R_RAX + i]);
	}
	check_u64("vCPU 1's rsp at entry", (uintptr_t)ap_stack + sizeof(ap_stack), ap_regs[R_RSP]);
	check_u64("vCPU 1's rflags at entry (IOPL and IF, ZF)", X86_EFLAGS_IF | X86_EFLAGS_ZF,
		  ap_regs[R_RFLAGS] & (X86_EFLAGS_IOPL | X86_EFLAGS_IF | X86_EFLAGS_ZF));
	check_u64("vCPU 1's cs", FLAT_KERNEL_CS, ap_regs[R_CS]);
	check_u64("vCPU 1's ss", FLAT_KERNEL_SS, ap_regs[R_SS]);
	check_u64("vCPU 1's ds", FLAT_USER_DS32, ap_regs[R_DS]);
	check_u64("vCPU 1's es", 0, ap_regs[R_ES]);
	check_u64("vCPU 1's %fs:0 (fs_base)", fs_var, ap.fs_read);
	check_u64("vCPU 1's %gs:0 (gs_base_kernel)", gs_var, ap.gs_read);
	check_u64("vCPU 1's FPU control word", 0x027f, ap.fcw);
	check_u64("vCPU 1's MXCSR", 0x7f80, ap.mxcsr);
	check_exinfo("vCPU 1 loading a selector of its GDT", 0, ap.gdt_load);
	check_exinfo("vCPU 1's ud2 through its trap table", EXINFO_SYM(UD, 0), ap.ud2);
	check_u64("vCPU 1's CR3", l4_cr3(), ap.cr3);
	check_u64("vCPU 1's CR0.TS", 0, ap.cr0 & 8);
	check_u64("vCPU 1's selector from its GDT", GDT_SEL, ap.gdt_sel);
	for (i = 0; i < 8; i++) {
		if (i == 4 || i == 5)
			continue;
		snprintf(what, sizeof(what), "vCPU 1's DR%u", i);
		check_u64(what, i == 1 ? (uintptr_t)&fs_var : dr_expected[i], (uint64_t)ap.dr[i]);
	}
	check_u64("vCPU 1's evtchn_upcall_mask", 1, ap.upcall_mask);
}

/* --- down and up --- */

static void test_down_up(void)
{
	uint64_t c1, c2;
	unsigned int seq;

	c1 = ap_counter;
	yield_for(10);
	if (ap_counter == c1)
		xtf_failure("vCPU 1's counter: expected to move while up, stood at %llu",
			    (unsigned long long)c1);
	check_long("VCPUOP_down vCPU 1", 0, vcpu_op(VCPUOP_down, 1, NULL));
	check_long("VCPUOP_is_up vCPU 1 after VCPUOP_down", 0, vcpu_op(VCPUOP_is_up, 1, NULL));
	check_long("vCPU 1 runstate after VCPUOP_down", RUNSTATE_offline, runstate_of(1));
	c1 = ap_counter;
	yield_for(30);
	c2 = ap_counter;
	check_u64("vCPU 1's counter while down", c1, c2);
	check_long("VCPUOP_down vCPU 1 when down", 0, vcpu_op(VCPUOP_down, 1, NULL));
	check_long("VCPUOP_up vCPU 1 after VCPUOP_down", 0, vcpu_op(VCPUOP_up, 1, NULL));
	yield_for(10);
	if (ap_counter == c2)
		xtf_failure("vCPU 1's counter: expected to move after VCPUOP_up, stood at %llu",
			    (unsigned long long)c2);

	/* vCPU 1 takes itself down; its hypercall returns once it is up again. */
	seq = ap_request(CMD_DOWN_SELF);
	if (!wait_runstate(1, RUNSTATE_offline)) {
		xtf_failure("vCPU 1 runstate after its own VCPUOP_down: expected offline, got %d",
			    runstate_of(1));
		return;
	}
	check_long("VCPUOP_is_up vCPU 1 after its own VCPUOP_down", 0, vcpu_op(VCPUOP_is_up, 1, NULL));
	yield_for(20);
	check_long("vCPU 1's request done while it is down", seq - 1, ack_seq);
	check_long("VCPUOP_up vCPU 1 after its own VCPUOP_down", 0, vcpu_op(VCPUOP_up, 1, NULL));
	if (check_long("vCPU 1 resumed after its own VCPUOP_down", true, wait_for(&ack_seq, seq)))
		check_long("vCPU 1's own VCPUOP_down result", 0, ap_result);
}

/* --- events for vCPU 1 --- */

static void clear_event(evtchn_port_t port)
{
	vcpu_info_t *vi = &shared_info()->vcpu_info[1];

	__atomic_fetch_and(&((unsigned long *)shared_info()->evtchn_pending)[port / 64],
			   ~(1UL << (port % 64)), __ATOMIC_SEQ_CST);
	__atomic_store_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	__atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
}

static bool port_pending(evtchn_port_t port)
{
	return (((unsigned long *)shared_info()->evtchn_pending)[port / 64] >> (port % 64)) & 1;
}

/*
 * vCPU 1 polls @port (or waits for its timer on it with CMD_TIMER);
 * @raise (NULL for the timer) makes the event once it is blocked.
 */
static void check_event_reaches_ap(const char *what, evtchn_port_t port, unsigned int cmd,
				   evtchn_port_t raise)
{
	const vcpu_info_t *vi = &shared_info()->vcpu_info[1];
	unsigned int seq;
	char buf[96];

	clear_event(port);
	evtchn_unmask_local(port);
	ap_port = port;
	seq = ap_request(cmd);
	snprintf(buf, sizeof(buf), "%s: vCPU 1 blocked in SCHEDOP_poll", what);
	if (!check_long(buf, true, wait_runstate(1, RUNSTATE_blocked)))
		return;
	if (cmd == CMD_POLL) {
		snprintf(buf, sizeof(buf), "%s: send", what);
		check_long(buf, 0, evtchn_send(raise));
	}
	snprintf(buf, sizeof(buf), "%s: vCPU 1's poll ended", what);
	if (!check_long(buf, true, wait_for(&ack_seq, seq)))
		return;
	snprintf(buf, sizeof(buf), "%s: poll result", what);
	check_long(buf, 0, ap_result);
	snprintf(buf, sizeof(buf), "%s: port pending", what);
	check_long(buf, 1, port_pending(port));
	snprintf(buf, sizeof(buf), "%s: vCPU 1's selector bit", what);
	check_u64(buf, 1, (vi->evtchn_pending_sel >> (port / 64)) & 1);
	snprintf(buf, sizeof(buf), "%s: vCPU 1's upcall_pending", what);
	check_u64(buf, 1, vi->evtchn_upcall_pending);
	clear_event(port);
}

static void test_events(void)
{
	struct evtchn_bind_vcpu bv;
	evtchn_port_t ipi, timer, a, b, unused;

	check_long("bind_ipi to a vCPU that does not exist", -XEN_ENOENT,
		   evtchn_bind_ipi(nr_vcpus, &unused));
	check_long("bind_virq VIRQ_TIMER to a vCPU that does not exist", -XEN_ENOENT,
		   evtchn_bind_virq(VIRQ_TIMER, nr_vcpus, &unused));

	if (check_long("bind_ipi to vCPU 1", 0, evtchn_bind_ipi(1, &ipi))) {
		unsigned int seq;

		check_event_reaches_ap("IPI", ipi, CMD_POLL, ipi);
		/* The upcall, through the event callback of vCPU 1's context. */
		evtchn_unmask_local(ipi);
		check_long("IPI to vCPU 1 (not polling)", 0, evtchn_send(ipi));
		check_u64("vCPU 1's upcall_pending after the IPI", 1,
			  shared_info()->vcpu_info[1].evtchn_upcall_pending);
		seq = ap_request(CMD_UPCALL);
		if (check_long("vCPU 1 unmasked events", true, wait_for(&ack_seq, seq)))
			check_long("upcalls on vCPU 1 once it unmasked", 1, ap_result);
		clear_event(ipi);
	}

	if (check_long("bind_virq VIRQ_TIMER to vCPU 1", 0, evtchn_bind_virq(VIRQ_TIMER, 1, &timer))) {
		ap_timer_late = false;
		check_event_reaches_ap("vCPU 1's single-shot timer", timer, CMD_TIMER, 0);
		check_long("vCPU 1's timer event not before its deadline", true, ap_timer_late);
	}

	if (check_long("alloc_unbound (loopback)", 0, evtchn_alloc_unbound(DOMID_SELF, &a)) &&
	    check_long("bind_interdomain (loopback)", 0, evtchn_bind_interdomain(DOMID_SELF, a, &b))) {
		bv = (struct evtchn_bind_vcpu){ .port = b, .vcpu = nr_vcpus };
		check_long("bind_vcpu to a vCPU that does not exist", -XEN_ENOENT,
			   HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv));
		bv.vcpu = 1;
		if (check_long("bind_vcpu to vCPU 1", 0,
			       HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &bv)))
			check_event_reaches_ap("interdomain port on vCPU 1", b, CMD_POLL, a);
	}

	/* Down while blocked: blocked, then offline once the event comes, then back. */
	if (!check_long("bind_ipi to vCPU 1 (second)", 0, evtchn_bind_ipi(1, &ipi)))
		return;
	{
		unsigned int seq;

		clear_event(ipi);
		evtchn_unmask_local(ipi);
		ap_port = ipi;
		seq = ap_request(CMD_POLL);
		if (!check_long("vCPU 1 blocked in SCHEDOP_poll", true, wait_runstate(1, RUNSTATE_blocked)))
			return;
		check_long("VCPUOP_down vCPU 1 while it polls", 0, vcpu_op(VCPUOP_down, 1, NULL));
		check_long("vCPU 1 runstate: down while blocked", RUNSTATE_blocked, runstate_of(1));
		check_long("send to vCPU 1 while it is down", 0, evtchn_send(ipi));
		check_long("vCPU 1 runstate: woken while down", RUNSTATE_offline, runstate_of(1));
		yield_for(20);
		check_long("vCPU 1's poll done while it is down", seq - 1, ack_seq);
		check_long("VCPUOP_up vCPU 1", 0, vcpu_op(VCPUOP_up, 1, NULL));
		if (check_long("vCPU 1's poll ended after VCPUOP_up", true, wait_for(&ack_seq, seq)))
			check_long("vCPU 1's poll result", 0, ap_result);
		clear_event(ipi);
	}
}

/* --- VGCF_online, uninitialised vCPUs --- */

static void test_vcpu2(void)
{
	check_long("VCPUOP_up vCPU 2, never initialised", -XEN_EINVAL, vcpu_op(VCPUOP_up, 2, NULL));
	check_long("VCPUOP_down vCPU 2, never initialised", 0, vcpu_op(VCPUOP_down, 2, NULL));
	check_long("VCPUOP_is_up vCPU 2, never initialised", 0, vcpu_op(VCPUOP_is_up, 2, NULL));
	check_long("vCPU 2 runstate, never initialised", RUNSTATE_offline, runstate_of(2));
	block_context(&ctx, VGCF_online);
	check_long("VCPUOP_initialise vCPU 2 with VGCF_online", 0, vcpu_op(VCPUOP_initialise, 2, &ctx));
	check_long("VCPUOP_is_up vCPU 2 after VGCF_online", 1, vcpu_op(VCPUOP_is_up, 2, NULL));
	check_long("VCPUOP_down vCPU 2", 0, vcpu_op(VCPUOP_down, 2, NULL));
	check_long("VCPUOP_is_up vCPU 2 after VCPUOP_down", 0, vcpu_op(VCPUOP_is_up, 2, NULL));
}

/* --- vCPU 32: no vcpu_info slot in shared_info --- */

static void test_vcpu32(void)
{
	struct vcpu_register_vcpu_info info = { .mfn = virt_to_mfn(vi_page), .offset = 0 };
	const vcpu_info_t *vi = (const vcpu_info_t *)vi_page;

	block_context(&ctx, 0);
	check_long("VCPUOP_initialise vCPU 32 without vcpu_info, unreadable context", -XEN_EINVAL,
		   vcpu_op(VCPUOP_initialise, 32, (void *)HYPERVISOR_VA));
	check_long("VCPUOP_initialise vCPU 32 without vcpu_info", -XEN_EINVAL,
		   vcpu_op(VCPUOP_initialise, 32, &ctx));
	memset(vi_page, 0xa5, sizeof(vi_page));
	if (!check_long("VCPUOP_register_vcpu_info vCPU 32", 0,
			vcpu_op(VCPUOP_register_vcpu_info, 32, &info)))
		return;
	check_u64("vCPU 32's new vcpu_info: upcall mask", 1, vi->evtchn_upcall_mask);
	check_u64("vCPU 32's new vcpu_info: upcall pending", 1, vi->evtchn_upcall_pending);
	check_u64("vCPU 32's new vcpu_info: selector", ~0UL, vi->evtchn_pending_sel);
	check_u64("vCPU 32's new vcpu_info: arch.cr2 (zeroed)", 0, vi->arch.cr2);
	check_long("VCPUOP_initialise vCPU 32 with its vcpu_info", 0,
		   vcpu_op(VCPUOP_initialise, 32, &ctx));
	check_long("VCPUOP_is_up vCPU 32", 0, vcpu_op(VCPUOP_is_up, 32, NULL));
}

/* --- control registers, as the hypervisor emulates reading them --- */

#define UNMAPPED_VA 0x80000000UL

static void test_control_registers(void)
{
	uint64_t cr0, cr2, cr3;
	exinfo_t fault = 0;

	asm volatile("mov %%cr3, %0" : "=r"(cr3));
	check_u64("CR3 of vCPU 0 (its kernel L4)", l4_cr3(), cr3);
	HYPERVISOR_fpu_taskswitch(1);
	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	check_u64("CR0.TS after fpu_taskswitch(1)", 8, cr0 & 8);
	HYPERVISOR_fpu_taskswitch(0);
	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	check_u64("CR0.TS after fpu_taskswitch(0)", 0, cr0 & 8);
	check_u64("CR0.PG and CR0.PE", 0x80000001UL, cr0 & 0x80000001UL);
	asm volatile("1: mov (%[p]), %%rcx; 2:" _ASM_EXTABLE(1b, 2b)
		     : "+a"(fault) : [p] "r"(UNMAPPED_VA) : "rcx", "memory");
	check_exinfo("read of an unmapped address", EXINFO_SYM(PF, 0), fault);
	asm volatile("mov %%cr2, %0" : "=r"(cr2));
	check_u64("CR2 after the fault", UNMAPPED_VA, cr2);
}

/* --- ids out of range, vCPU 0 --- */

static void test_ids(void)
{
	static const int cmds[] = { VCPUOP_initialise, VCPUOP_up, VCPUOP_down, VCPUOP_is_up };
	static const char *const cmd_names[] = { "initialise", "up", "down", "is_up" };
	char what[80];
	unsigned int i;

	for (nr_vcpus = 1; nr_vcpus < 8192; nr_vcpus++)
		if (vcpu_op(VCPUOP_is_up, nr_vcpus, NULL) < 0)
			break;
	printk("%u vCPU(s)\n", nr_vcpus);
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		snprintf(what, sizeof(what), "VCPUOP_%s of vCPU %u (the count)", cmd_names[i], nr_vcpus);
		check_long(what, -XEN_ENOENT, vcpu_op(cmds[i], nr_vcpus, &ctx));
		snprintf(what, sizeof(what), "VCPUOP_%s of vCPU ~0", cmd_names[i]);
		check_long(what, -XEN_ENOENT, vcpu_op(cmds[i], ~0U, &ctx));
	}
	check_long("VCPUOP_is_up vCPU 0", 1, vcpu_op(VCPUOP_is_up, 0, NULL));
	test_control_registers();
	good_context(&ctx);
	check_long("VCPUOP_initialise vCPU 0, unreadable context", -XEN_EFAULT,
		   vcpu_op(VCPUOP_initialise, 0, (void *)HYPERVISOR_VA));
	check_long("VCPUOP_initialise vCPU 0", -XEN_EEXIST, vcpu_op(VCPUOP_initialise, 0, &ctx));
}

/*
 * The last vCPU up going down shuts the domain down: nothing after the
 * hypercall may run. Only once the verdict is out.
 */
static void __noreturn test_last_down(void)
{
	long rc;

	xtf_print_verdict();
	vcpu_op(VCPUOP_down, 1, NULL);
	rc = vcpu_op(VCPUOP_down, 0, NULL);
	printk("Fail: VCPUOP_down of the last vCPU up: expected a shutdown, got %ld and ran on\n", rc);
	printk("Test result: FAILURE\n");
	guest_shutdown(SHUTDOWN_crash);
}

void test_main(void)
{
	ap_vcpu_info = &shared_info()->vcpu_info[1];
	ap_gdt[2] = DATA_DPL3;
	if (remap(ap_gdt, RO)) {
		xtf_error("cannot map the GDT page read-only");
		return;
	}
	test_ids();
	if (nr_vcpus < 3) {
		xtf_skip("%u vCPU(s); the rest needs dom0_max_vcpus=3 or more", nr_vcpus);
		return;
	}
	test_refusals();
	test_vcpu2();
	test_first_run();
	if (!ap.started)
		return;
	test_down_up();
	test_events();
	if (nr_vcpus > 32)
		test_vcpu32();
	else
		printk("vCPU 32 cases skipped: %u vCPUs\n", nr_vcpus);
	if (xtf_result() != RESULT_NONE)
		return;
	xtf_success(NULL);
	test_last_down();
}
