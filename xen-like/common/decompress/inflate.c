// SPDX-License-Identifier: GPL-2.0-only
/*
 * gzip: a header (magic 1f 8b, method 8, flags for an extra field, a
 * name, a comment and a header CRC), a deflate stream (RFC 1951) and a
 * trailer with the CRC-32 and the size modulo 2^32 of the output.
 *
 * Deflate is a run of blocks: stored, or Huffman-coded literals and
 * (length, distance) pairs with the fixed code or a code sent in the
 * block header. Codes are decoded through a table indexed by the next
 * PRIMARY bits of input; longer codes go through a second-level table
 * hanging off their primary entry. An entry holds the symbol and the
 * code length; an entry of length 0 is a hole in an incomplete code and
 * decoding it is an error. Input is read 64 bits at a time, so one
 * refill covers a whole length/distance pair (at most 48 bits).
 */
#include <xen/decompress.h>
#include <xen/lib.h>
#include <xen/xmalloc.h>

#include "private.h"

#define LIT_PRIMARY 10
#define DIST_PRIMARY 8
#define MAX_CODE_LEN 15
#define LIT_TABLE_SIZE ((1U << LIT_PRIMARY) + 288 * (1U << (MAX_CODE_LEN - LIT_PRIMARY)))
#define DIST_TABLE_SIZE ((1U << DIST_PRIMARY) + 32 * (1U << (MAX_CODE_LEN - DIST_PRIMARY)))
#define E_LINK 0x80000000U
#define E_LEN(e) (((e) >> 16) & 0xff)

struct inflate_tables {
	uint32_t lit[LIT_TABLE_SIZE];
	uint32_t dist[DIST_TABLE_SIZE];
	uint32_t clen[1 << 7];
};

