// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvctl info and pvctl dmesg (docs/pvctl-commands.md): the host as
 * `xl info` prints it (uname, XEN_SYSCTL_physinfo, the xen_version
 * strings, the scheduler), and the hypervisor's console ring as
 * `xl dmesg` prints it (XEN_SYSCTL_readconsole until it has no more).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include <public/memory.h>

#include "ctl.h"
#include "ctl-cmds.h"
#include "json.h"
#include "pvctl.h"

/* Everything `pvctl info` prints, gathered before anything is printed. */
struct host_info {
	struct utsname uts;
	struct xen_sysctl_physinfo pi;
	struct pvctl_version ver;
	int sched;
	int free_cpus;			  /* < 0: the hypervisor does not say */
	long sharing_freed, sharing_used; /* pages; < 0: not said */
};

static void virt_caps(uint32_t caps, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s%s%s%s%s%s%s", caps & XEN_SYSCTL_PHYSCAP_pv ? " pv" : "",
		 caps & XEN_SYSCTL_PHYSCAP_hvm ? " hvm" : "",
		 (caps & XEN_SYSCTL_PHYSCAP_hvm) && (caps & XEN_SYSCTL_PHYSCAP_directio)
			 ? " hvm_directio"
			 : "",
		 (caps & XEN_SYSCTL_PHYSCAP_pv) && (caps & XEN_SYSCTL_PHYSCAP_directio)
			 ? " pv_directio"
			 : "",
		 caps & XEN_SYSCTL_PHYSCAP_hap ? " hap" : "",
		 caps & XEN_SYSCTL_PHYSCAP_shadow ? " shadow" : "",
		 caps & XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share ? " iommu_hap_pt_share" : "",
		 caps & XEN_SYSCTL_PHYSCAP_vmtrace ? " vmtrace" : "",
		 caps & XEN_SYSCTL_PHYSCAP_vpmu ? " vpmu" : "",
		 caps & XEN_SYSCTL_PHYSCAP_gnttab_v1 ? " gnttab-v1" : "",
		 caps & XEN_SYSCTL_PHYSCAP_gnttab_v2 ? " gnttab-v2" : "");
}

static void print_text(const struct host_info *hi)
{
	const struct xen_sysctl_physinfo *pi = &hi->pi;
	const struct pvctl_version *v = &hi->ver;
	uint64_t per_mib = (1u << 20) / (v->pagesize ? v->pagesize : 4096);
	char caps[160];

	printf("host                   : %s\n", hi->uts.nodename);
	printf("release                : %s\n", hi->uts.release);
	printf("version                : %s\n", hi->uts.version);
	printf("machine                : %s\n", hi->uts.machine);
	printf("nr_cpus                : %u\n", pi->nr_cpus);
	printf("max_cpu_id             : %u\n", pi->max_cpu_id);
	printf("nr_nodes               : %u\n", pi->nr_nodes);
	printf("cores_per_socket       : %u\n", pi->cores_per_socket);
	printf("threads_per_core       : %u\n", pi->threads_per_core);
	printf("cpu_mhz                : %u.%03u\n", pi->cpu_khz / 1000, pi->cpu_khz % 1000);
	printf("hw_caps                : %08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x\n", pi->hw_cap[0],
	       pi->hw_cap[1], pi->hw_cap[2], pi->hw_cap[3], pi->hw_cap[4], pi->hw_cap[5],
	       pi->hw_cap[6], pi->hw_cap[7]);
	virt_caps(pi->capabilities, caps, sizeof(caps));
	printf("virt_caps              :%s\n", caps);
	printf("total_memory           : %" PRIu64 "\n", pi->total_pages / per_mib);
	printf("free_memory            : %" PRIu64 "\n",
	       (pi->free_pages - pi->outstanding_pages) / per_mib);
	if (hi->sharing_freed >= 0)
		printf("sharing_freed_memory   : %" PRIu64 "\n",
		       (uint64_t)hi->sharing_freed / per_mib);
	if (hi->sharing_used >= 0)
		printf("sharing_used_memory    : %" PRIu64 "\n",
		       (uint64_t)hi->sharing_used / per_mib);
	printf("outstanding_claims     : %" PRIu64 "\n", pi->outstanding_pages / per_mib);
	if (hi->free_cpus >= 0)
		printf("free_cpus              : %d\n", hi->free_cpus);
	printf("xen_major              : %u\n", v->major);
	printf("xen_minor              : %u\n", v->minor);
	printf("xen_extra              : %s\n", v->extra);
	printf("xen_version            : %u.%u%s\n", v->major, v->minor, v->extra);
	printf("xen_caps               : %s\n", v->caps);
	printf("xen_scheduler          : %s\n", pvctl_sched_name(hi->sched));
	printf("xen_pagesize           : %lu\n", v->pagesize);
	printf("platform_params        : virt_start=0x%" PRIx64 "\n", v->virt_start);
	printf("xen_changeset          : %s\n", v->changeset);
	printf("xen_commandline        : %s\n", v->cmdline);
	printf("cc_compiler            : %s\n", v->compile.compiler);
	printf("cc_compile_by          : %s\n", v->compile.compile_by);
	printf("cc_compile_domain      : %s\n", v->compile.compile_domain);
	printf("cc_compile_date        : %s\n", v->compile.compile_date);
	printf("xend_config_format     : 4\n");
}

