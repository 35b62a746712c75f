#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# dom0 drives the machine's devices itself (issue 20, docs/dom0-devices.md):
# run by checks.sh when the kernel command line has linuxtest.hw=1, which
# also makes tests/linux/run.sh give QEMU a virtio disk (00:03.0), an AHCI
# disk (00:04.0), a virtio-net NIC (00:05.0) and an e1000 NIC (00:06.0),
# on user networking. Busybox sh; the same script and verdict on Xen 4.17
# and on xen-like. The checks:
#   pci         /sys/bus/pci/devices lists exactly QEMU's devices: slot,
#               vendor:device and class, in order (what PCI configuration
#               space through 0xcf8/0xcfc showed the kernel)
#   drivers     each device is bound to its driver (/init loaded the hw
#               modules, /etc/linuxtest/hw-modules, for linuxtest.hw=1)
#   disks       on /dev/vda and /dev/sda (copies of hw-disk.ext4): mount,
#               read /hello, write a file, sync, unmount, mount again, read
#               it back
#   nics        each NIC in turn: up, busybox udhcpc gets QEMU's lease
#               (10.0.2.15), ping -c 3 10.0.2.2 answers, then down
#   interrupts  each device's lines in /proc/interrupts counted up while it
#               worked (delivered interrupts, whatever their kind: PIRQs of
#               a GSI or of an MSI)
#   platform    the RTC reads a date after 2025; the i8042 is found
fails=0
ok() { echo "ok: hw: $1"; }
fail() {
	echo "Fail: hw: $1"
	fails=$((fails + 1))
}
same() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: expected '$2', got '$3'"; fi; }

# --- pci: the enumeration -------------------------------------------------
expected_pci="0000:00:00.0 8086:1237 060000
0000:00:01.0 8086:7000 060100
0000:00:01.1 8086:7010 010180
0000:00:01.3 8086:7113 068000
0000:00:02.0 1234:1111 030000
0000:00:03.0 1af4:1001 010000
0000:00:04.0 8086:2922 010601
0000:00:05.0 1af4:1000 020000
0000:00:06.0 8086:100e 020000"
got_pci=$(for d in /sys/bus/pci/devices/*; do
	echo "${d##*/} $(sed 's/^0x//' "$d/vendor"):$(sed 's/^0x//' "$d/device") $(sed 's/^0x//' "$d/class")"
done)
if [ "$got_pci" = "$expected_pci" ]; then
	ok "pci: $(echo "$got_pci" | wc -l) devices, as QEMU has them"
else
	fail "pci: expected QEMU's 9 devices, got:"
	echo "$got_pci" | sed 's/^/  pci: /'
fi

# --- drivers ---------------------------------------------------------------
# driver SLOT: the driver the device at 0000:00:SLOT is bound to.
driver() { basename "$(readlink "/sys/bus/pci/devices/0000:00:$1/driver" 2> /dev/null)" 2> /dev/null; }
for w in 03.0=virtio-pci 04.0=ahci 05.0=virtio-pci 06.0=e1000; do
	same "driver of 00:${w%=*}" "${w#*=}" "$(driver "${w%=*}")"
done
# Block devices and interfaces appear as the drivers probe.
settle() {
	n=0
	while [ $n -lt 50 ]; do
		[ -b /dev/vda ] && [ -b /dev/sda ] && [ "$(nics | wc -l)" = 2 ] && return 0
		sleep 0.2
		n=$((n + 1))
	done
	return 1
}
# nics: "NAME DRIVER" of each interface on a PCI device.
nics() {
	for n in /sys/class/net/*; do
		[ -e "$n/device/driver" ] || continue
		echo "${n##*/} $(basename "$(readlink "$n/device/driver")")"
	done
}
mdev -s 2> /dev/null
settle || fail "devices: expected /dev/vda, /dev/sda and 2 NICs within 10 s, got $(ls /dev | grep -E '^(vd|sd)' | tr '\n' ' ')/ $(nics | tr '\n' ' ')"

# irqs WORD: the total of the /proc/interrupts lines whose name column has WORD.
irqs() { awk -v w="$1" 'index($0, w) { for (i = 2; i <= NF; i++) if ($i ~ /^[0-9]+$/) s += $i; else break } END { print s + 0 }' /proc/interrupts; }
# The names the devices' interrupts have: virtioN for virtio, ahci, the NICs' names.
virtio_of() { basename "$(ls -d "/sys/bus/pci/devices/0000:00:$1"/virtio* 2> /dev/null | head -n 1)"; }
vblk=$(virtio_of 03.0) vnet=$(virtio_of 05.0)

