/* SPDX-License-Identifier: MIT */
/* page_alloc.c - buddy allocator: free lists through the frame table, coalescing, scrubbing. */
#include "mm/page_alloc.h"
#include "lib/string.h"
#include "mm_arch.h"

struct page_heap page_heap;

#define BLOCK_FRAMES(order) ((uint64_t)1 << (order))

/* The heap's own invariant for WP: list links stay inside the table.
 * (The shape of the lists - acyclic, each block once - is checked by the
 * unit tests' reference model, not proved: proofs/mm.page_alloc.) */
/*@ predicate LinkOk(integer link) = link == FRAME_LINK_NONE || link < frame_count;
    predicate HeapValid =
      FrameTableValid &&
      \separated(frame_table + (0 .. frame_count - 1), &page_heap) &&
      (\forall integer k; 0 <= k <= PAGE_ALLOC_MAX_ORDER ==> LinkOk(page_heap.free_head[k])) &&
      (\forall integer i; 0 <= i < frame_count ==>
          LinkOk(frame_table[i].next) && LinkOk(frame_table[i].prev));
*/

void page_alloc_init(void)
{
    /*@ loop invariant 0 <= k <= PAGE_ALLOC_MAX_ORDER + 1;
        loop assigns k, page_heap.free_head[0 .. PAGE_ALLOC_MAX_ORDER];
        loop variant PAGE_ALLOC_MAX_ORDER + 1 - k;
    */
    for (unsigned int k = 0; k <= PAGE_ALLOC_MAX_ORDER; k++)
        page_heap.free_head[k] = FRAME_LINK_NONE;
    page_heap.free_frames = 0;
    spin_lock_init(&page_heap.lock);
}

uint64_t page_alloc_free_count(void)
{
    return page_heap.free_frames;
}

/* --- Free lists ---------------------------------------------------------- */

/* Put the free block at mfn (all frames already FREE) on list order. */
/*@ requires HeapValid && mfn < frame_count && order <= PAGE_ALLOC_MAX_ORDER;
    assigns frame_table[mfn], frame_table[page_heap.free_head[order]].prev, page_heap.free_head[order];
    ensures HeapValid;
*/
static void list_push(mfn_t mfn, unsigned int order)
{
    struct frame *f = &frame_table[mfn];

    f->head = 1;
    f->order = (uint8_t)order;
    f->prev = FRAME_LINK_NONE;
    f->next = page_heap.free_head[order];
    if (page_heap.free_head[order] != FRAME_LINK_NONE)
        frame_table[page_heap.free_head[order]].prev = (uint32_t)mfn;
    page_heap.free_head[order] = (uint32_t)mfn;
}

/* Take the free block at mfn off list order. */
/*@ requires HeapValid && mfn < frame_count && order <= PAGE_ALLOC_MAX_ORDER;
    assigns frame_table[mfn], frame_table[frame_table[mfn].prev].next,
            frame_table[frame_table[mfn].next].prev, page_heap.free_head[order];
    ensures HeapValid;
*/
static void list_remove(mfn_t mfn, unsigned int order)
{
    struct frame *f = &frame_table[mfn];

    if (f->prev != FRAME_LINK_NONE)
        frame_table[f->prev].next = f->next;
    else
        page_heap.free_head[order] = f->next;
    if (f->next != FRAME_LINK_NONE)
        frame_table[f->next].prev = f->prev;
    f->next = FRAME_LINK_NONE;
    f->prev = FRAME_LINK_NONE;
    f->head = 0;
}

/* True if a free block of exactly this order starts at mfn. */
/*@ requires HeapValid && order <= PAGE_ALLOC_MAX_ORDER;
    assigns \nothing;
    ensures \result ==> mfn + BLOCK_FRAMES(order) <= frame_count;
*/
static bool free_block_at(mfn_t mfn, unsigned int order)
{
    const struct frame *f;

    if (mfn + BLOCK_FRAMES(order) > frame_count)
        return false;
    f = &frame_table[mfn];
    return f->state == FRAME_STATE_FREE && f->head && f->order == order;
}

