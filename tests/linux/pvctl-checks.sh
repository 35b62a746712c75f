#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# pvctl creating, watching and destroying PV domUs (docs/pvctl.md), run by
# checks.sh after xl-checks.sh when /init started dom0's daemons. The same
# script runs on xen-like and on Xen 4.17 and must give the same verdict.
# The domUs: tests/guests/toolstack (its command line says pass, spin or
# crash), and Debian's cloud kernel (a bzImage) with a busybox initramfs
# made here. Verdicts come from the console logs the console daemon
# keeps, states from xl list, free memory from xl info, leftovers from
# xenstore.
#
#   linuxtest.pvcycles=N   create/destroy cycles with free memory and the
#                          daemons' open descriptors checked
#                          (default 5)
#
# Prints "ok: ..." or "Fail: ..." per check; exits with the failures.
. /lib/linuxtest/checks-lib.sh
start=$(cut -d' ' -f1 /proc/uptime)

if ! [ -x /usr/sbin/pvctl ]; then
	fail "pvctl: not in this initramfs"
	exit $fails
fi

# cfg NAME MODE [KEY=VALUE...]: an xl.cfg for the toolstack guest.
cfg() {
	cfg_name=$1 cfg_mode=$2
	shift 2
	{
		echo "name = \"$cfg_name\""
		echo "kernel = \"$KERNEL\""
		echo "extra = \"$cfg_mode\""
		echo "memory = 16"
		for kv in "$@"; do echo "$kv"; done
	} > "/tmp/pv-$cfg_name.cfg"
}
# pv_create NAME WHAT: pvctl create of /tmp/pv-NAME.cfg, its output shown on failure.
pv_create() {
	rm -f "$LOGS/guest-$1.log"
	out=$($T pvctl create "/tmp/pv-$1.cfg" 2>&1)
	rc=$?
	same "pvctl create $1 ($2): exit status" 0 $rc
	[ $rc = 0 ] || echo "$out" | tail -5 | sed 's/^/  pvctl create: /'
	return $rc
}
domid() { $T xl domid "$1" 2> /dev/null; }
xs_list() { xenstore-list "$1" 2> /dev/null | sort | tr '\n' ' '; }
# has_tty ID: the console daemon has written console/tty for domain ID.
has_tty() { [ -n "$(xenstore-read "/local/domain/$1/console/tty" 2> /dev/null)" ]; }
# gone NAME ID VM: the domain and its xenstore entries are gone.
gone() {
	same "$1: gone from xl list" "" "$(state "$1")"
	same "$1: /local/domain/$2 removed" "" "$(xenstore-read "/local/domain/$2/name" 2> /dev/null)"
	same "$1: /libxl/$2 removed" "" "$(xenstore-list "/libxl/$2" 2> /dev/null)"
	[ -n "$3" ] && same "$1: $3 removed" "" "$(xenstore-read "$3/name" 2> /dev/null)"
}

doms0=$(xs_list /local/domain)
vms0=$(xs_list /vm)
free0=$(free_mib)

# A domU that passes; on_poweroff's default (destroy) is the monitor's to do.
cfg pv-pass pass
if pv_create pv-pass pass; then
	if console_has pv-pass "Test result: SUCCESS" 40; then
		ok "pv-pass: its console has the verdict SUCCESS"
	else
		fail "pv-pass: no 'Test result: SUCCESS' in $LOGS/guest-pv-pass.log"
		tail -5 "$LOGS/guest-pv-pass.log" 2> /dev/null | sed 's/^/  console: /'
	fi
	if wait_state pv-pass -; then
		ok "pv-pass: destroyed by its monitor after powering off (on_poweroff=destroy)"
	else
		fail "pv-pass: state '$(state pv-pass)' 20 s on, expected gone"
	fi
fi

