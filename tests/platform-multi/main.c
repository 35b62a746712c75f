// SPDX-License-Identifier: GPL-2.0-only
/*
 * The platform calls across domains (xen-like only: a boot-time domU and
 * our domctl). One kernel, two parts:
 *   dom0               the driver;
 *   d1 "role=guest"    an unprivileged domain.
 * Behaviour under test (Xen 4.17's rules):
 * - in d1: platform_op with a wrong interface version is -EACCES (the
 *   version is checked before the privilege), any command with the right
 *   one -EPERM; XENMEM_machine_memory_map and setting dom0's memory map
 *   are -EPERM; its own memory map is -ENOSYS until one is set;
 *   PHYSDEVOP_set_iopl and pirq_eoi_gmfn_v2 on a page of its own succeed
 *   (any PV domain); xenpmu_op is -EOPNOTSUPP;
 * - XENPF_settime64 by dom0 reaches every domain: d1 reads exactly the
 *   wallclock dom0 set;
 * - dom0 sets d1's memory map (a privileged caller, any domain) and d1
 *   reads it back; d1 then sets a 1024-entry map of its own;
 * - destroying d1 afterwards gives back all its frames and hypervisor
 *   frames (the EOI frame's references and the map's frames included):
 *   free_pages rises by exactly tot_pages + xenheap_pages and d1 is gone.
 * Each part prints its verdict; a d1 failure ends it with SHUTDOWN_crash.
 */
#include <multidom.h>
#include <public/errno.h>
#include <public/memory.h>
#include <public/physdev.h>
#include <public/platform.h>
#include <public/pmu.h>

const char test_title[] = "platform_op, memory maps and physdev_op across domains";

#define GUEST 1
#define PORT 1 /* d1's first alloc_unbound, offered to dom0 */
#define TIMEOUT (20 * NS_PER_S)
#define E820_RAM 1

/* The wallclock dom0 sets: 2009-02-13 23:31:30 plus 42 ns at system time 0. */
#define SET_SECS 1234567890ULL
#define SET_NSECS 42U

struct __attribute__((packed)) e820_entry {
	uint64_t addr, size;
	uint32_t type;
};

/* The map dom0 gives d1. */
static const struct e820_entry guest_map[2] = {
	{ 0, 0xa0000, E820_RAM },
	{ 0x100000, 0xf00000, E820_RAM },
};

static long set_map(domid_t domid, const void *entries, uint32_t nr)
{
	struct xen_foreign_memory_map f = { .domid = domid };

	f.map.nr_entries = nr;
	f.map.buffer.p = (uint64_t)(uintptr_t)entries;
	return HYPERVISOR_memory_op(XENMEM_set_memory_map, &f);
}

static long platform_op(uint32_t cmd, uint32_t version)
{
	struct xen_platform_op op = { .cmd = cmd, .interface_version = version };

	return HYPERVISOR_platform_op(&op);
}

/* ---- d1 ---- */

static uint8_t eoi_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static struct e820_entry big_map[1024];

static void guest_refusals(void)
{
	struct xen_memory_map m = { .nr_entries = ARRAY_SIZE(big_map) };
	struct physdev_set_iopl iopl = { .iopl = 1 };
	struct physdev_pirq_eoi_gmfn eoi = { .gmfn = virt_to_mfn(eoi_page) };
	struct xen_pmu_params pmu = { .version = { XENPMU_VER_MAJ, XENPMU_VER_MIN } };

	m.buffer.p = (uint64_t)(uintptr_t)big_map;
	check_long("d1: settime64, wrong interface version", -XEN_EACCES,
		   platform_op(XENPF_settime64, XENPF_INTERFACE_VERSION - 1));
	check_long("d1: settime64", -XEN_EPERM,
		   platform_op(XENPF_settime64, XENPF_INTERFACE_VERSION));
	check_long("d1: get_cpuinfo", -XEN_EPERM,
		   platform_op(XENPF_get_cpuinfo, XENPF_INTERFACE_VERSION));
	check_long("d1: unknown platform_op 1000", -XEN_EPERM,
		   platform_op(1000, XENPF_INTERFACE_VERSION));
	check_long("d1: machine_memory_map", -XEN_EPERM,
		   HYPERVISOR_memory_op(XENMEM_machine_memory_map, &m));
	check_long("d1: set dom0's memory map", -XEN_EPERM, set_map(0, big_map, 1));
	check_long("d1: memory_map, none set yet", -XEN_ENOSYS,
		   HYPERVISOR_memory_op(XENMEM_memory_map, &m));
	check_long("d1: set_iopl 1", 0, HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl));
	check_long("d1: pirq_eoi_gmfn_v2, a page of its own", 0,
		   HYPERVISOR_physdev_op(PHYSDEVOP_pirq_eoi_gmfn_v2, &eoi));
	check_long("d1: xenpmu_op init", -XEN_EOPNOTSUPP, HYPERVISOR_xenpmu_op(XENPMU_init, &pmu));
}

