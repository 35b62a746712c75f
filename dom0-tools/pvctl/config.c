// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvctl's domain configuration, the part both syntaxes share: defaults,
 * the setters that check each value (so a memory size or a disk means the
 * same in xl.cfg and in XML), the checks between keys that run after the
 * whole file (and again after each KEY=VALUE override), the checks that
 * need the host, and loading a file. The first error is the one reported:
 * later ones are usually its consequences.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config-priv.h"
#include "units.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PVCTL_CONFIG_FILE_MAX (1024 * 1024)

_Static_assert(KEY_NR <= ARRAY_SIZE(((struct pvctl_config *)0)->st.line),
	       "config.h's st.line[] has a slot for every key");

const struct pvctl_key_info pvctl_keys[KEY_NR] = {
	[KEY_NAME] = {"name", "/domain/name", "name = \"guest\"", "<name>guest</name>"},
	[KEY_UUID] = {"uuid", "/domain/uuid", "uuid = \"6e7b5f1c-2d3a-4b8e-9f00-1a2b3c4d5e6f\"",
		      "<uuid>6e7b5f1c-2d3a-4b8e-9f00-1a2b3c4d5e6f</uuid>"},
	[KEY_TYPE] = {"type", "/domain/os/type", "type = \"pv\"", "<type>linux</type>"},
	[KEY_KERNEL] = {"kernel", "/domain/os/kernel", "kernel = \"/boot/vmlinuz\"",
			"<kernel>/boot/vmlinuz</kernel>"},
	[KEY_RAMDISK] = {"ramdisk", "/domain/os/initrd", "ramdisk = \"/boot/initrd.img\"",
			 "<initrd>/boot/initrd.img</initrd>"},
	[KEY_CMDLINE] = {"cmdline", "/domain/os/cmdline", "cmdline = \"console=hvc0\"",
			 "<cmdline>console=hvc0</cmdline>"},
	[KEY_ROOT] = {"root", "/domain/os/cmdline", "root = \"/dev/xvda1 ro\"",
		      "<cmdline>root=/dev/xvda1</cmdline>"},
	[KEY_EXTRA] = {"extra", "/domain/os/cmdline", "extra = \"console=hvc0\"",
		       "<cmdline>console=hvc0</cmdline>"},
	[KEY_MEMORY] = {"memory", "/domain/currentMemory", "memory = 512",
			"<currentMemory unit='MiB'>512</currentMemory>"},
	[KEY_MAXMEM] = {"maxmem", "/domain/memory", "maxmem = 1024",
			"<memory unit='MiB'>1024</memory>"},
	[KEY_VCPUS] = {"vcpus", "/domain/vcpu/@current", "vcpus = 2", "<vcpu current='2'>4</vcpu>"},
	[KEY_MAXVCPUS] = {"maxvcpus", "/domain/vcpu", "maxvcpus = 4", "<vcpu>4</vcpu>"},
	[KEY_CPUS] = {"cpus", "/domain/vcpu/@cpuset", "cpus = \"0-3,^2\"",
		      "<vcpu cpuset='0-3,^2'>2</vcpu>"},
	[KEY_CPU_WEIGHT] = {"cpu_weight", "/domain/cputune/shares", "cpu_weight = 512",
			    "<cputune><shares>512</shares></cputune>"},
	[KEY_CAP] = {"cap", "/domain/cputune/cap", "cap = 50", "(cap is xl.cfg only)"},
	[KEY_ON_POWEROFF] = {"on_poweroff", "/domain/on_poweroff", "on_poweroff = \"destroy\"",
			     "<on_poweroff>destroy</on_poweroff>"},
	[KEY_ON_REBOOT] = {"on_reboot", "/domain/on_reboot", "on_reboot = \"restart\"",
			   "<on_reboot>restart</on_reboot>"},
	[KEY_ON_CRASH] = {"on_crash", "/domain/on_crash", "on_crash = \"preserve\"",
			  "<on_crash>preserve</on_crash>"},
	[KEY_ON_WATCHDOG] = {"on_watchdog", "/domain/on_watchdog", "on_watchdog = \"destroy\"",
			     "(on_watchdog is xl.cfg only)"},
	[KEY_DISK] =
		{"disk", "/domain/devices/disk", "disk = [ '/srv/guest.img,raw,xvda,rw' ]",
		 "<disk type='file'><source file='/srv/guest.img'/><target dev='xvda'/></disk>"},
	[KEY_VIF] = {"vif", "/domain/devices/interface",
		     "vif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr0' ]",
		     "<interface type='bridge'><source bridge='xenbr0'/></interface>"},
};

