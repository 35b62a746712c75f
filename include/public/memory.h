/* SPDX-License-Identifier: MIT */
/*
 * memory_op: a domain's memory reservation (growing, shrinking,
 * exchanging its frames), the machine-to-phys table's location, memory
 * maps, and adding special frames to a translated guest's physmap.
 *
 * The one idea: memory is handed out in "extents" of 2^order contiguous
 * frames; a PV guest names frames by MFN and keeps its own P2M.
 * Hypervisor-toolstack memory ops (paging, sharing, access) are ours,
 * not here.
 */
#ifndef __XEN_PUBLIC_MEMORY_H__
#define __XEN_PUBLIC_MEMORY_H__

#include "xen.h"
#include "physdev.h"

/*
 * @op __HYPERVISOR_memory_op (12)
 * memory_op(unsigned int cmd, GUEST_PTR(void) arg): the low 6 bits of
 * cmd are a XENMEM_* below; the bits above must be 0 from a guest (the
 * hypervisor keeps continuation state there).
 * Caller: any domain (per cmd below).
 * Errors: -ENOSYS (unknown cmd); -EFAULT (arg unreadable/unwritable);
 * per cmd below.
 * Implemented: yes (xen-like/common/memory.c; the ops marked below)
 *
 * @op XENMEM_increase_reservation (0)
 * Allocates nr_extents extents of 2^extent_order frames for domid; for
 * PV writes their MFNs to extent_start (if not null). Returns the number
 * of extents done; as on Xen every failure is a short count, never an
 * error code: unreadable arguments, no such domid or no privilege over
 * it, extent_order above 9 (12 for dom0), populate-on-demand, or the
 * domain at its limit (tot_pages + extent > max_pages).
 * IN  struct xen_memory_reservation: extent_start (OUT array),
 * nr_extents, extent_order, mem_flags (XENMEMF_*), domid.
 * Caller: the domain itself (within its limit) or a privileged domain.
 * Errors: none (a short count).
 * Implemented: yes
 *
 * @op XENMEM_decrease_reservation (1)
 * Gives the listed frames back (GMFN = MFN for PV). A frame still
 * referenced (a page table, a mapping, a pin) leaves the reservation but
 * is freed, and stops counting in tot_pages, only when its last
 * reference goes. Returns the number of extents done; stops at the first
 * frame the domain does not own (a short count, as on Xen).
 * IN  struct xen_memory_reservation (extent_start lists the frames).
 * Caller: the domain itself or a privileged domain.
 * Errors: none (a short count).
 * Implemented: yes
 *
 * @op XENMEM_populate_physmap (6)
 * Like increase_reservation; for PV the array carries in PFNs, which
 * the M2P records for the new frames, and returns their MFNs. Returns the
 * number of extents done.
 * IN  struct xen_memory_reservation.
 * Caller: the domain itself or a privileged domain (the domain builder).
 * Errors: none (a short count).
 * Implemented: yes
 *
 * @op XENMEM_exchange (11)
 * Swaps frames of the domain for new ones with other properties (e.g.
 * contiguous, below an address). Atomic per extent.
 * IN  in, out: reservations of equal total size. OUT nr_exchanged:
 * input extents done; OUT out.extent_start: the new frames.
 * Caller: the domain itself or a privileged domain.
 * Errors: -EFAULT; -EINVAL (sizes differ, bad order, a frame not owned
 * or still referenced, nr_exchanged not 0: xen-like never preempts an
 * exchange); -ESRCH (no such domain or no privilege over it); -ENOMEM.
 * Implemented: yes (all or nothing per call)
 *
 * @op XENMEM_maximum_ram_page (2)
 * Returns the number of machine frames the frame table covers
 * (the highest RAM frame + 1, as Xen's max_page). arg: null.
 * Caller: any domain.
 * Errors: none.
 * Implemented: yes
 *
 * @op XENMEM_current_reservation (3)
 * Returns the number of frames the domain owns.
 * IN  arg: domid_t (DOMID_SELF or a domain the caller controls).
 * Caller: any domain for itself; a privileged domain for others.
 * Errors: -EFAULT; -ESRCH; -EPERM.
 * Implemented: yes
 *
 * @op XENMEM_maximum_reservation (4)
 * Returns the domain's frame limit. IN arg: domid_t.
 * Caller: as current_reservation.
 * Errors: -EFAULT; -ESRCH; -EPERM.
 * Implemented: yes
 *
 * @op XENMEM_maximum_gpfn (14)
 * Returns the highest PFN the domain has used. IN arg: domid_t.
 * Caller: as current_reservation.
 * Errors: -EFAULT; -ESRCH; -EPERM.
 * Implemented: yes
 *
 * @op XENMEM_machphys_mfn_list (5)
 * Lists the MFNs of the 2 MiB chunks holding the M2P table.
 * IN  max_extents, extent_start (array). OUT nr_extents.
 * Caller: any PV domain.
 * Errors: -EFAULT.
 * Implemented: yes
 *
 * @op XENMEM_machphys_compat_mfn_list (25)
 * The same for the 32-bit M2P table, which we do not have.
 * Caller: any PV domain.
 * Errors: -ENOSYS.
 * Implemented: not planned
 *
 * @op XENMEM_machphys_mapping (12)
 * Where the read-only M2P table is mapped.
 * OUT v_start, v_end, max_mfn (dom0: the last machine frame, as Xen
 * without memory hotplug; others: the table's capacity - 1).
 * Caller: any domain.
 * Errors: -EFAULT.
 * Implemented: yes
 *
 * @op XENMEM_add_to_physmap (7)
 * Maps a special frame (shared_info, a grant-table frame) at gpfn of a
 * translated guest.
 * IN  domid, size (gmfn_range only), space (XENMAPSPACE_*), idx, gpfn.
 * Caller: translated guests only.
 * Errors: in Xen's order, -EDOM (a continuation index above 0xffff);
 * -EFAULT; -ENOSYS (XENMAPSPACE_gmfn_foreign: the batch's); -ESRCH;
 * -EACCES (the domain is PV: not translated, as on Xen; every domain is
 * PV here, so XENMAPSPACE_grant_table and XENMAPIDX_grant_table_status
 * end here too: a PV guest maps those frames by the MFNs setup_table and
 * get_status_frames give); -EPERM; -EINVAL; -ENOMEM.
 * Implemented: yes (PV only: -EACCES)
 *
 * @op XENMEM_add_to_physmap_batch (23)
 * Several add_to_physmap at once, with per-entry errors in errs.
 * IN  domid, space, size, u.foreign_domid, idxs, gpfns. OUT errs.
 * Caller: translated guests and the toolstack (foreign mappings).
 * Errors: in Xen's order, -EDOM; -EFAULT; -EOPNOTSUPP
 * (XENMAPSPACE_gmfn_range); -ESRCH; -EACCES (PV domains, as
 * add_to_physmap); -EPERM; -EINVAL.
 * Implemented: yes (PV only: -EACCES)
 *
 * @op XENMEM_remove_from_physmap (15)
 * Removes the mapping at gpfn of a translated guest.
 * IN  domid, gpfn.
 * Caller: translated guests and the toolstack.
 * Errors: -EFAULT; -ESRCH; -EPERM; -EINVAL.
 * Implemented: not yet
 *
 * @op XENMEM_memory_map (9)
 * The pseudo-physical memory map the toolstack set for the caller.
 * IN  nr_entries: capacity of buffer. OUT nr_entries: entries written.
 * OUT buffer: e820 entries (u64 addr, u64 size, u32 type; 20 bytes).
 * Fewer entries than the map has: the first nr_entries, no error.
 * Caller: any domain, for itself.
 * Errors: -EFAULT; -ENOSYS (no map was set, the case of every PV domain
 * at start, dom0 included: use nr_pages instead).
 * Implemented: yes
 *
 * @op XENMEM_machine_memory_map (10)
 * The host's e820 map, same format (the boot loader's entries as they
 * are; Xen also marks I/O ranges the hardware domain may not use).
 * Caller: the hardware domain only.
 * Errors: -EFAULT; -EPERM; -EINVAL (buffer too small).
 * Implemented: yes
 *
 * @op XENMEM_set_memory_map (13)
 * Sets a domain's pseudo-physical memory map (replacing any earlier
 * one; 0 entries removes it).
 * IN  domid (DOMID_SELF allowed), map (nr_entries, at most E820MAX =
 * 1024; buffer of 20-byte e820 entries).
 * Caller: the domain itself, or a privileged domain for any.
 * Errors: -EFAULT; -EINVAL (more than 1024 entries); -ESRCH; -EPERM;
 * -ENOMEM.
 * Implemented: yes
 *
 * @op XENMEM_get_vnumainfo (26)
 * The virtual NUMA topology the toolstack set for a domain.
 * IN  domid, nr_vnodes, nr_vcpus, nr_vmemranges (capacities), the three
 * handles. OUT the same counts and arrays.
 * Caller: any domain for itself.
 * Errors: -EFAULT; -ESRCH; -EOPNOTSUPP (no vNUMA set); -ENOBUFS (arrays
 * too small, counts updated).
 * Implemented: not yet
 *
 * @op XENMEM_acquire_resource (28)
 * The MFNs of frames of another domain's resource, for the caller to map
 * with a foreign mmu_update (how Linux's privcmd maps a domU's grant
 * table for the domain builder). The one resource here: the grant table
 * (XENMEM_resource_grant_table: id shared, the table frames; id status,
 * the v2 status frames, 1 per 8 table frames; the table grows to cover
 * the frames asked for, within its limit). A null frame_list with
 * nr_frames 0 asks for the resource's size (the most there can be).
 * IN  domid (not the caller), type, id, frame, nr_frames, frame_list.
 * OUT frame_list (MFNs), or nr_frames (size query).
 * Caller: the control domain.
 * Errors: -EFAULT; -ESRCH; -EPERM (the caller itself, or unprivileged);
 * -EINVAL (pad set, frames beyond the resource or 32 bits, an unknown
 * id, status frames of a domain not using v2); -EOPNOTSUPP (ioreq
 * server, vmtrace buffer).
 * Implemented: yes
 *
 * @op XENMEM_claim_pages (24)
 * Stakes a claim: the heap keeps nr_extents - (the domain's pages now)
 * frames for the domain, which allocations for anyone else cannot take;
 * the domain's own allocations use it up. nr_extents 0 cancels the claim;
 * destroying the domain drops it. One claim at a time per domain.
 * IN  a struct xen_memory_reservation: domid, nr_extents (the domain's
 * total pages to claim up to), extent_order 0, mem_flags 0, extent_start
 * null.
 * Caller: the control domain.
 * Errors: -EFAULT; -EINVAL (no such domain, a non-null extent_start, an
 * order or flags, a claim in place, nr_extents not above the domain's
 * pages or above its max_pages); -EPERM; -ENOMEM (the unclaimed free
 * frames do not cover it).
 * Implemented: yes
 *
 * @op XENMEM_set_pod_target (16), XENMEM_get_pod_target (17)
 * Populate-on-demand, HVM only.
 * Caller: nobody here.
 * Errors: -EINVAL (the target is not an HVM domain).
 * Implemented: not planned
 */