/* Insert a free block, merging with free buddies of equal order. */
static void heap_insert(mfn_t mfn, unsigned int order)
{
    /* LAB 2: BEGIN */
    /*@ loop assigns mfn, order, page_heap.free_head[..], frame_table[0 .. frame_count - 1];
        loop variant PAGE_ALLOC_MAX_ORDER - order;
    */
    while (order < PAGE_ALLOC_MAX_ORDER) {
        mfn_t buddy = mfn ^ BLOCK_FRAMES(order);
        if (!free_block_at(buddy, order))
            break;
        list_remove(buddy, order);
        if (buddy < mfn)
            mfn = buddy;
        order++;
    }
    /* LAB 2: STUB
    if (order < PAGE_ALLOC_MAX_ORDER && free_block_at(mfn ^ BLOCK_FRAMES(order), order))
        LAB_TODO(2, "heap_insert: merge the block with its free buddy, then one order up");
    LAB 2: END */
    list_push(mfn, order);
}

/* Mark every frame of [mfn, mfn + n) with state; none is a head. */
/*@ requires HeapValid && mfn + n <= frame_count;
    assigns frame_table[mfn .. mfn + n - 1].state, frame_table[mfn .. mfn + n - 1].head;
    ensures HeapValid;
*/
static void range_mark(mfn_t mfn, uint64_t n, enum frame_state state)
{
    /*@ loop invariant 0 <= i <= n;
        loop invariant HeapValid;
        loop assigns i, frame_table[mfn .. mfn + n - 1].state,
                     frame_table[mfn .. mfn + n - 1].head;
        loop variant n - i;
    */
    for (uint64_t i = 0; i < n; i++) {
        frame_table[mfn + i].state = (uint8_t)state;
        frame_table[mfn + i].head = 0;
    }
}

/* Zero one frame and note it clean. */
static void frame_scrub(mfn_t mfn)
{
    mem_set(arch_frame_to_virt(mfn), 0, PAGE_SIZE);
    frame_table[mfn].dirty = 0;
}

/* Note that [mfn, mfn + n) holds unknown (boot) contents. */
/*@ requires HeapValid && mfn + n <= frame_count;
    assigns frame_table[mfn .. mfn + n - 1].dirty;
    ensures HeapValid;
*/
static void range_set_dirty(mfn_t mfn, uint64_t n)
{
    /*@ loop invariant 0 <= i <= n;
        loop invariant HeapValid;
        loop assigns i, frame_table[mfn .. mfn + n - 1].dirty;
        loop variant n - i;
    */
    for (uint64_t i = 0; i < n; i++)
        frame_table[mfn + i].dirty = 1;
}

/* --- Adding memory ------------------------------------------------------- */

/* True if no frame of [first, first + count) was given to the allocator. */
/*@ requires HeapValid && first + count <= frame_count;
    assigns \nothing;
*/
static bool range_is_new(mfn_t first, uint64_t count)
{
    /*@ loop invariant 0 <= i <= count;
        loop assigns i;
        loop variant count - i;
    */
    for (uint64_t i = 0; i < count; i++)
        if (frame_table[first + i].state != FRAME_STATE_NOT_RAM)
            return false;
    return true;
}

/* Largest order of a naturally aligned block at mfn within count frames. */
/*@ requires count >= 1;
    assigns \nothing;
    ensures \result <= PAGE_ALLOC_MAX_ORDER && BLOCK_FRAMES(\result) <= count;
*/
static unsigned int fit_order(mfn_t mfn, uint64_t count)
{
    unsigned int order = 0;

    /*@ loop invariant order <= PAGE_ALLOC_MAX_ORDER && BLOCK_FRAMES(order) <= count;
        loop assigns order;
        loop variant PAGE_ALLOC_MAX_ORDER - order;
    */
    while (order < PAGE_ALLOC_MAX_ORDER && (mfn & BLOCK_FRAMES(order)) == 0 &&
           BLOCK_FRAMES(order + 1) <= count)
        order++;
    return order;
}

