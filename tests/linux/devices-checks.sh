#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# PV domUs with disks and networks through dom0's backends (issue 22,
# docs/design/split-drivers.md §6.4): Debian's cloud kernel as the domU,
# with the domU initramfs (domu-initrd: xen-blkfront, xen-netfront and
# tests/linux/domu-init, whose console lines say what it did) and the
# disk images tests/linux/mkdomu-disk.sh makes. Run by checks.sh with
# linuxtest.only=devices, after dom0's daemons (linuxtest.xenstored=).
#
#   TS=xl|pvctl   the toolstack (or linuxtest.ts= on the kernel command line,
#                 for linuxtest.only=devices; default xl, Debian's, the reference; it runs
#                 Debian's hotplug scripts, /etc/xen/scripts). Only these
#                 subcommands are used: create, destroy, list, block-attach,
#                 block-detach, block-list, network-attach, network-detach,
#                 network-list
#
# The checks:
#   boot from disk  a domU with xvda (a copy of domu-root.ext4) and a vif on
#                   dom0's bridge xenbr0 (10.99.0.1/24): it switches root to
#                   the disk, whose /init writes /from-domu; it pings dom0 and
#                   dom0 pings it; xenstore shows both backends connected;
#                   it shuts down when asked; after destroy dom0 reads
#                   /from-domu from the image
#   hot-plug        a domU waiting for xvdb; block-attach of a copy of
#                   domu-data.ext4; the domU reads /hello, writes, unmounts;
#                   block-detach frees the loop device; then the same image
#                   as xvdc with access=ro: a read-only loop device
#   network         (pvctl) d3 and d4 (2 vCPUs, its own root disk; from
#                   libvirt XML) on the bridge ping
#                   dom0 and each other, dom0 pings both; network-attach of a
#                   second vif to d3 (connected, on the bridge, listed), then
#                   network-detach
#   refusals        (pvctl) a missing file, a missing bridge, a disk another
#                   guest writes, a vdev taken or malformed, detaching what
#                   is not there, dom0 as the target: exit 1 with the
#                   message, nothing left behind
#   sample          (pvctl) make run's /etc/pvctl/guest.cfg: its eth0 is up
#                   and dom0 pings it
#   cycles          (pvctl) linuxtest.devcycles=N (default 2) create/destroy rounds of
#                   the toolstack guest with a disk and a vif: nothing left
#                   and free memory back after each
#   leaks           after each destroy: no vbd/vif backends in xenstore, no
#                   loop device, no vif netdev, no xen-backend device
#
# Prints "ok: ..." or "Fail: ..." per check; exits with the failures.
TS=${TS:-$(sed -n 's/.*linuxtest\.ts=\([a-z]*\).*/\1/p' /proc/cmdline)}
TS=${TS:-xl}
CHECKS_TAG="devices ($TS): "
. /lib/linuxtest/checks-lib.sh
DOMU_KERNEL=/lib/linuxtest/vmlinuz-domu
DOMU_INITRD=/boot/domu/initrd.gz
# What domu-data.ext4's /hello holds (tests/linux/mkdomu-disk.sh).
HELLO=hello-from-domu-data
BR=xenbr0 BR_IP=10.99.0.1 DOMU_IP=10.99.0.2
BE=/local/domain/0/backend
# The devids of xvda and xvdb (docs/design/split-drivers.md §1.2).
XVDA=51712 XVDB=51728 XVDC=51744
# Booting the cloud kernel under QEMU's TCG takes a while: 120 s for the
# domU's first lines, 60 s for each next one (in half-second ticks).
BOOT_TICKS=240 STEP_TICKS=120

