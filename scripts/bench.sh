#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run every bench kernel (build/tests/bench-<name>, from bench/<name>/) as
# dom0 on xen-like and on real Xen 4.17, alternating (xen-like, Xen,
# xen-like, Xen, ...) for several rounds, all under QEMU TCG with
# -icount shift=0,sleep=off (one TSC tick per instruction, see
# docs/research.md), and write bench/results/<UTC date-time>/:
#   results.csv   benchmark,hypervisor,round,median,p99,min,unit
#   results.md    per benchmark: medians, ratio xen-like/Xen, p99s
#   multicall.png, multicall.svg   per-call cost against batch size
#                 (gnuplot; skipped with a message if it is missing)
#   logs/         every serial log
# Builds nothing: make bench builds the kernels first. Environment:
# BENCH_XENLIKE_CMDLINE (xen-like's command line), BENCH_TIMEOUT (seconds
# per boot, default 120), GNUPLOT (default gnuplot).
#
#   scripts/bench.sh [--rounds N] [--out DIR] [FILTER]
#     --rounds N   rounds of xen-like and Xen runs (default 3)
#     --out DIR    results directory (default bench/results/<date-time>)
#     FILTER       only bench kernels whose name contains FILTER
#
# Exit 0 if every run gave the verdict SUCCESS and at least one BENCH
# line, 1 otherwise (the results are written either way).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

rounds=3
out=""
filter=""
usage() { sed -n '3,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) rounds=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	-h|--help) usage ;;
	-*) echo "bench.sh: unknown option $1" >&2; usage ;;
	*) filter=$1; shift ;;
	esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --rounds needs a positive number" >&2; exit 2; }

