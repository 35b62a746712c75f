// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest memory copies for PV guests, which share the address space with
 * the hypervisor: validate the range, then copy with "rep movsb" under an
 * exception-table fixup, so a guest's bad pointer costs a -EFAULT, never
 * a hypervisor fault. The range check is what stops a guest from naming
 * hypervisor addresses; page permissions stop the rest (guest pages are
 * user pages, hypervisor pages are not, and CR0.WP keeps read-only guest
 * mappings read-only for us too).
 */
#include <asm/config.h>
#include <xen/guest_access.h>
#include <xen/lib.h>

#define CANONICAL_LOW_END 0x0000800000000000UL

bool guest_range_ok(uint64_t va, uint64_t len)
{
	uint64_t end = va + len;

	if (end < va)
		return false;
	if (!len)
		return true;
	/* Lower half, or upper half above the reserved hole. */
	if (end <= CANONICAL_LOW_END)
		return true;
	return va >= HYPERVISOR_VIRT_END;
}

/* Returns the number of bytes left uncopied (0 on success). */
static unsigned long copy_fixup(void *dst, const void *src, unsigned long len)
{
	__asm__ __volatile__("1: rep movsb\n"
			     "2:\n"
			     ".section .ex_table,\"a\"\n"
			     ".balign 8\n"
			     ".quad 1b, 2b\n"
			     ".previous"
			     : "+D"(dst), "+S"(src), "+c"(len)
			     :
			     : "memory");
	return len;
}

static unsigned long clear_fixup(void *dst, unsigned long len)
{
	__asm__ __volatile__("1: rep stosb\n"
			     "2:\n"
			     ".section .ex_table,\"a\"\n"
			     ".balign 8\n"
			     ".quad 1b, 2b\n"
			     ".previous"
			     : "+D"(dst), "+c"(len)
			     : "a"(0)
			     : "memory");
	return len;
}

unsigned long raw_copy_from_guest(void *dst, uint64_t src, unsigned long len)
{
	unsigned long left;

	if (!guest_range_ok(src, len))
		return len;
	left = copy_fixup(dst, (const void *)src, len);
	if (left)
		memset((char *)dst + (len - left), 0, left); /* never leak stale bytes */
	return left;
}

unsigned long raw_copy_to_guest(uint64_t dst, const void *src, unsigned long len)
{
	if (!guest_range_ok(dst, len))
		return len;
	return copy_fixup((void *)dst, src, len);
}

unsigned long raw_clear_guest(uint64_t dst, unsigned long len)
{
	if (!guest_range_ok(dst, len))
		return len;
	return clear_fixup((void *)dst, len);
}
