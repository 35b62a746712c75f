// SPDX-License-Identifier: GPL-2.0-only
/*
 * VCPUOP_initialise's context checks (arch/x86/pv/vcpu_context.c) on a
 * fake machine of 64 frames with a stand-in frame model (each frame can
 * take one type: a descriptor page, an L4, or neither), so that every
 * reference the code takes is counted:
 * - a good context is loaded exactly (frame, selectors with RPL 3, IOPL
 *   dropped and IF set, bases, callbacks, event-mask flags, FPU image
 *   with MXCSR masked, CR0.TS, GDT/LDT frames, both L4s) and holds one
 *   reference per GDT frame, LDT page and base pointer;
 * - a table of bad contexts gets its error (-EINVAL, or the L4's own
 *   validation error);
 * - debug registers as Xen's set_debugreg() takes them; with CR4.DE in
 *   the context an enabled I/O breakpoint is taken, its enable bits kept
 *   out of the DR7 the CPU gets (in dr7_emul) and read back whole;
 * - random contexts (several fields changed, good and bad values mixed):
 *   on error the vCPU is byte for byte as before and no reference is
 *   held; on success the references held are exactly the frames the
 *   vCPU records;
 * - a vCPU initialised meanwhile (the check under the lock) is -EEXIST
 *   with every reference dropped; VGCF_online wakes the vCPU once;
 *   arch_initialise_vcpu(): -EFAULT, -EEXIST, -ENOMEM in Xen's order;
 * - the toolstack's paths (XEN_DOMCTL_get/setvcpucontext): what is read
 *   is what was loaded and can be given back; new registers on the
 *   vCPU's own frames only (-EOPNOTSUPP, nothing changed, otherwise);
 *   a reset gives back every reference.
 */
#include "unit.h"

#define NR_FRAMES 64

static uint64_t machine[NR_FRAMES][512] __attribute__((aligned(4096)));
static bool bad_mfn_seen;

static void *unit_mfn_to_virt(uint64_t mfn)
{
	if (mfn >= NR_FRAMES) {
		bad_mfn_seen = true;
		return machine[0];
	}
	return machine[mfn];
}
#define mfn_to_virt(mfn) unit_mfn_to_virt(mfn)

/* What the stub <asm/processor.h> lacks and vcpu_context.c uses. */
#define X86_CR0_TS (1UL << 3)
#define X86_CR4_TSD (1UL << 2)
#define X86_CR4_DE (1UL << 3)
#define X86_EFLAGS_IOPL (3UL << 12)
static unsigned long unit_cr0;
static inline unsigned long read_cr0(void) { return unit_cr0; }
static inline void write_cr0(unsigned long v) { unit_cr0 = v; }

struct cpu_info {
	void *current_vcpu;
};
static struct cpu_info unit_cpu_info;
static inline struct cpu_info *get_cpu_info(void)
{
	return &unit_cpu_info;
}

#include "hv-begin.h"
#include "../../xen-like/common/string.c"
#include "../../xen-like/arch/x86/pv/vcpu_context.c"
#include "hv-end.h"

/* ---- the fake frame model ---- */

/*
 * Roles: 1-7 descriptor pages (GDT/LDT), 8-11 L4s, 12 an L4 whose
 * validation fails with -EBUSY, 13-15 the LDT walk's L3/L2/L1, 16-23
 * data pages (no type but writable), 24 another domain's, 0 and 25+ free.
 */
enum role { R_FREE, R_DESC, R_L4, R_L4_BUSY, R_WALK, R_DATA, R_FOREIGN };
#define DESC(n) ((mfn_t)(1 + (n)))
#define L4(n) ((mfn_t)(8 + (n)))
#define L4_BUSY 12UL
#define WALK_L3 13UL
#define WALK_L2 14UL
#define WALK_L1 15UL
#define DATA(n) ((mfn_t)(16 + (n)))
#define FOREIGN 24UL
#define BEYOND 1000UL

static struct page_info ftab[NR_FRAMES];
struct page_info *frame_table = ftab;
unsigned long max_page = NR_FRAMES;

static enum role role[NR_FRAMES];
static unsigned int held[NR_FRAMES];
static uint64_t held_type[NR_FRAMES];
static struct domain dom;
static unsigned int nr_wakes, nr_allocs;
static bool fail_alloc;

int get_page_and_type(struct page_info *pg, const struct domain *d, uint64_t type)
{
	mfn_t m = (mfn_t)(pg - ftab);

	if (m >= NR_FRAMES || d != &dom || role[m] == R_FREE || role[m] == R_FOREIGN)
		return -EINVAL;
	if (held[m] && held_type[m] != type)
		return -EINVAL; /* one type at a time */
	if (type == PGT_l4_page_table && role[m] == R_L4_BUSY)
		return -EBUSY;  /* a validation error of the tree below */
	if ((type == PGT_seg_desc_page && role[m] != R_DESC) ||
	    (type == PGT_l4_page_table && role[m] != R_L4))
		return -EINVAL;
	held[m]++;
	held_type[m] = type;
	return 0;
}

void put_page_and_type(struct page_info *pg)
{
	mfn_t m = (mfn_t)(pg - ftab);

	CHECK(m < NR_FRAMES && held[m], "put_page_and_type(%lu) without a reference", (unsigned long)m);
	if (m < NR_FRAMES && held[m])
		held[m]--;
}

