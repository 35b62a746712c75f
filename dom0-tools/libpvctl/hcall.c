// SPDX-License-Identifier: GPL-2.0-only
/*
 * libpvctl's core (libpvctl.h): hypercalls from dom0's user space through
 * Linux's /dev/xen/privcmd. The one idea: the hypervisor reads and writes
 * the caller's memory by virtual address while the hypercall runs, so
 * every argument is first copied into a page from /dev/xen/hypercall
 * (pinned, never paged out) and copied back afterwards; callers never pass
 * their own stack or heap to the hypervisor.
 */
#include <public/xen.h>
#include <public/domctl.h>
#include <public/sysctl.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "libpvctl.h"
#include "xen-ioctl.h"

#define PAGE_SIZE 4096UL
#define PAGE_ROUND(n) (((n) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

#define N(x) [x] = #x
static const char *const domctl_names[] = {
	N(XEN_DOMCTL_createdomain),
	N(XEN_DOMCTL_destroydomain),
	N(XEN_DOMCTL_pausedomain),
	N(XEN_DOMCTL_unpausedomain),
	N(XEN_DOMCTL_getdomaininfo),
	N(XEN_DOMCTL_setvcpuaffinity),
	N(XEN_DOMCTL_shadow_op),
	N(XEN_DOMCTL_max_mem),
	N(XEN_DOMCTL_setvcpucontext),
	N(XEN_DOMCTL_getvcpucontext),
	N(XEN_DOMCTL_getvcpuinfo),
	N(XEN_DOMCTL_max_vcpus),
	N(XEN_DOMCTL_scheduler_op),
	N(XEN_DOMCTL_setdomainhandle),
	N(XEN_DOMCTL_setdebugging),
	N(XEN_DOMCTL_irq_permission),
	N(XEN_DOMCTL_iomem_permission),
	N(XEN_DOMCTL_ioport_permission),
	N(XEN_DOMCTL_hypercall_init),
	N(XEN_DOMCTL_settimeoffset),
	N(XEN_DOMCTL_getvcpuaffinity),
	N(XEN_DOMCTL_real_mode_area),
	N(XEN_DOMCTL_resumedomain),
	N(XEN_DOMCTL_sendtrigger),
	N(XEN_DOMCTL_subscribe),
	N(XEN_DOMCTL_gethvmcontext),
	N(XEN_DOMCTL_sethvmcontext),
	N(XEN_DOMCTL_set_address_size),
	N(XEN_DOMCTL_get_address_size),
	N(XEN_DOMCTL_assign_device),
	N(XEN_DOMCTL_bind_pt_irq),
	N(XEN_DOMCTL_memory_mapping),
	N(XEN_DOMCTL_ioport_mapping),
	N(XEN_DOMCTL_set_ext_vcpucontext),
	N(XEN_DOMCTL_get_ext_vcpucontext),
	N(XEN_DOMCTL_set_opt_feature),
	N(XEN_DOMCTL_test_assign_device),
	N(XEN_DOMCTL_set_target),
	N(XEN_DOMCTL_deassign_device),
	N(XEN_DOMCTL_unbind_pt_irq),
	N(XEN_DOMCTL_get_device_group),
	N(XEN_DOMCTL_debug_op),
	N(XEN_DOMCTL_gethvmcontext_partial),
	N(XEN_DOMCTL_vm_event_op),
	N(XEN_DOMCTL_mem_sharing_op),
	N(XEN_DOMCTL_gettscinfo),
	N(XEN_DOMCTL_settscinfo),
	N(XEN_DOMCTL_getpageframeinfo3),
	N(XEN_DOMCTL_setvcpuextstate),
	N(XEN_DOMCTL_getvcpuextstate),
	N(XEN_DOMCTL_set_access_required),
	N(XEN_DOMCTL_audit_p2m),
	N(XEN_DOMCTL_set_virq_handler),
	N(XEN_DOMCTL_set_broken_page_p2m),
	N(XEN_DOMCTL_setnodeaffinity),
	N(XEN_DOMCTL_getnodeaffinity),
	N(XEN_DOMCTL_cacheflush),
	N(XEN_DOMCTL_get_vcpu_msrs),
	N(XEN_DOMCTL_set_vcpu_msrs),
	N(XEN_DOMCTL_setvnumainfo),
	N(XEN_DOMCTL_psr_cmt_op),
	N(XEN_DOMCTL_monitor_op),
	N(XEN_DOMCTL_psr_alloc),
	N(XEN_DOMCTL_soft_reset),
	N(XEN_DOMCTL_vuart_op),
	N(XEN_DOMCTL_get_cpu_policy),
	N(XEN_DOMCTL_set_cpu_policy),
	N(XEN_DOMCTL_get_paging_mempool_size),
	N(XEN_DOMCTL_set_paging_mempool_size),
};
static const char *const sysctl_names[] = {
	N(XEN_SYSCTL_readconsole),
	N(XEN_SYSCTL_tbuf_op),
	N(XEN_SYSCTL_physinfo),
	N(XEN_SYSCTL_sched_id),
	N(XEN_SYSCTL_perfc_op),
	N(XEN_SYSCTL_getdomaininfolist),
	N(XEN_SYSCTL_debug_keys),
	N(XEN_SYSCTL_getcpuinfo),
	N(XEN_SYSCTL_availheap),
	N(XEN_SYSCTL_get_pmstat),
	N(XEN_SYSCTL_cpu_hotplug),
	N(XEN_SYSCTL_pm_op),
	N(XEN_SYSCTL_page_offline_op),
	N(XEN_SYSCTL_lockprof_op),
	N(XEN_SYSCTL_cputopoinfo),
	N(XEN_SYSCTL_numainfo),
	N(XEN_SYSCTL_cpupool_op),
	N(XEN_SYSCTL_scheduler_op),
	N(XEN_SYSCTL_coverage_op),
	N(XEN_SYSCTL_psr_cmt_op),
	N(XEN_SYSCTL_pcitopoinfo),
	N(XEN_SYSCTL_psr_alloc),
	N(XEN_SYSCTL_get_cpu_levelling_caps),
	N(XEN_SYSCTL_get_cpu_featureset),
	N(XEN_SYSCTL_livepatch_op),
	N(XEN_SYSCTL_get_cpu_policy),
};
#undef N

