// SPDX-License-Identifier: GPL-2.0-only
/*
 * pvctl's config parsers (dom0-tools/pvctl/config*.c): xl.cfg and domain
 * XML. Every key and its default, xl's joins and list syntax, cpus=, disk
 * and vif specs, XML units, KEY=VALUE overrides, the checks that need the
 * host, the JSON of a config; then the corpus under tests/pvctl-configs/:
 * each broken config must fail with the message its "expect:" line gives,
 * and each good one must parse to the values written here.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "unit.h"

#include "../../dom0-tools/pvctl/config.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static struct pvctl_config cfg_storage;
static struct pvctl_config *const cfg = &cfg_storage;

#define BASE "name = \"t\"\nkernel = \"/k\"\n"

static int xl(const char *text)
{
	return pvctl_config_parse_xl("t.cfg", text, strlen(text), cfg);
}

static int xml(const char *text)
{
	return pvctl_config_parse_xml("t.xml", text, strlen(text), cfg);
}

static bool has(const char *haystack, const char *needle)
{
	return strstr(haystack, needle) != NULL;
}

static bool cpu_set(const uint64_t *map, unsigned int c)
{
	return map[c / 64] & (1ull << (c % 64));
}

/* Check that text fails with an error containing want, and says it in one line. */
static void expect_error(int (*parse)(const char *), const char *text, const char *want)
{
	int rc = parse(text);

	CHECK(rc == -EINVAL, "%s: expected -EINVAL, got %d", want, rc);
	CHECK(has(cfg->error, want), "expected error \"%s\", got \"%s\"", want, cfg->error);
	CHECK(!strchr(cfg->error, '\n'), "error is more than one line: \"%s\"", cfg->error);
}

static void test_defaults(void)
{
	int rc = xl(BASE);

	CHECK(rc == 0, "minimal config: rc %d (%s)", rc, cfg->error);
	CHECK(!strcmp(cfg->name, "t") && !strcmp(cfg->kernel, "/k"), "name/kernel");
	CHECK(cfg->memory_mib == 128 && cfg->maxmem_mib == 128, "memory default: %llu/%llu",
	      (unsigned long long)cfg->memory_mib, (unsigned long long)cfg->maxmem_mib);
	CHECK(cfg->vcpus == 1 && cfg->maxvcpus == 1, "vcpus default: %u/%u", cfg->vcpus,
	      cfg->maxvcpus);
	CHECK(cfg->cpu_weight == 256 && cfg->cap == 0, "sched defaults %u %u", cfg->cpu_weight,
	      cfg->cap);
	CHECK(cfg->on_poweroff == PVCTL_ACTION_DESTROY && cfg->on_reboot == PVCTL_ACTION_RESTART &&
		      cfg->on_crash == PVCTL_ACTION_DESTROY &&
		      cfg->on_watchdog == PVCTL_ACTION_DESTROY,
	      "action defaults");
	CHECK(!cfg->has_uuid && !cfg->has_cpumap && !cfg->ramdisk[0] && !cfg->cmdline[0],
	      "no uuid, cpumap, ramdisk, cmdline");
	CHECK(cfg->nr_disks == 0 && cfg->nr_vifs == 0, "no devices");
	CHECK(!cfg->is_xml && !strcmp(cfg->source, "t.cfg"), "source");
	CHECK(!cfg->warnings[0], "no warnings: %s", cfg->warnings);
	/* Memory alone: maxmem follows it; vcpus alone: maxvcpus follows. */
	rc = xl(BASE "memory = 300\nvcpus = 3\n");
	CHECK(rc == 0 && cfg->maxmem_mib == 300 && cfg->maxvcpus == 3, "maxmem/maxvcpus follow");
	expect_error(xl, "kernel = \"/k\"\n", "t.cfg: no name");
	expect_error(xl, "name = \"t\"\n", "t.cfg: no kernel");
}

static void test_syntax(void)
{
	int rc;

	/* Comments, ';', a list over lines with a trailing comma, both quotes, +=. */
	rc = xl("# comment\nname = 'a' ; kernel = \"/k\" # trailing\n"
		"vif = [ 'bridge=b0',\n\n  \"bridge=b1\", # two\n]\n"
		"extra = \"x\"\nextra += \" y\"\nvif += ['bridge=b2']\n");
	CHECK(rc == 0, "syntax: rc %d (%s)", rc, cfg->error);
	CHECK(cfg->nr_vifs == 3 && !strcmp(cfg->vifs[2].bridge, "b2"), "+= appends to a list: %u",
	      cfg->nr_vifs);
	CHECK(!strcmp(cfg->cmdline, "x y"), "+= concatenates strings: \"%s\"", cfg->cmdline);
	/* Numbers as xl reads them (strtol base 0), and strings holding numbers. */
	rc = xl(BASE "memory = 0x100\nmaxmem = \"0400\"\nvcpus = '2'");
	CHECK(rc == 0 && cfg->memory_mib == 256 && cfg->maxmem_mib == 256 && cfg->vcpus == 2,
	      "hex/octal/quoted numbers: %d %llu %llu %u", rc, (unsigned long long)cfg->memory_mib,
	      (unsigned long long)cfg->maxmem_mib, cfg->vcpus);
	/* The last of a key set twice wins, with a warning naming both lines. */
	rc = xl(BASE "memory = 200\nmemory = 400\n");
	CHECK(rc == 0 && cfg->memory_mib == 400, "last wins: %llu",
	      (unsigned long long)cfg->memory_mib);
	CHECK(has(cfg->warnings, "t.cfg:4: warning: memory set again (first on line 3)"),
	      "duplicate warning: %s", cfg->warnings);
	/* Escapes. */
	rc = xl(BASE "cmdline = \"a\\tb \\\"q\\\" \\x41\\101 \\\\\"\n");
	CHECK(rc == 0 && !strcmp(cfg->cmdline, "a\tb \"q\" AA \\"), "escapes: \"%s\"",
	      cfg->cmdline);
	rc = xl(BASE "extra = '\\a\\v\\''\n");
	CHECK(rc == 0 && !strcmp(cfg->cmdline, "\a\v'"), "escapes in single quotes: %d", rc);
	expect_error(xl, BASE "extra = \"\\\a\"\n", "a bad backslash escape");
	/* CRLF line ends. */
	rc = xl("name = \"t\"\r\nkernel = \"/k\"\r\nmemory = 64\r\n");
	CHECK(rc == 0 && cfg->memory_mib == 64, "CRLF: %d %s", rc, cfg->error);

	expect_error(xl, BASE "memory = \n", "t.cfg:3:memory: syntax error: a value is missing");
	expect_error(xl, BASE "name = guest\n",
		     "t.cfg:3:name: syntax error: \"guest\" is not a value");
	expect_error(xl, BASE "memory 512\n", "t.cfg:3:memory: syntax error: expected '='");
	expect_error(xl, BASE "extra = \"abc\n",
		     "t.cfg:3:extra: syntax error: a string with no closing");
	expect_error(xl, BASE "vif = [ 'a' 'b' ]\n",
		     "t.cfg:3:vif: syntax error: list items are separated");
	expect_error(xl, BASE "vif = [ 'a',\n",
		     "t.cfg:3:vif: syntax error: a list with no closing ']'");
	expect_error(xl, BASE "Memory = 5\n",
		     "t.cfg:3: syntax error: unexpected 'M' (keys are lower case");
	expect_error(xl, BASE "memory = 5 vcpus = 2\n",
		     "t.cfg:3:memory: syntax error: one KEY = VALUE per line");
	expect_error(xl, BASE "kernel = \"/k\" + \"x\"\n", "not Python");
	expect_error(xl, BASE "extra = \"\\q\"\n", "a bad backslash escape");
	expect_error(xl, BASE "extra = \"\\0\"\n", "a NUL character");
	expect_error(xl, BASE "extra = \"a\"\nextra += [\"b\"]\n", "+= cannot add a list");
	expect_error(xl, BASE "memory = [ 512 ]\n",
		     "t.cfg:3:memory: \"[...]\" is a list where one value is wanted");
	expect_error(xl, BASE "x = [[[[[[[[[[1]]]]]]]]]]\n", "lists nested too deep");
}

