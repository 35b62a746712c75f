// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event channels, 2-level ABI, in one domain. Behaviour under test (the
 * same on Xen 4.17):
 * - VIRQ_TIMER bound to vCPU 0 delivers an upcall when a single-shot
 *   timer expires while the guest spins with events enabled;
 * - an IPI port to ourselves is delivered by the time EVTCHNOP_send
 *   returns (the upcall is made on the way out of the hypercall);
 * - alloc_unbound + bind_interdomain with ourselves (loopback): the new
 *   local port is raised once at bind time (Xen's "nothing lost" rule),
 *   then sends go both ways, 1000 each with no lost or duplicated
 *   notification;
 * - a masked port stays pending without an upcall, several sends set it
 *   once, EVTCHNOP_unmask and a local unmask each deliver it exactly once;
 *   evtchn_upcall_mask defers every upcall until it is cleared;
 * - close: the peer becomes unbound (for us), sends on it are dropped,
 *   sends on the closed port are -EINVAL; rebinding works;
 * - EVTCHNOP_status reports closed (port 0 too), unbound, interdomain,
 *   virq, ipi with the right details;
 * - refusals: double-binding a VIRQ -EEXIST, VIRQ out of range or global
 *   on vCPU 1 -EINVAL, vCPU 1 -ENOENT, ports >= 4096 -EINVAL, binding a
 *   port offered to another domain (or not unbound) -EINVAL, a missing
 *   domain -ESRCH, sending on a VIRQ -EINVAL, bind_vcpu of per-vCPU
 *   ports -EINVAL; FIFO-only ops refused in the 2-level ABI;
 * - the port space ends at 4095 (-ENOSPC after), EVTCHNOP_reset closes
 *   everything and allocation starts again at port 1.
 */
#include <framework.h>
#include <guest/event.h>
#include <guest/time.h>
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/vcpu.h>

const char test_title[] = "Event channels: VIRQ, IPI, loopback, masking, status, refusals";

#define MS 1000000ULL

/* Spin (events as they are) until @count exceeds @old or @ms pass. */
static bool wait_count(evtchn_port_t port, uint32_t old, uint64_t ms)
{
	uint64_t end = pvclock_read() + ms * MS;

	while (evtchn_count[port] == old && pvclock_read() < end)
		asm volatile("pause" ::: "memory");
	return evtchn_count[port] != old;
}

static void check_status(const char *what, evtchn_port_t port, uint32_t status, uint32_t vcpu,
			 uint32_t detail_dom, uint32_t detail)
{
	struct evtchn_status st;
	long rc = evtchn_status(DOMID_SELF, port, &st);

	if (!check_long(what, 0, rc))
		return;
	if (st.status != status || st.vcpu != vcpu) {
		xtf_failure("%s: expected status %u vcpu %u, got status %u vcpu %u", what, status,
			    vcpu, st.status, st.vcpu);
		return;
	}
	switch (status) {
	case EVTCHNSTAT_unbound:
		if (st.u.unbound.dom != detail_dom)
			xtf_failure("%s: expected unbound for d%u, got d%u", what, detail_dom,
				    st.u.unbound.dom);
		break;
	case EVTCHNSTAT_interdomain:
		if (st.u.interdomain.dom != detail_dom || st.u.interdomain.port != detail)
			xtf_failure("%s: expected d%u port %u, got d%u port %u", what, detail_dom,
				    detail, st.u.interdomain.dom, st.u.interdomain.port);
		break;
	case EVTCHNSTAT_virq:
		if (st.u.virq != detail)
			xtf_failure("%s: expected virq %u, got %u", what, detail, st.u.virq);
		break;
	}
}

static evtchn_port_t timer_port, ipi_port;

static void test_virq_timer(void)
{
	evtchn_port_t dup;
	uint32_t before;
	uint64_t deadline;
	struct vcpu_set_singleshot_timer sst;

	if (!check_long("bind_virq VIRQ_TIMER", 0, evtchn_bind_virq(VIRQ_TIMER, 0, &timer_port)))
		return;
	check_long("bind_virq VIRQ_TIMER again", -XEN_EEXIST, evtchn_bind_virq(VIRQ_TIMER, 0, &dup));
	check_status("status of the VIRQ_TIMER port", timer_port, EVTCHNSTAT_virq, 0, 0, VIRQ_TIMER);

	before = evtchn_count[timer_port];
	deadline = pvclock_read() + 2 * MS;
	sst = (struct vcpu_set_singleshot_timer){ .timeout_abs_ns = deadline };
	events_enable();
	check_long("set_singleshot_timer +2 ms", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &sst));
	if (!wait_count(timer_port, before, 1000))
		xtf_failure("VIRQ_TIMER: expected an upcall within 1 s of a 2 ms timer, got none");
	else if (pvclock_read() < deadline)
		xtf_failure("VIRQ_TIMER: delivered before its deadline");
	events_disable();
}

