#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The hypervisor's checking self-tests: page allocator (every order,
# exhaustion and refill), xmalloc, timers (order, never early, stop,
# re-arm), exception-table fixups, page-table permissions of the final
# address space, a self-NMI that is reported and survived, and the IDT's
# IST stacks with a #DB taken in ring 0 with a non-canonical RSP (XSA-260).
. "$(dirname "$0")/lib.sh"

tests="alloc xmalloc timer extable pagetable nmi idt"
run_boot all --cmdline "qemu_exit=0xf4 selftest=${tests// /,}" --timeout 120
expect_rc 0
expect_qemu_status 65 "QEMU exit status (debug-exit SUCCESS byte 0x20)"
for t in $tests; do
	expect_line "selftest: $t: PASS" "$t"
done
expect_no_line "^\(XEN\) Fail:" "no failed check"
expect_line "NMI received on CPU0 at test_nmi" "NMI reported with its symbol"
expect_line "#DB in hypervisor context at test_idt" "hypervisor #DB reported with its symbol"

# An unknown self-test name is an ERROR verdict, not a silent no-op.
run_boot unknown --cmdline "qemu_exit=0xf4 selftest=timer,nosuchtest"
expect_rc 4 "unknown self-test: tests/run exit code (ERROR)"
expect_line "selftest: unknown test \"nosuchtest\""
expect_no_line "selftest: timer: running" "nothing runs when a name is wrong"
finish
