; SPDX-License-Identifier: GPL-2.0-only
;
; Entry points of a secondary vCPU that only assembly can provide: the
; first instruction it runs (the context's rip) and its failsafe
; callback. Both go straight to C.

bits 64
default rel

section .text

; smp_secondary_entry: user_regs.rip of the context smp_build_context()
; gives VCPUOP_initialise.
;   in:  rsp = top of the vCPU's stack (16-byte aligned), rdi = its
;        struct guest_cpu, kernel GS base = the same block, guest kernel
;        mode, events masked (vcpu_info.evtchn_upcall_mask = 1)
;   out: does not return
global smp_secondary_entry
align 16
smp_secondary_entry:
	cld
	xor ebp, ebp			; terminate frame-pointer walks
	extern smp_secondary_start
	call smp_secondary_start
.hang:
	ud2
	jmp .hang

; smp_failsafe_entry: the CALLBACKTYPE_failsafe of secondary vCPUs (the
; hypervisor could not load a segment on the way back to the guest). Xen
; leaves a frame on the stack that we do not unwind: report and stop.
;   in:  the failsafe bounce frame on the kernel stack
;   out: does not return
global smp_failsafe_entry
align 16
smp_failsafe_entry:
	and rsp, -16
	extern smp_failsafe
	call smp_failsafe
	ud2

section .note.GNU-stack noalloc noexec nowrite progbits
