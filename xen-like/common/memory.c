// SPDX-License-Identifier: GPL-2.0-only
/*
 * memory_op: a domain's reservation (increase, decrease, populate,
 * exchange), the machine-to-phys table's location, and memory maps
 * (the host's for dom0, and each domain's own pseudo-physical map).
 *
 * The one idea: a frame leaves a domain by dropping the owner's own
 * reference (PGC_allocated), not by being freed: if anything still
 * references it (a page table, a mapping, a pin), it stays allocated and
 * counted until the last reference goes (pv/mm.c's put_page). So a guest
 * that gives back a page it still uses cannot make the hypervisor reuse
 * it. As on Xen, the reservation ops report how many extents they did
 * rather than an error, and a long request continues through a hypercall
 * continuation carrying the extent to start from in the command's high
 * bits.
 */
#include <public/memory.h>
#include <public/xen.h>
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/grant_table.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <asm/mm.h>

#define MEMOP_EXTENT_SHIFT 6 /* cmd bits above hold the extent to resume at */
#define MEMOP_CMD_MASK ((1U << MEMOP_EXTENT_SHIFT) - 1)

/* Largest extent order per caller (Xen's defaults: 9 for domUs, 12 for dom0). */
static unsigned int max_order(const struct domain *d)
{
	return d->is_privileged ? 12 : 9;
}

/* The target of a reservation op: the caller or, for a privileged caller, any domain. */
static struct domain *get_target(domid_t domid)
{
	struct domain *curr = current->domain, *d;

	if (domid == DOMID_SELF || domid == curr->domain_id)
		return domain_get(curr->domain_id);
	d = domain_get(domid);
	if (d && !curr->is_privileged) {
		domain_put(d);
		return NULL;
	}
	return d;
}

/* 2^@order contiguous frames for @d within its limit, assigned; NULL if none. */
static struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order)
{
	struct page_info *pg;
	unsigned long i;

	if (d->tot_pages + (1UL << order) > d->max_pages || d->is_dying)
		return NULL; /* over its reservation, or being destroyed (Xen: assign_pages) */
	pg = alloc_heap_pages_claimed(order, &d->outstanding_pages);
	if (!pg)
		return NULL;
	for (i = 0; i < (1UL << order); i++) {
		memset(page_to_virt(&pg[i]), 0, PAGE_SIZE); /* no stale data in a guest */
		assign_page(d, &pg[i]);
	}
	return pg;
}

/*
 * Take @mfn out of @d's reservation: -EINVAL unless @d owns it and it is
 * still allocated. It is freed once nothing else references it.
 */
static int guest_remove_page(struct domain *d, mfn_t mfn)
{
	struct page_info *pg;

	if (!mfn_valid(mfn) || get_page(pg = mfn_to_page(mfn), d))
		return -EINVAL;
	if (!(pg->count_info & PGC_allocated) || (pg->count_info & PGC_xen_heap)) {
		put_page(pg);
		return -EINVAL;
	}
	pg->count_info &= ~PGC_allocated;
	put_page(pg); /* the allocation reference */
	put_page(pg); /* ours */
	return 0;
}

struct memop_args {
	struct domain *d;
	struct xen_memory_reservation r;
	unsigned long done;   /* extents completed, including earlier continuations */
	bool preempted;
};

static void increase_reservation(struct memop_args *a, bool populate)
{
	unsigned long i, j;

	if (a->r.extent_order > max_order(current->domain))
		return;
	for (i = a->done; i < a->r.nr_extents; i++) {
		struct page_info *pg;
		xen_pfn_t gpfn = 0, mfn;

		if (i != a->done && hypercall_preempt_check()) {
			a->preempted = true;
			break;
		}
		if (populate && copy_from_guest_offset(&gpfn, a->r.extent_start, i, 1))
			break;
		pg = alloc_domheap_pages(a->d, a->r.extent_order);
		if (!pg)
			break;
		mfn = page_to_mfn(pg);
		/* A PV guest keeps its own P2M; the M2P learns the PFNs it asked for. */
		for (j = 0; j < (1UL << a->r.extent_order); j++)
			set_gpfn_from_mfn(mfn + j, populate ? gpfn + j : INVALID_M2P_ENTRY);
		if (!guest_handle_null(a->r.extent_start) &&
		    copy_to_guest_offset(a->r.extent_start, i, &mfn, 1)) {
			/* Unreachable to the guest: give it back at once. */
			for (j = 0; j < (1UL << a->r.extent_order); j++)
				guest_remove_page(a->d, mfn + j);
			break;
		}
	}
	a->done = i;
}

