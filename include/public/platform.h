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

/* XENPF_settime: the 64-bit form, or the 32-bit one before 4.6. */
#if __XEN_INTERFACE_VERSION__ < 0x00040600
#define XENPF_settime XENPF_settime32
#define xenpf_settime xenpf_settime32
#else
#define XENPF_settime XENPF_settime64
#define xenpf_settime xenpf_settime64
#endif
typedef struct xenpf_settime xenpf_settime_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_settime_t);

#define XENPF_add_memtype 31
struct xenpf_add_memtype {
	xen_pfn_t mfn;    /* IN */
	uint64_t nr_mfns; /* IN */
	uint32_t type;    /* IN: MTRR type */
	uint32_t handle;  /* OUT */
	uint32_t reg;     /* OUT */
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
	xen_pfn_t mfn;    /* OUT */
	uint64_t nr_mfns; /* OUT */
	uint32_t type;    /* OUT */
};
typedef struct xenpf_read_memtype xenpf_read_memtype_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_read_memtype_t);

#define XENPF_microcode_update 35
struct xenpf_microcode_update {
	XEN_GUEST_HANDLE(const_void) data; /* IN */
	uint32_t length;                   /* IN */
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

/*
 * XENPF_efi_runtime_call: dom0 calls an EFI runtime service through
 * the hypervisor, which owns the firmware. Not offered by xen-like
 * (-ENOSYS); the layout is Xen's.
 */
#define XENPF_efi_runtime_call 49
#define XEN_EFI_get_time                      1
#define XEN_EFI_set_time                      2
#define XEN_EFI_get_wakeup_time               3
#define XEN_EFI_set_wakeup_time               4
#define XEN_EFI_get_next_high_monotonic_count 5
#define XEN_EFI_get_variable                  6
#define XEN_EFI_set_variable                  7
#define XEN_EFI_get_next_variable_name        8
#define XEN_EFI_query_variable_info           9
#define XEN_EFI_query_capsule_capabilities    10
#define XEN_EFI_update_capsule                11

struct xenpf_efi_time {
	uint16_t year;
	uint8_t month;
	uint8_t day;
	uint8_t hour;
	uint8_t min;
	uint8_t sec;
	uint32_t ns;
	int16_t tz;      /* minutes from UTC */
	uint8_t daylight;
};

struct xenpf_efi_guid {
	uint32_t data1;
	uint16_t data2;
	uint16_t data3;
	uint8_t data4[8];
};

struct xenpf_efi_runtime_call {
	uint32_t function;  /* IN: XEN_EFI_* */
	uint32_t misc;      /* IN/OUT: the per-function flags below */
	xen_ulong_t status; /* OUT: EFI_STATUS */
	union {
#define XEN_EFI_GET_TIME_SET_CLEARS_NS 0x00000001
		struct {
			struct xenpf_efi_time time;
			uint32_t resolution;
			uint32_t accuracy;
		} get_time;
		struct xenpf_efi_time set_time;
#define XEN_EFI_GET_WAKEUP_TIME_ENABLED 0x00000001
#define XEN_EFI_GET_WAKEUP_TIME_PENDING 0x00000002
		struct xenpf_efi_time get_wakeup_time;
#define XEN_EFI_SET_WAKEUP_TIME_ENABLE      0x00000001
#define XEN_EFI_SET_WAKEUP_TIME_ENABLE_ONLY 0x00000002
		struct xenpf_efi_time set_wakeup_time;
#define XEN_EFI_VARIABLE_NON_VOLATILE       0x00000001
#define XEN_EFI_VARIABLE_BOOTSERVICE_ACCESS 0x00000002
#define XEN_EFI_VARIABLE_RUNTIME_ACCESS     0x00000004
		struct {
			XEN_GUEST_HANDLE(void) name; /* UCS-2, NUL-terminated */
			xen_ulong_t size;
			XEN_GUEST_HANDLE(void) data;
			struct xenpf_efi_guid vendor_guid;
		} get_variable, set_variable;
		struct {
			xen_ulong_t size;
			XEN_GUEST_HANDLE(void) name;
			struct xenpf_efi_guid vendor_guid;
		} get_next_variable_name;
#define XEN_EFI_VARINFO_BOOT_SNAPSHOT 0x00000001
		struct {
			uint32_t attr;
			uint64_t max_store_size;
			uint64_t remain_store_size;
			uint64_t max_size;
		} query_variable_info;
		struct {
			XEN_GUEST_HANDLE(void) capsule_header_array;
			xen_ulong_t capsule_count;
			uint64_t max_capsule_size;
			uint32_t reset_type;
		} query_capsule_capabilities;
		struct {
			XEN_GUEST_HANDLE(void) capsule_header_array;
			xen_ulong_t capsule_count;
			uint64_t sg_list; /* machine address */
		} update_capsule;
	} u;
};
typedef struct xenpf_efi_runtime_call xenpf_efi_runtime_call_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_efi_runtime_call_t);

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
			uint32_t mbr_signature;
		} disk_mbr_signature;
		struct {
			uint8_t capabilities;
			uint8_t edid_transfer_time;
			XEN_GUEST_HANDLE(uint8) edid; /* IN: 128-byte buffer */
		} vbeddc_info;
		union xenpf_efi_info {
			uint32_t version;
			struct {
				uint64_t addr;
				uint32_t nent;
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
#if __XEN_INTERFACE_VERSION__ < 0x00040300
	uint16_t pm1a_cnt_val; /* old names of val_a and val_b */
	uint16_t pm1b_cnt_val;
#else
	uint16_t val_a;       /* IN: PM1a control (or sleep control) value */
	uint16_t val_b;       /* IN: PM1b control (or sleep type) value */
#endif
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
	XEN_GUEST_HANDLE(uint64) idletime;     /* OUT: ns per CPU */
	uint64_t now;                          /* OUT: system time */
};
typedef struct xenpf_getidletime xenpf_getidletime_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_getidletime_t);

