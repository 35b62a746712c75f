// SPDX-License-Identifier: GPL-2.0-only
/*
 * Halting, powering off and rebooting the machine.
 *
 * Reboot tries, in order: the ACPI reset register, the keyboard
 * controller, the PCI reset port (0xcf9), and finally a triple fault;
 * "reboot=" chooses one method first (Xen's letters: a, k, p, t) or
 * "reboot=no" (same as "noreboot"). Power-off uses ACPI S5. For tests,
 * "qemu_exit=<port>" names QEMU's isa-debug-exit device: every way of
 * ending first writes a status byte there (see xen/shutdown.h).
 */
#include <asm/acpi.h>
#include <asm/processor.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/shutdown.h>
#include <xen/time.h>

bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);
static unsigned int opt_qemu_exit;
integer_param("qemu_exit", opt_qemu_exit);

enum reboot_method { REBOOT_ACPI, REBOOT_KBD, REBOOT_PCI, REBOOT_TRIPLE, NR_REBOOT };
static int first_method = -1;

static int parse_reboot(const char *s)
{
	/* Xen accepts a comma-separated list; we use the first method named. */
	for (; *s; s++) {
		switch (*s) {
		case 'n': opt_noreboot = true; return 0;
		case 'a': first_method = REBOOT_ACPI; return 0;
		case 'k': first_method = REBOOT_KBD; return 0;
		case 'p': first_method = REBOOT_PCI; return 0;
		case 't': first_method = REBOOT_TRIPLE; return 0;
		case 'w': case 'c': /* warm/cold: no meaning here */
			while (*s && *s != ',')
				s++;
			if (!*s)
				return 0;
			break;
		default:
			return -EINVAL;
		}
	}
	return -EINVAL;
}
custom_param("reboot", parse_reboot);

static void qemu_exit(unsigned int status)
{
	if (opt_qemu_exit)
		outb(status, opt_qemu_exit);
}

static void __noreturn halt_forever(void)
{
	for (;;) {
		local_irq_disable();
		halt();
	}
}

void __noreturn machine_halt(void)
{
	local_irq_disable();
	printk("Halting this machine\n");
	qemu_exit(EXIT_STATUS_HALT);
	halt_forever();
}

void __noreturn machine_power_off(unsigned int status)
{
	local_irq_disable();
	printk("Powering off\n");
	qemu_exit(status);
	acpi_power_off();
	printk("ACPI power-off unavailable or failed\n");
	machine_halt();
}

static void wait_kbd_ready(void)
{
	unsigned int i;

	for (i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
		cpu_relax();
}

static void try_reboot(enum reboot_method m)
{
	static const struct __packed { uint16_t limit; uint64_t base; } null_idt = { 0, 0 };
	static const char *const names[NR_REBOOT] = { "acpi", "kbd", "pci", "triple" };

	printk("Rebooting via %s\n", names[m]);
	switch (m) {
	case REBOOT_ACPI:
		acpi_reboot();
		break;
	case REBOOT_KBD:
		wait_kbd_ready();
		outb(0xfe, 0x64); /* pulse the CPU reset line */
		break;
	case REBOOT_PCI:
		outb(0x02, 0xcf9);
		outb(0x06, 0xcf9); /* hard reset */
		break;
	case REBOOT_TRIPLE:
		__asm__ __volatile__("lidt %0; int3" ::"m"(null_idt));
		break;
	default:
		break;
	}
}

void __noreturn machine_restart(void)
{
	uint64_t t0;
	int m;

	local_irq_disable();
	printk("Rebooting\n");
	if (first_method >= 0) {
		try_reboot(first_method);
		t0 = rdtsc();
		while (rdtsc() - t0 < cpu_khz * 50)
			cpu_relax();
		printk("reboot=%d did not reset the machine; trying the others\n", first_method);
	}
	for (m = 0; m < NR_REBOOT; m++) {
		if (m == first_method)
			continue;
		try_reboot(m);
		/* Give each method a moment before falling through to the next. */
		t0 = rdtsc();
		while (rdtsc() - t0 < cpu_khz * 50)
			cpu_relax();
	}
	halt_forever();
}

static void __noreturn reboot_after_delay(void)
{
	uint64_t t0;

	printk("Reboot in five seconds...\n");
	t0 = rdtsc();
	while (cpu_khz && rdtsc() - t0 < cpu_khz * 5000)
		cpu_relax();
	machine_restart();
}

void __noreturn machine_crash_shutdown(void)
{
	if (opt_noreboot) {
		printk("Manual reset required ('noreboot' specified)\n");
		machine_halt();
	}
	reboot_after_delay();
}

void __noreturn machine_dom0_crashed(void)
{
	if (opt_noreboot) {
		local_irq_disable();
		printk("Halting this machine (dom0 crashed, 'noreboot' specified)\n");
		qemu_exit(EXIT_STATUS_DOM0_CRASH);
		halt_forever();
	}
	reboot_after_delay();
}
