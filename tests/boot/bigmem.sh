#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# More RAM than fits below 4 GiB: the memory above the PCI hole must be
# direct-mapped, covered by the frame table and handed to the allocator.
. "$(dirname "$0")/lib.sh"

# alloc's exhaustion pass writes to every free page, including those above 4 GiB.
run_boot 4608m --mem 4608 --cmdline "qemu_exit=0xf4 selftest=pagetable,xmalloc,alloc" --timeout 180
expect_rc 0
expect_line "selftest: alloc: PASS" "every page, above 4 GiB too, allocated and written"
expect_line "\[0000000100000000, [0-9a-f]{16}\] \(usable\)" "RAM above 4 GiB in the map"
managed=$(sed -n 's/.*Memory: \([0-9]*\) MiB managed.*/\1/p' "$LOG")
if [ -z "$managed" ] || [ "$managed" -lt 4500 ] || [ "$managed" -gt 4608 ]; then
	fail "managed memory: expected 4500..4608 MiB, got ${managed:-nothing}"
fi
finish
