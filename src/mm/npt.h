/* SPDX-License-Identifier: MIT */
/* npt.h - AMD nested page table entries (long-mode page-table format). */
#ifndef STRATA_MM_NPT_H
#define STRATA_MM_NPT_H

/*
 * Guest accesses through NPT are user accesses, so every present entry
 * has U/S set. Leaves: RAM and grants are write-back, MMIO uncached
 * (PCD|PWT) and not executable; read-only types clear R/W. A 2 MiB leaf
 * sits in a level-2 table with PS (bit 7) set.
 */
#include "mm/p2m.h"

#define NPT_P        (1ULL << 0)
#define NPT_RW       (1ULL << 1)
#define NPT_US       (1ULL << 2)
#define NPT_PWT      (1ULL << 3)
#define NPT_PCD      (1ULL << 4)
#define NPT_PS       (1ULL << 7)
#define NPT_NX       (1ULL << 63)
#define NPT_ADDR_4K  0x000FFFFFFFFFF000ULL
#define NPT_ADDR_2M  0x000FFFFFFFE00000ULL

/* A non-leaf entry pointing at table frame mfn. */
/*@ requires mfn <= P2M_MFN_MAX;
    assigns \nothing;
    ensures present: (\result & NPT_P) != 0;
*/
uint64_t npt_table_entry(mfn_t mfn);

/* A leaf mapping mfn with the permissions of type (0 for P2M_INVALID);
 * large: a 2 MiB leaf (mfn must be 512-aligned). */
/*@ requires mfn <= P2M_MFN_MAX && type <= P2M_TYPE_MAX;
    assigns \nothing;
    behavior none:
      assumes type == P2M_INVALID;
      ensures \result == 0;
    behavior mapped:
      assumes type != P2M_INVALID;
      ensures present: (\result & NPT_P) != 0;
      ensures read_only: (type == P2M_RAM_RO || type == P2M_GRANT_RO) ==>
          (\result & NPT_RW) == 0;
    complete behaviors; disjoint behaviors;
*/
uint64_t npt_leaf_entry(mfn_t mfn, enum p2m_type type, bool large);

/*@ assigns \nothing; */
bool npt_entry_present(uint64_t entry);
/*@ assigns \nothing; */
bool npt_entry_large(uint64_t entry);
/*@ assigns \nothing; */
bool npt_entry_writable(uint64_t entry);
/*@ assigns \nothing; ensures \result <= P2M_MFN_MAX; */
mfn_t npt_entry_mfn(uint64_t entry);

#endif /* STRATA_MM_NPT_H */
