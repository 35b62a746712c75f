// SPDX-License-Identifier: GPL-2.0-only
/*
 * libvirt-style domain XML (<domain type='xen'>), read with libxml2 into
 * the same checked config as an xl.cfg file. libvirt's meanings carry
 * over: <memory> is the most the domain may have (xl's maxmem),
 * <currentMemory> what it boots with (xl's memory), both in KiB unless a
 * unit says otherwise; <vcpu> counts the vCPUs that exist (maxvcpus) and
 * its current= those online at boot (vcpus).
 *
 * The file is untrusted input: only UTF-8 is accepted (so libxml2 never
 * converts encodings), a DOCTYPE is refused before libxml2 sees the text
 * (no entities, no billion laughs, no external entities: XXE), the
 * network is off and every external load is refused. libxml2's own
 * messages go to a handler that keeps the first one with its line; it
 * prints nothing.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "config-priv.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct xml_ctx {
	struct pvctl_config *cfg;
	int rc;
};

/* The first of libxml2's errors during a parse, with its line. */
struct xml_first_error {
	bool set;
	int line;
	char msg[256];
};

static void xml_error_handler(void *data, xmlErrorPtr e)
{
	struct xml_first_error *fe = data;
	size_t n;

	if (fe->set || !e || e->level < XML_ERR_ERROR)
		return;
	fe->set = true;
	fe->line = e->line;
	snprintf(fe->msg, sizeof(fe->msg), "%s", e->message ? e->message : "malformed XML");
	/* libxml2 spreads some messages over lines: pvctl's errors are one line. */
	for (char *c = fe->msg; *c; c++)
		if (*c == '\n')
			*c = ' ';
	n = strlen(fe->msg);
	while (n && isspace((unsigned char)fe->msg[n - 1]))
		fe->msg[--n] = '\0';
}

static void xml_silent(void *data, const char *fmt, ...)
{
	(void)data;
	(void)fmt;
}

static xmlParserInputPtr refuse_external(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL;
}

static int node_line(xmlNodePtr n)
{
	return (int)xmlGetLineNo(n);
}

static int xml_error(struct xml_ctx *x, xmlNodePtr n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int xml_error(struct xml_ctx *x, xmlNodePtr n, const char *fmt, ...)
{
	char msg[PVCTL_CONFIG_ERR_MAX];
	xmlChar *path = xmlGetNodePath(n);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cfg_error(x->cfg, "%s:%d: %s: %s", x->cfg->source, node_line(n),
		  path ? (const char *)path : "?", msg);
	xmlFree(path);
	x->rc = -EINVAL;
	return -EINVAL;
}

static void xml_warn(struct xml_ctx *x, xmlNodePtr n, const char *what)
{
	xmlChar *path = xmlGetNodePath(n);

	cfg_warn(x->cfg, "%s:%d: warning: %s: %s", x->cfg->source, node_line(n),
		 path ? (const char *)path : "?", what);
	xmlFree(path);
}

static bool is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* An attribute's value (malloc'ed by libxml2) or NULL. */
static char *attr(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
}

/* An element's text with blanks trimmed, into buf; an error if too long or has children. */
static int text_of(struct xml_ctx *x, xmlNodePtr n, char *buf, size_t max)
{
	xmlChar *t;
	const char *s;
	size_t len;

	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return xml_error(x, c, "unexpected element inside <%s>", n->name);
	t = xmlNodeGetContent(n);
	s = t ? (const char *)t : "";
	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= max) {
		xmlFree(t);
		return xml_error(x, n, "%zu characters, more than the %zu allowed", len, max - 1);
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	xmlFree(t);
	return 0;
}

/* libvirt's units (virScaleInteger): b, k/KiB, KB, M/MiB, MB, G/GiB, GB, T/TiB, TB... */
static int unit_scale(const char *unit, uint64_t *scale)
{
	static const char order[] = "kmgtpe";
	const char *p;
	uint64_t s = 1;
	unsigned int base;

	if (!unit || !*unit) {
		*scale = 1024; /* KiB by default */
		return 0;
	}
	if (!strcasecmp(unit, "b") || !strcasecmp(unit, "bytes")) {
		*scale = 1;
		return 0;
	}
	p = strchr(order, tolower((unsigned char)unit[0]));
	if (!p || !unit[0])
		return -EINVAL;
	if (!unit[1] || !strcasecmp(unit + 1, "iB"))
		base = 1024;
	else if (!strcasecmp(unit + 1, "B"))
		base = 1000;
	else
		return -EINVAL;
	for (const char *q = order; q <= p; q++)
		s *= base;
	*scale = s;
	return 0;
}

