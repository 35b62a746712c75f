/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Error numbers inside the hypervisor: exactly the guest ABI's
 * (include/public/errno.h, Xen's values), which with __XEN__ defined
 * also provides the plain names EPERM, EINVAL, ... used here.
 */
#ifndef XEN_ERRNO_H
#define XEN_ERRNO_H

#include <public/errno.h>

#endif /* XEN_ERRNO_H */
