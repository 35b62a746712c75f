; SPDX-License-Identifier: GPL-2.0-only
;
; probe_entry: the rip of the context vcpu-op starts vCPU 2 with. It
; stores every register exactly as the vCPU's first instruction sees
; them into probe_regs (struct probe in main.c), then joins the
; library's secondary entry, whose contract (rsp = stack top, rdi = the
; vCPU's block) the context also meets.

bits 64
default rel

section .text

global probe_entry
align 16
probe_entry:
	mov [probe_regs + 0 * 8], rax
	mov [probe_regs + 1 * 8], rbx
	mov [probe_regs + 2 * 8], rcx
	mov [probe_regs + 3 * 8], rdx
	mov [probe_regs + 4 * 8], rsi
	mov [probe_regs + 5 * 8], rdi
	mov [probe_regs + 6 * 8], rbp
	mov [probe_regs + 7 * 8], rsp
	mov [probe_regs + 8 * 8], r8
	mov [probe_regs + 9 * 8], r9
	mov [probe_regs + 10 * 8], r10
	mov [probe_regs + 11 * 8], r11
	mov [probe_regs + 12 * 8], r12
	mov [probe_regs + 13 * 8], r13
	mov [probe_regs + 14 * 8], r14
	mov [probe_regs + 15 * 8], r15
	pushfq				; rsp was saved above; the stack is ours
	pop rax
	mov [probe_regs + 16 * 8], rax
	mov word [probe_regs + 17 * 8 + 0], cs
	mov word [probe_regs + 17 * 8 + 2], ss
	mov word [probe_regs + 17 * 8 + 4], ds
	mov word [probe_regs + 17 * 8 + 6], es
	mov rax, [probe_regs + 0 * 8]
	extern smp_secondary_entry
	jmp smp_secondary_entry

section .bss
align 8
global probe_regs
probe_regs:
	resq 18

section .note.GNU-stack noalloc noexec nowrite progbits
