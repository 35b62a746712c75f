// SPDX-License-Identifier: GPL-2.0-only
/*
 * The framework and guest library checking themselves, so a failure in
 * another test kernel points at the hypervisor, not at the harness.
 * Behaviour under test:
 * - vsnprintf: each conversion, flag, width, precision and length
 *   modifier used by the tests; truncation keeps the NUL and returns the
 *   full length;
 * - the string helpers;
 * - exception-table fixups: a faulting instruction resumes at its fixup
 *   with the exinfo, a non-faulting one leaves it 0, a trap hook sees the
 *   exception first;
 * - both hypercall styles (direct syscall and the hypercall page) give the
 *   same answers, and the iret return path works through either;
 * - the verdict rule: the most severe report wins.
 */
#include <public/version.h>
#include <framework.h>

const char test_title[] = "Framework self-test";

static void check_fmt(const char *expected, const char *fmt, ...) __printf(2, 3);
static void check_fmt(const char *expected, const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (strcmp(buf, expected))
		xtf_failure("snprintf(\"%s\"): expected \"%s\", got \"%s\"", fmt, expected, buf);
	else if (n != (int)strlen(expected))
		xtf_failure("snprintf(\"%s\") length: expected %zu, got %d", fmt, strlen(expected),
			    n);
}

/* Hidden from the compiler's format checker, which rejects a literal NULL. */
static const char *volatile null_string;

static void test_printf(void)
{
	char small[8];
	int n;

	check_fmt("plain", "plain");
	check_fmt("100%", "100%%");
	check_fmt("42 -42 0", "%d %i %u", 42, -42, 0);
	check_fmt("-2147483648", "%d", (int)0x80000000);
	check_fmt("4294967295", "%u", 0xffffffffu);
	check_fmt("-9223372036854775808", "%lld", (long long)0x8000000000000000ULL);
	check_fmt("18446744073709551615", "%llu", ~0ULL);
	check_fmt("deadbeef DEADBEEF", "%x %X", 0xdeadbeef, 0xdeadbeef);
	check_fmt("0x1f 0 17", "%#x %#x %o", 0x1f, 0, 15);
	check_fmt("ffffffffffffffff", "%lx", ~0UL);
	check_fmt("123456789abc", "%zx", (size_t)0x123456789abcULL);
	check_fmt("[   42][42   ][00042]", "[%5d][%-5d][%05d]", 42, 42, 42);
	check_fmt("[  -42][-0042][+42][ 42]", "[%5d][%05d][%+d][% d]", -42, -42, 42, 42);
	check_fmt("[  007]", "[%5.3d]", 7);
	check_fmt("[0x00ff]", "[%#06x]", 0xff);
	check_fmt("[    x][x    ]", "[%*s][%-*s]", 5, "x", 5, "x");
	check_fmt("abc|ab|(null)", "%s|%.2s|%s", "abc", "abcdef", null_string);
	check_fmt("[  ab]", "[%4.*s]", 2, "abcdef");
	check_fmt("c=Z", "c=%c", 'Z');
	check_fmt("-1 255 65535", "%hhd %hhu %hu", (signed char)-1, (unsigned char)255,
		  (unsigned short)65535);
	check_fmt("0x1000", "%p", (void *)0x1000);

	memset(small, 'x', sizeof(small));
	n = snprintf(small, sizeof(small), "%s", "0123456789");
	if (n != 10 || strcmp(small, "0123456"))
		xtf_failure("snprintf truncation: expected 10 and \"0123456\", got %d and \"%.8s\"",
			    n, small);
	n = snprintf(NULL, 0, "%d", 12345);
	check_long("snprintf(NULL, 0) length", 5, n);
}

static void test_strings(void)
{
	static const char hay[] = "xen-3.0-x86_64 hvm-3.0-x86_32";
	char buf[8];

	check_long("strlen", 29, (long)strlen(hay));
	check_long("strnlen", 4, (long)strnlen(hay, 4));
	check_long("strcmp equal", 0, strcmp("abc", "abc"));
	if (strcmp("abc", "abd") >= 0 || strcmp("b", "a") <= 0)
		xtf_failure("strcmp ordering: expected abc < abd and b > a, got otherwise");
	check_long("strncmp prefix", 0, strncmp("abcdef", "abcxyz", 3));
	check_u64("strstr hit offset", 15, (uint64_t)(strstr(hay, "hvm") - hay));
	check_u64("strstr miss", 0, (uint64_t)(uintptr_t)strstr(hay, "pvh"));
	memset(buf, 0x5a, sizeof(buf));
	memcpy(buf, "abc", 3);
	check_long("memcmp after memcpy", 0, memcmp(buf, "abc\x5a\x5a", 5));
	memmove(buf + 1, buf, 4);
	check_long("memmove overlapping", 0, memcmp(buf, "aabc\x5a", 5));
}

