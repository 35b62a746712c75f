/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libpvctl's domain lifecycle (lifecycle.c): create a PV domain from a
 * spec (hypervisor, builder, xenstore, unpause), destroy one, ask one to
 * shut down, and watch one for the toolstack's on_poweroff/on_reboot/
 * on_crash actions. Needs xs_connect() done. Nothing is half-made: a
 * create that fails destroys what it made and removes its xenstore
 * entries; h's error line names the step.
 */
#ifndef LIBPVCTL_LIFECYCLE_H
#define LIBPVCTL_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "device.h"
#include "libpvctl.h"

/* What to do when a domain stops (xl.cfg's on_poweroff=... values). */
enum pvctl_stop_action {
	PVCTL_STOP_DESTROY,
	PVCTL_STOP_RESTART,
	PVCTL_STOP_PRESERVE,
};

struct pvctl_domain_spec {
	const char *name;
	uint8_t uuid[16];
	const char *kernel;  /* path: ELF or bzImage */
	const char *ramdisk; /* path, NULL or "" for none */
	const char *cmdline;
	uint64_t memory_mib, maxmem_mib;
	unsigned int vcpus, max_vcpus; /* online at boot, and the most */
	const uint64_t *cpumap;	       /* hard affinity of every vCPU, NULL for all pCPUs */
	unsigned int cpumap_words;
	unsigned int weight, cap; /* credit scheduler; 0 leaves the default */
	/* Indexed by SHUTDOWN_poweroff, _reboot, _suspend, _crash, _watchdog. */
	enum pvctl_stop_action on_stop[5];
	/* Devices (device.h), added before the domain is unpaused; empty MACs filled in. */
	const struct pvctl_disk_spec *disks;
	unsigned int nr_disks;
	struct pvctl_nic_spec *nics;
	unsigned int nr_nics;
};

/* Creates, builds and unpauses the domain; its id in *domid. */
int pvctl_create(struct pvctl *h, const struct pvctl_domain_spec *s, uint32_t *domid);

/*
 * Pauses the domain, removes its devices (their backends closed, loop
 * devices and bridge ports undone), then XEN_DOMCTL_destroydomain
 * (retried while Xen says -EAGAIN/-ERESTART); then the domain's xenstore
 * entries go and the daemon is told (XS_RELEASE). -ESRCH if there is no
 * such domain.
 */
int pvctl_destroy(struct pvctl *h, uint32_t domid);

/* Writes control/shutdown ("poweroff", "reboot") as xl does. */
int pvctl_shutdown(struct pvctl *h, uint32_t domid, const char *reason);

/*
 * The domain's state: 0 running (or paused), 1 shut down (reason in
 * *reason, SHUTDOWN_*), 2 gone or dying; < 0 on error.
 */
int pvctl_domain_state(struct pvctl *h, uint32_t domid, unsigned int *reason);

/*
 * Watches domid until it stops and applies s->on_stop (a restart
 * creates it again and watches the new one); returns when the domain is
 * gone or preserved. log receives one line per event. Run in the
 * monitor process cmd_create forks.
 */
int pvctl_monitor(struct pvctl *h, const struct pvctl_domain_spec *s, uint32_t domid,
		  void (*log)(const char *fmt, ...));

#endif /* LIBPVCTL_LIFECYCLE_H */
