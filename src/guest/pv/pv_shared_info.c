/* SPDX-License-Identifier: MIT */
/* pv_shared_info.c - allocate and release a PV domain's shared_info frame (see the header). */
#include "guest/pv/pv_shared_info.h"
#include "mm/frame.h"

status_t pv_shared_info_alloc(struct pv_shared_frame *s, domid_t domid)
{
    mfn_t m;
    status_t rc;

    s->mfn = INVALID_MFN;
    page_alloc_account_init(&s->account, domid, 1);
    rc = page_alloc_domain_frames(&s->account, 0, &m);
    if (rc != STATUS_OK)
        return rc;
    rc = frame_get_type(m, domid, FRAME_TYPE_WRITABLE);
    if (rc != STATUS_OK) {
        /* A fresh frame holds no type: this cannot fail, but never leak. */
        (void)page_free_domain_frames(&s->account, m, 0);
        return rc;
    }
    s->mfn = m;
    return STATUS_OK;
}

status_t pv_shared_info_free(struct pv_shared_frame *s)
{
    struct frame_info info;
    status_t rc;

    if (s->mfn == INVALID_MFN || frame_get_info(s->mfn, &info) != STATUS_OK ||
        info.owner != s->account.domid || info.type != FRAME_TYPE_WRITABLE ||
        info.type_count == 0)
        return STATUS_EINVAL;
    if (info.ref_count != 1 || info.type_count != 1)
        return STATUS_EBUSY;
    (void)frame_put_type(s->mfn, FRAME_TYPE_WRITABLE);
    rc = page_free_domain_frames(&s->account, s->mfn, 0);
    if (rc == STATUS_OK)
        s->mfn = INVALID_MFN;
    return rc;
}
