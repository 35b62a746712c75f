/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pvctl's argument syntax (units.c), pure functions the host unit tests
 * exercise: CPU lists as xl writes and reads them, and memory sizes as
 * xl's mem-set and mem-max take them.
 */
#ifndef PVCTL_UNITS_H
#define PVCTL_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why pvctl_cpulist_parse refused a list, for a caller that words it itself. */
enum pvctl_cpulist_fault {
	PVCTL_CPULIST_OK,
	PVCTL_CPULIST_EMPTY,	 /* no item at all ("" or ",") */
	PVCTL_CPULIST_SYNTAX,	 /* an item is not N, N-M or all */
	PVCTL_CPULIST_BACKWARDS, /* N-M with M < N */
	PVCTL_CPULIST_TOO_HIGH,	 /* a CPU at or above nr_cpus */
	PVCTL_CPULIST_NOT_ALL,	 /* ^all */
	PVCTL_CPULIST_NODES,	 /* node:N or nodes:N (NUMA placement) */
};

struct pvctl_cpulist_result {
	enum pvctl_cpulist_fault fault;
	bool has_all; /* an item was "all" (later ones may take CPUs away) */
};

/*
 * Parses xl's CPU list syntax (xl's cpus= and vcpu-pin) into map
 * (nr_cpus bits, LSB first): items separated by commas, each "N", "N-M",
 * "all", or one of these after "^" (taken out again; "^all" is refused),
 * applied left to right from an empty map ("0-3,^2" is 0,1,3). As in xl,
 * empty items are skipped and an item may start with blanks. A CPU at or
 * above nr_cpus is an error, and so are NUMA nodes ("nodes:0"), which
 * pvctl does not place on. 0, or -EINVAL with the reason in why (why_len
 * bytes) and, if res is not NULL, in res->fault.
 */
int pvctl_cpulist_parse(const char *s, uint8_t *map, unsigned int nr_cpus, char *why,
			size_t why_len, struct pvctl_cpulist_result *res);

/*
 * Writes map (nr_cpus bits) as xl prints it: "all" when every CPU is
 * set, "none" when none is, else ranges ("0-2,5"). The length written
 * (truncated to len - 1 like snprintf).
 */
int pvctl_cpulist_format(const uint8_t *map, unsigned int nr_cpus, char *buf, size_t len);

/*
 * A memory size as xl's mem-set/mem-max take it, in KiB: a decimal number
 * with at most one suffix, b, k, m, g or t (either case); no suffix is
 * MiB. -EINVAL for anything else (empty, negative, junk, too large), or
 * 0 with *kib set.
 */
int pvctl_memsize_parse(const char *s, uint64_t *kib);

#endif /* PVCTL_UNITS_H */
