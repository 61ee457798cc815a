/* SPDX-License-Identifier: MIT */
/* memory.c - pfn/mfn translation and page-table reads of a PV guest. */
#include "guest.h"

#define INVALID_FRAME (~0ULL)

start_info_t *start_info;
shared_info_t *shared_info;

uint64_t pfn_to_mfn(uint64_t pfn)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

    return pfn < start_info->nr_pages ? p2m[pfn] : INVALID_FRAME;
}

/* Search the p2m list: it needs no M2P mapping, only our own pages. */
uint64_t mfn_to_pfn(uint64_t mfn)
{
    const uint64_t *p2m = (const uint64_t *)start_info->mfn_list;

    for (uint64_t pfn = 0; pfn < start_info->nr_pages; pfn++)
        if (p2m[pfn] == mfn)
            return pfn;
    return INVALID_FRAME;
}

uint64_t virt_to_mfn(const void *va)
{
    return pfn_to_mfn(virt_to_pfn(va));
}

void *mfn_to_virt(uint64_t mfn)
{
    uint64_t pfn = mfn_to_pfn(mfn);

    return pfn == INVALID_FRAME ? NULL : (void *)(VIRT_BASE + (pfn << PAGE_SHIFT));
}

bool pte_lookup(uint64_t va, unsigned int level, uint64_t *pte, uint64_t *maddr_out)
{
    const uint64_t *table = (const uint64_t *)start_info->pt_base;
    uint64_t mfn = virt_to_mfn(table);

    if (level < 1 || level > 4)
        return false;
    for (unsigned int l = 4;; l--) {
        unsigned int index = (unsigned int)(va >> (PAGE_SHIFT + 9 * (l - 1))) & 511;
        uint64_t e = table[index];

        if (l == level) {
            *pte = e;
            if (maddr_out != NULL)
                *maddr_out = (mfn << PAGE_SHIFT) + index * sizeof(uint64_t);
            return true;
        }
        if (!(e & PTE_P) || (e & PTE_PS))
            return false;
        mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
        table = mfn_to_virt(mfn);
        if (table == NULL)
            return false;
    }
}

long remap_page(uint64_t va, uint64_t mfn, uint64_t flags)
{
    return hypercall_update_va_mapping(va, (mfn << PAGE_SHIFT) | flags, UVMF_INVLPG);
}
