/* SPDX-License-Identifier: MIT */
/*
 * Where the toolstack's ACPI tables for an HVM/PVH guest put the map of
 * online vCPUs (one bit each, HVM_MAX_VCPUS from hvm/hvm_info_table.h),
 * and the GPE0 bit that signals a change. Toolstack only.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_GUEST_ACPI_H__
#define __XEN_PUBLIC_ARCH_X86_GUEST_ACPI_H__

#ifdef __XEN_TOOLS__
#define XEN_ACPI_CPU_MAP        0xaf00
#define XEN_ACPI_CPU_MAP_LEN    ((HVM_MAX_VCPUS + 7) / 8)
#define XEN_ACPI_GPE0_CPUHP_BIT 2
#endif

#endif /* __XEN_PUBLIC_ARCH_X86_GUEST_ACPI_H__ */