static void test_keys(void)
{
	int rc;

	rc = xl(BASE "uuid = \"6E7B5F1C-2d3a-4b8e-9f00-1a2b3c4d5e6f\"\nramdisk = \"/r\"\n"
		     "cpu_weight = 65535\ncap = 0\non_poweroff = \"preserve\"\n"
		     "on_reboot = \"rename-restart\"\non_crash = \"coredump-restart\"\n"
		     "on_watchdog = \"soft-reset\"\ntype = \"pv\"\nbuilder = \"generic\"\n");
	CHECK(rc == 0, "keys: rc %d (%s)", rc, cfg->error);
	CHECK(cfg->has_uuid && cfg->uuid[0] == 0x6e && cfg->uuid[15] == 0x6f, "uuid");
	CHECK(!strcmp(cfg->ramdisk, "/r") && cfg->cpu_weight == 65535, "ramdisk, weight");
	CHECK(cfg->on_poweroff == PVCTL_ACTION_PRESERVE &&
		      cfg->on_reboot == PVCTL_ACTION_RENAME_RESTART &&
		      cfg->on_crash == PVCTL_ACTION_COREDUMP_RESTART &&
		      cfg->on_watchdog == PVCTL_ACTION_SOFT_RESET,
	      "actions");
	CHECK(!strcmp(pvctl_action_name(PVCTL_ACTION_COREDUMP_DESTROY), "coredump-destroy") &&
		      !strcmp(pvctl_action_name(PVCTL_ACTION_RENAME_RESTART), "rename-restart"),
	      "action names");

	/* Names: 63 characters at most, xl's characters, not all digits. */
	rc = xl("kernel = \"/k\"\nname = "
		"\"a23456789012345678901234567890123456789012345678901234567890123\"\n");
	CHECK(rc == 0, "63-character name: %s", cfg->error);
	expect_error(xl,
		     "kernel = \"/k\"\nname = "
		     "\"a234567890123456789012345678901234567890123456789012345678901234\"\n",
		     "t.cfg:2:name:");
	expect_error(xl, "kernel = \"/k\"\nname = \"42\"\n", "t.cfg:2:name: \"42\" is all digits");
	expect_error(xl, "kernel = \"/k\"\nname = \"a b\"\n",
		     "t.cfg:2:name: \"a b\" is not a name");
	expect_error(xl, "kernel = \"/k\"\nname = \"\"\n", "t.cfg:2:name:");

	/* Limits. */
	rc = xl(BASE "memory = 1048576\nvcpus = 128\n");
	CHECK(rc == 0 && cfg->memory_mib == 1048576 && cfg->vcpus == 128, "upper limits: %s",
	      cfg->error);
	expect_error(
		xl, BASE "memory = \"lots\"\n",
		"t.cfg:3:memory: \"lots\" is not a number of MiB (expected e.g. memory = 512)");
	expect_error(xl, BASE "memory = 0\n", "t.cfg:3:memory: \"0\" is no memory");
	expect_error(xl, BASE "memory = 1048577\n",
		     "t.cfg:3:memory: \"1048577\" is more than 1 TiB");
	expect_error(xl, BASE "memory = 99999999999999999999999\n", "t.cfg:3:memory:");
	expect_error(xl, BASE "vcpus = 0\n",
		     "t.cfg:3:vcpus: \"0\" is not a number of vCPUs from 1 to 128");
	expect_error(xl, BASE "vcpus = 129\n", "t.cfg:3:vcpus:");
	expect_error(xl, BASE "maxvcpus = 2\nvcpus = 4\n",
		     "t.cfg:3:maxvcpus: maxvcpus 2 is below vcpus 4");
	expect_error(xl, BASE "memory = 512\nmaxmem = 256\n",
		     "t.cfg:4:maxmem: maxmem 256 MiB is below memory 512 MiB");
	expect_error(xl, BASE "cpu_weight = 0\n", "t.cfg:3:cpu_weight:");
	expect_error(xl, BASE "cpu_weight = 65536\n", "t.cfg:3:cpu_weight:");
	expect_error(xl, BASE "cap = 150\n", "t.cfg:3:cap: cap 150% is more than 1 vCPU(s)");
	expect_error(xl, BASE "type = \"hvm\"\n",
		     "t.cfg:3:type: \"hvm\" is a type pvctl does not build");
	expect_error(xl, BASE "type = \"pvh\"\n", "t.cfg:3:type:");
	expect_error(xl, BASE "type = \"xen\"\n", "t.cfg:3:type: \"xen\" is not a domain type");
	expect_error(xl, BASE "builder = \"hvm\"\n", "t.cfg:3:builder:");
	expect_error(xl, BASE "on_crash = \"reboot\"\n",
		     "t.cfg:3:on_crash: \"reboot\" is not an action");
	expect_error(xl, BASE "uuid = \"6e7b5f1c2d3a4b8e9f001a2b3c4d5e6f\"\n", "t.cfg:3:uuid:");
	expect_error(xl, BASE "uuid = \"6e7b5f1c-2d3a-4b8e-9f00-1a2b3c4d5e6g\"\n", "t.cfg:3:uuid:");
	expect_error(xl, BASE "kernel = \"\"\n", "t.cfg:3:kernel:");

	/* Unknown keys and keys pvctl leaves alone: warnings naming file:line. */
	rc = xl(BASE "vfb = [ 'vnc=1' ]\nmemroy = 5\nzzz_unknown = 1\n");
	CHECK(rc == 0, "warnings only: %s", cfg->error);
	CHECK(has(cfg->warnings, "t.cfg:3: warning: vfb is ignored"), "ignored key: %s",
	      cfg->warnings);
	CHECK(has(cfg->warnings,
		  "t.cfg:4: warning: unknown key memroy, ignored (did you mean memory?)"),
	      "typo hint: %s", cfg->warnings);
	CHECK(has(cfg->warnings, "t.cfg:5: warning: unknown key zzz_unknown, ignored\n"),
	      "unknown key: %s", cfg->warnings);

	/* A vif script pvctl would not run is a warning; vif-bridge's work it does itself. */
	rc = xl(BASE "vif = [ 'bridge=xenbr0,script=vif-route', 'script=/etc/xen/scripts/vif-bridge' ]\n");
	CHECK(rc == 0, "vif scripts: %s", cfg->error);
	CHECK(has(cfg->warnings, "t.cfg:3: warning: vif: script \"vif-route\" is not run"),
	      "vif-route warned: %s", cfg->warnings);
	CHECK(!has(cfg->warnings, "vif-bridge\" is not run"), "vif-bridge not warned: %s",
	      cfg->warnings);
}