static void test_ipi(void)
{
	uint32_t before;

	if (!check_long("bind_ipi vcpu 0", 0, evtchn_bind_ipi(0, &ipi_port)))
		return;
	check_status("status of the IPI port", ipi_port, EVTCHNSTAT_ipi, 0, 0, 0);
	events_enable();
	before = evtchn_count[ipi_port];
	check_long("send on the IPI port", 0, evtchn_send(ipi_port));
	check_long("IPI to self: upcalls when send returns", before + 1, evtchn_count[ipi_port]);

	/* The upcall mask defers delivery; clearing it (and entering Xen) delivers. */
	events_disable();
	before = evtchn_count[ipi_port];
	evtchn_send(ipi_port);
	check_long("IPI with events masked: not delivered", before, evtchn_count[ipi_port]);
	check_long("IPI with events masked: upcall pending", 1,
		   evtchn_vcpu_info()->evtchn_upcall_pending);
	events_enable();
	check_long("IPI after events_enable: delivered once", before + 1, evtchn_count[ipi_port]);
	events_disable();
}

static void test_loopback(void)
{
	evtchn_port_t a, b, c;
	uint32_t ca, cb;
	unsigned int i;

	if (!check_long("alloc_unbound for DOMID_SELF", 0, evtchn_alloc_unbound(DOMID_SELF, &a)))
		return;
	check_status("status of the unbound port", a, EVTCHNSTAT_unbound, 0, 0, 0);
	if (!check_long("bind_interdomain to our own unbound port", 0,
			evtchn_bind_interdomain(DOMID_SELF, a, &b)))
		return;
	check_status("status of the offered end", a, EVTCHNSTAT_interdomain, 0, 0, b);
	check_status("status of the bound end", b, EVTCHNSTAT_interdomain, 0, 0, a);
	check_long("bound end raised at bind time", 1, evtchn_is_pending(b));
	check_long("offered end not raised at bind time", 0, evtchn_is_pending(a));
	evtchn_clear_pending(b);

	events_enable();
	ca = evtchn_count[a];
	cb = evtchn_count[b];
	for (i = 0; i < 1000; i++) {
		if (evtchn_send(a) || evtchn_send(b)) {
			xtf_failure("loopback send %u failed", i);
			break;
		}
	}
	check_long("loopback: 1000 sends on a reach b", cb + 1000, evtchn_count[b]);
	check_long("loopback: 1000 sends on b reach a", ca + 1000, evtchn_count[a]);

	/* Masking defers; a send while masked sets pending once. */
	evtchn_mask(b);
	cb = evtchn_count[b];
	evtchn_send(a);
	evtchn_send(a);
	check_long("masked port: no upcall", cb, evtchn_count[b]);
	check_long("masked port: pending", 1, evtchn_is_pending(b));
	check_long("EVTCHNOP_unmask", 0, evtchn_unmask(b));
	check_long("EVTCHNOP_unmask delivers the pending event once", cb + 1, evtchn_count[b]);
	check_long("EVTCHNOP_unmask clears the mask", 0, evtchn_is_masked(b));
	evtchn_mask(b);
	evtchn_send(a);
	evtchn_unmask_local(b);
	check_long("local unmask delivers the pending event once", cb + 2, evtchn_count[b]);

	/* Close one end: the other waits for us again; sends are dropped / refused. */
	check_long("close the bound end", 0, evtchn_close(b));
	check_status("status of the closed end", b, EVTCHNSTAT_closed, 0, 0, 0);
	check_status("peer after close", a, EVTCHNSTAT_unbound, 0, 0, 0);
	check_long("send on the closed port", -XEN_EINVAL, evtchn_send(b));
	check_long("close it again", -XEN_EINVAL, evtchn_close(b));
	ca = evtchn_count[a];
	check_long("send on the unbound peer (dropped)", 0, evtchn_send(a));
	check_long("send on the unbound peer: nothing delivered", ca, evtchn_count[a]);

	/* Rebind. */
	if (check_long("rebind to the same unbound port", 0,
		       evtchn_bind_interdomain(DOMID_SELF, a, &c))) {
		cb = evtchn_count[c];
		evtchn_send(a);
		check_long("send after rebinding", cb + 1, evtchn_count[c]);
		check_long("close the rebound end", 0, evtchn_close(c));
	}
	check_long("close the offered end", 0, evtchn_close(a));
	events_disable();
}

