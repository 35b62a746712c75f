// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event channels, FIFO ABI, in one domain with one vCPU. Behaviour under
 * test (the same on Xen 4.17):
 * - EVTCHNOP_init_control refuses a missing vCPU (-ENOENT), an offset
 *   past PAGE_SIZE - sizeof(control block) or not 8-byte aligned, a
 *   page-table frame and a frame that does not exist (-EINVAL), and the
 *   domain stays 2-level after refusals (set_priority -ENOSYS,
 *   expand_array -EOPNOTSUPP); then succeeds with the block at the last
 *   offset that fits, answering link_bits 17, and refuses a second block
 *   for the same vCPU (-EINVAL);
 * - set_priority: priority 16 -EINVAL, port 0 -EACCES, a port out of
 *   range -EINVAL; expand_array refuses a page-table frame (-EINVAL),
 *   takes 128 pages and refuses the 129th (-ENOSPC);
 * - ports bound under 2-level keep working: the one pending at the switch
 *   has PENDING set (masked, unlinked) once its array page is added, and
 *   EVTCHNOP_unmask links and delivers it; sends on them are delivered;
 * - events of different priorities are linked on their queues (head[],
 *   READY bits, LINK of the previous tail checked in the shared pages)
 *   and consumed highest priority first, FIFO within a priority;
 * - a masked port stays pending and unlinked; EVTCHNOP_unmask links and
 *   delivers it once; a local unmask of a non-pending port needs no
 *   hypercall; the upcall mask defers delivery;
 * - set_priority moves only the next linking: a queued event stays on
 *   its old queue;
 * - bind_vcpu: vCPU 0 accepted, a missing vCPU -ENOENT, an IPI -EINVAL;
 *   EVTCHNOP_status as under 2-level;
 * - closing a linked port clears PENDING but not LINKED, and the port is
 *   not reused until the guest unlinks it;
 * - a port beyond the event array can be bound; what it is sent waits
 *   until expand_array adds its page;
 * - EVTCHNOP_reset goes back to 2-level (delivery through the bitmaps
 *   again, init_control possible again); reset_cont without a reset in
 *   progress is -EBUSY.
 *
 * With two vCPUs (tests/pv-smp.list line "evtchn-fifo | 2 | 2 | yes"),
 * on both hypervisors:
 * - an event for a vCPU without a control block is dropped (neither
 *   PENDING nor linked);
 *   init_control for vCPU 1 then works with its own block;
 * - bind_vcpu moves a port between vCPUs' queues: a queued event stays
 *   on vCPU 0's queue, the next goes to vCPU 1's (its head[], READY and
 *   upcall); vCPU 0's queue no longer ends in that port, so its next
 *   event becomes vCPU 0's head instead of being chained behind it;
 *   vCPU 1's upcall consumes its own queue;
 * - concurrency: vCPU 1 sends STRESS_SENDS events on each of four ports
 *   of vCPU 0 (priorities 0, 7, 7, 15) while vCPU 0 consumes them and
 *   keeps masking and unmasking one of them (the LINKED/BUSY protocol
 *   against a live consumer); no event is lost: the last value each
 *   sender wrote before its last send is the one its handler saw last.
 *
 * With a boot-time domU (xen-like only; tests/pv-multidomain.list line
 * "evtchn-fifo | domu name=peer mem=16M -- role=peer"), dom0 then plays
 * ping-pong with it: d1 switches to FIFO and offers port 1 to dom0,
 * which binds it and sends ROUNDS events, each answered, so events from
 * another domain reach a FIFO domain's queues; after d1 shuts down, dom0
 * destroys it and d1 must be gone entirely (its control block and array
 * frames released with it), dom0's end unbound again. Without a d1 (on
 * Xen 4.17, or run alone) that part is left out.
 */
#include <cpus.h>
#include <framework.h>
#include <multidom.h>
#include <guest/control.h>
#include <guest/event.h>
#include <guest/event_fifo.h>
#include <guest/time.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/vcpu.h>

const char test_title[] = "Event channels: the FIFO ABI (init, queues, priorities, masking, reset)";

/* Xen's number; the public header shows the name to the hypervisor only. */
#define EVTCHNOP_reset_cont 14

#define CB_OFFSET (PAGE_SIZE - sizeof(struct evtchn_fifo_control_block))
#define ARRAY_PAGES (EVTCHN_FIFO_NR_CHANNELS / (PAGE_SIZE / sizeof(event_word_t)))
#define NO_VCPU 4096 /* beyond any domain's vCPUs */

