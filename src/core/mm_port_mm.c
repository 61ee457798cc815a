/* SPDX-License-Identifier: MIT */
/* mm_port_mm.c - core's memory services bound to src/mm (frame table, P2M,
 * page allocator, guest copy). */
#include "core/domain.h"
#include "core/mm_port.h"
#include "mm/frame.h"
#include "mm/guest_copy.h"
#include "mm/page_alloc.h"

/* How to reach v's memory: through the P2M (HVM) or v's L4 (PV). */
static struct guest_mem guest_mem_of(struct vcpu *v)
{
    struct guest_mem g = {
        .d = &v->domain->mm,
        .mode = v->domain->hvm ? GUEST_MEM_PHYS : GUEST_MEM_PV,
        .pv_l4 = v->pv_l4,
    };

    return g;
}

static status_t mm_copy_from(struct vcpu *v, void *dst, uint64_t gaddr, size_t len)
{
    struct guest_mem g = guest_mem_of(v);

    return copy_from_guest(&g, dst, gaddr, len, NULL);
}

static status_t mm_copy_to(struct vcpu *v, uint64_t gaddr, const void *src, size_t len)
{
    struct guest_mem g = guest_mem_of(v);

    return copy_to_guest(&g, gaddr, src, len, NULL);
}

/*
 * Grant-table frames are shared the way Xen shares its own pages with a
 * guest (share_xen_page_with_guest): owned by the domain, so a PV guest
 * may map them and an HVM guest gets them by gfn, but outside its memory
 * limit (a guest whose mem= is all in use still gets its table) and with
 * a permanent writable type reference, so the guest can never make one
 * a page table whose entries Strata's in-use flags would then change
 * behind the PV MMU. The one-page account only carries the owner.
 */
static status_t mm_alloc_shared(struct domain *owner, mfn_t *mfn)
{
    struct mm_account heap;
    status_t rc;

    page_alloc_account_init(&heap, owner->id, 1);
    rc = page_alloc_domain_frames(&heap, 0, mfn);
    if (rc != STATUS_OK)
        return rc;
    rc = frame_get_type(*mfn, owner->id, FRAME_TYPE_WRITABLE);
    if (rc != STATUS_OK)
        (void)page_free_domain_frames(&heap, *mfn, 0);
    return rc;
}

/* Freed only when nothing but the allocation and the permanent type
 * hold it; a frame the guest still maps stays allocated. */
static void mm_free_shared(struct domain *owner, mfn_t mfn)
{
    struct mm_account heap;
    struct frame_info info;

    if (frame_get_info(mfn, &info) != STATUS_OK || info.owner != owner->id ||
        info.ref_count != 1 || info.type_count != 1 || info.type != FRAME_TYPE_WRITABLE)
        return;
    (void)frame_put_type(mfn, FRAME_TYPE_WRITABLE);
    page_alloc_account_init(&heap, owner->id, 1);
    heap.pages = 1;                  /* the frame going back */
    (void)page_free_domain_frames(&heap, mfn, 0);
}

/* HVM: the gfn must be the domain's RAM; PV: the mfn must be its own. */
static status_t mm_frame_of(struct domain *d, uint64_t frame, mfn_t *mfn)
{
    enum p2m_type type;

    if (!d->hvm) {
        if (frame_owner(frame) != d->id)
            return STATUS_EINVAL;
        *mfn = frame;
        return STATUS_OK;
    }
    if (p2m_get(&d->mm, frame, mfn, &type) != STATUS_OK ||
        (type != P2M_RAM_RW && type != P2M_RAM_RO))
        return STATUS_EINVAL;
    return STATUS_OK;
}

static status_t mm_get_frame(struct domain *owner, mfn_t mfn, bool writable)
{
    status_t rc = frame_get(mfn, owner->id);

    if (rc != STATUS_OK || !writable)
        return rc;
    rc = frame_get_type(mfn, owner->id, FRAME_TYPE_WRITABLE);
    if (rc != STATUS_OK)
        (void)frame_put(mfn);
    return rc;
}

static void mm_put_frame(mfn_t mfn, bool writable)
{
    if (writable)
        (void)frame_put_type(mfn, FRAME_TYPE_WRITABLE);
    (void)frame_put(mfn);
}

static status_t mm_grant_map(struct domain *d, uint64_t gfn, mfn_t mfn, bool readonly)
{
    mfn_t old;
    enum p2m_type type;

    /* Never replace what the guest has at gfn: it must be empty. */
    if (p2m_get(&d->mm, gfn, &old, &type) == STATUS_OK && type != P2M_INVALID)
        return STATUS_EBUSY;
    return p2m_set(&d->mm, gfn, mfn, readonly ? P2M_GRANT_RO : P2M_GRANT_RW);
}

static status_t mm_grant_unmap(struct domain *d, uint64_t gfn, mfn_t mfn)
{
    mfn_t cur;
    enum p2m_type type;

    if (p2m_get(&d->mm, gfn, &cur, &type) != STATUS_OK || cur != mfn ||
        (type != P2M_GRANT_RW && type != P2M_GRANT_RO))
        return STATUS_EINVAL;
    return p2m_remove(&d->mm, gfn);
}

static const struct mm_port_ops mm_ops = {
    .copy_from_guest = mm_copy_from,
    .copy_to_guest = mm_copy_to,
    .alloc_shared_frame = mm_alloc_shared,
    .free_shared_frame = mm_free_shared,
    .frame_of = mm_frame_of,
    .get_frame = mm_get_frame,
    .put_frame = mm_put_frame,
    .p2m_grant_map = mm_grant_map,
    .p2m_grant_unmap = mm_grant_unmap,
};

void mm_port_use_mm(void)
{
    mm_port_set_ops(&mm_ops);
}
