// SPDX-License-Identifier: GPL-2.0-only
/*
 * Domains: creation (with all their vCPUs), lookup and reference
 * counting, shutdown and crash, destruction, vm_assist, and the vcpu_op
 * hypercall (bringing vCPUs up and down, vCPU state areas and timers;
 * the timers and runstates themselves live in sched/core.c, loading a
 * vCPU's first context in arch/x86/pv/vcpu_context.c).
 *
 * The one idea: a guest's mistake ends at most that guest. domain_crash()
 * logs one line with the reason and the guest's registers, then shuts the
 * domain down with SHUTDOWN_crash. For the hardware domain (dom0), a
 * shutdown ends the machine as Xen does: power off, reboot, or (crash
 * with noreboot) halt, each with its own debug-exit status so tests can
 * tell a dom0 crash from a hypervisor panic.
 *
 * Destruction (docs/domain-lifecycle.md) is Xen's two-phase one. The
 * toolstack's XEN_DOMCTL_destroydomain runs domain_kill(): the vCPUs stop
 * for good, then every resource the domain holds is released, in steps
 * that can stop for a hypercall continuation and resume (alive -> dying
 * -> dead), and the domain list's reference is dropped. The structure
 * itself goes with the last reference. A domain holds one on itself
 * while it owns frames, so one whose frame another domain still maps
 * (a grant) stays, dead, until that mapping goes: then the last
 * put_page() frees the frame, drops that reference and destroys it.
 */
#include <public/sched.h>
#include <public/vcpu.h>
#include <asm/traps.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/perfc.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/time.h>
#include <xen/xmalloc.h>

/*
 * Guarded by domlist_lock (also every domain's refcnt): the list, newest
 * first, and a hash by domid for domain_get(), as Xen keeps one: with a
 * hundred domains, every lookup of dom0 (the oldest) walked the list.
 */
#define DOMAIN_HASH_SIZE 256
struct domain *domain_list;
static struct domain *domain_hash[DOMAIN_HASH_SIZE];
static DEFINE_SPINLOCK(domlist_lock);

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend",   [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

const char *shutdown_reason_name(unsigned int reason)
{
	return reason < ARRAY_SIZE(shutdown_names) && shutdown_names[reason] ?
		       shutdown_names[reason] : "unknown";
}

/* Owner of hypervisor frames privileged guests may map read-only (the M2P). */
struct domain dom_xen = { .domain_id = DOMID_XEN };

/* ---- memory kept for a domain ---- */

/*
 * The rule behind d->xenheap_pages: an object of more than half a page
 * gets a run of xenheap frames of its own, counted in *@frames; a smaller
 * one comes from xmalloc's size classes, whose pages never go back to the
 * heap, so freeing it changes no frame count. Together they make the
 * frames a domain's destruction gives back exactly xenheap_pages.
 */
