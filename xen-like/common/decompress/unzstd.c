// SPDX-License-Identifier: GPL-2.0-only
/*
 * Zstandard frames (RFC 8878), as `zstd -22 --ultra` writes a Linux
 * kernel payload. A frame is a header (window size, optional content
 * size and checksum flag), blocks (raw, RLE or compressed) and an
 * optional XXH64 checksum; frames may be concatenated, and skippable
 * frames are skipped.
 *
 * A compressed block holds literals (raw, RLE, or Huffman-coded in one
 * or four streams) and sequences (literal length, match length, offset),
 * whose codes are FSE-coded in one backward bitstream with three
 * interleaved states. Huffman and FSE tables may be reused by later
 * blocks of the frame, and the last three offsets are kept for repeat
 * codes. Like the other decoders here, this one writes into one flat
 * buffer, so the window is the output itself; the window size a frame
 * header declares is only a limit on offsets (refused above
 * DECOMP_MAX_WINDOW).
 *
 * Bitstreams are read backward from their last byte, whose highest set
 * bit marks where the data starts, through a 64-bit container; reads
 * past the start are caught at every reload.
 */
#include <xen/decompress.h>
#include <xen/lib.h>
#include <xen/xmalloc.h>

#include "private.h"

#define ZSTD_MAGIC 0xfd2fb528U
#define ZSTD_SKIP_MAGIC 0x184d2a50U /* low 4 bits free */
#define BLOCK_MAX (128U << 10)
#define HUF_MAX_BITS 11
#define LL_MAX_LOG 9
#define ML_MAX_LOG 9
#define OF_MAX_LOG 8
#define LL_MAX_SYM 35
#define ML_MAX_SYM 52
#define OF_MAX_SYM 31

struct fse_entry {
	uint8_t sym, nbits;
	uint16_t base;
};

struct huf_entry {
	uint8_t sym, nbits;
};

/* Everything one frame's decoding keeps: tables for repeat modes, the literals of a block. */
struct zstd_ws {
	struct fse_entry ll[1 << LL_MAX_LOG], ml[1 << ML_MAX_LOG], of[1 << OF_MAX_LOG];
	unsigned int ll_log, ml_log, of_log;
	bool ll_ok, ml_ok, of_ok, huf_ok;
	struct huf_entry huf[1 << HUF_MAX_BITS];
	unsigned int huf_bits;
	struct fse_entry wt[1 << 6]; /* Huffman weights' FSE table */
	uint8_t lits[BLOCK_MAX + 32];
};

static const int16_t ll_default[36] = {4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1,  1,	 2,  2,
				       2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1};
static const int16_t ml_default[53] = {1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1,	 1,  1,	 1,  1,	 1,  1, 1,
				       1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	 1,  1,	 1,  1,	 1,  1, 1,
				       1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1};
static const int16_t of_default[29] = {1, 1, 1, 1, 1, 1, 2, 2, 2, 1,  1,  1,  1,  1, 1,
				       1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1};

static const uint32_t ll_base[36] = {
	0,  1,	2,  3,	4,  5,	6,  7,	8,   9,	  10,  11,   12,   13,	 14,   15,    16,    18,
	20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536};
static const uint8_t ll_bits[36] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	 0,  0,	 0,  0,	 1,  1,
				    1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
static const uint32_t ml_base[53] = {
	3,  4,	5,  6,	7,  8,	9,  10,	 11,  12,  13,	 14,   15,   16,   17,	  18,	 19,   20,
	21, 22, 23, 24, 25, 26, 27, 28,	 29,  30,  31,	 32,   33,   34,   35,	  37,	 39,   41,
	43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051, 4099, 8195, 16387, 32771, 65539};
static const uint8_t ml_bits[53] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  0,  0,  0,  0,  0,  0, 0,
				    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  0,  0,  0,  1,  1,  1, 1,
				    2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

static inline unsigned int highbit32(uint32_t v)
{
	return 31 - __builtin_clz(v);
}

/* --- Backward bitstream ---------------------------------------------- */

struct bitrev {
	uint64_t c;	   /* bits, read from the top */
	unsigned int used; /* bits of c consumed; > 64 means past the start */
	const uint8_t *p, *start;
};

