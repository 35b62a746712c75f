/* SPDX-License-Identifier: MIT */
/*
 * XEN_HYPFS_OP_*: __HYPERVISOR_hypfs_op, a small file system of
 * hypervisor runtime parameters and information (xenhypfs). xen-like
 * answers hypfs_op with -ENOSYS; the interface is here for code built
 * against Xen's headers.
 *
 * The one idea: every call names a node by absolute path; reading a
 * directory yields packed struct xen_hypfs_dirlistentry records, reading
 * a leaf yields a struct xen_hypfs_direntry and then its contents.
 */
#ifndef __XEN_PUBLIC_HYPFS_H__
#define __XEN_PUBLIC_HYPFS_H__

#include "xen.h"

#define XEN_HYPFS_VERSION     1
#define XEN_HYPFS_MAX_PATHLEN 1024

#ifndef __ASSEMBLY__
struct xen_hypfs_direntry {
	uint8_t type;
#define XEN_HYPFS_TYPE_DIR    0
#define XEN_HYPFS_TYPE_BLOB   1
#define XEN_HYPFS_TYPE_STRING 2
#define XEN_HYPFS_TYPE_UINT   3
#define XEN_HYPFS_TYPE_INT    4
#define XEN_HYPFS_TYPE_BOOL   5
	uint8_t encoding;
#define XEN_HYPFS_ENC_PLAIN 0
#define XEN_HYPFS_ENC_GZIP  1
	uint16_t pad;
	uint32_t content_len;   /* bytes of content (directories: of the listing) */
	uint32_t max_write_len; /* 0: read-only */
};
typedef struct xen_hypfs_direntry xen_hypfs_direntry_t;

/* A directory listing entry; off_next leads to the next (0: last). */
struct xen_hypfs_dirlistentry {
	xen_hypfs_direntry_t e;
	uint16_t off_next;
	__extension__ char name[XEN_FLEX_ARRAY_DIM]; /* NUL-terminated */
};
#endif /* !__ASSEMBLY__ */

/*
 * hypfs_op(cmd, path, path_len, buf, buf_len):
 * XEN_HYPFS_OP_get_version: returns XEN_HYPFS_VERSION (no arguments).
 * XEN_HYPFS_OP_read: fills buf with the direntry and the contents.
 * XEN_HYPFS_OP_write_contents: replaces a writable leaf's contents.
 */
#define XEN_HYPFS_OP_get_version    0
#define XEN_HYPFS_OP_read           1
#define XEN_HYPFS_OP_write_contents 2

#endif /* __XEN_PUBLIC_HYPFS_H__ */
