// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time: the TSC is calibrated once against the 8254 PIT (channel 2, gated
 * through port 0x61, so no interrupt is needed), and the local APIC timer
 * against the TSC. NOW() is nanoseconds since calibration, scaled from the
 * TSC with the same fixed-point form Xen gives guests (vcpu_time_info).
 * The APIC timer runs one-shot: reprogram_timer() sets the next deadline.
 *
 * Guests get the same scale: each vCPU's vcpu_time_info (pvclock) holds
 * a TSC stamp, NOW() at that stamp and {mul_frac, shift}, so a guest's
 * reading is NOW() to within a nanosecond of rounding, however old the
 * stamp. The wallclock in shared_info is the time of day at system time
 * 0, read from the CMOS RTC at boot; dom0 resets it (XENPF_settime*)
 * whenever its own clock moves.
 */
#include <asm/apic.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include <public/vcpu.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/rangeset.h>
#include <xen/sched.h>
#include <xen/time.h>

#define PIT_HZ 1193182ULL
#define CALIBRATE_MS 50

uint64_t cpu_khz;
static uint64_t tsc_boot;
static struct time_scale tsc_to_ns;
static uint64_t apic_timer_hz;
static struct time_scale ns_to_apic;

s_time_t NOW(void)
{
	return (s_time_t)scale_delta(rdtsc() - tsc_boot, &tsc_to_ns);
}

/* Count TSC ticks during CALIBRATE_MS of PIT channel 2. */
static uint64_t calibrate_tsc(void)
{
	uint64_t count = PIT_HZ * CALIBRATE_MS / 1000, t0, t1;
	unsigned long spins = 0;

	outb((inb(0x61) & ~0x02) | 0x01, 0x61); /* gate on, speaker off */
	outb(0xb0, 0x43);                       /* channel 2, lo/hi, mode 0 */
	outb(count & 0xff, 0x42);
	outb(count >> 8, 0x42);
	t0 = rdtsc();
	while (!(inb(0x61) & 0x20))
		if (++spins > 1000000000UL)
			panic("PIT channel 2 never counted down: cannot calibrate the TSC");
	t1 = rdtsc();
	return (t1 - t0) * 1000 / CALIBRATE_MS;
}

/* Count APIC timer ticks during 10 ms of TSC time. */
static uint64_t calibrate_apic_timer(uint64_t tsc_hz)
{
	uint64_t t0 = rdtsc(), wait = tsc_hz / 100;
	uint32_t left;

	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR | APIC_LVT_MASKED);
	apic_write(APIC_TMICT, 0xffffffff);
	while (rdtsc() - t0 < wait)
		cpu_relax();
	left = apic_read(APIC_TMCCT);
	apic_write(APIC_TMICT, 0);
	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR);
	return (uint64_t)(0xffffffffU - left) * 100;
}

void reprogram_timer(s_time_t deadline)
{
	s_time_t delta;
	uint64_t ticks;

	if (!deadline) {
		apic_timer_oneshot(0);
		return;
	}
	delta = deadline - NOW();
	if (delta < MICROSECS(1))
		delta = MICROSECS(1); /* already due: fire (almost) at once */
	ticks = scale_delta(delta, &ns_to_apic);
	if (!ticks)
		ticks = 1;
	apic_timer_oneshot(ticks > 0xffffffffU ? 0xffffffffU : (uint32_t)ticks);
}

/* --- Wallclock: the CMOS real-time clock --- */

#define RTC_PORT_INDEX 0x70
#define RTC_PORT_DATA 0x71
#define RTC_UIP 0x80       /* status A: update in progress */
#define RTC_24H 0x02       /* status B */
#define RTC_BINARY 0x04    /* status B: binary rather than BCD */

/*
 * Wall time (s since the Unix epoch) at system time 0, and its fraction
 * in ns: read from the RTC at boot, replaced by XENPF_settime (dom0's
 * clock) through do_settime(). Guarded by wc_lock once guests run.
 */
static DEFINE_SPINLOCK(wc_lock);
static uint64_t wc_sec_boot;
static uint32_t wc_nsec_boot;

/* The RTC's index/data pair: one access at a time, the hypervisor's or a guest's. */
static DEFINE_SPINLOCK(rtc_lock);

static uint8_t cmos_read(uint8_t reg)
{
	unsigned long flags;
	uint8_t v;

	spin_lock_irqsave(&rtc_lock, flags);
	outb(reg, RTC_PORT_INDEX); /* bit 7 clear: NMIs stay enabled */
	v = inb(RTC_PORT_DATA);
	spin_unlock_irqrestore(&rtc_lock, flags);
	return v;
}

/*
 * A PV guest's access to the RTC's ports, as Xen 4.17's rtc_guest_read()
 * and rtc_guest_write(): the index port is a latch of the domain's own
 * (every domain may read and write it), and the data port reaches the
 * RTC, at the latched index, for a domain granted both ports (dom0);
 * for any other it reads all ones and ignores writes.
 */
