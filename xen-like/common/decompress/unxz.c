// SPDX-License-Identifier: GPL-2.0-only
/*
 * The .xz container with LZMA2 and the x86 BCJ filter: what Linux's
 * scripts/xz_wrap.sh produces for an x86 kernel.
 *
 * A stream is a 12-byte header (magic, check type), blocks, an index
 * listing every block's sizes and a 12-byte footer; streams may be
 * concatenated, with zero padding between them. Each block has a header
 * naming its filter chain ([x86 BCJ,] LZMA2), the compressed data, zero
 * padding to 4 bytes and the check of its output (none, CRC32, CRC64).
 *
 * The decoder works in one call: the output buffer is the LZMA
 * dictionary, so the dictionary size a stream declares costs nothing and
 * serves only as a limit on match distances (and is refused above
 * DECOMP_MAX_WINDOW). The BCJ filter runs over each block's output once
 * it is complete, which gives the same result as running it as a stream.
 */
#include <xen/decompress.h>
#include <xen/lib.h>
#include <xen/xmalloc.h>

#include "private.h"

#define XZ_HEADER_SIZE 12
#define XZ_FILTER_X86 0x04
#define XZ_FILTER_LZMA2 0x21
#define XZ_CHECK_NONE 0
#define XZ_CHECK_CRC32 1
#define XZ_CHECK_CRC64 4

/* LZMA model sizes. */
#define STATES 12
#define POS_STATES_MAX 16
#define LIT_STATES 7 /* states below this follow a literal */
#define LITERAL_CODER_SIZE 0x300
#define LITERAL_CODERS_MAX 16 /* lc + lp <= 4 in LZMA2 */
#define DIST_STATES 4
#define DIST_SLOTS 64
#define DIST_MODEL_END 14
#define FULL_DISTANCES 128
#define ALIGN_BITS 4
#define MATCH_LEN_MIN 2
#define PROB_INIT 1024
#define RC_TOP (1U << 24)
#define RC_MODEL_BITS 11
#define RC_MOVE_BITS 5

struct len_dec {
	uint16_t choice, choice2;
	uint16_t low[POS_STATES_MAX][8];
	uint16_t mid[POS_STATES_MAX][8];
	uint16_t high[256];
};

/* The adaptive model of one LZMA2 stream; lives across chunks until a state reset. */
struct lzma_dec {
	/* Probabilities (reset to PROB_INIT on a state reset): */
	uint16_t is_match[STATES][POS_STATES_MAX];
	uint16_t is_rep[STATES], is_rep0[STATES], is_rep1[STATES], is_rep2[STATES];
	uint16_t is_rep0_long[STATES][POS_STATES_MAX];
	uint16_t dist_slot[DIST_STATES][DIST_SLOTS];
	uint16_t dist_special[FULL_DISTANCES - DIST_MODEL_END];
	uint16_t dist_align[1 << ALIGN_BITS];
	struct len_dec match_len, rep_len;
	uint16_t literal[LITERAL_CODERS_MAX][LITERAL_CODER_SIZE];
	/* Coder state: */
	unsigned int state;
	uint32_t rep0, rep1, rep2, rep3; /* distances - 1 */
	unsigned int lc, lp, pb;
};

static void lzma_reset(struct lzma_dec *s)
{
	uint16_t *p = (uint16_t *)s;
	size_t i, n = offsetof(struct lzma_dec, state) / sizeof(uint16_t);

	for (i = 0; i < n; i++)
		p[i] = PROB_INIT;
	s->state = 0;
	s->rep0 = s->rep1 = s->rep2 = s->rep3 = 0;
}

/* Range decoder, in the caller's locals range, code, ip, iend; runs out to err_trunc. */
#define RC_NORMALIZE()                              \
	do {                                        \
		if (range < RC_TOP) {               \
			if (unlikely(ip == iend))   \
				goto err_trunc;     \
			range <<= 8;                \
			code = (code << 8) | *ip++; \
		}                                   \
	} while (0)

