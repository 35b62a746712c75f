// SPDX-License-Identifier: GPL-2.0-only
/*
 * Version and build information (the banner and the xen_version
 * hypercall), and the hypervisor's own command line: parsed before the console exists (the console's
 * options are on it), so problems are remembered and reported once it
 * does.
 */
#include <compile.h>
#include <public/features.h>
#include <public/version.h>
#include <asm/config.h>
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched.h>

extern const struct kernel_param __param_start[], __param_end[];

#define MAX_REPORTS 16

static struct {
	enum param_problem what;
	char name[48];
	char value[64];
} reports[MAX_REPORTS];
static unsigned int nr_reports, nr_problems;

static void remember(enum param_problem what, const char *name, const char *value)
{
	nr_problems++;
	if (nr_reports == MAX_REPORTS)
		return;
	reports[nr_reports].what = what;
	strlcpy(reports[nr_reports].name, name, sizeof(reports[0].name));
	strlcpy(reports[nr_reports].value, value, sizeof(reports[0].value));
	nr_reports++;
}

int cmdline_parse(const char *cmdline)
{
	return parse_params(cmdline, __param_start, __param_end, remember);
}

void cmdline_report(void)
{
	unsigned int i;

	for (i = 0; i < nr_reports; i++) {
		switch (reports[i].what) {
		case PARAM_UNKNOWN:
			printk(XENLOG_WARNING "parameter \"%s\" unknown!\n", reports[i].name);
			break;
		case PARAM_MISSING_VALUE:
			printk(XENLOG_WARNING "parameter \"%s\" needs a value\n", reports[i].name);
			break;
		case PARAM_BAD_VALUE:
			printk(XENLOG_WARNING "parameter \"%s\" has invalid value \"%s\"!\n",
			       reports[i].name, reports[i].value);
			break;
		}
	}
	if (nr_problems > nr_reports)
		printk(XENLOG_WARNING "... and %u more command-line problems\n",
		       nr_problems - nr_reports);
}

void print_banner(void);
void print_banner(void)
{
	printk(" __  _____ _ __        | (_) | _____\n");
	printk(" \\ \\/ / _ \\ '_ \\ _____ | | | |/ / _ \\\n");
	printk("  >  <  __/ | | |_____|| | |   <  __/\n");
	printk(" /_/\\_\\___|_| |_|      |_|_|_|\\_\\___|\n");
	printk("xen-like version %d.%d%s (%s) (%s) %s %s\n", XEN_VERSION,
	       XEN_SUBVERSION, XEN_EXTRAVERSION, XEN_COMPILE_BY, XEN_COMPILER,
	       __DATE__, __TIME__);
	printk("Latest ChangeSet: %s; guest ABI: Xen 4.17 x86-64 PV\n", XEN_CHANGESET);
#ifdef CONFIG_DEBUG
	printk("Build: debug (assertions enabled)\n");
#endif
}

/*
 * xen_version: guests see the ABI's version, Xen 4.17, with our own name
 * and version in the extraversion and compile information. Features are
 * only those xen-like really provides; more bits appear as the PV MMU,
 * grant tables and the rest arrive.
 */
#define ABI_VERSION ((4 << 16) | 17)

/* Submap 0, the only one (XENFEAT_NR_SUBMAPS). */
static uint32_t guest_features(const struct domain *d)
{
	/*
	 * The PV MMU: MMU_PT_UPDATE_PRESERVE_AD, and CLEAR/COPY_PAGE on any
	 * frame; grant maps copy GNTMAP_guest_avail into the PTE's bits 9-11.
	 */
	uint32_t f = (1U << XENFEAT_mmu_pt_update_preserve_ad) | (1U << XENFEAT_highmem_assist) |
		     (1U << XENFEAT_gnttab_map_avail_bits);

	if (is_hardware_domain(d))
		f |= 1U << XENFEAT_dom0;
	return f;
}

long do_xen_version(int cmd, GUEST_PTR(void) arg)
{
	struct domain *d = current->domain;

	switch (cmd) {
	case XENVER_version:
		return ABI_VERSION;
	case XENVER_extraversion: {
		xen_extraversion_t extra;

		memset(extra, 0, sizeof(extra));
		snprintf(extra, sizeof(extra), ".0-xl%d.%d%s", XEN_VERSION, XEN_SUBVERSION,
			 XEN_EXTRAVERSION);
		return copy_to_guest(arg, extra, sizeof(extra)) ? -EFAULT : 0;
	}
	case XENVER_compile_info: {
		struct xen_compile_info info;

		memset(&info, 0, sizeof(info));
		strlcpy(info.compiler, XEN_COMPILER, sizeof(info.compiler));
		strlcpy(info.compile_by, XEN_COMPILE_BY, sizeof(info.compile_by));
		strlcpy(info.compile_domain, "xen-like", sizeof(info.compile_domain));
		strlcpy(info.compile_date, __DATE__ " " __TIME__, sizeof(info.compile_date));
		return copy_to_guest(arg, &info, 1) ? -EFAULT : 0;
	}
	case XENVER_capabilities: {
		xen_capabilities_info_t caps;

		memset(caps, 0, sizeof(caps));
		strlcpy(caps, "xen-3.0-x86_64 ", sizeof(caps));
		return copy_to_guest(arg, caps, sizeof(caps)) ? -EFAULT : 0;
	}
	case XENVER_changeset: {
		xen_changeset_info_t cs;

		memset(cs, 0, sizeof(cs));
		snprintf(cs, sizeof(cs), "xen-like %s", XEN_CHANGESET);
		return copy_to_guest(arg, cs, sizeof(cs)) ? -EFAULT : 0;
	}
	case XENVER_platform_parameters: {
		struct xen_platform_parameters p = { .virt_start = HYPERVISOR_VIRT_START };

		return copy_to_guest(arg, &p, 1) ? -EFAULT : 0;
	}
	case XENVER_get_features: {
		struct xen_feature_info fi;

		if (copy_from_guest(&fi, arg, 1))
			return -EFAULT;
		if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
			return -EINVAL;
		fi.submap = guest_features(d);
		return copy_to_guest(arg, &fi, 1) ? -EFAULT : 0;
	}
	case XENVER_pagesize:
		return PAGE_SIZE;
	case XENVER_guest_handle: {
		xen_domain_handle_t h;

		memcpy(h, d->handle, sizeof(h)); /* XEN_DOMCTL_createdomain / setdomainhandle */
		return copy_to_guest(arg, h, sizeof(h)) ? -EFAULT : 0;
	}
	case XENVER_commandline: {
		xen_commandline_t line;

		if (!d->is_privileged)
			return -EPERM;
		memset(line, 0, sizeof(line));
		strlcpy(line, boot_info.cmdline, sizeof(line));
		return copy_to_guest(arg, line, sizeof(line)) ? -EFAULT : 0;
	}
	case XENVER_build_id:
		return -ENODATA; /* the image carries no build id */
	default:
		return -ENOSYS;
	}
}
