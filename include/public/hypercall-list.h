/* SPDX-License-Identifier: MIT */
/*
 * THE list of hypercalls: the only place a hypercall is declared.
 * Everything else is generated from it (see docs/abi.md):
 *   - include/public/hypercall-nr.h, the __HYPERVISOR_<name> numbers
 *     (scripts/gen-hypercalls.py numbers; committed, checked by
 *     make check-abi);
 *   - the hypervisor's do_<name>() prototypes and name table (X-macro
 *     expansion of this file, helpers in hypercall-defs.h);
 *   - the dispatch thunks and table (gen-hypercalls.py dispatch);
 *   - the guest's HYPERVISOR_<name>() wrappers (gen-hypercalls.py guest).
 *
 * Line kinds:
 *   HCALL(nr, name, (params))        the hypervisor handles it in do_<name>()
 *   HCALL_ENOSYS(nr, name, (params)) a Xen number we keep for compatibility
 *                                    but do not handle: always -ENOSYS
 *   a comment "NN: name: ..."        retired; the number stays reserved and
 *                                    __HYPERVISOR_<name> stays defined
 *   a comment "NN: -: ..."           never allocated; reserved, no name
 * Numbers are Xen 4.17's and are never reused. Parameters are register
 * sized on the wire (rdi, rsi, rdx, r10, r8); GUEST_PTR(T) is a guest
 * virtual address of T, where T is one token with a guest handle
 * (DEFINE_XEN_GUEST_HANDLE(T)); const_T is a read-only one.
 *
 * No include guard: define HCALL (and optionally HCALL_ENOSYS, which
 * otherwise expands like HCALL) and include this file.
 */
#ifndef HCALL_ENOSYS
#define HCALL_ENOSYS(nr, name, params) HCALL(nr, name, params)
#define HCALL_ENOSYS_DEFAULTED_
#endif

/*            nr  name                            parameters */
HCALL(         0, set_trap_table,                 (GUEST_PTR(const_trap_info_t) traps))
HCALL(         1, mmu_update,                     (GUEST_PTR(mmu_update_t) req, unsigned int count, GUEST_PTR(uint) done, unsigned int foreigndom))
HCALL(         2, set_gdt,                        (GUEST_PTR(xen_ulong_t) frame_list, unsigned int entries))
HCALL(         3, stack_switch,                   (uint64_t ss, uint64_t esp))
HCALL(         4, set_callbacks,                  (uint64_t event_address, uint64_t failsafe_address, uint64_t syscall_address))
HCALL(         5, fpu_taskswitch,                 (int set))
HCALL_ENOSYS(  6, sched_op_compat,                (int cmd, uint64_t arg))
HCALL(         7, platform_op,                    (GUEST_PTR(xen_platform_op_t) op))
HCALL(         8, set_debugreg,                   (int reg, uint64_t value))
HCALL(         9, get_debugreg,                   (int reg))
HCALL(        10, update_descriptor,              (uint64_t maddr, uint64_t desc))
/* 11: -: never allocated by Xen; reserved, do not use */
HCALL(        12, memory_op,                      (unsigned int cmd, GUEST_PTR(void) arg))
HCALL(        13, multicall,                      (GUEST_PTR(multicall_entry_t) calls, unsigned int nr_calls))
HCALL(        14, update_va_mapping,              (uint64_t va, uint64_t val, uint64_t flags))
HCALL(        15, set_timer_op,                   (uint64_t timeout))
HCALL_ENOSYS( 16, event_channel_op_compat,        (GUEST_PTR(evtchn_op_t) op))
HCALL(        17, xen_version,                    (int cmd, GUEST_PTR(void) arg))
HCALL(        18, console_io,                     (unsigned int cmd, unsigned int count, GUEST_PTR(char) buf))
HCALL_ENOSYS( 19, physdev_op_compat,              (GUEST_PTR(physdev_op_t) op))
HCALL(        20, grant_table_op,                 (unsigned int cmd, GUEST_PTR(void) uop, unsigned int count))
HCALL(        21, vm_assist,                      (unsigned int cmd, unsigned int type))
HCALL(        22, update_va_mapping_otherdomain,  (uint64_t va, uint64_t val, uint64_t flags, domid_t domid))
HCALL(        23, iret,                           (void))
HCALL(        24, vcpu_op,                        (int cmd, unsigned int vcpuid, GUEST_PTR(void) arg))
HCALL(        25, set_segment_base,               (unsigned int which, uint64_t base))
HCALL(        26, mmuext_op,                      (GUEST_PTR(mmuext_op_t) ops, unsigned int count, GUEST_PTR(uint) done, unsigned int foreigndom))
HCALL_ENOSYS( 27, xsm_op,                         (GUEST_PTR(void) op))
HCALL(        28, nmi_op,                         (unsigned int cmd, GUEST_PTR(void) arg))
HCALL(        29, sched_op,                       (int cmd, GUEST_PTR(void) arg))
HCALL(        30, callback_op,                    (int cmd, GUEST_PTR(const_void) arg))
HCALL_ENOSYS( 31, xenoprof_op,                    (int op, GUEST_PTR(void) arg))
HCALL(        32, event_channel_op,               (int cmd, GUEST_PTR(void) arg))
HCALL(        33, physdev_op,                     (int cmd, GUEST_PTR(void) arg))
HCALL_ENOSYS( 34, hvm_op,                         (uint64_t op, GUEST_PTR(void) arg))
HCALL(        35, sysctl,                         (GUEST_PTR(xen_sysctl_t) op))
HCALL(        36, domctl,                         (GUEST_PTR(xen_domctl_t) op))
HCALL_ENOSYS( 37, kexec_op,                       (uint64_t op, GUEST_PTR(void) arg))
/* 38: tmem_op: retired (Xen removed transcendent memory in 4.13), do not reuse */
HCALL_ENOSYS( 39, argo_op,                        (unsigned int cmd, GUEST_PTR(void) arg1, GUEST_PTR(void) arg2, uint64_t arg3, uint64_t arg4))
HCALL(        40, xenpmu_op,                      (unsigned int op, GUEST_PTR(xen_pmu_params_t) arg))
HCALL_ENOSYS( 41, dm_op,                          (domid_t domid, unsigned int nr_bufs, GUEST_PTR(void) bufs))
HCALL_ENOSYS( 42, hypfs_op,                       (unsigned int cmd, GUEST_PTR(const_char) arg1, uint64_t arg2, GUEST_PTR(void) arg3, uint64_t arg4))
/* 43: -: never allocated by Xen; reserved, do not use */
/* 44: -: never allocated by Xen; reserved, do not use */
/* 45: -: never allocated by Xen; reserved, do not use */
/* 46: -: never allocated by Xen; reserved, do not use */
/* 47: -: never allocated by Xen; reserved, do not use */
HCALL_ENOSYS( 48, arch_0,                         (void))
HCALL_ENOSYS( 49, arch_1,                         (GUEST_PTR(xen_domctl_t) op))
HCALL_ENOSYS( 50, arch_2,                         (void))
HCALL_ENOSYS( 51, arch_3,                         (void))
HCALL_ENOSYS( 52, arch_4,                         (void))
HCALL_ENOSYS( 53, arch_5,                         (void))
HCALL_ENOSYS( 54, arch_6,                         (void))
HCALL_ENOSYS( 55, arch_7,                         (void))

#ifdef HCALL_ENOSYS_DEFAULTED_
#undef HCALL_ENOSYS
#undef HCALL_ENOSYS_DEFAULTED_
#endif
