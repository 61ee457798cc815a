/* SPDX-License-Identifier: MIT */
/* pv_mm.c - PV MMU core: page-table types, validation, pins, entry writes. */
#include "guest/pv/pv_mm.h"
#include "mm/frame.h"

#define PTE_PRESENT   0x1ULL
#define PTE_RW        0x2ULL
#define PTE_US        0x4ULL
#define PTE_PSE       0x80ULL
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000ULL
#define PTE_RESERVED  0x7FF0000000000000ULL   /* bits 52..62 */
#define PT_ENTRIES    512U

static struct pv_mm_hooks mm_hooks;
/* One lock per domain serialises its page-table changes: a write reads
 * the old entry, takes the new references and drops the old ones, which
 * two vCPUs must never interleave on the same table. Frame counts
 * themselves are atomic under frame_lock. Zero is SPINLOCK_INIT. */
static spinlock_t mm_locks[DOMAIN_TABLE_SIZE];

static void mm_lock(const struct domain *d)
{
    spin_lock(&mm_locks[d->id % DOMAIN_TABLE_SIZE]);
}

static void mm_unlock(const struct domain *d)
{
    spin_unlock(&mm_locks[d->id % DOMAIN_TABLE_SIZE]);
}

void pv_mm_set_hooks(const struct pv_mm_hooks *hooks)
{
    struct pv_mm_hooks none = { 0 };

    mm_hooks = hooks ? *hooks : none;
}

const struct pv_mm_hooks *pv_mm_get_hooks(void)
{
    return &mm_hooks;
}

static enum frame_type level_type(unsigned int level)
{
    return (enum frame_type)(FRAME_TYPE_L1 + level - 1U);
}

static uint64_t *table_entries(mfn_t mfn)
{
    return (uint64_t *)arch_frame_to_virt(mfn);
}

/* Strata fills these L4 slots itself; guest values there are ignored. */
static bool slot_reserved(unsigned int level, unsigned int index)
{
    return level == 4U && index >= PV_XEN_L4_FIRST && index <= PV_XEN_L4_LAST;
}

static status_t table_get(struct domain *d, mfn_t mfn, unsigned int level);
static void table_put(struct domain *d, mfn_t mfn, unsigned int level);

/* Take what a present entry of a level-`level` table needs. */
static status_t entry_get(struct domain *d, unsigned int level, uint64_t pte)
{
    mfn_t target = (pte & PTE_ADDR_MASK) >> 12;

    if (!(pte & PTE_PRESENT))
        return STATUS_OK;
    if (pte & PTE_RESERVED)
        return STATUS_EINVAL;
    if (level == 1U) {
        if (pte & PTE_RW)
            return frame_get_type(target, d->id, FRAME_TYPE_WRITABLE) == STATUS_OK
                   ? STATUS_OK : STATUS_EINVAL;
        return frame_get(target, d->id) == STATUS_OK ? STATUS_OK : STATUS_EINVAL;
    }
    if (pte & PTE_PSE)
        return STATUS_EINVAL;        /* no 2M/1G pages for PV guests */
    return table_get(d, target, level - 1U);
}

/* Drop what entry_get took for pte. */
static void entry_put(struct domain *d, unsigned int level, uint64_t pte)
{
    mfn_t target = (pte & PTE_ADDR_MASK) >> 12;

    if (!(pte & PTE_PRESENT))
        return;
    if (level == 1U) {
        if (pte & PTE_RW)
            (void)frame_put_type(target, FRAME_TYPE_WRITABLE);
        else
            (void)frame_put(target);
        return;
    }
    table_put(d, target, level - 1U);
}

/* A 64-bit PV kernel runs in ring 3, so every present entry it installs
 * gets the user bit (Xen's adjust_guest_l*e); the guest sees it set. No
 * global bit is added for user pages: Strata's local flushes reload CR3,
 * which would leave global entries behind. */
static uint64_t entry_adjust(uint64_t pte)
{
    return (pte & PTE_PRESENT) ? (pte | PTE_US) : pte;
}

/* Release the references of entries [0, upto) of table mfn. */
static void entries_put(struct domain *d, mfn_t mfn, unsigned int level,
                        unsigned int upto)
{
    const uint64_t *e = table_entries(mfn);

    while (upto-- > 0U)
        if (!slot_reserved(level, upto))
            entry_put(d, level, e[upto]);
}

