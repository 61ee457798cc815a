/* SPDX-License-Identifier: MIT */
/* memory.h - a PV guest's view of its memory: pfns, mfns, page tables. */
#ifndef GUEST_MEMORY_H
#define GUEST_MEMORY_H

#include "libc.h"
#include "public/xen.h"

#define VIRT_BASE   0xffffffff80000000UL
#define PTE_P   0x001ULL
#define PTE_RW  0x002ULL
#define PTE_US  0x004ULL
#define PTE_A   0x020ULL
#define PTE_D   0x040ULL
#define PTE_PS  0x080ULL
#define PTE_NX  (1ULL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ULL
#define PTE_DEFAULT (PTE_P | PTE_RW | PTE_US | PTE_A | PTE_D)

extern start_info_t *start_info;
extern shared_info_t *shared_info;      /* NULL when it could not be mapped */

static inline uint64_t virt_to_pfn(const void *va)
{
    return ((uint64_t)va - VIRT_BASE) >> PAGE_SHIFT;
}

/* Our pfn -> mfn by the p2m list; mfn -> our pfn (~0 if not ours). */
uint64_t pfn_to_mfn(uint64_t pfn);
uint64_t mfn_to_pfn(uint64_t mfn);
uint64_t virt_to_mfn(const void *va);
void *mfn_to_virt(uint64_t mfn);        /* NULL if not one of ours */

/* The entry of the given level (1-4) mapping va in our current tables,
 * read through the bootstrap mapping; false if a level is missing or
 * the table is not one of our frames. *maddr_out: the entry's machine address. */
bool pte_lookup(uint64_t va, unsigned int level, uint64_t *pte, uint64_t *maddr_out);

/* update_va_mapping(va, mfn | flags, UVMF_INVLPG). */
long remap_page(uint64_t va, uint64_t mfn, uint64_t flags);

/* vCPU 0's vcpu_info (NULL without shared_info). */
static inline struct vcpu_info *pv_vcpu_info(void)
{
    return shared_info ? &shared_info->vcpu_info[0] : NULL;
}

#endif /* GUEST_MEMORY_H */
