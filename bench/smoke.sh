#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Smoke test of the bench kernels: each build/tests/bench-<name> boots
# once on xen-like (QEMU TCG, no icount: the figures mean nothing here)
# and must give the verdict SUCCESS and at least one BENCH line. One line
# per kernel; exit 0 if all pass, 1 otherwise (or if none are built).
# Serial logs: build/tests/bench-smoke-<name>.log.
#
#   bench/smoke.sh [FILTER]   only kernels whose name contains FILTER
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
filter=${1:-}
n=0 bad=0
for k in build/tests/bench-*; do
	[[ -f $k && -x $k ]] || continue
	name=${k#build/tests/bench-}
	[[ $name == *.* ]] && continue # logs and other files, not kernels
	[ -n "$filter" ] && [[ $name != *"$filter"* ]] && continue
	n=$((n + 1))
	log=build/tests/bench-smoke-$name.log
	tests/run --module "$k" --name "bench-smoke-$name" --log "$log" --timeout 60 > "$log.run" 2>&1
	rc=$?
	lines=$(grep -c 'BENCH name=' "$log")
	if [ $rc -eq 0 ] && [ "$lines" -gt 0 ]; then
		echo "bench-smoke: $name: PASS ($lines BENCH lines)"
	else
		bad=$((bad + 1))
		echo "Fail: bench-smoke: $name: expected SUCCESS and BENCH lines, got tests/run exit $rc and $lines BENCH lines (log $log)"
		grep -E 'Fail:|Error:|PANIC|Panic|Test result' "$log" | sed 's/^/      | /'
	fi
done
if [ $n -eq 0 ]; then
	echo "Fail: bench-smoke: expected bench kernels in build/tests/, got none (make pv-tests)"
	exit 1
fi
[ $bad -eq 0 ]
