// SPDX-License-Identifier: GPL-2.0-only
/*
 * The x86-64 instruction emulator for writable page tables: it decodes
 * the one instruction that faulted storing into a read-only page-table
 * page and carries it out through the caller's read, write and cmpxchg
 * of its memory operand (pv/ro-page-fault.c supplies ones that validate
 * the new entry), the way Xen runs x86_emulate with its ptwr callbacks.
 *
 * The one idea: read, compute, write, and only then commit. The guest's
 * registers and RFLAGS change only once memory has taken the write. A
 * read-modify-write whose result equals what it read writes nothing. A
 * LOCKed one (and XCHG, which is always locked) writes by cmpxchg
 * against the value it read, so a change in between (the CPU setting
 * A/D in the entry) fails it and the guest simply runs it again.
 *
 * Only the memory-destination forms of the integer instructions that
 * can write a PTE are decoded (MOV, MOVNTI, XCHG, CMPXCHG, CMPXCHG8B,
 * XADD, the ALU group, INC/DEC, NOT/NEG, BTS/BTR/BTC, shifts and
 * rotates, SETcc, MOVS/STOS, and CMPXCHG16B as far as it does not
 * store); anything else is refused,
 * and the caller gives the guest its #PF. Arithmetic flags are computed
 * here, not by running the instruction, so the host unit test can hold
 * them against the CPU.
 */
#include <xen/errno.h>
#include <xen/types.h>
#include <asm/regs.h>

#include "ptwr-emulate.h"

#define EFL_CF (1UL << 0)
#define EFL_PF (1UL << 2)
#define EFL_AF (1UL << 4)
#define EFL_ZF (1UL << 6)
#define EFL_SF (1UL << 7)
#define EFL_DF (1UL << 10)
#define EFL_OF (1UL << 11)
#define EFL_RF (1UL << 16)
#define EFL_ARITH (EFL_CF | EFL_PF | EFL_AF | EFL_ZF | EFL_SF | EFL_OF)

#define REX_W 8
#define REX_R 4
#define REX_X 2
#define REX_B 1

enum kind {
	K_ALU, /* ADD, OR, ADC, SBB, AND, SUB, XOR (insn.alu) */
	K_MOV,
	K_XCHG,
	K_XADD,
	K_CMPXCHG,
	K_CMPXCHG8B,
	K_CMPXCHG16B, /* only its failing comparison: a 16-byte store is refused */
	K_INC,
	K_DEC,
	K_NOT,
	K_NEG,
	K_BTS,
	K_BTR,
	K_BTC,
	K_SHIFT, /* ROL, ROR, RCL, RCR, SHL, SHR, SAL, SAR (insn.alu) */
	K_SETCC, /* condition in insn.alu */
	K_MOVS,
	K_STOS,
};

/* The ALU group in opcode order (00-3F, and ModRM.reg of 80/81/83). */
enum alu { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR };

enum imm { IMM_NONE, IMM_8, IMM_Z /* 2 or 4 bytes by operand size */ };

struct insn {
	/* Prefixes: */
	uint8_t rex;
	bool opsize16, addr32, lock, rep;
	uint64_t seg_base; /* FS or GS base, 0 for the others */

	/* The operation: */
	enum kind kind;
	unsigned int alu;  /* ALU op, shift op or condition */
	unsigned int size; /* operand size, bytes */
	int reg;	   /* register source (REX.R included), -1 for none */
	bool bit_imm;	   /* BTS/BTR/BTC: bit offset in imm, not reg */
	bool count_cl;	   /* shifts: count in CL, not imm */
	uint64_t imm;	   /* sign-extended to 64 bits */

	/* The memory operand (not for MOVS/STOS): */
	bool rip_rel;
	uint64_t ea; /* offset, before the segment base */

	unsigned int len;
};

struct cursor {
	const uint8_t *p;
	unsigned int avail, pos;
	bool truncated;
};

static uint8_t fetch(struct cursor *c)
{
	if (c->pos >= c->avail) {
		c->truncated = true;
		return 0;
	}
	return c->p[c->pos++];
}

/* A little-endian immediate or displacement of @bytes, sign-extended. */
static uint64_t fetch_signed(struct cursor *c, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i, shift = 64 - 8 * bytes;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)fetch(c) << (8 * i);
	return (uint64_t)((int64_t)(v << shift) >> shift);
}

