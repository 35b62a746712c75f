/* SPDX-License-Identifier: MIT */
/*
 * Entry point some guests include for the 32-bit x86 interface: as
 * arch-x86_64.h, everything lives in arch-x86/xen.h, which picks
 * xen-x86_32.h when compiled for i386.
 */
#include "arch-x86/xen.h"
