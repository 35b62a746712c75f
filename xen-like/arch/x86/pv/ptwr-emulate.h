/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The instruction emulator behind writable page tables
 * (pv/ptwr-emulate.c). It knows nothing of page tables: the caller
 * (pv/ro-page-fault.c) supplies the memory accesses, so host unit tests
 * can run it against the host CPU.
 */
#ifndef PV_PTWR_EMULATE_H
#define PV_PTWR_EMULATE_H

#include <xen/types.h>
#include <asm/regs.h>

/* The architectural limit on an instruction's length. */
#define PTWR_INSN_MAX 15

/*
 * The emulator's only way to memory: its one memory operand (two for
 * MOVS, whose source is only read). @addr is linear (segment base
 * included), @bytes 1, 2, 4 or 8, values zero-extended.
 */
struct ptwr_emul_ops {
	/* Read the operand: 0, or -EFAULT (the instruction is refused). */
	int (*read)(void *data, uint64_t addr, unsigned int bytes, uint64_t *val);
	/* Store @val: 0, or a negative error (refused, nothing stored). */
	int (*write)(void *data, uint64_t addr, unsigned int bytes, uint64_t val);
	/*
	 * Store @new if memory still holds *@old: 0 if stored; -EAGAIN if
	 * not, with what it holds in *@old; another negative error if
	 * refused (nothing stored).
	 */
	int (*cmpxchg)(void *data, uint64_t addr, unsigned int bytes, uint64_t *old, uint64_t new);
};

struct ptwr_emul {
	struct cpu_regs *regs;	   /* IN/OUT: the guest's registers */
	const uint8_t *insn;	   /* IN: the bytes at regs->rip */
	unsigned int insn_avail;   /* IN: how many could be read, <= 15 */
	uint64_t fs_base, gs_base; /* IN: the guest's current bases */
	const struct ptwr_emul_ops *ops;
	void *data; /* passed to every op */
};

/*
 * Decode the instruction at e->regs->rip and carry it out through e->ops.
 * Returns 0 when done: registers, RFLAGS and RIP updated (RIP left
 * alone while a REP string instruction has iterations to go). -EAGAIN:
 * a LOCKed write found memory changed since it was read; nothing
 * changed, the guest should run the instruction again. -EOPNOTSUPP: not
 * an instruction this emulates (or truncated, or invalid as encoded).
 * Any other negative error is an op's refusal. Except for 0, the
 * registers are untouched.
 */
int ptwr_emulate(struct ptwr_emul *e);

/*
 * Merge a @bytes-wide store of @val at @addr (naturally aligned) into the
 * 8-byte entry @entry that contains it.
 */
static inline uint64_t ptwr_merge(uint64_t entry, uint64_t addr, unsigned int bytes, uint64_t val)
{
	unsigned int shift = (addr & 7) * 8;
	uint64_t mask = bytes == 8 ? ~0UL : ((1UL << (bytes * 8)) - 1) << shift;

	return (entry & ~mask) | ((val << shift) & mask);
}

#endif /* PV_PTWR_EMULATE_H */
