/* SPDX-License-Identifier: MIT */
/* test_p2m.c - P2M: entry references, M2P agreement, limits, all-or-nothing ranges. */
#include "unit.h"
#include "mm_test.h"
#include "mm/p2m.h"
#include "mm/m2p.h"
#include "mm/nested.h"

static struct mm_domain d1, d2;

/* Machine of nr frames; domains 1 and 2 with gfn limit 1 GiB. */
static void two_domains(uint64_t nr)
{
    mm_test_machine(nr, 1);
    CHECK_EQ(mm_domain_init(&d1, 1, nr, 1ULL << 18), STATUS_OK);
    CHECK_EQ(mm_domain_init(&d2, 2, nr, 1ULL << 18), STATUS_OK);
}

static mfn_t page_of(struct mm_domain *d)
{
    mfn_t mfn = INVALID_MFN;

    CHECK_EQ(page_alloc_domain_frames(&d->account, 0, &mfn), STATUS_OK);
    return mfn;
}

static struct frame_info info_of(mfn_t mfn)
{
    struct frame_info info = { 0 };

    CHECK_EQ(frame_get_info(mfn, &info), STATUS_OK);
    return info;
}

UNIT_TEST(domain_init_checks)
{
    struct mm_domain d;

    mm_test_machine(16, 0);
    CHECK_EQ(mm_domain_init(&d, DOMID_XEN, 4, 16), STATUS_EINVAL);
    CHECK_EQ(mm_domain_init(&d, 1, 4, 0), STATUS_EINVAL);
    CHECK_EQ(mm_domain_init(&d, 1, 4, P2M_GFN_LIMIT_MAX + 1), STATUS_EINVAL);
    CHECK_EQ(mm_domain_init(&d, 1, 4, P2M_GFN_LIMIT_MAX), STATUS_OK);
    CHECK_EQ(p2m_entries(&d), 0);
    CHECK_EQ(nested_root(&d), INVALID_MFN);
    p2m_destroy(&d);
}

UNIT_TEST(ram_rw_entry_holds_refs_and_m2p)
{
    mfn_t mfn, got;
    enum p2m_type type;

    two_domains(64);
    mfn = page_of(&d1);
    CHECK_EQ(p2m_get(&d1, 5, &got, &type), STATUS_ENOENT);
    CHECK_EQ(got, INVALID_MFN);
    CHECK_EQ(p2m_set(&d1, 5, mfn, P2M_RAM_RW), STATUS_OK);
    CHECK_EQ(p2m_get(&d1, 5, &got, &type), STATUS_OK);
    CHECK_EQ(got, mfn);
    CHECK_EQ(type, P2M_RAM_RW);
    CHECK_EQ(m2p_get(mfn), 5);
    CHECK_EQ(info_of(mfn).ref_count, 2);
    CHECK_EQ(info_of(mfn).type, FRAME_TYPE_WRITABLE);
    CHECK_EQ(info_of(mfn).type_count, 1);
    CHECK_EQ(p2m_entries(&d1), 1);
    /* while mapped writable it can neither be freed nor become a page table */
    CHECK_EQ(page_free_domain_frames(&d1.account, mfn, 0), STATUS_EBUSY);
    CHECK_EQ(frame_get_type(mfn, 1, FRAME_TYPE_L1), STATUS_EBUSY);
    /* downgrade to read-only: writable reference dropped */
    CHECK_EQ(p2m_set(&d1, 5, mfn, P2M_RAM_RO), STATUS_OK);
    CHECK_EQ(info_of(mfn).type_count, 0);
    CHECK_EQ(info_of(mfn).ref_count, 2);
    CHECK_EQ(frame_get_type(mfn, 1, FRAME_TYPE_L1), STATUS_OK);
    CHECK_EQ(p2m_set(&d1, 5, mfn, P2M_RAM_RW), STATUS_EBUSY);   /* page table */
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_L1), STATUS_OK);
    CHECK_EQ(p2m_remove(&d1, 5), STATUS_OK);
    CHECK_EQ(p2m_remove(&d1, 5), STATUS_ENOENT);
    CHECK_EQ(m2p_get(mfn), INVALID_GFN);
    CHECK_EQ(info_of(mfn).ref_count, 1);
    CHECK_EQ(page_free_domain_frames(&d1.account, mfn, 0), STATUS_OK);
    p2m_destroy(&d1);
}

