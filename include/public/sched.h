/* SPDX-License-Identifier: MIT */
/*
 * sched_op: how a vCPU gives up the CPU (yield, block, poll) and how a
 * domain shuts itself (or, privileged, another domain) down.
 *
 * The one idea: blocking is the PV "hlt"; SCHEDOP_block also re-enables
 * event delivery, so "unmask and sleep" cannot race with an event.
 */
#ifndef __XEN_PUBLIC_SCHED_H__
#define __XEN_PUBLIC_SCHED_H__

#include "event_channel.h"

/*
 * @op __HYPERVISOR_sched_op (29)
 * sched_op(int cmd, GUEST_PTR(void) arg): cmd is a SCHEDOP_* below, arg
 * its argument structure (or null).
 * Caller: any domain (per cmd below).
 * Errors: -ENOSYS (unknown cmd); per cmd below.
 * Implemented: yes (block and poll deschedule the vCPU; the credit scheduler runs another)
 *
 * @op SCHEDOP_yield (0)
 * Lets other vCPUs run; the caller stays runnable. arg: null. Returns 0.
 * Caller: any domain.
 * Errors: none.
 * Implemented: yes (the caller goes behind the other runnable vCPUs, even one of
 * lower priority once, as in Xen's credit scheduler)
 *
 * @op SCHEDOP_block (1)
 * Clears the caller's evtchn_upcall_mask, then sleeps until an event is
 * pending for this vCPU (returns at once if one already is). arg: null.
 * Caller: any domain.
 * Errors: none (returns 0).
 * Implemented: yes (the periodic tick stops while blocked, as on Xen)
 *
 * @op SCHEDOP_shutdown (2)
 * Stops the whole calling domain for the given reason and tells the
 * toolstack (VIRQ_DOM_EXC). Does not return, except SHUTDOWN_suspend,
 * which returns 0 (or 1 if the suspend was cancelled) when resumed.
 * IN  reason: SHUTDOWN_*.
 * Caller: any domain.
 * Errors: -EFAULT (arg unreadable); -EINVAL (reason > SHUTDOWN_MAX).
 * Implemented: yes (for dom0: the machine powers off, reboots, or halts/reboots on a
 * crash; a dom0 power-off waits for the boot-time domains to shut down first)
 *
 * @op SCHEDOP_poll (3)
 * Sleeps until one of the listed event channels is pending or the
 * timeout passes. Returns 0 at once if one already is.
 * IN  ports: array of nr_ports ports of the caller.
 * IN  nr_ports: at most 128.
 * IN  timeout: absolute system time in ns, 0 = none.
 * Caller: any domain.
 * Errors: -EFAULT (arg or ports unreadable); -EINVAL (nr_ports > 128, a
 * port out of range); -ETIMEDOUT is not used: a timeout returns 0.
 * Also returns 0 at once, or wakes, when an event becomes deliverable
 * (upcall pending and not masked).
 * Implemented: yes
 *
 * @op SCHEDOP_remote_shutdown (4)
 * Shuts another domain down, as SCHEDOP_shutdown would.
 * IN  domain_id: target. IN reason: SHUTDOWN_*.
 * Caller: a domain with privilege over the target (the control domain).
 * Errors: -EFAULT; -ESRCH (no such domain); -EPERM (not privileged).
 * The reason is not checked (as on Xen).
 * Implemented: yes
 *
 * @op SCHEDOP_shutdown_code (5)
 * Records the reason to report for a later shutdown (e.g. before a crash
 * dump) without shutting down.
 * IN  reason: SHUTDOWN_*.
 * Caller: any domain.
 * Errors: -EFAULT; -EINVAL (bad reason).
 * Implemented: yes
 *
 * @op SCHEDOP_watchdog (6)
 * Creates, arms or destroys a domain watchdog that shuts the domain down
 * with SHUTDOWN_watchdog when it expires. id 0 creates a new one and
 * returns its id (>0); a non-zero id re-arms it; timeout 0 destroys it.
 * IN  id. IN timeout: seconds.
 * Caller: any domain.
 * Errors: -EFAULT; -EINVAL (id > 2, or not in use); -ENOSPC (both
 * watchdogs in use).
 * Implemented: yes (two per domain, as Xen)
 *
 * @op SCHEDOP_pin_override (7)
 * Temporarily pins the calling vCPU to a physical CPU, saving its hard
 * affinity; a negative pcpu ends the pin and restores it. The vCPU moves
 * to that pCPU before the hypercall returns to it. While pinned,
 * XEN_DOMCTL_setvcpuaffinity on it fails with -EBUSY.
 * IN  pcpu.
 * Caller: the hardware domain only.
 * Errors: -EFAULT; -EPERM (not the hardware domain); -EINVAL (pcpu not a
 * CPU in the scheduler, or ending a pin that is not in force); -EBUSY
 * (already pinned).
 * Implemented: yes
 */
#define SCHEDOP_yield           0
#define SCHEDOP_block           1
#define SCHEDOP_shutdown        2
#define SCHEDOP_poll            3
#define SCHEDOP_remote_shutdown 4
#define SCHEDOP_shutdown_code   5
#define SCHEDOP_watchdog        6
#define SCHEDOP_pin_override    7

struct sched_shutdown {
	uint32_t reason; /* IN: SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_shutdown_t);

struct sched_poll {
	XEN_GUEST_HANDLE(evtchn_port_t) ports; /* IN */
	uint32_t nr_ports;                     /* IN */
	uint64_t timeout;                      /* IN: absolute ns, 0 = none */
};
typedef struct sched_poll sched_poll_t;
DEFINE_XEN_GUEST_HANDLE(sched_poll_t);

struct sched_remote_shutdown {
	domid_t domain_id; /* IN */
	uint32_t reason;   /* IN: SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
DEFINE_XEN_GUEST_HANDLE(sched_remote_shutdown_t);

struct sched_watchdog {
	uint32_t id;      /* IN: 0 = new; OUT (return value): id */
	uint32_t timeout; /* IN: seconds, 0 = destroy */
};
typedef struct sched_watchdog sched_watchdog_t;
DEFINE_XEN_GUEST_HANDLE(sched_watchdog_t);

struct sched_pin_override {
	int32_t pcpu; /* IN: physical CPU, -1 = end the override */
};
typedef struct sched_pin_override sched_pin_override_t;
DEFINE_XEN_GUEST_HANDLE(sched_pin_override_t);

/* Shutdown reasons. */
#define SHUTDOWN_poweroff   0 /* power off: the domain is done */
#define SHUTDOWN_reboot     1 /* restart it */
#define SHUTDOWN_suspend    2 /* save its state, it may resume */
#define SHUTDOWN_crash      3 /* it crashed */
#define SHUTDOWN_watchdog   4 /* its watchdog expired */
#define SHUTDOWN_soft_reset 5 /* reset in place, keeping memory */
#define SHUTDOWN_MAX        5

#endif /* __XEN_PUBLIC_SCHED_H__ */
