/* SPDX-License-Identifier: MIT */
/*
 * The PV console ring: one page shared by a guest and its console
 * backend, found through start_info.console.domU.
 *
 * Indices are free-running 32-bit counters; a byte's slot is the index
 * masked by the ring size (MASK_XENCONS_IDX). prod - cons bytes are in
 * flight and never more than the ring size. A writer fills bytes, issues
 * a write barrier, then advances its prod index and notifies the peer on
 * the console event channel; a reader does the reverse.
 */
#ifndef __XEN_PUBLIC_IO_CONSOLE_H__
#define __XEN_PUBLIC_IO_CONSOLE_H__

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024];  /* backend -> guest (keyboard) */
	char out[2048]; /* guest -> backend (screen) */
	XENCONS_RING_IDX in_cons, in_prod;   /* guest, backend advance */
	XENCONS_RING_IDX out_cons, out_prod; /* backend, guest advance */
};

#endif /* __XEN_PUBLIC_IO_CONSOLE_H__ */
