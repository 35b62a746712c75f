// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvctl's per-domain commands: list, pause, unpause, vcpu-list, vcpu-pin,
 * sched-credit, mem-max and mem-set (docs/pvctl-commands.md), with xl's
 * output formats, and the helpers every inspection command shares
 * (ctl-cmds.h). Each command checks all its arguments, and the domain's
 * existence, before it changes anything: a bad argument changes nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl-cmds.h"
#include "domain.h"
#include "json.h"
#include "pvctl.h"
#include "units.h"
#include "xs.h"

#define LIST_BATCH 256
#define NAME_MAX_LEN 256

/* ---- shared helpers ---- */

int ctl_open(struct pvctl *h, bool xs)
{
	int rc;

	if (pvctl_open(h) < 0)
		return pvctl_err("%s", pvctl_error(h));
	if (pvctl_verbose)
		h->note = pvctl_verbose_note;
	if (xs && (rc = xs_connect()) < 0) {
		pvctl_close(h);
		return pvctl_err("cannot connect to xenstored (%s/socket): %s",
				 getenv("XENSTORED_RUNDIR") ? getenv("XENSTORED_RUNDIR")
							    : "/var/run/xenstored",
				 strerror(-rc));
	}
	return 0;
}

int ctl_domain(struct pvctl *h, const char *spec, struct xen_domctl_getdomaininfo *info)
{
	int domid = pvctl_domain_lookup(h, spec);

	if (domid < 0 || pvctl_domain_getinfo(h, (uint32_t)domid, info) < 0) {
		pvctl_err("%s", pvctl_error(h));
		return -1;
	}
	return domid;
}

void ctl_domain_name(struct pvctl *h, uint32_t domid, char *name, size_t size)
{
	if (pvctl_domain_name(h, domid, name, size) < 0 || !name[0])
		snprintf(name, size, "(null)");
}

int ctl_domains(struct pvctl *h, int nr_specs, char **specs, struct xen_domctl_getdomaininfo **out)
{
	struct xen_domctl_getdomaininfo *doms = NULL, *more;
	unsigned int nr = 0, cap = 0;
	uint32_t first = 0;
	int n;

	if (nr_specs > 0) {
		/* The domains named, in the order given; every name checked. */
		doms = calloc((size_t)nr_specs, sizeof(*doms));
		if (!doms)
			goto oom;
		for (int i = 0; i < nr_specs; i++)
			if (ctl_domain(h, specs[i], &doms[i]) < 0)
				goto fail;
		*out = doms;
		return nr_specs;
	}
	do {
		more = realloc(doms, (cap + LIST_BATCH) * sizeof(*doms));
		if (!more)
			goto oom;
		doms = more;
		cap += LIST_BATCH;
		n = pvctl_domain_list(h, first, doms + nr, LIST_BATCH);
		if (n < 0) {
			pvctl_err("%s", pvctl_error(h));
			goto fail;
		}
		nr += (unsigned int)n;
		if (n)
			first = doms[nr - 1].domain + 1u;
	} while (n == LIST_BATCH && first < DOMID_FIRST_RESERVED);
	*out = doms;
	return (int)nr;
oom:
	pvctl_err("out of memory");
fail:
	free(doms);
	return -1;
}

