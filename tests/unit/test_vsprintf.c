// SPDX-License-Identifier: GPL-2.0-only
/*
 * printk formatting (common/vsprintf.c) against the C library for every
 * conversion and flag the hypervisor uses, truncation and the return
 * value, %pS symbol printing, and the number parsers.
 */
#include "unit.h"
#include "hv-begin.h"
#include "../../xen-like/common/string.c"
#include "../../xen-like/common/vsprintf.c"
#include "hv-end.h"

#define SAME(fmt, ...)                                                                    \
	do {                                                                              \
		char a[128], b[128];                                                      \
		int ra = xl_snprintf(a, sizeof(a), fmt, __VA_ARGS__);                     \
		int rb = snprintf(b, sizeof(b), fmt, __VA_ARGS__);                        \
		CHECK(!strcmp(a, b) && ra == rb, "format \"%s\": expected \"%s\" (%d), got \"%s\" (%d)", \
		      fmt, b, rb, a, ra);                                                 \
	} while (0)

int main(void)
{
	char buf[64];
	int n;
	const char *end;

	SAME("%d %i %u", 42, -7, 3000000000U);
	SAME("%x %X %o", 0xbeefU, 0xbeefU, 8U);
	SAME("%#x %#o %#x", 0x10U, 8U, 0U);
	SAME("%5d|%-5d|%05d", 42, 42, 42);
	SAME("%+d % d %+d", 5, 5, -5);
	SAME("%.3d %8.3d %-8.3d|", 7, 7, 7);
	SAME("%ld %lu %lx", -1L, ~0UL, 0xffffffffffffUL);
	SAME("%lld %llx", -9223372036854775807LL - 1, 0x8000000000000000ULL);
	SAME("%zu %zx", (size_t)12345, (size_t)0xabc);
	SAME("%hhu %hd %hx", 300, 70000, 0x12345);
	SAME("%s|%10s|%-10s|%.2s", "abc", "abc", "abc", "abc");
	SAME("%c%c%%", 'x', 'y');
	SAME("%016lx", 0xffff82d080000000UL);
	SAME("%*d|%-*d|%.*s", 6, 1, 6, 2, 3, "abcdef");
	SAME("%.0d|%.0x", 0, 0U);

	/* Truncation: always terminated; returns the untruncated length. */
	n = xl_snprintf(buf, 5, "%s", "abcdefgh");
	CHECK(n == 8 && !strcmp(buf, "abcd"), "truncation: got \"%s\" (%d)", buf, n);
	n = xl_snprintf(NULL, 0, "%d", 12345);
	CHECK(n == 5, "size 0: expected 5, got %d", n);
	n = xl_scnprintf(buf, 5, "%s", "abcdefgh");
	CHECK(n == 4, "scnprintf: expected 4, got %d", n);
	{
		const char *volatile nullstr = NULL; /* hide the NULL from -Wformat */

		xl_snprintf(buf, sizeof(buf), "%s", nullstr);
	}
	CHECK(!strcmp(buf, "(NULL)"), "NULL string: got \"%s\"", buf);
	xl_snprintf(buf, sizeof(buf), "%p", (void *)0x1234);
	CHECK(!strcmp(buf, "0000000000001234"), "%%p: got \"%s\"", buf);

	/* Symbols. */
	xl_snprintf(buf, sizeof(buf), "%pS", (void *)0x1010);
	CHECK(!strcmp(buf, "fake_func+0x10/0x100"), "%%pS: got \"%s\"", buf);
	xl_snprintf(buf, sizeof(buf), "%ps", (void *)0x1010);
	CHECK(!strcmp(buf, "fake_func"), "%%ps: got \"%s\"", buf);
	xl_snprintf(buf, sizeof(buf), "%pS", (void *)0x2000);
	CHECK(!strcmp(buf, "0x2000"), "%%pS without symbol: got \"%s\"", buf);

	/* Number parsing. */
	CHECK(simple_strtoull("0x1fZ", &end, 0) == 0x1f && *end == 'Z', "hex with prefix");
	CHECK(simple_strtoull("0755", &end, 0) == 0755 && !*end, "octal");
	CHECK(simple_strtoull("0x", &end, 0) == 0 && *end == 'x', "bare 0x: stops after 0");
	CHECK(simple_strtoll("-42", &end, 10) == -42, "negative");
	CHECK(parse_size_and_unit("512", &end) == 512 && !*end, "size bytes");
	CHECK(parse_size_and_unit("64M", &end) == 64ULL << 20 && !*end, "size M");
	CHECK(parse_size_and_unit("3g", &end) == 3ULL << 30 && !*end, "size g");
	CHECK(parse_size_and_unit("1T", &end) == 1ULL << 40 && !*end, "size T");
	CHECK(parse_size_and_unit("8K,", &end) == 8192 && *end == ',', "size K then comma");
	{
		unsigned long long v;

		CHECK(strtoull_checked("18446744073709551615", &end, 10, &v) == 0 && v == ~0ULL,
		      "largest 64-bit value accepted");
		CHECK(strtoull_checked("18446744073709551616", &end, 10, &v) == -ERANGE,
		      "2^64 overflows");
		CHECK(strtoull_checked("0x10000000000000000", &end, 0, &v) == -ERANGE,
		      "hex overflow");
		CHECK(parse_size_checked("16777216T", &end, &v) == -ERANGE, "size shift overflows");
		CHECK(parse_size_checked("16777215T", &end, &v) == 0 && v == 16777215ULL << 40,
		      "largest T size");
	}
	parse_size_and_unit("x", &end);
	CHECK(*end == 'x', "no digits: end stays at start");

	/* String helpers. */
	CHECK(xl_strlcpy(buf, "hello", 3) == 5 && !strcmp(buf, "he"), "strlcpy truncates");
	strcpy(buf, "ab");
	CHECK(xl_strlcat(buf, "cdef", 5) == 6 && !strcmp(buf, "abcd"), "strlcat truncates");
	CHECK(xl_strstr("hypervisor", "visor") && !xl_strstr("abc", "d"), "strstr");
	CHECK(xl_strrchr("a/b/c", '/')[1] == 'c', "strrchr");
	CHECK(xl_strncmp("abcd", "abce", 3) == 0 && xl_strncmp("abcd", "abce", 4) < 0, "strncmp");
	{
		char m[16] = "0123456789";

		xl_memmove(m + 2, m, 8);
		CHECK(!memcmp(m, "0101234567", 10), "memmove overlap: got %.10s", m);
	}
	return unit_report("vsprintf");
}
