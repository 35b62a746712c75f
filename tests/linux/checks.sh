#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The checks of the Linux dom0 harness, run by /init once the Xen modules
# are loaded and xenfs is mounted. Prints "ok: ..." per passed check and
# "Fail: <what>: expected X, got Y" per failed one; exits 0 if all
# passed, 1 if any failed. What to expect comes from the kernel command
# line, which tests/linux/run.sh writes (a check that does not apply to
# the kernel prints "skip: ..." and counts as passed):
#
#   linuxtest.vcpus=N   the dom0 vCPUs given (dom0_max_vcpus=)
#   linuxtest.mem=MIB   dom0's memory (dom0_mem=)
#   linuxtest.xenstored=WHICH  dom0's daemons run (WHICH: debian or
#                       pvstored): also run xenstore-checks.sh and the
#                       toolstack checks (xl, pvctl, devices with xl for
#                       debian and pvctl for pvstored)
#   linuxtest.gaps=1    apply /etc/xen-like-gaps (xen-like only: known
#                       gaps of the hypervisor, each naming its issue)
#   linuxtest.hw=1      QEMU gave dom0 disks and NICs of its own
#                       (tests/linux/run.sh): also run hw-checks.sh
#   linuxtest.only=A,B  run only /lib/linuxtest/A-checks.sh, B-checks.sh...
#                       (after the daemons, for working on one group of
#                       checks), then the kernel-log check
#
# and /etc/linuxtest.conf (dom0_kernel=yes|no: built with CONFIG_XEN_DOM0).
. /etc/linuxtest.conf
fails=0
fail() {
	echo "Fail: $1: expected $2, got $3"
	fails=$((fails + 1))
}
ok() { echo "ok: $*"; }

# arg NAME DEFAULT: the value of linuxtest.NAME= on the kernel command line.
arg() {
	v=$2
	for a in $(cat /proc/cmdline); do
		case $a in "linuxtest.$1="*) v=${a#*=} ;; esac
	done
	echo "$v"
}
vcpus=$(arg vcpus 1)
mem_mib=$(arg mem 512)

# Equal FILE EXPECTED WHAT: the file's content is EXPECTED.
equal() {
	got=$(cat "$1" 2> /dev/null) || got="no $1"
	if [ "$got" = "$2" ]; then ok "$3 = $2"; else fail "$3" "\"$2\"" "\"$got\""; fi
}