static unsigned int bytes_to_order(size_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static void *hv_zalloc(size_t bytes, unsigned long *frames)
{
	unsigned int order = bytes_to_order(bytes);
	void *p;

	if (bytes <= PAGE_SIZE / 2)
		return xzalloc_bytes(bytes);
	p = alloc_xenheap_pages(order);
	if (!p)
		return NULL;
	memset(p, 0, PAGE_SIZE << order);
	__atomic_fetch_add(frames, 1UL << order, __ATOMIC_RELAXED);
	return p;
}

static void hv_free(void *p, size_t bytes, unsigned long *frames)
{
	unsigned int order = bytes_to_order(bytes);

	if (!p)
		return;
	if (bytes <= PAGE_SIZE / 2) {
		xfree(p);
		return;
	}
	free_xenheap_pages(p, order);
	__atomic_fetch_sub(frames, 1UL << order, __ATOMIC_RELAXED);
}

void *domain_xzalloc(struct domain *d, size_t bytes)
{
	return hv_zalloc(bytes, &d->xenheap_pages);
}

void domain_xfree(struct domain *d, void *p, size_t bytes)
{
	hv_free(p, bytes, &d->xenheap_pages);
}

/* ---- references ---- */

void domain_hold(struct domain *d)
{
	unsigned long flags;

	spin_lock_irqsave(&domlist_lock, flags);
	BUG_ON(!d->refcnt);
	d->refcnt++;
	spin_unlock_irqrestore(&domlist_lock, flags);
}

/*
 * The domain holds a reference on itself while it owns frames: its
 * reservation (tot_pages) and the shared hypervisor frames not yet
 * released. So the structure, which those frames' owner field points
 * to, outlives the last of them (Xen's rule). @pages and @shared change
 * the counts under the domain's lock; the reference follows the sum
 * through zero.
 */
static void adjust_owned(struct domain *d, long pages, int shared)
{
	unsigned long flags, before, after;

	spin_lock_irqsave(&d->lock, flags);
	before = d->tot_pages + d->shared_frames;
	d->tot_pages += pages;
	d->shared_frames += shared;
	after = d->tot_pages + d->shared_frames;
	/* Under the lock: a frame freed on another CPU cannot drop it first. */
	if (!before && after)
		domain_hold(d);
	spin_unlock_irqrestore(&d->lock, flags);
	/* Outside it: the last reference frees the domain, lock and all. */
	if (before && !after)
		domain_put(d);
}

void domain_adjust_tot_pages(struct domain *d, long delta)
{
	adjust_owned(d, delta, 0);
}

void domain_shared_frame_released(struct domain *d)
{
	if (d == &dom_xen)
		return; /* the M2P's frames: a pseudo-domain, never counted */
	adjust_owned(d, 0, -1);
}

void share_xen_page_with_guest(struct page_info *pg, struct domain *d)
{
	pg->owner = d;
	pg->count_info |= PGC_xen_heap | 1;
	pg->type_info = PGT_writable_page | PGT_validated | 1;
	adjust_owned(d, 0, 1);
}

/* ---- creation and lookup ---- */

/*
 * vcpu_info of the vCPUs that have no slot in shared_info (ids from
 * XEN_LEGACY_MAX_VCPUS up) until VCPUOP_register_vcpu_info gives them
 * one: shared, written to and never read for anything that matters, as
 * on Xen. VCPUOP_initialise refuses such a vCPU.
 */
vcpu_info_t dummy_vcpu_info;

struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id)
{
	struct vcpu *v;

	/* Dense and in order, as Xen requires: callers create 0, 1, 2, ... */
	BUG_ON(vcpu_id >= d->max_vcpus || d->vcpu[vcpu_id] || (vcpu_id && !d->vcpu[vcpu_id - 1]));
	v = domain_xzalloc(d, sizeof(*v));
	if (!v)
		return NULL;
	v->vcpu_id = vcpu_id;
	v->domain = d;
	v->vcpu_info = vcpu_id < XEN_LEGACY_MAX_VCPUS ? &d->shared_info->vcpu_info[vcpu_id]
						      : &dummy_vcpu_info;
	v->vcpu_info_mfn = ~0UL;
	v->kernel_mode = true;
	v->debugreg[6] = 0xffff0ff0;
	v->debugreg[7] = 0x400;
	arch_vcpu_init(v);
	sched_init_vcpu(v); /* down (is_up clear), runstate offline, its own timers */
	update_vcpu_system_time(v);
	d->vcpu[vcpu_id] = v;
	return v;
}

/*
 * The PIRQ numbers a new domain may name, as Xen 4.17 counts them
 * (domain_create(), arch_hwdom_irqs()): the machine has nr_irqs =
 * max(CPUs x NR_DYNAMIC_VECTORS, 8 x NR_IRQS_GSI); a domU gets the GSIs
 * plus 32 (extra_domU_irqs), dom0 the GSIs plus the dynamic vectors of
 * fls(min(CPUs, its vCPUs)) CPUs; both at most nr_irqs.
 */
static unsigned int domain_nr_pirqs(const struct domain_create_args *a)
{
	unsigned int cpus = num_online_cpus();
	unsigned int nr_irqs = max(cpus * NR_DYNAMIC_VECTORS, 8U * NR_IRQS_GSI);
	unsigned int n;

	if (!a->privileged)
		return min(NR_IRQS_GSI + 32U, nr_irqs);
	n = min(cpus, a->max_vcpus);
	n = (unsigned int)(64 - __builtin_clzll(n)); /* fls() */
	return min(NR_IRQS_GSI + n * NR_DYNAMIC_VECTORS, nr_irqs);
}

