/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Several vCPUs in a small PV kernel.
 *
 * The one idea: every vCPU has a struct guest_cpu of its own, and its
 * kernel GS base points at it, so "which vCPU am I" is one load from
 * %gs:0 and never depends on the stack in use. vCPU 0 gets its GS base
 * from smp_init() (set_segment_base); every other vCPU gets it from the
 * vcpu_guest_context smp_build_context() fills in for VCPUOP_initialise.
 * Before smp_init() nothing touches GS and this_cpu() is vCPU 0's block,
 * so a kernel that never calls smp_init() behaves exactly as before.
 *
 * A secondary vCPU runs work items: smp_call(id, fn, arg) hands it
 * fn(arg), bringing it up first (VCPUOP_initialise + VCPUOP_up) if it
 * has never run. When fn returns the vCPU takes itself down
 * (VCPUOP_down on itself, as Linux's offline path does) and a later
 * smp_call() brings it back up (VCPUOP_up), where it looks for the next
 * item. So an idle secondary costs no CPU time, and the order "work
 * published, then up" cannot lose an item: smp_call() waits until the
 * vCPU is down before it publishes (see smp.c). A work item may also
 * run forever (a spinner); the domain's shutdown ends it.
 *
 * Each vCPU starts with events masked and uses its own vcpu_info
 * (shared_info->vcpu_info[id]); event.c delivers a port only on the vCPU
 * it is bound to (see guest/event.h). Console output is serialised by a
 * lock, so lines from several vCPUs never mix.
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include <stdbool.h>
#include <stdint.h>
#include <public/event_channel.h>
#include <public/xen.h>
#include <public/vcpu.h>
#include <guest/traps.h>

/* vCPUs the library can run (ids 0 .. SMP_MAX_VCPUS - 1). */
#define SMP_MAX_VCPUS 8
/* Each secondary vCPU's stack (vCPU 0 keeps the boot stack). */
#define SMP_STACK_SIZE 16384

typedef void (*smp_fn_t)(void *arg);

/* Secondary vCPU states (guest_cpu.state). */
enum smp_state {
	SMP_NOT_STARTED = 0, /* never initialised by this library */
	SMP_STARTING,	     /* initialised and up, not yet in C */
	SMP_RUNNING,	     /* in smp_secondary_start() or a work item */
};

/*
 * Per-vCPU data. Written only by its own vCPU unless a field says so.
 * The first two fields are at fixed offsets: %gs:0 and %gs:8.
 */
struct guest_cpu {
	struct guest_cpu *self; /* %gs:0: this block */
	uint32_t id;		/* %gs:8: the vCPU id */
	uint32_t pad;
	vcpu_info_t *vcpu_info; /* the vcpu_info in use (event.c) */
	struct trap_record trap; /* last_trap (guest/traps.h) */
	unsigned long upcalls;	   /* event upcalls taken on this vCPU */
	unsigned int relax_count; /* smp_relax() calls, to yield now and then */

	/* Work, written by smp_call() on another vCPU: */
	smp_fn_t fn;
	void *arg;
	volatile unsigned long work_seq; /* bumped by smp_call() after fn/arg */
	volatile unsigned long done_seq; /* = work_seq once fn returned */
	volatile unsigned int state;	 /* enum smp_state */
	bool initialised;		 /* VCPUOP_initialise succeeded (smp_call's side) */

	uint8_t *stack_top; /* secondaries: top of their stack */
};

/* The block of vCPU @id (id < SMP_MAX_VCPUS). */
struct guest_cpu *smp_cpu(unsigned int id);

/* Set by smp_init() once vCPU 0's GS base is this_cpu(). */
extern bool smp_gs_ready;

/* This vCPU's block: %gs:0, or vCPU 0's before smp_init(). */
static inline struct guest_cpu *this_cpu(void)
{
	struct guest_cpu *c;

	if (!smp_gs_ready)
		return smp_cpu(0);
	/* Not volatile: a thread of execution never moves to another vCPU. */
	asm("mov %%gs:0, %0" : "=r"(c));
	return c;
}

static inline unsigned int smp_processor_id(void)
{
	unsigned int id;

	if (!smp_gs_ready)
		return 0;
	asm("movl %%gs:8, %0" : "=r"(id));
	return id;
}

/*
 * Call on vCPU 0 before anything else here: points vCPU 0's kernel GS
 * base at its block (set_segment_base) and counts the domain's vCPUs
 * (VCPUOP_is_up for 0, 1, ... until -ENOENT). Returns that count (at
 * most SMP_MAX_VCPUS), or a negative error from set_segment_base.
 * A kernel that uses SMP must not change its kernel GS base afterwards.
 */
long smp_init(void);
/* The count smp_init() found (1 before it). */
unsigned int smp_nr_vcpus(void);

/*
 * Fill @ctxt with the context the library starts vCPU @id with: rip =
 * smp_secondary_entry, rsp = its stack, rdi = its block, flags =
 * VGCF_in_kernel (events masked at syscalls and failsafe), flat kernel
 * selectors, the library's trap table (guest/traps.h), no GDT or LDT,
 * kernel_ss:kernel_sp = its stack, ctrlreg[3] = the boot L4
 * (start_info->pt_base) in cr3 form, the event, failsafe and syscall
 * callbacks, gs_base_kernel = its block. Tests start from it and break
 * one field at a time.
 */
void smp_build_context(struct vcpu_guest_context *ctxt, unsigned int id);

/*
 * Prepare vCPU @id's block and vcpu_info (upcalls masked) for a start
 * with a context of the caller's own, then VCPUOP_initialise with it.
 * Returns the hypercall's result.
 */
long smp_initialise(unsigned int id, const struct vcpu_guest_context *ctxt);

/*
 * Run fn(arg) on vCPU @id (not the caller): initialise it with
 * smp_build_context()'s context if it never was, wait until its previous
 * work item has returned and it is down, publish the item, VCPUOP_up.
 * Returns 0 or the failing hypercall's error (then fn never runs).
 */
long smp_call(unsigned int id, smp_fn_t fn, void *arg);

/*
 * Wait until vCPU @id's latest work item has returned, or @deadline
 * (pvclock ns; 0 = forever) passes. True if it returned.
 */
bool smp_wait(unsigned int id, uint64_t deadline);

/*
 * VCPUOP_* on vCPU @id, for tests; return the hypercall's result
 * (is_up: 1 up, 0 down).
 */
long vcpu_is_up(unsigned int id);
long vcpu_up(unsigned int id);
long vcpu_down(unsigned int id);
long vcpu_runstate(unsigned int id, struct vcpu_runstate_info *rs);

/* The entry smp_build_context() uses (smp-entry.asm); not callable from C. */
void smp_secondary_entry(void);
/* The failsafe callback it registers: panics (smp-entry.asm). */
void smp_failsafe_entry(void);

/* Waiting. */
static inline void cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}
/* A spin-wait step: pause, and now and then yield the pCPU to other vCPUs. */
void smp_relax(void);
/* SCHEDOP_yield, SCHEDOP_block (enables events, sleeps until one is pending). */
long sched_yield(void);
long sched_block(void);
/* SCHEDOP_poll on @nr ports until one is pending or @deadline (0 = none). */
long sched_poll(evtchn_port_t *ports, unsigned int nr, uint64_t deadline);

/*
 * A spinlock that one vCPU may take again while it holds it (a trap or
 * an upcall that prints while the same vCPU is printing). Spins with
 * smp_relax(), so a holder that is descheduled gets the pCPU back.
 */
typedef struct {
	volatile uint32_t owner; /* holder's id + 1, 0 = free */
	uint32_t depth;		 /* recursion depth, holder only */
} spinlock_t;
#define SPINLOCK_INIT {0, 0}
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);

#endif /* GUEST_SMP_H */
