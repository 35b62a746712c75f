#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The benchmark of dom0's own devices in dom0 (tests/linux/hw-bench.sh
# boots each hypervisor with linuxtest.hw=1 linuxtest.hwbench=1
# linuxtest.only=hwbench: QEMU's devices of tests/linux/hw-checks.sh, the
# virtio disk holding tests/linux/mkdomu-disk.sh's hwbench image). After
# /init has loaded the hw modules (linuxtest.hw=1), it times with dom0's clock (lx-now):
#   read  RUNS times: drop the page cache (echo 3 > drop_caches), mount
#         /dev/vda read-only afresh, dd if=/random of=/dev/null bs=1M
#         (64 MiB), unmount; then /random's md5sum must be /random.md5's
#   ping  eth0 (virtio-net) 10.0.2.15/24 on QEMU's user network, one ping
#         to settle ARP, then ping -c PINGS 10.0.2.2: busybox's average RTT,
#         and the median of the replies' times
# counting the device's interrupts (/proc/interrupts) over each and
# dom0's busy time (the time less what its CPU spent idle, from
# /proc/timer_list's idle and iowait sleep times, in ns), and prints, for
# hw-bench.sh:
#   linux-dom0: hwbench: result read mib=64 ns=N1,N2,... busy=B1,B2,... irqs=I
#   linux-dom0: hwbench: result ping n=PINGS min=A avg=B max=C med=M busy=B irqs=I
#   linux-dom0: hwbench: ping times T1,T2,... (ms)
# (busy for the ping: ns per ping, over the whole ping -c run), and on
# xen-like the hypercalls and traps that grew most over each read (PHASE
# readN) and over the pings (ping), from pvctl perfc read outside the
# timed spans (Xen 4.17 has no counters):
#   linux-dom0: hwbench: hcalls PHASE: name +N, ...
#   linux-dom0: hwbench: irq DEV: its /proc/interrupts lines (kind, name)
# and "ok:"/"Fail:" lines; exits with the failures.
#
#   linuxtest.hwbench_runs=N   the cold reads (default 5)
#   linuxtest.hwbench_pings=N  the pings (default 20)
CHECKS_TAG="hwbench: "
. /lib/linuxtest/checks-lib.sh
RUNS=$(arg hwbench_runs 5)
PINGS=$(arg hwbench_pings 20)
MNT=/mnt/hwbench
say() { echo "linux-dom0: hwbench: $*"; }

mdev -s 2> /dev/null
# The virtio-net interface (eth0 with QEMU's slot order).
vnic() {
	for n in /sys/class/net/*; do
		[ "$(basename "$(readlink "$n/device/driver" 2> /dev/null)")" = virtio_net ] && echo "${n##*/}"
	done
}
wait_until 20 [ -b /dev/vda ] || fail "no /dev/vda within 10 s"
wait_until 20 [ -n "$(vnic)" ] || fail "no virtio-net interface within 10 s"
# virtio_of SLOT: the virtio device's name (virtioN), which names its interrupts.
virtio_of() { basename "$(ls -d "/sys/bus/pci/devices/0000:00:$1"/virtio* 2> /dev/null | head -n 1)"; }
vblk=$(virtio_of 03.0) vnet=$(virtio_of 05.0)
# irqs WORD: the total of the /proc/interrupts lines whose name column has WORD.
irqs() { awk -v w="$1" 'index($0, w) { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) s += $i; else break } END { print s + 0 }' /proc/interrupts; }
# idle_ns: the ns dom0's CPUs spent idle since boot (NO_HZ's account, exact
# to the ns; it is updated as a CPU leaves idle, so current while this runs).
idle_ns() { awk '/\.(idle|iowait)_sleeptime/ { s += $3 } END { printf "%.0f\n", s }' /proc/timer_list; }
grep -q '\.idle_sleeptime' /proc/timer_list 2> /dev/null ||
	fail "no .idle_sleeptime in /proc/timer_list: the busy times would be the elapsed ones"
