// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvstored: the xenstore daemon of dom0, the thin I/O layer around the
 * protocol engine (engine.h). One poll() loop serves three kinds of
 * transport, each a connection of the engine:
 *
 *  - clients of the Unix socket $XENSTORED_RUNDIR/socket (default
 *    /var/run/xenstored/socket, where libxenstore looks), all privileged;
 *  - dom0's own kernel, through the page and event channel its xenbus
 *    set up (mmap and IOCTL_XENBUS_BACKEND_EVTCHN of
 *    /dev/xen/xenbus_backend, else /proc/xen/xsd_kva and xsd_port);
 *  - each domU that XS_INTRODUCE names: its ring mapped through
 *    /dev/xen/gntdev (grant reference GNTTAB_RESERVED_XENSTORE), else
 *    privcmd's foreign mapping of the gfn given, and its event channel
 *    bound through /dev/xen/evtchn.
 *
 * VIRQ_DOM_EXC tells it a domain shut down or died: each introduced
 * domain is then looked up with XEN_DOMCTL_getdomaininfo.
 *
 *   pvstored [-N] [-D] [-V] [-F PIDFILE] [-T LOGFILE] [-E N] [-W N] [-S N]
 *            [-t N] [-A N] [-M N]
 *
 * As Xen's xenstored: -N stays in the foreground, -D does not connect
 * dom0's ring (any host, socket only), -F writes the pid file, -T logs
 * every request to a file (-V: to stderr), -E -W -S -t -A -M set the
 * node, watch, node-size, transaction, permission and path-length
 * quotas. It forks into the background once the socket and dom0's ring
 * are up, so a started pvstored is ready.
 */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/domctl.h>
#include <public/grant_table.h>
#include <public/hypercall-nr.h>
#include <public/xen.h>

#include "xen-ioctl.h"
#include "engine.h"

#define PAGE_SIZE 4096
#define MAX_POLL 1024

enum kind { T_SOCKET, T_RING };

/* One transport; the engine's connection points back at it. */
struct transport {
	enum kind kind;
	struct xs_conn *conn;
	int fd;					/* socket */
	struct xenstore_domain_interface *intf; /* ring */
	unsigned int domid;
	unsigned int port; /* local event channel port of the ring */
	bool kernel_page;  /* dom0's page: munmap only */
	bool granted;	   /* mapped through gntdev (index below) */
	uint64_t gnt_index;
	bool broken; /* ring indexes or protocol went bad: ignored */
};

static struct {
	struct xs_engine *e;
	int listen_fd, evtchn_fd, gntdev_fd, privcmd_fd;
	unsigned int virq_port;
	FILE *log;
	bool quit;
} d = {.listen_fd = -1, .evtchn_fd = -1, .gntdev_fd = -1, .privcmd_fd = -1, .virq_port = ~0u};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("pvstored: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	if (d.log) {
		va_start(ap, fmt);
		vfprintf(d.log, fmt, ap);
		fputc('\n', d.log);
		fflush(d.log);
		va_end(ap);
	}
}

static void log_line(void *opaque, const char *line)
{
	(void)opaque;
	if (d.log) {
		fprintf(d.log, "%s\n", line);
		fflush(d.log);
	}
}

/* --- Event channels. --- */

static int evtchn_notify(unsigned int port)
{
	struct ioctl_evtchn_notify n = {.port = port};

	return ioctl(d.evtchn_fd, IOCTL_EVTCHN_NOTIFY, &n) < 0 ? -errno : 0;
}

static int evtchn_bind(unsigned int domid, unsigned int remote_port)
{
	struct ioctl_evtchn_bind_interdomain b = {.remote_domain = domid,
						  .remote_port = remote_port};
	int rc = ioctl(d.evtchn_fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);

	return rc < 0 ? -errno : rc;
}

static void evtchn_unbind(unsigned int port)
{
	struct ioctl_evtchn_unbind u = {.port = port};

	ioctl(d.evtchn_fd, IOCTL_EVTCHN_UNBIND, &u);
}

/* --- Rings (xs_wire.h layout): the daemon consumes req, produces rsp. --- */

