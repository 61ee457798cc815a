/* SPDX-License-Identifier: MIT */
/* p2m.h - per-domain guest-physical to machine map (P2M) and the mm part of a domain. */
#ifndef STRATA_MM_P2M_H
#define STRATA_MM_P2M_H

/*
 * A P2M maps each gfn below the domain's gfn limit to nothing or to
 * (mfn, type). It is a radix tree of 4 levels x 512 entries whose nodes
 * are hypervisor frames from page_alloc; the leaf level covers 2 MiB of
 * guest-physical space per node.
 *
 * What an entry holds on its frame (so a mapped frame can never be
 * freed, retyped to a page table while writable, or change owner):
 *   RAM_RW    own frame:     1 general ref + 1 WRITABLE type ref; M2P = gfn
 *   RAM_RO    own frame:     1 general ref;                       M2P = gfn
 *   GRANT_RW  any domain's:  1 general ref + 1 WRITABLE type ref
 *   GRANT_RO  any domain's:  1 general ref
 *   MMIO      not RAM:       nothing (mfn beyond RAM or a NOT_RAM frame)
 * A RAM frame appears at most once in its owner's P2M (the M2P is its
 * inverse), and in another domain's P2M only as a grant mapping.
 *
 * Every change is mirrored into the nested page table, if one is enabled
 * (mm/nested.h), followed by arch_flush_guest_tlb(tag).
 * Lock: every field of struct p2m and the radix nodes are protected by
 * p2m.lock, taken by each p2m_ operation.
 */
#include "mm/frame.h"
#include "mm/page_alloc.h"
#include "mm/m2p.h"

enum p2m_type {
    P2M_INVALID = 0,   /* no mapping */
    P2M_RAM_RW,        /* the domain's own RAM, writable */
    P2M_RAM_RO,        /* the domain's own RAM, read-only */
    P2M_MMIO,          /* device memory passed through (uncached) */
    P2M_GRANT_RW,      /* a frame granted by another domain, writable */
    P2M_GRANT_RO,      /* a frame granted by another domain, read-only */
};
#define P2M_TYPE_MAX P2M_GRANT_RO

#define P2M_LEVELS          4
#define P2M_ENTRIES         512
#define P2M_GFN_LIMIT_MAX   (1ULL << 36)         /* 48-bit guest-physical */
#define P2M_MFN_MAX         ((1ULL << 40) - 1)   /* 52-bit machine address */

/* Formats of the nested page table mirrored from a P2M. */
enum nested_format {
    NESTED_NONE = 0,
    NESTED_NPT,        /* AMD nested paging: long-mode page-table format */
    NESTED_EPT,        /* Intel extended page tables */
};

struct nested_table {
    uint8_t  format;      /* enum nested_format */
    uint32_t tag;         /* ASID/VPID/EPTP tag passed to arch_flush_guest_tlb */
    mfn_t    root;        /* level-4 table, INVALID_MFN if none */
    uint8_t  build_failed;/* nested_enable ran out of frames */
    uint64_t tables;      /* table frames held */
    uint64_t superpages;  /* 2 MiB leaves now installed */
};

struct p2m {
    spinlock_t lock;
    gfn_t    gfn_limit;   /* p2m.lock: every gfn is below it */
    mfn_t    root;        /* p2m.lock: level-4 node, INVALID_MFN when empty */
    uint64_t entries;     /* p2m.lock: gfns mapped */
    uint64_t nodes;       /* p2m.lock: radix node frames held */
    struct nested_table nested;  /* p2m.lock */
};

/* The memory-management part of a domain; L3's struct domain embeds it. */
struct mm_domain {
    struct mm_account account;   /* domid, pages held, max pages */
    struct p2m p2m;
};

#include "mm_p2m.h"   /* spec/: P2mValid and the isolation predicates */

/* Set up d for domain domid: no pages (limit max_pages), an empty P2M
 * for gfns below gfn_limit, no nested table. STATUS_EINVAL if domid is
 * reserved or gfn_limit is 0 or above P2M_GFN_LIMIT_MAX. */
