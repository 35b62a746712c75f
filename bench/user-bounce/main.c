// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: guest user mode entering its kernel and coming back, the
 * x86-64 PV "syscall tax". Both kernel and user space run in ring 3; the
 * hypervisor switches page tables and stacks on every crossing. The user
 * code (user_main(), in C: every mapping of a 64-bit PV guest is
 * user-accessible and the user L4 is a copy of the kernel's) times each
 * crossing itself with rdtsc, so a sample is the whole round trip:
 *   user-syscall: SYSCALL from user mode, bounced by the hypervisor to the
 *                 kernel's syscall callback (user.h), through the library's
 *                 handler to a hook that sets RAX, back with the iret
 *                 hypercall;
 *   user-int80:   `int $0x80` from user mode (trap-table entry with DPL 3,
 *                 the 32-bit Linux system call gate), bounced to the
 *                 kernel's handler the same way and back with iret.
 * The guest's share (entry.asm, do_trap(), the hook) is the same code on
 * both hypervisors. Each answer in RAX is checked.
 */
#include <guest/user.h>
#include "../lib/bench.h"

const char test_title[] = "Bench: user-mode syscall and int $0x80 bounce with iret";

#define SYS_NOP 1
#define SYS_EXIT 2
#define NOP_ANSWER 0x600dUL
#define INT80_ANSWER 0x8080UL
#define SOFTINT_VECTOR 0x80

static uint64_t syscall_samples[BENCH_SAMPLES], int80_samples[BENCH_SAMPLES];
static unsigned int user_bad_syscall, user_bad_int80, nr_int80;
static uint8_t user_stack[4 * PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
#define USER_STACK_TOP ((uintptr_t)(user_stack + sizeof(user_stack)))

static inline unsigned long user_syscall(unsigned long nr)
{
	unsigned long rax = nr;

	asm volatile("syscall" : "+a"(rax) : : "rcx", "r11", "memory");
	return rax;
}

static inline unsigned long user_int80(void)
{
	unsigned long rax = 0;

	asm volatile("int $" __stringify(SOFTINT_VECTOR) : "+a"(rax) : : "rcx", "r11", "memory");
	return rax;
}

/* Runs in guest user mode: no hypercalls, no printk. */
void user_main(void) __attribute__((noreturn, used));
void user_main(void)
{
	unsigned long rc;

	BENCH_RUN(syscall_samples, rc = user_syscall(SYS_NOP),
		  user_bad_syscall += rc != NOP_ANSWER);
	BENCH_RUN(int80_samples, rc = user_int80(), user_bad_int80 += rc != INT80_ANSWER);
	user_syscall(SYS_EXIT);
	for (;;)
		; /* SYS_EXIT never returns to user mode */
}

/* user_run() jumps here with rsp = USER_STACK_TOP: call keeps the C ABI. */
asm(".pushsection .text\n"
    "user_entry:\n\t"
    "call user_main\n\t"
    "ud2\n"
    ".popsection\n");
extern const char user_entry[];

static int on_syscall(struct cpu_regs *regs)
{
	switch (regs->rax) {
	case SYS_NOP:
		regs->rax = NOP_ANSWER;
		return 1;
	case SYS_EXIT:
		user_return(regs, 0);
		return 1;
	}
	return 0;
}

static int on_int80(struct cpu_regs *regs)
{
	regs->rax = INT80_ANSWER;
	nr_int80++;
	return 1;
}

void test_main(void)
{
	const char *what = "";
	long rc;

	rc = user_mode_init(&what);
	if (rc) {
		xtf_failure("%s: expected 0, got %ld", what, rc);
		return;
	}
	rc = trap_install(SOFTINT_VECTOR, TRAP_DPL(3));
	if (rc) {
		xtf_failure("set_trap_table (int $0x80, DPL 3): expected 0, got %ld", rc);
		return;
	}
	bench_init();

	syscall_hook = on_syscall;
	trap_hooks[SOFTINT_VECTOR] = on_int80;
	rc = user_run((uintptr_t)user_entry, USER_STACK_TOP);
	syscall_hook = NULL;
	trap_hooks[SOFTINT_VECTOR] = NULL;

	if (!check_long("user_run() (the exit syscall's value)", 0, rc))
		return;
	bench_report("user-syscall", syscall_samples, BENCH_SAMPLES, 0);
	bench_report("user-int80", int80_samples, BENCH_SAMPLES, 0);

	if (user_bad_syscall)
		xtf_failure("user syscall RAX: expected %#lx, got %u others", NOP_ANSWER,
			    user_bad_syscall);
	if (user_bad_int80)
		xtf_failure("user int $0x80 RAX: expected %#lx, got %u others", INT80_ANSWER,
			    user_bad_int80);
	check_long("int $0x80 bounces seen", BENCH_WARMUP + BENCH_SAMPLES, nr_int80);
	xtf_success(NULL);
}
