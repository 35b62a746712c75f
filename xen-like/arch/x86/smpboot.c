// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bringing up the secondary CPUs (APs) and parking them.
 *
 * The one idea: an AP is prepared entirely by the boot CPU before it is
 * woken (stack block with its cpu_info, per-CPU data, GDT and TSS), so
 * all the AP has to do is load what it is given. It starts in real mode
 * at the trampoline (boot/trampoline.asm), copied to free low memory,
 * which takes it to long mode on the hypervisor's page tables and into
 * start_secondary() on its own stack. APs are started one at a time with
 * INIT-SIPI-SIPI (Intel SDM vol. 3, "MP initialization protocol"), and
 * the boot CPU waits, bounded, for each to check in.
 *
 * An AP that is online runs nothing: the scheduler, timers, softirqs and
 * the PV entry code are single-CPU still, so it parks with interrupts off
 * in a hlt loop. Only an NMI can wake it, and the NMI path (IST stack,
 * do_nmi()) returns to the loop. See docs/smp.md.
 */
#include <asm/apic.h>
#include <asm/config.h>
#include <asm/cpufeature.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/param.h>
#include <xen/perfc.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

/*
 * Low memory the trampoline occupies, in pages: the code and its
 * parameters (the SIPI vector names this page), then its page tables:
 * L4, L3, L2, L1, which identity-map this first page only.
 */
#define TRAMP_PAGES 5
/* Real mode can reach the first MiB; stay clear of the IVT/BDA and of
 * where loaders like to put their information (QEMU: 0x9000). */
#define TRAMP_LOW_FLOOR 0x10000
#define TRAMP_LOW_CEILING 0xa0000
/* How long an AP may take from the first SIPI to start_secondary()'s check-in. */
#define AP_CALLIN_TIMEOUT_MS 1000

enum cpu_state {
	CPU_STATE_NONE,     /* not listed, or beyond maxcpus= */
	CPU_STATE_FAILED,   /* started but did not check in, or could not be prepared */
	CPU_STATE_ONLINE,   /* checked in; parked (APs) */
};

extern char trampoline_start[], trampoline_end[], trampoline_gdt_desc[],
	trampoline_far32[], trampoline_far64[], trampoline_params[];
extern char __per_cpu_start[], __per_cpu_end[];
void __noreturn start_secondary(void);

unsigned long cpu_online_map[(NR_CPUS + 63) / 64];
static bool sched_go; /* the APs may join the scheduler */

/*
 * The CPU table, written by the boot CPU only (before any AP runs, or
 * for the AP being started): CPU number -> APIC id, its stack block and
 * what became of it.
 */
static uint32_t cpu_apicid[NR_CPUS];
static uint32_t cpu_acpiid[NR_CPUS]; /* the MADT entry's processor UID */
static char *cpu_stack[NR_CPUS];
static enum cpu_state cpu_state[NR_CPUS];
static unsigned int nr_cpus_found = 1; /* CPU 0, the boot CPU, always */
/* Those within maxcpus= (Xen's cpu_present_map): the first nr_cpus_present found. */
static unsigned int nr_cpus_present = 1;
static unsigned int nr_cpus_dropped;   /* MADT entries beyond NR_CPUS */
static bool boot_cpu_in_madt;

/* maxcpus=N (Xen): bring at most N CPUs online, the boot CPU included. */
static unsigned int opt_maxcpus = NR_CPUS;
integer_param("maxcpus", opt_maxcpus);

/*
 * smp_nmi_test (for tests/boot/smp.sh): after bring-up, send each parked
 * CPU two NMIs. NMIs stay blocked until the handler's IRET, so the second
 * being taken shows the first returned to the parked loop.
 */
static bool opt_nmi_test;
boolean_param("smp_nmi_test", opt_nmi_test);

/* The link-time per-CPU data, saved before CPU 0 (which uses it) changes it. */
static char percpu_template[PERCPU_DATA_MAX];

static paddr_t trampoline_phys;
static struct trampoline_params *tramp; /* the copy's parameters (direct map) */

/* Written by the AP being started once it is online: its CPU number. */
static unsigned int ap_callin;

unsigned int num_online_cpus(void)
{
	unsigned int cpu, n = 0;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		n += cpu_online(cpu);
	return n;
}

