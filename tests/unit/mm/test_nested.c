/* SPDX-License-Identifier: MIT */
/* test_nested.c - NPT/EPT mirrors of a P2M: sync, superpages, splitting, flushes. */
#include "unit.h"
#include "mm_test.h"
#include "mm/p2m.h"
#include "mm/nested.h"
#include "mm/npt.h"
#include "mm/ept.h"

#include <string.h>

static struct mm_domain d;

/* 4096-frame machine, domain 1 with a 2 MiB block at mfn *block. */
static void machine_with_block(mfn_t *block)
{
    mm_test_machine(4096, 1);
    CHECK_EQ(mm_domain_init(&d, 1, 4096, 1ULL << 20), STATUS_OK);
    CHECK_EQ(page_alloc_domain_frames(&d.account, 9, block), STATUS_OK);
}

/* The nested table maps gfn to want (INVALID_MFN: not at all). */
static void check_translation(gfn_t gfn, mfn_t want, bool want_writable)
{
    mfn_t got;
    bool writable, super;

    if (want == INVALID_MFN) {
        CHECK_EQ(nested_translate(&d, gfn, &got, &writable, &super), STATUS_ENOENT);
        return;
    }
    CHECK_EQ(nested_translate(&d, gfn, &got, &writable, &super), STATUS_OK);
    CHECK_EQ(got, want);
    CHECK_EQ(writable, want_writable);
}

static bool is_superpage(gfn_t gfn)
{
    mfn_t got;
    bool writable, super = false;

    (void)nested_translate(&d, gfn, &got, &writable, &super);
    return super;
}

UNIT_TEST(entry_encodings)
{
    CHECK_EQ(npt_leaf_entry(5, P2M_INVALID, false), 0);
    CHECK_EQ(ept_leaf_entry(5, P2M_INVALID, false), 0);
    CHECK(npt_entry_writable(npt_leaf_entry(5, P2M_RAM_RW, false)));
    CHECK(!npt_entry_writable(npt_leaf_entry(5, P2M_RAM_RO, false)));
    CHECK(!npt_entry_writable(npt_leaf_entry(5, P2M_GRANT_RO, false)));
    CHECK(npt_leaf_entry(5, P2M_MMIO, false) & NPT_PCD);
    CHECK(npt_leaf_entry(5, P2M_MMIO, false) & NPT_NX);
    CHECK(npt_leaf_entry(5, P2M_GRANT_RW, false) & NPT_NX);
    CHECK_EQ(npt_entry_mfn(npt_leaf_entry(512, P2M_RAM_RW, true)), 512);
    CHECK(npt_entry_large(npt_leaf_entry(512, P2M_RAM_RW, true)));
    CHECK(!npt_entry_present(0));
    CHECK(ept_entry_writable(ept_leaf_entry(5, P2M_RAM_RW, false)));
    CHECK(!ept_entry_writable(ept_leaf_entry(5, P2M_RAM_RO, false)));
    CHECK(!ept_entry_writable(ept_leaf_entry(5, P2M_GRANT_RO, false)));
    CHECK(ept_entry_writable(ept_leaf_entry(5, P2M_GRANT_RW, false)));
    CHECK_EQ(ept_leaf_entry(5, P2M_MMIO, false) & EPT_X, 0);
    CHECK_EQ((ept_leaf_entry(5, P2M_MMIO, false) >> EPT_MT_SHIFT) & 7, EPT_MT_UC);
    CHECK_EQ((ept_leaf_entry(5, P2M_RAM_RW, false) >> EPT_MT_SHIFT) & 7, EPT_MT_WB);
    CHECK(ept_leaf_entry(5, P2M_RAM_RO, false) & EPT_X);
    CHECK_EQ(ept_entry_mfn(ept_leaf_entry(1024, P2M_RAM_RO, true)), 1024);
    CHECK(ept_entry_large(ept_leaf_entry(1024, P2M_RAM_RO, true)));
    CHECK(ept_entry_present(ept_table_entry(7)));
    CHECK(npt_entry_present(npt_table_entry(7)));
    CHECK(!ept_entry_present(0));
}

UNIT_TEST(enable_checks_and_builds_from_existing_p2m)
{
    mfn_t block = 0;

    machine_with_block(&block);
    CHECK_EQ(p2m_set(&d, 7, block + 3, P2M_RAM_RO), STATUS_OK);
    CHECK_EQ(p2m_set(&d, 0x40000, 0xFEE00, P2M_MMIO), STATUS_OK);
    CHECK_EQ(nested_enable(&d, NESTED_NONE, 1), STATUS_EINVAL);
    CHECK_EQ(nested_enable(&d, (enum nested_format)7, 1), STATUS_EINVAL);
    CHECK_EQ(nested_enable(&d, NESTED_NPT, 33), STATUS_OK);
    CHECK_EQ(nested_enable(&d, NESTED_EPT, 33), STATUS_EEXIST);
    CHECK(nested_root(&d) != INVALID_MFN);
    check_translation(7, block + 3, false);
    check_translation(0x40000, 0xFEE00, true);
    check_translation(8, INVALID_MFN, false);
    check_translation(0x80000, INVALID_MFN, false);
    nested_disable(&d);
    check_translation(7, INVALID_MFN, false);
    p2m_destroy(&d);
}

