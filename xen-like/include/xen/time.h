/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <xen/types.h>

#define NSEC_PER_SEC 1000000000LL
#define MILLISECS(ms) ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us) ((s_time_t)(us) * 1000LL)
#define SECONDS(s) ((s_time_t)(s) * NSEC_PER_SEC)

/*
 * Fixed-point scale from TSC ticks to nanoseconds, as in Xen's
 * vcpu_time_info: ns = ((ticks << shift) * mul_frac) >> 32, where a
 * negative shift shifts right.
 */
struct time_scale {
	int shift;
	uint32_t mul_frac;
};

static inline uint64_t scale_delta(uint64_t delta, const struct time_scale *s)
{
	/*
	 * Same value as shifting delta first (Xen's guest-side formula), but
	 * multiplying first in 128 bits neither drops the low bits of a small
	 * delta (shift < 0) nor overflows a large one (shift > 0).
	 */
	return (uint64_t)(((unsigned __int128)delta * s->mul_frac) >> (32 - s->shift));
}

/* Compute the scale turning ticks at @from_hz into units at @to_hz. */
void set_time_scale(struct time_scale *ts, uint64_t from_hz, uint64_t to_hz);

/* Nanoseconds since the TSC was calibrated at boot. */
s_time_t NOW(void);
extern uint64_t cpu_khz;

void time_init(void);

struct domain;
struct vcpu;
/* Publish the wallclock (time of day at system time 0) in @d's shared_info. */
void update_domain_wallclock_time(struct domain *d);
/* XEN_DOMCTL_settimeoffset: @d's wallclock is the host's plus @seconds from now on. */
void domain_set_time_offset(struct domain *d, int64_t seconds);
/*
 * Set the wallclock: @secs.@nsecs is the time of day at system time
 * @system_time (ns). Every domain's shared_info gets the new value.
 */
void do_settime(uint64_t secs, uint32_t nsecs, uint64_t system_time);
/* Refresh @v's pvclock (vcpu_time_info) and its registered guest copy. */
void update_vcpu_system_time(struct vcpu *v);
/* Program the next timer interrupt for @deadline (ns); 0 cancels it. */
void reprogram_timer(s_time_t deadline);
/* A PV guest's IN/OUT of the RTC's ports 0x70/0x71 (Xen's rtc_guest_read/write). */
uint8_t rtc_guest_read(struct domain *d, unsigned int port);
void rtc_guest_write(struct domain *d, unsigned int port, uint8_t val);

#endif /* XEN_TIME_H */
