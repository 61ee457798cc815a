/* SPDX-License-Identifier: MIT */
/* paging.h - the hypervisor's own page tables (W^X, direct map, guards). */
#ifndef STRATA_ARCH_X86_PAGING_H
#define STRATA_ARCH_X86_PAGING_H

#include "arch/arch.h"
#include "arch/x86/boot_info.h"

#define PTE_P       (1ULL << 0)
#define PTE_W       (1ULL << 1)
#define PTE_U       (1ULL << 2)
#define PTE_PWT     (1ULL << 3)
#define PTE_PCD     (1ULL << 4)
#define PTE_PS      (1ULL << 7)
#define PTE_G       (1ULL << 8)
#define PTE_NX      (1ULL << 63)
#define PTE_ADDR    0x000ffffffffff000ULL

/* Leaf permissions of the regions (docs/memory-layout.md). */
#define MAP_TEXT    (PTE_P | PTE_G)
#define MAP_RODATA  (PTE_P | PTE_G | PTE_NX)
#define MAP_DATA    (PTE_P | PTE_W | PTE_G | PTE_NX)
#define MAP_MMIO    (PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX)

/* Build the final tables (image by section, direct map of usable RAM,
 * the LAPIC page) from early-allocated pages; not active yet. */
void paging_build(const struct boot_info *bi);

/* Map the 4 KiB page va -> pa with flags in the final tables. */
void paging_map_page(uintptr_t va, paddr_t pa, uint64_t flags);

/* The leaf entry of va, whose tables must exist already (mapped at
 * boot): for remapping a 4 KiB page at run time. */
uint64_t *paging_pte_of(uintptr_t va);

/* Switch this CPU to the final tables and enable global pages. */
void paging_activate(void);

/* Map [pa, pa + bytes) at va read-only for ring 3 too (the M2P that PV
 * guests read); va must lie in the hypervisor's L4 slots. Boot only
 * (uses the early allocator for tables). */
void paging_map_guest_readonly(uintptr_t va, paddr_t pa, size_t bytes);

/* Physical address of the final L4 (for APs). */
paddr_t paging_root(void);

/* Effective flags of va in the live tables (W only if writable at every
 * level, NX if any level says NX); 0 if not mapped. */
uint64_t paging_lookup(uintptr_t va);

/* Walk every present leaf of the live tables; count leaves and those
 * both writable and executable, printing up to a few offenders. */
void paging_check_wx(uint64_t *leaves, uint64_t *violations);

#endif /* STRATA_ARCH_X86_PAGING_H */