/* Decode one bit with the probability at @p; evaluates to 0 or 1. */
#define RC_BIT(p)                                                             \
	({                                                                    \
		uint16_t *p_ = (p);                                           \
		uint32_t bound_;                                              \
		unsigned int bit_;                                            \
		RC_NORMALIZE();                                               \
		bound_ = (range >> RC_MODEL_BITS) * *p_;                      \
		if (code < bound_) {                                          \
			range = bound_;                                       \
			*p_ += ((1U << RC_MODEL_BITS) - *p_) >> RC_MOVE_BITS; \
			bit_ = 0;                                             \
		} else {                                                      \
			range -= bound_;                                      \
			code -= bound_;                                       \
			*p_ -= *p_ >> RC_MOVE_BITS;                           \
			bit_ = 1;                                             \
		}                                                             \
		bit_;                                                         \
	})

/* A bit tree of @nbits bits at @probs: the symbol, most significant bit first. */
/* clang-format off */
#define RC_TREE(probs, nbits)                                        \
	({                                                           \
		unsigned int sym_ = 1, k_;                           \
		_Pragma("GCC unroll 8")                              \
		for (k_ = 0; k_ < (nbits); k_++)                     \
			sym_ = (sym_ << 1) | RC_BIT(&(probs)[sym_]); \
		sym_ - (1U << (nbits));                              \
	})
/* clang-format on */

/* The same, least significant bit first, added into @dest. */
#define RC_TREE_REV(probs, nbits, dest)              \
	do {                                         \
		unsigned int sym_ = 1, i_, b_;       \
		for (i_ = 0; i_ < (nbits); i_++) {   \
			b_ = RC_BIT(&(probs)[sym_]); \
			sym_ = (sym_ << 1) | b_;     \
			(dest) |= b_ << i_;          \
		}                                    \
	} while (0)

#define RC_LEN(l, ps)                                                        \
	({                                                                   \
		unsigned int len_;                                           \
		if (!RC_BIT(&(l)->choice))                                   \
			len_ = MATCH_LEN_MIN + RC_TREE((l)->low[ps], 3);     \
		else if (!RC_BIT(&(l)->choice2))                             \
			len_ = MATCH_LEN_MIN + 8 + RC_TREE((l)->mid[ps], 3); \
		else                                                         \
			len_ = MATCH_LEN_MIN + 16 + RC_TREE((l)->high, 8);   \
		len_;                                                        \
	})

/*
 * Decode one LZMA chunk of LZMA2: [ip, iend) holds exactly its range-coded
 * data, and it produces out[pos, end). Matches may reach back to
 * @dict_start (the last dictionary reset) and at most @dict_size bytes.
 * A match may not run past the chunk, and the coder must finish exactly
 * at the end of its input with code 0. 0 or an error.
 */
