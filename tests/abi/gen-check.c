/* SPDX-License-Identifier: MIT */
/*
 * Compile-only check (make check-abi) that the pieces generated from
 * include/public/hypercall-list.h work the way docs/abi.md tells
 * downstream to use them: the hypervisor's prototypes, dispatch thunks,
 * table and name table, and the guest's HYPERVISOR_*() wrappers.
 * Built as C; the guest part also as C++ (GEN_CHECK_GUEST_ONLY).
 */
#include <stdint.h>

/* Guest side: raw primitives, here stand-ins that just add up. */
static inline long _hypercall0(unsigned int nr) { return (long)nr; }
static inline long _hypercall1(unsigned int nr, uint64_t a1) { return (long)(nr + a1); }
static inline long _hypercall2(unsigned int nr, uint64_t a1, uint64_t a2)
{ return (long)(nr + a1 + a2); }
static inline long _hypercall3(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3)
{ return (long)(nr + a1 + a2 + a3); }
static inline long _hypercall4(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
			       uint64_t a4)
{ return (long)(nr + a1 + a2 + a3 + a4); }
static inline long _hypercall5(unsigned int nr, uint64_t a1, uint64_t a2, uint64_t a3,
			       uint64_t a4, uint64_t a5)
{ return (long)(nr + a1 + a2 + a3 + a4 + a5); }

#include <public/errno.h>
#include <public/sched.h>

#include "hypercall-guest.h"

long gen_check_guest(void);
long gen_check_guest(void)
{
	char buf[4] = "hi\n";
	struct sched_shutdown s = { SHUTDOWN_poweroff };

	return HYPERVISOR_console_io(CONSOLEIO_write, 3, buf) +
	       HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

#ifndef GEN_CHECK_GUEST_ONLY
/* Hypervisor side: a typed guest pointer is the public guest handle. */
#define GUEST_PTR(T) XEN_GUEST_HANDLE(T)
#define GUEST_PTR_FROM_REG(T, reg) ((XEN_GUEST_HANDLE(T)){ (reg) })

#include "hypercall-dispatch.h"

static const char *const hypercall_names[HYPERCALL_TABLE_SIZE] = {
#define HCALL HYPERCALL_NAME_
#include <public/hypercall-list.h>
#undef HCALL
};

long gen_check_dispatch(uint64_t nr, const uint64_t *args);
long gen_check_dispatch(uint64_t nr, const uint64_t *args)
{
	nr &= HYPERCALL_TABLE_SIZE - 1;
	if (!hypercall_table[nr] || !hypercall_names[nr])
		return -XEN_ENOSYS;
	return hypercall_table[nr](args) + hypercall_nargs[nr];
}
#endif
