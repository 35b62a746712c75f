/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers for test kernels that run on several vCPUs of one domain
 * (dom0_max_vcpus=N, listed in tests/pv-smp.list), on top of the guest
 * library's guest/smp.h.
 *
 * The one idea: vCPU 0 runs test_main() and has the last word; the
 * other vCPUs only run work items it hands them (cpus_run) and report
 * through the same xtf_* calls (the verdict merges them). Every wait on
 * vCPU 0 has a deadline, so a lost event or a vCPU that never runs ends
 * in a failure message instead of the runner's time limit; a
 * secondary may wait forever, because vCPU 0's verdict and shutdown end
 * it.
 *
 * Waiting comes in three kinds, and tests choose on purpose:
 *  - spinning (events enabled, no hypercall): an event for a spinning
 *    vCPU reaches it only if the hypervisor interrupts the pCPU it runs
 *    on (an IPI);
 *  - yielding (events enabled, SCHEDOP_yield now and then): the vCPU
 *    stays runnable but lets others have its pCPU;
 *  - blocking (SCHEDOP_block): the vCPU gives up its pCPU and must be
 *    woken by an event, which is what lets more vCPUs than pCPUs make
 *    progress.
 * vCPU 0 never blocks while it waits for others, and its deadlines are
 * read from the pvclock while it spins or yields: a deadline must not
 * depend on the hypervisor waking vCPU 0 up. (Under QEMU's TCG on a
 * loaded host, Xen 4.17's default credit2 scheduler was seen to leave a
 * woken vCPU in its run queue with every pCPU idle until some unrelated
 * interrupt came, tens of seconds later; tests/run-all boots Xen with
 * sched=credit for these kernels, and a yielding vCPU 0 keeps one pCPU
 * scheduling in any case.)
 */
#ifndef TESTS_FRAMEWORK_CPUS_H
#define TESTS_FRAMEWORK_CPUS_H

#include <framework.h>
#include <guest/event.h>
#include <guest/smp.h>
#include <guest/time.h>

/* As in multidom.h (identical definitions may repeat). */
#define NS_PER_US 1000ULL
#define NS_PER_MS 1000000ULL
#define NS_PER_S 1000000000ULL

/*
 * On vCPU 0, first thing: smp_init() and evtchn_init(). Reports SKIP
 * (fewer than @min vCPUs: the kernel was booted without
 * dom0_max_vcpus) or ERROR and returns false if the test cannot go on.
 */
bool cpus_setup(unsigned int min);

/* Pvclock deadline @ns from now. */
static inline uint64_t cpus_deadline(uint64_t ns)
{
	return pvclock_read() + ns;
}

/*
 * Run fn(arg) on vCPUs 0 .. n-1 at once: smp_call() on 1 .. n-1, then
 * fn(arg) here, then wait for the others until @timeout_ns. False (with
 * an error or a failure reported) if one could not start or finish.
 */
bool cpus_run(unsigned int n, smp_fn_t fn, void *arg, uint64_t timeout_ns);

/* A reusable barrier for @n vCPUs (zero-initialise). */
struct cpus_barrier {
	volatile uint32_t arrived;
	volatile uint32_t generation;
};
void cpus_barrier(struct cpus_barrier *b, unsigned int n);

/*
 * Wait until *flag is non-zero with events enabled (and left enabled).
 * With a deadline (pvclock ns, 0 = none): false if it passed first.
 * _spin makes no hypercall, _yield yields now and then (smp_relax),
 * _block sleeps in SCHEDOP_block between checks (no deadline: a
 * secondary's wait, which vCPU 0's verdict ends if it never returns).
 */
bool cpus_wait_spin(volatile int *flag, uint64_t deadline);
bool cpus_wait_yield(volatile int *flag, uint64_t deadline);
void cpus_wait_block(volatile int *flag);

/*
 * Let @ns pass on the calling vCPU without blocking: yield until the
 * pvclock says so (events as they were).
 */
void cpus_sleep(uint64_t ns);

/*
 * Where vCPU @id runs, seen from the caller (vCPU 0): @id spins (now and
 * then yielding, smp_relax) while the caller takes @reads samples of its
 * runstate (VCPUOP_get_runstate_info). Returns how many say running:
 * all of them when @id has a pCPU of its own, none when it shares the
 * caller's (the caller runs, so it cannot). -1, with an error or failure
 * reported, if @id did not start or stop spinning within 10 s or a read
 * failed. Events stay as they were.
 */
int cpus_running_reads(unsigned int id, unsigned int reads);

/* Atomic helpers for counters that several vCPUs bump. */
static inline unsigned long atomic_inc(volatile unsigned long *p)
{
	return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST);
}
static inline unsigned long atomic_read(const volatile unsigned long *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

#endif /* TESTS_FRAMEWORK_CPUS_H */
