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
#define PERFC_NR_SLOTS (HYPERCALL_TABLE_SIZE * PERFC_NR_SUBOPS)

/*
 * Grant-table work, counted per entry of a batch that succeeded: the
 * backends' cost per byte moved (tests/linux/dev-bench.sh).
 */
enum perfc_gnttab {
	PERFC_GNTTAB_MAP,         /* GNTTABOP_map_grant_ref entries */
	PERFC_GNTTAB_UNMAP,       /* GNTTABOP_unmap_grant_ref and unmap_and_replace entries */
	PERFC_GNTTAB_UNMAP_FLUSH, /* TLB flushes the unmaps did (one per batch of up to 32) */
	PERFC_GNTTAB_COPY,        /* GNTTABOP_copy entries */
	PERFC_GNTTAB_COPY_BYTES,  /* the bytes those copied */
	PERFC_GNTTAB_NR
};

/*
 * Each CPU's counters; only that CPU writes them (no locks, no atomics).
 *
 * A hypercall is counted in one slot, (number, sub-op): the sub-op is the
 * first argument for the multiplexed hypercalls (PERFC_MULTIPLEXED,
 * clamped to PERFC_NR_SUBOPS - 1), 0 for the others. A slot holds no
 * plain count: its count is base - left, where left counts down to the
 * call that gets timed. So one `subl $1` both counts the call and says,
 * by its borrow, whether this call is the one to time: the whole cost of
 * an untimed call (see perfc_hcall_count()). On the borrow,
 * perfc_hcall_rearm() draws the next interval R (1 to 2N - 1, mean N =
 * hcall_sample), adds R to base and sets left to R - 1, which keeps
 * base - left equal to the exact count. After a reset (all zero) the next
 * call of every slot is timed.
 */
struct perfc_cpu {
	/* Per slot; left is the only field an untimed call writes. */
	uint32_t left[PERFC_NR_SLOTS];
	uint64_t base[PERFC_NR_SLOTS];
	uint64_t hist[HYPERCALL_TABLE_SIZE][XEN_PERFC_HIST_BUCKETS]; /* timed calls only */
	uint64_t bounced[PERFC_NR_VEC], emulated[PERFC_NR_VEC];
	uint64_t gnttab[PERFC_GNTTAB_NR]; /* enum perfc_gnttab */
	uint64_t rng; /* xorshift64 state drawing the sampling intervals */
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

/* The hypercall counters are built in (make HCALL_STATS=n leaves them out). */
#ifdef CONFIG_HCALL_STATS
#define HCALL_STATS_ENABLED 1
#else
#define HCALL_STATS_ENABLED 0
#endif
/* "hcall_sample=N": time one call in N per slot on average (1: every call). */
extern unsigned int opt_hcall_sample;
void perfc_hcall_resample(struct perfc_cpu *p, unsigned int slot);

/*
 * Rearm @slot's countdown after the borrow that chose this call for
 * timing (the borrow left it at ~0, counting the call as base + 1): the
 * next interval R, added to base with left = R - 1. Done before the
 * dispatch, so that a hypercall that never returns here cannot leave the
 * slot borrowed.
 */
static inline void perfc_hcall_rearm(struct perfc_cpu *p, unsigned int slot)
{
	if (opt_hcall_sample == 1) {
		p->base[slot]++;
		p->left[slot] = 0;
	} else {
		perfc_hcall_resample(p, slot);
	}
}

/*
 * Count one hypercall, @nr < HYPERCALL_TABLE_SIZE, with first argument
 * @arg0, on the CPU whose cpu_info is @ci (the caller finds it: see
 * pv_hypercall()). Returns true if this call is to be timed, with its
 * slot in *@slot: the caller then rearms the slot (perfc_hcall_rearm()),
 * reads the TSC around the dispatch and passes slot and cycles to
 * perfc_hcall_timed(). On every hypercall's
 * path, so inline and lean: the sub-op clamp (2 instructions), the
 * slot's row (1), the decrement and its branch (2); the per-number
 * bound and row are in cpu_info, at a fixed offset from the frame.
 */
static inline bool perfc_hcall_count(struct cpu_info *ci, uint64_t nr, uint64_t arg0,
				     unsigned int *slot)
{
	uint64_t sub = arg0;
	bool borrow;

	/* sub = min(arg0, subop_max[nr]); in asm because the compiler loads the bound first. */
	__asm__("cmpq %[max], %[sub]\n\tcmova %[max], %[sub]"
		: [sub] "+r"(sub)
		: [max] "m"(ci->hcall_subop_max[nr])
		: "cc");
	/* The flag output keeps this one read-modify-write and a jc. */
	__asm__("subl $1, %0" : "+m"(ci->hcall_row[nr][sub]), "=@ccc"(borrow));
	if (__builtin_expect(borrow, 0)) {
		*slot = nr * PERFC_NR_SUBOPS + sub;
		return true;
	}
	return false;
}

/* Add the timed call of @slot, @cycles TSC cycles long, to its hypercall's histogram. */
static inline void perfc_hcall_timed(unsigned int slot, uint64_t cycles)
{
	struct perfc_cpu *p = get_cpu_info()->perfc;
	unsigned int b = 63 - __builtin_clzll(cycles | 1);

	p->hist[slot / PERFC_NR_SUBOPS]
	       [b < XEN_PERFC_HIST_BUCKETS ? b : XEN_PERFC_HIST_BUCKETS - 1]++;
}

void perfc_trap_bounced(unsigned int vector);
void perfc_trap_emulated(unsigned int vector);
void perfc_gnttab(enum perfc_gnttab what, uint64_t n);
int perfc_op(struct xen_sysctl_xl_perfc_op *op);
void perfc_init(void);
/* This CPU's counters (0 or -ENOMEM); a secondary CPU runs no guest without them. */
int perfc_init_cpu(void);

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
int trace_op(struct xen_sysctl_xl_tbuf_op *op);

#endif /* XEN_PERFC_H */
