/* SPDX-License-Identifier: MIT */
/*
 * nmi_op: the legacy way to register a virtual-NMI handler (callback_op
 * with CALLBACKTYPE_nmi is the current one), and the NMI reason bits
 * the hypervisor writes to shared_info.arch.nmi_reason.
 */
#ifndef __XEN_PUBLIC_NMI_H__
#define __XEN_PUBLIC_NMI_H__

#include "xen.h"

#define _XEN_NMIREASON_io_error 0 /* I/O check error */
#define XEN_NMIREASON_io_error  (1UL << _XEN_NMIREASON_io_error)
#define _XEN_NMIREASON_pci_serr 1 /* PCI SERR */
#define XEN_NMIREASON_pci_serr  (1UL << _XEN_NMIREASON_pci_serr)
#if __XEN_INTERFACE_VERSION__ < 0x00040300
/* The same bit's name before 4.3. */
#define _XEN_NMIREASON_parity_error 1
#define XEN_NMIREASON_parity_error  (1UL << _XEN_NMIREASON_parity_error)
#endif
#define _XEN_NMIREASON_unknown  2 /* unknown cause */
#define XEN_NMIREASON_unknown   (1UL << _XEN_NMIREASON_unknown)

/*
 * @op __HYPERVISOR_nmi_op (28)
 * nmi_op(unsigned int cmd, GUEST_PTR(void) arg).
 * Caller: any PV domain, for the calling vCPU (as Xen 4.17).
 * Errors: -ENOSYS (unknown cmd); per cmd below.
 * Implemented: yes
 *
 * @op XENNMI_register_callback (0)
 * Sets the calling vCPU's virtual-NMI entry point, as callback_op's
 * CALLBACKTYPE_nmi does.
 * IN  handler_address: guest virtual NMI entry point. pad: ignored.
 * Caller: any PV domain.
 * Errors: -EFAULT; -EINVAL (non-canonical address).
 * Implemented: yes
 *
 * @op XENNMI_unregister_callback (1)
 * Removes the handler. arg: ignored.
 * Caller: any PV domain.
 * Errors: none.
 * Implemented: yes
 */
#define XENNMI_register_callback 0
struct xennmi_callback {
	uint64_t handler_address; /* IN */
	uint64_t pad;             /* IN: zero */
};
typedef struct xennmi_callback xennmi_callback_t;
DEFINE_XEN_GUEST_HANDLE(xennmi_callback_t);

#define XENNMI_unregister_callback 1

#endif /* __XEN_PUBLIC_NMI_H__ */
