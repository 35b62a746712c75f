// SPDX-License-Identifier: GPL-2.0-only
/*
 * grant_table_op: version 1 and version 2 grant tables
 * (docs/grant-tables.md).
 *
 * Each domain has a table of grant entries in xenheap frames it maps
 * itself (as shared_info: owned by it, writable for good), one frame at
 * first and more on GNTTABOP_setup_table up to gnttab_max_frames. The
 * same frames hold 512 8-byte v1 entries or 256 16-byte v2 entries each,
 * whichever version the domain chose with GNTTABOP_set_version (1 at
 * creation, 2 if its maximum allows). Under v2 the GTF_reading and
 * GTF_writing bits live in a separate status array, one uint16_t per
 * entry, in status frames that exist only while v2 is in force (one per
 * eight table frames, rounded up). Beside each entry the hypervisor keeps
 * an active entry: how many mappings and copies use the grant (pin) and
 * the frame (and, for a v2 copy, the part of it) they use, fixed while
 * the pin is non-zero whatever the granter writes afterwards. Each
 * domain also has a maptrack: one slot per mapping it made of another
 * domain's grant, indexed by the handle it got back.
 *
 * The one idea: a grant mapping holds exactly the references an L1 entry
 * to the frame would hold (a general reference, plus the writable type
 * when writable), taken in the granter's name, so the frame stays alive
 * and cannot become a page table while mapped, even if the granter gives
 * it back or re-grants the entry. A host mapping's references belong to
 * the PTE it wrote: the PV MMU drops them like any L1 entry's if the
 * guest overwrites it, and unmapping checks that the PTE still maps the
 * frame before it drops them, as Xen does. GTF_reading/GTF_writing (in
 * the v1 entry, or the v2 status word) are set when the first pin of a
 * kind is taken and cleared when the last goes, so the granter can tell
 * when revoking is safe. A v2 transitive grant (copy only) pins the
 * grant it names in the third domain for as long as it is pinned itself.
 *
 * Switching versions (Xen's rules): refused with -EBUSY while any entry
 * past the 8 reserved ones (console, xenstore) is pinned; the reserved
 * entries are carried over, every other byte of the table is cleared.
 *
 * Destruction (docs/domain-lifecycle.md): a dying domain's mappings of
 * others' grants are undone as unmapping would (its grant PTEs'
 * references go with its page tables), its maptrack frames freed and
 * its own references on its table and status frames dropped; the table
 * itself lives until the domain's last reference goes, because others
 * may still have its grants mapped and their unmaps update its active
 * entries.
 *
 * Locking: grant_table_op runs under mm_lock (docs/design/locking.md),
 * which serialises every map, unmap, copy and version switch against
 * the PV MMU and each other; each table's lock is also taken around
 * changes to it (never two tables' locks at once: a transitive copy
 * drops one before it takes the next), for the destruction path (Xen's
 * finer per-table and per-entry locks are not used: grant-tables.md).
 */
#include <public/grant_table.h>
#include <public/memory.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/perfc.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <asm/page.h>
#include <asm/flushtlb.h>
#include <asm/processor.h>

/* Entries per table frame in each version, status words per status frame (Xen's). */
#define SHGNT_PER_FRAME_V1 (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define SHGNT_PER_FRAME_V2 (PAGE_SIZE / sizeof(grant_entry_v2_t))
#define STATUS_PER_FRAME (PAGE_SIZE / sizeof(grant_status_t))
/* Active entries come per table frame, as many as the version with more entries needs. */
#define ACTIVE_PER_FRAME SHGNT_PER_FRAME_V1
#define INITIAL_NR_GRANT_FRAMES 1U

/* pin: four 8-bit counts of mappings and copies in use (Xen's layout). */
#define GNTPIN_hstw_inc (1U << 0)  /* writable host mappings (and copies into) */
#define GNTPIN_hstr_inc (1U << 8)  /* read-only host mappings (and copies from) */
#define GNTPIN_devw_inc (1U << 16) /* writable device mappings */
#define GNTPIN_devr_inc (1U << 24) /* read-only device mappings */
#define GNTPIN_writable_mask (0xffU | (0xffU << 16))
/* Any count at 128 or more refuses another increment (no overflow). */
#define GNTPIN_oflow_mask(inc) ((inc) << 7)

/* Command bits above these are continuation state (only cache_flush has any). */
#define GNTTABOP_CMD_MASK ((1U << 12) - 1)

/* How many ops a batch does between preemption checks. */
#define PREEMPT_EVERY 32

/* Where an op's status is, for writing back only that. */
#define OP_STATUS(type) __builtin_offsetof(type, status)

/*
 * Internal only, never a GNTST_* code: a transitive grant changed while
 * a copy pinned it, and the op is to be issued again (Xen's ERESTART).
 */
#define COPY_RETRY 1

struct active_grant_entry {
	uint32_t pin;        /* GNTPIN_* counts; 0 = not in use */
	domid_t domid;       /* the grantee using it, while pinned */
	uint16_t start;      /* the part of the frame granted: offset ... */
	uint16_t length;     /* ... and length (PAGE_SIZE but for a v2 sub-page copy) */
	bool is_sub_page;    /* sub-page or transitive: copies only, never mapped */
	grant_ref_t trans_ref; /* transitive: the grant it uses in trans_domain */
	struct domain *trans_domain; /* transitive: that domain (one reference per pin), else NULL */
	mfn_t mfn;           /* the frame in use, while pinned */
};

/* One mapping a domain made; flags 0 = free slot (ref then links the free list). */
struct grant_mapping {
	uint32_t ref;     /* the granter's grant reference */
	uint16_t flags;   /* GNTMAP_* still in effect (host_map, device_map, readonly...) */
	domid_t domid;    /* the granter */
};

#define MAPTRACK_PER_FRAME (PAGE_SIZE / sizeof(struct grant_mapping))
#define MAPTRACK_END (~0U)
#define ACTIVE_BYTES_PER_FRAME (ACTIVE_PER_FRAME * sizeof(struct active_grant_entry))

struct grant_table {
	spinlock_t lock;
	/* Fixed at creation: */
	unsigned int max_frames;        /* table frames at most (gnttab_max_frames or less) */
	unsigned int max_version;       /* 1 or 2: the highest set_version accepts */
	/* Guarded by lock: */
	unsigned int version;           /* 1 or 2: the layout of the shared frames */
	unsigned int nr_frames;         /* table frames shared with the guest */
	void **shared_raw;              /* [max_frames]: xenheap frames, guest-writable */
	struct active_grant_entry **active; /* [max_frames]: ACTIVE_PER_FRAME each */
	unsigned int nr_status_frames;  /* v2: status_frames_for(nr_frames); v1: 0 */
	grant_status_t **status;        /* [status_frames_for(max_frames)]: xenheap frames */
	/* The maptrack (this domain's mappings of others' grants), guarded by lock: */
	struct grant_mapping **maptrack; /* [maptrack_frames]: xenheap frames */
	unsigned int maptrack_frames;   /* gnttab_max_maptrack_frames at creation (may be 0) */
	unsigned int maptrack_limit;    /* slots allocated */
	unsigned int maptrack_free;     /* head of the free list, MAPTRACK_END if empty */
	unsigned int maptrack_used;     /* slots in use */
};

/* gnttab_max_frames=N (Xen's option and default), N >= 1. */
unsigned int opt_max_grant_frames = 64;

static int parse_uint(const char *s, const char *end, unsigned long *out)
{
	unsigned long v = 0;

	if (s == end)
		return -EINVAL;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9' || v > 0x7fffffff)
			return -EINVAL;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return 0;
}

static int parse_max_frames(const char *s)
{
	unsigned long v;

	if (parse_uint(s, s + strlen(s), &v) || !v || v > 0x7fffffff)
		return -EINVAL;
	opt_max_grant_frames = (unsigned int)v;
	return 0;
}
custom_param("gnttab_max_frames", parse_max_frames);

/* gnttab_max_maptrack_frames=N (Xen's option and default). */
unsigned int opt_max_maptrack_frames = 1024;
integer_param("gnttab_max_maptrack_frames", opt_max_maptrack_frames);

/* gnttab=max-ver:<1|2>,[no-]transitive (Xen's option; both default to on/2). */
unsigned int opt_gnttab_max_version = 2;
static bool opt_transitive_grants = true;

static bool token_is(const char *s, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - s) == n && !memcmp(s, word, n);
}

static int parse_gnttab(const char *s)
{
	const char *end;
	unsigned long v;

	for (; *s; s = *end ? end + 1 : end) {
		for (end = s; *end && *end != ','; end++)
			;
		if (end - s > 8 && (!memcmp(s, "max-ver:", 8) || !memcmp(s, "max_ver:", 8))) {
			if (parse_uint(s + 8, end, &v) || v < 1 || v > 2)
				return -EINVAL;
			opt_gnttab_max_version = (unsigned int)v;
		} else if (token_is(s, end, "transitive") || token_is(s, end, "transitive=1")) {
			opt_transitive_grants = true;
		} else if (token_is(s, end, "no-transitive") || token_is(s, end, "transitive=0")) {
			opt_transitive_grants = false;
		} else {
			return -EINVAL;
		}
	}
	return 0;
}
custom_param("gnttab", parse_gnttab);

