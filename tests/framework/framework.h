/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test framework for PV test kernels, shaped like XTF. A test kernel
 * defines
 *
 *	const char test_title[] = "What this kernel tests";
 *	void test_main(void) { ... xtf_success(NULL); }
 *
 * and reports through xtf_success/skip/error/failure. The most severe
 * report wins (SUCCESS < SKIP < ERROR < FAILURE; failures and errors
 * are all printed, the test goes on unless it returns). When test_main()
 * returns (or xtf_exit() is called) the framework prints exactly one line
 * "Test result: SUCCESS|SKIP|ERROR|FAILURE" and powers the domain off.
 * SKIP: the configuration does not apply; ERROR: a bug in the test;
 * FAILURE: a bug in the hypervisor.
 */
#ifndef TESTS_FRAMEWORK_H
#define TESTS_FRAMEWORK_H

#include <guest/hypercall.h>
#include <guest/lib.h>
#include <guest/traps.h>

enum test_result {
	RESULT_NONE = 0, /* nothing reported yet */
	RESULT_SUCCESS,
	RESULT_SKIP,
	RESULT_ERROR,
	RESULT_FAILURE,
};

/* Provided by each test kernel. */
extern const char test_title[];
void test_main(void);

/* fmt may be NULL (no message). */
void xtf_success(const char *fmt, ...) __printf(1, 2);
/* "Skip: <message>" */
void xtf_skip(const char *fmt, ...) __printf(1, 2);
/* "Error: <message>" */
void xtf_error(const char *fmt, ...) __printf(1, 2);
/* "Fail: <message>"; write it as "<what>: expected X, got Y". */
void xtf_failure(const char *fmt, ...) __printf(1, 2);

/* Print the verdict now and power off. */
void xtf_exit(void) __noreturn;

/*
 * Print the verdict line now and go on running: for a domU of a
 * multi-domain test that dom0 shuts down (SCHEDOP_remote_shutdown) while
 * it still runs. xtf_exit() does not print a second line.
 */
void xtf_print_verdict(void);

/*
 * The shutdown reason xtf_exit() uses when the verdict is ERROR or
 * FAILURE (SHUTDOWN_poweroff unless set). A domU of a multi-domain test
 * sets SHUTDOWN_crash, so that dom0 sees the failure in getdomaininfo.
 */
void xtf_set_failure_shutdown(unsigned int reason);

/* The verdict so far, and the rule that merges two reports. */
enum test_result xtf_result(void);
enum test_result xtf_result_combine(enum test_result a, enum test_result b);
const char *xtf_result_name(enum test_result r);

/*
 * Comparison helpers: report "Fail: <what>: expected X, got Y" and return
 * false on a mismatch. _long prints signed decimal (hypercall return
 * codes), _u64 hex.
 */
bool check_long(const char *what, long expected, long got);
bool check_u64(const char *what, uint64_t expected, uint64_t got);
bool check_exinfo(const char *what, exinfo_t expected, exinfo_t got);

#endif /* TESTS_FRAMEWORK_H */
