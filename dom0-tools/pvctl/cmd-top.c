// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvctl top (docs/pvctl-commands.md): each domain's CPU use between two
 * refreshes, like xentop. The one idea: a domain's cpu_time (the sum of
 * its vCPUs' running time, from XEN_SYSCTL_getdomaininfolist) is sampled
 * at every refresh with dom0's monotonic clock, and CPU% is the growth of
 * the one over the growth of the other; a domain is matched with its
 * previous sample by id and handle, so a new domain that reuses an id
 * starts again from nothing. The first frame comes one delay after the
 * start, so that it already has a rate.
 *
 * Interactive (a terminal, no -b): the screen is redrawn and 'q' quits.
 * Batch (-b): frames are appended, for scripts and tests; --json prints
 * all frames as one JSON array at the end.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <public/sched.h>

#include "ctl.h"
#include "ctl-cmds.h"
#include "json.h"
#include "pvctl.h"

struct sample {
	struct xen_domctl_getdomaininfo *doms;
	int nr;
	uint64_t when_ns; /* CLOCK_MONOTONIC */
};

static struct termios saved_tty;
static bool tty_raw;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void tty_restore(void)
{
	if (tty_raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	tty_raw = false;
}

static void on_signal(int sig)
{
	tty_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void tty_setup(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &saved_tty) < 0)
		return;
	t = saved_tty;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &t) < 0)
		return;
	tty_raw = true;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
}

/*
 * Waits ms milliseconds; interactive, a 'q' on the terminal ends it
 * early: true then.
 */
static bool wait_or_quit(unsigned int ms, bool interactive)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000u;

	if (!interactive) {
		struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};

		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
		return false;
	}
	for (;;) {
		uint64_t t = now_ns();
		struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
		char c;

		if (t >= end)
			return false;
		if (poll(&p, 1, (int)((end - t) / 1000000u) + 1) > 0 &&
		    read(STDIN_FILENO, &c, 1) == 1 && (c == 'q' || c == 'Q'))
			return true;
	}
}

static const struct xen_domctl_getdomaininfo *find_prev(const struct sample *prev,
							const struct xen_domctl_getdomaininfo *d)
{
	for (int i = 0; i < prev->nr; i++)
		if (prev->doms[i].domain == d->domain &&
		    !memcmp(prev->doms[i].handle, d->handle, sizeof(d->handle)))
			return &prev->doms[i];
	return NULL;
}

