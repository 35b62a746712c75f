/* SPDX-License-Identifier: MIT */
/*
 * HVMOP_*: the sub-ops of __HYPERVISOR_hvm_op, for HVM/PVH guests and
 * their toolstack (parameters, altp2m views, memory types, the upcall
 * vector). xen-like runs PV guests only and answers every hvm_op with
 * -ENOSYS; the interface is here so that code written against Xen's
 * headers builds unchanged.
 *
 * The one idea: an HVM parameter (hvm/params.h) is a 64-bit slot per
 * domain, read and written with HVMOP_get_param/HVMOP_set_param.
 */
#ifndef __XEN_PUBLIC_HVM_HVM_OP_H__
#define __XEN_PUBLIC_HVM_HVM_OP_H__

#include "../xen.h"
#include "../trace.h"
#include "../event_channel.h"

/* Read or write one HVM_PARAM_* of a domain. */
#define HVMOP_set_param 0
#define HVMOP_get_param 1
#ifndef __ASSEMBLY__
struct xen_hvm_param {
	domid_t domid;   /* IN */
	uint16_t pad;
	uint32_t index;  /* IN: HVM_PARAM_* */
	uint64_t value;  /* IN (set) / OUT (get) */
};
typedef struct xen_hvm_param xen_hvm_param_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_param_t);

/* altp2m: the #VE suppression bit of one gfn, or of a range. */
struct xen_hvm_altp2m_suppress_ve {
	uint16_t view;
	uint8_t suppress_ve; /* boolean */
	uint8_t pad1;
	uint32_t pad2;
	uint64_t gfn;
};

struct xen_hvm_altp2m_suppress_ve_multi {
	uint16_t view;
	uint8_t suppress_ve;      /* boolean */
	uint8_t pad1;
	int32_t first_error;      /* OUT: first error met, 0 if none */
	uint64_t first_gfn;       /* IN/OUT: where to start (continuations) */
	uint64_t last_gfn;        /* IN: last gfn, inclusive */
	uint64_t first_error_gfn; /* OUT: gfn of first_error */
};

#if __XEN_INTERFACE_VERSION__ < 0x00040900
/* Interrupt-line ops of the old device-model interface (now dm_op). */
#define HVMOP_set_pci_intx_level 2
struct xen_hvm_set_pci_intx_level {
	domid_t domid;
	uint8_t domain, bus, device, intx; /* PCI segment/bus/slot/INTx */
	uint8_t level;                     /* 0 deasserted, 1 asserted */
};
typedef struct xen_hvm_set_pci_intx_level xen_hvm_set_pci_intx_level_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_set_pci_intx_level_t);

#define HVMOP_set_isa_irq_level 3
struct xen_hvm_set_isa_irq_level {
	domid_t domid;
	uint8_t isa_irq; /* 0-15 */
	uint8_t level;
};
typedef struct xen_hvm_set_isa_irq_level xen_hvm_set_isa_irq_level_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_set_isa_irq_level_t);

#define HVMOP_set_pci_link_route 4
struct xen_hvm_set_pci_link_route {
	domid_t domid;
	uint8_t link;    /* PCI INTx link 0-3 */
	uint8_t isa_irq; /* routed to this ISA IRQ, 0 to disable */
};
typedef struct xen_hvm_set_pci_link_route xen_hvm_set_pci_link_route_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_set_pci_link_route_t);
#endif /* __XEN_INTERFACE_VERSION__ < 0x00040900 */
#endif /* !__ASSEMBLY__ */

/* Flush every vCPU's TLB (argument: a null handle). */
#define HVMOP_flush_tlbs 5

#ifndef __ASSEMBLY__
/* Type of a guest frame, as HVMOP_get_mem_type reports it. */
typedef enum {
	HVMMEM_ram_rw,       /* ordinary RAM */
	HVMMEM_ram_ro,       /* RAM, writes are dropped */
	HVMMEM_mmio_dm,      /* emulated by the device model */
#if __XEN_INTERFACE_VERSION__ < 0x00040700
	HVMMEM_mmio_write_dm, /* reads plain, writes emulated (retired) */
#else
	HVMMEM_unused,
#endif
	HVMMEM_ioreq_server  /* emulated by an ioreq server */
} hvmmem_type_t;
#endif

