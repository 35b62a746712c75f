// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU state a PV kernel manages through hypercalls. Behaviour under test
 * (the same on Xen 4.17):
 * - fpu_taskswitch(1) sets the virtual CR0.TS: the next FPU instruction
 *   raises #NM in the guest (once: delivering it clears TS);
 *   fpu_taskswitch(0) clears it and the FPU works;
 * - set_segment_base(SEGBASE_FS) moves %fs: a %fs-relative load reads the
 *   variable the base points at; a non-canonical base is -EINVAL, an
 *   unknown selector -EINVAL;
 * - set_debugreg/get_debugreg: DR0 takes a guest address and reads back;
 *   a hypervisor address is -EPERM; DR7 with GD is -EPERM; DR7 upper
 *   bits -EINVAL; a DR0 write watchpoint enabled in DR7 raises #DB in the
 *   guest after the write, with B0 set in DR6.
 */
#include <framework.h>
#include <public/errno.h>
#include <public/xen.h>

const char test_title[] = "fpu_taskswitch, set_segment_base, debug registers";

static volatile uint64_t fs_target = 0x1234567890abcdefUL;
static volatile uint64_t watched;

static exinfo_t fpu_op(void)
{
	exinfo_t fault = 0;

	asm volatile("1: fninit; 2:" _ASM_EXTABLE(1b, 2b) : "+a"(fault) : : "memory");
	return fault;
}

static exinfo_t write_watched(void)
{
	exinfo_t fault = 0;

	/* #DB from a data watchpoint is a trap: it arrives after the write. */
	asm volatile("movq $1, %[w]; 1:" _ASM_EXTABLE(1b, 1b)
		     : "+a"(fault), [w] "=m"(watched)
		     :
		     : "memory");
	return fault;
}

static void test_fpu(void)
{
	check_long("fpu_taskswitch(1)", 0, HYPERVISOR_fpu_taskswitch(1));
	check_exinfo("FPU use with TS set", EXINFO_SYM(NM, 0), fpu_op());
	check_exinfo("FPU use after #NM was delivered", 0, fpu_op());
	check_long("fpu_taskswitch(1) again", 0, HYPERVISOR_fpu_taskswitch(1));
	check_long("fpu_taskswitch(0)", 0, HYPERVISOR_fpu_taskswitch(0));
	check_exinfo("FPU use with TS clear", 0, fpu_op());
}

static void test_segment_base(void)
{
	uint64_t v = 0;

	if (check_long("set_segment_base(FS)", 0,
		       HYPERVISOR_set_segment_base(SEGBASE_FS, (uintptr_t)&fs_target))) {
		asm volatile("mov %%fs:0, %0" : "=r"(v));
		check_u64("%fs:0 through the new base", fs_target, v);
	}
	check_long("set_segment_base(FS) non-canonical", -XEN_EINVAL,
		   HYPERVISOR_set_segment_base(SEGBASE_FS, 0x8000000000000000UL));
	check_long("set_segment_base(7)", -XEN_EINVAL, HYPERVISOR_set_segment_base(7, 0));
	check_long("set_segment_base(FS, 0)", 0, HYPERVISOR_set_segment_base(SEGBASE_FS, 0));
}

static void test_debugreg(void)
{
	uint64_t dr7 = (1UL << 0) /* L0 */ | (1UL << 16) /* RW0 = write */ | (3UL << 18) /* 8 bytes */;
	long dr6;

	check_long("set_debugreg(0, guest address)", 0,
		   HYPERVISOR_set_debugreg(0, (uintptr_t)&watched));
	check_long("get_debugreg(0)", (long)(uintptr_t)&watched, HYPERVISOR_get_debugreg(0));
	check_long("set_debugreg(1, hypervisor address)", -XEN_EPERM,
		   HYPERVISOR_set_debugreg(1, 0xffff82d080000000UL));
	check_long("set_debugreg(7, GD)", -XEN_EPERM, HYPERVISOR_set_debugreg(7, 1UL << 13));
	check_long("set_debugreg(7, upper bits)", -XEN_EINVAL, HYPERVISOR_set_debugreg(7, 1UL << 32));

	check_long("set_debugreg(6, 0)", 0, HYPERVISOR_set_debugreg(6, 0));
	if (check_long("set_debugreg(7, write watchpoint on DR0)", 0,
		       HYPERVISOR_set_debugreg(7, dr7))) {
		check_exinfo("write to the watched variable", EXINFO_SYM(DB, 0), write_watched());
		check_long("set_debugreg(7, 0)", 0, HYPERVISOR_set_debugreg(7, 0));
		dr6 = HYPERVISOR_get_debugreg(6);
		check_u64("DR6.B0 after the watchpoint hit", 1, dr6 & 1);
	}
	check_exinfo("write with the watchpoint off", 0, write_watched());
}

void test_main(void)
{
	test_fpu();
	test_segment_base();
	test_debugreg();
	xtf_success(NULL);
}