bool guest_range_ok(uint64_t va, uint64_t len)
{
	uint64_t end = va + len;

	if (end < va || !is_canonical(va) || (len && !is_canonical(end - 1)))
		return false;
	return end <= HYPERVISOR_VIRT_START || va >= HYPERVISOR_VIRT_END;
}

#define UNREADABLE 0xdeadUL
unsigned long raw_copy_from_guest(void *dst, uint64_t src, unsigned long len)
{
	if (src == UNREADABLE)
		return len;
	memcpy(dst, (const void *)(uintptr_t)src, len);
	return 0;
}

void *xmalloc_bytes(size_t size)
{
	nr_allocs++;
	return fail_alloc ? NULL : malloc(size);
}

void xfree(void *p)
{
	free(p);
}

/* common/domain.c's rule: the VM assists xen-like has (writable page tables, runstate flag, m2p_strict...). */
bool vm_assist_valid(unsigned long mask)
{
	return !(mask & ~((1UL << 0) | (1UL << 1) | (1UL << 2) | (1UL << 3) | (1UL << 5) | (1UL << 32)));
}

void vcpu_wake(struct vcpu *v)
{
	nr_wakes++;
}

static unsigned int nr_sleeps, nr_unblocks;

void vcpu_sleep_nosync(struct vcpu *v)
{
	nr_sleeps++;
}

void vcpu_unblock(struct vcpu *v)
{
	nr_unblocks++;
	v->is_blocked = false;
}

spinlock_t mm_lock;

#define UNIT_CR4 0x6e0UL
uint64_t pv_guest_cr4(const struct vcpu *v)
{
	return UNIT_CR4 | v->guest_cr4;
}

/* pv/mm.c's M2P slot rule: recorded, checked in test_good(). */
static mfn_t m2p_kernel, m2p_user;

void pv_l4_base_m2p(const struct domain *d, mfn_t mfn, bool kernel)
{
	if (kernel)
		m2p_kernel = mfn;
	else
		m2p_user = mfn;
}

/* The CPUID policy here offers TSC and DE: the guest owns both bits. */
uint64_t pv_fixup_guest_cr4(const struct domain *d, uint64_t cr4)
{
	return cr4 & (X86_CR4_TSD | X86_CR4_DE);
}

/* The FNINIT image, recognisable. */
void arch_vcpu_init(struct vcpu *v)
{
	memset(v->fpu_ctxt, 0, sizeof(v->fpu_ctxt));
	v->fpu_ctxt[0] = 0x7f;
	v->fpu_ctxt[1] = 0x03;
}

/* ---- set-up ---- */

#define LDT_VA 0x0000123456000000UL /* mapped by L4(0) and L4(1) through the walk tables */
#define E(m) (((uint64_t)(m) << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW)

static struct vcpu v;

static void reset(void)
{
	unsigned int i;

	memset(machine, 0, sizeof(machine));
	memset(ftab, 0, sizeof(ftab));
	memset(held, 0, sizeof(held));
	for (i = 0; i < NR_FRAMES; i++)
		role[i] = R_FREE;
	for (i = 0; i < 7; i++)
		role[DESC(i)] = R_DESC;
	for (i = 0; i < 4; i++)
		role[L4(i)] = R_L4;
	role[L4_BUSY] = R_L4_BUSY;
	role[WALK_L3] = role[WALK_L2] = role[WALK_L1] = R_WALK;
	for (i = 0; i < 8; i++)
		role[DATA(i)] = R_DATA;
	role[FOREIGN] = R_FOREIGN;
	/* L4(0) and L4(1) map LDT_VA.. with DESC(3), DESC(4), a hole, DESC(5), DATA(0), a hole. */
	machine[L4(0)][(LDT_VA >> 39) & 511] = E(WALK_L3);
	machine[L4(1)][(LDT_VA >> 39) & 511] = E(WALK_L3);
	machine[WALK_L3][(LDT_VA >> 30) & 511] = E(WALK_L2);
	machine[WALK_L2][(LDT_VA >> 21) & 511] = E(WALK_L1);
	machine[WALK_L1][(LDT_VA >> 12) & 511] = E(DESC(3));
	machine[WALK_L1][((LDT_VA >> 12) + 1) & 511] = E(DESC(4));
	machine[WALK_L1][((LDT_VA >> 12) + 3) & 511] = E(DESC(5));
	machine[WALK_L1][((LDT_VA >> 12) + 4) & 511] = E(DATA(0));
	memset(&v, 0, sizeof(v));
	v.domain = &dom;
	v.vcpu_id = 1;
	v.kernel_mode = true;
	v.debugreg[6] = 0xffff0ff0;
	v.debugreg[7] = 0x400;
	arch_vcpu_init(&v);
	spin_lock_init(&dom.lock);
	nr_wakes = nr_allocs = 0;
	fail_alloc = false;
	bad_mfn_seen = false;
	mxcsr_mask = 0xffbf; /* never run FXSAVE on the host */
	unit_cr0 = 0;
}

