/* SPDX-License-Identifier: MIT */
/*
 * Xencomm descriptors: an argument handed to the hypervisor as a list of
 * physical page addresses rather than a virtual address, for
 * architectures whose hypervisor cannot walk the guest's page tables.
 * x86 PV never uses them; the layout is kept for completeness.
 */
#ifndef _XEN_XENCOMM_H_
#define _XEN_XENCOMM_H_

#ifndef XEN_PUBLIC_NO_STDINT
#include <stdint.h>
#endif

#define XENCOMM_MAGIC   0x58434F4D /* "XCOM" */
#define XENCOMM_INVALID (~0UL)     /* an address slot not in use */

struct xencomm_desc {
	uint32_t magic;      /* XENCOMM_MAGIC */
	uint32_t nr_addrs;   /* entries in address[] */
	__extension__ uint64_t address[]; /* physical addresses of the pieces */
};

#endif /* _XEN_XENCOMM_H_ */
