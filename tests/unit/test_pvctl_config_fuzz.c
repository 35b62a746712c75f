// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzzing pvctl's config parsers (dom0-tools/pvctl/config*.c): random
 * bytes, token soups from a vocabulary of xl.cfg and XML pieces (keys good
 * and bad, values, escapes, lists, nesting, entities, DOCTYPEs), the good
 * samples and the broken corpus mutated (bytes flipped, pieces inserted,
 * ranges deleted or doubled, cut short), and KEY=VALUE overrides on a good
 * config. Every input must give 0 or a negative errno with one line of
 * error; a config that parses must keep every invariant the builder relies
 * on, and print as JSON. AddressSanitizer and UBSan watch the rest.
 * Deterministic: PVCTL_CONFIG_FUZZ_SEED and PVCTL_CONFIG_FUZZ_N (inputs
 * per kind, default 3000) change the run.
 */
#include <dirent.h>
#include <errno.h>

#include "unit.h"

#include "../../dom0-tools/pvctl/config.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define FUZZ_INPUT_MAX 16384

static uint64_t rng_state;
static struct pvctl_config cfg_storage;
static struct pvctl_config *const cfg = &cfg_storage;
static FILE *devnull;
static unsigned int nr_ok, nr_err;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return n ? (uint32_t)(rng_state % n) : 0;
}

static const char *const xl_words[] = {
	"name",
	"kernel",
	"ramdisk",
	"cmdline",
	"extra",
	"root",
	"memory",
	"maxmem",
	"vcpus",
	"maxvcpus",
	"cpus",
	"cpu_weight",
	"cap",
	"on_poweroff",
	"on_reboot",
	"on_crash",
	"on_watchdog",
	"uuid",
	"type",
	"disk",
	"vif",
	"builder",
	"vfb",
	"memroy",
	"x.y_z",
	" = ",
	"=",
	"+=",
	"\n",
	"\n",
	"\n",
	";",
	"[",
	"]",
	",",
	"#c\n",
	"\"guest\"",
	"'/boot/k'",
	"\"/k\"",
	"512",
	"0",
	"0x10",
	"010",
	"08",
	"1048576",
	"1048577",
	"99999999999999999999",
	"129",
	"2",
	"\"all\"",
	"\"0-3,^2\"",
	"\"nodes:0\"",
	"\"^all\"",
	"\"3-1\"",
	"\"255\"",
	"\"256\"",
	"\"destroy\"",
	"\"restart\"",
	"\"preserve\"",
	"\"pv\"",
	"\"hvm\"",
	"\"generic\"",
	"\"6e7b5f1c-2d3a-4b8e-9f00-1a2b3c4d5e6f\"",
	"\"\\x41\\n\\t\\\\\\\"\"",
	"\"\\0\"",
	"\"\\777\"",
	"\"\\x4\"",
	"'/a,,xvda'",
	"'phy:/dev/x,xvdb1,r'",
	"'target=/a,b,vdev=xvdc'",
	"'/a,,hdc:cdrom,ro'",
	"'vdev=xvdd,devtype=cdrom'",
	"'/a,qcow2,xvda'",
	"'/a,,xvda,,,,,,'",
	"'mac=00:16:3e:01:02:03,bridge=xenbr0'",
	"'ip=10.0.0.1/24 ::1'",
	"'mac=zz'",
	"''",
	"'script=vif-bridge,model=e1000'",
	"\"",
	"'",
	"\\",
	"{",
	"(",
	"-",
	"A",
	"\x01",
	"\xff",
	"[[[[[[[[[",
	"]]]]]]]]]",
	"\"  \"",
	"\"a b\"",
	"\"123\"",
};