static void good(struct vcpu_guest_context *c)
{
	struct cpu_user_regs *r = &c->user_regs;
	unsigned int i;

	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel | VGCF_i387_valid | VGCF_syscall_disables_events;
	c->fpu_ctxt.x[0] = 0x7f;
	c->fpu_ctxt.x[1] = 0x02;
	c->fpu_ctxt.x[24] = 0xc0; /* MXCSR 0xffff7fc0: reserved bits (and DAZ here) to mask */
	c->fpu_ctxt.x[25] = 0x7f;
	c->fpu_ctxt.x[26] = 0xff;
	c->fpu_ctxt.x[27] = 0xff;
	r->rax = 1; r->rbx = 2; r->rcx = 3; r->rdx = 4; r->rsi = 5; r->rdi = 6; r->rbp = 7;
	r->r8 = 8; r->r9 = 9; r->r10 = 10; r->r11 = 11; r->r12 = 12; r->r13 = 13; r->r14 = 14;
	r->r15 = 15;
	r->rip = 0xffffffff80001000UL;
	r->rsp = 0xffffffff80100000UL;
	r->cs = FLAT_RING3_CS64 & ~3;
	r->ss = FLAT_RING3_DS & ~3;
	r->rflags = 0x3002;
	r->ds = FLAT_RING3_DS;
	r->fs = 0x43;
	for (i = 0; i < 256; i++)
		c->trap_ctxt[i] = (struct trap_info){ .vector = i, .cs = 0xe030,
						      .address = 0xffffffff80002000UL + i * 16 };
	c->ldt_base = LDT_VA;
	c->ldt_ents = 600; /* two pages */
	c->gdt_frames[0] = DESC(0);
	c->gdt_frames[1] = DESC(1);
	c->gdt_ents = 513;
	c->kernel_ss = 0xe028;
	c->kernel_sp = 0xffffffff80100000UL;
	c->ctrlreg[0] = X86_CR0_TS;
	c->ctrlreg[3] = xen_pfn_to_cr3(L4(0));
	c->ctrlreg[1] = xen_pfn_to_cr3(L4(1));
	c->debugreg[6] = 0xffff0ff0;
	c->debugreg[7] = 0x400;
	c->event_callback_eip = 0xffffffff80003000UL;
	c->failsafe_callback_eip = 0xffffffff80004000UL;
	c->syscall_callback_eip = 0xffffffff80005000UL;
	c->fs_base = 0x7000;
	c->gs_base_kernel = 0xffffffff80200000UL;
	c->gs_base_user = 0x8000;
}

static unsigned int total_held(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < NR_FRAMES; i++)
		n += held[i];
	return n;
}

/* On success: the references held are exactly the frames @v records. */
static void check_held_matches(const char *what)
{
	unsigned int want[NR_FRAMES] = { 0 }, i;

	for (i = 0; i < DIV_ROUND_UP(v.gdt_ents, 512); i++)
		if (v.gdt_frames[i] < NR_FRAMES)
			want[v.gdt_frames[i]]++;
	for (i = 0; i < DIV_ROUND_UP(v.ldt_ents, 512); i++)
		if (v.ldt_frames[i] < NR_FRAMES)
			want[v.ldt_frames[i]]++;
	if (v.guest_table < NR_FRAMES)
		want[v.guest_table]++;
	if (v.guest_table_user && v.guest_table_user < NR_FRAMES)
		want[v.guest_table_user]++;
	for (i = 0; i < NR_FRAMES; i++)
		CHECK(held[i] == want[i], "%s: frame %u: %u references held, the vCPU records %u", what,
		      i, held[i], want[i]);
}

static struct vcpu_guest_context ctx;

/* ---- a good context ---- */

