// SPDX-License-Identifier: GPL-2.0-only
/*
 * Privileged instructions a PV kernel executes in ring 3, and what the
 * hypervisor makes of them (stock Linux uses every one). Behaviour under
 * test, as Xen 4.17 gives it:
 * - MOV from CR4 gives the guest's view: PAE and OSFXSR set, nothing the
 *   hypervisor keeps to itself (PGE, SMEP, SMAP...); MOV to CR4 drops
 *   what the guest does not own and keeps TSD; RDTSC still works in the
 *   kernel under TSD; writing the first value back clears it;
 * - MOV to CR0 may change TS only (the view follows, fpu_taskswitch's
 *   rule), anything else is #GP(0); MOV to and from CR2;
 * - CLI and STI are #GP(0) at IOPL 0; after PHYSDEVOP_set_iopl(1) they
 *   run in the kernel, as no-ops (the event mask is untouched), and still
 *   #GP in user mode; at IOPL 3 user mode may run them too; port I/O
 *   follows the same rule, and reaches the machine's ports (the RTC's)
 *   but not the hypervisor's (the PIC's and the PIT's read all ones);
 *   set_iopl(4) is -EINVAL;
 * - INS/OUTS, REP too, under the same rule: OUTSB of the RTC's index
 *   then INSB of its data read what IN reads; REP INSB fills every byte
 *   and leaves RCX 0 and RDI past the string (before it with DF set); REP
 *   with RCX 0 does nothing; INSW from a port of the hypervisor's reads
 *   all ones; REP OUTSB advances RSI; a string to or from an unmapped
 *   page is #PF (error code 2 for INS, 0 for OUTS) at the faulting
 *   address; at IOPL 0 it is #GP;
 * - PHYSDEVOP_set_iobitmap: at IOPL 0 a port whose bit is clear in the
 *   registered bitmap and below its limit is reached (kernel and user
 *   mode); a port whose bit is set, or at the limit, is #GP; a limit of
 *   0 turns the bitmap off; nr_ports above 65536 and a bitmap in the
 *   hypervisor's range are -EINVAL, an unreadable argument -EFAULT;
 * - callback_op registers every type Xen 4.17 knows for a 64-bit PV
 *   guest (event, failsafe, syscall, syscall32, sysenter, NMI) and
 *   refuses the rest with -ENOSYS, a non-canonical address with -EINVAL;
 *   unregister works for NMI only (-EINVAL for the others, -ENOSYS for
 *   an unknown type); nmi_op registers and unregisters the same NMI
 *   callback (pad ignored, -EINVAL non-canonical, -EFAULT unreadable).
 */
#include <public/callback.h>
#include <public/errno.h>
#include <public/nmi.h>
#include <public/physdev.h>
#include <guest/io.h>
#include <guest/user.h>
#include <framework.h>

const char test_title[] = "CR0/CR2/CR4, CLI/STI and port I/O under IOPL, callback types";

#define CR0_TS (1UL << 3)
#define CR0_WP (1UL << 16)
#define CR4_TSD (1UL << 2)
#define CR4_PAE (1UL << 5)
#define CR4_PGE (1UL << 7)
#define CR4_OSFXSR (1UL << 9)
/* What a PV guest may ever see in CR4 (Xen: guest-owned plus visible bits). */
#define CR4_GUEST_VIEW ((1UL << 2) | (1UL << 3) | (1UL << 4) | (1UL << 5) | (1UL << 6) | \
			(1UL << 9) | (1UL << 10) | (1UL << 16) | (1UL << 18))
#define SYS_EXIT 2
#define NONCANON 0x0000800000000000UL

static uint64_t read_cr(int n)
{
	uint64_t v = 0;

	switch (n) {
	case 0: asm volatile("mov %%cr0, %0" : "=r"(v)); break;
	case 2: asm volatile("mov %%cr2, %0" : "=r"(v)); break;
	case 4: asm volatile("mov %%cr4, %0" : "=r"(v)); break;
	}
	return v;
}

#define write_cr(n, value) TRY_INSN("mov %[v], %%cr" #n, [v] "r"((uint64_t)(value)))
#define do_cli() TRY_INSN("cli")
#define do_sti() TRY_INSN("sti")

/* outb to the POST port (0x80): harmless on any PC. */
#define do_outb() TRY_INSN("outb %%al, $0x80")
/* outb to the next port (0x81, a DMA page register; refused where it is used). */
#define do_outb81() TRY_INSN("outb %%al, $0x81")

