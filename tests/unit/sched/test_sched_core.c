/* SPDX-License-Identifier: MIT */
/* test_sched_core.c - unit tests of pools, unit states, affinity and the decision. */
#include "unit.h"
#include "core/sched/sched.h"
#include "core/sched/sched_credit.h"

static struct sched_unit units[8];

static uint32_t setup(const char *policy, sched_cpumask_t cpus)
{
    uint32_t pool = SCHED_NO_POOL;

    timer_subsystem_init();
    sched_init();
    CHECK_EQ(sched_pool_create(policy, cpus, 0, &pool), STATUS_OK);
    for (uint32_t i = 0; i < ARRAY_SIZE(units); i++)
        sched_unit_init(&units[i], i);
    return pool;
}

UNIT_TEST(policies_are_found_by_name)
{
    CHECK(sched_policy_find("credit") == &credit_policy);
    CHECK(sched_policy_find("rtds") != NULL);
    CHECK(sched_policy_find("fifo") == NULL);
}

UNIT_TEST(pool_create_validates)
{
    uint32_t a, b, c;

    sched_init();
    CHECK_EQ(sched_pool_create("nope", 1, 0, &a), STATUS_EINVAL);
    CHECK_EQ(sched_pool_create("credit", 0, 0, &a), STATUS_EINVAL);
    CHECK_EQ(sched_pool_create("credit", SCHED_CPU(SCHED_MAX_CPUS), 0, &a),
             STATUS_EINVAL);
    CHECK_EQ(sched_pool_create("credit", 0x3, 0, &a), STATUS_OK);
    CHECK_EQ(sched_pool_create("rtds", 0x2, 0, &b), STATUS_EBUSY);
    CHECK_EQ(sched_pool_create("rtds", 0xc, 0, &b), STATUS_OK);
    CHECK(a != b);
    CHECK_EQ(sched_cpu_pool(0), a);
    CHECK_EQ(sched_cpu_pool(3), b);
    CHECK_EQ(sched_cpu_pool(4), SCHED_NO_POOL);
    CHECK_EQ(sched_cpu_pool(SCHED_MAX_CPUS), SCHED_NO_POOL);
    CHECK_EQ(sched_pool_create("credit", 0x10, 0, &c), STATUS_OK);
    CHECK_EQ(sched_pool_create("credit", 0x20, 0, &c), STATUS_OK);
    CHECK_EQ(sched_pool_create("credit", 0x40, 0, &c), STATUS_ENOSPC);
    CHECK_EQ(sched_pool_destroy(b), STATUS_OK);
    CHECK_EQ(sched_pool_destroy(b), STATUS_EINVAL);
    CHECK(sched_pool_get(b) == NULL);
    CHECK(sched_pool_get(SCHED_MAX_POOLS) == NULL);
    CHECK_EQ(sched_cpu_pool(3), SCHED_NO_POOL);
}

UNIT_TEST(cpu_outside_pools_runs_idle)
{
    sched_init();
    struct sched_decision d = sched_schedule(2, 100);

    CHECK(d.unit->is_idle);
    CHECK_EQ(d.slice_ns, SCHED_FOREVER);
    CHECK(sched_current(2) == d.unit);
}

UNIT_TEST(unit_add_validates)
{
    uint32_t pool = setup("credit", 0x3);

    CHECK_EQ(sched_unit_add(pool, &units[0], 0x4, 0), STATUS_EINVAL);
    CHECK_EQ(sched_unit_add(SCHED_MAX_POOLS, &units[0], 0x1, 0), STATUS_EINVAL);
    CHECK_EQ(sched_unit_add(pool, &sched_pcpu(0)->idle, 0x1, 0), STATUS_EINVAL);
    CHECK_EQ(sched_unit_add(pool, &units[0], 0x6, 0), STATUS_OK);
    CHECK_EQ(units[0].cpu, 1);
    CHECK_EQ(units[0].state, SCHED_BLOCKED);
    CHECK_EQ(sched_unit_add(pool, &units[0], 0x1, 0), STATUS_EBUSY);
    CHECK(!spin_is_locked(&sched_pool_get(pool)->lock));
}