/* Indexes a guest wrote: more than a ring apart is corruption. */
static bool ring_indexes_ok(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod)
{
	return (XENSTORE_RING_IDX)(prod - cons) <= XENSTORE_RING_SIZE;
}

static void ring_break(struct transport *t, unsigned int error)
{
	if (t->broken)
		return;
	t->broken = true;
	t->intf->error = error;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	evtchn_notify(t->port);
	say("domain %u: ring ignored from now on (error %u)", t->domid, error);
}

/*
 * A guest asking to reconnect (connection = XENSTORE_RECONNECT): its
 * watches and transactions go, the rings restart empty, and it is told
 * the daemon is there again.
 */
static void ring_reconnect(struct transport *t)
{
	xs_conn_reset(t->conn);
	t->intf->req_cons = t->intf->req_prod = 0;
	t->intf->rsp_cons = t->intf->rsp_prod = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->intf->connection = XENSTORE_CONNECTED;
	evtchn_notify(t->port);
}

/* Moves requests from the ring into the engine; notifies if it took any. */
static void ring_input(struct transport *t)
{
	struct xenstore_domain_interface *intf = t->intf;
	XENSTORE_RING_IDX cons, prod;
	size_t len, taken, total = 0;
	char buf[XENSTORE_RING_SIZE];

	for (;;) {
		cons = intf->req_cons;
		prod = intf->req_prod;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (!ring_indexes_ok(cons, prod)) {
			ring_break(t, XENSTORE_ERROR_RINGIDX);
			return;
		}
		if (cons == prod || !xs_conn_can_read(t->conn))
			break;
		len = prod - cons;
		if (len > XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons))
			len = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);
		memcpy(buf, intf->req + MASK_XENSTORE_IDX(cons), len);
		taken = xs_conn_feed(t->conn, buf, len);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		intf->req_cons = cons + (XENSTORE_RING_IDX)taken;
		total += taken;
		if (taken < len)
			break;
	}
	if (total)
		evtchn_notify(t->port);
}

/* Moves queued output into the response ring; notifies if it wrote any. */
static void ring_output(struct transport *t)
{
	struct xenstore_domain_interface *intf = t->intf;
	XENSTORE_RING_IDX cons, prod;
	size_t len, n, total = 0;
	const void *buf;

	while ((n = xs_conn_output(t->conn, &buf)) > 0) {
		cons = intf->rsp_cons;
		prod = intf->rsp_prod;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (!ring_indexes_ok(cons, prod)) {
			ring_break(t, XENSTORE_ERROR_RINGIDX);
			return;
		}
		len = XENSTORE_RING_SIZE - (prod - cons);
		if (len > XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod))
			len = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);
		if (!len)
			break;
		if (len > n)
			len = n;
		memcpy(intf->rsp + MASK_XENSTORE_IDX(prod), buf, len);
		__atomic_thread_fence(__ATOMIC_RELEASE);
		intf->rsp_prod = prod + (XENSTORE_RING_IDX)len;
		xs_conn_output_done(t->conn, len);
		total += len;
	}
	if (total)
		evtchn_notify(t->port);
}

static void ring_service(struct transport *t)
{
	if (t->broken)
		return;
	if (t->intf->connection == XENSTORE_RECONNECT)
		ring_reconnect(t);
	ring_input(t);
	ring_output(t);
	if (xs_conn_dead(t->conn))
		ring_break(t, xs_conn_error(t->conn));
}

static struct transport *ring_new(unsigned int domid, void *page, unsigned int remote_port)
{
	struct transport *t = calloc(1, sizeof(*t));
	int port;

	if (!t)
		return NULL;
	port = evtchn_bind(domid, remote_port);
	if (port < 0) {
		say("domain %u: binding event channel %u: %s", domid, remote_port, strerror(-port));
		free(t);
		return NULL;
	}
	t->kind = T_RING;
	t->intf = page;
	t->domid = domid;
	t->port = (unsigned int)port;
	t->fd = -1;
	t->intf->server_features =
		XENSTORE_SERVER_FEATURE_RECONNECTION | XENSTORE_SERVER_FEATURE_ERROR;
	return t;
}

