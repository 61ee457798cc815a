/* SPDX-License-Identifier: MIT */
/* npt.c - encode and decode AMD nested page table entries. */
#include "mm/npt.h"

uint64_t npt_table_entry(mfn_t mfn)
{
    return (mfn << PAGE_SHIFT) | NPT_P | NPT_RW | NPT_US;
}

uint64_t npt_leaf_entry(mfn_t mfn, enum p2m_type type, bool large)
{
    uint64_t entry = (mfn << PAGE_SHIFT) | NPT_P | NPT_US;

    /* LAB 3: BEGIN */
    switch (type) {
    case P2M_INVALID:
        return 0;
    case P2M_RAM_RW:
        entry |= NPT_RW;
        break;
    case P2M_RAM_RO:
        break;
    case P2M_MMIO:
        entry |= NPT_RW | NPT_PCD | NPT_PWT | NPT_NX;
        break;
    case P2M_GRANT_RW:
        entry |= NPT_RW | NPT_NX;
        break;
    default: /* P2M_GRANT_RO */
        entry |= NPT_NX;
        break;
    }
    /* LAB 3: STUB
    LAB_TODO(3, "npt_leaf_entry: the NPT permission bits of each p2m type");
    LAB 3: END */
    return large ? entry | NPT_PS : entry;
}

bool npt_entry_present(uint64_t entry)
{
    return (entry & NPT_P) != 0;
}

bool npt_entry_large(uint64_t entry)
{
    return (entry & (NPT_P | NPT_PS)) == (NPT_P | NPT_PS);
}

bool npt_entry_writable(uint64_t entry)
{
    return (entry & (NPT_P | NPT_RW)) == (NPT_P | NPT_RW);
}

mfn_t npt_entry_mfn(uint64_t entry)
{
    uint64_t mask = npt_entry_large(entry) ? NPT_ADDR_2M : NPT_ADDR_4K;

    return (entry & mask) >> PAGE_SHIFT;
}
