// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvctl block-attach, block-detach, block-list, network-attach,
 * network-detach, network-list (docs/pvctl-devices.md): a running
 * domain's disks and vifs, as xl's commands of the same names, through
 * libpvctl's device.c. A spec is checked as a config file's entry would
 * be (config.c) before anything is done.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ctl-cmds.h"
#include "device.h"
#include "libpvctl.h"
#include "pvctl.h"

/* The arguments from argv[first] on, joined with commas (xl takes a spec in pieces). */
static int join_spec(int argc, char **argv, int first, char *out, size_t size)
{
	size_t used = 0;

	out[0] = 0;
	for (int i = first; i < argc; i++) {
		int n = snprintf(out + used, size - used, "%s%s", used ? "," : "", argv[i]);

		if (n < 0 || (size_t)n >= size - used)
			return pvctl_err("the spec is too long");
		used += (size_t)n;
	}
	return 0;
}

/* The running domain spec names (not dom0): its id, or -1 after the error line. */
static int guest_domain(struct pvctl *h, const char *spec)
{
	struct xen_domctl_getdomaininfo info;
	int domid;

	if (ctl_open(h, true))
		return -1;
	domid = ctl_domain(h, spec, &info);
	if (domid == 0) {
		pvctl_err("dom0's devices are its own: name a guest");
		return -1;
	}
	return domid;
}

void device_specs(const struct pvctl_config *c, struct pvctl_disk_spec *disks,
		  struct pvctl_nic_spec *nics)
{
	for (unsigned int i = 0; i < c->nr_disks; i++) {
		disks[i].target = c->disks[i].target;
		disks[i].vdev = c->disks[i].vdev;
		disks[i].readonly = c->disks[i].readonly;
		disks[i].cdrom = c->disks[i].cdrom;
	}
	for (unsigned int i = 0; i < c->nr_vifs; i++) {
		memset(&nics[i], 0, sizeof(nics[i]));
		snprintf(nics[i].mac, sizeof(nics[i].mac), "%s", c->vifs[i].mac);
		nics[i].bridge = c->vifs[i].bridge;
		nics[i].ip = c->vifs[i].ip;
		nics[i].script = c->vifs[i].script;
	}
}

/*
 * block-attach and network-attach: DOMAIN SPEC..., the spec checked into
 * cfg as its one disk or vif, then the domain opened: its id, or -1 after
 * the error line.
 */
static int attach_args(int argc, char **argv, bool vif, struct pvctl_config *cfg,
		       struct pvctl *h)
{
	char spec[PATH_MAX + 256];

	if (argc < (vif ? 2 : 3)) {
		pvctl_usage();
		return -1;
	}
	if (join_spec(argc, argv, 2, spec, sizeof(spec)))
		return -1;
	if (pvctl_config_parse_device(cfg, argv[0], vif, spec)) {
		pvctl_err("%s", cfg->error);
		return -1;
	}
	if (cfg->warnings[0])
		fputs(cfg->warnings, stderr);
	return guest_domain(h, argv[1]);
}

int cmd_block_attach(int argc, char **argv)
{
	static struct pvctl_config cfg;
	struct pvctl_disk_spec d;
	struct pvctl_nic_spec unused;
	struct pvctl h;
	int domid = attach_args(argc, argv, false, &cfg, &h);

	if (domid < 0)
		return 1;
	device_specs(&cfg, &d, &unused);
	if (pvctl_devices_add(&h, (uint32_t)domid, &d, 1, NULL, 0, NULL))
		return pvctl_err("%s", pvctl_error(&h));
	return 0;
}

int cmd_network_attach(int argc, char **argv)
{
	static struct pvctl_config cfg;
	struct pvctl_disk_spec unused;
	struct pvctl_nic_spec n;
	struct pvctl h;
	uint32_t devid;
	int domid = attach_args(argc, argv, true, &cfg, &h);

	if (domid < 0)
		return 1;
	device_specs(&cfg, &unused, &n);
	pvctl_nic_next_devid(&h, (uint32_t)domid, &devid);
	if (pvctl_devices_add(&h, (uint32_t)domid, NULL, 0, &n, 1, &devid))
		return pvctl_err("%s", pvctl_error(&h));
	return 0;
}

