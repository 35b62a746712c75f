// SPDX-License-Identifier: GPL-2.0-only
/*
 * platform_op: what the hardware domain tells or asks the hypervisor
 * about the machine. Linux as dom0 sets the time of day (XENPF_settime64,
 * at every timekeeping sync), reads firmware data saved at boot
 * (XENPF_firmware_info) and the physical CPUs (XENPF_get_cpuinfo). Every
 * other operation (MTRRs, microcode, ACPI sleep and power management,
 * CPU hotplug...) is -ENOSYS, which Linux tolerates.
 *
 * The one idea: the checks come in Xen 4.17's order, copy in, interface
 * version (-EACCES), privilege (-EPERM), so a guest sees the same error
 * for the same mistake; and the answers are those of Xen on a machine
 * booted through Multiboot by a BIOS loader that gathered no disk (EDD),
 * MBR or display (EDID) data, and not booted through EFI. There is no
 * global platform lock as Xen's xenpf_lock: the wallclock has its own,
 * and the CPU tables do not change after boot (no CPU hotplug).
 */
#include <public/platform.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <asm/page.h>
#include <asm/smp.h>

/* The BIOS data area byte with the keyboard shift flags (what int 16h, AH=02h returns). */
#define BDA_KBD_SHIFT_FLAGS 0x417

/* Copy one member of @op (a local struct xen_platform_op) out to the guest's. */
#define COPY_FIELD_OUT(hnd, op, field)                                                  \
	(raw_copy_to_guest((hnd).p + __builtin_offsetof(struct xen_platform_op, field), \
			   &(op).field, sizeof((op).field))                             \
		 ? -EFAULT                                                              \
		 : 0)

/*
 * XENPF_firmware_info. Xen answers -ESRCH for an EDD or MBR index at or
 * past the count it gathered (none here) and for VBE/DDC data it never
 * read, -ENOSYS for EFI data when not booted by EFI, the shift flags
 * for index 0 only (-ESRCH otherwise), and -EINVAL for an unknown type.
 */
static long firmware_info(GUEST_PTR(xen_platform_op_t) u_op, struct xen_platform_op *op)
{
	struct xenpf_firmware_info *fw = &op->u.firmware_info;

	switch (fw->type) {
	case XEN_FW_DISK_INFO:
	case XEN_FW_DISK_MBR_SIGNATURE:
	case XEN_FW_VBEDDC_INFO:
		return -ESRCH;
	case XEN_FW_EFI_INFO:
		return -ENOSYS;
	case XEN_FW_KBD_SHIFT_FLAGS:
		if (fw->index != 0)
			return -ESRCH;
		/* The first MiB is never given to guests: the BIOS's byte is still there. */
		fw->u.kbd_shift_flags =
			*(const volatile uint8_t *)maddr_to_virt(BDA_KBD_SHIFT_FLAGS);
		return COPY_FIELD_OUT(u_op, *op, u.firmware_info.u.kbd_shift_flags);
	default:
		return -EINVAL;
	}
}

/*
 * XENPF_get_cpuinfo: one physical CPU. A CPU number that is not present
 * is not an error in Xen: the answer is flags = XEN_PCPU_FLAGS_INVALID
 * (apic_id and acpi_id left as the caller passed them), return 0; the
 * highest present CPU comes back either way.
 */
static long get_cpuinfo(GUEST_PTR(xen_platform_op_t) u_op, struct xen_platform_op *op)
{
	struct xenpf_pcpuinfo *info = &op->u.pcpu_info;
	unsigned int cpu = info->xen_cpuid;

	if (cpu >= NR_CPUS || !cpu_present(cpu)) {
		info->flags = XEN_PCPU_FLAGS_INVALID;
	} else {
		info->apic_id = cpu_to_apicid(cpu);
		info->acpi_id = cpu_to_acpiid(cpu);
		info->flags = cpu_online(cpu) ? XEN_PCPU_FLAGS_ONLINE : 0;
	}
	info->max_present = max_present_cpu();
	return COPY_FIELD_OUT(u_op, *op, u.pcpu_info);
}

long do_platform_op(GUEST_PTR(xen_platform_op_t) u_op)
{
	struct xen_platform_op op;

	if (copy_from_guest(&op, u_op, 1))
		return -EFAULT;
	if (op.interface_version != XENPF_INTERFACE_VERSION)
		return -EACCES;
	if (!current->domain->is_privileged)
		return -EPERM;

	switch (op.cmd) {
	case XENPF_settime32:
		do_settime(op.u.settime32.secs, op.u.settime32.nsecs, op.u.settime32.system_time);
		return 0;
	case XENPF_settime64:
		if (op.u.settime64.mbz)
			return -EINVAL;
		do_settime(op.u.settime64.secs, op.u.settime64.nsecs, op.u.settime64.system_time);
		return 0;
	case XENPF_firmware_info:
		return firmware_info(u_op, &op);
	case XENPF_get_cpuinfo:
		return get_cpuinfo(u_op, &op);
	default:
		return -ENOSYS;
	}
}