void domain_create_defaults(struct domain_create_args *a)
{
	memset(a, 0, sizeof(*a));
	a->max_vcpus = 1;
	a->max_evtchn_port = ~0U; /* no limit but the ABI's, as Xen's dom0 */
	a->max_grant_frames = opt_max_grant_frames;
	a->max_maptrack_frames = opt_max_maptrack_frames;
	a->max_grant_version = opt_gnttab_max_version;
}

/*
 * A new domain with a->max_vcpus vCPUs (all down), its shared_info,
 * event channels and grant table, linked into the domain list (whose
 * reference it is born with); NULL if out of memory.
 */
struct domain *domain_create(domid_t domid, const struct domain_create_args *a)
{
	unsigned long frames = 0, flags;
	struct domain *d = hv_zalloc(sizeof(*d), &frames);
	unsigned int i;

	if (!d)
		return NULL;
	d->xenheap_pages = frames;
	d->domain_id = domid;
	d->is_privileged = a->privileged;
	d->max_vcpus = a->max_vcpus;
	d->controller_pause_count = a->paused;
	d->creation_finished = !a->paused;
	d->vcpus_published = !a->paused;
	memcpy(d->handle, a->handle, sizeof(d->handle));
	d->refcnt = 1; /* the domain list's */
	spin_lock_init(&d->lock);
	rangeset_init(&d->iomem_caps);
	rangeset_init(&d->irq_caps);
	rangeset_init(&d->ioport_caps);
	d->nr_pirqs = domain_nr_pirqs(a);
	d->shared_info = domain_xzalloc(d, PAGE_SIZE);
	if (!d->shared_info || !a->max_vcpus || a->max_vcpus > MAX_VIRT_CPUS)
		goto fail;
	/* Every vCPU starts with event delivery masked (the ABI's start state). */
	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		d->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
	for (i = 0; i < a->max_vcpus; i++)
		if (!vcpu_create(d, i))
			goto fail;
	if (evtchn_init(d, a->max_evtchn_port))
		goto fail_evtchn;
	if (grant_table_init(d, a->max_grant_frames, a->max_maptrack_frames,
			     a->max_grant_version))
		goto fail_evtchn;
	/*
	 * The guest may map it. The domain's own references keep it
	 * allocated and a writable page until it is destroyed, so it can
	 * never become a page table or GDT frame.
	 */
	share_xen_page_with_guest(virt_to_page(d->shared_info), d);
	sched_init_domain(d);
	/* Both clocks are valid before the first instruction (vcpu_create() set each pvclock). */
	update_domain_wallclock_time(d);

	spin_lock_irqsave(&domlist_lock, flags);
	d->next_in_list = domain_list;
	domain_list = d;
	d->next_in_hash = domain_hash[domid % DOMAIN_HASH_SIZE];
	domain_hash[domid % DOMAIN_HASH_SIZE] = d;
	spin_unlock_irqrestore(&domlist_lock, flags);
	TRACE(TRC_CLS_DOM, TRC_DOM_create, domid);
	return d;

fail_evtchn:
	evtchn_destroy_final(d);
fail:
	/* Nothing has run or armed a timer yet: the vCPUs just go. */
	for (i = 0; i < MAX_VIRT_CPUS; i++)
		domain_xfree(d, d->vcpu[i], sizeof(struct vcpu));
	domain_xfree(d, d->shared_info, PAGE_SIZE);
	hv_free(d, sizeof(*d), &frames);
	return NULL;
}

