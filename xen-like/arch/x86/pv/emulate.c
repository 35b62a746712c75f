// SPDX-License-Identifier: GPL-2.0-only
/*
 * Emulation of what PV guest kernels execute but ring 3 may not:
 *
 *  - the forced-emulation prefix "ud2; .ascii \"xen\"; cpuid" (#UD), which
 *    is how PV kernels ask for the CPUID policy the hypervisor presents;
 *  - RDMSR/WRMSR (#GP) of the FS/GS/shadow-GS bases, PAT (Xen's fixed
 *    value), EFER, TSC, APIC_BASE (reads); anything else raises #GP in
 *    the guest, as Xen 4.17 does by default;
 *  - MOV from and to CR0, CR2, CR3 and CR4 (#GP), with Xen's values and
 *    rules: the real CR0 with the virtual TS (only TS may change), the
 *    last fault address bounced, the kernel page table, and a CR4 view
 *    made of the bits the hypervisor shows (PAE, MCE, OSFXSR, OSXMMEXCPT)
 *    and the bits a guest controls here (TSD and DE, within its CPUID
 *    policy; the others Xen lets a guest own, FSGSBASE and OSXSAVE, are
 *    outside our policy). The guest's DE never reaches the CPU: it only
 *    changes what the debug-register rules accept (pv/debugreg.h);
 *  - MOV from and to DR0-DR7 (#GP), as the get_debugreg/set_debugreg
 *    hypercalls (pv/debugreg.h's rules): a refused value raises #GP(0),
 *    a register that does not exist #UD, as Xen's emulator does;
 *  - CLI and STI (#GP), which do nothing when the virtual IOPL allows
 *    them (PHYSDEVOP_set_iopl), as on Xen: the event mask is the guest's
 *    interrupt flag, and a POPF could not restore anything else;
 *  - IN/OUT and the string forms INS/OUTS, REP too (#GP), when the
 *    virtual IOPL or the vCPU's I/O bitmap (PHYSDEVOP_set_iobitmap)
 *    allows them (#GP otherwise): the
 *    hardware domain reaches every port except those the hypervisor
 *    keeps (as Xen 4.17's dom0 permissions: the PICs, the PIT and its
 *    gate at 0x61, the console's serial ports, and the PCI configuration
 *    window at 0xcfc-0xcff). A dword at 0xcf8 and the 0xcfc window are
 *    emulated (arch/x86/pci.c: a latch per domain, configuration cycles
 *    for the hardware domain only), and so is the RTC's pair 0x70/0x71
 *    (arch/x86/time.c: an index latch per domain, the data port for a
 *    domain granted both). For the rest, and for every port of
 *    any other domain, reads return all ones and writes are dropped. An
 *    access that hits one of the guest's I/O breakpoints (CR4.DE) raises
 *    #DB after it, with the breakpoint's bit in DR6, as Xen's emulator
 *    does;
 *  - RDTSC/RDTSCP (#GP) of the guest kernel while it has CR4.TSD set.
 *
 * Instruction bytes are read with copy_from_guest; an unreadable RIP
 * means "not emulated" and the guest gets its original fault. Guest user
 * mode gets only what its IOPL (or I/O bitmap) allows (CLI, STI, port
 * I/O at IOPL 3).
 */
#include <asm/cpu-policy.h>
#include <asm/cpufeature.h>
#include <asm/page.h>
#include <asm/pci.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/traps.h>
#include <xen/console.h>
#include <xen/time.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>

#include "debugreg.h"

#define MSR_IA32_TSC 0x10
#define MSR_IA32_PAT 0x277
#define XEN_PAT_VALUE 0x0000050100070406UL
#define XEN_CPUID_BASE 0x40000000U
#define XEN_CPUID_MAX (XEN_CPUID_BASE + 5)

/* The version guests see in CPUID and xen_version: the ABI's, Xen 4.17. */
#define ABI_MAJOR 4
#define ABI_MINOR 17

/*
 * The CPUID policy for PV guests: the host's leaves with what xen-like
 * does not virtualise hidden (monitor/mwait, VMX/SMX, PCID, x2APIC,
 * TSC deadline, XSAVE and everything needing XCR0 management, PKU, the
 * debug store, perfmon), the hypervisor bit set, and Xen's leaves at
 * 0x40000000.
 */
