/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rules a 64-bit PV guest's debug registers obey, as Xen 4.17's
 * set_debugreg() applies them. One checker serves every way in: the
 * set_debugreg hypercall and MOV to %dr from the guest kernel
 * (pv/traps.c, pv/emulate.c) and VCPUOP_initialise's context
 * (pv/vcpu_context.c), so the three cannot drift apart.
 *
 * The one idea: a breakpoint must never be able to fire on hypervisor
 * memory or on hypervisor port I/O. Addresses in the hypervisor's range
 * are refused, DR7.GD (which would make the hypervisor's own DR accesses
 * fault) is refused, and I/O breakpoints (RW = 10b) need CR4.DE, which a
 * PV guest here never has: its CR4.DE is not guest-owned (pv/emulate.c),
 * so DR4 and DR5 always alias DR6 and DR7.
 */
#ifndef PV_DEBUGREG_H
#define PV_DEBUGREG_H

#include <xen/errno.h>
#include <xen/types.h>
#include <asm/config.h>

#define DR6_RESERVED_ZERO (1UL << 12)
#define DR6_RESERVED_ONE 0xffff0ff0UL
#define DR6_BS (1UL << 14) /* single step */
#define DR7_RESERVED_ZERO 0xd800UL /* bits 11, 12, 14, 15 */
#define DR7_RESERVED_ONE 0x400UL
#define DR7_GENERAL_DETECT (1UL << 13)
#define DR7_ACTIVE_MASK 0xffUL /* L0-L3 and G0-G3 */
#define DR7_RW_SHIFT 16
#define DR7_RW_IO 2

/*
 * Xen's __addr_ok() for 64-bit PV: the lower canonical half, or above
 * the hypervisor's reserved range (a non-canonical value above it
 * faults where it is used, never in the hypervisor).
 */
static inline bool pv_guest_addr_ok(uint64_t va)
{
	return va < (1UL << 47) || va >= HYPERVISOR_VIRT_END;
}

/* Does @dr7 enable any breakpoint and ask for an I/O breakpoint in any slot? */
static inline bool pv_dr7_wants_io(uint64_t dr7)
{
	unsigned int i;

	if (!(dr7 & DR7_ACTIVE_MASK))
		return false;
	for (i = DR7_RW_SHIFT; i < 32; i += 4)
		if (((dr7 >> i) & 3) == DR7_RW_IO)
			return true;
	return false;
}

/*
 * Check @value for debug register @reg (as the guest numbers it, 0-7)
 * and normalise it in place (reserved bits to their fixed values).
 * Returns the register to write (0-3, 6 or 7), or -EPERM (a breakpoint
 * address in the hypervisor's range, DR7.GD, an I/O breakpoint without
 * CR4.DE), -EINVAL (DR6 or DR7 with any of bits 32-63 set) or -ENODEV
 * (no such register). Nothing is changed on an error.
 */
static inline int pv_debugreg_check(int reg, uint64_t *value)
{
	uint64_t val = *value;

	switch (reg) {
	case 0: case 1: case 2: case 3:
		if (!pv_guest_addr_ok(val))
			return -EPERM;
		return reg;
	case 4: case 6:
		if (val != (uint32_t)val)
			return -EINVAL;
		*value = (val & ~DR6_RESERVED_ZERO) | DR6_RESERVED_ONE;
		return 6;
	case 5: case 7:
		if (val != (uint32_t)val)
			return -EINVAL;
		val = (val & ~DR7_RESERVED_ZERO) | DR7_RESERVED_ONE;
		if (val & DR7_GENERAL_DETECT)
			return -EPERM;
		if (pv_dr7_wants_io(val))
			return -EPERM; /* would need CR4.DE */
		*value = val;
		return 7;
	default:
		return -ENODEV;
	}
}

#endif /* PV_DEBUGREG_H */
