/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small PV domain builder for a dom0 kernel, on xen-like and on Xen
 * 4.17: it creates a one-vCPU 64-bit PV domU from an ELF image in memory
 * (in practice dom0's own image, handed to it as its initrd), the way
 * libxenguest does, through Xen 4.17's domctl (include/public/domctl.h).
 *
 * The domU starts as Xen's PV ABI says (start of day: kernel, P2M,
 * start_info, xenstore and console pages, page tables, boot stack,
 * at least 512 KiB of slack, all mapped from the image's virtual base,
 * the L4 pinned), with events masked, a console and a xenstore page
 * whose event channels are its ports 1 and 2 (unbound, remote dom0,
 * nobody serves them), so the first port it allocates itself is
 * BUILDER_FIRST_FREE_PORT.
 *
 * Every function returns 0 (or a count) or a negative -XEN_E* code; the
 * builder prints one line naming the step that failed and its error,
 * and destroys the domain if it had created one.
 */
#ifndef GUEST_BUILDER_H
#define GUEST_BUILDER_H

#include <stddef.h>
#include <stdint.h>
#include <public/domctl.h>
#include <public/event_channel.h>

/* The largest domU the builder makes (its P2M is a static array in dom0). */
#define BUILDER_MAX_MIB 32
/* The domU's own first EVTCHNOP_alloc_unbound returns this port. */
#define BUILDER_FIRST_FREE_PORT 3

struct builder_domain {
	/* IN */
	domid_t domid;	      /* wanted id; 0: Xen picks one */
	unsigned int mem_mib; /* memory, 1..BUILDER_MAX_MIB */
	const void *image;    /* the ELF image, read only */
	size_t image_len;
	const char *cmdline; /* start_info.cmd_line, at most 1023 bytes */
	/* OUT, once built */
	domid_t built;		    /* the domain's id */
	evtchn_port_t console_port; /* in the domU, remote dom0 */
	evtchn_port_t store_port;   /* in the domU, remote dom0 */
	uint64_t nr_pages;
	uint64_t entry;		/* rip */
	uint64_t start_info_va; /* rsi */
	uint64_t v_end;		/* end of the bootstrap mapping */
};

/*
 * dom0's initrd (start_info mod_start/mod_len, a virtual address or,
 * with SIF_MOD_START_PFN, a PFN of the image). -XEN_ENOENT if there is none.
 */
long builder_own_module(const void **image, size_t *len);

/*
 * Check that @image is an ELF64 x86-64 executable the builder can load
 * (header, program headers and PT_LOAD segments inside the image and
 * below 1 GiB of the virtual base, an entry point inside them), without
 * creating anything. 0 or -XEN_EINVAL, with a line saying why.
 */
long builder_check_image(const void *image, size_t len);

/*
 * Build and unpause a domU as described in @b. On failure nothing is
 * left behind: a domain that was created is destroyed.
 * Errors: -XEN_EINVAL (image refused, mem_mib or cmdline out of range,
 * before anything is created); any error of the failing hypercall.
 */
long builder_create(struct builder_domain *b);

/*
 * Reading and destroying the domain built: guest/control.h's
 * domctl_getdomaininfo() and domctl_destroydomain().
 */

#endif /* GUEST_BUILDER_H */