/* ---- entries ---- */

/* Table frames' worth of v2 entries -> status frames (Xen's grant_to_status_frames). */
static unsigned int status_frames_for(unsigned int frames)
{
	return DIV_ROUND_UP(frames * SHGNT_PER_FRAME_V2, STATUS_PER_FRAME);
}

static unsigned int nr_entries(const struct grant_table *gt)
{
	return gt->nr_frames * (gt->version == 1 ? SHGNT_PER_FRAME_V1 : SHGNT_PER_FRAME_V2);
}

/* Entry @ref (< nr_entries()) in the version in force. */
static grant_entry_v1_t *shared_entry_v1(struct grant_table *gt, grant_ref_t ref)
{
	grant_entry_v1_t *f = gt->shared_raw[ref / SHGNT_PER_FRAME_V1];

	return &f[ref % SHGNT_PER_FRAME_V1];
}

static grant_entry_v2_t *shared_entry_v2(struct grant_table *gt, grant_ref_t ref)
{
	grant_entry_v2_t *f = gt->shared_raw[ref / SHGNT_PER_FRAME_V2];

	return &f[ref % SHGNT_PER_FRAME_V2];
}

/* The flags and domid, which both versions keep in the entry's first 4 bytes. */
static grant_entry_header_t *entry_header(struct grant_table *gt, grant_ref_t ref)
{
	if (gt->version == 1)
		return (grant_entry_header_t *)shared_entry_v1(gt, ref);
	return &shared_entry_v2(gt, ref)->hdr;
}

/* Where GTF_reading/GTF_writing of entry @ref live: the v1 flags or the v2 status word. */
static uint16_t *status_entry(struct grant_table *gt, grant_ref_t ref)
{
	if (gt->version == 1)
		return &shared_entry_v1(gt, ref)->flags;
	return &gt->status[ref / STATUS_PER_FRAME][ref % STATUS_PER_FRAME];
}

static struct active_grant_entry *active_entry(struct grant_table *gt, grant_ref_t ref)
{
	return &gt->active[ref / ACTIVE_PER_FRAME][ref % ACTIVE_PER_FRAME];
}

static struct grant_mapping *maptrack_entry(struct grant_table *gt, grant_handle_t h)
{
	return &gt->maptrack[h / MAPTRACK_PER_FRAME][h % MAPTRACK_PER_FRAME];
}

static size_t maptrack_array_bytes(const struct grant_table *gt)
{
	return (gt->maptrack_frames ?: 1) * sizeof(*gt->maptrack);
}

static size_t status_array_bytes(const struct grant_table *gt)
{
	return status_frames_for(gt->max_frames) * sizeof(*gt->status);
}

/* The table's arrays and the structure (each may be NULL: a half-built table). */
static void free_arrays(struct domain *d, struct grant_table *gt)
{
	domain_xfree(d, gt->shared_raw, gt->max_frames * sizeof(*gt->shared_raw));
	domain_xfree(d, gt->active, gt->max_frames * sizeof(*gt->active));
	domain_xfree(d, gt->status, status_array_bytes(gt));
	domain_xfree(d, gt->maptrack, maptrack_array_bytes(gt));
	domain_xfree(d, gt, sizeof(*gt));
}

/* ---- domains ---- */

/*
 * The domain an op names, with a reference (domain_put() it): DOMID_SELF
 * or any id. Xen's rcu_lock_domain_by_any_id().
 */
static struct domain *get_domain_by_any_id(domid_t domid)
{
	if (domid == DOMID_SELF)
		domid = current->domain->domain_id;
	return domain_get(domid);
}

/* May the caller act on @d's table (Xen's XSM_TARGET default)? */
static bool may_control(const struct domain *d)
{
	return d == current->domain || current->domain->is_privileged;
}

/* ---- table growth and status frames ---- */

/*
 * Give @d status frames up to @nr (for a v2 table), zeroed and shared
 * as the table frames are. 0 or -ENOMEM, nothing changed on error.
 * Under gt->lock.
 */
static int populate_status_frames(struct domain *d, unsigned int nr)
{
	struct grant_table *gt = d->grant_table;
	unsigned int i;

	ASSERT(spin_is_locked(&gt->lock));
	for (i = gt->nr_status_frames; i < nr; i++) {
		gt->status[i] = domain_xzalloc(d, PAGE_SIZE);
		if (!gt->status[i])
			goto undo;
	}
	for (i = gt->nr_status_frames; i < nr; i++)
		share_xen_page_with_guest(virt_to_page(gt->status[i]), d);
	gt->nr_status_frames = nr;
	return 0;

undo:
	while (i-- > gt->nr_status_frames) {
		domain_xfree(d, gt->status[i], PAGE_SIZE);
		gt->status[i] = NULL;
	}
	return -ENOMEM;
}

/*
 * Take @d's status frames back (v2 -> v1): -EBUSY, nothing changed, if
 * anyone but the domain's own sharing holds a reference on one (the
 * guest still maps it, say: Xen's answer too); else their references
 * are dropped and the frames freed. Under gt->lock.
 */
static int unpopulate_status_frames(struct domain *d)
{
	struct grant_table *gt = d->grant_table;
	unsigned int i;

	ASSERT(spin_is_locked(&gt->lock));
	for (i = 0; i < gt->nr_status_frames; i++)
		if ((virt_to_page(gt->status[i])->count_info & PGC_count_mask) != 1)
			return -EBUSY;
	for (i = 0; i < gt->nr_status_frames; i++) {
		put_page_and_type(virt_to_page(gt->status[i]));
		domain_xfree(d, gt->status[i], PAGE_SIZE);
		gt->status[i] = NULL;
	}
	gt->nr_status_frames = 0;
	return 0;
}

/*
 * Grow @d's table to @nr frames (<= max_frames), with the status frames
 * a v2 table needs for them: new frames are zeroed, given to the guest
 * as shared_info is (owned by @d, one reference and the writable type
 * held until it is destroyed, PGC_xen_heap so no cache attributes),
 * with their active entries. 0, -ENOMEM, or -EINVAL for a dying domain
 * (its frames' own references are being or were dropped: a new one
 * would never be); nothing changed on error. Under gt->lock.
 */
static int grow_table(struct domain *d, unsigned int nr)
{
	struct grant_table *gt = d->grant_table;
	unsigned int i;

	ASSERT(spin_is_locked(&gt->lock));
	if (d->is_dying)
		return -EINVAL;
	for (i = gt->nr_frames; i < nr; i++) {
		gt->shared_raw[i] = domain_xzalloc(d, PAGE_SIZE);
		gt->active[i] = domain_xzalloc(d, ACTIVE_BYTES_PER_FRAME);
		if (!gt->shared_raw[i] || !gt->active[i])
			goto undo;
	}
	if (gt->version == 2 && populate_status_frames(d, status_frames_for(nr)))
		goto undo;
	for (i = gt->nr_frames; i < nr; i++)
		share_xen_page_with_guest(virt_to_page(gt->shared_raw[i]), d);
	gt->nr_frames = nr;
	return 0;

undo:
	for (i = gt->nr_frames; i < nr; i++) {
		domain_xfree(d, gt->shared_raw[i], PAGE_SIZE);
		domain_xfree(d, gt->active[i], ACTIVE_BYTES_PER_FRAME);
		gt->shared_raw[i] = NULL;
		gt->active[i] = NULL;
	}
	return -ENOMEM;
}

