/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What libelf needs from its environment: string functions, vsnprintf and
 * errno values, from the hypervisor's library when built with __XEN__
 * (also the host unit tests), from the guest library when built into it
 * with __XEN_GUEST_LIB__ (guest-pv-abi/builder.c's domUs) and from the C
 * library otherwise (dom0 tools). Nothing else in libelf may depend on
 * where it is built.
 */
#ifndef XEN_COMMON_LIBELF_PRIVATE_H
#define XEN_COMMON_LIBELF_PRIVATE_H

#ifdef __XEN__
#include <xen/errno.h>
#include <xen/lib.h>
#elif defined(__XEN_GUEST_LIB__)
#include <public/errno.h>
#include <guest/lib.h>
#define EINVAL XEN_EINVAL
#define ENOEXEC XEN_ENOEXEC
#else
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#endif

#define ELF_PRINTF(a, b) __attribute__((__format__(__printf__, a, b)))

#endif /* XEN_COMMON_LIBELF_PRIVATE_H */