static uint64_t size_mask(unsigned int size)
{
	return size == 8 ? ~0UL : (1UL << (size * 8)) - 1;
}

static uint64_t *gpr(struct cpu_regs *r, unsigned int n)
{
	uint64_t *const slots[16] = {&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp,
				     &r->rsi, &r->rdi, &r->r8,	&r->r9,	 &r->r10, &r->r11,
				     &r->r12, &r->r13, &r->r14, &r->r15};
	return slots[n & 15];
}

/* Byte registers 4-7 are AH, CH, DH, BH unless the instruction has a REX. */
static bool is_high_byte(unsigned int n, unsigned int size, bool rex)
{
	return size == 1 && !rex && n >= 4 && n < 8;
}

static uint64_t get_reg(struct cpu_regs *r, unsigned int n, unsigned int size, bool rex)
{
	if (is_high_byte(n, size, rex))
		return (*gpr(r, n - 4) >> 8) & 0xff;
	return *gpr(r, n) & size_mask(size);
}

/* Write a result as the CPU does: a 32-bit one zero-extends, 8/16 merge. */
static void set_reg(struct cpu_regs *r, unsigned int n, unsigned int size, bool rex, uint64_t val)
{
	uint64_t *p;

	if (is_high_byte(n, size, rex)) {
		p = gpr(r, n - 4);
		*p = (*p & ~0xff00UL) | ((val & 0xff) << 8);
		return;
	}
	p = gpr(r, n);
	if (size == 4)
		*p = val & 0xffffffffUL;
	else
		*p = (*p & ~size_mask(size)) | (val & size_mask(size));
}

/* ---- decoding ---- */

/* Legacy prefix @b into @x; false if @b is not one. */
static bool legacy_prefix(const struct ptwr_emul *e, struct insn *x, uint8_t b)
{
	switch (b) {
	case 0xf0:
		x->lock = true;
		return true;
	case 0xf2:
	case 0xf3:
		x->rep = true;
		return true;
	case 0x66:
		x->opsize16 = true;
		return true;
	case 0x67:
		x->addr32 = true;
		return true;
	case 0x64:
		x->seg_base = e->fs_base;
		return true;
	case 0x65:
		x->seg_base = e->gs_base;
		return true;
	case 0x26:
	case 0x2e:
	case 0x36:
	case 0x3e:
		return true; /* ES, CS, SS, DS: no effect in 64-bit mode */
	default:
		return false;
	}
}

/*
 * What opcode @opc (0x0fXX for two-byte ones) with ModRM.reg @sub does:
 * fills kind, alu, size-as-byte, register source and immediate kind.
 * -EOPNOTSUPP for anything that is not a memory write we emulate.
 */
static int classify(struct insn *x, unsigned int opc, unsigned int sub, bool *byte_op,
		    enum imm *imm)
{
	bool reg_src = false;