/* Indexed by enum pvctl_action; the same names in xl.cfg and libvirt. */
static const char *const action_names[] = {
	[PVCTL_ACTION_DESTROY] = "destroy",
	[PVCTL_ACTION_RESTART] = "restart",
	[PVCTL_ACTION_RENAME_RESTART] = "rename-restart",
	[PVCTL_ACTION_PRESERVE] = "preserve",
	[PVCTL_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
	[PVCTL_ACTION_COREDUMP_RESTART] = "coredump-restart",
	[PVCTL_ACTION_SOFT_RESET] = "soft-reset",
};

const char *pvctl_action_name(enum pvctl_action a)
{
	if ((unsigned int)a >= ARRAY_SIZE(action_names))
		return "?";
	return action_names[a];
}

void cfg_reset(struct pvctl_config *cfg, const char *source, bool is_xml)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->source, sizeof(cfg->source), "%s", source ? source : "config");
	cfg->is_xml = is_xml;
	cfg->memory_mib = PVCTL_MEMORY_DEFAULT_MIB;
	cfg->maxmem_mib = PVCTL_MEMORY_DEFAULT_MIB;
	cfg->vcpus = 1;
	cfg->maxvcpus = 1;
	cfg->cpu_weight = PVCTL_WEIGHT_DEFAULT;
	cfg->on_poweroff = PVCTL_ACTION_DESTROY;
	cfg->on_reboot = PVCTL_ACTION_RESTART;
	cfg->on_crash = PVCTL_ACTION_DESTROY;
	cfg->on_watchdog = PVCTL_ACTION_DESTROY;
}

/* Messages are one line each: whatever control character a value brought becomes '?'. */
static void one_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

int cfg_error(struct pvctl_config *cfg, const char *fmt, ...)
{
	va_list ap;

	if (cfg->error[0])
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(cfg->error, sizeof(cfg->error), fmt, ap);
	va_end(ap);
	one_line(cfg->error);
	return -EINVAL;
}

