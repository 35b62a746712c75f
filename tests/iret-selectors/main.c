// SPDX-License-Identifier: GPL-2.0-only
/*
 * Returns to a guest with selectors of its own GDT, and the failsafe
 * callback. Behaviour under test (Xen 4.17's, which Linux relies on:
 * its user mode runs on its own GDT's 0x33/0x2b):
 * - the iret hypercall enters user mode with a code and a stack selector
 *   of the guest's GDT, and user code reads them back in %cs and %ss;
 * - an iret to a selector the GDT does not back (an empty entry) is not
 *   a crash: the guest gets the fault the IRETQ raised (#GP with the
 *   selector as error code), through its trap table, in kernel mode,
 *   with the frame it asked to return to; its failsafe callback (which
 *   is for data selectors that fail to load) is not called;
 * - the same for an SS that names a code segment;
 * - the flat selectors still work afterwards.
 */
#include <public/callback.h>
#include <guest/user.h>
#include <framework.h>

const char test_title[] = "iret with guest GDT selectors, failsafe callback";

#define SYS_EXIT 2

static uint64_t gdt[512] __attribute__((aligned(PAGE_SIZE)));
#define CODE64 0x00affb000000ffffUL /* 64-bit code, DPL 3 */
#define DATA 0x00cff3000000ffffUL   /* flat data, DPL 3 */
#define GDT_CS 0x0b			    /* entry 1, RPL 3 */
#define GDT_SS 0x13			    /* entry 2, RPL 3 */
#define GDT_EMPTY 0x1b			    /* entry 3: not present */
#define PTE(mfn, flags) (((uint64_t)(mfn) << PAGE_SHIFT) | (flags))
#define RO (_PAGE_PRESENT | _PAGE_ACCESSED)

/* User code: report %cs and %ss with the exit syscall. */
asm(".pushsection .text.user, \"ax\"\n"
    "user_sels:\n\t"
    "mov %cs, %edi\n\t"
    "mov %ss, %esi\n\t"
    "shl $16, %rsi\n\t"
    "or %rsi, %rdi\n\t"
    "mov $" __stringify(SYS_EXIT) ", %eax\n\t"
    "syscall\n\t"
    "ud2\n"
    ".popsection\n");
extern const char user_sels[];

static uint8_t user_stack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
#define USER_STACK_TOP ((uintptr_t)(user_stack + sizeof(user_stack)))

/*
 * iret_to(rip, rsp, cs, ss): the iret hypercall with this frame, as
 * user_run() does it but with any selectors. Returns through user_run's
 * resume path (the exit syscall or the failsafe callback below).
 */
long iret_to(uint64_t rip, uint64_t rsp, uint64_t cs, uint64_t ss);
extern uint64_t user_run_rsp;
asm(".pushsection .text\n"
    "iret_to:\n\t"
    "push %rbx; push %rbp; push %r12; push %r13; push %r14; push %r15\n\t"
    "mov %rsp, user_run_rsp(%rip)\n\t"
    "push %rcx\n\t" /* ss */
    "push %rsi\n\t" /* rsp */
    "push $2\n\t"   /* rflags: events masked */
    "push %rdx\n\t" /* cs */
    "push %rdi\n\t" /* rip */
    "jmp hypercall_iret\n"
    ".popsection\n");

/* The failsafe callback must not run here: it only counts. */
unsigned int failsafe_calls;
asm(".pushsection .text\n"
    "failsafe_entry:\n\t"
    "lock incl failsafe_calls(%rip)\n\t"
    "ud2\n"
    ".popsection\n");
extern const char failsafe_entry[];

#define FAULTED 0xfa17UL
static struct cpu_regs fault;

static int on_syscall(struct cpu_regs *regs)
{
	if (regs->rax != SYS_EXIT)
		return 0;
	user_return(regs, (long)regs->rdi);
	return 1;
}

/* A fault with a user frame: the refused iret. Back to iret_to()'s caller. */
static int on_fault(struct cpu_regs *regs)
{
	if ((regs->cs & 3) != 3)
		return 0;
	fault = *regs;
	user_return(regs, FAULTED);
	return 1;
}

