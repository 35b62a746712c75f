// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device interrupts as PIRQs, Xen 4.17's model for a PV hardware domain:
 * a GSI is mapped to a PIRQ number of a domain (PHYSDEVOP_map_pirq), the
 * PIRQ bound to an event channel (EVTCHNOP_bind_pirq) starts the line,
 * and each interrupt becomes a pending event. The hypervisor keeps the
 * I/O APIC, the vectors and the local APIC's EOI; guests see only ports.
 *
 * The one idea, the acknowledgement: an edge-triggered line is EOIed at
 * once and needs nothing from the guest; a level-triggered line is
 * masked at its pin and EOIed, delivered to every domain sharing it, and
 * unmasked when the last of them has EOIed (PHYSDEVOP_eoi). That is Xen's
 * "unmask" acknowledgement (ioapic_ack=old); its PIRQ EOI bitmap bit is
 * set for level lines and clear for edge ones, so the guest knows which
 * need the hypercall. A guest that never EOIs keeps only its own line
 * masked.
 *
 * The interrupt handler only masks, EOIs and marks the line pending; the
 * PIRQ softirq passes it to the guests, taking each domain's event_lock
 * after dropping the line's lock. Lock order: a domain's event_lock, then
 * an IRQ's desc lock (binding, EOI, unmapping); never the reverse.
 */
#include <public/physdev.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/irq.h>
#include <xen/lib.h>
#include <xen/rangeset.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <asm/apic.h>
#include <asm/io_apic.h>

struct irq_guest {
	struct domain *d;
	unsigned int pirq;
};

struct irq_desc {
	spinlock_t lock;
	bool level, active_low;  /* the pin's trigger mode and polarity */
	bool pin_programmed;     /* by PHYSDEVOP_setup_gsi: -EEXIST after */
	bool started;            /* bound by a guest: the pin is live */
	bool shareable;          /* its first binder allowed sharing */
	bool pending;            /* taken, not yet passed to the guests */
	unsigned int nr_guests;
	unsigned int in_flight;  /* guests that have it and have not EOIed (level) */
	unsigned long count;     /* interrupts taken */
	struct irq_guest guest[IRQ_MAX_GUESTS];
};

static struct irq_desc irq_desc[NR_IRQS_GSI];
static unsigned int irq_dest_apic; /* the boot CPU's APIC id: every device interrupt goes there */

static uint8_t gsi_vector(unsigned int gsi)
{
	return FIRST_GSI_VECTOR + gsi;
}

/* Program @gsi's pin from its descriptor (desc lock held). */
static void desc_program(unsigned int gsi, bool masked)
{
	const struct irq_desc *desc = &irq_desc[gsi];

	io_apic_route(gsi, gsi_vector(gsi), irq_dest_apic, desc->level, desc->active_low, masked);
}

/* The PIRQ bitmap bit Linux reads to know whether to EOI (Xen's set_pirq_eoi). */
static void set_pirq_eoi_bit(struct domain *d, unsigned int pirq, bool needs_eoi)
{
	if (!d->pirq_eoi_map || pirq >= PAGE_SIZE * 8)
		return;
	if (needs_eoi)
		set_bit(pirq, d->pirq_eoi_map);
	else
		clear_bit(pirq, d->pirq_eoi_map);
}

static bool irq_access_permitted(struct domain *d, unsigned int irq)
{
	return rangeset_contains_range(&d->irq_caps, irq, irq);
}

/* The PIRQ of @d that maps @irq, 0 if none (Xen's domain_irq_to_pirq); event_lock held. */
static unsigned int irq_to_pirq(const struct domain *d, unsigned int irq)
{
	unsigned int p;

	for (p = 0; d->pirqs && p < d->nr_pirqs; p++)
		if (d->pirqs[p].irq == irq)
			return p;
	return 0;
}

static unsigned int pirq_to_irq(const struct domain *d, unsigned int pirq)
{
	return d->pirqs && pirq < d->nr_pirqs ? d->pirqs[pirq].irq : 0;
}

unsigned int pirq_access_permitted(struct domain *d, unsigned int pirq)
{
	unsigned long flags;
	unsigned int irq;

	spin_lock_irqsave(&d->event_lock, flags);
	irq = pirq_to_irq(d, pirq);
	spin_unlock_irqrestore(&d->event_lock, flags);
	return irq && irq_access_permitted(d, irq) ? irq : 0;
}

/* --- Interrupt and delivery --- */

