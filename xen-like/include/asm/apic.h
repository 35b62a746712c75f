/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <xen/types.h>

/* Vectors the hypervisor owns (exceptions are 0-31, the 8259 is remapped to 0x20-0x2f). */
#define PIC_VECTOR_BASE 0x20
#define LOCAL_TIMER_VECTOR 0xf0
#define EVENT_CHECK_VECTOR 0xfc    /* IPI: look at softirqs and events */
#define INVALIDATE_TLB_VECTOR 0xfd /* IPI: flush the TLB (smp.c) */
#define ERROR_APIC_VECTOR 0xfe
#define SPURIOUS_APIC_VECTOR 0xff

#define APIC_ID 0x20
#define APIC_LVR 0x30
#define APIC_TASKPRI 0x80
#define APIC_EOI 0xb0
#define APIC_LDR 0xd0
#define APIC_DFR 0xe0
#define APIC_SPIV 0xf0
#define APIC_ESR 0x280
#define APIC_ICR 0x300  /* interrupt command, low word: writing it sends */
#define APIC_ICR2 0x310 /* interrupt command, high word: destination in bits 24-31 */
#define APIC_LVTT 0x320
#define APIC_LVTPC 0x340
#define APIC_LVT0 0x350
#define APIC_LVT1 0x360
#define APIC_LVTERR 0x370
#define APIC_TMICT 0x380
#define APIC_TMCCT 0x390
#define APIC_TDCR 0x3e0
#define APIC_LVT_MASKED (1U << 16)
#define APIC_SPIV_ENABLE (1U << 8)
#define APIC_TDR_DIV_1 0xb

/* ICR low word. */
#define APIC_DM_NMI 0x00400
#define APIC_DM_INIT 0x00500
#define APIC_DM_STARTUP 0x00600
#define APIC_ICR_BUSY 0x01000 /* delivery status: send pending */
#define APIC_INT_ASSERT 0x04000
#define APIC_INT_LEVELTRIG 0x08000

void apic_init(void);
uint32_t apic_read(unsigned int reg);
void apic_write(unsigned int reg, uint32_t v);
void ack_APIC_irq(void);
/* Start a one-shot count of @ticks APIC timer ticks (0 stops the timer). */
void apic_timer_oneshot(uint32_t ticks);
uint32_t apic_id(void);
void pic_disable(void);
/* A secondary CPU's own local APIC: enabled, LVTs and timer masked. */
void apic_init_secondary(void);
/*
 * Send the interrupt command @icr (ICR low word) to the CPU with APIC id
 * @dest and wait for the APIC to accept it; -ETIMEDOUT if it stays busy.
 */
int apic_send_ipi_raw(uint32_t dest, uint32_t icr);
void apic_timer_unmask(void);

#endif /* ASM_APIC_H */
