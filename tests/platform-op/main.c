// SPDX-License-Identifier: GPL-2.0-only
/*
 * platform_op as Linux dom0 uses it. Behaviour under test (Xen 4.17's):
 * - refusals: an unreadable op is -EFAULT; a wrong interface version is
 *   -EACCES whatever the command; an unknown command -ENOSYS. (-EPERM
 *   for a domU is not tested: it needs a second domain.)
 * - XENPF_settime64 sets the wallclock in shared_info to exactly
 *   secs.nsecs - system_time, in unsigned 64-bit ns (seconds above 2^32
 *   reach wc_sec_hi; nsecs of 10^9 or more carry into the seconds), with
 *   wc_version advanced and even; mbz != 0 is -EINVAL and changes
 *   nothing; XENPF_settime32 likewise with 32-bit seconds. The boot
 *   wallclock is put back at the end.
 * - XENPF_firmware_info on a machine booted by Multiboot without EDD,
 *   MBR data and without EFI: disk info and MBR signature index 0 are
 *   -ESRCH, EFI info -ENOSYS, VBE/DDC index 1 -ESRCH (index 0: an EDID
 *   block if one was read at boot, else -ESRCH), keyboard shift flags
 *   index 0 succeeds and index 1 is -ESRCH, an unknown type -EINVAL.
 * - XENPF_get_cpuinfo: each CPU up to max_present is online with a
 *   distinct APIC id (CPU 0: APIC id 0, ACPI id 0 under QEMU); a CPU
 *   past max_present, or 2^32 - 1, is no error: flags
 *   XEN_PCPU_FLAGS_INVALID, apic_id and acpi_id left as passed.
 */
#include <framework.h>
#include <guest/time.h>
#include <public/errno.h>
#include <public/platform.h>

const char test_title[] = "platform_op: settime32/64, firmware_info, get_cpuinfo, refusals";

#define BAD_VA 0x40000000UL /* unmapped */
#define NS 1000000000ULL
#define SENTINEL 0xdeadbeefU

static long platform_op(struct xen_platform_op *op, uint32_t cmd)
{
	op->cmd = cmd;
	op->interface_version = XENPF_INTERFACE_VERSION;
	return HYPERVISOR_platform_op(op);
}

static uint32_t wc_version(void)
{
	return ((volatile shared_info_t *)shared_info())->wc_version;
}

/* The wallclock must now be @ns (ns since the epoch at system time 0). */
static void check_wallclock(const char *what, uint64_t ns, uint32_t version_before)
{
	uint64_t sec;
	uint32_t nsec, version = wc_version();

	wallclock_read(&sec, &nsec);
	if (sec != ns / NS || nsec != ns % NS)
		xtf_failure("%s: wallclock: expected %llu.%09llu, got %llu.%09u", what,
			    (unsigned long long)(ns / NS), (unsigned long long)(ns % NS),
			    (unsigned long long)sec, nsec);
	if ((version & 1) || version == version_before)
		xtf_failure("%s: wc_version: expected even and past %u, got %u", what,
			    version_before, version);
}

static void test_refusals(void)
{
	struct xen_platform_op op = { 0 };

	check_long("platform_op, unreadable op", -XEN_EFAULT,
		   HYPERVISOR_platform_op((xen_platform_op_t *)BAD_VA));
	op.cmd = XENPF_settime64;
	op.interface_version = XENPF_INTERFACE_VERSION + 1;
	check_long("settime64 with a wrong interface version", -XEN_EACCES,
		   HYPERVISOR_platform_op(&op));
	op.cmd = 1000;
	op.interface_version = 0x03000000;
	check_long("unknown cmd with a wrong interface version", -XEN_EACCES,
		   HYPERVISOR_platform_op(&op));
	check_long("unknown cmd 0", -XEN_ENOSYS, platform_op(&op, 0));
	check_long("unknown cmd 1000", -XEN_ENOSYS, platform_op(&op, 1000));
}

