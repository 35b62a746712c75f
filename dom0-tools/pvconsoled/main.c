// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvconsoled: dom0's console daemon, in xenconsoled's place. It learns of
 * guests from xenstore (@introduceDomain, @releaseDomain, a watch on
 * the console directory of a domain whose console is not written yet,
 * as xenconsoled keeps one, and a rescan of /local/domain each second
 * as a fallback), and for each one
 * whose console/ring-ref and console/port are written it maps the
 * console ring (include/public/io/console.h: grant reference
 * GNTTAB_RESERVED_CONSOLE through /dev/xen/gntdev, else privcmd's
 * foreign mapping of ring-ref), binds the event channel, and opens a
 * pty, whose name it writes to console/tty (xl console and
 * /usr/lib/xen-4.17/bin/xenconsole attach to it). Output goes to the
 * pty and, with --log=guest, to LOGDIR/guest-<name>.log; what is typed
 * on the pty goes to the guest. A guest whose name node is gone
 * (the toolstack removed it) is dropped on @releaseDomain.
 *
 *   pvconsoled [-N] [--pid-file FILE] [--log=none|guest] [--log-dir DIR]
 *
 * It forks into the background once xenstore answers (-N: foreground).
 */
#define _GNU_SOURCE /* ptsname_r, cfmakeraw */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>
#include <unistd.h>

#include <public/grant_table.h>
#include <public/io/console.h>

#include "xen-ioctl.h"
#include "xs.h"

#define PAGE_SIZE 4096

struct guest {
	struct guest *next;
	unsigned int domid;
	char name[64];
	struct xencons_interface *intf;
	bool granted; /* mapped through gntdev (index below), else privcmd */
	uint64_t gnt_index;
	unsigned int port; /* local event channel port */
	int master, slave; /* the pty */
	int log;	   /* the log file, or -1 */
};

/* The attached guests, and per domid whether attaching failed or is awaited. */
static struct guest *guests;
static unsigned int nr_guests;
enum dom_state { DOM_NEW, DOM_FAILED, DOM_WATCHED };
static unsigned char dom_state[DOMID_FIRST_RESERVED];

static struct guest *guest_find(unsigned int domid)
{
	struct guest *g;

	for (g = guests; g && g->domid != domid; g = g->next)
		;
	return g;
}
static int evtchn_fd = -1, gntdev_fd = -1, privcmd_fd = -1;
static const char *log_dir;

static void notify(unsigned int port)
{
	struct ioctl_evtchn_notify n = {.port = port};

	ioctl(evtchn_fd, IOCTL_EVTCHN_NOTIFY, &n);
}

static void *map_ring(unsigned int domid, uint64_t mfn, bool *granted, uint64_t *index)
{
	struct ioctl_gntdev_map_grant_ref m = {.count = 1};
	struct privcmd_mmapbatch_v2 b = {.num = 1, .dom = (uint16_t)domid};
	uint64_t frame = mfn;
	int err = 0;
	void *p;

	m.refs[0].domid = domid;
	m.refs[0].ref = GNTTAB_RESERVED_CONSOLE;
	if (gntdev_fd >= 0 && !ioctl(gntdev_fd, IOCTL_GNTDEV_MAP_GRANT_REF, &m)) {
		p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, gntdev_fd,
			 (off_t)m.index);
		if (p != MAP_FAILED) {
			*granted = true;
			*index = m.index;
			return p;
		}
	}
	*granted = false;
	if (privcmd_fd < 0)
		return NULL;
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, privcmd_fd, 0);
	if (p == MAP_FAILED)
		return NULL;
	b.addr = (uint64_t)(uintptr_t)p;
	b.arr = (uint64_t)(uintptr_t)&frame;
	b.err = (uint64_t)(uintptr_t)&err;
	if (ioctl(privcmd_fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &b) || err) {
		munmap(p, PAGE_SIZE);
		return NULL;
	}
	return p;
}

/* The guest's output to its log and pty; the ring emptied. */
static void guest_output(struct guest *g)
{
	struct xencons_interface *intf = g->intf;
	XENCONS_RING_IDX cons = intf->out_cons, prod = intf->out_prod;
	char buf[sizeof(intf->out)];
	size_t n = 0;

	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (prod - cons > sizeof(intf->out))
		cons = prod -
		       sizeof(intf->out); /* a guest's bad index: keep the last ring's worth */
	while (cons != prod)
		buf[n++] = intf->out[MASK_XENCONS_IDX(cons++, intf->out)];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	intf->out_cons = cons;
	if (!n)
		return;
	notify(g->port);
	if (g->log >= 0 && write(g->log, buf, n) < 0)
		g->log = -1;
	/* A pty nobody reads fills up: the output is dropped, not queued. */
	if (write(g->master, buf, n) < 0 && errno != EAGAIN)
		return;
}

