# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Sourced by scripts/bench.sh and bench/smoke.sh: the boot-time domUs a
# bench kernel declares, and the name filter both scripts take. A bench/<dir>/Makefile may have a line
#
#   DOMUS := domu name=pong mem=16M -- role=pong | domu name=... -- ...
#
# one "|"-separated field per domU (d1, d2, ... in order), each the
# command line of a module that is the same kernel again (as in
# tests/pv-multidomain.list, see docs/boot.md "Boot-time domains"). On
# xen-like they are boot-time domUs, and dom0's own module command line
# says how many came with it, "domus=N". Xen 4.17 has no boot-time
# domains: there dom0 gets its own image again as module 2 (its initrd)
# and "build-domus=N", and for each domU "dI=<what follows -- in its
# field, commas for spaces> dI-mem=<MiB from mem=, default 16>"; it
# builds them itself (guest-pv-abi's builder, bench/lib/peer.h). So the
# kernel never has to guess, and never makes xen-like's domctl on Xen
# nor Xen's on xen-like.

# bench_domus NAME: print the DOMUS value of the kernel whose Makefile
# says NAME := NAME (nothing if it has none).
bench_domus() {
	local mk
	for mk in bench/*/Makefile; do
		[ "$(sed -n 's/^NAME[[:space:]]*:\{0,1\}=[[:space:]]*//p' "$mk")" = "$1" ] || continue
		sed -n 's/^DOMUS[[:space:]]*:\{0,1\}=[[:space:]]*//p' "$mk"
		return
	done
}

# bench_modules KERNEL NAME HYPERVISOR: set the array bench_args to the
# tests/run options that load KERNEL (build/tests/bench-NAME) on
# HYPERVISOR (xen-like or xen-4.17), and bench_ndomus to the number of
# domUs that run with it. On xen-like with domUs: dom0's module with
# domus=N, one module per domU, and --verdict-from 0 (dom0's verdict
# must not go missing among the domUs'). On xen-4.17 with domUs: dom0's
# module with build-domus=N and each domU's command line and memory,
# then KERNEL again as module 2, the image dom0 builds them from (their
# console output is dropped by Xen: dom0 alone gives the verdict).
bench_modules() {
	local k=$1 name=$2 hv=$3 domus f fields args mem built=""
	bench_args=(--module "$k")
	bench_ndomus=0
	domus=$(bench_domus "$name")
	[ -n "$domus" ] || return 0
	IFS='|' read -ra fields <<< "$domus"
	bench_args=()
	for f in "${fields[@]}"; do
		f=$(sed 's/^[[:space:]]*//; s/[[:space:]]*$//' <<< "$f")
		[ -n "$f" ] || continue
		bench_ndomus=$((bench_ndomus + 1))
		if [ "$hv" = xen-like ]; then
			bench_args+=(--module "$k:$f")
			continue
		fi
		args=""
		[[ $f == *" -- "* ]] && args=${f#* -- }
		mem=$(sed -n 's/.*[[:space:]]mem=\([0-9]*\)M.*/\1/p' <<< " ${f%% -- *}")
		built+=" d$bench_ndomus=${args// /,} d$bench_ndomus-mem=${mem:-16}"
	done
	if [ "$hv" = xen-like ]; then
		bench_args=(--verdict-from 0 --module "$k:domus=$bench_ndomus" "${bench_args[@]}")
	else
		bench_args=(--module "$k:build-domus=$bench_ndomus$built" --module "$k")
	fi
}

# selected NAME: no filter given (the caller's array "filters"), or NAME
# contains one of them.
selected() {
	local f
	[ ${#filters[@]} -eq 0 ] && return 0
	for f in "${filters[@]}"; do
		[[ $1 == *"$f"* ]] && return 0
	done
	return 1
}
