#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The research instruments through sysctl (our own interface, so xen-like
# only): see tests/guests/instruments/main.c for the behaviours checked.
. "$(dirname "$0")/lib.sh"

run_boot sysctl --cmdline "console=com1 noreboot qemu_exit=0xf4 dom0_mem=32M" \
	--module "$TOP/build/tests/guest-instruments" --timeout 30
expect_rc 0 "instruments guest verdict"
expect_line 'histogram sampling interval 128' "default hcall_sample"
# Every hypercall timed: the histogram must add up exactly.
run_boot sysctl-sample1 --cmdline "console=com1 noreboot qemu_exit=0xf4 dom0_mem=32M hcall_sample=1" \
	--module "$TOP/build/tests/guest-instruments" --timeout 30
expect_rc 0 "instruments guest verdict (hcall_sample=1)"
expect_line 'histogram sampling interval 1$' "hcall_sample=1"
finish
