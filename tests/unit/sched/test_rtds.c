/* SPDX-License-Identifier: MIT */
/* test_rtds.c - unit tests of the RTDS policy and its server arithmetic. */
#include "unit.h"
#include "sched_test.h"
#include "core/sched/sched_rtds.h"

#define MS 1000000ull

static struct sched_unit units[8];

static uint32_t setup(sched_cpumask_t cpus, uint32_t n)
{
    return sched_test_pool("rtds", cpus, units, n);
}

UNIT_TEST(server_arithmetic)
{
    struct rtds_unit r = { .period_ns = 10, .budget_ns = 4,
                           .deadline_ns = 10, .remaining_ns = 1 };

    CHECK(rtds_params_valid(4, 10));
    CHECK(!rtds_params_valid(0, 10));
    CHECK(!rtds_params_valid(11, 10));
    CHECK(!rtds_params_valid(1, RTDS_MAX_PERIOD_NS + 1));
    rtds_replenish(&r, 9);
    CHECK_EQ(r.deadline_ns, 10);
    CHECK_EQ(r.remaining_ns, 1);
    rtds_replenish(&r, 35);
    CHECK_EQ(r.deadline_ns, 40);
    CHECK_EQ(r.remaining_ns, 4);
    rtds_replenish(&r, 40);
    CHECK_EQ(r.deadline_ns, 50);
    CHECK_EQ(rtds_slice(&r, 47), 3);
    CHECK_EQ(rtds_slice(&r, 41), 4);
    rtds_charge(&r, 3);
    CHECK_EQ(r.remaining_ns, 1);
    rtds_charge(&r, 3);
    CHECK_EQ(r.remaining_ns, 0);
}

UNIT_TEST(set_params_validates)
{
    uint32_t pool = setup(0x1, 1);
    struct rtds_stats stats;
    struct sched_unit loose;

    CHECK_EQ(units[0].policy.rtds.budget_ns, RTDS_DEFAULT_BUDGET_NS);
    CHECK_EQ(rtds_set_params(&units[0], 0, 10), STATUS_EINVAL);
    CHECK_EQ(rtds_set_params(&units[0], 2 * MS, 5 * MS), STATUS_OK);
    CHECK_EQ(units[0].policy.rtds.remaining_ns, 2 * MS);
    sched_unit_init(&loose, 99);
    CHECK_EQ(rtds_set_params(&loose, 1, 2), STATUS_EINVAL);
    CHECK_EQ(rtds_get_stats(pool, &stats), STATUS_OK);
    CHECK_EQ(rtds_get_stats(SCHED_MAX_POOLS, &stats), STATUS_EINVAL);
    CHECK_EQ(rtds_unit_misses(&units[0]), 0);
}

UNIT_TEST(earliest_deadline_runs_first)
{
    setup(0x1, 3);
    CHECK_EQ(rtds_set_params(&units[0], 1 * MS, 30 * MS), STATUS_OK);
    CHECK_EQ(rtds_set_params(&units[1], 1 * MS, 10 * MS), STATUS_OK);
    CHECK_EQ(rtds_set_params(&units[2], 1 * MS, 20 * MS), STATUS_OK);
    /* Deadlines were set at insertion (now + default period); re-open
     * the windows by waking after them. */
    for (uint32_t i = 0; i < 3; i++) {
        units[i].policy.rtds.deadline_ns = 0;
        sched_wake(&units[i], 0);
    }
    CHECK(sched_schedule(0, 0).unit == &units[1]);
    struct sched_decision d = sched_schedule(0, 1 * MS);
    CHECK(d.unit == &units[2]);
    CHECK_EQ(d.slice_ns, 1 * MS);
    CHECK(sched_schedule(0, 2 * MS).unit == &units[0]);
    CHECK(sched_schedule(0, 3 * MS).unit->is_idle);   /* all depleted */
    CHECK_EQ(timer_next_deadline(0), 10 * MS);          /* replenishment */
}

UNIT_TEST(budget_is_enforced_per_period)
{
    uint32_t pool = setup(0x1, 1);
    struct rtds_stats stats;

    CHECK_EQ(rtds_set_params(&units[0], 3 * MS, 10 * MS), STATUS_OK);
    sched_wake(&units[0], 0);
    sched_test_run(0x1, 0, 100 * MS);
    /* 3 ms per 10 ms window over 10 windows, never more. */
    CHECK_EQ(units[0].runtime_ns, 30 * MS);
    CHECK_EQ(rtds_get_stats(pool, &stats), STATUS_OK);
    CHECK_EQ(stats.misses, 0);
    CHECK(stats.replenishments >= 9);
}

UNIT_TEST(overload_counts_one_miss_per_window)
{
    uint32_t pool = setup(0x1, 2);
    struct rtds_stats stats;

    /* 6 + 6 ms of demand in each 10 ms window: one server misses. */
    CHECK_EQ(rtds_set_params(&units[0], 6 * MS, 10 * MS), STATUS_OK);
    CHECK_EQ(rtds_set_params(&units[1], 6 * MS, 10 * MS), STATUS_OK);
    sched_wake(&units[0], 0);
    sched_wake(&units[1], 0);
    sched_test_run(0x1, 0, 100 * MS);
    CHECK_EQ(rtds_get_stats(pool, &stats), STATUS_OK);
    CHECK_EQ(stats.misses, 10);
    CHECK_EQ(rtds_unit_misses(&units[0]) + rtds_unit_misses(&units[1]), 10);
}