unsigned int max_online_cpu(void)
{
	unsigned int cpu, last = 0;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			last = cpu;
	return last;
}

uint32_t cpu_to_apicid(unsigned int cpu)
{
	BUG_ON(cpu >= nr_cpus_found);
	return cpu_apicid[cpu];
}

bool cpu_present(unsigned int cpu)
{
	return cpu < nr_cpus_present;
}

unsigned int max_present_cpu(void)
{
	return nr_cpus_present - 1;
}

uint32_t cpu_to_acpiid(unsigned int cpu)
{
	BUG_ON(cpu >= nr_cpus_found);
	/* Every AP came from the MADT; the boot CPU may be missing from it. */
	return cpu || boot_cpu_in_madt ? cpu_acpiid[cpu] : CPU_ACPIID_INVALID;
}

void percpu_save_template(void)
{
	memcpy(percpu_template, __per_cpu_start, __per_cpu_end - __per_cpu_start);
}

void smp_found_cpu(uint32_t id, uint32_t acpi_id, bool enabled)
{
	if (id == apic_id()) {
		boot_cpu_in_madt = true;
		cpu_acpiid[0] = acpi_id;
		return;
	}
	if (!enabled) {
		printk("SMP: APIC id %u is online-capable but disabled: not started\n", id);
		return;
	}
	if (nr_cpus_found == NR_CPUS) {
		nr_cpus_dropped++;
		return;
	}
	cpu_acpiid[nr_cpus_found] = acpi_id;
	cpu_apicid[nr_cpus_found++] = id;
}

/* Busy-wait @us microseconds on the calibrated TSC (time_init() has run). */
static void tsc_udelay(unsigned long us)
{
	uint64_t t0 = rdtsc(), ticks = us * cpu_khz / 1000;

	while (rdtsc() - t0 < ticks)
		cpu_relax();
}

/*
 * TRAMP_PAGES whole pages of RAM in [TRAMP_LOW_FLOOR, the EBDA or
 * TRAMP_LOW_CEILING), as high as possible, clear of the boot modules;
 * 0 if there are none. The allocator never owns memory below 1 MiB
 * (mm_init() keeps it out), so nothing else will be handed these pages.
 */
static paddr_t find_trampoline_pages(const struct boot_info *bi)
{
	paddr_t ebda = (paddr_t)(*(const uint16_t *)maddr_to_virt(0x40e)) << 4;
	paddr_t ceiling = TRAMP_LOW_CEILING, best = 0, size = TRAMP_PAGES * PAGE_SIZE;
	unsigned int i, m;

	if (ebda >= TRAMP_LOW_FLOOR && ebda < ceiling)
		ceiling = ebda;
	for (i = 0; i < bi->nr_memmap; i++) {
		const struct memmap_entry *e = &bi->memmap[i];
		paddr_t s = ROUNDUP(max(e->addr, (paddr_t)TRAMP_LOW_FLOOR), PAGE_SIZE);
		paddr_t end = ROUNDDOWN(min(e->addr + e->size, ceiling), PAGE_SIZE), cand;

		if (e->type != E820_RAM || end < s + size)
			continue;
		cand = end - size;
		for (m = 0; m < bi->nr_modules; m++)
			if (bi->modules[m].start < cand + size && bi->modules[m].end > cand)
				break;
		if (m == bi->nr_modules && cand > best)
			best = cand;
	}
	return best;
}

/* Add the copy's physical address to a 32-bit field of the trampoline. */
static void trampoline_reloc(uint8_t *copy, const char *field)
{
	*(uint32_t *)(copy + (field - trampoline_start)) += (uint32_t)trampoline_phys;
}

/*
 * Copy the trampoline to low memory and build its page tables: the
 * trampoline's own page identity-mapped (paging is switched on while
 * running there) and the hypervisor's L4 slots shared with idle_pg_table
 * (the image, where it jumps next, and the direct map, where AP stacks
 * are).
 */
