// SPDX-License-Identifier: GPL-2.0-only
/*
 * Console output through console_io(CONSOLEIO_write): the hypervisor
 * prints a hardware domain's bytes as they are, so one write per
 * formatted message keeps lines whole on the serial log. A domU that was
 * given a console page (start_info console.domU, as a toolstack's
 * builder does) also writes to that ring for dom0's console daemon:
 * on Xen 4.17 a domU's console_io is refused, so the ring is all dom0
 * sees there. A full ring drops the rest of a message (nobody may be
 * reading it: a boot-time domU's page, if any, has no daemon). A lock keeps
 * the writes of several vCPUs apart (the hypervisor may split a long
 * write and interleave another vCPU's between the pieces); the holder
 * may take it again, so a trap that panics in the middle of a printk on
 * the same vCPU still gets its message out.
 */
#include <public/io/console.h>
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/smp.h>

static spinlock_t console_lock;

/* The console ring of a domU, or NULL (dom0, none given, or not in the image). */
static struct xencons_interface *cons_ring(void)
{
	static struct xencons_interface *ring;
	static bool probed;
	uint64_t pfn;

	if (probed)
		return ring;
	probed = true;
	if (!start_info || (start_info->flags & SIF_INITDOMAIN) || !start_info->console.domU.mfn)
		return NULL;
	/* VIRT_BASE is 0: PFN n of the initial mapping is at address n pages. */
	pfn = ((const volatile uint64_t *)MACH2PHYS_VIRT_START)[start_info->console.domU.mfn];
	if (pfn < start_info->nr_pages && pfn_to_mfn(pfn) == start_info->console.domU.mfn)
		ring = (struct xencons_interface *)(pfn << 12);
	return ring;
}

static void ring_write(struct xencons_interface *r, const char *buf, size_t len)
{
	XENCONS_RING_IDX cons = __atomic_load_n(&r->out_cons, __ATOMIC_ACQUIRE), prod = r->out_prod;
	size_t i;

	for (i = 0; i < len && prod - cons < sizeof(r->out); i++, prod++)
		r->out[MASK_XENCONS_IDX(prod, r->out)] = buf[i];
	__atomic_store_n(&r->out_prod, prod, __ATOMIC_RELEASE);
	evtchn_send(start_info->console.domU.evtchn);
}

void console_write(const char *buf, size_t len)
{
	struct xencons_interface *r;

	spin_lock(&console_lock);
	HYPERVISOR_console_io(CONSOLEIO_write, len, (char *)buf);
	if ((r = cons_ring()))
		ring_write(r, buf, len);
	spin_unlock(&console_lock);
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = n < 0 ? 0 : (size_t)n;

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	console_write(buf, len);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	/* One message even if other vCPUs print meanwhile. */
	spin_lock(&console_lock);
	printk("PANIC: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	guest_shutdown(SHUTDOWN_crash);
}
