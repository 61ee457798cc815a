/* SPDX-License-Identifier: MIT */
/* test_alloc.c - the allocator hands out all and only free RAM, and takes it back. */
#include "boot/selftest.h"
#include "boot/memory.h"
#include "lib/format.h"
#include "lib/print.h"
#include "mm/page_alloc.h"

#define REPORT_MAX  8

/* Blocks taken are chained through their own first bytes. */
struct block_link {
    mfn_t next;
    unsigned int order;
};

struct alloc_walk {
    mfn_t head;
    uint64_t frames, blocks, bad;
};

static void check_block(struct alloc_walk *w, mfn_t first, unsigned int order)
{
    for (mfn_t mfn = first; mfn < first + (1ULL << order); mfn++) {
        if (!boot_memory_frame_free_ram(mfn) && w->bad++ < REPORT_MAX)
            printk("alloc test: frame %#lx is not free RAM\n", mfn);
    }
}

/* Largest blocks first, so the count of allocations stays small. */
static void take_everything(struct alloc_walk *w)
{
    for (int order = PAGE_ALLOC_MAX_ORDER; order >= 0; order--) {
        mfn_t first;

        while (page_alloc_frames((unsigned int)order, &first) == STATUS_OK) {
            struct block_link *link = arch_frame_to_virt(first);

            check_block(w, first, (unsigned int)order);
            link->next = w->head;
            link->order = (unsigned int)order;
            w->head = first;
            w->frames += 1ULL << order;
            w->blocks++;
        }
    }
}

static uint64_t give_back(struct alloc_walk *w)
{
    uint64_t failed = 0;

    while (w->head != INVALID_MFN) {
        const struct block_link *link = arch_frame_to_virt(w->head);
        mfn_t next = link->next;

        if (page_free_frames(w->head, link->order) != STATUS_OK)
            failed++;
        w->head = next;
    }
    return failed;
}

bool test_alloc(void)
{
    struct alloc_walk w = { INVALID_MFN, 0, 0, 0 };
    uint64_t free_before = page_alloc_free_count(), free_empty, failed;
    bool ok;
    char detail[160];

    take_everything(&w);
    free_empty = page_alloc_free_count();
    failed = give_back(&w);
    ok = w.bad == 0 && failed == 0 && free_empty == 0 && w.frames == free_before &&
         page_alloc_free_count() == free_before && free_before == boot_memory_frames_given();
    format(detail, sizeof(detail),
           "%lu frames in %lu blocks, %lu outside free RAM, %lu frees failed, %lu free after",
           w.frames, w.blocks, w.bad, failed, page_alloc_free_count());
    selftest_report("alloc", ok, detail);
    return ok;
}
