// SPDX-License-Identifier: GPL-2.0-only
/*
 * How soon an event wakes a vCPU that gave up its pCPU, under both
 * event ABIs (2-level, then FIFO), with two vCPUs on two pCPUs.
 * Behaviour under test (the same on Xen 4.17): vCPU 0 sends on a port
 * bound to vCPU 1 once vCPU 1 reads as blocked, and vCPU 1 answers on
 * a port bound to vCPU 0 (which spins with events enabled). vCPU 1
 * waits in one of the two ways Linux does:
 * - blocked (SCHEDOP_block, the port unmasked): the event must raise its
 *   upcall and wake it;
 * - polling (SCHEDOP_poll on the port, kept masked, as Linux's PV
 *   spinlock kick): PENDING going from clear to set must wake it.
 * No vCPU has a timer running, so a wake-up the hypervisor loses is a
 * round that never ends (ROUND_TIMEOUT: FAILURE). Each case plays
 * ROUNDS round trips and prints their median and slowest, and how long
 * vCPU 1 was runnable without running (the scheduler's share, plus the
 * host's delay in running the woken pCPU's QEMU thread). Those figures
 * are printed, not judged: under QEMU's TCG on a shared host a case's
 * median was seen at tens of microseconds in most runs and at 4-10 ms in
 * some, with either ABI, on both hypervisors.
 */
#include <cpus.h>
#include <guest/event_fifo.h>
#include <public/event_channel.h>
#include <public/vcpu.h>

const char test_title[] =
	"Event channels: wake-up latency of a blocked or polling vCPU (2-level, FIFO)";

#define ROUNDS 64
#define ROUND_TIMEOUT (2 * NS_PER_S)

static struct evtchn_fifo_control_block cb0 __attribute__((aligned(PAGE_SIZE)));
static struct evtchn_fifo_control_block cb1 __attribute__((aligned(PAGE_SIZE)));
static event_word_t array_page[PAGE_SIZE / sizeof(event_word_t)]
	__attribute__((aligned(PAGE_SIZE)));

/* The ABI in use: how vCPU 1 masks, unmasks and reads its port. */
struct abi {
	const char *name;
	void (*mask)(evtchn_port_t port);
	void (*unmask)(evtchn_port_t port);
	bool (*test_and_clear_pending)(evtchn_port_t port);
};

static void unmask_2l(evtchn_port_t port)
{
	evtchn_unmask(port);
}

static bool test_and_clear_pending_2l(evtchn_port_t port)
{
	bool pending = evtchn_is_pending(port);

	if (pending)
		evtchn_clear_pending(port);
	return pending;
}

static bool test_and_clear_pending_fifo(evtchn_port_t port)
{
	volatile event_word_t *w = evtchn_fifo_word(port);

	return __atomic_fetch_and(w, ~(1u << EVTCHN_FIFO_PENDING), __ATOMIC_SEQ_CST) &
	       (1u << EVTCHN_FIFO_PENDING);
}

static const struct abi abi_2l = {"2-level", evtchn_mask, unmask_2l, test_and_clear_pending_2l};
static const struct abi abi_fifo = {"FIFO", evtchn_fifo_mask, evtchn_fifo_unmask,
				    test_and_clear_pending_fifo};

static const struct abi *abi;
static evtchn_port_t to_vcpu1, to_vcpu0;
static volatile int stop;

/* vCPU 1's upcall, blocked mode: answer. */
static void ping_handler(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	evtchn_send(to_vcpu0);
}

/* vCPU 1, blocked mode: sleep in SCHEDOP_block until told to stop. */
static void receiver_block(void *arg)
{
	(void)arg;
	cpus_wait_block(&stop);
	events_disable();
}

/* vCPU 1, polling mode: events off, the port masked; answer each time it is pending. */
static void receiver_poll(void *arg)
{
	(void)arg;
	events_disable();
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		sched_poll(&to_vcpu1, 1, 0);
		if (abi->test_and_clear_pending(to_vcpu1) && !stop)
			evtchn_send(to_vcpu0);
	}
}

/* Spin until vCPU 1 reads as blocked (it waits, off its pCPU); false past @deadline. */
static bool wait_vcpu1_blocked(uint64_t deadline)
{
	struct vcpu_runstate_info rs;

	do {
		if (vcpu_runstate(1, &rs) == 0 && rs.state == RUNSTATE_blocked)
			return true;
		cpu_relax();
	} while (pvclock_read() < deadline);
	return false;
}

