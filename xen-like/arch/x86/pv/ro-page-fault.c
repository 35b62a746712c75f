// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writable page tables (VMASST_TYPE_writable_pagetables, pv-abi-mm.md
 * 5.8): a guest kernel that stores into one of its own L1 tables, which
 * it can only map read-only, takes a write fault; instead of bouncing it,
 * the store is decoded, widened to the 8-byte entry it falls in, the new
 * entry validated exactly as mmu_update would, and written. The guest
 * continues after the instruction as if the store had simply worked.
 *
 * The one idea: the faulting address (CR2) already says where; only the
 * instruction's operand size, its source value and its length need
 * decoding, so a small decoder of the stores compilers emit for a PTE
 * (MOV, XCHG, LOCK CMPXCHG) is enough. Anything else, or an entry that
 * does not validate, is left to the guest as the #PF it was.
 */
#include <public/xen.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/regs.h>

#include "mm.h"

#define PFEC_present (1U << 0)
#define PFEC_write (1U << 1)
#define PFEC_reserved (1U << 3)
#define PFEC_insn (1U << 4)

enum op { OP_MOV, OP_XCHG, OP_CMPXCHG };

struct store {
	enum op op;
	unsigned int size;     /* 1, 2, 4 or 8 bytes */
	unsigned int len;      /* instruction length */
	int reg;               /* source register, -1 for an immediate */
	bool high_byte;        /* AH..BH */
	uint64_t imm;
};

static uint64_t *reg_slot(struct cpu_regs *regs, unsigned int n)
{
	uint64_t *const slots[16] = { &regs->rax, &regs->rcx, &regs->rdx, &regs->rbx,
				      &regs->rsp, &regs->rbp, &regs->rsi, &regs->rdi,
				      &regs->r8,  &regs->r9,  &regs->r10, &regs->r11,
				      &regs->r12, &regs->r13, &regs->r14, &regs->r15 };
	return slots[n & 15];
}

static uint64_t size_mask(unsigned int size)
{
	return size == 8 ? ~0UL : (1UL << (size * 8)) - 1;
}

/* Length of a ModRM memory operand (ModRM, SIB, displacement); 0 if a register. */
static unsigned int modrm_len(const uint8_t *p, unsigned int avail)
{
	unsigned int mod, rm, n = 1;

	if (!avail)
		return 0;
	mod = p[0] >> 6;
	rm = p[0] & 7;
	if (mod == 3)
		return 0;
	if (rm == 4) {
		if (avail < 2)
			return 0;
		n++;
		if (mod == 0 && (p[1] & 7) == 5)
			n += 4;
	} else if (mod == 0 && rm == 5) {
		n += 4; /* RIP-relative */
	}
	if (mod == 1)
		n += 1;
	else if (mod == 2)
		n += 4;
	return n;
}

/* Decode the store at @p (@avail bytes readable); false if not one we emulate. */
static bool decode(const uint8_t *p, unsigned int avail, struct store *s)
{
	unsigned int i = 0, rex = 0, m;
	bool opsize16 = false;
	uint8_t opc;

	memset(s, 0, sizeof(*s));
	for (; i < avail; i++) {
		uint8_t b = p[i];

		if (b == 0x66)
			opsize16 = true;
		else if (b == 0xf0 || b == 0x2e || b == 0x3e || b == 0x26 || b == 0x36 ||
			 b == 0x64 || b == 0x65)
			continue; /* LOCK, segment overrides: CR2 is already linear */
		else
			break;
	}
	if (i < avail && (p[i] & 0xf0) == 0x40)
		rex = p[i++];
	if (i >= avail)
		return false;
	opc = p[i++];
	if (opc == 0x0f) {
		if (i >= avail || (p[i] != 0xb0 && p[i] != 0xb1))
			return false;
		s->op = OP_CMPXCHG;
		opc = p[i++] == 0xb0 ? 0x88 : 0x89; /* same operand shape as MOV */
	} else if (opc == 0x86 || opc == 0x87) {
		s->op = OP_XCHG;
		opc += 2;
	}
	switch (opc) {
	case 0x88:
	case 0x89:
	case 0xc6:
	case 0xc7:
		break;
	default:
		return false;
	}
	s->size = (opc & 1) ? ((rex & 8) ? 8 : opsize16 ? 2 : 4) : 1;
	m = modrm_len(p + i, avail - i);
	if (!m || i + m > avail)
		return false;
	if (opc == 0x88 || opc == 0x89) {
		s->reg = ((p[i] >> 3) & 7) | ((rex & 4) << 1);
		s->high_byte = s->size == 1 && !rex && s->reg >= 4;
		if (s->high_byte)
			s->reg -= 4;
		i += m;
	} else {
		unsigned int isz = s->size == 1 ? 1 : s->size == 2 ? 2 : 4;

		if ((p[i] >> 3) & 7)
			return false; /* C6/C7 /0 only */
		i += m;
		if (i + isz > avail)
			return false;
		s->reg = -1;
		s->imm = 0;
		memcpy(&s->imm, p + i, isz);
		if (isz == 4 && s->size == 8)
			s->imm = (uint64_t)(int64_t)(int32_t)s->imm;
		i += isz;
	}
	s->len = i;
	return true;
}

