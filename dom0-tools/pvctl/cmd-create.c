// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvctl create, destroy, shutdown, reboot and console (docs/pvctl.md).
 * create turns the checked config into a libpvctl domain spec, builds
 * the domain, and forks a monitor: a small detached process per domain
 * (xl keeps one too) that waits for the domain to stop and applies
 * on_poweroff/on_reboot/on_crash (destroy, restart, preserve). console
 * relays the pty the console daemon wrote to console/tty, as xl console.
 */
#include <public/sched.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "ctl-cmds.h"
#include "domain.h"
#include "libpvctl.h"
#include "lifecycle.h"
#include "pvctl.h"
#include "xs.h"

#define CTRL_RBRACKET 0x1d /* Ctrl-]: leave the console */
#define TTY_WAIT_MS 10000

static enum pvctl_stop_action stop_action(enum pvctl_action a)
{
	switch (a) {
	case PVCTL_ACTION_RESTART:
	case PVCTL_ACTION_RENAME_RESTART:
	case PVCTL_ACTION_COREDUMP_RESTART:
		return PVCTL_STOP_RESTART;
	case PVCTL_ACTION_PRESERVE:
		return PVCTL_STOP_PRESERVE;
	default:
		return PVCTL_STOP_DESTROY;
	}
}

static int random_uuid(uint8_t *u)
{
	if (pvctl_random(u, 16))
		return -EIO;
	u[6] = (u[6] & 0x0f) | 0x40; /* RFC 4122 version 4 */
	u[8] = (u[8] & 0x3f) | 0x80;
	return 0;
}

static void spec_from_config(struct pvctl_domain_spec *s, const struct pvctl_config *c)
{
	static struct pvctl_disk_spec disks[PVCTL_MAX_DEVICES];
	static struct pvctl_nic_spec nics[PVCTL_MAX_DEVICES];

	memset(s, 0, sizeof(*s));
	device_specs(c, disks, nics);
	s->disks = disks;
	s->nr_disks = c->nr_disks;
	s->nics = nics;
	s->nr_nics = c->nr_vifs;
	s->name = c->name;
	memcpy(s->uuid, c->uuid, sizeof(s->uuid));
	s->kernel = c->kernel;
	s->ramdisk = c->ramdisk;
	s->cmdline = c->cmdline;
	s->memory_mib = c->memory_mib;
	s->maxmem_mib = c->maxmem_mib;
	s->vcpus = c->vcpus;
	s->max_vcpus = c->maxvcpus;
	if (c->has_cpumap) {
		s->cpumap = c->cpumap;
		s->cpumap_words = PVCTL_CPUMAP_WORDS;
	}
	s->weight = c->cpu_weight;
	s->cap = c->cap;
	s->on_stop[SHUTDOWN_poweroff] = stop_action(c->on_poweroff);
	s->on_stop[SHUTDOWN_reboot] = stop_action(c->on_reboot);
	s->on_stop[SHUTDOWN_suspend] = PVCTL_STOP_PRESERVE;
	s->on_stop[SHUTDOWN_crash] = stop_action(c->on_crash);
	s->on_stop[SHUTDOWN_watchdog] = stop_action(c->on_watchdog);
}

static FILE *monitor_log;

static void monitor_say(const char *fmt, ...)
{
	va_list ap;
	time_t t = time(NULL);
	char when[32];

	if (!monitor_log)
		return;
	strftime(when, sizeof(when), "%F %T", gmtime(&t));
	fprintf(monitor_log, "%s pvctl monitor: ", when);
	va_start(ap, fmt);
	vfprintf(monitor_log, fmt, ap);
	va_end(ap);
	fputc('\n', monitor_log);
	fflush(monitor_log);
}

/*
 * The monitor: detached (a child in a session of its own, which init
 * adopts when pvctl exits), its own xenstore connection, a log in
 * /var/log/xen/pvctl-NAME.log when that directory exists. One fork, not
 * the daemon's usual two: the monitor never opens a terminal, so it
 * cannot gain a controlling one, and waiting for an intermediate child
 * cost pvctl create about a sixth of its time in a PV dom0 (each fork
 * and exit there is page-table hypercalls).
 */