kernels=()
for k in build/tests/bench-*; do
	[[ -f $k && -x $k ]] || continue
	name=${k#build/tests/bench-}
	[[ $name == *.* ]] && continue # logs and other files, not kernels
	[ -n "$filter" ] && [[ $name != *"$filter"* ]] && continue
	kernels+=("$name")
done
if [ ${#kernels[@]} -eq 0 ]; then
	echo "bench.sh: no bench kernels in build/tests/ (run make bench, or make pv-tests)" >&2
	exit 1
fi

stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
out=${out:-bench/results/$stamp}
mkdir -p "$out/logs" || exit 1
csv=$out/results.csv
echo "benchmark,hypervisor,round,median,p99,min,unit" > "$csv"

# The same QEMU options for both hypervisors (tests/run --xen417 adds
# -cpu qemu64 itself; repeating it is harmless). The hypervisor command
# lines differ only as each needs: Xen's is tests/run's --xen417 default
# (dom0_mem=32M), xen-like's gives dom0 the same memory.
qemu_args=(--qemu-arg -cpu --qemu-arg qemu64 --qemu-arg -icount --qemu-arg "shift=0,sleep=off")
xenlike_cmdline=${BENCH_XENLIKE_CMDLINE:-console=com1 com1=115200,8n1 dom0_mem=32M}
timeout_s=${BENCH_TIMEOUT:-120}
gnuplot=${GNUPLOT:-gnuplot}
hypervisors=(xen-like xen-4.17)
failed=()

# run_one KERNEL HYPERVISOR ROUND: boot, check, append the BENCH lines to the CSV.
run_one() {
	local k=$1 hv=$2 round=$3 log rc lines hvargs
	log=$out/logs/$k@$hv-r$round.log
	if [ "$hv" = xen-4.17 ]; then
		hvargs=(--xen417)
	else
		hvargs=(--cmdline "$xenlike_cmdline")
	fi
	tests/run "${hvargs[@]}" --module "build/tests/bench-$k" "${qemu_args[@]}" \
		--name "bench-$k@$hv" --log "$log" --timeout "$timeout_s" > "$log.run" 2>&1
	rc=$?
	lines=$(grep -o 'BENCH name=.*' "$log")
	if [ $rc -ne 0 ] || [ -z "$lines" ]; then
		failed+=("$k@$hv#$round")
		printf '  %-16s %-9s round %s: FAILED (tests/run exit %s, %s BENCH lines; log %s)\n' \
			"$k" "$hv" "$round" "$rc" "$(grep -c . <<< "$lines")" "$log"
		grep -E 'Fail:|Error:|PANIC|Panic|Test result' "$log" | sed 's/^/      | /'
		return
	fi
	printf '  %-16s %-9s round %s: %s\n' "$k" "$hv" "$round" \
		"$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^(name|median)=/) printf "%s ", substr($i, index($i, "=") + 1)}' <<< "$lines")"
	awk -v hv="$hv" -v round="$round" '{
		delete f
		for (i = 1; i <= NF; i++) {
			p = index($i, "=")
			if (p) f[substr($i, 1, p - 1)] = substr($i, p + 1)
		}
		printf "%s,%s,%s,%s,%s,%s,%s\n", f["name"], hv, round, f["median"], f["p99"], f["min"], f["unit"]
	}' <<< "$lines" >> "$csv"
}

echo "bench: ${#kernels[@]} kernels x ${#hypervisors[@]} hypervisors x $rounds rounds, QEMU TCG -icount shift=0,sleep=off"
echo "bench: results in $out"
for ((r = 1; r <= rounds; r++)); do
	echo "round $r"
	for k in "${kernels[@]}"; do
		for hv in "${hypervisors[@]}"; do
			run_one "$k" "$hv" "$r"
		done
	done
done

# results.md: the median over rounds of each run's median and p99.
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- xen-like 2>/dev/null || rev+=" (xen-like/ modified)"
{
	echo "# Benchmark results $stamp"
	echo
	echo "Figures are **instructions (icount)**: QEMU TCG with \`-icount shift=0,sleep=off\`"
	echo "makes the TSC advance one tick per instruction executed, so each figure is the"
	echo "instructions executed in guest and hypervisor for one operation (the empty rdtsc"
	echo "pair subtracted). They are not cycles and say nothing about time on hardware;"
	echo "they are comparable only side by side, as ratios (see docs/research.md)."
	echo
	echo "- xen-like: commit $rev; Xen 4.17: Debian's xen-hypervisor-4.17-amd64"
	echo "- $(qemu-system-x86_64 --version 2>/dev/null | head -1), -cpu qemu64, one vCPU, $rounds rounds (median of the rounds' figures)"
	echo "- samples per benchmark and round: $(awk -F'samples=' 'NF > 1 {split($2, a, " "); print a[1]; exit}' "$out"/logs/*.log 2>/dev/null)"
	if [ ${#failed[@]} -gt 0 ]; then
		echo "- **failed runs** (no figures from them): ${failed[*]}"
	fi
	echo
	echo "| benchmark | unit | xen-like median | Xen 4.17 median | ratio xen-like/Xen | xen-like p99 | Xen 4.17 p99 |"
	echo "|---|---|---:|---:|---:|---:|---:|"
	awk -F, 'NR > 1 {
		k = $1 SUBSEP $2
		if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
		unit[$1] = $7
		cnt[k]++; med[k, cnt[k]] = $4; p99[k, cnt[k]] = $5
	}
	function median(arr, k, c,   i, j, t, v) {
		if (!c) return ""
		for (i = 1; i <= c; i++) v[i] = arr[k, i] + 0
		for (i = 2; i <= c; i++)
			for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
		return c % 2 ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2
	}
	function show(x) { return x == "" ? "n/a" : x }
	END {
		for (i = 1; i <= n; i++) {
			b = order[i]; a = b SUBSEP "xen-like"; x = b SUBSEP "xen-4.17"
			am = median(med, a, cnt[a]); xm = median(med, x, cnt[x])
			ap = median(p99, a, cnt[a]); xp = median(p99, x, cnt[x])
			ratio = (am != "" && xm != "" && xm > 0) ? sprintf("%.2f", am / xm) : "n/a"
			printf "| %s | %s | %s | %s | %s | %s | %s |\n", b, unit[b], show(am), show(xm), ratio, show(ap), show(xp)
		}
	}' "$csv"
	echo
	echo "Units: tsc = instructions per operation; tsc/call = instructions per multicall"
	echo "entry (the whole multicall divided by its batch size). Ratio above 1: xen-like"
	echo "executes more instructions than Xen 4.17 for the operation."
} > "$out/results.md"

# The multicall batching curve.
awk -F, 'NR > 1 && $1 ~ /^multicall-[0-9]+$/ {
	b = substr($1, 11) + 0; k = b SUBSEP $2
	if (!(b in seen)) { seen[b] = 1; bs[++n] = b }
	c[k]++; v[k, c[k]] = $4 + 0
}
function median(k,   i, j, t, w, m) {
	m = c[k]; if (!m) return "NaN"
	for (i = 1; i <= m; i++) w[i] = v[k, i]
	for (i = 2; i <= m; i++)
		for (j = i; j > 1 && w[j - 1] > w[j]; j--) { t = w[j]; w[j] = w[j - 1]; w[j - 1] = t }
	return m % 2 ? w[(m + 1) / 2] : (w[m / 2] + w[m / 2 + 1]) / 2
}
END {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && bs[j - 1] > bs[j]; j--) { t = bs[j]; bs[j] = bs[j - 1]; bs[j - 1] = t }
	print "# batch xen-like xen-4.17 (median instructions per entry)"
	for (i = 1; i <= n; i++) print bs[i], median(bs[i] SUBSEP "xen-like"), median(bs[i] SUBSEP "xen-4.17")
}' "$csv" > "$out/multicall.dat"
if [ "$(grep -vc '^#' "$out/multicall.dat")" -eq 0 ]; then
	echo "bench: no multicall figures, no plot"
elif ! command -v "$gnuplot" > /dev/null 2>&1; then
	echo "bench: gnuplot not found (Debian package gnuplot-nox): skipping the plots; data in $out/multicall.dat"
else
	plot() { # plot TERMINAL FILE
		"$gnuplot" <<-EOF
			set terminal $1 size 800,500 noenhanced
			set output "$2"
			set title "Multicall batching: xen_version(XENVER_version) entries"
			set xlabel "batch size (entries per multicall)"
			set ylabel "instructions (icount) per entry, median"
			set logscale x 2
			set xrange [0.8:80]
			set xtics (1, 2, 4, 8, 16, 32, 64)
			set yrange [0:*]
			set grid
			set key top right
			plot "$out/multicall.dat" using 1:2 with linespoints lw 2 pt 7 title "xen-like", \
			     "" using 1:3 with linespoints lw 2 pt 5 title "Xen 4.17"
		EOF
	}
	png_term=pngcairo
	"$gnuplot" -e 'set terminal' 2>&1 | grep -qw pngcairo || png_term=png
	if plot "$png_term" "$out/multicall.png" && plot svg "$out/multicall.svg"; then
		echo "bench: plots $out/multicall.png, $out/multicall.svg"
	else
		echo "bench: gnuplot failed; data in $out/multicall.dat"
	fi
fi

echo
cat "$out/results.md"
if [ ${#failed[@]} -gt 0 ]; then
	echo "bench: ${#failed[@]} runs failed: ${failed[*]}"
	exit 1
fi
exit 0
