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
			xtf_failure(
				"vCPU %u: expected its work to end within %llu ms, still running",
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

static volatile int placement_spinning, placement_stop;

/* cpus_running_reads()'s work item: spin until told to stop. */
static void placement_spin(void *arg)
{
	(void)arg;
	placement_spinning = 1;
	while (!placement_stop)
		smp_relax();
}

int cpus_running_reads(unsigned int id, unsigned int reads)
{
	struct vcpu_runstate_info rs;
	uint64_t deadline = cpus_deadline(10 * NS_PER_S);
	unsigned int running = 0, i;
	long rc = 0;

	placement_spinning = placement_stop = 0;
	rc = smp_call(id, placement_spin, NULL);
	if (rc) {
		xtf_error("vCPU %u: could not start its spin: %ld", id, rc);
		return -1;
	}
	/* Yielding: on a shared pCPU vCPU @id needs it to start. */
	while (!placement_spinning && pvclock_read() < deadline)
		smp_relax();
	if (!placement_spinning) {
		xtf_failure("vCPU %u: expected to spin within 10 s, never ran", id);
		return -1;
	}
	for (i = 0; i < reads; i++) {
		rc = vcpu_runstate(id, &rs);
		if (rc) {
			xtf_error("VCPUOP_get_runstate_info(%u): %ld", id, rc);
			break;
		}
		running += rs.state == RUNSTATE_running;
		for (unsigned int j = 0; j < 100; j++)
			cpu_relax();
	}
	placement_stop = 1;
	if (!smp_wait(id, cpus_deadline(10 * NS_PER_S))) {
		xtf_failure("vCPU %u: expected its spin to end within 10 s, still running", id);
		return -1;
	}
	printk("vCPU %u running in %u of %u runstate reads\n", id, running, reads);
	return rc ? -1 : (int)running;
}
