#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The 32-byte-slot hypercall page (XTF/Mini-OS style), filled by the dom0
# builder when the kernel's HYPERCALL_PAGE note asks: the same kernels as
# in tests/pv-xenlike.list, told to make every hypercall and the iret
# through the page (kernel command line "hypercall=page"), must pass.
. "$(dirname "$0")/lib.sh"

for k in traps hypercalls syscall-bounce cpu-state; do
	run_boot "$k" --cmdline "console=com1 noreboot qemu_exit=0xf4 dom0_mem=32M" \
		--module "$TOP/build/tests/test-$k:hypercall=page" --timeout 30
	expect_rc 0 "$k through the hypercall page"
	expect_line "hypercalls by (the )?(hypercall )?page" "$k: the page was used"
done
finish
