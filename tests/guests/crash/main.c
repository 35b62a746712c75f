// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest that does something illegal on purpose, to check that only
 * it dies (tests/boot/guest-crash.sh). The kernel command line (module 1's)
 * names the mistake:
 *
 *   hv-jump     clear the trap table, jump into the hypervisor's text
 *   hv-read     clear the trap table, read the hypervisor's direct map
 *   privileged  clear the trap table, execute HLT (ring 0 only)
 *   bad-stack   keep the trap table, point RSP into the hypervisor, UD2:
 *               the bounce frame cannot be written
 *
 * It never reaches a verdict: a line "crash: <case>: about to ..." marks
 * the point of no return, and the hypervisor's reaction is what the boot
 * test checks.
 */
#include <framework.h>

const char test_title[] = "Guest that crashes itself on purpose";

#define HV_TEXT 0xffff82d080000000UL
#define HV_DIRECTMAP 0xffff830000000000UL

static void no_handlers(void)
{
	HYPERVISOR_set_trap_table(NULL);
}

static void hv_jump(void)
{
	no_handlers();
	((void (*)(void))HV_TEXT)();
}

static void hv_read(void)
{
	no_handlers();
	(void)*(volatile uint64_t *)HV_DIRECTMAP;
}

static void privileged(void)
{
	no_handlers();
	asm volatile("hlt");
}

static void bad_stack(void)
{
	asm volatile("mov %0, %%rsp; ud2" ::"r"(HV_DIRECTMAP + 0x1000) : "memory");
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "hv-jump", hv_jump },
	{ "hv-read", hv_read },
	{ "privileged", privileged },
	{ "bad-stack", bad_stack },
};

void test_main(void)
{
	const char *cmd = (const char *)start_info->cmd_line;

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		if (strcmp(cmd, cases[i].name))
			continue;
		printk("crash: %s: about to misbehave\n", cases[i].name);
		cases[i].fn();
		xtf_error("crash: %s: survived", cases[i].name);
		return;
	}
	xtf_error("crash: unknown case \"%s\"", cmd);
}
