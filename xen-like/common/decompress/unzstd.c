// SPDX-License-Identifier: GPL-2.0-only
/* zstd: placeholder, refused. */
#include <xen/decompress.h>

#include "private.h"

long decomp_unzstd(const uint8_t *in, size_t inlen, uint8_t *out, size_t cap, const char **why)
{
	return FAIL(-EOPNOTSUPP, "zstd not supported");
}