/* --- Mapping a domU's ring. --- */

static void *map_granted(unsigned int domid, uint64_t *index)
{
	struct ioctl_gntdev_map_grant_ref m = {.count = 1};
	struct ioctl_gntdev_unmap_grant_ref u = {.count = 1};
	void *p;

	if (d.gntdev_fd < 0)
		return NULL;
	m.refs[0].domid = domid;
	m.refs[0].ref = GNTTAB_RESERVED_XENSTORE;
	if (ioctl(d.gntdev_fd, IOCTL_GNTDEV_MAP_GRANT_REF, &m) < 0)
		return NULL;
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, d.gntdev_fd, (off_t)m.index);
	if (p == MAP_FAILED) {
		u.index = m.index;
		ioctl(d.gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
		return NULL;
	}
	*index = m.index;
	return p;
}

static void *map_foreign(unsigned int domid, uint64_t gfn)
{
	uint64_t frame = gfn;
	int err = 0;
	struct privcmd_mmapbatch_v2 b = {.num = 1, .dom = (uint16_t)domid};
	void *p;

	if (d.privcmd_fd < 0)
		return NULL;
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, d.privcmd_fd, 0);
	if (p == MAP_FAILED)
		return NULL;
	b.addr = (uint64_t)(uintptr_t)p;
	b.arr = (uint64_t)(uintptr_t)&frame;
	b.err = (uint64_t)(uintptr_t)&err;
	if (ioctl(d.privcmd_fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &b) < 0 || err) {
		munmap(p, PAGE_SIZE);
		return NULL;
	}
	return p;
}

/* The engine's INTRODUCE hook: the ring mapped and its event channel bound. */
static void *hook_introduce(void *opaque, unsigned int domid, uint64_t gfn, unsigned int port,
			    int *err)
{
	uint64_t index = 0;
	void *page = map_granted(domid, &index);
	bool granted = page != NULL;
	struct transport *t;

	(void)opaque;
	if (!page)
		page = map_foreign(domid, gfn);
	if (!page) {
		say("domain %u: cannot map its xenstore ring (grant 1 or gfn %#llx)", domid,
		    (unsigned long long)gfn);
		*err = -ENOENT;
		return NULL;
	}
	t = ring_new(domid, page, port);
	if (!t) {
		munmap(page, PAGE_SIZE);
		*err = -EINVAL;
		return NULL;
	}
	t->granted = granted;
	t->gnt_index = index;
	evtchn_notify(t->port);
	return t;
}

static int hook_rebind(void *opaque, void *transport, unsigned int domid, unsigned int port)
{
	struct transport *t = transport;
	int local;

	(void)opaque;
	if (!t || t->kind != T_RING)
		return 0;
	local = evtchn_bind(domid, port);
	if (local < 0)
		return -EINVAL;
	evtchn_unbind(t->port);
	t->port = (unsigned int)local;
	t->broken = false;
	t->intf->error = XENSTORE_ERROR_NONE;
	return 0;
}

