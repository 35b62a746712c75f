; SPDX-License-Identifier: GPL-2.0-only
;
; Boot entry: Multiboot 1 and Multiboot 2 headers, the 32-bit entry point,
; and the switch to long mode.
;
; The image is a flat binary loaded at LOAD_PHYS. This file's section
; (.boot) is linked at its physical address so 32-bit code can run it
; before paging; everything else is linked at XEN_VIRT_START. The boot page
; tables map:
;   - the first 4 GiB 1:1 (needed while we jump from low to high),
;   - the same 4 GiB at DIRECTMAP_VIRT_START (multiboot data, modules),
;   - 16 MiB from LOAD_PHYS at XEN_VIRT_START (the image itself).
; C code (arch/x86/mm.c) replaces them with the final tables early on.

%include "asm-offsets.inc"
%include "cpu-bits.inc"

%define MB1_MAGIC        0x1badb002
%define MB1_BOOT_MAGIC   0x2badb002
; page-align modules, want memory map, a.out kludge (load addresses below)
%define MB1_FLAGS        ((1 << 0) | (1 << 1) | (1 << 16))
%define MB2_MAGIC        0xe85250d6
%define MB2_BOOT_MAGIC   0x36d76289

%define COM1             0x3f8
%define BOOT_MAP_IMAGE_2M 8          ; 16 MiB of image mapping (xen.lds.S checks the fit)
%define EFER_LME         (1 << 8)
%define EFER_NXE         (1 << 11)
%define CPUID_LM         (1 << 29)  ; 0x80000001 EDX
%define CPUID_NX         (1 << 20)  ; 0x80000001 EDX
%define PTE_P_RW         0x03
%define PTE_P_RW_PSE     0x83

extern __load_end_phys, __bss_start_phys, __bss_end_phys
extern start_xen, cpu0_stack

section .boot progbits alloc exec write align=4096
bits 32

global start
start:
        jmp     start32

        align   4
mb1_header:
        dd      MB1_MAGIC
        dd      MB1_FLAGS
        dd      0x100000000 - (MB1_MAGIC + MB1_FLAGS)
        dd      mb1_header              ; header_addr
        dd      start                   ; load_addr
        dd      __load_end_phys         ; load_end_addr
        dd      __bss_end_phys          ; bss_end_addr
        dd      start32                 ; entry_addr

        align   8
mb2_header:
        dd      MB2_MAGIC
        dd      0                       ; architecture: i386 protected mode
        dd      mb2_header_end - mb2_header
        dd      0x100000000 - (MB2_MAGIC + (mb2_header_end - mb2_header))
        ; information request: cmdline, modules, basic mem, mmap, loader, ACPI
        align   8
.info:  dw      1, 0
        dd      .info_end - .info
        dd      1, 2, 3, 4, 6
.info_end:
        ; optional: ACPI RSDP copies (flag 1 = optional)
        align   8
.acpi:  dw      1, 1
        dd      .acpi_end - .acpi
        dd      14, 15
.acpi_end:
        align   8
.addr:  dw      2, 0
        dd      24
        dd      mb2_header              ; header_addr
        dd      start                   ; load_addr
        dd      __load_end_phys         ; load_end_addr
        dd      __bss_end_phys          ; bss_end_addr
        align   8
.entry: dw      3, 0
        dd      12
        dd      start32
        align   8
.modalign:
        dw      6, 0
        dd      8
        align   8
        dw      0, 0                    ; end tag
        dd      8
mb2_header_end:

; Print a NUL-terminated string at esi on COM1 (no init needed in QEMU; on
; real hardware firmware has usually set the port up). Clobbers eax, edx, esi.
early_puts32:
        mov     dx, COM1 + 5
.wait:  in      al, dx
        test    al, 0x20
        jz      .wait
        lodsb
        test    al, al
        jz      .done
        mov     dx, COM1
        out     dx, al
        mov     dx, COM1 + 5
        jmp     .wait
.done:  ret

; Fatal error before long mode: print esi, then halt for good.
early_fail32:
        call    early_puts32
.hang:  cli
        hlt
        jmp     .hang

; Entry contract (both protocols): 32-bit protected mode, paging off,
; eax = bootloader magic, ebx = physical address of the boot information.
start32:
        cli
        cld
        mov     [boot_mb_magic], eax
        mov     [boot_mb_info], ebx
        mov     esp, boot_stack_top

        ; Refuse anything we cannot run on, with a message instead of a reset.
        cmp     eax, MB1_BOOT_MAGIC
        je      .magic_ok
        cmp     eax, MB2_BOOT_MAGIC
        je      .magic_ok
        mov     esi, msg_not_multiboot
        jmp     early_fail32
.magic_ok:
        mov     eax, 0x80000000
        cpuid
        cmp     eax, 0x80000001
        jb      .no_lm
        mov     eax, 0x80000001
        cpuid
        test    edx, CPUID_LM
        jnz     .lm_ok