/* <memory>/<currentMemory>: a decimal count of units, into MiB. */
static int set_memory(struct xml_ctx *x, xmlNodePtr n, enum pvctl_key key)
{
	char text[64], *end, *unit = attr(n, "unit");
	unsigned long long v;
	uint64_t scale, bytes, mib;
	int rc;

	x->cfg->st.line[key] = node_line(n);
	rc = text_of(x, n, text, sizeof(text));
	if (rc)
		goto out;
	if (unit_scale(unit, &scale)) {
		rc = xml_error(x, n,
			       "unit \"%.40s\" is not a unit of memory (expected b, KiB, MiB, "
			       "GiB, TiB, KB, MB, GB, k, M, G...)",
			       unit);
		goto out;
	}
	errno = 0;
	v = strtoull(text, &end, 10);
	if (!isdigit((unsigned char)text[0]) || *end || errno) {
		rc = cfg_bad_value(x->cfg, key, text, "not a number (of KiB unless unit= says)");
		goto out;
	}
	if (v > UINT64_MAX / scale) {
		rc = cfg_bad_value(x->cfg, key, text, "more than 1 TiB (1048576 MiB)");
		goto out;
	}
	bytes = v * scale;
	mib = bytes / (1024 * 1024) + (bytes % (1024 * 1024) != 0);
	if (bytes % (1024 * 1024))
		xml_warn(x, n,
			 "not a whole number of MiB: rounded up (pvctl counts memory in MiB)");
	rc = cfg_set_memory(x->cfg, key, mib, text);
out:
	xmlFree(unit);
	return rc;
}

static int parse_uint(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end || errno)
		return -EINVAL;
	*out = v;
	return 0;
}

/* <vcpu placement= cpuset= current=>N</vcpu>. */
static int set_vcpu(struct xml_ctx *x, xmlNodePtr n)
{
	char text[32], *current = attr(n, "current"), *cpuset = attr(n, "cpuset");
	char *placement = attr(n, "placement");
	uint64_t v;
	bool all;
	int rc;

	x->cfg->st.line[KEY_MAXVCPUS] = node_line(n);
	x->cfg->st.line[KEY_VCPUS] = node_line(n);
	x->cfg->st.line[KEY_CPUS] = node_line(n);
	rc = text_of(x, n, text, sizeof(text));
	if (rc)
		goto out;
	if (parse_uint(text, &v)) {
		rc = cfg_bad_value(x->cfg, KEY_MAXVCPUS, text, "not a number of vCPUs");
		goto out;
	}
	rc = cfg_set_vcpus(x->cfg, KEY_MAXVCPUS, v, text);
	if (rc)
		goto out;
	if (current) {
		if (parse_uint(current, &v)) {
			rc = cfg_bad_value(x->cfg, KEY_VCPUS, current, "not a number of vCPUs");
			goto out;
		}
		rc = cfg_set_vcpus(x->cfg, KEY_VCPUS, v, current);
	} else {
		x->cfg->vcpus = x->cfg->maxvcpus;
	}
	if (rc)
		goto out;
	if (placement && strcmp(placement, "static")) {
		if (strcmp(placement, "auto")) {
			rc = xml_error(x, n, "placement \"%.40s\" is not static or auto",
				       placement);
			goto out;
		}
		xml_warn(x, n, "placement='auto' is ignored: pvctl does no NUMA placement");
	}
	if (cpuset) {
		rc = cfg_parse_cpus(x->cfg, cpuset, x->cfg->cpumap, &all);
		if (rc)
			goto out;
		x->cfg->has_cpumap = true;
		x->cfg->st.cpumap_all = all;
	}
out:
	xmlFree(current);
	xmlFree(cpuset);
	xmlFree(placement);
	return rc;
}

