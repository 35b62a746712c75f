// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvctl's pure command-line logic (dom0-tools/pvctl/units.c, json.c):
 * xl's CPU-list syntax both ways (parse, then format, then parse again),
 * memory sizes with xl's units, and the JSON writer's escaping and
 * punctuation, checked byte for byte.
 */
#include <errno.h>

#include "unit.h"

#include "../../dom0-tools/pvctl/json.h"
#include "../../dom0-tools/pvctl/units.h"

static uint8_t map[64];
static char why[128];

/* s parsed over nr CPUs, then formatted: the text, or "ERR" if refused. */
static const char *roundtrip(const char *s, unsigned int nr)
{
	static char out[512];

	if (pvctl_cpulist_parse(s, map, nr, why, sizeof(why), NULL) < 0)
		return "ERR";
	pvctl_cpulist_format(map, nr, out, sizeof(out));
	return out;
}

#define CPUS(in, nr, want)                                                                        \
	do {                                                                                      \
		const char *got_ = roundtrip(in, nr);                                             \
		CHECK(!strcmp(got_, want), "cpulist '%s' over %u CPUs: '%s', want '%s' (%s)", in, \
		      nr, got_, want, why);                                                       \
	} while (0)

static void test_cpulist(void)
{
	char small[4];
	int n;

	CPUS("0", 4, "0");
	CPUS("all", 4, "all");
	CPUS("0-3", 4, "all");
	CPUS("0-3,^2", 4, "0-1,3");
	CPUS("all,^0", 4, "1-3");
	CPUS("1,3", 4, "1,3");
	CPUS("3,1,2", 8, "1-3");
	CPUS("0-1,4-5,7", 8, "0-1,4-5,7");
	CPUS("^1", 4, "none");
	CPUS("2-2", 4, "2");
	CPUS("0", 1, "all");
	CPUS("5-9,^7", 16, "5-6,8-9");
	CPUS("0-127", 128, "all");
	CPUS("64-127,^100-120", 128, "64-99,121-127");
	/* As in xl: empty items are skipped, an item may start with blanks. */
	CPUS("1,", 4, "1");
	CPUS(",1", 4, "1");
	CPUS("1,,2", 4, "1-2");
	CPUS(" 1, ^1,\t3", 4, "3");
	/* Refused, with a reason. */
	CPUS("", 4, "ERR");
	CPUS("4", 4, "ERR");
	CHECK(strstr(why, "CPU 4 does not exist"), "'4' of 4 CPUs: reason '%s'", why);
	CPUS("0-4", 4, "ERR");
	CPUS("3-1", 4, "ERR");
	CHECK(strstr(why, "backwards"), "'3-1': reason '%s'", why);
	CPUS("x", 4, "ERR");
	CHECK(strstr(why, "'x' is not a CPU"), "'x': reason '%s'", why);
	CPUS("0-x", 4, "ERR");
	CPUS("^all", 4, "ERR");
	CHECK(strstr(why, "cannot take all away"), "'^all': reason '%s'", why);
	CPUS("nodes:0", 4, "ERR");
	CHECK(strstr(why, "NUMA nodes"), "'nodes:0': reason '%s'", why);
	CPUS(",", 4, "ERR");
	CHECK(strstr(why, "empty CPU list"), "',': reason '%s'", why);
	CPUS("-1", 4, "ERR");
	CPUS("1-", 4, "ERR");
	CPUS("allx", 4, "ERR");
	CPUS("1 ", 4, "ERR");
	CPUS("^ 1", 4, "ERR");
	CPUS("99999999999", 4, "ERR");
	CHECK(strstr(why, "CPU 99999999999 does not exist"), "'99999999999': reason '%s'", why);
	CHECK(pvctl_cpulist_parse("0", map, 0, why, sizeof(why), NULL) == -EINVAL,
	      "no CPUs at all");
	/* The fault, for a caller that words the error itself, and "all" seen. */
	{
		struct pvctl_cpulist_result res;

		CHECK(pvctl_cpulist_parse("0-1,3-1", map, 4, why, sizeof(why), &res) == -EINVAL &&
			      res.fault == PVCTL_CPULIST_BACKWARDS,
		      "fault of '3-1': %d", res.fault);
		CHECK(pvctl_cpulist_parse("9", map, 4, NULL, 0, &res) == -EINVAL &&
			      res.fault == PVCTL_CPULIST_TOO_HIGH,
		      "fault of '9' over 4: %d", res.fault);
		CHECK(pvctl_cpulist_parse("all,^0", map, 4, NULL, 0, &res) == 0 && res.has_all &&
			      res.fault == PVCTL_CPULIST_OK,
		      "'all,^0': %d %d", res.fault, res.has_all);
		CHECK(pvctl_cpulist_parse("0", map, 4, NULL, 0, &res) == 0 && !res.has_all,
		      "'0': has_all %d", res.has_all);
	}
	/* Truncation works like snprintf: the full length, a terminated prefix. */
	pvctl_cpulist_parse("0,2,4,6", map, 8, why, sizeof(why), NULL);
	n = pvctl_cpulist_format(map, 8, small, sizeof(small));
	CHECK(n == 7 && !strcmp(small, "0,2"), "truncated format: %d '%s'", n, small);
}

