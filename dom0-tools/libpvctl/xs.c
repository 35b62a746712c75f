// SPDX-License-Identifier: GPL-2.0-only
/*
 * A minimal xenstore client over the daemon's Unix socket, speaking
 * xs_wire.h directly (no libxenstore, so pvconsoled links statically):
 * one request at a time, answered before the next; watch events that
 * arrive meanwhile, or while idle, are queued for xs_next_event().
 *
 * In a batch (xs_batch_begin/end), requests whose reply carries no data
 * (write, mkdir, rm, set_perms...) are queued and sent together, and
 * their replies read together: the daemon answers a connection's
 * requests in order, so a create's ~80 writes cost one round trip
 * instead of ~80 (each is a context switch to the daemon and back).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "xs.h"

#define MAX_EVENTS 256

static int fd = -1;
static uint32_t req_id;
static uint32_t tx_id; /* the open transaction, 0 for none */
static char events[MAX_EVENTS][XENSTORE_ABS_PATH_MAX + 1];
static unsigned int ev_head, ev_count;

/* The batch: queued requests, how many replies are owed, the first error. */
#define BATCH_BYTES 32768
#define BATCH_MAX 128
static bool batching;
static char batch_out[BATCH_BYTES];
static size_t batch_len;
static unsigned int batch_owed;
static int batch_err;

static int io_all(bool out, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = out ? write(fd, p, len) : read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EPIPE;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int xs_connect(void)
{
	const char *dir = getenv("XENSTORED_RUNDIR");
	struct sockaddr_un addr = {.sun_family = AF_UNIX};

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/socket",
		 dir ? dir : "/var/run/xenstored");
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		int rc = -errno;

		close(fd);
		fd = -1;
		return rc;
	}
	return fd;
}

/* The daemon's error name ("ENOENT") as -errno; -EIO if unknown. */
static int error_value(const char *name)
{
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (!strcmp(name, xsd_errors[i].errstring))
			return -xsd_errors[i].errnum;
	return -EIO;
}

/* Reads one message; an event is queued and 1 returned, a reply 0. */
static int read_message(struct xsd_sockmsg *h, char *buf)
{
	if (io_all(false, h, sizeof(*h)) || h->len > XENSTORE_PAYLOAD_MAX ||
	    io_all(false, buf, h->len))
		return -EPIPE;
	buf[h->len] = 0;
	if (h->type != XS_WATCH_EVENT)
		return 0;
	if (ev_count < MAX_EVENTS) {
		snprintf(events[(ev_head + ev_count) % MAX_EVENTS], sizeof(events[0]), "%s", buf);
		ev_count++;
	}
	return 1;
}

/* Reads the next reply (events queued): 0, the daemon's error, or -EPIPE. */
static int read_reply(struct xsd_sockmsg *h, char *buf)
{
	int rc;

	while ((rc = read_message(h, buf)) == 1)
		;
	if (rc)
		return rc;
	return h->type == XS_ERROR ? error_value(buf) : 0;
}

/* Appends one request to the batch buffer: false if it is full. */
static bool batch_queue(uint32_t type, const void *payload, size_t len)
{
	struct xsd_sockmsg h = {
		.type = type, .req_id = ++req_id, .tx_id = tx_id, .len = (uint32_t)len};

	if (batch_owed == BATCH_MAX || batch_len + sizeof(h) + len > sizeof(batch_out))
		return false;
	memcpy(batch_out + batch_len, &h, sizeof(h));
	memcpy(batch_out + batch_len + sizeof(h), payload, len);
	batch_len += sizeof(h) + len;
	batch_owed++;
	return true;
}

/*
 * Sends the queued requests and reads their replies, in order. With
 * values, reply i's data goes to values + i * size (NUL-terminated) and
 * its result to rcs[i]; without, the first error is kept in batch_err.
 * Returns -EPIPE if the daemon went away, else 0 (values) or batch_err.
 */
