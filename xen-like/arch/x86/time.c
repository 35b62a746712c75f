// SPDX-License-Identifier: GPL-2.0-only
/*
 * Time: the TSC is calibrated once against the 8254 PIT (channel 2, gated
 * through port 0x61, so no interrupt is needed), and the local APIC timer
 * against the TSC. NOW() is nanoseconds since calibration, scaled from the
 * TSC with the same fixed-point form Xen gives guests (vcpu_time_info).
 * The APIC timer runs one-shot: reprogram_timer() sets the next deadline.
 */
#include <asm/apic.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include <xen/lib.h>
#include <xen/param.h>
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
}