static void test_cmdline(void)
{
	static const struct {
		const char *text, *want;
		bool warn;
	} cases[] = {
		{"root = \"/dev/xvda1\"\nextra = \"quiet\"\n", "root=/dev/xvda1 quiet", false},
		{"root = \"/dev/xvda1 ro\"\n", "root=/dev/xvda1 ro", false},
		{"extra = \"console=hvc0\"\n", "console=hvc0", false},
		{"cmdline = \"c\"\nroot = \"r\"\nextra = \"e\"\n", "c", true},
		{"extra = \"e\"\nroot = \"r\"\n", "root=r e", false},
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		char text[256];
		int rc;

		snprintf(text, sizeof(text), BASE "%s", cases[i].text);
		rc = xl(text);
		CHECK(rc == 0 && !strcmp(cfg->cmdline, cases[i].want),
		      "cmdline %u: \"%s\", want \"%s\"", i, cfg->cmdline, cases[i].want);
		CHECK(has(cfg->warnings, "ignored in favour of cmdline=") == cases[i].warn,
		      "cmdline %u: warning \"%s\"", i, cfg->warnings);
	}
	{
		static char text[3000];

		snprintf(text, sizeof(text), BASE "root = \"%0600d\"\nextra = \"%0600d\"\n", 0, 0);
		expect_error(xl, text,
			     "t.cfg:4:extra: root= and extra= joined make 1206 characters");
	}
}

static void test_cpus(void)
{
	static const struct {
		const char *value;
		unsigned int set[8], nr;
	} good[] = {
		{"\"0-3,^2\"", {0, 1, 3}, 3},
		{"\"1,3\"", {1, 3}, 2},
		{"\"5\"", {5}, 1},
		{"3", {3}, 1},
		{"\"0-255,^1-254\"", {0, 255}, 2},
	};
	static const struct {
		const char *value, *want;
	} bad[] = {
		{"\"nodes:0\"", "\"nodes:0\" is NUMA nodes"},
		{"\"node:1\"", "is NUMA nodes"},
		{"\"^all\"", "\"^all\" is not a CPU list: ^ cannot take all away"},
		{"\"3-1\"", "\"3-1\" is not a CPU list"},
		{"\"abc\"", "is not a CPU list"},
		{"\"1-\"", "is not a CPU list"},
		{"\"256\"", "\"256\" is a CPU list naming a pCPU above 255"},
		{"\"0,^0\"", "leaves no pCPU"},
		{"\"\"", "leaves no pCPU"},
		{"[]", "an empty list"},
		{"[ \"0\", [ \"1\" ] ]", "a nested list"},
	};
	int rc;

	for (unsigned int i = 0; i < ARRAY_SIZE(good); i++) {
		char text[128];
		unsigned int n = 0;

		snprintf(text, sizeof(text), BASE "cpus = %s\n", good[i].value);
		rc = xl(text);
		CHECK(rc == 0 && cfg->has_cpumap && !cfg->nr_vcpu_cpumaps, "cpus %s: %d %s",
		      good[i].value, rc, cfg->error);
		for (unsigned int c = 0; c < 256; c++)
			n += cpu_set(cfg->cpumap, c);
		CHECK(n == good[i].nr, "cpus %s: %u pCPUs, want %u", good[i].value, n, good[i].nr);
		for (unsigned int j = 0; j < good[i].nr; j++)
			CHECK(cpu_set(cfg->cpumap, good[i].set[j]), "cpus %s: pCPU %u",
			      good[i].value, good[i].set[j]);
	}
	rc = xl(BASE "cpus = \"all\"\n");
	CHECK(rc == 0 && cfg->has_cpumap && cpu_set(cfg->cpumap, 200), "all");
	CHECK(pvctl_config_check_host(cfg, 0) != 0, "check_host needs the kernel");
	/* The list form: one CPU list per vCPU; items past maxvcpus are dropped, as xl does. */
	rc = xl(BASE "vcpus = 2\ncpus = [ \"0\", \"2-3\", \"1\" ]\n");
	CHECK(rc == 0 && cfg->nr_vcpu_cpumaps == 2, "list: %d %u %s", rc, cfg->nr_vcpu_cpumaps,
	      cfg->error);
	CHECK(cpu_set(cfg->vcpu_cpumap[0], 0) && !cpu_set(cfg->vcpu_cpumap[0], 2) &&
		      cpu_set(cfg->vcpu_cpumap[1], 2) && cpu_set(cfg->vcpu_cpumap[1], 3),
	      "per-vCPU maps");
	CHECK(cpu_set(cfg->cpumap, 0) && cpu_set(cfg->cpumap, 3), "union");
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		char text[128], want[128];

		snprintf(text, sizeof(text), BASE "cpus = %s\n", bad[i].value);
		snprintf(want, sizeof(want), "t.cfg:3:cpus: %s",
			 bad[i].value[0] == '[' ? "" : bad[i].value);
		expect_error(xl, text, bad[i].want);
		CHECK(has(cfg->error, want), "cpus error prefix: %s", cfg->error);
	}
}