	*byte_op = !(opc & 1);
	*imm = IMM_NONE;
	if (opc < 0x40 && (opc & 7) <= 1 && (opc >> 3) != 7) {
		x->kind = K_ALU; /* 00-31: op r/m, reg (38/39 CMP does not write) */
		x->alu = opc >> 3;
		reg_src = true;
		goto out;
	}
	switch (opc) {
	case 0x80:
	case 0x81:
	case 0x83:
		if (sub == 7)
			return -EOPNOTSUPP; /* CMP */
		x->kind = K_ALU;
		x->alu = sub;
		*byte_op = opc == 0x80;
		*imm = opc == 0x81 ? IMM_Z : IMM_8;
		break;
	case 0x86:
	case 0x87:
		x->kind = K_XCHG;
		reg_src = true;
		break;
	case 0x88:
	case 0x89:
		x->kind = K_MOV;
		reg_src = true;
		break;
	case 0xc6:
	case 0xc7:
		if (sub)
			return -EOPNOTSUPP; /* XABORT/XBEGIN */
		x->kind = K_MOV;
		*imm = opc == 0xc6 ? IMM_8 : IMM_Z;
		break;
	case 0xf6:
	case 0xf7:
		if (sub != 2 && sub != 3)
			return -EOPNOTSUPP; /* TEST reads; MUL/DIV write registers */
		x->kind = sub == 2 ? K_NOT : K_NEG;
		break;
	case 0xfe:
	case 0xff:
		if (sub > 1)
			return -EOPNOTSUPP;
		x->kind = sub ? K_DEC : K_INC;
		*byte_op = opc == 0xfe;
		break;
	case 0xa4:
	case 0xa5:
		x->kind = K_MOVS;
		break;
	case 0xaa:
	case 0xab:
		x->kind = K_STOS;
		break;
	case 0x0fab:
	case 0x0fb3:
	case 0x0fbb:
		x->kind = opc == 0x0fab ? K_BTS : opc == 0x0fb3 ? K_BTR : K_BTC;
		*byte_op = false;
		reg_src = true;
		break;
	case 0x0fba:
		if (sub < 5)
			return -EOPNOTSUPP; /* BT only reads */
		x->kind = sub == 5 ? K_BTS : sub == 6 ? K_BTR : K_BTC;
		x->bit_imm = true;
		*byte_op = false;
		*imm = IMM_8;
		break;
	case 0x0fb0:
	case 0x0fb1:
		x->kind = K_CMPXCHG;
		reg_src = true;
		break;
	case 0x0fc0:
	case 0x0fc1:
		x->kind = K_XADD;
		reg_src = true;
		break;
	case 0xc0:
	case 0xc1:
	case 0xd0:
	case 0xd1:
	case 0xd2:
	case 0xd3:
		x->kind = K_SHIFT;
		x->alu = sub;
		x->count_cl = opc >= 0xd2;
		x->imm = 1; /* D0/D1 */
		*imm = opc < 0xd0 ? IMM_8 : IMM_NONE;
		break;
	case 0x0f90 ... 0x0f9f:
		x->kind = K_SETCC; /* ModRM.reg is ignored */
		x->alu = opc & 15;
		*byte_op = true;
		break;
	case 0x0fc3:
		if (x->opsize16)
			return -EOPNOTSUPP; /* MOVNTI has no 16-bit form */
		x->kind = K_MOV;
		*byte_op = false;
		reg_src = true;
		break;
	case 0x0fc7:
		if (sub != 1)
			return -EOPNOTSUPP;
		x->kind = (x->rex & REX_W) ? K_CMPXCHG16B : K_CMPXCHG8B;
		*byte_op = false;
		break;
	default:
		return -EOPNOTSUPP;
	}
out:
	x->reg = reg_src ? (int)(sub | ((x->rex & REX_R) << 1)) : -1;
	return 0;
}

/* The memory operand of @modrm (SIB and displacement follow in @c). */
static int decode_mem(struct cursor *c, struct insn *x, struct cpu_regs *r, uint8_t modrm)
{
	unsigned int mod = modrm >> 6, rm = modrm & 7;
	uint64_t ea = 0;

	if (mod == 3)
		return -EOPNOTSUPP; /* a register cannot have faulted */
	if (rm == 4) {
		uint8_t sib = fetch(c);
		unsigned int index = ((sib >> 3) & 7) | ((x->rex & REX_X) << 2);

		if (index != 4)
			ea = *gpr(r, index) << (sib >> 6);
		if ((sib & 7) == 5 && mod == 0)
			ea += fetch_signed(c, 4); /* no base */
		else
			ea += *gpr(r, (sib & 7) | ((x->rex & REX_B) << 3));
	} else if (rm == 5 && mod == 0) {
		x->rip_rel = true; /* relative to the next instruction, added later */
		ea = fetch_signed(c, 4);
	} else {
		ea = *gpr(r, rm | ((x->rex & REX_B) << 3));
	}
	if (mod == 1)
		ea += fetch_signed(c, 1);
	else if (mod == 2)
		ea += fetch_signed(c, 4);
	x->ea = ea;
	return 0;
}

static bool lockable(enum kind k)
{
	return k != K_MOV && k != K_MOVS && k != K_STOS && k != K_SHIFT && k != K_SETCC;
}

