/* SPDX-License-Identifier: GPL-2.0-only */
/* x86 instructions wrapped for C: control registers, MSRs, port I/O, CPUID. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <xen/types.h>

#define X86_CR0_PE (1UL << 0)
#define X86_CR0_MP (1UL << 1)
#define X86_CR0_EM (1UL << 2)
#define X86_CR0_TS (1UL << 3)
#define X86_CR0_NE (1UL << 5)
#define X86_CR0_WP (1UL << 16)
#define X86_CR0_AM (1UL << 18)
#define X86_CR0_PG (1UL << 31)

#define X86_CR4_TSD (1UL << 2)
#define X86_CR4_DE (1UL << 3)
#define X86_CR4_PAE (1UL << 5)
#define X86_CR4_MCE (1UL << 6)
#define X86_CR4_PGE (1UL << 7)
#define X86_CR4_OSFXSR (1UL << 9)
#define X86_CR4_OSXMMEXCPT (1UL << 10)

#define X86_EFLAGS_TF (1UL << 8)
#define X86_EFLAGS_ZF (1UL << 6)
#define X86_EFLAGS_IF (1UL << 9)
#define X86_EFLAGS_DF (1UL << 10)
#define X86_EFLAGS_IOPL (3UL << 12)
#define X86_EFLAGS_NT (1UL << 14)
#define X86_EFLAGS_RF (1UL << 16)
#define X86_EFLAGS_VM (1UL << 17)
#define X86_EFLAGS_AC (1UL << 18)

#define MSR_IA32_APICBASE 0x0000001b
#define MSR_IA32_APICBASE_ENABLE (1UL << 11)
#define MSR_IA32_APICBASE_BSP (1UL << 8)
#define MSR_IA32_APICBASE_BASE 0xfffff000UL
#define MSR_EFER 0xc0000080
#define EFER_SCE (1UL << 0)
#define EFER_LME (1UL << 8)
#define EFER_NXE (1UL << 11)
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_SHADOW_GS_BASE 0xc0000102

static inline void cpuid_count(uint32_t leaf, uint32_t sub, uint32_t *a,
			       uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "0"(leaf), "2"(sub));
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b, uint32_t *c,
			 uint32_t *d)
{
	cpuid_count(leaf, 0, a, b, c, d);
}

#define DEFINE_CR(n)                                                       \
	static inline unsigned long read_cr##n(void)                       \
	{                                                                  \
		unsigned long v;                                           \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));      \
		return v;                                                  \
	}                                                                  \
	static inline void write_cr##n(unsigned long v)                    \
	{                                                                  \
		__asm__ __volatile__("mov %0, %%cr" #n ::"r"(v) : "memory"); \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr" ::"c"(msr), "a"((uint32_t)v),
			     "d"((uint32_t)(v >> 32)));
}

/* rdmsr that returns -EFAULT instead of faulting (exception-table fixup). */
int rdmsr_safe(uint32_t msr, uint64_t *val);
/* Read 8 bytes at @addr; -EFAULT (and *val = 0) if the access faults. */
int read_u64_safe(const void *addr, uint64_t *val);

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void outb(uint8_t v, uint16_t port)
{
	__asm__ __volatile__("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outw(uint16_t v, uint16_t port)
{
	__asm__ __volatile__("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline void outl(uint32_t v, uint16_t port)
{
	__asm__ __volatile__("outl %0, %1" ::"a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

static inline unsigned long local_save_flags(void)
{
	unsigned long f;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(f)::"memory");
	return f;
}

#define local_irq_save(f)                     \
	do {                                  \
		(f) = local_save_flags();     \
		local_irq_disable();          \
	} while (0)

static inline void local_irq_restore(unsigned long f)
{
	__asm__ __volatile__("pushq %0; popfq" ::"r"(f) : "memory", "cc");
}

static inline bool local_irq_is_enabled(void)
{
	return local_save_flags() & X86_EFLAGS_IF;
}

/* Enable interrupts and halt atomically: an interrupt cannot slip in between. */
static inline void safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

static inline void halt(void)
{
	__asm__ __volatile__("hlt" ::: "memory");
}

/* Write debug register DR@reg (0-3, 6 or 7; others are ignored). */
static inline void write_debugreg(int reg, uint64_t val)
{
	switch (reg) {
	case 0: __asm__ __volatile__("mov %0, %%dr0" ::"r"(val)); break;
	case 1: __asm__ __volatile__("mov %0, %%dr1" ::"r"(val)); break;
	case 2: __asm__ __volatile__("mov %0, %%dr2" ::"r"(val)); break;
	case 3: __asm__ __volatile__("mov %0, %%dr3" ::"r"(val)); break;
	case 6: __asm__ __volatile__("mov %0, %%dr6" ::"r"(val)); break;
	case 7: __asm__ __volatile__("mov %0, %%dr7" ::"r"(val)); break;
	}
}

static inline void invlpg(unsigned long va)
{
	__asm__ __volatile__("invlpg (%0)" ::"r"(va) : "memory");
}

/*
 * Called by every busy-wait loop (spinlocks, waits for other CPUs): a
 * pause, and the TLB flush another CPU may be waiting for from this one
 * (arch/x86/smp.c). Hypervisor code runs with interrupts off, so a CPU
 * spinning for a lock whose holder waits for its flush must answer the
 * request here, not in the IPI handler.
 */
void cpu_lock_relax(void);

#endif /* ASM_PROCESSOR_H */
