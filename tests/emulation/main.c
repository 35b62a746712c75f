// SPDX-License-Identifier: GPL-2.0-only
/*
 * Instructions the hypervisor emulates for a PV kernel running in ring 3.
 * Behaviour under test:
 * - forced-emulation CPUID (`ud2; "xen"; cpuid`) is emulated, not
 *   delivered as #UD: leaf 0 gives a max leaf >= 1 and a printable vendor,
 *   leaf 1 a non-zero family and the hypervisor bit, leaf 0x40000000 the
 *   "XenVMMXenVMM" signature Linux looks for;
 * - RDMSR/WRMSR of FS_BASE, GS_BASE and SHADOW_GS_BASE (#GP-emulated)
 *   read back what was written, and agree with set_segment_base;
 * - RDMSR of IA32_PAT returns Xen's PAT, 0x0000050100070406;
 * - a non-canonical WRMSR FS_BASE and an RDMSR of an MSR that does not
 *   exist raise #GP(0) in the guest.
 */
#include <framework.h>

const char test_title[] = "Forced-emulation CPUID, RDMSR and WRMSR";

#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102
#define MSR_IA32_PAT 0x00000277
#define MSR_BOGUS 0xdeadbeef
#define XEN_PAT 0x0000050100070406ULL

struct cpuid_res {
	uint32_t a, b, c, d;
};

/* Returns false if the forced CPUID faulted instead of being emulated. */
static bool xen_cpuid(uint32_t leaf, struct cpuid_res *r)
{
	unsigned int faulted;

	asm volatile("xor %[f], %[f]\n\t"
		     "1: " XEN_CPUID "\n\t"
		     "jmp 3f\n\t"
		     "2: mov $1, %[f]\n\t"
		     "3:\n\t" _ASM_EXTABLE(1b, 2b)
		     : "=a"(r->a), "=b"(r->b), "=c"(r->c), "=d"(r->d), [f] "=&r"(faulted)
		     : "0"(leaf), "2"(0)
		     : "memory");
	return !faulted;
}

/* The fixup leaves the exinfo in eax; move it aside so the result survives. */
static exinfo_t rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo, hi;
	exinfo_t fault;

	asm volatile("xor %[f], %[f]\n\t"
		     "1: rdmsr\n\t"
		     "jmp 3f\n\t"
		     "2: mov %%eax, %[f]\n\t"
		     "xor %%eax, %%eax\n\t"
		     "xor %%edx, %%edx\n\t"
		     "3:\n\t" _ASM_EXTABLE(1b, 2b)
		     : "=a"(lo), "=d"(hi), [f] "=&r"(fault)
		     : "c"(msr)
		     : "memory");
	*val = ((uint64_t)hi << 32) | lo;
	return fault;
}

static exinfo_t wrmsr_safe(uint32_t msr, uint64_t val)
{
	uint32_t lo = (uint32_t)val;
	exinfo_t fault;

	asm volatile("xor %[f], %[f]\n\t"
		     "1: wrmsr\n\t"
		     "jmp 3f\n\t"
		     "2: mov %%eax, %[f]\n\t"
		     "3:\n\t" _ASM_EXTABLE(1b, 2b)
		     : [f] "=&r"(fault), "+a"(lo)
		     : "c"(msr), "d"((uint32_t)(val >> 32))
		     : "memory");
	return fault;
}

