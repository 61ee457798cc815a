/* SPDX-License-Identifier: MIT */
/* p2m.c - the per-domain P2M radix tree, the references its entries hold, the M2P link. */
#include "mm/p2m.h"
#include "mm/nested_internal.h"
#include "mm/p2m_internal.h"
#include "mm_arch.h"

/* Software format of a radix entry (never seen by hardware). */
#define P2M_E_PRESENT     0x1ULL
#define P2M_E_TYPE_SHIFT  1
#define P2M_E_TYPE_MASK   0x7ULL
#define P2M_E_MFN_SHIFT   12
#define P2M_E_MFN_MASK    (P2M_MFN_MAX << P2M_E_MFN_SHIFT)
#define P2M_SLOT_MASK     (P2M_ENTRIES - 1)

enum p2m_type p2m_entry_type(uint64_t entry)
{
    uint64_t type = (entry >> P2M_E_TYPE_SHIFT) & P2M_E_TYPE_MASK;

    if (!(entry & P2M_E_PRESENT) || type > P2M_TYPE_MAX)
        return P2M_INVALID;
    return (enum p2m_type)type;
}

mfn_t p2m_entry_mfn(uint64_t entry)
{
    return (entry & P2M_E_MFN_MASK) >> P2M_E_MFN_SHIFT;
}

/*@ requires mfn <= P2M_MFN_MAX && type <= P2M_TYPE_MAX;
    assigns \nothing;
    ensures present: (\result & P2M_E_PRESENT) != 0;
*/
static uint64_t p2m_entry_make(mfn_t mfn, enum p2m_type type)
{
    return (mfn << P2M_E_MFN_SHIFT) | ((uint64_t)type << P2M_E_TYPE_SHIFT) |
           P2M_E_PRESENT;
}

/* Index of gfn in a node of level (4 = root .. 1 = leaf). */
static unsigned int p2m_slot(gfn_t gfn, unsigned int level)
{
    return (unsigned int)(gfn >> (9 * (level - 1))) & P2M_SLOT_MASK;
}

static uint64_t *p2m_node(mfn_t mfn)
{
    return arch_frame_to_virt(mfn);
}

/* --- Domain set-up -------------------------------------------------------- */

status_t mm_domain_init(struct mm_domain *d, domid_t domid, uint64_t max_pages,
                        gfn_t gfn_limit)
{
    if (domid >= MM_DOMID_FIRST_RESERVED || gfn_limit == 0 ||
        gfn_limit > P2M_GFN_LIMIT_MAX)
        return STATUS_EINVAL;
    page_alloc_account_init(&d->account, domid, max_pages);
    spin_lock_init(&d->p2m.lock);
    d->p2m.gfn_limit = gfn_limit;
    d->p2m.root = INVALID_MFN;
    d->p2m.entries = 0;
    d->p2m.nodes = 0;
    nested_reset(&d->p2m.nested);
    return STATUS_OK;
}

uint64_t p2m_entries(const struct mm_domain *d)
{
    return d->p2m.entries;
}

/* --- The radix tree ------------------------------------------------------- */

/* A fresh zeroed node, counted. */
static status_t p2m_node_alloc(struct p2m *p2m, mfn_t *mfn)
{
    status_t status = page_alloc_frames(0, mfn);

    if (status == STATUS_OK)
        p2m->nodes++;
    return status;
}

/* The leaf node for gfn; with alloc, missing nodes are created
 * (STATUS_ENOMEM leaves only empty nodes behind: no mapping changes). */
static status_t p2m_walk(struct p2m *p2m, gfn_t gfn, bool alloc, uint64_t **leaf)
{
    mfn_t mfn;

    if (p2m->root == INVALID_MFN) {
        if (!alloc)
            return STATUS_ENOENT;
        if (p2m_node_alloc(p2m, &p2m->root) != STATUS_OK)
            return STATUS_ENOMEM;
    }
    mfn = p2m->root;
    /* LAB 3: BEGIN */
    /*@ loop variant level; */
    for (unsigned int level = P2M_LEVELS; level > 1; level--) {
        uint64_t *entry = &p2m_node(mfn)[p2m_slot(gfn, level)];
        if (!(*entry & P2M_E_PRESENT)) {
            mfn_t child;
            if (!alloc)
                return STATUS_ENOENT;
            if (p2m_node_alloc(p2m, &child) != STATUS_OK)
                return STATUS_ENOMEM;
            *entry = p2m_entry_make(child, P2M_INVALID);
        }
        mfn = p2m_entry_mfn(*entry);
    }
    /* LAB 3: STUB
    LAB_TODO(3, "p2m_walk: walk (with alloc, build) the tree down to the leaf node of gfn");
    LAB 3: END */
    *leaf = p2m_node(mfn);
    return STATUS_OK;
}

