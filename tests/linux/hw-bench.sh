#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The benchmark of dom0's own devices (issue 20): dom0 reads its virtio
# disk and pings over its virtio-net NIC, on xen-like and on real Xen 4.17
# in the same QEMU, side by side. As tests/linux/dev-bench.sh: QEMU runs
# with -icount shift=0,sleep=off and the same CPU model on both, so every
# clock in the machine counts instructions (1 ns each) and MiB/s means MiB
# per second of the machine's instructions (dom0 and the hypervisor both
# count; QEMU's device models and its user network do not). The same dom0
# kernel and initramfs on both: the difference is the hypervisor's.
#
# Each hypervisor boots once with linuxtest.hw=1 linuxtest.hwbench=1
# linuxtest.only=hwbench: tests/linux/run.sh gives QEMU hw-checks.sh's
# devices with the hwbench image (64 MiB of random bytes in /random,
# tests/linux/mkdomu-disk.sh) as the virtio disk, and
# tests/linux/hwbench-checks.sh in dom0 times, with dom0's clock:
#   - disk read: RUNS times, page cache dropped and /dev/vda mounted
#     afresh, dd if=/random of=/dev/null bs=1M; the median
#   - ping:      ping -c PINGS 10.0.2.2 on eth0 (virtio-net, QEMU's user
#                network answers), busybox's average round trip and the
#                replies' median
# and counts the device's interrupts over each, and dom0's busy time (the
# elapsed time less its CPU's idle time).
#
# With sleep=off, whenever every CPU is idle QEMU moves the clock at once
# to the next timer's deadline; a wait for QEMU's own work (the host's
# read of the image, the user network's answer, done by QEMU's threads
# in host time) then costs the guest that jump, whatever the hypervisor's
# paths: a few ms for a read or a reply that the host was slow with,
# nothing for one it had ready before the CPU halted. The busy time leaves
# those jumps out (they are idle time), and the medians ride over a few.
#
#   tests/linux/hw-bench.sh [RUNS [PINGS]]    (default 5 and 20)
#
# Prints the table and writes it to build/bench/hw.txt. Needs make all
# linux-tests linux-hwbench-disk (make bench-hw does it).
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
pings=${2:-20}
BENCH=hw-bench
. "$top/tests/linux/bench-lib.sh"
one() {
	bench_boot "$1" 900 "linuxtest.hw=1 linuxtest.hwbench=1 linuxtest.only=hwbench" \
		"linuxtest.hwbench_runs=$runs linuxtest.hwbench_pings=$pings"
}
# line HV WHAT: the rest of HV's first "linux-dom0: hwbench: WHAT" line.
line() {
	grep -a "linux-dom0: hwbench: $2" "$(log "$1")" | head -n 1 | tr -d '\r' | sed "s/.*linux-dom0: hwbench: $2//"
}
# field HV PHASE KEY: KEY= of PHASE's result line (empty if none).
field() { line "$1" "result $2 " | sed -n "s/.*\<$3=\([^ ]*\).*/\1/p"; }
# median_ns HV [KEY]: the median of the reads' nanoseconds (KEY ns, the
# default: elapsed; busy: dom0's busy time).
median_ns() { field "$1" read "${2:-ns}" | tr ',' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }
# rate HV [KEY]: MiB/s of the median read (empty on failure).
rate() {
	local m n
	m=$(field "$1" read mib) n=$(median_ns "$1" "${2:-ns}")
	[ -n "$m" ] && [ -n "$n" ] && [ "$n" -gt 0 ] && awk -v m="$m" -v n="$n" 'BEGIN { printf "%.1f", m * 1e9 / n }'
}
# spread HV [KEY]: each read's MiB/s, in order.
spread() {
	local m
	m=$(field "$1" read mib)
	field "$1" read "${2:-ns}" | tr ',' '\n' | grep . | awk -v m="$m" '$1 > 0 { printf "%s%.1f", sep, m * 1e9 / $1; sep = " " }'
}
# rtts HV: the ping's min/avg/max.
rtts() { echo "$(field "$1" ping min)/$(field "$1" ping avg)/$(field "$1" ping max)"; }
# us NS: microseconds (empty if NS is).
us() { [ -n "$1" ] && awk -v n="$1" 'BEGIN { printf "%.1f", n / 1000 }'; }
ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "n/a" }'; }

