#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Boot path 1: QEMU -kernel (Multiboot 1, a.out-kludge header) with two
# modules; the hypervisor must report QEMU's memory map, both modules
# (bounds, contents, own command lines) and the command line exactly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/multiboot-modules.inc"

run_boot kernel --mem 300 --cmdline "$XEN_CMDLINE" \
	--module "$MOD1:$MOD1_ARGS" --module "$MOD2:$MOD2_ARGS"
check_boot_report 1 300
expect_line "Bootloader: qemu \(Multiboot 1\)"
finish
