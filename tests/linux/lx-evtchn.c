// SPDX-License-Identifier: GPL-2.0-only
/*
 * lx-evtchn: event delivery to dom0's user space through /dev/xen/evtchn,
 * on a loopback channel. Port A is bound unbound for dom0 itself, port B
 * binds interdomain to (dom0, A); then ROUNDS times, notifying B must
 * deliver exactly A and notifying A exactly B: read() returns that one
 * port, nothing else, and writing it back unmasks it. Exit 0 and one "ok"
 * line, or "Fail:" lines and exit 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "xen-ioctl.h"

#define ROUNDS 100
#define SELF 0 /* dom0's domain id */

static int fd;

/*
 * Wait up to ms for delivered ports and read them into ports[] (at most
 * max). Returns how many, 0 on a timeout, -1 on an error (errno set).
 */
static int read_ports(uint32_t *ports, int max, int ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	int rc;

	rc = poll(&p, 1, ms);
	if (rc <= 0)
		return rc;
	rc = read(fd, ports, max * sizeof(*ports));
	return rc < 0 ? -1 : rc / (int)sizeof(*ports);
}

static int unmask(uint32_t port)
{
	return write(fd, &port, sizeof(port)) == sizeof(port) ? 0 : -1;
}

/* Notify from, expect exactly to back. Returns 0, or 1 after a Fail line. */
static int ping(int round, uint32_t from, uint32_t to)
{
	struct ioctl_evtchn_notify notify = {.port = from};
	uint32_t ports[8];
	int n;

	if (ioctl(fd, IOCTL_EVTCHN_NOTIFY, &notify) < 0) {
		printf("Fail: evtchn notify port %u (round %d): expected 0, got %s\n", from, round,
		       strerror(errno));
		return 1;
	}
	n = read_ports(ports, 8, 2000);
	if (n != 1 || ports[0] != to) {
		printf("Fail: evtchn round %d, notify %u: expected port %u delivered once, got %d "
		       "port(s)%s%s, first %u\n",
		       round, from, to, n, n < 0 ? ", error " : "", n < 0 ? strerror(errno) : "",
		       n > 0 ? ports[0] : 0);
		return 1;
	}
	if (unmask(to) < 0) {
		printf("Fail: evtchn unmask port %u: expected 0, got %s\n", to, strerror(errno));
		return 1;
	}
	return 0;
}

int main(void)
{
	struct ioctl_evtchn_bind_unbound_port unbound = {.remote_domain = SELF};
	struct ioctl_evtchn_bind_interdomain inter = {.remote_domain = SELF};
	struct ioctl_evtchn_unbind unbind;
	uint32_t ports[8];
	int a, b, n, i;

	fd = open("/dev/xen/evtchn", O_RDWR);
	if (fd < 0) {
		printf("Fail: open /dev/xen/evtchn: expected a descriptor, got %s\n",
		       strerror(errno));
		return 1;
	}
	a = ioctl(fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &unbound);
	if (a < 0) {
		printf("Fail: evtchn bind unbound port for d0: expected a port, got %s\n",
		       strerror(errno));
		return 1;
	}
	inter.remote_port = a;
	b = ioctl(fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &inter);
	if (b < 0) {
		printf("Fail: evtchn bind interdomain to (d0, %d): expected a port, got %s\n", a,
		       strerror(errno));
		return 1;
	}
	/* Binding raises the new port once (Xen does, lest a notification
	 * sent before the bind be lost): take what came and unmask it. */
	while ((n = read_ports(ports, 8, 100)) > 0)
		for (i = 0; i < n; i++)
			if (ports[i] != (uint32_t)b || unmask(ports[i]) < 0) {
				printf("Fail: evtchn after bind: expected only port %d pending, "
				       "got %u\n",
				       b, ports[i]);
				return 1;
			}
	for (i = 0; i < ROUNDS; i++)
		if (ping(i, b, a) || ping(i, a, b))
			return 1;
	/* Nothing stray afterwards. */
	n = read_ports(ports, 8, 100);
	if (n != 0) {
		printf("Fail: evtchn after %d rounds: expected no pending port, got %d (first "
		       "%u)\n",
		       ROUNDS, n, n > 0 ? ports[0] : 0);
		return 1;
	}
	unbind.port = b;
	if (ioctl(fd, IOCTL_EVTCHN_UNBIND, &unbind) < 0) {
		printf("Fail: evtchn unbind %d: expected 0, got %s\n", b, strerror(errno));
		return 1;
	}
	unbind.port = a;
	if (ioctl(fd, IOCTL_EVTCHN_UNBIND, &unbind) < 0) {
		printf("Fail: evtchn unbind %d: expected 0, got %s\n", a, strerror(errno));
		return 1;
	}
	close(fd);
	printf("ok: evtchn: loopback ports %d <-> %d, %d events each way\n", a, b, ROUNDS);
	return 0;
}
