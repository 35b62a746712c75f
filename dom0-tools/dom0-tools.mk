# SPDX-License-Identifier: GPL-2.0-only
#
# make fragment for the dom0 tools (dom0-tools/README.md), included by the
# top-level Makefile from the repo root.
#
#   $(BUILD)/dom0-tools/pvstored   the xenstore daemon, a static Linux program
#   $(BUILD)/dom0-tools/pvconsoled the console daemon, likewise
#   $(BUILD)/unit/test_pvstored    its protocol engine's host unit tests
#   $(BUILD)/unit/test_pvstored_fuzz  random and mutated messages through it

PVSTORED_ENGINE := $(addprefix dom0-tools/pvstored/,store.c core.c watch.c transaction.c domain.c)
PVSTORED_HDRS := $(wildcard dom0-tools/pvstored/*.h) include/public/io/xs_wire.h
DOM0_TOOLS := $(BUILD)/dom0-tools/pvstored $(BUILD)/dom0-tools/pvconsoled
# Programs that run in dom0's user space: the host's C library, static.
DOM0_CFLAGS := -static -O2 -std=gnu11 -Wall -Wextra -Werror -Iinclude -Idom0-tools/include

$(BUILD)/dom0-tools/pvstored: $(PVSTORED_ENGINE) dom0-tools/pvstored/main.c $(PVSTORED_HDRS) \
		$(wildcard dom0-tools/include/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(DOM0_CFLAGS) -o $@ $(PVSTORED_ENGINE) dom0-tools/pvstored/main.c

$(BUILD)/dom0-tools/pvconsoled: $(wildcard dom0-tools/pvconsoled/*) include/public/io/console.h \
		include/public/io/xs_wire.h $(wildcard dom0-tools/include/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(DOM0_CFLAGS) -o $@ $(filter %.c,$^)

# The engine is plain C: the unit tests link it as it is, with the sanitizers.
$(BUILD)/unit/test_pvstored $(BUILD)/unit/test_pvstored_fuzz: $(BUILD)/unit/test_%: \
		tests/unit/test_%.c $(PVSTORED_ENGINE) $(PVSTORED_HDRS) tests/unit/unit.c tests/unit/unit.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) -o $@ $< $(PVSTORED_ENGINE) tests/unit/unit.c

all: $(DOM0_TOOLS)
unit-tests: $(BUILD)/unit/test_pvstored $(BUILD)/unit/test_pvstored_fuzz