static int decode(const struct ptwr_emul *e, struct cpu_regs *r, struct insn *x)
{
	struct cursor c = {.p = e->insn, .avail = e->insn_avail};
	unsigned int opc, sub = 0;
	uint8_t b, modrm = 0;
	bool byte_op, has_modrm;
	enum imm imm;
	int rc;

	if (c.avail > PTWR_INSN_MAX)
		c.avail = PTWR_INSN_MAX; /* longer is #GP on the CPU */
	*x = (struct insn){.reg = -1};

	/* Legacy prefixes; a REX counts only right before the opcode. */
	for (;;) {
		b = fetch(&c);
		if (c.truncated)
			return -EOPNOTSUPP;
		if ((b & 0xf0) == 0x40) {
			x->rex = b;
			continue;
		}
		if (!legacy_prefix(e, x, b))
			break;
		x->rex = 0;
	}
	opc = b == 0x0f ? 0x0f00 | fetch(&c) : b;

	has_modrm = opc != 0xa4 && opc != 0xa5 && opc != 0xaa && opc != 0xab;
	if (has_modrm) {
		modrm = fetch(&c);
		sub = (modrm >> 3) & 7;
	}
	if (c.truncated)
		return -EOPNOTSUPP;
	rc = classify(x, opc, sub, &byte_op, &imm);
	if (rc)
		return rc;
	if (x->lock && !lockable(x->kind))
		return -EOPNOTSUPP; /* #UD on the CPU */

	if (byte_op)
		x->size = 1;
	else if (x->kind == K_CMPXCHG8B || x->kind == K_CMPXCHG16B || (x->rex & REX_W))
		x->size = 8;
	else
		x->size = x->opsize16 ? 2 : 4;

	if (has_modrm) {
		rc = decode_mem(&c, x, r, modrm);
		if (rc)
			return rc;
	}
	if (imm == IMM_8)
		x->imm = fetch_signed(&c, 1);
	else if (imm == IMM_Z)
		x->imm = fetch_signed(&c, x->size == 2 ? 2 : 4);
	if (c.truncated)
		return -EOPNOTSUPP;

	x->len = c.pos;
	if (x->rip_rel)
		x->ea += r->rip + x->len;
	if (x->addr32)
		x->ea &= 0xffffffffUL;
	return 0;
}

/* ---- arithmetic ---- */

/* ZF, SF and PF of @res, an operand of @size. */
static uint64_t flags_szp(uint64_t res, unsigned int size)
{
	uint64_t f = 0;
	unsigned int p = res & 0xff;

	if (!(res & size_mask(size)))
		f |= EFL_ZF;
	if (res & (1UL << (size * 8 - 1)))
		f |= EFL_SF;
	p ^= p >> 4;
	p ^= p >> 2;
	p ^= p >> 1;
	if (!(p & 1))
		f |= EFL_PF; /* even number of set bits in the low byte */
	return f;
}

/* @a op @b on @size bytes; sets the six arithmetic flags in *@rflags. */
static uint64_t alu(enum alu op, uint64_t a, uint64_t b, unsigned int size, uint64_t *rflags)
{
	const uint64_t m = size_mask(size), sign = 1UL << (size * 8 - 1);
	uint64_t res, f = 0, cin = *rflags & EFL_CF;

	a &= m;
	b &= m;
	switch (op) {
	case ALU_ADD:
		cin = 0;
		/* fallthrough */
	case ALU_ADC:
		res = (a + b + cin) & m;
		if (cin ? res <= a : res < a)
			f |= EFL_CF;
		if ((a ^ res) & (b ^ res) & sign)
			f |= EFL_OF;
		f |= (a ^ b ^ res) & EFL_AF;
		break;
	case ALU_SUB:
		cin = 0;
		/* fallthrough */
	case ALU_SBB:
		res = (a - b - cin) & m;
		if (cin ? a <= b : a < b)
			f |= EFL_CF;
		if ((a ^ b) & (a ^ res) & sign)
			f |= EFL_OF;
		f |= (a ^ b ^ res) & EFL_AF;
		break;
	case ALU_OR:
		res = a | b;
		break;
	case ALU_AND:
		res = a & b;
		break;
	default:
		res = a ^ b;
		break;
	}
	*rflags = (*rflags & ~EFL_ARITH) | f | flags_szp(res, size);
	return res;
}

