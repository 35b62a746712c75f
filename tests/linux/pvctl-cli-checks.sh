#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# pvctl's inspection and control commands against Debian's xl, run by
# checks.sh after xl-checks.sh when /init started dom0's daemons
# (linuxtest.xenstored=). The domU is the toolstack guest doing "spin",
# created by xl (pvctl create is tested elsewhere); each pvctl command is
# checked against what xl (or the xenstore) reads back, its --json output
# through lx-json (a strict parser: the output must be JSON), and bad
# arguments must exit 1 with one line "pvctl CMD: ..." and change nothing.
# The same script runs on xen-like and on Xen 4.17 and must give the
# same verdict.
#
# Prints "ok: ..." or "Fail: ..." per check; exits with the failures.
CHECKS_TAG="pvctl: "
. /lib/linuxtest/checks-lib.sh
# field TEXT KEY: "KEY : value" lines (xl info's form).
field() { echo "$1" | sed -n "s/^$2 *: //p"; }
# j KEY < lx-json output: the value at path KEY (a sed pattern).
j() { sed -n "s/^$1=//p"; }
# re PATH: PATH ("[1].domains[2]") as a sed pattern.
re() { echo "$1" | sed 's/\[/\\[/g; s/\]/\\]/g'; }
# refused WHAT PATTERN CMD...: exit status 1, one stderr line matching PATTERN.
refused() {
	what=$1 pat=$2
	shift 2
	err=$($T "$@" 2>&1 > /dev/null)
	rc=$?
	if [ $rc = 1 ] && [ "$(echo "$err" | wc -l)" = 1 ] && echo "$err" | grep -q -- "$pat"; then
		ok "$what: refused ($err)"
	else
		fail "$what: expected exit 1 and one line matching '$pat', got $rc: $err"
	fi
}

start=$(cut -d' ' -f1 /proc/uptime)
if ! command -v pvctl > /dev/null; then
	fail "not in the initramfs"
	exit $fails
fi

# The host: pvctl info against xl info (nothing runs but dom0: stable).
xi=$($T xl info 2>&1)
pi=$($T pvctl info 2>&1)
same "info: exit status" 0 $?
for f in nr_cpus max_cpu_id nr_nodes total_memory free_memory sharing_freed_memory sharing_used_memory \
	outstanding_claims free_cpus xen_major xen_minor \
	xen_version xen_scheduler xen_pagesize xen_caps; do
	same "info: $f as xl info" "$(field "$xi" $f)" "$(field "$pi" $f)"
done
if pj=$($T pvctl info --json | lx-json); then
	same "info --json: total_memory_mib as xl info" "$(field "$xi" total_memory)" "$(echo "$pj" | j total_memory_mib)"
	same "info --json: xen_version as xl info" "$(field "$xi" xen_version)" "$(echo "$pj" | j xen_version)"
else
	fail "info --json: not JSON"
fi
cpus=$(field "$pi" nr_cpus)

# The hypervisor's console: what xl dmesg shows, pvctl dmesg shows too.
line=$($T xl dmesg 2> /dev/null | sed -n 3p)
if [ -n "$line" ] && $T pvctl dmesg | grep -q -F -- "$line"; then
	ok "dmesg: has xl dmesg's third line"
else
	fail "dmesg: no '$line' in pvctl dmesg"
fi

# A domU to act on: the toolstack guest spinning, two vCPUs (it brings up one).
cat > /tmp/pvspin.cfg <<CFG
name = "pvspin"
type = "pv"
kernel = "$KERNEL"
extra = "spin"
memory = 16
vcpus = 2
on_poweroff = "preserve"
on_crash = "preserve"
CFG
out=$($T xl create /tmp/pvspin.cfg 2>&1)
if [ $? != 0 ]; then
	fail "xl create pvspin: $(echo "$out" | tail -3)"
	exit $fails
fi
sleep 1
id=$($T xl domid pvspin 2> /dev/null)

# list: xl's columns Name, ID, Mem, VCPUs for every domain, and the header.
same "list: header as xl list" "$($T xl list | head -1)" "$($T pvctl list | head -1)"
same "list: Name ID Mem VCPUs as xl list" "$($T xl list | awk 'NR > 1 { print $1, $2, $3, $4 }')" \
	"$($T pvctl list | awk 'NR > 1 { print $1, $2, $3, $4 }')"
