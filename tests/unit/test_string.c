// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's memcpy, memmove and memset (common/string.c: a
 * quadword loop and a byte tail) against the C library's, for every
 * length 0..80 at every source and destination misalignment 0..8, with
 * guard bytes around the destination that must stay untouched, and
 * memmove with the two areas overlapping both ways.
 */
#include "unit.h"
#include "hv-begin.h"
#include "../../xen-like/common/string.c"
#include "hv-end.h"

#define LEN 80
#define AREA (LEN + 32)

int main(void)
{
	unsigned char src[AREA], dst[AREA], ref[AREA];
	unsigned int n, so, d, i, c;

	for (i = 0; i < AREA; i++)
		src[i] = (unsigned char)(i * 37 + 11);
	for (n = 0; n <= LEN; n++)
		for (so = 0; so <= 8; so++)
			for (d = 0; d <= 8; d++) {
				memset(dst, 0xee, sizeof(dst));
				memcpy(ref, dst, sizeof(ref));
				memcpy(ref + 8 + d, src + so, n);
				CHECK(xl_memcpy(dst + 8 + d, src + so, n) == dst + 8 + d,
				      "memcpy returns its destination");
				CHECK(!memcmp(dst, ref, sizeof(dst)),
				      "memcpy of %u bytes, src+%u dst+%u: wrong bytes or guards", n, so, d);

				c = (n * 7 + d) & 0xff;
				memset(dst, 0xee, sizeof(dst));
				memcpy(ref, dst, sizeof(ref));
				memset(ref + 8 + d, (int)c, n);
				CHECK(xl_memset(dst + 8 + d, (int)c, n) == dst + 8 + d,
				      "memset returns its destination");
				CHECK(!memcmp(dst, ref, sizeof(dst)),
				      "memset of %u bytes to %#x at +%u: wrong bytes or guards", n, c, d);

				/* Overlapping, destination below and above the source. */
				memcpy(dst, src, sizeof(dst));
				memcpy(ref, src, sizeof(ref));
				memmove(ref + d, ref + so + 4, n);
				xl_memmove(dst + d, dst + so + 4, n);
				CHECK(!memcmp(dst, ref, sizeof(dst)),
				      "memmove of %u bytes from +%u to +%u", n, so + 4, d);
				memcpy(dst, src, sizeof(dst));
				memcpy(ref, src, sizeof(ref));
				memmove(ref + so + 4, ref + d, n);
				xl_memmove(dst + so + 4, dst + d, n);
				CHECK(!memcmp(dst, ref, sizeof(dst)),
				      "memmove of %u bytes from +%u to +%u", n, d, so + 4);
			}
	return unit_report("string");
}
