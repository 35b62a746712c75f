// SPDX-License-Identifier: GPL-2.0-only
/*
 * A PV kernel's debug registers, and the ways a guest breakpoint can
 * reach the hypervisor (issue 21). Behaviour under test, as Xen 4.17
 * gives it:
 * - set_debugreg's refusals: a breakpoint address in the hypervisor's
 *   range or non-canonical -EPERM; DR7.GD -EPERM; an I/O breakpoint
 *   (RW = 10b, any slot) in an enabled DR7 -EPERM while the guest has
 *   not set CR4.DE (it starts without; also through DR5); upper bits of DR6/DR7 -EINVAL; DR8
 *   and a negative register -ENODEV; a refusal changes nothing;
 * - what is kept: reserved DR6/DR7 bits read back fixed (DR6 bit 12
 *   clear, bits 4-11 and 16-31 set; DR7 bit 10 set, 11-12 and 14-15
 *   clear); an I/O field in a disabled DR7 is accepted; DR4/DR5 read as
 *   DR6/DR7;
 * - MOV to and from %dr0-%dr7 in the guest kernel is emulated as
 *   set_debugreg/get_debugreg: values read back both ways, a refused
 *   value #GP(0), %dr8 (REX.R) #UD;
 * - single-stepping (TF) over an instruction the hypervisor emulates
 *   (MOV from %cr0, a #GP in ring 3) raises #DB right after it, with
 *   DR6.BS, as the CPU would;
 * - a guest watchpoint that fires while the hypervisor writes (a
 *   xen_version buffer) or reads (a console_io string) guest memory for
 *   the guest is dropped: no #DB reaches the guest, DR6 stays as the
 *   guest set it, the call succeeds;
 * - CR4.DE, which a PV kernel owns (CPUID leaf 1 offers DE): MOV to
 *   %cr4 keeps it; under it an enabled I/O breakpoint is accepted (by
 *   the hypercall and by MOV to %dr7) and read back whole, DR4 and DR5
 *   are gone (-ENODEV, MOV #UD); an emulated OUT or IN (IOPL 1) to a
 *   watched port raises #DB right after the instruction with the slot's
 *   bit in DR6, an access to another port none; single-stepped, an
 *   access to a port the domain reaches gets no BS (without a breakpoint
 *   the step #DB comes one instruction late: Xen 4.17's emulator retires
 *   no single step for port I/O it hands to the real port), one the
 *   hypervisor keeps (the PIT) one #DB with BS and the slot's bit; the
 *   LEN field counts
 *   (the address aligned down to it); with CR4.DE cleared again the
 *   breakpoint stays in DR7 but no longer fires, and a new one is -EPERM;
 * - XSA-260's shape: MOV SS from a watched selector, then SYSCALL (a
 *   hypercall). On hardware the MOV SS shadow would hold the #DB back
 *   into the hypervisor's SYSCALL entry, on its stack of its own; QEMU
 *   TCG delivers it before the SYSCALL, to the guest. Either way the
 *   hypercall returns its value and the hypervisor stays up.
 */
#include <public/errno.h>
#include <public/physdev.h>
#include <public/version.h>
#include <public/xen.h>
#include <framework.h>

const char test_title[] = "debug registers: refusals, MOV %dr, watchpoints hit by the hypervisor";

#define DR6_DEFAULT 0xffff0ff0UL
#define DR7_DEFAULT 0x400UL
#define DR7_L(n) (1UL << ((n) * 2))
#define DR7_G(n) (2UL << ((n) * 2))
#define DR7_RW(n, rw) ((uint64_t)(rw) << (16 + (n) * 4))
#define DR7_LEN(n, len) ((uint64_t)(len) << (18 + (n) * 4))
#define RW_WRITE 1
#define RW_IO 2
#define RW_READ 3
#define LEN_2 1
#define LEN_8 2

static volatile unsigned int db_count; /* written by the #DB hook behind the compiler's back */
static volatile uint64_t db_rip;

#define X86_EFLAGS_TF 0x100