/* snprintf, where truncating a long file name is the right thing to do. */
static void format_into(char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void format_into(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
}

/* "file:line:key: ", "file:line: /domain/x: " or "override:key: " for key. */
static void key_prefix(const struct pvctl_config *cfg, enum pvctl_key key, char *buf, size_t n)
{
	int line = cfg->st.line[key];

	if (line < 0)
		format_into(buf, n, "override:%s: ", pvctl_keys[key].xl);
	else if (cfg->is_xml)
		format_into(buf, n, "%s:%d: %s: ", cfg->source, line, pvctl_keys[key].xml);
	else if (line == 0) /* a spec on pvctl's command line (block-attach...) */
		format_into(buf, n, "%s:%s: ", cfg->source, pvctl_keys[key].xl);
	else
		format_into(buf, n, "%s:%d:%s: ", cfg->source, line, pvctl_keys[key].xl);
}

int cfg_key_error(struct pvctl_config *cfg, enum pvctl_key key, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (cfg->error[0])
		return -EINVAL;
	key_prefix(cfg, key, cfg->error, sizeof(cfg->error));
	n = strlen(cfg->error);
	va_start(ap, fmt);
	vsnprintf(cfg->error + n, sizeof(cfg->error) - n, fmt, ap);
	va_end(ap);
	one_line(cfg->error);
	return -EINVAL;
}

/* value as it may appear in a one-line message: control characters escaped, 200 bytes at most. */
static void quote_value(char *buf, size_t max, const char *value)
{
	size_t n = 0;

	for (const unsigned char *v = (const unsigned char *)value; *v && n + 5 < max; v++) {
		if (*v < 0x20 || *v == 0x7f)
			n += (size_t)snprintf(buf + n, max - n, "\\x%02x", *v);
		else
			buf[n++] = (char)*v;
	}
	buf[n] = '\0';
}

int cfg_bad_value(struct pvctl_config *cfg, enum pvctl_key key, const char *value, const char *what)
{
	bool xml = cfg->is_xml && cfg->st.line[key] >= 0;
	char quoted[201];

	quote_value(quoted, sizeof(quoted), value);
	return cfg_key_error(cfg, key, "\"%s\" is %s (expected e.g. %s)", quoted, what,
			     xml ? pvctl_keys[key].xml_example : pvctl_keys[key].xl_example);
}

void cfg_warn(struct pvctl_config *cfg, const char *fmt, ...)
{
	size_t used = strlen(cfg->warnings);
	size_t room = sizeof(cfg->warnings) - used;
	va_list ap;
	int n;

	if (room < 2)
		return;
	va_start(ap, fmt);
	n = vsnprintf(cfg->warnings + used, room - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	one_line(cfg->warnings + used);
	used += (size_t)n < room - 1 ? (size_t)n : room - 2;
	cfg->warnings[used++] = '\n';
	cfg->warnings[used] = '\0';
}

int cfg_parse_xl_number(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -EINVAL;
	while (isspace((unsigned char)*end))
		end++;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

int cfg_set_name(struct pvctl_config *cfg, const char *s)
{
	size_t n = strlen(s), digits = 0;

	if (n == 0 || n >= PVCTL_NAME_MAX)
		return cfg_bad_value(cfg, KEY_NAME, s, "not a name of 1 to 63 characters");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isdigit(c))
			digits++;
		else if (!isalnum(c) && c != '-' && c != '_' && c != '.')
			return cfg_bad_value(cfg, KEY_NAME, s,
					     "not a name: use letters, digits, '-', '_' and '.'");
	}
	/* pvctl and xl read an all-digit argument as a domain id. */
	if (digits == n)
		return cfg_bad_value(cfg, KEY_NAME, s,
				     "all digits, which commands would read as a domain id");
	memcpy(cfg->name, s, n + 1);
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int cfg_set_uuid(struct pvctl_config *cfg, const char *s, bool undashed_ok)
{
	static const int dash_at[] = {8, 13, 18, 23};
	unsigned int nib = 0, di = 0;
	uint8_t u[16] = {0};
	size_t n = strlen(s);

	if (n != 36 && !(undashed_ok && n == 32))
		goto bad;
	for (size_t i = 0; i < n; i++) {
		int h;

		if (n == 36 && di < ARRAY_SIZE(dash_at) && (int)i == dash_at[di]) {
			if (s[i] != '-')
				goto bad;
			di++;
			continue;
		}
		h = hexval(s[i]);
		if (h < 0)
			goto bad;
		u[nib / 2] |= (uint8_t)(nib % 2 ? h : h << 4);
		nib++;
	}
	memcpy(cfg->uuid, u, sizeof(u));
	cfg->has_uuid = true;
	return 0;
bad:
	return cfg_bad_value(cfg, KEY_UUID, s, "not a UUID of the form 8-4-4-4-12 hex digits");
}

int cfg_set_type(struct pvctl_config *cfg, const char *s)
{
	if (!strcmp(s, "pv"))
		return 0;
	if (!strcmp(s, "hvm") || !strcmp(s, "pvh"))
		return cfg_bad_value(cfg, KEY_TYPE, s,
				     "a type pvctl does not build: it builds PV domains only");
	return cfg_bad_value(cfg, KEY_TYPE, s, "not a domain type (pvctl builds \"pv\")");
}

int cfg_set_string(struct pvctl_config *cfg, enum pvctl_key key, const char *s)
{
	char *dst;
	size_t max;

	switch (key) {
	case KEY_KERNEL:
		dst = cfg->kernel, max = sizeof(cfg->kernel);
		break;
	case KEY_RAMDISK:
		dst = cfg->ramdisk, max = sizeof(cfg->ramdisk);
		break;
	case KEY_CMDLINE:
		dst = cfg->cmdline, max = sizeof(cfg->cmdline);
		cfg->st.has_cmdline = true;
		break;
	case KEY_ROOT:
		dst = cfg->st.root, max = sizeof(cfg->st.root);
		cfg->st.has_root = true;
		break;
	case KEY_EXTRA:
		dst = cfg->st.extra, max = sizeof(cfg->st.extra);
		cfg->st.has_extra = true;
		break;
	default:
		return cfg_key_error(cfg, key, "not a string key");
	}
	if (strlen(s) >= max)
		return cfg_key_error(cfg, key, "%zu characters, more than the %zu allowed",
				     strlen(s), max - 1);
	if ((key == KEY_KERNEL || key == KEY_RAMDISK) && !*s)
		return cfg_bad_value(cfg, key, s, "not a file name");
	strcpy(dst, s);
	return 0;
}

int cfg_set_memory(struct pvctl_config *cfg, enum pvctl_key key, uint64_t mib, const char *raw)
{
	if (mib < 1 || mib > PVCTL_MEMORY_MAX_MIB)
		return cfg_bad_value(cfg, key, raw,
				     mib ? "more than 1 TiB (1048576 MiB)"
					 : "no memory: at least 1 MiB");
	if (key == KEY_MEMORY) {
		cfg->memory_mib = mib;
	} else {
		cfg->maxmem_mib = mib;
		cfg->st.has_maxmem = true;
	}
	return 0;
}

int cfg_set_vcpus(struct pvctl_config *cfg, enum pvctl_key key, uint64_t n, const char *raw)
{
	if (n < 1 || n > PVCTL_MAX_VCPUS)
		return cfg_bad_value(cfg, key, raw, "not a number of vCPUs from 1 to 128");
	if (key == KEY_VCPUS) {
		cfg->vcpus = (unsigned int)n;
	} else {
		cfg->maxvcpus = (unsigned int)n;
		cfg->st.has_maxvcpus = true;
	}
	return 0;
}

int cfg_set_weight(struct pvctl_config *cfg, uint64_t w, const char *raw)
{
	/* The credit scheduler's range (sched_credit.c). */
	if (w < 1 || w > 65535)
		return cfg_bad_value(cfg, KEY_CPU_WEIGHT, raw, "not a weight from 1 to 65535");
	cfg->cpu_weight = (unsigned int)w;
	return 0;
}

int cfg_set_cap(struct pvctl_config *cfg, uint64_t cap, const char *raw)
{
	if (cap > 100ull * PVCTL_MAX_VCPUS)
		return cfg_bad_value(
			cfg, KEY_CAP, raw,
			"not a cap in percent of one pCPU (0 for none, at most 100 per vCPU)");
	cfg->cap = (unsigned int)cap;
	return 0;
}

int cfg_set_action(struct pvctl_config *cfg, enum pvctl_key key, const char *s)
{
	enum pvctl_action *dst;
	unsigned int i;

	switch (key) {
	case KEY_ON_POWEROFF:
		dst = &cfg->on_poweroff;
		break;
	case KEY_ON_REBOOT:
		dst = &cfg->on_reboot;
		break;
	case KEY_ON_CRASH:
		dst = &cfg->on_crash;
		break;
	default:
		dst = &cfg->on_watchdog;
		break;
	}
	for (i = 0; i < ARRAY_SIZE(action_names); i++) {
		if (!strcmp(s, action_names[i])) {
			*dst = (enum pvctl_action)i;
			return 0;
		}
	}
	return cfg_bad_value(cfg, key, s,
			     "not an action: destroy, restart, rename-restart, preserve, "
			     "coredump-destroy, coredump-restart or soft-reset");
}

int cfg_parse_cpus(struct pvctl_config *cfg, const char *s, uint64_t *map, bool *all)
{
	uint8_t bytes[PVCTL_NR_PCPUS / 8];
	struct pvctl_cpulist_result res;
	const char *what;

	memset(map, 0, PVCTL_CPUMAP_WORDS * sizeof(uint64_t));
	*all = false;
	if (pvctl_cpulist_parse(s, bytes, PVCTL_NR_PCPUS, NULL, 0, &res)) {
		switch (res.fault) {
		case PVCTL_CPULIST_NODES:
			what = "NUMA nodes, which pvctl does not place on: name pCPUs";
			break;
		case PVCTL_CPULIST_NOT_ALL:
			what = "not a CPU list: ^ cannot take all away";
			break;
		case PVCTL_CPULIST_TOO_HIGH:
			what = "a CPU list naming a pCPU above 255";
			break;
		case PVCTL_CPULIST_EMPTY:
			what = "a CPU list that leaves no pCPU";
			break;
		default:
			what = "not a CPU list like \"0-3,^2\" or \"all\"";
			break;
		}
		return cfg_bad_value(cfg, KEY_CPUS, s, what);
	}
	for (unsigned int c = 0; c < PVCTL_NR_PCPUS; c++)
		if (bytes[c / 8] & (1u << (c % 8)))
			map[c / 64] |= 1ull << (c % 64);
	for (unsigned int w = 0; w < PVCTL_CPUMAP_WORDS; w++)
		if (map[w]) {
			*all = res.has_all;
			return 0;
		}
	return cfg_bad_value(cfg, KEY_CPUS, s, "a CPU list that leaves no pCPU");
}

/* xen-vbd-interface(7): xvdX[N], hdX[N], sdX[N] or dNpM. */
static bool vdev_valid(const char *v)
{
	size_t letters = 0;
	const char *p;

	if (!strncmp(v, "xvd", 3) || !strncmp(v, "sd", 2) || !strncmp(v, "hd", 2)) {
		p = v + (v[0] == 'x' ? 3 : 2);
		while (*p >= 'a' && *p <= 'z')
			p++, letters++;
		if (letters < 1 || letters > 3 || (v[0] == 'h' && (letters > 1 || v[2] > 't')))
			return false;
	} else if (v[0] == 'd' && isdigit((unsigned char)v[1])) {
		p = v + 1;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p == 'p')
			p++;
		else
			return *p == '\0';
	} else {
		return false;
	}
	if (!*p)
		return true;
	if (*p == '0' || strlen(p) > 2)
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '\0';
}

static int disk_error(struct pvctl_config *cfg, int line, const char *spec, const char *what)
{
	cfg->st.line[KEY_DISK] = line;
	return cfg_bad_value(cfg, KEY_DISK, spec, what);
}

int cfg_add_disk(struct pvctl_config *cfg, const struct pvctl_disk *d)
{
	const char *spec = d->target[0] ? d->target : d->vdev;

	if (!vdev_valid(d->vdev))
		return disk_error(cfg, d->line, d->vdev,
				  "not a virtual disk name like xvda, xvdb1, sda or hda");
	if (strcmp(d->format, "raw"))
		return disk_error(
			cfg, d->line, d->format,
			"a format pvctl's backend (Linux blkback) cannot serve: only raw");
	if (strcmp(d->backendtype, "phy"))
		return disk_error(cfg, d->line, d->backendtype,
				  "a backend pvctl does not run: only phy (Linux blkback)");
	if (!d->target[0] && !d->cdrom)
		return disk_error(cfg, d->line, d->vdev,
				  "a disk with no target: only an empty CD-ROM may have none");
	for (unsigned int i = 0; i < cfg->nr_disks; i++)
		if (!strcmp(cfg->disks[i].vdev, d->vdev))
			return disk_error(cfg, d->line, d->vdev,
					  "a virtual disk name already used by another disk");
	if (cfg->nr_disks >= PVCTL_MAX_DEVICES)
		return disk_error(cfg, d->line, spec, "one disk too many: at most 16");
	cfg->disks[cfg->nr_disks++] = *d;
	return 0;
}

static bool copy_field(char *dst, size_t max, const char *s, size_t n)
{
	if (n >= max)
		return false;
	memcpy(dst, s, n);
	dst[n] = '\0';
	return true;
}

static bool is_disk_flag(const char *t, struct pvctl_disk *d)
{
	static const char *const flags[] = {"direct-io-safe", "discard", "no-discard", "trusted",
					    "untrusted"};

	if (!strcmp(t, "cdrom")) {
		d->cdrom = true;
		return true;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(flags); i++)
		if (!strcmp(t, flags[i]))
			return true;
	return false;
}

/*
 * The deprecated "phy:/dev/x" and "file:/x" forms: a prefix that stands
 * for the format (and the backend), so the next positional is the vdev.
 * Returns whether target had one.
 */
static bool strip_target_prefix(char *target, struct pvctl_disk *d)
{
	static const struct {
		const char *prefix, *format;
	} prefixes[] = {
		{"phy:", "raw"},     {"file:", "raw"},	    {"raw:", "raw"},
		{"aio:", "raw"},     {"tap:aio:", "raw"},   {"tap2:aio:", "raw"},
		{"qcow:", "qcow"},   {"qcow2:", "qcow2"},   {"vhd:", "vhd"},
		{"qed:", "qed"},     {"tap:qcow:", "qcow"}, {"tap:qcow2:", "qcow2"},
		{"tap:vhd:", "vhd"}, {"tap2:vhd:", "vhd"},
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t n = strlen(prefixes[i].prefix);

		if (!strncmp(target, prefixes[i].prefix, n)) {
			strcpy(d->format, prefixes[i].format);
			memmove(target, target + n, strlen(target + n) + 1);
			return true;
		}
	}
	return false;
}

/* A disk spec being read: the positional parameters in xl's order. */
enum { P_TARGET, P_FORMAT, P_VDEV, P_ACCESS, P_NR };

struct disk_spec {
	struct pvctl_disk d;
	char field[P_NR][PATH_MAX]; /* as written; "" for the default */
	bool seen[P_NR];
	unsigned int pos; /* the next positional parameter */
};

static bool key_is(const char *tok, size_t kn, const char *key)
{
	return strlen(key) == kn && !strncmp(tok, key, kn);
}

/* One parameter into field f, at most once (xl-disk-configuration(5)). */
static bool disk_set(struct disk_spec *ds, unsigned int f, const char *v)
{
	if (ds->seen[f] || strlen(v) >= sizeof(ds->field[f]))
		return false;
	ds->seen[f] = true;
	strcpy(ds->field[f], v);
	return true;
}

/* KEY=VALUE in a disk spec: 0, or an error. */
static int disk_keyword(struct pvctl_config *cfg, struct disk_spec *ds, const char *tok,
			const char *spec)
{
	static const char *const fields[P_NR] = {"target", "format", "vdev", "access"};
	static const char *const ignored[] = {"backend", "script", "specification", "transport"};
	size_t kn = strcspn(tok, "=");
	const char *v = tok + kn + 1;

	for (unsigned int f = P_FORMAT; f < P_NR; f++) {
		if (key_is(tok, kn, fields[f])) {
			if (!disk_set(ds, f, v))
				return disk_error(cfg, ds->d.line, spec,
						  "a disk spec that gives a parameter twice");
			return 0;
		}
	}
	if (key_is(tok, kn, "devtype")) {
		if (strcmp(v, "cdrom"))
			return disk_error(cfg, ds->d.line, spec, "a devtype other than cdrom");
		ds->d.cdrom = true;
		return 0;
	}
	if (key_is(tok, kn, "backendtype")) {
		if (!copy_field(ds->d.backendtype, sizeof(ds->d.backendtype), v, strlen(v)))
			return disk_error(cfg, ds->d.line, v, "not a backend type");
		return 0;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(ignored); i++) {
		if (key_is(tok, kn, ignored[i])) {
			cfg_warn(cfg,
				 "%s:%d: warning: disk: \"%s\" is ignored: pvctl's disks are "
				 "served by dom0's blkback",
				 cfg->source, ds->d.line, ignored[i]);
			return 0;
		}
	}
	return disk_error(cfg, ds->d.line, spec,
			  "a disk spec with an unknown key (see xl-disk-configuration(5))");
}

/* A positional parameter: the next of target, format, vdev, access not yet given. */
static int disk_positional(struct pvctl_config *cfg, struct disk_spec *ds, const char *tok,
			   const char *spec)
{
	while (ds->pos < P_NR && ds->seen[ds->pos])
		ds->pos++;
	if (ds->pos >= P_NR)
		return disk_error(cfg, ds->d.line, spec,
				  "a disk spec with too many positional parameters");
	if (!disk_set(ds, ds->pos, tok))
		return disk_error(cfg, ds->d.line, spec, "a disk spec with a field too long");
	/* "phy:/dev/x,xvda,w": the prefix is the format, so the vdev comes next. */
	if (ds->pos == P_TARGET && strip_target_prefix(ds->field[P_TARGET], &ds->d))
		ds->seen[P_FORMAT] = true;
	return 0;
}

/* The parameters read: defaults, the deprecated "hdc:cdrom", into ds->d. */
static int disk_finish(struct pvctl_config *cfg, struct disk_spec *ds, const char *spec)
{
	struct pvctl_disk *d = &ds->d;
	char *vdev = ds->field[P_VDEV], *access = ds->field[P_ACCESS];
	char *target = ds->field[P_TARGET], *colon = strchr(vdev, ':');

	if (colon && !strcmp(colon, ":cdrom")) {
		*colon = '\0';
		d->cdrom = true;
	}
	if (!*vdev)
		return disk_error(cfg, d->line, spec,
				  "a disk spec with no virtual disk name (vdev, e.g. xvda)");
	if (!copy_field(d->vdev, sizeof(d->vdev), vdev, strlen(vdev)))
		return disk_error(cfg, d->line, vdev, "not a virtual disk name");
	if (ds->field[P_FORMAT][0] && !copy_field(d->format, sizeof(d->format), ds->field[P_FORMAT],
						  strlen(ds->field[P_FORMAT])))
		return disk_error(cfg, d->line, ds->field[P_FORMAT], "not a disk format");
	if (!*access)
		d->readonly = d->cdrom;
	else if (!strcmp(access, "ro") || !strcmp(access, "r"))
		d->readonly = true;
	else if (!strcmp(access, "rw") || !strcmp(access, "w"))
		d->readonly = false;
	else
		return disk_error(cfg, d->line, spec,
				  "a disk spec whose access is not ro, r, rw or w");
	/* xl-disk-configuration(5): a relative target is under /dev. */
	if (snprintf(d->target, sizeof(d->target), "%s%s", *target && *target != '/' ? "/dev/" : "",
		     target) >= (int)sizeof(d->target))
		return disk_error(cfg, d->line, spec, "a target path too long");
	return 0;
}

int cfg_parse_disk(struct pvctl_config *cfg, const char *spec, int line)
{
	struct disk_spec *ds = calloc(1, sizeof(*ds));
	const char *p = spec;
	int rc = 0;

	if (!ds)
		return cfg_error(cfg, "%s:%d:disk: out of memory", cfg->source, line);
	ds->d.line = line;
	strcpy(ds->d.format, "raw");
	strcpy(ds->d.backendtype, "phy");
	while (*p && !rc) {
		char tok[PATH_MAX];
		size_t n;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!strncmp(p, "target=", 7)) {
			/* It takes the rest of the spec, commas and all: it comes last. */
			if (ds->field[P_TARGET][0]) {
				rc = disk_error(cfg, line, spec,
						"a disk spec that gives a parameter twice");
				break;
			}
			ds->seen[P_TARGET] =
				false; /* an empty positional target may be given again */
			if (!disk_set(ds, P_TARGET, p + 7))
				rc = disk_error(cfg, line, spec, "a target path too long");
			break;
		}
		n = strcspn(p, ",");
		if (!copy_field(tok, sizeof(tok), p, n)) {
			rc = disk_error(cfg, line, spec, "a disk spec with a field too long");
			break;
		}
		p += n + (p[n] == ',');
		if (strchr(tok, '='))
			rc = disk_keyword(cfg, ds, tok, spec);
		else if (!is_disk_flag(tok, &ds->d))
			rc = disk_positional(cfg, ds, tok, spec);
	}
	if (!rc)
		rc = disk_finish(cfg, ds, spec);
	if (!rc)
		rc = cfg_add_disk(cfg, &ds->d);
	free(ds);
	return rc;
}

