// SPDX-License-Identifier: GPL-2.0-only
/*
 * start_xen(): the boot sequence from the first C instruction to the
 * idle loop. The order matters: exceptions are caught before anything
 * can fault, the command line is parsed before the console starts (the
 * console's settings are on it), and memory management comes before
 * anything that maps or allocates.
 */
#include <asm/acpi.h>
#include <asm/apic.h>
#include <asm/cpufeature.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/io_apic.h>
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <xen/bootinfo.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/irq.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/percpu.h>
#include <xen/perfc.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>

void __noreturn start_xen(uint32_t magic, uint32_t mbi);
void print_banner(void);
void selftest_run(void);

char cpu0_stack[STACK_SIZE] __aligned(STACK_SIZE) __section(".bss.stack_aligned");
unsigned long __per_cpu_offset[NR_CPUS];

/*
 * Options later subsystems consume; accepted and validated now so that a
 * Xen command line works unchanged. dom0_mem: "<size>", "min:<size>",
 * "max:<size>", comma-separated (Xen's syntax).
 */
static unsigned long long dom0_mem_size, dom0_mem_min, dom0_mem_max;
static int parse_dom0_mem(const char *s)
{
	do {
		unsigned long long *dst = &dom0_mem_size;
		const char *end;

		if (!strncmp(s, "min:", 4)) {
			dst = &dom0_mem_min;
			s += 4;
		} else if (!strncmp(s, "max:", 4)) {
			dst = &dom0_mem_max;
			s += 4;
		}
		*dst = parse_size_and_unit(s, &end);
		if (end == s || (*end && *end != ','))
			return -EINVAL;
		s = *end ? end + 1 : end;
	} while (*s);
	return 0;
}
custom_param("dom0_mem", parse_dom0_mem);
/* dom0_max_vcpus: arch/x86/pv/domain_build.c. */

void __noreturn start_xen(uint32_t magic, uint32_t mbi)
{
	struct cpu_info *ci = get_cpu_info();
	int rc;

	percpu_save_template(); /* before anything writes CPU 0's per-CPU data */
	ci->processor_id = 0;
	ci->per_cpu_offset = 0;
	ci->current_vcpu = NULL;
	ci->stack_guard = STACK_GUARD_MAGIC;

	idt_init();
	desc_init_cpu(0, cpu0_stack);
	identify_cpu(&boot_cpu_data);

	rc = multiboot_parse(magic, mbi, &boot_info);
	cmdline_parse(boot_info.cmdline);
	console_init();
	print_banner();
	if (rc)
		panic("Boot information at %#x (magic %#x) is unusable", mbi, magic);
	cmdline_report();
	print_cpu_info(&boot_cpu_data);
	bootinfo_print(&boot_info);
	if (dom0_mem_size || dom0_mem_min || dom0_mem_max)
		printk("dom0_mem: %llu MiB (min %llu, max %llu) noted for the dom0 builder\n",
		       dom0_mem_size >> 20, dom0_mem_min >> 20, dom0_mem_max >> 20);

	mm_init(&boot_info);
	bootinfo_copy_modules(&boot_info);
	apic_init();
	acpi_init(&boot_info);
	io_apic_init();
	irq_init();
	time_init();
	timer_init();
	traps_init();
	perfc_init();
	smp_boot_cpus(&boot_info);
	local_irq_enable();
	keyhandler_init();

	selftest_run();

	if (boot_info.nr_modules)
		build_boot_domains(&boot_info, dom0_mem_size);
	printk("xen-like is up. No dom0 kernel given (module 1), idling.\n");
	printk("Debug keys on the serial console: 'h' for help.\n");
	sched_start();
}