static long lzma_chunk(struct lzma_dec *s, const uint8_t *ip, const uint8_t *iend, uint8_t *out,
		       size_t pos, size_t end, size_t dict_start, uint32_t dict_size,
		       const char **why)
{
	const unsigned int pb_mask = (1U << s->pb) - 1, lp_mask = (1U << s->lp) - 1;
	const unsigned int lc = s->lc;
	unsigned int state = s->state;
	uint32_t rep0 = s->rep0, rep1 = s->rep1, rep2 = s->rep2, rep3 = s->rep3;
	uint32_t range = 0xffffffffU, code;
	const uint8_t *oend = out + end;

	if (iend - ip < 5 || ip[0])
		return FAIL(-EINVAL, "xz: corrupt LZMA2 chunk (range coder start)");
	code = get_be32(ip + 1);
	ip += 5;

	while (pos < end) {
		unsigned int ps = pos & pb_mask;
		size_t avail;
		unsigned int len;

		if (!RC_BIT(&s->is_match[state][ps])) {
			unsigned int prev = pos > dict_start ? out[pos - 1] : 0;
			uint16_t *probs =
				s->literal[(((pos & lp_mask) << lc) + (prev >> (8 - lc)))];
			unsigned int sym = 1, k;

			/* Eight bits, unrolled: the decoder's hottest loop. */
			if (state < LIT_STATES) {
#pragma GCC unroll 8
				for (k = 0; k < 8; k++)
					sym = (sym << 1) | RC_BIT(&probs[sym]);
			} else {
				unsigned int match = out[pos - rep0 - 1], off = 0x100, mbit, b;

#pragma GCC unroll 8
				for (k = 0; k < 8; k++) {
					match <<= 1;
					mbit = match & off;
					b = RC_BIT(&probs[off + mbit + sym]);
					sym = (sym << 1) | b;
					off &= b ? mbit : ~mbit;
				}
			}
			out[pos++] = sym; /* the low 8 bits */
			state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
			continue;
		}
		if (!RC_BIT(&s->is_rep[state])) {
			unsigned int slot, ls;

			state = state < LIT_STATES ? 7 : 10;
			rep3 = rep2;
			rep2 = rep1;
			rep1 = rep0;
			len = RC_LEN(&s->match_len, ps);
			ls = len - MATCH_LEN_MIN < DIST_STATES - 1 ? len - MATCH_LEN_MIN
								   : DIST_STATES - 1;
			slot = RC_TREE(s->dist_slot[ls], 6);
			if (slot < 4) {
				rep0 = slot;
			} else {
				unsigned int nd = (slot >> 1) - 1;

				rep0 = (2 | (slot & 1)) << nd;
				if (slot < DIST_MODEL_END) {
					uint16_t *probs = s->dist_special + rep0 - slot - 1;

					RC_TREE_REV(probs, nd, rep0);
				} else {
					uint32_t direct = 0;

					nd -= ALIGN_BITS;
					do {
						uint32_t t;

						RC_NORMALIZE();
						range >>= 1;
						code -= range;
						t = 0U - (code >> 31);
						code += range & t;
						direct = (direct << 1) + (t + 1);
					} while (--nd);
					rep0 += direct << ALIGN_BITS;
					RC_TREE_REV(s->dist_align, ALIGN_BITS, rep0);
					if (rep0 == 0xffffffffU)
						return FAIL(-EINVAL,
							    "xz: end marker inside an LZMA2 chunk");
				}
			}
		} else if (!RC_BIT(&s->is_rep0[state])) {
			if (!RC_BIT(&s->is_rep0_long[state][ps])) {
				/* A single byte from rep0. */
				state = state < LIT_STATES ? 9 : 11;
				if (unlikely(rep0 >= pos - dict_start))
					goto err_dist;
				out[pos] = out[pos - rep0 - 1];
				pos++;
				continue;
			}
			state = state < LIT_STATES ? 8 : 11;
			len = RC_LEN(&s->rep_len, ps);
		} else {
			uint32_t dist;

			if (!RC_BIT(&s->is_rep1[state])) {
				dist = rep1;
			} else {
				if (!RC_BIT(&s->is_rep2[state])) {
					dist = rep2;
				} else {
					dist = rep3;
					rep3 = rep2;
				}
				rep2 = rep1;
			}
			rep1 = rep0;
			rep0 = dist;
			state = state < LIT_STATES ? 8 : 11;
			len = RC_LEN(&s->rep_len, ps);
		}
		if (unlikely(rep0 >= pos - dict_start || rep0 >= dict_size))
			goto err_dist;
		avail = end - pos;
		if (unlikely(len > avail))
			return FAIL(-EINVAL, "xz: match runs past the end of an LZMA2 chunk");
		copy_match(out + pos, (size_t)rep0 + 1, len, oend);
		pos += len;
	}
	RC_NORMALIZE();
	if (ip != iend || code)
		return FAIL(-EINVAL, "xz: corrupt LZMA2 chunk (range coder does not end cleanly)");
	s->state = state;
	s->rep0 = rep0;
	s->rep1 = rep1;
	s->rep2 = rep2;
	s->rep3 = rep3;
	return 0;

err_trunc:
	return FAIL(-EINVAL, "xz: corrupt LZMA2 chunk (range coder runs out of input)");
err_dist:
	return FAIL(-EINVAL, "xz: match distance beyond the dictionary");
}