static void decrease_reservation(struct memop_args *a)
{
	unsigned long i, j;

	if (a->r.extent_order > max_order(current->domain))
		return;
	for (i = a->done; i < a->r.nr_extents; i++) {
		xen_pfn_t gmfn;

		if (i != a->done && hypercall_preempt_check()) {
			a->preempted = true;
			break;
		}
		if (copy_from_guest_offset(&gmfn, a->r.extent_start, i, 1))
			break;
		for (j = 0; j < (1UL << a->r.extent_order); j++)
			if (guest_remove_page(a->d, gmfn + j))
				goto out;
	}
out:
	a->done = i;
}

/*
 * XENMEM_exchange: trade in.nr_extents extents of the caller's frames
 * (in.extent_order) for out.nr_extents fresh ones (out.extent_order)
 * covering as many frames; out.extent_start holds the PFNs for the new
 * frames and receives their MFNs. All or nothing per call: every input
 * frame is checked before any changes hands. Xen's continuation field
 * nr_exchanged must come in as 0 (this exchange is never preempted).
 */
static long memory_exchange(GUEST_PTR(xen_memory_exchange_t) arg)
{
	struct xen_memory_exchange exch;
	struct domain *d;
	unsigned long in_frames, i, j;
	struct page_info **out_pg;
	long rc;

	if (copy_from_guest(&exch, arg, 1))
		return -EFAULT;
	if (exch.in.extent_order > max_order(current->domain) ||
	    exch.out.extent_order > max_order(current->domain) ||
	    exch.in.nr_extents > (1UL << 20) || exch.out.nr_extents > (1UL << 20) ||
	    (exch.in.nr_extents << exch.in.extent_order) !=
		    (exch.out.nr_extents << exch.out.extent_order) ||
	    exch.nr_exchanged != 0 || exch.in.domid != exch.out.domid)
		return -EINVAL;
	d = get_target(exch.in.domid);
	if (!d)
		return -ESRCH;
	in_frames = exch.in.nr_extents << exch.in.extent_order;
	rc = -ENOMEM;
	out_pg = xzalloc_array(struct page_info *, exch.out.nr_extents);
	if (!out_pg)
		goto out;
	/* Check the frames given up: owned, allocated, referenced by nothing else. */
	rc = -EINVAL;
	for (i = 0; i < exch.in.nr_extents; i++) {
		xen_pfn_t gmfn;

		if (copy_from_guest_offset(&gmfn, exch.in.extent_start, i, 1)) {
			rc = -EFAULT;
			goto out_free;
		}
		for (j = 0; j < (1UL << exch.in.extent_order); j++) {
			const struct page_info *pg = mfn_valid(gmfn + j) ? mfn_to_page(gmfn + j) : NULL;

			if (!pg || pg->owner != d || page_state(pg) != PGC_state_inuse ||
			    (pg->count_info & (PGC_allocated | PGC_xen_heap | PGC_count_mask)) !=
				    (PGC_allocated | 1))
				goto out_free;
		}
	}
	/* The new frames, allowed past the limit by the ones about to go. */
	d->max_pages += in_frames;
	for (i = 0; i < exch.out.nr_extents; i++) {
		out_pg[i] = alloc_domheap_pages(d, exch.out.extent_order);
		if (!out_pg[i]) {
			while (i--)
				for (j = 0; j < (1UL << exch.out.extent_order); j++)
					guest_remove_page(d, page_to_mfn(out_pg[i]) + j);
			d->max_pages -= in_frames;
			rc = -ENOMEM;
			goto out_free;
		}
	}
	d->max_pages -= in_frames;
	for (i = 0; i < exch.in.nr_extents; i++) {
		xen_pfn_t gmfn;

		BUG_ON(copy_from_guest_offset(&gmfn, exch.in.extent_start, i, 1));
		for (j = 0; j < (1UL << exch.in.extent_order); j++)
			BUG_ON(guest_remove_page(d, gmfn + j));
	}
	rc = 0;
	for (i = 0; i < exch.out.nr_extents; i++) {
		xen_pfn_t gpfn, mfn = page_to_mfn(out_pg[i]);

		if (copy_from_guest_offset(&gpfn, exch.out.extent_start, i, 1) ||
		    copy_to_guest_offset(exch.out.extent_start, i, &mfn, 1)) {
			rc = -EFAULT;
			gpfn = INVALID_M2P_ENTRY;
		}
		for (j = 0; j < (1UL << exch.out.extent_order); j++)
			set_gpfn_from_mfn(mfn + j, gpfn == INVALID_M2P_ENTRY ? gpfn : gpfn + j);
	}
	exch.nr_exchanged = exch.in.nr_extents;
	if (copy_to_guest(arg, &exch, 1))
		rc = -EFAULT;
out_free:
	xfree(out_pg);
out:
	domain_put(d);
	return rc;
}