static int br_init(struct bitrev *b, const uint8_t *src, size_t n)
{
	unsigned int i;

	if (!n || !src[n - 1])
		return -EINVAL;
	b->start = src;
	if (n >= 8) {
		b->p = src + n - 8;
		b->c = get_le64(b->p);
		b->used = 8 - highbit32(src[n - 1]);
	} else {
		b->p = src;
		b->c = 0;
		for (i = 0; i < n; i++)
			b->c |= (uint64_t)src[i] << (8 * i);
		b->used = 8 - highbit32(src[n - 1]) + (8 - n) * 8;
	}
	return 0;
}

/* The next @n (0..63) bits, not consumed. */
static inline uint64_t br_peek(const struct bitrev *b, unsigned int n)
{
	return ((b->c << (b->used & 63)) >> 1) >> (63 - n);
}

static inline uint64_t br_read(struct bitrev *b, unsigned int n)
{
	uint64_t v = br_peek(b, n);

	b->used += n;
	return v;
}

/* Refill the container; false once the reads have gone past the start. */
static inline bool br_reload(struct bitrev *b)
{
	size_t n;

	if (unlikely(b->used > 64))
		return false;
	if (likely(b->p - b->start >= 8)) {
		b->p -= b->used >> 3;
		b->used &= 7;
	} else {
		n = min((size_t)(b->used >> 3), (size_t)(b->p - b->start));
		if (!n)
			return true;
		b->p -= n;
		b->used -= n * 8;
	}
	b->c = get_le64(b->p);
	return true;
}

static inline bool br_done(const struct bitrev *b)
{
	return b->p == b->start && b->used == 64;
}

/* --- FSE tables -------------------------------------------------------- */

/* Up to 32 bits from bit @pos of [p, p + n), zeros past the end. */
static uint32_t fwd_bits(const uint8_t *p, size_t n, size_t pos)
{
	uint64_t v = 0;
	size_t i, at = pos >> 3;

	for (i = 0; i < 5 && at + i < n; i++)
		v |= (uint64_t)p[at + i] << (8 * i);
	return v >> (pos & 7);
}

/*
 * An FSE table description at [p, p + n): the accuracy log and the
 * normalised count of each symbol. Returns the bytes it took, or an error.
 */
static long fse_read(const uint8_t *p, size_t n, int16_t *norm, unsigned int maxsym,
		     unsigned int maxlog, unsigned int *logp, unsigned int *nsymp, const char **why)
{
	size_t pos = 4;
	unsigned int al, s = 0;
	int remaining, threshold, nbits;

	if (!n)
		return FAIL(-EINVAL, "zstd: truncated FSE table");
	al = (p[0] & 15) + 5;
	if (al > maxlog)
		return FAIL(-EINVAL, "zstd: FSE accuracy log too large");
	remaining = (1 << al) + 1;
	threshold = 1 << al;
	nbits = al + 1;
	while (remaining > 1) {
		uint32_t v = fwd_bits(p, n, pos);
		int max = (2 * threshold - 1) - remaining, count;

		if (s > maxsym)
			return FAIL(-EINVAL, "zstd: FSE table has too many symbols");
		if ((int)(v & (threshold - 1)) < max) {
			count = v & (threshold - 1);
			pos += nbits - 1;
		} else {
			count = v & (2 * threshold - 1);
			if (count >= threshold)
				count -= max;
			pos += nbits;
		}
		count--;
		remaining -= count < 0 ? -count : count;
		norm[s++] = count;
		if (remaining < 1)
			return FAIL(-EINVAL, "zstd: corrupt FSE table (counts too large)");
		if (!count) {
			unsigned int r;

			/* Runs of zero counts: 2-bit repeat flags, a 3 says another follows. */
			do {
				r = fwd_bits(p, n, pos) & 3;
				pos += 2;
				if (s + r > maxsym + 1)
					return FAIL(-EINVAL,
						    "zstd: FSE table has too many symbols");
				for (unsigned int i = 0; i < r; i++)
					norm[s++] = 0;
			} while (r == 3);
		}
		while (remaining < threshold) {
			nbits--;
			threshold >>= 1;
		}
	}
	if (remaining != 1 || (pos + 7) / 8 > n)
		return FAIL(-EINVAL, "zstd: corrupt or truncated FSE table");
	*logp = al;
	*nsymp = s;
	return (pos + 7) / 8;
}