static const char *op_name(const char *const *names, size_t nr, uint32_t cmd, const char *kind,
			   char *buf, size_t size)
{
	if (cmd < nr && names[cmd])
		return names[cmd];
	snprintf(buf, size, "%s %u", kind, cmd);
	return buf;
}

const char *pvctl_domctl_name(uint32_t cmd)
{
	static __thread char buf[32];

	if (cmd == XEN_DOMCTL_xl_memusage)
		return "XEN_DOMCTL_xl_memusage";
	return op_name(domctl_names, sizeof(domctl_names) / sizeof(domctl_names[0]), cmd, "domctl",
		       buf, sizeof(buf));
}

const char *pvctl_sysctl_name(uint32_t cmd)
{
	static __thread char buf[32];

	if (cmd == XEN_SYSCTL_xl_tbuf_op)
		return "XEN_SYSCTL_xl_tbuf_op";
	if (cmd == XEN_SYSCTL_xl_perfc_op)
		return "XEN_SYSCTL_xl_perfc_op";
	return op_name(sysctl_names, sizeof(sysctl_names) / sizeof(sysctl_names[0]), cmd, "sysctl",
		       buf, sizeof(buf));
}

const char *pvctl_error(const struct pvctl *h)
{
	return h->error[0] ? h->error : "no error";
}

int pvctl_fail(struct pvctl *h, int rc, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(h->error, sizeof(h->error), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(h->error) && rc < 0)
		snprintf(h->error + n, sizeof(h->error) - n, ": %s", strerror(-rc));
	return rc;
}

int pvctl_random(void *buf, size_t len)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, len) : -1;

	if (fd >= 0)
		close(fd);
	return n == (ssize_t)len ? 0 : -EIO;
}

void pvctl_note(struct pvctl *h, const char *fmt, ...)
{
	char line[PVCTL_ERR_MAX];
	va_list ap;

	if (!h->note)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	h->note(line);
}

int pvctl_open(struct pvctl *h)
{
	memset(h, 0, sizeof(*h));
	h->hcbuf_fd = -1;
	h->privcmd_fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	if (h->privcmd_fd < 0)
		return pvctl_fail(h, -errno,
				  "cannot open /dev/xen/privcmd (is this dom0 of a Xen-compatible "
				  "hypervisor, with xenfs or devtmpfs mounted?)");
	/* Linux 4.18 and later; older kernels fall back to locked anonymous memory. */
	h->hcbuf_fd = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);
	return 0;
}