int grant_table_init(struct domain *d, unsigned int max_frames, unsigned int maptrack_frames,
		     unsigned int max_version)
{
	struct grant_table *gt;
	int rc;

	if (max_version < 1 || max_version > opt_gnttab_max_version)
		return -EINVAL;
	gt = domain_xzalloc(d, sizeof(*gt));
	if (!gt)
		return -ENOMEM;
	spin_lock_init(&gt->lock);
	gt->version = 1;
	gt->max_version = max_version;
	gt->max_frames = max_frames;
	gt->maptrack_frames = maptrack_frames;
	gt->maptrack_free = MAPTRACK_END;
	gt->shared_raw = domain_xzalloc(d, gt->max_frames * sizeof(*gt->shared_raw));
	gt->active = domain_xzalloc(d, gt->max_frames * sizeof(*gt->active));
	gt->status = domain_xzalloc(d, status_array_bytes(gt));
	gt->maptrack = domain_xzalloc(d, maptrack_array_bytes(gt));
	d->grant_table = gt;
	rc = -ENOMEM;
	if (gt->shared_raw && gt->active && gt->status && gt->maptrack) {
		spin_lock(&gt->lock);
		rc = grow_table(d, INITIAL_NR_GRANT_FRAMES);
		spin_unlock(&gt->lock);
	}
	if (rc) {
		free_arrays(d, gt);
		d->grant_table = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* ---- maptrack ---- */

/*
 * A free maptrack slot of @d's table @gt (growing it by a frame if
 * needed), or MAPTRACK_END.
 */
static grant_handle_t get_maptrack_handle(struct domain *d, struct grant_table *gt)
{
	struct grant_mapping *m;
	grant_handle_t h;
	unsigned int i, f;

	if (gt->maptrack_free == MAPTRACK_END) {
		f = gt->maptrack_limit / MAPTRACK_PER_FRAME;
		if (f >= gt->maptrack_frames || !(m = domain_xzalloc(d, PAGE_SIZE)))
			return MAPTRACK_END;
		for (i = 0; i < MAPTRACK_PER_FRAME; i++)
			m[i].ref = i + 1 < MAPTRACK_PER_FRAME ? gt->maptrack_limit + i + 1 : MAPTRACK_END;
		gt->maptrack[f] = m;
		gt->maptrack_free = gt->maptrack_limit;
		gt->maptrack_limit += MAPTRACK_PER_FRAME;
	}
	h = gt->maptrack_free;
	gt->maptrack_free = maptrack_entry(gt, h)->ref;
	gt->maptrack_used++;
	return h;
}

static void put_maptrack_handle(struct grant_table *gt, grant_handle_t h)
{
	struct grant_mapping *m = maptrack_entry(gt, h);

	m->flags = 0;
	m->ref = gt->maptrack_free;
	gt->maptrack_free = h;
	gt->maptrack_used--;
}

/* ---- status flags ---- */

/* A usable entry type: GTF_permit_access, or GTF_transitive for a copy. */
static bool type_ok(uint16_t flags, uint16_t mask, bool mapping)
{
	return (flags & mask) == GTF_permit_access ||
	       (!mapping && (flags & mask) == GTF_transitive);
}

/*
 * v1: check the entry at @hdr for use by @ldomid and set GTF_reading
 * (and GTF_writing unless @readonly) in its flags. Flags and domid are
 * compared and updated together with a cmpxchg, retried a few times
 * only: the granter may change the entry under us, but must not be able
 * to keep us looping. While the entry is already pinned its type and
 * domid are not checked again (the pin fixed them), only GTF_readonly.
 * @mapping: a map (refuses GTF_sub_page) rather than a copy.
 * GNTST_okay or GNTST_general_error.
 */
static int set_status_v1(grant_entry_header_t *hdr, const struct active_grant_entry *act,
			 bool readonly, bool mapping, domid_t ldomid)
{
	uint32_t *raw = (uint32_t *)hdr, old, new;
	uint16_t mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);
	unsigned int tries;

	old = __atomic_load_n(raw, __ATOMIC_RELAXED);
	for (tries = 0; tries < 5; tries++) {
		uint16_t flags = (uint16_t)old, domid = (uint16_t)(old >> 16);

		if (!act->pin && ((flags & mask) != GTF_permit_access || domid != ldomid))
			return GNTST_general_error;
		if (!readonly && (flags & GTF_readonly))
			return GNTST_general_error;
		new = old | GTF_reading | (readonly ? 0 : GTF_writing);
		if (__atomic_compare_exchange_n(raw, &old, new, false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return GNTST_okay;
	}
	return GNTST_general_error; /* the entry keeps changing under us */
}

/*
 * v2: the header is the granter's alone; the bits go into the status
 * word @status. They are set first and the header read again after a
 * full barrier, so that a granter revoking the entry at the same moment
 * either sees them or is seen by us (Xen's order); if the header changed
 * in between, the bits are taken back. Same checks and results as v1,
 * with GTF_transitive a valid type for a copy.
 */
static int set_status_v2(const grant_entry_header_t *hdr, uint16_t *status,
			 const struct active_grant_entry *act, bool readonly, bool mapping,
			 domid_t ldomid)
{
	const uint32_t *raw = (const uint32_t *)hdr;
	uint16_t mask = GTF_type_mask | (mapping ? GTF_sub_page : 0);
	uint32_t h = __atomic_load_n(raw, __ATOMIC_RELAXED);
	uint16_t flags = (uint16_t)h, domid = (uint16_t)(h >> 16);

	if (!act->pin && (!type_ok(flags, mask, mapping) || domid != ldomid))
		return GNTST_general_error;
	if (!readonly && (flags & GTF_readonly))
		return GNTST_general_error;
	__atomic_fetch_or(status, (uint16_t)(GTF_reading | (readonly ? 0 : GTF_writing)),
			  __ATOMIC_SEQ_CST);

	h = __atomic_load_n(raw, __ATOMIC_SEQ_CST);
	flags = (uint16_t)h;
	domid = (uint16_t)(h >> 16);
	if (!act->pin) {
		if (!type_ok(flags, mask, mapping) || domid != ldomid ||
		    (!readonly && (flags & GTF_readonly))) {
			__atomic_fetch_and(status, (uint16_t)~(GTF_reading | GTF_writing),
					   __ATOMIC_SEQ_CST);
			return GNTST_general_error;
		}
	} else if (flags & GTF_readonly) {
		/* A write pin being added to read-only ones: only GTF_writing was ours. */
		__atomic_fetch_and(status, (uint16_t)~GTF_writing, __ATOMIC_SEQ_CST);
		return GNTST_general_error;
	}
	return GNTST_okay;
}

/* set_status_v1/v2 for grant @ref of @gt, in the version in force. Under gt->lock. */
static int set_status(struct grant_table *gt, grant_ref_t ref,
		      const struct active_grant_entry *act, bool readonly, bool mapping,
		      domid_t ldomid)
{
	if (gt->version == 1)
		return set_status_v1(entry_header(gt, ref), act, readonly, mapping, ldomid);
	return set_status_v2(entry_header(gt, ref), status_entry(gt, ref), act, readonly, mapping,
			     ldomid);
}

/*
 * After a pin was dropped (or never taken): clear GTF_reading when no pin
 * is left and GTF_writing when no writable one is (only for a writable
 * use, which is what could have set it). @status is the v1 flags or the
 * v2 status word.
 */
static void reduce_status_for_pin(uint16_t *status, const struct active_grant_entry *act,
				  bool readonly)
{
	uint16_t clear = act->pin ? 0 : GTF_reading;

	if (!readonly && !(act->pin & GNTPIN_writable_mask))
		clear |= GTF_writing;
	if (clear)
		__atomic_fetch_and(status, (uint16_t)~clear, __ATOMIC_SEQ_CST);
}

/* ---- pins ---- */

/*
 * First pin of grant @ref of @rd, its type and domid checked and its
 * status set: take the frame the entry names (for a PV granter an MFN
 * it must own: a general reference in @rd's name, returned in *@pg) and
 * record it, with the part of it granted (for a copy, a v2 sub-page
 * entry's window; a mapping is always of the full page, as on Xen, even
 * if the granter set GTF_sub_page since set_status() checked), in the
 * active entry. GNTST_okay or GNTST_bad_page. Under rd's table lock.
 */
static int first_pin(struct domain *rd, grant_ref_t ref, struct active_grant_entry *act,
		     domid_t ldomid, bool mapping, struct page_info **pg)
{
	struct grant_table *rgt = rd->grant_table;
	uint16_t start = 0, length = PAGE_SIZE;
	bool sub_page = false;
	uint64_t frame;

	if (rgt->version == 1) {
		frame = shared_entry_v1(rgt, ref)->frame;
	} else {
		grant_entry_v2_t *e = shared_entry_v2(rgt, ref);

		sub_page = !mapping && (e->hdr.flags & GTF_sub_page);
		if (sub_page) {
			frame = e->sub_page.frame;
			start = e->sub_page.page_off;
			length = e->sub_page.length;
		} else {
			frame = e->full_page.frame;
		}
	}
	if (!mfn_valid(frame) || get_page(mfn_to_page(frame), rd))
		return GNTST_bad_page;
	*pg = mfn_to_page(frame);
	act->domid = ldomid;
	act->mfn = frame;
	act->start = start;
	act->length = length;
	act->is_sub_page = sub_page;
	act->trans_domain = NULL;
	act->trans_ref = ref;
	return GNTST_okay;
}

/*
 * Take mapping pin @incr on grant @ref of @rd for @ldomid: the checks Xen
 * makes, the GTF flags, and on the first pin the frame (a general
 * reference in @rd's name, returned in *@pg, for the caller to keep or
 * drop). On a later pin *@pg is NULL. *@mfn is the frame in use.
 * GNTST_okay, GNTST_bad_gntref, GNTST_general_error or GNTST_bad_page;
 * on error nothing changed.
 */
static int pin_grant(struct domain *rd, grant_ref_t ref, domid_t ldomid, uint32_t incr,
		     bool readonly, mfn_t *mfn, struct page_info **pg)
{
	struct grant_table *rgt = rd->grant_table;
	struct active_grant_entry *act;
	int rc = GNTST_okay;

	*pg = NULL;
	spin_lock(&rgt->lock);
	if (ref >= nr_entries(rgt)) {
		rc = GNTST_bad_gntref;
		goto out;
	}
	act = active_entry(rgt, ref);
	/* A sub-page or transitive pin (a copy's) cannot be shared by a mapping. */
	if (act->pin && (act->domid != ldomid || (act->pin & GNTPIN_oflow_mask(incr)) ||
			 act->is_sub_page)) {
		rc = GNTST_general_error;
		goto out;
	}
	if (!act->pin || (!readonly && !(act->pin & GNTPIN_writable_mask))) {
		rc = set_status(rgt, ref, act, readonly, true, ldomid);
		if (rc)
			goto out;
		if (!act->pin) {
			rc = first_pin(rd, ref, act, ldomid, true, pg);
			if (rc) {
				reduce_status_for_pin(status_entry(rgt, ref), act, readonly);
				goto out;
			}
		}
	}
	act->pin += incr;
	*mfn = act->mfn;
out:
	spin_unlock(&rgt->lock);
	return rc;
}

/* Drop mapping pin @incr of grant @ref of @rd again, clearing the GTF flags it no longer needs. */
static void unpin_grant(struct domain *rd, grant_ref_t ref, uint32_t incr, bool readonly)
{
	struct grant_table *rgt = rd->grant_table;
	struct active_grant_entry *act = active_entry(rgt, ref);

	ASSERT(spin_is_locked(&rgt->lock));
	BUG_ON((act->pin & (0xffU * incr)) == 0);
	act->pin -= incr;
	reduce_status_for_pin(status_entry(rgt, ref), act, readonly);
}

/* What a copy gets from a grant: the frame (one general reference held) and the part granted. */
struct copy_grant {
	mfn_t mfn;
	struct page_info *pg;
	uint16_t start, length;
};

static int acquire_for_copy(struct domain *rd, grant_ref_t ref, domid_t ldomid, bool readonly,
			    bool allow_transitive, struct copy_grant *g);
static void release_for_copy(struct domain *rd, grant_ref_t ref, bool readonly);

/*
 * The transitive half of acquire_for_copy(): entered with rd's table
 * locked, @ref in range and its active entry @act checked; returns with
 * it unlocked. The grant it names (trans_domid's trans_ref, which must
 * be granted to @rd) is acquired first, with rd's lock dropped (never
 * two table locks at once), and stays pinned, with a reference on its
 * domain, for as long as this pin does. A later pin must find the entry
 * still naming the same grant, else GNTST_general_error (Xen restarts
 * the op; under mm_lock nothing but the granter's rewrite of a pinned
 * entry can change it, which a restart would not undo).
 */
static int acquire_transitive(struct domain *rd, grant_ref_t ref, domid_t ldomid, bool readonly,
			      bool allow_transitive, struct copy_grant *g)
{
	struct grant_table *rgt = rd->grant_table;
	struct active_grant_entry *act = active_entry(rgt, ref);
	uint32_t incr = readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc, old_pin = act->pin;
	const grant_entry_v2_t *e = shared_entry_v2(rgt, ref);
	struct copy_grant inner;
	struct domain *td;
	domid_t trans_domid;
	grant_ref_t trans_ref;
	int rc;

	if (!old_pin || (!readonly && !(old_pin & GNTPIN_writable_mask))) {
		rc = set_status(rgt, ref, act, readonly, false, ldomid);
		if (rc)
			goto out_unlock;
	}
	rc = GNTST_general_error;
	if (!allow_transitive)
		goto out_clear;
	trans_domid = __atomic_load_n(&e->transitive.trans_domid, __ATOMIC_RELAXED);
	trans_ref = __atomic_load_n(&e->transitive.gref, __ATOMIC_RELAXED);
	if (trans_domid == rd->domain_id)
		goto out_clear; /* self-referential */

	/* No table lock held while looking up or putting a domain (locking.md). */
	spin_unlock(&rgt->lock);
	td = domain_get(trans_domid);
	rc = td ? acquire_for_copy(td, trans_ref, rd->domain_id, readonly, false, &inner)
		: GNTST_general_error;
	if (rc && td)
		domain_put(td);
	spin_lock(&rgt->lock);
	act = active_entry(rgt, ref);
	if (rc)
		goto out_clear;
	if (rgt->version != 2 || act->pin != old_pin ||
	    (old_pin && (act->domid != ldomid || act->mfn != inner.mfn ||
			 act->start != inner.start || act->length != inner.length ||
			 act->trans_domain != td || act->trans_ref != trans_ref ||
			 !act->is_sub_page))) {
		spin_unlock(&rgt->lock);
		release_for_copy(td, trans_ref, readonly);
		domain_put(td);
		put_page(inner.pg);
		spin_lock(&rgt->lock);
		rc = GNTST_general_error;
		goto out_clear;
	}
	if (!old_pin) {
		act->domid = ldomid;
		act->mfn = inner.mfn;
		act->start = inner.start;
		act->length = inner.length;
		act->trans_domain = td;
		act->trans_ref = trans_ref;
		act->is_sub_page = true; /* whatever the grant behind it: never mapped */
	}
	act->pin += incr;
	*g = inner;
	spin_unlock(&rgt->lock);
	return GNTST_okay;

out_clear:
	reduce_status_for_pin(status_entry(rgt, ref), act, readonly);
out_unlock:
	spin_unlock(&rgt->lock);
	return rc;
}

/*
 * Pin grant @ref of @rd for a copy by @ldomid (GNTPIN_hstr_inc for a
 * source, GNTPIN_hstw_inc for a destination) and return its frame with
 * a general reference of the caller's own, and the part of it granted
 * (Xen's acquire_grant_for_copy). A v2 transitive grant is followed one
 * level if @allow_transitive. A GNTST_* code; on error nothing is held.
 */
static int acquire_for_copy(struct domain *rd, grant_ref_t ref, domid_t ldomid, bool readonly,
			    bool allow_transitive, struct copy_grant *g)
{
	struct grant_table *rgt = rd->grant_table;
	uint32_t incr = readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
	struct active_grant_entry *act;
	struct page_info *pg = NULL;
	int rc = GNTST_okay;

	spin_lock(&rgt->lock);
	if (ref >= nr_entries(rgt)) {
		rc = GNTST_bad_gntref;
		goto out_unlock;
	}
	act = active_entry(rgt, ref);
	if (act->pin && (act->domid != ldomid || (act->pin & GNTPIN_oflow_mask(incr)))) {
		rc = GNTST_general_error;
		goto out_unlock;
	}
	if (rgt->version == 2 && (entry_header(rgt, ref)->flags & GTF_type_mask) == GTF_transitive)
		return acquire_transitive(rd, ref, ldomid, readonly,
					  allow_transitive && opt_transitive_grants, g);

	if (!act->pin || (!readonly && !(act->pin & GNTPIN_writable_mask))) {
		rc = set_status(rgt, ref, act, readonly, false, ldomid);
		if (rc)
			goto out_unlock;
		if (!act->pin)
			rc = first_pin(rd, ref, act, ldomid, false, &pg);
	}
	/* Pinned already: the frame must still be the granter's. */
	if (!rc && !pg) {
		if (get_page(mfn_to_page(act->mfn), rd))
			rc = GNTST_bad_domain;
		else
			pg = mfn_to_page(act->mfn);
	}
	if (rc) {
		reduce_status_for_pin(status_entry(rgt, ref), act, readonly);
		goto out_unlock;
	}
	act->pin += incr;
	*g = (struct copy_grant){.mfn = act->mfn, .pg = pg, .start = act->start,
				 .length = act->length};
out_unlock:
	spin_unlock(&rgt->lock);
	return rc;
}

/* Undo acquire_for_copy() but for the caller's page reference (Xen's release_grant_for_copy). */
static void release_for_copy(struct domain *rd, grant_ref_t ref, bool readonly)
{
	struct grant_table *rgt = rd->grant_table;
	struct active_grant_entry *act;
	struct domain *td;
	grant_ref_t trans_ref;

	spin_lock(&rgt->lock);
	act = active_entry(rgt, ref);
	td = act->trans_domain;
	trans_ref = act->trans_ref;
	unpin_grant(rd, ref, readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc, readonly);
	spin_unlock(&rgt->lock);
	if (td) {
		/* One level only: the grant behind a transitive one is never transitive. */
		release_for_copy(td, trans_ref, readonly);
		domain_put(td);
	}
}

/* ---- map and unmap ---- */

static void map_grant_ref(struct gnttab_map_grant_ref *op)
{
	struct domain *ld = current->domain, *rd;
	struct grant_table *lgt = ld->grant_table;
	bool ro = op->flags & GNTMAP_readonly, host_map_created = false;
	unsigned int refcnt = 0, typecnt = 0;
	uint32_t incr = 0;
	struct page_info *pg;
	struct grant_mapping *mt;
	grant_handle_t handle;
	mfn_t mfn;
	int rc;

	if (op->flags & GNTMAP_device_map)
		incr += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
	if (op->flags & GNTMAP_host_map)
		incr += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
	if (!incr) {
		op->status = GNTST_bad_gntref; /* Xen's answer to neither host nor device */
		return;
	}
	rd = domain_get(op->dom); /* by number only: DOMID_SELF is not a granter */
	if (!rd) {
		op->status = GNTST_bad_domain;
		return;
	}
	spin_lock(&lgt->lock);
	handle = get_maptrack_handle(ld, lgt);
	spin_unlock(&lgt->lock);
	if (handle == MAPTRACK_END) {
		domain_put(rd);
		op->status = GNTST_no_space;
		return;
	}

	rc = pin_grant(rd, op->ref, ld->domain_id, incr, ro, &mfn, &pg);
	if (rc)
		goto out_put_handle;
	if (pg)
		refcnt++; /* the first pin's reference: this mapping's */
	else if (get_page(pg = mfn_to_page(mfn), rd))
		goto could_not_pin; /* no longer the granter's frame */
	else
		refcnt++;

	if ((op->flags & GNTMAP_device_map) && !ro) {
		if (get_page_type(pg, PGT_writable_page))
			goto could_not_pin;
		typecnt++;
	}
	if (op->flags & GNTMAP_host_map) {
		/* The device mapping took the first reference: the PTE needs its own. */
		if (op->flags & GNTMAP_device_map) {
			if (get_page(pg, rd))
				goto could_not_pin;
			refcnt++;
		}
		if (!ro) {
			if (get_page_type(pg, PGT_writable_page))
				goto could_not_pin;
			typecnt++;
		}
		rc = arch_gnttab_create_host_mapping(op->host_addr, mfn, op->flags);
		if (rc)
			goto undo;
		host_map_created = true;
	}

	spin_lock(&lgt->lock);
	mt = maptrack_entry(lgt, handle);
	mt->domid = op->dom;
	mt->ref = op->ref;
	mt->flags = (uint16_t)op->flags; /* the GNTMAP_* bits (not the avail bits) */
	spin_unlock(&lgt->lock);
	op->dev_bus_addr = mfn << PAGE_SHIFT;
	op->handle = handle;
	op->status = GNTST_okay;
	domain_put(rd);
	return;

could_not_pin:
	rc = GNTST_general_error;
undo:
	if (host_map_created)
		arch_gnttab_replace_host_mapping(op->host_addr, mfn, 0, op->flags);
	while (typecnt--)
		put_page_type(pg);
	while (refcnt--)
		put_page(pg);
	spin_lock(&rd->grant_table->lock);
	unpin_grant(rd, op->ref, incr, ro);
	spin_unlock(&rd->grant_table->lock);
out_put_handle:
	spin_lock(&lgt->lock);
	put_maptrack_handle(lgt, handle);
	spin_unlock(&lgt->lock);
	op->status = (int16_t)rc;
	domain_put(rd);
}

/*
 * One unmap of a batch, between its two halves: what unmap_begin() took
 * away from the mapping, for unmap_finish() to release once the batch's
 * TLB flush is done.
 */
struct unmap_done {
	struct domain *rd;  /* the granter, held (domain_get()) while done is non-zero */
	grant_ref_t ref;
	mfn_t mfn;
	unsigned int done;  /* GNTMAP_host_map and/or GNTMAP_device_map */
	bool readonly;
};

/*
 * The first half of undoing mapping @handle of the current domain: its
 * host mapping if @host_addr is non-zero (the PTE there must still map the
 * grant's frame; with @new_addr it gets that address's entry instead), its
 * device mapping if @dev_bus_addr is non-zero (it must be the frame's
 * address). The mapping loses those bits at once (its slot is freed once
 * neither is left), but the references and pins they held stay in @u
 * until unmap_finish(), after the caller's TLB flush: no stale
 * translation of a zapped PTE may outlive them, on any pCPU. Returns the
 * GNTST_* status; @u->done is 0 if there is nothing to finish.
 */
static int unmap_begin(uint64_t host_addr, uint64_t dev_bus_addr, uint64_t new_addr,
		       grant_handle_t handle, struct unmap_done *u)
{
	struct domain *ld = current->domain, *rd;
	struct grant_table *lgt = ld->grant_table;
	struct grant_mapping *map;
	struct active_grant_entry *act;
	unsigned int flags, done = 0;
	grant_ref_t ref;
	int rc = GNTST_okay;

	u->done = 0;
	if (handle >= lgt->maptrack_limit)
		return GNTST_bad_handle;
	map = maptrack_entry(lgt, handle);
	flags = map->flags;
	if (!flags)
		return GNTST_bad_handle;
	rd = domain_get(map->domid);
	if (!rd) {
		/* Only an implicitly unmapped grant could get here (Xen crashes the domain too). */
		domain_crash(ld, "grant handle %#x names domain %u, which is gone", handle,
			     map->domid);
		return GNTST_bad_domain;
	}
	ref = map->ref;
	spin_lock(&rd->grant_table->lock);
	if (ref >= nr_entries(rd->grant_table)) {
		rc = GNTST_bad_handle;
		goto out;
	}
	act = active_entry(rd->grant_table, ref);
	if (dev_bus_addr && (flags & GNTMAP_device_map) &&
	    dev_bus_addr != act->mfn << PAGE_SHIFT) {
		rc = GNTST_bad_dev_addr;
		goto out;
	}
	if (host_addr && (flags & GNTMAP_host_map)) {
		rc = arch_gnttab_replace_host_mapping(host_addr, act->mfn, new_addr, flags);
		if (rc)
			goto out;
		done |= GNTMAP_host_map;
	}
	if (dev_bus_addr && (flags & GNTMAP_device_map))
		done |= GNTMAP_device_map;
	map->flags &= (uint16_t)~done;
	u->mfn = act->mfn;
out:
	spin_unlock(&rd->grant_table->lock);
	/* Not under rd's lock: rd may be ourselves (a grant to oneself). */
	if (!rc && done && !(map->flags & (GNTMAP_host_map | GNTMAP_device_map))) {
		spin_lock(&lgt->lock);
		put_maptrack_handle(lgt, handle);
		spin_unlock(&lgt->lock);
	}
	if (!rc && done) {
		u->rd = rd; /* unmap_finish() puts it */
		u->ref = ref;
		u->done = done;
		u->readonly = flags & GNTMAP_readonly;
		perfc_gnttab(PERFC_GNTTAB_UNMAP, 1);
	} else {
		domain_put(rd);
	}
	return rc;
}

/* The second half, after the flush: the references and pins @u's mapping held. */
static void unmap_finish(struct unmap_done *u)
{
	struct page_info *pg;

	if (!u->done)
		return;
	pg = mfn_to_page(u->mfn);
	spin_lock(&u->rd->grant_table->lock);
	if (u->done & GNTMAP_device_map) {
		if (u->readonly)
			put_page(pg);
		else
			put_page_and_type(pg);
		unpin_grant(u->rd, u->ref, u->readonly ? GNTPIN_devr_inc : GNTPIN_devw_inc,
			    u->readonly);
	}
	if (u->done & GNTMAP_host_map) {
		if (u->readonly)
			put_page(pg);
		else
			put_page_and_type(pg);
		unpin_grant(u->rd, u->ref, u->readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc,
			    u->readonly);
	}
	spin_unlock(&u->rd->grant_table->lock);
	domain_put(u->rd);
	u->done = 0;
}

/* How many unmaps share one TLB flush (Xen's GNTTAB_UNMAP_BATCH_SIZE). */
#define UNMAP_BATCH 32

/*
 * Flush the current domain's TLBs if a host mapping of @u[0..@n) went,
 * then finish them all: once per batch, not once per entry.
 */
static void unmap_flush_finish(struct unmap_done *u, unsigned int n)
{
	unsigned int i;
	bool zapped = false;

	for (i = 0; i < n; i++)
		zapped |= u[i].done & GNTMAP_host_map;
	if (zapped) {
		flush_tlb_mask(domain_dirty_cpus(current->domain) | cpumask_of(smp_processor_id()));
		perfc_gnttab(PERFC_GNTTAB_UNMAP_FLUSH, 1);
	}
	for (i = 0; i < n; i++)
		unmap_finish(&u[i]);
}

/*
 * A batch of @count GNTTABOP_unmap_grant_ref or unmap_and_replace ops
 * @cmd at @uop, as Xen does them: in chunks of UNMAP_BATCH, each op's
 * PTE zapped and its status written, then one TLB flush for the chunk,
 * then the references dropped. Returns 0, -EFAULT (the chunk's unmaps
 * done so far are still finished), or the number done when it stopped to
 * be preempted (> 0, between chunks).
 */
static long unmap_batch(GUEST_PTR(void) uop, unsigned int count, unsigned int cmd)
{
	struct unmap_done u[UNMAP_BATCH];
	unsigned int i, n = 0;
	long rc = 0;

	for (i = 0; i < count; i++) {
		uint64_t host_addr, dev_bus_addr = 0, new_addr = 0, at;
		grant_handle_t handle;
		int16_t status;

		if (n == UNMAP_BATCH) {
			unmap_flush_finish(u, n);
			n = 0;
			if (hypercall_preempt_check())
				return i;
		}
		if (cmd == GNTTABOP_unmap_grant_ref) {
			struct gnttab_unmap_grant_ref op;

			at = uop.p + i * sizeof(op) + OP_STATUS(struct gnttab_unmap_grant_ref);
			if (copy_from_guest_offset(&op, uop, i, 1)) {
				rc = -EFAULT;
				break;
			}
			host_addr = op.host_addr;
			dev_bus_addr = op.dev_bus_addr;
			handle = op.handle;
		} else {
			struct gnttab_unmap_and_replace op;

			at = uop.p + i * sizeof(op) + OP_STATUS(struct gnttab_unmap_and_replace);
			if (copy_from_guest_offset(&op, uop, i, 1)) {
				rc = -EFAULT;
				break;
			}
			host_addr = op.host_addr;
			new_addr = op.new_addr;
			handle = op.handle;
		}
		status = (int16_t)unmap_begin(host_addr, dev_bus_addr, new_addr, handle, &u[n++]);
		if (raw_copy_to_guest(at, &status, sizeof(status))) {
			rc = -EFAULT;
			break;
		}
	}
	unmap_flush_finish(u, n);
	return rc;
}

/* ---- copy ---- */

/* One side of a copy: the frame, mapped through the direct map, and what holds it. */
struct copy_buf {
	struct domain *d;
	struct page_info *pg;
	bool have_grant, have_type, readonly;
	grant_ref_t ref;
	uint16_t start, len;  /* the part of the frame the grant covers (a v2 sub-page: less) */
};

static void copy_release(struct copy_buf *b)
{
	if (b->have_grant)
		release_for_copy(b->d, b->ref, b->readonly);
	if (b->have_type)
		put_page_type(b->pg);
	if (b->pg)
		put_page(b->pg);
	if (b->d)
		domain_put(b->d);
	memset(b, 0, sizeof(*b));
}

/*
 * Look up one side of a copy: @p names a grant ref of p->domid (@gref) or
 * a frame of the caller's own (DOMID_SELF only, as on Xen).
 */
static int copy_lock_domain(const struct gnttab_copy_ptr *p, bool gref, struct copy_buf *b)
{
	if (!gref && p->domid != DOMID_SELF)
		return GNTST_permission_denied;
	b->d = get_domain_by_any_id(p->domid);
	return b->d ? GNTST_okay : GNTST_bad_domain;
}

/*
 * Claim one side of a copy. The source is pinned read-only, the
 * destination writable, as host mappings are; the frame gets a general
 * reference (and the writable type for the destination) for the length
 * of the copy. A GNTST_* code; copy_release() undoes whatever was done.
 */
static int copy_claim(const struct gnttab_copy_ptr *p, bool gref, bool readonly,
		      struct copy_buf *b)
{
	struct copy_grant g;
	int rc;

	b->readonly = readonly;
	if (gref) {
		rc = acquire_for_copy(b->d, p->u.ref, current->domain->domain_id, readonly, true,
				      &g);
		if (rc)
			return rc;
		b->have_grant = true;
		b->ref = p->u.ref;
		b->pg = g.pg;
		b->start = g.start;
		b->len = g.length;
	} else {
		if (!mfn_valid(p->u.gmfn) || get_page(mfn_to_page(p->u.gmfn), b->d))
			return GNTST_bad_page;
		b->pg = mfn_to_page(p->u.gmfn);
		b->start = 0;
		b->len = PAGE_SIZE;
	}
	if (!readonly) {
		if (get_page_type(b->pg, PGT_writable_page))
			return GNTST_general_error; /* a page table, say */
		b->have_type = true;
	}
	return GNTST_okay;
}

/*
 * One GNTTABOP_copy element, in Xen's order: both domains, then the
 * source, then the destination, then the bounds (the page's, then the
 * grants' windows).
 */
static int copy_one(const struct gnttab_copy *op)
{
	struct copy_buf src = { 0 }, dst = { 0 };
	bool sref = op->flags & GNTCOPY_source_gref, dref = op->flags & GNTCOPY_dest_gref;
	int rc;

	rc = copy_lock_domain(&op->source, sref, &src);
	if (!rc)
		rc = copy_lock_domain(&op->dest, dref, &dst);
	if (!rc)
		rc = copy_claim(&op->source, sref, true, &src);
	if (!rc)
		rc = copy_claim(&op->dest, dref, false, &dst);
	if (rc)
		goto out;
	if (op->source.offset + op->len > PAGE_SIZE || op->dest.offset + op->len > PAGE_SIZE)
		rc = GNTST_bad_copy_arg;
	else if (op->source.offset < src.start ||
		 op->source.offset + op->len > src.start + src.len ||
		 op->dest.offset < dst.start || op->dest.offset + op->len > dst.start + dst.len)
		rc = GNTST_general_error;
	else
		memmove((char *)page_to_virt(dst.pg) + op->dest.offset,
			(const char *)page_to_virt(src.pg) + op->source.offset, op->len);
out:
	copy_release(&dst);
	copy_release(&src);
	return rc;
}

/* ---- the table itself ---- */

/*
 * The MFNs of gt's first n shared frames (or status frames) into the
 * guest's list of 64-bit frame numbers at dst, which the caller checked:
 * GNTST_okay, or GNTST_bad_virt_addr if a write faulted (the rest are
 * still written, as Xen). Caller holds gt->lock and has checked n.
 */
static int16_t frame_list_to_guest(const struct grant_table *gt, bool status, uint64_t dst,
				   unsigned int n)
{
	int16_t rc = GNTST_okay;

	ASSERT(spin_is_locked(&gt->lock));
	for (unsigned int i = 0; i < n; i++) {
		uint64_t mfn = virt_to_mfn(status ? (void *)gt->status[i] : gt->shared_raw[i]);

		if (raw_copy_to_guest(dst + i * sizeof(mfn), &mfn, sizeof(mfn)))
			rc = GNTST_bad_virt_addr;
	}
	return rc;
}

static long setup_table(GUEST_PTR(void) uop, unsigned int count)
{
	struct gnttab_setup_table op;
	struct grant_table *gt;
	struct domain *d;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, 1))
		return -EFAULT;
	if (!guest_range_ok(op.frame_list.p, (uint64_t)op.nr_frames * sizeof(xen_pfn_t)))
		return -EFAULT;
	d = get_domain_by_any_id(op.dom);
	if (!d) {
		op.status = GNTST_bad_domain;
		goto out;
	}
	if (!may_control(d)) {
		op.status = GNTST_permission_denied;
		goto out_put;
	}
	gt = d->grant_table;
	spin_lock(&gt->lock);
	if (op.nr_frames > gt->max_frames ||
	    (op.nr_frames > gt->nr_frames && grow_table(d, op.nr_frames))) {
		op.status = GNTST_general_error;
		goto out_unlock;
	}
	op.status = frame_list_to_guest(gt, false, op.frame_list.p, op.nr_frames);
out_unlock:
	spin_unlock(&gt->lock);
out_put:
	domain_put(d);
out:
	if (raw_copy_to_guest(uop.p + __builtin_offsetof(struct gnttab_setup_table, status),
			      &op.status, sizeof(op.status)))
		return -EFAULT;
	return 0;
}

unsigned int gnttab_resource_max_frames(const struct domain *d, unsigned int id)
{
	const struct grant_table *gt = d->grant_table;

	/* Fixed at creation: no lock. */
	switch (id) {
	case XENMEM_resource_grant_table_id_shared:
		return gt->max_frames;
	case XENMEM_resource_grant_table_id_status:
		return status_frames_for(gt->max_frames);
	}
	return 0;
}

/*
 * Make frame @idx of the table (or, @status, of the status array)
 * exist, growing the table as Xen does to cover it within its limit:
 * 0 or -EINVAL. Under gt->lock.
 */
static int cover_frame(struct domain *d, bool status, unsigned int idx)
{
	struct grant_table *gt = d->grant_table;
	uint64_t nr = (uint64_t)idx + 1;

	if (status) {
		if (idx < gt->nr_status_frames)
			return 0;
		/* The table frames whose v2 entries need that many status frames. */
		nr = DIV_ROUND_UP(nr * STATUS_PER_FRAME, SHGNT_PER_FRAME_V2);
	} else if (idx < gt->nr_frames) {
		return 0;
	}
	if (nr <= gt->max_frames)
		grow_table(d, (unsigned int)nr);
	return idx < (status ? gt->nr_status_frames : gt->nr_frames) ? 0 : -EINVAL;
}

int gnttab_acquire_resource(struct domain *d, unsigned int id, unsigned int frame,
			    unsigned int nr, uint64_t *mfns)
{
	struct grant_table *gt = d->grant_table;
	bool status = id == XENMEM_resource_grant_table_id_status;
	unsigned int i;
	int rc = -EINVAL;

	if (!nr || (id != XENMEM_resource_grant_table_id_shared && !status))
		return -EINVAL;
	spin_lock(&gt->lock);
	/* Status frames exist under v2 only (Xen's -EINVAL otherwise). */
	if (status && gt->version != 2)
		goto out;
	rc = cover_frame(d, status, frame + nr - 1);
	if (rc)
		goto out;
	for (i = 0; i < nr; i++)
		mfns[i] = virt_to_mfn(status ? (void *)gt->status[frame + i] :
					       gt->shared_raw[frame + i]);
	rc = (int)nr;
out:
	spin_unlock(&gt->lock);
	return rc;
}

static long query_size(GUEST_PTR(void) uop, unsigned int count)
{
	struct gnttab_query_size op;
	struct domain *d;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, 1))
		return -EFAULT;
	d = get_domain_by_any_id(op.dom);
	if (!d) {
		op.status = GNTST_bad_domain;
	} else {
		if (!may_control(d)) {
			op.status = GNTST_permission_denied;
		} else {
			op.nr_frames = d->grant_table->nr_frames;
			op.max_nr_frames = d->grant_table->max_frames;
			op.status = GNTST_okay;
		}
		domain_put(d);
	}
	return copy_to_guest(uop, &op, 1) ? -EFAULT : 0;
}

