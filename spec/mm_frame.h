/* SPDX-License-Identifier: MIT */
/* mm_frame.h - ACSL predicates of the frame table (included by mm/frame.h). */
#ifndef STRATA_SPEC_MM_FRAME_H
#define STRATA_SPEC_MM_FRAME_H

/*
 * FrameEntryValid is the per-frame invariant (spec/mm.md, "frame table"):
 *  - the type is a known one;
 *  - type count > 0 fixes a real type and needs a general reference
 *    (so a frame typed as a page table can never also be writable: the
 *    two are different values of the one 'type' field);
 *  - a pin holds a type reference;
 *  - a frame nobody references has no owner.
 * FrameTableValid adds that the table is valid memory, separated from
 * the globals describing it, and every entry is valid.
 */

/*@ predicate FrameEntryValid(struct frame *f) =
      f->type <= FRAME_TYPE_MAX &&
      (f->type_count > 0 ==> f->type != FRAME_TYPE_NONE && f->ref_count > 0) &&
      (f->pinned != 0 ==> f->type_count > 0) &&
      (f->ref_count == 0 ==> f->owner == DOMID_INVALID);
*/

/*@ predicate FrameTableValid{L} =
      frame_count <= FRAME_TABLE_MAX &&
      \valid(frame_table + (0 .. frame_count - 1)) &&
      \separated(frame_table + (0 .. frame_count - 1),
                 &frame_table, &frame_count, &frame_lock) &&
      \forall integer i; 0 <= i < frame_count ==> FrameEntryValid(frame_table + i);
*/

/* A page-table type: never coexists with writable (one type field). */
/*@ predicate FrameIsPageTable(integer type) =
      FRAME_TYPE_L1 <= type <= FRAME_TYPE_L4;
*/

#endif /* STRATA_SPEC_MM_FRAME_H */
