// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runtime for host unit tests: counters, the BUG() trap, and the few
 * hypervisor services common code calls (printk, panic, symbol lookup).
 */
#include <stdarg.h>

#include "unit.h"

unsigned int unit_checks, unit_failures;
jmp_buf *unit_bug_jmp;
const char *unit_last_bug;
uint8_t unit_ports[65536];
bool unit_ports_absent;

void xl_printk(const char *fmt, ...);
void xl_panic(const char *fmt, ...);
void __bug(const char *file, int line, const char *expr);
const char *symbols_lookup(unsigned long addr, unsigned long *size, unsigned long *offset);

/* Quiet unless UNIT_VERBOSE is set: tests check results, not logs. */
void xl_printk(const char *fmt, ...)
{
	va_list ap;

	if (!getenv("UNIT_VERBOSE"))
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void xl_panic(const char *fmt, ...)
{
	va_list ap;

	printf("panic: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	abort();
}

void __bug(const char *file, int line, const char *expr)
{
	unit_last_bug = expr;
	if (unit_bug_jmp)
		longjmp(*unit_bug_jmp, 1);
	printf("Fail: unexpected BUG at %s:%d: %s\n", file, line, expr);
	abort();
}

/* A fake symbol table: "fake_func" covers [0x1000, 0x1100). */
const char *symbols_lookup(unsigned long addr, unsigned long *size, unsigned long *offset)
{
	if (addr < 0x1000 || addr >= 0x1100)
		return NULL;
	*size = 0x100;
	*offset = addr - 0x1000;
	return "fake_func";
}

int unit_report(const char *name)
{
	printf("unit: %s: %u checks, %u failed\n", name, unit_checks, unit_failures);
	return unit_failures ? 1 : 0;
}
