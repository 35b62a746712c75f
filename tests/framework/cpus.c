// SPDX-License-Identifier: GPL-2.0-only
/*
 * Multi-vCPU test helpers (see cpus.h): set-up with a SKIP when the
 * domain has too few vCPUs, running one function on several vCPUs, a
 * barrier, and spinning or blocking waits on a flag.
 */
#include <public/errno.h>
#include "cpus.h"

bool cpus_setup(unsigned int min)
{
	long rc = smp_init();

	if (rc < 0) {
		xtf_error("smp_init: set_segment_base(SEGBASE_GS_KERNEL): %ld", rc);
		return false;
	}
	if ((unsigned long)rc < min) {
		xtf_skip("needs %u vCPUs, the domain has %ld (boot with dom0_max_vcpus=%u)", min,
			 rc, min);
		return false;
	}
	rc = evtchn_init();
	if (rc) {
		xtf_error("evtchn_init: %ld", rc);
		return false;
	}
	printk("vCPUs: %u\n", smp_nr_vcpus());
	return true;
}

bool cpus_run(unsigned int n, smp_fn_t fn, void *arg, uint64_t timeout_ns)
{
	uint64_t deadline;
	bool ok = true;
	unsigned int id;

	for (id = 1; id < n; id++) {
		long rc = smp_call(id, fn, arg);

		if (rc) {
			xtf_error("starting work on vCPU %u: %ld", id, rc);
			return false;
		}
	}
	fn(arg);
	deadline = cpus_deadline(timeout_ns);
	for (id = 1; id < n; id++) {
		if (!smp_wait(id, deadline)) {
			xtf_failure("vCPU %u: expected its work to end within %llu ms, still running",
				    id, (unsigned long long)(timeout_ns / NS_PER_MS));
			ok = false;
		}
	}
	return ok;
}

void cpus_barrier(struct cpus_barrier *b, unsigned int n)
{
	uint32_t gen = __atomic_load_n(&b->generation, __ATOMIC_ACQUIRE);

	if (__atomic_add_fetch(&b->arrived, 1, __ATOMIC_ACQ_REL) == n) {
		__atomic_store_n(&b->arrived, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&b->generation, gen + 1, __ATOMIC_RELEASE);
		return;
	}
	while (__atomic_load_n(&b->generation, __ATOMIC_ACQUIRE) == gen)
		smp_relax();
}

bool cpus_wait_spin(volatile int *flag, uint64_t deadline)
{
	events_enable();
	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE)) {
		if (deadline && pvclock_read() > deadline)
			return false;
		cpu_relax();
	}
	return true;
}

bool cpus_wait_yield(volatile int *flag, uint64_t deadline)
{
	events_enable();
	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE)) {
		if (deadline && pvclock_read() > deadline)
			return false;
		smp_relax();
	}
	return true;
}

void cpus_wait_block(volatile int *flag)
{
	for (;;) {
		/* Check with events masked, so a wake-up between check and block is not lost. */
		events_disable();
		if (__atomic_load_n(flag, __ATOMIC_ACQUIRE))
			break;
		sched_block(); /* enables events; the upcall runs on the way back */
	}
	events_enable();
}

void cpus_sleep(uint64_t ns)
{
	uint64_t deadline = cpus_deadline(ns);

	while (pvclock_read() < deadline)
		sched_yield();
}
