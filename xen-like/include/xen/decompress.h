/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel images the domain builder accepts (common/decompress/): a plain
 * ELF, an ELF compressed with gzip, xz, lz4 (legacy frame) or zstd, or a
 * Linux bzImage whose payload is one of those. Every decompressor works
 * in one call from a buffer into a flat output buffer, which doubles as
 * the history window, so nothing is sized from what the input claims.
 *
 * Errors: >= 0 is the number of bytes produced; a negative -E* comes with
 * a static reason string in *why:
 *   -EINVAL      corrupt or truncated input, trailing garbage
 *   -EBADMSG     a checksum (CRC32, CRC64, XXH64, ISIZE) does not match
 *   -ENOSPC      the output would exceed the buffer (or the declared size)
 *   -ERANGE      a dictionary or window larger than DECOMP_MAX_WINDOW
 *   -EOPNOTSUPP  a format, filter or check type we do not implement
 *   -ENOMEM      no memory for the decoder's tables
 */
#ifndef XEN_DECOMPRESS_H
#define XEN_DECOMPRESS_H

#include <xen/types.h>

enum decomp_format {
	DECOMP_RAW, /* not compressed: passed through as is */
	DECOMP_GZIP,
	DECOMP_XZ,
	DECOMP_LZ4,
	DECOMP_ZSTD,
	DECOMP_BZIP2, /* recognised, refused */
	DECOMP_LZMA,  /* recognised, refused */
	DECOMP_LZO,   /* recognised, refused */
};

/* The largest dictionary (xz) or window (zstd) a stream may declare. */
#define DECOMP_MAX_WINDOW (128UL << 20)

/* What decomp_probe() found in a module. */
struct decomp_image {
	enum decomp_format format;
	bool bzimage;		/* the payload of a bzImage */
	const uint8_t *payload; /* the compressed stream (a bzImage's size trailer excluded) */
	size_t payload_len;
	uint64_t declared; /* output size the image declares; 0 if it does not say */
};

/*
 * Look at @len bytes at @img: a bzImage (setup header checked, payload
 * located inside the image) or a bare stream, identified by its magic.
 * 0, or -EINVAL / -EOPNOTSUPP with the reason in *why.
 */
int decomp_probe(const void *img, size_t len, struct decomp_image *di, const char **why);

/* "gzip", "xz", ... for logs. */
const char *decomp_format_name(enum decomp_format f);

/*
 * Decompress @di's payload into @out (@cap bytes). When the image
 * declares a size, a different output size is an error (-ENOSPC when
 * larger, -EINVAL when smaller). Returns the output size or an error.
 */
long decomp_run(const struct decomp_image *di, void *out, size_t cap, const char **why);

/* The per-format decoders: the whole of @in must be one stream (xz: streams and padding). */
long decomp_gunzip(const uint8_t *in, size_t inlen, uint8_t *out, size_t cap, const char **why);
long decomp_unxz(const uint8_t *in, size_t inlen, uint8_t *out, size_t cap, const char **why);
long decomp_unlz4(const uint8_t *in, size_t inlen, uint8_t *out, size_t cap, const char **why);
long decomp_unzstd(const uint8_t *in, size_t inlen, uint8_t *out, size_t cap, const char **why);

/* CRC-32 (IEEE, as gzip and xz use it) and CRC-64 (ECMA-182, xz), continuing from @crc. */
uint32_t decomp_crc32(uint32_t crc, const uint8_t *p, size_t n);
uint64_t decomp_crc64(uint64_t crc, const uint8_t *p, size_t n);

#endif /* XEN_DECOMPRESS_H */