# Two vCPUs that stay up: xenstore as libxl writes it, the console relay, destroy.
cfg pv-spin spin "vcpus = 2" "cpu_weight = 512" "cap = 50"
if pv_create pv-spin "spin, 2 vCPUs"; then
	id=$(domid pv-spin)
	d=/local/domain/$id
	vm=$(xenstore-read "$d/vm" 2> /dev/null)
	# vCPU 1 exists, offline until the guest starts it (this one never does).
	same "pv-spin: xl vcpu-list shows vCPUs 0 and 1" "0 1" \
		"$($T xl vcpu-list pv-spin 2> /dev/null | awk 'NR > 1 { print $3 }' | tr '\n' ' ' | sed 's/ $//')"
	same "pv-spin: xenstore name, domid, cpu/1/availability" "pv-spin $id online" \
		"$(xenstore-read "$d/name" "$d/domid" "$d/cpu/1/availability" 2> /dev/null | tr '\n' ' ' | sed 's/ $//')"
	same "pv-spin: memory/target and static-max (KiB)" "16384 16384" \
		"$(xenstore-read "$d/memory/target" "$d/memory/static-max" 2> /dev/null | tr '\n' ' ' | sed 's/ $//')"
	same "pv-spin: $vm/name" pv-spin "$(xenstore-read "$vm/name" 2> /dev/null)"
	same "pv-spin: credit weight and cap from the config (xl sched-credit)" "512 50" \
		"$($T xl sched-credit -d pv-spin 2> /dev/null | awk 'NR == 2 { print $3, $4 }')"
	if console_has pv-spin "toolstack: spin: alive" 20; then
		ok "pv-spin: its heartbeat in the console log"
	else
		fail "pv-spin: no heartbeat in $LOGS/guest-pv-spin.log"
	fi
	got=$( (timeout 5 pvctl console pv-spin < /dev/null | grep -c "spin: alive") 2> /dev/null)
	if [ "$got" -ge 1 ]; then ok "pvctl console: $got heartbeat line(s) relayed in 5 s"; else fail "pvctl console: no heartbeat relayed in 5 s"; fi
	out=$($T pvctl create "/tmp/pv-pv-spin.cfg" 2>&1)
	rc=$?
	case "$rc:$out" in 1:*"exists"*) ok "pvctl create of a name in use: exit 1, '$out'" ;;
	*) fail "pvctl create of a name in use: exit $rc, '$out'" ;; esac
	same "pvctl destroy pv-spin: exit status" 0 "$($T pvctl destroy pv-spin > /dev/null 2>&1; echo $?)"
	gone pv-spin "$id" "$vm"
fi

# The same guest from a libvirt-style XML file.
cat > /tmp/pv-xml.xml <<XML
<domain type='xen'>
  <name>pv-xml</name>
  <memory unit='MiB'>16</memory>
  <os>
    <type>linux</type>
    <kernel>$KERNEL</kernel>
    <cmdline>pass</cmdline>
  </os>
  <on_poweroff>preserve</on_poweroff>
</domain>
XML
rm -f "$LOGS/guest-pv-xml.log"
same "pvctl create pv-xml.xml: exit status" 0 "$($T pvctl create /tmp/pv-xml.xml > /dev/null 2>&1; echo $?)"
if console_has pv-xml "Test result: SUCCESS" 40; then ok "pv-xml: its console has the verdict SUCCESS"; else fail "pv-xml: no verdict on its console"; fi
if wait_state pv-xml s; then ok "pv-xml: shut down and preserved (on_poweroff=preserve)"; else fail "pv-xml: state '$(state pv-xml)', expected shutdown"; fi
same "pvctl destroy pv-xml: exit status" 0 "$($T pvctl destroy pv-xml > /dev/null 2>&1; echo $?)"

# create -c: the console attached right after the create.
cfg pv-attach spin
got=$( (timeout 6 pvctl create -c /tmp/pv-pv-attach.cfg < /dev/null | grep -c "spin: alive") 2> /dev/null)
if [ "${got:-0}" -ge 1 ]; then ok "pvctl create -c: the console attached ($got heartbeat line(s) in 6 s)"; else fail "pvctl create -c: no heartbeat relayed in 6 s"; fi
same "pvctl destroy pv-attach: exit status" 0 "$($T pvctl destroy pv-attach > /dev/null 2>&1; echo $?)"

