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
 * fault) is refused, and I/O breakpoints (RW = 10b) never reach the
 * CPU: without the guest's CR4.DE they are refused (-EPERM); with it
 * (a PV guest owns CR4.DE, pv/emulate.c) their enable bits are kept
 * apart in the vCPU's dr7_emul, left out of the DR7 the CPU is given,
 * and matched by the hypervisor's I/O emulation instead
 * (pv_io_breakpoint()). Under CR4.DE DR4 and DR5 do not exist (#UD,
 * -ENODEV); without it they alias DR6 and DR7.
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
#define DR7_LEN_SHIFT 18

/*
 * Xen's __addr_ok() for 64-bit PV: the lower canonical half, or above
 * the hypervisor's reserved range (a non-canonical value above it
 * faults where it is used, never in the hypervisor).
 */
static inline bool pv_guest_addr_ok(uint64_t va)
{
	return va < (1UL << 47) || va >= HYPERVISOR_VIRT_END;
}

/*
 * If @dr7 enables any breakpoint (a disabled DR7 keeps whatever RW
 * fields it holds, as the CPU's) and makes any slot, enabled or not, an
 * I/O breakpoint: true, with those slots' enable bits (Ln, Gn) in *@io.
 */
static inline bool pv_dr7_wants_io(uint64_t dr7, uint32_t *io)
{
	bool any = false;
	unsigned int i;

	*io = 0;
	if (!(dr7 & DR7_ACTIVE_MASK))
		return false;
	for (i = 0; i < 4; i++) {
		if (((dr7 >> (DR7_RW_SHIFT + i * 4)) & 3) == DR7_RW_IO) {
			any = true;
			*io |= dr7 & (3U << (i * 2));
		}
	}
	return any;
}

/*
 * Check @value for debug register @reg (as the guest numbers it, 0-7)
 * of a vCPU whose CR4.DE is @cr4_de, and normalise it in place
 * (reserved bits to their fixed values; for DR7, the I/O breakpoints'
 * enable bits taken out and put in *@dr7_emul, which is written only
 * for DR7). Returns the register to write (0-3, 6 or 7), or -EPERM (a
 * breakpoint address in the hypervisor's range, DR7.GD, an I/O
 * breakpoint without CR4.DE), -EINVAL (DR6 or DR7 with any of bits
 * 32-63 set) or -ENODEV (no such register; DR4 and DR5 under CR4.DE).
 * Nothing is changed on an error.
 */
static inline int pv_debugreg_check(int reg, uint64_t *value, bool cr4_de, uint32_t *dr7_emul)
{
	uint64_t val = *value;
	uint32_t io;

	switch (reg) {
	case 0: case 1: case 2: case 3:
		if (!pv_guest_addr_ok(val))
			return -EPERM;
		return reg;
	case 4: case 6:
		if (reg == 4 && cr4_de)
			return -ENODEV;
		if (val != (uint32_t)val)
			return -EINVAL;
		*value = (val & ~DR6_RESERVED_ZERO) | DR6_RESERVED_ONE;
		return 6;
	case 5: case 7:
		if (reg == 5 && cr4_de)
			return -ENODEV;
		if (val != (uint32_t)val)
			return -EINVAL;
		val = (val & ~DR7_RESERVED_ZERO) | DR7_RESERVED_ONE;
		if (val & DR7_GENERAL_DETECT)
			return -EPERM;
		if (pv_dr7_wants_io(val, &io) && !cr4_de)
			return -EPERM;
		*value = val & ~(uint64_t)io;
		*dr7_emul = io;
		return 7;
	default:
		return -ENODEV;
	}
}

/*
 * Which of the guest's I/O breakpoints does an access to ports
 * [@port, @port + @len) hit? DR6's B0-B3 bits; 0 without CR4.DE.
 * @dr holds DR0-DR3 and, at [7], the DR7 the CPU is given (its RW and
 * LEN fields intact), @dr7_emul the I/O enables.
 */
static inline uint32_t pv_io_breakpoint(const uint64_t dr[8], uint32_t dr7_emul, bool cr4_de,
					unsigned int port, unsigned int len)
{
	static const unsigned int width[4] = { 1, 2, 8, 4 }; /* by the LEN field */
	uint32_t match = 0;
	unsigned int i;
	uint64_t start, w;

	if (!dr7_emul || !cr4_de)
		return 0;
	for (i = 0; i < 4; i++) {
		if (!(dr7_emul & (3U << (i * 2))))
			continue;
		w = width[(dr[7] >> (DR7_LEN_SHIFT + i * 4)) & 3];
		start = dr[i] & ~(w - 1);
		if (start < port + len && start + w > port)
			match |= 1U << i;
	}
	return match;
}

#endif /* PV_DEBUGREG_H */
