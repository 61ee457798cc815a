/* SPDX-License-Identifier: MIT */
/* nested.h - the hardware nested page table (NPT or EPT) mirrored from a P2M. */
#ifndef STRATA_MM_NESTED_H
#define STRATA_MM_NESTED_H

/*
 * Once enabled, every P2M change is mirrored into the nested table and
 * followed by arch_flush_guest_tlb(tag). A 2 MiB region whose 512 P2M
 * entries are all present, of one type, and map a 512-aligned run of
 * contiguous frames is installed as one superpage; when it stops being
 * uniform it is split back into a level-1 table (filled completely
 * before the level-2 entry is switched, then flushed).
 * Table frames: levels 4 and 3 are single frames; a level-2 table is an
 * order-1 block whose second frame records, per slot, the level-1 table
 * kept for that region (so a split never needs to allocate: every region
 * with P2M entries has its level-1 table, made by nested_prepare before
 * the P2M changes). Lock: the domain's p2m.lock.
 */
#include "mm/p2m.h"

/* Forget any nested table (no frames freed): format NONE. */
/*@ requires \valid(n); assigns *n; ensures n->format == NESTED_NONE; */
void nested_reset(struct nested_table *n);

/* Build the nested table of format from d's P2M and keep it in sync,
 * flushing with tag. STATUS_EINVAL: unknown format; STATUS_EEXIST:
 * already enabled; STATUS_ENOMEM: out of table frames (nothing enabled). */
/*@ requires valid_p2m: P2mValid(d);
    assigns d->p2m, page_heap, frame_table[0 .. frame_count - 1], frame_lock,
            m2p_table[0 .. frame_count - 1];
    ensures valid_p2m: P2mValid(d);
    ensures enabled: \result == STATUS_OK ==> d->p2m.nested.format == format;
*/
status_t nested_enable(struct mm_domain *d, enum nested_format format, uint32_t tag);

/* Stop mirroring and free every table frame; flushes. */
/*@ requires valid_p2m: P2mValid(d);
    assigns d->p2m, page_heap, frame_table[0 .. frame_count - 1], frame_lock,
            m2p_table[0 .. frame_count - 1];
    ensures valid_p2m: P2mValid(d);
    ensures disabled: d->p2m.nested.format == NESTED_NONE;
*/
void nested_disable(struct mm_domain *d);

/* Machine frame of the level-4 table (for the VMCB nCR3 or the EPTP),
 * INVALID_MFN when not enabled. */
/*@ requires valid_d: \valid_read(d);
    assigns \nothing;
    ensures root: \result == d->p2m.nested.root;
*/
mfn_t nested_root(const struct mm_domain *d);

/* Walk the nested table as the hardware would: the frame gfn reaches
 * and whether it is writable and mapped by a superpage.
 * STATUS_ENOENT if not present or not enabled. */
/*@ requires valid_p2m: P2mValid(d);
    requires \valid(mfn) && \valid(writable) && \valid(superpage);
    assigns *mfn, *writable, *superpage;
*/
status_t nested_translate(struct mm_domain *d, gfn_t gfn, mfn_t *mfn,
                          bool *writable, bool *superpage);

#endif /* STRATA_MM_NESTED_H */