static int on_db(struct cpu_regs *regs)
{
	if (!db_count)
		db_rip = regs->rip;
	db_count++;
	regs->rflags &= ~X86_EFLAGS_TF; /* one step is enough */
	return 1;
}

static void clear_debugregs(void)
{
	unsigned int i;

	HYPERVISOR_set_debugreg(7, 0);
	for (i = 0; i < 4; i++)
		HYPERVISOR_set_debugreg(i, 0);
	HYPERVISOR_set_debugreg(6, 0);
}

static void test_refusals(void)
{
	static const struct {
		const char *what;
		int reg;
		uint64_t value;
		long rc;
	} cases[] = {
		{ "DR0 at the hypervisor's start", 0, 0xffff800000000000UL, -XEN_EPERM },
		{ "DR1 at the hypervisor's last word", 1, 0xffff87fffffffff8UL, -XEN_EPERM },
		{ "DR2 non-canonical", 2, 0x0000800000000000UL, -XEN_EPERM },
		{ "DR3 past the hypervisor's range", 3, 0xffff880000000000UL, 0 },
		{ "DR6 bit 32", 6, 1UL << 32, -XEN_EINVAL },
		{ "DR7 bit 63", 7, 1UL << 63, -XEN_EINVAL },
		{ "DR7 GD", 7, 1UL << 13, -XEN_EPERM },
		{ "DR7 L0 I/O breakpoint", 7, DR7_L(0) | DR7_RW(0, RW_IO), -XEN_EPERM },
		{ "DR7 G2, I/O in slot 3", 7, DR7_G(2) | DR7_RW(3, RW_IO), -XEN_EPERM },
		{ "DR5 (DR7) L1 I/O breakpoint", 5, DR7_L(1) | DR7_RW(1, RW_IO), -XEN_EPERM },
		{ "DR8", 8, 0, -XEN_ENODEV },
		{ "register -1", -1, 0, -XEN_ENODEV },
	};
	unsigned int i;
	char what[96];

	clear_debugregs();
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		long before = HYPERVISOR_get_debugreg(cases[i].reg == 5 ? 7 : cases[i].reg);

		snprintf(what, sizeof(what), "set_debugreg(%s)", cases[i].what);
		check_long(what, cases[i].rc, HYPERVISOR_set_debugreg(cases[i].reg, cases[i].value));
		if (cases[i].rc && cases[i].rc != -XEN_ENODEV) {
			snprintf(what, sizeof(what), "%s: register unchanged", cases[i].what);
			check_long(what, before,
				   HYPERVISOR_get_debugreg(cases[i].reg == 5 ? 7 : cases[i].reg));
		}
	}
	check_long("get_debugreg(8)", -XEN_ENODEV, HYPERVISOR_get_debugreg(8));
	check_long("get_debugreg(-1)", -XEN_ENODEV, HYPERVISOR_get_debugreg(-1));
	clear_debugregs();
}

static void test_normalised(void)
{
	uint64_t io_off = DR7_RW(1, RW_IO) | DR7_LEN(1, LEN_8);

	check_long("set_debugreg(6, 0)", 0, HYPERVISOR_set_debugreg(6, 0));
	check_long("DR6 after 0", (long)DR6_DEFAULT, HYPERVISOR_get_debugreg(6));
	check_long("set_debugreg(6, B0 | bit 12)", 0, HYPERVISOR_set_debugreg(6, 1 | (1UL << 12)));
	check_long("DR6: B0 kept, bit 12 cleared", (long)(DR6_DEFAULT | 1), HYPERVISOR_get_debugreg(6));
	check_long("DR4 reads as DR6", (long)(DR6_DEFAULT | 1), HYPERVISOR_get_debugreg(4));
	check_long("set_debugreg(7, bits 11, 12, 14, 15)", 0, HYPERVISOR_set_debugreg(7, 0xd800));
	check_long("DR7: reserved bits fixed", (long)DR7_DEFAULT, HYPERVISOR_get_debugreg(7));
	check_long("set_debugreg(7, I/O field, nothing enabled)", 0, HYPERVISOR_set_debugreg(7, io_off));
	check_long("DR7 keeps the disabled I/O field", (long)(DR7_DEFAULT | io_off),
		   HYPERVISOR_get_debugreg(7));
	check_long("DR5 reads as DR7", (long)(DR7_DEFAULT | io_off), HYPERVISOR_get_debugreg(5));
	clear_debugregs();
}