static uint8_t cb_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct evtchn_fifo_control_block cb1 __attribute__((aligned(PAGE_SIZE)));
static event_word_t array[ARRAY_PAGES][PAGE_SIZE / sizeof(event_word_t)]
	__attribute__((aligned(PAGE_SIZE)));
static struct evtchn_fifo_control_block *const cb =
	(struct evtchn_fifo_control_block *)(cb_page + CB_OFFSET);

/* Delivery order, as the upcall's handlers see it. */
static volatile evtchn_port_t order[16];
static volatile unsigned int order_len;

static void record(evtchn_port_t port, void *data)
{
	(void)data;
	if (order_len < ARRAY_SIZE(order))
		order[order_len++] = port;
}

static evtchn_port_t pre_ipi, pre_a, pre_b;

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu)
{
	struct evtchn_init_control op = { .control_gfn = gfn, .offset = offset, .vcpu = vcpu };

	return HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &op);
}

static long expand_array(uint64_t gfn)
{
	struct evtchn_expand_array op = { .array_gfn = gfn };

	return HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &op);
}

static uint64_t l4_mfn(void)
{
	return virt_to_mfn((const void *)(uintptr_t)start_info->pt_base);
}

static uint32_t word_of(evtchn_port_t port)
{
	volatile event_word_t *w = evtchn_fifo_word(port);

	return w ? *w : 0xdeadbeef;
}

static uint32_t ready_bits(void)
{
	return __atomic_load_n(&cb->ready, __ATOMIC_SEQ_CST);
}

static bool bind_ipi(const char *what, evtchn_port_t *port)
{
	if (!check_long(what, 0, evtchn_bind_ipi(0, port)))
		return false;
	evtchn_bind_handler(*port, record, NULL);
	return true;
}

static void check_status(const char *what, evtchn_port_t port, uint32_t status, uint32_t detail)
{
	struct evtchn_status st;

	if (!check_long(what, 0, evtchn_status(DOMID_SELF, port, &st)))
		return;
	if (st.status != status || st.vcpu != 0)
		xtf_failure("Fail: %s: expected status %u vcpu 0, got status %u vcpu %u", what,
			    status, st.status, st.vcpu);
	else if (status == EVTCHNSTAT_interdomain &&
		 (st.u.interdomain.dom != 0 || st.u.interdomain.port != detail))
		xtf_failure("Fail: %s: expected d0 port %u, got d%u port %u", what, detail,
			    st.u.interdomain.dom, st.u.interdomain.port);
}

/* Ports bound before the switch; pre_b is left pending (raised at bind). */
static void test_before_switch(void)
{
	check_long("bind_ipi (2-level)", 0, evtchn_bind_ipi(0, &pre_ipi));
	check_long("alloc_unbound (2-level)", 0, evtchn_alloc_unbound(DOMID_SELF, &pre_a));
	check_long("bind_interdomain (2-level)", 0,
		   evtchn_bind_interdomain(DOMID_SELF, pre_a, &pre_b));
	check_long("2-level: the bound end is pending", 1, evtchn_is_pending(pre_b));
	check_long("set_priority under 2-level", -XEN_ENOSYS, evtchn_set_priority(pre_ipi, 3));
	check_long("expand_array under 2-level", -XEN_EOPNOTSUPP,
		   expand_array(virt_to_mfn(array[0])));
}

static void test_init_control(void)
{
	uint64_t mfn = virt_to_mfn(cb_page);
	uint8_t link_bits = 0;

	check_long("init_control: missing vCPU", -XEN_ENOENT,
		   init_control(mfn, CB_OFFSET, NO_VCPU));
	check_long("init_control: block crosses the page end", -XEN_EINVAL,
		   init_control(mfn, CB_OFFSET + 8, 0));
	check_long("init_control: offset not 8-byte aligned", -XEN_EINVAL, init_control(mfn, 4, 0));
	check_long("init_control: a page-table frame", -XEN_EINVAL, init_control(l4_mfn(), 0, 0));
	check_long("init_control: no such frame", -XEN_EINVAL, init_control(1ULL << 40, 0, 0));
	check_long("set_priority after refused init_control: still 2-level", -XEN_ENOSYS,
		   evtchn_set_priority(pre_ipi, 3));

	if (!check_long("init_control", 0, evtchn_fifo_init(0, cb, &link_bits)))
		return;
	check_long("init_control: link_bits", EVTCHN_FIFO_LINK_BITS, link_bits);
	check_long("init_control twice for vCPU 0", -XEN_EINVAL, init_control(mfn, 0, 0));
	check_long("init_control twice: missing vCPU still -ENOENT", -XEN_ENOENT,
		   init_control(mfn, 0, NO_VCPU));
}

