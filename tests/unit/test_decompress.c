// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel image decoders (common/decompress/) against the libraries
 * that write the formats: data of many sizes and kinds (empty, one byte,
 * random, compressible, x86-like code) compressed by liblzma, liblz4,
 * zlib and libzstd with the options that matter, decompressed by ours,
 * byte-identical. Then hostile input: every truncation of a small stream,
 * thousands of random byte corruptions (an error or some bytes, never a
 * fault: the binary runs under ASan), sizes that lie, dictionaries and
 * windows above the limit, and bzImage headers that point outside the
 * image.
 */
#include "unit.h"
#include "hv-begin.h"
#include "../../xen-like/common/string.c"
#include "../../xen-like/common/decompress/decompress.c"
#include "../../xen-like/common/decompress/inflate.c"
#include "../../xen-like/common/decompress/unxz.c"
#include "../../xen-like/common/decompress/unlz4.c"
#include "../../xen-like/common/decompress/unzstd.c"
#include "hv-end.h"

#include <lz4.h>
#include <lz4hc.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

void *xmalloc_bytes(size_t size)
{
	return malloc(size);
}

void xfree(void *p)
{
	free(p);
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng >> 16;
}

enum kind { K_RANDOM, K_TEXT, K_ZERO, K_CODE, NR_KINDS };
static const char *const kind_names[] = {"random", "text", "zero", "code"};

static uint8_t *make_data(enum kind k, size_t n)
{
	static const char *const words[] = {"the ", "kernel ", "xen ",	     "page ",	"table ",
					    "\n",   "domain ", "0123456789", "evtchn ", "{}"};
	uint8_t *p = malloc(n + 1);
	size_t i = 0;

	while (i < n) {
		switch (k) {
		case K_RANDOM:
			p[i++] = rnd();
			break;
		case K_ZERO:
			p[i++] = 0;
			break;
		case K_TEXT: {
			const char *w = words[rnd() % 10];

			while (*w && i < n)
				p[i++] = *w++;
			break;
		}
		case K_CODE:
			/* Calls and jumps with near targets among random-ish opcodes. */
			if (rnd() % 6 == 0 && n - i >= 5) {
				uint32_t t = (rnd() % 0x20000) - 0x10000;

				p[i++] = rnd() & 1 ? 0xe8 : 0xe9;
				memcpy(p + i, &t, 4);
				i += 4;
			} else {
				p[i++] = rnd() % 4
						 ? (uint8_t) "\x48\x89\xe5\x55\x90\xc3\x0f"[rnd() %
											    7]
						 : (uint8_t)rnd();
			}
			break;
		default:
			abort();
		}
	}
	return p;
}

/* --- Encoders (the oracles) ------------------------------------------- */

static size_t enc_xz(const uint8_t *in, size_t n, uint8_t **out, lzma_check check, bool x86,
		     uint32_t dict, uint32_t preset)
{
	lzma_options_lzma opt;
	lzma_filter f[3];
	size_t cap = n + n / 2 + 4096, pos = 0;
	unsigned int i = 0;

	lzma_lzma_preset(&opt, preset);
	if (dict)
		opt.dict_size = dict;
	if (x86)
		f[i++] = (lzma_filter){LZMA_FILTER_X86, NULL};
	f[i++] = (lzma_filter){LZMA_FILTER_LZMA2, &opt};
	f[i] = (lzma_filter){LZMA_VLI_UNKNOWN, NULL};
	*out = malloc(cap);
	if (lzma_stream_buffer_encode(f, check, NULL, in, n, *out, &pos, cap) != LZMA_OK)
		abort();
	return pos;
}

