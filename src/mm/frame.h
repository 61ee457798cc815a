/* SPDX-License-Identifier: MIT */
/* frame.h - the frame table (draft interface: the MMU/P2M work owns this
 * file and adds the entry layout, type/reference operations, contracts). */
#ifndef STRATA_MM_FRAME_H
#define STRATA_MM_FRAME_H

#include "arch/arch.h"
#include "lib/status.h"

/* Bytes of storage frame_table_init needs for nr_frames frames. */
size_t frame_table_bytes(uint64_t nr_frames);

/* Use storage (frame_table_bytes(nr_frames) bytes, zeroed by the caller)
 * for the entries of frames 0 .. nr_frames - 1; all start as not RAM
 * (owner none, not allocatable) until page_alloc_add_range takes them. */
status_t frame_table_init(void *storage, uint64_t nr_frames);

#endif /* STRATA_MM_FRAME_H */
