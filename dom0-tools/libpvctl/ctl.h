/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libpvctl's inspection and control calls (ctl.c): the domctl and sysctl
 * commands pvctl's list, info, dmesg, pause, vcpu-*, sched-credit, mem-*,
 * top and trace are made of, one wrapper each. Each returns >= 0 or a
 * negative errno with the error line in the handle (libpvctl.h); bitmaps
 * and other arrays are the caller's ordinary memory, copied through
 * hypercall-safe buffers here.
 */
#ifndef LIBPVCTL_CTL_H
#define LIBPVCTL_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/trace.h>
#include <public/version.h>

#include "libpvctl.h"

/* The CPU maps pvctl handles: bit n = pCPU n, LSB first, as xenctl_bitmap. */
#define PVCTL_MAX_CPUS 512
#define PVCTL_CPUMAP_BYTES (PVCTL_MAX_CPUS / 8)

/* Exactly domain domid (-ESRCH, "no domain with id N", if it does not exist). */
int pvctl_domain_getinfo(struct pvctl *h, uint32_t domid, struct xen_domctl_getdomaininfo *info);
/*
 * Up to max domains with ids >= first, in id order (XEN_SYSCTL_getdomaininfolist):
 * the number written.
 */
int pvctl_domain_list(struct pvctl *h, uint32_t first, struct xen_domctl_getdomaininfo *infos,
		      unsigned int max);
int pvctl_domain_pause(struct pvctl *h, uint32_t domid);
int pvctl_domain_unpause(struct pvctl *h, uint32_t domid);
/* XEN_DOMCTL_max_mem: the most memory (KiB) the domain may own. */
int pvctl_domain_set_maxmem(struct pvctl *h, uint32_t domid, uint64_t max_kib);

int pvctl_vcpu_getinfo(struct pvctl *h, uint32_t domid, uint32_t vcpu,
		       struct xen_domctl_getvcpuinfo *info);
/*
 * Affinity maps of nr_bits bits (PVCTL_MAX_CPUS at most): get reads the
 * hard and (if soft is not NULL) the soft map; set sets those of hard
 * and soft that are not NULL (at least one).
 */
int pvctl_vcpu_get_affinity(struct pvctl *h, uint32_t domid, uint32_t vcpu, uint8_t *hard,
			    uint8_t *soft, unsigned int nr_bits);
int pvctl_vcpu_set_affinity(struct pvctl *h, uint32_t domid, uint32_t vcpu, const uint8_t *hard,
			    const uint8_t *soft, unsigned int nr_bits);

/* The scheduler in use (XEN_SCHEDULER_*) and its name ("credit"). */
int pvctl_sched_id(struct pvctl *h);
const char *pvctl_sched_name(int sched_id);
/* A domain's credit weight and cap (the domain must run under credit). */
int pvctl_sched_credit_get(struct pvctl *h, uint32_t domid, struct xen_domctl_sched_credit *p);
int pvctl_sched_credit_put(struct pvctl *h, uint32_t domid,
			   const struct xen_domctl_sched_credit *p);
/* A CPU pool's credit parameters (XEN_SYSCTL_scheduler_op). */
int pvctl_sched_credit_pool_get(struct pvctl *h, uint32_t poolid,
				struct xen_sysctl_credit_schedule *p);

int pvctl_physinfo_get(struct pvctl *h, struct xen_sysctl_physinfo *info);
/* pCPUs in no CPU pool (XEN_SYSCTL_CPUPOOL_OP_FREEINFO): how many. */
int pvctl_cpupool_free_cpus(struct pvctl *h);
/* Idle time (ns) of up to max pCPUs: the number written. */
int pvctl_cpuinfo_get(struct pvctl *h, uint64_t *idletime, unsigned int max);

/*
 * XEN_SYSCTL_readconsole: up to size bytes of the hypervisor's console
 * ring from *index (incremental) or from its start; *index moves on.
 * The bytes copied.
 */
int pvctl_console_read(struct pvctl *h, char *buf, uint32_t size, uint32_t *index, bool clear);

/* What the xen_version hypercall tells (xl info's xen_* lines). */
struct pvctl_version {
	unsigned int major, minor;
	char extra[sizeof(xen_extraversion_t) + 1];
	char caps[sizeof(xen_capabilities_info_t) + 1];
	char changeset[sizeof(xen_changeset_info_t) + 1];
	char cmdline[sizeof(xen_commandline_t) + 1];
	struct xen_compile_info compile;
	unsigned long pagesize;
	uint64_t virt_start;
};
int pvctl_version_get(struct pvctl *h, struct pvctl_version *v);

/* xen-like's trace buffers (XEN_SYSCTL_xl_tbuf_op; -ENOSYS elsewhere). */
int pvctl_xltbuf_op(struct pvctl *h, struct xen_sysctl_xl_tbuf_op *op);
/* Reads up to max records of cpu's ring into recs: the number copied. */
int pvctl_xltbuf_read(struct pvctl *h, uint32_t cpu, struct xen_trace_rec *recs, uint32_t max,
		      uint64_t *lost);

/*
 * xen-like's performance counters (XEN_SYSCTL_xl_perfc_op; -ENOSYS
 * elsewhere), XEN_SYSCTL_XL_PERFCOP_query: every counter's description
 * and its values, summed over CPUs, into *descs and *vals (malloc'd, the
 * caller frees them); the counter count, or a negative errno.
 */
int pvctl_xlperfc_query(struct pvctl *h, struct xen_sysctl_xl_perfc_desc **descs, uint64_t **vals);
/* XEN_SYSCTL_XL_PERFCOP_reset: 0 or a negative errno. */
int pvctl_xlperfc_reset(struct pvctl *h);

/* Xen's trace buffers (XEN_SYSCTL_tbuf_op; -ENOSYS on xen-like). */
int pvctl_tbuf_op(struct pvctl *h, struct xen_sysctl_tbuf_op *op);
/* Xen's buffers' t_info and data frames: maps nr frames of DOMID_XEN. */
void *pvctl_xen_frames_map(struct pvctl *h, const xen_pfn_t *mfns, unsigned int nr, bool writable);
void pvctl_xen_frames_unmap(void *p, unsigned int nr);

#endif /* LIBPVCTL_CTL_H */
