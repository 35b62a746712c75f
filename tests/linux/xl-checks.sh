#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Debian's xl driving PV domUs, run by checks.sh after xenstore-checks.sh
# when /init started dom0's daemons (linuxtest.xenstored=). The same
# script runs on xen-like and on Xen 4.17, and must give the same
# verdict. The domU is tests/guests/toolstack (its command line, xl.cfg's
# extra=, says pass, spin or crash); its verdict is read from the
# console log xenconsoled keeps, and from the state xl list shows.
#
#   linuxtest.xlcycles=N   create/destroy cycles with free memory checked
#                          (default 10)
#
# Prints "ok: ..." or "Fail: ..." per check; exits with the failures.
. /lib/linuxtest/checks-lib.sh

# cfg NAME MODE [MIB]: an xl.cfg for the toolstack guest (16 MiB by default).
cfg() {
	cat > "/tmp/$1.cfg" <<CFG
name = "$1"
type = "pv"
kernel = "$KERNEL"
extra = "$2"
memory = ${3:-16}
vcpus = 1
on_poweroff = "preserve"
on_crash = "preserve"
CFG
}

# xl_create NAME WHAT: xl create of /tmp/NAME.cfg, its output shown on failure.
xl_create() {
	out=$($T xl create "/tmp/$1.cfg" 2>&1)
	rc=$?
	same "xl create $1 ($2): exit status" 0 $rc
	[ $rc = 0 ] || echo "$out" | tail -20 | sed 's/^/  xl create: /'
	return $rc
}
# create NAME MODE: the toolstack guest doing MODE.
create() { cfg "$1" "$2" && xl_create "$1" "$2"; }
destroy() {
	same "xl destroy $1: exit status" 0 "$($T xl destroy "$1" > /dev/null 2>&1; echo $?)"
	same "xl destroy $1: gone from xl list" "" "$(state "$1")"
}

# The machine as xl sees it: what the hypervisor was given.
info=$($T xl info 2>&1)
cpus=$(echo "$info" | sed -n 's/^nr_cpus *: //p')
total=$(echo "$info" | sed -n 's/^total_memory *: //p')
same "xl info: nr_cpus (QEMU's CPUs)" "$(arg vcpus 1)" "$cpus"
if [ -n "$total" ] && [ "$total" -gt 900 ] && [ "$total" -le 1024 ]; then
	ok "xl info: total_memory $total MiB (QEMU has 1024)"
else
	fail "xl info: total_memory: expected 900..1024 MiB, got '$total'"
fi
same "xl info: xen_scheduler" credit "$(echo "$info" | sed -n 's/^xen_scheduler *: //p')"

# A domU that passes: its console says so, then it powers off.
if create pass pass; then
	if wait_state pass s; then ok "pass: shut down"; else fail "pass: state '$(state pass)', expected shutdown"; fi
	if console_has pass "Test result: SUCCESS" 0; then
		ok "pass: its console (xenconsoled's log) has the verdict SUCCESS"
	else
		fail "pass: no 'Test result: SUCCESS' in $LOGS/guest-pass.log"
		sed 's/^/  console: /' "$LOGS/guest-pass.log" 2> /dev/null | tail -10
	fi
	destroy pass
fi

# A domU that stays up: pause, unpause, pin, credit parameters.
if create spin spin; then
	sleep 1
	case "$(state spin)" in *p* | *s* | *c* | "") fail "spin: state '$(state spin)' after create, expected running or blocked" ;;
	*) ok "spin: running" ;; esac
	$T xl pause spin
	if wait_state spin p; then ok "xl pause: state p"; else fail "xl pause: state '$(state spin)'"; fi
	$T xl unpause spin
	sleep 0.5
	case "$(state spin)" in *p*) fail "xl unpause: still paused" ;; *) ok "xl unpause: not paused" ;; esac
	same "xl vcpu-pin spin 0 0: exit status" 0 "$($T xl vcpu-pin spin 0 0 > /dev/null 2>&1; echo $?)"
	# xl prints "all" for a map of every pCPU: pCPU 0 alone is that on one CPU.
	pinned=0
	[ "$cpus" = 1 ] && pinned=all
	same "xl vcpu-list: hard affinity $pinned" $pinned \
		"$($T xl vcpu-list spin 2> /dev/null | awk 'NR == 2 { print $7 }')"
	same "xl sched-credit -w 512 -c 50: exit status" 0 \
		"$($T xl sched-credit -d spin -w 512 -c 50 > /dev/null 2>&1; echo $?)"
	same "xl sched-credit -d spin: weight and cap read back" "512 50" \
		"$($T xl sched-credit -d spin 2> /dev/null | awk 'NR == 2 { print $3, $4 }')"
	# A heartbeat every 2 s of its own time: wait up to 10 s for one.
	if console_has spin "toolstack: spin: alive" 20; then
		ok "spin: its heartbeat on its console"
	else
		fail "spin: no heartbeat in $LOGS/guest-spin.log"
	fi
	destroy spin
