/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypercalls from a 64-bit PV guest kernel. The one idea: every
 * HYPERVISOR_<name>() wrapper is generated from
 * include/public/hypercall-list.h (hypercall-guest.h in the build
 * directory) on top of one primitive, hypercall5(), which makes the call
 * in one of two ways:
 *   - direct: `syscall` with rax = number, as Linux 6.1 does;
 *   - page:   `call hypercall_page + 32 * number`, as XTF and Mini-OS do.
 * hypercall_use_page picks one at run time (default: the build's
 * GUEST_HYPERCALL_PAGE, overridden by hypercall=page|syscall on the
 * kernel command line). Arguments go in rdi, rsi, rdx, r10, r8; rcx and
 * r11 are clobbered; all five argument registers are treated as
 * clobbered because a debug Xen poisons the ones a handler did not use.
 */
#ifndef GUEST_HYPERCALL_H
#define GUEST_HYPERCALL_H

#include <stdint.h>
#include <public/xen.h>

/* Filled by the domain builder (XEN_ELFNOTE_HYPERCALL_PAGE). */
extern char hypercall_page[4096];
/* Non-zero: hypercalls (and the iret return path) go through the page. */
extern uint8_t hypercall_use_page;

static inline long hypercall_syscall(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3,
				     uint64_t a4, uint64_t a5)
{
	register uint64_t r10 asm("r10") = a4;
	register uint64_t r8 asm("r8") = a5;
	long rax;

	asm volatile("syscall"
		     : "=a"(rax), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
		     : "0"(nr)
		     : "memory", "rcx", "r11");
	return rax;
}

/* Only numbers below 128 have a slot in the page. */
static inline long hypercall_via_page(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3,
				      uint64_t a4, uint64_t a5)
{
	register uint64_t r10 asm("r10") = a4;
	register uint64_t r8 asm("r8") = a5;
	long rax;

	asm volatile("call *%[slot]"
		     : "=a"(rax), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
		     : [slot] "r"(hypercall_page + nr * 32)
		     : "memory", "rcx", "r11");
	return rax;
}

static inline long hypercall5(uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
			      uint64_t a5)
{
	if (hypercall_use_page && nr < 128)
		return hypercall_via_page(nr, a1, a2, a3, a4, a5);
	return hypercall_syscall(nr, a1, a2, a3, a4, a5);
}

/* The primitives hypercall-guest.h expects. */
#define _hypercall0(nr) hypercall5(nr, 0, 0, 0, 0, 0)
#define _hypercall1(nr, a) hypercall5(nr, a, 0, 0, 0, 0)
#define _hypercall2(nr, a, b) hypercall5(nr, a, b, 0, 0, 0)
#define _hypercall3(nr, a, b, c) hypercall5(nr, a, b, c, 0, 0)
#define _hypercall4(nr, a, b, c, d) hypercall5(nr, a, b, c, d, 0)
#define _hypercall5(nr, a, b, c, d, e) hypercall5(nr, a, b, c, d, e)

#include <hypercall-guest.h>

/*
 * hypercall_iret (entry.asm): leave a frame with the iret hypercall.
 * rsp must point at rip, cs, rflags, rsp, ss. Not callable from C.
 */
void hypercall_iret(void);

#endif /* GUEST_HYPERCALL_H */