/*
 * Shift or rotate @op (ModRM.reg of the C0/C1/D0-D3 group) of @a by
 * @count, as the SDM's pseudocode has it: the count is masked to 5 bits
 * (6 for 64-bit operands) and a masked count of 0 changes nothing;
 * rotates touch only CF and OF; RCL/RCR of 8/16 bits rotate modulo 9/17.
 * OF is computed as for a count of 1, where alone it is defined; AF,
 * undefined, is left alone.
 */
static uint64_t shift(unsigned int op, uint64_t a, unsigned int count, unsigned int size,
		      uint64_t *rflags)
{
	const unsigned int bits = size * 8;
	const uint64_t m = size_mask(size);
	unsigned int n = count & (size == 8 ? 63 : 31), i;
	uint64_t f = *rflags & ~(EFL_CF | EFL_OF), res, cf, of, out;
	int64_t sa;

	a &= m;
	if (!n)
		return a;
	switch (op) {
	case 0: /* ROL */
		i = n % bits;
		res = i ? ((a << i) | (a >> (bits - i))) & m : a;
		cf = res & 1;
		of = (res >> (bits - 1)) ^ cf;
		break;
	case 1: /* ROR */
		i = n % bits;
		res = i ? ((a >> i) | (a << (bits - i))) & m : a;
		cf = res >> (bits - 1);
		of = cf ^ ((res >> (bits - 2)) & 1);
		break;
	case 2: /* RCL */
		cf = *rflags & EFL_CF;
		for (res = a, i = size < 4 ? n % (bits + 1) : n; i; i--) {
			out = res >> (bits - 1);
			res = ((res << 1) | cf) & m;
			cf = out;
		}
		of = (res >> (bits - 1)) ^ cf;
		break;
	case 3: /* RCR */
		cf = *rflags & EFL_CF;
		of = (a >> (bits - 1)) ^ cf;
		for (res = a, i = size < 4 ? n % (bits + 1) : n; i; i--) {
			out = res & 1;
			res = (res >> 1) | (cf << (bits - 1));
			cf = out;
		}
		break;
	case 5: /* SHR */
		res = a >> n;
		cf = (a >> (n - 1)) & 1;
		of = a >> (bits - 1);
		f = (f & ~(EFL_ZF | EFL_SF | EFL_PF)) | flags_szp(res, size);
		break;
	case 7: /* SAR */
		sa = (int64_t)(a << (64 - bits)) >> (64 - bits);
		res = (uint64_t)(sa >> n) & m;
		cf = (uint64_t)(sa >> (n - 1)) & 1;
		of = 0;
		f = (f & ~(EFL_ZF | EFL_SF | EFL_PF)) | flags_szp(res, size);
		break;
	default: /* SHL, SAL */
		res = (a << n) & m;
		cf = n <= bits ? (a >> (bits - n)) & 1 : 0;
		of = (res >> (bits - 1)) ^ cf;
		f = (f & ~(EFL_ZF | EFL_SF | EFL_PF)) | flags_szp(res, size);
		break;
	}
	*rflags = f | (cf ? EFL_CF : 0) | ((of & 1) ? EFL_OF : 0);
	return res;
}

/* Condition @cc (the low nibble of Jcc/SETcc) on @rflags. */
static bool condition(unsigned int cc, uint64_t rflags)
{
	const bool cf = rflags & EFL_CF, zf = rflags & EFL_ZF, sf = rflags & EFL_SF,
		   of = rflags & EFL_OF, pf = rflags & EFL_PF;
	bool r;

	switch (cc >> 1) {
	case 0:
		r = of;
		break;
	case 1:
		r = cf;
		break;
	case 2:
		r = zf;
		break;
	case 3:
		r = cf || zf;
		break;
	case 4:
		r = sf;
		break;
	case 5:
		r = pf;
		break;
	case 6:
		r = sf != of;
		break;
	default:
		r = zf || sf != of;
		break;
	}
	return r ^ (cc & 1);
}

/* ---- execution ---- */

/* Write back a read-modify-write result (the value read was @old). */
static int store_rmw(const struct ptwr_emul *e, const struct insn *x, uint64_t addr, uint64_t old,
		     uint64_t val)
{
	if (val == old)
		return 0; /* as x86_emulate: an unchanged operand is not written */
	if (x->lock || x->kind == K_XCHG)
		return e->ops->cmpxchg(e->data, addr, x->size, &old, val);
	return e->ops->write(e->data, addr, x->size, val);
}

