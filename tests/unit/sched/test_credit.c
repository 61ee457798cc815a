/* SPDX-License-Identifier: MIT */
/* test_credit.c - unit tests of the credit policy and its accounting arithmetic. */
#include "unit.h"
#include "sched_test.h"
#include "core/sched/sched_credit.h"

#define MS 1000000ull

static struct sched_unit units[8];

static uint32_t setup(sched_cpumask_t cpus, uint32_t n)
{
    return sched_test_pool("credit", cpus, units, n);
}

static void wake_all(uint32_t n, uint64_t now)
{
    for (uint32_t i = 0; i < n; i++)
        sched_wake(&units[i], now);
}

static bool near(uint64_t got, uint64_t want, uint64_t percent)
{
    uint64_t err = got > want ? got - want : want - got;

    return err * 100 <= want * percent;
}

UNIT_TEST(accounting_arithmetic)
{
    CHECK_EQ(credit_share(300, 1, 3, 1000), 100);
    CHECK_EQ(credit_share(300, 3, 3, 100), 100);
    CHECK_EQ(credit_cap_ns(0), CREDIT_PERIOD_NS);
    CHECK_EQ(credit_cap_ns(50), CREDIT_PERIOD_NS / 2);
    CHECK_EQ(credit_grant(0, 5), 5);
    CHECK_EQ(credit_grant(CREDIT_LIMIT - 1, 5), CREDIT_LIMIT);
    CHECK_EQ(credit_burn(0, 5), -5);
    CHECK_EQ(credit_burn(-CREDIT_DEBT_LIMIT + 1, 5), -CREDIT_DEBT_LIMIT);
    CHECK_EQ(credit_class(1), CREDIT_UNDER);
    CHECK_EQ(credit_class(0), CREDIT_OVER);
    CHECK(credit_runq_key(CREDIT_BOOST, 99) < credit_runq_key(CREDIT_UNDER, 0));
    CHECK(credit_runq_key(CREDIT_UNDER, 1) < credit_runq_key(CREDIT_UNDER, 2));
}

UNIT_TEST(set_params_validates)
{
    uint32_t pool = setup(0x1, 1);
    struct credit_stats stats;
    struct sched_unit loose;

    CHECK_EQ(credit_set_params(&units[0], 0, 0), STATUS_EINVAL);
    CHECK_EQ(credit_set_params(&units[0], CREDIT_MAX_WEIGHT + 1, 0), STATUS_EINVAL);
    CHECK_EQ(credit_set_params(&units[0], 10, 101), STATUS_EINVAL);
    CHECK_EQ(credit_set_params(&units[0], 10, 100), STATUS_OK);
    CHECK_EQ(units[0].policy.credit.weight, 10);
    sched_unit_init(&loose, 99);
    CHECK_EQ(credit_set_params(&loose, 10, 0), STATUS_EINVAL);
    CHECK_EQ(credit_get_stats(pool, &stats), STATUS_OK);
    CHECK_EQ(credit_get_stats(SCHED_MAX_POOLS, &stats), STATUS_EINVAL);
}

UNIT_TEST(shares_follow_weights_on_one_cpu)
{
    setup(0x1, 3);
    CHECK_EQ(credit_set_params(&units[0], 100, 0), STATUS_OK);
    CHECK_EQ(credit_set_params(&units[1], 200, 0), STATUS_OK);
    CHECK_EQ(credit_set_params(&units[2], 300, 0), STATUS_OK);
    wake_all(3, 0);
    sched_test_run(0x1, 0, 3000 * MS);
    CHECK(near(units[0].runtime_ns, 500 * MS, 5));
    CHECK(near(units[1].runtime_ns, 1000 * MS, 5));
    CHECK(near(units[2].runtime_ns, 1500 * MS, 5));
}

UNIT_TEST(shares_follow_weights_across_cpus)
{
    struct credit_stats stats;
    uint32_t pool = setup(0x3, 5);

    for (uint32_t i = 0; i < 5; i++)
        CHECK_EQ(credit_set_params(&units[i], 100 * (i + 1), 0), STATUS_OK);
    wake_all(5, 0);
    sched_test_run(0x3, 0, 6000 * MS);
    /* 12 s of CPU split 1:2:3:4:5; the largest (4 s) fits on one CPU. */
    for (uint32_t i = 0; i < 5; i++)
        CHECK(near(units[i].runtime_ns, 800 * MS * (i + 1), 5));
    CHECK_EQ(credit_get_stats(pool, &stats), STATUS_OK);
    CHECK(stats.steals > 0);
    CHECK(stats.accountings >= 199);
}

