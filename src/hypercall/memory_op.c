/* SPDX-License-Identifier: MIT */
/* memory_op.c - memory_op (12): the sub-ops that need no allocator yet. */
#include "hypercall/hypercall.h"
#include "public/memory.h"

/*
 * Reservation changes, populate_physmap, add_to_physmap and the memory
 * map need mm's allocator and P2M (being written); they return -ENOSYS
 * until then. The bits of cmd above MEMOP_EXTENT_SHIFT are ignored by the
 * sub-ops here, which are not batched.
 */

static long op_reservation(struct vcpu *v, unsigned int cmd, uint64_t arg)
{
    struct domain *d;
    domid_t id;
    long pages;

    if (hypercall_copy_from_guest(v, &id, arg, sizeof(id)) != STATUS_OK)
        return STATUS_EFAULT;
    if (domain_lookup(v->domain, id, &d) != STATUS_OK)
        return STATUS_ESRCH;
    pages = (long)(cmd == XENMEM_current_reservation ? d->tot_pages : d->limits.max_pages);
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

long do_memory_op(struct vcpu *v, struct hypercall_frame *f)
{
    unsigned int cmd = (unsigned int)(f->args[0] & MEMOP_CMD_MASK);

    switch (cmd) {
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
        return op_reservation(v, cmd, f->args[1]);
    case XENMEM_machphys_mapping:
        return op_machphys_mapping(v, f->args[1]);
    default:
        return STATUS_ENOSYS;
    }
}
