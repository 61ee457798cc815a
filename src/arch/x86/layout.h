/* SPDX-License-Identifier: MIT */
/* layout.h - the hypervisor's virtual address map (docs/memory-layout.md). */
#ifndef STRATA_ARCH_X86_LAYOUT_H
#define STRATA_ARCH_X86_LAYOUT_H

/*
 * Everything lives in Xen's reserved L4 slots 256-271 so a later PV guest
 * L4 can carry the hypervisor's entries unchanged. Used from C and from
 * assembly, hence plain numbers without suffixes or casts.
 */
#define L4_SLOT_SIZE        0x0000008000000000  /* 512 GiB per L4 slot */
#define M2P_RO_BASE         0xffff800000000000  /* slot 256: future RO M2P */
#define IMAGE_VIRT_OFFSET   0xffff820000000000  /* slot 260: image at +phys */
#define STACKS_BASE         0xffff828000000000  /* slot 261: guarded stacks */
#define DIRECTMAP_BASE      0xffff830000000000  /* slot 262 up: all RAM */
#define DIRECTMAP_SIZE      0x0000080000000000  /* slots 262-271: 8 TiB - 1 slot */

#define IMAGE_PHYS_BASE     0x100000            /* where the loader puts us */
#define EARLY_MAP_LIMIT     0x100000000         /* boot tables map 0-4 GiB */

/* Per-CPU stack window in the stacks slot: one guard page below each
 * stack, so running off the end faults instead of corrupting memory. */
#define STACK_WINDOW_SIZE   0x10000             /* 64 KiB per CPU */
#define STACK_PAGES         4                   /* main stack: 16 KiB */
#define IST_STACK_PAGES     2                   /* each IST stack: 8 KiB */

/* Per-CPU GDT window in the upper half of the stacks slot: 16 pages, the
 * first 14 for a PV guest's own descriptor frames (selectors below
 * 0xe000), page 14 for the hypervisor's descriptors and the TSS. */
#define GDT_WINDOWS_BASE    0xffff82c000000000
#define GDT_WINDOW_SIZE     0x10000             /* 64 KiB per CPU */
#define GDT_GUEST_PAGES     14

#endif /* STRATA_ARCH_X86_LAYOUT_H */
