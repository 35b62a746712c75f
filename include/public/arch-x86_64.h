/* SPDX-License-Identifier: MIT */
/*
 * Entry point some guests include for the x86-64 interface: everything
 * lives in arch-x86/xen.h (which picks xen-x86_64.h on x86-64).
 */
#include "arch-x86/xen.h"
