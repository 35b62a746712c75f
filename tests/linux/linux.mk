# SPDX-License-Identifier: GPL-2.0-only
#
# make fragment for the Linux dom0 harness (docs/linux-dom0.md), included
# by the top-level Makefile from the repo root.
#
#   linux-tests: the helper programs (tests/linux/lx-*.c, static, into
#                $(BUILD)/linux/bin/) and one initramfs per kernel package
#                of tests/linux/kernels.list,
#                $(BUILD)/linux/initramfs-<package>.cpio.gz, plus the xen
#                variant initramfs-<package>-xen.cpio.gz for the kernels
#                of lines with kernel arguments; fetching the Debian
#                packages on first use (tests/linux/fetch.sh). The xen
#                variant also carries the domUs' ext4 disk images,
#                $(BUILD)/linux/domu-root.ext4 and domu-data.ext4
#                (tests/linux/mkdomu-disk.sh)
#   linux-hwbench-disk: $(BUILD)/linux/hwbench-disk.ext4, the 80 MiB disk
#                of tests/linux/hw-bench.sh (make bench-hw), built for the
#                benchmark only: not a prerequisite of linux-tests

LINUX_SAVED_GOAL := $(.DEFAULT_GOAL)

LINUX_PKGS := $(shell awk -F'|' '!/^[[:space:]]*(\#|$$)/ { gsub(/[[:space:]]/, "", $$2); print $$2 }' \
	tests/linux/kernels.list | sort -u)
LINUX_HELPERS := $(patsubst tests/linux/%.c,$(BUILD)/linux/bin/%,$(wildcard tests/linux/*.c))
# The kernels of lines with kernel arguments (linuxtest.xenstored=...) also
# get the xen variant, with Debian's Xen user space, pvstored and a domU.
LINUX_XEN_PKGS := $(shell awk -F'|' '!/^[[:space:]]*(\#|$$)/ && $$5 ~ /[^[:space:]]/ { \
	gsub(/[[:space:]]/, "", $$2); print $$2 }' tests/linux/kernels.list | sort -u)
LINUX_INITRDS := $(LINUX_PKGS:%=$(BUILD)/linux/initramfs-%.cpio.gz) \
	$(LINUX_XEN_PKGS:%=$(BUILD)/linux/initramfs-%-xen.cpio.gz)
# Programs that run in dom0's user space: the host's C library, static.
LINUX_CFLAGS := -static -O2 -std=gnu11 -Wall -Wextra -Werror -D__XEN_TOOLS__ -Iinclude -Idom0-tools/include -MMD -MP

$(BUILD)/linux/bin/%: tests/linux/%.c
	@mkdir -p $(dir $@)
	$(HOSTCC) $(LINUX_CFLAGS) -MF $@.d -o $@ $<

# Rebuilt when anything packed into it changes; the Debian packages are
# fetched once and cached (tests/linux/fetch.sh).
$(BUILD)/linux/initramfs-%.cpio.gz: $(LINUX_HELPERS) $(DOM0_TOOLS) tests/linux/init tests/linux/checks.sh \
		tests/linux/xen-daemons.sh tests/linux/xenstore-checks.sh tests/linux/xl-checks.sh tests/linux/checks-lib.sh \
		tests/linux/pvctl-checks.sh tests/linux/pvctl-cli-checks.sh tests/linux/devices-checks.sh \
		tests/linux/xs-bench-dom0.sh tests/linux/domu-init tests/linux/domu.cfg \
		tests/linux/devbench-checks.sh tests/linux/devbench-domu-init \
		tests/linux/hw-checks.sh tests/linux/hw-reboot.sh tests/linux/hwbench-checks.sh tests/linux/xen-like-gaps \
		$(BUILD)/tests/guest-toolstack tests/linux/initramfs.list tests/linux/packages \
		tests/linux/mkinitramfs.sh tests/linux/fetch.sh $(wildcard dom0-tools/pvctl/examples/*)
	tests/linux/mkinitramfs.sh $(patsubst %-xen,%,$*) $@ $(if $(filter %-xen,$*),xen)

# The domUs' disk images (tests/linux/mkdomu-disk.sh), in the xen variant.
LINUX_DOMU_DISKS := $(BUILD)/linux/domu-root.ext4 $(BUILD)/linux/domu-data.ext4
$(BUILD)/linux/domu-root.ext4: tests/linux/mkdomu-disk.sh tests/linux/domu-init tests/linux/packages tests/linux/fetch.sh
	tests/linux/mkdomu-disk.sh root $@
$(BUILD)/linux/domu-data.ext4: tests/linux/mkdomu-disk.sh
	tests/linux/mkdomu-disk.sh data $@
$(LINUX_XEN_PKGS:%=$(BUILD)/linux/initramfs-%-xen.cpio.gz): $(LINUX_DOMU_DISKS) $(BUILD)/linux/hw-disk.ext4
# dom0's own disks in the linuxtest.hw=1 runs (tests/linux/run.sh copies it).
$(BUILD)/linux/hw-disk.ext4: tests/linux/mkdomu-disk.sh
	tests/linux/mkdomu-disk.sh hw $@
# dom0's virtio disk in the linuxtest.hwbench=1 runs: 64 MiB of random
# bytes, so a second or two and 80 MiB of build/; the benchmark's only.
$(BUILD)/linux/hwbench-disk.ext4: tests/linux/mkdomu-disk.sh
	tests/linux/mkdomu-disk.sh hwbench $@

.PHONY: linux-tests linux-hwbench-disk
linux-hwbench-disk: $(BUILD)/linux/hwbench-disk.ext4
linux-tests: $(LINUX_HELPERS) $(LINUX_INITRDS)

-include $(LINUX_HELPERS:=.d)

.DEFAULT_GOAL := $(LINUX_SAVED_GOAL)