static int batch_send(char *values, size_t size, int *rcs)
{
	static char buf[XENSTORE_PAYLOAD_MAX + 1];
	struct xsd_sockmsg h;
	int rc = 0;

	if (batch_len && io_all(true, batch_out, batch_len))
		rc = -EPIPE;
	for (unsigned int i = 0; !rc && i < batch_owed; i++) {
		rc = read_reply(&h, buf);
		if (rc == -EPIPE)
			break;
		if (values) {
			char *v = values + (size_t)i * size;

			if (!rc && h.len + 1 > size)
				rc = -E2BIG;
			rcs[i] = rc;
			v[0] = 0;
			if (!rc) {
				memcpy(v, buf, h.len);
				v[h.len] = 0;
			}
		} else if (rc && !batch_err) {
			batch_err = rc;
		}
		rc = 0;
	}
	batch_len = 0;
	batch_owed = 0;
	if (rc && !values && !batch_err)
		batch_err = rc;
	return rc ? rc : values ? 0 : batch_err;
}

static int batch_flush(void)
{
	return batch_send(NULL, 0, NULL);
}

void xs_batch_begin(void)
{
	batching = true;
	batch_len = 0;
	batch_owed = 0;
	batch_err = 0;
}

int xs_batch_end(void)
{
	int rc = batch_flush();

	batching = false;
	batch_err = 0;
	return rc;
}

int xs_request(uint32_t type, const void *payload, size_t len, char *reply, size_t *reply_len)
{
	struct xsd_sockmsg h;
	static char buf[XENSTORE_PAYLOAD_MAX + 1];
	int rc;

	if (batching && !reply) {
		/* One message always fits an empty buffer (payloads are at most 4 KiB). */
		if (!batch_queue(type, payload, len)) {
			batch_flush();
			batch_queue(type, payload, len);
		}
		return 0;
	}
	if (batching && batch_owed) {
		/* A reply with data comes after everything queued before it. */
		rc = batch_flush();
		if (rc == -EPIPE)
			return rc;
	}
	h = (struct xsd_sockmsg){
		.type = type, .req_id = ++req_id, .tx_id = tx_id, .len = (uint32_t)len};
	if (io_all(true, &h, sizeof(h)) || io_all(true, (void *)payload, len))
		return -EPIPE;
	rc = read_reply(&h, buf);
	if (rc)
		return rc;
	if (reply) {
		memcpy(reply, buf, h.len + 1);
		*reply_len = h.len;
	}
	return 0;
}

int xs_read(const char *path, char *value, size_t size)
{
	char buf[XENSTORE_PAYLOAD_MAX + 1];
	size_t len;
	int rc = xs_request(XS_READ, path, strlen(path) + 1, buf, &len);

	if (rc)
		return rc;
	if (len + 1 > size)
		return -E2BIG;
	memcpy(value, buf, len);
	value[len] = 0;
	return 0;
}

int xs_read_many(const char *const *paths, unsigned int n, char *values, size_t size, int *rcs)
{
	unsigned int first = 0;
	int rc;

	/* Writes queued before come first (their errors stay for xs_batch_end()). */
	if (batch_owed && batch_flush() == -EPIPE)
		return -EPIPE;
	for (unsigned int i = 0; i < n; i++) {
		size_t plen = strlen(paths[i]) + 1;

		if (plen > XENSTORE_PAYLOAD_MAX)
			return -E2BIG;
		if (batch_queue(XS_READ, paths[i], plen))
			continue;
		/* Full: these replies in, then start the next buffer with path i. */
		rc = batch_send(values + (size_t)first * size, size, rcs + first);
		if (rc)
			return rc;
		first = i;
		batch_queue(XS_READ, paths[i], plen);
	}
	return batch_send(values + (size_t)first * size, size, rcs + first);
}

int xs_write(const char *path, const char *value)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t plen = strlen(path) + 1, vlen = strlen(value);

	if (plen + vlen > sizeof(buf))
		return -E2BIG;
	memcpy(buf, path, plen);
	memcpy(buf + plen, value, vlen);
	return xs_request(XS_WRITE, buf, plen + vlen, NULL, NULL);
}

int xs_mknode(const char *path, const char *const *perms, unsigned int nr)
{
	int rc = xs_write(path, "");

	return rc ? rc : xs_set_perms(path, perms, nr);
}

