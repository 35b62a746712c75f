/* SPDX-License-Identifier: MIT */
/*
 * Which level of the guest interface the headers present.
 *
 * The one idea: a consumer picks a level once, by defining
 * __XEN_INTERFACE_VERSION__ before its first include; every header then
 * shows the names and layouts of that level ("#if
 * __XEN_INTERFACE_VERSION__ < 0x000n0m00" gates). The hypervisor
 * (__XEN__) and toolstacks (__XEN_TOOLS__) always see the newest level,
 * __XEN_LATEST_INTERFACE_VERSION__ (Xen 4.17's, 0x00040e00). A guest
 * that picks nothing gets level 0, the oldest, exactly as with Xen's
 * headers; asking for a level newer than these headers is an error.
 */
#ifndef __XEN_PUBLIC_XEN_COMPAT_H__
#define __XEN_PUBLIC_XEN_COMPAT_H__

#define __XEN_LATEST_INTERFACE_VERSION__ 0x00040e00

#if defined(__XEN__) || defined(__XEN_TOOLS__)
#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#elif !defined(__XEN_INTERFACE_VERSION__)
#define __XEN_INTERFACE_VERSION__ 0x00000000
#endif

#if __XEN_INTERFACE_VERSION__ > __XEN_LATEST_INTERFACE_VERSION__
#error "xen-compat.h: __XEN_INTERFACE_VERSION__ is newer than these headers (0x00040e00)"
#endif

/* Trailing variable-length arrays in the compat (32-bit) layouts. */
#define COMPAT_FLEX_ARRAY_DIM XEN_FLEX_ARRAY_DIM

#endif /* __XEN_PUBLIC_XEN_COMPAT_H__ */