static void test_disks(void)
{
	static const struct {
		const char *spec, *target, *vdev;
		bool ro, cdrom;
	} good[] = {
		{"/dev/vg/guest-volume,,xvda", "/dev/vg/guest-volume", "xvda", false, false},
		{"/dev/vg/guest-volume,raw,xvda,rw", "/dev/vg/guest-volume", "xvda", false, false},
		{"format=raw, vdev=xvda, access=rw, target=/dev/vg/guest-volume",
		 "/dev/vg/guest-volume", "xvda", false, false},
		{"raw:/dev/vg/guest-volume,xvda,w", "/dev/vg/guest-volume", "xvda", false, false},
		{"phy:/dev/sdb1,xvdb1,r", "/dev/sdb1", "xvdb1", true, false},
		{"file:/x.img,xvda2,w", "/x.img", "xvda2", false, false},
		{"/root/image.iso,,xvdc,cdrom", "/root/image.iso", "xvdc", true, true},
		{"/root/image.iso,,xvdc,,cdrom", "/root/image.iso", "xvdc", true, true},
		{"/root/image.iso,raw,xvdc,devtype=cdrom", "/root/image.iso", "xvdc", true, true},
		{"raw:/root/image.iso,hdc:cdrom,ro", "/root/image.iso", "hdc", true, true},
		{"vdev=xvdd, devtype=cdrom", "", "xvdd", true, true},
		{"sdb1,,sda", "/dev/sdb1", "sda", false, false},
		{"/a.img,,d0p1", "/a.img", "d0p1", false, false},
		{"target=/odd,name=x.img", "/odd,name=x.img", "", false, false},
		{",,xvda,target=/c,d", "/c,d", "xvda", false, false},
	};
	static const struct {
		const char *spec, *want;
	} bad[] = {
		{"/a.img", "no virtual disk name"},
		{"/a.img,raw,xvda,rw,extra", "too many positional parameters"},
		{"/a.img,qcow2,xvda",
		 "\"qcow2\" is a format pvctl's backend (Linux blkback) cannot serve"},
		{"qcow2:/a.img,xvda,w", "\"qcow2\" is a format"},
		{"/a.img,,xvda,rx", "whose access is not ro, r, rw or w"},
		{"/a.img,,vda", "\"vda\" is not a virtual disk name"},
		{"/a.img,,xvd", "\"xvd\" is not a virtual disk name"},
		{"/a.img,,hdz", "\"hdz\" is not a virtual disk name"},
		{"/a.img,,xvda0", "\"xvda0\" is not a virtual disk name"},
		{"/a.img,,xvda,backendtype=qdisk", "\"qdisk\" is a backend pvctl does not run"},
		{"/a.img,,xvda,devtype=floppy", "a devtype other than cdrom"},
		{"/a.img,,xvda,colour=red", "an unknown key"},
		{"vdev=xvda,vdev=xvdb,target=/a", "gives a parameter twice"},
		{"vdev=xvda", "a disk with no target"},
		{"/a,,xvda,target=/b", "gives a parameter twice"},
	};
	int rc;

	for (unsigned int i = 0; i < ARRAY_SIZE(good); i++) {
		char text[512];

		if (!*good[i].vdev) /* target= takes the rest: its vdev comes first */
			snprintf(text, sizeof(text), BASE "disk = [ 'vdev=xvdz,%s' ]\n",
				 good[i].spec);
		else
			snprintf(text, sizeof(text), BASE "disk = [ '%s' ]\n", good[i].spec);
		rc = xl(text);
		CHECK(rc == 0 && cfg->nr_disks == 1, "disk '%s': %d %s", good[i].spec, rc,
		      cfg->error);
		if (rc)
			continue;
		CHECK(!strcmp(cfg->disks[0].target, good[i].target), "disk '%s': target \"%s\"",
		      good[i].spec, cfg->disks[0].target);
		CHECK(!*good[i].vdev || !strcmp(cfg->disks[0].vdev, good[i].vdev),
		      "disk '%s': vdev \"%s\"", good[i].spec, cfg->disks[0].vdev);
		CHECK(cfg->disks[0].readonly == good[i].ro && cfg->disks[0].cdrom == good[i].cdrom,
		      "disk '%s': ro %d cdrom %d", good[i].spec, cfg->disks[0].readonly,
		      cfg->disks[0].cdrom);
		CHECK(!strcmp(cfg->disks[0].format, "raw") &&
			      !strcmp(cfg->disks[0].backendtype, "phy"),
		      "disk '%s': format", good[i].spec);
		CHECK(cfg->disks[0].line == 3, "disk line %d", cfg->disks[0].line);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		char text[512];

		snprintf(text, sizeof(text), BASE "disk = [ '%s' ]\n", bad[i].spec);
		expect_error(xl, text, bad[i].want);
		CHECK(has(cfg->error, "t.cfg:3:disk: "), "disk error prefix: %s", cfg->error);
	}
	/* Disks on several lines: each error names its own line. */
	expect_error(xl, BASE "disk = [ '/a,,xvda',\n  '/b,,xvda' ]\n",
		     "t.cfg:4:disk: \"xvda\" is a virtual disk name already used");
	expect_error(xl, BASE "disk = '/a,,xvda'\n",
		     "t.cfg:3:disk: \"/a,,xvda\" is one string, where disk is a list");
	/* The backend keys pvctl does not act on are warnings. */
	rc = xl(BASE "disk = [ '/a,,xvda,backend=0,script=block-iscsi' ]\n");
	CHECK(rc == 0 && has(cfg->warnings, "t.cfg:3: warning: disk: \"backend\" is ignored"),
	      "disk backend warning: %s", cfg->warnings);
	/* 16 disks fit; a 17th does not. */
	{
		char text[2048];
		size_t n = (size_t)snprintf(text, sizeof(text), BASE "disk = [");

		for (int i = 0; i < 17; i++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "'/d%d,,xvd%c',", i,
					      'a' + i);
		snprintf(text + n, sizeof(text) - n, "]\n");
		expect_error(xl, text, "one disk too many: at most 16");
	}
}

