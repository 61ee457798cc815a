/* SPDX-License-Identifier: MIT */
/* sched.h - the scheduler core: units, CPU pools, policies, block/wake/yield. */
#ifndef STRATA_CORE_SCHED_SCHED_H
#define STRATA_CORE_SCHED_SCHED_H

#include "arch/arch.h"
#include "lib/status.h"
#include "core/sched/sched_config.h"
#include "core/sched/sched_heap.h"
#include "core/sched/timer.h"

/*
 * A schedulable unit (Xen's sched_unit) is what a policy orders and a
 * CPU runs; the vCPU object of src/core embeds one. CPUs are grouped in
 * pools, each scheduled by one policy picked by name ("credit", "rtds").
 * Each CPU also owns an idle unit, run when its policy has nothing.
 *
 * Unit states: BLOCKED (no work) -> wake -> RUNNABLE (queued by its
 * policy) -> picked -> RUNNING (current on unit->cpu) -> preempted back
 * to RUNNABLE, or block -> BLOCKED. A running unit that blocks stays
 * current until its CPU next calls sched_schedule().
 *
 * Locking: one lock per pool guards the pool, every unit in it (all the
 * fields below marked [P]), the per-CPU state of its CPUs and the
 * policy's state of that pool; every function here takes it itself and
 * calls the policy with it held. It is coarser than Xen's per-CPU
 * runqueue locks and makes stealing trivially safe.
 */

typedef uint64_t sched_cpumask_t;          /* bit c: CPU c */
#define SCHED_CPU(c)        ((sched_cpumask_t)1 << (c))
#define SCHED_ALL_CPUS      (~(sched_cpumask_t)0 >> (64 - SCHED_MAX_CPUS))
#define SCHED_NO_POOL       0xffffffffu
#define SCHED_NO_CPU        0xffffffffu
#define SCHED_FOREVER       UINT64_MAX     /* a slice with no end */

enum sched_state {
    SCHED_BLOCKED,
    SCHED_RUNNABLE,
    SCHED_RUNNING,
};

/* Credit priority classes, best first; the runqueue key's top byte. */
enum credit_prio {
    CREDIT_BOOST = 0,    /* woke with credit left: runs ahead */
    CREDIT_UNDER = 1,    /* has credit */
    CREDIT_OVER  = 2,    /* out of credit: runs only when nothing else can */
    CREDIT_IDLE  = 3,    /* the idle unit (never queued) */
};

/* The credit policy's per-unit state [P]. */
struct credit_unit {
    struct sched_heap_node node;  /* in the runqueue of unit->cpu when queued */
    uint32_t weight;              /* relative share, 1 .. CREDIT_MAX_WEIGHT */
    uint32_t cap;                 /* % of one CPU, 0 = uncapped */
    int64_t credit;               /* ns of CPU time it may still use */
    uint64_t used_ns;             /* ran since the last accounting */
    uint8_t prio;                 /* enum credit_prio */
    bool parked;                  /* over its cap until the next accounting */
    bool yielded;                 /* queue behind its peers once */
};

/* The RTDS policy's per-unit state [P]. */
struct rtds_unit {
    struct sched_heap_node node;  /* key = deadline; in runq or depleted queue */
    uint64_t period_ns;           /* server period */
    uint64_t budget_ns;           /* budget per period */
    uint64_t deadline_ns;         /* end of the current period */
    uint64_t remaining_ns;        /* budget left in the current period */
    uint64_t misses;              /* periods ended with budget left while runnable */
    bool depleted;                /* node is in the depleted queue, not runq */
};

struct sched_unit {
    uint32_t id;                  /* owner's name (domain << 16 | vcpu) */
    uint32_t pool;                /* [P] pool, or SCHED_NO_POOL */
    uint32_t slot;                /* [P] index in pool->units */
    uint32_t cpu;                 /* [P] CPU it runs / is queued / last ran on */
    enum sched_state state;       /* [P] */
    sched_cpumask_t affinity;     /* [P] hard affinity */
    uint64_t start_ns;            /* [P] when it last started running */
    uint64_t runtime_ns;          /* [P] total time run */
    bool is_idle;                 /* the idle unit of a CPU */
    union {
        struct credit_unit credit;
        struct rtds_unit rtds;
    } policy;                     /* [P] the pool's policy's state */
};

struct sched_decision {
    struct sched_unit *unit;      /* what runs next (never NULL from the core) */
    uint64_t slice_ns;            /* call sched_schedule() again after this */
};

struct sched_pool;

/*
 * A policy. Every hook runs with the pool lock held. Units handed to
 * wake/requeue are RUNNABLE and not queued; pick_next removes the unit
 * it returns from its queue (NULL: nothing for this CPU, run idle).
 */