const uint64_t *p2m_leaf_node(const struct mm_domain *d, gfn_t gfn)
{
    uint64_t *leaf;

    if (p2m_walk((struct p2m *)&d->p2m, gfn, false, &leaf) != STATUS_OK)
        return NULL;
    return leaf;
}

/* Visit the leaf nodes below node (of level) covering gfns from base. */
static void p2m_visit_node(struct mm_domain *d, mfn_t node, unsigned int level,
                           gfn_t base,
                           void (*visit)(struct mm_domain *, gfn_t, const uint64_t *))
{
    const uint64_t *entries = p2m_node(node);

    if (level == 1) {
        visit(d, base, entries);
        return;
    }
    for (unsigned int i = 0; i < P2M_ENTRIES; i++)
        if (entries[i] & P2M_E_PRESENT)
            p2m_visit_node(d, p2m_entry_mfn(entries[i]), level - 1,
                           base + ((gfn_t)i << (9 * (level - 1))), visit);
}

void p2m_visit_leaves(struct mm_domain *d,
                      void (*visit)(struct mm_domain *d, gfn_t base,
                                    const uint64_t *leaf))
{
    if (d->p2m.root != INVALID_MFN)
        p2m_visit_node(d, d->p2m.root, P2M_LEVELS, 0, visit);
}

/* --- What an entry holds on its frame ------------------------------------ */

/* Decode: may d map mfn at gfn with type? Changes nothing. */
static status_t p2m_check(const struct mm_domain *d, gfn_t gfn, mfn_t mfn,
                          enum p2m_type type)
{
    domid_t owner;
    gfn_t back;

    if (gfn >= d->p2m.gfn_limit || type == P2M_INVALID || type > P2M_TYPE_MAX ||
        mfn > P2M_MFN_MAX)
        return STATUS_EINVAL;
    owner = frame_owner(mfn);
    switch (type) {
    case P2M_RAM_RW:
    case P2M_RAM_RO:
        if (owner != d->account.domid)
            return STATUS_EPERM;
        back = m2p_get(mfn);
        return back == INVALID_GFN || back == gfn ? STATUS_OK : STATUS_EEXIST;
    case P2M_GRANT_RW:
    case P2M_GRANT_RO:
        return owner == DOMID_INVALID || owner == DOMID_XEN ? STATUS_EPERM : STATUS_OK;
    default: /* P2M_MMIO: never a frame the allocator manages */
        if (mfn < frame_table_size() && frame_table[mfn].state != FRAME_STATE_NOT_RAM)
            return STATUS_EPERM;
        return STATUS_OK;
    }
}

/* Take the references an entry (mfn, type) holds; all or none. */
static status_t p2m_refs_take(mfn_t mfn, enum p2m_type type)
{
    domid_t owner = frame_owner(mfn);
    status_t status;

    if (type == P2M_MMIO)
        return STATUS_OK;
    status = frame_get(mfn, owner);
    if (status != STATUS_OK || (type != P2M_RAM_RW && type != P2M_GRANT_RW))
        return status;
    status = frame_get_type(mfn, owner, FRAME_TYPE_WRITABLE);
    if (status != STATUS_OK)
        (void)frame_put(mfn);
    return status;
}

/* Drop the references of entry (mfn, type). */
static void p2m_refs_drop(mfn_t mfn, enum p2m_type type)
{
    if (type == P2M_MMIO)
        return;
    if (type == P2M_RAM_RW || type == P2M_GRANT_RW)
        (void)frame_put_type(mfn, FRAME_TYPE_WRITABLE);
    (void)frame_put(mfn);
}

/* Replace *slot (the entry of gfn) by (mfn, type), references taken. */
static void p2m_install(struct mm_domain *d, uint64_t *slot, gfn_t gfn, mfn_t mfn,
                        enum p2m_type type)
{
    enum p2m_type old_type = p2m_entry_type(*slot);
    mfn_t old_mfn = p2m_entry_mfn(*slot);

    if (old_type != P2M_INVALID) {
        if (old_type == P2M_RAM_RW || old_type == P2M_RAM_RO)
            (void)m2p_set(old_mfn, d->account.domid, INVALID_GFN);
        p2m_refs_drop(old_mfn, old_type);
        d->p2m.entries--;
    }
    *slot = type == P2M_INVALID ? 0 : p2m_entry_make(mfn, type);
    if (type == P2M_INVALID)
        return;
    if (type == P2M_RAM_RW || type == P2M_RAM_RO)
        (void)m2p_set(mfn, d->account.domid, gfn);
    d->p2m.entries++;
}

/* --- Operations ----------------------------------------------------------- */

