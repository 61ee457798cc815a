/* SPDX-License-Identifier: MIT */
/* sched_test.c - the event loop of sched_test.h. */
#include "sched_test.h"
#include "unit.h"

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* The CPU of cpus with the earliest event (slice end or timer). */
static uint32_t earliest_cpu(sched_cpumask_t cpus, const uint64_t *next,
                             uint64_t *when)
{
    uint32_t best = SCHED_NO_CPU;

    *when = UINT64_MAX;
    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++) {
        if (!(cpus & SCHED_CPU(cpu)))
            continue;
        uint64_t t = min_u64(next[cpu], timer_next_deadline(cpu));
        if (t < *when) {
            *when = t;
            best = cpu;
        }
    }
    return best;
}

uint64_t sched_test_run(sched_cpumask_t cpus, uint64_t from, uint64_t until)
{
    uint64_t next[SCHED_MAX_CPUS], now, decisions = 0;

    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++)
        next[cpu] = from;
    for (;;) {
        uint32_t cpu = earliest_cpu(cpus, next, &now);

        if (cpu == SCHED_NO_CPU || now >= until)
            break;
        timer_fire_expired(cpu, now);
        if (next[cpu] <= now || sched_resched_pending(cpu)) {
            struct sched_decision d = sched_schedule(cpu, now);

            decisions++;
            next[cpu] = d.slice_ns >= until - now ? until : now + d.slice_ns;
        }
        /* Tickled CPUs decide at once. */
        for (uint32_t c = 0; c < SCHED_MAX_CPUS; c++)
            if ((cpus & SCHED_CPU(c)) && sched_resched_pending(c))
                next[c] = now;
    }
    /* Charge what ran up to until. */
    for (uint32_t cpu = 0; cpu < SCHED_MAX_CPUS; cpu++)
        if (cpus & SCHED_CPU(cpu))
            sched_schedule(cpu, until);
    return decisions;
}

uint32_t sched_test_pool(const char *policy, sched_cpumask_t cpus,
                         struct sched_unit *units, uint32_t n)
{
    uint32_t pool = SCHED_NO_POOL;

    timer_subsystem_init();
    sched_init();
    CHECK_EQ(sched_pool_create(policy, cpus, 0, &pool), STATUS_OK);
    for (uint32_t i = 0; i < n; i++) {
        sched_unit_init(&units[i], i);
        CHECK_EQ(sched_unit_add(pool, &units[i], cpus, 0), STATUS_OK);
    }
    return pool;
}
