// SPDX-License-Identifier: GPL-2.0-only
/*
 * Secondary vCPUs (see guest/smp.h): per-vCPU blocks reached through the
 * kernel GS base, the vcpu_guest_context a secondary starts with, work
 * items with "take yourself down when idle", and the small waiting and
 * locking primitives that code on any vCPU needs.
 *
 * The one idea for work items: the secondary publishes "done", then
 * takes itself down; smp_call() publishes the next item only once
 * VCPUOP_is_up says the vCPU is down, and then brings it up. Because
 * the down happens strictly after the secondary last looked for work,
 * and the publication strictly after the down, an item is never left
 * behind by a vCPU that went to sleep just after looking.
 */
#include <public/callback.h>
#include <public/errno.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <guest/event.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/smp.h>
#include <guest/time.h>
#include <guest/traps.h>

/* Every vCPU we run has a vcpu_info slot in shared_info (no register_vcpu_info). */
_Static_assert(SMP_MAX_VCPUS <= XEN_LEGACY_MAX_VCPUS, "vCPUs without a vcpu_info slot");

/* How long smp_call() waits for a vCPU to finish and go down. */
#define SMP_CALL_WAIT_NS 10000000000ULL

static struct guest_cpu cpus[SMP_MAX_VCPUS] = {
	[0] = {.self = &cpus[0], .id = 0, .state = SMP_RUNNING},
};
static uint8_t stacks[SMP_MAX_VCPUS - 1][SMP_STACK_SIZE]
	__attribute__((aligned(PAGE_SIZE), section(".bss.page_aligned")));

bool smp_gs_ready;
static unsigned int nr_vcpus = 1;

/* One context buffer (5 KiB: too big for a work item's stack), for smp_call(). */
static struct vcpu_guest_context call_ctxt;
static spinlock_t call_lock;

extern const char event_upcall_entry[];
void syscall_entry(void);

struct guest_cpu *smp_cpu(unsigned int id)
{
	if (id >= SMP_MAX_VCPUS)
		panic("smp_cpu(%u): only %u vCPUs supported", id, SMP_MAX_VCPUS);
	return &cpus[id];
}

long sched_yield(void)
{
	return HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}

long sched_block(void)
{
	return HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

long sched_poll(evtchn_port_t *ports, unsigned int nr, uint64_t deadline)
{
	struct sched_poll p = {.nr_ports = nr, .timeout = deadline};

	p.ports.p = (uint64_t)(uintptr_t)ports;
	return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

void smp_relax(void)
{
	cpu_relax();
	/*
	 * With more vCPUs than pCPUs the one we wait for may be runnable
	 * but not running: give it the pCPU now and then.
	 */
	if (++this_cpu()->relax_count % 64 == 0)
		sched_yield();
}

void spin_lock(spinlock_t *l)
{
	uint32_t me = smp_processor_id() + 1, free;

	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
		l->depth++;
		return;
	}
	for (;;) {
		free = 0;
		if (__atomic_compare_exchange_n(&l->owner, &free, me, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			break;
		while (__atomic_load_n(&l->owner, __ATOMIC_RELAXED))
			smp_relax();
	}
	l->depth = 1;
}

void spin_unlock(spinlock_t *l)
{
	if (--l->depth == 0)
		__atomic_store_n(&l->owner, 0, __ATOMIC_RELEASE);
}

long vcpu_is_up(unsigned int id)
{
	return HYPERVISOR_vcpu_op(VCPUOP_is_up, id, NULL);
}

long vcpu_up(unsigned int id)
{
	return HYPERVISOR_vcpu_op(VCPUOP_up, id, NULL);
}

long vcpu_down(unsigned int id)
{
	return HYPERVISOR_vcpu_op(VCPUOP_down, id, NULL);
}

long vcpu_runstate(unsigned int id, struct vcpu_runstate_info *rs)
{
	return HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, id, rs);
}

long smp_init(void)
{
	long rc;
	unsigned int id;

	if (smp_gs_ready)
		return nr_vcpus;
	rc = HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, (uint64_t)(uintptr_t)&cpus[0]);
	if (rc)
		return rc;
	smp_gs_ready = true;
	if (this_cpu() != &cpus[0])
		panic("smp_init: %%gs:0 is %p after set_segment_base(GS_KERNEL, %p)",
		      (void *)this_cpu(), (void *)&cpus[0]);
	for (id = 1; id < SMP_MAX_VCPUS; id++) {
		cpus[id].self = &cpus[id];
		cpus[id].id = id;
		cpus[id].stack_top = stacks[id - 1] + SMP_STACK_SIZE;
	}
	/* vCPU ids are dense: the first -ENOENT ends the domain's list. */
	for (id = 1; id < SMP_MAX_VCPUS && vcpu_is_up(id) >= 0; id++)
		;
	nr_vcpus = id;
	return nr_vcpus;
}

unsigned int smp_nr_vcpus(void)
{
	return nr_vcpus;
}

void smp_build_context(struct vcpu_guest_context *ctxt, unsigned int id)
{
	struct guest_cpu *c = smp_cpu(id);
	uint64_t top = (uint64_t)(uintptr_t)c->stack_top;

	memset(ctxt, 0, sizeof(*ctxt));
	ctxt->flags = VGCF_in_kernel | VGCF_failsafe_disables_events | VGCF_syscall_disables_events;
	ctxt->user_regs.rip = (uint64_t)(uintptr_t)smp_secondary_entry;
	ctxt->user_regs.rsp = top;
	ctxt->user_regs.rdi = (uint64_t)(uintptr_t)c;
	ctxt->user_regs.cs = FLAT_KERNEL_CS;
	ctxt->user_regs.ss = FLAT_KERNEL_SS;
	ctxt->user_regs.ds = ctxt->user_regs.es = FLAT_KERNEL_DS;
	/* IF is virtual (vcpu_info's upcall mask); Xen sets the real one. */
	ctxt->user_regs.rflags = 0x2;
	traps_fill_table(ctxt->trap_ctxt);
	ctxt->kernel_ss = FLAT_KERNEL_SS;
	ctxt->kernel_sp = top;
	ctxt->ctrlreg[3] =
		xen_pfn_to_cr3(virt_to_mfn((const void *)(uintptr_t)start_info->pt_base));
	ctxt->event_callback_eip = (uint64_t)(uintptr_t)event_upcall_entry;
	ctxt->failsafe_callback_eip = (uint64_t)(uintptr_t)smp_failsafe_entry;
	ctxt->syscall_callback_eip = (uint64_t)(uintptr_t)syscall_entry;
	ctxt->gs_base_kernel = (uint64_t)(uintptr_t)c;
}

long smp_initialise(unsigned int id, const struct vcpu_guest_context *ctxt)
{
	struct guest_cpu *c = smp_cpu(id);
	long rc;

	c->vcpu_info = &shared_info()->vcpu_info[id];
	/* It starts with events masked, whatever the slot held. */
	c->vcpu_info->evtchn_upcall_mask = 1;
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, id, (void *)ctxt);
	if (!rc)
		c->initialised = true;
	return rc;
}

