// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inspection and control of domains and of the host (ctl.h): thin
 * wrappers, one domctl or sysctl each. The one rule they share: anything
 * a guest handle inside the op points to is staged in a buffer from
 * pvctl_buf_alloc(), filled before the call and copied out after it, so
 * callers pass their own stack and heap freely.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "ctl.h"
#include "xen-ioctl.h"

#define PAGE_SIZE 4096UL

static void domctl_init(struct xen_domctl *op, uint32_t cmd, uint32_t domid)
{
	memset(op, 0, sizeof(*op));
	op->cmd = cmd;
	op->domain = (domid_t)domid;
}

static void sysctl_init(struct xen_sysctl *op, uint32_t cmd)
{
	memset(op, 0, sizeof(*op));
	op->cmd = cmd;
}

/*
 * A sysctl whose answer Xen writes into an array through the guest handle
 * at handle (a field of op): the array staged in a hypercall buffer of len
 * bytes and, if the call succeeds, all len bytes copied to out (the
 * buffer starts zeroed; the caller reads from op how many items Xen
 * wrote). pvctl_sysctl's rc, or -ENOMEM.
 */
static int sysctl_into(struct pvctl *h, struct xen_sysctl *op, uint64_t *handle, void *out,
		       size_t len)
{
	void *buf = pvctl_buf_alloc(h, len);
	int rc;

	if (!buf)
		return -ENOMEM;
	*handle = (uint64_t)(uintptr_t)buf;
	rc = pvctl_sysctl(h, op);
	if (rc >= 0)
		memcpy(out, buf, len);
	pvctl_buf_free(h, buf, len);
	return rc;
}

/* ---- domains ---- */

int pvctl_domain_getinfo(struct pvctl *h, uint32_t domid, struct xen_domctl_getdomaininfo *info)
{
	struct xen_domctl op;
	int rc;

	if (domid >= DOMID_FIRST_RESERVED)
		return pvctl_fail(h, -ESRCH, "no domain with id %u", domid);
	domctl_init(&op, XEN_DOMCTL_getdomaininfo, domid);
	rc = pvctl_domctl(h, &op);
	/* Xen answers the next domain up when domid is gone. */
	if (rc == -ESRCH || (rc >= 0 && op.u.getdomaininfo.domain != domid))
		return pvctl_fail(h, -ESRCH, "no domain with id %u", domid);
	if (rc < 0)
		return rc;
	*info = op.u.getdomaininfo;
	return 0;
}

int pvctl_domain_list(struct pvctl *h, uint32_t first, struct xen_domctl_getdomaininfo *infos,
		      unsigned int max)
{
	struct xen_sysctl op;
	int rc;

	if (!max)
		return 0;
	sysctl_init(&op, XEN_SYSCTL_getdomaininfolist);
	op.u.getdomaininfolist.first_domain = (domid_t)first;
	op.u.getdomaininfolist.max_domains = max;
	rc = sysctl_into(h, &op, &op.u.getdomaininfolist.buffer.p, infos,
			 (size_t)max * sizeof(*infos));
	if (rc < 0)
		return rc;
	if (op.u.getdomaininfolist.num_domains > max)
		return pvctl_fail(h, -EIO, "XEN_SYSCTL_getdomaininfolist: %u entries for %u",
				  op.u.getdomaininfolist.num_domains, max);
	return (int)op.u.getdomaininfolist.num_domains;
}

int pvctl_domain_pause(struct pvctl *h, uint32_t domid)
{
	struct xen_domctl op;

	domctl_init(&op, XEN_DOMCTL_pausedomain, domid);
	return pvctl_domctl(h, &op);
}

int pvctl_domain_unpause(struct pvctl *h, uint32_t domid)
{
	struct xen_domctl op;

	domctl_init(&op, XEN_DOMCTL_unpausedomain, domid);
	return pvctl_domctl(h, &op);
}