bool irq_do_vector(unsigned int vector)
{
	unsigned int gsi = vector - FIRST_GSI_VECTOR;
	struct irq_desc *desc;

	if (vector < FIRST_GSI_VECTOR || gsi >= NR_IRQS_GSI)
		return false;
	desc = &irq_desc[gsi];
	spin_lock(&desc->lock); /* interrupts are off */
	desc->count++;
	if (desc->level || !desc->started)
		io_apic_mask(gsi, true);
	ack_APIC_irq();
	if (desc->started) {
		desc->pending = true;
		raise_softirq(PIRQ_SOFTIRQ);
	}
	spin_unlock(&desc->lock);
	return true;
}

/* PIRQ_SOFTIRQ: pass every pending line to the domains bound to it. */
static void pirq_softirq(void)
{
	struct irq_guest hold[IRQ_MAX_GUESTS];
	unsigned int gsi, i, n;
	unsigned long flags;

	for (gsi = 0; gsi < NR_IRQS_GSI; gsi++) {
		struct irq_desc *desc = &irq_desc[gsi];

		if (!ACCESS_ONCE(desc->pending))
			continue;
		spin_lock_irqsave(&desc->lock, flags);
		n = 0;
		if (desc->pending) {
			desc->pending = false;
			for (; n < desc->nr_guests; n++) {
				struct irq_guest *g = &desc->guest[n];
				struct pirq *p = &g->d->pirqs[g->pirq];

				if (desc->level && !p->masked) {
					p->masked = true;
					desc->in_flight++;
				}
				hold[n] = *g;
				domain_hold(g->d); /* it may unbind and die once we unlock */
			}
		}
		spin_unlock_irqrestore(&desc->lock, flags);
		for (i = 0; i < n; i++) {
			send_guest_pirq(hold[i].d, hold[i].pirq);
			domain_put(hold[i].d);
		}
	}
}

/* One guest's EOI of the line (desc lock held): the last one unmasks a level line. */
static void desc_guest_eoi(unsigned int gsi, struct pirq *p)
{
	struct irq_desc *desc = &irq_desc[gsi];

	if (!p->masked)
		return;
	p->masked = false;
	if (desc->in_flight && !--desc->in_flight && desc->started && desc->level)
		io_apic_mask(gsi, false);
}

/* Remove @d's @pirq from its line (desc lock held); the last guest stops it. */
static void desc_remove_guest(unsigned int gsi, struct domain *d, unsigned int pirq)
{
	struct irq_desc *desc = &irq_desc[gsi];
	unsigned int i;

	for (i = 0; i < desc->nr_guests; i++)
		if (desc->guest[i].d == d && desc->guest[i].pirq == pirq)
			break;
	if (i == desc->nr_guests)
		return;
	desc_guest_eoi(gsi, &d->pirqs[pirq]);
	desc->guest[i] = desc->guest[--desc->nr_guests];
	if (!desc->nr_guests) {
		io_apic_mask(gsi, true);
		desc->started = false;
		desc->pending = false;
		desc->in_flight = 0;
	}
}

/* --- Binding (EVTCHNOP_bind_pirq, closing the port) --- */

int pirq_bind_check(struct domain *d, unsigned int pirq)
{
	unsigned int irq;

	ASSERT(spin_is_locked(&d->event_lock));
	if (pirq >= d->nr_pirqs)
		return -EINVAL;
	irq = pirq_to_irq(d, pirq);
	if (!irq || !irq_access_permitted(d, irq))
		return -EPERM;
	if (d->pirqs[pirq].evtchn)
		return -EEXIST;
	return 0;
}

int pirq_guest_bind(struct domain *d, unsigned int pirq, evtchn_port_t port, bool will_share)
{
	unsigned int gsi = d->pirqs[pirq].irq;
	struct irq_desc *desc = &irq_desc[gsi];
	unsigned long flags;
	int rc = 0;

	ASSERT(spin_is_locked(&d->event_lock));
	if (!io_apic_has_gsi(gsi))
		return -EINVAL; /* no pin carries it */
	spin_lock_irqsave(&desc->lock, flags);
	if (desc->started && (!will_share || !desc->shareable)) {
		printk(XENLOG_INFO "Cannot bind IRQ%u to d%u. %s.\n", gsi, d->domain_id,
		       will_share ? "Others do not share" : "Will not share with others");
		rc = -EBUSY;
		goto out;
	}
	if (desc->nr_guests >= (will_share ? IRQ_MAX_GUESTS : 1)) {
		printk(XENLOG_INFO "Cannot bind IRQ%u to d%u: already at max share %u\n", gsi,
		       d->domain_id, IRQ_MAX_GUESTS);
		rc = -EBUSY;
		goto out;
	}
	desc->guest[desc->nr_guests++] = (struct irq_guest){ .d = d, .pirq = pirq };
	d->pirqs[pirq].evtchn = port;
	d->pirqs[pirq].masked = false;
	set_pirq_eoi_bit(d, pirq, desc->level);
	if (!desc->started) {
		desc->started = true;
		desc->shareable = will_share;
		desc->in_flight = 0;
		desc_program(gsi, false);
	}
out:
	spin_unlock_irqrestore(&desc->lock, flags);
	return rc;
}

