#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Boot a Debian kernel as dom0, on xen-like or on real Xen 4.17, through
# tests/run: the bzImage is module 1, its initramfs (make linux-tests)
# module 2. Without --shell the initramfs runs the checks and prints the
# verdict, and the exit status is tests/run's (0 SUCCESS, 5 FAILURE, 6 no
# verdict...).
#
#   tests/linux/run.sh [options] PACKAGE
#     --xen417        boot Xen 4.17 (default: build/xen-like)
#     --vcpus N       dom0 vCPUs (dom0_max_vcpus=N) and QEMU CPUs (default 1)
#     --shell         a busybox shell on this terminal instead of the checks
#                     (quit QEMU with Ctrl-A X, or 'exit' powers dom0 off)
#     --boot-only     power off as soon as /init runs (tests/linux/boot-time.sh)
#     --name NAME     the test's name, for the log build/tests/NAME.log
#     --timeout SEC   wall-clock limit (default 180)
#     --xen-arg STR   append STR to the hypervisor's command line
#     --linux-arg STR append STR to the kernel's command line (e.g.
#                     linuxtest.xenstored=debian: start dom0's Xen daemons;
#                     that, linuxtest.hw=1 and linuxtest=xsbench boot the
#                     xen variant of the initramfs,
#                     initramfs-PACKAGE-xen.cpio.gz). With linuxtest.hw=1
#                     QEMU also gets the devices dom0 drives itself
#                     (tests/linux/hw-checks.sh): a virtio disk and an AHCI
#                     disk, each a fresh copy of build/linux/hw-disk.ext4,
#                     and a virtio-net and an e1000 NIC on user networking.
#                     With linuxtest.reboot=1 as well, dom0 reboots the
#                     machine once its checks passed, boots again, finds
#                     its mark on the virtio disk and gives the verdict;
#                     the run fails unless the hypervisor's banner is in
#                     the log twice (tests/linux/hw-reboot.sh)
#     --cpu MODEL     QEMU's CPU (default: tests/run's for xen-like, max,-fsgsbase
#                     for Xen 4.17); the same on both for a side-by-side figure
#     --qemu-arg ARG  pass ARG to QEMU (repeatable; e.g. -icount for
#                     tests/linux/boot-bench.sh)
#
# $LINUX_EXTRA is appended to the kernel's command line (e.g.
# LINUX_EXTRA=xen.fifo_events=0 for 2-level event channels).
#
# dom0 gets 512 MiB of QEMU's 1 GiB. On Xen 4.17 QEMU's CPU is "max"
# without FSGSBASE and Xen runs with smap=0: QEMU's TCG emulation of
# SMAP and FSGSBASE trips Xen 4.17's PV paths otherwise.
# sched=credit as for the SMP PV tests (docs/testing.md).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
dom0_mib=512
qemu_mib=1024
xen417=0 vcpus=1 mode=run name="" timeout_s=180 xen_arg="" linux_arg="" cpu=""
qemu_args=()
usage() { sed -n '4,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case "$1" in
	--xen417) xen417=1; shift ;;
	--vcpus) vcpus=$2; shift 2 ;;
	--shell) mode=shell; shift ;;
	--boot-only) mode=boot; shift ;;
	--name) name=$2; shift 2 ;;
	--timeout) timeout_s=$2; shift 2 ;;
	--xen-arg) xen_arg="$xen_arg $2"; shift 2 ;;
	--linux-arg) linux_arg="$linux_arg $2"; shift 2 ;;
	--qemu-arg) qemu_args+=(--qemu-arg "$2"); shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	-h | --help) usage ;;
	-*) echo "linux/run: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