static void test_priority_refusals(void)
{
	check_long("set_priority 16", -XEN_EINVAL, evtchn_set_priority(pre_ipi, 16));
	check_long("set_priority 15", 0, evtchn_set_priority(pre_ipi, EVTCHN_FIFO_PRIORITY_MIN));
	check_long("set_priority back to the default", 0,
		   evtchn_set_priority(pre_ipi, EVTCHN_FIFO_PRIORITY_DEFAULT));
	check_long("set_priority of port 0", -XEN_EACCES, evtchn_set_priority(0, 3));
	check_long("set_priority of port 131072", -XEN_EINVAL,
		   evtchn_set_priority(EVTCHN_FIFO_NR_CHANNELS, 3));
	check_long("expand_array: a page-table frame", -XEN_EINVAL, expand_array(l4_mfn()));
}

/* The first array page: the port pending at the switch is raised, masked. */
static void test_switch_carries_ports(void)
{
	uint32_t before;

	if (!check_long("expand_array (page 0)", 0, evtchn_fifo_expand(array[0])))
		return;
	check_long("pending at the switch: PENDING after expand", 1, evtchn_fifo_is_pending(pre_b));
	check_long("pending at the switch: masked, so not linked", 0, evtchn_fifo_is_linked(pre_b));
	check_long("not pending at the switch: not PENDING", 0, evtchn_fifo_is_pending(pre_ipi));
	check_long("no queue ready yet", 0, ready_bits());

	before = evtchn_count[pre_b];
	evtchn_fifo_unmask(pre_b); /* pending: EVTCHNOP_unmask */
	check_long("unmasked pending port: linked", 1, evtchn_fifo_is_linked(pre_b));
	check_long("unmasked pending port: head of queue 7", pre_b,
		   cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT]);
	check_long("unmasked pending port: READY bit 7", 1u << EVTCHN_FIFO_PRIORITY_DEFAULT,
		   ready_bits());
	check_long("unmasked pending port: upcall pending", 1,
		   evtchn_vcpu_info()->evtchn_upcall_pending);
	check_long("events masked: not delivered yet", before, evtchn_count[pre_b]);
	events_enable();
	check_long("port pending at the switch: delivered once", before + 1, evtchn_count[pre_b]);
	check_long("delivered: unlinked", 0, evtchn_fifo_is_linked(pre_b));
	check_long("delivered: not pending", 0, evtchn_fifo_is_pending(pre_b));

	evtchn_fifo_unmask(pre_ipi);
	evtchn_fifo_unmask(pre_a);
	before = evtchn_count[pre_ipi];
	check_long("send on an IPI bound before the switch", 0, evtchn_send(pre_ipi));
	check_long("IPI bound before the switch: delivered when send returns", before + 1,
		   evtchn_count[pre_ipi]);
	before = evtchn_count[pre_b];
	check_long("send on a loopback bound before the switch", 0, evtchn_send(pre_a));
	check_long("loopback bound before the switch: delivered", before + 1, evtchn_count[pre_b]);
	events_disable();
}

static evtchn_port_t p_hi, p_def1, p_def2, p_lo;