static bool mac_valid(const char *m, bool *multicast)
{
	if (strlen(m) != 17)
		return false;
	for (int i = 0; i < 17; i++) {
		if (i % 3 == 2 ? m[i] != ':' : hexval(m[i]) < 0)
			return false;
	}
	*multicast = hexval(m[1]) & 1;
	return true;
}

static bool ip_list_valid(const char *s)
{
	char buf[64], *tok, *save = NULL;
	unsigned char addr[16];

	if (strlen(s) >= sizeof(buf) || !*s)
		return false;
	strcpy(buf, s);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *slash = strchr(tok, '/'), *end;
		unsigned long bits = 0;

		if (slash) {
			bits = strtoul(slash + 1, &end, 10);

			*slash = '\0';
			if (end == slash + 1 || *end)
				return false;
		}
		if (inet_pton(AF_INET, tok, addr) == 1) {
			if (slash && bits > 32)
				return false;
		} else if (inet_pton(AF_INET6, tok, addr) != 1 || (slash && bits > 128)) {
			return false;
		}
	}
	return true;
}

static int vif_error(struct pvctl_config *cfg, int line, const char *spec, const char *what)
{
	cfg->st.line[KEY_VIF] = line;
	return cfg_bad_value(cfg, KEY_VIF, spec, what);
}

