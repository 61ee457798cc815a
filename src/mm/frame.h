/* SPDX-License-Identifier: MIT */
/* frame.h - the frame table: owner, reference and type counts per machine frame. */
#ifndef STRATA_MM_FRAME_H
#define STRATA_MM_FRAME_H

/*
 * One entry per machine frame, with Xen's page-type semantics:
 *
 *  - ref_count: general references. An allocated frame holds one (the
 *    allocation reference, taken by page_alloc and dropped only when the
 *    frame is freed); every other user (a grant mapping, a copy in
 *    progress) takes another with frame_get.
 *  - type / type_count: what the frame is used as (page table of level
 *    1-4, segment descriptors, writable data, shared). A type reference
 *    can be taken only when the frame holds no other type: a non-zero
 *    type_count fixes the type, so a page table is never writable.
 *  - validated: the contents were checked for the current type (set by
 *    the PV MMU after it validated a page table; cleared when the type
 *    count drops to zero).  pinned: a pin holds one type reference.
 *
 * Counts that would overflow are refused (STATUS_EOVERFLOW), never wrap.
 * Locks: ref_count, type_count, type, owner, validated, pinned are
 * protected by the frame lock inside frame.c (every frame_ operation
 * takes it); state, order, dirty, head, next, prev by page_alloc's heap lock.
 */
#include "arch/arch.h"
#include "lib/status.h"
#include "mm/mm_types.h"

enum frame_type {
    FRAME_TYPE_NONE = 0,
    FRAME_TYPE_L1,          /* level-1 page table (maps 4 KiB pages) */
    FRAME_TYPE_L2,
    FRAME_TYPE_L3,
    FRAME_TYPE_L4,          /* top-level page table */
    FRAME_TYPE_SEG_DESC,    /* GDT/LDT frame */
    FRAME_TYPE_WRITABLE,    /* mapped writable somewhere */
    FRAME_TYPE_SHARED,      /* shared between domains (sharing/grants) */
};
#define FRAME_TYPE_MAX FRAME_TYPE_SHARED

/* Allocation state of a frame (page_alloc's view). */
enum frame_state {
    FRAME_STATE_NOT_RAM = 0,  /* hole, MMIO or reserved: never allocated */
    FRAME_STATE_FREE,         /* inside a free buddy block */
    FRAME_STATE_ALLOCATED,    /* owned by a domain or the hypervisor */
};

#define FRAME_COUNT_MAX   0xFFFFFFFFU   /* a count at this value is full */
#define FRAME_LINK_NONE   0xFFFFFFFFU   /* end of a free list */
#define FRAME_TABLE_MAX   0xFFFFFFFFULL /* frames (16 TiB of machine memory) */

struct frame {
    uint32_t ref_count;   /* frame lock: general references */
    uint32_t type_count;  /* frame lock: references of type 'type' */
    domid_t  owner;       /* frame lock: DOMID_INVALID when not allocated */
    uint8_t  type;        /* frame lock: enum frame_type */
    uint8_t  validated;   /* frame lock: 1 if contents checked for type */
    uint8_t  pinned;      /* frame lock: 1 if a pin holds a type ref */
    uint8_t  state;       /* heap lock: enum frame_state */
    uint8_t  order;       /* heap lock: block order (head frames) */
    uint8_t  dirty;       /* heap lock: 1 if contents must be scrubbed */
    uint8_t  head;        /* heap lock: 1 if first frame of a block */
    uint32_t next;        /* heap lock: next free block head */
    uint32_t prev;        /* heap lock: previous free block head */
};

/* Snapshot of an entry for upper layers and tests. */
struct frame_info {
    domid_t owner;
    enum frame_type type;
    enum frame_state state;
    uint32_t ref_count;
    uint32_t type_count;
    bool validated;
    bool pinned;
};

/* The table itself: read by the specifications and by page_alloc.c; only
 * frame.c and page_alloc.c write it, under the locks named above. */
extern struct frame *frame_table;
extern uint64_t frame_count;
extern spinlock_t frame_lock;
extern gfn_t *m2p_table;   /* mm/m2p.h */

#include "mm_frame.h"   /* spec/: FrameTableValid and friends */

/* Bytes of storage frame_table_init needs for nr_frames frames (the
 * entries followed by the M2P table); 0 if nr_frames is out of range. */
/*@ assigns \nothing; */
size_t frame_table_bytes(uint64_t nr_frames);

/* Use storage (frame_table_bytes(nr_frames) bytes, zeroed by the caller)
 * for the entries of frames 0 .. nr_frames - 1; all start as not RAM
 * (owner none, not allocatable) until page_alloc_add_range takes them. */
