/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor command-line parameters, declared next to the variable they
 * set and collected by the linker into one table (.data.param). The
 * parser (common/param.c) walks the command line once at boot; every
 * option it cannot match or cannot parse is reported, never dropped.
 */
#ifndef XEN_PARAM_H
#define XEN_PARAM_H

#include <xen/types.h>
#include <xen/compiler.h>

enum param_type {
	PARAM_BOOL,   /* "opt", "no-opt", "opt=0|1|yes|no|on|off|true|false" */
	PARAM_UINT,   /* unsigned integer, any C base */
	PARAM_SIZE,   /* "128M", "1G", plain bytes */
	PARAM_STRING, /* copied into a fixed buffer */
	PARAM_CUSTOM, /* handler(value) returns 0 or -EINVAL */
};

struct kernel_param {
	const char *name;
	enum param_type type;
	unsigned int len; /* size of *var in bytes (string buffer size) */
	union {
		void *var;
		int (*func)(const char *val);
	} par;
};

#define __param_entry(_name, _type, _len, _field, _val)                      \
	static const struct kernel_param __used __section(".data.param")     \
		__aligned(8) __kparam_##_val = { .name = _name,               \
						 .type = _type,               \
						 .len = _len,                 \
						 .par._field = &_val }

#define boolean_param(name, v) __param_entry(name, PARAM_BOOL, sizeof(v), var, v)
#define integer_param(name, v) __param_entry(name, PARAM_UINT, sizeof(v), var, v)
#define size_param(name, v) __param_entry(name, PARAM_SIZE, sizeof(v), var, v)
#define string_param(name, v) __param_entry(name, PARAM_STRING, sizeof(v), var, v)
#define custom_param(name, fn) __param_entry(name, PARAM_CUSTOM, 0, func, fn)

/* How a parse problem is reported (one call per problem). */
enum param_problem { PARAM_UNKNOWN, PARAM_BAD_VALUE, PARAM_MISSING_VALUE };
typedef void (*param_report_fn)(enum param_problem what, const char *name,
				const char *value);

/*
 * Parse @cmdline against the table [start, end). Returns the number of
 * problems found (each also passed to @report, which may be NULL).
 * Options are separated by spaces; a value may be double-quoted.
 */
int parse_params(const char *cmdline, const struct kernel_param *start,
		 const struct kernel_param *end, param_report_fn report);

/* Parse the hypervisor's own command line against the linked table. */
int cmdline_parse(const char *cmdline);
/* Report problems remembered by cmdline_parse() (called once the console works). */
void cmdline_report(void);

#endif /* XEN_PARAM_H */
