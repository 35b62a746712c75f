/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Research instruments (common/perfc.c, common/trace.c): always-on
 * per-hypercall counters with cycle histograms, per-vector trap counters,
 * and xentrace-like per-CPU trace buffers, all read through sysctl.
 */
#ifndef XEN_PERFC_H
#define XEN_PERFC_H

#include <public/sysctl.h>
#include <xen/types.h>

/* Record one hypercall: number, sub-op (first argument) and its TSC cycles. */
void perfc_hypercall(unsigned int nr, uint64_t subop, uint64_t cycles);
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