void domain_pause_by_controller(struct domain *d)
{
	unsigned int i;

	BUG_ON(d == current->domain);
	__atomic_fetch_add(&d->controller_pause_count, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_sleep_sync(d->vcpu[i]); /* not runnable any more: off its pCPU */
}

int domain_unpause_by_controller(struct domain *d)
{
	unsigned int old = __atomic_load_n(&d->controller_pause_count, __ATOMIC_ACQUIRE), i;

	do {
		if (!old)
			return -EINVAL;
	} while (!__atomic_compare_exchange_n(&d->controller_pause_count, &old, old - 1, false,
					      __ATOMIC_SEQ_CST, __ATOMIC_ACQUIRE));
	if (old == 1) {
		ACCESS_ONCE(d->creation_finished) = true;
		for (i = 0; i < d->max_vcpus; i++)
			if (d->vcpu[i])
				vcpu_wake(d->vcpu[i]); /* those up and not blocked are queued */
	}
	return 0;
}

void domain_pause(struct domain *d)
{
	unsigned int i;

	BUG_ON(d == current->domain);
	__atomic_fetch_add(&d->pause_count, 1, __ATOMIC_SEQ_CST);
	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_sleep_sync(d->vcpu[i]);
}

void domain_unpause(struct domain *d)
{
	unsigned int i;

	if (__atomic_sub_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST))
		return;
	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_wake(d->vcpu[i]);
}

void vcpu_pause(struct vcpu *v)
{
	BUG_ON(v == current);
	__atomic_fetch_add(&v->pause_count, 1, __ATOMIC_SEQ_CST);
	vcpu_sleep_sync(v);
}

void vcpu_unpause(struct vcpu *v)
{
	if (!__atomic_sub_fetch(&v->pause_count, 1, __ATOMIC_SEQ_CST))
		vcpu_wake(v);
}

struct domain *domain_get(domid_t domid)
{
	struct domain *d;
	unsigned long flags;

	spin_lock_irqsave(&domlist_lock, flags);
	for (d = domain_hash[domid % DOMAIN_HASH_SIZE]; d && d->domain_id != domid;
	     d = d->next_in_hash)
		;
	if (d)
		d->refcnt++;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return d;
}

struct domain *domain_get_at_or_after(domid_t domid)
{
	struct domain *d, *best = NULL;
	unsigned long flags;

	spin_lock_irqsave(&domlist_lock, flags);
	for (d = domain_list; d; d = d->next_in_list)
		if (d->domain_id >= domid && (!best || d->domain_id < best->domain_id))
			best = d;
	if (best)
		best->refcnt++;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return best;
}

static void domain_destroy(struct domain *d);

void domain_put(struct domain *d)
{
	struct domain **pd;
	unsigned long flags;
	bool last;

	spin_lock_irqsave(&domlist_lock, flags);
	BUG_ON(!d->refcnt);
	last = !--d->refcnt;
	if (last) {
		/* Gone from lookups in the same step: nobody can take a new reference. */
		for (pd = &domain_list; *pd != d; pd = &(*pd)->next_in_list)
			BUG_ON(!*pd);
		*pd = d->next_in_list;
		for (pd = &domain_hash[d->domain_id % DOMAIN_HASH_SIZE]; *pd != d;
		     pd = &(*pd)->next_in_hash)
			BUG_ON(!*pd);
		*pd = d->next_in_hash;
	}
	spin_unlock_irqrestore(&domlist_lock, flags);
	if (last)
		domain_destroy(d);
}

/* ---- shutdown ---- */

