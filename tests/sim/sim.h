/* SPDX-License-Identifier: MIT */
/* sim.h - the deterministic scheduler simulator: workloads, event loop, results. */
#ifndef STRATA_TESTS_SIM_H
#define STRATA_TESTS_SIM_H

#include "core/sched/sched.h"

#define MS 1000000ull
#define SIM_NEVER UINT64_MAX

enum sim_kind {
    SIM_CPU_BOUND,   /* always has work */
    SIM_BURSTY,      /* bursts of work separated by sleeps (seeded PRNG) */
    SIM_PERIODIC,    /* a job of wcet every period, firm deadline = next release */
};

struct sim_unit {
    struct sched_unit unit;       /* what the scheduler sees */
    enum sim_kind kind;
    uint64_t work_left;           /* ns of work in the current job/burst */
    uint64_t next_release;        /* next wake while blocked (SIM_NEVER: none) */
    uint64_t period, wcet;        /* SIM_PERIODIC */
    uint64_t job_deadline;        /* SIM_PERIODIC: end of the current job */
    uint64_t burst, sleep;        /* SIM_BURSTY: mean lengths */
    uint64_t rng;                 /* SIM_BURSTY: xorshift state */
    uint64_t jobs, misses;        /* SIM_PERIODIC: released / missed jobs */
    uint64_t woke_at;             /* when it last became runnable */
    uint64_t latency_sum, latency_max, latency_count;
};

struct sim {
    uint32_t ncpus;
    uint32_t nunits;
    struct sim_unit *units;
    uint32_t pool;
    uint64_t now;
    uint64_t cpu_next[SCHED_MAX_CPUS];   /* when each CPU decides next */
    uint64_t cpu_since[SCHED_MAX_CPUS];  /* when its running unit started */
    struct sim_unit *running[SCHED_MAX_CPUS];
    bool has_releases;                   /* some unit blocks and wakes */
    uint64_t decisions;
    uint64_t decision_ns;                /* wall-clock spent in sched_schedule */
    uint64_t max_decisions;              /* stop early after this many (0: no) */
    /* Optional per-time-step sampler (e.g. cumulative misses). */
    void (*sample)(struct sim *sim, void *ctx);
    void *sample_ctx;
    uint64_t sample_every, next_sample;
};

/* Set up scheduling for a pool of ncpus CPUs run by policy, and the units. */
void sim_init(struct sim *sim, const char *policy, uint32_t ncpus,
              struct sim_unit *units, uint32_t nunits);

/* Make unit i of kind; periodic units get their RTDS server as budget/period. */
void sim_cpu_bound(struct sim *sim, uint32_t i);
void sim_bursty(struct sim *sim, uint32_t i, uint64_t burst, uint64_t sleep,
                uint64_t seed);
void sim_periodic(struct sim *sim, uint32_t i, uint64_t wcet, uint64_t period);

/* Run the simulation until time end (or max_decisions). */
void sim_run(struct sim *sim, uint64_t end);

#endif /* STRATA_TESTS_SIM_H */
