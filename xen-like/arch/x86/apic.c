// SPDX-License-Identifier: GPL-2.0-only
/*
 * The local APIC (xAPIC, memory-mapped) and the legacy 8259 PIC. The PIC
 * is remapped away from the exception vectors and fully masked: all the
 * hypervisor's interrupts come from the local APIC, today only its timer.
 * Every CPU's APIC sits at the same physical address (each CPU sees its
 * own there), so the one mapping serves them all.
 */
#include <asm/apic.h>
#include <asm/cpufeature.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>

static volatile uint32_t *apic_mmio;
static paddr_t apic_phys;

uint32_t apic_read(unsigned int reg)
{
	return apic_mmio[reg / 4];
}

void apic_write(unsigned int reg, uint32_t v)
{
	apic_mmio[reg / 4] = v;
}

void ack_APIC_irq(void)
{
	apic_write(APIC_EOI, 0);
}

uint32_t apic_id(void)
{
	return apic_read(APIC_ID) >> 24;
}

void apic_timer_oneshot(uint32_t ticks)
{
	apic_write(APIC_TMICT, ticks);
}

/* Remap the 8259 pair to vectors 0x20-0x2f and mask every line. */
void pic_disable(void)
{
	outb(0x11, 0x20); /* ICW1: init, expect ICW4 */
	outb(0x11, 0xa0);
	outb(PIC_VECTOR_BASE, 0x21);     /* ICW2: vector base */
	outb(PIC_VECTOR_BASE + 8, 0xa1);
	outb(0x04, 0x21); /* ICW3: slave on IRQ2 */
	outb(0x02, 0xa1);
	outb(0x01, 0x21); /* ICW4: 8086 mode */
	outb(0x01, 0xa1);
	outb(0xff, 0x21); /* mask all */
	outb(0xff, 0xa1);
}

/*
 * Program this CPU's (mapped, enabled) local APIC: every priority
 * accepted, LINT0/1 masked, errors on our vector, and the one-shot timer
 * on its vector, divide by 1, not yet counting; @timer_masked keeps the
 * timer from ever interrupting (a parked CPU).
 */
static void apic_setup_local(bool timer_masked)
{
	apic_write(APIC_TASKPRI, 0);
	apic_write(APIC_SPIV, APIC_SPIV_ENABLE | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_LVT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT1, APIC_LVT_MASKED);
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_TDCR, APIC_TDR_DIV_1);
	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR | (timer_masked ? APIC_LVT_MASKED : 0));
	apic_write(APIC_TMICT, 0);
	ack_APIC_irq();
}

void apic_init(void)
{
	uint64_t base;

	if (!cpu_has_apic)
		panic("This CPU has no local APIC; xen-like requires one");
	pic_disable();

	base = rdmsr(MSR_IA32_APICBASE);
	apic_phys = base & MSR_IA32_APICBASE_BASE;
	wrmsr(MSR_IA32_APICBASE, base | MSR_IA32_APICBASE_ENABLE);
	apic_mmio = ioremap(apic_phys, PAGE_SIZE);
	if (!apic_mmio)
		panic("Cannot map the local APIC at %#lx", (unsigned long)apic_phys);

	apic_setup_local(false);

	printk("APIC: local APIC id %u, version %#x, at %#lx (xAPIC mode)%s\n",
	       apic_id(), apic_read(APIC_LVR) & 0xff, (unsigned long)apic_phys,
	       base & MSR_IA32_APICBASE_BSP ? ", boot CPU" : "");
}

/*
 * On a secondary CPU (after apic_init() on CPU 0 mapped the registers):
 * software-enable the APIC, accept every priority, mask LINT0/1 (only the
 * boot CPU may see ExtINT/NMI wiring) and the timer: a parked CPU takes
 * no interrupt but NMIs.
 */
void apic_init_secondary(void)
{
	uint64_t base = rdmsr(MSR_IA32_APICBASE);

	if (!(base & MSR_IA32_APICBASE_ENABLE))
		wrmsr(MSR_IA32_APICBASE, base | MSR_IA32_APICBASE_ENABLE);
	apic_setup_local(true);
}

/* Let this CPU's (programmed, masked) timer interrupt: a secondary CPU joining the scheduler. */
void apic_timer_unmask(void)
{
	apic_write(APIC_LVTT, LOCAL_TIMER_VECTOR);
}

int apic_send_ipi_raw(uint32_t dest, uint32_t icr)
{
	unsigned long spins;

	apic_write(APIC_ICR2, dest << 24);
	apic_write(APIC_ICR, icr); /* the write of the low word sends */
	for (spins = 0; apic_read(APIC_ICR) & APIC_ICR_BUSY; spins++) {
		if (spins > 10000000UL)
			return -ETIMEDOUT;
		cpu_relax();
	}
	return 0;
}
