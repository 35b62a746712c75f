// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU identification: vendor, brand, family/model/stepping, address
 * widths and the feature words the rest of the hypervisor tests through
 * cpu_has_*() (asm/cpufeature.h). Printed once at boot.
 */
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include <xen/lib.h>

struct cpuinfo_x86 boot_cpu_data;

struct feature_name {
	uint8_t word; /* index into the words[] array below */
	uint8_t bit;
	const char *name;
};

enum { W_1EDX, W_1ECX, W_7EBX, W_7ECX, W_E1EDX, W_E1ECX, W_E7EDX };

static const struct feature_name features[] = {
	{ W_1EDX, 0, "fpu" }, { W_1EDX, 4, "tsc" }, { W_1EDX, 5, "msr" },
	{ W_1EDX, 6, "pae" }, { W_1EDX, 8, "cx8" }, { W_1EDX, 9, "apic" },
	{ W_1EDX, 11, "sep" }, { W_1EDX, 12, "mtrr" }, { W_1EDX, 13, "pge" },
	{ W_1EDX, 15, "cmov" }, { W_1EDX, 16, "pat" }, { W_1EDX, 19, "clflush" },
	{ W_1EDX, 23, "mmx" }, { W_1EDX, 24, "fxsr" }, { W_1EDX, 25, "sse" },
	{ W_1EDX, 26, "sse2" }, { W_1EDX, 28, "htt" },
	{ W_1ECX, 0, "sse3" }, { W_1ECX, 1, "pclmulqdq" }, { W_1ECX, 9, "ssse3" },
	{ W_1ECX, 12, "fma" }, { W_1ECX, 13, "cx16" }, { W_1ECX, 17, "pcid" },
	{ W_1ECX, 19, "sse4_1" }, { W_1ECX, 20, "sse4_2" }, { W_1ECX, 21, "x2apic" },
	{ W_1ECX, 22, "movbe" }, { W_1ECX, 23, "popcnt" }, { W_1ECX, 24, "tsc_deadline" },
	{ W_1ECX, 25, "aes" }, { W_1ECX, 26, "xsave" }, { W_1ECX, 28, "avx" },
	{ W_1ECX, 30, "rdrand" }, { W_1ECX, 31, "hypervisor" },
	{ W_7EBX, 0, "fsgsbase" }, { W_7EBX, 3, "bmi1" }, { W_7EBX, 5, "avx2" },
	{ W_7EBX, 7, "smep" }, { W_7EBX, 8, "bmi2" }, { W_7EBX, 9, "erms" },
	{ W_7EBX, 10, "invpcid" }, { W_7EBX, 18, "rdseed" }, { W_7EBX, 20, "smap" },
	{ W_7ECX, 2, "umip" }, { W_7ECX, 7, "cet_ss" },
	{ W_E1EDX, 11, "syscall" }, { W_E1EDX, 20, "nx" }, { W_E1EDX, 26, "page1gb" },
	{ W_E1EDX, 27, "rdtscp" }, { W_E1EDX, 29, "lm" },
	{ W_E1ECX, 0, "lahf_lm" }, { W_E1ECX, 5, "abm" },
	{ W_E7EDX, 8, "invariant_tsc" },
};

void identify_cpu(struct cpuinfo_x86 *c)
{
	uint32_t a, b, cx, d, i;
	uint32_t *brand = (uint32_t *)c->brand;

	cpuid(0, &c->max_leaf, &b, &cx, &d);
	memcpy(c->vendor + 0, &b, 4);
	memcpy(c->vendor + 4, &d, 4);
	memcpy(c->vendor + 8, &cx, 4);
	c->vendor[12] = '\0';

	cpuid(1, &a, &b, &c->l1_ecx, &c->l1_edx);
	c->family = (a >> 8) & 0xf;
	c->model = (a >> 4) & 0xf;
	c->stepping = a & 0xf;
	if (c->family == 0xf)
		c->family += (a >> 20) & 0xff;
	if (c->family >= 6)
		c->model |= ((a >> 16) & 0xf) << 4;

	if (c->max_leaf >= 7)
		cpuid_count(7, 0, &a, &c->l7_ebx, &c->l7_ecx, &c->l7_edx);

	cpuid(0x80000000, &c->max_ext_leaf, &b, &cx, &d);
	if (c->max_ext_leaf >= 0x80000001)
		cpuid(0x80000001, &a, &b, &c->e1_ecx, &c->e1_edx);
	if (c->max_ext_leaf >= 0x80000004) {
		for (i = 0; i < 3; i++)
			cpuid(0x80000002 + i, &brand[i * 4], &brand[i * 4 + 1],
			      &brand[i * 4 + 2], &brand[i * 4 + 3]);
		c->brand[48] = '\0';
	} else {
		strlcpy(c->brand, "unknown", sizeof(c->brand));
	}
	if (c->max_ext_leaf >= 0x80000007)
		cpuid(0x80000007, &a, &b, &cx, &c->e7_edx);
	c->phys_bits = 36;
	c->virt_bits = 48;
	if (c->max_ext_leaf >= 0x80000008) {
		cpuid(0x80000008, &a, &b, &cx, &d);
		c->phys_bits = a & 0xff;
		c->virt_bits = (a >> 8) & 0xff;
	}
}

void print_cpu_info(const struct cpuinfo_x86 *c)
{
	const uint32_t words[] = { c->l1_edx, c->l1_ecx, c->l7_ebx, c->l7_ecx,
				   c->e1_edx, c->e1_ecx, c->e7_edx };
	char line[512];
	size_t n = 0;
	unsigned int i;
	const char *brand = c->brand;

	while (*brand == ' ')
		brand++;
	printk("CPU: %s %s (family %#x model %#x stepping %u)\n", c->vendor,
	       brand, c->family, c->model, c->stepping);
	printk("CPU: max leaf %#x, max extended leaf %#x, %u-bit physical, %u-bit virtual addresses\n",
	       c->max_leaf, c->max_ext_leaf, c->phys_bits, c->virt_bits);
	line[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(features); i++)
		if ((words[features[i].word] >> features[i].bit) & 1)
			n += scnprintf(line + n, sizeof(line) - n, " %s", features[i].name);
	printk("CPU features:%s\n", line);
}
