/* SPDX-License-Identifier: MIT */
/*
 * Pins the size of every public structure with _Static_assert, so that a
 * layout change cannot go unnoticed: make check-abi compiles this file.
 * The Xen-defined sizes are also proved against Xen's own headers by
 * tests/abi (make test-abi); domctl/sysctl are Xen 4.17's too, but
 * for the sysctl extensions, whose changes bump nothing (Xen has none).
 * Every hypercall number must fit the dispatch table.
 */
#include <stddef.h>

#include "xen.h"
#include "callback.h"
#include "domctl.h"
#include "elfnote.h"
#include "errno.h"
#include "event_channel.h"
#include "features.h"
#include "grant_table.h"
#include "hypercall-defs.h"
#include "memory.h"
#include "nmi.h"
#include "physdev.h"
#include "platform.h"
#include "pmu.h"
#include "sched.h"
#include "sysctl.h"
#include "vcpu.h"
#include "version.h"
#include "io/console.h"
#include "io/ring.h"
#include "io/xs_wire.h"

#define ABI_SIZE(T, n) _Static_assert(sizeof(T) == (n), "size of " #T " changed");

/* Layouts fixed by Xen's ABI (x86-64). */
ABI_SIZE(struct mmu_update, 16)
ABI_SIZE(struct mmuext_op, 24)
ABI_SIZE(struct multicall_entry, 64)
ABI_SIZE(struct vcpu_time_info, 32)
ABI_SIZE(struct vcpu_info, 64)
ABI_SIZE(struct shared_info, 3136)
ABI_SIZE(struct start_info, 1168)
ABI_SIZE(struct xen_multiboot_mod_list, 16)
ABI_SIZE(struct dom0_vga_console_info, 40)
ABI_SIZE(struct xenctl_bitmap, 16)
ABI_SIZE(struct trap_info, 16)
ABI_SIZE(struct vcpu_guest_context, 5168)
ABI_SIZE(struct arch_shared_info, 48)
ABI_SIZE(struct xen_cpuid_leaf, 24)
ABI_SIZE(struct xen_msr_entry, 16)
ABI_SIZE(struct iret_context, 72)
ABI_SIZE(struct cpu_user_regs, 200)
ABI_SIZE(struct arch_vcpu_info, 16)
ABI_SIZE(struct evtchn_alloc_unbound, 8)
ABI_SIZE(struct evtchn_bind_interdomain, 12)
ABI_SIZE(struct evtchn_bind_virq, 12)
ABI_SIZE(struct evtchn_bind_pirq, 12)
ABI_SIZE(struct evtchn_bind_ipi, 8)
ABI_SIZE(struct evtchn_close, 4)
ABI_SIZE(struct evtchn_send, 4)
ABI_SIZE(struct evtchn_status, 24)
ABI_SIZE(struct evtchn_bind_vcpu, 8)
ABI_SIZE(struct evtchn_unmask, 4)
ABI_SIZE(struct evtchn_reset, 2)
ABI_SIZE(struct evtchn_init_control, 24)
ABI_SIZE(struct evtchn_expand_array, 8)
ABI_SIZE(struct evtchn_set_priority, 8)
ABI_SIZE(struct evtchn_op, 28)
ABI_SIZE(struct evtchn_fifo_control_block, 72)
ABI_SIZE(struct grant_entry_v1, 8)
ABI_SIZE(struct grant_entry_header, 4)
ABI_SIZE(union grant_entry_v2, 16)
ABI_SIZE(struct gnttab_map_grant_ref, 32)
ABI_SIZE(struct gnttab_unmap_grant_ref, 24)
ABI_SIZE(struct gnttab_setup_table, 24)
ABI_SIZE(struct gnttab_dump_table, 4)
ABI_SIZE(struct gnttab_transfer, 24)
ABI_SIZE(struct gnttab_copy, 40)
ABI_SIZE(struct gnttab_copy_ptr, 16)
ABI_SIZE(struct gnttab_query_size, 16)
ABI_SIZE(struct gnttab_unmap_and_replace, 24)
ABI_SIZE(struct gnttab_set_version, 4)
ABI_SIZE(struct gnttab_get_status_frames, 16)
ABI_SIZE(struct gnttab_get_version, 8)
ABI_SIZE(struct gnttab_swap_grant_ref, 12)
ABI_SIZE(struct gnttab_cache_flush, 16)
ABI_SIZE(struct xen_memory_reservation, 32)
ABI_SIZE(struct xen_memory_exchange, 72)
ABI_SIZE(struct xen_memory_domain, 2)
ABI_SIZE(struct xen_machphys_mfn_list, 24)
ABI_SIZE(struct xen_machphys_mapping, 24)
ABI_SIZE(struct xen_add_to_physmap, 24)
ABI_SIZE(struct xen_add_to_physmap_batch, 32)
ABI_SIZE(union xen_add_to_physmap_batch_extra, 2)
ABI_SIZE(struct xen_remove_from_physmap, 16)
ABI_SIZE(struct xen_memory_map, 16)
ABI_SIZE(struct xen_foreign_memory_map, 24)
ABI_SIZE(struct xen_pod_target, 40)
ABI_SIZE(struct xen_mem_acquire_resource, 32)
ABI_SIZE(struct xen_vmemrange, 24)
ABI_SIZE(struct xen_vnuma_topology_info, 40)
ABI_SIZE(struct sched_shutdown, 4)
ABI_SIZE(struct sched_poll, 24)
ABI_SIZE(struct sched_remote_shutdown, 8)
ABI_SIZE(struct sched_watchdog, 8)
ABI_SIZE(struct sched_pin_override, 4)
ABI_SIZE(struct vcpu_runstate_info, 48)
ABI_SIZE(struct vcpu_register_runstate_memory_area, 8)
ABI_SIZE(struct vcpu_set_periodic_timer, 8)
ABI_SIZE(struct vcpu_set_singleshot_timer, 16)
ABI_SIZE(struct vcpu_register_vcpu_info, 16)
ABI_SIZE(struct vcpu_get_physid, 8)
ABI_SIZE(struct vcpu_register_time_memory_area, 8)
ABI_SIZE(struct xen_compile_info, 144)
ABI_SIZE(struct xen_platform_parameters, 8)
ABI_SIZE(struct xen_feature_info, 8)
ABI_SIZE(struct xen_build_id, 4)
ABI_SIZE(struct callback_register, 16)
ABI_SIZE(struct callback_unregister, 4)
ABI_SIZE(struct physdev_eoi, 4)
ABI_SIZE(struct physdev_pirq_eoi_gmfn, 8)
ABI_SIZE(struct physdev_irq_status_query, 8)
ABI_SIZE(struct physdev_set_iopl, 4)
ABI_SIZE(struct physdev_set_iobitmap, 16)
ABI_SIZE(struct physdev_apic, 16)
ABI_SIZE(struct physdev_irq, 8)
ABI_SIZE(struct physdev_map_pirq, 40)
ABI_SIZE(struct physdev_unmap_pirq, 8)
ABI_SIZE(struct physdev_manage_pci, 2)
ABI_SIZE(struct physdev_restore_msi, 2)
ABI_SIZE(struct physdev_manage_pci_ext, 16)
ABI_SIZE(struct physdev_op, 24)
ABI_SIZE(struct physdev_setup_gsi, 8)
ABI_SIZE(struct physdev_get_free_pirq, 8)
ABI_SIZE(struct physdev_pci_mmcfg_reserved, 16)
ABI_SIZE(struct physdev_pci_device_add, 12)
ABI_SIZE(struct physdev_pci_device, 4)
ABI_SIZE(struct physdev_dbgp_op, 6)
ABI_SIZE(struct xennmi_callback, 16)
ABI_SIZE(struct xen_pmu_params, 24)
ABI_SIZE(struct xencons_interface, 3088)
ABI_SIZE(struct xsd_sockmsg, 16)
ABI_SIZE(struct xenstore_domain_interface, 2076)
ABI_SIZE(struct xenpf_settime32, 16)
ABI_SIZE(struct xenpf_settime64, 24)
ABI_SIZE(struct xenpf_add_memtype, 32)
ABI_SIZE(struct xenpf_del_memtype, 8)
ABI_SIZE(struct xenpf_read_memtype, 32)
ABI_SIZE(struct xenpf_microcode_update, 16)
ABI_SIZE(struct xenpf_platform_quirk, 4)
ABI_SIZE(struct xenpf_firmware_info, 40)
ABI_SIZE(union xenpf_efi_info, 32)
ABI_SIZE(struct xenpf_enter_acpi_sleep, 12)
ABI_SIZE(struct xenpf_change_freq, 16)
ABI_SIZE(struct xenpf_getidletime, 32)
ABI_SIZE(struct xenpf_pcpuinfo, 20)
ABI_SIZE(struct xenpf_pcpu_version, 32)
ABI_SIZE(struct xenpf_cpu_ol, 4)
ABI_SIZE(struct xen_platform_op, 136)
ABI_SIZE(xen_uuid_t, 16)
ABI_SIZE(xen_pfn_t, 8)
ABI_SIZE(xen_ulong_t, 8)
ABI_SIZE(domid_t, 2)
ABI_SIZE(evtchn_port_t, 4)
ABI_SIZE(grant_ref_t, 4)
ABI_SIZE(grant_handle_t, 4)
ABI_SIZE(grant_status_t, 2)
ABI_SIZE(xen_domain_handle_t, 16)
ABI_SIZE(xen_extraversion_t, 16)
ABI_SIZE(xen_capabilities_info_t, 1024)
ABI_SIZE(xen_changeset_info_t, 64)
ABI_SIZE(xen_commandline_t, 1024)
ABI_SIZE(xen_callback_t, 8)
ABI_SIZE(XENCONS_RING_IDX, 4)
ABI_SIZE(XENSTORE_RING_IDX, 4)
ABI_SIZE(event_word_t, 4)
ABI_SIZE(tsc_timestamp_t, 8)
ABI_SIZE(dom0_vga_console_info_t, 40)
ABI_SIZE(RING_IDX, 4)
ABI_SIZE(__guest_handle_void, 8)

