#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The guest SDK (docs/guest-sdk.md): make install-headers installs it,
# the template kernel sdk/hello-pv/ builds in a directory outside the
# tree with nothing but the installed files (pkg-config xen-like-guest),
# and the kernel prints, makes a hypercall, takes a timer event and
# powers off, on xen-like and on Xen 4.17.
. "$(dirname "$0")/lib.sh"

PREFIX=$TOP/build/sdk/prefix
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sdk-hello.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

rm -rf "$PREFIX"
if ! make -s -C "$TOP" install-headers PREFIX="$PREFIX" > "$WORK/install.log" 2>&1; then
	fail "make install-headers: $(tail -3 "$WORK/install.log")"
	finish
fi
for f in include/xen-like/public/xen.h include/xen-like/xen/io/blkif.h \
	include/xen-like/guest/lib.h lib/libguest-pv-abi.a lib/pkgconfig/xen-like-guest.pc; do
	[ -e "$PREFIX/$f" ] || fail "installed SDK: $f missing"
done

cp -r "$PREFIX/share/xen-like/hello-pv" "$WORK/hello-pv"
if ! make -s -C "$WORK/hello-pv" PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig" > "$WORK/build.log" 2>&1; then
	fail "template build: $(tail -3 "$WORK/build.log")"
	finish
fi
KERNEL=$TOP/build/tests/sdk-hello-pv
cp "$WORK/hello-pv/hello-pv" "$KERNEL"

for hv in xen-like xen-4.17; do
	opts=()
	[ "$hv" = xen-4.17 ] && opts=(--xen417)
	run_boot "$hv" "${opts[@]}" --module "$KERNEL" --timeout 90
	expect_line "hello-pv: hello from a PV kernel" "$hv: printed"
	expect_line "hello-pv: hypervisor interface 4\.17" "$hv: xen_version hypercall"
	expect_line "hello-pv: timer event on port [0-9]+, after its deadline" "$hv: timer event"
	expect_line "hello-pv: bye" "$hv: ran to the end"
done
finish