UNIT_TEST(every_change_is_mirrored_and_flushed)
{
    mfn_t block = 0;

    machine_with_block(&block);
    CHECK_EQ(nested_enable(&d, NESTED_EPT, 0x77), STATUS_OK);
    host_reset_counters();
    CHECK_EQ(p2m_set(&d, 1, block, P2M_RAM_RW), STATUS_OK);
    CHECK_EQ(host_counters.guest_tlb_flushes, 1);
    CHECK_EQ(host_counters.last_guest_tlb_tag, 0x77);
    check_translation(1, block, true);
    CHECK_EQ(p2m_set(&d, 1, block, P2M_RAM_RO), STATUS_OK);
    CHECK_EQ(host_counters.guest_tlb_flushes, 2);
    check_translation(1, block, false);
    CHECK_EQ(p2m_remove(&d, 1), STATUS_OK);
    CHECK_EQ(host_counters.guest_tlb_flushes, 3);
    check_translation(1, INVALID_MFN, false);
    /* a failed change flushes nothing */
    CHECK_EQ(p2m_set(&d, 1, 0, P2M_RAM_RW), STATUS_EPERM);
    CHECK_EQ(host_counters.guest_tlb_flushes, 3);
    p2m_destroy(&d);
}

UNIT_TEST(uniform_region_becomes_superpage_and_splits)
{
    mfn_t block = 0;
    uint64_t free_before;

    machine_with_block(&block);
    free_before = page_alloc_free_count();
    CHECK_EQ(nested_enable(&d, NESTED_NPT, 1), STATUS_OK);
    CHECK_EQ(p2m_set_range(&d, 512, block, 512, P2M_RAM_RW), STATUS_OK);
    CHECK(is_superpage(512));
    CHECK_EQ(d.p2m.nested.superpages, 1);
    check_translation(512 + 77, block + 77, true);
    /* one entry changes type: split, the rest unchanged */
    CHECK_EQ(p2m_set(&d, 600, block + 88, P2M_RAM_RO), STATUS_OK);
    CHECK(!is_superpage(512));
    CHECK_EQ(d.p2m.nested.superpages, 0);
    check_translation(600, block + 88, false);
    check_translation(599, block + 87, true);
    check_translation(1023, block + 511, true);
    /* uniform again: merged */
    CHECK_EQ(p2m_set(&d, 600, block + 88, P2M_RAM_RW), STATUS_OK);
    CHECK(is_superpage(600));
    /* a hole splits it */
    CHECK_EQ(p2m_remove(&d, 512), STATUS_OK);
    CHECK(!is_superpage(600));
    check_translation(512, INVALID_MFN, false);
    check_translation(513, block + 1, true);
    /* misaligned run: never a superpage */
    CHECK_EQ(p2m_remove_range(&d, 512, 512), STATUS_OK);
    CHECK_EQ(p2m_set_range(&d, 1025, block, 511, P2M_RAM_RW), STATUS_OK);
    CHECK(!is_superpage(1025));
    p2m_destroy(&d);
    CHECK_EQ(page_alloc_free_count(), free_before);
}

/* XSA-286 class: stale translations left when two update paths (single and batch) mix. */
UNIT_TEST(xsa286_no_stale_translation_across_update_paths)
{
    mfn_t block = 0;

    machine_with_block(&block);
    CHECK_EQ(nested_enable(&d, NESTED_EPT, 5), STATUS_OK);
    CHECK_EQ(p2m_set_range(&d, 0, block, 512, P2M_RAM_RW), STATUS_OK);   /* batch */
    CHECK(is_superpage(0));
    host_reset_counters();
    CHECK_EQ(p2m_remove(&d, 300), STATUS_OK);                            /* single */
    CHECK(host_counters.guest_tlb_flushes >= 1);
    check_translation(300, INVALID_MFN, false);
    check_translation(301, block + 301, true);
    CHECK_EQ(p2m_set(&d, 300, block + 300, P2M_RAM_RW), STATUS_OK);      /* single */
    CHECK(is_superpage(0));
    host_reset_counters();
    CHECK_EQ(p2m_remove_range(&d, 256, 256), STATUS_OK);                 /* batch */
    CHECK(host_counters.guest_tlb_flushes >= 1);
    for (gfn_t g = 0; g < 512; g += 17)
        check_translation(g, g < 256 ? block + g : INVALID_MFN, true);
    /* the freed frames are really unreachable after the batch path */
    CHECK_EQ(p2m_remove_range(&d, 0, 256), STATUS_OK);
    for (gfn_t g = 0; g < 512; g += 17)
        check_translation(g, INVALID_MFN, false);
    CHECK_EQ(page_free_domain_frames(&d.account, block, 9), STATUS_OK);
    p2m_destroy(&d);
}