static const char *const xml_words[] = {
	"<domain type='xen'>",
	"</domain>",
	"<domain>",
	"<domain type='kvm'>",
	"<name>",
	"</name>",
	"<uuid>",
	"</uuid>",
	"<memory>",
	"<memory unit='MiB'>",
	"<memory unit='GiB'>",
	"<memory unit='b'>",
	"<memory unit='EiB'>",
	"<memory unit='x'>",
	"</memory>",
	"<currentMemory unit='KiB'>",
	"</currentMemory>",
	"<vcpu>",
	"<vcpu current='2'>",
	"<vcpu cpuset='0-3,^1' placement='static'>",
	"<vcpu placement='auto'>",
	"</vcpu>",
	"<os>",
	"</os>",
	"<type>linux</type>",
	"<type>hvm</type>",
	"<type arch='i686'>xen</type>",
	"<kernel>/k</kernel>",
	"<initrd>/i</initrd>",
	"<cmdline>console=hvc0</cmdline>",
	"<on_crash>preserve</on_crash>",
	"<on_reboot>x</on_reboot>",
	"<cputune><shares>9</shares></cputune>",
	"<devices>",
	"</devices>",
	"<disk type='file' device='disk'>",
	"<disk type='block'>",
	"<disk type='network'>",
	"</disk>",
	"<source file='/a'/>",
	"<source dev='/dev/b'/>",
	"<target dev='xvda'/>",
	"<target dev='vda'/>",
	"<readonly/>",
	"<driver type='qcow2'/>",
	"<interface type='bridge'>",
	"</interface>",
	"<mac address='00:16:3e:00:00:01'/>",
	"<source bridge='br0'/>",
	"<ip address='10.0.0.1'/>",
	"<console type='pty'><target type='xen'/></console>",
	"guest",
	"512",
	"4",
	"0",
	"1",
	"18446744073709551615",
	"6e7b5f1c-2d3a-4b8e-9f00-1a2b3c4d5e6f",
	"&amp;",
	"&lt;",
	"&#10;",
	"&#0;",
	"&x;",
	"<!DOCTYPE d [<!ENTITY x 'y'>]>",
	"<!-- c -->",
	"<![CDATA[x]]>",
	"<?xml version='1.0'?>",
	"<?xml version='1.0' encoding='latin1'?>",
	"<?pi x?>",
	"<",
	">",
	"/>",
	"'",
	"\"",
	"=",
	" ",
	"\n",
	"\xc3\xa9",
	"\xc3",
	"\xef\xbb\xbf",
	"<a:b xmlns:a='u'/>",
	"<sparkle/>",
	"<features><pae/></features>",
};

static const char *const override_keys[] = {
	"memory",     "maxmem", "vcpus",   "maxvcpus", "cpus", "name",	   "kernel",
	"extra",      "root",	"cmdline", "disk",     "vif",  "on_crash", "cap",
	"cpu_weight", "uuid",	"type",	   "bogus",    "",
};

static bool map_empty(const uint64_t *map)
{
	for (unsigned int w = 0; w < PVCTL_CPUMAP_WORDS; w++)
		if (map[w])
			return false;
	return true;
}

/* The invariants of a config that parsed, which the builder relies on. */
static void check_config(const char *what)
{
	bool ok = true;

	ok &= cfg->name[0] && strnlen(cfg->name, sizeof(cfg->name)) < sizeof(cfg->name);
	ok &= cfg->kernel[0] && strnlen(cfg->kernel, sizeof(cfg->kernel)) < sizeof(cfg->kernel);
	ok &= strnlen(cfg->ramdisk, sizeof(cfg->ramdisk)) < sizeof(cfg->ramdisk);
	ok &= strnlen(cfg->cmdline, sizeof(cfg->cmdline)) < sizeof(cfg->cmdline);
	CHECK(ok, "%s: strings", what);
	CHECK(cfg->memory_mib >= 1 && cfg->memory_mib <= cfg->maxmem_mib &&
		      cfg->maxmem_mib <= 1024 * 1024,
	      "%s: memory %llu maxmem %llu", what, (unsigned long long)cfg->memory_mib,
	      (unsigned long long)cfg->maxmem_mib);
	CHECK(cfg->vcpus >= 1 && cfg->vcpus <= cfg->maxvcpus && cfg->maxvcpus <= PVCTL_MAX_VCPUS,
	      "%s: vcpus %u maxvcpus %u", what, cfg->vcpus, cfg->maxvcpus);
	CHECK(cfg->cpu_weight >= 1 && cfg->cpu_weight <= 65535 && cfg->cap <= 100 * cfg->maxvcpus,
	      "%s: weight %u cap %u", what, cfg->cpu_weight, cfg->cap);
	CHECK(cfg->nr_disks <= PVCTL_MAX_DEVICES && cfg->nr_vifs <= PVCTL_MAX_DEVICES,
	      "%s: %u disks %u vifs", what, cfg->nr_disks, cfg->nr_vifs);
	CHECK(cfg->nr_vcpu_cpumaps <= cfg->maxvcpus, "%s: %u vCPU maps", what,
	      cfg->nr_vcpu_cpumaps);
	CHECK(!cfg->has_cpumap || !map_empty(cfg->cpumap), "%s: empty cpumap", what);
	CHECK((unsigned int)cfg->on_crash <= PVCTL_ACTION_SOFT_RESET &&
		      (unsigned int)cfg->on_reboot <= PVCTL_ACTION_SOFT_RESET,
	      "%s: actions", what);
	for (unsigned int i = 0; i < cfg->nr_disks && i < PVCTL_MAX_DEVICES; i++) {
		const struct pvctl_disk *d = &cfg->disks[i];

		CHECK(d->vdev[0] && !strcmp(d->format, "raw") && (d->target[0] || d->cdrom),
		      "%s: disk %u", what, i);
		for (unsigned int j = 0; j < i; j++)
			CHECK(strcmp(d->vdev, cfg->disks[j].vdev), "%s: vdev twice", what);
	}
	CHECK(pvctl_config_to_json(cfg, devnull) == 0, "%s: json", what);
}