int pvctl_domain_set_maxmem(struct pvctl *h, uint32_t domid, uint64_t max_kib)
{
	struct xen_domctl op;

	domctl_init(&op, XEN_DOMCTL_max_mem, domid);
	op.u.max_mem.max_memkb = max_kib;
	return pvctl_domctl(h, &op);
}

/* ---- vCPUs ---- */

int pvctl_vcpu_getinfo(struct pvctl *h, uint32_t domid, uint32_t vcpu,
		       struct xen_domctl_getvcpuinfo *info)
{
	struct xen_domctl op;
	int rc;

	domctl_init(&op, XEN_DOMCTL_getvcpuinfo, domid);
	op.u.getvcpuinfo.vcpu = vcpu;
	rc = pvctl_domctl(h, &op);
	if (rc < 0)
		return rc;
	*info = op.u.getvcpuinfo;
	return 0;
}

static int vcpu_affinity(struct pvctl *h, uint32_t cmd, uint32_t domid, uint32_t vcpu,
			 uint8_t *hard, uint8_t *soft, unsigned int nr_bits)
{
	size_t bytes = (nr_bits + 7) / 8;
	struct xen_domctl op;
	uint8_t *hbuf, *sbuf;
	int rc;

	if (!nr_bits || nr_bits > PVCTL_MAX_CPUS)
		return pvctl_fail(h, -EINVAL, "a CPU map of %u bits", nr_bits);
	hbuf = pvctl_buf_alloc(h, 2 * PVCTL_CPUMAP_BYTES);
	if (!hbuf)
		return -ENOMEM;
	sbuf = hbuf + PVCTL_CPUMAP_BYTES;
	domctl_init(&op, cmd, domid);
	op.u.vcpuaffinity.vcpu = vcpu;
	op.u.vcpuaffinity.flags = (hard ? XEN_VCPUAFFINITY_HARD : 0) | (soft ? XEN_VCPUAFFINITY_SOFT : 0);
	set_xen_guest_handle(op.u.vcpuaffinity.cpumap_hard.bitmap, hbuf);
	op.u.vcpuaffinity.cpumap_hard.nr_bits = nr_bits;
	set_xen_guest_handle(op.u.vcpuaffinity.cpumap_soft.bitmap, sbuf);
	op.u.vcpuaffinity.cpumap_soft.nr_bits = nr_bits;
	if (cmd == XEN_DOMCTL_setvcpuaffinity && hard)
		memcpy(hbuf, hard, bytes);
	if (cmd == XEN_DOMCTL_setvcpuaffinity && soft)
		memcpy(sbuf, soft, bytes);
	rc = pvctl_domctl(h, &op);
	if (rc >= 0 && cmd == XEN_DOMCTL_getvcpuaffinity) {
		memcpy(hard, hbuf, bytes);
		if (soft)
			memcpy(soft, sbuf, bytes);
	}
	pvctl_buf_free(h, hbuf, 2 * PVCTL_CPUMAP_BYTES);
	return rc;
}

int pvctl_vcpu_get_affinity(struct pvctl *h, uint32_t domid, uint32_t vcpu, uint8_t *hard,
			    uint8_t *soft, unsigned int nr_bits)
{
	return vcpu_affinity(h, XEN_DOMCTL_getvcpuaffinity, domid, vcpu, hard, soft, nr_bits);
}

int pvctl_vcpu_set_affinity(struct pvctl *h, uint32_t domid, uint32_t vcpu, const uint8_t *hard,
			    const uint8_t *soft, unsigned int nr_bits)
{
	if (!hard && !soft)
		return pvctl_fail(h, -EINVAL, "neither a hard nor a soft affinity to set");
	return vcpu_affinity(h, XEN_DOMCTL_setvcpuaffinity, domid, vcpu, (uint8_t *)hard,
			     (uint8_t *)soft, nr_bits);
}

/* ---- the scheduler ---- */