#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_populate_physmap     6

#if __XEN_INTERFACE_VERSION__ >= 0x00030209
/* mem_flags of a reservation. */
#define XENMEMF_address_bits(x)     (x)            /* frames below 2^x */
#define XENMEMF_get_address_bits(x) ((x) & 0xffu)
#define XENMEMF_node(x)             (((x) + 1) << 8) /* NUMA node x */
#define XENMEMF_get_node(x)         ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand  (1 << 16)
#define XENMEMF_exact_node_request  (1 << 17)
#define XENMEMF_exact_node(n)       (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode               (1 << 18)      /* node is virtual */
#endif

struct xen_memory_reservation {
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* IN/OUT: frames */
	xen_ulong_t nr_extents;  /* IN */
	uint32_t extent_order;   /* IN */
#if __XEN_INTERFACE_VERSION__ >= 0x00030209
	uint32_t mem_flags;      /* IN: XENMEMF_* */
#else
	uint32_t address_bits;   /* IN: what XENMEMF_address_bits() became */
#endif
	domid_t domid;           /* IN */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_reservation_t);

#define XENMEM_exchange 11
struct xen_memory_exchange {
	struct xen_memory_reservation in;  /* IN */
	struct xen_memory_reservation out; /* IN, out.extent_start OUT */
	xen_ulong_t nr_exchanged;          /* OUT */
};
typedef struct xen_memory_exchange xen_memory_exchange_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_exchange_t);

