// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest user mode and the syscall bounce. Behaviour under test: with a
 * user page table (MMUEXT_NEW_USER_BASEPTR), a kernel stack
 * (stack_switch) and a syscall callback (callback_op), the iret
 * hypercall with RPL 3 enters guest user mode; a SYSCALL there is not a
 * hypercall but reaches the kernel's callback on the stack_switch stack,
 * with RCX = the user RIP after the syscall, the user's argument
 * registers intact, and a frame holding the user RIP, CS 0xe033 (RPL 3),
 * RSP and SS; the iret hypercall returns to user mode with the kernel's
 * RAX. Exceptions in user mode bounce the same way (#UD with the user
 * frame; #PF with the error code's U bit set and CR2). A last syscall
 * returns to the kernel context that started the user code.
 */
#include <public/version.h>
#include <guest/user.h>
#include <framework.h>

const char test_title[] = "Guest user mode: syscall bounce and iret";

#define SYS_HELLO 1
#define SYS_EXIT 2
#define HELLO_ARG 0x5a5a5a5aUL
#define HELLO_ANSWER 0x600dUL
#define USER_BAD_VA 0x40000000UL /* unmapped */

/*
 * The user program: a syscall, a #UD, a #PF, then the exit syscall with
 * the first syscall's answer. The kernel's hooks skip the two faulting
 * instructions (2 bytes each).
 */
asm(".pushsection .text.user, \"ax\"\n"
    "user_code:\n\t"
    "mov $" __stringify(
	    SYS_HELLO) ", %eax\n\t"
		       "mov $" __stringify(
			       HELLO_ARG) ", %edi\n\t"
					  "syscall\n"
					  "user_after_syscall:\n\t"
					  "mov %rax, %r12\n"
					  "user_ud2:\n\t"
					  "ud2\n\t"
					  "mov $" __stringify(
						  USER_BAD_VA) ", %ebx\n"
							       "user_pf:\n\t"
							       "movb (%rbx), %al\n\t"
							       "mov %r12, %rdi\n\t"
							       "mov $" __stringify(
								       SYS_EXIT) ", %eax\n\t"
										 "syscall\n\t"
										 "ud2\n"
										 ".popsection\n");
extern const char user_code[], user_after_syscall[], user_ud2[], user_pf[];

static uint8_t user_stack[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
#define USER_STACK_TOP ((uintptr_t)(user_stack + sizeof(user_stack)))

static struct cpu_regs hello, ud, pf;
static uint64_t pf_cr2;
static int nr_hello, nr_ud, nr_pf;

static int on_syscall(struct cpu_regs *regs)
{
	switch (regs->rax) {
	case SYS_HELLO:
		hello = *regs;
		nr_hello++;
		regs->rax = HELLO_ANSWER;
		return 1;
	case SYS_EXIT:
		user_return(regs, (long)regs->rdi);
		return 1;
	}
	return 0;
}

/* Only user-mode faults are ours; the kernel's go the usual way. */
static int on_ud(struct cpu_regs *regs)
{
	if ((regs->cs & 3) != 3)
		return 0;
	ud = *regs;
	nr_ud++;
	regs->rip += 2;
	return 1;
}

static int on_pf(struct cpu_regs *regs)
{
	if ((regs->cs & 3) != 3)
		return 0;
	pf = *regs;
	pf_cr2 = shared_info()->vcpu_info[0].arch.cr2;
	nr_pf++;
	regs->rip += 2;
	return 1;
}

static void check_user_frame(const char *what, const struct cpu_regs *r, const char *rip)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s: frame rip", what);
	check_u64(buf, (uintptr_t)rip, r->rip);
	snprintf(buf, sizeof(buf), "%s: frame cs (user, RPL 3)", what);
	check_u64(buf, FLAT_USER_CS, r->cs & 0xffff);
	snprintf(buf, sizeof(buf), "%s: frame rsp", what);
	check_u64(buf, USER_STACK_TOP, r->rsp);
	snprintf(buf, sizeof(buf), "%s: frame ss", what);
	check_u64(buf, FLAT_USER_SS, r->ss & 0xffff);
}

void test_main(void)
{
	const char *what = "";
	long rc;

	shared_info(); /* map it now, not from inside the #PF hook */
	rc = user_mode_init(&what);
	if (rc) {
		xtf_failure("%s: expected 0, got %ld", what, rc);
		return;
	}
	syscall_hook = on_syscall;
	trap_hooks[X86_EXC_UD] = on_ud;
	trap_hooks[X86_EXC_PF] = on_pf;

	rc = user_run((uintptr_t)user_code, USER_STACK_TOP);

	syscall_hook = NULL;
	trap_hooks[X86_EXC_UD] = NULL;
	trap_hooks[X86_EXC_PF] = NULL;

	check_long("value passed back by the exit syscall", HELLO_ANSWER, rc);

	if (check_long("hello syscalls seen", 1, nr_hello)) {
		check_u64("hello: rdi (argument)", HELLO_ARG, hello.rdi);
		check_u64("hello: rcx (user rip after syscall)", (uintptr_t)user_after_syscall,
			  hello.rcx);
		check_user_frame("hello", &hello, user_after_syscall);
	}
	if (check_long("user #UD seen", 1, nr_ud))
		check_user_frame("user #UD", &ud, user_ud2);
	if (check_long("user #PF seen", 1, nr_pf)) {
		check_user_frame("user #PF", &pf, user_pf);
		check_u64("user #PF: error code (U set, not present, read)", PFEC_USER,
			  pf.error_code);
		check_u64("user #PF: cr2", USER_BAD_VA, pf_cr2);
	}

	/* Back in kernel mode: a SYSCALL is a hypercall again. */
	if (HYPERVISOR_xen_version(XENVER_pagesize, NULL) != 4096)
		xtf_failure(
			"hypercall after returning from user mode: expected 4096, got otherwise");
	xtf_success(NULL);
}
