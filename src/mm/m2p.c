/* SPDX-License-Identifier: MIT */
/* m2p.c - the machine-to-guest frame table. */
#include "mm/m2p.h"

gfn_t *m2p_table;

void m2p_init(gfn_t *storage, uint64_t n)
{
    /*@ loop invariant bound: 0 <= i <= n;
        loop invariant done: \forall integer j; 0 <= j < i ==> storage[j] == INVALID_GFN;
        loop assigns i, storage[0 .. n - 1];
        loop variant n - i;
    */
    for (uint64_t i = 0; i < n; i++)
        storage[i] = INVALID_GFN;
    m2p_table = storage;
}

gfn_t m2p_get(mfn_t mfn)
{
    if (mfn >= frame_count)
        return INVALID_GFN;
    return m2p_table[mfn];
}

status_t m2p_set(mfn_t mfn, domid_t owner, gfn_t gfn)
{
    if (mfn >= frame_count)
        return STATUS_EINVAL;
    if (frame_table[mfn].ref_count == 0 || frame_table[mfn].owner != owner)
        return STATUS_EPERM;
    m2p_table[mfn] = gfn;
    return STATUS_OK;
}

const gfn_t *m2p_base(void)
{
    return m2p_table;
}
