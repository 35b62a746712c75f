// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypervisor command-line parser.
 *
 * The command line is a list of space-separated options: "name",
 * "name=value", "no-name" or "noname" (booleans only); a value may be
 * enclosed in double quotes to contain spaces. Every option is looked up
 * in the linker-collected table of struct kernel_param; anything unknown
 * or unparsable is reported through a callback and counted, so nothing is
 * silently dropped. The parser is host-testable: it touches no hardware
 * and takes the table as arguments.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>

#define MAX_OPT_LEN 256

/*
 * Copy the next option into @opt; return the position after it, or NULL
 * at the end. *@truncated says whether it did not fit.
 */
static const char *next_option(const char *p, char *opt, size_t size, bool *truncated)
{
	size_t n = 0;
	bool quoted = false;

	*truncated = false;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return NULL;
	for (; *p && (quoted || (*p != ' ' && *p != '\t')); p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (n + 1 < size)
			opt[n++] = *p;
		else
			*truncated = true;
	}
	opt[n] = '\0';
	return p;
}

static int parse_bool(const char *s)
{
	static const char *const yes[] = { "1", "yes", "on", "true", "enable" };
	static const char *const no[] = { "0", "no", "off", "false", "disable" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(yes); i++)
		if (!strcmp(s, yes[i]))
			return 1;
	for (i = 0; i < ARRAY_SIZE(no); i++)
		if (!strcmp(s, no[i]))
			return 0;
	return -EINVAL;
}

static void store_uint(const struct kernel_param *kp, unsigned long long v)
{
	switch (kp->len) {
	case 1: *(uint8_t *)kp->par.var = v; break;
	case 2: *(uint16_t *)kp->par.var = v; break;
	case 4: *(uint32_t *)kp->par.var = v; break;
	default: *(uint64_t *)kp->par.var = v; break;
	}
}

static bool fits(const struct kernel_param *kp, unsigned long long v)
{
	return kp->len >= 8 || v < (1ULL << (kp->len * 8));
}

/* Apply one option to its table entry; @val is NULL when no '=' was given. */
static int apply(const struct kernel_param *kp, const char *val, bool negated)
{
	const char *end;
	unsigned long long v;
	int b;

	switch (kp->type) {
	case PARAM_BOOL:
		if (!val)
			b = !negated;
		else if (negated || (b = parse_bool(val)) < 0)
			return -EINVAL;
		store_uint(kp, b);
		return 0;
	case PARAM_UINT:
		if (!val || !*val)
			return -ENODATA;
		if (strtoull_checked(val, &end, 0, &v) || *end || !fits(kp, v))
			return -EINVAL;
		store_uint(kp, v);
		return 0;
	case PARAM_SIZE:
		if (!val || !*val)
			return -ENODATA;
		if (parse_size_checked(val, &end, &v) || end == val || *end || !fits(kp, v))
			return -EINVAL;
		store_uint(kp, v);
		return 0;
	case PARAM_STRING:
		if (!val)
			return -ENODATA;
		if (strlen(val) >= kp->len)
			return -EINVAL;
		strlcpy(kp->par.var, val, kp->len);
		return 0;
	case PARAM_CUSTOM:
		return kp->par.func(val ? val : "");
	}
	return -EINVAL;
}

int parse_params(const char *cmdline, const struct kernel_param *start,
		 const struct kernel_param *end, param_report_fn report)
{
	char opt[MAX_OPT_LEN];
	const char *p = cmdline;
	int problems = 0;

	bool truncated;

	while (p && (p = next_option(p, opt, sizeof(opt), &truncated)) != NULL) {
		const struct kernel_param *kp;
		char *val = strchr(opt, '=');
		const char *name = opt;
		bool found = false;
		int rc = -ENOENT;

		if (val)
			*val++ = '\0';
		if (truncated) {
			/* Never apply a cut-off value: report it as invalid. */
			problems++;
			if (report)
				report(PARAM_BAD_VALUE, name, val ? val : "");
			continue;
		}

		for (kp = start; kp < end; kp++) {
			if (!strcmp(kp->name, name)) {
				found = true;
				rc = apply(kp, val, false);
				break;
			}
		}
		/* "no-opt" and "noopt" negate a boolean "opt". */
		if (!found && !val && !strncmp(name, "no", 2)) {
			const char *base = name + (name[2] == '-' ? 3 : 2);

			for (kp = start; kp < end; kp++) {
				if (kp->type == PARAM_BOOL && !strcmp(kp->name, base)) {
					found = true;
					rc = apply(kp, NULL, true);
					break;
				}
			}
		}
		if (rc == 0)
			continue;
		problems++;
		if (report)
			report(!found ? PARAM_UNKNOWN :
			       rc == -ENODATA ? PARAM_MISSING_VALUE :
						PARAM_BAD_VALUE,
			       name, val ? val : "");
	}
	return problems;
}