/* The guest says a page table is going away (shadow paging hint). */
#define HVMOP_pagetable_dying 9
#ifndef __ASSEMBLY__
struct xen_hvm_pagetable_dying {
	domid_t domid;   /* DOMID_SELF */
	uint16_t pad[3];
	uint64_t gpa;    /* guest physical address of the top-level table */
};
typedef struct xen_hvm_pagetable_dying xen_hvm_pagetable_dying_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_pagetable_dying_t);
#endif

/* Current system time in ns. */
#define HVMOP_get_time 10
#ifndef __ASSEMBLY__
struct xen_hvm_get_time {
	uint64_t now; /* OUT */
};
typedef struct xen_hvm_get_time xen_hvm_get_time_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_get_time_t);
#endif

/* Put a record into the hypervisor's trace buffers. */
#define HVMOP_xentrace 11
#ifndef __ASSEMBLY__
struct xen_hvm_xentrace {
	uint16_t event, extra_bytes;
	uint8_t extra[TRACE_EXTRA_MAX * sizeof(uint32_t)];
};
typedef struct xen_hvm_xentrace xen_hvm_xentrace_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_xentrace_t);
#endif

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/* Retired numbers, now XENMEM_access_op. */
#define HVMOP_set_mem_access 12
#define HVMOP_get_mem_access 13
#endif

/* Type of one guest frame (hvmmem_type_t). */
#define HVMOP_get_mem_type 15
#ifndef __ASSEMBLY__
struct xen_hvm_get_mem_type {
	domid_t domid;     /* IN */
	uint16_t mem_type; /* OUT: hvmmem_type_t */
	uint16_t pad[2];
	uint64_t pfn;      /* IN */
};
typedef struct xen_hvm_get_mem_type xen_hvm_get_mem_type_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_get_mem_type_t);
#endif

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/* Buffered-ioreq modes of an ioreq server. */
#define HVM_IOREQSRV_BUFIOREQ_OFF    0
#define HVM_IOREQSRV_BUFIOREQ_LEGACY 1
#define HVM_IOREQSRV_BUFIOREQ_ATOMIC 2
#endif

#if defined(__i386__) || defined(__x86_64__)
/* Deliver one vCPU's event upcalls on this IDT vector (HVM). */
#define HVMOP_set_evtchn_upcall_vector 23
#ifndef __ASSEMBLY__
struct xen_hvm_evtchn_upcall_vector {
	uint32_t vcpu;
	uint8_t vector; /* 0x10 and up */
};
typedef struct xen_hvm_evtchn_upcall_vector xen_hvm_evtchn_upcall_vector_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_evtchn_upcall_vector_t);
#endif
#endif

/* Raise a vm_event to the domain's monitor (no argument). */
#define HVMOP_guest_request_vm_event 24

/*
 * Alternate p2m views: several second-stage translations per domain,
 * switched per vCPU, each with its own access rights.
 */
#define HVMOP_altp2m 25
#define HVMOP_ALTP2M_INTERFACE_VERSION 0x00000001

#ifndef __ASSEMBLY__
struct xen_hvm_altp2m_domain_state {
	uint8_t state; /* IN/OUT: altp2m on (1) or off (0) */
};
typedef struct xen_hvm_altp2m_domain_state xen_hvm_altp2m_domain_state_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_domain_state_t);

struct xen_hvm_altp2m_vcpu_enable_notify {
	uint32_t vcpu_id;
	uint32_t pad;
	uint64_t gfn; /* #VE information page */
};
typedef struct xen_hvm_altp2m_vcpu_enable_notify xen_hvm_altp2m_vcpu_enable_notify_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_vcpu_enable_notify_t);

struct xen_hvm_altp2m_vcpu_disable_notify {
	uint32_t vcpu_id;
};
typedef struct xen_hvm_altp2m_vcpu_disable_notify xen_hvm_altp2m_vcpu_disable_notify_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_vcpu_disable_notify_t);

struct xen_hvm_altp2m_view {
	uint16_t view;                  /* IN/OUT: view index */
	uint16_t hvmmem_default_access; /* IN: xenmem_access_t for new views */
};
typedef struct xen_hvm_altp2m_view xen_hvm_altp2m_view_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_view_t);