static void test_cpuid(void)
{
	struct cpuid_res r;
	char vendor[13];

	if (!xen_cpuid(0, &r)) {
		xtf_failure("forced CPUID leaf 0: expected emulation, got a fault (vector %u)",
			    exinfo_vec(r.a));
		return;
	}
	memcpy(vendor, &r.b, 4);
	memcpy(vendor + 4, &r.d, 4);
	memcpy(vendor + 8, &r.c, 4);
	vendor[12] = '\0';
	printk("CPUID 0: max leaf %#x, vendor \"%s\"\n", r.a, vendor);
	if (r.a < 1)
		xtf_failure("CPUID 0: max leaf: expected >= 1, got %#x", r.a);
	for (unsigned int i = 0; i < 12; i++)
		if (vendor[i] < 0x20 || vendor[i] > 0x7e) {
			xtf_failure("CPUID 0: vendor: expected 12 printable characters, got byte "
				    "%u = %#x",
				    i, (unsigned char)vendor[i]);
			break;
		}

	if (!xen_cpuid(1, &r)) {
		xtf_failure("forced CPUID leaf 1: expected emulation, got a fault");
		return;
	}
	printk("CPUID 1: eax %#x ebx %#x ecx %#x edx %#x\n", r.a, r.b, r.c, r.d);
	if (((r.a >> 8) & 0xf) == 0)
		xtf_failure("CPUID 1: family: expected non-zero, got eax %#x", r.a);
	check_u64("CPUID 1: ecx.hypervisor (bit 31)", 1, r.c >> 31);

	if (!xen_cpuid(0x40000000, &r)) {
		xtf_failure("forced CPUID leaf 0x40000000: expected emulation, got a fault");
		return;
	}
	memcpy(vendor, &r.b, 4);
	memcpy(vendor + 4, &r.c, 4);
	memcpy(vendor + 8, &r.d, 4);
	vendor[12] = '\0';
	printk("CPUID 0x40000000: max leaf %#x, signature \"%s\"\n", r.a, vendor);
	if (strcmp(vendor, "XenVMMXenVMM"))
		xtf_failure("CPUID 0x40000000: signature: expected \"XenVMMXenVMM\", got \"%s\"",
			    vendor);
	if (r.a < 0x40000002)
		xtf_failure("CPUID 0x40000000: max leaf: expected >= 0x40000002, got %#x", r.a);
}

static void test_msrs(void)
{
	static const struct {
		const char *name;
		uint32_t msr;
		uint64_t val;
	} bases[] = {
		{"FS_BASE", MSR_FS_BASE, 0x00007f1234567000ULL},
		{"GS_BASE", MSR_GS_BASE, 0x00007f89abcde000ULL},
		{"SHADOW_GS_BASE", MSR_SHADOW_GS_BASE, 0xffff888812345000ULL},
	};
	char what[64];
	uint64_t val;
	exinfo_t fault;

	for (unsigned int i = 0; i < ARRAY_SIZE(bases); i++) {
		snprintf(what, sizeof(what), "WRMSR %s", bases[i].name);
		if (!check_exinfo(what, 0, wrmsr_safe(bases[i].msr, bases[i].val)))
			continue;
		snprintf(what, sizeof(what), "RDMSR %s", bases[i].name);
		if (check_exinfo(what, 0, rdmsr_safe(bases[i].msr, &val)))
			check_u64(what, bases[i].val, val);
	}
	/* The hypercall and the MSR are two views of one register. */
	if (check_long("set_segment_base(SEGBASE_FS)", 0,
		       HYPERVISOR_set_segment_base(SEGBASE_FS, 0x5000)) &&
	    check_exinfo("RDMSR FS_BASE after set_segment_base", 0, rdmsr_safe(MSR_FS_BASE, &val)))
		check_u64("RDMSR FS_BASE after set_segment_base", 0x5000, val);
	for (unsigned int i = 0; i < ARRAY_SIZE(bases); i++)
		wrmsr_safe(bases[i].msr, 0);

	if (check_exinfo("RDMSR IA32_PAT", 0, rdmsr_safe(MSR_IA32_PAT, &val)))
		check_u64("RDMSR IA32_PAT", XEN_PAT, val);

	fault = wrmsr_safe(MSR_FS_BASE, 0x8000000000000000ULL);
	check_exinfo("WRMSR FS_BASE non-canonical", EXINFO_SYM(GP, 0), fault);
	fault = rdmsr_safe(MSR_BOGUS, &val);
	check_exinfo("RDMSR of a non-existent MSR", EXINFO_SYM(GP, 0), fault);
}

void test_main(void)
{
	test_cpuid();
	test_msrs();
	xtf_success(NULL);
}
