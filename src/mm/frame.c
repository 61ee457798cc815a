/* SPDX-License-Identifier: MIT */
/* frame.c - frame table entries: ownership, general and type reference counts. */
#include "mm/frame.h"
#include "mm/m2p.h"
#include "mm_arch.h"

struct frame *frame_table;
uint64_t frame_count;
spinlock_t frame_lock;

size_t frame_table_bytes(uint64_t nr_frames)
{
    if (nr_frames == 0 || nr_frames > FRAME_TABLE_MAX)
        return 0;
    return (size_t)nr_frames * (sizeof(struct frame) + sizeof(gfn_t));
}

/* One entry in its initial state: not RAM, unowned, no references. */
/*@ requires \valid(f);
    assigns *f;
    ensures FrameEntryValid(f) && f->ref_count == 0 && f->type_count == 0;
*/
static void frame_entry_reset(struct frame *f)
{
    f->ref_count = 0;
    f->type_count = 0;
    f->owner = DOMID_INVALID;
    f->type = FRAME_TYPE_NONE;
    f->validated = 0;
    f->pinned = 0;
    f->state = FRAME_STATE_NOT_RAM;
    f->order = 0;
    f->dirty = 0;
    f->head = 0;
    f->next = FRAME_LINK_NONE;
    f->prev = FRAME_LINK_NONE;
}

/*@ requires n <= FRAME_TABLE_MAX && \valid(table + (0 .. n - 1));
    assigns table[0 .. n - 1];
    ensures \forall integer i; 0 <= i < n ==> FrameEntryValid(table + i) &&
        table[i].ref_count == 0 && table[i].type_count == 0;
*/
static void frame_entries_reset(struct frame *table, uint64_t n)
{
    /*@ loop invariant bound: 0 <= i <= n;
        loop invariant done: \forall integer j; 0 <= j < i ==>
            FrameEntryValid(table + j) && table[j].ref_count == 0 &&
            table[j].type_count == 0;
        loop assigns i, table[0 .. n - 1];
        loop variant n - i;
    */
    for (uint64_t i = 0; i < n; i++)
        frame_entry_reset(&table[i]);
}

/* frame_table_init on typed storage: the entries, then the M2P. */
/*@ requires 0 < n <= FRAME_TABLE_MAX;
    requires \valid(table + (0 .. n - 1)) && \valid(m2p + (0 .. n - 1));
    requires \separated(table + (0 .. n - 1), m2p + (0 .. n - 1),
                        &frame_table, &frame_count, &frame_lock, &m2p_table);
    assigns table[0 .. n - 1], m2p[0 .. n - 1], frame_table, frame_count,
            frame_lock, m2p_table;
    ensures FrameTableValid && frame_count == n && m2p_table == m2p;
*/
static void frame_table_setup(struct frame *table, gfn_t *m2p, uint64_t n)
{
    frame_entries_reset(table, n);
    spin_lock_init(&frame_lock);
    frame_table = table;
    frame_count = n;
    m2p_init(m2p, n);
}

status_t frame_table_init(void *storage, uint64_t nr_frames)
{
    struct frame *table = storage;

    if (nr_frames == 0 || nr_frames > FRAME_TABLE_MAX)
        return STATUS_EINVAL;
    frame_table_setup(table, (gfn_t *)(table + nr_frames), nr_frames);
    return STATUS_OK;
}

uint64_t frame_table_size(void)
{
    return frame_count;
}

status_t frame_get_info(mfn_t mfn, struct frame_info *info)
{
    const struct frame *f;

    if (mfn >= frame_count)
        return STATUS_EINVAL;
    f = &frame_table[mfn];
    info->owner = f->owner;
    info->type = (enum frame_type)f->type;
    info->state = (enum frame_state)f->state;
    info->ref_count = f->ref_count;
    info->type_count = f->type_count;
    info->validated = f->validated != 0;
    info->pinned = f->pinned != 0;
    return STATUS_OK;
}

domid_t frame_owner(mfn_t mfn)
{
    if (mfn >= frame_count)
        return DOMID_INVALID;
    return frame_table[mfn].owner;
}

status_t frame_get(mfn_t mfn, domid_t owner)
{
    struct frame *f;
    status_t status = STATUS_OK;

    if (mfn >= frame_count)
        return STATUS_EINVAL;
    f = &frame_table[mfn];
    spin_lock(&frame_lock);
    if (f->ref_count == 0 || f->owner != owner)
        status = STATUS_EPERM;
    else if (f->ref_count == FRAME_COUNT_MAX)
        status = STATUS_EOVERFLOW;
    else
        f->ref_count++;
    spin_unlock(&frame_lock);
    return status;
}

status_t frame_put(mfn_t mfn)
{
    struct frame *f;
    status_t status = STATUS_OK;

    if (mfn >= frame_count)
        return STATUS_EINVAL;
    f = &frame_table[mfn];
    spin_lock(&frame_lock);
    if (f->ref_count <= 1)
        status = STATUS_EINVAL;
    else
        f->ref_count--;
    spin_unlock(&frame_lock);
    return status;
}