static void print_json(const struct host_info *hi)
{
	const struct xen_sysctl_physinfo *pi = &hi->pi;
	const struct pvctl_version *v = &hi->ver;
	uint64_t per_mib = (1u << 20) / (v->pagesize ? v->pagesize : 4096);
	char buf[160];
	struct json j;

	json_init(&j, stdout);
	json_object_begin(&j, NULL);
	json_string(&j, "host", hi->uts.nodename);
	json_string(&j, "release", hi->uts.release);
	json_string(&j, "version", hi->uts.version);
	json_string(&j, "machine", hi->uts.machine);
	json_uint(&j, "nr_cpus", pi->nr_cpus);
	json_uint(&j, "max_cpu_id", pi->max_cpu_id);
	json_uint(&j, "nr_nodes", pi->nr_nodes);
	json_uint(&j, "cores_per_socket", pi->cores_per_socket);
	json_uint(&j, "threads_per_core", pi->threads_per_core);
	json_uint(&j, "cpu_khz", pi->cpu_khz);
	json_array_begin(&j, "hw_caps");
	for (int i = 0; i < 8; i++)
		json_uint(&j, NULL, pi->hw_cap[i]);
	json_array_end(&j);
	virt_caps(pi->capabilities, buf, sizeof(buf));
	json_string(&j, "virt_caps", buf[0] ? buf + 1 : buf);
	json_uint(&j, "total_memory_mib", pi->total_pages / per_mib);
	json_uint(&j, "free_memory_mib", (pi->free_pages - pi->outstanding_pages) / per_mib);
	json_uint(&j, "outstanding_claims_mib", pi->outstanding_pages / per_mib);
	json_uint(&j, "total_pages", pi->total_pages);
	json_uint(&j, "free_pages", pi->free_pages);
	if (hi->free_cpus >= 0)
		json_int(&j, "free_cpus", hi->free_cpus);
	else
		json_null(&j, "free_cpus");
	json_uint(&j, "xen_major", v->major);
	json_uint(&j, "xen_minor", v->minor);
	json_string(&j, "xen_extra", v->extra);
	snprintf(buf, sizeof(buf), "%u.%u%s", v->major, v->minor, v->extra);
	json_string(&j, "xen_version", buf);
	json_string(&j, "xen_caps", v->caps);
	json_string(&j, "xen_scheduler", pvctl_sched_name(hi->sched));
	json_uint(&j, "xen_pagesize", v->pagesize);
	json_uint(&j, "virt_start", v->virt_start);
	json_string(&j, "xen_changeset", v->changeset);
	json_string(&j, "xen_commandline", v->cmdline);
	json_string(&j, "cc_compiler", v->compile.compiler);
	json_string(&j, "cc_compile_by", v->compile.compile_by);
	json_string(&j, "cc_compile_domain", v->compile.compile_domain);
	json_string(&j, "cc_compile_date", v->compile.compile_date);
	json_object_end(&j);
	json_finish(&j);
}

int cmd_info(int argc, char **argv)
{
	static const struct option longs[] = {{"json", no_argument, NULL, 'j'}, {0}};
	struct host_info hi;
	bool json = false;
	struct pvctl h;
	int rc = 1;

	ctl_opts_reset();
	if (ctl_next_opt(argc, argv, "+", longs, &json) != -1)
		return 1; /* '?': --json is the only option */
	if (optind != argc)
		return pvctl_usage();
	memset(&hi, 0, sizeof(hi));
	if (uname(&hi.uts) < 0)
		return pvctl_err("uname: %s", strerror(errno));
	if (ctl_open(&h, false))
		return 1;
	if (pvctl_physinfo_get(&h, &hi.pi) < 0 || pvctl_version_get(&h, &hi.ver) < 0 ||
	    (hi.sched = pvctl_sched_id(&h)) < 0) {
		pvctl_err("%s", pvctl_error(&h));
		goto out;
	}
	/*
	 * What xl gets from other calls, shown where the hypervisor answers;
	 * no memory sharing at all (-ENOSYS) is 0 pages, as libxl has it.
	 */
	hi.free_cpus = pvctl_cpupool_free_cpus(&h);
	hi.sharing_freed = pvctl_hypercall(&h, __HYPERVISOR_memory_op,
					   XENMEM_get_sharing_freed_pages, 0, 0, 0, 0);
	if (hi.sharing_freed == -ENOSYS)
		hi.sharing_freed = 0;
	hi.sharing_used = pvctl_hypercall(&h, __HYPERVISOR_memory_op,
					  XENMEM_get_sharing_shared_pages, 0, 0, 0, 0);
	if (hi.sharing_used == -ENOSYS)
		hi.sharing_used = 0;
	if (json)
		print_json(&hi);
	else
		print_text(&hi);
	rc = 0;
out:
	pvctl_close(&h);
	return rc;
}

int cmd_dmesg(int argc, char **argv)
{
	/* No long options (it prints text only), but "--x" is still read as one. */
	static const struct option longs[] = {{0}};
	static char buf[16384];
	uint32_t index = 0;
	bool clear = false;
	struct pvctl h;
	int c, n;

	ctl_opts_reset();
	while ((c = ctl_next_opt(argc, argv, "+c", longs, NULL)) != -1) {
		if (c == '?')
			return 1;
		clear = true;
	}
	if (optind != argc)
		return pvctl_usage();
	if (ctl_open(&h, false))
		return 1;
	/* The ring from its oldest byte, a buffer at a time, until it runs dry. */
	do {
		n = pvctl_console_read(&h, buf, sizeof(buf), &index, clear);
		if (n < 0) {
			pvctl_err("%s", pvctl_error(&h));
			pvctl_close(&h);
			return 1;
		}
		fwrite(buf, 1, (size_t)n, stdout);
	} while (n == (int)sizeof(buf));
	pvctl_close(&h);
	return 0;
}
