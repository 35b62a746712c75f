// SPDX-License-Identifier: GPL-2.0-only
/*
 * xl.cfg files: the syntax of Xen's xl.cfg(5), read into a list of
 * settings, then applied in file order so that a key set twice keeps its
 * last value, as xl does. The grammar is xl's: KEY = VALUE or KEY += VALUE,
 * ended by a newline or ';'; keys are [a-z][._0-9a-z]*; a value is a
 * string in single or double quotes (backslash escapes, no newline), a
 * number ([0-9][0-9a-fx]*, read as strtol base 0 reads it), or a list
 * [ v, v, ] whose items may be on several lines; '#' starts a comment.
 * Numbers and strings are the same kind of value to xl (memory = "512"
 * works), and so they are here.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config-priv.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define XL_MAX_DEPTH 8 /* nested lists: xl's keys use at most one level */
#define XL_MAX_SETTINGS 4096

/* A value: one string (an atom), or a list of values. */
struct xl_value {
	bool is_list;
	char *str;
	struct xl_value *items;
	size_t nr;
	int line;
};

struct xl_setting {
	char key[64];
	struct xl_value val;
	int line;
};

enum xl_tok { T_EOF, T_IDENT, T_ATOM, T_COMMA, T_LBRACK, T_RBRACK, T_ADD, T_EQ, T_SEMI, T_NL };

struct xl_parser {
	struct pvctl_config *cfg;
	const char *p, *end;
	int line;
	/* The current token: */
	enum xl_tok tok;
	char *text; /* T_IDENT and T_ATOM, malloc'ed */
	int tok_line;
	const char *key; /* the key being parsed, for messages */
	int rc;
};

static int syntax_error(struct xl_parser *x, const char *fmt, const char *arg)
{
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, arg);
	if (x->key)
		cfg_error(x->cfg, "%s:%d:%s: syntax error: %s", x->cfg->source, x->tok_line, x->key,
			  msg);
	else
		cfg_error(x->cfg, "%s:%d: syntax error: %s", x->cfg->source, x->tok_line, msg);
	x->rc = -EINVAL;
	return -EINVAL;
}

static int hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A quoted string at x->p, into a new buffer without its quotes and escapes. */
static int lex_string(struct xl_parser *x)
{
	/* Each escape letter followed by what it stands for (xl's list). */
	static const char simple_escapes[] = "\"\"''\\\\a\ab\bf\fn\nr\rt\tv\v";
	char quote = *x->p++;
	const char *s = x->p, *esc;
	char *out, *q;

	while (s < x->end && *s != quote && *s != '\n') {
		if (*s == '\\' && s + 1 < x->end && s[1] != '\n')
			s++;
		s++;
	}
	if (s >= x->end || *s != quote)
		return syntax_error(x, "a string with no closing %s (strings end on their line)",
				    quote == '"' ? "'\"'" : "\"'\"");
	out = q = malloc((size_t)(s - x->p) + 1);
	if (!out)
		return syntax_error(x, "%s", "out of memory");
	while (x->p < s) {
		int c = *x->p++, v = 0, n = 0;

		if (c != '\\') {
			*q++ = (char)c;
			continue;
		}
		c = *x->p++;
		for (esc = simple_escapes; *esc && *esc != c; esc += 2)
			;
		if (*esc) {
			*q++ = esc[1];
			continue;
		}
		switch (c) {
		case 'x':
			while (n < 2 && x->p < s && hexdigit(*x->p) >= 0)
				v = v * 16 + hexdigit(*x->p++), n++;
			if (n != 2)
				goto bad_escape;
			*q++ = (char)v;
			break;
		default:
			if (c < '0' || c > '7')
				goto bad_escape;
			v = c - '0';
			while (++n < 3 && x->p < s && *x->p >= '0' && *x->p <= '7')
				v = v * 8 + (*x->p++ - '0');
			if (v > 255)
				goto bad_escape;
			*q++ = (char)v;
			break;
		}
		if (q[-1] == '\0')
			goto bad_nul;
	}
	*q = '\0';
	x->p = s + 1;
	x->text = out;
	x->tok = T_ATOM;
	return 0;
bad_nul:
	free(out);
	return syntax_error(x, "%s", "a string with a NUL character in it");
bad_escape:
	free(out);
	return syntax_error(
		x, "%s",
		"a bad backslash escape in a string (\\n, \\t, \\\\, \\\", \\xHH, \\ooo...)");
}

