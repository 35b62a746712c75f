/* SPDX-License-Identifier: MIT */
/*
 * Compile-only check (make check-abi): assembly includes the core
 * headers, as Mini-OS's entry code does, and uses their constants.
 */
#include <xen/xen.h>
#include <xen/arch-x86/xen.h>
#include <xen/arch-x86/xen-x86_64.h>
#include <xen/elfnote.h>
#include <xen/errno.h>

	.text
	.globl consumer_hypercall
consumer_hypercall:
	mov	$__HYPERVISOR_sched_op, %eax
	mov	$FLAT_KERNEL_CS, %ecx
	mov	$HYPERVISOR_VIRT_START, %rdx
	mov	$XEN_EINVAL, %esi
	XEN_CPUID
	ret

	.section .note.Xen, "a"
	.long	XEN_ELFNOTE_GUEST_OS