UNIT_TEST(argument_and_ownership_checks)
{
    mfn_t own, foreign;

    two_domains(64);
    own = page_of(&d1);
    foreign = page_of(&d2);
    CHECK_EQ(p2m_set(&d1, 1ULL << 18, own, P2M_RAM_RW), STATUS_EINVAL);  /* limit */
    CHECK_EQ(p2m_set(&d1, 1, own, P2M_INVALID), STATUS_EINVAL);
    CHECK_EQ(p2m_set(&d1, 1, own, (enum p2m_type)9), STATUS_EINVAL);
    CHECK_EQ(p2m_set(&d1, 1, P2M_MFN_MAX + 1, P2M_MMIO), STATUS_EINVAL);
    CHECK_EQ(p2m_set(&d1, 1, foreign, P2M_RAM_RW), STATUS_EPERM);
    CHECK_EQ(p2m_set(&d1, 1, foreign, P2M_RAM_RO), STATUS_EPERM);
    CHECK_EQ(p2m_set(&d1, 1, 0, P2M_GRANT_RO), STATUS_EPERM);       /* not RAM */
    CHECK_EQ(p2m_set(&d1, 1, own, P2M_MMIO), STATUS_EPERM);         /* RAM */
    CHECK_EQ(p2m_set(&d1, 1, 0, P2M_MMIO), STATUS_OK);              /* hole */
    CHECK_EQ(p2m_set(&d1, 2, 0xFEE00, P2M_MMIO), STATUS_OK);        /* beyond RAM */
    CHECK_EQ(p2m_set(&d1, 3, own, P2M_RAM_RW), STATUS_OK);
    CHECK_EQ(p2m_set(&d1, 4, own, P2M_RAM_RO), STATUS_EEXIST);      /* alias */
    CHECK_EQ(p2m_remove(&d1, 1ULL << 18), STATUS_EINVAL);
    CHECK_EQ(p2m_entries(&d1), 3);
    p2m_destroy(&d1);
    CHECK_EQ(p2m_entries(&d1), 0);
    CHECK_EQ(info_of(own).ref_count, 1);
}

UNIT_TEST(grant_mapping_takes_foreign_reference)
{
    mfn_t foreign;

    two_domains(64);
    foreign = page_of(&d2);
    CHECK_EQ(p2m_set(&d1, 9, foreign, P2M_GRANT_RW), STATUS_OK);
    CHECK_EQ(info_of(foreign).ref_count, 2);
    CHECK_EQ(info_of(foreign).type_count, 1);
    CHECK_EQ(m2p_get(foreign), INVALID_GFN);         /* M2P is the owner's */
    CHECK_EQ(page_free_domain_frames(&d2.account, foreign, 0), STATUS_EBUSY);
    CHECK_EQ(p2m_set(&d1, 9, foreign, P2M_GRANT_RO), STATUS_OK);
    CHECK_EQ(info_of(foreign).type_count, 0);
    CHECK_EQ(frame_get_type(foreign, 2, FRAME_TYPE_L2), STATUS_OK);
    CHECK_EQ(p2m_set(&d1, 10, foreign, P2M_GRANT_RW), STATUS_EBUSY);
    CHECK_EQ(frame_put_type(foreign, FRAME_TYPE_L2), STATUS_OK);
    CHECK_EQ(p2m_remove(&d1, 9), STATUS_OK);
    CHECK_EQ(info_of(foreign).ref_count, 1);
    CHECK_EQ(page_free_domain_frames(&d2.account, foreign, 0), STATUS_OK);
    p2m_destroy(&d1);
}