static exinfo_t do_rdtsc(uint64_t *tsc)
{
	exinfo_t f = 0;
	uint32_t lo = 0, hi = 0;

	asm volatile("xor %%edx, %%edx; 1: rdtsc; jmp 3f; 2: mov %%eax, %[f]; 3:" _ASM_EXTABLE(1b, 2b)
		     : [f] "+r"(f), "=a"(lo), "=d"(hi) : : "memory");
	*tsc = ((uint64_t)hi << 32) | lo;
	return f;
}

/* Covers ports 0-511: the limits below stay under 0x200 (Xen reads only below the limit). */
static uint8_t iobmp[64];

static long set_iobitmap(const void *bitmap, uint32_t nr_ports)
{
	struct physdev_set_iobitmap op = { .nr_ports = nr_ports };

	set_xen_guest_handle(op.bitmap, (uint8_t *)bitmap);
	return HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, &op);
}

static long set_iopl(unsigned int iopl)
{
	struct physdev_set_iopl op = { .iopl = iopl };

	return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &op);
}

/*
 * User programs: each runs one instruction, then the exit syscall with 0;
 * the #GP hook ends the run with the fault's exinfo instead.
 */
asm(".pushsection .text.user, \"ax\"\n"
    "user_cli:\n\t"
    "cli\n\t"
    "xor %edi, %edi\n\t"
    "mov $" __stringify(SYS_EXIT) ", %eax\n\t"
    "syscall\n\t"
    "ud2\n"
    "user_outb:\n\t"
    "outb %al, $0x80\n\t"
    "xor %edi, %edi\n\t"
    "mov $" __stringify(SYS_EXIT) ", %eax\n\t"
    "syscall\n\t"
    "ud2\n"
    ".popsection\n");
extern const char user_cli[], user_outb[];

/* String I/O: RDI/RSI and RCX in and out; the fault, if any, as TRY_INSN gives it. */
#define STRING_IO(insn, ptr_reg, ptr, count, port)                                           \
	({                                                                                     \
		exinfo_t f_ = 0;                                                               \
		asm volatile("1: " insn "; 2: cld\n\t" _ASM_EXTABLE(1b, 2b)                  \
			     : "+a"(f_), ptr_reg(ptr), "+c"(count)                             \
			     : "d"((uint16_t)(port))                                           \
			     : "memory");                                                      \
		f_;                                                                            \
	})

static uint8_t str_buf[64];

static void test_string_io(void)
{
	uint64_t rdi, rsi, rcx;
	uint8_t index = 0x0b, regb;
	uint16_t words[2] = { 0x1234, 0x5678 };
	unsigned int i;

	outb(0x0b, 0x70);
	regb = inb(0x71);
	rsi = (uintptr_t)&index;
	rcx = 0;
	check_exinfo("OUTSB of the RTC index", 0, STRING_IO("outsb", "+S", rsi, rcx, 0x70));
	check_u64("OUTSB: RSI past the byte", (uintptr_t)&index + 1, rsi);
	rdi = (uintptr_t)str_buf;
	check_exinfo("INSB of the RTC data", 0, STRING_IO("insb", "+D", rdi, rcx, 0x71));
	check_u64("INSB: the byte IN reads", regb, str_buf[0]);
	memset(str_buf, 0x5a, sizeof(str_buf));
	rdi = (uintptr_t)str_buf;
	rcx = 4;
	check_exinfo("REP INSB x4", 0, STRING_IO("rep insb", "+D", rdi, rcx, 0x71));
	check_u64("REP INSB: RCX", 0, rcx);
	check_u64("REP INSB: RDI", (uintptr_t)str_buf + 4, rdi);
	for (i = 0; i < 4; i++)
		check_u64("REP INSB: a byte", regb, str_buf[i]);
	check_u64("REP INSB: the byte after", 0x5a, str_buf[4]);
	rdi = (uintptr_t)&str_buf[10];
	rcx = 2;
	check_exinfo("REP INSB x2, DF set", 0, STRING_IO("std; rep insb", "+D", rdi, rcx, 0x71));
	check_u64("REP INSB, DF set: RDI", (uintptr_t)&str_buf[8], rdi);
	check_u64("REP INSB, DF set: the first byte", regb, str_buf[10]);
	rdi = (uintptr_t)str_buf;
	rcx = 0;
	check_exinfo("REP INSB x0", 0, STRING_IO("rep insb", "+D", rdi, rcx, 0x71));
	check_u64("REP INSB x0: RDI unchanged", (uintptr_t)str_buf, rdi);
	rdi = (uintptr_t)words;
	rcx = 2;
	check_exinfo("REP INSW x2 from the PIC (the hypervisor's)", 0,
		     STRING_IO("rep insw", "+D", rdi, rcx, 0x21));
	check_u64("REP INSW: all ones", 0xffff, words[0]);
	check_u64("REP INSW: all ones (2)", 0xffff, words[1]);
	rsi = (uintptr_t)str_buf;
	rcx = 3;
	check_exinfo("REP OUTSB x3 to 0x80", 0, STRING_IO("rep outsb", "+S", rsi, rcx, 0x80));
	check_u64("REP OUTSB: RSI", (uintptr_t)str_buf + 3, rsi);
	rdi = 0x40000000UL; /* unmapped */
	rcx = 2;
	check_exinfo("REP INSB to an unmapped page", EXINFO_SYM(PF, 2),
		     STRING_IO("rep insb", "+D", rdi, rcx, 0x71));
	check_u64("REP INSB faulted: RCX", 2, rcx);
	check_u64("REP INSB faulted: CR2", 0x40000000UL, shared_info()->vcpu_info[0].arch.cr2);
	rsi = 0x40000000UL;
	rcx = 1;
	check_exinfo("REP OUTSB from an unmapped page", EXINFO_SYM(PF, 0),
		     STRING_IO("rep outsb", "+S", rsi, rcx, 0x80));
}