UNIT_TEST(enable_out_of_frames_enables_nothing)
{
    mfn_t block = 0, hog;

    machine_with_block(&block);
    CHECK_EQ(p2m_set(&d, 0, block, P2M_RAM_RW), STATUS_OK);
    CHECK_EQ(p2m_set(&d, 1ULL << 19, block + 1, P2M_RAM_RW), STATUS_OK);
    while (page_alloc_frames(0, &hog) == STATUS_OK)
        ;
    CHECK_EQ(nested_enable(&d, NESTED_NPT, 1), STATUS_ENOMEM);
    CHECK_EQ(d.p2m.nested.format, NESTED_NONE);
    CHECK_EQ(d.p2m.nested.tables, 0);
    CHECK_EQ(nested_root(&d), INVALID_MFN);
}

/* Reference model over a small window of gfns, two domains, both formats. */
#define WINDOW 2048
static struct { mfn_t mfn; enum p2m_type type; } model[2][WINDOW];

static void model_check(struct mm_domain *dom, int k)
{
    for (gfn_t g = 0; g < WINDOW; g++) {
        mfn_t mfn, nmfn;
        enum p2m_type type;
        bool writable, super;
        status_t s = p2m_get(dom, g, &mfn, &type);
        if (model[k][g].type == P2M_INVALID) {
            CHECK_EQ(s, STATUS_ENOENT);
            CHECK_EQ(nested_translate(dom, g, &nmfn, &writable, &super), STATUS_ENOENT);
            continue;
        }
        CHECK_EQ(type, model[k][g].type);
        CHECK_EQ(mfn, model[k][g].mfn);
        CHECK_EQ(nested_translate(dom, g, &nmfn, &writable, &super), STATUS_OK);
        CHECK_EQ(nmfn, mfn);
        CHECK_EQ(writable, type == P2M_RAM_RW || type == P2M_GRANT_RW || type == P2M_MMIO);
        if (type == P2M_RAM_RW || type == P2M_RAM_RO)
            CHECK_EQ(m2p_get(mfn), g);
    }
}

UNIT_TEST(randomized_p2m_and_nested_against_model)
{
    static struct mm_domain dom[2];
    mfn_t base[2];
    uint64_t seed = unit_seed() ^ 0x286;
    unsigned mapped = 0;

    mm_test_machine(8192, 1);
    memset(model, 0, sizeof(model));
    for (int k = 0; k < 2; k++) {
        CHECK_EQ(mm_domain_init(&dom[k], (domid_t)(k + 1), 4096, WINDOW), STATUS_OK);
        CHECK_EQ(page_alloc_domain_frames(&dom[k].account, 10, &base[k]), STATUS_OK);
        CHECK_EQ(nested_enable(&dom[k], k ? NESTED_EPT : NESTED_NPT, (uint32_t)k), STATUS_OK);
    }
    for (int step = 0; step < 1500; step++) {
        uint64_t r = unit_random(&seed);
        int k = (int)(r & 1);
        gfn_t g = (r >> 8) % WINDOW;
        uint64_t count = 1 + (r >> 24) % 600;
        enum p2m_type t = (enum p2m_type)(1 + (r >> 40) % P2M_TYPE_MAX);
        mfn_t m = base[k] + (g % 1024);
        switch ((r >> 4) % 4) {
        case 0: /* single set: identity-ish RAM, grants of the other domain, MMIO */
            if (t == P2M_GRANT_RW || t == P2M_GRANT_RO)
                m = base[!k] + (g % 1024);
            if (t == P2M_MMIO)
                m = 0x100000 + g;
            if (p2m_set(&dom[k], g, m, t) == STATUS_OK)
                model[k][g].mfn = m, model[k][g].type = t, mapped++;
            break;
        case 1:
            if (p2m_remove(&dom[k], g) == STATUS_OK)
                model[k][g].type = P2M_INVALID;
            break;
        case 2: { /* batch set of an aligned identity run (superpage material) */
            gfn_t s = g & ~511ULL;
            count = count > WINDOW - s ? WINDOW - s : count;
            if (p2m_set_range(&dom[k], s, base[k] + (s % 1024), count, P2M_RAM_RW) == STATUS_OK)
                for (uint64_t i = 0; i < count; i++)
                    model[k][s + i].mfn = base[k] + ((s + i) % 1024),
                    model[k][s + i].type = P2M_RAM_RW;
            break;
        }
        default:
            count = count > WINDOW - g ? WINDOW - g : count;
            CHECK_EQ(p2m_remove_range(&dom[k], g, count), STATUS_OK);
            for (uint64_t i = 0; i < count; i++)
                model[k][g + i].type = P2M_INVALID;
        }
        if (step % 100 == 99) {
            model_check(&dom[0], 0);
            model_check(&dom[1], 1);
        }
    }
    model_check(&dom[0], 0);
    model_check(&dom[1], 1);
    CHECK(mapped > 100);                  /* the sequence really mapped things */
    for (int k = 0; k < 2; k++)
        p2m_destroy(&dom[k]);
    for (int k = 0; k < 2; k++)
        CHECK_EQ(page_free_domain_frames(&dom[k].account, base[k], 10), STATUS_OK);
}
