// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writable page tables emulate every read-modify-write of a PTE, not only
 * MOV/XCHG/CMPXCHG (a Linux dom0's first fork does `lock andb` on a PTE
 * through clear_bit(); test_and_clear_bit() is `lock btr`). Behaviour
 * under test, with VMASST_TYPE_writable_pagetables on, on a live entry of
 * a pinned L1 of the scratch window, the same on Xen 4.17:
 * - each instruction of a table (MOV, MOVS, STOS, REP STOS over two
 *   entries, XCHG, XADD, CMPXCHG matching and stale, CMPXCHG8B, a
 *   CMPXCHG16B whose comparison fails, ADD, ADC, SUB, SBB, AND, OR, XOR,
 *   INC, DEC, NOT, SHL/SHR/SAR/ROR/RCL (on the software bits), SETcc,
 *   MOVNTI, BTS/BTR/BTC with immediate and register bit offsets, the offset reaching the entry from the one
 *   before or after it, at sizes 1, 2, 4 and 8, LOCKed or not) leaves
 *   the entry as the CPU leaves a plain variable running the same
 *   instruction, with Xen's U and bit 52 added; its registers and
 *   defined RFLAGS are the CPU's too (NOT of a present entry gives a
 *   non-present one, which any bits may follow);
 * - the mapping really changed: after INVLPG the page reads as the
 *   entry's frame, is writable exactly if the entry has RW, and a
 *   non-present entry faults;
 * - refusals give the guest the #PF it raised (present, write; CR2 the
 *   address written) with the entries unchanged: an entry that fails
 *   validation (NEG of a valid entry, OR-ing RW into a read-only
 *   mapping of the L1 itself, XCHG-ing in a writable one), an 8-byte
 *   store straddling two entries, a misaligned 4-byte store inside one,
 *   a CMPXCHG16B whose comparison succeeds (16 bytes are no PTE store);
 * - a guest single-stepping gets its #DB right after the emulated store.
 */
#include <framework.h>
#include <mm.h>

const char test_title[] = "Writable page tables: every read-modify-write of a PTE";

#define L1_NR 7
#define TARGET (L1_NR * PT_ENTRIES + 1)
#define PF_WRITE EXINFO_SYM(PF, PFEC_PRESENT | PFEC_WRITE)

#define EFL_CF 0x001UL
#define EFL_PF 0x004UL
#define EFL_AF 0x010UL
#define EFL_ZF 0x040UL
#define EFL_SF 0x080UL
#define EFL_OF 0x800UL
#define EFL_TF 0x100UL
#define EFL_ARITH (EFL_CF | EFL_PF | EFL_AF | EFL_ZF | EFL_SF | EFL_OF)
#define U_LOGIC EFL_AF
#define U_BT (EFL_PF | EFL_AF | EFL_ZF | EFL_SF | EFL_OF)

/* Register file the runners load and save: rax..r15 by number, RFLAGS. */
struct cpu_state {
	uint64_t gpr[16];
	uint64_t rflags;
};
struct cpu_state st_in, st_out;
uint64_t st_fault;

