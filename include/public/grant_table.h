/* SPDX-License-Identifier: MIT */
/*
 * grant_table_op: sharing pages between domains. The granting domain
 * writes an entry in its grant table ("domain D may map/access my frame
 * F"); the grantee names the entry by (granter, reference) to map it,
 * copy through it, or take a page transferred through it.
 *
 * The one idea: the granter alone writes an entry's flags/domid/frame,
 * the hypervisor alone sets GTF_reading/GTF_writing while the grant is
 * in use, so the granter can tell when revoking is safe.
 */
#ifndef __XEN_PUBLIC_GRANT_TABLE_H__
#define __XEN_PUBLIC_GRANT_TABLE_H__

#include "xen.h"

typedef uint32_t grant_ref_t;

/*
 * Version 1 entry: 8 bytes, written by the granting guest. Guests of
 * interfaces before 3.2.10 know it as struct grant_entry.
 */
#if __XEN_INTERFACE_VERSION__ < 0x0003020a
#define grant_entry_v1   grant_entry
#define grant_entry_v1_t grant_entry_t
#endif
struct grant_entry_v1 {
	uint16_t flags;  /* GTF_* */
	domid_t domid;   /* grantee */
	uint32_t frame;  /* frame granted, or frame receiving a transfer */
};
typedef struct grant_entry_v1 grant_entry_v1_t;

/* Entries a toolstack pre-fills for the console and xenstore pages. */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE    0
#define GNTTAB_RESERVED_XENSTORE   1

/* Entry type (bits 0-1) and flags. */
#define GTF_invalid         (0U << 0) /* no access */
#define GTF_permit_access   (1U << 0) /* domid may map/copy frame */
#define GTF_accept_transfer (2U << 0) /* domid may transfer a page here */
#define GTF_transitive      (3U << 0) /* v2: re-grant of another grant */
#define GTF_type_mask       (3U << 0)
#define _GTF_readonly       (2)
#define GTF_readonly        (1U << _GTF_readonly)  /* read-only access */
#define _GTF_reading        (3)
#define GTF_reading         (1U << _GTF_reading)   /* hypervisor: in use for reading */
#define _GTF_writing        (4)
#define GTF_writing         (1U << _GTF_writing)   /* hypervisor: in use for writing */
#define _GTF_PWT            (5)
#define GTF_PWT             (1U << _GTF_PWT)       /* cache attributes of the mapping */
#define _GTF_PCD            (6)
#define GTF_PCD             (1U << _GTF_PCD)
#define _GTF_PAT            (7)
#define GTF_PAT             (1U << _GTF_PAT)
#define _GTF_sub_page       (8)
#define GTF_sub_page        (1U << _GTF_sub_page)  /* v2: part of a page */
#define _GTF_transfer_committed (2)
#define GTF_transfer_committed  (1U << _GTF_transfer_committed) /* transfer started */
#define _GTF_transfer_completed (3)
#define GTF_transfer_completed  (1U << _GTF_transfer_completed) /* frame is valid */

/* Version 2 entries: 16 bytes, plus a separate status array. */
struct grant_entry_header {
	uint16_t flags;
	domid_t domid;
};
typedef struct grant_entry_header grant_entry_header_t;

union grant_entry_v2 {
	grant_entry_header_t hdr;
	struct {
		grant_entry_header_t hdr;
		uint32_t pad0;
		uint64_t frame;
	} full_page;
	struct {
		grant_entry_header_t hdr;
		uint16_t page_off;
		uint16_t length;
		uint64_t frame;
	} sub_page;
	struct {
		grant_entry_header_t hdr;
		domid_t trans_domid;
		uint16_t pad0;
		grant_ref_t gref;
	} transitive;
	uint32_t __spacer[4];
};
typedef union grant_entry_v2 grant_entry_v2_t;

typedef uint16_t grant_status_t;