static int lex_word(struct xl_parser *x, enum xl_tok tok, int (*ok)(int))
{
	const char *s = x->p;

	while (x->p < x->end && ok((unsigned char)*x->p))
		x->p++;
	x->text = strndup(s, (size_t)(x->p - s));
	if (!x->text)
		return syntax_error(x, "%s", "out of memory");
	x->tok = tok;
	return 0;
}

static int is_ident_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
}

static int is_number_char(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == 'x';
}

/* The next token into x->tok; comments and blanks skipped. */
static int lex(struct xl_parser *x)
{
	char bad[8];

	free(x->text);
	x->text = NULL;
	while (x->p < x->end && (*x->p == ' ' || *x->p == '\t' || *x->p == '\r'))
		x->p++;
	x->tok_line = x->line;
	if (x->p >= x->end) {
		x->tok = T_EOF;
		return 0;
	}
	switch (*x->p) {
	case '#':
		while (x->p < x->end && *x->p != '\n')
			x->p++;
		return lex(x);
	case '\n':
		x->p++;
		x->line++;
		x->tok = T_NL;
		return 0;
	case ',':
		x->p++;
		x->tok = T_COMMA;
		return 0;
	case '[':
		x->p++;
		x->tok = T_LBRACK;
		return 0;
	case ']':
		x->p++;
		x->tok = T_RBRACK;
		return 0;
	case '=':
		x->p++;
		x->tok = T_EQ;
		return 0;
	case ';':
		x->p++;
		x->tok = T_SEMI;
		return 0;
	case '+':
		if (x->p + 1 < x->end && x->p[1] == '=') {
			x->p += 2;
			x->tok = T_ADD;
			return 0;
		}
		break;
	case '"':
	case '\'':
		return lex_string(x);
	default:
		if (*x->p >= 'a' && *x->p <= 'z')
			return lex_word(x, T_IDENT, is_ident_char);
		if (*x->p >= '0' && *x->p <= '9')
			return lex_word(x, T_ATOM, is_number_char);
		break;
	}
	if (isprint((unsigned char)*x->p))
		snprintf(bad, sizeof(bad), "'%c'", *x->p);
	else
		snprintf(bad, sizeof(bad), "0x%02x", (unsigned char)*x->p);
	if (*x->p >= 'A' && *x->p <= 'Z')
		return syntax_error(x, "unexpected %s (keys are lower case; strings are quoted)",
				    bad);
	if (strchr("+-.():{}", *x->p))
		return syntax_error(x,
				    "unexpected %s (xl.cfg is not Python: quote strings, "
				    "use [ ] for lists)",
				    bad);
	return syntax_error(x, "unexpected %s (strings are quoted: \"...\")", bad);
}

static void value_free(struct xl_value *v)
{
	free(v->str);
	for (size_t i = 0; i < v->nr; i++)
		value_free(&v->items[i]);
	free(v->items);
	memset(v, 0, sizeof(*v));
}

static int skip_newlines(struct xl_parser *x)
{
	while (x->tok == T_NL)
		if (lex(x))
			return x->rc;
	return 0;
}

static int parse_value(struct xl_parser *x, struct xl_value *v, int depth);

static int list_append(struct xl_parser *x, struct xl_value *list, struct xl_value *item)
{
	struct xl_value *n;

	if (list->nr >= 1024)
		return syntax_error(x, "%s", "a list of more than 1024 items");
	n = realloc(list->items, (list->nr + 1) * sizeof(*n));
	if (!n)
		return syntax_error(x, "%s", "out of memory");
	list->items = n;
	list->items[list->nr++] = *item;
	return 0;
}

/* '[' already read: items, commas, newlines, then ']'. */
static int parse_list(struct xl_parser *x, struct xl_value *v, int depth)
{
	int start = x->tok_line;

	v->is_list = true;
	if (lex(x) || skip_newlines(x))
		return x->rc;
	while (x->tok != T_RBRACK) {
		struct xl_value item = {0};

		if (x->tok == T_EOF) {
			x->tok_line = start;
			return syntax_error(x, "%s", "a list with no closing ']'");
		}

		if (parse_value(x, &item, depth + 1)) {
			value_free(&item);
			return x->rc;
		}
		if (list_append(x, v, &item)) {
			value_free(&item);
			return x->rc;
		}
		if (skip_newlines(x))
			return x->rc;
		if (x->tok == T_RBRACK)
			break;
		if (x->tok == T_EOF) {
			x->tok_line = start;
			return syntax_error(x, "%s", "a list with no closing ']'");
		}
		if (x->tok != T_COMMA)
			return syntax_error(
				x, "%s", "list items are separated by ',' (a list ends with ']')");
		if (lex(x) || skip_newlines(x))
			return x->rc;
	}
	return lex(x);
}