/* Linux's `lz4 -l`: the magic, then blocks of @bs input bytes each. */
static size_t enc_lz4(const uint8_t *in, size_t n, uint8_t **out, size_t bs, int hc)
{
	size_t cap = 4 + (n / bs + 1) * (4 + LZ4_compressBound(bs)), pos = 4, i;

	*out = malloc(cap);
	memcpy(*out, "\x02\x21\x4c\x18", 4);
	for (i = 0; i < n; i += bs) {
		int len = n - i < bs ? n - i : bs, c;

		c = hc ? LZ4_compress_HC((const char *)in + i, (char *)*out + pos + 4, len,
					 LZ4_compressBound(len), hc)
		       : LZ4_compress_default((const char *)in + i, (char *)*out + pos + 4, len,
					      LZ4_compressBound(len));
		if (c <= 0)
			abort();
		memcpy(*out + pos, &c, 4);
		pos += 4 + c;
	}
	return pos;
}

static size_t enc_gzip(const uint8_t *in, size_t n, uint8_t **out, int level, int strategy,
		       bool fancy_header)
{
	z_stream z = {0};
	gz_header h = {0};
	size_t cap;

	if (deflateInit2(&z, level, Z_DEFLATED, 31, 8, strategy) != Z_OK)
		abort();
	if (fancy_header) {
		h.extra = (Bytef *)"extra!";
		h.extra_len = 6;
		h.name = (Bytef *)"vmlinux";
		h.comment = (Bytef *)"a comment";
		h.hcrc = 1;
		deflateSetHeader(&z, &h);
	}
	cap = deflateBound(&z, n) + 64;
	*out = malloc(cap);
	z.next_in = (Bytef *)in;
	z.avail_in = n;
	z.next_out = *out;
	z.avail_out = cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	deflateEnd(&z);
	return z.total_out;
}

static size_t enc_zstd(const uint8_t *in, size_t n, uint8_t **out, int level, bool checksum,
		       bool content_size)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t cap = ZSTD_compressBound(n), r;

	*out = malloc(cap);
	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, checksum);
	ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, content_size);
	r = ZSTD_compress2(c, *out, cap, in, n);
	if (ZSTD_isError(r))
		abort();
	ZSTD_freeCCtx(c);
	return r;
}

/* --- Round trips ---------------------------------------------------- */

typedef long (*decoder_fn)(const uint8_t *, size_t, uint8_t *, size_t, const char **);

static void check_roundtrip(const char *what, decoder_fn dec, const uint8_t *z, size_t zn,
			    const uint8_t *want, size_t n)
{
	uint8_t *out = malloc(n + 1);
	const char *why = "(none)";
	long r = dec(z, zn, out, n, &why);

	CHECK(r == (long)n, "%s: expected %zu bytes, got %ld (%s)", what, n, r, r < 0 ? why : "");
	if (r == (long)n)
		CHECK(!memcmp(out, want, n), "%s: output differs", what);
	/* One byte less room than needed must be refused. */
	if (n) {
		r = dec(z, zn, out, n - 1, &why);
		CHECK(r == -XEN_ENOSPC, "%s: buffer one byte short: expected -ENOSPC, got %ld",
		      what, r);
	}
	free(out);
}

static const size_t sizes[] = {0, 1, 2, 5, 100, 4096, 65537, 300000, 1 << 20, 3 << 20};

