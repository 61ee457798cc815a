/* SPDX-License-Identifier: MIT */
/* nested_internal.h - what p2m.c calls in nested.c; not exported from mm. */
#ifndef STRATA_MM_NESTED_INTERNAL_H
#define STRATA_MM_NESTED_INTERNAL_H

#include "mm/nested.h"

/* --- For p2m.c (p2m.lock held) ------------------------------------------- */

/* Make sure every table the regions of [gfn, gfn + count) need exists,
 * so nested_sync cannot fail. No-op when not enabled. */
status_t nested_prepare(struct mm_domain *d, gfn_t gfn, uint64_t count);

/* Mirror the P2M entry of gfn (the whole 2 MiB region if whole), then
 * flush. No-op when not enabled. */
void nested_sync(struct mm_domain *d, gfn_t gfn, bool whole);

/* nested_disable with p2m.lock already held. */
void nested_disable_locked(struct mm_domain *d);

#endif /* STRATA_MM_NESTED_INTERNAL_H */
