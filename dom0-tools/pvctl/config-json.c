// SPDX-License-Identifier: GPL-2.0-only
/*
 * The domain a config describes, as JSON (pvctl create -n, the dry run of
 * xl create -n). One object, every field always present so that scripts
 * need no defaults of their own; the schema is in docs/pvctl-config.md.
 * Strings are escaped as RFC 8259 asks (quote, backslash, control
 * characters); the rest of UTF-8 passes through.
 */
#include <errno.h>
#include <stdio.h>

#include "config.h"

static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* A CPU map as a JSON array of pCPU numbers. */
static void json_cpus(FILE *out, const uint64_t *map)
{
	bool first = true;

	fputc('[', out);
	for (unsigned int c = 0; c < PVCTL_CPUMAP_WORDS * 64; c++) {
		if (!(map[c / 64] & (1ull << (c % 64))))
			continue;
		fprintf(out, "%s%u", first ? "" : ",", c);
		first = false;
	}
	fputc(']', out);
}

static void json_uuid(FILE *out, const struct pvctl_config *cfg)
{
	const uint8_t *u = cfg->uuid;

	if (!cfg->has_uuid) {
		fputs("null", out);
		return;
	}
	fprintf(out, "\"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x\"",
		u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
		u[13], u[14], u[15]);
}

static void json_affinity(FILE *out, const struct pvctl_config *cfg)
{
	fputs("\"cpu_affinity\":", out);
	if (!cfg->has_cpumap) {
		fputs("null", out);
		return;
	}
	/* One map per vCPU, as the builder pins them. */
	fputc('[', out);
	for (unsigned int v = 0; v < cfg->maxvcpus; v++) {
		static const uint64_t every[PVCTL_CPUMAP_WORDS] = {~0ull, ~0ull, ~0ull, ~0ull};
		const uint64_t *map = cfg->cpumap;

		if (cfg->nr_vcpu_cpumaps)
			map = v < cfg->nr_vcpu_cpumaps ? cfg->vcpu_cpumap[v] : every;
		if (v)
			fputc(',', out);
		if (map == every)
			fputs("null", out);
		else
			json_cpus(out, map);
	}
	fputc(']', out);
}

int pvctl_config_to_json(const struct pvctl_config *cfg, FILE *out)
{
	fputs("{\"source\":", out);
	json_string(out, cfg->source);
	fprintf(out, ",\"format\":\"%s\",\"type\":\"pv\",\"name\":", cfg->is_xml ? "xml" : "xl");
	json_string(out, cfg->name);
	fputs(",\"uuid\":", out);
	json_uuid(out, cfg);
	fputs(",\"kernel\":", out);
	json_string(out, cfg->kernel);
	fputs(",\"ramdisk\":", out);
	if (cfg->ramdisk[0])
		json_string(out, cfg->ramdisk);
	else
		fputs("null", out);
	fputs(",\"cmdline\":", out);
	json_string(out, cfg->cmdline);
	fprintf(out, ",\"memory_mib\":%llu,\"maxmem_mib\":%llu,\"vcpus\":%u,\"maxvcpus\":%u,",
		(unsigned long long)cfg->memory_mib, (unsigned long long)cfg->maxmem_mib,
		cfg->vcpus, cfg->maxvcpus);
	json_affinity(out, cfg);
	fprintf(out, ",\"cpu_weight\":%u,\"cap\":%u", cfg->cpu_weight, cfg->cap);
	fprintf(out,
		",\"on_poweroff\":\"%s\",\"on_reboot\":\"%s\",\"on_crash\":\"%s\","
		"\"on_watchdog\":\"%s\"",
		pvctl_action_name(cfg->on_poweroff), pvctl_action_name(cfg->on_reboot),
		pvctl_action_name(cfg->on_crash), pvctl_action_name(cfg->on_watchdog));
	fputs(",\"disks\":[", out);
	for (unsigned int i = 0; i < cfg->nr_disks; i++) {
		const struct pvctl_disk *d = &cfg->disks[i];

		fputs(i ? ",{\"target\":" : "{\"target\":", out);
		json_string(out, d->target);
		fputs(",\"vdev\":", out);
		json_string(out, d->vdev);
		fputs(",\"format\":", out);
		json_string(out, d->format);
		fputs(",\"backendtype\":", out);
		json_string(out, d->backendtype);
		fprintf(out, ",\"readonly\":%s,\"cdrom\":%s}", d->readonly ? "true" : "false",
			d->cdrom ? "true" : "false");
	}
	fputs("],\"vifs\":[", out);
	for (unsigned int i = 0; i < cfg->nr_vifs; i++) {
		const struct pvctl_vif *v = &cfg->vifs[i];

		fputs(i ? ",{\"mac\":" : "{\"mac\":", out);
		if (v->mac[0])
			json_string(out, v->mac);
		else
			fputs("null", out);
		fputs(",\"bridge\":", out);
		json_string(out, v->bridge[0] ? v->bridge : "xenbr0");
		fputs(",\"ip\":", out);
		if (v->ip[0])
			json_string(out, v->ip);
		else
			fputs("null", out);
		fputs(",\"script\":", out);
		if (v->script[0])
			json_string(out, v->script);
		else
			fputs("null", out);
		fputc('}', out);
	}
	fputs("]}\n", out);
	return ferror(out) ? -EIO : 0;
}
