# SPDX-License-Identifier: GPL-2.0-only
# Helpers for boot tests: run tests/run, then assert on its exit code, on
# QEMU's exit status and on lines of the serial log. Every failed check
# prints "Fail: <what>: expected X, got Y"; finish exits 1 if any failed.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TEST=$(basename "$0" .sh)
FAILS=0
LOG=""
RC=""
QSTATUS=""

fail() {
	echo "Fail: $TEST: $*"
	FAILS=$((FAILS + 1))
}

# run_boot CASE [tests/run options...]
run_boot() {
	local case=$1
	shift
	LOG=$TOP/build/tests/$TEST-$case.log
	"$TOP/tests/run" --name "$TEST-$case" --log "$LOG" "$@"
	RC=$?
	QSTATUS=$(cat "$LOG.qemu-status" 2>/dev/null || echo "?")
}

expect_rc() {
	[ "$RC" = "$1" ] || fail "${2:-tests/run exit code}: expected $1, got $RC"
}

expect_qemu_status() {
	[ "$QSTATUS" = "$1" ] || fail "${2:-QEMU exit status}: expected $1, got $QSTATUS"
}

# expect_line REGEX [what]: some log line matches the extended regex.
expect_line() {
	grep -Eq -- "$1" "$LOG" || fail "${2:-log line} /$1/: expected in $LOG, not found"
}

expect_no_line() {
	if grep -Eq -- "$1" "$LOG"; then
		fail "${2:-log line} /$1/: expected absent, got: $(grep -Em1 -- "$1" "$LOG")"
	fi
}

# expect_count N REGEX: exactly N log lines match.
expect_count() {
	local n
	n=$(grep -Ec -- "$2" "$LOG")
	[ "$n" = "$1" ] || fail "lines matching /$2/: expected $1, got $n"
}

# fnv1a32 FILE: the hash the hypervisor prints for a module at loglvl=all.
fnv1a32() {
	python3 -c 'import sys
h = 2166136261
for b in open(sys.argv[1], "rb").read():
    h = ((h ^ b) * 16777619) % 2**32
print("%08x" % h)' "$1"
}

finish() {
	if [ "$FAILS" -ne 0 ]; then
		echo "$TEST: $FAILS check(s) failed"
		exit 1
	fi
	exit 0
}