UNIT_TEST(out_of_nodes_leaves_mapping_unchanged)
{
    mfn_t mfn = INVALID_MFN, other, hog;
    enum p2m_type type;

    two_domains(8);                       /* 7 free frames */
    mfn = page_of(&d1);
    other = page_of(&d1);
    CHECK_EQ(p2m_set(&d1, 0, mfn, P2M_RAM_RW), STATUS_OK);   /* 4 nodes */
    while (page_alloc_frames(0, &hog) == STATUS_OK)
        ;
    /* a gfn in another 1 GiB slot needs 2 more nodes */
    CHECK_EQ(p2m_set(&d1, 1ULL << 18 >> 1, other, P2M_RAM_RW), STATUS_ENOMEM);
    CHECK_EQ(info_of(other).ref_count, 1);
    CHECK_EQ(m2p_get(other), INVALID_GFN);
    CHECK_EQ(p2m_get(&d1, 0, &hog, &type), STATUS_OK);
    CHECK_EQ(hog, mfn);
    CHECK_EQ(p2m_entries(&d1), 1);
    CHECK_EQ(m2p_get(mfn), 0);
    CHECK_EQ(info_of(mfn).ref_count, 2);
}

UNIT_TEST(range_set_and_remove)
{
    mfn_t first = 0, got;
    enum p2m_type type;

    two_domains(256);
    CHECK_EQ(page_alloc_domain_frames(&d1.account, 4, &first), STATUS_OK);
    CHECK_EQ(p2m_set_range(&d1, 100, first, 16, P2M_RAM_RW), STATUS_OK);
    CHECK_EQ(p2m_entries(&d1), 16);
    for (gfn_t g = 100; g < 116; g++) {
        CHECK_EQ(p2m_get(&d1, g, &got, &type), STATUS_OK);
        CHECK_EQ(got, first + (g - 100));
        CHECK_EQ(m2p_get(got), g);
    }
    CHECK_EQ(p2m_set_range(&d1, 110, first, 1, P2M_RAM_RW), STATUS_EEXIST);
    CHECK_EQ(p2m_set_range(&d1, 0, first, 0, P2M_RAM_RW), STATUS_EINVAL);
    CHECK_EQ(p2m_set_range(&d1, ~0ULL, first, 2, P2M_RAM_RW), STATUS_EINVAL);
    CHECK_EQ(p2m_set_range(&d1, 0, ~0ULL, 2, P2M_MMIO), STATUS_EINVAL);
    CHECK_EQ(p2m_remove_range(&d1, 104, 8), STATUS_OK);
    CHECK_EQ(p2m_entries(&d1), 8);
    CHECK_EQ(p2m_remove_range(&d1, 0, 0), STATUS_EINVAL);
    CHECK_EQ(p2m_remove_range(&d1, (1ULL << 18) - 1, 2), STATUS_EINVAL);
    CHECK_EQ(p2m_remove_range(&d1, 0, 1ULL << 18), STATUS_OK);
    CHECK_EQ(p2m_entries(&d1), 0);
    CHECK_EQ(page_free_domain_frames(&d1.account, first, 4), STATUS_OK);
    p2m_destroy(&d1);
}

/* XSA-212 class: a batch argument checked only at its base, not each element. */
UNIT_TEST(xsa212_range_checked_element_by_element)
{
    mfn_t first = 0, last;
    uint64_t free_before;

    two_domains(256);
    CHECK_EQ(page_alloc_domain_frames(&d1.account, 3, &first), STATUS_OK);
    last = page_of(&d2);                       /* not d1's */
    (void)last;
    free_before = page_alloc_free_count();
    /* base fine, elements 8.. are beyond d1's block: foreign or free */
    CHECK(p2m_set_range(&d1, 0, first, 9, P2M_RAM_RW) != STATUS_OK);
    /* base fine, the end passes the gfn limit */
    CHECK_EQ(p2m_set_range(&d1, (1ULL << 18) - 4, first, 8, P2M_RAM_RW), STATUS_EINVAL);
    /* base fine, one element in the middle is already mapped */
    CHECK_EQ(p2m_set(&d1, 5, first + 5, P2M_RAM_RW), STATUS_OK);
    CHECK_EQ(p2m_set_range(&d1, 0, first, 8, P2M_RAM_RW), STATUS_EEXIST);
    CHECK_EQ(p2m_entries(&d1), 1);
    for (mfn_t m = first; m < first + 8; m++)
        CHECK_EQ(info_of(m).ref_count, m == first + 5 ? 2 : 1);
    /* base fine, one element a page table: no reference left behind */
    CHECK_EQ(p2m_remove(&d1, 5), STATUS_OK);
    CHECK_EQ(frame_get_type(first + 6, 1, FRAME_TYPE_L1), STATUS_OK);
    CHECK_EQ(p2m_set_range(&d1, 0, first, 8, P2M_RAM_RW), STATUS_EBUSY);
    CHECK_EQ(p2m_entries(&d1), 0);
    for (mfn_t m = first; m < first + 8; m++) {
        CHECK_EQ(info_of(m).ref_count, 1);
        CHECK_EQ(m2p_get(m), INVALID_GFN);
    }
    CHECK_EQ(frame_put_type(first + 6, FRAME_TYPE_L1), STATUS_OK);
    CHECK(page_alloc_free_count() <= free_before);
    p2m_destroy(&d1);
}