static void test_good(void)
{
	uint32_t mxcsr;
	uint16_t fcw;

	reset();
	good(&ctx);
	m2p_kernel = m2p_user = 0;
	CHECK(pv_set_info_guest(&v, &ctx) == 0, "good context refused");
	CHECK(v.is_initialised && !v.is_up && !nr_wakes, "initialised, down, not woken");
	CHECK(v.kernel_mode, "kernel mode");
	CHECK(v.user_regs.rax == 1 && v.user_regs.r15 == 15 && v.user_regs.rbp == 7, "GPRs");
	CHECK(v.user_regs.rip == 0xffffffff80001000UL && v.user_regs.rsp == 0xffffffff80100000UL,
	      "rip/rsp");
	CHECK(v.user_regs.cs == FLAT_RING3_CS64 && v.user_regs.ss == FLAT_RING3_DS,
	      "cs %#lx ss %#lx: RPL 3", (unsigned long)v.user_regs.cs, (unsigned long)v.user_regs.ss);
	CHECK(v.user_regs.rflags == 0x202, "rflags %#lx: IOPL dropped, IF set",
	      (unsigned long)v.user_regs.rflags);
	CHECK(v.iopl == 3, "virtual IOPL %u: taken from the context's RFLAGS (3)", v.iopl);
	CHECK(v.user_regs.entry_vector == 0 && v.user_regs.error_code == 0, "no stale vector");
	CHECK(v.sel_ds == FLAT_RING3_DS && v.sel_fs == 0x43 && v.sel_es == 0 && v.sel_gs == 0,
	      "data selectors as given");
	CHECK(v.fs_base == 0x7000 && v.gs_base_kernel == 0xffffffff80200000UL &&
	      v.gs_base_user == 0x8000, "bases");
	CHECK(v.trap_ctxt[14].address == 0xffffffff80002000UL + 14 * 16 &&
	      v.trap_ctxt[14].cs == 0xe033, "trap_ctxt, cs RPL 3");
	CHECK(v.nmi_callback == v.trap_ctxt[2].address, "NMI callback from trap_ctxt[2]");
	CHECK(v.event_callback == 0xffffffff80003000UL &&
	      v.failsafe_callback == 0xffffffff80004000UL &&
	      v.syscall_callback == 0xffffffff80005000UL && v.syscall32_callback == 0, "callbacks");
	CHECK(v.syscall_masks_events && !v.failsafe_masks_events, "callback event masks from flags");
	CHECK(v.kernel_ss == 0xe02b && v.kernel_sp == 0xffffffff80100000UL, "kernel stack");
	memcpy(&fcw, &v.fpu_ctxt[0], 2);
	memcpy(&mxcsr, &v.fpu_ctxt[24], 4);
	CHECK(fcw == 0x027f && mxcsr == 0x7f80, "FPU image: fcw %#x, mxcsr %#x masked", fcw, mxcsr);
	CHECK(v.fpu_ts, "CR0.TS from ctrlreg[0]");
	CHECK(v.gdt_ents == 513 && v.gdt_frames[0] == DESC(0) && v.gdt_frames[1] == DESC(1) &&
	      v.gdt_frames[2] == 0, "GDT");
	CHECK(v.ldt_ents == 600 && v.ldt_base == LDT_VA && v.ldt_frames[0] == DESC(3) &&
	      v.ldt_frames[1] == DESC(4), "LDT frames found through the kernel table");
	CHECK(v.guest_table == L4(0) && v.guest_table_user == L4(1), "base pointers");
	CHECK(m2p_kernel == L4(0) && m2p_user == L4(1), "M2P slot rule applied: kernel %lu user %lu",
	      (unsigned long)m2p_kernel, (unsigned long)m2p_user);
	CHECK(v.debugreg[6] == 0xffff0ff0 && v.debugreg[7] == 0x400, "debug registers");
	check_held_matches("good context");
	CHECK(total_held() == 6, "6 references held, got %u", total_held());

	/* Without VGCF_i387_valid: the FNINIT image; VGCF_online: up and woken once. */
	reset();
	good(&ctx);
	ctx.flags = VGCF_in_kernel | VGCF_online;
	ctx.ctrlreg[1] = 0;
	ctx.ldt_ents = 0;
	CHECK(pv_set_info_guest(&v, &ctx) == 0, "online context refused");
	CHECK(v.fpu_ctxt[0] == 0x7f && v.fpu_ctxt[1] == 0x03 && v.fpu_ctxt[24] == 0,
	      "FNINIT image without VGCF_i387_valid");
	CHECK(v.is_up && nr_wakes == 1, "VGCF_online: up %d, %u wakes", v.is_up, nr_wakes);
	CHECK(v.guest_table_user == 0 && v.ldt_ents == 0 && v.ldt_base == 0, "no user table, no LDT");
	check_held_matches("online context");

	/* User mode: the LDT is looked up in the user table. */
	reset();
	good(&ctx);
	ctx.flags = 0;
	ctx.ctrlreg[1] = xen_pfn_to_cr3(L4(2)); /* does not map LDT_VA */
	CHECK(pv_set_info_guest(&v, &ctx) == -EINVAL, "user mode: LDT not mapped by the user table");
	CHECK(total_held() == 0, "nothing held after the refusal");
	ctx.ldt_ents = 0;
	CHECK(pv_set_info_guest(&v, &ctx) == 0, "user-mode context refused");
	CHECK(!v.kernel_mode && v.guest_table_user == L4(2), "starts in user mode");
	check_held_matches("user-mode context");
}

/* ---- refusals ---- */

#define NONCANON 0x0000800000000000UL

struct refusal {
	const char *what;
	void (*mutate)(struct vcpu_guest_context *c);
	int rc;
};

#define MUTATION(name, stmt) \
	static void name(struct vcpu_guest_context *c) { stmt; }