/* ---- versions ---- */

/*
 * The reserved entries of @gt in v1 form, for a version switch (Xen's
 * rules): a v1 table's as they are; a v2 table's full-page grants with
 * their status bits folded into the flags, anything else zeroed.
 */
static void save_reserved(struct grant_table *gt, grant_entry_v1_t *saved)
{
	unsigned int i;

	for (i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
		if (gt->version == 1) {
			saved[i] = *shared_entry_v1(gt, i);
			continue;
		}
		const grant_entry_v2_t *e = shared_entry_v2(gt, i);

		memset(&saved[i], 0, sizeof(saved[i]));
		if ((e->hdr.flags & GTF_type_mask) == GTF_permit_access) {
			saved[i].flags = e->hdr.flags | *status_entry(gt, i);
			saved[i].domid = e->hdr.domid;
			saved[i].frame = (uint32_t)e->full_page.frame; /* checked: < 2^32 */
		}
	}
}

/* Write the saved reserved entries back in the layout of version @version. */
static void restore_reserved(struct grant_table *gt, unsigned int version,
			     const grant_entry_v1_t *saved)
{
	const uint16_t status_bits = GTF_reading | GTF_writing;
	unsigned int i;

	for (i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
		if (version == 1) {
			((grant_entry_v1_t *)gt->shared_raw[0])[i] = saved[i];
			continue;
		}
		grant_entry_v2_t *e = &((grant_entry_v2_t *)gt->shared_raw[0])[i];

		gt->status[0][i] = saved[i].flags & status_bits;
		e->hdr.flags = saved[i].flags & ~status_bits;
		e->hdr.domid = saved[i].domid;
		e->full_page.frame = saved[i].frame;
	}
}