/*@ requires storage_size: nr_frames == 0 || nr_frames > FRAME_TABLE_MAX ||
        (\valid((struct frame *)storage + (0 .. nr_frames - 1)) &&
         \valid((gfn_t *)((struct frame *)storage + nr_frames) + (0 .. nr_frames - 1)));
    assigns frame_table, frame_count, frame_lock, m2p_table,
            ((struct frame *)storage)[0 .. nr_frames - 1],
            ((gfn_t *)((struct frame *)storage + nr_frames))[0 .. nr_frames - 1];
    behavior bad_size:
      assumes nr_frames == 0 || nr_frames > FRAME_TABLE_MAX;
      assigns \nothing;
      ensures einval: \result == STATUS_EINVAL;
    behavior ok:
      assumes 0 < nr_frames <= FRAME_TABLE_MAX;
      ensures valid_table: FrameTableValid;
      ensures size: frame_count == nr_frames;
      ensures ok: \result == STATUS_OK;
    complete behaviors; disjoint behaviors;
*/
status_t frame_table_init(void *storage, uint64_t nr_frames);

/* Frames the table describes (0 before frame_table_init). */
/*@ assigns \nothing; ensures \result == frame_count; */
uint64_t frame_table_size(void);

/* Copy the entry of mfn into *info; STATUS_EINVAL if mfn is not in the
 * table (nothing written then). */
/*@ requires valid_table: FrameTableValid;
    requires valid_info: \valid(info);
    requires separated_info: \separated(info, frame_table + (0 .. frame_count - 1));
    assigns *info;
    behavior out_of_range:
      assumes mfn >= frame_count;
      assigns \nothing;
      ensures einval: \result == STATUS_EINVAL;
    behavior ok:
      assumes mfn < frame_count;
      ensures owner: info->owner == frame_table[mfn].owner;
      ensures counts: info->ref_count == frame_table[mfn].ref_count &&
                      info->type_count == frame_table[mfn].type_count;
      ensures ok: \result == STATUS_OK;
    complete behaviors; disjoint behaviors;
*/
status_t frame_get_info(mfn_t mfn, struct frame_info *info);

/* Owner of mfn, DOMID_INVALID if free, not RAM or not in the table. */
/*@ requires valid_table: FrameTableValid;
    assigns \nothing;
    ensures owner: mfn < frame_count ==> \result == frame_table[mfn].owner;
    ensures none: mfn >= frame_count ==> \result == DOMID_INVALID;
*/
domid_t frame_owner(mfn_t mfn);

/* Take a general reference on mfn, which owner must own.
 * STATUS_EINVAL: not in the table; STATUS_EPERM: not allocated to owner;
 * STATUS_EOVERFLOW: the count is full. Nothing changes on failure. */
/*@ requires valid_table: FrameTableValid;
    assigns frame_table[mfn].ref_count, frame_lock;
    ensures valid_table: FrameTableValid;
    behavior out_of_range:
      assumes mfn >= frame_count;
      assigns \nothing;
      ensures einval: \result == STATUS_EINVAL;
    behavior not_owner:
      assumes mfn < frame_count;
      assumes frame_table[mfn].ref_count == 0 || frame_table[mfn].owner != owner;
      assigns frame_lock;
      ensures eperm: \result == STATUS_EPERM;
    behavior full:
      assumes mfn < frame_count;
      assumes frame_table[mfn].ref_count != 0 && frame_table[mfn].owner == owner;
      assumes frame_table[mfn].ref_count == FRAME_COUNT_MAX;
      assigns frame_lock;
      ensures eoverflow: \result == STATUS_EOVERFLOW;
    behavior ok:
      assumes mfn < frame_count;
      assumes frame_table[mfn].ref_count != 0 && frame_table[mfn].owner == owner;
      assumes frame_table[mfn].ref_count < FRAME_COUNT_MAX;
      ensures counted: frame_table[mfn].ref_count == \old(frame_table[mfn].ref_count) + 1;
      ensures ok: \result == STATUS_OK;
    complete behaviors; disjoint behaviors;
*/
status_t frame_get(mfn_t mfn, domid_t owner);

/* Drop a general reference taken with frame_get. The allocation
 * reference is never dropped here (page_alloc frees the frame), so
 * STATUS_EINVAL if mfn is not in the table or holds only that one, or if
 * dropping it would leave type references without a general one. */
