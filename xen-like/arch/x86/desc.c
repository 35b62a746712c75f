// SPDX-License-Identifier: GPL-2.0-only
/*
 * Descriptor tables: the per-CPU GDT (hypervisor entries in the reserved
 * top page, as in Xen, so guest GDT frames can fill the rest later), the
 * TSS with its interrupt stacks (#DF, NMI, #MC and #DB each get their
 * own: a fault with a corrupt stack pointer still produces a dump, and a
 * #DB a guest holds back into the SYSCALL entry never runs on the stack
 * the guest chose), and the IDT, where every one of the 256 vectors has
 * a stub.
 */
#include <asm/config.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/percpu.h>

struct __packed desc_ptr {
	uint16_t limit;
	uint64_t base;
};

struct idt_entry {
	uint16_t offset_lo, selector;
	uint8_t ist, type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi, reserved;
};

/*
 * CPU 0's tables are static; secondary CPUs get theirs from
 * desc_alloc_cpu(). Each CPU sees its GDT and LDT through a window of
 * 4 KiB mappings (CPU 0's are in the image), because a guest's GDT and
 * LDT frames are mapped over the window's pages while one of its vCPUs
 * runs there; the direct map's 2 MiB pages cannot be remapped a page at
 * a time.
 */
static uint64_t cpu0_gdt[GDT_ENTRIES] __aligned(PAGE_SIZE);
static struct tss64 cpu0_tss __aligned(128);
static struct idt_entry idt[256] __aligned(PAGE_SIZE);
/* The window a guest's LDT frames are mapped into (MMUEXT_SET_LDT). */
static uint64_t cpu0_ldt[LDT_MAX_ENTRIES] __aligned(PAGE_SIZE);

struct desc_cpu {
	uint64_t *gdt;          /* the CPU's GDT window */
	uint64_t *ldt;          /* its LDT window */
	uint64_t gdt_mfn;       /* first of the window's own GDT_PAGES frames */
	uint64_t ldt_mfn;       /* first of the LDT window's own frames */
	struct tss64 *tss;
	/* What each window page maps now (0: not yet set), so a switch remaps only changes. */
	uint64_t gdt_mapped[FIRST_RESERVED_GDT_PAGE];
	uint64_t ldt_mapped[LDT_MAX_PAGES];
	/*
	 * Window pages from this index up map the window's own frames (the
	 * highest count of guest frames mapped since then): a switch looks
	 * only at the pages below max(this, the new guest's count).
	 */
	unsigned int gdt_dirty, ldt_dirty;
};
static struct desc_cpu desc_cpus[NR_CPUS];

extern const uint64_t entry_stub_table[256];
void reload_segments(void);

#define GDT_IDX(sel) ((sel) >> 3)
/* Flat 4 GiB segment descriptors: access byte and flags. */
#define SEG(access, flags) (0x000000000000ffffULL | ((uint64_t)(access) << 40) | \
			    ((uint64_t)(flags) << 52) | (0xfULL << 48))

static void set_system_desc(uint64_t *gdt, unsigned int idx, uint64_t base,
			    uint32_t limit, uint8_t type)
{
	gdt[idx] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		   ((uint64_t)(0x80 | type) << 40) |
		   ((uint64_t)((limit >> 16) & 0xf) << 48) |
		   (((base >> 24) & 0xff) << 56);
	gdt[idx + 1] = base >> 32;
}

#define GDT_ORDER 4 /* 64 KiB: GDT_ENTRIES descriptors */
#define GDT_PAGES (1U << GDT_ORDER)

/* Map @nr frames from @mfn at a fresh window of hypervisor space; NULL if none is left. */
static uint64_t *map_window(uint64_t mfn, unsigned int nr)
{
	unsigned long va = vmap_reserve(nr);

	if (!va || map_pages_to_xen(va, mfn, nr, PAGE_HYPERVISOR_RW))
		return NULL;
	return (uint64_t *)va;
}

/*
 * Allocate secondary CPU @cpu's GDT (zeroed, the full 64 KiB as on CPU 0),
 * LDT window and TSS; called on the boot CPU before @cpu starts. The
 * memory is kept if a later step fails (the CPU id is never reused).
 */
