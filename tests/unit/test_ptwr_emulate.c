// SPDX-License-Identifier: GPL-2.0-only
/*
 * The writable-page-table emulator (arch/x86/pv/ptwr-emulate.c) against
 * the host CPU. Each case is one instruction, assembled by the compiler
 * into a small routine that loads every register and RFLAGS, runs it on
 * a buffer below 4 GiB and saves them again; the emulator decodes the
 * very same bytes. For every case, a few hundred random register, flag
 * and memory contents (edge values mixed in): memory, all registers and
 * the defined flags must come out as the CPU leaves them, and RIP at
 * the next instruction. Cases cover ADD/OR/ADC/SBB/AND/SUB/XOR in their
 * register and 80/81/83 immediate forms, INC/DEC, NOT/NEG, XCHG, XADD,
 * CMPXCHG, CMPXCHG8B, CMPXCHG16B (failing), ROL/ROR/RCL/RCR/SHL/SHR/SAL/SAR
 * by 1, an immediate and CL (counts past the operand size too), SETcc on
 * every condition, MOVNTI, BTS/BTR/BTC with register (any bit offset, the
 * address moving with it) and immediate offsets, MOV, MOVS/STOS with
 * and without REP, each at every operand size, LOCK, high-byte and REX
 * byte registers, every addressing form (SIB, no base, disp8/32,
 * RIP-relative, R12/R13, 32-bit addressing with junk in the upper
 * halves) and prefixes (FS/GS with real bases, ignored DS, REX before
 * a legacy prefix, 66 with REX.W).
 *
 * Refusals: every truncation of every case, opcodes that do not write
 * memory or are not emulated, register destinations, CMPXCHG16B, LOCK
 * where the CPU raises #UD, an instruction over 15 bytes (all
 * -EOPNOTSUPP before any memory access); CMPXCHG16B whose comparison
 * succeeds (-EOPNOTSUPP, nothing written); a write the caller refuses (a
 * memory operand off the faulting page) and a LOCKed write that finds
 * memory changed (-EAGAIN), both with the registers untouched. Also: an
 * unchanged operand is not written, a plain store is not a cmpxchg, and
 * ptwr_merge().
 */
#include "unit.h"

#include <asm/prctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hv-begin.h"
#include "../../xen-like/arch/x86/pv/ptwr-emulate.c"
#include "hv-end.h"

#define BUF_SIZE 16384
#define MID 8192
#define ITERATIONS 300

/* Register file as the runners load and save it: rax..r15 by number, RFLAGS. */
struct cpu_state {
	uint64_t gpr[16];
	uint64_t rflags;
};
struct cpu_state unit_in, unit_out;

static uint8_t *buf;                          /* BUF_SIZE bytes below 4 GiB */
uint64_t rip_area[8] __attribute__((aligned(64), used));
static uint64_t fs_base, gs_base;

/*
 * unit_load: RFLAGS and every register but RSP from unit_in.
 * unit_store: the same into unit_out; clears DF for the C caller.
 */
asm(".pushsection .text\n"
    "unit_load:\n"
    "	pushq unit_in+128(%rip)\n"
    "	popfq\n"
    "	movq unit_in+0(%rip), %rax\n"
    "	movq unit_in+8(%rip), %rcx\n"
    "	movq unit_in+16(%rip), %rdx\n"
    "	movq unit_in+24(%rip), %rbx\n"
    "	movq unit_in+40(%rip), %rbp\n"
    "	movq unit_in+48(%rip), %rsi\n"
    "	movq unit_in+56(%rip), %rdi\n"
    "	movq unit_in+64(%rip), %r8\n"
    "	movq unit_in+72(%rip), %r9\n"
    "	movq unit_in+80(%rip), %r10\n"
    "	movq unit_in+88(%rip), %r11\n"
    "	movq unit_in+96(%rip), %r12\n"
    "	movq unit_in+104(%rip), %r13\n"
    "	movq unit_in+112(%rip), %r14\n"
    "	movq unit_in+120(%rip), %r15\n"
    "	ret\n"
    "unit_store:\n"
    "	pushfq\n"
    "	popq unit_out+128(%rip)\n"
    "	movq %rax, unit_out+0(%rip)\n"
    "	movq %rcx, unit_out+8(%rip)\n"
    "	movq %rdx, unit_out+16(%rip)\n"
    "	movq %rbx, unit_out+24(%rip)\n"
    "	movq %rbp, unit_out+40(%rip)\n"
    "	movq %rsi, unit_out+48(%rip)\n"
    "	movq %rdi, unit_out+56(%rip)\n"
    "	movq %r8, unit_out+64(%rip)\n"
    "	movq %r9, unit_out+72(%rip)\n"
    "	movq %r10, unit_out+80(%rip)\n"
    "	movq %r11, unit_out+88(%rip)\n"
    "	movq %r12, unit_out+96(%rip)\n"
    "	movq %r13, unit_out+104(%rip)\n"
    "	movq %r14, unit_out+112(%rip)\n"
    "	movq %r15, unit_out+120(%rip)\n"
    "	cld\n"
    "	ret\n"
    ".popsection\n");

/* Flags an instruction leaves undefined: not compared. */
#define U_NONE 0UL
#define U_LOGIC EFL_AF
#define U_BT (EFL_PF | EFL_AF | EFL_ZF | EFL_SF | EFL_OF)

/*
 * The cases: name, instruction text, register set-up, undefined flags.
 * Set-up: "reg:class" words; classes A (buffer middle), P (middle + 512),
 * I (index -4..7), Q (middle / 8 + 0..7), C (count 0..7), K (CL 0..63), B (bit offset, +-30000), F/G (middle
 * minus the FS/GS base), W (middle with junk in bits 32-63), E (the
 * accumulator equals the memory operand half the time). Others random.
 */