UNIT_TEST(pool_full_refuses_units)
{
    static struct sched_unit many[SCHED_MAX_UNITS + 1];
    uint32_t pool = setup("credit", 0x1);

    for (uint32_t i = 0; i <= SCHED_MAX_UNITS; i++)
        sched_unit_init(&many[i], i);
    for (uint32_t i = 0; i < SCHED_MAX_UNITS; i++)
        CHECK_EQ(sched_unit_add(pool, &many[i], 0x1, 0), STATUS_OK);
    CHECK_EQ(sched_unit_add(pool, &many[SCHED_MAX_UNITS], 0x1, 0), STATUS_ENOSPC);
    CHECK_EQ(sched_pool_destroy(pool), STATUS_EBUSY);
}

UNIT_TEST(wake_run_block_cycle)
{
    uint32_t pool = setup("credit", 0x1);
    struct sched_decision d;

    CHECK_EQ(sched_unit_add(pool, &units[0], 0x1, 0), STATUS_OK);
    sched_wake(&units[0], 0);
    CHECK_EQ(units[0].state, SCHED_RUNNABLE);
    CHECK(sched_resched_pending(0));
    d = sched_schedule(0, 0);
    CHECK(d.unit == &units[0]);
    CHECK(!sched_resched_pending(0));
    CHECK_EQ(units[0].state, SCHED_RUNNING);
    CHECK(d.slice_ns > 0 && d.slice_ns <= CREDIT_TSLICE_NS);
    sched_wake(&units[0], 10);              /* already running: no-op */
    sched_block(&units[0], 1000);
    CHECK_EQ(units[0].state, SCHED_BLOCKED);
    CHECK(sched_resched_pending(0));
    CHECK_EQ(sched_unit_remove(&units[0]), STATUS_EBUSY);  /* still current */
    d = sched_schedule(0, 1000);
    CHECK(d.unit->is_idle);
    CHECK_EQ(units[0].runtime_ns, 1000);
    sched_block(&units[0], 1000);           /* already blocked: no-op */
    CHECK_EQ(sched_unit_remove(&units[0]), STATUS_OK);
    CHECK_EQ(units[0].pool, SCHED_NO_POOL);
    CHECK_EQ(sched_unit_remove(&units[0]), STATUS_EINVAL);
    CHECK_EQ(sched_pool_destroy(pool), STATUS_OK);
}

UNIT_TEST(wake_before_deschedule_keeps_running)
{
    uint32_t pool = setup("credit", 0x1);

    CHECK_EQ(sched_unit_add(pool, &units[0], 0x1, 0), STATUS_OK);
    sched_wake(&units[0], 0);
    CHECK(sched_schedule(0, 0).unit == &units[0]);
    sched_block(&units[0], 5);
    sched_wake(&units[0], 6);
    CHECK_EQ(units[0].state, SCHED_RUNNING);
    CHECK(sched_schedule(0, 7).unit == &units[0]);
}

UNIT_TEST(block_while_queued_dequeues)
{
    uint32_t pool = setup("credit", 0x1);

    CHECK_EQ(sched_unit_add(pool, &units[0], 0x1, 0), STATUS_OK);
    CHECK_EQ(sched_unit_add(pool, &units[1], 0x1, 0), STATUS_OK);
    sched_wake(&units[0], 0);
    sched_wake(&units[1], 0);
    CHECK(sched_schedule(0, 0).unit == &units[0]);
    sched_block(&units[1], 1);
    CHECK(sched_schedule(0, 2).unit == &units[0]);
    /* Removing the middle unit moves the last into its slot. */
    CHECK_EQ(sched_unit_add(pool, &units[2], 0x1, 0), STATUS_OK);
    CHECK_EQ(sched_unit_remove(&units[1]), STATUS_OK);
    CHECK(sched_pool_get(pool)->units[1] == &units[2]);
    CHECK_EQ(units[2].slot, 1);
}