#define mov_to_dr(n, value) TRY_INSN("mov %[v], %%dr" #n, [v] "r"((uint64_t)(value)))

static exinfo_t mov_from_dr(unsigned int n, uint64_t *val)
{
	exinfo_t f = 0;
	uint64_t v = 0;

	switch (n) {
	case 0: asm volatile("1: mov %%dr0, %[v]; 2:" _ASM_EXTABLE(1b, 2b) : "+a"(f), [v] "+r"(v) :: "memory"); break;
	case 6: asm volatile("1: mov %%dr6, %[v]; 2:" _ASM_EXTABLE(1b, 2b) : "+a"(f), [v] "+r"(v) :: "memory"); break;
	case 7: asm volatile("1: mov %%dr7, %[v]; 2:" _ASM_EXTABLE(1b, 2b) : "+a"(f), [v] "+r"(v) :: "memory"); break;
	case 8: /* mov %dr8, %rcx: REX.R + 0f 21 c1 */
		asm volatile("1: .byte 0x44, 0x0f, 0x21, 0xc1; 2:" _ASM_EXTABLE(1b, 2b)
			     : "+a"(f), "+c"(v) :: "memory");
		break;
	}
	*val = v;
	return f;
}

static void test_mov_dr(void)
{
	static uint64_t target;
	uint64_t v;

	clear_debugregs();
	check_exinfo("MOV to %dr0 (guest address)", 0, mov_to_dr(0, (uintptr_t)&target));
	check_long("get_debugreg(0) after MOV", (long)(uintptr_t)&target, HYPERVISOR_get_debugreg(0));
	check_exinfo("MOV from %dr0", 0, mov_from_dr(0, &v));
	check_u64("MOV from %dr0 reads it back", (uintptr_t)&target, v);
	check_exinfo("MOV to %dr0 (hypervisor address)", EXINFO_SYM(GP, 0),
		     mov_to_dr(0, 0xffff82d080000000UL));
	check_long("DR0 unchanged by the refused MOV", (long)(uintptr_t)&target,
		   HYPERVISOR_get_debugreg(0));
	check_exinfo("MOV to %dr7 (I/O breakpoint)", EXINFO_SYM(GP, 0),
		     mov_to_dr(7, DR7_L(0) | DR7_RW(0, RW_IO)));
	check_exinfo("MOV to %dr7 (GD)", EXINFO_SYM(GP, 0), mov_to_dr(7, 1UL << 13));
	check_exinfo("MOV to %dr7 (disabled write watch)", 0,
		     mov_to_dr(7, DR7_RW(0, RW_WRITE) | DR7_LEN(0, LEN_8)));
	check_exinfo("MOV from %dr7", 0, mov_from_dr(7, &v));
	check_u64("MOV from %dr7", DR7_DEFAULT | DR7_RW(0, RW_WRITE) | DR7_LEN(0, LEN_8), v);
	check_exinfo("MOV to %dr6 (0)", 0, mov_to_dr(6, 0));
	check_exinfo("MOV from %dr6", 0, mov_from_dr(6, &v));
	check_u64("MOV from %dr6", DR6_DEFAULT, v);
	check_exinfo("MOV from %dr8", EXINFO_SYM(UD, 0), mov_from_dr(8, &v));
	clear_debugregs();
}

