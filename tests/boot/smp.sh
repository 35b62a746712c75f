#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# SMP bring-up (docs/smp.md): every CPU QEMU gives is found in the MADT,
# started with INIT-SIPI-SIPI and reports "CPUn: online", parks until the
# scheduler starts, then runs guests; maxcpus= limits the CPUs started;
# physinfo and the 'c' debug key report the online CPUs; a parked CPU
# survives an NMI.
. "$(dirname "$0")/lib.sh"

CMD="console=com1 noreboot qemu_exit=0xf4 dom0_mem=32M"
EXAMPLE=$TOP/build/tests/test-example

# A PV test kernel still passes with 2 and 4 CPUs up.
for n in 2 4; do
	run_boot smp$n --smp $n --cmdline "$CMD" --module "$EXAMPLE" --timeout 20
	expect_rc 0 "test-example verdict with $n CPUs"
	expect_line "ACPI: MADT: .* $n processor entries \($n enabled" "MADT lists $n CPUs"
	expect_line "SMP: $n CPUs found, starting $n$" "CPUs found"
	for ((c = 1; c < n; c++)); do
		expect_line "^\(XEN\) CPU$c: online \(APIC id $c\)$" "CPU$c online"
	done
	expect_count $((n - 1)) "CPU[0-9]+: online \(APIC id"
	expect_line "SMP: $n of $n CPUs online" "summary"
	expect_no_line "did not come up|FATAL|Panic|panic" "no AP failure or crash"
done

# maxcpus=1: the other CPUs are listed but not started.
run_boot maxcpus1 --smp 4 --cmdline "$CMD maxcpus=1" --module "$EXAMPLE" --timeout 20
expect_rc 0 "test-example verdict with maxcpus=1"
expect_line "SMP: 4 CPUs found, starting 1 \(maxcpus=\)" "maxcpus=1 honoured"
expect_line "SMP: CPU3: APIC id 3, not started \(maxcpus=\)" "CPU3 left alone"
expect_no_line "CPU[0-9]+: online" "no AP online"
expect_no_line "AP trampoline" "no trampoline needed"

# maxcpus=3 of 4.
run_boot maxcpus3 --smp 4 --cmdline "$CMD maxcpus=3" --module "$EXAMPLE" --timeout 20
expect_rc 0 "test-example verdict with maxcpus=3"
expect_count 2 "CPU[0-9]+: online \(APIC id"
expect_no_line "CPU3: online" "CPU3 not started"
expect_line "SMP: 3 of 3 CPUs online" "summary with maxcpus=3"

# dom0_vcpus_pin: dom0's vCPU n may run on pCPU n only; a vCPU beyond
# the online pCPUs keeps all of them.
run_boot pin --smp 2 --cmdline "$CMD dom0_max_vcpus=3 dom0_vcpus_pin" --module "$EXAMPLE" --timeout 20
expect_rc 0 "test-example verdict with dom0_vcpus_pin"
expect_line "^\(XEN\) d0v0: hard affinity 0x1$" "d0v0 pinned to pCPU 0"
expect_line "^\(XEN\) d0v1: hard affinity 0x2$" "d0v1 pinned to pCPU 1"
expect_no_line "d0v2: hard affinity" "d0v2 (no pCPU 2) unpinned"

# physinfo counts online CPUs. The instruments guest was written for one
# CPU and checks nr_cpus == 1, so with two its one and only complaint
# must be exactly that physinfo says 2.
run_boot physinfo --smp 2 --cmdline "$CMD" --module "$TOP/build/tests/guest-instruments" --timeout 30
expect_line "Fail: physinfo.nr_cpus: expected 0x1, got 0x2" "physinfo.nr_cpus = 2"
expect_count 1 "Fail:"

# Parked CPUs survive NMIs: smp_nmi_test sends each two NMI IPIs (the
# second is only taken if the first handler returned with IRET), then
# debug key 'c' lists the CPUs and the NMI count (2 per parked CPU).
# QEMU's inject-nmi would not do: it arrives through LINT1, which is
# masked on every CPU (as on the APs of Xen and Linux).
run_boot keys --smp 4 --cmdline "console=com1 noreboot smp_nmi_test" \
	--input "cO" --timeout 30
expect_qemu_status 0 "power-off by key"
expect_line "SMP: NMI test: 3 of 3 parked CPUs took 2 NMIs each" "NMIs survived"
expect_line "Online CPUs: 4 \(max CPU id 3\), 6 NMIs taken by all CPUs" "'c': 4 online, 6 NMIs"
for c in 1 2 3; do
	expect_line "  CPU$c: APIC id $c, online, runs guests" "'c' lists CPU$c in the scheduler"
done
expect_line "  CPU0: APIC id 0, online, boot CPU, runs guests" "'c' lists CPU0"
expect_no_line "FATAL|Panic|did not take" "no crash"
finish