static void pv_max_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	r[0] = r[1] = r[2] = r[3] = 0;
	if (leaf >= XEN_CPUID_BASE && leaf < XEN_CPUID_BASE + 0x10000) {
		switch (leaf) {
		case XEN_CPUID_BASE:
			r[0] = XEN_CPUID_MAX;
			r[1] = 0x566e6558; /* "XenVMMXenVMM" */
			r[2] = 0x65584d4d;
			r[3] = 0x4d4d566e;
			break;
		case XEN_CPUID_BASE + 1:
			r[0] = (ABI_MAJOR << 16) | ABI_MINOR;
			break;
		case XEN_CPUID_BASE + 2:
			r[0] = 1;              /* hypercall pages */
			r[1] = XEN_CPUID_BASE; /* MSR for the hypercall page (HVM only) */
			break;
		case XEN_CPUID_BASE + 5:
			r[1] = boot_cpu_data.phys_bits; /* machine address width */
			break;
		default:
			break;
		}
		return;
	}
	host_cpuid(leaf, sub, r);
	switch (leaf) {
	case 1:
		r[1] &= 0x00ffffffU; /* initial APIC id: vCPU 0 */
		r[2] &= ~((1U << 3) |  /* monitor */
			  (1U << 5) | (1U << 6) | /* VMX, SMX */
			  (1U << 7) | (1U << 8) | /* EST, TM2 */
			  (1U << 14) | (1U << 15) | /* xTPR, PDCM */
			  (1U << 17) | (1U << 18) | /* PCID, DCA */
			  (1U << 21) | (1U << 24) | /* x2APIC, TSC deadline */
			  (1U << 26) | (1U << 27) | (1U << 28) | /* XSAVE, OSXSAVE, AVX */
			  (1U << 12) | (1U << 29)); /* FMA, F16C (VEX-encoded: need AVX state) */
		r[2] |= 1U << 31;              /* running on a hypervisor */
		r[3] &= ~((1U << 1) | (1U << 3) | /* VME, PSE */
			  (1U << 7) | (1U << 12) | (1U << 14) | /* MCE, MTRR, MCA */
			  (1U << 17) | (1U << 18) | (1U << 21) | /* PSE36, PSN, DS */
			  (1U << 22) | (1U << 29) | (1U << 31)); /* ACPI, TM, PBE */
		break;
	case 5: case 6: case 0xa: case 0xd:
		r[0] = r[1] = r[2] = r[3] = 0; /* mwait, power, perfmon, xsave: not offered */
		break;
	case 7:
		if (sub == 0) {
			r[0] = 0;
			/* Keep plain ALU/string extensions; hide the rest (FSGSBASE, SMEP/SMAP, AVX2...). */
			r[1] &= (1U << 3) | (1U << 8) | (1U << 9) | (1U << 19); /* BMI1, BMI2, ERMS, ADX */
			r[2] = 0;
			r[3] = 0;
		} else {
			r[0] = r[1] = r[2] = r[3] = 0;
		}
		break;
	case 0x80000001:
		r[3] &= ~(1U << 27); /* RDTSCP: TSC_AUX is not virtualised */
		break;
	default:
		break;
	}
}

void pv_cpuid(const struct domain *dom, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	pv_max_cpuid(leaf, sub, r);
	if (dom)
		cpu_policy_apply(dom, leaf, sub, r);
}

bool pv_emulate_invalid_op(struct cpu_regs *regs)
{
	static const uint8_t prefix[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };
	uint8_t insn[sizeof(prefix)];
	uint32_t r[4];

	if (raw_copy_from_guest(insn, regs->rip, sizeof(insn)) || memcmp(insn, prefix, sizeof(insn)))
		return false;
	pv_cpuid(current->domain, (uint32_t)regs->rax, (uint32_t)regs->rcx, r);
	regs->rax = r[0];
	regs->rbx = r[1];
	regs->rcx = r[2];
	regs->rdx = r[3];
	regs->rip += sizeof(prefix);
	return true;
}