static void test_priority_order(void)
{
	static const char *const names[] = { "priority 2", "priority 7 (1st)", "priority 7 (2nd)",
					     "priority 10" };
	evtchn_port_t expect[4];
	unsigned int i;

	if (!bind_ipi("bind_ipi lo", &p_lo) || !bind_ipi("bind_ipi def1", &p_def1) ||
	    !bind_ipi("bind_ipi def2", &p_def2) || !bind_ipi("bind_ipi hi", &p_hi))
		return;
	check_long("set_priority 10", 0, evtchn_set_priority(p_lo, 10));
	check_long("set_priority 2", 0, evtchn_set_priority(p_hi, 2));
	evtchn_fifo_unmask(p_lo);
	evtchn_fifo_unmask(p_def1);
	evtchn_fifo_unmask(p_def2);
	evtchn_fifo_unmask(p_hi);

	order_len = 0;
	evtchn_send(p_lo);
	evtchn_send(p_def1);
	evtchn_send(p_def2);
	evtchn_send(p_hi);
	check_long("READY: queues 2, 7 and 10", (1u << 2) | (1u << 7) | (1u << 10), ready_bits());
	check_long("head of queue 2", p_hi, cb->head[2]);
	check_long("head of queue 7", p_def1, cb->head[7]);
	check_long("head of queue 10", p_lo, cb->head[10]);
	check_long("queue 7: first word LINKED, LINK to the second",
		   (1u << EVTCHN_FIFO_PENDING) | (1u << EVTCHN_FIFO_LINKED) | p_def2,
		   word_of(p_def1));
	check_long("queue 7: second word LINKED, end of queue",
		   (1u << EVTCHN_FIFO_PENDING) | (1u << EVTCHN_FIFO_LINKED), word_of(p_def2));
	check_long("events masked: nothing delivered", 0, order_len);

	events_enable();
	events_disable();
	expect[0] = p_hi;
	expect[1] = p_def1;
	expect[2] = p_def2;
	expect[3] = p_lo;
	check_long("events delivered", 4, order_len);
	for (i = 0; i < 4 && i < order_len; i++)
		if (order[i] != expect[i])
			xtf_failure("Fail: delivery %u: expected port %u (%s), got port %u", i,
				    expect[i], names[i], order[i]);
	check_long("READY after consuming", 0, ready_bits());
}

static void test_masking(void)
{
	uint32_t before = evtchn_count[p_def1];

	events_enable();
	evtchn_fifo_mask(p_def1);
	evtchn_send(p_def1);
	evtchn_send(p_def1);
	check_long("masked port: no delivery", before, evtchn_count[p_def1]);
	check_long("masked port: PENDING", 1, evtchn_fifo_is_pending(p_def1));
	check_long("masked port: not linked", 0, evtchn_fifo_is_linked(p_def1));
	check_long("EVTCHNOP_unmask", 0, evtchn_unmask(p_def1));
	check_long("EVTCHNOP_unmask delivers the pending event once", before + 1,
		   evtchn_count[p_def1]);
	check_long("EVTCHNOP_unmask clears MASKED", 0, evtchn_fifo_is_masked(p_def1));

	evtchn_fifo_mask(p_def1);
	evtchn_fifo_unmask(p_def1);
	check_long("local unmask of a quiet port", 0, evtchn_fifo_is_masked(p_def1));
	check_long("local unmask of a quiet port: no delivery", before + 1, evtchn_count[p_def1]);

	events_disable();
	before = evtchn_count[p_hi];
	evtchn_send(p_hi);
	check_long("upcall mask set: not delivered", before, evtchn_count[p_hi]);
	check_long("upcall mask set: upcall pending", 1, evtchn_vcpu_info()->evtchn_upcall_pending);
	events_enable();
	check_long("upcall mask cleared: delivered once", before + 1, evtchn_count[p_hi]);
	events_disable();
}

/* set_priority while queued: the event stays; the next one goes to the new queue. */
static void test_requeue(void)
{
	uint32_t before = evtchn_count[p_def1];

	evtchn_send(p_def1);
	check_long("queued on 7", 1u << 7, ready_bits());
	check_long("set_priority 3 while queued", 0, evtchn_set_priority(p_def1, 3));
	check_long("still queued on 7", 1u << 7, ready_bits());
	check_long("still the head of 7", p_def1, cb->head[7]);
	events_enable();
	events_disable();
	check_long("delivered from queue 7", before + 1, evtchn_count[p_def1]);
	evtchn_send(p_def1);
	check_long("next event queued on 3", 1u << 3, ready_bits());
	check_long("head of 3", p_def1, cb->head[3]);
	events_enable();
	events_disable();
	check_long("delivered from queue 3", before + 2, evtchn_count[p_def1]);
	check_long("set_priority back to 7", 0, evtchn_set_priority(p_def1, 7));
}

