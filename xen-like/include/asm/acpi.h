/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef ASM_ACPI_H
#define ASM_ACPI_H

#include <xen/bootinfo.h>

/* Find the RSDP and the FADT; remember how to power off and reset. */
void acpi_init(const struct boot_info *bi);
/* Enter S5; returns only if ACPI power-off is not available or failed. */
void acpi_power_off(void);
/* Write the FADT reset register; returns only if it did not reset. */
void acpi_reboot(void);

#endif /* ASM_ACPI_H */