int pvctl_sched_id(struct pvctl *h)
{
	struct xen_sysctl op;
	int rc;

	sysctl_init(&op, XEN_SYSCTL_sched_id);
	rc = pvctl_sysctl(h, &op);
	return rc < 0 ? rc : (int)op.u.sched_id.sched_id;
}

const char *pvctl_sched_name(int sched_id)
{
	switch (sched_id) {
	case XEN_SCHEDULER_CREDIT:
		return "credit";
	case XEN_SCHEDULER_CREDIT2:
		return "credit2";
	case XEN_SCHEDULER_ARINC653:
		return "arinc653";
	case XEN_SCHEDULER_RTDS:
		return "rtds";
	case XEN_SCHEDULER_NULL:
		return "null";
	}
	return "unknown";
}

static int sched_credit_op(struct pvctl *h, uint32_t domid, uint32_t cmd,
			   struct xen_domctl_sched_credit *p)
{
	struct xen_domctl op;
	int rc;

	domctl_init(&op, XEN_DOMCTL_scheduler_op, domid);
	op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
	op.u.scheduler_op.cmd = cmd;
	op.u.scheduler_op.u.credit = *p;
	rc = pvctl_domctl(h, &op);
	if (rc >= 0)
		*p = op.u.scheduler_op.u.credit;
	return rc;
}

int pvctl_sched_credit_get(struct pvctl *h, uint32_t domid, struct xen_domctl_sched_credit *p)
{
	memset(p, 0, sizeof(*p));
	return sched_credit_op(h, domid, XEN_DOMCTL_SCHEDOP_getinfo, p);
}

int pvctl_sched_credit_put(struct pvctl *h, uint32_t domid, const struct xen_domctl_sched_credit *p)
{
	struct xen_domctl_sched_credit c = *p;

	return sched_credit_op(h, domid, XEN_DOMCTL_SCHEDOP_putinfo, &c);
}

int pvctl_sched_credit_pool_get(struct pvctl *h, uint32_t poolid,
				struct xen_sysctl_credit_schedule *p)
{
	struct xen_sysctl op;
	int rc;

	sysctl_init(&op, XEN_SYSCTL_scheduler_op);
	op.u.scheduler_op.cpupool_id = poolid;
	op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
	op.u.scheduler_op.cmd = XEN_SYSCTL_SCHEDOP_getinfo;
	rc = pvctl_sysctl(h, &op);
	if (rc >= 0)
		*p = op.u.scheduler_op.u.sched_credit;
	return rc;
}

/* ---- the host ---- */

int pvctl_physinfo_get(struct pvctl *h, struct xen_sysctl_physinfo *info)
{
	struct xen_sysctl op;
	int rc;

	sysctl_init(&op, XEN_SYSCTL_physinfo);
	rc = pvctl_sysctl(h, &op);
	if (rc >= 0)
		*info = op.u.physinfo;
	return rc;
}

int pvctl_cpupool_free_cpus(struct pvctl *h)
{
	struct xen_sysctl op;
	uint8_t *map;
	int rc;

	map = pvctl_buf_alloc(h, PVCTL_CPUMAP_BYTES);
	if (!map)
		return -ENOMEM;
	sysctl_init(&op, XEN_SYSCTL_cpupool_op);
	op.u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_FREEINFO;
	set_xen_guest_handle(op.u.cpupool_op.cpumap.bitmap, map);
	op.u.cpupool_op.cpumap.nr_bits = PVCTL_MAX_CPUS;
	rc = pvctl_sysctl(h, &op);
	if (rc >= 0) {
		rc = 0;
		for (unsigned int i = 0; i < PVCTL_CPUMAP_BYTES; i++)
			rc += __builtin_popcount(map[i]);
	}
	pvctl_buf_free(h, map, PVCTL_CPUMAP_BYTES);
	return rc;
}

