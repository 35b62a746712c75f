#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The toolstack benchmark: Debian's xl in a Linux dom0 creating the same
# minimal PV domU (tests/guests/toolstack "pass"), timed from `xl create`
# to the domU's first line on its console (xenconsoled's log), on
# xen-like and on real Xen 4.17 in the same QEMU, side by side. QEMU runs
# with -icount shift=0,sleep=off, so dom0's clock counts instructions (1
# ns each): the figures are path lengths, repeatable run to run. The same
# dom0 kernel, toolstack and domU on both: the difference is the
# hypervisor's share.
#
#   tests/linux/xl-bench.sh [RUNS]     (default 5 per hypervisor)
#
# Prints a table (medians, ratio xen-like / Xen 4.17) and writes it to
# build/bench/xl-create.txt. Needs make all pv-tests linux-tests.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-5}
pkg=linux-image-6.1.0-57-amd64

# one HV: the median in microseconds (empty on failure).
one() {
	local xen=() name=xl-bench-$1
	[ "$1" = xen-4.17 ] && xen=(--xen417)
	# The same CPU on both (Xen 4.17's harness CPU): with RDRAND, dom0's
	# entropy pool is ready at once (xl waits for it to make a UUID).
	"$top/tests/linux/run.sh" "${xen[@]+"${xen[@]}"}" --cpu max,-fsgsbase --timeout 900 --name "$name" \
		--qemu-arg -icount --qemu-arg shift=0,sleep=off \
		--linux-arg "linuxtest.xenstored=debian linuxtest.xlcycles=0 linuxtest.xlbench=$runs" \
		"$pkg" > /dev/null 2>&1
	sed -n 's/.*linux-dom0: xl-bench: median \([0-9]*\) us.*/\1/p' "$top/build/tests/$name.log" | head -n 1
}

a=$(one xen-like)
b=$(one xen-4.17)
mkdir -p "$top/build/bench"
out=$top/build/bench/xl-create.txt
{
	echo "xl create to the domU's first console line, $(date -u +%Y-%m-%dT%H:%MZ), QEMU TCG -icount"
	echo
	echo "| measure | xen-like | Xen 4.17 | ratio |"
	echo "|---|---|---|---|"
	printf '| us of dom0 time (1 instruction = 1 ns), median of %s | %s | %s | %s |\n' "$runs" \
		"${a:-failed}" "${b:-failed}" \
		"$(awk -v a="${a:-0}" -v b="${b:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "n/a" }')"
	echo
	echo "Logs: build/tests/xl-bench-xen-like.log, build/tests/xl-bench-xen-4.17.log"
} > "$out"
cat "$out"