/* 0 on success, -EINVAL: raise #GP in the guest. */
static int read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	switch (msr) {
	case MSR_FS_BASE:
		*val = rdmsr(MSR_FS_BASE);
		return 0;
	case MSR_GS_BASE:
		*val = rdmsr(MSR_GS_BASE);
		return 0;
	case MSR_SHADOW_GS_BASE:
		*val = rdmsr(MSR_SHADOW_GS_BASE);
		return 0;
	case MSR_IA32_PAT:
		*val = XEN_PAT_VALUE;
		return 0;
	case MSR_EFER:
		*val = rdmsr(MSR_EFER) & (EFER_SCE | EFER_LME | (1UL << 10) /* LMA */ | EFER_NXE);
		return 0;
	case MSR_IA32_TSC:
		*val = rdtsc();
		return 0;
	case MSR_IA32_APICBASE:
		*val = 0xfee00000UL | MSR_IA32_APICBASE_ENABLE |
		       (v->vcpu_id == 0 ? MSR_IA32_APICBASE_BSP : 0);
		return 0;
	default:
		return -EINVAL;
	}
}

static int write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	switch (msr) {
	case MSR_FS_BASE:
		if (!is_canonical(val))
			return -EINVAL;
		wrmsr(MSR_FS_BASE, val);
		v->fs_base = val;
		return 0;
	case MSR_GS_BASE:
		if (!is_canonical(val))
			return -EINVAL;
		wrmsr(MSR_GS_BASE, val);
		v->gs_base_kernel = val;
		return 0;
	case MSR_SHADOW_GS_BASE:
		if (!is_canonical(val))
			return -EINVAL;
		wrmsr(MSR_SHADOW_GS_BASE, val);
		v->gs_base_user = val;
		return 0;
	case MSR_IA32_PAT:
		return val == XEN_PAT_VALUE ? 0 : -EINVAL; /* the PAT is Xen's, fixed */
	default:
		return -EINVAL;
	}
}

/* General register @n (0 rax ... 15 r15, the ModRM/REX numbering) of the frame. */
static uint64_t *gpr(struct cpu_regs *regs, unsigned int n)
{
	uint64_t *const map[16] = { &regs->rax, &regs->rcx, &regs->rdx, &regs->rbx,
				    &regs->rsp, &regs->rbp, &regs->rsi, &regs->rdi,
				    &regs->r8,  &regs->r9,  &regs->r10, &regs->r11,
				    &regs->r12, &regs->r13, &regs->r14, &regs->r15 };

	return map[n & 15];
}

/* The CR4 bits a PV guest sees as the hypervisor set them. */
#define PV_CR4_VISIBLE (X86_CR4_PAE | X86_CR4_MCE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT)
/* The bits a PV guest owns, within our CPUID policy (Xen adds FSGSBASE, OSXSAVE). */
#define PV_CR4_GUEST (X86_CR4_TSD | X86_CR4_DE)
/* Of those, the ones loaded into the CPU's CR4 while the guest runs. */
#define PV_CR4_GUEST_HW X86_CR4_TSD

/*
 * The CR4 bits a guest of @d keeps when it asks for @cr4 (Xen's
 * pv_fixup_guest_cr4()): those it owns that its CPUID policy offers.
 */
uint64_t pv_fixup_guest_cr4(const struct domain *d, uint64_t cr4)
{
	uint32_t r[4];

	pv_cpuid(d, 1, 0, r);
	if (!(r[3] & (1U << 4)))
		cr4 &= ~X86_CR4_TSD;
	if (!(r[3] & (1U << 2)))
		cr4 &= ~X86_CR4_DE;
	return cr4 & PV_CR4_GUEST;
}

/* The guest's view of CR4 (read_cr4() is this CPU's, which runs the guest). */
uint64_t pv_guest_cr4(const struct vcpu *v)
{
	return (read_cr4() & PV_CR4_VISIBLE) | (v->guest_cr4 & PV_CR4_GUEST);
}

/* Put @v's guest-owned CR4 bits the CPU needs into this CPU's CR4 (on switching to @v). */
void pv_load_cr4(const struct vcpu *v)
{
	unsigned long cr4 = read_cr4();
	unsigned long want = (cr4 & ~PV_CR4_GUEST_HW) | (v->guest_cr4 & PV_CR4_GUEST_HW);

	if (want != cr4)
		write_cr4(want);
}

