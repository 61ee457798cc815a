/* SPDX-License-Identifier: MIT */
/* test_page_alloc.c - buddy allocator: alignment, coalescing, scrubbing, accounting. */
#include "unit.h"
#include "mm_test.h"

#include <string.h>

#define DOM1 1

UNIT_TEST(alloc_returns_aligned_zeroed_block)
{
    mfn_t mfn = 0;

    mm_test_machine(256, 3);
    CHECK_EQ(page_alloc_free_count(), 253);
    for (unsigned order = 0; order <= 5; order++) {
        CHECK_EQ(page_alloc_frames(order, &mfn), STATUS_OK);
        CHECK_EQ(mfn % (1u << order), 0);
        CHECK(mfn >= 3 && mfn + (1u << order) <= 256);
        for (mfn_t m = mfn; m < mfn + (1u << order); m++) {
            CHECK_EQ(frame_owner(m), DOMID_XEN);
            CHECK(mm_test_frame_zero(m));
        }
    }
}

UNIT_TEST(boot_memory_is_scrubbed_before_first_use)
{
    mfn_t mfn = 0;

    host_memory_init(16);
    mm_test_machine(16, 0);
    for (mfn_t m = 0; m < 16; m++)
        mm_test_frame_fill(m, 0xAB);           /* leftovers of the boot */
    CHECK_EQ(page_alloc_frames(4, &mfn), STATUS_OK);
    for (mfn_t m = 0; m < 16; m++)
        CHECK(mm_test_frame_zero(m));
}

UNIT_TEST(free_scrubs_and_coalesces)
{
    mfn_t a = 0, b = 0, c = 0;

    mm_test_machine(64, 0);
    CHECK_EQ(page_alloc_frames(0, &a), STATUS_OK);
    CHECK_EQ(page_alloc_frames(0, &b), STATUS_OK);
    CHECK_EQ(page_alloc_free_count(), 62);
    mm_test_frame_fill(a, 0x5A);
    CHECK_EQ(page_free_frames(a, 0), STATUS_OK);
    CHECK(mm_test_frame_zero(a));
    CHECK_EQ(page_free_frames(b, 0), STATUS_OK);
    CHECK_EQ(page_alloc_free_count(), 64);
    /* everything merged back: the whole machine is one block again */
    CHECK_EQ(page_alloc_frames(6, &c), STATUS_OK);
    CHECK_EQ(c, 0);
    CHECK_EQ(page_alloc_frames(0, &a), STATUS_ENOMEM);
}

UNIT_TEST(exhaustion_is_enomem_not_panic)
{
    mfn_t mfn = 0;
    unsigned got = 0;

    mm_test_machine(32, 0);
    while (page_alloc_frames(0, &mfn) == STATUS_OK)
        got++;
    CHECK_EQ(got, 32);
    CHECK_EQ(page_alloc_frames(0, &mfn), STATUS_ENOMEM);
    CHECK_EQ(page_alloc_frames(PAGE_ALLOC_MAX_ORDER + 1, &mfn), STATUS_EINVAL);
    CHECK_EQ(page_alloc_free_count(), 0);
}

UNIT_TEST(double_free_and_bad_frees_refused)
{
    mfn_t mfn = 0;

    mm_test_machine(64, 0);
    CHECK_EQ(page_alloc_frames(2, &mfn), STATUS_OK);
    CHECK_EQ(page_free_frames(mfn, 1), STATUS_EINVAL);       /* wrong order */
    CHECK_EQ(page_free_frames(mfn + 1, 0), STATUS_EINVAL);   /* middle */
    CHECK_EQ(page_free_frames(mfn, PAGE_ALLOC_MAX_ORDER + 1), STATUS_EINVAL);
    CHECK_EQ(page_free_frames(mfn, 2), STATUS_OK);
    CHECK_EQ(page_free_frames(mfn, 2), STATUS_EINVAL);       /* double */
    CHECK_EQ(page_free_frames(mfn + 1, 0), STATUS_EINVAL);
    CHECK_EQ(page_free_frames(60, 3), STATUS_EINVAL);        /* beyond */
    CHECK_EQ(page_alloc_free_count(), 64);
}

UNIT_TEST(add_range_checks)
{
    mm_test_machine(64, 32);
    CHECK_EQ(page_alloc_add_range(0, 0), STATUS_EINVAL);
    CHECK_EQ(page_alloc_add_range(60, 5), STATUS_EINVAL);
    CHECK_EQ(page_alloc_add_range(~0ULL, 2), STATUS_EINVAL);
    CHECK_EQ(page_alloc_add_range(30, 4), STATUS_EEXIST);    /* 32.. free */
    CHECK_EQ(page_alloc_free_count(), 32);
    CHECK_EQ(page_alloc_add_range(5, 27), STATUS_OK);        /* odd start */
    CHECK_EQ(page_alloc_free_count(), 59);
}