int cfg_add_vif(struct pvctl_config *cfg, const struct pvctl_vif *v)
{
	bool multicast = false;

	if (v->mac[0] && !mac_valid(v->mac, &multicast))
		return vif_error(cfg, v->line, v->mac, "not a MAC address like 00:16:3e:01:02:03");
	if (multicast)
		return vif_error(cfg, v->line, v->mac,
				 "a multicast MAC address (the low bit of its first byte is set)");
	for (const char *b = v->bridge; *b; b++)
		if (!isalnum((unsigned char)*b) && !strchr("-_.", *b))
			return vif_error(cfg, v->line, v->bridge, "not a bridge name like xenbr0");
	if (strlen(v->bridge) > 15)
		return vif_error(cfg, v->line, v->bridge,
				 "a bridge name longer than 15 characters");
	if (v->ip[0] && !ip_list_valid(v->ip))
		return vif_error(cfg, v->line, v->ip, "not a list of IP addresses");
	if (v->mac[0])
		for (unsigned int i = 0; i < cfg->nr_vifs; i++)
			if (!strcasecmp(cfg->vifs[i].mac, v->mac))
				return vif_error(cfg, v->line, v->mac,
						 "a MAC address another vif already has");
	if (cfg->nr_vifs >= PVCTL_MAX_DEVICES)
		return vif_error(cfg, v->line, v->mac, "one vif too many: at most 16");
	if (v->script[0] && strcmp(strrchr(v->script, '/') ? strrchr(v->script, '/') + 1 : v->script,
				   "vif-bridge"))
		cfg_warn(cfg,
			 "%s:%d: warning: vif: script \"%s\" is not run: pvctl puts the vif on its "
			 "bridge itself, as vif-bridge does (the name is written to xenstore)",
			 cfg->source, v->line, v->script);
	cfg->vifs[cfg->nr_vifs++] = *v;
	return 0;
}