/* Boot-time domains still running (dom0 waits for them to power off). */
static unsigned int boot_domains_running(void)
{
	const struct domain *d;
	unsigned int n = 0;

	for (d = domain_list; d; d = d->next_in_list)
		if (d->is_boot_domain && !d->is_shutting_down && !d->is_dying)
			n++;
	return n;
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	struct domain *dom0;
	unsigned long flags;
	unsigned int i, left;

	spin_lock_irqsave(&d->lock, flags);
	/* A dying domain no longer runs: nothing of it can shut down. */
	if (d->is_shutting_down || d->is_dying) {
		spin_unlock_irqrestore(&d->lock, flags);
		return;
	}
	d->is_shutting_down = true;
	d->shutdown_code = reason;
	spin_unlock_irqrestore(&d->lock, flags);
	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_sleep_nosync(d->vcpu[i]);

	TRACE(TRC_CLS_DOM, TRC_DOM_shutdown, d->domain_id, reason);
	printk("Domain %u shut down: reason %u (%s)\n", d->domain_id, reason,
	       shutdown_reason_name(reason));
	domain_log_unhandled(d);
	if (!is_hardware_domain(d)) {
		send_global_virq(VIRQ_DOM_EXC); /* tell the toolstack's domain */
		/* The last boot-time domain gone after dom0 powered off: the machine follows. */
		dom0 = domain_get(0);
		if (dom0 && dom0->is_shutting_down && dom0->shutdown_code == SHUTDOWN_poweroff &&
		    !boot_domains_running()) {
			printk("Last domain shut down: powering off the machine\n");
			machine_power_off(EXIT_STATUS_POWEROFF);
		}
		if (dom0)
			domain_put(dom0);
		return;
	}

	switch (reason) {
	case SHUTDOWN_poweroff:
		left = boot_domains_running();
		if (left) {
			printk("Hardware domain powered off: waiting for %u boot-time domain(s) "
			       "to shut down\n", left);
			return;
		}
		printk("Hardware domain powered off: powering off the machine\n");
		machine_power_off(EXIT_STATUS_POWEROFF);
	case SHUTDOWN_reboot:
	case SHUTDOWN_soft_reset:
		printk("Hardware domain asked for a reboot: rebooting the machine\n");
		machine_restart();
	default:
		printk("Hardware domain %s: %s\n", shutdown_reason_name(reason),
		       opt_noreboot ? "halting (noreboot)" : "rebooting the machine in 5 seconds");
		machine_dom0_crashed();
	}
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	struct vcpu *v = current;
	char reason[160];
	va_list args;

	va_start(args, fmt);
	vsnprintf(reason, sizeof(reason), fmt, args);
	va_end(args);
	printk(XENLOG_ERR "domain_crash called for d%u: %s\n", d->domain_id, reason);
	if (v && v->domain == d && v->regs)
		show_guest_registers(v->regs);
	domain_shutdown(d, SHUTDOWN_crash);
}

/* ---- destruction ---- */

/* domain_relinquish_resources()'s steps, in order (d->teardown_step). */
enum {
	TEARDOWN_evtchn,      /* close every port (a peer's goes back to unbound) */
	TEARDOWN_gnttab_maps, /* unpin the grants it maps (maptrack frames freed) */
	TEARDOWN_arch,        /* page tables, vCPU references, the reservation */
	TEARDOWN_shared,      /* its own references on shared_info and grant frames */
	TEARDOWN_done,
};

/*
 * Release everything @d holds, resuming at d->teardown_step: 0, or
 * -ERESTART when a step stopped for pending work (each step keeps its
 * own progress, so calling again continues where it stopped). The order
 * matters: the grants' pins go before the page tables whose grant PTEs
 * hold their references, and the shared frames' own references go last,
 * after the page tables that may map them.
 */
static int domain_relinquish_resources(struct domain *d)
{
	int rc;

	switch (d->teardown_step) {
	case TEARDOWN_evtchn:
		rc = evtchn_destroy(d);
		if (rc)
			return rc;
		d->teardown_step = TEARDOWN_gnttab_maps;
		/* fall through */
	case TEARDOWN_gnttab_maps:
		rc = gnttab_release_mappings(d);
		if (rc)
			return rc;
		d->teardown_step = TEARDOWN_arch;
		/* fall through */
	case TEARDOWN_arch:
		rc = arch_domain_relinquish(d);
		if (rc)
			return rc;
		d->teardown_step = TEARDOWN_shared;
		/* fall through */
	case TEARDOWN_shared:
		gnttab_release_frames(d);
		put_page_and_type(virt_to_page(d->shared_info));
		d->teardown_step = TEARDOWN_done;
		/* fall through */
	case TEARDOWN_done:
		return 0;
	}
	BUG();
}

