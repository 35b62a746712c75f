/* SPDX-License-Identifier: MIT */
/*
 * ELF note types a PV kernel carries (owner name "Xen", section
 * .note.Xen) to tell the domain builder how to load and start it.
 * Descriptors are strings or native-size integers as stated.
 */
#ifndef __XEN_PUBLIC_ELFNOTE_H__
#define __XEN_PUBLIC_ELFNOTE_H__

#define XEN_ELFNOTE_INFO              0  /* unused, reserved */
#define XEN_ELFNOTE_ENTRY             1  /* integer: virtual entry point */
#define XEN_ELFNOTE_HYPERCALL_PAGE    2  /* integer: where to build the hypercall page */
#define XEN_ELFNOTE_VIRT_BASE         3  /* integer: virtual base of the image */
#define XEN_ELFNOTE_PADDR_OFFSET      4  /* integer: virtual minus "physical" in headers */
#define XEN_ELFNOTE_XEN_VERSION       5  /* string: interface version, e.g. "xen-3.0" */
#define XEN_ELFNOTE_GUEST_OS          6  /* string: OS name */
#define XEN_ELFNOTE_GUEST_VERSION     7  /* string: OS version */
#define XEN_ELFNOTE_LOADER            8  /* string: loader type, "generic" */
#define XEN_ELFNOTE_PAE_MODE          9  /* string: "yes", "no", "bimodal" */
#define XEN_ELFNOTE_FEATURES          10 /* string: '|'-separated XENFEAT names, '!' = required */
#define XEN_ELFNOTE_BSD_SYMTAB        11 /* string "yes": load the symbol table */
#define XEN_ELFNOTE_HV_START_LOW      12 /* integer: 32-bit PV only */
#define XEN_ELFNOTE_L1_MFN_VALID      13 /* integer mask and value of a valid L1 entry */
#define XEN_ELFNOTE_SUSPEND_CANCEL    14 /* integer: suspend may be cancelled */
#define XEN_ELFNOTE_INIT_P2M          15 /* integer: virtual address of a separate P2M */
#define XEN_ELFNOTE_MOD_START_PFN     16 /* integer: kernel accepts SIF_MOD_START_PFN */
#define XEN_ELFNOTE_SUPPORTED_FEATURES 17 /* 32-bit bitmap of XENFEAT_* understood */
#define XEN_ELFNOTE_PHYS32_ENTRY      18 /* integer: PVH entry point (not for PV) */

#define XEN_ELFNOTE_MAX XEN_ELFNOTE_PHYS32_ENTRY

/* Notes in core dumps, never in kernels. */
#define XEN_ELFNOTE_CRASH_INFO              0x1000001
#define XEN_ELFNOTE_CRASH_REGS              0x1000002
#define XEN_ELFNOTE_DUMPCORE_NONE           0x2000000
#define XEN_ELFNOTE_DUMPCORE_HEADER         0x2000001
#define XEN_ELFNOTE_DUMPCORE_XEN_VERSION    0x2000002
#define XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION 0x2000003

#endif /* __XEN_PUBLIC_ELFNOTE_H__ */