static int set_text_key(struct xml_ctx *x, xmlNodePtr n, enum pvctl_key key)
{
	char buf[PATH_MAX];
	int rc;

	x->cfg->st.line[key] = node_line(n);
	rc = text_of(x, n, buf, key == KEY_CMDLINE ? PVCTL_CMDLINE_MAX : sizeof(buf));
	if (rc)
		return rc;
	switch (key) {
	case KEY_NAME:
		return cfg_set_name(x->cfg, buf);
	case KEY_UUID:
		return cfg_set_uuid(x->cfg, buf, true);
	case KEY_ON_POWEROFF:
	case KEY_ON_REBOOT:
	case KEY_ON_CRASH:
		return cfg_set_action(x->cfg, key, buf);
	default:
		return cfg_set_string(x->cfg, key, buf);
	}
}

static int parse_os(struct xml_ctx *x, xmlNodePtr os)
{
	bool seen_type = false;
	int rc = 0;

	for (xmlNodePtr n = os->children; n && !rc; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "type")) {
			char t[32], *arch = attr(n, "arch");

			seen_type = true;
			x->cfg->st.line[KEY_TYPE] = node_line(n);
			rc = text_of(x, n, t, sizeof(t));
			if (!rc && arch && strcmp(arch, "x86_64"))
				rc = xml_error(x, n,
					       "arch \"%.40s\" is not x86_64: pvctl builds 64-bit "
					       "PV domains",
					       arch);
			xmlFree(arch);
			if (rc)
				break;
			if (!strcmp(t, "hvm") || !strcmp(t, "xenpvh"))
				rc = cfg_bad_value(x->cfg, KEY_TYPE, t,
						   "an OS type pvctl does not build: it builds PV "
						   "domains only (linux or xen)");
			else if (strcmp(t, "linux") && strcmp(t, "xen"))
				rc = cfg_bad_value(
					x->cfg, KEY_TYPE, t,
					"not an OS type (linux or xen, libvirt's Xen PV)");
		} else if (is(n, "kernel")) {
			rc = set_text_key(x, n, KEY_KERNEL);
		} else if (is(n, "initrd")) {
			rc = set_text_key(x, n, KEY_RAMDISK);
		} else if (is(n, "cmdline")) {
			rc = set_text_key(x, n, KEY_CMDLINE);
		} else if (is(n, "boot") || is(n, "loader") || is(n, "bootmenu") ||
			   is(n, "smbios") || is(n, "bios") || is(n, "root")) {
			xml_warn(x, n, "ignored: pvctl boots the <kernel> directly");
		} else {
			xml_warn(x, n, "unknown element, ignored");
		}
	}
	if (!rc && !seen_type)
		rc = xml_error(x, os,
			       "no <type>: a Xen PV domain has <type>linux</type> "
			       "(or xen)");
	return rc;
}

static int parse_cputune(struct xml_ctx *x, xmlNodePtr ct)
{
	char buf[32];
	uint64_t w;
	int rc;

	for (xmlNodePtr n = ct->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!is(n, "shares")) {
			xml_warn(x, n, "ignored: pvctl takes only <shares> (the credit weight)");
			continue;
		}
		x->cfg->st.line[KEY_CPU_WEIGHT] = node_line(n);
		rc = text_of(x, n, buf, sizeof(buf));
		if (rc)
			return rc;
		if (parse_uint(buf, &w))
			return cfg_bad_value(x->cfg, KEY_CPU_WEIGHT, buf, "not a number");
		rc = cfg_set_weight(x->cfg, w, buf);
		if (rc)
			return rc;
	}
	return 0;
}

/* Copies attribute name of n into dst; 1 if present, 0 if absent, < 0 if too long. */
static int attr_into(struct xml_ctx *x, xmlNodePtr n, const char *name, char *dst, size_t max)
{
	char *v = attr(n, name);
	int rc = 0;

	if (!v)
		return 0;
	if (strlen(v) >= max)
		rc = xml_error(x, n, "%s=\"%.40s...\" is longer than %zu characters", name, v,
			       max - 1);
	else
		strcpy(dst, v), rc = 1;
	xmlFree(v);
	return rc;
}

