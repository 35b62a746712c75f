// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event channels, guest side: the upcall handler, per-port handlers and
 * counters, the virtual interrupt flag, and EVTCHNOP_* wrappers. See
 * guest/event.h; the ABI is in include/public/xen.h (struct shared_info,
 * struct vcpu_info) and docs/events.md.
 *
 * With several vCPUs the pending and mask bitmaps are shared, but each
 * vCPU has its own vcpu_info (selector word, upcall flags) and takes
 * only the ports bound to it (port_cpu[], kept by the bind wrappers):
 * otherwise an upcall on one vCPU would steal a neighbour's event that
 * shares a 64-port word with one of its own.
 */
#include <public/callback.h>
#include <public/event_channel.h>
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/smp.h>
#include <guest/traps.h>

volatile unsigned long upcall_count;
volatile uint32_t evtchn_count[NR_EVTCHN_PORTS];

static struct {
	evtchn_handler_t fn;
	void *data;
} handlers[NR_EVTCHN_PORTS];

/* The vCPU each port notifies (0 unless a bind or bind_vcpu said otherwise). */
static uint8_t port_cpu[NR_EVTCHN_PORTS];

extern const char event_upcall_entry[];

vcpu_info_t *evtchn_vcpu_info(void)
{
	struct guest_cpu *c = this_cpu();

	if (!c->vcpu_info)
		c->vcpu_info = &shared_info()->vcpu_info[c->id];
	return c->vcpu_info;
}

void evtchn_set_vcpu_info(vcpu_info_t *vi)
{
	this_cpu()->vcpu_info = vi;
}

unsigned int evtchn_port_cpu(evtchn_port_t port)
{
	return port < NR_EVTCHN_PORTS ? port_cpu[port] : 0;
}

static void set_port_cpu(evtchn_port_t port, uint32_t vcpu)
{
	if (port < NR_EVTCHN_PORTS && vcpu < SMP_MAX_VCPUS)
		__atomic_store_n(&port_cpu[port], (uint8_t)vcpu, __ATOMIC_RELEASE);
}

static unsigned long *pending_words(void)
{
	return (unsigned long *)shared_info()->evtchn_pending;
}

static unsigned long *mask_words(void)
{
	return (unsigned long *)shared_info()->evtchn_mask;
}

/* Locked bit operations: the hypervisor changes the same words concurrently. */
static bool test_and_set(unsigned long *w, unsigned int bit)
{
	bool old;

	asm volatile("lock btsq %2, %1" : "=@ccc"(old), "+m"(*w) : "r"((unsigned long)bit) : "memory");
	return old;
}

static bool test_and_clear(unsigned long *w, unsigned int bit)
{
	bool old;

	asm volatile("lock btrq %2, %1" : "=@ccc"(old), "+m"(*w) : "r"((unsigned long)bit) : "memory");
	return old;
}

bool evtchn_is_pending(evtchn_port_t port)
{
	return (((volatile unsigned long *)pending_words())[port / 64] >> (port % 64)) & 1;
}

bool evtchn_is_masked(evtchn_port_t port)
{
	return (((volatile unsigned long *)mask_words())[port / 64] >> (port % 64)) & 1;
}

void evtchn_clear_pending(evtchn_port_t port)
{
	test_and_clear(&pending_words()[port / 64], port % 64);
}

void evtchn_mask(evtchn_port_t port)
{
	test_and_set(&mask_words()[port / 64], port % 64);
}

/*
 * The upcall: scan selector words, then their pending and unmasked
 * ports that are bound to this vCPU.
 */
static int upcall(struct cpu_regs *regs)
{
	struct guest_cpu *me = this_cpu();
	vcpu_info_t *vi = evtchn_vcpu_info();
	unsigned long *pending = pending_words(), *mask = mask_words();

	(void)regs;
	__atomic_fetch_add(&upcall_count, 1, __ATOMIC_RELAXED);
	me->upcalls++;
	do {
		unsigned long sel;

		/* Clear before scanning: an event raised meanwhile sets it again. */
		__atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
		sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned int w = __builtin_ctzl(sel);
			unsigned long ports;

			sel &= sel - 1;
			ports = __atomic_load_n(&pending[w], __ATOMIC_SEQ_CST) &
				~__atomic_load_n(&mask[w], __ATOMIC_SEQ_CST);
			while (ports) {
				unsigned int b = __builtin_ctzl(ports);
				evtchn_port_t port = w * 64 + b;

				ports &= ports - 1;
				if (__atomic_load_n(&port_cpu[port], __ATOMIC_ACQUIRE) != me->id)
					continue;
				if (!test_and_clear(&pending[w], b))
					continue;
				evtchn_dispatch(port);
			}
		}
	} while (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST));
	return 1;
}