# on_crash=preserve: the monitor leaves the crashed domain for inspection.
cfg pv-crash crash 'on_crash = "preserve"'
if pv_create pv-crash "crash, on_crash=preserve"; then
	if wait_state pv-crash c; then ok "pv-crash: crashed"; else fail "pv-crash: state '$(state pv-crash)', expected crashed"; fi
	sleep 3
	same "pv-crash: still there 3 s later (preserved)" c "$(state pv-crash | tr -cd c)"
	id=$(domid pv-crash)
	same "pvctl destroy pv-crash: exit status" 0 "$($T pvctl destroy pv-crash > /dev/null 2>&1; echo $?)"
	gone pv-crash "$id"
fi

# Failing creates leave nothing: a corrupt kernel (refused before any
# domain exists) and too little memory for the kernel (refused by the
# builder, after createdomain: the domain must be destroyed again).
head -c 3000 "$KERNEL" > /tmp/pv-corrupt
cfg pv-bad pass
sed -i 's|^kernel = .*|kernel = "/tmp/pv-corrupt"|' /tmp/pv-pv-bad.cfg
out=$($T pvctl create /tmp/pv-pv-bad.cfg 2>&1)
rc=$?
same "pvctl create of a truncated kernel: exit status" 1 $rc
same "pvctl create of a truncated kernel: one line on stderr" 1 "$(echo "$out" | wc -l)"
case "$out" in *pv-corrupt*) ok "pvctl create of a truncated kernel: '$out'" ;;
*) fail "pvctl create of a truncated kernel: message does not name the file: '$out'" ;; esac
if [ -f /lib/linuxtest/vmlinuz-domu ]; then
	cfg pv-small pass "memory = 4"
	sed -i 's|^kernel = .*|kernel = "/lib/linuxtest/vmlinuz-domu"|' /tmp/pv-pv-small.cfg
	out=$($T pvctl create /tmp/pv-pv-small.cfg 2>&1)
	rc=$?
	same "pvctl create of Linux in 4 MiB: exit status" 1 $rc
	case "$out" in *destroyed*) ok "pvctl create of Linux in 4 MiB: '$out'" ;;
	*) fail "pvctl create of Linux in 4 MiB: expected the step and 'destroyed', got '$out'" ;; esac
fi
same "after the failed creates: no domain pv-bad or pv-small" "" "$(state pv-bad)$(state pv-small)"
same "after the failed creates: /local/domain as before" "$doms0" "$(xs_list /local/domain)"
same "after the failed creates: /vm as before" "$vms0" "$(xs_list /vm)"

# Debian's cloud kernel (a bzImage) with an initramfs and 2 vCPUs:
# on_reboot=restart really restarts it, shutdown powers it off and the
# monitor destroys it.
if [ -f /lib/linuxtest/vmlinuz-domu ]; then
	rm -rf /tmp/pvdomu && mkdir -p /tmp/pvdomu/bin /tmp/pvdomu/sbin /tmp/pvdomu/dev /tmp/pvdomu/proc
	cp /bin/busybox /tmp/pvdomu/bin/busybox
	# The kernel runs /sbin/poweroff or /sbin/reboot for a control/shutdown
	# request; busybox's signal init (USR2, TERM), which the traps answer.
	ln -s ../bin/busybox /tmp/pvdomu/sbin/poweroff
	ln -s ../bin/busybox /tmp/pvdomu/sbin/reboot
	cat > /tmp/pvdomu/init <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox mount -t proc proc /proc
echo "pv-linux: /init reached on $(/bin/busybox grep -c ^processor /proc/cpuinfo) vCPUs" > /dev/hvc0
trap '/bin/busybox poweroff -f' USR2
trap '/bin/busybox reboot -f' TERM
/bin/busybox sleep 600 &
wait
/bin/busybox sleep 600
INIT
	chmod 755 /tmp/pvdomu/init
	(cd /tmp/pvdomu && find . | cpio -o -H newc 2> /dev/null | gzip > /tmp/pvdomu.cpio.gz)
	cat > /tmp/pv-pv-linux.cfg <<CFG
