/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ticket spinlocks. The _irqsave variants also disable interrupts, for
 * data shared with interrupt handlers (timers, console).
 */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <asm/processor.h>
#include <xen/types.h>

typedef struct {
	volatile uint16_t head; /* ticket being served */
	volatile uint16_t tail; /* next ticket to hand out */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0, 0 }
#define DEFINE_SPINLOCK(l) spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
	l->head = l->tail = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	uint16_t me = __atomic_fetch_add(&l->tail, 1, __ATOMIC_ACQUIRE);

	while (__atomic_load_n(&l->head, __ATOMIC_ACQUIRE) != me)
		cpu_lock_relax();
}

static inline bool spin_trylock(spinlock_t *l)
{
	uint16_t h = __atomic_load_n(&l->head, __ATOMIC_RELAXED);
	uint32_t old = ((uint32_t)h << 16) | h;
	uint32_t new = ((uint32_t)(uint16_t)(h + 1) << 16) | h;

	return __atomic_compare_exchange_n((uint32_t *)l, &old, new, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->head, (uint16_t)(l->head + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return l->head != l->tail;
}

#define spin_lock_irqsave(l, f)           \
	do {                              \
		local_irq_save(f);        \
		spin_lock(l);             \
	} while (0)

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long f)
{
	spin_unlock(l);
	local_irq_restore(f);
}

#endif /* XEN_SPINLOCK_H */