/* The decoding table for @norm[0..nsym) with accuracy log @al. 0 or -EINVAL. */
static int fse_build(struct fse_entry *t, const int16_t *norm, unsigned int nsym, unsigned int al)
{
	unsigned int size = 1U << al, high = size - 1, pos = 0, step, s, u;
	uint16_t next[64];
	int i;

	for (s = 0; s < nsym; s++) {
		if (norm[s] == -1) {
			t[high--].sym = s;
			next[s] = 1;
		} else {
			next[s] = norm[s];
		}
	}
	step = (size >> 1) + (size >> 3) + 3;
	for (s = 0; s < nsym; s++) {
		for (i = 0; i < norm[s]; i++) {
			t[pos].sym = s;
			do
				pos = (pos + step) & (size - 1);
			while (pos > high);
		}
	}
	if (pos)
		return -EINVAL;
	for (u = 0; u < size; u++) {
		unsigned int ns = next[t[u].sym]++, nb = al - highbit32(ns);

		t[u].nbits = nb;
		t[u].base = (ns << nb) - size;
	}
	return 0;
}

/* --- Huffman literals ------------------------------------------------ */

/* The Huffman tree description at [p, p + n); returns the bytes it took. */
static long huf_read(struct zstd_ws *w, const uint8_t *p, size_t n, const char **why)
{
	uint8_t wt[256];
	unsigned int nw = 0, i, count[HUF_MAX_BITS + 2] = {0}, start[HUF_MAX_BITS + 2];
	uint32_t total = 0, rest, maxbits, pos;
	long used;

	if (!n)
		return FAIL(-EINVAL, "zstd: truncated Huffman tree");
	if (p[0] >= 128) {
		nw = p[0] - 127;
		used = 1 + (nw + 1) / 2;
		if ((size_t)used > n)
			return FAIL(-EINVAL, "zstd: truncated Huffman weights");
		for (i = 0; i < nw; i++)
			wt[i] = i & 1 ? p[1 + i / 2] & 15 : p[1 + i / 2] >> 4;
	} else {
		int16_t norm[16];
		unsigned int al, nsym, s1, s2;
		struct bitrev b;
		long t;

		used = 1 + p[0];
		if ((size_t)used > n || !p[0])
			return FAIL(-EINVAL, "zstd: truncated Huffman weights");
		t = fse_read(p + 1, p[0], norm, 15, 6, &al, &nsym, why);
		if (t < 0)
			return t;
		if (fse_build(w->wt, norm, nsym, al) || br_init(&b, p + 1 + t, p[0] - t))
			return FAIL(-EINVAL, "zstd: corrupt Huffman weights");
		/* Two interleaved states; the stream running out ends it, the other state has the
		 * last say. */
		s1 = br_read(&b, al);
		s2 = br_read(&b, al);
		if (!br_reload(&b))
			return FAIL(-EINVAL, "zstd: corrupt Huffman weights");
		for (;;) {
			if (nw > 253)
				return FAIL(-EINVAL, "zstd: too many Huffman weights");
			wt[nw++] = w->wt[s1].sym;
			s1 = w->wt[s1].base + br_read(&b, w->wt[s1].nbits);
			if (!br_reload(&b)) {
				wt[nw++] = w->wt[s2].sym;
				break;
			}
			wt[nw++] = w->wt[s2].sym;
			s2 = w->wt[s2].base + br_read(&b, w->wt[s2].nbits);
			if (!br_reload(&b)) {
				wt[nw++] = w->wt[s1].sym;
				break;
			}
		}
	}
	for (i = 0; i < nw; i++) {
		if (wt[i] > HUF_MAX_BITS)
			return FAIL(-EINVAL, "zstd: Huffman weight too large");
		if (wt[i])
			total += 1U << (wt[i] - 1);
	}
	if (!total)
		return FAIL(-EINVAL, "zstd: empty Huffman tree");
	maxbits = highbit32(total) + 1;
	rest = (1U << maxbits) - total;
	if (maxbits > HUF_MAX_BITS || (rest & (rest - 1)))
		return FAIL(-EINVAL, "zstd: Huffman weights do not form a tree");
	wt[nw++] = highbit32(rest) + 1;
	for (i = 0; i < nw; i++)
		count[wt[i]]++;
	pos = 0;
	for (i = 1; i <= maxbits; i++) {
		start[i] = pos;
		pos += count[i] << (i - 1);
	}
	for (i = 0; i < nw; i++) {
		unsigned int wi = wt[i], j, len;

		if (!wi)
			continue;
		len = 1U << (wi - 1);
		for (j = 0; j < len; j++)
			w->huf[start[wi] + j] = (struct huf_entry){i, maxbits + 1 - wi};
		start[wi] += len;
	}
	w->huf_bits = maxbits;
	w->huf_ok = true;
	return used;
}

