#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# Run every bench kernel (build/tests/bench-<name>, from bench/<name>/) as
# dom0 on xen-like and on real Xen 4.17, alternating (xen-like, Xen,
# xen-like, Xen, ...) for several rounds, all under QEMU TCG with
# -icount shift=0,sleep=off (one TSC tick per instruction, see
# docs/research.md), and write bench/results/<UTC date-time>/:
#   results.csv   benchmark,hypervisor,round,median,p99,min,unit (median,
#                 p99 and min are n/a for a benchmark the hypervisor cannot
#                 run: its BENCH line says unavailable=<reason>)
#   histograms.csv  benchmark,hypervisor,round,samples,width,value,count:
#                 the BENCH-HIST bins (count samples in [value, value+width))
#   unavailable.csv  benchmark,hypervisor,round,reason of every n/a
#   results.md    per benchmark: medians, ratio xen-like/Xen, p99s
#   <family>.png, <family>.svg, <family>.dat   per-operation cost (median
#                 and p99) against batch size, for each family of batched
#                 benchmarks <family>-<N> (multicall, mmu-update)
#   hist/<benchmark>.png, .svg, @<hypervisor>.dat   the distribution of
#                 each benchmark's samples, both hypervisors on one plot
#                 (plots need gnuplot; skipped with a message if missing)
#   logs/         every serial log
# A kernel that declares boot-time domUs (DOMUS in its bench/<dir>/Makefile,
# see bench/lib/domus.sh) boots with them on xen-like; on Xen 4.17, which
# has no boot-time domains, dom0 gets its own image as module 2 and
# builds the same domUs with the guest library's domain builder
# (docs/research.md, "Two-domain benchmarks"). Booted with neither, such a
# kernel reports its two-domain benchmarks unavailable (n/a, no ratio). A kernel that declares
# an SMP boot (SMP, DOM0_VCPUS, DOM0_VCPUS_PIN in its Makefile, see
# bench_smp in bench/lib/domus.sh) boots with QEMU -smp N and
# dom0_max_vcpus=V (and dom0_vcpus_pin) on both hypervisors, Xen 4.17 also
# with sched=credit; the others with one CPU and one vCPU.
# Builds nothing: make bench builds the kernels first. Environment:
# BENCH_XENLIKE_CMDLINE (xen-like's command line), BENCH_TIMEOUT (seconds
# per boot, default 120), GNUPLOT (default gnuplot).
#
#   scripts/bench.sh [--rounds N] [--out DIR] [FILTER...]
#     --rounds N   rounds of xen-like and Xen runs (default 3)
#     --out DIR    results directory (default bench/results/<date-time>)
#     FILTER...    only bench kernels whose name contains one of them
#                  (a kernel's full name, e.g. evtchn-loopback, selects it)
#
# Exit 0 if every run gave the verdict SUCCESS and at least one BENCH
# line, 1 otherwise (the results are written either way).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

rounds=3
out=""
filters=()
usage() { sed -n '3,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) rounds=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	-h|--help) usage ;;
	-*) echo "bench.sh: unknown option $1" >&2; usage ;;
	*) filters+=("$1"); shift ;;
	esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "bench.sh: --rounds needs a positive number" >&2; exit 2; }
# shellcheck source=bench/lib/domus.sh
. bench/lib/domus.sh