/*
 * XENPF_set_processor_pminfo: dom0 passes the ACPI power-management
 * data (C-states, P-states, _PDC) of a physical CPU to the hypervisor,
 * which drives idle and frequency itself. Not offered by xen-like.
 */
#define XENPF_set_processor_pminfo 54

/* Kinds of data the hypervisor accepts (a mask), ... */
#define XEN_PROCESSOR_PM_CX 1
#define XEN_PROCESSOR_PM_PX 2
#define XEN_PROCESSOR_PM_TX 4

/* ... xenpf_set_processor_pminfo.type, ... */
#define XEN_PM_CX  0
#define XEN_PM_PX  1
#define XEN_PM_TX  2
#define XEN_PM_PDC 3

/* ... and which P-state objects came with XEN_PM_PX (perf.flags). */
#define XEN_PX_PCT 1
#define XEN_PX_PSS 2
#define XEN_PX_PPC 4
#define XEN_PX_PSD 8

/* An ACPI generic address. */
struct xen_power_register {
	uint32_t space_id;
	uint32_t bit_width;
	uint32_t bit_offset;
	uint32_t access_size;
	uint64_t address;
};

/* C-state dependency (_CSD). */
struct xen_processor_csd {
	uint32_t domain;
	uint32_t coord_type;
	uint32_t num;
};
typedef struct xen_processor_csd xen_processor_csd_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_csd_t);

/* One C-state (_CST entry). */
struct xen_processor_cx {
	struct xen_power_register reg; /* how to enter it */
	uint8_t type;                  /* C1, C2, ... */
	uint32_t latency;              /* us */
	uint32_t power;                /* mW */
	uint32_t dpcnt;                /* entries at dp */
	XEN_GUEST_HANDLE(xen_processor_csd_t) dp;
};
typedef struct xen_processor_cx xen_processor_cx_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_cx_t);

struct xen_processor_flags {
	uint32_t bm_control:1;
	uint32_t bm_check:1;
	uint32_t has_cst:1;
	uint32_t power_setup_done:1;
	uint32_t bm_rld_set:1;
};

struct xen_processor_power {
	uint32_t count; /* C-states at states */
	struct xen_processor_flags flags;
	XEN_GUEST_HANDLE(xen_processor_cx_t) states;
};

/* Performance control/status register (_PCT). */
struct xen_pct_register {
	uint8_t descriptor;
	uint16_t length;
	uint8_t space_id;
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t reserved;
	uint64_t address;
};

/* One P-state (_PSS entry). */
struct xen_processor_px {
	uint64_t core_frequency;     /* MHz */
	uint64_t power;              /* mW */
	uint64_t transition_latency; /* us */
	uint64_t bus_master_latency; /* us */
	uint64_t control;            /* value for the control register */
	uint64_t status;             /* value the status register shows */
};
typedef struct xen_processor_px xen_processor_px_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_px_t);

/* P-state dependency (_PSD). */
struct xen_psd_package {
	uint64_t num_entries;
	uint64_t revision;
	uint64_t domain;
	uint64_t coord_type;
	uint64_t num_processors;
};

struct xen_processor_performance {
	uint32_t flags;          /* XEN_PX_* present */
	uint32_t platform_limit; /* _PPC */
	struct xen_pct_register control_register;
	struct xen_pct_register status_register;
	uint32_t state_count;    /* P-states at states */
	XEN_GUEST_HANDLE(xen_processor_px_t) states;
	struct xen_psd_package domain_info;
#define XEN_CPUPERF_SHARED_TYPE_HW  1 /* hardware coordinates */
#define XEN_CPUPERF_SHARED_TYPE_ALL 2 /* all CPUs of the domain together */
#define XEN_CPUPERF_SHARED_TYPE_ANY 3 /* any one CPU sets it for all */
	uint32_t shared_type;
};
typedef struct xen_processor_performance xen_processor_performance_t;
DEFINE_XEN_GUEST_HANDLE(xen_processor_performance_t);

