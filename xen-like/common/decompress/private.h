/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the decoders in this directory: little-endian loads
 * that compile to plain moves, the LZ77 match copy every format uses, and
 * the failure idiom (set the reason, return the code).
 */
#ifndef DECOMPRESS_PRIVATE_H
#define DECOMPRESS_PRIVATE_H

#include <xen/compiler.h>
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/types.h>

#define FAIL(code, reason)       \
	({                       \
		*why = (reason); \
		(long)(code);    \
	})

static inline uint16_t get_le16(const uint8_t *p)
{
	uint16_t v;

	__builtin_memcpy(&v, p, 2);
	return v;
}

static inline uint32_t get_le32(const uint8_t *p)
{
	uint32_t v;

	__builtin_memcpy(&v, p, 4);
	return v;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	uint64_t v;

	__builtin_memcpy(&v, p, 8);
	return v;
}

static inline uint32_t get_be32(const uint8_t *p)
{
	return __builtin_bswap32(get_le32(p));
}

/*
 * Copy a match of @len bytes from @dist bytes back (1 <= dist <= bytes
 * already written, checked by the caller) to @op, which has at least
 * @len bytes of room before @oend. Copies eight bytes at a time, which
 * may write up to 7 bytes past the match (the next symbol overwrites
 * them), and byte by byte only within 8 bytes of @oend. Returns the new
 * output pointer.
 */
static inline uint8_t *copy_match(uint8_t *op, size_t dist, size_t len, const uint8_t *oend)
{
	const uint8_t *m = op - dist;
	uint8_t *e = op + len;

	if (likely(oend - op >= 16)) {
		const uint8_t *fast_end = e < oend - 8 ? e : oend - 8;

		if (dist < 8) {
			/*
			 * A short period (runs of zeros, padding): lay down
			 * eight bytes one by one, then copy from a multiple of
			 * the period at least eight bytes back.
			 */
			static const uint8_t period8[8] = {0, 8, 8, 9, 8, 10, 12, 14};
			unsigned int i;

			for (i = 0; i < 8; i++)
				op[i] = m[i];
			op += 8;
			m = op - period8[dist];
		}
		while (op < fast_end) {
			__builtin_memcpy(op, m, 8);
			op += 8;
			m += 8;
		}
	}
	while (op < e)
		*op++ = *m++;
	return e;
}

/* Copy @n literal bytes; both sides have room for n (+ 8 when @fast). */
static inline void copy_lits(uint8_t *op, const uint8_t *ip, size_t n, bool fast)
{
	if (fast) {
		uint8_t *e = op + n;

		do {
			__builtin_memcpy(op, ip, 8);
			op += 8;
			ip += 8;
		} while (op < e);
		return;
	}
	while (n--)
		*op++ = *ip++;
}

#endif /* DECOMPRESS_PRIVATE_H */