/* The current token starts a value; on return the token after it is read. */
static int parse_value(struct xl_parser *x, struct xl_value *v, int depth)
{
	v->line = x->tok_line;
	if (x->tok == T_LBRACK) {
		if (depth >= XL_MAX_DEPTH)
			return syntax_error(x, "%s", "lists nested too deep");
		return parse_list(x, v, depth);
	}
	if (x->tok != T_ATOM) {
		if (x->tok == T_IDENT)
			return syntax_error(x,
					    "\"%s\" is not a value: strings are quoted "
					    "(e.g. name = \"guest\")",
					    x->text);
		return syntax_error(
			x, "%s",
			x->tok == T_EOF || x->tok == T_NL
				? "a value is missing after '='"
				: "expected a value: a \"string\", a number or a [list]");
	}
	v->str = x->text;
	x->text = NULL;
	return lex(x);
}

/* += as xl does it: strings concatenate, lists append; mixing is an error. */
static int concat_value(struct xl_parser *x, const struct xl_value *prev, struct xl_value *add)
{
	if (prev->is_list != add->is_list)
		return syntax_error(x, "%s",
				    "+= cannot add a list to a string or a string to a list");
	if (!add->is_list) {
		size_t a = strlen(prev->str), b = strlen(add->str);
		char *s = malloc(a + b + 1);

		if (!s)
			return syntax_error(x, "%s", "out of memory");
		memcpy(s, prev->str, a);
		memcpy(s + a, add->str, b + 1);
		free(add->str);
		add->str = s;
		return 0;
	}
	{
		struct xl_value merged = {.is_list = true, .line = add->line};

		for (size_t i = 0; i < prev->nr + add->nr; i++) {
			const struct xl_value *src =
				i < prev->nr ? &prev->items[i] : &add->items[i - prev->nr];
			struct xl_value copy = {.line = src->line};

			if (src->is_list) {
				value_free(&merged);
				return syntax_error(x, "%s", "+= of nested lists");
			}
			copy.str = strdup(src->str);
			if (!copy.str || list_append(x, &merged, &copy)) {
				free(copy.str);
				value_free(&merged);
				return syntax_error(x, "%s", "out of memory");
			}
		}
		value_free(add);
		*add = merged;
	}
	return 0;
}

struct xl_file {
	struct xl_setting *s;
	size_t nr;
};

static void file_free(struct xl_file *f)
{
	for (size_t i = 0; i < f->nr; i++)
		value_free(&f->s[i].val);
	free(f->s);
	f->s = NULL;
	f->nr = 0;
}

static int parse_statement(struct xl_parser *x, struct xl_file *f)
{
	struct xl_setting set = {.line = x->tok_line};
	bool add;

	if (x->tok != T_IDENT)
		return syntax_error(x, "%s", "expected KEY = VALUE");
	if (strlen(x->text) >= sizeof(set.key))
		return syntax_error(x, "%s", "a key name too long");
	strcpy(set.key, x->text);
	x->key = set.key;
	if (lex(x))
		return x->rc;
	if (x->tok != T_EQ && x->tok != T_ADD)
		return syntax_error(x, "%s", "expected '=' after the key");
	add = x->tok == T_ADD;
	if (lex(x) || parse_value(x, &set.val, 0))
		goto fail;
	set.line = set.val.line;
	if (x->tok != T_NL && x->tok != T_SEMI && x->tok != T_EOF) {
		syntax_error(x, "%s", "one KEY = VALUE per line (or separated by ';')");
		goto fail;
	}
	if (add) {
		for (size_t i = f->nr; i-- > 0;) {
			if (!strcmp(f->s[i].key, set.key)) {
				if (concat_value(x, &f->s[i].val, &set.val))
					goto fail;
				break;
			}
		}
	}
	if (f->nr >= XL_MAX_SETTINGS) {
		syntax_error(x, "%s", "more than 4096 settings");
		goto fail;
	}
	{
		struct xl_setting *n = realloc(f->s, (f->nr + 1) * sizeof(*n));

		if (!n) {
			syntax_error(x, "%s", "out of memory");
			goto fail;
		}
		f->s = n;
		f->s[f->nr++] = set;
	}
	x->key = NULL;
	return 0;
fail:
	value_free(&set.val);
	return x->rc ? x->rc : -EINVAL;
}

