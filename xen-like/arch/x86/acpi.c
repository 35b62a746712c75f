// SPDX-License-Identifier: GPL-2.0-only
/*
 * Just enough ACPI to end a run properly: find the RSDP (from the
 * Multiboot 2 copy, else by scanning the EBDA and the BIOS area), walk the
 * XSDT/RSDT to the FADT, and take from it the PM1 control ports, the
 * reset register and, from the DSDT's \_S5 package, the sleep type for
 * soft-off. Every table's checksum is verified; anything missing simply
 * leaves that method unavailable (shutdown.c falls back to others).
 * The MADT lists the processors: each enabled one is handed to
 * smpboot.c, which numbers and starts them. It also lists the I/O APICs
 * and the ISA interrupts they reroute, which go to io_apic.c.
 */
#include <asm/acpi.h>
#include <asm/io_apic.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <xen/lib.h>

struct __packed acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t ext_checksum;
	uint8_t reserved[3];
};

struct __packed acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem_id[6], oem_table_id[8];
	uint32_t oem_revision, creator_id, creator_revision;
};

struct __packed acpi_gas {
	uint8_t space_id, bit_width, bit_offset, access_size;
	uint64_t address;
};

#define FADT_DSDT 40
#define FADT_SMI_CMD 48
#define FADT_ACPI_ENABLE 52
#define FADT_PM1A_CNT 64
#define FADT_PM1B_CNT 68
#define FADT_FLAGS 112
#define FADT_RESET_REG 116
#define FADT_RESET_VALUE 128
#define FADT_X_DSDT 140
#define FADT_RESET_REG_SUP (1U << 10)
#define PM1_SCI_EN 0x0001
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_EN (1U << 13)

static struct {
	bool have_fadt, have_s5, have_reset;
	uint16_t pm1a_cnt, pm1b_cnt, smi_cmd;
	uint8_t acpi_enable;
	uint8_t slp_typa, slp_typb;
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	volatile uint8_t *reset_mmio;
} acpi;

static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

static const struct acpi_rsdp *rsdp_at(const void *p)
{
	const struct acpi_rsdp *r = p;

	if (memcmp(r->signature, "RSD PTR ", 8) || !checksum_ok(r, 20))
		return NULL;
	return r;
}

/* The first 2 MiB are always in the direct map (mm.c). */
static const struct acpi_rsdp *scan_rsdp(paddr_t start, size_t len)
{
	paddr_t p;

	for (p = start; p + 20 <= start + len; p += 16) {
		const struct acpi_rsdp *r = rsdp_at(maddr_to_virt(p));

		if (r)
			return r;
	}
	return NULL;
}

/* Map a whole table after checking its header; NULL if absent or corrupt. */
static const struct acpi_header *map_table(paddr_t pa, const char *sig)
{
	const struct acpi_header *h = pa ? ioremap_cached(pa, sizeof(*h)) : NULL;

	if (!h || (sig && memcmp(h->signature, sig, 4)) || h->length < sizeof(*h) ||
	    h->length > (16U << 20))
		return NULL;
	h = ioremap_cached(pa, h->length);
	if (!h || !checksum_ok(h, h->length)) {
		printk(XENLOG_WARNING "ACPI: table %.4s at %#lx has a bad checksum\n",
		       sig ? sig : "?", (unsigned long)pa);
		return NULL;
	}
	return h;
}

/* Read an AML integer constant at *p (ZeroOp, OneOp, OnesOp, BytePrefix). */
static bool aml_byte_const(const uint8_t **p, const uint8_t *end, uint8_t *v)
{
	if (*p >= end)
		return false;
	switch (**p) {
	case 0x00: *v = 0; (*p)++; return true;
	case 0x01: *v = 1; (*p)++; return true;
	case 0xff: *v = 0xff; (*p)++; return true;
	case 0x0a:
		if (*p + 1 >= end)
			return false;
		*v = (*p)[1];
		*p += 2;
		return true;
	default:
		return false;
	}
}

/* Find "Name(_S5_, Package(){a, b, ...})" in the DSDT's AML. */
static void parse_s5(const struct acpi_header *dsdt)
{
	const uint8_t *aml = (const uint8_t *)(dsdt + 1);
	const uint8_t *end = (const uint8_t *)dsdt + dsdt->length;
	const uint8_t *p;

	for (p = aml; p + 4 < end; p++) {
		unsigned int pkglen_bytes;

		if (memcmp(p, "_S5_", 4) || p[4] != 0x12 /* PackageOp */)
			continue;
		if (p > aml && p[-1] != 0x08 && !(p > aml + 1 && p[-1] == '\\' && p[-2] == 0x08))
			continue; /* not a NameOp definition */
		p += 5;
		if (p >= end)
			return;
		pkglen_bytes = (*p >> 6) + 1;
		p += pkglen_bytes + 1; /* PkgLength, NumElements */
		if (aml_byte_const(&p, end, &acpi.slp_typa) &&
		    aml_byte_const(&p, end, &acpi.slp_typb))
			acpi.have_s5 = true;
		return;
	}
}

