; SPDX-License-Identifier: GPL-2.0-only
;
; Secondary-CPU start-up trampoline. A STARTUP IPI starts an AP in real
; mode at CS:IP = (vector << 8):0, so this code is copied to a page below
; 1 MiB (smpboot.c picks it) and runs from there: real mode -> 32-bit
; protected mode -> long mode on the trampoline's own small page tables
; (the low 2 MiB identity-mapped, plus the hypervisor's L4 slots), then a
; jump to the high image, which switches to idle_pg_table and calls
; start_secondary() on the stack the boot CPU prepared.
;
; The code is position-independent in real mode (CS base = the copy's
; address); the few absolute addresses it needs (GDT base, the two far
; jump targets) are relocated by smpboot.c when it copies the page, and
; everything else is found from ebx = the copy's physical address. The
; parameter block at the end (struct trampoline_params) is written by the
; boot CPU before each start; APs are started one at a time.

%include "asm-offsets.inc"
%include "cpu-bits.inc"

; Offset of a trampoline label from the start of the copy.
%define T(x)            ((x) - trampoline_start)
%define PARAM(f)        (T(trampoline_params) + TRAMP_ %+ f)

extern start_secondary

section .rodata.trampoline progbits alloc noexec nowrite align=4096

global trampoline_start, trampoline_end
global trampoline_gdt_desc, trampoline_far32, trampoline_far64, trampoline_params

bits 16
trampoline_start:
        cli
        cld
        mov     ax, cs
        mov     ds, ax
        ; Tell the boot CPU we got this far (distinguishes "no SIPI
        ; arrived" from "died on the way" in its report).
        mov     dword [PARAM(started)], 1
        xor     ebx, ebx
        mov     bx, ax
        shl     ebx, 4                  ; ebx = physical address of the copy
        o32 lgdt [T(trampoline_gdt_desc)]
        mov     eax, cr0
        or      eax, CR0_PE
        mov     cr0, eax
        o32 jmp far [T(trampoline_far32)]

bits 32
tramp32:
        mov     eax, 0x10
        mov     ds, eax
        mov     es, eax
        mov     ss, eax
        mov     eax, cr4
        or      eax, CR4_PAE | CR4_PGE  ; as head.asm sets them on CPU 0
        mov     cr4, eax
        mov     eax, [ebx + PARAM(pt_phys)]
        mov     cr3, eax
        mov     ecx, MSR_EFER
        rdmsr
        or      eax, [ebx + PARAM(efer)] ; LME, and NXE when CPU 0 uses it
        wrmsr
        mov     eax, cr0
        or      eax, CR0_PG | CR0_WP | CR0_NE | CR0_PE
        mov     cr0, eax                ; long mode; still at the low address
        jmp     far [ebx + T(trampoline_far64)]

bits 64
tramp64:
        ; The upper halves of the registers are undefined after the switch.
        mov     ebx, ebx
        mov     rsp, [rbx + PARAM(stack)]
        mov     rax, [rbx + PARAM(cr3)]
        mov     rcx, ap_entry64
        jmp     rcx                     ; to the image, mapped by the copied slots

        align   8
trampoline_gdt:
        dq      0
        dq      0x00cf9a000000ffff      ; 0x08: 32-bit code, ring 0
        dq      0x00cf92000000ffff      ; 0x10: data, ring 0
        dq      0x00af9a000000ffff      ; 0x18: 64-bit code, ring 0
trampoline_gdt_end:
        align   4
        dw      0                       ; align the base field of the descriptor
trampoline_gdt_desc:
        dw      trampoline_gdt_end - trampoline_gdt - 1
        dd      T(trampoline_gdt)       ; relocated: + physical address of the copy
trampoline_far32:
        dd      T(tramp32)              ; relocated
        dw      0x08
trampoline_far64:
        dd      T(tramp64)              ; relocated
        dw      0x18

        align   8
trampoline_params:
        times   TRAMP_sizeof db 0
trampoline_end:

section .text
bits 64
; Contract: entered from the trampoline in long mode on its page tables,
; interrupts off, rax = idle_pg_table's physical address, rsp = the top of
; this CPU's primary stack (below its struct cpu_info, already filled in).
; The GDT is still the trampoline's low copy, so no segment register is
; loaded until start_secondary() installs this CPU's own tables.
ap_entry64:
        mov     cr3, rax                ; the low identity mapping is gone from here on
        xor     ebp, ebp
        call    start_secondary         ; never returns
.hang:  cli
        hlt
        jmp     .hang

section .note.GNU-stack noalloc noexec nowrite progbits
