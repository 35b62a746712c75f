/* SPDX-License-Identifier: MIT */
/*
 * platform_op: what the hardware domain tells or asks the hypervisor
 * about the machine (time of day, MTRRs, microcode, firmware tables,
 * ACPI sleep, physical CPUs). Only the operations a dom0 needs are
 * declared here; the rest keep their Xen numbers but are absent.
 *
 * The one idea: one struct xen_platform_op carries every operation,
 * with an interface version the hypervisor checks first.
 */
#ifndef __XEN_PUBLIC_PLATFORM_H__
#define __XEN_PUBLIC_PLATFORM_H__

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

/*
 * @op __HYPERVISOR_platform_op (7)
 * platform_op(GUEST_PTR(xen_platform_op_t) op): op->cmd is a XENPF_*
 * below; op->u is copied back for OUT fields.
 * Caller: a privileged domain (Xen: the control domain) only.
 * Errors: in this order, -EFAULT (op unreadable); -EACCES
 * (interface_version is not XENPF_INTERFACE_VERSION, whoever calls);
 * -EPERM (not privileged); -ENOSYS (unknown or absent cmd); per cmd
 * below; -EFAULT (a result cannot be written).
 * Implemented: partly: settime32/64, firmware_info, get_cpuinfo; every
 * other cmd is -ENOSYS
 *
 * @op XENPF_settime32 (17), XENPF_settime64 (62)
 * Sets the wall clock: secs/nsecs was the time of day at system_time.
 * Every domain's shared_info wallclock (wc_sec, wc_sec_hi, wc_nsec, under
 * the wc_version protocol) becomes secs.nsecs minus system_time, computed
 * in unsigned 64-bit ns as Xen does (nsecs is not range-checked).
 * Linux dom0 calls settime64 at every timekeeping sync.
 * IN  secs, nsecs, system_time; mbz (settime64): zero.
 * Caller: a privileged domain.
 * Errors: -EFAULT; -EACCES; -EPERM; -EINVAL (settime64 with mbz non-zero;
 * settime32 has no error of its own).
 * Implemented: yes
 *
 * @op XENPF_add_memtype (31), XENPF_del_memtype (32), XENPF_read_memtype (33)
 * Manages MTRR ranges: add returns handle and reg; del takes them; read
 * returns the range of reg.
 * IN/OUT as in the structures.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -EINVAL (bad range, type or reg); -ENOSPC
 * (no free MTRR); -EBUSY.
 * Implemented: not yet
 *
 * @op XENPF_microcode_update (35)
 * Loads a CPU microcode blob on all CPUs.
 * IN  data, length.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -EINVAL (blob not for this CPU); -ENOMEM;
 * -EBUSY (update in progress); -EIO (a CPU failed to update).
 * Implemented: not yet
 *
 * @op XENPF_platform_quirk (39)
 * IN  quirk_id: QUIRK_*.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -EINVAL (unknown quirk).
 * Implemented: not yet
 *
 * @op XENPF_firmware_info (50)
 * Returns firmware data saved at boot (EDD disks, MBR signatures,
 * VBE/DDC, EFI tables, keyboard shift flags).
 * IN  type (XEN_FW_*), index. OUT u (only the member of type).
 * Caller: a privileged domain.
 * Errors: -EFAULT; -EACCES; -EPERM; -ESRCH (DISK_INFO or MBR_SIGNATURE
 * index at or past the entries found at boot; VBEDDC_INFO with no EDID
 * read at boot or index not 0; KBD_SHIFT_FLAGS index not 0); -ENOSYS
 * (EFI_INFO when not booted through EFI); -EINVAL (unknown type; EFI
 * index unknown).
 * Implemented: yes (xen-like gathers no EDD, MBR or EDID data and does
 * not boot through EFI, so only KBD_SHIFT_FLAGS index 0 succeeds: the
 * BIOS data area's shift flags)
 *
 * @op XENPF_enter_acpi_sleep (51)
 * Puts the machine in an ACPI sleep state.
 * IN  val_a, val_b, sleep_state, flags.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -EINVAL (bad state or flags); -EBUSY.
 * Implemented: not yet
 *
 * @op XENPF_change_freq (52)
 * IN  flags (zero), cpu, freq (Hz).
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -EINVAL; -ENOENT (CPU offline).
 * Implemented: not yet
 *
 * @op XENPF_getidletime (53)
 * Idle time (ns) of each CPU in a bitmap, and the time of sampling.
 * IN  cpumap_bitmap, cpumap_nr_cpus, idletime. OUT now, bitmap trimmed to
 * online CPUs.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -ENOMEM.
 * Implemented: not yet
 *
 * @op XENPF_get_cpuinfo (55)
 * A CPU number that is not present is no error: flags is then
 * XEN_PCPU_FLAGS_INVALID and apic_id, acpi_id are left as passed.
 * IN  xen_cpuid. OUT max_present (highest present CPU), flags
 * (XEN_PCPU_FLAGS_ONLINE or 0, or XEN_PCPU_FLAGS_INVALID), apic_id,
 * acpi_id (the MADT's processor UID; ~0 if the MADT lacks the CPU).
 * Caller: a privileged domain.
 * Errors: -EFAULT; -EACCES; -EPERM.
 * Implemented: yes
 *
 * @op XENPF_get_cpu_version (48)
 * IN  xen_cpuid. OUT max_present, vendor_id, family, model, stepping.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -EINVAL.
 * Implemented: not yet
 *
 * @op XENPF_cpu_online (56), XENPF_cpu_offline (57)
 * IN  cpuid.
 * Caller: the hardware domain.
 * Errors: -EFAULT; -EPERM; -EINVAL (bad CPU); -EBUSY (last CPU, or busy);
 * -EOPNOTSUPP.
 * Implemented: not yet
 */