same "list pvspin: by name" "pvspin $id" "$($T pvctl list pvspin | awk 'NR == 2 { print $1, $2 }')"
same "list $id: by id" "pvspin $id" "$($T pvctl list "$id" | awk 'NR == 2 { print $1, $2 }')"
same "list -l: UUID as xl list -v" "$($T xl list -v pvspin | awk 'NR == 2 { print $7 }')" \
	"$($T pvctl list -l pvspin | awk 'NR == 2 { print $7 }')"
if lj=$($T pvctl list --json | lx-json); then
	same "list --json: domids as xl list" "$($T xl list | awk 'NR > 1 { print $2 }' | tr '\n' ' ')" \
		"$(echo "$lj" | sed -n 's/^\[[0-9]*\]\.domid=//p' | tr '\n' ' ')"
	n=$(re "$(echo "$lj" | grep "\.domid=$id\$" | sed 's/\..*//')")
	same "list --json: pvspin's name" pvspin "$(echo "$lj" | j "$n.name")"
	same "list --json: pvspin's vcpus" 1 "$(echo "$lj" | j "$n.vcpus")"
	same "list --json: pvspin's max_vcpu_id" 1 "$(echo "$lj" | j "$n.max_vcpu_id")"
else
	fail "list --json: not JSON"
fi

# pause and unpause: the state letter (xl's and pvctl's), and the
# domain's CPU time, which stops while it is paused.
cpu_ns() { $T pvctl list --json pvspin | lx-json | j '\[0\].cpu_time_ns'; }
same "pause: exit status" 0 "$($T pvctl pause pvspin > /dev/null 2>&1; echo $?)"
same "pause: xl list shows p" p "$($T xl list pvspin | awk 'NR == 2 { print substr($5, 3, 1) }')"
same "pause: list --json paused" true "$($T pvctl list --json pvspin | lx-json | j '\[0\].paused')"
t0=$(cpu_ns)
sleep 1
same "pause: CPU time stands still over 1 s" "$t0" "$(cpu_ns)"
same "unpause: exit status" 0 "$($T pvctl unpause "$id" > /dev/null 2>&1; echo $?)"
same "unpause: xl list shows no p" - "$($T xl list pvspin | awk 'NR == 2 { print substr($5, 3, 1) }')"
sleep 1
t1=$(cpu_ns)
if [ -n "$t1" ] && [ -n "$t0" ] && [ "$t1" -gt "$t0" ]; then
	ok "unpause: CPU time runs again ($t0 -> $t1 ns)"
else
	fail "unpause: CPU time '$t0' -> '$t1'"
fi
refused "unpause of a running domain" "pvctl unpause: " pvctl unpause pvspin

# vcpu-list and vcpu-pin, read back by xl and by pvctl --json. With one
# pCPU, a map of CPU 0 is every CPU: both print "all".
# (The CPU column is left out: with two pCPUs a vCPU may move in between.)
same "vcpu-list: Name ID VCPU and affinity as xl vcpu-list" \
	"$($T xl vcpu-list pvspin | awk '{ print $1, $2, $3, $(NF-2), $(NF-1), $NF }')" \
	"$($T pvctl vcpu-list pvspin | awk '{ print $1, $2, $3, $(NF-2), $(NF-1), $NF }')"
last=$((cpus - 1))
want=$last
[ "$cpus" = 1 ] && want=all
same "vcpu-pin pvspin 0 $last: exit status" 0 "$($T pvctl vcpu-pin pvspin 0 $last > /dev/null 2>&1; echo $?)"
same "vcpu-pin: xl vcpu-list reads back $want" $want "$($T xl vcpu-list pvspin | awk 'NR == 2 { print $(NF-2) }')"
vj=$($T pvctl vcpu-list --json pvspin | lx-json)
same "vcpu-pin: vcpu-list --json reads back $want" $want "$(echo "$vj" | j '\[0\].affinity_hard')"
same "vcpu-pin: vcpu-list --json's CPU array" $last "$(echo "$vj" | j '\[0\].affinity_hard_cpus\[[0-9]*\]' | tr '\n' ' ' | sed 's/ $//')"
c0=$(echo "$vj" | j '\[0\].cpu')
same "vcpu-list --json: vCPU 0 online, on a pCPU of the host" "true yes" \
	"$(echo "$vj" | j '\[0\].online') $([ -n "$c0" ] && [ "$c0" -lt "$cpus" ] && echo yes)"
