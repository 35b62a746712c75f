/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page-table helpers for the PV MMU test kernels: entry bits, one-request
 * wrappers for mmu_update and mmuext_op, faulting accesses, spare frames
 * and a scratch window of virtual addresses with L1 tables of our own.
 *
 * The one idea: a PV guest names everything by machine frame, owns the
 * frames the builder gave it (start_info->nr_pages of them, PFN n backed
 * by the P2M's MFN), and may only turn a frame into a page table while no
 * writable mapping of it exists. So the helpers keep track of which frames
 * are free to use and build page tables in free pages after remapping
 * them read-only.
 *
 * Free frames, in two kinds. The builder maps PFN n at virtual address
 * n pages (no VIRT_BASE note) from 0 up to v_end, the end of its initial
 * region: image, P2M, start_info, boot page tables, boot stack, then at
 * least 512 KiB of padding up to a 4 MiB boundary. mm_init() finds v_end
 * by probing for the first unmapped page after the boot stack.
 *  - Padding pages (after the boot stack, below v_end) are mapped
 *    read-write at their PFN's address and used by nobody:
 *    mm_alloc_page() hands them out, zeroed. Remap one read-only
 *    (mm_make_readonly) before it becomes a page table.
 *  - Spare frames (PFNs from v_end / 4096 to nr_pages - 1) belong to the
 *    domain but have no mapping at all, so they can be typed at once:
 *    mm_alloc_pfn() hands them out (contents: whatever Xen left).
 * Neither allocator ever hands out a frame twice (no freeing).
 *
 * The window. MM_WINDOW_PAGES pages of virtual address space at
 * MM_WINDOW_VA (L4 slot 1, unused by the builder), mapped by an L3, an
 * L2 and MM_WINDOW_L1S L1 tables taken from the padding, read-only,
 * linked into the boot L4 by mm_init() (validated, not pinned). It starts
 * empty. A test maps frames there with mmu_update on
 * mm_window_pte_maddr(i) (and flushes the TLB itself) or with
 * mm_window_map(); mm_window_pte(i) reads the entry back as the
 * hypervisor wrote it.
 */
#ifndef TESTS_FRAMEWORK_MM_H
#define TESTS_FRAMEWORK_MM_H

#include <public/errno.h>
#include <public/memory.h>
#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/traps.h>

/* Entry bits lib.h does not define. */
#define _PAGE_PWT 0x008UL
#define _PAGE_PCD 0x010UL
#define _PAGE_PSE 0x080UL
#define _PAGE_GLOBAL 0x100UL
#define _PAGE_NX (1UL << 63)
/* Xen marks a 64-bit PV kernel page (one written without U) with bit 52. */
#define _PAGE_GUEST_KERNEL (1UL << 52)

#define PTE_ADDR_MASK 0x000ffffffffff000UL
#define PTE(mfn, flags) (((uint64_t)(mfn) << PAGE_SHIFT) | (flags))
#define PTE_MFN(pte) (((pte)&PTE_ADDR_MASK) >> PAGE_SHIFT)
/* The usual flag sets: a writable and a read-only data page, a table link. */
#define PTE_RW (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PTE_RO (_PAGE_PRESENT | _PAGE_ACCESSED)
#define PTE_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

/* Index of va in a table of level 1-4. */
#define PT_INDEX(va, level) (((uint64_t)(va) >> (12 + 9 * ((level)-1))) & 511)
#define PT_ENTRIES 512

/* Machine address of entry idx of the table in frame mfn (an mmu_update ptr). */
#define PT_ENTRY_MADDR(mfn, idx) (((uint64_t)(mfn) << PAGE_SHIFT) + (uint64_t)(idx)*8)

/*
 * A frame at 2^48 bytes: past the physical address width of the machine
 * the tests run on (QEMU's qemu64 CPU has 40 bits), so neither RAM nor an
 * I/O range dom0 may map.
 */
#define MFN_BEYOND_PADDR 0xffffff000UL

/* The read-only M2P every PV kernel sees (MACH2PHYS_VIRT_START). */
#define M2P ((const volatile uint64_t *)MACH2PHYS_VIRT_START)

/* One mmu_update request (cmd is MMU_*); *done is not asked for. */
long mmu_update1(uint64_t maddr, unsigned int cmd, uint64_t val);
/* One mmuext_op naming a frame (PIN_*, UNPIN_TABLE, NEW_BASEPTR, ...). */
long mmuext_mfn(unsigned int cmd, uint64_t mfn);
/* One mmuext_op naming an address (INVLPG_*) or nothing (TLB_FLUSH_*). */
long mmuext_va(unsigned int cmd, uint64_t va);
/* MMUEXT_PIN_L<level>_TABLE of mfn. */
long mm_pin(unsigned int level, uint64_t mfn);
/* MMUEXT_UNPIN_TABLE of mfn. */
long mm_unpin(uint64_t mfn);

/*
 * Accesses that may fault: return 0, or the exception as a fixup reports
 * it (last_trap has the frame and CR2). *v is left alone on a fault.
 */
exinfo_t mm_read64(const volatile void *p, uint64_t *v);
exinfo_t mm_write64(volatile void *p, uint64_t v);

/*
 * update_va_mapping of a page of the initial mapping (virtual address =
 * PFN pages) to read-only, for a table to be.
 */
long mm_make_readonly(const void *page);
/* ... and back to read-write. */
long mm_make_writable(const void *page);

/* The frame of the builder's L4 (start_info->pt_base). */
uint64_t mm_boot_l4_mfn(void);
/* The builder's L4 as the guest sees it (mapped read-only by the builder). */
#define mm_boot_l4 ((const volatile uint64_t *)(uintptr_t)start_info->pt_base)

/*
 * Find the spare frames and build the window. Returns 0, or the first
 * failing hypercall's error code with *what naming the step.
 */
long mm_init(const char **what);
/* mm_init(), reporting a failure as the test's error verdict; true if ready. */
bool mm_setup(void);

/*
 * Take @n spare frames into @mfn[] and write @tag[k] into the first word
 * of frame k (through window slot 0, unmapped again after), so a test
 * can tell which frame a mapping reaches. True on success; a failure is
 * reported as the test's error or failure verdict.
 */
bool mm_tagged_frames(uint64_t *mfn, const uint64_t *tag, unsigned int n);

/* First PFN the builder left unmapped (v_end / 4096); set by mm_init(). */
extern uint64_t mm_first_spare_pfn;
/* A zeroed padding page never handed out before, or NULL when none is left. */
void *mm_alloc_page(void);
/* A spare PFN never handed out before, or MM_NO_FRAME when none is left. */
#define MM_NO_FRAME (~0UL)
uint64_t mm_alloc_pfn(void);

#define MM_WINDOW_VA 0x8000000000UL /* L4 slot 1 */
#define MM_WINDOW_L1S 8
#define MM_WINDOW_PAGES (MM_WINDOW_L1S * PT_ENTRIES)
#define mm_window_va(i) ((volatile void *)(MM_WINDOW_VA + (uint64_t)(i)*PAGE_SIZE))

/* The window's tables (read-only once mm_init() succeeded); the L1s are contiguous. */
extern const volatile uint64_t *mm_window_l1, *mm_window_l2, *mm_window_l3;
/* Machine frame of window L1 number n (n < MM_WINDOW_L1S). */
uint64_t mm_window_l1_mfn(unsigned int n);
/* Machine address of the L1 entry for window page i (ptr for mmu_update). */
uint64_t mm_window_pte_maddr(unsigned int i);
/* The entry for window page i as the hypervisor wrote it. */
#define mm_window_pte(i) (mm_window_l1[i])
/* update_va_mapping of window page i to pte, UVMF_INVLPG | UVMF_LOCAL. */
long mm_window_map(unsigned int i, uint64_t pte);

#endif /* TESTS_FRAMEWORK_MM_H */