static bool user_ready; /* user_mode_init() done (once: its L4 becomes a page table) */
static uint8_t user_stack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
#define USER_STACK_TOP ((uintptr_t)(user_stack + sizeof(user_stack)))

static int on_syscall(struct cpu_regs *regs)
{
	if (regs->rax != SYS_EXIT)
		return 0;
	user_return(regs, (long)regs->rdi);
	return 1;
}

static int on_user_gp(struct cpu_regs *regs)
{
	if ((regs->cs & 3) != 3)
		return 0;
	user_return(regs, (long)EXINFO(X86_EXC_GP, regs->error_code));
	return 1;
}

static void test_cr4(void)
{
	uint64_t cr4 = read_cr(4), tsc0, tsc1;

	check_u64("CR4: PAE and OSFXSR set", CR4_PAE | CR4_OSFXSR, cr4 & (CR4_PAE | CR4_OSFXSR));
	check_u64("CR4: only bits a PV guest may see", 0, cr4 & ~CR4_GUEST_VIEW);
	check_u64("CR4: TSD clear at start", 0, cr4 & CR4_TSD);
	check_exinfo("MOV to CR4 with PGE", 0, write_cr(4, cr4 | CR4_PGE));
	check_u64("CR4 after setting PGE (dropped)", cr4, read_cr(4));
	check_exinfo("MOV to CR4 with TSD", 0, write_cr(4, cr4 | CR4_TSD));
	check_u64("CR4 after setting TSD (kept)", cr4 | CR4_TSD, read_cr(4));
	check_exinfo("RDTSC in the kernel under TSD", 0, do_rdtsc(&tsc0));
	check_exinfo("RDTSC again", 0, do_rdtsc(&tsc1));
	if (tsc1 <= tsc0)
		xtf_failure("RDTSC under TSD: %#llx then %#llx", (unsigned long long)tsc0,
			    (unsigned long long)tsc1);
	check_exinfo("MOV to CR4, the first value", 0, write_cr(4, cr4));
	check_u64("CR4 back to the first value", cr4, read_cr(4));
}

static void test_cr0_cr2(void)
{
	uint64_t cr0 = read_cr(0);

	check_u64("CR0: TS clear at start", 0, cr0 & CR0_TS);
	check_exinfo("MOV to CR0 with TS", 0, write_cr(0, cr0 | CR0_TS));
	check_u64("CR0 after setting TS", cr0 | CR0_TS, read_cr(0));
	check_exinfo("MOV to CR0 clearing TS", 0, write_cr(0, cr0));
	check_u64("CR0 after clearing TS", cr0, read_cr(0));
	check_exinfo("MOV to CR0 clearing WP", EXINFO_SYM(GP, 0), write_cr(0, cr0 & ~CR0_WP));
	check_u64("CR0 unchanged by the refused write", cr0, read_cr(0));
	check_exinfo("MOV to CR2", 0, write_cr(2, 0x12345678000UL));
	check_u64("CR2 reads back", 0x12345678000UL, read_cr(2));
	check_u64("CR2 is vcpu_info's", 0x12345678000UL, shared_info()->vcpu_info[0].arch.cr2);
}

