// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hello world: the smallest test kernel. Behaviour under test: a 64-bit
 * PV kernel boots as dom0 (ELF notes accepted, entered with start_info),
 * prints through console_io and powers off with SCHEDOP_shutdown.
 */
#include <framework.h>

const char test_title[] = "Hello, world";

void test_main(void)
{
	printk("Hello, world from a PV guest (start_info magic %.32s, %llu pages)\n",
	       start_info->magic, (unsigned long long)start_info->nr_pages);
	xtf_success(NULL);
}
