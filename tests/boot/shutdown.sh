#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Ending a run without the test device: ACPI S5 power-off (QEMU exits 0
# on its own), and reboot by each method (QEMU runs with -no-reboot, so a
# successful reset ends it with status 0 instead of hanging to the timeout).
. "$(dirname "$0")/lib.sh"

run_boot poweroff --cmdline "selftest=poweroff" --timeout 30
expect_qemu_status 0 "ACPI power-off"
expect_line "ACPI: FADT rev [0-9]+: PM1a_CNT 0x[0-9a-f]+, S5 found"
expect_line "Powering off"
expect_no_line "power-off unavailable"

for method in kbd pci triple; do
	run_boot "reboot-$method" --cmdline "reboot=$method selftest=reboot" --timeout 30
	expect_qemu_status 0 "reboot=$method"
	expect_line "Rebooting via $method\$" "reboot=$method"
	expect_count 1 "Rebooting via" # the chosen method alone did it
done

# A panic without noreboot reboots after five seconds.
run_boot panic-reboot --cmdline "selftest=ud" --timeout 60
expect_qemu_status 0 "panic then reboot"
expect_line "Reboot in five seconds"
expect_line "Rebooting via kbd" "the default order reaches the keyboard controller"
finish