/* One Huffman stream [src, src + n) into exactly @count bytes at @op. */
static int huf_stream(const struct zstd_ws *w, const uint8_t *src, size_t n, uint8_t *op,
		      size_t count)
{
	const struct huf_entry *t = w->huf;
	const unsigned int bits = w->huf_bits;
	uint8_t *oend = op + count;
	struct bitrev b;

	if (br_init(&b, src, n))
		return -EINVAL;
	while (oend - op >= 4) {
		unsigned int k;

		if (!br_reload(&b))
			return -EINVAL;
		for (k = 0; k < 4; k++) {
			struct huf_entry e = t[br_peek(&b, bits)];

			*op++ = e.sym;
			b.used += e.nbits;
		}
	}
	while (op < oend) {
		struct huf_entry e;

		if (!br_reload(&b))
			return -EINVAL;
		e = t[br_peek(&b, bits)];
		*op++ = e.sym;
		b.used += e.nbits;
	}
	if (!br_reload(&b) || !br_done(&b))
		return -EINVAL;
	return 0;
}

/*
 * The literals section at [p, p + n): decoded into w->lits. Returns the
 * bytes it took; *lits and *nlits say where the literals are.
 */
static long literals(struct zstd_ws *w, const uint8_t *p, size_t n, const uint8_t **lits,
		     size_t *nlits, const char **why)
{
	unsigned int type = p[0] & 3, fmt = (p[0] >> 2) & 3;
	size_t hsize, regen, csize = 0, total;
	bool four = false;

	if (type < 2) {
		hsize = fmt == 1 ? 2 : fmt == 3 ? 3 : 1;
		if (n < hsize)
			return FAIL(-EINVAL, "zstd: truncated literals header");
		regen = fmt == 1   ? (p[0] >> 4) | (size_t)p[1] << 4
			: fmt == 3 ? (p[0] >> 4) | (size_t)p[1] << 4 | (size_t)p[2] << 12
				   : p[0] >> 3;
		if (regen > BLOCK_MAX)
			return FAIL(-EINVAL, "zstd: literals larger than a block");
		if (type == 0) {
			if (n - hsize < regen)
				return FAIL(-EINVAL, "zstd: truncated raw literals");
			*lits = p + hsize;
			*nlits = regen;
			return hsize + regen;
		}
		if (n - hsize < 1)
			return FAIL(-EINVAL, "zstd: truncated RLE literals");
		memset(w->lits, p[hsize], regen);
		*lits = w->lits;
		*nlits = regen;
		return hsize + 1;
	}
	hsize = fmt < 2 ? 3 : fmt == 2 ? 4 : 5;
	if (n < hsize)
		return FAIL(-EINVAL, "zstd: truncated literals header");
	four = fmt != 0;
	if (hsize == 3) {
		uint32_t v = p[0] | p[1] << 8 | p[2] << 16;

		regen = (v >> 4) & 0x3ff;
		csize = (v >> 14) & 0x3ff;
	} else if (hsize == 4) {
		uint32_t v = get_le32(p);

		regen = (v >> 4) & 0x3fff;
		csize = v >> 18;
	} else {
		uint64_t v = get_le32(p) | (uint64_t)p[4] << 32;

		regen = (v >> 4) & 0x3ffff;
		csize = (v >> 22) & 0x3ffff;
	}
	if (regen > BLOCK_MAX)
		return FAIL(-EINVAL, "zstd: literals larger than a block");
	if (csize > n - hsize)
		return FAIL(-EINVAL, "zstd: truncated compressed literals");
	total = hsize + csize;
	p += hsize;
	if (type == 2) {
		long t = huf_read(w, p, csize, why);

		if (t < 0)
			return t;
		p += t;
		csize -= t;
	} else if (!w->huf_ok) {
		return FAIL(-EINVAL, "zstd: treeless literals without an earlier tree");
	}
	if (!four) {
		if (huf_stream(w, p, csize, w->lits, regen))
			return FAIL(-EINVAL, "zstd: corrupt Huffman literals");
	} else {
		size_t s1, s2, s3, s4, q = (regen + 3) / 4;

		if (csize < 6 || 3 * q > regen)
			return FAIL(-EINVAL, "zstd: corrupt 4-stream literals");
		s1 = get_le16(p);
		s2 = get_le16(p + 2);
		s3 = get_le16(p + 4);
		if (s1 + s2 + s3 > csize - 6)
			return FAIL(-EINVAL, "zstd: corrupt 4-stream literals jump table");
		s4 = csize - 6 - s1 - s2 - s3;
		p += 6;
		if (huf_stream(w, p, s1, w->lits, q) || huf_stream(w, p + s1, s2, w->lits + q, q) ||
		    huf_stream(w, p + s1 + s2, s3, w->lits + 2 * q, q) ||
		    huf_stream(w, p + s1 + s2 + s3, s4, w->lits + 3 * q, regen - 3 * q))
			return FAIL(-EINVAL, "zstd: corrupt Huffman literals");
	}
	*lits = w->lits;
	*nlits = regen;
	return total;
}