struct xenpf_set_processor_pminfo {
	uint32_t id;   /* ACPI processor id */
	uint32_t type; /* XEN_PM_* */
	union {
		struct xen_processor_power power;
		struct xen_processor_performance perf;
		XEN_GUEST_HANDLE(uint32) pdc; /* _PDC buffer */
	} u;
};
typedef struct xenpf_set_processor_pminfo xenpf_set_processor_pminfo_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_set_processor_pminfo_t);

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

/*
 * The remaining sub-ops are not offered by xen-like (-ENOSYS); the
 * layouts are Xen's.
 * XENPF_cpu_hotadd: a CPU appeared (ACPI hot-add).
 */
#define XENPF_cpu_hotadd 58
struct xenpf_cpu_hotadd {
	uint32_t apic_id;
	uint32_t acpi_id;
	uint32_t pxm;     /* proximity domain */
};
typedef struct xenpf_cpu_hotadd xenpf_cpu_hotadd_t;

/* XENPF_mem_hotadd: memory [spfn, epfn) appeared. */
#define XENPF_mem_hotadd 59
struct xenpf_mem_hotadd {
	uint64_t spfn;
	uint64_t epfn;
	uint32_t pxm;
	uint32_t flags;
};
typedef struct xenpf_mem_hotadd xenpf_mem_hotadd_t;

/* XENPF_core_parking: how many CPUs to keep idle. */
#define XENPF_core_parking 60
#define XEN_CORE_PARKING_SET 1
#define XEN_CORE_PARKING_GET 2
struct xenpf_core_parking {
	uint32_t type;      /* IN: XEN_CORE_PARKING_* */
	uint32_t idle_nums; /* IN (set) / OUT (get) */
};
typedef struct xenpf_core_parking xenpf_core_parking_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_core_parking_t);

/* XENPF_resource_op: a batch of MSR reads/writes on one CPU. */
#define XENPF_resource_op 61
#define XEN_RESOURCE_OP_MSR_READ  0
#define XEN_RESOURCE_OP_MSR_WRITE 1
struct xenpf_resource_entry {
	union {
		uint32_t cmd; /* IN: XEN_RESOURCE_OP_* */
		int32_t ret;  /* OUT: 0 or -errno */
	} u;
	uint32_t rsvd;    /* zero */
	uint64_t idx;     /* IN: MSR index */
	uint64_t val;     /* IN (write) / OUT (read) */
};
typedef struct xenpf_resource_entry xenpf_resource_entry_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_resource_entry_t);

struct xenpf_resource_op {
	uint32_t nr_entries; /* IN; returns how many were done */
	uint32_t cpu;        /* IN */
	XEN_GUEST_HANDLE(xenpf_resource_entry_t) entries;
};
typedef struct xenpf_resource_op xenpf_resource_op_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_resource_op_t);

/* XENPF_get_symbol: walk the hypervisor's symbol table. */
#define XENPF_get_symbol 63
struct xenpf_symdata {
	uint32_t namelen; /* IN: room in name; OUT: length */
	uint32_t symnum;  /* IN: which; OUT: the next */
	XEN_GUEST_HANDLE(char) name;
	uint64_t address; /* OUT */
	char type;        /* OUT: nm-style type letter */
};
typedef struct xenpf_symdata xenpf_symdata_t;
DEFINE_XEN_GUEST_HANDLE(xenpf_symdata_t);

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
		xenpf_efi_runtime_call_t efi_runtime_call;
		xenpf_firmware_info_t firmware_info;
		xenpf_enter_acpi_sleep_t enter_acpi_sleep;
		xenpf_change_freq_t change_freq;
		xenpf_getidletime_t getidletime;
		xenpf_set_processor_pminfo_t set_pminfo;
		xenpf_pcpuinfo_t pcpu_info;
		xenpf_pcpu_version_t pcpu_version;
		xenpf_cpu_ol_t cpu_ol;
		xenpf_cpu_hotadd_t cpu_add;
		xenpf_mem_hotadd_t mem_add;
		xenpf_core_parking_t core_parking;
		xenpf_resource_op_t resource_op;
		xenpf_symdata_t symdata;
		uint8_t pad[128];
	} u;
};
typedef struct xen_platform_op xen_platform_op_t;
DEFINE_XEN_GUEST_HANDLE(xen_platform_op_t);

#endif /* __XEN_PUBLIC_PLATFORM_H__ */