/*
 * GNTTABOP_set_version for the caller's own table, with Xen's checks in
 * Xen's order: -EINVAL (not 1 or 2), -ENOSYS (2 above the domain's
 * maximum: as before set_version existed), 0 at once for the version in
 * force, -EBUSY while any entry past the reserved ones is pinned,
 * -ERANGE (to v1) while a reserved v2 entry is transitive or grants a
 * frame v1 cannot name, -ENOMEM, -EBUSY (to v1) while anyone still
 * references a status frame (the guest maps it, say). The version in
 * force is reported whatever the result. Nothing changes on error.
 */
static long set_version(GUEST_PTR(void) uop)
{
	struct domain *d = current->domain;
	struct grant_table *gt = d->grant_table;
	grant_entry_v1_t saved[GNTTAB_NR_RESERVED_ENTRIES];
	struct gnttab_set_version op;
	unsigned int i;
	long rc;

	if (copy_from_guest(&op, uop, 1))
		return -EFAULT;
	rc = -EINVAL;
	if (op.version != 1 && op.version != 2)
		goto out;
	rc = -ENOSYS;
	if (op.version > gt->max_version)
		goto out;
	rc = 0;
	if (op.version == gt->version)
		goto out;

	spin_lock(&gt->lock);
	rc = -EBUSY;
	for (i = GNTTAB_NR_RESERVED_ENTRIES; i < nr_entries(gt); i++)
		if (active_entry(gt, i)->pin)
			goto out_unlock;
	if (gt->version == 2) {
		rc = -ERANGE;
		for (i = 0; i < GNTTAB_NR_RESERVED_ENTRIES; i++) {
			const grant_entry_v2_t *e = shared_entry_v2(gt, i);
			uint16_t type = e->hdr.flags & GTF_type_mask;

			if (type == GTF_transitive ||
			    (type == GTF_permit_access && (e->full_page.frame >> 32)))
				goto out_unlock;
		}
	} else {
		rc = populate_status_frames(d, status_frames_for(gt->nr_frames));
		if (rc)
			goto out_unlock;
	}
	save_reserved(gt, saved);
	if (op.version == 1) {
		rc = unpopulate_status_frames(d);
		if (rc)
			goto out_unlock;
	}
	/* No crumbs of the old layout: only the reserved entries survive. */
	for (i = 0; i < gt->nr_frames; i++)
		memset(gt->shared_raw[i], 0, PAGE_SIZE);
	restore_reserved(gt, op.version, saved);
	gt->version = op.version;
	rc = 0;
out_unlock:
	spin_unlock(&gt->lock);
out:
	op.version = gt->version;
	if (copy_to_guest(uop, &op, 1))
		rc = -EFAULT;
	return rc;
}