xsr() { $T xenstore-read "$1" 2> /dev/null; }
# domid NAME: the domain's id from the toolstack's list ("" if none).
domid() { $T $TS list "$1" 2> /dev/null | awk 'NR == 2 { print $2 }'; }
# cfg NAME EXTRA [DISK [VIF [VCPUS]]]: an xl.cfg for the cloud kernel domU.
cfg() {
	cat > "/tmp/$1.cfg" <<CFG
name = "$1"
type = "pv"
kernel = "$DOMU_KERNEL"
ramdisk = "$DOMU_INITRD"
extra = "console=hvc0 $2"
memory = 96
vcpus = ${5:-1}
${3:+disk = ['$3']}
${4:+vif = ['$4']}
on_poweroff = "preserve"
on_crash = "preserve"
CFG
}
# run WHAT CMD...: CMD (under $T), its exit status checked, its output
# shown when it fails; returns that status. The output goes through a
# file: a hotplug script xl started may hold a pipe open after xl ends.
run() {
	local what=$1 rc
	shift
	$T "$@" > /tmp/run.out 2>&1
	rc=$?
	same "$what: exit status" 0 $rc
	[ $rc = 0 ] || tail -n 20 /tmp/run.out | sed 's/^/  | /'
	return $rc
}
# saw NAME PATTERN TICKS: PATTERN in NAME's console log, or a failure
# with the log's last lines. A domU that powers off (domu-init's last
# line) will not say it: no waiting then.
said() { grep -q -e "$2" -e "domu: powering off" "$LOGS/guest-$1.log" 2> /dev/null; }
saw() {
	wait_until "$3" said "$1" "$2"
	if grep -q "$2" "$LOGS/guest-$1.log" 2> /dev/null; then
		ok "$1: console says '$2'"
	else
		fail "$1: no '$2' on its console"
		tail -n 15 "$LOGS/guest-$1.log" 2> /dev/null | sed 's/^/  console: /'
		return 1
	fi
}
# be_gone KIND D DEVID: the backend dir is gone and so is its kernel device.
be_gone() {
	! $T xenstore-exists "$BE/$1/$2/$3" 2> /dev/null && [ ! -e "/sys/bus/xen-backend/devices/$1-$2-$3" ]
}
# leaks WHEN: nothing of any domU's devices is left in dom0.
leaks() {
	local left
	left=$(for k in vbd vif; do $T xenstore-list "$BE/$k" 2> /dev/null | sed "s/^/$k\//"; done)
	same "$1: no vbd or vif under $BE" "" "$(echo $left)"
	same "$1: losetup -a" "" "$(losetup -a 2>&1)"
	same "$1: no vif* in /sys/class/net" "" "$(ls /sys/class/net | grep '^vif' | tr '\n' ' ')"
	same "$1: /sys/bus/xen-backend/devices" "" "$(ls /sys/bus/xen-backend/devices 2>&1 | tr '\n' ' ')"
}
# read_image IMAGE: IMAGE's /from-domu, read through a loop device with
# the file system mounted read-only (the loop device is writable: ext4
# replays the journal of a domU destroyed without unmounting).
read_image() {
	local dev got
	mkdir -p /mnt/image
	dev=$(losetup -f) && losetup "$dev" "$1" || { echo "losetup of $1 failed"; return 1; }
	if $T mount -t ext4 -o ro "$dev" /mnt/image; then
		got=$(cat /mnt/image/from-domu 2>&1)
		umount /mnt/image
	else
		got="mount -t ext4 -o ro $dev ($1) failed"
	fi
	losetup -d "$dev"
	echo "$got"
}

# dom0's bridge, which xen-daemons.sh made as a host's network setup would.
if [ -e /sys/class/net/$BR/bridge ] && ip addr show dev $BR | grep -q "inet $BR_IP/24"; then
	ok "bridge $BR with $BR_IP/24"
else
	fail "no bridge $BR with $BR_IP/24 in dom0 (xen-daemons.sh makes it)"
fi
leaks "before any domU"

# Boot from disk, with a network: xvda is a file, so the block script
# (or pvctl) puts it on a loop device; the vif goes onto xenbr0.
cp /lib/linuxtest/domu-root.ext4 /tmp/root.img
cfg d1 "root=/dev/xvda domu.ip=$DOMU_IP/24 domu.ping=$BR_IP domu.token=devices-d1" \
	"format=raw,vdev=xvda,access=rw,target=/tmp/root.img" "mac=00:16:3e:00:00:11,bridge=$BR"
