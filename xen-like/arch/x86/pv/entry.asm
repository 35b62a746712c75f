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
; There is no free register and no per-CPU segment at that point, so
; each CPU runs its own copy of the entry code (as on Xen): the two
; pages below are a template that pv_cpu_init() copies to a per-CPU
; code page (read-only, executable) followed by a per-CPU data page
; (writable) holding that CPU's stack pointer and a scratch slot. The
; code reaches its data RIP-relatively, one page on, and leaves by an
; indirect jump, so the copy works wherever it is mapped. Code and data
; never share a page (a store into a page of code is slow on CPUs and
; in QEMU's translator alike).

%include "asm-offsets.inc"

extern common_interrupt, restore_all

section .text
bits 64

        align   4096
global syscall_stub_template
syscall_stub_template:

; Contract: SYSCALL from 64-bit ring 3. rcx = guest RIP, r11 = guest
; RFLAGS, rsp = guest RSP, interrupts off (SFMASK clears IF).
lstar_enter:
        mov     [rel stub_guest_rsp], rsp
        mov     rsp, [rel stub_stack_top]
        push    FLAT_RING3_DS
        push    qword [rel stub_guest_rsp]
        push    r11
        push    FLAT_RING3_CS64
        push    rcx
        push    0
        mov     dword [rsp + 4], TRAP_syscall
        jmp     [rel stub_common_interrupt]

; Contract: as lstar_enter, but SYSCALL from 32-bit compatibility mode.
cstar_enter:
        mov     [rel stub_guest_rsp], rsp
        mov     rsp, [rel stub_stack_top]
        push    FLAT_RING3_DS
        push    qword [rel stub_guest_rsp]
        push    r11
        push    FLAT_RING3_CS32
        push    rcx
        push    0
        mov     dword [rsp + 4], TRAP_syscall32
        jmp     [rel stub_common_interrupt]

        times   4096 - ($ - syscall_stub_template) db 0xcc

; The data page (template values; each CPU's copy is filled by pv_cpu_init()).
stub_stack_top:         dq 0    ; top of this CPU's guest frame area
stub_guest_rsp:         dq 0    ; scratch: the guest RSP while switching
stub_common_interrupt:  dq common_interrupt
        times   8192 - ($ - syscall_stub_template) db 0

; Where each piece is in the two pages (for pv_cpu_init()).
section .rodata
        align   8
global syscall_stub_offsets
syscall_stub_offsets:
        dq      lstar_enter - syscall_stub_template
        dq      cstar_enter - syscall_stub_template
        dq      stub_stack_top - syscall_stub_template

section .text
bits 64

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

section .note.GNU-stack noalloc noexec nowrite progbits