static const uint16_t len_base[29] = {3,  4,  5,  6,   7,   8,	 9,   10,  11, 13,
				      15, 17, 19, 23,  27,  31,	 35,  43,  51, 59,
				      67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
				      2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const uint16_t dist_base[30] = {
	1,   2,	  3,   4,   5,	 7,    9,    13,   17,	 25,   33,   49,   65,	  97,	 129,
	193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t dist_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2,	3,  3,	4,  4,	5,  5,	6,
				       6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
static const uint8_t clen_order[19] = {16, 17, 18, 0, 8,  7, 9,	 6, 10, 5,
				       11, 4,  12, 3, 13, 2, 14, 1, 15};

/*
 * Build the decoding table for the canonical code with lengths @lens[0..n)
 * in @t (@pbits primary bits, second-level tables after them, @tsize
 * entries in all). An over-subscribed code is refused; an incomplete one
 * leaves holes. 0 or -EINVAL.
 */
static int huff_build(uint32_t *t, unsigned int pbits, size_t tsize, const uint8_t *lens,
		      unsigned int n)
{
	unsigned int count[MAX_CODE_LEN + 1] = {0}, next[MAX_CODE_LEN + 2];
	unsigned int i, len, maxlen = 0, code = 0, sbits;
	size_t used = 1U << pbits;
	int left = 1;

	for (i = 0; i < n; i++)
		count[lens[i]]++;
	for (len = 1; len <= MAX_CODE_LEN; len++) {
		left = (left << 1) - count[len];
		if (left < 0)
			return -EINVAL;
		if (count[len])
			maxlen = len;
	}
	count[0] = 0;
	for (len = 1; len <= MAX_CODE_LEN; len++) {
		code = (code + count[len - 1]) << 1;
		next[len] = code;
	}
	sbits = maxlen > pbits ? maxlen - pbits : 0;
	memset(t, 0, used * sizeof(*t));
	for (i = 0; i < n; i++) {
		unsigned int l = lens[i], c, rev = 0, j;

		if (!l)
			continue;
		c = next[l]++;
		for (j = 0; j < l; j++)
			rev |= ((c >> j) & 1) << (l - 1 - j);
		if (l <= pbits) {
			for (j = rev; j < (1U << pbits); j += 1U << l)
				t[j] = i | l << 16;
		} else {
			uint32_t *head = &t[rev & ((1U << pbits) - 1)], *sub;

			if (!(*head & E_LINK)) {
				if (used + (1U << sbits) > tsize)
					return -EINVAL;
				*head = E_LINK | sbits << 16 | used;
				memset(t + used, 0, (1U << sbits) * sizeof(*t));
				used += 1U << sbits;
			}
			sub = t + (*head & 0xffff);
			for (j = rev >> pbits; j < (1U << sbits); j += 1U << (l - pbits))
				sub[j] = i | l << 16;
		}
	}
	return 0;
}

/* The bit reader, in the caller's locals: bitbuf, bitcnt, ip, iend, overrun. */
#define REFILL()                                                             \
	do {                                                                 \
		if (likely(iend - ip >= 8)) {                                \
			bitbuf |= get_le64(ip) << bitcnt;                    \
			ip += (63 - bitcnt) >> 3;                            \
			bitcnt |= 56;                                        \
		} else {                                                     \
			while (bitcnt <= 56) {                               \
				if (ip < iend)                               \
					bitbuf |= (uint64_t)*ip++ << bitcnt; \
				else if (++overrun > 16)                     \
					goto err_trunc;                      \
				bitcnt += 8;                                 \
			}                                                    \
		}                                                            \
	} while (0)
#define PEEK(n) (bitbuf & ((1ULL << (n)) - 1))
#define DROP(n) (bitbuf >>= (n), bitcnt -= (n))
/* Decode one symbol with table @t of @pbits primary bits (needs 15 bits buffered). */
#define DECODE(t, pbits)                                                                           \
	({                                                                                         \
		uint32_t e_ = (t)[PEEK(pbits)];                                                    \
		if (e_ & E_LINK)                                                                   \
			e_ = (t)[(e_ & 0xffff) + ((bitbuf >> (pbits)) & ((1U << E_LEN(e_)) - 1))]; \
		if (unlikely(!E_LEN(e_)))                                                          \
			goto err_code;                                                             \
		DROP(E_LEN(e_));                                                                   \
		e_ & 0xffff;                                                                       \
	})

struct inflate_state {
	const uint8_t *ip, *iend;
	uint64_t bitbuf;
	unsigned int bitcnt;
	size_t overrun;
	uint8_t *out, *op, *oend;
};

/* The code lengths of a dynamic block; builds both tables. */
static long read_dynamic(struct inflate_state *st, struct inflate_tables *tb, const char **why)
{
	const uint8_t *ip = st->ip, *iend = st->iend;
	uint64_t bitbuf = st->bitbuf;
	unsigned int bitcnt = st->bitcnt, nlit, ndist, nclen, i;
	size_t overrun = st->overrun;
	uint8_t lens[288 + 32] = {0}, clens[19] = {0};

	REFILL();
	nlit = PEEK(5) + 257;
	DROP(5);
	ndist = PEEK(5) + 1;
	DROP(5);
	nclen = PEEK(4) + 4;
	DROP(4);
	if (nlit > 286 || ndist > 30)
		return FAIL(-EINVAL, "gzip: bad dynamic block header (too many codes)");
	for (i = 0; i < nclen; i++) {
		REFILL();
		clens[clen_order[i]] = PEEK(3);
		DROP(3);
	}
	if (huff_build(tb->clen, 7, ARRAY_SIZE(tb->clen), clens, 19))
		return FAIL(-EINVAL, "gzip: bad code-length code");
	for (i = 0; i < nlit + ndist;) {
		unsigned int sym, rep, val = 0;

		REFILL();
		sym = DECODE(tb->clen, 7);
		if (sym < 16) {
			lens[i++] = sym;
			continue;
		}
		if (sym == 16) {
			if (!i)
				return FAIL(-EINVAL, "gzip: repeat of no code length");
			val = lens[i - 1];
			rep = 3 + PEEK(2);
			DROP(2);
		} else if (sym == 17) {
			rep = 3 + PEEK(3);
			DROP(3);
		} else {
			rep = 11 + PEEK(7);
			DROP(7);
		}
		if (rep > nlit + ndist - i)
			return FAIL(-EINVAL, "gzip: code lengths repeat past the end");
		while (rep--)
			lens[i++] = val;
	}
	if (!lens[256])
		return FAIL(-EINVAL, "gzip: dynamic code without an end-of-block code");
	if (huff_build(tb->lit, LIT_PRIMARY, LIT_TABLE_SIZE, lens, nlit) ||
	    huff_build(tb->dist, DIST_PRIMARY, DIST_TABLE_SIZE, lens + nlit, ndist))
		return FAIL(-EINVAL, "gzip: over-subscribed Huffman code");
	st->ip = ip;
	st->bitbuf = bitbuf;
	st->bitcnt = bitcnt;
	st->overrun = overrun;
	return 0;

err_trunc:
	return FAIL(-EINVAL, "gzip: truncated deflate stream");
err_code:
	return FAIL(-EINVAL, "gzip: invalid code-length code");
}

/* The symbols of one Huffman-coded block, up to its end-of-block code. */
static long inflate_codes(struct inflate_state *st, const struct inflate_tables *tb,
			  const char **why)
{
	const uint8_t *ip = st->ip, *iend = st->iend;
	uint64_t bitbuf = st->bitbuf;
	unsigned int bitcnt = st->bitcnt;
	size_t overrun = st->overrun;
	uint8_t *op = st->op, *const out = st->out;
	const uint8_t *oend = st->oend;

	for (;;) {
		unsigned int sym, len, dist;

		REFILL();
		sym = DECODE(tb->lit, LIT_PRIMARY);
		if (sym < 256) {
			if (unlikely(op >= oend))
				goto err_space;
			*op++ = sym;
			continue;
		}
		if (sym == 256)
			break;
		sym -= 257;
		if (unlikely(sym >= 29))
			goto err_code;
		len = len_base[sym] + PEEK(len_extra[sym]);
		DROP(len_extra[sym]);
		sym = DECODE(tb->dist, DIST_PRIMARY);
		if (unlikely(sym >= 30))
			goto err_code;
		dist = dist_base[sym] + PEEK(dist_extra[sym]);
		DROP(dist_extra[sym]);
		if (unlikely(dist > (size_t)(op - out)))
			return FAIL(-EINVAL, "gzip: distance before the start of the output");
		if (unlikely(len > (size_t)(oend - op)))
			goto err_space;
		op = copy_match(op, dist, len, oend);
	}
	st->ip = ip;
	st->bitbuf = bitbuf;
	st->bitcnt = bitcnt;
	st->overrun = overrun;
	st->op = op;
	return 0;

err_trunc:
	return FAIL(-EINVAL, "gzip: truncated deflate stream");
err_code:
	return FAIL(-EINVAL, "gzip: invalid Huffman code in the data");
err_space:
	return FAIL(-ENOSPC, "gzip: output larger than the buffer");
}

/* A stored block: back up to the byte boundary and copy. */
static long inflate_stored(struct inflate_state *st, const char **why)
{
	size_t buffered = (st->bitcnt - (st->bitcnt & 7)) / 8, len;

	if (buffered < st->overrun)
		return FAIL(-EINVAL, "gzip: truncated deflate stream");
	st->ip -= buffered - st->overrun;
	st->bitbuf = 0;
	st->bitcnt = 0;
	st->overrun = 0;
	if (st->iend - st->ip < 4)
		return FAIL(-EINVAL, "gzip: truncated stored block");
	len = get_le16(st->ip);
	if ((len ^ get_le16(st->ip + 2)) != 0xffff)
		return FAIL(-EINVAL, "gzip: stored block length check fails");
	st->ip += 4;
	if (len > (size_t)(st->iend - st->ip))
		return FAIL(-EINVAL, "gzip: truncated stored block");
	if (len > (size_t)(st->oend - st->op))
		return FAIL(-ENOSPC, "gzip: output larger than the buffer");
	memcpy(st->op, st->ip, len);
	st->op += len;
	st->ip += len;
	return 0;
}

static void fixed_lens(uint8_t *lens)
{
	unsigned int i;

	for (i = 0; i < 288; i++)
		lens[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
	for (i = 288; i < 288 + 30; i++)
		lens[i] = 5;
}

/* The blocks of a deflate stream; st->ip ends just past its last byte. */
static long inflate_blocks(struct inflate_state *st, struct inflate_tables *tb, const char **why)
{
	bool last;

	do {
		unsigned int type;
		long rc;

		if (st->bitcnt < 3) {
			const uint8_t *ip = st->ip, *iend = st->iend;
			uint64_t bitbuf = st->bitbuf;
			unsigned int bitcnt = st->bitcnt;
			size_t overrun = st->overrun;

			REFILL();
			st->ip = ip;
			st->bitbuf = bitbuf;
			st->bitcnt = bitcnt;
			st->overrun = overrun;
		}
		last = st->bitbuf & 1;
		type = (st->bitbuf >> 1) & 3;
		st->bitbuf >>= 3;
		st->bitcnt -= 3;
		if (type == 0) {
			rc = inflate_stored(st, why);
		} else if (type == 1) {
			uint8_t lens[288 + 30];

			fixed_lens(lens);
			huff_build(tb->lit, LIT_PRIMARY, LIT_TABLE_SIZE, lens, 288);
			huff_build(tb->dist, DIST_PRIMARY, DIST_TABLE_SIZE, lens + 288, 30);
			rc = inflate_codes(st, tb, why);
		} else if (type == 2) {
			rc = read_dynamic(st, tb, why);
			if (!rc)
				rc = inflate_codes(st, tb, why);
		} else {
			rc = FAIL(-EINVAL, "gzip: reserved deflate block type");
		}
		if (rc)
			return rc;
		if (st->overrun * 8 > st->bitcnt)
			return FAIL(-EINVAL, "gzip: truncated deflate stream");
	} while (!last);
	/* Give back the whole bytes still buffered. */
	st->ip -= st->bitcnt / 8 - st->overrun;
	return 0;

err_trunc:
	return FAIL(-EINVAL, "gzip: truncated deflate stream");
}

/* The gzip header; returns the offset of the deflate data or an error. */
static long gzip_header(const uint8_t *in, size_t inlen, const char **why)
{
	size_t pos = 10;
	unsigned int flags;

	if (inlen < 18 || in[0] != 0x1f || in[1] != 0x8b)
		return FAIL(-EINVAL, "gzip: bad magic or truncated header");
	if (in[2] != 8)
		return FAIL(-EOPNOTSUPP, "gzip: compression method is not deflate");
	flags = in[3];
	if (flags & 0xe0)
		return FAIL(-EOPNOTSUPP, "gzip: reserved header flags set");
	if (flags & 4) { /* FEXTRA */
		if (inlen - pos < 2 || get_le16(in + pos) > inlen - pos - 2)
			return FAIL(-EINVAL, "gzip: truncated header extra field");
		pos += 2 + get_le16(in + pos);
	}
	if (flags & 8) { /* FNAME */
		while (pos < inlen && in[pos])
			pos++;
		if (pos++ >= inlen)
			return FAIL(-EINVAL, "gzip: truncated header name");
	}
	if (flags & 16) { /* FCOMMENT */
		while (pos < inlen && in[pos])
			pos++;
		if (pos++ >= inlen)
			return FAIL(-EINVAL, "gzip: truncated header comment");
	}
	if (flags & 2) { /* FHCRC */
		if (inlen - pos < 2)
			return FAIL(-EINVAL, "gzip: truncated header");
		if ((decomp_crc32(0, in, pos) & 0xffff) != get_le16(in + pos))
			return FAIL(-EBADMSG, "gzip: header CRC mismatch");
		pos += 2;
	}
	if (pos > inlen)
		return FAIL(-EINVAL, "gzip: truncated header");
	return pos;
}

long decomp_gunzip(const uint8_t *in, size_t inlen, uint8_t *out, size_t cap, const char **why)
{
	struct inflate_state st = {.iend = in + inlen, .out = out, .op = out, .oend = out + cap};
	struct inflate_tables *tb;
	long rc = gzip_header(in, inlen, why);
	size_t n;

	if (rc < 0)
		return rc;
	st.ip = in + rc;
	tb = xmalloc(struct inflate_tables);
	if (!tb)
		return FAIL(-ENOMEM, "gzip: no memory for the decoder");
	rc = inflate_blocks(&st, tb, why);
	xfree(tb);
	if (rc)
		return rc;
	n = st.op - out;
	if (st.iend - st.ip < 8)
		return FAIL(-EINVAL, "gzip: truncated trailer");
	if (get_le32(st.ip) != decomp_crc32(0, out, n))
		return FAIL(-EBADMSG, "gzip: CRC32 of the data does not match");
	if (get_le32(st.ip + 4) != (uint32_t)n)
		return FAIL(-EBADMSG, "gzip: size in the trailer does not match");
	if (st.iend - st.ip != 8)
		return FAIL(-EINVAL, "gzip: trailing bytes after the stream");
	return n;
}
