/* SPDX-License-Identifier: MIT */
/* pv_shared_info.h - the shared_info frame of a PV domain: hypervisor memory the guest maps. */
#ifndef STRATA_GUEST_PV_PV_SHARED_INFO_H
#define STRATA_GUEST_PV_PV_SHARED_INFO_H

/*
 * Xen shares a domain's shared_info page with it the way it shares any
 * hypervisor page (share_xen_page_with_guest): the frame is recorded as
 * the domain's, outside its memory limit, and holds a permanent writable
 * type reference. So the guest may map exactly that frame writable
 * (start_info->shared_info, as Linux does), but can never make it a page
 * table or descriptor table, nor give it back with decrease_reservation
 * (the type reference keeps frame_release from succeeding).
 *
 * The frame is charged to an account of its own (one page) that the
 * caller keeps for the domain's lifetime, not to d->mm.account: the
 * guest's mem= stays what it asked for.
 */
#include "lib/status.h"
#include "arch/arch.h"
#include "mm/page_alloc.h"

/* The frame and the account that holds it (one per domain). */
struct pv_shared_frame {
    struct mm_account account;   /* one page, outside d->mm.account */
    mfn_t mfn;                   /* INVALID_MFN when none is allocated */
};

/* A zeroed frame for domid's shared_info in s->mfn, owned by domid
 * through s->account (initialised here), with the permanent writable
 * type reference. STATUS_EINVAL for a reserved domid, STATUS_ENOMEM when
 * no frame is free; s->mfn is INVALID_MFN then. */
status_t pv_shared_info_alloc(struct pv_shared_frame *s, domid_t domid);

/* Undo pv_shared_info_alloc (domain teardown): drop the type reference
 * and free the frame. STATUS_EINVAL if s holds no frame (or the frame is
 * no longer as alloc left it); STATUS_EBUSY, and the frame stays, while
 * anything else still references it (a guest mapping not torn down). */
status_t pv_shared_info_free(struct pv_shared_frame *s);

#endif /* STRATA_GUEST_PV_PV_SHARED_INFO_H */