static long get_version(GUEST_PTR(void) uop)
{
	struct gnttab_get_version op;
	struct domain *d;
	bool ok;

	if (copy_from_guest(&op, uop, 1))
		return -EFAULT;
	d = get_domain_by_any_id(op.dom);
	if (!d)
		return -ESRCH;
	ok = may_control(d);
	op.version = d->grant_table->version;
	domain_put(d);
	if (!ok)
		return -EPERM;
	if (raw_copy_to_guest(uop.p + __builtin_offsetof(struct gnttab_get_version, version),
			      &op.version, sizeof(op.version)))
		return -EFAULT;
	return 0;
}

/*
 * The MFNs of dom's first nr_frames status frames: GNTST_general_error
 * for more than it has (under v1: any), GNTST_bad_virt_addr if the list
 * cannot be written.
 */
static long get_status_frames(GUEST_PTR(void) uop, unsigned int count)
{
	struct gnttab_get_status_frames op;
	struct grant_table *gt;
	struct domain *d;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&op, uop, 1))
		return -EFAULT;
	if (!guest_range_ok(op.frame_list.p, (uint64_t)op.nr_frames * sizeof(uint64_t)))
		return -EFAULT;
	d = get_domain_by_any_id(op.dom);
	if (!d) {
		op.status = GNTST_bad_domain;
		goto out;
	}
	if (!may_control(d)) {
		op.status = GNTST_permission_denied;
		goto out_put;
	}
	gt = d->grant_table;
	op.status = GNTST_okay;
	spin_lock(&gt->lock);
	if (op.nr_frames > gt->nr_status_frames) {
		op.status = GNTST_general_error;
		goto out_unlock;
	}
	op.status = frame_list_to_guest(gt, true, op.frame_list.p, op.nr_frames);