int domain_kill(struct domain *d)
{
	unsigned long flags;
	unsigned int i;
	int rc;

	if (d == current->domain)
		return -EINVAL;
	switch (d->is_dying) {
	case DOMDYING_alive:
		spin_lock_irqsave(&d->lock, flags);
		d->is_dying = DOMDYING_dying;
		spin_unlock_irqrestore(&d->lock, flags);
		printk("Domain %u: destroying (%lu pages)\n", d->domain_id, d->tot_pages);
		/* It never runs again, and no timer of it can fire from now on. */
		for (i = 0; i < d->max_vcpus; i++)
			if (d->vcpu[i])
				sched_destroy_vcpu(d->vcpu[i]);
		sched_destroy_domain(d);
		heap_claim(&d->outstanding_pages, 0); /* its claim goes back (Xen's) */
		/* fall through */
	case DOMDYING_dying:
		/* Its vCPUs are off every pCPU: now the frames (never with them running). */
		pv_mm_lock();
		rc = domain_relinquish_resources(d);
		pv_mm_unlock();
		if (rc) {
			d->teardown_restarts++;
			return rc;
		}
		spin_lock_irqsave(&d->lock, flags);
		d->is_dying = DOMDYING_dead;
		spin_unlock_irqrestore(&d->lock, flags);
		printk("Domain %u: resources released (%u continuations), %lu page(s) still "
		       "referenced by others\n", d->domain_id, d->teardown_restarts, d->tot_pages);
		send_global_virq(VIRQ_DOM_EXC);
		/* The list's reference: the caller's and the frames' may keep it a while. */
		domain_put(d);
		/* fall through */
	case DOMDYING_dead:
		return 0;
	}
	BUG();
}

/*
 * The last reference to @d went (it is out of the list already): free
 * what is left, which is what other domains could still have used while
 * it was dead (its grant table, whose active entries their unmaps
 * update; its event buckets and vCPUs, which lookups may still have
 * read), then the structure. Everything else went in domain_kill().
 */
static void domain_destroy(struct domain *d)
{
	unsigned long frames;
	domid_t domid = d->domain_id;
	unsigned int i;

	BUG_ON(d->is_dying != DOMDYING_dead || d->tot_pages || d->shared_frames);
	grant_table_destroy(d);
	evtchn_destroy_final(d);
	rangeset_destroy(&d->iomem_caps);
	rangeset_destroy(&d->irq_caps);
	rangeset_destroy(&d->ioport_caps);
	for (i = 0; i < d->max_vcpus; i++)
		domain_xfree(d, d->vcpu[i], sizeof(struct vcpu));
	domain_xfree(d, d->shared_info, PAGE_SIZE);
	memory_domain_destroy(d);
	/* What remains counted is the structure itself. */
	frames = d->xenheap_pages;
	hv_free(d, sizeof(*d), &frames);
	BUG_ON(frames);
	printk("Domain %u destroyed\n", domid);
	send_global_virq(VIRQ_DOM_EXC);
}

/*
 * vm_assist: writable page tables (pv/ro-page-fault.c), the runstate
 * update flag (sched/core.c), plus the types that mean nothing for a
 * 64-bit PV guest (4 GiB segments and their notification are 32-bit
 * only; an L4 may sit anywhere, so pae_extended_cr3 is moot).
 * m2p_strict hides the read-only M2P from user page tables (pv/mm.c).
 * Architectural IOPL arrives with the feature behind it: until then
 * enabling it is refused (-EINVAL), never pretended.
 */
#define VM_ASSIST_SUPPORTED ((1UL << VMASST_TYPE_4gb_segments) | \
			     (1UL << VMASST_TYPE_4gb_segments_notify) | \
			     (1UL << VMASST_TYPE_writable_pagetables) | \
			     (1UL << VMASST_TYPE_pae_extended_cr3) | \
			     (1UL << VMASST_TYPE_runstate_update_flag) | \
			     (1UL << VMASST_TYPE_m2p_strict))

bool vm_assist_valid(unsigned long mask)
{
	return !(mask & ~VM_ASSIST_SUPPORTED);
}

long do_vm_assist(unsigned int cmd, unsigned int type)
{
	struct domain *d = current->domain;

	if (type >= 64 || !(VM_ASSIST_SUPPORTED & (1UL << type)))
		return -EINVAL;
	switch (cmd) {
	case VMASST_CMD_enable:
		__atomic_fetch_or(&d->vm_assist, 1UL << type, __ATOMIC_SEQ_CST);
		return 0;
	case VMASST_CMD_disable:
		__atomic_fetch_and(&d->vm_assist, ~(1UL << type), __ATOMIC_SEQ_CST);
		return 0;
	default:
		return -ENOSYS;
	}
}

