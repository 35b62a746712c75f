// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPUID policies for the toolstack, in the form Xen 4.17's libxc reads
 * and writes (asm/cpu-policy.h).
 *
 * A policy is not stored as a structure here: its leaves are computed
 * when asked for, from the CPU (raw, host) or from what a PV guest sees
 * (pv_max, pv_default: arch/x86/pv/emulate.c's pv_cpuid()). Serialising
 * walks the leaves in Xen's order and within Xen's bounds (basic leaves
 * up to 0xd with the subleaves of 4, 7, 0xb and 0xd, the two hypervisor
 * limit leaves, extended leaves up to 0x80000021), so that libxc's
 * deserialiser, which refuses anything else with -ERANGE, accepts it.
 *
 * A domain's policy (XEN_DOMCTL_set_cpu_policy) is kept as masks on the
 * feature words: a PV guest sees what the PV maximum offers, less what
 * the toolstack cleared. Like Xen, features the maximum does not offer
 * are dropped silently; unlike Xen, the other fields of the leaves
 * (maximum leaves, topology, caches) stay the PV maximum's.
 */
#include <public/arch-x86/xen.h>
#include <asm/cpu-policy.h>
#include <asm/cpufeature.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>

/* Xen 4.17's bounds (CPUID_GUEST_NR_* of its cpu-policy.h). */
#define NR_BASIC 0xeU
#define NR_CACHE 6U
#define NR_FEAT 3U
#define NR_TOPO 2U
#define NR_XSTATE 63U
#define NR_EXTD 0x22U

#define MSR_INTEL_PLATFORM_INFO 0xce
#define MSR_ARCH_CAPABILITIES 0x10a

void host_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	bool ext = leaf >= 0x80000000U;

	r[0] = r[1] = r[2] = r[3] = 0;
	if (leaf > (ext ? boot_cpu_data.max_ext_leaf : boot_cpu_data.max_leaf))
		return;
	cpuid_count(leaf, sub, &r[0], &r[1], &r[2], &r[3]);
}

/* One leaf of policy @which (or @d's view), in @r: a, b, c, d. */
static void leaf_of(unsigned int which, const struct domain *d, uint32_t leaf, uint32_t sub,
		    uint32_t r[4])
{
	if (d || which == CPU_POLICY_pv_max || which == CPU_POLICY_pv_default)
		pv_cpuid(d, leaf, sub, r);
	else
		host_cpuid(leaf, sub, r);
}

struct writer {
	uint64_t buf; /* guest array of xen_cpuid_leaf_t */
	uint32_t room, used;
	int rc;
};

static void put_leaf(struct writer *w, uint32_t leaf, uint32_t sub, const uint32_t r[4])
{
	xen_cpuid_leaf_t e = {
		.leaf = leaf, .subleaf = sub, .a = r[0], .b = r[1], .c = r[2], .d = r[3]};

	if (w->rc)
		return;
	if (w->used == w->room) {
		w->rc = -ENOBUFS;
		return;
	}
	if (raw_copy_to_guest(w->buf + w->used * sizeof(e), &e, sizeof(e)))
		w->rc = -EFAULT;
	else
		w->used++;
}

/* The subleaves of a basic leaf that has them, as Xen's x86_cpuid_copy_to_buffer(). */
static void put_subleaves(struct writer *w, unsigned int which, const struct domain *d,
			  uint32_t leaf, uint32_t first[4])
{
	uint32_t r[4], sub;
	uint64_t xstates;

	switch (leaf) {
	case 4:	  /* until a null cache type */
	case 0xb: /* until a null level type */
		put_leaf(w, leaf, 0, first);
		for (sub = 1; sub < (leaf == 4 ? NR_CACHE : NR_TOPO); sub++) {
			if (!(leaf == 4 ? first[0] & 0x1f : (first[2] >> 8) & 0xff))
				break;
			leaf_of(which, d, leaf, sub, first);
			put_leaf(w, leaf, sub, first);
		}
		break;
	case 7:
		put_leaf(w, leaf, 0, first);
		for (sub = 1; sub <= min(first[0], NR_FEAT - 1); sub++) {
			leaf_of(which, d, leaf, sub, r);
			put_leaf(w, leaf, sub, r);
		}
		break;
	case 0xd:
		put_leaf(w, leaf, 0, first);
		xstates = first[0] | (uint64_t)first[3] << 32;
		leaf_of(which, d, leaf, 1, r);
		put_leaf(w, leaf, 1, r);
		xstates |= r[2] | (uint64_t)r[3] << 32;
		for (xstates >>= 2, sub = 2; xstates && sub < NR_XSTATE; xstates >>= 1, sub++) {
			leaf_of(which, d, leaf, sub, r);
			put_leaf(w, leaf, sub, r);
		}
		break;
	}
}