kernels=()
for k in build/tests/bench-*; do
	[[ -f $k && -x $k ]] || continue
	name=${k#build/tests/bench-}
	[[ $name == *.* ]] && continue # logs and other files, not kernels
	selected "$name" || continue
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
hcsv=$out/histograms.csv
echo "benchmark,hypervisor,round,samples,width,value,count" > "$hcsv"
ucsv=$out/unavailable.csv
echo "benchmark,hypervisor,round,reason" > "$ucsv"

# The same QEMU options for both hypervisors (tests/run --xen417 adds
# -cpu qemu64 itself; repeating it is harmless). The hypervisor command
# lines differ only as each needs: Xen's is tests/run's --xen417 default
# (dom0_mem=32M), xen-like's gives dom0 the same memory.
qemu_args=(--qemu-arg -cpu --qemu-arg qemu64 --qemu-arg -icount --qemu-arg "shift=0,sleep=off")
xenlike_cmdline=${BENCH_XENLIKE_CMDLINE:-console=com1 com1=115200,8n1 dom0_mem=32M}
# Xen's for an SMP kernel: tests/run's --xen417 default without its
# dom0_max_vcpus=1, to which bench_smp adds the kernel's options.
xen417_smp_cmdline="console=com1 com1=115200,8n1 dom0_mem=32M,max:32M noreboot loglvl=all guest_loglvl=all"
timeout_s=${BENCH_TIMEOUT:-120}
gnuplot=${GNUPLOT:-gnuplot}
hypervisors=(xen-like xen-4.17)
failed=()

# run_one KERNEL HYPERVISOR ROUND: boot, check, append the BENCH lines to the CSV.
run_one() {
	local k=$1 hv=$2 round=$3 log rc lines hvargs
	log=$out/logs/$k@$hv-r$round.log
	# Its SMP boot, if it declares one (bench_smp_args, bench_smp_opts).
	if ! bench_smp "$k" "$hv"; then
		failed+=("$k@$hv#$round")
		printf '  %-19s %-9s round %s: FAILED (bad SMP metadata in its Makefile)\n' "$k" "$hv" "$round"
		return
	fi
	if [ "$hv" = xen-4.17 ]; then
		hvargs=(--xen417)
		[ -n "$bench_smp_opts" ] && hvargs+=(--cmdline "$xen417_smp_cmdline $bench_smp_opts")
	else
		hvargs=(--cmdline "$xenlike_cmdline${bench_smp_opts:+ $bench_smp_opts}")
	fi
	# The kernel as dom0, with its domUs on xen-like (bench_args, bench_ndomus).
	bench_modules "build/tests/bench-$k" "$k" "$hv"
	tests/run "${hvargs[@]}" "${bench_args[@]}" "${bench_smp_args[@]}" "${qemu_args[@]}" \
		--name "bench-$k@$hv" --log "$log" --timeout "$timeout_s" > "$log.run" 2>&1
	rc=$?
	lines=$(grep -o 'BENCH name=.*' "$log") # not BENCH-HIST lines
	if [ $rc -ne 0 ] || [ -z "$lines" ]; then
		failed+=("$k@$hv#$round")
		printf '  %-19s %-9s round %s: FAILED (tests/run exit %s, %s BENCH lines; log %s)\n' \
			"$k" "$hv" "$round" "$rc" "$(grep -c . <<< "$lines")" "$log"
		grep -E 'Fail:|Error:|PANIC|Panic|Test result' "$log" | sed 's/^/      | /'
		return
	fi
	printf '  %-19s %-9s round %s:%s%s %s\n' "$k" "$hv" "$round" \
		"$([ "$bench_ndomus" -gt 0 ] && echo " (+$bench_ndomus domU)")" \
		"${bench_smp_desc:+ ($bench_smp_desc)}" "$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^(name|median)=/) printf "%s ", substr($i, index($i, "=") + 1)
			 if ($0 ~ / unavailable=/) printf "n/a "}' <<< "$lines")"
	# A BENCH line with unavailable=<reason> has no figures: n/a in the CSV.
	awk -v hv="$hv" -v round="$round" -v ucsv="$ucsv" '{
		delete f
		for (i = 1; i <= NF; i++) {
			p = index($i, "=")
			if (p) f[substr($i, 1, p - 1)] = substr($i, p + 1)
		}
		if ("unavailable" in f) {
			f["median"] = f["p99"] = f["min"] = "n/a"
			printf "%s,%s,%s,%s\n", f["name"], hv, round, f["unavailable"] >> ucsv
		}
		printf "%s,%s,%s,%s,%s,%s,%s\n", f["name"], hv, round, f["median"], f["p99"], f["min"], f["unit"]
	}' <<< "$lines" >> "$csv"
	grep -o 'BENCH-HIST name=.*' "$log" | awk -v hv="$hv" -v round="$round" '{
		delete f
		for (i = 2; i <= NF; i++) {
			p = index($i, "=")
			if (p) { f[substr($i, 1, p - 1)] = substr($i, p + 1); continue }
			split($i, b, ":")
			printf "%s,%s,%s,%s,%s,%s,%s\n", f["name"], hv, round, f["samples"], f["width"], b[1], b[2]
		}
	}' >> "$hcsv"
}

