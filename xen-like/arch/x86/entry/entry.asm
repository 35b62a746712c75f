; SPDX-License-Identifier: GPL-2.0-only
;
; Interrupt and exception entry for the hypervisor. One 16-byte stub per
; vector (generated with %rep) makes the frame uniform (a zero error code
; where the CPU pushes none, the vector in the upper half of that slot),
; then the common path saves the general registers as struct cpu_regs and
; calls do_trap(regs) in traps.c, which makes every decision.

%include "asm-offsets.inc"

; The push order below must produce struct cpu_regs; check it against the
; generated offsets instead of trusting it.
%if UREGS_r15 != 0 || UREGS_rdi != 14 * 8 || UREGS_error_code != 15 * 8 || UREGS_entry_vector != UREGS_error_code + 4 || UREGS_rip != 16 * 8 || UREGS_sizeof != 21 * 8
%error "struct cpu_regs does not match the entry push order"
%endif
; The guest frame sits right below cpu_info, 16-byte aligned as the CPU
; aligns the stack it switches to.
%if CPUINFO_sizeof % 16 || UREGS_sizeof % 8
%error "struct cpu_info must keep the guest frame 16-byte aligned"
%endif

extern do_trap, pv_iret_fault

; The general registers of struct cpu_regs, last field first.
%macro PUSH_GPRS 0
        push    rdi
        push    rsi
        push    rdx
        push    rcx
        push    rax
        push    r8
        push    r9
        push    r10
        push    r11
        push    rbx
        push    rbp
        push    r12
        push    r13
        push    r14
        push    r15
%endmacro

section .text.entry progbits alloc exec nowrite align=16
bits 64

; Vectors for which the CPU pushes an error code.
%define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

        align   16
%assign vec 0
%rep 256
        align   16
entry_stub_ %+ vec:
%if !HAS_ERRCODE(vec)
        push    0
%endif
        mov     dword [rsp + 4], vec
        jmp     common_interrupt
%assign vec vec + 1
%endrep

; Common path. Contract: rsp points at the error-code/vector slot of a
; hardware interrupt frame. Calls do_trap(struct cpu_regs *) with a
; 16-byte aligned stack, then returns to the interrupted context with
; whatever registers do_trap left in the frame.
global common_interrupt
common_interrupt:
        cld
        PUSH_GPRS
        ; An IST vector (#DB, NMI, #DF, #MC) that interrupted a guest left
        ; its frame on an IST stack. Everything after an entry from a
        ; guest (softirqs, scheduling, the context switch that saves the
        ; frame) expects it at the top of the primary stack, where every
        ; other guest entry puts it, and the IST stack must be free for the
        ; next exception of its kind: move it there. From the hypervisor,
        ; or already in place, nothing moves.
        test    byte [rsp + UREGS_cs], 3
        jz      .frame_in_place
        mov     rdi, rsp
        or      rdi, STACK_SIZE - 1
        sub     rdi, CPUINFO_sizeof + UREGS_sizeof - 1
        cmp     rdi, rsp
        je      .frame_in_place
        mov     rsi, rsp
        mov     ecx, UREGS_sizeof / 8
        rep movsq
        sub     rdi, UREGS_sizeof
        mov     rsp, rdi
.frame_in_place:
        mov     rdi, rsp
        ; The CPU aligned rsp to 16 before its 5-word frame; 16 more words
        ; make rsp 8 mod 16 here, so pad once for the C calling convention.
        sub     rsp, 8
        call    do_trap
        add     rsp, 8
; Return to the context saved in the frame at rsp (hypervisor or guest).
global restore_all
restore_all:
        pop     r15
        pop     r14
        pop     r13
        pop     r12
        pop     rbp
        pop     rbx
        pop     r11
        pop     r10
        pop     r9
        pop     r8
        pop     rax
        pop     rcx
        pop     rdx
        pop     rsi
        pop     rdi
        add     rsp, 8                  ; error code + vector
restore_all_iret:
        iretq

; The IRETQ above faulted (#GP, #NP, #SS): only a frame a guest chose can
; do that, with a selector its descriptor tables do not back or a bad
; RIP. The exception-table fixup resumes here with rsp back at that
; frame and the guest's registers still loaded, so push them again as
; the cpu_regs frame they came from and let pv_iret_fault(regs) give the
; guest the fault, as raised at the RIP it asked to return to.
iret_fault:
        push    0
        PUSH_GPRS
        mov     rdi, rsp
        sub     rsp, 8                  ; as common_interrupt: aligned call
        call    pv_iret_fault
        add     rsp, 8
        jmp     restore_all

section .ex_table progbits alloc noexec nowrite align=8
        dq      restore_all_iret, iret_fault
section .text.entry

; void reload_segments(void): load the final GDT's selectors into every
; segment register (far return for CS). Clobbers rax.
global reload_segments
reload_segments:
        mov     eax, __HYPERVISOR_DS
        mov     ds, eax
        mov     es, eax
        mov     ss, eax
        xor     eax, eax
        mov     fs, eax
        mov     gs, eax
        pop     rax                     ; return address
        push    __HYPERVISOR_CS
        push    rax
        retfq

; Address of each vector's stub, for the IDT (traps.c).
section .rodata
        align   8
global entry_stub_table
entry_stub_table:
%assign vec 0
%rep 256
        dq      entry_stub_ %+ vec
%assign vec vec + 1
%endrep

section .note.GNU-stack noalloc noexec nowrite progbits