name = "pv-linux"
type = "pv"
kernel = "/lib/linuxtest/vmlinuz-domu"
ramdisk = "/tmp/pvdomu.cpio.gz"
extra = "console=hvc0 quiet"
memory = 128
vcpus = 2
on_reboot = "restart"
CFG
	markers() { cat "$LOGS/guest-pv-linux.log" 2> /dev/null | grep -c 'pv-linux: /init reached'; }
	rebooted() { [ "$(markers)" -ge 2 ]; }
	if pv_create pv-linux "Debian's cloud kernel, 2 vCPUs"; then
		id1=$(domid pv-linux)
		if console_has pv-linux "pv-linux: /init reached on 2 vCPUs" 120; then
			ok "pv-linux: its /init marker on its console, 2 vCPUs online"
			same "pvctl reboot pv-linux: exit status" 0 "$($T pvctl reboot pv-linux > /dev/null 2>&1; echo $?)"
			# The second boot's marker is the log's second one.
			wait_until 120 rebooted
			id2=$(domid pv-linux)
			if [ -n "$id2" ] && [ "$id2" != "$id1" ] && [ "$(markers)" -ge 2 ]; then
				ok "pv-linux: restarted after reboot (on_reboot=restart): d$id1 -> d$id2, /init reached again"
			else
				fail "pv-linux: not restarted after reboot (d$id1 -> '$id2', state '$(state pv-linux)')"
			fi
			same "pvctl shutdown -w pv-linux: exit status" 0 "$($T pvctl shutdown -w pv-linux > /dev/null 2>&1; echo $?)"
			if wait_state pv-linux -; then
				ok "pv-linux: powered off and destroyed by its monitor"
			else
				fail "pv-linux: state '$(state pv-linux)' after shutdown, expected gone"
			fi
		else
			fail "pv-linux: no /init marker on its console in 60 s (state '$(state pv-linux)')"
			tail -15 "$LOGS/guest-pv-linux.log" 2> /dev/null | sed 's/^/  console: /'
		fi
		$T pvctl destroy pv-linux > /dev/null 2>&1
	fi
fi

# Credit shares: two CPU-bound domUs (the guest's "burn") on the
# machine's one pCPU, weights 256 and 512 set by pvctl sched-credit;
# their CPU time over 12 s must split within 10% of 1:2. (Under TCG the
# guests' clock is the host's: time the host takes QEMU away is charged
# to whichever vCPU ran, so a busy host blurs the split.) Once per
# hypervisor: with our daemons (the scheduler does not depend on them).
# cpu_ns NAME: NAME's CPU time (ns) from pvctl list --json.
cpu_ns() { $T pvctl list --json "$1" 2> /dev/null | lx-json 2> /dev/null | sed -n 's/^\[0\]\.cpu_time_ns=//p'; }
cfg pv-burn1 burn
cfg pv-burn2 burn
if [ "$(arg vcpus 1)" = 1 ] && [ "$(arg xenstored "")" = pvstored ] &&
	pv_create pv-burn1 burn && pv_create pv-burn2 burn; then
	same "pvctl sched-credit -w 256 and -w 512: exit status" "0 0" \
		"$($T pvctl sched-credit -d pv-burn1 -w 256 > /dev/null 2>&1; echo $?) $($T pvctl sched-credit -d pv-burn2 -w 512 > /dev/null 2>&1; echo $?)"
	sleep 1
	a0=$(cpu_ns pv-burn1) b0=$(cpu_ns pv-burn2)
	sleep 12
	a1=$(cpu_ns pv-burn1) b1=$(cpu_ns pv-burn2)
	share=$(awk -v a="$((a1 - a0))" -v b="$((b1 - b0))" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "none" }')
	echo "linux-dom0: pvctl: burn domUs weighted 256:512: CPU time $(((a1 - a0) / 1000000)) ms : $(((b1 - b0) / 1000000)) ms over 12 s, ratio $share"
	if awk -v r="$share" 'BEGIN { exit !(r != "none" && r >= 1.8 && r <= 2.2) }'; then
		ok "credit weights 256:512: CPU time in the ratio $share (1:2 within 10%)"
	else
		fail "credit weights 256:512: CPU time ratio $share, expected 1.8..2.2"
	fi
