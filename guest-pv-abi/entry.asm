; SPDX-License-Identifier: GPL-2.0-only
;
; Exception entry and exit for a 64-bit PV kernel.
;
; Xen bounces an exception (or a software interrupt the trap table
; permits) onto the guest kernel stack as RCX, R11, [error code], RIP, CS,
; RFLAGS, RSP, SS and jumps to the handler registered for the vector.
; Each stub pops RCX and R11 back into place (the live registers were
; clobbered by Xen's SYSRET-style exit), pushes a zero error code if the
; CPU gives none, and pushes its vector; the common path saves the other
; registers as a struct cpu_regs (traps.h), calls do_trap(regs) and
; returns through the iret hypercall. Decisions belong in C.

%include "abi.inc"

%define SYSCALL_VECTOR 256	; keep in step with traps.h
%define USER_RFLAGS    0x2	; IF clear: events stay masked in user mode

bits 64
default rel

section .text

; exception_stubs: 256 entry points, vector N at exception_stubs + N * 16.
;   in:  Xen's bounce frame on the stack (see above), guest kernel mode
global exception_stubs
align 16
exception_stubs:
%assign vec 0
%rep 256
	align 16, db 0xcc
	pop rcx
	pop r11
%if !(vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30)
	push 0
%endif
	push qword vec
	jmp exception_common
%assign vec vec + 1
%endrep
	align 16, db 0xcc

; exception_common: save a struct cpu_regs, call do_trap(regs), restore.
;   in:  rsp -> vector, error code, rip, cs, rflags, rsp, ss
;   out: returns to the (possibly updated) rip/cs/rflags/rsp/ss
; Also the tail of event-entry.asm's upcall entry.
global exception_common
exception_common:
	push rdi
	push rsi
	push rdx
	push rcx
	push rax
	push r8
	push r9
	push r10
	push r11
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15

	mov rdi, rsp			; struct cpu_regs *
	mov rbp, rsp
	and rsp, -16			; the C ABI wants a 16-byte aligned call
	extern do_trap
	call do_trap
	mov rsp, rbp

	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	pop r11
	pop r10
	pop r9
	pop r8
	pop rax
	pop rcx
	pop rdx
	pop rsi
	pop rdi
	add rsp, 16			; vector, error code
	jmp hypercall_iret

; syscall_entry: the CALLBACKTYPE_syscall callback (a SYSCALL in guest
; user mode). Xen has switched to kernel mode and the stack_switch stack
; and pushed the bounce frame: RCX (user RIP after the syscall), R11
; (user RFLAGS), RIP, CS, RFLAGS, RSP, SS. Saved as a struct cpu_regs with
; vector SYSCALL_VECTOR (256) and error code 0; do_trap() passes it to
; the syscall hook.
;   in:  the bounce frame on the stack; the user's other registers live
global syscall_entry
syscall_entry:
	pop rcx
	pop r11
	push 0
	push SYSCALL_VECTOR
	jmp exception_common

; user_run: run user code until its syscall hook calls user_return().
;   in:  rdi = user RIP, rsi = user RSP (C: long user_run(rip, rsp))
;   out: rax = the value given to user_return(); callee-saved registers
;        preserved, as for any C function
; The kernel stack below the saved rsp stays untouched while the user
; runs: Xen bounces syscalls and exceptions onto the stack_switch stack.
global user_run
user_run:
	push rbx
	push rbp
	push r12
	push r13
	push r14
	push r15
	mov [user_run_rsp], rsp
	push FLAT_USER_SS		; iret frame: ss, rsp, rflags, cs, rip
	push rsi
	push USER_RFLAGS
	push FLAT_USER_CS		; RPL 3: the iret hypercall enters user mode
	push rdi
	jmp hypercall_iret

; user_run_resume: where user_return() sends the iret, in kernel mode.
;   in:  rax = return value for user_run()
global user_run_resume
user_run_resume:
	mov rsp, [user_run_rsp]
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbp
	pop rbx
	ret

; hypercall_iret: leave the current frame with the iret hypercall.
;   in:  rsp -> rip, cs, rflags, rsp, ss (an iretq frame; cs with RPL 3
;        returns to guest user mode); every other register holds the
;        value to return with
;   out: does not return here
; Through the hypercall page (slot 23 pushes rcx, r11, rax itself) or a
; direct syscall, as hypercall_use_page says. Flags 0 (not
; VGCF_in_syscall) makes Xen restore rcx and r11 from the context.
global hypercall_iret
hypercall_iret:
	push 0				; iret_context.flags
	extern hypercall_use_page
	cmp byte [hypercall_use_page], 0
	jne .page
	push rcx
	push r11
	push rax
	mov eax, __HYPERVISOR_iret
	syscall
	ud2				; iret never returns
.page:
	extern hypercall_page
	jmp hypercall_page + __HYPERVISOR_iret * 32

section .bss
align 8
global user_run_rsp
user_run_rsp:
	resq 1

section .note.GNU-stack noalloc noexec nowrite progbits
