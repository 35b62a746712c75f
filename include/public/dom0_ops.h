/* SPDX-License-Identifier: MIT */
/*
 * The old dom0_op interface (before interface 3.2.4), where a control
 * domain's platform requests went through one "dom0_op" hypercall. It
 * is now platform_op (platform.h); this header maps the old names onto
 * it and keeps the two structures that have no successor. Only a guest
 * built for an interface older than 3.2.4 may include it.
 */
#ifndef __XEN_PUBLIC_DOM0_OPS_H__
#define __XEN_PUBLIC_DOM0_OPS_H__

#include "xen.h"
#include "platform.h"

#if __XEN_INTERFACE_VERSION__ >= 0x00030204
#error "dom0_ops.h: only for guests of interface 3.2.3 and older (use platform.h)"
#endif

#define DOM0_INTERFACE_VERSION XENPF_INTERFACE_VERSION

/* Old names of platform_op sub-ops and their arguments. */
#define DOM0_SETTIME          XENPF_settime
#define dom0_settime          xenpf_settime
#define dom0_settime_t        xenpf_settime_t
#define DOM0_ADD_MEMTYPE      XENPF_add_memtype
#define dom0_add_memtype      xenpf_add_memtype
#define dom0_add_memtype_t    xenpf_add_memtype_t
#define DOM0_DEL_MEMTYPE      XENPF_del_memtype
#define dom0_del_memtype      xenpf_del_memtype
#define dom0_del_memtype_t    xenpf_del_memtype_t
#define DOM0_READ_MEMTYPE     XENPF_read_memtype
#define dom0_read_memtype     xenpf_read_memtype
#define dom0_read_memtype_t   xenpf_read_memtype_t
#define DOM0_MICROCODE        XENPF_microcode_update
#define dom0_microcode        xenpf_microcode_update
#define dom0_microcode_t      xenpf_microcode_update_t
#define DOM0_PLATFORM_QUIRK   XENPF_platform_quirk
#define dom0_platform_quirk   xenpf_platform_quirk
#define dom0_platform_quirk_t xenpf_platform_quirk_t

typedef uint64_t cpumap_t;

/* Read or write an MSR on a set of CPUs (retired). */
#define DOM0_MSR 15
struct dom0_msr {
	uint32_t write;    /* IN: 1 write, 0 read */
	cpumap_t cpu_mask; /* IN */
	uint32_t msr;      /* IN */
	uint32_t in1;      /* IN: low/high halves to write */
	uint32_t in2;
	uint32_t out1;     /* OUT: low/high halves read */
	uint32_t out2;
};
typedef struct dom0_msr dom0_msr_t;
DEFINE_XEN_GUEST_HANDLE(dom0_msr_t);

/* One entry of the machine's memory map (retired). */
#define DOM0_PHYSICAL_MEMORY_MAP 40
struct dom0_memory_map_entry {
	uint64_t start, end;
	uint32_t flags;  /* reserved */
	uint8_t is_ram;
};
typedef struct dom0_memory_map_entry dom0_memory_map_entry_t;
DEFINE_XEN_GUEST_HANDLE(dom0_memory_map_entry_t);

struct dom0_op {
	uint32_t cmd;               /* DOM0_* */
	uint32_t interface_version; /* DOM0_INTERFACE_VERSION */
	union {
		struct dom0_msr msr;
		struct dom0_settime settime;
		struct dom0_add_memtype add_memtype;
		struct dom0_del_memtype del_memtype;
		struct dom0_read_memtype read_memtype;
		struct dom0_microcode microcode;
		struct dom0_platform_quirk platform_quirk;
		struct dom0_memory_map_entry physical_memory_map;
		uint8_t pad[128];
	} u;
};
typedef struct dom0_op dom0_op_t;
DEFINE_XEN_GUEST_HANDLE(dom0_op_t);

#endif /* __XEN_PUBLIC_DOM0_OPS_H__ */
