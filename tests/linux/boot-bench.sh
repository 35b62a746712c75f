#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The Linux dom0 boot benchmark: Debian's bzImage as dom0 on xen-like and
# on real Xen 4.17 in the same QEMU, side by side, to the /init marker
# (linuxtest=boot powers dom0 off right after it).
#
#   tests/linux/boot-bench.sh [--wall-runs N] [PACKAGE...]
#
# Two measures per hypervisor and kernel:
#  - instructions (icount): QEMU with -icount shift=0,sleep=off, where
#    the TSC advances one tick per instruction and both hypervisors
#    count time at 1 GHz, and both with console_timestamps=boot, so a
#    hypervisor line's timestamp is the instructions executed since
#    boot. "total" is the first hypervisor line after dom0's /init
#    marker (dom0 going down); "decompress" is xen-like's own figure
#    ("decompressed in N ms") and, for Xen, the time from "*** Building
#    a PV Dom0 ***" to "Dom0 kernel:" (decompression and the ELF parse);
#  - wall time (TCG, no icount), the median of N runs each
#    (tests/linux/boot-time.sh), the hypervisors alternating.
# Prints a table with the ratios xen-like / Xen 4.17 and writes it to
# build/bench/linux-boot.txt. Needs make all linux-tests.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
wall_runs=3
while [ $# -gt 0 ]; do
	case "$1" in
	--wall-runs) wall_runs=$2; shift 2 ;;
	-*) echo "boot-bench: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- linux-image-6.1.0-57-amd64 linux-image-6.1.0-57-cloud-amd64

# ts LINE: the seconds of a "(XEN) [    s.uuuuuu] ..." line, as microseconds.
ts() { sed -n 's/^(XEN) \[ *\([0-9]*\)\.\([0-9]*\)\].*/\1\2/p' <<< "$1" | sed 's/^0*//;s/^$/0/'; }

# icount_run HV PKG: prints "TOTAL_US DECOMP_US" (empty on failure).
icount_run() {
	local hv=$1 pkg=$2 name log xen=() total="" decomp="" a b
	[ "$hv" = xen-4.17 ] && xen=(--xen417)
	name=boot-bench-$pkg-$hv
	log=$top/build/tests/$name.log
	"$top/tests/linux/run.sh" "${xen[@]+"${xen[@]}"}" --boot-only --timeout 600 --name "$name" \
		--xen-arg console_timestamps=boot --qemu-arg -icount --qemu-arg shift=0,sleep=off \
		"$pkg" > /dev/null 2>&1
	total=$(ts "$(sed -n '/linux-dom0: \/init reached/,$p' "$log" | grep -m1 '^(XEN) \[')")
	if [ "$hv" = xen-like ]; then
		decomp=$(sed -n 's/.*decompressed in \([0-9]*\) ms.*/\1/p' "$log" | head -n 1)
		[ -n "$decomp" ] && decomp=$((decomp * 1000))
	else
		a=$(ts "$(grep -m1 'Building a PV Dom0' "$log")")
		b=$(ts "$(grep -m1 'Dom0 kernel:' "$log")")
		[ -n "$a" ] && [ -n "$b" ] && decomp=$((b - a))
	fi
	echo "$total ${decomp:-0}"
}

# ratio A B: A/B with two decimals.
ratio() { [ "${2:-0}" -gt 0 ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }' || echo n/a; }
# med V...: the median of the non-empty values.
med() { printf '%s\n' "$@" | grep . | sort -n | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'; }
# mi US: microseconds at 1 GHz as millions of instructions.
mi() { awk -v u="$1" 'BEGIN { printf "%.0f", u / 1000 }'; }

mkdir -p "$top/build/bench"
out=$top/build/bench/linux-boot.txt
{
	echo "Linux dom0 boot to /init, $(date -u +%Y-%m-%dT%H:%MZ), QEMU TCG"
	echo
	echo "| kernel | measure | xen-like | Xen 4.17 | ratio |"
	echo "|---|---|---|---|---|"
} > "$out"
for pkg in "$@"; do
	read -r xl_total xl_dec <<< "$(icount_run xen-like "$pkg")"
	read -r xen_total xen_dec <<< "$(icount_run xen-4.17 "$pkg")"
	short=${pkg#linux-image-}
	if [ -n "$xl_total" ] && [ -n "$xen_total" ]; then
		printf '| %s | instructions to dom0 power-off (M, icount) | %s | %s | %s |\n' "$short" \
			"$(mi "$xl_total")" "$(mi "$xen_total")" "$(ratio "$xl_total" "$xen_total")" >> "$out"
		printf '| %s | of which decompression (M, icount) | %s | %s | %s |\n' "$short" \
			"$(mi "$xl_dec")" "$(mi "$xen_dec")" "$(ratio "$xl_dec" "$xen_dec")" >> "$out"
		printf '| %s | the rest (M, icount) | %s | %s | %s |\n' "$short" \
			"$(mi $((xl_total - xl_dec)))" "$(mi $((xen_total - xen_dec)))" \
			"$(ratio $((xl_total - xl_dec)) $((xen_total - xen_dec)))" >> "$out"
	else
		echo "| $short | icount run failed (logs: build/tests/boot-bench-$pkg-*.log) | | | |" >> "$out"
	fi
	if [ "$wall_runs" -gt 0 ]; then
		xl=() xen=()
		for i in $(seq 1 "$wall_runs"); do
			xl+=("$("$top/tests/linux/boot-time.sh" --runs 1 "$pkg" | sed -n 's/.*median \([0-9.]*\) s.*/\1/p')")
			xen+=("$("$top/tests/linux/boot-time.sh" --xen417 --runs 1 "$pkg" | sed -n 's/.*median \([0-9.]*\) s.*/\1/p')")
		done
		m1=$(med "${xl[@]}") m2=$(med "${xen[@]}")
		printf '| %s | wall time to /init (s, median of %d) | %s | %s | %s |\n' "$short" "$wall_runs" \
			"${m1:-n/a}" "${m2:-n/a}" \
			"$(awk -v a="${m1:-0}" -v b="${m2:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "n/a" }')" >> "$out"
	fi
done
cat "$out"