/*
 * @op __HYPERVISOR_grant_table_op (20)
 * grant_table_op(unsigned int cmd, GUEST_PTR(void) uop, unsigned int
 * count): cmd is a GNTTABOP_* below, uop an array of count structures.
 * Each element gets its own status (GNTST_*); the hypercall returns 0
 * once all elements are processed, whatever their status.
 * Caller: any domain.
 * Errors: -ENOSYS (unknown cmd); -EFAULT (array unreadable/unwritable);
 * -EINVAL (count negative as an int, or continuation bits in cmd);
 * -EPERM / -ESRCH only where a cmd below says so. Long batches
 * (map, unmap, copy, swap) are preempted with a continuation.
 * Implemented: yes, versions 1 and 2 (docs/grant-tables.md)
 *
 * @op GNTTABOP_map_grant_ref (0)
 * Maps the frame of grant (dom, ref) at host_addr (a PTE machine address
 * with GNTMAP_contains_pte, else a virtual address) and/or for device
 * access.
 * IN  host_addr, flags (GNTMAP_*), ref, dom. OUT status (GNTST_*),
 * handle (for unmapping), dev_bus_addr.
 * Caller: the grantee named in the entry.
 * Errors: per element in status: GNTST_bad_gntref (ref beyond the
 * table, or neither host_map nor device_map), bad_domain (no such
 * granter; DOMID_SELF is not accepted), general_error (entry not
 * GTF_permit_access for the caller, a v2 sub-page or transitive entry
 * (those are for copies only), GTF_readonly for a write mapping, entry
 * pinned by another domain, the frame cannot be typed writable,
 * or a host_addr with no L1 of the caller / a misaligned PTE address),
 * bad_page (the granter does not own the frame), no_space (maptrack
 * full).
 * Implemented: yes (PV host mappings, contains_pte, device_map,
 * application_map, guest_avail bits 16-18 into PTE bits 9-11)
 *
 * @op GNTTABOP_unmap_grant_ref (1)
 * Undoes a mapping.
 * IN  host_addr, dev_bus_addr, handle. OUT status.
 * Caller: the domain that mapped.
 * Errors: per element: GNTST_bad_handle (never given or already
 * unmapped), bad_dev_addr (dev_bus_addr not the frame's), general_error
 * (the PTE at host_addr does not map the grant's frame any more).
 * Implemented: yes
 *
 * @op GNTTABOP_setup_table (2)
 * Grows dom's grant table to nr_frames (under v2 with the status frames
 * they need) and returns the frames (MFNs) that hold it, for the guest
 * to map.
 * IN  dom, nr_frames, frame_list (room for nr_frames). OUT status.
 * Caller: the domain itself; a privileged domain for another.
 * Errors: -EFAULT; -EINVAL (count != 1); per element: GNTST_bad_domain,
 * permission_denied, general_error (nr_frames above the limit, or out
 * of memory), bad_virt_addr (frame_list unwritable).
 * Implemented: yes (the limit is gnttab_max_frames=, default 64)
 *
 * @op GNTTABOP_dump_table (3)
 * Prints dom's grant table on the hypervisor console (debugging).
 * IN  dom. OUT status.
 * Caller: the domain itself or a privileged domain.
 * Errors: -ENOSYS: Xen 4.17 does not handle this op either.
 * Implemented: no (as Xen 4.17)
 *
 * @op GNTTABOP_transfer (4)
 * Gives the caller's page mfn to domid through its accept_transfer grant ref.
 * IN  mfn, domid, ref. OUT status.
 * Caller: any PV domain.
 * Errors: per element: GNTST_bad_domain, bad_gntref, bad_page,
 * permission_denied, general_error.
 * Implemented: no: -EOPNOTSUPP, Xen's answer with gnttab=no-transfer.
 *
 * @op GNTTABOP_copy (5)
 * Copies len bytes between two frames, each named by a grant ref or a
 * local GMFN (GNTCOPY_*_gref), without mapping them; no page crossing.
 * A v2 sub-page grant allows only its window (page_off, length); a v2
 * transitive grant (one level, gnttab=transitive, the default) copies
 * through the grant it names, which must be granted to its granter.
 * IN  source, dest, len, flags. OUT status.
 * Caller: any domain.
 * Errors: per element: GNTST_bad_copy_arg (beyond the page),
 * bad_domain, bad_gntref (also of the grant behind a transitive one),
 * permission_denied (a frame named for a domid other than DOMID_SELF),
 * bad_page (a frame the domain does not own), general_error (bad grant
 * entry, outside a sub-page window, a transitive grant naming its own
 * granter or no domain, or rewritten while pinned, or the destination
 * cannot be typed writable: a page table).
 * Implemented: yes
 *
 * @op GNTTABOP_query_size (6)
 * IN  dom. OUT nr_frames, max_nr_frames, status.
 * Caller: the domain itself or a privileged domain.
 * Errors: -EINVAL (count != 1); -EFAULT; per element: GNTST_bad_domain,
 * permission_denied.
 * Implemented: yes
 *
 * @op GNTTABOP_unmap_and_replace (7)
 * Unmaps a grant at host_addr, pointing the PTE at new_addr's frame
 * instead (whose own PTE is cleared).
 * IN  host_addr, new_addr, handle. OUT status.
 * Caller: the domain that mapped.
 * Errors: per element: GNTST_bad_handle, general_error.
 * Implemented: yes (Linux 6.1 does not use it)
 *
 * @op GNTTABOP_set_version (8)
 * Switches the caller's table between the v1 and v2 layouts. The 8
 * reserved entries (console, xenstore) are carried over (v2 -> v1: the
 * status bits folded into the flags, a non-full-page entry zeroed);
 * every other byte of the table is cleared. v1 -> v2 allocates the
 * status frames, v2 -> v1 frees them.
 * IN  version: 1 or 2. OUT version: the version in force (also on error).
 * Caller: any domain (for itself).
 * Errors: in this order, -EFAULT; -EINVAL (not 1 or 2); -ENOSYS
 * (version 2 when the domain's maximum version is 1); 0 at once for the
 * version in force; -EBUSY (an entry past the 8 reserved ones is mapped
 * or being copied); -ERANGE (to v1: a reserved entry is transitive or
 * grants a frame >= 2^32); -ENOMEM; -EBUSY (to v1: a status frame is
 * still referenced, e.g. mapped by the guest).
 * Implemented: yes
 *
 * @op GNTTABOP_get_status_frames (9)
 * v2 only: returns the frames (MFNs) of dom's status array, one
 * uint16_t (GTF_reading/GTF_writing) per entry, 2048 per frame.
 * IN  nr_frames, dom, frame_list. OUT status.
 * Caller: the domain itself or a privileged domain.
 * Errors: -EINVAL (count != 1); -EFAULT; per element: GNTST_bad_domain,
 * permission_denied, general_error (nr_frames above the status frames
 * dom has: under v1, any), bad_virt_addr (frame_list unwritable).
 * Implemented: yes
 *
 * @op GNTTABOP_get_version (10)
 * IN  dom. OUT version.
 * Caller: the domain itself or a privileged domain.
 * Errors: -EFAULT; -ESRCH; -EPERM.
 * Implemented: yes
 *
 * @op GNTTABOP_swap_grant_ref (11)
 * Swaps two entries of the caller's table (both must be unused; under
 * v2 with their status words).
 * IN  ref_a, ref_b. OUT status.
 * Caller: any domain.
 * Errors: per element: GNTST_bad_gntref, eagain (an entry in use).
 * Implemented: yes
 *
 * @op GNTTABOP_cache_flush (12)
 * Cleans/invalidates caches for a granted range (Arm only).
 * Caller: nobody on x86.
 * Errors: -ENOSYS on x86.
 * Implemented: not planned
 */
