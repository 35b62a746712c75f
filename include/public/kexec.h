/* SPDX-License-Identifier: MIT */
/*
 * KEXEC_CMD_*: __HYPERVISOR_kexec_op, for a control domain to load an
 * image the hypervisor jumps to on demand (kexec) or on a crash (kdump),
 * and to find the memory ranges a crash dump must cover. xen-like
 * answers kexec_op with -ENOSYS; the interface is here for code built
 * against Xen's headers.
 */
#ifndef _XEN_PUBLIC_KEXEC_H
#define _XEN_PUBLIC_KEXEC_H

#include "xen.h"

#if defined(__i386__) || defined(__x86_64__)
#define KEXEC_XEN_NO_PAGES 17 /* control pages of a v1 image */
#endif

/* Which image slot. */
#define KEXEC_TYPE_DEFAULT 0
#define KEXEC_TYPE_CRASH   1

#ifndef __ASSEMBLY__
/* A v1 image, as Linux's kexec prepares it. */
typedef struct xen_kexec_image {
#if defined(__i386__) || defined(__x86_64__)
	unsigned long page_list[KEXEC_XEN_NO_PAGES];
#endif
	unsigned long indirection_page;
	unsigned long start_address;
} xen_kexec_image_t;
#endif

/* Jump into the loaded image of a type now. */
#define KEXEC_CMD_kexec 0
#ifndef __ASSEMBLY__
typedef struct xen_kexec_exec {
	int type; /* KEXEC_TYPE_* */
} xen_kexec_exec_t;
#endif

/* Old load/unload, with a v1 image. */
#define KEXEC_CMD_kexec_load_v1   1
#define KEXEC_CMD_kexec_unload_v1 2
#ifndef __ASSEMBLY__
typedef struct xen_kexec_load_v1 {
	int type;
	xen_kexec_image_t image;
} xen_kexec_load_v1_t;
#endif

/* Ranges a crash dump reader asks for. */
#define KEXEC_RANGE_MA_CRASH      0 /* memory reserved for the crash kernel */
#define KEXEC_RANGE_MA_XEN        1 /* the hypervisor image */
#define KEXEC_RANGE_MA_CPU        2 /* one CPU's register notes (nr = CPU) */
#define KEXEC_RANGE_MA_XENHEAP    3
#define KEXEC_RANGE_MA_BOOT_PARAM 4
#define KEXEC_RANGE_MA_EFI_MEMMAP 5
#define KEXEC_RANGE_MA_VMCOREINFO 6

#define KEXEC_CMD_kexec_get_range 3
#ifndef __ASSEMBLY__
typedef struct xen_kexec_range {
	int range;           /* IN: KEXEC_RANGE_MA_* */
	int nr;              /* IN: which one, for per-CPU ranges */
	unsigned long size;  /* OUT */
	unsigned long start; /* OUT: machine address */
} xen_kexec_range_t;
#endif

#if __XEN_INTERFACE_VERSION__ >= 0x00040400
#ifndef __ASSEMBLY__
/* A piece of the image: buf_size bytes copied to a machine range. */
typedef struct xen_kexec_segment {
	union {
		XEN_GUEST_HANDLE(const_void) h;
		uint64_t _pad;
	} buf;
	uint64_t buf_size;
	uint64_t dest_maddr;
	uint64_t dest_size; /* the rest is zeroed */
} xen_kexec_segment_t;
DEFINE_XEN_GUEST_HANDLE(xen_kexec_segment_t);
#endif

/* Load an image made of segments. */
#define KEXEC_CMD_kexec_load 4
#ifndef __ASSEMBLY__
typedef struct xen_kexec_load {
	uint8_t type;  /* KEXEC_TYPE_* */
	uint8_t _pad;
	uint16_t arch; /* ELF machine of the image (EM_*) */
	uint32_t nr_segments;
	union {
		XEN_GUEST_HANDLE(xen_kexec_segment_t) h;
		uint64_t _pad;
	} segments;
	uint64_t entry_maddr;
} xen_kexec_load_t;
DEFINE_XEN_GUEST_HANDLE(xen_kexec_load_t);
#endif

#define KEXEC_CMD_kexec_unload 5
#ifndef __ASSEMBLY__
typedef struct xen_kexec_unload {
	uint8_t type;
} xen_kexec_unload_t;
DEFINE_XEN_GUEST_HANDLE(xen_kexec_unload_t);
#endif

/* Is an image of this type loaded? (1 yes, 0 no) */
#define KEXEC_CMD_kexec_status 6
#ifndef __ASSEMBLY__
typedef struct xen_kexec_status {
	uint8_t type;
} xen_kexec_status_t;
DEFINE_XEN_GUEST_HANDLE(xen_kexec_status_t);
#endif

#else /* __XEN_INTERFACE_VERSION__ < 0x00040400 */
#define KEXEC_CMD_kexec_load   KEXEC_CMD_kexec_load_v1
#define KEXEC_CMD_kexec_unload KEXEC_CMD_kexec_unload_v1
#define xen_kexec_load         xen_kexec_load_v1
#define xen_kexec_load_t       xen_kexec_load_v1_t
#endif

#endif /* _XEN_PUBLIC_KEXEC_H */