int desc_alloc_cpu(unsigned int cpu)
{
	struct desc_cpu *dc = &desc_cpus[cpu];
	void *gdt, *ldt;

	BUILD_BUG_ON(sizeof(cpu0_gdt) != (PAGE_SIZE << GDT_ORDER));
	BUILD_BUG_ON(sizeof(cpu0_ldt) != (PAGE_SIZE * LDT_MAX_PAGES));
	BUG_ON(cpu == 0 || cpu >= NR_CPUS);
	gdt = alloc_xenheap_pages(GDT_ORDER);
	ldt = alloc_xenheap_pages(GDT_ORDER);
	dc->tss = alloc_xenheap_pages(0);
	if (!gdt || !ldt || !dc->tss)
		goto fail;
	memset(gdt, 0, PAGE_SIZE << GDT_ORDER);
	memset(ldt, 0, PAGE_SIZE << GDT_ORDER);
	memset(dc->tss, 0, PAGE_SIZE);
	dc->gdt_mfn = virt_to_mfn(gdt);
	dc->ldt_mfn = virt_to_mfn(ldt);
	dc->gdt = map_window(dc->gdt_mfn, GDT_PAGES);
	dc->ldt = map_window(dc->ldt_mfn, LDT_MAX_PAGES);
	if (!dc->gdt || !dc->ldt)
		goto fail;
	return 0;
fail:
	free_xenheap_pages(gdt, GDT_ORDER);
	free_xenheap_pages(ldt, GDT_ORDER);
	free_xenheap_pages(dc->tss, 0);
	memset(dc, 0, sizeof(*dc));
	return -ENOMEM;
}

/*
 * Fill and load this CPU's GDT and TSS, and load the shared IDT. Runs on
 * CPU @cpu itself. @stack is the CPU's STACK_SIZE block (see
 * asm/config.h for its layout): the IST stacks use its low pages, so
 * get_cpu_info() works on them too.
 */
void desc_init_cpu(unsigned int cpu, char *stack)
{
	struct desc_cpu *dc = &desc_cpus[cpu];
	uint64_t *gdt;
	struct tss64 *tss;
	struct desc_ptr gp, ip = { sizeof(idt) - 1, (uint64_t)idt };
	unsigned int i;

	if (cpu == 0) {
		dc->gdt = cpu0_gdt;
		dc->ldt = cpu0_ldt;
		dc->gdt_mfn = virt_to_mfn(cpu0_gdt);
		dc->ldt_mfn = virt_to_mfn(cpu0_ldt);
		dc->tss = &cpu0_tss;
	}
	gdt = dc->gdt;
	tss = dc->tss;
	gp = (struct desc_ptr){ sizeof(cpu0_gdt) - 1, (uint64_t)gdt };
	BUG_ON(!gdt || !tss || !dc->ldt); /* desc_alloc_cpu() not called */
	BUILD_BUG_ON(FIRST_RESERVED_GDT_ENTRY != 7168);

	gdt[GDT_IDX(__HYPERVISOR_CS)] = SEG(0x9b, 0xa);   /* ring 0, 64-bit, L */
	gdt[GDT_IDX(__HYPERVISOR_DS)] = SEG(0x93, 0xc);   /* ring 0 data */
	gdt[GDT_IDX(__HYPERVISOR_DS32)] = SEG(0x93, 0xc);
	gdt[GDT_IDX(FLAT_RING3_CS32)] = SEG(0xfb, 0xc);   /* ring 3, 32-bit */
	gdt[GDT_IDX(FLAT_RING3_DS)] = SEG(0xf3, 0xc);     /* ring 3 data */
	gdt[GDT_IDX(FLAT_RING3_CS64)] = SEG(0xfb, 0xa);   /* ring 3, 64-bit */
	gdt[GDT_IDX(__HYPERVISOR_CS32)] = SEG(0x9b, 0xc); /* ring 0, 32-bit */

	memset(tss, 0, sizeof(*tss));
	tss->rsp0 = (uint64_t)stack + STACK_SIZE - sizeof(struct cpu_info);
	for (i = 0; i < NR_IST; i++)
		tss->ist[i] = (uint64_t)stack + (i + 1) * IST_STACK_SIZE;
	tss->iomap_base = sizeof(*tss); /* no I/O bitmap: ring 3 port I/O faults */
	set_system_desc(gdt, GDT_IDX(TSS_SELECTOR), (uint64_t)tss,
			sizeof(*tss) - 1, 0x9 /* available 64-bit TSS */);

	__asm__ __volatile__("lgdt %0" ::"m"(gp));
	reload_segments();
	__asm__ __volatile__("ltr %w0" ::"r"(TSS_SELECTOR));
	__asm__ __volatile__("lidt %0" ::"m"(ip));
}

/*
 * Map a guest's GDT frames over the first pages of this CPU's GDT
 * window (writable for the CPU, which sets accessed bits); pages beyond
 * @nr go back to the window's own zeroed frames. The reserved pages (our
 * selectors) are never touched.
 */