static void test_vifs(void)
{
	static const struct {
		const char *spec, *want;
	} bad[] = {
		{"mac=00:16:3e:01:02", "\"00:16:3e:01:02\" is not a MAC address"},
		{"mac=00-16-3e-01-02-03", "is not a MAC address"},
		{"mac=01:16:3e:01:02:03", "is a multicast MAC address"},
		{"bridge=br 0", "\"br 0\" is not a bridge name"},
		{"bridge=abcdefghijklmnop", "longer than 15 characters"},
		{"ip=300.1.1.1", "\"300.1.1.1\" is not a list of IP addresses"},
		{"ip=10.0.0.1/99", "is not a list of IP addresses"},
		{"bridge", "a field that is not KEY=VALUE"},
	};
	int rc;

	rc = xl(BASE "vif = [ 'mac=00:16:3e:01:02:03, bridge=xenbr0, ip=10.0.0.2 10.0.0.3/24,"
		     "script=vif-route', '', 'model=e1000,rate=10Mb/s,wibble=1' ]\n");
	CHECK(rc == 0 && cfg->nr_vifs == 3, "vifs: %d %u %s", rc, cfg->nr_vifs, cfg->error);
	CHECK(!strcmp(cfg->vifs[0].mac, "00:16:3e:01:02:03") &&
		      !strcmp(cfg->vifs[0].bridge, "xenbr0") &&
		      !strcmp(cfg->vifs[0].ip, "10.0.0.2 10.0.0.3/24") &&
		      !strcmp(cfg->vifs[0].script, "vif-route"),
	      "vif fields");
	CHECK(!cfg->vifs[1].mac[0] && !cfg->vifs[1].bridge[0], "empty vif: defaults");
	CHECK(has(cfg->warnings, "t.cfg:3: warning: vif: xl's key \"model\" is ignored") &&
		      has(cfg->warnings, "vif: unknown key \"wibble\" is ignored"),
	      "vif warnings: %s", cfg->warnings);
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		char text[256], want[256];

		snprintf(text, sizeof(text), BASE "vif = [ '%s' ]\n", bad[i].spec);
		snprintf(want, sizeof(want), "t.cfg:3:vif: \"");
		expect_error(xl, text, bad[i].want);
		CHECK(has(cfg->error, want), "vif error prefix: %s", cfg->error);
	}
	expect_error(xl, BASE "vif = [ 'mac=00:16:3e:01:02:03', 'mac=00:16:3E:01:02:03' ]\n",
		     "a MAC address another vif already has");
}

static void test_overrides(void)
{
	int rc = xl(BASE "memory = 512\nroot = \"/dev/xvda1\"\n");

	CHECK(rc == 0, "override base: %s", cfg->error);
	rc = pvctl_config_override(cfg, "memory=256");
	CHECK(rc == 0 && cfg->memory_mib == 256 && cfg->maxmem_mib == 256,
	      "memory=256: %d %llu %llu", rc, (unsigned long long)cfg->memory_mib,
	      (unsigned long long)cfg->maxmem_mib);
	rc = pvctl_config_override(cfg, "extra=quiet splash");
	CHECK(rc == 0 && !strcmp(cfg->cmdline, "root=/dev/xvda1 quiet splash"),
	      "unquoted extra joins with root: \"%s\"", cfg->cmdline);
	rc = pvctl_config_override(cfg, "name=\"other\"");
	CHECK(rc == 0 && !strcmp(cfg->name, "other"), "quoted name: %s", cfg->name);
	rc = pvctl_config_override(cfg, "vif=['bridge=br9']");
	CHECK(rc == 0 && cfg->nr_vifs == 1 && !strcmp(cfg->vifs[0].bridge, "br9"), "list override");
	rc = pvctl_config_override(cfg, "cpus=0-1");
	CHECK(rc == 0 && cfg->has_cpumap && cpu_set(cfg->cpumap, 1), "cpus override: %s",
	      cfg->error);
	rc = pvctl_config_override(cfg, "memory=lots");
	CHECK(rc == -EINVAL && has(cfg->error, "override:memory: \"lots\" is not a number of MiB"),
	      "bad override: %s", cfg->error);
	rc = pvctl_config_override(cfg, "memroy=5");
	CHECK(rc == -EINVAL && has(cfg->error, "override:memroy: not a key"), "unknown key: %s",
	      cfg->error);
	rc = pvctl_config_override(cfg, "512");
	CHECK(rc == -EINVAL && has(cfg->error, "not KEY=VALUE"), "no '=': %s", cfg->error);
	/* The checks between keys run again: maxmem set in the file stays. */
	rc = xl(BASE "memory = 512\nmaxmem = 1024\n");
	CHECK(rc == 0, "base 2");
	rc = pvctl_config_override(cfg, "memory=2048");
	CHECK(rc == -EINVAL &&
		      has(cfg->error, "t.cfg:4:maxmem: maxmem 1024 MiB is below memory 2048"),
	      "override against maxmem: %s", cfg->error);
	/* Overrides apply to an XML config too. */
	rc = xml("<domain type='xen'><name>x</name><os><type>linux</type><kernel>/k</kernel></os>"
		 "</domain>");
	CHECK(rc == 0 && pvctl_config_override(cfg, "vcpus=2") == 0 && cfg->vcpus == 2 &&
		      cfg->maxvcpus == 2,
	      "XML override: %s", cfg->error);
}

#define XHEAD "<domain type='xen'><name>x</name><os><type>linux</type><kernel>/k</kernel></os>"

static void test_xml_units(void)
{
	static const struct {
		const char *value, *unit;
		uint64_t mib;
	} cases[] = {
		{"524288", NULL, 512},
		{"524288", "KiB", 512},
		{"524288", "k", 512},
		{"512", "MiB", 512},
		{"512", "M", 512},
		{"2", "GiB", 2048},
		{"1", "G", 1024},
		{"1", "TiB", 1048576},
		{"536870912", "b", 512},
		{"536870912", "bytes", 512},
		{"1000", "MB", 954},
		{"1", "GB", 954},
		{"1048576000", "KB", 1000000},
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		char text[256];
		int rc;

		snprintf(text, sizeof(text), XHEAD "<memory%s%s%s>%s</memory></domain>",
			 cases[i].unit ? " unit='" : "", cases[i].unit ? cases[i].unit : "",
			 cases[i].unit ? "'" : "", cases[i].value);
		rc = xml(text);
		CHECK(rc == 0 && cfg->maxmem_mib == cases[i].mib && cfg->memory_mib == cases[i].mib,
		      "%s %s: %d %llu (%s)", cases[i].value, cases[i].unit ? cases[i].unit : "-",
		      rc, (unsigned long long)cfg->maxmem_mib, cfg->error);
	}
	expect_error(xml, XHEAD "<memory unit='parsecs'>1</memory></domain>",
		     "t.xml:1: /domain/memory: unit \"parsecs\" is not a unit of memory");
	expect_error(xml, XHEAD "<memory>lots</memory></domain>",
		     "t.xml:1: /domain/memory: \"lots\" is not a number");
	expect_error(xml, XHEAD "<memory unit='TiB'>2</memory></domain>", "more than 1 TiB");
	expect_error(xml, XHEAD "<memory unit='EiB'>100</memory></domain>", "more than 1 TiB");
	expect_error(xml, XHEAD "<memory unit='KiB'>0</memory></domain>", "no memory");
	expect_error(xml,
		     XHEAD "<memory unit='MiB'>512</memory><currentMemory unit='MiB'>1024"
			   "</currentMemory></domain>",
		     "t.xml:1: /domain/memory: maxmem 512 MiB is below memory 1024 MiB");
}