# The checks of a dom0 without its daemons: base_checks, run unless
# linuxtest.only= names the groups to run.
base_checks() {
# Control domain: only a kernel with dom0 support (CONFIG_XEN_DOM0) says so;
# one without runs in dom0's place as an ordinary PV guest.
if [ "$dom0_kernel" = yes ]; then
	equal /proc/xen/capabilities control_d /proc/xen/capabilities
else
	equal /proc/xen/capabilities "" "/proc/xen/capabilities (kernel without CONFIG_XEN_DOM0)"
fi

equal /sys/hypervisor/type xen /sys/hypervisor/type
equal /sys/hypervisor/version/major 4 /sys/hypervisor/version/major
equal /sys/hypervisor/version/minor 17 /sys/hypervisor/version/minor

got=$(nproc)
if [ "$got" = "$vcpus" ]; then ok "nproc = $vcpus"; else fail nproc "$vcpus" "$got"; fi

# MemTotal is dom0_mem less what the kernel keeps for itself: on Xen 4.17
# with dom0_mem=512M, 399024 kB (the Xen swiotlb's 64 MiB, the kernel
# image, page structures, early page tables: 122 MiB). Allow 160 MiB.
kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
max=$((mem_mib * 1024))
min=$(((mem_mib - 160) * 1024))
if [ -n "$kb" ] && [ "$kb" -le $max ] && [ "$kb" -ge $min ]; then
	ok "MemTotal $kb kB for dom0_mem=${mem_mib}M"
else
	fail MemTotal "$min-$max kB (dom0_mem=${mem_mib}M less at most 160 MiB)" "${kb:-nothing} kB"
fi

# The device checks (tests/linux/lx-*.c), each given 30 s: a hung device
# is a failure, not a silent timeout of the whole run.
helpers="lx-privcmd lx-evtchn lx-gntshare"
if [ "$dom0_kernel" != yes ]; then
	# A kernel built without CONFIG_XEN_DOM0 (cloud) takes itself for an
	# unprivileged domU, where opening /dev/xen/privcmd first waits for
	# xenstore (to read which domain it may target): with no xenstored,
	# forever (wchan privcmd_open, on Xen 4.17 too).
	echo "skip: privcmd hypercall: kernel without CONFIG_XEN_DOM0"
	helpers="lx-evtchn lx-gntshare"
fi
for helper in $helpers; do
	out=$(timeout 30 $helper 2>&1)
	rc=$?
	[ -n "$out" ] && echo "$out"
	if [ $rc = 143 ] || [ $rc = 137 ]; then
		fail "$helper" "an answer within 30 s" "no answer (killed)"
	elif [ $rc != 0 ]; then
		fails=$((fails + 1))
	fi
done

# Fork-heavy: a few hundred short processes (about 370: 100 command
# substitutions of a two-process pipeline, 60 at once in the background,
# a pipeline of 10), each result checked.
first=$(cut -d' ' -f5 /proc/loadavg)
forks=0
i=0
while [ $i -lt 100 ]; do
	[ "$(echo $i | cat)" = $i ] || forks=$((forks + 1000))
	i=$((i + 1))
done
mkdir -p /tmp/fork
i=0
while [ $i -lt 60 ]; do
	(echo $i > /tmp/fork/$i) &
	i=$((i + 1))
done
wait
got=$(cat /tmp/fork/* | wc -l)
piped=$(seq 1 1000 | cat | cat | cat | cat | cat | cat | cat | cat | sort -n | tail -n 1)
last=$(cut -d' ' -f5 /proc/loadavg)
spawned=$((last - first))
if [ $forks != 0 ]; then
	fail "fork: 100 piped subshells" "each echoing its number" "$((forks / 1000)) wrong"
elif [ "$got" != 60 ]; then
	fail "fork: 60 background subshells" "60 files" "$got"
elif [ "$piped" != 1000 ]; then
	fail "fork: a 10-process pipeline" 1000 "$piped"
elif [ $spawned -lt 300 ]; then
	fail "fork: processes created" "at least 300" "$spawned"
else
	ok "fork: $spawned processes, serial, parallel and piped"
fi

}

only=$(arg only "")
if [ -n "$only" ]; then
	for group in $(echo "$only" | tr ',' ' '); do
		echo "linux-dom0: linuxtest.only: $group-checks.sh"
		sh "/lib/linuxtest/$group-checks.sh"
		fails=$((fails + $?))
	done
else
	base_checks
fi

# dom0's daemons, when /init started them (linuxtest.xenstored=).
xs=$(arg xenstored "")
if [ -n "$xs" ] && [ -z "$only" ]; then
	echo "linux-dom0: xenstore checks against the $xs xenstored"
	sh /lib/linuxtest/xenstore-checks.sh
	fails=$((fails + $?))
	sh /lib/linuxtest/xl-checks.sh
	fails=$((fails + $?))
	sh /lib/linuxtest/pvctl-checks.sh
	fails=$((fails + $?))
	sh /lib/linuxtest/pvctl-cli-checks.sh
	fails=$((fails + $?))
	# Disks and vifs: Debian's xl (the reference, with Debian's hotplug
	# scripts) beside Debian's daemons, pvctl beside ours.
	if [ "$xs" = debian ]; then ts=xl; else ts=pvctl; fi
	TS=$ts sh /lib/linuxtest/devices-checks.sh
	fails=$((fails + $?))
fi

# dom0 driving its own disks and NICs (issue 20).
if [ "$(arg hw 0)" = 1 ] && [ -z "$only" ]; then
	sh /lib/linuxtest/hw-checks.sh
	fails=$((fails + $?))
fi

# Last, so that it sees what the checks above made the kernel say. Our own
# lines are in the kernel log too when it is the console: skip them.
log=$(dmesg | grep -v -E '^(\[[ 0-9.]*\] )?(ok|skip|Fail|gap|linux-dom0): ')
if [ "$(arg gaps 0)" = 1 ] && [ -f /etc/xen-like-gaps ]; then
	while IFS='|' read -r gname gkernels gpat gwhat; do
		case $gname in '#'* | '') continue ;; esac
		gname=$(echo $gname)
		gpat=$(echo $gpat)
		[ "$(echo $gkernels)" = dom0 ] && [ "$dom0_kernel" != yes ] && continue
		[ "$(echo $gkernels)" = hw ] && [ "$(arg hw 0)" != 1 ] && continue
		n=$(echo "$log" | grep -c -E "$gpat")
		if [ "$n" = 0 ]; then
			fail "gap $gname" "kernel-log lines matching \"$gpat\"" \
				"none: remove it from tests/linux/xen-like-gaps"
		else
			echo "gap: $gname: $n kernel-log line(s):$gwhat"
			log=$(echo "$log" | grep -v -E "$gpat")
		fi
	done < /etc/xen-like-gaps
fi
bad=$(echo "$log" | grep -E '\bBUG\b|Oops|WARNING|failed -38|map irq failed|Call Trace' | head -n 3)
if [ -z "$bad" ]; then
	ok "dmesg: no BUG, Oops, WARNING, failed -38, map irq failed or Call Trace"
else
	fail dmesg "no BUG, Oops, WARNING, failed -38, map irq failed or Call Trace" "$(echo "$bad" | head -n 1)"
	echo "$bad" | sed 's/^/  dmesg: /'
fi

echo "linux-dom0: $fails check(s) failed"
[ $fails = 0 ]
