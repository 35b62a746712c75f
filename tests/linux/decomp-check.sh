#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The hypervisor's kernel-image decoders (xen-like/common/decompress/) on
# Debian's real bzImages: every kernel package of tests/linux/kernels.list
# goes through build/unit/decomp-kernels, which decodes its payload with
# ours and with the library that wrote it (liblzma, liblz4, zlib,
# libzstd) and fails unless both agree byte for byte; it also prints the
# decoding speed of each. Needs make unit-tests.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
tool=$top/build/unit/decomp-kernels
[ -x "$tool" ] || { echo "decomp-check: no $tool (run make unit-tests)" >&2; exit 6; }
kernels=()
for pkg in $(grep -v '^[[:space:]]*\(#\|$\)' "$top/tests/linux/kernels.list" | cut -d'|' -f2 | tr -d ' ' | sort -u); do
	dir=$("$top/tests/linux/fetch.sh" "$pkg") || exit 6
	kernels+=("$(ls "$dir"/boot/vmlinuz-* | head -n 1)")
done
DECOMP_RUNS=${DECOMP_RUNS:-1} exec "$tool" "${kernels[@]}"