#define XENMEM_maximum_ram_page 2

struct xen_memory_domain {
	domid_t domid;
};

#define XENMEM_current_reservation 3
#define XENMEM_maximum_reservation 4
#define XENMEM_maximum_gpfn        14

#define XENMEM_machphys_mfn_list 5
struct xen_machphys_mfn_list {
	uint32_t max_extents; /* IN */
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start; /* OUT */
	uint32_t nr_extents;  /* OUT */
};
typedef struct xen_machphys_mfn_list xen_machphys_mfn_list_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mfn_list_t);

#define XENMEM_machphys_compat_mfn_list 25

#define XENMEM_machphys_mapping 12
struct xen_machphys_mapping {
	xen_ulong_t v_start, v_end; /* OUT */
	xen_ulong_t max_mfn;        /* OUT */
};
typedef struct xen_machphys_mapping xen_machphys_mapping_t;
DEFINE_XEN_GUEST_HANDLE(xen_machphys_mapping_t);

#define XENMAPSPACE_shared_info  0 /* the shared_info page */
#define XENMAPSPACE_grant_table  1 /* a grant-table frame */
#define XENMAPSPACE_gmfn         2 /* move a frame of the guest */
#define XENMAPSPACE_gmfn_range   3 /* several of them */
#define XENMAPSPACE_gmfn_foreign 4 /* a frame of another domain */
#define XENMAPSPACE_dev_mmio     5 /* device memory (Arm) */