static int parse_disk(struct xml_ctx *x, xmlNodePtr disk)
{
	struct pvctl_disk d = {.line = node_line(disk)};
	char type[16] = "file", device[16] = "disk";
	bool has_target = false;
	int rc;

	strcpy(d.format, "raw");
	strcpy(d.backendtype, "phy");
	if (attr_into(x, disk, "type", type, sizeof(type)) < 0 ||
	    attr_into(x, disk, "device", device, sizeof(device)) < 0)
		return x->rc;
	if (strcmp(type, "file") && strcmp(type, "block"))
		return xml_error(x, disk, "type \"%s\" is not a disk pvctl serves (file or block)",
				 type);
	if (!strcmp(device, "cdrom"))
		d.cdrom = d.readonly = true;
	else if (strcmp(device, "disk"))
		return xml_error(x, disk, "device \"%s\" is not disk or cdrom", device);
	for (xmlNodePtr n = disk->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "source")) {
			rc = attr_into(x, n, !strcmp(type, "file") ? "file" : "dev", d.target,
				       sizeof(d.target));
			if (rc < 0)
				return rc;
			if (rc == 0)
				return xml_error(x, n, "no %s= attribute (<source %s='...'/>)",
						 !strcmp(type, "file") ? "file" : "dev",
						 !strcmp(type, "file") ? "file" : "dev");
		} else if (is(n, "target")) {
			rc = attr_into(x, n, "dev", d.vdev, sizeof(d.vdev));
			if (rc < 0)
				return rc;
			has_target = rc == 1;
		} else if (is(n, "readonly")) {
			d.readonly = true;
		} else if (is(n, "driver")) {
			char name[16] = "", dtype[16] = "raw";

			if (attr_into(x, n, "name", name, sizeof(name)) < 0 ||
			    attr_into(x, n, "type", dtype, sizeof(dtype)) < 0)
				return x->rc;
			if (*name && strcmp(name, "phy") && strcmp(name, "file"))
				return xml_error(x, n,
						 "driver name \"%s\" is not phy or file: pvctl's "
						 "disks are served by dom0's blkback",
						 name);
			if (strcmp(dtype, "raw"))
				return xml_error(x, n,
						 "driver type \"%s\" is a format blkback "
						 "cannot serve: only raw",
						 dtype);
		} else {
			xml_warn(x, n, "ignored");
		}
	}
	if (!has_target)
		return xml_error(x, disk,
				 "no <target dev='xvda'/>: a disk needs its name in the guest");
	return cfg_add_disk(x->cfg, &d);
}

static int parse_interface(struct xml_ctx *x, xmlNodePtr itf)
{
	struct pvctl_vif v = {.line = node_line(itf)};
	char type[16] = "";
	int rc;

	if (attr_into(x, itf, "type", type, sizeof(type)) < 0)
		return x->rc;
	if (strcmp(type, "bridge"))
		return xml_error(x, itf, "type \"%s\" is not an interface pvctl makes (bridge)",
				 type);
	for (xmlNodePtr n = itf->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "mac"))
			rc = attr_into(x, n, "address", v.mac, sizeof(v.mac));
		else if (is(n, "source"))
			rc = attr_into(x, n, "bridge", v.bridge, sizeof(v.bridge));
		else if (is(n, "ip"))
			rc = attr_into(x, n, "address", v.ip, sizeof(v.ip));
		else if (is(n, "script"))
			rc = attr_into(x, n, "path", v.script, sizeof(v.script));
		else
			xml_warn(x, n, "ignored"), rc = 0;
		if (rc < 0)
			return rc;
	}
	return cfg_add_vif(x->cfg, &v);
}

static int parse_console(struct xml_ctx *x, xmlNodePtr con)
{
	for (xmlNodePtr n = con->children; n; n = n->next) {
		char type[16] = "xen";

		if (!is(n, "target"))
			continue;
		if (attr_into(x, n, "type", type, sizeof(type)) < 0)
			return x->rc;
		if (strcmp(type, "xen"))
			return xml_error(x, n,
					 "console target type \"%s\" is not xen: a PV "
					 "domain's console is its Xen console (hvc0)",
					 type);
	}
	return 0;
}

