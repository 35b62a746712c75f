// SPDX-License-Identifier: GPL-2.0-only
/*
 * lx-xsbench: xenstore operations per second from one client over a
 * xenstored's Unix socket, the wire protocol of xs_wire.h spoken
 * directly (no libxenstore): N rounds of a WRITE of a 16-byte value to
 * one of 16 nodes and a READ back, each request answered before the next
 * is sent. Every reply is checked (a wrong one is a failure, exit 1).
 *
 *   lx-xsbench SOCKET [ROUNDS]     (default 2000 rounds, 2 ops each)
 *
 * Prints "xsbench: SOCKET: N ops in S s: R ops/s".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <public/io/xs_wire.h>

static int fd;
static uint32_t req_id;

static int full_io(int write_it, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = write_it ? write(fd, p, len) : read(fd, p, len);

		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One request; the reply's payload into out (its length returned), -1 on error. */
static int request(uint32_t type, const void *payload, uint32_t len, char *out)
{
	struct xsd_sockmsg h = {.type = type, .req_id = ++req_id, .len = len};

	if (full_io(1, &h, sizeof(h)) || full_io(1, (void *)payload, len))
		return -1;
	for (;;) {
		if (full_io(0, &h, sizeof(h)) || h.len > XENSTORE_PAYLOAD_MAX ||
		    full_io(0, out, h.len))
			return -1;
		if (h.type == XS_WATCH_EVENT)
			continue;
		if (h.type != type || h.req_id != req_id)
			return -1;
		return (int)h.len;
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	unsigned long rounds = argc > 2 ? strtoul(argv[2], NULL, 10) : 2000, i;
	char msg[64], value[24], out[XENSTORE_PAYLOAD_MAX + 1];
	struct timespec t0, t1;
	double secs;
	int n, plen;

	if (argc < 2 || argc > 3 || !rounds) {
		fprintf(stderr, "usage: lx-xsbench SOCKET [ROUNDS]\n");
		return 2;
	}
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", argv[1]);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		perror(argv[1]);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < rounds; i++) {
		snprintf(value, sizeof(value), "%016lu", i % 10000000000000000ul);
		plen = snprintf(msg, sizeof(msg), "/bench/k%lu", i % 16) + 1;
		memcpy(msg + plen, value, 16);
		n = request(XS_WRITE, msg, (uint32_t)plen + 16, out);
		if (n != 3 || strcmp(out, "OK")) {
			fprintf(stderr, "Fail: xsbench: WRITE %s: expected OK, got %d bytes\n", msg,
				n);
			return 1;
		}
		n = request(XS_READ, msg, (uint32_t)plen, out);
		if (n != 16 || memcmp(out, value, 16)) {
			fprintf(stderr, "Fail: xsbench: READ %s: expected %s, got %d bytes\n", msg,
				value, n);
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("xsbench: %s: %lu ops in %.3f s: %.0f ops/s\n", argv[1], 2 * rounds, secs,
	       2.0 * (double)rounds / secs);
	return 0;
}
