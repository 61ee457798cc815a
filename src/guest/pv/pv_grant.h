/* SPDX-License-Identifier: MIT */
/* pv_grant.h - grant mappings in PV page tables, and the walk they share with emulation. */
#ifndef STRATA_GUEST_PV_PV_GRANT_H
#define STRATA_GUEST_PV_PV_GRANT_H

/*
 * GNTMAP_host_map for a PV grantee: core's gnttab pins the grant (frame
 * reference, writable type for a write pin), then calls the hooks
 * installed here, which write the granted frame into the grantee's L1
 * entry of the address. The entry holds exactly the references pv_mm
 * would hold for it (a general reference read-only, a WRITABLE type
 * reference read-write), taken against the frame's real owner, so the
 * PV MMU drops them correctly whenever the entry goes. docs/pv-mm.md,
 * "Grant mappings".
 */
#include "lib/status.h"
#include "core/domain.h"

/* The L1 table of d and its index that map va through the L4 l4. Every
 * table on the way must be a validated page table of d at its level,
 * and va must be canonical and outside Strata's L4 slots. -EINVAL
 * otherwise (or when an upper entry is not present). */
status_t pv_va_to_l1(struct domain *d, mfn_t l4, uint64_t va, mfn_t *l1,
                     unsigned int *index);

/* The gnttab hooks: map mfn (readonly or not) at va of d / remove it. */
status_t pv_grant_map(struct domain *d, uint64_t va, mfn_t mfn, bool readonly);
status_t pv_grant_unmap(struct domain *d, uint64_t va, mfn_t mfn);

/* Install the hooks in core's gnttab (guests_init, host tests). */
void pv_grant_init(void);

#endif /* STRATA_GUEST_PV_PV_GRANT_H */
