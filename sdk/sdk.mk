# SPDX-License-Identifier: GPL-2.0-only
#
# make fragment for the guest SDK, included by the top-level Makefile:
#
#   make install-headers PREFIX=DIR
#       installs what a PV kernel needs to build outside this tree:
#       DIR/include/xen-like/public/   the public headers (include/public/),
#       DIR/include/xen-like/xen       the same, as <xen/...> for code
#                                      written against Xen's headers,
#       DIR/include/xen-like/guest/    the guest library's headers,
#       DIR/include/xen-like/hypercall-guest.h, abi.inc (generated),
#       DIR/lib/libguest-pv-abi.a      the guest library,
#       DIR/lib/xen-like/guest.lds     its linker script,
#       DIR/lib/pkgconfig/xen-like-guest.pc,
#       DIR/share/xen-like/hello-pv/   the template kernel (sdk/hello-pv/).
#   docs/guest-sdk.md walks through using it.

SDK_SAVED_GOAL := $(.DEFAULT_GOAL)

SDK_VERSION := $(XEN_VERSION).$(XEN_SUBVERSION)
SDK_LIB := $(BUILD)/sdk/libguest-pv-abi.a

.PHONY: install-headers

$(SDK_LIB): $(GUEST_LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $(GUEST_LIB_OBJS)

install-headers: $(SDK_LIB) $(GUEST_GEN)
	@test -n "$(PREFIX)" || { echo "install-headers: say where: make install-headers PREFIX=DIR" >&2; exit 2; }
	@set -e; p="$(abspath $(PREFIX))"; inc="$$p/include/xen-like"; \
	mkdir -p "$$inc/public" "$$inc/guest" "$$p/lib/xen-like" "$$p/lib/pkgconfig" "$$p/share/xen-like"; \
	(cd include/public && find . -name '*.h' | while read -r h; do \
		install -D -m 644 "$$h" "$$inc/public/$$h"; done); \
	ln -sfn public "$$inc/xen"; \
	install -m 644 guest-pv-abi/include/guest/*.h "$$inc/guest/"; \
	install -m 644 $(GUEST_OUT)/hypercall-guest.h $(GUEST_OUT)/abi.inc "$$inc/"; \
	install -m 644 $(SDK_LIB) "$$p/lib/"; \
	install -m 644 guest-pv-abi/link.lds "$$p/lib/xen-like/guest.lds"; \
	sed -e "s|@PREFIX@|$$p|" -e "s|@VERSION@|$(SDK_VERSION)|" sdk/xen-like-guest.pc.in \
		> "$$p/lib/pkgconfig/xen-like-guest.pc"; \
	rm -rf "$$p/share/xen-like/hello-pv"; cp -r sdk/hello-pv "$$p/share/xen-like/hello-pv"; \
	echo "install-headers: SDK in $$p (PKG_CONFIG_PATH=$$p/lib/pkgconfig, package xen-like-guest)"

.DEFAULT_GOAL := $(SDK_SAVED_GOAL)
