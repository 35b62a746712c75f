/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine's device interrupts and the PIRQs guests see them as
 * (arch/x86/irq.c). An IRQ here is a GSI (0..NR_IRQS_GSI-1) or one of
 * NR_MSI_IRQS message-signalled sources set up for dom0's devices; a domain
 * names it by a PIRQ number it mapped (PHYSDEVOP_map_pirq) and receives
 * it on the event channel it bound to that PIRQ (EVTCHNOP_bind_pirq).
 */
#ifndef XEN_IRQ_H
#define XEN_IRQ_H

#include <public/event_channel.h>
#include <xen/types.h>

struct domain;

/* GSI g arrives on vector FIRST_GSI_VECTOR + g (above the 8259's 0x20-0x2f). */
#define FIRST_GSI_VECTOR 0x30
/*
 * MSI IRQ NR_IRQS_GSI + i arrives on FIRST_MSI_VECTOR + i: 0x50-0x7f,
 * below the guests' INT $0x80 gate (LEGACY_SYSCALL_VECTOR), which no
 * device may share.
 */
#define NR_MSI_IRQS 48
#define FIRST_MSI_VECTOR 0x50
#define NR_IRQS (NR_IRQS_GSI + NR_MSI_IRQS)
/* How many domains may share one level-triggered line (Xen's irq-max-guests default). */
#define IRQ_MAX_GUESTS 32

/* One PIRQ of a domain (d->pirqs[], allocated on its first mapping). */
struct pirq {
	uint16_t irq;          /* the GSI it maps; 0: not mapped (guarded by event_lock) */
	evtchn_port_t evtchn;  /* its event channel; 0: not bound (guarded by event_lock) */
	bool masked;           /* delivered, the guest has not EOIed (guarded by the IRQ's lock) */
	uint16_t forced_irq;   /* unmapped while bound: the GSI it had, until the port closes */
};

/* After io_apic_init(): every GSI's descriptor, trigger and vector. */
void irq_init(void);
/* The interrupt on @vector if it is a GSI's: handled, true; false otherwise. */
bool irq_do_vector(unsigned int vector);

/* PHYSDEVOP_map_pirq, MAP_PIRQ_TYPE_GSI, for @d: the PIRQ in *@pirq (-1: any). */
int pirq_map_gsi(struct domain *d, int index, int *pirq);
/*
 * PHYSDEVOP_map_pirq, MAP_PIRQ_TYPE_MSI(_SEG) for @d: an MSI IRQ for the
 * device's MSI capability (@table_base 0) or its MSI-X entry @entry_nr,
 * set up masked; the PIRQ in *@pirq (-1: any).
 */
int pirq_map_msi(struct domain *d, int index, int *pirq, unsigned int seg, unsigned int bus,
		 unsigned int devfn, unsigned int entry_nr, uint64_t table_base);
/* PHYSDEVOP_unmap_pirq: unbinds it first if it is bound. */
int pirq_unmap(struct domain *d, int pirq);
/* The IRQ @pirq of @d maps, if @d may use it; 0 otherwise (Xen's pirq_access_permitted). */
unsigned int pirq_access_permitted(struct domain *d, unsigned int pirq);
/* PHYSDEVOP_setup_gsi: set @gsi's trigger mode and polarity (once). */
int irq_setup_gsi(int gsi, bool level, bool active_low);
/* PHYSDEVOP_eoi by @d. */
int pirq_eoi(struct domain *d, unsigned int pirq);
/* PHYSDEVOP_IRQ_UNMASK_NOTIFY: EOI every delivered PIRQ whose port is unmasked. */
int pirq_unmask_all(struct domain *d);
/* PHYSDEVOP_irq_status_query's XENIRQSTAT_shared: does another domain share its line? */
bool pirq_shared(struct domain *d, unsigned int pirq);

/*
 * For EVTCHNOP_bind_pirq (caller holds @d's event_lock). Check first:
 * -EINVAL (out of range), -EPERM (not mapped to an IRQ @d may use),
 * -EEXIST (bound already). Then bind: start the line, or join it if both
 * sides share; -EBUSY if they cannot.
 */
int pirq_bind_check(struct domain *d, unsigned int pirq);
int pirq_guest_bind(struct domain *d, unsigned int pirq, evtchn_port_t port, bool will_share);
/* Closing a PIRQ port (event_lock held): leave the line, stop it if last. */
void pirq_guest_unbind(struct domain *d, unsigned int pirq);
/* The port bound to @pirq of @d, 0 if none (event_lock held). */
evtchn_port_t pirq_to_evtchn(const struct domain *d, unsigned int pirq);

/* Domain teardown: unmap every PIRQ (ports already closed), then free the table. */
void pirq_domain_destroy(struct domain *d);
/* Debug key 'i' (common/keyhandler.c): every line used, its vector, trigger or MSI source and guests. */
void irq_dump(void);

#endif /* XEN_IRQ_H */
