// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel image formats: recognise a bzImage or a compressed stream by its
 * header, find the payload, and hand it to the right decoder.
 *
 * A bzImage (Linux boot protocol >= 2.08) says where its compressed
 * payload lies: payload_offset and payload_length, counted from the
 * protected-mode code that starts after the (setup_sects + 1) sectors of
 * real-mode setup. Linux appends the uncompressed size to every payload
 * as 4 little-endian bytes (for gzip they are the stream's own ISIZE).
 * That size is only a claim: the output is bounded by the buffer and a
 * stream that produces any other size is refused. A payload that is a
 * plain ELF (an uncompressed kernel) is handed over as it is.
 *
 * Also here: the CRC-32 and CRC-64 the container formats use.
 */
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>

#include "private.h"

/* Boot protocol setup header fields (offsets in the image). */
#define BZ_SETUP_SECTS 0x1f1
#define BZ_BOOT_FLAG 0x1fe
#define BZ_HEADER 0x202
#define BZ_VERSION 0x206
#define BZ_PAYLOAD_OFFSET 0x248
#define BZ_PAYLOAD_LENGTH 0x24c
#define BZ_HDR_END 0x250

static const struct {
	enum decomp_format format;
	uint8_t len;
	uint8_t magic[6];
} magics[] = {
	{DECOMP_GZIP, 2, {0x1f, 0x8b}},
	{DECOMP_XZ, 6, {0xfd, '7', 'z', 'X', 'Z', 0}},
	{DECOMP_LZ4, 4, {0x02, 0x21, 0x4c, 0x18}},
	{DECOMP_ZSTD, 4, {0x28, 0xb5, 0x2f, 0xfd}},
	{DECOMP_BZIP2, 3, {'B', 'Z', 'h'}},
	{DECOMP_LZMA, 3, {0x5d, 0, 0}},
	{DECOMP_LZO, 4, {0x89, 'L', 'Z', 'O'}},
};

static const char *const names[] = {
	[DECOMP_RAW] = "uncompressed", [DECOMP_GZIP] = "gzip", [DECOMP_XZ] = "xz",
	[DECOMP_LZ4] = "lz4",	       [DECOMP_ZSTD] = "zstd", [DECOMP_BZIP2] = "bzip2",
	[DECOMP_LZMA] = "lzma",	       [DECOMP_LZO] = "lzo",
};

const char *decomp_format_name(enum decomp_format f)
{
	return (unsigned int)f < ARRAY_SIZE(names) ? names[f] : "unknown";
}

static enum decomp_format detect(const uint8_t *p, size_t len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(magics); i++)
		if (len >= magics[i].len && !memcmp(p, magics[i].magic, magics[i].len))
			return magics[i].format;
	return DECOMP_RAW;
}

static bool is_bzimage(const uint8_t *p, size_t len)
{
	return len >= BZ_HDR_END && get_le16(p + BZ_BOOT_FLAG) == 0xaa55 &&
	       !memcmp(p + BZ_HEADER, "HdrS", 4);
}

/* Locate a bzImage's payload; the size trailer goes to di->declared. */
static int probe_bzimage(const uint8_t *p, size_t len, struct decomp_image *di, const char **why)
{
	uint16_t version = get_le16(p + BZ_VERSION);
	uint64_t sects = p[BZ_SETUP_SECTS] ? p[BZ_SETUP_SECTS] : 4;
	uint64_t pm = (sects + 1) * 512;
	uint64_t off = get_le32(p + BZ_PAYLOAD_OFFSET), plen = get_le32(p + BZ_PAYLOAD_LENGTH);

	if (version < 0x208)
		return FAIL(-EOPNOTSUPP,
			    "bzImage: boot protocol older than 2.08 (no payload fields)");
	if (pm > len)
		return FAIL(-EINVAL, "bzImage: setup_sects runs past the end of the image");
	if (off > len - pm || plen > len - pm - off)
		return FAIL(-EINVAL,
			    "bzImage: payload_offset/payload_length run past the end of the image");
	if (plen < 8)
		return FAIL(-EINVAL, "bzImage: payload too short");
	di->bzimage = true;
	di->payload = p + pm + off;
	di->payload_len = plen;
	di->declared = get_le32(di->payload + plen - 4);
	di->format = detect(di->payload, plen);
	if (di->format == DECOMP_RAW) {
		/* An uncompressed kernel (CONFIG_KERNEL_UNCOMPRESSED): the ELF is used in place. */
		if (!memcmp(di->payload,
			    "\x7f"
			    "ELF",
			    4)) {
			di->declared = 0;
			return 0;
		}
		return FAIL(-EOPNOTSUPP, "bzImage: unknown payload compression (bad magic)");
	}
	/* The trailer is the gzip stream's own ISIZE, and extra bytes for the others. */
	if (di->format != DECOMP_GZIP)
		di->payload_len -= 4;
	if (!di->declared)
		return FAIL(-EINVAL, "bzImage: payload declares an empty kernel");
	return 0;
}

