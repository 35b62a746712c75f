// SPDX-License-Identifier: GPL-2.0-only
/*
 * The runtime of a PV test kernel: guest_main() prints a banner, runs
 * test_main(), and turns the reports into exactly one verdict line. The
 * verdict is the most severe report, so one failure among many
 * successes still fails the test, and a test that reports nothing is an
 * ERROR (it never reached its end).
 */
#include "framework.h"

/* Reports may come from several vCPUs: merged with a compare-and-swap. */
static enum test_result result = RESULT_NONE;
static unsigned int failure_shutdown = SHUTDOWN_poweroff;

static const char *const result_names[] = {
	[RESULT_NONE] = "NONE",	  [RESULT_SUCCESS] = "SUCCESS", [RESULT_SKIP] = "SKIP",
	[RESULT_ERROR] = "ERROR", [RESULT_FAILURE] = "FAILURE",
};

const char *xtf_result_name(enum test_result r)
{
	return (unsigned int)r < ARRAY_SIZE(result_names) ? result_names[r] : "?";
}

/* The enum is ordered by severity. */
enum test_result xtf_result_combine(enum test_result a, enum test_result b)
{
	return a > b ? a : b;
}

enum test_result xtf_result(void)
{
	return result;
}

static void merge_result(enum test_result r)
{
	enum test_result old = __atomic_load_n(&result, __ATOMIC_RELAXED);

	while (!__atomic_compare_exchange_n(&result, &old, xtf_result_combine(old, r), false,
					    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
		;
}

static void report(enum test_result r, const char *prefix, const char *fmt, va_list ap)
{
	char msg[512];
	int n;

	merge_result(r);
	if (!fmt)
		return;
	/* One write, so that another vCPU's line cannot land in the middle. */
	n = snprintf(msg, sizeof(msg), "%s", prefix);
	vsnprintf(msg + n, sizeof(msg) - n - 1, fmt, ap);
	n = strlen(msg);
	msg[n++] = '\n';
	console_write(msg, n);
}

#define REPORT(r, prefix)                   \
	do {                                \
		va_list ap;                 \
		va_start(ap, fmt);          \
		report(r, prefix, fmt, ap); \
		va_end(ap);                 \
	} while (0)

void xtf_success(const char *fmt, ...)
{
	REPORT(RESULT_SUCCESS, "");
}

void xtf_skip(const char *fmt, ...)
{
	REPORT(RESULT_SKIP, "Skip: ");
}

void xtf_error(const char *fmt, ...)
{
	REPORT(RESULT_ERROR, "Error: ");
}

void xtf_failure(const char *fmt, ...)
{
	REPORT(RESULT_FAILURE, "Fail: ");
}

bool check_long(const char *what, long expected, long got)
{
	if (expected == got)
		return true;
	xtf_failure("%s: expected %ld, got %ld", what, expected, got);
	return false;
}

bool check_u64(const char *what, uint64_t expected, uint64_t got)
{
	if (expected == got)
		return true;
	xtf_failure("%s: expected %#llx, got %#llx", what, (unsigned long long)expected,
		    (unsigned long long)got);
	return false;
}

static void exinfo_str(char *buf, size_t size, exinfo_t e)
{
	if (!e)
		snprintf(buf, size, "no exception");
	else
		snprintf(buf, size, "vector %u error code %#x", exinfo_vec(e), exinfo_ec(e));
}

bool check_exinfo(const char *what, exinfo_t expected, exinfo_t got)
{
	char exp[40], act[40];

	if (expected == got)
		return true;
	exinfo_str(exp, sizeof(exp), expected);
	exinfo_str(act, sizeof(act), got);
	xtf_failure("%s: expected %s, got %s", what, exp, act);
	return false;
}

static bool verdict_printed;

void xtf_print_verdict(void)
{
	/* Once, whichever vCPU gets here first. */
	if (__atomic_exchange_n(&verdict_printed, true, __ATOMIC_SEQ_CST))
		return;
	if (result == RESULT_NONE) {
		printk("Error: test_main() reported no result\n");
		merge_result(RESULT_ERROR);
	}
	printk("Test result: %s\n", xtf_result_name(result));
}

void xtf_exit(void)
{
	xtf_print_verdict();
	guest_shutdown(result >= RESULT_ERROR ? failure_shutdown : SHUTDOWN_poweroff);
}

void xtf_set_failure_shutdown(unsigned int reason)
{
	failure_shutdown = reason;
}

void guest_main(void)
{
	printk("--- xen-like test framework ---\n");
	printk("Environment: pv64, hypercalls by %s\n",
	       hypercall_use_page ? "hypercall page" : "syscall");
	printk("%s\n", test_title);
	test_main();
	xtf_exit();
}
