#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Make one of the ext4 disk images the domUs of tests/linux/devices-checks.sh
# get through dom0's blkback (docs/design/split-drivers.md §6.4), with the
# host's mke2fs -t ext4 -d (e2fsprogs; busybox's mke2fs makes ext2 only):
#
#   tests/linux/mkdomu-disk.sh root OUT   24 MiB: busybox-static with a link
#                                        per applet, tests/linux/domu-init as
#                                        /init, and /etc/domu-disk, the marker
#                                        that tells that /init it runs from
#                                        the disk (after the domU initramfs's
#                                        switch_root)
#   tests/linux/mkdomu-disk.sh data OUT   8 MiB: only /hello, which holds
#                                        DOMU_DATA_HELLO below (the hot-plug
#                                        check expects the domU to print it)
#   tests/linux/mkdomu-disk.sh hw OUT     8 MiB: only /hello, which holds
#                                        HW_HELLO below: dom0's own disks in
#                                        tests/linux/hw-checks.sh (not a domU's)
#   tests/linux/mkdomu-disk.sh hwbench OUT  80 MiB: /random, 64 MiB of
#                                        pseudo-random bytes (none of it
#                                        zero blocks: mke2fs -d cannot make
#                                        it sparse, every block is read from
#                                        the disk), and /random.md5, its
#                                        md5sum: dom0's virtio disk in
#                                        tests/linux/hw-bench.sh (linuxtest.hwbench=1)
#
# The tree is staged in OUT.d/ and kept for inspection. mke2fs -d copies
# the owners of the staged files: built as root they are root's. (The
# hwbench tree's 64 MiB /random is removed once the image is made.)
set -euo pipefail

# The content of the data image's /hello; devices-checks.sh expects it.
DOMU_DATA_HELLO=hello-from-domu-data
# The content of the hw image's /hello; hw-checks.sh expects it.
HW_HELLO=hello-from-dom0-hw-disk

top=$(cd "$(dirname "$0")/../.." && pwd)
kind=${1:?usage: tests/linux/mkdomu-disk.sh root|data|hw|hwbench OUT}
out=${2:?usage: tests/linux/mkdomu-disk.sh root|data|hw|hwbench OUT}
cd "$top"
command -v mke2fs > /dev/null || PATH=$PATH:/sbin:/usr/sbin
command -v mke2fs > /dev/null || { echo "mkdomu-disk: no mke2fs (Debian package e2fsprogs; scripts/deps.sh installs it)" >&2; exit 1; }

tree=$out.d
rm -rf "$tree"
mkdir -p "$tree"
case $kind in
root)
	bbdir=$(tests/linux/fetch.sh busybox-static)
	mkdir -p "$tree"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,mnt,run}
	install -m 755 "$bbdir/bin/busybox" "$tree/bin/busybox"
	for applet in $("$tree/bin/busybox" --list-full); do
		[ -e "$tree/$applet" ] || ln -s /bin/busybox "$tree/$applet"
	done
	install -m 755 tests/linux/domu-init "$tree/init"
	echo "the root disk of tests/linux/devices-checks.sh's domUs (tests/linux/mkdomu-disk.sh)" > "$tree/etc/domu-disk"
	size=24M label=domu-root
	;;
data)
	echo "$DOMU_DATA_HELLO" > "$tree/hello"
	size=8M label=domu-data
	;;
hw)
	echo "$HW_HELLO" > "$tree/hello"
	size=8M label=dom0-hw
	;;
hwbench)
	# Not reproducible byte for byte (urandom), and need not be: the
	# benchmark reads it and checks it against /random.md5.
	head -c 64M /dev/urandom > "$tree/random"
	(cd "$tree" && md5sum random > random.md5)
	size=80M label=dom0-hwbench
	;;
*) echo "mkdomu-disk: $kind: expected root, data, hw or hwbench" >&2; exit 2 ;;
esac
rm -f "$out.tmp"
# -q still names each file it copies: keep the build quiet.
mke2fs -q -F -t ext4 -L "$label" -E root_owner=0:0 -d "$tree" "$out.tmp" "$size" > /dev/null
[ "$kind" != hwbench ] || rm -f "$tree/random"
mv "$out.tmp" "$out"