#define XENMEM_add_to_physmap 7
struct xen_add_to_physmap {
	domid_t domid;  /* IN */
	uint16_t size;  /* IN: gmfn_range count */
	uint32_t space; /* IN: XENMAPSPACE_* */
#define XENMAPIDX_grant_table_status 0x80000000
	xen_ulong_t idx; /* IN */
	xen_pfn_t gpfn;  /* IN */
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_t);

#define XENMEM_add_to_physmap_batch 23
struct xen_add_to_physmap_batch {
	domid_t domid;  /* IN */
	uint16_t space; /* IN */
	uint16_t size;  /* IN */
#if __XEN_INTERFACE_VERSION__ < 0x00040700
	domid_t foreign_domid; /* IN: gmfn_foreign, zero otherwise */
#else
	union xen_add_to_physmap_batch_extra {
		domid_t foreign_domid; /* IN: gmfn_foreign */
		uint16_t res0;         /* zero otherwise */
	} u;
#endif
	XEN_GUEST_HANDLE(xen_ulong_t) idxs; /* IN */
	XEN_GUEST_HANDLE(xen_pfn_t) gpfns;  /* IN */
	XEN_GUEST_HANDLE(int) errs;         /* OUT */
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_batch_t);

#if __XEN_INTERFACE_VERSION__ < 0x00040400
/* The batch op's name before 4.4. */
#define XENMEM_add_to_physmap_range XENMEM_add_to_physmap_batch
#define xen_add_to_physmap_range    xen_add_to_physmap_batch
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_range_t;
DEFINE_XEN_GUEST_HANDLE(xen_add_to_physmap_range_t);
#endif

#define XENMEM_remove_from_physmap 15
struct xen_remove_from_physmap {
	domid_t domid;  /* IN */
	xen_pfn_t gpfn; /* IN */
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
DEFINE_XEN_GUEST_HANDLE(xen_remove_from_physmap_t);

#define XENMEM_memory_map 9
struct xen_memory_map {
	uint32_t nr_entries; /* IN: capacity; OUT: count */
	XEN_GUEST_HANDLE(void) buffer; /* OUT: e820 entries */
};
typedef struct xen_memory_map xen_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_memory_map_t);

#define XENMEM_machine_memory_map 10

#define XENMEM_set_memory_map 13
struct xen_foreign_memory_map {
	domid_t domid; /* IN */
	struct xen_memory_map map; /* IN */
};
typedef struct xen_foreign_memory_map xen_foreign_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_foreign_memory_map_t);

#define XENMEM_set_pod_target 16
#define XENMEM_get_pod_target 17
struct xen_pod_target {
	uint64_t target_pages;
	uint64_t tot_pages;
	uint64_t pod_cache_pages;
	uint64_t pod_entries;
	domid_t domid;
};
typedef struct xen_pod_target xen_pod_target_t;

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/*
 * Toolstack-only memory ops: paging, access control, sharing, claims
 * and reserved device memory. xen-like offers none of them (-ENOSYS);
 * the layouts are Xen's.
 */