int decomp_probe(const void *img, size_t len, struct decomp_image *di, const char **why)
{
	const uint8_t *p = img;

	*di = (struct decomp_image){.payload = p, .payload_len = len};
	if (is_bzimage(p, len))
		return probe_bzimage(p, len, di, why);
	di->format = detect(p, len);
	if (di->format == DECOMP_GZIP && len >= 18)
		di->declared = get_le32(p + len - 4); /* ISIZE: the size modulo 4 GiB */
	return 0;
}

long decomp_run(const struct decomp_image *di, void *out, size_t cap, const char **why)
{
	long n;

	if (di->declared) {
		if (di->declared > cap)
			return FAIL(-ENOSPC, "declared size larger than the output buffer");
		cap = di->declared;
	}
	switch (di->format) {
	case DECOMP_RAW:
		if (di->payload_len > cap)
			return FAIL(-ENOSPC, "output larger than the buffer");
		memcpy(out, di->payload, di->payload_len);
		n = di->payload_len;
		break;
	case DECOMP_GZIP:
		n = decomp_gunzip(di->payload, di->payload_len, out, cap, why);
		break;
	case DECOMP_XZ:
		n = decomp_unxz(di->payload, di->payload_len, out, cap, why);
		break;
	case DECOMP_LZ4:
		n = decomp_unlz4(di->payload, di->payload_len, out, cap, why);
		break;
	case DECOMP_ZSTD:
		n = decomp_unzstd(di->payload, di->payload_len, out, cap, why);
		break;
	default:
		return FAIL(-EOPNOTSUPP, "compression format not supported");
	}
	if (n == -ENOSPC && di->declared)
		*why = "output larger than the declared size";
	if (n >= 0 && di->declared && (uint64_t)n != di->declared)
		return FAIL(-EINVAL, "output smaller than the declared size");
	return n;
}

/* CRC-32, reflected polynomial 0xedb88320, eight bytes per step (slicing-by-8). */
static uint32_t crc32_tab[8][256];
static uint64_t crc64_tab[256];

static void crc_init(void)
{
	unsigned int i, j;

	for (i = 0; i < 256; i++) {
		uint32_t c = i;
		uint64_t c64 = i;

		for (j = 0; j < 8; j++) {
			c = (c >> 1) ^ (0xedb88320U & -(c & 1));
			c64 = (c64 >> 1) ^ (0xc96c5795d7870f42ULL & -(c64 & 1));
		}
		crc32_tab[0][i] = c;
		crc64_tab[i] = c64;
	}
	for (i = 0; i < 256; i++)
		for (j = 1; j < 8; j++)
			crc32_tab[j][i] = (crc32_tab[j - 1][i] >> 8) ^
					  crc32_tab[0][crc32_tab[j - 1][i] & 0xff];
}

uint32_t decomp_crc32(uint32_t crc, const uint8_t *p, size_t n)
{
	if (!crc32_tab[0][1])
		crc_init();
	crc = ~crc;
	for (; n >= 8; n -= 8, p += 8) {
		uint32_t a = get_le32(p) ^ crc, b = get_le32(p + 4);

		crc = crc32_tab[7][a & 0xff] ^ crc32_tab[6][(a >> 8) & 0xff] ^
		      crc32_tab[5][(a >> 16) & 0xff] ^ crc32_tab[4][a >> 24] ^
		      crc32_tab[3][b & 0xff] ^ crc32_tab[2][(b >> 8) & 0xff] ^
		      crc32_tab[1][(b >> 16) & 0xff] ^ crc32_tab[0][b >> 24];
	}
	while (n--)
		crc = crc32_tab[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

uint64_t decomp_crc64(uint64_t crc, const uint8_t *p, size_t n)
{
	if (!crc32_tab[0][1])
		crc_init();
	crc = ~crc;
	while (n--)
		crc = crc64_tab[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