MUTATION(m_rip, c->user_regs.rip = NONCANON)
MUTATION(m_rsp, c->user_regs.rsp = NONCANON)
MUTATION(m_kernel_sp, c->kernel_sp = NONCANON)
MUTATION(m_ldt_canon, c->ldt_base = NONCANON)
MUTATION(m_fs, c->fs_base = NONCANON)
MUTATION(m_gsk, c->gs_base_kernel = NONCANON)
MUTATION(m_gsu, c->gs_base_user = NONCANON)
MUTATION(m_ev, c->event_callback_eip = NONCANON)
MUTATION(m_sys, c->syscall_callback_eip = NONCANON)
MUTATION(m_fail, c->failsafe_callback_eip = NONCANON)
MUTATION(m_trap, c->trap_ctxt[255].address = NONCANON)
MUTATION(m_ldt_hyp, c->ldt_base = HYPERVISOR_VIRT_START; c->ldt_ents = 0)
MUTATION(m_ldt_align, c->ldt_base = LDT_VA + 8)
MUTATION(m_ldt_ents, c->ldt_ents = 8193)
MUTATION(m_ldt_unmapped, c->ldt_ents = 3 * 512)
MUTATION(m_ldt_data, c->ldt_base = LDT_VA + 3 * PAGE_SIZE; c->ldt_ents = 2 * 512)
MUTATION(m_ldt_nowhere, c->ldt_base = 0x1000)
MUTATION(m_gdt_many, c->gdt_ents = 16 * 512 + 1)
MUTATION(m_gdt_7169, c->gdt_ents = 7169)
MUTATION(m_gdt_data, c->gdt_frames[1] = DATA(1))
MUTATION(m_gdt_beyond, c->gdt_frames[1] = BEYOND)
MUTATION(m_gdt_foreign, c->gdt_frames[1] = FOREIGN)
MUTATION(m_gdt_l4, c->gdt_frames[1] = L4(0))
MUTATION(m_cr3_zero, c->ctrlreg[3] = 0)
MUTATION(m_cr3_beyond, c->ctrlreg[3] = xen_pfn_to_cr3(BEYOND))
MUTATION(m_cr3_desc, c->ctrlreg[3] = xen_pfn_to_cr3(DESC(0)))
MUTATION(m_cr3_busy, c->ctrlreg[3] = xen_pfn_to_cr3(L4_BUSY))
MUTATION(m_cr1_busy, c->ctrlreg[1] = xen_pfn_to_cr3(L4_BUSY))
MUTATION(m_cr1_data, c->ctrlreg[1] = xen_pfn_to_cr3(DATA(2)))
MUTATION(m_user_no_table, c->flags &= ~VGCF_in_kernel; c->ctrlreg[1] = 0)

static const struct refusal refusals[] = {
	{ "non-canonical rip", m_rip, -EINVAL },
	{ "non-canonical rsp", m_rsp, -EINVAL },
	{ "non-canonical kernel_sp", m_kernel_sp, -EINVAL },
	{ "non-canonical ldt_base", m_ldt_canon, -EINVAL },
	{ "non-canonical fs_base", m_fs, -EINVAL },
	{ "non-canonical gs_base_kernel", m_gsk, -EINVAL },
	{ "non-canonical gs_base_user", m_gsu, -EINVAL },
	{ "non-canonical event callback", m_ev, -EINVAL },
	{ "non-canonical syscall callback", m_sys, -EINVAL },
	{ "non-canonical failsafe callback", m_fail, -EINVAL },
	{ "non-canonical trap handler", m_trap, -EINVAL },
	{ "ldt_base in the hypervisor's range", m_ldt_hyp, -EINVAL },
	{ "misaligned ldt_base", m_ldt_align, -EINVAL },
	{ "8193 LDT entries", m_ldt_ents, -EINVAL },
	{ "third LDT page not mapped", m_ldt_unmapped, -EINVAL },
	{ "second LDT page a data page", m_ldt_data, -EINVAL },
	{ "LDT nowhere mapped", m_ldt_nowhere, -EINVAL },
	{ "GDT entries beyond 16 frames", m_gdt_many, -EINVAL },
	{ "7169 GDT entries", m_gdt_7169, -EINVAL },
	{ "GDT frame a data page", m_gdt_data, -EINVAL },
	{ "GDT frame beyond memory", m_gdt_beyond, -EINVAL },
	{ "GDT frame another domain's", m_gdt_foreign, -EINVAL },
	{ "GDT frame the L4", m_gdt_l4, -EINVAL },
	{ "ctrlreg[3] 0", m_cr3_zero, -EINVAL },
	{ "ctrlreg[3] beyond memory", m_cr3_beyond, -EINVAL },
	{ "ctrlreg[3] a GDT frame", m_cr3_desc, -EINVAL },
	{ "ctrlreg[3] failing validation", m_cr3_busy, -EBUSY },
	{ "ctrlreg[1] failing validation", m_cr1_busy, -EBUSY },
	{ "ctrlreg[1] a data page", m_cr1_data, -EINVAL },
	{ "user mode without ctrlreg[1]", m_user_no_table, -EINVAL },
};

static void test_refusals(void)
{
	struct vcpu before;
	unsigned int i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(refusals); i++) {
		reset();
		good(&ctx);
		refusals[i].mutate(&ctx);
		before = v;
		rc = pv_set_info_guest(&v, &ctx);
		CHECK(rc == refusals[i].rc, "%s: expected %d, got %d", refusals[i].what,
		      refusals[i].rc, rc);
		CHECK(!memcmp(&before, &v, sizeof(v)), "%s: the vCPU changed", refusals[i].what);
		CHECK(total_held() == 0, "%s: %u references left", refusals[i].what, total_held());
		CHECK(!bad_mfn_seen, "%s: a frame outside memory was read", refusals[i].what);
	}
}

/* ---- debug registers ---- */