static void test_refusals(void)
{
	evtchn_port_t p, other;
	struct evtchn_status st;

	check_long("bind_virq NR_VIRQS", -XEN_EINVAL, evtchn_bind_virq(NR_VIRQS, 0, &p));
	check_long("bind_virq global VIRQ_CONSOLE on vcpu 1", -XEN_EINVAL,
		   evtchn_bind_virq(VIRQ_CONSOLE, 1, &p));
	check_long("bind_virq VIRQ_DEBUG on missing vcpu 1", -XEN_ENOENT,
		   evtchn_bind_virq(VIRQ_DEBUG, 1, &p));
	check_long("bind_ipi missing vcpu 1", -XEN_ENOENT, evtchn_bind_ipi(1, &p));
	check_long("send on port 4096", -XEN_EINVAL, evtchn_send(4096));
	check_long("close port 4096", -XEN_EINVAL, evtchn_close(4096));
	check_long("unmask port 4096", -XEN_EINVAL, evtchn_unmask(4096));
	check_long("status of port 4096", -XEN_EINVAL, evtchn_status(DOMID_SELF, 4096, &st));
	check_long("bind_interdomain to port 4096", -XEN_EINVAL,
		   evtchn_bind_interdomain(DOMID_SELF, 4096, &p));
	check_long("send on port 0", -XEN_EINVAL, evtchn_send(0));
	check_long("close port 0", -XEN_EINVAL, evtchn_close(0));
	check_status("status of port 0", 0, EVTCHNSTAT_closed, 0, 0, 0);
	check_long("send on the VIRQ_TIMER port", -XEN_EINVAL, evtchn_send(timer_port));
	check_long("bind_vcpu of a per-vCPU VIRQ", -XEN_EINVAL,
		   HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu,
					       &(struct evtchn_bind_vcpu){ timer_port, 0 }));
	check_long("bind_vcpu of an IPI port", -XEN_EINVAL,
		   HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu,
					       &(struct evtchn_bind_vcpu){ ipi_port, 0 }));
	check_long("bind_vcpu to missing vcpu 1", -XEN_ENOENT,
		   HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu,
					       &(struct evtchn_bind_vcpu){ ipi_port, 1 }));

	/* A port offered to domain 5 is not ours to bind; neither is an IPI port. */
	if (check_long("alloc_unbound for d5", 0, evtchn_alloc_unbound(5, &other))) {
		check_status("status of the port for d5", other, EVTCHNSTAT_unbound, 0, 5, 0);
		check_long("bind_interdomain to a port offered to d5", -XEN_EINVAL,
			   evtchn_bind_interdomain(DOMID_SELF, other, &p));
		check_long("bind_vcpu of an unbound port", 0,
			   HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu,
						       &(struct evtchn_bind_vcpu){ other, 0 }));
		check_long("close the port for d5", 0, evtchn_close(other));
	}
	check_long("bind_interdomain to an IPI port", -XEN_EINVAL,
		   evtchn_bind_interdomain(DOMID_SELF, ipi_port, &p));
	check_long("bind_interdomain with missing d7", -XEN_ESRCH,
		   evtchn_bind_interdomain(7, 1, &p));
	{
		struct evtchn_alloc_unbound au = { .dom = 7, .remote_dom = DOMID_SELF };

		check_long("alloc_unbound in missing d7", -XEN_ESRCH,
			   HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au));
	}
	check_long("status in missing d7", -XEN_ESRCH, evtchn_status(7, 1, &st));

	/* FIFO-only operations while the domain uses the 2-level ABI. */
	check_long("set_priority (2-level)", -XEN_ENOSYS,
		   HYPERVISOR_event_channel_op(EVTCHNOP_set_priority,
					       &(struct evtchn_set_priority){ ipi_port, 3 }));
	check_long("expand_array before init_control", -XEN_EOPNOTSUPP,
		   HYPERVISOR_event_channel_op(EVTCHNOP_expand_array,
					       &(struct evtchn_expand_array){ 0 }));
	check_long("unknown EVTCHNOP 99", -XEN_ENOSYS, HYPERVISOR_event_channel_op(99, &st));
}

/* Fill the port space, then reset. */
static void test_limit_and_reset(void)
{
	evtchn_port_t p, last = 0;
	unsigned int n = 0;
	long rc;
	struct evtchn_reset reset = { .dom = DOMID_SELF };

	while ((rc = evtchn_alloc_unbound(DOMID_SELF, &p)) == 0 && n < 5000) {
		last = p;
		n++;
	}
	check_long("alloc_unbound when the ports run out", -XEN_ENOSPC, rc);
	check_long("highest port allocated", 4095, last);
	printk("allocated %u ports before -ENOSPC\n", n);
	check_long("EVTCHNOP_reset of ourselves", 0,
		   HYPERVISOR_event_channel_op(EVTCHNOP_reset, &reset));
	check_status("a port after reset", last, EVTCHNSTAT_closed, 0, 0, 0);
	check_status("VIRQ_TIMER port after reset", timer_port, EVTCHNSTAT_closed, 0, 0, 0);
	if (check_long("alloc_unbound after reset", 0, evtchn_alloc_unbound(DOMID_SELF, &p)))
		check_long("first port after reset", 1, p);
	check_long("bind_virq VIRQ_TIMER after reset", 0, evtchn_bind_virq(VIRQ_TIMER, 0, &p));
}

void test_main(void)
{
	if (!check_long("evtchn_init (callback_op event)", 0, evtchn_init()))
		return;
	/* Only the ticks we ask for: Linux stops the default periodic timer too. */
	check_long("stop_periodic_timer", 0,
		   HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL));
	test_virq_timer();
	test_ipi();
	test_loopback();
	test_refusals();
	test_limit_and_reset();
	events_disable();
	printk("upcalls: %lu\n", upcall_count);
	xtf_success(NULL);
}
