/* SPDX-License-Identifier: MIT */
/* spec/hypercall_logic.h - ACSL predicates of hypercall dispatch. */
#ifndef STRATA_SPEC_HYPERCALL_LOGIC_H
#define STRATA_SPEC_HYPERCALL_LOGIC_H

/*@
  // A hypercall number the dispatch table covers.
  predicate HypercallInTable(integer nr) = 0 <= nr < XEN_HYPERCALL_COUNT;

  // A frame the dispatcher may read and rewrite.
  predicate HypercallFrameValid(struct hypercall_frame *f) = \valid(f);
*/

#endif /* STRATA_SPEC_HYPERCALL_LOGIC_H */
