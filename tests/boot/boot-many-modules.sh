#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# No fixed table of boot modules (docs/boot.md): 25 Multiboot 1 modules
# (QEMU -kernel), more than the 16 xen-like once had room for. The
# hypervisor reports every one (bounds, size, own command line,
# contents), dom0 and the two boot-time domUs given as the last two
# modules run their tests; of the 22 filler modules in between, the
# first is dom0's initrd and the other 21 are each reported as ignored
# (neither the initrd nor a "domu" kernel).
. "$(dirname "$0")/lib.sh"

EX=$TOP/build/tests/test-example
MODDIR=$TOP/build/tests/many-modules
NR_FILLER=22
mkdir -p "$MODDIR"
mods=(--module "$EX:dom0 args")
for i in $(seq 1 $NR_FILLER); do
	# Sizes that are not page multiples, each module its own contents.
	seq "$i" $((i * 300)) > "$MODDIR/filler-$i"
	mods+=(--module "$MODDIR/filler-$i:filler number $i")
done
mods+=(--module "$EX:domu name=second-last mem=8M" --module "$EX:domu name=last mem=8M")
last=$((NR_FILLER + 2))

run_boot kernel --mem 256 \
	--cmdline "console=com1 com1=115200,8n1 qemu_exit=0xf4 loglvl=all" "${mods[@]}" --timeout 90
expect_rc 0 "every verdict SUCCESS"
expect_line "^\(XEN\) Modules: $((last + 1))\$" "module count"
expect_line "Module 0: \[[0-9a-f]{13}000, [0-9a-f]{16}\) $(stat -c %s "$EX") bytes, cmdline \"dom0 args\"" "module 0"
for i in $(seq 1 $NR_FILLER); do
	expect_line "Module $i: \[[0-9a-f]{13}000, [0-9a-f]{16}\) $(stat -c %s "$MODDIR/filler-$i") bytes, cmdline \"filler number $i\"" "module $i"
done
expect_line "Module $NR_FILLER: fnv1a32 $(fnv1a32 "$MODDIR/filler-$NR_FILLER")\$" "contents of the last filler"
expect_line "Module $last: \[[0-9a-f]{13}000, [0-9a-f]{16}\) $(stat -c %s "$EX") bytes, cmdline \"domu name=last mem=8M\"" "the last module"
# Module 1 is dom0's initrd; 2..22 are ignored (numbered from 1 in the warning).
expect_count $((NR_FILLER - 1)) "Module [0-9]+ is neither dom0's initrd nor a \"domu\" kernel: ignored"
expect_line "^\(XEN\) 3 domain\(s\) built" "dom0 and the two domUs built"
expect_line "^\(d1\) Test result: SUCCESS" "d1 (module $((last - 1))) ran its test"
expect_line "^\(d2\) Test result: SUCCESS" "d2 (module $last) ran its test"
expect_line "^\(d0\) Test result: SUCCESS" "dom0 ran its test"
expect_no_line "More than [0-9]+ boot modules" "no module limit"
finish