/* Decide whether a type reference of type may be taken on f. */
/*@ requires \valid_read(f);
    assigns \nothing;
    ensures \result == STATUS_OK || \result == STATUS_EPERM ||
            \result == STATUS_EBUSY || \result == STATUS_EOVERFLOW;
    ensures \result == STATUS_OK <==> (f->ref_count != 0 && f->owner == owner &&
        (f->type_count == 0 || (f->type == type && f->type_count < FRAME_COUNT_MAX)));
    ensures (f->ref_count == 0 || f->owner != owner) ==> \result == STATUS_EPERM;
    ensures (f->ref_count != 0 && f->owner == owner && f->type_count > 0 &&
             f->type != type) ==> \result == STATUS_EBUSY;
    ensures (f->ref_count != 0 && f->owner == owner && f->type == type &&
             f->type_count == FRAME_COUNT_MAX) ==> \result == STATUS_EOVERFLOW;
*/
static status_t frame_type_check(const struct frame *f, domid_t owner,
                                 enum frame_type type)
{
    /* LAB 2: BEGIN */
    if (f->ref_count == 0 || f->owner != owner)
        return STATUS_EPERM;
    if (f->type_count == 0)
        return STATUS_OK;
    if (f->type != type)
        return STATUS_EBUSY;
    if (f->type_count == FRAME_COUNT_MAX)
        return STATUS_EOVERFLOW;
    return STATUS_OK;
    /* LAB 2: STUB
    LAB_TODO(2, "frame_type_check: may owner take a type reference of this type?");
    LAB 2: END */
}

/* Take the checked type reference; a retype starts unvalidated. */
/*@ requires \valid(f) && FrameEntryValid(f) && f->ref_count != 0;
    requires FRAME_TYPE_NONE < type <= FRAME_TYPE_MAX;
    requires f->type_count == 0 || (f->type == type && f->type_count < FRAME_COUNT_MAX);
    assigns f->type_count, f->type, f->validated;
    ensures FrameEntryValid(f) && f->type == type;
    ensures f->type_count == \old(f->type_count) + 1;
*/
static void frame_type_take(struct frame *f, enum frame_type type)
{
    if (f->type_count == 0) {
        if (f->type == FRAME_TYPE_WRITABLE && type != FRAME_TYPE_WRITABLE)
            arch_flush_guest_tlb(MM_TLB_TAG_ALL);
        f->type = (uint8_t)type;
        f->validated = 0;
    }
    f->type_count++;
}

status_t frame_get_type(mfn_t mfn, domid_t owner, enum frame_type type)
{
    struct frame *f;
    status_t status;

    if (mfn >= frame_count || type == FRAME_TYPE_NONE || type > FRAME_TYPE_MAX)
        return STATUS_EINVAL;
    f = &frame_table[mfn];
    spin_lock(&frame_lock);
    status = frame_type_check(f, owner, type);
    if (status == STATUS_OK)
        frame_type_take(f, type);
    spin_unlock(&frame_lock);
    return status;
}

status_t frame_put_type(mfn_t mfn, enum frame_type type)
{
    struct frame *f;
    status_t status = STATUS_OK;

    if (mfn >= frame_count)
        return STATUS_EINVAL;
    f = &frame_table[mfn];
    spin_lock(&frame_lock);
    if (f->type_count == 0 || f->type != type ||
        (f->pinned != 0 && f->type_count == 1)) {
        status = STATUS_EINVAL;
    } else {
        f->type_count--;
        if (f->type_count == 0)
            f->validated = 0;
    }
    spin_unlock(&frame_lock);
    return status;
}

status_t frame_pin(mfn_t mfn, domid_t owner, enum frame_type type)
{
    struct frame *f;
    status_t status;

    if (mfn >= frame_count || type == FRAME_TYPE_NONE || type > FRAME_TYPE_MAX)
        return STATUS_EINVAL;
    f = &frame_table[mfn];
    spin_lock(&frame_lock);
    status = frame_type_check(f, owner, type);
    if (status == STATUS_OK && f->pinned != 0)
        status = STATUS_EEXIST;
    if (status == STATUS_OK) {
        frame_type_take(f, type);
        f->pinned = 1;
    }
    spin_unlock(&frame_lock);
    return status;
}

status_t frame_unpin(mfn_t mfn, domid_t owner)
{
    struct frame *f;
    status_t status = STATUS_OK;

    if (mfn >= frame_count)
        return STATUS_EINVAL;
    f = &frame_table[mfn];
    spin_lock(&frame_lock);
    if (f->pinned == 0) {
        status = STATUS_EINVAL;
    } else if (f->owner != owner) {
        status = STATUS_EPERM;
    } else {
        f->pinned = 0;
        f->type_count--;
        if (f->type_count == 0)
            f->validated = 0;
    }
    spin_unlock(&frame_lock);
    return status;
}

