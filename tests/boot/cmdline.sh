#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Command-line handling: every unknown option and every bad value is
# reported on the console (never silently dropped), and the hypervisor
# still boots with its defaults. Also: loglvl filters messages.
. "$(dirname "$0")/lib.sh"

run_boot errors --cmdline "qemu_exit=0xf4 selftest=pagetable nosuchopt loglvl=chatty com1=9600,9x1 dom0_mem=12x noreboot=maybe qemu_exit dom0_max_vcpus=lots console=vga"
expect_rc 0
expect_line "parameter \"nosuchopt\" unknown!"
expect_line "parameter \"loglvl\" has invalid value \"chatty\"!"
expect_line "parameter \"dom0_mem\" has invalid value \"12x\"!"
expect_line "parameter \"noreboot\" has invalid value \"maybe\"!"
expect_line "parameter \"qemu_exit\" needs a value"
expect_line "parameter \"dom0_max_vcpus\" has invalid value \"lots\"!"
expect_line "console: bad com1 settings \"9600,9x1\", using 115200,8n1" "bad settings change nothing"
expect_line "console: unknown device in \"console=vga\", using com1"

# Xen-style negation and quoting; known options are not reported.
run_boot good --cmdline 'qemu_exit=0xf4 selftest=pagetable no-noreboot reboot=kbd sched="credit" conring_size=1' 
expect_rc 0
expect_line "parameter \"conring_size\" unknown!" "not-yet-supported option is reported"
expect_no_line "parameter \"(noreboot|reboot|sched)\"" "valid options accepted"

# loglvl: debug messages (module hashes) only at loglvl=all.
echo "module" > "$TOP/build/tests/cmdline-module"
run_boot quiet --cmdline "qemu_exit=0xf4 selftest=pagetable loglvl=warning" --module "$TOP/build/tests/cmdline-module"
expect_rc 0
expect_no_line "fnv1a32" "debug line at loglvl=warning"
run_boot verbose --cmdline "qemu_exit=0xf4 selftest=pagetable loglvl=all/warning" --module "$TOP/build/tests/cmdline-module"
expect_rc 0
expect_line "Module 0: fnv1a32 $(fnv1a32 "$TOP/build/tests/cmdline-module")" "debug line at loglvl=all"

# console_timestamps (Xen's option): boot puts the time since boot on each line.
run_boot stamps --cmdline "qemu_exit=0xf4 selftest=pagetable console_timestamps=boot"
expect_rc 0
expect_line "^\(XEN\) \[ *[0-9]+\.[0-9]{6}\] Usable RAM" "timestamped line"
expect_no_line "^\(XEN\) [^[]" "line without a timestamp"
run_boot nostamps --cmdline "qemu_exit=0xf4 selftest=pagetable console_timestamps=sometimes"
expect_rc 0
expect_line "parameter \"console_timestamps\" has invalid value \"sometimes\"!"
expect_no_line "^\(XEN\) \[ *[0-9]+\.[0-9]{6}\]" "timestamps with a bad value"
finish
