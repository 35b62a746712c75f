# SPDX-License-Identifier: GPL-2.0-only
#
# make fragment for the PV test kernels, included by the top-level
# Makefile from the repo root; also usable alone:
#   make -f tests/pv.mk BUILD=build pv-tests
#
#   pv-tests: every test kernel tests/<dir>/ (a main.c and a Makefile
#             with NAME, CATEGORY, ENVS) linked with the framework
#             (tests/framework/) and the guest library (guest-pv-abi/)
#             into $(BUILD)/tests/test-<NAME>, an ELF64 PV kernel;
#             likewise the bench kernels bench/<dir>/ (CATEGORY bench)
#             into $(BUILD)/tests/bench-<NAME> (docs/research.md).
#
# Knobs: GUEST_HYPERCALL_PAGE=1 makes the hypercall page the default way
# to make hypercalls (the kernel command line can still say
# hypercall=page|syscall). Objects and generated files go to $(BUILD)/guest/.

# Do not become the default goal of the including Makefile.
PV_SAVED_GOAL := $(.DEFAULT_GOAL)

BUILD   ?= build
NASM    ?= nasm
LD      ?= ld

GUEST_OUT := $(BUILD)/guest
GUEST_HYPERCALL_PAGE ?= 0
# -fno-ipa-sra: as for the hypervisor (xen-like/build.mk), a GCC 12.2 miscompile.
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -fno-ipa-sra \
	-ffreestanding -fno-pic -fno-pie -fno-common -mcmodel=small \
	-mno-red-zone -mgeneral-regs-only -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fcf-protection=none \
	-Iinclude -Iguest-pv-abi/include -Itests/framework -I$(GUEST_OUT) \
	-D__XEN_INTERFACE_VERSION__=__XEN_LATEST_INTERFACE_VERSION__ \
	-DGUEST_HYPERCALL_PAGE=$(GUEST_HYPERCALL_PAGE) -MMD -MP
GUEST_NASMFLAGS := -f elf64 -w+error -I$(GUEST_OUT)/
GUEST_LDFLAGS := -m elf_x86_64 -nostdlib -static -T guest-pv-abi/link.lds \
	-z max-page-size=4096 -z noexecstack --build-id=none \
	--no-warn-rwx-segments --fatal-warnings

PV_CATEGORIES := functional regression special in-development bench
PV_ENVS := pv64

# Generated from the public headers.
GUEST_GEN := $(GUEST_OUT)/hypercall-guest.h $(GUEST_OUT)/abi.inc

$(GUEST_OUT)/hypercall-guest.h: include/public/hypercall-list.h scripts/gen-hypercalls.py tests/pv.mk
	@mkdir -p $(dir $@)
	python3 scripts/gen-hypercalls.py guest $< > $@.tmp && mv $@.tmp $@

# NASM cannot read C headers: turn the #defines the assembly needs into %defines.
GUEST_ASM_HEADERS := include/public/elfnote.h include/public/hypercall-nr.h \
	include/public/arch-x86/xen-x86_64.h
$(GUEST_OUT)/abi.inc: $(GUEST_ASM_HEADERS) tests/pv.mk
	@mkdir -p $(dir $@)
	{ echo "; generated from $(GUEST_ASM_HEADERS) by tests/pv.mk, do not edit"; \
	  sed -n -e 's/^#define \(XEN_ELFNOTE_[A-Za-z0-9_]*\)[[:space:]]\{1,\}\([0-9a-fA-Fx]\{1,\}\).*/%define \1 \2/p' \
	         -e 's/^#define \(__HYPERVISOR_[a-z0-9_]*\)[[:space:]]\{1,\}\([0-9]\{1,\}\).*/%define \1 \2/p' \
	         -e 's/^#define \(FLAT_[A-Z0-9_]*\)[[:space:]]\{1,\}\([A-Za-z0-9_]\{1,\}\).*/%define \1 \2/p' $(GUEST_ASM_HEADERS); \
	} > $@.tmp && mv $@.tmp $@