/* What was typed on the pty, into the guest's input ring as far as it fits. */
static void guest_input(struct guest *g)
{
	struct xencons_interface *intf = g->intf;
	XENCONS_RING_IDX cons = intf->in_cons, prod = intf->in_prod;
	char buf[sizeof(intf->in)];
	size_t space, i;
	ssize_t n;

	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (prod - cons > sizeof(intf->in))
		return;
	space = sizeof(intf->in) - (prod - cons);
	n = read(g->master, buf, space < sizeof(buf) ? space : sizeof(buf));
	if (n <= 0)
		return;
	for (i = 0; i < (size_t)n; i++)
		intf->in[MASK_XENCONS_IDX(prod++, intf->in)] = buf[i];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	intf->in_prod = prod;
	notify(g->port);
}

static int open_pty(struct guest *g, char *path, size_t size)
{
	struct termios t;

	g->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (g->master < 0 || grantpt(g->master) || unlockpt(g->master) ||
	    ptsname_r(g->master, path, size))
		return -errno;
	/* The slave stays open so that the master never reads EIO. */
	g->slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (g->slave < 0)
		return -errno;
	if (!tcgetattr(g->slave, &t)) {
		cfmakeraw(&t);
		tcsetattr(g->slave, TCSANOW, &t);
	}
	fcntl(g->master, F_SETFL, O_NONBLOCK);
	return 0;
}

static void guest_free(struct guest *g)
{
	struct ioctl_evtchn_unbind u = {.port = g->port};

	if (g->port)
		ioctl(evtchn_fd, IOCTL_EVTCHN_UNBIND, &u);
	if (g->intf)
		munmap(g->intf, PAGE_SIZE);
	if (g->granted) {
		struct ioctl_gntdev_unmap_grant_ref um = {.index = g->gnt_index, .count = 1};

		ioctl(gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &um);
	}
	if (g->master >= 0)
		close(g->master);
	if (g->slave >= 0)
		close(g->slave);
	if (g->log >= 0)
		close(g->log);
	free(g);
}

/*
 * Attaches to domid's console if its toolstack entries are there: 0, or
 * -ENOENT to retry later, or another error (logged once by the caller).
 */
