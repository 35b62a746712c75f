/* SPDX-License-Identifier: GPL-2.0-only */
/* Host stand-in: one CPU. */
#ifndef ASM_CURRENT_H
#define ASM_CURRENT_H

#define smp_processor_id() 0U

#endif /* ASM_CURRENT_H */
