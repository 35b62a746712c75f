#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A dom0 kernel the loader must refuse stops the boot with a panic that
# names what is wrong (never a fault): not an ELF at all, an ELF with no
# Xen notes (the hypervisor's own image), a truncated PV kernel.
. "$(dirname "$0")/lib.sh"

DIR=$TOP/build/tests/bad-kernels
mkdir -p "$DIR"
printf 'this is not a kernel\n' > "$DIR/text"
head -c 3000 "$TOP/build/tests/test-example" > "$DIR/truncated"

# case       module                           expected reason (regex)
while read -r case module reason; do
	run_boot "$case" --cmdline "noreboot qemu_exit=0xf4" --module "$module" --timeout 30
	expect_qemu_status 35 "$case: halted after the panic"
	expect_line "Could not build dom0: module 1 \([0-9]+ bytes\): .*$reason" "$case: reason"
	expect_no_line "FATAL TRAP" "$case: no fault in the hypervisor"
done <<CASES
not-elf $DIR/text not an ELF
no-xen-notes $TOP/build/xen-like.elf no Xen ELF notes
truncated $DIR/truncated beyond end of image
CASES
finish
