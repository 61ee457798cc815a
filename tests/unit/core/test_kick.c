/* SPDX-License-Identifier: MIT */
/* test_kick.c - wake-up IPIs: a new first timer on another CPU's queue, a tickle of another CPU. */
#include "unit.h"
#include "arch/host/host.h"

#include "core/sched/sched.h"
#include "core/sched/timer.h"

static void fired(struct timer *t, void *data, uint64_t now)
{
    (void)t;
    (void)data;
    (void)now;
}

static void setup(unsigned int cpu)
{
    timer_subsystem_init();
    sched_init();
    host_set_cpu(cpu, 4);
    host_reset_counters();
}

UNIT_TEST(new_first_timer_on_another_cpu_kicks_it)
{
    struct timer a, b;

    setup(0);
    CHECK_EQ(timer_init(&a, fired, NULL, 1), STATUS_OK);
    CHECK_EQ(timer_init(&b, fired, NULL, 1), STATUS_OK);
    CHECK_EQ(timer_set(&a, 1000), STATUS_OK);
    CHECK_EQ(host_counters.kicks, 1);
    CHECK_EQ(host_counters.last_kick_cpu, 1);
    /* Later than the first: CPU 1's interrupt is armed early enough. */
    CHECK_EQ(timer_set(&b, 2000), STATUS_OK);
    CHECK_EQ(host_counters.kicks, 1);
    /* Earlier than the first: kick again. */
    CHECK_EQ(timer_set(&b, 500), STATUS_OK);
    CHECK_EQ(host_counters.kicks, 2);
    timer_stop(&a);
    timer_stop(&b);
}

UNIT_TEST(own_queue_and_offline_cpus_get_no_kick)
{
    struct timer own, far;

    setup(2);
    CHECK_EQ(timer_init(&own, fired, NULL, 2), STATUS_OK);
    CHECK_EQ(timer_set(&own, 1000), STATUS_OK);     /* re-armed before it waits */
    CHECK_EQ(timer_init(&far, fired, NULL, 7), STATUS_OK);
    CHECK_EQ(timer_set(&far, 1000), STATUS_OK);     /* CPU 7 of 4: offline */
    CHECK_EQ(host_counters.kicks, 0);
    timer_stop(&own);
    timer_stop(&far);
}

UNIT_TEST(tickle_kicks_other_cpus_only)
{
    setup(0);
    sched_tickle(3);
    CHECK(sched_resched_pending(3));
    CHECK_EQ(host_counters.kicks, 1);
    CHECK_EQ(host_counters.last_kick_cpu, 3);
    sched_tickle(0);
    CHECK(sched_resched_pending(0));
    CHECK_EQ(host_counters.kicks, 1);
}
