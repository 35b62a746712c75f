// SPDX-License-Identifier: GPL-2.0-only
/*
 * Version and build information, the boot banner, and the hypervisor's
 * own command line: parsed before the console exists (the console's
 * options are on it), so problems are remembered and reported once it
 * does.
 */
#include <compile.h>
#include <xen/lib.h>
#include <xen/param.h>

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
