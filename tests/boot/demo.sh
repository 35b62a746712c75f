#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The demo dom0 of `make run-demo` and `make iso`: it reports what the
# hypervisor told it, dom0 gets the serial input (CONSOLEIO_read), CTRL-a
# three times hands the input to the debug keys and back, and 'q' powers
# the machine off. The ISO built by `make iso` boots the same demo.
. "$(dirname "$0")/lib.sh"

DEMO=$TOP/build/tests/guest-demo
CMD="console=com1 com1=115200,8n1 dom0_mem=64M noreboot qemu_exit=0xf4"
run_boot kernel --cmdline "$CMD" --module "$DEMO:demo args" --timeout 60 \
	--input $'hi\x01\x01\x01uegr\x01\x01\x01q' --input-after "Type to echo"
expect_qemu_status 33 "powered off by the demo"
expect_line "^\(d0\) Hypervisor: Xen ABI 4\.17\.0-xl" "version reported"
expect_line "^\(d0\) Capabilities: xen-3\.0-x86_64" "capabilities"
expect_line "^\(d0\) Features \(submap 0 = 0x8e0\): mmu_pt_update_preserve_ad highmem_assist gnttab_map_avail_bits dom0" "features"
expect_line "^\(d0\)   magic        xen-3\.0-x86_64" "start_info magic"
expect_line "^\(d0\)   nr_pages     16384 \(64 MiB\)" "start_info nr_pages from dom0_mem"
expect_line "^\(d0\)   flags        0x3 privileged initdomain" "start_info flags"
expect_line "^\(d0\)   cmd_line     \"demo args\"" "module 1's command line"
expect_line "^\(d0\) hi" "dom0 echoed its input"
expect_line "Serial input to Xen" "CTRL-a x3 switched to the debug keys"
expect_line "'u' pressed -> show time since boot" "debug key reached the hypervisor"
expect_line "^\(d0\) \(waiting for input with SCHEDOP_block on VIRQ_CONSOLE" "demo is interrupt-driven"
expect_line "Event channel information for domain 0" "debug key e dumps event channels"
expect_line "^\(XEN\) +[0-9]+ \[[01]/0/[01]\] virq +0 virq 2$" "the VIRQ_CONSOLE port in the dump"
expect_line "^\(XEN\) d0 grant table v1: 1 of 64 frames" "debug key g dumps grant tables"
expect_line "^\(XEN\) CPU0: running " "debug key r dumps the run queues"
expect_line "Serial input to DOM0" "and back"
expect_line "^\(d0\) Bye\." "'q' ended the demo"
expect_no_line "^\(d0\) .*u$" "the debug key was not echoed by dom0"

run_boot iso --iso "$TOP/build/xen-like.iso" --timeout 120 --input q --input-after "Type to echo"
expect_line "Bootloader: GRUB 2.* \(Multiboot 2\)" "ISO: booted by GRUB"
expect_line "^\(d0\)   cmd_line     \"demo dom0 from the ISO\"" "ISO: demo dom0 started"
expect_line "^\(d0\) Bye\." "ISO: demo answered"
finish
