/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fake machine's frame table, idle L4 and the helpers both PV MMU
 * unit tests use to read frames and write entries (after the sources
 * under test: it needs their types). See pv-fake-machine.h.
 */
#ifndef UNIT_PV_FAKE_FRAMES_H
#define UNIT_PV_FAKE_FRAMES_H

static struct page_info ftab[NR_FRAMES];
struct page_info *frame_table = ftab;
unsigned long max_page = NR_FRAMES;
struct cpuinfo_x86 boot_cpu_data;

/* The idle L4, whose hypervisor slots every guest L4 gets (each test fills it). */
static uint64_t idle_l4[512];

const uint64_t *idle_pg_table_ptr(void)
{
	return idle_l4;
}

#define OWNED (PGC_state_inuse | PGC_allocated | 1)
#define PT(l) ((uint64_t)(l) << 61) /* PGT_l<l>_page_table */
#define PRO _PAGE_PRESENT
#define PRW (_PAGE_PRESENT | _PAGE_RW)

/* Frame @m's general and type reference counts. */
static uint64_t gc(mfn_t m)
{
	return ftab[m].count_info & PGC_count_mask;
}

static uint64_t tc(mfn_t m)
{
	return ftab[m].type_info & PGT_count_mask;
}

/* A page-table entry mapping @m with @flags. */
static uint64_t e_(mfn_t m, uint64_t flags)
{
	return (m << PAGE_SHIFT) | flags;
}

#endif /* UNIT_PV_FAKE_FRAMES_H */