status_t frame_set_validated(mfn_t mfn)
{
    status_t status = STATUS_OK;

    if (mfn >= frame_count)
        return STATUS_EINVAL;
    spin_lock(&frame_lock);
    if (frame_table[mfn].type_count == 0)
        status = STATUS_EINVAL;
    else
        frame_table[mfn].validated = 1;
    spin_unlock(&frame_lock);
    return status;
}

void frame_claim(mfn_t first, uint64_t n, domid_t owner)
{
    spin_lock(&frame_lock);
    /*@ loop invariant bound: 0 <= i <= n;
        loop invariant done: \forall integer j; first <= j < first + i ==>
            frame_table[j].ref_count == 1 && frame_table[j].owner == owner;
        loop invariant untyped: \forall integer j; first <= j < first + n ==>
            frame_table[j].type_count == 0 && frame_table[j].pinned == 0;
        loop invariant valid: \forall integer j; 0 <= j < frame_count ==>
            FrameEntryValid(frame_table + j);
        loop assigns i, frame_table[first .. first + n - 1].ref_count,
            frame_table[first .. first + n - 1].owner,
            frame_table[first .. first + n - 1].validated,
            frame_table[first .. first + n - 1].type;
        loop variant n - i;
    */
    for (uint64_t i = 0; i < n; i++) {
        struct frame *f = &frame_table[first + i];
        f->ref_count = 1;
        f->owner = owner;
        f->validated = 0;
        f->type = FRAME_TYPE_NONE;
    }
    spin_unlock(&frame_lock);
}

/* True if every frame of [first, first + n) is owner's and idle. */
/*@ requires FrameTableValid && first + n <= frame_count;
    assigns \nothing;
    ensures \result == STATUS_OK ==> \forall integer j; first <= j < first + n ==>
        frame_table[j].owner == owner && frame_table[j].ref_count == 1 &&
        frame_table[j].type_count == 0;
*/
static status_t frame_range_idle(mfn_t first, uint64_t n, domid_t owner)
{
    /*@ loop invariant bound: 0 <= i <= n;
        loop invariant idle: \forall integer j; first <= j < first + i ==>
            frame_table[j].owner == owner && frame_table[j].ref_count == 1 &&
            frame_table[j].type_count == 0;
        loop assigns i;
        loop variant n - i;
    */
    for (uint64_t i = 0; i < n; i++) {
        const struct frame *f = &frame_table[first + i];
        if (f->owner != owner || f->ref_count == 0)
            return STATUS_EPERM;
        if (f->ref_count != 1 || f->type_count != 0)
            return STATUS_EBUSY;
    }
    return STATUS_OK;
}

/* Make every frame of [first, first + n) unowned (all known idle). */
/*@ requires FrameTableValid && first + n <= frame_count;
    requires idle: \forall integer j; first <= j < first + n ==>
        frame_table[j].ref_count == 1 && frame_table[j].type_count == 0;
    assigns frame_table[first .. first + n - 1].ref_count,
            frame_table[first .. first + n - 1].owner,
            frame_table[first .. first + n - 1].validated;
    ensures FrameTableValid;
    ensures \forall integer j; first <= j < first + n ==>
        frame_table[j].ref_count == 0 && frame_table[j].type_count == 0 &&
        frame_table[j].owner == DOMID_INVALID;
*/
static void frame_range_drop(mfn_t first, uint64_t n)
{
    /*@ loop invariant bound: 0 <= i <= n;
        loop invariant done: \forall integer j; first <= j < first + i ==>
            frame_table[j].ref_count == 0 && frame_table[j].type_count == 0 &&
            frame_table[j].owner == DOMID_INVALID;
        loop invariant rest: \forall integer j; first + i <= j < first + n ==>
            frame_table[j].ref_count == 1 && frame_table[j].type_count == 0;
        loop invariant valid: \forall integer j; 0 <= j < frame_count ==>
            FrameEntryValid(frame_table + j);
        loop assigns i, frame_table[first .. first + n - 1].ref_count,
            frame_table[first .. first + n - 1].owner,
            frame_table[first .. first + n - 1].validated;
        loop variant n - i;
    */
    for (uint64_t i = 0; i < n; i++) {
        struct frame *f = &frame_table[first + i];
        f->ref_count = 0;
        f->owner = DOMID_INVALID;
        f->validated = 0;
    }
}

status_t frame_release(mfn_t first, uint64_t n, domid_t owner)
{
    status_t status;

    spin_lock(&frame_lock);
    status = frame_range_idle(first, n, owner);
    if (status == STATUS_OK)
        frame_range_drop(first, n);
    spin_unlock(&frame_lock);
    /* A guest may still cache translations to what it gave back. */
    if (status == STATUS_OK && owner != DOMID_XEN)
        arch_flush_guest_tlb(MM_TLB_TAG_ALL);
    return status;
}
