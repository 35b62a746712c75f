/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-CPU variables. DEFINE_PER_CPU() places the variable in .percpu.data;
 * CPU 0 uses that copy and later CPUs get copies at per_cpu_offset[cpu].
 * Access only through this_cpu() and per_cpu().
 */
#ifndef XEN_PERCPU_H
#define XEN_PERCPU_H

#include <asm/config.h>
#include <asm/current.h>

extern unsigned long __per_cpu_offset[NR_CPUS];

#define DEFINE_PER_CPU(type, name) \
	__attribute__((__section__(".percpu.data"))) __typeof__(type) per_cpu__##name
#define DECLARE_PER_CPU(type, name) extern __typeof__(type) per_cpu__##name

#define per_cpu(name, cpu) \
	(*(__typeof__(&per_cpu__##name))((char *)&per_cpu__##name + __per_cpu_offset[cpu]))
#define this_cpu(name) per_cpu(name, smp_processor_id())

#endif /* XEN_PERCPU_H */
