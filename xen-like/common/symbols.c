// SPDX-License-Identifier: GPL-2.0-only
/*
 * Address-to-symbol lookup over the table the build links in (pass 2 of
 * the link; see xen-like/build.mk). The table is sorted by address; a
 * symbol's size is the distance to the next one.
 */
#include <xen/lib.h>
#include <xen/symbols.h>

extern const uint64_t xen_symbols_nr;
extern const uint64_t xen_symbol_addrs[];
extern const uint32_t xen_symbol_name_offs[];
extern const char xen_symbol_names[];
extern char __text_start[], __text_end[];

const char *symbols_lookup(unsigned long addr, unsigned long *size,
			   unsigned long *offset)
{
	uint64_t lo = 0, hi = xen_symbols_nr;
	unsigned long next;

	if (!hi || addr < (unsigned long)__text_start || addr >= (unsigned long)__text_end ||
	    addr < xen_symbol_addrs[0])
		return NULL;
	/* Last entry with address <= addr. */
	while (hi - lo > 1) {
		uint64_t mid = (lo + hi) / 2;

		if (xen_symbol_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	/* Several names may share an address; any is fine, the next differs. */
	for (hi = lo + 1; hi < xen_symbols_nr && xen_symbol_addrs[hi] == xen_symbol_addrs[lo]; hi++)
		;
	next = hi < xen_symbols_nr ? xen_symbol_addrs[hi] : (unsigned long)__text_end;
	*size = next - xen_symbol_addrs[lo];
	*offset = addr - xen_symbol_addrs[lo];
	return &xen_symbol_names[xen_symbol_name_offs[lo]];
}