static void test_xml(void)
{
	int rc;

	rc = xml(XHEAD "<vcpu current='2' cpuset='1-2'>3</vcpu><memory unit='MiB'>512</memory>"
		       "<currentMemory unit='MiB'>256</currentMemory><cputune><shares>100</shares>"
		       "<period>1</period></cputune><on_crash>preserve</on_crash><features/>"
		       "<sparkle/></domain>");
	CHECK(rc == 0, "xml: %s", cfg->error);
	CHECK(cfg->vcpus == 2 && cfg->maxvcpus == 3 && cfg->has_cpumap && cpu_set(cfg->cpumap, 2) &&
		      !cpu_set(cfg->cpumap, 0),
	      "vcpu");
	CHECK(cfg->memory_mib == 256 && cfg->maxmem_mib == 512, "memory");
	CHECK(cfg->cpu_weight == 100 && cfg->on_crash == PVCTL_ACTION_PRESERVE, "shares, on_crash");
	CHECK(cfg->is_xml &&
		      has(cfg->warnings, "t.xml:1: warning: /domain/cputune/period: ignored") &&
		      has(cfg->warnings, "/domain/features: ignored") &&
		      has(cfg->warnings, "/domain/sparkle: unknown element"),
	      "xml warnings: %s", cfg->warnings);
	/* Old libvirt's PV form: uppercase UUID without dashes; a 32-bit guest is refused. */
	rc = xml("<domain type='xen'><name>x</name><uuid>4DEA22B31D52D8F32516782E98AB3FA0</uuid>"
		 "<os><type arch='x86_64'>linux</type><kernel>/k</kernel></os><devices>"
		 "<console tty='/dev/pts/9'/></devices></domain>");
	CHECK(rc == 0 && cfg->has_uuid && cfg->uuid[0] == 0x4d && cfg->uuid[15] == 0xa0,
	      "undashed uuid: %s", cfg->error);
	expect_error(
		xml,
		"<domain type='xen'><name>x</name><os><type arch='i686'>linux</type>"
		"<kernel>/k</kernel></os></domain>",
		"/domain/os/type: arch \"i686\" is not x86_64: pvctl builds 64-bit PV domains");
	/* <vcpu> without current: all online. */
	rc = xml(XHEAD "<vcpu>4</vcpu></domain>");
	CHECK(rc == 0 && cfg->vcpus == 4 && cfg->maxvcpus == 4, "vcpu without current");

	expect_error(xml, "<domain type='xen'>\n<name>x</name>\n<memory>1</memory\n</domain>",
		     "t.xml:4: malformed XML:");
	expect_error(xml, "<domain type='kvm'><name>x</name></domain>",
		     "t.xml:1: /domain: type=\"kvm\" is not a domain pvctl builds");
	expect_error(xml, "<domain><name>x</name></domain>", "/domain: type=\"\"");
	expect_error(xml, "<vm type='xen'/>", "the root element is <vm>");
	expect_error(xml, XHEAD "<name>y</name></domain>",
		     "/domain/name[2]: <name> appears a second time");
	expect_error(xml,
		     "<domain type='xen'><name>x</name><os><type>hvm</type><kernel>/k</kernel>"
		     "</os></domain>",
		     "t.xml:1: /domain/os/type: \"hvm\" is an OS type pvctl does not build");
	expect_error(xml, "<domain type='xen'><name>x</name><os><kernel>/k</kernel></os></domain>",
		     "/domain/os: no <type>");
	expect_error(xml, "<domain type='xen'><name>x</name></domain>", "t.xml: no <os><kernel>");
	expect_error(xml,
		     "<domain type='xen'><os><type>linux</type><kernel>/k</kernel></os></domain>",
		     "t.xml: no <name>");
	expect_error(xml, XHEAD "<vcpu current='5'>4</vcpu></domain>",
		     "/domain/vcpu: maxvcpus 4 is below vcpus 5");
	expect_error(xml, XHEAD "<vcpu>0</vcpu></domain>",
		     "/domain/vcpu: \"0\" is not a number of vCPUs");
	expect_error(xml, XHEAD "<vcpu cpuset='nodes:1'>1</vcpu></domain>",
		     "/domain/vcpu/@cpuset: \"nodes:1\" is NUMA nodes");
	expect_error(xml, XHEAD "<uuid>nope</uuid></domain>",
		     "/domain/uuid: \"nope\" is not a UUID");
	expect_error(xml, XHEAD "<on_reboot>explode</on_reboot></domain>", "/domain/on_reboot:");
	expect_error(xml, "<domain type='xen'><name><b>x</b></name></domain>",
		     "/domain/name/b: unexpected element inside <name>");
	expect_error(xml,
		     XHEAD
		     "<devices><disk type='network'><target dev='xvda'/></disk></devices></domain>",
		     "/domain/devices/disk: type \"network\" is not a disk pvctl serves");
	expect_error(xml,
		     XHEAD
		     "<devices><disk type='file'><source file='/a'/></disk></devices></domain>",
		     "/domain/devices/disk: no <target dev='xvda'/>");
	expect_error(xml,
		     XHEAD "<devices><disk type='file'><driver type='qcow2'/><source file='/a'/>"
			   "<target dev='xvda'/></disk></devices></domain>",
		     "/domain/devices/disk/driver: driver type \"qcow2\"");
	expect_error(xml, XHEAD "<devices><interface type='network'/></devices></domain>",
		     "/domain/devices/interface: type \"network\"");
	expect_error(xml,
		     XHEAD "<devices><interface type='bridge'><mac address='zz'/></interface>"
			   "</devices></domain>",
		     "/domain/devices/interface: \"zz\" is not a MAC address");
	expect_error(xml,
		     XHEAD "<devices><console type='pty'><target type='serial'/></console>"
			   "</devices></domain>",
		     "console target type \"serial\" is not xen");
	/* Untrusted input: no DTDs, entities, other encodings. */
	expect_error(
		xml,
		"<?xml version='1.0'?>\n<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n"
		"<domain type='xen'><name>&x;</name></domain>",
		"t.xml:2: a DOCTYPE or ENTITY declaration");
	expect_error(xml, "<?xml version='1.0' encoding='ISO-8859-1'?><domain type='xen'/>",
		     "t.xml:1: encoding \"ISO-8859-1\": pvctl reads UTF-8 XML only");
	expect_error(xml, "\xff\xfe<\0d\0", "UTF-16");
	expect_error(xml, XHEAD "<name>&amp;</name></domain>", "<name> appears a second time");
	expect_error(xml, "<domain type='xen'><name>&x;</name></domain>",
		     "t.xml:1: malformed XML:");
	expect_error(xml, "<domain type='xen'><name>\xc3\x28</name></domain>", "malformed XML");
}