void evtchn_dispatch(evtchn_port_t port)
{
	if (port >= NR_EVTCHN_PORTS)
		return;
	__atomic_fetch_add(&evtchn_count[port], 1, __ATOMIC_RELAXED);
	if (handlers[port].fn)
		handlers[port].fn(port, handlers[port].data);
}

void evtchn_use_2l(void)
{
	upcall_hook = upcall;
}

long evtchn_init(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_event,
		.flags = CALLBACKF_mask_events,
		.address = (uint64_t)(uintptr_t)event_upcall_entry,
	};

	upcall_hook = upcall;
	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

void evtchn_bind_handler(evtchn_port_t port, evtchn_handler_t fn, void *data)
{
	handlers[port].data = data;
	handlers[port].fn = fn;
}

void events_disable(void)
{
	evtchn_vcpu_info()->evtchn_upcall_mask = 1;
	asm volatile("" ::: "memory");
}

void events_enable(void)
{
	vcpu_info_t *vi = evtchn_vcpu_info();

	asm volatile("" ::: "memory");
	vi->evtchn_upcall_mask = 0;
	/* Clearing the mask does not trap: enter the hypervisor so it delivers. */
	asm volatile("" ::: "memory");
	if (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
		HYPERVISOR_xen_version(0, NULL);
}

bool events_enabled(void)
{
	return !evtchn_vcpu_info()->evtchn_upcall_mask;
}

void evtchn_unmask_local(evtchn_port_t port)
{
	vcpu_info_t *vi = evtchn_vcpu_info();

	/* Only the hypervisor can raise another vCPU's upcall. */
	if (evtchn_port_cpu(port) != smp_processor_id()) {
		evtchn_unmask(port);
		return;
	}
	test_and_clear(&mask_words()[port / 64], port % 64);
	if (evtchn_is_pending(port) &&
	    !test_and_set((unsigned long *)&vi->evtchn_pending_sel, port / 64)) {
		__atomic_store_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
		if (!vi->evtchn_upcall_mask)
			HYPERVISOR_xen_version(0, NULL);
	}
}

long evtchn_alloc_unbound(domid_t remote_dom, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote_dom };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

	if (!rc)
		*port = op.port;
	return rc;
}

long evtchn_bind_interdomain(domid_t remote_dom, evtchn_port_t remote_port,
			     evtchn_port_t *local_port)
{
	struct evtchn_bind_interdomain op = { .remote_dom = remote_dom, .remote_port = remote_port };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);

	if (!rc)
		*local_port = op.local_port;
	return rc;
}

long evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = vcpu };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

	if (!rc) {
		set_port_cpu(op.port, vcpu);
		*port = op.port;
	}
	return rc;
}

long evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_ipi op = { .vcpu = vcpu };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &op);

	if (!rc) {
		set_port_cpu(op.port, vcpu);
		*port = op.port;
	}
	return rc;
}

long evtchn_send(evtchn_port_t port)
{
	struct evtchn_send op = { .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

long evtchn_close(evtchn_port_t port)
{
	struct evtchn_close op = { .port = port };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);

	/* A closed port's next binding notifies vCPU 0 unless it says otherwise. */
	if (!rc)
		set_port_cpu(port, 0);
	return rc;
}

long evtchn_bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
	struct evtchn_bind_vcpu op = { .port = port, .vcpu = vcpu };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &op);

	if (!rc)
		set_port_cpu(port, vcpu);
	return rc;
}

long evtchn_unmask(evtchn_port_t port)
{
	struct evtchn_unmask op = { .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

long evtchn_status(domid_t dom, evtchn_port_t port, struct evtchn_status *status)
{
	memset(status, 0, sizeof(*status));
	status->dom = dom;
	status->port = port;
	return HYPERVISOR_event_channel_op(EVTCHNOP_status, status);
}
