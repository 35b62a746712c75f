// SPDX-License-Identifier: GPL-2.0-only
/*
 * Real kernels through the dom0 builder's image decoders
 * (common/decompress/): each argument is a bzImage (or a bare .xz, .lz4,
 * .gz or .zst of a kernel), optionally followed
 * by ":" and the vmlinux it must expand to. The payload is decoded by
 * ours and by the library that writes its format (liblzma, liblz4,
 * zlib, libzstd); both must agree with each other and with the vmlinux.
 * Prints the decoding speed of each (MB of output per second, best of
 * three runs, or of $DECOMP_RUNS).
 *
 *   decomp-kernels /boot/vmlinuz-6.1.0-57-amd64:/tmp/vmlinux-amd64 ...
 *
 * Without arguments it prints a SKIP line and exits 3 (the runner's skip
 * status); exit 0 when everything matched, 1 otherwise.
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
#include <lzma.h>
#include <time.h>
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

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc(n ? n : 1);
	if (fread(p, 1, n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	*len = n;
	return p;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The library's decoding of @di's payload; the output size or -1. */
static long lib_decode(const struct decomp_image *di, uint8_t *out, size_t cap)
{
	switch (di->format) {
	case DECOMP_XZ: {
		uint64_t limit = UINT64_MAX;
		size_t ipos = 0, opos = 0;

		if (lzma_stream_buffer_decode(&limit, 0, NULL, di->payload, &ipos, di->payload_len,
					      out, &opos, cap) != LZMA_OK)
			return -1;
		return opos;
	}
	case DECOMP_LZ4: {
		const uint8_t *p = di->payload + 4, *e = di->payload + di->payload_len;
		size_t pos = 0;

		while (e - p >= 4) {
			uint32_t c;
			int n;

			memcpy(&c, p, 4);
			p += 4;
			if (c == 0x184c2102)
				continue;
			if (c > (size_t)(e - p))
				return -1;
			n = LZ4_decompress_safe((const char *)p, (char *)out + pos, c, cap - pos);
			if (n < 0)
				return -1;
			pos += n;
			p += c;
		}
		return pos;
	}
	case DECOMP_GZIP: {
		z_stream z = {0};

		if (inflateInit2(&z, 31) != Z_OK)
			return -1;
		z.next_in = (Bytef *)di->payload;
		z.avail_in = di->payload_len;
		z.next_out = out;
		z.avail_out = cap;
		if (inflate(&z, Z_FINISH) != Z_STREAM_END)
			return -1;
		inflateEnd(&z);
		return z.total_out;
	}
	case DECOMP_ZSTD: {
		size_t r = ZSTD_decompress(out, cap, di->payload, di->payload_len);

		return ZSTD_isError(r) ? -1 : (long)r;
	}
	default:
		return -1;
	}
}

static int check_kernel(const char *arg)
{
	char *path = strdup(arg), *ref_path = strchr(path, ':');
	uint8_t *img, *ref = NULL, *ours, *lib;
	size_t len, ref_len = 0;
	struct decomp_image di;
	const char *why = NULL;
	double t_ours = 1e9, t_lib = 1e9;
	long n_ours = -1, n_lib = -1;
	int i, bad = 0, runs = getenv("DECOMP_RUNS") ? atoi(getenv("DECOMP_RUNS")) : 3;

	if (ref_path)
		*ref_path++ = 0;
	img = read_file(path, &len);
	if (!img || (ref_path && !(ref = read_file(ref_path, &ref_len)))) {
		printf("Fail: %s: cannot read\n", ref_path && img ? ref_path : path);
		return 1;
	}
	if (decomp_probe(img, len, &di, &why)) {
		printf("Fail: %s: %s\n", path, why);
		return 1;
	}
	/* A bare stream declares no size: expect the vmlinux's, or allow 512 MiB. */
	if (!di.declared)
		di.declared = ref ? ref_len : 512 << 20;
	ours = malloc(di.declared + 1);
	lib = malloc(di.declared + 1);
	for (i = 0; i < runs; i++) {
		double t = now();

		n_ours = di.bzimage
				 ? decomp_run(&di, ours, di.declared, &why)
				 : decomp_run(&(struct decomp_image){.format = di.format,
								     .payload = di.payload,
								     .payload_len = di.payload_len},
					      ours, di.declared, &why);
		t = now() - t;
		t_ours = t < t_ours ? t : t_ours;
		t = now();
		n_lib = lib_decode(&di, lib, di.declared);
		t = now() - t;
		t_lib = t < t_lib ? t : t_lib;
	}
	if (n_ours < 0) {
		printf("Fail: %s: ours: %s\n", path, why);
		bad = 1;
	} else if (n_lib != n_ours || memcmp(ours, lib, n_ours)) {
		printf("Fail: %s: ours (%ld bytes) and the library (%ld bytes) differ\n", path,
		       n_ours, n_lib);
		bad = 1;
	} else if (ref && (ref_len != (size_t)n_ours || memcmp(ours, ref, ref_len))) {
		printf("Fail: %s: output differs from %s\n", path, ref_path);
		bad = 1;
	}
	printf("%s: %s%s, %zu -> %lu bytes: ours %.0f ms (%.1f MB/s), library %.0f ms "
	       "(%.1f MB/s)%s\n",
	       path, di.bzimage ? "bzImage " : "", decomp_format_name(di.format), di.payload_len,
	       (unsigned long)n_ours, t_ours * 1e3, di.declared / t_ours / 1e6, t_lib * 1e3,
	       di.declared / t_lib / 1e6, bad ? "" : ", identical");
	free(ours);
	free(lib);
	free(img);
	free(ref);
	free(path);
	return bad;
}

int main(int argc, char **argv)
{
	int i, bad = 0;

	if (argc < 2) {
		printf("decomp-kernels: SKIP (no bzImage given; usage: %s BZIMAGE[:VMLINUX]...)\n",
		       argv[0]);
		return 3;
	}
	for (i = 1; i < argc; i++)
		bad |= check_kernel(argv[i]);
	printf("decomp-kernels: %d kernel(s), %s\n", argc - 1, bad ? "FAILED" : "all identical");
	return bad;
}