status_t p2m_set(struct mm_domain *d, gfn_t gfn, mfn_t mfn, enum p2m_type type)
{
    uint64_t *leaf = NULL;
    status_t status;

    spin_lock(&d->p2m.lock);
    status = p2m_check(d, gfn, mfn, type);
    if (status == STATUS_OK)
        status = p2m_walk(&d->p2m, gfn, true, &leaf);
    if (status == STATUS_OK)
        status = nested_prepare(d, gfn, 1);
    if (status == STATUS_OK)
        status = p2m_refs_take(mfn, type);
    if (status == STATUS_OK) {
        p2m_install(d, &leaf[p2m_slot(gfn, 1)], gfn, mfn, type);
        nested_sync(d, gfn, false);
    }
    spin_unlock(&d->p2m.lock);
    return status;
}

status_t p2m_get(struct mm_domain *d, gfn_t gfn, mfn_t *mfn, enum p2m_type *type)
{
    uint64_t *leaf;
    uint64_t entry = 0;

    *mfn = INVALID_MFN;
    *type = P2M_INVALID;
    if (gfn >= d->p2m.gfn_limit)
        return STATUS_EINVAL;
    spin_lock(&d->p2m.lock);
    if (p2m_walk(&d->p2m, gfn, false, &leaf) == STATUS_OK)
        entry = leaf[p2m_slot(gfn, 1)];
    spin_unlock(&d->p2m.lock);
    if (p2m_entry_type(entry) == P2M_INVALID)
        return STATUS_ENOENT;
    *mfn = p2m_entry_mfn(entry);
    *type = p2m_entry_type(entry);
    return STATUS_OK;
}

/* May a hypervisor access of this kind go through an entry of type? */
static bool p2m_access_ok(enum p2m_type type, bool write)
{
    if (write)
        return type == P2M_RAM_RW || type == P2M_GRANT_RW;
    return type == P2M_RAM_RW || type == P2M_RAM_RO || type == P2M_GRANT_RW ||
           type == P2M_GRANT_RO;
}

status_t p2m_get_page(struct mm_domain *d, gfn_t gfn, bool write, mfn_t *mfn)
{
    uint64_t *leaf;
    uint64_t entry = 0;
    status_t status = STATUS_EFAULT;

    if (gfn >= d->p2m.gfn_limit)
        return STATUS_EFAULT;
    spin_lock(&d->p2m.lock);
    if (p2m_walk(&d->p2m, gfn, false, &leaf) == STATUS_OK)
        entry = leaf[p2m_slot(gfn, 1)];
    if (p2m_access_ok(p2m_entry_type(entry), write) &&
        p2m_refs_take(p2m_entry_mfn(entry), write ? P2M_RAM_RW : P2M_RAM_RO) == STATUS_OK) {
        *mfn = p2m_entry_mfn(entry);
        status = STATUS_OK;
    }
    spin_unlock(&d->p2m.lock);
    return status;
}

void p2m_put_page(mfn_t mfn, bool write)
{
    p2m_refs_drop(mfn, write ? P2M_RAM_RW : P2M_RAM_RO);
}

/* Unmap gfn if mapped (p2m.lock held); true if it was. */
static bool p2m_unmap_locked(struct mm_domain *d, gfn_t gfn)
{
    uint64_t *leaf;
    uint64_t *slot;

    if (p2m_walk(&d->p2m, gfn, false, &leaf) != STATUS_OK)
        return false;
    slot = &leaf[p2m_slot(gfn, 1)];
    if (p2m_entry_type(*slot) == P2M_INVALID)
        return false;
    p2m_install(d, slot, gfn, 0, P2M_INVALID);
    return true;
}

status_t p2m_remove(struct mm_domain *d, gfn_t gfn)
{
    status_t status = STATUS_ENOENT;

    if (gfn >= d->p2m.gfn_limit)
        return STATUS_EINVAL;
    spin_lock(&d->p2m.lock);
    if (p2m_unmap_locked(d, gfn)) {
        nested_sync(d, gfn, false);
        status = STATUS_OK;
    }
    spin_unlock(&d->p2m.lock);
    return status;
}

/* True if [gfn, gfn + count) is non-empty, does not wrap, ends by the limit. */
static bool p2m_range_ok(const struct mm_domain *d, gfn_t gfn, uint64_t count)
{
    return count != 0 && gfn + count > gfn && gfn + count <= d->p2m.gfn_limit;
}