struct sched_policy {
    const char *name;
    void (*init)(struct sched_pool *pool, uint64_t now);
    void (*insert)(struct sched_pool *pool, struct sched_unit *unit, uint64_t now);
    void (*remove)(struct sched_pool *pool, struct sched_unit *unit);
    void (*wake)(struct sched_pool *pool, struct sched_unit *unit, uint64_t now);
    void (*sleep)(struct sched_pool *pool, struct sched_unit *unit);
    void (*yield)(struct sched_pool *pool, struct sched_unit *unit);
    void (*requeue)(struct sched_pool *pool, struct sched_unit *unit, uint64_t now);
    void (*account)(struct sched_pool *pool, struct sched_unit *unit,
                    uint64_t ran_ns, uint64_t now);
    struct sched_decision (*pick_next)(struct sched_pool *pool, uint32_t cpu,
                                       uint64_t now);
};

struct sched_pool {
    spinlock_t lock;                          /* guards everything [P] */
    uint32_t id;                              /* index in the pool table */
    bool in_use;                              /* [P] */
    const struct sched_policy *policy;        /* [P] */
    sched_cpumask_t cpus;                     /* [P] CPUs of the pool */
    uint32_t nr_cpus;                         /* [P] */
    uint32_t nr_units;                        /* [P] */
    struct sched_unit *units[SCHED_MAX_UNITS]; /* [P] members, 0 .. nr_units-1 */
};

/* Per-CPU scheduler state, guarded by the lock of the CPU's pool. */
struct sched_pcpu {
    uint32_t pool;                /* SCHED_NO_POOL when the CPU is in none */
    struct sched_unit *current;   /* running unit (the idle unit when idle) */
    struct sched_unit idle;       /* this CPU's idle unit */
    bool resched;                 /* a policy asked this CPU to reschedule */
};

/* --- Setup -------------------------------------------------------------- */

/* Forget every pool and unit; each CPU runs its idle unit. */
void sched_init(void);

/* Create a pool of cpus run by the policy called name ("credit", "rtds").
 * EINVAL: unknown policy or bad mask; EBUSY: a CPU is in another pool;
 * ENOSPC: no free pool. */
status_t sched_pool_create(const char *name, sched_cpumask_t cpus,
                           uint64_t now, uint32_t *pool_out);

/* Destroy an empty pool, releasing its CPUs (EBUSY if it has units). */
status_t sched_pool_destroy(uint32_t pool);

/* The pool (for policies: valid while its lock is held), or NULL. */
struct sched_pool *sched_pool_get(uint32_t pool);

/* The policy table entry called name, or NULL. */
const struct sched_policy *sched_policy_find(const char *name);

/* --- Units ------------------------------------------------------------- */

/* Give u its initial, pool-less state. */
void sched_unit_init(struct sched_unit *u, uint32_t id);

/* Add the blocked unit u to pool with hard affinity (which must meet the
 * pool's CPUs). EINVAL / ENOSPC / EBUSY (already in a pool). */
status_t sched_unit_add(uint32_t pool, struct sched_unit *u,
                        sched_cpumask_t affinity, uint64_t now);

/* Take a blocked, descheduled unit out of its pool (EBUSY otherwise). */
status_t sched_unit_remove(struct sched_unit *u);

/* Change u's hard affinity; EINVAL if it would leave no CPU of the pool. */
status_t sched_set_affinity(struct sched_unit *u, sched_cpumask_t affinity,
                            uint64_t now);

/* u has work: BLOCKED -> RUNNABLE (queued; may tickle a CPU). */
void sched_wake(struct sched_unit *u, uint64_t now);

/* u has no more work: dequeued, or its CPU is asked to reschedule. */
void sched_block(struct sched_unit *u, uint64_t now);

/* The running u lets its peers go first; its CPU reschedules. */
void sched_yield(struct sched_unit *u, uint64_t now);

/* --- CPUs --------------------------------------------------------------- */

/* The scheduling decision of cpu at now: charges the unit that ran,
 * requeues it if still runnable, and picks what runs next. */
struct sched_decision sched_schedule(uint32_t cpu, uint64_t now);

/* The unit running on cpu (its idle unit when idle). */
struct sched_unit *sched_current(uint32_t cpu);

/* True if a policy asked cpu to reschedule since its last decision. */
bool sched_resched_pending(uint32_t cpu);

/* Ask cpu to reschedule (policies, with the pool lock held; the x86
 * layer will turn this into an IPI). */
void sched_tickle(uint32_t cpu);

/* The per-CPU state of cpu (for policies, under the pool lock). */
struct sched_pcpu *sched_pcpu(uint32_t cpu);

/* The pool cpu belongs to, or SCHED_NO_POOL. */
uint32_t sched_cpu_pool(uint32_t cpu);

/* True if u may run on cpu (hard affinity and pool membership). */
bool sched_unit_allowed(const struct sched_pool *pool,
                        const struct sched_unit *u, uint32_t cpu);

#endif /* STRATA_CORE_SCHED_SCHED_H */
