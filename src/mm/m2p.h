/* SPDX-License-Identifier: MIT */
/* m2p.h - the machine-to-guest frame table (M2P), one gfn per machine frame. */
#ifndef STRATA_MM_M2P_H
#define STRATA_MM_M2P_H

/*
 * m2p_table[mfn] is the gfn at which mfn's owner sees it, or INVALID_GFN.
 * It lives right after the frame table entries (frame_table_bytes counts
 * it) so the boot code can later map it read-only for PV guests, which
 * read it directly as an array of unsigned long.
 * For translated (HVM) domains p2m.c keeps it equal to the inverse of
 * the RAM entries of the owner's P2M; PV domains set it themselves
 * (MMU_MACHPHYS_UPDATE) through m2p_set.
 * Lock: an entry is written only under the owning domain's mm lock.
 */
#include "mm/frame.h"

extern gfn_t *m2p_table;

/* Called by frame_table_init: storage for n entries, all set invalid. */
/*@ requires n <= FRAME_TABLE_MAX && \valid(storage + (0 .. n - 1));
    assigns m2p_table, storage[0 .. n - 1];
    ensures m2p_table == storage;
    ensures \forall integer i; 0 <= i < n ==> storage[i] == INVALID_GFN;
*/
void m2p_init(gfn_t *storage, uint64_t n);

/* The gfn recorded for mfn; INVALID_GFN if none or mfn not in the table. */
/*@ requires \valid_read(m2p_table + (0 .. frame_count - 1));
    assigns \nothing;
    ensures mfn < frame_count ==> \result == m2p_table[mfn];
    ensures mfn >= frame_count ==> \result == INVALID_GFN;
*/
gfn_t m2p_get(mfn_t mfn);

/* Record gfn (or INVALID_GFN) for mfn, which owner must own.
 * STATUS_EINVAL: mfn not in the table; STATUS_EPERM: not owner's. */
/*@ requires valid_table: FrameTableValid;
    requires \valid(m2p_table + (0 .. frame_count - 1));
    assigns m2p_table[mfn];
    behavior bad:
      assumes mfn >= frame_count || frame_table[mfn].owner != owner ||
              frame_table[mfn].ref_count == 0;
      assigns \nothing;
      ensures \result != STATUS_OK;
    behavior ok:
      assumes mfn < frame_count && frame_table[mfn].owner == owner &&
              frame_table[mfn].ref_count != 0;
      ensures m2p_table[mfn] == gfn && \result == STATUS_OK;
    complete behaviors; disjoint behaviors;
*/
status_t m2p_set(mfn_t mfn, domid_t owner, gfn_t gfn);

/* First entry of the M2P (frame_table_size() entries), for the boot
 * code to map read-only for PV guests. */
/*@ assigns \nothing;
    ensures \result == m2p_table;
*/
const gfn_t *m2p_base(void);

#endif /* STRATA_MM_M2P_H */
