# SPDX-License-Identifier: GPL-2.0-only
# Host unit tests for xen-like's common code (see tests/unit/unit.h).
# Built with AddressSanitizer and UBSan; each binary prints
# "unit: NAME: N checks, M failed" and exits non-zero on any failure.

UNIT_TESTS := string param vsprintf page_alloc timer_heap time serial libelf pv_mm vcpu_context rangeset \
	pv_relinquish cpumask ptwr_emulate decompress
UNIT_BINS := $(addprefix $(BUILD)/unit/test_,$(UNIT_TESTS))
UNIT_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wno-unused-function -fno-builtin -D__UNIT_TEST__ -D__XEN__ \
	-Itests/unit/stub -Itests/unit -Ixen-like/include -Iinclude \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-DLOAD_PHYS=$(CONFIG_LOAD_PHYS)

$(BUILD)/unit/test_%: tests/unit/test_%.c tests/unit/unit.c tests/unit/unit.h \
		$(wildcard tests/unit/stub/asm/*.h xen-like/common/*.c xen-like/common/libelf/* xen-like/drivers/char/*.c xen-like/include/*/*.h include/public/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) -o $@ $< tests/unit/unit.c $(UNIT_LIBS)

# The PV MMU's model (arch/x86/pv/mm.c) is plain C over the frame table.
$(BUILD)/unit/test_pv_mm: xen-like/arch/x86/pv/mm.c xen-like/arch/x86/pv/mm.h \
	$(wildcard xen-like/include/asm/*.h)
# Releasing a dying domain's memory (arch/x86/pv/relinquish.c) over that model.
$(BUILD)/unit/test_pv_relinquish: xen-like/arch/x86/pv/relinquish.c xen-like/arch/x86/pv/mm.c \
	xen-like/arch/x86/pv/mm.h $(wildcard xen-like/include/asm/*.h)

# VCPUOP_initialise's checks (arch/x86/pv/vcpu_context.c) over a stand-in frame model.
$(BUILD)/unit/test_vcpu_context: xen-like/arch/x86/pv/vcpu_context.c xen-like/arch/x86/pv/debugreg.h xen-like/arch/x86/pv/mm.h \
	$(wildcard xen-like/include/asm/*.h)

# The writable-page-table emulator (arch/x86/pv/ptwr-emulate.c) against the host CPU.
$(BUILD)/unit/test_ptwr_emulate: xen-like/arch/x86/pv/ptwr-emulate.c \
	xen-like/arch/x86/pv/ptwr-emulate.h

# The kernel image decoders (common/decompress/), checked against the libraries that write the formats.
$(BUILD)/unit/test_decompress: UNIT_LIBS := -llzma -llz4 -lz -lzstd
$(BUILD)/unit/test_decompress: $(wildcard xen-like/common/decompress/*)

# Real bzImages against their vmlinux, and decoding speed against the libraries: built
# optimised, without sanitizers; run by hand or by the Linux harness (SKIPs without arguments).
$(BUILD)/unit/decomp-kernels: tests/unit/decomp-kernels.c $(wildcard xen-like/common/decompress/*) \
		tests/unit/unit.c tests/unit/unit.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(filter-out -O1 -fsanitize=% -fno-sanitize-recover=%,$(UNIT_CFLAGS)) -O2 \
		-o $@ $< tests/unit/unit.c -llzma -llz4 -lz -lzstd

unit-tests: $(UNIT_BINS) $(BUILD)/unit/decomp-kernels
