/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Forced into every hypervisor compilation (build.mk): the image is one
 * statically linked executable, so every symbol is local. Saying so lets
 * the compiler take addresses RIP-relative (lea) instead of through a GOT
 * entry, which the linker cannot turn into an absolute immediate at our
 * link address (outside the top 2 GiB).
 */
#pragma GCC visibility push(hidden)
