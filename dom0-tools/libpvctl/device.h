/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libpvctl's split-driver devices (device.c; docs/pvctl-devices.md): a
 * PV domU's virtual disks (vbd) and network interfaces (vif), served by
 * dom0's Linux backends, xen-blkback and xen-netback. pvctl writes both
 * ends in xenstore as Xen 4.17's libxl does (so Linux's drivers and xl
 * see the same layout) and does the hotplug work itself, without
 * scripts: a loop device for a file-backed disk, the vif onto its
 * bridge. Removing a device closes it in libxl's order: the backend
 * closes, its hotplug is undone, then its xenstore entries go.
 *
 * Needs xs_connect() done. Errors: negative errno with h's error line
 * naming the device ("d5 xvda: /img: No such file or directory"); an add
 * that fails undoes what it did.
 */
#ifndef LIBPVCTL_DEVICE_H
#define LIBPVCTL_DEVICE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "libpvctl.h"

#define PVCTL_DEFAULT_BRIDGE "xenbr0"

/* A virtual disk: the checked form of one disk=[...] entry. */
struct pvctl_disk_spec {
	const char *target; /* a regular file (loop-mounted) or a block device */
	const char *vdev;   /* xvda, xvdb1, ... (libxl's names) */
	bool readonly, cdrom;
};

/* A network interface: one vif=[...] entry. */
struct pvctl_nic_spec {
	char mac[18];	    /* 00:16:3e:xx:xx:xx; "" for a random one, filled in */
	const char *bridge; /* NULL or "" for xenbr0 */
	const char *ip;	    /* NULL or "" for none; written for the guest to read */
	const char *script; /* the backend's script node; NULL for libxl's vif-bridge */
};

/* What pvctl_device_list() reports of one device. */
struct pvctl_device_info {
	char kind[4];	       /* "vbd" or "vif" */
	uint32_t devid;	       /* the vdev's number (vbd) or the index (vif) */
	int be_state, fe_state; /* XenbusState*, -1 when the node is missing */
	int evtchn;	       /* the frontend's event-channel, -1 if none yet */
	char rings[32];	       /* ring-ref, or tx-ring-ref/rx-ring-ref; "-1" if none */
	char what[PATH_MAX];	       /* vbd: the target (params); vif: the MAC */
	char be_path[96];
};

/*
 * The device number libxl gives vdev (libxl__device_disk_dev_number):
 * xvdX[N] as (202 << 8) | disk << 4 | part while disk and part are
 * below 16, else the extended (1 << 28) | disk << 8 | part; also hdX,
 * sdX, dNpM and plain numbers. -EINVAL if vdev is none of these.
 */
int pvctl_vdev_devid(const char *vdev, uint32_t *devid);

/*
 * Adds disks and nics to domid, which exists and is usually paused
 * (pvctl create) or running (block-attach, network-attach). nics[i].mac
 * is filled in where it was empty. nic_devids: each nic's index, or
 * NULL for 0, 1, ... Returns when every backend has probed (InitWait)
 * and its hotplug is done; the frontends connect when the guest runs.
 */
int pvctl_devices_add(struct pvctl *h, uint32_t domid, const struct pvctl_disk_spec *disks,
		      unsigned int nr_disks, struct pvctl_nic_spec *nics, unsigned int nr_nics,
		      const uint32_t *nic_devids);

/* The next free vif index of domid (libxl: one past the highest in use). */
int pvctl_nic_next_devid(struct pvctl *h, uint32_t domid, uint32_t *devid);

/*
 * Removes one device (kind "vbd" or "vif"). Without force the guest is
 * asked to let go and must (a mounted disk is refused: -EBUSY after
 * 10 s); with force its frontend is removed under it.
 */
int pvctl_device_remove(struct pvctl *h, uint32_t domid, const char *kind, uint32_t devid,
			bool force);

/* Removes every device of domid, forced (before XEN_DOMCTL_destroydomain). */
int pvctl_devices_destroy(struct pvctl *h, uint32_t domid);

/* Up to max devices of kind ("vbd", "vif", or NULL for both): how many. */
int pvctl_device_list(struct pvctl *h, uint32_t domid, const char *kind,
		      struct pvctl_device_info *out, unsigned int max);

#endif /* LIBPVCTL_DEVICE_H */