/* Wait until vCPU @id's current work item has returned and it is down. */
static long wait_idle(unsigned int id)
{
	uint64_t deadline = pvclock_read() + SMP_CALL_WAIT_NS;
	long up;

	if (!smp_wait(id, deadline))
		return -XEN_ETIMEDOUT;
	while ((up = vcpu_is_up(id)) == 1) {
		if (pvclock_read() > deadline)
			return -XEN_ETIMEDOUT;
		smp_relax();
	}
	return up < 0 ? up : 0;
}

long smp_call(unsigned int id, smp_fn_t fn, void *arg)
{
	struct guest_cpu *c;
	long rc;

	if (id >= nr_vcpus || id == smp_processor_id() || !smp_gs_ready)
		return -XEN_EINVAL;
	c = smp_cpu(id);
	if (!c->initialised) {
		spin_lock(&call_lock);
		smp_build_context(&call_ctxt, id);
		rc = smp_initialise(id, &call_ctxt);
		spin_unlock(&call_lock);
		if (rc)
			return rc;
	} else {
		rc = wait_idle(id);
		if (rc)
			return rc;
	}
	c->fn = fn;
	c->arg = arg;
	if (c->state == SMP_NOT_STARTED)
		c->state = SMP_STARTING;
	__atomic_store_n(&c->work_seq, c->work_seq + 1, __ATOMIC_RELEASE);
	return vcpu_up(id);
}

bool smp_wait(unsigned int id, uint64_t deadline)
{
	struct guest_cpu *c = smp_cpu(id);

	while (__atomic_load_n(&c->done_seq, __ATOMIC_ACQUIRE) !=
	       __atomic_load_n(&c->work_seq, __ATOMIC_RELAXED)) {
		if (deadline && pvclock_read() > deadline)
			return false;
		smp_relax();
	}
	return true;
}

/* C entry of a secondary vCPU (smp-entry.asm), with rdi from the context. */
void smp_secondary_start(struct guest_cpu *self) __noreturn;
void smp_secondary_start(struct guest_cpu *self)
{
	if (this_cpu() != self)
		panic("secondary vCPU: %%gs:0 is %p, expected %p (gs_base_kernel from the context)",
		      (void *)this_cpu(), (void *)self);
	self->state = SMP_RUNNING;
	for (;;) {
		unsigned long seq = __atomic_load_n(&self->work_seq, __ATOMIC_ACQUIRE);

		if (seq != self->done_seq) {
			self->fn(self->arg);
			/* The next item starts as this one did: events masked. */
			events_disable();
			__atomic_store_n(&self->done_seq, seq, __ATOMIC_RELEASE);
			continue;
		}
		/* Idle: down until smp_call() has published more and brought us up. */
		vcpu_down(self->id);
	}
}

/* The failsafe callback: the hypervisor could not load our segments. */
void smp_failsafe(void) __noreturn;
void smp_failsafe(void)
{
	panic("failsafe callback on vCPU %u", smp_processor_id());
}