out_unlock:
	spin_unlock(&gt->lock);
out_put:
	domain_put(d);
out:
	if (raw_copy_to_guest(uop.p + __builtin_offsetof(struct gnttab_get_status_frames, status),
			      &op.status, sizeof(op.status)))
		return -EFAULT;
	return 0;
}

/* Swap two entries of the caller's table (and their v2 status words), neither in use. */
static int16_t swap_grant_ref(grant_ref_t a, grant_ref_t b)
{
	struct grant_table *gt = current->domain->grant_table;
	int16_t rc = GNTST_okay;

	spin_lock(&gt->lock);
	if (a >= nr_entries(gt) || b >= nr_entries(gt))
		rc = GNTST_bad_gntref;
	else if (a != b && (active_entry(gt, a)->pin || active_entry(gt, b)->pin))
		rc = GNTST_eagain;
	else if (a != b && gt->version == 1) {
		grant_entry_v1_t tmp = *shared_entry_v1(gt, a);

		*shared_entry_v1(gt, a) = *shared_entry_v1(gt, b);
		*shared_entry_v1(gt, b) = tmp;
	} else if (a != b) {
		grant_entry_v2_t tmp = *shared_entry_v2(gt, a);
		grant_status_t st = *status_entry(gt, a);

		*shared_entry_v2(gt, a) = *shared_entry_v2(gt, b);
		*status_entry(gt, a) = *status_entry(gt, b);
		*shared_entry_v2(gt, b) = tmp;
		*status_entry(gt, b) = st;
	}
	spin_unlock(&gt->lock);
	return rc;
}

/* ---- the hypercall ---- */

/*
 * A batch of @count ops @cmd at @uop (not the unmaps: unmap_batch()): each
 * is read, done, and its result written back (the whole op for a map, the status for the others, as
 * Xen). Returns 0, -EFAULT, or the number done when it stopped to be
 * preempted (> 0).
 */
static long batch(GUEST_PTR(void) uop, unsigned int count, unsigned int cmd)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (i && !(i % PREEMPT_EVERY) && hypercall_preempt_check())
			return i;
		switch (cmd) {
		case GNTTABOP_map_grant_ref: {
			struct gnttab_map_grant_ref op;

			if (copy_from_guest_offset(&op, uop, i, 1))
				return -EFAULT;
			map_grant_ref(&op);
			if (op.status == GNTST_okay)
				perfc_gnttab(PERFC_GNTTAB_MAP, 1);
			if (copy_to_guest_offset(uop, i, &op, 1))
				return -EFAULT;
			break;
		}
		case GNTTABOP_copy: {
			struct gnttab_copy op;
			uint64_t at = uop.p + i * sizeof(op) + OP_STATUS(struct gnttab_copy);

			if (copy_from_guest_offset(&op, uop, i, 1))
				return -EFAULT;
			op.status = (int16_t)copy_one(&op);
			if (op.status == GNTST_okay) {
				perfc_gnttab(PERFC_GNTTAB_COPY, 1);
				perfc_gnttab(PERFC_GNTTAB_COPY_BYTES, op.len);
			}
			if (raw_copy_to_guest(at, &op.status, sizeof(op.status)))
				return -EFAULT;
			break;
		}
		case GNTTABOP_swap_grant_ref: {
			struct gnttab_swap_grant_ref op;
			uint64_t at = uop.p + i * sizeof(op) +
				      OP_STATUS(struct gnttab_swap_grant_ref);

			if (copy_from_guest_offset(&op, uop, i, 1))
				return -EFAULT;
			op.status = swap_grant_ref(op.ref_a, op.ref_b);
			if (raw_copy_to_guest(at, &op.status, sizeof(op.status)))
				return -EFAULT;
			break;
		}
		}
	}
	return 0;
}