/* The host's memory map as 20-byte e820 records (dom0's view of the machine). */
static long machine_memory_map(GUEST_PTR(void) arg)
{
	struct xen_memory_map map;
	unsigned int i;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&map, arg, 1))
		return -EFAULT;
	if (map.nr_entries < boot_info.nr_memmap)
		return -EINVAL;
	for (i = 0; i < boot_info.nr_memmap; i++) {
		struct __attribute__((packed)) {
			uint64_t addr, size;
			uint32_t type;
		} e = { boot_info.memmap[i].addr, boot_info.memmap[i].size, boot_info.memmap[i].type };

		if (raw_copy_to_guest(map.buffer.p + i * sizeof(e), &e, sizeof(e)))
			return -EFAULT;
	}
	map.nr_entries = boot_info.nr_memmap;
	return copy_to_guest(arg, &map, 1) ? -EFAULT : 0;
}

/*
 * A domain's pseudo-physical memory map, as XENMEM_set_memory_map gave
 * it: 20-byte e820 records (u64 addr, u64 size, u32 type, packed),
 * E820MAX of them at most as on Xen. A PV domain starts with none, dom0
 * included (Xen 4.17 builds one only for a PVH dom0): XENMEM_memory_map
 * is then -ENOSYS and Linux uses nr_pages instead.
 */
#define E820_ENTRY_BYTES 20
#define E820MAX 1024

/*
 * XENMEM_set_memory_map: for the caller itself or, from a privileged
 * caller, any domain (Xen's XSM_TARGET rule). Zero entries remove the
 * map. Checked in Xen's order: -EFAULT, -EINVAL (too many entries),
 * -ESRCH, -EPERM, -ENOMEM, -EFAULT (entries unreadable).
 */