/*@ requires valid_d: \valid(d);
    assigns *d;
    behavior bad:
      assumes domid >= MM_DOMID_FIRST_RESERVED || gfn_limit == 0 ||
              gfn_limit > P2M_GFN_LIMIT_MAX;
      assigns \nothing;
      ensures einval: \result == STATUS_EINVAL;
    behavior ok:
      assumes domid < MM_DOMID_FIRST_RESERVED && 0 < gfn_limit <= P2M_GFN_LIMIT_MAX;
      ensures valid_p2m: P2mValid(d);
      ensures empty: d->p2m.entries == 0 && d->account.pages == 0;
      ensures ok: \result == STATUS_OK;
    complete behaviors; disjoint behaviors;
*/
status_t mm_domain_init(struct mm_domain *d, domid_t domid, uint64_t max_pages,
                        gfn_t gfn_limit);

/* Remove every P2M entry (dropping its references), free the radix
 * nodes and the nested table. The domain's own pages stay allocated
 * (page_free_domain_frames frees them once unmapped). */
/*@ requires valid_p2m: P2mValid(d);
    assigns d->p2m, page_heap, frame_table[0 .. frame_count - 1], frame_lock,
            m2p_table[0 .. frame_count - 1];
    ensures valid_p2m: P2mValid(d);
    ensures empty: d->p2m.entries == 0 && d->p2m.nodes == 0;
*/
void p2m_destroy(struct mm_domain *d);

/* Map gfn to (mfn, type), replacing what was there. Decode first:
 * STATUS_EINVAL  gfn >= limit, type INVALID or unknown, mfn > P2M_MFN_MAX;
 * STATUS_EPERM   RAM type and mfn not d's, grant of a free/hypervisor
 *                frame, MMIO of a RAM frame;
 * STATUS_EEXIST  RAM frame already mapped at another gfn;
 * STATUS_EBUSY   writable type but the frame holds another type;
 * STATUS_EOVERFLOW a count is full; STATUS_ENOMEM no radix node.
 * The mapping is unchanged on failure. */
/*@ requires valid_p2m: P2mValid(d);
    requires valid_table: FrameTableValid;
    assigns d->p2m, page_heap, frame_table[0 .. frame_count - 1], frame_lock,
            m2p_table[0 .. frame_count - 1];
    ensures valid_p2m: P2mValid(d);
    ensures valid_table: FrameTableValid;
    ensures isolated: P2mIsolated(d);
    behavior bad_argument:
      assumes gfn >= d->p2m.gfn_limit || type == P2M_INVALID || type > P2M_TYPE_MAX ||
              mfn > P2M_MFN_MAX;
      ensures einval: \result == STATUS_EINVAL;
    behavior good_argument:
      assumes gfn < d->p2m.gfn_limit && P2M_INVALID < type <= P2M_TYPE_MAX &&
              mfn <= P2M_MFN_MAX;
      ensures mapped: \result == STATUS_OK ==>
          P2mMaps(d, gfn, mfn, type);
    complete behaviors; disjoint behaviors;
*/
status_t p2m_set(struct mm_domain *d, gfn_t gfn, mfn_t mfn, enum p2m_type type);

/* Map count gfns from gfn to mfn, mfn + 1, ... with one type. Every
 * element is checked before anything changes (the whole gfn range below
 * the limit and unmapped, every frame acceptable), so the call either
 * maps all of them or none: STATUS_EEXIST if some gfn is mapped, else
 * the errors of p2m_set. */
/*@ requires valid_p2m: P2mValid(d);
    requires valid_table: FrameTableValid;
    assigns d->p2m, page_heap, frame_table[0 .. frame_count - 1], frame_lock,
            m2p_table[0 .. frame_count - 1];
    ensures valid_p2m: P2mValid(d);
    ensures isolated: P2mIsolated(d);
    ensures all_or_nothing: \result != STATUS_OK ==> d->p2m.entries == \old(d->p2m.entries);
*/
status_t p2m_set_range(struct mm_domain *d, gfn_t gfn, mfn_t mfn, uint64_t count,
                       enum p2m_type type);

