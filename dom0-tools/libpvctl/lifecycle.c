// SPDX-License-Identifier: GPL-2.0-only
/*
 * A PV domain's life (lifecycle.h), in libxl's order for a PV domU
 * (docs/pvctl-builder.md): createdomain, max_vcpus, affinity, max_mem,
 * scheduler weights, the builder, the xenstore entries libxl writes
 * (one transaction), XS_INTRODUCE, unpause. The one idea: from
 * createdomain on, every failure goes through one exit that destroys the
 * domain and removes whatever xenstore entries were written, so a failed
 * create leaves nothing behind, and the error line keeps the step.
 */
#include <public/xen.h>
#include <public/domctl.h>
#include <public/sched.h>
#include <public/sysctl.h>
#include <public/memory.h>
#include <public/io/console.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "build.h"
#include "domain.h"
#include "lifecycle.h"
#include "xs.h"

#define MAXMEM_SLACK_KIB 1024 /* libxl's LIBXL_MAXMEM_CONSTANT */
#define CONSOLE_LIMIT 1048576 /* libxl's LIBXL_XENCONSOLE_LIMIT */
#define MAX_RAMDISK (512ULL << 20)
#define DESTROY_TRIES 1000
#define DRAIN_MS 2000 /* the longest the monitor waits for the console daemon */

static int step_fail(struct pvctl *h, int rc, const char *fmt, const char *arg)
{
	char prev[PVCTL_ERR_MAX], step[192];

	snprintf(prev, sizeof(prev), "%s", pvctl_error(h));
	snprintf(step, sizeof(step), fmt, arg);
	pvctl_fail(h, 0, "%s: %s", step, prev);
	return rc;
}

static int read_file(struct pvctl *h, const char *path, void **data, size_t *len)
{
	struct stat st;
	size_t done = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return pvctl_fail(h, -errno, "ramdisk %s", path);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_RAMDISK) {
		close(fd);
		return pvctl_fail(h, -EINVAL, "ramdisk %s: not a regular file of at most %llu MiB",
				  path, MAX_RAMDISK >> 20);
	}
	*data = malloc(st.st_size ? st.st_size : 1);
	if (!*data) {
		close(fd);
		return pvctl_fail(h, -ENOMEM, "ramdisk %s", path);
	}
	while (done < (size_t)st.st_size &&
	       (n = read(fd, (char *)*data + done, st.st_size - done)) > 0)
		done += (size_t)n;
	close(fd);
	if (done != (size_t)st.st_size) {
		free(*data);
		return pvctl_fail(h, -EIO, "ramdisk %s: short read", path);
	}
	*len = done;
	return 0;
}

/* --- Xenstore ------------------------------------------------------- */

static void uuid_string(const uint8_t *u, char *s, size_t size)
{
	snprintf(s, size, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
		 u[13], u[14], u[15]);
}

/*
 * Everything libxl writes for a PV domU with its primary console
 * (libxl__domain_make, libxl__build_post, the console device): the guest
 * owns its writable nodes, reads the rest. dom, vm and lib are its
 * /local/domain/N, /vm/UUID and /libxl/N; u the uuid.
 */