static void test_roundtrips(void)
{
	unsigned int s, k, v;
	char what[160];

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		for (k = 0; k < NR_KINDS; k++) {
			size_t n = sizes[s], zn;
			uint8_t *data = make_data(k, n), *z;
			/* The big sizes get the options Linux uses (first) and a few more. */
			unsigned int nvar = n >= (3 << 20) ? 1 : n >= (1 << 20) ? 3 : 99;

			/* xz: check types, BCJ on and off, dictionary sizes, presets. */
			static const struct {
				lzma_check check;
				bool x86;
				uint32_t dict, preset;
			} xz[] = {
				{LZMA_CHECK_CRC32, true, 0, 6}, /* Linux's xz_wrap.sh shape */
				{LZMA_CHECK_CRC64, false, 0, 6},
				{LZMA_CHECK_NONE, false, 1 << 16, 0},
				{LZMA_CHECK_CRC32, false, 1 << 20, 9},
				{LZMA_CHECK_CRC64, true, 32 << 20, 1},
				{LZMA_CHECK_CRC32, true, 4096, 6 | LZMA_PRESET_EXTREME},
			};
			for (v = 0; v < ARRAY_SIZE(xz); v++) {
				if (v >= nvar)
					break;
				zn = enc_xz(data, n, &z, xz[v].check, xz[v].x86, xz[v].dict,
					    xz[v].preset);
				snprintf(what, sizeof(what),
					 "xz %s %zu check %d x86 %d dict %u preset %#x",
					 kind_names[k], n, xz[v].check, xz[v].x86, xz[v].dict,
					 xz[v].preset);
				check_roundtrip(what, decomp_unxz, z, zn, data, n);
				free(z);
			}
			/* lz4 legacy: 8 MiB blocks as `lz4 -l`, small blocks, HC. */
			static const struct {
				size_t bs;
				int hc;
			} lz4[] = {{8 << 20, 0}, {4096, 0}, {65536, 9}, {1 << 20, 12}};
			for (v = 0; v < ARRAY_SIZE(lz4) && v < nvar; v++) {
				if (!n)
					continue;
				zn = enc_lz4(data, n, &z, lz4[v].bs, lz4[v].hc);
				snprintf(what, sizeof(what), "lz4 %s %zu block %zu hc %d",
					 kind_names[k], n, lz4[v].bs, lz4[v].hc);
				check_roundtrip(what, decomp_unlz4, z, zn, data, n);
				free(z);
			}
			/* gzip: levels, strategies (fixed codes, Huffman only, RLE), header fields.
			 */
			static const struct {
				int level, strategy;
				bool fancy;
			} gz[] = {{9, Z_DEFAULT_STRATEGY, false}, {1, Z_DEFAULT_STRATEGY, true},
				  {0, Z_DEFAULT_STRATEGY, false}, {6, Z_FIXED, false},
				  {6, Z_HUFFMAN_ONLY, false},	  {6, Z_RLE, true}};
			for (v = 0; v < ARRAY_SIZE(gz); v++) {
				if (v >= nvar)
					break;
				zn = enc_gzip(data, n, &z, gz[v].level, gz[v].strategy,
					      gz[v].fancy);
				snprintf(what, sizeof(what), "gzip %s %zu level %d strategy %d",
					 kind_names[k], n, gz[v].level, gz[v].strategy);
				check_roundtrip(what, decomp_gunzip, z, zn, data, n);
				free(z);
			}
			/* zstd: levels (negative to ultra), checksum, content size. */
			static const struct {
				int level;
				bool checksum, csize;
			} zs[] = {{3, true, true},
				  {19, false, true},
				  {-5, true, false},
				  {1, false, false},
				  {22, true, true}};
			for (v = 0; v < ARRAY_SIZE(zs); v++) {
				if (v >= nvar)
					break;
				zn = enc_zstd(data, n, &z, zs[v].level, zs[v].checksum,
					      zs[v].csize);
				snprintf(what, sizeof(what), "zstd %s %zu level %d checksum %d",
					 kind_names[k], n, zs[v].level, zs[v].checksum);
				check_roundtrip(what, decomp_unzstd, z, zn, data, n);
				free(z);
			}
			free(data);
		}
	}
}

/* --- Hostile input -------------------------------------------------- */

struct sample {
	const char *name;
	decoder_fn dec;
	uint8_t *z;
	size_t zn, n;
};