int pvctl_cpuinfo_get(struct pvctl *h, uint64_t *idletime, unsigned int max)
{
	struct xen_sysctl op;
	int rc;

	/* An entry is its idle time alone: the array is idletime's. */
	_Static_assert(sizeof(struct xen_sysctl_cpuinfo) == sizeof(*idletime),
		       "xen_sysctl_cpuinfo is one uint64_t");
	if (!max)
		return 0;
	sysctl_init(&op, XEN_SYSCTL_getcpuinfo);
	op.u.getcpuinfo.max_cpus = max;
	rc = sysctl_into(h, &op, &op.u.getcpuinfo.info.p, idletime,
			 (size_t)max * sizeof(*idletime));
	if (rc < 0)
		return rc;
	return (int)(op.u.getcpuinfo.nr_cpus < max ? op.u.getcpuinfo.nr_cpus : max);
}

int pvctl_console_read(struct pvctl *h, char *buf, uint32_t size, uint32_t *index, bool clear)
{
	struct xen_sysctl op;
	int rc;

	sysctl_init(&op, XEN_SYSCTL_readconsole);
	op.u.readconsole.clear = clear;
	op.u.readconsole.incremental = 1;
	op.u.readconsole.index = *index;
	op.u.readconsole.count = size;
	rc = sysctl_into(h, &op, &op.u.readconsole.buffer.p, buf, size);
	if (rc < 0)
		return rc;
	*index = op.u.readconsole.index;
	return (int)(op.u.readconsole.count < size ? op.u.readconsole.count : size);
}

/* One xen_version string into out (NUL-terminated, at most len - 1 bytes). */
static int version_string(struct pvctl *h, int cmd, const char *what, char *out, size_t len)
{
	char raw[1024];
	long rc;

	memset(raw, 0, sizeof(raw));
	rc = pvctl_hypercall_struct(h, what, __HYPERVISOR_xen_version, (unsigned int)cmd, raw,
				    len - 1 < sizeof(raw) ? len - 1 : sizeof(raw), 0);
	if (rc < 0)
		return (int)rc;
	memcpy(out, raw, len - 1);
	out[len - 1] = 0;
	return 0;
}