#if __XEN_INTERFACE_VERSION__ < 0x00040a00
struct xen_hvm_altp2m_set_mem_access {
	uint16_t view;
	uint16_t access; /* xenmem_access_t */
	uint32_t pad;
	uint64_t gfn;
};
typedef struct xen_hvm_altp2m_set_mem_access xen_hvm_altp2m_set_mem_access_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_set_mem_access_t);
#endif

struct xen_hvm_altp2m_mem_access {
	uint16_t view;
	uint16_t access; /* IN (set) / OUT (get): xenmem_access_t */
	uint32_t pad;
	uint64_t gfn;
};
typedef struct xen_hvm_altp2m_mem_access xen_hvm_altp2m_mem_access_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_mem_access_t);

struct xen_hvm_altp2m_set_mem_access_multi {
	uint16_t view;
	uint16_t pad;
	uint32_t nr;    /* entries in both lists */
	uint64_t opaque; /* IN/OUT: progress, 0 to start */
	XEN_GUEST_HANDLE(const_uint64) pfn_list;
	XEN_GUEST_HANDLE(const_uint8) access_list;
};

struct xen_hvm_altp2m_change_gfn {
	uint16_t view;
	uint16_t pad1;
	uint32_t pad2;
	uint64_t old_gfn;
	uint64_t new_gfn; /* INVALID_GFN to undo */
};
typedef struct xen_hvm_altp2m_change_gfn xen_hvm_altp2m_change_gfn_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_change_gfn_t);

struct xen_hvm_altp2m_get_vcpu_p2m_idx {
	uint32_t vcpu_id;     /* IN */
	uint16_t altp2m_idx;  /* OUT */
};

struct xen_hvm_altp2m_set_visibility {
	uint16_t altp2m_idx;
	uint8_t visible; /* boolean */
	uint8_t pad;
};

struct xen_hvm_altp2m_op {
	uint32_t version; /* HVMOP_ALTP2M_INTERFACE_VERSION */
	uint32_t cmd;     /* HVMOP_altp2m_* */
#define HVMOP_altp2m_get_domain_state      1
#define HVMOP_altp2m_set_domain_state      2
#define HVMOP_altp2m_vcpu_enable_notify    3
#define HVMOP_altp2m_create_p2m            4
#define HVMOP_altp2m_destroy_p2m           5
#define HVMOP_altp2m_switch_p2m            6
#define HVMOP_altp2m_set_mem_access        7
#define HVMOP_altp2m_change_gfn            8
#define HVMOP_altp2m_set_mem_access_multi  9
#define HVMOP_altp2m_set_suppress_ve       10
#define HVMOP_altp2m_get_suppress_ve       11
#define HVMOP_altp2m_get_mem_access        12
#define HVMOP_altp2m_vcpu_disable_notify   13
#define HVMOP_altp2m_get_p2m_idx           14
#define HVMOP_altp2m_set_suppress_ve_multi 15
#define HVMOP_altp2m_set_visibility        16
	domid_t domain;
	uint16_t pad1;
	uint32_t pad2;
	union {
		struct xen_hvm_altp2m_domain_state domain_state;
		struct xen_hvm_altp2m_vcpu_enable_notify enable_notify;
		struct xen_hvm_altp2m_view view;
#if __XEN_INTERFACE_VERSION__ < 0x00040a00
		struct xen_hvm_altp2m_set_mem_access set_mem_access;
#endif
		struct xen_hvm_altp2m_mem_access mem_access;
		struct xen_hvm_altp2m_change_gfn change_gfn;
		struct xen_hvm_altp2m_set_mem_access_multi set_mem_access_multi;
		struct xen_hvm_altp2m_suppress_ve suppress_ve;
		struct xen_hvm_altp2m_suppress_ve_multi suppress_ve_multi;
		struct xen_hvm_altp2m_vcpu_disable_notify disable_notify;
		struct xen_hvm_altp2m_get_vcpu_p2m_idx get_vcpu_p2m_idx;
		struct xen_hvm_altp2m_set_visibility set_visibility;
		uint8_t pad[64];
	} u;
};
typedef struct xen_hvm_altp2m_op xen_hvm_altp2m_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_hvm_altp2m_op_t);
#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_HVM_HVM_OP_H__ */