static size_t op_size(unsigned int cmd)
{
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		return sizeof(struct gnttab_map_grant_ref);
	case GNTTABOP_unmap_grant_ref:
		return sizeof(struct gnttab_unmap_grant_ref);
	case GNTTABOP_unmap_and_replace:
		return sizeof(struct gnttab_unmap_and_replace);
	case GNTTABOP_copy:
		return sizeof(struct gnttab_copy);
	case GNTTABOP_swap_grant_ref:
		return sizeof(struct gnttab_swap_grant_ref);
	case GNTTABOP_transfer:
		return sizeof(struct gnttab_transfer);
	}
	return 0;
}

static long do_grant_table_op_locked(unsigned int cmd, GUEST_PTR(void) uop, unsigned int count)
{
	long rc;

	if ((int)count < 0)
		return -EINVAL;
	if (cmd & ~GNTTABOP_CMD_MASK)
		return -EINVAL; /* continuation bits: only cache_flush has any, and not here */
	switch (cmd) {
	case GNTTABOP_setup_table:
		return setup_table(uop, count);
	case GNTTABOP_query_size:
		return query_size(uop, count);
	case GNTTABOP_set_version:
		return set_version(uop);
	case GNTTABOP_get_version:
		return get_version(uop);
	case GNTTABOP_get_status_frames:
		return get_status_frames(uop, count);
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_unmap_and_replace:
	case GNTTABOP_copy:
	case GNTTABOP_swap_grant_ref:
	case GNTTABOP_transfer:
		if (!guest_range_ok(uop.p, (uint64_t)count * op_size(cmd)))
			return -EFAULT;
		if (cmd == GNTTABOP_transfer)
			return -EOPNOTSUPP; /* as Xen with gnttab=no-transfer */
		if (cmd == GNTTABOP_unmap_grant_ref || cmd == GNTTABOP_unmap_and_replace)
			rc = unmap_batch(uop, count, cmd);
		else
			rc = batch(uop, count, cmd);
		if (rc > 0)
			/* Preempted: the guest re-issues the rest. */
			rc = hypercall_create_continuation(__HYPERVISOR_grant_table_op, 3,
							   (uint64_t)cmd, uop.p + rc * op_size(cmd),
							   (uint64_t)(count - rc));
		return rc;
	default:
		/* dump_table is not handled by Xen 4.17 either; cache_flush is for Arm. */
		return -ENOSYS;
	}
}

/* Under pv_mm_lock (see docs/design/locking.md). */
long do_grant_table_op(unsigned int cmd, GUEST_PTR(void) uop, unsigned int count)
{
	long rc;

	pv_mm_lock();
	rc = do_grant_table_op_locked(cmd, uop, count);
	pv_mm_unlock();
	return rc;
}

/* ---- destruction ---- */

/*
 * Undo one mapping @map of dying domain @d on another domain's (or its
 * own) grant, as unmapping would: the pins it holds and the GTF flags
 * they no longer need, and a device mapping's references. A host
 * mapping's references belong to its grant PTE in one of @d's L1 tables
 * and go when those tables are released (arch_domain_relinquish()), as
 * on Xen for a PV domain; if the guest had overwritten the PTE they went
 * then already.
 */
static void release_mapping(struct domain *d, struct grant_mapping *map)
{
	unsigned int flags = map->flags;
	bool ro = flags & GNTMAP_readonly;
	struct active_grant_entry *act;
	struct grant_table *rgt;
	struct domain *rd;

	if (!(flags & (GNTMAP_host_map | GNTMAP_device_map)))
		return;
	map->flags = 0;
	rd = domain_get(map->domid);
	if (!rd)
		return; /* the granter is gone: nothing of it to unpin */
	rgt = rd->grant_table;
	spin_lock(&rgt->lock);
	if (map->ref < nr_entries(rgt)) {
		act = active_entry(rgt, map->ref);
		if (flags & GNTMAP_device_map) {
			if (ro)
				put_page(mfn_to_page(act->mfn));
			else
				put_page_and_type(mfn_to_page(act->mfn));
			unpin_grant(rd, map->ref, ro ? GNTPIN_devr_inc : GNTPIN_devw_inc, ro);
		}
		if (flags & GNTMAP_host_map)
			unpin_grant(rd, map->ref, ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc, ro);
	}
	spin_unlock(&rgt->lock);
	domain_put(rd);
}

/*
 * Xen's gnttab_release_mappings: undo every mapping dying domain @d made
 * of others' grants, from the last maptrack frame down, freeing each
 * frame once its slots are done. 0, or -ERESTART with the frames above
 * maptrack_limit done (a call again continues below them).
 */
int gnttab_release_mappings(struct domain *d)
{
	struct grant_table *gt = d->grant_table;
	unsigned int f, h;

	BUG_ON(!d->is_dying);
	while (gt->maptrack_limit) {
		f = (gt->maptrack_limit - 1) / MAPTRACK_PER_FRAME;
		for (h = f * MAPTRACK_PER_FRAME; h < gt->maptrack_limit; h++)
			release_mapping(d, maptrack_entry(gt, h));
		spin_lock(&gt->lock);
		gt->maptrack_limit = f * MAPTRACK_PER_FRAME;
		gt->maptrack_free = MAPTRACK_END; /* slots below are not free slots any more */
		domain_xfree(d, gt->maptrack[f], PAGE_SIZE);
		gt->maptrack[f] = NULL;
		spin_unlock(&gt->lock);
		if (gt->maptrack_limit && hypercall_preempt_check())
			return -ERESTART;
	}
	gt->maptrack_used = 0;
	return 0;
}

/*
 * Drop dying domain @d's own references on its table and status frames
 * (taken by grow_table() and populate_status_frames()). The frames stay allocated, with their entries, until
 * the domain is destroyed: other domains may still map its grants and
 * their unmaps update those entries' flags. A frame someone else still
 * references (a grant of the table frame itself, say) keeps the domain.
 */
void gnttab_release_frames(struct domain *d)
{
	struct grant_table *gt = d->grant_table;
	unsigned int i;

	BUG_ON(!d->is_dying);
	for (i = 0; i < gt->nr_frames; i++)
		put_page_and_type(virt_to_page(gt->shared_raw[i]));
	for (i = 0; i < gt->nr_status_frames; i++)
		put_page_and_type(virt_to_page(gt->status[i]));
}

/* Free dead domain @d's table: its frames' last references went long ago. */
void grant_table_destroy(struct domain *d)
{
	struct grant_table *gt = d->grant_table;
	unsigned int i;

	if (!gt)
		return;
	for (i = 0; i < gt->nr_frames; i++) {
		BUG_ON(virt_to_page(gt->shared_raw[i])->count_info & PGC_count_mask);
		domain_xfree(d, gt->shared_raw[i], PAGE_SIZE);
		domain_xfree(d, gt->active[i], ACTIVE_BYTES_PER_FRAME);
	}
	for (i = 0; i < gt->nr_status_frames; i++) {
		BUG_ON(virt_to_page(gt->status[i])->count_info & PGC_count_mask);
		domain_xfree(d, gt->status[i], PAGE_SIZE);
	}
	for (i = 0; i < DIV_ROUND_UP(gt->maptrack_limit, MAPTRACK_PER_FRAME); i++)
		domain_xfree(d, gt->maptrack[i], PAGE_SIZE);
	free_arrays(d, gt);
	d->grant_table = NULL;
}

/* ---- debug key 'g' ---- */

void gnttab_dump(void)
{
	struct domain *d;
	unsigned int ref, active;

	for (d = domain_list; d; d = d->next_in_list) {
		struct grant_table *gt = d->grant_table;

		if (!gt)
			continue;
		active = 0;
		for (ref = 0; ref < nr_entries(gt); ref++)
			if (active_entry(gt, ref)->pin)
				active++;
		printk("d%u grant table v%u: %u of %u frames (%u entries), %u status frames, "
		       "max version %u, %u active; maptrack %u of %u slots in use%s\n",
		       d->domain_id, gt->version, gt->nr_frames, gt->max_frames, nr_entries(gt),
		       gt->nr_status_frames, gt->max_version, active, gt->maptrack_used,
		       gt->maptrack_limit, d->is_dying ? " (dying)" : "");
		for (ref = 0; ref < nr_entries(gt); ref++) {
			const struct active_grant_entry *act = active_entry(gt, ref);
			const grant_entry_header_t *h = entry_header(gt, ref);

			if (!act->pin)
				continue;
			printk("  [%#05x] to d%u mfn %#lx [%u+%u] pin %08x (hw %u hr %u dw %u dr %u)%s; "
			       "shared: d%u flags %#x status %#x\n",
			       ref, act->domid, (unsigned long)act->mfn, act->start, act->length,
			       act->pin, act->pin & 0xff, (act->pin >> 8) & 0xff,
			       (act->pin >> 16) & 0xff, act->pin >> 24,
			       act->trans_domain ? " transitive" : "", h->domid, h->flags,
			       *status_entry(gt, ref));
		}
	}
	printk("(free frames: debug key 'm')\n");
}