int pvctl_version_get(struct pvctl *h, struct pvctl_version *v)
{
	struct xen_platform_parameters pp = {0};
	long rc;

	memset(v, 0, sizeof(*v));
	/* XENVER_version and XENVER_pagesize take no buffer (Xen 4.17 refuses one). */
	rc = pvctl_hypercall(h, __HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
	if (rc < 0)
		return pvctl_fail(h, (int)rc, "XENVER_version");
	v->major = (unsigned long)rc >> 16;
	v->minor = (unsigned long)rc & 0xffff;
	if ((rc = version_string(h, XENVER_extraversion, "XENVER_extraversion", v->extra,
				 sizeof(v->extra))) < 0 ||
	    (rc = version_string(h, XENVER_capabilities, "XENVER_capabilities", v->caps,
				 sizeof(v->caps))) < 0 ||
	    (rc = version_string(h, XENVER_changeset, "XENVER_changeset", v->changeset,
				 sizeof(v->changeset))) < 0 ||
	    (rc = version_string(h, XENVER_commandline, "XENVER_commandline", v->cmdline,
				 sizeof(v->cmdline))) < 0)
		return (int)rc;
	rc = pvctl_hypercall_struct(h, "XENVER_compile_info", __HYPERVISOR_xen_version,
				    XENVER_compile_info, &v->compile, sizeof(v->compile), 0);
	if (rc < 0)
		return (int)rc;
	v->compile.compiler[sizeof(v->compile.compiler) - 1] = 0;
	v->compile.compile_by[sizeof(v->compile.compile_by) - 1] = 0;
	v->compile.compile_domain[sizeof(v->compile.compile_domain) - 1] = 0;
	v->compile.compile_date[sizeof(v->compile.compile_date) - 1] = 0;
	rc = pvctl_hypercall_struct(h, "XENVER_platform_parameters", __HYPERVISOR_xen_version,
				    XENVER_platform_parameters, &pp, sizeof(pp), 0);
	if (rc < 0)
		return (int)rc;
	v->virt_start = pp.virt_start;
	rc = pvctl_hypercall(h, __HYPERVISOR_xen_version, XENVER_pagesize, 0, 0, 0, 0);
	if (rc < 0)
		return pvctl_fail(h, (int)rc, "XENVER_pagesize");
	v->pagesize = (unsigned long)rc;
	return 0;
}

/* ---- performance counters ---- */

int pvctl_xlperfc_query(struct pvctl *h, struct xen_sysctl_xl_perfc_desc **descs, uint64_t **vals)
{
	struct xen_sysctl op;
	struct xen_sysctl_xl_perfc_op *p = &op.u.xl_perfc_op;
	uint32_t nr_counters, nr_vals;
	size_t dlen, vlen;
	void *dbuf, *vbuf;
	int rc;

	*descs = NULL;
	*vals = NULL;
	sysctl_init(&op, XEN_SYSCTL_xl_perfc_op);
	p->cmd = XEN_SYSCTL_XL_PERFCOP_query;
	rc = pvctl_sysctl(h, &op); /* null handles: the sizes */
	if (rc < 0)
		return pvctl_fail(h, rc, "XEN_SYSCTL_xl_perfc_op (query sizes)");
	nr_counters = p->nr_counters;
	nr_vals = p->nr_vals;
	dlen = (size_t)nr_counters * sizeof(**descs);
	vlen = (size_t)nr_vals * sizeof(**vals);
	dbuf = pvctl_buf_alloc(h, dlen ? dlen : 1);
	vbuf = pvctl_buf_alloc(h, vlen ? vlen : 1);
	*descs = malloc(dlen ? dlen : 1);
	*vals = malloc(vlen ? vlen : 1);
	if (!dbuf || !vbuf || !*descs || !*vals) {
		rc = pvctl_fail(h, -ENOMEM, "XEN_SYSCTL_xl_perfc_op: out of memory");
		goto out;
	}
	sysctl_init(&op, XEN_SYSCTL_xl_perfc_op);
	p->cmd = XEN_SYSCTL_XL_PERFCOP_query;
	set_xen_guest_handle(p->desc, dbuf);
	set_xen_guest_handle(p->val, vbuf);
	rc = pvctl_sysctl(h, &op);
	if (rc < 0) {
		rc = pvctl_fail(h, rc, "XEN_SYSCTL_xl_perfc_op (query)");
	} else if (p->nr_counters != nr_counters || p->nr_vals != nr_vals) {
		/* The list is fixed at build time: a change means a confused hypervisor. */
		rc = pvctl_fail(h, -EIO, "XEN_SYSCTL_xl_perfc_op: the counter list changed between calls");
	} else {
		memcpy(*descs, dbuf, dlen);
		memcpy(*vals, vbuf, vlen);
		for (uint32_t i = 0; i < nr_counters; i++)
			(*descs)[i].name[sizeof((*descs)[i].name) - 1] = 0;
		rc = (int)nr_counters;
	}
out:
	if (dbuf)
		pvctl_buf_free(h, dbuf, dlen ? dlen : 1);
	if (vbuf)
		pvctl_buf_free(h, vbuf, vlen ? vlen : 1);
	if (rc < 0) {
		free(*descs);
		free(*vals);
		*descs = NULL;
		*vals = NULL;
	}
	return rc;
}

int pvctl_xlperfc_reset(struct pvctl *h)
{
	struct xen_sysctl op;
	int rc;

	sysctl_init(&op, XEN_SYSCTL_xl_perfc_op);
	op.u.xl_perfc_op.cmd = XEN_SYSCTL_XL_PERFCOP_reset;
	rc = pvctl_sysctl(h, &op);
	return rc < 0 ? pvctl_fail(h, rc, "XEN_SYSCTL_xl_perfc_op (reset)") : 0;
}

/* ---- trace buffers ---- */

int pvctl_xltbuf_op(struct pvctl *h, struct xen_sysctl_xl_tbuf_op *op)
{
	struct xen_sysctl s;
	int rc;

	sysctl_init(&s, XEN_SYSCTL_xl_tbuf_op);
	s.u.xl_tbuf_op = *op;
	rc = pvctl_sysctl(h, &s);
	if (rc >= 0)
		*op = s.u.xl_tbuf_op;
	return rc;
}

int pvctl_xltbuf_read(struct pvctl *h, uint32_t cpu, struct xen_trace_rec *recs, uint32_t max,
		      uint64_t *lost)
{
	struct xen_sysctl op;
	struct xen_sysctl_xl_tbuf_op *t = &op.u.xl_tbuf_op;
	int rc;

	sysctl_init(&op, XEN_SYSCTL_xl_tbuf_op);
	t->cmd = XEN_SYSCTL_XL_TBUFOP_read;
	t->cpu = cpu;
	t->count = max;
	rc = sysctl_into(h, &op, &t->buffer.p, recs, (size_t)max * sizeof(*recs));
	if (rc < 0)
		return rc;
	*lost = t->lost;
	return (int)(t->count < max ? t->count : max);
}

int pvctl_tbuf_op(struct pvctl *h, struct xen_sysctl_tbuf_op *op)
{
	struct xen_sysctl s;
	uint8_t *map = NULL;
	int rc;

	sysctl_init(&s, XEN_SYSCTL_tbuf_op);
	s.u.tbuf_op = *op;
	/* set_cpu_mask: every CPU (the only mask pvctl sets). */
	if (op->cmd == XEN_SYSCTL_TBUFOP_set_cpu_mask) {
		map = pvctl_buf_alloc(h, PVCTL_CPUMAP_BYTES);
		if (!map)
			return -ENOMEM;
		memset(map, 0xff, PVCTL_CPUMAP_BYTES);
		set_xen_guest_handle(s.u.tbuf_op.cpu_mask.bitmap, map);
		s.u.tbuf_op.cpu_mask.nr_bits = PVCTL_MAX_CPUS;
	}
	rc = pvctl_sysctl(h, &s);
	if (rc >= 0)
		*op = s.u.tbuf_op;
	pvctl_buf_free(h, map, PVCTL_CPUMAP_BYTES);
	return rc;
}

void *pvctl_xen_frames_map(struct pvctl *h, const xen_pfn_t *mfns, unsigned int nr, bool writable)
{
	size_t len = (size_t)nr * PAGE_SIZE;
	struct privcmd_mmapbatch_v2 batch;
	int *err = NULL;
	void *p;

	p = mmap(NULL, len, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, h->privcmd_fd, 0);
	if (p == MAP_FAILED) {
		pvctl_fail(h, -errno, "mmap of %u frames on /dev/xen/privcmd", nr);
		return NULL;
	}
	err = calloc(nr, sizeof(*err));
	if (!err) {
		munmap(p, len);
		pvctl_fail(h, -ENOMEM, "mapping %u frames", nr);
		return NULL;
	}
	batch = (struct privcmd_mmapbatch_v2){
		.num = nr,
		.dom = DOMID_XEN,
		.addr = (uintptr_t)p,
		.arr = (uintptr_t)mfns,
		.err = (uintptr_t)err,
	};
	if (ioctl(h->privcmd_fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &batch) < 0) {
		int e = -errno;

		for (unsigned int i = 0; i < nr; i++)
			if (err[i]) {
				e = err[i];
				break;
			}
		pvctl_fail(h, e, "mapping %u of the hypervisor's frames (DOMID_XEN)", nr);
		free(err);
		munmap(p, len);
		return NULL;
	}
	free(err);
	return p;
}

void pvctl_xen_frames_unmap(void *p, unsigned int nr)
{
	if (p)
		munmap(p, (size_t)nr * PAGE_SIZE);
}
