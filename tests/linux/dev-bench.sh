#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The devices benchmark (issue 22): a PV domU's disk and network through
# dom0's backends, on xen-like and on real Xen 4.17 in the same QEMU,
# side by side. QEMU runs with -icount shift=0,sleep=off and the same CPU
# model on both, so every clock in the machine counts instructions (1 ns
# each): the figures are path lengths, repeatable run to run, and MiB/s
# means MiB per second of the machine's instructions (dom0, the domU and
# the hypervisor all count). The same dom0 kernel, pvctl, daemons, domU
# kernel and initramfs on both: the difference is the hypervisor's.
#
# Each hypervisor boots once with linuxtest.only=devbench (our daemons,
# pvstored and pvconsoled); tests/linux/devbench-checks.sh in dom0 creates
# the domU with pvctl: a MIB MiB disk image in dom0's /tmp as xvdb and a
# vif on xenbr0. The domU (tests/linux/devbench-domu-init) times, with its
# own clock:
#   - disk write: dd if=/dev/zero of=/dev/xvdb bs=1M count=MIB oflag=direct
#   - disk read:  dd if=/dev/xvdb of=/dev/null bs=1M count=MIB iflag=direct
#   - network:    dd if=/dev/zero bs=64k count=NET*16 | nc 10.99.0.1 5001,
#                 domU to dom0 (busybox nc in both)
# and dom0 reads xen-like's grant-table counters (pvctl perfc) before and
# after each: grant map, unmap and copy entries per MiB moved, and the
# unmaps' TLB flushes (Xen 4.17 has no such counters: n/a).
#
#   tests/linux/dev-bench.sh [MIB [NET]]    (default 256 and 64)
#
# dom0 boots with swiotlb=4096 (8 MiB of bounce buffers, not 64: nothing
# here needs them) on both, which leaves room in its 512 MiB for the image.
# Prints the table and writes it to build/bench/devices.txt. Needs
# make all pv-tests linux-tests.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
mib=${1:-256}
net=${2:-64}
BENCH=dev-bench
. "$top/tests/linux/bench-lib.sh"
one() {
	bench_boot "$1" 1200 "linuxtest.xenstored=pvstored linuxtest.xenconsoled=pvconsoled linuxtest.only=devbench" \
		"linuxtest.devbench_mib=$mib linuxtest.devbench_net=$net swiotlb=4096"
}
# field HV PHASE KEY: KEY= of PHASE's result line in HV's log (empty if none).
field() {
	grep -a "linux-dom0: devbench: result $2 " "$(log "$1")" | head -n 1 | tr -d '\r' |
		sed -n "s/.* $3=\([^ ]*\).*/\1/p"
}
# rate HV PHASE: MiB/s (empty on failure).
rate() {
	local m c
	m=$(field "$1" "$2" mib) c=$(field "$1" "$2" cs)
	[ -n "$m" ] && [ -n "$c" ] && [ "$c" -gt 0 ] && awk -v m="$m" -v c="$c" 'BEGIN { printf "%.1f", m * 100 / c }'
}
ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# per_mib HV PHASE KEY: the counter's growth per MiB moved (n/a without counters).
per_mib() {
	local m v
	m=$(field "$1" "$2" mib) v=$(field "$1" "$2" "$3")
	case $v in '' | n/a) echo n/a ;; *) awk -v m="$m" -v v="$v" 'BEGIN { printf "%.1f", v / m }' ;; esac
}

for hv in "${hvs[@]}"; do
	one "$hv"
done

mkdir -p "$top/build/bench"
out=$top/build/bench/devices.txt
phases=(write read net)
declare -A what=([write]="disk write, dd oflag=direct bs=1M" [read]="disk read, dd iflag=direct bs=1M"
	[net]="network domU -> dom0, nc")
{
	echo "a PV domU's disk and network through dom0's backends, $(date -u +%Y-%m-%dT%H:%MZ), QEMU TCG -icount"
	echo "(MiB per second of the machine's instructions, 1 instruction = 1 ns, timed by the domU)"
	echo
	echo "Disk: $mib MiB to and from xvdb (a file in dom0's tmpfs on a loop device, blkback);"
	echo "network: $net MiB from the domU to dom0's nc over xenbr0 (netback). Higher is better."
	echo
	echo "| transfer | xen-like MiB/s | Xen 4.17 MiB/s | xen-like / Xen 4.17 |"
	echo "|---|---|---|---|"
	for ph in "${phases[@]}"; do
		a=$(rate xen-like $ph) b=$(rate xen-4.17 $ph)
		printf '| %s | %s | %s | %s |\n' "${what[$ph]}" "${a:-failed}" "${b:-failed}" "$(ratio "$a" "$b")"
	done
	echo
	echo "Grant-table entries per MiB moved (the hypervisor's counters, pvctl perfc; Xen 4.17 has none),"
	echo "and the TLB flushes the unmaps did:"
	echo
	echo "| transfer | hypervisor | map | unmap | copy | copied KiB | unmap flushes |"
	echo "|---|---|---|---|---|---|---|"
	for ph in "${phases[@]}"; do
		for hv in "${hvs[@]}"; do
			kib=$(per_mib $hv $ph copy_bytes)
			[ "$kib" = n/a ] || kib=$(awk -v b="$kib" 'BEGIN { printf "%.1f", b / 1024 }')
			printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$ph" "$hv" "$(per_mib $hv $ph map)" \
				"$(per_mib $hv $ph unmap)" "$(per_mib $hv $ph copy)" "$kib" "$(per_mib $hv $ph flush)"
		done
	done
	echo
	echo "The hypercalls and traps that grew most during each transfer on xen-like (whole machine):"
	for ph in "${phases[@]}"; do
		echo "  $ph: $(grep -a "linux-dom0: devbench: hcalls $ph:" "$(log xen-like)" | head -n 1 | tr -d '\r' | sed 's/.*hcalls [a-z]*: //')"
	done
	echo
	echo "GNTTABOP_* calls (sub-op number:+calls; 0 map, 1 unmap, 5 copy) during each transfer on xen-like:"
	for ph in "${phases[@]}"; do
		echo "  $ph: $(grep -a "linux-dom0: devbench: grant_table_op sub-ops $ph:" "$(log xen-like)" | head -n 1 | tr -d '\r' | sed 's/.*sub-ops [a-z]*: //')"
	done
	echo
	echo "Logs: build/tests/dev-bench-{xen-like,xen-4.17}.log"
} > "$out"
cat "$out"