UNIT_TEST(referenced_frame_cannot_be_freed)
{
    struct mm_account acct;
    mfn_t mfn = 0;

    mm_test_machine(64, 0);
    page_alloc_account_init(&acct, DOM1, 8);
    CHECK_EQ(page_alloc_domain_frames(&acct, 1, &mfn), STATUS_OK);
    CHECK_EQ(frame_get(mfn + 1, DOM1), STATUS_OK);
    CHECK_EQ(page_free_domain_frames(&acct, mfn, 1), STATUS_EBUSY);
    CHECK_EQ(frame_put(mfn + 1), STATUS_OK);
    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_L1), STATUS_OK);
    CHECK_EQ(page_free_domain_frames(&acct, mfn, 1), STATUS_EBUSY);
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_L1), STATUS_OK);
    CHECK_EQ(page_free_frames(mfn, 1), STATUS_EPERM);       /* not Xen's */
    CHECK_EQ(acct.pages, 2);
    CHECK_EQ(page_free_domain_frames(&acct, mfn, 1), STATUS_OK);
    CHECK_EQ(acct.pages, 0);
}

UNIT_TEST(domain_maximum_enforced)
{
    struct mm_account acct, reserved;
    mfn_t mfn = 0;

    mm_test_machine(64, 0);
    page_alloc_account_init(&acct, DOM1, 5);
    CHECK_EQ(page_alloc_domain_frames(&acct, 2, &mfn), STATUS_OK);
    CHECK_EQ(page_alloc_domain_frames(&acct, 1, &mfn), STATUS_ENOMEM);
    CHECK_EQ(page_alloc_domain_frames(&acct, 0, &mfn), STATUS_OK);
    CHECK_EQ(acct.pages, 5);
    CHECK_EQ(page_alloc_domain_frames(&acct, 0, &mfn), STATUS_ENOMEM);
    CHECK_EQ(acct.pages, 5);
    CHECK_EQ(page_alloc_free_count(), 59);
    page_alloc_account_init(&reserved, DOMID_XEN, 5);
    CHECK_EQ(page_alloc_domain_frames(&reserved, 0, &mfn), STATUS_EINVAL);
}

UNIT_TEST(domain_release_flushes_guest_tlbs)
{
    struct mm_account acct;
    mfn_t mfn = 0;

    mm_test_machine(16, 0);
    page_alloc_account_init(&acct, DOM1, 16);
    CHECK_EQ(page_alloc_domain_frames(&acct, 0, &mfn), STATUS_OK);
    host_reset_counters();
    CHECK_EQ(page_free_domain_frames(&acct, mfn, 0), STATUS_OK);
    CHECK_EQ(host_counters.guest_tlb_flushes, 1);
}

/* Reference model: which frames are allocated, in which blocks. */
#define RAND_FRAMES 512
struct model_block {
    mfn_t first;
    unsigned order;
};

static bool model_overlaps(const bool *used, mfn_t first, unsigned order)
{
    for (mfn_t m = first; m < first + (1u << order); m++)
        if (used[m])
            return true;
    return false;
}

UNIT_TEST(randomized_against_reference_model)
{
    static struct model_block blocks[RAND_FRAMES];
    static bool used[RAND_FRAMES];
    unsigned nr_blocks = 0;
    uint64_t seed = unit_seed(), used_frames = 0;

    mm_test_machine(RAND_FRAMES, 0);
    memset(used, 0, sizeof(used));
    for (int step = 0; step < 4000; step++) {
        uint64_t r = unit_random(&seed);
        if ((r & 1) && nr_blocks < RAND_FRAMES) {
            unsigned order = (unsigned)(r >> 8) % 5;
            mfn_t mfn = 0;
            status_t s = page_alloc_frames(order, &mfn);
            if (s == STATUS_ENOMEM)
                continue;
            CHECK_EQ(s, STATUS_OK);
            CHECK_EQ(mfn % (1u << order), 0);
            CHECK(!model_overlaps(used, mfn, order));
            CHECK(mm_test_frame_zero(mfn));
            for (mfn_t m = mfn; m < mfn + (1u << order); m++)
                used[m] = true;
            mm_test_frame_fill(mfn, 0xEE);
            blocks[nr_blocks++] = (struct model_block){ mfn, order };
            used_frames += 1u << order;
        } else if (nr_blocks > 0) {
            unsigned i = (unsigned)(r >> 8) % nr_blocks;
            struct model_block b = blocks[i];
            CHECK_EQ(page_free_frames(b.first, b.order), STATUS_OK);
            CHECK_EQ(page_free_frames(b.first, b.order), STATUS_EINVAL);
            for (mfn_t m = b.first; m < b.first + (1u << b.order); m++)
                used[m] = false;
            blocks[i] = blocks[--nr_blocks];
            used_frames -= 1u << b.order;
        }
        CHECK_EQ(page_alloc_free_count(), RAND_FRAMES - used_frames);
    }
    while (nr_blocks > 0) {
        nr_blocks--;
        CHECK_EQ(page_free_frames(blocks[nr_blocks].first, blocks[nr_blocks].order),
                 STATUS_OK);
    }
    /* full coalescing: the whole machine is one block of order 9 */
    mfn_t all = 1;
    CHECK_EQ(page_alloc_frames(9, &all), STATUS_OK);
    CHECK_EQ(all, 0);
}