int cpu_policy_leaves(unsigned int which, const struct domain *d, uint64_t leaves, uint32_t *nr)
{
	struct writer w = {.buf = leaves, .room = *nr};
	uint32_t r[4], max, leaf;
	static const uint32_t zero[4];

	leaf_of(which, d, 0, 0, r);
	max = min(r[0], NR_BASIC - 1);
	for (leaf = 0; leaf <= max; leaf++) {
		leaf_of(which, d, leaf, 0, r);
		if (leaf == 4 || leaf == 7 || leaf == 0xb || leaf == 0xd)
			put_subleaves(&w, which, d, leaf, r);
		else
			put_leaf(&w, leaf, XEN_CPUID_NO_SUBLEAF, r);
	}
	/* The hypervisor leaves' limits: 0, the hypervisor's own choice. */
	put_leaf(&w, 0x40000000U, XEN_CPUID_NO_SUBLEAF, zero);
	put_leaf(&w, 0x40000100U, XEN_CPUID_NO_SUBLEAF, zero);
	leaf_of(which, d, 0x80000000U, 0, r);
	max = r[0] >= 0x80000000U ? min(r[0] & 0xffffU, NR_EXTD - 1) : 0;
	for (leaf = 0; leaf <= max; leaf++) {
		leaf_of(which, d, 0x80000000U | leaf, 0, r);
		put_leaf(&w, 0x80000000U | leaf, XEN_CPUID_NO_SUBLEAF, r);
	}
	if (!w.rc)
		*nr = w.used;
	return w.rc;
}

int cpu_policy_msrs(unsigned int which, uint64_t msrs, uint32_t *nr)
{
	/* Neither MSR is offered: PLATFORM_INFO's features and ARCH_CAPS read as 0. */
	static const xen_msr_entry_t e[CPU_POLICY_MAX_MSRS] = {
		{.idx = MSR_INTEL_PLATFORM_INFO},
		{.idx = MSR_ARCH_CAPABILITIES},
	};

	(void)which;
	if (*nr < CPU_POLICY_MAX_MSRS)
		return -ENOBUFS;
	if (raw_copy_to_guest(msrs, e, sizeof(e)))
		return -EFAULT;
	*nr = CPU_POLICY_MAX_MSRS;
	return 0;
}

void cpu_policy_featureset(unsigned int which, uint32_t fs[CPU_FEATURESET_WORDS])
{
	uint32_t r[4];

	memset(fs, 0, CPU_FEATURESET_WORDS * sizeof(fs[0]));
	leaf_of(which, NULL, 1, 0, r);
	fs[0] = r[3], fs[1] = r[2];
	leaf_of(which, NULL, 0x80000001U, 0, r);
	fs[2] = r[3], fs[3] = r[2];
	leaf_of(which, NULL, 0xd, 1, r);
	fs[4] = r[0];
	leaf_of(which, NULL, 7, 0, r);
	fs[5] = r[1], fs[6] = r[2], fs[9] = r[3];
	leaf_of(which, NULL, 0x80000007U, 0, r);
	fs[7] = r[3];
	leaf_of(which, NULL, 0x80000008U, 0, r);
	fs[8] = r[1];
}

/* Is @leaf/@sub one Xen 4.17's deserialiser accepts? */
static bool leaf_known(uint32_t leaf, uint32_t sub)
{
	if (leaf < NR_BASIC) {
		switch (leaf) {
		case 4:
			return sub < NR_CACHE;
		case 7:
			return sub < NR_FEAT;
		case 0xb:
			return sub < NR_TOPO;
		case 0xd:
			return sub < NR_XSTATE;
		default:
			return sub == XEN_CPUID_NO_SUBLEAF;
		}
	}
	if (leaf == 0x40000000U || leaf == 0x40000100U)
		return sub == XEN_CPUID_NO_SUBLEAF;
	return leaf >= 0x80000000U && leaf - 0x80000000U < NR_EXTD && sub == XEN_CPUID_NO_SUBLEAF;
}

