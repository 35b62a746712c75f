/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvctl's inspection and control commands (cmd-domain.c, cmd-info.c,
 * cmd-top.c, cmd-trace.c, cmd-perfc.c; docs/pvctl-commands.md) and the helpers they
 * share: opening the hypervisor and the xenstore, naming a domain, the
 * --json switch.
 */
#ifndef PVCTL_CTL_CMDS_H
#define PVCTL_CTL_CMDS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "device.h"
#include "libpvctl.h"

int cmd_list(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_dmesg(int argc, char **argv);
int cmd_pause(int argc, char **argv);
int cmd_unpause(int argc, char **argv);
int cmd_vcpu_list(int argc, char **argv);
int cmd_vcpu_pin(int argc, char **argv);
int cmd_sched_credit(int argc, char **argv);
int cmd_mem_max(int argc, char **argv);
int cmd_mem_set(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_perfc(int argc, char **argv);

/* A checked config's disks and vifs as libpvctl's device specs (pointing into c). */
void device_specs(const struct pvctl_config *c, struct pvctl_disk_spec *disks,
		  struct pvctl_nic_spec *nics);

/* Starts reading a command's options: getopt from argv[1], its own messages off. */
void ctl_opts_reset(void);
/*
 * getopt_long for a command: '?' (an unknown option or a missing
 * argument) is reported once, in pvctl's form ("bad option '-x'"); with
 * json, --json (long option 'j') sets *json and is not returned.
 */
int ctl_next_opt(int argc, char **argv, const char *short_opts, const struct option *long_opts,
		 bool *json);
/*
 * The current option's argument (optarg) as seconds, decimals allowed,
 * in [min, max]: 0, or 1 (the exit status) after the error line
 * ("bad delay '0': seconds from 0.1 to 3600").
 */
int ctl_seconds_arg(const char *what, double min, double max, double *out);
/*
 * Opens the hypervisor (and, with xs, the xenstore): 0, or 1 (the exit
 * status) after the error line.
 */
int ctl_open(struct pvctl *h, bool xs);
/*
 * The domain named by spec (an id or a name) with its getdomaininfo: its
 * id, or -1 after the error line ("no domain named 'x'", "no domain
 * with id 7").
 */
int ctl_domain(struct pvctl *h, const char *spec, struct xen_domctl_getdomaininfo *info);
/*
 * The domains named by specs[0..nr_specs) (all of them, in id order, if
 * nr_specs is 0) into *out (malloc'd): their number, or -1 after the
 * error line.
 */
int ctl_domains(struct pvctl *h, int nr_specs, char **specs, struct xen_domctl_getdomaininfo **out);
/* A domain's xenstore name, "(null)" as xl when it has none. */
void ctl_domain_name(struct pvctl *h, uint32_t domid, char *name, size_t size);
/* xl list's state letters ("r-----") of flags, into s[7]. */
void ctl_state_letters(uint32_t flags, char *s);
/* The handle as a UUID string, into s[37]. */
void ctl_uuid(const uint8_t *handle, char *s);

#endif /* PVCTL_CTL_CMDS_H */