static void test_bind_vcpu_and_status(void)
{
	evtchn_port_t a, b;
	uint32_t before;

	if (!check_long("alloc_unbound (FIFO)", 0, evtchn_alloc_unbound(DOMID_SELF, &a)) ||
	    !check_long("bind_interdomain (FIFO)", 0, evtchn_bind_interdomain(DOMID_SELF, a, &b)))
		return;
	check_long("new bound end raised at bind", 1, evtchn_fifo_is_pending(b));
	check_long("bind_vcpu to vCPU 0", 0, evtchn_bind_vcpu(b, 0));
	check_long("bind_vcpu to a missing vCPU", -XEN_ENOENT, evtchn_bind_vcpu(b, NO_VCPU));
	check_long("bind_vcpu of an IPI", -XEN_EINVAL, evtchn_bind_vcpu(p_hi, 0));
	check_status("status of the offered end", a, EVTCHNSTAT_interdomain, b);
	check_status("status of the bound end", b, EVTCHNSTAT_interdomain, a);
	check_status("status of an IPI", p_hi, EVTCHNSTAT_ipi, 0);
	check_status("status of port 0", 0, EVTCHNSTAT_closed, 0);

	events_enable();
	before = evtchn_count[b];
	evtchn_fifo_unmask(a);
	evtchn_fifo_unmask(b);
	check_long("bound end delivered on unmask", before + 1, evtchn_count[b]);
	before = evtchn_count[a];
	evtchn_send(b);
	check_long("send b -> a", before + 1, evtchn_count[a]);
	events_disable();
}

/* On vCPU 1: take the upcall once (events on, then off again). */
static void vcpu1_consume(void *arg)
{
	(void)arg;
	events_enable();
	events_disable();
}

#define STRESS_PORTS 4
#define STRESS_SENDS 3000

static evtchn_port_t stress_port[STRESS_PORTS];
static volatile uint32_t stress_seq[STRESS_PORTS], stress_seen[STRESS_PORTS];

static void stress_handler(evtchn_port_t port, void *data)
{
	unsigned int i = (unsigned int)(uintptr_t)data;

	(void)port;
	stress_seen[i] = __atomic_load_n(&stress_seq[i], __ATOMIC_SEQ_CST);
}

/* On vCPU 1: publish n, then send, for each port. */
static void stress_sender(void *arg)
{
	uint32_t n;
	unsigned int i;

	(void)arg;
	for (n = 1; n <= STRESS_SENDS; n++) {
		for (i = 0; i < STRESS_PORTS; i++) {
			__atomic_store_n(&stress_seq[i], n, __ATOMIC_SEQ_CST);
			evtchn_send(stress_port[i]);
		}
		/* Let the consumer catch up now and then, so links and unlinks interleave. */
		for (i = 0; i < (n & 7) * 64; i++)
			cpu_relax();
	}
}

static bool stress_done(void)
{
	unsigned int i;

	for (i = 0; i < STRESS_PORTS; i++)
		if (stress_seen[i] != STRESS_SENDS)
			return false;
	return true;
}

static void test_stress(void)
{
	static const uint32_t prio[STRESS_PORTS] = { 0, 7, 7, 15 };
	uint64_t deadline;
	unsigned int i, toggles = 0;
	bool returned;

	for (i = 0; i < STRESS_PORTS; i++) {
		if (!check_long("stress: bind_ipi", 0, evtchn_bind_ipi(0, &stress_port[i])) ||
		    !check_long("stress: set_priority", 0,
				evtchn_set_priority(stress_port[i], prio[i])))
			return;
		evtchn_bind_handler(stress_port[i], stress_handler, (void *)(uintptr_t)i);
		evtchn_fifo_unmask(stress_port[i]);
	}
	events_enable();
	if (!check_long("stress: start the sender on vCPU 1", 0, smp_call(1, stress_sender, NULL)))
		return;
	deadline = cpus_deadline(30 * NS_PER_S);
	do {
		/* A local mask and unmask races the hypervisor linking behind this port. */
		evtchn_fifo_mask(stress_port[1]);
		cpu_relax();
		evtchn_fifo_unmask(stress_port[1]);
		toggles++;
		returned = smp_wait(1, 1);
	} while (!(returned && stress_done()) && pvclock_read() < deadline);
	events_disable();
	printk("stress: %u sends on each of %u ports, %u mask toggles, delivered %u %u %u %u\n",
	       STRESS_SENDS, STRESS_PORTS, toggles, evtchn_count[stress_port[0]],
	       evtchn_count[stress_port[1]], evtchn_count[stress_port[2]],
	       evtchn_count[stress_port[3]]);
	if (!returned)
		xtf_failure("Fail: stress: expected vCPU 1's sends to end within 30 s");
	for (i = 0; i < STRESS_PORTS; i++) {
		if (stress_seen[i] != STRESS_SENDS)
			xtf_failure("Fail: stress port %u: expected the last send (%u) seen, got %u",
				    i, STRESS_SENDS, stress_seen[i]);
		if (evtchn_count[stress_port[i]] > STRESS_SENDS)
			xtf_failure("Fail: stress port %u: expected at most %u deliveries, got %u",
				    i, STRESS_SENDS, evtchn_count[stress_port[i]]);
	}
	for (i = 0; i < STRESS_PORTS; i++)
		evtchn_close(stress_port[i]);
}