fi

# A domU that crashes leaves everything else running.
if create crash crash; then
	if wait_state crash c; then ok "crash: crashed"; else fail "crash: state '$(state crash)', expected crashed"; fi
	same "dom0 still listed after the crash" "Domain-0" "$($T xl list 0 2> /dev/null | awk 'NR == 2 { print $1 }')"
	destroy crash
fi

# Debian's cloud kernel as a domU, with a busybox initramfs made here:
# its /init writes a marker on its console (hvc0, the PV console ring
# xenconsoled reads) and powers off.
if [ -f /lib/linuxtest/vmlinuz-domu ]; then
	rm -rf /tmp/domu && mkdir -p /tmp/domu/bin /tmp/domu/dev /tmp/domu/proc
	cp /bin/busybox /tmp/domu/bin/busybox
	cat > /tmp/domu/init <<'INIT'
#!/bin/busybox sh
/bin/busybox mount -t devtmpfs devtmpfs /dev
echo "linux-domU: /init reached" > /dev/hvc0
/bin/busybox poweroff -f
INIT
	chmod 755 /tmp/domu/init
	(cd /tmp/domu && find . | cpio -o -H newc 2> /dev/null | gzip > /tmp/domu.cpio.gz)
	cat > /tmp/linux.cfg <<CFG
name = "linux"
type = "pv"
kernel = "/lib/linuxtest/vmlinuz-domu"
ramdisk = "/tmp/domu.cpio.gz"
extra = "console=hvc0 quiet"
memory = 128
vcpus = 1
on_poweroff = "preserve"
on_crash = "preserve"
CFG
	if xl_create linux "Debian's cloud kernel"; then
		if console_has linux "linux-domU: /init reached" 120; then
			ok "linux domU: its /init marker on its console"
		else
			fail "linux domU: no /init marker on its console in 60 s (state '$(state linux)')"
			tail -15 "$LOGS/guest-linux.log" 2> /dev/null | sed 's/^/  console: /'
		fi
		if wait_state linux s; then ok "linux domU: powered off"; else fail "linux domU: state '$(state linux)', expected shutdown"; fi
		destroy linux
	fi
fi

# Create and destroy, with free memory back where it was each time.
# xl_round: one create, run to poweroff, destroy (create_cycles' ROUND).
xl_round() {
	local f=0
	$T xl create /tmp/cycle.cfg > /dev/null 2>&1 || return 100
	wait_state cycle s || f=$((f + 1))
	$T xl destroy cycle > /dev/null 2>&1 || f=$((f + 1))
	return $f
}
n=$(arg xlcycles 10)
cfg cycle pass
create_cycles "$n" xl_round
same "$n create/destroy cycles, free memory back to $cycles_before MiB each time (failures)" 0 $cycles_bad
# dom0's clock (seconds of guest time): a figure, not a check.
echo "linux-dom0: xl: $n cycles of create, run to poweroff, destroy in $cycles_s s"

