#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The toolstack benchmark: Debian's xl, then our pvctl, in a Linux dom0
# creating the same minimal PV domU (tests/guests/toolstack "pass", one
# xl.cfg), timed from `create` to the domU's first line on its console
# (xenconsoled's log), on xen-like and on real Xen 4.17 in the same QEMU,
# side by side. QEMU runs with -icount shift=0,sleep=off, so dom0's clock
# counts instructions (1 ns each): the figures are path lengths,
# repeatable run to run. The same dom0 kernel, toolstack and domU on
# both: the difference between the columns is the hypervisor's share;
# between the rows, the toolstack's.
#
#   tests/linux/xl-bench.sh [RUNS]     (default 5 per hypervisor)
#
# Prints a table (medians, ratio xen-like / Xen 4.17) and writes it to
# build/bench/xl-create.txt. Needs make all pv-tests linux-tests.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
pkg=linux-image-6.1.0-57-amd64

# one HV: boots it once; its log has both toolstacks' medians.
one() {
	local xen=() name=xl-bench-$1
	[ "$1" = xen-4.17 ] && xen=(--xen417)
	# The same CPU on both (Xen 4.17's harness CPU): with RDRAND, dom0's
	# entropy pool is ready at once (xl waits for it to make a UUID).
	"$top/tests/linux/run.sh" "${xen[@]+"${xen[@]}"}" --cpu max,-fsgsbase --timeout 900 --name "$name" \
		--qemu-arg -icount --qemu-arg shift=0,sleep=off \
		--linux-arg "linuxtest.xenstored=debian linuxtest.xlcycles=0 linuxtest.xlbench=$runs" \
		"$pkg" > /dev/null 2>&1
}
# median HV TOOL: TOOL's median in microseconds on HV (empty on failure).
median() {
	sed -n "s/.*linux-dom0: $2-bench: median \([0-9]*\) us.*/\1/p" "$top/build/tests/xl-bench-$1.log" |
		head -n 1
}
ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "n/a" }'; }

one xen-like
one xen-4.17
a=$(median xen-like xl) b=$(median xen-4.17 xl)
pa=$(median xen-like pvctl) pb=$(median xen-4.17 pvctl)
mkdir -p "$top/build/bench"
out=$top/build/bench/xl-create.txt
{
	echo "create to the domU's first console line, $(date -u +%Y-%m-%dT%H:%MZ), QEMU TCG -icount"
	echo "(us of dom0 time, 1 instruction = 1 ns; median of $runs)"
	echo
	echo "| toolstack | xen-like | Xen 4.17 | xen-like / Xen 4.17 |"
	echo "|---|---|---|---|"
	printf '| Debian xl | %s | %s | %s |\n' "${a:-failed}" "${b:-failed}" "$(ratio "$a" "$b")"
	printf '| pvctl | %s | %s | %s |\n' "${pa:-failed}" "${pb:-failed}" "$(ratio "$pa" "$pb")"
	printf '| pvctl / xl | %s | %s | |\n' "$(ratio "$pa" "$a")" "$(ratio "$pb" "$b")"
	echo
	echo "Logs: build/tests/xl-bench-xen-like.log, build/tests/xl-bench-xen-4.17.log"
} > "$out"
cat "$out"