# The SMP kernels among them, for the header of results.md.
smp_kernels=()
for k in "${kernels[@]}"; do
	bench_smp "$k" xen-like 2> /dev/null && [ -n "$bench_smp_desc" ] && smp_kernels+=("$k: $bench_smp_desc")
done

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

# The median over rounds of each run's median and p99, per benchmark (in
# the order first seen), one line each: name, unit, xen-like median, Xen
# median, xen-like p99, Xen p99, tab-separated; "n/a" where no run gave a
# figure (unavailable on that hypervisor, or every run failed).
summary=$(awk -F, 'NR > 1 {
	k = $1 SUBSEP $2
	if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
	unit[$1] = $7
	if ($4 == "n/a") next
	cnt[k]++; med[k, cnt[k]] = $4; p99[k, cnt[k]] = $5
}
function median(arr, k, c,   i, j, t, v) {
	if (!c) return "n/a"
	for (i = 1; i <= c; i++) v[i] = arr[k, i] + 0
	for (i = 2; i <= c; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
	return c % 2 ? v[(c + 1) / 2] : (v[c / 2] + v[c / 2 + 1]) / 2
}
END {
	for (i = 1; i <= n; i++) {
		b = order[i]; a = b SUBSEP "xen-like"; x = b SUBSEP "xen-4.17"
		printf "%s\t%s\t%s\t%s\t%s\t%s\n", b, unit[b], median(med, a, cnt[a]), median(med, x, cnt[x]),
			median(p99, a, cnt[a]), median(p99, x, cnt[x])
	}
}' "$csv")

have_gnuplot=1
if ! command -v "$gnuplot" > /dev/null 2>&1; then
	have_gnuplot=0
	echo "bench: gnuplot not found (Debian package gnuplot-nox): skipping the plots; their data is in $out"
else
	png_term=pngcairo
	"$gnuplot" -e 'set terminal' 2>&1 | grep -qw pngcairo || png_term=png
fi
plots=()

# Batching curves: every family of batched benchmarks <family>-<N> (unit
# tsc/call) gets <family>.dat (batch, then median and p99 on each
# hypervisor, NaN for n/a) and a plot of per-operation cost against batch
# size, medians solid and p99s dashed.
families=$(awk -F'\t' '$2 == "tsc/call" && $1 ~ /-[0-9]+$/ {
	f = $1; sub(/-[0-9]+$/, "", f); if (!seen[f]++) print f }' <<< "$summary")
plot_batch() { # plot_batch TERMINAL FILE FAMILY DAT MAXBATCH
	local title xlabel tics="" b
	case $3 in
	multicall)
		title="Multicall batching: xen_version(XENVER_version) entries"
		xlabel="batch size (entries per multicall)" ;;
	mmu-update)
		title="mmu_update batching: MMU_NORMAL_PT_UPDATE of L1 entries (read-write <-> read-only)"
		xlabel="batch size (requests per mmu_update)" ;;
	*)
		title="$3 batching"
		xlabel="batch size (operations per hypercall)" ;;
	esac
	for ((b = 1; b <= $5; b *= 2)); do tics+="${tics:+, }$b"; done
	"$gnuplot" <<-EOF
		set terminal $1 size 800,500 noenhanced
		set output "$2"
		set title "$title"
		set xlabel "$xlabel"
		set ylabel "instructions (icount) per operation"
		set logscale x 2
		set xrange [0.8:$(($5 * 5 / 4 + 1))]
		set xtics ($tics)
		set yrange [0:*]
		set grid
		set key top right
		set datafile missing "NaN"
		plot "$4" using 1:2 with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "xen-like median", \
		     "" using 1:3 with linespoints lw 2 pt 5 lc rgb "#ff7f0e" title "Xen 4.17 median", \
		     "" using 1:4 with linespoints lw 1 dt 2 pt 6 lc rgb "#1f77b4" title "xen-like p99", \
		     "" using 1:5 with linespoints lw 1 dt 2 pt 4 lc rgb "#ff7f0e" title "Xen 4.17 p99"
	EOF
}
for fam in $families; do
	dat=$out/$fam.dat
	awk -F'\t' -v f="$fam" 'function v(x) { return x == "n/a" ? "NaN" : x }
		substr($1, 1, length(f) + 1) == f "-" && substr($1, length(f) + 2) ~ /^[0-9]+$/ {
			print substr($1, length(f) + 2), v($3), v($4), v($5), v($6) }' <<< "$summary" |
		sort -n | { echo "# batch xen-like-median xen-4.17-median xen-like-p99 xen-4.17-p99 (instructions per operation, NaN: n/a)"; cat; } > "$dat"
	maxb=$(awk '!/^#/ { m = $1 } END { print m + 0 }' "$dat")
	[ $have_gnuplot -eq 1 ] || continue
	if plot_batch "$png_term" "$out/$fam.png" "$fam" "$dat" "$maxb" 2> "$out/$fam.gnuplot.log" &&
		plot_batch svg "$out/$fam.svg" "$fam" "$dat" "$maxb" 2>> "$out/$fam.gnuplot.log"; then
		plots+=("$fam.png" "$fam.svg")
	else
		echo "bench: gnuplot failed on the $fam curve (see $out/$fam.gnuplot.log); data in $dat"
	fi