/* The toolstack interfaces (Xen 4.17's; tests/abi compares every field). */
ABI_SIZE(struct xen_domctl, 144)
ABI_SIZE(struct xen_domctl_createdomain, 64)
ABI_SIZE(struct xen_domctl_getdomaininfo, 112)
ABI_SIZE(struct xen_domctl_vcpuaffinity, 40)
ABI_SIZE(struct xen_sysctl, 136)
ABI_SIZE(struct xen_sysctl_physinfo, 112)
ABI_SIZE(struct xen_sysctl_readconsole, 24)
/* xen-like's sysctl extensions */
ABI_SIZE(struct xen_sysctl_xl_tbuf_op, 40)
ABI_SIZE(struct xen_trace_rec, 56)
ABI_SIZE(struct xen_sysctl_xl_perfc_desc, 88)
ABI_SIZE(struct xen_sysctl_xl_perfc_op, 32)

/* Offsets the entry code and guests depend on. */
_Static_assert(offsetof(struct start_info, cmd_line) == 128, "start_info.cmd_line");
_Static_assert(offsetof(struct vcpu_guest_context, user_regs) == 520, "ctxt.user_regs");
_Static_assert(offsetof(struct cpu_user_regs, rip) == 128, "regs.rip");
_Static_assert(offsetof(struct shared_info, evtchn_pending) == 2048, "evtchn_pending");
_Static_assert(FIRST_RESERVED_GDT_ENTRY == 7168, "reserved GDT entries");

/* Every hypercall number fits HYPERCALL_TABLE_SIZE. */
#define HCALL HYPERCALL_FITS_
#include "hypercall-list.h"
#undef HCALL
