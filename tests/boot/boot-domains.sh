#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Boot-time domains (docs/boot.md): every module whose command line starts
# with "domu" becomes a PV domain with the next domain id. A bad
# description or a bad kernel is reported and that domain alone is left
# out; the others boot, share the CPU, and the machine powers off when the
# last of them has shut down (dom0's power-off waits for the others).
# vcpus= gives a domain that many vCPUs (only vCPU 0 runs until the
# guest starts the others).
. "$(dirname "$0")/lib.sh"

EX=$TOP/build/tests/test-example
TIME=$TOP/build/tests/test-time
run_boot mixed --cmdline "console=com1 com1=115200,8n1 qemu_exit=0xf4" --module "$EX:dom0 args" \
	--module "$TIME:domu name=timer mem=8M weight=512 -- guest args" \
	--module "$EX:domu name=bad bogus=1" \
	--module "$EX:domu mem=1K" \
	--module "$EX:domu vcpus=0" \
	--module "$TOP/README.md:domu name=notelf" \
	--module "$EX:domu cap=50 vcpus=3" \
	--timeout 90
expect_rc 0 "all verdicts SUCCESS"
expect_qemu_status 33 "powered off"
expect_line "^\(XEN\) d1 \(timer\): 2048 pages \(8 MiB\), 1 vCPU\(s\), weight 512, cap 0" "d1 built as described"
expect_line "Module 3 \(domu\): bad or unknown setting \"bogus=1\"" "unknown key refused"
expect_line "Module 4 \(domu\): bad or unknown setting \"mem=1K\"" "too little memory refused"
expect_line "Module 5 \(domu\): bad or unknown setting \"vcpus=0\"" "vcpus=0 refused"
expect_line "Could not build d2 \(notelf\): module 6" "a non-ELF kernel refused"
expect_line "^\(XEN\) d3 \(d3\): 8192 pages \(32 MiB\), 3 vCPU\(s\), weight 256, cap 50" "defaults: d3, 32 MiB, weight 256; cap and vcpus given"
expect_line "^\(XEN\) 3 domain\(s\) built" "three domains built"
expect_line "^\(d1\) Test result: SUCCESS" "d1 ran its test"
expect_line "^\(d3\) Test result: SUCCESS" "d3 ran its test"
expect_line "^\(d0\) Test result: SUCCESS" "dom0 ran its test"
expect_line "Hardware domain powered off: waiting for [12] boot-time domain" "dom0 waited"
expect_line "Last domain shut down: powering off the machine" "the last one powered off"

# cpus= (hard affinity at boot): a pCPU that is not online, a bad list.
run_boot cpus --cmdline "console=com1 com1=115200,8n1 qemu_exit=0xf4" --module "$EX:dom0 args" \
	--module "$EX:domu cpus=3" --module "$EX:domu cpus=0-" --module "$EX:domu cpus=0,0-0" \
	--timeout 60
expect_rc 0 "verdicts SUCCESS with cpus="
expect_line "Module 2 \(domu\): bad or unknown setting \"cpus=3\"" "an offline pCPU refused"
expect_line "Module 3 \(domu\): bad or unknown setting \"cpus=0-\"" "a broken range refused"
expect_line "^\(d1\) Test result: SUCCESS" "cpus=0,0-0 accepted"
finish
