/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest user mode for a PV kernel. A 64-bit PV kernel and its user space
 * both run in ring 3; the hypervisor tells them apart by a per-vCPU mode
 * flag and gives each its own top-level page table. Entering user mode
 * is an iret hypercall with RPL 3 in the frame's CS; a SYSCALL in user
 * mode comes back to the kernel through the syscall callback, on the
 * stack registered with stack_switch.
 *
 *	user_mode_init();                  once
 *	syscall_hook = my_handler;         sees every user syscall
 *	rc = user_run(entry, stack_top);   returns when the handler calls user_return()
 */
#ifndef GUEST_USER_H
#define GUEST_USER_H

#include <stdint.h>
#include <guest/traps.h>

/*
 * Give the vCPU a user page table (a pinned copy of the kernel's L4, set
 * with MMUEXT_NEW_USER_BASEPTR), a kernel stack for entries from user
 * mode (stack_switch) and the syscall callback (callback_op). Returns 0
 * or the first failing hypercall's error code; *what names the step.
 */
long user_mode_init(const char **what);

/* Run user code at rip with stack rsp; see above. */
long user_run(uint64_t rip, uint64_t rsp);

/*
 * From a syscall hook or trap hook: end the current user_run(), which
 * returns value. Rewrites regs so that the iret lands in the kernel.
 */
void user_return(struct cpu_regs *regs, long value);

/* The user page table's frame (for checks). */
extern uint64_t user_l4_mfn;

#endif /* GUEST_USER_H */