if run "$TS create d1 (disk xvda, vif on $BR)" $TS create /tmp/d1.cfg; then
	d=$(domid d1)
	saw d1 "domu: eth0 up as $DOMU_IP/24" $BOOT_TICKS
	saw d1 "domu: ping $BR_IP: ok" $STEP_TICKS
	saw d1 "domu: root=/dev/xvda: switch_root" $STEP_TICKS
	saw d1 "domu: init from disk: wrote /from-domu" $STEP_TICKS
	run "dom0 pings d1 ($DOMU_IP)" ping -c 3 -W 2 $DOMU_IP > /dev/null

	vbd=$BE/vbd/$d/$XVDA vif=$BE/vif/$d/0
	same "vbd backend state" 4 "$(xsr $vbd/state)"
	same "vbd frontend state" 4 "$(xsr /local/domain/$d/device/vbd/$XVDA/state)"
	same "vbd hotplug-status" connected "$(xsr $vbd/hotplug-status)"
	node=$(xsr $vbd/node)
	pd=$(xsr $vbd/physical-device)
	case $node:$pd in
	/dev/loop[0-9]*:7:[0-9a-f]*) ok "vbd physical-device $pd, node $node" ;;
	*) fail "vbd physical-device/node: expected 7:<n> and /dev/loop<n>, got '$pd' and '$node'" ;;
	esac
	same "vbd params" /tmp/root.img "$(xsr $vbd/params)"
	same "vif backend state" 4 "$(xsr $vif/state)"
	same "vif frontend state" 4 "$(xsr /local/domain/$d/device/vif/0/state)"
	same "vif hotplug-status" connected "$(xsr $vif/hotplug-status)"
	if [ -e /sys/class/net/$BR/brif/vif$d.0 ]; then
		ok "vif$d.0 is a port of $BR"
	else
		fail "vif$d.0 not in /sys/class/net/$BR/brif/ (it has: $(ls /sys/class/net/$BR/brif 2>&1 | tr '\n' ' '))"
	fi
	bl=$($T $TS block-list d1 2>&1)
	if echo "$bl" | grep -q "^$XVDA "; then ok "$TS block-list d1: $XVDA"; else fail "$TS block-list d1: no $XVDA in '$bl'"; fi

	# It shuts down as asked (its kernel powers off), and stays (preserve).
	run "$TS shutdown -w d1" $TS shutdown -w d1
	saw d1 "domu: powering off" $STEP_TICKS
	run "$TS destroy d1" $TS destroy d1
	same "d1 gone from $TS list" "" "$(domid d1)"
	if wait_until 40 be_gone vbd "$d" $XVDA && wait_until 40 be_gone vif "$d" 0; then
		ok "d1: vbd and vif backends gone"
	fi
	leaks "after destroy d1"
	same "/from-domu in d1's root image" "written by devices-d1" "$(read_image /tmp/root.img)"
fi
rm -f /tmp/root.img

# Hot-plug: a running domU gets xvdb, uses it, and gives it back.
cp /lib/linuxtest/domu-data.ext4 /tmp/data.img
cfg d2 "domu=hotplug domu.token=devices-d2"
if run "$TS create d2 (no disk)" $TS create /tmp/d2.cfg; then
	d=$(domid d2)
	if saw d2 "domu: waiting for xvdb" $BOOT_TICKS &&
		run "$TS block-attach d2 xvdb" $TS block-attach d2 "format=raw,vdev=xvdb,access=rw,target=/tmp/data.img"; then
		saw d2 "domu: xvdb: hello says $HELLO" $STEP_TICKS
		saw d2 "domu: xvdb: unmounted" $STEP_TICKS
		same "xvdb backend state" 4 "$(xsr $BE/vbd/$d/$XVDB/state)"
		bl=$($T $TS block-list d2 2>&1)
		if echo "$bl" | grep -q "^$XVDB "; then ok "$TS block-list d2: $XVDB"; else fail "$TS block-list d2: no $XVDB in '$bl'"; fi
		run "$TS block-detach d2 xvdb" $TS block-detach d2 xvdb
		if wait_until 40 be_gone vbd "$d" $XVDB; then
			ok "xvdb: backend gone after block-detach"
		else
			fail "xvdb: backend still there 20 s after block-detach (state '$(xsr $BE/vbd/$d/$XVDB/state)')"
		fi
		same "after block-detach: losetup -a" "" "$(losetup -a 2>&1)"
		bl=$($T $TS block-list d2 2>&1)
		if echo "$bl" | grep -q "^$XVDB "; then fail "$TS block-list d2 after detach: still $XVDB"; else ok "$TS block-list d2 after detach: no $XVDB"; fi

		# access=ro: the backend's mode is r and the loop device read-only.
		if run "$TS block-attach d2 xvdc (access=ro)" $TS block-attach d2 "format=raw,vdev=xvdc,access=ro,target=/tmp/data.img"; then
			be=$BE/vbd/$d/$XVDC
			same "xvdc backend mode" r "$(xsr $be/mode)"
			node=$(xsr $be/node)
			same "xvdc: its loop device ($node) is read-only" 1 "$(cat /sys/block/${node#/dev/}/ro 2>&1)"
			wait_until 40 [ "$(xsr $be/state)" = 4 ]
			same "xvdc backend state" 4 "$(xsr $be/state)"
			run "$TS block-detach d2 xvdc" $TS block-detach d2 xvdc
			if wait_until 40 be_gone vbd "$d" $XVDC; then ok "xvdc: backend gone after block-detach"; else fail "xvdc: backend still there after block-detach"; fi
			same "after block-detach of xvdc: losetup -a" "" "$(losetup -a 2>&1)"
		fi
	fi
	run "$TS destroy d2" $TS destroy d2
	same "d2 gone from $TS list" "" "$(domid d2)"
	leaks "after destroy d2"
	same "/from-domu in the hot-plugged image" "written by devices-d2" "$(read_image /tmp/data.img)"