status_t page_alloc_add_range(mfn_t first, uint64_t count)
{
    status_t status = STATUS_OK;

    if (count == 0 || first + count < first || first + count > frame_count)
        return STATUS_EINVAL;
    spin_lock(&page_heap.lock);
    if (!range_is_new(first, count)) {
        status = STATUS_EEXIST;
    } else {
        /*@ loop assigns first, count, page_heap.free_head[..], page_heap.free_frames,
                         frame_table[0 .. frame_count - 1];
            loop variant count;
        */
        while (count > 0) {
            unsigned int order = fit_order(first, count);
            range_mark(first, BLOCK_FRAMES(order), FRAME_STATE_FREE);
            range_set_dirty(first, BLOCK_FRAMES(order));
            heap_insert(first, order);
            page_heap.free_frames += BLOCK_FRAMES(order);
            first += BLOCK_FRAMES(order);
            count -= BLOCK_FRAMES(order);
        }
    }
    spin_unlock(&page_heap.lock);
    return status;
}

/* --- Allocation ---------------------------------------------------------- */

/* Smallest order >= order with a free block, or PAGE_ALLOC_MAX_ORDER + 1. */
/*@ requires HeapValid && order <= PAGE_ALLOC_MAX_ORDER;
    assigns \nothing;
    ensures order <= \result <= PAGE_ALLOC_MAX_ORDER + 1;
    ensures \result <= PAGE_ALLOC_MAX_ORDER ==> page_heap.free_head[\result] != FRAME_LINK_NONE;
*/
static unsigned int smallest_free_order(unsigned int order)
{
    /*@ loop invariant \at(order, Pre) <= order <= PAGE_ALLOC_MAX_ORDER + 1;
        loop assigns order;
        loop variant PAGE_ALLOC_MAX_ORDER + 1 - order;
    */
    while (order <= PAGE_ALLOC_MAX_ORDER && page_heap.free_head[order] == FRAME_LINK_NONE)
        order++;
    return order;
}

/* Take a block of 2^order frames off the lists, splitting a larger one. */
static status_t heap_take(unsigned int order, mfn_t *first)
{
    unsigned int k = smallest_free_order(order);
    mfn_t mfn;

    if (k > PAGE_ALLOC_MAX_ORDER)
        return STATUS_ENOMEM;
    mfn = page_heap.free_head[k];
    list_remove(mfn, k);
    /* LAB 2: BEGIN */
    /*@ loop assigns k, page_heap.free_head[..], frame_table[0 .. frame_count - 1];
        loop variant k - order;
    */
    while (k > order) {
        k--;
        list_push(mfn + BLOCK_FRAMES(k), k);
    }
    /* LAB 2: STUB
    if (k > order)
        LAB_TODO(2, "heap_take: split the larger block, upper halves back on the lists");
    LAB 2: END */
    range_mark(mfn, BLOCK_FRAMES(order), FRAME_STATE_ALLOCATED);
    frame_table[mfn].head = 1;
    frame_table[mfn].order = (uint8_t)order;
    page_heap.free_frames -= BLOCK_FRAMES(order);
    *first = mfn;
    return STATUS_OK;
}

/* Scrub the frames of a fresh block that still hold boot contents. */
static void block_scrub_dirty(mfn_t mfn, uint64_t n)
{
    /*@ loop invariant 0 <= i <= n;
        loop assigns i, frame_table[mfn .. mfn + n - 1].dirty;
        loop variant n - i;
    */
    for (uint64_t i = 0; i < n; i++)
        if (frame_table[mfn + i].dirty)
            frame_scrub(mfn + i);
}