#ifndef uint64_aligned_t
#define uint64_aligned_t uint64_t
#endif

/* Pages freed by, and pages shared through, memory sharing. */
#define XENMEM_get_sharing_freed_pages  18
#define XENMEM_get_sharing_shared_pages 19

/* Paging a domain's memory out to a helper and back. */
#define XENMEM_paging_op 20
#define XENMEM_paging_op_nominate 0
#define XENMEM_paging_op_evict    1
#define XENMEM_paging_op_prep     2
struct xen_mem_paging_op {
	uint8_t op;      /* XENMEM_paging_op_* */
	domid_t domain;
	XEN_GUEST_HANDLE_64(const_uint8) buffer; /* prep: the page's contents */
	uint64_aligned_t gfn;
};
typedef struct xen_mem_paging_op xen_mem_paging_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_paging_op_t);

/* Per-page access rights enforced for a monitoring agent. */
#define XENMEM_access_op 21
#define XENMEM_access_op_set_access       0
#define XENMEM_access_op_get_access       1
#define XENMEM_access_op_set_access_multi 4
typedef enum {
	XENMEM_access_n,
	XENMEM_access_r,
	XENMEM_access_w,
	XENMEM_access_rw,
	XENMEM_access_x,
	XENMEM_access_rx,
	XENMEM_access_wx,
	XENMEM_access_rwx,
	XENMEM_access_rx2rw,   /* r-x, becomes rw- on a write */
	XENMEM_access_n2rwx,   /* ---, becomes rwx on any access */
	XENMEM_access_default  /* the domain's default */
} xenmem_access_t;

struct xen_mem_access_op {
	uint8_t op;      /* XENMEM_access_op_* */
	uint8_t access;  /* xenmem_access_t */
	domid_t domid;
	uint32_t nr;     /* pages, or entries of the lists */
	uint64_aligned_t pfn; /* first pfn, or ~0 for the default */
	XEN_GUEST_HANDLE(const_uint64) pfn_list;   /* set_access_multi */
	XEN_GUEST_HANDLE(const_uint8) access_list; /* set_access_multi */
};
typedef struct xen_mem_access_op xen_mem_access_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_access_op_t);

/* Sharing identical pages between domains (copy on write). */
#define XENMEM_sharing_op 22
#define XENMEM_sharing_op_nominate_gfn  0
#define XENMEM_sharing_op_nominate_gref 1
#define XENMEM_sharing_op_share         2
#define XENMEM_sharing_op_debug_gfn     3
#define XENMEM_sharing_op_debug_mfn     4
#define XENMEM_sharing_op_debug_gref    5
#define XENMEM_sharing_op_add_physmap   6
#define XENMEM_sharing_op_audit         7
#define XENMEM_sharing_op_range_share   8
#define XENMEM_sharing_op_fork          9
#define XENMEM_sharing_op_fork_reset    10

#define XENMEM_SHARING_OP_S_HANDLE_INVALID (-10)
#define XENMEM_SHARING_OP_C_HANDLE_INVALID (-9)

/* A gfn field may hold a grant reference instead, flagged in bit 62. */
#define XENMEM_SHARING_OP_FIELD_IS_GREF_FLAG (xen_mk_ullong(1) << 62)
#define XENMEM_SHARING_OP_FIELD_MAKE_GREF(field, val) \
	(field) = (XENMEM_SHARING_OP_FIELD_IS_GREF_FLAG | val)
#define XENMEM_SHARING_OP_FIELD_IS_GREF(field) \
	((field) & XENMEM_SHARING_OP_FIELD_IS_GREF_FLAG)
#define XENMEM_SHARING_OP_FIELD_GET_GREF(field) \
	((field) & (~XENMEM_SHARING_OP_FIELD_IS_GREF_FLAG))