/*
 * An LZMA2 stream from *ipp (input up to @iend) into out[pos, cap): the
 * chunks up to the end marker. Returns the bytes produced; *ipp moves
 * past the end marker.
 */
static long lzma2_decode(struct lzma_dec *s, const uint8_t **ipp, const uint8_t *iend, uint8_t *out,
			 size_t pos, size_t cap, uint32_t dict_size, const char **why)
{
	const uint8_t *ip = *ipp;
	size_t start = pos, dict_start = pos;
	bool need_dict_reset = true, need_props = true;

	for (;;) {
		unsigned int ctrl;
		size_t usize, csize;
		long rc;

		if (ip >= iend)
			return FAIL(-EINVAL, "xz: truncated LZMA2 stream");
		ctrl = *ip++;
		if (!ctrl)
			break;
		if (ctrl == 1 || ctrl >= 0xe0) {
			dict_start = pos;
			need_dict_reset = false;
			need_props = true;
		} else if (need_dict_reset) {
			return FAIL(-EINVAL,
				    "xz: LZMA2 stream does not start with a dictionary reset");
		}
		if (ctrl < 0x80) {
			if (ctrl > 2)
				return FAIL(-EINVAL, "xz: bad LZMA2 control byte");
			if (iend - ip < 2)
				return FAIL(-EINVAL, "xz: truncated LZMA2 chunk header");
			usize = ((size_t)ip[0] << 8 | ip[1]) + 1;
			ip += 2;
			if (usize > (size_t)(iend - ip))
				return FAIL(-EINVAL, "xz: truncated LZMA2 stored chunk");
			if (usize > cap - pos)
				return FAIL(-ENOSPC, "xz: output larger than the buffer");
			memcpy(out + pos, ip, usize);
			ip += usize;
			pos += usize;
			continue;
		}
		if (iend - ip < 4 + (ctrl >= 0xc0))
			return FAIL(-EINVAL, "xz: truncated LZMA2 chunk header");
		usize = ((size_t)(ctrl & 0x1f) << 16 | (size_t)ip[0] << 8 | ip[1]) + 1;
		csize = ((size_t)ip[2] << 8 | ip[3]) + 1;
		ip += 4;
		if (ctrl >= 0xc0) {
			unsigned int props = *ip++;

			if (props >= 9 * 5 * 5)
				return FAIL(-EINVAL, "xz: bad LZMA properties");
			s->lc = props % 9;
			props /= 9;
			s->lp = props % 5;
			s->pb = props / 5;
			if (s->lc + s->lp > 4)
				return FAIL(-EINVAL, "xz: LZMA2 properties with lc + lp > 4");
			need_props = false;
		} else if (need_props) {
			return FAIL(-EINVAL, "xz: LZMA2 chunk without properties");
		}
		if (ctrl >= 0xa0)
			lzma_reset(s);
		if (csize > (size_t)(iend - ip))
			return FAIL(-EINVAL, "xz: truncated LZMA2 chunk");
		if (usize > cap - pos)
			return FAIL(-ENOSPC, "xz: output larger than the buffer");
		rc = lzma_chunk(s, ip, ip + csize, out, pos, pos + usize, dict_start, dict_size,
				why);
		if (rc)
			return rc;
		ip += csize;
		pos += usize;
	}
	*ipp = ip;
	return pos - start;
}

/*
 * The x86 BCJ filter, decoding: CALL (e8) and JMP (e9) targets were made
 * absolute by the encoder; make them relative again. A candidate is taken
 * only when its top address byte is 00 or ff, and bytes just before it
 * that looked like opcodes decide (through @mask) whether it is one.
 * @pos is the offset of @buf in the filter's input (the start offset).
 */
