/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Port I/O from a PV kernel: each IN/OUT traps to the hypervisor, which
 * performs or emulates it under the vCPU's IOPL (PHYSDEVOP_set_iopl) or
 * I/O bitmap, and the domain's port permissions. Linux's argument order:
 * the value first, then the port.
 */
#ifndef GUEST_IO_H
#define GUEST_IO_H

#include <stdint.h>

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %w1, %b0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ __volatile__("inl %w1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void outb(uint8_t v, uint16_t port)
{
	__asm__ __volatile__("outb %b0, %w1" : : "a"(v), "Nd"(port) : "memory");
}

static inline void outl(uint32_t v, uint16_t port)
{
	__asm__ __volatile__("outl %0, %w1" : : "a"(v), "Nd"(port) : "memory");
}

#endif /* GUEST_IO_H */