fi
rm -f /tmp/data.img

# The rest needs no second toolstack as reference: xl has shown the
# layout and the hotplug above; two domUs on a bridge and the cycles are
# the hypervisor's and the backends', checked with pvctl on both.
if [ "$TS" = xl ]; then
	echo "linux-dom0: devices (xl): the network of two domUs, the refusals and the cycles run with pvctl"
	exit $fails
fi

# A network of two domUs on the bridge: d3 pings dom0, d4 (2 vCPUs, its
# own root disk) pings d3, dom0 pings both. Then d3 gets a second vif
# while it runs (its netfront connects it) and gives it back.
cp /lib/linuxtest/domu-root.ext4 /tmp/root4.img
cfg d3 "domu.ip=10.99.0.3/24 domu.ping=$BR_IP" "" "mac=00:16:3e:00:00:13,bridge=$BR"
cfg d4 "root=/dev/xvda domu.ip=10.99.0.4/24 domu.ping=10.99.0.3 domu.token=devices-d4" \
	"format=raw,vdev=xvda,access=rw,target=/tmp/root4.img" "mac=00:16:3e:00:00:14,bridge=$BR" 2
# pvctl reads d4 from libvirt's domain XML instead: the same domain.
d4cfg=/tmp/d4.cfg
if [ "$TS" = pvctl ]; then
	d4cfg=/tmp/d4.xml
	cat > $d4cfg <<XML
<domain type='xen'>
  <name>d4</name>
  <memory unit='MiB'>96</memory>
  <vcpu>2</vcpu>
  <os>
    <type>linux</type>
    <kernel>$DOMU_KERNEL</kernel>
    <initrd>$DOMU_INITRD</initrd>
    <cmdline>console=hvc0 root=/dev/xvda domu.ip=10.99.0.4/24 domu.ping=10.99.0.3 domu.token=devices-d4</cmdline>
  </os>
  <on_poweroff>preserve</on_poweroff>
  <on_crash>preserve</on_crash>
  <devices>
    <disk type='file' device='disk'>
      <driver name='phy' type='raw'/>
      <source file='/tmp/root4.img'/>
      <target dev='xvda'/>
    </disk>
    <interface type='bridge'>
      <mac address='00:16:3e:00:00:14'/>
      <source bridge='$BR'/>
    </interface>
  </devices>