int cfg_parse_vif(struct pvctl_config *cfg, const char *spec, int line)
{
	static const char *const ignored[] = {
		"type",	      "model", "vifname", "backend", "rate",	  "gatewaydev", "netdev",
		"forwarddev", "mtu",   "devid",	  "trusted", "untrusted", "accel"};
	struct pvctl_vif v = {.line = line};
	const char *p = spec;

	while (*p) {
		size_t n = strcspn(p, ",");
		char tok[PATH_MAX + 16];
		const char *eq, *val;
		size_t kn;
		bool ok = true;

		while (*p == ' ' || *p == '\t')
			p++, n--;
		if (!copy_field(tok, sizeof(tok), p, n))
			return vif_error(cfg, line, spec, "a vif spec with a field too long");
		p += n + (p[n] == ',');
		if (!*tok)
			continue;
		eq = strchr(tok, '=');
		if (!eq)
			return vif_error(cfg, line, spec,
					 "a vif spec with a field that is not KEY=VALUE");
		kn = (size_t)(eq - tok);
		val = eq + 1;
		if (kn == 3 && !strncmp(tok, "mac", 3))
			ok = copy_field(v.mac, sizeof(v.mac), val, strlen(val));
		else if (kn == 6 && !strncmp(tok, "bridge", 6))
			ok = copy_field(v.bridge, sizeof(v.bridge), val, strlen(val));
		else if (kn == 2 && !strncmp(tok, "ip", 2))
			ok = copy_field(v.ip, sizeof(v.ip), val, strlen(val));
		else if (kn == 6 && !strncmp(tok, "script", 6))
			ok = copy_field(v.script, sizeof(v.script), val, strlen(val));
		else {
			bool known = !strncmp(tok, "colo_", 5);

			for (unsigned int i = 0; !known && i < ARRAY_SIZE(ignored); i++)
				known = strlen(ignored[i]) == kn && !strncmp(tok, ignored[i], kn);
			cfg_warn(cfg, "%s:%d: warning: vif: %s \"%.*s\" is ignored", cfg->source,
				 line, known ? "xl's key" : "unknown key", (int)kn, tok);
		}
		if (!ok)
			return vif_error(cfg, line, val, "a vif field too long");
	}
	return cfg_add_vif(cfg, &v);
}