/* --- Sequences -------------------------------------------------------- */

/* One of the three code tables, per its 2-bit mode. Returns the bytes it took. */
static long seq_table(struct fse_entry *t, unsigned int *logp, bool *ok, unsigned int mode,
		      const uint8_t *p, size_t n, const int16_t *def, unsigned int ndef,
		      unsigned int deflog, unsigned int maxsym, unsigned int maxlog,
		      const char **why)
{
	int16_t norm[64];
	unsigned int al, nsym;
	long used;

	switch (mode) {
	case 0:
		fse_build(t, def, ndef, deflog);
		*logp = deflog;
		*ok = true;
		return 0;
	case 1:
		if (!n || p[0] > maxsym)
			return FAIL(-EINVAL, "zstd: bad RLE sequence code");
		t[0] = (struct fse_entry){p[0], 0, 0};
		*logp = 0;
		*ok = true;
		return 1;
	case 2:
		used = fse_read(p, n, norm, maxsym, maxlog, &al, &nsym, why);
		if (used < 0)
			return used;
		if (fse_build(t, norm, nsym, al))
			return FAIL(-EINVAL, "zstd: corrupt FSE table");
		*logp = al;
		*ok = true;
		return used;
	default:
		if (!*ok)
			return FAIL(-EINVAL, "zstd: repeated table without an earlier one");
		return 0;
	}
}

struct zstd_frame {
	uint8_t *out, *op, *oend;
	const uint8_t *fstart; /* the frame's first output byte */
	uint64_t window;
	uint32_t rep[3];
};