</domain>
XML
fi
if run "$TS create d3 (vif)" $TS create /tmp/d3.cfg &&
	saw d3 "domu: ping $BR_IP: ok" $BOOT_TICKS &&
	run "$TS create d4 (2 vCPUs, disk xvda, vif)" $TS create $d4cfg; then
	d3=$(domid d3) d4=$(domid d4)
	saw d4 "domu: eth0 up as 10.99.0.4/24" $BOOT_TICKS
	saw d4 "domu: ping 10.99.0.3: ok" $STEP_TICKS
	saw d4 "domu: init from disk: wrote /from-domu" $STEP_TICKS
	# Its kernel has brought its second vCPU up by now.
	same "d4: 2 vCPUs online in $TS list" 2 "$($T $TS list d4 2> /dev/null | awk 'NR == 2 { print $4 }')"
	run "dom0 pings d3 (10.99.0.3)" ping -c 3 -W 2 10.99.0.3 > /dev/null
	run "dom0 pings d4 (10.99.0.4)" ping -c 3 -W 2 10.99.0.4 > /dev/null
	same "d3 and d4 on $BR" "vif$d3.0 vif$d4.0" "$(ls /sys/class/net/$BR/brif | grep '^vif' | sort | tr '\n' ' ' | sed 's/ $//')"

	if run "$TS network-attach d3 (a second vif)" $TS network-attach d3 mac=00:16:3e:00:00:23 bridge=$BR; then
		vif=$BE/vif/$d3/1
		wait_until 40 [ "$(xsr $vif/state)" = 4 ]
		same "d3's vif 1: backend state" 4 "$(xsr $vif/state)"
		same "d3's vif 1: frontend state" 4 "$(xsr /local/domain/$d3/device/vif/1/state)"
		same "d3's vif 1: mac" 00:16:3e:00:00:23 "$(xsr $vif/mac)"
		if [ -e /sys/class/net/$BR/brif/vif$d3.1 ]; then ok "vif$d3.1 is a port of $BR"; else fail "vif$d3.1 not on $BR"; fi
		same "$TS network-list d3: indexes" "0 1" \
			"$($T $TS network-list d3 2> /dev/null | awk 'NR > 1 { print $1 }' | tr '\n' ' ' | sed 's/ $//')"
		run "$TS network-detach d3 1" $TS network-detach d3 1
		if wait_until 40 be_gone vif "$d3" 1; then ok "d3's vif 1: backend gone after network-detach"; else fail "d3's vif 1: backend still there after network-detach"; fi
		same "after network-detach: vif$d3.1 gone" "" "$(ls /sys/class/net | grep "^vif$d3\.1\$")"
		same "after network-detach: vif$d3.0 still on $BR" "vif$d3.0" "$(ls /sys/class/net/$BR/brif | grep "^vif$d3\.")"
	fi
	run "$TS destroy d4" $TS destroy d4
	run "$TS destroy d3" $TS destroy d3
	wait_until 40 be_gone vbd "$d4" $XVDA
	leaks "after destroy d3 and d4"
	same "/from-domu in d4's root image" "written by devices-d4" "$(read_image /tmp/root4.img)"
fi
rm -f /tmp/root4.img

# make run's sample domU (dom0-tools/pvctl/examples/guest.cfg), as a
# user starts it: its shell on the console and eth0 10.99.0.2 on xenbr0.
if [ "$TS" = pvctl ] && [ -f /etc/pvctl/guest.cfg ]; then
	if run "pvctl create /etc/pvctl/guest.cfg (make run's sample)" pvctl create /etc/pvctl/guest.cfg; then
		saw guest "domu: eth0 up as 10.99.0.2/24" $BOOT_TICKS
		saw guest "domu: a busybox shell on the console" $STEP_TICKS
		run "dom0 pings the sample domU (10.99.0.2)" ping -c 3 -W 2 10.99.0.2 > /dev/null
		run "pvctl destroy guest" pvctl destroy guest
		leaks "after destroy guest"
	fi
fi

# pvctl's refusals: each a clear error, exit 1, and nothing left behind
# (the small toolstack guest; no frontend is needed to be refused).
# refused WHAT PATTERN CMD...: CMD exits 1 with PATTERN in its message.
refused() {
	local what=$1 want=$2 out rc
	shift 2
	out=$($T "$@" 2>&1)
	rc=$?
	case "$rc:$out" in
	1:*"$want"*) ok "$what: refused ('$(echo "$out" | tail -n 1)')" ;;
	*) fail "$what: expected exit 1 and '$want', got exit $rc: '$out'" ;;
	esac
}
if [ "$TS" = pvctl ]; then
	cp /lib/linuxtest/domu-data.ext4 /tmp/err.img
	cat > /tmp/err.cfg <<CFG