/* The mask word a leaf's register feeds, or -1. */
static int mask_word(uint32_t leaf, uint32_t sub, unsigned int reg)
{
	static const struct {
		uint32_t leaf, sub;
		unsigned int reg;
		int word;
	} map[] = {
		{1, XEN_CPUID_NO_SUBLEAF, 2, CPUID_MASK_1c},
		{1, XEN_CPUID_NO_SUBLEAF, 3, CPUID_MASK_1d},
		{7, 0, 1, CPUID_MASK_7b0},
		{7, 0, 2, CPUID_MASK_7c0},
		{7, 0, 3, CPUID_MASK_7d0},
		{0x80000001U, XEN_CPUID_NO_SUBLEAF, 2, CPUID_MASK_e1c},
		{0x80000001U, XEN_CPUID_NO_SUBLEAF, 3, CPUID_MASK_e1d},
		{0x80000007U, XEN_CPUID_NO_SUBLEAF, 3, CPUID_MASK_e7d},
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (map[i].leaf == leaf && map[i].sub == sub && map[i].reg == reg)
			return map[i].word;
	return -1;
}

static int check_msrs(uint64_t msrs, uint32_t nr, uint32_t *err_msr)
{
	xen_msr_entry_t e;
	uint32_t i;

	if (nr > CPU_POLICY_MAX_MSRS)
		return -E2BIG;
	for (i = 0; i < nr; i++) {
		if (raw_copy_from_guest(&e, msrs + i * sizeof(e), sizeof(e)))
			return -EFAULT;
		*err_msr = e.idx;
		if (e.idx != MSR_INTEL_PLATFORM_INFO && e.idx != MSR_ARCH_CAPABILITIES)
			return -ERANGE;
		if (e.flags || e.val) /* nothing of either is offered */
			return -EINVAL;
	}
	*err_msr = ~0U;
	return 0;
}

int cpu_policy_set_domain(struct domain *d, uint64_t leaves, uint32_t nr_leaves, uint64_t msrs,
			  uint32_t nr_msrs, uint32_t *err_leaf, uint32_t *err_subleaf,
			  uint32_t *err_msr)
{
	uint32_t mask[CPUID_MASK_WORDS], max[4], r[4], i;
	xen_cpuid_leaf_t e;
	unsigned int reg;
	int rc, w;

	*err_leaf = *err_subleaf = *err_msr = ~0U;
	if (nr_leaves > CPU_POLICY_MAX_LEAVES)
		return -E2BIG;
	/* What is not named keeps the maximum (all ones: the AND changes nothing). */
	memset(mask, 0xff, sizeof(mask));
	for (i = 0; i < nr_leaves; i++) {
		if (raw_copy_from_guest(&e, leaves + i * sizeof(e), sizeof(e)))
			return -EFAULT;
		*err_leaf = e.leaf;
		*err_subleaf = e.subleaf;
		if (!leaf_known(e.leaf, e.subleaf))
			return -ERANGE;
		/* No maximum leaf above the CPU's (Xen's compatibility check). */
		if ((e.leaf == 0 || e.leaf == 0x80000000U || (e.leaf == 7 && e.subleaf == 0))) {
			leaf_of(CPU_POLICY_host, NULL, e.leaf, 0, max);
			if (e.a > max[0])
				return -EINVAL;
		}
		r[0] = e.a, r[1] = e.b, r[2] = e.c, r[3] = e.d;
		for (reg = 0; reg < 4; reg++)
			if ((w = mask_word(e.leaf, e.subleaf, reg)) >= 0)
				mask[w] = r[reg];
	}
	*err_leaf = *err_subleaf = ~0U;
	rc = check_msrs(msrs, nr_msrs, err_msr);
	if (rc)
		return rc;
	memcpy(d->cpuid_mask, mask, sizeof(mask));
	ACCESS_ONCE(d->cpuid_masked) = true;
	return 0;
}

void cpu_policy_apply(const struct domain *d, uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	unsigned int reg;
	int w;

	if (!ACCESS_ONCE(d->cpuid_masked))
		return;
	for (reg = 0; reg < 4; reg++)
		if ((w = mask_word(leaf, leaf == 7 ? sub : XEN_CPUID_NO_SUBLEAF, reg)) >= 0)
			r[reg] &= d->cpuid_mask[w];
}
