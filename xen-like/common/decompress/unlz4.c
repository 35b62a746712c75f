// SPDX-License-Identifier: GPL-2.0-only
/*
 * LZ4 legacy frame, as `lz4 -l` writes it and Linux uses for an
 * lz4-compressed kernel: the magic 0x184c2102, then blocks, each a
 * little-endian 32-bit compressed size and an LZ4 block that expands to
 * at most 8 MiB. Blocks are independent: a match never reaches into an
 * earlier block. A repeated magic starts another frame.
 *
 * An LZ4 block is a run of sequences: a token (literal count in the high
 * nibble, match length - 4 in the low one; 15 means more length bytes
 * follow, each adding up to 255), the literals, a 16-bit offset and the
 * match. The last sequence has literals only.
 */
#include <xen/decompress.h>
#include <xen/lib.h>

#include "private.h"

#define LZ4_LEGACY_MAGIC 0x184c2102U
#define LZ4_LEGACY_BLOCK (8U << 20)

/* Read an extended length: bytes added while they are 255. */
static inline bool read_len(const uint8_t **ipp, const uint8_t *iend, size_t *len)
{
	const uint8_t *ip = *ipp;
	unsigned int b;

	do {
		if (unlikely(ip >= iend))
			return false;
		b = *ip++;
		*len += b;
	} while (b == 255);
	*ipp = ip;
	return true;
}

/* One block from [ip, iend) to [op, oend); returns the bytes written or an error. */
static long lz4_block(const uint8_t *ip, const uint8_t *iend, uint8_t *const ostart,
		      const uint8_t *oend, const char **why)
{
	uint8_t *op = ostart;

	for (;;) {
		unsigned int token;
		size_t lit, mlen, off;

		if (unlikely(ip >= iend))
			return FAIL(-EINVAL, "lz4: truncated block");
		token = *ip++;
		lit = token >> 4;
		/*
		 * The common case, short literals and a short match with room
		 * around both: copy them in 8-byte steps (up to 16 literal
		 * bytes and 18 match bytes) without loops. The steps are
		 * taken only as needed: memory accesses are what costs most
		 * under emulation (QEMU TCG).
		 */
		if (likely(lit < 15 && (size_t)(iend - ip) >= 18 && (size_t)(oend - op) >= 34)) {
			__builtin_memcpy(op, ip, 8);
			if (lit > 8)
				__builtin_memcpy(op + 8, ip + 8, 8);
			op += lit;
			ip += lit;
			off = get_le16(ip);
			ip += 2;
			mlen = token & 15;
			if (likely(mlen < 15 && off >= 8 && off <= (size_t)(op - ostart))) {
				const uint8_t *m = op - off;

				__builtin_memcpy(op, m, 8);
				if (mlen > 4) {
					__builtin_memcpy(op + 8, m + 8, 8);
					if (mlen > 12)
						__builtin_memcpy(op + 16, m + 16, 2);
				}
				op += mlen + 4;
				continue;
			}
			goto match;
		}
		if (lit == 15 && !read_len(&ip, iend, &lit))
			return FAIL(-EINVAL, "lz4: truncated literal length");
		if (unlikely(lit > (size_t)(iend - ip)))
			return FAIL(-EINVAL, "lz4: literals run past the block");
		if (unlikely(lit > (size_t)(oend - op)))
			return FAIL(-ENOSPC, "lz4: output larger than the buffer");
		if (likely((size_t)(iend - ip) >= lit + 8 && (size_t)(oend - op) >= lit + 8))
			copy_lits(op, ip, lit, true);
		else
			memcpy(op, ip, lit);
		op += lit;
		ip += lit;
		if (ip == iend)
			return op - ostart; /* the last sequence: literals only */
		if (unlikely(iend - ip < 2))
			return FAIL(-EINVAL, "lz4: truncated match offset");
		off = get_le16(ip);
		ip += 2;
		mlen = token & 15;
match:
		if (unlikely(!off || off > (size_t)(op - ostart)))
			return FAIL(-EINVAL, "lz4: match offset before the start of the block");
		if (mlen == 15 && !read_len(&ip, iend, &mlen))
			return FAIL(-EINVAL, "lz4: truncated match length");
		mlen += 4;
		if (unlikely(mlen > (size_t)(oend - op)))
			return FAIL(-ENOSPC, "lz4: output larger than the buffer");
		op = copy_match(op, off, mlen, oend);
	}
}

long decomp_unlz4(const uint8_t *in, size_t inlen, uint8_t *out, size_t cap, const char **why)
{
	const uint8_t *ip = in, *iend = in + inlen;
	size_t pos = 0;

	if (inlen < 4 || get_le32(ip) != LZ4_LEGACY_MAGIC)
		return FAIL(-EINVAL, "lz4: not a legacy-frame lz4 stream (bad magic)");
	ip += 4;
	while (ip < iend) {
		uint32_t csize;
		long n;

		if (iend - ip < 4)
			return FAIL(-EINVAL, "lz4: truncated block header");
		csize = get_le32(ip);
		ip += 4;
		if (csize == LZ4_LEGACY_MAGIC)
			continue; /* a concatenated frame */
		if (!csize || csize > (size_t)(iend - ip))
			return FAIL(-EINVAL, "lz4: block size runs past the end of the input");
		n = lz4_block(ip, ip + csize, out + pos,
			      out + pos + min((size_t)LZ4_LEGACY_BLOCK, cap - pos), why);
		if (n == -ENOSPC && cap - pos > LZ4_LEGACY_BLOCK)
			return FAIL(-EINVAL, "lz4: block expands past 8 MiB");
		if (n < 0)
			return n;
		ip += csize;
		pos += n;
	}
	return pos;
}