/* Take every entry's references; on failure undo them all. */
static status_t entries_get(struct domain *d, mfn_t mfn, unsigned int level)
{
    uint64_t *e = table_entries(mfn);

    for (unsigned int i = 0; i < PT_ENTRIES; i++) {
        if (slot_reserved(level, i))
            continue;
        if (entry_get(d, level, e[i]) != STATUS_OK) {
            entries_put(d, mfn, level, i);
            return STATUS_EINVAL;
        }
        e[i] = entry_adjust(e[i]);
    }
    return STATUS_OK;
}

/* Type reference of level on mfn, validating on first use. A new L4
 * gets Strata's slots (read-only M2P included) from arch_pv_init_l4:
 * whatever the guest left there is overwritten, never trusted. */
static status_t table_get(struct domain *d, mfn_t mfn, unsigned int level)
{
    struct frame_info info;

    if (level < 1U || level > 4U || frame_owner(mfn) != d->id)
        return STATUS_EINVAL;
    if (frame_get_type(mfn, d->id, level_type(level)) != STATUS_OK)
        return STATUS_EINVAL;
    (void)frame_get_info(mfn, &info);
    if (info.validated)
        return STATUS_OK;
    if (entries_get(d, mfn, level) != STATUS_OK) {
        (void)frame_put_type(mfn, level_type(level));
        return STATUS_EINVAL;
    }
    if (level == 4U)
        arch_pv_init_l4(table_entries(mfn));
    (void)frame_set_validated(mfn);
    return STATUS_OK;
}

static void table_put(struct domain *d, mfn_t mfn, unsigned int level)
{
    struct frame_info info;

    if (level < 1U || level > 4U || frame_get_info(mfn, &info) != STATUS_OK ||
        info.owner != d->id || info.type != level_type(level) || info.type_count == 0)
        return;
    if (info.type_count == 1U && info.pinned)
        return;                      /* the pin's reference is not ours */
    if (info.type_count == 1U && info.validated)
        entries_put(d, mfn, level, PT_ENTRIES);
    (void)frame_put_type(mfn, level_type(level));
}

status_t pv_mm_get_table(struct domain *d, mfn_t mfn, unsigned int level)
{
    status_t s;

    mm_lock(d);
    s = table_get(d, mfn, level);
    mm_unlock(d);
    return s;
}

void pv_mm_put_table(struct domain *d, mfn_t mfn, unsigned int level)
{
    mm_lock(d);
    table_put(d, mfn, level);
    mm_unlock(d);
}

status_t pv_mm_pin(struct domain *d, mfn_t mfn, unsigned int level)
{
    status_t s;

    mm_lock(d);
    s = table_get(d, mfn, level);
    if (s == STATUS_OK) {
        s = frame_pin(mfn, d->id, level_type(level));
        table_put(d, mfn, level);
    }
    mm_unlock(d);
    return s;
}

static status_t table_unpin(struct domain *d, mfn_t mfn)
{
    struct frame_info info;
    unsigned int level;

    if (frame_get_info(mfn, &info) != STATUS_OK || info.owner != d->id ||
        !info.pinned || info.type < FRAME_TYPE_L1 || info.type > FRAME_TYPE_L4)
        return STATUS_EINVAL;
    level = (unsigned int)(info.type - FRAME_TYPE_L1) + 1U;
    /* Hold a reference across the unpin so the last one devalidates. */
    if (frame_get_type(mfn, d->id, info.type) != STATUS_OK)
        return STATUS_EINVAL;
    (void)frame_unpin(mfn, d->id);
    table_put(d, mfn, level);
    return STATUS_OK;
}

status_t pv_mm_unpin(struct domain *d, mfn_t mfn)
{
    status_t s;

    mm_lock(d);
    s = table_unpin(d, mfn);
    mm_unlock(d);
    return s;
}

/* Make v use l4 (already referenced) when it runs in mode user. */
static void base_load(struct vcpu *v, mfn_t l4, bool user)
{
    if (v->pv_user_mode != user)
        return;
    v->pv_l4 = l4;
    if (mm_hooks.base_changed)
        mm_hooks.base_changed(v);
}