/*
 * BTS/BTR/BTC with a register bit offset reach any bit from the operand:
 * the offset, signed at operand size, moves the address by whole
 * operands (rounding down) and what is left picks the bit.
 */
static unsigned int bit_operand(struct insn *x, uint64_t offset)
{
	const unsigned int bits = x->size * 8;

	if (x->bit_imm)
		return offset & (bits - 1);
	offset = (uint64_t)((int64_t)(offset << (64 - bits)) >> (64 - bits));
	if ((int64_t)offset < 0)
		x->ea -= x->size + ((~offset >> 3) & ~(uint64_t)(x->size - 1));
	else
		x->ea += (offset >> 3) & ~(uint64_t)(x->size - 1);
	if (x->addr32)
		x->ea &= 0xffffffffUL;
	return offset & (bits - 1);
}

/* One iteration of MOVS or STOS; a REP leaves RIP until the count runs out. */
static int string_op(const struct ptwr_emul *e, const struct insn *x, struct cpu_regs *r)
{
	const uint64_t amask = x->addr32 ? 0xffffffffUL : ~0UL;
	uint64_t count = r->rcx & amask, step = x->size, val;
	int rc;

	if (x->rep && !count)
		goto done;
	if (r->rflags & EFL_DF)
		step = -step;
	if (x->kind == K_MOVS) {
		rc = e->ops->read(e->data, x->seg_base + (r->rsi & amask), x->size, &val);
		if (rc)
			return rc;
		r->rsi = (r->rsi + step) & amask;
	} else {
		val = r->rax & size_mask(x->size);
	}
	rc = e->ops->write(e->data, r->rdi & amask, x->size, val); /* ES: no override */
	if (rc)
		return rc;
	r->rdi = (r->rdi + step) & amask;
	if (x->rep) {
		r->rcx = (r->rcx - 1) & amask;
		if (count > 1)
			return 0; /* the guest runs it again for the next one */
	}
done:
	r->rip += x->len;
	return 0;
}

static int cmpxchg_op(const struct ptwr_emul *e, const struct insn *x, struct cpu_regs *r,
		      uint64_t addr)
{
	const uint64_t acc = r->rax & size_mask(x->size);
	uint64_t cur;
	int rc = e->ops->read(e->data, addr, x->size, &cur);

	if (rc)
		return rc;
	if (cur == acc) {
		/* Always a cmpxchg, LOCK or not, as Xen's ptwr does it. */
		rc = e->ops->cmpxchg(e->data, addr, x->size, &cur,
				     get_reg(r, x->reg, x->size, x->rex));
		if (!rc) {
			alu(ALU_SUB, acc, acc, x->size, &r->rflags);
			return 0;
		}
		if (rc != -EAGAIN)
			return rc;
		/* Changed meanwhile: the comparison failed against *cur. */
	}
	alu(ALU_SUB, acc, cur, x->size, &r->rflags);
	set_reg(r, 0, x->size, true, cur);
	return 0;
}

static int cmpxchg8b_op(const struct ptwr_emul *e, struct cpu_regs *r, uint64_t addr)
{
	const uint64_t expect = (r->rdx << 32) | (uint32_t)r->rax;
	uint64_t cur;
	int rc = e->ops->read(e->data, addr, 8, &cur);

	if (rc)
		return rc;
	if (cur == expect) {
		rc = e->ops->cmpxchg(e->data, addr, 8, &cur, (r->rcx << 32) | (uint32_t)r->rbx);
		if (!rc) {
			r->rflags |= EFL_ZF;
			return 0;
		}
		if (rc != -EAGAIN)
			return rc;
	}
	r->rax = (uint32_t)cur;
	r->rdx = cur >> 32;
	r->rflags &= ~EFL_ZF;
	return 0;
}

/*
 * CMPXCHG16B as Xen's ptwr has it: a comparison that fails only loads
 * RDX:RAX; one that succeeds would store 16 bytes, which no PTE takes.
 */