done

# Histograms: for each benchmark and hypervisor, the BENCH-HIST bins of all
# rounds summed into hist/<benchmark>@<hypervisor>.dat (bin start, width,
# fraction of the samples, then where and how wide to draw the box: a
# one-instruction bin would be invisible next to a wide range, so boxes get
# a minimum drawn width), and one plot per benchmark with both
# hypervisors' boxes overlaid (translucent). One line per benchmark on
# stdout: name, x range, whether x is logarithmic (for a range over a
# factor 8, a far outlier), the y floor, and which hypervisors have data.
mkdir -p "$out/hist"
hist_meta=$(awk -F, -v dir="$out/hist" 'NR > 1 {
	b = $1; hv = $2; k = b SUBSEP hv
	if (!(b in seen)) { seen[b] = 1; order[++n] = b }
	if (!((k, $3) in rounds)) { rounds[k, $3] = 1; total[k] += $4 }
	bin = k SUBSEP $6 SUBSEP $5
	if (!(bin in cnt)) { nb[k]++; bv[k, nb[k]] = $6 + 0; bw[k, nb[k]] = $5 + 0 }
	cnt[bin] += $7
}
END {
	for (i = 1; i <= n; i++) {
		b = order[i]; lo = -1; hi = 0; maxtot = 0; has = ""
		for (h = 1; h <= 2; h++) {
			k = b SUBSEP (h == 1 ? "xen-like" : "xen-4.17")
			if (!nb[k]) continue
			has = has (h == 1 ? "xen-like " : "xen-4.17 ")
			if (total[k] > maxtot) maxtot = total[k]
			for (j = 1; j <= nb[k]; j++) {
				if (lo < 0 || bv[k, j] < lo) lo = bv[k, j]
				if (bv[k, j] + bw[k, j] > hi) hi = bv[k, j] + bw[k, j]
			}
		}
		if (has == "") continue
		logx = lo > 0 && hi / lo > 8
		if (logx) { xmin = lo / 1.15; xmax = hi * 1.15 }
		else { pad = (hi - lo) * 0.08; if (pad < 3) pad = 3; xmin = lo - pad; xmax = hi + pad; if (xmin < 0) xmin = 0 }
		for (h = 1; h <= 2; h++) {
			name = h == 1 ? "xen-like" : "xen-4.17"; k = b SUBSEP name
			if (!nb[k]) continue
			f = dir "/" b "@" name ".dat"
			print "# value width fraction center drawn-width (" total[k] " samples)" > f
			for (j = 1; j <= nb[k]; j++) {
				v = bv[k, j]; w = bw[k, j]; c = v + (w - 1) / 2
				dw = logx ? c * 0.012 : (xmax - xmin) / 120
				if (dw < w) dw = w
				printf "%d %d %.6g %.6g %.6g\n", v, w, cnt[k SUBSEP v SUBSEP w] / total[k], c, dw > f
			}
			close(f)
		}
		printf "%s\t%g\t%g\t%d\t%g\t%s\n", b, xmin, xmax, logx, 0.5 / maxtot, has
	}
}' "$out/histograms.csv")
plot_hist() { # plot_hist TERMINAL FILE BENCHMARK XMIN XMAX LOGX YMIN HYPERVISORS...
	local term=$1 file=$2 b=$3 xmin=$4 xmax=$5 logx=$6 ymin=$7 unit curves="" label="" hv title color
	shift 7
	unit=$(awk -F'\t' -v b="$b" '$1 == b { print $2 }' <<< "$summary")
	for hv in xen-like xen-4.17; do
		title=xen-like color="#1f77b4"
		[ "$hv" = xen-4.17 ] && title="Xen 4.17" color="#ff7f0e"
		if [[ " $* " == *" $hv "* ]]; then
			curves+="${curves:+, }\"$out/hist/$b@$hv.dat\" using 4:3:5 with boxes lc rgb \"$color\" title \"$title\""
		else
			label="set label \"$title: no figures (n/a)\" at graph 0.02, graph 0.95"
		fi
	done
	"$gnuplot" <<-EOF
		set terminal $term size 800,500 noenhanced
		set output "$file"
		set title "$b: distribution of the samples (all rounds)"
		set xlabel "instructions (icount) per operation$([ "$unit" = tsc/call ] && echo ", sample / batch size")"
		set ylabel "fraction of the samples (log scale)"
		$([ "$logx" = 1 ] && echo "set logscale x")
		set xrange [$xmin:$xmax]
		set logscale y
		set yrange [$ymin:8]
		set ytics ("0.0001" 0.0001, "0.001" 0.001, "0.01" 0.01, "0.1" 0.1, "1" 1)
		set style fill transparent solid 0.45 border
		set grid
		set key top right
		$label
		plot $curves
	EOF
}
nhist=0
if [ $have_gnuplot -eq 1 ]; then
	while IFS=$'\t' read -r b xmin xmax logx ymin has; do
		[ -n "$b" ] || continue
		# shellcheck disable=SC2086 # $has is a list of hypervisors
		if plot_hist "$png_term" "$out/hist/$b.png" "$b" "$xmin" "$xmax" "$logx" "$ymin" $has 2>> "$out/hist/gnuplot.log" &&
			plot_hist svg "$out/hist/$b.svg" "$b" "$xmin" "$xmax" "$logx" "$ymin" $has 2>> "$out/hist/gnuplot.log"; then
			nhist=$((nhist + 1))
		else
			echo "bench: gnuplot failed on the $b histogram (see $out/hist/gnuplot.log)"
		fi
	done <<< "$hist_meta"
	[ $nhist -gt 0 ] && plots+=("hist/<benchmark>.png" "hist/<benchmark>.svg ($nhist benchmarks)")