void pirq_guest_unbind(struct domain *d, unsigned int pirq)
{
	unsigned int gsi = pirq_to_irq(d, pirq);
	unsigned long flags;

	ASSERT(spin_is_locked(&d->event_lock));
	if (!d->pirqs || pirq >= d->nr_pirqs)
		return;
	if (gsi) {
		spin_lock_irqsave(&irq_desc[gsi].lock, flags);
		desc_remove_guest(gsi, d, pirq);
		spin_unlock_irqrestore(&irq_desc[gsi].lock, flags);
	}
	d->pirqs[pirq].evtchn = 0;
}

evtchn_port_t pirq_to_evtchn(const struct domain *d, unsigned int pirq)
{
	return d->pirqs && pirq < d->nr_pirqs ? d->pirqs[pirq].evtchn : 0;
}

/* --- PHYSDEVOP_* --- */

/*
 * Xen's allocate_pirq(): with @pirq < 0, the PIRQ that already maps
 * @irq or else the first free one from 16 up (GSIs) then from the top;
 * with a given @pirq, -EEXIST if @irq is mapped to another.
 */
static int allocate_pirq(struct domain *d, int pirq, unsigned int irq)
{
	unsigned int current_pirq = irq_to_pirq(d, irq), p;

	if (pirq >= 0)
		return current_pirq && (unsigned int)pirq != current_pirq ? -EEXIST : pirq;
	if (current_pirq)
		return current_pirq;
	for (p = 16; p < NR_IRQS_GSI && p < d->nr_pirqs; p++)
		if (!d->pirqs[p].irq && !d->pirqs[p].evtchn)
			return p;
	for (p = d->nr_pirqs; p-- > NR_IRQS_GSI;)
		if (!d->pirqs[p].irq && !d->pirqs[p].evtchn)
			return p;
	return -ENOSPC;
}

/* Xen's map_domain_pirq() for a GSI (event_lock held). */
static int map_domain_pirq(struct domain *d, int pirq, unsigned int irq)
{
	unsigned int old_irq, old_pirq;
	int rc;

	if (!irq_access_permitted(current->domain, irq))
		return -EPERM;
	if (pirq < 0 || (unsigned int)pirq >= d->nr_pirqs || !irq || irq >= NR_IRQS_GSI)
		return -EINVAL;
	old_irq = d->pirqs[pirq].irq;
	old_pirq = irq_to_pirq(d, irq);
	if ((old_irq && old_irq != irq) || (old_pirq && old_pirq != (unsigned int)pirq)) {
		/* Xen answers 0 and changes nothing. */
		printk(XENLOG_WARNING "d%u: pirq %d or irq %u already mapped (%u,%u)\n",
		       d->domain_id, pirq, irq, old_pirq, old_irq);
		return 0;
	}
	if (!irq_access_permitted(d, irq)) {
		rc = rangeset_add_range(&d->irq_caps, irq, irq);
		if (rc)
			return rc;
	}
	d->pirqs[pirq].irq = irq;
	return 0;
}

