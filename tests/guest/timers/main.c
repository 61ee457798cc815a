/* SPDX-License-Identifier: MIT */
/* timers: set_timer_op and VCPUOP_set_singleshot_timer raise VIRQ_TIMER through the upcall; time advances. */
#include "guest.h"

const char test_title[] = "timers: set_timer_op, singleshot, SCHEDOP_block, the time record";

#define DELAY_NS   (20 * NS_PER_MS)
#define LATE_NS    (2000 * NS_PER_MS)   /* generous: TCG on a busy host */

/* The time record advances and never goes back. */
static void time_monotonic(void)
{
    uint64_t first = env_time_ns(), last = first;

    check(first != 0, "vcpu_info.time gives system time 0");
    for (int i = 0; i < 2000; i++) {
        uint64_t now = env_time_ns();

        check(now >= last, "system time went back: %lu after %lu", now, last);
        last = now;
        if (i % 100 == 0)
            (void)sched_yield();
    }
    check(last > first, "system time did not advance over 2000 reads (%lu)", first);
}

/* Arm a timer with arm(), block until VIRQ_TIMER: not early, not late. */
static void one_timer(const char *what, long (*arm)(uint64_t))
{
    uint64_t start = env_time_ns(), deadline = start + DELAY_NS, woke;
    unsigned int upcalls = events_count();
    long rc;

    (void)events_take(timer_port);
    rc = arm(deadline);
    check(rc == 0, "%s(now + 20 ms): %ld", what, rc);
    /* No second timer can bound this wait: a timer that never fires
     * ends as a run.py timeout right after this line. */
    printk("%s: blocking until VIRQ_TIMER\n", what);
    (void)events_wait(timer_port, 0);
    woke = env_time_ns();
    check(events_count() > upcalls, "%s: woke without an upcall", what);
    check(woke >= deadline, "%s: VIRQ_TIMER %lu ns early", what, deadline - woke);
    check(woke - deadline < LATE_NS, "%s: VIRQ_TIMER %lu ms late", what,
          (woke - deadline) / NS_PER_MS);
    printk("%s: fired %lu us after the deadline\n", what, (woke - deadline) / 1000);
}

static long arm_set_timer_op(uint64_t deadline)
{
    return timer_set(deadline);
}

static long arm_singleshot(uint64_t deadline)
{
    return timer_singleshot(deadline, false);
}

/* A stopped timer must not fire: wait past it with a second timer. */
static void cancelled_timer(void)
{
    uint64_t now = env_time_ns();

    (void)events_take(timer_port);
    check_eq(timer_singleshot(now + DELAY_NS, false), 0, "singleshot");
    check_eq(timer_singleshot_stop(), 0, "stop_singleshot_timer");
    check_eq(timer_set(0), 0, "set_timer_op(0)");
    for (uint64_t end = now + 3 * DELAY_NS; env_time_ns() < end;)
        (void)sched_yield();
    events_mask(false);
    events_mask(true);
    check(!events_seen(timer_port), "a stopped timer fired");
}

/* Blocking with events pending returns at once. */
static void block_with_pending(void)
{
    uint64_t now = env_time_ns();

    (void)events_take(timer_port);
    check_eq(timer_set(now + DELAY_NS), 0, "set_timer_op");
    for (uint64_t end = now + 2 * DELAY_NS; env_time_ns() < end;)
        (void)sched_yield();
    /* Masked: the event waits in the pending bits; block must not sleep. */
    check(shared_info->evtchn_pending[timer_port / 64] & (1ULL << (timer_port % 64)),
          "VIRQ_TIMER not pending while masked");
    check(events_wait(timer_port, 0), "block with an event pending");
}

void test_main(void)
{
    require(shared_info != NULL, "shared_info not mapped");
    require(timer_port != 0, "VIRQ_TIMER not bound");
    time_monotonic();
    one_timer("set_timer_op", arm_set_timer_op);
    one_timer("singleshot", arm_singleshot);
    cancelled_timer();
    block_with_pending();
    report_success();
}
