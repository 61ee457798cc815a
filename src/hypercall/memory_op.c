/* SPDX-License-Identifier: MIT */
/* memory_op (12): reservations, populate_physmap, M2P placement. */
#include "hypercall/hypercall.h"
#include "mm/p2m.h"
#include "public/memory.h"

/*
 * populate_physmap and decrease_reservation are batched: the extent to
 * start from sits in cmd above MEMOP_EXTENT_SHIFT, which is how progress
 * survives a continuation (Xen's encoding). They return the number of
 * extents done, which is less than nr_extents when memory or a gfn runs
 * out. They are implemented for HVM domains (the P2M is the guest's
 * physical map); for PV they need the M2P/PV-MMU side and return -ENOSYS,
 * as do add_to_physmap and the memory map (Linux then derives its map
 * from start_info.nr_pages).
 */
#define MEMOP_MAX_ORDER_UNPRIVILEGED 9U   /* 2 MiB extents, as Xen */

static long op_reservation(struct vcpu *v, unsigned int cmd, uint64_t arg)
{
    struct domain *d;
    domid_t id;
    long pages;

    if (hypercall_copy_from_guest(v, &id, arg, sizeof(id)) != STATUS_OK)
        return STATUS_EFAULT;
    if (domain_lookup(v->domain, id, &d) != STATUS_OK)
        return STATUS_ESRCH;
    pages = (long)(cmd == XENMEM_current_reservation ? d->mm.account.pages
                                                     : d->mm.account.max_pages);
    domain_put(d);
    return pages;
}

static long op_machphys_mapping(struct vcpu *v, uint64_t arg)
{
    struct xen_machphys_mapping m = {
        .v_start = MACH2PHYS_VIRT_START,
        .v_end = MACH2PHYS_VIRT_END,
        .max_mfn = (MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) / sizeof(xen_pfn_t) - 1,
    };

    return hypercall_copy_to_guest(v, arg, &m, sizeof(m)) == STATUS_OK ?
           STATUS_OK : STATUS_EFAULT;
}

/* One extent of populate_physmap: 2^order new frames at gpfn. */
static status_t populate_one(struct domain *d, xen_pfn_t gpfn, unsigned int order)
{
    mfn_t mfn;
    status_t rc = page_alloc_domain_frames(&d->mm.account, order, &mfn);

    if (rc != STATUS_OK)
        return rc;
    rc = p2m_set_range(&d->mm, gpfn, mfn, 1ULL << order, P2M_RAM_RW);
    if (rc != STATUS_OK)
        (void)page_free_domain_frames(&d->mm.account, mfn, order);
    return rc;
}

/* One extent of decrease_reservation: give back the RAM frame at gpfn. */
static status_t decrease_one(struct domain *d, xen_pfn_t gpfn)
{
    mfn_t mfn;
    enum p2m_type type;
    status_t rc = p2m_get(&d->mm, gpfn, &mfn, &type);

    if (rc != STATUS_OK || (type != P2M_RAM_RW && type != P2M_RAM_RO))
        return STATUS_EINVAL;
    rc = p2m_remove(&d->mm, gpfn);
    if (rc == STATUS_OK)
        rc = page_free_domain_frames(&d->mm.account, mfn, 0);
    return rc;
}

/* Decode the reservation: readable, a domain the caller may change, an
 * HVM target, an order it may use, a start not past the end. */
static long reservation_decode(struct vcpu *v, unsigned int cmd, uint64_t start,
                               uint64_t arg, struct xen_memory_reservation *r,
                               struct domain **d)
{
    long rc;

    if (hypercall_copy_from_guest(v, r, arg, sizeof(*r)) != STATUS_OK)
        return STATUS_EFAULT;
    if (r->nr_extents > (UINT64_MAX >> MEMOP_EXTENT_SHIFT) || start > r->nr_extents)
        return STATUS_EINVAL;
    if (r->extent_order > (cmd == XENMEM_decrease_reservation ? 0U
                                                              : MEMOP_MAX_ORDER_UNPRIVILEGED))
        return STATUS_EINVAL;
    rc = domain_lookup(v->domain, r->domid, d);
    if (rc != STATUS_OK)
        return rc;
    if (!(*d)->hvm) {
        domain_put(*d);
        return STATUS_ENOSYS;
    }
    return STATUS_OK;
}

static long op_extents(struct vcpu *v, struct hypercall_frame *f, unsigned int cmd)
{
    uint64_t start = f->args[0] >> MEMOP_EXTENT_SHIFT, i;
    struct xen_memory_reservation r;
    struct domain *d;
    long rc = reservation_decode(v, cmd, start, f->args[1], &r, &d);

    if (rc != STATUS_OK)
        return rc;
    for (i = start; i < r.nr_extents; i++) {
        xen_pfn_t gpfn;

        if (i - start >= HYPERCALL_BATCH_BUDGET ||
            (i > start && hypercall_preempt_check())) {
            f->args[0] = cmd | (i << MEMOP_EXTENT_SHIFT);
            domain_put(d);
            return hypercall_continue(f);
        }
        if (hypercall_copy_from_guest(v, &gpfn, r.extent_start + i * sizeof(gpfn),
                                      sizeof(gpfn)) != STATUS_OK)
            break;
        if ((cmd == XENMEM_populate_physmap ? populate_one(d, gpfn, r.extent_order)
                                            : decrease_one(d, gpfn)) != STATUS_OK)
            break;
    }
    domain_put(d);
    return (long)i;
}

long do_memory_op(struct vcpu *v, struct hypercall_frame *f)
{
    unsigned int cmd = (unsigned int)(f->args[0] & MEMOP_CMD_MASK);

    switch (cmd) {
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        return op_reservation(v, cmd, f->args[1]);
    case XENMEM_machphys_mapping:
        return op_machphys_mapping(v, f->args[1]);
    case XENMEM_populate_physmap:
    case XENMEM_decrease_reservation:
        return op_extents(v, f, cmd);
    default:
        return STATUS_ENOSYS;
    }
}
