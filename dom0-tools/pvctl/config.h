/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvctl's domain configuration: what an xl.cfg file (config-xl.c) or a
 * libvirt-style domain XML file (config-xml.c) says, in one checked form
 * that the rest of pvctl acts on. Both parsers fill the same struct and
 * apply the same defaults and checks (config.c), so a domain means the
 * same whichever syntax described it.
 *
 * Errors: a parser returns 0, or -EINVAL (bad content) / -errno (the file
 * could not be read) and leaves one line in cfg->error naming
 * file:line:key (xl.cfg) or file:line: element path (XML), the value, what
 * was expected and a hint. Warnings (unknown keys) are collected in
 * cfg->warnings, one per line, each naming file:line.
 */
#ifndef PVCTL_CONFIG_H
#define PVCTL_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define PVCTL_NAME_MAX 64	/* a domain name, NUL included */
#define PVCTL_CMDLINE_MAX 1024	/* MAX_GUEST_CMDLINE in xen.h */
#define PVCTL_MAX_VCPUS 128
#define PVCTL_MAX_DEVICES 16	/* disks, and vifs, per domain */
#define PVCTL_CPUMAP_WORDS 4	/* 256 pCPUs */
#define PVCTL_CONFIG_ERR_MAX 512

/* What happens when a domain powers off, reboots, crashes (xl.cfg's names). */
enum pvctl_action {
	PVCTL_ACTION_DESTROY,
	PVCTL_ACTION_RESTART,
	PVCTL_ACTION_RENAME_RESTART,
	PVCTL_ACTION_PRESERVE,
	PVCTL_ACTION_COREDUMP_DESTROY,
	PVCTL_ACTION_COREDUMP_RESTART,
	PVCTL_ACTION_SOFT_RESET,
};

/* One disk=[...] entry or <disk>; parsed and checked, acted on later. */
struct pvctl_disk {
	char target[PATH_MAX];	/* a file, block device or partition */
	char vdev[16];		/* xvda, xvdb1, ... */
	char format[16];	/* "raw" */
	char backendtype[16];	/* "phy" */
	bool readonly;		/* access=ro */
	bool cdrom;		/* devtype=cdrom */
	int line;		/* where it was written */
};

/* One vif=[...] entry or <interface>. */
struct pvctl_vif {
	char mac[18];		/* "00:16:3e:xx:xx:xx", "" for a random one */
	char bridge[64];	/* "" for the default, xenbr0 */
	char ip[64];
	char script[PATH_MAX];
	int line;
};

struct pvctl_config {
	char source[PATH_MAX];	/* the file it came from */
	bool is_xml;

	char name[PVCTL_NAME_MAX];
	uint8_t uuid[16];
	bool has_uuid;		/* otherwise the builder makes a random one */

	char kernel[PATH_MAX];	/* an ELF PV kernel or a bzImage */
	char ramdisk[PATH_MAX];	/* "" for none */
	char cmdline[PVCTL_CMDLINE_MAX]; /* cmdline, or root= and extra= joined as xl does */

	uint64_t memory_mib;	/* memory=, default 128 as xl's PV default */
	uint64_t maxmem_mib;	/* maxmem=, default memory_mib, never below it */
	unsigned int vcpus;	/* vcpus=, online at boot, default 1 */
	unsigned int maxvcpus;	/* maxvcpus=, default vcpus */
	uint64_t cpumap[PVCTL_CPUMAP_WORDS]; /* cpus=: hard affinity */
	bool has_cpumap;	/* false: every pCPU */
	/*
	 * cpus=["2", "3-4"] (xl's list form): vCPU i < nr_vcpu_cpumaps is
	 * pinned to vcpu_cpumap[i], the others to every pCPU; cpumap is then
	 * the union of the list. 0 when cpus= is one string: cpumap applies
	 * to every vCPU.
	 */
	uint64_t vcpu_cpumap[PVCTL_MAX_VCPUS][PVCTL_CPUMAP_WORDS];
	unsigned int nr_vcpu_cpumaps;
	unsigned int cpu_weight; /* cpu_weight=, 1..65535, default 256 */
	unsigned int cap;	/* cap=, percent of one pCPU, 0 for none */

	enum pvctl_action on_poweroff; /* default destroy */
	enum pvctl_action on_reboot;   /* default restart */
	enum pvctl_action on_crash;    /* default destroy */
	enum pvctl_action on_watchdog; /* default destroy */

	struct pvctl_disk disks[PVCTL_MAX_DEVICES];
	unsigned int nr_disks;
	struct pvctl_vif vifs[PVCTL_MAX_DEVICES];
	unsigned int nr_vifs;

	char error[PVCTL_CONFIG_ERR_MAX];
	char warnings[4 * PVCTL_CONFIG_ERR_MAX];

	/* What the parsers keep so that overrides and the checks can redo their work: */
	struct pvctl_config_state {
		char root[PVCTL_CMDLINE_MAX];	/* root= and extra=, joined at the end */
		char extra[PVCTL_CMDLINE_MAX];
		bool has_cmdline, has_root, has_extra;
		bool has_maxmem, has_maxvcpus;
		bool cpumap_all;	/* cpus= said "all": absent pCPUs are not an error */
		/* Where each key was set, by enum pvctl_key (config.c); -1: an override. */
		int line[32];
	} st;
};

/* Reads path and parses it as XML if it starts with '<', else as xl.cfg. */
int pvctl_config_load(const char *path, struct pvctl_config *cfg);
/* The same from memory (unit tests, fuzzing); source names it in messages. */
int pvctl_config_parse_xl(const char *source, const char *text, size_t len,
			  struct pvctl_config *cfg);
int pvctl_config_parse_xml(const char *source, const char *text, size_t len,
			   struct pvctl_config *cfg);
/*
 * An xl-style override "KEY=VALUE" (pvctl create FILE KEY=VALUE...),
 * applied after the file as a line of xl.cfg would be; the checks run again.
 */
int pvctl_config_override(struct pvctl_config *cfg, const char *assignment);
/*
 * One disk or vif spec in xl's syntax, as pvctl block-attach and
 * network-attach take it: into cfg (cleared first) as its only disk or
 * vif, with a config entry's checks; errors name source ("block-attach:disk: ...").
 */
int pvctl_config_parse_device(struct pvctl_config *cfg, const char *source, bool vif,
			      const char *spec);
/*
 * Checks that need the host (the kernel and ramdisk readable, the CPUs of
 * cpus= present: nr_cpus from physinfo, 0 to skip that check).
 */
int pvctl_config_check_host(struct pvctl_config *cfg, unsigned int nr_cpus);

/* xl.cfg's name of an action ("destroy", "restart", ...). */
const char *pvctl_action_name(enum pvctl_action a);

/*
 * The domain a checked config describes, as one JSON object on out
 * (pvctl create -n; schema in docs/pvctl-config.md). Returns 0 or -EIO.
 */
int pvctl_config_to_json(const struct pvctl_config *cfg, FILE *out);

#endif /* PVCTL_CONFIG_H */
