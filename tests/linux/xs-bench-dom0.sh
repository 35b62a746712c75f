#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The xenstore benchmark inside dom0 (/init runs it for linuxtest=xsbench;
# tests/linux/xs-bench.sh boots it and reads the result). Debian's C
# xenstored and pvstored take turns as dom0's xenstored, each started as
# xen-daemons.sh starts it (the socket /run/xenstored/socket, dom0's own
# ring) and stopped after its turn; lx-xsbench times the same WRITE+READ
# loop against each, RUNS times. (The two cannot run side by side:
# Debian's xenstored crashes on the first write when started without
# dom0's ring, -D.)
#
#   sh xs-bench-dom0.sh [ROUNDS] [RUNS]     (default 1000 rounds, 3 runs)
#
# Prints the lx-xsbench lines; exits non-zero if a daemon or a run failed.
rounds=${1:-1000}
runs=${2:-3}
export XENSTORED_ROOTDIR=/run/xenstored XENSTORED_RUNDIR=/run/xenstored
mkdir -p /run/xenstored
run=0
while [ $run -lt "$runs" ]; do
	for d in debian pvstored; do
		rm -f /run/xenstored/socket /run/xsb.pid
		case $d in
		debian) /usr/lib/xen-4.17/bin/xenstored --pid-file /run/xsb.pid ;;
		pvstored) /usr/sbin/pvstored -F /run/xsb.pid ;;
		esac || { echo "Fail: xsbench: $d did not start"; exit 1; }
		i=0
		until [ -S /run/xenstored/socket ] && [ -s /run/xsb.pid ]; do
			i=$((i + 1))
			[ $i -ge 100 ] && { echo "Fail: xsbench: no $d socket after 10 s"; exit 1; }
			sleep 0.1
		done
		timeout 120 lx-xsbench /run/xenstored/socket "$rounds" | sed "s|/run/xenstored/socket|$d|" ||
			exit 1
		pid=$(cat /run/xsb.pid)
		kill "$pid"
		while [ -d "/proc/$pid" ]; do sleep 0.1; done
	done
	run=$((run + 1))
done
