/* SPDX-License-Identifier: MIT */
/* test_time_record.c - unit tests of TSC scale factors and the version protocol. */
#include "unit.h"
#include "core/sched/time_record.h"

/* ns for ticks at hz, computed exactly with 128-bit arithmetic. */
static uint64_t exact_ns(uint64_t ticks, uint64_t hz)
{
    return (uint64_t)((unsigned __int128)ticks * TIME_NS_PER_SEC / hz);
}

static void check_freq(uint64_t hz)
{
    struct time_scale s;

    CHECK_EQ(time_scale_from_hz(hz, &s), STATUS_OK);
    CHECK(s.mul >= 0x80000000u);
    /* One second of ticks is one second, within a ppm-level error. */
    uint64_t ns = time_scale_apply(&s, hz);
    uint64_t want = exact_ns(hz, hz);
    uint64_t err = ns > want ? ns - want : want - ns;
    CHECK(err <= want / 1000000 + 1);
    /* And ten minutes of ticks too. */
    ns = time_scale_apply(&s, hz * 600);
    want = exact_ns(hz * 600, hz);
    err = ns > want ? ns - want : want - ns;
    CHECK(err <= want / 1000000 + 1);
}

UNIT_TEST(scale_for_common_frequencies)
{
    check_freq(2400000000ull);    /* 2.4 GHz: shift -1 */
    check_freq(1000000000ull);    /* 1 GHz: exactly one ns per tick */
    check_freq(3579545ull);       /* ACPI PM timer: positive shift */
    check_freq(1ull << 40);       /* 1.1 THz: more negative shift */
    check_freq(1);                /* 1 Hz: large positive shift */
}

UNIT_TEST(scale_shift_signs)
{
    struct time_scale s;

    CHECK_EQ(time_scale_from_hz(4000000000ull, &s), STATUS_OK);
    CHECK(s.shift < 0);
    CHECK_EQ(time_scale_from_hz(100000000ull, &s), STATUS_OK);
    CHECK(s.shift > 0);
    CHECK_EQ(time_scale_from_hz(UINT64_MAX, &s), STATUS_OK);
    CHECK(s.shift >= -40);
}

UNIT_TEST(zero_frequency_is_refused)
{
    struct time_scale s = { 7, 3 };

    CHECK_EQ(time_scale_from_hz(0, &s), STATUS_EINVAL);
    CHECK_EQ(s.mul, 7);
}

UNIT_TEST(guest_formula_matches_xen)
{
    struct vcpu_time_info r = { 0 };
    struct time_scale s;

    CHECK_EQ(time_scale_from_hz(2000000000ull, &s), STATUS_OK);
    time_record_update(&r, 1000, 5000000, &s);
    CHECK_EQ(r.version, 2);
    CHECK_EQ(r.tsc_timestamp, 1000);
    CHECK_EQ(r.system_time, 5000000);
    /* 2 GHz: 2000 ticks later is 1000 ns later. */
    CHECK_EQ(time_record_system_time(&r, 3000), 5001000);
    /* The formula by hand: ((delta << shift) * mul) >> 32. */
    uint64_t delta = 123456789;
    uint64_t shifted = r.tsc_shift < 0 ? delta >> -r.tsc_shift : delta << r.tsc_shift;
    uint64_t by_hand = (uint64_t)(((unsigned __int128)shifted * r.tsc_to_system_mul) >> 32);
    CHECK_EQ(time_record_system_time(&r, 1000 + delta), 5000000 + by_hand);
}

UNIT_TEST(version_is_odd_only_while_updating)
{
    struct vcpu_time_info r = { 0 };

    time_record_begin_update(&r);
    CHECK_EQ(r.version % 2, 1);
    CHECK(!time_record_consistent(r.version, r.version));
    time_record_end_update(&r);
    CHECK_EQ(r.version, 2);
    CHECK(time_record_consistent(2, 2));
    CHECK(!time_record_consistent(2, 4));
    CHECK(!time_record_consistent(3, 3));
}

UNIT_TEST(version_wraps)
{
    struct vcpu_time_info r = { .version = UINT32_MAX - 1 };
    struct time_scale s = { 0x80000000u, 0 };

    time_record_update(&r, 0, 0, &s);
    CHECK_EQ(r.version, 0);
}
