/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal host unit-test framework for xen-like's common code.
 *
 * A test file includes this header, then "hv-begin.h", the hypervisor
 * sources under test, and "hv-end.h": in between, the hypervisor's
 * string and formatting functions are renamed (xl_memcpy, xl_snprintf...)
 * so they never clash with the C library's, which the test itself keeps
 * using to compute expectations. BUG_ON() longjmps back to EXPECT_BUG().
 */
#ifndef UNIT_H
#define UNIT_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern unsigned int unit_checks, unit_failures;
extern jmp_buf *unit_bug_jmp;
extern const char *unit_last_bug;

#define CHECK(cond, fmt, ...)                                                       \
	do {                                                                        \
		unit_checks++;                                                      \
		if (!(cond)) {                                                      \
			unit_failures++;                                            \
			printf("Fail: %s:%d: " fmt "\n", __FILE__, __LINE__, ##__VA_ARGS__); \
		}                                                                   \
	} while (0)

/* Run @stmt and check that it hits BUG_ON()/BUG(). */
#define EXPECT_BUG(stmt, what)                                   \
	do {                                                     \
		jmp_buf jb_;                                     \
		bool hit_ = false;                               \
		unit_bug_jmp = &jb_;                             \
		if (setjmp(jb_) == 0) {                          \
			stmt;                                    \
		} else {                                         \
			hit_ = true;                             \
		}                                                \
		unit_bug_jmp = NULL;                             \
		CHECK(hit_, "%s: expected BUG, none hit", what); \
	} while (0)

/* Print the summary line and return the exit status for main(). */
int unit_report(const char *name);

#endif /* UNIT_H */