asm(".pushsection .text\n"
    "st_load:\n"
    "	pushq st_in+128(%rip)\n"
    "	popfq\n"
    "	movq st_in+0(%rip), %rax\n"
    "	movq st_in+8(%rip), %rcx\n"
    "	movq st_in+16(%rip), %rdx\n"
    "	movq st_in+24(%rip), %rbx\n"
    "	movq st_in+40(%rip), %rbp\n"
    "	movq st_in+48(%rip), %rsi\n"
    "	movq st_in+56(%rip), %rdi\n"
    "	movq st_in+64(%rip), %r8\n"
    "	movq st_in+72(%rip), %r9\n"
    "	movq st_in+80(%rip), %r10\n"
    "	movq st_in+88(%rip), %r11\n"
    "	movq st_in+96(%rip), %r12\n"
    "	movq st_in+104(%rip), %r13\n"
    "	movq st_in+112(%rip), %r14\n"
    "	movq st_in+120(%rip), %r15\n"
    "	ret\n"
    "st_store:\n"
    "	pushfq\n"
    "	popq st_out+128(%rip)\n"
    "	movq %rax, st_out+0(%rip)\n"
    "	movq %rcx, st_out+8(%rip)\n"
    "	movq %rdx, st_out+16(%rip)\n"
    "	movq %rbx, st_out+24(%rip)\n"
    "	movq %rbp, st_out+40(%rip)\n"
    "	movq %rsi, st_out+48(%rip)\n"
    "	movq %rdi, st_out+56(%rip)\n"
    "	movq %r8, st_out+64(%rip)\n"
    "	movq %r9, st_out+72(%rip)\n"
    "	movq %r10, st_out+80(%rip)\n"
    "	movq %r11, st_out+88(%rip)\n"
    "	movq %r12, st_out+96(%rip)\n"
    "	movq %r13, st_out+104(%rip)\n"
    "	movq %r14, st_out+112(%rip)\n"
    "	movq %r15, st_out+120(%rip)\n"
    "	cld\n"
    "	ret\n"
    ".popsection\n");

/*
 * Operands, resolved at run time: an entry value (a data frame mapped
 * RW or RO, the L1 itself read-only), the distance from frame 0 to frame
 * 1 in an entry, the entry as it is now (or a half of it), an address
 * around the entry, the MOVS source; anything else is a literal.
 */
/* Software bits 56-61 of an L1 entry: the guest's to use (not 62: Xen's debug builds). */
#define PTE_SW (1UL << 57)

#define SYM(n) (0xa5a5000000000000UL | (n))
enum {
	S_F0_RW, S_F0_RO, S_F1_RW, S_F1_RO, S_F2_RW, S_F2_RO, S_L1_RO, S_DELTA01,
	S_CUR, S_CUR_LO, S_CUR_HI, S_F1_RW_LO, S_F1_RW_HI, S_ADDR, S_ADDR_M8, S_ADDR_P8,
	S_SRC, S_L1_RW, S_PREV, S_F0_RW_SW,
};

/* The instructions, each assembled into a runner of its own. */
#define CASES(X)                                                         \
	X(mov_q, "movq %rcx, (%rbx)")                                      \
	X(mov_w, "movw %cx, (%rbx)")                                       \
	X(mov_b_imm, "movb $0x25, (%rbx)")                                 \
	X(movs_q, "movsq")                                                 \
	X(stos_q, "stosq")                                                 \
	X(rep_stos_q, "rep stosq")                                         \
	X(xchg_q, "xchgq %rcx, (%rbx)")                                    \
	X(xchg_b, "xchgb %cl, (%rbx)")                                     \
	X(xadd_q, "lock xaddq %rcx, (%rbx)")                               \
	X(cmpxchg_q, "lock cmpxchgq %rcx, (%rbx)")                         \
	X(cmpxchg_l, "lock cmpxchgl %ecx, (%rbx)")                         \
	X(cmpxchg8b, "lock cmpxchg8b (%rsi)")                              \
	X(cmpxchg16b, "lock cmpxchg16b (%rsi)")                            \
	X(add_q, "addq %rcx, (%rbx)")                                      \
	X(sub_q, "lock subq %rcx, (%rbx)")                                 \
	X(adc_b, "adcb $1, (%rbx)")                                        \
	X(sbb_b, "lock sbbb $1, (%rbx)")                                   \
	X(and_b, "lock andb $0xfd, (%rbx)")                                \
	X(and_l, "andl $0xfffffffd, (%rbx)")                               \
	X(or_b, "lock orb $2, (%rbx)")                                     \
	X(or_q, "orq $0x21, (%rbx)")                                       \
	X(xor_b, "lock xorb $2, (%rbx)")                                   \
	X(xor_w, "xorw %cx, (%rbx)")                                       \
	X(dec_b, "lock decb (%rbx)")                                       \
	X(inc_w, "incw (%rbx)")                                            \
	X(not_q, "notq (%rbx)")                                            \
	X(neg_q, "lock negq (%rbx)")                                       \
	X(btr_imm, "lock btrq $1, (%rbx)")                                 \
	X(bts_imm, "lock btsq $1, (%rbx)")                                 \
	X(btc_imm_l, "btcl $1, (%rbx)")                                    \
	X(bts_imm0_l, "lock btsl $0, (%rbx)")                              \
	X(btr_reg, "lock btrq %rcx, (%rbx)")                               \
	X(bts_reg_w, "btsw %cx, (%rbx)")                                   \
	X(bts_reg_rdx, "lock btsq %rcx, (%rdx)")                           \
	X(btr_reg_rdx, "lock btrq %rcx, (%rdx)")                           \
	X(btc_reg_l_d8, "btcl %ecx, 8(%rdx)")                              \
	X(shl_b7, "shlb 7(%rbx)")                                          \
	X(ror_b7_cl, "rorb %cl, 7(%rbx)")                                  \
	X(rcl_w3_imm, "rclw $2, 6(%rbx)")                                  \
	X(shr_q_imm, "shrq $0, (%rbx)")                                    \
	X(sar_b7, "sarb $1, 7(%rbx)")                                      \
	X(setz_b7, "setz 7(%rbx)")                                         \
	X(movnti_q, "movnti %rcx, (%rbx)")                                 \
	X(mov_q_d4, "movq %rcx, 4(%rbx)")                                  \
	X(mov_l_d2, "movl %ecx, 2(%rbx)")