# linuxtest.xlbench=N: N runs of xl create to the domU's first console
# line (dom0's monotonic clock, lx-now; the log polled every 2 ms), each
# then destroyed, and the same with our pvctl (same config, same domU):
# figures for tests/linux/xl-bench.sh, one line per run and the median
# of each toolstack.
# first_line NAME: waits (polling every 2 ms, up to 30 s) for NAME's
# first console line in the console daemon's log.
first_line() {
	local w=0
	until [ -s "$LOGS/guest-$1.log" ] || [ $w -ge 15000 ]; do
		usleep 2000
		w=$((w + 1))
	done
}
# bench TOOL: N creates by TOOL (xl or pvctl) of /tmp/bench.cfg.
bench() {
	times=""
	i=0
	while [ $i -lt "$nb" ]; do
		rm -f "$LOGS/guest-bench.log"
		t0=$(lx-now)
		# Not under timeout(1): its fork and exec are no part of a create.
		$1 create /tmp/bench.cfg > /dev/null 2>&1 || { fail "$1-bench: $1 create"; break; }
		tc=$(lx-now)
		first_line bench
		t1=$(lx-now)
		us=$(((t1 - t0) / 1000))
		echo "linux-dom0: $1-bench: run $i: $us us from $1 create to the first console line" \
			"($(((tc - t0) / 1000)) us in $1 create itself)"
		times="$times $us"
		$T $1 destroy bench > /dev/null 2>&1
		i=$((i + 1))
	done
	echo "linux-dom0: $1-bench: median $(echo $times | tr ' ' '\n' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') us of $nb runs"
}
nb=$(arg xlbench 0)
if [ "$nb" -gt 0 ]; then
	cfg bench pass
	bench xl
	if command -v pvctl > /dev/null; then
		bench pvctl
		# One more, with pvctl -v: where its time goes, step by step.
		$T pvctl -v create /tmp/bench.cfg 2>&1 | sed 's/^/linux-dom0: pvctl-bench: step: /'
		$T pvctl destroy bench > /dev/null 2>&1
	fi
fi

# linuxtest.xlscale=N: N idle domUs (4 MiB each) created one after
# another by TOOL and left running, each create timed to its first
# console line: p50, p99, the 1st and the Nth (with N-1 running), the
# creates per second over the whole run, and the hypervisor's own memory
# per idle domain (free memory before and after, less the domains' 4 MiB).
# Then all destroyed, and free memory must be back.
# scale TOOL
scale() {
	local i=1 t0 t1 start before after times="" n=0
	before=$(free_mib)
	start=$(lx-now)
	while [ $i -le "$ns" ]; do
		cfg "s$i" idle 4
		rm -f "$LOGS/guest-s$i.log"
		t0=$(lx-now)
		$1 create "/tmp/s$i.cfg" > /dev/null 2>&1 || { fail "$1-scale: $1 create of s$i"; break; }
		first_line "s$i"
		t1=$(lx-now)
		times="$times $(((t1 - t0) / 1000))"
		n=$i
		i=$((i + 1))
	done
	t1=$(lx-now)
	after=$(free_mib)
	if [ "$1" = pvctl ] && [ "$n" -gt 0 ]; then
		# One more with pvctl -v: where the time goes with $n running.
		cfg s0 idle 4
		pvctl -v create /tmp/s0.cfg 2>&1 | sed "s/^/linux-dom0: pvctl-scale: step: /"
		$T pvctl destroy s0 > /dev/null 2>&1
	fi
	echo "linux-dom0: $1-scale: $n creates, us each:$times"
	echo $times | tr ' ' '\n' | sort -n | awk -v n="$n" -v tool="$1" -v ns="$((t1 - start))" \
		-v first="$(echo $times | cut -d' ' -f1)" -v last="$(echo $times | awk '{ print $NF }')" \
		-v kib="$(((before - after) * 1024 / (n > 0 ? n : 1) - 4096))" '
		{ a[NR] = $1 }
		END {
			if (!n) exit
			p99 = int(0.99 * n + 0.999)
			printf "linux-dom0: %s-scale: p50 %d us, p99 %d us, 1st %d us, %dth %d us, %.1f creates/s, %d KiB of hypervisor memory per idle domain\n",
				tool, a[int((n + 1) / 2)], a[p99], first, n, last, n / (ns / 1e9), kib
		}'
	i=1
	while [ $i -le "$n" ]; do
		$T $1 destroy "s$i" > /dev/null 2>&1
		i=$((i + 1))
	done
	wait_until 20 scale_back
	same "$1-scale: free memory back after destroying the $n domains (MiB)" "$before" "$(free_mib)"
}
scale_back() { [ "$(free_mib)" = "$before" ]; }
ns=$(arg xlscale 0)
if [ "$ns" -gt 0 ]; then
	scale xl
	command -v pvctl > /dev/null && scale pvctl
fi

exit $fails