.no_lm: mov     esi, msg_no_long_mode
        jmp     early_fail32
.lm_ok:
        mov     [boot_ext_edx], edx

        ; Zero .bss (the loaders should have; do not rely on it).
        mov     edi, __bss_start_phys
        mov     ecx, __bss_end_phys
        sub     ecx, edi
        xor     eax, eax
        rep stosb

        ; L2 tables: 4 GiB of 2 MiB pages for identity + direct map.
        mov     edi, boot_l2_low
        mov     eax, PTE_P_RW_PSE       ; present, writable, 2 MiB page
        xor     edx, edx
        mov     ecx, 4 * 512
.fill_low:
        mov     [edi], eax
        mov     [edi + 4], edx
        add     eax, 1 << 21
        adc     edx, 0
        add     edi, 8
        loop    .fill_low

        ; L2 for the image: 2 MiB pages starting at LOAD_PHYS.
        mov     edi, boot_l2_image + XEN_L2_SLOT * 8
        mov     eax, LOAD_PHYS | PTE_P_RW_PSE
        mov     ecx, BOOT_MAP_IMAGE_2M
.fill_img:
        mov     [edi], eax
        mov     dword [edi + 4], 0
        add     eax, 1 << 21
        add     edi, 8
        loop    .fill_img

        ; CR4.PAE (+PGE), CR3, EFER.LME (+NXE when present), CR0.PG.
        mov     eax, cr4
        or      eax, CR4_PAE | CR4_PGE
        mov     cr4, eax
        mov     eax, boot_l4
        mov     cr3, eax
        mov     ecx, MSR_EFER
        rdmsr
        or      eax, EFER_LME
        test    dword [boot_ext_edx], CPUID_NX
        jz      .no_nx
        or      eax, EFER_NXE
.no_nx: wrmsr
        mov     eax, cr0
        or      eax, CR0_PG | CR0_WP | CR0_NE | CR0_PE
        mov     cr0, eax

        lgdt    [boot_gdt_desc]
        jmp     0x08:start64

bits 64
start64:
        mov     eax, 0x10
        mov     ds, eax
        mov     es, eax
        mov     ss, eax
        xor     eax, eax
        mov     fs, eax
        mov     gs, eax

        ; Switch to the high mapping: CPU 0's real stack, then C.
        mov     rsp, cpu0_stack + STACK_SIZE - CPUINFO_sizeof
        xor     ebp, ebp
        mov     edi, [rel boot_mb_magic]
        mov     esi, [rel boot_mb_info]
        mov     rax, start_xen
        call    rax                     ; start_xen(magic, info) never returns
.hang:  cli
        hlt
        jmp     .hang

        align   8
global boot_mb_magic, boot_mb_info
boot_mb_magic:  dd 0
boot_mb_info:   dd 0
boot_ext_edx:   dd 0

msg_not_multiboot: db "xen-like: not started by a Multiboot loader, halting", 13, 10, 0
msg_no_long_mode:  db "xen-like: this CPU has no long mode (x86-64), halting", 13, 10, 0

        align   16
boot_gdt:
        dq      0
        dq      0x00af9a000000ffff      ; 0x08: 64-bit code, ring 0
        dq      0x00cf92000000ffff      ; 0x10: data, ring 0
boot_gdt_end:
boot_gdt_desc:
        dw      boot_gdt_end - boot_gdt - 1
        dd      boot_gdt

        ; Page tables. L4 slots: 0 = identity, XEN_L4_SLOT = image,
        ; DIRECTMAP_L4_SLOT = direct map (slot numbers from asm-offsets).
%if XEN_L4_SLOT >= DIRECTMAP_L4_SLOT || XEN_L2_SLOT + BOOT_MAP_IMAGE_2M > 512
%error "boot page tables: unexpected XEN_VIRT_START / DIRECTMAP_VIRT_START"
%endif
        align   4096
global boot_l4
boot_l4:
        dq      boot_l3_low + 3
        times XEN_L4_SLOT - 1 dq 0
        dq      boot_l3_image + 3
        times DIRECTMAP_L4_SLOT - XEN_L4_SLOT - 1 dq 0
        dq      boot_l3_low + 3
        times 512 - DIRECTMAP_L4_SLOT - 1 dq 0
boot_l3_low:
%assign i 0
%rep 4
        dq      boot_l2_low + i * 0x1000 + 3
%assign i i + 1
%endrep
        times 508 dq 0
boot_l3_image:
        times XEN_L3_SLOT dq 0
        dq      boot_l2_image + 3
        times 512 - XEN_L3_SLOT - 1 dq 0
boot_l2_image:
        times 512 dq 0
boot_l2_low:
        times 4 * 512 dq 0

        ; Small stack for the 32-bit code (cpuid/rdmsr need none, calls do).
        align   16
        times 256 db 0
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
