/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's CPUID leaves: a guest finds them by scanning
 * 0x40000000, 0x40000100, ... for the "XenVMMXenVMM" signature in
 * EBX/ECX/EDX of the base leaf. Relative to that base:
 *   +0  EAX: highest leaf offered; EBX-EDX: the signature
 *   +1  EAX: version (major << 16 | minor)
 *   +2  EAX: hypercall-page frames; EBX: the MSR to write the page's
 *       address to; ECX: XEN_CPUID_FEAT1_* flags
 *   +3  time and TSC parameters (subleaves)
 *   +4  HVM features (XEN_HVM_CPUID_*), vCPU id in EBX, domid in ECX
 *   +5  PV features: EBX bits 0-7 are the machine address width
 */
#ifndef __XEN_PUBLIC_ARCH_X86_CPUID_H__
#define __XEN_PUBLIC_ARCH_X86_CPUID_H__

#define XEN_CPUID_FIRST_LEAF 0x40000000
#define XEN_CPUID_LEAF(i)    (XEN_CPUID_FIRST_LEAF + (i))

/* "XenVMMXenVMM", little-endian words in EBX, ECX, EDX. */
#define XEN_CPUID_SIGNATURE_EBX 0x566e6558 /* "XenV" */
#define XEN_CPUID_SIGNATURE_ECX 0x65584d4d /* "MMXe" */
#define XEN_CPUID_SIGNATURE_EDX 0x4d4d566e /* "nVMM" */

/* Leaf +2, ECX: MMU_PT_UPDATE_PRESERVE_AD is available. */
#define _XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD 0
#define XEN_CPUID_FEAT1_MMU_PT_UPDATE_PRESERVE_AD  (1u << 0)

/* Leaf +4, EAX: what an HVM guest gets virtualised or told. */
#define XEN_HVM_CPUID_APIC_ACCESS_VIRT (1u << 0) /* APIC access page */
#define XEN_HVM_CPUID_X2APIC_VIRT      (1u << 1) /* x2APIC MSRs */
#define XEN_HVM_CPUID_IOMMU_MAPPINGS   (1u << 2) /* memory_op maps for the IOMMU */
#define XEN_HVM_CPUID_VCPU_ID_PRESENT  (1u << 3) /* EBX holds the vCPU id */
#define XEN_HVM_CPUID_DOMID_PRESENT    (1u << 4) /* ECX holds the domid */
#define XEN_HVM_CPUID_EXT_DEST_ID      (1u << 5) /* MSI extended destination id */
#define XEN_HVM_CPUID_UPCALL_VECTOR    (1u << 6) /* per-vCPU upcall vector */

/* Leaf +5, EBX: bits 0-7 are the width of machine addresses. */
#define XEN_CPUID_MACHINE_ADDRESS_WIDTH_MASK (0xffu << 0)

#define XEN_CPUID_MAX_NUM_LEAVES 5

#endif /* __XEN_PUBLIC_ARCH_X86_CPUID_H__ */
