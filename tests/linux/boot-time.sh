#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot-time benchmark of the Linux dom0 harness: the wall time from
# starting tests/linux/run.sh (QEMU follows within about 0.1 s, the cache
# checks) to the first line /init prints, "linux-dom0: /init reached",
# polled in the serial log every 50 ms. Each run boots with
# linuxtest=boot, so dom0 powers off right after.
#
#   tests/linux/boot-time.sh [--xen417] [--runs N] PACKAGE...
#
# Prints one line per run and the median per package. Needs make
# linux-tests. The figures are QEMU TCG on a shared host: compare runs
# made side by side, not with figures from another day.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
runs=3
hv=()
hv_name=xen-like
while [ $# -gt 0 ]; do
	case "$1" in
	--xen417) hv=(--xen417); hv_name=xen-4.17; shift ;;
	--runs) runs=$2; shift 2 ;;
	-*) echo "boot-time: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || { echo "usage: tests/linux/boot-time.sh [--xen417] [--runs N] PACKAGE..." >&2; exit 2; }

for pkg in "$@"; do
	times=()
	for i in $(seq 1 "$runs"); do
		name=boot-time-$pkg-$hv_name-$i
		log=$top/build/tests/$name.log
		rm -f "$log"
		start=$(date +%s%N)
		"$top/tests/linux/run.sh" "${hv[@]+"${hv[@]}"}" --boot-only --timeout 120 --name "$name" "$pkg" \
			> /dev/null 2>&1 &
		pid=$!
		t=""
		while kill -0 "$pid" 2> /dev/null; do
			if grep -q "linux-dom0: /init reached" "$log" 2> /dev/null; then
				t=$((($(date +%s%N) - start) / 1000000))
				break
			fi
			sleep 0.05
		done
		wait "$pid"
		if [ -z "$t" ]; then
			echo "$pkg on $hv_name, run $i: no /init marker (log $log)"
			continue
		fi
		printf '%s on %s, run %d: %d.%02d s to /init\n' "$pkg" "$hv_name" "$i" \
			$((t / 1000)) $((t % 1000 / 10))
		times+=("$t")
	done
	[ ${#times[@]} -gt 0 ] || continue
	med=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	printf '%s on %s: median %d.%02d s of %d run(s)\n' "$pkg" "$hv_name" \
		$((med / 1000)) $((med % 1000 / 10)) ${#times[@]}
done