fi

# results.md
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
	echo "- $(qemu-system-x86_64 --version 2>/dev/null | head -1), -cpu qemu64, $rounds rounds (median of the rounds' figures)"
	if [ ${#smp_kernels[@]} -eq 0 ]; then
		echo "- one CPU, dom0 with one vCPU"
	else
		echo "- one CPU, dom0 with one vCPU, except these kernels (SMP in their Makefiles; Xen 4.17"
		echo "  booted with sched=credit for them): $(printf '%s; ' "${smp_kernels[@]}" | sed 's/; $//')."
		echo "  With several QEMU CPUs the TSC (icount) counts the instructions of every CPU"
		echo "  in the interval, idle loops included (docs/research.md, \"Caveats\")"
	fi
	echo "- samples per benchmark and round: $(grep -ho 'BENCH name=.* samples=[0-9]*' "$out"/logs/*.log 2>/dev/null |
		sed 's/.*samples=//' | sort -n | uniq | awk 'NR == 1 { lo = $1 } { hi = $1 } END {
			if (NR == 1) print lo; else if (NR > 1) print lo " to " hi " (the larger batches take fewer; see samples= in the logs)" }')"
	if [ ${#failed[@]} -gt 0 ]; then
		echo "- **failed runs** (no figures from them): ${failed[*]}"
	fi
	awk -F, 'NR > 1 { k = $2 " (" $4 ")"; if (!(k in s)) { s[k] = 1; o[++n] = k }
		if (!(($2, $4, $1) in b)) { b[$2, $4, $1] = 1; l[k] = l[k] (l[k] == "" ? "" : ", ") $1 } }
		END { for (i = 1; i <= n; i++) printf "- **unavailable** on %s, shown as n/a: %s\n", o[i], l[o[i]] }' "$ucsv"
	if grep -q ',no-boot-time-domU$' "$ucsv"; then
		echo "- no-boot-time-domU: a two-domain benchmark booted without its peer: neither a"
		echo "  boot-time domU (xen-like, docs/boot.md) nor its own image as module 2 for dom0 to"
		echo "  build one from (Xen 4.17; see bench/lib/domus.sh). No figure, no ratio."
	fi
	echo
	echo "| benchmark | unit | xen-like median | Xen 4.17 median | ratio xen-like/Xen | xen-like p99 | Xen 4.17 p99 |"
	echo "|---|---|---:|---:|---:|---:|---:|"
	awk -F'\t' '{
		ratio = ($3 != "n/a" && $4 != "n/a" && $4 > 0) ? sprintf("%.2f", $3 / $4) : "n/a"
		printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, ratio, $5, $6
	}' <<< "$summary"
	echo
	echo "Units: tsc = instructions per operation; tsc/call = instructions per operation of"
	echo "a batch (a multicall entry, an mmu_update request: the whole hypercall divided by"
	echo "its batch size; a domain switch: a yield that switched there and back, halved)."
	echo "Ratio above 1: xen-like executes more instructions than Xen 4.17"
	echo "for the operation. n/a: no figure (the hypervisor cannot run it, or the runs failed)."
	if [ -n "$families" ]; then
		echo
		echo "Batching: the per-operation median at the largest batch as a share of batch size 1"
		echo "(issue 8's goal for mmu_update: at most 5% at 2048)."
		echo
		for fam in $families; do
			awk -v f="$fam" '!/^#/ { if (!n++) { b1 = $0 } last = $0 }
				function pct(a, b) { return (a == "NaN" || b == "NaN" || b == 0) ? "n/a" : sprintf("%.0f%%", 100 * a / b) }
				END {
					if (!n) exit
					split(b1, s); split(last, l)
					printf "- %s-%s vs %s-%s: xen-like %s, Xen 4.17 %s\n", f, l[1], f, s[1], pct(l[2], s[2]), pct(l[3], s[3])
				}' "$out/$fam.dat"
		done
	fi
	if [ ${#plots[@]} -gt 0 ]; then
		echo
		echo "Plots (gnuplot): ${plots[*]}"
	fi
} > "$out/results.md"

echo
cat "$out/results.md"
if [ ${#failed[@]} -gt 0 ]; then
	echo "bench: ${#failed[@]} runs failed: ${failed[*]}"
	exit 1
fi
exit 0
