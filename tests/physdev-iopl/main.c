// SPDX-License-Identifier: GPL-2.0-only
/*
 * The physdev_op calls every Linux PV kernel makes early. Behaviour under
 * test (Xen 4.17's):
 * - PHYSDEVOP_set_iopl accepts 0, 1, 2 and 3 and refuses anything above
 *   (-EINVAL); an unreadable argument is -EFAULT;
 * - PHYSDEVOP_pirq_eoi_gmfn_v2 refuses a frame that does not exist, one
 *   the domain does not own (an M2P frame), and one that cannot take the
 *   writable type (the pinned L4 in use): -EINVAL each, registering
 *   nothing; a page of the kernel's own succeeds; a second registration,
 *   by v2 or v1, is -EBUSY, though a bad frame is still -EINVAL first
 *   (the frame is checked before the slot); an unreadable argument is
 *   -EFAULT;
 * - an unknown sub-op is -ENOSYS.
 * With enosys_burst=N on its command line the kernel then makes N more
 * unknown sub-op calls at once and, 1.1 s later, one more: material for
 * tests/boot/enosys-log.sh (the hypervisor's rate-limited -ENOSYS log).
 */
#include <framework.h>
#include <guest/time.h>
#include <public/errno.h>
#include <public/memory.h>
#include <public/physdev.h>

const char test_title[] = "physdev_op: set_iopl, pirq_eoi_gmfn_v1/v2, unknown sub-ops";

#define BAD_VA 0x40000000UL /* unmapped */

static uint8_t eoi_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static uint8_t other_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static long set_iopl(uint32_t iopl)
{
	struct physdev_set_iopl op = { .iopl = iopl };

	return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &op);
}

static long eoi_gmfn(int cmd, uint64_t gmfn)
{
	struct physdev_pirq_eoi_gmfn op = { .gmfn = gmfn };

	return HYPERVISOR_physdev_op(cmd, &op);
}

static void test_set_iopl(void)
{
	static const struct {
		uint32_t iopl;
		long rc;
	} cases[] = {
		{ 0, 0 }, { 1, 0 }, { 2, 0 }, { 3, 0 },
		{ 4, -XEN_EINVAL }, { 0x1000, -XEN_EINVAL }, { 0xffffffffU, -XEN_EINVAL },
		{ 1, 0 }, /* where Linux leaves it */
	};
	char what[48];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(what, sizeof(what), "set_iopl %#x", cases[i].iopl);
		check_long(what, cases[i].rc, set_iopl(cases[i].iopl));
	}
	check_long("set_iopl, unreadable argument", -XEN_EFAULT,
		   HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, (void *)BAD_VA));
}

/* The first frame of the M2P table: the hypervisor's, not ours. */
static uint64_t m2p_frame(void)
{
	xen_pfn_t chunk = 0;
	struct xen_machphys_mfn_list list = { .max_extents = 1 };

	list.extent_start.p = (uint64_t)(uintptr_t)&chunk;
	if (HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &list) || list.nr_extents != 1) {
		xtf_error("XENMEM_machphys_mfn_list: no M2P frame to test with");
		return ~0ULL;
	}
	return chunk;
}

static void test_pirq_eoi_gmfn(void)
{
	uint64_t l4 = virt_to_mfn((const void *)start_info->pt_base);
	const struct {
		const char *what;
		int cmd;
		uint64_t gmfn;
		long rc;
	} cases[] = {
		{ "v2, frame ~0", PHYSDEVOP_pirq_eoi_gmfn_v2, ~0ULL, -XEN_EINVAL },
		{ "v2, frame 2^40", PHYSDEVOP_pirq_eoi_gmfn_v2, 1ULL << 40, -XEN_EINVAL },
		{ "v2, an M2P frame (not ours)", PHYSDEVOP_pirq_eoi_gmfn_v2, m2p_frame(), -XEN_EINVAL },
		{ "v2, the L4 in use (a page table)", PHYSDEVOP_pirq_eoi_gmfn_v2, l4, -XEN_EINVAL },
		{ "v1, the L4 in use (a page table)", PHYSDEVOP_pirq_eoi_gmfn_v1, l4, -XEN_EINVAL },
		{ "v2, a page of ours", PHYSDEVOP_pirq_eoi_gmfn_v2, virt_to_mfn(eoi_page), 0 },
		{ "v2 again, the same page", PHYSDEVOP_pirq_eoi_gmfn_v2, virt_to_mfn(eoi_page),
		  -XEN_EBUSY },
		{ "v2 again, another page", PHYSDEVOP_pirq_eoi_gmfn_v2, virt_to_mfn(other_page),
		  -XEN_EBUSY },
		{ "v1 after v2, another page", PHYSDEVOP_pirq_eoi_gmfn_v1, virt_to_mfn(other_page),
		  -XEN_EBUSY },
		{ "v2 again, the L4 (frame checked first)", PHYSDEVOP_pirq_eoi_gmfn_v2, l4,
		  -XEN_EINVAL },
	};
	char what[80];
	unsigned int i;

	check_long("pirq_eoi_gmfn_v2, unreadable argument", -XEN_EFAULT,
		   HYPERVISOR_physdev_op(PHYSDEVOP_pirq_eoi_gmfn_v2, (void *)BAD_VA));
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		snprintf(what, sizeof(what), "pirq_eoi_gmfn %s", cases[i].what);
		check_long(what, cases[i].rc, eoi_gmfn(cases[i].cmd, cases[i].gmfn));
	}
	/* The registered page is still ours to write. */
	eoi_page[0] = 0x5a;
	check_u64("EOI page still writable", 0x5a, ((volatile uint8_t *)eoi_page)[0]);
}

static void test_unknown(void)
{
	static const int cmds[] = { 0, 99, 1000, -1 };
	char what[48];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		snprintf(what, sizeof(what), "physdev_op %d", cmds[i]);
		check_long(what, -XEN_ENOSYS, HYPERVISOR_physdev_op(cmds[i], NULL));
	}
}

/* enosys_burst=N: N unknown sub-ops in a row, then one more after 1.1 s. */
static void enosys_burst(void)
{
	char val[16];
	unsigned int n = 0, i;
	uint64_t until;

	if (!cmdline_option("enosys_burst", val, sizeof(val)))
		return;
	for (i = 0; val[i] >= '0' && val[i] <= '9'; i++)
		n = n * 10 + (val[i] - '0');
	for (i = 0; i < n; i++)
		HYPERVISOR_physdev_op(1000, NULL);
	until = pvclock_read() + 1100000000ULL;
	while (pvclock_read() < until)
		asm volatile("pause" ::: "memory");
	HYPERVISOR_physdev_op(1001, NULL);
	printk("enosys_burst: %u + 1 unknown sub-ops made\n", n);
}

void test_main(void)
{
	test_set_iopl();
	test_pirq_eoi_gmfn();
	test_unknown();
	enosys_burst();
	if (xtf_result() == RESULT_NONE)
		xtf_success(NULL);
}
