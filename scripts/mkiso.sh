#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Build a GRUB 2 rescue ISO that boots the hypervisor through Multiboot 2.
#
#   scripts/mkiso.sh OUT.iso XEN-IMAGE [--cmdline "..."] [--module FILE[:ARGS]]...
#
# Module 1 is the dom0 kernel and module 2 its initrd, as for Xen; each
# module may carry its own command line after a colon.
set -euo pipefail

usage() { echo "usage: $0 OUT.iso XEN-IMAGE [--cmdline STR] [--module FILE[:ARGS]]..." >&2; exit 2; }
[ $# -ge 2 ] || usage
out=$1 xen=$2
shift 2
cmdline="console=com1 com1=115200,8n1"
modules=()
while [ $# -gt 0 ]; do
	case "$1" in
	--cmdline) [ $# -ge 2 ] || usage; cmdline=$2; shift 2 ;;
	--module) [ $# -ge 2 ] || usage; modules+=("$2"); shift 2 ;;
	*) usage ;;
	esac
done
[ -f "$xen" ] || { echo "mkiso: no hypervisor image at $xen" >&2; exit 1; }

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/boot/grub"
cp "$xen" "$tree/boot/xen-like"
{
	echo "set timeout=0"
	echo "set default=0"
	echo "serial --unit=0 --speed=115200"
	echo "terminal_input serial console"
	echo "terminal_output serial console"
	echo "menuentry \"xen-like\" {"
	echo "	multiboot2 /boot/xen-like $cmdline"
	i=0
	for m in "${modules[@]+"${modules[@]}"}"; do
		file=${m%%:*}
		args=""
		[ "$file" != "$m" ] && args=${m#*:}
		[ -f "$file" ] || { echo "mkiso: no module file $file" >&2; exit 1; }
		i=$((i + 1))
		cp "$file" "$tree/boot/module$i"
		echo "	module2 /boot/module$i $args"
	done
	echo "}"
} > "$tree/boot/grub/grub.cfg"
grub-mkrescue -o "$out" "$tree" >/dev/null 2>&1 || {
	echo "mkiso: grub-mkrescue failed; rerun for details:" >&2
	grub-mkrescue -o "$out" "$tree" >&2
	exit 1
}
echo "  ISO     $out"