static long set_memory_map(GUEST_PTR(void) arg)
{
	struct xen_foreign_memory_map fmap;
	struct domain *curr = current->domain, *d;
	void *map = NULL, *old;
	unsigned int old_entries;
	size_t bytes;
	unsigned long flags;
	long rc = 0;

	if (copy_from_guest(&fmap, GUEST_PTR_FROM_REG(xen_foreign_memory_map_t, arg.p), 1))
		return -EFAULT;
	if (fmap.map.nr_entries > E820MAX)
		return -EINVAL;
	d = domain_get(fmap.domid == DOMID_SELF ? curr->domain_id : fmap.domid);
	if (!d)
		return -ESRCH;
	if (d != curr && !curr->is_privileged) {
		rc = -EPERM;
		goto out;
	}
	bytes = (size_t)fmap.map.nr_entries * E820_ENTRY_BYTES;
	if (bytes) {
		map = domain_xzalloc(d, bytes);
		if (!map) {
			rc = -ENOMEM;
			goto out;
		}
		if (raw_copy_from_guest(map, fmap.map.buffer.p, bytes)) {
			domain_xfree(d, map, bytes);
			rc = -EFAULT;
			goto out;
		}
	}
	spin_lock_irqsave(&d->lock, flags);
	old = d->memory_map;
	old_entries = d->memory_map_entries;
	d->memory_map = map;
	d->memory_map_entries = fmap.map.nr_entries;
	spin_unlock_irqrestore(&d->lock, flags);
	domain_xfree(d, old, (size_t)old_entries * E820_ENTRY_BYTES);
out:
	domain_put(d);
	return rc;
}

/*
 * XENMEM_memory_map: the caller's own map, cut to the buffer's capacity
 * (no error when it is smaller, as Xen); -ENOSYS if none was set.
 */
static long memory_map(GUEST_PTR(void) arg)
{
	struct domain *d = current->domain;
	struct xen_memory_map map;
	unsigned long flags;
	long rc = 0;

	if (copy_from_guest(&map, GUEST_PTR_FROM_REG(xen_memory_map_t, arg.p), 1))
		return -EFAULT;
	/* The copy runs under the lock (faults return through fixups, nothing sleeps). */
	spin_lock_irqsave(&d->lock, flags);
	if (!d->memory_map_entries) {
		rc = -ENOSYS;
		goto out_unlock;
	}
	map.nr_entries = min(map.nr_entries, d->memory_map_entries);
	if (raw_copy_to_guest(map.buffer.p, d->memory_map,
			      (size_t)map.nr_entries * E820_ENTRY_BYTES) ||
	    copy_to_guest(GUEST_PTR_FROM_REG(xen_memory_map_t, arg.p), &map, 1))
		rc = -EFAULT;
out_unlock:
	spin_unlock_irqrestore(&d->lock, flags);
	return rc;
}

void memory_domain_destroy(struct domain *d)
{
	domain_xfree(d, d->memory_map, (size_t)d->memory_map_entries * E820_ENTRY_BYTES);
	d->memory_map = NULL;
	d->memory_map_entries = 0;
}

static long machphys_mfn_list(GUEST_PTR(void) arg)
{
	struct xen_machphys_mfn_list l;
	mfn_t chunks[64];
	unsigned int n, i;

	if (copy_from_guest(&l, arg, 1))
		return -EFAULT;
	n = m2p_chunks(chunks, min(l.max_extents, 64U));
	for (i = 0; i < n; i++) {
		xen_pfn_t m = chunks[i];

		if (copy_to_guest_offset(l.extent_start, i, &m, 1))
			return -EFAULT;
	}
	l.nr_extents = n;
	return copy_to_guest(arg, &l, 1) ? -EFAULT : 0;
}

/* XENMEM_claim_pages, as Xen 4.17 (domain_set_outstanding_pages()). */
static long claim_pages(GUEST_PTR(void) arg)
{
	struct xen_memory_reservation r;
	struct domain *d;
	long rc;

	if (copy_from_guest(&r, arg, 1))
		return -EFAULT;
	if (r.extent_start.p || r.extent_order || r.mem_flags)
		return -EINVAL;
	if (!(d = domain_get(r.domid == DOMID_SELF ? current->domain->domain_id : r.domid)))
		return -EINVAL;
	rc = -EPERM;
	if (current->domain->is_privileged) {
		if (!r.nr_extents)
			rc = heap_claim(&d->outstanding_pages, 0);
		else if (r.nr_extents <= d->tot_pages || r.nr_extents > d->max_pages)
			rc = -EINVAL;
		else
			rc = heap_claim(&d->outstanding_pages, r.nr_extents - d->tot_pages);
	}
	domain_put(d);
	return rc;
}

