// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device interrupts as PIRQs, Xen 4.17's model for a PV hardware domain:
 * a GSI is mapped to a PIRQ number of a domain (PHYSDEVOP_map_pirq), the
 * PIRQ bound to an event channel (EVTCHNOP_bind_pirq) starts the line,
 * and each interrupt becomes a pending event. The hypervisor keeps the
 * I/O APIC, the vectors and the local APIC's EOI; guests see only ports.
 *
 * dom0's devices' MSI and MSI-X sources (msi.c) are IRQs too, from
 * NR_IRQS_GSI up, made by map_pirq and gone with unmap_pirq; they are
 * edge interrupts, masked at the device while no guest has them bound.
 *
 * The one idea, the acknowledgement: an edge-triggered line is EOIed at
 * once and needs nothing from the guest; a level-triggered line is
 * masked at its pin and EOIed, delivered to every domain sharing it, and
 * unmasked when the last of them has EOIed (PHYSDEVOP_eoi). That is Xen's
 * "unmask" acknowledgement (ioapic_ack=old); its PIRQ EOI bitmap bit is
 * set for level lines and clear for edge ones, so the guest knows which
 * need the hypercall. A guest that never EOIs cannot keep a line masked
 * for the others sharing it: 1 ms after a delivery the line is EOIed for
 * everyone who has not (Xen's forced EOI), and its next interrupt is
 * delivered again.
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
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>
#include <asm/apic.h>
#include <asm/io_apic.h>
#include <asm/msi.h>
#include <asm/pci.h>
#include <asm/traps.h>

struct irq_guest {
	struct domain *d;
	unsigned int pirq;
};

struct irq_desc {
	spinlock_t lock;
	bool is_msi;             /* an MSI IRQ (from NR_IRQS_GSI up) */
	bool msi_in_use;         /* made by a map_pirq, not yet unmapped */
	struct msi_source msi;   /* its source (is_msi) */
	bool level, active_low;  /* the pin's trigger mode and polarity */
	bool pin_programmed;     /* by PHYSDEVOP_setup_gsi: -EEXIST after */
	bool started;            /* bound by a guest: the pin is live */
	bool shareable;          /* its first binder allowed sharing */
	bool pending;            /* taken, not yet passed to the guests */
	unsigned int nr_guests;
	unsigned int in_flight;  /* guests that have it and have not EOIed (level) */
	unsigned long count;     /* interrupts taken */
	struct timer eoi_timer;  /* a level line's forced EOI (Xen's irq_guest_eoi_timer_fn) */
	struct irq_guest guest[IRQ_MAX_GUESTS];
};

/* How long a level line waits for its guests' EOIs before it is unmasked anyway (Xen's). */
#define EOI_TIMEOUT MILLISECS(1)

static struct irq_desc irq_desc[NR_IRQS];
static unsigned int irq_dest_apic; /* the boot CPU's APIC id: every device interrupt goes there */
static DEFINE_SPINLOCK(msi_alloc_lock); /* taking an MSI IRQ (msi_in_use) */

BUILD_BUG_ON(FIRST_MSI_VECTOR + NR_MSI_IRQS > LEGACY_SYSCALL_VECTOR); /* no device on INT $0x80 */
BUILD_BUG_ON(FIRST_GSI_VECTOR + NR_IRQS_GSI > FIRST_MSI_VECTOR);

static uint8_t irq_vector(unsigned int irq)
{
	return irq < NR_IRQS_GSI ? FIRST_GSI_VECTOR + irq : FIRST_MSI_VECTOR + (irq - NR_IRQS_GSI);
}

/* The IRQ whose vector @vector is, or -1. */
static int vector_irq(unsigned int vector)
{
	if (vector >= FIRST_GSI_VECTOR && vector < FIRST_GSI_VECTOR + NR_IRQS_GSI)
		return vector - FIRST_GSI_VECTOR;
	if (vector >= FIRST_MSI_VECTOR && vector < FIRST_MSI_VECTOR + NR_MSI_IRQS)
		return NR_IRQS_GSI + (vector - FIRST_MSI_VECTOR);
	return -1;
}

/* Mask or unmask a line: its I/O APIC pin or its MSI source (desc lock held). */
static void desc_mask(unsigned int irq, bool masked)
{
	if (irq_desc[irq].is_msi)
		msi_mask(&irq_desc[irq].msi, masked);
	else
		io_apic_mask(irq, masked);
}

/*
 * Program a GSI's pin whole from its descriptor (vector, trigger,
 * polarity, destination), masked or not; an MSI source, set up when it
 * was made, is only masked or unmasked (desc lock held).
 */
static void desc_program(unsigned int irq, bool masked)
{
	struct irq_desc *desc = &irq_desc[irq];

	if (desc->is_msi)
		desc_mask(irq, masked);
	else
		io_apic_route(irq, irq_vector(irq), irq_dest_apic, desc->level, desc->active_low,
			      masked);
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

/*
 * The PIRQ of @d that maps @irq, 0 if none, or minus the PIRQ that
 * mapped it until an unmap forced it off its still-open port (Xen's
 * domain_irq_to_pirq); event_lock held.
 */
static int irq_to_pirq(const struct domain *d, unsigned int irq)
{
	unsigned int p;

	for (p = 0; d->pirqs && p < d->nr_pirqs; p++) {
		if (d->pirqs[p].irq == irq)
			return p;
		if (d->pirqs[p].forced_irq == irq)
			return -(int)p;
	}
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
	int irq = vector_irq(vector);
	struct irq_desc *desc;

	if (irq < 0)
		return false;
	desc = &irq_desc[irq];
	spin_lock(&desc->lock); /* interrupts are off */
	desc->count++;
	if (desc->level || (!desc->started && (!desc->is_msi || desc->msi_in_use)))
		desc_mask(irq, true);
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
	unsigned int irq, i, n;
	unsigned long flags;

	for (irq = 0; irq < NR_IRQS; irq++) {
		struct irq_desc *desc = &irq_desc[irq];

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
			if (desc->in_flight)
				set_timer(&desc->eoi_timer, NOW() + EOI_TIMEOUT);
		}
		spin_unlock_irqrestore(&desc->lock, flags);
		for (i = 0; i < n; i++) {
			send_guest_pirq(hold[i].d, hold[i].pirq);
			domain_put(hold[i].d);
		}
	}
}

/*
 * EOI_TIMEOUT after a delivery of a level line: whoever has not EOIed it
 * is taken as having done so (their PIRQs stay bound; their next EOI is a
 * no-op), and the line is unmasked. As Xen's irq_guest_eoi_timer_fn().
 */
static void eoi_timer_fn(void *data)
{
	struct irq_desc *desc = data;
	unsigned int irq = desc - irq_desc, i;
	unsigned long flags;

	spin_lock_irqsave(&desc->lock, flags);
	if (desc->in_flight && desc->started) {
		for (i = 0; i < desc->nr_guests; i++)
			desc->guest[i].d->pirqs[desc->guest[i].pirq].masked = false;
		desc->in_flight = 0;
		desc_mask(irq, false);
	}
	spin_unlock_irqrestore(&desc->lock, flags);
}

/* One guest's EOI of the line (desc lock held): the last one unmasks a level line. */
static void desc_guest_eoi(unsigned int irq, struct pirq *p)
{
	struct irq_desc *desc = &irq_desc[irq];

	if (!p->masked)
		return;
	p->masked = false;
	if (desc->in_flight && !--desc->in_flight && desc->started && desc->level)
		desc_mask(irq, false);
}

/* Remove @d's @pirq from its line (desc lock held); the last guest stops it. */
static void desc_remove_guest(unsigned int irq, struct domain *d, unsigned int pirq)
{
	struct irq_desc *desc = &irq_desc[irq];
	unsigned int i;

	for (i = 0; i < desc->nr_guests; i++)
		if (desc->guest[i].d == d && desc->guest[i].pirq == pirq)
			break;
	if (i == desc->nr_guests)
		return;
	desc_guest_eoi(irq, &d->pirqs[pirq]);
	desc->guest[i] = desc->guest[--desc->nr_guests];
	if (!desc->nr_guests) {
		desc_mask(irq, true);
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
	unsigned int irq = d->pirqs[pirq].irq;
	struct irq_desc *desc = &irq_desc[irq];
	unsigned long flags;
	int rc = 0;

	ASSERT(spin_is_locked(&d->event_lock));
	if (irq < NR_IRQS_GSI && !io_apic_has_gsi(irq))
		return -EINVAL; /* no pin carries it */
	spin_lock_irqsave(&desc->lock, flags);
	if (desc->started && (!will_share || !desc->shareable)) {
		printk(XENLOG_INFO "Cannot bind IRQ%u to d%u. %s.\n", irq, d->domain_id,
		       will_share ? "Others do not share" : "Will not share with others");
		rc = -EBUSY;
		goto out;
	}
	if (desc->nr_guests >= (will_share ? IRQ_MAX_GUESTS : 1)) {
		printk(XENLOG_INFO "Cannot bind IRQ%u to d%u: already at max share %u\n", irq,
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
		desc_program(irq, false);
	}
out:
	spin_unlock_irqrestore(&desc->lock, flags);
	return rc;
}

void pirq_guest_unbind(struct domain *d, unsigned int pirq)
{
	unsigned int irq = pirq_to_irq(d, pirq);
	unsigned long flags;

	ASSERT(spin_is_locked(&d->event_lock));
	if (!d->pirqs || pirq >= d->nr_pirqs)
		return;
	if (irq) {
		spin_lock_irqsave(&irq_desc[irq].lock, flags);
		desc_remove_guest(irq, d, pirq);
		spin_unlock_irqrestore(&irq_desc[irq].lock, flags);
	}
	d->pirqs[pirq].evtchn = 0;
	d->pirqs[pirq].forced_irq = 0;
}

evtchn_port_t pirq_to_evtchn(const struct domain *d, unsigned int pirq)
{
	return d->pirqs && pirq < d->nr_pirqs ? d->pirqs[pirq].evtchn : 0;
}

/* --- PHYSDEVOP_* --- */

/*
 * Xen's allocate_pirq(): with @pirq < 0, the PIRQ that already maps
 * @irq or else the first free one from 16 up (GSIs only) then from the top;
 * with a given @pirq, -EEXIST if @irq is mapped to another (or was,
 * and that PIRQ's port is still open).
 */
static int allocate_pirq(struct domain *d, int pirq, unsigned int irq)
{
	int current_pirq = irq_to_pirq(d, irq);
	unsigned int p;

	if (pirq >= 0)
		return current_pirq && pirq != current_pirq ? -EEXIST : pirq;
	if (current_pirq)
		return current_pirq < 0 ? -EBUSY : current_pirq; /* < 0: its port is still open */
	for (p = 16; irq < NR_IRQS_GSI && p < NR_IRQS_GSI && p < d->nr_pirqs; p++)
		if (!d->pirqs[p].irq && !d->pirqs[p].evtchn)
			return p;
	for (p = d->nr_pirqs; p-- > NR_IRQS_GSI;)
		if (!d->pirqs[p].irq && !d->pirqs[p].evtchn)
			return p;
	return -ENOSPC;
}

/* @d's PIRQ table, made on its first mapping: 0 or -ENOMEM (event_lock held). */
static int pirqs_alloc(struct domain *d)
{
	if (!d->pirqs)
		d->pirqs = xzalloc_array(struct pirq, d->nr_pirqs);
	return d->pirqs ? 0 : -ENOMEM;
}

/* Xen's map_domain_pirq(), but for an MSI's set-up (event_lock held). */
static int map_domain_pirq(struct domain *d, int pirq, unsigned int irq)
{
	unsigned int old_irq;
	int old_pirq, rc;

	if (!irq_access_permitted(current->domain, irq))
		return -EPERM;
	if (pirq < 0 || (unsigned int)pirq >= d->nr_pirqs || !irq || irq >= NR_IRQS)
		return -EINVAL;
	old_irq = d->pirqs[pirq].irq;
	old_pirq = irq_to_pirq(d, irq);
	if ((old_irq && old_irq != irq) || (old_pirq && old_pirq != pirq)) {
		/* Xen answers 0 and changes nothing. */
		printk(XENLOG_WARNING "d%u: pirq %d or irq %u already mapped (%d,%u)\n",
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
	rc = pirqs_alloc(d);
	pirq = rc ?: allocate_pirq(d, *pirq_p, irq);
	rc = pirq < 0 ? pirq : map_domain_pirq(d, pirq, irq);
	if (!rc)
		*pirq_p = pirq;
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

/*
 * Grant or revoke an MSI IRQ to the hardware domain and the caller, as
 * Xen's create_irq()/destroy_irq(): 0 or -ENOMEM.
 */
static int msi_irq_access(unsigned int irq, bool grant)
{
	struct domain *hw = domain_get(0);
	struct domain *doms[2] = { hw, current->domain };
	unsigned int i;
	int rc = 0;

	for (i = 0; i < 2; i++) {
		if (!doms[i] || (i && doms[i] == hw))
			continue;
		rc = rc ?: (grant ? rangeset_add_range : rangeset_remove_range)(&doms[i]->irq_caps,
										 irq, irq);
	}
	if (hw)
		domain_put(hw);
	return rc;
}

/* Undo msi_irq_create() for an IRQ no PIRQ maps. */
static void msi_irq_destroy(unsigned int irq)
{
	unsigned long flags;

	spin_lock_irqsave(&irq_desc[irq].lock, flags);
	msi_teardown(&irq_desc[irq].msi);
	irq_desc[irq].msi_in_use = false;
	spin_unlock_irqrestore(&irq_desc[irq].lock, flags);
	msi_irq_access(irq, false);
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
	/* As Xen: until the port closes, the GSI stays claimed by this PIRQ (-EEXIST/-EBUSY). */
	if (d->pirqs[pirq].evtchn && !irq_desc[irq].is_msi)
		d->pirqs[pirq].forced_irq = irq;
	d->pirqs[pirq].irq = 0;
	rc = rangeset_remove_range(&d->irq_caps, irq, irq);
	if (irq_desc[irq].is_msi)
		msi_irq_destroy(irq); /* an MSI IRQ goes with its only mapping */
out:
	spin_unlock_irqrestore(&d->event_lock, flags);
	return rc;
}

/* Is an MSI IRQ already set up for this source? (msi_alloc_lock held) */
static bool msi_source_in_use(const struct msi_source *m)
{
	unsigned int irq;

	for (irq = NR_IRQS_GSI; irq < NR_IRQS; irq++) {
		const struct msi_source *o = &irq_desc[irq].msi;

		if (irq_desc[irq].msi_in_use && o->bus == m->bus && o->devfn == m->devfn &&
		    o->msix == m->msix && (!m->msix || o->entry_nr == m->entry_nr))
			return true;
	}
	return false;
}

/*
 * A free MSI IRQ set up for the source (Xen's create_irq() and
 * pci_enable_msi()): the IRQ, or -EEXIST (that MSI or MSI-X entry has an
 * IRQ already), -ENOSPC, or msi_setup()'s error. Granted to the hardware
 * domain, as Xen's create_irq() does.
 */
static int msi_irq_create(const struct msi_source *src, uint64_t table_base)
{
	struct msi_source m = *src;
	unsigned long flags;
	unsigned int irq;
	int rc;

	m.msix = table_base != 0;
	spin_lock_irqsave(&msi_alloc_lock, flags);
	if (msi_source_in_use(&m)) {
		spin_unlock_irqrestore(&msi_alloc_lock, flags);
		return -EEXIST;
	}
	for (irq = NR_IRQS_GSI; irq < NR_IRQS && irq_desc[irq].msi_in_use; irq++)
		;
	if (irq == NR_IRQS) {
		spin_unlock_irqrestore(&msi_alloc_lock, flags);
		return -ENOSPC;
	}
	irq_desc[irq].msi_in_use = true; /* claimed */
	spin_unlock_irqrestore(&msi_alloc_lock, flags);

	rc = msi_setup(&m, table_base, irq_vector(irq), irq_dest_apic);
	if (!rc)
		rc = msi_irq_access(irq, true);
	spin_lock_irqsave(&irq_desc[irq].lock, flags);
	if (rc) {
		irq_desc[irq].msi_in_use = false;
	} else {
		irq_desc[irq].msi = m;
		irq_desc[irq].started = false;
		irq_desc[irq].count = 0;
	}
	spin_unlock_irqrestore(&irq_desc[irq].lock, flags);
	return rc ? rc : (int)irq;
}

int pirq_map_msi(struct domain *d, int index, int *pirq_p, unsigned int seg, unsigned int bus,
		 unsigned int devfn, unsigned int entry_nr, uint64_t table_base)
{
	struct msi_source src = { .bus = bus, .devfn = devfn, .entry_nr = entry_nr };
	unsigned long flags;
	int irq, pirq, rc;

	if (index != -1)
		return -EINVAL;
	if (!pci_device_known(seg, bus, devfn))
		return -ENODEV; /* dom0 never reported it (PHYSDEVOP_pci_device_add) */
	irq = msi_irq_create(&src, table_base);
	if (irq < 0)
		return irq;
	spin_lock_irqsave(&d->event_lock, flags);
	rc = pirqs_alloc(d);
	pirq = rc ?: allocate_pirq(d, *pirq_p, irq);
	rc = pirq < 0 ? pirq : map_domain_pirq(d, pirq, irq);
	if (!rc && pirq_to_irq(d, pirq) != (unsigned int)irq)
		rc = -EBUSY; /* that PIRQ maps another IRQ (Xen would answer 0 and leak it) */
	if (!rc)
		*pirq_p = pirq;
	spin_unlock_irqrestore(&d->event_lock, flags);
	if (rc)
		msi_irq_destroy(irq);
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
	struct pirq *pirqs;
	unsigned long flags;
	unsigned int p;

	for (p = 0; d->pirqs && p < d->nr_pirqs; p++)
		if (d->pirqs[p].irq)
			pirq_unmap(d, p);
	/*
	 * No line has @d any more; a delivery already on its way (the PIRQ
	 * softirq holds @d) looks the port up under event_lock, and finds
	 * none once the table is gone.
	 */
	spin_lock_irqsave(&d->event_lock, flags);
	pirqs = d->pirqs;
	d->pirqs = NULL;
	spin_unlock_irqrestore(&d->event_lock, flags);
	xfree(pirqs);
}

void irq_dump(void)
{
	unsigned long flags;
	unsigned int irq, i;

	printk("Guest-bound IRQs (IRQ: vector, trigger or MSI source, guests d:pirq, in flight, count):\n");
	for (irq = 0; irq < NR_IRQS; irq++) {
		struct irq_desc *desc = &irq_desc[irq];

		/* Under the line's lock: its guests stay while their tables are read. */
		spin_lock_irqsave(&desc->lock, flags);
		if (!desc->started && !desc->count && !desc->msi_in_use) {
			spin_unlock_irqrestore(&desc->lock, flags);
			continue;
		}
		if (desc->is_msi)
			printk("  IRQ %2u: vec %#x %s %02x:%02x.%u#%u%s,", irq, irq_vector(irq),
			       desc->msi.msix ? "MSI-X" : "MSI", desc->msi.bus, desc->msi.devfn >> 3,
			       desc->msi.devfn & 7, desc->msi.entry_nr, desc->started ? "" : " (stopped)");
		else
			printk("  IRQ %2u: vec %#x %s-%s%s,", irq, irq_vector(irq),
			       desc->level ? "level" : "edge", desc->active_low ? "low" : "high",
			       desc->started ? "" : " (stopped)");
		for (i = 0; i < desc->nr_guests; i++)
			printk(" d%u:%u%s", desc->guest[i].d->domain_id, desc->guest[i].pirq,
			       desc->guest[i].d->pirqs[desc->guest[i].pirq].masked ? "(M)" : "");
		printk(", %u in flight, %lu taken\n", desc->in_flight, desc->count);
		spin_unlock_irqrestore(&desc->lock, flags);
	}
}

void irq_init(void)
{
	unsigned int irq;

	irq_dest_apic = apic_id();
	for (irq = 0; irq < NR_IRQS; irq++) {
		struct irq_desc *desc = &irq_desc[irq];

		spin_lock_init(&desc->lock);
		init_timer(&desc->eoi_timer, eoi_timer_fn, desc, 0); /* CPU 0 takes the interrupts */
		desc->is_msi = irq >= NR_IRQS_GSI;
		if (desc->is_msi)
			continue;
		io_apic_gsi_default(irq, &desc->level, &desc->active_low);
		desc_program(irq, true);
	}
	open_softirq(PIRQ_SOFTIRQ, pirq_softirq);
}
