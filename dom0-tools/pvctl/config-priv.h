/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the two config parsers (config-xl.c, config-xml.c) share with
 * config.c: the table of keys (their xl.cfg name, their XML element and an
 * example of each syntax for hints), the setters that check a value once
 * whichever syntax carried it, and the message helpers. Not for the rest
 * of pvctl: config.h is its interface.
 */
#ifndef PVCTL_CONFIG_PRIV_H
#define PVCTL_CONFIG_PRIV_H

#include "config.h"

/* The keys pvctl acts on; index of cfg->st.line[]. */
enum pvctl_key {
	KEY_NAME,
	KEY_UUID,
	KEY_TYPE,
	KEY_KERNEL,
	KEY_RAMDISK,
	KEY_CMDLINE,
	KEY_ROOT,
	KEY_EXTRA,
	KEY_MEMORY,
	KEY_MAXMEM,
	KEY_VCPUS,
	KEY_MAXVCPUS,
	KEY_CPUS,
	KEY_CPU_WEIGHT,
	KEY_CAP,
	KEY_ON_POWEROFF,
	KEY_ON_REBOOT,
	KEY_ON_CRASH,
	KEY_ON_WATCHDOG,
	KEY_DISK,
	KEY_VIF,
	KEY_NR,
};

struct pvctl_key_info {
	const char *xl;		 /* its xl.cfg key */
	const char *xml;	 /* its element path in domain XML */
	const char *xl_example;	 /* "memory = 512" */
	const char *xml_example; /* "<currentMemory unit='MiB'>512</currentMemory>" */
};

extern const struct pvctl_key_info pvctl_keys[KEY_NR];

#define PVCTL_MEMORY_MAX_MIB (1024ull * 1024) /* 1 TiB */
#define PVCTL_MEMORY_DEFAULT_MIB 128
#define PVCTL_WEIGHT_DEFAULT 256
#define PVCTL_NR_PCPUS (PVCTL_CPUMAP_WORDS * 64)

/* Empties cfg and sets the defaults, for a file named source. */
void cfg_reset(struct pvctl_config *cfg, const char *source, bool is_xml);

/*
 * Messages. cfg_error() keeps the first error (later ones are
 * consequences) and returns -EINVAL; cfg_key_error() prefixes it with
 * where key was set: "file:line:key: " (xl.cfg), "file:line: /domain/path: "
 * (XML) or "override:key: " (a KEY=VALUE override).
 */
int cfg_error(struct pvctl_config *cfg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cfg_key_error(struct pvctl_config *cfg, enum pvctl_key key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A value that is not what key wants: `"value" is <what> (expected e.g. <example>)`. */
int cfg_bad_value(struct pvctl_config *cfg, enum pvctl_key key, const char *value,
		  const char *what);
void cfg_warn(struct pvctl_config *cfg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The setters: each checks its value and stores it, or leaves an error. */
int cfg_set_name(struct pvctl_config *cfg, const char *s);
int cfg_set_uuid(struct pvctl_config *cfg, const char *s, bool undashed_ok);
int cfg_set_type(struct pvctl_config *cfg, const char *s);
int cfg_set_string(struct pvctl_config *cfg, enum pvctl_key key, const char *s);
int cfg_set_memory(struct pvctl_config *cfg, enum pvctl_key key, uint64_t mib, const char *raw);
int cfg_set_vcpus(struct pvctl_config *cfg, enum pvctl_key key, uint64_t n, const char *raw);
int cfg_set_weight(struct pvctl_config *cfg, uint64_t w, const char *raw);
int cfg_set_cap(struct pvctl_config *cfg, uint64_t cap, const char *raw);
int cfg_set_action(struct pvctl_config *cfg, enum pvctl_key key, const char *s);
/*
 * xl's cpus= string ("all", "0-3,^2") through units.c's
 * pvctl_cpulist_parse(), its errors worded as file:line:cpus: messages;
 * into map, all set if it said "all".
 */
int cfg_parse_cpus(struct pvctl_config *cfg, const char *s, uint64_t *map, bool *all);
/* One disk= or vif= entry in xl's syntax, appended to the config. */
int cfg_parse_disk(struct pvctl_config *cfg, const char *spec, int line);
int cfg_parse_vif(struct pvctl_config *cfg, const char *spec, int line);
/* Checks and appends a disk or vif built by either parser. */
int cfg_add_disk(struct pvctl_config *cfg, const struct pvctl_disk *d);
int cfg_add_vif(struct pvctl_config *cfg, const struct pvctl_vif *v);
/* xl's number: strtol base 0 (so 0x10 and 010 are 16 and 8, as xl reads them). */
int cfg_parse_xl_number(const char *s, uint64_t *out);
/* The checks between keys and the defaults that depend on other keys. */
int cfg_finish(struct pvctl_config *cfg);
/* cfg_finish() and the warnings about the whole file: the end of each parse. */
int cfg_end_parse(struct pvctl_config *cfg);
/* Applies one xl.cfg key (config-xl.c) to cfg; used by overrides too. */
int cfg_xl_apply_string(struct pvctl_config *cfg, const char *key, const char *value);

#endif /* PVCTL_CONFIG_PRIV_H */