static void make_samples(struct sample *s, const uint8_t *data, size_t n)
{
	s[0] = (struct sample){"xz", decomp_unxz, NULL, 0, n};
	s[0].zn = enc_xz(data, n, &s[0].z, LZMA_CHECK_CRC32, true, 1 << 20, 6);
	s[1] = (struct sample){"xz-crc64", decomp_unxz, NULL, 0, n};
	s[1].zn = enc_xz(data, n, &s[1].z, LZMA_CHECK_CRC64, false, 1 << 16, 1);
	s[2] = (struct sample){"lz4", decomp_unlz4, NULL, 0, n};
	s[2].zn = enc_lz4(data, n, &s[2].z, 1024, 0);
	s[3] = (struct sample){"gzip", decomp_gunzip, NULL, 0, n};
	s[3].zn = enc_gzip(data, n, &s[3].z, 9, Z_DEFAULT_STRATEGY, true);
	s[4] = (struct sample){"zstd", decomp_unzstd, NULL, 0, n};
	s[4].zn = enc_zstd(data, n, &s[4].z, 19, true, true);
}

#define NR_SAMPLES 5

/*
 * Every truncation is an error, except for lz4 cut at a block boundary:
 * the legacy frame has no end mark, and only a bzImage's declared size
 * catches that (tested there).
 */
static void test_truncation(const struct sample *s)
{
	uint8_t *out = malloc(s->n);
	size_t cut;

	for (cut = 0; cut < s->zn; cut++) {
		uint8_t *t = malloc(cut + 1); /* exactly @cut bytes visible to ASan */
		const char *why = NULL;
		long r;

		memcpy(t, s->z, cut);
		r = s->dec(t, cut, out, s->n, &why);
		free(t);
		if (s->dec == decomp_unlz4 && r >= 0 && r < (long)s->n)
			continue;
		CHECK(r < 0 && why, "%s truncated to %zu of %zu bytes: expected an error, got %ld",
		      s->name, cut, s->zn, r);
	}
	free(out);
}

static void test_corruption(const struct sample *s, unsigned int rounds)
{
	uint8_t *t = malloc(s->zn), *out = malloc(s->n);
	unsigned int i, errors = 0;

	for (i = 0; i < rounds; i++) {
		const char *why = NULL;
		size_t at = rnd() % s->zn;
		long r;

		memcpy(t, s->z, s->zn);
		t[at] ^= 1 + rnd() % 255;
		if (rnd() % 4 == 0)
			t[rnd() % s->zn] = rnd();
		r = s->dec(t, s->zn, out, s->n, &why);
		CHECK(r <= (long)s->n, "%s corrupted: %ld bytes out of a %zu-byte buffer", s->name,
		      r, s->n);
		if (r < 0) {
			CHECK(why != NULL, "%s corrupted: error %ld without a reason", s->name, r);
			errors++;
		}
	}
	/* Checksums catch nearly every corruption in these formats; lz4 has none. */
	CHECK(s->dec == decomp_unlz4 || errors > rounds * 9 / 10,
	      "%s: only %u of %u corruptions detected", s->name, errors, rounds);
	free(t);
	free(out);
}

/* Set the LZMA2 dictionary byte of the block header at @hdr and fix its CRC. */
static void xz_set_dict(uint8_t *hdr, uint8_t bits)
{
	size_t hs = (hdr[0] + 1) * 4, i;
	uint32_t c;

	/* Past the size fields liblzma writes: filter id 0x21, properties size 1. */
	for (i = 2; i + 2 < hs && !(hdr[i] == 0x21 && hdr[i + 1] == 1); i++)
		;
	hdr[i + 2] = bits;
	c = crc32(0, hdr, hs - 4);
	memcpy(hdr + hs - 4, &c, 4);
}

