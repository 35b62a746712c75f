#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The devices benchmark in dom0 (tests/linux/dev-bench.sh boots each
# hypervisor with linuxtest.only=devbench and our daemons): pvctl creates
# one domU, Debian's cloud kernel with its own initramfs
# (/boot/domu/devbench-initrd.gz, tests/linux/devbench-domu-init), a
# MIB MiB scratch disk in dom0's /tmp as xvdb (truncate, in a tmpfs of
# its own: sparse, filled by the domU's write, so dom0's memory is
# checked first) and a vif on xenbr0 (10.99.0.1/24, made
# here if it is not there). The domU times a direct-I/O dd write and
# read of the disk and a send of NET MiB to dom0's nc; before and after
# each, this reads the hypervisor's counters (pvctl perfc; xen-like only:
# on Xen 4.17 they are "n/a") and then gives the domU its go.
#
#   linuxtest.devbench_mib=N  the disk transfers' MiB (default 256)
#   linuxtest.devbench_net=N  the network transfer's MiB (default 64)
#
# First it checks pvctl perfc itself (text and --json on xen-like; one
# error line and exit 1 on Xen 4.17). Prints, per transfer, one line for
# dev-bench.sh:
#   linux-dom0: devbench: result PHASE mib=M cs=C map=A unmap=B copy=D copy_bytes=E flush=F
# (the grant counters' growth, n/a without counters), the hypercalls
# that grew most, and "ok:"/"Fail:" lines; exits with the failures.
CHECKS_TAG="devbench: "
. /lib/linuxtest/checks-lib.sh
MIB=$(arg devbench_mib 256)
NET=$(arg devbench_net 64)
BR=xenbr0 BR_IP=10.99.0.1 DOMU_IP=10.99.0.2
NAME=devbench
# The image's own tmpfs: the root file system's limit (half of dom0's
# memory, less the initramfs) is too small for 256 MiB.
DIR=/tmp/devbench
IMG=$DIR/disk.img
LOG=$LOGS/guest-$NAME.log
say() { echo "linux-dom0: devbench: $*"; }

# said PATTERN TICKS [EVERY]: PATTERN in the domU's console log, looking
# every EVERY seconds (default 0.5) up to TICKS times, or a failure.
said() {
	if wait_every "${3:-0.5}" "$2" grep -q -e "$1" -e "devbench: failed" "$LOG" 2> /dev/null &&
		grep -q "$1" "$LOG"; then
		return 0
	fi
	fail "no '$1' on the domU's console"
	tail -n 15 "$LOG" 2> /dev/null | sed 's/^/  console: /'
	return 1
}
# counters FILE: the hypervisor's counters (pvctl perfc) into FILE; 1 if it has none.
counters() { $T pvctl perfc > "$1" 2> /dev/null; }
# grew BEFORE AFTER NAME: NAME's first value's growth between the snapshots (n/a if none).
grew() {
	awk -v n="$3" 'FNR == 1 { f++ } $1 == n { v[f] = $2 }
		END { if ((1 in v) && (2 in v)) print v[2] - v[1]; else print "n/a" }' "$1" "$2"
}
# top BEFORE AFTER: the hypercalls and traps that grew most, "name +N" each.
top() {
	awk 'FNR == 1 { f++ } /^(hcall\.[a-z_]+|trap\.[a-z]+) / && $1 !~ /subop/ {
			if (f == 1) { b[$1] = $2 } else if ($2 - b[$1] > 0) printf "%d %s\n", $2 - b[$1], $1
		}' "$1" "$2" | sort -rn | head -n 8 | awk '{ printf "%s +%s, ", $2, $1 }' | sed 's/, $//'
}
# subops BEFORE AFTER NAME: the sub-ops of NAME (a ".subop" counter) that grew, "N:+D" each.
subops() {
	awk -v n="$3" 'FNR == 1 { f++ } $1 == n {
			for (i = 2; i <= NF; i++) if (f == 1) b[i] = $i; else if ($i > b[i]) printf "%d:+%d ", i - 2, $i - b[i]
		}' "$1" "$2" | sed 's/ $//'
}
# go PHASE: counters, then the domU's go (a connection to its port 5002).
go() {
	have=1
	counters /tmp/perfc.$1.0 || have=0
	wait_briefly 500 nc "$DOMU_IP" 5002 < /dev/null > /dev/null 2>&1 ||
		{ fail "$1: the domU's port 5002 never answered"; return 1; }
}
# result PHASE MIB: after "done PHASE CS": the counters again, and the line.
result() {
	# Every 2 s: the polling runs on the machine being measured.
	said "devbench: done $1 " $((MIB * 10 + 150)) 2 || return 1
	cs=$(sed -n "s/.*devbench: done $1 \([0-9]*\).*/\1/p" "$LOG" | head -n 1)
	if [ $have = 1 ] && counters /tmp/perfc.$1.1; then
		b=/tmp/perfc.$1.0 a=/tmp/perfc.$1.1
		say "result $1 mib=$2 cs=$cs map=$(grew $b $a gnttab.map) unmap=$(grew $b $a gnttab.unmap)" \
			"copy=$(grew $b $a gnttab.copy) copy_bytes=$(grew $b $a gnttab.copy_bytes)" \
			"flush=$(grew $b $a gnttab.unmap_flush)"
		say "hcalls $1: $(top $b $a)"
		say "grant_table_op sub-ops $1: $(subops $b $a hcall.grant_table_op.subop)"
	else
		say "result $1 mib=$2 cs=$cs map=n/a unmap=n/a copy=n/a copy_bytes=n/a flush=n/a"
	fi
	ok "$1: $2 MiB in $cs cs"
}

