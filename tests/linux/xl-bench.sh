#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The toolstack benchmark: Debian's xl, then our pvctl, in a Linux dom0
# creating the same minimal PV domU (tests/guests/toolstack, one xl.cfg),
# timed from `create` to the domU's first line on its console (the
# console daemon's log), on xen-like and on real Xen 4.17 in the same
# QEMU, side by side. QEMU runs with -icount shift=0,sleep=off, so dom0's
# clock counts instructions (1 ns each): the figures are path lengths,
# repeatable run to run. The same dom0 kernel, toolstack and domU on
# both: the difference between the columns is the hypervisor's share;
# between the rows, the toolstack's.
#
# Each hypervisor boots twice: with Debian's xenstored and xenconsoled,
# and with ours (pvstored, pvconsoled). Each boot measures:
#   - RUNS creates of a 16 MiB domU that prints its line and powers off
#     (the median), and one more `pvctl -v create` (where its time goes);
#   - SCALE creates of 4 MiB idle domUs left running, one after another:
#     p50, p99, the 1st and the last (with SCALE-1 running), creates per
#     second, and the hypervisor's memory per idle domain.
#
#   tests/linux/xl-bench.sh [RUNS [SCALE]]    (default 5 and 100)
#
# Prints tables and writes them to build/bench/xl-create.txt. Needs
# make all pv-tests linux-tests.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
scale=${2:-100}
pkg=linux-image-6.1.0-57-amd64
hvs=(xen-like xen-4.17)
stacks=(debian ours)

# one HV STACK: boots HV with STACK's daemons once; its log has every figure.
one() {
	local xen=() daemons="linuxtest.xenstored=debian"
	[ "$1" = xen-4.17 ] && xen=(--xen417)
	[ "$2" = ours ] && daemons="linuxtest.xenstored=pvstored linuxtest.xenconsoled=pvconsoled"
	# The same CPU on both (Xen 4.17's harness CPU): with RDRAND, dom0's
	# entropy pool is ready at once (xl waits for it to make a UUID).
	"$top/tests/linux/run.sh" "${xen[@]+"${xen[@]}"}" --cpu max,-fsgsbase --timeout 1800 \
		--name "xl-bench-$1-$2" --qemu-arg -icount --qemu-arg shift=0,sleep=off \
		--linux-arg "$daemons linuxtest.xlcycles=0 linuxtest.xlbench=$runs linuxtest.xlscale=$scale" \
		"$pkg" > /dev/null 2>&1
}
log() { echo "$top/build/tests/xl-bench-$1-$2.log"; }
# median HV STACK TOOL: TOOL's median in microseconds (empty on failure).
median() {
	sed -n "s/.*linux-dom0: $3-bench: median \([0-9]*\) us.*/\1/p" "$(log "$1" "$2")" | head -n 1
}
# figure HV STACK TOOL FIELD: one figure of TOOL's scale line (p50, p99, 1st, last, rate, kib).
figure() {
	local line
	line=$(grep -a "linux-dom0: $3-scale: p50" "$(log "$1" "$2")" | head -n 1)
	[ -n "$line" ] || return
	echo "$line" | sed -E 's/.*p50 ([0-9]+) us, p99 ([0-9]+) us, 1st ([0-9]+) us, [0-9]+th ([0-9]+) us, ([0-9.]+) creates\/s, (-?[0-9]+) KiB.*/\1 \2 \3 \4 \5 \6/' |
		cut -d' ' -f"$(case $4 in p50) echo 1 ;; p99) echo 2 ;; 1st) echo 3 ;; last) echo 4 ;; rate) echo 5 ;; kib) echo 6 ;; esac)"
}
ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
ms() { awk -v a="${1:-}" 'BEGIN { if (a == "") print "failed"; else printf "%.1f", a / 1000 }'; }

for hv in "${hvs[@]}"; do
	for st in "${stacks[@]}"; do
		one "$hv" "$st"
	done
done

base=$(median xen-4.17 debian xl) # Debian's xl and daemons on Xen 4.17: the reference
mkdir -p "$top/build/bench"
out=$top/build/bench/xl-create.txt
{
	echo "create to the domU's first console line, $(date -u +%Y-%m-%dT%H:%MZ), QEMU TCG -icount"
	echo "(ms of dom0 time, 1 instruction = 1 ns)"
	echo
	echo "Median of $runs creates of a 16 MiB domU; the last column against Debian's xl"
	echo "with Debian's daemons on Xen 4.17 ($(ms "$base") ms):"
	echo
	echo "| toolstack | daemons | xen-like | Xen 4.17 | xen-like / Xen 4.17 | xen-like / xl on Xen 4.17 |"
	echo "|---|---|---|---|---|---|"
	for st in "${stacks[@]}"; do
		for tool in xl pvctl; do
			a=$(median xen-like "$st" $tool) b=$(median xen-4.17 "$st" $tool)
			printf '| %s | %s | %s | %s | %s | %s |\n' $tool \
				"$([ "$st" = ours ] && echo "pvstored, pvconsoled" || echo "Debian's")" \
				"$(ms "$a")" "$(ms "$b")" "$(ratio "$a" "$b")" "$(ratio "$a" "$base")"
		done
	done
	echo
	echo "$scale idle 4 MiB domUs created one after another and left running:"
	echo
	echo "| toolstack | daemons | hypervisor | p50 ms | p99 ms | 1st ms | ${scale}th ms | creates/s | hypervisor KiB per idle domain |"
	echo "|---|---|---|---|---|---|---|---|---|"
	for st in "${stacks[@]}"; do
		for tool in xl pvctl; do
			for hv in "${hvs[@]}"; do
				printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' $tool \
					"$([ "$st" = ours ] && echo ours || echo "Debian's")" "$hv" \
					"$(ms "$(figure "$hv" "$st" $tool p50)")" "$(ms "$(figure "$hv" "$st" $tool p99)")" \
					"$(ms "$(figure "$hv" "$st" $tool 1st)")" "$(ms "$(figure "$hv" "$st" $tool last)")" \
					"$(figure "$hv" "$st" $tool rate)" "$(figure "$hv" "$st" $tool kib)"
			done
		done
	done
	echo
	echo "Where pvctl's time goes (pvctl -v create, xen-like, our daemons):"
	grep -a "pvctl-bench: step:" "$(log xen-like ours)" | sed 's/.*step: /    /'
	echo
	echo "The same with the $scale idle domains running:"
	grep -a "pvctl-scale: step:" "$(log xen-like ours)" | sed 's/.*step: /    /'
	echo
	echo "Logs: build/tests/xl-bench-{xen-like,xen-4.17}-{debian,ours}.log"
} > "$out"
cat "$out"
