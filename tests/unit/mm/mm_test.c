/* SPDX-License-Identifier: MIT */
/* mm_test.c - shared set-up for the mm unit tests. */
#include "mm_test.h"

#include <stdlib.h>
#include <string.h>

static void *table_storage;

void mm_test_machine(uint64_t nr_frames, uint64_t reserved)
{
    host_memory_init(nr_frames);
    free(table_storage);
    table_storage = calloc(1, frame_table_bytes(nr_frames));
    if (!table_storage || frame_table_init(table_storage, nr_frames) != STATUS_OK)
        abort();
    page_alloc_init();
    if (nr_frames > reserved &&
        page_alloc_add_range(reserved, nr_frames - reserved) != STATUS_OK)
        abort();
    host_reset_counters();
}

bool mm_test_frame_zero(mfn_t mfn)
{
    const unsigned char *p = arch_frame_to_virt(mfn);

    for (size_t i = 0; i < PAGE_SIZE; i++)
        if (p[i])
            return false;
    return true;
}

void mm_test_frame_fill(mfn_t mfn, unsigned char byte)
{
    memset(arch_frame_to_virt(mfn), byte, PAGE_SIZE);
}