int pirq_map_gsi(struct domain *d, int index, int *pirq_p)
{
	unsigned long flags;
	unsigned int irq;
	int pirq, rc;

	if (index < 0 || index >= NR_IRQS_GSI)
		return -EINVAL;
	irq = pirq_to_irq(current->domain, index);
	if (!irq) {
		if (!is_hardware_domain(current->domain))
			return -EINVAL;
		irq = index;
	}
	spin_lock_irqsave(&d->event_lock, flags);
	if (!d->pirqs) {
		d->pirqs = xzalloc_array(struct pirq, d->nr_pirqs);
		if (!d->pirqs) {
			rc = -ENOMEM;
			goto out;
		}
	}
	pirq = allocate_pirq(d, *pirq_p, irq);
	if (pirq < 0) {
		rc = pirq;
		goto out;
	}
	rc = map_domain_pirq(d, pirq, irq);
	if (!rc)
		*pirq_p = pirq;
out:
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

int pirq_unmap(struct domain *d, int pirq)
{
	unsigned long flags, dflags;
	unsigned int irq;
	int rc = 0;

	if (pirq < 0 || (unsigned int)pirq >= d->nr_pirqs)
		return -EINVAL;
	spin_lock_irqsave(&d->event_lock, flags);
	irq = pirq_to_irq(d, pirq);
	if (!irq) {
		rc = -EINVAL;
		goto out;
	}
	/* Bound: force it off its line; the port stays a PIRQ port that never fires. */
	spin_lock_irqsave(&irq_desc[irq].lock, dflags);
	desc_remove_guest(irq, d, pirq);
	spin_unlock_irqrestore(&irq_desc[irq].lock, dflags);
	d->pirqs[pirq].irq = 0;
	rc = rangeset_remove_range(&d->irq_caps, irq, irq);
out:
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

int irq_setup_gsi(int gsi, bool level, bool active_low)
{
	struct irq_desc *desc;
	unsigned long flags;
	int rc = 0;

	if (gsi < 0 || gsi >= NR_IRQS_GSI || !io_apic_has_gsi(gsi))
		return -EINVAL;
	desc = &irq_desc[gsi];
	spin_lock_irqsave(&desc->lock, flags);
	if (desc->started || desc->pin_programmed) {
		rc = -EEXIST;
	} else {
		desc->pin_programmed = true;
		desc->level = level;
		desc->active_low = active_low;
		desc_program(gsi, true);
	}
	spin_unlock_irqrestore(&desc->lock, flags);
	return rc;
}

int pirq_eoi(struct domain *d, unsigned int pirq)
{
	unsigned long flags, dflags;
	evtchn_port_t port;
	unsigned int irq;

	if (pirq >= d->nr_pirqs)
		return -EINVAL;
	spin_lock_irqsave(&d->event_lock, flags);
	irq = pirq_to_irq(d, pirq);
	port = pirq_to_evtchn(d, pirq);
	if (!irq && !port) {
		spin_unlock_irqrestore(&d->event_lock, flags);
		return -EINVAL; /* Xen: no PIRQ structure */
	}
	if (irq) {
		spin_lock_irqsave(&irq_desc[irq].lock, dflags);
		desc_guest_eoi(irq, &d->pirqs[pirq]);
		spin_unlock_irqrestore(&irq_desc[irq].lock, dflags);
	}
	spin_unlock_irqrestore(&d->event_lock, flags);
	if (d->pirq_eoi_auto_unmask && port)
		evtchn_unmask_port(d, port);
	return 0;
}

int pirq_unmask_all(struct domain *d)
{
	unsigned int p;

	for (p = 0; d->pirqs && p < d->nr_pirqs; p++) {
		evtchn_port_t port = ACCESS_ONCE(d->pirqs[p].evtchn);

		if (port && ACCESS_ONCE(d->pirqs[p].masked) && !evtchn_port_is_masked(d, port))
			pirq_eoi(d, p);
	}
	return 0;
}

bool pirq_shared(struct domain *d, unsigned int pirq)
{
	unsigned int irq = pirq_to_irq(d, pirq);

	return irq && ACCESS_ONCE(irq_desc[irq].nr_guests) > 1;
}

/* --- Set-up, teardown, debug --- */

void pirq_domain_destroy(struct domain *d)
{
	unsigned int p;

	for (p = 0; d->pirqs && p < d->nr_pirqs; p++)
		if (d->pirqs[p].irq)
			pirq_unmap(d, p);
	xfree(d->pirqs);
	d->pirqs = NULL;
}

void irq_dump(void)
{
	unsigned int gsi, i;

	printk("Guest-bound IRQs (GSI: vector, trigger, guests d:pirq, in flight, count):\n");
	for (gsi = 0; gsi < NR_IRQS_GSI; gsi++) {
		const struct irq_desc *desc = &irq_desc[gsi];

		if (!desc->started && !desc->count)
			continue;
		printk("  GSI %2u: vec %#x %s-%s%s,", gsi, gsi_vector(gsi), desc->level ? "level" : "edge",
		       desc->active_low ? "low" : "high", desc->started ? "" : " (stopped)");
		for (i = 0; i < desc->nr_guests; i++)
			printk(" d%u:%u%s", desc->guest[i].d->domain_id, desc->guest[i].pirq,
			       desc->guest[i].d->pirqs[desc->guest[i].pirq].masked ? "(M)" : "");
		printk(", %u in flight, %lu taken\n", desc->in_flight, desc->count);
	}
}

void irq_init(void)
{
	unsigned int gsi;

	irq_dest_apic = apic_id();
	for (gsi = 0; gsi < NR_IRQS_GSI; gsi++) {
		struct irq_desc *desc = &irq_desc[gsi];

		spin_lock_init(&desc->lock);
		io_apic_gsi_default(gsi, &desc->level, &desc->active_low);
		desc_program(gsi, true);
	}
	open_softirq(PIRQ_SOFTIRQ, pirq_softirq);
}