/*
 * XENMEM_acquire_resource, as Xen 4.17 for a PV caller: the MFNs of
 * another domain's grant-table frames go into frame_list (the caller
 * maps them with a foreign mmu_update); a null frame_list asks for the
 * resource's size. The only resource here is the v1 grant table, at most
 * gnttab_max_frames frames: no continuation is needed.
 */
static long acquire_resource(GUEST_PTR(void) arg)
{
	struct domain *curr = current->domain, *d;
	struct xen_mem_acquire_resource r;
	uint64_t mfns[32];
	unsigned int max, done = 0, n;
	long rc;

	if (copy_from_guest(&r, arg, 1))
		return -EFAULT;
	if (r.pad || (r.frame >> 32) || ((r.frame + r.nr_frames) >> 32))
		return -EINVAL;
	if (r.domid == DOMID_SELF || r.domid == curr->domain_id)
		return -EPERM; /* a remote domain only (Xen's rcu_lock_remote_domain_by_id) */
	if (!(d = domain_get(r.domid)))
		return -ESRCH;
	rc = -EPERM;
	if (!curr->is_privileged)
		goto out;
	rc = -EOPNOTSUPP;
	if (r.type != XENMEM_resource_grant_table)
		goto out; /* no ioreq servers, no processor trace */
	max = gnttab_resource_max_frames(d, r.id);
	rc = -EINVAL;
	if (!max)
		goto out;
	if (!r.frame_list.p) {
		if (r.nr_frames)
			goto out;
		r.nr_frames = max;
		rc = raw_copy_to_guest(arg.p + offsetof(struct xen_mem_acquire_resource, nr_frames),
				       &r.nr_frames, sizeof(r.nr_frames)) ? -EFAULT : 0;
		goto out;
	}
	for (rc = 0; !rc && done < r.nr_frames; done += n) {
		n = min(r.nr_frames - done, (unsigned int)ARRAY_SIZE(mfns));
		rc = gnttab_acquire_resource(d, r.id, (unsigned int)r.frame + done, n, mfns);
		if (rc < 0)
			break;
		rc = copy_to_guest_offset(r.frame_list, done, mfns, n) ? -EFAULT : 0;
	}
out:
	domain_put(d);
	return rc;
}

/*
 * XENMEM_add_to_physmap(_batch), checked in Xen 4.17's order: -EDOM (a
 * continuation index the size field cannot hold), -EFAULT, -ENOSYS
 * (add_to_physmap of XENMAPSPACE_gmfn_foreign) or -EOPNOTSUPP (the batch
 * of XENMAPSPACE_gmfn_range), -ESRCH; then -EACCES, since only
 * translated guests have a physmap and every domain here is PV. That
 * includes XENMAPSPACE_grant_table, with XENMAPIDX_grant_table_status or
 * not: a PV guest maps its table and status frames by the MFNs
 * setup_table and get_status_frames return.
 */
static long add_to_physmap(unsigned int op, unsigned long start, GUEST_PTR(void) arg)
{
	struct domain *d;
	domid_t domid;

	if (start > 0xffff)
		return -EDOM;
	if (op == XENMEM_add_to_physmap) {
		struct xen_add_to_physmap x;

		if (copy_from_guest(&x, arg, 1))
			return -EFAULT;
		if (x.space == XENMAPSPACE_gmfn_foreign)
			return -ENOSYS; /* foreign frames go through the batch */
		domid = x.domid;
	} else {
		struct xen_add_to_physmap_batch b;

		if (copy_from_guest(&b, arg, 1))
			return -EFAULT;
		if (b.space == XENMAPSPACE_gmfn_range)
			return -EOPNOTSUPP;
		domid = b.domid;
	}
	d = domain_get(domid == DOMID_SELF ? current->domain->domain_id : domid);
	if (!d)
		return -ESRCH;
	domain_put(d);
	return -EACCES;
}

