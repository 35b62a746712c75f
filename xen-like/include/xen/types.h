/* SPDX-License-Identifier: GPL-2.0-only */
/* Basic types for freestanding hypervisor code. */
#ifndef XEN_TYPES_H
#define XEN_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef uint64_t paddr_t;
typedef int64_t s_time_t; /* nanoseconds since boot */
#ifndef __UNIT_TEST__
typedef long ssize_t;
#endif

#define PRIpaddr "016lx"

#endif /* XEN_TYPES_H */