fi
$T pvctl destroy pv-burn1 > /dev/null 2>&1
$T pvctl destroy pv-burn2 > /dev/null 2>&1

# Create and destroy, with free memory back where it was each time.
# pv_round: one pvctl create and destroy (create_cycles' ROUND).
# pvctl's own figures throughout (xl is a dynamically linked process
# much slower to start, which made the cycles mostly xl's time): the
# domid from create's "Started domain" line, free memory from pvctl
# info, checked against xl's before and after the cycles.
pv_round() {
	local id
	id=$($T pvctl create /tmp/pv-pv-cycle.cfg 2>&1 | sed -n 's/^Started domain .* (id=\([0-9]*\))$/\1/p')
	[ -n "$id" ] || return 100
	# Up to 10 s for the console daemon to have set the console up: it
	# writes console/tty, which must not land after the destroy.
	wait_briefly 500 has_tty "$id"
	$T pvctl destroy pv-cycle > /dev/null 2>&1 || return 1
	return 0
}
# daemon_fds: the open descriptors of dom0's xenstored and console
# daemon (whichever ran: Debian's or ours), "xenstored N, console N".
daemon_fds() {
	local s c
	s=$(cat /run/xenstore.pid 2> /dev/null)
	c=$(pidof xenconsoled pvconsoled 2> /dev/null | cut -d' ' -f1)
	echo "xenstored $(ls /proc/${s:-none}/fd 2> /dev/null | wc -l)," \
		"console $(ls /proc/${c:-none}/fd 2> /dev/null | wc -l)"
}
fds_back() { [ "$(daemon_fds)" = "$fds0" ]; }
n=$(arg pvcycles 5)
same "free memory back to where it was before these checks" "$free0" "$(free_mib)"
cfg pv-cycle spin
fds0=$(daemon_fds)
pv_free_mib() { $T pvctl info 2> /dev/null | sed -n 's/^free_memory *: //p'; }
same "pvctl info's free memory is xl info's" "$(free_mib)" "$(pv_free_mib)"
FREE_CMD=pv_free_mib create_cycles "$n" pv_round
same "after the cycles: xl info's free memory as before them" "$cycles_before" "$(free_mib)"
same "$n pvctl create/destroy cycles, free memory back to $cycles_before MiB each time (failures)" 0 $cycles_bad
same "after the cycles: /local/domain as before" "$doms0" "$(xs_list /local/domain)"
# The daemons let go of a destroyed domain's ring, pty and log
# asynchronously (their @releaseDomain watch): up to 10 s.
wait_until 20 fds_back
same "after the cycles: the daemons' open descriptors as before (no leak)" "$fds0" "$(daemon_fds)"
echo "linux-dom0: pvctl: $n cycles of create and destroy in $cycles_s s"

# create -n: the config as JSON, nothing created.
out=$(pvctl create -n /tmp/pv-pv-pass.cfg 2>&1)
case "$out" in
*'"name":"pv-pass"'*) same "pvctl create -n: JSON naming the domain, and no domain made" "" "$(state pv-pass)" ;;
*) fail "pvctl create -n: '$out'" ;;
esac

# make run's sample configs parse here, with their files present.
for f in /etc/pvctl/guest.cfg /etc/pvctl/guest.xml; do
	[ -f $f ] || continue
	out=$(pvctl create -n $f 2>&1)
	case "$?:$out" in 0:*'"kernel":"/lib/linuxtest/vmlinuz-domu"'*) ok "pvctl create -n $f" ;;
	*) fail "pvctl create -n $f: '$out'" ;; esac
done

echo "linux-dom0: pvctl-checks: $(echo "$start $(cut -d' ' -f1 /proc/uptime)" | awk '{ printf "%.1f", $2 - $1 }') s of dom0's time"
exit $fails
