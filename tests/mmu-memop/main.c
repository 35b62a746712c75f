// SPDX-License-Identifier: GPL-2.0-only
/*
 * memory_op: the domain's reservation, as a PV dom0 sees it. Behaviour
 * under test (the same on Xen 4.17, with the runner's dom0_mem=32M,max:32M
 * so that the limit is the initial allocation):
 * - current_reservation (DOMID_SELF and the own id 0) is nr_pages,
 *   maximum_reservation the same, an unknown domid is -ESRCH;
 *   maximum_gpfn is shared_info.arch.max_pfn - 1 (0 while the guest has
 *   not set it); maximum_ram_page is above every frame of the domain;
 *   memory_map is -ENOSYS (nobody set a map for a PV dom0);
 *   machine_memory_map gives the host's map to the hardware domain, and
 *   -EINVAL when the buffer cannot hold it;
 * - decrease_reservation for an unknown domid returns 0 (extents done),
 *   not -ESRCH;
 * - decrease_reservation of spare frames returns the number freed and the
 *   reservation shrinks by as much; a freed frame can no longer be mapped
 *   (-EBUSY) or given an M2P entry (-EINVAL); a batch stops at the first
 *   frame not owned (already freed, a hypervisor frame, past the physical
 *   address width) and returns how many were freed before it;
 * - increase_reservation stops at the limit: asked for more than the
 *   room left it returns the room (the rest of the array untouched), and
 *   0 when there is none; the frames it returns are the domain's: they
 *   can be mapped, written and given an M2P entry;
 * - populate_physmap returns frames with their M2P entries already set to
 *   the PFNs asked for;
 * - exchange swaps two single frames for one 2-frame extent: nr_exchanged
 *   2, an even MFN with both M2P entries set, the old frames gone, the
 *   reservation unchanged;
 * - decrease_reservation of a frame pinned as an L1 table (and mapped
 *   read-only) succeeds on Xen 4.17 (1 done): the frame is taken from the
 *   domain only when its last reference goes, so the reservation shrinks
 *   only once it is unpinned and unmapped, and it cannot be pinned again.
 */
#include <framework.h>
#include <mm.h>

const char test_title[] = "memory_op: reservations, populate, exchange, memory maps";

#define NO_SUCH_DOMAIN 5
#define E820_RAM 1

static domid_t self = DOMID_SELF;

static long reservation_op(unsigned int cmd, xen_pfn_t *list, unsigned long n, unsigned int order,
			   domid_t domid)
{
	struct xen_memory_reservation r = {
		.nr_extents = n,
		.extent_order = order,
		.domid = domid,
	};

	set_xen_guest_handle(r.extent_start, list);
	return HYPERVISOR_memory_op(cmd, &r);
}

static long current_reservation(void)
{
	return HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
}

/* Spare frames: their PFNs and MFNs. */
static bool spare(unsigned int n, uint64_t *pfn, xen_pfn_t *mfn)
{
	for (unsigned int i = 0; i < n; i++) {
		pfn[i] = mm_alloc_pfn();
		if (pfn[i] == MM_NO_FRAME) {
			xtf_error("spare frames: none left");
			return false;
		}
		mfn[i] = pfn_to_mfn(pfn[i]);
	}
	return true;
}

/* The frame is the domain's: map it, write and read it, unmap it. */
static void check_owned(const char *what, uint64_t mfn)
{
	char buf[96];
	uint64_t v = 0;

	snprintf(buf, sizeof(buf), "%s: mapped writable", what);
	if (!check_long(buf, 0, mm_window_map(0, PTE(mfn, PTE_RW))))
		return;
	snprintf(buf, sizeof(buf), "%s: written", what);
	check_exinfo(buf, 0, mm_write64(mm_window_va(0), mfn ^ 0x5555));
	mm_read64(mm_window_va(0), &v);
	snprintf(buf, sizeof(buf), "%s: read back", what);
	check_u64(buf, mfn ^ 0x5555, v);
	check_long("unmap", 0, mm_window_map(0, 0));
}

static void check_not_owned(const char *what, uint64_t mfn)
{
	char buf[96];

	snprintf(buf, sizeof(buf), "%s: mapping it", what);
	check_long(buf, -XEN_EBUSY, mm_window_map(0, PTE(mfn, PTE_RO)));
	snprintf(buf, sizeof(buf), "%s: MMU_MACHPHYS_UPDATE of it", what);
	check_long(buf, -XEN_EINVAL, mmu_update1(mfn << PAGE_SHIFT, MMU_MACHPHYS_UPDATE, 0));
}

