// SPDX-License-Identifier: GPL-2.0-only
/*
 * printf-style formatting for the hypervisor: the C99 conversions it
 * needs (d i u o x X c s p %, flags "-0+ #", width, precision, length
 * modifiers hh h l ll z t) plus "%pS"/"%ps", which print a code address as
 * symbol+offset/size (resp. symbol only). Output is always NUL-terminated
 * and never overruns the buffer; the return value is the length the full
 * output would have had, as C99 specifies.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/symbols.h>

#define F_LEFT 0x01
#define F_ZERO 0x02
#define F_PLUS 0x04
#define F_SPACE 0x08
#define F_ALT 0x10
#define F_UPPER 0x20
#define F_SIGNED 0x40

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_str(struct out *o, const char *s, int width, int prec,
		    unsigned int flags)
{
	int len = 0, i;

	if (!s)
		s = "(NULL)";
	while ((prec < 0 || len < prec) && s[len])
		len++;
	if (!(flags & F_LEFT))
		for (i = len; i < width; i++)
			put(o, ' ');
	for (i = 0; i < len; i++)
		put(o, s[i]);
	if (flags & F_LEFT)
		for (i = len; i < width; i++)
			put(o, ' ');
}

static void put_num(struct out *o, unsigned long long v, unsigned int base,
		    int width, int prec, unsigned int flags)
{
	const char *digits = (flags & F_UPPER) ? "0123456789ABCDEF" :
						 "0123456789abcdef";
	char tmp[24];
	char sign = 0;
	const char *prefix = "";
	int n = 0, zeros, pad, plen;

	if (flags & F_SIGNED) {
		if ((long long)v < 0) {
			sign = '-';
			v = 0ULL - v; /* well defined even for LLONG_MIN */
		} else if (flags & F_PLUS) {
			sign = '+';
		} else if (flags & F_SPACE) {
			sign = ' ';
		}
	}
	if ((flags & F_ALT) && v) {
		if (base == 16)
			prefix = (flags & F_UPPER) ? "0X" : "0x";
		else if (base == 8)
			prefix = "0";
	}
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;

	plen = (sign ? 1 : 0) + (int)strlen(prefix);
	zeros = prec > n ? prec - n : 0;
	pad = width - plen - zeros - n;
	if (prec < 0 && (flags & F_ZERO) && !(flags & F_LEFT) && pad > 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(flags & F_LEFT))
		for (; pad > 0; pad--)
			put(o, ' ');
	if (sign)
		put(o, sign);
	for (; *prefix; prefix++)
		put(o, *prefix);
	for (; zeros > 0; zeros--)
		put(o, '0');
	while (n)
		put(o, tmp[--n]);
	for (; pad > 0; pad--)
		put(o, ' ');
}