# counters FILE: the hypervisor's counters (pvctl perfc) into FILE; 1 if it has none.
counters() { $T pvctl perfc > "$1" 2> /dev/null; }
# hcalls PHASE: the hypercalls and traps that grew most between
# /tmp/perfc.PHASE.0 and .1, "name +N" each (nothing without counters).
hcalls() {
	[ -s /tmp/perfc.$1.1 ] || return 0
	say "hcalls $1: $(awk 'FNR == 1 { f++ } /^(hcall\.[a-z_]+|trap\.[a-z]+) / && $1 !~ /subop/ {
			if (f == 1) { b[$1] = $2 } else if ($2 - b[$1] > 0) printf "%d %s\n", $2 - b[$1], $1
		}' /tmp/perfc.$1.0 /tmp/perfc.$1.1 | sort -rn | head -n 8 | awk '{ printf "%s +%s, ", $2, $1 }' | sed 's/, $//')"
}
# irq_lines WORD: those lines, without the counts ("IRQ: kind... name").
irq_lines() { awk -v w="$1" 'index($0, w) { s = $1; for (i = 2; i <= NF; i++) if ($i !~ /^[0-9]+$/) s = s " " $i; printf "%s%s", sep, s; sep = "; " }' /proc/interrupts; }

# --- read: 64 MiB from the virtio disk, cold --------------------------------
mkdir -p $MNT
ns="" busy="" i=0
before=$(irqs "$vblk")
while [ $i -lt "$RUNS" ]; do
	sync
	echo 3 > /proc/sys/vm/drop_caches
	if ! mount -t ext4 -o ro /dev/vda $MNT; then
		fail "read $i: mount -t ext4 -o ro /dev/vda failed"
		break
	fi
	counters /tmp/perfc.read$i.0
	idle0=$(idle_ns)
	t0=$(lx-now)
	dd if=$MNT/random of=/dev/null bs=1M 2> /tmp/dd.err
	rc=$?
	t1=$(lx-now)
	idle1=$(idle_ns)
	counters /tmp/perfc.read$i.1
	umount $MNT
	same "read $i: dd of /random exit status" 0 $rc
	hcalls read$i
	[ $rc = 0 ] || sed 's/^/  dd: /' /tmp/dd.err
	ns="$ns${ns:+,}$((t1 - t0))"
	busy="$busy${busy:+,}$((t1 - t0 - (idle1 - idle0)))"
	i=$((i + 1))
done
after=$(irqs "$vblk")
say "result read mib=64 ns=$ns busy=$busy irqs=$(((after - before) / RUNS))"
ok "read: $RUNS cold reads of 64 MiB, ns $ns"
# The bytes read are the image's (untimed, a last mount).
if mount -t ext4 -o ro /dev/vda $MNT; then
	same "read: /random's md5sum" "$(cut -d' ' -f1 $MNT/random.md5)" "$(md5sum $MNT/random | cut -d' ' -f1)"
	umount $MNT
fi
say "irq vda ($vblk): $(irq_lines "$vblk")"

# --- ping: eth0 (virtio-net) to QEMU's gateway ------------------------------
nic=$(vnic)
ip addr add 10.0.2.15/24 dev "$nic" && ip link set "$nic" up
same "$nic: 10.0.2.15/24 up" 0 $?
ping -c 1 -W 5 -I "$nic" 10.0.2.2 > /dev/null 2>&1
counters /tmp/perfc.ping.0
before=$(irqs "$vnet")
idle0=$(idle_ns)
t0=$(lx-now)
ping -c "$PINGS" -W 5 -I "$nic" 10.0.2.2 > /tmp/ping.out 2>&1
rc=$?
t1=$(lx-now)
idle1=$(idle_ns)
counters /tmp/perfc.ping.1
after=$(irqs "$vnet")
same "ping -c $PINGS 10.0.2.2 on $nic: received" "$PINGS packets received" "$(grep -o '[0-9]* packets received' /tmp/ping.out)"
rtt=$(sed -n 's|.*min/avg/max = \([0-9.]*\)/\([0-9.]*\)/\([0-9.]*\) ms.*|min=\1 avg=\2 max=\3|p' /tmp/ping.out)
times=$(sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' /tmp/ping.out)
med=$(echo "$times" | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }')
if [ $rc = 0 ] && [ -n "$rtt" ]; then
	say "ping times $(echo $times | tr ' ' ',')"
	say "result ping n=$PINGS $rtt med=$med busy=$(((t1 - t0 - (idle1 - idle0)) / PINGS)) irqs=$(((after - before) / PINGS))"
	ok "ping: $rtt med=$med ms"
else
	fail "ping -c $PINGS 10.0.2.2: exit $rc, no round-trip line"
	tail -n 3 /tmp/ping.out | sed 's/^/  ping: /'
fi
hcalls ping
say "irq $nic ($vnet): $(irq_lines "$vnet")"
ip addr flush dev "$nic"
ip link set "$nic" down
exit $fails