/* The sequences section at [p, p + n), executed with @lits; appends the block's output. */
static long sequences(struct zstd_ws *w, struct zstd_frame *f, const uint8_t *p, size_t n,
		      const uint8_t *lits, size_t nlits, const char **why)
{
	const uint8_t *pend = p + n, *lend = lits + nlits;
	uint8_t *op = f->op;
	const uint8_t *oend = f->oend;
	unsigned int nseq, modes, lls, mls, ofs;
	struct bitrev b;
	long t;

	if (!n)
		return FAIL(-EINVAL, "zstd: truncated sequences header");
	nseq = *p++;
	if (nseq >= 128) {
		if (nseq == 255) {
			if (pend - p < 2)
				return FAIL(-EINVAL, "zstd: truncated sequences header");
			nseq = get_le16(p) + 0x7f00;
			p += 2;
		} else {
			if (pend - p < 1)
				return FAIL(-EINVAL, "zstd: truncated sequences header");
			nseq = ((nseq - 128) << 8) + *p++;
		}
	}
	if (!nseq) {
		if (p != pend)
			return FAIL(-EINVAL, "zstd: bytes after an empty sequences section");
		goto last_literals;
	}
	if (p >= pend)
		return FAIL(-EINVAL, "zstd: truncated sequences header");
	modes = *p++;
	if (modes & 3)
		return FAIL(-EINVAL, "zstd: reserved bits in sequence modes");
	t = seq_table(w->ll, &w->ll_log, &w->ll_ok, modes >> 6, p, pend - p, ll_default, 36, 6,
		      LL_MAX_SYM, LL_MAX_LOG, why);
	if (t < 0)
		return t;
	p += t;
	t = seq_table(w->of, &w->of_log, &w->of_ok, (modes >> 4) & 3, p, pend - p, of_default, 29,
		      5, OF_MAX_SYM, OF_MAX_LOG, why);
	if (t < 0)
		return t;
	p += t;
	t = seq_table(w->ml, &w->ml_log, &w->ml_ok, (modes >> 2) & 3, p, pend - p, ml_default, 53,
		      6, ML_MAX_SYM, ML_MAX_LOG, why);
	if (t < 0)
		return t;
	p += t;
	if (br_init(&b, p, pend - p))
		return FAIL(-EINVAL, "zstd: corrupt sequences bitstream");
	lls = br_read(&b, w->ll_log);
	ofs = br_read(&b, w->of_log);
	mls = br_read(&b, w->ml_log);
	while (nseq--) {
		const struct fse_entry *le = &w->ll[lls], *me = &w->ml[mls], *oe = &w->of[ofs];
		uint32_t ofv, off;
		size_t ll, ml;

		if (!br_reload(&b))
			goto err_stream;
		ofv = (1U << oe->sym) + (uint32_t)br_read(&b, oe->sym);
		if (!br_reload(&b))
			goto err_stream;
		ml = ml_base[me->sym] + br_read(&b, ml_bits[me->sym]);
		ll = ll_base[le->sym] + br_read(&b, ll_bits[le->sym]);
		if (ofv > 3) {
			off = ofv - 3;
			f->rep[2] = f->rep[1];
			f->rep[1] = f->rep[0];
			f->rep[0] = off;
		} else {
			unsigned int idx = ofv - 1 + !ll;

			if (idx == 0) {
				off = f->rep[0];
			} else {
				off = idx == 3 ? f->rep[0] - 1 : f->rep[idx];
				if (idx != 1)
					f->rep[2] = f->rep[1];
				f->rep[1] = f->rep[0];
				f->rep[0] = off;
			}
		}
		if (nseq) {
			if (!br_reload(&b))
				goto err_stream;
			lls = le->base + br_read(&b, le->nbits);
			mls = me->base + br_read(&b, me->nbits);
			ofs = oe->base + br_read(&b, oe->nbits);
		}
		if (unlikely(ll > (size_t)(lend - lits)))
			return FAIL(-EINVAL,
				    "zstd: sequence uses more literals than the block has");
		if (unlikely(ll + ml > (size_t)(oend - op)))
			return FAIL(-ENOSPC, "zstd: output larger than the buffer");
		if (likely((size_t)(lend - lits) >= ll + 8 && (size_t)(oend - op) >= ll + 8))
			copy_lits(op, lits, ll, true);
		else
			memcpy(op, lits, ll);
		op += ll;
		lits += ll;
		if (unlikely(!off || off > (size_t)(op - f->fstart) || off > f->window))
			return FAIL(-EINVAL, "zstd: match offset beyond the window");
		op = copy_match(op, off, ml, oend);
	}
	if (!br_reload(&b) || !br_done(&b))
		goto err_stream;

last_literals:
	if ((size_t)(lend - lits) > (size_t)(oend - op))
		return FAIL(-ENOSPC, "zstd: output larger than the buffer");
	memcpy(op, lits, lend - lits);
	op += lend - lits;
	f->op = op;
	return 0;

err_stream:
	return FAIL(-EINVAL, "zstd: corrupt sequences bitstream");
}

