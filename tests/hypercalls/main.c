// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "misc" hypercalls every PV kernel starts with. Behaviour under test:
 * - xen_version: version, extraversion, compile_info, capabilities
 *   (offers "xen-3.0-x86_64"), changeset (strings NUL-terminated inside
 *   their buffers), platform_parameters (virt_start is
 *   HYPERVISOR_VIRT_START), get_features (never auto-translated nor
 *   supervisor-mode kernel for PV; dom0 iff SIF_INITDOMAIN; submap 1 is
 *   -EINVAL; the bits Linux needs are tests/linux-features' business),
 *   pagesize (4096), guest_handle (16 bytes, nothing more); an unknown
 *   sub-op is -ENOSYS and an unwritable buffer -EFAULT;
 * - console_io: CONSOLEIO_write returns 0, a bad buffer -EFAULT, an
 *   unknown command -ENOSYS;
 * - an unknown hypercall number is -ENOSYS (never-allocated numbers,
 *   numbers past the table, and a known number with high bits set in rax);
 * - multicall: entries run in order, each result in its entry, the batch
 *   itself returns 0;
 * - vm_assist: pae_extended_cr3 (moot on x86-64) toggles, undefined
 *   types are -EINVAL, an unknown command -ENOSYS.
 */
#include <public/errno.h>
#include <public/features.h>
#include <public/version.h>
#include <framework.h>

const char test_title[] = "xen_version, console_io, unknown hypercalls, multicall";

#define BAD_VA 0x40000000UL /* unmapped */

/* A string result must end inside its buffer. */
static bool check_string(const char *what, const char *buf, size_t size)
{
	if (strnlen(buf, size) < size)
		return true;
	xtf_failure("%s: expected a NUL inside %zu bytes, got none", what, size);
	return false;
}

static void test_version(void)
{
	long rc = HYPERVISOR_xen_version(XENVER_version, NULL);
	xen_extraversion_t extra;
	xen_compile_info_t ci;
	static xen_capabilities_info_t caps;
	xen_changeset_info_t cs;

	if (rc <= 0) {
		xtf_failure("XENVER_version: expected (major << 16) | minor > 0, got %ld", rc);
		return;
	}
	memset(extra, 0xff, sizeof(extra));
	if (check_long("XENVER_extraversion", 0,
		       HYPERVISOR_xen_version(XENVER_extraversion, extra)) &&
	    check_string("XENVER_extraversion", extra, sizeof(extra)))
		printk("Hypervisor version %ld.%ld%s\n", rc >> 16, rc & 0xffff, extra);

	memset(&ci, 0xff, sizeof(ci));
	if (check_long("XENVER_compile_info", 0,
		       HYPERVISOR_xen_version(XENVER_compile_info, &ci)) &&
	    check_string("compile_info.compiler", ci.compiler, sizeof(ci.compiler)) &&
	    check_string("compile_info.compile_by", ci.compile_by, sizeof(ci.compile_by)) &&
	    check_string("compile_info.compile_domain", ci.compile_domain,
			 sizeof(ci.compile_domain)) &&
	    check_string("compile_info.compile_date", ci.compile_date, sizeof(ci.compile_date)))
		printk("Compiled by %s with %s on %s\n", ci.compile_by, ci.compiler,
		       ci.compile_date);

	memset(caps, 0xff, sizeof(caps));
	if (check_long("XENVER_capabilities", 0,
		       HYPERVISOR_xen_version(XENVER_capabilities, caps)) &&
	    check_string("XENVER_capabilities", caps, sizeof(caps))) {
		bool found = false;

		/* Look for the whole word. */
		for (const char *p = caps; (p = strstr(p, "xen-3.0-x86_64")); p++)
			if ((p == caps || p[-1] == ' ') && (p[14] == ' ' || p[14] == '\0'))
				found = true;
		if (!found)
			xtf_failure("XENVER_capabilities: expected the word \"xen-3.0-x86_64\", "
				    "got \"%s\"",
				    caps);
	}

	memset(cs, 0xff, sizeof(cs));
	if (check_long("XENVER_changeset", 0, HYPERVISOR_xen_version(XENVER_changeset, cs)))
		check_string("XENVER_changeset", cs, sizeof(cs));
}

static void test_parameters(void)
{
	xen_platform_parameters_t pp = {.virt_start = 0};
	xen_feature_info_t fi = {.submap_idx = 0};
	uint8_t handle[sizeof(xen_domain_handle_t) + 8];
	bool dom0 = start_info->flags & SIF_INITDOMAIN;

	if (check_long("XENVER_platform_parameters", 0,
		       HYPERVISOR_xen_version(XENVER_platform_parameters, &pp)))
		check_u64("platform_parameters.virt_start", HYPERVISOR_VIRT_START, pp.virt_start);

	if (check_long("XENVER_get_features(0)", 0,
		       HYPERVISOR_xen_version(XENVER_get_features, &fi))) {
		static const struct {
			const char *name;
			unsigned int bit;
			bool set;
		} bits[] = {
			{"XENFEAT_auto_translated_physmap", XENFEAT_auto_translated_physmap, false},
			{"XENFEAT_supervisor_mode_kernel", XENFEAT_supervisor_mode_kernel, false},
		};
		char what[64];

		printk("Features submap 0: %#x\n", fi.submap);
		for (unsigned int i = 0; i < ARRAY_SIZE(bits); i++) {
			snprintf(what, sizeof(what), "get_features: %s", bits[i].name);
			check_u64(what, bits[i].set, (fi.submap >> bits[i].bit) & 1);
		}
		check_u64("get_features: XENFEAT_dom0 (= SIF_INITDOMAIN)", dom0,
			  (fi.submap >> XENFEAT_dom0) & 1);
	}
	fi.submap_idx = XENFEAT_NR_SUBMAPS;
	check_long("XENVER_get_features(1)", -XEN_EINVAL,
		   HYPERVISOR_xen_version(XENVER_get_features, &fi));

	check_long("XENVER_pagesize", 4096, HYPERVISOR_xen_version(XENVER_pagesize, NULL));

	memset(handle, 0xa5, sizeof(handle));
	if (check_long("XENVER_guest_handle", 0,
		       HYPERVISOR_xen_version(XENVER_guest_handle, handle)))
		for (size_t i = sizeof(xen_domain_handle_t); i < sizeof(handle); i++)
			if (handle[i] != 0xa5) {
				xtf_failure("XENVER_guest_handle: expected 16 bytes written, got a "
					    "write at byte %zu",
					    i);
				break;
			}

	check_long("xen_version(unknown cmd 0x7f)", -XEN_ENOSYS,
		   HYPERVISOR_xen_version(0x7f, NULL));
	check_long("XENVER_extraversion to an unmapped buffer", -XEN_EFAULT,
		   HYPERVISOR_xen_version(XENVER_extraversion, (void *)BAD_VA));
}

static void test_console(void)
{
	static const char msg[] = "console_io: written directly\n";

	check_long("CONSOLEIO_write", 0,
		   HYPERVISOR_console_io(CONSOLEIO_write, sizeof(msg) - 1, (char *)msg));
	check_long("CONSOLEIO_write from an unmapped buffer", -XEN_EFAULT,
		   HYPERVISOR_console_io(CONSOLEIO_write, 16, (char *)BAD_VA));
	check_long("console_io(unknown cmd 99)", -XEN_ENOSYS, HYPERVISOR_console_io(99, 0, NULL));
}

static void test_unknown(void)
{
	static const uint64_t numbers[] = {
		11, /* never allocated */
		43, /* never allocated */
		63, /* last slot of a 64-entry table */
		64,
		127, /* past the table, inside the hypercall page */
		1000,
		0xffffffffUL,				/* far past it */
		(1UL << 32) | __HYPERVISOR_xen_version, /* high bits of rax are not ignored */
	};
	char what[64];

	for (unsigned int i = 0; i < ARRAY_SIZE(numbers); i++) {
		snprintf(what, sizeof(what), "hypercall %#llx (syscall)",
			 (unsigned long long)numbers[i]);
		check_long(what, -XEN_ENOSYS, hypercall_syscall(numbers[i], 0, 0, 0, 0, 0));
		if (numbers[i] < 128) {
			snprintf(what, sizeof(what), "hypercall %llu (hypercall page)",
				 (unsigned long long)numbers[i]);
			check_long(what, -XEN_ENOSYS,
				   hypercall_via_page(numbers[i], 0, 0, 0, 0, 0));
		}
	}
}

static void test_multicall(void)
{
	static const char msg[] = "multicall: console_io entry\n";
	xen_feature_info_t fi = {.submap_idx = 0};
	long version = HYPERVISOR_xen_version(XENVER_version, NULL);
	multicall_entry_t calls[] = {
		{.op = __HYPERVISOR_xen_version, .args = {XENVER_version}},
		{.op = __HYPERVISOR_xen_version, .args = {XENVER_pagesize}},
		{.op = 43},
		{.op = __HYPERVISOR_console_io,
		 .args = {CONSOLEIO_write, sizeof(msg) - 1, (uintptr_t)msg}},
		{.op = __HYPERVISOR_xen_version, .args = {XENVER_get_features, (uintptr_t)&fi}},
		{.op = __HYPERVISOR_xen_version, .args = {XENVER_get_features, BAD_VA}},
	};
	const long expected[] = {version, 4096, -XEN_ENOSYS, 0, 0, -XEN_EFAULT};
	char what[48];

	for (unsigned int i = 0; i < ARRAY_SIZE(calls); i++)
		calls[i].result = 0xdeadbeef;
	if (!check_long("multicall", 0, HYPERVISOR_multicall(calls, ARRAY_SIZE(calls))))
		return;
	for (unsigned int i = 0; i < ARRAY_SIZE(calls); i++) {
		snprintf(what, sizeof(what), "multicall entry %u result", i);
		check_long(what, expected[i], (long)calls[i].result);
	}
	{
		xen_feature_info_t direct = {.submap_idx = 0};

		HYPERVISOR_xen_version(XENVER_get_features, &direct);
		check_u64("multicall get_features: submap as from a direct call", direct.submap,
			  fi.submap);
	}
}

/* vm_assist: a type that is valid (and moot) for 64-bit PV, and refusals. */
static void test_vm_assist(void)
{
	check_long("vm_assist enable pae_extended_cr3", 0,
		   HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_pae_extended_cr3));
	check_long("vm_assist disable pae_extended_cr3", 0,
		   HYPERVISOR_vm_assist(VMASST_CMD_disable, VMASST_TYPE_pae_extended_cr3));
	check_long("vm_assist type 31 (not defined)", -XEN_EINVAL,
		   HYPERVISOR_vm_assist(VMASST_CMD_enable, 31));
	check_long("vm_assist type 64 (out of range)", -XEN_EINVAL,
		   HYPERVISOR_vm_assist(VMASST_CMD_enable, 64));
	check_long("vm_assist unknown command", -XEN_ENOSYS,
		   HYPERVISOR_vm_assist(2, VMASST_TYPE_pae_extended_cr3));
}

void test_main(void)
{
	test_vm_assist();
	test_version();
	test_parameters();
	test_console();
	test_unknown();
	test_multicall();
	xtf_success(NULL);
}