/* Median of @n round times (sorts them). */
static uint64_t median(uint64_t *t, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && t[j - 1] > t[j]; j--) {
			uint64_t x = t[j];

			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	return t[n / 2];
}

/*
 * ROUNDS round trips with vCPU 1 running @receiver: their median in ns
 * (at least 1), or 0 (a failure reported) if one never came back.
 */
static uint64_t play(const char *what, smp_fn_t receiver)
{
	static uint64_t t[ROUNDS];
	unsigned int i;
	bool ok = true;
	struct vcpu_runstate_info rs0, rs1;
	uint64_t m;

	stop = 0;
	if (!check_long("runstate of vCPU 1", 0, vcpu_runstate(1, &rs0)))
		return 0;
	if (!check_long("start vCPU 1", 0, smp_call(1, receiver, NULL)))
		return 0;
	events_enable();
	for (i = 0; i < ROUNDS && ok; i++) {
		uint32_t before = evtchn_count[to_vcpu0];
		uint64_t deadline = cpus_deadline(ROUND_TIMEOUT), start;

		if (!wait_vcpu1_blocked(deadline)) {
			xtf_failure("Fail: %s %s: expected vCPU 1 blocked before round %u",
				    abi->name, what, i);
			ok = false;
			break;
		}
		start = pvclock_read();
		evtchn_send(to_vcpu1);
		while (evtchn_count[to_vcpu0] == before && pvclock_read() < deadline)
			cpu_relax();
		t[i] = pvclock_read() - start;
		if (evtchn_count[to_vcpu0] == before) {
			xtf_failure("Fail: %s %s: expected the answer to round %u within 2 s",
				    abi->name, what, i);
			ok = false;
		}
	}
	events_disable();
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	evtchn_send(to_vcpu1);
	if (!smp_wait(1, cpus_deadline(10 * NS_PER_S))) {
		xtf_failure("Fail: %s %s: expected vCPU 1 to stop within 10 s", abi->name, what);
		return 0;
	}
	if (!ok)
		return 0;
	if (!check_long("runstate of vCPU 1", 0, vcpu_runstate(1, &rs1)))
		return 0;
	m = median(t, ROUNDS);
	/* vCPU 1 runnable: woken, waiting for its pCPU (the scheduler, or the host). */
	printk("%s %s: %u round trips, median %lu us, slowest %lu us, vCPU 1 runnable %lu us\n",
	       abi->name, what, ROUNDS, (unsigned long)(m / NS_PER_US),
	       (unsigned long)(t[ROUNDS - 1] / NS_PER_US),
	       (unsigned long)((rs1.time[RUNSTATE_runnable] - rs0.time[RUNSTATE_runnable]) /
			       NS_PER_US));
	return m ? m : 1;
}

/* Waiting modes, in the order test_abi() plays them. */
enum { BLOCKED, POLLING, NR_MODES };
static const char *const mode_name[NR_MODES] = {"blocked", "polling"};
static const smp_fn_t mode_fn[NR_MODES] = {receiver_block, receiver_poll};

/* Every waiting mode under @a, on fresh ports. */
static void test_abi(const struct abi *a)
{
	unsigned int i;

	abi = a;
	if (!check_long("bind_ipi to vCPU 1", 0, evtchn_bind_ipi(1, &to_vcpu1)) ||
	    !check_long("bind_ipi to vCPU 0", 0, evtchn_bind_ipi(0, &to_vcpu0)))
		return;
	evtchn_bind_handler(to_vcpu1, ping_handler, NULL);
	abi->unmask(to_vcpu0);
	for (i = 0; i < NR_MODES; i++) {
		if (i == BLOCKED) {
			abi->unmask(to_vcpu1);
		} else {
			abi->mask(to_vcpu1);
			abi->test_and_clear_pending(to_vcpu1);
		}
		if (!play(mode_name[i], mode_fn[i]))
			break;
	}
	evtchn_close(to_vcpu1);
	evtchn_close(to_vcpu0);
}

void test_main(void)
{
	if (!cpus_setup(2))
		return;
	check_long("stop_periodic_timer", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL));
	test_abi(&abi_2l);
	if (!check_long("init_control vCPU 0", 0, evtchn_fifo_init(0, &cb0, NULL)) ||
	    !check_long("init_control vCPU 1", 0, evtchn_fifo_init(1, &cb1, NULL)) ||
	    !check_long("expand_array", 0, evtchn_fifo_expand(array_page)))
		return;
	test_abi(&abi_fifo);
	xtf_success(NULL);
}
