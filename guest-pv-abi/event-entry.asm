; SPDX-License-Identifier: GPL-2.0-only
;
; The event upcall entry (CALLBACKTYPE_event). Xen bounces it like an
; exception without an error code: RCX, R11, RIP, CS (saved upcall mask
; in bits 32-39), RFLAGS (IF = !saved mask), RSP, SS on the kernel
; stack, events now masked. The stub restores RCX and R11 and joins the
; exception path with pseudo-vector UPCALL_VECTOR; do_trap() hands it to
; event.c, and the return through the iret hypercall restores the
; upcall mask from the frame's RFLAGS.IF.

%define UPCALL_VECTOR 257	; keep in step with traps.h

bits 64
default rel

section .text

; event_upcall_entry: registered with callback_op by evtchn_init().
;   in:  the bounce frame above, guest kernel mode, events masked
global event_upcall_entry
align 16
event_upcall_entry:
	pop rcx
	pop r11
	push 0
	push UPCALL_VECTOR
	extern exception_common
	jmp exception_common

section .note.GNU-stack noalloc noexec nowrite progbits
