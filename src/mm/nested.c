/* SPDX-License-Identifier: MIT */
/* nested.c - keep an NPT or EPT nested page table equal to a P2M, with 2 MiB superpages. */
#include "mm/nested_internal.h"
#include "mm/p2m_internal.h"
#include "mm/npt.h"
#include "mm/ept.h"
#include "mm_arch.h"

#define REGION_FRAMES  P2M_ENTRIES          /* 2 MiB = 512 frames */
#define SLOT_MASK      (P2M_ENTRIES - 1)

/* The entry format of one kind of nested table. */
struct nested_ops {
    uint64_t (*table)(mfn_t mfn);
    uint64_t (*leaf)(mfn_t mfn, enum p2m_type type, bool large);
    bool (*present)(uint64_t entry);
    bool (*large)(uint64_t entry);
    bool (*writable)(uint64_t entry);
    mfn_t (*mfn)(uint64_t entry);
};

static const struct nested_ops formats[] = {
    [NESTED_NPT] = { npt_table_entry, npt_leaf_entry, npt_entry_present,
                     npt_entry_large, npt_entry_writable, npt_entry_mfn },
    [NESTED_EPT] = { ept_table_entry, ept_leaf_entry, ept_entry_present,
                     ept_entry_large, ept_entry_writable, ept_entry_mfn },
};

static const struct nested_ops *ops_of(const struct nested_table *n)
{
    return &formats[n->format];
}

static uint64_t *table_of(mfn_t mfn)
{
    return arch_frame_to_virt(mfn);
}

static unsigned int slot_of(gfn_t gfn, unsigned int level)
{
    return (unsigned int)(gfn >> (9 * (level - 1))) & SLOT_MASK;
}

void nested_reset(struct nested_table *n)
{
    n->format = NESTED_NONE;
    n->tag = 0;
    n->root = INVALID_MFN;
    n->build_failed = 0;
    n->tables = 0;
    n->superpages = 0;
}

mfn_t nested_root(const struct mm_domain *d)
{
    return d->p2m.nested.root;
}

/* --- Building the path ---------------------------------------------------- */

/* Allocate a zeroed table block of 2^order frames. */
static status_t table_alloc(struct nested_table *n, unsigned int order, mfn_t *mfn)
{
    status_t status = page_alloc_frames(order, mfn);

    if (status == STATUS_OK)
        n->tables += 1ULL << order;
    return status;
}

/* The table *entry points to, made (of 2^order frames) if missing. */
static status_t table_child(struct nested_table *n, uint64_t *entry,
                            unsigned int order, mfn_t *child)
{
    if (ops_of(n)->present(*entry)) {
        *child = ops_of(n)->mfn(*entry);
        return STATUS_OK;
    }
    if (table_alloc(n, order, child) != STATUS_OK)
        return STATUS_ENOMEM;
    *entry = ops_of(n)->table(*child);
    return STATUS_OK;
}

/* The level-2 block of gfn's region; with alloc, made if missing. */
static status_t l2_block(struct nested_table *n, gfn_t gfn, bool alloc, mfn_t *l2)
{
    uint64_t *l4e = &table_of(n->root)[slot_of(gfn, 4)];
    mfn_t l3;

    if (!alloc && !ops_of(n)->present(*l4e))
        return STATUS_ENOENT;
    if (table_child(n, l4e, 0, &l3) != STATUS_OK)
        return STATUS_ENOMEM;
    uint64_t *l3e = &table_of(l3)[slot_of(gfn, 3)];
    if (!alloc && !ops_of(n)->present(*l3e))
        return STATUS_ENOENT;
    return table_child(n, l3e, 1, l2);
}

/* Per-slot record of the level-1 table of each region (mfn + 1, 0 = none). */
static uint64_t *l1_record(mfn_t l2)
{
    return table_of(l2 + 1);
}

status_t nested_prepare(struct mm_domain *d, gfn_t gfn, uint64_t count)
{
    struct nested_table *n = &d->p2m.nested;
    gfn_t region = gfn & ~(gfn_t)SLOT_MASK;

    if (n->format == NESTED_NONE)
        return STATUS_OK;
    /*@ loop variant gfn + count - region; */
    for (; region < gfn + count; region += REGION_FRAMES) {
        mfn_t l2, l1;
        uint64_t *record;
        if (l2_block(n, region, true, &l2) != STATUS_OK)
            return STATUS_ENOMEM;
        record = &l1_record(l2)[slot_of(region, 2)];
        if (*record != 0)
            continue;
        if (table_alloc(n, 0, &l1) != STATUS_OK)
            return STATUS_ENOMEM;
        *record = l1 + 1;
    }
    return STATUS_OK;
}

/* --- Mirroring ------------------------------------------------------------ */

/* True if a P2M leaf node can be one superpage. */
static bool region_uniform(const uint64_t *leaf)
{
    if (p2m_entry_type(leaf[0]) == P2M_INVALID ||
        p2m_entry_mfn(leaf[0]) % REGION_FRAMES != 0)
        return false;
    /*@ loop variant P2M_ENTRIES - i; */
    for (unsigned int i = 1; i < P2M_ENTRIES; i++)
        if (leaf[i] != leaf[0] + ((uint64_t)i << PAGE_SHIFT))
            return false;
    return true;
}

/* The nested leaf for one P2M entry (0 for a hole). */
static uint64_t leaf_for(const struct nested_table *n, const uint64_t *leaf,
                         unsigned int i)
{
    if (!leaf)
        return 0;
    return ops_of(n)->leaf(p2m_entry_mfn(leaf[i]), p2m_entry_type(leaf[i]), false);
}