static void fork_monitor(struct pvctl *h, const struct pvctl_domain_spec *s, uint32_t domid)
{
	char path[PATH_MAX];
	pid_t pid = fork();
	int null;

	if (pid < 0) {
		fprintf(stderr,
			"pvctl create: warning: no monitor for d%u (fork: %s); "
			"on_poweroff/on_reboot/on_crash will not be acted on\n",
			domid, strerror(errno));
		return;
	}
	if (pid > 0)
		return;
	setsid();
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		close(null);
	}
	snprintf(path, sizeof(path), "/var/log/xen/pvctl-%s.log", s->name);
	monitor_log = fopen(path, "a");
	xs_disconnect();
	if (xs_connect() < 0) {
		monitor_say("cannot reconnect to xenstore");
		_exit(1);
	}
	monitor_say("watching d%u (%s)", domid, s->name);
	if (pvctl_monitor(h, s, domid, monitor_say) < 0)
		monitor_say("%s", pvctl_error(h));
	_exit(0);
}

/* --- console ---------------------------------------------------------- */

static int console_tty(uint32_t domid, char *tty, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "/local/domain/%u/console/tty", domid);
	for (int waited = 0; waited < TTY_WAIT_MS; waited += 100) {
		if (!xs_read(path, tty, size) && tty[0])
			return 0;
		usleep(100 * 1000);
	}
	return pvctl_err("d%u has no console pty in %s (is a console daemon running?)", domid,
			 path);
}

/* Relays between the terminal and the domain's pty until Ctrl-] or the domain is gone. */
static int console_relay(struct pvctl *h, uint32_t domid)
{
	struct termios saved, raw;
	bool term = isatty(0), in_open = true;
	char tty[256], buf[4096];
	unsigned int reason;
	int fd, rc = 0;

	if (console_tty(domid, tty, sizeof(tty)))
		return 1;
	fd = open(tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return pvctl_err("cannot open d%u's console %s: %s", domid, tty, strerror(errno));
	if (!tcgetattr(fd, &raw)) {
		cfmakeraw(&raw);
		tcsetattr(fd, TCSANOW, &raw);
	}
	if (term && !tcgetattr(0, &saved)) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	}
	for (;;) {
		struct pollfd p[2] = {{.fd = fd, .events = POLLIN}, {.fd = 0, .events = POLLIN}};
		int n = poll(p, in_open ? 2 : 1, 1000);
		ssize_t got;

		if (n == 0) {
			if (pvctl_domain_state(h, domid, &reason) == 2)
				break;
			continue;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents) {
			got = read(fd, buf, sizeof(buf));
			if (got <= 0)
				break; /* the daemon closed the pty: the domain is gone */
			if (write(1, buf, (size_t)got) < 0)
				break;
		}
		if (in_open && p[1].revents) {
			got = read(0, buf, sizeof(buf));
			if (got <= 0) {
				in_open = false;
				continue;
			}
			if (memchr(buf, CTRL_RBRACKET, (size_t)got))
				break;
			if (write(fd, buf, (size_t)got) < 0)
				break;
		}
	}
	if (term)
		tcsetattr(0, TCSANOW, &saved);
	close(fd);
	return rc;
}

/* --- commands ------------------------------------------------------- */

/*
 * ctl_open(), then the domain spec names (an id or a name) into *domid: 0,
 * or 1 (the exit status) after the error line.
 */
static int open_domain(struct pvctl *h, const char *spec, uint32_t *domid)
{
	int rc;

	if (ctl_open(h, true))
		return 1;
	rc = pvctl_domain_lookup(h, spec);
	if (rc < 0)
		return pvctl_err("%s", pvctl_error(h));
	*domid = (uint32_t)rc;
	return 0;
}

/* The commands whose one operand is DOMAIN (destroy, console): open_domain() of it. */
static int domain_operand(int argc, char **argv, struct pvctl *h, uint32_t *domid)
{
	if (argc != 2)
		return pvctl_usage();
	return open_domain(h, argv[1], domid);
}

