#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Debug keys typed on the serial console run their handlers (polled by a
# hypervisor timer); 'O' powers the machine off.
. "$(dirname "$0")/lib.sh"

run_boot keys --input "hxmtubcdriO" --timeout 60
expect_qemu_status 0 "power-off by key"
expect_line "'h' pressed -> show this help"
expect_line "  'R' reboot the machine" "help lists the keys"
expect_line "'x' is not a debug key" "unknown key reported"
expect_line "Heap: [0-9]+ of [0-9]+ pages free" "memory dump"
expect_line "Free frames: [0-9]+ \(sysctl physinfo free_pages\)" "free-frame count"
expect_line "Timers on CPU0 at [0-9]+ ns" "timer dump"
expect_line "Uptime: [0-9]+\.[0-9]{6} s" "uptime"
expect_line "Physical RAM map" "boot info"
expect_line "CPU features:.* lm" "CPU info"
expect_line "Xen call trace:" "register dump"
expect_line "CPU0: running idle" "run queues (no domain)"
expect_line "Guest-bound IRQs \\(IRQ: vector" "interrupt dump"
expect_line "Powering off"
finish