static void test_settime(void)
{
	struct xen_platform_op op = { 0 };
	uint64_t boot_sec, now, want;
	uint32_t boot_nsec, v;

	wallclock_read(&boot_sec, &boot_nsec);

	/* One hour ahead, given as the time of day now. */
	now = pvclock_read();
	want = (boot_sec + 3600) * NS + 123456789;
	op.u.settime64.secs = (want + now) / NS;
	op.u.settime64.nsecs = (want + now) % NS;
	op.u.settime64.system_time = now;
	v = wc_version();
	check_long("settime64 (one hour ahead)", 0, platform_op(&op, XENPF_settime64));
	check_wallclock("settime64 (one hour ahead)", want, v);

	/* nsecs past a second are not normalised first: they carry. */
	op.u.settime64.secs = 2000000000ULL;
	op.u.settime64.nsecs = 1500000000U;
	op.u.settime64.system_time = 0;
	v = wc_version();
	check_long("settime64 (nsecs 1.5 s)", 0, platform_op(&op, XENPF_settime64));
	check_wallclock("settime64 (nsecs 1.5 s)", 2000000000ULL * NS + 1500000000ULL, v);

	/* Past 2^32 s: wc_sec_hi. */
	op.u.settime64.secs = (1ULL << 33) + 7;
	op.u.settime64.nsecs = 5;
	op.u.settime64.system_time = 2 * NS;
	v = wc_version();
	check_long("settime64 (2^33 s)", 0, platform_op(&op, XENPF_settime64));
	check_wallclock("settime64 (2^33 s)", ((1ULL << 33) + 5) * NS + 5, v);
	check_u64("settime64 (2^33 s): wc_sec_hi", 2, shared_info()->wc_sec_hi);

	/* mbz must be zero; nothing changes. */
	op.u.settime64.secs = 1;
	op.u.settime64.mbz = 1;
	v = wc_version();
	check_long("settime64 with mbz 1", -XEN_EINVAL, platform_op(&op, XENPF_settime64));
	check_u64("settime64 with mbz 1: wc_version", v, wc_version());
	check_wallclock("settime64 with mbz 1 (unchanged)", ((1ULL << 33) + 5) * NS + 5, v - 2);

	/* settime32: 32-bit seconds. */
	memset(&op, 0, sizeof(op));
	op.u.settime32.secs = 0xfffffff0U;
	op.u.settime32.nsecs = 999999999U;
	op.u.settime32.system_time = NS / 2;
	v = wc_version();
	check_long("settime32", 0, platform_op(&op, XENPF_settime32));
	check_wallclock("settime32", 0xfffffff0ULL * NS + 999999999ULL - NS / 2, v);
	check_u64("settime32: wc_sec_hi", 0, shared_info()->wc_sec_hi);

	/* Back to the boot value: the time of day at system time 0. */
	memset(&op, 0, sizeof(op));
	op.u.settime64.secs = boot_sec;
	op.u.settime64.nsecs = boot_nsec;
	v = wc_version();
	check_long("settime64 (boot wallclock back)", 0, platform_op(&op, XENPF_settime64));
	check_wallclock("settime64 (boot wallclock back)", boot_sec * NS + boot_nsec, v);
}

/*
 * VBE/DDC index 0 depends on the boot path: Xen booted by Multiboot from
 * a BIOS reads the display's EDID in real mode (QEMU's VGA BIOS has
 * one), so the answer is 0 and a 128-byte EDID block; without that read
 * (an EFI boot, edid=no, or xen-like, which never runs real-mode BIOS
 * code) it is -ESRCH. Either is right; anything else is not.
 */
static void test_vbeddc(void)
{
	static const uint8_t edid_header[8] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 };
	static uint8_t edid[128];
	struct xen_platform_op op;
	long rc;

	memset(&op, 0, sizeof(op));
	op.u.firmware_info.type = XEN_FW_VBEDDC_INFO;
	op.u.firmware_info.u.vbeddc_info.edid.p = (uint64_t)(uintptr_t)edid;
	rc = platform_op(&op, XENPF_firmware_info);
	if (rc == -XEN_ESRCH) {
		printk("VBE/DDC: no EDID read at boot (-ESRCH)\n");
	} else if (rc == 0) {
		printk("VBE/DDC: EDID read at boot, capabilities %#x, transfer time %u\n",
		       op.u.firmware_info.u.vbeddc_info.capabilities,
		       op.u.firmware_info.u.vbeddc_info.edid_transfer_time);
		if (memcmp(edid, edid_header, sizeof(edid_header)))
			xtf_failure("firmware_info: VBE/DDC 0: expected an EDID header, got "
				    "%02x %02x %02x %02x", edid[0], edid[1], edid[2], edid[3]);
	} else {
		xtf_failure("firmware_info: VBE/DDC 0: expected 0 or -ESRCH, got %ld", rc);
	}
}