/* Two vCPUs: a vCPU without a control block, and bind_vcpu between queues. */
static void test_two_vcpus(void)
{
	vcpu_info_t *vi1 = &shared_info()->vcpu_info[1];
	evtchn_port_t p1, a, b;
	uint32_t before;

	if (smp_nr_vcpus() < 2) {
		printk("one vCPU: the two-vCPU part is left out\n");
		return;
	}
	if (!check_long("bind_ipi on vCPU 1", 0, evtchn_bind_ipi(1, &p1)))
		return;
	evtchn_fifo_unmask(p1);
	evtchn_send(p1);
	check_long("vCPU without a control block: not PENDING", 0, evtchn_fifo_is_pending(p1));
	check_long("vCPU without a control block: not linked", 0, evtchn_fifo_is_linked(p1));
	if (!check_long("init_control for vCPU 1", 0, evtchn_fifo_init(1, &cb1, NULL)))
		return;
	check_long("vCPU 1's block: nothing ready", 0, cb1.ready);

	if (!check_long("alloc_unbound", 0, evtchn_alloc_unbound(DOMID_SELF, &a)) ||
	    !check_long("bind_interdomain", 0, evtchn_bind_interdomain(DOMID_SELF, a, &b)))
		return;
	evtchn_fifo_unmask(a);
	evtchn_fifo_unmask(b); /* raised at bind: queued on vCPU 0 */
	check_long("queued on vCPU 0's queue 7", b, cb->head[7]);
	check_long("bind_vcpu to vCPU 1 while queued", 0, evtchn_bind_vcpu(b, 1));
	check_long("the queued event stays on vCPU 0", 1u << 7, ready_bits());
	check_long("vCPU 1: still nothing ready", 0, cb1.ready);
	before = evtchn_count[b];
	events_enable();
	events_disable();
	check_long("consumed by vCPU 0", before + 1, evtchn_count[b]);

	evtchn_send(a);
	check_long("next event: vCPU 1's head of queue 7", b, cb1.head[7]);
	check_long("next event: vCPU 1's READY bit 7", 1u << 7, cb1.ready);
	check_long("next event: vCPU 1's upcall pending", 1, vi1->evtchn_upcall_pending);
	check_long("next event: nothing for vCPU 0", 0, ready_bits());
	evtchn_send(p_def1);
	check_long("vCPU 0's queue 7 restarts at its own head", p_def1, cb->head[7]);
	check_long("nothing chained behind the moved port", 0,
		   word_of(b) & EVTCHN_FIFO_LINK_MASK);
	events_enable();
	events_disable();
	if (!check_long("run vCPU 1's upcall", 0, smp_call(1, vcpu1_consume, NULL)) ||
	    !smp_wait(1, cpus_deadline(10 * NS_PER_S))) {
		xtf_failure("Fail: vCPU 1: expected its work item to return within 10 s");
		return;
	}
	check_long("consumed by vCPU 1", before + 2, evtchn_count[b]);
	check_long("vCPU 1's READY after consuming", 0, cb1.ready);
	check_long("bind_vcpu back to vCPU 0", 0, evtchn_bind_vcpu(b, 0));
	test_stress();
}