static void bcj_x86(uint8_t *buf, size_t size, uint32_t pos)
{
	static const bool allowed[8] = {1, 1, 1, 0, 1, 0, 0, 0};
	static const uint8_t bitnum[8] = {0, 1, 2, 2, 3, 3, 3, 3};
	size_t i, prev = (size_t)-5, limit;
	unsigned int mask = 0;

	if (size < 5)
		return;
	limit = size - 5;
	for (i = 0; i <= limit; i++) {
		size_t gap;
		uint8_t b;

		if ((buf[i] & 0xfe) != 0xe8) {
			/* Step over eight bytes at a time while none of them is e8 or e9. */
			while (limit - i > 8) {
				uint64_t v = (get_le64(buf + i + 1) & 0xfefefefefefefefeULL) ^
					     0xe8e8e8e8e8e8e8e8ULL;

				if ((v - 0x0101010101010101ULL) & ~v & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			continue;
		}
		gap = i - prev;
		prev = i;
		if (gap > 5) {
			mask = 0;
		} else {
			while (gap--) {
				mask &= 0x77;
				mask <<= 1;
			}
		}
		b = buf[i + 4];
		if ((b == 0 || b == 0xff) && allowed[(mask >> 1) & 7] && (mask >> 1) < 0x10) {
			uint32_t src = get_le32(buf + i + 1), dest;

			for (;;) {
				unsigned int n;

				dest = src - (pos + (uint32_t)i + 5);
				if (!mask)
					break;
				n = bitnum[mask >> 1];
				b = dest >> (24 - n * 8);
				if (!(b == 0 || b == 0xff))
					break;
				src = dest ^ ((1U << (32 - n * 8)) - 1);
			}
			dest &= 0x01ffffff;
			dest |= 0U - (dest & 0x01000000);
			__builtin_memcpy(buf + i + 1, &dest, 4);
			i += 4;
			mask = 0;
		} else {
			mask |= 1;
			if (b == 0 || b == 0xff)
				mask |= 0x10;
		}
	}
}

/* A multibyte integer (7 bits a byte, little end first, at most 9 bytes, minimal). */
static bool get_vli(const uint8_t **ipp, const uint8_t *iend, uint64_t *v)
{
	const uint8_t *ip = *ipp;
	unsigned int i;

	*v = 0;
	for (i = 0; i < 9; i++) {
		if (ip >= iend)
			return false;
		*v |= (uint64_t)(*ip & 0x7f) << (i * 7);
		if (!(*ip++ & 0x80)) {
			if (i && !ip[-1])
				return false;
			*ipp = ip;
			return true;
		}
	}
	return false;
}

/* What the index must agree with: counts and sums over the blocks, and a hash of their order. */
struct xz_blocks {
	uint64_t count, unpadded, uncompressed;
	uint32_t hash;
};

static void blocks_add(struct xz_blocks *b, uint64_t unpadded, uint64_t uncompressed)
{
	uint64_t pair[2] = {unpadded, uncompressed};

	b->count++;
	b->unpadded += unpadded;
	b->uncompressed += uncompressed;
	b->hash = decomp_crc32(b->hash, (const uint8_t *)pair, sizeof(pair));
}

struct xz_stream {
	struct lzma_dec *lzma;
	const uint8_t *in, *iend;
	uint8_t *out;
	size_t pos, cap;
	unsigned int check;
	struct xz_blocks blocks;
};

/* One block, its header byte at @ip (nonzero). Returns 0 and moves *ipp past the check. */
static long xz_block(struct xz_stream *x, const uint8_t **ipp, const char **why)
{
	const uint8_t *ip = *ipp, *hdr = ip, *hend, *data;
	static const uint8_t check_size[16] = {0,  4,  4,  4,  8,  8,  8,  16,
					       16, 16, 32, 32, 32, 64, 64, 64};
	uint64_t csize = ~0ULL, usize = ~0ULL, id, psize, unpadded;
	unsigned int flags, nfilters, i, csz = check_size[x->check];
	bool x86 = false;
	uint32_t x86_start = 0, dict_size = 0;
	size_t start = x->pos;
	long n;

	if ((size_t)(x->iend - hdr) < (size_t)(hdr[0] + 1) * 4)
		return FAIL(-EINVAL, "xz: truncated block header");
	hend = hdr + (hdr[0] + 1) * 4;
	if (decomp_crc32(0, hdr, hend - 4 - hdr) != get_le32(hend - 4))
		return FAIL(-EBADMSG, "xz: block header CRC32 mismatch");
	hend -= 4;
	ip = hdr + 2;
	flags = hdr[1];
	if (flags & 0x3c)
		return FAIL(-EOPNOTSUPP, "xz: unsupported block flags");
	nfilters = (flags & 3) + 1;
	if ((flags & 0x40) && (!get_vli(&ip, hend, &csize) || !csize))
		return FAIL(-EINVAL, "xz: bad compressed size in block header");
	if ((flags & 0x80) && !get_vli(&ip, hend, &usize))
		return FAIL(-EINVAL, "xz: bad uncompressed size in block header");
	for (i = 0; i < nfilters; i++) {
		if (!get_vli(&ip, hend, &id) || !get_vli(&ip, hend, &psize) ||
		    psize > (uint64_t)(hend - ip))
			return FAIL(-EINVAL, "xz: bad filter flags in block header");
		if (i + 1 < nfilters) {
			if (id != XZ_FILTER_X86 || i)
				return FAIL(-EOPNOTSUPP,
					    "xz: unsupported filter (only x86 BCJ + LZMA2)");
			if (psize != 0 && psize != 4)
				return FAIL(-EOPNOTSUPP, "xz: bad x86 BCJ properties");
			if (psize == 4)
				x86_start = get_le32(ip);
			x86 = true;
		} else {
			unsigned int bits;

			if (id != XZ_FILTER_LZMA2)
				return FAIL(-EOPNOTSUPP,
					    "xz: unsupported filter (only x86 BCJ + LZMA2)");
			if (psize != 1)
				return FAIL(-EINVAL, "xz: bad LZMA2 properties");
			bits = ip[0];
			if (bits > 40)
				return FAIL(-EINVAL, "xz: bad LZMA2 dictionary size");
			dict_size = bits == 40 ? 0xffffffffU : (2U | (bits & 1)) << (bits / 2 + 11);
			if (dict_size > DECOMP_MAX_WINDOW)
				return FAIL(-ERANGE,
					    "xz: dictionary larger than allowed (128 MiB)");
		}
		ip += psize;
	}
	while (ip < hend)
		if (*ip++)
			return FAIL(-EINVAL, "xz: nonzero padding in block header");

	data = hend + 4;
	ip = data;
	n = lzma2_decode(x->lzma, &ip, x->iend, x->out, x->pos, x->cap, dict_size, why);
	if (n < 0)
		return n;
	x->pos += n;
	if ((csize != ~0ULL && csize != (uint64_t)(ip - data)) ||
	    (usize != ~0ULL && usize != (uint64_t)n))
		return FAIL(-EINVAL, "xz: block sizes differ from its header");
	unpadded = (hend + 4 - hdr) + (ip - data) + csz;
	while ((ip - hdr) & 3) {
		if (ip >= x->iend || *ip++)
			return FAIL(-EINVAL, "xz: bad block padding");
	}
	if ((size_t)(x->iend - ip) < csz)
		return FAIL(-EINVAL, "xz: truncated block check");
	if (x86)
		bcj_x86(x->out + start, n, x86_start);
	if (x->check == XZ_CHECK_CRC32 && decomp_crc32(0, x->out + start, n) != get_le32(ip))
		return FAIL(-EBADMSG, "xz: CRC32 of the data does not match");
	if (x->check == XZ_CHECK_CRC64 && decomp_crc64(0, x->out + start, n) != get_le64(ip))
		return FAIL(-EBADMSG, "xz: CRC64 of the data does not match");
	ip += csz;
	blocks_add(&x->blocks, unpadded, n);
	*ipp = ip;
	return 0;
}

/* The index (its indicator byte at *ipp) and the footer; checks both against the blocks. */
static long xz_index(struct xz_stream *x, const uint8_t **ipp, const uint8_t *sflags,
		     const char **why)
{
	const uint8_t *ip = *ipp + 1, *index = *ipp, *f;
	struct xz_blocks seen = {0};
	uint64_t count, i;

	if (!get_vli(&ip, x->iend, &count))
		return FAIL(-EINVAL, "xz: truncated index");
	for (i = 0; i < count; i++) {
		uint64_t unpadded, uncompressed;

		if (!get_vli(&ip, x->iend, &unpadded) || !get_vli(&ip, x->iend, &uncompressed))
			return FAIL(-EINVAL, "xz: truncated index");
		blocks_add(&seen, unpadded, uncompressed);
		if (seen.count > x->blocks.count)
			break;
	}
	if (seen.count != x->blocks.count || seen.unpadded != x->blocks.unpadded ||
	    seen.uncompressed != x->blocks.uncompressed || seen.hash != x->blocks.hash)
		return FAIL(-EINVAL, "xz: index does not match the blocks");
	while ((ip - index) & 3) {
		if (ip >= x->iend || *ip++)
			return FAIL(-EINVAL, "xz: bad index padding");
	}
	if (x->iend - ip < 4 + XZ_HEADER_SIZE)
		return FAIL(-EINVAL, "xz: truncated index or stream footer");
	if (decomp_crc32(0, index, ip - index) != get_le32(ip))
		return FAIL(-EBADMSG, "xz: index CRC32 mismatch");
	f = ip + 4;
	if (memcmp(f + 10, "YZ", 2) || decomp_crc32(0, f + 4, 6) != get_le32(f))
		return FAIL(-EINVAL, "xz: bad stream footer");
	if ((uint64_t)(get_le32(f + 4) + 1) * 4 != (uint64_t)(ip + 4 - index) ||
	    memcmp(f + 8, sflags, 2))
		return FAIL(-EINVAL, "xz: stream footer does not match the stream");
	*ipp = f + XZ_HEADER_SIZE;
	return 0;
}

static long xz_stream(struct xz_stream *x, const uint8_t **ipp, const char **why)
{
	static const uint8_t magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0};
	const uint8_t *ip = *ipp, *sflags = ip + 6;
	long rc;

	if (x->iend - ip < XZ_HEADER_SIZE)
		return FAIL(-EINVAL, "xz: truncated stream header");
	if (memcmp(ip, magic, 6))
		return FAIL(-EINVAL, "xz: bad magic");
	if (decomp_crc32(0, sflags, 2) != get_le32(ip + 8))
		return FAIL(-EBADMSG, "xz: stream header CRC32 mismatch");
	if (sflags[0] || sflags[1] > 15)
		return FAIL(-EOPNOTSUPP, "xz: unsupported stream flags");
	x->check = sflags[1];
	if (x->check != XZ_CHECK_NONE && x->check != XZ_CHECK_CRC32 && x->check != XZ_CHECK_CRC64)
		return FAIL(-EOPNOTSUPP, "xz: unsupported check type (only none, CRC32, CRC64)");
	x->blocks = (struct xz_blocks){0};
	ip += XZ_HEADER_SIZE;
	for (;;) {
		if (ip >= x->iend)
			return FAIL(-EINVAL, "xz: truncated stream");
		if (!*ip)
			break;
		rc = xz_block(x, &ip, why);
		if (rc)
			return rc;
	}
	rc = xz_index(x, &ip, sflags, why);
	if (rc)
		return rc;
	*ipp = ip;
	return 0;
}

long decomp_unxz(const uint8_t *in, size_t inlen, uint8_t *out, size_t cap, const char **why)
{
	struct xz_stream x = {.in = in, .iend = in + inlen, .out = out, .cap = cap};
	const uint8_t *ip = in;
	long rc = 0;

	x.lzma = xmalloc(struct lzma_dec);
	if (!x.lzma)
		return FAIL(-ENOMEM, "xz: no memory for the decoder");
	do {
		rc = xz_stream(&x, &ip, why);
		if (rc)
			break;
		/* Stream padding: zero bytes in fours, then maybe another stream. */
		while (ip < x.iend && !*ip) {
			if (x.iend - ip < 4 || get_le32(ip)) {
				rc = FAIL(-EINVAL, "xz: bad stream padding");
				break;
			}
			ip += 4;
		}
	} while (!rc && ip < x.iend);
	xfree(x.lzma);
	return rc ? rc : (long)x.pos;
}