static void test_iopl(void)
{
	uint8_t mask = shared_info()->vcpu_info[0].evtchn_upcall_mask;
	const char *what = "";
	long rc;

	check_exinfo("CLI at IOPL 0", EXINFO_SYM(GP, 0), do_cli());
	check_exinfo("STI at IOPL 0", EXINFO_SYM(GP, 0), do_sti());
	check_exinfo("OUTB at IOPL 0", EXINFO_SYM(GP, 0), do_outb());
	check_long("set_iopl(4)", -XEN_EINVAL, set_iopl(4));
	if (!check_long("set_iopl(1)", 0, set_iopl(1)))
		return;
	check_exinfo("CLI at IOPL 1", 0, do_cli());
	check_u64("event mask after CLI (a no-op)", mask, shared_info()->vcpu_info[0].evtchn_upcall_mask);
	check_exinfo("STI at IOPL 1", 0, do_sti());
	check_u64("event mask after STI (a no-op)", mask, shared_info()->vcpu_info[0].evtchn_upcall_mask);
	check_exinfo("OUTB at IOPL 1", 0, do_outb());
	test_string_io();
	/* dom0 reaches the machine's ports, but not the hypervisor's own. */
	check_u64("IN from the master PIC's mask (the hypervisor's)", 0xff, inb(0x21));
	check_u64("IN from PIT channel 0 (the hypervisor's)", 0xff, inb(0x40));
	outb(0x0b, 0x70); /* RTC status register B: 24-hour mode set by the firmware */
	if (inb(0x71) == 0xff)
		xtf_failure("IN from the RTC (dom0's): all ones, the port is not reached");

	rc = user_mode_init(&what);
	if (rc) {
		xtf_failure("%s: expected 0, got %ld", what, rc);
		return;
	}
	user_ready = true;
	syscall_hook = on_syscall;
	trap_hooks[X86_EXC_GP] = on_user_gp;
	check_exinfo("user CLI at IOPL 1", EXINFO_SYM(GP, 0),
		     (exinfo_t)user_run((uintptr_t)user_cli, USER_STACK_TOP));
	check_exinfo("user OUTB at IOPL 1", EXINFO_SYM(GP, 0),
		     (exinfo_t)user_run((uintptr_t)user_outb, USER_STACK_TOP));
	check_long("set_iopl(3)", 0, set_iopl(3));
	check_exinfo("user CLI at IOPL 3", 0, (exinfo_t)user_run((uintptr_t)user_cli, USER_STACK_TOP));
	check_exinfo("user OUTB at IOPL 3", 0,
		     (exinfo_t)user_run((uintptr_t)user_outb, USER_STACK_TOP));
	syscall_hook = NULL;
	trap_hooks[X86_EXC_GP] = NULL;
	check_long("set_iopl(0)", 0, set_iopl(0));
	check_exinfo("CLI at IOPL 0 again", EXINFO_SYM(GP, 0), do_cli());
	{
		uint64_t rdi = (uintptr_t)str_buf, rcx = 1;

		check_exinfo("REP INSB at IOPL 0", EXINFO_SYM(GP, 0),
			     STRING_IO("rep insb", "+D", rdi, rcx, 0x71));
	}
}

static void test_iobitmap(void)
{
	check_long("set_iobitmap, unreadable argument", -XEN_EFAULT,
		   HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, (void *)0x40000000UL));
	check_long("set_iobitmap, 65537 ports", -XEN_EINVAL, set_iobitmap(iobmp, 65537));
	check_long("set_iobitmap, in the hypervisor's range", -XEN_EINVAL,
		   set_iobitmap((void *)0xffff830000000000UL, 0x100));
	memset(iobmp, 0xff, sizeof(iobmp));
	iobmp[0x80 / 8] &= ~(1U << (0x80 % 8)); /* only port 0x80 */
	if (!check_long("set_iobitmap, 0x100 ports", 0, set_iobitmap(iobmp, 0x100)))
		return;
	check_exinfo("OUTB 0x80 at IOPL 0, allowed by the bitmap", 0, do_outb());
	check_exinfo("OUTB 0x81 at IOPL 0, refused by the bitmap", EXINFO_SYM(GP, 0), do_outb81());
	check_exinfo("CLI at IOPL 0 (the bitmap is for ports only)", EXINFO_SYM(GP, 0), do_cli());
	if (user_ready) { /* test_iopl set user mode up */
		syscall_hook = on_syscall;
		trap_hooks[X86_EXC_GP] = on_user_gp;
		check_exinfo("user OUTB 0x80 at IOPL 0, allowed by the bitmap", 0,
			     (exinfo_t)user_run((uintptr_t)user_outb, USER_STACK_TOP));
		syscall_hook = NULL;
		trap_hooks[X86_EXC_GP] = NULL;
	}
	check_long("set_iobitmap, 0x80 ports", 0, set_iobitmap(iobmp, 0x80));
	check_exinfo("OUTB 0x80 at IOPL 0, at the bitmap's limit", EXINFO_SYM(GP, 0), do_outb());
	iobmp[0x80 / 8] |= 1U << (0x80 % 8);
	check_long("set_iobitmap, 0x100 ports again", 0, set_iobitmap(iobmp, 0x100));
	check_exinfo("OUTB 0x80 at IOPL 0, its bit now set", EXINFO_SYM(GP, 0), do_outb());
	iobmp[0x80 / 8] &= ~(1U << (0x80 % 8));
	check_long("set_iobitmap, 0 ports (off)", 0, set_iobitmap(iobmp, 0));
	check_exinfo("OUTB 0x80 at IOPL 0, bitmap off", EXINFO_SYM(GP, 0), do_outb());
}

