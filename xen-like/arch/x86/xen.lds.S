/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Linker script. .boot runs before paging, so it is linked at its load
 * (physical) address; everything after it is linked at XEN_VIRT_START +
 * (physical - LOAD_PHYS). Load addresses (AT) stay contiguous so that
 * `objcopy -O binary` yields one flat image starting at LOAD_PHYS. The
 * symbol table (pass 2 of the link) comes after .data and before .bss, so
 * adding it never moves code.
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(start)

#define VOFF (XEN_VIRT_START - LOAD_PHYS)

PHDRS
{
	boot PT_LOAD FLAGS(7);
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
}

SECTIONS
{
	. = LOAD_PHYS;
	.boot : { *(.boot) } :boot
	. = ALIGN(4096);

	. += VOFF;
	__image_start = XEN_VIRT_START;
	__text_start = .;
	.text : AT(ADDR(.text) - VOFF) {
		*(.text.entry)
		*(.text .text.*)
		*(.init.text)
		*(.fixup)
	} :text
	. = ALIGN(4096);
	__text_end = .;

	__rodata_start = .;
	.rodata : AT(ADDR(.rodata) - VOFF) {
		*(.rodata .rodata.*)
		. = ALIGN(8);
		__ex_table_start = .;
		*(.ex_table)
		__ex_table_end = .;
		. = ALIGN(8);
		__param_start = .;
		*(.data.param)
		__param_end = .;
	} :rodata
	. = ALIGN(4096);
	__rodata_end = .;

	__data_start = .;
	.data : AT(ADDR(.data) - VOFF) {
		*(.data .data.*)
		*(.init.data)
		. = ALIGN(64);
		__per_cpu_start = .;
		*(.percpu.data)
		__per_cpu_end = .;
	} :data
	.xensyms : AT(ADDR(.xensyms) - VOFF) {
		*(.xensyms)
		/* Pad inside the section so the flat image really ends here. */
		BYTE(0)
		. = ALIGN(4096);
	} :data
	__load_end = .;
	__load_end_phys = . - VOFF;

	.bss (NOLOAD) : AT(ADDR(.bss) - VOFF) {
		__bss_start = .;
		*(.bss.stack_aligned)
		*(.bss .bss.* COMMON)
		. = ALIGN(4096);
		__bss_end = .;
	} :data
	__bss_start_phys = __bss_start - VOFF;
	__bss_end_phys = __bss_end - VOFF;
	__image_end = .;

	/* The boot page tables map 16 MiB from LOAD_PHYS with 2 MiB pages. */
	ASSERT(__image_end - XEN_VIRT_START <= 16 * 1024 * 1024, "image larger than the boot mapping")
	ASSERT(LOAD_PHYS % (2 * 1024 * 1024) == 0, "LOAD_PHYS must be 2 MiB aligned")
	ASSERT(__per_cpu_end - __per_cpu_start <= PERCPU_DATA_MAX, ".percpu.data larger than PERCPU_DATA_MAX")
	ASSERT(trampoline_end - trampoline_start <= 4096, "AP trampoline larger than a page")

	/DISCARD/ : {
		*(.note.GNU-stack)
		*(.comment)
		*(.eh_frame)
		*(.note.gnu.property)
	}
}
