/*
 * Generated from include/public/hypercall-list.h by scripts/gen-hypercalls.py, do not edit.
 */
#ifndef __XEN_PUBLIC_HYPERCALL_NR_H__
#define __XEN_PUBLIC_HYPERCALL_NR_H__

#define __HYPERVISOR_set_trap_table                  0
#define __HYPERVISOR_mmu_update                      1
#define __HYPERVISOR_set_gdt                         2
#define __HYPERVISOR_stack_switch                    3
#define __HYPERVISOR_set_callbacks                   4
#define __HYPERVISOR_fpu_taskswitch                  5
#define __HYPERVISOR_sched_op_compat                 6 /* not handled: -ENOSYS */
#define __HYPERVISOR_platform_op                     7
#define __HYPERVISOR_set_debugreg                    8
#define __HYPERVISOR_get_debugreg                    9
#define __HYPERVISOR_update_descriptor              10
/* 11: never allocated, reserved */
#define __HYPERVISOR_memory_op                      12
#define __HYPERVISOR_multicall                      13
#define __HYPERVISOR_update_va_mapping              14
#define __HYPERVISOR_set_timer_op                   15
#define __HYPERVISOR_event_channel_op_compat        16 /* not handled: -ENOSYS */
#define __HYPERVISOR_xen_version                    17
#define __HYPERVISOR_console_io                     18
#define __HYPERVISOR_physdev_op_compat              19 /* not handled: -ENOSYS */
#define __HYPERVISOR_grant_table_op                 20
#define __HYPERVISOR_vm_assist                      21
#define __HYPERVISOR_update_va_mapping_otherdomain  22
#define __HYPERVISOR_iret                           23
#define __HYPERVISOR_vcpu_op                        24
#define __HYPERVISOR_set_segment_base               25
#define __HYPERVISOR_mmuext_op                      26
#define __HYPERVISOR_xsm_op                         27 /* not handled: -ENOSYS */
#define __HYPERVISOR_nmi_op                         28
#define __HYPERVISOR_sched_op                       29
#define __HYPERVISOR_callback_op                    30
#define __HYPERVISOR_xenoprof_op                    31 /* not handled: -ENOSYS */
#define __HYPERVISOR_event_channel_op               32
#define __HYPERVISOR_physdev_op                     33
#define __HYPERVISOR_hvm_op                         34 /* not handled: -ENOSYS */
#define __HYPERVISOR_sysctl                         35
#define __HYPERVISOR_domctl                         36
#define __HYPERVISOR_kexec_op                       37 /* not handled: -ENOSYS */
#define __HYPERVISOR_tmem_op                        38 /* retired, reserved */
#define __HYPERVISOR_argo_op                        39 /* not handled: -ENOSYS */
#define __HYPERVISOR_xenpmu_op                      40
#define __HYPERVISOR_dm_op                          41 /* not handled: -ENOSYS */
#define __HYPERVISOR_hypfs_op                       42 /* not handled: -ENOSYS */
/* 43: never allocated, reserved */
/* 44: never allocated, reserved */
/* 45: never allocated, reserved */
/* 46: never allocated, reserved */
/* 47: never allocated, reserved */
#define __HYPERVISOR_arch_0                         48 /* not handled: -ENOSYS */
#define __HYPERVISOR_arch_1                         49 /* not handled: -ENOSYS */
#define __HYPERVISOR_arch_2                         50 /* not handled: -ENOSYS */
#define __HYPERVISOR_arch_3                         51 /* not handled: -ENOSYS */
#define __HYPERVISOR_arch_4                         52 /* not handled: -ENOSYS */
#define __HYPERVISOR_arch_5                         53 /* not handled: -ENOSYS */
#define __HYPERVISOR_arch_6                         54 /* not handled: -ENOSYS */
#define __HYPERVISOR_arch_7                         55 /* not handled: -ENOSYS */

#endif /* __XEN_PUBLIC_HYPERCALL_NR_H__ */