static void test_host(void)
{
	char kernel[] = "/tmp/pvctl-config-test-XXXXXX";
	int fd = mkstemp(kernel), rc;
	char text[256];

	CHECK(fd >= 0, "mkstemp");
	if (fd < 0)
		return;
	close(fd);
	snprintf(text, sizeof(text), "name = \"t\"\nkernel = \"%s\"\ncpus = \"0-3\"\n", kernel);
	rc = xl(text);
	CHECK(rc == 0 && pvctl_config_check_host(cfg, 4) == 0, "host check passes: %s", cfg->error);
	CHECK(pvctl_config_check_host(cfg, 0) == 0, "nr_cpus 0 skips the CPU check");
	rc = pvctl_config_check_host(cfg, 2);
	CHECK(rc == -EINVAL && has(cfg->error,
				   "t.cfg:3:cpus: pCPU 2 is not present: this host has pCPUs 0-1"),
	      "absent pCPU: %s", cfg->error);
	snprintf(text, sizeof(text), "name = \"t\"\nkernel = \"%s\"\ncpus = \"all,^0\"\n", kernel);
	CHECK(xl(text) == 0 && pvctl_config_check_host(cfg, 2) == 0, "all: absent pCPUs are fine");
	snprintf(text, sizeof(text), "name = \"t\"\nkernel = \"%s\"\ncpus = [\"0\", \"9\"]\n",
		 kernel);
	CHECK(xl(text) == 0 && pvctl_config_check_host(cfg, 4) == 0,
	      "second item past maxvcpus is dropped");
	snprintf(text, sizeof(text),
		 "name = \"t\"\nkernel = \"%s\"\nvcpus=2\ncpus = [\"0\", \"9\"]\n", kernel);
	CHECK(xl(text) == 0 && pvctl_config_check_host(cfg, 4) == -EINVAL &&
		      has(cfg->error, "pCPU 9 is not present"),
	      "per-vCPU absent pCPU: %s", cfg->error);
	snprintf(text, sizeof(text),
		 "name = \"t\"\nkernel = \"%s\"\nramdisk = \"/nonexistent/initrd\"\n", kernel);
	rc = xl(text);
	CHECK(rc == 0 && pvctl_config_check_host(cfg, 1) == -ENOENT &&
		      has(cfg->error,
			  "t.cfg:3:ramdisk: \"/nonexistent/initrd\" cannot be read: No such file"),
	      "unreadable ramdisk: %s", cfg->error);
	unlink(kernel);
	snprintf(text, sizeof(text), "name = \"t\"\nkernel = \"%s\"\n", kernel);
	CHECK(xl(text) == 0 && pvctl_config_check_host(cfg, 1) == -ENOENT &&
		      has(cfg->error, "t.cfg:2:kernel:"),
	      "missing kernel: %s", cfg->error);
	rc = pvctl_config_load("/nonexistent/guest.cfg", cfg);
	CHECK(rc == -ENOENT && has(cfg->error, "/nonexistent/guest.cfg: cannot read it"),
	      "load of a missing file: %d %s", rc, cfg->error);
}

static void test_json(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	rc = xl(BASE "vcpus = 2\ncpus = [\"1\"]\nextra = \"a\\\"b\\n\"\n"
		     "disk = ['/a,,xvda,ro']\nvif = ['bridge=br1']\n");
	CHECK(rc == 0, "json config: %s", cfg->error);
	f = open_memstream(&buf, &len);
	if (!f)
		return;
	rc = pvctl_config_to_json(cfg, f);
	fclose(f);
	CHECK(rc == 0, "json rc %d", rc);
	CHECK(has(buf, "\"name\":\"t\"") && has(buf, "\"type\":\"pv\"") &&
		      has(buf, "\"uuid\":null") && has(buf, "\"cmdline\":\"a\\\"b\\n\"") &&
		      has(buf, "\"memory_mib\":128") && has(buf, "\"cpu_affinity\":[[1],null]") &&
		      has(buf, "\"ramdisk\":null") &&
		      has(buf, "\"disks\":[{\"target\":\"/a\",\"vdev\":\"xvda\",\"format\":\"raw\","
			       "\"backendtype\":\"phy\",\"readonly\":true,\"cdrom\":false}]") &&
		      has(buf, "\"vifs\":[{\"mac\":null,\"bridge\":\"br1\",\"ip\":null,\"script\":"
			       "null}]") &&
		      has(buf, "\"on_watchdog\":\"destroy\""),
	      "json: %s", buf);
	CHECK(len > 0 && buf[len - 1] == '\n' && buf[0] == '{', "one object, one line");
	free(buf);
}

/* The expectation written in a corpus file: the text after "expect: " to the line's end or "-->".
 */
static bool corpus_field(const char *text, const char *field, char *out, size_t max)
{
	const char *p = strstr(text, field);
	size_t n;

	if (!p)
		return false;
	p += strlen(field);
	n = strcspn(p, "\n");
	if (n >= 3 && !strncmp(p + n - 3, "-->", 3))
		n -= 3;
	while (n && p[n - 1] == ' ')
		n--;
	if (n >= max)
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (!f)
		return NULL;
	buf = calloc(1, 1 << 20);
	n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	(void)n;
	fclose(f);
	return buf;
}

