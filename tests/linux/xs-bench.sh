#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# xenstore operations per second, pvstored against Debian's C xenstored,
# in one boot of Debian's kernel as dom0 on Xen 4.17 (QEMU TCG): /init
# runs tests/linux/xs-bench-dom0.sh (linuxtest=xsbench), which times one
# client's WRITE+READ loop over each daemon's Unix socket, alternately.
# Prints each daemon's median and the ratio, and writes them to
# build/bench/xenstore.txt. make bench runs it (BENCH_LINUX=0 skips it).
#
#   tests/linux/xs-bench.sh [PACKAGE]   (default: the first kernel of kernels.list)
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
pkg=${1:-$(awk -F'|' '!/^[[:space:]]*(#|$)/ { gsub(/[[:space:]]/, "", $2); print $2; exit }' \
	"$top/tests/linux/kernels.list")}
name=linux-xs-bench
log=$top/build/tests/$name.log
out=$top/build/bench/xenstore.txt
mkdir -p "$top/build/bench"

"$top/tests/linux/run.sh" --xen417 --name "$name" --timeout 300 \
	--linux-arg linuxtest=xsbench "$pkg" > /dev/null ||
	{ echo "xs-bench: the benchmark run failed (log $log)" >&2; exit 1; }
# median DAEMON: the median ops/s of its runs.
median() {
	sed -n "s|.*xsbench: $1: .*: \([0-9]*\) ops/s.*|\1|p" "$log" |
		sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}
deb=$(median debian)
pv=$(median pvstored)
[ -n "$deb" ] && [ -n "$pv" ] || { echo "xs-bench: no results in $log" >&2; exit 1; }
runs=$(grep -c 'xsbench: pvstored:' "$log")
{
	echo "xenstore WRITE+READ over the Unix socket, one client, dom0 on Xen 4.17 (QEMU TCG), $runs runs each, median:"
	echo "  Debian's xenstored $deb ops/s"
	echo "  pvstored           $pv ops/s"
	awk -v p="$pv" -v d="$deb" 'BEGIN { printf "  pvstored/xenstored %.2f\n", p / d }'
} | tee "$out"