static int parse_devices(struct xml_ctx *x, xmlNodePtr devs)
{
	int rc = 0;

	for (xmlNodePtr n = devs->children; n && !rc; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (is(n, "disk"))
			rc = parse_disk(x, n);
		else if (is(n, "interface"))
			rc = parse_interface(x, n);
		else if (is(n, "console"))
			rc = parse_console(x, n);
		else
			xml_warn(x, n, "ignored: pvctl makes disks, interfaces and the console");
	}
	return rc;
}

/* The children of <domain> pvctl leaves alone: a warning each. */
static const char *const domain_ignored[] = {
	"title",     "description",   "metadata",  "features", "clock",	     "cpu",
	"maxMemory", "memoryBacking", "blkiotune", "memtune",  "numatune",   "resource",
	"sysinfo",   "idmap",	      "pm",	   "seclabel", "bootloader", "bootloader_args",
	"iothreads", "genid",	      "keywrap",   "vcpus",    "perf",	     "on_lockfailure",
};

static int parse_domain(struct xml_ctx *x, xmlNodePtr dom)
{
	static const struct {
		const char *name;
		enum pvctl_key key;
	} simple[] = {
		{"name", KEY_NAME},
		{"uuid", KEY_UUID},
		{"on_poweroff", KEY_ON_POWEROFF},
		{"on_reboot", KEY_ON_REBOOT},
		{"on_crash", KEY_ON_CRASH},
	};
	bool seen[KEY_NR] = {false};
	char *type = attr(dom, "type");
	int rc = 0;

	if (!type || strcmp(type, "xen")) {
		rc = xml_error(x, dom,
			       "type=\"%.40s\" is not a domain pvctl builds (<domain type='xen'>)",
			       type ? type : "");
		xmlFree(type);
		return rc;
	}
	xmlFree(type);
	for (xmlNodePtr n = dom->children; n && !rc; n = n->next) {
		enum pvctl_key key = KEY_NR;
		unsigned int i;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0; i < ARRAY_SIZE(simple); i++)
			if (is(n, simple[i].name))
				key = simple[i].key;
		if (is(n, "memory"))
			key = KEY_MAXMEM;
		else if (is(n, "currentMemory"))
			key = KEY_MEMORY;
		else if (is(n, "vcpu"))
			key = KEY_MAXVCPUS;
		else if (is(n, "os"))
			key = KEY_TYPE;
		else if (is(n, "cputune"))
			key = KEY_CPU_WEIGHT;
		else if (is(n, "devices"))
			key = KEY_DISK;
		if (key == KEY_NR) {
			bool known = false;

			for (i = 0; i < ARRAY_SIZE(domain_ignored); i++)
				known |= is(n, domain_ignored[i]);
			xml_warn(x, n,
				 known ? "ignored: pvctl does not act on it for a PV domain"
				       : "unknown element, ignored");
			continue;
		}
		if (seen[key]) {
			rc = xml_error(x, n, "<%s> appears a second time", n->name);
			break;
		}
		seen[key] = true;
		switch (key) {
		case KEY_MAXMEM:
		case KEY_MEMORY:
			rc = set_memory(x, n, key);
			break;
		case KEY_MAXVCPUS:
			rc = set_vcpu(x, n);
			break;
		case KEY_TYPE:
			rc = parse_os(x, n);
			break;
		case KEY_CPU_WEIGHT:
			rc = parse_cputune(x, n);
			break;
		case KEY_DISK:
			rc = parse_devices(x, n);
			break;
		default:
			rc = set_text_key(x, n, key);
			break;
		}
	}
	if (rc)
		return rc;
	/* libvirt: no <currentMemory> means it boots with all of <memory>. */
	if (seen[KEY_MAXMEM] && !seen[KEY_MEMORY]) {
		x->cfg->memory_mib = x->cfg->maxmem_mib;
		x->cfg->st.line[KEY_MEMORY] = x->cfg->st.line[KEY_MAXMEM];
	}
	return 0;
}

/*
 * Refuses what libxml2 must never be given: text that is not UTF-8 by
 * its byte-order mark or its declaration, and any DOCTYPE (entities,
 * external subsets). Returns 0 or -EINVAL with the error set.
 */