UNIT_TEST(yield_lets_a_peer_run)
{
    uint32_t pool = setup("credit", 0x1);

    CHECK_EQ(sched_unit_add(pool, &units[0], 0x1, 0), STATUS_OK);
    CHECK_EQ(sched_unit_add(pool, &units[1], 0x1, 0), STATUS_OK);
    sched_wake(&units[0], 0);
    sched_wake(&units[1], 0);
    CHECK(sched_schedule(0, 0).unit == &units[0]);
    sched_unit_yield(&units[1], 1);              /* not running: ignored */
    CHECK(!sched_resched_pending(0));
    sched_unit_yield(&units[0], 1);
    CHECK(sched_resched_pending(0));
    CHECK(sched_schedule(0, 1).unit == &units[1]);
}

UNIT_TEST(affinity_changes_move_units)
{
    uint32_t pool = setup("credit", 0x3);

    CHECK_EQ(sched_unit_add(pool, &units[0], 0x3, 0), STATUS_OK);
    CHECK_EQ(sched_unit_add(pool, &units[1], 0x1, 0), STATUS_OK);
    CHECK_EQ(sched_unit_add(pool, &units[2], 0x3, 0), STATUS_OK);
    CHECK_EQ(sched_set_affinity(&units[0], 0x4, 0), STATUS_EINVAL);
    /* Blocked: just re-homed. */
    CHECK_EQ(sched_set_affinity(&units[2], 0x2, 0), STATUS_OK);
    CHECK_EQ(units[2].cpu, 1);
    sched_wake(&units[0], 0);
    sched_wake(&units[1], 0);
    CHECK(sched_schedule(0, 0).unit == &units[0]);
    CHECK(sched_schedule(0, 1).unit == &units[1]);   /* FIFO in OVER */
    /* Runnable on CPU 0, then pinned to CPU 1: requeued there. */
    CHECK_EQ(sched_set_affinity(&units[0], 0x2, 2), STATUS_OK);
    CHECK_EQ(units[0].cpu, 1);
    CHECK(sched_schedule(1, 2).unit == &units[0]);
    /* Running on CPU 0 and pinned away: its CPU is asked to reschedule. */
    CHECK_EQ(sched_set_affinity(&units[1], 0x1, 3), STATUS_OK);
    sched_pcpu(0)->resched = false;
    CHECK_EQ(sched_set_affinity(sched_current(0), 0x2, 3), STATUS_OK);
    CHECK(sched_resched_pending(0));
    /* Allowed already: nothing to do. */
    CHECK_EQ(sched_set_affinity(&units[2], 0x3, 3), STATUS_OK);
    CHECK(!sched_unit_allowed(sched_pool_get(pool), &units[1], SCHED_MAX_CPUS));
}

UNIT_TEST(never_runs_a_unit_outside_its_affinity)
{
    uint32_t pool = setup("credit", 0xf);
    uint64_t now = 0;

    for (uint32_t i = 0; i < 8; i++) {
        CHECK_EQ(sched_unit_add(pool, &units[i], SCHED_CPU(i % 4) | SCHED_CPU(3), 0),
                 STATUS_OK);
        sched_wake(&units[i], 0);
    }
    for (int round = 0; round < 200; round++) {
        uint32_t cpu = (uint32_t)round % 4;
        struct sched_decision d = sched_schedule(cpu, now);

        CHECK(d.unit->is_idle || (d.unit->affinity & SCHED_CPU(cpu)));
        now += 1000000;
        if (round % 7 == 0 && !d.unit->is_idle) {
            sched_block(d.unit, now);
            sched_wake(d.unit, now);
        }
    }
}
