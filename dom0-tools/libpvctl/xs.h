/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libpvctl's xenstore client (xs.c), shared by pvctl and pvconsoled: the daemon's socket, one
 * synchronous request at a time or a batch of them, watch events queued. Errors are
 * negative errno values (-ENOENT for a missing node).
 */
#ifndef LIBPVCTL_XS_H
#define LIBPVCTL_XS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/io/xs_wire.h>

/* Connects to $XENSTORED_RUNDIR/socket (default /var/run/xenstored); the fd. */
int xs_connect(void);
int xs_request(uint32_t type, const void *payload, size_t len, char *reply, size_t *reply_len);
/* A node's value as a string (NUL-terminated in value). */
int xs_read(const char *path, char *value, size_t size);
/*
 * XS_READ of n paths, sent together and answered together (a round trip
 * per 128, not per path): value i, NUL-terminated, at values + i * size,
 * and its result in rcs[i] (0, -ENOENT, -E2BIG if it does not fit...).
 * 0, or -EPIPE if the daemon went away.
 */
int xs_read_many(const char *const *paths, unsigned int n, char *values, size_t size, int *rcs);
int xs_write(const char *path, const char *value);
/* A node with perms, as libxl__xs_mknod: written empty, then its permissions. */
int xs_mknode(const char *path, const char *const *perms, unsigned int nr);
/* Writes dir/node = the formatted value. */
int xs_writef(const char *dir, const char *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int xs_watch(const char *path, const char *token);
/* The child names, each NUL-terminated, len bytes in all. */
int xs_directory(const char *path, char *names, size_t *len);
int xs_mkdir(const char *path);
/* Removes path and everything under it. */
int xs_rm(const char *path);
/* perms: nr strings such as "n0" (owner dom0, others none), "r5" (dom5 reads). */
int xs_set_perms(const char *path, const char *const *perms, unsigned int nr);
/*
 * One transaction at a time: every request until xs_transaction_end()
 * belongs to it. End returns -EAGAIN if the daemon asks for a retry.
 */
int xs_transaction_start(void);
int xs_transaction_end(bool commit);
/*
 * A batch: until xs_batch_end(), requests that return no data (write,
 * mkdir, rm, set_perms) return 0 at once and are sent together; a
 * request that returns data sends what is queued first. xs_batch_end()
 * sends the rest and reads every reply: 0, or the first request's error
 * (the later ones were still made; use a transaction to undo them).
 */
void xs_batch_begin(void);
int xs_batch_end(void);
/* XS_INTRODUCE: the daemon maps domid's ring (gfn mfn) and binds port. */
int xs_introduce(unsigned int domid, uint64_t mfn, unsigned int port);
/* XS_RELEASE: the daemon forgets domid's connection. */
int xs_release(unsigned int domid);
/* XS_GET_DOMAIN_PATH: "/local/domain/<domid>". */
int xs_get_domain_path(unsigned int domid, char *path, size_t size);
int xs_unwatch(const char *path, const char *token);
/* The socket, for poll() (-1 if not connected). */
int xs_fd(void);
/* Closes the connection (a forked child reconnects with xs_connect()). */
void xs_disconnect(void);
/* The socket is readable: takes one message (an event) off it. */
int xs_poll_input(void);
/* The path of the next queued watch event, if any. */
bool xs_next_event(char *path, size_t size);

#endif /* LIBPVCTL_XS_H */
