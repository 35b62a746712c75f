/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The only ways into and out of guest memory. A guest pointer is a
 * public guest handle (struct { uint64_t p; }), which the compiler will
 * not dereference. The helpers check that the whole range is canonical,
 * does not wrap and stays below the hypervisor's reserved hole (for
 * 64-bit PV, guests own both halves around it), then copy through the
 * current page tables with exception-table fixups: a fault returns the
 * number of bytes NOT copied (non-zero means -EFAULT for the caller).
 */
#ifndef XEN_GUEST_ACCESS_H
#define XEN_GUEST_ACCESS_H

#include <public/xen.h>
#include <xen/types.h>

#define GUEST_PTR(T) XEN_GUEST_HANDLE(T)
#define GUEST_PTR_FROM_REG(T, reg) ((XEN_GUEST_HANDLE(T)){ (reg) })

/* Is [va, va + len) entirely guest-accessible address space? */
bool guest_range_ok(uint64_t va, uint64_t len);

unsigned long raw_copy_from_guest(void *dst, uint64_t src, unsigned long len);
unsigned long raw_copy_to_guest(uint64_t dst, const void *src, unsigned long len);
unsigned long raw_clear_guest(uint64_t dst, unsigned long len);

/* Copy @nr elements of *@ptr's type; handles of any type. */
#define copy_from_guest(ptr, hnd, nr) \
	raw_copy_from_guest(ptr, (hnd).p, (unsigned long)(nr) * sizeof(*(ptr)))
#define copy_to_guest(hnd, ptr, nr) \
	raw_copy_to_guest((hnd).p, ptr, (unsigned long)(nr) * sizeof(*(ptr)))
#define copy_from_guest_offset(ptr, hnd, off, nr) \
	raw_copy_from_guest(ptr, (hnd).p + (off) * sizeof(*(ptr)), (unsigned long)(nr) * sizeof(*(ptr)))
#define copy_to_guest_offset(hnd, off, ptr, nr) \
	raw_copy_to_guest((hnd).p + (off) * sizeof(*(ptr)), ptr, (unsigned long)(nr) * sizeof(*(ptr)))
#define clear_guest(hnd, len) raw_clear_guest((hnd).p, len)
#define guest_handle_null(hnd) ((hnd).p == 0)

#endif /* XEN_GUEST_ACCESS_H */