static int parse_file(struct xl_parser *x, struct xl_file *f)
{
	if (lex(x))
		return x->rc;
	while (x->tok != T_EOF) {
		if (x->tok == T_NL || x->tok == T_SEMI) {
			if (lex(x))
				return x->rc;
			continue;
		}
		if (parse_statement(x, f))
			return x->rc;
		if (x->tok != T_EOF && lex(x))
			return x->rc;
	}
	return 0;
}

/* The keys pvctl acts on, by their xl.cfg name. */
static int find_key(const char *key)
{
	for (int i = 0; i < KEY_NR; i++)
		if (!strcmp(pvctl_keys[i].xl, key))
			return i;
	return -1;
}

/* xl.cfg(5) keys pvctl leaves alone for a PV domain: a warning, not an error. */
static const char *const xl_ignored[] = {
	"acpi",
	"acpi_firmware",
	"acpi_s3",
	"acpi_s4",
	"acpi_laptop_slate",
	"altp2m",
	"apic",
	"bios",
	"boot",
	"bootloader",
	"bootloader_args",
	"channel",
	"claim_mode",
	"coredump",
	"cpuid",
	"cpus_soft",
	"device_model_args",
	"device_model_args_pv",
	"device_model_override",
	"device_model_version",
	"device_model_user",
	"device_tree",
	"dm_restrict",
	"driver_domain",
	"dtdev",
	"e820_host",
	"extratime",
	"gfx_passthru",
	"hap",
	"hdtype",
	"hpet",
	"init_seclabel",
	"iomem",
	"ioports",
	"irqs",
	"keymap",
	"latency",
	"localtime",
	"max_event_channels",
	"max_grant_frames",
	"max_grant_version",
	"max_maptrack_frames",
	"mca_caps",
	"msr_relaxed",
	"nestedhvm",
	"nomigrate",
	"on_soft_reset",
	"oos",
	"opengl",
	"p9",
	"pae",
	"passthrough",
	"pci",
	"pci_permissive",
	"pci_power_mgmt",
	"pci_msitranslate",
	"pci_seize",
	"period",
	"pool",
	"pvcalls",
	"pvshim",
	"pvshim_cmdline",
	"pvshim_extra",
	"pvshim_path",
	"rdm",
	"rdm_mem_boundary",
	"rtc_timeoffset",
	"sdl",
	"seclabel",
	"serial",
	"shadow_memory",
	"slice",
	"soundhw",
	"stdvga",
	"tee",
	"timer_mode",
	"tsc_mode",
	"usb",
	"usbctrl",
	"usbdev",
	"usbdevice",
	"vdispl",
	"vfb",
	"vga",
	"videoram",
	"viridian",
	"vkb",
	"vmtrace_buf_kb",
	"vnc",
	"vncdisplay",
	"vnclisten",
	"vncpasswd",
	"vncunused",
	"vnuma",
	"vpmu",
	"vsnd",
	"vtpm",
	"vuart",
	"xen_platform_pci",
	"xenstore_domid",
	"dm_restrict",
	"spice",
	"vif2",
	"nographic",
	"gic_version",
	"xend_suspend_evtchn_compat",
};

