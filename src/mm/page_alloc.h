/* SPDX-License-Identifier: MIT */
/* page_alloc.h - the buddy allocator of machine frames (draft interface:
 * the MMU/P2M work owns this file and adds contracts and the per-domain
 * accounting calls). */
#ifndef STRATA_MM_PAGE_ALLOC_H
#define STRATA_MM_PAGE_ALLOC_H

#include "arch/arch.h"
#include "lib/status.h"

#define PAGE_ALLOC_MAX_ORDER 18   /* largest block: 2^18 frames = 1 GiB */

/* Start with no free memory; the frame table must be initialised. */
void page_alloc_init(void);

/* Give frames [first, first + count) to the allocator (boot time). */
status_t page_alloc_add_range(mfn_t first, uint64_t count);

/* Take a zeroed, naturally aligned block of 2^order frames for the
 * hypervisor itself; STATUS_ENOMEM when none is free. */
status_t page_alloc_frames(unsigned int order, mfn_t *first);

/* Return a block taken with page_alloc_frames; it is scrubbed. */
void page_free_frames(mfn_t first, unsigned int order);

/* Frames now free. */
uint64_t page_alloc_free_count(void);

#endif /* STRATA_MM_PAGE_ALLOC_H */
