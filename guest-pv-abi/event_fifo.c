// SPDX-License-Identifier: GPL-2.0-only
/*
 * The FIFO event ABI, guest side: control blocks, the event array pages
 * and the upcall that consumes the queues (guest/event_fifo.h). The
 * hypervisor changes the same words concurrently, so every change of an
 * event word or of READY is an atomic operation, as in Linux.
 */
#include <public/event_channel.h>
#include <guest/event.h>
#include <guest/event_fifo.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/smp.h>
#include <guest/traps.h>

#define WORDS_PER_PAGE (PAGE_SIZE / sizeof(event_word_t))
#define MAX_PAGES (EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)
#define BIT32(b) ((event_word_t)1 << (b))

static event_word_t *array_pages[MAX_PAGES];
static unsigned int nr_pages;

/* Per vCPU: its control block and, per queue, the next port to take (0: read head[]). */
static struct {
	struct evtchn_fifo_control_block *cb;
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
} cpu_fifo[SMP_MAX_VCPUS];

volatile event_word_t *evtchn_fifo_word(evtchn_port_t port)
{
	if (port / WORDS_PER_PAGE >= __atomic_load_n(&nr_pages, __ATOMIC_ACQUIRE))
		return NULL;
	return &array_pages[port / WORDS_PER_PAGE][port % WORDS_PER_PAGE];
}

static bool word_bit(evtchn_port_t port, unsigned int bit)
{
	volatile event_word_t *w = evtchn_fifo_word(port);

	return w && (__atomic_load_n(w, __ATOMIC_SEQ_CST) & BIT32(bit));
}

bool evtchn_fifo_is_pending(evtchn_port_t port)
{
	return word_bit(port, EVTCHN_FIFO_PENDING);
}

bool evtchn_fifo_is_masked(evtchn_port_t port)
{
	return !evtchn_fifo_word(port) || word_bit(port, EVTCHN_FIFO_MASKED);
}

bool evtchn_fifo_is_linked(evtchn_port_t port)
{
	return word_bit(port, EVTCHN_FIFO_LINKED);
}

void evtchn_fifo_mask(evtchn_port_t port)
{
	volatile event_word_t *w = evtchn_fifo_word(port);

	if (w)
		__atomic_fetch_or(w, BIT32(EVTCHN_FIFO_MASKED), __ATOMIC_SEQ_CST);
}