# The guest library and the framework, shared by every test kernel. The
# library's builder loads ELF images with the hypervisor's libelf, built
# into the library too.
GUEST_LIB_OBJS := $(patsubst guest-pv-abi/%.asm,$(GUEST_OUT)/lib/%.o,$(wildcard guest-pv-abi/*.asm)) \
	$(patsubst guest-pv-abi/%.c,$(GUEST_OUT)/lib/%.o,$(wildcard guest-pv-abi/*.c)) \
	$(GUEST_OUT)/lib/libelf.o
GUEST_FW_OBJS := $(patsubst tests/framework/%.c,$(GUEST_OUT)/framework/%.o,$(wildcard tests/framework/*.c))

$(GUEST_OUT)/lib/%.o: guest-pv-abi/%.c $(GUEST_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -c $< -o $@
$(GUEST_OUT)/lib/libelf.o: xen-like/common/libelf/libelf.c $(GUEST_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -D__XEN_GUEST_LIB__ -c $< -o $@
$(GUEST_OUT)/lib/builder.o: GUEST_CFLAGS += -Ixen-like/common/libelf
$(GUEST_OUT)/lib/%.o: guest-pv-abi/%.asm $(GUEST_OUT)/abi.inc
	@mkdir -p $(dir $@)
	$(NASM) $(GUEST_NASMFLAGS) -MD $(@:.o=.d) -MP $< -o $@
$(GUEST_OUT)/framework/%.o: tests/framework/%.c $(GUEST_GEN)
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -c $< -o $@

# A test directory: has main.c and a Makefile. Its metadata lines are
# "VAR := value" (or "VAR = value"); read them without including the file.
PV_TEST_DIRS := $(patsubst %/main.c,%,$(wildcard tests/*/main.c))
# Kernels that are not XTF-style tests run on both hypervisors: guests the
# boot tests drive (tests/guests/, e.g. ones that crash on purpose) and
# the demo dom0 (guest-pv-abi/demo/). Built to $(BUILD)/tests/guest-<NAME>.
PV_GUEST_DIRS := $(patsubst %/main.c,%,$(wildcard tests/guests/*/main.c guest-pv-abi/*/main.c))
# Bench kernels (bench/<dir>/, CATEGORY bench), run by scripts/bench.sh
# and bench/smoke.sh rather than tests/run-all: $(BUILD)/tests/bench-<NAME>.
PV_BENCH_DIRS := $(patsubst %/main.c,%,$(wildcard bench/*/main.c))
pv_meta = $(strip $(shell sed -n 's/^$(2)[[:space:]]*:\{0,1\}=[[:space:]]*//p' $(1)/Makefile 2>/dev/null))

PV_TEST_KERNELS :=
PV_ALL_OBJS := $(GUEST_LIB_OBJS) $(GUEST_FW_OBJS)

# $(1) directory, $(2) NAME, $(3) CATEGORY, $(4) ENVS, $(5) output prefix (test or guest)
define PV_TEST_RULES
$$(if $$(wildcard $(1)/Makefile),,$$(error $(1): a test directory needs a Makefile with NAME, CATEGORY, ENVS))
$$(if $(2),,$$(error $(1)/Makefile: NAME is missing))
$$(if $$(filter-out 1,$$(words $(3)))$$(filter-out $(PV_CATEGORIES),$(3)),$$(error $(1)/Makefile: CATEGORY "$(3)" is not one of: $(PV_CATEGORIES)))
$$(if $$(filter $(PV_ENVS),$(4)),,$$(error $(1)/Makefile: ENVS "$(4)" names none of: $(PV_ENVS)))
$$(if $$(filter-out $(PV_ENVS),$(4)),$$(error $(1)/Makefile: ENVS "$(4)": unknown environment $$(filter-out $(PV_ENVS),$(4))))
PV_TEST_KERNELS += $(BUILD)/tests/$(5)-$(2)
PV_OBJS_$(5)_$(2) := $$(patsubst $(1)/%.c,$(GUEST_OUT)/$(5)/$(2)/%.o,$$(wildcard $(1)/*.c)) \
	$$(patsubst $(1)/%.asm,$(GUEST_OUT)/$(5)/$(2)/%.o,$$(wildcard $(1)/*.asm))
PV_ALL_OBJS += $$(PV_OBJS_$(5)_$(2))
$(BUILD)/tests/$(5)-$(2): $$(PV_OBJS_$(5)_$(2)) $(GUEST_FW_OBJS) $(GUEST_LIB_OBJS) guest-pv-abi/link.lds
	@mkdir -p $$(dir $$@)
	$(LD) $(GUEST_LDFLAGS) -o $$@ $$(PV_OBJS_$(5)_$(2)) $(GUEST_FW_OBJS) $(GUEST_LIB_OBJS)
$(GUEST_OUT)/$(5)/$(2)/%.o: $(1)/%.c $(GUEST_GEN)
	@mkdir -p $$(dir $$@)
	$(CC) $(GUEST_CFLAGS) -c $$< -o $$@
$(GUEST_OUT)/$(5)/$(2)/%.o: $(1)/%.asm $(GUEST_OUT)/abi.inc
	@mkdir -p $$(dir $$@)
	$(NASM) $(GUEST_NASMFLAGS) -MD $$(@:.o=.d) -MP $$< -o $$@
endef
$(foreach d,$(PV_TEST_DIRS),$(eval $(call PV_TEST_RULES,$(d),$(call pv_meta,$(d),NAME),$(call pv_meta,$(d),CATEGORY),$(call pv_meta,$(d),ENVS),test)))
$(foreach d,$(PV_GUEST_DIRS),$(eval $(call PV_TEST_RULES,$(d),$(call pv_meta,$(d),NAME),$(call pv_meta,$(d),CATEGORY),$(call pv_meta,$(d),ENVS),guest)))
$(foreach d,$(PV_BENCH_DIRS),$(eval $(call PV_TEST_RULES,$(d),$(call pv_meta,$(d),NAME),$(call pv_meta,$(d),CATEGORY),$(call pv_meta,$(d),ENVS),bench)))

.PHONY: pv-tests
pv-tests: $(PV_TEST_KERNELS)

-include $(PV_ALL_OBJS:.o=.d)

.DEFAULT_GOAL := $(PV_SAVED_GOAL)