/*@ requires valid_table: FrameTableValid;
    assigns frame_table[mfn].ref_count, frame_lock;
    ensures valid_table: FrameTableValid;
    behavior out_of_range:
      assumes mfn >= frame_count;
      assigns \nothing;
      ensures einval: \result == STATUS_EINVAL;
    behavior last:
      assumes mfn < frame_count && frame_table[mfn].ref_count <= 1;
      assigns frame_lock;
      ensures einval: \result == STATUS_EINVAL;
    behavior ok:
      assumes mfn < frame_count && frame_table[mfn].ref_count > 1;
      ensures counted: frame_table[mfn].ref_count == \old(frame_table[mfn].ref_count) - 1;
      ensures ok: \result == STATUS_OK;
    complete behaviors; disjoint behaviors;
*/
status_t frame_put(mfn_t mfn);

/* Take a type reference of type on mfn (owned by owner). Succeeds when
 * the frame holds type already (count + 1) or holds no type reference at
 * all (retype: count 1, not validated; leaving the writable type flushes
 * guest TLBs so no stale writable translation survives).
 * STATUS_EINVAL: not in the table or type is NONE or unknown;
 * STATUS_EPERM: not allocated to owner; STATUS_EBUSY: holds another type;
 * STATUS_EOVERFLOW: the type count is full. Nothing changes on failure. */
/*@ requires valid_table: FrameTableValid;
    assigns frame_table[mfn].type_count, frame_table[mfn].type,
            frame_table[mfn].validated, frame_lock;
    ensures valid_table: FrameTableValid;
    ensures type_fixed: \old(frame_table[mfn].type_count) > 0 ==>
        frame_table[mfn].type == \old(frame_table[mfn].type);
    behavior bad_argument:
      assumes mfn >= frame_count || type == FRAME_TYPE_NONE || type > FRAME_TYPE_MAX;
      assigns \nothing;
      ensures einval: \result == STATUS_EINVAL;
    behavior not_owner:
      assumes mfn < frame_count && FRAME_TYPE_NONE < type <= FRAME_TYPE_MAX;
      assumes frame_table[mfn].ref_count == 0 || frame_table[mfn].owner != owner;
      assigns frame_lock;
      ensures eperm: \result == STATUS_EPERM;
    behavior other_type:
      assumes mfn < frame_count && FRAME_TYPE_NONE < type <= FRAME_TYPE_MAX;
      assumes frame_table[mfn].ref_count != 0 && frame_table[mfn].owner == owner;
      assumes frame_table[mfn].type_count > 0 && frame_table[mfn].type != type;
      assigns frame_lock;
      ensures ebusy: \result == STATUS_EBUSY;
    behavior full:
      assumes mfn < frame_count && FRAME_TYPE_NONE < type <= FRAME_TYPE_MAX;
      assumes frame_table[mfn].ref_count != 0 && frame_table[mfn].owner == owner;
      assumes frame_table[mfn].type_count == FRAME_COUNT_MAX && frame_table[mfn].type == type;
      assigns frame_lock;
      ensures eoverflow: \result == STATUS_EOVERFLOW;
    behavior ok:
      assumes mfn < frame_count && FRAME_TYPE_NONE < type <= FRAME_TYPE_MAX;
      assumes frame_table[mfn].ref_count != 0 && frame_table[mfn].owner == owner;
      assumes frame_table[mfn].type_count == 0 ||
              (frame_table[mfn].type == type && frame_table[mfn].type_count < FRAME_COUNT_MAX);
      ensures typed: frame_table[mfn].type == type;
      ensures counted: frame_table[mfn].type_count == \old(frame_table[mfn].type_count) + 1;
      ensures ok: \result == STATUS_OK;
    complete behaviors; disjoint behaviors;
*/
status_t frame_get_type(mfn_t mfn, domid_t owner, enum frame_type type);

/* Drop a type reference of type. STATUS_EINVAL if mfn is not in the
 * table, holds no reference of type, or the last one belongs to a pin.
 * The last reference clears validated; the type itself stays recorded
 * (so a later retype away from writable knows to flush). */
