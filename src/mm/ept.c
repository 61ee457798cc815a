/* SPDX-License-Identifier: MIT */
/* ept.c - encode and decode Intel extended page table entries. */
#include "mm/ept.h"

uint64_t ept_table_entry(mfn_t mfn)
{
    return (mfn << PAGE_SHIFT) | EPT_R | EPT_W | EPT_X;
}

uint64_t ept_leaf_entry(mfn_t mfn, enum p2m_type type, bool large)
{
    uint64_t entry = (mfn << PAGE_SHIFT) | EPT_R;

    switch (type) {
    case P2M_INVALID:
        return 0;
    case P2M_RAM_RW:
        entry |= EPT_W | EPT_X | (EPT_MT_WB << EPT_MT_SHIFT);
        break;
    case P2M_RAM_RO:
        entry |= EPT_X | (EPT_MT_WB << EPT_MT_SHIFT);
        break;
    case P2M_MMIO:
        entry |= EPT_W | (EPT_MT_UC << EPT_MT_SHIFT) | EPT_IPAT;
        break;
    case P2M_GRANT_RW:
        entry |= EPT_W | (EPT_MT_WB << EPT_MT_SHIFT);
        break;
    default: /* P2M_GRANT_RO */
        entry |= EPT_MT_WB << EPT_MT_SHIFT;
        break;
    }
    return large ? entry | EPT_LARGE : entry;
}

bool ept_entry_present(uint64_t entry)
{
    return (entry & (EPT_R | EPT_W | EPT_X)) != 0;
}

bool ept_entry_large(uint64_t entry)
{
    return ept_entry_present(entry) && (entry & EPT_LARGE) != 0;
}

bool ept_entry_writable(uint64_t entry)
{
    return (entry & EPT_W) != 0;
}

mfn_t ept_entry_mfn(uint64_t entry)
{
    uint64_t mask = ept_entry_large(entry) ? EPT_ADDR_2M : EPT_ADDR_4K;

    return (entry & mask) >> PAGE_SHIFT;
}
