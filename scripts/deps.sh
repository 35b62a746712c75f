#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Install the Debian 12 packages that building and testing xen-like needs.
# Idempotent: when everything is present it only runs dpkg-query and exits.
set -eu

PACKAGES="make gcc g++ binutils nasm python3
qemu-system-x86 grub-pc-bin grub-common xorriso mtools cpio gnuplot-nox
libxen-dev liblzma-dev liblz4-dev zlib1g-dev libzstd-dev xz-utils lz4 zstd pkgconf
libxml2-dev libicu-dev e2fsprogs"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		SUDO=sudo
	else
		echo "deps: need root to install:$missing" >&2
		exit 1
	fi
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done"