static void guest(void)
{
	struct e820_entry got[4];
	struct xen_memory_map m = { .nr_entries = ARRAY_SIZE(got) };
	evtchn_port_t port;
	uint64_t sec;
	uint32_t nsec;

	xtf_set_failure_shutdown(SHUTDOWN_crash);
	guest_refusals();
	if (!check_long("d1: alloc_unbound for d0", 0, evtchn_alloc_unbound(0, &port)) ||
	    !check_long("d1: first port of a fresh domain", PORT, port))
		return;
	if (!md_wait_port(PORT, md_deadline(TIMEOUT))) {
		xtf_failure("d1: dom0's notification: expected within 20 s, got none");
		return;
	}

	wallclock_read(&sec, &nsec);
	if (sec != SET_SECS || nsec != SET_NSECS)
		xtf_failure("d1: wallclock after dom0's settime64: expected %llu.%09u, got %llu.%09u",
			    SET_SECS, SET_NSECS, (unsigned long long)sec, nsec);

	m.buffer.p = (uint64_t)(uintptr_t)got;
	if (check_long("d1: memory_map set by dom0", 0, HYPERVISOR_memory_op(XENMEM_memory_map, &m)) &&
	    check_long("d1: memory_map set by dom0: entries", 2, m.nr_entries) &&
	    memcmp(got, guest_map, sizeof(guest_map)))
		xtf_failure("d1: memory_map set by dom0: expected dom0's entries, got others");

	big_map[0] = guest_map[0];
	check_long("d1: set its own map, 1024 entries", 0, set_map(DOMID_SELF, big_map, 1024));
	if (xtf_result() == RESULT_NONE)
		xtf_success(NULL);
}

/* ---- dom0 ---- */

static uint64_t free_pages(void)
{
	struct xen_sysctl_physinfo pi;
	long rc = sysctl_physinfo(&pi);

	if (rc)
		xtf_failure("sysctl physinfo: expected 0, got %ld", rc);
	return rc ? 0 : pi.free_pages;
}

static void destroy_guest(void)
{
	struct xen_domctl_getdomaininfo di;
	struct xen_domctl_xl_memusage mu;
	uint64_t f0, f1;

	if (!check_long("xl_memusage of d1", 0, domctl_xl_memusage(GUEST, &mu)))
		return;
	printk("d1: %lu pages, %lu hypervisor frames\n", (unsigned long)mu.tot_pages,
	       (unsigned long)mu.xenheap_pages);
	f0 = free_pages();
	check_long("destroydomain d1", 0, domctl_destroydomain(GUEST));
	f1 = free_pages();
	printk("free_pages: %lu -> %lu (%+ld)\n", (unsigned long)f0, (unsigned long)f1,
	       (long)(f1 - f0));
	check_long("free_pages delta destroying d1 (its pages and hypervisor frames)",
		   (long)(mu.tot_pages + mu.xenheap_pages), (long)(f1 - f0));
	check_long("getdomaininfo of d1 once destroyed", -XEN_ESRCH,
		   domctl_getdomaininfo(GUEST, &di));
}

static void driver(void)
{
	struct xen_platform_op op = { .cmd = XENPF_settime64,
				      .interface_version = XENPF_INTERFACE_VERSION };
	evtchn_port_t port;
	uint64_t sec;
	uint32_t nsec;

	if (!check_long("bind to d1's port", 0,
			md_bind_retry(GUEST, PORT, md_deadline(TIMEOUT), &port)))
		return;
	check_long("set d1's memory map", 0, set_map(GUEST, guest_map, ARRAY_SIZE(guest_map)));

	op.u.settime64.secs = SET_SECS;
	op.u.settime64.nsecs = SET_NSECS;
	check_long("settime64", 0, HYPERVISOR_platform_op(&op));
	wallclock_read(&sec, &nsec);
	if (sec != SET_SECS || nsec != SET_NSECS)
		xtf_failure("dom0's wallclock after settime64: expected %llu.%09u, got %llu.%09u",
			    SET_SECS, SET_NSECS, (unsigned long long)sec, nsec);
	check_long("notify d1", 0, evtchn_send(port));

	check_long("d1 shut down (poweroff: its checks passed)", SHUTDOWN_poweroff,
		   md_wait_shutdown(GUEST, md_deadline(TIMEOUT)));
	destroy_guest();
}

void test_main(void)
{
	if (md_is_dom0())
		driver();
	else if (md_role_is("guest"))
		guest();
	else
		xtf_error("no part for this domain (role=guest expected)");
	if (xtf_result() == RESULT_NONE)
		xtf_success(NULL);
}
