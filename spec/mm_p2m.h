/* SPDX-License-Identifier: MIT */
/* mm_p2m.h - ACSL model of a P2M and the isolation invariants (included by mm/p2m.h). */
#ifndef STRATA_SPEC_MM_P2M_H
#define STRATA_SPEC_MM_P2M_H

/*
 * The abstract P2M of a domain is a function gfn -> (mfn, type), given
 * here by two logic functions. The radix tree in p2m.c represents it in
 * hypervisor frames reached through arch_frame_to_virt, which WP cannot
 * follow; so the link between tree and model is not proved (see
 * proofs/mm.p2m/unproved.md) and the isolation predicates below are the
 * specification the unit tests check against a reference model.
 */
/*@ axiomatic P2mModel {
      logic integer p2m_mfn_of{L}(struct mm_domain *d, integer gfn);
      logic integer p2m_type_of{L}(struct mm_domain *d, integer gfn);
      axiom type_range{L}: \forall struct mm_domain *d, integer g;
          P2M_INVALID <= p2m_type_of(d, g) <= P2M_TYPE_MAX;
    }
*/

/*@ predicate P2mMaps{L}(struct mm_domain *d, integer gfn, integer mfn, integer type) =
      p2m_type_of(d, gfn) == type &&
      (type != P2M_INVALID ==> p2m_mfn_of(d, gfn) == mfn);
*/

/*@ predicate P2mIsGrant(integer type) = type == P2M_GRANT_RW || type == P2M_GRANT_RO;
    predicate P2mIsRam(integer type) = type == P2M_RAM_RW || type == P2M_RAM_RO;
    predicate P2mIsWritable(integer type) = type == P2M_RAM_RW || type == P2M_GRANT_RW ||
                                            type == P2M_MMIO;
*/

/* The object invariant every p2m_ operation requires and ensures. */
/*@ predicate P2mValid{L}(struct mm_domain *d) =
      \valid(d) && AccountValid(&d->account) &&
      0 < d->p2m.gfn_limit <= P2M_GFN_LIMIT_MAX &&
      d->p2m.entries <= d->p2m.gfn_limit &&
      \forall integer g; g >= d->p2m.gfn_limit ==> p2m_type_of(d, g) == P2M_INVALID;
*/

/* Isolation, stated on one domain against the frame table and M2P:
 *  1. a RAM entry maps a frame d owns, and the M2P maps it back (agree);
 *  2. a frame owned by another domain appears only as a grant mapping;
 *  3. a writable entry never maps a frame typed as a page table (or any
 *     type other than writable) - page-table frames are never writable. */
/*@ predicate P2mIsolated{L}(struct mm_domain *d) =
      \forall integer g; 0 <= g < d->p2m.gfn_limit ==>
        (P2mIsRam(p2m_type_of(d, g)) ==>
            frame_table[p2m_mfn_of(d, g)].owner == d->account.domid &&
            m2p_table[p2m_mfn_of(d, g)] == g) &&
        (P2mIsGrant(p2m_type_of(d, g)) ==>
            frame_table[p2m_mfn_of(d, g)].ref_count > 0) &&
        ((p2m_type_of(d, g) == P2M_RAM_RW || p2m_type_of(d, g) == P2M_GRANT_RW) ==>
            frame_table[p2m_mfn_of(d, g)].type == FRAME_TYPE_WRITABLE &&
            frame_table[p2m_mfn_of(d, g)].type_count > 0);
*/

#endif /* STRATA_SPEC_MM_P2M_H */