int xs_writef(const char *dir, const char *node, const char *fmt, ...)
{
	char path[XENSTORE_ABS_PATH_MAX + 1], value[XENSTORE_ABS_PATH_MAX + 1];
	va_list ap;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, node) >= sizeof(path))
		return -E2BIG;
	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	return xs_write(path, value);
}

int xs_watch(const char *path, const char *token)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	int n = snprintf(buf, sizeof(buf), "%s%c%s", path, 0, token);

	return xs_request(XS_WATCH, buf, (size_t)n + 1, NULL, NULL);
}

int xs_directory(const char *path, char *names, size_t *len)
{
	return xs_request(XS_DIRECTORY, path, strlen(path) + 1, names, len);
}

int xs_poll_input(void)
{
	struct xsd_sockmsg h;
	static char buf[XENSTORE_PAYLOAD_MAX + 1];
	int rc = read_message(&h, buf);

	return rc < 0 ? rc : 0;
}

bool xs_next_event(char *path, size_t size)
{
	if (!ev_count)
		return false;
	snprintf(path, size, "%s", events[ev_head]);
	ev_head = (ev_head + 1) % MAX_EVENTS;
	ev_count--;
	return true;
}

int xs_mkdir(const char *path)
{
	return xs_request(XS_MKDIR, path, strlen(path) + 1, NULL, NULL);
}

int xs_rm(const char *path)
{
	return xs_request(XS_RM, path, strlen(path) + 1, NULL, NULL);
}

int xs_set_perms(const char *path, const char *const *perms, unsigned int nr)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t len = strlen(path) + 1;

	if (len > sizeof(buf))
		return -E2BIG;
	memcpy(buf, path, len);
	for (unsigned int i = 0; i < nr; i++) {
		size_t n = strlen(perms[i]) + 1;

		if (n > sizeof(buf) - len)
			return -E2BIG;
		memcpy(buf + len, perms[i], n);
		len += n;
	}
	return xs_request(XS_SET_PERMS, buf, len, NULL, NULL);
}

int xs_transaction_start(void)
{
	char buf[32];
	size_t len;
	int rc;

	if (tx_id)
		return -EBUSY;
	rc = xs_request(XS_TRANSACTION_START, "", 1, buf, &len);
	if (rc)
		return rc;
	tx_id = (uint32_t)strtoul(buf, NULL, 10);
	return tx_id ? 0 : -EIO;
}

int xs_transaction_end(bool commit)
{
	int rc;

	if (!tx_id)
		return -EINVAL;
	rc = xs_request(XS_TRANSACTION_END, commit ? "T" : "F", 2, NULL, NULL);
	tx_id = 0;
	return rc;
}

int xs_introduce(unsigned int domid, uint64_t mfn, unsigned int port)
{
	char buf[96];
	int n = snprintf(buf, sizeof(buf), "%u%c%llu%c%u", domid, 0, (unsigned long long)mfn, 0,
			 port);

	return xs_request(XS_INTRODUCE, buf, (size_t)n + 1, NULL, NULL);
}

int xs_release(unsigned int domid)
{
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%u", domid);

	return xs_request(XS_RELEASE, buf, (size_t)n + 1, NULL, NULL);
}

int xs_get_domain_path(unsigned int domid, char *path, size_t size)
{
	char buf[XENSTORE_PAYLOAD_MAX + 1], id[16];
	size_t len;
	int n = snprintf(id, sizeof(id), "%u", domid);
	int rc = xs_request(XS_GET_DOMAIN_PATH, id, (size_t)n + 1, buf, &len);

	if (rc)
		return rc;
	if (len + 1 > size)
		return -E2BIG;
	memcpy(path, buf, len);
	path[len] = 0;
	return 0;
}

int xs_unwatch(const char *path, const char *token)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	int n = snprintf(buf, sizeof(buf), "%s%c%s", path, 0, token);

	return xs_request(XS_UNWATCH, buf, (size_t)n + 1, NULL, NULL);
}

int xs_fd(void)
{
	return fd;
}

void xs_disconnect(void)
{
	if (fd >= 0)
		close(fd);
	fd = -1;
	tx_id = 0;
	ev_count = 0;
	batching = false;
	batch_len = batch_owed = 0;
	batch_err = 0;
}
