/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Atomic bit operations on arrays of unsigned long, bit n being bit
 * n % 64 of word n / 64. LOCKed, so they are also full barriers: the
 * event-channel delivery order (pending, mask, selector, upcall pending)
 * relies on that against a guest changing the same words concurrently.
 */
#ifndef ASM_BITOPS_H
#define ASM_BITOPS_H

#include <xen/types.h>

static inline bool test_and_set_bit(unsigned long nr, volatile unsigned long *addr)
{
	bool old;

	__asm__ __volatile__("lock btsq %2, %1"
			     : "=@ccc"(old), "+m"(addr[nr / 64])
			     : "r"(nr % 64)
			     : "memory");
	return old;
}

static inline bool test_and_clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	bool old;

	__asm__ __volatile__("lock btrq %2, %1"
			     : "=@ccc"(old), "+m"(addr[nr / 64])
			     : "r"(nr % 64)
			     : "memory");
	return old;
}

static inline void set_bit(unsigned long nr, volatile unsigned long *addr)
{
	__asm__ __volatile__("lock btsq %1, %0" : "+m"(addr[nr / 64]) : "r"(nr % 64) : "memory");
}

static inline void clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	__asm__ __volatile__("lock btrq %1, %0" : "+m"(addr[nr / 64]) : "r"(nr % 64) : "memory");
}

static inline bool test_bit(unsigned long nr, const volatile unsigned long *addr)
{
	return (addr[nr / 64] >> (nr % 64)) & 1;
}

#endif /* ASM_BITOPS_H */