static unsigned int edit_distance(const char *a, const char *b)
{
	unsigned int row[64], n = (unsigned int)strlen(b);

	if (n >= ARRAY_SIZE(row) || strlen(a) >= 64)
		return 99;
	for (unsigned int j = 0; j <= n; j++)
		row[j] = j;
	for (unsigned int i = 1; a[i - 1]; i++) {
		unsigned int diag = row[0];

		row[0] = i;
		for (unsigned int j = 1; j <= n; j++) {
			unsigned int up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[n];
}

static void warn_unknown(struct pvctl_config *cfg, const char *key, int line)
{
	const char *best = NULL;
	unsigned int best_d = 3;

	for (unsigned int i = 0; i < ARRAY_SIZE(xl_ignored); i++) {
		if (!strcmp(key, xl_ignored[i])) {
			cfg_warn(cfg,
				 "%s:%d: warning: %s is ignored: pvctl does not act on it for "
				 "a PV domain",
				 cfg->source, line, key);
			return;
		}
	}
	for (int i = 0; i < KEY_NR; i++) {
		unsigned int d = edit_distance(key, pvctl_keys[i].xl);

		if (d < best_d)
			best = pvctl_keys[i].xl, best_d = d;
	}
	if (!strcmp(key, "builder"))
		return;
	if (best)
		cfg_warn(cfg, "%s:%d: warning: unknown key %s, ignored (did you mean %s?)",
			 cfg->source, line, key, best);
	else
		cfg_warn(cfg, "%s:%d: warning: unknown key %s, ignored", cfg->source, line, key);
}

/* A list where one value is wanted, or the other way round. */
static int want_atom(struct pvctl_config *cfg, enum pvctl_key key, const struct xl_value *v)
{
	if (!v->is_list)
		return 0;
	return cfg_bad_value(cfg, key, "[...]", "a list where one value is wanted");
}

static int apply_number(struct pvctl_config *cfg, enum pvctl_key key, const char *s)
{
	uint64_t n;

	if (cfg_parse_xl_number(s, &n))
		return cfg_bad_value(cfg, key, s,
				     key == KEY_MEMORY || key == KEY_MAXMEM ? "not a number of MiB"
									    : "not a number");
	switch (key) {
	case KEY_MEMORY:
	case KEY_MAXMEM:
		return cfg_set_memory(cfg, key, n, s);
	case KEY_VCPUS:
	case KEY_MAXVCPUS:
		return cfg_set_vcpus(cfg, key, n, s);
	case KEY_CPU_WEIGHT:
		return cfg_set_weight(cfg, n, s);
	default:
		return cfg_set_cap(cfg, n, s);
	}
}

static int apply_cpus(struct pvctl_config *cfg, const struct xl_value *v)
{
	bool all;
	int rc;

	memset(cfg->cpumap, 0, sizeof(cfg->cpumap));
	cfg->nr_vcpu_cpumaps = 0;
	cfg->has_cpumap = false;
	if (!v->is_list) {
		rc = cfg_parse_cpus(cfg, v->str, cfg->cpumap, &all);
		if (rc)
			return rc;
		cfg->st.cpumap_all = all;
		cfg->has_cpumap = true;
		return 0;
	}
	if (v->nr == 0)
		return cfg_bad_value(cfg, KEY_CPUS, "[]",
				     "an empty list: give one CPU list per vCPU");
	for (size_t i = 0; i < v->nr; i++) {
		if (v->items[i].is_list)
			return cfg_bad_value(cfg, KEY_CPUS, "[...]",
					     "a nested list: each vCPU's item is one CPU list");
		if (i >= PVCTL_MAX_VCPUS)
			break;
		rc = cfg_parse_cpus(cfg, v->items[i].str, cfg->vcpu_cpumap[i], &all);
		if (rc)
			return rc;
		for (unsigned int w = 0; w < PVCTL_CPUMAP_WORDS; w++)
			cfg->cpumap[w] |= cfg->vcpu_cpumap[i][w];
		cfg->nr_vcpu_cpumaps = (unsigned int)i + 1;
	}
	cfg->st.cpumap_all = false;
	cfg->has_cpumap = true;
	return 0;
}

static int apply_devices(struct pvctl_config *cfg, enum pvctl_key key, const struct xl_value *v)
{
	int rc;

	if (!v->is_list)
		return cfg_bad_value(cfg, key, v->str,
				     key == KEY_DISK ? "one string, where disk is a list"
						     : "one string, where vif is a list");
	if (key == KEY_DISK)
		cfg->nr_disks = 0;
	else
		cfg->nr_vifs = 0;
	for (size_t i = 0; i < v->nr; i++) {
		const struct xl_value *it = &v->items[i];
		int line = cfg->st.line[key] < 0 ? -1 : it->line;

		if (it->is_list)
			return cfg_bad_value(cfg, key, "[...]",
					     "a nested list: each item is a string");
		rc = key == KEY_DISK ? cfg_parse_disk(cfg, it->str, line)
				     : cfg_parse_vif(cfg, it->str, line);
		if (rc)
			return rc;
	}
	return 0;
}

/* One setting: its checks, then cfg; line is -1 for an override. */
static int apply(struct pvctl_config *cfg, const char *key_name, const struct xl_value *v, int line)
{
	int key = find_key(key_name);

	if (key < 0) {
		if (!strcmp(key_name, "builder") && !v->is_list && strcmp(v->str, "generic"))
			return cfg_error(
				cfg,
				"%s:%d:builder: \"%.200s\" is not a builder pvctl has "
				"(it builds PV domains: builder = \"generic\" or type = \"pv\")",
				cfg->source, line, v->str);
		if (line >= 0)
			warn_unknown(cfg, key_name, line);
		else
			return cfg_error(cfg, "override:%s: not a key pvctl acts on", key_name);
		return 0;
	}
	if (cfg->st.line[key] > 0 && line > 0 && key != KEY_DISK && key != KEY_VIF)
		cfg_warn(cfg, "%s:%d: warning: %s set again (first on line %d); the last one wins",
			 cfg->source, line, key_name, cfg->st.line[key]);
	cfg->st.line[key] = line;
	switch (key) {
	case KEY_CPUS:
		return apply_cpus(cfg, v);
	case KEY_DISK:
	case KEY_VIF:
		return apply_devices(cfg, (enum pvctl_key)key, v);
	default:
		break;
	}
	if (want_atom(cfg, (enum pvctl_key)key, v))
		return -EINVAL;
	switch (key) {
	case KEY_NAME:
		return cfg_set_name(cfg, v->str);
	case KEY_UUID:
		return cfg_set_uuid(cfg, v->str, false);
	case KEY_TYPE:
		return cfg_set_type(cfg, v->str);
	case KEY_KERNEL:
	case KEY_RAMDISK:
	case KEY_CMDLINE:
	case KEY_ROOT:
	case KEY_EXTRA:
		return cfg_set_string(cfg, (enum pvctl_key)key, v->str);
	case KEY_MEMORY:
	case KEY_MAXMEM:
	case KEY_VCPUS:
	case KEY_MAXVCPUS:
	case KEY_CPU_WEIGHT:
	case KEY_CAP:
		return apply_number(cfg, (enum pvctl_key)key, v->str);
	default:
		return cfg_set_action(cfg, (enum pvctl_key)key, v->str);
	}
}

static int parse_text(struct pvctl_config *cfg, const char *text, size_t len, int first_line,
		      struct xl_file *f)
{
	struct xl_parser x = {.cfg = cfg, .p = text, .end = text + len, .line = first_line};
	int rc = parse_file(&x, f);

	free(x.text);
	return rc;
}

int pvctl_config_parse_xl(const char *source, const char *text, size_t len,
			  struct pvctl_config *cfg)
{
	struct xl_file f = {0};
	int rc;

	cfg_reset(cfg, source, false);
	if (memchr(text, '\0', len))
		return cfg_error(cfg, "%s: a NUL byte in the file: not an xl.cfg text file",
				 cfg->source);
	rc = parse_text(cfg, text, len, 1, &f);
	for (size_t i = 0; !rc && i < f.nr; i++)
		rc = apply(cfg, f.s[i].key, &f.s[i].val, f.s[i].line);
	file_free(&f);
	if (!rc)
		rc = cfg_end_parse(cfg);
	return rc;
}

int cfg_xl_apply_string(struct pvctl_config *cfg, const char *key, const char *value)
{
	struct xl_file f = {0};
	struct xl_value v = {.line = -1};
	char *line;
	size_t n = strlen(key) + strlen(value) + 4;
	int rc;

	/* KEY=VALUE as a line of xl.cfg ("memory=256", "disk=['...']"), or VALUE as a string. */
	line = malloc(n);
	if (!line)
		return cfg_error(cfg, "override:%s: out of memory", key);
	snprintf(line, n, "%s=%s", key, value);
	{
		struct pvctl_config *scratch = malloc(sizeof(*scratch));

		rc = -ENOMEM;
		if (scratch) {
			cfg_reset(scratch, "override", false);
			rc = parse_text(scratch, line, strlen(line), 1, &f);
			free(scratch);
		}
	}
	free(line);
	if (!rc && f.nr == 1 && !strcmp(f.s[0].key, key)) {
		rc = apply(cfg, key, &f.s[0].val, -1);
	} else {
		v.str = strdup(value);
		rc = v.str ? apply(cfg, key, &v, -1)
			   : cfg_error(cfg, "override:%s: out of memory", key);
		free(v.str);
	}
	file_free(&f);
	if (!rc)
		rc = cfg_finish(cfg);
	return rc;
}