# pvctl perfc itself: the counters as text and as JSON (lx-json reads it)
# on xen-like; on Xen 4.17 one line saying there are none, and exit 1.
if $T pvctl perfc gnttab. > /tmp/perfc.txt 2> /tmp/perfc.err; then
	same "pvctl perfc gnttab.: the names" "gnttab.map gnttab.unmap gnttab.unmap_flush gnttab.copy gnttab.copy_bytes" \
		"$(awk '{ printf "%s%s", sep, $1; sep = " " }' /tmp/perfc.txt)"
	same "pvctl perfc --json gnttab.unmap_flush" "[0].name=gnttab.unmap_flush" \
		"$($T pvctl perfc --json gnttab.unmap_flush | lx-json 2>&1 | head -n 1)"
else
	same "pvctl perfc without counters: one line" 1 "$(wc -l < /tmp/perfc.err)"
	say "pvctl perfc: $(cat /tmp/perfc.err)"
fi

# dom0's memory: the image is sparse in tmpfs, and fills as the domU writes.
avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
say "dom0 $(awk '/^MemTotal:/ { print "MemTotal " int($2 / 1024) " MiB," }' /proc/meminfo) MemAvailable ${avail} MiB before a ${MIB} MiB image"
if [ "$avail" -lt $((MIB + 32)) ]; then
	fail "dom0 has ${avail} MiB available: too little for a ${MIB} MiB image and 32 MiB to spare"
	exit $fails
fi
if [ ! -e /sys/class/net/$BR ]; then
	ip link add name $BR type bridge &&
		echo 0 > /sys/class/net/$BR/bridge/forward_delay &&
		ip addr add $BR_IP/24 dev $BR && ip link set $BR up
	same "bridge $BR $BR_IP/24 up" 0 $?
fi
mkdir -p $DIR
mount -t tmpfs -o size=$((MIB + 4))m devbench $DIR
same "a $((MIB + 4)) MiB tmpfs on $DIR" 0 $?
truncate -s ${MIB}M $IMG
same "truncate -s ${MIB}M $IMG" $((MIB * 1048576)) "$(wc -c < $IMG)"

cat > /tmp/$NAME.cfg <<CFG
name = "$NAME"
type = "pv"
kernel = "/lib/linuxtest/vmlinuz-domu"
ramdisk = "/boot/domu/devbench-initrd.gz"
extra = "console=hvc0 devbench.ip=$DOMU_IP/24 devbench.dom0=$BR_IP devbench.mib=$MIB devbench.net=$NET"
memory = 128
vcpus = 1
disk = ['format=raw,vdev=xvdb,access=rw,target=$IMG']
vif = ['mac=00:16:3e:00:00:21,bridge=$BR']
on_poweroff = "destroy"
on_crash = "preserve"
CFG
$T pvctl create /tmp/$NAME.cfg > /tmp/create.out 2>&1
rc=$?
same "pvctl create $NAME (xvdb ${MIB} MiB, vif on $BR)" 0 $rc
[ $rc = 0 ] || { tail -n 20 /tmp/create.out | sed 's/^/  | /'; exit $fails; }

if said "devbench: wait write" 480; then
	go write && result write $MIB
	said "devbench: wait read" 240 && go read && result read $MIB
	if said "devbench: wait net" 240; then
		# dom0's receiver: busybox nc, its stdin a FIFO held open (an EOF there
		# would close its side early), counting what arrives.
		rm -f /tmp/hold /tmp/net.bytes
		mkfifo /tmp/hold
		(nc -l -p 5001 < /tmp/hold | wc -c > /tmp/net.bytes) &
		exec 3> /tmp/hold
		go net && result net $NET
		wait_until 60 [ -s /tmp/net.bytes ]
		exec 3>&-
		wait
		same "net: bytes dom0 received" $((NET * 1048576)) "$(cat /tmp/net.bytes 2> /dev/null)"
	fi
	said "devbench: finished" 120
fi
# The domU powers off (on_poweroff destroy); destroy it if it did not.
wait_until 60 [ -z "$($T pvctl list 2> /dev/null | awk -v n=$NAME '$1 == n')" ] ||
	$T pvctl destroy $NAME > /dev/null 2>&1
same "$NAME gone" "" "$($T pvctl list 2> /dev/null | awk -v n=$NAME '$1 == n')"
grep -a "^devbench: \|dd: " "$LOG" | sed 's/^/  console: /'
rm -f $IMG /tmp/hold
umount $DIR
exit $fails
