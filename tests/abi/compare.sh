#!/bin/bash
# SPDX-License-Identifier: MIT
#
# compare.sh XEN OURS LOG: compare the outputs of the two ABI probes
# (lines "<kind> <name> <value>"). Writes every comparison to LOG, prints
# one summary line, and lists each mismatch; exits 1 on any mismatch or
# if the two probes did not print the same items.
set -u
xen=$1 ours=$2 log=$3

awk -v logf="$log" '
	# the name may contain spaces ("struct start_info.flags")
	function name_of(line) {
		sub(/^[a-z]+ +/, "", line); sub(/ +[^ ]+$/, "", line); return line
	}
	NR == FNR { k = name_of($0); want[k] = $NF; kind[k] = $1; order[++n] = k; next }
	{ k = name_of($0); got[k] = $NF; if (!(k in want)) extra[++ne] = k }
	END {
		printf "" > logf
		for (i = 1; i <= n; i++) {
			k = order[i]; count[kind[k]]++
			if (!(k in got)) {
				status = "MISSING"; bad++
				printf "abi: mismatch: %s %s: Xen %s, ours missing\n", kind[k], k, want[k]
			} else if (got[k] != want[k]) {
				status = "MISMATCH"; bad++
				printf "abi: mismatch: %s %s: Xen %s, ours %s\n", kind[k], k, want[k], got[k]
			} else {
				status = "ok"
			}
			printf "%-8s %-6s %-60s xen=%s ours=%s\n", status, kind[k], k,
				want[k], (k in got) ? got[k] : "-" >> logf
		}
		for (i = 1; i <= ne; i++) {
			bad++
			printf "abi: mismatch: %s only in our probe\n", extra[i]
		}
		printf "abi: %d items compared (%d sizes, %d offsets, %d constants), %d mismatches\n",
			n, count["size"], count["offset"], count["const"], bad
		printf "abi: details in %s\n", logf
		exit bad != 0
	}' "$xen" "$ours"