static void test_firmware_info(void)
{
	static const struct {
		const char *what;
		uint32_t type, index;
		long rc;
	} cases[] = {
		{ "disk info 0 (no EDD data)", XEN_FW_DISK_INFO, 0, -XEN_ESRCH },
		{ "MBR signature 0 (none read)", XEN_FW_DISK_MBR_SIGNATURE, 0, -XEN_ESRCH },
		{ "VBE/DDC 1", XEN_FW_VBEDDC_INFO, 1, -XEN_ESRCH },
		{ "EFI version (not an EFI boot)", XEN_FW_EFI_INFO, XEN_FW_EFI_VERSION, -XEN_ENOSYS },
		{ "EFI memory info (not an EFI boot)", XEN_FW_EFI_INFO, XEN_FW_EFI_MEM_INFO, -XEN_ENOSYS },
		{ "keyboard shift flags 1", XEN_FW_KBD_SHIFT_FLAGS, 1, -XEN_ESRCH },
		{ "type 0", 0, 0, -XEN_EINVAL },
		{ "type 99", 99, 0, -XEN_EINVAL },
	};
	static uint8_t edd[512];
	struct xen_platform_op op;
	char what[96];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&op, 0, sizeof(op));
		op.u.firmware_info.type = cases[i].type;
		op.u.firmware_info.index = cases[i].index;
		*(uint16_t *)edd = sizeof(edd);
		op.u.firmware_info.u.disk_info.edd_params.p = (uint64_t)(uintptr_t)edd;
		snprintf(what, sizeof(what), "firmware_info: %s", cases[i].what);
		check_long(what, cases[i].rc, platform_op(&op, XENPF_firmware_info));
	}

	test_vbeddc();

	memset(&op, 0, sizeof(op));
	op.u.firmware_info.type = XEN_FW_KBD_SHIFT_FLAGS;
	op.u.firmware_info.u.kbd_shift_flags = 0xa5;
	if (check_long("firmware_info: keyboard shift flags 0", 0,
		       platform_op(&op, XENPF_firmware_info)))
		printk("keyboard shift flags: %#x\n", op.u.firmware_info.u.kbd_shift_flags);
}

static void test_cpuinfo(void)
{
	static const uint32_t absent[] = { 1, 64, 4096, 0xffffffffU };
	struct xen_platform_op op;
	struct xenpf_pcpuinfo *info = &op.u.pcpu_info;
	uint32_t max_present, cpu, apic_ids[64];
	unsigned int i, j;
	char what[80];

	memset(&op, 0, sizeof(op));
	if (!check_long("get_cpuinfo 0", 0, platform_op(&op, XENPF_get_cpuinfo)))
		return;
	max_present = info->max_present;
	printk("max_present %u\n", max_present);
	if (max_present >= ARRAY_SIZE(apic_ids)) {
		xtf_error("get_cpuinfo: max_present %u: more CPUs than this test handles", max_present);
		return;
	}
	check_u64("get_cpuinfo 0: APIC id (QEMU's first CPU)", 0, info->apic_id);
	check_u64("get_cpuinfo 0: ACPI id (QEMU's first CPU)", 0, info->acpi_id);
	for (cpu = 0; cpu <= max_present; cpu++) {
		memset(&op, 0, sizeof(op));
		info->xen_cpuid = cpu;
		snprintf(what, sizeof(what), "get_cpuinfo %u", cpu);
		if (!check_long(what, 0, platform_op(&op, XENPF_get_cpuinfo)))
			continue;
		printk("CPU%u: APIC id %u, ACPI id %u, flags %#x\n", cpu, info->apic_id,
		       info->acpi_id, info->flags);
		snprintf(what, sizeof(what), "get_cpuinfo %u: flags", cpu);
		check_u64(what, XEN_PCPU_FLAGS_ONLINE, info->flags);
		snprintf(what, sizeof(what), "get_cpuinfo %u: max_present", cpu);
		check_u64(what, max_present, info->max_present);
		apic_ids[cpu] = info->apic_id;
		for (j = 0; j < cpu; j++)
			if (apic_ids[j] == apic_ids[cpu])
				xtf_failure("get_cpuinfo: APIC ids: expected distinct, got %u for CPUs "
					    "%u and %u", apic_ids[j], j, cpu);
	}

	for (i = 0; i < ARRAY_SIZE(absent); i++) {
		cpu = absent[i] == 1 ? max_present + 1 : absent[i];
		if (cpu <= max_present)
			continue;
		memset(&op, 0, sizeof(op));
		info->xen_cpuid = cpu;
		info->apic_id = SENTINEL;
		info->acpi_id = SENTINEL;
		info->flags = XEN_PCPU_FLAGS_ONLINE;
		snprintf(what, sizeof(what), "get_cpuinfo %u (not present)", cpu);
		if (!check_long(what, 0, platform_op(&op, XENPF_get_cpuinfo)))
			continue;
		snprintf(what, sizeof(what), "get_cpuinfo %u (not present): flags", cpu);
		check_u64(what, XEN_PCPU_FLAGS_INVALID, info->flags);
		snprintf(what, sizeof(what), "get_cpuinfo %u (not present): max_present", cpu);
		check_u64(what, max_present, info->max_present);
		snprintf(what, sizeof(what), "get_cpuinfo %u (not present): apic_id, acpi_id", cpu);
		check_u64(what, ((uint64_t)SENTINEL << 32) | SENTINEL,
			  ((uint64_t)info->apic_id << 32) | info->acpi_id);
	}
}

void test_main(void)
{
	if (!(start_info->flags & SIF_PRIVILEGED)) {
		xtf_skip("platform_op needs the privileged domain");
		return;
	}
	test_refusals();
	test_settime();
	test_firmware_info();
	test_cpuinfo();
	if (xtf_result() == RESULT_NONE)
		xtf_success(NULL);
}
