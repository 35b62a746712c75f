/* SPDX-License-Identifier: MIT */
/*
 * Feature bits a guest reads with XENVER_get_features (submap 0).
 * A set bit promises a behaviour of the hypervisor; the guest adapts.
 */
#ifndef __XEN_PUBLIC_FEATURES_H__
#define __XEN_PUBLIC_FEATURES_H__

#define XENFEAT_writable_page_tables       0  /* guest may write its page tables directly */
#define XENFEAT_writable_descriptor_tables 1  /* ... and its GDT/LDT */
#define XENFEAT_auto_translated_physmap    2  /* hypervisor translates PFN->MFN */
#define XENFEAT_supervisor_mode_kernel     3  /* guest kernel runs in ring 0 */
#define XENFEAT_pae_pgdir_above_4gb        4  /* top-level tables may be above 4 GiB */
#define XENFEAT_mmu_pt_update_preserve_ad  5  /* MMU_PT_UPDATE_PRESERVE_AD works */
#define XENFEAT_highmem_assist             6  /* MMUEXT for highmem pages */
#define XENFEAT_gnttab_map_avail_bits      7  /* GNTMAP_guest_avail bits honoured */
#define XENFEAT_hvm_callback_vector        8  /* HVM only */
#define XENFEAT_hvm_safe_pvclock           9  /* HVM only */
#define XENFEAT_hvm_pirqs                  10 /* HVM only */
#define XENFEAT_dom0                       11 /* the guest is the hardware domain */
#define XENFEAT_memory_op_vnode_supported  13 /* XENMEMF_vnode understood */
#define XENFEAT_ARM_SMCCC_supported        14 /* Arm only */
#define XENFEAT_linux_rsdp_unrestricted    15 /* PVH only */
#define XENFEAT_not_direct_mapped          16 /* memory is not 1:1 mapped */
#define XENFEAT_direct_mapped              17 /* memory is 1:1 mapped (all PV) */

#define XENFEAT_NR_SUBMAPS 1

/*
 * Ours, not Xen's: every feature above as an X-macro, X(name), so loaders
 * and tools print and parse names from one list, e.g.
 *   #define F(n) [XENFEAT_ ## n] = #n,
 *   static const char *const names[] = { XENFEAT_LIST(F) };
 */
#define XENFEAT_LIST(X)                                                         \
	X(writable_page_tables) X(writable_descriptor_tables)                   \
	X(auto_translated_physmap) X(supervisor_mode_kernel)                    \
	X(pae_pgdir_above_4gb) X(mmu_pt_update_preserve_ad) X(highmem_assist)   \
	X(gnttab_map_avail_bits) X(hvm_callback_vector) X(hvm_safe_pvclock)     \
	X(hvm_pirqs) X(dom0) X(memory_op_vnode_supported) X(ARM_SMCCC_supported) \
	X(linux_rsdp_unrestricted) X(not_direct_mapped) X(direct_mapped)

#endif /* __XEN_PUBLIC_FEATURES_H__ */
