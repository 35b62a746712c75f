# SPDX-License-Identifier: MIT
#
# make fragment for the public ABI (include/public/), included by the
# top-level Makefile from the repo root; also usable alone:
#   make -f include/public/public.mk BUILD=build HOSTCC=gcc HOSTCXX=g++ check-abi test-abi
#
#   check-abi: every header compiles on its own as C99 and as C++11, the
#              size asserts of abi-check.c hold, the committed generated
#              files (hypercall-nr.h, docs/hypercalls.md) are up to date,
#              the generated dispatch/guest pieces compile, and the tree
#              is a drop-in for Xen 4.17's public headers
#              (tests/abi/xen-diff.py against /usr/include/xen: every
#              header there in scope exists, builds as C and, where
#              Xen's does, as assembly; every struct/union member list,
#              typedef, enumerator and macro matches; scope and
#              waivers in tests/abi/scope.txt).
#   test-abi:  conformance against Xen 4.17's headers (/usr/include/xen):
#              sizes, field offsets/sizes and constants from tests/abi/items.def.
# Everything generated goes to $(BUILD)/abi/.

# Do not become the default goal of the including Makefile.
ABI_SAVED_GOAL := $(.DEFAULT_GOAL)

BUILD   ?= build
HOSTCC  ?= gcc
HOSTCXX ?= g++

ABI_DIR     := include/public
ABI_OUT     := $(BUILD)/abi
ABI_GEN     := python3 scripts/gen-hypercalls.py
ABI_LIST    := $(ABI_DIR)/hypercall-list.h
ABI_CFLAGS  := -std=c99 -Wall -Wextra -Werror -pedantic
ABI_CXXFLAGS := -std=c++11 -Wall -Wextra -Werror -pedantic
# hypercall-list.h is an X-macro list, checked through abi-check.c.
ABI_HEADERS := $(filter-out $(ABI_LIST),$(sort $(wildcard $(ABI_DIR)/*.h $(ABI_DIR)/*/*.h)))
# Headers whose @op blocks make docs/hypercalls.md, in reading order.
ABI_DOC_HEADERS := $(addprefix $(ABI_DIR)/,xen.h arch-x86/xen.h sched.h \
	vcpu.h event_channel.h grant_table.h memory.h version.h callback.h \
	physdev.h nmi.h platform.h pmu.h domctl.h sysctl.h)
ABI_STANDALONE := $(patsubst $(ABI_DIR)/%.h,$(ABI_OUT)/standalone/%.c.o,$(ABI_HEADERS)) \
	$(patsubst $(ABI_DIR)/%.h,$(ABI_OUT)/standalone/%.cc.o,$(ABI_HEADERS))

.PHONY: check-abi test-abi

check-abi: $(ABI_STANDALONE) $(ABI_OUT)/abi-check.o $(ABI_OUT)/gen-check.o \
		$(ABI_OUT)/hypercall-nr.h.ok $(ABI_OUT)/hypercalls.md.ok $(ABI_OUT)/xen-diff.ok \
		$(ABI_OUT)/consumer.o $(ABI_OUT)/consumer-asm.o
	@echo "check-abi: $(words $(ABI_HEADERS)) headers standalone (C99, C++11), size asserts, generated files: ok"
	@cat $(ABI_OUT)/xen-diff.txt

# Code written against Xen's headers (<xen/...>, old interface level,
# assembly) builds against ours: a xen -> include/public link stands in
# for an installed tree.
$(ABI_OUT)/inc/xen:
	@mkdir -p $(dir $@)
	@ln -sfn $(abspath $(ABI_DIR)) $@
$(ABI_OUT)/consumer.o: tests/abi/consumer.c $(ABI_HEADERS) | $(ABI_OUT)/inc/xen
	$(HOSTCC) -std=gnu99 -Wall -Wextra -Werror -I$(ABI_OUT)/inc -c $< -o $@
$(ABI_OUT)/consumer-asm.o: tests/abi/consumer.S $(ABI_HEADERS) | $(ABI_OUT)/inc/xen
	$(HOSTCC) -I$(ABI_OUT)/inc -D__ASSEMBLY__ -c $< -o $@

# Drop-in conformance with Xen 4.17's headers (Debian's libxen-dev).
$(ABI_OUT)/xen-diff.ok: tests/abi/xen-diff.py tests/abi/scope.txt $(ABI_HEADERS)
	@mkdir -p $(dir $@)
	@test -f /usr/include/xen/xen.h || { echo "check-abi: /usr/include/xen/xen.h missing (install libxen-dev: make deps)" >&2; exit 1; }
	@python3 tests/abi/xen-diff.py --cc $(HOSTCC) --out $(ABI_OUT)/xen-diff > $(ABI_OUT)/xen-diff.txt || { cat $(ABI_OUT)/xen-diff.txt >&2; exit 1; }
	@touch $@

