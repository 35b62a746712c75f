// SPDX-License-Identifier: GPL-2.0-only
/*
 * The features stock Linux 6.1 PV cannot boot without. Behaviour under
 * test: XENVER_get_features reports XENFEAT_mmu_pt_update_preserve_ad
 * (Linux panics in its first hypercalls without it) and
 * XENFEAT_gnttab_map_avail_bits. On xen-like these arrive with the PV
 * MMU and grant tables, so this kernel is in development there (it is
 * not in tests/pv-xenlike.list yet); on Xen 4.17 it passes.
 */
#include <framework.h>
#include <public/features.h>
#include <public/version.h>

const char test_title[] = "Features Linux 6.1 PV requires";

void test_main(void)
{
	xen_feature_info_t fi = {.submap_idx = 0};

	if (!check_long("XENVER_get_features(0)", 0,
			HYPERVISOR_xen_version(XENVER_get_features, &fi)))
		return;
	check_u64("XENFEAT_mmu_pt_update_preserve_ad", 1,
		  (fi.submap >> XENFEAT_mmu_pt_update_preserve_ad) & 1);
	check_u64("XENFEAT_gnttab_map_avail_bits", 1,
		  (fi.submap >> XENFEAT_gnttab_map_avail_bits) & 1);
	xtf_success(NULL);
}
