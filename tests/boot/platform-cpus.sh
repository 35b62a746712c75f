#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# XENPF_get_cpuinfo over several physical CPUs: the platform-op kernel
# with QEMU -smp 2 (both CPUs present and online, APIC and ACPI ids 0
# and 1, CPU 2 flagged invalid) and with maxcpus=1 (as on Xen, a CPU
# past maxcpus= is not present: max_present 0), on xen-like and on
# Xen 4.17, which must agree.
. "$(dirname "$0")/lib.sh"

PO=$TOP/build/tests/test-platform-op
CON="console=com1 com1=115200,8n1"
XEN_CMDLINE="$CON dom0_mem=32M,max:32M dom0_max_vcpus=1 noreboot loglvl=all guest_loglvl=all"

for hv in xen-like xen417; do
	for max in "" 1; do
		if [ $hv = xen417 ]; then
			run_boot "smp2${max:+-max$max}-$hv" --xen417 --smp 2 \
				--cmdline "$XEN_CMDLINE${max:+ maxcpus=$max}" --module "$PO"
		else
			run_boot "smp2${max:+-max$max}-$hv" --smp 2 \
				--cmdline "$CON qemu_exit=0xf4 dom0_mem=32M${max:+ maxcpus=$max}" --module "$PO"
		fi
		expect_rc 0 "platform-op on $hv with 2 CPUs${max:+, maxcpus=$max}"
		if [ -n "$max" ]; then
			expect_line "max_present 0$" "$hv, maxcpus=1: one CPU present"
		else
			expect_line "max_present 1$" "$hv: two CPUs present"
			expect_line "CPU1: APIC id 1, ACPI id 1, flags 0x1$" "$hv: CPU1 online"
		fi
	done
done
finish
