/* SPDX-License-Identifier: MIT */
/* gnttab_op.c - grant_table_op (20): batches of grant ops from the guest. */
#include "hypercall/hypercall.h"
#include "core/gnttab.h"

/*
 * do_grant_table_op(cmd, uop, count). map, unmap and copy take an array
 * of count elements; each element gets its own status and the call
 * returns 0. After HYPERCALL_BATCH_BUDGET elements, or when preemption is
 * requested, the call continues with uop advanced and count reduced, so a
 * batch of any size costs time linear in its size. setup_table,
 * query_size, set_version and get_version take exactly one element.
 * transfer is refused (-EOPNOTSUPP): Strata does not move pages between
 * domains.
 */

typedef int16_t (*gnttab_elem_fn)(struct domain *d, void *elem);

static int16_t elem_map(struct domain *d, void *elem)
{
    return gnttab_map(d, elem);
}

static int16_t elem_unmap(struct domain *d, void *elem)
{
    return gnttab_unmap(d, elem);
}

static int16_t elem_copy(struct domain *d, void *elem)
{
    return gnttab_copy(d, elem);
}

union gnttab_elem {
    struct gnttab_map_grant_ref map;
    struct gnttab_unmap_grant_ref unmap;
    struct gnttab_copy copy;
};

/* Run fn over count elements of size bytes at uop, with continuations. */
static long gnttab_batch(struct vcpu *v, struct hypercall_frame *f, gnttab_elem_fn fn,
                         size_t size)
{
    uint64_t uop = f->args[1];
    uint64_t count = (uint32_t)f->args[2];
    union gnttab_elem e;

    for (uint64_t i = 0; i < count; i++) {
        uint64_t addr = uop + i * size;

        if (i >= HYPERCALL_BATCH_BUDGET || (i > 0 && hypercall_preempt_check())) {
            f->args[1] = addr;
            f->args[2] = count - i;
            return hypercall_continue(f);
        }
        if (hypercall_copy_from_guest(v, &e, addr, size) != STATUS_OK ||
            hypercall_copy_to_guest(v, addr, &e, size) != STATUS_OK)
            return STATUS_EFAULT;
        fn(v->domain, &e);
        if (hypercall_copy_to_guest(v, addr, &e, size) != STATUS_OK)
            return STATUS_EFAULT;
    }
    return STATUS_OK;
}

static long op_setup_table(struct vcpu *v, uint64_t uop)
{
    struct gnttab_setup_table op;
    mfn_t frames[DOMAIN_MAX_GRANT_FRAMES];
    struct domain *d;

    if (hypercall_copy_from_guest(v, &op, uop, sizeof(op)) != STATUS_OK)
        return STATUS_EFAULT;
    if (domain_lookup(v->domain, op.dom, &d) != STATUS_OK) {
        op.status = GNTST_bad_domain;
    } else {
        op.status = gnttab_setup_table(d, op.nr_frames, frames);
        domain_put(d);
    }
    /*@ loop invariant bound: 0 <= i <= op.nr_frames;
        loop assigns i;
        loop variant op.nr_frames - i; */
    for (uint32_t i = 0; op.status == GNTST_okay && i < op.nr_frames; i++) {
        xen_pfn_t pfn = frames[i];

        if (hypercall_copy_to_guest(v, op.frame_list + i * sizeof(pfn), &pfn,
                                    sizeof(pfn)) != STATUS_OK)
            return STATUS_EFAULT;
    }
    if (hypercall_copy_to_guest(v, uop, &op, sizeof(op)) != STATUS_OK)
        return STATUS_EFAULT;
    return STATUS_OK;
}

static long op_query_size(struct vcpu *v, uint64_t uop)
{
    struct gnttab_query_size op;
    struct domain *d;

    if (hypercall_copy_from_guest(v, &op, uop, sizeof(op)) != STATUS_OK)
        return STATUS_EFAULT;
    if (domain_lookup(v->domain, op.dom, &d) != STATUS_OK) {
        op.status = GNTST_bad_domain;
    } else {
        gnttab_query_size(d, &op.nr_frames, &op.max_nr_frames);
        op.status = GNTST_okay;
        domain_put(d);
    }
    return hypercall_copy_to_guest(v, uop, &op, sizeof(op)) == STATUS_OK ?
           STATUS_OK : STATUS_EFAULT;
}

static long op_set_version(struct vcpu *v, uint64_t uop)
{
    struct gnttab_set_version op;
    status_t rc;

    if (hypercall_copy_from_guest(v, &op, uop, sizeof(op)) != STATUS_OK)
        return STATUS_EFAULT;
    rc = gnttab_set_version(v->domain, op.version);
    op.version = 1;   /* OUT: the version in force */
    if (hypercall_copy_to_guest(v, uop, &op, sizeof(op)) != STATUS_OK)
        return STATUS_EFAULT;
    return rc;
}

static long op_get_version(struct vcpu *v, uint64_t uop)
{
    struct gnttab_get_version op;
    struct domain *d;
    status_t rc;

    if (hypercall_copy_from_guest(v, &op, uop, sizeof(op)) != STATUS_OK)
        return STATUS_EFAULT;
    rc = domain_lookup(v->domain, op.dom, &d);
    if (rc != STATUS_OK)
        return rc;
    domain_put(d);
    op.version = 1;
    return hypercall_copy_to_guest(v, uop, &op, sizeof(op)) == STATUS_OK ?
           STATUS_OK : STATUS_EFAULT;
}

/* The single-element sub-ops. */
static long gnttab_single(struct vcpu *v, uint64_t cmd, uint64_t uop)
{
    switch (cmd) {
    case GNTTABOP_setup_table:
        return op_setup_table(v, uop);
    case GNTTABOP_query_size:
        return op_query_size(v, uop);
    case GNTTABOP_set_version:
        return op_set_version(v, uop);
    default: /* GNTTABOP_get_version */
        return op_get_version(v, uop);
    }
}

long do_grant_table_op(struct vcpu *v, struct hypercall_frame *f)
{
    uint64_t cmd = f->args[0], uop = f->args[1];
    uint64_t count = f->args[2];

    if (count > INT32_MAX)
        return STATUS_EINVAL;
    switch (cmd) {
    case GNTTABOP_map_grant_ref:
        return gnttab_batch(v, f, elem_map, sizeof(struct gnttab_map_grant_ref));
    case GNTTABOP_unmap_grant_ref:
        return gnttab_batch(v, f, elem_unmap, sizeof(struct gnttab_unmap_grant_ref));
    case GNTTABOP_copy:
        return gnttab_batch(v, f, elem_copy, sizeof(struct gnttab_copy));
    case GNTTABOP_setup_table:
    case GNTTABOP_query_size:
    case GNTTABOP_set_version:
    case GNTTABOP_get_version:
        return count == 1 ? gnttab_single(v, cmd, uop) : STATUS_EINVAL;
    case GNTTABOP_transfer:
        return STATUS_EOPNOTSUPP;
    default:
        return STATUS_ENOSYS;
    }
}
