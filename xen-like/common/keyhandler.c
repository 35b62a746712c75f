// SPDX-License-Identifier: GPL-2.0-only
/*
 * Debug keys on the serial console, in the spirit of Xen's: the console
 * is polled from a hypervisor timer (no UART interrupt is needed), and
 * each key runs a dump or an action, while the serial input is the
 * hypervisor's (CTRL-a three times switches it between dom0 and here).
 */
#include <asm/cpufeature.h>
#include <asm/mm.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <xen/bootinfo.h>
#include <xen/console.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/irq.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/shutdown.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

#define POLL_INTERVAL MILLISECS(20)

static struct timer poll_timer;

static void show_help(void);

static const char *dying_name(const struct domain *d)
{
	static const char *const names[] = { "", ", dying", ", dead" };

	return d->is_dying < ARRAY_SIZE(names) ? names[d->is_dying] : ", ?";
}

/*
 * The heap, then each domain's frames: its reservation and the
 * hypervisor frames kept for it, which together are what destroying it
 * gives back. The free count is exact (sysctl physinfo free_pages).
 */
static void show_memory(void)
{
	const struct domain *d;
	size_t bytes;
	unsigned long objs;

	mm_dump_info();
	printk("Free frames: %lu (sysctl physinfo free_pages)\n", heap_free_pages());
	for (d = domain_list; d; d = d->next_in_list)
		printk("  d%u (%s): %lu frames, %lu hypervisor frames%s\n", d->domain_id, d->name,
		       d->tot_pages, d->xenheap_pages, dying_name(d));
	xmalloc_stats(&bytes, &objs);
	printk("xmalloc: %lu objects, %lu bytes in use\n", objs, (unsigned long)bytes);
}

static void show_uptime(void)
{
	s_time_t now = NOW();

	printk("Uptime: %ld.%06ld s\n", (long)(now / NSEC_PER_SEC),
	       (long)((now % NSEC_PER_SEC) / 1000));
}

static void do_reboot(void)
{
	machine_restart();
}

static void do_power_off(void)
{
	machine_power_off(EXIT_STATUS_POWEROFF);
}

static void show_boot_info(void)
{
	bootinfo_print(&boot_info);
}

static void show_cpu(void)
{
	print_cpu_info(&boot_cpu_data);
	smp_dump_cpus();
}

static const char *const runstate_names[] = { "running", "runnable", "blocked", "offline" };

/* Domains and their vCPUs; each vCPU also gets VIRQ_DEBUG, as on Xen. */
static void show_domains(void)
{
	struct domain *d;
	unsigned int i;

	for (d = domain_list; d; d = d->next_in_list) {
		printk("Domain %u (%s): %lu pages, %lu hypervisor frames, weight %u, cap %u%s%s%s%s\n",
		       d->domain_id, d->name, d->tot_pages, d->xenheap_pages, d->weight, d->cap,
		       d->is_privileged ? ", privileged" : "", d->is_boot_domain ? ", boot-time" : "",
		       d->is_shutting_down ? ", shut down" : "", dying_name(d));
		for (i = 0; i < d->max_vcpus; i++) {
			struct vcpu *v = d->vcpu[i];
			struct vcpu_runstate_info r;

			if (!v)
				continue;
			vcpu_runstate_get(v, &r);
			printk("  v%u: %s (running %lu ms, blocked %lu ms), upcall pending %u mask %u, "
			       "periodic %lu us%s\n",
			       v->vcpu_id, runstate_names[r.state & 3],
			       (unsigned long)(r.time[RUNSTATE_running] / 1000000),
			       (unsigned long)(r.time[RUNSTATE_blocked] / 1000000),
			       v->vcpu_info->evtchn_upcall_pending, v->vcpu_info->evtchn_upcall_mask,
			       (unsigned long)(v->periodic_period / 1000),
			       v->is_polling ? ", polling" : "");
			if (v->virq_to_evtchn[VIRQ_DEBUG])
				printk("  notifying d%uv%u (VIRQ_DEBUG, port %u)\n", d->domain_id,
				       v->vcpu_id, v->virq_to_evtchn[VIRQ_DEBUG]);
			send_guest_vcpu_virq(v, VIRQ_DEBUG);
		}
	}
}

static const struct {
	char key;
	void (*fn)(void);
	const char *desc;
} keys[] = {
	{ 'h', show_help, "show this help" },
	{ 'b', show_boot_info, "show boot information (memory map, modules)" },
	{ 'c', show_cpu, "show CPU information and the online CPUs" },
	{ 'd', dump_execution_state, "dump registers and stack of this CPU" },
	{ 'e', evtchn_dump, "dump event channels" },
	{ 'g', gnttab_dump, "dump grant tables (size, active entries, maptrack)" },
	{ 'i', irq_dump, "dump device interrupts and the PIRQs bound to them" },
	{ 'm', show_memory, "show memory: heap, free frames, each domain's frames" },
	{ 'q', show_domains, "dump domains and vCPUs (and send them VIRQ_DEBUG)" },
	{ 'r', sched_dump, "dump run queues" },
	{ 't', timer_dump, "show pending timers" },
	{ 'u', show_uptime, "show time since boot" },
	{ 'R', do_reboot, "reboot the machine" },
	{ 'O', do_power_off, "power the machine off" },
};

static void show_help(void)
{
	unsigned int i;

	printk("Debug keys:\n");
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		printk("  '%c' %s\n", keys[i].key, keys[i].desc);
}

void handle_keypress(char key)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i].key == key) {
			printk("'%c' pressed -> %s\n", key, keys[i].desc);
			keys[i].fn();
			return;
		}
	}
	if (key >= ' ' && key < 0x7f)
		printk("'%c' is not a debug key; 'h' lists them\n", key);
}

static void poll_console(void *unused)
{
	int c;

	while ((c = console_getc()) >= 0)
		console_rx((char)c);
	set_timer(&poll_timer, NOW() + POLL_INTERVAL);
}

void keyhandler_init(void)
{
	init_timer(&poll_timer, poll_console, NULL, 0);
	set_timer(&poll_timer, NOW() + POLL_INTERVAL);
}
