/* SPDX-License-Identifier: MIT */
/*
 * ABI probe: prints the size, field offsets/sizes and constant values of
 * every item in items.def. Compiled twice: with -DABI_XEN against Xen
 * 4.17's headers (/usr/include/xen, __XEN_TOOLS__), and without it
 * against include/public/. tests/abi/compare.sh diffs the two outputs.
 * Adding an item to the comparison is one line in items.def.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef ABI_XEN
#include <xen/xen.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/physdev.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/version.h>
#include <xen/features.h>
#include <xen/callback.h>
#include <xen/nmi.h>
#include <xen/errno.h>
#include <xen/elfnote.h>
#include <xen/platform.h>
#include <xen/pmu.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/io/console.h>
#include <xen/io/xs_wire.h>
#include <xen/io/ring.h>
#else
#include <public/xen.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/physdev.h>
#include <public/memory.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/features.h>
#include <public/callback.h>
#include <public/nmi.h>
#include <public/errno.h>
#include <public/elfnote.h>
#include <public/platform.h>
#include <public/pmu.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/io/console.h>
#include <public/io/xs_wire.h>
#include <public/io/ring.h>
#endif
#include <stddef.h>
#include <stdio.h>

/* A ring type so that the shared-ring layout is compared too. */
struct abi_req { uint64_t id; uint32_t op; };
struct abi_rsp { uint64_t id; int16_t status; };
DEFINE_RING_TYPES(abi, struct abi_req, struct abi_rsp);

#define ABI_SIZE(T) \
	printf("size   %-60s %llu\n", #T, (unsigned long long)sizeof(T));
#define ABI_OFFSET(T, F)                                           \
	printf("offset %-60s %llu+%llu\n", #T "." #F,                \
	       (unsigned long long)offsetof(T, F),                 \
	       (unsigned long long)sizeof(((T *)0)->F));
#define ABI_CONST(C) \
	printf("const  %-60s 0x%llx\n", #C, (unsigned long long)(C));
#define ABI_EXPR(E) \
	printf("const  %-60s 0x%llx\n", #E, (unsigned long long)(E));

int main(void)
{
#include "items.def"
	return 0;
}
