// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenpmu_op: the virtual PMU. xen-like has none, which is exactly Xen
 * 4.17's default: its vPMU stays off unless `vpmu=` is on the command
 * line, and while it is off do_xenpmu_op() answers -EOPNOTSUPP to every
 * op, known or unknown, before it looks at the argument. That answer is
 * Xen's behaviour, not a placeholder: Linux takes it as "vPMU disabled"
 * and goes on.
 */
#include <public/pmu.h>
#include <xen/errno.h>
#include <xen/hypercall.h>

long do_xenpmu_op(unsigned int op, GUEST_PTR(xen_pmu_params_t) arg)
{
	return -EOPNOTSUPP;
}
