/* SPDX-License-Identifier: MIT */
/* spec/gnttab_logic.h - ACSL predicates of grant tables (see gnttab.md). */
#ifndef STRATA_SPEC_GNTTAB_LOGIC_H
#define STRATA_SPEC_GNTTAB_LOGIC_H

/*@
  // A v1 entry with these flags and domid lets grantee use the grant,
  // for writing only if the entry is not read-only.
  predicate GrantPermits(integer flags, integer domid, integer grantee,
                         integer write) =
      (flags & GTF_type_mask) == GTF_permit_access &&
      domid == grantee &&
      (write != 0 ==> (flags & GTF_readonly) == 0);

  // A reference is inside a table of nr_frames frames.
  predicate GrantRefValid(integer ref, integer nr_frames) =
      0 <= ref < nr_frames * GNTTAB_ENTRIES_PER_FRAME;

  // A mapping handle is inside the maptrack array.
  predicate GrantHandleValid(integer handle) =
      0 <= handle < GNTTAB_MAPTRACK_ENTRIES;
*/

#endif /* STRATA_SPEC_GNTTAB_LOGIC_H */