same "vcpu-list --json: vCPU 1 offline" "false null" "$(echo "$vj" | j '\[1\].online') $(echo "$vj" | j '\[1\].cpu')"
$T xl vcpu-pin pvspin all all > /dev/null 2>&1
same "vcpu-pin by xl to all: pvctl reads all" "all all" \
	"$($T pvctl vcpu-list --json pvspin | lx-json | j '\[[01]\].affinity_hard' | tr '\n' ' ' | sed 's/ $//')"
same "vcpu-pin pvspin all 0-$last,^0 or 0: exit status" 0 \
	"$(if [ "$cpus" = 1 ]; then $T pvctl vcpu-pin pvspin all 0; else $T pvctl vcpu-pin pvspin all "0-$last,^0"; fi > /dev/null 2>&1; echo $?)"
want=all
[ "$cpus" -gt 1 ] && want="1-$last" && [ "$cpus" = 2 ] && want=1
same "vcpu-pin all: both vCPUs read back by xl" "$want $want" \
	"$($T xl vcpu-list pvspin | awk 'NR > 1 { print $(NF-2) }' | tr '\n' ' ' | sed 's/ $//')"
refused "vcpu-pin to a bad CPU list" "pvctl vcpu-pin: bad hard CPU list '0-x'" pvctl vcpu-pin pvspin 0 0-x
refused "vcpu-pin to a bad soft CPU list" "pvctl vcpu-pin: bad soft CPU list 'y'" pvctl vcpu-pin pvspin 0 - y
refused "vcpu-pin with both affinities '-'" "nothing to set" pvctl vcpu-pin pvspin 0 - -
refused "vcpu-pin to an absent CPU" "CPU $cpus does not exist" pvctl vcpu-pin pvspin 0 "$cpus"
refused "vcpu-pin of an absent vCPU" "has no vCPU 5" pvctl vcpu-pin pvspin 5 0
same "vcpu-pin refused: affinity unchanged" "$want $want" \
	"$($T xl vcpu-list pvspin | awk 'NR > 1 { print $(NF-2) }' | tr '\n' ' ' | sed 's/ $//')"
# The soft affinity alone ("-" keeps the hard one), as xl vcpu-pin D V - SOFT.
ws=$last
[ "$cpus" = 1 ] && ws=all
same "vcpu-pin pvspin 0 - $last (soft only): exit status" 0 "$($T pvctl vcpu-pin pvspin 0 - $last > /dev/null 2>&1; echo $?)"
same "vcpu-pin soft: xl reads hard $want (unchanged) and soft $ws" "$want $ws" \
	"$($T xl vcpu-list pvspin | awk 'NR == 2 { print $(NF-2), $NF }')"
same "vcpu-pin soft: vcpu-list --json reads soft $ws" "$ws" \
	"$($T pvctl vcpu-list --json pvspin | lx-json | j '\[0\].affinity_soft')"

# sched-credit both ways.
same "sched-credit -w 512 -c 50: exit status" 0 "$($T pvctl sched-credit -d pvspin -w 512 -c 50 > /dev/null 2>&1; echo $?)"
same "sched-credit: xl sched-credit reads back" "512 50" "$($T xl sched-credit -d pvspin | awk 'NR == 2 { print $3, $4 }')"
$T xl sched-credit -d pvspin -w 300 -c 0 > /dev/null 2>&1
sj=$($T pvctl sched-credit -d pvspin --json | lx-json)
same "sched-credit --json: reads xl's weight 300 cap 0" "300 0" "$(echo "$sj" | j 'domains\[0\].weight') $(echo "$sj" | j 'domains\[0\].cap')"
same "sched-credit -d: the line as xl's" "$($T xl sched-credit -d pvspin)" "$($T pvctl sched-credit -d pvspin)"
same "sched-credit: every domain listed" "$($T xl list | awk 'NR > 1 { print $1 }' | tr '\n' ' ')" \
	"$($T pvctl sched-credit | awk 'NR > 2 { print $1 }' | tr '\n' ' ')"
refused "sched-credit weight 0" "pvctl sched-credit: bad weight '0'" pvctl sched-credit -d pvspin -w 0
refused "sched-credit weight 65536" "bad weight" pvctl sched-credit -d pvspin -w 65536
refused "sched-credit cap 300 on 2 vCPUs" "bad cap '300'" pvctl sched-credit -d pvspin -c 300
refused "sched-credit -w without -d" "need a domain" pvctl sched-credit -w 5
same "sched-credit refused: weight unchanged" 300 "$($T xl sched-credit -d pvspin | awk 'NR == 2 { print $3 }')"

