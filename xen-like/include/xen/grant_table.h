/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Grant tables (common/grant_table.c): each domain's table of version 1
 * or version 2 grant entries (and, under v2, status frames) in xenheap
 * frames it maps itself, the active entries the
 * hypervisor keeps beside them, and the maptrack of the mappings the
 * domain made of other domains' grants (docs/grant-tables.md).
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <public/grant_table.h>
#include <xen/mm.h>
#include <xen/types.h>

struct domain;
struct grant_table;

/* Boot option gnttab_max_frames= (Xen's default: 64). */
extern unsigned int opt_max_grant_frames;
extern unsigned int opt_max_maptrack_frames;
/* Boot option gnttab=max-ver:N (Xen's default: 2): the highest version a domain may have. */
extern unsigned int opt_gnttab_max_version;

/* XENMEM_acquire_resource of a grant table: its size in frames for resource @id (0: none). */
unsigned int gnttab_resource_max_frames(const struct domain *d, unsigned int id);
/* The MFNs of frames @frame.. (@nr of them), growing the table; @nr or -EINVAL. */
int gnttab_acquire_resource(struct domain *d, unsigned int id, unsigned int frame,
			    unsigned int nr, uint64_t *mfns);
/*
 * Give a new domain its grant table (one frame, version 1), which may
 * switch up to version @max_version: 0, -EINVAL (@max_version not 1 up
 * to gnttab=max-ver) or -ENOMEM.
 */
int grant_table_init(struct domain *d, unsigned int max_frames, unsigned int maptrack_frames,
		     unsigned int max_version);

/*
 * Destruction (common/domain.c's domain_kill(), in this order): undo the
 * dying domain's mappings of others' grants (pins, GTF flags, device
 * mappings' references; maptrack frames freed): 0 or -ERESTART to be
 * called again; then drop its own references on its table frames; and
 * once the domain's last reference went, free the table.
 */
int gnttab_release_mappings(struct domain *d);
void gnttab_release_frames(struct domain *d);
void grant_table_destroy(struct domain *d);

/* Debug key 'g': every domain's table, active entries and maptrack. */
void gnttab_dump(void);

/*
 * The architecture's half of a host mapping (arch/x86/pv/mmu.c), as on
 * Xen (create_grant_pv_mapping / replace_grant_pv_mapping). Both run for
 * the current domain and return a GNTST_* code.
 *
 * arch_gnttab_create_host_mapping: write the grant PTE for @mfn with the
 * GNTMAP_* @flags at @addr (a virtual address in the current page tables,
 * or with GNTMAP_contains_pte the machine address of the L1 entry). The
 * caller already holds the references the new PTE stands for (a general
 * one, plus the writable type unless GNTMAP_readonly): from now on they
 * belong to the PTE, which the MMU treats as any other L1 entry (so a
 * guest that overwrites it drops them, as on Xen). The references of the
 * entry it replaces are dropped.
 *
 * arch_gnttab_replace_host_mapping: the PTE at @addr must still map @mfn
 * present with the grant's RW bit; it is cleared (or, with @new_addr,
 * replaced by the entry moved from virtual address @new_addr). The
 * caller then drops the references the grant PTE held.
 */
int arch_gnttab_create_host_mapping(uint64_t addr, mfn_t mfn, unsigned int flags);
int arch_gnttab_replace_host_mapping(uint64_t addr, mfn_t mfn, uint64_t new_addr,
				     unsigned int flags);

#endif /* XEN_GRANT_TABLE_H */
