/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ending a run. With "noreboot" a crash halts instead of rebooting. With
 * "qemu_exit=<port>" (QEMU's isa-debug-exit device) halting, power-off and
 * panic first write a status byte to that port, so a test harness learns
 * how the run ended: QEMU then exits with (status << 1) | 1.
 */
#ifndef XEN_SHUTDOWN_H
#define XEN_SHUTDOWN_H

#include <xen/compiler.h>

/* Status bytes written to the debug-exit port. */
#define EXIT_STATUS_POWEROFF 0x10 /* orderly power-off */
#define EXIT_STATUS_HALT 0x11     /* halted after a panic (noreboot) */
#define EXIT_STATUS_DOM0_CRASH 0x12 /* dom0 crashed, hypervisor halted (noreboot) */
#define EXIT_STATUS_SUCCESS 0x20  /* self-test verdicts, see selftest.c */
#define EXIT_STATUS_FAILURE 0x21

extern bool opt_noreboot;

void __noreturn machine_halt(void);
void __noreturn machine_power_off(unsigned int status);
void __noreturn machine_restart(void);
/* After a panic: reboot after a delay, or halt when noreboot is set. */
void __noreturn machine_crash_shutdown(void);
/* dom0 crashed: halt (noreboot) or reboot after a delay. The hypervisor is fine. */
void __noreturn machine_dom0_crashed(void);

#endif /* XEN_SHUTDOWN_H */