/* Clear MASKED unless PENDING or BUSY is set: true if the port is unmasked now. */
static bool clear_masked_cond(volatile event_word_t *w)
{
	event_word_t old = __atomic_load_n(w, __ATOMIC_SEQ_CST);

	for (;;) {
		event_word_t expect;

		if (!(old & BIT32(EVTCHN_FIFO_MASKED)))
			return true;
		if (old & BIT32(EVTCHN_FIFO_PENDING))
			return false;
		/* Expecting BUSY clear makes the exchange fail while the hypervisor relinks. */
		expect = old & ~BIT32(EVTCHN_FIFO_BUSY);
		if (__atomic_compare_exchange_n(w, &expect, expect & ~BIT32(EVTCHN_FIFO_MASKED),
						false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return true;
		old = expect;
	}
}

void evtchn_fifo_unmask(evtchn_port_t port)
{
	volatile event_word_t *w = evtchn_fifo_word(port);

	if (!w || !clear_masked_cond(w))
		evtchn_unmask(port);
}

/* Clear LINKED and LINK together; the old LINK, the next port of the queue (0: none). */
static uint32_t clear_linked(volatile event_word_t *w)
{
	event_word_t old = __atomic_load_n(w, __ATOMIC_SEQ_CST);

	while (!__atomic_compare_exchange_n(
		w, &old, old & ~(BIT32(EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK), false,
		__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	return old & EVTCHN_FIFO_LINK_MASK;
}

/* Take the head of queue @q of this vCPU; clear @q in *@ready when the queue is empty. */
static void consume_one(unsigned int cpu, unsigned int q, uint32_t *ready)
{
	struct evtchn_fifo_control_block *cb = cpu_fifo[cpu].cb;
	uint32_t head = cpu_fifo[cpu].head[q];
	volatile event_word_t *w;
	evtchn_port_t port;

	/* Reached the tail last time: the hypervisor wrote a new head. */
	if (!head)
		head = __atomic_load_n(&cb->head[q], __ATOMIC_SEQ_CST);
	port = head;
	w = evtchn_fifo_word(port);
	if (!w) {
		*ready &= ~(1u << q); /* a head we never gave a word: nothing to follow */
		cpu_fifo[cpu].head[q] = 0;
		return;
	}
	head = clear_linked(w);
	if (!head)
		*ready &= ~(1u << q);
	if (evtchn_fifo_is_pending(port) && !evtchn_fifo_is_masked(port) &&
	    (__atomic_fetch_and(w, ~BIT32(EVTCHN_FIFO_PENDING), __ATOMIC_SEQ_CST) &
	     BIT32(EVTCHN_FIFO_PENDING)))
		evtchn_dispatch(port);
	cpu_fifo[cpu].head[q] = head;
}

static int fifo_upcall(struct cpu_regs *regs)
{
	unsigned int cpu = smp_processor_id();
	vcpu_info_t *vi = evtchn_vcpu_info();
	struct evtchn_fifo_control_block *cb = cpu_fifo[cpu].cb;

	(void)regs;
	__atomic_fetch_add(&upcall_count, 1, __ATOMIC_RELAXED);
	this_cpu()->upcalls++;
	do {
		uint32_t ready;

		__atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
		if (!cb)
			continue;
		ready = __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
		while (ready) {
			consume_one(cpu, __builtin_ctz(ready), &ready);
			ready |= __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
		}
	} while (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST));
	return 1;
}

long evtchn_fifo_init(uint32_t vcpu, struct evtchn_fifo_control_block *cb, uint8_t *link_bits)
{
	struct evtchn_init_control op = {
		.control_gfn = virt_to_mfn(cb),
		.offset = (uint32_t)((uintptr_t)cb & (PAGE_SIZE - 1)),
		.vcpu = vcpu,
	};
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &op);

	if (link_bits)
		*link_bits = op.link_bits;
	if (rc || vcpu >= SMP_MAX_VCPUS)
		return rc;
	memset(cpu_fifo[vcpu].head, 0, sizeof(cpu_fifo[vcpu].head));
	cpu_fifo[vcpu].cb = cb;
	upcall_hook = fifo_upcall;
	return 0;
}

long evtchn_fifo_expand(event_word_t *page)
{
	struct evtchn_expand_array op = { .array_gfn = virt_to_mfn(page) };
	unsigned int i;
	long rc;

	if (nr_pages >= MAX_PAGES)
		return HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &op);
	for (i = 0; i < WORDS_PER_PAGE; i++)
		page[i] = BIT32(EVTCHN_FIFO_MASKED);
	/* The page must be known before the hypervisor can link a port in it. */
	array_pages[nr_pages] = page;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &op);
	if (!rc)
		__atomic_store_n(&nr_pages, nr_pages + 1, __ATOMIC_RELEASE);
	else
		array_pages[nr_pages] = NULL;
	return rc;
}

void evtchn_fifo_forget(void)
{
	unsigned int i;

	evtchn_use_2l();
	__atomic_store_n(&nr_pages, 0, __ATOMIC_RELEASE);
	for (i = 0; i < MAX_PAGES; i++)
		array_pages[i] = NULL;
	for (i = 0; i < SMP_MAX_VCPUS; i++)
		cpu_fifo[i].cb = NULL;
}

long evtchn_set_priority(evtchn_port_t port, uint32_t priority)
{
	struct evtchn_set_priority op = { .port = port, .priority = priority };

	return HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &op);
}