/* Set TF, then MOV from %cr0 (emulated): the first #DB must come right after it. */
static void test_single_step(void)
{
	extern const char step_after[];
	uint64_t cr0;

	clear_debugregs();
	db_count = 0;
	asm volatile("pushfq\n\t"
		     "orq $0x100, (%%rsp)\n\t"
		     "popfq\n\t"
		     "mov %%cr0, %0\n\t"
		     "step_after:\n\t"
		     "nop\n\t"
		     "nop"
		     : "=r"(cr0)
		     :
		     : "memory", "cc");
	check_long("#DBs for one single step (the hook clears TF)", 1, db_count);
	check_u64("#DB after the emulated MOV from %cr0: RIP", (uintptr_t)step_after, db_rip);
	check_u64("DR6.BS after the single step", 1UL << 14, HYPERVISOR_get_debugreg(6) & (1UL << 14));
	clear_debugregs();
}

/* Watch the 8 bytes at @va for @rw (RW_WRITE or RW_READ, which also catches writes). */
static bool watch(void *va, unsigned int rw)
{
	db_count = 0;
	return check_long("set_debugreg(6, 0)", 0, HYPERVISOR_set_debugreg(6, 0)) &&
	       check_long("set_debugreg(0, watched buffer)", 0,
			  HYPERVISOR_set_debugreg(0, (uintptr_t)va)) &&
	       check_long("set_debugreg(7, watchpoint)", 0,
			  HYPERVISOR_set_debugreg(7, DR7_L(0) | DR7_RW(0, rw) | DR7_LEN(0, LEN_8)));
}

static void test_hypervisor_hits(void)
{
	static char extra[XEN_EXTRAVERSION_LEN] __attribute__((aligned(8)));
	static char msg[] __attribute__((aligned(8))) = "(debugregs: a watched console_io string)\n";
	long rc;

	/* The guest's own access first: the watchpoint works. */
	if (watch(extra, RW_WRITE)) {
		*(volatile char *)extra = 'x';
		check_long("#DBs after the guest's own write", 1, db_count);
		check_u64("DR6.B0 after the guest's own write", 1, HYPERVISOR_get_debugreg(6) & 1);
	}
	clear_debugregs();

	if (watch(extra, RW_WRITE)) {
		memset(extra, 0, sizeof(extra));
		db_count = 0;
		HYPERVISOR_set_debugreg(6, 0);
		rc = HYPERVISOR_xen_version(XENVER_extraversion, extra);
		HYPERVISOR_set_debugreg(7, 0);
		check_long("xen_version(extraversion) into a watched buffer", 0, rc);
		check_long("#DBs delivered for the hypervisor's write", 0, db_count);
		check_long("DR6 after the hypervisor's write", (long)DR6_DEFAULT,
			   HYPERVISOR_get_debugreg(6));
		if (!extra[0] || extra[0] == 'x')
			xtf_failure("extraversion: expected the version suffix, got \"%.16s\"", extra);
	}
	clear_debugregs();

	if (watch(msg, RW_READ)) {
		db_count = 0;
		rc = HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, msg);
		HYPERVISOR_set_debugreg(7, 0);
		check_long("console_io(write) from a read-watched string", 0, rc);
		check_long("#DBs delivered for the hypervisor's read", 0, db_count);
		check_long("DR6 after the hypervisor's read", (long)DR6_DEFAULT, HYPERVISOR_get_debugreg(6));
	}
	clear_debugregs();
}

#define CR4_DE (1UL << 3)
#define CPUID_1_EDX_DE (1U << 2)
#define POST_PORT 0x80 /* harmless to read and write on any PC */

static uint64_t read_cr4(void)
{
	uint64_t v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

#define write_cr4(value) TRY_INSN("mov %[v], %%cr4", [v] "r"((uint64_t)(value)))

static long set_iopl(uint32_t iopl)
{
	struct physdev_set_iopl op = { .iopl = iopl };

	return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &op);
}