void pvctl_close(struct pvctl *h)
{
	if (h->spare)
		munmap(h->spare, PAGE_ROUND(1));
	h->spare = NULL;
	if (h->hcbuf_fd >= 0)
		close(h->hcbuf_fd);
	if (h->privcmd_fd >= 0)
		close(h->privcmd_fd);
	h->privcmd_fd = h->hcbuf_fd = -1;
}

/*
 * A domctl or sysctl is one page of hypercall memory: a mapping made and
 * torn down per call was most of a small call's cost (an mmap, a fault,
 * a munmap and its TLB flush, each hypercalls in a PV dom0). So one
 * freed page is kept in the handle and handed out again, cleared.
 */
void *pvctl_buf_alloc(struct pvctl *h, size_t size)
{
	size_t len = PAGE_ROUND(size ? size : 1);
	void *p;

	if (len == PAGE_ROUND(1) && h->spare) {
		p = h->spare;
		h->spare = NULL;
		memset(p, 0, size ? size : 1);
		return p;
	}

	if (h->hcbuf_fd >= 0) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, h->hcbuf_fd, 0);
		if (p != MAP_FAILED)
			return p; /* privcmd-buf hands out zeroed pages */
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		pvctl_fail(h, -errno, "cannot allocate %zu bytes of hypercall memory", len);
		return NULL;
	}
	/* Locked and touched, so the hypervisor never meets a missing page. */
	if (mlock(p, len) < 0)
		memset(p, 0, len);
	return p;
}

void pvctl_buf_free(struct pvctl *h, void *p, size_t size)
{
	size_t len = PAGE_ROUND(size ? size : 1);

	if (!p)
		return;
	if (len == PAGE_ROUND(1) && !h->spare) {
		/* Cleared on the next alloc, as far as that one asks. */
		h->spare = p;
		return;
	}
	munmap(p, len);
}

long pvctl_hypercall(struct pvctl *h, unsigned int op, uint64_t a0, uint64_t a1, uint64_t a2,
		     uint64_t a3, uint64_t a4)
{
	struct privcmd_hypercall call = {
		.op = op,
		.arg = {a0, a1, a2, a3, a4},
	};
	long rc = ioctl(h->privcmd_fd, IOCTL_PRIVCMD_HYPERCALL, &call);

	return rc < 0 ? -errno : rc;
}

long pvctl_hypercall_struct(struct pvctl *h, const char *what, unsigned int op, unsigned int cmd,
			    void *arg, size_t len, unsigned int count)
{
	void *buf = pvctl_buf_alloc(h, len);
	long rc;

	if (!buf)
		return -ENOMEM;
	memcpy(buf, arg, len);
	rc = pvctl_hypercall(h, op, cmd, (uintptr_t)buf, count, 0, 0);
	memcpy(arg, buf, len);
	pvctl_buf_free(h, buf, len);
	if (rc < 0)
		pvctl_fail(h, (int)rc, "%s", what);
	return rc;
}

/*
 * domctl and sysctl: the op (size bytes) copied into a hypercall buffer,
 * the hypercall nr made on it with its rc in *rc, and the op copied back
 * (Xen writes its answer into it). 0, or -ENOMEM if there is no buffer.
 */
static int bounced_op(struct pvctl *h, unsigned int nr, void *op, size_t size, long *rc)
{
	void *buf = pvctl_buf_alloc(h, size);

	if (!buf)
		return -ENOMEM;
	memcpy(buf, op, size);
	*rc = pvctl_hypercall(h, nr, (uintptr_t)buf, 0, 0, 0, 0);
	memcpy(op, buf, size);
	pvctl_buf_free(h, buf, size);
	return 0;
}

int pvctl_domctl(struct pvctl *h, struct xen_domctl *op)
{
	long rc;

	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	if (bounced_op(h, __HYPERVISOR_domctl, op, sizeof(*op), &rc))
		return -ENOMEM;
	if (rc < 0)
		return pvctl_fail(h, (int)rc, "%s d%u", pvctl_domctl_name(op->cmd), op->domain);
	return (int)rc;
}

int pvctl_sysctl(struct pvctl *h, struct xen_sysctl *op)
{
	long rc;

	op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	if (bounced_op(h, __HYPERVISOR_sysctl, op, sizeof(*op), &rc))
		return -ENOMEM;
	if (rc < 0)
		return pvctl_fail(h, (int)rc, "%s", pvctl_sysctl_name(op->cmd));
	return (int)rc;
}
