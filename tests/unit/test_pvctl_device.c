// SPDX-License-Identifier: GPL-2.0-only
/*
 * libpvctl's device numbers (dom0-tools/libpvctl/device.c): a vdev name
 * to the number libxl 4.17 gives it (libxl__device_disk_dev_number),
 * which is the frontend's virtual-device and the directory name in
 * xenstore, so it must match xl's for the same config.
 */
#include <errno.h>

#include "unit.h"

#include "device.h"

static void vdev(const char *name, long want)
{
	uint32_t got = 0;
	int rc = pvctl_vdev_devid(name, &got);

	if (want < 0)
		CHECK(rc == -EINVAL, "vdev '%s': %d (devid %u), want -EINVAL", name, rc, got);
	else
		CHECK(!rc && got == (uint32_t)want, "vdev '%s': rc %d, devid %u, want %ld", name, rc,
		      got, want);
}

int main(void)
{
	/* xvd: (202 << 8) | disk << 4 | part while both are below 16. */
	vdev("xvda", 51712);
	vdev("xvda1", 51713);
	vdev("xvdb", 51728);
	vdev("xvdc", 51744);
	vdev("xvdd", 51760);
	vdev("xvdp", 51952);
	vdev("xvdp15", 51967);
	/* Past that, the extended form (1 << 28) | disk << 8 | part. */
	vdev("xvdq", 268439552);
	vdev("xvda16", (1L << 28) | 16);
	vdev("xvdaa", (1L << 28) | (26 << 8));
	vdev("xvdba", (1L << 28) | (52 << 8));
	vdev("xvdzz", (1L << 28) | (701 << 8));
	vdev("xvda255", (1L << 28) | 255);
	/* dNpM is the same numbering. */
	vdev("d0", 51712);
	vdev("d1p2", 51730);
	vdev("d16", (1L << 28) | (16 << 8));
	/* IDE and SCSI names. */
	vdev("hda", 3 << 8);
	vdev("hdb", (3 << 8) | 64);
	vdev("hdc", 22 << 8);
	vdev("hdd1", (22 << 8) | 64 | 1);
	vdev("sda", 8 << 8);
	vdev("sdb2", (8 << 8) | 16 | 2);
	/* A number is taken as it is. */
	vdev("51712", 51712);
	vdev("0", 0);
	/* Refused. */
	vdev("", -1);
	vdev("xvd", -1);
	vdev("xvdA", -1);
	vdev("xvda0", -1);
	vdev("xvda01", -1);
	vdev("xvda256", -1);
	vdev("xvda1x", -1);
	vdev("hde", -1);
	vdev("sdq", -1);
	vdev("vda", -1);
	vdev("-1", -1);
	vdev("99999999999", -1);
	vdev("d", -1);
	vdev("d1q", -1);
	return unit_report("pvctl_device");
}
