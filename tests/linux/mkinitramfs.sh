#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Pack the initramfs of the Linux dom0 harness for one kernel package:
# busybox-static (with a link per applet), /init, the checks, and what
# tests/linux/initramfs.list names (that kernel's Xen modules with their
# dependencies, the helper programs, any extra files). Both packages are
# fetched first if need be (tests/linux/fetch.sh). The xen variant adds
# the list's "section xen" items (Debian's Xen user space, our daemons,
# the domUs), for the runs that start dom0's daemons.
#
#   tests/linux/mkinitramfs.sh PACKAGE OUT.cpio.gz [xen]
#
# The tree is staged in OUT.d/ and kept for inspection. /etc/linuxtest.conf
# records the kernel release, whether the kernel can be a control domain
# (CONFIG_XEN_DOM0) and, from that, where /init's console is.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
pkg=${1:?usage: tests/linux/mkinitramfs.sh PACKAGE OUT.cpio.gz [xen]}
out=${2:?usage: tests/linux/mkinitramfs.sh PACKAGE OUT.cpio.gz [xen]}
variant=${3:-base}
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

# index_modules ARRAY MODDIR: fill the associative ARRAY with each module
# of MODDIR (a kernel package's lib/modules/VERSION): name -> path under
# MODDIR, "-" and "_" alike.
index_modules() {
	local -n index=$1
	local ko m
	while IFS= read -r ko; do
		m=${ko##*/}
		m=${m%.ko}
		# shellcheck disable=SC2034 # a name reference: the caller's array
		index[${m//-/_}]=${ko#"$2"/}
	done < <(find "$2" -name '*.ko')
}
moddir=$kdir/lib/modules/$kver
declare -A modpath loaded
index_modules modpath "$moddir"
: > "$root/etc/linuxtest/modules"
: > "$root/etc/linuxtest/hw-modules"
modlist=modules
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
	echo "$rel" >> "$root/etc/linuxtest/$modlist"
}

# Debian packages (tests/linux/packages) that debbin items resolve shared
# libraries against: every pinned package but the kernels, fetched on
# first use. Their library directories, searched in this order:
libdirs=()
deb_libdirs() {
	local p d sub
	[ ${#libdirs[@]} -gt 0 ] && return 0
	for p in $(awk '!/^[[:space:]]*(#|$)/ && $1 !~ /^linux-image-/ { print $1 }' tests/linux/packages); do
		d=$(tests/linux/fetch.sh "$p")
		for sub in lib/x86_64-linux-gnu usr/lib/x86_64-linux-gnu; do
			[ -d "$d/$sub" ] && libdirs+=("$d/$sub")
		done
	done
	return 0
}

# add_needed FILE: the shared libraries FILE names (DT_NEEDED), found in
# the packages' library directories, to /lib/x86_64-linux-gnu/ (the
# loader's default path), and theirs, each once. Host libraries are never
# used: the packages are one Debian release, the C library included.
add_needed() {
	local lib d found
	for lib in $(readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		[ -e "$root/lib/x86_64-linux-gnu/$lib" ] && continue
		found=""
		for d in "${libdirs[@]}"; do
			[ -e "$d/$lib" ] && { found=$d/$lib; break; }
		done
		[ -n "$found" ] || { echo "mkinitramfs: $1 needs $lib, which no package of tests/linux/packages has" >&2; exit 1; }
		install -D -m 755 "$(readlink -f "$found")" "$root/lib/x86_64-linux-gnu/$lib"
		add_needed "$found"
	done
}

# add_debbin PACKAGE PATH DEST: PATH of the unpacked PACKAGE to DEST, with
# its loader (PT_INTERP) and shared libraries from the packages.
add_debbin() {
	local dir interp
	dir=$(tests/linux/fetch.sh "$1")
	[ -f "$dir$2" ] || { echo "mkinitramfs: no $2 in $1" >&2; exit 1; }
	deb_libdirs
	install -D -m 755 "$dir$2" "$root$3"
	interp=$(readelf -l "$dir$2" | sed -n 's/.*interpreter: \(.*\)\]/\1/p')
	if [ -n "$interp" ] && [ ! -e "$root$interp" ]; then
		local ld
		ld=$(tests/linux/fetch.sh libc6)$interp
		[ -e "$ld" ] || { echo "mkinitramfs: no loader $interp in libc6" >&2; exit 1; }
		[ -e "$root/lib/x86_64-linux-gnu/${interp##*/}" ] ||
			install -D -m 755 "$(readlink -f "$ld")" "$root/lib/x86_64-linux-gnu/${interp##*/}"
		install -d "$root${interp%/*}"
		ln -s "/lib/x86_64-linux-gnu/${interp##*/}" "$root$interp"
	fi
	add_needed "$dir$2"
}

# add_domu_initrd PACKAGE [INIT DEST]: a PV guest's initramfs for xl
# create, as DEST (default /boot/domu/initrd.gz): busybox with the applets
# tests/linux/domu-init uses, INIT (default that script) as /init, and
# PACKAGE's (the domU kernel's) disk and network frontends in
# /lib/modules/, found as dom0's modules are. Neither has dependencies
# (their .modinfo says depends=).
add_domu_initrd() {
	local init=${2:-tests/linux/domu-init} dest=${3:-/boot/domu/initrd.gz}
	local droot=$out.domu.d dkdir dmoddir m rel applet
	local -A dmodpath
	dkdir=$(tests/linux/fetch.sh "$1")
	dmoddir=$(ls -d "$dkdir"/lib/modules/* | head -n 1)
	index_modules dmodpath "$dmoddir"
	rm -rf "$droot"
	mkdir -p "$droot"/{bin,sbin,proc,sys,dev,lib/modules}
	install -m 755 "$bbdir/bin/busybox" "$droot/bin/busybox"
	for applet in sh mount umount sleep poweroff echo grep setsid cttyhack cat ls ps uname free dmesg \
		ip ping switch_root mkdir sync insmod timeout dd nc test [ cut tail hostname rm sed awk; do
		ln -s busybox "$droot/bin/$applet"
	done
	ln -s ../bin/busybox "$droot/sbin/poweroff"
	for m in xen-blkfront xen-netfront; do
		rel=${dmodpath[${m//-/_}]:-}
		[ -n "$rel" ] || { echo "mkinitramfs: no module $m in $1" >&2; exit 1; }
		install -m 644 "$dmoddir/$rel" "$droot/lib/modules/$m.ko"
	done
	install -m 755 "$init" "$droot/init"
	install -d "$root$(dirname "$dest")"
	(cd "$droot" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 -n > "$root$dest"
	rm -rf "$droot"
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

# add_debfile MODE PACKAGE PATH [DEST]: PATH of the unpacked PACKAGE to
# DEST (default PATH), with MODE (644, or 755 for debexec). PATH may hold a
# * (one match, e.g. a kernel whose version the package's fallback may
# change); then DEST must be given.
add_debfile() {
	local tree src
	tree=$(tests/linux/fetch.sh "$2") || return 1
	# shellcheck disable=SC2086 # the glob is meant
	src=$(ls -d "$tree"$3 2> /dev/null | head -n 1)
	[ -f "$src" ] || { echo "mkinitramfs: $2: no $3" >&2; return 1; }
	install -D -m "$1" "$src" "$root${4:-$3}"
}

lineno=0 section=base
while read -r kind a b rest; do
	lineno=$((lineno + 1))
	case $kind in
	'' | '#'*) continue ;;
	section) section=$a; continue ;;
	esac
	# A "section xen" item goes into the xen variant only, and so does a
	# "section hw" one; hw modules are listed apart, for /init to load with linuxtest.hw=1.
	[ "$section" = base ] || [ "$section" = "$variant" ] || { [ "$section" = hw ] && [ "$variant" = xen ]; } || continue
	case $kind in
	module) modlist=modules; [ "$section" = hw ] && modlist=hw-modules; add_module "$a" ;;
	bin) add_bin "$a" "${b:-/bin/$(basename "$a")}" ;;
	debbin) [ -n "$b" ] && add_debbin "$a" "$b" "${rest:-$b}" ||
		{ echo "mkinitramfs: initramfs.list:$lineno: debbin needs PACKAGE and PATH" >&2; exit 1; } ;;
	debfile | debexec) [ -n "$b" ] && add_debfile "$([ "$kind" = debexec ] && echo 755 || echo 644)" "$a" "$b" "$rest" ||
		{ echo "mkinitramfs: initramfs.list:$lineno: $kind needs PACKAGE and PATH" >&2; exit 1; } ;;
	file) [ -n "$b" ] && install -D -m 644 "$a" "$root$b" ||
		{ echo "mkinitramfs: initramfs.list:$lineno: file needs PATH and DEST" >&2; exit 1; } ;;
	link) [ -n "$b" ] && install -d "$root$(dirname "$b")" && ln -sfn "$a" "$root$b" ||
		{ echo "mkinitramfs: initramfs.list:$lineno: link needs TARGET and DEST" >&2; exit 1; } ;;
	dir) install -d "$root$a" ;;
	domu-initrd) [ -n "$a" ] && { [ -z "$b" ] || [ -n "$rest" ]; } && add_domu_initrd "$a" "$b" "$rest" ||
		{ echo "mkinitramfs: initramfs.list:$lineno: domu-initrd needs the domU kernel's PACKAGE (and INIT with DEST, or neither)" >&2; exit 1; } ;;
	*) echo "mkinitramfs: initramfs.list:$lineno: unknown kind \"$kind\" (module, bin, debbin, debfile, debexec, file, link, dir or domu-initrd)" >&2; exit 1 ;;
	esac
done < tests/linux/initramfs.list

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 -n > "$out.tmp"
mv "$out.tmp" "$out"
