// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest library's PV domain builder (guest-pv-abi/builder.c), run by
 * a dom0 kernel on Xen 4.17 with its own image as module 2. Behaviour
 * under test, in order:
 *   - refusals: a truncated, a garbled and a non-x86-64 ELF image, and a
 *     memory size too small for the image, are refused with -EINVAL
 *     before anything is created (no d1 appears);
 *   - a domU built from the image runs: getdomaininfo shows it neither
 *     paused nor dying, with the pages and the vCPU it was given, and
 *     it answers an event on an interdomain channel;
 *   - with d1 paused while it waits for the ping, its vCPU's context is
 *     read (getvcpucontext) and given back (setvcpucontext: Xen 4.17's
 *     rule for a vCPU that has one, same frames); then the vCPU is reset
 *     (a null context: getvcpucontext is -ENODATA after) and given the
 *     context read as its first one again. It still answers the ping
 *     once unpaused: the context read is the whole state it runs from,
 *     and a reset gives back what a context holds;
 *   - the domU saw the start of day the PV ABI promises (start_info
 *     magic, flags, nr_pages, console and xenstore ports, command line)
 *     and shuts down with SHUTDOWN_poweroff, crashing on any mismatch;
 *   - destroydomain removes it (getdomaininfo: -ESRCH).
 * The same on xen-like and on Xen 4.17: one domctl interface, Xen's.
 */
#include <public/errno.h>
#include <guest/builder.h>
#include <multidom.h>

const char test_title[] = "PV domain builder: build, run, talk to and destroy a domU";

#define PEER 1
#define PEER_MIB 16
#define PEER_CMDLINE "role=peer port=3"

static uint8_t garbled[4096];

/* d1 must not exist. */
static void check_no_peer(const char *after)
{
	struct xen_domctl_getdomaininfo info;
	char what[96];

	snprintf(what, sizeof(what), "getdomaininfo of d1 after %s", after);
	check_long(what, -XEN_ESRCH, domctl_getdomaininfo(PEER, &info));
}

static void check_refusals(const void *image, size_t len)
{
	static const struct {
		const char *what;
		size_t len; /* bytes of the image given */
		int byte;   /* offset to flip, or -1 */
		unsigned int mib;
	} cases[] = {
		{"an image cut after 32 bytes", 32, -1, PEER_MIB},
		{"an image cut in its program headers", 80, -1, PEER_MIB},
		{"an image without the ELF magic", 4096, 1, PEER_MIB},
		{"a 32-bit ELF class", 4096, 4, PEER_MIB},
		{"another machine", 4096, 18, PEER_MIB},
		{"1 MiB of memory for the image", 0, -1, 1},
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		struct builder_domain b = {
			.domid = PEER,
			.mem_mib = cases[i].mib,
			.cmdline = PEER_CMDLINE,
		};
		size_t n = cases[i].len ? cases[i].len : len;
		char what[96];

		if (n > len)
			n = len;
		if (cases[i].byte >= 0) {
			n = n < sizeof(garbled) ? n : sizeof(garbled);
			memcpy(garbled, image, n);
			garbled[cases[i].byte] ^= 0x40;
			b.image = garbled;
		} else {
			b.image = image;
		}
		b.image_len = n;
		snprintf(what, sizeof(what), "builder_create of %s", cases[i].what);
		check_long(what, -XEN_EINVAL, builder_create(&b));
		check_no_peer(cases[i].what);
	}
	check_long("builder_check_image of the whole image", 0, builder_check_image(image, len));
}

static long vcpucontext(uint32_t cmd, struct vcpu_guest_context *c)
{
	xen_domctl_t op = {.cmd = cmd, .domain = PEER};

	set_xen_guest_handle(op.u.vcpucontext.ctxt, c);
	return domctl_op(&op);
}

/*
 * Pause d1; read its vCPU 0's context; give it back with an unknown VM
 * assist (refused), with one more (new registers leave the domain's VM
 * assists alone), and as read; reset the vCPU and give it the context
 * again as its first, with the VM assist added (a first context sets
 * the domain's); unpause.
 */
