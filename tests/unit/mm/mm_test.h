/* SPDX-License-Identifier: MIT */
/* mm_test.h - shared set-up for the mm unit tests. */
#ifndef STRATA_TESTS_MM_TEST_H
#define STRATA_TESTS_MM_TEST_H

#include "arch/host/host.h"
#include "mm/frame.h"
#include "mm/page_alloc.h"

/* Fresh machine of nr_frames frames: host memory, frame table, empty
 * allocator. Frames [0, reserved) stay NOT_RAM, the rest is free. */
void mm_test_machine(uint64_t nr_frames, uint64_t reserved);

/* True if every byte of frame mfn is zero. */
bool mm_test_frame_zero(mfn_t mfn);

/* Fill frame mfn with byte. */
void mm_test_frame_fill(mfn_t mfn, unsigned char byte);

#endif