[ $# = 1 ] || usage
pkg=$1

kdir=$("$top/tests/linux/fetch.sh" "$pkg") || exit 6
kernel=$(ls "$kdir"/boot/vmlinuz-* 2> /dev/null | head -n 1)
[ -n "$kernel" ] || { echo "linux/run: no boot/vmlinuz-* in $kdir" >&2; exit 6; }
# Runs that start dom0's Xen daemons (linuxtest.xenstored=, linuxtest=xsbench)
# take the xen variant of the initramfs, with Debian's Xen user space.
initrd=$top/build/linux/initramfs-$pkg.cpio.gz
case " $linux_arg ${LINUX_EXTRA:-} " in
*" linuxtest.xenstored="* | *" linuxtest=xsbench "* | *" linuxtest.hw=1 "*) initrd=$top/build/linux/initramfs-$pkg-xen.cpio.gz ;;
esac
# dom0's own devices (tests/linux/hw-checks.sh): the PCI slots after
# QEMU's built-in ones (00:00.0-00:02.0), in the order the checks expect.
case " $linux_arg ${LINUX_EXTRA:-} " in
*" linuxtest.hw=1 "*)
	disk=$top/build/linux/hw-disk.ext4; vda=$disk
	[ -f "$disk" ] || { echo "linux/run: no $disk (run make linux-tests)" >&2; exit 6; }
	# With linuxtest.hwbench=1 too (tests/linux/hw-bench.sh), the virtio
	# disk is the benchmark's (make linux-hwbench-disk).
	case " $linux_arg ${LINUX_EXTRA:-} " in *" linuxtest.hwbench=1 "*) vda=$top/build/linux/hwbench-disk.ext4 ;; esac
	[ -f "$vda" ] || { echo "linux/run: no $vda (run make linux-hwbench-disk)" >&2; exit 6; }
	scratch=$top/build/tests/${name:-linux/hw}
	mkdir -p "$(dirname "$scratch")"
	cp "$vda" "$scratch-vda.img"
	cp "$disk" "$scratch-sda.img"
	for a in -drive "file=$scratch-vda.img,if=none,id=hwvd,format=raw" -device virtio-blk-pci,drive=hwvd,addr=03.0 \
		 -device ahci,id=hwahci,addr=04.0 -drive "file=$scratch-sda.img,if=none,id=hwsd,format=raw" \
		 -device ide-hd,drive=hwsd,bus=hwahci.0 \
		 -netdev user,id=hwvn -device virtio-net-pci,netdev=hwvn,addr=05.0 \
		 -netdev user,id=hwen -device e1000,netdev=hwen,addr=06.0; do
		qemu_args+=(--qemu-arg "$a")
	done
	;;
esac
[ -f "$initrd" ] || { echo "linux/run: no $initrd (run make linux-tests)" >&2; exit 6; }

# printk.devkmsg=on: where /init's console is the kernel log (/dev/kmsg),
# the default rate limit (10 lines in 5 s) would drop its lines.
linux_cmdline="console=hvc0 earlyprintk=xen printk.devkmsg=on linuxtest=$mode linuxtest.vcpus=$vcpus linuxtest.mem=$dom0_mib$linux_arg${LINUX_EXTRA:+ $LINUX_EXTRA}"
# On xen-like, the checks apply its known gaps, each naming its issue
# (tests/linux/xen-like-gaps); on Xen 4.17 none.
[ $xen417 = 1 ] || linux_cmdline="$linux_cmdline linuxtest.gaps=1"
args=(--mem "$qemu_mib" --smp "$vcpus" --timeout "$timeout_s"
      --module "$kernel:$linux_cmdline" --module "$initrd")
if [ $xen417 = 1 ]; then
	args+=(--xen417 --cpu "${cpu:-max,-fsgsbase}" --cmdline "console=com1 com1=115200,8n1 dom0_mem=${dom0_mib}M,max:${dom0_mib}M dom0_max_vcpus=$vcpus sched=credit noreboot loglvl=all guest_loglvl=all smap=0$xen_arg")
else
	# A panic ends the run at once; without noreboot, xen-like would also
	# reboot (QEMU -no-reboot exits) rather than halt, e.g. in --shell.
	[ -n "$cpu" ] && args+=(--cpu "$cpu")
	args+=(--end-on "Panic on CPU|Halting this machine" --cmdline "console=com1 com1=115200,8n1 dom0_mem=${dom0_mib}M dom0_max_vcpus=$vcpus loglvl=all$xen_arg")
fi
args+=("${qemu_args[@]+"${qemu_args[@]}"}")
reboot=0
case " $linux_arg ${LINUX_EXTRA:-} " in
*" linuxtest.reboot=1 "*)
	reboot=1
	args+=(--allow-reboot)
	# Xen 4.17's "Hardware Dom0 shutdown: rebooting machine" must not end the run.
	[ $xen417 = 1 ] && args+=(--end-on "Hardware Dom0 (halted|crashed)|Panic on CPU|Reboot disabled")
	;;
esac
if [ $mode = shell ]; then
	args+=(--interactive)
else
	args+=(--name "${name:-linux-$(basename "$kernel")-${vcpus}cpu}")
fi
[ $reboot = 1 ] && [ $mode = run ] || exec "$top/tests/run" "${args[@]}"
# linuxtest.reboot=1: the verdict is the second boot's, and the hypervisor
# must have started twice.
rc=0
"$top/tests/run" "${args[@]}" || rc=$?
log=$top/build/tests/${name:-linux-$(basename "$kernel")-${vcpus}cpu}.log
if [ $xen417 = 1 ]; then banner='^\(XEN\) Xen version 4\.17'; else banner='^\(XEN\) xen-like version '; fi
boots=$(grep -c -E "$banner" "$log" 2> /dev/null || true)
if [ "$rc" = 0 ] && [ "${boots:-0}" -lt 2 ]; then
	echo "linux/run: FAILURE: expected the hypervisor to boot twice (dom0 rebooted the machine), its banner is in $log ${boots:-0} time(s)"
	exit 5
fi
[ "$rc" = 0 ] && echo "linux/run: the hypervisor booted $boots times (dom0 rebooted the machine)"
exit $rc
