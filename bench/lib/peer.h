/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The peer domain d1 of a two-domain bench kernel (DOMUS in its
 * Makefile, read by bench/lib/domus.sh), on either hypervisor:
 *   xen-like: a boot-time domU; dom0's command line says "domus=1";
 *   Xen 4.17: no boot-time domains, so dom0's command line says
 *       "build-domus=1 d1=<the domU's command line, commas for spaces>
 *       d1-mem=<MiB>", module 2 is this same image, and dom0 builds d1
 *       from it with guest-pv-abi's builder (guest/builder.h).
 * Either way d1 runs the same code with the same role. The one
 * difference it sees is its first port: 1 on xen-like, 3 on Xen (the
 * builder gives it console and xenstore ports 1 and 2); dom0 appends
 * "port=N" to a built peer's command line and d1 reads it with
 * bench_peer_port_expected(). Xen drops a domU's console output, so
 * dom0 prints every BENCH line and judges d1 by its shutdown reason.
 */
#ifndef BENCH_LIB_PEER_H
#define BENCH_LIB_PEER_H

#include <public/errno.h>
#include <guest/builder.h>
#include <multidom.h>

#define BENCH_PEER 1 /* d1 */

struct bench_peer {
	bool present;	    /* there is a d1 */
	bool built;	    /* built by us (Xen 4.17), not a boot-time domU */
	evtchn_port_t port; /* d1's first own port, which it offers to dom0 */
};

/* d1: the port its first alloc_unbound must return. */
static inline evtchn_port_t bench_peer_port_expected(void)
{
	return (evtchn_port_t)md_cmdline_ulong("port", 1);
}

/*
 * dom0: find or build d1. False, with a failure reported, if building it
 * failed; true otherwise (peer->present says whether there is one).
 */
static inline bool bench_peer_start(struct bench_peer *peer)
{
	char args[200], cmdline[256];
	struct builder_domain b = {.domid = BENCH_PEER};
	long rc;

	memset(peer, 0, sizeof(*peer));
	if (md_cmdline_ulong("domus", 0)) {
		peer->present = true;
		peer->port = 1;
		return true;
	}
	if (!md_cmdline_ulong("build-domus", 0))
		return true;
	if (!cmdline_option("d1", args, sizeof(args))) {
		xtf_error("build-domus=1 without d1=<command line>");
		return false;
	}
	for (char *p = args; *p; p++)
		if (*p == ',')
			*p = ' ';
	snprintf(cmdline, sizeof(cmdline), "%s port=%u", args, BUILDER_FIRST_FREE_PORT);
	b.cmdline = cmdline;
	b.mem_mib = md_cmdline_ulong("d1-mem", 16);
	rc = builder_own_module(&b.image, &b.image_len);
	if (!check_long("build-domus=1: our own image as module 2", 0, rc))
		return false;
	rc = builder_create(&b);
	if (!check_long("build d1 from our own image (guest/builder.h)", 0, rc))
		return false;
	printk("d1 built from our own image, command line \"%s\"\n", cmdline);
	peer->present = peer->built = true;
	peer->port = BUILDER_FIRST_FREE_PORT;
	return true;
}

/* dom0: destroy a d1 we built, once it has shut down (a boot-time one stays). */
static inline void bench_peer_finish(const struct bench_peer *peer)
{
	if (peer->built)
		check_long("destroydomain of d1", 0, domctl_destroydomain(BENCH_PEER));
}

#endif /* BENCH_LIB_PEER_H */