static void test_close_linked(void)
{
	evtchn_port_t x, y, z;
	uint32_t before;

	if (!check_long("bind_ipi x", 0, evtchn_bind_ipi(0, &x)))
		return;
	evtchn_fifo_unmask(x);
	before = evtchn_count[x];
	evtchn_send(x);
	check_long("x linked", 1, evtchn_fifo_is_linked(x));
	check_long("close a linked port", 0, evtchn_close(x));
	check_long("closed: PENDING cleared", 0, evtchn_fifo_is_pending(x));
	check_long("closed: still LINKED", 1, evtchn_fifo_is_linked(x));
	check_status("status of the closed port", x, EVTCHNSTAT_closed, 0);
	if (check_long("alloc_unbound while x is linked", 0,
		       evtchn_alloc_unbound(DOMID_SELF, &y)) && y == x)
		xtf_failure("Fail: a closed port still linked was reused (port %u)", x);
	events_enable();
	events_disable();
	check_long("closed port unlinked by the guest, not delivered", before, evtchn_count[x]);
	check_long("x unlinked", 0, evtchn_fifo_is_linked(x));
	if (check_long("alloc_unbound after the unlink", 0, evtchn_alloc_unbound(DOMID_SELF, &z)))
		check_long("the lowest free port is x again", x, z);
	evtchn_close(y);
	evtchn_close(z);
}

/* A port beyond the one array page: bound, raised, delivered once its page exists. */
static void test_beyond_array(void)
{
	evtchn_port_t far_a = 0, far_b, p;
	uint32_t before;
	unsigned int i;

	while (far_a < PAGE_SIZE / sizeof(event_word_t)) {
		if (!check_long("alloc_unbound up to port 1024", 0,
				evtchn_alloc_unbound(DOMID_SELF, &p)))
			return;
		far_a = p;
	}
	if (!check_long("bind_interdomain beyond the array", 0,
			evtchn_bind_interdomain(DOMID_SELF, far_a, &far_b)))
		return;
	check_status("status of a port beyond the array", far_b, EVTCHNSTAT_interdomain, far_a);
	check_long("unmask beyond the array", 0, evtchn_unmask(far_b));
	check_long("send beyond the array", 0, evtchn_send(far_a));
	if (!check_long("expand_array (page 1)", 0, evtchn_fifo_expand(array[1])))
		return;
	check_long("raised before its page: PENDING once added", 1, evtchn_fifo_is_pending(far_b));
	events_enable();
	before = evtchn_count[far_b];
	evtchn_fifo_unmask(far_b);
	check_long("raised before its page: delivered on unmask", before + 1, evtchn_count[far_b]);
	evtchn_fifo_unmask(far_a);
	evtchn_send(far_a);
	check_long("send after its page was added", before + 2, evtchn_count[far_b]);
	events_disable();

	for (i = 2; i < ARRAY_PAGES; i++)
		if (!check_long("expand_array up to the maximum", 0, evtchn_fifo_expand(array[i])))
			return;
	check_long("expand_array past 128 pages", -XEN_ENOSPC, expand_array(virt_to_mfn(array[0])));
}

static void test_reset(void)
{
	struct evtchn_reset reset = { .dom = DOMID_SELF };
	shared_info_t *s = shared_info();
	evtchn_port_t p;
	uint32_t before;
	uint8_t link_bits;
	unsigned int i;

	check_long("EVTCHNOP_reset_cont without a reset", -XEN_EBUSY,
		   HYPERVISOR_event_channel_op(EVTCHNOP_reset_cont, &reset));
	if (!check_long("EVTCHNOP_reset (FIFO)", 0,
			HYPERVISOR_event_channel_op(EVTCHNOP_reset, &reset)))
		return;
	evtchn_fifo_forget();
	check_long("after reset: set_priority is 2-level's", -XEN_ENOSYS,
		   evtchn_set_priority(1, 3));
	check_long("after reset: expand_array is 2-level's", -XEN_EOPNOTSUPP,
		   expand_array(virt_to_mfn(array[0])));

	/*
	 * The 2-level bits are the guest's to clean up: the FIFO ABI never
	 * touched them, so the pending bit and selector bit set before the
	 * switch are still there (a stale selector bit would stop the next
	 * 2-level event from raising the upcall).
	 */
	for (i = 0; i < ARRAY_SIZE(s->evtchn_pending); i++) {
		s->evtchn_pending[i] = 0;
		s->evtchn_mask[i] = 0;
	}
	evtchn_vcpu_info()->evtchn_pending_sel = 0;
	if (check_long("bind_ipi after reset", 0, evtchn_bind_ipi(0, &p))) {
		check_long("first port after reset", 1, p);
		events_enable();
		before = evtchn_count[p];
		evtchn_send(p);
		check_long("2-level delivery after reset", before + 1, evtchn_count[p]);
		events_disable();
	}
	memset(cb_page, 0, sizeof(cb_page));
	check_long("init_control again after reset", 0, evtchn_fifo_init(0, cb, &link_bits));
	check_long("EVTCHNOP_reset again", 0, HYPERVISOR_event_channel_op(EVTCHNOP_reset, &reset));
	evtchn_fifo_forget();
}