static void test_debugregs(void)
{
	static const struct {
		unsigned int reg;
		uint64_t in, out;
	} cases[] = {
		{ 0, 0x7000, 0x7000 },
		{ 0, HYPERVISOR_VIRT_START, 0 },
		{ 0, HYPERVISOR_VIRT_END - 8, 0 },
		{ 1, HYPERVISOR_VIRT_END, HYPERVISOR_VIRT_END },
		{ 2, NONCANON, 0 },
		{ 3, 0x00007ffffffffff8UL, 0x00007ffffffffff8UL },
		{ 6, 0, 0xffff0ff0 },
		{ 6, 0x1234, 0xffff0ff4 },
		{ 6, 1UL << 32, 0xffff0ff0 },
		{ 7, 0, 0x400 },
		{ 7, 0x1, 0x401 },
		{ 7, 0xd801, 0x401 },              /* reserved bits cleared */
		{ 7, 0x2001, 0x400 },              /* GD: refused */
		{ 7, 1UL << 32, 0x400 },           /* upper half: refused */
		{ 7, 0x20001, 0x400 },             /* an I/O breakpoint, enabled: refused */
		{ 7, 0x20000, 0x20400 },           /* an I/O breakpoint, not enabled: taken */
		{ 7, 0x10001, 0x10401 },           /* a write breakpoint */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		reset();
		good(&ctx);
		ctx.debugreg[cases[i].reg] = cases[i].in;
		CHECK(pv_set_info_guest(&v, &ctx) == 0, "DR%u = %#lx refused", cases[i].reg,
		      (unsigned long)cases[i].in);
		CHECK(v.debugreg[cases[i].reg] == cases[i].out, "DR%u = %#lx: expected %#lx, got %#lx",
		      cases[i].reg, (unsigned long)cases[i].in, (unsigned long)cases[i].out,
		      (unsigned long)v.debugreg[cases[i].reg]);
		CHECK(v.dr7_emul == 0, "DR%u = %#lx without CR4.DE: dr7_emul %#x", cases[i].reg,
		      (unsigned long)cases[i].in, v.dr7_emul);
	}
}

/* Under CR4.DE (in the context's CR4): I/O breakpoints taken, their enables emulated. */
static void test_debugregs_de(void)
{
	static const struct {
		uint64_t in, hw;
		uint32_t emul;
	} cases[] = {
		{ 0x20001, 0x20400, 0x1 },     /* L0, slot 0 I/O */
		{ 0x200008, 0x200400, 0x8 },   /* G1, slot 1 I/O */
		{ 0x21000d, 0x210401, 0xc },   /* L1 G1 slot 1 I/O, L0 slot 0 write */
		{ 0x20000, 0x20400, 0 },       /* nothing enabled */
		{ 0x22001, 0x400, 0 },         /* GD: refused, the reset value stays */
	};
	struct vcpu_guest_context out;
	vcpu_info_t info = { 0 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		reset();
		good(&ctx);
		ctx.ctrlreg[4] |= X86_CR4_DE;
		ctx.debugreg[7] = cases[i].in;
		CHECK(pv_set_info_guest(&v, &ctx) == 0, "CR4.DE, DR7 = %#lx refused",
		      (unsigned long)cases[i].in);
		CHECK(v.debugreg[7] == cases[i].hw, "CR4.DE, DR7 = %#lx: the CPU's DR7 expected %#lx, got %#lx",
		      (unsigned long)cases[i].in, (unsigned long)cases[i].hw, (unsigned long)v.debugreg[7]);
		CHECK(v.dr7_emul == cases[i].emul, "CR4.DE, DR7 = %#lx: dr7_emul expected %#x, got %#x",
		      (unsigned long)cases[i].in, cases[i].emul, v.dr7_emul);
		CHECK(v.guest_cr4 & X86_CR4_DE, "CR4.DE not kept");
		v.vcpu_info = &info;
		pv_get_info_guest(&v, &out);
		CHECK(out.debugreg[7] == (cases[i].hw | cases[i].emul),
		      "CR4.DE, DR7 = %#lx read back as %#lx", (unsigned long)cases[i].in,
		      (unsigned long)out.debugreg[7]);
	}
	v.vcpu_info = NULL;
}

/* ---- random contexts ---- */

static uint64_t rng = 0x9e3779b97f4a7c15UL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint64_t pick(const uint64_t *vals, unsigned int n)
{
	return vals[rnd() % n];
}

static void random_mutation(struct vcpu_guest_context *c)
{
	static const uint64_t addrs[] = { 0, 0x1000, NONCANON, HYPERVISOR_VIRT_START,
					  HYPERVISOR_VIRT_END, 0xffffffff80000000UL, LDT_VA,
					  LDT_VA + PAGE_SIZE, LDT_VA + 3 * PAGE_SIZE, LDT_VA + 8, ~0UL };
	static const uint64_t frames[] = { 0, DESC(0), DESC(1), DESC(2), DESC(3), DESC(5),
					   L4(0), L4(1), L4(3), L4_BUSY, DATA(3), FOREIGN,
					   BEYOND, WALK_L1 };
	static const uint64_t counts[] = { 0, 1, 511, 512, 513, 1024, 1500, 7168, 7169, 8192,
					   8193, ~0UL };
	static const uint64_t sels[] = { 0, 0x10, 0xe030, 0xe033, 0xe023, 0xe02b, 0xe028, 0xe008 };

	switch (rnd() % 14) {
	case 0: c->user_regs.rip = pick(addrs, ARRAY_SIZE(addrs)); break;
	case 1: c->user_regs.rsp = pick(addrs, ARRAY_SIZE(addrs)); break;
	case 2: c->ldt_base = pick(addrs, ARRAY_SIZE(addrs)); break;
	case 3: c->ldt_ents = pick(counts, ARRAY_SIZE(counts)); break;
	case 4: c->gdt_ents = pick(counts, ARRAY_SIZE(counts)); break;
	case 5: c->gdt_frames[rnd() % 16] = pick(frames, ARRAY_SIZE(frames)); break;
	case 6: c->ctrlreg[3] = xen_pfn_to_cr3(pick(frames, ARRAY_SIZE(frames))); break;
	case 7: c->ctrlreg[1] = xen_pfn_to_cr3(pick(frames, ARRAY_SIZE(frames))); break;
	case 8: c->flags ^= 1UL << (rnd() % 6); break;
	case 9: c->user_regs.cs = pick(sels, ARRAY_SIZE(sels)); break;
	case 10: c->user_regs.ss = pick(sels, ARRAY_SIZE(sels)); break;
	case 11: c->fs_base = pick(addrs, ARRAY_SIZE(addrs)); break;
	case 12: c->trap_ctxt[rnd() % 256].address = pick(addrs, ARRAY_SIZE(addrs)); break;
	default: c->debugreg[rnd() % 8] = rnd(); break;
	}
}

