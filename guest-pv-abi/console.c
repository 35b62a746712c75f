// SPDX-License-Identifier: GPL-2.0-only
/*
 * Console output through console_io(CONSOLEIO_write): the hypervisor
 * prints a hardware domain's bytes as they are, so one write per
 * formatted message keeps lines whole on the serial log. A lock keeps
 * the writes of several vCPUs apart (the hypervisor may split a long
 * write and interleave another vCPU's between the pieces); the holder
 * may take it again, so a trap that panics in the middle of a printk on
 * the same vCPU still gets its message out.
 */
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/smp.h>

static spinlock_t console_lock = SPINLOCK_INIT;

void console_write(const char *buf, size_t len)
{
	spin_lock(&console_lock);
	HYPERVISOR_console_io(CONSOLEIO_write, len, (char *)buf);
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
