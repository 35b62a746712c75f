// SPDX-License-Identifier: GPL-2.0-only
/*
 * SCHEDOP_pin_override on two pCPUs with two vCPUs of dom0, unpinned
 * (the same verdict on Xen 4.17):
 * - refusals: a pCPU >= NR_CPUS or not in the machine (pCPU 2 of 2) is
 *   -XEN_EINVAL, ending a pin that is not in force is -XEN_EINVAL, pinning a
 *   pinned vCPU (to the same pCPU or another) is -XEN_EBUSY;
 * - a pin moves the caller: with vCPU 0 pinned to pCPU 0 and vCPU 1 to
 *   pCPU 1, vCPU 1 spinning reads as running in every sample vCPU 0
 *   takes of its runstate; once vCPU 0 has ended its pin and pinned
 *   itself to pCPU 1 too, in none (they share a pCPU: while vCPU 0 runs,
 *   vCPU 1 cannot). A hypervisor that answered 0 without moving the
 *   vCPU fails the second check;
 * - ending each pin returns 0, a second end -XEN_EINVAL.
 */
#include <cpus.h>
#include <public/errno.h>
#include <public/sched.h>
#include <public/vcpu.h>

const char test_title[] = "SCHEDOP_pin_override: refusals and placement on two pCPUs";

#define READS 16

static volatile long v1_rc;

static long pin(int pcpu)
{
	struct sched_pin_override op = {.pcpu = pcpu};

	return HYPERVISOR_sched_op(SCHEDOP_pin_override, &op);
}

/* vCPU 1: pin itself to pCPU @arg (-1: end the pin), result in v1_rc. */
static void v1_pin(void *arg)
{
	v1_rc = pin((int)(long)arg);
}

static bool on_v1(smp_fn_t fn, long arg)
{
	if (smp_call(1, fn, (void *)arg) || !smp_wait(1, cpus_deadline(10 * NS_PER_S))) {
		xtf_error("vCPU 1: its work item did not run within 10 s");
		return false;
	}
	return true;
}

void test_main(void)
{
	int n;

	if (!cpus_setup(2))
		return;
	/* Refusals first, with nothing pinned. */
	check_long("pin to pCPU 64 (NR_CPUS)", -XEN_EINVAL, pin(64));
	check_long("pin to pCPU 0x7fffffff", -XEN_EINVAL, pin(0x7fffffff));
	check_long("pin to pCPU 2 (two in the machine)", -XEN_EINVAL, pin(2));
	check_long("end a pin not in force (-1)", -XEN_EINVAL, pin(-1));
	check_long("end a pin not in force (-5)", -XEN_EINVAL, pin(-5));

	/* vCPU 0 on pCPU 0, vCPU 1 on pCPU 1. */
	if (!check_long("vCPU 0: pin to pCPU 0", 0, pin(0)))
		return;
	check_long("vCPU 0: pin again, same pCPU", -XEN_EBUSY, pin(0));
	check_long("vCPU 0: pin again, other pCPU", -XEN_EBUSY, pin(1));
	if (!on_v1(v1_pin, 1) || !check_long("vCPU 1: pin to pCPU 1", 0, v1_rc))
		return;
	n = cpus_running_reads(1, READS);
	if (n >= 0 && n != READS)
		xtf_failure("pinned apart: expected vCPU 1 running in all %d reads, got %d", READS, n);

	/* Both on pCPU 1. */
	check_long("vCPU 0: end its pin", 0, pin(-1));
	check_long("vCPU 0: end it again", -XEN_EINVAL, pin(-1));
	if (!check_long("vCPU 0: pin to pCPU 1", 0, pin(1)))
		return;
	n = cpus_running_reads(1, READS);
	if (n > 0)
		xtf_failure("pinned together: expected vCPU 1 never running while vCPU 0 runs, "
			    "got running in %d of %d reads",
			    n, READS);

	check_long("vCPU 0: end its pin", 0, pin(-1));
	if (on_v1(v1_pin, -1))
		check_long("vCPU 1: end its pin", 0, v1_rc);
	if (on_v1(v1_pin, -1))
		check_long("vCPU 1: end it again", -XEN_EINVAL, v1_rc);
	if (xtf_result() < RESULT_ERROR)
		xtf_success(NULL);
}
