/* SPDX-License-Identifier: MIT */
/* sim.c - the simulator's event loop over the real scheduler and timer code. */
#include "sim.h"
#include "core/sched/sched_rtds.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t xorshift(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* A length around mean: uniform in [mean/2, 3*mean/2). */
static uint64_t around(uint64_t *rng, uint64_t mean)
{
    return mean / 2 + xorshift(rng) % (mean ? mean : 1);
}

static struct sim_unit *sim_of(struct sched_unit *u)
{
    return u->is_idle ? NULL : (struct sim_unit *)u;
}

void sim_init(struct sim *sim, const char *policy, uint32_t ncpus,
              struct sim_unit *units, uint32_t nunits)
{
    sched_cpumask_t cpus = (ncpus >= 64) ? ~0ull : ((1ull << ncpus) - 1);

    *sim = (struct sim){ .ncpus = ncpus, .nunits = nunits, .units = units };
    timer_subsystem_init();
    sched_init();
    if (sched_pool_create(policy, cpus, 0, &sim->pool) != STATUS_OK) {
        fprintf(stderr, "sim: cannot create a %s pool\n", policy);
        exit(2);
    }
    for (uint32_t i = 0; i < nunits; i++) {
        struct sim_unit *su = &units[i];

        *su = (struct sim_unit){ .next_release = SIM_NEVER };
        sched_unit_init(&su->unit, i);
        if (sched_unit_add(sim->pool, &su->unit, cpus, 0) != STATUS_OK) {
            fprintf(stderr, "sim: cannot add unit %u\n", i);
            exit(2);
        }
    }
}

void sim_cpu_bound(struct sim *sim, uint32_t i)
{
    struct sim_unit *su = &sim->units[i];

    su->kind = SIM_CPU_BOUND;
    su->work_left = SIM_NEVER;
    su->woke_at = 0;
    sched_wake(&su->unit, 0);
}

void sim_bursty(struct sim *sim, uint32_t i, uint64_t burst, uint64_t sleep,
                uint64_t seed)
{
    struct sim_unit *su = &sim->units[i];

    su->kind = SIM_BURSTY;
    su->burst = burst;
    su->sleep = sleep;
    su->rng = seed | 1;
    su->next_release = around(&su->rng, sleep);
    sim->has_releases = true;
}

void sim_periodic(struct sim *sim, uint32_t i, uint64_t wcet, uint64_t period)
{
    struct sim_unit *su = &sim->units[i];

    su->kind = SIM_PERIODIC;
    su->wcet = wcet;
    su->period = period;
    su->next_release = 0;
    sim->has_releases = true;
    if (sched_pool_get(sim->pool)->policy == sched_policy_find("rtds")) {
        /* The server's first window is [0, period): align it with jobs. */
        su->unit.policy.rtds.deadline_ns = period;
        if (rtds_set_params(&su->unit, wcet, period) != STATUS_OK)
            exit(2);
    }
}

/* Charge the CPU time of every running unit up to now. */
static void advance(struct sim *sim, uint64_t now)
{
    for (uint32_t c = 0; c < sim->ncpus; c++) {
        struct sim_unit *su = sim->running[c];
        uint64_t ran = now - sim->cpu_since[c];

        if (su != NULL && su->work_left != SIM_NEVER)
            su->work_left = ran >= su->work_left ? 0 : su->work_left - ran;
        sim->cpu_since[c] = now;
    }
    sim->now = now;
}

static void block(struct sim *sim, struct sim_unit *su)
{
    su->work_left = 0;
    sched_block(&su->unit, sim->now);
}

/* Jobs that finished, and periodic jobs whose (firm) deadline passed. */
static void finish_jobs(struct sim *sim)
{
    for (uint32_t c = 0; c < sim->ncpus; c++) {
        struct sim_unit *su = sim->running[c];

        if (su == NULL || su->work_left != 0 || su->unit.state == SCHED_BLOCKED)
            continue;
        if (su->kind == SIM_BURSTY)
            su->next_release = sim->now + around(&su->rng, su->sleep);
        block(sim, su);
    }
    for (uint32_t i = 0; sim->has_releases && i < sim->nunits; i++) {
        struct sim_unit *su = &sim->units[i];

        if (su->kind == SIM_PERIODIC && su->work_left > 0 &&
            su->job_deadline <= sim->now) {
            su->misses++;
            block(sim, su);
        }
    }
}