static int hook_calls;
static int ud_hook(struct cpu_regs *regs)
{
	hook_calls++;
	regs->rip += 2; /* skip the ud2 */
	return 1;
}

static void test_fixups(void)
{
	exinfo_t fault = 0;

	asm volatile("1: nop; 2:" _ASM_EXTABLE(1b, 2b) : "+a"(fault) : : "memory");
	check_exinfo("fixup, no fault", 0, fault);

	asm volatile("1: ud2; 2:" _ASM_EXTABLE(1b, 2b) : "+a"(fault) : : "memory");
	check_exinfo("fixup, ud2", EXINFO_SYM(UD, 0), fault);
	check_u64("last_trap vector", X86_EXC_UD, last_trap.regs.vector);

	fault = 0;
	trap_hooks[X86_EXC_UD] = ud_hook;
	asm volatile("1: ud2; 2:" _ASM_EXTABLE(1b, 2b) : "+a"(fault) : : "memory");
	trap_hooks[X86_EXC_UD] = NULL;
	check_long("trap hook calls", 1, hook_calls);
	check_exinfo("fixup skipped by hook", 0, fault);

	check_u64("EXINFO encoding", 0x800e0003u, EXINFO_SYM(PF, 3));
}

static void test_hypercall_styles(void)
{
	uint8_t saved = hypercall_use_page;
	long via_syscall, via_page;

	via_syscall = hypercall_syscall(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
	via_page = hypercall_via_page(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
	if (via_syscall <= 0)
		xtf_failure("xen_version by syscall: expected > 0, got %ld", via_syscall);
	check_long("xen_version by page = by syscall", via_syscall, via_page);
	check_long("xen_version(pagesize) by page", 4096,
		   hypercall_via_page(__HYPERVISOR_xen_version, XENVER_pagesize, 0, 0, 0, 0));

	/* The dispatcher and the iret return path, each way. */
	for (int page = 0; page <= 1; page++) {
		exinfo_t fault = 0;
		char what[64];

		hypercall_use_page = page;
		snprintf(what, sizeof(what), "HYPERVISOR_xen_version (%s)",
			 page ? "page" : "syscall");
		check_long(what, via_syscall, HYPERVISOR_xen_version(XENVER_version, NULL));
		asm volatile("1: ud2; 2:" _ASM_EXTABLE(1b, 2b) : "+a"(fault) : : "memory");
		snprintf(what, sizeof(what), "return from #UD by iret (%s)",
			 page ? "page" : "syscall");
		check_exinfo(what, EXINFO_SYM(UD, 0), fault);
	}
	hypercall_use_page = saved;
}

static void test_verdict(void)
{
	static const struct {
		enum test_result a, b, want;
	} cases[] = {
		{RESULT_NONE, RESULT_SUCCESS, RESULT_SUCCESS},
		{RESULT_SUCCESS, RESULT_SKIP, RESULT_SKIP},
		{RESULT_SKIP, RESULT_SUCCESS, RESULT_SKIP},
		{RESULT_SKIP, RESULT_ERROR, RESULT_ERROR},
		{RESULT_FAILURE, RESULT_ERROR, RESULT_FAILURE},
		{RESULT_ERROR, RESULT_FAILURE, RESULT_FAILURE},
		{RESULT_FAILURE, RESULT_SUCCESS, RESULT_FAILURE},
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		enum test_result got = xtf_result_combine(cases[i].a, cases[i].b);

		if (got != cases[i].want)
			xtf_failure("combine(%s, %s): expected %s, got %s",
				    xtf_result_name(cases[i].a), xtf_result_name(cases[i].b),
				    xtf_result_name(cases[i].want), xtf_result_name(got));
	}
	check_long("result before any report", RESULT_NONE, xtf_result());
	xtf_success(NULL);
	check_long("result after xtf_success", RESULT_SUCCESS, xtf_result());
}

void test_main(void)
{
	test_verdict();
	test_printf();
	test_strings();
	test_fixups();
	test_hypercall_styles();
	xtf_success(NULL);
}