static int cmpxchg16b_op(const struct ptwr_emul *e, struct cpu_regs *r, uint64_t addr)
{
	uint64_t lo, hi;
	int rc = e->ops->read(e->data, addr, 8, &lo);

	if (!rc)
		rc = e->ops->read(e->data, addr + 8, 8, &hi);
	if (rc)
		return rc;
	if (lo == r->rax && hi == r->rdx)
		return -EOPNOTSUPP;
	r->rax = lo;
	r->rdx = hi;
	r->rflags &= ~EFL_ZF;
	return 0;
}

/* The read-modify-write instructions: read, compute into @r, write back. */
static int rmw_op(const struct ptwr_emul *e, struct insn *x, struct cpu_regs *r)
{
	const bool rex = x->rex;
	uint64_t src = x->reg >= 0 ? get_reg(r, x->reg, x->size, rex) : x->imm;
	uint64_t addr, old, val, cf;
	unsigned int bit = 0;
	int rc;

	if (x->kind == K_BTS || x->kind == K_BTR || x->kind == K_BTC)
		bit = bit_operand(x, x->bit_imm ? x->imm : *gpr(r, x->reg));
	addr = x->seg_base + x->ea;
	rc = e->ops->read(e->data, addr, x->size, &old);
	if (rc)
		return rc;

	switch (x->kind) {
	case K_ALU:
		val = alu(x->alu, old, src, x->size, &r->rflags);
		break;
	case K_XCHG:
		set_reg(r, x->reg, x->size, rex, old);
		val = src;
		break;
	case K_XADD:
		set_reg(r, x->reg, x->size, rex, old);
		val = alu(ALU_ADD, old, src, x->size, &r->rflags);
		break;
	case K_INC:
	case K_DEC:
		cf = r->rflags & EFL_CF; /* INC and DEC leave CF alone */
		val = alu(x->kind == K_INC ? ALU_ADD : ALU_SUB, old, 1, x->size, &r->rflags);
		r->rflags = (r->rflags & ~EFL_CF) | cf;
		break;
	case K_NOT:
		val = ~old & size_mask(x->size);
		break;
	case K_NEG:
		val = alu(ALU_SUB, 0, old, x->size, &r->rflags);
		break;
	case K_SHIFT:
		val = shift(x->alu, old, x->count_cl ? r->rcx : x->imm, x->size, &r->rflags);
		break;
	default: /* BTS, BTR, BTC: CF is the bit before; the rest is undefined, kept */
		r->rflags = (r->rflags & ~EFL_CF) | ((old >> bit) & 1);
		if (x->kind == K_BTS)
			val = old | (1UL << bit);
		else if (x->kind == K_BTR)
			val = old & ~(1UL << bit);
		else
			val = old ^ (1UL << bit);
		break;
	}
	return store_rmw(e, x, addr, old, val);
}

int ptwr_emulate(struct ptwr_emul *e)
{
	struct cpu_regs r = *e->regs;
	struct insn x;
	int rc = decode(e, &r, &x);

	if (rc)
		return rc;
	switch (x.kind) {
	case K_MOVS:
	case K_STOS:
		rc = string_op(e, &x, &r);
		break;
	case K_SETCC:
		rc = e->ops->write(e->data, x.seg_base + x.ea, 1, condition(x.alu, r.rflags));
		r.rip += x.len;
		break;
	case K_MOV:
		rc = e->ops->write(e->data, x.seg_base + x.ea, x.size,
				   (x.reg >= 0 ? get_reg(&r, x.reg, x.size, x.rex) : x.imm) &
					   size_mask(x.size));
		r.rip += x.len;
		break;
	case K_CMPXCHG:
		rc = cmpxchg_op(e, &x, &r, x.seg_base + x.ea);
		r.rip += x.len;
		break;
	case K_CMPXCHG8B:
		rc = cmpxchg8b_op(e, &r, x.seg_base + x.ea);
		r.rip += x.len;
		break;
	case K_CMPXCHG16B:
		rc = cmpxchg16b_op(e, &r, x.seg_base + x.ea);
		r.rip += x.len;
		break;
	default:
		rc = rmw_op(e, &x, &r);
		r.rip += x.len;
		break;
	}
	if (rc)
		return rc;
	r.rflags &= ~EFL_RF; /* the instruction completed: no resume flag */
	*e->regs = r;
	return 0;
}
