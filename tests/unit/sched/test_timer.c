/* SPDX-License-Identifier: MIT */
/* test_timer.c - unit tests of the per-CPU timer queues. */
#include "unit.h"
#include "core/sched/timer.h"

#define MAX_LOG 64

static struct timer *fired_log[MAX_LOG];
static uint64_t fired_at[MAX_LOG];
static unsigned int fired;

static void record(struct timer *t, void *data, uint64_t now)
{
    if (fired < MAX_LOG) {
        fired_log[fired] = t;
        fired_at[fired] = now;
    }
    fired++;
    if (data != NULL)
        (*(int *)data)++;
}

/* Re-arms itself one period later: a periodic tick. */
static void periodic(struct timer *t, void *data, uint64_t now)
{
    record(t, NULL, now);
    CHECK_EQ(timer_set(t, t->node.key + 100), STATUS_OK);
}

/* Re-arms itself in the past: must not loop within one call. */
static void rearm_past(struct timer *t, void *data, uint64_t now)
{
    record(t, NULL, now);
    CHECK_EQ(timer_set(t, 0), STATUS_OK);
}

static void reset(void)
{
    timer_subsystem_init();
    fired = 0;
}

UNIT_TEST(init_rejects_bad_arguments)
{
    struct timer t;

    reset();
    CHECK_EQ(timer_init(&t, record, NULL, SCHED_MAX_CPUS), STATUS_EINVAL);
    CHECK_EQ(timer_init(&t, NULL, NULL, 0), STATUS_EINVAL);
    CHECK_EQ(timer_init(&t, record, NULL, 0), STATUS_OK);
    CHECK(!timer_is_active(&t));
}

UNIT_TEST(fires_in_deadline_order_only_when_due)
{
    struct timer t[4];
    uint64_t deadlines[] = { 300, 100, 400, 200 };
    int count = 0;

    reset();
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(timer_init(&t[i], record, &count, 1), STATUS_OK);
        CHECK_EQ(timer_set(&t[i], deadlines[i]), STATUS_OK);
        CHECK(timer_is_active(&t[i]));
    }
    CHECK_EQ(timer_next_deadline(1), 100);
    CHECK_EQ(timer_next_deadline(0), TIMER_NEVER);
    CHECK_EQ(timer_fire_expired(1, 99), 0);
    CHECK_EQ(timer_fire_expired(1, 250), 2);
    CHECK(fired_log[0] == &t[1] && fired_log[1] == &t[3]);
    CHECK_EQ(fired_at[0], 250);
    CHECK(!timer_is_active(&t[1]));
    CHECK_EQ(timer_next_deadline(1), 300);
    CHECK_EQ(timer_fire_expired(1, 1000), 2);
    CHECK_EQ(count, 4);
    CHECK_EQ(timer_next_deadline(1), TIMER_NEVER);
}

UNIT_TEST(set_again_moves_the_deadline)
{
    struct timer t;

    reset();
    CHECK_EQ(timer_init(&t, record, NULL, 0), STATUS_OK);
    CHECK_EQ(timer_set(&t, 500), STATUS_OK);
    CHECK_EQ(timer_set(&t, 50), STATUS_OK);
    CHECK_EQ(timer_next_deadline(0), 50);
    CHECK_EQ(timer_queues[0].heap.count, 1);
}

UNIT_TEST(stop_disarms)
{
    struct timer a, b;

    reset();
    CHECK_EQ(timer_init(&a, record, NULL, 2), STATUS_OK);
    CHECK_EQ(timer_init(&b, record, NULL, 2), STATUS_OK);
    CHECK_EQ(timer_set(&a, 10), STATUS_OK);
    CHECK_EQ(timer_set(&b, 20), STATUS_OK);
    timer_stop(&a);
    timer_stop(&a);   /* harmless twice */
    CHECK(!timer_is_active(&a));
    CHECK_EQ(timer_next_deadline(2), 20);
    CHECK_EQ(timer_fire_expired(2, 100), 1);
    CHECK(fired_log[0] == &b);
}