#define GNTTABOP_map_grant_ref      0
#define GNTTABOP_unmap_grant_ref    1
#define GNTTABOP_setup_table        2
#define GNTTABOP_dump_table         3
#define GNTTABOP_transfer           4
#define GNTTABOP_copy               5
#define GNTTABOP_query_size         6
#define GNTTABOP_unmap_and_replace  7
#define GNTTABOP_set_version        8
#define GNTTABOP_get_status_frames  9
#define GNTTABOP_get_version        10
#define GNTTABOP_swap_grant_ref     11
#define GNTTABOP_cache_flush        12

typedef uint32_t grant_handle_t;

struct gnttab_map_grant_ref {
	uint64_t host_addr;     /* IN */
	uint32_t flags;         /* IN: GNTMAP_* */
	grant_ref_t ref;        /* IN */
	domid_t dom;            /* IN */
	int16_t status;         /* OUT: GNTST_* */
	grant_handle_t handle;  /* OUT */
	uint64_t dev_bus_addr;  /* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_map_grant_ref_t);

struct gnttab_unmap_grant_ref {
	uint64_t host_addr;     /* IN */
	uint64_t dev_bus_addr;  /* IN */
	grant_handle_t handle;  /* IN */
	int16_t status;         /* OUT */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_grant_ref_t);

struct gnttab_setup_table {
	domid_t dom;            /* IN */
	uint32_t nr_frames;     /* IN */
	int16_t status;         /* OUT */
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_setup_table_t);

struct gnttab_dump_table {
	domid_t dom;    /* IN */
	int16_t status; /* OUT */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_dump_table_t);

struct gnttab_transfer {
	xen_pfn_t mfn;   /* IN */
	domid_t domid;   /* IN */
	grant_ref_t ref; /* IN */
	int16_t status;  /* OUT */
};
typedef struct gnttab_transfer gnttab_transfer_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_transfer_t);