uint8_t rtc_guest_read(struct domain *d, unsigned int port)
{
	unsigned long flags;
	uint8_t v;

	if (port == RTC_PORT_INDEX)
		return ACCESS_ONCE(d->cmos_idx);
	if (!rangeset_contains_range(&d->ioport_caps, RTC_PORT_INDEX, RTC_PORT_DATA))
		return 0xff;
	spin_lock_irqsave(&rtc_lock, flags);
	outb(d->cmos_idx & 0x7f, RTC_PORT_INDEX);
	v = inb(RTC_PORT_DATA);
	spin_unlock_irqrestore(&rtc_lock, flags);
	return v;
}

void rtc_guest_write(struct domain *d, unsigned int port, uint8_t val)
{
	unsigned long flags;

	if (port == RTC_PORT_INDEX) {
		d->cmos_idx = val;
		return;
	}
	if (!rangeset_contains_range(&d->ioport_caps, RTC_PORT_INDEX, RTC_PORT_DATA))
		return;
	spin_lock_irqsave(&rtc_lock, flags);
	outb(d->cmos_idx & 0x7f, RTC_PORT_INDEX);
	outb(val, RTC_PORT_DATA);
	spin_unlock_irqrestore(&rtc_lock, flags);
}

struct rtc_time {
	unsigned int sec, min, hour, day, mon, year;
};

