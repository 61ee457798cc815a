/* SPDX-License-Identifier: MIT */
/* pv_grant.c - GNTMAP_host_map for PV guests: granted frames in their L1 entries. */
#include "guest/pv/pv_grant.h"
#include "guest/pv/pv_mm.h"
#include "guest/vcpu_state.h"
#include "core/gnttab.h"
#include "mm/frame.h"

#define PTE_P         0x1ULL
#define PTE_RW        0x2ULL
#define PTE_US        0x4ULL
#define PTE_A         0x20ULL
#define PTE_D         0x40ULL
#define PTE_NX        (1ULL << 63)
#define PTE_ADDR_MASK 0x000FFFFFFFFFF000ULL
#define VA_LOW_END    0x0000800000000000ULL   /* canonical halves */
#define VA_HIGH_START 0xFFFF800000000000ULL

/* A grant entry as Xen builds it for a 64-bit PV guest (whose kernel
 * runs in ring 3, hence US): accessed, dirty, never executable. */
#define GRANT_PTE_FLAGS (PTE_P | PTE_US | PTE_A | PTE_D | PTE_NX)

static unsigned int va_index(uint64_t va, unsigned int level)
{
    return (unsigned int)(va >> (12U + 9U * (level - 1U))) & 511U;
}

/* mfn is a validated level-`level` table of d (its type is held). */
static bool is_table(const struct domain *d, mfn_t mfn, unsigned int level)
{
    struct frame_info info;

    return frame_get_info(mfn, &info) == STATUS_OK && info.owner == d->id &&
           info.type == (enum frame_type)(FRAME_TYPE_L1 + level - 1U) &&
           info.type_count > 0 && info.validated;
}

status_t pv_va_to_l1(struct domain *d, mfn_t l4, uint64_t va, mfn_t *l1,
                     unsigned int *index)
{
    mfn_t table = l4;
    unsigned int slot = va_index(va, 4U);

    if ((va >= VA_LOW_END && va < VA_HIGH_START) ||
        (slot >= PV_XEN_L4_FIRST && slot <= PV_XEN_L4_LAST))
        return STATUS_EINVAL;
    for (unsigned int level = 4U; level > 1U; level--) {
        uint64_t e;

        if (!is_table(d, table, level))
            return STATUS_EINVAL;
        e = ((const uint64_t *)arch_frame_to_virt(table))[va_index(va, level)];
        if (!(e & PTE_P))
            return STATUS_EINVAL;
        table = (e & PTE_ADDR_MASK) >> 12;
    }
    if (!is_table(d, table, 1U))
        return STATUS_EINVAL;
    *l1 = table;
    *index = va_index(va, 1U);
    return STATUS_OK;
}

/* The vCPU of d running on this CPU (the one making the grant call),
 * else vCPU 0: its kernel L4 is where the address is looked up. */
static struct vcpu *calling_vcpu(struct domain *d)
{
    for (uint32_t i = 0; i < d->nr_vcpus; i++) {
        const struct guest_vcpu *gv = guest_vcpu_of(&d->vcpus[i]);

        if (gv != NULL && gv->running_on == arch_cpu_id())
            return &d->vcpus[i];
    }
    return &d->vcpus[0];
}

/* The references an L1 entry mapping mfn holds, exactly as pv_mm takes
 * them for the guest's own frames, but against mfn's real owner (the
 * granter). A read-write map of a page table or descriptor frame fails
 * here: the frame cannot take the WRITABLE type while it holds another. */
static status_t refs_get(mfn_t mfn, domid_t owner, bool readonly)
{
    if (readonly)
        return frame_get(mfn, owner) == STATUS_OK ? STATUS_OK : STATUS_EINVAL;
    return frame_get_type(mfn, owner, FRAME_TYPE_WRITABLE) == STATUS_OK
           ? STATUS_OK : STATUS_EINVAL;
}

static void refs_put(mfn_t mfn, bool readonly)
{
    if (readonly)
        (void)frame_put(mfn);
    else
        (void)frame_put_type(mfn, FRAME_TYPE_WRITABLE);
}

/* An entry of va changed: no CPU may keep using its old translation (after
 * an unmap the grantee would keep the granter's frame, which the granter
 * believes revoked), as Xen flushes on grant unmap. */
static void flush_va(struct domain *d, uint64_t va)
{
    const struct pv_mm_hooks *h = pv_mm_get_hooks();

    if (h->invlpg != NULL)
        h->invlpg(calling_vcpu(d), va, true);
}

status_t pv_grant_map(struct domain *d, uint64_t va, mfn_t mfn, bool readonly)
{
    domid_t owner = frame_owner(mfn);
    uint64_t pte = (mfn << 12) | GRANT_PTE_FLAGS | (readonly ? 0 : PTE_RW);
    uint64_t *entry, expected = 0;
    mfn_t l1;
    unsigned int index;

    if (d->hvm || owner == DOMID_INVALID ||
        pv_va_to_l1(d, calling_vcpu(d)->pv_kernel_l4, va, &l1, &index) != STATUS_OK)
        return STATUS_EINVAL;
    if (refs_get(mfn, owner, readonly) != STATUS_OK)
        return STATUS_EINVAL;
    entry = &((uint64_t *)arch_frame_to_virt(l1))[index];
    /* Whatever the guest mapped there goes first, through the PV MMU
     * (which drops its references); then the grant entry replaces the
     * empty one only if no other vCPU wrote the slot in between. */
    if (((*entry & PTE_P) && pv_mm_write_entry(d, l1, index, 0) != STATUS_OK) ||
        !__atomic_compare_exchange_n(entry, &expected, pte, false,
                                     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
        refs_put(mfn, readonly);
        return STATUS_EBUSY;
    }
    flush_va(d, va);
    return STATUS_OK;
}

status_t pv_grant_unmap(struct domain *d, uint64_t va, mfn_t mfn)
{
    mfn_t l1;
    unsigned int index;
    uint64_t e;

    if (d->hvm ||
        pv_va_to_l1(d, calling_vcpu(d)->pv_kernel_l4, va, &l1, &index) != STATUS_OK)
        return d->state == DOMAIN_DYING ? STATUS_OK : STATUS_EINVAL;
    e = ((const uint64_t *)arch_frame_to_virt(l1))[index];
    /* The guest changed the entry itself: the PV MMU dropped what it
     * held. Like Xen, the grant then stays pinned (a mismatch is an
     * error) until the domain dies. */
    if (!(e & PTE_P) || ((e & PTE_ADDR_MASK) >> 12) != mfn)
        return d->state == DOMAIN_DYING ? STATUS_OK : STATUS_EINVAL;
    if (pv_mm_write_entry(d, l1, index, 0) != STATUS_OK)
        return STATUS_EINVAL;
    flush_va(d, va);
    return STATUS_OK;
}

void pv_grant_init(void)
{
    static const struct gnttab_pv_ops ops = {
        .map = pv_grant_map,
        .unmap = pv_grant_unmap,
    };

    gnttab_set_pv_ops(&ops);
}
