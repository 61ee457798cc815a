/* SPDX-License-Identifier: MIT */
/* test_frame.c - frame table: ownership, general and type references (Xen semantics). */
#include "unit.h"
#include "mm_test.h"
#include "mm/m2p.h"

#define DOM1 1
#define DOM2 2

static struct mm_account dom1;

/* A machine of 64 frames and one frame of domain 1. */
static mfn_t one_frame(void)
{
    mfn_t mfn = 0;

    mm_test_machine(64, 4);
    page_alloc_account_init(&dom1, DOM1, 64);
    CHECK_EQ(page_alloc_domain_frames(&dom1, 0, &mfn), STATUS_OK);
    return mfn;
}

UNIT_TEST(table_bytes_and_init_bounds)
{
    static struct frame small[4];

    CHECK_EQ(frame_table_bytes(0), 0);
    CHECK_EQ(frame_table_bytes(FRAME_TABLE_MAX + 1), 0);
    CHECK_EQ(frame_table_bytes(2), 2 * (sizeof(struct frame) + sizeof(gfn_t)));
    CHECK_EQ(frame_table_init(small, 0), STATUS_EINVAL);
    CHECK_EQ(frame_table_init(small, FRAME_TABLE_MAX + 1), STATUS_EINVAL);
}

UNIT_TEST(fresh_frames_are_not_ram_and_unowned)
{
    struct frame_info info;

    mm_test_machine(16, 16);
    CHECK_EQ(frame_table_size(), 16);
    CHECK_EQ(frame_get_info(3, &info), STATUS_OK);
    CHECK_EQ(info.owner, DOMID_INVALID);
    CHECK_EQ(info.state, FRAME_STATE_NOT_RAM);
    CHECK_EQ(info.ref_count, 0);
    CHECK_EQ(frame_get_info(16, &info), STATUS_EINVAL);
    CHECK_EQ(frame_owner(3), DOMID_INVALID);
    CHECK_EQ(frame_owner(1000), DOMID_INVALID);
    CHECK_EQ(frame_get(3, DOMID_INVALID), STATUS_EPERM);
    CHECK_EQ(m2p_get(3), INVALID_GFN);
    CHECK_EQ(m2p_get(16), INVALID_GFN);
}

UNIT_TEST(get_put_needs_owner_and_keeps_allocation_ref)
{
    mfn_t mfn = one_frame();
    struct frame_info info;

    CHECK_EQ(frame_owner(mfn), DOM1);
    CHECK_EQ(frame_get(mfn, DOM2), STATUS_EPERM);
    CHECK_EQ(frame_get(mfn, DOM1), STATUS_OK);
    CHECK_EQ(frame_get_info(mfn, &info), STATUS_OK);
    CHECK_EQ(info.ref_count, 2);
    CHECK_EQ(frame_put(mfn), STATUS_OK);
    CHECK_EQ(frame_put(mfn), STATUS_EINVAL);       /* allocation ref stays */
    CHECK_EQ(frame_get_info(mfn, &info), STATUS_OK);
    CHECK_EQ(info.ref_count, 1);
}

UNIT_TEST(general_count_refuses_overflow)
{
    mfn_t mfn = one_frame();
    struct frame_info info;

    frame_table[mfn].ref_count = FRAME_COUNT_MAX - 1;   /* white box */
    CHECK_EQ(frame_get(mfn, DOM1), STATUS_OK);
    CHECK_EQ(frame_get(mfn, DOM1), STATUS_EOVERFLOW);
    CHECK_EQ(frame_get_info(mfn, &info), STATUS_OK);
    CHECK_EQ(info.ref_count, FRAME_COUNT_MAX);
    frame_table[mfn].ref_count = 1;
}

UNIT_TEST(type_count_fixes_type)
{
    mfn_t mfn = one_frame();
    struct frame_info info;

    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_L1), STATUS_OK);
    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_L1), STATUS_OK);
    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_WRITABLE), STATUS_EBUSY);
    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_L2), STATUS_EBUSY);
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_L2), STATUS_EINVAL);
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_L1), STATUS_OK);
    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_WRITABLE), STATUS_EBUSY);
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_L1), STATUS_OK);
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_L1), STATUS_EINVAL);
    /* count 0: a retype is allowed */
    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_WRITABLE), STATUS_OK);
    CHECK_EQ(frame_get_info(mfn, &info), STATUS_OK);
    CHECK_EQ(info.type, FRAME_TYPE_WRITABLE);
    CHECK_EQ(info.type_count, 1);
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_WRITABLE), STATUS_OK);
}

UNIT_TEST(type_arguments_checked)
{
    mfn_t mfn = one_frame();

    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_NONE), STATUS_EINVAL);
    CHECK_EQ(frame_get_type(mfn, DOM1, (enum frame_type)99), STATUS_EINVAL);
    CHECK_EQ(frame_get_type(1u << 20, DOM1, FRAME_TYPE_L1), STATUS_EINVAL);
    CHECK_EQ(frame_get_type(mfn, DOM2, FRAME_TYPE_L1), STATUS_EPERM);
    CHECK_EQ(frame_get_type(0, DOM1, FRAME_TYPE_L1), STATUS_EPERM);  /* not RAM */
    CHECK_EQ(frame_put_type(1u << 20, FRAME_TYPE_L1), STATUS_EINVAL);
    CHECK_EQ(frame_put(1u << 20), STATUS_EINVAL);
    CHECK_EQ(frame_get(1u << 20, DOM1), STATUS_EINVAL);
    CHECK_EQ(frame_set_validated(1u << 20), STATUS_EINVAL);
    CHECK_EQ(frame_pin(1u << 20, DOM1, FRAME_TYPE_L4), STATUS_EINVAL);
    CHECK_EQ(frame_unpin(1u << 20, DOM1), STATUS_EINVAL);
}

