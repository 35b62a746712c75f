/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvctl's JSON writer (json.c): every --json output goes through it, so
 * every string is escaped one way (RFC 8259: quote, backslash and control
 * characters escaped, invalid UTF-8 replaced by U+FFFD) and commas and
 * nesting are never written by hand. Output is indented two spaces a
 * level (or, from json_init_compact, all on one line with no spaces) and
 * ends with a newline.
 *
 * Inside an object every value takes a key; inside an array (and at the
 * top) key is NULL.
 */
#ifndef PVCTL_JSON_H
#define PVCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	bool compact;			/* one line: no newlines, no indent */
	bool has_items[JSON_MAX_DEPTH]; /* a comma goes before the next item */
};

void json_init(struct json *j, FILE *f);
/* The same document on one line, as pvctl create -n prints it. */
void json_init_compact(struct json *j, FILE *f);
void json_object_begin(struct json *j, const char *key);
void json_object_end(struct json *j);
void json_array_begin(struct json *j, const char *key);
void json_array_end(struct json *j);
void json_string(struct json *j, const char *key, const char *value);
void json_int(struct json *j, const char *key, int64_t value);
void json_uint(struct json *j, const char *key, uint64_t value);
/* A number with decimals places after the point (seconds, percentages). */
void json_double(struct json *j, const char *key, double value, int decimals);
void json_bool(struct json *j, const char *key, bool value);
void json_null(struct json *j, const char *key);
/* Ends the document (the newline); the depth must be back at 0. */
void json_finish(struct json *j);

/* s as a JSON string literal, quotes included. */
void json_write_string(FILE *f, const char *s);

#endif /* PVCTL_JSON_H */