name = "err"
kernel = "$KERNEL"
extra = "spin"
memory = 16
CFG
	free0=$(free_mib)
	refused "a disk whose file is missing" "xvda: /tmp/missing.img: No such file" \
		pvctl create /tmp/err.cfg "disk=['vdev=xvda,target=/tmp/missing.img']"
	refused "a vif on a bridge dom0 lacks" "dom0 has no bridge xenbr9" \
		pvctl create /tmp/err.cfg "vif=['bridge=xenbr9']"
	same "the failed creates left no domain" "" "$(domid err)"
	leaks "after the failed creates"
	if run "pvctl create err (disk xvda rw)" pvctl create /tmp/err.cfg "disk=['vdev=xvda,target=/tmp/err.img']"; then
		cp /tmp/err.cfg /tmp/err2.cfg
		sed -i 's/^name = .*/name = "err2"/' /tmp/err2.cfg
		refused "a second guest writing the same image" "already d" \
			pvctl create /tmp/err2.cfg "disk=['vdev=xvda,target=/tmp/err.img']"
		refused "block-attach of a vdev err has" "has a disk 51712 already" \
			pvctl block-attach err "vdev=xvda,target=/tmp/err.img,access=ro"
		refused "block-attach with a bad vdev" "not a virtual disk name" \
			pvctl block-attach err "vdev=vdz,target=/tmp/err.img"
		refused "block-detach of a disk err lacks" "has no vbd 51728" pvctl block-detach err xvdb
		refused "network-detach of a vif err lacks" "has no vif" pvctl network-detach err 3
		refused "block-attach to dom0" "dom0's devices are its own" \
			pvctl block-attach 0 "vdev=xvdb,target=/tmp/err.img"
		same "err's disk still listed" "$XVDA" "$(pvctl block-list err 2> /dev/null | awk 'NR > 1 { print $1 }')"
		run "pvctl destroy err" pvctl destroy err
	fi
	same "no err2 domain" "" "$(domid err2)"
	leaks "after the refusals"
	wait_until 20 [ "$(free_mib)" = "$free0" ]
	same "after the refusals: free memory (MiB)" "$free0" "$(free_mib)"
	rm -f /tmp/err.img
fi

# Create/destroy cycles with a disk and a vif (linuxtest.devcycles=N,
# default 2): the small toolstack guest, which has no frontends, so the
# backends probe, the hotplug runs, and destroy must close them under it.
# After each: no backend, loop device or vif left, free memory back.
cp /lib/linuxtest/domu-data.ext4 /tmp/cyc.img
cat > /tmp/cyc.cfg <<CFG
name = "cyc"
kernel = "$KERNEL"
extra = "spin"
memory = 16
disk = ['format=raw,vdev=xvda,access=rw,target=/tmp/cyc.img']
vif = ['mac=00:16:3e:00:00:31,bridge=$BR']
CFG
# nothing_left: no device of any domU is left in dom0.
nothing_left() {
	[ -z "$(xenstore-list $BE/vbd 2> /dev/null)$(xenstore-list $BE/vif 2> /dev/null)" ] &&
		[ -z "$(losetup -a)" ] && ! ls /sys/class/net | grep -q '^vif' &&
		[ -z "$(ls /sys/bus/xen-backend/devices)" ]
}
dev_round() {
	$T $TS create /tmp/cyc.cfg > /tmp/run.out 2>&1 || { tail -n 5 /tmp/run.out; return 100; }
	$T $TS destroy cyc > /tmp/run.out 2>&1 || { tail -n 5 /tmp/run.out; return 1; }
	wait_briefly 250 nothing_left || { echo "  left: $(xenstore-list $BE/vbd $BE/vif 2>&1 | tr '\n' ' ') $(losetup -a)"; return 1; }
	# The domain's last pages come back when the backends have let go.
	wait_briefly 250 [ "$(pv_free_mib)" = "$cycles_before" ]
	return 0
}
# pvctl info's free memory: a static program, quicker than xl info.
pv_free_mib() { $T pvctl info 2> /dev/null | sed -n 's/^free_memory *: //p'; }
n=$(arg devcycles 2)
FREE_CMD=pv_free_mib create_cycles "$n" dev_round
same "$n create/destroy cycles with a disk and a vif: failures" 0 $cycles_bad
echo "linux-dom0: devices ($TS): $n cycles in $cycles_s s"
leaks "after the cycles"
rm -f /tmp/cyc.img

exit $fails
