/* SPDX-License-Identifier: MIT */
/* page_alloc.h - the buddy allocator of machine frames, with per-domain accounting. */
#ifndef STRATA_MM_PAGE_ALLOC_H
#define STRATA_MM_PAGE_ALLOC_H

/*
 * Free memory is kept as naturally aligned blocks of 2^order frames, one
 * doubly linked list per order, linked through the frame-table entries
 * (never through the free memory itself). Freeing merges a block with
 * its buddy while the buddy is a free block of the same order. Every
 * frame of a free block is in state FREE, so a double free or a free of
 * the middle of a block is detected and refused.
 * Frames are zero when handed out: freeing scrubs them, and boot memory
 * (page_alloc_add_range) is scrubbed when first allocated.
 * Failure is STATUS_ENOMEM, never a panic: guests ask for memory.
 * Lock: the free lists and the state/order/dirty/head/next/prev fields of
 * the frame table are protected by the heap lock inside page_alloc.c;
 * mm_account.pages by the same lock.
 */
#include "arch/arch.h"
#include "lib/status.h"
#include "mm/frame.h"

#define PAGE_ALLOC_MAX_ORDER 18   /* largest block: 2^18 frames = 1 GiB */

/* What one domain holds: L3's struct domain embeds it (in mm_domain). */
struct mm_account {
    domid_t  domid;       /* owner recorded in the frame table */
    uint64_t pages;       /* heap lock: frames now allocated to domid */
    uint64_t max_pages;   /* heap lock: limit on pages */
};

/* The allocator's state, visible for the specifications only: other
 * code uses the functions below. Protected by page_heap.lock. */
struct page_heap {
    uint32_t free_head[PAGE_ALLOC_MAX_ORDER + 1]; /* first block of each order */
    uint64_t free_frames;                         /* frames in free blocks */
    spinlock_t lock;
};
extern struct page_heap page_heap;

/*@ predicate AccountValid(struct mm_account *a) =
      \valid(a) && a->pages <= a->max_pages &&
      a->domid < MM_DOMID_FIRST_RESERVED;
*/

/* Start with no free memory; the frame table must be initialised. */
/*@ assigns page_heap; */
void page_alloc_init(void);

/* Give frames [first, first + count) to the allocator (boot time).
 * STATUS_EINVAL: empty, wrapping or beyond the frame table;
 * STATUS_EEXIST: some frame was already given (nothing changes then). */
/*@ requires valid_table: FrameTableValid;
    assigns page_heap, frame_table[0 .. frame_count - 1];
    behavior bad_range:
      assumes count == 0 || first + count > frame_count || first + count < first;
      ensures einval: \result == STATUS_EINVAL;
    behavior good_range:
      assumes count != 0 && first + count <= frame_count && first + count >= first;
      ensures result: \result == STATUS_OK || \result == STATUS_EEXIST;
    complete behaviors; disjoint behaviors;
*/
status_t page_alloc_add_range(mfn_t first, uint64_t count);

/* Take a zeroed, naturally aligned block of 2^order frames for the
 * hypervisor itself (owner DOMID_XEN); STATUS_ENOMEM when none is free,
 * STATUS_EINVAL if order > PAGE_ALLOC_MAX_ORDER. */
/*@ requires valid_table: FrameTableValid;
    requires valid_out: \valid(first);
    assigns page_heap, frame_table[0 .. frame_count - 1], frame_lock, *first;
    ensures aligned: \result == STATUS_OK ==> *first % (1 << order) == 0 &&
        *first + (1 << order) <= frame_count;
    ensures owned: \result == STATUS_OK ==> frame_table[*first].owner == DOMID_XEN;
    ensures result: \result == STATUS_OK || \result == STATUS_ENOMEM ||
                    \result == STATUS_EINVAL;
*/
status_t page_alloc_frames(unsigned int order, mfn_t *first);

/* Return a block taken with page_alloc_frames (same first and order); it
 * is scrubbed. STATUS_EINVAL if [first, 2^order) is not such a block
 * (double free, wrong order, out of range); STATUS_EBUSY if a frame is
 * still referenced or typed; STATUS_EPERM if not the hypervisor's. */
/*@ requires valid_table: FrameTableValid;
    assigns page_heap, frame_table[0 .. frame_count - 1], frame_lock;
*/
status_t page_free_frames(mfn_t first, unsigned int order);

/* Frames now free. */
/*@ assigns \nothing; */
uint64_t page_alloc_free_count(void);

/* Set up the accounting of domain domid with a limit of max_pages. */
/*@ requires \valid(account);
    assigns *account;
    ensures account->domid == domid && account->pages == 0 &&
            account->max_pages == max_pages;
*/
void page_alloc_account_init(struct mm_account *account, domid_t domid,
                             uint64_t max_pages);

/* Allocate 2^order zeroed frames to the domain of account, each with its
 * allocation reference. STATUS_ENOMEM if the domain would exceed its
 * maximum or no block is free; STATUS_EINVAL for a bad order or a
 * reserved domid. Nothing changes on failure. */
/*@ requires valid_table: FrameTableValid;
    requires valid_account: AccountValid(account);
    requires valid_out: \valid(first);
    assigns page_heap, frame_table[0 .. frame_count - 1], frame_lock, *first, account->pages;
    ensures valid_account: AccountValid(account);
    ensures counted: \result == STATUS_OK ==>
        account->pages == \old(account->pages) + (1 << order);
    ensures unchanged: \result != STATUS_OK ==> account->pages == \old(account->pages);
*/
status_t page_alloc_domain_frames(struct mm_account *account, unsigned int order,
                                  mfn_t *first);

/* Free a block taken with page_alloc_domain_frames. Errors as for
 * page_free_frames; STATUS_EPERM also when the block is another domain's. */
/*@ requires valid_table: FrameTableValid;
    requires valid_account: AccountValid(account);
    assigns page_heap, frame_table[0 .. frame_count - 1], frame_lock, account->pages;
    ensures valid_account: AccountValid(account);
*/
status_t page_free_domain_frames(struct mm_account *account, mfn_t first,
                                 unsigned int order);

#endif /* STRATA_MM_PAGE_ALLOC_H */
