/* SPDX-License-Identifier: GPL-2.0-only */
/* Interfaces between the PV guest support files (arch/x86/pv/). */
#ifndef ASM_PV_H
#define ASM_PV_H

#include <asm/regs.h>
#include <xen/bootinfo.h>
#include <xen/types.h>

struct domain;
struct vcpu;
struct vcpu_guest_context;

/* traps.c */
int pv_cpu_init(unsigned long stack_top);
void pv_do_trap(struct cpu_regs *regs);
void pv_after_irq(struct cpu_regs *regs);
void pv_start_vcpu(struct cpu_regs *regs);
void pv_iret_fault(struct cpu_regs *regs); /* entry.asm: the IRETQ to a guest faulted */
int pv_inject_trap(struct cpu_regs *regs, unsigned int vector, bool has_ec, uint32_t ec);

/* hypercall.c: dispatch the hypercall described by @regs, result in rax. */
void pv_hypercall(struct cpu_regs *regs);
long pv_dispatch(uint64_t nr, const uint64_t args[6]);
const char *hypercall_name(unsigned int nr);

/*
 * unhandled.c: what a guest asked for and did not get. Each call counts
 * one event for the current domain and asks for a rate-limited log line
 * at XENLOG_INFO (shown with loglvl=info or loglvl=all):
 * - pv_log_enosys: hypercall @nr with @args answered -ENOSYS (called by
 *   pv_dispatch(), so every handler and multicall entry is covered);
 * - pv_log_unemulated: the privileged instruction at @regs' RIP, which
 *   @what names (e.g. "wrmsr 0x1a0" or "in %dx, %al (port 0x61)"), was
 *   not emulated and goes back to the guest as #GP;
 * domain_log_unhandled() (xen/sched.h) prints a domain's totals.
 */
void pv_log_enosys(uint64_t nr, const uint64_t args[6]);
void pv_log_unemulated(const struct cpu_regs *regs, const char *what);

/*
 * physdev.c: drop the PIRQ EOI frame @d registered, if any (when @d is
 * destroyed, from arch_domain_relinquish(); pv_mm_lock held).
 */
void physdev_domain_relinquish(struct domain *d);

/*
 * traps.c: the running vCPU's debug registers, under Xen's rules
 * (pv/debugreg.h): 0 or a negative error, nothing changed on error.
 */
int pv_set_debugreg(int reg, uint64_t value);
int pv_get_debugreg(int reg, uint64_t *val);

/*
 * emulate.c: return true if the instruction was emulated (RIP advanced)
 * or it raised its own exception in the guest (already injected).
 */
bool pv_emulate_invalid_op(struct cpu_regs *regs);
/*
 * ... and for a #GP: PV_EMUL_NONE (not emulated), PV_EMUL_DONE, or
 * PV_EMUL_DONE_NO_STEP: emulated, but a guest single-stepping gets no
 * #DB for it (Xen 4.17's emulator retires no single step for port I/O
 * it hands to the real port).
 */
enum pv_emul { PV_EMUL_NONE, PV_EMUL_DONE, PV_EMUL_DONE_NO_STEP };
enum pv_emul pv_emulate_privileged_op(struct cpu_regs *regs);
void pv_load_cr4(const struct vcpu *v);
/* mmu.c: MOV to CR3 from the guest kernel (MMUEXT_NEW_BASEPTR's rules). */
int pv_write_cr3(struct vcpu *v, uint64_t val);
/* Writable page tables: emulate a kernel store into its own L1 (pv/ro-page-fault.c). */
bool pv_ro_page_fault(struct cpu_regs *regs, uint64_t addr, uint32_t ec);

/* domain_build.c: build dom0 and the boot-time domUs, then schedule; no return. */
void __attribute__((noreturn)) build_boot_domains(const struct boot_info *bi,
						  unsigned long long dom0_mem);

/*
 * vcpu_context.c: make @c (a local copy, normalised in place) the first
 * context of @v, which is not initialised: every field checked and every
 * frame reference taken before anything changes, then @v written and
 * marked initialised (and up with VGCF_online). 0, -EEXIST (initialised
 * meanwhile), -EINVAL or a page-type error; nothing changed on error.
 * Behind VCPUOP_initialise (arch_initialise_vcpu()).
 */
int pv_set_info_guest(struct vcpu *v, struct vcpu_guest_context *c);
/*
 * vcpu_context.c, for XEN_DOMCTL_setvcpucontext (the vCPU's domain
 * paused, not the caller's): set a context (the first, or new registers
 * on the same frames: -EOPNOTSUPP otherwise); for getvcpucontext (the
 * vCPU paused): read an initialised vCPU's.
 */
int pv_domctl_set_info_guest(struct vcpu *v, struct vcpu_guest_context *c);
void pv_get_info_guest(const struct vcpu *v, struct vcpu_guest_context *c);
/* ... and a null context: give the frames back, leave it down and uninitialised (Xen's vcpu_reset). */
void pv_vcpu_reset(struct vcpu *v);
/* emulate.c: CR4 as the guest sees it; the bits it may own, as @d's CPUID policy allows. */
uint64_t pv_guest_cr4(const struct vcpu *v);
uint64_t pv_fixup_guest_cr4(const struct domain *d, uint64_t cr4);
/* Write the hypercall page (every 32-byte slot a stub) into the page at @p. */
void pv_fill_hypercall_page(uint8_t *p);

/* domain.c: the pCPU's guest entry set-up, once, before the first guest runs. */
void pv_cpu_start(void);
int pv_cpu_setup(void); /* pv_cpu_start() for a secondary CPU: -ENOMEM instead of panic */

/* entry.asm */
void __attribute__((noreturn)) pv_enter_guest(struct cpu_regs *regs);

#endif /* ASM_PV_H */