/*@ requires valid_table: FrameTableValid;
    assigns frame_table[mfn].type_count, frame_table[mfn].validated, frame_lock;
    ensures valid_table: FrameTableValid;
    ensures type_kept: mfn < frame_count ==> frame_table[mfn].type == \old(frame_table[mfn].type);
    behavior out_of_range:
      assumes mfn >= frame_count;
      assigns \nothing;
      ensures einval: \result == STATUS_EINVAL;
    behavior not_held:
      assumes mfn < frame_count;
      assumes frame_table[mfn].type_count == 0 || frame_table[mfn].type != type ||
              (frame_table[mfn].pinned != 0 && frame_table[mfn].type_count == 1);
      assigns frame_lock;
      ensures einval: \result == STATUS_EINVAL;
    behavior ok:
      assumes mfn < frame_count;
      assumes frame_table[mfn].type_count > 0 && frame_table[mfn].type == type;
      assumes frame_table[mfn].pinned == 0 || frame_table[mfn].type_count > 1;
      ensures counted: frame_table[mfn].type_count == \old(frame_table[mfn].type_count) - 1;
      ensures ok: \result == STATUS_OK;
    complete behaviors; disjoint behaviors;
*/
status_t frame_put_type(mfn_t mfn, enum frame_type type);

/* Pin mfn as type (a page table the guest wants kept validated): takes a
 * type reference held by the pin. STATUS_EEXIST if already pinned, else
 * the errors of frame_get_type. */
/*@ requires valid_table: FrameTableValid;
    assigns frame_table[mfn].type_count, frame_table[mfn].type,
            frame_table[mfn].validated, frame_table[mfn].pinned, frame_lock;
    ensures valid_table: FrameTableValid;
    ensures pinned: \result == STATUS_OK ==> frame_table[mfn].pinned == 1 &&
                    frame_table[mfn].type == type;
*/
status_t frame_pin(mfn_t mfn, domid_t owner, enum frame_type type);

/* Undo frame_pin: drop the pin's type reference. STATUS_EINVAL if mfn
 * is not in the table or not pinned; STATUS_EPERM if owner does not own it. */
/*@ requires valid_table: FrameTableValid;
    assigns frame_table[mfn].type_count, frame_table[mfn].validated,
            frame_table[mfn].pinned, frame_lock;
    ensures valid_table: FrameTableValid;
    ensures unpinned: \result == STATUS_OK ==> frame_table[mfn].pinned == 0;
*/
status_t frame_unpin(mfn_t mfn, domid_t owner);

/* Record that the contents of mfn were validated for its current type.
 * STATUS_EINVAL if not in the table or it holds no type reference. */
/*@ requires valid_table: FrameTableValid;
    assigns frame_table[mfn].validated, frame_lock;
    ensures valid_table: FrameTableValid;
    ensures validated: \result == STATUS_OK ==> frame_table[mfn].validated == 1;
*/
status_t frame_set_validated(mfn_t mfn);

/* --- For page_alloc only ------------------------------------------------ */

/* Give frames [first, first + n) (allocated, unowned) to owner with the
 * allocation reference: ref_count 1, no type. */
/*@ requires valid_table: FrameTableValid;
    requires range: first + n <= frame_count && n <= FRAME_TABLE_MAX;
    requires real_owner: owner != DOMID_INVALID;
    requires unowned: \forall integer i; first <= i < first + n ==>
        frame_table[i].ref_count == 0 && frame_table[i].type_count == 0 &&
        frame_table[i].pinned == 0;
    assigns frame_table[first .. first + n - 1].ref_count,
            frame_table[first .. first + n - 1].owner,
            frame_table[first .. first + n - 1].validated,
            frame_table[first .. first + n - 1].type, frame_lock;
    ensures valid_table: FrameTableValid;
    ensures claimed: \forall integer i; first <= i < first + n ==>
        frame_table[i].ref_count == 1 && frame_table[i].owner == owner;
*/
void frame_claim(mfn_t first, uint64_t n, domid_t owner);

/* Take frames [first, first + n) back from owner: succeeds only if each
 * is owned by owner and holds just the allocation reference and no type
 * reference; then each becomes unowned (ref_count 0). STATUS_EBUSY
 * (nothing changed) if any frame is still referenced or typed,
 * STATUS_EPERM if any is not owner's. */
/*@ requires valid_table: FrameTableValid;
    requires range: first + n <= frame_count && n <= FRAME_TABLE_MAX;
    assigns frame_table[first .. first + n - 1].ref_count,
            frame_table[first .. first + n - 1].owner,
            frame_table[first .. first + n - 1].validated, frame_lock;
    ensures valid_table: FrameTableValid;
    ensures released: \result == STATUS_OK ==> \forall integer i;
        first <= i < first + n ==> frame_table[i].ref_count == 0 &&
        frame_table[i].type_count == 0 && frame_table[i].owner == DOMID_INVALID;
*/
status_t frame_release(mfn_t first, uint64_t n, domid_t owner);

#endif /* STRATA_MM_FRAME_H */