for hv in "${hvs[@]}"; do
	one "$hv"
done

mkdir -p "$top/build/bench"
out=$top/build/bench/hw.txt
{
	echo "dom0's own devices (virtio-blk, virtio-net), $(date -u +%Y-%m-%dT%H:%MZ), $(qemu-system-x86_64 --version | head -n 1), TCG -icount"
	echo "(guest time: 1 instruction = 1 ns, timed by dom0)"
	echo
	echo "Disk: dd of a 64 MiB file from /dev/vda, cold cache, the median of $runs (higher is better);"
	echo "ping: ping -c $pings 10.0.2.2 on eth0, busybox's average round trip and the median (lower is better)."
	echo
	echo "| measure | xen-like | Xen 4.17 | xen-like / Xen 4.17 |"
	echo "|---|---|---|---|"
	a=$(rate xen-like) b=$(rate xen-4.17)
	printf '| disk read, virtio-blk, MiB/s | %s | %s | %s |\n' "${a:-failed}" "${b:-failed}" "$(ratio "$a" "$b")"
	a=$(rate xen-like busy) b=$(rate xen-4.17 busy)
	printf '| disk read, virtio-blk, MiB/s of dom0 busy time | %s | %s | %s |\n' "${a:-failed}" "${b:-failed}" "$(ratio "$a" "$b")"
	a=$(field xen-like ping avg) b=$(field xen-4.17 ping avg)
	printf '| ping RTT, virtio-net, average, ms | %s | %s | %s |\n' "${a:-failed}" "${b:-failed}" "$(ratio "$a" "$b")"
	a=$(field xen-like ping med) b=$(field xen-4.17 ping med)
	printf '| ping RTT, virtio-net, median, ms | %s | %s | %s |\n' "${a:-failed}" "${b:-failed}" "$(ratio "$a" "$b")"
	a=$(us "$(field xen-like ping busy)") b=$(us "$(field xen-4.17 ping busy)")
	printf '| ping, dom0 busy us per ping | %s | %s | %s |\n' "${a:-failed}" "${b:-failed}" "$(ratio "$a" "$b")"
	echo
	echo "Busy time: the elapsed time less dom0's idle time (/proc/timer_list), which holds QEMU -icount's"
	echo "clock jumps to the next timer while every CPU waits for the host (sleep=off): dom0's own"
	echo "instructions and the hypervisor's while dom0 runs, not its work while dom0 is blocked."
	echo "The ping's busy time is per ping over the whole run (one ping a second, whatever else dom0 did)."
	echo
	echo "| detail | xen-like | Xen 4.17 |"
	echo "|---|---|---|"
	printf '| each read, MiB/s | %s | %s |\n' "$(spread xen-like)" "$(spread xen-4.17)"
	printf '| each read, MiB/s of busy time | %s | %s |\n' "$(spread xen-like busy)" "$(spread xen-4.17 busy)"
	printf '| virtio-blk interrupts per 64 MiB read | %s | %s |\n' "$(field xen-like read irqs)" "$(field xen-4.17 read irqs)"
	printf '| ping min/avg/max, ms | %s | %s |\n' "$(rtts xen-like)" "$(rtts xen-4.17)"
	printf '| virtio-net interrupts per ping | %s | %s |\n' "$(field xen-like ping irqs)" "$(field xen-4.17 ping irqs)"
	printf '| each ping, ms | %s | %s |\n' "$(line xen-like "ping times " | tr ',' ' ')" "$(line xen-4.17 "ping times " | tr ',' ' ')"
	echo
	echo "The devices' interrupts (/proc/interrupts: IRQ, chip, kind, name):"
	for hv in "${hvs[@]}"; do
		echo "  $hv: vda $(line "$hv" "irq vda ")"
		echo "  $hv: eth$(line "$hv" "irq eth")"
	done
	echo
	echo "The hypercalls and traps that grew most on xen-like (pvctl perfc; Xen 4.17 has no counters),"
	echo "over each read (its MiB/s first) and over the $pings pings:"
	i=0
	for r in $(spread xen-like); do
		echo "  read $i, $r MiB/s: $(line xen-like "hcalls read$i: ")"
		i=$((i + 1))
	done
	echo "  ping: $(line xen-like "hcalls ping: ")"
	echo
	echo "Logs: build/tests/hw-bench-{xen-like,xen-4.17}.log"
} > "$out"
cat "$out"