static void test_random(void)
{
	unsigned int i, k, ok = 0;
	struct vcpu before;
	char what[48];
	int rc;

	for (i = 0; i < 20000; i++) {
		reset();
		good(&ctx);
		for (k = 1 + rnd() % 3; k; k--)
			random_mutation(&ctx);
		before = v;
		rc = pv_set_info_guest(&v, &ctx);
		snprintf(what, sizeof(what), "random context %u", i);
		CHECK(!bad_mfn_seen, "%s: a frame outside memory was read", what);
		if (rc) {
			CHECK(rc == -EINVAL || rc == -EBUSY, "%s: error %d", what, rc);
			CHECK(!memcmp(&before, &v, sizeof(v)), "%s: refused (%d) but the vCPU changed",
			      what, rc);
			CHECK(total_held() == 0, "%s: refused (%d) with %u references left", what, rc,
			      total_held());
			continue;
		}
		ok++;
		CHECK(v.is_initialised, "%s: not marked initialised", what);
		check_held_matches(what);
		/* Any selector is taken (Xen), with RPL 3; IRETQ judges it later. */
		CHECK((v.user_regs.cs & 3) == 3 && (v.user_regs.ss & 3) == 3, "%s: cs %#lx ss %#lx",
		      what, (unsigned long)v.user_regs.cs, (unsigned long)v.user_regs.ss);
		CHECK(is_canonical(v.user_regs.rip) && is_canonical(v.fs_base), "%s: canonical", what);
		CHECK(v.kernel_mode || v.guest_table_user, "%s: user mode without a user table", what);
		CHECK(v.gdt_ents <= FIRST_RESERVED_GDT_ENTRY && v.ldt_ents <= LDT_MAX_ENTRIES,
		      "%s: descriptor table sizes", what);
		CHECK(!(v.debugreg[7] >> 32) && !(v.debugreg[6] >> 32) && !(v.debugreg[7] & 0x2000),
		      "%s: debug registers the CPU would refuse", what);
	}
	CHECK(ok > 1000 && ok < 19000, "random contexts: %u of 20000 accepted (want a mix)", ok);
	printf("unit: vcpu_context: %u of 20000 random contexts accepted\n", ok);
}

/* ---- the lock re-check, and arch_initialise_vcpu() ---- */

static void test_entry(void)
{
	reset();
	good(&ctx);
	v.is_initialised = true; /* as if another vCPU won the race */
	CHECK(pv_set_info_guest(&v, &ctx) == -EEXIST, "initialised meanwhile: -EEXIST");
	CHECK(total_held() == 0, "initialised meanwhile: %u references left", total_held());

	reset();
	good(&ctx);
	CHECK(arch_initialise_vcpu(&v, (XEN_GUEST_HANDLE(void)){ UNREADABLE }) == -EFAULT,
	      "unreadable context: -EFAULT");
	ctx.user_regs.rip = NONCANON;
	CHECK(arch_initialise_vcpu(&v, (XEN_GUEST_HANDLE(void)){ (uintptr_t)&ctx }) == -EINVAL,
	      "bad context: -EINVAL");
	ctx.user_regs.rip = 0x1000;
	CHECK(arch_initialise_vcpu(&v, (XEN_GUEST_HANDLE(void)){ (uintptr_t)&ctx }) == 0,
	      "good context: 0");
	CHECK(arch_initialise_vcpu(&v, (XEN_GUEST_HANDLE(void)){ UNREADABLE }) == -EFAULT,
	      "initialised, unreadable context: -EFAULT first (Xen copies first)");
	ctx.user_regs.rip = NONCANON;
	CHECK(arch_initialise_vcpu(&v, (XEN_GUEST_HANDLE(void)){ (uintptr_t)&ctx }) == -EEXIST,
	      "initialised, bad context: -EEXIST");
	fail_alloc = true;
	CHECK(arch_initialise_vcpu(&v, (XEN_GUEST_HANDLE(void)){ UNREADABLE }) == -ENOMEM,
	      "no memory for the context: -ENOMEM before anything");
}

