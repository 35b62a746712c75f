// SPDX-License-Identifier: GPL-2.0-only
/*
 * A small JSON writer (json.h). The one idea: each nesting level
 * remembers whether it has an item yet, so the comma and the indentation
 * before a value are written in one place (item_begin) and no caller
 * writes punctuation. Strings are checked as UTF-8 while they are
 * escaped: a byte that does not start or continue a valid sequence
 * becomes U+FFFD, so the output is always valid JSON whatever a domain
 * put into its xenstore name.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json.h"

static void indent(struct json *j)
{
	if (j->compact)
		return;
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

static void item_begin(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (j->has_items[j->depth - 1])
			fputc(',', j->f);
		if (!j->compact)
			fputc('\n', j->f);
		j->has_items[j->depth - 1] = true;
	}
	indent(j);
	if (key) {
		json_write_string(j->f, key);
		fputs(j->compact ? ":" : ": ", j->f);
	}
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if it is not one. */
static int utf8_len(const unsigned char *s)
{
	unsigned int c = s[0], cp;
	int n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, UTF-16 surrogates, beyond U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void json_write_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', f);
	while (*s) {
		int n = utf8_len(s);

		switch (*s) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*s < 0x20)
				fprintf(f, "\\u%04x", *s);
			else if (!n)
				fputs("\\ufffd", f);
			else
				fwrite(s, 1, (size_t)n, f);
		}
		s += n ? n : 1;
	}
	fputc('"', f);
}

void json_init(struct json *j, FILE *f)
{
	memset(j, 0, sizeof(*j));
	j->f = f;
}

void json_init_compact(struct json *j, FILE *f)
{
	json_init(j, f);
	j->compact = true;
}

static void open_level(struct json *j, const char *key, char c)
{
	item_begin(j, key);
	fputc(c, j->f);
	if (j->depth < JSON_MAX_DEPTH)
		j->has_items[j->depth] = false;
	j->depth++;
}

static void close_level(struct json *j, char c)
{
	bool had = j->depth <= JSON_MAX_DEPTH && j->has_items[j->depth - 1];

	j->depth--;
	if (had && !j->compact) {
		fputc('\n', j->f);
		indent(j);
	}
	fputc(c, j->f);
}

void json_object_begin(struct json *j, const char *key)
{
	open_level(j, key, '{');
}

void json_object_end(struct json *j)
{
	close_level(j, '}');
}

void json_array_begin(struct json *j, const char *key)
{
	open_level(j, key, '[');
}

void json_array_end(struct json *j)
{
	close_level(j, ']');
}

void json_string(struct json *j, const char *key, const char *value)
{
	item_begin(j, key);
	json_write_string(j->f, value);
}

void json_int(struct json *j, const char *key, int64_t value)
{
	item_begin(j, key);
	fprintf(j->f, "%lld", (long long)value);
}

void json_uint(struct json *j, const char *key, uint64_t value)
{
	item_begin(j, key);
	fprintf(j->f, "%llu", (unsigned long long)value);
}

void json_double(struct json *j, const char *key, double value, int decimals)
{
	item_begin(j, key);
	/* JSON has no NaN or infinity. */
	if (isfinite(value))
		fprintf(j->f, "%.*f", decimals, value);
	else
		fputs("null", j->f);
}

void json_bool(struct json *j, const char *key, bool value)
{
	item_begin(j, key);
	fputs(value ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	item_begin(j, key);
	fputs("null", j->f);
}

void json_finish(struct json *j)
{
	fputc('\n', j->f);
	fflush(j->f);
}
