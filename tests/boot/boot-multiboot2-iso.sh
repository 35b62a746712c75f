#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Boot path 2: a GRUB 2 rescue ISO (grub-mkrescue) booting the hypervisor
# through Multiboot 2 with two modules; same checks as the -kernel path.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/multiboot-modules.inc"

ISO=$TOP/build/tests/boot-multiboot2.iso
"$TOP/scripts/mkiso.sh" "$ISO" "$TOP/build/xen-like" --cmdline "$XEN_CMDLINE" \
	--module "$MOD1:$MOD1_ARGS" --module "$MOD2:$MOD2_ARGS" >/dev/null ||
	{ fail "mkiso: could not build $ISO"; finish; }
run_boot iso --mem 384 --iso "$ISO" --timeout 120
check_boot_report 2 384
expect_line "Bootloader: GRUB 2[^ ]* \(Multiboot 2\)"
expect_line "ACPI: RSDP rev [0-9]+ \(multiboot" "RSDP taken from the Multiboot 2 ACPI tag"
finish
