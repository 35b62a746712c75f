; SPDX-License-Identifier: GPL-2.0-only
;
; Start of day for a small 64-bit PV kernel: the Xen ELF notes the domain
; builder reads, the hypercall page it fills, and the entry point.
;
; The builder enters _start in guest kernel mode (ring 3, CS 0xe033) with
; rsi = start_info, rsp = the end of its one-page boot stack, virtual
; events masked and no trap table. We zero the BSS (the loader does too;
; doing it here costs nothing and does not trust it), move to our own
; stack and call guest_start(start_info) in C, which never returns.
;
; Constants (XEN_ELFNOTE_*, __HYPERVISOR_*) come from abi.inc, which the
; build generates from include/public/.

%include "abi.inc"

extern __bss_start, __bss_end

bits 64
default rel

; One ELF note: name "Xen", type %1, descriptor %2 (a data directive).
%macro ELFNOTE 2+
	align 4
	dd 4				; namesz, with the NUL
	dd %%desc_end - %%desc		; descsz
	dd %1				; type
	db "Xen", 0
%%desc:
	%2
%%desc_end:
	align 4
%endmacro

section .note.Xen note alloc noexec nowrite align=4
	ELFNOTE XEN_ELFNOTE_GUEST_OS,       db "xen-like-guest", 0
	ELFNOTE XEN_ELFNOTE_GUEST_VERSION,  db "0", 0
	ELFNOTE XEN_ELFNOTE_XEN_VERSION,    db "xen-3.0", 0
	ELFNOTE XEN_ELFNOTE_LOADER,         db "generic", 0
	ELFNOTE XEN_ELFNOTE_HYPERCALL_PAGE, dq hypercall_page
	ELFNOTE XEN_ELFNOTE_FEATURES,       db "!writable_page_tables|pae_pgdir_above_4gb", 0
	ELFNOTE XEN_ELFNOTE_PAE_MODE,       db "yes", 0

section .text.head progbits alloc exec nowrite align=16

; _start: entry from the domain builder.
;   in:  rsi = start_info (virtual address), rsp = boot stack
;   out: does not return
global _start
_start:
	cld
	lea rdi, [__bss_start]
	lea rcx, [__bss_end]
	sub rcx, rdi
	xor eax, eax
	rep stosb			; rsi (start_info) is untouched

	lea rsp, [boot_stack_top]
	xor ebp, ebp			; terminate frame-pointer walks
	mov rdi, rsi
	extern guest_start
	call guest_start
.hang:
	ud2				; guest_start returned: fault loudly
	jmp .hang

; The hypercall page: 128 slots of 32 bytes, slot N makes hypercall N.
; The builder overwrites it; until then every slot is a ud2, so a call
; through an unfilled page faults instead of silently returning.
section .text.hypercall_page progbits alloc exec nowrite align=4096
global hypercall_page
hypercall_page:
	times 2048 db 0x0f, 0x0b

section .bss.page_aligned nobits alloc noexec write align=4096
boot_stack:
	resb 16384
global boot_stack_top
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