status_t pv_mm_set_kernel_base(struct vcpu *v, mfn_t mfn)
{
    struct domain *d = v->domain;
    mfn_t old;
    status_t s;

    mm_lock(d);
    old = v->pv_kernel_l4;
    s = table_get(d, mfn, 4U);
    if (s == STATUS_OK) {
        v->pv_kernel_l4 = mfn;
        base_load(v, mfn, false);
        if (old != INVALID_MFN)
            table_put(d, old, 4U);
    }
    mm_unlock(d);
    return s;
}

status_t pv_mm_set_user_base(struct vcpu *v, mfn_t mfn)
{
    struct domain *d = v->domain;
    mfn_t old;
    status_t s = STATUS_OK;

    mm_lock(d);
    old = v->pv_user_l4;
    if (mfn == old)
        goto out;                    /* nothing to change, no reference moves */
    if (mfn == INVALID_MFN && v->pv_user_mode) {
        s = STATUS_EINVAL;           /* user mode cannot run without tables */
        goto out;
    }
    if (mfn != INVALID_MFN)
        s = table_get(d, mfn, 4U);
    if (s == STATUS_OK) {
        v->pv_user_l4 = mfn;
        base_load(v, mfn, true);
        if (old != INVALID_MFN)
            table_put(d, old, 4U);
    }
out:
    mm_unlock(d);
    return s;
}

/* Write entry index of table (level want, or any level when 0). */
static status_t entry_write(struct domain *d, mfn_t table, unsigned int want,
                            unsigned int index, uint64_t value)
{
    struct frame_info info;
    unsigned int level;
    uint64_t old;

    if (index >= PT_ENTRIES || frame_get_info(table, &info) != STATUS_OK ||
        info.owner != d->id || info.type < FRAME_TYPE_L1 ||
        info.type > FRAME_TYPE_L4 || info.type_count == 0 || !info.validated)
        return STATUS_EINVAL;
    level = (unsigned int)(info.type - FRAME_TYPE_L1) + 1U;
    if (want != 0U && level != want)
        return STATUS_EINVAL;
    if (slot_reserved(level, index))
        return STATUS_EPERM;
    if (entry_get(d, level, value) != STATUS_OK)
        return STATUS_EINVAL;
    value = entry_adjust(value);
    /* Exchange, so what is dropped is exactly what was replaced even if
     * a grant mapping (pv_grant.c, outside this lock) raced for the slot. */
    old = __atomic_exchange_n(&table_entries(table)[index], value, __ATOMIC_SEQ_CST);
    entry_put(d, level, old);
    return STATUS_OK;
}

status_t pv_mm_write_entry(struct domain *d, mfn_t table, unsigned int index,
                           uint64_t value)
{
    status_t s;

    mm_lock(d);
    s = entry_write(d, table, 0U, index, value);
    mm_unlock(d);
    return s;
}

status_t pv_mm_write_l1_entry(struct domain *d, mfn_t table, unsigned int index,
                              uint64_t value)
{
    status_t s;

    mm_lock(d);
    s = entry_write(d, table, 1U, index, value);
    mm_unlock(d);
    return s;
}

void pv_mm_teardown(struct domain *d)
{
    struct frame_info info;

    mm_lock(d);
    for (uint32_t i = 0; i < d->nr_vcpus; i++) {
        struct vcpu *v = &d->vcpus[i];

        if (v->pv_kernel_l4 != INVALID_MFN)
            table_put(d, v->pv_kernel_l4, 4U);
        if (v->pv_user_l4 != INVALID_MFN)
            table_put(d, v->pv_user_l4, 4U);
        v->pv_kernel_l4 = v->pv_user_l4 = v->pv_l4 = INVALID_MFN;
    }
    /* Highest levels first so lower tables lose their last holder last. */
    for (unsigned int t = FRAME_TYPE_L4; t >= FRAME_TYPE_L1; t--)
        for (mfn_t m = 0; m < frame_table_size(); m++)
            if (frame_get_info(m, &info) == STATUS_OK && info.owner == d->id &&
                info.pinned && info.type == (enum frame_type)t)
                (void)table_unpin(d, m);
    mm_unlock(d);
}