static void check_result(int rc, const char *what)
{
	size_t wl = strnlen(cfg->warnings, sizeof(cfg->warnings));

	CHECK(wl < sizeof(cfg->warnings), "%s: warnings not terminated", what);
	if (rc == 0) {
		nr_ok++;
		CHECK(!cfg->error[0], "%s: error left on success: %s", what, cfg->error);
		check_config(what);
		return;
	}
	nr_err++;
	CHECK(rc < 0, "%s: rc %d", what, rc);
	CHECK(cfg->error[0] && strnlen(cfg->error, sizeof(cfg->error)) < sizeof(cfg->error),
	      "%s: rc %d with no error", what, rc);
	for (const char *c = cfg->error; *c; c++)
		if ((unsigned char)*c < 0x20) {
			CHECK(0, "%s: error with a control character: %s", what, cfg->error);
			break;
		}
}

static void run_both(const char *buf, size_t len, const char *what)
{
	check_result(pvctl_config_parse_xl("fuzz.cfg", buf, len, cfg), what);
	check_result(pvctl_config_parse_xml("fuzz.xml", buf, len, cfg), what);
}

static size_t soup(char *buf, size_t max, const char *const *words, size_t nr_words)
{
	size_t n = 0, count = 1 + rnd(80);

	for (size_t i = 0; i < count; i++) {
		const char *w = words[rnd((uint32_t)nr_words)];
		size_t l = strlen(w);

		if (n + l >= max)
			break;
		memcpy(buf + n, w, l);
		n += l;
	}
	return n;
}

static size_t mutate(char *buf, size_t len, size_t max)
{
	unsigned int k = 1 + rnd(4);

	for (unsigned int i = 0; i < k; i++) {
		size_t at = len ? rnd((uint32_t)len) : 0, l;
		const char *w;

		switch (rnd(6)) {
		case 0: /* flip a byte */
			if (len)
				buf[at] = (char)rnd(256);
			break;
		case 1: /* insert a vocabulary piece */
			w = rnd(2) ? xl_words[rnd(ARRAY_SIZE(xl_words))]
				   : xml_words[rnd(ARRAY_SIZE(xml_words))];
			l = strlen(w);
			if (len + l < max) {
				memmove(buf + at + l, buf + at, len - at);
				memcpy(buf + at, w, l);
				len += l;
			}
			break;
		case 2: /* delete a range */
			l = rnd((uint32_t)(len - at + 1));
			memmove(buf + at, buf + at + l, len - at - l);
			len -= l;
			break;
		case 3: /* double a range */
			l = rnd((uint32_t)(len - at + 1));
			if (len + l < max) {
				memmove(buf + at + l, buf + at, len - at);
				len += l;
			}
			break;
		case 4: /* cut short */
			len = at;
			break;
		default: /* a digit or quote somewhere */
			if (len)
				buf[at] = "0123456789\"'[],=<>/\n"[rnd(20)];
			break;
		}
	}
	return len;
}

