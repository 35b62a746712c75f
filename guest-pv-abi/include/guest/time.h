/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Time in a PV guest: the pvclock in vcpu_info.time (system time, ns
 * since the hypervisor booted) and the wallclock in shared_info, both
 * read with the odd/even version protocol. Timer deadlines
 * (set_timer_op, VCPUOP_set_singleshot_timer, SCHEDOP_poll) are in the
 * same system time.
 */
#ifndef GUEST_TIME_H
#define GUEST_TIME_H

#include <stdint.h>
#include <public/xen.h>

/* System time now, from @t (a vcpu_time_info the hypervisor keeps). */
uint64_t pvclock_read_info(const volatile vcpu_time_info_t *t);
/* System time now, from the vcpu_info in use (guest/event.h). */
uint64_t pvclock_read(void);
/* TSC frequency the pvclock implies, in kHz. */
uint64_t pvclock_tsc_khz(void);
/* Wall time at system time 0 (shared_info.wc_*): seconds and ns. */
void wallclock_read(uint64_t *sec, uint32_t *nsec);

#endif /* GUEST_TIME_H */