#define RUNNER(id, text)                                                  \
	asm(".pushsection .text\n"                                             \
	    "run_" #id ":\n"                                                   \
	    "	push %rbx\n	push %rbp\n	push %r12\n"                             \
	    "	push %r13\n	push %r14\n	push %r15\n"                             \
	    "	call st_load\n"                                                  \
	    "start_" #id ":\n	" text "\n"                                      \
	    "end_" #id ":\n"                                                   \
	    "	call st_store\n"                                                 \
	    "	pop %r15\n	pop %r14\n	pop %r13\n"                               \
	    "	pop %r12\n	pop %rbp\n	pop %rbx\n"                               \
	    "	ret\n"                                                           \
	    "fix_" #id ":\n"                                                   \
	    "	movq %rax, st_fault(%rip)\n"                                     \
	    "	jmp end_" #id "\n"                                               \
	    ".popsection\n" _ASM_EXTABLE(start_##id, fix_##id));               \
	void run_##id(void);
CASES(RUNNER)

/*
 * A case: the instruction, the entry before, registers in (rbx 0 means
 * the entry's address), RFLAGS in, flags the instruction leaves
 * undefined, and whether it is refused (CR2 then the entry + cr2_off).
 */
struct rcase {
	const char *name;
	void (*run)(void);
	unsigned int init;
	uint64_t rax, rbx, rcx, rdx, rsi, rdi;
	uint64_t flags_in, undef;
	bool refused;
	int cr2_off;
};

#define C(id) .name = #id, .run = run_##id
static const struct rcase cases[] = {
	{ C(mov_q), .init = S_F0_RW, .rcx = SYM(S_F1_RW) },
	{ C(mov_w), .init = S_F0_RW, .rcx = SYM(S_F0_RO) },
	{ C(mov_b_imm), .init = S_F0_RW },
	{ C(movs_q), .init = S_F0_RO, .rsi = SYM(S_SRC), .rdi = SYM(S_ADDR) },
	{ C(stos_q), .init = S_F0_RW, .rax = SYM(S_F2_RW), .rdi = SYM(S_ADDR) },
	{ C(rep_stos_q), .init = S_F0_RW, .rax = SYM(S_F1_RO), .rcx = 2, .rdi = SYM(S_ADDR) },
	{ C(xchg_q), .init = S_F0_RW, .rcx = SYM(S_F2_RW) },
	{ C(xchg_q), .init = S_F1_RW, .rcx = 0 },
	{ C(xchg_b), .init = S_F0_RW, .rcx = 0x25 },
	{ C(xadd_q), .init = S_F0_RW, .rcx = SYM(S_DELTA01) },
	{ C(cmpxchg_q), .init = S_F0_RW, .rax = SYM(S_CUR), .rcx = SYM(S_F1_RW) },
	{ C(cmpxchg_q), .init = S_F0_RW, .rax = SYM(S_F2_RW), .rcx = SYM(S_F1_RW) },
	{ C(cmpxchg_l), .init = S_F0_RW, .rax = SYM(S_CUR_LO), .rcx = SYM(S_F0_RO) },
	{ C(cmpxchg8b), .init = S_F0_RW, .rax = SYM(S_CUR_LO), .rdx = SYM(S_CUR_HI),
	  .rbx = SYM(S_F1_RW_LO), .rcx = SYM(S_F1_RW_HI), .rsi = SYM(S_ADDR) },
	/* A failing comparison only loads RDX:RAX; a succeeding one is refused below. */
	{ C(cmpxchg16b), .init = S_F0_RW, .rax = 1, .rdx = 2, .rsi = SYM(S_ADDR_M8) },
	{ C(add_q), .init = S_F0_RO, .rcx = SYM(S_DELTA01) },
	{ C(sub_q), .init = S_F1_RW, .rcx = SYM(S_DELTA01) },
	{ C(adc_b), .init = S_F0_RO, .flags_in = EFL_CF },
	{ C(sbb_b), .init = S_F0_RW, .flags_in = EFL_CF },
	{ C(and_b), .init = S_F0_RW, .undef = U_LOGIC },
	{ C(and_l), .init = S_F1_RW, .undef = U_LOGIC },
	{ C(or_b), .init = S_F0_RO, .undef = U_LOGIC },
	{ C(or_q), .init = S_F2_RO, .undef = U_LOGIC }, /* bits already set: nothing written */
	{ C(xor_b), .init = S_F1_RO, .undef = U_LOGIC },
	{ C(xor_w), .init = S_F1_RW, .rcx = 2, .undef = U_LOGIC },
	{ C(dec_b), .init = S_F0_RW },
	{ C(inc_w), .init = S_F0_RO },
	{ C(btr_imm), .init = S_F0_RW, .undef = U_BT },
	{ C(bts_imm), .init = S_F2_RO, .undef = U_BT },
	{ C(btc_imm_l), .init = S_F2_RW, .undef = U_BT },
	{ C(bts_imm0_l), .init = S_F2_RW, .undef = U_BT },
	{ C(btr_reg), .init = S_F0_RW, .rcx = 5, .undef = U_BT },
	{ C(bts_reg_w), .init = S_F1_RO, .rcx = 1, .undef = U_BT },
	/* The bit offset moves the operand from the entry before or after to this one. */
	{ C(bts_reg_rdx), .init = S_F0_RO, .rcx = 65, .rdx = SYM(S_ADDR_M8), .undef = U_BT },
	{ C(btr_reg_rdx), .init = S_F0_RW, .rcx = -63, .rdx = SYM(S_ADDR_P8), .undef = U_BT },
	{ C(btc_reg_l_d8), .init = S_F1_RW, .rcx = -95, .rdx = SYM(S_ADDR), .undef = U_BT },
	/* Shifts, rotates and SETcc on the software bits; a shift by 0 writes nothing. */
	{ C(shl_b7), .init = S_F0_RW_SW, .undef = EFL_AF },
	{ C(ror_b7_cl), .init = S_F0_RW_SW, .rcx = 0x102, .undef = EFL_OF },
	/*
	 * CF clear: QEMU's TCG (what these tests run on) reports an RCL whose
	 * store faults with CF already rotated, so no emulator can see the
	 * carry the instruction started with.
	 */
	{ C(rcl_w3_imm), .init = S_F0_RW_SW, .undef = EFL_OF },
	{ C(shr_q_imm), .init = S_F1_RO },
	{ C(sar_b7), .init = S_F0_RW_SW, .undef = EFL_AF },
	{ C(setz_b7), .init = S_F2_RW, .flags_in = EFL_ZF },
	{ C(setz_b7), .init = S_F0_RW_SW },
	{ C(movnti_q), .init = S_F0_RW, .rcx = SYM(S_F2_RO) },
	/* Refused: entries that do not validate, misaligned stores. */
	{ C(cmpxchg16b), .init = S_F0_RW, .rax = SYM(S_PREV), .rdx = SYM(S_CUR),
	  .rsi = SYM(S_ADDR_M8), .refused = true, .cr2_off = -8 },
	{ C(not_q), .init = S_F0_RW }, /* not present: any other bits go */
	{ C(neg_q), .init = S_F1_RO, .refused = true },
	{ C(or_b), .init = S_L1_RO, .refused = true },
	{ C(xchg_q), .init = S_F0_RW, .rcx = SYM(S_L1_RW), .refused = true },
	{ C(mov_q_d4), .init = S_F0_RW, .rcx = SYM(S_F0_RW), .refused = true, .cr2_off = 4 },
	{ C(mov_l_d2), .init = S_F0_RW, .refused = true, .cr2_off = 2 },
};

/* Slots of rax, rbx, rcx, rdx, rsi, rdi in cpu_state.gpr. */
static const unsigned int in_reg[6] = { 0, 3, 1, 2, 6, 7 };

static uint64_t case_in(const struct rcase *c, unsigned int i)
{
	const uint64_t in[6] = { c->rax, c->rbx, c->rcx, c->rdx, c->rsi, c->rdi };

	return in[i];
}
static const char *const reg_names[16] = { "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
					    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };

static const uint64_t tags[3] = { 0xa0a0a0a0a0a0a0a0UL, 0xb0b0b0b0b0b0b0b0UL, 0xc0c0c0c0c0c0c0c0UL };
static uint64_t frame[3];
static uint64_t movs_src;
static uint64_t scratch[3]; /* the CPU's copy of entries TARGET-1..TARGET+1 */

static volatile uint64_t *entry(int i)
{
	return (volatile uint64_t *)&mm_window_l1[TARGET + i];
}

/* The entry Xen stores for a guest's @e (pv-abi-mm.md 5.4). */
static uint64_t xen_adjust(uint64_t e)
{
	if (!(e & _PAGE_PRESENT))
		return e;
	if (!(e & _PAGE_USER))
		e |= _PAGE_USER | _PAGE_GUEST_KERNEL;
	if (!(e & _PAGE_GUEST_KERNEL))
		e |= _PAGE_GLOBAL | _PAGE_USER;
	return e;
}

static bool is_sym(uint64_t v)
{
	return (v & ~0xffffUL) == SYM(0);
}

static bool is_addr(uint64_t v)
{
	return is_sym(v) && (v == SYM(S_ADDR) || v == SYM(S_ADDR_M8) || v == SYM(S_ADDR_P8));
}

/* Operand @v with the entry at @base holding @cur. */
static uint64_t resolve(uint64_t v, uint64_t base, uint64_t cur)
{
	uint64_t f1rw = PTE(frame[1], PTE_RW);

	if (!is_sym(v))
		return v;
	switch (v & 0xffff) {
	case S_F0_RW: return PTE(frame[0], PTE_RW);
	case S_F0_RO: return PTE(frame[0], PTE_RO);
	case S_F1_RW: return f1rw;
	case S_F1_RO: return PTE(frame[1], PTE_RO);
	case S_F2_RW: return PTE(frame[2], PTE_RW);
	case S_F2_RO: return PTE(frame[2], PTE_RO);
	case S_L1_RO: return PTE(mm_window_l1_mfn(L1_NR), PTE_RO);
	case S_DELTA01: return (frame[1] - frame[0]) << PAGE_SHIFT;
	case S_CUR: return cur;
	case S_CUR_LO: return (uint32_t)cur;
	case S_CUR_HI: return cur >> 32;
	case S_F1_RW_LO: return (uint32_t)f1rw;
	case S_F1_RW_HI: return f1rw >> 32;
	case S_ADDR: return base;
	case S_ADDR_M8: return base - 8;
	case S_ADDR_P8: return base + 8;
	case S_SRC: return (uintptr_t)&movs_src;
	case S_L1_RW: return PTE(mm_window_l1_mfn(L1_NR), PTE_RW);
	case S_PREV: return *entry(-1);
	case S_F0_RW_SW: return PTE(frame[0], PTE_RW) | PTE_SW;
	}
	return v;
}

static void load_state(const struct rcase *c, uint64_t base, uint64_t cur)
{
	for (unsigned int i = 0; i < 16; i++)
		st_in.gpr[i] = 0x1111111111111111UL * i;
	st_in.gpr[4] = 0;
	for (unsigned int i = 0; i < 6; i++)
		st_in.gpr[in_reg[i]] = resolve(case_in(c, i), base, cur);
	if (!c->rbx)
		st_in.gpr[3] = base; /* rbx: the entry unless the case says otherwise */
	st_in.rflags = 0x202 | EFL_AF | EFL_SF | c->flags_in;
	st_fault = 0;
}

static uint64_t tag_of(uint64_t e)
{
	for (unsigned int k = 0; k < 3; k++)
		if (PTE_MFN(e) == frame[k])
			return tags[k];
	return 0;
}

/* After INVLPG the page is what entry @e maps: frame, RW or not, present or not. */
static void check_mapping(const char *name, uint64_t e)
{
	volatile void *va = mm_window_va(TARGET);
	char what[96];
	uint64_t v = 0;

	mmuext_va(MMUEXT_INVLPG_LOCAL, (uintptr_t)va);
	snprintf(what, sizeof(what), "%s: read through the entry", name);
	if (!(e & _PAGE_PRESENT)) {
		check_exinfo(what, EXINFO_SYM(PF, 0), mm_read64(va, &v));
		return;
	}
	if (!check_exinfo(what, 0, mm_read64(va, &v)))
		return;
	snprintf(what, sizeof(what), "%s: the page's tag (which frame)", name);
	check_u64(what, tag_of(e), v);
	snprintf(what, sizeof(what), "%s: write through the entry", name);
	check_exinfo(what, (e & _PAGE_RW) ? 0 : PF_WRITE, mm_write64(va, v));
}

static bool has_cx16(void)
{
	uint32_t eax = 1, ebx, ecx = 0, edx;

	asm volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return ecx & (1u << 13);
}

static void run_case(const struct rcase *c, unsigned int k)
{
	uint64_t base = (uintptr_t)entry(0), nbase = (uintptr_t)&scratch[1];
	uint64_t cur, before[3], native[16], nflags, mask;
	char what[96], name[40];
	unsigned int i;

	snprintf(name, sizeof(name), "case %u (%s)", k, c->name);
	/* The starting entries: the case's at TARGET, an empty one after it. */
	snprintf(what, sizeof(what), "%s: set up the entry", name);
	if (!check_exinfo(what, 0, mm_write64(entry(1), 0)) ||
	    !check_exinfo(what, 0, mm_write64(entry(0), resolve(SYM(c->init), 0, 0))))
		return;
	mmuext_va(MMUEXT_INVLPG_LOCAL, (uintptr_t)mm_window_va(TARGET));
	mmuext_va(MMUEXT_INVLPG_LOCAL, (uintptr_t)mm_window_va(TARGET + 1));
	cur = *entry(0);
	for (i = 0; i < 3; i++)
		before[i] = *entry((int)i - 1);

	/* The CPU, on a plain copy of the entries. */
	for (i = 0; i < 3; i++)
		scratch[i] = before[i];
	load_state(c, nbase, cur);
	c->run();
	for (i = 0; i < 16; i++)
		native[i] = st_out.gpr[i];
	nflags = st_out.rflags;
	for (i = 0; i < 6; i++)
		if (is_addr(case_in(c, i)) || (i == 1 && !c->rbx))
			native[in_reg[i]] = native[in_reg[i]] - nbase + base;

	/* The same on the live entry. */
	load_state(c, base, cur);
	c->run();

	if (c->refused) {
		snprintf(what, sizeof(what), "%s: refused with the #PF", name);
		if (check_exinfo(what, PF_WRITE, st_fault)) {
			snprintf(what, sizeof(what), "%s: CR2", name);
			check_u64(what, base + c->cr2_off, last_trap.cr2);
		}
		for (i = 0; i < 3; i++) {
			snprintf(what, sizeof(what), "%s: entry %d unchanged", name, (int)i - 1);
			check_u64(what, before[i], *entry((int)i - 1));
		}
		return;
	}

	snprintf(what, sizeof(what), "%s: emulated", name);
	if (!check_exinfo(what, 0, st_fault))
		return;
	for (i = 0; i < 3; i++) {
		snprintf(what, sizeof(what), "%s: entry %d", name, (int)i - 1);
		check_u64(what, xen_adjust(scratch[i]), *entry((int)i - 1));
	}
	for (i = 0; i < 16; i++) {
		if (i == 4)
			continue;
		snprintf(what, sizeof(what), "%s: %s", name, reg_names[i]);
		check_u64(what, native[i], st_out.gpr[i]);
	}
	mask = EFL_ARITH & ~c->undef;
	snprintf(what, sizeof(what), "%s: RFLAGS (bits %#lx)", name, mask);
	check_u64(what, nflags & mask, st_out.rflags & mask);

	check_mapping(name, *entry(0));
}

static volatile unsigned int db_count;
static volatile uint64_t db_rip;

static int db_hook(struct cpu_regs *regs)
{
	db_count++;
	db_rip = regs->rip;
	regs->rflags &= ~EFL_TF;
	return true;
}

/*
 * Single-stepping over an emulated store: the #DB comes right after it,
 * as the CPU raises it (TF set by POPF traps after the next instruction).
 */
static void test_single_step(void)
{
	uint64_t after;

	if (!check_exinfo("single step: set up the entry", 0,
			  mm_write64(entry(0), PTE(frame[0], PTE_RW))))
		return;
	db_count = 0;
	trap_hooks[X86_EXC_DB] = db_hook;
	asm volatile("pushfq\n\t"
		     "orq $0x100, (%%rsp)\n\t"
		     "popfq\n\t"
		     "lock andb $0xfd, (%[p])\n"
		     "1:	nop\n\t"
		     "nop\n\t"
		     "lea 1b(%%rip), %[after]"
		     : [after] "=r"(after)
		     : [p] "r"(entry(0))
		     : "memory", "cc");
	trap_hooks[X86_EXC_DB] = NULL;
	check_u64("single step: the entry", xen_adjust(PTE(frame[0], PTE_RW) & ~_PAGE_RW), *entry(0));
	check_long("single step: #DB taken", 1, db_count);
	check_u64("single step: #DB RIP (after the store)", after, db_rip);
}

static bool setup_frames(void)
{
	if (!mm_tagged_frames(frame, tags, 3))
		return false;
	movs_src = PTE(frame[1], PTE_RW);
	return true;
}

void test_main(void)
{
	if (!mm_setup() || !setup_frames())
		return;
	if (!check_long("MMUEXT_PIN_L1_TABLE of a window L1", 0,
			mm_pin(1, mm_window_l1_mfn(L1_NR))) ||
	    !check_long("vm_assist(enable, writable_pagetables)", 0,
			HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables)))
		return;

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		if (cases[k].run == run_cmpxchg16b && !has_cx16()) {
			printk("No CMPXCHG16B on this CPU: case %zu not run\n", k);
			continue;
		}
		run_case(&cases[k], k);
	}

	test_single_step();

	check_exinfo("clear the entries", 0, mm_write64(entry(0), 0));
	check_exinfo("clear the entries", 0, mm_write64(entry(1), 0));
	check_long("MMUEXT_UNPIN_TABLE of the window L1", 0, mm_unpin(mm_window_l1_mfn(L1_NR)));
	xtf_success(NULL);
}