static long reg_cb(unsigned int type, uint64_t address)
{
	struct callback_register cb = { .type = type, .flags = CALLBACKF_mask_events, .address = address };

	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

static long unreg_cb(unsigned int type)
{
	struct callback_unregister cb = { .type = type };

	return HYPERVISOR_callback_op(CALLBACKOP_unregister, &cb);
}

extern const char unused_callback[];
asm(".pushsection .text\nunused_callback:\n\tud2\n.popsection\n");

static void test_callbacks(void)
{
	uint64_t cb = (uintptr_t)unused_callback;

	/* The framework uses event and syscall: these are the ones it does not. */
	check_long("register failsafe", 0, reg_cb(CALLBACKTYPE_failsafe, cb));
	check_long("register syscall32", 0, reg_cb(CALLBACKTYPE_syscall32, cb));
	check_long("register sysenter", 0, reg_cb(CALLBACKTYPE_sysenter, cb));
	check_long("register nmi", 0, reg_cb(CALLBACKTYPE_nmi, cb));
	check_long("register sysenter_deprecated (3)", -XEN_ENOSYS,
		   reg_cb(CALLBACKTYPE_sysenter_deprecated, cb));
	check_long("register type 6", -XEN_ENOSYS, reg_cb(6, cb));
	check_long("register type 99", -XEN_ENOSYS, reg_cb(99, cb));
	check_long("register nmi, non-canonical", -XEN_EINVAL, reg_cb(CALLBACKTYPE_nmi, NONCANON));
	check_long("register type 99, non-canonical", -XEN_EINVAL, reg_cb(99, NONCANON));
	check_long("unregister event", -XEN_EINVAL, unreg_cb(CALLBACKTYPE_event));
	check_long("unregister failsafe", -XEN_EINVAL, unreg_cb(CALLBACKTYPE_failsafe));
	check_long("unregister syscall32", -XEN_EINVAL, unreg_cb(CALLBACKTYPE_syscall32));
	check_long("unregister sysenter", -XEN_EINVAL, unreg_cb(CALLBACKTYPE_sysenter));
	check_long("unregister type 99", -XEN_ENOSYS, unreg_cb(99));
	check_long("unregister nmi", 0, unreg_cb(CALLBACKTYPE_nmi));
	check_long("callback_op command 2", -XEN_ENOSYS, HYPERVISOR_callback_op(2, NULL));

	/* nmi_op: the older interface to the same NMI callback. */
	struct xennmi_callback nmi = { .handler_address = cb, .pad = 0x1234 };

	check_long("nmi_op register (pad ignored)", 0,
		   HYPERVISOR_nmi_op(XENNMI_register_callback, &nmi));
	nmi.handler_address = NONCANON;
	check_long("nmi_op register, non-canonical", -XEN_EINVAL,
		   HYPERVISOR_nmi_op(XENNMI_register_callback, &nmi));
	check_long("nmi_op register, unreadable argument", -XEN_EFAULT,
		   HYPERVISOR_nmi_op(XENNMI_register_callback, (void *)NONCANON));
	check_long("nmi_op unregister", 0, HYPERVISOR_nmi_op(XENNMI_unregister_callback, NULL));
	check_long("nmi_op unregister again", 0, HYPERVISOR_nmi_op(XENNMI_unregister_callback, NULL));
	check_long("nmi_op command 2", -XEN_ENOSYS, HYPERVISOR_nmi_op(2, NULL));
}

void test_main(void)
{
	shared_info();
	test_cr4();
	test_cr0_cr2();
	test_iopl();
	test_iobitmap();
	test_callbacks();
	xtf_success(NULL);
}
