// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU lists and memory sizes (units.h), in xl's syntax so that what works
 * with xl works with pvctl. Pure string work: no hypercall, no
 * allocation, so the host unit tests (tests/unit/test_pvctl_cli.c) can
 * drive every branch.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "units.h"

/* Refuses a CPU list: the fault for the caller, the reason in buf. */
static int refuse(struct pvctl_cpulist_result *res, enum pvctl_cpulist_fault fault, char *buf,
		  size_t len, const char *fmt, ...)
{
	va_list ap;

	if (res)
		res->fault = fault;
	if (buf && len) {
		va_start(ap, fmt);
		vsnprintf(buf, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Above any CPU number: where cpu_number stops counting. */
#define CPU_HUGE 1000000L

/*
 * A CPU number at *p (digits only), moved past; -1 if there is none.
 * Numbers past CPU_HUGE read as CPU_HUGE, a CPU no host has.
 */
static long cpu_number(const char **p)
{
	long v = 0;

	if (!isdigit((unsigned char)**p))
		return -1;
	for (; isdigit((unsigned char)**p); (*p)++)
		if (v < CPU_HUGE)
			v = v * 10 + (**p - '0');
	return v < CPU_HUGE ? v : CPU_HUGE;
}

static void set_bit_to(uint8_t *map, unsigned int bit, bool on)
{
	if (on)
		map[bit / 8] |= (uint8_t)(1u << (bit % 8));
	else
		map[bit / 8] &= (uint8_t) ~(1u << (bit % 8));
}

static bool test_bit(const uint8_t *map, unsigned int bit)
{
	return map[bit / 8] & (1u << (bit % 8));
}

/* One item, [p, end): into map, or the reason it is refused. */
static int cpulist_item(const char *p, const char *end, uint8_t *map, unsigned int nr_cpus,
			char *whybuf, size_t why_len, struct pvctl_cpulist_result *res)
{
	const char *item, *last;
	bool remove = false;
	long a, b;

	while (p < end && isspace((unsigned char)*p))
		p++;
	item = p;
	if (*p == '^') {
		remove = true;
		p++;
	}
	if (!strncmp(p, "node:", 5) || !strncmp(p, "nodes:", 6))
		return refuse(res, PVCTL_CPULIST_NODES, whybuf, why_len,
			      "'%.*s' names NUMA nodes, which pvctl does not place on",
			      (int)(end - p), p);
	if (end - p == 3 && !strncmp(p, "all", 3)) {
		if (remove)
			return refuse(res, PVCTL_CPULIST_NOT_ALL, whybuf, why_len,
				      "'^all': ^ cannot take all away");
		for (unsigned int c = 0; c < nr_cpus; c++)
			set_bit_to(map, c, true);
		if (res)
			res->has_all = true;
		return 0;
	}
	a = cpu_number(&p);
	b = a;
	last = item + (*item == '^');
	if (a >= 0 && *p == '-') {
		last = ++p;
		b = cpu_number(&p);
	}
	if (a < 0 || b < 0 || p != end)
		return refuse(res, PVCTL_CPULIST_SYNTAX, whybuf, why_len,
			      "'%.*s' is not a CPU, a range N-M or 'all'", (int)(end - item), item);
	if (b < a)
		return refuse(res, PVCTL_CPULIST_BACKWARDS, whybuf, why_len,
			      "range %ld-%ld runs backwards", a, b);
	if ((unsigned long)b >= nr_cpus)
		return refuse(res, PVCTL_CPULIST_TOO_HIGH, whybuf, why_len,
			      "CPU %.*s does not exist (the host has %u: 0-%u)", (int)(p - last),
			      last, nr_cpus, nr_cpus - 1);
	for (long c = a; c <= b; c++)
		set_bit_to(map, (unsigned int)c, !remove);
	return 0;
}

int pvctl_cpulist_parse(const char *s, uint8_t *map, unsigned int nr_cpus, char *whybuf,
			size_t why_len, struct pvctl_cpulist_result *res)
{
	bool any = false;

	if (res)
		*res = (struct pvctl_cpulist_result){0};
	if (!nr_cpus)
		return refuse(res, PVCTL_CPULIST_TOO_HIGH, whybuf, why_len, "no CPUs");
	memset(map, 0, (nr_cpus + 7) / 8);
	for (const char *p = s; *p;) {
		const char *end = p + strcspn(p, ",");
		int rc;

		if (end > p) {
			rc = cpulist_item(p, end, map, nr_cpus, whybuf, why_len, res);
			if (rc)
				return rc;
			any = true;
		}
		p = *end ? end + 1 : end;
	}
	if (!any)
		return refuse(res, PVCTL_CPULIST_EMPTY, whybuf, why_len, "empty CPU list");
	return 0;
}

/* snprintf at buf + *n, keeping *n the length the whole string would have. */
static void append(char *buf, size_t len, size_t *n, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(*n < len ? buf + *n : NULL, *n < len ? len - *n : 0, fmt, ap);
	va_end(ap);
	*n += k > 0 ? (size_t)k : 0;
}

int pvctl_cpulist_format(const uint8_t *map, unsigned int nr_cpus, char *buf, size_t len)
{
	unsigned int c = 0, set = 0;
	size_t n = 0;

	if (len)
		buf[0] = 0;
	for (unsigned int i = 0; i < nr_cpus; i++)
		set += test_bit(map, i);
	if (!set || set == nr_cpus) {
		append(buf, len, &n, set ? "all" : "none");
		return (int)n;
	}
	while (c < nr_cpus) {
		unsigned int start;

		if (!test_bit(map, c)) {
			c++;
			continue;
		}
		start = c;
		while (c + 1 < nr_cpus && test_bit(map, c + 1))
			c++;
		append(buf, len, &n, "%s%u", n ? "," : "", start);
		if (c > start)
			append(buf, len, &n, "-%u", c);
		c++;
	}
	return (int)n;
}

int pvctl_memsize_parse(const char *s, uint64_t *kib)
{
	uint64_t v = 0;
	const char *p = s;
	unsigned int shift;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	while (isdigit((unsigned char)*p)) {
		if (v > (UINT64_MAX - 9) / 10)
			return -EINVAL;
		v = v * 10 + (uint64_t)(*p - '0');
		p++;
	}
	if (p[0] && p[1])
		return -EINVAL;
	switch (tolower((unsigned char)*p)) {
	case 'b':
		*kib = v >> 10;
		return 0;
	case 'k':
		shift = 0;
		break;
	case 0:
	case 'm':
		shift = 10;
		break;
	case 'g':
		shift = 20;
		break;
	case 't':
		shift = 30;
		break;
	default:
		return -EINVAL;
	}
	/* Xen counts KiB in 64 bits, pages in 52: keep well inside both. */
	if (v > (UINT64_C(1) << 50) >> shift)
		return -EINVAL;
	*kib = v << shift;
	return 0;
}