static uint64_t source_value(struct cpu_regs *regs, const struct store *s)
{
	if (s->reg < 0)
		return s->imm & size_mask(s->size);
	if (s->high_byte)
		return (*reg_slot(regs, s->reg) >> 8) & 0xff;
	return *reg_slot(regs, s->reg) & size_mask(s->size);
}

/* Write @val (operand size) back into a register as the CPU would. */
static void set_reg(struct cpu_regs *regs, int reg, bool high_byte, unsigned int size, uint64_t val)
{
	uint64_t *r = reg_slot(regs, reg);

	if (high_byte)
		*r = (*r & ~0xff00UL) | ((val & 0xff) << 8);
	else if (size == 4)
		*r = val & 0xffffffffUL; /* 32-bit results zero-extend */
	else
		*r = (*r & ~size_mask(size)) | (val & size_mask(size));
}

/*
 * A write fault at @addr from the guest: emulate it if it is a store
 * into one of the domain's own L1 tables. True if handled (the
 * guest continues after the instruction), false to deliver the #PF.
 */
static bool ro_page_fault_locked(struct cpu_regs *regs, uint64_t addr, uint32_t ec)
{
	struct vcpu *v = current;
	struct domain *d = v->domain;
	uint8_t insn[16];
	unsigned int avail, off;
	struct store s;
	struct page_info *pg;
	uint64_t *pte, *entry, old, val, cur;
	mfn_t l1mfn, mfn;

	/* The page written must be mapped read-only and be one of our L1 tables. */
	pte = pv_guest_l1e(v, addr, &l1mfn);
	if (!pte || (*pte & (_PAGE_PRESENT | _PAGE_RW)) != _PAGE_PRESENT)
		return false;
	mfn = pte_mfn(*pte);
	if (!mfn_valid(mfn) || get_page(pg = mfn_to_page(mfn), d))
		return false;
	if ((pg->type_info & (PGT_type_mask | PGT_validated)) != (PGT_l1_page_table | PGT_validated) ||
	    !(pg->type_info & PGT_count_mask))
		goto out;

	/* Fetch what is readable of the instruction (it may end a mapping). */
	for (avail = 0; avail < 15; avail++)
		if (raw_copy_from_guest(&insn[avail], regs->rip + avail, 1))
			break;
	if (!decode(insn, avail, &s))
		goto out;
	off = addr & 7;
	if (addr & (s.size - 1))
		goto out; /* not naturally aligned: could straddle two entries */

	entry = (uint64_t *)mfn_to_virt(mfn) + ((addr & (PAGE_SIZE - 1)) >> 3);
	old = *entry;
	cur = (old >> (off * 8)) & size_mask(s.size);
	val = source_value(regs, &s);
	if (s.op == OP_CMPXCHG) {
		uint64_t expect = regs->rax & size_mask(s.size);

		regs->rflags &= ~X86_EFLAGS_ZF;
		if (cur != expect) {
			set_reg(regs, 0, false, s.size, cur);
			goto done;
		}
		regs->rflags |= X86_EFLAGS_ZF;
	}
	val = (old & ~(size_mask(s.size) << (off * 8))) | (val << (off * 8));
	if (mod_pt_entry(1, entry, val, mfn, d, d, false))
		goto out; /* the new entry does not validate: the guest gets its #PF */
	if (s.op == OP_XCHG)
		set_reg(regs, s.reg, s.high_byte, s.size, cur);
done:
	regs->rip += s.len;
	put_page(pg);
	return true;
out:
	put_page(pg);
	return false;
}

bool pv_ro_page_fault(struct cpu_regs *regs, uint64_t addr, uint32_t ec)
{
	struct domain *d = current->domain;
	bool handled;

	/*
	 * Only a write to a present page can be one, and only for a domain
	 * that asked (the hardware domain gets it without asking, as on Xen).
	 * Checked before the lock: every other fault is bounced without it.
	 */
	if ((ec & (PFEC_present | PFEC_write | PFEC_reserved | PFEC_insn)) !=
		    (PFEC_present | PFEC_write) ||
	    !((d->vm_assist & (1UL << VMASST_TYPE_writable_pagetables)) || is_hardware_domain(d)))
		return false;
	pv_mm_lock(); /* the emulated write is an mmu_update */
	handled = ro_page_fault_locked(regs, addr, ec);
	pv_mm_unlock();
	return handled;
}
