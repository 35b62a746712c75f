#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch one Debian package of the Linux dom0 harness at the version pinned
# in tests/linux/packages, unpack it, and print the directory it is
# unpacked in. The package is downloaded with apt-get download and
# unpacked with dpkg-deb -x, never installed. Nothing is fetched when the
# unpacked tree is cached for the pin as it reads now.
#
#   tests/linux/fetch.sh PACKAGE
#
# Cache (build/linux/):
#   debs/                 the downloaded .deb files
#   pkg/PACKAGE/          the unpacked tree
#   pkg/PACKAGE.fetched   "package version": what was actually unpacked
#   pkg/PACKAGE.pin       "version fallback": the pin it was fetched for
#
# If the pinned version cannot be downloaded even after one apt-get update
# (Debian's security archive keeps only the newest kernel build, a point
# release drops superseded versions), the package is replaced as its
# fallback in tests/linux/packages says: by the linux-image package its
# metapackage depends on today, or ("self") by its own current version;
# one line on stderr says so. CI keeps running on the current package
# rather than failing on a vanished one.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
pins=$top/tests/linux/packages
cache=$top/build/linux
pkg=${1:?usage: tests/linux/fetch.sh PACKAGE}
dest=$cache/pkg/$pkg

read -r version fallback < <(awk -v p="$pkg" '$1 == p { print $2, $3 }' "$pins") ||
	{ echo "fetch: $pkg is not pinned in tests/linux/packages" >&2; exit 1; }
for tool in apt-get apt-cache dpkg-deb flock; do
	command -v "$tool" > /dev/null || { echo "fetch: $tool not found (needs Debian tools)" >&2; exit 1; }
done
mkdir -p "$cache/debs" "$cache/pkg"
# Two initramfs builds (make -j2) may want busybox at the same time.
exec 9> "$cache/.fetch.lock"
flock 9

# The cache holds if it was fetched for the pin as it reads now.
if [ -d "$dest" ] && [ -s "$dest.fetched" ] && [ "$(cat "$dest.pin" 2> /dev/null)" = "$version $fallback" ]; then
	echo "$dest"
	exit 0
fi

tmp=$(mktemp -d "$cache/fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
updated=0

# download NAME[=VERSION]: into $tmp; on failure refresh the package lists
# once (stale lists name versions the mirror no longer has) and retry.
download() {
	(cd "$tmp" && apt-get download -q "$1" > "$tmp/apt.log" 2>&1) && return 0
	[ $updated = 1 ] && return 1
	updated=1
	echo "fetch: apt-get download $1 failed; running apt-get update and retrying" >&2
	apt-get update -q > "$tmp/update.log" 2>&1 || { cat "$tmp/update.log" >&2; return 1; }
	(cd "$tmp" && apt-get download -q "$1" > "$tmp/apt.log" 2>&1)
}

# A .deb's file name spells the epoch's colon as %3a.
deb=$cache/debs/${pkg}_${version//:/%3a}_amd64.deb
if [ ! -f "$deb" ]; then
	if download "$pkg=$version"; then
		mv "$tmp"/*.deb "$deb"
	elif [ "$fallback" != - ]; then
		if [ "$fallback" = self ]; then
			real=$pkg from="its current version"
		else
			from="the candidate of $fallback"
			real=$(apt-cache depends "$fallback" 2> /dev/null |
				sed -n 's/^ *Depends: \(linux-image-[^ ]*\).*/\1/p' | head -n 1)
		fi
		[ -n "$real" ] && download "$real" ||
			{ echo "fetch: neither $pkg=$version nor $from can be downloaded:" >&2
			  cat "$tmp/apt.log" >&2; exit 1; }
		deb=$(ls "$tmp"/*.deb)
		echo "fetch: $pkg $version is gone from the archive; using $real $(dpkg-deb -f "$deb" Version) ($from) instead" >&2
		mv "$deb" "$cache/debs/"
		deb=$cache/debs/$(basename "$deb")
	else
		echo "fetch: apt-get download $pkg=$version failed:" >&2
		cat "$tmp/apt.log" >&2
		exit 1
	fi
fi
rm -rf "$dest"
dpkg-deb -x "$deb" "$tmp/tree"
mv "$tmp/tree" "$dest"
echo "$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)" > "$dest.fetched"
echo "$version $fallback" > "$dest.pin"
echo "$dest"