# --- disks -------------------------------------------------------------------
disk_check() { # DEV NAME IRQWORD
	before=$(irqs "$3")
	mkdir -p "/mnt/$2"
	if ! mount -t ext4 "$1" "/mnt/$2"; then
		fail "$2: mount -t ext4 $1 failed"
		return
	fi
	same "$2: /hello" hello-from-dom0-hw-disk "$(cat "/mnt/$2/hello" 2> /dev/null)"
	stamp="written-by-dom0-$2-$(cat /proc/sys/kernel/random/uuid)"
	echo "$stamp" > "/mnt/$2/written"
	sync
	umount "/mnt/$2" || fail "$2: umount failed"
	echo 3 > /proc/sys/vm/drop_caches
	if mount -t ext4 "$1" "/mnt/$2"; then
		same "$2: a file written, synced and read back after a remount" "$stamp" "$(cat "/mnt/$2/written" 2> /dev/null)"
		umount "/mnt/$2"
	else
		fail "$2: second mount failed"
	fi
	after=$(irqs "$3")
	if [ "$after" -gt "$before" ]; then
		ok "$2: its interrupts ($3) counted $before -> $after"
	else
		fail "$2: expected its interrupts ($3) to count up, got $before -> $after"
	fi
}
disk_check /dev/vda vda "$vblk"
disk_check /dev/sda sda ahci

# --- nics ----------------------------------------------------------------------
cat > /tmp/udhcpc.sh << 'EOF'
#!/bin/sh
# busybox udhcpc's hook: the lease on the interface, its router as the default route.
case $1 in
bound | renew)
	ip addr flush dev "$interface"
	ip addr add "$ip/${mask:-24}" dev "$interface"
	[ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface"
	echo "$ip" > "/tmp/lease-$interface"
	;;
esac
exit 0
EOF
chmod 755 /tmp/udhcpc.sh
nic_check() { # IFACE DRIVER IRQWORD
	before=$(irqs "$3")
	ip link set "$1" up
	rm -f "/tmp/lease-$1"
	timeout 30 udhcpc -i "$1" -n -q -t 5 -T 2 -s /tmp/udhcpc.sh > /dev/null 2>&1
	same "$1 ($2): DHCP lease from QEMU" 10.0.2.15 "$(cat "/tmp/lease-$1" 2> /dev/null)"
	if ping -c 3 -W 5 -I "$1" 10.0.2.2 > /tmp/ping-$1 2>&1; then
		ok "$1 ($2): ping -c 3 10.0.2.2: $(grep -o '[0-9]* packets received' /tmp/ping-$1)"
	else
		fail "$1 ($2): ping -c 3 10.0.2.2 failed: $(tail -n 2 /tmp/ping-$1 | tr '\n' ' ')"
	fi
	after=$(irqs "$3")
	if [ "$after" -gt "$before" ]; then
		ok "$1 ($2): its interrupts ($3) counted $before -> $after"
	else
		fail "$1 ($2): expected its interrupts ($3) to count up, got $before -> $after"
	fi
	ip route flush dev "$1" 2> /dev/null
	ip addr flush dev "$1"
	ip link set "$1" down
}
nics > /tmp/nics
while read -r ifc drv; do
	if [ "$drv" = virtio_net ]; then word=$vnet; else word=$ifc; fi
	nic_check "$ifc" "$drv" "$word"
done < /tmp/nics
same "NICs found (drivers)" "e1000 virtio_net" "$(awk '{ print $2 }' /tmp/nics | sort | tr '\n' ' ' | sed 's/ $//')"

# --- platform -----------------------------------------------------------------
year=$(cut -d- -f1 /sys/class/rtc/rtc0/date 2> /dev/null)
if [ -n "$year" ] && [ "$year" -ge 2025 ]; then
	ok "rtc0 reads $(cat /sys/class/rtc/rtc0/date) $(cat /sys/class/rtc/rtc0/time)"
else
	fail "rtc0: expected a date after 2025, got '$(cat /sys/class/rtc/rtc0/date 2> /dev/null)'"
fi
if [ -e /sys/bus/platform/devices/i8042 ] && dmesg | grep -q 'serio: i8042 KBD port'; then
	ok "i8042 found (serio KBD port)"
else
	fail "i8042: expected the controller and its KBD port, got none"
fi
grep -E 'xen-pirq|IO-APIC|PCI-MSI' /proc/interrupts | sed 's/^/  interrupts: /'
exit $fails