/* The forced-emulation CPUID's leaf 1 EDX (the policy the hypervisor presents). */
static uint32_t cpuid_1_edx(void)
{
	uint32_t a = 1, b, c = 0, d;

	asm volatile(XEN_CPUID : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return d;
}

/* OUT to the POST port at a known RIP; the #DB hook sees whether a breakpoint fired. */
static void __attribute__((noinline)) post_out(void)
{
	asm volatile("outb %%al, %[port]\n\t"
		     ".globl post_out_after\n"
		     "post_out_after:\n\t"
		     "nop"
		     : : "a"(0), [port] "i"(POST_PORT) : "memory");
}

/* The same OUT single-stepped (TF set just before it; the #DB hook clears it). */
static void __attribute__((noinline)) post_out_stepped(void)
{
	asm volatile("pushfq\n\t"
		     "orq $0x100, (%%rsp)\n\t"
		     "popfq\n\t"
		     "outb %%al, %[port]\n\t"
		     ".globl post_out_stepped_after\n"
		     "post_out_stepped_after:\n\t"
		     "nop"
		     : : "a"(0), [port] "i"(POST_PORT) : "memory", "cc");
}

/* IN from the PIT's counter 0, a port the hypervisor keeps (reads as all ones), single-stepped. */
#define PIT_PORT 0x40
static void __attribute__((noinline)) pit_in_stepped(void)
{
	uint8_t v;

	asm volatile("pushfq\n\t"
		     "orq $0x100, (%%rsp)\n\t"
		     "popfq\n\t"
		     "inb %[port], %0\n\t"
		     ".globl pit_in_stepped_after\n"
		     "pit_in_stepped_after:\n\t"
		     "nop"
		     : "=a"(v) : [port] "i"(PIT_PORT) : "memory", "cc");
}

static void __attribute__((noinline)) post_in(void)
{
	uint8_t v;

	asm volatile("inb %[port], %0\n\t"
		     ".globl post_in_after\n"
		     "post_in_after:\n\t"
		     "nop"
		     : "=a"(v) : [port] "i"(POST_PORT) : "memory");
}

/* Watch port @port (LEN field @len) in slot 0 and make one access; the #DBs it raised. */
static unsigned int io_hits(uint64_t port, unsigned int len, void (*access)(void))
{
	HYPERVISOR_set_debugreg(6, 0);
	HYPERVISOR_set_debugreg(0, port);
	if (!check_long("set_debugreg(7, I/O breakpoint) under CR4.DE", 0,
			HYPERVISOR_set_debugreg(7, DR7_L(0) | DR7_RW(0, RW_IO) | DR7_LEN(0, len))))
		return ~0U;
	db_count = 0;
	db_rip = 0;
	access();
	HYPERVISOR_set_debugreg(7, 0);
	return db_count;
}

static void test_cr4_de(void)
{
	extern const char post_out_after[], post_in_after[], post_out_stepped_after[];
	extern const char pit_in_stepped_after[];
	uint64_t cr4 = read_cr4(), io = DR7_L(0) | DR7_RW(0, RW_IO), v;
	unsigned int n;

	if (!(cpuid_1_edx() & CPUID_1_EDX_DE)) {
		xtf_failure("CPUID leaf 1: DE expected offered to a PV guest (EDX %#x)", cpuid_1_edx());
		return;
	}
	check_u64("CR4.DE clear at start", 0, cr4 & CR4_DE);
	clear_debugregs();
	check_exinfo("MOV to CR4 with DE", 0, write_cr4(cr4 | CR4_DE));
	if (!check_u64("CR4.DE after setting it (the guest owns it)", CR4_DE, read_cr4() & CR4_DE))
		return;

	check_long("set_debugreg(7, L0 I/O breakpoint) under CR4.DE", 0,
		   HYPERVISOR_set_debugreg(7, io));
	check_long("get_debugreg(7): the I/O breakpoint whole", (long)(DR7_DEFAULT | io),
		   HYPERVISOR_get_debugreg(7));
	check_exinfo("MOV from %dr7 under CR4.DE", 0, mov_from_dr(7, &v));
	check_u64("MOV from %dr7: the I/O breakpoint whole", DR7_DEFAULT | io, v);
	check_long("set_debugreg(7, 0)", 0, HYPERVISOR_set_debugreg(7, 0));
	check_exinfo("MOV to %dr7 (I/O breakpoint) under CR4.DE", 0, mov_to_dr(7, io));
	check_long("get_debugreg(7) after the MOV", (long)(DR7_DEFAULT | io), HYPERVISOR_get_debugreg(7));
	check_long("set_debugreg(7, GD) under CR4.DE", -XEN_EPERM,
		   HYPERVISOR_set_debugreg(7, io | (1UL << 13)));
	HYPERVISOR_set_debugreg(7, 0);
	check_long("set_debugreg(4) under CR4.DE", -XEN_ENODEV, HYPERVISOR_set_debugreg(4, 0));
	check_long("set_debugreg(5) under CR4.DE", -XEN_ENODEV, HYPERVISOR_set_debugreg(5, 0));
	check_long("get_debugreg(4) under CR4.DE", -XEN_ENODEV, HYPERVISOR_get_debugreg(4));
	check_long("get_debugreg(5) under CR4.DE", -XEN_ENODEV, HYPERVISOR_get_debugreg(5));
	check_exinfo("MOV from %dr4 under CR4.DE", EXINFO_SYM(UD, 0),
		     TRY_INSN("mov %%dr4, %%rcx", "c"(0)));
	check_exinfo("MOV to %dr5 under CR4.DE", EXINFO_SYM(UD, 0), mov_to_dr(5, 0));

	/* Emulated port I/O against the breakpoint. */
	if (!check_long("set_iopl(1)", 0, set_iopl(1)))
		goto out;
	n = io_hits(POST_PORT, 0, post_out);
	check_long("#DBs for OUT to the watched port", 1, n);
	check_u64("#DB after the OUT: RIP", (uintptr_t)post_out_after, db_rip);
	check_u64("DR6 after the OUT: B0", 1, HYPERVISOR_get_debugreg(6) & 0xf);
	/*
	 * Single-stepped: to a port the domain reaches, Xen 4.17 retires no
	 * single step (the breakpoint's #DB alone, no BS; without it the
	 * CPU's own step #DB comes one instruction late, after the NOP); to
	 * a port the hypervisor keeps, one #DB with both.
	 */
	n = io_hits(POST_PORT, 0, post_out_stepped);
	check_long("#DBs for a single-stepped OUT to the watched port", 1, n);
	check_u64("#DB after the single-stepped OUT: RIP", (uintptr_t)post_out_stepped_after, db_rip);
	check_u64("DR6 after the single-stepped OUT: B0, no BS", 1,
		  HYPERVISOR_get_debugreg(6) & ((1UL << 14) | 0xf));
	n = io_hits(POST_PORT + 1, 0, post_out_stepped);
	check_long("#DBs for a single-stepped OUT to the port, 0x81 watched", 1, n);
	check_u64("that #DB: RIP after the NOP that follows", (uintptr_t)post_out_stepped_after + 1,
		  db_rip);
	check_u64("DR6 after it: BS alone", 1UL << 14, HYPERVISOR_get_debugreg(6) & ((1UL << 14) | 0xf));
	n = io_hits(PIT_PORT, 0, pit_in_stepped);
	check_long("#DBs for a single-stepped IN from the watched PIT port (one for both)", 1, n);
	check_u64("#DB after the single-stepped IN: RIP", (uintptr_t)pit_in_stepped_after, db_rip);
	check_u64("DR6 after the single-stepped IN from the PIT: BS and B0", (1UL << 14) | 1,
		  HYPERVISOR_get_debugreg(6) & ((1UL << 14) | 0xf));
	n = io_hits(PIT_PORT + 1, 0, pit_in_stepped);
	check_long("#DBs for a single-stepped IN from the PIT, 0x41 watched", 1, n);
	check_u64("DR6 after it: BS alone", 1UL << 14, HYPERVISOR_get_debugreg(6) & ((1UL << 14) | 0xf));
	n = io_hits(POST_PORT, 0, post_in);
	check_long("#DBs for IN from the watched port", 1, n);
	check_u64("#DB after the IN: RIP", (uintptr_t)post_in_after, db_rip);
	check_long("#DBs for OUT to port 0x80, 0x81 watched (1 byte)", 0,
		   io_hits(POST_PORT + 1, 0, post_out));
	check_long("#DBs for OUT to port 0x80, 0x81 watched (2 bytes: 0x80-0x81)", 1,
		   io_hits(POST_PORT + 1, 1, post_out));
	check_long("#DBs for OUT to port 0x80, 0x84 watched (4 bytes: 0x84-0x87)", 0,
		   io_hits(POST_PORT + 4, 3, post_out));
	check_long("#DBs for OUT to port 0x80, 0x87 watched (8 bytes: 0x80-0x87)", 1,
		   io_hits(POST_PORT + 7, 2, post_out));

	/* CR4.DE off: the breakpoint stays in DR7, fires no more, and cannot be set anew. */
	check_long("set_debugreg(0, the port)", 0, HYPERVISOR_set_debugreg(0, POST_PORT));
	check_long("set_debugreg(7, I/O breakpoint)", 0, HYPERVISOR_set_debugreg(7, io));
	check_exinfo("MOV to CR4 clearing DE", 0, write_cr4(cr4));
	check_long("get_debugreg(7) after clearing CR4.DE", (long)(DR7_DEFAULT | io),
		   HYPERVISOR_get_debugreg(7));
	db_count = 0;
	post_out();
	check_long("#DBs for OUT to the watched port without CR4.DE", 0, db_count);
	check_long("set_debugreg(7, I/O breakpoint) without CR4.DE", -XEN_EPERM,
		   HYPERVISOR_set_debugreg(7, io));
	set_iopl(0);
out:
	write_cr4(cr4);
	HYPERVISOR_set_debugreg(7, 0);
	clear_debugregs();
}

/* MOV SS from *@sel, then SYSCALL straight into xen_version(XENVER_version). */
static long movss_syscall(const volatile uint16_t *sel)
{
	long rax = __HYPERVISOR_xen_version;
	uint64_t rdi = XENVER_version, rsi = 0;

	asm volatile("mov %[sel], %%ss\n\t"
		     "syscall"
		     : "+a"(rax), "+D"(rdi), "+S"(rsi)
		     : [sel] "m"(*sel)
		     : "rcx", "r11", "rdx", "r8", "r9", "r10", "memory");
	return rax;
}

static void test_movss_syscall(void)
{
	static volatile uint16_t sel[4] __attribute__((aligned(8)));
	long version = HYPERVISOR_xen_version(XENVER_version, NULL), rc;
	uint16_t ss;

	asm volatile("mov %%ss, %0" : "=r"(ss));
	sel[0] = ss;
	if (!check_long("set_debugreg(0, selector)", 0, HYPERVISOR_set_debugreg(0, (uintptr_t)sel)) ||
	    !check_long("set_debugreg(7, read watch, 2 bytes)", 0,
			HYPERVISOR_set_debugreg(7, DR7_L(0) | DR7_RW(0, RW_READ) | DR7_LEN(0, LEN_2))))
		return;
	db_count = 0;
	rc = movss_syscall(sel);
	HYPERVISOR_set_debugreg(7, 0);
	check_long("xen_version through MOV SS + SYSCALL with a watched selector", version, rc);
	if (db_count > 1)
		xtf_failure("#DBs for one MOV SS: expected at most 1, got %u", db_count);
	printk("MOV SS + SYSCALL: %u #DB delivered to the guest%s\n", db_count,
	       db_count ? " (before the SYSCALL: no MOV SS shadow here)" : "");
	clear_debugregs();
}

void test_main(void)
{
	trap_hooks[X86_EXC_DB] = on_db;
	test_refusals();
	test_normalised();
	test_mov_dr();
	test_single_step();
	test_hypervisor_hits();
	test_cr4_de();
	test_movss_syscall();
	trap_hooks[X86_EXC_DB] = NULL;
	xtf_success(NULL);
}
