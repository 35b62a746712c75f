/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The small C library of a PV guest kernel: the boot information,
 * console output, formatting, string helpers and shutdown.
 */
#ifndef GUEST_LIB_H
#define GUEST_LIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <public/xen.h>
#include <public/sched.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PAGE_SIZE 4096UL
#define PAGE_SHIFT 12
#define __printf(f, a) __attribute__((format(printf, f, a)))
#define __noreturn __attribute__((noreturn))
#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

/* Page-table entry bits (for update_va_mapping). */
#define _PAGE_PRESENT 0x001UL
#define _PAGE_RW 0x002UL
#define _PAGE_USER 0x004UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY 0x040UL

/* Set by guest_start() before guest_main() runs. */
extern start_info_t *start_info;

/*
 * The kernel's own entry, called once the library is set up (trap table
 * installed, console usable). The test framework provides it.
 */
void guest_main(void);

/*
 * shared_info, mapped at a fixed page of the image on first use with
 * update_va_mapping (nothing maps it for a PV guest). Panics if the
 * hypervisor refuses the mapping.
 */
shared_info_t *shared_info(void);

/* Pseudo-physical to machine frame, through start_info->mfn_list. */
uint64_t pfn_to_mfn(uint64_t pfn);
/* Machine frame backing a virtual address of the image (VIRT_BASE is 0). */
uint64_t virt_to_mfn(const void *va);

/* Console: CONSOLEIO_write of the whole buffer. */
void console_write(const char *buf, size_t len);
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* Print the message and shut down with SHUTDOWN_crash (no verdict). */
void panic(const char *fmt, ...) __printf(1, 2) __noreturn;
/* SCHEDOP_shutdown with a SHUTDOWN_* reason; spins if that fails. */
void guest_shutdown(unsigned int reason) __noreturn;

/* Look for "name=value" in the command line; copies value, true if found. */
bool cmdline_option(const char *name, char *value, size_t size);

void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strstr(const char *haystack, const char *needle);

#endif /* GUEST_LIB_H */
