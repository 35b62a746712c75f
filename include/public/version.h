/* SPDX-License-Identifier: MIT */
/*
 * xen_version: what the hypervisor is and what it offers. The feature
 * bits themselves are in features.h.
 */
#ifndef __XEN_PUBLIC_VERSION_H__
#define __XEN_PUBLIC_VERSION_H__

#include "xen.h"

/*
 * @op __HYPERVISOR_xen_version (17)
 * xen_version(int cmd, GUEST_PTR(void) arg): cmd is a XENVER_* below.
 * Guests also use XENVER_version as a cheap "check for events" call.
 * Caller: any domain.
 * Errors: -ENOSYS (unknown cmd); -EFAULT (arg unwritable); per cmd below.
 * Implemented: yes
 *
 * @op XENVER_version (0)
 * Returns (major << 16) | minor. arg: ignored.
 * Caller: any domain.
 * Errors: none.
 * Implemented: yes (reports 4.17, the ABI level)
 *
 * @op XENVER_extraversion (1)
 * OUT arg: xen_extraversion_t, NUL-terminated version suffix.
 * Caller: any domain.
 * Errors: -EFAULT.
 * Implemented: yes (".0-xl<version>")
 *
 * @op XENVER_compile_info (2)
 * OUT arg: struct xen_compile_info.
 * Caller: any domain.
 * Errors: -EFAULT.
 * Implemented: yes
 *
 * @op XENVER_capabilities (3)
 * OUT arg: xen_capabilities_info_t, space-separated guest types offered
 * (here "xen-3.0-x86_64").
 * Caller: any domain.
 * Errors: -EFAULT.
 * Implemented: yes
 *
 * @op XENVER_changeset (4)
 * OUT arg: xen_changeset_info_t, the source revision.
 * Caller: any domain.
 * Errors: -EFAULT.
 * Implemented: yes
 *
 * @op XENVER_platform_parameters (5)
 * OUT virt_start: HYPERVISOR_VIRT_START.
 * Caller: any domain.
 * Errors: -EFAULT.
 * Implemented: yes
 *
 * @op XENVER_get_features (6)
 * IN  submap_idx: which 32-bit word of features (only 0 exists).
 * OUT submap: XENFEAT_* bits for the calling domain.
 * Caller: any domain.
 * Errors: -EFAULT; -EINVAL (submap_idx >= XENFEAT_NR_SUBMAPS).
 * Implemented: yes (only features xen-like provides: XENFEAT_dom0 for dom0 so far)
 *
 * @op XENVER_pagesize (7)
 * Returns the page size, 4096. arg: null.
 * Caller: any domain.
 * Errors: none.
 * Implemented: yes
 *
 * @op XENVER_guest_handle (8)
 * OUT arg: xen_domain_handle_t of the calling domain.
 * Caller: any domain.
 * Errors: -EFAULT.
 * Implemented: yes (all zero until the toolstack sets handles)
 *
 * @op XENVER_commandline (9)
 * OUT arg: xen_commandline_t, the hypervisor command line.
 * Caller: privileged domains only.
 * Errors: -EFAULT; -EPERM.
 * Implemented: yes
 *
 * @op XENVER_build_id (10)
 * IN  len: size of buf. OUT buf: build id bytes; returns their number.
 * Caller: privileged domains only.
 * Errors: -EFAULT; -EPERM; -EINVAL (len 0); -ENOBUFS (buffer too small);
 * -ENODATA (no build id).
 * Implemented: yes (always -ENODATA: no build id)
 */
#define XENVER_version 0

#define XENVER_extraversion 1
typedef char xen_extraversion_t[16];
#define XEN_EXTRAVERSION_LEN (sizeof(xen_extraversion_t))

#define XENVER_compile_info 2
struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;

#define XENVER_capabilities 3
typedef char xen_capabilities_info_t[1024];
#define XEN_CAPABILITIES_INFO_LEN (sizeof(xen_capabilities_info_t))

#define XENVER_changeset 4
typedef char xen_changeset_info_t[64];
#define XEN_CHANGESET_INFO_LEN (sizeof(xen_changeset_info_t))

#define XENVER_platform_parameters 5
struct xen_platform_parameters {
	xen_ulong_t virt_start; /* OUT */
};
typedef struct xen_platform_parameters xen_platform_parameters_t;

#define XENVER_get_features 6
struct xen_feature_info {
	uint32_t submap_idx; /* IN */
	uint32_t submap;     /* OUT */
};
typedef struct xen_feature_info xen_feature_info_t;

#define XENVER_pagesize     7
#define XENVER_guest_handle 8

#define XENVER_commandline 9
typedef char xen_commandline_t[1024];

#define XENVER_build_id 10
/* Followed in memory by len bytes of id (a flexible array in C). */
struct xen_build_id {
	uint32_t len; /* IN: buffer size; OUT: id size */
#ifndef __cplusplus
	uint8_t buf[];
#endif
};
typedef struct xen_build_id xen_build_id_t;

#endif /* __XEN_PUBLIC_VERSION_H__ */
