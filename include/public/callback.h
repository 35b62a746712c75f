/* SPDX-License-Identifier: MIT */
/*
 * callback_op: where the hypervisor enters the guest kernel for events,
 * failed returns, system calls from guest user mode and NMIs.
 */
#ifndef __XEN_PUBLIC_CALLBACK_H__
#define __XEN_PUBLIC_CALLBACK_H__

#include "xen.h"

#define CALLBACKTYPE_event               0 /* event upcall */
#define CALLBACKTYPE_failsafe            1 /* a return to the guest faulted */
#define CALLBACKTYPE_syscall             2 /* SYSCALL from 64-bit user mode */
#define CALLBACKTYPE_sysenter_deprecated 3
#define CALLBACKTYPE_nmi                 4 /* virtual NMI */
#define CALLBACKTYPE_sysenter            5 /* SYSENTER from 32-bit user mode */
#define CALLBACKTYPE_syscall32           7 /* SYSCALL from 32-bit user mode */

/* Enter the callback with events masked. */
#define _CALLBACKF_mask_events 0
#define CALLBACKF_mask_events  (1U << _CALLBACKF_mask_events)

/*
 * @op __HYPERVISOR_callback_op (30)
 * callback_op(int cmd, GUEST_PTR(const_void) arg): cmd is a CALLBACKOP_*.
 * Caller: any PV domain.
 * Errors: -ENOSYS (unknown cmd); -EFAULT (arg unreadable); per cmd below.
 * Implemented: yes (as Xen 4.17 for a 64-bit PV guest)
 *
 * @op CALLBACKOP_register (0)
 * Sets the entry point of a callback type: event, failsafe (a data
 * selector that did not load when the vCPU was switched to), syscall,
 * syscall32, sysenter (kept; not yet delivered: SYSENTER from 32-bit user
 * mode raises #GP) or nmi. CALLBACKF_mask_events applies to failsafe,
 * syscall, syscall32 and sysenter.
 * IN  type: CALLBACKTYPE_*. IN flags: CALLBACKF_*. IN address: guest
 * virtual entry point (canonical).
 * Caller: any PV domain.
 * Errors: -EFAULT; -EINVAL (non-canonical address, checked first);
 * -ENOSYS (any other type, sysenter_deprecated included).
 * Implemented: yes
 *
 * @op CALLBACKOP_unregister (1)
 * Removes a callback (only the NMI callback can be removed).
 * IN  type: CALLBACKTYPE_*.
 * Caller: any PV domain.
 * Errors: -EFAULT; -EINVAL (event, failsafe, syscall, syscall32,
 * sysenter: they cannot be removed); -ENOSYS (an unknown type).
 * Implemented: yes
 */
#define CALLBACKOP_register 0
struct callback_register {
	uint16_t type;          /* IN */
	uint16_t flags;         /* IN */
	xen_callback_t address; /* IN */
};
typedef struct callback_register callback_register_t;
DEFINE_XEN_GUEST_HANDLE(callback_register_t);

#define CALLBACKOP_unregister 1
struct callback_unregister {
	uint16_t type;    /* IN */
	uint16_t _unused;
};
typedef struct callback_unregister callback_unregister_t;
DEFINE_XEN_GUEST_HANDLE(callback_unregister_t);

/* Before interface 3.2.7 "sysenter" named what is now sysenter_deprecated. */
#if __XEN_INTERFACE_VERSION__ < 0x00030207
#undef CALLBACKTYPE_sysenter
#define CALLBACKTYPE_sysenter CALLBACKTYPE_sysenter_deprecated
#endif

#endif /* __XEN_PUBLIC_CALLBACK_H__ */
