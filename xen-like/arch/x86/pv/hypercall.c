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

long pv_dispatch(uint64_t nr, const uint64_t args[6])
{
	hypercall_thunk_t fn;

	if (nr >= HYPERCALL_TABLE_SIZE)
		return -ENOSYS;
	/* Mask after the bounds check too, so a mispredicted branch cannot index out. */
	fn = hypercall_table[nr & (HYPERCALL_TABLE_SIZE - 1)];
	return fn ? fn(args) : -ENOSYS;
}

/* A hypercall the counters chose to time (perfc_hcall_count()): out of line, rare. */
static long __attribute__((noinline))
pv_dispatch_timed(uint64_t nr, const uint64_t args[6], unsigned int slot)
{
	uint64_t t0 = rdtsc();
	long rc = pv_dispatch(nr, args);

	perfc_hcall_timed(slot, rdtsc() - t0);
	return rc;
}

void pv_hypercall(struct cpu_regs *regs)
{
	const uint64_t args[6] = { regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9 };
	uint64_t nr = regs->rax;
	unsigned int slot;

	TRACE(TRC_CLS_HCALL, nr, args[0], args[1], args[2], args[3], args[4]);
	if (nr >= HYPERCALL_TABLE_SIZE)
		regs->rax = -ENOSYS; /* before the counters, which index by nr */
	/*
	 * A guest's frame sits right below its CPU's cpu_info (TSS rsp0 and
	 * the SYSCALL stack both point there; context_switch() checks it):
	 * one load from the frame finds the counters, cheaper than rounding
	 * %rsp.
	 */
	else if (opt_hcall_stats &&
		 perfc_hcall_count(((struct cpu_info *)(regs + 1))->perfc, nr, args[0], &slot))
		regs->rax = pv_dispatch_timed(nr, args, slot);
	else
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
