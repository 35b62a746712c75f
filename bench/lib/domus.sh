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

# bench_smp NAME HYPERVISOR: the SMP boot of the kernel whose Makefile
# says NAME := NAME, from its lines (read like DOMUS above)
#
#   SMP := 2               QEMU CPUs, i.e. pCPUs (tests/run --smp)
#   DOM0_VCPUS := 2        dom0's vCPUs, dom0_max_vcpus= (default: SMP)
#   DOM0_VCPUS_PIN := yes  dom0_vcpus_pin: dom0's vCPU n on pCPU n only
#
# on HYPERVISOR (xen-like or xen-4.17). Sets bench_smp_args to the
# tests/run options (--smp N), bench_smp_opts to the words the
# hypervisor's command line needs: dom0_max_vcpus=V, dom0_vcpus_pin if
# asked (both hypervisors spell them the same, docs/boot.md), and on Xen
# 4.17 sched=credit (as tests/run-all's SMP tests: its default credit2
# was seen to leave a runnable vCPU idle under TCG; credit is also what
# xen-like implements); and bench_smp_desc to a short description for
# the results, e.g. "QEMU -smp 2, 2 dom0 vCPUs, pinned". A kernel
# without SMP and DOM0_VCPUS gets none of it: empty args, opts and desc
# (one CPU, one vCPU, as before). Returns 1, with a message on stderr,
# if a value is not a positive number.
bench_smp() {
	local name=$1 hv=$2 mk smp="" vcpus="" pin=""
	# shellcheck disable=SC2034 # read by the scripts that source this file
	bench_smp_args=()
	bench_smp_opts=""
	bench_smp_desc=""
	for mk in bench/*/Makefile; do
		[ "$(sed -n 's/^NAME[[:space:]]*:\{0,1\}=[[:space:]]*//p' "$mk")" = "$name" ] || continue
		smp=$(sed -n 's/^SMP[[:space:]]*:\{0,1\}=[[:space:]]*//p' "$mk" | tr -d '[:space:]')
		vcpus=$(sed -n 's/^DOM0_VCPUS[[:space:]]*:\{0,1\}=[[:space:]]*//p' "$mk" | tr -d '[:space:]')
		pin=$(sed -n 's/^DOM0_VCPUS_PIN[[:space:]]*:\{0,1\}=[[:space:]]*//p' "$mk" | tr -d '[:space:]')
		break
	done
	[ -n "$smp$vcpus" ] || return 0
	smp=${smp:-1}
	vcpus=${vcpus:-$smp}
	if ! [[ $smp =~ ^[1-9][0-9]*$ && $vcpus =~ ^[1-9][0-9]*$ ]]; then
		echo "bench: bench kernel $name: SMP \"$smp\" and DOM0_VCPUS \"$vcpus\" must be positive numbers" >&2
		return 1
	fi
	# shellcheck disable=SC2034
	bench_smp_args=(--smp "$smp")
	bench_smp_opts="dom0_max_vcpus=$vcpus"
	bench_smp_desc="QEMU -smp $smp, $vcpus dom0 vCPUs"
	case $pin in
	yes | 1 | true)
		bench_smp_opts+=" dom0_vcpus_pin"
		bench_smp_desc+=", pinned (dom0_vcpus_pin)" ;;
	"" | no | 0 | false) ;;
	*)
		echo "bench: bench kernel $name: DOM0_VCPUS_PIN \"$pin\" must be yes or no" >&2
		return 1 ;;
	esac
	[ "$hv" = xen-4.17 ] && bench_smp_opts+=" sched=credit"
	return 0
}
