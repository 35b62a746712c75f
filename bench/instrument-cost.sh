#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# The cost of xen-like's always-on hypercall counters (common/perfc.c) on
# the null hypercall: boots build/tests/bench-null-hypercall as dom0 on
# xen-like three times, under QEMU TCG with -icount shift=0,sleep=off (one
# TSC tick per instruction executed, so the figures are exact and the
# same on every run):
#   off      a build without them         make HCALL_STATS=n, into
#                                         build/nostats/ (the baseline)
#   on       (default)                    exact counts, histogram sampled
#                                         (hcall_sample=128 by default)
#   every    hcall_sample=1               every call timed
# and prints, per benchmark (null-syscall, null-page), the median and the
# mean instructions per call (the mean, from the BENCH-HIST line, includes
# the few timed calls) and the overhead against "off" in instructions and
# percent. Builds the baseline hypervisor itself; run make and make
# pv-tests first (or make bench) for the rest.
# Serial logs: build/tests/instrument-cost-<config>.log.
#
#   bench/instrument-cost.sh [--cmdline "XEN-LIKE OPTIONS"]
#     --cmdline   the hypervisor command line the three configurations
#                 add their option to (default: as scripts/bench.sh,
#                 $BENCH_XENLIKE_CMDLINE or console=com1 com1=115200,8n1
#                 dom0_mem=32M)
#
# Exit 0 if the three runs gave figures, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

base=${BENCH_XENLIKE_CMDLINE:-console=com1 com1=115200,8n1 dom0_mem=32M}
usage() { sed -n '3,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--cmdline) base=$2; shift 2 ;;
	-h|--help) usage ;;
	*) echo "instrument-cost.sh: unknown argument $1" >&2; usage ;;
	esac
done
kernel=build/tests/bench-null-hypercall
for f in build/xen-like "$kernel"; do
	[ -f "$f" ] || { echo "instrument-cost.sh: $f missing (run make and make pv-tests)" >&2; exit 1; }
done

if ! make -s BUILD=build/nostats HCALL_STATS=n build/nostats/xen-like > build/tests/instrument-cost-build.log 2>&1; then
	echo "instrument-cost.sh: building the baseline (make BUILD=build/nostats HCALL_STATS=n) failed:" >&2
	tail -20 build/tests/instrument-cost-build.log >&2
	exit 1
fi

configs=(off on every)
declare -A opt=([off]="" [on]="" [every]="hcall_sample=1")
declare -A hv=([off]=build/nostats/xen-like [on]=build/xen-like [every]=build/xen-like)
declare -A what=([off]="HCALL_STATS=n" [on]="(default)" [every]="hcall_sample=1")
declare -A median mean # [config/benchmark]
bad=0
for c in "${configs[@]}"; do
	log=build/tests/instrument-cost-$c.log
	tests/run --kernel "${hv[$c]}" --cmdline "$base ${opt[$c]}" --module "$kernel" --name "instrument-cost-$c" \
		--log "$log" --timeout 120 --qemu-arg -cpu --qemu-arg qemu64 \
		--qemu-arg -icount --qemu-arg "shift=0,sleep=off" > "$log.run" 2>&1
	rc=$?
	# name median mean, one line per benchmark: the median from BENCH, the
	# mean over the BENCH-HIST bins (each bin's value is its lower bound;
	# under icount every bin is one value wide, so this is exact).
	figures=$(awk '
		/BENCH name=/ { for (i = 1; i <= NF; i++) if ($i ~ /^(name|median)=/) f[$i ~ /^name/ ? "n" : "m"] = substr($i, index($i, "=") + 1)
				med[f["n"]] = f["m"] }
		/BENCH-HIST name=/ {
			n = ""; s = 0; k = 0
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^name=/) n = substr($i, 6)
				else if ($i ~ /^[0-9]+:[0-9]+$/) { split($i, b, ":"); s += b[1] * b[2]; k += b[2] }
			}
			if (k) avg[n] = s / k
		}
		END { for (n in med) if (n in avg) printf "%s %s %.2f\n", n, med[n], avg[n] }' "$log")
	if [ $rc -ne 0 ] || [ -z "$figures" ]; then
		echo "instrument-cost.sh: $c (${what[$c]}): FAILED, tests/run exit $rc, log $log" >&2
		bad=1
		continue
	fi
	while read -r n m a; do
		median[$c/$n]=$m
		mean[$c/$n]=$a
	done <<< "$figures"
done
[ $bad -eq 0 ] || exit 1

echo "Instrument cost on the null hypercall (xen-like, QEMU TCG -icount: instructions per call)"
printf '%-13s %-6s %-19s %7s %8s %18s %18s\n' benchmark config option median mean "median vs off" "mean vs off"
for n in null-syscall null-page; do
	for c in "${configs[@]}"; do
		[ -n "${median[$c/$n]:-}" ] || continue
		awk -v n="$n" -v c="$c" -v o="${what[$c]}" -v m="${median[$c/$n]}" -v a="${mean[$c/$n]}" \
			-v m0="${median[off/$n]}" -v a0="${mean[off/$n]}" 'BEGIN {
			printf "%-13s %-6s %-19s %7d %8.2f %+8d (%+5.1f%%) %+8.2f (%+5.1f%%)\n", n, c, o, m, a,
				m - m0, 100 * (m - m0) / m0, a - a0, 100 * (a - a0) / a0 }'
	done
done