# mem-max and mem-set: the hypervisor's limit and the xenstore nodes.
dp=/local/domain/$id/memory
same "mem-max pvspin 64: exit status" 0 "$($T pvctl mem-max pvspin 64 > /dev/null 2>&1; echo $?)"
same "mem-max: static-max in KiB" 65536 "$($T xenstore-read $dp/static-max)"
same "mem-max: the hypervisor's limit (+1 MiB, as libxl)" 66560 \
	"$($T pvctl list --json pvspin | lx-json | j '\[0\].max_mem_kib')"
same "mem-set pvspin 32768k: exit status" 0 "$($T pvctl mem-set pvspin 32768k > /dev/null 2>&1; echo $?)"
same "mem-set: target in KiB" 32768 "$($T xenstore-read $dp/target)"
refused "mem-set above static-max" "above pvspin's static maximum" pvctl mem-set pvspin 1g
refused "mem-max below the target" "below pvspin's memory target" pvctl mem-max pvspin 16
refused "mem-set of a bad size" "bad memory size '12x'" pvctl mem-set pvspin 12x
same "mem refused: nodes unchanged" "65536 32768" "$($T xenstore-read $dp/static-max) $($T xenstore-read $dp/target)"

# top: a batch of two frames, text and JSON; the spinning domU uses CPU.
tt=$($T pvctl top -b -d 1 -i 2)
same "top -b -i 2: two frames" 2 "$(echo "$tt" | grep -c '^ *NAME ')"
same "top -b: pvspin in each frame" 2 "$(echo "$tt" | grep -c ' pvspin ')"
if tj=$($T pvctl top -b -d 1 -i 2 --json | lx-json); then
	n=$(echo "$tj" | grep "^\[1\]\.domains\[[0-9]*\]\.name=pvspin\$" | sed 's/\.name=.*//')
	pct=$(echo "$tj" | j "$(re "$n").cpu_percent")
	if [ -n "$pct" ] && [ "$(echo "$pct" | awk '{ print ($1 > 0) }')" = 1 ]; then
		ok "top --json: pvspin uses CPU ($pct%)"
	else
		fail "top --json: pvspin's cpu_percent '$pct'"
	fi
else
	fail "top --json: not JSON"
fi

# trace: a second of the hypervisor's trace buffers (whichever kind it
# has), into a file whose size the summary states.
rm -f /tmp/pvctl.trace
if trj=$($T pvctl trace -t 1 -o /tmp/pvctl.trace --json | lx-json); then
	recs=$(echo "$trj" | j records)
	size=$(wc -c < /tmp/pvctl.trace 2> /dev/null)
	if [ -n "$recs" ] && [ "$recs" -gt 0 ] && [ "$(echo "$trj" | j file_bytes)" = "$size" ]; then
		ok "trace: $recs records through $(echo "$trj" | j interface), $size bytes in the file"
	else
		fail "trace: records '$recs', file_bytes '$(echo "$trj" | j file_bytes)', file size '$size'"
	fi
else
	fail "trace -t 1 --json: exit status or not JSON"
fi
same "trace -t 0.2: the text summary's first line" "trace: yes" \
	"$($T pvctl trace -t 0.2 | head -1 | awk '/ records, [0-9]+ lost$/ { print "trace: yes" }')"
refused "trace -t 0" "pvctl trace: bad time '0'" pvctl trace -t 0

# Unknown domains and bad arguments everywhere.
refused "pause of an unknown name" "pvctl pause: no domain named 'nosuch'" pvctl pause nosuch
refused "list of an absent id" "pvctl list: no domain with id 4000" pvctl list 4000
refused "vcpu-list of an unknown name" "no domain named" pvctl vcpu-list nosuch
refused "mem-max of an unknown name" "no domain named" pvctl mem-max nosuch 64
refused "an unknown option" "pvctl list: bad option '--bogus'" pvctl list --bogus
refused "an unknown command" "unknown command 'frobnicate'" pvctl frobnicate

same "xl destroy pvspin: exit status" 0 "$($T xl destroy pvspin > /dev/null 2>&1; echo $?)"
refused "pause after destroy" "no domain named 'pvspin'" pvctl pause pvspin
# dom0's clock (seconds of guest time): a figure, not a check.
echo "linux-dom0: pvctl checks took $(echo "$start $(cut -d' ' -f1 /proc/uptime)" | awk '{ printf "%.1f", $2 - $1 }') s"
exit $fails