/*
 * MOV to a control register, as Xen 4.17's write_cr() takes it from a
 * 64-bit PV kernel. 0 on success, -EINVAL to raise #GP.
 */
static int write_cr(struct vcpu *v, unsigned int cr, uint64_t val)
{
	switch (cr) {
	case 0:
		if ((val ^ read_cr0()) & ~X86_CR0_TS)
			return -EINVAL; /* only TS is the guest's */
		do_fpu_taskswitch(!!(val & X86_CR0_TS));
		return 0;
	case 2:
		v->vcpu_info->arch.cr2 = val;
		return 0;
	case 3:
		return pv_write_cr3(v, val) ? -EINVAL : 0;
	case 4:
		/* Bits the guest does not own are dropped, not refused. */
		v->guest_cr4 = pv_fixup_guest_cr4(v->domain, val);
		pv_load_cr4(v);
		return 0;
	default:
		return -EINVAL;
	}
}

/* MOV from control register @cr, as read_cr() answers a 64-bit PV kernel. 0 or -EINVAL. */
static int read_cr(const struct vcpu *v, unsigned int cr, uint64_t *val)
{
	switch (cr) {
	case 0:
		*val = (read_cr0() & ~X86_CR0_TS) | (v->fpu_ts ? X86_CR0_TS : 0);
		return 0;
	case 2:
		*val = v->vcpu_info->arch.cr2;
		return 0;
	case 3:
		*val = v->guest_table << PAGE_SHIFT;
		return 0;
	case 4:
		*val = pv_guest_cr4(v);
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * MOV from or to a control or debug register ([REX] 0f 20|21|22|23 /r;
 * the ModRM mod bits are ignored, as by the CPU). Control registers as
 * Xen 4.17's read_cr()/write_cr() take them from a 64-bit PV kernel:
 * CR0 is the real one with the guest's virtual TS, CR2 the fault
 * address last bounced (vcpu_info.arch.cr2), CR3 the kernel base
 * pointer whatever the mode, CR4 the view above; anything refused is
 * #GP(0). Debug registers are the set_debugreg/get_debugreg hypercalls
 * (as Xen's x86emul_{read,write}_dr()): a register that does not exist
 * (DR8-DR15 through REX.R) raises #UD, a value refused raises #GP(0).
 */
static bool emulate_mov_cr_dr(struct vcpu *v, struct cpu_regs *regs)
{
	uint8_t insn[4];
	unsigned int rex = 0, len = 0, nr, gpr_nr, op;
	uint64_t val;
	int rc;

	if (raw_copy_from_guest(insn, regs->rip, sizeof(insn)))
		return false;
	if ((insn[0] & 0xf0) == 0x40)
		rex = insn[len++];
	op = insn[len + 1];
	if (insn[len] != 0x0f || op < 0x20 || op > 0x23)
		return false;
	nr = ((insn[len + 2] >> 3) & 7) | ((rex & 4) << 1);
	gpr_nr = (insn[len + 2] & 7) | ((rex & 1) << 3);
	switch (op) {
	case 0x20:
		rc = read_cr(v, nr, &val);
		break;
	case 0x21:
		rc = pv_get_debugreg(nr, &val);
		break;
	case 0x22:
		rc = write_cr(v, nr, *gpr(regs, gpr_nr));
		break;
	default:
		rc = pv_set_debugreg(nr, *gpr(regs, gpr_nr));
		break;
	}
	if (rc == -ENODEV) {
		pv_inject_trap(regs, TRAP_invalid_op, false, 0);
		return true;
	}
	if (rc)
		return false;
	if (op == 0x20 || op == 0x21)
		*gpr(regs, gpr_nr) = val;
	regs->rip += len + 3;
	return true;
}

/*
 * May the vCPU, in its current mode, use what IOPL governs? The guest
 * kernel runs at CPL 1 for this purpose (Xen's view without the
 * architectural_iopl assist, which xen-like refuses), user mode at 3.
 */
static bool iopl_ok(const struct vcpu *v)
{
	return (v->kernel_mode ? 1u : 3u) <= v->iopl;
}

/*
 * Below the IOPL, Xen's guest_io_okay(): the vCPU's I/O bitmap
 * (PHYSDEVOP_set_iobitmap) lets [@port, @port + @size) through if the
 * range is within its limit and every bit for it is clear. The bitmap is
 * guest kernel memory: from user mode it is read through the kernel's
 * page tables, as Xen toggles to them; a byte it cannot read counts as
 * all ones (refused).
 */
static bool iobmp_ok(struct vcpu *v, unsigned int port, unsigned int size)
{
	uint8_t b[2] = { 0xff, 0xff };
	bool user = !v->kernel_mode && v->guest_table_user;
	uint32_t mask;

	if (port + size > v->iobmp_limit)
		return false;
	if (user)
		write_cr3(v->guest_table << PAGE_SHIFT);
	if (!raw_copy_from_guest(&b[0], v->iobmp + (port >> 3), 1) &&
	    raw_copy_from_guest(&b[1], v->iobmp + (port >> 3) + 1, 1))
		b[1] = 0xff;
	if (user)
		write_cr3(v->guest_table_user << PAGE_SHIFT);
	mask = b[0] | ((uint32_t)b[1] << 8);
	return !(mask & (((1U << size) - 1) << (port & 7)));
}

/* Ports no guest reaches: the hypervisor's own devices. */
static bool ioport_reserved(unsigned int port)
{
	return (port >= 0x20 && port <= 0x21) || (port >= 0xa0 && port <= 0xa1) || /* PICs */
	       (port >= 0x40 && port <= 0x43) || port == 0x61 || /* PIT, its gate */
	       (port >= 0xcfc && port <= 0xcff) || /* PCI configuration window (pci.c) */
	       console_owns_ioport(port);
}

/*
 * May @d reach ports [@port, @port + @size) of the machine? Its
 * ioport_caps say (dom0's leave out the hypervisor's own devices,
 * dom0_setup_permissions()); the reserved ones never, whoever grants them.
 */
static bool ioports_permitted(const struct domain *d, unsigned int port, unsigned int size)
{
	unsigned int i;

	if (port + size > 0x10000 ||
	    !rangeset_contains_range(&d->ioport_caps, port, port + size - 1))
		return false;
	for (i = 0; i < size; i++)
		if (ioport_reserved(port + i))
			return false;
	return true;
}

static uint32_t port_read(unsigned int port, unsigned int size)
{
	switch (size) {
	case 1:
		return inb(port);
	case 2:
		return inw(port);
	default:
		return inl(port);
	}
}

static void port_write(unsigned int port, unsigned int size, uint32_t val)
{
	switch (size) {
	case 1:
		outb(val, port);
		break;
	case 2:
		outw(val, port);
		break;
	default:
		outl(val, port);
		break;
	}
}

/*
 * After an emulated access to ports [@port, @port + @size): if it hit
 * an I/O breakpoint, the #DB the CPU would raise after the instruction,
 * DR6 gathering the breakpoints' bits, and BS if the guest was
 * single-stepping unless the machine's port was reached (@real): one
 * #DB for both, as Xen's emulator raises it (see emulate_io()).
 */
static void io_breakpoint(struct vcpu *v, struct cpu_regs *regs, unsigned int port,
			  unsigned int size, bool real)
{
	uint32_t match = pv_io_breakpoint(v->debugreg, v->dr7_emul, v->guest_cr4 & X86_CR4_DE,
					  port, size);

	if (!match)
		return;
	if ((regs->rflags & X86_EFLAGS_TF) && !real)
		match |= DR6_BS;
	v->debugreg[6] |= match | DR6_RESERVED_ONE;
	pv_inject_trap(regs, TRAP_debug, false, 0);
}

/*
 * Straight to the machine's ports? Only if the domain may reach them all,
 * and never for the 0xcf8 latch (dword) or the RTC's pair, which are
 * emulated for everyone (Xen's admin_io_okay()).
 */
static bool admin_io_okay(const struct domain *d, unsigned int port, unsigned int size)
{
	if (port == 0xcf8 && size == 4)
		return false;
	if (port <= 0x71 && port + size > 0x70)
		return false;
	return ioports_permitted(d, port, size);
}

/*
 * The size of the next piece of an emulated access at @port with @bytes
 * left, and whether it reaches the machine (@machine): a dword at 0xcf8
 * is the PCI latch; in the 0xcfc window what fits before its end (3
 * bytes go as 2 then 1); a port the domain may reach, a byte (a word if
 * it may reach both and @port is even); anything else a byte.
 */
static unsigned int io_piece(const struct domain *d, unsigned int port, unsigned int bytes,
			     bool *machine)
{
	unsigned int size;

	*machine = false;
	if (port == 0xcf8 && bytes == 4)
		return 4;
	if ((port & ~3U) == 0xcfc) {
		size = min(bytes, 4 - (port & 3));
		return size == 3 ? 2 : size;
	}
	if (port == 0x70 || port == 0x71 || !ioports_permitted(d, port, 1))
		return 1;
	*machine = true;
	return bytes > 1 && !(port & 1) && ioports_permitted(d, port, 2) ? 2 : 1;
}

/*
 * A guest's access to ports [@port, @port + @size), allowed by its IOPL
 * or I/O bitmap, as Xen's guest_io_read() and guest_io_write(): the
 * machine's ports in one access if admin_io_okay() (*@real set); else
 * piece by piece: the RTC's pair (time.c), the PCI latch and window
 * (pci.c), the ports the domain may reach, and all ones / nothing for
 * the rest.
 */
static uint32_t guest_io_read(struct vcpu *v, unsigned int port, unsigned int size, bool *real)
{
	struct domain *d = v->domain;
	unsigned int shift = 0;
	uint32_t data = 0;

	*real = admin_io_okay(d, port, size);
	if (*real)
		return port_read(port, size);
	while (size) {
		bool machine;
		unsigned int n = io_piece(d, port, size, &machine);
		uint32_t sub = ~0U;

		if (port == 0xcf8 && n == 4)
			sub = ACCESS_ONCE(d->pci_cf8);
		else if ((port & ~3U) == 0xcfc)
			sub = pci_guest_window_read(d, port, n);
		else if (port == 0x70 || port == 0x71)
			sub = rtc_guest_read(d, port);
		else if (machine)
			sub = port_read(port, n);
		if (n == 4)
			return sub;
		data |= (sub & ((1U << (n * 8)) - 1)) << shift;
		shift += n * 8;
		port += n;
		size -= n;
	}
	return data;
}

static void guest_io_write(struct vcpu *v, unsigned int port, unsigned int size, uint32_t val,
			   bool *real)
{
	struct domain *d = v->domain;

	*real = admin_io_okay(d, port, size);
	if (*real) {
		port_write(port, size, val);
		return;
	}
	while (size) {
		bool machine;
		unsigned int n = io_piece(d, port, size, &machine);

		if (port == 0xcf8 && n == 4)
			d->pci_cf8 = val;
		else if ((port & ~3U) == 0xcfc)
			pci_guest_window_write(d, port, n, val);
		else if (port == 0x70 || port == 0x71)
			rtc_guest_write(d, port, val);
		else if (machine)
			port_write(port, n, val);
		val = n == 4 ? 0 : val >> (n * 8);
		port += n;
		size -= n;
	}
}

/* A REP INS/OUTS does at most this many elements per trap; RIP stays until RCX is 0. */
#define STRING_IO_BATCH 256
#define PFEC_WRITE (1U << 1) /* #PF error code: a write */

/*
 * INS/OUTS ([rep] [66] 6c-6f), as Xen's rep_ins()/rep_outs(): each
 * element goes between the port (guest_io_read/write()) and guest memory
 * at ES:RDI or DS:RSI (FS or GS with an override), up or down with
 * EFLAGS.DF. A fault on guest memory stops the string there, with the
 * registers saying how far it got, and becomes the guest's #PF (error
 * code write for INS, 0 for OUTS, as Xen's emulator gives); a
 * non-canonical address is its #GP. A REP with RCX 0 does nothing. At
 * most STRING_IO_BATCH elements per trap: the rest runs when the guest
 * executes the instruction again (RIP is left on it), so a long string
 * never holds the CPU. An I/O breakpoint on the port stops after one
 * element, with its #DB.
 */
static enum pv_emul emulate_string_io(struct vcpu *v, struct cpu_regs *regs, uint8_t op,
				      unsigned int size, unsigned int len, bool rep, uint8_t seg)
{
	unsigned int port = (uint16_t)regs->rdx, n;
	bool in = op <= 0x6d, real;
	int64_t step = (regs->rflags & X86_EFLAGS_DF) ? -(int64_t)size : (int64_t)size;
	uint64_t base = 0;
	bool bp;

	if (!iopl_ok(v) && !iobmp_ok(v, port, size))
		return PV_EMUL_NONE; /* #GP */
	if (!in && seg == 0x64)
		base = v->fs_base;
	else if (!in && seg == 0x65)
		base = v->kernel_mode ? v->gs_base_kernel : v->gs_base_user;
	bp = pv_io_breakpoint(v->debugreg, v->dr7_emul, v->guest_cr4 & X86_CR4_DE, port, size);
	for (n = 0; (!rep || regs->rcx) && n < STRING_IO_BATCH; n++) {
		uint64_t *ptr = in ? &regs->rdi : &regs->rsi;
		uint64_t addr = base + *ptr;
		uint32_t val = 0;

		if (!is_canonical(addr) || !is_canonical(addr + size - 1))
			return n ? PV_EMUL_DONE_NO_STEP : PV_EMUL_NONE; /* #GP(0) */
		if (in) {
			val = guest_io_read(v, port, size, &real);
			if (raw_copy_to_guest(addr, &val, size)) {
				pv_inject_trap(regs, TRAP_page_fault, true, PFEC_WRITE);
				return PV_EMUL_DONE_NO_STEP;
			}
		} else {
			if (raw_copy_from_guest(&val, addr, size)) {
				pv_inject_trap(regs, TRAP_page_fault, true, 0);
				return PV_EMUL_DONE_NO_STEP;
			}
			guest_io_write(v, port, size, val, &real);
		}
		*ptr += step;
		if (rep)
			regs->rcx--;
		if (!rep || bp)
			break;
	}
	if (!rep || !regs->rcx)
		regs->rip += len;
	if (bp)
		io_breakpoint(v, regs, port, size, false);
	return PV_EMUL_DONE;
}

/*
 * IN/OUT/INS/OUTS at RIP, if the virtual IOPL or the I/O bitmap allows
 * it. Prefixes: operand size (66), REP (f3, and f2 as the CPU takes it)
 * and the segment overrides; an address-size override (67) or a REX
 * prefix is not emulated (#GP). IN/OUT ([66] e4-e7 ib, [66] ec-ef):
 * decode the size and the port, then guest_io_read/write(). A guest
 * single-stepping through an access that reached the machine's port gets
 * no single-step #DB for it (PV_EMUL_DONE_NO_STEP): Xen 4.17 does the
 * access in a stub and its emulator then skips the single-step
 * retirement, a quirk a guest can see, kept here.
 */
static enum pv_emul emulate_io(struct vcpu *v, struct cpu_regs *regs)
{
	uint8_t insn[8], op, seg = 0;
	unsigned int opsz16 = 0, len = 0, size, port;
	bool in, real, rep = false;

	if (raw_copy_from_guest(insn, regs->rip, 1))
		return PV_EMUL_NONE;
	for (;; len++) {
		if (len == sizeof(insn) - 1 || (len && raw_copy_from_guest(&insn[len], regs->rip + len, 1)))
			return PV_EMUL_NONE;
		if (insn[len] == 0x66)
			opsz16 = 1;
		else if (insn[len] == 0xf3 || insn[len] == 0xf2)
			rep = true;
		else if (insn[len] == 0x26 || insn[len] == 0x2e || insn[len] == 0x36 ||
			 insn[len] == 0x3e || insn[len] == 0x64 || insn[len] == 0x65)
			seg = insn[len];
		else
			break;
	}
	op = insn[len++];
	switch (op) {
	case 0x6c: case 0x6d: case 0x6e: case 0x6f:
		return emulate_string_io(v, regs, op, (op & 1) ? (opsz16 ? 2 : 4) : 1, len, rep, seg);
	case 0xe4: case 0xe5: case 0xe6: case 0xe7:
		if (raw_copy_from_guest(&insn[len], regs->rip + len, 1))
			return PV_EMUL_NONE;
		port = insn[len++]; /* imm8 */
		break;
	case 0xec: case 0xed: case 0xee: case 0xef:
		port = (uint16_t)regs->rdx;
		break;
	default:
		return PV_EMUL_NONE; /* not port I/O (67, REX...): #GP */
	}
	in = op == 0xe4 || op == 0xe5 || op == 0xec || op == 0xed;
	size = (op & 1) ? (opsz16 ? 2 : 4) : 1;
	if (!iopl_ok(v) && !iobmp_ok(v, port, size))
		return PV_EMUL_NONE; /* #GP */
	if (in) {
		uint64_t mask = size == 4 ? 0xffffffffUL : (1UL << (size * 8)) - 1;
		uint64_t val = guest_io_read(v, port, size, &real);

		/* A 32-bit result zero-extends into rax; narrower ones merge. */
		regs->rax = size == 4 ? val : (regs->rax & ~mask) | (val & mask);
	} else {
		guest_io_write(v, port, size, (uint32_t)regs->rax, &real);
	}
	regs->rip += len;
	io_breakpoint(v, regs, port, size, real);
	return real ? PV_EMUL_DONE_NO_STEP : PV_EMUL_DONE;
}

static void emulate_rdtsc(struct cpu_regs *regs)
{
	uint64_t tsc = rdtsc();

	regs->rax = (uint32_t)tsc;
	regs->rdx = tsc >> 32;
}

enum pv_emul pv_emulate_privileged_op(struct cpu_regs *regs)
{
	struct vcpu *v = current;
	uint8_t insn[3];
	uint64_t val;

	if (raw_copy_from_guest(insn, regs->rip, 2))
		return PV_EMUL_NONE;
	if (insn[0] == 0xfa || insn[0] == 0xfb) { /* cli, sti: no effect when permitted */
		if (!iopl_ok(v))
			return PV_EMUL_NONE;
		regs->rip += 1;
		return PV_EMUL_DONE;
	}
	if (!v->kernel_mode)
		return emulate_io(v, regs); /* user mode: port I/O at IOPL 3, nothing else */
	if (insn[0] == 0x0f && insn[1] == 0x32) { /* rdmsr */
		if (read_msr(v, (uint32_t)regs->rcx, &val))
			return PV_EMUL_NONE;
		regs->rax = (uint32_t)val;
		regs->rdx = val >> 32;
		regs->rip += 2;
		return PV_EMUL_DONE;
	}
	if (insn[0] == 0x0f && insn[1] == 0x30) { /* wrmsr */
		val = ((regs->rdx & 0xffffffffUL) << 32) | (regs->rax & 0xffffffffUL);
		if (write_msr(v, (uint32_t)regs->rcx, val))
			return PV_EMUL_NONE;
		regs->rip += 2;
		return PV_EMUL_DONE;
	}
	/* rdtsc and rdtscp (0f 01 f9) #GP only under CR4.TSD. */
	if (insn[0] == 0x0f && insn[1] == 0x31) {
		emulate_rdtsc(regs);
		regs->rip += 2;
		return PV_EMUL_DONE;
	}
	if (insn[0] == 0x0f && insn[1] == 0x01) {
		if (raw_copy_from_guest(insn, regs->rip, 3) || insn[2] != 0xf9)
			return PV_EMUL_NONE;
		emulate_rdtsc(regs);
		regs->rcx = 0; /* TSC_AUX: not virtualised, RDTSCP is hidden from CPUID */
		regs->rip += 3;
		return PV_EMUL_DONE;
	}
	if ((insn[0] == 0x0f && insn[1] >= 0x20 && insn[1] <= 0x23) ||
	    ((insn[0] & 0xf0) == 0x40 && insn[1] == 0x0f))
		return emulate_mov_cr_dr(v, regs) ? PV_EMUL_DONE : PV_EMUL_NONE;
	return emulate_io(v, regs);
}
