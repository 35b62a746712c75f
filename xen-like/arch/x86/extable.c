// SPDX-License-Identifier: GPL-2.0-only
/*
 * Exception-table fixups: an instruction that is allowed to fault (an MSR
 * probe, a guest-memory copy, a guest segment load, the IRETQ into a
 * guest) records (address, fixup) in
 * .ex_table, and the trap handler resumes at the fixup instead of dying.
 */
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/errno.h>
#include <xen/lib.h>

struct exception_table_entry {
	unsigned long insn, fixup;
};

extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

unsigned long search_exception_table(unsigned long addr)
{
	const struct exception_table_entry *e;

	for (e = __ex_table_start; e < __ex_table_end; e++)
		if (e->insn == addr)
			return e->fixup;
	return 0;
}

int rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;
	int rc = 0;

	__asm__ __volatile__("1: rdmsr\n"
			     "2:\n"
			     ".section .fixup,\"ax\"\n"
			     "3: movl %[efault], %[rc]\n"
			     "   xorl %%eax, %%eax\n"
			     "   xorl %%edx, %%edx\n"
			     "   jmp 2b\n"
			     ".previous\n"
			     ".section .ex_table,\"a\"\n"
			     ".balign 8\n"
			     ".quad 1b, 3b\n"
			     ".previous"
			     : "=a"(lo), "=d"(hi), [rc] "+r"(rc)
			     : "c"(msr), [efault] "i"(-EFAULT));
	*val = ((uint64_t)hi << 32) | lo;
	return rc;
}

int read_u64_safe(const void *addr, uint64_t *val)
{
	uint64_t v = 0;
	int rc = 0;

	__asm__ __volatile__("1: movq (%[addr]), %[v]\n"
			     "2:\n"
			     ".section .fixup,\"ax\"\n"
			     "3: movl %[efault], %[rc]\n"
			     "   jmp 2b\n"
			     ".previous\n"
			     ".section .ex_table,\"a\"\n"
			     ".balign 8\n"
			     ".quad 1b, 3b\n"
			     ".previous"
			     : [v] "+r"(v), [rc] "+r"(rc)
			     : [addr] "r"(addr), [efault] "i"(-EFAULT)
			     : "memory");
	*val = v;
	return rc;
}