static void put_symbol(struct out *o, unsigned long addr, bool full, int width,
		       unsigned int flags)
{
	unsigned long size, offset;
	const char *name = symbols_lookup(addr, &size, &offset);
	char tmp[128];

	if (!name) {
		put_num(o, addr, 16, width, -1, flags | F_ALT);
		return;
	}
	if (full)
		snprintf(tmp, sizeof(tmp), "%s+%#lx/%#lx", name, offset, size);
	else
		snprintf(tmp, sizeof(tmp), "%s", name);
	put_str(o, tmp, width, -1, flags);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };

	for (; *fmt; fmt++) {
		unsigned int flags = 0, base = 10;
		int width = -1, prec = -1, lng = 0;
		unsigned long long v;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			switch (*++fmt) {
			case '-': flags |= F_LEFT; continue;
			case '0': flags |= F_ZERO; continue;
			case '+': flags |= F_PLUS; continue;
			case ' ': flags |= F_SPACE; continue;
			case '#': flags |= F_ALT; continue;
			}
			break;
		}
		if (*fmt == '*') {
			width = va_arg(args, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			for (; *fmt >= '0' && *fmt <= '9'; fmt++)
				width = (width < 0 ? 0 : width * 10) + (*fmt - '0');
		}
		if (*fmt == '.') {
			prec = 0;
			if (*++fmt == '*') {
				prec = va_arg(args, int);
				fmt++;
			} else {
				for (; *fmt >= '0' && *fmt <= '9'; fmt++)
					prec = prec * 10 + (*fmt - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'h')
				lng--;
			else if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z' || *fmt == 't')
				lng = 1;
			else
				break;
		}

		switch (*fmt) {
		case '\0':
			fmt--;
			continue;
		case '%':
			put(&o, '%');
			continue;
		case 'c':
			put(&o, (char)va_arg(args, int));
			continue;
		case 's':
			put_str(&o, va_arg(args, const char *), width, prec, flags);
			continue;
		case 'p':
			if (fmt[1] == 'S' || fmt[1] == 's') {
				put_symbol(&o, (unsigned long)va_arg(args, void *),
					   fmt[1] == 'S', width, flags);
				fmt++;
				continue;
			}
			put_num(&o, (unsigned long)va_arg(args, void *), 16,
				width < 0 ? 16 : width, -1, flags | F_ZERO);
			continue;
		case 'd':
		case 'i':
			flags |= F_SIGNED;
			if (lng >= 2)
				v = va_arg(args, long long);
			else if (lng == 1)
				v = va_arg(args, long);
			else if (lng == -1)
				v = (short)va_arg(args, int);
			else if (lng <= -2)
				v = (signed char)va_arg(args, int);
			else
				v = va_arg(args, int);
			put_num(&o, v, 10, width, prec, flags);
			continue;
		case 'o':
			base = 8;
			break;
		case 'X':
			flags |= F_UPPER;
			/* fall through */
		case 'x':
			base = 16;
			break;
		case 'u':
			break;
		default:
			/* Unknown conversion: print it verbatim so the bug is visible. */
			put(&o, '%');
			put(&o, *fmt);
			continue;
		}
		if (lng >= 2)
			v = va_arg(args, unsigned long long);
		else if (lng == 1)
			v = va_arg(args, unsigned long);
		else if (lng == -1)
			v = (unsigned short)va_arg(args, unsigned int);
		else if (lng <= -2)
			v = (unsigned char)va_arg(args, unsigned int);
		else
			v = va_arg(args, unsigned int);
		put_num(&o, v, base, width, prec, flags);
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

/* Like snprintf, but returns the number of characters actually stored. */
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	if (!size)
		return 0;
	return (size_t)n >= size ? (int)size - 1 : n;
}

static int digit_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int strtoull_checked(const char *cp, const char **endp, unsigned int base,
		     unsigned long long *res)
{
	unsigned long long v = 0;
	bool overflow = false;
	int d;

	if (!base) {
		base = 10;
		if (cp[0] == '0') {
			base = 8;
			if ((cp[1] == 'x' || cp[1] == 'X') && digit_val(cp[2]) < 16) {
				base = 16;
				cp += 2;
			}
		}
	} else if (base == 16 && cp[0] == '0' && (cp[1] == 'x' || cp[1] == 'X')) {
		cp += 2;
	}
	while ((d = digit_val(*cp)) < (int)base) {
		if (v > (~0ULL - d) / base)
			overflow = true;
		v = v * base + d;
		cp++;
	}
	if (endp)
		*endp = cp;
	*res = v;
	return overflow ? -ERANGE : 0;
}

unsigned long long simple_strtoull(const char *cp, const char **endp,
				   unsigned int base)
{
	unsigned long long v;

	return strtoull_checked(cp, endp, base, &v) ? ~0ULL : v;
}

long long simple_strtoll(const char *cp, const char **endp, unsigned int base)
{
	if (*cp == '-')
		return -(long long)simple_strtoull(cp + 1, endp, base);
	return simple_strtoull(cp, endp, base);
}

int parse_size_checked(const char *s, const char **ps, unsigned long long *res)
{
	const char *end;
	unsigned long long v;
	unsigned int shift = 0;
	int rc = strtoull_checked(s, &end, 0, &v);

	if (end == s) {
		*ps = s;
		*res = 0;
		return 0;
	}
	switch (*end) {
	case 'T': case 't': shift = 40; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'K': case 'k': shift = 10; end++; break;
	case 'B': case 'b': end++; break;
	default: break;
	}
	if (shift && v > (~0ULL >> shift))
		rc = -ERANGE;
	*ps = end;
	*res = v << shift;
	return rc;
}

unsigned long long parse_size_and_unit(const char *s, const char **ps)
{
	const char *end;
	unsigned long long v;
	int rc = parse_size_checked(s, &end, &v);

	if (ps)
		*ps = end;
	return rc ? ~0ULL : v;
}
