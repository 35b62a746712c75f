// SPDX-License-Identifier: GPL-2.0-only
/*
 * A weak -ENOSYS handler for every hypercall in the list: any handler a
 * subsystem file defines overrides its default here at link time, and
 * whatever nobody implements honestly answers -ENOSYS (which
 * pv_dispatch() logs and counts for the guest, see unhandled.c). This file is
 * alone in its translation unit so the compiler cannot fold the defaults
 * into the dispatch table.
 */
#include <xen/errno.h>
#include <xen/hypercall.h>

#define HCALL(nr, name, params) \
	long __attribute__((weak)) do_##name params { return -ENOSYS; }
#define HCALL_ENOSYS(nr, name, params)
#include <public/hypercall-list.h>
#undef HCALL
#undef HCALL_ENOSYS
