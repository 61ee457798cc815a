/* SPDX-License-Identifier: MIT */
/* mm_port.c - forwards core's memory requests to the installed services. */
#include "core/mm_port.h"

/* Set once at boot (or per host test) before any domain exists. */
static const struct mm_port_ops *port_ops;

void mm_port_set_ops(const struct mm_port_ops *ops)
{
    port_ops = ops;
}

status_t mm_port_copy_from_guest(struct vcpu *v, void *dst, uint64_t gaddr, size_t len)
{
    if (!port_ops || !port_ops->copy_from_guest)
        return STATUS_EFAULT;
    return port_ops->copy_from_guest(v, dst, gaddr, len);
}

status_t mm_port_copy_to_guest(struct vcpu *v, uint64_t gaddr, const void *src, size_t len)
{
    if (!port_ops || !port_ops->copy_to_guest)
        return STATUS_EFAULT;
    return port_ops->copy_to_guest(v, gaddr, src, len);
}

status_t mm_port_alloc_shared_frame(struct domain *owner, mfn_t *mfn)
{
    if (!port_ops || !port_ops->alloc_shared_frame)
        return STATUS_ENOMEM;
    return port_ops->alloc_shared_frame(owner, mfn);
}

void mm_port_free_shared_frame(struct domain *owner, mfn_t mfn)
{
    if (port_ops && port_ops->free_shared_frame)
        port_ops->free_shared_frame(owner, mfn);
}

status_t mm_port_frame_of(struct domain *d, uint64_t frame, mfn_t *mfn)
{
    if (!port_ops || !port_ops->frame_of)
        return STATUS_EINVAL;
    return port_ops->frame_of(d, frame, mfn);
}

status_t mm_port_get_frame(struct domain *owner, mfn_t mfn, bool writable)
{
    if (!port_ops || !port_ops->get_frame)
        return STATUS_EINVAL;
    return port_ops->get_frame(owner, mfn, writable);
}

void mm_port_put_frame(mfn_t mfn, bool writable)
{
    if (port_ops && port_ops->put_frame)
        port_ops->put_frame(mfn, writable);
}

status_t mm_port_p2m_grant_map(struct domain *d, uint64_t gfn, mfn_t mfn, bool readonly)
{
    if (!port_ops || !port_ops->p2m_grant_map)
        return STATUS_ENOSYS;
    return port_ops->p2m_grant_map(d, gfn, mfn, readonly);
}

status_t mm_port_p2m_grant_unmap(struct domain *d, uint64_t gfn, mfn_t mfn)
{
    if (!port_ops || !port_ops->p2m_grant_unmap)
        return STATUS_ENOSYS;
    return port_ops->p2m_grant_unmap(d, gfn, mfn);
}
