# SPDX-License-Identifier: GPL-2.0-only
#
# Sourced (bash) by the benchmarks that boot Debian's dom0 once on each
# hypervisor in the same QEMU and compare the figures its checks print
# (tests/linux/dev-bench.sh, hw-bench.sh). Before sourcing, set $top (the
# repository) and $BENCH (the benchmark's name: its runs are logged as
# build/tests/$BENCH-<hypervisor>.log).
#
#   hvs             the two hypervisors, xen-like first
#   log HV          HV's log
#   bench_boot HV TIMEOUT KERNEL-ARG...
#                   boot HV with dom0 (linux-image-6.1.0-57-amd64) and the
#                   kernel arguments, under -icount shift=0,sleep=off (every
#                   clock counts instructions: figures are path lengths) and
#                   the same CPU model on both (max,-fsgsbase); say run.sh's
#                   exit status on stderr

pkg=linux-image-6.1.0-57-amd64
hvs=(xen-like xen-4.17)

log() { echo "$top/build/tests/$BENCH-$1.log"; }

bench_boot() {
	local hv=$1 timeout=$2 xen=() args=() a
	shift 2
	[ "$hv" = xen-4.17 ] && xen=(--xen417)
	for a in "$@"; do
		args+=(--linux-arg "$a")
	done
	"$top/tests/linux/run.sh" "${xen[@]+"${xen[@]}"}" --cpu max,-fsgsbase --timeout "$timeout" \
		--name "$BENCH-$hv" --qemu-arg -icount --qemu-arg shift=0,sleep=off "${args[@]}" \
		"$pkg" > /dev/null 2>&1
	echo "$BENCH: $hv: run.sh exit status $? (0: dom0's checks passed)" >&2
}