/* xentop's state letters: dying, shutdown, blocked, crashed, paused, running. */
static void top_state(uint32_t flags, char *s)
{
	unsigned int reason = (flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
	bool crashed = (flags & XEN_DOMINF_shutdown) && reason == SHUTDOWN_crash;

	s[0] = flags & XEN_DOMINF_dying ? 'd' : '-';
	s[1] = (flags & XEN_DOMINF_shutdown) && !crashed ? 's' : '-';
	s[2] = flags & XEN_DOMINF_blocked ? 'b' : '-';
	s[3] = crashed ? 'c' : '-';
	s[4] = flags & XEN_DOMINF_paused ? 'p' : '-';
	s[5] = flags & XEN_DOMINF_running ? 'r' : '-';
	s[6] = 0;
}

static void frame(struct pvctl *h, const struct sample *prev, const struct sample *cur,
		  uint64_t total_kib, uint64_t free_kib, uint64_t start_ns, struct json *j)
{
	double interval = (double)(cur->when_ns - prev->when_ns) / 1e9;
	char name[256], state[7];

	if (j) {
		json_object_begin(j, NULL);
		json_double(j, "time_s", (double)(cur->when_ns - start_ns) / 1e9, 3);
		json_double(j, "interval_s", interval, 3);
		json_uint(j, "total_mem_kib", total_kib);
		json_uint(j, "free_mem_kib", free_kib);
		json_array_begin(j, "domains");
	} else {
		time_t t = time(NULL);
		char clock[16];

		strftime(clock, sizeof(clock), "%H:%M:%S", localtime(&t));
		printf("pvctl top - %s  %d domains  Mem: %" PRIu64 "k total, %" PRIu64
		       "k used, %" PRIu64 "k free\n",
		       clock, cur->nr, total_kib, total_kib - free_kib, free_kib);
		printf("%18s %6s %10s %6s %10s %6s %10s %9s %5s\n", "NAME", "STATE", "CPU(sec)",
		       "CPU(%)", "MEM(k)", "MEM(%)", "MAXMEM(k)", "MAXMEM(%)", "VCPUS");
	}
	for (int i = 0; i < cur->nr; i++) {
		const struct xen_domctl_getdomaininfo *d = &cur->doms[i], *p = find_prev(prev, d);
		uint64_t mem = d->tot_pages * 4, max = d->max_pages * 4;
		bool unlimited = d->max_pages >= UINT64_MAX / 4;
		double pct = 0;

		if (p && interval > 0 && d->cpu_time >= p->cpu_time)
			pct = (double)(d->cpu_time - p->cpu_time) / 1e9 / interval * 100.0;
		ctl_domain_name(h, d->domain, name, sizeof(name));
		top_state(d->flags, state);
		if (j) {
			json_object_begin(j, NULL);
			json_string(j, "name", name);
			json_uint(j, "domid", d->domain);
			json_string(j, "state", state);
			json_double(j, "cpu_time_s", (double)d->cpu_time / 1e9, 3);
			json_double(j, "cpu_percent", pct, 1);
			json_uint(j, "mem_kib", mem);
			json_double(j, "mem_percent",
				    total_kib ? 100.0 * (double)mem / (double)total_kib : 0, 1);
			if (unlimited)
				json_null(j, "max_mem_kib");
			else
				json_uint(j, "max_mem_kib", max);
			json_uint(j, "vcpus", d->nr_online_vcpus);
			json_object_end(j);
			continue;
		}
		printf("%18.18s %6s %10" PRIu64 " %6.1f %10" PRIu64 " %6.1f", name, state,
		       d->cpu_time / 1000000000u, pct, mem,
		       total_kib ? 100.0 * (double)mem / (double)total_kib : 0.0);
		if (unlimited)
			printf(" %10s %9s", "no limit", "n/a");
		else
			printf(" %10" PRIu64 " %9.1f", max,
			       total_kib ? 100.0 * (double)max / (double)total_kib : 0.0);
		printf(" %5u\n", d->nr_online_vcpus);
	}
	if (j) {
		json_array_end(j);
		json_object_end(j);
	}
}

static int take_sample(struct pvctl *h, struct sample *s)
{
	free(s->doms);
	s->doms = NULL;
	s->nr = ctl_domains(h, 0, NULL, &s->doms);
	s->when_ns = now_ns();
	return s->nr < 0 ? -1 : 0;
}

int cmd_top(int argc, char **argv)
{
	static const struct option longs[] = {{"batch", no_argument, NULL, 'b'},
					      {"delay", required_argument, NULL, 'd'},
					      {"iterations", required_argument, NULL, 'i'},
					      {"json", no_argument, NULL, 'j'},
					      {0}};
	struct sample prev = {0}, cur = {0};
	bool batch = false, json = false, interactive;
	unsigned long iterations = 0; /* 0: until stopped */
	double delay = 3.0;
	uint64_t start;
	struct pvctl h;
	struct json j;
	char *end;
	int c, rc = 1;

	ctl_opts_reset();
	while ((c = ctl_next_opt(argc, argv, "+bd:i:", longs, &json)) != -1) {
		switch (c) {
		case 'b':
			batch = true;
			break;
		case 'd':
			if (ctl_seconds_arg("delay", 0.1, 3600, &delay))
				return 1;
			break;
		case 'i':
			errno = 0;
			iterations = strtoul(optarg, &end, 10);
			if (errno || end == optarg || *end || *optarg == '-' || !iterations ||
			    iterations > 1000000)
				return pvctl_err("bad iteration count '%s': 1 to 1000000", optarg);
			break;
		default:
			return 1;
		}
	}
	if (optind != argc)
		return pvctl_usage();
	if (json && !batch)
		return pvctl_err("--json needs batch mode (-b)");
	if (json && !iterations)
		return pvctl_err(
			"--json needs an iteration count (-i N): it prints one array at the end");
	if (ctl_open(&h, true))
		return 1;
	interactive = !batch && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	if (interactive)
		tty_setup();
	if (json) {
		json_init(&j, stdout);
		json_array_begin(&j, NULL);
	}
	start = now_ns();
	if (take_sample(&h, &prev))
		goto out;
	for (unsigned long n = 0; !iterations || n < iterations; n++) {
		struct xen_sysctl_physinfo pi;
		struct sample t;

		if (wait_or_quit((unsigned int)(delay * 1000), interactive))
			break;
		if (take_sample(&h, &cur))
			goto out;
		if (pvctl_physinfo_get(&h, &pi) < 0) {
			pvctl_err("%s", pvctl_error(&h));
			goto out;
		}
		if (interactive)
			fputs("\033[H\033[2J", stdout);
		frame(&h, &prev, &cur, pi.total_pages * 4, pi.free_pages * 4, start,
		      json ? &j : NULL);
		if (!json && batch)
			putchar('\n');
		fflush(stdout);
		t = prev;
		prev = cur;
		cur = t;
	}
	if (json) {
		json_array_end(&j);
		json_finish(&j);
	}
	rc = 0;
out:
	tty_restore();
	free(prev.doms);
	free(cur.doms);
	pvctl_close(&h);
	return rc;
}