/* tests/pvctl-configs/: each broken config fails with its expected message. */
static void test_corpus(void)
{
	const char *dir = "tests/pvctl-configs";
	unsigned int nr = 0, nr_xml = 0;
	char cwd[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir(dir);

	CHECK(d != NULL, "no %s (run from the repository's root)", dir);
	if (!d || !getcwd(cwd, sizeof(cwd)))
		return;
	if (chdir(dir)) {
		closedir(d);
		return;
	}
	while ((e = readdir(d))) {
		char want[256], host[32], *text;
		size_t n = strlen(e->d_name);
		int rc;

		if (n < 5 ||
		    (strcmp(e->d_name + n - 4, ".cfg") && strcmp(e->d_name + n - 4, ".xml")))
			continue;
		text = read_all(e->d_name);
		CHECK(text && corpus_field(text, "expect: ", want, sizeof(want)),
		      "%s: no \"expect: \" line", e->d_name);
		if (!text || !corpus_field(text, "expect: ", want, sizeof(want))) {
			free(text);
			continue;
		}
		rc = pvctl_config_load(e->d_name, cfg);
		if (rc == 0 && corpus_field(text, "host: nr_cpus=", host, sizeof(host)))
			rc = pvctl_config_check_host(cfg, (unsigned int)atoi(host));
		CHECK(rc < 0, "%s: parsed, expected \"%s\"", e->d_name, want);
		CHECK(has(cfg->error, want), "%s: expected \"%s\", got \"%s\"", e->d_name, want,
		      cfg->error);
		CHECK(!strchr(cfg->error, '\n'), "%s: more than one line", e->d_name);
		nr++;
		nr_xml += !strcmp(e->d_name + n - 4, ".xml");
		free(text);
	}
	closedir(d);
	CHECK(nr >= 50 && nr_xml >= 10,
	      "corpus: %u broken configs (%u XML), want >= 50 (>= 10 XML)", nr, nr_xml);
	if (chdir(cwd))
		CHECK(0, "chdir back");
}

/* tests/pvctl-configs/good/: the values they parse to. */
static void check_good_guest(const char *file)
{
	char path[128];
	int rc;

	snprintf(path, sizeof(path), "tests/pvctl-configs/good/%s", file);
	rc = pvctl_config_load(path, cfg);
	CHECK(rc == 0, "%s: %s", file, cfg->error);
	if (rc)
		return;
	CHECK(!strcmp(cfg->name, "web1") && cfg->has_uuid && cfg->uuid[0] == 0x6e &&
		      cfg->uuid[8] == 0x9f,
	      "%s: name, uuid", file);
	CHECK(!strcmp(cfg->kernel, "/boot/vmlinuz-6.1.0-13-amd64") &&
		      !strcmp(cfg->ramdisk, "/boot/initrd.img-6.1.0-13-amd64"),
	      "%s: kernel, ramdisk", file);
	CHECK(!strcmp(cfg->cmdline, "root=/dev/xvda1 ro console=hvc0 quiet"), "%s: cmdline \"%s\"",
	      file, cfg->cmdline);
	CHECK(cfg->memory_mib == 512 && cfg->maxmem_mib == 1024, "%s: memory", file);
	CHECK(cfg->vcpus == 2 && cfg->maxvcpus == 4, "%s: vcpus", file);
	CHECK(cfg->has_cpumap && cfg->cpumap[0] == 0xb && !cfg->cpumap[1], "%s: cpus %llx", file,
	      (unsigned long long)cfg->cpumap[0]);
	CHECK(cfg->cpu_weight == 512 && cfg->on_crash == PVCTL_ACTION_PRESERVE &&
		      cfg->on_reboot == PVCTL_ACTION_RESTART,
	      "%s: weight, actions", file);
	CHECK(cfg->nr_disks == 4 && cfg->nr_vifs == 2, "%s: %u disks, %u vifs", file, cfg->nr_disks,
	      cfg->nr_vifs);
	if (cfg->nr_disks != 4 || cfg->nr_vifs != 2)
		return;
	CHECK(!strcmp(cfg->disks[1].target, "/srv/data,with,commas.img") &&
		      cfg->disks[1].readonly &&
		      !strcmp(cfg->disks[2].target, "/dev/vg0/web1-swap") &&
		      !cfg->disks[2].readonly && cfg->disks[3].cdrom && cfg->disks[3].readonly &&
		      !strcmp(cfg->disks[3].vdev, "xvdd"),
	      "%s: disks", file);
	CHECK(!strcmp(cfg->vifs[0].mac, "00:16:3e:01:02:03") &&
		      !strcmp(cfg->vifs[0].ip, "192.168.1.10") &&
		      !strcmp(cfg->vifs[1].bridge, "xenbr1") &&
		      !strcmp(cfg->vifs[1].script, "vif-bridge"),
	      "%s: vifs", file);
	CHECK(!cfg->warnings[0], "%s: warnings: %s", file, cfg->warnings);
}

/* The JSON of path after the overrides, from its "type" on (past source and format). */
static char *json_of(const char *path, const char *const *overrides)
{
	char *buf = NULL, *t;
	size_t len = 0;
	FILE *f;

	if (pvctl_config_load(path, cfg))
		return NULL;
	for (; overrides && *overrides; overrides++)
		if (pvctl_config_override(cfg, *overrides))
			return NULL;
	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	pvctl_config_to_json(cfg, f);
	fclose(f);
	t = strstr(buf, ",\"type\"");
	if (t)
		memmove(buf, t, strlen(t) + 1);
	return buf;
}

static void test_good(void)
{
	static const char *const xl_only[] = {"cap=150", "on_watchdog=coredump-destroy", NULL};
	char *a, *b;
	int rc;

	/* One domain, two syntaxes: the same JSON (with the keys XML has no form for). */
	a = json_of("tests/pvctl-configs/good/guest.cfg", NULL);
	b = json_of("tests/pvctl-configs/good/guest.xml", xl_only);
	CHECK(a && b && !strcmp(a, b), "guest.cfg and guest.xml differ:\n%s\n%s", a, b);
	free(a);
	free(b);

	check_good_guest("guest.cfg");
	CHECK(cfg->on_watchdog == PVCTL_ACTION_COREDUMP_DESTROY && cfg->cap == 150,
	      "guest.cfg: on_watchdog, cap");
	check_good_guest("guest.xml");
	rc = pvctl_config_load("tests/pvctl-configs/good/minimal.cfg", cfg);
	CHECK(rc == 0 && !strcmp(cfg->name, "tiny") && cfg->memory_mib == 128, "minimal.cfg: %s",
	      cfg->error);
	rc = pvctl_config_load("tests/pvctl-configs/good/debian-xen-tools.cfg", cfg);
	CHECK(rc == 0, "debian-xen-tools.cfg: %s", cfg->error);
	CHECK(!strcmp(cfg->name, "deb12") && cfg->memory_mib == 256 && cfg->vcpus == 1 &&
		      !strcmp(cfg->cmdline, "root=/dev/xvda2 ro elevator=noop") &&
		      cfg->nr_disks == 2 && !strcmp(cfg->disks[1].vdev, "xvda1") &&
		      !strcmp(cfg->disks[1].target, "/home/xen/domains/deb12/swap.img") &&
		      cfg->on_crash == PVCTL_ACTION_RESTART && cfg->nr_vifs == 1,
	      "debian-xen-tools.cfg values");
	CHECK(has(cfg->warnings, "debian-xen-tools.cfg:37: warning: unknown key dhcp"),
	      "debian-xen-tools.cfg warnings: %s", cfg->warnings);
}

int main(void)
{
	test_defaults();
	test_syntax();
	test_keys();
	test_cmdline();
	test_cpus();
	test_disks();
	test_vifs();
	test_overrides();
	test_xml_units();
	test_xml();
	test_host();
	test_json();
	test_good();
	test_corpus();
	return unit_report("pvctl_config");
}