# Each header alone, first thing in a translation unit.
$(ABI_OUT)/standalone/%.c.o: $(ABI_DIR)/%.h $(ABI_HEADERS)
	@mkdir -p $(dir $@)
	@printf '#include "%s"\ntypedef int abi_not_empty_;\n' $(abspath $<) > $(@:.o=)
	$(HOSTCC) $(ABI_CFLAGS) -x c -c $(@:.o=) -o $@

$(ABI_OUT)/standalone/%.cc.o: $(ABI_DIR)/%.h $(ABI_HEADERS)
	@mkdir -p $(dir $@)
	@printf '#include "%s"\ntypedef int abi_not_empty_;\n' $(abspath $<) > $(@:.o=)
	$(HOSTCXX) $(ABI_CXXFLAGS) -x c++ -c $(@:.o=) -o $@

$(ABI_OUT)/abi-check.o: $(ABI_DIR)/abi-check.c $(ABI_HEADERS) $(ABI_LIST)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(ABI_CFLAGS) -c $< -o $@

# The committed generated files must match a fresh generation.
$(ABI_OUT)/hypercall-nr.h.ok: $(ABI_LIST) scripts/gen-hypercalls.py $(ABI_DIR)/hypercall-nr.h
	@mkdir -p $(dir $@)
	$(ABI_GEN) numbers $(ABI_LIST) > $(ABI_OUT)/hypercall-nr.h
	@cmp -s $(ABI_OUT)/hypercall-nr.h $(ABI_DIR)/hypercall-nr.h || { \
		echo "check-abi: $(ABI_DIR)/hypercall-nr.h is stale; regenerate it:" >&2; \
		echo "  $(ABI_GEN) numbers $(ABI_LIST) > $(ABI_DIR)/hypercall-nr.h" >&2; \
		diff -u $(ABI_DIR)/hypercall-nr.h $(ABI_OUT)/hypercall-nr.h >&2; exit 1; }
	@touch $@

$(ABI_OUT)/hypercalls.md.ok: $(ABI_LIST) scripts/gen-hypercalls.py $(ABI_DOC_HEADERS) docs/hypercalls.md
	@mkdir -p $(dir $@)
	$(ABI_GEN) docs $(ABI_LIST) $(ABI_DOC_HEADERS) > $(ABI_OUT)/hypercalls.md
	@cmp -s $(ABI_OUT)/hypercalls.md docs/hypercalls.md || { \
		echo "check-abi: docs/hypercalls.md is stale; regenerate it:" >&2; \
		echo "  $(ABI_GEN) docs $(ABI_LIST) $(ABI_DOC_HEADERS) > docs/hypercalls.md" >&2; \
		diff -u docs/hypercalls.md $(ABI_OUT)/hypercalls.md >&2; exit 1; }
	@touch $@

# The pieces downstream generates from the list must compile.
$(ABI_OUT)/hypercall-dispatch.h: $(ABI_LIST) scripts/gen-hypercalls.py
	@mkdir -p $(dir $@)
	$(ABI_GEN) dispatch $(ABI_LIST) > $@
$(ABI_OUT)/hypercall-guest.h: $(ABI_LIST) scripts/gen-hypercalls.py
	@mkdir -p $(dir $@)
	$(ABI_GEN) guest $(ABI_LIST) > $@
$(ABI_OUT)/gen-check.o: tests/abi/gen-check.c $(ABI_OUT)/hypercall-dispatch.h \
		$(ABI_OUT)/hypercall-guest.h $(ABI_HEADERS)
	$(HOSTCC) $(ABI_CFLAGS) -D__XEN_INTERFACE_VERSION__=0x00040e00 -Iinclude -I$(ABI_OUT) -c $< -o $@
	$(HOSTCXX) $(ABI_CXXFLAGS) -D__XEN_INTERFACE_VERSION__=0x00040e00 -Iinclude -I$(ABI_OUT) -DGEN_CHECK_GUEST_ONLY -x c++ -c $< -o $@.cc.o

# Conformance: the same item list against Xen's headers and ours.
$(ABI_OUT)/probe-xen: tests/abi/probe.c tests/abi/items.def
	@mkdir -p $(dir $@)
	@test -f /usr/include/xen/xen.h || { echo "test-abi: /usr/include/xen/xen.h missing (install libxen-dev)" >&2; exit 1; }
	$(HOSTCC) -std=gnu99 -Wall -Werror -D__XEN_TOOLS__ -DABI_XEN -Itests/abi $< -o $@

$(ABI_OUT)/probe-ours: tests/abi/probe.c tests/abi/items.def $(ABI_HEADERS)
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu99 -Wall -Werror -D__XEN_TOOLS__ -Iinclude -Itests/abi $< -o $@

test-abi: $(ABI_OUT)/probe-xen $(ABI_OUT)/probe-ours
	@$(ABI_OUT)/probe-xen > $(ABI_OUT)/xen.txt
	@$(ABI_OUT)/probe-ours > $(ABI_OUT)/ours.txt
	@tests/abi/compare.sh $(ABI_OUT)/xen.txt $(ABI_OUT)/ours.txt $(ABI_OUT)/test-abi.log

.DEFAULT_GOAL := $(ABI_SAVED_GOAL)