/* --- Frames ------------------------------------------------------------ */

#define P1 11400714785074694791ULL
#define P2 14029467366897019727ULL
#define P3 1609587929392839161ULL
#define P4 9650029242287828579ULL
#define P5 2870177450012600261ULL

static inline uint64_t rotl64(uint64_t x, unsigned int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t xxh_round(uint64_t acc, uint64_t v)
{
	return rotl64(acc + v * P2, 31) * P1;
}

static inline uint64_t xxh_merge(uint64_t h, uint64_t v)
{
	return (h ^ xxh_round(0, v)) * P1 + P4;
}

/* XXH64 with seed 0, the frame checksum's hash. */
static uint64_t xxh64(const uint8_t *p, size_t n)
{
	const uint8_t *e = p + n;
	uint64_t h;

	if (n >= 32) {
		uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = -P1;

		do {
			v1 = xxh_round(v1, get_le64(p));
			v2 = xxh_round(v2, get_le64(p + 8));
			v3 = xxh_round(v3, get_le64(p + 16));
			v4 = xxh_round(v4, get_le64(p + 24));
			p += 32;
		} while (e - p >= 32);
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
		h = xxh_merge(xxh_merge(xxh_merge(xxh_merge(h, v1), v2), v3), v4);
	} else {
		h = P5;
	}
	h += n;
	for (; e - p >= 8; p += 8)
		h = rotl64(h ^ xxh_round(0, get_le64(p)), 27) * P1 + P4;
	if (e - p >= 4) {
		h = rotl64(h ^ (uint64_t)get_le32(p) * P1, 23) * P2 + P3;
		p += 4;
	}
	for (; p < e; p++)
		h = rotl64(h ^ *p * P5, 11) * P1;
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	return h ^ (h >> 32);
}

/* One frame at *ipp (magic checked); output appended at f->op. */
static long zstd_frame(struct zstd_ws *w, struct zstd_frame *f, const uint8_t **ipp,
		       const uint8_t *iend, const char **why)
{
	const uint8_t *ip = *ipp + 4;
	unsigned int fhd, fcs_size, did_size;
	uint64_t fcs = ~0ULL;
	bool single, last = false;

	if (iend - ip < 1)
		return FAIL(-EINVAL, "zstd: truncated frame header");
	fhd = *ip++;
	single = fhd & 0x20;
	if (fhd & 0x08)
		return FAIL(-EINVAL, "zstd: reserved frame header bit set");
	did_size = (unsigned int[]){0, 1, 2, 4}[fhd & 3];
	fcs_size = (unsigned int[]){0, 2, 4, 8}[fhd >> 6];
	if (!fcs_size && single)
		fcs_size = 1;
	if ((size_t)(iend - ip) < !single + did_size + fcs_size)
		return FAIL(-EINVAL, "zstd: truncated frame header");
	if (!single) {
		unsigned int e = *ip >> 3, m = *ip & 7;
		uint64_t base = 1ULL << (10 + e);

		f->window = base + (base / 8) * m;
		ip++;
		if (f->window > DECOMP_MAX_WINDOW)
			return FAIL(-ERANGE, "zstd: window larger than allowed (128 MiB)");
	}
	if (did_size) {
		uint32_t id = 0;
		unsigned int i;

		for (i = 0; i < did_size; i++)
			id |= (uint32_t)ip[i] << (8 * i);
		ip += did_size;
		if (id)
			return FAIL(-EOPNOTSUPP, "zstd: frame needs a dictionary");
	}
	if (fcs_size) {
		fcs = fcs_size == 1   ? *ip
		      : fcs_size == 2 ? get_le16(ip) + 256U
		      : fcs_size == 4 ? get_le32(ip)
				      : get_le64(ip);
		ip += fcs_size;
		if (fcs > (uint64_t)(f->oend - f->op))
			return FAIL(-ENOSPC, "zstd: content size larger than the buffer");
	}
	if (single)
		f->window = fcs;
	f->fstart = f->op;
	f->rep[0] = 1;
	f->rep[1] = 4;
	f->rep[2] = 8;
	w->ll_ok = w->ml_ok = w->of_ok = w->huf_ok = false;

	while (!last) {
		uint32_t bh, size;
		unsigned int type;

		if (iend - ip < 3)
			return FAIL(-EINVAL, "zstd: truncated block header");
		bh = ip[0] | ip[1] << 8 | ip[2] << 16;
		ip += 3;
		last = bh & 1;
		type = (bh >> 1) & 3;
		size = bh >> 3;
		if (size > BLOCK_MAX)
			return FAIL(-EINVAL, "zstd: block larger than 128 KiB");
		if (type == 1) {
			if (iend - ip < 1)
				return FAIL(-EINVAL, "zstd: truncated RLE block");
			if (size > (size_t)(f->oend - f->op))
				return FAIL(-ENOSPC, "zstd: output larger than the buffer");
			memset(f->op, *ip++, size);
			f->op += size;
			continue;
		}
		if (size > (size_t)(iend - ip))
			return FAIL(-EINVAL, "zstd: truncated block");
		if (type == 0) {
			if (size > (size_t)(f->oend - f->op))
				return FAIL(-ENOSPC, "zstd: output larger than the buffer");
			memcpy(f->op, ip, size);
			f->op += size;
		} else if (type == 2) {
			const uint8_t *lits;
			size_t nlits;
			long t;

			if (!size)
				return FAIL(-EINVAL, "zstd: empty compressed block");
			t = literals(w, ip, size, &lits, &nlits, why);
			if (t < 0)
				return t;
			t = sequences(w, f, ip + t, size - t, lits, nlits, why);
			if (t < 0)
				return t;
		} else {
			return FAIL(-EINVAL, "zstd: reserved block type");
		}
		ip += size;
	}
	if (fcs != ~0ULL && fcs != (uint64_t)(f->op - f->fstart))
		return FAIL(-EINVAL, "zstd: output size differs from the frame's content size");
	if (fhd & 0x04) {
		if (iend - ip < 4)
			return FAIL(-EINVAL, "zstd: truncated checksum");
		if ((uint32_t)xxh64(f->fstart, f->op - f->fstart) != get_le32(ip))
			return FAIL(-EBADMSG, "zstd: XXH64 checksum of the data does not match");
		ip += 4;
	}
	*ipp = ip;
	return 0;
}

long decomp_unzstd(const uint8_t *in, size_t inlen, uint8_t *out, size_t cap, const char **why)
{
	struct zstd_frame f = {.out = out, .op = out, .oend = out + cap};
	const uint8_t *ip = in, *iend = in + inlen;
	struct zstd_ws *w;
	long rc = 0;

	if (inlen < 4 || get_le32(in) != ZSTD_MAGIC)
		return FAIL(-EINVAL, "zstd: bad magic");
	w = xmalloc(struct zstd_ws);
	if (!w)
		return FAIL(-ENOMEM, "zstd: no memory for the decoder");
	while (!rc && ip < iend) {
		uint32_t magic;

		if (iend - ip < 4) {
			rc = FAIL(-EINVAL, "zstd: trailing bytes after the last frame");
			break;
		}
		magic = get_le32(ip);
		if ((magic & ~15U) == ZSTD_SKIP_MAGIC) {
			uint32_t len;

			if (iend - ip < 8 || (len = get_le32(ip + 4)) > (size_t)(iend - ip - 8)) {
				rc = FAIL(-EINVAL, "zstd: truncated skippable frame");
				break;
			}
			ip += 8 + len;
			continue;
		}
		if (magic != ZSTD_MAGIC) {
			rc = FAIL(-EINVAL, "zstd: trailing bytes after the last frame");
			break;
		}
		rc = zstd_frame(w, &f, &ip, iend, why);
	}
	xfree(w);
	return rc ? rc : f.op - out;
}