static unsigned int bcd2bin(unsigned int v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/* One reading of the RTC, outside an update cycle; false if it never settles. */
static bool rtc_read(struct rtc_time *t)
{
	unsigned int i, century = 0;
	uint8_t b, hour;

	for (i = 0; i < 1000000 && (cmos_read(0x0a) & RTC_UIP); i++)
		cpu_relax();
	t->sec = cmos_read(0x00);
	t->min = cmos_read(0x02);
	hour = cmos_read(0x04);
	t->day = cmos_read(0x07);
	t->mon = cmos_read(0x08);
	t->year = cmos_read(0x09);
	century = cmos_read(0x32); /* the ACPI FADT's usual century register */
	b = cmos_read(0x0b);
	t->hour = hour & 0x7f;
	if (!(b & RTC_BINARY)) {
		t->sec = bcd2bin(t->sec);
		t->min = bcd2bin(t->min);
		t->hour = bcd2bin(t->hour);
		t->day = bcd2bin(t->day);
		t->mon = bcd2bin(t->mon);
		t->year = bcd2bin(t->year);
		century = bcd2bin(century);
	}
	if (!(b & RTC_24H) && (hour & 0x80))
		t->hour = (t->hour % 12) + 12; /* 12-hour mode, PM */
	t->year += century >= 19 && century <= 21 ? century * 100 : (t->year < 70 ? 2000 : 1900);
	return t->mon >= 1 && t->mon <= 12 && t->day >= 1 && t->day <= 31 && t->hour < 24 &&
	       t->min < 60 && t->sec < 60;
}

/* Seconds since 1970-01-01 for a Gregorian date (days from civil). */
static uint64_t rtc_to_unix(const struct rtc_time *t)
{
	int64_t y = t->year - (t->mon <= 2);
	int64_t era = y / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (t->mon + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + t->day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;

	return (uint64_t)(days * 86400 + t->hour * 3600 + t->min * 60 + t->sec);
}

/*
 * Read the RTC twice until two readings agree (an update between the
 * register reads would mix two seconds), and record the wall time at
 * system time 0. The RTC only counts seconds, so the wallclock is good
 * to a second, as Xen's without its wait for the next tick.
 */
static void wallclock_init(void)
{
	struct rtc_time a, b;
	unsigned int tries;
	s_time_t now = 0;
	uint64_t secs = 0;

	for (tries = 0; tries < 5; tries++) {
		bool ok = rtc_read(&a);

		now = NOW();
		if (ok && rtc_read(&b) && !memcmp(&a, &b, sizeof(a))) {
			secs = rtc_to_unix(&a);
			break;
		}
	}
	if (!secs) {
		printk(XENLOG_WARNING "RTC: no consistent reading; wallclock starts at the epoch\n");
		return;
	}
	/* wall(0) = wall(now) - now, with now split into seconds and ns. */
	wc_sec_boot = secs - (uint64_t)(now / NSEC_PER_SEC);
	if (now % NSEC_PER_SEC) {
		wc_sec_boot--;
		wc_nsec_boot = (uint32_t)(NSEC_PER_SEC - now % NSEC_PER_SEC);
	}
	printk("RTC: %04u-%02u-%02u %02u:%02u:%02u UTC (wallclock %lu s at boot)\n", a.year, a.mon,
	       a.day, a.hour, a.min, a.sec, (unsigned long)wc_sec_boot);
}

/*
 * Publish the wallclock in @d's shared_info (odd/even version protocol),
 * moved by the domain's own offset (XEN_DOMCTL_settimeoffset), as Xen.
 * Under wc_lock, so two writers never interleave their version steps.
 */
void update_domain_wallclock_time(struct domain *d)
{
	shared_info_t *s = d->shared_info;
	unsigned long flags;

	uint64_t sec;

	spin_lock_irqsave(&wc_lock, flags);
	sec = wc_sec_boot + (uint64_t)d->time_offset_seconds;
	ACCESS_ONCE(s->wc_version) = s->wc_version + 1; /* odd: being updated */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	s->wc_sec = (uint32_t)sec;
	s->wc_sec_hi = (uint32_t)(sec >> 32);
	s->wc_nsec = wc_nsec_boot;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ACCESS_ONCE(s->wc_version) = s->wc_version + 1; /* even: consistent */
	spin_unlock_irqrestore(&wc_lock, flags);
}

void domain_set_time_offset(struct domain *d, int64_t seconds)
{
	unsigned long flags;

	spin_lock_irqsave(&wc_lock, flags);
	d->time_offset_seconds = seconds;
	spin_unlock_irqrestore(&wc_lock, flags);
	update_domain_wallclock_time(d);
}

/*
 * XENPF_settime: @secs.@nsecs was the time of day at system time
 * @system_time, so the wallclock (time of day at system time 0) is their
 * difference. Computed as Xen's do_settime() does, in unsigned 64-bit ns
 * (so the same inputs give the same wallclock, wrap-around included),
 * then published to every domain. The domains are walked by id with a
 * reference each, so none can go while its page is written.
 */
void do_settime(uint64_t secs, uint32_t nsecs, uint64_t system_time)
{
	uint64_t ns = secs * (uint64_t)NSEC_PER_SEC + nsecs - system_time;
	struct domain *d, *next;
	unsigned long flags;

	spin_lock_irqsave(&wc_lock, flags);
	wc_sec_boot = ns / NSEC_PER_SEC;
	wc_nsec_boot = (uint32_t)(ns % NSEC_PER_SEC);
	spin_unlock_irqrestore(&wc_lock, flags);

	/* Domain ids stay below DOMID_FIRST_RESERVED, so id + 1 cannot wrap. */
	for (d = domain_get_at_or_after(0); d; d = next) {
		update_domain_wallclock_time(d);
		next = domain_get_at_or_after(d->domain_id + 1);
		domain_put(d);
	}
}

/* --- pvclock --- */

static void fill_time_info(struct vcpu_time_info *t, uint32_t version)
{
	uint64_t tsc = rdtsc();

	t->version = version;
	t->tsc_timestamp = tsc;
	t->system_time = scale_delta(tsc - tsc_boot, &tsc_to_ns);
	t->tsc_to_system_mul = tsc_to_ns.mul_frac;
	t->tsc_shift = (int8_t)tsc_to_ns.shift;
	t->flags = 0; /* TSC_STABLE not claimed: there is no cross-CPU TSC check yet */
}

/*
 * Refresh @v's vcpu_time_info: version odd, fields, version even (the
 * barriers order the stores as the guest's retry loop expects). Also
 * the copy at time_info_guest, if registered, when @v is running here
 * (its page tables are the ones loaded).
 */
void update_vcpu_system_time(struct vcpu *v)
{
	struct vcpu_time_info *t = &v->vcpu_info->time, u;
	uint32_t version = t->version;

	ACCESS_ONCE(t->version) = (version + 1) | 1;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	fill_time_info(&u, (version + 1) | 1);
	t->tsc_timestamp = u.tsc_timestamp;
	t->system_time = u.system_time;
	t->tsc_to_system_mul = u.tsc_to_system_mul;
	t->tsc_shift = u.tsc_shift;
	t->flags = u.flags;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	ACCESS_ONCE(t->version) = u.version + 1;

	if (v->time_info_guest && v == current) {
		/* The same protocol on the guest's copy; a fault just skips it. */
		u.version = t->version - 1;
		if (!raw_copy_to_guest(v->time_info_guest, &u.version, sizeof(u.version))) {
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			raw_copy_to_guest(v->time_info_guest, &u, sizeof(u));
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			u.version = t->version;
			raw_copy_to_guest(v->time_info_guest, &u.version, sizeof(u.version));
		}
	}
}

void time_init(void)
{
	uint64_t tsc_hz;

	if (!cpu_has_tsc)
		panic("This CPU has no TSC; xen-like requires one");
	tsc_hz = calibrate_tsc();
	if (!tsc_hz)
		panic("TSC calibration failed (TSC did not advance)");
	tsc_boot = rdtsc();
	cpu_khz = tsc_hz / 1000;
	set_time_scale(&tsc_to_ns, tsc_hz, NSEC_PER_SEC);

	apic_timer_hz = calibrate_apic_timer(tsc_hz);
	if (!apic_timer_hz)
		panic("APIC timer calibration failed (timer did not count)");
	set_time_scale(&ns_to_apic, NSEC_PER_SEC, apic_timer_hz);

	printk("TSC: %lu.%03lu MHz (PIT calibrated)%s; APIC timer: %lu kHz, one-shot\n",
	       (unsigned long)(cpu_khz / 1000), (unsigned long)(cpu_khz % 1000),
	       cpu_has_invariant_tsc ? ", invariant" : "",
	       (unsigned long)(apic_timer_hz / 1000));
	wallclock_init();
}