#define XENPF_settime32 17
struct xenpf_settime32 {
	uint32_t secs;        /* IN */
	uint32_t nsecs;       /* IN */
	uint64_t system_time; /* IN */
};
typedef struct xenpf_settime32 xenpf_settime32_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_settime32_t);

#define XENPF_settime64 62
struct xenpf_settime64 {
	uint64_t secs;        /* IN */
	uint32_t nsecs;       /* IN */
	uint32_t mbz;         /* IN: zero */
	uint64_t system_time; /* IN */
};
typedef struct xenpf_settime64 xenpf_settime64_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_settime64_t);

#define XENPF_settime   XENPF_settime64
#define xenpf_settime   xenpf_settime64
typedef struct xenpf_settime64 xenpf_settime_t;

#define XENPF_add_memtype 31
struct xenpf_add_memtype {
	xen_pfn_t mfn;    /* IN */
	uint64_t nr_mfns; /* IN */
	uint32_t type;    /* IN: MTRR type */
	uint32_t handle;  /* OUT */
	uint32_t reg;     /* OUT */
	uint32_t pad;
};
typedef struct xenpf_add_memtype xenpf_add_memtype_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_add_memtype_t);

#define XENPF_del_memtype 32
struct xenpf_del_memtype {
	uint32_t handle; /* IN */
	uint32_t reg;    /* IN */
};
typedef struct xenpf_del_memtype xenpf_del_memtype_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_del_memtype_t);

#define XENPF_read_memtype 33
struct xenpf_read_memtype {
	uint32_t reg;     /* IN */
	uint32_t pad0;
	xen_pfn_t mfn;    /* OUT */
	uint64_t nr_mfns; /* OUT */
	uint32_t type;    /* OUT */
	uint32_t pad1;
};
typedef struct xenpf_read_memtype xenpf_read_memtype_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_read_memtype_t);

#define XENPF_microcode_update 35
struct xenpf_microcode_update {
	XEN_GUEST_HANDLE(const_void) data; /* IN */
	uint32_t length;                   /* IN */
	uint32_t pad;
};
typedef struct xenpf_microcode_update xenpf_microcode_update_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_microcode_update_t);

#define XENPF_platform_quirk 39
#define QUIRK_NOIRQBALANCING     1
#define QUIRK_IOAPIC_BAD_REGSEL  2
#define QUIRK_IOAPIC_GOOD_REGSEL 3
struct xenpf_platform_quirk {
	uint32_t quirk_id; /* IN */
};
typedef struct xenpf_platform_quirk xenpf_platform_quirk_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_platform_quirk_t);

#define XENPF_firmware_info 50
#define XEN_FW_DISK_INFO          1 /* EDD drive parameters */
#define XEN_FW_DISK_MBR_SIGNATURE 2
#define XEN_FW_VBEDDC_INFO        3
#define XEN_FW_EFI_INFO           4 /* index: XEN_FW_EFI_* */
#define XEN_FW_EFI_VERSION        0
#define XEN_FW_EFI_CONFIG_TABLE   1
#define XEN_FW_EFI_VENDOR         2
#define XEN_FW_EFI_MEM_INFO       3
#define XEN_FW_EFI_RT_VERSION     4
#define XEN_FW_EFI_PCI_ROM        5
#define XEN_FW_EFI_APPLE_PROPERTIES 6
#define XEN_FW_KBD_SHIFT_FLAGS    5
struct xenpf_firmware_info {
	uint32_t type;  /* IN: XEN_FW_* */
	uint32_t index; /* IN */
	union {
		struct {
			uint8_t device;
			uint8_t version;
			uint16_t interface_support;
			uint16_t legacy_max_cylinder;
			uint8_t legacy_max_head;
			uint8_t legacy_sectors_per_track;
			XEN_GUEST_HANDLE(void) edd_params; /* IN: buffer */
		} disk_info;
		struct {
			uint8_t device;
			uint8_t pad[3];
			uint32_t mbr_signature;
		} disk_mbr_signature;
		struct {
			uint8_t capabilities;
			uint8_t edid_transfer_time;
			uint8_t pad[6];
			XEN_GUEST_HANDLE(uint8) edid; /* IN: 128-byte buffer */
		} vbeddc_info;
		union xenpf_efi_info {
			uint32_t version;
			struct {
				uint64_t addr;
				uint32_t nent;
				uint32_t pad;
			} cfg;
			struct {
				uint32_t revision;
				uint32_t bufsz;
				XEN_GUEST_HANDLE(void) name;
			} vendor;
			struct {
				uint64_t addr;
				uint64_t size;
				uint64_t attr;
				uint32_t type;
				uint32_t pad;
			} mem;
			struct {
				uint16_t segment;
				uint8_t bus;
				uint8_t devfn;
				uint16_t vendor;
				uint16_t devid;
				uint64_t address;
				xen_ulong_t size;
			} pci_rom;
			struct {
				uint64_t address;
				xen_ulong_t size;
			} apple_properties;
		} efi_info;
		uint8_t kbd_shift_flags;
	} u; /* OUT */
};
typedef struct xenpf_firmware_info xenpf_firmware_info_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_firmware_info_t);