int cmd_block_detach(int argc, char **argv)
{
	struct pvctl h;
	bool force = false;
	uint32_t devid;
	int opt, domid;

	opterr = 0;
	while ((opt = getopt(argc, argv, "+f")) != -1) {
		if (opt != 'f')
			return pvctl_bad_option(argc, argv);
		force = true;
	}
	if (argc - optind != 2)
		return pvctl_usage();
	if (pvctl_vdev_devid(argv[optind + 1], &devid))
		return pvctl_err("\"%s\" is not a virtual disk (xvda, 51712...)", argv[optind + 1]);
	domid = guest_domain(&h, argv[optind]);
	if (domid < 0)
		return 1;
	if (pvctl_device_remove(&h, (uint32_t)domid, "vbd", devid, force))
		return pvctl_err("%s", pvctl_error(&h));
	return 0;
}

int cmd_network_detach(int argc, char **argv)
{
	static struct pvctl_device_info devs[64];
	struct pvctl h;
	const char *which;
	char *end;
	long devid = -1;
	int domid, n, rc;

	if (argc != 3)
		return pvctl_usage();
	domid = guest_domain(&h, argv[1]);
	if (domid < 0)
		return 1;
	which = argv[2];
	if (strchr(which, ':')) {
		/* A MAC: the vif that has it. */
		n = pvctl_device_list(&h, (uint32_t)domid, "vif", devs, 64);
		for (int i = 0; i < n; i++)
			if (!strcasecmp(devs[i].what, which))
				devid = devs[i].devid;
	} else {
		devid = strtol(which, &end, 10);
		if (*end || end == which || devid < 0)
			devid = -1;
	}
	if (devid < 0)
		return pvctl_err("d%d has no vif %s (an index or a MAC address)", domid, which);
	/* As xl (libxl's FORCE_AUTO): a guest that does not let go in time is forced. */
	rc = pvctl_device_remove(&h, (uint32_t)domid, "vif", (uint32_t)devid, false);
	if (rc == -EBUSY)
		rc = pvctl_device_remove(&h, (uint32_t)domid, "vif", (uint32_t)devid, true);
	if (rc)
		return pvctl_err("%s", pvctl_error(&h));
	return 0;
}

/* block-list and network-list: xl's columns, for each domain named. */
static int list(int argc, char **argv, const char *kind)
{
	static struct pvctl_device_info devs[64];
	struct xen_domctl_getdomaininfo info;
	bool vbd = !strcmp(kind, "vbd");
	struct pvctl h;
	int rc = 0;

	if (argc < 2)
		return pvctl_usage();
	if (ctl_open(&h, true))
		return 1;
	if (vbd)
		printf("%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n", "Vdev", "BE", "handle", "state",
		       "evt-ch", "ring-ref", "BE-path");
	else
		printf("%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx", "BE", "Mac Addr.",
		       "handle", "state", "evt-ch", "tx-", "rx-ring-ref", "BE-path");
	for (int a = 1; a < argc; a++) {
		int domid = ctl_domain(&h, argv[a], &info), n;

		if (domid < 0) {
			rc = 1;
			continue;
		}
		n = pvctl_device_list(&h, (uint32_t)domid, kind, devs, 64);
		if (n < 0) {
			rc = pvctl_err("%s", pvctl_error(&h));
			continue;
		}
		for (int i = 0; i < n; i++) {
			const struct pvctl_device_info *d = &devs[i];

			if (vbd)
				printf("%-5u %-3d %-6d %-5d %-6d %-8s %-30s\n", d->devid, 0, domid,
				       d->fe_state, d->evtchn, d->rings, d->be_path);
			else
				printf("%-3u %-2d %-17s %6u %5d %6d %11s %-30s\n", d->devid, 0,
				       d->what, d->devid, d->fe_state, d->evtchn, d->rings,
				       d->be_path);
		}
	}
	return rc;
}

int cmd_block_list(int argc, char **argv)
{
	return list(argc, argv, "vbd");
}

int cmd_network_list(int argc, char **argv)
{
	return list(argc, argv, "vif");
}