static int trampoline_setup(const struct boot_info *bi)
{
	const uint64_t *idle = idle_pg_table_ptr();
	const uint64_t table = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
	size_t len = trampoline_end - trampoline_start;
	uint64_t *l4, *l3, *l2, *l1;
	uint8_t *copy;
	unsigned int i;

	BUG_ON(len > PAGE_SIZE);
	trampoline_phys = find_trampoline_pages(bi);
	if (!trampoline_phys)
		return -ENOMEM;
	for (i = 0; i < TRAMP_PAGES; i++)
		BUG_ON(page_state(mfn_to_page(PFN_DOWN(trampoline_phys) + i)) != PGC_reserved);

	copy = maddr_to_virt(trampoline_phys);
	memset(copy, 0, TRAMP_PAGES * PAGE_SIZE);
	memcpy(copy, trampoline_start, len);
	trampoline_reloc(copy, trampoline_gdt_desc + 2);
	trampoline_reloc(copy, trampoline_far32);
	trampoline_reloc(copy, trampoline_far64);

	l4 = (uint64_t *)(copy + PAGE_SIZE);
	l3 = l4 + PAGETABLE_ENTRIES;
	l2 = l3 + PAGETABLE_ENTRIES;
	l1 = l2 + PAGETABLE_ENTRIES;
	l4[l4_table_offset(trampoline_phys)] = (trampoline_phys + 2 * PAGE_SIZE) | table;
	l3[l3_table_offset(trampoline_phys)] = (trampoline_phys + 3 * PAGE_SIZE) | table;
	l2[l2_table_offset(trampoline_phys)] = (trampoline_phys + 4 * PAGE_SIZE) | table;
	l1[l1_table_offset(trampoline_phys)] = trampoline_phys | table | _PAGE_DIRTY;
	for (i = PV_RESERVED_FIRST_SLOT; i <= PV_RESERVED_LAST_SLOT; i++)
		l4[i] = idle[i];

	tramp = (struct trampoline_params *)(copy + (trampoline_params - trampoline_start));
	tramp->pt_phys = (uint32_t)(trampoline_phys + PAGE_SIZE);
	tramp->efer = EFER_LME | (cpu_has_nx ? EFER_NXE : 0);
	tramp->cr3 = virt_to_maddr(idle);
	printk("SMP: AP trampoline at %#lx (%zu bytes, SIPI vector %#lx)\n",
	       (unsigned long)trampoline_phys, len, (unsigned long)(trampoline_phys >> PAGE_SHIFT));
	return 0;
}

/*
 * Everything @cpu needs before it runs: a STACK_SIZE-aligned stack block
 * (IST stacks, primary stack, cpu_info at the top; the guard page stays
 * mapped, since the direct map uses 2 MiB pages), a copy of the
 * link-time per-CPU data, a GDT and a TSS.
 */
static int cpu_prepare(unsigned int cpu)
{
	size_t pc_size = __per_cpu_end - __per_cpu_start;
	char *stack = alloc_xenheap_pages(STACK_ORDER);
	char *area = alloc_xenheap_pages(0);
	struct cpu_info *ci;

	BUILD_BUG_ON(PERCPU_DATA_MAX > PAGE_SIZE);
	if (!stack || !area)
		goto out_free;
	memcpy(area, percpu_template, pc_size);
	__per_cpu_offset[cpu] = (unsigned long)area - (unsigned long)__per_cpu_start;
	if (desc_alloc_cpu(cpu))
		goto out_offset;

	ci = (struct cpu_info *)(stack + STACK_SIZE) - 1;
	memset(ci, 0, sizeof(*ci));
	ci->processor_id = cpu;
	ci->per_cpu_offset = __per_cpu_offset[cpu];
	ci->stack_guard = STACK_GUARD_MAGIC;
	cpu_stack[cpu] = stack;
	return 0;

out_offset:
	__per_cpu_offset[cpu] = 0;
out_free:
	free_xenheap_pages(stack, STACK_ORDER);
	free_xenheap_pages(area, 0);
	return -ENOMEM;
}

/*
 * INIT, then two STARTUP IPIs at the trampoline, with the delays the SDM
 * gives (10 ms after INIT, 200 us after each SIPI; the second SIPI is for
 * CPUs that miss the first and is ignored by one already running), then
 * wait for start_secondary() to check in. An AP that does not is sent
 * INIT again, which parks it in wait-for-SIPI, so it cannot wake up late
 * and run the next CPU's parameters.
 */
