// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvctl perfc (docs/pvctl-commands.md): xen-like's performance counters,
 * read through XEN_SYSCTL_xl_perfc_op (summed over CPUs): one line per
 * counter, its name and its values, for scripts such as
 * tests/linux/dev-bench.sh that read them before and after some work.
 * Xen 4.17 has no such counters: the command says so and fails.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl-cmds.h"
#include "json.h"
#include "pvctl.h"

/* Whether @name starts with one of @prefixes[0..@nr) (every name when @nr is 0). */
static bool wanted(const char *name, char **prefixes, int nr)
{
	if (!nr)
		return true;
	for (int i = 0; i < nr; i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

int cmd_perfc(int argc, char **argv)
{
	static const struct option longs[] = {{"reset", no_argument, NULL, 'r'},
					      {"json", no_argument, NULL, 'j'},
					      {0}};
	struct xen_sysctl_xl_perfc_desc *descs;
	bool json = false, reset = false;
	uint64_t *vals;
	struct pvctl h;
	struct json j;
	int c, n, rc = 1;
	uint64_t at = 0;

	ctl_opts_reset();
	while ((c = ctl_next_opt(argc, argv, "+r", longs, &json)) != -1) {
		if (c != 'r')
			return 1;
		reset = true;
	}
	if (reset && (json || optind != argc))
		return pvctl_usage();
	if (ctl_open(&h, false))
		return 1;
	if (reset) {
		c = pvctl_xlperfc_reset(&h);
		n = c;
	} else {
		n = pvctl_xlperfc_query(&h, &descs, &vals);
	}
	if (n == -ENOSYS || n == -EOPNOTSUPP) {
		pvctl_err("this hypervisor has no performance counters (XEN_SYSCTL_xl_perfc_op is xen-like's)");
		goto out;
	}
	if (n < 0) {
		pvctl_err("%s", pvctl_error(&h));
		goto out;
	}
	rc = 0;
	if (reset)
		goto out;
	if (json) {
		json_init(&j, stdout);
		json_array_begin(&j, NULL);
	}
	for (int i = 0; i < n; i++) {
		if (wanted(descs[i].name, argv + optind, argc - optind)) {
			if (json) {
				json_object_begin(&j, NULL);
				json_string(&j, "name", descs[i].name);
				json_array_begin(&j, "values");
				for (uint32_t k = 0; k < descs[i].nr_vals; k++)
					json_uint(&j, NULL, vals[at + k]);
				json_array_end(&j);
				json_object_end(&j);
			} else {
				fputs(descs[i].name, stdout);
				for (uint32_t k = 0; k < descs[i].nr_vals; k++)
					printf(" %" PRIu64, vals[at + k]);
				putchar('\n');
			}
		}
		at += descs[i].nr_vals;
	}
	if (json) {
		json_array_end(&j);
		json_finish(&j);
	}
	free(descs);
	free(vals);
out:
	pvctl_close(&h);
	return rc;
}
