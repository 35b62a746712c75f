#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# "reboot in dom0 reboots the machine" (issue 20), for the runs with
# linuxtest.hw=1 linuxtest.reboot=1. tests/linux/run.sh gives QEMU a fresh
# copy of hw-disk.ext4 as the virtio disk (/dev/vda) and lets the machine
# reset; /init calls this script:
#
#   hw-reboot.sh second   before the checks: looks for the mark on
#                         /dev/vda (/init loaded its driver). Found: this is the boot
#                         after a reboot; prints the check line and exits 0
#                         (/init then gives the verdict and powers off).
#                         Not found: exits 1, this is the first boot.
#   hw-reboot.sh first    after the checks passed: writes the mark, syncs
#                         and exits 0 (/init then runs reboot -f).
#
# run.sh also counts the hypervisor's banner in the log: two, or the run fails.
MARK=rebooted-by-dom0
mnt=/mnt/hw-reboot
mkdir -p "$mnt"

case $1 in
second)
	n=0 # /init loaded the drivers (linuxtest.hw=1)
	until [ -b /dev/vda ] || [ $n -ge 50 ]; do
		sleep 0.2
		n=$((n + 1))
	done
	mount -t ext4 /dev/vda "$mnt" 2> /dev/null || exit 1
	if [ -f "$mnt/$MARK" ]; then
		echo "ok: reboot: the machine reset and dom0 booted again (mark from the first boot: $(cat "$mnt/$MARK"))"
		umount "$mnt"
		exit 0
	fi
	umount "$mnt"
	exit 1
	;;
first)
	if ! mount -t ext4 /dev/vda "$mnt"; then
		echo "Fail: reboot: cannot mount /dev/vda to leave the mark"
		exit 1
	fi
	echo "first boot's checks passed, $(date -u +%H:%M:%S)" > "$mnt/$MARK"
	umount "$mnt"
	sync
	echo "linux-dom0: every check passed; rebooting the machine (linuxtest.reboot=1)"
	exit 0
	;;
*)
	echo "usage: hw-reboot.sh second|first" >&2
	exit 2
	;;
esac
