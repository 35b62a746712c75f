/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ioctl interface of Linux's Xen devices, as dom0's programs use it
 * (the dom0 tools, the Linux harness's helpers): /dev/xen/privcmd,
 * /dev/xen/evtchn, /dev/xen/gntalloc, /dev/xen/gntdev and
 * /dev/xen/xenbus_backend. Written from the layout of Linux's
 * include/uapi/xen/{privcmd,evtchn,gntalloc,gntdev}.h and
 * include/xen/xenbus_dev.h; only what those programs need. Every command is _IOC(_IOC_NONE, letter, nr, size) with
 * the size of its argument, so a struct with the wrong size is a
 * different ioctl number and fails with ENOTTY rather than silently.
 * Variable-length requests (grant references) are declared with one
 * element, as in Linux; callers append the rest.
 */
#ifndef LINUX_XEN_IOCTL_H
#define LINUX_XEN_IOCTL_H

#include <stdint.h>
#include <sys/ioctl.h>

/* privcmd: a hypercall with up to five arguments; returns its result. */
struct privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};
#define IOCTL_PRIVCMD_HYPERCALL _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))

/*
 * privcmd: map foreign frames at addr (an mmap() of privcmd, one page per
 * frame); OUT err[i] per frame.
 */
struct privcmd_mmapbatch_v2 {
	uint32_t num;
	uint16_t dom;
	uint16_t pad;
	uint64_t addr;
	uint64_t arr; /* const xen_pfn_t * */
	uint64_t err; /* int * */
};
#define IOCTL_PRIVCMD_MMAPBATCH_V2 _IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_mmapbatch_v2))

/*
 * privcmd: map num frames of a domain's resource (XENMEM_acquire_resource:
 * type, id, from frame idx) at addr, an mmap() of privcmd.
 */
struct privcmd_mmap_resource {
	uint16_t dom;
	uint16_t pad;
	uint32_t type;
	uint32_t id;
	uint32_t idx;
	uint64_t num;
	uint64_t addr;
};
#define IOCTL_PRIVCMD_MMAP_RESOURCE _IOC(_IOC_NONE, 'P', 7, sizeof(struct privcmd_mmap_resource))

/*
 * evtchn: each bind returns the new local port. A delivered port is
 * read() as a uint32_t and stays masked until written back.
 */
struct ioctl_evtchn_bind_virq {
	uint32_t virq;
};
#define IOCTL_EVTCHN_BIND_VIRQ _IOC(_IOC_NONE, 'E', 0, sizeof(struct ioctl_evtchn_bind_virq))

struct ioctl_evtchn_bind_interdomain {
	uint32_t remote_domain;
	uint32_t remote_port;
};
#define IOCTL_EVTCHN_BIND_INTERDOMAIN \
	_IOC(_IOC_NONE, 'E', 1, sizeof(struct ioctl_evtchn_bind_interdomain))

struct ioctl_evtchn_bind_unbound_port {
	uint32_t remote_domain;
};
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT \
	_IOC(_IOC_NONE, 'E', 2, sizeof(struct ioctl_evtchn_bind_unbound_port))

struct ioctl_evtchn_unbind {
	uint32_t port;
};
#define IOCTL_EVTCHN_UNBIND _IOC(_IOC_NONE, 'E', 3, sizeof(struct ioctl_evtchn_unbind))

struct ioctl_evtchn_notify {
	uint32_t port;
};
#define IOCTL_EVTCHN_NOTIFY _IOC(_IOC_NONE, 'E', 4, sizeof(struct ioctl_evtchn_notify))

/*
 * gntalloc: allocate count pages granted to domid; OUT index (the mmap
 * offset of the pages) and one grant reference per page.
 */
struct ioctl_gntalloc_alloc_gref {
	uint16_t domid;
	uint16_t flags;
	uint32_t count;
	uint64_t index;
	uint32_t gref_ids[1];
};
#define GNTALLOC_FLAG_WRITABLE 1
#define IOCTL_GNTALLOC_ALLOC_GREF _IOC(_IOC_NONE, 'G', 5, sizeof(struct ioctl_gntalloc_alloc_gref))

struct ioctl_gntalloc_dealloc_gref {
	uint64_t index;
	uint32_t count;
};
#define IOCTL_GNTALLOC_DEALLOC_GREF \
	_IOC(_IOC_NONE, 'G', 6, sizeof(struct ioctl_gntalloc_dealloc_gref))

/*
 * gntdev: reserve count grant references of other domains (or of this
 * one); OUT index, the mmap offset that maps them.
 */
struct ioctl_gntdev_grant_ref {
	uint32_t domid;
	uint32_t ref;
};

struct ioctl_gntdev_map_grant_ref {
	uint32_t count;
	uint32_t pad;
	uint64_t index;
	struct ioctl_gntdev_grant_ref refs[1];
};
#define IOCTL_GNTDEV_MAP_GRANT_REF \
	_IOC(_IOC_NONE, 'G', 0, sizeof(struct ioctl_gntdev_map_grant_ref))

struct ioctl_gntdev_unmap_grant_ref {
	uint64_t index;
	uint32_t count;
	uint32_t pad;
};
#define IOCTL_GNTDEV_UNMAP_GRANT_REF \
	_IOC(_IOC_NONE, 'G', 1, sizeof(struct ioctl_gntdev_unmap_grant_ref))

/*
 * xenbus_backend (dom0, when the kernel's xenstore is local): returns the
 * event channel of dom0's own xenstore ring, which mmap() of the device
 * maps (one page).
 */
#define IOCTL_XENBUS_BACKEND_EVTCHN _IOC(_IOC_NONE, 'B', 0, 0)

/* Linux's sizes: the ioctl numbers above encode them. */
_Static_assert(sizeof(struct privcmd_hypercall) == 48, "privcmd_hypercall");
_Static_assert(sizeof(struct privcmd_mmapbatch_v2) == 32, "privcmd_mmapbatch_v2");
_Static_assert(sizeof(struct privcmd_mmap_resource) == 32, "privcmd_mmap_resource");
_Static_assert(sizeof(struct ioctl_evtchn_bind_interdomain) == 8, "bind_interdomain");
_Static_assert(sizeof(struct ioctl_gntalloc_alloc_gref) == 24, "alloc_gref");
_Static_assert(sizeof(struct ioctl_gntalloc_dealloc_gref) == 16, "dealloc_gref");
_Static_assert(sizeof(struct ioctl_gntdev_map_grant_ref) == 24, "map_grant_ref");
_Static_assert(sizeof(struct ioctl_gntdev_unmap_grant_ref) == 16, "unmap_grant_ref");

#endif /* LINUX_XEN_IOCTL_H */
