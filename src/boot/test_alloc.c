/* SPDX-License-Identifier: MIT */
/* test_alloc.c - the allocator hands out all and only free RAM, and takes it back. */
#include "boot/selftest.h"
#include "boot/memory.h"
#include "arch/x86/boot_info.h"
#include "arch/x86/early_alloc.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "lib/format.h"
#include "lib/print.h"
#include "mm/page_alloc.h"

#define REPORT_MAX  8
#define LOW_MEMORY_END  0x100000

/* Blocks taken are chained through their own first bytes. */
struct block_link {
    mfn_t next;
    unsigned int order;
};

struct alloc_walk {
    mfn_t head;
    uint64_t frames, blocks, bad;
};

/* Why mfn must never be handed out, or NULL if it may be. Checked from
 * the sources themselves (memory map, linker, loader modules, mm's own
 * frame table pointer), not from the list the hand-over used, so a
 * mistake in that list shows up here. */
static const char *forbidden(mfn_t mfn)
{
    const struct boot_info *bi = boot_info();
    paddr_t pa = mfn << PAGE_SHIFT, start, end;
    paddr_t ft = arch_virt_to_frame(frame_table) << PAGE_SHIFT;
    const struct phys_range *r;
    unsigned int n = early_reserved_ranges(&r);
    bool usable = false;

    for (unsigned int i = 0; i < bi->nr_mem; i++)
        usable |= bi->mem[i].type == BOOT_MEM_USABLE && pa >= bi->mem[i].start &&
                  pa + PAGE_SIZE <= bi->mem[i].end;
    if (!usable)
        return "not usable RAM";
    if (pa < LOW_MEMORY_END)
        return "low 1 MiB";
    image_phys_range(&start, &end);
    if (pa + PAGE_SIZE > start && pa < end)
        return "hypervisor image";
    for (unsigned int i = 0; i < bi->nr_modules; i++)
        if (pa + PAGE_SIZE > bi->modules[i].start && pa < bi->modules[i].end)
            return "boot module";
    if (pa + PAGE_SIZE > ft && pa < ft + frame_table_bytes(frame_count))
        return "frame table";
    for (unsigned int i = 0; i < n; i++)
        if (str_compare(r[i].what, "early allocations") == 0 &&
            pa >= r[i].start && pa < r[i].end)
            return "early allocations";
    return NULL;
}

static void check_block(struct alloc_walk *w, mfn_t first, unsigned int order)
{
    for (mfn_t mfn = first; mfn < first + (1ULL << order); mfn++) {
        const char *why = forbidden(mfn);

        if (why != NULL && w->bad++ < REPORT_MAX)
            printk("alloc test: frame %#lx handed out: %s\n", mfn, why);
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
           "%lu frames in %lu blocks, %lu forbidden, %lu frees failed, %lu free after",
           w.frames, w.blocks, w.bad, failed, page_alloc_free_count());
    selftest_report("alloc", ok, detail);
    return ok;
}
