#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Long runs of the hypercall fuzzer (tests/fuzz-hcall) on xen-like, one
# QEMU boot per seed: `make fuzz SEEDS="1 2 3" N=20000` runs N iterations
# of each seed. A seed passes when dom0 prints its verdict after the last
# iteration with the hypervisor up. Otherwise the last "fuzz S/i:" line
# of its log names the call that was going in, and
#   tests/run --module "build/tests/test-fuzz-hcall:seed=S n=<i+1>"
# replays the run up to it (seed=S start=i n=1: that call alone).
# Logs: build/tests/fuzz-<seed>.log. Exit 0 if every seed passed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
seeds=${SEEDS:-1 2 3 4}
n=${N:-20000}
# TCG runs a few hundred calls a second with a line each; leave room.
timeout=${FUZZ_TIMEOUT:-$((60 + n / 50))}
k=build/tests/test-fuzz-hcall
[ -x "$k" ] || { echo "fuzz: $k missing (make pv-tests)" >&2; exit 2; }
bad=0
for s in $seeds; do
	tests/run --module "$k:seed=$s n=$n" --name "fuzz-$s" --timeout "$timeout" > /dev/null 2>&1
	rc=$?
	log=build/tests/fuzz-$s.log
	if [ "$rc" = 0 ]; then
		echo "fuzz: seed $s: $(grep -o '[0-9]* calls:.*' "$log" | tail -1)"
	else
		bad=$((bad + 1))
		echo "fuzz: seed $s: FAILED (tests/run exit $rc, log $log)"
		echo "      last call: $(grep -o 'fuzz [0-9]*/[0-9]*: .*' "$log" | tail -1)"
		grep -m3 -E 'Panic|FATAL|crash|Fail:' "$log" | sed 's/^/      /'
	fi
done
[ "$bad" = 0 ]