UNIT_TEST(type_count_refuses_overflow)
{
    mfn_t mfn = one_frame();

    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_SHARED), STATUS_OK);
    frame_table[mfn].type_count = FRAME_COUNT_MAX;       /* white box */
    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_SHARED), STATUS_EOVERFLOW);
    CHECK_EQ(frame_table[mfn].type_count, FRAME_COUNT_MAX);
    frame_table[mfn].type_count = 1;
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_SHARED), STATUS_OK);
}

UNIT_TEST(validated_cleared_when_type_count_drops)
{
    mfn_t mfn = one_frame();
    struct frame_info info;

    CHECK_EQ(frame_set_validated(mfn), STATUS_EINVAL);   /* no type ref */
    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_L3), STATUS_OK);
    CHECK_EQ(frame_set_validated(mfn), STATUS_OK);
    CHECK_EQ(frame_get_info(mfn, &info), STATUS_OK);
    CHECK(info.validated);
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_L3), STATUS_OK);
    CHECK_EQ(frame_get_info(mfn, &info), STATUS_OK);
    CHECK(!info.validated);
}

UNIT_TEST(pin_holds_a_type_reference)
{
    mfn_t mfn = one_frame();
    struct frame_info info;

    CHECK_EQ(frame_unpin(mfn, DOM1), STATUS_EINVAL);
    CHECK_EQ(frame_pin(mfn, DOM1, FRAME_TYPE_L4), STATUS_OK);
    CHECK_EQ(frame_pin(mfn, DOM1, FRAME_TYPE_L4), STATUS_EEXIST);
    CHECK_EQ(frame_pin(mfn, DOM1, FRAME_TYPE_WRITABLE), STATUS_EBUSY);
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_L4), STATUS_EINVAL);  /* the pin's */
    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_L4), STATUS_OK);
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_L4), STATUS_OK);
    CHECK_EQ(frame_unpin(mfn, DOM2), STATUS_EPERM);
    CHECK_EQ(frame_set_validated(mfn), STATUS_OK);
    CHECK_EQ(frame_unpin(mfn, DOM1), STATUS_OK);
    CHECK_EQ(frame_get_info(mfn, &info), STATUS_OK);
    CHECK(!info.pinned);
    CHECK(!info.validated);
    CHECK_EQ(info.type_count, 0);
}

UNIT_TEST(retype_away_from_writable_flushes_guest_tlbs)
{
    mfn_t mfn = one_frame();

    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_WRITABLE), STATUS_OK);
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_WRITABLE), STATUS_OK);
    host_reset_counters();
    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_WRITABLE), STATUS_OK);
    CHECK_EQ(host_counters.guest_tlb_flushes, 0);      /* same type */
    CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_WRITABLE), STATUS_OK);
    CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_L1), STATUS_OK);
    CHECK_EQ(host_counters.guest_tlb_flushes, 1);
    CHECK_EQ(host_counters.last_guest_tlb_tag, MM_TLB_TAG_ALL);
}

UNIT_TEST(m2p_set_needs_owner)
{
    mfn_t mfn = one_frame();

    CHECK_EQ(m2p_set(mfn, DOM2, 7), STATUS_EPERM);
    CHECK_EQ(m2p_set(1u << 20, DOM1, 7), STATUS_EINVAL);
    CHECK_EQ(m2p_set(mfn, DOM1, 7), STATUS_OK);
    CHECK_EQ(m2p_get(mfn), 7);
    CHECK(m2p_base() != NULL);
    CHECK_EQ(m2p_base()[mfn], 7);
}

/* XSA-167 class: a guest-supplied frame number used as a table index unchecked. */
UNIT_TEST(xsa167_frame_index_is_checked_everywhere)
{
    static const mfn_t hostile[] = { 64, 65, 1ULL << 32, ~0ULL, ~0ULL - 1 };

    one_frame();
    for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
        mfn_t m = hostile[i];
        CHECK_EQ(frame_get(m, DOM1), STATUS_EINVAL);
        CHECK_EQ(frame_put(m), STATUS_EINVAL);
        CHECK_EQ(frame_get_type(m, DOM1, FRAME_TYPE_L1), STATUS_EINVAL);
        CHECK_EQ(frame_put_type(m, FRAME_TYPE_L1), STATUS_EINVAL);
        CHECK_EQ(frame_pin(m, DOM1, FRAME_TYPE_L1), STATUS_EINVAL);
        CHECK_EQ(frame_owner(m), DOMID_INVALID);
        CHECK_EQ(m2p_set(m, DOM1, 1), STATUS_EINVAL);
        CHECK_EQ(page_free_frames(m, 0), STATUS_EINVAL);
        CHECK_EQ(page_free_domain_frames(&dom1, m, 0), STATUS_EINVAL);
    }
}

/* XSA-182 class: a page-table frame that is also mapped writable (recursive mapping). */
UNIT_TEST(xsa182_page_table_never_writable)
{
    mfn_t mfn = one_frame();

    for (int t = FRAME_TYPE_L1; t <= FRAME_TYPE_L4; t++) {
        CHECK_EQ(frame_get_type(mfn, DOM1, (enum frame_type)t), STATUS_OK);
        CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_WRITABLE), STATUS_EBUSY);
        CHECK_EQ(frame_put_type(mfn, (enum frame_type)t), STATUS_OK);
        CHECK_EQ(frame_get_type(mfn, DOM1, FRAME_TYPE_WRITABLE), STATUS_OK);
        CHECK_EQ(frame_get_type(mfn, DOM1, (enum frame_type)t), STATUS_EBUSY);
        CHECK_EQ(frame_put_type(mfn, FRAME_TYPE_WRITABLE), STATUS_OK);
    }
}