static void test_queries(void)
{
	static uint8_t e820[64][20];
	struct xen_memory_map map = {.nr_entries = ARRAY_SIZE(e820)};
	domid_t own_id = 0, no_such = NO_SUCH_DOMAIN;
	long max_page = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
	uint64_t top = 0, ram = 0;

	check_long("current_reservation (DOMID_SELF)", start_info->nr_pages, current_reservation());
	check_long("current_reservation (own id 0)", start_info->nr_pages,
		   HYPERVISOR_memory_op(XENMEM_current_reservation, &own_id));
	check_long("current_reservation (no such domain)", -XEN_ESRCH,
		   HYPERVISOR_memory_op(XENMEM_current_reservation, &no_such));
	check_long("maximum_reservation (dom0_mem=...,max: the same)", start_info->nr_pages,
		   HYPERVISOR_memory_op(XENMEM_maximum_reservation, &self));

	/* A PV guest tells Xen its PFN count through shared_info. */
	check_long("maximum_gpfn before arch.max_pfn is set", 0,
		   HYPERVISOR_memory_op(XENMEM_maximum_gpfn, &self));
	shared_info()->arch.max_pfn = start_info->nr_pages;
	check_long("maximum_gpfn with arch.max_pfn = nr_pages", start_info->nr_pages - 1,
		   HYPERVISOR_memory_op(XENMEM_maximum_gpfn, &self));

	for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (pfn_to_mfn(pfn) > top)
			top = pfn_to_mfn(pfn);
	if (max_page <= (long)top)
		xtf_failure("maximum_ram_page: expected above %#llx (our highest frame), got %#lx",
			    (unsigned long long)top, max_page);

	set_xen_guest_handle(map.buffer, e820);
	check_long("memory_map (none set for a PV dom0)", -XEN_ENOSYS,
		   HYPERVISOR_memory_op(XENMEM_memory_map, &map));
	map.nr_entries = ARRAY_SIZE(e820);
	if (check_long("machine_memory_map (hardware domain)", 0,
		       HYPERVISOR_memory_op(XENMEM_machine_memory_map, &map))) {
		for (unsigned int i = 0; i < map.nr_entries && i < ARRAY_SIZE(e820); i++) {
			uint64_t size;
			uint32_t type;

			memcpy(&size, &e820[i][8], 8);
			memcpy(&type, &e820[i][16], 4);
			if (type == E820_RAM)
				ram += size;
		}
		if (ram < start_info->nr_pages * PAGE_SIZE)
			xtf_failure("machine_memory_map: expected at least %#llx bytes of RAM, got "
				    "%#llx",
				    (unsigned long long)(start_info->nr_pages * PAGE_SIZE),
				    (unsigned long long)ram);
		if (map.nr_entries > 1) {
			map.nr_entries = 1;
			check_long("machine_memory_map into a 1-entry buffer", -XEN_EINVAL,
				   HYPERVISOR_memory_op(XENMEM_machine_memory_map, &map));
		}
	}
}

static void test_decrease_increase(void)
{
	uint64_t pfn[6];
	xen_pfn_t mfn[6], batch[3], bad, got[5];
	long nr = start_info->nr_pages;

	if (!spare(6, pfn, mfn))
		return;

	check_long("increase_reservation at the limit", 0,
		   reservation_op(XENMEM_increase_reservation, got, 1, 0, DOMID_SELF));
	/* Xen answers an unknown domid with the extents done so far, not -ESRCH. */
	check_long("decrease_reservation (no such domain)", 0,
		   reservation_op(XENMEM_decrease_reservation, mfn, 1, 0, NO_SUCH_DOMAIN));

	check_long("decrease_reservation of 3 spare frames", 3,
		   reservation_op(XENMEM_decrease_reservation, mfn, 3, 0, DOMID_SELF));
	check_long("current_reservation after it", nr - 3, current_reservation());
	check_not_owned("a freed frame", mfn[0]);
	check_long("decrease_reservation of a freed frame", 0,
		   reservation_op(XENMEM_decrease_reservation, mfn, 1, 0, DOMID_SELF));

	/* Stops at the second entry; the first is freed, the third stays. */
	batch[0] = mfn[3];
	batch[1] = mfn[1];
	batch[2] = mfn[4];
	check_long("decrease_reservation of own, freed, own", 1,
		   reservation_op(XENMEM_decrease_reservation, batch, 3, 0, DOMID_SELF));
	check_long("current_reservation after it", nr - 4, current_reservation());
	check_owned("the frame after the bad one", mfn[4]);

	bad = PTE_MFN(mm_boot_l4[261]);
	check_long("decrease_reservation of a hypervisor frame", 0,
		   reservation_op(XENMEM_decrease_reservation, &bad, 1, 0, DOMID_SELF));
	bad = MFN_BEYOND_PADDR;
	check_long("decrease_reservation of a frame past the address width", 0,
		   reservation_op(XENMEM_decrease_reservation, &bad, 1, 0, DOMID_SELF));
	check_long("current_reservation after the refusals", nr - 4, current_reservation());

	for (unsigned int i = 0; i < ARRAY_SIZE(got); i++)
		got[i] = ~0UL;
	check_long("increase_reservation of 6 with room for 4", 4,
		   reservation_op(XENMEM_increase_reservation, got, 6, 0, DOMID_SELF));
	check_long("current_reservation after it", nr, current_reservation());
	check_u64("increase_reservation: entry 4 untouched", ~0UL, got[4]);
	for (unsigned int i = 0; i < 4; i++) {
		char what[48];

		snprintf(what, sizeof(what), "increased frame %u", i);
		check_owned(what, got[i]);
		snprintf(what, sizeof(what), "increased frame %u: MMU_MACHPHYS_UPDATE", i);
		check_long(what, 0, mmu_update1(got[i] << PAGE_SHIFT, MMU_MACHPHYS_UPDATE, pfn[i]));
		snprintf(what, sizeof(what), "increased frame %u: its M2P entry", i);
		check_u64(what, pfn[i], M2P[got[i]]);
	}
	check_long("increase_reservation at the limit again", 0,
		   reservation_op(XENMEM_increase_reservation, got, 1, 0, DOMID_SELF));
}

