/* SPDX-License-Identifier: MIT */
/*
 * Helpers for consumers of hypercall-list.h: the headers whose types the
 * list's parameters name, the table size, and the X-macro bodies most
 * consumers need. Typical uses (see docs/abi.md):
 *
 *   hypervisor prototypes (GUEST_PTR defined by the hypervisor first):
 *     #define HCALL HYPERCALL_PROTOTYPE_
 *     #define HCALL_ENOSYS(nr, name, params)
 *     #include <public/hypercall-list.h>
 *
 *   name table for tracing and pvctl:
 *     static const char *const names[HYPERCALL_TABLE_SIZE] = {
 *     #define HCALL HYPERCALL_NAME_
 *     #include <public/hypercall-list.h>
 *     #undef HCALL
 *     };
 *
 * Dispatch thunks and guest wrappers need each parameter's name and type
 * split apart, which the preprocessor cannot do: scripts/gen-hypercalls.py
 * generates them into the build directory.
 */
#ifndef __XEN_PUBLIC_HYPERCALL_DEFS_H__
#define __XEN_PUBLIC_HYPERCALL_DEFS_H__

#include "xen.h"
#include "event_channel.h"
#include "physdev.h"
#include "platform.h"
#include "pmu.h"
#include "domctl.h"
#include "sysctl.h"

/*
 * Every hypercall number is below this (a power of two, so the
 * dispatcher can mask before its bounds check). scripts/gen-hypercalls.py
 * refuses a list that does not fit.
 */
#define HYPERCALL_TABLE_SIZE 64

/* X-macro bodies, see above. */
#define HYPERCALL_PROTOTYPE_(nr, name, params) long do_ ## name params;
#define HYPERCALL_NAME_(nr, name, params)      [nr] = #name,
#define HYPERCALL_FITS_(nr, name, params) \
	typedef char hypercall_fits_ ## name[(nr) < HYPERCALL_TABLE_SIZE ? 1 : -1];

#endif /* __XEN_PUBLIC_HYPERCALL_DEFS_H__ */