/*
 * The toolstack's paths: getvcpucontext gives back what was loaded;
 * setvcpucontext of an initialised vCPU takes the registers and keeps
 * the frames (-EOPNOTSUPP for others, nothing changed), VGCF_online
 * taking it up or down; a reset gives back every reference and leaves
 * it uninitialised, ready for a first context again.
 */
static void test_domctl(void)
{
	static struct vcpu_guest_context got, again;
	static struct vcpu before;
	vcpu_info_t info = {0};

	reset();
	v.vcpu_info = &info;
	good(&ctx);
	ctx.flags |= VGCF_online;
	CHECK(pv_domctl_set_info_guest(&v, &ctx) == 0, "first context through the domctl: 0");
	CHECK(v.is_up && nr_wakes == 1, "VGCF_online: up and woken once");
	pv_get_info_guest(&v, &got);
	CHECK(got.flags == (VGCF_online | VGCF_in_kernel | VGCF_i387_valid |
			    VGCF_syscall_disables_events),
	      "flags read back: %#lx", (unsigned long)got.flags);
	CHECK(got.user_regs.rip == ctx.user_regs.rip && got.user_regs.r15 == 15 &&
		      got.user_regs.rflags == (0x3002 | X86_EFLAGS_IF),
	      "registers read back (IOPL merged, IF set): rflags %#lx",
	      (unsigned long)got.user_regs.rflags);
	CHECK(got.user_regs.cs == (FLAT_RING3_CS64 | 3) && got.user_regs.fs == 0x43,
	      "selectors read back");
	CHECK(got.ctrlreg[3] == ctx.ctrlreg[3] && got.ctrlreg[1] == ctx.ctrlreg[1] &&
		      got.gdt_ents == 513 && got.gdt_frames[1] == DESC(1) && got.gdt_frames[2] == 0 &&
		      got.ldt_base == LDT_VA && got.ldt_ents == 600,
	      "frames read back");
	CHECK(got.ctrlreg[0] == X86_CR0_TS && got.ctrlreg[4] == UNIT_CR4, "CR0.TS and CR4 read back");
	CHECK(!memcmp(got.trap_ctxt, v.trap_ctxt, sizeof(got.trap_ctxt)) &&
		      got.event_callback_eip == ctx.event_callback_eip &&
		      got.gs_base_user == ctx.gs_base_user && got.kernel_sp == ctx.kernel_sp,
	      "callbacks, IDT, bases read back");
	CHECK(!memcmp(got.fpu_ctxt.x, v.fpu_ctxt, sizeof(v.fpu_ctxt)), "FPU image read back");

	/* Given back unchanged: the same vCPU state, no new reference. */
	memcpy(&before, &v, sizeof(v));
	CHECK(pv_domctl_set_info_guest(&v, &got) == 0, "the context read, given back: 0");
	pv_get_info_guest(&v, &again);
	CHECK(!memcmp(&got, &again, sizeof(got)), "read again: the same context");
	check_held_matches("given back");

	/* Other frames: refused, nothing changed. */
	memcpy(&before, &v, sizeof(v));
	again.ctrlreg[3] = xen_pfn_to_cr3(L4(2));
	again.user_regs.rip = 0x2000;
	CHECK(pv_domctl_set_info_guest(&v, &again) == -EOPNOTSUPP, "another L4: -EOPNOTSUPP");
	again = got;
	again.gdt_frames[1] = DESC(2);
	CHECK(pv_domctl_set_info_guest(&v, &again) == -EOPNOTSUPP, "another GDT frame: -EOPNOTSUPP");
	again = got;
	again.ldt_ents = 512;
	CHECK(pv_domctl_set_info_guest(&v, &again) == -EOPNOTSUPP, "another LDT size: -EOPNOTSUPP");
	again = got;
	again.ctrlreg[1] = 0;
	CHECK(pv_domctl_set_info_guest(&v, &again) == -EOPNOTSUPP, "no user L4 now: -EOPNOTSUPP");
	CHECK(!memcmp(&before, &v, sizeof(v)), "refused: the vCPU unchanged");

	/* New registers, down: taken, the vCPU put to sleep. */
	again = got;
	again.user_regs.rip = 0x3000;
	again.flags &= ~(uint64_t)VGCF_online;
	CHECK(pv_domctl_set_info_guest(&v, &again) == 0, "new registers: 0");
	CHECK(v.user_regs.rip == 0x3000 && !v.is_up && nr_sleeps == 1, "taken, and down");
	check_held_matches("new registers");

	/* Reset: every reference back, uninitialised, then a first context again. */
	v.is_blocked = true;
	pv_vcpu_reset(&v);
	CHECK(total_held() == 0, "reset: %u references left", total_held());
	CHECK(!v.is_initialised && !v.is_up && !v.is_blocked && !v.guest_table &&
		      !v.gdt_ents && !v.ldt_ents,
	      "reset: uninitialised, down, not blocked, no frames");
	CHECK(pv_domctl_set_info_guest(&v, &got) == 0, "the first context again: 0");
	check_held_matches("after a reset");
	CHECK(v.is_initialised && v.is_up, "initialised and up again");
}

int main(void)
{
	test_good();
	test_refusals();
	test_debugregs();
	test_debugregs_de();
	test_random();
	test_entry();
	test_domctl();
	return unit_report("vcpu_context");
}