void ctl_state_letters(uint32_t flags, char *s)
{
	static const char reasons[] = "-rscwS"; /* SHUTDOWN_poweroff .. soft_reset */
	unsigned int reason = (flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;

	s[0] = flags & XEN_DOMINF_running ? 'r' : '-';
	s[1] = flags & XEN_DOMINF_blocked ? 'b' : '-';
	s[2] = flags & XEN_DOMINF_paused ? 'p' : '-';
	s[3] = flags & XEN_DOMINF_shutdown ? 's' : '-';
	s[4] = !(flags & XEN_DOMINF_shutdown) ? '-'
	       : reason < sizeof(reasons) - 1 ? reasons[reason]
					      : '?';
	s[5] = flags & XEN_DOMINF_dying ? 'd' : '-';
	s[6] = 0;
}

void ctl_uuid(const uint8_t *u, char *s)
{
	snprintf(s, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
		 u[13], u[14], u[15]);
}

static const char *shutdown_reason_name(unsigned int r)
{
	static const char *const names[] = {"poweroff", "reboot",   "suspend",
					    "crash",	"watchdog", "soft_reset"};

	return r < sizeof(names) / sizeof(names[0]) ? names[r] : "unknown";
}

int ctl_next_opt(int argc, char **argv, const char *short_opts, const struct option *long_opts,
		 bool *json)
{
	int c;

	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) == 'j' && json)
		*json = true;
	if (c == '?')
		pvctl_bad_option(argc, argv);
	return c;
}

void ctl_opts_reset(void)
{
	optind = 1;
	opterr = 0;
}

int ctl_seconds_arg(const char *what, double min, double max, double *out)
{
	char *end;

	*out = strtod(optarg, &end);
	if (end == optarg || *end || !(*out >= min && *out <= max))
		return pvctl_err("bad %s '%s': seconds from %g to %g", what, optarg, min, max);
	return 0;
}

/* A decimal number in [min, max]: 0, or -EINVAL. */
static int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || *end || *v < min || *v > max)
		return -EINVAL;
	return 0;
}

/* The host's pCPU count as xl counts map bits: max_cpu_id + 1. */
static int host_cpus(struct pvctl *h)
{
	struct xen_sysctl_physinfo pi;

	if (pvctl_physinfo_get(h, &pi) < 0)
		return pvctl_err("%s", pvctl_error(h)), -1;
	if (pi.max_cpu_id + 1 > PVCTL_MAX_CPUS)
		return pvctl_err("the host has %u CPUs; pvctl handles %d", pi.max_cpu_id + 1,
				 PVCTL_MAX_CPUS),
		       -1;
	return (int)pi.max_cpu_id + 1;
}

/*
 * list and vcpu-list: a table of the domains the operands name (every
 * domain if none), header() first in text, or one JSON array; row()
 * writes a domain's rows (j NULL for text).
 */
struct domain_table {
	bool json;
	bool verbose;	      /* list -l */
	unsigned int nr_cpus; /* vcpu-list: the host's pCPUs */
	void (*header)(const struct domain_table *t);
	int (*row)(struct pvctl *h, const struct xen_domctl_getdomaininfo *d, struct json *j,
		   const struct domain_table *t);
};

/* The table t of the operands argv[optind..argc): 0, or 1 after the error line. */
static int domain_table(struct pvctl *h, int argc, char **argv, const struct domain_table *t)
{
	struct xen_domctl_getdomaininfo *doms = NULL;
	struct json j;
	int n, rc = 1;

	n = ctl_domains(h, argc - optind, argv + optind, &doms);
	if (n < 0)
		return 1;
	if (t->json) {
		json_init(&j, stdout);
		json_array_begin(&j, NULL);
	} else {
		t->header(t);
	}
	rc = 0;
	for (int i = 0; i < n && !rc; i++)
		rc = t->row(h, &doms[i], t->json ? &j : NULL, t);
	/* Even after a failure the output stays one JSON document (the error is on stderr). */
	if (t->json) {
		json_array_end(&j);
		json_finish(&j);
	}
	free(doms);
	return rc;
}

/* ---- list ---- */