static void check_fault(const char *what, long rc, unsigned int vec, uint64_t ec, uint64_t cs,
			uint64_t ss)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "%s: the guest got the fault", what);
	if (!check_u64(buf, FAULTED, (uint64_t)rc))
		return;
	snprintf(buf, sizeof(buf), "%s: vector", what);
	check_u64(buf, vec, fault.vector);
	snprintf(buf, sizeof(buf), "%s: error code", what);
	check_u64(buf, ec, fault.error_code);
	snprintf(buf, sizeof(buf), "%s: frame rip", what);
	check_u64(buf, (uintptr_t)user_sels, fault.rip);
	snprintf(buf, sizeof(buf), "%s: frame cs", what);
	check_u64(buf, cs, fault.cs & 0xffff);
	snprintf(buf, sizeof(buf), "%s: frame rsp", what);
	check_u64(buf, USER_STACK_TOP, fault.rsp);
	snprintf(buf, sizeof(buf), "%s: frame ss", what);
	check_u64(buf, ss, fault.ss & 0xffff);
}

void test_main(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_failsafe,
		.flags = CALLBACKF_mask_events,
		.address = (uintptr_t)failsafe_entry,
	};
	xen_ulong_t frame = virt_to_mfn(gdt);
	const char *what = "";
	long rc;

	shared_info();
	rc = user_mode_init(&what);
	if (rc) {
		xtf_failure("%s: expected 0, got %ld", what, rc);
		return;
	}
	if (!check_long("register the failsafe callback", 0,
			HYPERVISOR_callback_op(CALLBACKOP_register, &cb)))
		return;
	gdt[1] = CODE64;
	gdt[2] = DATA;
	if (!check_long("map the GDT frame read-only", 0,
			HYPERVISOR_update_va_mapping((uintptr_t)gdt, PTE(frame, RO),
						     UVMF_INVLPG | UVMF_LOCAL)) ||
	    !check_long("set_gdt", 0, HYPERVISOR_set_gdt(&frame, 4)))
		return;
	syscall_hook = on_syscall;
	trap_hooks[X86_EXC_GP] = on_fault;
	trap_hooks[X86_EXC_NP] = on_fault;
	trap_hooks[X86_EXC_SS] = on_fault;

	/* User mode on the guest's own selectors. */
	rc = iret_to((uintptr_t)user_sels, USER_STACK_TOP, GDT_CS, GDT_SS);
	check_u64("user %cs and %ss from the guest GDT", ((uint64_t)GDT_SS << 16) | GDT_CS,
		  (uint64_t)rc);

	/* A selector with no descriptor behind it: the IRETQ's #GP, to the guest. */
	rc = iret_to((uintptr_t)user_sels, USER_STACK_TOP, GDT_EMPTY, GDT_SS);
	check_fault("cs of an empty GDT entry", rc, X86_EXC_GP, GDT_EMPTY & ~3, GDT_EMPTY, GDT_SS);

	/* A stack selector naming a code segment. */
	rc = iret_to((uintptr_t)user_sels, USER_STACK_TOP, GDT_CS, GDT_CS);
	check_fault("ss naming a code segment", rc, X86_EXC_GP, GDT_CS & ~3, GDT_CS, GDT_CS);

	/* The flat selectors still work afterwards. */
	rc = iret_to((uintptr_t)user_sels, USER_STACK_TOP, FLAT_USER_CS, FLAT_USER_SS);
	check_u64("user %cs and %ss, flat", ((uint64_t)FLAT_USER_SS << 16) | FLAT_USER_CS,
		  (uint64_t)rc);

	syscall_hook = NULL;
	trap_hooks[X86_EXC_GP] = trap_hooks[X86_EXC_NP] = trap_hooks[X86_EXC_SS] = NULL;
	check_long("failsafe callback calls", 0, failsafe_calls);
	check_long("set_gdt with no frames", 0, HYPERVISOR_set_gdt(NULL, 0));
	xtf_success(NULL);
}