UNIT_TEST(migrate_moves_between_queues)
{
    struct timer t, idle;

    reset();
    CHECK_EQ(timer_init(&t, record, NULL, 0), STATUS_OK);
    CHECK_EQ(timer_set(&t, 70), STATUS_OK);
    CHECK_EQ(timer_migrate(&t, 3), STATUS_OK);
    CHECK_EQ(t.cpu, 3);
    CHECK_EQ(timer_next_deadline(0), TIMER_NEVER);
    CHECK_EQ(timer_next_deadline(3), 70);
    CHECK_EQ(timer_migrate(&t, 3), STATUS_OK);       /* same CPU */
    CHECK_EQ(timer_migrate(&t, SCHED_MAX_CPUS), STATUS_EINVAL);
    CHECK_EQ(timer_migrate(&t, 1), STATUS_OK);       /* downwards: lock order */
    CHECK_EQ(timer_next_deadline(1), 70);
    CHECK_EQ(timer_fire_expired(1, 70), 1);
    /* An unarmed timer just changes CPU. */
    CHECK_EQ(timer_init(&idle, record, NULL, 0), STATUS_OK);
    CHECK_EQ(timer_migrate(&idle, 5), STATUS_OK);
    CHECK_EQ(idle.cpu, 5);
    CHECK(!timer_is_active(&idle));
    CHECK(!spin_is_locked(&timer_queues[0].lock));
    CHECK(!spin_is_locked(&timer_queues[5].lock));
}

UNIT_TEST(periodic_timer_rearms_from_its_callback)
{
    struct timer t;

    reset();
    CHECK_EQ(timer_init(&t, periodic, NULL, 0), STATUS_OK);
    CHECK_EQ(timer_set(&t, 100), STATUS_OK);
    for (uint64_t now = 100; now <= 500; now += 100)
        CHECK_EQ(timer_fire_expired(0, now), 1);
    CHECK_EQ(fired, 5);
    CHECK_EQ(timer_next_deadline(0), 600);
}

UNIT_TEST(rearm_in_the_past_fires_next_call)
{
    struct timer t;

    reset();
    CHECK_EQ(timer_init(&t, rearm_past, NULL, 0), STATUS_OK);
    CHECK_EQ(timer_set(&t, 5), STATUS_OK);
    CHECK_EQ(timer_fire_expired(0, 10), 1);
    CHECK_EQ(timer_fire_expired(0, 10), 1);
    timer_stop(&t);
}

UNIT_TEST(full_queue_and_bad_cpu)
{
    static struct timer many[TIMER_QUEUE_CAPACITY + 1];

    reset();
    for (uint32_t i = 0; i < TIMER_QUEUE_CAPACITY; i++) {
        CHECK_EQ(timer_init(&many[i], record, NULL, 4), STATUS_OK);
        CHECK_EQ(timer_set(&many[i], 1000 - i % 1000), STATUS_OK);
    }
    CHECK_EQ(timer_init(&many[TIMER_QUEUE_CAPACITY], record, NULL, 4), STATUS_OK);
    CHECK_EQ(timer_set(&many[TIMER_QUEUE_CAPACITY], 1), STATUS_ENOSPC);
    CHECK(!timer_is_active(&many[TIMER_QUEUE_CAPACITY]));
    /* Migrating an armed timer into a full queue fails and keeps it. */
    struct timer other;
    CHECK_EQ(timer_init(&other, record, NULL, 6), STATUS_OK);
    CHECK_EQ(timer_set(&other, 5), STATUS_OK);
    CHECK_EQ(timer_migrate(&other, 4), STATUS_ENOSPC);
    CHECK_EQ(other.cpu, 6);
    CHECK_EQ(timer_next_deadline(6), 5);
    CHECK_EQ(timer_next_deadline(SCHED_MAX_CPUS), TIMER_NEVER);
    CHECK_EQ(timer_fire_expired(SCHED_MAX_CPUS, 1000), 0);
    CHECK_EQ(timer_fire_expired(4, 2000), TIMER_QUEUE_CAPACITY);
}