int cmd_create(int argc, char **argv)
{
	static struct pvctl_config cfg;
	struct pvctl_domain_spec spec;
	struct xen_sysctl op = {.cmd = XEN_SYSCTL_physinfo};
	bool dry = false, console = false;
	struct pvctl h;
	uint32_t domid = 0;
	int opt, rc;

	opterr = 0;
	while ((opt = getopt(argc, argv, "+cn")) != -1) {
		if (opt == 'c')
			console = true;
		else if (opt == 'n')
			dry = true;
		else
			return pvctl_bad_option(argc, argv);
	}
	if (optind >= argc)
		return pvctl_usage();
	rc = pvctl_config_load(argv[optind], &cfg);
	if (cfg.warnings[0])
		fputs(cfg.warnings, stderr);
	if (rc)
		return pvctl_err("%s", cfg.error);
	for (int i = optind + 1; i < argc; i++)
		if (pvctl_config_override(&cfg, argv[i]))
			return pvctl_err("%s", cfg.error);
	if (dry) {
		if (pvctl_config_check_host(&cfg, 0))
			return pvctl_err("%s", cfg.error);
		return pvctl_config_to_json(&cfg, stdout) ? 1 : 0;
	}
	if (ctl_open(&h, true))
		return 1;
	pvctl_note(&h, "%s read; hypervisor and xenstore open", argv[optind]);
	if (pvctl_sysctl(&h, &op))
		return pvctl_err("%s", pvctl_error(&h));
	if (pvctl_config_check_host(&cfg, op.u.physinfo.nr_cpus))
		return pvctl_err("%s", cfg.error);
	if (!cfg.has_uuid && random_uuid(cfg.uuid))
		return pvctl_err("cannot read /dev/urandom for the domain's uuid");
	spec_from_config(&spec, &cfg);
	rc = pvctl_create(&h, &spec, &domid);
	if (rc)
		return pvctl_err("%s", pvctl_error(&h));
	fprintf(stderr, "Started domain %s (id=%u)\n", cfg.name, domid);
	fork_monitor(&h, &spec, domid);
	pvctl_note(&h, "monitor started");
	if (console)
		return console_relay(&h, domid);
	return 0;
}

int cmd_destroy(int argc, char **argv)
{
	struct pvctl h;
	uint32_t domid = 0;

	if (domain_operand(argc, argv, &h, &domid))
		return 1;
	if (pvctl_destroy(&h, domid))
		return pvctl_err("%s", pvctl_error(&h));
	return 0;
}

static int stop(int argc, char **argv, const char *reason)
{
	bool wait = false;
	unsigned int why;
	struct pvctl h;
	uint32_t domid = 0;
	int opt, rc;

	opterr = 0;
	while ((opt = getopt(argc, argv, "+w")) != -1) {
		if (opt != 'w')
			return pvctl_bad_option(argc, argv);
		wait = true;
	}
	if (optind != argc - 1)
		return pvctl_usage();
	if (open_domain(&h, argv[optind], &domid))
		return 1;
	if (domid == 0)
		return pvctl_err("dom0 is shut down from inside it");
	if (pvctl_shutdown(&h, domid, reason))
		return pvctl_err("%s", pvctl_error(&h));
	while (wait) {
		rc = pvctl_domain_state(&h, domid, &why);
		if (rc < 0)
			return pvctl_err("%s", pvctl_error(&h));
		if (rc > 0)
			break;
		usleep(200 * 1000);
	}
	return 0;
}

int cmd_shutdown(int argc, char **argv)
{
	return stop(argc, argv, "poweroff");
}

int cmd_reboot(int argc, char **argv)
{
	return stop(argc, argv, "reboot");
}

int cmd_console(int argc, char **argv)
{
	struct pvctl h;
	uint32_t domid = 0;

	if (domain_operand(argc, argv, &h, &domid))
		return 1;
	if (domid == 0)
		return pvctl_err("dom0's console is the hypervisor's (xl dmesg, the serial line)");
	return console_relay(&h, domid);
}
