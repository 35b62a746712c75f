/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Prototypes of every do_<name>() hypercall handler, generated from the
 * one hypercall list (include/public/hypercall-list.h). A file that
 * implements a handler includes this, so the compiler checks it against
 * the list.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <public/hypercall-defs.h>
#include <xen/guest_access.h>

#define HCALL HYPERCALL_PROTOTYPE_
#define HCALL_ENOSYS(nr, name, params)
#include <public/hypercall-list.h>
#undef HCALL
#undef HCALL_ENOSYS

/*
 * Preemption of long hypercalls (arch/x86/pv/hypercall.c). A handler
 * that finds hypercall_preempt_check() true returns
 * hypercall_create_continuation(nr, nargs, args...): the guest re-issues
 * hypercall @nr with the given (uint64_t) arguments when it next runs.
 * Never inside a multicall, where the check is always false.
 */
bool hypercall_preempt_check(void);
long hypercall_create_continuation(unsigned int nr, unsigned int nargs, ...);

#endif /* XEN_HYPERCALL_H */