#define XENPF_enter_acpi_sleep 51
struct xenpf_enter_acpi_sleep {
	uint16_t val_a;       /* IN: PM1a control (or sleep control) value */
	uint16_t val_b;       /* IN: PM1b control (or sleep type) value */
	uint32_t sleep_state; /* IN: S state */
#define XENPF_ACPI_SLEEP_EXTENDED 0x00000001
	uint32_t flags;       /* IN */
};
typedef struct xenpf_enter_acpi_sleep xenpf_enter_acpi_sleep_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_enter_acpi_sleep_t);

#define XENPF_change_freq 52
struct xenpf_change_freq {
	uint32_t flags; /* IN: zero */
	uint32_t cpu;   /* IN */
	uint64_t freq;  /* IN: Hz */
};
typedef struct xenpf_change_freq xenpf_change_freq_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_change_freq_t);

#define XENPF_getidletime 53
struct xenpf_getidletime {
	XEN_GUEST_HANDLE(uint8) cpumap_bitmap; /* IN/OUT */
	uint32_t cpumap_nr_cpus;               /* IN */
	uint32_t pad;
	XEN_GUEST_HANDLE(uint64) idletime;     /* OUT: ns per CPU */
	uint64_t now;                          /* OUT: system time */
};
typedef struct xenpf_getidletime xenpf_getidletime_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_getidletime_t);

#define XENPF_get_cpuinfo 55
struct xenpf_pcpuinfo {
	uint32_t xen_cpuid;   /* IN */
	uint32_t max_present; /* OUT */
#define XEN_PCPU_FLAGS_ONLINE  1
#define XEN_PCPU_FLAGS_INVALID 2
	uint32_t flags;       /* OUT */
	uint32_t apic_id;     /* OUT */
	uint32_t acpi_id;     /* OUT */
};
typedef struct xenpf_pcpuinfo xenpf_pcpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_pcpuinfo_t);

#define XENPF_get_cpu_version 48
struct xenpf_pcpu_version {
	uint32_t xen_cpuid;   /* IN */
	uint32_t max_present; /* OUT */
	char vendor_id[12];   /* OUT */
	uint32_t family;      /* OUT */
	uint32_t model;       /* OUT */
	uint32_t stepping;    /* OUT */
};
typedef struct xenpf_pcpu_version xenpf_pcpu_version_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_pcpu_version_t);

#define XENPF_cpu_online  56
#define XENPF_cpu_offline 57
struct xenpf_cpu_ol {
	uint32_t cpuid; /* IN */
};
typedef struct xenpf_cpu_ol xenpf_cpu_ol_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_cpu_ol_t);

struct xen_platform_op {
	uint32_t cmd;               /* IN: XENPF_* */
	uint32_t interface_version; /* IN: XENPF_INTERFACE_VERSION */
	union {
		xenpf_settime_t settime;
		xenpf_settime32_t settime32;
		xenpf_settime64_t settime64;
		xenpf_add_memtype_t add_memtype;
		xenpf_del_memtype_t del_memtype;
		xenpf_read_memtype_t read_memtype;
		xenpf_microcode_update_t microcode;
		xenpf_platform_quirk_t platform_quirk;
		xenpf_firmware_info_t firmware_info;
		xenpf_enter_acpi_sleep_t enter_acpi_sleep;
		xenpf_change_freq_t change_freq;
		xenpf_getidletime_t getidletime;
		xenpf_pcpuinfo_t pcpu_info;
		xenpf_pcpu_version_t pcpu_version;
		xenpf_cpu_ol_t cpu_ol;
		uint8_t pad[128];
	} u;
};
typedef struct xen_platform_op xen_platform_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_platform_op_t);

#endif /* __XEN_PUBLIC_PLATFORM_H__ */
