// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypercall dispatch for 64-bit PV guests, and multicall.
 *
 * The table is generated from include/public/hypercall-list.h (see
 * docs/abi.md); nothing here names a hypercall by hand. Every handler
 * the list declares but no file implements yet falls back to the weak
 * definition in enosys.c, which returns -ENOSYS: a missing hypercall is never
 * faked. Arguments arrive in rdi, rsi, rdx, r10, r8 (r10, not rcx, which
 * SYSCALL clobbers); the result goes back in rax.
 */
#include <public/xen.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/perfc.h>
#include <xen/sched.h>
#include <xen/percpu.h>
#include <xen/softirq.h>

#include <hypercall-dispatch.h>

static const char *const names[HYPERCALL_TABLE_SIZE] = {
#define HCALL HYPERCALL_NAME_
#include <public/hypercall-list.h>
#undef HCALL
};

const char *hypercall_name(unsigned int nr)
{
	return nr < HYPERCALL_TABLE_SIZE && names[nr] ? names[nr] : "unknown";
}

/* Inside a multicall a handler is never preempted (the batch has no continuation). */
static DEFINE_PER_CPU(bool, in_multicall);

bool hypercall_preempt_check(void)
{
	return !this_cpu(in_multicall) && softirq_pending();
}

long hypercall_create_continuation(unsigned int nr, unsigned int nargs, ...)
{
	struct cpu_regs *regs = current->regs;
	uint64_t *slot[6] = { &regs->rdi, &regs->rsi, &regs->rdx, &regs->r10, &regs->r8, &regs->r9 };
	va_list ap;
	unsigned int i;

	BUG_ON(nargs > 6 || this_cpu(in_multicall));
	va_start(ap, nargs);
	for (i = 0; i < nargs; i++)
		*slot[i] = va_arg(ap, uint64_t);
	va_end(ap);
	regs->rip -= 2; /* back onto the SYSCALL, which the guest executes again */
	return nr;      /* becomes rax: the hypercall number */
}

/*
 * Run hypercall @nr. Whatever answers -ENOSYS (a number nobody handles,
 * or a handler refusing a sub-op it does not know) is counted and logged
 * for the guest's domain (unhandled.c).
 */
long pv_dispatch(uint64_t nr, const uint64_t args[6])
{
	hypercall_thunk_t fn = NULL;
	long rc;

	/* Mask after the bounds check too, so a mispredicted branch cannot index out. */
	if (nr < HYPERCALL_TABLE_SIZE)
		fn = hypercall_table[nr & (HYPERCALL_TABLE_SIZE - 1)];
	rc = fn ? fn(args) : -ENOSYS;
	/* iret's "result" is the guest's own rax, restored from its frame. */
	if (unlikely(rc == -ENOSYS) && nr != __HYPERVISOR_iret)
		pv_log_enosys(nr, args);
	return rc;
}

/* The trace record of a hypercall about to be dispatched (when enabled). */
static inline void trace_hypercall(uint64_t nr, const uint64_t args[6])
{
	TRACE(TRC_CLS_HCALL, nr, args[0], args[1], args[2], args[3], args[4]);
}

#ifdef CONFIG_HCALL_STATS
/*
 * A hypercall the counters chose to time (perfc_hcall_count() borrowed
 * @slot's countdown): out of line and rare, so that the common path keeps
 * no state across the dispatch for it. The slot is rearmed before the
 * dispatch, so a hypercall that never returns here cannot leave it
 * borrowed.
 */
static void __attribute__((noinline, cold))
pv_hypercall_timed(struct cpu_regs *regs, const uint64_t args[6], unsigned int slot)
{
	uint64_t nr = regs->rax, t0;

	perfc_hcall_rearm(((struct cpu_info *)(regs + 1))->perfc, slot);
	trace_hypercall(nr, args);
	t0 = rdtsc();
	regs->rax = pv_dispatch(nr, args);
	perfc_hcall_timed(slot, rdtsc() - t0);
}
#endif

void pv_hypercall(struct cpu_regs *regs)
{
	const uint64_t args[6] = { regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9 };
	uint64_t nr = regs->rax;

	/*
	 * Counted before the trace record, while the arguments are still in
	 * registers (the trace call clobbers them). A guest's frame sits right
	 * below its CPU's cpu_info (TSS rsp0 and the SYSCALL stack both point
	 * there; context_switch() checks it): the counters' per-number
	 * constants are at a fixed offset from the frame, cheaper than
	 * rounding %rsp. A number beyond the table is not counted (the
	 * counters index by it); pv_dispatch() refuses it. A build with
	 * HCALL_STATS=n (the baseline of bench/instrument-cost.sh) has no
	 * hypercall counters.
	 */
#ifdef CONFIG_HCALL_STATS
	unsigned int slot;

	if (nr < HYPERCALL_TABLE_SIZE &&
	    perfc_hcall_count((struct cpu_info *)(regs + 1), nr, args[0], &slot)) {
		pv_hypercall_timed(regs, args, slot);
		return;
	}
#endif
	trace_hypercall(nr, args);
	regs->rax = pv_dispatch(nr, args);
}

/*
 * multicall: run each entry's hypercall and store its result in the
 * entry. A nested multicall or an iret (which never returns to its
 * caller) inside a batch gets -EINVAL in its result slot.
 */
long do_multicall(GUEST_PTR(multicall_entry_t) calls, unsigned int nr_calls)
{
	struct multicall_entry call;
	unsigned int i;
	long rc = 0;

	this_cpu(in_multicall) = true;
	for (i = 0; i < nr_calls; i++) {
		if (copy_from_guest_offset(&call, calls, i, 1)) {
			rc = -EFAULT;
			break;
		}
		if (call.op == __HYPERVISOR_multicall || call.op == __HYPERVISOR_iret)
			call.result = (uint64_t)-EINVAL;
		else
			call.result = (uint64_t)pv_dispatch(call.op, call.args);
		if (raw_copy_to_guest(calls.p + i * sizeof(call) +
					      __builtin_offsetof(struct multicall_entry, result),
				      &call.result, sizeof(call.result))) {
			rc = -EFAULT;
			break;
		}
	}
	this_cpu(in_multicall) = false;
	return rc;
}
