/* SPDX-License-Identifier: MIT */
/*
 * Compile-only check (make check-abi): a guest written against Xen's
 * headers, the way Mini-OS is, builds against ours. It names the headers
 * <xen/...>, asks for an old interface level (Mini-OS uses 3.2.5) and
 * uses what issue #23 found broken: positional trap_info initialisers,
 * the long/ulong handles, xsd_errors[], the split-driver headers.
 */
#define __XEN_INTERFACE_VERSION__ 0x00030205

#include <errno.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/arch-x86_64.h>
#include <xen/callback.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/io/blkif.h>
#include <xen/io/console.h>
#include <xen/io/fbif.h>
#include <xen/io/kbdif.h>
#include <xen/io/netif.h>
#include <xen/io/pciif.h>
#include <xen/io/protocols.h>
#include <xen/io/tpmif.h>
#include <xen/io/xenbus.h>
#include <xen/io/xs_wire.h>
#include <xen/memory.h>
#include <xen/physdev.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <xen/xsm/flask_op.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/arch-x86/hvm/start_info.h>

#define __KERNEL_CS FLAT_KERNEL_CS

void divide_error(void);
void page_fault(void);

/* The shape of Mini-OS's trap table: no name for the padding. */
static const trap_info_t trap_table[] = {
	{ 0, 0, __KERNEL_CS, (unsigned long)divide_error },
	{ 14, 0, __KERNEL_CS, (unsigned long)page_fault },
	{ 0, 0, 0, 0 }
};

XEN_GUEST_HANDLE(ulong) consumer_ulong_handle;
XEN_GUEST_HANDLE(long) consumer_long_handle;

const char *consumer_errname(int err);
const char *consumer_errname(int err)
{
	unsigned int i;

	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (xsd_errors[i].errnum == err)
			return xsd_errors[i].errstring;
	return trap_table[0].cs ? "?" : "";
}

/* Old-level names Mini-OS-era code uses. */
unsigned long consumer_old_names(start_info_t *si);
unsigned long consumer_old_names(start_info_t *si)
{
	return si->console.domU.mfn + si->console.domU.evtchn + MAX_VMASST_TYPE +
	       __HYPERVISOR_sched_op + XenbusStateConnected +
	       sizeof(blkif_sring_t) + sizeof(netif_tx_sring_t);
}
