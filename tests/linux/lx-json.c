// SPDX-License-Identifier: GPL-2.0-only
/*
 * lx-json: a strict JSON reader for dom0's shell checks (busybox has no
 * JSON tool). It parses stdin as one RFC 8259 document and prints every
 * scalar as one line "PATH=VALUE", PATH built from object keys and array
 * indexes ("[0].name", "[1].affinity_hard_cpus[0]"), VALUE a string
 * unescaped or the number, true, false or null as written. Anything that
 * is not exactly one valid document (a syntax error, a bad escape,
 * trailing text, invalid UTF-8) exits 1 with one line on stderr, so a
 * check that reads its output also checks that the output is JSON.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DOC (1 << 22)
#define MAX_PATH 1024
#define MAX_DEPTH 64

static char *doc;
static size_t pos, len;
static char path[MAX_PATH];

static void die(const char *fmt, ...)
{
	unsigned int line = 1;
	va_list ap;

	for (size_t i = 0; i < pos && i < len; i++)
		line += doc[i] == '\n';
	fprintf(stderr, "lx-json: line %u: ", line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void skip_ws(void)
{
	while (pos < len && strchr(" \t\r\n", doc[pos]))
		pos++;
}

static void expect(char c)
{
	skip_ws();
	if (pos >= len || doc[pos] != c)
		die("expected '%c'", c);
	pos++;
}

static void put_utf8(char **o, unsigned long cp)
{
	if (cp < 0x80) {
		*(*o)++ = (char)cp;
	} else if (cp < 0x800) {
		*(*o)++ = (char)(0xc0 | (cp >> 6));
		*(*o)++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*(*o)++ = (char)(0xe0 | (cp >> 12));
		*(*o)++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*(*o)++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*(*o)++ = (char)(0xf0 | (cp >> 18));
		*(*o)++ = (char)(0x80 | ((cp >> 12) & 0x3f));
		*(*o)++ = (char)(0x80 | ((cp >> 6) & 0x3f));
		*(*o)++ = (char)(0x80 | (cp & 0x3f));
	}
}

static unsigned long hex4(void)
{
	unsigned long v = 0;

	for (int i = 0; i < 4; i++, pos++) {
		char c = pos < len ? doc[pos] : 0;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			die("bad \\u escape");
	}
	return v;
}

/* A string at pos (after its quote was checked), unescaped into a new buffer. */
static char *string(void)
{
	char *out = malloc(len + 1), *o = out;

	if (!out)
		die("out of memory");
	pos++;
	for (;;) {
		unsigned char c;

		if (pos >= len)
			die("unterminated string");
		c = (unsigned char)doc[pos++];
		if (c == '"')
			break;
		if (c < 0x20)
			die("control character 0x%02x in a string", c);
		if (c >= 0x80) {
			int n = c >= 0xf0 && c <= 0xf4	? 3
				: c >= 0xe0		? 2
				: c >= 0xc2 && c < 0xe0 ? 1
							: -1;

			if (n < 0 || c > 0xf4)
				die("invalid UTF-8");
			*o++ = (char)c;
			while (n--) {
				if (pos >= len || ((unsigned char)doc[pos] & 0xc0) != 0x80)
					die("invalid UTF-8");
				*o++ = doc[pos++];
			}
			continue;
		}
		if (c != '\\') {
			*o++ = (char)c;
			continue;
		}
		if (pos >= len)
			die("unterminated escape");
		switch (doc[pos++]) {
		case '"':
			*o++ = '"';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case '/':
			*o++ = '/';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u': {
			unsigned long cp = hex4();

			if (cp >= 0xd800 && cp <= 0xdbff) {
				unsigned long lo;

				if (pos + 1 >= len || doc[pos] != '\\' || doc[pos + 1] != 'u')
					die("lone surrogate");
				pos += 2;
				lo = hex4();
				if (lo < 0xdc00 || lo > 0xdfff)
					die("bad surrogate pair");
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp <= 0xdfff) {
				die("lone surrogate");
			}
			put_utf8(&o, cp);
			break;
		}
		default:
			die("bad escape");
		}
	}
	*o = 0;
	return out;
}

static void value(int depth);

static void scalar(const char *text, size_t n)
{
	printf("%s=%.*s\n", path, (int)n, text);
}

static void number(void)
{
	size_t start = pos;

	if (doc[pos] == '-')
		pos++;
	if (pos < len && doc[pos] == '0')
		pos++;
	else if (pos < len && doc[pos] >= '1' && doc[pos] <= '9')
		while (pos < len && doc[pos] >= '0' && doc[pos] <= '9')
			pos++;
	else
		die("bad number");
	if (pos < len && doc[pos] == '.') {
		pos++;
		if (pos >= len || doc[pos] < '0' || doc[pos] > '9')
			die("bad number");
		while (pos < len && doc[pos] >= '0' && doc[pos] <= '9')
			pos++;
	}
	if (pos < len && (doc[pos] == 'e' || doc[pos] == 'E')) {
		pos++;
		if (pos < len && (doc[pos] == '+' || doc[pos] == '-'))
			pos++;
		if (pos >= len || doc[pos] < '0' || doc[pos] > '9')
			die("bad number");
		while (pos < len && doc[pos] >= '0' && doc[pos] <= '9')
			pos++;
	}
	scalar(doc + start, pos - start);
}

static void word(const char *w)
{
	size_t n = strlen(w);

	if (len - pos < n || memcmp(doc + pos, w, n))
		die("unexpected text");
	pos += n;
	scalar(w, n);
}

static void container(int depth, char close)
{
	size_t base = strlen(path);
	unsigned int index = 0;

	pos++;
	skip_ws();
	if (pos < len && doc[pos] == close) {
		pos++;
		return;
	}
	for (;;) {
		if (close == '}') {
			char *key;

			skip_ws();
			if (pos >= len || doc[pos] != '"')
				die("expected a key");
			key = string();
			snprintf(path + base, sizeof(path) - base, "%s%s", base ? "." : "", key);
			free(key);
			expect(':');
		} else {
			snprintf(path + base, sizeof(path) - base, "[%u]", index++);
		}
		value(depth + 1);
		path[base] = 0;
		skip_ws();
		if (pos < len && doc[pos] == ',') {
			pos++;
			continue;
		}
		expect(close);
		return;
	}
}

static void value(int depth)
{
	char *s;

	if (depth > MAX_DEPTH)
		die("nested too deep");
	skip_ws();
	if (pos >= len)
		die("unexpected end");
	switch (doc[pos]) {
	case '{':
		container(depth, '}');
		break;
	case '[':
		container(depth, ']');
		break;
	case '"':
		s = string();
		printf("%s=%s\n", path, s);
		free(s);
		break;
	case 't':
		word("true");
		break;
	case 'f':
		word("false");
		break;
	case 'n':
		word("null");
		break;
	default:
		number();
	}
}

int main(void)
{
	doc = malloc(MAX_DOC);
	if (!doc)
		return 1;
	len = fread(doc, 1, MAX_DOC, stdin);
	if (len == MAX_DOC)
		die("document larger than %d bytes", MAX_DOC);
	value(0);
	skip_ws();
	if (pos != len)
		die("text after the document");
	return 0;
}