struct xen_mem_sharing_op {
	uint8_t op;      /* XENMEM_sharing_op_* */
	domid_t domain;
	union {
		struct mem_sharing_op_nominate {
			union {
				uint64_aligned_t gfn;
				uint32_t grant_ref;
			} u;
			uint64_aligned_t handle; /* OUT */
		} nominate;
		struct mem_sharing_op_share {
			uint64_aligned_t source_gfn;
			uint64_aligned_t source_handle;
			uint64_aligned_t client_gfn;
			uint64_aligned_t client_handle;
			domid_t client_domain;
		} share;
		struct mem_sharing_op_range {
			uint64_aligned_t first_gfn;
			uint64_aligned_t last_gfn;
			uint64_aligned_t opaque; /* progress, 0 to start */
			domid_t client_domain;
			uint16_t _pad[3];
		} range;
		struct mem_sharing_op_debug {
			union {
				uint64_aligned_t gfn;
				uint64_aligned_t mfn;
				uint32_t gref;
			} u;
		} debug;
		struct mem_sharing_op_fork {
			domid_t parent_domain;
#define XENMEM_FORK_WITH_IOMMU_ALLOWED (1u << 0)
#define XENMEM_FORK_BLOCK_INTERRUPTS   (1u << 1)
#define XENMEM_FORK_RESET_STATE        (1u << 2)
#define XENMEM_FORK_RESET_MEMORY       (1u << 3)
			uint16_t flags;
			uint32_t pad;
		} fork;
	} u;
};
typedef struct xen_mem_sharing_op xen_mem_sharing_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_sharing_op_t);

/* Memory ranges devices use that a guest must leave alone (RMRRs). */
#define XENMEM_reserved_device_memory_map 27
struct xen_reserved_device_memory {
	xen_pfn_t start_pfn;
	xen_ulong_t nr_pages;
};
typedef struct xen_reserved_device_memory xen_reserved_device_memory_t;
DEFINE_XEN_GUEST_HANDLE(xen_reserved_device_memory_t);

struct xen_reserved_device_memory_map {
#define XENMEM_RDM_ALL 1 /* every device's ranges, not just dev's */
	uint32_t flags;
	unsigned int nr_entries; /* IN: room; OUT: entries */
	XEN_GUEST_HANDLE(xen_reserved_device_memory_t) buffer;
	union {
		physdev_pci_device_t pci;
	} dev;
};
typedef struct xen_reserved_device_memory_map xen_reserved_device_memory_map_t;
DEFINE_XEN_GUEST_HANDLE(xen_reserved_device_memory_map_t);
#endif /* __XEN__ || __XEN_TOOLS__ */

/* Claim pages for a domain about to be built (argument: a reservation). */
#define XENMEM_claim_pages 24

#define XENMEM_acquire_resource 28
struct xen_mem_acquire_resource {
	domid_t domid; /* IN */
	uint16_t type; /* IN: XENMEM_resource_* */
#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table  1
#define XENMEM_resource_vmtrace_buf  2
	uint32_t id;   /* IN */
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1
	uint32_t nr_frames; /* IN/OUT */
	uint32_t pad;
	uint64_t frame;     /* IN: first frame of the resource */
#define XENMEM_resource_ioreq_server_frame_bufioreq 0
#define XENMEM_resource_ioreq_server_frame_ioreq(n) (1 + (n))
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* IN/OUT */
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
DEFINE_XEN_GUEST_HANDLE(xen_mem_acquire_resource_t);

#define XENMEM_get_vnumainfo 26
struct xen_vmemrange {
	uint64_t start, end;
	uint32_t flags;
	uint32_t nid;
};
typedef struct xen_vmemrange xen_vmemrange_t;
DEFINE_XEN_GUEST_HANDLE(xen_vmemrange_t);

struct xen_vnuma_topology_info {
	domid_t domid;          /* IN */
	uint16_t pad;
	uint32_t nr_vnodes;     /* IN/OUT */
	uint32_t nr_vcpus;      /* IN/OUT */
	uint32_t nr_vmemranges; /* IN/OUT */
	union {
		XEN_GUEST_HANDLE(uint) h;
		uint64_t pad;
	} vdistance;            /* OUT: nr_vnodes^2 distances */
	union {
		XEN_GUEST_HANDLE(uint) h;
		uint64_t pad;
	} vcpu_to_vnode;        /* OUT */
	union {
		XEN_GUEST_HANDLE(xen_vmemrange_t) h;
		uint64_t pad;
	} vmemrange;            /* OUT */
};
typedef struct xen_vnuma_topology_info xen_vnuma_topology_info_t;
DEFINE_XEN_GUEST_HANDLE(xen_vnuma_topology_info_t);

#endif /* __XEN_PUBLIC_MEMORY_H__ */
