#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Start dom0's Xen daemons the way Debian's /etc/init.d/xen does (xenfs is
# already on /proc/xen, the modules loaded): a xenstored with its run
# directory /run/xenstored (XENSTORED_ROOTDIR), waiting up to 30 s until
# "xenstore-read -s /" answers, then xen-init-dom0 (dom0's name, domid and
# the rest of its xenstore entries), then xenconsoled (guests' consoles
# logged in /var/log/xen/console/; linuxtest.xenconsoled=pvconsoled on the
# kernel command line starts ours, dom0-tools/pvconsoled/, instead), and
# last dom0's bridge for the domUs' vifs, xenbr0 with 10.99.0.1/24 (what a
# host's network setup makes; docs/pvctl-devices.md), when the kernel has
# the bridge module loaded.
# /init runs it when the kernel command line says linuxtest.xenstored=WHICH:
#
#   debian     Debian's C xenstored, /usr/lib/xen-4.17/bin/xenstored
#   pvstored   ours, /usr/sbin/pvstored (dom0-tools/pvstored/)
#
#   sh xen-daemons.sh WHICH
#
# Prints one "linux-dom0: ..." line per step and exits 0 when every daemon
# came up, 1 otherwise (the checks then fail on what is missing).
which=${1:?usage: xen-daemons.sh debian|pvstored}
bin=/usr/lib/xen-4.17/bin
mkdir -p /run/xen /run/xenstored /run/lock /var/log/xen/console /var/lib/xen
export XENSTORED_ROOTDIR=/run/xenstored
case $which in
debian) $bin/xenstored --pid-file /run/xenstore.pid ;;
pvstored) /usr/sbin/pvstored --pid-file /run/xenstore.pid ;;
*) echo "linux-dom0: linuxtest.xenstored=$which: expected debian or pvstored"; exit 1 ;;
esac || { echo "linux-dom0: $which xenstored failed to start ($?)"; exit 1; }
i=0
until xenstore-read -s / > /dev/null 2>&1; do
	i=$((i + 1))
	[ $i -ge 30 ] && { echo "linux-dom0: $which xenstored: no answer in 30 s"; exit 1; }
	sleep 1
done
echo "linux-dom0: $which xenstored up (pid $(cat /run/xenstore.pid 2> /dev/null))"
$bin/xen-init-dom0 > /dev/null || { echo "linux-dom0: xen-init-dom0 failed ($?)"; exit 1; }
consoled=$bin/xenconsoled
for arg in $(cat /proc/cmdline); do
	case $arg in linuxtest.xenconsoled=pvconsoled) consoled=/usr/sbin/pvconsoled ;; esac
done
$consoled --pid-file /run/xenconsoled.pid --log=guest --log-dir=/var/log/xen/console ||
	{ echo "linux-dom0: $consoled failed to start ($?)"; exit 1; }
echo "linux-dom0: xen-init-dom0 and ${consoled##*/} done"
if [ -d /sys/module/bridge ]; then
	ip link add name xenbr0 type bridge &&
		echo 0 > /sys/class/net/xenbr0/bridge/forward_delay &&
		ip addr add 10.99.0.1/24 dev xenbr0 && ip link set xenbr0 up ||
		{ echo "linux-dom0: the bridge xenbr0 could not be made"; exit 1; }
	echo "linux-dom0: bridge xenbr0 up with 10.99.0.1/24"
fi
