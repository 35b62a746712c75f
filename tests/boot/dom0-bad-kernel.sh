#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# A dom0 kernel the loader must refuse stops the boot with a panic that
# names what is wrong (never a fault): not an ELF at all, an ELF with no
# Xen notes (the hypervisor's own image), a truncated PV kernel, and
# compressed kernels that are broken: a truncated xz stream, an lz4 frame
# with a corrupted block size, a bzImage whose payload_length runs past
# the module, a bzImage whose declared size lies. The same kernel, well
# formed as a bzImage (xz, lz4, gzip and zstd payloads, or none) or as a
# compressed ELF, builds and runs, and each expansion is logged.
. "$(dirname "$0")/lib.sh"

DIR=$TOP/build/tests/bad-kernels
KERNEL=$TOP/build/tests/test-example
mkdir -p "$DIR"
printf 'this is not a kernel\n' > "$DIR/text"
head -c 3000 "$KERNEL" > "$DIR/truncated"

# bzimage PAYLOAD OUT [EXTRA_LENGTH] [DECLARED]: wrap PAYLOAD as Linux does
# (the size appended unless gzip), in a boot protocol 2.15 setup header.
bzimage() {
	python3 - "$@" <<'EOF'
import struct, sys
payload = open(sys.argv[1], "rb").read()
extra = int(sys.argv[3]) if len(sys.argv) > 3 else 0
size = int(sys.argv[4]) if len(sys.argv) > 4 else None
if payload[:2] != b"\x1f\x8b":
    payload += struct.pack("<I", size)
sects = 15
img = bytearray((sects + 1) * 512 + 0x400)
img[0x1f1] = sects
img[0x1fe:0x200] = b"\x55\xaa"
img[0x202:0x206] = b"HdrS"
img[0x206:0x208] = struct.pack("<H", 0x20f)
img[0x248:0x250] = struct.pack("<II", 0x400, len(payload) + extra)
open(sys.argv[2], "wb").write(bytes(img) + payload)
EOF
}

SIZE=$(stat -c %s "$KERNEL")
xz --check=crc32 --x86 --lzma2=dict=1MiB -c "$KERNEL" > "$DIR/kernel.xz"
lz4 -q -l -c "$KERNEL" > "$DIR/kernel.lz4"
gzip -n -9 -c "$KERNEL" > "$DIR/kernel.gz"
zstd -q -19 -c "$KERNEL" > "$DIR/kernel.zst"
head -c $(($(stat -c %s "$DIR/kernel.xz") / 2)) "$DIR/kernel.xz" > "$DIR/truncated.xz"
python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[7] ^= 0x40
open(sys.argv[2], "wb").write(d)' "$DIR/kernel.lz4" "$DIR/corrupt.lz4"
for f in xz lz4 zst; do
	bzimage "$DIR/kernel.$f" "$DIR/bzImage-$f" 0 "$SIZE"
done
bzimage "$DIR/kernel.gz" "$DIR/bzImage-gz"
bzimage "$KERNEL" "$DIR/bzImage-none" 0 "$SIZE"
bzimage "$DIR/kernel.xz" "$DIR/bzImage-past-end" 1000 "$SIZE"
bzimage "$DIR/kernel.xz" "$DIR/bzImage-lying-size" 0 $((SIZE + 4096))

# case       module                           expected reason (regex)
while read -r case module reason; do
	run_boot "$case" --cmdline "noreboot qemu_exit=0xf4" --module "$module" --timeout 30
	expect_qemu_status 35 "$case: halted after the panic"
	expect_line "Could not build dom0: module 1 \([0-9]+ bytes\): .*$reason" "$case: reason"
	expect_no_line "FATAL TRAP" "$case: no fault in the hypervisor"
done <<CASES
not-elf $DIR/text not an ELF
no-xen-notes $TOP/build/xen-like.elf no Xen ELF notes
truncated $DIR/truncated beyond end of image
truncated-xz $DIR/truncated.xz xz: .*(truncated|runs out)
corrupt-lz4 $DIR/corrupt.lz4 lz4: block size runs past the end
bzimage-past-end $DIR/bzImage-past-end bzImage: payload_offset/payload_length run past the end
bzimage-lying-size $DIR/bzImage-lying-size bzImage payload: output smaller than the declared size
CASES

# case       module                  format logged
while read -r case module format; do
	run_boot "$case" --module "$module" --timeout 30
	expect_rc 0 "$case: the test kernel runs"
	expect_line "d0 kernel: module 1: $format, [0-9]+ -> $SIZE bytes, decompressed in [0-9]+ ms" \
		"$case: expansion logged"
done <<CASES
bzimage-xz $DIR/bzImage-xz bzImage, xz
bzimage-lz4 $DIR/bzImage-lz4 bzImage, lz4
bzimage-gzip $DIR/bzImage-gz bzImage, gzip
bzimage-zstd $DIR/bzImage-zst bzImage, zstd
gzip-elf $DIR/kernel.gz gzip
xz-elf $DIR/kernel.xz xz
CASES

# An uncompressed kernel in a bzImage is used in place.
run_boot bzimage-none --module "$DIR/bzImage-none" --timeout 30
expect_rc 0 "bzimage-none: the test kernel runs"
finish
