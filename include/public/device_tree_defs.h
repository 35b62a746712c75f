/* SPDX-License-Identifier: MIT */
/*
 * Device-tree constants the hypervisor and toolstack agree on when they
 * build a guest's device tree (used for Arm guests; nothing here is
 * x86 ABI, the header exists so that shared toolstack code builds).
 */
#ifndef __XEN_DEVICE_TREE_DEFS_H__
#define __XEN_DEVICE_TREE_DEFS_H__

#if defined(__XEN__) || defined(__XEN_TOOLS__)
/* Fixed phandles, chosen high so that they never collide. */
#define GUEST_PHANDLE_GIC   (65000)
#define GUEST_PHANDLE_IOMMU (GUEST_PHANDLE_GIC + 1)

#define GUEST_ROOT_ADDRESS_CELLS 2
#define GUEST_ROOT_SIZE_CELLS    2

/* Interrupt trigger types of the "interrupts" property. */
#define DT_IRQ_TYPE_NONE         0x00000000
#define DT_IRQ_TYPE_EDGE_RISING  0x00000001
#define DT_IRQ_TYPE_EDGE_FALLING 0x00000002
#define DT_IRQ_TYPE_EDGE_BOTH \
	(DT_IRQ_TYPE_EDGE_FALLING | DT_IRQ_TYPE_EDGE_RISING)
#define DT_IRQ_TYPE_LEVEL_HIGH   0x00000004
#define DT_IRQ_TYPE_LEVEL_LOW    0x00000008
#define DT_IRQ_TYPE_LEVEL_MASK \
	(DT_IRQ_TYPE_LEVEL_LOW | DT_IRQ_TYPE_LEVEL_HIGH)
#define DT_IRQ_TYPE_SENSE_MASK   0x0000000f
#define DT_IRQ_TYPE_INVALID      0x00000010
#endif

#endif /* __XEN_DEVICE_TREE_DEFS_H__ */