struct sample {
	char *text;
	size_t len;
};

/* The files of dir in name order (so that a seed means the same run everywhere). */
static unsigned int load_samples(const char *dir, struct sample *s, unsigned int max)
{
	struct dirent **names;
	unsigned int nr = 0;
	int nr_names = scandir(dir, &names, NULL, alphasort);

	for (int i = 0; i < nr_names; i++) {
		char path[512];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
		f = names[i]->d_name[0] != '.' && nr < max ? fopen(path, "rb") : NULL;
		free(names[i]);
		if (!f)
			continue;
		s[nr].text = malloc(FUZZ_INPUT_MAX);
		s[nr].len = s[nr].text ? fread(s[nr].text, 1, FUZZ_INPUT_MAX / 2, f) : 0;
		fclose(f);
		if (s[nr].text && s[nr].len)
			nr++;
		else
			free(s[nr].text);
	}
	if (nr_names > 0)
		free(names);
	return nr;
}

int main(void)
{
	const char *seed = getenv("PVCTL_CONFIG_FUZZ_SEED"), *count = getenv("PVCTL_CONFIG_FUZZ_N");
	unsigned long n = count ? strtoul(count, NULL, 0) : 3000;
	static struct sample samples[256];
	static char buf[FUZZ_INPUT_MAX];
	unsigned int nr_samples;
	size_t len;

	rng_state = seed ? strtoull(seed, NULL, 0) : 0x9e3779b97f4a7c15ull;
	if (!rng_state)
		rng_state = 1;
	devnull = fopen("/dev/null", "w");
	nr_samples = load_samples("tests/pvctl-configs/good", samples, 16);
	CHECK(nr_samples >= 3, "good samples: %u (run from the repository's root)", nr_samples);
	nr_samples += load_samples("tests/pvctl-configs", samples + nr_samples, 200);

	for (unsigned long i = 0; i < n; i++) {
		len = rnd(512);
		for (size_t j = 0; j < len; j++)
			buf[j] = (char)rnd(256);
		run_both(buf, len, "random bytes");

		len = soup(buf, sizeof(buf), xl_words, ARRAY_SIZE(xl_words));
		check_result(pvctl_config_parse_xl("fuzz.cfg", buf, len, cfg), "xl soup");

		len = soup(buf, sizeof(buf), xml_words, ARRAY_SIZE(xml_words));
		check_result(pvctl_config_parse_xml("fuzz.xml", buf, len, cfg), "xml soup");

		if (nr_samples) {
			/* The good ones most of the time: mutations near a valid config go deepest.
			 */
			const struct sample *s = &samples[rnd(4) ? rnd(3) : rnd(nr_samples)];

			memcpy(buf, s->text, s->len);
			len = mutate(buf, s->len, sizeof(buf));
			run_both(buf, len, "mutated sample");
		}
		if (nr_samples && i % 4 == 0) {
			const struct sample *s = &samples[rnd(3)];
			char ov[256], val[128];

			if (pvctl_config_parse_xl("good.cfg", s->text, s->len, cfg) &&
			    pvctl_config_parse_xml("good.xml", s->text, s->len, cfg))
				continue;
			len = soup(val, sizeof(val) - 1, xl_words, ARRAY_SIZE(xl_words));
			val[len] = '\0';
			snprintf(ov, sizeof(ov), "%s=%s",
				 override_keys[rnd(ARRAY_SIZE(override_keys))], val);
			check_result(pvctl_config_override(cfg, ov), "override");
		}
	}
	printf("fuzz: %lu rounds, %u parsed, %u refused\n", n, nr_ok, nr_err);
	CHECK(nr_ok > n / 20, "only %u of the inputs parsed: the mutations are too blunt", nr_ok);
	for (unsigned int i = 0; i < nr_samples; i++)
		free(samples[i].text);
	fclose(devnull);
	return unit_report("pvctl_config_fuzz");
}