/* --- Two domains (xen-like, boot-time d1) --- */

#define PEER 1
#define PEER_PORT 1
#define ROUNDS 100
#define PEER_TIMEOUT (20 * NS_PER_S)

/* d1: FIFO, answer every event dom0 sends on port 1, then power off. */
static void peer(void)
{
	uint64_t deadline = md_deadline(PEER_TIMEOUT);
	evtchn_port_t port;
	unsigned int i;

	if (!check_long("peer: init_control", 0, evtchn_fifo_init(0, cb, NULL)) ||
	    !check_long("peer: expand_array", 0, evtchn_fifo_expand(array[0])) ||
	    !check_long("peer: alloc_unbound for dom0", 0, evtchn_alloc_unbound(0, &port)))
		return;
	check_long("peer: the offered port", PEER_PORT, port);
	evtchn_fifo_unmask(port);
	events_enable();
	for (i = 0; i < ROUNDS; i++) {
		/* SCHEDOP_block unmasks events and returns at once if an upcall is due. */
		while (evtchn_count[port] <= i && pvclock_read() < deadline)
			HYPERVISOR_sched_op(SCHEDOP_block, NULL);
		if (evtchn_count[port] <= i) {
			xtf_failure("Fail: peer: event %u from dom0: expected within 20 s, got none",
				    i);
			return;
		}
		evtchn_send(port);
	}
	events_disable();
	check_long("peer: events from dom0", ROUNDS, evtchn_count[port]);
	xtf_success(NULL);
}

static void test_two_domains(void)
{
	struct xen_domctl_getdomaininfo di;
	struct evtchn_status st;
	evtchn_port_t port;
	unsigned int i;

	if (domctl_getdomaininfo(PEER, &di)) {
		printk("no d%u: the two-domain part is left out\n", PEER);
		return;
	}
	if (!check_long("bind d1's FIFO port", 0,
			md_bind_retry(PEER, PEER_PORT, md_deadline(PEER_TIMEOUT), &port)))
		return;
	evtchn_clear_pending(port); /* raised at bind */
	for (i = 0; i < ROUNDS; i++) {
		evtchn_send(port);
		if (!md_wait_port(port, md_deadline(PEER_TIMEOUT))) {
			xtf_failure("Fail: answer %u from the FIFO d1: expected in 20 s, got none", i);
			return;
		}
	}
	check_long("d1 shut down (poweroff)", SHUTDOWN_poweroff,
		   md_wait_shutdown(PEER, md_deadline(PEER_TIMEOUT)));
	check_long("destroydomain of the FIFO d1", 0, domctl_destroydomain(PEER));
	check_long("the FIFO d1 is gone (every frame released)", -XEN_ESRCH,
		   domctl_getdomaininfo(PEER, &di));
	if (check_long("status of dom0's end", 0, evtchn_status(DOMID_SELF, port, &st)) &&
	    (st.status != EVTCHNSTAT_unbound || st.u.unbound.dom != PEER))
		xtf_failure("Fail: dom0's end after d1 went: expected unbound for d%u, got %u",
			    PEER, st.status);
}

void test_main(void)
{
	long rc = smp_init();

	if (rc < 0) {
		xtf_error("smp_init: %ld", rc);
		return;
	}
	if (!check_long("evtchn_init (callback_op event)", 0, evtchn_init()))
		return;
	check_long("stop_periodic_timer", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL));
	if (md_role_is("peer")) {
		peer();
		return;
	}
	test_before_switch();
	test_init_control();
	if (xtf_result() == RESULT_FAILURE)
		return; /* not switched: the rest would only repeat the failure */
	test_priority_refusals();
	test_switch_carries_ports();
	test_priority_order();
	test_masking();
	test_requeue();
	test_bind_vcpu_and_status();
	test_two_vcpus();
	test_close_linked();
	test_beyond_array();
	test_reset();
	test_two_domains();
	printk("upcalls: %lu\n", upcall_count);
	xtf_success(NULL);
}