/* Dictionary sizes above the limit (a "dictionary bomb"), and unsupported checks. */
static void test_xz_limits(void)
{
	uint8_t *data = make_data(K_TEXT, 5000), *z, out[5000];
	size_t zn = enc_xz(data, 5000, &z, LZMA_CHECK_CRC32, false, 1 << 20, 6);
	uint8_t *hdr = z + 12;
	const char *why = NULL;
	long r;

	xz_set_dict(hdr, 40); /* 4 GiB - 1 */
	r = decomp_unxz(z, zn, out, sizeof(out), &why);
	CHECK(r == -XEN_ERANGE, "xz dictionary 4 GiB: expected -ERANGE, got %ld (%s)", r, why);
	xz_set_dict(hdr, 37); /* 768 MiB */
	r = decomp_unxz(z, zn, out, sizeof(out), &why);
	CHECK(r == -XEN_ERANGE, "xz dictionary 768 MiB: expected -ERANGE, got %ld (%s)", r, why);
	xz_set_dict(hdr, 41);
	r = decomp_unxz(z, zn, out, sizeof(out), &why);
	CHECK(r == -XEN_EINVAL, "xz dictionary byte 41: expected -EINVAL, got %ld (%s)", r, why);
	xz_set_dict(hdr, 20); /* 1 MiB again: decodes */
	r = decomp_unxz(z, zn, out, sizeof(out), &why);
	CHECK(r == 5000, "xz dictionary 1 MiB: expected 5000, got %ld (%s)", r, why);
	/* A bad header CRC. */
	hdr[1] ^= 0x40;
	r = decomp_unxz(z, zn, out, sizeof(out), &why);
	CHECK(r == -XEN_EBADMSG, "xz block header CRC: expected -EBADMSG, got %ld (%s)", r, why);
	free(z);

	/* SHA-256 streams are refused cleanly. */
	zn = enc_xz(data, 5000, &z, LZMA_CHECK_SHA256, false, 1 << 20, 6);
	r = decomp_unxz(z, zn, out, sizeof(out), &why);
	CHECK(r == -XEN_EOPNOTSUPP, "xz SHA-256: expected -EOPNOTSUPP, got %ld", r);
	free(z);
	free(data);
}

/* An lz4 block claiming to expand past 8 MiB, and matches before the block. */
static void test_lz4_limits(void)
{
	size_t n = 9 << 20, zn;
	uint8_t *data = make_data(K_ZERO, n), *z, *out = malloc(n);
	const char *why = NULL;
	long r;

	zn = enc_lz4(data, n, &z, n, 0); /* one 9 MiB block: Linux would refuse it too */
	r = decomp_unlz4(z, zn, out, n, &why);
	CHECK(r == -XEN_EINVAL, "lz4 9 MiB block: expected -EINVAL, got %ld (%s)", r, why);
	free(z);
	/* An offset reaching before the block. */
	{
		static const uint8_t bad[] = {0x02, 0x21, 0x4c, 0x18, 7,    0,	  0,
					      0,    0x14, 'a',	0x05, 0x00, 0x10, 'b'};
		r = decomp_unlz4(bad, sizeof(bad), out, n, &why);
		CHECK(r == -XEN_EINVAL, "lz4 offset before the block: expected -EINVAL, got %ld",
		      r);
	}
	free(data);
	free(out);
}

/* zstd frame headers: a window above DECOMP_MAX_WINDOW, a dictionary, a content size past the
 * buffer. */
static void test_zstd_limits(void)
{
	static const struct {
		const char *what;
		uint8_t hdr[10];
		size_t len;
		long rc;
	} cases[] = {
		/* Magic, descriptor, window descriptor (exponent 31), a block that never comes. */
		{"2 TiB window",
		 {0x28, 0xb5, 0x2f, 0xfd, 0x00, 0xf8, 0x01, 0x00, 0x00},
		 9,
		 -XEN_ERANGE},
		{"256 MiB window",
		 {0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x90, 0x01, 0x00, 0x00},
		 9,
		 -XEN_ERANGE},
		/* Dictionary id 5 (1 byte). */
		{"dictionary",
		 {0x28, 0xb5, 0x2f, 0xfd, 0x01, 0x58, 0x05, 0x01, 0x00, 0x00},
		 10,
		 -XEN_EOPNOTSUPP},
		/* Single segment, 2-byte content size 256 + 0xff00: past a 64-byte buffer. */
		{"content size",
		 {0x28, 0xb5, 0x2f, 0xfd, 0x60, 0x00, 0xff, 0x01, 0x00, 0x00},
		 10,
		 -XEN_ENOSPC},
		/* Reserved descriptor bit. */
		{"reserved bit",
		 {0x28, 0xb5, 0x2f, 0xfd, 0x08, 0x58, 0x01, 0x00, 0x00},
		 9,
		 -XEN_EINVAL},
	};
	uint8_t out[64];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *why = NULL;
		long r = decomp_unzstd(cases[i].hdr, cases[i].len, out, sizeof(out), &why);

		CHECK(r == cases[i].rc, "zstd %s: expected %ld, got %ld (%s)", cases[i].what,
		      cases[i].rc, r, why);
	}
}