/* MADT: a header, then variable-length entries (type, length, ...). */
#define MADT_ENTRIES 44
#define MADT_LOCAL_APIC 0  /* uid (1), APIC id (1), flags (4) */
#define MADT_IO_APIC 1     /* id (1), reserved (1), address (4), GSI base (4) */
#define MADT_INT_OVERRIDE 2 /* bus (1), source IRQ (1), GSI (4), flags (2) */
#define MADT_LOCAL_X2APIC 9 /* reserved (2), x2APIC id (4), flags (4), uid (4) */
#define MADT_ENABLED (1U << 0)
#define MADT_ONLINE_CAPABLE (1U << 1)

/*
 * Hand each usable processor to smpboot.c in table order (the order
 * firmware wants CPUs numbered in; the boot CPU is usually first).
 * x2APIC entries are only counted: QEMU and firmware list a CPU there
 * only when its APIC id does not fit the 8-bit entry (>= 255), which the
 * xAPIC-mode start-up in smpboot.c could not address anyway.
 */
static void parse_madt(const struct acpi_header *madt)
{
	const uint8_t *p = (const uint8_t *)madt + MADT_ENTRIES;
	const uint8_t *end = (const uint8_t *)madt + madt->length;
	unsigned int nr = 0, enabled = 0, capable = 0, x2apic = 0;

	if (madt->length < MADT_ENTRIES) {
		printk(XENLOG_WARNING "ACPI: MADT too short (%u bytes)\n", madt->length);
		return;
	}
	for (; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1]) {
		uint32_t flags;

		if (p[0] == MADT_LOCAL_X2APIC) {
			x2apic++;
			continue;
		}
		if (p[0] == MADT_IO_APIC && p[1] >= 12) {
			io_apic_found(p[2], *(const uint32_t *)(p + 4), *(const uint32_t *)(p + 8));
			continue;
		}
		if (p[0] == MADT_INT_OVERRIDE && p[1] >= 10) {
			if (p[2] == 0) /* ISA */
				io_apic_override(p[3], *(const uint32_t *)(p + 4),
						 *(const uint16_t *)(p + 8));
			continue;
		}
		if (p[0] != MADT_LOCAL_APIC || p[1] < 8)
			continue;
		nr++;
		flags = *(const uint32_t *)(p + 4);
		if (flags & MADT_ENABLED) {
			enabled++;
			smp_found_cpu(p[3], p[2], true);
		} else if (flags & MADT_ONLINE_CAPABLE) {
			capable++;
			smp_found_cpu(p[3], p[2], false);
		}
	}
	printk("ACPI: MADT: local APIC at %#x, %u processor entries (%u enabled, %u online-capable)%s\n",
	       *(const uint32_t *)((const uint8_t *)madt + 36), nr, enabled, capable,
	       x2apic ? "" : ", no x2APIC entries");
	if (x2apic)
		printk(XENLOG_WARNING "ACPI: MADT: %u x2APIC entries ignored (APIC ids >= 255 "
		       "need x2APIC mode)\n", x2apic);
}

