#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# What a guest asked for and did not get (xen-like/arch/x86/pv/unhandled.c):
# with loglvl=all every hypercall or sub-op answered -ENOSYS gets a line
# naming the domain and vCPU, the hypercall and its sub-op (read from
# memory for platform_op), rate-limited to 20 lines a second with the
# number dropped said on the next line, and the domain's total is printed
# when it shuts down; at the default loglvl none of it shows.
. "$(dirname "$0")/lib.sh"

CMDLINE="console=com1 noreboot qemu_exit=0xf4 dom0_mem=32M"

# Unknown hypercall numbers (no sub-op), then unknown sub-ops.
run_boot hypercalls --cmdline "$CMDLINE loglvl=all" --module "$TOP/build/tests/test-hypercalls" \
	--timeout 30
expect_rc 0 "hypercalls kernel"
expect_line '^\(XEN\) d0v0 hypercall 11 \(unknown\): -ENOSYS$' "unknown hypercall 11"
expect_line '^\(XEN\) d0v0 hypercall 1000 \(unknown\): -ENOSYS$' "hypercall past the table"
expect_line '^\(XEN\) d0v0 hypercall 4294967313 \(unknown\): -ENOSYS$' "high bits of rax kept in the line"
expect_line '^\(XEN\) d0v0 hypercall 18 \(console_io\) sub-op [0-9]+: -ENOSYS$' "console_io sub-op"
expect_line '^\(XEN\) d0: [1-9][0-9]* hypercall\(s\) answered -ENOSYS, 0 privileged instruction\(s\) not emulated$' \
	"total at shutdown"

run_boot platform --cmdline "$CMDLINE loglvl=all" --module "$TOP/build/tests/test-platform-op" \
	--timeout 30
expect_rc 0 "platform-op kernel"
expect_line '^\(XEN\) d0v0 hypercall 7 \(platform_op\) sub-op 1000: -ENOSYS$' \
	"platform_op sub-op read from its argument"

# 100 unknown sub-ops at once: exactly the burst is printed, the total is exact.
run_boot burst --cmdline "$CMDLINE loglvl=all" \
	--module "$TOP/build/tests/test-physdev-iopl:enosys_burst=100" --timeout 30
expect_rc 0 "physdev-iopl kernel with a burst"
expect_count 20 '^\(XEN\) d0v0 hypercall 33 \(physdev_op\) sub-op (0|99|1000|4294967295): -ENOSYS$'
expect_line '^\(XEN\) d0v0 hypercall 33 \(physdev_op\) sub-op 1001: -ENOSYS \(84 similar lines dropped before\)$' \
	"the line after the burst counts the dropped ones"
expect_line '^\(XEN\) d0: 105 hypercall\(s\) answered -ENOSYS' "exact total despite the rate limit"

# Default log level: the same calls, no lines.
run_boot quiet --cmdline "$CMDLINE" --module "$TOP/build/tests/test-physdev-iopl" --timeout 30
expect_rc 0 "physdev-iopl kernel"
expect_no_line '-ENOSYS' "-ENOSYS lines at the default loglvl"
expect_no_line 'hypercall\(s\) answered' "the total at the default loglvl"
finish
