/* SPDX-License-Identifier: GPL-2.0-only */
/* Core library: console output, assertions, formatting. */
#ifndef XEN_LIB_H
#define XEN_LIB_H

#include <xen/types.h>
#include <xen/compiler.h>
#include <xen/string.h>

/*
 * Log levels, Xen style: a printk format may start with one of these
 * prefixes. A message without a prefix is logged at XENLOG_DEFAULT.
 */
#define XENLOG_ERR "<0>"
#define XENLOG_WARNING "<1>"
#define XENLOG_INFO "<2>"
#define XENLOG_DEBUG "<3>"
#define XENLOG_LVL_ERR 0
#define XENLOG_LVL_WARNING 1
#define XENLOG_LVL_INFO 2
#define XENLOG_LVL_DEBUG 3
#define XENLOG_LVL_DEFAULT XENLOG_LVL_WARNING

void printk(const char *fmt, ...) __printf(1, 2);
void vprintk(const char *fmt, va_list args);
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

unsigned long long simple_strtoull(const char *cp, const char **endp,
				   unsigned int base);
long long simple_strtoll(const char *cp, const char **endp, unsigned int base);
/* Parse "128M", "1G", "4096K", "512" (bytes unless a suffix is given). */
unsigned long long parse_size_and_unit(const char *s, const char **ps);
/* The same two, returning -ERANGE when the value does not fit 64 bits. */
int strtoull_checked(const char *cp, const char **endp, unsigned int base,
		     unsigned long long *res);
int parse_size_checked(const char *s, const char **ps, unsigned long long *res);

void __noreturn __bug(const char *file, int line, const char *expr);

#define BUG() __bug(__FILE__, __LINE__, "BUG()")
#define BUG_ON(c)                                        \
	do {                                             \
		if (unlikely(c))                         \
			__bug(__FILE__, __LINE__, #c);   \
	} while (0)

#ifdef CONFIG_DEBUG
#define ASSERT(c) BUG_ON(!(c))
#define trace_error(rc)                                                  \
	({                                                               \
		printk(XENLOG_DEBUG "%s:%d: error %d\n", __FILE__,       \
		       __LINE__, (int)(rc));                             \
		(rc);                                                    \
	})
#else
#define ASSERT(c) ((void)0)
#define trace_error(rc) (rc)
#endif

#endif /* XEN_LIB_H */