void acpi_init(const struct boot_info *bi)
{
	const struct acpi_rsdp *rsdp = NULL;
	const struct acpi_header *root, *fadt = NULL, *madt = NULL, *dsdt;
	const uint8_t *f;
	unsigned int i, n, entry;
	paddr_t ebda = (paddr_t)(*(const uint16_t *)maddr_to_virt(0x40e)) << 4;
	paddr_t dsdt_pa;
	const char *src = "multiboot";

	if (bi->have_rsdp_copy)
		rsdp = rsdp_at(bi->rsdp_copy);
	if (!rsdp) {
		src = "EBDA";
		if (ebda >= 0x80000 && ebda < 0xa0000)
			rsdp = scan_rsdp(ebda, 1024);
	}
	if (!rsdp) {
		src = "BIOS area";
		rsdp = scan_rsdp(0xe0000, 0x20000);
	}
	if (!rsdp) {
		printk("ACPI: no RSDP found; power-off and reset use legacy methods\n");
		return;
	}
	if (rsdp->revision >= 2 && rsdp->xsdt && rsdp->length >= sizeof(*rsdp) &&
	    checksum_ok(rsdp, sizeof(*rsdp))) {
		root = map_table(rsdp->xsdt, "XSDT");
		entry = 8;
	} else {
		root = map_table(rsdp->rsdt, "RSDT");
		entry = 4;
	}
	printk("ACPI: RSDP rev %u (%s, OEM %.6s), %s at %#lx\n", rsdp->revision, src,
	       rsdp->oem_id, entry == 8 ? "XSDT" : "RSDT",
	       (unsigned long)(entry == 8 ? rsdp->xsdt : rsdp->rsdt));
	if (!root)
		return;
	n = (root->length - sizeof(*root)) / entry;
	for (i = 0; i < n && (!fadt || !madt); i++) {
		const uint8_t *e = (const uint8_t *)(root + 1) + i * entry;
		paddr_t pa = entry == 8 ? *(const uint64_t *)e : *(const uint32_t *)e;
		const struct acpi_header *h = map_table(pa, NULL);

		if (h && !fadt && !memcmp(h->signature, "FACP", 4))
			fadt = h;
		else if (h && !madt && !memcmp(h->signature, "APIC", 4))
			madt = h;
	}
	if (madt)
		parse_madt(madt);
	else
		printk("ACPI: no MADT; only the boot CPU will run\n");
	if (!fadt) {
		printk(XENLOG_WARNING "ACPI: no valid FADT\n");
		return;
	}
	if (fadt->length < FADT_FLAGS + 4) {
		printk(XENLOG_WARNING "ACPI: FADT too short (%u bytes)\n", fadt->length);
		return;
	}
	f = (const uint8_t *)fadt;
	acpi.have_fadt = true;
	acpi.pm1a_cnt = *(const uint32_t *)(f + FADT_PM1A_CNT);
	acpi.pm1b_cnt = *(const uint32_t *)(f + FADT_PM1B_CNT);
	acpi.smi_cmd = *(const uint32_t *)(f + FADT_SMI_CMD);
	acpi.acpi_enable = f[FADT_ACPI_ENABLE];
	if (fadt->length >= FADT_RESET_VALUE + 1 &&
	    (*(const uint32_t *)(f + FADT_FLAGS) & FADT_RESET_REG_SUP)) {
		memcpy(&acpi.reset_reg, f + FADT_RESET_REG, sizeof(acpi.reset_reg));
		acpi.reset_value = f[FADT_RESET_VALUE];
		acpi.have_reset = acpi.reset_reg.address != 0;
		/* Map a memory-space reset register now: rebooting must not allocate. */
		if (acpi.have_reset && acpi.reset_reg.space_id == 0) {
			acpi.reset_mmio = ioremap(acpi.reset_reg.address, 1);
			acpi.have_reset = acpi.reset_mmio != NULL;
		}
	}
	dsdt_pa = *(const uint32_t *)(f + FADT_DSDT);
	if (fadt->length >= FADT_X_DSDT + 8 && *(const uint64_t *)(f + FADT_X_DSDT))
		dsdt_pa = *(const uint64_t *)(f + FADT_X_DSDT);
	dsdt = map_table(dsdt_pa, "DSDT");
	if (dsdt)
		parse_s5(dsdt);
	printk("ACPI: FADT rev %u: PM1a_CNT %#x, S5 %s (SLP_TYP %u), reset %s\n",
	       fadt->revision, acpi.pm1a_cnt, acpi.have_s5 ? "found" : "missing",
	       acpi.slp_typa, acpi.have_reset ? "register" : "not supported");
}

void acpi_power_off(void)
{
	unsigned int spins;

	if (!acpi.have_fadt || !acpi.have_s5 || !acpi.pm1a_cnt)
		return;
	/* Hand the PM registers from SMM to the OS if the firmware has not. */
	if (!(inw(acpi.pm1a_cnt) & PM1_SCI_EN) && acpi.smi_cmd && acpi.acpi_enable) {
		outb(acpi.acpi_enable, acpi.smi_cmd);
		for (spins = 0; spins < 1000000 && !(inw(acpi.pm1a_cnt) & PM1_SCI_EN); spins++)
			cpu_relax();
	}
	outw((inw(acpi.pm1a_cnt) & ~(7U << PM1_SLP_TYP_SHIFT)) |
	     (acpi.slp_typa << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN, acpi.pm1a_cnt);
	if (acpi.pm1b_cnt)
		outw((inw(acpi.pm1b_cnt) & ~(7U << PM1_SLP_TYP_SHIFT)) |
		     (acpi.slp_typb << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN, acpi.pm1b_cnt);
	for (spins = 0; spins < 10000000; spins++)
		cpu_relax();
}

void acpi_reboot(void)
{
	if (!acpi.have_reset)
		return;
	if (acpi.reset_reg.space_id == 1 /* system I/O */) {
		outb(acpi.reset_value, acpi.reset_reg.address);
	} else if (acpi.reset_mmio) {
		*acpi.reset_mmio = acpi.reset_value;
	}
}
