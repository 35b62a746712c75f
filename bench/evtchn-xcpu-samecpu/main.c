// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: bench/evtchn-xcpu's round trip between two vCPUs with both
 * on one pCPU (one QEMU CPU, dom0_max_vcpus=2: see the Makefile), for
 * contrast: evtchn-xcpu-samecpu-poll and -block. The kernel is the same
 * source; only its names and its placement check differ.
 */
#define XCPU_SAMECPU 1
#include "../evtchn-xcpu/main.c"