int cfg_finish(struct pvctl_config *cfg)
{
	struct pvctl_config_state *st = &cfg->st;

	if (!cfg->name[0])
		return cfg_error(cfg, "%s: no %s: a domain needs one (e.g. %s)", cfg->source,
				 cfg->is_xml ? "<name>" : "name",
				 cfg->is_xml ? pvctl_keys[KEY_NAME].xml_example
					     : pvctl_keys[KEY_NAME].xl_example);
	if (!cfg->kernel[0])
		return cfg_error(cfg,
				 "%s: no %s: pvctl boots a PV kernel directly, "
				 "there is no bootloader (e.g. %s)",
				 cfg->source, cfg->is_xml ? "<os><kernel>" : "kernel",
				 cfg->is_xml ? pvctl_keys[KEY_KERNEL].xml_example
					     : pvctl_keys[KEY_KERNEL].xl_example);
	if (!st->has_maxmem)
		cfg->maxmem_mib = cfg->memory_mib;
	if (cfg->maxmem_mib < cfg->memory_mib)
		return cfg_key_error(
			cfg, st->line[KEY_MAXMEM] ? KEY_MAXMEM : KEY_MEMORY,
			"maxmem %llu MiB is below memory %llu MiB (maxmem is the most the "
			"domain may balloon up to: raise it or lower memory)",
			(unsigned long long)cfg->maxmem_mib, (unsigned long long)cfg->memory_mib);
	if (!st->has_maxvcpus)
		cfg->maxvcpus = cfg->vcpus;
	if (cfg->maxvcpus < cfg->vcpus)
		return cfg_key_error(cfg, st->line[KEY_MAXVCPUS] ? KEY_MAXVCPUS : KEY_VCPUS,
				     "maxvcpus %u is below vcpus %u (vcpus are online at boot, "
				     "maxvcpus is how many exist)",
				     cfg->maxvcpus, cfg->vcpus);
	if (cfg->cap > 100 * cfg->maxvcpus)
		return cfg_key_error(cfg, KEY_CAP,
				     "cap %u%% is more than %u vCPU(s) can use (at most %u)",
				     cfg->cap, cfg->maxvcpus, 100 * cfg->maxvcpus);
	if (cfg->nr_vcpu_cpumaps > cfg->maxvcpus)
		cfg->nr_vcpu_cpumaps = cfg->maxvcpus; /* xl ignores the rest too */
	if (!st->has_cmdline) {
		int n = 0;

		if (st->has_root && st->has_extra)
			n = snprintf(cfg->cmdline, sizeof(cfg->cmdline), "root=%s %s", st->root,
				     st->extra);
		else if (st->has_root)
			n = snprintf(cfg->cmdline, sizeof(cfg->cmdline), "root=%s", st->root);
		else if (st->has_extra)
			n = snprintf(cfg->cmdline, sizeof(cfg->cmdline), "%s", st->extra);
		if (n >= (int)sizeof(cfg->cmdline))
			return cfg_key_error(
				cfg, st->has_extra ? KEY_EXTRA : KEY_ROOT,
				"root= and extra= joined make %d characters, more than "
				"the %d a PV command line holds",
				n, PVCTL_CMDLINE_MAX - 1);
	}
	return 0;
}

