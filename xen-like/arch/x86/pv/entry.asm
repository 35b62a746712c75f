; SPDX-License-Identifier: GPL-2.0-only
;
; Entry from PV guests by SYSCALL, and the first entry into a guest.
;
; SYSCALL does not switch stacks, so the entry points first move to the
; hypervisor stack, then build the same struct cpu_regs frame an
; interrupt from ring 3 would produce (SS, RSP, RFLAGS = R11, CS, RIP =
; RCX, and a pseudo-vector) and join the common path in entry.asm; C
; (do_trap -> pv_syscall) decides whether it is a hypercall or a guest
; system call to bounce. Returns go through restore_all's IRETQ.
;
; Only CPU 0 enters guests so far: the stack pointer is one variable.
; With SMP each CPU gets its own copy of these stubs (as Xen does), with
; its stack address inside.

%include "asm-offsets.inc"

extern common_interrupt, restore_all

section .text
bits 64

; Contract: SYSCALL from 64-bit ring 3. rcx = guest RIP, r11 = guest
; RFLAGS, rsp = guest RSP, interrupts off (SFMASK clears IF).
global lstar_enter
lstar_enter:
        mov     [rel syscall_guest_rsp], rsp
        mov     rsp, [rel syscall_stack_top]
        push    FLAT_RING3_DS
        push    qword [rel syscall_guest_rsp]
        push    r11
        push    FLAT_RING3_CS64
        push    rcx
        push    0
        mov     dword [rsp + 4], TRAP_syscall
        jmp     common_interrupt

; Contract: as lstar_enter, but SYSCALL from 32-bit compatibility mode.
global cstar_enter
cstar_enter:
        mov     [rel syscall_guest_rsp], rsp
        mov     rsp, [rel syscall_stack_top]
        push    FLAT_RING3_DS
        push    qword [rel syscall_guest_rsp]
        push    r11
        push    FLAT_RING3_CS32
        push    rcx
        push    0
        mov     dword [rsp + 4], TRAP_syscall32
        jmp     common_interrupt

; void pv_enter_guest(struct cpu_regs *regs): load the frame (which must
; sit at the top of this CPU's stack, where later entries put theirs),
; let pv_start_vcpu(regs) account the vCPU running and make any event
; upcall due, then IRETQ into the guest. Never returns.
extern pv_start_vcpu
global pv_enter_guest
pv_enter_guest:
        mov     rsp, rdi
        sub     rsp, 8                  ; as common_interrupt: 16-byte aligned call
        call    pv_start_vcpu
        add     rsp, 8
        jmp     restore_all

section .data
        align   8
global syscall_stack_top
syscall_stack_top:      dq 0    ; set by pv_cpu_init()
syscall_guest_rsp:      dq 0

section .note.GNU-stack noalloc noexec nowrite progbits