static int precheck(struct pvctl_config *cfg, const char *text, size_t len)
{
	const unsigned char *u = (const unsigned char *)text;
	const char *decl_end, *enc;
	int line = 1;

	if (len >= 2 && ((u[0] == 0xfe && u[1] == 0xff) || (u[0] == 0xff && u[1] == 0xfe)))
		return cfg_error(cfg, "%s:1: a UTF-16 file: pvctl reads UTF-8 XML only",
				 cfg->source);
	if (memchr(text, '\0', len))
		return cfg_error(cfg, "%s: a NUL byte in the file: pvctl reads UTF-8 XML only",
				 cfg->source);
	if (len >= 5 &&
	    !memcmp(text + (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3) ? 3 : 0), "<?xml", 5)) {
		decl_end = strstr(text, "?>");
		enc = strstr(text, "encoding");
		if (decl_end && enc && enc < decl_end) {
			enc += 8;
			while (*enc == ' ' || *enc == '=' || *enc == '"' || *enc == '\'')
				enc++;
			if (strncasecmp(enc, "utf-8", 5) || (enc[5] != '"' && enc[5] != '\''))
				return cfg_error(cfg,
						 "%s:1: encoding \"%.*s\": pvctl reads UTF-8 XML "
						 "only (convert it with iconv)",
						 cfg->source, (int)strcspn(enc, "\"' ?>"), enc);
		}
	}
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			line++;
		if (text[i] == '<' && i + 2 < len && text[i + 1] == '!' &&
		    (!strncmp(text + i + 2, "DOCTYPE", 7) || !strncmp(text + i + 2, "ENTITY", 6)))
			return cfg_error(cfg,
					 "%s:%d: a DOCTYPE or ENTITY declaration: pvctl takes "
					 "domain XML without DTDs or entities",
					 cfg->source, line);
	}
	return 0;
}

/* No entity references may be left in the tree (belt and braces with precheck()). */
static int refuse_entities(struct xml_ctx *x, xmlNodePtr n)
{
	for (; n; n = n->next) {
		if (n->type == XML_ENTITY_REF_NODE || n->type == XML_ENTITY_DECL ||
		    n->type == XML_DTD_NODE)
			return xml_error(x, n->parent ? n->parent : n, "an entity: not accepted");
		if (n->children && refuse_entities(x, n->children))
			return -EINVAL;
	}
	return 0;
}

int pvctl_config_parse_xml(const char *source, const char *text, size_t len,
			   struct pvctl_config *cfg)
{
	struct xml_first_error fe = {0};
	struct xml_ctx x = {.cfg = cfg};
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc = NULL;
	xmlNodePtr root;
	int rc;

	cfg_reset(cfg, source, true);
	if (len > INT32_MAX)
		return cfg_error(cfg, "%s: too big", cfg->source);
	rc = precheck(cfg, text, len);
	if (rc)
		return rc;
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return cfg_error(cfg, "%s: out of memory", cfg->source);
	xmlSetStructuredErrorFunc(&fe, xml_error_handler);
	xmlSetGenericErrorFunc(NULL, xml_silent);
	xmlSetExternalEntityLoader(refuse_external);
	doc = xmlCtxtReadMemory(ctxt, text, (int)len, source, "UTF-8",
				XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlSetGenericErrorFunc(NULL, NULL);
	if (!doc || fe.set || !ctxt->wellFormed) {
		rc = cfg_error(cfg, "%s:%d: malformed XML: %s", cfg->source, fe.set ? fe.line : 1,
			       fe.set ? fe.msg : "not well-formed");
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (!root || !is(root, "domain")) {
		rc = cfg_error(cfg, "%s:%d: the root element is <%s>, not <domain type='xen'>",
			       cfg->source, root ? node_line(root) : 1,
			       root ? (const char *)root->name : "");
		goto out;
	}
	rc = refuse_entities(&x, (xmlNodePtr)doc->children);
	if (!rc)
		rc = parse_domain(&x, root);
	if (!rc)
		rc = cfg_end_parse(cfg);
out:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return rc;
}