static int guest_attach(unsigned int domid)
{
	char path[128], val[128], tty[64];
	struct ioctl_evtchn_bind_interdomain b = {.remote_domain = domid};
	unsigned long long mfn;
	struct guest *g;
	int rc;

	snprintf(path, sizeof(path), "/local/domain/%u/console/ring-ref", domid);
	if (xs_read(path, val, sizeof(val)))
		return -ENOENT;
	mfn = strtoull(val, NULL, 0);
	snprintf(path, sizeof(path), "/local/domain/%u/console/port", domid);
	if (xs_read(path, val, sizeof(val)))
		return -ENOENT;
	b.remote_port = (uint32_t)strtoul(val, NULL, 0);
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->domid = domid;
	g->master = g->slave = g->log = -1;
	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	if (xs_read(path, g->name, sizeof(g->name)))
		snprintf(g->name, sizeof(g->name), "domain-%u", domid);
	rc = -EINVAL;
	g->intf = map_ring(domid, mfn, &g->granted, &g->gnt_index);
	if (!g->intf)
		goto fail;
	rc = ioctl(evtchn_fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
	if (rc < 0) {
		rc = -errno;
		goto fail;
	}
	g->port = (unsigned int)rc;
	rc = open_pty(g, tty, sizeof(tty));
	if (rc)
		goto fail;
	snprintf(path, sizeof(path), "/local/domain/%u/console/tty", domid);
	xs_write(path, tty);
	if (log_dir) {
		snprintf(path, sizeof(path), "%s/guest-%s.log", log_dir, g->name);
		g->log = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	}
	g->next = guests;
	guests = g;
	nr_guests++;
	guest_output(g);
	notify(g->port);
	return 0;
fail:
	guest_free(g);
	return rc;
}

static void console_watch(unsigned int domid, bool on)
{
	char path[64];

	snprintf(path, sizeof(path), "/local/domain/%u/console", domid);
	if (on)
		xs_watch(path, "console");
	else
		xs_unwatch(path, "console");
}

/*
 * Every domain of /local/domain not attached yet. One whose console
 * nodes are not written yet (xl writes them after XS_INTRODUCE) gets a
 * watch on its console directory, so the attach follows the write.
 */
static void scan(void)
{
	char names[XENSTORE_PAYLOAD_MAX + 1];
	size_t len, off;
	unsigned int domid;
	int rc;

	if (xs_directory("/local/domain", names, &len))
		return;
	for (off = 0; off < len; off += strlen(names + off) + 1) {
		domid = (unsigned int)strtoul(names + off, NULL, 10);
		if (!domid || domid >= DOMID_FIRST_RESERVED || dom_state[domid] == DOM_FAILED ||
		    guest_find(domid))
			continue;
		rc = guest_attach(domid);
		if (rc == -ENOENT) {
			if (dom_state[domid] != DOM_WATCHED)
				console_watch(domid, true);
			dom_state[domid] = DOM_WATCHED;
			continue;
		}
		if (dom_state[domid] == DOM_WATCHED)
			console_watch(domid, false);
		dom_state[domid] = rc ? DOM_FAILED : DOM_NEW;
		if (rc)
			fprintf(stderr, "pvconsoled: domain %u: cannot attach its console\n",
				domid);
	}
}

static bool domain_gone(unsigned int domid)
{
	char path[64], val[64];

	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	return xs_read(path, val, sizeof(val)) == -ENOENT;
}

/*
 * Drops the guests whose xenstore entries the toolstack removed, and
 * forgets what was noted about such domids (a new domain may reuse one).
 */
static void reap(void)
{
	struct guest **pg = &guests, *g;

	while ((g = *pg)) {
		if (!domain_gone(g->domid)) {
			pg = &g->next;
			continue;
		}
		*pg = g->next;
		nr_guests--;
		guest_output(g);
		guest_free(g);
	}
	for (unsigned int d = 1; d < DOMID_FIRST_RESERVED; d++) {
		if (dom_state[d] == DOM_NEW || !domain_gone(d))
			continue;
		if (dom_state[d] == DOM_WATCHED)
			console_watch(d, false);
		dom_state[d] = DOM_NEW;
	}
}

static void run(int xs_fd)
{
	struct pollfd *fds = NULL;
	struct guest **who = NULL;
	char ev[XENSTORE_ABS_PATH_MAX + 1];
	uint32_t ports[64];
	unsigned int n, i, room = 0;
	struct guest *g;
	ssize_t r;

	for (;;) {
		if (nr_guests + 2 > room) {
			room = nr_guests + 34;
			fds = realloc(fds, room * sizeof(*fds));
			who = realloc(who, room * sizeof(*who));
			if (!fds || !who)
				return;
		}
		n = 0;
		fds[n] = (struct pollfd){.fd = xs_fd, .events = POLLIN};
		who[n++] = NULL;
		fds[n] = (struct pollfd){.fd = evtchn_fd, .events = POLLIN};
		who[n++] = NULL;
		for (g = guests; g; g = g->next) {
			fds[n] = (struct pollfd){.fd = g->master, .events = POLLIN};
			who[n++] = g;
		}
		if (poll(fds, n, 1000) < 0 && errno != EINTR)
			return;
		if ((fds[0].revents & (POLLIN | POLLHUP)) && xs_poll_input())
			return; /* xenstored went away */
		while (xs_next_event(ev, sizeof(ev)))
			if (!strcmp(ev, "@releaseDomain"))
				reap();
		if (fds[1].revents & POLLIN) {
			r = read(evtchn_fd, ports, sizeof(ports));
			if (r > 0 && write(evtchn_fd, ports, (size_t)r) < 0)
				return;
		}
		for (i = 2; i < n; i++)
			if (fds[i].revents & POLLIN)
				guest_input(who[i]);
		for (g = guests; g; g = g->next)
			guest_output(g);
		scan();
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"no-fork", no_argument, NULL, 'N'},
		{"pid-file", required_argument, NULL, 'F'},
		{"log", required_argument, NULL, 'l'},
		{"log-dir", required_argument, NULL, 'L'},
		{NULL, 0, NULL, 0},
	};
	const char *pidfile = NULL, *dir = "/var/log/xen/console";
	bool fork_it = true, log_guests = false;
	int opt, xs_fd;

	while ((opt = getopt_long(argc, argv, "NF:l:L:", opts, NULL)) != -1) {
		switch (opt) {
		case 'N':
			fork_it = false;
			break;
		case 'F':
			pidfile = optarg;
			break;
		case 'l':
			log_guests = !strcmp(optarg, "guest") || !strcmp(optarg, "all");
			break;
		case 'L':
			dir = optarg;
			break;
		default:
			fprintf(stderr,
				"usage: pvconsoled [-N] [--pid-file FILE] [--log=none|guest] "
				"[--log-dir DIR]\n");
			return 2;
		}
	}
	if (log_guests)
		log_dir = dir;
	evtchn_fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	gntdev_fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	privcmd_fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	xs_fd = xs_connect();
	if (evtchn_fd < 0 || xs_fd < 0) {
		fprintf(stderr, "pvconsoled: %s: %s\n",
			evtchn_fd < 0 ? "/dev/xen/evtchn" : "xenstore",
			strerror(evtchn_fd < 0 ? errno : -xs_fd));
		return 1;
	}
	if (xs_watch("@introduceDomain", "introduce") || xs_watch("@releaseDomain", "release")) {
		fprintf(stderr, "pvconsoled: cannot watch @introduceDomain, @releaseDomain\n");
		return 1;
	}
	if (fork_it) {
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (pid > 0)
			return 0;
		setsid();
	}
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (f) {
			fprintf(f, "%d\n", (int)getpid());
			fclose(f);
		}
	}
	scan();
	run(xs_fd);
	return 0;
}