/* Warnings that are about the whole file, emitted once after parsing. */
static void finish_warnings(struct pvctl_config *cfg)
{
	if (cfg->st.has_cmdline && (cfg->st.has_root || cfg->st.has_extra))
		cfg_warn(cfg, "%s:%d: warning: root= and extra= are ignored in favour of cmdline=",
			 cfg->source, cfg->st.line[cfg->st.has_root ? KEY_ROOT : KEY_EXTRA]);
}

int pvctl_config_load(const char *path, struct pvctl_config *cfg)
{
	char *text = NULL;
	size_t len = 0;
	ssize_t n;
	int fd, rc;

	cfg_reset(cfg, path, false);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		cfg_error(cfg, "%s: cannot read it: %s", path, strerror(-rc));
		return rc;
	}
	text = malloc(PVCTL_CONFIG_FILE_MAX + 1);
	if (!text) {
		rc = -ENOMEM;
		cfg_error(cfg, "%s: out of memory", path);
		goto out;
	}
	while ((n = read(fd, text + len, PVCTL_CONFIG_FILE_MAX + 1 - len)) > 0) {
		len += (size_t)n;
		if (len > PVCTL_CONFIG_FILE_MAX)
			break;
	}
	if (n < 0) {
		rc = -errno;
		cfg_error(cfg, "%s: cannot read it: %s", path, strerror(-rc));
		goto out;
	}
	if (len > PVCTL_CONFIG_FILE_MAX) {
		rc = -EFBIG;
		cfg_error(cfg, "%s: more than 1 MiB: not a domain config", path);
		goto out;
	}
	{
		size_t i = 0;

		while (i < len && isspace((unsigned char)text[i]))
			i++;
		if (i < len && text[i] == '<')
			rc = pvctl_config_parse_xml(path, text, len, cfg);
		else if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
			rc = pvctl_config_parse_xml(path, text, len, cfg);
		else
			rc = pvctl_config_parse_xl(path, text, len, cfg);
	}
out:
	free(text);
	close(fd);
	return rc;
}

int cfg_end_parse(struct pvctl_config *cfg)
{
	int rc = cfg_finish(cfg);

	if (!rc)
		finish_warnings(cfg);
	return rc;
}

int pvctl_config_parse_device(struct pvctl_config *cfg, const char *source, bool vif,
			      const char *spec)
{
	memset(cfg, 0, sizeof(*cfg));
	snprintf(cfg->source, sizeof(cfg->source), "%s", source);
	return vif ? cfg_parse_vif(cfg, spec, 0) : cfg_parse_disk(cfg, spec, 0);
}

int pvctl_config_override(struct pvctl_config *cfg, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	char key[32];
	size_t kn;

	cfg->error[0] = '\0';
	if (!eq || eq == assignment)
		return cfg_error(cfg, "override \"%.200s\": not KEY=VALUE (e.g. memory=256)",
				 assignment);
	kn = (size_t)(eq - assignment);
	while (kn && isspace((unsigned char)assignment[kn - 1]))
		kn--;
	if (kn >= sizeof(key))
		return cfg_error(cfg, "override \"%.200s\": no such key", assignment);
	memcpy(key, assignment, kn);
	key[kn] = '\0';
	return cfg_xl_apply_string(cfg, key, eq + 1);
}

static int check_readable(struct pvctl_config *cfg, enum pvctl_key key, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		int rc = -errno;

		cfg_key_error(cfg, key, "\"%.200s\" cannot be read: %s", path, strerror(-rc));
		return rc;
	}
	close(fd);
	return 0;
}

static int check_cpumap(struct pvctl_config *cfg, const uint64_t *map, unsigned int nr_cpus,
			bool all)
{
	bool present = false;

	for (unsigned int c = 0; c < PVCTL_NR_PCPUS; c++) {
		if (!(map[c / 64] & (1ull << (c % 64))))
			continue;
		if (c < nr_cpus)
			present = true;
		else if (!all)
			return cfg_key_error(cfg, KEY_CPUS,
					     "pCPU %u is not present: this host has pCPUs 0-%u", c,
					     nr_cpus - 1);
	}
	if (!present)
		return cfg_key_error(cfg, KEY_CPUS, "names none of this host's pCPUs 0-%u",
				     nr_cpus - 1);
	return 0;
}

int pvctl_config_check_host(struct pvctl_config *cfg, unsigned int nr_cpus)
{
	int rc;

	rc = check_readable(cfg, KEY_KERNEL, cfg->kernel);
	if (rc)
		return rc;
	if (cfg->ramdisk[0]) {
		rc = check_readable(cfg, KEY_RAMDISK, cfg->ramdisk);
		if (rc)
			return rc;
	}
	if (!nr_cpus || !cfg->has_cpumap)
		return 0;
	if (cfg->nr_vcpu_cpumaps) {
		for (unsigned int i = 0; i < cfg->nr_vcpu_cpumaps; i++) {
			bool all = true;

			for (unsigned int w = 0; w < PVCTL_CPUMAP_WORDS; w++)
				all &= cfg->vcpu_cpumap[i][w] == ~0ull;
			rc = check_cpumap(cfg, cfg->vcpu_cpumap[i], nr_cpus, all);
			if (rc)
				return rc;
		}
		return 0;
	}
	return check_cpumap(cfg, cfg->cpumap, nr_cpus, cfg->st.cpumap_all);
}