/* Rewrite a whole level-1 table from the P2M leaf node. */
static void l1_fill(const struct nested_table *n, mfn_t l1, const uint64_t *leaf)
{
    uint64_t *entries = table_of(l1);

    /*@ loop variant P2M_ENTRIES - i; */
    for (unsigned int i = 0; i < P2M_ENTRIES; i++)
        entries[i] = leaf_for(n, leaf, i);
}

void nested_sync(struct mm_domain *d, gfn_t gfn, bool whole)
{
    struct nested_table *n = &d->p2m.nested;
    const uint64_t *leaf;
    mfn_t l2, l1;
    uint64_t *l2e, old;

    if (n->format == NESTED_NONE || l2_block(n, gfn, false, &l2) != STATUS_OK)
        return;
    leaf = p2m_leaf_node(d, gfn);
    l2e = &table_of(l2)[slot_of(gfn, 2)];
    old = *l2e;
    l1 = l1_record(l2)[slot_of(gfn, 2)] - 1;
    if (leaf && region_uniform(leaf)) {
        *l2e = ops_of(n)->leaf(p2m_entry_mfn(leaf[0]), p2m_entry_type(leaf[0]), true);
        n->superpages += ops_of(n)->large(old) ? 0 : 1;
    } else {
        if (whole || !ops_of(n)->present(old) || ops_of(n)->large(old))
            l1_fill(n, l1, leaf);
        else
            table_of(l1)[slot_of(gfn, 1)] = leaf_for(n, leaf, slot_of(gfn, 1));
        n->superpages -= ops_of(n)->large(old) ? 1 : 0;
        *l2e = ops_of(n)->table(l1);
    }
    arch_flush_guest_tlb(n->tag);
}

/* --- Enabling and disabling ----------------------------------------------- */

/* p2m_visit_leaves callback: mirror one region; remember a failure. */
static void mirror_region(struct mm_domain *d, gfn_t base, const uint64_t *leaf)
{
    if (d->p2m.nested.build_failed)
        return;
    if (nested_prepare(d, base, REGION_FRAMES) != STATUS_OK) {
        d->p2m.nested.build_failed = 1;
        return;
    }
    nested_sync(d, base, true);
}

status_t nested_enable(struct mm_domain *d, enum nested_format format, uint32_t tag)
{
    struct nested_table *n = &d->p2m.nested;
    status_t status = STATUS_OK;

    if (format != NESTED_NPT && format != NESTED_EPT)
        return STATUS_EINVAL;
    spin_lock(&d->p2m.lock);
    if (n->format != NESTED_NONE) {
        status = STATUS_EEXIST;
    } else {
        n->format = (uint8_t)format;
        n->tag = tag;
        if (table_alloc(n, 0, &n->root) != STATUS_OK) {
            n->root = INVALID_MFN;
            status = STATUS_ENOMEM;
        } else {
            p2m_visit_leaves(d, mirror_region);
            if (n->build_failed)
                status = STATUS_ENOMEM;
        }
        if (status != STATUS_OK)
            nested_disable_locked(d);
    }
    spin_unlock(&d->p2m.lock);
    return status;
}

/* Free a level-2 block and the level-1 tables it records. */
static void l2_free(struct nested_table *n, mfn_t l2)
{
    const uint64_t *record = l1_record(l2);

    for (unsigned int i = 0; i < P2M_ENTRIES; i++)
        if (record[i] != 0)
            (void)page_free_frames(record[i] - 1, 0);
    (void)page_free_frames(l2, 1);
}

/* Free the tables below a level-4 or level-3 table, then the table. */
static void upper_free(struct nested_table *n, mfn_t table, unsigned int level)
{
    const uint64_t *entries = table_of(table);

    for (unsigned int i = 0; i < P2M_ENTRIES; i++) {
        if (!ops_of(n)->present(entries[i]))
            continue;
        if (level == 4)
            upper_free(n, ops_of(n)->mfn(entries[i]), 3);
        else
            l2_free(n, ops_of(n)->mfn(entries[i]));
    }
    (void)page_free_frames(table, 0);
}

void nested_disable_locked(struct mm_domain *d)
{
    struct nested_table *n = &d->p2m.nested;

    if (n->format == NESTED_NONE)
        return;
    if (n->root != INVALID_MFN) {
        arch_flush_guest_tlb(n->tag);
        upper_free(n, n->root, 4);
    }
    nested_reset(n);
}

void nested_disable(struct mm_domain *d)
{
    spin_lock(&d->p2m.lock);
    nested_disable_locked(d);
    spin_unlock(&d->p2m.lock);
}

status_t nested_translate(struct mm_domain *d, gfn_t gfn, mfn_t *mfn,
                          bool *writable, bool *superpage)
{
    struct nested_table *n = &d->p2m.nested;
    status_t status = STATUS_ENOENT;
    mfn_t l2;

    *mfn = INVALID_MFN;
    *writable = false;
    *superpage = false;
    spin_lock(&d->p2m.lock);
    if (n->format != NESTED_NONE && gfn < P2M_GFN_LIMIT_MAX &&
        l2_block(n, gfn, false, &l2) == STATUS_OK) {
        uint64_t entry = table_of(l2)[slot_of(gfn, 2)];
        *superpage = ops_of(n)->large(entry);
        if (ops_of(n)->present(entry) && !*superpage)
            entry = table_of(ops_of(n)->mfn(entry))[slot_of(gfn, 1)];
        if (ops_of(n)->present(entry)) {
            *mfn = ops_of(n)->mfn(entry) + (*superpage ? gfn & SLOT_MASK : 0);
            *writable = ops_of(n)->writable(entry);
            status = STATUS_OK;
        }
    }
    spin_unlock(&d->p2m.lock);
    return status;
}