static void hook_release(void *opaque, void *transport)
{
	struct transport *t = transport;

	(void)opaque;
	if (t->kind == T_SOCKET) {
		close(t->fd);
	} else {
		evtchn_unbind(t->port);
		munmap(t->intf, PAGE_SIZE);
		if (t->granted) {
			struct ioctl_gntdev_unmap_grant_ref u = {.index = t->gnt_index, .count = 1};

			ioctl(d.gntdev_fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
		}
	}
	free(t);
}

/* --- dom0's own ring. --- */

static void *map_dom0(unsigned int *remote_port)
{
	char buf[32];
	ssize_t n;
	void *p;
	int fd, rc;

	fd = open("/dev/xen/xenbus_backend", O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		rc = ioctl(fd, IOCTL_XENBUS_BACKEND_EVTCHN);
		p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
		if (rc > 0 && p != MAP_FAILED) {
			*remote_port = (unsigned int)rc;
			return p;
		}
		if (p != MAP_FAILED)
			munmap(p, PAGE_SIZE);
	}
	fd = open("/proc/xen/xsd_port", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	buf[n] = 0;
	*remote_port = (unsigned int)strtoul(buf, NULL, 0);
	fd = open("/proc/xen/xsd_kva", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	p = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

static int connect_dom0(void)
{
	unsigned int remote;
	void *page = map_dom0(&remote);
	struct transport *t;

	if (!page) {
		say("dom0: no xenstore page (/dev/xen/xenbus_backend, /proc/xen/xsd_kva): %s",
		    strerror(errno));
		return -ENODEV;
	}
	t = ring_new(0, page, remote);
	if (!t)
		return -ENODEV;
	t->kernel_page = true;
	t->conn = xs_engine_connect_dom0(d.e, t);
	if (!t->conn)
		return -ENOMEM;
	/* The kernel's xenbus waits for this first event to start using the ring. */
	evtchn_notify(t->port);
	return 0;
}

/* --- Domain liveness (VIRQ_DOM_EXC). --- */

/*
 * XEN_DOMCTL_getdomaininfo's flags for domid: >= 0, or -ESRCH when it is
 * gone (the call then reports the next domain up, or fails).
 */
static int domain_flags(unsigned int domid)
{
	static struct xen_domctl *op;
	struct privcmd_hypercall call = {.op = __HYPERVISOR_domctl};
	int rc;

	if (!op) {
		op = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (op == MAP_FAILED) {
			op = NULL;
			return -ENOMEM;
		}
		/* Xen copies it in and out: it must not be paged out meanwhile. */
		mlock(op, PAGE_SIZE);
	}
	memset(op, 0, PAGE_SIZE);
	op->cmd = XEN_DOMCTL_getdomaininfo;
	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	op->domain = (domid_t)domid;
	call.arg[0] = (uint64_t)(uintptr_t)op;
	rc = ioctl(d.privcmd_fd, IOCTL_PRIVCMD_HYPERCALL, &call);
	if (rc < 0)
		return -errno;
	if (op->u.getdomaininfo.domain != domid)
		return -ESRCH;
	return (int)(op->u.getdomaininfo.flags & 0x7fffffff);
}

static void check_domains(void)
{
	unsigned int ids[256], n, i;
	int flags;

	if (d.privcmd_fd < 0)
		return;
	n = xs_domain_list(d.e, ids, 256);
	for (i = 0; i < n; i++) {
		flags = domain_flags(ids[i]);
		if (flags == -ESRCH || (flags >= 0 && (flags & XEN_DOMINF_dying)))
			xs_domain_gone(d.e, ids[i]);
		else if (flags >= 0 && (flags & XEN_DOMINF_shutdown))
			xs_domain_shutdown(d.e, ids[i]);
	}
}

/* --- The socket. --- */

static int open_socket(void)
{
	const char *dir = getenv("XENSTORED_RUNDIR");
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd;

	if (!dir)
		dir = "/var/run/xenstored";
	mkdir(dir, 0755);
	if ((size_t)snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/socket", dir) >=
	    sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	unlink(addr.sun_path);
	/* Only root's programs: every client of the socket is dom0's toolstack. */
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || chmod(addr.sun_path, 0600) ||
	    listen(fd, 64)) {
		int rc = -errno;

		close(fd);
		say("%s: %s", addr.sun_path, strerror(-rc));
		return rc;
	}
	return fd;
}

static void accept_client(void)
{
	struct transport *t;
	int fd = accept4(d.listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return;
	t = calloc(1, sizeof(*t));
	if (t) {
		t->kind = T_SOCKET;
		t->fd = fd;
		t->conn = xs_conn_new(d.e, 0, false, t);
	}
	if (!t || !t->conn) {
		free(t);
		close(fd);
	}
}

static void socket_input(struct transport *t)
{
	char buf[16384];
	ssize_t n = read(t->fd, buf, sizeof(buf));

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		t->broken = true; /* gone: freed after this round */
		return;
	}
	if (n > 0)
		xs_conn_feed(t->conn, buf, (size_t)n);
}

static void socket_output(struct transport *t)
{
	struct iovec iov[64];
	unsigned int n;
	ssize_t w;

	while ((n = xs_conn_output_iov(t->conn, iov, 64)) > 0) {
		w = writev(t->fd, iov, (int)n);
		if (w <= 0) {
			if (w < 0 && errno != EAGAIN && errno != EINTR)
				t->broken = true;
			return;
		}
		xs_conn_output_done(t->conn, (size_t)w);
	}
}

/* --- The loop. --- */

struct pollset {
	struct pollfd fds[MAX_POLL];
	struct transport *who[MAX_POLL];
	unsigned int n;
};

static void flush_one(struct xs_conn *c, void *arg)
{
	struct transport *t = xs_conn_transport(c);

	(void)arg;
	if (!t)
		return;
	/* A domU's connection is made by the engine on INTRODUCE: learn it here. */
	t->conn = c;
	if (t->kind == T_RING) {
		ring_service(t);
		return;
	}
	if (!t->broken)
		socket_output(t);
	/* A socket client that left or was dropped goes now (its conn too). */
	if (t->broken || xs_conn_dead(c))
		xs_conn_free(c);
}

static void add_poll(struct xs_conn *c, void *arg)
{
	struct pollset *ps = arg;
	struct transport *t = xs_conn_transport(c);
	const void *buf;

	if (!t || t->kind != T_SOCKET || ps->n >= MAX_POLL)
		return;
	ps->fds[ps->n] = (struct pollfd){.fd = t->fd, .events = POLLIN};
	if (xs_conn_output(c, &buf))
		ps->fds[ps->n].events |= POLLOUT;
	ps->who[ps->n++] = t;
}

static void handle_events(void)
{
	uint32_t ports[64];
	ssize_t n = read(d.evtchn_fd, ports, sizeof(ports));
	ssize_t i;

	if (n <= 0)
		return;
	for (i = 0; i < n / 4; i++)
		if (ports[i] == d.virq_port)
			check_domains();
	/* Unmask them again; every ring is serviced after this anyway. */
	if (write(d.evtchn_fd, ports, (size_t)n) < 0)
		say("evtchn unmask: %s", strerror(errno));
}

static void run(void)
{
	static struct pollset ps;
	unsigned int i;

	while (!d.quit) {
		xs_engine_for_each_conn(d.e, flush_one, NULL);
		ps.n = 0;
		ps.fds[ps.n] = (struct pollfd){.fd = d.listen_fd, .events = POLLIN};
		ps.who[ps.n++] = NULL;
		if (d.evtchn_fd >= 0) {
			ps.fds[ps.n] = (struct pollfd){.fd = d.evtchn_fd, .events = POLLIN};
			ps.who[ps.n++] = NULL;
		}
		xs_engine_for_each_conn(d.e, add_poll, &ps);
		if (poll(ps.fds, ps.n, -1) < 0) {
			if (errno == EINTR)
				continue;
			say("poll: %s", strerror(errno));
			return;
		}
		if (ps.fds[0].revents & POLLIN)
			accept_client();
		if (d.evtchn_fd >= 0 && (ps.fds[1].revents & POLLIN))
			handle_events();
		for (i = d.evtchn_fd >= 0 ? 2 : 1; i < ps.n; i++) {
			struct transport *t = ps.who[i];

			if (ps.fds[i].revents & (POLLIN | POLLHUP | POLLERR))
				socket_input(t);
			if (ps.fds[i].revents & POLLOUT)
				socket_output(t);
		}
	}
}

static void on_signal(int sig)
{
	(void)sig;
	d.quit = true;
}

static void usage(void)
{
	fprintf(stderr, "usage: pvstored [-N] [-D] [-V] [-F PIDFILE] [-T LOGFILE] [-E NODES] "
			"[-W WATCHES] [-S NODE_SIZE] [-t TRANSACTIONS] [-A PERMS] [-M PATH_LEN]\n");
	exit(2);
}

static unsigned int number(const char *opt, const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v > 1u << 30) {
		fprintf(stderr, "pvstored: %s: must be a number (got \"%s\")\n", opt, s);
		exit(2);
	}
	return (unsigned int)v;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"no-fork", no_argument, NULL, 'N'},
		{"no-domain-init", no_argument, NULL, 'D'},
		{"verbose", no_argument, NULL, 'V'},
		{"pid-file", required_argument, NULL, 'F'},
		{"trace-file", required_argument, NULL, 'T'},
		{"entry-nb", required_argument, NULL, 'E'},
		{"watch-nb", required_argument, NULL, 'W'},
		{"entry-size", required_argument, NULL, 'S'},
		{"transaction", required_argument, NULL, 't'},
		{"perm-nb", required_argument, NULL, 'A'},
		{"path-max", required_argument, NULL, 'M'},
		{"help", no_argument, NULL, 'H'},
		{NULL, 0, NULL, 0},
	};
	struct xs_hooks hooks = {.introduce = hook_introduce,
				 .rebind = hook_rebind,
				 .release = hook_release,
				 .log = log_line};
	const char *pidfile = NULL, *logfile = NULL;
	bool fork_it = true, dom0 = true, verbose = false;
	struct xs_quota q;
	struct ioctl_evtchn_bind_virq virq = {.virq = VIRQ_DOM_EXC};
	int opt, rc;

	xs_quota_default(&q);
	while ((opt = getopt_long(argc, argv, "NDVF:T:E:W:S:t:A:M:H", longopts, NULL)) != -1) {
		switch (opt) {
		case 'N':
			fork_it = false;
			break;
		case 'D':
			dom0 = false;
			break;
		case 'V':
			verbose = true;
			break;
		case 'F':
			pidfile = optarg;
			break;
		case 'T':
			logfile = optarg;
			break;
		case 'E':
			q.entries = number("-E", optarg);
			break;
		case 'W':
			q.watches = number("-W", optarg);
			break;
		case 'S':
			q.node_size = number("-S", optarg);
			break;
		case 't':
			q.transactions = number("-t", optarg);
			break;
		case 'A':
			q.perms = number("-A", optarg);
			break;
		case 'M':
			q.path_len = number("-M", optarg);
			if (q.path_len > XENSTORE_REL_PATH_MAX)
				q.path_len = XENSTORE_REL_PATH_MAX;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	if (logfile) {
		d.log = fopen(logfile, "a");
		if (!d.log) {
			say("%s: %s", logfile, strerror(errno));
			return 1;
		}
	} else if (verbose) {
		d.log = stderr;
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);

	d.e = xs_engine_new(&q, &hooks);
	if (!d.e) {
		say("out of memory");
		return 1;
	}
	xs_engine_set_logging(d.e, d.log != NULL);
	d.listen_fd = open_socket();
	if (d.listen_fd < 0)
		return 1;
	d.evtchn_fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	d.gntdev_fd = open("/dev/xen/gntdev", O_RDWR | O_CLOEXEC);
	d.privcmd_fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	if (d.evtchn_fd < 0 && dom0) {
		say("/dev/xen/evtchn: %s (-D runs without Xen, socket only)", strerror(errno));
		return 1;
	}
	if (d.evtchn_fd >= 0) {
		rc = ioctl(d.evtchn_fd, IOCTL_EVTCHN_BIND_VIRQ, &virq);
		if (rc >= 0)
			d.virq_port = (unsigned int)rc;
		else
			say("VIRQ_DOM_EXC: %s (domains that die go unnoticed)", strerror(errno));
	}
	if (dom0 && connect_dom0())
		return 1;

	if (fork_it) {
		pid_t pid = fork();

		if (pid < 0) {
			say("fork: %s", strerror(errno));
			return 1;
		}
		if (pid > 0)
			return 0;
		setsid();
		if (!freopen("/dev/null", "r", stdin) || !freopen("/dev/null", "w", stdout) ||
		    (d.log != stderr && !freopen("/dev/null", "w", stderr)))
			return 1;
	}
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f)) {
			say("%s: %s", pidfile, strerror(errno));
			return 1;
		}
	}
	run();
	xs_engine_free(d.e);
	return 0;
}