UNIT_TEST(cap_limits_and_work_conservation)
{
    setup(0x1, 2);
    CHECK_EQ(credit_set_params(&units[0], 256, 25), STATUS_OK);
    CHECK_EQ(credit_set_params(&units[1], 256, 0), STATUS_OK);
    wake_all(2, 0);
    sched_test_run(0x1, 0, 3000 * MS);
    CHECK(near(units[0].runtime_ns, 750 * MS, 5));
    CHECK(near(units[1].runtime_ns, 2250 * MS, 5));
}

UNIT_TEST(capped_alone_leaves_cpu_idle)
{
    setup(0x1, 1);
    CHECK_EQ(credit_set_params(&units[0], 256, 50), STATUS_OK);
    wake_all(1, 0);
    sched_test_run(0x1, 0, 3000 * MS);
    CHECK(near(units[0].runtime_ns, 1500 * MS, 5));
    CHECK(near(sched_pcpu(0)->idle.runtime_ns, 1500 * MS, 5));
}

UNIT_TEST(over_units_still_run_when_alone)
{
    setup(0x1, 1);
    wake_all(1, 0);
    sched_test_run(0x1, 0, 300 * MS);
    CHECK_EQ(units[0].runtime_ns, 300 * MS);
}

UNIT_TEST(woken_unit_with_credit_is_boosted_and_preempts)
{
    setup(0x1, 2);
    wake_all(2, 0);
    sched_test_run(0x1, 0, 100 * MS);   /* both earn and burn credit */
    sched_block(&units[1], 100 * MS);
    CHECK(sched_schedule(0, 100 * MS).unit == &units[0]);
    sched_test_run(0x1, 100 * MS, 130 * MS);
    /* units[1] slept through an accounting: it has credit, units[0]
     * has run the whole time. */
    CHECK(units[1].policy.credit.credit > 0);
    sched_pcpu(0)->resched = false;
    sched_wake(&units[1], 130 * MS);
    CHECK_EQ(units[1].policy.credit.prio, CREDIT_BOOST);
    CHECK(sched_resched_pending(0));
    CHECK(sched_schedule(0, 130 * MS).unit == &units[1]);
}

UNIT_TEST(idle_cpu_steals_pinned_aware)
{
    struct credit_stats stats;
    uint32_t pool = setup(0x3, 3);

    /* All three queue on CPU 0; only units[2] may also run on CPU 1. */
    for (uint32_t i = 0; i < 3; i++)
        CHECK_EQ(sched_set_affinity(&units[i], 0x1, 0), STATUS_OK);
    wake_all(3, 0);
    CHECK_EQ(sched_set_affinity(&units[2], 0x3, 0), STATUS_OK);
    CHECK_EQ(units[2].cpu, 0);
    /* CPU 1 has nothing: it skips the pinned head and steals units[2]. */
    CHECK(sched_schedule(1, 0).unit == &units[2]);
    CHECK(sched_schedule(0, 0).unit == &units[0]);
    CHECK_EQ(credit_get_stats(pool, &stats), STATUS_OK);
    CHECK_EQ(stats.steals, 1);
}

UNIT_TEST(woken_unit_tickles_an_idle_cpu)
{
    setup(0x3, 2);
    wake_all(1, 0);
    CHECK(sched_schedule(0, 0).unit == &units[0]);
    sched_pcpu(1)->resched = false;
    CHECK_EQ(sched_set_affinity(&units[1], 0x1, 0), STATUS_OK);
    sched_wake(&units[1], 1);
    CHECK_EQ(units[1].cpu, 0);
    CHECK(!sched_resched_pending(1));   /* it may not run there */
    CHECK_EQ(sched_set_affinity(&units[1], 0x3, 1), STATUS_OK);
}

UNIT_TEST(yield_puts_unit_behind_peers)
{
    setup(0x1, 3);
    wake_all(3, 0);
    sched_test_run(0x1, 0, 31 * MS);   /* accounting gives everyone credit */
    struct sched_unit *cur = sched_current(0);
    sched_unit_yield(cur, 31 * MS);
    struct sched_unit *next = sched_schedule(0, 31 * MS).unit;
    CHECK(next != cur);
    CHECK(!next->is_idle);
}