/* --- bzImage -------------------------------------------------------- */

/* A bzImage shell: @sects setup sectors, then pad bytes of "code", then the payload. */
static uint8_t *make_bzimage(const uint8_t *payload, size_t plen, unsigned int sects, size_t pad,
			     uint16_t version, size_t *len)
{
	size_t pm = ((sects ? sects : 4) + 1) * 512, n = pm + pad + plen;
	uint8_t *p = calloc(1, n);
	uint32_t off = pad, pl = plen;

	p[0x1f1] = sects;
	p[0x1fe] = 0x55;
	p[0x1ff] = 0xaa;
	memcpy(p + 0x202, "HdrS", 4);
	memcpy(p + 0x206, &version, 2);
	memcpy(p + 0x248, &off, 4);
	memcpy(p + 0x24c, &pl, 4);
	memcpy(p + pm + pad, payload, plen);
	*len = n;
	return p;
}

static void test_bzimage(void)
{
	size_t n = 200000, zn, bn;
	uint8_t *data = make_data(K_CODE, n), *z, *bz, *out = malloc(n + 4096);
	struct decomp_image di;
	const char *why = NULL;
	uint32_t size32 = n;
	long r;
	unsigned int f;

	for (f = 0; f < 3; f++) {
		size_t pn;
		uint8_t *payload;

		if (f == 0)
			zn = enc_xz(data, n, &z, LZMA_CHECK_CRC32, true, 1 << 20, 6);
		else if (f == 1)
			zn = enc_lz4(data, n, &z, 8 << 20, 9);
		else
			zn = enc_gzip(data, n, &z, 9, Z_DEFAULT_STRATEGY, false);
		/* Linux appends the size to every payload but gzip's (whose ISIZE it is). */
		pn = zn + (f < 2 ? 4 : 0);
		payload = malloc(pn);
		memcpy(payload, z, zn);
		memcpy(payload + pn - 4, &size32, 4);

		bz = make_bzimage(payload, pn, f == 1 ? 0 : 27, 0x3000, 0x20f, &bn);
		r = decomp_probe(bz, bn, &di, &why);
		CHECK(!r && di.bzimage && di.declared == n,
		      "bzImage %u: probe %ld (%s), declared %lu", f, r, r ? why : "",
		      (unsigned long)di.declared);
		r = decomp_run(&di, out, n + 4096, &why);
		CHECK(r == (long)n && !memcmp(out, data, n), "bzImage %u: run %ld (%s)", f, r,
		      r < 0 ? why : "");
		/* A buffer smaller than the declared size. */
		r = decomp_run(&di, out, n - 1, &why);
		CHECK(r == -XEN_ENOSPC, "bzImage %u: small buffer: expected -ENOSPC, got %ld", f,
		      r);
		/* A declared size that lies, both ways. */
		for (int lie = -1; lie <= 1; lie += 2) {
			uint32_t l = n + lie;

			memcpy(bz + bn - 4, &l, 4);
			r = decomp_probe(bz, bn, &di, &why);
			if (!r)
				r = decomp_run(&di, out, n + 4096, &why);
			CHECK(r < 0,
			      "bzImage %u: declared size %u for %zu bytes: expected an error, got "
			      "%ld",
			      f, l, n, r);
			memcpy(bz + bn - 4, &size32, 4);
		}
		/* payload_length one byte past the end of the image. */
		{
			uint32_t pl = pn + 1;

			memcpy(bz + 0x24c, &pl, 4);
			r = decomp_probe(bz, bn, &di, &why);
			CHECK(r == -XEN_EINVAL,
			      "bzImage %u: payload past the end: expected -EINVAL, got %ld", f, r);
			pl = pn;
			memcpy(bz + 0x24c, &pl, 4);
		}
		/* Old boot protocol. */
		bz[0x206] = 0x07;
		bz[0x207] = 0x02;
		r = decomp_probe(bz, bn, &di, &why);
		CHECK(r == -XEN_EOPNOTSUPP,
		      "bzImage %u: protocol 2.07: expected -EOPNOTSUPP, got %ld", f, r);
		/* The image cut in the middle of its payload. */
		bz[0x206] = 0x0f;
		r = decomp_probe(bz, bn - 100, &di, &why);
		CHECK(r == -XEN_EINVAL, "bzImage %u: truncated image: expected -EINVAL, got %ld", f,
		      r);
		/* setup_sects beyond the image. */
		bz[0x1f1] = 0xff;
		r = decomp_probe(bz, 0x300 * 2, &di, &why);
		CHECK(r == -XEN_EINVAL,
		      "bzImage %u: setup_sects past the end: expected -EINVAL, got %ld", f, r);
		free(bz);
		free(payload);
		free(z);
	}
	/* A bzImage of an uncompressed ELF: the payload, in place. */
	memcpy(data,
	       "\x7f"
	       "ELF",
	       4);
	bz = make_bzimage(data, n, 27, 0x200, 0x20f, &bn);
	r = decomp_probe(bz, bn, &di, &why);
	CHECK(!r && di.bzimage && di.format == DECOMP_RAW && di.payload == bz + 28 * 512 + 0x200 &&
		      di.payload_len == n,
	      "bzImage of an ELF: probe %ld format %d", r, di.format);
	free(bz);
	/* Plain ELF and gzipped ELF pass-through. */
	memcpy(data,
	       "\x7f"
	       "ELF",
	       4);
	r = decomp_probe(data, n, &di, &why);
	CHECK(!r && di.format == DECOMP_RAW && !di.bzimage, "plain ELF: probe %ld format %d", r,
	      di.format);
	r = decomp_run(&di, out, n, &why);
	CHECK(r == (long)n && !memcmp(out, data, n), "plain ELF: run %ld", r);
	zn = enc_gzip(data, n, &z, 6, Z_DEFAULT_STRATEGY, false);
	r = decomp_probe(z, zn, &di, &why);
	CHECK(!r && di.format == DECOMP_GZIP && di.declared == n, "gzipped ELF: probe %ld", r);
	r = decomp_run(&di, out, n + 4096, &why);
	CHECK(r == (long)n && !memcmp(out, data, n), "gzipped ELF: run %ld (%s)", r,
	      r < 0 ? why : "");
	free(z);
	/* Refused formats say which. */
	r = decomp_probe("BZh91AY&SY", 10, &di, &why);
	r = decomp_run(&di, out, n, &why);
	CHECK(r == -XEN_EOPNOTSUPP, "bzip2: expected -EOPNOTSUPP, got %ld", r);
	free(data);
	free(out);
}

int main(int argc, char **argv)
{
	struct sample s[NR_SAMPLES];
	unsigned int i;
	uint8_t *data;

	test_roundtrips();
	test_bzimage();
	test_xz_limits();
	test_lz4_limits();
	test_zstd_limits();

	/* Hostile input on small streams of each format. */
	data = make_data(K_CODE, 3000);
	make_samples(s, data, 3000);
	for (i = 0; i < NR_SAMPLES; i++) {
		test_truncation(&s[i]);
		test_corruption(&s[i], 3000);
	}
	for (i = 0; i < NR_SAMPLES; i++)
		free(s[i].z);
	free(data);
	return unit_report("decompress");
}
