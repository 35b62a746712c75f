// SPDX-License-Identifier: GPL-2.0-only
/*
 * The domain a config describes, as JSON (pvctl create -n, the dry run of
 * xl create -n). One object on one line, every field always present so
 * that scripts need no defaults of their own; the schema is in
 * docs/pvctl-config.md. It is written with pvctl's JSON writer (json.h),
 * so strings are escaped as every other --json output's are.
 */
#include <errno.h>
#include <stdio.h>

#include "config.h"
#include "json.h"

/* A string, or null when it is empty (an absent optional value). */
static void string_or_null(struct json *j, const char *key, const char *s)
{
	if (s[0])
		json_string(j, key, s);
	else
		json_null(j, key);
}

/* A CPU map as an array of pCPU numbers. */
static void cpu_array(struct json *j, const uint64_t *map)
{
	json_array_begin(j, NULL);
	for (unsigned int c = 0; c < PVCTL_CPUMAP_WORDS * 64; c++)
		if (map[c / 64] & (1ull << (c % 64)))
			json_uint(j, NULL, c);
	json_array_end(j);
}

static void uuid(struct json *j, const struct pvctl_config *cfg)
{
	const uint8_t *u = cfg->uuid;
	char s[37];

	if (!cfg->has_uuid) {
		json_null(j, "uuid");
		return;
	}
	snprintf(s, sizeof(s),
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1],
		 u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14],
		 u[15]);
	json_string(j, "uuid", s);
}

static void affinity(struct json *j, const struct pvctl_config *cfg)
{
	if (!cfg->has_cpumap) {
		json_null(j, "cpu_affinity");
		return;
	}
	/* One map per vCPU, as the builder pins them; null for every pCPU. */
	json_array_begin(j, "cpu_affinity");
	for (unsigned int v = 0; v < cfg->maxvcpus; v++) {
		if (!cfg->nr_vcpu_cpumaps)
			cpu_array(j, cfg->cpumap);
		else if (v < cfg->nr_vcpu_cpumaps)
			cpu_array(j, cfg->vcpu_cpumap[v]);
		else
			json_null(j, NULL);
	}
	json_array_end(j);
}

int pvctl_config_to_json(const struct pvctl_config *cfg, FILE *out)
{
	struct json j;

	json_init_compact(&j, out);
	json_object_begin(&j, NULL);
	json_string(&j, "source", cfg->source);
	json_string(&j, "format", cfg->is_xml ? "xml" : "xl");
	json_string(&j, "type", "pv");
	json_string(&j, "name", cfg->name);
	uuid(&j, cfg);
	json_string(&j, "kernel", cfg->kernel);
	string_or_null(&j, "ramdisk", cfg->ramdisk);
	json_string(&j, "cmdline", cfg->cmdline);
	json_uint(&j, "memory_mib", cfg->memory_mib);
	json_uint(&j, "maxmem_mib", cfg->maxmem_mib);
	json_uint(&j, "vcpus", cfg->vcpus);
	json_uint(&j, "maxvcpus", cfg->maxvcpus);
	affinity(&j, cfg);
	json_uint(&j, "cpu_weight", cfg->cpu_weight);
	json_uint(&j, "cap", cfg->cap);
	json_string(&j, "on_poweroff", pvctl_action_name(cfg->on_poweroff));
	json_string(&j, "on_reboot", pvctl_action_name(cfg->on_reboot));
	json_string(&j, "on_crash", pvctl_action_name(cfg->on_crash));
	json_string(&j, "on_watchdog", pvctl_action_name(cfg->on_watchdog));

	json_array_begin(&j, "disks");
	for (unsigned int i = 0; i < cfg->nr_disks; i++) {
		const struct pvctl_disk *d = &cfg->disks[i];

		json_object_begin(&j, NULL);
		json_string(&j, "target", d->target);
		json_string(&j, "vdev", d->vdev);
		json_string(&j, "format", d->format);
		json_string(&j, "backendtype", d->backendtype);
		json_bool(&j, "readonly", d->readonly);
		json_bool(&j, "cdrom", d->cdrom);
		json_object_end(&j);
	}
	json_array_end(&j);

	json_array_begin(&j, "vifs");
	for (unsigned int i = 0; i < cfg->nr_vifs; i++) {
		const struct pvctl_vif *v = &cfg->vifs[i];

		json_object_begin(&j, NULL);
		string_or_null(&j, "mac", v->mac);
		json_string(&j, "bridge", v->bridge[0] ? v->bridge : "xenbr0");
		string_or_null(&j, "ip", v->ip);
		string_or_null(&j, "script", v->script);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	json_finish(&j);
	return ferror(out) ? -EIO : 0;
}