static void release(struct sim *sim, struct sim_unit *su)
{
    if (su->kind == SIM_PERIODIC) {
        su->work_left = su->wcet;
        su->job_deadline = sim->now + su->period;
        su->next_release = su->job_deadline;
        su->jobs++;
    } else {
        su->work_left = around(&su->rng, su->burst);
        su->next_release = SIM_NEVER;
    }
    su->woke_at = sim->now;
    sched_wake(&su->unit, sim->now);
}

static void release_jobs(struct sim *sim)
{
    for (uint32_t i = 0; sim->has_releases && i < sim->nunits; i++) {
        struct sim_unit *su = &sim->units[i];

        if (su->unit.state == SCHED_BLOCKED && su->next_release <= sim->now)
            release(sim, su);
    }
}

static uint64_t wall_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void note_latency(struct sim *sim, struct sim_unit *su)
{
    uint64_t waited;

    if (su == NULL || su->woke_at == SIM_NEVER)
        return;
    waited = sim->now - su->woke_at;
    su->latency_sum += waited;
    su->latency_count++;
    if (waited > su->latency_max)
        su->latency_max = waited;
    su->woke_at = SIM_NEVER;
}

static void decide(struct sim *sim, uint32_t c)
{
    uint64_t t0 = wall_ns();
    struct sched_decision d = sched_schedule(c, sim->now);

    sim->decision_ns += wall_ns() - t0;
    sim->decisions++;
    sim->running[c] = sim_of(d.unit);
    note_latency(sim, sim->running[c]);
    sim->cpu_since[c] = sim->now;
    sim->cpu_next[c] = d.slice_ns >= SIM_NEVER - sim->now ? SIM_NEVER
                                                           : sim->now + d.slice_ns;
}

static void decide_all(struct sim *sim)
{
    for (uint32_t c = 0; c < sim->ncpus; c++)
        timer_fire_expired(c, sim->now);
    /* A decision may tickle another CPU at the same instant: repeat. */
    for (int round = 0; round < 4; round++) {
        bool any = false;

        for (uint32_t c = 0; c < sim->ncpus; c++) {
            if (sim->cpu_next[c] <= sim->now || sched_resched_pending(c)) {
                decide(sim, c);
                any = true;
            }
        }
        if (!any)
            break;
    }
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

/* The next instant anything happens. */
static uint64_t next_event(struct sim *sim)
{
    uint64_t t = SIM_NEVER;

    for (uint32_t c = 0; c < sim->ncpus; c++) {
        struct sim_unit *su = sim->running[c];

        t = min_u64(t, sim->cpu_next[c]);
        t = min_u64(t, timer_next_deadline(c));
        if (su != NULL && su->work_left != SIM_NEVER)
            t = min_u64(t, sim->cpu_since[c] + su->work_left);
    }
    for (uint32_t i = 0; sim->has_releases && i < sim->nunits; i++) {
        struct sim_unit *su = &sim->units[i];

        t = min_u64(t, su->next_release);
        if (su->kind == SIM_PERIODIC && su->work_left > 0)
            t = min_u64(t, su->job_deadline);
    }
    return t;
}

void sim_run(struct sim *sim, uint64_t end)
{
    sim->next_sample = 0;
    for (;;) {
        uint64_t t = next_event(sim);

        if (sim->sample != NULL)
            while (sim->next_sample <= min_u64(t, end)) {
                sim->sample(sim, sim->sample_ctx);
                sim->next_sample += sim->sample_every;
            }
        if (t > end || (sim->max_decisions && sim->decisions >= sim->max_decisions))
            break;
        advance(sim, t);
        finish_jobs(sim);
        release_jobs(sim);
        decide_all(sim);
    }
    advance(sim, end);
    for (uint32_t c = 0; c < sim->ncpus; c++)
        sched_schedule(c, end);     /* charge the last slices */
}
