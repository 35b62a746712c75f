#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The broken-config corpus through the real command: each file here goes
# through `pvctl create -n FILE` (the dry run, which touches no
# hypervisor, so this runs on the build host), which must exit non-zero
# with one error line on stderr ("pvctl create: ...", after any warnings)
# containing the file's "expect:" line, and print nothing on stdout. The good samples (good/) must exit 0
# and print JSON. The parsers' own unit test (tests/unit/test_pvctl_config.c)
# checks the same messages in process; this checks the command's exit
# status and streams.
#
# Files whose message needs the hypervisor ("host: nr_cpus=N": pCPUs
# named by cpus= that the host lacks, physinfo's count) are left to the
# unit test, which passes that count. Prints one line per failure and a summary; exits 1 on any.
top=$(cd "$(dirname "$0")/../.." && pwd)
pvctl=$top/build/dom0-tools/pvctl
dir=$top/tests/pvctl-configs
[ -x "$pvctl" ] || { echo "pvctl-configs: no $pvctl (run make)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0 n=0 skipped=0
cd "$dir" || exit 1
for f in *.cfg *.xml; do
	exp=$(sed -n 's/^\(#\|<!--\) *expect: *//p' "$f" | sed 's/ *-->$//' | head -n 1)
	if [ -z "$exp" ]; then
		echo "Fail: $f: no expect: line"
		bad=$((bad + 1))
		continue
	fi
	if grep -q 'host: nr_cpus=' "$f"; then
		skipped=$((skipped + 1))
		continue
	fi
	n=$((n + 1))
	"$pvctl" create -n "$f" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	lines=$(grep -c '^pvctl create: ' "$tmp/err")
	if [ $rc = 0 ]; then
		echo "Fail: $f: expected a non-zero exit status, got 0"
	elif ! grep -qF -- "$exp" "$tmp/err"; then
		echo "Fail: $f: expected \"$exp\" on stderr, got \"$(head -c 300 "$tmp/err")\""
	elif [ -s "$tmp/out" ]; then
		echo "Fail: $f: expected nothing on stdout, got \"$(head -c 200 "$tmp/out")\""
	elif [ "$lines" != 1 ]; then
		echo "Fail: $f: expected one error line on stderr, got $lines"
	else
		continue
	fi
	bad=$((bad + 1))
done
# The good samples name kernels of a machine of their own: point them at
# a file that exists here (the dry run only checks that it can be read).
for f in good/*.cfg good/*.xml; do
	[ -f "$f" ] || continue
	n=$((n + 1))
	g=$tmp/$(basename "$f")
	sed -e "s#^\(kernel\|ramdisk\)\( *\)=.*#\1\2= \"$pvctl\"#" \
		-e "s|<kernel>[^<]*</kernel>|<kernel>$pvctl</kernel>|" \
		-e "s|<initrd>[^<]*</initrd>|<initrd>$pvctl</initrd>|" "$f" > "$g"
	"$pvctl" create -n "$g" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ $rc != 0 ]; then
		echo "Fail: $f: expected exit status 0, got $rc ($(head -c 300 "$tmp/err"))"
		bad=$((bad + 1))
	elif ! grep -q '"name"' "$tmp/out"; then
		echo "Fail: $f: expected the domain as JSON on stdout, got \"$(head -c 200 "$tmp/out")\""
		bad=$((bad + 1))
	fi
done
echo "pvctl-configs: $n configs through pvctl create -n, $bad failed ($skipped left to the unit test)"
[ $bad = 0 ]
