// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvctl: an xl-like command line for PV domains, run in dom0. main()
 * finds the command in one table (name, handler, usage, summary) and runs
 * it; `pvctl help` and every usage message come from the same table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl-cmds.h"
#include "pvctl.h"

const char *pvctl_cmd = "";
bool pvctl_verbose;
static struct timespec start;

void pvctl_verbose_note(const char *line)
{
	struct timespec now;
	long long us;

	clock_gettime(CLOCK_MONOTONIC, &now);
	us = (now.tv_sec - start.tv_sec) * 1000000LL + (now.tv_nsec - start.tv_nsec) / 1000;
	fprintf(stderr, "pvctl %s: [%4lld.%03lld ms] %s\n", pvctl_cmd, us / 1000, us % 1000, line);
}

static const struct pvctl_command commands[] = {
	{"help", cmd_help, "[COMMAND]", "this list, or one command's usage"},
	{"create", cmd_create, "[-c] [-n] FILE [KEY=VALUE...]",
	 "create a PV domain from an xl.cfg or XML file (-c: attach its console, -n: print "
	 "the config as JSON and stop)"},
	{"destroy", cmd_destroy, "DOMAIN", "destroy a domain at once"},
	{"shutdown", cmd_shutdown, "[-w] DOMAIN", "ask a domain to power off (-w: wait for it)"},
	{"reboot", cmd_reboot, "[-w] DOMAIN", "ask a domain to reboot (-w: wait for it to stop)"},
	{"console", cmd_console, "DOMAIN", "attach to a domain's console (Ctrl-] leaves)"},
	{"block-attach", cmd_block_attach, "DOMAIN DISK-SPEC...",
	 "give a running domain a disk (xl's disk spec, e.g. vdev=xvdb,target=/a.img)"},
	{"block-detach", cmd_block_detach, "[-f] DOMAIN VDEV",
	 "take a disk back once the guest lets go (-f: without waiting)"},
	{"block-list", cmd_block_list, "DOMAIN...", "a domain's disks, as xl block-list"},
	{"network-attach", cmd_network_attach, "DOMAIN [mac=MAC] [bridge=BRIDGE] [ip=IP]...",
	 "give a running domain a vif on a dom0 bridge"},
	{"network-detach", cmd_network_detach, "DOMAIN INDEX|MAC", "remove one of a domain's vifs"},
	{"network-list", cmd_network_list, "DOMAIN...", "a domain's vifs, as xl network-list"},
	{"list", cmd_list, "[-l] [--json] [DOMAIN...]", "the domains, as xl list (-l: UUIDs, reasons)"},
	{"info", cmd_info, "[--json]", "the host and the hypervisor, as xl info"},
	{"dmesg", cmd_dmesg, "[-c]", "the hypervisor's console ring (-c: clear it after)"},
	{"pause", cmd_pause, "DOMAIN", "stop a domain's vCPUs"},
	{"unpause", cmd_unpause, "DOMAIN", "let a paused domain run again"},
	{"vcpu-list", cmd_vcpu_list, "[--json] [DOMAIN...]", "vCPUs: pCPU, state, time, affinity"},
	{"vcpu-pin", cmd_vcpu_pin, "DOMAIN VCPU|all HARD [SOFT]",
	 "set hard and soft affinity (CPU lists: 0-3,^2 or all; - leaves one as it is)"},
	{"sched-credit", cmd_sched_credit, "[-d DOMAIN [-w WEIGHT] [-c CAP]] [--json]",
	 "credit scheduler weight and cap: show or set"},
	{"mem-max", cmd_mem_max, "DOMAIN MEM", "a domain's maximum memory (MEM: 512, 512m, 1g...)"},
	{"mem-set", cmd_mem_set, "DOMAIN MEM", "a domain's memory target, for its balloon driver"},
	{"top", cmd_top, "[-b] [-d SECONDS] [-i ITERATIONS] [--json]",
	 "per-domain CPU and memory, refreshed (-b: batch)"},
	{"trace", cmd_trace, "[-o FILE] [-t SECONDS] [--json]",
	 "record the hypervisor's trace buffers; a summary"},
	{"perfc", cmd_perfc, "[-r] [--json] [PREFIX...]",
	 "xen-like's performance counters, summed over CPUs (-r: reset them)"},
};
#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct pvctl_command *find_command(const char *name)
{
	for (unsigned int i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int pvctl_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pvctl%s%s: ", *pvctl_cmd ? " " : "", pvctl_cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int pvctl_usage(void)
{
	const struct pvctl_command *c = find_command(pvctl_cmd);

	if (c)
		fprintf(stderr, "usage: pvctl %s %s\n", c->name, c->usage);
	return 1;
}

int pvctl_bad_option(int argc, char **argv)
{
	/* getopt names a bad short option in optopt; a long one is the word it passed. */
	if (optopt)
		return pvctl_err("bad option '-%c' (`pvctl help %s` shows the usage)", optopt,
				 pvctl_cmd);
	if (optind > 1 && optind <= argc && argv[optind - 1][0] == '-')
		return pvctl_err("bad option '%s' (`pvctl help %s` shows the usage)",
				 argv[optind - 1], pvctl_cmd);
	return pvctl_err("a bad option (`pvctl help %s` shows the usage)", pvctl_cmd);
}

int cmd_help(int argc, char **argv)
{
	const struct pvctl_command *c;

	if (argc > 2)
		return pvctl_usage();
	if (argc == 2) {
		c = find_command(argv[1]);
		if (!c)
			return pvctl_err("no command '%s'; `pvctl help` lists them", argv[1]);
		printf("usage: pvctl %s %s\n  %s\n", c->name, c->usage, c->summary);
		return 0;
	}
	printf("usage: pvctl [-v] COMMAND [ARGS...]\n  -v: each step of the command on stderr, "
	       "with the milliseconds since pvctl started\n\ncommands:\n");
	for (unsigned int i = 0; i < NR_COMMANDS; i++)
		printf("  %-14s %s\n", commands[i].name, commands[i].summary);
	return 0;
}

int main(int argc, char **argv)
{
	const struct pvctl_command *c;

	clock_gettime(CLOCK_MONOTONIC, &start);
	if (argc >= 2 && !strcmp(argv[1], "-v")) {
		pvctl_verbose = true;
		argv[1] = argv[0];
		argc--;
		argv++;
	}
	if (argc < 2) {
		cmd_help(1, argv);
		return 1;
	}
	c = find_command(argv[1]);
	if (!c) {
		pvctl_cmd = "";
		return pvctl_err("unknown command '%s'; `pvctl help` lists them", argv[1]);
	}
	pvctl_cmd = c->name;
	return c->run(argc - 1, argv + 1);
}