status_t p2m_remove_range(struct mm_domain *d, gfn_t gfn, uint64_t count)
{
    bool changed = false;

    if (!p2m_range_ok(d, gfn, count))
        return STATUS_EINVAL;
    spin_lock(&d->p2m.lock);
    /*@ loop variant count - i; */
    for (uint64_t i = 0; i < count; i++) {
        changed |= p2m_unmap_locked(d, gfn + i);
        if (changed && ((gfn + i + 1) % P2M_ENTRIES == 0 || i + 1 == count)) {
            nested_sync(d, gfn + i, true);   /* once per 2 MiB region */
            changed = false;
        }
    }
    spin_unlock(&d->p2m.lock);
    return STATUS_OK;
}

/* Decode a whole range: every element checked, every gfn unmapped. */
static status_t p2m_range_check(struct mm_domain *d, gfn_t gfn, mfn_t mfn,
                                uint64_t count, enum p2m_type type)
{
    if (!p2m_range_ok(d, gfn, count) || mfn + count < mfn ||
        mfn + count - 1 > P2M_MFN_MAX)
        return STATUS_EINVAL;
    /*@ loop variant count - i; */
    for (uint64_t i = 0; i < count; i++) {
        uint64_t *leaf;
        status_t status = p2m_check(d, gfn + i, mfn + i, type);
        if (status != STATUS_OK)
            return status;
        if (p2m_walk(&d->p2m, gfn + i, false, &leaf) == STATUS_OK &&
            p2m_entry_type(leaf[p2m_slot(gfn + i, 1)]) != P2M_INVALID)
            return STATUS_EEXIST;
    }
    return STATUS_OK;
}

/* Create every node the range needs (mapping unchanged on failure). */
static status_t p2m_range_prepare(struct mm_domain *d, gfn_t gfn, uint64_t count)
{
    /*@ loop variant count - i; */
    for (uint64_t i = 0; i < count; i++) {
        uint64_t *leaf;
        if (p2m_walk(&d->p2m, gfn + i, true, &leaf) != STATUS_OK)
            return STATUS_ENOMEM;
    }
    return nested_prepare(d, gfn, count);
}

/* Take the references of count entries; on failure drop those taken. */
static status_t p2m_range_refs(mfn_t mfn, uint64_t count, enum p2m_type type)
{
    /*@ loop variant count - i; */
    for (uint64_t i = 0; i < count; i++) {
        status_t status = p2m_refs_take(mfn + i, type);
        if (status != STATUS_OK) {
            /*@ loop variant i; */
            while (i-- > 0)
                p2m_refs_drop(mfn + i, type);
            return status;
        }
    }
    return STATUS_OK;
}

status_t p2m_set_range(struct mm_domain *d, gfn_t gfn, mfn_t mfn, uint64_t count,
                       enum p2m_type type)
{
    status_t status;

    spin_lock(&d->p2m.lock);
    status = p2m_range_check(d, gfn, mfn, count, type);
    if (status == STATUS_OK)
        status = p2m_range_prepare(d, gfn, count);
    if (status == STATUS_OK)
        status = p2m_range_refs(mfn, count, type);
    /*@ loop variant count - i; */
    for (uint64_t i = 0; status == STATUS_OK && i < count; i++) {
        uint64_t *leaf = NULL;
        (void)p2m_walk(&d->p2m, gfn + i, false, &leaf);
        p2m_install(d, &leaf[p2m_slot(gfn + i, 1)], gfn + i, mfn + i, type);
        if ((gfn + i + 1) % P2M_ENTRIES == 0 || i + 1 == count)
            nested_sync(d, gfn + i, true);
    }
    spin_unlock(&d->p2m.lock);
    return status;
}

/* --- Tear-down ------------------------------------------------------------ */

/* Drop every entry below node (of level) and free the node. */
static void p2m_destroy_node(struct mm_domain *d, mfn_t node, unsigned int level,
                             gfn_t base)
{
    uint64_t *entries = p2m_node(node);

    for (unsigned int i = 0; i < P2M_ENTRIES; i++) {
        gfn_t gfn = base + ((gfn_t)i << (9 * (level - 1)));
        if (level == 1 && p2m_entry_type(entries[i]) != P2M_INVALID)
            p2m_install(d, &entries[i], gfn, 0, P2M_INVALID);
        else if (level > 1 && (entries[i] & P2M_E_PRESENT))
            p2m_destroy_node(d, p2m_entry_mfn(entries[i]), level - 1, gfn);
    }
    (void)page_free_frames(node, 0);
    d->p2m.nodes--;
}

void p2m_destroy(struct mm_domain *d)
{
    spin_lock(&d->p2m.lock);
    nested_disable_locked(d);
    if (d->p2m.root != INVALID_MFN)
        p2m_destroy_node(d, d->p2m.root, P2M_LEVELS, 0);
    d->p2m.root = INVALID_MFN;
    spin_unlock(&d->p2m.lock);
}
