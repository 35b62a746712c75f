// SPDX-License-Identifier: GPL-2.0-only
/*
 * lx-privcmd: a hypercall from dom0's user space through /dev/xen/privcmd.
 * Asks xen_version(XENVER_version) and expects the ABI level, 4.17
 * (0x40011), which both Xen 4.17 and xen-like report. Exit 0 and one
 * "ok" line, or a "Fail:" line and exit 1.
 */
#include <public/xen.h>
#include <public/version.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "xen-ioctl.h"

#define EXPECTED_VERSION ((4 << 16) | 17)

int main(void)
{
	struct privcmd_hypercall call = {
		.op = __HYPERVISOR_xen_version,
		.arg = {XENVER_version, 0},
	};
	int fd, rc;

	fd = open("/dev/xen/privcmd", O_RDWR);
	if (fd < 0) {
		printf("Fail: open /dev/xen/privcmd: expected a descriptor, got %s\n",
		       strerror(errno));
		return 1;
	}
	rc = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);
	close(fd);
	if (rc < 0) {
		printf("Fail: privcmd xen_version(XENVER_version): expected 0x%x, got error %s\n",
		       EXPECTED_VERSION, strerror(errno));
		return 1;
	}
	if (rc != EXPECTED_VERSION) {
		printf("Fail: privcmd xen_version(XENVER_version): expected 0x%x, got 0x%x\n",
		       EXPECTED_VERSION, rc);
		return 1;
	}
	printf("ok: privcmd: xen_version(XENVER_version) = 0x%x\n", rc);
	return 0;
}