UNIT_TEST(destroy_returns_every_node)
{
    uint64_t free_before;
    mfn_t mfn;

    two_domains(256);
    mfn = page_of(&d1);
    free_before = page_alloc_free_count();
    CHECK_EQ(p2m_set(&d1, 0, mfn, P2M_RAM_RW), STATUS_OK);
    CHECK_EQ(p2m_set(&d1, (1ULL << 18) - 1, 0xFEC00, P2M_MMIO), STATUS_OK);
    CHECK(page_alloc_free_count() < free_before);
    p2m_destroy(&d1);
    CHECK_EQ(page_alloc_free_count(), free_before);
    CHECK_EQ(d1.p2m.nodes, 0);
    CHECK_EQ(info_of(mfn).ref_count, 1);
    CHECK_EQ(m2p_get(mfn), INVALID_GFN);
}

UNIT_TEST(range_out_of_nodes_maps_nothing)
{
    mfn_t first = 0, hog;
    struct mm_domain big;

    mm_test_machine(64, 1);
    CHECK_EQ(mm_domain_init(&big, 1, 64, P2M_GFN_LIMIT_MAX), STATUS_OK);
    CHECK_EQ(page_alloc_domain_frames(&big.account, 2, &first), STATUS_OK);
    CHECK_EQ(nested_enable(&big, NESTED_NPT, 3), STATUS_OK);
    while (page_alloc_frames(0, &hog) == STATUS_OK)
        ;
    /* four gfns 1 GiB apart need more radix nodes than are left */
    for (int i = 0; i < 4; i++)
        CHECK_EQ(p2m_set_range(&big, (gfn_t)i << 18, first + i, 1, P2M_RAM_RW),
                 STATUS_ENOMEM);
    CHECK_EQ(p2m_entries(&big), 0);
    CHECK_EQ(frame_table[first].ref_count, 1);
    CHECK_EQ(m2p_get(first), INVALID_GFN);
}

UNIT_TEST(nested_table_out_of_frames_maps_nothing)
{
    mfn_t first = 0, hog, last = 0;
    struct mm_domain dom;

    mm_test_machine(16, 1);
    CHECK_EQ(mm_domain_init(&dom, 1, 16, 1ULL << 20), STATUS_OK);
    CHECK_EQ(page_alloc_domain_frames(&dom.account, 1, &first), STATUS_OK);
    CHECK_EQ(nested_enable(&dom, NESTED_EPT, 3), STATUS_OK);
    CHECK_EQ(p2m_set(&dom, 0, first, P2M_RAM_RW), STATUS_OK);
    while (page_alloc_frames(0, &hog) == STATUS_OK)
        last = hog;
    CHECK_EQ(page_free_frames(last, 0), STATUS_OK);
    /* one frame left: enough for the new P2M leaf node, not for the
     * nested level-1 table of the new 2 MiB region */
    CHECK_EQ(p2m_set(&dom, 512, first + 1, P2M_RAM_RW), STATUS_ENOMEM);
    CHECK_EQ(page_alloc_free_count(), 0);
    CHECK_EQ(p2m_entries(&dom), 1);
    CHECK_EQ(m2p_get(first + 1), INVALID_GFN);
}
