/* SPDX-License-Identifier: MIT */
/*
 * Error numbers returned by hypercalls, negated, in rax. The values are
 * x86 Linux's (and Xen's), whatever the guest OS; a non-Linux guest must
 * translate. Names carry a XEN_ prefix so this header can sit next to a
 * C library's <errno.h>.
 *
 * Three ways to use it:
 *   - include it: enum xen_errno gives XEN_EPERM, XEN_ENOENT, ...;
 *   - with __XEN__ defined (the hypervisor build) it also gives the
 *     plain names EPERM, ENOENT, ... plus the internal EINTR and
 *     ERESTART, which never reach a guest;
 *   - define XEN_ERRNO(name, value) and include it: only the list is
 *     expanded (for name tables), as with Xen's header.
 */
#ifndef __XEN_PUBLIC_ERRNO_LIST__
#define __XEN_PUBLIC_ERRNO_LIST__

#define XEN_ERRNO_LIST(X)                       \
	X(EPERM, 1)    /* not permitted */      \
	X(ENOENT, 2)   /* no such entry */      \
	X(ESRCH, 3)    /* no such domain */     \
	X(EIO, 5)                               \
	X(ENXIO, 6)                             \
	X(E2BIG, 7)                             \
	X(ENOEXEC, 8)                           \
	X(EBADF, 9)                             \
	X(ECHILD, 10)                           \
	X(EAGAIN, 11)  /* try again */          \
	X(EWOULDBLOCK, 11)                      \
	X(ENOMEM, 12)                           \
	X(EACCES, 13)                           \
	X(EFAULT, 14)  /* bad guest address */  \
	X(EBUSY, 16)                            \
	X(EEXIST, 17)                           \
	X(EXDEV, 18)                            \
	X(ENODEV, 19)                           \
	X(ENOTDIR, 20)                          \
	X(EISDIR, 21)                           \
	X(EINVAL, 22)                           \
	X(ENFILE, 23)                           \
	X(EMFILE, 24)                           \
	X(ENOSPC, 28)                           \
	X(EROFS, 30)                            \
	X(EMLINK, 31)                           \
	X(EDOM, 33)                             \
	X(ERANGE, 34)                           \
	X(EDEADLK, 35)                          \
	X(EDEADLOCK, 35)                        \
	X(ENAMETOOLONG, 36)                     \
	X(ENOLCK, 37)                           \
	X(ENOSYS, 38)  /* unknown (sub-)op */   \
	X(ENOTEMPTY, 39)                        \
	X(ENODATA, 61)                          \
	X(ETIME, 62)                            \
	X(EBADMSG, 74)                          \
	X(EOVERFLOW, 75)                        \
	X(EILSEQ, 84)                           \
	X(ENOTSOCK, 88)                         \
	X(EMSGSIZE, 90)                         \
	X(EOPNOTSUPP, 95)                       \
	X(EADDRINUSE, 98)                       \
	X(EADDRNOTAVAIL, 99)                    \
	X(ENOBUFS, 105)                         \
	X(EISCONN, 106)                         \
	X(ENOTCONN, 107)                        \
	X(ETIMEDOUT, 110)                       \
	X(ECONNREFUSED, 111)

/* Hypervisor-internal: never returned to a guest. */
#define XEN_ERRNO_LIST_INTERNAL(X) \
	X(EINTR, 4)                \
	X(ERESTART, 85) /* hypercall continuation */

#endif /* __XEN_PUBLIC_ERRNO_LIST__ */

#ifdef XEN_ERRNO

/* List-only mode: one XEN_ERRNO(name, value) per error. */
XEN_ERRNO_LIST(XEN_ERRNO)
#ifdef __XEN__
XEN_ERRNO_LIST_INTERNAL(XEN_ERRNO)
#endif
#undef XEN_ERRNO

#else /* !XEN_ERRNO */

#ifndef __XEN_PUBLIC_ERRNO_H__
#define __XEN_PUBLIC_ERRNO_H__

#ifndef __ASSEMBLY__
#define XEN_ERRNO_ENUM_(name, value) XEN_ ## name = value,
enum xen_errno {
	XEN_ERRNO_LIST(XEN_ERRNO_ENUM_)
	XEN_ERRNO_LIST_INTERNAL(XEN_ERRNO_ENUM_)
};

#ifdef __XEN__
#define XEN_ERRNO_PLAIN_(name, value) name = value,
enum {
	XEN_ERRNO_LIST(XEN_ERRNO_PLAIN_)
	XEN_ERRNO_LIST_INTERNAL(XEN_ERRNO_PLAIN_)
};
#endif
#elif !defined(__XEN_INTERFACE_VERSION__) || __XEN_INTERFACE_VERSION__ < 0x00040700
/*
 * GNU assembler: the same names as symbols (XEN_EPERM = 1...), as
 * Xen's headers give assembly of interface levels before 4.7.
 */
#define XEN_ERRNO_EQU_(name, value) .equ XEN_ ## name, value;
XEN_ERRNO_LIST(XEN_ERRNO_EQU_)
#endif

#endif /* __XEN_PUBLIC_ERRNO_H__ */

#endif /* XEN_ERRNO */
