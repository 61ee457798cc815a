/* SPDX-License-Identifier: MIT */
/* ept.h - Intel extended page table entries. */
#ifndef STRATA_MM_EPT_H
#define STRATA_MM_EPT_H

/*
 * An EPT entry is present when any of R, W, X is set. Non-leaf entries
 * grant RWX (the leaf decides). Leaves: RAM is write-back (memory type
 * 6) and executable, MMIO uncached (type 0) with "ignore PAT" and not
 * executable, grants never executable; read-only types clear W.
 * A 2 MiB leaf sits in a level-2 table with bit 7 set.
 */
#include "mm/p2m.h"

#define EPT_R          (1ULL << 0)
#define EPT_W          (1ULL << 1)
#define EPT_X          (1ULL << 2)
#define EPT_MT_SHIFT   3
#define EPT_MT_UC      0ULL
#define EPT_MT_WB      6ULL
#define EPT_IPAT       (1ULL << 6)
#define EPT_LARGE      (1ULL << 7)
#define EPT_ADDR_4K    0x000FFFFFFFFFF000ULL
#define EPT_ADDR_2M    0x000FFFFFFFE00000ULL

/*@ requires mfn <= P2M_MFN_MAX;
    assigns \nothing;
    ensures present: (\result & (EPT_R | EPT_W | EPT_X)) != 0;
*/
uint64_t ept_table_entry(mfn_t mfn);

/*@ requires mfn <= P2M_MFN_MAX && type <= P2M_TYPE_MAX;
    assigns \nothing;
    behavior none:
      assumes type == P2M_INVALID;
      ensures \result == 0;
    behavior mapped:
      assumes type != P2M_INVALID;
      ensures present: (\result & EPT_R) != 0;
      ensures read_only: (type == P2M_RAM_RO || type == P2M_GRANT_RO) ==>
          (\result & EPT_W) == 0;
      ensures no_exec: (type == P2M_MMIO || type == P2M_GRANT_RW ||
                        type == P2M_GRANT_RO) ==> (\result & EPT_X) == 0;
    complete behaviors; disjoint behaviors;
*/
uint64_t ept_leaf_entry(mfn_t mfn, enum p2m_type type, bool large);

/*@ assigns \nothing; */
bool ept_entry_present(uint64_t entry);
/*@ assigns \nothing; */
bool ept_entry_large(uint64_t entry);
/*@ assigns \nothing; */
bool ept_entry_writable(uint64_t entry);
/*@ assigns \nothing; ensures \result <= P2M_MFN_MAX; */
mfn_t ept_entry_mfn(uint64_t entry);

#endif /* STRATA_MM_EPT_H */