static void list_json(struct json *j, struct pvctl *h, const struct xen_domctl_getdomaininfo *d)
{
	unsigned int reason = (d->flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
	char name[NAME_MAX_LEN], state[7], uuid[37];

	ctl_domain_name(h, d->domain, name, sizeof(name));
	ctl_state_letters(d->flags, state);
	ctl_uuid(d->handle, uuid);
	json_object_begin(j, NULL);
	json_string(j, "name", name);
	json_uint(j, "domid", d->domain);
	json_string(j, "uuid", uuid);
	json_string(j, "state", state);
	json_bool(j, "running", d->flags & XEN_DOMINF_running);
	json_bool(j, "blocked", d->flags & XEN_DOMINF_blocked);
	json_bool(j, "paused", d->flags & XEN_DOMINF_paused);
	json_bool(j, "shutdown", d->flags & XEN_DOMINF_shutdown);
	if (d->flags & XEN_DOMINF_shutdown)
		json_string(j, "shutdown_reason", shutdown_reason_name(reason));
	else
		json_null(j, "shutdown_reason");
	json_bool(j, "dying", d->flags & XEN_DOMINF_dying);
	json_uint(j, "mem_kib", d->tot_pages * 4);
	json_uint(j, "max_mem_kib", d->max_pages * 4);
	json_uint(j, "outstanding_kib", d->outstanding_pages * 4);
	json_uint(j, "vcpus", d->nr_online_vcpus);
	if (d->max_vcpu_id == XEN_INVALID_MAX_VCPU_ID)
		json_null(j, "max_vcpu_id"); /* no vCPUs yet */
	else
		json_uint(j, "max_vcpu_id", d->max_vcpu_id);
	json_uint(j, "cpu_time_ns", d->cpu_time);
	json_double(j, "cpu_time_s", (double)d->cpu_time / 1e9, 1);
	json_uint(j, "cpupool", d->cpupool);
	json_object_end(j);
}

static void list_text(struct pvctl *h, const struct xen_domctl_getdomaininfo *d, bool verbose)
{
	unsigned int reason = (d->flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
	char name[NAME_MAX_LEN], state[7], uuid[37];

	ctl_domain_name(h, d->domain, name, sizeof(name));
	ctl_state_letters(d->flags, state);
	printf("%-40s %5u %5lu %5u     %s  %8.1f", name, d->domain,
	       (unsigned long)((d->tot_pages + d->outstanding_pages) * 4 / 1024),
	       d->nr_online_vcpus, state, (float)d->cpu_time / 1e9);
	if (verbose) {
		ctl_uuid(d->handle, uuid);
		printf(" %s", uuid);
		if (d->flags & XEN_DOMINF_shutdown)
			printf(" %8x", reason);
		else
			printf(" %8s", "-");
		printf(" %16s", "-");
	}
	putchar('\n');
}

static void list_header(const struct domain_table *t)
{
	printf("Name                                        ID   Mem "
	       "VCPUs\tState\tTime(s)");
	if (t->verbose)
		printf("   UUID                            Reason-Code\tSecurity Label");
	putchar('\n');
}

static int list_row(struct pvctl *h, const struct xen_domctl_getdomaininfo *d, struct json *j,
		    const struct domain_table *t)
{
	if (j)
		list_json(j, h, d);
	else
		list_text(h, d, t->verbose);
	return 0;
}

int cmd_list(int argc, char **argv)
{
	static const struct option longs[] = {
		{"long", no_argument, NULL, 'l'}, {"json", no_argument, NULL, 'j'}, {0}};
	struct domain_table t = {.header = list_header, .row = list_row};
	struct pvctl h;
	int c, rc;

	ctl_opts_reset();
	while ((c = ctl_next_opt(argc, argv, "+l", longs, &t.json)) != -1) {
		if (c == '?')
			return 1;
		t.verbose = true;
	}
	if (ctl_open(&h, true))
		return 1;
	rc = domain_table(&h, argc, argv, &t);
	pvctl_close(&h);
	return rc;
}

/* ---- pause, unpause ---- */

static int pause_or_unpause(int argc, char **argv, bool pause)
{
	struct xen_domctl_getdomaininfo info;
	struct pvctl h;
	int domid, rc;

	if (argc != 2)
		return pvctl_usage();
	if (ctl_open(&h, true))
		return 1;
	domid = ctl_domain(&h, argv[1], &info);
	if (domid < 0) {
		pvctl_close(&h);
		return 1;
	}
	rc = pause ? pvctl_domain_pause(&h, (uint32_t)domid)
		   : pvctl_domain_unpause(&h, (uint32_t)domid);
	if (rc < 0)
		pvctl_err("%s", pvctl_error(&h));
	pvctl_close(&h);
	return rc < 0;
}

int cmd_pause(int argc, char **argv)
{
	return pause_or_unpause(argc, argv, true);
}

int cmd_unpause(int argc, char **argv)
{
	return pause_or_unpause(argc, argv, false);
}

/* ---- vcpu-list, vcpu-pin ---- */

static int vcpu_list_row(struct pvctl *h, const struct xen_domctl_getdomaininfo *d, struct json *j,
			 const struct domain_table *t)
{
	unsigned int nr_cpus = t->nr_cpus;
	uint8_t hard[PVCTL_CPUMAP_BYTES], soft[PVCTL_CPUMAP_BYTES];
	char name[NAME_MAX_LEN], hs[4 * PVCTL_MAX_CPUS], ss[4 * PVCTL_MAX_CPUS];

	if (d->max_vcpu_id == XEN_INVALID_MAX_VCPU_ID)
		return 0; /* no vCPUs yet */
	ctl_domain_name(h, d->domain, name, sizeof(name));
	for (uint32_t v = 0; v <= d->max_vcpu_id; v++) {
		struct xen_domctl_getvcpuinfo vi;

		int rc = pvctl_vcpu_getinfo(h, d->domain, v, &vi);

		if (!rc)
			rc = pvctl_vcpu_get_affinity(h, d->domain, v, hard, soft, nr_cpus);
		if (rc == -ESRCH)
			return 0; /* destroyed since it was listed: gone from the list, as in xl */
		if (rc < 0)
			return pvctl_err("%s", pvctl_error(h));
		pvctl_cpulist_format(hard, nr_cpus, hs, sizeof(hs));
		pvctl_cpulist_format(soft, nr_cpus, ss, sizeof(ss));
		if (j) {
			json_object_begin(j, NULL);
			json_string(j, "name", name);
			json_uint(j, "domid", d->domain);
			json_uint(j, "vcpu", v);
			if (vi.online)
				json_uint(j, "cpu", vi.cpu);
			else
				json_null(j, "cpu");
			json_bool(j, "online", vi.online);
			json_bool(j, "running", vi.running);
			json_bool(j, "blocked", vi.blocked);
			json_uint(j, "cpu_time_ns", vi.cpu_time);
			json_double(j, "cpu_time_s", (double)vi.cpu_time / 1e9, 1);
			json_string(j, "affinity_hard", hs);
			json_array_begin(j, "affinity_hard_cpus");
			for (unsigned int c = 0; c < nr_cpus; c++)
				if (hard[c / 8] & (1u << (c % 8)))
					json_uint(j, NULL, c);
			json_array_end(j);
			json_string(j, "affinity_soft", ss);
			json_object_end(j);
			continue;
		}
		printf("%-32s %5u %5u", name, d->domain, v);
		if (!vi.online)
			printf("%5c %3c%cp ", '-', '-', '-');
		else
			printf("%5u %3c%c- ", vi.cpu, vi.running ? 'r' : '-',
			       vi.blocked ? 'b' : '-');
		printf("%9.1f  %s / %s\n", (float)vi.cpu_time / 1e9, hs, ss);
	}
	return 0;
}

static void vcpu_list_header(const struct domain_table *t)
{
	(void)t;
	printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU", "State", "Time(s)",
	       "Affinity (Hard / Soft)");
}

int cmd_vcpu_list(int argc, char **argv)
{
	static const struct option longs[] = {{"json", no_argument, NULL, 'j'}, {0}};
	struct domain_table t = {.header = vcpu_list_header, .row = vcpu_list_row};
	struct pvctl h;
	int cpus, rc = 1;

	ctl_opts_reset();
	if (ctl_next_opt(argc, argv, "+", longs, &t.json) != -1)
		return 1; /* '?': --json is the only option */
	if (ctl_open(&h, true))
		return 1;
	cpus = host_cpus(&h);
	if (cpus >= 0) {
		t.nr_cpus = (unsigned int)cpus;
		rc = domain_table(&h, argc, argv, &t);
	}
	pvctl_close(&h);
	return rc;
}

/* A CPU list operand of vcpu-pin into map: 1 if given, 0 for "-" (unchanged), -1 (reported) if bad. */
static int pin_map(const char *arg, const char *what, uint8_t *map, unsigned int cpus)
{
	char why[128];

	if (!strcmp(arg, "-"))
		return 0;
	if (pvctl_cpulist_parse(arg, map, cpus, why, sizeof(why), NULL) < 0) {
		pvctl_err("bad %s CPU list '%s': %s", what, arg, why);
		return -1;
	}
	return 1;
}

int cmd_vcpu_pin(int argc, char **argv)
{
	struct xen_domctl_getdomaininfo info;
	uint8_t hard[PVCTL_CPUMAP_BYTES], soft[PVCTL_CPUMAP_BYTES];
	unsigned long vcpu = 0;
	bool all = false;
	struct pvctl h;
	int domid, cpus, has_hard, has_soft = 0, rc = 1;

	if (argc != 4 && argc != 5)
		return pvctl_usage();
	if (!strcmp(argv[2], "all"))
		all = true;
	else if (parse_uint(argv[2], 0, UINT32_MAX, &vcpu))
		return pvctl_err("bad vCPU '%s': a vCPU number or 'all'", argv[2]);
	if (ctl_open(&h, true))
		return 1;
	domid = ctl_domain(&h, argv[1], &info);
	if (domid < 0 || (cpus = host_cpus(&h)) < 0)
		goto out;
	has_hard = pin_map(argv[3], "hard", hard, (unsigned int)cpus);
	if (has_hard >= 0 && argc == 5)
		has_soft = pin_map(argv[4], "soft", soft, (unsigned int)cpus);
	if (has_hard < 0 || has_soft < 0)
		goto out;
	if (!has_hard && !has_soft) {
		pvctl_err("nothing to set: both affinities are '-'");
		goto out;
	}
	if (info.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID || (!all && vcpu > info.max_vcpu_id)) {
		pvctl_err("domain %s has no vCPU %s", argv[1], argv[2]);
		goto out;
	}
	for (uint32_t v = all ? 0 : (uint32_t)vcpu; v <= (all ? info.max_vcpu_id : vcpu); v++)
		if (pvctl_vcpu_set_affinity(&h, (uint32_t)domid, v, has_hard ? hard : NULL,
					    has_soft ? soft : NULL, (unsigned int)cpus) < 0) {
			pvctl_err("vCPU %u: %s", v, pvctl_error(&h));
			goto out;
		}
	rc = 0;
out:
	pvctl_close(&h);
	return rc;
}

/* ---- sched-credit ---- */

static int credit_line(struct pvctl *h, const struct xen_domctl_getdomaininfo *d, struct json *j)
{
	struct xen_domctl_sched_credit p;
	char name[NAME_MAX_LEN];

	if (pvctl_sched_credit_get(h, d->domain, &p) < 0)
		return pvctl_err("%s", pvctl_error(h));
	ctl_domain_name(h, d->domain, name, sizeof(name));
	if (j) {
		json_object_begin(j, NULL);
		json_string(j, "name", name);
		json_uint(j, "domid", d->domain);
		json_uint(j, "weight", p.weight);
		json_uint(j, "cap", p.cap);
		json_object_end(j);
	} else {
		printf("%-33s %4u %6u %4u\n", name, d->domain, p.weight, p.cap);
	}
	return 0;
}

int cmd_sched_credit(int argc, char **argv)
{
	static const struct option longs[] = {{"domain", required_argument, NULL, 'd'},
					      {"weight", required_argument, NULL, 'w'},
					      {"cap", required_argument, NULL, 'c'},
					      {"json", no_argument, NULL, 'j'},
					      {0}};
	const char *dom = NULL, *wstr = NULL, *cstr = NULL;
	struct xen_domctl_getdomaininfo *doms = NULL, info;
	struct xen_sysctl_credit_schedule pool;
	unsigned long weight = 0, cap = 0;
	bool json = false;
	struct pvctl h;
	struct json j;
	int c, n, domid, sched, rc = 1;

	ctl_opts_reset();
	while ((c = ctl_next_opt(argc, argv, "+d:w:c:", longs, &json)) != -1) {
		switch (c) {
		case 'd':
			dom = optarg;
			break;
		case 'w':
			wstr = optarg;
			break;
		case 'c':
			cstr = optarg;
			break;
		default:
			return 1;
		}
	}
	if (optind != argc)
		return pvctl_usage();
	if ((wstr || cstr) && !dom)
		return pvctl_err("-w and -c need a domain (-d DOMAIN)");
	if (wstr && parse_uint(wstr, 1, 65535, &weight))
		return pvctl_err("bad weight '%s': a number from 1 to 65535", wstr);
	if (cstr && parse_uint(cstr, 0, 65534, &cap))
		return pvctl_err("bad cap '%s': a percentage of one CPU, 0 (none) to 100 per vCPU",
				 cstr);
	if (ctl_open(&h, true))
		return 1;
	sched = pvctl_sched_id(&h);
	if (sched < 0) {
		pvctl_err("%s", pvctl_error(&h));
		goto out;
	}
	if (sched != XEN_SCHEDULER_CREDIT) {
		pvctl_err("the hypervisor runs the %s scheduler, not credit",
			  pvctl_sched_name(sched));
		goto out;
	}
	if (dom) {
		domid = ctl_domain(&h, dom, &info);
		if (domid < 0)
			goto out;
		if (wstr || cstr) {
			struct xen_domctl_sched_credit p;
			unsigned long max_cap = 100ul * (info.max_vcpu_id + 1u);

			if (cstr && cap > max_cap) {
				pvctl_err("bad cap '%s': %s has %u vCPUs, so 0 to %lu", cstr, dom,
					  info.max_vcpu_id + 1, max_cap);
				goto out;
			}
			if (pvctl_sched_credit_get(&h, (uint32_t)domid, &p) < 0) {
				pvctl_err("%s", pvctl_error(&h));
				goto out;
			}
			if (wstr)
				p.weight = (uint16_t)weight;
			if (cstr)
				p.cap = (uint16_t)cap;
			if (pvctl_sched_credit_put(&h, (uint32_t)domid, &p) < 0) {
				pvctl_err("%s", pvctl_error(&h));
				goto out;
			}
			rc = 0;
			goto out;
		}
		doms = malloc(sizeof(*doms));
		if (!doms)
			goto out;
		doms[0] = info;
		n = 1;
	} else {
		n = ctl_domains(&h, 0, NULL, &doms);
		if (n < 0)
			goto out;
	}
	if (json) {
		json_init(&j, stdout);
		json_object_begin(&j, NULL);
		json_string(&j, "scheduler", "credit");
		if (!dom && pvctl_sched_credit_pool_get(&h, 0, &pool) >= 0) {
			json_object_begin(&j, "pool");
			json_string(&j, "name", "Pool-0");
			json_uint(&j, "tslice_ms", pool.tslice_ms);
			json_uint(&j, "ratelimit_us", pool.ratelimit_us);
			json_uint(&j, "migration_delay_us", pool.vcpu_migr_delay_us);
			json_object_end(&j);
		}
		json_array_begin(&j, "domains");
	} else {
		if (!dom) {
			if (pvctl_sched_credit_pool_get(&h, 0, &pool) < 0)
				printf("Cpupool Pool-0: [sched params unavailable]\n");
			else
				printf("Cpupool Pool-0: tslice=%ums ratelimit=%uus "
				       "migration-delay=%uus\n",
				       pool.tslice_ms, pool.ratelimit_us, pool.vcpu_migr_delay_us);
		}
		printf("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
	}
	for (int i = 0; i < n; i++)
		if (credit_line(&h, &doms[i], json ? &j : NULL))
			goto out;
	if (json) {
		json_array_end(&j);
		json_object_end(&j);
		json_finish(&j);
	}
	rc = 0;
out:
	free(doms);
	pvctl_close(&h);
	return rc;
}

/* ---- mem-max, mem-set ---- */

/* /local/domain/<domid>/memory/<leaf> as KiB: 0, or 1 after the error line. */
static int read_mem_node(uint32_t domid, const char *leaf, uint64_t *kib)
{
	char path[96], value[32], *end;
	int rc;

	snprintf(path, sizeof(path), "/local/domain/%u/memory/%s", domid, leaf);
	rc = xs_read(path, value, sizeof(value));
	if (rc < 0)
		return pvctl_err("cannot read %s: %s", path, strerror(-rc));
	errno = 0;
	*kib = strtoull(value, &end, 10);
	if (errno || end == value || *end)
		return pvctl_err("%s holds '%s', not a size in KiB", path, value);
	return 0;
}

static int write_mem_node(uint32_t domid, const char *leaf, uint64_t kib)
{
	char path[96], value[32];
	int rc;

	snprintf(path, sizeof(path), "/local/domain/%u/memory/%s", domid, leaf);
	snprintf(value, sizeof(value), "%" PRIu64, kib);
	rc = xs_write(path, value);
	if (rc < 0)
		return pvctl_err("cannot write %s: %s", path, strerror(-rc));
	return 0;
}

/* What libxl adds to a PV domain's limit beyond its memory (LIBXL_MAXMEM_CONSTANT). */
#define MAXMEM_SLACK_KIB 1024

/*
 * mem-max (target false) sets memory/static-max, mem-set (target true)
 * memory/target, both as libxl does: the new value checked against the
 * other one, the hypervisor's limit (XEN_DOMCTL_max_mem) set to
 * static-max plus libxl's slack, then the node written.
 */
static int mem_cmd(int argc, char **argv, bool target)
{
	struct xen_domctl_getdomaininfo info;
	uint64_t kib, other = 0, limit;
	struct pvctl h;
	int domid, rc = 1;

	if (argc != 3)
		return pvctl_usage();
	if (pvctl_memsize_parse(argv[2], &kib) < 0)
		return pvctl_err("bad memory size '%s': a number with an optional unit b, k, m, g "
				 "or t (default m)",
				 argv[2]);
	if (ctl_open(&h, true))
		return 1;
	domid = ctl_domain(&h, argv[1], &info);
	if (domid < 0)
		goto out;
	if (read_mem_node((uint32_t)domid, target ? "static-max" : "target", &other))
		goto out;
	if (target && kib > other) {
		pvctl_err("%" PRIu64 " KiB is above %s's static maximum (%" PRIu64
			  " KiB): raise it first with mem-max",
			  kib, argv[1], other);
		goto out;
	}
	if (!target && kib < other) {
		pvctl_err("%" PRIu64 " KiB is below %s's memory target (%" PRIu64
			  " KiB): lower it first with mem-set",
			  kib, argv[1], other);
		goto out;
	}
	limit = (target ? other : kib) + MAXMEM_SLACK_KIB;
	if (pvctl_domain_set_maxmem(&h, (uint32_t)domid, limit) < 0) {
		pvctl_err("%s", pvctl_error(&h));
		goto out;
	}
	if (write_mem_node((uint32_t)domid, target ? "target" : "static-max", kib))
		goto out;
	rc = 0;
out:
	pvctl_close(&h);
	return rc;
}

int cmd_mem_max(int argc, char **argv)
{
	return mem_cmd(argc, argv, false);
}

int cmd_mem_set(int argc, char **argv)
{
	return mem_cmd(argc, argv, true);
}
