#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# An exception inside the hypervisor prints the vector, its name, the
# error code, RIP/RSP and every GPR, CR0/CR2/CR3/CR4 and a call trace,
# then panics; with noreboot the machine halts cleanly (QEMU status 35 =
# debug-exit byte 0x11, "halted after panic") instead of triple-faulting.
# The #DF case overflows the stack into its guard page: the #PF cannot be
# delivered, and the double fault must still be reported from its IST stack.
. "$(dirname "$0")/lib.sh"

# case  mnemonic  vector  name                        frame-of-origin
while read -r case mnemonic vector name origin; do
	run_boot "$case" --cmdline "noreboot qemu_exit=0xf4 selftest=$case"
	expect_rc 6 "$case: tests/run exit code"
	expect_qemu_status 35 "$case: QEMU exit status (halted after panic)"
	expect_line "exception: $mnemonic ${name//_/ } \(vector $vector\), error code [0-9a-f]{4}" "$case: header"
	expect_line "^\(XEN\) RIP:    e008:\[<ffff82d0[0-9a-f]{8}>\] $origin[^+ ]*\+0" "$case: RIP with symbol"
	for reg in rax rbx rcx rdx rsi rdi rbp rsp r8 r9 r10 r11 r12 r13 r14 r15 cr0 cr2 cr3 cr4; do
		expect_line "$reg: +[0-9a-f]{16}" "$case: register $reg"
	done
	expect_line "^\(XEN\) Xen call trace:" "$case: call trace"
	expect_line "^\(XEN\)    \[<ffff82d0[0-9a-f]{8}>\] R $origin" "$case: trace starts at the fault"
	expect_line "FATAL TRAP: vector = $vector \(${name//_/ }\)" "$case: panic reason"
	expect_line "Manual reset required \('noreboot' specified\)" "$case: noreboot honoured"
	expect_count 1 "Panic on CPU 0:"
done <<'CASES'
ud #UD 6 invalid_opcode crash_ud
pf #PF 14 page_fault crash_pf
gp #GP 13 general_protection_fault crash_gp
de #DE 0 divide_error crash_de
bp #BP 3 int3 crash_bp
df #DF 8 double_fault recurse
CASES
# The page fault names its address.
LOG=$TOP/build/tests/$TEST-pf.log
expect_line "Faulting linear address: 0000000000001000" "pf: faulting address"
expect_line "page not present, read, supervisor mode" "pf: decoded error code"
finish
