# SPDX-License-Identifier: GPL-2.0-only
#
# make fragment for the dom0 tools (dom0-tools/README.md), included by the
# top-level Makefile from the repo root.
#
#   $(BUILD)/dom0-tools/pvstored   the xenstore daemon, a static Linux program
#   $(BUILD)/dom0-tools/pvconsoled the console daemon, likewise
#   $(BUILD)/unit/test_pvstored    its protocol engine's host unit tests
#   $(BUILD)/unit/test_pvstored_fuzz  random and mutated messages through it
#   $(BUILD)/unit/test_pvctl_build  the PV builder's layout and image unpacking
#   $(BUILD)/unit/test_pvctl_config  pvctl's xl.cfg and XML parsers, and the
#                                   broken-config corpus tests/pvctl-configs/
#   $(BUILD)/unit/test_pvctl_config_fuzz  random and mutated configs through both
#   $(BUILD)/unit/test_pvctl_cli   pvctl's CPU lists, memory sizes and JSON writer
#   $(BUILD)/unit/test_xs_client   libpvctl's xenstore client (batches, read_many) against pvstored
#   $(BUILD)/unit/test_pvctl_device libpvctl's vdev numbering, as libxl's

PVSTORED_ENGINE := $(addprefix dom0-tools/pvstored/,store.c core.c watch.c transaction.c domain.c)
PVSTORED_HDRS := $(wildcard dom0-tools/pvstored/*.h) include/public/io/xs_wire.h
DOM0_TOOLS := $(BUILD)/dom0-tools/pvstored $(BUILD)/dom0-tools/pvconsoled $(BUILD)/dom0-tools/pvctl
# Programs that run in dom0's user space: the host's C library, static.
DOM0_CFLAGS := -static -O2 -std=gnu11 -Wall -Wextra -Werror -Iinclude -Idom0-tools/include

$(BUILD)/dom0-tools/pvstored: $(PVSTORED_ENGINE) dom0-tools/pvstored/main.c $(PVSTORED_HDRS) \
		$(wildcard dom0-tools/include/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(DOM0_CFLAGS) -o $@ $(PVSTORED_ENGINE) dom0-tools/pvstored/main.c

$(BUILD)/dom0-tools/pvconsoled: $(wildcard dom0-tools/pvconsoled/*) dom0-tools/libpvctl/xs.c \
		dom0-tools/libpvctl/xs.h include/public/io/console.h include/public/io/xs_wire.h \
		$(wildcard dom0-tools/include/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(DOM0_CFLAGS) -Idom0-tools/libpvctl -o $@ $(filter %.c,$^)

# libpvctl (the control library: hypercalls, xenstore, the PV domain
# builder with the hypervisor's libelf) and pvctl on top of it. pvctl links
# Debian's libxml2 and decompressors statically, so it needs nothing in dom0.
LIBPVCTL_SRCS := $(wildcard dom0-tools/libpvctl/*.c) xen-like/common/libelf/libelf.c
PVCTL_SRCS := $(wildcard dom0-tools/pvctl/*.c)
PVCTL_HDRS := $(wildcard dom0-tools/libpvctl/*.h dom0-tools/pvctl/*.h dom0-tools/include/*.h) \
	xen-like/common/libelf/libelf.h
PVCTL_CFLAGS := $(DOM0_CFLAGS) -D__XEN_TOOLS__ -Idom0-tools/libpvctl -Idom0-tools/pvctl \
	-Ixen-like/common/libelf $(shell pkg-config --cflags libxml-2.0)
# Debian's libxml2.a wants ICU for encoding converters pvctl never uses (it
# reads UTF-8 only); linking ICU statically adds its 30 MB data library.
# config-xml-noicu.c answers libxml2's few ICU calls instead, so the -licu*
# flags pkg-config lists are dropped (docs/pvctl-config.md, "Size").
PVCTL_LIBS := $(filter-out -licu%,$(shell pkg-config --static --libs libxml-2.0)) \
	-lz -llzma -llz4 -lzstd

$(BUILD)/dom0-tools/pvctl: $(PVCTL_SRCS) $(LIBPVCTL_SRCS) $(PVCTL_HDRS)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(PVCTL_CFLAGS) -o $@ $(PVCTL_SRCS) $(LIBPVCTL_SRCS) $(PVCTL_LIBS)

# The builder's layout arithmetic and image unpacking on the host (no hypervisor needed).
$(BUILD)/unit/test_pvctl_build: tests/unit/test_pvctl_build.c dom0-tools/libpvctl/build.c \
		dom0-tools/libpvctl/hcall.c xen-like/common/libelf/libelf.c $(PVCTL_HDRS) \
		tests/unit/unit.c tests/unit/unit.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
		-fsanitize=address,undefined -fno-sanitize-recover=undefined -D__XEN_TOOLS__ \
		-Iinclude -Idom0-tools/include -Idom0-tools/libpvctl -Ixen-like/common/libelf \
		-Itests/unit -o $@ $(filter %.c,$^) -lz -llzma -llz4 -lzstd

# The engine is plain C: the unit tests link it as it is, with the sanitizers.
$(BUILD)/unit/test_pvstored $(BUILD)/unit/test_pvstored_fuzz: $(BUILD)/unit/test_%: \
		tests/unit/test_%.c $(PVSTORED_ENGINE) $(PVSTORED_HDRS) tests/unit/unit.c tests/unit/unit.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) -o $@ $< $(PVSTORED_ENGINE) tests/unit/unit.c

# pvctl's pure argument and output code (units.c, json.c), likewise.
PVCTL_CLI_PURE := dom0-tools/pvctl/units.c dom0-tools/pvctl/json.c
$(BUILD)/unit/test_pvctl_cli: tests/unit/test_pvctl_cli.c $(PVCTL_CLI_PURE) \
		dom0-tools/pvctl/units.h dom0-tools/pvctl/json.h tests/unit/unit.c tests/unit/unit.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) -o $@ $< $(PVCTL_CLI_PURE) tests/unit/unit.c -lm

# libpvctl's xenstore client against the pvstored binary (run from the tree's top).
$(BUILD)/unit/test_xs_client: tests/unit/test_xs_client.c dom0-tools/libpvctl/xs.c \
		dom0-tools/libpvctl/xs.h tests/unit/unit.c tests/unit/unit.h $(BUILD)/dom0-tools/pvstored
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) -Idom0-tools/libpvctl -o $@ $< dom0-tools/libpvctl/xs.c tests/unit/unit.c

# libpvctl's device numbering (device.c, with the client and hcall.c it calls into).
$(BUILD)/unit/test_pvctl_device: tests/unit/test_pvctl_device.c dom0-tools/libpvctl/device.c \
		dom0-tools/libpvctl/xs.c dom0-tools/libpvctl/hcall.c $(PVCTL_HDRS) tests/unit/unit.c \
		tests/unit/unit.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) -D__XEN_TOOLS__ -Idom0-tools/include -Idom0-tools/libpvctl -o $@ $(filter %.c,$^)

all: $(DOM0_TOOLS)
unit-tests: $(BUILD)/unit/test_xs_client $(BUILD)/unit/test_pvctl_device
unit-tests: $(BUILD)/unit/test_pvstored $(BUILD)/unit/test_pvstored_fuzz $(BUILD)/unit/test_pvctl_cli \
	$(BUILD)/unit/test_pvctl_build

# pvctl's config parsers, with the shared libxml2 (and its real ICU), the
# sanitizers, the broken-config corpus (tests/pvctl-configs/) and a fuzzer.
PVCTL_CONFIG_SRCS := $(addprefix dom0-tools/pvctl/,config.c config-xl.c config-xml.c config-json.c json.c \
	units.c)
$(BUILD)/unit/test_pvctl_config $(BUILD)/unit/test_pvctl_config_fuzz: $(BUILD)/unit/test_%: \
		tests/unit/test_%.c $(PVCTL_CONFIG_SRCS) dom0-tools/pvctl/config.h \
		dom0-tools/pvctl/config-priv.h dom0-tools/pvctl/json.h dom0-tools/pvctl/units.h \
		tests/unit/unit.c tests/unit/unit.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) $(shell pkg-config --cflags libxml-2.0) -o $@ $< \
		$(PVCTL_CONFIG_SRCS) tests/unit/unit.c $(shell pkg-config --libs libxml-2.0)

unit-tests: $(BUILD)/unit/test_pvctl_config $(BUILD)/unit/test_pvctl_config_fuzz
