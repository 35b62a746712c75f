# Build knobs for xen-like. Override on the command line: make CONFIG_DEBUG=n
CONFIG_DEBUG ?= y
# Physical load address of the hypervisor image (must be 2 MiB aligned).
CONFIG_LOAD_PHYS ?= 0x200000
XEN_VERSION := 0
XEN_SUBVERSION := 1
XEN_EXTRAVERSION := -dev
