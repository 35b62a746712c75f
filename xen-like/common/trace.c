// SPDX-License-Identifier: GPL-2.0-only
/*
 * Per-CPU trace buffers, xentrace-like: each CPU appends fixed-size
 * records (TSC, event, CPU, up to five data words) to its own ring;
 * dom0 drains them with sysctl tbuf_op read. The one idea: recording
 * never blocks and never overwrites unread records: when a ring is full
 * the new record is dropped and counted in that CPU's lost counter, so
 * loss is always visible, never silent. Classes are enabled by mask at
 * run time; with the mask 0 a trace point costs one test.
 */
#include <public/sysctl.h>
#include <asm/current.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/perfc.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

#define MAX_RECORDS (1U << 20)

struct tbuf {
	spinlock_t lock; /* the CPU's recorder vs a reader (irq-safe) */
	/* Guarded by lock: */
	struct xen_trace_rec *recs;
	uint32_t size;
	uint64_t prod, cons; /* free-running; prod - cons <= size */
	uint64_t lost;
};

static DEFINE_PER_CPU(struct tbuf, tbuf);
uint32_t trace_evt_mask;  /* what trace points check; 0 = tracing off */
static uint32_t chosen_mask; /* set_evt_mask, applied while enabled */
static bool enabled;
static DEFINE_SPINLOCK(trace_ctl_lock); /* serialises the control operations */

void trace_record(uint32_t event, unsigned int nr, const uint64_t *data)
{
	struct tbuf *t = &this_cpu(tbuf);
	struct xen_trace_rec *r;
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&t->lock, flags);
	if (!t->recs) {
		spin_unlock_irqrestore(&t->lock, flags);
		return;
	}
	if (t->prod - t->cons >= t->size) {
		t->lost++;
		spin_unlock_irqrestore(&t->lock, flags);
		return;
	}
	r = &t->recs[t->prod % t->size];
	r->tsc = rdtsc();
	r->event = event;
	r->cpu = smp_processor_id();
	r->nr_data = nr > 5 ? 5 : nr;
	r->pad = 0;
	for (i = 0; i < 5; i++)
		r->data[i] = i < r->nr_data ? data[i] : 0;
	t->prod++;
	spin_unlock_irqrestore(&t->lock, flags);
}

/* A ring of @size records on every online CPU (all or none: -ENOMEM keeps the old ones). */
static int set_size(uint32_t size)
{
	struct xen_trace_rec *recs[NR_CPUS] = { NULL }, *old;
	unsigned long flags;
	unsigned int cpu;

	if (enabled || !size || size > MAX_RECORDS)
		return -EINVAL;
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu) && !(recs[cpu] = xzalloc_array(struct xen_trace_rec, size))) {
			while (cpu--)
				xfree(recs[cpu]);
			return -ENOMEM;
		}
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		struct tbuf *t = &per_cpu(tbuf, cpu);

		if (!recs[cpu])
			continue;
		spin_lock_irqsave(&t->lock, flags);
		old = t->recs;
		t->recs = recs[cpu];
		t->size = size;
		t->prod = t->cons = t->lost = 0;
		spin_unlock_irqrestore(&t->lock, flags);
		xfree(old);
	}
	return 0;
}

/* Copy up to op->count records of op->cpu's ring out, consuming them. */
static int read_records(struct xen_sysctl_xl_tbuf_op *op)
{
	struct tbuf *t;
	struct xen_trace_rec rec;
	unsigned long flags;
	uint32_t n = 0;
	int rc = 0;

	if (op->cpu >= NR_CPUS || !cpu_online(op->cpu))
		return -EINVAL;
	t = &per_cpu(tbuf, op->cpu);
	while (n < op->count) {
		spin_lock_irqsave(&t->lock, flags);
		if (!t->recs || t->cons == t->prod) {
			spin_unlock_irqrestore(&t->lock, flags);
			break;
		}
		rec = t->recs[t->cons % t->size];
		spin_unlock_irqrestore(&t->lock, flags);
		/* Copy out unlocked: a fault costs -EFAULT, never a held lock. */
		if (copy_to_guest_offset(op->buffer, n, &rec, 1)) {
			rc = -EFAULT;
			break;
		}
		spin_lock_irqsave(&t->lock, flags);
		t->cons++;
		spin_unlock_irqrestore(&t->lock, flags);
		n++;
	}
	op->count = n;
	op->lost = t->lost;
	return rc;
}

int trace_op(struct xen_sysctl_xl_tbuf_op *op)
{
	/* get_info and the others report op->cpu's ring (CPU 0's if that is not online). */
	struct tbuf *t = &per_cpu(tbuf, op->cpu < NR_CPUS && cpu_online(op->cpu) ? op->cpu : 0);
	unsigned long flags;
	int rc = 0;

	spin_lock_irqsave(&trace_ctl_lock, flags);
	switch (op->cmd) {
	case XEN_SYSCTL_XL_TBUFOP_get_info:
		break;
	case XEN_SYSCTL_XL_TBUFOP_set_size:
		/* Allocation with interrupts off is fine: xmalloc is irq-safe. */
		rc = set_size(op->size);
		break;
	case XEN_SYSCTL_XL_TBUFOP_enable:
		if (!t->recs) {
			rc = -ENODATA;
			break;
		}
		enabled = true;
		trace_evt_mask = chosen_mask;
		break;
	case XEN_SYSCTL_XL_TBUFOP_disable:
		enabled = false;
		trace_evt_mask = 0;
		break;
	case XEN_SYSCTL_XL_TBUFOP_set_evt_mask:
		chosen_mask = op->evt_mask;
		if (enabled)
			trace_evt_mask = chosen_mask;
		break;
	case XEN_SYSCTL_XL_TBUFOP_read:
		spin_unlock_irqrestore(&trace_ctl_lock, flags);
		rc = read_records(op);
		spin_lock_irqsave(&trace_ctl_lock, flags);
		break;
	default:
		rc = -EINVAL;
		break;
	}
	op->evt_mask = chosen_mask;
	op->size = t->size;
	op->enabled = enabled;
	if (op->cmd != XEN_SYSCTL_XL_TBUFOP_read)
		op->lost = t->lost;
	spin_unlock_irqrestore(&trace_ctl_lock, flags);
	return rc;
}