/*
 * VCPUOP_register_vcpu_info: move @v's vcpu_info to @offset in frame
 * @mfn of its domain. Caller holds the domain's lock (so @v's is_up
 * cannot change). The frame keeps a general and a writable type
 * reference for good (it can never become a page table under us) and is
 * reached through the direct map. The old contents are copied (a vCPU
 * that had only dummy_vcpu_info starts from zero, events masked), then
 * every selector bit and the upcall are set so the guest rescans:
 * nothing pending is lost, a spurious upcall is the price (Xen's rule).
 */
static int map_vcpu_info(struct vcpu *v, uint64_t mfn, uint32_t offset)
{
	struct domain *d = v->domain;
	struct page_info *pg;
	vcpu_info_t *new_info;

	ASSERT(spin_is_locked(&v->domain->lock));
	if (offset > PAGE_SIZE - sizeof(vcpu_info_t) || (offset & (sizeof(uint64_t) - 1)))
		return -ENXIO;
	if (v->vcpu_info_mfn != ~0UL)
		return -EINVAL; /* once per vCPU */
	if (v != current && v->is_up)
		return -EINVAL;
	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (get_page_and_type(pg, d, PGT_writable_page))
		return -EINVAL; /* not the domain's, or a page table / descriptor frame */
	new_info = (vcpu_info_t *)((char *)mfn_to_virt(mfn) + offset);
	if (v->vcpu_info == &dummy_vcpu_info) {
		/* A vCPU beyond shared_info's slots: a fresh one, events masked (Xen's). */
		memset(new_info, 0, sizeof(*new_info));
		new_info->evtchn_upcall_mask = 1;
	} else {
		memcpy(new_info, v->vcpu_info, sizeof(*new_info));
	}
	v->vcpu_info = new_info;
	v->vcpu_info_mfn = mfn;
	/* The new pointer must be in place before anything is marked pending in it. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&new_info->evtchn_pending_sel, ~0UL, __ATOMIC_SEQ_CST);
	vcpu_mark_events_pending(v);
	return 0;
}

/*
 * VCPUOP_up: let an initialised vCPU run again, from where it stopped
 * (or from its VCPUOP_initialise context). As Xen 4.17's
 * common_vcpu_op(): -EINVAL if it was never initialised; 0 without any
 * change if it is up already. is_up changes under the domain's lock
 * (Xen's domain_lock), which also keeps interrupts off as the scheduler
 * wants; the wake-up itself is the scheduler's.
 */
static long vcpu_op_up(struct vcpu *v)
{
	struct domain *d = v->domain;
	unsigned long flags;
	bool wake;

	spin_lock_irqsave(&d->lock, flags);
	if (!v->is_initialised) {
		spin_unlock_irqrestore(&d->lock, flags);
		return -EINVAL;
	}
	wake = !v->is_up;
	v->is_up = true;
	spin_unlock_irqrestore(&d->lock, flags);
	if (wake)
		vcpu_wake(v);
	return 0;
}

/*
 * VCPUOP_down: stop @v (any vCPU of the caller, the caller included) as
 * soon as possible. Its state stays as it was when it last left the
 * guest (the caller's own: the result 0 of this hypercall), and
 * VCPUOP_up resumes it there. Stopping the running vCPU takes effect on
 * the way out of this hypercall (vcpu_sleep_nosync() raises the
 * schedule softirq); one that is queued leaves the run queue at once.
 * Xen 4.17's rule (common_vcpu_op()): if no other vCPU of the domain is
 * up, the domain is shut down with SHUTDOWN_poweroff instead, and the
 * result is still 0. Downing a vCPU that is already down is 0.
 */
static long vcpu_op_down(struct vcpu *v)
{
	struct domain *d = v->domain;
	unsigned long flags;
	unsigned int i;
	bool others = false, sleep;

	spin_lock_irqsave(&d->lock, flags);
	for (i = 0; i < d->max_vcpus; i++)
		if (i != v->vcpu_id && d->vcpu[i]->is_up)
			others = true;
	if (!others) {
		spin_unlock_irqrestore(&d->lock, flags);
		printk("d%u: VCPUOP_down of v%u, its last vCPU up: shutting down (poweroff)\n",
		       d->domain_id, v->vcpu_id);
		domain_shutdown(d, SHUTDOWN_poweroff);
		return 0;
	}
	sleep = v->is_up;
	v->is_up = false;
	spin_unlock_irqrestore(&d->lock, flags);
	if (sleep)
		vcpu_sleep_nosync(v);
	return 0;
}

long do_vcpu_op(int cmd, unsigned int vcpuid, GUEST_PTR(void) arg)
{
	struct domain *d = current->domain;
	struct vcpu *v;
	long rc;

	/* Xen's domain_vcpu(): an id at or above max_vcpus names no vCPU. */
	if (vcpuid >= d->max_vcpus || !(v = d->vcpu[vcpuid]))
		return -ENOENT;

	switch (cmd) {
	case VCPUOP_initialise:
		/* Xen's common_vcpu_op(): no vcpu_info yet (an id from 32 up, before register_vcpu_info). */
		if (v->vcpu_info == &dummy_vcpu_info)
			return -EINVAL;
		pv_mm_lock(); /* it takes type references on the context's frames */
		rc = arch_initialise_vcpu(v, arg);
		pv_mm_unlock();
		return rc;
	case VCPUOP_up:
		return vcpu_op_up(v);
	case VCPUOP_down:
		return vcpu_op_down(v);
	case VCPUOP_is_up:
		return v->is_up;
	case VCPUOP_get_runstate_info: {
		struct vcpu_runstate_info r;

		vcpu_runstate_get(v, &r);
		return copy_to_guest(arg, &r, 1) ? -EFAULT : 0;
	}
	case VCPUOP_register_runstate_memory_area: {
		struct vcpu_register_runstate_memory_area area;

		if (copy_from_guest(&area, arg, 1))
			return -EFAULT;
		return vcpu_set_runstate_area(v, area.addr.p);
	}
	case VCPUOP_register_vcpu_time_memory_area: {
		struct vcpu_register_time_memory_area area;

		if (copy_from_guest(&area, arg, 1))
			return -EFAULT;
		if (area.addr.p && !guest_range_ok(area.addr.p, sizeof(vcpu_time_info_t)))
			return -EFAULT;
		v->time_info_guest = area.addr.p;
		update_vcpu_system_time(v);
		return 0;
	}
	case VCPUOP_register_vcpu_info: {
		struct vcpu_register_vcpu_info info;
		unsigned long flags;

		if (copy_from_guest(&info, arg, 1))
			return -EFAULT;
		/* Under the domain's lock, as on Xen: VCPUOP_up cannot start @v meanwhile. */
		pv_mm_lock(); /* outer: it takes references on the frame */
		spin_lock_irqsave(&d->lock, flags);
		rc = map_vcpu_info(v, info.mfn, info.offset);
		spin_unlock_irqrestore(&d->lock, flags);
		pv_mm_unlock();
		update_vcpu_system_time(v);
		return rc;
	}
	case VCPUOP_set_periodic_timer: {
		struct vcpu_set_periodic_timer set;

		if (copy_from_guest(&set, arg, 1))
			return -EFAULT;
		/* Xen's bounds: at least 1 ms, at most STIME_DELTA_MAX. */
		if (set.period_ns < (uint64_t)MILLISECS(1) || set.period_ns > (~0ULL >> 2))
			return -EINVAL;
		vcpu_set_periodic_timer(v, (s_time_t)set.period_ns);
		return 0;
	}
	case VCPUOP_stop_periodic_timer:
		vcpu_set_periodic_timer(v, 0);
		return 0;
	case VCPUOP_set_singleshot_timer: {
		struct vcpu_set_singleshot_timer set;

		if (v != current)
			return -EINVAL;
		if (copy_from_guest(&set, arg, 1))
			return -EFAULT;
		return vcpu_set_singleshot_timer(v, set.timeout_abs_ns);
	}
	case VCPUOP_stop_singleshot_timer:
		if (v != current)
			return -EINVAL;
		vcpu_stop_singleshot_timer(v);
		return 0;
	case VCPUOP_get_physid:
		/* Xen answers only for a dom0 vCPU pinned to its pCPU; none is. */
		return -EINVAL;
	default:
		/* send_nmi: with virtual NMIs. */
		return -ENOSYS;
	}
}
