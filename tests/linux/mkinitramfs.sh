#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Pack the initramfs of the Linux dom0 harness for one kernel package:
# busybox-static (with a link per applet), /init, the checks, and what
# tests/linux/initramfs.list names (that kernel's Xen modules with their
# dependencies, the helper programs, any extra files). Both packages are
# fetched first if need be (tests/linux/fetch.sh).
#
#   tests/linux/mkinitramfs.sh PACKAGE OUT.cpio.gz
#
# The tree is staged in OUT.d/ and kept for inspection. /etc/linuxtest.conf
# records the kernel release, whether the kernel can be a control domain
# (CONFIG_XEN_DOM0) and, from that, where /init's console is.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
pkg=${1:?usage: tests/linux/mkinitramfs.sh PACKAGE OUT.cpio.gz}
out=${2:?usage: tests/linux/mkinitramfs.sh PACKAGE OUT.cpio.gz}
cd "$top"

kdir=$(tests/linux/fetch.sh "$pkg")
bbdir=$(tests/linux/fetch.sh busybox-static)
kver=$(basename "$(ls -d "$kdir"/lib/modules/*)")
config=$kdir/boot/config-$kver
[ -f "$config" ] || { echo "mkinitramfs: no $config in $pkg" >&2; exit 1; }

root=$out.d
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc/linuxtest,proc,sys,dev,tmp,run,lib/linuxtest}

# busybox and its applets, linked now rather than by --install at boot.
install -m 755 "$bbdir/bin/busybox" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list-full); do
	[ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
done
install -m 755 tests/linux/init "$root/init"
install -m 644 tests/linux/checks.sh "$root/lib/linuxtest/checks.sh"

if grep -q '^CONFIG_XEN_DOM0=y' "$config"; then
	dom0_kernel=yes console=hvc0
else
	dom0_kernel=no console=kmsg
fi
cat > "$root/etc/linuxtest.conf" <<CONF
# written by tests/linux/mkinitramfs.sh for $(cat "$kdir.fetched")
kernel=$kver
dom0_kernel=$dom0_kernel
console=$console
CONF

# Modules: name -> path in the package, "-" and "_" alike.
moddir=$kdir/lib/modules/$kver
declare -A modpath loaded
while IFS= read -r ko; do
	m=${ko##*/}
	m=${m%.ko}
	modpath[${m//-/_}]=${ko#"$moddir"/}
done < <(find "$moddir" -name '*.ko')
: > "$root/etc/linuxtest/modules"
# add_module NAME: its dependencies first, then itself, each once.
add_module() {
	local m=${1//-/_} dep rel
	[ -n "${loaded[$m]:-}" ] && return 0
	rel=${modpath[$m]:-}
	[ -n "$rel" ] || { echo "mkinitramfs: no module $1 in $pkg" >&2; exit 1; }
	loaded[$m]=1
	for dep in $(objcopy -O binary -j .modinfo "$moddir/$rel" /dev/stdout |
		tr '\0' '\n' | sed -n 's/^depends=//p' | tr ',' ' '); do
		add_module "$dep"
	done
	install -D -m 644 "$moddir/$rel" "$root/lib/modules/$rel"
	echo "$rel" >> "$root/etc/linuxtest/modules"
}

# add_bin PATH DEST: the program, and for a dynamic one what ldd lists.
add_bin() {
	local lib
	[ -f "$1" ] || { echo "mkinitramfs: no program $1 (make linux-tests builds the helpers)" >&2; exit 1; }
	install -D -m 755 "$1" "$root$2"
	ldd "$1" > /dev/null 2>&1 || return 0 # static
	for lib in $(ldd "$1" | grep -o '/[^ ]*'); do
		[ -e "$root$lib" ] || install -D -m 755 "$lib" "$root$lib"
	done
}

lineno=0
while read -r kind a b rest; do
	lineno=$((lineno + 1))
	case $kind in
	'' | '#'*) continue ;;
	module) add_module "$a" ;;
	bin) add_bin "$a" "${b:-/bin/$(basename "$a")}" ;;
	file) [ -n "$b" ] && install -D -m 644 "$a" "$root$b" ||
		{ echo "mkinitramfs: initramfs.list:$lineno: file needs PATH and DEST" >&2; exit 1; } ;;
	*) echo "mkinitramfs: initramfs.list:$lineno: unknown kind \"$kind\" (module, bin or file)" >&2; exit 1 ;;
	esac
done < tests/linux/initramfs.list

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 -n > "$out.tmp"
mv "$out.tmp" "$out"