static void context_round_trip(void)
{
	static struct vcpu_guest_context c, again;
	xen_domctl_t op = {.cmd = XEN_DOMCTL_pausedomain, .domain = PEER};

	if (!check_long("pausedomain of d1", 0, domctl_op(&op)))
		return;
	if (check_long("getvcpucontext of d1's vCPU 0", 0,
		       vcpucontext(XEN_DOMCTL_getvcpucontext, &c))) {
		check_long("d1's vCPU 0 online (flags)", VGCF_online, c.flags & VGCF_online);
		/* vCPU 0's vm_assist is the domain's: checked, then taken. */
		again = c;
		again.vm_assist |= 1UL << 6; /* no such assist */
		check_long("setvcpucontext of d1's vCPU 0 with an unknown vm_assist", -XEN_EINVAL,
			   vcpucontext(XEN_DOMCTL_setvcpucontext, &again));
		again = c;
		again.vm_assist |= 1UL << VMASST_TYPE_runstate_update_flag;
		check_long("setvcpucontext of d1's vCPU 0 with runstate_update_flag added", 0,
			   vcpucontext(XEN_DOMCTL_setvcpucontext, &again));
		if (check_long("getvcpucontext of d1's vCPU 0 after it", 0,
			       vcpucontext(XEN_DOMCTL_getvcpucontext, &again)))
			check_u64("vm_assist unchanged (not a first context)", c.vm_assist,
				  again.vm_assist);
		check_long("setvcpucontext of d1's vCPU 0 with what was read", 0,
			   vcpucontext(XEN_DOMCTL_setvcpucontext, &c));
		check_long("setvcpucontext of d1's vCPU 0 with none (reset)", 0,
			   vcpucontext(XEN_DOMCTL_setvcpucontext, NULL));
		check_long("getvcpucontext of d1's vCPU 0 once reset", -XEN_ENODATA,
			   vcpucontext(XEN_DOMCTL_getvcpucontext, &again));
		c.vm_assist |= 1UL << VMASST_TYPE_runstate_update_flag;
		check_long("setvcpucontext of d1's vCPU 0 with what was read, as its first, "
			   "runstate_update_flag added", 0,
			   vcpucontext(XEN_DOMCTL_setvcpucontext, &c));
		if (check_long("getvcpucontext of d1's vCPU 0 again", 0,
			       vcpucontext(XEN_DOMCTL_getvcpucontext, &again))) {
			check_u64("its page table (ctrlreg[3]) as before", c.ctrlreg[3],
				  again.ctrlreg[3]);
			check_u64("vm_assist the first context's", c.vm_assist, again.vm_assist);
		}
	}
	op = (xen_domctl_t){.cmd = XEN_DOMCTL_unpausedomain, .domain = PEER};
	check_long("unpausedomain of d1", 0, domctl_op(&op));
}

static void run_dom0(void)
{
	struct xen_domctl_getdomaininfo info;
	struct builder_domain b = {.domid = PEER, .mem_mib = PEER_MIB, .cmdline = PEER_CMDLINE};
	evtchn_port_t port;
	uint64_t deadline;
	long rc;

	if (!md_own_image(&b))
		return;
	printk("image: %zu bytes at %p\n", b.image_len, b.image);
	check_long("getdomaininfo of dom0", 0, domctl_getdomaininfo(0, &info));
	check_refusals(b.image, b.image_len);

	rc = builder_create(&b);
	if (!check_long("builder_create of d1 from our own image", 0, rc))
		return;
	check_long("the domain id given", PEER, b.built);
	check_long("console port in the domU", 1, b.console_port);
	check_long("xenstore port in the domU", 2, b.store_port);

	if (check_long("getdomaininfo of d1", 0, domctl_getdomaininfo(PEER, &info))) {
		check_long("d1 paused, shut down or dying (flags)", 0,
			   info.flags &
				   (XEN_DOMINF_paused | XEN_DOMINF_shutdown | XEN_DOMINF_dying));
		check_long("d1 online vCPUs", 1, info.nr_online_vcpus);
		check_u64("d1 tot_pages", PEER_MIB * 256, info.tot_pages);
	}

	deadline = md_deadline(10 * NS_PER_S);
	if (!check_long("bind d1's port 3", 0,
			md_bind_retry(PEER, BUILDER_FIRST_FREE_PORT, deadline, &port)))
		goto out_destroy;
	evtchn_clear_pending(port); /* raised at bind time */
	context_round_trip();
	check_long("ping d1", 0, evtchn_send(port));
	if (!md_wait_port(port, md_deadline(10 * NS_PER_S)))
		xtf_failure("d1's answer: expected within 10 s, got none");

	check_long("d1 shutdown reason within 10 s (0 poweroff, 3 crash: its checks failed)",
		   SHUTDOWN_poweroff, md_wait_shutdown(PEER, md_deadline(10 * NS_PER_S)));

out_destroy:
	check_long("destroydomain of d1", 0, domctl_destroydomain(PEER));
	deadline = md_deadline(2 * NS_PER_S);
	while ((rc = domctl_getdomaininfo(PEER, &info)) == 0 && pvclock_read() < deadline)
		md_sleep_ms(1);
	check_long("getdomaininfo of d1 once destroyed", -XEN_ESRCH, rc);
	xtf_success(NULL);
}

/* d1: check the start of day, answer one ping, power off. */
static void run_peer(void)
{
	evtchn_port_t port;

	xtf_set_failure_shutdown(SHUTDOWN_crash);
	check_long("start_info magic", 0, strncmp(start_info->magic, "xen-3.0-x86_64", 15));
	check_long("start_info flags", 0, start_info->flags);
	check_u64("start_info nr_pages", PEER_MIB * 256, start_info->nr_pages);
	check_long("console port", 1, start_info->console.domU.evtchn);
	check_long("xenstore port", 2, start_info->store_evtchn);
	check_u64("console MFN", pfn_to_mfn(start_info->pt_base / PAGE_SIZE - 1),
		  start_info->console.domU.mfn);
	check_long("P2M of our own entry point page", 1,
		   pfn_to_mfn((uintptr_t)run_peer / PAGE_SIZE) != 0);
	if (xtf_result() >= RESULT_ERROR)
		xtf_exit();
	if (!check_long("alloc_unbound for d0", 0, evtchn_alloc_unbound(0, &port)) ||
	    !check_long("first port of our own", md_cmdline_ulong("port", 0), port))
		xtf_exit();
	if (!md_wait_port(port, md_deadline(10 * NS_PER_S))) {
		xtf_failure("ping from d0: expected within 10 s, got none");
		xtf_exit();
	}
	evtchn_send(port);
	xtf_success(NULL);
}

void test_main(void)
{
	md_run_dom0_or_peer(run_dom0, run_peer);
}