/* Look gfn up. STATUS_OK with *mfn and *type; STATUS_ENOENT for a hole
 * (*mfn = INVALID_MFN, *type = P2M_INVALID); STATUS_EINVAL if gfn is at
 * or above the limit (outputs set as for a hole). */
/*@ requires valid_p2m: P2mValid(d);
    requires valid_out: \valid(mfn) && \valid(type) && \separated(mfn, type);
    assigns *mfn, *type;
    ensures found: \result == STATUS_OK ==> P2mMaps(d, gfn, *mfn, *type) &&
                   *type != P2M_INVALID;
    ensures hole: \result != STATUS_OK ==> *type == P2M_INVALID && *mfn == INVALID_MFN;
    ensures limit: gfn >= d->p2m.gfn_limit ==> \result == STATUS_EINVAL;
*/
status_t p2m_get(struct mm_domain *d, gfn_t gfn, mfn_t *mfn, enum p2m_type *type);

/* Unmap gfn, dropping what the entry held. STATUS_ENOENT for a hole,
 * STATUS_EINVAL at or above the limit. */
/*@ requires valid_p2m: P2mValid(d);
    requires valid_table: FrameTableValid;
    assigns d->p2m, page_heap, frame_table[0 .. frame_count - 1], frame_lock,
            m2p_table[0 .. frame_count - 1];
    ensures valid_p2m: P2mValid(d);
    ensures isolated: P2mIsolated(d);
    ensures unmapped: \result == STATUS_OK ==> P2mMaps(d, gfn, INVALID_MFN, P2M_INVALID);
*/
status_t p2m_remove(struct mm_domain *d, gfn_t gfn);

/* Unmap every mapped gfn of [gfn, gfn + count); holes are skipped.
 * STATUS_EINVAL (nothing changed) if the range wraps or passes the limit. */
/*@ requires valid_p2m: P2mValid(d);
    requires valid_table: FrameTableValid;
    assigns d->p2m, page_heap, frame_table[0 .. frame_count - 1], frame_lock,
            m2p_table[0 .. frame_count - 1];
    ensures valid_p2m: P2mValid(d);
    ensures isolated: P2mIsolated(d);
*/
status_t p2m_remove_range(struct mm_domain *d, gfn_t gfn, uint64_t count);

/* Gfns now mapped. */
/*@ requires valid_p2m: P2mValid(d);
    assigns \nothing;
    ensures \result == d->p2m.entries;
*/
uint64_t p2m_entries(const struct mm_domain *d);

/* Reference the frame behind gfn for a hypervisor access on d's behalf
 * (guest copy): readable types are RAM and grants, writable ones RAM_RW
 * and GRANT_RW; MMIO and holes are refused. Lookup and reference happen
 * under p2m.lock, so the frame cannot change hands in between. A write
 * also takes a WRITABLE type reference. STATUS_EFAULT when refused.
 * Release with p2m_put_page(mfn, write). */
/*@ requires valid_p2m: P2mValid(d);
    requires valid_table: FrameTableValid;
    requires \valid(mfn);
    assigns d->p2m, page_heap, frame_table[0 .. frame_count - 1], frame_lock,
            m2p_table[0 .. frame_count - 1];
    ensures valid_p2m: P2mValid(d);
    ensures result: \result == STATUS_OK || \result == STATUS_EFAULT;
*/
status_t p2m_get_page(struct mm_domain *d, gfn_t gfn, bool write, mfn_t *mfn);

/* Drop what p2m_get_page took. */
/*@ requires valid_table: FrameTableValid;
    assigns frame_table[0 .. frame_count - 1], frame_lock;
*/
void p2m_put_page(mfn_t mfn, bool write);

/* --- Decoding leaf entries --------------------------------------------- */

/* Decode a leaf entry. */
/*@ assigns \nothing; ensures \result <= P2M_TYPE_MAX; */
enum p2m_type p2m_entry_type(uint64_t entry);
/*@ assigns \nothing; ensures \result <= P2M_MFN_MAX; */
mfn_t p2m_entry_mfn(uint64_t entry);



#endif /* STRATA_MM_P2M_H */
