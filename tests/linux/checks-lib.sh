# SPDX-License-Identifier: GPL-2.0-only
#
# Helpers shared by the toolstack checks in dom0 (xl-checks.sh,
# pvctl-checks.sh, pvctl-cli-checks.sh), which source this file from
# /lib/linuxtest. Busybox sh. A check prints "ok: ..." or "Fail: ...";
# $fails counts the failures, the caller's exit status. CHECKS_TAG, if
# the caller sets it before sourcing, goes in front of every message.
fails=0
T="timeout 60"
KERNEL=/lib/linuxtest/guest-toolstack
LOGS=/var/log/xen/console

ok() { echo "ok: $CHECKS_TAG$1"; }
fail() {
	echo "Fail: $CHECKS_TAG$1"
	fails=$((fails + 1))
}
# same WHAT EXPECTED GOT
same() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: expected '$2', got '$3'"; fi; }
# arg NAME DEFAULT: linuxtest.NAME= from the kernel command line.
arg() { sed -n "s/.*linuxtest\.$1=\([^ ]*\).*/\1/p" /proc/cmdline | grep . || echo "$2"; }
# wait_every SECONDS TICKS CMD...: CMD every SECONDS until it succeeds,
# at most TICKS + 1 times; 1 if it never did.
wait_every() {
	local every=$1 left=$2
	shift 2
	until "$@"; do
		[ "$left" -le 0 ] && return 1
		sleep "$every"
		left=$((left - 1))
	done
}
# wait_until TICKS CMD...: every half second.
wait_until() { wait_every 0.5 "$@"; }
# wait_briefly TICKS CMD...: every 20 ms, for what is expected within a
# moment (the create/destroy cycles).
wait_briefly() { wait_every 0.02 "$@"; }

# state NAME: the state column of xl list ("" if the domain is not there).
state() { $T xl list "$1" 2> /dev/null | awk 'NR == 2 { print $5 }'; }
# in_state NAME LETTER: LETTER (r, b, p, s, c) in NAME's state; - for gone.
in_state() {
	case "$2:$(state "$1")" in -:) return 0 ;; -:*) return 1 ;; *:*"$2"*) return 0 ;; esac
	return 1
}
# wait_state NAME LETTER: up to 20 s for in_state NAME LETTER.
wait_state() { wait_until 40 in_state "$1" "$2"; }
# console_has NAME PATTERN TICKS: PATTERN in NAME's console log (the
# console daemon's), waiting up to TICKS half-seconds for it to appear.
console_has() { wait_until "$3" grep -q "$2" "$LOGS/guest-$1.log" 2> /dev/null; }
# free_mib: xl info's free memory (MiB).
free_mib() { $T xl info 2> /dev/null | sed -n 's/^free_memory *: //p'; }

# create_cycles N ROUND: N rounds of ROUND, a function that creates a
# domain, lets it settle and destroys it, returning the failures it saw
# (100: the create failed, which ends the rounds); after each round free
# memory must be back where it was before the first. Sets cycles_bad
# (the failures), cycles_before (that free memory, MiB) and cycles_s (the
# seconds the rounds took on dom0's clock). FREE_CMD, if set, is the
# free-memory function to use instead of free_mib.
create_cycles() {
	local n=$1 round=$2 i=0 now rc t0
	cycles_bad=0
	cycles_before=$(${FREE_CMD:-free_mib})
	t0=$(cut -d' ' -f1 /proc/uptime)
	while [ $i -lt "$n" ]; do
		$round
		rc=$?
		if [ $rc = 100 ]; then
			cycles_bad=$((cycles_bad + 1))
			break
		fi
		cycles_bad=$((cycles_bad + rc))
		now=$(${FREE_CMD:-free_mib})
		if [ "$now" != "$cycles_before" ]; then
			echo "  cycle $i: free_memory $cycles_before -> $now MiB"
			cycles_bad=$((cycles_bad + 1))
		fi
		i=$((i + 1))
	done
	cycles_s=$(echo "$t0 $(cut -d' ' -f1 /proc/uptime)" | awk '{ printf "%.2f", $2 - $1 }')
}
