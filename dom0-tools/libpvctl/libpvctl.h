/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libpvctl: dom0's control library, Xen 4.17's interface through Linux's
 * /dev/xen/privcmd. This header is its core: a handle, hypercalls with
 * their arguments in hypercall-safe memory, and domctl/sysctl issued with
 * the interface version filled in. The rest of the library (the domain
 * builder, the xenstore client, the domain operations) declares itself in
 * headers of its own next to this one.
 *
 * Errors: every call returns >= 0 on success and a negative errno on
 * failure, and then leaves one line a person can act on in the handle
 * ("XEN_DOMCTL_pausedomain d5: No such process"), read with
 * pvctl_error(). Nothing prints; the caller decides.
 *
 * Memory a hypercall reads or writes, including everything a guest handle
 * inside a domctl or sysctl points to, must come from pvctl_buf_alloc():
 * Linux maps it from /dev/xen/hypercall where that exists, so it is never
 * paged out or moved while the hypervisor copies it (the way libxc's
 * xencall does it).
 */
#ifndef LIBPVCTL_H
#define LIBPVCTL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <public/xen.h>
#include <public/domctl.h>
#include <public/sysctl.h>

#define PVCTL_ERR_MAX 256

struct pvctl {
	int privcmd_fd;		 /* /dev/xen/privcmd */
	int hcbuf_fd;		 /* /dev/xen/hypercall, -1 if Linux lacks it */
	char error[PVCTL_ERR_MAX]; /* the last failure, "" after open */
	void *spare;		 /* one free hypercall page, kept for the next small call */
	/* Progress lines (pvctl -v), or NULL (the default after open): the caller prints. */
	void (*note)(const char *line);
};

/* Opens /dev/xen/privcmd (and /dev/xen/hypercall). */
int pvctl_open(struct pvctl *h);
void pvctl_close(struct pvctl *h);

/* The last failure's line. */
const char *pvctl_error(const struct pvctl *h);
/* Records rc's line (printf-style, ": strerror(-rc)" appended); returns rc. */
int pvctl_fail(struct pvctl *h, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* len random bytes from /dev/urandom (uuids, MACs): 0 or -EIO. */
int pvctl_random(void *buf, size_t len);

/* A progress line ("populated 4096 pages") to h->note, if one is set. */
void pvctl_note(struct pvctl *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Page-granular hypercall-safe memory, its size bytes zeroed; NULL (and an error) if none. */
void *pvctl_buf_alloc(struct pvctl *h, size_t size);
void pvctl_buf_free(struct pvctl *h, void *p, size_t size);

/*
 * A raw hypercall: its result, or -errno (the hypervisor's error as
 * privcmd reports it). Records no error line; the wrappers do.
 */
long pvctl_hypercall(struct pvctl *h, unsigned int op, uint64_t a0, uint64_t a1, uint64_t a2,
		     uint64_t a3, uint64_t a4);

/*
 * domctl and sysctl: sets interface_version, issues the op through a
 * hypercall-safe copy of *op and copies the result back (also on failure,
 * as Xen's copyback fields are meaningful then). The error line names the
 * op and the domain.
 */
int pvctl_domctl(struct pvctl *h, struct xen_domctl *op);
int pvctl_sysctl(struct pvctl *h, struct xen_sysctl *op);

/*
 * A hypercall whose one argument is a struct (memory_op, grant_table_op,
 * event_channel_op...): op(cmd, copy of arg[len], count), the struct copied
 * back afterwards. what names it in the error line.
 */
long pvctl_hypercall_struct(struct pvctl *h, const char *what, unsigned int op, unsigned int cmd,
			    void *arg, size_t len, unsigned int count);

/* The name of a domctl or sysctl command, for messages ("XEN_DOMCTL_...", or "domctl 42"). */
const char *pvctl_domctl_name(uint32_t cmd);
const char *pvctl_sysctl_name(uint32_t cmd);

#endif /* LIBPVCTL_H */
