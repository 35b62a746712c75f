#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Multi-vCPU PV domains (docs/boot.md): dom0_max_vcpus= in Xen's forms
# ("N", "N-", "N-M", "-M"; the default is one vCPU per online pCPU) and
# a domU's vcpus= give a domain that many vCPUs, vCPU 0 up and the rest
# down; the vcpu-context test kernel then brings them up and down
# (VCPUOP_initialise/up/down/is_up) on one pCPU, with 4 vCPUs and with 33
# (vCPU 32 has no vcpu_info slot in shared_info), on xen-like and on
# Xen 4.17, which must agree.
. "$(dirname "$0")/lib.sh"

VC=$TOP/build/tests/test-vcpu-context
EX=$TOP/build/tests/test-example
CON="console=com1 com1=115200,8n1"

for n in 4 33; do
	run_boot context$n --smp 1 --cmdline "$CON qemu_exit=0xf4 dom0_mem=32M dom0_max_vcpus=$n" \
		--module "$VC"
	expect_rc 0 "vcpu-context with $n vCPUs"
	expect_line "^\(XEN\) d0 \(Domain-0\): .*, $n vCPU\(s\)," "dom0 built with $n vCPUs"
	expect_line "d0: VCPUOP_down of v0, its last vCPU up: shutting down \(poweroff\)" \
		"the last VCPUOP_down shut dom0 down"
	expect_qemu_status 33 "powered off"
	run_boot context$n-xen417 --xen417 --smp 1 \
		--cmdline "$CON dom0_mem=32M,max:32M dom0_max_vcpus=$n sched=credit noreboot loglvl=all guest_loglvl=all" \
		--module "$VC"
	expect_rc 0 "vcpu-context with $n vCPUs on Xen 4.17"
done

# dom0_max_vcpus= against the online pCPUs (the vCPUs still share CPU 0).
check_count() { # CASE SMP OPTION EXPECTED
	run_boot "$1" --smp "$2" --cmdline "$CON dom0_mem=32M${3:+ dom0_max_vcpus=$3}" --module "$EX"
	expect_rc 0 "$1: the example kernel"
	expect_line "^\(XEN\) d0 \(Domain-0\): .*, $4 vCPU\(s\)," "$1: dom0_max_vcpus=$3 with $2 pCPUs"
}
check_count default2 2 "" 2
check_count exact 1 3 3
check_count range 4 2-3 3
check_count atleast 2 6- 6
check_count atmost 4 -2 2
check_count zero 2 0 1
check_count limit 1 200 128
run_boot bad --cmdline "$CON dom0_mem=32M dom0_max_vcpus=4x" --module "$EX"
expect_rc 0 "bad option: the example kernel"
expect_line "parameter \"dom0_max_vcpus\" has invalid value \"4x\"!" "4x refused"
expect_line "^\(XEN\) d0 \(Domain-0\): .*, 1 vCPU\(s\)," "the default after a refused value"

# A domU's vcpus=: 1..128.
run_boot domu --cmdline "$CON dom0_mem=32M" --module "$EX:dom0" --module "$EX:domu vcpus=5" \
	--module "$EX:domu vcpus=129" --verdict-from 0,1
expect_rc 0 "dom0 and d1 verdicts"
expect_line "^\(XEN\) d1 \(d1\): .*, 5 vCPU\(s\)," "vcpus=5"
expect_line "Module 3 \(domu\): bad or unknown setting \"vcpus=129\"" "vcpus=129 refused"
finish
