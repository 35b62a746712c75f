#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch real Xen 4.17 (Debian 12's xen-hypervisor-4.17-amd64) into a cache
# directory and print the path of an image QEMU -kernel boots. The package
# is downloaded with apt-get download and unpacked with dpkg-deb -x; it is
# never installed. Idempotent: when the image is cached this only prints
# its path.
#
#   scripts/xen417.sh          print the image path (fetching on first use)
#   scripts/xen417.sh --force  fetch and unpack again
#
# Cache: ${XDG_CACHE_HOME:-$HOME/.cache}/xen-like/xen-4.17/
#   xen-4.17-amd64       the ELF32 multiboot image (gunzipped boot/xen-4.17-amd64.gz)
#   pkg/                 the unpacked package
#   version              the package version fetched
set -euo pipefail

pkg=xen-hypervisor-4.17-amd64
cache=${XDG_CACHE_HOME:-$HOME/.cache}/xen-like/xen-4.17
image=$cache/xen-4.17-amd64

if [ "${1:-}" = --force ]; then
	rm -rf "$cache"
elif [ $# -gt 0 ]; then
	echo "usage: scripts/xen417.sh [--force]" >&2
	exit 2
fi

if [ -s "$image" ]; then
	echo "$image"
	exit 0
fi

for tool in apt-get dpkg-deb gunzip; do
	command -v "$tool" > /dev/null || { echo "xen417: $tool not found (needs Debian/Ubuntu tools)" >&2; exit 1; }
done

mkdir -p "$cache"
tmp=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# apt-get download writes into the current directory. Only refresh the
# package lists if the first attempt fails (stale lists name a version the
# mirror no longer has).
if ! (cd "$tmp" && apt-get download -q "$pkg" > "$tmp/apt.log" 2>&1); then
	echo "xen417: apt-get download failed; running apt-get update and retrying" >&2
	apt-get update -q > "$tmp/update.log" 2>&1 || { cat "$tmp/update.log" >&2; exit 1; }
	(cd "$tmp" && apt-get download -q "$pkg" > "$tmp/apt.log" 2>&1) ||
		{ echo "xen417: apt-get download $pkg failed:" >&2; cat "$tmp/apt.log" >&2; exit 1; }
fi
deb=$(ls "$tmp"/"$pkg"_*.deb)
rm -rf "$cache/pkg"
dpkg-deb -x "$deb" "$cache/pkg"
dpkg-deb -f "$deb" Version > "$cache/version"

gz=$cache/pkg/boot/xen-4.17-amd64.gz
[ -f "$gz" ] || { echo "xen417: $gz not in the package" >&2; exit 1; }
gunzip -c "$gz" > "$tmp/image"
# QEMU's -kernel loads ELF32 multiboot images; check we got one.
if [ "$(head -c 5 "$tmp/image" | od -An -tx1 | tr -d ' ')" != 7f454c4601 ]; then
	echo "xen417: $gz did not unpack to an ELF32 image" >&2
	exit 1
fi
mv "$tmp/image" "$image"
echo "$image"
