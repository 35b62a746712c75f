#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Smoke test of the bench kernels: each build/tests/bench-<name> boots
# once on xen-like (QEMU TCG, no icount: the figures mean nothing here)
# and must give the verdict SUCCESS and at least one BENCH line with
# figures. A BENCH line without figures (unavailable=<reason>: the
# hypervisor answered -ENOSYS) fails the kernel unless its benchmark is
# listed in may_be_unavailable below. A kernel that declares boot-time
# domUs (DOMUS in its Makefile, see bench/lib/domus.sh) boots with them,
# so its two-domain benchmarks must give figures too; one that declares
# an SMP boot (SMP, DOM0_VCPUS, DOM0_VCPUS_PIN, see bench_smp there)
# boots with QEMU -smp N and dom0_max_vcpus=V (dom0_vcpus_pin), and with
# single-threaded TCG unless ACCEL says otherwise: multi-threaded TCG on
# a two-core shared host makes every wake-up of the other CPU wait for
# the host to run its thread (evtchn-xcpu took 16 s instead of 1). One line per
# kernel; exit 0 if all pass, 1 otherwise (or if none are built).
# Serial logs: build/tests/bench-smoke-<name>.log.
#
#   bench/smoke.sh [FILTER...]   only kernels whose name contains a FILTER
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
filters=("$@")
# shellcheck source=bench/lib/domus.sh
. bench/lib/domus.sh


# Benchmarks xen-like may still report as unavailable, as glob patterns on
# the benchmark name, each with the hypercall it waits for. Delete the
# line when that hypercall lands: from then on the benchmark must give
# figures here like every other.
may_be_unavailable=(
)

declare -A na_seen # pattern -> 1 once a benchmark it allows was unavailable

# allowed_na NAME: is benchmark NAME in may_be_unavailable? (Records the pattern.)
allowed_na() {
	local p
	for p in "${may_be_unavailable[@]}"; do
		# shellcheck disable=SC2053 # $p is a glob on purpose
		if [[ $1 == $p ]]; then
			na_seen[$p]=1
			return 0
		fi
	done
	return 1
}

n=0 bad=0
for k in build/tests/bench-*; do
	[[ -f $k && -x $k ]] || continue
	name=${k#build/tests/bench-}
	[[ $name == *.* ]] && continue # logs and other files, not kernels
	selected "$name" || continue
	n=$((n + 1))
	log=build/tests/bench-smoke-$name.log
	bench_modules "$k" "$name" xen-like
	with=""
	[ "$bench_ndomus" -gt 0 ] && with=", dom0 + $bench_ndomus domU"
	smp_args=()
	accel=${ACCEL:-tcg}
	if ! bench_smp "$name" xen-like; then
		bad=$((bad + 1))
		echo "Fail: bench-smoke: $name: expected SMP metadata tests/run can use, got the error above"
		continue
	fi
	if [ -n "$bench_smp_opts" ]; then
		smp_args=("${bench_smp_args[@]}" --cmdline "console=com1 com1=115200,8n1 $bench_smp_opts")
		with+=", $bench_smp_desc"
		[ "$accel" = tcg ] && accel=tcg,thread=single
	fi
	ACCEL=$accel tests/run "${bench_args[@]}" "${smp_args[@]}" --name "bench-smoke-$name" --log "$log" --timeout 60 > "$log.run" 2>&1
	rc=$?
	lines=$(grep -c 'BENCH name=.* median=' "$log")
	na_ok=() na_bad=()
	while read -r b; do
		[ -n "$b" ] || continue
		if allowed_na "$b"; then na_ok+=("$b"); else na_bad+=("$b"); fi
	done < <(grep -o 'BENCH name=[^ ]* .*unavailable=' "$log" | sed 's/BENCH name=\([^ ]*\) .*/\1/')
	if [ $rc -eq 0 ] && [ "$lines" -gt 0 ] && [ ${#na_bad[@]} -eq 0 ]; then
		echo "bench-smoke: $name: PASS ($lines BENCH lines$with${na_ok[0]:+, ${#na_ok[@]} unavailable as allowed: ${na_ok[0]}...${na_ok[-1]}})"
	else
		bad=$((bad + 1))
		echo "Fail: bench-smoke: $name: expected SUCCESS and BENCH lines with figures, got tests/run exit $rc, $lines BENCH lines with figures${na_bad[0]:+ and unavailable: ${na_bad[*]}} (log $log)"
		grep -E 'Fail:|Error:|PANIC|Panic|Test result|unavailable=' "$log" | sed 's/^/      | /'
	fi
done
# A pattern nothing matched in a full run: its hypercall has landed.
for p in "${may_be_unavailable[@]}"; do
	[ ${#filters[@]} -eq 0 ] && [ -z "${na_seen[$p]:-}" ] &&
		echo "bench-smoke: note: no benchmark matching '$p' was unavailable: remove it from may_be_unavailable in bench/smoke.sh"
done
if [ $n -eq 0 ]; then
	echo "Fail: bench-smoke: expected bench kernels in build/tests/, got none (make pv-tests)"
	exit 1
fi
[ $bad -eq 0 ]