static void test_memsize(void)
{
	static const struct {
		const char *in;
		int rc;
		uint64_t kib;
	} cases[] = {
		{"256", 0, 256 * 1024},
		{"256m", 0, 256 * 1024},
		{"256M", 0, 256 * 1024},
		{"1g", 0, 1024 * 1024},
		{"1G", 0, 1024 * 1024},
		{"2t", 0, 2ull << 30},
		{"4096k", 0, 4096},
		{"4096K", 0, 4096},
		{"1048576b", 0, 1024},
		{"1023b", 0, 0},
		{"0", 0, 0},
		{"", -EINVAL, 0},
		{"m", -EINVAL, 0},
		{"-1", -EINVAL, 0},
		{"12x", -EINVAL, 0},
		{"12mb", -EINVAL, 0},
		{"1.5g", -EINVAL, 0},
		{" 12", -EINVAL, 0},
		{"12 ", -EINVAL, 0},
		{"99999999999999999999", -EINVAL, 0},
		{"2000000t", -EINVAL, 0},
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t kib = 12345;
		int rc = pvctl_memsize_parse(cases[i].in, &kib);

		CHECK(rc == cases[i].rc, "memsize '%s': rc %d, want %d", cases[i].in, rc,
		      cases[i].rc);
		if (!rc && !cases[i].rc)
			CHECK(kib == cases[i].kib, "memsize '%s': %llu KiB, want %llu", cases[i].in,
			      (unsigned long long)kib, (unsigned long long)cases[i].kib);
	}
}

/* What json_write_string makes of s. */
static const char *escaped(const char *s)
{
	static char out[256];
	FILE *f = fmemopen(out, sizeof(out), "w");

	json_write_string(f, s);
	fclose(f);
	return out;
}

#define ESC(in, want)                                                                     \
	do {                                                                              \
		const char *got_ = escaped(in);                                           \
		CHECK(!strcmp(got_, want), "escape of %s: %s, want %s", #in, got_, want); \
	} while (0)

static void test_json_escape(void)
{
	ESC("", "\"\"");
	ESC("plain", "\"plain\"");
	ESC("a\"b", "\"a\\\"b\"");
	ESC("back\\slash", "\"back\\\\slash\"");
	ESC("tab\there", "\"tab\\there\"");
	ESC("nl\ncr\r", "\"nl\\ncr\\r\"");
	ESC("\b\f", "\"\\b\\f\"");
	ESC("\x01\x1f", "\"\\u0001\\u001f\"");
	ESC("\x7f", "\"\x7f\"");
	ESC("/slash", "\"/slash\"");
	/* Valid UTF-8 passes: é, €, U+1F600. */
	ESC("caf\xc3\xa9", "\"caf\xc3\xa9\"");
	ESC("\xe2\x82\xac", "\"\xe2\x82\xac\"");
	ESC("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
	/* Invalid: lone continuation, truncated sequence, overlong, surrogate, > U+10FFFF. */
	ESC("a\x80z", "\"a\\ufffdz\"");
	ESC("\xc3", "\"\\ufffd\"");
	ESC("\xe2\x82z", "\"\\ufffd\\ufffdz\"");
	ESC("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	ESC("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");
	ESC("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	ESC("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	ESC("\xff", "\"\\ufffd\"");
}

/* The same document through json_init or json_init_compact. */
static const char *json_document(bool compact)
{
	static char out[1024];
	FILE *f = fmemopen(out, sizeof(out), "w");
	struct json j;

	if (compact)
		json_init_compact(&j, f);
	else
		json_init(&j, f);
	json_object_begin(&j, NULL);
	json_string(&j, "name", "Domain-0");
	json_uint(&j, "domid", 0);
	json_int(&j, "neg", -5);
	json_double(&j, "t", 1.26, 1);
	json_double(&j, "nan", 0.0 / 0.0, 1);
	json_bool(&j, "ok", true);
	json_null(&j, "none");
	json_array_begin(&j, "empty");
	json_array_end(&j);
	json_array_begin(&j, "cpus");
	json_uint(&j, NULL, 0);
	json_uint(&j, NULL, 3);
	json_array_end(&j);
	json_object_begin(&j, "o\"k");
	json_object_end(&j);
	json_object_end(&j);
	json_finish(&j);
	fclose(f);
	return out;
}

static void test_json_document(void)
{
	const char *out = json_document(false);

	CHECK(!strcmp(out, "{\n"
			   "  \"name\": \"Domain-0\",\n"
			   "  \"domid\": 0,\n"
			   "  \"neg\": -5,\n"
			   "  \"t\": 1.3,\n"
			   "  \"nan\": null,\n"
			   "  \"ok\": true,\n"
			   "  \"none\": null,\n"
			   "  \"empty\": [],\n"
			   "  \"cpus\": [\n"
			   "    0,\n"
			   "    3\n"
			   "  ],\n"
			   "  \"o\\\"k\": {}\n"
			   "}\n"),
	      "document:\n%s", out);
	out = json_document(true);
	CHECK(!strcmp(out,
		      "{\"name\":\"Domain-0\",\"domid\":0,\"neg\":-5,\"t\":1.3,\"nan\":null,"
		      "\"ok\":true,\"none\":null,\"empty\":[],\"cpus\":[0,3],\"o\\\"k\":{}}\n"),
	      "compact document:\n%s", out);
}

int main(void)
{
	test_cpulist();
	test_memsize();
	test_json_escape();
	test_json_document();
	return unit_report("pvctl_cli");
}