/* Allocate for owner, charging account (NULL for the hypervisor). */
static status_t block_alloc(struct mm_account *account, domid_t owner,
                            unsigned int order, mfn_t *first)
{
    status_t status;
    mfn_t mfn = 0;

    if (order > PAGE_ALLOC_MAX_ORDER)
        return STATUS_EINVAL;
    spin_lock(&page_heap.lock);
    if (account && account->pages + BLOCK_FRAMES(order) > account->max_pages)
        status = STATUS_ENOMEM;
    else
        status = heap_take(order, &mfn);
    if (status == STATUS_OK && account)
        account->pages += BLOCK_FRAMES(order);
    spin_unlock(&page_heap.lock);
    if (status != STATUS_OK)
        return status;
    block_scrub_dirty(mfn, BLOCK_FRAMES(order));
    frame_claim(mfn, BLOCK_FRAMES(order), owner);
    *first = mfn;
    return STATUS_OK;
}

status_t page_alloc_frames(unsigned int order, mfn_t *first)
{
    return block_alloc(NULL, DOMID_XEN, order, first);
}

status_t page_alloc_domain_frames(struct mm_account *account, unsigned int order,
                                  mfn_t *first)
{
    if (account->domid >= MM_DOMID_FIRST_RESERVED)
        return STATUS_EINVAL;
    return block_alloc(account, account->domid, order, first);
}

void page_alloc_account_init(struct mm_account *account, domid_t domid,
                             uint64_t max_pages)
{
    account->domid = domid;
    account->pages = 0;
    account->max_pages = max_pages;
}

/* --- Freeing ------------------------------------------------------------- */

/* True if [first, 2^order) is exactly one allocated block. */
/*@ requires HeapValid;
    assigns \nothing;
    ensures \result ==> order <= PAGE_ALLOC_MAX_ORDER &&
        first + BLOCK_FRAMES(order) <= frame_count;
*/
static bool allocated_block_at(mfn_t first, unsigned int order)
{
    const struct frame *f;

    if (order > PAGE_ALLOC_MAX_ORDER || first >= frame_count ||
        (first & (BLOCK_FRAMES(order) - 1)) != 0 ||
        BLOCK_FRAMES(order) > frame_count - first)
        return false;
    f = &frame_table[first];
    return f->state == FRAME_STATE_ALLOCATED && f->head && f->order == order;
}

/* Scrub a released block and give it back to the lists. */
static void block_return(mfn_t first, unsigned int order)
{
    uint64_t n = BLOCK_FRAMES(order);

    /*@ loop invariant 0 <= i <= n;
        loop assigns i, frame_table[first .. first + n - 1].dirty;
        loop variant n - i;
    */
    for (uint64_t i = 0; i < n; i++)
        frame_scrub(first + i);
    spin_lock(&page_heap.lock);
    range_mark(first, n, FRAME_STATE_FREE);
    heap_insert(first, order);
    page_heap.free_frames += n;
    spin_unlock(&page_heap.lock);
}

/* Free for owner, crediting account (NULL for the hypervisor). */
static status_t block_free(struct mm_account *account, domid_t owner,
                           mfn_t first, unsigned int order)
{
    status_t status;

    spin_lock(&page_heap.lock);
    status = allocated_block_at(first, order) ? STATUS_OK : STATUS_EINVAL;
    if (status == STATUS_OK)
        status = frame_release(first, BLOCK_FRAMES(order), owner);
    if (status == STATUS_OK) {
        /* Out of the owner's hands; not yet on a list. */
        frame_table[first].head = 0;
        if (account)
            account->pages -= BLOCK_FRAMES(order);
    }
    spin_unlock(&page_heap.lock);
    if (status == STATUS_OK)
        block_return(first, order);
    return status;
}

status_t page_free_frames(mfn_t first, unsigned int order)
{
    return block_free(NULL, DOMID_XEN, first, order);
}

status_t page_free_domain_frames(struct mm_account *account, mfn_t first,
                                 unsigned int order)
{
    return block_free(account, account->domid, first, order);
}