#define ALU_CASES(X, op, u)                                                  \
	X(op##_b_r, #op "b %cl, (%rbx)", "bx:A", u)                            \
	X(op##_w_r, #op "w %cx, (%rbx)", "bx:A", u)                            \
	X(op##_l_r, #op "l %ecx, (%rbx)", "bx:A", u)                           \
	X(op##_q_r, #op "q %rcx, (%rbx)", "bx:A", u)                           \
	X(op##_b_i, #op "b $0x85, (%rbx)", "bx:A", u)                          \
	X(op##_w_i, #op "w $0x1234, (%rbx)", "bx:A", u)                        \
	X(op##_w_i8, #op "w $-3, (%rbx)", "bx:A", u)                           \
	X(op##_l_i, #op "l $0x87654321, (%rbx)", "bx:A", u)                    \
	X(op##_l_i8, #op "l $5, (%rbx)", "bx:A", u)                            \
	X(op##_q_i, #op "q $-0x12345678, (%rbx)", "bx:A", u)                   \
	X(op##_q_i8, #op "q $0x7f, (%rbx)", "bx:A", u)                         \
	X(op##_lock, "lock " #op "q %rdx, (%rbx)", "bx:A", u)                  \
	X(op##_lockb, "lock " #op "b $0xfd, (%rbx)", "bx:A", u)

#define UNARY_CASES(X, op, u)                                                \
	X(op##_b, #op "b (%rbx)", "bx:A", u)                                   \
	X(op##_w, #op "w (%rbx)", "bx:A", u)                                   \
	X(op##_l, #op "l (%rbx)", "bx:A", u)                                   \
	X(op##_q, #op "q (%rbx)", "bx:A", u)                                   \
	X(op##_lock, "lock " #op "q 8(%rbx)", "bx:A", u)

#define BT_CASES(X, op)                                                      \
	X(op##_w_r, #op "w %cx, (%rbx)", "bx:A cx:B", U_BT)                    \
	X(op##_l_r, #op "l %ecx, (%rbx)", "bx:A cx:B", U_BT)                   \
	X(op##_q_r, #op "q %rcx, (%rbx)", "bx:A cx:B", U_BT)                   \
	X(op##_q_lock, "lock " #op "q %rsi, 16(%rbx)", "bx:A si:B", U_BT)      \
	X(op##_w_i, #op "w $13, (%rbx)", "bx:A", U_BT)                         \
	X(op##_l_i, #op "l $45, (%rbx)", "bx:A", U_BT)                         \
	X(op##_q_i, #op "q $63, (%rbx)", "bx:A", U_BT)                         \
	X(op##_l_lock, "lock " #op "l $1, (%rbx)", "bx:A", U_BT)

#define SHIFT_CASES(X, op, u1, un)                                           \
	X(op##_b1, #op "b (%rbx)", "bx:A", u1)                                 \
	X(op##_w1, #op "w (%rbx)", "bx:A", u1)                                 \
	X(op##_l1, #op "l (%rbx)", "bx:A", u1)                                 \
	X(op##_q1, #op "q (%rbx)", "bx:A", u1)                                 \
	X(op##_bi, #op "b $9, (%rbx)", "bx:A", un)                             \
	X(op##_bi3, #op "b $3, (%rbx)", "bx:A", un)                            \
	X(op##_wi, #op "w $5, (%rbx)", "bx:A", un)                             \
	X(op##_wi17, #op "w $17, (%rbx)", "bx:A", un)                          \
	X(op##_li, #op "l $31, (%rbx)", "bx:A", un)                            \
	X(op##_qi, #op "q $33, (%rbx)", "bx:A", un)                            \
	X(op##_qi0, #op "q $64, (%rbx)", "bx:A", un)                           \
	X(op##_bc, #op "b %cl, (%rbx)", "bx:A cx:K", un)                       \
	X(op##_wc, #op "w %cl, (%rbx)", "bx:A cx:K", un)                       \
	X(op##_lc, #op "l %cl, (%rbx)", "bx:A cx:K", un)                       \
	X(op##_qc, #op "q %cl, 8(%rbx)", "bx:A cx:K", un)

#define SETCC_CASES(X)                                                       \
	X(seto, "seto (%rbx)", "bx:A", U_NONE)                                 \
	X(setno, "setno (%rbx)", "bx:A", U_NONE)                               \
	X(setb, "setb (%rbx)", "bx:A", U_NONE)                                 \
	X(setae, "setae (%rbx)", "bx:A", U_NONE)                               \
	X(setz, "setz (%rbx)", "bx:A", U_NONE)                                 \
	X(setnz, "setnz 3(%rbx)", "bx:A", U_NONE)                              \
	X(setbe, "setbe (%rbx)", "bx:A", U_NONE)                               \
	X(seta, "seta (%rbx)", "bx:A", U_NONE)                                 \
	X(sets, "sets (%rbx)", "bx:A", U_NONE)                                 \
	X(setns, "setns (%rbx)", "bx:A", U_NONE)                               \
	X(setp, "setp (%rbx)", "bx:A", U_NONE)                                 \
	X(setnp, "setnp (%rbx)", "bx:A", U_NONE)                               \
	X(setl, "setl (%rbx)", "bx:A", U_NONE)                                 \
	X(setge, "setge (%rbx)", "bx:A", U_NONE)                               \
	X(setle, "setle (%rbx)", "bx:A", U_NONE)                               \
	X(setg, "setg (%rbx,%rsi,1)", "bx:A si:I", U_NONE)                     \
	X(setz_reg7, ".byte 0x0f, 0x94, 0x3b", "bx:A", U_NONE)

#define CASES(X)                                                             \
	ALU_CASES(X, add, U_NONE)                                              \
	ALU_CASES(X, or, U_LOGIC)                                              \
	ALU_CASES(X, adc, U_NONE)                                              \
	ALU_CASES(X, sbb, U_NONE)                                              \
	ALU_CASES(X, and, U_LOGIC)                                             \
	ALU_CASES(X, sub, U_NONE)                                              \
	ALU_CASES(X, xor, U_LOGIC)                                             \
	X(add_hi, "addb %ch, (%rbx)", "bx:A", U_NONE)                          \
	X(sub_sil, "subb %sil, (%rbx)", "bx:A", U_NONE)                        \
	X(xor_r9b, "xorb %r9b, (%rbx)", "bx:A", U_LOGIC)                       \
	X(and_r10w, "andw %r10w, (%rbx)", "bx:A", U_LOGIC)                     \
	UNARY_CASES(X, inc, U_NONE)                                            \
	UNARY_CASES(X, dec, U_NONE)                                            \
	UNARY_CASES(X, not, U_NONE)                                            \
	UNARY_CASES(X, neg, U_NONE)                                            \
	X(xchg_b, "xchgb %cl, (%rbx)", "bx:A", U_NONE)                         \
	X(xchg_bh, "xchgb %ah, (%rbx)", "bx:A", U_NONE)                        \
	X(xchg_w, "xchgw %cx, (%rbx)", "bx:A", U_NONE)                         \
	X(xchg_l, "xchgl %ecx, (%rbx)", "bx:A", U_NONE)                        \
	X(xchg_q, "xchgq %r11, (%rbx)", "bx:A", U_NONE)                        \
	X(xadd_b, "xaddb %cl, (%rbx)", "bx:A", U_NONE)                         \
	X(xadd_w, "xaddw %cx, (%rbx)", "bx:A", U_NONE)                         \
	X(xadd_l, "xaddl %ecx, (%rbx)", "bx:A", U_NONE)                        \
	X(xadd_q, "lock xaddq %rcx, (%rbx)", "bx:A", U_NONE)                   \
	X(cmpxchg_b, "cmpxchgb %cl, (%rbx)", "bx:A ax:E", U_NONE)              \
	X(cmpxchg_w, "lock cmpxchgw %cx, (%rbx)", "bx:A ax:E", U_NONE)         \
	X(cmpxchg_l, "lock cmpxchgl %ecx, (%rbx)", "bx:A ax:E", U_NONE)        \
	X(cmpxchg_q, "lock cmpxchgq %rcx, (%rbx)", "bx:A ax:E", U_NONE)        \
	X(cmpxchg8b, "lock cmpxchg8b (%rdi)", "di:A ax:E", U_NONE)             \
	X(cmpxchg8b_nl, "cmpxchg8b 8(%rsi)", "si:A ax:E", U_NONE)              \
	X(cmpxchg16b_ne, "lock cmpxchg16b (%rdi)", "di:A", U_NONE)             \
	BT_CASES(X, bts)                                                       \
	BT_CASES(X, btr)                                                       \
	BT_CASES(X, btc)                                                       \
	SHIFT_CASES(X, rol, U_NONE, EFL_OF)                                    \
	SHIFT_CASES(X, ror, U_NONE, EFL_OF)                                    \
	SHIFT_CASES(X, rcl, U_NONE, EFL_OF)                                    \
	SHIFT_CASES(X, rcr, U_NONE, EFL_OF)                                    \
	SHIFT_CASES(X, shl, EFL_AF, EFL_AF | EFL_OF)                           \
	SHIFT_CASES(X, shr, EFL_AF, EFL_AF | EFL_OF)                           \
	SHIFT_CASES(X, sar, EFL_AF, EFL_AF | EFL_OF)                           \
	X(sal_q1, ".byte 0x48, 0xd1, 0x33", "bx:A", EFL_AF)                    \
	X(sal_lc, ".byte 0xd3, 0x33", "bx:A cx:K", EFL_AF | EFL_OF)            \
	SETCC_CASES(X)                                                         \
	X(movnti_l, "movnti %ecx, (%rbx)", "bx:A", U_NONE)                     \
	X(movnti_q, "movnti %r9, 8(%rbx)", "bx:A", U_NONE)                     \
	X(mov_b, "movb %cl, (%rbx)", "bx:A", U_NONE)                           \
	X(mov_bh, "movb %bh, (%rsi)", "si:A", U_NONE)                          \
	X(mov_dil, "movb %dil, (%rsi)", "si:A", U_NONE)                        \
	X(mov_w, "movw %cx, (%rbx)", "bx:A", U_NONE)                           \
	X(mov_l, "movl %ecx, (%rbx)", "bx:A", U_NONE)                          \
	X(mov_q, "movq %r15, (%rbx)", "bx:A", U_NONE)                          \
	X(mov_bi, "movb $0x99, (%rbx)", "bx:A", U_NONE)                        \
	X(mov_wi, "movw $0xfedc, (%rbx)", "bx:A", U_NONE)                      \
	X(mov_li, "movl $0x80000001, (%rbx)", "bx:A", U_NONE)                  \
	X(mov_qi, "movq $-2, (%rbx)", "bx:A", U_NONE)                          \
	X(ea_d8, "orq %rax, 8(%rbx)", "bx:A", U_LOGIC)                         \
	X(ea_d8n, "orq %rax, -0x48(%rbx)", "bx:A", U_LOGIC)                    \
	X(ea_d32, "orq %rax, 0x400(%rbx)", "bx:A", U_LOGIC)                    \
	X(ea_d32n, "orq %rax, -0x1000(%rbx)", "bx:A", U_LOGIC)                 \
	X(ea_sib, "orq %rax, (%rbx,%rsi,8)", "bx:A si:I", U_LOGIC)             \
	X(ea_sib_d8, "orl %eax, -16(%rbx,%rsi,4)", "bx:A si:I", U_LOGIC)       \
	X(ea_sib_d32, "orw %ax, 0x200(%rdx,%rcx,2)", "dx:A cx:I", U_LOGIC)     \
	X(ea_sib_r14, "orq %rax, 0x10(%rbx,%r14,2)", "bx:A r14:I", U_LOGIC)    \
	X(ea_sib_r12i, "orq %rax, (%rbx,%r12,1)", "bx:A r12:I", U_LOGIC)       \
	X(ea_r12, "orq %rax, (%r12)", "r12:A", U_LOGIC)                        \
	X(ea_r13, "orq %rax, (%r13)", "r13:A", U_LOGIC)                        \
	X(ea_r13_sib, "orq %rax, (%r13,%rsi,8)", "r13:A si:I", U_LOGIC)        \
	X(ea_rbp, "orq %rax, (%rbp)", "bp:A", U_LOGIC)                         \
	X(ea_nobase, "orq %rax, 0x40(,%rsi,1)", "si:A", U_LOGIC)               \
	X(ea_nobase8, "orq %rax, -8(,%rsi,8)", "si:Q", U_LOGIC)                \
	X(ea_rip, "orq %rax, rip_area+8(%rip)", "", U_LOGIC)                   \
	X(ea_rip_bts, "btsq %rcx, rip_area+16(%rip)", "cx:I", U_BT)            \
	X(ea_rip_imm, "andw $0x7ff7, rip_area+24(%rip)", "", U_LOGIC)          \
	X(ea_a32, "orq %rax, (%ebx)", "bx:W", U_LOGIC)                         \
	X(ea_a32_sib, "addl %eax, 4(%ebx,%esi,4)", "bx:W si:I", U_NONE)        \
	X(ea_a32_neg, "subl %eax, -4(%ebx)", "bx:W", U_NONE)                   \
	X(ea_a32_bt, "btcl %ecx, (%ebx)", "bx:W cx:B", U_BT)                   \
	X(seg_gs, "orq %rax, %gs:(%rbx)", "bx:G", U_LOGIC)                     \
	X(seg_gs_lock, "lock andl $-3, %gs:8(%rbx)", "bx:G", U_LOGIC)          \
	X(seg_fs, "xorq %rax, %fs:(%rbx)", "bx:F", U_LOGIC)                    \
	X(seg_fs_mov, "movq %rax, %fs:(%rbx)", "bx:F", U_NONE)                 \
	X(seg_fs_ds, ".byte 0x64, 0x3e, 0x48, 0x09, 0x03", "bx:F", U_LOGIC)    \
	X(pfx_ds, ".byte 0x3e, 0x48, 0x09, 0x03", "bx:A", U_LOGIC)             \
	X(pfx_rex_66, ".byte 0x48, 0x66, 0x09, 0x03", "bx:A", U_LOGIC)         \
	X(pfx_66_rexw, ".byte 0x66, 0x48, 0x09, 0x03", "bx:A", U_LOGIC)        \
	X(pfx_xacquire, ".byte 0xf2, 0xf0, 0x48, 0x09, 0x03", "bx:A", U_LOGIC) \
	X(pfx_two_rex, ".byte 0x41, 0x48, 0x09, 0x03", "bx:A", U_LOGIC)        \
	X(stos_b, "stosb", "di:A", U_NONE)                                     \
	X(stos_w, "stosw", "di:A", U_NONE)                                     \
	X(stos_l, "stosl", "di:A", U_NONE)                                     \
	X(stos_q, "stosq", "di:A", U_NONE)                                     \
	X(rep_stos_q, "rep stosq", "di:A cx:C", U_NONE)                        \
	X(rep_stos_b, "rep stosb", "di:A cx:C", U_NONE)                        \
	X(rep_stos_a32, "addr32 rep stosl", "di:W cx:C", U_NONE)               \
	X(movs_q, "movsq", "si:P di:A", U_NONE)                                \
	X(movs_b, "movsb", "si:P di:A", U_NONE)                                \
	X(rep_movs_w, "rep movsw", "si:P di:A cx:C", U_NONE)                   \
	X(rep_movs_q, "rep movsq", "si:P di:A cx:C", U_NONE)                   \
	X(movs_fs, "movsq %fs:(%rsi), %es:(%rdi)", "si:F di:A", U_NONE)

#define RUNNER(id, text, setup, undef)                                       \
	asm(".pushsection .text\n"                                             \
	    "run_" #id ":\n"                                                   \
	    "	push %rbx\n	push %rbp\n	push %r12\n"                             \
	    "	push %r13\n	push %r14\n	push %r15\n"                             \
	    "	call unit_load\n"                                                \
	    "start_" #id ":\n	" text "\n"                                      \
	    "end_" #id ":\n"                                                   \
	    "	call unit_store\n"                                               \
	    "	pop %r15\n	pop %r14\n	pop %r13\n"                               \
	    "	pop %r12\n	pop %rbp\n	pop %rbx\n"                               \
	    "	ret\n"                                                           \
	    ".popsection\n");                                                  \
	void run_##id(void);                                                   \
	extern const uint8_t start_##id[], end_##id[];
CASES(RUNNER)

struct rcase {
	const char *name, *text, *setup;
	void (*run)(void);
	const uint8_t *start, *end;
	uint64_t undef;
};

#define ENTRY(id, text, setup, undef) { #id, text, setup, run_##id, start_##id, end_##id, undef },
static const struct rcase cases[] = { CASES(ENTRY) };

/* ---- randomness ---- */

static uint64_t rng = 0x9e3779b97f4a7c15UL;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Random data with the values arithmetic flags hinge on mixed in. */
static uint64_t rnd_value(void)
{
	static const uint64_t edges[] = {
		0, 1, 2, ~0UL, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff,
		0x80000000, 0xffffffff, 0x100000000, 0x7fffffffffffffff, 0x8000000000000000,
		0x0f, 0x10, 0xfffffffffffffff0,
	};
	uint64_t r = rnd();

	switch (r % 4) {
	case 0:
		return edges[(r >> 8) % (sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return (r >> 8) % 512 - 256;
	default:
		return rnd();
	}
}

/* ---- the emulator's memory: the buffer and rip_area, nothing else ---- */

struct fake_mem {
	uint64_t lo, hi;          /* writes allowed only here (the "faulting page") */
	unsigned int reads, writes, cmpxchgs;
	bool race;                /* cmpxchg finds memory changed (the CPU set A/D) */
};

static bool readable(uint64_t addr, unsigned int bytes)
{
	uint64_t b = (uintptr_t)buf, r = (uintptr_t)rip_area;

	return (addr >= b && addr + bytes <= b + BUF_SIZE) ||
	       (addr >= r && addr + bytes <= r + sizeof(rip_area));
}

static int fake_read(void *data, uint64_t addr, unsigned int bytes, uint64_t *val)
{
	struct fake_mem *m = data;

	m->reads++;
	if (!readable(addr, bytes))
		return -EFAULT;
	*val = 0;
	memcpy(val, (void *)(uintptr_t)addr, bytes);
	return 0;
}

static int fake_write(void *data, uint64_t addr, unsigned int bytes, uint64_t val)
{
	struct fake_mem *m = data;

	m->writes++;
	if (!readable(addr, bytes) || addr < m->lo || addr + bytes > m->hi)
		return -EINVAL;
	memcpy((void *)(uintptr_t)addr, &val, bytes);
	return 0;
}

static int fake_cmpxchg(void *data, uint64_t addr, unsigned int bytes, uint64_t *old, uint64_t new)
{
	struct fake_mem *m = data;
	uint64_t cur = 0;

	m->cmpxchgs++;
	if (!readable(addr, bytes) || addr < m->lo || addr + bytes > m->hi)
		return -EINVAL;
	if (m->race)
		*(uint8_t *)(uintptr_t)addr ^= 0x60; /* A and D flip under our feet */
	memcpy(&cur, (void *)(uintptr_t)addr, bytes);
	if (cur != *old) {
		*old = cur;
		return -EAGAIN;
	}
	memcpy((void *)(uintptr_t)addr, &new, bytes);
	return 0;
}

static const struct ptwr_emul_ops fake_ops = {
	.read = fake_read,
	.write = fake_write,
	.cmpxchg = fake_cmpxchg,
};

static struct fake_mem whole_memory(void)
{
	return (struct fake_mem){ .lo = 0, .hi = ~0UL };
}

/* ---- set-up ---- */

static const char *const reg_names[16] = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
					    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };

static uint64_t class_value(char cls)
{
	uint64_t mid = (uintptr_t)buf + MID;

	switch (cls) {
	case 'A':
		return mid;
	case 'P':
		return mid + 512;
	case 'I':
		return (int64_t)(rnd() % 12) - 4;
	case 'C':
		return rnd() % 8;
	case 'K':
		return (rnd() % 64) | (rnd() & ~0xffUL); /* a count in CL, junk above */
	case 'Q':
		return mid / 8 + rnd() % 8;
	case 'B':
		return (int64_t)(rnd() % 60001) - 30000;
	case 'F':
		return mid - fs_base;
	case 'G':
		return mid - gs_base;
	case 'W':
		return mid | (rnd() << 32);
	default:
		return rnd_value();
	}
}

/* Random registers, flags and memory for @c into unit_in and the buffers. */
static void setup(const struct rcase *c)
{
	const char *s = c->setup;
	bool equal = false;
	unsigned int i;

	for (i = 0; i < 16; i++)
		unit_in.gpr[i] = rnd_value();
	unit_in.gpr[4] = 0;
	unit_in.rflags = 0x202 | (rnd() & (EFL_ARITH | EFL_DF));
	for (i = 0; i < BUF_SIZE; i += 8) {
		uint64_t v = rnd_value();

		memcpy(buf + i, &v, 8);
	}
	for (i = 0; i < 8; i++)
		rip_area[i] = rnd_value();

	while (*s) {
		char name[4] = { 0 };
		unsigned int n = 0;

		while (*s && *s != ':' && n < 3)
			name[n++] = *s++;
		if (*s == ':')
			s++;
		for (i = 0; i < 16; i++)
			if (!strcmp(name, reg_names[i]))
				break;
		if (*s == 'E')
			equal = rnd() & 1;
		else if (i < 16)
			unit_in.gpr[i] = class_value(*s);
		if (*s)
			s++;
		while (*s == ' ')
			s++;
	}
	/* CMPXCHG: make the accumulator match memory half the time. */
	if (equal) {
		uint64_t ea = strstr(c->text, "(%rdi)") ? unit_in.gpr[7] :
			      strstr(c->text, "8(%rsi)") ? unit_in.gpr[6] + 8 :
							   unit_in.gpr[3];
		uint64_t v;

		memcpy(&v, (void *)(uintptr_t)ea, 8);
		if (strstr(c->text, "8b")) {
			unit_in.gpr[0] = (uint32_t)v | (rnd() & ~0xffffffffUL);
			unit_in.gpr[2] = (v >> 32) | (rnd() & ~0xffffffffUL);
		} else {
			uint64_t mask = strstr(c->text, "gb") ? 0xff : strstr(c->text, "gw") ? 0xffff :
					strstr(c->text, "gl") ? 0xffffffff : ~0UL;

			unit_in.gpr[0] = (unit_in.gpr[0] & ~mask) | (v & mask);
		}
	}
}

static void to_regs(const struct cpu_state *s, struct cpu_regs *r, uint64_t rip)
{
	struct cpu_regs tmp = { 0 };

	for (unsigned int i = 0; i < 16; i++)
		*gpr(&tmp, i) = s->gpr[i];
	tmp.rflags = s->rflags;
	tmp.rip = rip;
	*r = tmp;
}

static struct ptwr_emul emul_for(const struct rcase *c, struct cpu_regs *r, struct fake_mem *m)
{
	return (struct ptwr_emul){
		.regs = r,
		.insn = c->start,
		.insn_avail = c->end - c->start,
		.fs_base = fs_base,
		.gs_base = gs_base,
		.ops = &fake_ops,
		.data = m,
	};
}

/* ---- the comparison with the CPU ---- */

static uint8_t *snap_buf, *emu_buf;
static uint64_t snap_rip[8], emu_rip[8];

static bool run_case_once(const struct rcase *c, unsigned int iter)
{
	struct fake_mem m = whole_memory();
	struct cpu_regs r;
	struct ptwr_emul e;
	const uint64_t mask = 0xfd5 & ~c->undef; /* CF PF AF ZF SF DF OF */
	unsigned int i, rounds = 0;
	int rc;
	bool ok = true;

	setup(c);
	memcpy(snap_buf, buf, BUF_SIZE);
	memcpy(snap_rip, rip_area, sizeof(rip_area));

	/* The emulator, as often as the guest would run it (REP: once per element). */
	to_regs(&unit_in, &r, (uintptr_t)c->start);
	do {
		e = emul_for(c, &r, &m);
		rc = ptwr_emulate(&e);
	} while (!rc && r.rip == (uintptr_t)c->start && ++rounds < 64);
	memcpy(emu_buf, buf, BUF_SIZE);
	memcpy(emu_rip, rip_area, sizeof(rip_area));

	/* The CPU. */
	memcpy(buf, snap_buf, BUF_SIZE);
	memcpy(rip_area, snap_rip, sizeof(rip_area));
	c->run();

	CHECK(rc == 0, "%s #%u: emulation: expected 0, got %d", c->name, iter, rc);
	ok &= rc == 0;
	CHECK(r.rip == (uintptr_t)c->end, "%s #%u: rip: expected +%zu, got +%ld", c->name, iter,
	      (size_t)(c->end - c->start), (long)(r.rip - (uintptr_t)c->start));
	ok &= r.rip == (uintptr_t)c->end;
	for (i = 0; i < 16; i++) {
		if (i == 4)
			continue;
		CHECK(*gpr(&r, i) == unit_out.gpr[i], "%s #%u: %s: expected %#lx, got %#lx (in %#lx)",
		      c->name, iter, reg_names[i], unit_out.gpr[i], *gpr(&r, i), unit_in.gpr[i]);
		ok &= *gpr(&r, i) == unit_out.gpr[i];
	}
	CHECK(!((r.rflags ^ unit_out.rflags) & mask),
	      "%s #%u: rflags: expected %#lx, got %#lx (in %#lx, compared %#lx)", c->name, iter,
	      unit_out.rflags, r.rflags, unit_in.rflags, mask);
	ok &= !((r.rflags ^ unit_out.rflags) & mask);
	CHECK(!memcmp(emu_buf, buf, BUF_SIZE) && !memcmp(emu_rip, rip_area, sizeof(rip_area)),
	      "%s #%u: memory differs from the CPU's", c->name, iter);
	ok &= !memcmp(emu_buf, buf, BUF_SIZE) && !memcmp(emu_rip, rip_area, sizeof(rip_area));
	return ok;
}

static void test_against_cpu(void)
{
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		for (unsigned int iter = 0; iter < ITERATIONS; iter++)
			if (!run_case_once(&cases[k], iter))
				break; /* one report per case is enough */
}

/* ---- refusals ---- */

/* @bytes must be refused before any memory access, the registers untouched. */
static void check_undecodable(const char *what, const uint8_t *bytes, unsigned int len)
{
	struct fake_mem m = whole_memory();
	struct cpu_regs r, before;
	struct ptwr_emul e;
	int rc;

	setup(&cases[0]);
	to_regs(&unit_in, &r, (uintptr_t)bytes);
	before = r;
	e = (struct ptwr_emul){ .regs = &r, .insn = bytes, .insn_avail = len, .ops = &fake_ops,
				.data = &m };
	rc = ptwr_emulate(&e);
	CHECK(rc == -EOPNOTSUPP, "%s: expected -EOPNOTSUPP, got %d", what, rc);
	CHECK(!m.reads && !m.writes && !m.cmpxchgs, "%s: memory accessed (%u reads, %u writes)",
	      what, m.reads, m.writes + m.cmpxchgs);
	CHECK(!memcmp(&r, &before, sizeof(r)), "%s: registers changed", what);
}

static void test_truncated(void)
{
	char what[96];

	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		const struct rcase *c = &cases[k];

		for (unsigned int len = 0; len < c->end - c->start; len++) {
			snprintf(what, sizeof(what), "%s cut to %u bytes", c->name, len);
			check_undecodable(what, c->start, len);
		}
	}
}

static void test_not_emulated(void)
{
	static const struct {
		const char *what;
		uint8_t bytes[20];
		unsigned int len;
	} t[] = {
		{ "cmp %rax,(%rbx)", { 0x48, 0x39, 0x03 }, 3 },
		{ "cmpb $1,(%rbx)", { 0x80, 0x3b, 0x01 }, 3 },
		{ "testb $1,(%rbx)", { 0xf6, 0x03, 0x01 }, 3 },
		{ "bt %rax,(%rbx)", { 0x48, 0x0f, 0xa3, 0x03 }, 4 },
		{ "btl $3,(%rbx)", { 0x0f, 0xba, 0x23, 0x03 }, 4 },
		{ "lock shlq (%rbx)", { 0xf0, 0x48, 0xd1, 0x23 }, 4 },
		{ "lock setz (%rbx)", { 0xf0, 0x0f, 0x94, 0x03 }, 4 },
		{ "66 movnti", { 0x66, 0x0f, 0xc3, 0x03 }, 4 },
		{ "shlq %rbx", { 0x48, 0xd1, 0xe3 }, 3 },
		{ "add (%rbx),%rax", { 0x48, 0x03, 0x03 }, 3 },
		{ "mov (%rbx),%rax", { 0x48, 0x8b, 0x03 }, 3 },
		{ "or %rax,%rbx", { 0x48, 0x09, 0xc3 }, 3 },
		{ "inc %rax", { 0x48, 0xff, 0xc0 }, 3 },
		{ "xchg %rax,%rbx", { 0x48, 0x87, 0xc3 }, 3 },
		{ "lock cmpxchg %rcx,%rbx", { 0xf0, 0x48, 0x0f, 0xb1, 0xcb }, 5 },
		{ "0f c7 /0", { 0x0f, 0xc7, 0x07 }, 3 },
		{ "c7 /1", { 0xc7, 0x0b, 0, 0, 0, 0 }, 6 },
		{ "lock mov %rax,(%rbx)", { 0xf0, 0x48, 0x89, 0x03 }, 4 },
		{ "lock movq $0,(%rbx)", { 0xf0, 0x48, 0xc7, 0x03, 0, 0, 0, 0 }, 8 },
		{ "lock stosq", { 0xf0, 0x48, 0xab }, 3 },
		{ "lock movsb", { 0xf0, 0xa4 }, 2 },
		{ "push (%rbx)", { 0xff, 0x33 }, 2 },
		{ "call *(%rbx)", { 0xff, 0x13 }, 2 },
		{ "mulb (%rbx)", { 0xf6, 0x23 }, 2 },
		{ "pshufb (%rbx),%xmm0", { 0x66, 0x0f, 0x38, 0x00, 0x03 }, 5 },
		{ "ud2", { 0x0f, 0x0b }, 2 },
		{ "nop", { 0x90 }, 1 },
		{ "lone 0f", { 0x0f }, 1 },
		{ "only prefixes", { 0xf0, 0x66, 0x48 }, 3 },
		{ "17 bytes: 13 ds prefixes + or %rax,(%rbx)",
		  { 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e,
		    0x48, 0x09, 0x03 },
		  16 },
		{ "16 bytes: 12 ds prefixes + or %rax,4(%rbx)",
		  { 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x3e, 0x48, 0x09,
		    0x43, 0x04 },
		  16 },
	};

	for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++)
		check_undecodable(t[k].what, t[k].bytes, t[k].len);
}

static const struct rcase *find_case(const char *name)
{
	for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		if (!strcmp(cases[k].name, name))
			return &cases[k];
	printf("Fail: no case %s\n", name);
	abort();
}

/*
 * A write off the allowed window (the memory operand is not on the
 * faulting page) is refused with the caller's error; nothing changes.
 * Registers are chosen so that each instruction does try to write.
 */
static void test_write_refused(void)
{
	static const struct {
		const char *name;
		uint64_t mem, rax, rcx, rdx;
	} t[] = {
		{ "mov_q", 0, 0, 0, 0 },         { "mov_bi", 0, 0, 0, 0 },
		{ "or_lock", 2, 0, 0, 1 },       { "and_b_r", 0xff, 0, 0, 0 },
		{ "xchg_q", 5, 0, 0, 0 },        { "cmpxchg_q", 7, 7, 1, 0 },
		{ "cmpxchg8b", 7, 7, 1, 0 },     { "bts_q_r", 0, 0, 0, 0 },
		{ "stos_q", 0, 1, 0, 0 },        { "inc_q", 0, 0, 0, 0 },
		{ "xadd_q", 0, 0, 1, 0 },        { "neg_w", 1, 0, 0, 0 },
	};

	for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		const struct rcase *c = find_case(t[k].name);
		struct fake_mem m = { .lo = (uintptr_t)buf, .hi = (uintptr_t)buf + 4096 };
		struct cpu_regs r, before;
		struct ptwr_emul e;
		int rc;

		setup(c);
		*(uint64_t *)(buf + MID) = t[k].mem;
		memcpy(snap_buf, buf, BUF_SIZE);
		to_regs(&unit_in, &r, (uintptr_t)c->start);
		r.rax = t[k].rax;
		r.rcx = t[k].rcx;
		r.rdx = t[k].rdx;
		r.r11 = 0x55;
		before = r;
		e = emul_for(c, &r, &m);
		rc = ptwr_emulate(&e);
		CHECK(rc == -EINVAL, "%s off the page: expected -EINVAL, got %d", c->name, rc);
		CHECK(!memcmp(&r, &before, sizeof(r)), "%s off the page: registers changed", c->name);
		CHECK(!memcmp(snap_buf, buf, BUF_SIZE), "%s off the page: memory changed", c->name);
	}
}

/* The CPU sets A/D between the read and the LOCKed write: retry, or CMPXCHG fails. */
static void test_race(void)
{
	static const char *const retry[] = { "and_lockb", "or_lock", "btr_l_lock", "xchg_q",
					     "xadd_q", "inc_lock" };
	struct fake_mem m = whole_memory();
	struct cpu_regs r, before;
	struct ptwr_emul e;
	const struct rcase *c;
	int rc;

	for (size_t k = 0; k < sizeof(retry) / sizeof(retry[0]); k++) {
		c = find_case(retry[k]);
		m = whole_memory();
		m.race = true;
		setup(c);
		*(uint64_t *)(buf + MID) = 0x8000000000000123UL; /* bit 1 set: BTS/AND/OR all change it */
		to_regs(&unit_in, &r, (uintptr_t)c->start);
		r.rdx = 0x400;
		r.rcx = 1;
		r.r11 = 0x55;
		before = r;
		e = emul_for(c, &r, &m);
		rc = ptwr_emulate(&e);
		CHECK(rc == -EAGAIN, "%s racing: expected -EAGAIN, got %d", c->name, rc);
		CHECK(m.cmpxchgs == 1 && !m.writes, "%s racing: %u cmpxchg, %u writes", c->name,
		      m.cmpxchgs, m.writes);
		CHECK(!memcmp(&r, &before, sizeof(r)), "%s racing: registers changed", c->name);
	}

	/* CMPXCHG: the race is a failed comparison against what memory now holds. */
	c = find_case("cmpxchg_q");
	m = whole_memory();
	m.race = true;
	setup(c);
	*(uint64_t *)(buf + MID) = 0x1234567800000021UL;
	to_regs(&unit_in, &r, (uintptr_t)c->start);
	r.rax = 0x1234567800000021UL;
	e = emul_for(c, &r, &m);
	rc = ptwr_emulate(&e);
	CHECK(rc == 0 && r.rax == 0x1234567800000041UL && !(r.rflags & EFL_ZF) &&
		      r.rip == (uintptr_t)c->end,
	      "cmpxchg racing: expected rc 0, rax 0x1234567800000041, ZF 0; got %d, %#lx, %#lx", rc,
	      r.rax, r.rflags);
}

/* What is written how: unchanged results not at all, plain stores never by cmpxchg. */
static void test_write_kinds(void)
{
	static const struct {
		const char *name;
		uint64_t mem, rcx;
		unsigned int writes, cmpxchgs;
	} t[] = {
		{ "or_q_i8", 0x7f, 0, 0, 0 },         /* OR in bits already set */
		{ "or_q_i8", 0x100, 0, 1, 0 },
		{ "or_lock", 0, 0, 0, 1 },            /* rdx random: nearly always changes */
		{ "and_lockb", 0x02, 0, 0, 1 },       /* clears bit 1 */
		{ "and_lockb", 0x01, 0, 0, 0 },       /* bit 1 already clear */
		{ "bts_q_r", 0x1, 0, 0, 0 },          /* BTS of a set bit */
		{ "bts_q_r", 0x0, 0, 1, 0 },
		{ "btr_l_lock", 0x2, 0, 0, 1 },
		{ "xchg_q", 0x5, 0, 0, 1 },           /* XCHG is always locked */
		{ "mov_q", 0x0, 0, 1, 0 },            /* MOV always writes, even the same value */
		{ "cmpxchg_b", 0x0, 0, 0, 1 },        /* CMPXCHG always by cmpxchg (rax set below) */
	};

	for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		const struct rcase *c = find_case(t[k].name);
		struct fake_mem m = whole_memory();
		struct cpu_regs r;
		struct ptwr_emul e;
		int rc;

		setup(c);
		*(uint64_t *)(buf + MID) = t[k].mem;
		to_regs(&unit_in, &r, (uintptr_t)c->start);
		r.rcx = t[k].rcx;
		r.rax = 0;
		r.r15 = 0;
		r.rdx |= 1;
		if (!strcmp(t[k].name, "xchg_q"))
			r.r11 = 6;
		e = emul_for(c, &r, &m);
		rc = ptwr_emulate(&e);
		CHECK(rc == 0 && m.writes == t[k].writes && m.cmpxchgs == t[k].cmpxchgs,
		      "%s on %#lx: expected %u writes %u cmpxchgs, got rc %d, %u, %u", c->name,
		      t[k].mem, t[k].writes, t[k].cmpxchgs, rc, m.writes, m.cmpxchgs);
	}
}

/* CMPXCHG16B whose comparison succeeds would store 16 bytes: refused. */
static void test_cmpxchg16b_equal(void)
{
	const struct rcase *c = find_case("cmpxchg16b_ne");
	struct fake_mem m = whole_memory();
	struct cpu_regs r, before;
	struct ptwr_emul e;
	int rc;

	setup(c);
	to_regs(&unit_in, &r, (uintptr_t)c->start);
	memcpy(&r.rax, buf + MID, 8);
	memcpy(&r.rdx, buf + MID + 8, 8);
	before = r;
	e = emul_for(c, &r, &m);
	rc = ptwr_emulate(&e);
	CHECK(rc == -EOPNOTSUPP, "cmpxchg16b equal: expected -EOPNOTSUPP, got %d", rc);
	CHECK(!m.writes && !m.cmpxchgs && !memcmp(&r, &before, sizeof(r)),
	      "cmpxchg16b equal: something changed");
}

static void test_merge(void)
{
	const uint64_t e = 0x8000000012345067UL;

	CHECK(ptwr_merge(e, 0x1000, 8, 0xabcd) == 0xabcd, "merge 8 bytes");
	CHECK(ptwr_merge(e, 0x1000, 1, 0x165) == 0x8000000012345065UL, "merge byte 0");
	CHECK(ptwr_merge(e, 0x1007, 1, 0x00) == 0x0000000012345067UL, "merge byte 7");
	CHECK(ptwr_merge(e, 0x1004, 4, 0x1) == 0x0000000112345067UL, "merge high half");
	CHECK(ptwr_merge(e, 0x1002, 2, 0xffff) == 0x80000000ffff5067UL, "merge word 1");
}

int main(void)
{
	buf = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT,
		   -1, 0);
	snap_buf = malloc(BUF_SIZE);
	emu_buf = malloc(BUF_SIZE);
	if (buf == MAP_FAILED || !snap_buf || !emu_buf) {
		printf("unit: ptwr_emulate: no memory\n");
		return 1;
	}
	/* Real segment bases for the FS/GS cases: glibc's FS, a GS of our own. */
	gs_base = 0x10000;
	if (syscall(SYS_arch_prctl, ARCH_GET_FS, &fs_base) ||
	    syscall(SYS_arch_prctl, ARCH_SET_GS, gs_base)) {
		printf("unit: ptwr_emulate: arch_prctl failed\n");
		return 1;
	}

	test_merge();
	test_against_cpu();
	test_truncated();
	test_not_emulated();
	test_write_refused();
	test_race();
	test_write_kinds();
	test_cmpxchg16b_equal();

	syscall(SYS_arch_prctl, ARCH_SET_GS, 0UL);
	return unit_report("ptwr_emulate");
}
