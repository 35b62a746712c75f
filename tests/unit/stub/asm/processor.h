/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for the x86 processor header: interrupt control becomes
 * a no-op and port I/O reads and writes a fake port space (unit.c), so
 * common code and drivers can run as ordinary programs.
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <stdbool.h>
#include <stdint.h>

#define X86_EFLAGS_IF (1UL << 9)

extern uint8_t unit_ports[65536];
extern bool unit_ports_absent; /* reads return 0xff, like an empty bus */

static inline void outb(uint8_t v, uint16_t port) { unit_ports[port] = v; }
static inline uint8_t inb(uint16_t port) { return unit_ports_absent ? 0xff : unit_ports[port]; }
static inline void cpu_relax(void) { }
static inline void cpu_lock_relax(void) { }
static inline void local_irq_disable(void) { }
static inline void local_irq_enable(void) { }
static inline unsigned long local_save_flags(void) { return X86_EFLAGS_IF; }
#define local_irq_save(f) ((f) = local_save_flags())
static inline void local_irq_restore(unsigned long f) { (void)f; }

#endif /* ASM_PROCESSOR_H */