int desc_map_guest_gdt(const uint64_t *frames, unsigned int nr)
{
	struct desc_cpu *dc = &desc_cpus[smp_processor_id()];
	unsigned int i;
	int rc;

	BUG_ON(nr > FIRST_RESERVED_GDT_PAGE);
	for (i = 0; i < max(nr, dc->gdt_dirty); i++) {
		unsigned long va = (unsigned long)dc->gdt + i * PAGE_SIZE;
		uint64_t mfn = i < nr ? frames[i] : dc->gdt_mfn + i;

		if (dc->gdt_mapped[i] == mfn)
			continue;
		rc = map_pages_to_xen(va, mfn, 1, PAGE_HYPERVISOR_RW);
		if (rc)
			return rc; /* gdt_dirty still covers what is mapped */
		invlpg(va);
		dc->gdt_mapped[i] = mfn;
		dc->gdt_dirty = max(dc->gdt_dirty, i + 1);
	}
	dc->gdt_dirty = nr;
	return 0;
}

static void set_gate(unsigned int vec, unsigned int ist, unsigned int dpl)
{
	uint64_t a = entry_stub_table[vec];

	idt[vec] = (struct idt_entry){
		.offset_lo = a & 0xffff,
		.selector = __HYPERVISOR_CS,
		.ist = ist,
		.type_attr = 0x8e | (dpl << 5), /* present, interrupt gate */
		.offset_mid = (a >> 16) & 0xffff,
		.offset_hi = a >> 32,
	};
}

/*
 * All vectors are interrupt gates (interrupts off on entry) at DPL 0 but
 * #BP and #OF: a guest's "int n" raises #GP(n << 3 | 2), which pv/traps.c
 * turns into a software interrupt through the guest's own trap table.
 */
void idt_init(void)
{
	unsigned int v;

	for (v = 0; v < 256; v++)
		set_gate(v, 0, 0);
	/* INT3 and INTO raise #BP/#OF from guest code, not #GP (as on Xen). */
	set_gate(3, 0, 3);
	set_gate(4, 0, 3);
	set_gate(LEGACY_SYSCALL_VECTOR, 0, 3);
	set_gate(2, IST_NMI, 0);
	set_gate(8, IST_DF, 0);
	set_gate(18, IST_MCE, 0);
	/*
	 * XSA-260 (CVE-2018-8897): MOV SS holds a data breakpoint's #DB back
	 * until after the next instruction. If that is SYSCALL, the #DB is
	 * taken on the first instruction of lstar_enter, in ring 0 before the
	 * stack switch, so without IST the CPU would push its frame wherever
	 * the guest's RSP points (hypervisor memory included). With IST it
	 * lands on this CPU's #DB stack, and do_trap() sees a hypervisor-mode
	 * #DB it drops (traps.c).
	 */
	set_gate(1, IST_DB, 0);
}

/* The IST slot vector @vec's gate uses (0: none), for the selftest. */
unsigned int idt_gate_ist(unsigned int vec)
{
	return vec < 256 ? idt[vec].ist & 7 : 0;
}

/* This CPU's IST stack @ist (1-based) top, for the selftest; 0 if none. */
unsigned long tss_ist_top(unsigned int ist)
{
	const struct tss64 *tss = desc_cpus[smp_processor_id()].tss;

	return ist >= 1 && ist <= 7 ? tss->ist[ist - 1] : 0;
}

/*
 * Map a guest's LDT frames (already typed seg_desc, so their descriptors
 * are validated and the guest cannot write them) over this CPU's LDT
 * window and load it; @frames NULL unloads the LDT. Pages beyond the
 * guest's go back to the window's own (zeroed) pages.
 */
void desc_load_ldt(const uint64_t *frames, unsigned int ents)
{
	struct desc_cpu *dc = &desc_cpus[smp_processor_id()];
	unsigned int nr = frames ? DIV_ROUND_UP(ents, PAGE_SIZE / 8) : 0, i;

	BUG_ON(nr > LDT_MAX_PAGES);
	__asm__ __volatile__("lldt %w0" ::"r"(0));
	for (i = 0; i < max(nr, dc->ldt_dirty); i++) {
		unsigned long va = (unsigned long)dc->ldt + i * PAGE_SIZE;
		uint64_t mfn = i < nr ? frames[i] : dc->ldt_mfn + i;

		if (dc->ldt_mapped[i] == mfn)
			continue;
		/* The window's page tables exist (image, or made by desc_alloc_cpu()). */
		BUG_ON(map_pages_to_xen(va, mfn, 1, PAGE_HYPERVISOR_RW));
		invlpg(va);
		dc->ldt_mapped[i] = mfn;
	}
	dc->ldt_dirty = nr;
	if (!nr)
		return;
	set_system_desc(dc->gdt, GDT_IDX(LDT_SELECTOR), (uint64_t)dc->ldt, ents * 8 - 1,
			0x2 /* LDT */);
	__asm__ __volatile__("lldt %w0" ::"r"(LDT_SELECTOR));
}
