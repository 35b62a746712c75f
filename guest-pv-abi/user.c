// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest user mode setup (see guest/user.h). The user page table is a
 * copy of the kernel's L4: every guest mapping of a 64-bit PV domain is
 * user-accessible anyway (the kernel runs in ring 3 too), so the copy
 * only proves that the hypervisor switches CR3 on the way in and out.
 */
#include <public/callback.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/user.h>

#define ENTRY_STACK_SIZE (4 * PAGE_SIZE)

static uint8_t user_l4[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE), section(".bss.page_aligned")));
static uint8_t entry_stack[ENTRY_STACK_SIZE]
	__attribute__((aligned(PAGE_SIZE), section(".bss.page_aligned")));
uint64_t user_l4_mfn;

void syscall_entry(void);
void user_run_resume(void);

static long mmuext(unsigned int cmd, uint64_t mfn)
{
	mmuext_op_t op = {.cmd = cmd, .arg1.mfn = mfn};

	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long user_mode_init(const char **what)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_syscall,
		.flags = CALLBACKF_mask_events,
		.address = (uintptr_t)syscall_entry,
	};
	long rc;

	/* A page table must be mapped read-only before it can be typed as one. */
	memcpy(user_l4, (const void *)(uintptr_t)start_info->pt_base, PAGE_SIZE);
	user_l4_mfn = virt_to_mfn(user_l4);
	*what = "update_va_mapping (user L4 read-only)";
	rc = HYPERVISOR_update_va_mapping(
		(uintptr_t)user_l4, (user_l4_mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED,
		UVMF_INVLPG | UVMF_LOCAL);
	if (rc)
		return rc;
	*what = "MMUEXT_PIN_L4_TABLE (user L4)";
	rc = mmuext(MMUEXT_PIN_L4_TABLE, user_l4_mfn);
	if (rc)
		return rc;
	*what = "MMUEXT_NEW_USER_BASEPTR";
	rc = mmuext(MMUEXT_NEW_USER_BASEPTR, user_l4_mfn);
	if (rc)
		return rc;
	*what = "stack_switch";
	rc = HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (uintptr_t)(entry_stack + ENTRY_STACK_SIZE));
	if (rc)
		return rc;
	*what = "callback_op(CALLBACKOP_register, CALLBACKTYPE_syscall)";
	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

void user_return(struct cpu_regs *regs, long value)
{
	/* RPL 0 in the frame: the iret hypercall stays in kernel mode. */
	regs->rip = (uintptr_t)user_run_resume;
	regs->cs = FLAT_KERNEL_CS & ~3;
	regs->ss = FLAT_KERNEL_SS;
	regs->rflags = 0x2;
	regs->rsp = (uintptr_t)(entry_stack + ENTRY_STACK_SIZE);
	regs->rax = (uint64_t)value;
}