#define _GNTCOPY_source_gref (0)
#define GNTCOPY_source_gref  (1 << _GNTCOPY_source_gref) /* source.u is a ref */
#define _GNTCOPY_dest_gref   (1)
#define GNTCOPY_dest_gref    (1 << _GNTCOPY_dest_gref)   /* dest.u is a ref */

struct gnttab_copy {
	struct gnttab_copy_ptr {
		union {
			grant_ref_t ref;
			xen_pfn_t gmfn;
		} u;
		domid_t domid;
		uint16_t offset;
	} source, dest;  /* IN */
	uint16_t len;    /* IN */
	uint16_t flags;  /* IN: GNTCOPY_* */
	int16_t status;  /* OUT */
};
typedef struct gnttab_copy gnttab_copy_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_copy_t);

struct gnttab_query_size {
	domid_t dom;            /* IN */
	uint32_t nr_frames;     /* OUT */
	uint32_t max_nr_frames; /* OUT */
	int16_t status;         /* OUT */
};
typedef struct gnttab_query_size gnttab_query_size_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_query_size_t);

struct gnttab_unmap_and_replace {
	uint64_t host_addr;    /* IN */
	uint64_t new_addr;     /* IN */
	grant_handle_t handle; /* IN */
	int16_t status;        /* OUT */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_unmap_and_replace_t);

struct gnttab_set_version {
	uint32_t version; /* IN/OUT */
};
typedef struct gnttab_set_version gnttab_set_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_set_version_t);

struct gnttab_get_status_frames {
	uint32_t nr_frames; /* IN */
	domid_t dom;        /* IN */
	int16_t status;     /* OUT */
	XEN_GUEST_HANDLE(uint64_t) frame_list; /* OUT */
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_status_frames_t);

struct gnttab_get_version {
	domid_t dom;      /* IN */
	uint16_t pad;
	uint32_t version; /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_get_version_t);

struct gnttab_swap_grant_ref {
	grant_ref_t ref_a; /* IN */
	grant_ref_t ref_b; /* IN */
	int16_t status;    /* OUT */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_swap_grant_ref_t);

struct gnttab_cache_flush {
	union {
		uint64_t dev_bus_addr;
		grant_ref_t ref;
	} a;
	uint16_t offset;
	uint16_t length;
#define GNTTAB_CACHE_CLEAN       (1u << 0)
#define GNTTAB_CACHE_INVAL       (1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1u << 31)
	uint32_t op;
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
DEFINE_XEN_GUEST_HANDLE(gnttab_cache_flush_t);

/* Map flags. */
#define _GNTMAP_device_map      (0)
#define GNTMAP_device_map       (1 << _GNTMAP_device_map)     /* for DMA */
#define _GNTMAP_host_map        (1)
#define GNTMAP_host_map         (1 << _GNTMAP_host_map)       /* into page tables */
#define _GNTMAP_readonly        (2)
#define GNTMAP_readonly         (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map (3)
#define GNTMAP_application_map  (1 << _GNTMAP_application_map) /* user-accessible */
#define _GNTMAP_contains_pte    (4)
#define GNTMAP_contains_pte     (1 << _GNTMAP_contains_pte)   /* host_addr is a PTE address */
#define _GNTMAP_guest_avail0    (16)
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0) /* copied into the PTE */

/* Per-element status values. */
#define GNTST_okay              (0)
#define GNTST_general_error     (-1)
#define GNTST_bad_domain        (-2)
#define GNTST_bad_gntref        (-3)
#define GNTST_bad_handle        (-4)
#define GNTST_bad_virt_addr     (-5)
#define GNTST_bad_dev_addr      (-6)
#define GNTST_no_device_space   (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page          (-9)
#define GNTST_bad_copy_arg      (-10)
#define GNTST_address_too_big   (-11)
#define GNTST_eagain            (-12)
#define GNTST_no_space          (-13)

/* Messages for the status values, indexed by -status. */
#define GNTTABOP_error_msgs {                        \
	"okay",                                      \
	"unspecified error",                         \
	"no such domain",                            \
	"bad grant reference",                       \
	"bad mapping handle",                        \
	"bad virtual address",                       \
	"bad device address",                        \
	"no free IOMMU slot",                        \
	"permission denied",                         \
	"bad page",                                  \
	"copy crosses a page boundary",              \
	"page address too large",                    \
	"not done, try again",                       \
	"out of space",                              \
}

#endif /* __XEN_PUBLIC_GRANT_TABLE_H__ */