static int cpu_start(unsigned int cpu)
{
	uint32_t apicid = cpu_apicid[cpu];
	uint64_t t0, timeout = AP_CALLIN_TIMEOUT_MS * cpu_khz;
	unsigned int i;
	int rc;

	tramp->stack = (uint64_t)(cpu_stack[cpu] + STACK_SIZE - sizeof(struct cpu_info));
	tramp->started = 0;
	ACCESS_ONCE(ap_callin) = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* parameters visible before the IPIs */

	apic_write(APIC_ESR, 0);
	rc = apic_send_ipi_raw(apicid, APIC_DM_INIT | APIC_INT_LEVELTRIG | APIC_INT_ASSERT);
	if (rc)
		goto out_ipi;
	tsc_udelay(10000);
	/* De-assert: needed by old discrete APICs, ignored by today's (as Xen and Linux do). */
	rc = apic_send_ipi_raw(apicid, APIC_DM_INIT | APIC_INT_LEVELTRIG);
	if (rc)
		goto out_ipi;
	for (i = 0; i < 2; i++) {
		rc = apic_send_ipi_raw(apicid, APIC_DM_STARTUP | (trampoline_phys >> PAGE_SHIFT));
		if (rc)
			goto out_ipi;
		tsc_udelay(200);
		if (ACCESS_ONCE(tramp->started))
			break;
	}

	t0 = rdtsc();
	while (__atomic_load_n(&ap_callin, __ATOMIC_ACQUIRE) != cpu) {
		if (rdtsc() - t0 > timeout) {
			printk(XENLOG_ERR "CPU%u (APIC id %u) did not come up within %u ms (%s); "
			       "left in INIT\n", cpu, apicid, AP_CALLIN_TIMEOUT_MS,
			       ACCESS_ONCE(tramp->started) ? "it entered the trampoline"
							   : "it never reached the trampoline");
			apic_send_ipi_raw(apicid, APIC_DM_INIT | APIC_INT_LEVELTRIG | APIC_INT_ASSERT);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;

out_ipi:
	printk(XENLOG_ERR "CPU%u (APIC id %u): the local APIC did not send the start-up IPI "
	       "(ESR %#x)\n", cpu, apicid, apic_read(APIC_ESR));
	return rc;
}

/*
 * C entry of an AP, from the trampoline (ap_entry64): on its own stack,
 * on idle_pg_table, interrupts off, the trampoline's GDT still loaded.
 * Loads this CPU's tables, enables its APIC, says it is online and parks.
 */
void __noreturn start_secondary(void)
{
	struct cpu_info *ci = get_cpu_info();
	unsigned int cpu = ci->processor_id;
	struct vcpu *idle;
	bool usable;

	desc_init_cpu(cpu, (char *)ROUNDDOWN((unsigned long)ci, STACK_SIZE));
	/* CPU 0's CR4 (head.asm: PAE, PGE; pv_cpu_start(): SSE state enabled). */
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	apic_init_secondary();
	/* Everything it needs to run guests, or it stays parked (kept if only part was made). */
	idle = xzalloc(struct vcpu);
	usable = idle && !pv_cpu_setup() && !timer_init_cpu(cpu) && !perfc_init_cpu();

	set_bit(cpu, cpu_online_map);
	printk("CPU%u: online (APIC id %u)%s\n", cpu, apic_id(),
	       usable ? "" : ", but out of memory for its idle vCPU, entry stubs, timers or counters: kept parked");
	/* Release: the boot CPU may reuse the trampoline once it sees this. */
	__atomic_store_n(&ap_callin, cpu, __ATOMIC_RELEASE);

	/*
	 * Parked until the scheduler starts (smp_start_scheduling() sets
	 * sched_go and sends an event check), or for good if unusable. Only
	 * that IPI and NMIs (counted by do_nmi(), whose softirq never runs
	 * here) get through.
	 */
	for (;;) {
		local_irq_disable();
		if (usable && __atomic_load_n(&sched_go, __ATOMIC_ACQUIRE))
			break;
		if (usable)
			safe_halt();
		else
			halt();
	}
	apic_timer_unmask();
	sched_start_secondary(idle);
}

void smp_start_scheduling(void)
{
	unsigned int cpu;

	__atomic_store_n(&sched_go, true, __ATOMIC_RELEASE);
	for (cpu = 1; cpu < nr_cpus_found; cpu++)
		if (cpu_online(cpu))
			apic_send_ipi_raw(cpu_apicid[cpu], EVENT_CHECK_VECTOR);
}

/* Wait up to 100 ms for nmi_count to move past @before. */
static bool nmi_count_moved(unsigned long before)
{
	uint64_t t0 = rdtsc();

	while (ACCESS_ONCE(nmi_count) == before)
		if (rdtsc() - t0 > 100 * cpu_khz)
			return false;
	return true;
}

static void nmi_test(void)
{
	unsigned int cpu, i, ok = 0;

	for (cpu = 1; cpu < nr_cpus_found; cpu++) {
		if (!cpu_online(cpu))
			continue;
		for (i = 0; i < 2; i++) {
			unsigned long before = ACCESS_ONCE(nmi_count);

			if (apic_send_ipi_raw(cpu_apicid[cpu], APIC_DM_NMI) ||
			    !nmi_count_moved(before)) {
				printk(XENLOG_ERR "SMP: NMI test: CPU%u did not take NMI %u\n", cpu,
				       i + 1);
				break;
			}
		}
		ok += i == 2;
	}
	printk("SMP: NMI test: %u of %u parked CPUs took 2 NMIs each\n", ok,
	       num_online_cpus() - 1);
}

void smp_boot_cpus(const struct boot_info *bi)
{
	unsigned int cpu, want = nr_cpus_found;

	cpu_apicid[0] = apic_id();
	cpu_state[0] = CPU_STATE_ONLINE;
	set_bit(0, cpu_online_map);

	if (!boot_cpu_in_madt && nr_cpus_found > 1)
		printk(XENLOG_WARNING "SMP: the boot CPU (APIC id %u) is not in the MADT\n",
		       cpu_apicid[0]);
	if (nr_cpus_dropped)
		printk(XENLOG_WARNING "SMP: %u more CPUs listed than NR_CPUS (%u): ignored\n",
		       nr_cpus_dropped, NR_CPUS);
	if (opt_maxcpus < 1)
		opt_maxcpus = 1;
	want = min(want, opt_maxcpus);
	nr_cpus_present = want;
	printk("SMP: %u CPU%s found, starting %u%s\n", nr_cpus_found,
	       nr_cpus_found == 1 ? "" : "s", want,
	       want < nr_cpus_found ? " (maxcpus=)" : "");
	for (cpu = 0; cpu < nr_cpus_found; cpu++)
		printk("SMP: CPU%u: APIC id %u%s%s\n", cpu, cpu_apicid[cpu], cpu ? "" : " (boot CPU)",
		       cpu >= want ? ", not started (maxcpus=)" : "");
	if (want == 1)
		return;
	if (trampoline_setup(bi)) {
		printk(XENLOG_ERR "SMP: no free low memory for the AP trampoline; "
		       "running on the boot CPU only\n");
		return;
	}

	for (cpu = 1; cpu < want; cpu++) {
		cpu_state[cpu] = CPU_STATE_FAILED;
		if (cpu_prepare(cpu)) {
			printk(XENLOG_ERR "CPU%u: out of memory for its stack and tables; "
			       "not started\n", cpu);
			continue;
		}
		if (!cpu_start(cpu))
			cpu_state[cpu] = CPU_STATE_ONLINE;
	}
	printk("SMP: %u of %u CPUs online; they join the scheduler when it starts\n",
	       num_online_cpus(), want);
	if (opt_nmi_test)
		nmi_test();
}

void smp_dump_cpus(void)
{
	static const char *const names[] = {
		[CPU_STATE_NONE] = "not started",
		[CPU_STATE_FAILED] = "failed to start",
		[CPU_STATE_ONLINE] = "online",
	};
	unsigned int cpu;

	printk("Online CPUs: %u (max CPU id %u), %lu NMIs taken by all CPUs\n", num_online_cpus(),
	       max_online_cpu(), ACCESS_ONCE(nmi_count));
	for (cpu = 0; cpu < nr_cpus_found; cpu++)
		printk("  CPU%u: APIC id %u, %s%s\n", cpu, cpu_apicid[cpu], names[cpu_state[cpu]],
		       cpu_state[cpu] != CPU_STATE_ONLINE ? ""
		       : (cpu_sched_map & cpumask_of(cpu)) ? (cpu ? ", runs guests" : ", boot CPU, runs guests")
		       : ", parked (hlt)");
}