static void test_populate(void)
{
	uint64_t pfn[2];
	xen_pfn_t mfn[2], list[2];
	uint64_t *p2m = (uint64_t *)(uintptr_t)start_info->mfn_list;

	if (!spare(2, pfn, mfn))
		return;
	check_long("decrease_reservation of 2 frames", 2,
		   reservation_op(XENMEM_decrease_reservation, mfn, 2, 0, DOMID_SELF));
	list[0] = pfn[0];
	list[1] = pfn[1];
	check_long("populate_physmap of their 2 PFNs", 2,
		   reservation_op(XENMEM_populate_physmap, list, 2, 0, DOMID_SELF));
	check_long("current_reservation after it", start_info->nr_pages, current_reservation());
	for (unsigned int i = 0; i < 2; i++) {
		char what[48];

		snprintf(what, sizeof(what), "populated frame %u: its M2P entry", i);
		check_u64(what, pfn[i], M2P[list[i]]);
		check_owned("populated frame", list[i]);
		p2m[pfn[i]] = list[i];
	}
}

static void test_exchange(void)
{
	uint64_t pfn[2];
	xen_pfn_t in[2], out[1];
	struct xen_memory_exchange exch = {
		.in = {.nr_extents = 2, .extent_order = 0, .domid = DOMID_SELF},
		.out = {.nr_extents = 1, .extent_order = 1, .domid = DOMID_SELF},
	};
	uint64_t *p2m = (uint64_t *)(uintptr_t)start_info->mfn_list;

	if (!spare(2, pfn, in))
		return;
	out[0] = pfn[0]; /* IN: the PFN of the new extent's first frame */
	set_xen_guest_handle(exch.in.extent_start, in);
	set_xen_guest_handle(exch.out.extent_start, out);
	if (!check_long("exchange 2 frames for one 2-frame extent", 0,
			HYPERVISOR_memory_op(XENMEM_exchange, &exch)))
		return;
	check_long("exchange: nr_exchanged", 2, exch.nr_exchanged);
	check_u64("exchange: the new extent's MFN is even", 0, out[0] & 1);
	check_u64("exchange: M2P of its first frame", pfn[0], M2P[out[0]]);
	check_u64("exchange: M2P of its second frame", pfn[0] + 1, M2P[out[0] + 1]);
	check_long("current_reservation after it", start_info->nr_pages, current_reservation());
	check_owned("exchanged-in frame 0", out[0]);
	check_owned("exchanged-in frame 1", out[0] + 1);
	check_not_owned("exchanged-out frame", in[1]);
	p2m[pfn[0]] = out[0];
	p2m[pfn[0] + 1] = out[0] + 1;
}

static void test_pagetable_frame(void)
{
	void *page = mm_alloc_page();
	xen_pfn_t mfn;
	long nr = current_reservation();

	if (!page) {
		xtf_error("padding pages: none left");
		return;
	}
	mfn = virt_to_mfn(page);
	if (!check_long("make the L1 read-only", 0, mm_make_readonly(page)) ||
	    !check_long("pin it", 0, mm_pin(1, mfn)))
		return;
	check_long("decrease_reservation of a pinned L1", 1,
		   reservation_op(XENMEM_decrease_reservation, &mfn, 1, 0, DOMID_SELF));
	check_long("current_reservation while it is pinned", nr, current_reservation());
	check_long("unpin it", 0, mm_unpin(mfn));
	check_long("current_reservation while it is still mapped", nr, current_reservation());
	check_long("unmap it", 0,
		   HYPERVISOR_update_va_mapping((uintptr_t)page, 0, UVMF_INVLPG | UVMF_LOCAL));
	check_long("current_reservation once the last reference went", nr - 1,
		   current_reservation());
	check_long("pin it again", -XEN_EINVAL, mm_pin(1, mfn));
	check_not_owned("the freed L1", mfn);
}

void test_main(void)
{
	if (!mm_setup())
		return;
	test_queries();
	test_decrease_increase();
	test_populate();
	test_exchange();
	test_pagetable_frame();
	xtf_success(NULL);
}
