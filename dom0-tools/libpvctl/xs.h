/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libpvctl's xenstore client (xs.c), shared by pvctl and pvconsoled: the daemon's socket, one
 * synchronous request at a time, watch events queued. Errors are
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
int xs_write(const char *path, const char *value);
int xs_watch(const char *path, const char *token);
/* The child names, each NUL-terminated, len bytes in all. */
int xs_directory(const char *path, char *names, size_t *len);
/* The socket is readable: takes one message (an event) off it. */
int xs_poll_input(void);
/* The path of the next queued watch event, if any. */
bool xs_next_event(char *path, size_t size);

#endif /* LIBPVCTL_XS_H */