static long do_memory_op_locked(unsigned int cmd, GUEST_PTR(void) arg)
{
	unsigned long start = cmd >> MEMOP_EXTENT_SHIFT;
	unsigned int op = cmd & MEMOP_CMD_MASK;
	struct domain *d = current->domain;
	struct memop_args a = { 0 };

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		/* Failures report how far the request got, as Xen's do. */
		if (copy_from_guest(&a.r, arg, 1) || a.r.nr_extents > (~0U >> MEMOP_EXTENT_SHIFT) ||
		    start >= a.r.nr_extents)
			return start;
		if (a.r.mem_flags & XENMEMF_populate_on_demand)
			return start; /* for translated guests only */
		a.d = get_target(a.r.domid);
		if (!a.d)
			return start;
		a.done = start;
		if (op == XENMEM_decrease_reservation)
			decrease_reservation(&a);
		else
			increase_reservation(&a, op == XENMEM_populate_physmap);
		domain_put(a.d);
		if (a.preempted)
			return hypercall_create_continuation(__HYPERVISOR_memory_op, 2,
							     (uint64_t)(op | (a.done << MEMOP_EXTENT_SHIFT)),
							     arg.p);
		return a.done;
	case XENMEM_exchange:
		if (start)
			return -EINVAL;
		return memory_exchange(GUEST_PTR_FROM_REG(xen_memory_exchange_t, arg.p));
	case XENMEM_maximum_ram_page:
		return start ? -EINVAL : (long)max_page;
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn: {
		struct xen_memory_domain md;
		struct domain *t;
		long rc;

		if (start)
			return -EINVAL;
		if (copy_from_guest(&md, arg, 1))
			return -EFAULT;
		t = md.domid == DOMID_SELF ? domain_get(d->domain_id) : domain_get(md.domid);
		if (!t)
			return -ESRCH;
		if (t != d && !d->is_privileged)
			rc = -EPERM;
		else if (op == XENMEM_current_reservation)
			rc = t->tot_pages;
		else if (op == XENMEM_maximum_reservation)
			rc = t->max_pages;
		else /* PV guests publish nr_pfns in shared_info; the highest PFN is one less */
			rc = (t->shared_info->arch.max_pfn ? t->shared_info->arch.max_pfn : 1) - 1;
		domain_put(t);
		return rc;
	}
	case XENMEM_machphys_mapping: {
		struct xen_machphys_mapping m = {
			.v_start = MACH2PHYS_VIRT_START,
			.v_end = MACH2PHYS_VIRT_END,
			/* No memory hotplug: dom0 learns the real end, as on Xen. */
			.max_mfn = d->is_privileged ? max_page - 1 : MACH2PHYS_NR_ENTRIES - 1,
		};

		return copy_to_guest(GUEST_PTR_FROM_REG(xen_machphys_mapping_t, arg.p), &m, 1)
			       ? -EFAULT : 0;
	}
	case XENMEM_machphys_mfn_list:
		return machphys_mfn_list(arg);
	case XENMEM_machine_memory_map:
		return machine_memory_map(arg);
	case XENMEM_memory_map:
		return start ? -ENOSYS : memory_map(arg);
	case XENMEM_set_memory_map:
		return start ? -ENOSYS : set_memory_map(arg);
	case XENMEM_acquire_resource:
		return start ? -EINVAL : acquire_resource(arg);
	case XENMEM_claim_pages:
		return start ? -EINVAL : claim_pages(arg);
	case XENMEM_add_to_physmap:
	case XENMEM_add_to_physmap_batch:
		return add_to_physmap(op, start, arg);
	default:
		return -ENOSYS;
	}
}

/* Under pv_mm_lock (see docs/design/locking.md). */
long do_memory_op(unsigned int cmd, GUEST_PTR(void) arg)
{
	long rc;

	pv_mm_lock();
	rc = do_memory_op_locked(cmd, arg);
	pv_mm_unlock();
	return rc;
}
