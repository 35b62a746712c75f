// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command-line parser (common/param.c): booleans and their negations,
 * integers with range checks, sizes with suffixes, bounded strings,
 * custom handlers, quoting, and the report of every unknown option, bad
 * or missing value.
 */
#include "unit.h"
#include "hv-begin.h"
#include "../../xen-like/common/string.c"
#include "../../xen-like/common/vsprintf.c"
#include "../../xen-like/common/param.c"
#include "hv-end.h"

static bool b1, b2 = true;
static uint8_t u8v;
static uint32_t u32v;
static uint64_t u64v, sizev;
static char str[8];
static char custom_seen[32];

static int custom_fn(const char *val)
{
	if (!strcmp(val, "bad"))
		return -EINVAL;
	snprintf(custom_seen, sizeof(custom_seen), "[%s]", val);
	return 0;
}

static const struct kernel_param table[] = {
	{ "b1", PARAM_BOOL, sizeof(b1), { .var = &b1 } },
	{ "b2", PARAM_BOOL, sizeof(b2), { .var = &b2 } },
	{ "u8", PARAM_UINT, sizeof(u8v), { .var = &u8v } },
	{ "u32", PARAM_UINT, sizeof(u32v), { .var = &u32v } },
	{ "u64", PARAM_UINT, sizeof(u64v), { .var = &u64v } },
	{ "size", PARAM_SIZE, sizeof(sizev), { .var = &sizev } },
	{ "str", PARAM_STRING, sizeof(str), { .var = str } },
	{ "custom", PARAM_CUSTOM, 0, { .func = custom_fn } },
};

static char reported[512];

static void report(enum param_problem what, const char *name, const char *value)
{
	static const char *const kinds[] = { "unknown", "bad", "missing" };
	size_t n = strlen(reported);

	snprintf(reported + n, sizeof(reported) - n, "%s%s:%s=%s", n ? " " : "",
		 kinds[what], name, value);
}

static int parse(const char *cmdline)
{
	reported[0] = '\0';
	return parse_params(cmdline, table, table + sizeof(table) / sizeof(table[0]), report);
}

int main(void)
{
	static const struct {
		const char *cmdline;
		int problems;
		const char *report;
	} bad[] = {
		{ "nosuch", 1, "unknown:nosuch=" },
		{ "nosuch=1 alsonot", 2, "unknown:nosuch=1 unknown:alsonot=" },
		{ "b1=maybe", 1, "bad:b1=maybe" },
		{ "no-b1=1", 1, "unknown:no-b1=1" },
		{ "u8=256", 1, "bad:u8=256" },
		{ "u8=12x", 1, "bad:u8=12x" },
		{ "u8", 1, "missing:u8=" },
		{ "u32=", 1, "missing:u32=" },
		{ "size=12x", 1, "bad:size=12x" },
		{ "size=M", 1, "bad:size=M" },
		{ "str=toolongvalue", 1, "bad:str=toolongvalue" },
		{ "str", 1, "missing:str=" },
		{ "custom=bad", 1, "bad:custom=bad" },
		{ "nou8", 1, "unknown:nou8=" },
		/* Regressions: overflowing numbers used to wrap silently. */
		{ "u64=18446744073709551616", 1, "bad:u64=18446744073709551616" },
		{ "u8=18446744073709551617", 1, "bad:u8=18446744073709551617" },
		{ "size=17179869184G", 1, "bad:size=17179869184G" },
	};
	unsigned int i;
	int n;

	n = parse("  b1   no-b2 u8=255 u32=0x10 u64=18446744073709551615 size=2G str=abc custom=\"x y\"  ");
	CHECK(n == 0, "valid line: expected 0 problems, got %d (%s)", n, reported);
	CHECK(b1 && !b2, "booleans: expected 1/0, got %d/%d", b1, b2);
	CHECK(u8v == 255 && u32v == 16 && u64v == UINT64_MAX, "integers: got %u %u %llu", u8v, u32v,
	      (unsigned long long)u64v);
	CHECK(sizev == 2ULL << 30, "size: expected 2 GiB, got %llu", (unsigned long long)sizev);
	CHECK(!strcmp(str, "abc"), "string: expected abc, got %s", str);
	CHECK(!strcmp(custom_seen, "[x y]"), "custom with quotes: expected [x y], got %s", custom_seen);

	n = parse("nob1 b2=off b1=yes b2=1 b2=false");
	CHECK(n == 0 && b1 && !b2, "boolean spellings: problems %d, b1 %d b2 %d", n, b1, b2);
	n = parse("size=4096 u8=010");
	CHECK(n == 0 && sizev == 4096 && u8v == 8, "plain size / octal: %d %llu %u", n,
	      (unsigned long long)sizev, u8v);
	n = parse("");
	CHECK(n == 0, "empty line: %d problems", n);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		u8v = 7;
		n = parse(bad[i].cmdline);
		CHECK(n == bad[i].problems, "\"%s\": expected %d problems, got %d", bad[i].cmdline,
		      bad[i].problems, n);
		CHECK(!strcmp(reported, bad[i].report), "\"%s\": expected report \"%s\", got \"%s\"",
		      bad[i].cmdline, bad[i].report, reported);
	}
	CHECK(u8v == 7, "a rejected value must not be stored (u8 = %u)", u8v);
	/* Regression: an over-long option used to be cut and applied. */
	{
		char line[400];

		memset(line, 'x', sizeof(line) - 1);
		line[sizeof(line) - 1] = '\0';
		memcpy(line, "custom=", 7);
		custom_seen[0] = '\0';
		n = parse(line);
		CHECK(n == 1 && custom_seen[0] == '\0',
		      "over-long option: expected 1 problem and no call, got %d, \"%s\"", n, custom_seen);
	}
	/* A good option after a bad one still applies. */
	n = parse("nosuch u32=5");
	CHECK(n == 1 && u32v == 5, "parse continues after an error: %d, u32 %u", n, u32v);
	return unit_report("param");
}