UNIT_TEST(queued_unit_missing_its_window_is_counted)
{
    uint32_t pool = setup(0x1, 2);
    struct rtds_stats stats;

    CHECK_EQ(rtds_set_params(&units[0], 10 * MS, 10 * MS), STATUS_OK);
    CHECK_EQ(rtds_set_params(&units[1], 1 * MS, 10 * MS), STATUS_OK);
    sched_wake(&units[0], 0);
    sched_wake(&units[1], 0);
    /* units[0] runs its whole window; units[1] waits past its deadline. */
    CHECK(sched_schedule(0, 0).unit == &units[0]);
    sched_schedule(0, 10 * MS);
    CHECK_EQ(rtds_get_stats(pool, &stats), STATUS_OK);
    CHECK_EQ(rtds_unit_misses(&units[1]), 1);
}

UNIT_TEST(two_cpus_run_the_two_earliest)
{
    setup(0x3, 3);
    CHECK_EQ(rtds_set_params(&units[0], 5 * MS, 10 * MS), STATUS_OK);
    CHECK_EQ(rtds_set_params(&units[1], 5 * MS, 20 * MS), STATUS_OK);
    CHECK_EQ(rtds_set_params(&units[2], 5 * MS, 40 * MS), STATUS_OK);
    for (uint32_t i = 0; i < 3; i++)
        units[i].policy.rtds.deadline_ns = 0;
    sched_wake(&units[2], 0);
    CHECK(sched_resched_pending(0));                   /* idle CPU tickled */
    CHECK(sched_schedule(0, 0).unit == &units[2]);
    sched_wake(&units[1], 0);
    CHECK(sched_schedule(1, 0).unit == &units[1]);
    sched_pcpu(0)->resched = false;
    sched_wake(&units[0], 0);
    /* Deadline 10 beats the latest running deadline (40, CPU 0). */
    CHECK(sched_resched_pending(0));
    CHECK(sched_schedule(0, 0).unit == &units[0]);
}

UNIT_TEST(affinity_skips_a_pinned_head)
{
    setup(0x3, 2);
    CHECK_EQ(rtds_set_params(&units[0], 5 * MS, 10 * MS), STATUS_OK);
    CHECK_EQ(rtds_set_params(&units[1], 5 * MS, 20 * MS), STATUS_OK);
    CHECK_EQ(sched_set_affinity(&units[0], 0x1, 0), STATUS_OK);
    units[0].policy.rtds.deadline_ns = 0;
    units[1].policy.rtds.deadline_ns = 0;
    sched_wake(&units[0], 0);
    sched_wake(&units[1], 0);
    CHECK(sched_schedule(1, 0).unit == &units[1]);
    CHECK(sched_schedule(0, 0).unit == &units[0]);
}

UNIT_TEST(yield_defers_the_rest_of_the_budget)
{
    setup(0x1, 1);
    CHECK_EQ(rtds_set_params(&units[0], 5 * MS, 10 * MS), STATUS_OK);
    sched_wake(&units[0], 0);
    CHECK(sched_schedule(0, 0).unit == &units[0]);
    sched_unit_yield(&units[0], 1 * MS);
    CHECK(sched_schedule(0, 1 * MS).unit->is_idle);
    CHECK_EQ(timer_next_deadline(0), 10 * MS);
    sched_test_run(0x1, 1 * MS, 12 * MS);
    CHECK_EQ(units[0].runtime_ns, 3 * MS);
}

UNIT_TEST(block_and_remove_dequeue)
{
    setup(0x1, 2);
    sched_wake(&units[0], 0);
    sched_wake(&units[1], 0);
    CHECK(sched_schedule(0, 0).unit == &units[0]);
    sched_block(&units[1], 1);
    CHECK_EQ(units[1].policy.rtds.node.index, SCHED_HEAP_NONE);
    CHECK_EQ(sched_unit_remove(&units[1]), STATUS_OK);
    /* A blocked unit past its window wakes to a fresh one, no miss. */
    sched_block(&units[0], 2 * MS);
    sched_schedule(0, 2 * MS);
    sched_wake(&units[0], 25 * MS);
    CHECK_EQ(units[0].policy.rtds.deadline_ns, 30 * MS);
    CHECK_EQ(rtds_unit_misses(&units[0]), 0);
}

UNIT_TEST(depleted_unit_waking_waits_for_replenishment)
{
    setup(0x1, 1);
    CHECK_EQ(rtds_set_params(&units[0], 2 * MS, 10 * MS), STATUS_OK);
    sched_wake(&units[0], 0);
    CHECK(sched_schedule(0, 0).unit == &units[0]);
    sched_block(&units[0], 2 * MS);
    CHECK(sched_schedule(0, 2 * MS).unit->is_idle);
    sched_wake(&units[0], 3 * MS);
    CHECK(units[0].policy.rtds.depleted);
    CHECK_EQ(timer_next_deadline(0), 10 * MS);
    CHECK_EQ(timer_fire_expired(0, 10 * MS), 1);
    CHECK(sched_resched_pending(0));
    CHECK(sched_schedule(0, 10 * MS).unit == &units[0]);
    sched_block(&units[0], 11 * MS);
    sched_schedule(0, 11 * MS);
    CHECK_EQ(sched_unit_remove(&units[0]), STATUS_OK);
}
