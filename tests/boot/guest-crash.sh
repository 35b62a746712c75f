#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A guest's mistake crashes at most that guest: dom0 jumping into or
# reading hypervisor memory, executing a privileged instruction with no
# handler, or faulting with its stack pointed at the hypervisor, is
# crashed with a one-line reason and a register dump. The hypervisor
# stays in control (no panic) and, since dom0 is gone and noreboot is set,
# halts with its own status (QEMU 37, debug-exit 0x12). Real Xen 4.17
# must also survive the same guest (it reports "Hardware Dom0 crashed").
. "$(dirname "$0")/lib.sh"

GUEST=$TOP/build/tests/guest-crash
[ -f "$GUEST" ] || { fail "no $GUEST (make pv-tests)"; finish; }

# case       expected reason (regex)
while read -r case reason; do
	run_boot "$case" --cmdline "console=com1 noreboot qemu_exit=0xf4 dom0_mem=32M" \
		--module "$GUEST:$case" --timeout 30
	expect_qemu_status 37 "$case: QEMU status (dom0 crashed, hypervisor halted)"
	expect_line "crash: $case: about to misbehave" "$case: the guest got that far"
	expect_line "domain_crash called for d0: $reason" "$case: reason"
	expect_line "Guest d0v0 in kernel mode: RIP e033:" "$case: guest register dump"
	expect_line "Hardware domain crash: halting \(noreboot\)" "$case: dom0 crash handled"
	expect_no_line "Panic on CPU|FATAL TRAP" "$case: the hypervisor did not panic"
	expect_no_line "Test result" "$case: no verdict after the point of no return"
done <<'CASES'
hv-jump page fault \(vector 14\) at ffff82d080000000 with no guest handler registered
hv-read page fault \(vector 14\) at [0-9a-f]{16} with no guest handler registered
privileged general protection fault \(vector 13\) at [0-9a-f]{16} with no guest handler registered
bad-stack invalid opcode \(vector 6\) at [0-9a-f]{16}: guest stack ffff830000000f[0-9a-f]{2} not writable for the bounce frame
CASES

# The same guest on real Xen 4.17: dom0 dies, Xen lives.
run_boot xen-hv-jump --xen417 --module "$GUEST:hv-jump" --timeout 60
expect_line "crash: hv-jump: about to misbehave" "Xen 4.17: the guest got that far"
expect_line "Hardware Dom0 crashed" "Xen 4.17: dom0 crash handled"
expect_no_line "Panic on CPU" "Xen 4.17: no panic"
finish
