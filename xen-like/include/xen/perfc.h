/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Research instruments (common/perfc.c, common/trace.c): always-on
 * per-hypercall counters with cycle histograms, per-vector trap counters,
 * and xentrace-like per-CPU trace buffers, all read through sysctl.
 */
#ifndef XEN_PERFC_H
#define XEN_PERFC_H

#include <public/hypercall-defs.h>
#include <public/sysctl.h>
#include <asm/current.h>
#include <xen/types.h>

#define PERFC_NR_SUBOPS 32
#define PERFC_NR_VEC 32

/* Each CPU's counters; only that CPU writes them (no locks, no atomics). */
struct perfc_cpu {
	struct {
		uint64_t calls;
		uint64_t hist[XEN_PERFC_HIST_BUCKETS];
		uint64_t subops[PERFC_NR_SUBOPS];
	} hcall[HYPERCALL_TABLE_SIZE];
	uint64_t bounced[PERFC_NR_VEC], emulated[PERFC_NR_VEC];
};

/* Hypercalls whose first argument selects a sub-operation, as a bitmap. */
#define PERFC_MULTIPLEXED                                                         \
	((1UL << __HYPERVISOR_xen_version) | (1UL << __HYPERVISOR_console_io) |  \
	 (1UL << __HYPERVISOR_memory_op) | (1UL << __HYPERVISOR_grant_table_op) | \
	 (1UL << __HYPERVISOR_vm_assist) | (1UL << __HYPERVISOR_vcpu_op) |        \
	 (1UL << __HYPERVISOR_sched_op) | (1UL << __HYPERVISOR_callback_op) |     \
	 (1UL << __HYPERVISOR_event_channel_op) | (1UL << __HYPERVISOR_physdev_op) | \
	 (1UL << __HYPERVISOR_platform_op) | (1UL << __HYPERVISOR_sysctl) |       \
	 (1UL << __HYPERVISOR_domctl))

/*
 * Record one hypercall: number, sub-op (first argument) and its TSC
 * cycles. Inline: this is on every hypercall's path.
 */
static inline void perfc_hypercall(uint64_t nr, uint64_t subop, uint64_t cycles)
{
	struct perfc_cpu *p = get_cpu_info()->perfc;
	unsigned int b;

	if (nr >= HYPERCALL_TABLE_SIZE || !p)
		return;
	b = 63 - __builtin_clzll(cycles | 1);
	p->hcall[nr].calls++;
	p->hcall[nr].hist[b < XEN_PERFC_HIST_BUCKETS ? b : XEN_PERFC_HIST_BUCKETS - 1]++;
	if ((PERFC_MULTIPLEXED >> nr) & 1)
		p->hcall[nr].subops[subop < PERFC_NR_SUBOPS ? subop : PERFC_NR_SUBOPS - 1]++;
}
extern bool opt_hcall_stats; /* "hcall_stats=0" turns the hypercall counters off */
void perfc_trap_bounced(unsigned int vector);
void perfc_trap_emulated(unsigned int vector);
int perfc_op(struct xen_sysctl_perfc_op *op);
void perfc_init(void);

/* Trace buffers. */
extern uint32_t trace_evt_mask; /* classes enabled (0 when tracing is off) */
void trace_record(uint32_t event, unsigned int nr, const uint64_t *data);
static inline bool trace_wants(uint32_t cls)
{
	return trace_evt_mask & cls;
}
#define TRACE(cls, id, ...)                                                   \
	do {                                                                  \
		if (trace_wants(cls)) {                                       \
			const uint64_t d_[] = { __VA_ARGS__ };                \
			trace_record(TRC_EVENT(cls, id), sizeof(d_) / 8, d_); \
		}                                                             \
	} while (0)
int trace_op(struct xen_sysctl_tbuf_op *op);

#endif /* XEN_PERFC_H */
