// SPDX-License-Identifier: GPL-2.0-only
/*
 * A PV domain's own memory map, the machine's, and the vPMU. Behaviour
 * under test (Xen 4.17's):
 * - XENMEM_memory_map is -ENOSYS while no map was set (the case of
 *   every PV domain at start, dom0 included), -EFAULT for an unreadable
 *   argument;
 * - XENMEM_set_memory_map for DOMID_SELF stores a map that
 *   XENMEM_memory_map then returns byte for byte, cut to the caller's
 *   capacity without error (entries past it untouched); refusals change
 *   nothing: more than 1024 entries -EINVAL, a missing domain -ESRCH,
 *   unreadable entries -EFAULT; a new map replaces the old; zero entries
 *   remove it (-ENOSYS again);
 * - XENMEM_machine_memory_map gives dom0 the host's map (some RAM) and
 *   refuses a buffer of no entries (-EINVAL);
 * - xenpmu_op with the vPMU off (Xen's default): -EOPNOTSUPP for every
 *   op, known or not, and before its argument is read.
 */
#include <framework.h>
#include <public/errno.h>
#include <public/memory.h>
#include <public/pmu.h>

const char test_title[] = "XENMEM_memory_map, set_memory_map, machine_memory_map, xenpmu_op";

#define BAD_VA 0x40000000UL /* unmapped */
#define MISSING_DOMID 0x7fef
#define E820_RAM 1
#define E820_RESERVED 2

struct __attribute__((packed)) e820_entry {
	uint64_t addr, size;
	uint32_t type;
};

static const struct e820_entry map_a[3] = {
	{ 0, 0x9f000, E820_RAM },
	{ 0xf0000, 0x10000, E820_RESERVED },
	{ 0x100000, 0x1f00000, E820_RAM },
};
static const struct e820_entry map_b[1] = { { 0, 0x2000000, E820_RAM } };

static long set_map(domid_t domid, const void *entries, uint32_t nr)
{
	struct xen_foreign_memory_map f = { .domid = domid };

	f.map.nr_entries = nr;
	f.map.buffer.p = (uint64_t)(uintptr_t)entries;
	return HYPERVISOR_memory_op(XENMEM_set_memory_map, &f);
}

/* XENMEM_memory_map into @buf (capacity @cap); *@nr gets the count. */
static long get_map(struct e820_entry *buf, uint32_t cap, uint32_t *nr)
{
	struct xen_memory_map m = { .nr_entries = cap };
	long rc;

	m.buffer.p = (uint64_t)(uintptr_t)buf;
	rc = HYPERVISOR_memory_op(XENMEM_memory_map, &m);
	*nr = m.nr_entries;
	return rc;
}

/* The domain's map must be the first @n entries of @want (capacity @cap). */
static void check_map(const char *what, const struct e820_entry *want, uint32_t n, uint32_t cap)
{
	struct e820_entry buf[8];
	uint32_t nr;
	char w[96];

	memset(buf, 0xa5, sizeof(buf));
	snprintf(w, sizeof(w), "%s: memory_map (capacity %u)", what, cap);
	if (!check_long(w, 0, get_map(buf, cap, &nr)))
		return;
	snprintf(w, sizeof(w), "%s: nr_entries (capacity %u)", what, cap);
	if (!check_u64(w, n, nr))
		return;
	if (memcmp(buf, want, n * sizeof(*want)))
		xtf_failure("%s: entries: expected the map set, got another", what);
	if (n < ARRAY_SIZE(buf) && ((uint8_t *)&buf[n])[0] != 0xa5)
		xtf_failure("%s: entry %u: expected untouched, got written", what, n);
}

