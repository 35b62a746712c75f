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

static int why(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (buf && len) {
		va_start(ap, fmt);
		vsnprintf(buf, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* A CPU number at *p (digits only), moved past; -1 if there is none. */
static long cpu_number(const char **p)
{
	long v = 0;

	if (!isdigit((unsigned char)**p))
		return -1;
	while (isdigit((unsigned char)**p)) {
		v = v * 10 + (**p - '0');
		if (v > 1000000)
			return -1;
		(*p)++;
	}
	return v;
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

int pvctl_cpulist_parse(const char *s, uint8_t *map, unsigned int nr_cpus, char *whybuf,
			size_t why_len)
{
	const char *p = s;

	if (!nr_cpus)
		return why(whybuf, why_len, "no CPUs");
	memset(map, 0, (nr_cpus + 7) / 8);
	if (!*s)
		return why(whybuf, why_len, "empty CPU list");
	for (;;) {
		const char *item = p;
		bool remove = false;
		long a, b;

		if (*p == '^') {
			remove = true;
			p++;
		}
		if (!strncmp(p, "all", 3) && (p[3] == ',' || !p[3])) {
			if (remove)
				return why(whybuf, why_len, "'^all' takes every CPU away");
			for (unsigned int c = 0; c < nr_cpus; c++)
				set_bit_to(map, c, true);
			p += 3;
		} else {
			a = cpu_number(&p);
			b = a;
			if (a >= 0 && *p == '-') {
				p++;
				b = cpu_number(&p);
			}
			if (a < 0 || b < 0 || (*p && *p != ','))
				return why(whybuf, why_len,
					   "'%.*s' is not a CPU, a range N-M or 'all'",
					   (int)strcspn(item, ","), item);
			if (b < a)
				return why(whybuf, why_len, "range %ld-%ld runs backwards", a, b);
			if ((unsigned long)b >= nr_cpus)
				return why(whybuf, why_len,
					   "CPU %ld does not exist (the host has %u: 0-%u)", b,
					   nr_cpus, nr_cpus - 1);
			for (long c = a; c <= b; c++)
				set_bit_to(map, (unsigned int)c, !remove);
		}
		if (!*p)
			return 0;
		p++; /* the comma */
		if (!*p || *p == ',')
			return why(whybuf, why_len, "an empty item in '%s'", s);
	}
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