static int write_nodes(const struct pvctl_domain_spec *s, uint32_t domid,
		       const struct pvctl_build *b, const char *dom, const char *vm,
		       const char *lib, const char *u)
{
	char con[96], back[96], p[XENSTORE_ABS_PATH_MAX + 1];
	char own[16], rd[16];
	const char *ro[2] = {"n0", rd}, *rw[1] = {own}, *no[1] = {"n0"}, *back_ro[2] = {"n0", rd};
	const char *front_rw[2] = {own, "r0"};
	static const char *const rw_nodes[] = {
		"device/suspend/event-channel",
		"control/shutdown",
		"control/feature-poweroff",
		"control/feature-reboot",
		"control/feature-suspend",
		"control/sysrq",
		"data",
		"drivers",
		"feature",
		"attr",
		"error",
	};
	static const char *const ro_nodes[] = {"cpu", "memory", "device", "control"};
	int rc;

	snprintf(own, sizeof(own), "n%u", domid);
	snprintf(rd, sizeof(rd), "r%u", domid);
	snprintf(con, sizeof(con), "%s/console", dom);
	snprintf(back, sizeof(back), "/local/domain/0/backend/console/%u/0", domid);
	if ((rc = xs_mknode(dom, ro, 2)) || (rc = xs_mknode(vm, ro, 2)) || (rc = xs_mknode(lib, no, 1)))
		return rc;
	snprintf(p, sizeof(p), "%s/device", lib);
	if ((rc = xs_mknode(p, no, 1)) || (rc = xs_writef(dom, "vm", "%s", vm)) ||
	    (rc = xs_writef(dom, "name", "%s", s->name)))
		return rc;
	for (unsigned int i = 0; i < sizeof(ro_nodes) / sizeof(ro_nodes[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dom, ro_nodes[i]);
		if ((rc = xs_mknode(p, ro, 2)))
			return rc;
	}
	for (unsigned int i = 0; i < sizeof(rw_nodes) / sizeof(rw_nodes[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", dom, rw_nodes[i]);
		if ((rc = xs_mknode(p, rw, 1)))
			return rc;
	}
	if ((rc = xs_writef(vm, "uuid", "%s", u)) || (rc = xs_writef(vm, "name", "%s", s->name)) ||
	    (rc = xs_writef(vm, "image/ostype", "linux")) ||
	    (rc = xs_writef(vm, "start_time", "%llu.00", (unsigned long long)time(NULL))) ||
	    (rc = xs_writef(dom, "control/platform-feature-multiprocessor-suspend", "1")) ||
	    (rc = xs_writef(dom, "control/platform-feature-xs_reset_watches", "1")) ||
	    (rc = xs_writef(lib, "type", "pv")))
		return rc;

	/* libxl__build_post */
	if ((rc = xs_writef(dom, "memory/static-max", "%llu",
			 (unsigned long long)s->maxmem_mib * 1024)) ||
	    (rc = xs_writef(dom, "memory/target", "%llu", (unsigned long long)s->memory_mib * 1024)) ||
	    (rc = xs_writef(dom, "memory/videoram", "0")) ||
	    (rc = xs_writef(dom, "domid", "%u", domid)) ||
	    (rc = xs_writef(dom, "store/port", "%u", b->store_port)) ||
	    (rc = xs_writef(dom, "store/ring-ref", "%llu", (unsigned long long)b->store_mfn)))
		return rc;
	for (unsigned int i = 0; i < s->max_vcpus; i++) {
		snprintf(p, sizeof(p), "cpu/%u/availability", i);
		if ((rc = xs_writef(dom, p, "%s", i < s->vcpus ? "online" : "offline")))
			return rc;
	}

	/* The primary console: back end in dom0's tree, front end the guest's. */
	if ((rc = xs_mknode(back, back_ro, 2)) || (rc = xs_writef(back, "frontend", "%s", con)) ||
	    (rc = xs_writef(back, "frontend-id", "%u", domid)) || (rc = xs_writef(back, "online", "1")) ||
	    (rc = xs_writef(back, "state", "1")) || (rc = xs_writef(back, "protocol", "vt100")) ||
	    (rc = xs_mknode(con, front_rw, 2)) || (rc = xs_writef(con, "backend", "%s", back)) ||
	    (rc = xs_writef(con, "backend-id", "0")))
		return rc;
	{
		char v[7][32];
		static const char *const keys[] = {"limit", "type",	"output", "tty",
						   "port",  "ring-ref", NULL};

		snprintf(v[0], sizeof(v[0]), "%d", CONSOLE_LIMIT);
		snprintf(v[1], sizeof(v[1]), "xenconsoled");
		snprintf(v[2], sizeof(v[2]), "pty");
		v[3][0] = 0;
		snprintf(v[4], sizeof(v[4]), "%u", b->console_port);
		snprintf(v[5], sizeof(v[5]), "%llu", (unsigned long long)b->console_mfn);
		for (unsigned int i = 0; keys[i]; i++) {
			snprintf(p, sizeof(p), "%s/%s", con, keys[i]);
			if ((rc = xs_write(p, v[i])) || (rc = xs_set_perms(p, ro, 2)))
				return rc;
		}
	}
	return 0;
}

/*
 * write_nodes() in one batch, inside the caller's transaction, after
 * removing what an earlier domain with this id or uuid left.
 */
static int write_entries(const struct pvctl_domain_spec *s, uint32_t domid,
			 const struct pvctl_build *b)
{
	char dom[64], vm[64], lib[64], u[40];
	int rc;

	uuid_string(s->uuid, u, sizeof(u));
	rc = xs_get_domain_path(domid, dom, sizeof(dom));
	if (rc)
		return rc;
	snprintf(vm, sizeof(vm), "/vm/%s", u);
	snprintf(lib, sizeof(lib), "/libxl/%u", domid);
	/* Missing is fine here, so these are not in the batch (whose first error counts). */
	xs_rm(dom);
	xs_rm(vm);
	xs_rm(lib);
	/* ~80 requests, one round trip to the daemon. */
	xs_batch_begin();
	rc = write_nodes(s, domid, b, dom, vm, lib, u);
	return xs_batch_end() ?: rc;
}

/* The entries in one transaction, retried while the daemon says EAGAIN. */
static int write_all_entries(struct pvctl *h, const struct pvctl_domain_spec *s, uint32_t domid,
			     const struct pvctl_build *b)
{
	int rc;

	for (int tries = 0; tries < 20; tries++) {
		rc = xs_transaction_start();
		if (rc)
			return pvctl_fail(h, rc, "xenstore transaction start");
		rc = write_entries(s, domid, b);
		if (rc) {
			xs_transaction_end(false);
			return pvctl_fail(h, rc, "writing d%u's xenstore entries", domid);
		}
		rc = xs_transaction_end(true);
		if (rc != -EAGAIN)
			break;
	}
	return rc ? pvctl_fail(h, rc, "committing d%u's xenstore entries", domid) : 0;
}

/* Removes what write_entries() wrote; what is missing already is fine. */
static void remove_entries(uint32_t domid)
{
	char dom[64], vm[XENSTORE_ABS_PATH_MAX + 1], p[96];

	snprintf(dom, sizeof(dom), "/local/domain/%u", domid);
	snprintf(p, sizeof(p), "%s/vm", dom);
	if (!xs_read(p, vm, sizeof(vm)) && !strncmp(vm, "/vm/", 4))
		xs_rm(vm);
	xs_rm(dom);
	snprintf(p, sizeof(p), "/libxl/%u", domid);
	xs_rm(p);
	snprintf(p, sizeof(p), "/local/domain/0/backend/console/%u", domid);
	xs_rm(p);
}

/* --- The hypervisor side ------------------------------------------- */

static int domctl(struct pvctl *h, struct xen_domctl *op, uint32_t domid, uint32_t cmd)
{
	op->cmd = cmd;
	op->domain = (domid_t)domid;
	return pvctl_domctl(h, op);
}

/* libxl's default grant version: the highest the hypervisor offers. */
static unsigned int grant_version(struct pvctl *h)
{
	struct xen_sysctl op = {.cmd = XEN_SYSCTL_physinfo};

	if (pvctl_sysctl(h, &op))
		return 1;
	if (op.u.physinfo.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v2)
		return 2;
	return 1;
}

static int make_domain(struct pvctl *h, const struct pvctl_domain_spec *s, uint32_t *domid)
{
	struct xen_domctl op;
	int rc;

	memset(&op, 0, sizeof(op));
	op.u.createdomain.max_vcpus = s->max_vcpus;
	op.u.createdomain.max_evtchn_port = 1023; /* libxl's event_channels default */
	op.u.createdomain.max_grant_frames = -1;  /* the hypervisor's defaults */
	op.u.createdomain.max_maptrack_frames = -1;
	op.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(grant_version(h));
	memcpy(op.u.createdomain.handle, s->uuid, sizeof(s->uuid));
	rc = domctl(h, &op, 0, XEN_DOMCTL_createdomain);
	if (rc)
		return rc;
	*domid = op.domain;
	return 0;
}

/*
 * The guest's memory map (XENMEM_memory_map): one RAM entry up to maxmem,
 * as libxl's xc_domain_set_memmap_limit() for a PV domain.
 */
static int set_memmap(struct pvctl *h, uint32_t domid, uint64_t maxmem_mib)
{
	uint8_t *e820 = pvctl_buf_alloc(h, 20);
	struct xen_foreign_memory_map m = {.domid = (domid_t)domid, .map.nr_entries = 1};
	uint64_t size = maxmem_mib << 20;
	uint32_t type = 1; /* E820_RAM */
	long rc;

	if (!e820)
		return -ENOMEM;
	memset(e820, 0, 8); /* addr 0, then size, then type: packed, 20 bytes */
	memcpy(e820 + 8, &size, 8);
	memcpy(e820 + 16, &type, 4);
	set_xen_guest_handle(m.map.buffer, e820);
	rc = pvctl_hypercall_struct(h, "XENMEM_set_memory_map", __HYPERVISOR_memory_op,
				    XENMEM_set_memory_map, &m, sizeof(m), 0);
	pvctl_buf_free(h, e820, 20);
	return rc < 0 ? (int)rc : 0;
}

/* libxl__build_pre's domctls, up to the builder. */
static int configure(struct pvctl *h, const struct pvctl_domain_spec *s, uint32_t domid)
{
	struct xen_domctl op;
	uint8_t *map = NULL;
	int rc;

	memset(&op, 0, sizeof(op));
	op.u.max_vcpus.max = s->max_vcpus;
	rc = domctl(h, &op, domid, XEN_DOMCTL_max_vcpus);
	if (rc)
		return rc;
	if (s->cpumap) {
		size_t bytes = s->cpumap_words * 8;

		map = pvctl_buf_alloc(h, bytes);
		if (!map)
			return -ENOMEM;
		memcpy(map, s->cpumap, bytes);
		for (unsigned int v = 0; v < s->max_vcpus && !rc; v++) {
			memset(&op, 0, sizeof(op));
			op.u.vcpuaffinity.vcpu = v;
			op.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
			set_xen_guest_handle(op.u.vcpuaffinity.cpumap_hard.bitmap, map);
			op.u.vcpuaffinity.cpumap_hard.nr_bits = s->cpumap_words * 64;
			rc = domctl(h, &op, domid, XEN_DOMCTL_setvcpuaffinity);
		}
		pvctl_buf_free(h, map, bytes);
		if (rc)
			return rc;
	}
	memset(&op, 0, sizeof(op));
	op.u.max_mem.max_memkb = s->maxmem_mib * 1024 + MAXMEM_SLACK_KIB;
	rc = domctl(h, &op, domid, XEN_DOMCTL_max_mem);
	if (!rc)
		rc = set_memmap(h, domid, s->maxmem_mib);
	if (rc)
		return rc;
	if (s->weight || s->cap) {
		memset(&op, 0, sizeof(op));
		op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
		op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
		rc = domctl(h, &op, domid, XEN_DOMCTL_scheduler_op);
		if (rc)
			return rc;
		op.u.scheduler_op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
		if (s->weight)
			op.u.scheduler_op.u.credit.weight = s->weight;
		op.u.scheduler_op.u.credit.cap = s->cap;
		rc = domctl(h, &op, domid, XEN_DOMCTL_scheduler_op);
	}
	return rc;
}

int pvctl_domain_state(struct pvctl *h, uint32_t domid, unsigned int *reason)
{
	struct xen_domctl op;
	int rc;

	memset(&op, 0, sizeof(op));
	rc = domctl(h, &op, domid, XEN_DOMCTL_getdomaininfo);
	if (rc == -ESRCH || (!rc && op.u.getdomaininfo.domain != domid))
		return 2;
	if (rc)
		return rc;
	if (op.u.getdomaininfo.flags & XEN_DOMINF_dying)
		return 2;
	if (op.u.getdomaininfo.flags & XEN_DOMINF_shutdown) {
		*reason = (op.u.getdomaininfo.flags >> XEN_DOMINF_shutdownshift) &
			  XEN_DOMINF_shutdownmask;
		return 1;
	}
	return 0;
}

int pvctl_destroy(struct pvctl *h, uint32_t domid)
{
	struct xen_domctl op;
	int rc, tries = 0;

	if (domid == 0)
		return pvctl_fail(h, -EPERM, "domain 0 cannot be destroyed");
	memset(&op, 0, sizeof(op));
	rc = domctl(h, &op, domid, XEN_DOMCTL_getdomaininfo);
	if (!rc && op.u.getdomaininfo.domain != domid)
		rc = pvctl_fail(h, -ESRCH, "no domain %u", domid);
	if (rc)
		return rc;
	/* Backends let go of the guest's pages before it dies (libxl's order). */
	memset(&op, 0, sizeof(op));
	domctl(h, &op, domid, XEN_DOMCTL_pausedomain);
	pvctl_devices_destroy(h, domid);
	/* Xen frees a domain's memory in steps; libxl repeats until it is done. */
	do {
		memset(&op, 0, sizeof(op));
		rc = domctl(h, &op, domid, XEN_DOMCTL_destroydomain);
		if (rc == -EAGAIN || rc == -ERESTART)
			usleep(1000);
	} while ((rc == -EAGAIN || rc == -ERESTART) && ++tries < DESTROY_TRIES);
	if (rc)
		return rc;
	remove_entries(domid);
	rc = xs_release(domid);
	/* The daemon may have let go already, when it saw the domain die. */
	if (rc && rc != -ENOENT && rc != -EINVAL && rc != -ESRCH)
		return pvctl_fail(h, rc, "XS_RELEASE of d%u", domid);
	return 0;
}

int pvctl_create(struct pvctl *h, const struct pvctl_domain_spec *s, uint32_t *domid)
{
	struct pvctl_image img;
	struct pvctl_build b;
	void *ramdisk = NULL;
	size_t ramdisk_len = 0;
	uint32_t d = DOMID_INVALID;
	char step[160];
	int rc;

	if (!s->name || !*s->name)
		return pvctl_fail(h, -EINVAL, "a domain needs a name");
	if (!s->vcpus || s->vcpus > s->max_vcpus || !s->memory_mib || s->maxmem_mib < s->memory_mib)
		return pvctl_fail(h, -EINVAL,
				  "vcpus %u of %u, memory %llu MiB of %llu: expected 1 <= vcpus <= "
				  "maxvcpus and 1 <= memory <= maxmem",
				  s->vcpus, s->max_vcpus, (unsigned long long)s->memory_mib,
				  (unsigned long long)s->maxmem_mib);
	rc = pvctl_domain_lookup(h, s->name);
	if (rc >= 0)
		return pvctl_fail(h, -EEXIST, "a domain named '%s' exists already (d%d)", s->name,
				  rc);
	if (rc != -ESRCH)
		return rc;
	pvctl_note(h, "no domain is named %s yet", s->name);
	/* Nothing exists yet: check the files first. */
	rc = pvctl_image_load(h, s->kernel, &img);
	if (rc)
		return rc;
	pvctl_note(h, "kernel %s loaded", s->kernel);
	if (s->ramdisk && *s->ramdisk) {
		rc = read_file(h, s->ramdisk, &ramdisk, &ramdisk_len);
		if (rc)
			goto out_image;
		pvctl_note(h, "ramdisk %s read (%zu bytes)", s->ramdisk, ramdisk_len);
	}

	rc = make_domain(h, s, &d);
	if (rc) {
		step_fail(h, rc, "%s", "creating the domain");
		goto out_image;
	}
	pvctl_note(h, "d%u created", d);
	rc = configure(h, s, d);
	if (rc) {
		snprintf(step, sizeof(step), "configuring d%u", d);
		goto fail;
	}
	pvctl_note(h, "d%u configured", d);
	memset(&b, 0, sizeof(b));
	b.domid = d;
	b.kernel = &img;
	b.ramdisk = ramdisk;
	b.ramdisk_len = ramdisk_len;
	b.cmdline = s->cmdline;
	b.nr_pages = s->memory_mib * 256;
	rc = pvctl_build(h, &b);
	if (rc) {
		snprintf(step, sizeof(step), "building d%u from %s", d, s->kernel);
		goto fail;
	}
	pvctl_note(h, "d%u built", d);
	rc = write_all_entries(h, s, d, &b);
	if (rc) {
		snprintf(step, sizeof(step), "xenstore");
		goto fail;
	}
	pvctl_note(h, "d%u's xenstore entries written", d);
	rc = xs_introduce(d, b.store_mfn, b.store_port);
	if (rc) {
		pvctl_fail(h, rc, "XS_INTRODUCE of d%u (mfn %#llx, port %u)", d,
			   (unsigned long long)b.store_mfn, b.store_port);
		snprintf(step, sizeof(step), "introducing d%u to the xenstore daemon", d);
		goto fail;
	}
	pvctl_note(h, "d%u introduced to the xenstore daemon", d);
	rc = pvctl_devices_add(h, d, s->disks, s->nr_disks, s->nics, s->nr_nics, NULL);
	if (rc) {
		snprintf(step, sizeof(step), "adding d%u's devices", d);
		goto fail;
	}
	{
		struct xen_domctl op;

		memset(&op, 0, sizeof(op));
		rc = domctl(h, &op, d, XEN_DOMCTL_unpausedomain);
	}
	if (rc) {
		snprintf(step, sizeof(step), "starting d%u", d);
		goto fail;
	}
	pvctl_note(h, "d%u unpaused", d);
	*domid = d;
	goto out_image;

fail:
	/* Keep the failure's line; the clean-up must not overwrite it. */
	step_fail(h, rc, "%s", step);
	{
		char err[PVCTL_ERR_MAX];

		snprintf(err, sizeof(err), "%s", pvctl_error(h));
		if (pvctl_destroy(h, d) < 0)
			pvctl_fail(h, 0, "%s (and destroying d%u failed too: %s)", err, d,
				   pvctl_error(h));
		else
			pvctl_fail(h, 0, "%s (d%u destroyed)", err, d);
	}
out_image:
	free(ramdisk);
	pvctl_image_free(&img);
	return rc;
}

int pvctl_shutdown(struct pvctl *h, uint32_t domid, const char *reason)
{
	char path[64], v[32];
	int rc;

	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
	for (int tries = 0; tries < 20; tries++) {
		rc = xs_transaction_start();
		if (rc)
			return pvctl_fail(h, rc, "xenstore transaction start");
		/* As libxl: the node must exist (the guest's control path). */
		rc = xs_read(path, v, sizeof(v));
		if (!rc)
			rc = xs_write(path, reason);
		if (rc) {
			xs_transaction_end(false);
			if (rc == -ENOENT)
				return pvctl_fail(h, rc,
						  "d%u has no %s (not a domain pvctl or xl "
						  "made?)",
						  domid, path);
			return pvctl_fail(h, rc, "writing %s", path);
		}
		rc = xs_transaction_end(true);
		if (rc != -EAGAIN)
			break;
	}
	return rc ? pvctl_fail(h, rc, "writing %s", path) : 0;
}

/*
 * A guest that prints and powers off at once leaves its last lines in its
 * console ring: before destroying it, give the console daemon up to
 * DRAIN_MS to take them (out_cons reaching out_prod).
 */
static void console_drain(struct pvctl *h, uint32_t domid)
{
	char path[64], v[32];
	uint64_t mfn;
	struct xencons_interface *ring;

	snprintf(path, sizeof(path), "/local/domain/%u/console/ring-ref", domid);
	if (xs_read(path, v, sizeof(v)))
		return;
	mfn = strtoull(v, NULL, 10);
	ring = pvctl_map_foreign(h, domid, &mfn, 1);
	if (!ring)
		return;
	for (int waited = 0; waited < DRAIN_MS; waited += 20) {
		if (__atomic_load_n(&ring->out_cons, __ATOMIC_ACQUIRE) ==
		    __atomic_load_n(&ring->out_prod, __ATOMIC_ACQUIRE))
			break;
		usleep(20 * 1000);
	}
	munmap(ring, 4096);
}

int pvctl_monitor(struct pvctl *h, const struct pvctl_domain_spec *s, uint32_t domid,
		  void (*log)(const char *fmt, ...))
{
	static const char *const reasons[] = {"poweroff", "reboot", "suspend", "crash", "watchdog"};
	static const char *const actions[] = {"destroy", "restart", "preserve"};
	char token[32];
	int rc;

	snprintf(token, sizeof(token), "pvctl-monitor");
	rc = xs_watch("@releaseDomain", token);
	if (rc)
		return pvctl_fail(h, rc, "watching @releaseDomain");
	for (;;) {
		struct pollfd pfd = {.fd = xs_fd(), .events = POLLIN};
		unsigned int reason = 0;
		enum pvctl_stop_action act;
		char path[XENSTORE_ABS_PATH_MAX + 1];

		rc = pvctl_domain_state(h, domid, &reason);
		if (rc < 0)
			return rc;
		if (rc == 2) {
			log("d%u is gone", domid);
			return 0;
		}
		if (rc == 1) {
			act = reason < 5 ? s->on_stop[reason] : PVCTL_STOP_DESTROY;
			log("d%u shut down (%s): %s", domid, reason < 5 ? reasons[reason] : "?",
			    actions[act]);
			if (act == PVCTL_STOP_PRESERVE)
				return 0;
			console_drain(h, domid);
			rc = pvctl_destroy(h, domid);
			/* Destroyed by someone else meanwhile: not ours to restart. */
			if (rc == -ESRCH)
				return 0;
			if (rc)
				return rc;
			if (act == PVCTL_STOP_DESTROY)
				return 0;
			rc = pvctl_create(h, s, &domid);
			if (rc)
				return rc;
			log("restarted as d%u", domid);
			continue;
		}
		/* @releaseDomain fires on every shutdown and death; poll as a fallback. */
		if (poll(&pfd, 1, 2000) > 0 && xs_poll_input() < 0)
			return pvctl_fail(h, -EPIPE, "the xenstore daemon went away");
		while (xs_next_event(path, sizeof(path)))
			;
	}
}
