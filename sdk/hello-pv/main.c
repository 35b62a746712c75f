// SPDX-License-Identifier: MIT
/*
 * hello-pv: the smallest useful PV kernel, built only from the installed
 * guest SDK (docs/guest-sdk.md). It prints through the hypervisor's
 * console, asks the hypervisor who it is (a hypercall), binds the
 * per-vCPU timer interrupt (VIRQ_TIMER) to an event channel, arms a
 * one-shot timer 10 ms ahead, sleeps until the event arrives, and powers
 * off. The same binary boots on xen-like and on Xen 4.17.
 *
 * The library's start-of-day code (head.asm) gives it a stack, the ELF
 * notes a domain builder wants and the trap table, then calls
 * guest_main(); returning from it powers the domain off.
 */
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/time.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>

#define MS 1000000ULL /* system time is in ns */

static volatile unsigned int timer_events;

/* Runs from the event upcall, with events masked, once per timer event. */
static void on_timer(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	timer_events++;
}

void guest_main(void)
{
	xen_extraversion_t extra = "";
	evtchn_port_t port;
	uint64_t deadline;
	long version, rc;

	/* 1. Print: console_io(CONSOLEIO_write), wrapped by printk(). */
	printk("hello-pv: hello from a PV kernel (%llu pages of memory)\n",
	       (unsigned long long)start_info->nr_pages);

	/* 2. A hypercall: xen_version tells the interface version. */
	version = HYPERVISOR_xen_version(XENVER_version, NULL);
	HYPERVISOR_xen_version(XENVER_extraversion, extra);
	printk("hello-pv: hypervisor interface %ld.%ld%.16s\n", version >> 16,
	       version & 0xffff, extra);

	/*
	 * 3. An event: register the upcall, bind VIRQ_TIMER of vCPU 0. Xen
	 * starts every PV vCPU with a 100 Hz periodic timer on that VIRQ:
	 * stop it first, or one of its ticks, pending from before our timer
	 * is armed, would be taken for ours.
	 */
	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	rc = evtchn_init();
	if (rc == 0)
		rc = evtchn_bind_virq(VIRQ_TIMER, 0, &port);
	if (rc < 0) {
		printk("hello-pv: cannot bind VIRQ_TIMER: error %ld\n", rc);
		return;
	}
	evtchn_bind_handler(port, on_timer, NULL);

	/* 4. A timer: one shot, 10 ms from now, in system time (ns). */
	deadline = pvclock_read() + 10 * MS;
	rc = HYPERVISOR_set_timer_op(deadline);
	if (rc < 0) {
		printk("hello-pv: set_timer_op: error %ld\n", rc);
		return;
	}

	/*
	 * Sleep until it fires. SCHEDOP_block unmasks events and sleeps in
	 * one step, so an event arriving in between cannot be missed; the
	 * upcall runs on wake-up. Other events (none here) would also wake
	 * us, hence the loop.
	 */
	while (timer_events == 0)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	events_disable();

	printk("hello-pv: timer event on port %u, %s its deadline\n", port,
	       pvclock_read() >= deadline ? "after" : "BEFORE");
	printk("hello-pv: bye\n");
	/* Returning powers the domain off (SCHEDOP_shutdown, SHUTDOWN_poweroff). */
}
