/* SPDX-License-Identifier: MIT */
/* p2m_internal.h - what nested.c reads of the P2M's leaf level; not
 * exported from mm. */
#ifndef STRATA_MM_P2M_INTERNAL_H
#define STRATA_MM_P2M_INTERNAL_H

#include "mm/p2m.h"

/* --- For nested.c: read access to the leaf level ------------------------- */

/* Leaf node covering the 512-aligned gfn region of gfn, NULL if none.
 * The caller holds p2m.lock. */
const uint64_t *p2m_leaf_node(const struct mm_domain *d, gfn_t gfn);

/* Call visit(d, base_gfn, leaf) for each leaf node, in gfn order. */
void p2m_visit_leaves(struct mm_domain *d,
                      void (*visit)(struct mm_domain *d, gfn_t base,
                                    const uint64_t *leaf));

#endif /* STRATA_MM_P2M_INTERNAL_H */