static void test_memory_map(void)
{
	static struct e820_entry big[1025];
	domid_t self = start_info->flags & SIF_INITDOMAIN ? 0 : DOMID_SELF;
	struct e820_entry buf[4];
	uint32_t nr;

	check_long("memory_map, none set", -XEN_ENOSYS, get_map(buf, ARRAY_SIZE(buf), &nr));
	check_long("memory_map, unreadable argument", -XEN_EFAULT,
		   HYPERVISOR_memory_op(XENMEM_memory_map, (void *)BAD_VA));

	check_long("set_memory_map SELF, 3 entries", 0, set_map(DOMID_SELF, map_a, 3));
	check_map("map A", map_a, 3, 8);
	check_map("map A", map_a, 3, 3);
	check_map("map A", map_a, 2, 2);
	check_map("map A", map_a, 0, 0);

	check_long("set_memory_map, 1025 entries", -XEN_EINVAL, set_map(DOMID_SELF, big, 1025));
	check_long("set_memory_map, missing domain", -XEN_ESRCH, set_map(MISSING_DOMID, map_b, 1));
	check_long("set_memory_map, unreadable entries", -XEN_EFAULT,
		   set_map(DOMID_SELF, (const void *)BAD_VA, 1));
	check_long("set_memory_map, unreadable argument", -XEN_EFAULT,
		   HYPERVISOR_memory_op(XENMEM_set_memory_map, (void *)BAD_VA));
	check_map("map A after refusals", map_a, 3, 8);

	/* By its own id (known for dom0), a map replaces the last. */
	check_long("set_memory_map own id, 1 entry", 0, set_map(self, map_b, 1));
	check_map("map B", map_b, 1, 8);
	check_long("set_memory_map SELF, 1024 entries", 0, set_map(DOMID_SELF, big, 1024));
	check_long("memory_map of 1024, capacity 4", 0, get_map(buf, ARRAY_SIZE(buf), &nr));
	check_u64("memory_map of 1024, capacity 4: nr_entries", 4, nr);

	check_long("set_memory_map SELF, 0 entries", 0, set_map(DOMID_SELF, map_a, 0));
	check_long("memory_map after 0 entries", -XEN_ENOSYS, get_map(buf, ARRAY_SIZE(buf), &nr));
}

static void test_machine_memory_map(void)
{
	static struct e820_entry host[128];
	struct xen_memory_map m = { .nr_entries = ARRAY_SIZE(host) };
	unsigned int i, ram = 0;

	if (!(start_info->flags & SIF_PRIVILEGED))
		return;
	m.buffer.p = (uint64_t)(uintptr_t)host;
	if (!check_long("machine_memory_map", 0,
			HYPERVISOR_memory_op(XENMEM_machine_memory_map, &m)))
		return;
	for (i = 0; i < m.nr_entries && i < ARRAY_SIZE(host); i++)
		ram += host[i].type == E820_RAM;
	if (!m.nr_entries || !ram)
		xtf_failure("machine_memory_map: expected RAM entries, got %u entries, %u RAM",
			    m.nr_entries, ram);
	printk("machine_memory_map: %u entries, %u RAM\n", m.nr_entries, ram);
	for (i = 0; i < m.nr_entries && i < ARRAY_SIZE(host); i++)
		printk("  %016llx-%016llx type %u\n", (unsigned long long)host[i].addr,
		       (unsigned long long)(host[i].addr + host[i].size), host[i].type);
	m.nr_entries = 0;
	check_long("machine_memory_map, buffer of 0 entries", -XEN_EINVAL,
		   HYPERVISOR_memory_op(XENMEM_machine_memory_map, &m));
}

static void test_xenpmu(void)
{
	static const unsigned int ops[] = {
		XENPMU_mode_get, XENPMU_mode_set, XENPMU_feature_get, XENPMU_feature_set,
		XENPMU_init, XENPMU_finish, XENPMU_lvtpc_set, XENPMU_flush, 8, 1000,
	};
	struct xen_pmu_params p = { .version = { XENPMU_VER_MAJ, XENPMU_VER_MIN } };
	char what[48];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		snprintf(what, sizeof(what), "xenpmu_op %u", ops[i]);
		check_long(what, -XEN_EOPNOTSUPP, HYPERVISOR_xenpmu_op(ops[i], &p));
	}
	check_long("xenpmu_op init, unreadable argument", -XEN_EOPNOTSUPP,
		   HYPERVISOR_xenpmu_op(XENPMU_init, (xen_pmu_params_t *)BAD_VA));
}

void test_main(void)
{
	test_memory_map();
	test_machine_memory_map();
	test_xenpmu();
	if (xtf_result() == RESULT_NONE)
		xtf_success(NULL);
}
