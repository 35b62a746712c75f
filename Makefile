# SPDX-License-Identifier: GPL-2.0-only
# xen-like top-level Makefile: plain GNU Make, out-of-tree objects in build/.
#
#   make            build/xen-like (multiboot image for QEMU -kernel and GRUB)
#   make iso        build/xen-like.iso (GRUB2 rescue ISO, Multiboot 2)
#   make run        boot xen-like in QEMU with Debian's Linux as dom0, our
#                   xenstore and console daemons and pvctl, a dom0 shell on
#                   this terminal: pvctl create -c /etc/pvctl/guest.cfg boots
#                   a Linux domU (XEN=4.17: the same on real Xen 4.17)
#   make run-demo   the small demo: a PV dom0 of ours (interactive) and two
#                   domUs playing event-channel ping-pong
#   make test       unit tests + ABI checks + QEMU boot tests + PV test kernels
#                   + Debian Linux as dom0 (tests/linux/)
#   make check-abi  public headers standalone as C99/C++, static asserts, and
#                   conformance with Xen 4.17's headers (tests/abi/xen-diff.py)
#   make install-headers PREFIX=DIR  the guest SDK: public headers,
#                   libguest-pv-abi.a, pkg-config file (docs/guest-sdk.md)
#   make bench      bench kernels on xen-like and Xen 4.17 (QEMU -icount), results
#                   in bench/results/<date-time>/ (docs/research.md), then the
#                   Linux dom0 boot benchmark (build/bench/linux-boot.txt) and the
#                   xenstore benchmark, pvstored against Debian's xenstored
#                   (build/bench/xenstore.txt)
#   make bench-smoke each bench kernel once on xen-like: runs, prints BENCH lines
#   make bench-devices a domU's disk and network through dom0's backends, xen-like
#                   against Xen 4.17 (QEMU -icount), with the grant-table counters
#                   (build/bench/devices.txt)
#   make bench-hw   dom0's own virtio disk (cold read) and virtio-net (ping),
#                   xen-like against Xen 4.17 (QEMU -icount) (build/bench/hw.txt)
#   make run-linux  boot Debian's Linux as dom0 on xen-like (XEN=4.17: on real
#                   Xen 4.17), a busybox shell on this terminal (docs/linux-dom0.md)
#   make linux-tests the Linux dom0 harness's helpers and initramfs images
#   make fuzz       the hypercall fuzzer on xen-like, one boot per seed:
#                   SEEDS="1 2 3" N=20000 (scripts/fuzz.sh, docs/security.md)

include config.mk

BUILD   := build
HOSTCC  ?= gcc
HOSTCXX ?= g++
CC      := gcc
LD      := ld
NASM    := nasm
OBJCOPY := objcopy
NM      := nm

.PHONY: all iso run run-demo test unit-tests deps clean bench bench-toolstack bench-devices bench-hw bench-smoke qemu run-linux fuzz
all: $(BUILD)/xen-like

include xen-like/build.mk
include tests/unit/unit.mk
include dom0-tools/dom0-tools.mk
-include include/public/public.mk
include tests/pv.mk
include sdk/sdk.mk
include tests/linux/linux.mk

deps:
	@scripts/deps.sh

iso: $(BUILD)/xen-like.iso

# The small demo: the hypervisor with the demo dom0 (interactive, serial on
# stdio) and two boot-time domUs, d1 and d2, that play event-channel
# ping-pong and print round-trip times and their runstate, then power off.
DEMO_CMDLINE := console=com1 com1=115200,8n1 dom0_mem=64M noreboot
DEMO_DOMUS := --module "$(BUILD)/tests/guest-pingpong:domu name=pong mem=16M -- role=pong peer=2" \
	--module "$(BUILD)/tests/guest-pingpong:domu name=ping mem=16M -- role=ping peer=1"
run-demo: deps all pv-tests
	@tests/run --interactive --smp 2 --kernel $(BUILD)/xen-like --cmdline "$(DEMO_CMDLINE)" \
		--module "$(BUILD)/tests/guest-demo:demo dom0 from make run" $(DEMO_DOMUS)

qemu: run-demo

# Debian's kernel as dom0 with a shell (linuxtest=shell): the first kernel
# of tests/linux/kernels.list, on xen-like or, with XEN=4.17, on Xen 4.17.
# make run adds dom0's daemons (ours: pvstored, pvconsoled), pvctl and the
# sample domU configs in /etc/pvctl/ (the xen variant of the initramfs).
LINUX_RUN_PKG := $(firstword $(LINUX_PKGS))
run-linux: deps all linux-tests
	@tests/linux/run.sh --shell $(if $(filter 4.17,$(XEN)),--xen417) $(LINUX_RUN_PKG)
run: deps all linux-tests
	@tests/linux/run.sh --shell $(if $(filter 4.17,$(XEN)),--xen417) \
		--linux-arg "linuxtest.xenstored=pvstored linuxtest.xenconsoled=pvconsoled" $(LINUX_RUN_PKG)

# The Linux images need the network once (Debian packages); without them
# the linux/ tests fail, the rest still run.
test: deps
	@$(MAKE) -s --no-print-directory all iso unit-tests pv-tests
	@$(MAKE) -s --no-print-directory linux-tests || echo "make: linux-tests failed; the linux/ tests will fail" >&2
	@tests/run-all

# BENCH_ARGS: options for scripts/bench.sh, e.g. BENCH_ARGS="--rounds 5 multicall".
# BENCH_LINUX=0 skips the Linux dom0 benchmarks (tests/linux/boot-bench.sh,
# the dom0 boot; tests/linux/xs-bench.sh, xenstore operations;
# tests/linux/xl-bench.sh, xl and pvctl create of PV domUs, alone and
# 100 at a time; tests/linux/dev-bench.sh, a domU's disk and network
# through dom0's backends, with the grant-table counters,
# build/bench/devices.txt; tests/linux/hw-bench.sh, dom0's own virtio disk
# and NIC, build/bench/hw.txt). make bench-toolstack runs only xl-bench.sh,
# make bench-devices only dev-bench.sh (DEVBENCH_ARGS="MIB NET", default
# 256 64), make bench-hw only hw-bench.sh (HWBENCH_ARGS="RUNS PINGS",
# default 5 20).
bench: deps
	@$(MAKE) -s --no-print-directory all pv-tests
	@scripts/bench.sh $(BENCH_ARGS)
	@if [ "$(BENCH_LINUX)" != 0 ]; then $(MAKE) -s --no-print-directory linux-tests linux-hwbench-disk && \
		tests/linux/boot-bench.sh && tests/linux/xs-bench.sh && tests/linux/xl-bench.sh && \
		tests/linux/dev-bench.sh && tests/linux/hw-bench.sh; fi

bench-toolstack: deps
	@$(MAKE) -s --no-print-directory all pv-tests linux-tests
	@tests/linux/xl-bench.sh

bench-devices: deps
	@$(MAKE) -s --no-print-directory all pv-tests linux-tests
	@tests/linux/dev-bench.sh $(DEVBENCH_ARGS)

bench-hw: deps
	@$(MAKE) -s --no-print-directory all pv-tests linux-tests linux-hwbench-disk
	@tests/linux/hw-bench.sh $(HWBENCH_ARGS)

fuzz: deps
	@$(MAKE) -s --no-print-directory all pv-tests
	@SEEDS="$(SEEDS)" N="$(N)" scripts/fuzz.sh

bench-smoke: deps
	@$(MAKE) -s --no-print-directory all pv-tests
	@bench/smoke.sh

clean:
	rm -rf $(BUILD)
